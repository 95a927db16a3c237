/* kennis-store.h — the notebook on disk: one SQLite file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-types.h"
#include "kennis-query.h"

G_BEGIN_DECLS

#define KENNIS_STORE_ERROR (kennis_store_error_quark ())

typedef enum
{
  KENNIS_STORE_ERROR_FAILED,
  KENNIS_STORE_ERROR_CORRUPT,
  KENNIS_STORE_ERROR_NEWER_VERSION,
  KENNIS_STORE_ERROR_NOT_FOUND,
  KENNIS_STORE_ERROR_INVALID,
  KENNIS_STORE_ERROR_EXISTS,
  KENNIS_STORE_ERROR_AMBIGUOUS,
} KennisStoreError;

#define KENNIS_STORE_SCHEMA_VERSION 4

/* What a #KennisStore::changed emission may have changed. */
typedef enum
{
  KENNIS_STORE_CHANGE_ENTRIES = 1 << 0,  /* what entries say, and their order */
  KENNIS_STORE_CHANGE_COUNTS  = 1 << 1,  /* which entries exist, their tags and audiences */
  KENNIS_STORE_CHANGE_ALL     = KENNIS_STORE_CHANGE_ENTRIES | KENNIS_STORE_CHANGE_COUNTS,
} KennisStoreChange;

/* Deleted entries stay restorable this long before they are purged. */
#define KENNIS_STORE_PURGE_AFTER (30 * G_TIME_SPAN_DAY)
#define KENNIS_STORE_BACKUPS_KEPT 7

#define KENNIS_TYPE_STORE (kennis_store_get_type ())

G_DECLARE_FINAL_TYPE (KennisStore, kennis_store, KENNIS, STORE, GObject)

GQuark          kennis_store_error_quark        (void);

char           *kennis_store_dup_default_dir    (void);
char           *kennis_store_dup_default_path   (void);

/* How kennis_store_open_full() makes a notebook that does not exist yet. */
typedef enum
{
  KENNIS_STORE_OPEN_DEFAULT = 0,
  KENNIS_STORE_OPEN_EMPTY   = 1 << 0,  /* without the welcome entries, e.g. to restore an export into */
} KennisStoreOpenFlags;

KennisStore    *kennis_store_open               (const char          *path,
                                                 GError             **error);
KennisStore    *kennis_store_open_full          (const char          *path,
                                                 KennisStoreOpenFlags flags,
                                                 GError             **error);
const char     *kennis_store_get_path           (KennisStore         *self);
gboolean        kennis_store_set_aside          (const char          *path,
                                                 char               **aside_path,
                                                 GError             **error);

/* Entries */
gboolean        kennis_store_save_entry         (KennisStore         *self,
                                                 KennisEntry         *entry,
                                                 GError             **error);
gboolean        kennis_store_save_entries       (KennisStore         *self,
                                                 GPtrArray           *entries,
                                                 GError             **error);
KennisEntry    *kennis_store_get_entry          (KennisStore         *self,
                                                 const char          *id,
                                                 GError             **error);
KennisEntry    *kennis_store_get_entry_by_num   (KennisStore         *self,
                                                 gint64               num,
                                                 GError             **error);
GPtrArray      *kennis_store_get_entries        (KennisStore         *self,
                                                 const gint64        *nums,
                                                 guint                n_nums,
                                                 GError             **error);
KennisEntry    *kennis_store_find_link          (KennisStore         *self,
                                                 const char          *url,
                                                 GError             **error);
gboolean        kennis_store_delete_entry       (KennisStore         *self,
                                                 KennisEntry         *entry,
                                                 GError             **error);
gboolean        kennis_store_undelete_entry     (KennisStore         *self,
                                                 KennisEntry         *entry,
                                                 GError             **error);
guint           kennis_store_purge_deleted      (KennisStore         *self,
                                                 GTimeSpan            older_than,
                                                 GError             **error);

/* Queries */
GArray         *kennis_store_query              (KennisStore         *self,
                                                 const KennisQuery   *query,
                                                 guint                limit,
                                                 GError             **error);
void            kennis_store_query_async        (KennisStore         *self,
                                                 const KennisQuery   *query,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GArray         *kennis_store_query_finish       (KennisStore         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
guint           kennis_store_count              (KennisStore         *self,
                                                 const KennisQuery   *query,
                                                 GError             **error);

/* Tags */
GListModel     *kennis_store_list_tags          (KennisStore         *self,
                                                 GError             **error);
char          **kennis_store_complete_tag       (KennisStore         *self,
                                                 const char          *prefix,
                                                 guint                limit,
                                                 GError             **error);

/* Audiences */
GListModel     *kennis_store_list_audiences     (KennisStore         *self,
                                                 GError             **error);
KennisAudience *kennis_store_get_audience       (KennisStore         *self,
                                                 gint64               id,
                                                 GError             **error);
KennisAudience *kennis_store_find_audience      (KennisStore         *self,
                                                 const char          *name_or_key,
                                                 GError             **error);
KennisAudience *kennis_store_add_audience       (KennisStore         *self,
                                                 const char          *name,
                                                 GError             **error);
gboolean        kennis_store_rename_audience    (KennisStore         *self,
                                                 gint64               id,
                                                 const char          *name,
                                                 GError             **error);
gboolean        kennis_store_remove_audience    (KennisStore         *self,
                                                 gint64               id,
                                                 GError             **error);

/* Safety */
char           *kennis_store_dup_backup_dir     (KennisStore         *self);
char           *kennis_store_backup             (KennisStore         *self,
                                                 GError             **error);
void            kennis_store_backup_async       (KennisStore         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char           *kennis_store_backup_finish      (KennisStore         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
char           *kennis_store_find_last_backup   (const char          *path);
gboolean        kennis_store_restore_backup     (const char          *path,
                                                 const char          *backup_path,
                                                 GError             **error);

void            kennis_store_check_async        (KennisStore         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        kennis_store_check_finish       (KennisStore         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void            kennis_store_set_busy_timeout   (KennisStore         *self,
                                                 guint                ms);

/* Changes made by another process, e.g. kennis-cli */
void            kennis_store_watch              (KennisStore         *self,
                                                 guint                interval_ms);
gboolean        kennis_store_check_changes      (KennisStore         *self);

/* Short ids, e.g. for kennis-cli */
#define KENNIS_STORE_MIN_ID_PREFIX 4

char           *kennis_store_resolve_id         (KennisStore         *self,
                                                 const char          *prefix,
                                                 GError             **error);

G_END_DECLS
