/* kennis-http.c — what every place Kennis shares to does the same over
 * HTTP
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-http.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define MAX_TIMEOUT_SECONDS 600

/* KENNIS_HTTP_TIMEOUT gives a slow intranet server more time, or a test
 * less. */
static guint
timeout_seconds (void)
{
  const char *value = g_getenv ("KENNIS_HTTP_TIMEOUT");
  guint64 seconds = 0;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, MAX_TIMEOUT_SECONDS, &seconds, NULL))
    return (guint)seconds;
  return DEFAULT_TIMEOUT_SECONDS;
}

/**
 * kennis_http_session_new:
 *
 * A session for talking to blogs and servers: Kennis's user agent, and a
 * time limit on every request, after which a share is tried again later.
 * Certificates are checked as libsoup always does.
 *
 * Returns: (transfer full): the session
 */
SoupSession *
kennis_http_session_new (void)
{
  return soup_session_new_with_options ("user-agent", "Kennis/" PACKAGE_VERSION " ",
                                        "timeout", timeout_seconds (), NULL);
}
