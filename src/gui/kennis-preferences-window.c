/* kennis-preferences-window.c — defaults for new entries, and the user's audiences
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience.h"
#include "kennis-format.h"
#include "kennis-preferences-window.h"

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
  AdwComboRow          *language_row;
  AdwPreferencesGroup  *builtin_group;
  AdwPreferencesGroup  *custom_group;
  AdwEntryRow          *new_audience_row;
};

G_DEFINE_FINAL_TYPE (KennisPreferencesWindow, kennis_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const language_codes[] = { "", "en", "nl", "de", "fr", "es" };

static void rebuild (KennisPreferencesWindow *self);

static void
show_error (KennisPreferencesWindow *self,
            const GError            *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
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
}

static void
new_audience_applied_cb (KennisPreferencesWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_audience_row));

  if (kennis_preferences_window_add_audience (self, name))
    gtk_editable_set_text (GTK_EDITABLE (self->new_audience_row), "");
}

static void
kennis_preferences_window_dispose (GObject *object)
{
  KennisPreferencesWindow *self = (KennisPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_PREFERENCES_WINDOW);

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
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, audience_row);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, builtin_group);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, custom_group);
  gtk_widget_class_bind_template_child (widget_class, KennisPreferencesWindow, new_audience_row);
  gtk_widget_class_bind_template_callback (widget_class, default_audience_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_language_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_audience_applied_cb);
}

static void
kennis_preferences_window_init (KennisPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->audience_rows = g_ptr_array_new ();
  load_default_language (self);
  self->loading = FALSE;
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
