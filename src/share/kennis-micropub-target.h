/* kennis-micropub-target.h — an IndieWeb site, through Micropub and a token
 * the site gave the user
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-target.h"

G_BEGIN_DECLS

/* The keyring keeps the token under the site's address and this account. */
#define KENNIS_MICROPUB_ACCOUNT "micropub"

/* The addresses a site's home page names with rel="…". */
typedef enum
{
  KENNIS_MICROPUB_REL_MICROPUB,
  KENNIS_MICROPUB_REL_AUTHORIZATION_ENDPOINT,
  KENNIS_MICROPUB_REL_TOKEN_ENDPOINT,
  KENNIS_MICROPUB_REL_INDIEAUTH_METADATA,
} KennisMicropubRel;

#define KENNIS_TYPE_MICROPUB_TARGET (kennis_micropub_target_get_type ())

G_DECLARE_FINAL_TYPE (KennisMicropubTarget, kennis_micropub_target, KENNIS, MICROPUB_TARGET, KennisTarget)

KennisMicropubTarget *kennis_micropub_target_new            (gint64                 id,
                                                             const char            *name,
                                                             const char            *config,
                                                             GError               **error);
char                 *kennis_micropub_target_dup_secret_key (KennisMicropubTarget  *self);
const char           *kennis_micropub_target_get_endpoint   (KennisMicropubTarget  *self,
                                                             KennisMicropubRel      rel);

char                 *kennis_micropub_target_build_config   (const char            *site,
                                                             gboolean               draft);

G_END_DECLS
