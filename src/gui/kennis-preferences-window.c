/* kennis-preferences-window.c — defaults for new entries, the user's audiences, and where shares go
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-folder-target.h"
#include "kennis-format.h"
#include "kennis-preferences-window.h"
#include "kennis-target-dialog.h"
#include "kennis-store-sharing.h"
#include "kennis-target.h"

struct _KennisPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  KennisStore          *store;
  GSettings            *settings;
  GListModel           *audiences;
  GPtrArray            *audience_rows;
  GStrv                 audience_keys;
  gboolean              loading;

  AdwPreferencesPage   *audiences_page;
  AdwComboRow          *audience_row;
  GtkLabel             *keyring_warning;
  AdwComboRow          *language_row;
  AdwPreferencesGroup  *builtin_group;
  AdwPreferencesGroup  *custom_group;
  AdwEntryRow          *new_audience_row;

  GCancellable         *cancellable;
  GHashTable           *target_views;
  GPtrArray            *target_groups;
  AdwPreferencesPage   *sharing_page;
  AdwPreferencesGroup  *add_target_group;
  AdwActionRow         *add_folder_row;
  GtkFileChooserNative *folder_chooser;
};

/* The rows of one place to share to. The widgets belong to the page; this
 * only points at the ones that change after they are built. */
typedef struct
{
  gint64               id;
  AdwPreferencesGroup *group;
  AdwEntryRow         *name_row;
  AdwActionRow        *folder_row;
  AdwEntryRow         *title_row;
  AdwEntryRow         *author_row;
  AdwEntryRow         *base_url_row;
  AdwComboRow         *language_row;
  AdwExpanderRow      *routes_row;
  GPtrArray           *route_switches;
  AdwActionRow        *check_row;
  GtkWidget           *check_button;
  GtkWidget           *spinner;
} TargetView;

/* What a running check needs to find its row again; the window may be
 * closed, or the rows rebuilt, before it answers. */
typedef struct
{
  GWeakRef self;
  gint64   id;
} CheckData;

G_DEFINE_FINAL_TYPE (KennisPreferencesWindow, kennis_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const language_codes[] = { "", "en", "nl", "de", "fr", "es" };

static void rebuild (KennisPreferencesWindow *self);
static void rebuild_targets (KennisPreferencesWindow *self);

/* A toast's title is Pango markup, and messages quote names and paths. */
static void
show_message (KennisPreferencesWindow *self,
              const char              *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
show_error (KennisPreferencesWindow *self,
            const GError            *error)
{
  show_message (self, error->message);
}

/* Settings name a built-in audience by key, so it survives a change of UI
 * language; user audiences go by id, so they survive a rename. */
static char *
audience_setting_value (KennisAudience *audience)
{
  if (kennis_audience_is_builtin (audience))
    return g_strdup (kennis_audience_get_key (audience));

  return g_strdup_printf ("audience:%" G_GINT64_FORMAT, kennis_audience_get_id (audience));
}

static void
load_default_audience (KennisPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "default-audience");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  guint selected = 0;

  gtk_string_list_append (names, _("Only me"));
  g_strv_builder_add (keys, "");
  for (guint i = 0; i < g_list_model_get_n_items (self->audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (self->audiences, i);
      g_autofree char *value = audience_setting_value (audience);

      if (kennis_audience_matches (audience, current))
        selected = i + 1;
      gtk_string_list_append (names, kennis_audience_get_name (audience));
      g_strv_builder_add (keys, value);
    }

  g_strfreev (self->audience_keys);
  self->audience_keys = g_strv_builder_end (keys);
  adw_combo_row_set_model (self->audience_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->audience_row, selected);
}

static void
load_default_language (KennisPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "default-language");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *automatic = kennis_format_default_language ();
  g_autofree char *automatic_name = kennis_format_language_name (automatic);
  /* TRANSLATORS: %s is a language name, e.g. "Dutch" */
  g_autofree char *first = g_strdup_printf (_("Automatic (%s)"), automatic_name);
  guint selected = 0;

  gtk_string_list_append (names, first);
  for (guint i = 1; i < G_N_ELEMENTS (language_codes); i++)
    {
      g_autofree char *name = kennis_format_language_name (language_codes[i]);

      if (g_strcmp0 (current, language_codes[i]) == 0)
        selected = i;
      gtk_string_list_append (names, name);
    }

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->language_row, selected);
}

static void
default_audience_selected_cb (KennisPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->audience_row);

  if (self->loading || self->audience_keys == NULL || selected >= g_strv_length (self->audience_keys))
    return;

  g_settings_set_string (self->settings, "default-audience", self->audience_keys[selected]);
}

static void
default_language_selected_cb (KennisPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (self->loading || selected >= G_N_ELEMENTS (language_codes))
    return;

  g_settings_set_string (self->settings, "default-language", language_codes[selected]);
}

static char *
describe_count (guint n)
{
  g_autofree char *count = kennis_format_count (n);

  if (n == 0)
    return g_strdup (_("No entries yet"));

  /* TRANSLATORS: %s is a number such as "1,024" */
  return g_strdup_printf (ngettext ("%s entry", "%s entries", n), count);
}

static void
rename_applied_cb (AdwEntryRow             *row,
                   KennisPreferencesWindow *self)
{
  gint64 id = *(gint64 *)g_object_get_data (G_OBJECT (row), "audience-id");
  g_autoptr(GError) error = NULL;

  if (!kennis_store_rename_audience (self->store, id, gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      show_error (self, error);
      return;
    }

  rebuild (self);
}

static void
remove_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    KennisPreferencesWindow *self)
{
  gint64 id = *(gint64 *)g_object_get_data (G_OBJECT (dialog), "audience-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!kennis_store_remove_audience (self->store, id, &error))
    show_error (self, error);

  rebuild (self);
}

static void
remove_clicked_cb (GtkButton               *button,
                   KennisPreferencesWindow *self)
{
  KennisAudience *audience = g_object_get_data (G_OBJECT (button), "audience");
  guint n = kennis_audience_get_n_entries (audience);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  gint64 *id = g_new (gint64, 1);

  *id = kennis_audience_get_id (audience);
  /* TRANSLATORS: %s is an audience name */
  heading = g_strdup_printf (_("Remove “%s”?"), kennis_audience_get_name (audience));
  if (n > 0)
    body = g_strdup_printf (ngettext ("%u entry is for this audience. It stays in your notebook, "
                                      "and is for “Only me” unless it is for another audience too.",
                                      "%u entries are for this audience. They stay in your notebook, "
                                      "and are for “Only me” unless they are for another audience too.",
                                      n), n);
  else
    body = g_strdup (_("No entries are for this audience."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "audience-id", id, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_builtin_row (KennisAudience *audience)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = describe_count (kennis_audience_get_n_entries (audience));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kennis_audience_get_name (audience));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), count);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (kennis_audience_get_icon_name (audience)));
  return row;
}

static GtkWidget *
make_custom_row (KennisPreferencesWindow *self,
                 KennisAudience          *audience)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *tooltip = NULL;
  gint64 *id = g_new (gint64, 1);

  *id = kennis_audience_get_id (audience);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), kennis_audience_get_name (audience));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "audience-id", id, g_free);
  g_signal_connect (row, "apply", G_CALLBACK (rename_applied_cb), self);

  /* TRANSLATORS: %s is an audience name */
  tooltip = g_strdup_printf (_("Remove “%s”"), kennis_audience_get_name (audience));
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "audience", g_object_ref (audience), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  return row;
}

static void
rebuild (KennisPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint n_custom = 0;

  for (guint i = 0; i < self->audience_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->audience_rows, i);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (g_object_get_data (G_OBJECT (row), "group")), row);
    }
  g_ptr_array_set_size (self->audience_rows, 0);

  g_clear_object (&self->audiences);
  self->audiences = kennis_store_list_audiences (self->store, &error);
  if (self->audiences == NULL)
    {
      show_error (self, error);
      self->audiences = G_LIST_MODEL (g_list_store_new (KENNIS_TYPE_AUDIENCE));
    }

  for (guint i = 0; i < g_list_model_get_n_items (self->audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (self->audiences, i);
      AdwPreferencesGroup *group;
      GtkWidget *row;

      if (kennis_audience_is_builtin (audience))
        {
          group = self->builtin_group;
          row = make_builtin_row (audience);
        }
      else
        {
          group = self->custom_group;
          row = make_custom_row (self, audience);
          n_custom++;
        }

      g_object_set_data (G_OBJECT (row), "group", group);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->audience_rows, row);
    }

  if (n_custom == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None yet — add one below"));
      gtk_widget_add_css_class (row, "dim-label");
      g_object_set_data (G_OBJECT (row), "group", self->custom_group);
      adw_preferences_group_add (self->custom_group, row);
      g_ptr_array_add (self->audience_rows, row);
    }

  self->loading = TRUE;
  load_default_audience (self);
  self->loading = FALSE;

  /* Each place lists the audiences, so it follows them. */
  rebuild_targets (self);
}

static void
new_audience_applied_cb (KennisPreferencesWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_audience_row));

  if (kennis_preferences_window_add_audience (self, name))
    gtk_editable_set_text (GTK_EDITABLE (self->new_audience_row), "");
}

/* Sharing: one group per place to share to. Changes are saved as they are
 * made; only adding or removing a place rebuilds the page, so the keyboard
 * focus stays where it was while the user edits. */

static void
target_view_free (TargetView *view)
{
  g_clear_pointer (&view->route_switches, g_ptr_array_unref);
  g_free (view);
}

static void
check_data_free (CheckData *data)
{
  g_weak_ref_clear (&data->self);
  g_free (data);
}

static void
set_id (gpointer    object,
        const char *key,
        gint64      id)
{
  gint64 *copy = g_new (gint64, 1);

  *copy = id;
  g_object_set_data_full (G_OBJECT (object), key, copy, g_free);
}

static gint64
get_id (gpointer    object,
        const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  g_assert (id != NULL);
  return *id;
}

static TargetView *
lookup_target_view (KennisPreferencesWindow *self,
                    gint64                   id)
{
  if (self->target_views == NULL)
    return NULL;

  return g_hash_table_lookup (self->target_views, &id);
}

/* Shows a saved value in its row, unless the row says it already, maybe
 * with spaces around it: that is the case when the user typed it there,
 * and setting it again would offer to apply it once more. */
static void
show_in_entry_row (AdwEntryRow *row,
                   const char  *text)
{
  g_autofree char *shown = NULL;

  if (row == NULL)
    return;

  shown = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (g_strcmp0 (shown, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_language (KennisPreferencesWindow *self,
               AdwComboRow             *row,
               const char              *code)
{
  GStrv codes = g_object_get_data (G_OBJECT (row), "language-codes");

  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_equal (codes[i], code) && adw_combo_row_get_selected (row) != i)
      {
        self->loading = TRUE;
        adw_combo_row_set_selected (row, i);
        self->loading = FALSE;
      }
}

static const char *
describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "folder") == 0)
    return _("A folder with a small website and feeds");
  if (g_strcmp0 (kind, "wordpress") == 0)
    return _("A WordPress site, posted to with an Application Password");
  if (g_strcmp0 (kind, "mastodon") == 0)
    return _("A Mastodon account, posted to with an access token");
  if (g_strcmp0 (kind, "metaweblog") == 0)
    return _("A blog that speaks MetaWeblog (XML-RPC), posted to with a password");
  if (g_strcmp0 (kind, "micropub") == 0)
    return _("A site that takes posts through Micropub, with a token");

  return _("A kind of place this version of Kennis cannot share to");
}

static char **
site_field (KennisSiteConfig *site,
            const char       *key)
{
  if (g_strcmp0 (key, "folder") == 0)
    return &site->folder;
  if (g_strcmp0 (key, "title") == 0)
    return &site->title;
  if (g_strcmp0 (key, "author") == 0)
    return &site->author;
  if (g_strcmp0 (key, "base_url") == 0)
    return &site->base_url;
  if (g_strcmp0 (key, "language") == 0)
    return &site->language;

  return NULL;
}

/* A folder target's settings. The folder target reads them and fills in
 * what is missing; when it refuses them (no folder yet) they are still read
 * as they are, so saving one field never loses the others. */
static KennisSiteConfig *
read_site (const KennisTargetInfo *info)
{
  static const char * const keys[] = { "folder", "title", "author", "base_url", "language" };
  g_autoptr(KennisFolderTarget) target = kennis_folder_target_new (info->id, info->name, info->config, NULL);
  g_autoptr(JsonParser) parser = NULL;
  KennisSiteConfig *site;
  JsonObject *object = NULL;

  if (target != NULL)
    return kennis_site_config_copy (kennis_folder_target_get_site (target));

  site = kennis_site_config_new ();
  parser = json_parser_new ();
  if (info->config != NULL && json_parser_load_from_data (parser, info->config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));
  if (object == NULL)
    return site;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      char **field = site_field (site, keys[i]);

      g_free (*field);
      *field = g_strdup (json_object_get_string_member_with_default (object, keys[i], ""));
    }

  return site;
}

static char *
dup_default_language (KennisPreferencesWindow *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "default-language");

  if (language[0] != '\0')
    return g_steal_pointer (&language);

  return kennis_format_default_language ();
}

/* Where a new site goes, chosen the way the notebook chose its first feed's
 * folder: under the Public folder people already share from, else next to
 * the notebook. Never a folder another place writes into, nor one that
 * already exists. */
static char *
pick_folder (KennisPreferencesWindow *self,
             GPtrArray               *targets)
{
  const char *public_dir = g_get_user_special_dir (G_USER_DIRECTORY_PUBLIC_SHARE);
  g_autofree char *data_dir = g_path_get_dirname (kennis_store_get_path (self->store));
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  gboolean use_public = g_getenv ("KENNIS_DATA_DIR") == NULL &&
                        public_dir != NULL &&
                        g_strcmp0 (public_dir, g_get_home_dir ()) != 0 &&
                        g_file_test (public_dir, G_FILE_TEST_IS_DIR);
  char *folder = NULL;

  for (guint i = 0; i < targets->len; i++)
    {
      const KennisTargetInfo *info = g_ptr_array_index (targets, i);
      g_autoptr(KennisSiteConfig) site = NULL;

      if (g_strcmp0 (info->kind, "folder") != 0)
        continue;
      site = read_site (info);
      g_ptr_array_add (used, g_steal_pointer (&site->folder));
    }

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *base = NULL;

      if (use_public)
        base = n == 1 ? g_strdup ("Kennis") : g_strdup_printf ("Kennis-%u", n);
      else
        base = g_strdup_printf ("site-%u", n);

      g_free (folder);
      folder = g_build_filename (use_public ? public_dir : data_dir, base, NULL);
      if (!g_ptr_array_find_with_equal_func (used, folder, g_str_equal, NULL) &&
          !g_file_test (folder, G_FILE_TEST_EXISTS))
        break;
    }

  return folder;
}

/* Only web addresses a reader's browser can open, or none at all. */
static gboolean
validate_base_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (url[0] == '\0')
    return TRUE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      /* Short enough for a toast; the row shows what was typed. */
      g_set_error_literal (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID,
                           _("A web address starts with https:// or http://"));
      return FALSE;
    }

  return TRUE;
}

static char *
describe_routes (TargetView *view)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < view->route_switches->len; i++)
    {
      GtkSwitch *route = g_ptr_array_index (view->route_switches, i);

      if (gtk_switch_get_active (route))
        g_strv_builder_add (names, g_object_get_data (G_OBJECT (route), "audience-name"));
    }

  list = g_strv_builder_end (names);
  if (list[0] == NULL)
    return g_strdup (_("No one yet, so nothing goes here"));

  /* TRANSLATORS: the separator between audience names in a list */
  return g_strjoinv (_(", "), list);
}

static void
update_routes_subtitle (TargetView *view)
{
  g_autofree char *subtitle = describe_routes (view);

  adw_expander_row_set_subtitle (view->routes_row, subtitle);
}

static void
sync_routes (KennisPreferencesWindow *self,
             gint64                   target_id)
{
  TargetView *view = lookup_target_view (self, target_id);
  g_autoptr(KennisTargetInfo) info = NULL;

  if (view == NULL)
    return;

  info = kennis_store_get_target (self->store, target_id, NULL);
  self->loading = TRUE;
  for (guint i = 0; i < view->route_switches->len; i++)
    {
      GtkSwitch *route = g_ptr_array_index (view->route_switches, i);
      gint64 audience_id = get_id (route, "audience-id");
      gboolean routed = FALSE;

      for (guint j = 0; info != NULL && j < info->audiences->len; j++)
        routed |= g_array_index (info->audiences, gint64, j) == audience_id;
      gtk_switch_set_active (route, routed);
    }
  self->loading = FALSE;
  update_routes_subtitle (view);
}

static void
route_toggled_cb (GtkSwitch               *route,
                  GParamSpec              *pspec,
                  KennisPreferencesWindow *self)
{
  if (self->loading)
    return;

  kennis_preferences_window_route_target (self,
                                          get_id (route, "target-id"),
                                          get_id (route, "audience-id"),
                                          gtk_switch_get_active (route));
}

static void
name_applied_cb (AdwEntryRow             *row,
                 KennisPreferencesWindow *self)
{
  if (kennis_preferences_window_rename_target (self, get_id (row, "target-id"),
                                               gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
site_entry_applied_cb (AdwEntryRow             *row,
                       KennisPreferencesWindow *self)
{
  if (kennis_preferences_window_set_target_setting (self, get_id (row, "target-id"),
                                                    g_object_get_data (G_OBJECT (row), "site-key"),
                                                    gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
site_language_selected_cb (AdwComboRow             *row,
                           GParamSpec              *pspec,
                           KennisPreferencesWindow *self)
{
  GStrv codes = g_object_get_data (G_OBJECT (row), "language-codes");
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading || selected >= g_strv_length (codes))
    return;

  kennis_preferences_window_set_target_setting (self, get_id (row, "target-id"), "language", codes[selected]);
}

static void
target_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CheckData *data = user_data;
  g_autoptr(KennisPreferencesWindow) self = g_weak_ref_get (&data->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = kennis_target_check_finish (KENNIS_TARGET (source), result, &error);
  gint64 id = data->id;
  TargetView *view;

  check_data_free (data);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  view = lookup_target_view (self, id);
  if (view == NULL)
    return;

  gtk_spinner_stop (GTK_SPINNER (view->spinner));
  gtk_widget_set_visible (view->spinner, FALSE);
  adw_action_row_set_subtitle (view->check_row, answer != NULL ? answer : error->message);
}

static void
check_target (KennisPreferencesWindow *self,
              gint64                   id)
{
  TargetView *view = lookup_target_view (self, id);
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  CheckData *data;

  /* A second press while it runs changes nothing; the button stays
   * sensitive so that the keyboard focus does not jump away. */
  if (view == NULL || gtk_spinner_get_spinning (GTK_SPINNER (view->spinner)))
    return;

  info = kennis_store_get_target (self->store, id, &error);
  if (info != NULL)
    target = kennis_target_new_from_info (info, &error);
  if (target == NULL)
    {
      adw_action_row_set_subtitle (view->check_row, error->message);
      return;
    }

  adw_action_row_set_subtitle (view->check_row, _("Checking…"));
  gtk_widget_set_visible (view->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (view->spinner));

  data = g_new0 (CheckData, 1);
  g_weak_ref_init (&data->self, self);
  data->id = id;
  kennis_target_check_async (target, self->cancellable, target_checked_cb, data);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  check_target (KENNIS_PREFERENCES_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
network_target_added_cb (KennisPreferencesWindow *self,
                         gint64                   id,
                         const char              *found)
{
  /* TRANSLATORS: %s is what the check found, e.g. “Signed in to Company blog as Anna.” */
  g_autofree char *message = g_strdup_printf (_("%s Choose below which audiences go there."), found);

  rebuild_targets (self);
  show_message (self, message);
}

/**
 * kennis_preferences_window_add_network_target:
 * @kind: "wordpress", "mastodon" or "micropub"
 *
 * Opens the dialog that checks and adds a place of @kind.
 *
 * Returns: (transfer none): the dialog
 */
KennisTargetDialog *
kennis_preferences_window_add_network_target (KennisPreferencesWindow *self,
                                              const char              *kind)
{
  KennisTargetDialog *dialog;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), NULL);

  dialog = kennis_target_dialog_new (GTK_WINDOW (self), self->store, kind);
  g_signal_connect_object (dialog, "added", G_CALLBACK (network_target_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
add_network_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kennis_preferences_window_add_network_target (KENNIS_PREFERENCES_WINDOW (widget),
                                                g_variant_get_string (parameter, NULL));
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kennis_preferences_window_add_folder_target (KENNIS_PREFERENCES_WINDOW (widget));
}

static void
folder_chosen_cb (GtkNativeDialog         *chooser,
                  int                      response,
                  KennisPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        show_message (self, _("Choose a folder on this computer or on a mounted drive."));
      else
        kennis_preferences_window_set_target_setting (self, get_id (chooser, "target-id"), "folder", path);
    }

  if (self->folder_chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->folder_chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KennisPreferencesWindow *self = KENNIS_PREFERENCES_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisSiteConfig) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;

  info = kennis_store_get_target (self->store, id, &error);
  if (info == NULL)
    {
      show_error (self, error);
      return;
    }
  site = read_site (info);

  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);

  self->folder_chooser = gtk_file_chooser_native_new (_("Choose a Folder for the Site"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Choose"),
                                                      _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);
  /* Open where the current folder is, so that it is easy to pick a sibling. */
  parent = site->folder[0] != '\0' ? g_path_get_dirname (site->folder) : NULL;
  if (parent != NULL && g_file_test (parent, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (parent);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->folder_chooser), folder, NULL);
    }
  set_id (self->folder_chooser, "target-id", id);
  g_signal_connect (self->folder_chooser, "response", G_CALLBACK (folder_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
remove_target_response_cb (AdwMessageDialog        *dialog,
                           const char              *response,
                           KennisPreferencesWindow *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    kennis_preferences_window_remove_target (self, get_id (dialog, "target-id"));
}

static void
remove_target_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KennisPreferencesWindow *self = KENNIS_PREFERENCES_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  info = kennis_store_get_target (self->store, id, &error);
  if (info == NULL)
    {
      show_error (self, error);
      return;
    }

  /* TRANSLATORS: %s is the name of a place to share to */
  heading = g_strdup_printf (_("Remove “%s”?"), info->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("What was shared there stays where it is; "
                                                         "Kennis stops updating it.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  set_id (dialog, "target-id", id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_target_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_target_entry_row (KennisPreferencesWindow *self,
                       gint64                   id,
                       const char              *title,
                       const char              *key,
                       const char              *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  set_id (row, "target-id", id);
  if (key != NULL)
    {
      g_object_set_data (G_OBJECT (row), "site-key", (gpointer)key);
      g_signal_connect (row, "apply", G_CALLBACK (site_entry_applied_cb), self);
    }
  else
    {
      g_signal_connect (row, "apply", G_CALLBACK (name_applied_cb), self);
    }

  return row;
}

static GtkWidget *
make_site_language_row (KennisPreferencesWindow *self,
                        gint64                   id,
                        const char              *current)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = 0;

  /* The General page's languages, without "Automatic": a site says which
   * language it is in, whoever reads it. */
  for (guint i = 1; i < G_N_ELEMENTS (language_codes); i++, n++)
    {
      g_autofree char *name = kennis_format_language_name (language_codes[i]);

      if (g_strcmp0 (current, language_codes[i]) == 0)
        selected = n;
      gtk_string_list_append (names, name);
      g_strv_builder_add (codes, language_codes[i]);
    }

  /* A language set elsewhere, e.g. with kennis-cli, stays a choice. */
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *name = kennis_format_language_name (current);

      gtk_string_list_append (names, name[0] != '\0' ? name : _("Not set"));
      g_strv_builder_add (codes, current != NULL ? current : "");
      selected = n;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Language"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "language-codes", g_strv_builder_end (codes),
                          (GDestroyNotify)g_strfreev);
  set_id (row, "target-id", id);
  g_signal_connect (row, "notify::selected", G_CALLBACK (site_language_selected_cb), self);
  return row;
}

static GtkWidget *
make_folder_row (gint64      id,
                 const char *folder)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_with_label (_("Choose…"));
  g_autofree char *shown = folder[0] != '\0' ? g_filename_display_name (folder) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Folder"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown != NULL ? shown : _("None chosen yet"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "sharing.choose-folder");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (choose), g_variant_new_int64 (id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  return row;
}

static void
add_route_rows (KennisPreferencesWindow *self,
                TargetView              *view,
                const KennisTargetInfo  *info)
{
  GtkWidget *expander = adw_expander_row_new ();
  guint n_routed = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Who goes here"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  view->routes_row = ADW_EXPANDER_ROW (expander);

  for (guint i = 0; self->audiences != NULL && i < g_list_model_get_n_items (self->audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (self->audiences, i);
      const char *name = kennis_audience_get_name (audience);
      const char *icon_name = kennis_audience_get_icon_name (audience);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *route = gtk_switch_new ();
      gboolean routed = FALSE;

      for (guint j = 0; j < info->audiences->len; j++)
        routed |= g_array_index (info->audiences, gint64, j) == kennis_audience_get_id (audience);
      n_routed += routed;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (icon_name != NULL)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

      gtk_switch_set_active (GTK_SWITCH (route), routed);
      gtk_widget_set_valign (route, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (route), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      set_id (route, "target-id", info->id);
      set_id (route, "audience-id", kennis_audience_get_id (audience));
      g_object_set_data_full (G_OBJECT (route), "audience-name", g_strdup (name), g_free);
      g_signal_connect (route, "notify::active", G_CALLBACK (route_toggled_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), route);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), route);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      g_ptr_array_add (view->route_switches, route);
    }

  /* Open while no one goes here, since that is the first thing to choose. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), n_routed == 0);
  update_routes_subtitle (view);
  adw_preferences_group_add (view->group, expander);
}

static void
add_check_row (TargetView *view)
{
  GtkWidget *row = adw_action_row_new ();

  view->check_row = ADW_ACTION_ROW (row);
  view->spinner = gtk_spinner_new ();
  view->check_button = gtk_button_new_with_label (_("Check"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Connection"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not checked yet"));
  gtk_widget_set_visible (view->spinner, FALSE);
  gtk_widget_set_valign (view->check_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (view->check_button), "sharing.check");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (view->check_button), g_variant_new_int64 (view->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), view->spinner);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), view->check_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), view->check_button);
  adw_preferences_group_add (view->group, row);
}

/* Where a WordPress target posts, and as whom; changing them means adding
 * the site again, as the password is checked for both. */
static GtkWidget *
make_wordpress_row (const KennisTargetInfo *info)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkWidget *row = adw_action_row_new ();
  JsonObject *config = NULL;
  g_autofree char *subtitle = NULL;

  if (json_parser_load_from_data (parser, info->config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    config = json_node_get_object (json_parser_get_root (parser));

  /* TRANSLATORS: a user name, then a web address, e.g. “anna at https://blog.example/” */
  subtitle = g_strdup_printf (_("%s at %s"),
                              config != NULL ? json_object_get_string_member_with_default (config, "user", "") : "",
                              config != NULL ? json_object_get_string_member_with_default (config, "site", "") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Posts as"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static TargetView *
make_target_view (KennisPreferencesWindow *self,
                  const KennisTargetInfo  *info)
{
  TargetView *view = g_new0 (TargetView, 1);
  g_autofree char *title = g_markup_escape_text (info->name, -1);
  g_autofree char *remove_tooltip = NULL;
  GtkWidget *remove = gtk_button_new_with_label (_("Remove…"));

  view->id = info->id;
  view->route_switches = g_ptr_array_new ();
  view->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (view->group, title);
  adw_preferences_group_set_description (view->group, describe_kind (info->kind));

  /* TRANSLATORS: %s is the name of a place to share to */
  remove_tooltip = g_strdup_printf (_("Remove “%s”"), info->name);
  gtk_widget_set_tooltip_text (remove, remove_tooltip);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "sharing.remove");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (info->id));
  adw_preferences_group_set_header_suffix (view->group, remove);

  view->name_row = ADW_ENTRY_ROW (make_target_entry_row (self, info->id, _("Name"), NULL, info->name));
  adw_preferences_group_add (view->group, GTK_WIDGET (view->name_row));

  if (g_strcmp0 (info->kind, "folder") == 0)
    {
      g_autoptr(KennisSiteConfig) site = read_site (info);
      GtkWidget *base_url;

      view->folder_row = ADW_ACTION_ROW (make_folder_row (info->id, site->folder));
      adw_preferences_group_add (view->group, GTK_WIDGET (view->folder_row));
      view->title_row = ADW_ENTRY_ROW (make_target_entry_row (self, info->id, _("Site title"), "title", site->title));
      adw_preferences_group_add (view->group, GTK_WIDGET (view->title_row));
      view->author_row = ADW_ENTRY_ROW (make_target_entry_row (self, info->id, _("Author"), "author", site->author));
      adw_preferences_group_add (view->group, GTK_WIDGET (view->author_row));
      base_url = make_target_entry_row (self, info->id, _("Web address of the site"), "base_url", site->base_url);
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (base_url), GTK_INPUT_PURPOSE_URL);
      view->base_url_row = ADW_ENTRY_ROW (base_url);
      adw_preferences_group_add (view->group, base_url);
      view->language_row = ADW_COMBO_ROW (make_site_language_row (self, info->id, site->language));
      adw_preferences_group_add (view->group, GTK_WIDGET (view->language_row));
    }

  else if (g_strcmp0 (info->kind, "wordpress") == 0)
    adw_preferences_group_add (view->group, make_wordpress_row (info));

  add_route_rows (self, view, info);
  add_check_row (view);
  return view;
}

static void
rebuild_targets (KennisPreferencesWindow *self)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->target_groups->len; i++)
    adw_preferences_page_remove (self->sharing_page, g_ptr_array_index (self->target_groups, i));
  g_ptr_array_set_size (self->target_groups, 0);
  g_hash_table_remove_all (self->target_views);

  targets = kennis_store_list_targets (self->store, &error);
  if (targets == NULL)
    {
      show_error (self, error);
      return;
    }

  /* A page adds groups at its end; the group that adds places stays last. */
  g_object_ref (self->add_target_group);
  adw_preferences_page_remove (self->sharing_page, self->add_target_group);
  for (guint i = 0; i < targets->len; i++)
    {
      TargetView *view = make_target_view (self, g_ptr_array_index (targets, i));

      adw_preferences_page_add (self->sharing_page, view->group);
      g_ptr_array_add (self->target_groups, view->group);
      g_hash_table_insert (self->target_views, &view->id, view);
    }
  adw_preferences_page_add (self->sharing_page, self->add_target_group);
  g_object_unref (self->add_target_group);
}

static void
kennis_preferences_window_dispose (GObject *object)
{
  KennisPreferencesWindow *self = (KennisPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_PREFERENCES_WINDOW);

  g_clear_pointer (&self->target_views, g_hash_table_unref);
  g_clear_pointer (&self->target_groups, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->audiences);
  g_clear_pointer (&self->audience_rows, g_ptr_array_unref);
  g_clear_pointer (&self->audience_keys, g_strfreev);

  G_OBJECT_CLASS (kennis_preferences_window_parent_class)->dispose (object);
}

static void
kennis_preferences_window_class_init (KennisPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, audiences_page);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, keyring_warning);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, audience_row);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, builtin_group);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, custom_group);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, new_audience_row);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, sharing_page);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, add_target_group);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, add_folder_row);
  gtk_widget_class_bind_template_callback (widget_class, default_audience_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_language_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_audience_applied_cb);

  gtk_widget_class_install_action (widget_class, "sharing.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "sharing.add-network", "s", add_network_action);
  gtk_widget_class_install_action (widget_class, "sharing.choose-folder", "x", choose_folder_action);
  gtk_widget_class_install_action (widget_class, "sharing.check", "x", check_action);
  gtk_widget_class_install_action (widget_class, "sharing.remove", "x", remove_target_action);
}

/* Passwords for the places here go to an unencrypted file when no keyring
 * runs; the page says so. */
static void
backend_known_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(KennisPreferencesWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (kennis_credentials_get_backend_finish (result, &error) != KENNIS_CREDENTIALS_FILE)
    return;
  warning = kennis_credentials_dup_file_warning ();
  gtk_label_set_text (self->keyring_warning, warning);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_warning), TRUE);
}

static void
kennis_preferences_window_init (KennisPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->audience_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->target_views = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                              (GDestroyNotify)target_view_free);
  self->target_groups = g_ptr_array_new ();
  load_default_language (self);
  self->loading = FALSE;
  kennis_credentials_get_backend_async (self->cancellable, backend_known_cb, g_object_ref (self));
}

KennisPreferencesWindow *
kennis_preferences_window_new (GtkWindow   *parent,
                               KennisStore *store)
{
  KennisPreferencesWindow *self;

  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  self = g_object_new (KENNIS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->store = g_object_ref (store);
  rebuild (self);
  return self;
}

void
kennis_preferences_window_show_audiences (KennisPreferencesWindow *self)
{
  g_return_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "audiences");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_audience_row));
}

/**
 * kennis_preferences_window_add_audience:
 *
 * Returns: %TRUE if the audience was added; else the user was told why not
 */
gboolean
kennis_preferences_window_add_audience (KennisPreferencesWindow *self,
                                        const char              *name)
{
  g_autoptr(KennisAudience) audience = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), FALSE);

  audience = kennis_store_add_audience (self->store, name, &error);
  if (audience == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  rebuild (self);
  return TRUE;
}

void
kennis_preferences_window_show_sharing (KennisPreferencesWindow *self)
{
  g_return_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "sharing");
}

/**
 * kennis_preferences_window_add_folder_target:
 *
 * Adds a folder site named "New folder" (or "New folder 2", and so on) with
 * a folder of its own, and moves the keyboard focus to its name.
 *
 * Returns: the new target's id, or 0 after telling the user why not
 */
gint64
kennis_preferences_window_add_folder_target (KennisPreferencesWindow *self)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *author = g_get_real_name ();
  TargetView *view;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), 0);

  targets = kennis_store_list_targets (self->store, &error);
  if (targets == NULL)
    {
      show_error (self, error);
      return 0;
    }

  g_free (site->folder);
  site->folder = pick_folder (self, targets);
  g_free (site->author);
  /* GLib says "Unknown" when the system does not know the name. */
  site->author = g_strdup (g_strcmp0 (author, "Unknown") != 0 ? author : g_get_user_name ());
  g_free (site->language);
  site->language = dup_default_language (self);

  /* Names are unique whatever their case: count up until one is free. */
  for (guint n = 1; info == NULL && n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (_("New folder"))
                                     /* TRANSLATORS: %u is a number, 2 or more */
                                     : g_strdup_printf (_("New folder %u"), n);
      g_autofree char *config = NULL;

      g_free (site->title);
      site->title = g_strdup (name);
      config = kennis_folder_target_config_to_json (site);
      g_clear_error (&error);
      info = kennis_store_add_target (self->store, "folder", name, config, &error);
      if (info == NULL && !g_error_matches (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS))
        break;
    }

  if (info == NULL)
    {
      show_error (self, error);
      return 0;
    }

  rebuild_targets (self);
  view = lookup_target_view (self, info->id);
  if (view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (view->name_row));
  return info->id;
}

/**
 * kennis_preferences_window_rename_target:
 *
 * Renames a place to share to. A site whose title was its name keeps
 * following the name.
 *
 * Returns: %TRUE if it was renamed; else the user was told why not
 */
gboolean
kennis_preferences_window_rename_target (KennisPreferencesWindow *self,
                                         gint64                   id,
                                         const char              *name)
{
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisTargetInfo) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *title = NULL;
  TargetView *view;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  info = kennis_store_get_target (self->store, id, &error);
  if (info == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  if (g_strcmp0 (info->kind, "folder") == 0)
    {
      g_autoptr(KennisSiteConfig) site = read_site (info);
      g_autofree char *clean = g_strstrip (g_strdup (name));

      if (g_strcmp0 (site->title, info->name) == 0 && clean[0] != '\0')
        {
          g_free (site->title);
          site->title = g_steal_pointer (&clean);
          config = kennis_folder_target_config_to_json (site);
        }
    }

  if (!kennis_store_update_target (self->store, id, name, config, &error) ||
      (renamed = kennis_store_get_target (self->store, id, &error)) == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  view = lookup_target_view (self, id);
  if (view == NULL)
    return TRUE;

  title = g_markup_escape_text (renamed->name, -1);
  adw_preferences_group_set_title (view->group, title);
  show_in_entry_row (view->name_row, renamed->name);
  if (config != NULL)
    show_in_entry_row (view->title_row, renamed->name);
  return TRUE;
}

/**
 * kennis_preferences_window_set_target_setting:
 * @key: "folder", "title", "author", "base_url" or "language"
 *
 * Changes one setting of a folder site. A web address must be http(s) or
 * empty, and a folder absolute.
 *
 * Returns: %TRUE if it was saved; else the user was told why not
 */
gboolean
kennis_preferences_window_set_target_setting (KennisPreferencesWindow *self,
                                              gint64                   id,
                                              const char              *key,
                                              const char              *value)
{
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisSiteConfig) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *config = NULL;
  TargetView *view;
  char **field;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  info = kennis_store_get_target (self->store, id, &error);
  if (info == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  g_return_val_if_fail (g_strcmp0 (info->kind, "folder") == 0, FALSE);

  site = read_site (info);
  field = site_field (site, key);
  g_return_val_if_fail (field != NULL, FALSE);

  clean = g_strstrip (g_strdup (value));
  if (g_str_equal (key, "base_url") && !validate_base_url (clean, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  if (g_str_equal (key, "folder") && !g_path_is_absolute (clean))
    {
      show_message (self, _("Choose a folder on this computer or on a mounted drive."));
      return FALSE;
    }

  g_free (*field);
  *field = g_steal_pointer (&clean);
  config = kennis_folder_target_config_to_json (site);
  if (!kennis_store_update_target (self->store, id, NULL, config, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  view = lookup_target_view (self, id);
  if (view == NULL)
    return TRUE;

  if (g_str_equal (key, "title"))
    show_in_entry_row (view->title_row, site->title);
  else if (g_str_equal (key, "author"))
    show_in_entry_row (view->author_row, site->author);
  else if (g_str_equal (key, "base_url"))
    show_in_entry_row (view->base_url_row, site->base_url);
  else if (g_str_equal (key, "language") && view->language_row != NULL)
    show_language (self, view->language_row, site->language);
  else if (g_str_equal (key, "folder"))
    {
      g_autofree char *shown = g_filename_display_name (site->folder);

      adw_action_row_set_subtitle (view->folder_row, shown);
      if (!gtk_spinner_get_spinning (GTK_SPINNER (view->spinner)))
        adw_action_row_set_subtitle (view->check_row, _("Not checked yet"));
    }

  return TRUE;
}

/**
 * kennis_preferences_window_route_target:
 * @routed: whether entries for @audience_id go to @target_id
 *
 * Returns: %TRUE if it was saved; else the user was told why not
 */
gboolean
kennis_preferences_window_route_target (KennisPreferencesWindow *self,
                                        gint64                   target_id,
                                        gint64                   audience_id,
                                        gboolean                 routed)
{
  g_autoptr(GError) error = NULL;
  gboolean saved;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), FALSE);

  saved = kennis_store_set_route (self->store, audience_id, target_id, routed, &error);
  if (!saved)
    show_error (self, error);

  /* The switches show what the notebook holds, saved or not. */
  sync_routes (self, target_id);
  return saved;
}

/**
 * kennis_preferences_window_remove_target:
 *
 * Forgets a place to share to, without asking; what was published there
 * stays.
 *
 * Returns: %TRUE if it was removed; else the user was told why not
 */
gboolean
kennis_preferences_window_remove_target (KennisPreferencesWindow *self,
                                         gint64                   id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), FALSE);

  if (!kennis_store_remove_target (self->store, id, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  rebuild_targets (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_folder_row));
  return TRUE;
}

/**
 * kennis_preferences_window_get_target_status:
 *
 * Returns: (nullable): what the place's "Check" row says now, e.g. the
 *   answer of the last check, or %NULL when it is not shown
 */
const char *
kennis_preferences_window_get_target_status (KennisPreferencesWindow *self,
                                             gint64                   id)
{
  TargetView *view;

  g_return_val_if_fail (KENNIS_IS_PREFERENCES_WINDOW (self), NULL);

  view = lookup_target_view (self, id);
  return view != NULL ? adw_action_row_get_subtitle (view->check_row) : NULL;
}
