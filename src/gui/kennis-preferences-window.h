/* kennis-preferences-window.h — defaults for new entries, and the user's audiences
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_PREFERENCES_WINDOW (kennis_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KennisPreferencesWindow, kennis_preferences_window, KENNIS, PREFERENCES_WINDOW, AdwPreferencesWindow)

KennisPreferencesWindow *kennis_preferences_window_new        (GtkWindow               *parent,
                                                               KennisStore             *store);
void                     kennis_preferences_window_show_audiences (KennisPreferencesWindow *self);
gboolean                 kennis_preferences_window_add_audience   (KennisPreferencesWindow *self,
                                                                   const char              *name);

G_END_DECLS
