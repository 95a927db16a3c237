/* test-window.c — drives the real window: write, search, audience, delete and undo, CLI changes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <sqlite3.h>

#include "kennis-application.h"
#include "kennis-audience.h"
#include "kennis-audience-button.h"
#include "kennis-editor.h"
#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-preferences-window.h"
#include "kennis-share-window.h"
#include "kennis-store.h"
#include "kennis-tag-box.h"
#include "kennis-test-util.h"
#include "kennis-window.h"

static KennisApplication *app;
static KennisWindow *window;
static char *data_dir;
static char *db_path;

static gboolean
list_idle (gpointer data)
{
  GListModel *entries = kennis_window_get_entries (window);

  return !kennis_entry_list_get_loading (KENNIS_ENTRY_LIST (entries));
}

/* A second connection, as another program would read the file. */
static KennisEntry *
read_back (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) other = kennis_store_open (db_path, &error);
  KennisEntry *entry;

  g_assert_no_error (error);
  entry = kennis_store_get_entry (other, id, &error);
  g_assert_no_error (error);
  return entry;
}

static gboolean
saved_title_is (gpointer data)
{
  KennisEntry *current = kennis_window_get_current_entry (window);
  g_autoptr(KennisEntry) stored = NULL;

  if (current == NULL || kennis_entry_get_id (current) == NULL)
    return FALSE;

  stored = read_back (kennis_entry_get_id (current));
  return g_strcmp0 (kennis_entry_get_title (stored), data) == 0;
}

static void
type_into (GtkEditable *editable,
           const char  *text)
{
  int position = gtk_editable_get_position (editable);

  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);
}

static void
test_new_note_autosaves (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  GtkTextBuffer *body = kennis_editor_get_body_buffer (editor);
  g_autoptr(KennisEntry) stored = NULL;
  KennisEntry *current;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  current = kennis_window_get_current_entry (window);
  g_assert_nonnull (current);
  g_assert_cmpint (kennis_entry_get_kind (current), ==, KENNIS_ENTRY_KIND_NOTE);
  g_assert_true (kennis_entry_is_private (current));

  type_into (kennis_editor_get_title_editable (editor), "Creëer ");
  type_into (kennis_editor_get_title_editable (editor), "een leerplan");
  gtk_text_buffer_insert_at_cursor (body, "Eerst *lezen*, dan doen.", -1);

  /* No explicit save: the autosave must write it within about a second. */
  g_assert_true (kennis_test_wait_for (saved_title_is, "Creëer een leerplan", 2500));

  stored = read_back (kennis_entry_get_id (current));
  g_assert_cmpstr (kennis_entry_get_body (stored), ==, "Eerst *lezen*, dan doen.");
  g_assert_false (kennis_entry_get_deleted (stored));
}

static gboolean
list_has_n (gpointer data)
{
  GListModel *entries = kennis_window_get_entries (window);

  return list_idle (NULL) && g_list_model_get_n_items (entries) == GPOINTER_TO_UINT (data);
}

static void
test_search_narrows (void)
{
  GListModel *entries = kennis_window_get_entries (window);
  GtkEditable *search = kennis_window_get_search_entry (window);
  g_autoptr(KennisEntry) first = NULL;
  guint all;

  g_assert_true (kennis_test_wait_for (list_idle, NULL, 2000));
  all = g_list_model_get_n_items (entries);
  g_assert_cmpuint (all, >=, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (search, "creeer");
  g_assert_true (kennis_test_wait_for (list_has_n, GUINT_TO_POINTER (1), 3000));
  first = g_list_model_get_item (entries, 0);
  g_assert_cmpstr (kennis_entry_get_title (first), ==, "Creëer een leerplan");

  gtk_editable_set_text (search, "zzzqqq");
  g_assert_true (kennis_test_wait_for (list_has_n, GUINT_TO_POINTER (0), 3000));

  gtk_editable_set_text (search, "");
  g_assert_true (kennis_test_wait_for (list_has_n, GUINT_TO_POINTER (all), 3000));
}

static gboolean
stored_for_team (gpointer data)
{
  KennisEntry *current = kennis_window_get_current_entry (window);
  g_autoptr(KennisEntry) stored = read_back (kennis_entry_get_id (current));

  return kennis_entry_has_audience (stored, *(gint64 *)data);
}

static void
test_change_audience (void)
{
  KennisAudienceButton *button = KENNIS_AUDIENCE_BUTTON (kennis_window_get_audience_button (window));
  KennisStore *store = kennis_window_get_store (window);
  g_autoptr(KennisAudience) team = kennis_store_find_audience (store, "team", NULL);
  gint64 team_id = kennis_audience_get_id (team);

  g_assert_cmpstr (kennis_audience_button_get_label (button), ==, "Only me");
  g_assert_true (kennis_audience_button_choose (button, team_id, TRUE));
  g_assert_cmpstr (kennis_audience_button_get_label (button), ==, "My team");
  g_assert_true (kennis_test_wait_for (stored_for_team, &team_id, 2500));

  /* "Only me" takes every audience away again. */
  g_assert_true (kennis_audience_button_choose (button, 0, TRUE));
  g_assert_cmpstr (kennis_audience_button_get_label (button), ==, "Only me");
  g_assert_true (kennis_window_save_now (window));
  g_assert_false (stored_for_team (&team_id));
}

static void
test_delete_and_undo (void)
{
  KennisEntry *current = kennis_window_get_current_entry (window);
  g_autofree char *id = g_strdup (kennis_entry_get_id (current));
  g_autoptr(KennisEntry) after_delete = NULL;
  g_autoptr(KennisEntry) after_undo = NULL;
  GListModel *entries = kennis_window_get_entries (window);
  guint before;

  g_assert_true (kennis_test_wait_for (list_idle, NULL, 2000));
  before = g_list_model_get_n_items (entries);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  after_delete = read_back (id);
  g_assert_true (kennis_entry_get_deleted (after_delete));
  g_assert_true (kennis_test_wait_for (list_has_n, GUINT_TO_POINTER (before - 1), 3000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete", "s", id));
  after_undo = read_back (id);
  g_assert_false (kennis_entry_get_deleted (after_undo));
  g_assert_cmpstr (kennis_entry_get_id (kennis_window_get_current_entry (window)), ==, id);
  g_assert_true (kennis_test_wait_for (list_has_n, GUINT_TO_POINTER (before), 3000));
}

static gboolean
list_shows_title (gpointer data)
{
  GListModel *entries = kennis_window_get_entries (window);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KennisEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (kennis_entry_get_title (entry), data) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_cli_change_shows_up (void)
{
  const char *cli = g_getenv ("KENNIS_CLI");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("kennis-cli was not built");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              cli, "add", "note", "--title", "Written by a script", "--tag", "cli",
                              NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  /* The window polls for other writers twice a second. */
  g_assert_true (kennis_test_wait_for (list_shows_title, "Written by a script", 3000));
}

static gboolean
stored_tags_are (gpointer data)
{
  KennisEntry *current = kennis_window_get_current_entry (window);
  g_autoptr(KennisEntry) stored = read_back (kennis_entry_get_id (current));
  g_autofree char *joined = g_strjoinv (",", (char **)kennis_entry_get_tags (stored));

  return g_strcmp0 (joined, data) == 0;
}

static void
test_tags_as_chips (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  KennisTagBox *tag_box = KENNIS_TAG_BOX (kennis_editor_get_tag_box (editor));
  GtkEditable *input = kennis_tag_box_get_editable (tag_box);
  KennisEntry *current;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  current = kennis_window_get_current_entry (window);
  type_into (kennis_editor_get_title_editable (editor), "Tagged");

  /* Enter ends a tag; a comma too, and "#" and case duplicates are folded. */
  type_into (input, "Leren");
  g_signal_emit_by_name (input, "activate");
  type_into (input, "#werk,");
  type_into (input, "leren");
  g_signal_emit_by_name (input, "activate");
  g_assert_cmpstr (gtk_editable_get_text (input), ==, "");
  g_assert_cmpuint (g_strv_length ((char **)kennis_entry_get_tags (current)), ==, 2);
  g_assert_true (kennis_test_wait_for (stored_tags_are, "Leren,werk", 2500));

  /* Completion offers what the notebook already has. */
  {
    g_auto(GStrv) offered = kennis_store_complete_tag (kennis_window_get_store (window), "le", 5, NULL);

    g_assert_true (g_strv_contains ((const char * const *)offered, "Leren"));
  }

  g_assert_true (kennis_entry_remove_tag (current, "werk"));
  g_assert_true (kennis_test_wait_for (stored_tags_are, "Leren", 2500));
}

static gboolean
current_url_set (gpointer data)
{
  KennisEntry *current = kennis_window_get_current_entry (window);

  return current != NULL && g_strcmp0 (kennis_entry_get_url (current), data) == 0;
}

static void
test_new_link_from_clipboard (void)
{
  /* Loopback, where nothing listens: the link's page is asked for, and
   * tests reach nothing beyond this machine. */
  const char *url = "http://127.0.0.1:9/handbook";
  KennisEntry *current;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-link", NULL));
  current = kennis_window_get_current_entry (window);
  g_assert_cmpint (kennis_entry_get_kind (current), ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_true (kennis_test_wait_for (current_url_set, (gpointer)url, 2000));
  g_assert_cmpstr (gtk_editable_get_text (kennis_editor_get_url_editable (kennis_window_get_editor (window))),
                   ==, url);

  /* Text that is not a web address is left alone. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "just some words");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-link", NULL));
  kennis_test_settle (300);
  g_assert_cmpstr (kennis_entry_get_url (kennis_window_get_current_entry (window)), ==, "");
}

static gboolean
audience_offered (gpointer data)
{
  KennisAudienceButton *button = KENNIS_AUDIENCE_BUTTON (kennis_window_get_audience_button (window));

  return kennis_audience_button_choose (button, kennis_audience_get_id (data), TRUE);
}

static gboolean
label_is (gpointer data)
{
  KennisAudienceButton *button = KENNIS_AUDIENCE_BUTTON (kennis_window_get_audience_button (window));

  return g_strcmp0 (kennis_audience_button_get_label (button), data) == 0;
}

static void
test_add_audience_in_preferences (void)
{
  KennisStore *store = kennis_window_get_store (window);
  KennisAudienceButton *button = KENNIS_AUDIENCE_BUTTON (kennis_window_get_audience_button (window));
  KennisPreferencesWindow *prefs = kennis_preferences_window_new (GTK_WINDOW (window), store);
  g_autoptr(KennisAudience) atlas = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (kennis_preferences_window_add_audience (prefs, "Project Atlas"));
  atlas = kennis_store_find_audience (store, "project atlas", NULL);
  g_assert_nonnull (atlas);
  /* A second audience of that name is refused, and the user is told. */
  g_assert_false (kennis_preferences_window_add_audience (prefs, "PROJECT ATLAS"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The new audience becomes a choice in the editor's menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  g_assert_true (kennis_test_wait_for (audience_offered, atlas, 3000));
  g_assert_cmpstr (kennis_audience_button_get_label (button), ==, "Project Atlas");

  /* As the default for new entries it is shown as such, not as "Only me",
   * and a rename follows it. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *value = g_strdup_printf ("audience:%" G_GINT64_FORMAT, kennis_audience_get_id (atlas));
    KennisEntry *current;

    g_settings_set_string (settings, "default-audience", value);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
    current = kennis_window_get_current_entry (window);
    g_assert_true (kennis_entry_has_audience (current, kennis_audience_get_id (atlas)));
    g_assert_cmpstr (kennis_audience_button_get_label (button), ==, "Project Atlas");

    g_assert_true (kennis_store_rename_audience (store, kennis_audience_get_id (atlas), "Atlas team", NULL));
    g_assert_true (kennis_test_wait_for (label_is, "Atlas team", 3000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
    g_assert_true (kennis_entry_has_audience (kennis_window_get_current_entry (window),
                                              kennis_audience_get_id (atlas)));
    g_settings_reset (settings, "default-audience");
  }
}

static gboolean
saved_title_of (gpointer data)
{
  const char * const *id_and_title = data;
  g_autoptr(KennisEntry) stored = read_back (id_and_title[0]);

  return g_strcmp0 (kennis_entry_get_title (stored), id_and_title[1]) == 0;
}

/* Another program holds the notebook's write lock: nothing typed meanwhile
 * may be lost, even after switching to another entry. */
static void
test_save_retried_after_lock (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  g_autofree char *id = NULL;
  const char *id_and_title[2];
  sqlite3 *blocker = NULL;
  g_autoptr(KennisEntry) stored = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  g_assert_cmpint (sqlite3_open_v2 (db_path, &blocker, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  id = g_strdup (kennis_entry_get_id (kennis_window_get_current_entry (window)));

  type_into (kennis_editor_get_title_editable (editor), "Written while locked");
  kennis_test_settle (1500);
  g_assert_true (kennis_entry_get_dirty (kennis_window_get_current_entry (window)));
  stored = read_back (id);
  g_assert_cmpstr (kennis_entry_get_title (stored), !=, "Written while locked");

  /* Moving on does not drop it. */
  kennis_window_show_entry (window, NULL);

  sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (blocker);

  id_and_title[0] = id;
  id_and_title[1] = "Written while locked";
  g_assert_true (kennis_test_wait_for (saved_title_of, id_and_title, 6000));
}

static gboolean
stored_tags_of (gpointer data)
{
  const char * const *id_and_tags = data;
  g_autoptr(KennisEntry) stored = read_back (id_and_tags[0]);
  g_autofree char *joined = g_strjoinv (",", (char **)kennis_entry_get_tags (stored));

  return g_strcmp0 (joined, id_and_tags[1]) == 0;
}

static void
test_pending_tag_kept (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  KennisTagBox *tag_box = KENNIS_TAG_BOX (kennis_editor_get_tag_box (editor));
  g_autofree char *id = NULL;
  const char *id_and_tags[2];

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  id = g_strdup (kennis_entry_get_id (kennis_window_get_current_entry (window)));
  type_into (kennis_editor_get_title_editable (editor), "Half tagged");
  type_into (kennis_tag_box_get_editable (tag_box), "unfinished");

  /* No Enter: the user goes straight to the next note. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));

  id_and_tags[0] = id;
  id_and_tags[1] = "unfinished";
  g_assert_true (kennis_test_wait_for (stored_tags_of, id_and_tags, 2000));
}

static guint
count_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) other = kennis_store_open (db_path, &error);
  g_autoptr(KennisQuery) query = kennis_query_new ();

  g_assert_no_error (error);
  return kennis_store_count (other, query, NULL);
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

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
current_is_shared (gpointer data)
{
  return kennis_sharing_get_state (kennis_window_get_sharing (window),
                                   kennis_window_get_current_entry (window)) == KENNIS_SHARE_STATE_SHARED;
}

static gboolean
list_shows_state (gpointer data)
{
  return kennis_share_marks_get_state (kennis_window_get_share_marks (window),
                                       kennis_window_get_current_entry (window)) == GPOINTER_TO_UINT (data);
}

static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_action (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
share_button_says_shared (gpointer data)
{
  GtkWidget *button = find_by_action (GTK_WIDGET (window), "win.share");
  const char *tooltip = button != NULL ? gtk_widget_get_tooltip_text (button) : NULL;

  return tooltip != NULL && strstr (tooltip, "Shared to “My feed”") != NULL;
}

/* Share from the window: Ctrl+Shift+S, the panel, Share; the page appears
 * in the default feed folder. A private entry cannot be shared. */
static void
test_share_from_window (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  KennisAudienceButton *button = KENNIS_AUDIENCE_BUTTON (kennis_window_get_audience_button (window));
  KennisStore *store = kennis_window_get_store (window);
  g_autoptr(KennisAudience) public = kennis_store_find_audience (store, "public", NULL);
  g_autofree char *page = g_build_filename (data_dir, "feed", "posts", "shared-from-the-window.html", NULL);
  g_autoptr(GError) error = NULL;
  KennisShareWindow *share;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  type_into (kennis_editor_get_title_editable (editor), "Shared from the window");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.share", NULL));
  share = find_share_window ();
  g_assert_nonnull (share);
  /* Only me: the panel refuses, and says why. */
  g_assert_false (kennis_share_window_share (share, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The audience is chosen in place, then it goes. */
  g_assert_true (kennis_audience_button_choose (button, kennis_audience_get_id (public), TRUE));
  g_assert_true (kennis_entry_has_audience (kennis_window_get_current_entry (window),
                                            kennis_audience_get_id (public)));
  /* Widening says where it will newly go. */
  g_assert_nonnull (kennis_window_get_notice (window));
  g_assert_nonnull (strstr (kennis_window_get_notice (window), "My feed"));
  g_assert_true (kennis_share_window_share (share, &error));
  g_assert_no_error (error);
  g_assert_true (kennis_test_wait_for (current_is_shared, NULL, 5000));
  g_assert_true (file_exists (page));
  g_assert_true (kennis_test_wait_for (list_shows_state, GUINT_TO_POINTER (KENNIS_SHARE_STATE_SHARED), 1000));
  /* The share button says where it went without opening the panel. */
  g_assert_true (kennis_test_wait_for (share_button_says_shared, NULL, 1000));

  /* An edit after sharing shows in the list as "changed since shared". */
  type_into (kennis_editor_get_title_editable (editor), ", edited");
  g_assert_true (kennis_window_save_now (window));
  g_assert_true (kennis_test_wait_for (list_shows_state, GUINT_TO_POINTER (KENNIS_SHARE_STATE_CHANGED), 1000));

  /* Narrowing is retracting: made private again, Kennis asks first. */
  g_assert_true (kennis_audience_button_choose (button, 0, TRUE));
  g_assert_nonnull (find_message_dialog ());
  adw_message_dialog_response (find_message_dialog (), "keep");
  kennis_test_settle (100);
  g_assert_true (kennis_entry_has_audience (kennis_window_get_current_entry (window),
                                            kennis_audience_get_id (public)));
  g_assert_true (file_exists (page));

  g_assert_true (kennis_audience_button_choose (button, 0, TRUE));
  adw_message_dialog_response (find_message_dialog (), "withdraw");
  g_assert_true (kennis_test_wait_for (file_gone, page, 5000));
  g_assert_true (kennis_test_wait_for (list_shows_state, GUINT_TO_POINTER (KENNIS_SHARE_STATE_NOT_SHARED), 1000));
  g_assert_true (kennis_entry_is_private (kennis_window_get_current_entry (window)));
}

/* Ctrl+Q closes the window like its close button: an untouched new note
 * leaves no trace, and typed text is on disk. */
static void
test_quit (void)
{
  KennisEditor *editor = kennis_window_get_editor (window);
  g_autofree char *id = NULL;
  const char *id_and_title[2];
  guint before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  id = g_strdup (kennis_entry_get_id (kennis_window_get_current_entry (window)));
  type_into (kennis_editor_get_title_editable (editor), "Typed just before quitting");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL));
  before = count_live ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  kennis_test_settle (200);

  g_assert_null (window);
  g_assert_cmpuint (count_live (), ==, before - 1);
  id_and_title[0] = id;
  id_and_title[1] = "Typed just before quitting";
  g_assert_true (saved_title_of (id_and_title));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GList *windows;
  int status;

  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  data_dir = g_dir_make_tmp ("kennis-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);
  db_path = g_build_filename (data_dir, "kennis.db", NULL);

  gtk_test_init (&argc, &argv, NULL);

  app = kennis_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  g_assert_true (KENNIS_IS_WINDOW (windows->data));
  window = windows->data;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  kennis_test_settle (300);

  g_test_add_func ("/gui/window/new-note-autosaves", test_new_note_autosaves);
  g_test_add_func ("/gui/window/search-narrows", test_search_narrows);
  g_test_add_func ("/gui/window/change-audience", test_change_audience);
  g_test_add_func ("/gui/window/delete-and-undo", test_delete_and_undo);
  g_test_add_func ("/gui/window/cli-change-shows-up", test_cli_change_shows_up);
  g_test_add_func ("/gui/window/tags-as-chips", test_tags_as_chips);
  g_test_add_func ("/gui/window/new-link-from-clipboard", test_new_link_from_clipboard);
  g_test_add_func ("/gui/window/add-audience-in-preferences", test_add_audience_in_preferences);
  g_test_add_func ("/gui/window/pending-tag-kept", test_pending_tag_kept);
  g_test_add_func ("/gui/window/save-retried-after-lock", test_save_retried_after_lock);
  g_test_add_func ("/gui/window/share-from-window", test_share_from_window);
  /* Last: it closes the window. */
  g_test_add_func ("/gui/window/quit", test_quit);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  kennis_test_settle (100);
  g_clear_object (&app);
  return status;
}
