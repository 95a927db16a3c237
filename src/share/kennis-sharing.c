/* kennis-sharing.c — share an entry with one action: routing, the outbox, and its worker
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kennis-audience.h"
#include "kennis-post.h"
#include "kennis-sharing.h"
#include "kennis-slug.h"
#include "kennis-store-sharing.h"
#include "kennis-target.h"
#include "kennis-weak-ref.h"

/* A job that failed for a reason that may pass (a busy disk, a network)
 * waits this long, doubling with each attempt up to an hour. */
#define FIRST_RETRY_SECONDS 10
#define LAST_RETRY_SECONDS  3600
/* Postponed jobs are looked at again this often. */
#define POLL_SECONDS        5
/* A claim on a running job lasts this long and is renewed while the job
 * runs; a job whose program died halfway is due again after at most this. */
#define LEASE_SECONDS       120
#define RENEW_SECONDS       30

struct _KennisSharing
{
  GObject       parent_instance;

  KennisStore  *store;
  GCancellable *cancellable;
  guint         run_id;
  guint         poll_id;
  gboolean      busy;
  gint64        running_job;    /* the job this outbox has taken, or 0 */
  guint         renew_id;
  gboolean      stopped;
};

G_DEFINE_FINAL_TYPE (KennisSharing, kennis_sharing, G_TYPE_OBJECT)

enum {
  JOB_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Everything a running job needs, owned here so callbacks can finish it. */
typedef struct
{
  KennisSharing      *self;          /* a reference */
  KennisOutboxJob    *job;
  KennisTarget       *target;
  KennisEntry        *entry;
  KennisPost         *post;
  char               *remote_id;
  GStrv               old_tags;
  char               *path;
  char               *config;        /* the target's settings when the job began */
} Run;

static void run_next (KennisSharing *self);

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_pointer (&run->job, kennis_outbox_job_free);
  g_clear_object (&run->target);
  g_clear_object (&run->entry);
  g_clear_pointer (&run->post, kennis_post_free);
  g_free (run->remote_id);
  g_strfreev (run->old_tags);
  g_free (run->path);
  g_free (run->config);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static KennisShareInfo *
find_share (GPtrArray *shares,
            gint64     target_id)
{
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);

      if (share->target_id == target_id)
        return share;
    }

  return NULL;
}

static gboolean
is_live (KennisShareInfo *share)
{
  return share != NULL && share->shared != NULL && share->withdrawn == NULL;
}

static gboolean
run_idle_cb (gpointer data)
{
  KennisSharing *self = data;

  self->run_id = 0;
  run_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (KennisSharing *self)
{
  if (self->run_id == 0 && !self->busy && !self->stopped && self->store != NULL)
    self->run_id = g_idle_add (run_idle_cb, self);
}

static gboolean
poll_cb (gpointer data)
{
  KennisSharing *self = data;

  schedule (self);
  return G_SOURCE_CONTINUE;
}

/* Keeps the claim on the running job alive while it runs, however long
 * that takes, so that another program never takes it over midway. */
static gboolean
renew_claim_cb (gpointer data)
{
  KennisSharing *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) until = g_date_time_add_seconds (now, LEASE_SECONDS);
  g_autoptr(GError) error = NULL;

  if (self->running_job != 0 && !kennis_store_outbox_renew (self->store, self->running_job, until, &error))
    g_warning ("Could not keep the claim on a job in the outbox: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* The running job is nobody's any more: due for whoever runs the outbox
 * next, unless it was finished, postponed or failed meanwhile. */
static void
release_claim (KennisSharing *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->renew_id, g_source_remove);
  if (self->running_job != 0 && self->store != NULL &&
      !kennis_store_outbox_release (self->store, self->running_job, &error))
    g_warning ("Could not give back a job in the outbox: %s", error->message);
  self->running_job = 0;
}

static void
finish_run (Run          *run,
            const GError *error)
{
  KennisSharing *self = run->self;

  self->busy = FALSE;
  /* Finished, postponed or failed already; this only stops the renewal. */
  release_claim (self);
  /* A job cut short by kennis_sharing_stop() is not done; it is queued. */
  if (!self->stopped)
    g_signal_emit (self, signals[JOB_DONE], 0,
                   kennis_entry_get_id (run->entry),
                   kennis_target_get_name (run->target),
                   (int)run->job->action,
                   error ? error->message : NULL);
  schedule (self);
}

/* What the target found out on the way (an API's address, a blog) is kept
 * for the next job, unless its settings were changed meanwhile. */
static void
keep_discoveries (Run *run)
{
  g_autofree char *found = kennis_target_dup_config (run->target);
  g_autoptr(GError) error = NULL;

  if (found == NULL || g_strcmp0 (found, run->config) == 0)
    return;
  if (!kennis_store_replace_target_config (run->self->store, run->job->target_id, run->config, found, &error))
    g_warning ("Could not keep what %s found out: %s", kennis_target_get_name (run->target), error->message);
}

/* A temporary failure waits and tries again; anything else stops the job
 * until the user retries it, with the reason in the entry's trail. */
static void
handle_error (Run          *run,
              const GError *error)
{
  KennisStore *store = run->self->store;
  g_autoptr(GError) local_error = NULL;

  /* Stopped by kennis_sharing_stop(), which gave the job back. */
  if (run->self->stopped)
    return;

  if (g_error_matches (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY))
    {
      guint seconds = MIN (FIRST_RETRY_SECONDS << MIN (run->job->attempts, 10u), LAST_RETRY_SECONDS);
      guint asked = kennis_target_take_retry_after (run->target);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) later = NULL;

      /* A server's own Retry-After wins over the backoff. */
      if (asked > 0)
        seconds = MIN (asked, (guint)LAST_RETRY_SECONDS);
      later = g_date_time_add_seconds (now, seconds);

      kennis_store_outbox_postpone (store, run->job->id, error->message, later, &local_error);
    }
  else
    {
      kennis_store_outbox_fail (store, run->job->id, error->message, &local_error);
      kennis_store_record_failure (store, run->job->entry_num, run->job->target_id, error->message, NULL);
    }

  if (local_error != NULL)
    g_warning ("Could not update the outbox: %s", local_error->message);
}

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(KennisShareResult) published = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *snapshot = NULL;

  published = kennis_target_publish_finish (KENNIS_TARGET (object), result, &error);
  if (published == NULL)
    {
      handle_error (run, error);
      finish_run (run, error);
      return;
    }

  hash = kennis_post_dup_hash (run->post);
  snapshot = kennis_post_to_json (run->post);
  if (!kennis_store_record_shared (run->self->store, run->job->entry_num, run->job->target_id,
                                   published->remote_id, published->url, hash, snapshot, &error) ||
      !kennis_store_outbox_finish (run->self->store, run->job->id, &error))
    g_warning ("Shared, but could not note it in the notebook: %s", error->message);

  keep_discoveries (run);
  finish_run (run, NULL);
}

static void
withdrawn_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(GError) error = NULL;

  if (!kennis_target_withdraw_finish (KENNIS_TARGET (object), result, &error))
    {
      handle_error (run, error);
      finish_run (run, error);
      return;
    }

  if (!kennis_store_record_withdrawn (run->self->store, run->job->entry_num, run->job->target_id, &error) ||
      !kennis_store_outbox_finish (run->self->store, run->job->id, &error))
    g_warning ("Withdrawn, but could not note it in the notebook: %s", error->message);

  finish_run (run, NULL);
}

/* Site-like targets rewrite their index and feeds from what is shared
 * there; the snapshots are read and decoded on a worker thread. */
static void
site_posts_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GPtrArray) snapshots = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_post_free);
  GError *error = NULL;
  gboolean placed = run->job->action == KENNIS_OUTBOX_UNSHARE;

  snapshots = kennis_store_read_snapshots (run->path, run->job->target_id, run->job->entry_num, &error);
  if (snapshots == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < snapshots->len; i++)
    {
      KennisPost *post = kennis_post_new_from_json (g_ptr_array_index (snapshots, i), NULL);

      if (post == NULL)
        continue;
      /* Newest first, by when each was first shared. */
      if (!placed && g_date_time_compare (run->post->published, post->published) >= 0)
        {
          g_ptr_array_add (posts, kennis_post_copy (run->post));
          placed = TRUE;
        }
      g_ptr_array_add (posts, post);
    }
  if (!placed)
    g_ptr_array_add (posts, kennis_post_copy (run->post));

  g_task_return_pointer (task, g_steal_pointer (&posts), (GDestroyNotify)g_ptr_array_unref);
}

static gboolean
is_for_public (KennisStore *store,
               KennisEntry *entry)
{
  g_autoptr(KennisAudience) public = kennis_store_find_audience (store, KENNIS_AUDIENCE_PUBLIC, NULL);

  return public != NULL && kennis_entry_has_audience (entry, kennis_audience_get_id (public));
}

static void
dispatch (Run       *run,
          GPtrArray *site_posts)
{
  KennisShareRequest *request = kennis_share_request_new ();
  KennisTarget *target = run->target;

  request->post = kennis_post_copy (run->post);
  request->remote_id = g_strdup (run->remote_id);
  request->old_tags = g_strdupv (run->old_tags);
  request->site_posts = site_posts ? g_ptr_array_ref (site_posts) : NULL;
  request->for_public = is_for_public (run->self->store, run->entry);

  if (run->job->action == KENNIS_OUTBOX_UNSHARE)
    kennis_target_withdraw_async (target, request, run->self->cancellable, withdrawn_cb, run);
  else
    kennis_target_publish_async (target, request, run->self->cancellable, published_cb, run);
}

static void
site_posts_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;

  posts = g_task_propagate_pointer (G_TASK (result), &error);
  if (posts == NULL)
    {
      handle_error (run, error);
      finish_run (run, error);
      run_free (run);
      return;
    }

  dispatch (run, posts);
}

/* What was published before, to know the old tags and, for an unshare,
 * what to take down. */
static KennisPost *
previous_post (KennisShareInfo *share)
{
  if (share == NULL || share->snapshot == NULL)
    return NULL;

  return kennis_post_new_from_json (share->snapshot, NULL);
}

static Run *
prepare_run (KennisSharing    *self,
             KennisOutboxJob  *job,
             GError          **error)
{
  g_autoptr(Run) run = g_new0 (Run, 1);
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(KennisPost) before = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *slug = NULL;
  KennisShareInfo *share;

  run->self = g_object_ref (self);
  run->job = job;
  run->path = g_strdup (kennis_store_get_path (self->store));

  info = kennis_store_get_target (self->store, job->target_id, error);
  if (info != NULL)
    run->config = g_strdup (info->config);
  if (info == NULL || (run->target = kennis_target_new_from_info (info, error)) == NULL ||
      (run->entry = kennis_store_get_entry_by_num (self->store, job->entry_num, error)) == NULL)
    {
      kennis_store_outbox_fail (self->store, job->id, (*error)->message, NULL);
      return NULL;
    }

  shares = kennis_store_list_shares (self->store, job->entry_num, error);
  if (shares == NULL)
    return NULL;
  share = find_share (shares, job->target_id);
  run->remote_id = share ? g_strdup (share->remote_id) : NULL;
  before = previous_post (share);
  if (before != NULL)
    run->old_tags = g_strdupv (before->tags);

  if (job->action == KENNIS_OUTBOX_UNSHARE)
    {
      /* Take down what was published, even if the entry changed since. */
      if (before == NULL)
        before = kennis_post_new_from_entry (run->entry, share && share->slug ? share->slug : "entry", NULL);
      run->post = g_steal_pointer (&before);
      return g_steal_pointer (&run);
    }

  wanted = kennis_slug_from_title (kennis_entry_get_title (run->entry));
  slug = kennis_store_claim_slug (self->store, job->entry_num, job->target_id, wanted, error);
  if (slug == NULL)
    return NULL;
  run->post = kennis_post_new_from_entry (run->entry, slug, is_live (share) ? share->shared : NULL);
  return g_steal_pointer (&run);
}

static void
run_next (KennisSharing *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) lease_end = NULL;
  g_autoptr(GError) error = NULL;
  KennisOutboxJob *job;
  Run *run;

  if (self->busy || self->store == NULL)
    return;

  job = kennis_store_outbox_next (self->store, now, &error);
  if (job == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read the outbox: %s", error->message);
      return;
    }
  lease_end = g_date_time_add_seconds (now, LEASE_SECONDS);
  if (!kennis_store_outbox_take (self->store, job->id, now, lease_end, &error))
    {
      /* Another program on this notebook runs it; the next poll looks
       * again. */
      if (error != NULL)
        g_warning ("Could not claim a job in the outbox: %s", error->message);
      kennis_outbox_job_free (job);
      return;
    }

  self->busy = TRUE;
  self->running_job = job->id;
  self->renew_id = g_timeout_add_seconds (RENEW_SECONDS, renew_claim_cb, self);
  run = prepare_run (self, job, &error);
  if (run == NULL)
    {
      /* The entry or the target is gone, or the target's settings cannot
       * be used (the job failed), or the notebook could not be read (the
       * job waits for the next try). prepare_run() freed the job. */
      release_claim (self);
      self->busy = FALSE;
      g_signal_emit (self, signals[JOB_DONE], 0, NULL, NULL, -1, error->message);
      schedule (self);
      return;
    }

  if (kennis_target_is_site (run->target))
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, site_posts_cb, run);

      g_task_set_task_data (task, run, NULL);
      g_task_run_in_thread (task, site_posts_thread);
    }
  else
    dispatch (run, NULL);
}

/**
 * kennis_sharing_stop:
 *
 * Stops working off the outbox, for a program that quits: the job under
 * way is cut short and due again at once, at the next start or in another
 * program on the same notebook. (Whether its request reached the server
 * is not known; each target checks for that before it creates again.)
 */
void
kennis_sharing_stop (KennisSharing *self)
{
  g_return_if_fail (KENNIS_IS_SHARING (self));

  release_claim (self);
  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->run_id, g_source_remove);
}

static void
kennis_sharing_dispose (GObject *object)
{
  KennisSharing *self = (KennisSharing *)object;

  kennis_sharing_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kennis_sharing_parent_class)->dispose (object);
}

static void
kennis_sharing_class_init (KennisSharingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_sharing_dispose;

  /**
   * KennisSharing::job-done:
   * @entry_id: (nullable): the entry
   * @target_name: (nullable): where it went
   * @action: a #KennisOutboxAction
   * @error_message: (nullable): why it failed, in words a user can act on
   *
   * Emitted when a queued share, update or unshare was carried out or
   * failed.
   */
  signals[JOB_DONE] =
    g_signal_new ("job-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);
}

static void
kennis_sharing_init (KennisSharing *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * kennis_sharing_new:
 *
 * Returns: (transfer full): the sharing service for @store; it starts on
 *   jobs left in the outbox at once
 */
/* Shares that failed while offline wait up to an hour between tries; when
 * the network comes back they go out at once. */
static void
network_changed_cb (KennisSharing *self,
                    gboolean       available)
{
  g_autoptr(GError) error = NULL;

  if (!available)
    return;
  if (!kennis_store_outbox_wake (self->store, &error))
    g_warning ("Could not wake the outbox: %s", error->message);
  schedule (self);
}

KennisSharing *
kennis_sharing_new (KennisStore *store)
{
  KennisSharing *self;

  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  self = g_object_new (KENNIS_TYPE_SHARING, NULL);
  self->store = g_object_ref (store);
  self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  schedule (self);
  return self;
}

KennisStore *
kennis_sharing_get_store (KennisSharing *self)
{
  g_return_val_if_fail (KENNIS_IS_SHARING (self), NULL);
  return self->store;
}

/**
 * kennis_sharing_share:
 *
 * Queues the entry for every target its audiences route to (a first share
 * or an update), and its withdrawal from targets it no longer routes to.
 * A private entry is withdrawn everywhere.
 *
 * Returns: how many jobs were queued, or 0 with @error set
 */
guint
kennis_sharing_share (KennisSharing  *self,
                      KennisEntry    *entry,
                      GError        **error)
{
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  const gint64 *audiences;
  guint n_audiences;
  gint64 num;
  guint queued = 0;

  g_return_val_if_fail (KENNIS_IS_SHARING (self), 0);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), 0);

  num = kennis_entry_get_num (entry);
  if (num == 0 || (kennis_entry_get_dirty (entry) && !kennis_store_save_entry (self->store, entry, error)))
    {
      if (num == 0)
        g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                     _("Only a saved entry can be shared."));
      return 0;
    }

  audiences = kennis_entry_get_audiences (entry, &n_audiences);
  targets = kennis_store_route_audiences (self->store, audiences, n_audiences, error);
  shares = kennis_store_list_shares (self->store, num, error);
  if (targets == NULL || shares == NULL)
    return 0;

  for (guint i = 0; i < targets->len; i++)
    {
      gint64 target_id = g_array_index (targets, gint64, i);
      KennisOutboxAction action = is_live (find_share (shares, target_id)) ? KENNIS_OUTBOX_UPDATE
                                                                           : KENNIS_OUTBOX_SHARE;

      if (kennis_store_outbox_add (self->store, num, target_id, action, error) == 0)
        return 0;
      queued++;
    }

  /* Narrowing is retracting. */
  for (guint i = 0; i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);
      gboolean routed = FALSE;

      for (guint j = 0; j < targets->len && !routed; j++)
        routed = g_array_index (targets, gint64, j) == share->target_id;
      if (!routed && is_live (share))
        {
          if (kennis_store_outbox_add (self->store, num, share->target_id, KENNIS_OUTBOX_UNSHARE, error) == 0)
            return 0;
          queued++;
        }
    }

  if (queued == 0 && kennis_entry_is_private (entry))
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   _("This entry is for “Only me”. Choose who it is for before sharing it."));
      return 0;
    }
  if (queued == 0)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   _("None of this entry’s audiences leads anywhere yet. Choose where they go in Preferences."));
      return 0;
    }

  schedule (self);
  return queued;
}

/**
 * kennis_sharing_unshare:
 * @target_id: one target, or 0 for every target the entry is shared to
 *
 * Returns: how many withdrawals were queued
 */
guint
kennis_sharing_unshare (KennisSharing  *self,
                        KennisEntry    *entry,
                        gint64          target_id,
                        GError        **error)
{
  g_autoptr(GPtrArray) shares = NULL;
  guint queued = 0;

  g_return_val_if_fail (KENNIS_IS_SHARING (self), 0);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), 0);

  shares = kennis_store_list_shares (self->store, kennis_entry_get_num (entry), error);
  if (shares == NULL)
    return 0;

  for (guint i = 0; i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);

      if ((target_id == 0 || share->target_id == target_id) && is_live (share))
        {
          if (kennis_store_outbox_add (self->store, kennis_entry_get_num (entry), share->target_id,
                                       KENNIS_OUTBOX_UNSHARE, error) == 0)
            return 0;
          queued++;
        }
    }

  if (queued == 0)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                   _("This entry is not shared there."));
      return 0;
    }

  schedule (self);
  return queued;
}

/**
 * kennis_sharing_get_state:
 *
 * Returns: whether the entry is shared, and whether its copies are current
 */
KennisShareState
kennis_sharing_get_state (KennisSharing *self,
                          KennisEntry   *entry)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(KennisPost) now = NULL;
  g_autofree char *hash = NULL;
  gboolean any = FALSE;
  gboolean changed = FALSE;
  gint64 num;

  g_return_val_if_fail (KENNIS_IS_SHARING (self), KENNIS_SHARE_STATE_NOT_SHARED);

  num = kennis_entry_get_num (entry);
  jobs = kennis_store_outbox_list (self->store, NULL);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      KennisOutboxJob *job = g_ptr_array_index (jobs, i);

      if (job->entry_num == num)
        return job->failed ? KENNIS_SHARE_STATE_FAILED : KENNIS_SHARE_STATE_PENDING;
    }

  shares = kennis_store_list_shares (self->store, num, NULL);
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);

      if (!is_live (share))
        continue;
      any = TRUE;
      if (now == NULL)
        {
          now = kennis_post_new_from_entry (entry, share->slug ? share->slug : "entry", share->shared);
          hash = kennis_post_dup_hash (now);
        }
      changed |= g_strcmp0 (hash, share->content_hash) != 0;
    }

  if (!any)
    return KENNIS_SHARE_STATE_NOT_SHARED;
  return changed ? KENNIS_SHARE_STATE_CHANGED : KENNIS_SHARE_STATE_SHARED;
}

/**
 * kennis_sharing_run:
 *
 * Looks at the outbox now, e.g. after another program queued a job.
 */
void
kennis_sharing_run (KennisSharing *self)
{
  g_return_if_fail (KENNIS_IS_SHARING (self));
  schedule (self);
}

/**
 * kennis_sharing_is_busy:
 *
 * Returns: %TRUE while a job is being carried out
 */
gboolean
kennis_sharing_is_busy (KennisSharing *self)
{
  g_return_val_if_fail (KENNIS_IS_SHARING (self), FALSE);
  return self->busy || self->run_id != 0;
}
