/* kennis-folder-target.h — a folder that holds a small static blog with feeds
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-target.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_FOLDER_TARGET (kennis_folder_target_get_type ())

G_DECLARE_FINAL_TYPE (KennisFolderTarget, kennis_folder_target, KENNIS, FOLDER_TARGET, KennisTarget)

KennisFolderTarget     *kennis_folder_target_new       (gint64              id,
                                                        const char         *name,
                                                        const char         *config,
                                                        GError            **error);
const KennisSiteConfig *kennis_folder_target_get_site  (KennisFolderTarget *self);
char                   *kennis_folder_target_config_to_json (const KennisSiteConfig *site);

G_END_DECLS
