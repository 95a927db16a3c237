/* kennis-share-window.c — who an entry is for, where that takes it, and what will be published
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience-button.h"
#include "kennis-format.h"
#include "kennis-markdown.h"
#include "kennis-post.h"
#include "kennis-share-window.h"
#include "kennis-site-writer.h"
#include "kennis-slug.h"
#include "kennis-store-sharing.h"

struct _KennisShareWindow
{
  AdwWindow             parent_instance;

  KennisSharing        *sharing;
  KennisEntry          *entry;
  GPtrArray            *target_rows;
  GPtrArray            *trail_rows;
  gulong                notify_id;
  gulong                changed_id;

  AdwWindowTitle       *window_title;
  GtkButton            *share_button;
  AdwActionRow         *audience_row;
  KennisAudienceButton *audience_button;
  AdwPreferencesGroup  *targets_group;
  AdwPreferencesGroup  *trail_group;
  GtkLabel             *preview_label;
};

G_DEFINE_FINAL_TYPE (KennisShareWindow, kennis_share_window, ADW_TYPE_WINDOW)

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
open_clicked_cb (GtkButton         *button,
                 KennisShareWindow *self)
{
  gtk_show_uri (GTK_WINDOW (self), g_object_get_data (G_OBJECT (button), "url"), GDK_CURRENT_TIME);
}

static void
unshare_clicked_cb (GtkButton         *button,
                    KennisShareWindow *self)
{
  gint64 target_id = *(gint64 *)g_object_get_data (G_OBJECT (button), "target-id");
  g_autoptr(GError) error = NULL;

  if (kennis_sharing_unshare (self->sharing, self->entry, target_id, &error) == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW)),
                                 error->message);
}

static void refresh (KennisShareWindow *self);

static void
retry_clicked_cb (GtkButton         *button,
                  KennisShareWindow *self)
{
  gint64 *job_id = g_object_get_data (G_OBJECT (button), "job-id");
  g_autoptr(GError) error = NULL;

  if (!kennis_store_outbox_retry (kennis_sharing_get_store (self->sharing), *job_id, &error))
    g_warning ("Could not retry: %s", error->message);
  kennis_sharing_run (self->sharing);
  refresh (self);
}

static void
cancel_clicked_cb (GtkButton         *button,
                   KennisShareWindow *self)
{
  gint64 *job_id = g_object_get_data (G_OBJECT (button), "job-id");
  g_autoptr(GError) error = NULL;

  if (!kennis_store_outbox_cancel (kennis_sharing_get_store (self->sharing), *job_id, &error))
    g_warning ("Could not cancel: %s", error->message);
  refresh (self);
}

static void
add_job_button (GtkWidget         *row,
                KennisShareWindow *self,
                KennisOutboxJob   *job,
                const char        *label,
                GCallback          clicked)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  gint64 *id = g_new (gint64, 1);

  *id = job->id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "job-id", id, g_free);
  g_signal_connect (button, "clicked", clicked, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

/* A job that waits or stopped says why, in the server's own words; it can
 * be tried again now, or called off, from here. */
static char *
describe_job (GtkWidget         *row,
              KennisShareWindow *self,
              KennisOutboxJob   *job)
{
  gboolean waiting = !job->failed && !job->running && job->attempts > 0 && job->last_error != NULL;

  if (!job->failed && !waiting)
    return g_strdup (_("Being sent…"));

  add_job_button (row, self, job, waiting ? _("Try _Now") : _("_Retry"), G_CALLBACK (retry_clicked_cb));
  add_job_button (row, self, job, _("_Cancel"), G_CALLBACK (cancel_clicked_cb));
  if (waiting)
    /* TRANSLATORS: %s is why the last try failed */
    return g_strdup_printf (_("Waiting to try again: %s"), job->last_error);
  /* TRANSLATORS: %s is why it failed, often the server's own words */
  return g_strdup_printf (_("Could not share: %s"), job->last_error != NULL ? job->last_error : "");
}

static GtkWidget *
make_target_row (KennisShareWindow *self,
                 const char        *name,
                 gint64             target_id,
                 KennisShareInfo   *share,
                 KennisOutboxJob   *job,
                 gboolean           routed,
                 const char        *current_hash)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  gboolean live = share != NULL && share->shared != NULL && share->withdrawn == NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-publicshare-symbolic"));

  if (job != NULL)
    subtitle = describe_job (row, self, job);
  else if (!routed && live)
    subtitle = g_strdup (_("Will be withdrawn: it is no longer for an audience that goes here"));
  else if (live && g_strcmp0 (share->content_hash, current_hash) != 0)
    subtitle = g_strdup (_("Changed since shared"));
  else if (live)
    {
      g_autofree char *when = kennis_format_date_long (share->updated ? share->updated : share->shared);

      /* TRANSLATORS: %s is a date and time */
      subtitle = g_strdup_printf (_("Shared, up to date since %s"), when);
    }
  else
    subtitle = g_strdup (_("Not shared yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (live && share->url != NULL)
    {
      GtkWidget *open = gtk_button_new_from_icon_name ("web-browser-symbolic");

      gtk_widget_set_tooltip_text (open, _("Open the Published Page"));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      g_object_set_data_full (G_OBJECT (open), "url", g_strdup (share->url), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  if (live)
    {
      GtkWidget *unshare = gtk_button_new_with_mnemonic (_("_Unshare"));
      gint64 *id = g_new (gint64, 1);

      *id = target_id;
      gtk_widget_set_valign (unshare, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (unshare), "target-id", id, g_free);
      g_signal_connect (unshare, "clicked", G_CALLBACK (unshare_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unshare);
    }

  return row;
}

static char *
describe_event (const char *action,
                const char *target)
{
  if (g_strcmp0 (action, "shared") == 0)
    /* TRANSLATORS: %s is the name of a place to share to */
    return g_strdup_printf (_("Shared to %s"), target);
  if (g_strcmp0 (action, "updated") == 0)
    /* TRANSLATORS: %s is the name of a place to share to */
    return g_strdup_printf (_("Updated at %s"), target);
  if (g_strcmp0 (action, "withdrawn") == 0)
    /* TRANSLATORS: %s is the name of a place to share to */
    return g_strdup_printf (_("Withdrawn from %s"), target);
  /* TRANSLATORS: %s is the name of a place to share to */
  return g_strdup_printf (_("Could not share to %s"), target);
}

static void
refresh_trail (KennisShareWindow *self)
{
  KennisStore *store = kennis_sharing_get_store (self->sharing);
  g_autoptr(GPtrArray) events = kennis_store_list_share_events (store, kennis_entry_get_num (self->entry), NULL);

  clear_rows (self->trail_group, self->trail_rows);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      KennisShareEvent *event = g_ptr_array_index (events, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = describe_event (event->action, event->target_name);
      g_autofree char *when = kennis_format_date_long (event->at);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      add_row (self->trail_group, self->trail_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->trail_group), self->trail_rows->len > 0);
}

static KennisOutboxJob *
find_job (KennisShareWindow *self,
          GPtrArray         *jobs,
          gint64             target_id)
{
  gint64 num = kennis_entry_get_num (self->entry);

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      KennisOutboxJob *job = g_ptr_array_index (jobs, i);

      if (job->entry_num == num && job->target_id == target_id)
        return job;
    }
  return NULL;
}

static void
refresh (KennisShareWindow *self)
{
  KennisStore *store = kennis_sharing_get_store (self->sharing);
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(KennisPost) post = NULL;
  g_autofree char *title = kennis_entry_dup_display_title (self->entry);
  g_autofree char *hash = NULL;
  g_autofree char *preview = NULL;
  const gint64 *audiences;
  guint n_audiences;
  gboolean anything = FALSE;
  KennisShareState state;

  adw_window_title_set_subtitle (self->window_title, title);

  audiences = kennis_entry_get_audiences (self->entry, &n_audiences);
  targets = kennis_store_route_audiences (store, audiences, n_audiences, NULL);
  shares = kennis_store_list_shares (store, kennis_entry_get_num (self->entry), NULL);
  jobs = kennis_store_outbox_list (store, NULL);
  post = kennis_post_new_from_entry (self->entry, "preview", NULL);
  hash = kennis_post_dup_hash (post);

  /* The menu button shows the audience; the row says what that means. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audience_row),
                                 kennis_entry_is_private (self->entry)
                                 ? _("Only you can see this entry")
                                 : _("Who it is for decides where it goes"));
  adw_action_row_set_subtitle (self->audience_row,
                               kennis_entry_is_private (self->entry)
                               ? _("Choose who it is for to share it.")
                               : "");

  clear_rows (self->targets_group, self->target_rows);
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    {
      gint64 id = g_array_index (targets, gint64, i);
      g_autoptr(KennisTargetInfo) info = kennis_store_get_target (store, id, NULL);
      KennisShareInfo *share = NULL;

      for (guint j = 0; shares != NULL && j < shares->len; j++)
        if (((KennisShareInfo *)shares->pdata[j])->target_id == id)
          share = shares->pdata[j];
      if (info != NULL)
        add_row (self->targets_group, self->target_rows,
                 make_target_row (self, info->name, id, share, find_job (self, jobs, id), TRUE, hash));
      anything = TRUE;
    }
  for (guint j = 0; shares != NULL && j < shares->len; j++)
    {
      KennisShareInfo *share = shares->pdata[j];
      gboolean routed = FALSE;

      for (guint i = 0; targets != NULL && i < targets->len && !routed; i++)
        routed = g_array_index (targets, gint64, i) == share->target_id;
      if (!routed && share->shared != NULL && share->withdrawn == NULL)
        {
          add_row (self->targets_group, self->target_rows,
                   make_target_row (self, share->target_name, share->target_id, share,
                                    find_job (self, jobs, share->target_id), FALSE, hash));
          anything = TRUE;
        }
    }
  if (self->target_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nowhere yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   kennis_entry_is_private (self->entry)
                                   ? _("Entries for “Only me” never leave this computer.")
                                   : _("None of its audiences goes anywhere yet. Choose where they go in Preferences."));
      if (!kennis_entry_is_private (self->entry))
        {
          GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));

          gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "app.manage-sharing");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
        }
      add_row (self->targets_group, self->target_rows, row);
    }

  state = kennis_sharing_get_state (self->sharing, self->entry);
  gtk_button_set_label (self->share_button,
                        state == KENNIS_SHARE_STATE_CHANGED ? _("_Update Shared Copy") : _("_Share"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->share_button),
                            anything && state != KENNIS_SHARE_STATE_PENDING &&
                            !(state == KENNIS_SHARE_STATE_SHARED && targets != NULL &&
                              self->target_rows->len == targets->len));

  {
    g_autofree char *escaped_title = g_markup_escape_text (post->title, -1);
    g_autofree char *escaped_text = g_markup_escape_text (post->text, -1);

    preview = g_strdup_printf ("<b>%s</b>\n\n%s", escaped_title, escaped_text);
  }
  gtk_label_set_markup (self->preview_label, preview);

  refresh_trail (self);
}

static void
share_clicked_cb (KennisShareWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kennis_share_window_share (self, &error))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                             _("Not Shared"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* The preview is the real page, written the way the site writer writes it,
 * into a folder of its own, and opened in the browser. */
static void
preview_clicked_cb (KennisShareWindow *self)
{
  g_autofree char *dir = g_dir_make_tmp ("kennis-preview-XXXXXX", NULL);
  g_autofree char *slug = kennis_slug_from_title (kennis_entry_get_title (self->entry));
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_post_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *page = NULL;
  g_autofree char *uri = NULL;

  if (dir == NULL)
    return;

  g_ptr_array_add (posts, kennis_post_new_from_entry (self->entry, slug, NULL));
  g_free (site->folder);
  site->folder = g_strdup (dir);
  g_free (site->title);
  site->title = g_strdup (_("Preview"));
  if (!kennis_site_write_all (site, posts, NULL, &error))
    {
      g_warning ("Could not write the preview: %s", error->message);
      return;
    }

  name = g_strconcat (slug, ".html", NULL);
  page = g_build_filename (dir, "posts", name, NULL);
  uri = g_filename_to_uri (page, NULL, NULL);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
kennis_share_window_dispose (GObject *object)
{
  KennisShareWindow *self = (KennisShareWindow *)object;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->notify_id, self->entry);
  if (self->sharing != NULL)
    g_clear_signal_handler (&self->changed_id, kennis_sharing_get_store (self->sharing));
  g_clear_object (&self->entry);
  g_clear_object (&self->sharing);
  g_clear_pointer (&self->target_rows, g_ptr_array_unref);
  g_clear_pointer (&self->trail_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_SHARE_WINDOW);

  G_OBJECT_CLASS (kennis_share_window_parent_class)->dispose (object);
}

static void
kennis_share_window_class_init (KennisShareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_share_window_dispose;

  g_type_ensure (KENNIS_TYPE_AUDIENCE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-share-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, share_button);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, audience_row);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, audience_button);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, targets_group);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, trail_group);
  gtk_widget_class_bind_template_child (widget_class, KennisShareWindow, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, share_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kennis_share_window_init (KennisShareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->target_rows = g_ptr_array_new ();
  self->trail_rows = g_ptr_array_new ();
}

/**
 * kennis_share_window_new:
 * @audiences: every #KennisAudience, kept current (the sidebar's list)
 *
 * Returns: (transfer none): a new window for @entry
 */
KennisShareWindow *
kennis_share_window_new (GtkWindow     *parent,
                         KennisSharing *sharing,
                         KennisEntry   *entry,
                         GListModel    *audiences)
{
  KennisShareWindow *self;

  g_return_val_if_fail (KENNIS_IS_SHARING (sharing), NULL);
  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), NULL);

  self = g_object_new (KENNIS_TYPE_SHARE_WINDOW, "transient-for", parent, NULL);
  self->sharing = g_object_ref (sharing);
  self->entry = g_object_ref (entry);
  kennis_audience_button_set_audiences (self->audience_button, audiences);
  kennis_audience_button_set_entry (self->audience_button, entry);
  self->notify_id = g_signal_connect_object (entry, "notify", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  self->changed_id = g_signal_connect_object (kennis_sharing_get_store (sharing), "changed",
                                              G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

/**
 * kennis_share_window_share:
 *
 * Does what the Share button does: queues the entry for every place its
 * audiences go (and its withdrawal where they no longer go), then closes.
 *
 * Returns: %FALSE with @error when there is nothing to share or nowhere to
 *   share it
 */
gboolean
kennis_share_window_share (KennisShareWindow  *self,
                           GError            **error)
{
  g_return_val_if_fail (KENNIS_IS_SHARE_WINDOW (self), FALSE);

  if (kennis_sharing_share (self->sharing, self->entry, error) == 0)
    return FALSE;

  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
