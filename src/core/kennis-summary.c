/* kennis-summary.c — counts for the sidebar, read off the main thread
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "kennis-audience.h"
#include "kennis-store.h"
#include "kennis-store-private.h"
#include "kennis-summary.h"
#include "kennis-tag.h"

/* Counting tags over 100,000 entries takes longer than a frame, so the
 * worker reads plain rows on its own connection; objects are made on the
 * thread that asked. */
typedef struct
{
  gint64  id;
  char   *key;
  char   *name;
  guint   count;
} Row;

typedef struct
{
  guint   n_all;
  guint   n_notes;
  guint   n_links;
  guint   n_private;
  GArray *audiences;
  GArray *tags;
} Counts;

G_DEFINE_BOXED_TYPE (KennisSummary, kennis_summary, kennis_summary_copy, kennis_summary_free)

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->key);
  g_free (row->name);
}

static void
counts_free (Counts *counts)
{
  g_clear_pointer (&counts->audiences, g_array_unref);
  g_clear_pointer (&counts->tags, g_array_unref);
  g_free (counts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counts, counts_free)

static gboolean
read_rows (sqlite3     *db,
           const char  *sql,
           GArray      *rows,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Counting"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *)sqlite3_column_text (stmt, 2)),
        sqlite3_column_int (stmt, 3),
      };
      g_array_append_val (rows, row);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, db, _("Counting"));
      return FALSE;
    }

  return TRUE;
}

static Counts *
read_counts (const char  *path,
             GError     **error)
{
  g_autoptr(Counts) counts = g_new0 (Counts, 1);
  g_autoptr(GArray) kinds = g_array_new (FALSE, TRUE, sizeof (Row));
  sqlite3 *db = NULL;
  gboolean ok;

  counts->audiences = g_array_new (FALSE, TRUE, sizeof (Row));
  counts->tags = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (kinds, row_clear);
  g_array_set_clear_func (counts->audiences, row_clear);
  g_array_set_clear_func (counts->tags, row_clear);

  db = _kennis_store_open_reader (path, error);
  if (db == NULL)
    return NULL;

  /* One snapshot, so the totals agree with the audience and tag counts. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  ok = read_rows (db,
                  "SELECT 0, kind, NULL, count(*) FROM entries WHERE deleted_at IS NULL GROUP BY kind"
                  " UNION ALL "
                  "SELECT 0, 'private', NULL, count(*) FROM entries e WHERE e.deleted_at IS NULL"
                  " AND NOT EXISTS (SELECT 1 FROM entry_audiences ea WHERE ea.entry_num = e.num)",
                  kinds, error) &&
       read_rows (db,
                  "SELECT a.id, a.key, a.name,"
                  " (SELECT count(*) FROM entry_audiences ea JOIN entries e ON e.num = ea.entry_num"
                  "  WHERE ea.audience_id = a.id AND e.deleted_at IS NULL)"
                  " FROM audiences a ORDER BY a.position, a.id",
                  counts->audiences, error) &&
       read_rows (db,
                  "SELECT t.id, NULL, t.name, count(*) FROM tags t"
                  " JOIN entry_tags et ON et.tag_id = t.id"
                  " JOIN entries e ON e.num = et.entry_num AND e.deleted_at IS NULL"
                  " GROUP BY t.id ORDER BY t.key",
                  counts->tags, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  if (!ok)
    return NULL;

  for (guint i = 0; i < kinds->len; i++)
    {
      Row *row = &g_array_index (kinds, Row, i);

      if (g_strcmp0 (row->key, "note") == 0)
        counts->n_notes = row->count;
      else if (g_strcmp0 (row->key, "link") == 0)
        counts->n_links = row->count;
      else if (g_strcmp0 (row->key, "private") == 0)
        counts->n_private = row->count;
    }
  counts->n_all = counts->n_notes + counts->n_links;

  return g_steal_pointer (&counts);
}

static KennisSummary *
summary_from_counts (Counts *counts)
{
  KennisSummary *self = g_new0 (KennisSummary, 1);
  GListStore *audiences = g_list_store_new (KENNIS_TYPE_AUDIENCE);
  GListStore *tags = g_list_store_new (KENNIS_TYPE_TAG);

  self->n_all = counts->n_all;
  self->n_notes = counts->n_notes;
  self->n_links = counts->n_links;
  self->n_private = counts->n_private;

  for (guint i = 0; i < counts->audiences->len; i++)
    {
      Row *row = &g_array_index (counts->audiences, Row, i);
      g_autoptr(KennisAudience) audience = kennis_audience_new (row->id, row->key, row->name, row->count);

      g_list_store_append (audiences, audience);
    }

  for (guint i = 0; i < counts->tags->len; i++)
    {
      Row *row = &g_array_index (counts->tags, Row, i);
      g_autoptr(KennisTag) tag = kennis_tag_new (row->name, row->count);

      g_list_store_append (tags, tag);
    }

  self->audiences = G_LIST_MODEL (audiences);
  self->tags = G_LIST_MODEL (tags);
  return self;
}

KennisSummary *
kennis_summary_copy (const KennisSummary *self)
{
  KennisSummary *copy = g_memdup2 (self, sizeof *self);

  g_object_ref (copy->audiences);
  g_object_ref (copy->tags);
  return copy;
}

void
kennis_summary_free (KennisSummary *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->audiences);
  g_clear_object (&self->tags);
  g_free (self);
}

/**
 * kennis_summary_read:
 * @path: a notebook file
 *
 * Returns: (transfer full): how many entries there are of each kind, for
 *   each audience and each tag
 */
KennisSummary *
kennis_summary_read (const char  *path,
                     GError     **error)
{
  g_autoptr(Counts) counts = read_counts (path, error);

  return counts ? summary_from_counts (counts) : NULL;
}

static void
summary_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  Counts *counts = read_counts (task_data, &error);

  if (counts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, counts, (GDestroyNotify)counts_free);
}

void
kennis_summary_read_async (KennisStore         *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KENNIS_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_summary_read_async);
  g_task_set_task_data (task, g_strdup (kennis_store_get_path (store)), g_free);
  g_task_run_in_thread (task, summary_thread);
}

/**
 * kennis_summary_read_finish:
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
KennisSummary *
kennis_summary_read_finish (KennisStore   *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(Counts) counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  counts = g_task_propagate_pointer (G_TASK (result), error);
  return counts ? summary_from_counts (counts) : NULL;
}
