/* test-window-capture.c — the real window takes pastes, drops and imports:
 * a pasted address becomes a link with its page's title, a dropped file a
 * note, an imported file many entries
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "kennis-application.h"
#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-editor.h"
#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-link-filler.h"
#include "kennis-share-window.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-transfer-bar.h"
#include "kennis-test-util.h"
#include "kennis-window.h"

static KennisApplication *app;
static KennisWindow *window;
static SoupServer *server;
static char *base_url;
static char *data_dir;

static gboolean wordpress_refuses = TRUE;
static guint wordpress_posts;

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* A WordPress under /wp/ that refuses posts until told otherwise. */
static void
wordpress_cb (SoupServerMessage *message,
              const char        *path)
{
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (path, "/wp/"))
    {
      g_autofree char *link = g_strdup_printf ("<%swp/wp-json/>; rel=\"https://api.w.org/\"", base_url);

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Link", link);
      reply (message, 200, "{}");
    }
  else if (g_str_has_prefix (path, "/wp/wp-json/wp/v2/tags"))
    reply (message, g_str_equal (method, "GET") ? 200 : 201, g_str_equal (method, "GET") ? "[]" : "{\"id\": 1}");
  else if (g_str_equal (method, "GET"))
    reply (message, 200, "[]");
  else if (wordpress_refuses)
    reply (message, 403, "{\"code\":\"rest_cannot_create\","
                          "\"message\":\"Sorry, you are not allowed to create posts as this user.\"}");
  else
    {
      wordpress_posts++;
      reply (message, 201, "{\"id\": 9, \"link\": \"http://127.0.0.1/?p=9\"}");
    }
}

static void
page_cb (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  if (g_str_has_prefix (path, "/wp/"))
    {
      wordpress_cb (message, path);
      return;
    }

  static const char page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<meta property=\"og:title\" content=\"Leren in het team\">"
    "<meta name=\"description\" content=\"Wat werkt, en wat niet.\">"
    "<title>ignored</title></head><body></body></html>";

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static gboolean list_idle     (gpointer data);
static gboolean has_n_entries (gpointer data);

static KennisEntry *
current (void)
{
  return kennis_window_get_current_entry (window);
}

static gboolean
current_title_is (gpointer data)
{
  return current () != NULL && g_strcmp0 (kennis_entry_get_title (current ()), data) == 0;
}

static gboolean
stored_title_is (gpointer data)
{
  g_autoptr(KennisEntry) stored = NULL;

  if (current () == NULL || kennis_entry_get_id (current ()) == NULL)
    return FALSE;
  stored = kennis_store_get_entry (kennis_window_get_store (window), kennis_entry_get_id (current ()), NULL);
  return stored != NULL && g_strcmp0 (kennis_entry_get_title (stored), data) == 0 &&
         !kennis_entry_get_dirty (current ());
}

static gboolean
current_url_is (gpointer data)
{
  return current () != NULL && g_strcmp0 (kennis_entry_get_url (current ()), data) == 0;
}

static void
paste (const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), text);
  /* Ctrl+V where no field has the focus. */
  gtk_widget_grab_focus (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL));
}

/* A pasted address becomes a link; its page's title and description fill
 * the empty fields and are saved. The same page again opens that entry. */
static void
test_paste_link (void)
{
  g_autofree char *url = g_strconcat (base_url, "leren", NULL);
  g_autofree char *again = g_strconcat (base_url, "leren/?utm_campaign=nieuwsbrief", NULL);
  KennisEntry *link;

  paste (url);
  g_assert_true (kennis_test_wait_for (current_title_is, "Leren in het team", 5000));
  link = current ();
  g_assert_cmpint (kennis_entry_get_kind (link), ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_cmpstr (kennis_entry_get_url (link), ==, url);
  g_assert_cmpstr (kennis_entry_get_body (link), ==, "Wat werkt, en wat niet.");
  g_assert_true (kennis_test_wait_for (stored_title_is, "Leren in het team", 3000));
  g_assert_cmpstr (gtk_editable_get_text (kennis_editor_get_title_editable (kennis_window_get_editor (window))),
                   ==, "Leren in het team");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  g_assert_true (current () != link);
  paste (again);
  kennis_test_settle (200);
  g_assert_true (current () == link);
  g_assert_nonnull (strstr (kennis_window_get_notice (window), "Already in your notebook"));
}

static gboolean
filler_idle (gpointer data)
{
  return !kennis_link_filler_is_busy (kennis_window_get_link_filler (window), data);
}

static gboolean
current_is (gpointer data)
{
  return current () == data;
}

/* The same page typed into a new link: the entry that has it opens, and
 * the new, empty link is dropped. */
static void
test_typed_duplicate (void)
{
  g_autofree char *url = g_strconcat (base_url, "leren", NULL);
  g_autoptr(KennisEntry) existing = kennis_store_find_link (kennis_window_get_store (window), url, NULL);
  KennisEditor *editor = kennis_window_get_editor (window);
  guint before;
  int position = 0;

  g_assert_nonnull (existing);
  g_assert_true (kennis_test_wait_for (list_idle, NULL, 2000));
  before = g_list_model_get_n_items (kennis_window_get_entries (window));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-link", NULL));
  g_assert_true (current () != existing);
  gtk_editable_insert_text (kennis_editor_get_url_editable (editor), url, -1, &position);

  g_assert_true (kennis_test_wait_for (current_is, existing, 3000));
  g_assert_nonnull (strstr (kennis_window_get_notice (window), "Already in your notebook"));
  g_assert_true (kennis_test_wait_for (has_n_entries, GUINT_TO_POINTER (before), 3000));
}

/* What the user typed while the page loads is kept. */
static void
test_typed_title_wins (void)
{
  g_autofree char *url = g_strconcat (base_url, "eigen-titel", NULL);
  KennisLinkFiller *filler = kennis_window_get_link_filler (window);
  KennisEntry *link;

  paste (url);
  g_assert_true (kennis_test_wait_for (current_url_is, url, 2000));
  link = current ();
  g_assert_true (kennis_link_filler_is_busy (filler, link));
  kennis_entry_set_title (link, "Mijn eigen titel");
  g_assert_true (kennis_test_wait_for (filler_idle, link, 5000));
  g_assert_cmpstr (kennis_entry_get_title (link), ==, "Mijn eigen titel");
  g_assert_cmpstr (kennis_entry_get_body (link), ==, "Wat werkt, en wat niet.");
}

/* A page that cannot be read: the link stays, and the reason is kept for
 * the editor's "try again" button. */
static void
test_unreachable_page_keeps_link (void)
{
  KennisLinkFiller *filler = kennis_window_get_link_filler (window);
  g_autoptr(KennisEntry) stored = NULL;
  KennisEntry *link;

  /* Port 9 on loopback: nothing listens there. */
  paste ("http://127.0.0.1:9/weg");
  g_assert_true (kennis_test_wait_for (current_url_is, "http://127.0.0.1:9/weg", 2000));
  link = current ();
  g_assert_cmpint (kennis_entry_get_kind (link), ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_true (kennis_test_wait_for (filler_idle, link, 12000));
  g_assert_nonnull (kennis_link_filler_get_error (filler, link));
  stored = kennis_store_get_entry (kennis_window_get_store (window), kennis_entry_get_id (link), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (kennis_entry_get_url (stored), ==, "http://127.0.0.1:9/weg");
}

/* Pasted text is a note: the first line its title, the rest its text. */
static void
test_paste_text (void)
{
  paste ("# Wat ik vandaag leerde\n\nDat *plakken* werkt.\nOok met twee regels.");
  g_assert_true (kennis_test_wait_for (current_title_is, "Wat ik vandaag leerde", 2000));
  g_assert_cmpint (kennis_entry_get_kind (current ()), ==, KENNIS_ENTRY_KIND_NOTE);
  g_assert_cmpstr (kennis_entry_get_body (current ()), ==, "Dat *plakken* werkt.\nOok met twee regels.");
  g_assert_true (kennis_test_wait_for (stored_title_is, "Wat ik vandaag leerde", 3000));
}

static GtkDropTarget *
find_drop_target (void)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A Markdown file dropped on the window becomes a note, through the same
 * drop target a desktop drag reaches. */
static void
test_drop_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, "Vergadering.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkDropTarget *target = find_drop_target ();
  GValue value = G_VALUE_INIT;
  GSList *files = g_slist_prepend (NULL, file);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_file_set_contents (path, "---\ntags: [overleg, team]\n---\nWe spraken over de planning.\n", -1, &error);
  g_assert_no_error (error);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free (files);
  g_assert_true (accepted);

  g_assert_true (kennis_test_wait_for (current_title_is, "Vergadering", 3000));
  g_assert_cmpstr (kennis_entry_get_body (current ()), ==, "We spraken over de planning.\n");
  g_assert_cmpstrv (kennis_entry_get_tags (current ()), ((const char * const[]) { "overleg", "team", NULL }));
  g_assert_true (kennis_test_wait_for (stored_title_is, "Vergadering", 3000));
}

static gboolean
list_idle (gpointer data)
{
  return !kennis_entry_list_get_loading (KENNIS_ENTRY_LIST (kennis_window_get_entries (window)));
}

static gboolean
has_n_entries (gpointer data)
{
  GListModel *entries = kennis_window_get_entries (window);

  return list_idle (NULL) && g_list_model_get_n_items (entries) == GPOINTER_TO_UINT (data);
}

static gboolean
transfer_idle (gpointer data)
{
  return !kennis_transfer_bar_get_busy (data);
}

/* Importing a bookmark file shows its progress, then its entries in the
 * list and a word on what was added. */
static void
test_import_bookmarks (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", "firefox.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KennisTransferBar *bar = kennis_window_get_transfer_bar (window);
  guint before;

  g_assert_true (kennis_test_wait_for (list_idle, NULL, 2000));
  before = g_list_model_get_n_items (kennis_window_get_entries (window));
  kennis_transfer_bar_import (bar, file, KENNIS_TRANSFER_FORMAT_AUTO);
  g_assert_true (kennis_transfer_bar_get_busy (bar));
  g_assert_true (kennis_test_wait_for (transfer_idle, bar, 10000));
  g_assert_true (kennis_test_wait_for (has_n_entries, GUINT_TO_POINTER (before + 4), 3000));
  g_assert_nonnull (strstr (kennis_window_get_notice (window), "Imported 4 entries."));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static KennisShareWindow *
find_share_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (KENNIS_IS_SHARE_WINDOW (toplevel))
        return KENNIS_SHARE_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
retry_offered (gpointer data)
{
  KennisShareWindow *share = find_share_window ();

  return share != NULL && find_button (GTK_WIDGET (share), "_Retry") != NULL;
}

static gboolean
job_failed (gpointer data)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (kennis_window_get_store (window), NULL);

  return jobs != NULL && jobs->len == 1 && ((KennisOutboxJob *)jobs->pdata[0])->failed;
}

static gboolean
outbox_empty (gpointer data)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (kennis_window_get_store (window), NULL);

  return jobs != NULL && jobs->len == 0;
}

/* A blog that refuses a post: the share window says so in the blog's words
 * and offers Cancel, which calls the job off, and Retry, which sends it
 * again once the blog takes it. */
static void
test_share_retry (void)
{
  g_autoptr(GError) error = NULL;
  KennisStore *store = kennis_window_get_store (window);
  g_autofree char *site = g_strconcat (base_url, "wp/", NULL);
  g_autofree char *config = g_strdup_printf ("{\"site\": \"%s\", \"user\": \"anna\"}", site);
  g_autoptr(KennisTargetInfo) target = kennis_store_add_target (store, "wordpress", "Bedrijfsblog", config, &error);
  g_autoptr(KennisAudience) team = kennis_store_find_audience (store, "team", &error);
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  KennisShareWindow *share;

  g_assert_no_error (error);
  kennis_store_set_route (store, kennis_audience_get_id (team), target->id, TRUE, &error);
  g_assert_no_error (error);
  kennis_credentials_store (site, "anna", "geheim", NULL, &error);
  g_assert_no_error (error);
  kennis_entry_set_title (entry, "Geweigerd bericht");
  kennis_entry_toggle_audience (entry, kennis_audience_get_id (team), TRUE);
  kennis_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
  kennis_window_show_entry (window, entry);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.share", NULL));
  share = find_share_window ();
  g_assert_nonnull (share);
  /* Sharing closes the window; opened again after the refusal, it shows
   * the blog's words, Retry and Cancel. */
  kennis_share_window_share (share, &error);
  g_assert_no_error (error);
  g_assert_true (kennis_test_wait_for (job_failed, NULL, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.share", NULL));
  g_assert_true (kennis_test_wait_for (retry_offered, NULL, 5000));
  share = find_share_window ();
  g_assert_cmpuint (wordpress_posts, ==, 0);

  g_signal_emit_by_name (find_button (GTK_WIDGET (share), "_Cancel"), "clicked");
  g_assert_true (outbox_empty (NULL));
  g_assert_null (find_button (GTK_WIDGET (share), "_Retry"));
  g_assert_cmpuint (wordpress_posts, ==, 0);

  kennis_share_window_share (share, &error);
  g_assert_no_error (error);
  g_assert_true (kennis_test_wait_for (job_failed, NULL, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.share", NULL));
  g_assert_true (kennis_test_wait_for (retry_offered, NULL, 5000));
  share = find_share_window ();

  wordpress_refuses = FALSE;
  g_signal_emit_by_name (find_button (GTK_WIDGET (share), "_Retry"), "clicked");
  g_assert_true (kennis_test_wait_for (outbox_empty, NULL, 10000));
  g_assert_cmpuint (wordpress_posts, ==, 1);
  gtk_window_destroy (GTK_WINDOW (share));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GList *windows;
  int status;

  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* Nothing may go past 127.0.0.1, not even through a proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  data_dir = g_dir_make_tmp ("kennis-gui-capture-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, page_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  app = kennis_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  window = windows->data;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  kennis_test_settle (300);

  g_test_add_func ("/gui/capture/paste-link", test_paste_link);
  g_test_add_func ("/gui/capture/typed-duplicate", test_typed_duplicate);
  g_test_add_func ("/gui/capture/typed-title-wins", test_typed_title_wins);
  g_test_add_func ("/gui/capture/unreachable-page-keeps-link", test_unreachable_page_keeps_link);
  g_test_add_func ("/gui/capture/paste-text", test_paste_text);
  g_test_add_func ("/gui/capture/drop-file", test_drop_file);
  g_test_add_func ("/gui/capture/import-bookmarks", test_import_bookmarks);
  g_test_add_func ("/gui/share/retry", test_share_retry);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  kennis_test_settle (100);
  g_clear_object (&app);
  g_clear_object (&server);
  g_free (base_url);
  return status;
}
