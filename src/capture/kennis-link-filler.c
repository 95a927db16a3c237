/* kennis-link-filler.c — fills a new link's title and description from its
 * page, without overwriting what the user typed
 *
 * One fetch per entry at a time; a changed address cancels the fetch for
 * the old one. What the page gives goes only into fields that are still
 * empty when it arrives, so typing while the page loads always wins. The
 * entry is saved at once: the user may have moved on to another entry.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-link-filler.h"
#include "kennis-url.h"

struct _KennisLinkFiller
{
  GObject            parent_instance;

  KennisStore       *store;
  KennisLinkFetcher *fetcher;
  GHashTable        *jobs;    /* KennisEntry → Job */
};

typedef struct
{
  KennisEntry      *entry;
  char             *url;
  GCancellable     *cancellable;
  GError           *error;
  gboolean          busy;
} Job;

G_DEFINE_FINAL_TYPE (KennisLinkFiller, kennis_link_filler, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_cancellable_cancel (job->cancellable);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->entry);
  g_clear_error (&job->error);
  g_free (job->url);
  g_free (job);
}

/**
 * kennis_link_filler_wants:
 *
 * Whether @entry is a link with a web address and an empty title or body
 * whose page has not been asked for yet, or could not be read last time.
 */
gboolean
kennis_link_filler_wants (KennisLinkFiller *self,
                          KennisEntry      *entry)
{
  Job *job;

  g_return_val_if_fail (KENNIS_IS_LINK_FILLER (self), FALSE);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), FALSE);

  if (kennis_entry_get_kind (entry) != KENNIS_ENTRY_KIND_LINK ||
      kennis_entry_get_deleted (entry) ||
      !kennis_url_is_web (kennis_entry_get_url (entry)) ||
      (*kennis_entry_get_title (entry) != '\0' && *kennis_entry_get_body (entry) != '\0'))
    return FALSE;

  /* A failed fetch is tried again when asked: the page may answer now. */
  job = g_hash_table_lookup (self->jobs, entry);
  return job == NULL || g_strcmp0 (job->url, kennis_entry_get_url (entry)) != 0 ||
         (!job->busy && job->error != NULL);
}

static void
fill_entry (KennisLinkFiller     *self,
            KennisEntry          *entry,
            const KennisLinkInfo *info)
{
  g_autoptr(GError) error = NULL;
  const char *title = info->title != NULL ? info->title : info->site_name;

  if (kennis_entry_get_deleted (entry))
    return;
  if (*kennis_entry_get_title (entry) == '\0' && title != NULL)
    kennis_entry_set_title (entry, title);
  if (*kennis_entry_get_body (entry) == '\0' && info->description != NULL)
    kennis_entry_set_body (entry, info->description);

  /* A failed save is left to the window, which retries what it holds. */
  if (kennis_entry_get_dirty (entry) && !kennis_store_save_entry (self->store, entry, &error))
    g_debug ("Could not save the page's title: %s", error->message);
}

/* What a fetch remembers, so a late answer for a job that was replaced,
 * or for a filler that is gone, is dropped. */
typedef struct
{
  GWeakRef      filler;
  KennisEntry  *entry;
  GCancellable *cancellable;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_weak_ref_clear (&fetch->filler);
  g_clear_object (&fetch->entry);
  g_clear_object (&fetch->cancellable);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(Fetch) fetch = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = kennis_link_fetcher_fetch_finish (KENNIS_LINK_FETCHER (source),
                                                                     result, &error);
  g_autoptr(KennisLinkFiller) self = g_weak_ref_get (&fetch->filler);
  Job *job;

  if (self == NULL)
    return;
  job = g_hash_table_lookup (self->jobs, fetch->entry);
  if (job == NULL || job->cancellable != fetch->cancellable)
    return;

  /* The address changed while the page loaded: its answer is for another
   * page, and the new address gets a fetch of its own. */
  if (g_strcmp0 (job->url, kennis_entry_get_url (fetch->entry)) != 0)
    g_hash_table_remove (self->jobs, fetch->entry);
  else if (info != NULL)
    {
      fill_entry (self, fetch->entry, info);
      /* Done: the entry need not be kept alive for a job that is over. */
      g_hash_table_remove (self->jobs, fetch->entry);
    }
  else
    {
      job->busy = FALSE;
      job->error = g_steal_pointer (&error);
    }

  g_signal_emit (self, signals[CHANGED], 0, fetch->entry);
}

/**
 * kennis_link_filler_fill:
 *
 * Reads the page of @entry (a link) and puts its title and description
 * into the fields that are still empty. Asking again retries a failed
 * fetch, or fetches the page of a changed address.
 */
void
kennis_link_filler_fill (KennisLinkFiller *self,
                         KennisEntry      *entry)
{
  Fetch *fetch;
  Job *job;

  g_return_if_fail (KENNIS_IS_LINK_FILLER (self));
  g_return_if_fail (KENNIS_IS_ENTRY (entry));

  if (!kennis_url_is_web (kennis_entry_get_url (entry)))
    return;

  job = g_new0 (Job, 1);
  job->entry = g_object_ref (entry);
  job->url = g_strdup (kennis_entry_get_url (entry));
  job->cancellable = g_cancellable_new ();
  job->busy = TRUE;
  /* Replacing the entry's old job cancels its fetch. */
  g_hash_table_replace (self->jobs, entry, job);

  fetch = g_new0 (Fetch, 1);
  g_weak_ref_init (&fetch->filler, self);
  fetch->entry = g_object_ref (entry);
  fetch->cancellable = g_object_ref (job->cancellable);
  kennis_link_fetcher_fetch_async (self->fetcher, job->url, job->cancellable, fetch_done_cb, fetch);
  g_signal_emit (self, signals[CHANGED], 0, entry);
}

gboolean
kennis_link_filler_is_busy (KennisLinkFiller *self,
                            KennisEntry      *entry)
{
  Job *job;

  g_return_val_if_fail (KENNIS_IS_LINK_FILLER (self), FALSE);

  job = g_hash_table_lookup (self->jobs, entry);
  return job != NULL && job->busy;
}

/**
 * kennis_link_filler_get_error:
 *
 * Returns: (nullable): why the last fetch for @entry failed
 */
const GError *
kennis_link_filler_get_error (KennisLinkFiller *self,
                              KennisEntry      *entry)
{
  Job *job;

  g_return_val_if_fail (KENNIS_IS_LINK_FILLER (self), NULL);

  job = g_hash_table_lookup (self->jobs, entry);
  return job != NULL && !job->busy ? job->error : NULL;
}

KennisLinkFetcher *
kennis_link_filler_get_fetcher (KennisLinkFiller *self)
{
  g_return_val_if_fail (KENNIS_IS_LINK_FILLER (self), NULL);
  return self->fetcher;
}

static void
kennis_link_filler_dispose (GObject *object)
{
  KennisLinkFiller *self = (KennisLinkFiller *)object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kennis_link_filler_parent_class)->dispose (object);
}

static void
kennis_link_filler_class_init (KennisLinkFillerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_link_filler_dispose;

  /**
   * KennisLinkFiller::changed:
   * @entry: the entry whose fetch started, ended or failed
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, KENNIS_TYPE_ENTRY);
}

static void
kennis_link_filler_init (KennisLinkFiller *self)
{
  self->jobs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) job_free);
}

KennisLinkFiller *
kennis_link_filler_new (KennisStore *store)
{
  KennisLinkFiller *self;

  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  self = g_object_new (KENNIS_TYPE_LINK_FILLER, NULL);
  self->store = g_object_ref (store);
  self->fetcher = kennis_link_fetcher_new ();
  return self;
}
