/* kennis-store-sharing.c — targets, routes, shares and the outbox in the notebook file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "kennis-store-private.h"
#include "kennis-store-sharing.h"

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);

  return text ? text : "";
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *)sqlite3_column_text (stmt, col));
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;

  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, col) / G_USEC_PER_SEC);
}

static gint64
to_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
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

static gboolean
read_failed (KennisStore  *self,
             int           rc,
             GError      **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;

  _kennis_store_set_sqlite_error (error, _kennis_store_get_db (self), _("Reading the notebook"));
  return TRUE;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* Targets and routes */

static GArray *
routed_audiences (KennisStore  *self,
                  gint64        target_id,
                  GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = _kennis_store_prepare (self,
                                "SELECT audience_id FROM audience_targets WHERE target_id = ?1"
                                " ORDER BY audience_id",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, target_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  return g_steal_pointer (&ids);
}

static GPtrArray *
read_targets (KennisStore  *self,
              gint64        only_id,
              GError      **error)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_target_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _kennis_store_prepare (self,
                                "SELECT id, kind, name, config FROM targets"
                                " WHERE ?1 = 0 OR id = ?1 ORDER BY name_key",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, only_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KennisTargetInfo *target = g_new0 (KennisTargetInfo, 1);

      target->id = sqlite3_column_int64 (stmt, 0);
      target->kind = g_strdup (column_text (stmt, 1));
      target->name = g_strdup (column_text (stmt, 2));
      target->config = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (targets, target);
    }
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  for (guint i = 0; i < targets->len; i++)
    {
      KennisTargetInfo *target = g_ptr_array_index (targets, i);

      target->audiences = routed_audiences (self, target->id, error);
      if (target->audiences == NULL)
        return NULL;
    }

  return g_steal_pointer (&targets);
}

static KennisTargetInfo *
take_first (GPtrArray *targets)
{
  return targets->len > 0 ? g_ptr_array_steal_index (targets, 0) : NULL;
}

static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *clean = NULL;

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    clean = g_strstrip (g_utf8_normalize (name, -1, G_NORMALIZE_NFC));

  if (clean == NULL || clean[0] == '\0')
    {
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                   _("A place to share to needs a name."));
      return NULL;
    }

  return g_steal_pointer (&clean);
}

static gboolean
name_taken_error (KennisStore  *self,
                  const char   *name,
                  GError      **error)
{
  if (sqlite3_extended_errcode (_kennis_store_get_db (self)) != SQLITE_CONSTRAINT_UNIQUE &&
      sqlite3_errcode (_kennis_store_get_db (self)) != SQLITE_CONSTRAINT)
    return FALSE;

  g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS,
               _("There is already a place to share to called “%s”."), name);
  return TRUE;
}

/**
 * kennis_store_list_targets:
 *
 * Returns: (transfer full) (element-type KennisTargetInfo): every target,
 *   by name, with the audiences routed to it
 */
GPtrArray *
kennis_store_list_targets (KennisStore  *self,
                           GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  return read_targets (self, 0, error);
}

/**
 * kennis_store_get_target:
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND
 */
KennisTargetInfo *
kennis_store_get_target (KennisStore  *self,
                         gint64        id,
                         GError      **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  KennisTargetInfo *target;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  if (id <= 0 || (targets = read_targets (self, id, error)) == NULL)
    {
      if (id <= 0)
        g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                     _("That place to share to no longer exists."));
      return NULL;
    }

  target = take_first (targets);
  if (target == NULL)
    g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                 _("That place to share to no longer exists."));
  return target;
}

/**
 * kennis_store_find_target:
 * @name: a target's name, in any case
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_STORE_ERROR_NOT_FOUND
 */
KennisTargetInfo *
kennis_store_find_target (KennisStore  *self,
                          const char   *name,
                          GError      **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  targets = read_targets (self, 0, error);
  if (targets == NULL)
    return NULL;

  key = g_utf8_casefold (name && g_utf8_validate (name, -1, NULL) ? name : "", -1);
  for (guint i = 0; i < targets->len; i++)
    {
      KennisTargetInfo *target = g_ptr_array_index (targets, i);
      g_autofree char *other = g_utf8_casefold (target->name, -1);

      if (g_strcmp0 (key, other) == 0)
        return g_ptr_array_steal_index (targets, i);
    }

  g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
               _("There is no place to share to called “%s”."), name ? name : "");
  return NULL;
}

/**
 * kennis_store_add_target:
 * @kind: the kind of target, e.g. "folder"
 * @config: its settings as a JSON object
 *
 * Returns: (transfer full): the new target, routed from no audience yet
 */
KennisTargetInfo *
kennis_store_add_target (KennisStore  *self,
                         const char   *kind,
                         const char   *name,
                         const char   *config,
                         GError      **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  clean = clean_name (name, error);
  if (clean == NULL)
    return NULL;
  key = g_utf8_casefold (clean, -1);

  stmt = _kennis_store_prepare (self,
                                "INSERT INTO targets (kind, name, name_key, config, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, kind);
  bind_text (stmt, 2, clean);
  bind_text (stmt, 3, key);
  bind_text (stmt, 4, config ? config : "{}");
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      if (!name_taken_error (self, clean, error))
        _kennis_store_set_sqlite_error (error, _kennis_store_get_db (self), _("Saving"));
      return NULL;
    }
  sqlite3_reset (stmt);

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return kennis_store_get_target (self, sqlite3_last_insert_rowid (_kennis_store_get_db (self)), error);
}

gboolean
kennis_store_update_target (KennisStore  *self,
                            gint64        id,
                            const char   *name,
                            const char   *config,
                            GError      **error)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  target = kennis_store_get_target (self, id, error);
  if (target == NULL)
    return FALSE;

  clean = clean_name (name ? name : target->name, error);
  if (clean == NULL)
    return FALSE;
  key = g_utf8_casefold (clean, -1);

  stmt = _kennis_store_prepare (self,
                                "UPDATE targets SET name = ?2, name_key = ?3, config = ?4 WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, clean);
  bind_text (stmt, 3, key);
  bind_text (stmt, 4, config ? config : target->config);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      if (!name_taken_error (self, clean, error))
        _kennis_store_set_sqlite_error (error, _kennis_store_get_db (self), _("Saving"));
      return FALSE;
    }
  sqlite3_reset (stmt);

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_replace_target_config:
 * @old: the settings as the caller read them
 *
 * Writes @config unless the settings changed since they were read as @old
 * (another program, or the user, changed them meanwhile): then nothing
 * changes, and that is no error.
 */
gboolean
kennis_store_replace_target_config (KennisStore  *self,
                                    gint64        id,
                                    const char   *old,
                                    const char   *config,
                                    GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (old != NULL && config != NULL, FALSE);

  stmt = _kennis_store_prepare (self, "UPDATE targets SET config = ?3 WHERE id = ?1 AND config = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, old);
  bind_text (stmt, 3, config);
  if (!_kennis_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (_kennis_store_get_db (self)) > 0)
    _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_remove_target:
 *
 * Forgets a target with its routes, its record of shares and its queued
 * jobs. What was already published there stays where it is.
 */
gboolean
kennis_store_remove_target (KennisStore  *self,
                            gint64        id,
                            GError      **error)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  target = kennis_store_get_target (self, id, error);
  if (target == NULL)
    return FALSE;

  stmt = _kennis_store_prepare (self, "DELETE FROM targets WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_kennis_store_step_done (self, stmt, error))
    return FALSE;

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_set_route:
 * @routed: whether entries for @audience_id go to @target_id
 */
gboolean
kennis_store_set_route (KennisStore  *self,
                        gint64        audience_id,
                        gint64        target_id,
                        gboolean      routed,
                        GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  stmt = _kennis_store_prepare (self,
                                routed
                                ? "INSERT OR IGNORE INTO audience_targets (audience_id, target_id) VALUES (?1, ?2)"
                                : "DELETE FROM audience_targets WHERE audience_id = ?1 AND target_id = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, target_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                   _("That audience or place to share to no longer exists."));
      return FALSE;
    }
  sqlite3_reset (stmt);

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ALL);
  return TRUE;
}

/**
 * kennis_store_route_audiences:
 * @audiences: an entry's audiences; none means "Only me"
 *
 * Returns: (transfer full) (element-type gint64): the targets these
 *   audiences route to, each once, in id order; empty for "Only me"
 */
GArray *
kennis_store_route_audiences (KennisStore   *self,
                              const gint64  *audiences,
                              guint          n_audiences,
                              GError       **error)
{
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT target_id FROM audience_targets WHERE audience_id = ?1",
                                error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_audiences; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, audiences[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          gboolean seen = FALSE;

          for (guint j = 0; j < targets->len && !seen; j++)
            seen = g_array_index (targets, gint64, j) == id;
          if (!seen)
            g_array_append_val (targets, id);
        }
      sqlite3_reset (stmt);
      if (read_failed (self, rc, error))
        return NULL;
    }

  g_array_sort (targets, compare_ids);
  return g_steal_pointer (&targets);
}

/* Shares and their trail */

static gboolean
add_event (KennisStore  *self,
           gint64        entry_num,
           gint64        target_id,
           const char   *action,
           const char   *detail,
           GError      **error)
{
  sqlite3_stmt *stmt;

  /* The trail keeps the target's name as it was, so it survives the
   * target's removal. */
  stmt = _kennis_store_prepare (self,
                                "INSERT INTO share_events (entry_num, target_name, action, at, detail)"
                                " SELECT ?1, name, ?3, ?4, ?5 FROM targets WHERE id = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  bind_text (stmt, 3, action);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  bind_text (stmt, 5, detail);
  return _kennis_store_step_done (self, stmt, error);
}

/**
 * kennis_store_list_shares:
 *
 * Returns: (transfer full) (element-type KennisShareInfo): where the entry
 *   went, withdrawn copies included, by target name
 */
GPtrArray *
kennis_store_list_shares (KennisStore  *self,
                          gint64        entry_num,
                          GError      **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_share_info_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT s.target_id, t.name, t.kind, s.slug, s.remote_id, s.url,"
                                " s.content_hash, s.shared_at, s.updated_at, s.withdrawn_at, s.snapshot"
                                " FROM shares s JOIN targets t ON t.id = s.target_id"
                                " WHERE s.entry_num = ?1 ORDER BY t.name_key",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_num);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KennisShareInfo *share = g_new0 (KennisShareInfo, 1);

      share->target_id = sqlite3_column_int64 (stmt, 0);
      share->target_name = g_strdup (column_text (stmt, 1));
      share->target_kind = g_strdup (column_text (stmt, 2));
      share->slug = column_dup (stmt, 3);
      share->remote_id = column_dup (stmt, 4);
      share->url = column_dup (stmt, 5);
      share->content_hash = column_dup (stmt, 6);
      share->shared = column_time (stmt, 7);
      share->updated = column_time (stmt, 8);
      share->withdrawn = column_time (stmt, 9);
      share->snapshot = column_dup (stmt, 10);
      g_ptr_array_add (shares, share);
    }
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  return g_steal_pointer (&shares);
}

static gboolean
slug_taken (KennisStore  *self,
            gint64        entry_num,
            gint64        target_id,
            const char   *slug,
            gboolean     *taken,
            GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _kennis_store_prepare (self,
                                "SELECT 1 FROM shares WHERE target_id = ?1 AND slug = ?2 AND entry_num != ?3",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, target_id);
  bind_text (stmt, 2, slug);
  sqlite3_bind_int64 (stmt, 3, entry_num);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, _kennis_store_get_db (self), _("Reading the notebook"));
      return FALSE;
    }

  *taken = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * kennis_store_claim_slug:
 * @wanted: a slug made from the title
 *
 * An entry keeps the path it got when it was first shared to a target,
 * even after a rename; a new one gets @wanted, or @wanted with "-2", "-3"…
 * when another entry has it there.
 *
 * Returns: (transfer full): the entry's slug at that target
 */
char *
kennis_store_claim_slug (KennisStore  *self,
                         gint64        entry_num,
                         gint64        target_id,
                         const char   *wanted,
                         GError      **error)
{
  g_autofree char *candidate = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (wanted != NULL && wanted[0] != '\0', NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT slug FROM shares WHERE entry_num = ?1 AND target_id = ?2"
                                " AND slug IS NOT NULL",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    candidate = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (candidate != NULL)
    return g_steal_pointer (&candidate);
  if (read_failed (self, rc, error))
    return NULL;

  candidate = g_strdup (wanted);
  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;

      if (!slug_taken (self, entry_num, target_id, candidate, &taken, error))
        return NULL;
      if (!taken)
        break;
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", wanted, n);
    }

  stmt = _kennis_store_prepare (self,
                                "INSERT INTO shares (entry_num, target_id, slug) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (entry_num, target_id) DO UPDATE SET slug = excluded.slug",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  bind_text (stmt, 3, candidate);
  if (!_kennis_store_step_done (self, stmt, error))
    return NULL;

  return g_steal_pointer (&candidate);
}

/**
 * kennis_store_record_shared:
 * @content_hash: a hash of what was sent, to tell "changed since shared"
 * @snapshot: (nullable): what was sent, serialized by the sharing code
 *
 * Notes that the entry's copy at the target is up to date, and adds
 * "shared" (the first time) or "updated" to the entry's trail.
 */
gboolean
kennis_store_record_shared (KennisStore  *self,
                            gint64        entry_num,
                            gint64        target_id,
                            const char   *remote_id,
                            const char   *url,
                            const char   *content_hash,
                            const char   *snapshot,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  gint64 now = g_get_real_time ();
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  if (!_kennis_store_begin (self, error))
    return FALSE;

  stmt = _kennis_store_prepare (self,
                                "SELECT shared_at IS NULL OR withdrawn_at IS NOT NULL FROM shares"
                                " WHERE entry_num = ?1 AND target_id = ?2",
                                error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    first = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  stmt = _kennis_store_prepare (self,
                                "INSERT INTO shares (entry_num, target_id, remote_id, url, content_hash, snapshot,"
                                " shared_at, updated_at, withdrawn_at) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?6, NULL)"
                                " ON CONFLICT (entry_num, target_id) DO UPDATE SET"
                                " remote_id = excluded.remote_id, url = excluded.url,"
                                " content_hash = excluded.content_hash, snapshot = excluded.snapshot,"
                                " updated_at = excluded.updated_at,"
                                " shared_at = CASE WHEN shares.shared_at IS NULL OR shares.withdrawn_at IS NOT NULL"
                                "                  THEN excluded.shared_at ELSE shares.shared_at END,"
                                " withdrawn_at = NULL",
                                error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  bind_text (stmt, 3, remote_id);
  bind_text (stmt, 4, url);
  bind_text (stmt, 5, content_hash);
  sqlite3_bind_int64 (stmt, 6, now);
  bind_text (stmt, 7, snapshot);
  if (!_kennis_store_step_done (self, stmt, error) ||
      !add_event (self, entry_num, target_id, first ? "shared" : "updated", url, error) ||
      !_kennis_store_commit (self, error))
    goto failed;

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return TRUE;

failed:
  _kennis_store_rollback (self);
  return FALSE;
}

/**
 * kennis_store_record_withdrawn:
 *
 * Notes that the entry's copy at the target was removed; the share stays
 * in the trail with the time it was withdrawn.
 */
gboolean
kennis_store_record_withdrawn (KennisStore  *self,
                               gint64        entry_num,
                               gint64        target_id,
                               GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  if (!_kennis_store_begin (self, error))
    return FALSE;

  stmt = _kennis_store_prepare (self,
                                "UPDATE shares SET withdrawn_at = ?3"
                                " WHERE entry_num = ?1 AND target_id = ?2 AND shared_at IS NOT NULL",
                                error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!_kennis_store_step_done (self, stmt, error) ||
      !add_event (self, entry_num, target_id, "withdrawn", NULL, error) ||
      !_kennis_store_commit (self, error))
    goto failed;

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return TRUE;

failed:
  _kennis_store_rollback (self);
  return FALSE;
}

/**
 * kennis_store_record_failure:
 * @detail: what went wrong, in words the user can act on
 */
gboolean
kennis_store_record_failure (KennisStore  *self,
                             gint64        entry_num,
                             gint64        target_id,
                             const char   *detail,
                             GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  if (!add_event (self, entry_num, target_id, "failed", detail, error))
    return FALSE;

  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return TRUE;
}

/* The first column of every row @stmt gives, as entry numbers. */
static GArray *
step_nums (KennisStore   *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 num = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (nums, num);
    }
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  return g_steal_pointer (&nums);
}

/**
 * kennis_store_shared_entries:
 *
 * Returns: (transfer full) (element-type gint64): every entry with a copy up
 *   somewhere, for marking them in the list
 */
GArray *
kennis_store_shared_entries (KennisStore  *self,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT DISTINCT s.entry_num FROM shares s JOIN entries e ON e.num = s.entry_num"
                                " WHERE s.shared_at IS NOT NULL AND s.withdrawn_at IS NULL"
                                " AND e.deleted_at IS NULL",
                                error);
  if (stmt == NULL)
    return NULL;

  return step_nums (self, stmt, error);
}

/**
 * kennis_store_shared_nums:
 *
 * Returns: (transfer full) (element-type gint64): the live entries whose
 *   copy is up at @target_id, newest first
 */
GArray *
kennis_store_shared_nums (KennisStore  *self,
                          gint64        target_id,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT s.entry_num FROM shares s JOIN entries e ON e.num = s.entry_num"
                                " WHERE s.target_id = ?1 AND s.shared_at IS NOT NULL"
                                " AND s.withdrawn_at IS NULL AND e.deleted_at IS NULL"
                                " ORDER BY s.shared_at DESC, s.entry_num DESC",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, target_id);
  return step_nums (self, stmt, error);
}

/**
 * kennis_store_list_share_events:
 *
 * Returns: (transfer full) (element-type KennisShareEvent): the entry's
 *   trail, oldest first
 */
GPtrArray *
kennis_store_list_share_events (KennisStore  *self,
                                gint64        entry_num,
                                GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_share_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT target_name, action, at, detail FROM share_events"
                                " WHERE entry_num = ?1 ORDER BY at, id",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_num);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KennisShareEvent *event = g_new0 (KennisShareEvent, 1);

      event->target_name = g_strdup (column_text (stmt, 0));
      event->action = g_strdup (column_text (stmt, 1));
      event->at = column_time (stmt, 2);
      event->detail = column_dup (stmt, 3);
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  return g_steal_pointer (&events);
}

/**
 * kennis_store_read_snapshots:
 * @path: the notebook file; read through a connection of its own, so a
 *   worker thread may call this
 * @except_entry: an entry to leave out, or 0
 *
 * Returns: (transfer full) (element-type utf8): the snapshots of every
 *   live copy at @target_id, newest share first
 */
GPtrArray *
kennis_store_read_snapshots (const char  *path,
                             gint64       target_id,
                             gint64       except_entry,
                             GError     **error)
{
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = _kennis_store_open_reader (path, error);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (db == NULL)
    return NULL;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT s.snapshot FROM shares s JOIN entries e ON e.num = s.entry_num"
                           " WHERE s.target_id = ?1 AND s.entry_num != ?2 AND s.snapshot IS NOT NULL"
                           " AND s.shared_at IS NOT NULL AND s.withdrawn_at IS NULL AND e.deleted_at IS NULL"
                           " ORDER BY s.shared_at DESC, s.entry_num DESC",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, target_id);
      sqlite3_bind_int64 (stmt, 2, except_entry);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (snapshots, g_strdup (column_text (stmt, 0)));
    }

  if (rc != SQLITE_DONE)
    {
      _kennis_store_set_sqlite_error (error, db, _("Reading the notebook"));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_steal_pointer (&snapshots);
}

/* The outbox */

/**
 * kennis_store_outbox_add:
 *
 * Writes the job down before anything is written or sent.
 *
 * Returns: the job's id, or 0 with @error set
 */
gint64
kennis_store_outbox_add (KennisStore         *self,
                         gint64               entry_num,
                         gint64               target_id,
                         KennisOutboxAction   action,
                         GError             **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (KENNIS_IS_STORE (self), 0);

  stmt = _kennis_store_prepare (self,
                                "INSERT INTO outbox (entry_num, target_id, action, created_at, next_attempt_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?4)",
                                error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, entry_num);
  sqlite3_bind_int64 (stmt, 2, target_id);
  bind_text (stmt, 3, kennis_outbox_action_to_string (action));
  sqlite3_bind_int64 (stmt, 4, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                   _("That entry or place to share to no longer exists."));
      return 0;
    }
  sqlite3_reset (stmt);

  /* The entry's share state is now "pending". */
  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return sqlite3_last_insert_rowid (_kennis_store_get_db (self));
}

#define JOB_COLUMNS "o.id, o.entry_num, o.target_id, o.action, o.state, o.attempts, o.next_attempt_at, o.last_error," \
                    " coalesce (o.claimed_until, 0)"

static KennisOutboxJob *
job_from_row (sqlite3_stmt *stmt)
{
  KennisOutboxJob *job = g_new0 (KennisOutboxJob, 1);

  job->id = sqlite3_column_int64 (stmt, 0);
  job->entry_num = sqlite3_column_int64 (stmt, 1);
  job->target_id = sqlite3_column_int64 (stmt, 2);
  kennis_outbox_action_from_string (column_text (stmt, 3), &job->action);
  job->failed = g_str_equal (column_text (stmt, 4), "failed");
  job->attempts = sqlite3_column_int (stmt, 5);
  job->next_attempt = column_time (stmt, 6);
  job->last_error = column_dup (stmt, 7);
  job->running = sqlite3_column_int64 (stmt, 8) > g_get_real_time ();
  return job;
}

/**
 * kennis_store_outbox_next:
 * @now: the present
 *
 * Jobs run in the order they were added for each entry and target: a job
 * waits while an earlier one for the same pair is queued or failed.
 *
 * Returns: (transfer full) (nullable): the job to run now, or %NULL when
 *   none is due (then @error is not set)
 */
KennisOutboxJob *
kennis_store_outbox_next (KennisStore  *self,
                          GDateTime    *now,
                          GError      **error)
{
  sqlite3_stmt *stmt;
  KennisOutboxJob *job = NULL;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  stmt = _kennis_store_prepare (self,
                                "SELECT " JOB_COLUMNS " FROM outbox o"
                                " WHERE o.state = 'pending' AND o.next_attempt_at <= ?1"
                                " AND (o.claimed_until IS NULL OR o.claimed_until <= ?1)"
                                " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.entry_num = o.entry_num"
                                "                 AND p.target_id = o.target_id AND p.id < o.id)"
                                " ORDER BY o.next_attempt_at, o.id LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, to_us (now));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    job = job_from_row (stmt);
  sqlite3_reset (stmt);

  if (job == NULL && read_failed (self, rc, error))
    return NULL;

  return job;
}

/**
 * kennis_store_outbox_take:
 * @now: the present
 * @until: when the others may run it if this caller does not finish it
 *
 * Claims a job from kennis_store_outbox_next() before running it, so that
 * a second program on the same notebook (the app and kennis-cli) does not
 * run it at the same time. Finishing, postponing, failing or releasing it
 * ends the claim; a program that stops halfway leaves the job to the
 * others at @until: late, never lost.
 *
 * Returns: %TRUE when the job is this caller's to run; %FALSE, without
 *   @error set, when it is no longer due (someone else took it)
 */
gboolean
kennis_store_outbox_take (KennisStore  *self,
                          gint64        job_id,
                          GDateTime    *now,
                          GDateTime    *until,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL && until != NULL, FALSE);

  stmt = _kennis_store_prepare (self,
                                "UPDATE outbox SET claimed_until = ?3"
                                " WHERE id = ?1 AND state = 'pending' AND next_attempt_at <= ?2"
                                " AND (claimed_until IS NULL OR claimed_until <= ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, to_us (now));
  sqlite3_bind_int64 (stmt, 3, to_us (until));
  if (!_kennis_store_step_done (self, stmt, error))
    return FALSE;
  return sqlite3_changes (_kennis_store_get_db (self)) == 1;
}

/**
 * kennis_store_outbox_renew:
 * @until: the claim's new end
 *
 * Keeps a claim from kennis_store_outbox_take() while the job still runs.
 */
gboolean
kennis_store_outbox_renew (KennisStore  *self,
                           gint64        job_id,
                           GDateTime    *until,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  stmt = _kennis_store_prepare (self, "UPDATE outbox SET claimed_until = ?2 WHERE id = ?1 AND claimed_until IS NOT NULL",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, to_us (until));
  return _kennis_store_step_done (self, stmt, error);
}

/**
 * kennis_store_outbox_release:
 *
 * Gives back a job taken with kennis_store_outbox_take() that was not run
 * to its end, for whoever runs the outbox next.
 */
gboolean
kennis_store_outbox_release (KennisStore  *self,
                             gint64        job_id,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  stmt = _kennis_store_prepare (self, "UPDATE outbox SET claimed_until = NULL WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  return _kennis_store_step_done (self, stmt, error);
}

static gboolean
job_exists (KennisStore *self,
            gint64       job_id)
{
  sqlite3_stmt *stmt = _kennis_store_prepare (self, "SELECT 1 FROM outbox WHERE id = ?1", NULL);
  gboolean exists;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return exists;
}

static gboolean
update_job (KennisStore  *self,
            const char   *sql,
            gint64        job_id,
            const char   *why,
            gint64        when,
            GError      **error)
{
  sqlite3_stmt *stmt = _kennis_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  bind_text (stmt, 2, why);
  sqlite3_bind_int64 (stmt, 3, when);
  if (!_kennis_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (_kennis_store_get_db (self)) == 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, job_id);

      /* TRANSLATORS: %s is the number of a job in the outbox */
      g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND,
                   _("There is no queued job %s."), number);
      return FALSE;
    }

  return TRUE;
}

/**
 * kennis_store_outbox_finish:
 *
 * Removes a job that was carried out.
 */
gboolean
kennis_store_outbox_finish (KennisStore  *self,
                            gint64        job_id,
                            GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  return update_job (self, "DELETE FROM outbox WHERE id = ?1 AND ?2 IS NULL AND ?3 IS NOT NULL",
                     job_id, NULL, 0, error);
}

/**
 * kennis_store_outbox_postpone:
 * @why: what went wrong this time
 * @next_attempt: when to try again
 */
gboolean
kennis_store_outbox_postpone (KennisStore  *self,
                              gint64        job_id,
                              const char   *why,
                              GDateTime    *next_attempt,
                              GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_attempt != NULL, FALSE);

  return update_job (self,
                     "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
                     " claimed_until = NULL WHERE id = ?1",
                     job_id, why, to_us (next_attempt), error);
}

/**
 * kennis_store_outbox_fail:
 * @why: the reason, shown to the user with a way to retry
 *
 * Stops a job until the user retries or cancels it.
 */
gboolean
kennis_store_outbox_fail (KennisStore  *self,
                          gint64        job_id,
                          const char   *why,
                          GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  return update_job (self,
                     "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, state = 'failed',"
                     " claimed_until = NULL WHERE id = ?1 AND ?3 IS NOT NULL",
                     job_id, why, 0, error);
}

gboolean
kennis_store_outbox_retry (KennisStore  *self,
                           gint64        job_id,
                           GError      **error)
{
  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  if (!update_job (self,
                   "UPDATE outbox SET state = 'pending', next_attempt_at = ?3"
                   " WHERE id = ?1 AND ?2 IS NULL",
                   job_id, NULL, g_get_real_time (), error))
    return FALSE;

  /* The entry's share state goes from failed to pending. */
  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return TRUE;
}

/**
 * kennis_store_outbox_wake:
 *
 * Makes every job that waits for a later try due now, e.g. when the
 * network comes back: the wait was for the network, not for the server.
 */
gboolean
kennis_store_outbox_wake (KennisStore  *self,
                          GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  stmt = _kennis_store_prepare (self,
                                "UPDATE outbox SET next_attempt_at = ?1"
                                " WHERE state = 'pending' AND next_attempt_at > ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  return _kennis_store_step_done (self, stmt, error);
}

/**
 * kennis_store_outbox_cancel:
 *
 * Calls off a job that waits or stopped. One that a program is sending
 * right now cannot be called off: what is sent may arrive all the same.
 */
gboolean
kennis_store_outbox_cancel (KennisStore  *self,
                            gint64        job_id,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KENNIS_IS_STORE (self), FALSE);

  if (!update_job (self,
                   "DELETE FROM outbox WHERE id = ?1 AND ?2 IS NULL"
                   " AND (claimed_until IS NULL OR claimed_until <= ?3)",
                   job_id, NULL, g_get_real_time (), &local_error))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, job_id);

      if (g_error_matches (local_error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND) && job_exists (self, job_id))
        /* TRANSLATORS: %s is the number of a job in the outbox */
        g_set_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                     _("Job %s is being sent right now; it can be called off once it waits or has stopped."),
                     number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The entry is no longer on its way anywhere. */
  _kennis_store_emit_changed (self, KENNIS_STORE_CHANGE_ENTRIES);
  return TRUE;
}

/**
 * kennis_store_outbox_list:
 *
 * Returns: (transfer full) (element-type KennisOutboxJob): every queued
 *   and failed job, oldest first
 */
GPtrArray *
kennis_store_outbox_list (KennisStore  *self,
                          GError      **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_outbox_job_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KENNIS_IS_STORE (self), NULL);

  stmt = _kennis_store_prepare (self, "SELECT " JOB_COLUMNS " FROM outbox o ORDER BY o.id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, job_from_row (stmt));
  sqlite3_reset (stmt);

  if (read_failed (self, rc, error))
    return NULL;

  return g_steal_pointer (&jobs);
}
