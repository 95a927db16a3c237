/* test-preferences.c — drives Preferences → Sharing: add, rename, route, check and remove a folder
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-folder-target.h"
#include "kennis-mock-sign-in.h"
#include "kennis-preferences-window.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

static char *data_dir;
static char *browser_log;
static KennisStore *store;

static KennisPreferencesWindow *
open_sharing (void)
{
  KennisPreferencesWindow *prefs = kennis_preferences_window_new (NULL, store);

  /* The test holds its own reference, to see the window finalized. */
  g_object_ref (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  kennis_preferences_window_show_sharing (prefs);
  kennis_test_settle (100);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "sharing");
  return prefs;
}

static void
close_window (KennisPreferencesWindow *prefs)
{
  gtk_window_destroy (GTK_WINDOW (prefs));
  kennis_test_settle (50);
  g_assert_finalize_object (prefs);
}

/* The target of @id as the notebook holds it, read through a second
 * connection as another program would; NULL when there is none. */
static KennisTargetInfo *
stored_target (gint64 id)
{
  g_autofree char *path = kennis_store_dup_default_path ();
  g_autoptr(KennisStore) other = kennis_store_open (path, NULL);
  g_autoptr(GPtrArray) targets = NULL;

  g_assert_nonnull (other);
  targets = kennis_store_list_targets (other, NULL);
  g_assert_nonnull (targets);
  for (guint i = 0; i < targets->len; i++)
    {
      KennisTargetInfo *info = g_ptr_array_index (targets, i);

      if (info->id == id)
        return g_ptr_array_steal_index (targets, i);
    }

  return NULL;
}

static KennisSiteConfig *
stored_site (gint64 id)
{
  g_autoptr(KennisTargetInfo) info = stored_target (id);
  g_autoptr(KennisFolderTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (info);
  g_assert_cmpstr (info->kind, ==, "folder");
  target = kennis_folder_target_new (info->id, info->name, info->config, &error);
  g_assert_no_error (error);
  return kennis_site_config_copy (kennis_folder_target_get_site (target));
}

static gboolean
is_routed (gint64 target_id,
           gint64 audience_id)
{
  g_autoptr(KennisTargetInfo) info = stored_target (target_id);

  g_assert_nonnull (info);
  for (guint i = 0; i < info->audiences->len; i++)
    if (g_array_index (info->audiences, gint64, i) == audience_id)
      return TRUE;

  return FALSE;
}

typedef struct
{
  KennisPreferencesWindow *prefs;
  gint64                   id;
} StatusWait;

static gboolean
check_answered (gpointer data)
{
  StatusWait *wait = data;
  const char *status = kennis_preferences_window_get_target_status (wait->prefs, wait->id);

  return status != NULL && g_str_has_prefix (status, "Kennis can write");
}

static void
test_folder_target (void)
{
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(KennisAudience) team = kennis_store_find_audience (store, KENNIS_AUDIENCE_TEAM, NULL);
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisSiteConfig) site = NULL;
  g_autofree char *expected_folder = g_build_filename (data_dir, "site-1", NULL);
  g_autofree char *chosen = g_build_filename (data_dir, "chosen", "atlas", NULL);
  StatusWait wait = { prefs, 0 };
  gint64 id, second, third;

  g_assert_nonnull (team);

  /* Added with a name of its own, a folder next to the notebook (the test
   * sets KENNIS_DATA_DIR, so never the user's Public folder), the default
   * language and the user as author. */
  id = kennis_preferences_window_add_folder_target (prefs);
  g_assert_cmpint (id, >, 0);
  info = stored_target (id);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "New folder");
  g_assert_cmpuint (info->audiences->len, ==, 0);
  site = stored_site (id);
  g_assert_cmpstr (site->folder, ==, expected_folder);
  g_assert_cmpstr (site->title, ==, "New folder");
  g_assert_cmpstr (site->language, ==, "en");
  g_assert_cmpstr (site->author, !=, "");
  g_clear_pointer (&info, kennis_target_info_free);
  g_clear_pointer (&site, kennis_site_config_free);

  /* A rename reaches the notebook, and the title that was the name follows
   * it. The ampersand would break the group's title and the toasts if they
   * were not escaped; G_DEBUG=fatal-warnings turns that into a failure. */
  g_assert_true (kennis_preferences_window_rename_target (prefs, id, "Atlas & Co"));
  kennis_test_settle (50);
  site = stored_site (id);
  g_assert_cmpstr (site->title, ==, "Atlas & Co");
  g_clear_pointer (&site, kennis_site_config_free);

  /* The next one gets the next free name and a folder of its own; a name
   * that is taken, in any case, is refused. */
  second = kennis_preferences_window_add_folder_target (prefs);
  g_assert_cmpint (second, >, id);
  info = stored_target (second);
  g_assert_cmpstr (info->name, ==, "New folder");
  g_clear_pointer (&info, kennis_target_info_free);
  site = stored_site (second);
  g_assert_cmpstr (site->folder, !=, expected_folder);
  g_clear_pointer (&site, kennis_site_config_free);
  g_assert_false (kennis_preferences_window_rename_target (prefs, second, "ATLAS & CO"));
  kennis_test_settle (50);
  info = stored_target (second);
  g_assert_cmpstr (info->name, ==, "New folder");
  g_clear_pointer (&info, kennis_target_info_free);
  third = kennis_preferences_window_add_folder_target (prefs);
  g_assert_cmpint (third, >, second);
  info = stored_target (third);
  g_assert_cmpstr (info->name, ==, "New folder 2");
  g_clear_pointer (&info, kennis_target_info_free);

  /* Only http(s) web addresses, or none. */
  g_assert_false (kennis_preferences_window_set_target_setting (prefs, id, "base_url", "ftp://example.org/"));
  g_assert_false (kennis_preferences_window_set_target_setting (prefs, id, "base_url", "example.org"));
  kennis_test_settle (50);
  site = stored_site (id);
  g_assert_cmpstr (site->base_url, ==, "");
  g_clear_pointer (&site, kennis_site_config_free);
  g_assert_true (kennis_preferences_window_set_target_setting (prefs, id, "base_url", " https://example.org/kennis/ "));
  g_assert_true (kennis_preferences_window_set_target_setting (prefs, id, "author", "Ada"));
  g_assert_true (kennis_preferences_window_set_target_setting (prefs, id, "language", "nl"));
  g_assert_false (kennis_preferences_window_set_target_setting (prefs, id, "folder", "relative/path"));
  kennis_test_settle (50);
  g_assert_true (kennis_preferences_window_set_target_setting (prefs, id, "folder", chosen));
  site = stored_site (id);
  g_assert_cmpstr (site->base_url, ==, "https://example.org/kennis/");
  g_assert_cmpstr (site->author, ==, "Ada");
  g_assert_cmpstr (site->language, ==, "nl");
  g_assert_cmpstr (site->folder, ==, chosen);
  g_assert_cmpstr (site->title, ==, "Atlas & Co");
  g_clear_pointer (&site, kennis_site_config_free);

  /* "My team" goes there, and can be taken back. */
  g_assert_true (kennis_preferences_window_route_target (prefs, id, kennis_audience_get_id (team), TRUE));
  g_assert_true (is_routed (id, kennis_audience_get_id (team)));
  g_assert_false (is_routed (second, kennis_audience_get_id (team)));
  g_assert_true (kennis_preferences_window_route_target (prefs, second, kennis_audience_get_id (team), TRUE));
  g_assert_true (kennis_preferences_window_route_target (prefs, second, kennis_audience_get_id (team), FALSE));
  g_assert_false (is_routed (second, kennis_audience_get_id (team)));
  g_assert_true (is_routed (id, kennis_audience_get_id (team)));

  /* The check runs in the background, through the row's action, and its
   * answer shows in the row; it made the folder. */
  g_assert_cmpstr (kennis_preferences_window_get_target_status (prefs, id), ==, "Not checked yet");
  g_assert_false (g_file_test (chosen, G_FILE_TEST_IS_DIR));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "sharing.check", "x", id));
  wait.id = id;
  g_assert_true (kennis_test_wait_for (check_answered, &wait, 5000));
  g_assert_true (g_file_test (chosen, G_FILE_TEST_IS_DIR));

  /* Removing forgets it and its routes; the folder stays. */
  g_assert_true (kennis_preferences_window_remove_target (prefs, id));
  info = stored_target (id);
  g_assert_null (info);
  g_assert_null (kennis_preferences_window_get_target_status (prefs, id));
  g_assert_nonnull (kennis_preferences_window_get_target_status (prefs, second));
  g_assert_true (g_file_test (chosen, G_FILE_TEST_IS_DIR));
  g_assert_false (kennis_preferences_window_remove_target (prefs, id));
  kennis_test_settle (50);

  close_window (prefs);
}

/* Closing the window while a check runs cancels it; the answer must not
 * touch the rows that are gone. */
static void
test_close_while_checking (void)
{
  KennisPreferencesWindow *prefs = open_sharing ();
  gint64 id = kennis_preferences_window_add_folder_target (prefs);

  g_assert_cmpint (id, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "sharing.check", "x", id));
  g_assert_cmpstr (kennis_preferences_window_get_target_status (prefs, id), ==, "Checking…");
  close_window (prefs);
  kennis_test_settle (300);
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The last row adds a folder when activated, as Enter or a click does. */
static void
test_add_row_activates (void)
{
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(GPtrArray) before = kennis_store_list_targets (store, NULL);
  g_autoptr(GPtrArray) after = NULL;
  GtkWidget *row = find_row (GTK_WIDGET (prefs), "_Add a Folder…");

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_focusable (row));
  g_assert_true (gtk_widget_activate (row));
  kennis_test_settle (50);
  after = kennis_store_list_targets (store, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);

  close_window (prefs);
}

/* Answers as a click would; the dialog may already be gone after it. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* The dialog asks first; cancelling it keeps the place. */
static void
test_remove_asks (void)
{
  KennisPreferencesWindow *prefs = open_sharing ();
  gint64 id = kennis_preferences_window_add_folder_target (prefs);
  g_autoptr(KennisTargetInfo) kept = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "sharing.remove", "x", id));
  kennis_test_settle (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "What was shared there stays where it is; Kennis stops updating it.");
  answer (dialog, "cancel");
  kept = stored_target (id);
  g_assert_nonnull (kept);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "sharing.remove", "x", id));
  kennis_test_settle (50);
  dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  answer (dialog, "remove");
  g_assert_null (stored_target (id));

  close_window (prefs);
}

/* A WordPress on 127.0.0.1 that knows one user and Application Password:
 * enough for Kennis's connection check. */
static void
wordpress_cb (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  const char *site = data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                   "Authorization");
  g_autofree char *good = g_base64_encode ((const guchar *)"anna:goed wachtwoord", 20);
  g_autofree char *expected = g_strconcat ("Basic ", good, NULL);

  if (g_str_has_prefix (path, "/api/"))
    {
      /* Mastodon: the account behind a token, and the server's limits. */
      gboolean ok = g_strcmp0 (auth, "Bearer token-van-anna") == 0 || g_str_has_prefix (path, "/api/v2/");
      const char *reply = g_str_has_prefix (path, "/api/v2/") ? "{}" : "{\"username\":\"anna\",\"acct\":\"anna\"}";

      soup_server_message_set_status (message, ok ? 200 : 401, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        ok ? reply : "{\"error\":\"The access token is invalid\"}",
                                        strlen (ok ? reply : "{\"error\":\"The access token is invalid\"}"));
    }
  else if (g_str_equal (path, "/"))
    {
      g_autofree char *link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", site);

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Link", link);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<html></html>", 13);
    }
  else if (g_strcmp0 (auth, expected) != 0)
    {
      soup_server_message_set_status (message, 401, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"code\":\"rest_not_logged_in\"}", 30);
    }
  else
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"id\":2,\"name\":\"Anna\"}", 24);
    }
}

static gboolean
has_message (gpointer data)
{
  return kennis_target_dialog_get_message (data) != NULL;
}

static guint
count_targets (const char *kind)
{
  g_autoptr(GPtrArray) targets = kennis_store_list_targets (store, NULL);
  guint n = 0;

  for (guint i = 0; i < targets->len; i++)
    n += g_strcmp0 (((KennisTargetInfo *)targets->pdata[i])->kind, kind) == 0;
  return n;
}

static KennisTargetInfo *
find_target_named (const char *name)
{
  g_autoptr(GPtrArray) targets = kennis_store_list_targets (store, NULL);

  for (guint i = 0; i < targets->len; i++)
    if (g_strcmp0 (((KennisTargetInfo *)targets->pdata[i])->name, name) == 0)
      return g_ptr_array_steal_index (targets, i);
  return NULL;
}

static gboolean
has_wordpress_target (gpointer data)
{
  return count_targets ("wordpress") == 1;
}

static gboolean
has_mastodon_target (gpointer data)
{
  return count_targets ("mastodon") == 1;
}

/* Add a WordPress site: a wrong password is refused and nothing is added;
 * the right one is checked, kept in the keyring (not the notebook) and the
 * site is added. */
static void
test_add_wordpress (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autofree char *site = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(KennisTargetDialog) dialog = NULL;
  g_autoptr(KennisTargetInfo) wordpress = NULL;
  g_autofree char *api_root = NULL;
  GSList *uris;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  site = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  soup_server_add_handler (server, NULL, wordpress_cb, site, NULL);

  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "wordpress"));
  kennis_target_dialog_fill (dialog, site, "anna", "fout");
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_message, dialog, 10000));
  g_assert_nonnull (strstr (kennis_target_dialog_get_message (dialog), "did not accept"));
  g_assert_cmpuint (count_targets ("wordpress"), ==, 0);
  kept = kennis_credentials_lookup (site, "anna", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kept);

  kennis_target_dialog_fill (dialog, site, "anna", "goed wachtwoord");
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_wordpress_target, NULL, 10000));
  kept = kennis_credentials_lookup (site, "anna", NULL, &error);
  g_assert_cmpstr (kept, ==, "goed wachtwoord");
  /* The API's address the check found is kept, for the first share. */
  wordpress = find_target_named ("Company blog");
  api_root = g_strdup_printf ("\"api_root\":\"%swp-json/\"", site);
  g_assert_nonnull (strstr (wordpress->config, api_root));

  /* A second try for the same account with a wrong password is refused,
   * and the password the site was added with stays. */
  g_clear_object (&dialog);
  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "wordpress"));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Name in Kennis")), "Tweede blog");
  kennis_target_dialog_fill (dialog, site, "anna", "fout");
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_message, dialog, 10000));
  g_clear_pointer (&kept, g_free);
  kept = kennis_credentials_lookup (site, "anna", NULL, &error);
  g_assert_cmpstr (kept, ==, "goed wachtwoord");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A Mastodon account, through the same dialog, asks for a token. */
  g_clear_object (&dialog);
  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "mastodon"));
  kennis_target_dialog_fill (dialog, site, "anna", "token-van-anna");
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_mastodon_target, NULL, 10000));
  close_window (prefs);
}

static gboolean
browser_opened (gpointer data)
{
  g_autofree char *url = kennis_test_browsed_url (browser_log);

  return url != NULL;
}

static gboolean
has_target_named (gpointer data)
{
  g_autoptr(KennisTargetInfo) target = find_target_named (data);

  return target != NULL;
}

/* Sign in to Mastodon through the browser: the dialog opens the server's
 * sign-in page in the browser, a wrong code is refused in the server's
 * words, the right one gives a token that lands in the keyring under the
 * account the server names, and the account is added. */
static void
test_mastodon_sign_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMockSignIn) server = kennis_mock_sign_in_new ();
  const char *instance = kennis_mock_sign_in_get_address (server);
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(KennisTargetDialog) dialog = NULL;
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *kept = NULL;

  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "mastodon"));
  kennis_target_dialog_fill (dialog, instance, "", "");
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Name in Kennis")), "Toots");
  kennis_target_dialog_sign_in (dialog);
  g_assert_true (kennis_test_wait_for (browser_opened, NULL, 10000));
  url = kennis_test_browsed_url (browser_log);
  g_assert_true (g_str_has_prefix (url, instance));
  g_assert_nonnull (strstr (url, "/oauth/authorize?"));
  g_assert_nonnull (strstr (url, "code_challenge_method=S256"));
  /* The address is also in the dialog, for when no browser opens. */
  g_assert_nonnull (strstr (kennis_target_dialog_get_message (dialog), url));

  code = kennis_mock_sign_in_browse (url);
  kennis_target_dialog_fill_code (dialog, "code-2");
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_message, dialog, 10000));
  g_assert_cmpstr (kennis_target_dialog_get_message (dialog), ==, "Mastodon says: The code is wrong.");
  g_assert_false (has_target_named ("Toots"));

  kennis_target_dialog_fill_code (dialog, code);
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_target_named, "Toots", 10000));
  kept = kennis_credentials_lookup (instance, KENNIS_MOCK_SIGN_IN_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, KENNIS_MOCK_SIGN_IN_TOKEN);
  close_window (prefs);
}

/* Sign in to a Micropub site through the browser: the dialog opens the
 * site's sign-in page, the site sends the browser back to Kennis, and the
 * site is added with the token in the keyring, without anything typed
 * but its address. Changing the address while waiting ends a sign-in. */
static void
test_micropub_sign_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMockSignIn) server = kennis_mock_sign_in_new ();
  const char *address = kennis_mock_sign_in_get_address (server);
  g_autofree char *site = g_strconcat (address, "/", NULL);
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(KennisTargetDialog) dialog = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *kept = NULL;

  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "micropub"));
  kennis_target_dialog_fill (dialog, address, NULL, "");
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Name in Kennis")), "Anna’s site");
  kennis_target_dialog_sign_in (dialog);
  g_assert_true (kennis_test_wait_for (browser_opened, NULL, 10000));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Site address, e.g. https://me.example.org")),
                         "https://elders.example/");
  g_assert_null (kennis_target_dialog_get_message (dialog));

  kennis_target_dialog_fill (dialog, address, NULL, "");
  g_assert_cmpint (g_unlink (browser_log), ==, 0);
  kennis_target_dialog_sign_in (dialog);
  g_assert_true (kennis_test_wait_for (browser_opened, NULL, 10000));
  url = kennis_test_browsed_url (browser_log);
  g_assert_true (g_str_has_prefix (url, address));
  g_assert_nonnull (strstr (url, "/auth?"));
  g_assert_nonnull (strstr (kennis_target_dialog_get_message (dialog), url));

  page = kennis_mock_sign_in_browse (url);
  g_assert_nonnull (strstr (page, "Kennis is signed in."));
  g_assert_true (kennis_test_wait_for (has_target_named, "Anna’s site", 10000));
  kept = kennis_credentials_lookup (site, "micropub", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, KENNIS_MOCK_SIGN_IN_TOKEN);
  close_window (prefs);
}

/* An account with two blogs at a MetaWeblog endpoint: the check finds
 * both and the dialog asks which; the chosen one is kept. */
static void
test_metaweblog_blogs (void)
{
  g_autoptr(KennisMockSignIn) server = kennis_mock_sign_in_new ();
  g_autofree char *endpoint = g_strconcat (kennis_mock_sign_in_get_address (server), "/xmlrpc.php", NULL);
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(KennisTargetDialog) dialog = NULL;
  g_autoptr(KennisTargetInfo) added = NULL;
  GtkWidget *blog_row;

  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "metaweblog"));
  kennis_target_dialog_fill (dialog, endpoint, KENNIS_MOCK_SIGN_IN_ACCOUNT, KENNIS_MOCK_SIGN_IN_PASSWORD);
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_message, dialog, 10000));
  g_assert_cmpstr (kennis_target_dialog_get_message (dialog), ==,
                   "This account has several blogs here. Choose one, then press Check and Add again.");
  g_assert_false (has_target_named ("Intranet blog"));
  blog_row = find_row (GTK_WIDGET (dialog), "Blog");
  g_assert_true (gtk_widget_get_visible (blog_row));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (blog_row))), ==, 2);

  adw_combo_row_set_selected (ADW_COMBO_ROW (blog_row), 1);
  kennis_target_dialog_add (dialog);
  g_assert_true (kennis_test_wait_for (has_target_named, "Intranet blog", 10000));
  added = find_target_named ("Intranet blog");
  g_assert_nonnull (strstr (added->config, "\"blog_id\":\"2\""));
  close_window (prefs);
}

static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
warns_of_file (gpointer data)
{
  return find_label_containing (data, "passwords-not-encrypted.ini”, which is not encrypted") != NULL;
}

/* Without a keyring, the Sharing page and the dialog that asks for a
 * password say where it goes, and that the file is not encrypted. */
static void
test_keyring_warning (void)
{
  KennisPreferencesWindow *prefs = open_sharing ();
  g_autoptr(KennisTargetDialog) dialog = NULL;

  g_assert_true (kennis_test_wait_for (warns_of_file, prefs, 5000));
  dialog = g_object_ref (kennis_preferences_window_add_network_target (prefs, "wordpress"));
  g_assert_true (kennis_test_wait_for (warns_of_file, dialog, 5000));
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (prefs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  data_dir = g_dir_make_tmp ("kennis-prefs-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before the store opens, so that nothing lands in the user's notebook
   * or Public folder. */
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  browser_log = kennis_test_fake_browser (data_dir);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  path = kennis_store_dup_default_path ();
  store = kennis_store_open (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui/preferences/sharing/folder-target", test_folder_target);
  g_test_add_func ("/gui/preferences/sharing/close-while-checking", test_close_while_checking);
  g_test_add_func ("/gui/preferences/sharing/remove-asks", test_remove_asks);
  g_test_add_func ("/gui/preferences/sharing/add-row-activates", test_add_row_activates);
  g_test_add_func ("/gui/preferences/sharing/add-wordpress", test_add_wordpress);
  g_test_add_func ("/gui/preferences/sharing/mastodon-sign-in", test_mastodon_sign_in);
  g_test_add_func ("/gui/preferences/sharing/micropub-sign-in", test_micropub_sign_in);
  g_test_add_func ("/gui/preferences/sharing/metaweblog-blogs", test_metaweblog_blogs);
  g_test_add_func ("/gui/preferences/sharing/keyring-warning", test_keyring_warning);

  status = g_test_run ();

  g_clear_object (&store);
  kennis_test_remove_tree (data_dir);
  g_free (data_dir);
  return status;
}
