/* kennis-store-records.c — the whole notebook in and out, for importers
 * and exporters
 *
 * Both functions work through a connection of their own, so they can run
 * on a worker thread while the window keeps its connection; the window
 * sees an import through PRAGMA data_version like any other writer's.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kennis-audience.h"
#include "kennis-store-private.h"
#include "kennis-store-records.h"
#include "kennis-tag.h"
#include "kennis-url.h"

#define PROGRESS_EVERY 500
#define INDEX_BATCH    5000

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert_entry;
  sqlite3_stmt *insert_tag;
  sqlite3_stmt *find_tag;
  sqlite3_stmt *insert_entry_tag;
  sqlite3_stmt *insert_entry_audience;
  sqlite3_stmt *find_id;
  sqlite3_stmt *find_url;
  GHashTable   *tag_ids;       /* tag key → id */
  GHashTable   *audience_ids;  /* name in the set → id */
  GHashTable   *contents;      /* title and body of notes without an address */
  GHashTable   *url_keys;      /* addresses imported so far */
  gint64        now;
} Import;

static void
import_clear (Import *import)
{
  sqlite3_finalize (import->insert_entry);
  sqlite3_finalize (import->insert_tag);
  sqlite3_finalize (import->find_tag);
  sqlite3_finalize (import->insert_entry_tag);
  sqlite3_finalize (import->insert_entry_audience);
  sqlite3_finalize (import->find_id);
  sqlite3_finalize (import->find_url);
  g_clear_pointer (&import->tag_ids, g_hash_table_unref);
  g_clear_pointer (&import->audience_ids, g_hash_table_unref);
  g_clear_pointer (&import->contents, g_hash_table_unref);
  g_clear_pointer (&import->url_keys, g_hash_table_unref);
  sqlite3_close (import->db);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           pos,
           const char   *text)
{
  sqlite3_bind_text (stmt, pos, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);

  return text != NULL ? text : "";
}

static gboolean
step_done (Import        *import,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
  return FALSE;
}

static gboolean
prepare_all (Import  *import,
             GError **error)
{
  static const struct {
    gsize       offset;
    const char *sql;
  } statements[] = {
    { G_STRUCT_OFFSET (Import, insert_entry),
      "INSERT INTO entries (id, kind, title, body, url, language, tag_text, created_at, updated_at, url_key)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" },
    { G_STRUCT_OFFSET (Import, insert_tag),
      "INSERT INTO tags (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING" },
    { G_STRUCT_OFFSET (Import, find_tag), "SELECT id FROM tags WHERE key = ?1" },
    { G_STRUCT_OFFSET (Import, insert_entry_tag),
      "INSERT OR IGNORE INTO entry_tags (entry_num, tag_id, position) VALUES (?1, ?2, ?3)" },
    { G_STRUCT_OFFSET (Import, insert_entry_audience),
      "INSERT OR IGNORE INTO entry_audiences (entry_num, audience_id) VALUES (?1, ?2)" },
    { G_STRUCT_OFFSET (Import, find_id), "SELECT 1 FROM entries WHERE id = ?1" },
    { G_STRUCT_OFFSET (Import, find_url),
      "SELECT 1 FROM entries WHERE url_key = ?1 AND deleted_at IS NULL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt **stmt = G_STRUCT_MEMBER_P (import, statements[i].offset);

      if (sqlite3_prepare_v2 (import->db, statements[i].sql, -1, stmt, NULL) != SQLITE_OK)
        {
          _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
          return FALSE;
        }
    }
  return TRUE;
}

/* A digest rather than the text: at 100,000 notes the texts themselves
 * would take 100 MB. */
static char *
dup_content_key (const char *title,
                 const char *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);

  g_checksum_update (checksum, (const guchar *)title, -1);
  g_checksum_update (checksum, (const guchar *)"\x1f", 1);
  g_checksum_update (checksum, (const guchar *)body, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Each record's address key, or NULL for a record without a web address. */
static GPtrArray *
dup_url_keys (KennisRecordSet *set,
              gboolean        *any_note)
{
  GPtrArray *keys = g_ptr_array_new_full (set->entries->len, g_free);

  *any_note = FALSE;
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);
      char *key = kennis_url_dup_key (record->url);

      *any_note |= key == NULL;
      g_ptr_array_add (keys, key);
    }
  return keys;
}

/* Notes are duplicates by their text; only read it when the import has
 * notes at all (a bookmark file has none). */
static gboolean
load_contents (Import  *import,
               GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (import->db,
                          "SELECT title, body FROM entries WHERE deleted_at IS NULL AND url_key IS NULL",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (import->contents, dup_content_key (column_text (stmt, 0), column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
      return FALSE;
    }
  return TRUE;
}

static gint64
find_audience (Import     *import,
               const char *key,
               const char *name,
               GError    **error)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  if (sqlite3_prepare_v2 (import->db, "SELECT id, key, name FROM audiences", -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
      return -1;
    }

  /* A built-in audience by its key; the user's own by name, in any case. */
  while (id == 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_key = (const char *)sqlite3_column_text (stmt, 1);
      const char *row_name = (const char *)sqlite3_column_text (stmt, 2);

      if (key != NULL && g_strcmp0 (row_key, key) == 0)
        id = sqlite3_column_int64 (stmt, 0);
      else if (key == NULL && row_key == NULL && row_name != NULL)
        {
          g_autofree char *other = g_utf8_casefold (row_name, -1);

          if (g_str_equal (folded, other))
            id = sqlite3_column_int64 (stmt, 0);
        }
    }
  sqlite3_finalize (stmt);
  return id;
}

static gint64
add_audience (Import     *import,
              const char *name,
              GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = -1;

  if (sqlite3_prepare_v2 (import->db,
                          "INSERT INTO audiences (name, position)"
                          " VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM audiences))",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      bind_text (stmt, 1, name);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (import->db);
    }
  sqlite3_finalize (stmt);

  if (id < 0)
    _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
  return id;
}

/* Audiences the set names are found, or made when they are the user's
 * own; a built-in key the notebook does not know is an error. */
static gboolean
resolve_audiences (Import           *import,
                   KennisRecordSet  *set,
                   GError          **error)
{
  for (guint i = 0; i < set->audiences->len; i++)
    {
      KennisRecordAudience *audience = g_ptr_array_index (set->audiences, i);
      g_autofree char *name = g_strstrip (g_strdup (audience->name));
      gint64 id = find_audience (import, audience->key, name, error);

      if (id == 0 && audience->key == NULL && *name != '\0')
        id = add_audience (import, name, error);
      if (id < 0)
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                       _("There is no audience called “%s”."), audience->name);
          return FALSE;
        }
      g_hash_table_insert (import->audience_ids, g_strdup (audience->name), g_memdup2 (&id, sizeof id));
    }
  return TRUE;
}

static gboolean
exists (Import       *import,
        sqlite3_stmt *stmt,
        const char   *value)
{
  gboolean found;

  bind_text (stmt, 1, value);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Whether @record is already in the notebook or earlier in the import:
 * the same id, the same page, or (for notes) the same title and text. */
static gboolean
is_duplicate (Import       *import,
              KennisRecord *record,
              const char   *url_key)
{
  g_autofree char *content = NULL;

  if (record->id != NULL && exists (import, import->find_id, record->id))
    return TRUE;

  if (url_key != NULL)
    {
      if (g_hash_table_contains (import->url_keys, url_key) || exists (import, import->find_url, url_key))
        return TRUE;
      g_hash_table_add (import->url_keys, g_strdup (url_key));
      return FALSE;
    }

  content = dup_content_key (record->title != NULL ? record->title : "",
                             record->body != NULL ? record->body : "");
  if (g_hash_table_contains (import->contents, content))
    return TRUE;
  g_hash_table_add (import->contents, g_steal_pointer (&content));
  return FALSE;
}

static gint64
ensure_tag (Import     *import,
            const char *name,
            const char *key,
            GError    **error)
{
  gint64 *cached = g_hash_table_lookup (import->tag_ids, key);
  gint64 id = 0;

  if (cached != NULL)
    return *cached;

  bind_text (import->insert_tag, 1, name);
  bind_text (import->insert_tag, 2, key);
  if (!step_done (import, import->insert_tag, error))
    return 0;

  bind_text (import->find_tag, 1, key);
  if (sqlite3_step (import->find_tag) == SQLITE_ROW)
    id = sqlite3_column_int64 (import->find_tag, 0);
  sqlite3_reset (import->find_tag);

  if (id == 0)
    _kennis_store_set_sqlite_error (error, import->db, _("Saving tags"));
  else
    g_hash_table_insert (import->tag_ids, g_strdup (key), g_memdup2 (&id, sizeof id));
  return id;
}

/* Tags as the editor would keep them: normalised, once each. */
static GPtrArray *
normalize_tags (KennisRecord *record,
                GPtrArray    *keys)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; record->tags[i] != NULL; i++)
    {
      g_autofree char *name = kennis_tag_normalize (record->tags[i]);
      g_autofree char *key = NULL;

      if (name == NULL)
        continue;
      key = g_utf8_casefold (name, -1);
      if (g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        continue;
      g_ptr_array_add (keys, g_steal_pointer (&key));
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  return names;
}

static gboolean
insert_record (Import        *import,
               KennisRecord  *record,
               const char    *url_key,
               GError       **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = normalize_tags (record, keys);
  g_autofree char *id = record->id != NULL ? g_strdup (record->id) : g_uuid_string_random ();
  g_autofree char *tag_text = NULL;
  gint64 created = record->created_at > 0 ? record->created_at : import->now;
  gint64 updated = record->updated_at > 0 ? record->updated_at : created;
  sqlite3_stmt *stmt = import->insert_entry;
  gint64 num;

  g_ptr_array_add (names, NULL);
  tag_text = g_strjoinv (" ", (char **)names->pdata);
  g_ptr_array_remove_index (names, names->len - 1);

  /* Only a web address comes in, as kennis-cli add link takes only one:
   * a file may hold javascript: or file: ones. A link without one is a
   * note. */
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kennis_entry_kind_to_string (url_key != NULL ? record->kind : KENNIS_ENTRY_KIND_NOTE));
  bind_text (stmt, 3, record->title);
  bind_text (stmt, 4, record->body);
  bind_text (stmt, 5, url_key != NULL ? record->url : "");
  bind_text (stmt, 6, record->language);
  bind_text (stmt, 7, tag_text);
  sqlite3_bind_int64 (stmt, 8, created);
  sqlite3_bind_int64 (stmt, 9, updated);
  if (url_key != NULL)
    bind_text (stmt, 10, url_key);
  else
    sqlite3_bind_null (stmt, 10);
  if (!step_done (import, stmt, error))
    return FALSE;
  num = sqlite3_last_insert_rowid (import->db);

  for (guint i = 0; i < names->len; i++)
    {
      gint64 tag_id = ensure_tag (import, names->pdata[i], keys->pdata[i], error);

      if (tag_id == 0)
        return FALSE;
      sqlite3_bind_int64 (import->insert_entry_tag, 1, num);
      sqlite3_bind_int64 (import->insert_entry_tag, 2, tag_id);
      sqlite3_bind_int (import->insert_entry_tag, 3, i);
      if (!step_done (import, import->insert_entry_tag, error))
        return FALSE;
    }

  for (guint i = 0; record->audiences[i] != NULL; i++)
    {
      gint64 *audience_id = g_hash_table_lookup (import->audience_ids, record->audiences[i]);

      if (audience_id == NULL)
        {
          g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                       _("There is no audience called “%s”."), record->audiences[i]);
          return FALSE;
        }
      sqlite3_bind_int64 (import->insert_entry_audience, 1, num);
      sqlite3_bind_int64 (import->insert_entry_audience, 2, *audience_id);
      if (!step_done (import, import->insert_entry_audience, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
exec_sql (Import      *import,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (import->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
  return FALSE;
}

static gint64
last_entry_num (Import *import)
{
  sqlite3_stmt *stmt = NULL;
  gint64 num = 0;

  if (sqlite3_prepare_v2 (import->db, "SELECT max (num) FROM entries", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    num = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return num;
}

/* Indexing entry by entry through the trigger took two thirds of a large
 * import; statements over thousands of new rows at a time are three times
 * faster. The trigger is dropped and made again inside the import's
 * transaction, so a failed or cancelled import leaves it as it was. */
static gboolean
index_new_entries (Import                   *import,
                   gint64                    after_num,
                   guint                     n_records,
                   KennisStoreProgressFunc   progress,
                   gpointer                  progress_data,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  gint64 last = last_entry_num (import);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (import->db,
                          "INSERT INTO entries_fts (rowid, title, body, url, tag_text)"
                          " SELECT num, title, body, url, tag_text FROM entries"
                          " WHERE num > ?1 AND num <= ?2 AND deleted_at IS NULL",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, import->db, _("Importing"));
      return FALSE;
    }

  /* Progress counts each record twice: once added, once indexed. */
  for (gint64 from = after_num; ok && from < last; from += INDEX_BATCH)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, from);
          sqlite3_bind_int64 (stmt, 2, from + INDEX_BATCH);
          ok = step_done (import, stmt, error);
        }
      if (ok && progress != NULL)
        progress (n_records + MIN (n_records, (guint)(from + INDEX_BATCH - after_num)),
                  2 * n_records, progress_data);
    }
  sqlite3_finalize (stmt);

  return ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         exec_sql (import, KENNIS_STORE_FTS_INSERT_TRIGGER_SQL, error);
}

static gboolean
import_all (Import                   *import,
            KennisRecordSet          *set,
            KennisStoreProgressFunc   progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            KennisImportCounts       *counts,
            GError                  **error)
{
  gint64 after_num = last_entry_num (import);
  gboolean any_note;
  g_autoptr(GPtrArray) url_keys = dup_url_keys (set, &any_note);

  if (!exec_sql (import, "DROP TRIGGER entries_fts_insert", error) ||
      !prepare_all (import, error) ||
      (any_note && !load_contents (import, error)) ||
      !resolve_audiences (import, set, error))
    return FALSE;

  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);
      const char *url_key = g_ptr_array_index (url_keys, i);

      if (i % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (i, 2 * set->entries->len, progress_data);
        }

      if (is_duplicate (import, record, url_key))
        counts->skipped++;
      else if (insert_record (import, record, url_key, error))
        counts->added++;
      else
        return FALSE;
    }

  if (!index_new_entries (import, after_num, set->entries->len, progress, progress_data, cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (2 * set->entries->len, 2 * set->entries->len, progress_data);
  return TRUE;
}

/**
 * kennis_store_import_records:
 * @counts: (out caller-allocates) (optional): what was added and skipped
 *
 * Adds the entries of @set in one transaction: all of them, or, when
 * anything fails or @cancellable is cancelled, none. Entries already in the
 * notebook (the same id, the same page, or a note with the same title and
 * text) are skipped and counted. Safe to call from any thread.
 */
gboolean
kennis_store_import_records (KennisStore              *self,
                             KennisRecordSet          *set,
                             KennisStoreProgressFunc   progress,
                             gpointer                  progress_data,
                             GCancellable             *cancellable,
                             KennisImportCounts       *counts,
                             GError                  **error)
{
  Import import = { NULL, };
  KennisImportCounts local = { 0, 0 };
  gboolean ok;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (sqlite3_open_v2 (kennis_store_get_path (self), &import.db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, import.db, _("Opening the notebook"));
      sqlite3_close (import.db);
      return FALSE;
    }
  import.tag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.audience_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.url_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.now = g_get_real_time ();

  ok = _kennis_store_configure_connection (import.db, error);
  /* The whole import is one transaction; with the usual small cache its
   * pages would be written to the log and read back many times over. */
  sqlite3_exec (import.db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);
  if (ok && sqlite3_exec (import.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, import.db, _("Importing"));
      ok = FALSE;
    }
  else if (ok)
    {
      ok = import_all (&import, set, progress, progress_data, cancellable, &local, error);
      if (ok && sqlite3_exec (import.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          _kennis_store_set_sqlite_error (error, import.db, _("Importing"));
          ok = FALSE;
        }
      if (!ok)
        sqlite3_exec (import.db, "ROLLBACK", NULL, NULL, NULL);
    }

  import_clear (&import);
  if (ok && counts != NULL)
    *counts = local;
  return ok;
}

/* Runs @sql and hands each row to @row_func; FALSE with @error on failure. */
static gboolean
for_each_row (sqlite3       *db,
              const char    *sql,
              void         (*row_func) (sqlite3_stmt *stmt, gpointer data),
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Reading the notebook"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n % PROGRESS_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      row_func (stmt, data);
    }
  sqlite3_finalize (stmt);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, db, _("Reading the notebook"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  KennisRecordSet *set;
  GHashTable      *by_num;          /* entry num → KennisRecord */
  GHashTable      *audience_names;  /* audience id → name in the set */
} Reading;

static void
read_audience_row (sqlite3_stmt *stmt,
                   gpointer      data)
{
  Reading *reading = data;
  gint64 id = sqlite3_column_int64 (stmt, 0);
  g_autoptr(KennisAudience) audience = kennis_audience_new (id,
                                                            (const char *)sqlite3_column_text (stmt, 1),
                                                            (const char *)sqlite3_column_text (stmt, 2),
                                                            0);
  const char *name = kennis_record_set_add_audience (reading->set,
                                                     kennis_audience_get_key (audience),
                                                     kennis_audience_get_name (audience));

  g_hash_table_insert (reading->audience_names, g_memdup2 (&id, sizeof id), (gpointer)name);
}

static void
read_entry_row (sqlite3_stmt *stmt,
                gpointer      data)
{
  Reading *reading = data;
  KennisEntryKind kind = KENNIS_ENTRY_KIND_NOTE;
  KennisRecord *record;
  gint64 num = sqlite3_column_int64 (stmt, 0);

  kennis_entry_kind_from_string (column_text (stmt, 2), &kind);
  record = kennis_record_new (kind);
  record->id = g_strdup (column_text (stmt, 1));
  record->title = g_strdup (column_text (stmt, 3));
  record->body = g_strdup (column_text (stmt, 4));
  record->url = g_strdup (column_text (stmt, 5));
  record->language = g_strdup (column_text (stmt, 6));
  record->created_at = sqlite3_column_int64 (stmt, 7);
  record->updated_at = sqlite3_column_int64 (stmt, 8);
  g_ptr_array_add (reading->set->entries, record);
  g_hash_table_insert (reading->by_num, g_memdup2 (&num, sizeof num), record);
}

static void
read_tag_row (sqlite3_stmt *stmt,
              gpointer      data)
{
  Reading *reading = data;
  gint64 num = sqlite3_column_int64 (stmt, 0);
  KennisRecord *record = g_hash_table_lookup (reading->by_num, &num);

  if (record != NULL)
    kennis_record_add_tag (record, column_text (stmt, 1));
}

static void
read_entry_audience_row (sqlite3_stmt *stmt,
                         gpointer      data)
{
  Reading *reading = data;
  gint64 num = sqlite3_column_int64 (stmt, 0);
  gint64 audience_id = sqlite3_column_int64 (stmt, 1);
  KennisRecord *record = g_hash_table_lookup (reading->by_num, &num);
  const char *name = g_hash_table_lookup (reading->audience_names, &audience_id);

  if (record != NULL && name != NULL)
    kennis_record_add_audience (record, name);
}

/**
 * kennis_store_read_records:
 *
 * Reads every live entry, oldest first, with its tags and audiences, and
 * every audience, from one snapshot of the notebook. Safe to call from any
 * thread.
 *
 * Returns: (transfer full): the records
 */
KennisRecordSet *
kennis_store_read_records (KennisStore   *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(GHashTable) by_num = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) audience_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Reading reading = { set, by_num, audience_names };
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  db = _kennis_store_open_reader (kennis_store_get_path (self), error);
  if (db == NULL)
    return NULL;

  ok = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
       && for_each_row (db, "SELECT id, key, name FROM audiences ORDER BY position, id",
                        read_audience_row, &reading, cancellable, error)
       && for_each_row (db,
                        "SELECT num, id, kind, title, body, url, language, created_at, updated_at"
                        " FROM entries WHERE deleted_at IS NULL ORDER BY num",
                        read_entry_row, &reading, cancellable, error)
       && for_each_row (db,
                        "SELECT et.entry_num, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
                        " ORDER BY et.entry_num, et.position",
                        read_tag_row, &reading, cancellable, error)
       && for_each_row (db,
                        "SELECT ea.entry_num, ea.audience_id FROM entry_audiences ea"
                        " JOIN audiences a ON a.id = ea.audience_id"
                        " ORDER BY ea.entry_num, a.position, a.id",
                        read_entry_audience_row, &reading, cancellable, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  return ok ? g_steal_pointer (&set) : NULL;
}
