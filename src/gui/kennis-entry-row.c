/* kennis-entry-row.c — one entry in the list: title, a line of text, who it is for, tags
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience-button.h"
#include "kennis-entry-row.h"
#include "kennis-format.h"

#define SNIPPET_CHARS 120

struct _KennisEntryRow
{
  GtkWidget     parent_instance;

  KennisEntry  *entry;
  GListModel   *audiences;
  gulong        notify_id;
  gulong        audiences_id;

  GtkImage     *kind_icon;
  GtkLabel     *title_label;
  GtkLabel     *date_label;
  GtkLabel     *snippet_label;
  GtkImage     *audience_icon;
  GtkLabel     *audience_label;
  GtkLabel     *tags_label;
};

G_DEFINE_FINAL_TYPE (KennisEntryRow, kennis_entry_row, GTK_TYPE_WIDGET)

static char *
describe_tags (KennisEntry *entry)
{
  const char * const *tags = kennis_entry_get_tags (entry);
  GString *text = g_string_new (NULL);

  for (guint i = 0; tags[i]; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "#%s", tags[i]);
    }

  return g_string_free (text, FALSE);
}

static void
update (KennisEntryRow *self)
{
  KennisEntry *entry = self->entry;
  g_autofree char *title = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *date = NULL;
  g_autofree char *audience = NULL;
  g_autofree char *tags = NULL;
  const char *audience_icon = NULL;
  gboolean link;

  if (entry == NULL)
    return;

  link = kennis_entry_get_kind (entry) == KENNIS_ENTRY_KIND_LINK;
  title = kennis_entry_dup_display_title (entry);
  snippet = kennis_entry_dup_snippet (entry, SNIPPET_CHARS);
  if (snippet[0] == '\0' && link)
    {
      g_free (snippet);
      snippet = g_strdup (kennis_entry_get_url (entry));
    }
  if (kennis_entry_get_updated (entry) != NULL)
    date = kennis_format_date_relative (kennis_entry_get_updated (entry), NULL);
  audience = kennis_audience_describe (self->audiences, entry, &audience_icon);
  tags = describe_tags (entry);

  gtk_image_set_from_icon_name (self->kind_icon, link ? "insert-link-symbolic" : "text-x-generic-symbolic");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->snippet_label, snippet);
  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), snippet[0] != '\0');
  gtk_label_set_label (self->date_label, date ? date : "");
  gtk_label_set_label (self->audience_label, audience);
  gtk_image_set_from_icon_name (self->audience_icon, audience_icon);
  gtk_label_set_label (self->tags_label, tags);

  if (kennis_entry_is_private (entry))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->audience_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->audience_icon), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->audience_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->audience_icon), "dim-label");
    }
}

static void
kennis_entry_row_dispose (GObject *object)
{
  KennisEntryRow *self = (KennisEntryRow *)object;
  GtkWidget *child;

  kennis_entry_row_bind (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_ENTRY_ROW);
  /* Unnamed template children are not disposed by GTK; the widget owns them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kennis_entry_row_parent_class)->dispose (object);
}

static void
kennis_entry_row_class_init (KennisEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_entry_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-entry-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, audience_icon);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, audience_label);
  gtk_widget_class_bind_template_child (widget_class, KennisEntryRow, tags_label);
}

static void
kennis_entry_row_init (KennisEntryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KennisEntryRow *
kennis_entry_row_new (void)
{
  return g_object_new (KENNIS_TYPE_ENTRY_ROW, NULL);
}

/**
 * kennis_entry_row_bind:
 * @audiences: (nullable): every #KennisAudience, for names
 * @entry: (nullable): the entry to show; %NULL to let go
 */
void
kennis_entry_row_bind (KennisEntryRow *self,
                       GListModel     *audiences,
                       KennisEntry    *entry)
{
  g_return_if_fail (KENNIS_IS_ENTRY_ROW (self));

  if (self->entry != NULL)
    g_clear_signal_handler (&self->notify_id, self->entry);
  if (self->audiences != NULL)
    g_clear_signal_handler (&self->audiences_id, self->audiences);
  g_set_object (&self->entry, entry);
  g_set_object (&self->audiences, audiences);
  if (audiences != NULL)
    self->audiences_id = g_signal_connect_object (audiences, "items-changed", G_CALLBACK (update), self,
                                                  G_CONNECT_SWAPPED);

  if (entry != NULL)
    {
      /* Any property change can show in the row; they are cheap to redo. */
      self->notify_id = g_signal_connect_object (entry, "notify", G_CALLBACK (update), self,
                                                 G_CONNECT_SWAPPED);
      update (self);
    }
}
