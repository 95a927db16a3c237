/* kennis-pkce.h — PKCE (RFC 7636) and random state for signing in through
 * the browser
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kennis_pkce_dup_verifier  (void);
char *kennis_pkce_dup_challenge (const char *verifier);
char *kennis_pkce_dup_state     (void);

G_END_DECLS
