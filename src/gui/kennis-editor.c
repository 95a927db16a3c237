/* kennis-editor.c — title, web address, tags and Markdown text of one entry
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "kennis-editor.h"
#include "kennis-format.h"
#include "kennis-link-filler.h"
#include "kennis-tag-box.h"

/* How long the address must stay unchanged before its page is read. */
#define FILL_DELAY_MS 700

struct _KennisEditor
{
  GtkWidget        parent_instance;

  KennisStore     *store;
  KennisLinkFiller *filler;
  KennisEntry     *entry;
  guint            fill_id;
  GSignalGroup    *entry_signals;
  GStrv            language_codes;
  gboolean         loading;

  GtkEntry        *title_entry;
  GtkWidget       *url_row;
  GtkEntry        *url_entry;
  GtkSpinner      *fetch_spinner;
  GtkButton       *retry_button;
  GtkButton       *open_button;
  KennisTagBox    *tag_box;
  GtkSourceView   *body_view;
  GtkLabel        *status_label;
  GtkDropDown     *language_dropdown;
};

G_DEFINE_FINAL_TYPE (KennisEditor, kennis_editor, GTK_TYPE_WIDGET)

/* The languages offered for an entry; an entry in another language keeps
 * its code and shows it as an extra choice. */
static const char * const known_languages[] = { "en", "nl", "de", "fr", "es" };

static GtkTextBuffer *
body_buffer (KennisEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
}

static void
set_text_if_changed (GtkEditable *editable,
                     const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

static void
load_title (KennisEditor *self)
{
  self->loading = TRUE;
  set_text_if_changed (GTK_EDITABLE (self->title_entry), kennis_entry_get_title (self->entry));
  self->loading = FALSE;
}

static void
load_url (KennisEditor *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));

  /* The entry keeps the address without surrounding spaces; a space the
   * user is typing stays in the field. */
  self->loading = TRUE;
  if (g_strcmp0 (typed, kennis_entry_get_url (self->entry)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_entry), kennis_entry_get_url (self->entry));
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), kennis_entry_get_url (self->entry)[0] != '\0');
  self->loading = FALSE;
}

static void
load_body (KennisEditor *self)
{
  GtkTextBuffer *buffer = body_buffer (self);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  if (g_strcmp0 (text, kennis_entry_get_body (self->entry)) == 0)
    return;

  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, kennis_entry_get_body (self->entry), -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;
}

static void
update_status (KennisEditor *self)
{
  GDateTime *updated = kennis_entry_get_updated (self->entry);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (updated == NULL)
    return;

  when = kennis_format_date_long (updated);
  if (kennis_entry_get_dirty (self->entry))
    /* TRANSLATORS: %s is a date and time */
    text = g_strdup_printf (_("Edited %s · saving…"), when);
  else
    /* TRANSLATORS: %s is a date and time */
    text = g_strdup_printf (_("Edited %s · saved"), when);

  gtk_label_set_label (self->status_label, text);
}

static void
load_language (KennisEditor *self)
{
  const char *code = kennis_entry_get_language (self->entry);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < G_N_ELEMENTS (known_languages); i++)
    {
      g_autofree char *name = kennis_format_language_name (known_languages[i]);

      if (g_strcmp0 (code, known_languages[i]) == 0)
        selected = i;
      gtk_string_list_append (names, name);
      g_strv_builder_add (codes, known_languages[i]);
    }

  if (selected == GTK_INVALID_LIST_POSITION && code[0] != '\0')
    {
      g_autofree char *name = kennis_format_language_name (code);

      selected = G_N_ELEMENTS (known_languages);
      gtk_string_list_append (names, name);
      g_strv_builder_add (codes, code);
    }

  self->loading = TRUE;
  g_strfreev (self->language_codes);
  self->language_codes = g_strv_builder_end (codes);
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->language_dropdown, selected);
  self->loading = FALSE;
}

static void
update_kind (KennisEditor *self)
{
  gboolean link = kennis_entry_get_kind (self->entry) == KENNIS_ENTRY_KIND_LINK;

  gtk_widget_set_visible (self->url_row, link || kennis_entry_get_url (self->entry)[0] != '\0');
}

static void
entry_title_changed_cb (KennisEditor *self)
{
  load_title (self);
}

static void
entry_body_changed_cb (KennisEditor *self)
{
  load_body (self);
}

/* The spinner while the page is read; after a failure, a button to try
 * again that says what went wrong. The link itself is never lost. */
static void
update_fetch_state (KennisEditor *self)
{
  gboolean busy = self->filler != NULL && self->entry != NULL &&
                  kennis_link_filler_is_busy (self->filler, self->entry);
  const GError *error = self->filler != NULL && self->entry != NULL
                        ? kennis_link_filler_get_error (self->filler, self->entry) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->fetch_spinner), busy);
  gtk_spinner_set_spinning (self->fetch_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), error != NULL);
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why, e.g. “The page did not answer within 10 seconds.” */
      g_autofree char *tooltip = g_strdup_printf (_("Could not read the page’s title: %s Click to try again."),
                                                  error->message);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->retry_button), tooltip);
    }
}

static void
filler_changed_cb (KennisEditor *self,
                   KennisEntry  *entry)
{
  if (entry == self->entry)
    update_fetch_state (self);
}

static gboolean
fill_timeout_cb (gpointer data)
{
  KennisEditor *self = data;

  self->fill_id = 0;
  if (self->entry != NULL && kennis_link_filler_wants (self->filler, self->entry))
    kennis_link_filler_fill (self->filler, self->entry);
  return G_SOURCE_REMOVE;
}

static void
schedule_fill (KennisEditor *self)
{
  g_clear_handle_id (&self->fill_id, g_source_remove);
  if (self->filler != NULL && self->entry != NULL && kennis_link_filler_wants (self->filler, self->entry))
    self->fill_id = g_timeout_add (FILL_DELAY_MS, fill_timeout_cb, self);
}

static void
retry_clicked_cb (KennisEditor *self)
{
  if (self->filler != NULL && self->entry != NULL)
    kennis_link_filler_fill (self->filler, self->entry);
}

static void
entry_url_changed_cb (KennisEditor *self)
{
  schedule_fill (self);
  load_url (self);
  update_kind (self);
}

static void
entry_status_changed_cb (KennisEditor *self)
{
  update_status (self);
}

static void
entry_language_changed_cb (KennisEditor *self)
{
  load_language (self);
}

static void
title_changed_cb (KennisEditor *self)
{
  if (!self->loading && self->entry != NULL)
    kennis_entry_set_title (self->entry, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
}

static void
title_activated_cb (KennisEditor *self)
{
  if (gtk_widget_get_visible (self->url_row) && kennis_entry_get_url (self->entry)[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
  else
    kennis_editor_focus_body (self);
}

static void
url_changed_cb (KennisEditor *self)
{
  if (!self->loading && self->entry != NULL)
    kennis_entry_set_url (self->entry, gtk_editable_get_text (GTK_EDITABLE (self->url_entry)));
}

static void
url_activated_cb (KennisEditor *self)
{
  kennis_editor_focus_body (self);
}

static void
open_clicked_cb (KennisEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->entry != NULL && kennis_entry_get_url (self->entry)[0] != '\0')
    gtk_show_uri (GTK_WINDOW (root), kennis_entry_get_url (self->entry), GDK_CURRENT_TIME);
}

static void
body_changed_cb (KennisEditor *self,
                 GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || self->entry == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  kennis_entry_set_body (self->entry, text);
}

static void
language_selected_cb (KennisEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);

  if (self->loading || self->entry == NULL || self->language_codes == NULL ||
      selected >= g_strv_length (self->language_codes))
    return;

  kennis_entry_set_language (self->entry, self->language_codes[selected]);
}

static void
style_changed_cb (KennisEditor  *self,
                  GParamSpec    *pspec,
                  AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (body_buffer (self)),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
kennis_editor_dispose (GObject *object)
{
  KennisEditor *self = (KennisEditor *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->fill_id, g_source_remove);
  g_clear_object (&self->entry_signals);
  g_clear_object (&self->entry);
  g_clear_object (&self->filler);
  g_clear_object (&self->store);
  g_clear_pointer (&self->language_codes, g_strfreev);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_EDITOR);
  /* Unnamed template children are not disposed by GTK; the widget owns them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kennis_editor_parent_class)->dispose (object);
}

static void
kennis_editor_class_init (KennisEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_editor_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (KENNIS_TYPE_TAG_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-editor.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, url_entry);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, fetch_spinner);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, open_button);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, tag_box);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, KennisEditor, language_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_selected_cb);
}

static void
kennis_editor_init (KennisEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  buffer = body_buffer (self);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_source_buffer_set_highlight_syntax (GTK_SOURCE_BUFFER (buffer), TRUE);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  style_changed_cb (self, NULL, style);

  self->entry_signals = g_signal_group_new (KENNIS_TYPE_ENTRY);
  g_signal_group_connect_swapped (self->entry_signals, "notify::title", G_CALLBACK (entry_title_changed_cb), self);
  g_signal_group_connect_swapped (self->entry_signals, "notify::body", G_CALLBACK (entry_body_changed_cb), self);
  g_signal_group_connect_swapped (self->entry_signals, "notify::url", G_CALLBACK (entry_url_changed_cb), self);
  g_signal_group_connect_swapped (self->entry_signals, "notify::language", G_CALLBACK (entry_language_changed_cb), self);
  g_signal_group_connect_swapped (self->entry_signals, "notify::dirty", G_CALLBACK (entry_status_changed_cb), self);
  g_signal_group_connect_swapped (self->entry_signals, "notify::updated", G_CALLBACK (entry_status_changed_cb), self);
}

void
kennis_editor_set_store (KennisEditor *self,
                         KennisStore  *store)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));

  g_set_object (&self->store, store);
  kennis_tag_box_set_store (self->tag_box, store);
}

/**
 * kennis_editor_set_link_filler:
 *
 * Lets the editor read a link's page for its title as its address is
 * typed, and show how that goes.
 */
void
kennis_editor_set_link_filler (KennisEditor     *self,
                               KennisLinkFiller *filler)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));

  if (self->filler != NULL)
    g_signal_handlers_disconnect_by_data (self->filler, self);
  g_set_object (&self->filler, filler);
  if (filler != NULL)
    g_signal_connect_object (filler, "changed", G_CALLBACK (filler_changed_cb), self, G_CONNECT_SWAPPED);
  update_fetch_state (self);
}

/**
 * kennis_editor_set_entry:
 * @entry: (nullable): the entry to edit
 *
 * Shows @entry; typing changes it at once, and the window saves it.
 */
void
kennis_editor_set_entry (KennisEditor *self,
                         KennisEntry  *entry)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (KENNIS_IS_EDITOR (self));

  if (!g_set_object (&self->entry, entry))
    return;

  g_clear_handle_id (&self->fill_id, g_source_remove);
  g_signal_group_set_target (self->entry_signals, entry);
  kennis_tag_box_set_entry (self->tag_box, entry);
  update_fetch_state (self);
  if (entry == NULL)
    return;

  /* A link saved without a title, e.g. while offline, gets one when it is
   * opened again. */
  if (self->filler != NULL && *kennis_entry_get_title (entry) == '\0' &&
      kennis_link_filler_wants (self->filler, entry))
    kennis_link_filler_fill (self->filler, entry);

  load_title (self);
  load_url (self);
  update_kind (self);
  load_language (self);
  update_status (self);

  /* A new entry starts a new undo history. */
  buffer = body_buffer (self);
  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, kennis_entry_get_body (entry), -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

/**
 * kennis_editor_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry being edited
 */
KennisEntry *
kennis_editor_get_entry (KennisEditor *self)
{
  g_return_val_if_fail (KENNIS_IS_EDITOR (self), NULL);
  return self->entry;
}

void
kennis_editor_focus_title (KennisEditor *self)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

void
kennis_editor_focus_url (KennisEditor *self)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));
  gtk_widget_set_visible (self->url_row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
}

void
kennis_editor_focus_body (KennisEditor *self)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

GtkEditable *
kennis_editor_get_title_editable (KennisEditor *self)
{
  g_return_val_if_fail (KENNIS_IS_EDITOR (self), NULL);
  return GTK_EDITABLE (self->title_entry);
}

GtkEditable *
kennis_editor_get_url_editable (KennisEditor *self)
{
  g_return_val_if_fail (KENNIS_IS_EDITOR (self), NULL);
  return GTK_EDITABLE (self->url_entry);
}

GtkTextBuffer *
kennis_editor_get_body_buffer (KennisEditor *self)
{
  g_return_val_if_fail (KENNIS_IS_EDITOR (self), NULL);
  return body_buffer (self);
}

GtkWidget *
kennis_editor_get_tag_box (KennisEditor *self)
{
  g_return_val_if_fail (KENNIS_IS_EDITOR (self), NULL);
  return GTK_WIDGET (self->tag_box);
}

/**
 * kennis_editor_flush:
 *
 * Puts into the entry what is typed but not confirmed yet, such as a tag
 * without Enter.
 */
void
kennis_editor_flush (KennisEditor *self)
{
  g_return_if_fail (KENNIS_IS_EDITOR (self));

  kennis_tag_box_flush (self->tag_box);
}
