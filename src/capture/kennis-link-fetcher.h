/* kennis-link-fetcher.h — fetches a web page's title and description for a link entry
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-link-info.h"

G_BEGIN_DECLS

#define KENNIS_LINK_FETCHER_ERROR (kennis_link_fetcher_error_quark ())

typedef enum
{
  KENNIS_LINK_FETCHER_ERROR_UNSUPPORTED,  /* not http/https, or a bad URL */
  KENNIS_LINK_FETCHER_ERROR_NOT_HTML,
  KENNIS_LINK_FETCHER_ERROR_HTTP,         /* a 4xx/5xx status, or another answer than 2xx */
  KENNIS_LINK_FETCHER_ERROR_REDIRECTS,
  KENNIS_LINK_FETCHER_ERROR_TIMEOUT,
} KennisLinkFetcherError;

#define KENNIS_LINK_FETCHER_MAX_BYTES     (1024 * 1024)  /* of the decoded body */
#define KENNIS_LINK_FETCHER_MAX_REDIRECTS 5
#define KENNIS_LINK_FETCHER_TIMEOUT       10             /* seconds for the whole fetch */

#define KENNIS_TYPE_LINK_FETCHER (kennis_link_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (KennisLinkFetcher, kennis_link_fetcher, KENNIS, LINK_FETCHER, GObject)

GQuark             kennis_link_fetcher_error_quark  (void);
KennisLinkFetcher *kennis_link_fetcher_new          (void);
void               kennis_link_fetcher_set_timeout  (KennisLinkFetcher    *self,
                                                     guint                 seconds);
void               kennis_link_fetcher_fetch_async  (KennisLinkFetcher    *self,
                                                     const char           *url,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
KennisLinkInfo    *kennis_link_fetcher_fetch_finish (KennisLinkFetcher    *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
