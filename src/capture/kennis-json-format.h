/* kennis-json-format.h — Kennis's own export: every entry, every field
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-record.h"

G_BEGIN_DECLS

#define KENNIS_JSON_FORMAT_VERSION 1

GBytes          *kennis_json_format_write (KennisRecordSet  *set);
KennisRecordSet *kennis_json_format_read  (GBytes           *data,
                                           const char       *display_name,
                                           GError          **error);

G_END_DECLS
