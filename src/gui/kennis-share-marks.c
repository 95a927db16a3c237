/* kennis-share-marks.c — which entries are shared, for marking them in the list
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-share-marks.h"
#include "kennis-store-sharing.h"

/* Rows ask this cheap set instead of the notebook; it is read again after
 * every change and tells the rows to redraw. */
struct _KennisShareMarks
{
  GObject      parent_instance;
  KennisStore *store;
  GHashTable  *shared;   /* gint64 num → itself */
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

  G_OBJECT_CLASS (kennis_share_marks_parent_class)->dispose (object);
}

static void
kennis_share_marks_finalize (GObject *object)
{
  KennisShareMarks *self = (KennisShareMarks *)object;

  g_clear_pointer (&self->shared, g_hash_table_unref);

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
}

KennisShareMarks *
kennis_share_marks_new (KennisStore *store)
{
  KennisShareMarks *self;

  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  self = g_object_new (KENNIS_TYPE_SHARE_MARKS, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (reload), self);
  reload (self);
  return self;
}

gboolean
kennis_share_marks_is_shared (KennisShareMarks *self,
                              gint64            num)
{
  g_return_val_if_fail (KENNIS_IS_SHARE_MARKS (self), FALSE);
  return g_hash_table_contains (self->shared, &num);
}
