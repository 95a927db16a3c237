/* kennis-target-dialog.h — adds a WordPress site, a Mastodon account or a
 * Micropub site as a place to share to, after checking that it takes the
 * password or token
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_TARGET_DIALOG (kennis_target_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KennisTargetDialog, kennis_target_dialog, KENNIS, TARGET_DIALOG, AdwWindow)

KennisTargetDialog *kennis_target_dialog_new         (GtkWindow          *parent,
                                                      KennisStore        *store,
                                                      const char         *kind);
void                kennis_target_dialog_fill        (KennisTargetDialog *self,
                                                      const char         *address,
                                                      const char         *user,
                                                      const char         *secret);
void                kennis_target_dialog_fill_code   (KennisTargetDialog *self,
                                                      const char         *code);
void                kennis_target_dialog_sign_in     (KennisTargetDialog *self);
void                kennis_target_dialog_add         (KennisTargetDialog *self);
const char         *kennis_target_dialog_get_message (KennisTargetDialog *self);

G_END_DECLS
