/* kennis-store-schema.c — the database schema and its forward-only migrations
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "kennis-store-private.h"
#include "kennis-url.h"

/* Times are microseconds since the Unix epoch, UTC. `tag_text` repeats the
 * entry's tag names so the FTS index (external content) can cover them. */
static const char schema_v1[] =
  "CREATE TABLE entries ("
  "  num INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('note', 'link')),"
  "  title TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  url TEXT NOT NULL DEFAULT '',"
  "  language TEXT NOT NULL DEFAULT '',"
  "  tag_text TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER"
  ");"
  /* The list's order is (updated_at, num), so the index holds num right
   * after updated_at: browsing 100,000 entries then needs no sort. */
  "CREATE INDEX entries_live ON entries (updated_at, num, kind) WHERE deleted_at IS NULL;"
  "CREATE INDEX entries_deleted ON entries (deleted_at) WHERE deleted_at IS NOT NULL;"
  "CREATE TABLE tags ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  key TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE entry_tags ("
  "  entry_num INTEGER NOT NULL REFERENCES entries (num) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (entry_num, tag_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id, entry_num);"
  "CREATE TABLE audiences ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT UNIQUE,"
  "  name TEXT,"
  "  position INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE entry_audiences ("
  "  entry_num INTEGER NOT NULL REFERENCES entries (num) ON DELETE CASCADE,"
  "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (entry_num, audience_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX entry_audiences_by_audience ON entry_audiences (audience_id, entry_num);"
  "INSERT INTO audiences (id, key, position) VALUES"
  "  (1, 'team', 1), (2, 'org', 2), (3, 'public', 3);"
  /* The index holds live entries only, so a search without filters needs
   * no join with entries; its content is this view, which keeps FTS5's
   * 'rebuild' and 'integrity-check' true to what is indexed. */
  "CREATE VIEW live_entries AS"
  "  SELECT num, title, body, url, tag_text FROM entries WHERE deleted_at IS NULL;"
  "CREATE VIRTUAL TABLE entries_fts USING fts5 ("
  "  title, body, url, tag_text,"
  "  content = 'live_entries', content_rowid = 'num',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  /* The word being typed is a prefix. Without these indexes FTS5 merges the
   * lists of every word that starts with the prefix before it can return
   * one row: over 100 ms for "de", 16 ms for "idee" in 100,000 notes.
   * Each length costs about a tenth more file; up to 6 covers most words
   * by the time a user pauses. */
  "  prefix = '1 2 3 4 5 6'"
  ");"
  /* An external-content 'delete' must repeat exactly what was indexed,
   * hence the conditions on deleted_at. */
  KENNIS_STORE_FTS_INSERT_TRIGGER_SQL
  "CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries WHEN old.deleted_at IS NULL BEGIN"
  "  INSERT INTO entries_fts (entries_fts, rowid, title, body, url, tag_text)"
  "  VALUES ('delete', old.num, old.title, old.body, old.url, old.tag_text);"
  "END;"
  "CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body, url, tag_text, deleted_at ON entries BEGIN"
  "  INSERT INTO entries_fts (entries_fts, rowid, title, body, url, tag_text)"
  "  SELECT 'delete', old.num, old.title, old.body, old.url, old.tag_text WHERE old.deleted_at IS NULL;"
  "  INSERT INTO entries_fts (rowid, title, body, url, tag_text)"
  "  SELECT new.num, new.title, new.body, new.url, new.tag_text WHERE new.deleted_at IS NULL;"
  "END;";

/* Sharing. A target is a configured destination (kind and settings as
 * JSON; secrets never go here). Audiences route to targets. A share records
 * what went where, with a hash of what was sent and a snapshot of it (so a
 * site is rebuilt from what was shared, not from later edits, and without
 * rendering every entry again); share_events is the trail the user sees. Every share, update and unshare is an outbox job before
 * anything is written or sent. */
static const char schema_v2[] =
  "CREATE TABLE targets ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL UNIQUE,"
  "  config TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE audience_targets ("
  "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
  "  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (audience_id, target_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE shares ("
  "  entry_num INTEGER NOT NULL REFERENCES entries (num) ON DELETE CASCADE,"
  "  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,"
  "  slug TEXT,"
  "  remote_id TEXT,"
  "  url TEXT,"
  "  content_hash TEXT,"
  "  snapshot TEXT,"
  "  shared_at INTEGER,"
  "  updated_at INTEGER,"
  "  withdrawn_at INTEGER,"
  "  PRIMARY KEY (entry_num, target_id)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX shares_slug ON shares (target_id, slug) WHERE slug IS NOT NULL;"
  "CREATE INDEX shares_by_target ON shares (target_id, entry_num) WHERE withdrawn_at IS NULL;"
  "CREATE TABLE share_events ("
  "  id INTEGER PRIMARY KEY,"
  "  entry_num INTEGER NOT NULL REFERENCES entries (num) ON DELETE CASCADE,"
  "  target_name TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('shared', 'updated', 'withdrawn', 'failed')),"
  "  at INTEGER NOT NULL,"
  "  detail TEXT"
  ");"
  "CREATE INDEX share_events_by_entry ON share_events (entry_num, at);"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  entry_num INTEGER NOT NULL REFERENCES entries (num) ON DELETE CASCADE,"
  "  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,"
  "  action TEXT NOT NULL CHECK (action IN ('share', 'update', 'unshare')),"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_due ON outbox (state, next_attempt_at);";

/* A link's address in the form kennis_url_dup_key() gives, so the same
 * page added twice is found in one index lookup. */
static const char schema_v3[] =
  "ALTER TABLE entries ADD COLUMN url_key TEXT;"
  "UPDATE entries SET url_key = kennis_url_key (url) WHERE url <> '';"
  "CREATE INDEX entries_url_key ON entries (url_key) WHERE url_key IS NOT NULL AND deleted_at IS NULL;";

/* A job a program is running, and until when the others leave it alone
 * (kennis_store_outbox_take()). */
static const char schema_v4[] =
  "ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;";

/* Index i holds the SQL that takes the schema from version i to i + 1. */
static const char * const migrations[] = {
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KENNIS_STORE_SCHEMA_VERSION);

void
_kennis_store_set_sqlite_error (GError    **error,
                                sqlite3    *db,
                                const char *doing)
{
  int code = sqlite3_errcode (db);
  KennisStoreError kind = KENNIS_STORE_ERROR_FAILED;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    kind = KENNIS_STORE_ERROR_CORRUPT;

  /* TRANSLATORS: the first %s says what Kennis was doing, the second is SQLite's message */
  g_set_error (error, KENNIS_STORE_ERROR, kind, _("%s failed: %s"), doing, sqlite3_errmsg (db));
}

/* Worker threads read through connections of their own. They scan once
 * (counts, checks, backups) or fetch ids, so a small page cache does; the
 * default 2 MB each stayed in the window's memory after the worker ended. */
sqlite3 *
_kennis_store_open_reader (const char  *path,
                           GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Opening the notebook"));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);
  sqlite3_exec (db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
  return db;
}

/* "Sharing works before any setup": every notebook that reaches schema 2
 * gets a folder feed, routed from Public and My organisation. */
static gboolean
add_default_target (sqlite3     *db,
                    const char  *feed_folder,
                    GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *config = NULL;
  g_autofree char *key = NULL;
  const char *name = _("My feed");
  sqlite3_stmt *stmt = NULL;
  int rc;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "folder");
  json_builder_add_string_value (builder, feed_folder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, _("What I share"));
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, g_get_real_name ());
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, _kennis_store_welcome_language ());
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  config = json_generator_to_data (generator, NULL);
  key = g_utf8_casefold (name, -1);

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO targets (kind, name, name_key, config, created_at)"
                           " VALUES ('folder', ?1, ?2, ?3, ?4)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, config, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_OK &&
      sqlite3_exec (db,
                    "INSERT INTO audience_targets (audience_id, target_id)"
                    " SELECT a.id, last_insert_rowid () FROM audiences a"
                    " WHERE a.key IN ('public', 'org')",
                    NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  _kennis_store_set_sqlite_error (error, db, _("Preparing the notebook"));
  return FALSE;
}

static void
url_key_sql_func (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  g_autofree char *key = kennis_url_dup_key ((const char *)sqlite3_value_text (argv[0]));

  if (key != NULL)
    sqlite3_result_text (context, key, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

/* Runs every migration from @from_version on in one transaction, so a
 * failure leaves the file as it was. */
gboolean
_kennis_store_migrate (sqlite3     *db,
                       int          from_version,
                       const char  *feed_folder,
                       GError     **error)
{
  g_autofree char *set_version = NULL;

  if (from_version >= KENNIS_STORE_SCHEMA_VERSION)
    return TRUE;

  if (sqlite3_create_function (db, "kennis_url_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               NULL, url_key_sql_func, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Preparing the notebook"));
      return FALSE;
    }

  for (int v = from_version; v < KENNIS_STORE_SCHEMA_VERSION; v++)
    {
      if (sqlite3_exec (db, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
        {
          _kennis_store_set_sqlite_error (error, db, _("Preparing the notebook"));
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (v == 1 && !add_default_target (db, feed_folder, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  /* PRAGMA takes no bound parameters; the number is ours, not user input. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", KENNIS_STORE_SCHEMA_VERSION);
  if (sqlite3_exec (db, set_version, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      _kennis_store_set_sqlite_error (error, db, _("Preparing the notebook"));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}
