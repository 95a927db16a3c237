/* test-sharing-store.c — targets, routes, shares, the trail and the outbox in the notebook file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

typedef struct
{
  char        *dir;
  char        *path;
  KennisStore *store;
  gint64       team;
  gint64       org;
  gint64       public;
} Fixture;

static gint64
audience_id (KennisStore *store,
             const char  *key)
{
  g_autoptr(KennisAudience) audience = kennis_store_find_audience (store, key, NULL);

  g_assert_nonnull (audience);
  return kennis_audience_get_id (audience);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-sharing-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  f->team = audience_id (f->store, "team");
  f->org = audience_id (f->store, "org");
  f->public = audience_id (f->store, "public");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  kennis_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static KennisEntry *
save_entry (Fixture    *f,
            const char *title,
            gint64      audience)
{
  g_autoptr(GError) error = NULL;
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  kennis_entry_set_title (entry, title);
  if (audience > 0)
    kennis_entry_toggle_audience (entry, audience, TRUE);
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  return entry;
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

/* Sharing works before any setup: a folder feed routed from Public and My
 * organisation, writing next to the notebook. */
static void
test_default_target (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = kennis_store_list_targets (f->store, &error);
  g_autofree char *folder = g_build_filename (f->dir, "feed", NULL);
  KennisTargetInfo *feed;

  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  feed = g_ptr_array_index (targets, 0);
  g_assert_cmpstr (feed->kind, ==, "folder");
  g_assert_cmpstr (feed->name, ==, "My feed");
  g_assert_nonnull (strstr (feed->config, "\"folder\""));
  g_assert_nonnull (strstr (feed->config, "/feed\"") ? feed->config : strstr (feed->config, "\\\\feed\""));
  g_assert_true (array_has (feed->audiences, f->public));
  g_assert_true (array_has (feed->audiences, f->org));
  g_assert_false (array_has (feed->audiences, f->team));
}

/* A notebook from before sharing gets the same feed when it is opened. */
static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) kept = save_entry (f, "Written before sharing existed", f->public);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(KennisEntry) back = NULL;
  g_autofree char *id = g_strdup (kennis_entry_get_id (kept));
  sqlite3 *db = NULL;

  g_clear_object (&kept);
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX entries_url_key; ALTER TABLE entries DROP COLUMN url_key;"
                                 "DROP TABLE outbox; DROP TABLE share_events; DROP TABLE shares;"
                                 "DROP TABLE audience_targets; DROP TABLE targets;"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  targets = kennis_store_list_targets (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  back = kennis_store_get_entry (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_entry_get_title (back), ==, "Written before sharing existed");
}

static void
test_targets_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) wiki = NULL;
  g_autoptr(KennisTargetInfo) again = NULL;
  g_autoptr(KennisTargetInfo) found = NULL;
  g_autoptr(KennisTargetInfo) renamed = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  wiki = kennis_store_add_target (f->store, "folder", "  Team wiki ", "{\"folder\":\"/tmp/x\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wiki->name, ==, "Team wiki");
  g_assert_cmpuint (wiki->audiences->len, ==, 0);

  again = kennis_store_add_target (f->store, "folder", "TEAM WIKI", "{}", &error);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS);
  g_assert_null (again);
  g_clear_error (&error);

  g_assert_false (kennis_store_add_target (f->store, "folder", "   ", "{}", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  found = kennis_store_find_target (f->store, "team WIKI", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, wiki->id);

  g_assert_true (kennis_store_update_target (f->store, wiki->id, "Project wiki", "{\"folder\":\"/tmp/y\"}", &error));
  g_assert_no_error (error);
  renamed = kennis_store_get_target (f->store, wiki->id, &error);
  g_assert_cmpstr (renamed->name, ==, "Project wiki");
  g_assert_cmpstr (renamed->config, ==, "{\"folder\":\"/tmp/y\"}");

  g_assert_true (kennis_store_set_route (f->store, f->team, wiki->id, TRUE, &error));
  g_assert_true (kennis_store_remove_target (f->store, wiki->id, &error));
  g_assert_no_error (error);
  targets = kennis_store_list_targets (f->store, &error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_null (kennis_store_get_target (f->store, wiki->id, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
}

static void
test_routing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) feed = kennis_store_find_target (f->store, "My feed", NULL);
  g_autoptr(KennisTargetInfo) wiki = kennis_store_add_target (f->store, "folder", "Team wiki", "{}", NULL);
  gint64 both[] = { f->org, f->public };
  gint64 team_and_public[] = { f->team, f->public };
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) once = NULL;
  g_autoptr(GArray) two = NULL;
  g_autoptr(GArray) team_only = NULL;

  none = kennis_store_route_audiences (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* Two audiences routed to the same target: it is listed once. */
  once = kennis_store_route_audiences (f->store, both, G_N_ELEMENTS (both), &error);
  g_assert_cmpuint (once->len, ==, 1);
  g_assert_cmpint (g_array_index (once, gint64, 0), ==, feed->id);

  team_only = kennis_store_route_audiences (f->store, &f->team, 1, &error);
  g_assert_cmpuint (team_only->len, ==, 0);

  g_assert_true (kennis_store_set_route (f->store, f->team, wiki->id, TRUE, &error));
  two = kennis_store_route_audiences (f->store, team_and_public, G_N_ELEMENTS (team_and_public), &error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_true (array_has (two, feed->id));
  g_assert_true (array_has (two, wiki->id));

  g_assert_true (kennis_store_set_route (f->store, f->team, wiki->id, FALSE, &error));
  g_clear_pointer (&team_only, g_array_unref);
  team_only = kennis_store_route_audiences (f->store, &f->team, 1, &error);
  g_assert_cmpuint (team_only->len, ==, 0);
  g_assert_no_error (error);
}

static void
test_slugs_are_claimed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) feed = kennis_store_find_target (f->store, "My feed", NULL);
  g_autoptr(KennisEntry) first = save_entry (f, "Plan", f->public);
  g_autoptr(KennisEntry) second = save_entry (f, "Plan", f->public);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *a_again = NULL;

  a = kennis_store_claim_slug (f->store, kennis_entry_get_num (first), feed->id, "plan", &error);
  g_assert_no_error (error);
  b = kennis_store_claim_slug (f->store, kennis_entry_get_num (second), feed->id, "plan", &error);
  g_assert_cmpstr (a, ==, "plan");
  g_assert_cmpstr (b, ==, "plan-2");

  /* Renamed, it keeps its path. */
  a_again = kennis_store_claim_slug (f->store, kennis_entry_get_num (first), feed->id, "new-title", &error);
  g_assert_cmpstr (a_again, ==, "plan");
  g_assert_no_error (error);
}

static void
test_share_record_and_trail (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) feed = kennis_store_find_target (f->store, "My feed", NULL);
  g_autoptr(KennisEntry) entry = save_entry (f, "Shared note", f->public);
  g_autoptr(KennisEntry) other = save_entry (f, "Deleted later", f->public);
  gint64 num = kennis_entry_get_num (entry);
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) live = NULL;
  KennisShareInfo *share;

  g_autoptr(GPtrArray) snapshots = NULL;
  g_autoptr(GPtrArray) others = NULL;

  g_assert_true (kennis_store_record_shared (f->store, num, feed->id, "posts/shared-note.html",
                                             "posts/shared-note.html", "hash-1", "{\"v\":1}", &error));
  g_assert_true (kennis_store_record_shared (f->store, kennis_entry_get_num (other), feed->id, NULL, NULL, "h",
                                             "{\"other\":1}", &error));
  g_assert_true (kennis_store_record_shared (f->store, num, feed->id, "posts/shared-note.html",
                                             "posts/shared-note.html", "hash-2", "{\"v\":2}", &error));
  g_assert_no_error (error);

  /* A worker reads what was shared, newest share first, the latest version. */
  snapshots = kennis_store_read_snapshots (f->path, feed->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshots->len, ==, 2);
  g_assert_cmpstr (snapshots->pdata[1], ==, "{\"v\":2}");
  others = kennis_store_read_snapshots (f->path, feed->id, num, &error);
  g_assert_cmpuint (others->len, ==, 1);
  g_assert_cmpstr (others->pdata[0], ==, "{\"other\":1}");

  shares = kennis_store_list_shares (f->store, num, &error);
  g_assert_cmpuint (shares->len, ==, 1);
  share = g_ptr_array_index (shares, 0);
  g_assert_cmpstr (share->target_name, ==, "My feed");
  g_assert_cmpstr (share->content_hash, ==, "hash-2");
  g_assert_nonnull (share->shared);
  g_assert_null (share->withdrawn);

  g_assert_true (kennis_store_delete_entry (f->store, other, &error));
  live = kennis_store_shared_nums (f->store, feed->id, &error);
  g_assert_cmpuint (live->len, ==, 1);
  g_assert_cmpint (g_array_index (live, gint64, 0), ==, num);

  /* The list marks entries that are up anywhere. */
  g_clear_pointer (&live, g_array_unref);
  live = kennis_store_shared_entries (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live->len, ==, 1);
  g_assert_cmpint (g_array_index (live, gint64, 0), ==, num);

  g_assert_true (kennis_store_record_withdrawn (f->store, num, feed->id, &error));
  g_clear_pointer (&shares, g_ptr_array_unref);
  shares = kennis_store_list_shares (f->store, num, &error);
  g_assert_nonnull (((KennisShareInfo *)g_ptr_array_index (shares, 0))->withdrawn);
  g_clear_pointer (&live, g_array_unref);
  live = kennis_store_shared_nums (f->store, feed->id, &error);
  g_assert_cmpuint (live->len, ==, 0);
  g_clear_pointer (&live, g_array_unref);
  live = kennis_store_shared_entries (f->store, &error);
  g_assert_cmpuint (live->len, ==, 0);

  events = kennis_store_list_share_events (f->store, num, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[0])->action, ==, "shared");
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[1])->action, ==, "updated");
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[2])->action, ==, "withdrawn");
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[2])->target_name, ==, "My feed");
}

/* What a share found out is kept only over the settings it started from:
 * a change made meanwhile stays. */
static void
test_replace_target_config (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) target = kennis_store_add_target (f->store, "wordpress", "Blog",
                                                                 "{\"site\":\"https://a.example/\"}", &error);
  g_autoptr(KennisTargetInfo) after = NULL;

  g_assert_no_error (error);
  g_assert_true (kennis_store_replace_target_config (f->store, target->id, "{\"site\":\"https://a.example/\"}",
                                                     "{\"site\":\"https://a.example/\",\"api_root\":\"x\"}",
                                                     &error));
  after = kennis_store_get_target (f->store, target->id, &error);
  g_assert_cmpstr (after->config, ==, "{\"site\":\"https://a.example/\",\"api_root\":\"x\"}");

  /* Changed meanwhile: the older view is not written over it. */
  g_assert_true (kennis_store_replace_target_config (f->store, target->id, "{\"site\":\"https://a.example/\"}",
                                                     "{\"site\":\"https://a.example/\",\"api_root\":\"y\"}",
                                                     &error));
  g_clear_pointer (&after, kennis_target_info_free);
  after = kennis_store_get_target (f->store, target->id, &error);
  g_assert_cmpstr (after->config, ==, "{\"site\":\"https://a.example/\",\"api_root\":\"x\"}");
}

/* A job one program has taken is not handed to another, shows as being
 * sent, and cannot be called off until it is given back; a claim that ran
 * out (its program died) frees it. */
static void
test_outbox_claims (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) feed = kennis_store_find_target (f->store, "My feed", NULL);
  g_autoptr(KennisEntry) a = save_entry (f, "A", f->public);
  g_autoptr(KennisStore) other = kennis_store_open (f->path, &error);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) soon = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(KennisOutboxJob) next = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 job;

  g_assert_no_error (error);
  job = kennis_store_outbox_add (f->store, kennis_entry_get_num (a), feed->id, KENNIS_OUTBOX_SHARE, &error);
  g_assert_no_error (error);
  now = g_date_time_new_now_utc ();
  soon = g_date_time_add_minutes (now, 2);
  later = g_date_time_add_minutes (now, 5);

  g_assert_true (kennis_store_outbox_take (f->store, job, now, soon, &error));
  g_assert_no_error (error);
  /* The other program sees nothing to do, and cannot take it too. */
  g_assert_null (kennis_store_outbox_next (other, now, &error));
  g_assert_false (kennis_store_outbox_take (other, job, now, soon, &error));
  g_assert_no_error (error);
  jobs = kennis_store_outbox_list (other, &error);
  g_assert_true (((KennisOutboxJob *)jobs->pdata[0])->running);
  g_assert_false (kennis_store_outbox_cancel (other, job, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is being sent right now"));
  g_clear_error (&error);

  /* Its program died: once the claim ran out, the job is free again. */
  next = kennis_store_outbox_next (other, later, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, job);
  g_clear_pointer (&next, kennis_outbox_job_free);

  /* Given back, it can be called off. */
  g_assert_true (kennis_store_outbox_release (f->store, job, &error));
  g_assert_true (kennis_store_outbox_cancel (other, job, &error));
  g_assert_no_error (error);
}

static void
test_outbox_order_and_persistence (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) feed = kennis_store_find_target (f->store, "My feed", NULL);
  g_autoptr(KennisEntry) a = save_entry (f, "A", f->public);
  g_autoptr(KennisEntry) b = save_entry (f, "B", f->public);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(KennisOutboxJob) next = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 a_share, a_update, b_share;

  a_share = kennis_store_outbox_add (f->store, kennis_entry_get_num (a), feed->id, KENNIS_OUTBOX_SHARE, &error);
  a_update = kennis_store_outbox_add (f->store, kennis_entry_get_num (a), feed->id, KENNIS_OUTBOX_UPDATE, &error);
  b_share = kennis_store_outbox_add (f->store, kennis_entry_get_num (b), feed->id, KENNIS_OUTBOX_SHARE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a_share, >, 0);
  now = g_date_time_new_now_utc ();
  later = g_date_time_add_minutes (now, 5);

  next = kennis_store_outbox_next (f->store, now, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, a_share);
  g_assert_cmpint (next->action, ==, KENNIS_OUTBOX_SHARE);
  g_clear_pointer (&next, kennis_outbox_job_free);

  /* A's share waits for a retry: A's update must not overtake it. */
  g_assert_true (kennis_store_outbox_postpone (f->store, a_share, "timed out", later, &error));
  next = kennis_store_outbox_next (f->store, now, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, b_share);
  g_clear_pointer (&next, kennis_outbox_job_free);
  g_assert_true (kennis_store_outbox_finish (f->store, b_share, &error));
  g_assert_null (kennis_store_outbox_next (f->store, now, &error));
  g_assert_no_error (error);

  /* The queue survives closing the notebook. */
  g_clear_object (&f->store);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  jobs = kennis_store_outbox_list (f->store, &error);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpuint (((KennisOutboxJob *)jobs->pdata[0])->attempts, ==, 1);
  g_assert_cmpstr (((KennisOutboxJob *)jobs->pdata[0])->last_error, ==, "timed out");

  /* Failed for good, then retried by the user. */
  g_assert_true (kennis_store_outbox_fail (f->store, a_share, "Folder is read-only", &error));
  g_assert_null (kennis_store_outbox_next (f->store, later, &error));
  g_assert_true (kennis_store_outbox_retry (f->store, a_share, &error));
  next = kennis_store_outbox_next (f->store, later, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, a_share);
  g_assert_true (kennis_store_outbox_cancel (f->store, a_share, &error));
  g_clear_pointer (&next, kennis_outbox_job_free);
  next = kennis_store_outbox_next (f->store, later, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, a_update);

  g_assert_false (kennis_store_outbox_cancel (f->store, 999, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sharing-store/default-target", test_default_target);
  ADD ("/sharing-store/migrate-from-v1", test_migrate_from_v1);
  ADD ("/sharing-store/targets", test_targets_crud);
  ADD ("/sharing-store/routing", test_routing);
  ADD ("/sharing-store/slugs", test_slugs_are_claimed);
  ADD ("/sharing-store/shares-and-trail", test_share_record_and_trail);
  ADD ("/sharing-store/outbox", test_outbox_order_and_persistence);
  ADD ("/sharing-store/outbox-claims", test_outbox_claims);
  ADD ("/sharing-store/replace-target-config", test_replace_target_config);

#undef ADD

  return g_test_run ();
}
