/* kennis-mock-sign-in.h — a server on 127.0.0.1 that signs people in as
 * Mastodon and as a Micropub site's IndieAuth server do, and a MetaWeblog
 * endpoint where the account has two blogs, for the tests of the window
 * and of kennis-cli
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a sign-in page hands out, and what it is traded for. */
#define KENNIS_MOCK_SIGN_IN_CODE "code-van-de-server"
#define KENNIS_MOCK_SIGN_IN_TOKEN "token-van-anna"
#define KENNIS_MOCK_SIGN_IN_ACCOUNT "anna"
#define KENNIS_MOCK_SIGN_IN_PASSWORD "goed wachtwoord"

typedef struct _KennisMockSignIn KennisMockSignIn;

KennisMockSignIn *kennis_mock_sign_in_new              (void);
void              kennis_mock_sign_in_free             (KennisMockSignIn *self);
const char       *kennis_mock_sign_in_get_address      (KennisMockSignIn *self);
const char       *kennis_mock_sign_in_get_redirect_uri (KennisMockSignIn *self);
char             *kennis_mock_sign_in_browse           (const char       *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisMockSignIn, kennis_mock_sign_in_free)

G_END_DECLS
