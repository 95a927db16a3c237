/* kennis-store-safety.c — daily backups, restoring one, and the full check of the file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kennis-store-private.h"


/**
 * kennis_store_dup_backup_dir:
 *
 * Returns: (transfer full): the folder of daily backups
 */
char *
kennis_store_dup_backup_dir (KennisStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  dir = g_path_get_dirname (kennis_store_get_path (self));
  return g_build_filename (dir, "backups", NULL);
}

static char *
backup_dir_for (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_build_filename (dir, "backups", NULL);
}

static gint
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* Backups are named kennis-YYYY-MM-DD.db, so name order is date order. */
static GPtrArray *
list_backups (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, "kennis-") && g_str_has_suffix (name, ".db"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));

  g_ptr_array_sort (names, compare_names_desc);
  return g_steal_pointer (&names);
}

static char *
write_backup (const char  *path,
              GError     **error)
{
  g_autofree char *dir = backup_dir_for (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "kennis-%Y-%m-%d.db");
  g_autofree char *target = g_build_filename (dir, day, NULL);
  g_autofree char *partial = g_strconcat (target, ".partial", NULL);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the backup folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  g_remove (partial);
  source = _kennis_store_open_reader (path, error);
  if (source == NULL)
    return NULL;
  rc = sqlite3_open_v2 (partial, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA cache_size = -256", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);

      /* The copy inherits WAL mode from its source; a backup should be one
       * self-contained file that leaves no -wal or -shm beside it when
       * someone opens it to look. */
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }

  if (rc != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, dest ? dest : source, _("Making a backup"));
      sqlite3_close (source);
      sqlite3_close (dest);
      g_remove (partial);
      return NULL;
    }
  sqlite3_close (source);
  sqlite3_close (dest);

  /* Only a complete copy takes the place of today's backup. */
  from = g_file_new_for_path (partial);
  to = g_file_new_for_path (target);
  if (!g_file_move (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return NULL;

  backups = list_backups (dir);
  for (guint i = KENNIS_STORE_BACKUPS_KEPT; i < backups->len; i++)
    g_remove (g_ptr_array_index (backups, i));

  return g_steal_pointer (&target);
}

/**
 * kennis_store_backup:
 *
 * Writes today's backup with SQLite's backup API and keeps the last
 * %KENNIS_STORE_BACKUPS_KEPT days.
 *
 * Returns: (transfer full): the path of the backup
 */
char *
kennis_store_backup (KennisStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  return write_backup (kennis_store_get_path (self), error);
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *target = write_backup (task_data, &error);

  if (target == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, target, g_free);
}

void
kennis_store_backup_async (KennisStore         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KENNIS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_store_backup_async);
  g_task_set_task_data (task, g_strdup (kennis_store_get_path (self)), g_free);
  g_task_run_in_thread (task, backup_thread);
}

char *
kennis_store_backup_finish (KennisStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kennis_store_find_last_backup:
 * @path: where the notebook lives (or lived)
 *
 * Returns: (transfer full) (nullable): the newest backup, if any
 */
char *
kennis_store_find_last_backup (const char *path)
{
  g_autofree char *dir = backup_dir_for (path);
  g_autoptr(GPtrArray) backups = list_backups (dir);

  if (backups->len == 0)
    return NULL;

  return g_strdup (g_ptr_array_index (backups, 0));
}

/**
 * kennis_store_restore_backup:
 * @path: where the notebook should be; must not exist (set it aside first)
 * @backup_path: a backup made by kennis_store_backup()
 */
gboolean
kennis_store_restore_backup (const char  *path,
                             const char  *backup_path,
                             GError     **error)
{
  g_autoptr(GFile) from = g_file_new_for_path (backup_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);

  g_return_val_if_fail (path != NULL && backup_path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS,
                   _("“%s” is still there; it must be set aside before a backup takes its place."),
                   path);
      return FALSE;
    }

  return g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  sqlite3 *db = NULL;

  db = _kennis_store_open_reader (path, &error);
  if (db != NULL)
    _kennis_store_quick_check (db, path, &error);
  sqlite3_close (db);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * kennis_store_check_async:
 *
 * Runs SQLite's quick_check over the whole notebook on a worker thread.
 * kennis_store_open() does this itself only for small notebooks, since it
 * reads every page; call this once the window shows.
 */
void
kennis_store_check_async (KennisStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KENNIS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_store_check_async);
  g_task_set_task_data (task, g_strdup (kennis_store_get_path (self)), g_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * kennis_store_check_finish:
 *
 * Returns: %TRUE when the notebook is sound; %FALSE with
 *   %KENNIS_STORE_ERROR_CORRUPT when it is damaged
 */
gboolean
kennis_store_check_finish (KennisStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
