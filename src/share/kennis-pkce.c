/* kennis-pkce.c — PKCE (RFC 7636) and random state for signing in through
 * the browser
 *
 * A sign-in keeps a random code verifier and sends only its SHA-256 along
 * with the sign-in page's address; the code that comes back is worth
 * nothing without the verifier itself. The state is a random word that
 * goes out with the sign-in page's address and must come back with the
 * code, so that an answer from another sign-in is not taken.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-pkce.h"

#define VERIFIER_LENGTH 64
#define STATE_LENGTH    32

/* RFC 7636's "unreserved" characters, which a code verifier is made of;
 * they need no escaping in an address either. */
static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/* GLib has no cryptographic random source. A GRand of its own is seeded
 * from the system's (/dev/urandom, or rand_s on Windows), and unlike the
 * global g_random_*() its output is seen nowhere else, so nobody can work
 * out its state from other numbers it gave. */
static char *
dup_random_text (guint length)
{
  g_autoptr(GRand) rand = g_rand_new ();
  char *text = g_new (char, length + 1);

  for (guint i = 0; i < length; i++)
    text[i] = unreserved[g_rand_int_range (rand, 0, sizeof unreserved - 1)];
  text[length] = '\0';
  return text;
}

/**
 * kennis_pkce_dup_verifier:
 *
 * Returns: (transfer full): a new code verifier, 64 unreserved characters
 */
char *
kennis_pkce_dup_verifier (void)
{
  return dup_random_text (VERIFIER_LENGTH);
}

/**
 * kennis_pkce_dup_challenge:
 *
 * BASE64URL (SHA-256 (@verifier)) without padding: PKCE's "S256".
 *
 * Returns: (transfer full): the code challenge for @verifier
 */
char *
kennis_pkce_dup_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char *challenge;
  char *padding;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *)verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  challenge = g_base64_encode (digest, length);
  g_strdelimit (challenge, "+", '-');
  g_strdelimit (challenge, "/", '_');
  if ((padding = strchr (challenge, '=')) != NULL)
    *padding = '\0';
  return challenge;
}

/**
 * kennis_pkce_dup_state:
 *
 * Returns: (transfer full): a new random state, 32 unreserved characters
 */
char *
kennis_pkce_dup_state (void)
{
  return dup_random_text (STATE_LENGTH);
}
