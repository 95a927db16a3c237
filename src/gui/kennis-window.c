/* kennis-window.c — the main window: sidebar, entry list and editor
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience.h"
#include "kennis-audience-button.h"
#include "kennis-capture.h"
#include "kennis-editor.h"
#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-entry-row.h"
#include "kennis-format.h"
#include "kennis-link-filler.h"
#include "kennis-share-records.h"
#include "kennis-store-sharing.h"
#include "kennis-share-window.h"
#include "kennis-sidebar.h"
#include "kennis-transfer-bar.h"
#include "kennis-window.h"

/* Autosave runs this long after the first unsaved change, so a crash loses
 * at most about a second of typing. */
#define AUTOSAVE_DELAY_MS 750

/* A save that failed (notebook locked by another program, disk full) is
 * tried again this often until it succeeds. */
#define RETRY_DELAY_MS 3000

/* How long an autosave waits for another program (kennis-cli) to finish
 * writing before it gives up and retries later: short, as it blocks typing. */
#define WRITE_WAIT_MS 250
/* How long a typed address must rest before it is looked up. */
#define URL_CHECK_DELAY_MS 700

struct _KennisWindow
{
  AdwApplicationWindow  parent_instance;

  KennisStore          *store;
  KennisSharing        *sharing;
  KennisShareMarks     *marks;
  KennisLinkFiller     *filler;
  GSettings            *settings;
  KennisEntryList      *entries;
  GtkSingleSelection   *selection;
  KennisEntry          *current;
  AdwToast             *info_toast;       /* on screen now, not a reference */
  gboolean              save_failed;
  GArray               *known_audiences;  /* the current entry's, as last confirmed */
  gulong                audiences_id;
  KennisEntry          *fresh;          /* made by Ctrl+N/L and not left yet; not a reference */
  GPtrArray            *unsaved;        /* entries whose last save failed */
  AdwToast             *error_toast;
  gulong                dirty_id;
  guint                 autosave_id;
  guint                 url_check_id;
  guint                 retry_id;
  gboolean              closing_anyway;
  gboolean              selecting;
  gboolean              list_changing;
  guint                 reselect_position;

  AdwToastOverlay      *toast_overlay;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  KennisSidebar        *sidebar;
  AdwWindowTitle       *list_title;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  KennisTransferBar    *transfer_bar;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  GtkLabel             *truncated_label;
  AdwStatusPage        *empty_page;
  KennisAudienceButton *audience_button;
  GtkWidget            *share_button;
  AdwButtonContent     *share_content;
  GtkMenuButton        *entry_menu_button;
  GtkStack             *editor_stack;
  KennisEditor         *editor;
};

G_DEFINE_FINAL_TYPE (KennisWindow, kennis_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SHARING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Toast titles are Pango markup in libadwaita 1.2; "&" in an entry's
 * title would otherwise break them. */
static AdwToast *
toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

static void
info_toast_dismissed_cb (KennisWindow *self)
{
  self->info_toast = NULL;
}

/* Passing news reuses the toast on screen: libadwaita 1.2 can crash when
 * one toast is replaced by another while it is still moving. */
static void
show_info (KennisWindow *self,
           const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (self->info_toast != NULL)
    {
      adw_toast_set_title (self->info_toast, escaped);
      return;
    }

  self->info_toast = adw_toast_new (escaped);
  g_signal_connect_object (self->info_toast, "dismissed",
                           G_CALLBACK (info_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->info_toast);
}

static void
show_error (KennisWindow *self,
            const char   *doing,
            const GError *error)
{
  /* TRANSLATORS: what failed, then why, e.g. "Could not save: disk full" */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), doing, error->message);
  AdwToast *toast = toast_new (text);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
entry_is_empty (KennisEntry *entry)
{
  return kennis_entry_get_title (entry)[0] == '\0' &&
         kennis_entry_get_body (entry)[0] == '\0' &&
         kennis_entry_get_url (entry)[0] == '\0' &&
         kennis_entry_get_tags (entry)[0] == NULL;
}

static void
error_toast_dismissed_cb (KennisWindow *self)
{
  self->error_toast = NULL;
}

static gboolean retry_cb (gpointer data);

/* Writes @entry; when that fails the user is told once, and the entry is
 * kept and tried again until it is on disk, whatever else they do. */
static gboolean
save_entry (KennisWindow *self,
            KennisEntry  *entry)
{
  g_autoptr(GError) error = NULL;

  if (!kennis_entry_get_dirty (entry) || kennis_entry_get_deleted (entry))
    return TRUE;

  if (kennis_store_save_entry (self->store, entry, &error))
    {
      /* The warning is not dismissed but followed up: libadwaita 1.2 can
       * crash later when a toast still waiting in its queue is dismissed. */
      if (self->unsaved->len == 0 && self->save_failed)
        {
          self->save_failed = FALSE;
          show_info (self, _("Saved"));
        }
      return TRUE;
    }

  if (!g_ptr_array_find (self->unsaved, entry, NULL))
    g_ptr_array_add (self->unsaved, g_object_ref (entry));
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add (RETRY_DELAY_MS, retry_cb, self);

  self->save_failed = TRUE;
  if (self->error_toast == NULL)
    {
      /* TRANSLATORS: %s says why, e.g. "database is locked" */
      g_autofree char *text = g_strdup_printf (_("Could not save yet, Kennis keeps trying: %s"),
                                               error->message);

      self->error_toast = toast_new (text);
      g_signal_connect_object (self->error_toast, "dismissed",
                               G_CALLBACK (error_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (self->toast_overlay, self->error_toast);
    }

  return FALSE;
}

/* Returns %TRUE when every entry that failed before is now saved. */
static gboolean
save_unsaved (KennisWindow *self)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->unsaved);

  self->unsaved = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pending->len; i++)
    save_entry (self, g_ptr_array_index (pending, i));

  return self->unsaved->len == 0;
}

static gboolean
retry_cb (gpointer data)
{
  KennisWindow *self = data;

  if (save_unsaved (self))
    {
      self->retry_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
autosave_cb (gpointer data)
{
  KennisWindow *self = data;

  /* An import holds the notebook's write lock until it is done; typing
   * waits in the entry rather than in a blocked window, and is saved when
   * the import ends. */
  if (kennis_transfer_bar_get_busy (self->transfer_bar))
    return G_SOURCE_CONTINUE;

  self->autosave_id = 0;
  kennis_window_save_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean show_existing_link (KennisWindow *self,
                                    const char   *url);

/* An address typed into a new, otherwise empty link that is already in
 * the notebook: open that entry; leaving the new one, emptied, drops it. */
static gboolean
url_check_cb (gpointer data)
{
  KennisWindow *self = data;
  KennisEntry *entry = self->current;
  g_autofree char *url = NULL;
  g_autoptr(KennisEntry) existing = NULL;

  self->url_check_id = 0;
  if (entry == NULL || entry != self->fresh || kennis_entry_get_kind (entry) != KENNIS_ENTRY_KIND_LINK ||
      *kennis_entry_get_title (entry) != '\0' || *kennis_entry_get_body (entry) != '\0')
    return G_SOURCE_REMOVE;

  url = g_strdup (kennis_entry_get_url (entry));
  existing = kennis_store_find_link (self->store, url, NULL);
  if (existing != NULL && existing != entry)
    {
      kennis_entry_set_url (entry, "");
      show_existing_link (self, url);
    }
  return G_SOURCE_REMOVE;
}

/* Any change counts, not only the first: after a failed save the entry
 * stays dirty, and later typing must still be saved. */
static void
current_changed_cb (KennisWindow *self,
                    GParamSpec   *pspec,
                    KennisEntry  *entry)
{
  if (kennis_entry_get_dirty (entry) && self->autosave_id == 0)
    self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);

  if (g_str_equal (pspec->name, "url") && entry == self->fresh)
    {
      g_clear_handle_id (&self->url_check_id, g_source_remove);
      self->url_check_id = g_timeout_add (URL_CHECK_DELAY_MS, url_check_cb, self);
    }
}

static void
select_current (KennisWindow *self)
{
  guint position;

  if (self->current == NULL)
    return;

  position = kennis_entry_list_find (self->entries, kennis_entry_get_num (self->current));
  if (position == G_MAXUINT || position == gtk_single_selection_get_selected (self->selection))
    return;

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

/* Leaving an entry: take in a tag still being typed, save, and drop a new
 * entry nothing was ever written in, so Ctrl+N followed by a click
 * elsewhere leaves no litter. An entry that cannot be saved yet stays in
 * the retry list. */
static void
leave_current (KennisWindow *self)
{
  g_autoptr(KennisEntry) entry = NULL;
  gboolean fresh;

  if (self->current == NULL)
    return;

  kennis_editor_flush (self->editor);
  kennis_window_save_now (self);
  g_clear_signal_handler (&self->dirty_id, self->current);
  g_clear_signal_handler (&self->audiences_id, self->current);
  entry = g_steal_pointer (&self->current);
  fresh = entry == self->fresh;
  self->fresh = NULL;

  if (fresh && entry_is_empty (entry) && !kennis_entry_get_deleted (entry))
    kennis_store_delete_entry (self->store, entry, NULL);
}

/* The button says where the entry stands: not shared, shared and current,
 * changed since shared, on its way, or stuck. */
/* Names of places to share to as one phrase; @names gets its terminator. */
static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: joins names of places to share to, e.g. "My feed, Team wiki" */
  return g_strjoinv (_(", "), (char **)names->pdata);
}

/* Where and when the entry went, without opening the share panel. */
static void
update_share_tooltip (KennisWindow *self)
{
  g_autoptr(GPtrArray) shares = kennis_store_list_shares (self->store, kennis_entry_get_num (self->current), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDateTime *last = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *when = NULL;
  g_autofree char *tooltip = NULL;

  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);
      GDateTime *at = share->updated != NULL ? share->updated : share->shared;

      if (share->shared == NULL || share->withdrawn != NULL)
        continue;
      g_ptr_array_add (names, g_strdup_printf ("“%s”", share->target_name));
      if (last == NULL || g_date_time_compare (at, last) > 0)
        last = at;
    }

  if (names->len == 0)
    {
      gtk_widget_set_tooltip_text (self->share_button, _("Share (Ctrl+Shift+S)"));
      return;
    }

  joined = join_names (names);
  when = kennis_format_date_long (last);
  /* TRANSLATORS: first %s names one or more places to share to, second %s is a date and time */
  tooltip = g_strdup_printf (_("Shared to %s, last on %s (Ctrl+Shift+S)"), joined, when);
  gtk_widget_set_tooltip_text (self->share_button, tooltip);
}

static void
update_share_button (KennisWindow *self)
{
  const char *label = _("Share");
  const char *icon = "send-to-symbolic";

  if (self->current == NULL || self->sharing == NULL)
    return;

  switch (kennis_sharing_get_state (self->sharing, self->current))
    {
    case KENNIS_SHARE_STATE_SHARED:
      label = _("Shared");
      icon = "emblem-ok-symbolic";
      break;
    case KENNIS_SHARE_STATE_CHANGED:
      /* Short: the header is shared with who it is for; the panel says it in full. */
      label = C_("share button", "Update Copy");
      icon = "view-refresh-symbolic";
      break;
    case KENNIS_SHARE_STATE_PENDING:
      label = _("Sharing…");
      icon = "content-loading-symbolic";
      break;
    case KENNIS_SHARE_STATE_FAILED:
      label = _("Could Not Share");
      icon = "dialog-warning-symbolic";
      break;
    case KENNIS_SHARE_STATE_NOT_SHARED:
    default:
      break;
    }

  adw_button_content_set_label (self->share_content, label);
  adw_button_content_set_icon_name (self->share_content, icon);
  update_share_tooltip (self);
}

static void
update_entry_actions (KennisWindow *self)
{
  gboolean have = self->current != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.share", have && self->sharing != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->audience_button), have);
  gtk_widget_set_visible (self->share_button, have && self->sharing != NULL);
  update_share_button (self);
  gtk_widget_set_visible (GTK_WIDGET (self->entry_menu_button), have);
  gtk_stack_set_visible_child_name (self->editor_stack, have ? "editor" : "none");
}

static void
remember_audiences (KennisWindow *self)
{
  const gint64 *ids;
  guint n;

  g_clear_pointer (&self->known_audiences, g_array_unref);
  if (self->current == NULL)
    return;

  ids = kennis_entry_get_audiences (self->current, &n);
  self->known_audiences = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (self->known_audiences, ids, n);
}

typedef struct
{
  KennisWindow *self;
  KennisEntry  *entry;
  GArray       *before;     /* audiences to go back to */
  GArray       *targets;    /* targets to withdraw from */
} Narrowing;

static void
narrowing_free (gpointer  data,
                GClosure *closure)
{
  Narrowing *narrowing = data;

  g_object_unref (narrowing->entry);
  g_array_unref (narrowing->before);
  g_array_unref (narrowing->targets);
  g_free (narrowing);
}

static void
narrowing_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       Narrowing        *narrowing)
{
  KennisWindow *self = narrowing->self;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "withdraw") == 0)
    {
      for (guint i = 0; i < narrowing->targets->len; i++)
        if (kennis_sharing_unshare (self->sharing, narrowing->entry,
                                    g_array_index (narrowing->targets, gint64, i), &error) == 0)
          {
            show_error (self, _("Could not take it down"), error);
            g_clear_error (&error);
          }
    }
  else
    kennis_entry_set_audiences (narrowing->entry, (const gint64 *)(gpointer)narrowing->before->data,
                                narrowing->before->len);

  if (narrowing->entry == self->current)
    remember_audiences (self);
}

/* Widening says where the entry will newly go; it does not go there
 * until the user shares it. */
static void
tell_widening (KennisWindow *self,
               GArray       *routed)
{
  g_autoptr(GArray) before = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  before = kennis_store_route_audiences (self->store, (const gint64 *)(gpointer)self->known_audiences->data,
                                         self->known_audiences->len, NULL);
  for (guint i = 0; routed != NULL && before != NULL && i < routed->len; i++)
    {
      gint64 id = g_array_index (routed, gint64, i);
      g_autoptr(KennisTargetInfo) target = NULL;
      gboolean known = FALSE;

      for (guint j = 0; j < before->len && !known; j++)
        known = g_array_index (before, gint64, j) == id;
      if (!known && (target = kennis_store_get_target (self->store, id, NULL)) != NULL)
        g_ptr_array_add (names, g_strdup_printf ("“%s”", target->name));
    }
  if (names->len == 0)
    return;

  joined = join_names (names);
  /* TRANSLATORS: %s names one or more places to share to */
  text = g_strdup_printf (_("Now also goes to %s when you share it (Ctrl+Shift+S)"), joined);
  show_info (self, text);
}

/* Narrowing is retracting: an entry that no longer goes to a place where
 * it is shared is taken down there, once the user says so. */
static void
current_audiences_changed_cb (KennisWindow *self)
{
  KennisStore *store = self->store;
  g_autoptr(GArray) routed = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) withdraw = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *joined = NULL;
  const gint64 *ids;
  guint n;
  AdwMessageDialog *dialog;
  Narrowing *narrowing;

  if (self->current == NULL || self->sharing == NULL || self->known_audiences == NULL)
    return;

  ids = kennis_entry_get_audiences (self->current, &n);
  routed = kennis_store_route_audiences (store, ids, n, NULL);
  shares = kennis_store_list_shares (store, kennis_entry_get_num (self->current), NULL);
  for (guint i = 0; routed != NULL && shares != NULL && i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);
      gboolean still = FALSE;

      for (guint j = 0; j < routed->len && !still; j++)
        still = g_array_index (routed, gint64, j) == share->target_id;
      if (!still && share->shared != NULL && share->withdrawn == NULL)
        {
          g_array_append_val (withdraw, share->target_id);
          g_ptr_array_add (names, share->target_name);
        }
    }

  if (withdraw->len == 0)
    {
      tell_widening (self, routed);
      remember_audiences (self);
      return;
    }

  joined = join_names (names);
  title = kennis_entry_dup_display_title (self->current);
  /* TRANSLATORS: %s is the title of an entry */
  heading = g_strdup_printf (_("Take “%s” Down?"), title);
  /* TRANSLATORS: %s names one or more places to share to */
  body = g_strdup_printf (_("It is no longer for an audience that goes to %s. Kennis can remove it there; "
                            "its trail keeps where it was shared."), joined);

  narrowing = g_new0 (Narrowing, 1);
  narrowing->self = self;
  narrowing->entry = g_object_ref (self->current);
  narrowing->before = g_array_ref (self->known_audiences);
  narrowing->targets = g_array_ref (withdraw);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep It Shared"),
                                    "withdraw", _("_Take Down"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "withdraw");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (narrowing_response_cb), narrowing,
                         narrowing_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
switch_to (KennisWindow *self,
           KennisEntry  *entry)
{
  if (entry == self->current)
    return;

  leave_current (self);

  if (entry != NULL)
    {
      self->current = g_object_ref (entry);
      self->dirty_id = g_signal_connect_object (entry, "notify",
                                                G_CALLBACK (current_changed_cb), self,
                                                G_CONNECT_SWAPPED);
      self->audiences_id = g_signal_connect_object (entry, "notify::audiences",
                                                    G_CALLBACK (current_audiences_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  remember_audiences (self);

  kennis_editor_set_entry (self->editor, entry);
  kennis_audience_button_set_entry (self->audience_button, entry);
  update_entry_actions (self);
  select_current (self);
}

static void
update_list_title (KennisWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_autofree char *count = kennis_format_count (n);
  g_autofree char *subtitle = NULL;

  if (kennis_entry_list_get_truncated (self->entries))
    /* TRANSLATORS: %s is a number such as "1,024" */
    subtitle = g_strdup_printf (ngettext ("At least %s entry", "At least %s entries", n), count);
  else
    /* TRANSLATORS: %s is a number such as "1,024" */
    subtitle = g_strdup_printf (ngettext ("%s entry", "%s entries", n), count);

  adw_window_title_set_title (self->list_title, kennis_sidebar_get_title (self->sidebar));
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
update_empty_state (KennisWindow *self)
{
  const KennisQuery *query = kennis_entry_list_get_query (self->entries);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  gtk_widget_set_visible (GTK_WIDGET (self->truncated_label),
                          kennis_entry_list_get_truncated (self->entries));
  if (kennis_entry_list_get_truncated (self->entries))
    {
      g_autofree char *count = kennis_format_count (n);
      g_autofree char *text = g_strdup_printf (ngettext ("Showing the newest match. Add a word to narrow the search.",
                                                         "Showing the newest %s matches. Add a word to narrow the search.",
                                                         n), count);

      gtk_label_set_label (self->truncated_label, text);
    }

  if (n > 0 || kennis_entry_list_get_loading (self->entries))
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (kennis_query_has_text (query))
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try other or fewer words, or look in All Entries."));
    }
  else if (query->kind != KENNIS_QUERY_KIND_ANY || query->tag != NULL ||
           query->audience != KENNIS_QUERY_ANY_AUDIENCE)
    {
      adw_status_page_set_icon_name (self->empty_page, "folder-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Here Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Entries you write for this show up here."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "io.github.kennis.Kennis-symbolic");
      adw_status_page_set_title (self->empty_page, _("Your Notebook Is Empty"));
      adw_status_page_set_description (self->empty_page,
                                       _("Press Ctrl+N to write a note, or Ctrl+L to keep a link."));
    }

  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Runs before the selection model sees the change: a row that only moved
 * must not count as the user picking another entry. */
static void
entries_changing_cb (KennisWindow *self)
{
  self->list_changing = TRUE;
}

static void
entries_changed_cb (KennisWindow *self)
{
  self->list_changing = FALSE;

  update_list_title (self);
  update_empty_state (self);

  /* Show something useful: on start the newest entry, after a delete the
   * one that took its place. */
  if (self->current == NULL && !kennis_entry_list_get_loading (self->entries) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0 &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection,
                                       MIN (self->reselect_position,
                                            g_list_model_get_n_items (G_LIST_MODEL (self->entries)) - 1));

  select_current (self);
}

static void
selection_changed_cb (KennisWindow *self)
{
  KennisEntry *entry;

  if (self->selecting || self->list_changing)
    return;

  /* An entry that drops out of a filtered list stays in the editor. */
  entry = gtk_single_selection_get_selected_item (self->selection);
  if (entry != NULL)
    switch_to (self, entry);
}

static void
current_deleted_changed (KennisWindow *self)
{
  update_share_button (self);

  if (self->current != NULL && kennis_entry_get_deleted (self->current))
    switch_to (self, NULL);
}

static void
apply_query (KennisWindow *self)
{
  g_autoptr(KennisQuery) query = kennis_query_copy (kennis_sidebar_get_query (self->sidebar));

  kennis_query_set_text (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  kennis_entry_list_set_query (self->entries, query);
  update_list_title (self);
}

static void
sidebar_query_changed_cb (KennisWindow *self)
{
  apply_query (self);
}

static void
search_changed_cb (KennisWindow *self)
{
  apply_query (self);
}

static void
search_activated_cb (KennisWindow *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
search_stopped_cb (KennisWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
list_activated_cb (KennisWindow *self,
                   guint         position)
{
  kennis_editor_focus_body (self->editor);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  KennisWindow *self = data;
  KennisEntryRow *row = kennis_entry_row_new ();

  kennis_entry_row_set_marks (row, self->marks);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  KennisWindow *self = data;
  KennisEntryRow *row = KENNIS_ENTRY_ROW (gtk_list_item_get_child (item));

  kennis_entry_row_bind (row, kennis_sidebar_get_audiences (self->sidebar), gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  kennis_entry_row_bind (KENNIS_ENTRY_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static char *
default_language (KennisWindow *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "default-language");

  if (language[0] != '\0')
    return g_steal_pointer (&language);

  return kennis_format_default_language ();
}

static gboolean check_transfer_idle (KennisWindow *self);

static gboolean
add_entry (KennisWindow *self,
           KennisEntry  *entry)
{
  g_autofree char *language = default_language (self);
  g_autofree char *audience_name = g_settings_get_string (self->settings, "default-audience");
  g_autoptr(GError) error = NULL;

  if (!check_transfer_idle (self))
    return FALSE;

  if (*kennis_entry_get_language (entry) == '\0')
    kennis_entry_set_language (entry, language);
  if (audience_name[0] != '\0')
    {
      g_autoptr(KennisAudience) audience = kennis_store_find_audience (self->store, audience_name, NULL);

      if (audience != NULL)
        kennis_entry_toggle_audience (entry, kennis_audience_get_id (audience), TRUE);
    }

  if (!kennis_store_save_entry (self->store, entry, &error))
    {
      show_error (self, _("Could not create the entry"), error);
      return FALSE;
    }

  switch_to (self, entry);
  return TRUE;
}

/* An empty entry, for Ctrl+N and Ctrl+L, with the user's defaults. */
static KennisEntry *
create_entry (KennisWindow    *self,
              KennisEntryKind  kind)
{
  g_autoptr(KennisEntry) entry = kennis_entry_new (kind);

  if (!add_entry (self, entry))
    return NULL;
  self->fresh = entry;
  return g_steal_pointer (&entry);
}

static void
new_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  g_autoptr(KennisEntry) entry = create_entry (self, KENNIS_ENTRY_KIND_NOTE);

  if (entry != NULL)
    kennis_editor_focus_title (self->editor);
}

/* Capture: paste, drop, and `kennis --new-note/--new-link` */

/* Adding a page that is already in the notebook opens its entry. */
static gboolean
show_existing_link (KennisWindow *self,
                    const char   *url)
{
  g_autoptr(KennisEntry) existing = kennis_store_find_link (self->store, url, NULL);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (existing == NULL)
    return FALSE;

  switch_to (self, existing);
  title = kennis_entry_dup_display_title (existing);
  /* TRANSLATORS: %s is the title of an entry */
  text = g_strdup_printf (_("Already in your notebook: “%s”"), title);
  show_info (self, text);
  return TRUE;
}

static void
add_captured (KennisWindow *self,
              KennisEntry  *entry)
{
  if (kennis_entry_get_kind (entry) == KENNIS_ENTRY_KIND_LINK &&
      show_existing_link (self, kennis_entry_get_url (entry)))
    return;

  if (!add_entry (self, entry))
    return;
  if (kennis_link_filler_wants (self->filler, entry))
    kennis_link_filler_fill (self->filler, entry);
}

/**
 * kennis_window_capture_text:
 *
 * Makes a link of a web address, or a note of other text (its first line
 * the title), and shows it.
 */
void
kennis_window_capture_text (KennisWindow *self,
                            const char   *text)
{
  g_autoptr(KennisEntry) entry = NULL;

  g_return_if_fail (KENNIS_IS_WINDOW (self));

  entry = kennis_capture_entry_from_text (text);
  if (entry != NULL)
    {
      kennis_window_save_now (self);
      add_captured (self, entry);
    }
}

/**
 * kennis_window_capture_note:
 *
 * Makes a note of @text, even of a web address alone.
 */
void
kennis_window_capture_note (KennisWindow *self,
                            const char   *text)
{
  g_autoptr(KennisEntry) entry = NULL;

  g_return_if_fail (KENNIS_IS_WINDOW (self));

  entry = kennis_capture_note_from_text (text);
  if (entry != NULL)
    {
      kennis_window_save_now (self);
      add_captured (self, entry);
    }
}

static void
note_file_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(KennisWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autoptr(KennisEntry) entry = NULL;

  if (contents != NULL)
    entry = kennis_capture_note_from_file (name, contents, &error);
  if (entry == NULL)
    {
      show_error (self, _("Could not make a note of the file"), error);
      return;
    }
  kennis_window_save_now (self);
  add_captured (self, entry);
}

/**
 * kennis_window_capture_file:
 *
 * Makes a note of a Markdown or text file.
 */
void
kennis_window_capture_file (KennisWindow *self,
                            GFile        *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (KENNIS_IS_WINDOW (self));

  name = g_file_get_basename (file);
  if (!kennis_capture_is_note_file (name))
    {
      g_autofree char *text = g_strdup_printf (_("Only Markdown and text files become notes; "
                                                 "“%s” is neither. Use Import for bookmarks."), name);
      show_info (self, text);
      return;
    }
  g_file_load_bytes_async (file, NULL, note_file_loaded_cb, g_object_ref (self));
}

static gboolean
drop_cb (KennisWindow  *self,
         const GValue  *value,
         double         x,
         double         y)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        kennis_window_capture_file (self, l->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS_STRING (value))
    {
      kennis_window_capture_text (self, g_value_get_string (value));
      return TRUE;
    }
  return FALSE;
}

static void
paste_text_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(KennisWindow) self = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL)
    kennis_window_capture_text (self, text);
}

/* Ctrl+V where nothing takes text: the editor's fields handle their own
 * paste before the window sees the keys. */
static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_text_cb, g_object_ref (widget));
}

static gboolean
looks_like_web_address (const char *text)
{
  const char *scheme;

  if (text == NULL || strpbrk (text, " \t\r\n") != NULL)
    return FALSE;

  scheme = g_uri_peek_scheme (text);
  return (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0) &&
         g_uri_is_valid (text, G_URI_FLAGS_PARSE_RELAXED, NULL);
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KennisWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  KennisEntry *entry = self->fresh;

  if (text != NULL)
    g_strstrip (text);

  /* Only fill the new link, and only if the user has not started typing
   * into it. */
  if (!looks_like_web_address (text) || entry == NULL ||
      kennis_entry_get_kind (entry) != KENNIS_ENTRY_KIND_LINK || !entry_is_empty (entry))
    return;

  /* The page is in the notebook already: open that entry; leaving the
   * new one, still empty, drops it. */
  if (!show_existing_link (self, text))
    kennis_entry_set_url (entry, text);
}

static void
new_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  g_autoptr(KennisEntry) entry = create_entry (self, KENNIS_ENTRY_KIND_LINK);

  if (entry == NULL)
    return;

  kennis_editor_focus_url (self->editor);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 clipboard_text_cb, g_object_ref (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->current == NULL)
    return;

  kennis_window_save_now (self);
  entry = g_object_ref (self->current);
  self->reselect_position = kennis_entry_list_find (self->entries, kennis_entry_get_num (entry));
  if (self->reselect_position == G_MAXUINT)
    self->reselect_position = 0;
  if (!kennis_store_delete_entry (self->store, entry, &error))
    {
      show_error (self, _("Could not delete the entry"), error);
      return;
    }

  title = kennis_entry_dup_display_title (entry);
  /* TRANSLATORS: %s is the title of the entry that was deleted */
  {
    g_autofree char *text = g_strdup_printf (_("“%s” deleted"), title);

    toast = toast_new (text);
  }
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (kennis_entry_get_id (entry)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = kennis_store_get_entry (self->store, g_variant_get_string (parameter, NULL), &error);
  if (entry == NULL || !kennis_store_undelete_entry (self->store, entry, &error))
    {
      show_error (self, _("Could not bring the entry back"), error);
      return;
    }

  switch_to (self, entry);
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  KennisShareWindow *share;

  if (self->current == NULL || self->sharing == NULL)
    return;

  kennis_editor_flush (self->editor);
  kennis_window_save_now (self);
  share = kennis_share_window_new (GTK_WINDOW (self), self->sharing, self->current,
                                   kennis_sidebar_get_audiences (self->sidebar));
  gtk_window_present (GTK_WINDOW (share));
}

/* Sharing runs in the background; its outcome is told in a toast. */
static void
job_done_cb (KennisWindow *self,
             const char   *entry_id,
             const char   *target_name,
             int           action,
             const char   *error_message)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (target_name == NULL)
    text = g_strdup (error_message);
  else if (error_message != NULL)
    /* TRANSLATORS: the name of a place to share to, then what went wrong */
    text = g_strdup_printf (_("Could not share to %s: %s"), target_name, error_message);
  else if (action == KENNIS_OUTBOX_UNSHARE)
    /* TRANSLATORS: %s is the name of a place to share to */
    text = g_strdup_printf (_("Withdrawn from %s"), target_name);
  else
    /* TRANSLATORS: %s is the name of a place to share to */
    text = g_strdup_printf (_("Shared to %s"), target_name);

  if (text == NULL)
    return;

  if (error_message == NULL)
    {
      show_info (self, text);
      return;
    }

  toast = toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
focus_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (KENNIS_WINDOW (widget)->list_view));
}

static void
focus_editor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);

  if (self->current != NULL)
    kennis_editor_focus_body (self->editor);
}

static void
audience_menu_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);

  if (self->current != NULL)
    kennis_audience_button_popup (self->audience_button);
}

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KennisWindow     *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;

  self->closing_anyway = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing with text that could not be written is the user's call, never
 * a silent loss. */
static void
ask_about_unsaved (KennisWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Some Changes Are Not Saved Yet"),
                                                       _("Kennis cannot write to your notebook right now and keeps "
                                                         "trying. If you close now, the latest changes are lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Open"),
                                    "close", _("_Close Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unsaved_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
kennis_window_close_request (GtkWindow *window)
{
  KennisWindow *self = KENNIS_WINDOW (window);
  int width, height;

  if (self->current != NULL)
    {
      kennis_editor_flush (self->editor);
      kennis_window_save_now (self);
    }
  if (!save_unsaved (self) && !self->closing_anyway)
    {
      ask_about_unsaved (self);
      return TRUE;
    }

  leave_current (self);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (kennis_window_parent_class)->close_request (window);
}

static void
active_changed_cb (KennisWindow *self)
{
  /* Leaving the window is a natural moment to put the text on disk. */
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    kennis_window_save_now (self);
}

static void
kennis_window_constructed (GObject *object)
{
  KennisWindow *self = (KennisWindow *)object;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *list_keys;

  G_OBJECT_CLASS (kennis_window_parent_class)->constructed (object);

  kennis_store_watch (self->store, 500);
  if (self->sharing != NULL)
    g_signal_connect_object (self->sharing, "job-done", G_CALLBACK (job_done_cb), self, G_CONNECT_SWAPPED);
  kennis_store_set_busy_timeout (self->store, WRITE_WAIT_MS);
  kennis_sidebar_set_store (self->sidebar, self->store);
  kennis_transfer_bar_set_store (self->transfer_bar, self->store);
  kennis_editor_set_store (self->editor, self->store);
  self->filler = kennis_link_filler_new (self->store);
  kennis_editor_set_link_filler (self->editor, self->filler);
  kennis_audience_button_set_audiences (self->audience_button, kennis_sidebar_get_audiences (self->sidebar));

  self->marks = kennis_share_marks_new (self->store, self->sharing);
  self->entries = kennis_entry_list_new (self->store);
  g_signal_connect_object (self->entries, "items-changed",
                           G_CALLBACK (entries_changing_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entries, "items-changed",
                           G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->entries, "notify::loading",
                           G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (current_deleted_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activated_cb), self, G_CONNECT_SWAPPED);

  /* Delete without Ctrl only where it cannot mean deleting text. */
  list_keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (list_keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), list_keys);

  apply_query (self);
  update_entry_actions (self);
}

static void
kennis_window_dispose (GObject *object)
{
  KennisWindow *self = (KennisWindow *)object;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->url_check_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->unsaved, g_ptr_array_unref);
  if (self->current != NULL)
    {
      g_clear_signal_handler (&self->dirty_id, self->current);
      g_clear_signal_handler (&self->audiences_id, self->current);
    }
  g_clear_object (&self->current);
  g_clear_pointer (&self->known_audiences, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->entries);
  g_clear_object (&self->marks);
  g_clear_object (&self->filler);
  g_clear_object (&self->settings);
  if (self->store != NULL)
    kennis_store_watch (self->store, 0);
  g_clear_object (&self->sharing);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kennis_window_parent_class)->dispose (object);
}

static void
kennis_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KennisWindow *self = KENNIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SHARING:
      g_value_set_object (value, self->sharing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KennisWindow *self = KENNIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SHARING:
      self->sharing = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Import and export */

static gboolean
check_transfer_idle (KennisWindow *self)
{
  if (!kennis_transfer_bar_get_busy (self->transfer_bar))
    return TRUE;

  show_info (self, _("Wait until the import or export that is running has finished."));
  return FALSE;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);

  if (check_transfer_idle (self))
    kennis_transfer_bar_choose_import (self->transfer_bar, g_str_equal (action_name, "win.import-folder"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KennisWindow *self = KENNIS_WINDOW (widget);
  KennisTransferFormat format;

  if (!kennis_transfer_format_from_string (g_variant_get_string (parameter, NULL), &format))
    g_return_if_reached ();
  if (check_transfer_idle (self))
    {
      /* What is being typed belongs in the copy. */
      kennis_window_save_now (self);
      kennis_transfer_bar_choose_export (self->transfer_bar, format);
    }
}

static void
transfer_finished_cb (KennisWindow *self,
                      gboolean      ok,
                      const char   *title,
                      const char   *message)
{
  GtkWidget *dialog;

  kennis_window_save_now (self);
  if (ok)
    {
      show_info (self, message);
      return;
    }

  /* The message names the file and often the line: it must stay readable
   * until the user has read it, which a toast does not promise. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), title, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kennis_window_class_init (KennisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kennis_window_constructed;
  object_class->dispose = kennis_window_dispose;
  object_class->get_property = kennis_window_get_property;
  object_class->set_property = kennis_window_set_property;
  window_class->close_request = kennis_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KENNIS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARING] =
    g_param_spec_object ("sharing", NULL, NULL, KENNIS_TYPE_SHARING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KENNIS_TYPE_SIDEBAR);
  g_type_ensure (KENNIS_TYPE_EDITOR);
  g_type_ensure (KENNIS_TYPE_AUDIENCE_BUTTON);
  g_type_ensure (KENNIS_TYPE_TRANSFER_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, transfer_bar);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, truncated_label);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, audience_button);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, share_button);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, share_content);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, entry_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, KennisWindow, editor);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, transfer_finished_cb);

  gtk_widget_class_install_action (widget_class, "win.new-note", NULL, new_note_action);
  gtk_widget_class_install_action (widget_class, "win.new-link", NULL, new_link_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.focus-list", NULL, focus_list_action);
  gtk_widget_class_install_action (widget_class, "win.focus-editor", NULL, focus_editor_action);
  gtk_widget_class_install_action (widget_class, "win.audience-menu", NULL, audience_menu_action);
  gtk_widget_class_install_action (widget_class, "win.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.new-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.focus-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.focus-editor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "win.audience-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.share", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
}

static void
kennis_window_init (KennisWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->unsaved = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "sidebar-position", self->outer_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "list-position", self->inner_paned, "position", G_SETTINGS_BIND_DEFAULT);

  /* Text and files dropped anywhere but on a field that takes them
   * become entries. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_STRING }, 2);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
}

KennisWindow *
kennis_window_new (GtkApplication *application,
                   KennisStore    *store,
                   KennisSharing  *sharing)
{
  return g_object_new (KENNIS_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "sharing", sharing,
                       NULL);
}

KennisStore *
kennis_window_get_store (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->store;
}

/**
 * kennis_window_get_current_entry:
 *
 * Returns: (transfer none) (nullable): the entry in the editor
 */
KennisEntry *
kennis_window_get_current_entry (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->current;
}

KennisSharing *
kennis_window_get_sharing (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->sharing;
}

/**
 * kennis_window_get_share_marks:
 *
 * Returns: (transfer none): what the list shows of each entry's share state
 */
KennisShareMarks *
kennis_window_get_share_marks (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->marks;
}

KennisEditor *
kennis_window_get_editor (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->editor;
}

/**
 * kennis_window_get_entries:
 *
 * Returns: (transfer none): the entries the list shows
 */
GListModel *
kennis_window_get_entries (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->entries);
}

GtkEditable *
kennis_window_get_search_entry (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkWidget *
kennis_window_get_audience_button (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->audience_button);
}

/**
 * kennis_window_save_now:
 *
 * Writes the entry in the editor if it has unsaved changes.
 *
 * Returns: %FALSE if saving failed; the user was told, and it is retried
 */
gboolean
kennis_window_save_now (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->current == NULL)
    return TRUE;

  return save_entry (self, self->current);
}

void
kennis_window_show_entry (KennisWindow *self,
                          KennisEntry  *entry)
{
  g_return_if_fail (KENNIS_IS_WINDOW (self));

  switch_to (self, entry);
}

/**
 * kennis_window_tell:
 * @message: something the user should know, in a sentence
 *
 * Shows @message in a toast that stays until it is dismissed.
 */
/**
 * kennis_window_get_notice:
 *
 * Returns: (nullable): the passing notice shown now, as markup
 */
const char *
kennis_window_get_notice (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->info_toast != NULL ? adw_toast_get_title (self->info_toast) : NULL;
}

void
kennis_window_tell (KennisWindow *self,
                    const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (KENNIS_IS_WINDOW (self));

  toast = toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

KennisTransferBar *
kennis_window_get_transfer_bar (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->transfer_bar;
}

KennisLinkFiller *
kennis_window_get_link_filler (KennisWindow *self)
{
  g_return_val_if_fail (KENNIS_IS_WINDOW (self), NULL);
  return self->filler;
}
