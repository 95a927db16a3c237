/* kennis-audience-button.c — who an entry is for, changed with one click
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience.h"
#include "kennis-audience-button.h"

#define PRIVATE_ICON "changes-prevent-symbolic"

struct _KennisAudienceButton
{
  GtkWidget      parent_instance;

  KennisEntry   *entry;
  GListModel    *audiences;
  gulong         audiences_id;
  gboolean       updating;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkBox        *choices;
};

G_DEFINE_FINAL_TYPE (KennisAudienceButton, kennis_audience_button, GTK_TYPE_WIDGET)

/**
 * kennis_audience_describe:
 * @audiences: every #KennisAudience
 * @icon_name: (out) (optional): an icon that fits
 *
 * Returns: (transfer full): "Only me", one audience's name, or a short list
 */
char *
kennis_audience_describe (GListModel   *audiences,
                          KennisEntry  *entry,
                          const char  **icon_name)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *icon = PRIVATE_ICON;

  for (guint i = 0; audiences != NULL && i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (kennis_entry_has_audience (entry, kennis_audience_get_id (audience)))
        {
          if (names->len == 0)
            icon = kennis_audience_get_icon_name (audience);
          g_ptr_array_add (names, (gpointer)kennis_audience_get_name (audience));
        }
    }

  if (icon_name != NULL)
    *icon_name = icon;

  if (names->len == 0)
    return g_strdup (_("Only me"));

  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: joins audience names, e.g. "My team, Public" */
  return g_strjoinv (_(", "), (char **)names->pdata);
}

static void
update_label (KennisAudienceButton *self)
{
  g_autofree char *text = NULL;
  const char *icon = PRIVATE_ICON;

  if (self->entry == NULL)
    return;

  text = kennis_audience_describe (self->audiences, self->entry, &icon);
  gtk_label_set_label (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon);
  if (kennis_entry_is_private (self->entry))
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "private-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "private-label");
}

static void
sync_checks (KennisAudienceButton *self)
{
  GtkWidget *child;

  if (self->entry == NULL)
    return;

  self->updating = TRUE;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->choices));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (child), "audience-id"));
      gboolean on = id == 0 ? kennis_entry_is_private (self->entry)
                            : kennis_entry_has_audience (self->entry, id);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (child), on);
    }
  self->updating = FALSE;
}

static void
check_toggled_cb (GtkCheckButton       *check,
                  KennisAudienceButton *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "audience-id"));

  if (self->updating || self->entry == NULL)
    return;

  if (id == 0)
    {
      /* "Only me" is the absence of audiences; ticking it clears them. */
      if (gtk_check_button_get_active (check))
        kennis_entry_set_audiences (self->entry, NULL, 0);
    }
  else
    kennis_entry_toggle_audience (self->entry, id, gtk_check_button_get_active (check));

  sync_checks (self);
}

static GtkWidget *
make_check (KennisAudienceButton *self,
            const char           *label,
            gint64                id)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  g_object_set_data (G_OBJECT (check), "audience-id", GSIZE_TO_POINTER ((gsize)id));
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  return check;
}

static void
rebuild_choices (KennisAudienceButton *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices))) != NULL)
    gtk_box_remove (self->choices, child);

  gtk_box_append (self->choices, make_check (self, _("Only me"), 0));
  for (guint i = 0; self->audiences != NULL && i < g_list_model_get_n_items (self->audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (self->audiences, i);

      gtk_box_append (self->choices,
                      make_check (self, kennis_audience_get_name (audience),
                                  kennis_audience_get_id (audience)));
    }

  sync_checks (self);
}

static void
audiences_changed_cb (KennisAudienceButton *self)
{
  rebuild_choices (self);
  update_label (self);
}

static void
manage_clicked_cb (KennisAudienceButton *self)
{
  gtk_menu_button_popdown (self->button);
}

static void
kennis_audience_button_dispose (GObject *object)
{
  KennisAudienceButton *self = (KennisAudienceButton *)object;
  GtkWidget *child;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->audiences_id, self->entry);
  g_clear_object (&self->entry);
  if (self->audiences != NULL)
    g_signal_handlers_disconnect_by_func (self->audiences, audiences_changed_cb, self);
  g_clear_object (&self->audiences);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_AUDIENCE_BUTTON);
  /* Unnamed template children are not disposed by GTK; the widget owns them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kennis_audience_button_parent_class)->dispose (object);
}

static void
kennis_audience_button_class_init (KennisAudienceButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_audience_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-audience-button.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisAudienceButton, button);
  gtk_widget_class_bind_template_child (widget_class, KennisAudienceButton, icon);
  gtk_widget_class_bind_template_child (widget_class, KennisAudienceButton, label);
  gtk_widget_class_bind_template_child (widget_class, KennisAudienceButton, choices);
  gtk_widget_class_bind_template_callback (widget_class, manage_clicked_cb);
}

static void
kennis_audience_button_init (KennisAudienceButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kennis_audience_button_set_audiences:
 * @audiences: every #KennisAudience, kept current by its owner
 *
 * The menu and the label follow this list as audiences are added, renamed
 * or removed, so an entry is never shown as "Only me" when it is not.
 */
void
kennis_audience_button_set_audiences (KennisAudienceButton *self,
                                      GListModel           *audiences)
{
  g_return_if_fail (KENNIS_IS_AUDIENCE_BUTTON (self));

  if (self->audiences != NULL)
    g_signal_handlers_disconnect_by_func (self->audiences, audiences_changed_cb, self);
  g_set_object (&self->audiences, audiences);
  if (audiences != NULL)
    g_signal_connect_object (audiences, "items-changed", G_CALLBACK (audiences_changed_cb), self,
                             G_CONNECT_SWAPPED);

  audiences_changed_cb (self);
}

static void
entry_audiences_changed_cb (KennisAudienceButton *self)
{
  update_label (self);
  sync_checks (self);
}

void
kennis_audience_button_set_entry (KennisAudienceButton *self,
                                  KennisEntry          *entry)
{
  g_return_if_fail (KENNIS_IS_AUDIENCE_BUTTON (self));

  if (self->entry != NULL)
    g_clear_signal_handler (&self->audiences_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->audiences_id = g_signal_connect_object (entry, "notify::audiences",
                                                  G_CALLBACK (entry_audiences_changed_cb), self,
                                                  G_CONNECT_SWAPPED);

  update_label (self);
  sync_checks (self);
}

void
kennis_audience_button_popup (KennisAudienceButton *self)
{
  g_return_if_fail (KENNIS_IS_AUDIENCE_BUTTON (self));
  gtk_menu_button_popup (self->button);
}

const char *
kennis_audience_button_get_label (KennisAudienceButton *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE_BUTTON (self), NULL);
  return gtk_label_get_label (self->label);
}

/**
 * kennis_audience_button_choose:
 * @audience_id: an audience, or 0 for "Only me"
 *
 * Does what clicking that choice in the menu does.
 *
 * Returns: %FALSE if there is no such choice
 */
gboolean
kennis_audience_button_choose (KennisAudienceButton *self,
                               gint64                audience_id,
                               gboolean              on)
{
  GtkWidget *child;

  g_return_val_if_fail (KENNIS_IS_AUDIENCE_BUTTON (self), FALSE);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->choices));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (child), "audience-id")) == audience_id)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child), on);
        return TRUE;
      }

  return FALSE;
}
