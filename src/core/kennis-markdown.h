/* kennis-markdown.h — Markdown to safe HTML and to plain text
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *kennis_markdown_to_html      (const char *markdown);
char     *kennis_markdown_to_text      (const char *markdown);

gboolean  kennis_markdown_url_is_safe  (const char *url);

G_END_DECLS
