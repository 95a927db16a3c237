/* kennis-link-info.h — what a web page says about itself: title, description, site
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KENNIS_TYPE_LINK_INFO (kennis_link_info_get_type ())

/* Plain data, safe to hand between threads. Every text is valid UTF-8 with
 * its whitespace collapsed, or NULL. */
typedef struct
{
  char *title;          /* NULL when the page gives none */
  char *description;
  char *site_name;      /* og:site_name only; the caller may show the host */
  char *canonical_url;  /* absolute http(s) URL, or NULL */
  char *url;            /* the URL finally fetched, after redirects */
} KennisLinkInfo;

GType           kennis_link_info_get_type   (void) G_GNUC_CONST;
KennisLinkInfo *kennis_link_info_copy       (const KennisLinkInfo *info);
void            kennis_link_info_free       (KennisLinkInfo       *info);
KennisLinkInfo *kennis_link_info_parse_html (const char           *data,
                                             gsize                 length,
                                             const char           *charset,
                                             const char           *base_url);

char           *kennis_link_info_decode_html (const char           *data,
                                             gsize                 length,
                                             const char           *charset,
                                             const char           *fallback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisLinkInfo, kennis_link_info_free)

G_END_DECLS
