/* fuzz-search.c — libFuzzer target: search text and tag names typed by a user
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever a user types into the search field must become an FTS5 query that
 * SQLite accepts, and whatever they type as a tag must normalize to valid
 * UTF-8 or to nothing. Any SQL error or invalid output aborts.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>

#include "kennis-search.h"
#include "kennis-tag.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *stmt;

static void
set_up (void)
{
  static const char schema[] =
    "CREATE VIRTUAL TABLE t USING fts5 (title, body,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');"
    "INSERT INTO t VALUES ('Creëer een leerplan', 'hello world a-b NEAR near');"
    "INSERT INTO t VALUES ('title:foo', 'AND OR NOT * ^ \" ''');";

  if (sqlite3_open (":memory:", &db) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autofree char *match = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *key = NULL;
  int rc;

  if (db == NULL)
    set_up ();

  match = kennis_search_build_match (text);
  if (match != NULL)
    {
      if (!g_utf8_validate (match, -1, NULL))
        abort ();
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        abort ();
    }

  tag = kennis_tag_normalize (text);
  key = kennis_tag_dup_key (text);
  if ((tag != NULL && (tag[0] == '\0' || !g_utf8_validate (tag, -1, NULL))) ||
      !g_utf8_validate (key, -1, NULL))
    abort ();

  return 0;
}
