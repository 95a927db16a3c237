/* kennis-entry-list.c — the entries of one query, as a GListModel of ids
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-store.h"
#include "kennis-weak-ref.h"

/* Entries are read a page at a time as the view asks for them, and at most
 * CACHE_MAX are kept; the model itself holds only numbers. */
#define PAGE_SIZE     64
#define CACHE_MAX     1024
#define SEARCH_MAX    20000

struct _KennisEntryList
{
  GObject       parent_instance;

  KennisStore  *store;
  KennisQuery  *query;
  GArray       *nums;
  GHashTable   *cache;   /* num → KennisEntry */
  GCancellable *cancellable;
  gulong        changed_id;
  guint         loading : 1;
  guint         search_limit;
  guint         more_id;
  guint         truncated : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KennisEntryList, kennis_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KennisEntryList *self,
             gboolean         loading)
{
  if (self->loading != !!loading)
    {
      self->loading = !!loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static guint
query_limit (KennisEntryList *self)
{
  return kennis_query_has_text (self->query) ? self->search_limit : 0;
}

/* Tells the view exactly which stretch changed, so the selected row and the
 * scroll position survive an autosave that moves one entry to the top. */
static void
apply_nums (KennisEntryList *self,
            GArray          *nums)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->nums);
  const gint64 *a = (const gint64 *)(gpointer)old->data;
  const gint64 *b = (const gint64 *)(gpointer)nums->data;
  guint prefix = 0;
  guint suffix = 0;
  gboolean truncated;

  self->nums = g_array_ref (nums);

  while (prefix < old->len && prefix < nums->len && a[prefix] == b[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < nums->len - prefix &&
         a[old->len - 1 - suffix] == b[nums->len - 1 - suffix])
    suffix++;

  if (old->len - prefix - suffix > 0 || nums->len - prefix - suffix > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                  old->len - prefix - suffix,
                                  nums->len - prefix - suffix);
      if (old->len != nums->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  truncated = query_limit (self) > 0 && nums->len >= query_limit (self);
  if (self->truncated != truncated)
    {
      self->truncated = truncated;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUNCATED]);
    }
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KennisEntryList) self = kennis_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) nums = NULL;

  nums = kennis_store_query_finish (KENNIS_STORE (object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer query is under way; its answer is the one to show. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  if (nums == NULL)
    {
      g_warning ("Could not read the list of entries: %s", error->message);
      nums = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  apply_nums (self, nums);
  set_loading (self, FALSE);
}

static void
store_changed_cb (KennisEntryList *self,
                  guint            what)
{
  kennis_entry_list_reload (self);
}

static void
load_page (KennisEntryList *self,
           guint            position)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint start = position - position % PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->nums->len - start);

  if (g_hash_table_size (self->cache) + n > CACHE_MAX)
    g_hash_table_remove_all (self->cache);

  entries = kennis_store_get_entries (self->store, &g_array_index (self->nums, gint64, start), n, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read entries: %s", error->message);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      KennisEntry *entry = g_ptr_array_index (entries, i);
      gint64 *key = g_new (gint64, 1);

      *key = kennis_entry_get_num (entry);
      g_hash_table_insert (self->cache, key, g_object_ref (entry));
    }
}

static gboolean
load_more_cb (gpointer data)
{
  KennisEntryList *self = data;

  self->more_id = 0;
  self->search_limit = MIN (self->search_limit * 2, SEARCH_MAX);
  kennis_entry_list_reload (self);
  return G_SOURCE_REMOVE;
}

static GType
kennis_entry_list_get_item_type (GListModel *model)
{
  return KENNIS_TYPE_ENTRY;
}

static guint
kennis_entry_list_get_n_items (GListModel *model)
{
  return KENNIS_ENTRY_LIST (model)->nums->len;
}

static gpointer
kennis_entry_list_get_item (GListModel *model,
                            guint       position)
{
  KennisEntryList *self = KENNIS_ENTRY_LIST (model);
  KennisEntry *entry;
  gint64 num;

  if (position >= self->nums->len)
    return NULL;

  /* Scrolling near the end of a cut-off search asks for more of it. */
  if (self->truncated && !self->loading && self->more_id == 0 &&
      position + PAGE_SIZE >= self->nums->len && self->search_limit < SEARCH_MAX)
    self->more_id = g_idle_add (load_more_cb, self);

  num = g_array_index (self->nums, gint64, position);
  entry = g_hash_table_lookup (self->cache, &num);
  if (entry == NULL)
    {
      load_page (self, position);
      entry = g_hash_table_lookup (self->cache, &num);
    }

  /* Deleted by another process since the query ran: show a placeholder
   * rather than break the model's promise of an item. */
  if (entry == NULL)
    return kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  return g_object_ref (entry);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kennis_entry_list_get_item_type;
  iface->get_n_items = kennis_entry_list_get_n_items;
  iface->get_item = kennis_entry_list_get_item;
}

static void
kennis_entry_list_dispose (GObject *object)
{
  KennisEntryList *self = (KennisEntryList *)object;

  g_clear_handle_id (&self->more_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (kennis_entry_list_parent_class)->dispose (object);
}

static void
kennis_entry_list_finalize (GObject *object)
{
  KennisEntryList *self = (KennisEntryList *)object;

  g_clear_pointer (&self->query, kennis_query_free);
  g_clear_pointer (&self->nums, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (kennis_entry_list_parent_class)->finalize (object);
}

static void
kennis_entry_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KennisEntryList *self = KENNIS_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->nums->len);
      break;
    case PROP_TRUNCATED:
      g_value_set_boolean (value, self->truncated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_entry_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KennisEntryList *self = KENNIS_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_entry_list_constructed (GObject *object)
{
  KennisEntryList *self = (KennisEntryList *)object;

  G_OBJECT_CLASS (kennis_entry_list_parent_class)->constructed (object);

  self->changed_id = g_signal_connect_object (self->store, "changed",
                                              G_CALLBACK (store_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static void
kennis_entry_list_class_init (KennisEntryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kennis_entry_list_constructed;
  object_class->dispose = kennis_entry_list_dispose;
  object_class->finalize = kennis_entry_list_finalize;
  object_class->get_property = kennis_entry_list_get_property;
  object_class->set_property = kennis_entry_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KENNIS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUNCATED] =
    g_param_spec_boolean ("truncated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kennis_entry_list_init (KennisEntryList *self)
{
  self->query = kennis_query_new ();
  self->search_limit = KENNIS_ENTRY_LIST_SEARCH_PAGE;
  self->nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/**
 * kennis_entry_list_new:
 *
 * Returns: (transfer full): an empty list; set a query to fill it
 */
KennisEntryList *
kennis_entry_list_new (KennisStore *store)
{
  g_return_val_if_fail (KENNIS_IS_STORE (store), NULL);

  return g_object_new (KENNIS_TYPE_ENTRY_LIST, "store", store, NULL);
}

KennisStore *
kennis_entry_list_get_store (KennisEntryList *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), NULL);
  return self->store;
}

const KennisQuery *
kennis_entry_list_get_query (KennisEntryList *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), NULL);
  return self->query;
}

void
kennis_entry_list_set_query (KennisEntryList   *self,
                             const KennisQuery *query)
{
  g_return_if_fail (KENNIS_IS_ENTRY_LIST (self));
  g_return_if_fail (query != NULL);

  if (kennis_query_equal (self->query, query) && !self->loading && self->nums->len > 0)
    return;

  kennis_query_free (self->query);
  self->query = kennis_query_copy (query);
  self->search_limit = KENNIS_ENTRY_LIST_SEARCH_PAGE;
  kennis_entry_list_reload (self);
}

gboolean
kennis_entry_list_get_loading (KennisEntryList *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), FALSE);
  return self->loading;
}

/**
 * kennis_entry_list_get_truncated:
 *
 * Returns: %TRUE when a search matched more entries than the list shows
 */
gboolean
kennis_entry_list_get_truncated (KennisEntryList *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), FALSE);
  return self->truncated;
}

/**
 * kennis_entry_list_reload:
 *
 * Runs the query again off the main thread; the list changes when the
 * answer arrives.
 */
void
kennis_entry_list_reload (KennisEntryList *self)
{
  g_return_if_fail (KENNIS_IS_ENTRY_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  kennis_store_query_async (self->store, self->query, query_limit (self),
                            self->cancellable, query_done_cb, kennis_weak_ref_new (self));
}

/**
 * kennis_entry_list_find:
 *
 * Returns: the position of entry @num, or %GTK_INVALID_LIST_POSITION's
 *   value (G_MAXUINT) when it is not in the list
 */
guint
kennis_entry_list_find (KennisEntryList *self,
                        gint64           num)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->nums->len; i++)
    if (g_array_index (self->nums, gint64, i) == num)
      return i;

  return G_MAXUINT;
}

guint
kennis_entry_list_get_n_cached (KennisEntryList *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY_LIST (self), 0);
  return g_hash_table_size (self->cache);
}
