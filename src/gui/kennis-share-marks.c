/* kennis-share-marks.c — which entries are shared, for marking them in the list
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-share-marks.h"
#include "kennis-store-sharing.h"

/* Rows ask this cheap set instead of the notebook. Only shared entries need
 * the full state (it renders the entry to compare hashes), and only while
 * their row is drawn, so it is cached until the next change. */
struct _KennisShareMarks
{
  GObject        parent_instance;
  KennisStore   *store;
  KennisSharing *sharing;
  GHashTable    *shared;   /* gint64 num → itself */
  GHashTable    *states;   /* gint64 num → KennisShareState */
};

G_DEFINE_FINAL_TYPE (KennisShareMarks, kennis_share_marks, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reload (KennisShareMarks *self)
{
  g_autoptr(GArray) nums = kennis_store_shared_entries (self->store, NULL);
  gboolean changed = nums == NULL || nums->len != g_hash_table_size (self->shared);

  /* An edit, a finished job or a failed one can change the state of an
   * entry that stays shared, so the rows redraw whenever any is shared. */
  g_hash_table_remove_all (self->states);
  if (g_hash_table_size (self->shared) > 0)
    changed = TRUE;

  for (guint i = 0; nums != NULL && i < nums->len && !changed; i++)
    changed = !g_hash_table_contains (self->shared, &g_array_index (nums, gint64, i));
  if (!changed)
    return;

  g_hash_table_remove_all (self->shared);
  for (guint i = 0; nums != NULL && i < nums->len; i++)
    {
      gint64 *num = g_memdup2 (&g_array_index (nums, gint64, i), sizeof (gint64));

      g_hash_table_add (self->shared, num);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kennis_share_marks_dispose (GObject *object)
{
  KennisShareMarks *self = (KennisShareMarks *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->sharing);

  G_OBJECT_CLASS (kennis_share_marks_parent_class)->dispose (object);
}

static void
kennis_share_marks_finalize (GObject *object)
{
  KennisShareMarks *self = (KennisShareMarks *)object;

  g_clear_pointer (&self->shared, g_hash_table_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);

  G_OBJECT_CLASS (kennis_share_marks_parent_class)->finalize (object);
}

static void
kennis_share_marks_class_init (KennisShareMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_share_marks_dispose;
  object_class->finalize = kennis_share_marks_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kennis_share_marks_init (KennisShareMarks *self)
{
  self->shared = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * kennis_share_marks_new:
 * @sharing: (nullable): tells shared entries that are current from changed ones
 */
KennisShareMarks *
kennis_share_marks_new (KennisStore   *store,
                        KennisSharing *sharing)
{
  KennisShareMarks *self;

  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  self = g_object_new (KENNIS_TYPE_SHARE_MARKS, NULL);
  self->store = g_object_ref (store);
  g_set_object (&self->sharing, sharing);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (reload), self);
  reload (self);
  return self;
}

KennisShareState
kennis_share_marks_get_state (KennisShareMarks *self,
                              KennisEntry      *entry)
{
  gint64 num = kennis_entry_get_num (entry);
  gpointer cached;
  KennisShareState state;

  g_return_val_if_fail (KENNIS_IS_SHARE_MARKS (self), KENNIS_SHARE_STATE_NOT_SHARED);

  if (!g_hash_table_contains (self->shared, &num))
    return KENNIS_SHARE_STATE_NOT_SHARED;
  if (self->sharing == NULL)
    return KENNIS_SHARE_STATE_SHARED;
  if (g_hash_table_lookup_extended (self->states, &num, NULL, &cached))
    return GPOINTER_TO_INT (cached);

  state = kennis_sharing_get_state (self->sharing, entry);
  g_hash_table_insert (self->states, g_memdup2 (&num, sizeof num), GINT_TO_POINTER (state));
  return state;
}
