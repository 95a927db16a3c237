/* kennis-transfer.c — importing files into the notebook and exporting it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kennis-bookmarks-format.h"
#include "kennis-json-format.h"
#include "kennis-markdown-folder.h"
#include "kennis-transfer.h"
#include "kennis-url.h"

gboolean
kennis_transfer_format_from_string (const char           *name,
                                    KennisTransferFormat *format)
{
  static const struct {
    const char           *name;
    KennisTransferFormat  format;
  } formats[] = {
    { "json", KENNIS_TRANSFER_FORMAT_JSON },
    { "bookmarks", KENNIS_TRANSFER_FORMAT_BOOKMARKS },
    { "html", KENNIS_TRANSFER_FORMAT_BOOKMARKS },
    { "markdown", KENNIS_TRANSFER_FORMAT_MARKDOWN },
    { "md", KENNIS_TRANSFER_FORMAT_MARKDOWN },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

/* What a file holds, from its first bytes: a folder is Markdown, JSON
 * starts with '{', anything with HTML markup is taken for bookmarks. */
static KennisTransferFormat
guess_format (GBytes *data)
{
  gsize length = 0;
  const char *text = g_bytes_get_data (data, &length);
  gsize i = 0;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (text[i]))
    i++;

  if (i < length && text[i] == '{')
    return KENNIS_TRANSFER_FORMAT_JSON;
  if (i < length && text[i] == '<')
    return KENNIS_TRANSFER_FORMAT_BOOKMARKS;
  return KENNIS_TRANSFER_FORMAT_AUTO;
}

static gboolean
is_folder (GFile        *file,
           GCancellable *cancellable)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY;
}

/**
 * kennis_transfer_read:
 * @format: what @file holds, or %KENNIS_TRANSFER_FORMAT_AUTO
 *
 * Returns: (transfer full): the entries in @file, or %NULL with an error
 *   that names the file
 */
KennisRecordSet *
kennis_transfer_read (GFile                 *file,
                      KennisTransferFormat   format,
                      GCancellable          *cancellable,
                      GError               **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *display_name = g_file_get_parse_name (file);

  if (format == KENNIS_TRANSFER_FORMAT_MARKDOWN ||
      (format == KENNIS_TRANSFER_FORMAT_AUTO && is_folder (file, cancellable)))
    return kennis_markdown_folder_read (file, cancellable, error);

  data = g_file_load_bytes (file, cancellable, NULL, error);
  if (data == NULL)
    return NULL;

  if (format == KENNIS_TRANSFER_FORMAT_AUTO)
    format = guess_format (data);

  switch (format)
    {
    case KENNIS_TRANSFER_FORMAT_JSON:
      return kennis_json_format_read (data, display_name, error);
    case KENNIS_TRANSFER_FORMAT_BOOKMARKS:
      return kennis_bookmarks_format_read (data, display_name, error);
    case KENNIS_TRANSFER_FORMAT_AUTO:
    case KENNIS_TRANSFER_FORMAT_MARKDOWN:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Kennis cannot import “%s”: it is not a Kennis export, a bookmark file "
                     "or a folder of Markdown files."), display_name);
      return NULL;
    }
}

static guint
count_links (KennisRecordSet *set)
{
  guint n = 0;

  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);

      n += kennis_url_is_web (record->url);
    }
  return n;
}

/**
 * kennis_transfer_write:
 * @format: not %KENNIS_TRANSFER_FORMAT_AUTO
 * @n_written: (out) (optional): how many entries the file holds (a
 *   bookmark file holds only the links)
 *
 * Writes @set to @file; a JSON or bookmark file replaces @file at once,
 * never leaving half of one, and Markdown goes into the folder @file.
 */
gboolean
kennis_transfer_write (KennisRecordSet       *set,
                       GFile                 *file,
                       KennisTransferFormat   format,
                       GCancellable          *cancellable,
                       guint                 *n_written,
                       GError               **error)
{
  g_autoptr(GBytes) data = NULL;
  guint n = set->entries->len;

  g_return_val_if_fail (format != KENNIS_TRANSFER_FORMAT_AUTO, FALSE);

  if (format == KENNIS_TRANSFER_FORMAT_MARKDOWN)
    {
      if (!kennis_markdown_folder_write (set, file, cancellable, error))
        return FALSE;
    }
  else
    {
      if (format == KENNIS_TRANSFER_FORMAT_JSON)
        data = kennis_json_format_write (set);
      else
        {
          data = kennis_bookmarks_format_write (set);
          n = count_links (set);
        }

      if (!g_file_replace_contents (file, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                    NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                    cancellable, error))
        return FALSE;
    }

  if (n_written != NULL)
    *n_written = n;
  return TRUE;
}

/**
 * kennis_transfer_import:
 *
 * Reads @file and adds its entries to the notebook in one transaction.
 * Safe to call from any thread; @progress is called on that thread.
 */
gboolean
kennis_transfer_import (KennisStore              *store,
                        GFile                    *file,
                        KennisTransferFormat      format,
                        KennisStoreProgressFunc   progress,
                        gpointer                  progress_data,
                        GCancellable             *cancellable,
                        KennisImportCounts       *counts,
                        GError                  **error)
{
  g_autoptr(KennisRecordSet) set = kennis_transfer_read (file, format, cancellable, error);

  return set != NULL &&
         kennis_store_import_records (store, set, progress, progress_data, cancellable, counts, error);
}

/**
 * kennis_transfer_export:
 * @n_exported: (out) (optional): how many entries were written
 *
 * Writes every live entry of the notebook to @file. Safe to call from any
 * thread.
 */
gboolean
kennis_transfer_export (KennisStore           *store,
                        GFile                 *file,
                        KennisTransferFormat   format,
                        GCancellable          *cancellable,
                        guint                 *n_exported,
                        GError               **error)
{
  g_autoptr(KennisRecordSet) set = kennis_store_read_records (store, cancellable, error);

  return set != NULL && kennis_transfer_write (set, file, format, cancellable, n_exported, error);
}

/* --- On a worker thread ------------------------------------------------- */

typedef struct
{
  KennisStore             *store;
  GFile                   *file;
  KennisTransferFormat     format;
  KennisStoreProgressFunc  progress;
  gpointer                 progress_data;
  GMainContext            *context;
  KennisImportCounts       counts;
  guint                    n_exported;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->file);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

static Job *
job_new (KennisStore          *store,
         GFile                *file,
         KennisTransferFormat  format)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (store);
  job->file = g_object_ref (file);
  job->format = format;
  job->context = g_main_context_ref_thread_default ();
  return job;
}

typedef struct
{
  Job   *job;
  GTask *task;
  guint  done;
  guint  total;
} Progress;

static gboolean
progress_in_caller_cb (gpointer data)
{
  Progress *progress = data;

  if (!g_task_had_error (progress->task) && !g_cancellable_is_cancelled (g_task_get_cancellable (progress->task)))
    progress->job->progress (progress->done, progress->total, progress->job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->task);
  g_free (progress);
}

/* Hands progress from the worker to the thread that started the import. */
static void
worker_progress_cb (guint    done,
                    guint    total,
                    gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  Progress *progress = g_new0 (Progress, 1);

  progress->job = job;
  progress->task = g_object_ref (task);
  progress->done = done;
  progress->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_in_caller_cb, progress,
                              (GDestroyNotify) progress_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (kennis_transfer_import (job->store, job->file, job->format,
                              job->progress != NULL ? worker_progress_cb : NULL, task,
                              cancellable, &job->counts, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * kennis_transfer_import_async:
 * @progress: (nullable): called on the caller's thread as records are added
 *
 * Like kennis_transfer_import() on a worker thread, so the window stays
 * responsive; a cancelled import leaves the notebook as it was.
 */
void
kennis_transfer_import_async (KennisStore              *store,
                              GFile                    *file,
                              KennisTransferFormat      format,
                              KennisStoreProgressFunc   progress,
                              gpointer                  progress_data,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  Job *job = job_new (store, file, format);

  job->progress = progress;
  job->progress_data = progress_data;
  g_task_set_source_tag (task, kennis_transfer_import_async);
  /* Only the worker knows whether the transaction was committed before a
   * late Cancel: it says "cancelled" itself, or nothing. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import_thread);
}

/* The finished job, or NULL with @error when it failed. */
static Job *
finish_job (GAsyncResult  *result,
            GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

gboolean
kennis_transfer_import_finish (KennisStore         *store,
                               GAsyncResult        *result,
                               KennisImportCounts  *counts,
                               GError             **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  job = finish_job (result, error);
  if (job != NULL && counts != NULL)
    *counts = job->counts;
  return job != NULL;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (kennis_transfer_export (job->store, job->file, job->format, cancellable, &job->n_exported, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kennis_transfer_export_async (KennisStore          *store,
                              GFile                *file,
                              KennisTransferFormat  format,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_transfer_export_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job_new (store, file, format), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
kennis_transfer_export_finish (KennisStore   *store,
                               GAsyncResult  *result,
                               guint         *n_exported,
                               GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  job = finish_job (result, error);
  if (job != NULL && n_exported != NULL)
    *n_exported = job->n_exported;
  return job != NULL;
}
