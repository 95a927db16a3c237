/* kennis-post.h — an entry rendered into what a target publishes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kennis-types.h"

G_BEGIN_DECLS

/* Everything a target, the site writer and the feed writers need, in plain
 * data: it is made on the main thread and handed to workers. */
typedef struct
{
  char       *id;             /* the entry's UUID; feeds derive stable ids from it */
  char       *title;          /* never empty: falls back to the URL or "Untitled" */
  char       *html;           /* safe HTML of the body (see kennis_markdown_to_html) */
  char       *text;           /* the body as plain text */
  char       *url;            /* a link entry's web address, or NULL */
  char       *slug;           /* the page's stable file name without ".html" */
  char       *language;       /* BCP 47, e.g. "nl"; never NULL, may be "" */
  GStrv       tags;
  GDateTime  *published;      /* when first shared (or created) */
  GDateTime  *updated;
} KennisPost;

/* A static site: where it is written, and what its pages and feeds say. */
typedef struct
{
  char *folder;               /* absolute path of the site's root folder */
  char *title;
  char *author;
  char *base_url;             /* e.g. "https://intranet.example/kennis/", or "" for relative links only */
  char *language;             /* the site's default language */
} KennisSiteConfig;

KennisPost       *kennis_post_new          (void);
KennisPost       *kennis_post_new_from_entry (KennisEntry          *entry,
                                            const char           *slug,
                                            GDateTime            *published);
char             *kennis_post_dup_hash     (const KennisPost       *self);
char             *kennis_post_to_json      (const KennisPost       *self);
KennisPost       *kennis_post_new_from_json (const char            *json,
                                            GError                **error);
KennisPost       *kennis_post_copy         (const KennisPost       *self);
void              kennis_post_free         (KennisPost             *self);

KennisSiteConfig *kennis_site_config_new   (void);
KennisSiteConfig *kennis_site_config_copy  (const KennisSiteConfig *self);
void              kennis_site_config_free  (KennisSiteConfig       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisPost, kennis_post_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisSiteConfig, kennis_site_config_free)

G_END_DECLS
