/* kennis-sidebar.c — All, Notes, Links, each audience and each tag, with counts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience.h"
#include "kennis-format.h"
#include "kennis-sidebar.h"
#include "kennis-summary.h"
#include "kennis-tag.h"
#include "kennis-weak-ref.h"

/* Counting waits for a burst of changes (an autosave per second while
 * typing) to settle. */
#define REFRESH_DELAY_MS 300

struct _KennisSidebar
{
  GtkWidget     parent_instance;

  KennisStore  *store;
  GListStore   *audiences;
  KennisQuery  *query;
  char         *selected_key;
  char         *title;
  GCancellable *cancellable;
  guint         refresh_id;
  gboolean      rebuilding;
  gboolean      loading;

  GtkListBox   *list_box;
};

G_DEFINE_FINAL_TYPE (KennisSidebar, kennis_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUERY,
  PROP_TITLE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_heading (KennisSidebar *self,
             const char    *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (row, "sidebar-heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_append (self->list_box, row);
}

static void
add_row (KennisSidebar *self,
         const char    *key,
         const char    *icon_name,
         const char    *title,
         guint          count)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (title);
  g_autofree char *number = kennis_format_count (count);
  GtkWidget *count_label = gtk_label_new (number);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "sidebar-count");
  gtk_box_append (GTK_BOX (box), count_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (row), "title", g_strdup (title), g_free);
  gtk_list_box_append (self->list_box, row);
}

static void
set_query_from_key (KennisSidebar *self,
                    const char    *key,
                    const char    *title)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();

  if (g_strcmp0 (key, "notes") == 0)
    query->kind = KENNIS_QUERY_KIND_NOTE;
  else if (g_strcmp0 (key, "links") == 0)
    query->kind = KENNIS_QUERY_KIND_LINK;
  else if (g_strcmp0 (key, "private") == 0)
    query->audience = KENNIS_QUERY_PRIVATE;
  else if (g_str_has_prefix (key, "audience:"))
    query->audience = g_ascii_strtoll (key + strlen ("audience:"), NULL, 10);
  else if (g_str_has_prefix (key, "tag:"))
    kennis_query_set_tag (query, key + strlen ("tag:"));

  g_free (self->selected_key);
  self->selected_key = g_strdup (key);

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }

  if (!kennis_query_equal (self->query, query))
    {
      kennis_query_free (self->query);
      self->query = g_steal_pointer (&query);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
    }
}

static void
rebuild (KennisSidebar *self,
         KennisSummary *summary)
{
  GtkWidget *child;
  guint n_audiences = g_list_model_get_n_items (summary->audiences);
  guint n_tags = g_list_model_get_n_items (summary->tags);
  g_autofree char *wanted = g_strdup (self->selected_key);

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  add_row (self, "all", "view-list-symbolic", _("All Entries"), summary->n_all);
  add_row (self, "notes", "text-x-generic-symbolic", _("Notes"), summary->n_notes);
  add_row (self, "links", "insert-link-symbolic", _("Links"), summary->n_links);

  add_heading (self, _("Who It Is For"));
  add_row (self, "private", "changes-prevent-symbolic", _("Only me"), summary->n_private);
  for (guint i = 0; i < n_audiences; i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (summary->audiences, i);
      g_autofree char *key = g_strdup_printf ("audience:%" G_GINT64_FORMAT, kennis_audience_get_id (audience));

      add_row (self, key, kennis_audience_get_icon_name (audience),
               kennis_audience_get_name (audience), kennis_audience_get_n_entries (audience));
    }

  if (n_tags > 0)
    add_heading (self, _("Topics"));
  for (guint i = 0; i < n_tags; i++)
    {
      g_autoptr(KennisTag) tag = g_list_model_get_item (summary->tags, i);
      g_autofree char *key = g_strdup_printf ("tag:%s", kennis_tag_get_name (tag));

      add_row (self, key, "kennis-tag-symbolic", kennis_tag_get_name (tag), kennis_tag_get_n_entries (tag));
    }
  self->rebuilding = FALSE;

  /* Keep the user's filter; when it vanished (last entry of a tag deleted),
   * fall back to All. */
  if (!kennis_sidebar_select (self, wanted))
    kennis_sidebar_select (self, "all");
}

static void
set_loading (KennisSidebar *self,
             gboolean       loading)
{
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
summary_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KennisSidebar) self = kennis_weak_ref_steal (user_data);
  g_autoptr(KennisSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audiences = g_ptr_array_new_with_free_func (g_object_unref);

  summary = kennis_summary_read_finish (KENNIS_STORE (object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  if (summary == NULL)
    {
      g_warning ("Could not count entries: %s", error->message);
      set_loading (self, FALSE);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (summary->audiences); i++)
    g_ptr_array_add (audiences, g_list_model_get_item (summary->audiences, i));
  g_list_store_splice (self->audiences, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audiences)),
                       audiences->pdata, audiences->len);

  rebuild (self, summary);
  set_loading (self, FALSE);
}

static void
refresh (KennisSidebar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  kennis_summary_read_async (self->store, self->cancellable, summary_read_cb, kennis_weak_ref_new (self));
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  KennisSidebar *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (KennisSidebar *self,
                  guint          what)
{
  if (!(what & KENNIS_STORE_CHANGE_COUNTS))
    return;

  set_loading (self, TRUE);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
row_selected_cb (KennisSidebar *self,
                 GtkListBoxRow *row)
{
  if (row == NULL || self->rebuilding)
    return;

  set_query_from_key (self,
                      g_object_get_data (G_OBJECT (row), "key"),
                      g_object_get_data (G_OBJECT (row), "title"));
}

static void
kennis_sidebar_dispose (GObject *object)
{
  KennisSidebar *self = (KennisSidebar *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->audiences);

  gtk_widget_dispose_template (GTK_WIDGET (self), KENNIS_TYPE_SIDEBAR);
  /* Unnamed template children are not disposed by GTK; the widget owns them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kennis_sidebar_parent_class)->dispose (object);
}

static void
kennis_sidebar_finalize (GObject *object)
{
  KennisSidebar *self = (KennisSidebar *)object;

  g_clear_pointer (&self->query, kennis_query_free);
  g_clear_pointer (&self->selected_key, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (kennis_sidebar_parent_class)->finalize (object);
}

static void
kennis_sidebar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KennisSidebar *self = KENNIS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_sidebar_class_init (KennisSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_sidebar_dispose;
  object_class->finalize = kennis_sidebar_finalize;
  object_class->get_property = kennis_sidebar_get_property;

  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, KENNIS_TYPE_QUERY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/kennis-sidebar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KennisSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
kennis_sidebar_init (KennisSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = kennis_query_new ();
  self->selected_key = g_strdup ("all");
  self->title = g_strdup (_("All Entries"));
  self->audiences = g_list_store_new (KENNIS_TYPE_AUDIENCE);
}

void
kennis_sidebar_set_store (KennisSidebar *self,
                          KennisStore   *store)
{
  g_return_if_fail (KENNIS_IS_SIDEBAR (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store == NULL)
    return;

  g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  refresh (self);
}

const KennisQuery *
kennis_sidebar_get_query (KennisSidebar *self)
{
  g_return_val_if_fail (KENNIS_IS_SIDEBAR (self), NULL);
  return self->query;
}

const char *
kennis_sidebar_get_title (KennisSidebar *self)
{
  g_return_val_if_fail (KENNIS_IS_SIDEBAR (self), NULL);
  return self->title;
}

/**
 * kennis_sidebar_get_audiences:
 *
 * Returns: (transfer none): every #KennisAudience; the same list object
 *   stays current as audiences change
 */
GListModel *
kennis_sidebar_get_audiences (KennisSidebar *self)
{
  g_return_val_if_fail (KENNIS_IS_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->audiences);
}

/**
 * kennis_sidebar_select:
 * @key: "all", "notes", "links", "private", "audience:ID" or "tag:NAME"
 *
 * Returns: %TRUE if there is such a row
 */
gboolean
kennis_sidebar_select (KennisSidebar *self,
                       const char    *key)
{
  GtkWidget *child;

  g_return_val_if_fail (KENNIS_IS_SIDEBAR (self), FALSE);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "key"), key) == 0)
      {
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
        set_query_from_key (self, key, g_object_get_data (G_OBJECT (child), "title"));
        return TRUE;
      }

  return FALSE;
}

gboolean
kennis_sidebar_get_loading (KennisSidebar *self)
{
  g_return_val_if_fail (KENNIS_IS_SIDEBAR (self), FALSE);
  return self->loading;
}
