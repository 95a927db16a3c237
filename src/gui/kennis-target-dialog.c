/* kennis-target-dialog.c — adds a WordPress site, a MetaWeblog blog, a
 * Mastodon account or a Micropub site as a place to share to, after
 * checking that it takes the password or token
 *
 * The secret goes to the keyring first, since the check reads it from
 * there as every later share will; a server that refuses it keeps nothing.
 *
 * Mastodon accounts and Micropub sites can also be signed in through the
 * browser: Mastodon's sign-in page shows a code, which the user pastes
 * here; a Micropub site's IndieAuth server sends the browser back to an
 * address Kennis listens on.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kennis-credentials.h"
#include "kennis-indie-auth-sign-in.h"
#include "kennis-mastodon-sign-in.h"
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
  gboolean    sign_in;
  gboolean    categories;
} Kind;

static const Kind kinds[] = {
  { "wordpress", N_("Add a WordPress Site"),
    N_("Kennis posts through WordPress’s REST API with an Application Password, which you make in WordPress "
       "under Users → Profile. It is kept in your keyring, not in the notebook."),
    N_("Company blog"), N_("Site address, e.g. https://blog.example.org"), N_("User name"),
    N_("Application Password"), TRUE, FALSE, FALSE, FALSE },
  { "metaweblog", N_("Add a MetaWeblog Blog"),
    N_("For older blogs that speak XML-RPC (MetaWeblog), WordPress among them. Kennis finds the blog’s "
       "endpoint from its address. The password is kept in your keyring, not in the notebook."),
    N_("Intranet blog"), N_("Blog address, e.g. https://intranet.example.org/blog"), N_("User name"),
    N_("Password"), FALSE, FALSE, FALSE, TRUE },
  { "mastodon", N_("Add a Mastodon Account"),
    N_("Sign in through your browser, or make an access token on your Mastodon server under Preferences → "
       "Development → New application, with the scopes read and write:statuses. The token is kept in your "
       "keyring, not in the notebook."),
    N_("Mastodon"), N_("Server address, e.g. https://mastodon.social"), N_("Account"), N_("Access token"),
    FALSE, TRUE, TRUE, FALSE },
  { "micropub", N_("Add a Micropub Site"),
    N_("Kennis finds where your site takes posts from its home page. Sign in through your browser with your "
       "site’s IndieAuth server, or paste a token your site gave you. The token is kept in your keyring, not in "
       "the notebook."),
    N_("My site"), N_("Site address, e.g. https://me.example.org"), NULL, N_("Token"), TRUE, FALSE, TRUE, FALSE },
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
  /* Where the secret being checked is kept, and what was kept there before
   * (another place may use the same account): put back unless added. */
  char                 *secret_key;
  char                 *secret_account;
  char                 *previous_secret;
  char                 *secret;            /* to store once the previous one is known */
  /* Set while the user signs in through the browser. */
  KennisMastodonSignIn  *mastodon_sign_in;
  KennisIndieAuthSignIn *indie_auth_sign_in;
  GCancellable          *sign_in_cancellable;

  AdwPreferencesGroup  *fields_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *site_row;
  AdwActionRow         *sign_in_row;
  AdwEntryRow          *code_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwComboRow          *blog_row;
  GStrv                 blog_ids;        /* the blogs blog_row offers, once a check found several */
  AdwComboRow          *visibility_row;
  GtkWidget            *draft_row;
  GtkSwitch            *draft_switch;
  GtkWidget            *categories_row;
  GtkSwitch            *categories_switch;
  GtkWidget            *add_button;
  GtkSpinner           *spinner;
  GtkLabel             *keyring_warning;
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_row), !busy);
}

static void
show_message (KennisTargetDialog *self,
              const char         *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* The secret stays where it is: the place was added, or nothing was
 * changed. */
static void
keep_secret (KennisTargetDialog *self)
{
  g_clear_pointer (&self->secret_key, g_free);
  g_clear_pointer (&self->secret_account, g_free);
  if (self->previous_secret != NULL)
    memset (self->previous_secret, 0, strlen (self->previous_secret));
  g_clear_pointer (&self->previous_secret, g_free);
}

/* Puts back what the keyring held before the check, or nothing. */
static void
forget_secret (KennisTargetDialog *self)
{
  if (self->secret_key == NULL)
    return;
  if (self->previous_secret != NULL)
    kennis_credentials_store (self->secret_key, self->secret_account, self->previous_secret, NULL, NULL);
  else
    kennis_credentials_clear (self->secret_key, self->secret_account, NULL, NULL);
  keep_secret (self);
}

static const char *
chosen_blog_id (KennisTargetDialog *self)
{
  guint chosen = adw_combo_row_get_selected (self->blog_row);

  return self->blog_ids != NULL && chosen < g_strv_length (self->blog_ids) ? self->blog_ids[chosen] : NULL;
}

/* An account with several blogs at a MetaWeblog endpoint says which one;
 * TRUE when it has been asked to. */
static gboolean
ask_for_blog (KennisTargetDialog *self)
{
  GPtrArray *blogs;
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GStrvBuilder) ids = NULL;

  if (!KENNIS_IS_METAWEBLOG_TARGET (self->checking) || self->blog_ids != NULL)
    return FALSE;
  blogs = kennis_metaweblog_target_get_blogs (KENNIS_METAWEBLOG_TARGET (self->checking));
  if (blogs == NULL || blogs->len < 2)
    return FALSE;

  names = gtk_string_list_new (NULL);
  ids = g_strv_builder_new ();
  for (guint i = 0; i < blogs->len; i++)
    {
      KennisMetaweblogBlog *blog = g_ptr_array_index (blogs, i);

      gtk_string_list_append (names, blog->name);
      g_strv_builder_add (ids, blog->id);
    }
  self->blog_ids = g_strv_builder_end (ids);
  adw_combo_row_set_model (self->blog_row, G_LIST_MODEL (names));
  gtk_widget_set_visible (GTK_WIDGET (self->blog_row), TRUE);
  show_message (self, _("This account has several blogs here. Choose one, then press Check and Add again."));
  return TRUE;
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
  g_autofree char *kept = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      forget_secret (self);
      return;
    }
  set_busy (self, FALSE);
  if (found == NULL)
    {
      forget_secret (self);
      show_message (self, error->message);
      return;
    }

  if (ask_for_blog (self))
    {
      forget_secret (self);
      return;
    }

  /* What the check found out (an API's address, the blog) saves the
   * first share finding it again. */
  kept = kennis_target_dup_config (self->checking);
  name = dup_text (self->name_row);
  added = kennis_store_add_target (self->store, self->kind->kind, name, kept != NULL ? kept : self->config, &error);
  if (added == NULL)
    {
      forget_secret (self);
      show_message (self, error->message);
      return;
    }
  keep_secret (self);
  g_signal_emit (self, signals[ADDED], 0, added->id, found);
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
      /* Cancelled, the secret may be stored all the same. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          forget_secret (self);
          return;
        }
      keep_secret (self);
      set_busy (self, FALSE);
      show_message (self, error->message);
      return;
    }
  kennis_target_check_async (self->checking, self->cancellable, checked_cb, g_object_ref (self));
}

static void
previous_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = g_steal_pointer (&self->secret);

  self->previous_secret = kennis_credentials_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      keep_secret (self);
      return;
    }
  kennis_credentials_store_async (self->secret_key, self->secret_account, secret, self->cancellable, stored_cb,
                                  g_object_ref (self));
  memset (secret, 0, strlen (secret));
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
    return kennis_metaweblog_target_build_config (address, user, chosen_blog_id (self),
                                                  gtk_switch_get_active (self->categories_switch));
  if (g_str_equal (self->kind->kind, "mastodon"))
    return kennis_mastodon_target_build_config (address, user,
                                                visibilities[MIN (adw_combo_row_get_selected (self->visibility_row),
                                                                  G_N_ELEMENTS (visibilities) - 1)]);
  return kennis_micropub_target_build_config (address, draft);
}

/* Keeps @secret where the target will look for it, and adds the target
 * once the server takes it. */
static void
check_and_add (KennisTargetDialog *self,
               const char         *secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_text (self->name_row);
  KennisTargetInfo info = { 0, (char *)self->kind->kind, name, NULL, NULL };

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
  self->secret_key = kennis_target_dup_secret_key (self->checking);
  self->secret_account = g_strdup (kennis_target_get_secret_account (self->checking));
  g_free (self->secret);
  self->secret = g_strdup (secret);
  kennis_credentials_lookup_async (self->secret_key, self->secret_account, self->cancellable, previous_found_cb,
                                   g_object_ref (self));
}

/* --- Signing in through the browser ------------------------------------- */

/* While a code is awaited the account and token come from the server, so
 * their rows make way for the code's. */
static void
show_code_row (KennisTargetDialog *self,
               gboolean            show)
{
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), show);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), !show && self->kind->user != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !show);
}

static gboolean
is_signing_in (KennisTargetDialog *self)
{
  return self->mastodon_sign_in != NULL || self->indie_auth_sign_in != NULL;
}

static void
stop_sign_in (KennisTargetDialog *self)
{
  g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_object (&self->mastodon_sign_in);
  g_clear_object (&self->indie_auth_sign_in);
  show_code_row (self, FALSE);
}

static void
browser_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;

  /* The message already gives the address to open by hand. */
  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    g_debug ("No browser opened the sign-in page: %s", error->message);
}

/* Where the user goes next, with the address for when no browser opens
 * (no desktop session, or the browser refused). */
static void
open_sign_in_page (KennisTargetDialog *self,
                   const char         *url,
                   const char         *next_step)
{
  /* TRANSLATORS: the first %s says what to do in the browser, the second
   * is the address of the sign-in page */
  g_autofree char *text = g_strdup_printf (_("%s\n\nNo browser opened? Open this address yourself:\n%s"),
                                           next_step, url);

  show_message (self, text);
  gtk_show_uri_full (GTK_WINDOW (self), url, GDK_CURRENT_TIME, self->sign_in_cancellable, browser_opened_cb,
                     g_object_ref (self));
}

/* The token is kept under the address as the sign-in wrote it, so the
 * address field takes that form; changing it ends the sign-in, so it is
 * over first. */
static void
add_signed_in (KennisTargetDialog *self,
               const char         *address,
               const char         *account,
               const char         *token)
{
  g_autofree char *kept_address = g_strdup (address);

  stop_sign_in (self);
  gtk_editable_set_text (GTK_EDITABLE (self->site_row), kept_address);
  if (account != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), account);
  check_and_add (self, token);
}

static void
mastodon_signed_in_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  KennisMastodonSignIn *sign_in = KENNIS_MASTODON_SIGN_IN (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignInResult) signed_in = kennis_mastodon_sign_in_finish_finish (sign_in, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (signed_in == NULL)
    show_message (self, error->message);
  else
    add_signed_in (self, kennis_mastodon_sign_in_get_instance (sign_in), signed_in->acct,
                   signed_in->access_token);
}

static void
mastodon_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = kennis_mastodon_sign_in_start_finish (KENNIS_MASTODON_SIGN_IN (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (url == NULL)
    {
      stop_sign_in (self);
      show_message (self, error->message);
      return;
    }

  show_code_row (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  open_sign_in_page (self, url, _("Your browser shows the server’s sign-in page. Allow Kennis there, then paste "
                                  "the code it shows into “Code from the sign-in page”."));
}

static void
indie_auth_signed_in_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  KennisIndieAuthSignIn *sign_in = KENNIS_INDIE_AUTH_SIGN_IN (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisIndieAuthSignInResult) signed_in = NULL;

  signed_in = kennis_indie_auth_sign_in_finish_finish (sign_in, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (signed_in == NULL)
    {
      stop_sign_in (self);
      show_message (self, error->message);
    }
  else
    add_signed_in (self, kennis_indie_auth_sign_in_get_site (sign_in), NULL, signed_in->access_token);
}

/* The site's server sends the browser back to Kennis itself, so after
 * opening the page there is nothing to type: Kennis waits. */
static void
indie_auth_started_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  KennisIndieAuthSignIn *sign_in = KENNIS_INDIE_AUTH_SIGN_IN (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = kennis_indie_auth_sign_in_start_finish (sign_in, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (url == NULL)
    {
      set_busy (self, FALSE);
      stop_sign_in (self);
      show_message (self, error->message);
      return;
    }

  /* Signing in again stays possible, e.g. after closing the browser's tab. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_row), TRUE);
  open_sign_in_page (self, url, _("Your browser shows your site’s sign-in page. Allow Kennis there; Kennis "
                                  "goes on by itself once the browser comes back."));
  kennis_indie_auth_sign_in_finish_async (sign_in, self->sign_in_cancellable, indie_auth_signed_in_cb,
                                          g_object_ref (self));
}

/**
 * kennis_target_dialog_sign_in:
 *
 * Starts signing in through the browser to the server or site in the
 * address field; what to do next is shown in the dialog.
 */
void
kennis_target_dialog_sign_in (KennisTargetDialog *self)
{
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (KENNIS_IS_TARGET_DIALOG (self));

  address = dup_text (self->site_row);
  name = dup_text (self->name_row);
  if (*name == '\0')
    {
      show_message (self, _("Give the place a name in Kennis first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (*address == '\0')
    {
      show_message (self, _("Type the address first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->site_row));
      return;
    }

  stop_sign_in (self);
  self->sign_in_cancellable = g_cancellable_new ();
  show_message (self, NULL);
  set_busy (self, TRUE);
  if (g_str_equal (self->kind->kind, "mastodon"))
    {
      self->mastodon_sign_in = kennis_mastodon_sign_in_new (address);
      kennis_mastodon_sign_in_start_async (self->mastodon_sign_in, self->sign_in_cancellable,
                                           mastodon_started_cb, g_object_ref (self));
    }
  else
    {
      self->indie_auth_sign_in = kennis_indie_auth_sign_in_new (address);
      kennis_indie_auth_sign_in_start_async (self->indie_auth_sign_in, self->sign_in_cancellable,
                                             indie_auth_started_cb, g_object_ref (self));
    }
}

static void
sign_in_clicked_cb (KennisTargetDialog *self)
{
  kennis_target_dialog_sign_in (self);
}

/* A sign-in belongs to the address it started with, and the blogs on
 * offer to the account. */
static void
site_changed_cb (KennisTargetDialog *self)
{
  if (self->blog_ids != NULL)
    {
      g_clear_pointer (&self->blog_ids, g_strfreev);
      gtk_widget_set_visible (GTK_WIDGET (self->blog_row), FALSE);
    }
  if (!is_signing_in (self))
    return;
  stop_sign_in (self);
  set_busy (self, FALSE);
  show_message (self, NULL);
}

/**
 * kennis_target_dialog_add:
 *
 * Checks what was filled in against the server and, when it takes it,
 * adds the place to share to; #KennisTargetDialog::added says so. While
 * signing in through the browser, trades the pasted code for a token
 * first. What went wrong is shown in the dialog.
 */
void
kennis_target_dialog_add (KennisTargetDialog *self)
{
  g_autofree char *code = NULL;
  g_autofree char *secret = NULL;

  g_return_if_fail (KENNIS_IS_TARGET_DIALOG (self));

  if (self->mastodon_sign_in == NULL)
    {
      secret = dup_text (self->password_row);
      check_and_add (self, secret);
      return;
    }

  code = dup_text (self->code_row);
  if (*code == '\0')
    {
      show_message (self, _("Paste the code from the server’s sign-in page first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      return;
    }
  show_message (self, NULL);
  set_busy (self, TRUE);
  kennis_mastodon_sign_in_finish_async (self->mastodon_sign_in, code, self->sign_in_cancellable,
                                        mastodon_signed_in_cb, g_object_ref (self));
}

/* The button is insensitive while busy; Enter in the code's row is not. */
static void
add_clicked_cb (KennisTargetDialog *self)
{
  if (gtk_widget_get_sensitive (self->add_button))
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

/* For tests: what a user pastes from the sign-in page. */
void
kennis_target_dialog_fill_code (KennisTargetDialog *self,
                                const char         *code)
{
  g_return_if_fail (KENNIS_IS_TARGET_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);
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
  gtk_widget_set_visible (self->categories_row, kind->categories);
  gtk_widget_set_visible (GTK_WIDGET (self->visibility_row), kind->visibility);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row), kind->sign_in);
}

static void
kennis_target_dialog_dispose (GObject *object)
{
  KennisTargetDialog *self = (KennisTargetDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checking);
  stop_sign_in (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->config, g_free);
  g_clear_pointer (&self->blog_ids, g_strfreev);

  G_OBJECT_CLASS (kennis_target_dialog_parent_class)->dispose (object);
}

static void
kennis_target_dialog_finalize (GObject *object)
{
  KennisTargetDialog *self = (KennisTargetDialog *)object;

  keep_secret (self);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);

  G_OBJECT_CLASS (kennis_target_dialog_parent_class)->finalize (object);
}

static void
kennis_target_dialog_class_init (KennisTargetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_target_dialog_dispose;
  object_class->finalize = kennis_target_dialog_finalize;

  /**
   * KennisTargetDialog::added:
   * @id: the new target's id
   * @found: what the check found, in a sentence
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-target-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, blog_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, draft_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, draft_switch);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, categories_row);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, categories_switch);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, keyring_warning);
  gtk_widget_class_bind_template_child (widget_class, KennisTargetDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, site_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* Where the secret will go is said before the user types it. */
static void
backend_known_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(KennisTargetDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (kennis_credentials_get_backend_finish (result, &error) != KENNIS_CREDENTIALS_FILE)
    return;
  warning = kennis_credentials_dup_file_warning ();
  gtk_label_set_text (self->keyring_warning, warning);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_warning), TRUE);
}

static void
kennis_target_dialog_init (KennisTargetDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  kennis_credentials_get_backend_async (self->cancellable, backend_known_cb, g_object_ref (self));
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
