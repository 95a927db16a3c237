/* kennis-share-records.h — targets, shares, the trail and outbox jobs as plain data
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A configured destination. Its settings are JSON that the target kind
 * reads; secrets are never part of it. */
typedef struct
{
  gint64  id;
  char   *kind;        /* "folder" */
  char   *name;
  char   *config;      /* JSON object */
  GArray *audiences;   /* gint64 ids of the audiences routed here */
} KennisTargetInfo;

/* What went where, per entry and target. */
typedef struct
{
  gint64     target_id;
  char      *target_name;
  char      *target_kind;
  char      *slug;
  char      *remote_id;
  char      *url;
  char      *content_hash;
  char      *snapshot;    /* what was sent, as the sharing code serialized it */
  GDateTime *shared;      /* first time, or NULL when never shared */
  GDateTime *updated;     /* last time the copy was written */
  GDateTime *withdrawn;   /* NULL while the copy is up */
} KennisShareInfo;

/* One line of an entry's visible trail. */
typedef struct
{
  char      *target_name;
  char      *action;      /* "shared", "updated", "withdrawn", "failed" */
  GDateTime *at;
  char      *detail;
} KennisShareEvent;

typedef enum
{
  KENNIS_OUTBOX_SHARE,
  KENNIS_OUTBOX_UPDATE,
  KENNIS_OUTBOX_UNSHARE,
} KennisOutboxAction;

/* Work written down before it is done, so it survives a restart. */
typedef struct
{
  gint64              id;
  gint64              entry_num;
  gint64              target_id;
  KennisOutboxAction  action;
  gboolean            failed;      /* stopped for good until the user retries */
  guint               attempts;
  GDateTime          *next_attempt;
  char               *last_error;
  gboolean            running;       /* a program is sending it right now */
} KennisOutboxJob;

void        kennis_target_info_free   (KennisTargetInfo *self);
void        kennis_share_info_free    (KennisShareInfo  *self);
void        kennis_share_event_free   (KennisShareEvent *self);
void        kennis_outbox_job_free    (KennisOutboxJob  *self);

const char *kennis_outbox_action_to_string   (KennisOutboxAction  action);
gboolean    kennis_outbox_action_from_string (const char         *text,
                                              KennisOutboxAction *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisTargetInfo, kennis_target_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisShareInfo, kennis_share_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisShareEvent, kennis_share_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisOutboxJob, kennis_outbox_job_free)

G_END_DECLS
