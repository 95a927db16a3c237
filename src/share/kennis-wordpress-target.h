/* kennis-wordpress-target.h — a WordPress site, through its REST API and an
 * Application Password
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-target.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_WORDPRESS_TARGET (kennis_wordpress_target_get_type ())

G_DECLARE_FINAL_TYPE (KennisWordPressTarget, kennis_wordpress_target, KENNIS, WORDPRESS_TARGET, KennisTarget)

KennisWordPressTarget *kennis_wordpress_target_new               (gint64                  id,
                                                                  const char             *name,
                                                                  const char             *config,
                                                                  GError                **error);
char                  *kennis_wordpress_target_dup_secret_key    (KennisWordPressTarget  *self);
const char            *kennis_wordpress_target_get_user          (KennisWordPressTarget  *self);
char                  *kennis_wordpress_target_dup_marker        (const char             *entry_id);
char                  *kennis_wordpress_target_build_config      (const char             *site,
                                                                  const char             *user,
                                                                  gboolean                draft);

G_END_DECLS
