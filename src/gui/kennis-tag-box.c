/* kennis-tag-box.c — an entry's tags as removable chips, with a completing field to add more
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-tag-box.h"

#define N_COMPLETIONS 8

struct _KennisTagBox
{
  GtkWidget           parent_instance;

  KennisStore        *store;
  KennisEntry        *entry;
  gulong              tags_id;
  GtkEntry           *input;
  GtkEntryCompletion *completion;
  GtkListStore       *suggestions;
  gboolean            filling;

  GtkFlowBox         *flow;
};

G_DEFINE_FINAL_TYPE (KennisTagBox, kennis_tag_box, GTK_TYPE_WIDGET)

static void
remove_clicked_cb (GtkButton    *button,
                   KennisTagBox *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");

  if (self->entry != NULL)
    kennis_entry_remove_tag (self->entry, tag);
  gtk_widget_grab_focus (GTK_WIDGET (self->input));
}

static GtkWidget *
make_chip (KennisTagBox *self,
           const char   *tag)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (tag);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Remove tag “%s”"), tag);

  gtk_widget_add_css_class (chip, "tag-chip");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (remove), "tag", g_strdup (tag), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  return chip;
}

/* The field to add tags stays the last child of the flow box, so it wraps
 * with the chips. */
static void
rebuild (KennisTagBox *self)
{
  GtkWidget *child;
  const char * const *tags;

  /* The flow box wrapped the field in a child of its own; take it out
   * before that wrapper goes. */
  g_object_ref (self->input);
  if (GTK_IS_FLOW_BOX_CHILD (gtk_widget_get_parent (GTK_WIDGET (self->input))))
    gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_parent (GTK_WIDGET (self->input))), NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow))) != NULL)
    gtk_flow_box_remove (self->flow, child);

  if (self->entry != NULL)
    {
      tags = kennis_entry_get_tags (self->entry);
      for (guint i = 0; tags[i]; i++)
        gtk_flow_box_append (self->flow, make_chip (self, tags[i]));
    }

  gtk_flow_box_append (self->flow, GTK_WIDGET (self->input));
  g_object_unref (self->input);

  /* Chips are not selectable targets themselves; their buttons are. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->flow));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

static void
fill_suggestions (KennisTagBox *self)
{
  g_auto(GStrv) names = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input));

  gtk_list_store_clear (self->suggestions);
  if (self->store == NULL || text[0] == '\0')
    return;

  names = kennis_store_complete_tag (self->store, text, N_COMPLETIONS, NULL);
  for (guint i = 0; names && names[i]; i++)
    if (self->entry == NULL || !g_strv_contains (kennis_entry_get_tags (self->entry), names[i]))
      gtk_list_store_insert_with_values (self->suggestions, NULL, -1, 0, names[i], -1);
}

static void
input_changed_cb (KennisTagBox *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input));

  if (self->filling)
    return;

  /* A typed comma ends a tag, as in most tag fields. */
  if (strchr (text, ',') != NULL)
    {
      kennis_tag_box_commit (self);
      return;
    }

  fill_suggestions (self);
}

static void
input_activated_cb (KennisTagBox *self)
{
  kennis_tag_box_commit (self);
}

static gboolean
match_all_cb (GtkEntryCompletion *completion,
              const char         *key,
              GtkTreeIter        *iter,
              gpointer            data)
{
  /* The store already matched the prefix, ignoring case and accents. */
  return TRUE;
}

static gboolean
completion_chosen_cb (GtkEntryCompletion *completion,
                      GtkTreeModel       *model,
                      GtkTreeIter        *iter,
                      KennisTagBox       *self)
{
  g_autofree char *name = NULL;

  gtk_tree_model_get (model, iter, 0, &name, -1);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->input), name);
  self->filling = FALSE;
  kennis_tag_box_commit (self);
  return TRUE;
}

static void
kennis_tag_box_dispose (GObject *object)
{
  KennisTagBox *self = (KennisTagBox *)object;
  GtkWidget *child;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->tags_id, self->entry);
  g_clear_object (&self->entry);
  g_clear_object (&self->store);
  g_clear_object (&self->completion);
  g_clear_object (&self->suggestions);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_TAG_BOX);
  /* Unnamed template children are not disposed by GTK; the widget owns them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kennis_tag_box_parent_class)->dispose (object);
}

static void
kennis_tag_box_class_init (KennisTagBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_tag_box_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-tag-box.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisTagBox, flow);
}

static void
kennis_tag_box_init (KennisTagBox *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->suggestions = gtk_list_store_new (1, G_TYPE_STRING);
  self->completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (self->completion, GTK_TREE_MODEL (self->suggestions));
  gtk_entry_completion_set_text_column (self->completion, 0);
  gtk_entry_completion_set_match_func (self->completion, match_all_cb, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (self->completion, 1);
  gtk_entry_completion_set_popup_single_match (self->completion, TRUE);
  g_signal_connect (self->completion, "match-selected", G_CALLBACK (completion_chosen_cb), self);

  self->input = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->input, _("Add tag…"));
  gtk_entry_set_has_frame (self->input, FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->input), 12);
  gtk_entry_set_completion (self->input, self->completion);
  gtk_widget_add_css_class (GTK_WIDGET (self->input), "tag-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add tag"), -1);
  g_signal_connect_swapped (self->input, "changed", G_CALLBACK (input_changed_cb), self);
  g_signal_connect_swapped (self->input, "activate", G_CALLBACK (input_activated_cb), self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (kennis_tag_box_flush), self);
  gtk_widget_add_controller (GTK_WIDGET (self->input), focus);

  rebuild (self);
}

void
kennis_tag_box_set_store (KennisTagBox *self,
                          KennisStore  *store)
{
  g_return_if_fail (KENNIS_IS_TAG_BOX (self));
  g_set_object (&self->store, store);
}

void
kennis_tag_box_set_entry (KennisTagBox *self,
                          KennisEntry  *entry)
{
  g_return_if_fail (KENNIS_IS_TAG_BOX (self));

  if (self->entry != NULL)
    g_clear_signal_handler (&self->tags_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->tags_id = g_signal_connect_object (entry, "notify::tags", G_CALLBACK (rebuild), self,
                                             G_CONNECT_SWAPPED);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->input), "");
  self->filling = FALSE;
  rebuild (self);
}

GtkEditable *
kennis_tag_box_get_editable (KennisTagBox *self)
{
  g_return_val_if_fail (KENNIS_IS_TAG_BOX (self), NULL);
  return GTK_EDITABLE (self->input);
}

/**
 * kennis_tag_box_flush:
 *
 * Adds what is typed in the field (one or more comma-separated tags) to the
 * entry and empties the field, so a tag typed but not confirmed is kept
 * when the user moves on.
 *
 * Returns: %TRUE if a tag was added
 */
gboolean
kennis_tag_box_flush (KennisTagBox *self)
{
  g_auto(GStrv) parts = NULL;
  gboolean added = FALSE;

  g_return_val_if_fail (KENNIS_IS_TAG_BOX (self), FALSE);

  if (self->entry == NULL || gtk_editable_get_text (GTK_EDITABLE (self->input))[0] == '\0')
    return FALSE;

  parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->input)), ",", -1);
  for (guint i = 0; parts[i]; i++)
    added |= kennis_entry_add_tag (self->entry, parts[i]);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->input), "");
  self->filling = FALSE;
  gtk_list_store_clear (self->suggestions);
  return added;
}

/**
 * kennis_tag_box_commit:
 *
 * Like kennis_tag_box_flush(), and keeps the focus in the field for the
 * next tag.
 *
 * Returns: %TRUE if a tag was added
 */
gboolean
kennis_tag_box_commit (KennisTagBox *self)
{
  gboolean added;

  g_return_val_if_fail (KENNIS_IS_TAG_BOX (self), FALSE);

  added = kennis_tag_box_flush (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->input));
  return added;
}
