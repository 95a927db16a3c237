/* kennis-application.c — opens the notebook, recovers a damaged one, and owns the app actions
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-application.h"
#include "kennis-preferences-window.h"
#include "kennis-url.h"
#include "kennis-window.h"

struct _KennisApplication
{
  AdwApplication  parent_instance;

  KennisStore    *store;
  KennisSharing  *sharing;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (KennisApplication, kennis_application, ADW_TYPE_APPLICATION)

static void open_notebook (KennisApplication *self);

static GtkWindow *
main_window (KennisApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
backup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kennis_store_backup_finish (KENNIS_STORE (object), result, &error);

  if (path == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The daily backup failed: %s", error->message);
}

/* One backup a day, made when Kennis starts, off the main thread. */
static void
start_daily_backup (KennisApplication *self)
{
  g_autofree char *dir = kennis_store_dup_backup_dir (self->store);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "kennis-%Y-%m-%d.db");
  g_autofree char *today = g_build_filename (dir, name, NULL);

  if (!g_file_test (today, G_FILE_TEST_EXISTS))
    kennis_store_backup_async (self->store, self->cancellable, backup_done_cb, self);
}

static void show_recovery (KennisApplication *self,
                           const GError      *error);

/* Large notebooks are checked page by page after the window shows; damage
 * found then takes the user to the same choices as damage found at start. */
static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KennisApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  GList *windows;

  if (kennis_store_check_finish (KENNIS_STORE (object), result, &error))
    {
      /* Only a notebook that passed the check may become today's backup. */
      start_daily_backup (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("The notebook failed its check: %s", error->message);
  g_application_hold (G_APPLICATION (self));
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  g_clear_object (&self->sharing);
  g_clear_object (&self->store);
  show_recovery (self, error);
  g_application_release (G_APPLICATION (self));
}

static void
show_window (KennisApplication *self)
{
  KennisWindow *window;
  g_autoptr(GError) error = NULL;

  kennis_store_purge_deleted (self->store, KENNIS_STORE_PURGE_AFTER, &error);
  if (error != NULL)
    g_warning ("Could not purge deleted entries: %s", error->message);

  if (self->sharing == NULL)
    self->sharing = kennis_sharing_new (self->store);
  window = kennis_window_new (GTK_APPLICATION (self), self->store, self->sharing);
  gtk_window_present (GTK_WINDOW (window));
  kennis_store_check_async (self->store, self->cancellable, check_done_cb, self);
}

static void
recovery_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      KennisApplication *self)
{
  g_autofree char *path = kennis_store_dup_default_path ();
  g_autofree char *aside = NULL;
  g_autofree char *backup = kennis_store_find_last_backup (path);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "fresh") != 0 && g_strcmp0 (response, "backup") != 0)
    {
      g_application_release (G_APPLICATION (self));
      return;
    }

  if (!kennis_store_set_aside (path, &aside, &error) ||
      (g_strcmp0 (response, "backup") == 0 && backup != NULL &&
       !kennis_store_restore_backup (path, backup, &error)))
    {
      AdwMessageDialog *failed = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Kennis Could Not Recover"), error->message));

      adw_message_dialog_add_response (failed, "quit", _("_Quit"));
      g_signal_connect_swapped (failed, "response", G_CALLBACK (g_application_release), self);
      gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (failed));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }

  open_notebook (self);
  if (KENNIS_IS_WINDOW (main_window (self)))
    {
      g_autofree char *basename = g_path_get_basename (aside);
      /* TRANSLATORS: %s is a file name in the same folder as the notebook */
      g_autofree char *message = g_strdup_printf (_("The damaged notebook was kept as “%s”."), basename);

      kennis_window_tell (KENNIS_WINDOW (main_window (self)), message);
    }
  g_application_release (G_APPLICATION (self));
}

/* The window cannot show without a notebook; this dialog is the whole
 * app until the user decides. */
static void
show_recovery (KennisApplication *self,
               const GError      *error)
{
  g_autofree char *path = kennis_store_dup_default_path ();
  g_autofree char *backup = kennis_store_find_last_backup (path);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (g_error_matches (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT))
    body = g_strdup_printf ("%s\n\n%s", error->message,
                            backup != NULL
                            ? _("Kennis can restore the last daily backup, or start a fresh notebook. "
                                "Either way the damaged file is kept next to it, renamed, so nothing is deleted.")
                            : _("Kennis can start a fresh notebook. The damaged file is kept next to it, "
                                "renamed, so nothing is deleted."));
  else
    body = g_strdup (error->message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Your Notebook Could Not Be Opened"), body));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  if (g_error_matches (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT))
    {
      adw_message_dialog_add_response (dialog, "fresh", _("Start _Fresh Notebook"));
      if (backup != NULL)
        {
          adw_message_dialog_add_response (dialog, "backup", _("_Restore Last Backup"));
          adw_message_dialog_set_response_appearance (dialog, "backup", ADW_RESPONSE_SUGGESTED);
        }
    }
  adw_message_dialog_set_close_response (dialog, "quit");

  g_application_hold (G_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), self);
  gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_notebook (KennisApplication *self)
{
  g_autofree char *path = kennis_store_dup_default_path ();
  g_autoptr(GError) error = NULL;

  self->store = kennis_store_open (path, &error);
  if (self->store == NULL)
    {
      show_recovery (self, error);
      return;
    }

  show_window (self);
}

/* Quitting closes each window the way its close button does, so it saves
 * what is being typed, drops an empty new note, keeps its size, and can
 * refuse when text could not be saved. The app ends with its last window. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KennisApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static KennisPreferencesWindow *
show_preferences (KennisApplication *self)
{
  KennisPreferencesWindow *prefs;

  if (self->store == NULL)
    return NULL;

  prefs = kennis_preferences_window_new (main_window (self), self->store);
  gtk_window_present (GTK_WINDOW (prefs));
  return prefs;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  show_preferences (user_data);
}

static void
manage_audiences_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  KennisPreferencesWindow *prefs = show_preferences (user_data);

  if (prefs != NULL)
    kennis_preferences_window_show_audiences (prefs);
}

static void
manage_sharing_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KennisPreferencesWindow *prefs = show_preferences (user_data);

  if (prefs != NULL)
    kennis_preferences_window_show_sharing (prefs);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KennisApplication *self = user_data;
  const char *developers[] = { _("The Kennis developers"), NULL };

  adw_show_about_window (main_window (self),
                         "application-name", "Kennis",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Kennis developers"),
                         "developers", developers,
                         "comments", _("Keep what you learn at work, say who it is for, and share it when you choose."),
                         /* TRANSLATORS: your name, to be credited in the About window */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© 2026 The Kennis developers"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "manage-audiences", manage_audiences_action },
  { "manage-sharing", manage_sharing_action },
  { "about", about_action },
};

static void
kennis_application_startup (GApplication *application)
{
  KennisApplication *self = KENNIS_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (kennis_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
kennis_application_activate (GApplication *application)
{
  KennisApplication *self = KENNIS_APPLICATION (application);
  GtkWindow *window = main_window (self);

  if (window != NULL)
    gtk_window_present (window);
  else if (self->store != NULL)
    show_window (self);
  else
    open_notebook (self);
}

static KennisWindow *
ready_window (KennisApplication *self)
{
  g_application_activate (G_APPLICATION (self));
  return KENNIS_IS_WINDOW (main_window (self)) ? KENNIS_WINDOW (main_window (self)) : NULL;
}

/* `kennis --new-note [TEXT]`, `kennis --new-link [URL]` and `kennis URL`,
 * from a terminal, a launcher's action or another program: the running
 * Kennis makes the entry, or starts to make it. */
static int
kennis_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  KennisApplication *self = KENNIS_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **words = NULL;
  g_autofree char *text = NULL;
  gboolean new_note = g_variant_dict_contains (options, "new-note");
  gboolean new_link = g_variant_dict_contains (options, "new-link");
  KennisWindow *window;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &words);
  if (words != NULL)
    text = g_strjoinv (" ", (char **)words);

  if ((new_link || (!new_note && text != NULL)) && text != NULL && !kennis_url_is_web (text))
    {
      /* TRANSLATORS: %s is what was given on the command line */
      g_application_command_line_printerr (command_line,
                                           _("“%s” is not a web address; a link needs one that starts "
                                             "with https:// or http://.\n"), text);
      return 1;
    }

  window = ready_window (self);
  if (window == NULL)
    return 0;

  if (text != NULL && new_note)
    kennis_window_capture_note (window, text);
  else if (text != NULL)
    kennis_window_capture_text (window, text);
  else if (new_note)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-note", NULL);
  else if (new_link)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-link", NULL);
  return 0;
}

static void
kennis_application_shutdown (GApplication *application)
{
  KennisApplication *self = KENNIS_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->sharing != NULL)
    kennis_sharing_stop (self->sharing);

  G_APPLICATION_CLASS (kennis_application_parent_class)->shutdown (application);
}

static void
kennis_application_dispose (GObject *object)
{
  KennisApplication *self = (KennisApplication *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sharing);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kennis_application_parent_class)->dispose (object);
}

static void
kennis_application_class_init (KennisApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kennis_application_dispose;
  app_class->startup = kennis_application_startup;
  app_class->activate = kennis_application_activate;
  app_class->command_line = kennis_application_command_line;
  app_class->shutdown = kennis_application_shutdown;
}

static void
kennis_application_init (KennisApplication *self)
{
  const GOptionEntry options[] = {
    { "new-note", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start a new note; TEXT, if given, becomes it"), NULL },
    { "new-link", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Keep a link to URL, or to the address on the clipboard"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[TEXT|URL]") },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

KennisApplication *
kennis_application_new (void)
{
  return g_object_new (KENNIS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/kennis/Kennis",
                       NULL);
}

/**
 * kennis_application_get_store:
 *
 * Returns: (transfer none) (nullable): the open notebook
 */
KennisStore *
kennis_application_get_store (KennisApplication *self)
{
  g_return_val_if_fail (KENNIS_IS_APPLICATION (self), NULL);
  return self->store;
}
