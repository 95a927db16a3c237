/* kennis-bookmarks-format.h — the Netscape bookmark file that browsers and
 * bookmarking services import and export
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-record.h"

G_BEGIN_DECLS

GBytes          *kennis_bookmarks_format_write (KennisRecordSet  *set);
KennisRecordSet *kennis_bookmarks_format_read  (GBytes           *data,
                                                const char       *display_name,
                                                GError          **error);

G_END_DECLS
