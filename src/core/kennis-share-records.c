/* kennis-share-records.c — targets, shares, the trail and outbox jobs as plain data
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-share-records.h"

void
kennis_target_info_free (KennisTargetInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->kind);
  g_free (self->name);
  g_free (self->config);
  g_clear_pointer (&self->audiences, g_array_unref);
  g_free (self);
}

void
kennis_share_info_free (KennisShareInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->target_name);
  g_free (self->target_kind);
  g_free (self->slug);
  g_free (self->remote_id);
  g_free (self->url);
  g_free (self->content_hash);
  g_free (self->snapshot);
  g_clear_pointer (&self->shared, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->withdrawn, g_date_time_unref);
  g_free (self);
}

void
kennis_share_event_free (KennisShareEvent *self)
{
  if (self == NULL)
    return;

  g_free (self->target_name);
  g_free (self->action);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->detail);
  g_free (self);
}

void
kennis_outbox_job_free (KennisOutboxJob *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->next_attempt, g_date_time_unref);
  g_free (self->last_error);
  g_free (self);
}

static const char * const action_names[] = { "share", "update", "unshare" };

const char *
kennis_outbox_action_to_string (KennisOutboxAction action)
{
  g_return_val_if_fail (action <= KENNIS_OUTBOX_UNSHARE, NULL);
  return action_names[action];
}

gboolean
kennis_outbox_action_from_string (const char         *text,
                                  KennisOutboxAction *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (g_strcmp0 (text, action_names[i]) == 0)
      {
        *action = i;
        return TRUE;
      }

  return FALSE;
}
