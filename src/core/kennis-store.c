/* kennis-store.c — the notebook on disk: one SQLite file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kennis-audience.h"
#include "kennis-entry-private.h"
#include "kennis-search.h"
#include "kennis-store-private.h"
#include "kennis-url.h"
#include "kennis-tag.h"

/* Hit sets up to this size are ranked by relevance; larger ones are shown
 * newest first, which FTS5 can stop early on. */
#define RANK_LIMIT 300

/* Notebooks up to this size get a full quick_check when they are opened. */
#define QUICK_CHECK_AT_OPEN_MAX (32 * 1024 * 1024)

struct _KennisStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
  GHashTable *live;        /* num → KennisEntry (weak) */

  /* Worker threads read through their own connection, one at a time. */
  GMutex      reader_lock;
  sqlite3    *reader;

  gint64      data_version;
  guint       watch_id;
  gboolean    opened;  /* fully opened; a refused file is not checkpointed */
};

G_DEFINE_TYPE (KennisStore, kennis_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kennis-store-error-quark, kennis_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  KennisQuery *query;
  guint        limit;
} QueryData;

static void
query_data_free (QueryData *data)
{
  kennis_query_free (data->query);
  g_free (data);
}

static gint64
now_us (void)
{
  return g_get_real_time ();
}

static sqlite3_stmt *
prepare (KennisStore  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

static gboolean
step_done (KennisStore  *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _kennis_store_set_sqlite_error (error, self->db, _("Saving"));
  return FALSE;
}

static gboolean
exec (KennisStore  *self,
      const char   *sql,
      GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  _kennis_store_set_sqlite_error (error, self->db, _("Saving"));
  return FALSE;
}

static gboolean
begin (KennisStore  *self,
       GError      **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (KennisStore  *self,
        GError      **error)
{
  if (exec (self, "COMMIT", error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
rollback (KennisStore *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           pos,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, pos);
  else
    sqlite3_bind_text (stmt, pos, text, -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);

  return text ? text : "";
}

static void
emit_changed (KennisStore       *self,
              KennisStoreChange  what)
{
  g_signal_emit (self, signals[CHANGED], 0, (guint)what);
}

static gboolean
error_is_damage (int code)
{
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

static void
set_damaged_error (GError    **error,
                   const char *path,
                   const char *detail)
{
  g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT,
               /* TRANSLATORS: %s is a file name, then a reason */
               _("The notebook “%s” is damaged and cannot be opened (%s)."), path, detail);
}

/* Looks at the file before SQLite does: SQLite happily treats a zero-byte
 * file as a new database, which would hide a truncation. */
static gboolean
check_file (const char  *path,
            gboolean    *exists,
            GError     **error)
{
  GStatBuf st;

  *exists = FALSE;
  if (g_stat (path, &st) != 0)
    return TRUE;

  *exists = TRUE;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_damaged_error (error, path, _("a folder is in its place"));
      return FALSE;
    }
  if (st.st_size == 0)
    {
      set_damaged_error (error, path, _("the file is empty"));
      return FALSE;
    }

  /* Nothing here opens the file itself: closing any descriptor of a
   * database drops every POSIX lock this process holds on it, including
   * those of a connection already open (the window's), which corrupts WAL
   * reads. A file shorter than its header says is reported by SQLite as
   * SQLITE_CORRUPT on the first read. */
  return TRUE;
}

static gboolean
read_user_version (sqlite3     *db,
                   const char  *path,
                   int         *version,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (error_is_damage (sqlite3_errcode (db)))
    set_damaged_error (error, path, sqlite3_errmsg (db));
  else
    _kennis_store_set_sqlite_error (error, db, _("Opening the notebook"));
  return FALSE;
}

gboolean
_kennis_store_quick_check (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") != 0)
    problem = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_ROW)
    problem = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  if (problem == NULL)
    return TRUE;

  set_damaged_error (error, path, problem);
  return FALSE;
}

gboolean
_kennis_store_configure_connection (sqlite3  *db,
                                    GError  **error)
{
  /* WAL with synchronous=FULL: every committed autosave is on disk, and a
   * kill -9 or power cut loses nothing that was committed. */
  static const char pragmas[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA busy_timeout = 5000;"
    /* Entries are read a page of 64 at a time; 1 MB of cache holds many. */
    "PRAGMA cache_size = -1024;";

  if (sqlite3_exec (db, pragmas, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  _kennis_store_set_sqlite_error (error, db, _("Opening the notebook"));
  return FALSE;
}

static gint64
read_data_version (KennisStore *self)
{
  sqlite3_stmt *stmt = prepare (self, "PRAGMA data_version", NULL);
  gint64 version = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return version;
}

/* Entries */

static gboolean
load_tags (KennisStore  *self,
           KennisEntry  *entry,
           gint64        num,
           GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id "
                  "WHERE et.entry_num = ?1 ORDER BY et.position",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, num);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return FALSE;
    }

  tags = g_strv_builder_end (builder);
  kennis_entry_set_tags (entry, (const char * const *)tags);
  return TRUE;
}

static gboolean
load_audiences (KennisStore  *self,
                KennisEntry  *entry,
                gint64        num,
                GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT audience_id FROM entry_audiences WHERE entry_num = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, num);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return FALSE;
    }

  kennis_entry_set_audiences (entry, (const gint64 *)(gpointer)ids->data, ids->len);
  return TRUE;
}

/* Reads a fresh object for @num, or for @id when @num is 0. */
static KennisEntry *
read_entry (KennisStore  *self,
            gint64        num,
            const char   *id,
            GError      **error)
{
  g_autoptr(KennisEntry) entry = NULL;
  KennisEntryKind kind = KENNIS_ENTRY_KIND_NOTE;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT num, id, kind, title, body, url, language, created_at, updated_at, "
                  "deleted_at FROM entries WHERE num = ?1 OR id = ?2",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, num);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                     _("There is no entry “%s”."), id ? id : "");
      else
        _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return NULL;
    }

  kennis_entry_kind_from_string (column_text (stmt, 2), &kind);
  entry = kennis_entry_new (kind);
  kennis_entry_set_title (entry, column_text (stmt, 3));
  kennis_entry_set_body (entry, column_text (stmt, 4));
  kennis_entry_set_url (entry, column_text (stmt, 5));
  kennis_entry_set_language (entry, column_text (stmt, 6));
  num = sqlite3_column_int64 (stmt, 0);
  _kennis_entry_set_stored (entry, num, column_text (stmt, 1),
                            sqlite3_column_int64 (stmt, 7),
                            sqlite3_column_int64 (stmt, 8),
                            sqlite3_column_type (stmt, 9) != SQLITE_NULL);
  sqlite3_reset (stmt);

  if (!load_tags (self, entry, num, error) || !load_audiences (self, entry, num, error))
    return NULL;

  _kennis_entry_set_dirty (entry, FALSE);
  return g_steal_pointer (&entry);
}

static void
live_entry_finalized_cb (gpointer  data,
                         GObject  *where_the_object_was)
{
  KennisStore *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer)where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
track_live (KennisStore *self,
            KennisEntry *entry)
{
  gint64 *key = g_new (gint64, 1);

  *key = kennis_entry_get_num (entry);
  g_object_weak_ref (G_OBJECT (entry), live_entry_finalized_cb, self);
  g_hash_table_insert (self->live, key, entry);
}

/* One object per stored entry, so every view of an entry sees the same
 * title as the user types it. */
static KennisEntry *
lookup_entry (KennisStore  *self,
              gint64        num,
              const char   *id,
              GError      **error)
{
  KennisEntry *entry = NULL;

  if (num > 0)
    entry = g_hash_table_lookup (self->live, &num);
  if (entry != NULL)
    return g_object_ref (entry);

  entry = read_entry (self, num, id, error);
  if (entry == NULL)
    return NULL;

  num = kennis_entry_get_num (entry);
  if (g_hash_table_contains (self->live, &num))
    {
      KennisEntry *existing = g_hash_table_lookup (self->live, &num);

      g_object_unref (entry);
      return g_object_ref (existing);
    }

  track_live (self, entry);
  return entry;
}

static gint64
ensure_tag (KennisStore  *self,
            const char   *name,
            GError      **error)
{
  g_autofree char *key = kennis_tag_dup_key (name);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  stmt = prepare (self, "INSERT INTO tags (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, key);
  if (!step_done (self, stmt, error))
    return 0;

  stmt = prepare (self, "SELECT id FROM tags WHERE key = ?1", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    _kennis_store_set_sqlite_error (error, self->db, _("Saving tags"));
  return id;
}

static gboolean
write_tags (KennisStore  *self,
            KennisEntry  *entry,
            GError      **error)
{
  const char * const *tags = kennis_entry_get_tags (entry);
  gint64 num = kennis_entry_get_num (entry);
  g_autoptr(GArray) old_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  /* Only tags this entry dropped can have become unused. */
  stmt = prepare (self, "SELECT tag_id FROM entry_tags WHERE entry_num = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, num);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 tag_id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (old_ids, tag_id);
    }
  sqlite3_reset (stmt);

  stmt = prepare (self, "DELETE FROM entry_tags WHERE entry_num = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, num);
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; tags[i]; i++)
    {
      gint64 tag_id = ensure_tag (self, tags[i], error);

      if (tag_id == 0)
        return FALSE;

      stmt = prepare (self,
                      "INSERT OR IGNORE INTO entry_tags (entry_num, tag_id, position) "
                      "VALUES (?1, ?2, ?3)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, num);
      sqlite3_bind_int64 (stmt, 2, tag_id);
      sqlite3_bind_int (stmt, 3, i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  /* Probe the index per dropped tag: a NOT IN over all of entry_tags would
   * scan every tag of every entry on each autosave. */
  for (guint i = 0; i < old_ids->len; i++)
    {
      stmt = prepare (self,
                      "DELETE FROM tags WHERE id = ?1"
                      " AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = ?1)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (old_ids, gint64, i));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_audiences (KennisStore  *self,
                 KennisEntry  *entry,
                 GError      **error)
{
  gint64 num = kennis_entry_get_num (entry);
  const gint64 *ids;
  guint n_ids;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM entry_audiences WHERE entry_num = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, num);
  if (!step_done (self, stmt, error))
    return FALSE;

  ids = kennis_entry_get_audiences (entry, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      stmt = prepare (self,
                      "INSERT INTO entry_audiences (entry_num, audience_id) VALUES (?1, ?2)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, num);
      sqlite3_bind_int64 (stmt, 2, ids[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                       _("An audience of this entry no longer exists."));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static gboolean
write_entry (KennisStore  *self,
             KennisEntry  *entry,
             gint64        now,
             GError      **error)
{
  g_autofree char *tag_text = g_strjoinv (" ", (char **)kennis_entry_get_tags (entry));
  g_autofree char *url_key = kennis_url_dup_key (kennis_entry_get_url (entry));
  gint64 num = kennis_entry_get_num (entry);
  sqlite3_stmt *stmt;

  if (num == 0)
    {
      g_autofree char *id = g_uuid_string_random ();

      stmt = prepare (self,
                      "INSERT INTO entries (id, kind, title, body, url, language, tag_text, "
                      "created_at, updated_at, url_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, kennis_entry_kind_to_string (kennis_entry_get_kind (entry)));
      sqlite3_bind_int64 (stmt, 8, now);
      _kennis_entry_set_stored (entry, 0, id, now, now, FALSE);
    }
  else
    {
      stmt = prepare (self,
                      "UPDATE entries SET title = ?3, body = ?4, url = ?5, language = ?6, "
                      "tag_text = ?7, updated_at = ?8, url_key = ?9 WHERE num = ?1",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, num);
      sqlite3_bind_int64 (stmt, 8, now);
    }

  bind_text (stmt, 3, kennis_entry_get_title (entry));
  bind_text (stmt, 4, kennis_entry_get_body (entry));
  bind_text (stmt, 5, kennis_entry_get_url (entry));
  bind_text (stmt, 6, kennis_entry_get_language (entry));
  bind_text (stmt, 7, tag_text);
  bind_text (stmt, 9, url_key);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (num == 0)
    {
      GDateTime *created = kennis_entry_get_created (entry);

      num = sqlite3_last_insert_rowid (self->db);
      _kennis_entry_set_stored (entry, num, kennis_entry_get_id (entry),
                                g_date_time_to_unix (created) * G_USEC_PER_SEC, now, FALSE);
    }

  return write_tags (self, entry, error) && write_audiences (self, entry, error);
}

/* Queries */

/* The WHERE clause shared by browsing and searching; ?2 kind, ?3 audience
 * (0 any, -1 only me), ?4 tag key. */
#define FILTER_SQL \
  " e.deleted_at IS NULL" \
  " AND (?2 IS NULL OR e.kind = ?2)" \
  " AND (?3 = 0" \
  "      OR (?3 = -1 AND NOT EXISTS (SELECT 1 FROM entry_audiences ea WHERE ea.entry_num = e.num))" \
  "      OR (?3 > 0 AND EXISTS (SELECT 1 FROM entry_audiences ea" \
  "                             WHERE ea.entry_num = e.num AND ea.audience_id = ?3)))" \
  " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM entry_tags et JOIN tags t ON t.id = et.tag_id" \
  "                            WHERE et.entry_num = e.num AND t.key = ?4))"

static const char browse_sql[] =
  "SELECT e.num FROM entries e WHERE" FILTER_SQL
  " ORDER BY e.updated_at DESC, e.num DESC LIMIT ?5";

/* Without filters the index alone answers: it holds only live entries. */
static const char search_newest_plain_sql[] =
  "SELECT f.rowid, e.updated_at FROM entries_fts f JOIN entries e ON e.num = f.rowid"
  " WHERE entries_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?5";

static const char search_ranked_plain_sql[] =
  "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1"
  " ORDER BY bm25(entries_fts, 10.0, 1.0, 2.0, 5.0), rowid DESC LIMIT ?5";

static const char search_newest_sql[] =
  "SELECT e.num, e.updated_at FROM entries_fts f JOIN entries e ON e.num = f.rowid"
  " WHERE entries_fts MATCH ?1 AND" FILTER_SQL
  " ORDER BY f.rowid DESC LIMIT ?5";

/* Title hits count most, then tags, then the URL, then the body. */
static const char search_ranked_sql[] =
  "SELECT e.num FROM entries_fts f JOIN entries e ON e.num = f.rowid"
  " WHERE entries_fts MATCH ?1 AND" FILTER_SQL
  " ORDER BY bm25(entries_fts, 10.0, 1.0, 2.0, 5.0), e.updated_at DESC LIMIT ?5";

static const char count_sql[] =
  "SELECT count(*) FROM entries e WHERE" FILTER_SQL;

static const char count_search_sql[] =
  "SELECT count(*) FROM entries_fts f JOIN entries e ON e.num = f.rowid"
  " WHERE entries_fts MATCH ?1 AND" FILTER_SQL;

static void
bind_query (sqlite3_stmt      *stmt,
            const KennisQuery *query,
            const char        *match)
{
  g_autofree char *tag_key = query->tag ? kennis_tag_dup_key (query->tag) : NULL;

  if (match != NULL)
    bind_text (stmt, 1, match);
  if (query->kind == KENNIS_QUERY_KIND_ANY)
    sqlite3_bind_null (stmt, 2);
  else
    bind_text (stmt, 2, kennis_entry_kind_to_string ((KennisEntryKind)query->kind));
  sqlite3_bind_int64 (stmt, 3, query->audience);
  bind_text (stmt, 4, tag_key);
}

static GArray *
run_nums (sqlite3           *db,
          const char        *sql,
          const KennisQuery *query,
          const char        *match,
          gint64             limit,
          GArray            *updated,
          GError           **error)
{
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Searching"));
      return NULL;
    }

  bind_query (stmt, query, match);
  sqlite3_bind_int64 (stmt, 5, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 num = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (nums, num);
      if (updated != NULL)
        {
          gint64 when = sqlite3_column_int64 (stmt, 1);
          g_array_append_val (updated, when);
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, db, _("Searching"));
      return NULL;
    }

  return g_steal_pointer (&nums);
}

typedef struct
{
  gint64 num;
  gint64 updated;
} Hit;

static gint
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a;
  const Hit *y = b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? 1 : -1;
  return (x->num < y->num) - (x->num > y->num);
}

/* The newest hits by when they were written are shown by when they were
 * last edited, like the list without search, so the dates read in order. */
static void
sort_by_updated (GArray *nums,
                 GArray *updated)
{
  g_autofree Hit *hits = g_new (Hit, nums->len);

  for (guint i = 0; i < nums->len; i++)
    hits[i] = (Hit) { g_array_index (nums, gint64, i), g_array_index (updated, gint64, i) };
  qsort (hits, nums->len, sizeof (Hit), compare_hits);
  for (guint i = 0; i < nums->len; i++)
    g_array_index (nums, gint64, i) = hits[i].num;
}

/* Bounded search: one early-stopping pass newest first; only when the hit
 * set is small is it ranked. */
static GArray *
run_query (sqlite3           *db,
           const KennisQuery *query,
           guint              limit,
           GError           **error)
{
  g_autofree char *match = NULL;
  g_autoptr(GArray) newest = NULL;
  g_autoptr(GArray) updated = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 max = limit > 0 ? (gint64)limit : -1;
  gboolean plain;

  if (kennis_query_has_text (query))
    match = kennis_search_build_match (query->text);

  if (match == NULL)
    return run_nums (db, browse_sql, query, NULL, max, NULL, error);

  plain = query->kind == KENNIS_QUERY_KIND_ANY && query->tag == NULL &&
          query->audience == KENNIS_QUERY_ANY_AUDIENCE;
  newest = run_nums (db, plain ? search_newest_plain_sql : search_newest_sql, query, match,
                     limit > 0 ? (gint64)MAX (limit, RANK_LIMIT + 1) : -1, updated, error);
  if (newest == NULL)
    return NULL;

  if (newest->len <= RANK_LIMIT)
    return run_nums (db, plain ? search_ranked_plain_sql : search_ranked_sql,
                     query, match, max, NULL, error);

  if (limit > 0 && newest->len > limit)
    {
      g_array_set_size (newest, limit);
      g_array_set_size (updated, limit);
    }
  sort_by_updated (newest, updated);

  return g_steal_pointer (&newest);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KennisStore *self = source_object;
  QueryData *data = task_data;
  GError *error = NULL;
  GArray *nums = NULL;

  g_mutex_lock (&self->reader_lock);

  if (self->reader == NULL)
    self->reader = _kennis_store_open_reader (self->path, &error);
  if (self->reader != NULL)
    nums = run_query (self->reader, data->query, data->limit, &error);

  g_mutex_unlock (&self->reader_lock);

  if (nums == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, nums, (GDestroyNotify)g_array_unref);
}

static KennisAudience *
audience_from_row (sqlite3_stmt *stmt)
{
  const char *key = (const char *)sqlite3_column_text (stmt, 1);
  const char *name = (const char *)sqlite3_column_text (stmt, 2);

  return kennis_audience_new (sqlite3_column_int64 (stmt, 0), key, name,
                              sqlite3_column_int (stmt, 3));
}

static char *
validate_name (const char  *name,
               GError     **error)
{
  g_autofree char *clean = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    clean = g_strdup ("");
  else
    clean = g_strstrip (g_utf8_normalize (name, -1, G_NORMALIZE_NFC));

  if (clean[0] == '\0')
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   _("An audience needs a name."));
      return NULL;
    }

  return g_steal_pointer (&clean);
}

/* Another audience of this name would make `--for NAME` and the menu ambiguous. */
static gboolean
check_unique_name (KennisStore  *self,
                   const char   *name,
                   gint64        except_id,
                   GError      **error)
{
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (self, error);
  g_autofree char *key = NULL;

  if (audiences == NULL)
    return FALSE;

  key = g_utf8_casefold (name, -1);
  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);
      g_autofree char *other = g_utf8_casefold (kennis_audience_get_name (audience), -1);

      if (kennis_audience_get_id (audience) != except_id && g_strcmp0 (key, other) == 0)
        {
          g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS,
                       _("There is already an audience called “%s”."), name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
watch_timeout_cb (gpointer data)
{
  kennis_store_check_changes (KENNIS_STORE (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
add_welcome_entries (KennisStore  *self,
                     GError      **error)
{
  const KennisWelcomeEntry *welcome;
  guint n_welcome;
  gint64 now = now_us ();

  welcome = _kennis_store_welcome_entries (&n_welcome);
  if (!begin (self, error))
    return FALSE;

  /* Oldest first, so the first welcome entry ends up on top of the list. */
  for (guint i = n_welcome; i > 0; i--)
    {
      const KennisWelcomeEntry *w = &welcome[i - 1];
      g_autoptr(KennisEntry) entry = kennis_entry_new (w->kind);
      g_auto(GStrv) tags = g_strsplit (_(w->tags), ",", -1);

      kennis_entry_set_title (entry, _(w->title));
      kennis_entry_set_body (entry, _(w->body));
      kennis_entry_set_url (entry, w->url);
      kennis_entry_set_language (entry, _kennis_store_welcome_language ());
      kennis_entry_set_tags (entry, (const char * const *)tags);
      if (w->audience != NULL)
        {
          g_autoptr(KennisAudience) audience = kennis_store_find_audience (self, w->audience, NULL);

          if (audience != NULL)
            kennis_entry_toggle_audience (entry, kennis_audience_get_id (audience), TRUE);
        }

      if (!write_entry (self, entry, now + (n_welcome - i), error))
        {
          rollback (self);
          return FALSE;
        }
    }

  return commit (self, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
kennis_store_dispose (GObject *object)
{
  KennisStore *self = (KennisStore *)object;

  g_clear_handle_id (&self->watch_id, g_source_remove);

  G_OBJECT_CLASS (kennis_store_parent_class)->dispose (object);
}

static void
kennis_store_finalize (GObject *object)
{
  KennisStore *self = (KennisStore *)object;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, live_entry_finalized_cb, self);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      /* Fold the WAL back into the main file, so a copied kennis.db is whole;
       * but never write to a file that open refused. */
      if (self->opened)
        sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
      sqlite3_close (self->db);
    }
  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_clear (&self->reader_lock);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kennis_store_parent_class)->finalize (object);
}

static void
kennis_store_class_init (KennisStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_store_dispose;
  object_class->finalize = kennis_store_finalize;

  /**
   * KennisStore::changed:
   *
   * @what: #KennisStoreChange flags
   *
   * Emitted after the notebook changed, through this store or another
   * process; lists and counts should be read again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
kennis_store_init (KennisStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->reader_lock);
}

/**
 * kennis_store_dup_default_dir:
 *
 * Returns: (transfer full): `KENNIS_DATA_DIR` if set, else `kennis` in the
 *   user data folder
 */
char *
kennis_store_dup_default_dir (void)
{
  const char *dir = g_getenv ("KENNIS_DATA_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);

  return g_build_filename (g_get_user_data_dir (), "kennis", NULL);
}

/**
 * kennis_store_dup_default_path:
 *
 * Returns: (transfer full): where the notebook lives
 */
char *
kennis_store_dup_default_path (void)
{
  g_autofree char *dir = kennis_store_dup_default_dir ();

  return g_build_filename (dir, "kennis.db", NULL);
}

/* Where the first feed is written: the Public folder people already share
 * from, when there is one, else next to the notebook. */
static char *
default_feed_folder (const char *path)
{
  const char *public_dir = g_get_user_special_dir (G_USER_DIRECTORY_PUBLIC_SHARE);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_getenv ("KENNIS_DATA_DIR") == NULL && public_dir != NULL &&
      g_strcmp0 (public_dir, g_get_home_dir ()) != 0 &&
      g_file_test (public_dir, G_FILE_TEST_IS_DIR))
    return g_build_filename (public_dir, "Kennis", NULL);

  return g_build_filename (dir, "feed", NULL);
}

/**
 * kennis_store_open:
 * @path: the database file; created with welcome entries when missing
 *
 * A damaged file fails with %KENNIS_STORE_ERROR_CORRUPT and one from a newer
 * Kennis with %KENNIS_STORE_ERROR_NEWER_VERSION; neither is changed.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
KennisStore *
kennis_store_open (const char  *path,
                   GError     **error)
{
  return kennis_store_open_full (path, KENNIS_STORE_OPEN_DEFAULT, error);
}

/**
 * kennis_store_open_full:
 * @flags: how to make the notebook when @path does not exist yet
 *
 * Like kennis_store_open(); with %KENNIS_STORE_OPEN_EMPTY a new notebook
 * starts without the welcome entries, so an export imported into it comes
 * out again exactly as it went in.
 */
KennisStore *
kennis_store_open_full (const char            *path,
                        KennisStoreOpenFlags   flags,
                        GError               **error)
{
  g_autoptr(KennisStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *feed_folder = NULL;
  gboolean exists;
  int version = 0;
  GStatBuf st;
  gint64 file_size = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_file (path, &exists, error))
    return NULL;
  if (exists && g_stat (path, &st) == 0)
    file_size = st.st_size;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (KENNIS_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Opening the notebook"));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, FALSE);

  if (!read_user_version (self->db, path, &version, error))
    return NULL;

  if (version > KENNIS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NEWER_VERSION,
                   _("The notebook “%s” was made by a newer version of Kennis. "
                     "Update Kennis to open it; the file was left as it is."), path);
      return NULL;
    }

  /* A quick_check reads every page: fine for a small notebook, but about
   * 0.4 s at 100,000 entries, so large files get the header check above
   * at open and kennis_store_check_async() once the window is up. */
  if (exists && file_size <= QUICK_CHECK_AT_OPEN_MAX && !_kennis_store_quick_check (self->db, path, error))
    return NULL;

  feed_folder = default_feed_folder (path);
  if (!_kennis_store_configure_connection (self->db, error) ||
      !_kennis_store_migrate (self->db, version, feed_folder, error))
    return NULL;

  if (version == 0 && !(flags & KENNIS_STORE_OPEN_EMPTY) && !add_welcome_entries (self, error))
    return NULL;

  self->data_version = read_data_version (self);
  self->opened = TRUE;
  return g_steal_pointer (&self);
}

const char *
kennis_store_get_path (KennisStore *self)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  return self->path;
}

static gboolean
move_aside (const char  *from,
            const char  *to,
            GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);

  return g_file_move (source, dest, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error);
}

/**
 * kennis_store_set_aside:
 * @path: a notebook that could not be opened
 * @aside_path: (out) (optional): where it went
 *
 * Renames a damaged notebook (and its WAL) so a fresh one can take its
 * place. Nothing is deleted.
 */
gboolean
kennis_store_set_aside (const char  *path,
                        char       **aside_path,
                        GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", path, stamp);
  static const char * const companions[] = { "-wal", "-shm" };

  g_return_val_if_fail (path != NULL, FALSE);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, n);
    }

  if (!move_aside (path, target, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (target, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && !move_aside (from, to, error))
        return FALSE;
    }

  if (aside_path != NULL)
    *aside_path = g_steal_pointer (&target);
  return TRUE;
}

/* Writes @entries (skipping stored ones without changes) in one transaction.
 * On failure nothing is written and the new entries are new again, so a
 * later save inserts them instead of updating a row that never was. */
static gboolean
save_entries (KennisStore  *self,
              KennisEntry **entries,
              guint         n_entries,
              GError      **error)
{
  g_autofree gboolean *is_new = g_new0 (gboolean, MAX (n_entries, 1));
  KennisStoreChange what = KENNIS_STORE_CHANGE_ENTRIES;
  gint64 now = now_us ();
  guint n_written = 0;

  for (guint i = 0; i < n_entries; i++)
    {
      is_new[i] = kennis_entry_get_num (entries[i]) == 0;
      if (is_new[i] || kennis_entry_get_dirty (entries[i]))
        n_written++;
    }
  if (n_written == 0)
    return TRUE;

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (!is_new[i] && !kennis_entry_get_dirty (entries[i]))
        continue;

      if (!write_entry (self, entries[i], now, error))
        {
          rollback (self);
          for (guint j = 0; j <= i; j++)
            if (is_new[j])
              _kennis_entry_set_stored (entries[j], 0, NULL, now, now, FALSE);
          return FALSE;
        }
    }

  if (!commit (self, error))
    {
      for (guint j = 0; j < n_entries; j++)
        if (is_new[j])
          _kennis_entry_set_stored (entries[j], 0, NULL, now, now, FALSE);
      return FALSE;
    }

  for (guint i = 0; i < n_entries; i++)
    {
      if (!is_new[i] && !kennis_entry_get_dirty (entries[i]))
        continue;

      /* Typing in a note moves it to the top of the list but changes no
       * count; the sidebar need not count 100,000 entries again. */
      if (is_new[i] || (_kennis_entry_get_dirty_fields (entries[i]) & KENNIS_ENTRY_DIRTY_GROUPING))
        what |= KENNIS_STORE_CHANGE_COUNTS;

      /* The object shows the time it was stored, like a fresh read would. */
      if (!is_new[i])
        _kennis_entry_set_updated (entries[i], now);
      _kennis_entry_set_dirty (entries[i], FALSE);
      if (is_new[i])
        track_live (self, entries[i]);
    }

  emit_changed (self, what);
  return TRUE;
}

/**
 * kennis_store_save_entry:
 *
 * Inserts a new entry or writes a changed one, with its tags and audiences,
 * in one transaction.
 */
gboolean
kennis_store_save_entry (KennisStore  *self,
                         KennisEntry  *entry,
                         GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), FALSE);

  return save_entries (self, &entry, 1, error);
}

/**
 * kennis_store_save_entries:
 * @entries: (element-type KennisEntry): new or changed entries
 *
 * Like kennis_store_save_entry() for many entries at once, in a single
 * transaction: all are saved, or none. For imports; #KennisStore::changed
 * is emitted once.
 */
gboolean
kennis_store_save_entries (KennisStore  *self,
                           GPtrArray    *entries,
                           GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  for (guint i = 0; i < entries->len; i++)
    g_return_val_if_fail (KENNIS_IS_ENTRY (entries->pdata[i]), FALSE);

  return save_entries (self, (KennisEntry **)entries->pdata, entries->len, error);
}

/**
 * kennis_store_find_link:
 * @url: a web address
 *
 * Finds the live entry for the same page as @url, comparing addresses as
 * kennis_url_dup_key() does, so adding a link twice can open the first.
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL when there is
 *   none (without an error) or reading failed (with one)
 */
KennisEntry *
kennis_store_find_link (KennisStore  *self,
                        const char   *url,
                        GError      **error)
{
  g_autofree char *key = kennis_url_dup_key (url);
  sqlite3_stmt *stmt;
  gint64 num = 0;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  if (key == NULL)
    return NULL;

  stmt = prepare (self,
                  "SELECT num FROM entries WHERE url_key = ?1 AND deleted_at IS NULL"
                  " ORDER BY num LIMIT 1",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    num = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return NULL;
    }

  return num > 0 ? lookup_entry (self, num, NULL, error) : NULL;
}

/**
 * kennis_store_get_entry:
 * @id: the entry's id (a UUID)
 *
 * Returns: (transfer full): the entry, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND
 */
KennisEntry *
kennis_store_get_entry (KennisStore  *self,
                        const char   *id,
                        GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup_entry (self, 0, id, error);
}

/**
 * kennis_store_get_entry_by_num:
 *
 * Returns: (transfer full): the entry, or %NULL
 */
KennisEntry *
kennis_store_get_entry_by_num (KennisStore  *self,
                               gint64        num,
                               GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  return lookup_entry (self, num, NULL, error);
}

/**
 * kennis_store_get_entries:
 *
 * Returns: (transfer full) (element-type KennisEntry): the entries in the
 *   order of @nums; missing ones are left out
 */
GPtrArray *
kennis_store_get_entries (KennisStore   *self,
                          const gint64  *nums,
                          guint          n_nums,
                          GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  for (guint i = 0; i < n_nums; i++)
    {
      g_autoptr(GError) local_error = NULL;
      KennisEntry *entry = lookup_entry (self, nums[i], NULL, &local_error);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
      else if (!g_error_matches (local_error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&entries);
}

static gboolean
set_deleted (KennisStore  *self,
             KennisEntry  *entry,
             gboolean      deleted,
             GError      **error)
{
  sqlite3_stmt *stmt;

  if (kennis_entry_get_num (entry) == 0)
    return TRUE;

  stmt = prepare (self, "UPDATE entries SET deleted_at = ?2 WHERE num = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kennis_entry_get_num (entry));
  if (deleted)
    sqlite3_bind_int64 (stmt, 2, now_us ());
  else
    sqlite3_bind_null (stmt, 2);

  if (!step_done (self, stmt, error))
    return FALSE;

  _kennis_entry_set_deleted (entry, deleted);
  emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_delete_entry:
 *
 * Moves the entry out of every list; kennis_store_undelete_entry() brings it
 * back until it is purged.
 */
gboolean
kennis_store_delete_entry (KennisStore  *self,
                           KennisEntry  *entry,
                           GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), FALSE);

  return set_deleted (self, entry, TRUE, error);
}

gboolean
kennis_store_undelete_entry (KennisStore  *self,
                             KennisEntry  *entry,
                             GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), FALSE);

  return set_deleted (self, entry, FALSE, error);
}

/**
 * kennis_store_purge_deleted:
 * @older_than: how long ago an entry must have been deleted
 *
 * Returns: how many entries were removed for good
 */
guint
kennis_store_purge_deleted (KennisStore  *self,
                            GTimeSpan     older_than,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  guint purged;

  g_return_val_if_fail (KENNIS_IS_STORE (self), 0);

  if (!begin (self, error))
    return 0;

  stmt = prepare (self, "DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at <= ?1", error);
  if (stmt == NULL)
    {
      rollback (self);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 1, now_us () - older_than);
  if (!step_done (self, stmt, error))
    {
      rollback (self);
      return 0;
    }
  purged = sqlite3_changes (self->db);

  if (!exec (self, "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM entry_tags)", error) ||
      !commit (self, error))
    {
      rollback (self);
      return 0;
    }

  if (purged > 0)
    emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return purged;
}

/**
 * kennis_store_query:
 * @limit: the most ids wanted, 0 for all
 *
 * Returns: (transfer full) (element-type gint64): the entry numbers the
 *   query selects, in list order
 */
GArray *
kennis_store_query (KennisStore        *self,
                    const KennisQuery  *query,
                    guint               limit,
                    GError            **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return run_query (self->db, query, limit, error);
}

/**
 * kennis_store_query_async:
 *
 * Like kennis_store_query(), on a worker thread with its own connection.
 */
void
kennis_store_query_async (KennisStore         *self,
                          const KennisQuery   *query,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (KENNIS_IS_STORE (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (QueryData, 1);
  data->query = kennis_query_copy (query);
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_store_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify)query_data_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * kennis_store_query_finish:
 *
 * Returns: (transfer full) (element-type gint64): the entry numbers
 */
GArray *
kennis_store_query_finish (KennisStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kennis_store_count:
 *
 * Returns: how many entries @query selects (search text included)
 */
guint
kennis_store_count (KennisStore        *self,
                    const KennisQuery  *query,
                    GError            **error)
{
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (KENNIS_IS_STORE (self), 0);

  if (kennis_query_has_text (query))
    match = kennis_search_build_match (query->text);

  stmt = prepare (self, match ? count_search_sql : count_sql, error);
  if (stmt == NULL)
    return 0;

  bind_query (stmt, query, match);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  else
    _kennis_store_set_sqlite_error (error, self->db, _("Counting"));
  sqlite3_reset (stmt);

  return count;
}

/**
 * kennis_store_list_tags:
 *
 * Returns: (transfer full): a list of #KennisTag in use by live entries,
 *   sorted by name, with counts
 */
GListModel *
kennis_store_list_tags (KennisStore  *self,
                        GError      **error)
{
  g_autoptr(GListStore) tags = g_list_store_new (KENNIS_TYPE_TAG);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT t.name, count(*) FROM tags t"
                  " JOIN entry_tags et ON et.tag_id = t.id"
                  " JOIN entries e ON e.num = et.entry_num AND e.deleted_at IS NULL"
                  " GROUP BY t.id ORDER BY t.key",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KennisTag) tag = kennis_tag_new (column_text (stmt, 0), sqlite3_column_int (stmt, 1));
      g_list_store_append (tags, tag);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading tags"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&tags));
}

/**
 * kennis_store_complete_tag:
 * @prefix: what the user typed so far
 *
 * Returns: (transfer full): existing tag names that start with @prefix,
 *   ignoring case, most used first
 */
char **
kennis_store_complete_tag (KennisStore  *self,
                           const char   *prefix,
                           guint         limit,
                           GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *key = kennis_tag_dup_key (prefix);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT t.name FROM tags t JOIN entry_tags et ON et.tag_id = t.id"
                  " JOIN entries e ON e.num = et.entry_num AND e.deleted_at IS NULL"
                  " WHERE substr (t.key, 1, length (?1)) = ?1"
                  " GROUP BY t.id ORDER BY count(*) DESC, t.key LIMIT ?2",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, limit > 0 ? (int)limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading tags"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * kennis_store_list_audiences:
 *
 * Returns: (transfer full): every #KennisAudience, built-ins first, with
 *   how many live entries are for each
 */
GListModel *
kennis_store_list_audiences (KennisStore  *self,
                             GError      **error)
{
  g_autoptr(GListStore) audiences = g_list_store_new (KENNIS_TYPE_AUDIENCE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT a.id, a.key, a.name,"
                  " (SELECT count(*) FROM entry_audiences ea JOIN entries e ON e.num = ea.entry_num"
                  "  WHERE ea.audience_id = a.id AND e.deleted_at IS NULL)"
                  " FROM audiences a ORDER BY a.position, a.id",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KennisAudience) audience = audience_from_row (stmt);
      g_list_store_append (audiences, audience);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading audiences"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&audiences));
}

/**
 * kennis_store_get_audience:
 *
 * Returns: (transfer full): the audience, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND
 */
KennisAudience *
kennis_store_get_audience (KennisStore  *self,
                           gint64        id,
                           GError      **error)
{
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (self, error);

  if (audiences == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (kennis_audience_get_id (audience) == id)
        return g_steal_pointer (&audience);
    }

  g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
               _("That audience no longer exists."));
  return NULL;
}

/**
 * kennis_store_find_audience:
 * @name_or_key: a built-in key (`team`, `org`, `public`) or a name as
 *   shown, in any case
 *
 * Returns: (transfer full): the audience, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND
 */
KennisAudience *
kennis_store_find_audience (KennisStore  *self,
                            const char   *name_or_key,
                            GError      **error)
{
  g_autoptr(GListModel) audiences = NULL;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  if (name_or_key == NULL || !g_utf8_validate (name_or_key, -1, NULL))
    name_or_key = "";

  audiences = kennis_store_list_audiences (self, error);
  if (audiences == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (kennis_audience_matches (audience, name_or_key))
        return g_steal_pointer (&audience);
    }

  g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
               _("There is no audience called “%s”."), name_or_key);
  return NULL;
}

/**
 * kennis_store_add_audience:
 *
 * Returns: (transfer full): the new audience
 */
KennisAudience *
kennis_store_add_audience (KennisStore  *self,
                           const char   *name,
                           GError      **error)
{
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  clean = validate_name (name, error);
  if (clean == NULL || !check_unique_name (self, clean, 0, error))
    return NULL;

  stmt = prepare (self,
                  "INSERT INTO audiences (name, position)"
                  " VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM audiences))",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, clean);
  if (!step_done (self, stmt, error))
    return NULL;

  id = sqlite3_last_insert_rowid (self->db);
  emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return kennis_audience_new (id, NULL, clean, 0);
}

gboolean
kennis_store_rename_audience (KennisStore  *self,
                              gint64        id,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *clean = NULL;
  g_autoptr(KennisAudience) audience = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  audience = kennis_store_get_audience (self, id, error);
  if (audience == NULL)
    return FALSE;

  clean = validate_name (name, error);
  if (clean == NULL || !check_unique_name (self, clean, id, error))
    return FALSE;

  stmt = prepare (self, "UPDATE audiences SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, clean);
  if (!step_done (self, stmt, error))
    return FALSE;

  emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_remove_audience:
 *
 * Removes one of the user's own audiences. Entries that were only for it
 * become private again: narrowing never widens.
 */
gboolean
kennis_store_remove_audience (KennisStore  *self,
                              gint64        id,
                              GError      **error)
{
  g_autoptr(KennisAudience) audience = NULL;
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  audience = kennis_store_get_audience (self, id, error);
  if (audience == NULL)
    return FALSE;

  if (kennis_audience_is_builtin (audience))
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   _("“%s” is one of the audiences every notebook has and cannot be removed."),
                   kennis_audience_get_name (audience));
      return FALSE;
    }

  stmt = prepare (self, "DELETE FROM audiences WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gboolean dirty = kennis_entry_get_dirty (value);

      kennis_entry_toggle_audience (value, id, FALSE);
      _kennis_entry_set_dirty (value, dirty);
    }

  emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_watch:
 * @interval_ms: how often to look
 *
 * Looks for commits by other processes (kennis-cli) on the main loop and
 * emits #KennisStore::changed when there are any.
 */
void
kennis_store_watch (KennisStore *self,
                    guint        interval_ms)
{
  g_return_if_fail (KENNIS_IS_STORE (self));

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (interval_ms > 0)
    self->watch_id = g_timeout_add (interval_ms, watch_timeout_cb, self);
}

/**
 * kennis_store_check_changes:
 *
 * Reloads entries that are in use and not being edited, when another
 * process committed since the last look.
 *
 * Returns: %TRUE if there were changes
 */
gboolean
kennis_store_check_changes (KennisStore *self)
{
  g_autoptr(GPtrArray) live = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 version;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  version = read_data_version (self);
  if (version == self->data_version)
    return FALSE;
  self->data_version = version;

  live = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (live, g_object_ref (value));

  for (guint i = 0; i < live->len; i++)
    {
      KennisEntry *entry = g_ptr_array_index (live, i);
      g_autoptr(KennisEntry) fresh = NULL;

      if (kennis_entry_get_dirty (entry))
        continue;

      fresh = read_entry (self, kennis_entry_get_num (entry), NULL, NULL);
      if (fresh != NULL)
        _kennis_entry_assign_from (entry, fresh);
      else
        _kennis_entry_set_deleted (entry, TRUE);
    }

  emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_resolve_id:
 * @prefix: the start of an entry's id, at least %KENNIS_STORE_MIN_ID_PREFIX
 *   characters, in any case; a whole id works too
 *
 * Finds the one live entry whose id starts with @prefix, the way git takes
 * short commit hashes. Deleted entries are not found.
 *
 * Returns: (transfer full): the whole id, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND (also for text that cannot be an id),
 *   %KENNIS_STORE_ERROR_AMBIGUOUS, or %KENNIS_STORE_ERROR_INVALID for a
 *   prefix that is too short
 */
char *
kennis_store_resolve_id (KennisStore  *self,
                         const char   *prefix,
                         GError      **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *found = NULL;
  sqlite3_stmt *stmt;
  guint n_found = 0;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  /* Ids are lowercase UUIDs; anything else cannot match, and keeping to hex
   * digits and dashes also keeps GLOB wildcards out of the pattern. */
  for (const char *p = prefix; *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      {
        g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                     _("There is no entry “%s”; ids look like “3f2a9c1e”."), prefix);
        return NULL;
      }
  if (strlen (prefix) < KENNIS_STORE_MIN_ID_PREFIX)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   /* TRANSLATORS: %d is always 4 or more */
                   _("The entry id “%s” is too short; give at least %d characters."),
                   prefix, KENNIS_STORE_MIN_ID_PREFIX);
      return NULL;
    }

  lower = g_ascii_strdown (prefix, -1);

  /* A GLOB prefix pattern can use the index on the id column. */
  stmt = prepare (self,
                  "SELECT id FROM entries WHERE id GLOB ?1 || '*' AND deleted_at IS NULL LIMIT 2",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, lower);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (found == NULL)
        found = g_strdup (column_text (stmt, 0));
      n_found++;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, self->db, _("Reading the notebook"));
      return NULL;
    }

  if (n_found == 0)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                   _("There is no entry “%s”."), prefix);
      return NULL;
    }
  if (n_found > 1)
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_AMBIGUOUS,
                   _("More than one entry has an id starting with “%s”; give more characters."),
                   prefix);
      return NULL;
    }

  return g_steal_pointer (&found);
}

/**
 * kennis_store_set_busy_timeout:
 * @ms: how long a write waits for another program's write to finish
 *
 * Scripts can wait the default 5 s; a window should not freeze that long,
 * and retries a save that timed out instead.
 */
void
kennis_store_set_busy_timeout (KennisStore *self,
                               guint        ms)
{
  g_return_if_fail (KENNIS_IS_STORE (self));

  sqlite3_busy_timeout (self->db, (int)ms);
}

/* For the other files of the store (kennis-store-sharing.c): the same
 * statement cache, transactions and change signal. */
sqlite3_stmt *
_kennis_store_prepare (KennisStore  *self,
                       const char   *sql,
                       GError      **error)
{
  return prepare (self, sql, error);
}

gboolean
_kennis_store_step_done (KennisStore   *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  return step_done (self, stmt, error);
}

gboolean
_kennis_store_begin (KennisStore  *self,
                     GError      **error)
{
  return begin (self, error);
}

gboolean
_kennis_store_commit (KennisStore  *self,
                      GError      **error)
{
  return commit (self, error);
}

void
_kennis_store_rollback (KennisStore *self)
{
  rollback (self);
}

sqlite3 *
_kennis_store_get_db (KennisStore *self)
{
  return self->db;
}

void
_kennis_store_emit_changed (KennisStore       *self,
                            KennisStoreChange  what)
{
  emit_changed (self, what);
}
