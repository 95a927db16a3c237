/* kennis-transfer-bar.h — import and export with progress, under the list
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-store.h"
#include "kennis-transfer.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_TRANSFER_BAR (kennis_transfer_bar_get_type ())

G_DECLARE_FINAL_TYPE (KennisTransferBar, kennis_transfer_bar, KENNIS, TRANSFER_BAR, GtkWidget)

void      kennis_transfer_bar_set_store      (KennisTransferBar    *self,
                                              KennisStore          *store);
gboolean  kennis_transfer_bar_get_busy       (KennisTransferBar    *self);
void      kennis_transfer_bar_choose_import  (KennisTransferBar    *self,
                                              gboolean              folder);
void      kennis_transfer_bar_choose_export  (KennisTransferBar    *self,
                                              KennisTransferFormat  format);
void      kennis_transfer_bar_import         (KennisTransferBar    *self,
                                              GFile                *file,
                                              KennisTransferFormat  format);
void      kennis_transfer_bar_export         (KennisTransferBar    *self,
                                              GFile                *file,
                                              KennisTransferFormat  format);
void      kennis_transfer_bar_cancel         (KennisTransferBar    *self);

G_END_DECLS
