/* kennis-wordpress-dialog.h — adds a WordPress site as a place to share to,
 * after checking that it takes the Application Password
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_WORDPRESS_DIALOG (kennis_wordpress_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KennisWordPressDialog, kennis_wordpress_dialog, KENNIS, WORDPRESS_DIALOG, AdwWindow)

KennisWordPressDialog *kennis_wordpress_dialog_new         (GtkWindow             *parent,
                                                            KennisStore           *store);
void                   kennis_wordpress_dialog_fill        (KennisWordPressDialog *self,
                                                            const char            *site,
                                                            const char            *user,
                                                            const char            *password);
void                   kennis_wordpress_dialog_add         (KennisWordPressDialog *self);
const char            *kennis_wordpress_dialog_get_message (KennisWordPressDialog *self);

G_END_DECLS
