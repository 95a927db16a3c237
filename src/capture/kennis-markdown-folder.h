/* kennis-markdown-folder.h — a folder of Markdown files, as Obsidian, Zim
 * and static site generators keep them
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-record.h"

G_BEGIN_DECLS

KennisRecordSet *kennis_markdown_folder_read  (GFile            *folder,
                                               GCancellable     *cancellable,
                                               GError          **error);
KennisRecord    *kennis_markdown_folder_read_note (const char       *name,
                                                   GBytes           *contents,
                                                   KennisRecordSet  *set,
                                                   GError          **error);
gboolean         kennis_markdown_folder_write (KennisRecordSet  *set,
                                               GFile            *folder,
                                               GCancellable     *cancellable,
                                               GError          **error);

G_END_DECLS
