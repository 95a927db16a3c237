/* test-folder-target.c — the folder target publishes, updates and withdraws pages of a static site
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-folder-target.h"
#include "kennis-test-util.h"

typedef struct
{
  char         *dir;
  char         *folder;
  KennisTarget *target;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autofree char *config = NULL;
  KennisTargetInfo info = { 7, (char *)"folder", (char *)"Team feed", NULL, NULL };

  f->dir = g_dir_make_tmp ("kennis-folder-XXXXXX", &error);
  g_assert_no_error (error);
  f->folder = g_build_filename (f->dir, "site", NULL);
  g_free (site->folder);
  site->folder = g_strdup (f->folder);
  config = kennis_folder_target_config_to_json (site);
  info.config = config;

  f->target = kennis_target_new_from_info (&info, &error);
  g_assert_no_error (error);
  g_assert_true (KENNIS_IS_FOLDER_TARGET (f->target));
  g_assert_cmpint (kennis_target_get_id (f->target), ==, 7);
  g_assert_true (kennis_target_is_site (f->target));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->target);
  g_clear_object (&f->result);
  kennis_test_remove_tree (f->dir);
  g_free (f->folder);
  g_free (f->dir);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static KennisPost *
make_post (const char *id,
           const char *title,
           const char *slug)
{
  KennisPost *post = kennis_post_new ();

  post->id = g_strdup (id);
  post->title = g_strdup (title);
  post->html = g_strdup ("<p>Body</p>");
  post->text = g_strdup ("Body");
  post->slug = g_strdup (slug);
  post->published = g_date_time_new_now_utc ();
  post->updated = g_date_time_ref (post->published);
  return post;
}

static char *
read_site_file (Fixture    *f,
                const char *relative)
{
  g_autofree char *path = g_build_filename (f->folder, relative, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static KennisShareResult *
publish (Fixture    *f,
         KennisPost *post,
         GPtrArray  *site_posts)
{
  KennisShareRequest *request = kennis_share_request_new ();
  g_autoptr(GError) error = NULL;
  KennisShareResult *result;

  request->post = post;
  request->site_posts = site_posts;
  kennis_target_publish_async (f->target, request, NULL, done_cb, f);
  wait_result (f);
  result = kennis_target_publish_finish (f->target, f->result, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_publish_update_withdraw (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KennisShareResult) first = NULL;
  g_autoptr(KennisShareResult) second = NULL;
  g_autoptr(GPtrArray) both = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_post_free);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_post_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *atom_after = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *file = NULL;
  KennisShareRequest *request;

  first = publish (f, make_post ("11111111-1111-4111-8111-111111111111", "Eerste bericht", "eerste-bericht"), NULL);
  g_assert_cmpstr (first->remote_id, ==, "posts/eerste-bericht.html");
  file = g_build_filename (f->folder, "posts", "eerste-bericht.html", NULL);
  expected_url = g_filename_to_uri (file, NULL, NULL);
  g_assert_cmpstr (first->url, ==, expected_url);
  page = read_site_file (f, "posts/eerste-bericht.html");
  g_assert_nonnull (page);
  g_assert_nonnull (strstr (page, "Eerste bericht"));

  /* A second post joins the same site; the feed carries both. */
  g_ptr_array_add (both, make_post ("22222222-2222-4222-8222-222222222222", "Second post", "second-post"));
  g_ptr_array_add (both, make_post ("11111111-1111-4111-8111-111111111111", "Eerste bericht", "eerste-bericht"));
  second = publish (f, kennis_post_copy (both->pdata[0]), g_ptr_array_ref (both));
  atom = read_site_file (f, "feed.atom");
  g_assert_nonnull (strstr (atom, "Second post"));
  g_assert_nonnull (strstr (atom, "Eerste bericht"));

  /* Withdrawn: its page and its feed item are gone. */
  g_ptr_array_add (left, kennis_post_copy (both->pdata[0]));
  request = kennis_share_request_new ();
  request->post = kennis_post_copy (both->pdata[1]);
  request->remote_id = g_strdup (first->remote_id);
  request->site_posts = g_ptr_array_ref (left);
  kennis_target_withdraw_async (f->target, request, NULL, done_cb, f);
  wait_result (f);
  g_assert_true (kennis_target_withdraw_finish (f->target, f->result, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  atom_after = read_site_file (f, "feed.atom");
  g_assert_null (strstr (atom_after, "Eerste bericht"));
  g_assert_nonnull (strstr (atom_after, "Second post"));
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *blocked_config = NULL;
  g_autoptr(KennisFolderTarget) blocked = NULL;
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);

  kennis_target_check_async (f->target, NULL, done_cb, f);
  wait_result (f);
  found = kennis_target_check_finish (f->target, f->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (found, f->folder));
  g_assert_true (g_file_test (f->folder, G_FILE_TEST_IS_DIR));

  /* A file where the folder should be: said plainly. */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_free (site->folder);
  site->folder = g_strdup (file);
  blocked_config = kennis_folder_target_config_to_json (site);
  blocked = kennis_folder_target_new (8, "Blocked", blocked_config, &error);
  g_assert_no_error (error);
  kennis_target_check_async (KENNIS_TARGET (blocked), NULL, done_cb, f);
  wait_result (f);
  g_assert_null (kennis_target_check_finish (KENNIS_TARGET (blocked), f->result, &error));
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
}

static void
test_bad_config (void)
{
  g_autoptr(GError) error = NULL;
  KennisTargetInfo relative = { 1, (char *)"folder", (char *)"Relative", (char *)"{\"folder\":\"site\"}", NULL };
  KennisTargetInfo garbage = { 2, (char *)"folder", (char *)"Garbage", (char *)"not json", NULL };
  KennisTargetInfo unknown = { 3, (char *)"gopher", (char *)"Old", (char *)"{}", NULL };

  g_assert_null (kennis_target_new_from_info (&relative, &error));
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_null (kennis_target_new_from_info (&garbage, &error));
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_null (kennis_target_new_from_info (&unknown, &error));
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/folder-target/publish-update-withdraw", Fixture, NULL, fixture_set_up,
              test_publish_update_withdraw, fixture_tear_down);
  g_test_add ("/folder-target/check", Fixture, NULL, fixture_set_up, test_check, fixture_tear_down);
  g_test_add_func ("/folder-target/bad-config", test_bad_config);

  return g_test_run ();
}
