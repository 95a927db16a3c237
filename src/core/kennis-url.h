/* kennis-url.h — web addresses compared the way people mean them
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  kennis_url_is_web   (const char *url);
gboolean  kennis_uri_is_web   (GUri       *uri);
char     *kennis_url_dup_key  (const char *url);

G_END_DECLS
