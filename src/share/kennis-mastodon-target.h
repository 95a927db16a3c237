/* kennis-mastodon-target.h — a Mastodon account, through the client API
 * and an access token
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-target.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_MASTODON_TARGET (kennis_mastodon_target_get_type ())

G_DECLARE_FINAL_TYPE (KennisMastodonTarget, kennis_mastodon_target, KENNIS, MASTODON_TARGET, KennisTarget)

KennisMastodonTarget *kennis_mastodon_target_new              (gint64                 id,
                                                               const char            *name,
                                                               const char            *config,
                                                               GError               **error);
char                 *kennis_mastodon_target_dup_secret_key   (KennisMastodonTarget  *self);
const char           *kennis_mastodon_target_get_account      (KennisMastodonTarget  *self);
char                 *kennis_mastodon_target_dup_status       (const KennisPost      *post,
                                                               guint                  max_characters);
guint                 kennis_mastodon_target_count_characters (const char            *status);

char                 *kennis_mastodon_target_build_config     (const char            *instance,
                                                               const char            *account,
                                                               const char            *visibility);

G_END_DECLS
