/* kennis-wordpress-dialog.c — adds a WordPress site as a place to share to,
 * after checking that it takes the Application Password
 *
 * The password goes to the keyring first, since the check reads it from
 * there as every later share will; a site that refuses it keeps nothing.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-credentials.h"
#include "kennis-store-sharing.h"
#include "kennis-wordpress-dialog.h"
#include "kennis-wordpress-target.h"

struct _KennisWordPressDialog
{
  AdwWindow              parent_instance;

  KennisStore           *store;
  KennisWordPressTarget *checking;
  GCancellable          *cancellable;
  char                  *config;

  AdwEntryRow           *name_row;
  AdwEntryRow           *site_row;
  AdwEntryRow           *user_row;
  AdwEntryRow           *password_row;
  GtkSwitch             *draft_switch;
  GtkWidget             *add_button;
  GtkSpinner            *spinner;
  GtkLabel              *message_label;
};

G_DEFINE_FINAL_TYPE (KennisWordPressDialog, kennis_wordpress_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_busy (KennisWordPressDialog *self,
          gboolean               busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->add_button, !busy);
}

static void
show_message (KennisWordPressDialog *self,
              const char            *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
forget_password (KennisWordPressDialog *self)
{
  g_autofree char *key = kennis_wordpress_target_dup_secret_key (self->checking);

  kennis_credentials_clear (key, kennis_wordpress_target_get_user (self->checking), NULL, NULL);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(KennisWordPressDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = kennis_target_check_finish (KENNIS_TARGET (source), result, &error);
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autofree char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (found == NULL)
    {
      forget_password (self);
      show_message (self, error->message);
      return;
    }

  name = dup_text (self->name_row);
  added = kennis_store_add_target (self->store, "wordpress", name, self->config, &error);
  if (added == NULL)
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, found);
  g_signal_emit (self, signals[ADDED], 0, added->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(KennisWordPressDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!kennis_credentials_store_finish (result, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  kennis_target_check_async (KENNIS_TARGET (self->checking), self->cancellable, checked_cb, g_object_ref (self));
}

/**
 * kennis_wordpress_dialog_add:
 *
 * Checks what was filled in against the site and, when the site takes it,
 * adds the site as a place to share to; #KennisWordPressDialog::added says
 * so. What went wrong is shown in the dialog.
 */
void
kennis_wordpress_dialog_add (KennisWordPressDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_text (self->name_row);
  g_autofree char *site = dup_text (self->site_row);
  g_autofree char *user = dup_text (self->user_row);
  g_autofree char *password = dup_text (self->password_row);
  g_autofree char *key = NULL;

  g_return_if_fail (KENNIS_IS_WORDPRESS_DIALOG (self));

  if (*name == '\0' || *password == '\0')
    {
      show_message (self, _("Give the site a name in Kennis, and its Application Password."));
      return;
    }

  g_free (self->config);
  self->config = kennis_wordpress_target_build_config (site, user, gtk_switch_get_active (self->draft_switch));
  g_clear_object (&self->checking);
  self->checking = kennis_wordpress_target_new (0, name, self->config, &error);
  if (self->checking == NULL)
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  set_busy (self, TRUE);
  key = kennis_wordpress_target_dup_secret_key (self->checking);
  kennis_credentials_store_async (key, user, password, self->cancellable, stored_cb, g_object_ref (self));
}

static void
add_clicked_cb (KennisWordPressDialog *self)
{
  kennis_wordpress_dialog_add (self);
}

/* For tests: what a user would type. */
void
kennis_wordpress_dialog_fill (KennisWordPressDialog *self,
                              const char            *site,
                              const char            *user,
                              const char            *password)
{
  g_return_if_fail (KENNIS_IS_WORDPRESS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->site_row), site);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

/**
 * kennis_wordpress_dialog_get_message:
 *
 * Returns: (nullable): what the dialog shows about the last try
 */
const char *
kennis_wordpress_dialog_get_message (KennisWordPressDialog *self)
{
  g_return_val_if_fail (KENNIS_IS_WORDPRESS_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label)
                                                                      : NULL;
}

static void
kennis_wordpress_dialog_dispose (GObject *object)
{
  KennisWordPressDialog *self = (KennisWordPressDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checking);
  g_clear_object (&self->store);
  g_clear_pointer (&self->config, g_free);

  G_OBJECT_CLASS (kennis_wordpress_dialog_parent_class)->dispose (object);
}

static void
kennis_wordpress_dialog_class_init (KennisWordPressDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_wordpress_dialog_dispose;

  /**
   * KennisWordPressDialog::added:
   * @id: the new target's id
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-wordpress-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, draft_switch);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KennisWordPressDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kennis_wordpress_dialog_init (KennisWordPressDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

KennisWordPressDialog *
kennis_wordpress_dialog_new (GtkWindow   *parent,
                             KennisStore *store)
{
  KennisWordPressDialog *self = g_object_new (KENNIS_TYPE_WORDPRESS_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  return self;
}
