/* kennis-transfer-bar.c — import and export with progress, under the list
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-format.h"
#include "kennis-transfer-bar.h"

#define PULSE_MS 120

struct _KennisTransferBar
{
  GtkWidget             parent_instance;

  GtkRevealer          *revealer;
  GtkLabel             *label;
  GtkProgressBar       *progress;

  KennisStore          *store;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  KennisTransferFormat  chooser_format;
  gboolean              chooser_imports;
  char                 *file_name;
  guint                 pulse_id;
};

G_DEFINE_FINAL_TYPE (KennisTransferBar, kennis_transfer_bar, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
pulse_cb (gpointer data)
{
  KennisTransferBar *self = data;

  gtk_progress_bar_pulse (self->progress);
  return G_SOURCE_CONTINUE;
}

static void start (KennisTransferBar *self,
                   GFile             *file,
                   const char        *format,
                   ...) G_GNUC_PRINTF (3, 4);

/* @format says what happens to the file; its one %s is the file's name. */
static void
start (KennisTransferBar *self,
       GFile             *file,
       const char        *format,
       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_free (self->file_name);
  self->file_name = g_file_get_basename (file);
  g_set_object (&self->cancellable, NULL);
  self->cancellable = g_cancellable_new ();

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  gtk_label_set_text (self->label, text);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_MS, pulse_cb, self);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
finish (KennisTransferBar *self,
        gboolean           ok,
        const char        *title,
        const char        *message)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->cancellable);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_signal_emit (self, signals[FINISHED], 0, ok, title, message);
}

/* A cancelled transfer is no failure: the user asked for it. */
static void
finish_with_error (KennisTransferBar *self,
                   const GError      *error,
                   const char        *cancelled,
                   const char        *failed)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (self, TRUE, NULL, cancelled);
  else
    finish (self, FALSE, failed, error->message);
}

static void
import_progress_cb (guint    done,
                    guint    total,
                    gpointer data)
{
  KennisTransferBar *self = data;

  /* Reading the file has no steps to count; adding the entries has. */
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double)done / total : 1.0);
}

static char *
describe_import (const KennisImportCounts *counts)
{
  g_autofree char *added = kennis_format_count (counts->added);
  g_autofree char *skipped = kennis_format_count (counts->skipped);
  g_autofree char *first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s entry.",
                                                         "Imported %s entries.", counts->added),
                                            added);
  g_autofree char *second = NULL;

  if (counts->skipped == 0)
    return g_steal_pointer (&first);

  /* TRANSLATORS: follows “Imported N entries.” */
  second = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s was already in the notebook.",
                                         "%s were already in the notebook.", counts->skipped),
                            skipped);
  return g_strdup_printf ("%s %s", first, second);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(KennisTransferBar) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KennisImportCounts counts = { 0, 0 };

  if (!kennis_transfer_import_finish (KENNIS_STORE (source), result, &counts, &error))
    {
      finish_with_error (self, error, _("Import cancelled: nothing was added."), _("Could not import"));
      return;
    }

  /* Show the new entries now rather than at the next look for changes. */
  kennis_store_check_changes (self->store);
  message = describe_import (&counts);
  finish (self, TRUE, NULL, message);
}

/**
 * kennis_transfer_bar_import:
 * @format: what @file holds, or %KENNIS_TRANSFER_FORMAT_AUTO
 *
 * Imports @file on a worker thread, showing progress with a way to cancel;
 * #KennisTransferBar::finished says how it went.
 */
void
kennis_transfer_bar_import (KennisTransferBar    *self,
                            GFile                *file,
                            KennisTransferFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);

  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));
  g_return_if_fail (self->store != NULL);
  g_return_if_fail (!kennis_transfer_bar_get_busy (self));

  /* TRANSLATORS: %s is a file or folder name */
  start (self, file, _("Importing “%s”…"), name);
  kennis_transfer_import_async (self->store, file, format, import_progress_cb, self,
                                self->cancellable, import_done_cb, g_object_ref (self));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(KennisTransferBar) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!kennis_transfer_export_finish (KENNIS_STORE (source), result, &n, &error))
    {
      finish_with_error (self, error, _("Export cancelled."), _("Could not export"));
      return;
    }

  count = kennis_format_count (n);
  /* TRANSLATORS: a number of entries, then a file or folder name */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s entry to “%s”.",
                                          "Exported %s entries to “%s”.", n),
                             count, self->file_name);
  finish (self, TRUE, NULL, message);
}

void
kennis_transfer_bar_export (KennisTransferBar    *self,
                            GFile                *file,
                            KennisTransferFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);

  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));
  g_return_if_fail (self->store != NULL);
  g_return_if_fail (!kennis_transfer_bar_get_busy (self));

  /* TRANSLATORS: %s is a file or folder name */
  start (self, file, _("Exporting to “%s”…"), name);
  kennis_transfer_export_async (self->store, file, format, self->cancellable,
                                export_done_cb, g_object_ref (self));
}

void
kennis_transfer_bar_cancel (KennisTransferBar *self)
{
  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
kennis_transfer_bar_get_busy (KennisTransferBar *self)
{
  g_return_val_if_fail (KENNIS_IS_TRANSFER_BAR (self), FALSE);
  return self->cancellable != NULL;
}

static void
cancel_clicked_cb (KennisTransferBar *self)
{
  kennis_transfer_bar_cancel (self);
}

/* --- Choosing a file --------------------------------------------------- */

static void
chooser_response_cb (KennisTransferBar *self,
                     int                response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || kennis_transfer_bar_get_busy (self))
    return;
  if (self->chooser_imports)
    kennis_transfer_bar_import (self, file, self->chooser_format);
  else
    kennis_transfer_bar_export (self, file, self->chooser_format);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *second_pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (second_pattern != NULL)
    gtk_file_filter_add_pattern (filter, second_pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
show_chooser (KennisTransferBar    *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept_label)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action, accept_label, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
}

/**
 * kennis_transfer_bar_choose_import:
 * @folder: choose a folder of Markdown files rather than a file
 */
void
kennis_transfer_bar_choose_import (KennisTransferBar *self,
                                   gboolean           folder)
{
  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));

  self->chooser_imports = TRUE;
  if (folder)
    {
      self->chooser_format = KENNIS_TRANSFER_FORMAT_MARKDOWN;
      show_chooser (self, _("Import a Folder of Markdown Files"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                    _("_Import"));
    }
  else
    {
      self->chooser_format = KENNIS_TRANSFER_FORMAT_AUTO;
      show_chooser (self, _("Import Bookmarks or a Kennis Export"), GTK_FILE_CHOOSER_ACTION_OPEN,
                    _("_Import"));
      add_filter (GTK_FILE_CHOOSER (self->chooser), _("Bookmarks and Kennis exports"),
                  "*.[hH][tT][mM]*", "*.[jJ][sS][oO][nN]");
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
kennis_transfer_bar_choose_export (KennisTransferBar    *self,
                                   KennisTransferFormat  format)
{
  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));
  g_return_if_fail (format != KENNIS_TRANSFER_FORMAT_AUTO);

  self->chooser_imports = FALSE;
  self->chooser_format = format;
  switch (format)
    {
    case KENNIS_TRANSFER_FORMAT_MARKDOWN:
      show_chooser (self, _("Export to a Folder of Markdown Files"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                    _("_Export"));
      break;
    case KENNIS_TRANSFER_FORMAT_BOOKMARKS:
      show_chooser (self, _("Export Links as Bookmarks"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
      /* TRANSLATORS: a file name; keep the .html ending */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("bookmarks.html"));
      break;
    case KENNIS_TRANSFER_FORMAT_JSON:
    case KENNIS_TRANSFER_FORMAT_AUTO:
    default:
      show_chooser (self, _("Export the Whole Notebook"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
      /* TRANSLATORS: a file name; keep the .json ending */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("notebook.json"));
      break;
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
kennis_transfer_bar_set_store (KennisTransferBar *self,
                               KennisStore       *store)
{
  g_return_if_fail (KENNIS_IS_TRANSFER_BAR (self));
  g_set_object (&self->store, store);
}

static void
kennis_transfer_bar_dispose (GObject *object)
{
  KennisTransferBar *self = (KennisTransferBar *)object;

  kennis_transfer_bar_cancel (self);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_pointer (&self->file_name, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_TRANSFER_BAR);

  G_OBJECT_CLASS (kennis_transfer_bar_parent_class)->dispose (object);
}

static void
kennis_transfer_bar_class_init (KennisTransferBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_transfer_bar_dispose;

  /**
   * KennisTransferBar::finished:
   * @ok: %FALSE when it failed
   * @title: (nullable): a heading for a failure
   * @message: what happened, in words for the user
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-transfer-bar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisTransferBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, KennisTransferBar, label);
  gtk_widget_class_bind_template_child (widget_class, KennisTransferBar, progress);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
kennis_transfer_bar_init (KennisTransferBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
