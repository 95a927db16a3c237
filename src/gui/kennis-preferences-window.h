/* kennis-preferences-window.h — defaults for new entries, the user's audiences, and where shares go
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-store.h"
#include "kennis-target-dialog.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_PREFERENCES_WINDOW (kennis_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KennisPreferencesWindow, kennis_preferences_window, KENNIS, PREFERENCES_WINDOW, AdwPreferencesWindow)

KennisPreferencesWindow *kennis_preferences_window_new        (GtkWindow               *parent,
                                                               KennisStore             *store);
void                     kennis_preferences_window_show_audiences (KennisPreferencesWindow *self);
gboolean                 kennis_preferences_window_add_audience   (KennisPreferencesWindow *self,
                                                                   const char              *name);

void                     kennis_preferences_window_show_sharing       (KennisPreferencesWindow *self);
gint64                   kennis_preferences_window_add_folder_target  (KennisPreferencesWindow *self);
KennisTargetDialog      *kennis_preferences_window_add_network_target (KennisPreferencesWindow *self,
                                                                       const char              *kind);
gboolean                 kennis_preferences_window_rename_target      (KennisPreferencesWindow *self,
                                                                       gint64                   id,
                                                                       const char              *name);
gboolean                 kennis_preferences_window_set_target_setting (KennisPreferencesWindow *self,
                                                                       gint64                   id,
                                                                       const char              *key,
                                                                       const char              *value);
gboolean                 kennis_preferences_window_route_target       (KennisPreferencesWindow *self,
                                                                       gint64                   target_id,
                                                                       gint64                   audience_id,
                                                                       gboolean                 routed);
gboolean                 kennis_preferences_window_remove_target      (KennisPreferencesWindow *self,
                                                                       gint64                   id);
const char              *kennis_preferences_window_get_target_status  (KennisPreferencesWindow *self,
                                                                       gint64                   id);

G_END_DECLS
