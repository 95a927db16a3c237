/* test-wordpress.c — share, update and unshare through a real WordPress on
 * 127.0.0.1 (tests/wordpress/run-with-wordpress.sh brings it up), checked
 * through WordPress's own REST API and its feed
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-credentials.h"
#include "kennis-post.h"
#include "kennis-share-test.h"
#include "kennis-test-util.h"
#include "kennis-wordpress-target.h"

static char *data_dir;
static const char *site;
static const char *user;
static const char *app_password;

static KennisTarget *
make_target (const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf ("{\"site\": \"%s\", \"user\": \"%s\"}", site, login);
  KennisWordPressTarget *target = kennis_wordpress_target_new (7, "Bedrijfsblog", config, &error);

  g_assert_no_error (error);
  return KENNIS_TARGET (target);
}

static KennisPost *
make_post (const char *title)
{
  KennisPost *post = kennis_post_new ();

  post->id = g_uuid_string_random ();
  post->title = g_strdup (title);
  post->html = g_strdup ("<p>Één café in Zürich, naïef geöpperd 🚲</p>\n"
                         "<pre><code>if (a &lt; b) return;\n</code></pre>");
  post->text = g_strdup ("Één café in Zürich");
  g_free (post->language);
  post->language = g_strdup ("nl");
  g_strfreev (post->tags);
  post->tags = g_strdupv ((char *[]) { "kennis", "Café & co", NULL });
  return post;
}

/* A real WordPress may take a while. */
static KennisShareResult *
publish (KennisTarget *target,
         KennisPost   *post,
         const char   *remote_id,
         GError      **error)
{
  KennisShareRequest *request = kennis_share_test_request (post, remote_id);

  return kennis_share_test_publish (target, request, 60000, error);
}

/* What WordPress itself says, through its REST API as the user. */
static JsonNode *
rest_get (const char *route)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (site, "wp-json/", route, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *pair = g_strconcat (user, ":", app_password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static char *
fetch_text (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* WordPress gives tag names HTML-escaped. */
static gboolean
has_tag (JsonNode   *tags,
         const char *name)
{
  JsonArray *array = json_node_get_array (tags);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static void
skipped (void)
{
  g_test_skip ("no WordPress: run through tests/wordpress/run-with-wordpress.sh");
}

static void
test_check (void)
{
  g_autoptr(KennisTarget) target = make_target (user);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = kennis_share_test_check (target, 30000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (found, "Connected to"));
}

/* Shared once, shared again as if the first answer was lost (no second
 * post), updated, then withdrawn to the trash. */
static void
test_share_update_unshare (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target (user);
  g_autoptr(KennisPost) post = make_post ("Kennis delen in het team 🎉");
  g_autoptr(KennisShareResult) first = publish (target, post, NULL, &error);
  g_autoptr(KennisShareResult) again = NULL;
  g_autoptr(KennisShareResult) updated = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) tags = NULL;
  g_autoptr(JsonNode) trashed = NULL;
  g_autofree char *route = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *feed_url = g_strconcat (site, "feed/", NULL);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_nonnull (first->remote_id);
  g_assert_true (g_str_has_prefix (first->url, site));

  route = g_strconcat ("wp/v2/posts/", first->remote_id, "?context=edit", NULL);
  stored = rest_get (route);
  object = json_node_get_object (stored);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "title"), "raw"), ==,
                   "Kennis delen in het team 🎉");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (object, "content"), "raw"),
                            "Één café in Zürich, naïef geöpperd 🚲"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "publish");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tags")), ==, 2);
  tags = rest_get ("wp/v2/tags?per_page=100");
  g_assert_true (has_tag (tags, "kennis"));
  g_assert_true (has_tag (tags, "Café &amp; co"));

  feed = fetch_text (feed_url);
  g_assert_nonnull (strstr (feed, "Kennis delen in het team"));

  /* The answer to the first share "got lost": sharing again finds the post
   * by its marker and updates it. */
  again = publish (target, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, first->remote_id);

  g_free (post->title);
  post->title = g_strdup ("Kennis delen, bijgewerkt");
  updated = publish (target, post, first->remote_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->remote_id, ==, first->remote_id);
  g_clear_pointer (&stored, json_node_unref);
  stored = rest_get (route);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (stored),
                                                                                 "title"), "raw"),
                   ==, "Kennis delen, bijgewerkt");

  kennis_share_test_withdraw (target, kennis_share_test_request (post, first->remote_id), 60000, &error);
  g_assert_no_error (error);
  trashed = rest_get (route);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trashed), "status"), ==, "trash");
}

/* A user who may not post: WordPress's own words reach the user. */
static void
test_not_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target (g_getenv ("KENNIS_WP_SUBSCRIBER"));
  g_autoptr(KennisPost) post = make_post ("Mag niet");
  g_autoptr(KennisShareResult) result = publish (target, post, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "WordPress says: "));
}

static char *
run_cli (const char         *dir,
         const char         *input,
         const char * const *argv,
         int                 expected_status)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (dir);
  g_autoptr(GBytes) stdin_bytes = input != NULL ? g_bytes_new (input, strlen (input)) : NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  g_subprocess_launcher_setenv (launcher, "KENNIS_CREDENTIALS", "file", TRUE);
  kennis_test_run_cli (launcher, stdin_bytes, argv, &result);
  g_test_message ("%s%s", result.out, result.err);
  g_assert_cmpint (result.status, ==, expected_status);
  return g_strconcat (result.out, result.err, NULL);
}

/* From the command line: a WordPress site is added (its password piped
 * in, checked before anything is kept) and an entry for the audience routed
 * there is shared to it. */
static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kennis-wordpress-cli-XXXXXX", &error);
  g_autofree char *password_line = g_strconcat (app_password, "\n", NULL);
  g_autofree char *added = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *note = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *notebook = NULL;
  g_autofree char *id = NULL;
  g_autofree char *route = NULL;
  g_autofree char *marker = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_getenv ("KENNIS_CLI") == NULL)
    {
      g_test_skip ("KENNIS_CLI is not set");
      return;
    }
  g_assert_no_error (error);

  refused = run_cli (dir, "wrong-password\n",
                     (const char * const[]) { "targets", "add", "wordpress", "Blog", "--site", site,
                                              "--user", user, NULL }, 1);
  g_assert_nonnull (strstr (refused, "did not accept"));

  added = run_cli (dir, password_line,
                   (const char * const[]) { "targets", "add", "wordpress", "Blog", "--site", site,
                                            "--user", user, "--for", "team", NULL }, 0);
  g_assert_nonnull (strstr (added, "Connected to"));
  g_assert_null (strstr (added, app_password));

  note = run_cli (dir, NULL, (const char * const[]) { "--json", "add", "note", "--title", "Via de terminal 🎈",
                                                      "--body", "Gedeeld *vanaf* de opdrachtregel.", "--for",
                                                      "team", NULL }, 0);
  json_parser_load_from_data (parser, note, -1, &error);
  g_assert_no_error (error);
  id = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id"));
  shared = run_cli (dir, NULL, (const char * const[]) { "share", id, NULL }, 0);

  marker = kennis_wordpress_target_dup_marker (id);
  route = g_strconcat ("wp/v2/posts?context=edit&search=", marker, NULL);
  found = rest_get (route);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_array_get_object_element (json_node_get_array (found), 0),
                                                    "title"), "raw"), ==, "Via de terminal 🎈");

  /* The same blog through XML-RPC, with the login password, for another
   * audience: an entry for it arrives once. */
  {
    g_autofree char *login_line = g_strconcat (g_getenv ("KENNIS_WP_LOGIN_PASSWORD"), "\n", NULL);
    g_autofree char *xmlrpc = NULL;
    g_autofree char *org_note = NULL;
    g_autofree char *org_id = NULL;
    g_autofree char *org_shared = NULL;
    g_autofree char *org_marker = NULL;
    g_autofree char *org_route = NULL;
    g_autoptr(JsonParser) org_parser = json_parser_new ();
    g_autoptr(JsonNode) org_found = NULL;

    xmlrpc = run_cli (dir, login_line,
                      (const char * const[]) { "targets", "add", "metaweblog", "Intranet", "--site", site,
                                               "--user", user, "--for", "org", NULL }, 0);
    g_assert_nonnull (strstr (xmlrpc, "Connected to"));
    org_note = run_cli (dir, NULL, (const char * const[]) { "--json", "add", "note", "--title", "Via XML-RPC",
                                                            "--for", "org", NULL }, 0);
    json_parser_load_from_data (org_parser, org_note, -1, &error);
    g_assert_no_error (error);
    org_id = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (org_parser)),
                                                      "id"));
    org_shared = run_cli (dir, NULL, (const char * const[]) { "share", org_id, NULL }, 0);
    org_marker = kennis_wordpress_target_dup_marker (org_id);
    org_route = g_strconcat ("wp/v2/posts?context=edit&search=", org_marker, NULL);
    org_found = rest_get (org_route);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (org_found)), ==, 1);
  }

  /* The password is in the keyring (here: the file), not in the notebook. */
  notebook = g_build_filename (dir, "kennis.db", NULL);
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_file_get_contents (notebook, &bytes, &length, &error);
    g_assert_no_error (error);
    g_assert_null (g_strstr_len (bytes, length, app_password));
  }
  kennis_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  site = g_getenv ("KENNIS_WP_URL");
  user = g_getenv ("KENNIS_WP_USER");
  app_password = g_getenv ("KENNIS_WP_APP_PASSWORD");
  if (site == NULL || user == NULL || app_password == NULL)
    {
      g_test_add_func ("/wordpress/skipped", skipped);
      return g_test_run ();
    }

  data_dir = g_dir_make_tmp ("kennis-wordpress-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  kennis_credentials_store (site, user, app_password, NULL, &error);
  g_assert_no_error (error);
  kennis_credentials_store (site, g_getenv ("KENNIS_WP_SUBSCRIBER"),
                            g_getenv ("KENNIS_WP_SUBSCRIBER_APP_PASSWORD"), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/wordpress/check", test_check);
  g_test_add_func ("/wordpress/share-update-unshare", test_share_update_unshare);
  g_test_add_func ("/wordpress/not-allowed", test_not_allowed);
  g_test_add_func ("/wordpress/cli", test_cli);

  status = g_test_run ();
  kennis_test_remove_tree (data_dir);
  g_free (data_dir);
  return status;
}
