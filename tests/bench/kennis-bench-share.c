/* kennis-bench-share.c — the window's main loop while 50 entries are
 * published to a WordPress: its longest stall must stay under a frame
 * (16 ms), so typing stays smooth
 *
 * The WordPress is an in-process SoupServer on 127.0.0.1 answering from a
 * thread of its own (as a real server would, elsewhere), with a few
 * milliseconds of work per request.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-entry.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

#define N_ENTRIES 50
#define TICK_MS   5

typedef struct
{
  char         *site;
  GMainContext *context;
  GMainLoop    *loop;
  guint         next_id;
} Server;

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  Server *server = data;
  const char *method = soup_server_message_get_method (message);
  g_autofree char *reply = NULL;

  g_usleep (3000);
  if (g_str_equal (path, "/"))
    {
      g_autofree char *link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", server->site);

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Link", link);
      reply = g_strdup ("<html></html>");
    }
  else if (g_str_has_prefix (path, "/wp-json/wp/v2/tags"))
    reply = g_strdup (g_str_equal (method, "GET") ? "[]" : "{\"id\": 3}");
  else if (g_str_equal (method, "GET"))
    reply = g_strdup ("[]");
  else
    {
      guint id = ++server->next_id;

      reply = g_strdup_printf ("{\"id\": %u, \"link\": \"%s?p=%u\"}", id, server->site, id);
    }

  soup_server_message_set_status (message, g_str_equal (method, "POST") ? 201 : 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, reply, strlen (reply));
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;

  g_main_context_push_thread_default (server->context);
  g_main_loop_run (server->loop);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

typedef struct
{
  gint64 last_tick;
  gint64 longest;
  guint  done;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *watch = data;
  gint64 now = g_get_monotonic_time ();

  watch->longest = MAX (watch->longest, now - watch->last_tick);
  watch->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
job_done_cb (KennisSharing *sharing,
             const char    *entry_id,
             const char    *target_name,
             int            action,
             const char    *error_message,
             Watch         *watch)
{
  if (error_message != NULL)
    g_error ("%s", error_message);
  watch->done++;
}

static gboolean
all_done (gpointer data)
{
  return ((Watch *)data)->done >= N_ENTRIES;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kennis-bench-share-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *config = NULL;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autoptr(KennisSharing) sharing = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autoptr(KennisAudience) team = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  Server server = { NULL, g_main_context_new (), NULL, 0 };
  Watch watch = { 0, 0, 0 };
  GThread *thread;
  GSList *uris;
  gint64 begin;
  guint tick;

  g_setenv ("KENNIS_DATA_DIR", dir, TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  server.loop = g_main_loop_new (server.context, FALSE);
  g_main_context_push_thread_default (server.context);
  soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup_server, NULL, server_cb, &server, NULL);
  if (!soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  g_main_context_pop_thread_default (server.context);
  uris = soup_server_get_uris (soup_server);
  server.site = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  thread = g_thread_new ("server", server_thread, &server);

  path = g_build_filename (dir, "kennis.db", NULL);
  store = kennis_store_open (path, &error);
  if (store == NULL || !kennis_credentials_store (server.site, "anna", "password", NULL, &error))
    g_error ("%s", error->message);
  config = g_strdup_printf ("{\"site\": \"%s\", \"user\": \"anna\"}", server.site);
  target = kennis_store_add_target (store, "wordpress", "Blog", config, &error);
  team = kennis_store_find_audience (store, "team", &error);
  if (target == NULL || team == NULL ||
      !kennis_store_set_route (store, kennis_audience_get_id (team), target->id, TRUE, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
      g_autofree char *title = g_strdup_printf ("Notitie %u over kennis delen", i);

      kennis_entry_set_title (entry, title);
      kennis_entry_set_body (entry, "Een alinea met *nadruk*, een [link](https://example.org/) en `code`.");
      kennis_entry_add_tag (entry, "kennis");
      kennis_entry_toggle_audience (entry, kennis_audience_get_id (team), TRUE);
      if (!kennis_store_save_entry (store, entry, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (entries, entry);
    }

  sharing = kennis_sharing_new (store);
  g_signal_connect (sharing, "job-done", G_CALLBACK (job_done_cb), &watch);
  begin = g_get_monotonic_time ();
  watch.last_tick = begin;
  tick = g_timeout_add (TICK_MS, tick_cb, &watch);
  /* Shared one by one, as a person would, each from its own turn of the
   * main loop. */
  for (guint i = 0; i < entries->len; i++)
    {
      if (kennis_sharing_share (sharing, entries->pdata[i], &error) != 1)
        g_error ("could not queue: %s", error != NULL ? error->message : "no target");
      g_main_context_iteration (NULL, FALSE);
    }
  if (!kennis_test_wait_for (all_done, &watch, 120000))
    g_error ("only %u of %u entries were published", watch.done, N_ENTRIES);
  g_source_remove (tick);

  printf ("published %u entries to WordPress in %.2f s; main loop's longest stall %.1f ms "
          "(ticks every %d ms; target < 16 ms)\n",
          watch.done, (g_get_monotonic_time () - begin) / 1e6, watch.longest / 1000.0, TICK_MS);

  g_main_loop_quit (server.loop);
  g_thread_join (thread);
  g_clear_object (&sharing);
  g_clear_object (&store);
  kennis_test_remove_tree (dir);
  return 0;
}
