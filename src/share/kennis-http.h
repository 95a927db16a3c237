/* kennis-http.h — what every place Kennis shares to does the same over
 * HTTP
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *kennis_http_session_new (void);

G_END_DECLS
