/* kennis-indie-auth-sign-in.h — signing in to an IndieWeb site through the
 * browser (IndieAuth), so that nobody has to make a Micropub token by hand
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a sign-in gives: keep the token in the keyring under the site's
 * address (kennis_indie_auth_sign_in_get_site()) and
 * KENNIS_MICROPUB_ACCOUNT. */
typedef struct
{
  char *access_token;
  char *me;             /* the profile address the token is for, as the site's server wrote it */
} KennisIndieAuthSignInResult;

#define KENNIS_TYPE_INDIE_AUTH_SIGN_IN (kennis_indie_auth_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (KennisIndieAuthSignIn, kennis_indie_auth_sign_in, KENNIS, INDIE_AUTH_SIGN_IN, GObject)

KennisIndieAuthSignIn       *kennis_indie_auth_sign_in_new           (const char             *site);
const char                  *kennis_indie_auth_sign_in_get_site      (KennisIndieAuthSignIn  *self);

void                         kennis_indie_auth_sign_in_start_async   (KennisIndieAuthSignIn  *self,
                                                                      GCancellable           *cancellable,
                                                                      GAsyncReadyCallback     callback,
                                                                      gpointer                user_data);
char                        *kennis_indie_auth_sign_in_start_finish  (KennisIndieAuthSignIn  *self,
                                                                      GAsyncResult           *result,
                                                                      GError                **error);
void                         kennis_indie_auth_sign_in_finish_async  (KennisIndieAuthSignIn  *self,
                                                                      GCancellable           *cancellable,
                                                                      GAsyncReadyCallback     callback,
                                                                      gpointer                user_data);
KennisIndieAuthSignInResult *kennis_indie_auth_sign_in_finish_finish (KennisIndieAuthSignIn  *self,
                                                                      GAsyncResult           *result,
                                                                      GError                **error);

void                         kennis_indie_auth_sign_in_result_free   (KennisIndieAuthSignInResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisIndieAuthSignInResult, kennis_indie_auth_sign_in_result_free)

G_END_DECLS
