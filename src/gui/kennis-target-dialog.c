/* kennis-target-dialog.c — adds a WordPress site, a Mastodon account or a
 * Micropub site as a place to share to, after checking that it takes the
 * password or token
 *
 * The secret goes to the keyring first, since the check reads it from
 * there as every later share will; a server that refuses it keeps nothing.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-credentials.h"
#include "kennis-mastodon-target.h"
#include "kennis-metaweblog-target.h"
#include "kennis-micropub-target.h"
#include "kennis-store-sharing.h"
#include "kennis-target-dialog.h"
#include "kennis-wordpress-target.h"

/* What a kind asks for, in its own words. */
typedef struct
{
  const char *kind;
  const char *title;
  const char *description;
  const char *default_name;
  const char *address;
  const char *user;      /* NULL: the kind has no user name */
  const char *secret;
  gboolean    draft;
  gboolean    visibility;
} Kind;

static const Kind kinds[] = {
  { "wordpress", N_("Add a WordPress Site"),
    N_("Kennis posts through WordPress’s REST API with an Application Password, which you make in WordPress "
       "under Users → Profile. It is kept in your keyring, not in the notebook."),
    N_("Company blog"), N_("Site address, e.g. https://blog.example.org"), N_("User name"),
    N_("Application Password"), TRUE, FALSE },
  { "metaweblog", N_("Add a MetaWeblog Blog"),
    N_("For older blogs that speak XML-RPC (MetaWeblog), WordPress among them. Kennis finds the blog’s "
       "endpoint from its address. The password is kept in your keyring, not in the notebook."),
    N_("Intranet blog"), N_("Blog address, e.g. https://intranet.example.org/blog"), N_("User name"),
    N_("Password"), FALSE, FALSE },
  { "mastodon", N_("Add a Mastodon Account"),
    N_("Make an access token on your Mastodon server under Preferences → Development → New application, "
       "with the scopes read and write:statuses. It is kept in your keyring, not in the notebook."),
    N_("Mastodon"), N_("Server address, e.g. https://mastodon.social"), N_("Account"), N_("Access token"),
    FALSE, TRUE },
  { "micropub", N_("Add a Micropub Site"),
    N_("Kennis finds where your site takes posts from its home page. Paste the token your site or its "
       "IndieAuth server gave you; it is kept in your keyring, not in the notebook."),
    N_("My site"), N_("Site address, e.g. https://me.example.org"), NULL, N_("Token"), TRUE, FALSE },
};

/* For entries that are not for Public; those always go out publicly. */
static const char * const visibilities[] = { "unlisted", "private", "public" };

struct _KennisTargetDialog
{
  AdwWindow             parent_instance;

  KennisStore          *store;
  const Kind           *kind;
  KennisTarget         *checking;
  GCancellable         *cancellable;
  char                 *config;

  AdwPreferencesGroup  *fields_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *site_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwComboRow          *visibility_row;
  GtkWidget            *draft_row;
  GtkSwitch            *draft_switch;
  GtkWidget            *add_button;
  GtkSpinner           *spinner;
  GtkLabel             *message_label;
};

G_DEFINE_FINAL_TYPE (KennisTargetDialog, kennis_target_dialog, ADW_TYPE_WINDOW)

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
set_busy (KennisTargetDialog *self,
          gboolean            busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->add_button, !busy);
}

static void
show_message (KennisTargetDialog *self,
              const char         *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
forget_secret (KennisTargetDialog *self)
{
  g_autofree char *key = kennis_target_dup_secret_key (self->checking);

  kennis_credentials_clear (key, kennis_target_get_secret_account (self->checking), NULL, NULL);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = kennis_target_check_finish (KENNIS_TARGET (source), result, &error);
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autofree char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (found == NULL)
    {
      forget_secret (self);
      show_message (self, error->message);
      return;
    }

  name = dup_text (self->name_row);
  added = kennis_store_add_target (self->store, self->kind->kind, name, self->config, &error);
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
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!kennis_credentials_store_finish (result, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  kennis_target_check_async (self->checking, self->cancellable, checked_cb, g_object_ref (self));
}

static char *
build_config (KennisTargetDialog *self)
{
  g_autofree char *address = dup_text (self->site_row);
  g_autofree char *user = dup_text (self->user_row);
  gboolean draft = gtk_switch_get_active (self->draft_switch);

  if (g_str_equal (self->kind->kind, "wordpress"))
    return kennis_wordpress_target_build_config (address, user, draft);
  if (g_str_equal (self->kind->kind, "metaweblog"))
    return kennis_metaweblog_target_build_config (address, user);
  if (g_str_equal (self->kind->kind, "mastodon"))
    return kennis_mastodon_target_build_config (address, user,
                                                visibilities[MIN (adw_combo_row_get_selected (self->visibility_row),
                                                                  G_N_ELEMENTS (visibilities) - 1)]);
  return kennis_micropub_target_build_config (address, draft);
}

/**
 * kennis_target_dialog_add:
 *
 * Checks what was filled in against the server and, when it takes it,
 * adds the place to share to; #KennisTargetDialog::added says so. What
 * went wrong is shown in the dialog.
 */
void
kennis_target_dialog_add (KennisTargetDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_text (self->name_row);
  g_autofree char *secret = dup_text (self->password_row);
  g_autofree char *key = NULL;
  KennisTargetInfo info = { 0, (char *)self->kind->kind, name, NULL, NULL };

  g_return_if_fail (KENNIS_IS_TARGET_DIALOG (self));

  if (*name == '\0' || *secret == '\0')
    {
      /* TRANSLATORS: %s is what the secret is called, e.g. “Application Password” */
      g_autofree char *text = g_strdup_printf (_("Give the place a name in Kennis, and its %s."),
                                               _(self->kind->secret));

      show_message (self, text);
      return;
    }

  g_free (self->config);
  self->config = build_config (self);
  info.config = self->config;
  g_clear_object (&self->checking);
  self->checking = kennis_target_new_from_info (&info, &error);
  if (self->checking == NULL)
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  set_busy (self, TRUE);
  key = kennis_target_dup_secret_key (self->checking);
  kennis_credentials_store_async (key, kennis_target_get_secret_account (self->checking), secret,
                                  self->cancellable, stored_cb, g_object_ref (self));
}

static void
add_clicked_cb (KennisTargetDialog *self)
{
  kennis_target_dialog_add (self);
}

/* For tests: what a user would type. */
void
kennis_target_dialog_fill (KennisTargetDialog *self,
                           const char         *address,
                           const char         *user,
                           const char         *secret)
{
  g_return_if_fail (KENNIS_IS_TARGET_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->site_row), address);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), secret);
}

/**
 * kennis_target_dialog_get_message:
 *
 * Returns: (nullable): what the dialog shows about the last try
 */
const char *
kennis_target_dialog_get_message (KennisTargetDialog *self)
{
  g_return_val_if_fail (KENNIS_IS_TARGET_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label)
                                                                      : NULL;
}

static void
show_kind (KennisTargetDialog *self)
{
  const Kind *kind = self->kind;

  gtk_window_set_title (GTK_WINDOW (self), _(kind->title));
  adw_preferences_group_set_description (self->fields_group, _(kind->description));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), _(kind->default_name));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->site_row), _(kind->address));
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), kind->user != NULL);
  if (kind->user != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _(kind->user));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _(kind->secret));
  gtk_widget_set_visible (self->draft_row, kind->draft);
  gtk_widget_set_visible (GTK_WIDGET (self->visibility_row), kind->visibility);
}

static void
kennis_target_dialog_dispose (GObject *object)
{
  KennisTargetDialog *self = (KennisTargetDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checking);
  g_clear_object (&self->store);
  g_clear_pointer (&self->config, g_free);

  G_OBJECT_CLASS (kennis_target_dialog_parent_class)->dispose (object);
}

static void
kennis_target_dialog_class_init (KennisTargetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_target_dialog_dispose;

  /**
   * KennisTargetDialog::added:
   * @id: the new target's id
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-target-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, draft_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, draft_switch);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kennis_target_dialog_init (KennisTargetDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * kennis_target_dialog_new:
 * @kind: "wordpress", "mastodon" or "micropub"
 */
KennisTargetDialog *
kennis_target_dialog_new (GtkWindow   *parent,
                          KennisStore *store,
                          const char  *kind)
{
  KennisTargetDialog *self = g_object_new (KENNIS_TYPE_TARGET_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->kind = &kinds[0];
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      self->kind = &kinds[i];
  show_kind (self);
  return self;
}
