/* kennis-store-private.h — pieces of the store kept in their own files
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "kennis-store.h"

G_BEGIN_DECLS

/* Keeps the search index in step with new entries. Part of the schema;
 * an import drops it for its transaction and indexes its entries at once. */
#define KENNIS_STORE_FTS_INSERT_TRIGGER_SQL \
  "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries WHEN new.deleted_at IS NULL BEGIN" \
  "  INSERT INTO entries_fts (rowid, title, body, url, tag_text)" \
  "  VALUES (new.num, new.title, new.body, new.url, new.tag_text);" \
  "END;"

typedef struct
{
  KennisEntryKind  kind;
  const char      *title;
  const char      *body;
  const char      *url;
  const char      *tags;      /* comma-separated, translated */
  const char      *audience;  /* a built-in key, or NULL for "Only me" */
} KennisWelcomeEntry;

gboolean  _kennis_store_migrate           (sqlite3            *db,
                                           int                 from_version,
                                           const char         *feed_folder,
                                           GError            **error);
sqlite3  *_kennis_store_open_reader       (const char         *path,
                                           GError            **error);
gboolean  _kennis_store_configure_connection (sqlite3         *db,
                                              GError         **error);
gboolean  _kennis_store_quick_check       (sqlite3            *db,
                                           const char         *path,
                                           GError            **error);
void      _kennis_store_set_sqlite_error  (GError            **error,
                                           sqlite3            *db,
                                           const char         *doing);
const KennisWelcomeEntry *_kennis_store_welcome_entries (guint *n_entries);

sqlite3_stmt *_kennis_store_prepare      (KennisStore        *self,
                                          const char         *sql,
                                          GError            **error);
gboolean      _kennis_store_step_done    (KennisStore        *self,
                                          sqlite3_stmt       *stmt,
                                          GError            **error);
gboolean      _kennis_store_begin        (KennisStore        *self,
                                          GError            **error);
gboolean      _kennis_store_commit       (KennisStore        *self,
                                          GError            **error);
void          _kennis_store_rollback     (KennisStore        *self);
sqlite3      *_kennis_store_get_db       (KennisStore        *self);
void          _kennis_store_emit_changed (KennisStore        *self,
                                          KennisStoreChange   what);
const char *_kennis_store_welcome_language (void);

G_END_DECLS
