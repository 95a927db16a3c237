/* kennis-search.h — turning what a user types into a safe FTS5 query
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kennis_search_build_match (const char *text);

G_END_DECLS
