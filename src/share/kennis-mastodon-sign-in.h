/* kennis-mastodon-sign-in.h — signing in to a Mastodon server through the
 * browser, so that nobody has to make an access token by hand
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a sign-in gives: keep the token in the keyring under the server's
 * address (kennis_mastodon_sign_in_get_instance()) and @acct. */
typedef struct
{
  char *access_token;
  char *acct;           /* the account's handle on its server, e.g. "anna" */
} KennisMastodonSignInResult;

#define KENNIS_TYPE_MASTODON_SIGN_IN (kennis_mastodon_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (KennisMastodonSignIn, kennis_mastodon_sign_in, KENNIS, MASTODON_SIGN_IN, GObject)

KennisMastodonSignIn       *kennis_mastodon_sign_in_new          (const char            *instance);
const char                 *kennis_mastodon_sign_in_get_instance (KennisMastodonSignIn  *self);

void                        kennis_mastodon_sign_in_start_async  (KennisMastodonSignIn  *self,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
char                       *kennis_mastodon_sign_in_start_finish (KennisMastodonSignIn  *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);
void                        kennis_mastodon_sign_in_finish_async (KennisMastodonSignIn  *self,
                                                                  const char            *code,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
KennisMastodonSignInResult *kennis_mastodon_sign_in_finish_finish (KennisMastodonSignIn *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

void                        kennis_mastodon_sign_in_result_free  (KennisMastodonSignInResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisMastodonSignInResult, kennis_mastodon_sign_in_result_free)

G_END_DECLS
