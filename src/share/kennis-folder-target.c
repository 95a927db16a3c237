/* kennis-folder-target.c — a folder that holds a small static blog with feeds
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kennis-feed-writer.h"
#include "kennis-folder-target.h"
#include "kennis-site-writer.h"

struct _KennisFolderTarget
{
  KennisTarget      parent_instance;
  KennisSiteConfig *site;
};

G_DEFINE_FINAL_TYPE (KennisFolderTarget, kennis_folder_target, KENNIS_TYPE_TARGET)

typedef struct
{
  KennisSiteConfig   *site;
  KennisShareRequest *request;
} Work;

static void
work_free (Work *work)
{
  kennis_site_config_free (work->site);
  kennis_share_request_free (work->request);
  g_free (work);
}

static Work *
work_new (KennisFolderTarget *self,
          KennisShareRequest *request)
{
  Work *work = g_new0 (Work, 1);

  work->site = kennis_site_config_copy (self->site);
  work->request = request;
  return work;
}

static char *
page_path (const KennisPost *post)
{
  return g_strconcat ("posts/", post->slug, ".html", NULL);
}

/* Where a reader finds the page: on the web when the site has a base URL,
 * else the file itself, so "Open" works on this computer. */
static char *
page_url (const KennisSiteConfig *site,
          const KennisPost       *post)
{
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;

  if (site->base_url != NULL && site->base_url[0] != '\0')
    return kennis_feed_post_url (site, post);

  name = g_strconcat (post->slug, ".html", NULL);
  file = g_build_filename (site->folder, "posts", name, NULL);
  return g_filename_to_uri (file, NULL, NULL);
}

static gboolean
ensure_folder (const KennisSiteConfig  *site,
               GError                 **error)
{
  if (g_mkdir_with_parents (site->folder, 0755) == 0)
    return TRUE;

  {
    int saved_errno = errno;

    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 /* TRANSLATORS: %s is a folder, then the reason */
                 _("Cannot create the folder “%s”: %s"), site->folder, g_strerror (saved_errno));
  }
  return FALSE;
}

static void
publish_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  KennisShareRequest *request = work->request;
  GError *error = NULL;
  KennisShareResult *result;

  if (!ensure_folder (work->site, &error) ||
      !kennis_site_write_post (work->site, request->site_posts, request->post,
                               (const char * const *)request->old_tags, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (KennisShareResult, 1);
  result->remote_id = page_path (request->post);
  result->url = page_url (work->site, request->post);
  g_task_return_pointer (task, result, (GDestroyNotify)kennis_share_result_free);
}

static void
kennis_folder_target_publish_async (KennisTarget        *target,
                                    KennisShareRequest  *request,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  KennisFolderTarget *self = KENNIS_FOLDER_TARGET (target);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_folder_target_publish_async);
  if (request->site_posts == NULL)
    {
      request->site_posts = g_ptr_array_new_with_free_func ((GDestroyNotify)kennis_post_free);
      g_ptr_array_add (request->site_posts, kennis_post_copy (request->post));
    }
  g_task_set_task_data (task, work_new (self, request), (GDestroyNotify)work_free);
  g_task_run_in_thread (task, publish_thread);
}

static void
withdraw_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Work *work = task_data;
  KennisShareRequest *request = work->request;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GError *error = NULL;

  /* Nothing to take down where nothing was ever written. */
  if (!g_file_test (work->site->folder, G_FILE_TEST_IS_DIR))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!kennis_site_remove_post (work->site, request->site_posts ? request->site_posts : empty,
                                request->post, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
kennis_folder_target_withdraw_async (KennisTarget        *target,
                                     KennisShareRequest  *request,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  KennisFolderTarget *self = KENNIS_FOLDER_TARGET (target);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_folder_target_withdraw_async);
  g_task_set_task_data (task, work_new (self, request), (GDestroyNotify)work_free);
  g_task_run_in_thread (task, withdraw_thread);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KennisSiteConfig *site = task_data;
  g_autofree char *probe = g_build_filename (site->folder, ".kennis-check", NULL);
  GError *error = NULL;

  if (!ensure_folder (site, &error) ||
      !g_file_set_contents (probe, "", 0, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_remove (probe);

  g_task_return_pointer (task,
                         /* TRANSLATORS: %s is a folder */
                         g_strdup_printf (_("Kennis can write the site into “%s”."), site->folder),
                         g_free);
}

static void
kennis_folder_target_check_async (KennisTarget        *target,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  KennisFolderTarget *self = KENNIS_FOLDER_TARGET (target);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_folder_target_check_async);
  g_task_set_task_data (task, kennis_site_config_copy (self->site), (GDestroyNotify)kennis_site_config_free);
  g_task_run_in_thread (task, check_thread);
}

static void
kennis_folder_target_finalize (GObject *object)
{
  KennisFolderTarget *self = (KennisFolderTarget *)object;

  g_clear_pointer (&self->site, kennis_site_config_free);

  G_OBJECT_CLASS (kennis_folder_target_parent_class)->finalize (object);
}

static void
kennis_folder_target_class_init (KennisFolderTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KennisTargetClass *target_class = KENNIS_TARGET_CLASS (klass);

  object_class->finalize = kennis_folder_target_finalize;
  target_class->publish_async = kennis_folder_target_publish_async;
  target_class->withdraw_async = kennis_folder_target_withdraw_async;
  target_class->check_async = kennis_folder_target_check_async;
  target_class->needs_site_posts = TRUE;
}

static void
kennis_folder_target_init (KennisFolderTarget *self)
{
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  if (object == NULL || !json_object_has_member (object, name) ||
      JSON_NODE_TYPE (json_object_get_member (object, name)) != JSON_NODE_VALUE)
    return g_strdup ("");

  return g_strdup (json_object_get_string_member_with_default (object, name, ""));
}

/**
 * kennis_folder_target_new:
 * @config: JSON with "folder", "title", "author", "base_url", "language"
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the folder is missing or relative
 */
KennisFolderTarget *
kennis_folder_target_new (gint64       id,
                          const char  *name,
                          const char  *config,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  JsonObject *object = NULL;
  KennisFolderTarget *self;

  if (config != NULL && json_parser_load_from_data (parser, config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  g_free (site->folder);
  site->folder = dup_member (object, "folder");
  g_free (site->title);
  site->title = dup_member (object, "title");
  g_free (site->author);
  site->author = dup_member (object, "author");
  g_free (site->base_url);
  site->base_url = dup_member (object, "base_url");
  g_free (site->language);
  site->language = dup_member (object, "language");

  if (site->folder[0] == '\0' || !g_path_is_absolute (site->folder))
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the name of a place to share to */
                   _("“%s” needs a folder to write its site into."), name);
      return NULL;
    }
  if (site->title[0] == '\0')
    {
      g_free (site->title);
      site->title = g_strdup (name);
    }

  self = g_object_new (KENNIS_TYPE_FOLDER_TARGET, "id", id, "name", name, NULL);
  self->site = g_steal_pointer (&site);
  return self;
}

const KennisSiteConfig *
kennis_folder_target_get_site (KennisFolderTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_FOLDER_TARGET (self), NULL);
  return self->site;
}

/**
 * kennis_folder_target_config_to_json:
 *
 * Returns: (transfer full): the settings as the notebook stores them
 */
char *
kennis_folder_target_config_to_json (const KennisSiteConfig *site)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *names[] = { "folder", "title", "author", "base_url", "language" };
  const char *values[] = { site->folder, site->title, site->author, site->base_url, site->language };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, values[i] ? values[i] : "");
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
