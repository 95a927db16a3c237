/* kennis-metaweblog-target.h — a blog that speaks the MetaWeblog API over
 * XML-RPC (WordPress's xmlrpc.php, and many older blog engines)
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-target.h"

G_BEGIN_DECLS

/* One of the blogs an account has at an endpoint. */
typedef struct
{
  char *id;
  char *name;   /* as the blog calls itself; its id when it gives none */
} KennisMetaweblogBlog;

#define KENNIS_TYPE_METAWEBLOG_TARGET (kennis_metaweblog_target_get_type ())

G_DECLARE_FINAL_TYPE (KennisMetaweblogTarget, kennis_metaweblog_target, KENNIS, METAWEBLOG_TARGET, KennisTarget)

KennisMetaweblogTarget *kennis_metaweblog_target_new          (gint64                   id,
                                                               const char              *name,
                                                               const char              *config,
                                                               GError                 **error);
const char             *kennis_metaweblog_target_get_endpoint (KennisMetaweblogTarget  *self);
const char             *kennis_metaweblog_target_get_blog_id  (KennisMetaweblogTarget  *self);
GPtrArray              *kennis_metaweblog_target_get_blogs    (KennisMetaweblogTarget  *self);
char                   *kennis_metaweblog_target_build_config (const char              *site,
                                                               const char              *user,
                                                               const char              *blog_id,
                                                               gboolean                 tags_as_categories);

G_END_DECLS
