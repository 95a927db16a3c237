/* test-outbox-network.c — the outbox against a WordPress that misbehaves:
 * a connection dropped after the post was made, an answer slower than
 * Kennis waits, a 500, a 429 with Retry-After, a wrong password, a restart
 * while a job waits. Each entry must end up on the server exactly once.
 *
 * The server is an in-process SoupServer on 127.0.0.1 that answers the few
 * REST routes Kennis uses, as WordPress does.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-entry.h"
#include "kennis-share-test.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

#define PASSWORD "abcd efgh ijkl mnop qrst uvwx"

typedef enum
{
  FAULT_NONE,
  FAULT_DROP_AFTER_CREATE,  /* the post is made, the answer never comes */
  FAULT_500,                /* every write fails */
  FAULT_429,                /* every write is refused for 3 s */
  FAULT_SLOW_CREATE,        /* the post is made, the answer comes after Kennis gave up */
  FAULT_LATE_CREATE,        /* the post is made, the answer takes half a second */
} Fault;

typedef struct
{
  char                 *dir;
  KennisShareTestOutbox outbox;
  SoupServer           *server;
  char                 *site;
  GPtrArray            *posts;      /* JsonObject: id, title, content, status */
  Fault                 fault;
  guint                 creates;    /* POST /posts requests that reached the server */
  guint                 front_page; /* requests for the front page, where the API is found */
  guint                 writes;     /* posts made or edited */
  gint64                target_id;
  const char           *api;        /* where the REST API is, after the site's address; NULL: wp-json/ */
  gboolean              foreign_link; /* the front page names an API on another host */
} Fixture;

/* --- The server ----------------------------------------------------------- */

static void
reply_json (SoupServerMessage *message,
            guint              status,
            JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_text (SoupServerMessage *message,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static gboolean
authorized (SoupServerMessage *message)
{
  g_autofree char *pair = g_strconcat ("anna:", PASSWORD, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  g_autofree char *expected = g_strconcat ("Basic ", encoded, NULL);

  return g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  "Authorization"), expected) == 0;
}

static JsonNode *
post_node (JsonObject *post)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *copy = json_object_new ();
  JsonObject *content = json_object_new ();

  json_object_set_int_member (copy, "id", json_object_get_int_member (post, "id"));
  json_object_set_string_member (copy, "link", json_object_get_string_member (post, "link"));
  json_object_set_string_member (copy, "status", json_object_get_string_member (post, "status"));
  json_object_set_string_member (content, "raw", json_object_get_string_member (post, "content"));
  json_object_set_object_member (copy, "content", content);
  json_node_take_object (node, copy);
  return node;
}

static JsonObject *
find_post (Fixture *f,
           gint64   id)
{
  for (guint i = 0; i < f->posts->len; i++)
    if (json_object_get_int_member (f->posts->pdata[i], "id") == id)
      return f->posts->pdata[i];
  return NULL;
}

static void
write_post (Fixture           *f,
            SoupServerMessage *message,
            JsonObject        *post)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) reply = NULL;

  f->writes++;
  JsonObject *sent;

  json_parser_load_from_data (parser, body->data, body->length, NULL);
  sent = json_node_get_object (json_parser_get_root (parser));
  if (post == NULL)
    {
      g_autofree char *link = NULL;

      post = json_object_new ();
      json_object_set_int_member (post, "id", 100 + f->posts->len);
      link = g_strdup_printf ("%s?p=%u", f->site, 100 + f->posts->len);
      json_object_set_string_member (post, "link", link);
      g_ptr_array_add (f->posts, post);
    }
  json_object_set_string_member (post, "title", json_object_get_string_member (sent, "title"));
  json_object_set_string_member (post, "content", json_object_get_string_member (sent, "content"));
  json_object_set_string_member (post, "status", json_object_get_string_member (sent, "status"));

  reply = post_node (post);
  reply_json (message, json_object_get_int_member (post, "id") >= 100 ? 201 : 200, reply);
}

/* Takes a reference to @message. A client that gave up has gone. */
static gboolean
answer_late (gpointer message)
{
  if (g_object_get_data (message, "kennis-gone") == NULL)
    soup_server_message_unpause (message);
  g_object_unref (message);
  return G_SOURCE_REMOVE;
}

static void
client_gone_cb (SoupServerMessage *message)
{
  g_object_set_data (G_OBJECT (message), "kennis-gone", GINT_TO_POINTER (TRUE));
}

/* Holds back the answer to @message for @ms. */
static void
answer_after (SoupServerMessage *message,
              guint              ms)
{
  g_signal_connect (message, "disconnected", G_CALLBACK (client_gone_cb), NULL);
  soup_server_message_pause (message);
  g_timeout_add (ms, answer_late, g_object_ref (message));
}

static void
posts_cb (Fixture           *f,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (message);
  const char *id_text = path + strlen ("wp/v2/posts");

  if (g_str_equal (method, "GET"))
    {
      const char *search = query != NULL ? g_hash_table_lookup (query, "search") : NULL;
      g_autoptr(JsonNode) list = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < f->posts->len; i++)
        if (search != NULL && strstr (json_object_get_string_member (f->posts->pdata[i], "content"), search))
          json_array_add_element (array, post_node (f->posts->pdata[i]));
      json_node_take_array (list, array);
      reply_json (message, 200, list);
      return;
    }

  if (f->fault == FAULT_500)
    {
      reply_text (message, 500, "<html>Internal Server Error</html>");
      return;
    }
  if (f->fault == FAULT_429)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "3");
      reply_text (message, 429, "{\"code\":\"too_many\",\"message\":\"Slow down.\"}");
      return;
    }

  if (g_str_equal (method, "DELETE"))
    {
      JsonObject *post = find_post (f, g_ascii_strtoll (id_text + 1, NULL, 10));
      g_autoptr(JsonNode) reply = NULL;

      if (post == NULL)
        {
          reply_text (message, 404, "{\"code\":\"rest_post_invalid_id\",\"message\":\"Invalid post ID.\"}");
          return;
        }
      json_object_set_string_member (post, "status", "trash");
      reply = post_node (post);
      reply_json (message, 200, reply);
      return;
    }

  if (*id_text == '/')
    {
      write_post (f, message, find_post (f, g_ascii_strtoll (id_text + 1, NULL, 10)));
      return;
    }

  f->creates++;
  write_post (f, message, NULL);
  if (f->fault == FAULT_LATE_CREATE)
    {
      answer_after (message, 500);
      f->fault = FAULT_NONE;
    }
  else if (f->fault == FAULT_SLOW_CREATE)
    {
      /* Kennis waits a second (KENNIS_HTTP_TIMEOUT); this takes three. */
      answer_after (message, 3000);
      f->fault = FAULT_NONE;
    }
  else if (f->fault == FAULT_DROP_AFTER_CREATE)
    {
      /* The post is made; the connection breaks before the answer. */
      g_socket_shutdown (soup_server_message_get_socket (message), TRUE, TRUE, NULL);
      f->fault = FAULT_NONE;
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  Fixture *f = data;
  const char *api = f->api != NULL ? f->api : "wp-json/";
  const char *route;

  if (g_str_equal (path, "/"))
    {
      g_autofree char *link = g_strdup_printf ("<%s%s>; rel=\"https://api.w.org/\"",
                                               f->foreign_link ? "http://127.0.0.2:1/" : f->site, api);

      f->front_page++;

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Link", link);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<html></html>", 13);
      return;
    }
  if (!authorized (message))
    {
      reply_text (message, 401, "{\"code\":\"rest_cannot_create\",\"message\":"
                                 "\"Sorry, you are not allowed to create posts as this user.\"}");
      return;
    }
  route = g_str_has_prefix (path + 1, api) ? path + 1 + strlen (api) : "";
  if (g_str_equal (path + 1, api))
    {
      /* The API's index, which the probe of the usual address reads. */
      reply_text (message, 200, "{\"name\": \"Test\", \"namespaces\": [\"wp/v2\"]}");
      return;
    }
  if (g_str_has_prefix (route, "wp/v2/tags"))
    {
      if (g_str_equal (soup_server_message_get_method (message), "GET"))
        reply_text (message, 200, "[]");
      else
        reply_text (message, 201, "{\"id\": 7, \"name\": \"leren\"}");
      return;
    }
  if (g_str_has_prefix (route, "wp/v2/posts"))
    {
      posts_cb (f, message, route, query);
      return;
    }
  reply_text (message, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found.\"}");
}

/* --- Kennis --------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *config = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("kennis-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->outbox.path = g_build_filename (f->dir, "kennis.db", NULL);
  f->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->site = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  kennis_credentials_store (f->site, "anna", PASSWORD, NULL, &error);
  g_assert_no_error (error);

  kennis_share_test_outbox_open (&f->outbox);
  config = g_strdup_printf ("{\"site\": \"%s\", \"user\": \"anna\"}", f->site);
  target = kennis_share_test_outbox_add_target (&f->outbox, "wordpress", "Blog", config);
  f->target_id = target->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kennis_share_test_outbox_clear (&f->outbox);
  g_clear_object (&f->server);
  g_clear_pointer (&f->posts, g_ptr_array_unref);
  kennis_test_remove_tree (f->dir);
  g_free (f->site);
  g_free (f->dir);
}

static KennisEntry *
share_new_entry (Fixture    *f,
                 const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) team = kennis_store_find_audience (f->outbox.store, "team", NULL);
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, "Wat we *leerden*.");
  kennis_entry_add_tag (entry, "leren");
  kennis_entry_toggle_audience (entry, kennis_audience_get_id (team), TRUE);
  g_assert_true (kennis_store_save_entry (f->outbox.store, entry, &error));
  g_assert_cmpuint (kennis_sharing_share (f->outbox.sharing, entry, &error), ==, 1);
  g_assert_no_error (error);
  return entry;
}

/* The post was made but its answer lost: the retry finds it by its marker
 * and updates it; there is one post, not two. */
static void
test_dropped_after_create (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;

  f->fault = FAULT_DROP_AFTER_CREATE;
  entry = share_new_entry (f, "Verbinding weg");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 1);

  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (f->posts->pdata[0], "title"), ==, "Verbinding weg");
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* The API's address, once found, is kept with the target's settings: the
 * next share goes straight to it. */
static void
test_api_root_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KennisEntry) first = NULL;
  g_autoptr(KennisEntry) second = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *api_root = g_strdup_printf ("\"api_root\":\"%swp-json/\"", f->site);

  first = share_new_entry (f, "Eerste");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->front_page, ==, 1);
  target = kennis_store_get_target (f->outbox.store, f->target_id, NULL);
  g_assert_nonnull (strstr (target->config, api_root));

  second = share_new_entry (f, "Tweede");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 2);
  g_assert_cmpuint (f->front_page, ==, 1);
}

/* The site moves its API (e.g. pretty permalinks turned off): the kept
 * address answers "no route", so the share finds the API again and goes
 * through, and the new address is kept. */
static void
test_api_root_moves (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KennisEntry) first = NULL;
  g_autoptr(KennisEntry) second = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *moved = g_strdup_printf ("\"api_root\":\"%sapi/\"", f->site);

  first = share_new_entry (f, "Eerste");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);

  f->api = "api/";
  second = share_new_entry (f, "Tweede");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 2);
  g_assert_cmpuint (f->front_page, ==, 2);
  target = kennis_store_get_target (f->outbox.store, f->target_id, NULL);
  g_assert_nonnull (strstr (target->config, moved));
}

/* An API that the front page says is on another server does not get the
 * Application Password; the usual address on the site is used. */
static void
test_api_elsewhere_ignored (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;

  f->api = "wp-json/";
  f->foreign_link = TRUE;
  entry = share_new_entry (f, "Elders");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

static gboolean
has_created (gpointer data)
{
  Fixture *f = data;

  return f->creates > 0;
}

/* The app and kennis-cli on one notebook, both working off the outbox: a
 * job one of them has under way is not run by the other as well. */
static void
test_two_programs (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) other_store = kennis_store_open (f->outbox.path, &error);
  g_autoptr(KennisSharing) other = NULL;
  g_autoptr(KennisEntry) entry = NULL;

  g_assert_no_error (error);
  other = kennis_sharing_new (other_store);
  f->fault = FAULT_LATE_CREATE;
  entry = share_new_entry (f, "Twee programma's");
  g_assert_true (kennis_test_wait_for (has_created, f, 10000));

  /* While the first waits for its answer, the second looks for work. */
  kennis_sharing_run (other);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  kennis_sharing_run (other);
  kennis_test_settle (500);
  g_assert_false (kennis_sharing_is_busy (other));
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->writes, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* Quitting while a job is under way gives it back: the next start runs it
 * at once, not when the claim on it would have run out. */
static void
test_stop_gives_back (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  gint64 started = g_get_monotonic_time ();

  f->fault = FAULT_SLOW_CREATE;
  entry = share_new_entry (f, "Afgebroken");
  g_assert_true (kennis_test_wait_for (has_created, f, 10000));
  kennis_sharing_stop (f->outbox.sharing);
  kennis_share_test_outbox_close (&f->outbox);

  kennis_share_test_outbox_open (&f->outbox);
  kennis_sharing_run (f->outbox.sharing);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
}

/* An answer slower than Kennis waits: the job waits to be tried again, and
 * the try finds the post the slow request made instead of making another. */
static void
test_slow_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  f->fault = FAULT_SLOW_CREATE;
  entry = share_new_entry (f, "Trage server");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (f->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 1);

  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
  /* The late answer finds nobody waiting; nothing breaks. */
  kennis_test_settle (3000);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

/* A server error is tried again; the post arrives once the server is well. */
static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Serverfout");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (strstr (f->outbox.last_error, "500"));
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 0);

  f->fault = FAULT_NONE;
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

/* 429 with Retry-After: 3 waits three seconds, not the usual backoff. */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan wait;

  f->fault = FAULT_429;
  entry = share_new_entry (f, "Te snel");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  now = g_date_time_new_now_utc ();
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  wait = g_date_time_difference (job->next_attempt, now);
  g_assert_cmpint (wait, >, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (wait, <=, 3 * G_USEC_PER_SEC);

  /* Once the wait is over the outbox tries by itself. */
  f->fault = FAULT_NONE;
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

/* A refusal is not retried: the job stops with WordPress's own words. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  kennis_credentials_store (f->site, "anna", "wrong", NULL, &error);
  g_assert_no_error (error);
  entry = share_new_entry (f, "Geen toegang");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (strstr (f->outbox.last_error, "WordPress says: Sorry, you are not allowed to create posts"));
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_true (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 0);
}

static char *
run_cli (Fixture            *f,
         const char * const *argv,
         int                 expected_status)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);
  g_auto(KennisTestCliResult) result = { 0 };

  g_subprocess_launcher_setenv (launcher, "KENNIS_CREDENTIALS", "file", TRUE);
  kennis_test_run_cli (launcher, NULL, argv, &result);
  g_assert_cmpint (result.status, ==, expected_status);
  return g_steal_pointer (&result.out);
}

/* kennis-cli outbox shows the stopped job with the server's words; retry
 * makes it due again, cancel gives it up. */
static void
test_cli_outbox (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autofree char *id = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *retried = NULL;
  g_autofree char *cancelled = NULL;
  g_autofree char *plain = NULL;

  if (g_getenv ("KENNIS_CLI") == NULL)
    {
      g_test_skip ("KENNIS_CLI is not set");
      return;
    }

  kennis_credentials_store (f->site, "anna", "wrong", NULL, &error);
  g_assert_no_error (error);
  entry = share_new_entry (f, "Vastgelopen");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);

  listed = run_cli (f, (const char * const[]) { "--json", "outbox", NULL }, 0);
  g_assert_nonnull (strstr (listed, "\"state\" : \"failed\""));
  g_assert_nonnull (strstr (listed, "Sorry, you are not allowed"));
  plain = run_cli (f, (const char * const[]) { "outbox", NULL }, 0);
  g_assert_nonnull (strstr (plain, "Vastgelopen"));

  retried = run_cli (f, (const char * const[]) { "--json", "outbox", "--retry", id, NULL }, 0);
  g_assert_nonnull (strstr (retried, "\"state\" : \"pending\""));

  cancelled = run_cli (f, (const char * const[]) { "--json", "outbox", "--cancel", id, NULL }, 0);
  g_assert_cmpstr (g_strstrip (cancelled), ==, "[]");
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* Offline, a share waits; when the network comes back it goes at once,
 * not after its backoff. */
static void
test_network_back (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GDateTime) now = NULL;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Weer online");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  now = g_date_time_new_now_utc ();
  g_assert_cmpint (g_date_time_difference (job->next_attempt, now), >, 5 * G_USEC_PER_SEC);

  /* Well within the 10 s backoff. */
  f->fault = FAULT_NONE;
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  g_assert_true (kennis_share_test_outbox_wait_within (&f->outbox, 1, 3000));
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

/* Kennis quits while a job waits; started again, it delivers the post. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Na een herstart");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_clear_object (&entry);
  kennis_share_test_outbox_close (&f->outbox);

  f->fault = FAULT_NONE;
  kennis_share_test_outbox_open (&f->outbox);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 1);
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (f->posts->pdata[0], "title"), ==, "Na een herstart");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("KENNIS_HTTP_TIMEOUT", "1", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/wordpress/dropped-after-create", test_dropped_after_create);
  ADD ("/outbox/wordpress/slow-create", test_slow_create);
  ADD ("/outbox/wordpress/api-root-kept", test_api_root_kept);
  ADD ("/outbox/wordpress/api-root-moves", test_api_root_moves);
  ADD ("/outbox/wordpress/api-elsewhere-ignored", test_api_elsewhere_ignored);
  ADD ("/outbox/wordpress/two-programs", test_two_programs);
  ADD ("/outbox/wordpress/stop-gives-back", test_stop_gives_back);
  ADD ("/outbox/wordpress/server-error", test_server_error);
  ADD ("/outbox/wordpress/retry-after", test_retry_after);
  ADD ("/outbox/wordpress/wrong-password", test_wrong_password);
  ADD ("/outbox/wordpress/restart", test_restart);
  ADD ("/outbox/cli", test_cli_outbox);
  ADD ("/outbox/wordpress/network-back", test_network_back);
#undef ADD

  return g_test_run ();
}
