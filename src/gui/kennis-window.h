/* kennis-window.h — the main window: sidebar, entry list and editor
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-share-marks.h"
#include "kennis-sharing.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_WINDOW (kennis_window_get_type ())

G_DECLARE_FINAL_TYPE (KennisWindow, kennis_window, KENNIS, WINDOW, AdwApplicationWindow)

typedef struct _KennisEditor KennisEditor;
typedef struct _KennisTransferBar KennisTransferBar;
typedef struct _KennisLinkFiller KennisLinkFiller;

KennisWindow *kennis_window_new                (GtkApplication *application,
                                                KennisStore    *store,
                                                KennisSharing  *sharing);
KennisStore  *kennis_window_get_store          (KennisWindow   *self);
KennisSharing *kennis_window_get_sharing       (KennisWindow   *self);
KennisShareMarks *kennis_window_get_share_marks (KennisWindow  *self);
KennisEntry  *kennis_window_get_current_entry  (KennisWindow   *self);
KennisEditor *kennis_window_get_editor         (KennisWindow   *self);
GListModel   *kennis_window_get_entries        (KennisWindow   *self);
GtkEditable  *kennis_window_get_search_entry   (KennisWindow   *self);
GtkWidget    *kennis_window_get_audience_button (KennisWindow  *self);
gboolean      kennis_window_save_now           (KennisWindow   *self);
void          kennis_window_show_entry         (KennisWindow   *self,
                                                KennisEntry    *entry);
const char   *kennis_window_get_notice         (KennisWindow   *self);
void          kennis_window_tell               (KennisWindow   *self,
                                                const char     *message);
KennisTransferBar *kennis_window_get_transfer_bar (KennisWindow *self);
KennisLinkFiller *kennis_window_get_link_filler (KennisWindow  *self);
void          kennis_window_capture_text       (KennisWindow   *self,
                                                const char     *text);
void          kennis_window_capture_note       (KennisWindow   *self,
                                                const char     *text);
void          kennis_window_capture_file       (KennisWindow   *self,
                                                GFile          *file);

G_END_DECLS
