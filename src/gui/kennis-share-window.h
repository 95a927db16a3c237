/* kennis-share-window.h — who an entry is for, where that takes it, and what will be published
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-entry.h"
#include "kennis-sharing.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_SHARE_WINDOW (kennis_share_window_get_type ())

G_DECLARE_FINAL_TYPE (KennisShareWindow, kennis_share_window, KENNIS, SHARE_WINDOW, AdwWindow)

KennisShareWindow *kennis_share_window_new   (GtkWindow         *parent,
                                              KennisSharing     *sharing,
                                              KennisEntry       *entry,
                                              GListModel        *audiences);
gboolean           kennis_share_window_share (KennisShareWindow *self,
                                              GError           **error);

G_END_DECLS
