/* test-micropub.c — the Micropub target against a site that follows the
 * W3C Recommendation: discovery from a Link header and from the page,
 * q=config, JSON create, update and delete, a bad token, 429 with
 * Retry-After, a 500, a connection dropped after a create, an answer
 * slower than Kennis waits (KENNIS_HTTP_TIMEOUT is 1 s here) and a restart
 * while a job waits. Once through the target's own API, once through the
 * outbox as a user's share goes.
 *
 * The site is an in-process SoupServer on 127.0.0.1.
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
#include "kennis-micropub-target.h"
#include "kennis-share-test.h"
#include "kennis-sharing.h"
#include "kennis-slug.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

#define TOKEN    "mp-token-123"
#define ENTRY_ID "1a2b3c4d-0000-4000-8000-000000000000"

typedef enum
{
  FAULT_NONE,
  FAULT_DROP_AFTER_CREATE,  /* the post is made, the answer never comes */
  FAULT_429,                /* every write is refused for 3 s */
  FAULT_NO_CONFIG,          /* q=config is not supported */
  FAULT_500,                /* every write fails */
  FAULT_SLOW_CREATE,        /* the post is made, the answer comes after Kennis gave up */
} Fault;

/* One h-entry on the site. */
typedef struct
{
  char       *url;
  JsonObject *properties;
} Post;

typedef struct
{
  char                 *dir;
  SoupServer           *server;
  char                 *site;
  gboolean              home_in_html;  /* the home page names the endpoint in <link> only */
  gboolean              ignore_slug;   /* the site picks its own addresses */
  Fault                 fault;
  GPtrArray            *posts;         /* Post */
  guint                 creates;       /* creates that reached the site */
  gboolean              token_leaked;  /* the home page was sent the token */
  guint                 home_reads;

  /* The outbox tests only */
  KennisShareTestOutbox outbox;
  gint64                target_id;
} Fixture;

static void
post_free (Post *post)
{
  g_free (post->url);
  json_object_unref (post->properties);
  g_free (post);
}

/* --- The site ------------------------------------------------------------- */

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_json (SoupServerMessage *message,
            guint              status,
            const char        *json)
{
  reply (message, status, "application/json", json);
}

static Post *
find_post (Fixture    *f,
           const char *url,
           guint      *index)
{
  for (guint i = 0; i < f->posts->len; i++)
    {
      Post *post = f->posts->pdata[i];

      if (g_strcmp0 (post->url, url) == 0)
        {
          if (index != NULL)
            *index = i;
          return post;
        }
    }
  return NULL;
}

/* Two home pages: one names the endpoint in its Link header (and a decoy
 * in the page, which must lose), the other only in <link>, relative to the
 * page it redirects to. */
static void
home_cb (Fixture           *f,
         SoupServerMessage *message,
         const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  f->home_reads++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Authorization") != NULL)
    f->token_leaked = TRUE;

  if (g_str_equal (path, "/") && f->home_in_html)
    {
      soup_server_message_set_redirect (message, 302, "/blog/");
      return;
    }
  if (g_str_equal (path, "/blog/"))
    {
      reply (message, 200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><head><title>Anna</title>"
             "<link rel=\"stylesheet\" href=\"/style.css\">"
             "<link rel=\"micropub\" href=\"micropub\">"
             "<link rel=\"authorization_endpoint\" href=\"/auth\">"
             "<link rel=\"token_endpoint\" href=\"https://tokens.example/token\">"
             "</head><body><p>Hallo</p></body></html>");
      return;
    }

  soup_message_headers_append (headers, "Link", "</feed>; rel=\"alternate\"; title=\"a, b; c\"");
  soup_message_headers_append (headers, "Link",
                               "</micropub>; rel=\"micropub\", </token>; rel=token_endpoint, "
                               "</.well-known/oauth-authorization-server>; rel=\"indieauth-metadata\"");
  reply (message, 200, "text/html",
         "<html><head><link rel=\"micropub\" href=\"/decoy\"></head><body></body></html>");
}

static gboolean
authorized (SoupServerMessage *message)
{
  return g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  "Authorization"), "Bearer " TOKEN) == 0;
}

/* q=source: the post's properties, as mf2 JSON. */
static void
reply_source (SoupServerMessage *message,
              Post              *post)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), post->properties));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  reply_json (message, 200, text);
}

static void
query_cb (Fixture           *f,
          SoupServerMessage *message,
          GHashTable        *query)
{
  const char *q = query != NULL ? g_hash_table_lookup (query, "q") : NULL;
  Post *post = NULL;

  if (g_strcmp0 (q, "config") == 0 && f->fault != FAULT_NO_CONFIG)
    {
      reply_json (message, 200, "{\"syndicate-to\": []}");
      return;
    }
  if (g_strcmp0 (q, "source") == 0)
    post = find_post (f, g_hash_table_lookup (query, "url"), NULL);
  if (post == NULL)
    reply_json (message, 400, "{\"error\": \"invalid_request\"}");
  else
    reply_source (message, post);
}

/* Takes a reference to @message. */
static gboolean
answer_late (gpointer message)
{
  soup_server_message_unpause (message);
  g_object_unref (message);
  return G_SOURCE_REMOVE;
}

static void
site_create (Fixture           *f,
        SoupServerMessage *message,
        JsonObject        *properties)
{
  Post *post = g_new0 (Post, 1);
  JsonArray *slug = json_object_has_member (properties, "mp-slug")
                    ? json_object_get_array_member (properties, "mp-slug") : NULL;

  f->creates++;
  if (slug != NULL && !f->ignore_slug)
    post->url = g_strconcat (f->site, "entry/", json_array_get_string_element (slug, 0), NULL);
  else
    post->url = g_strdup_printf ("%sentry/%u", f->site, f->creates);
  post->properties = json_object_ref (properties);
  g_ptr_array_add (f->posts, post);

  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Location", post->url);
  soup_server_message_set_status (message, 201, NULL);
  if (f->fault == FAULT_DROP_AFTER_CREATE)
    {
      g_socket_shutdown (soup_server_message_get_socket (message), TRUE, TRUE, NULL);
      f->fault = FAULT_NONE;
    }
  else if (f->fault == FAULT_SLOW_CREATE)
    {
      /* Kennis waits a second (KENNIS_HTTP_TIMEOUT); this takes three. */
      soup_server_message_pause (message);
      g_timeout_add_seconds (3, answer_late, g_object_ref (message));
      f->fault = FAULT_NONE;
    }
}

static void
site_update (Fixture           *f,
        SoupServerMessage *message,
        JsonObject        *request)
{
  Post *post = find_post (f, json_object_get_string_member (request, "url"), NULL);
  JsonObject *replace = json_object_get_object_member (request, "replace");
  JsonArray *removed = json_object_has_member (request, "delete")
                        ? json_object_get_array_member (request, "delete") : NULL;
  g_autoptr(GList) members = json_object_get_members (replace);

  if (post == NULL)
    {
      reply_json (message, 400, "{\"error\": \"invalid_request\"}");
      return;
    }
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (post->properties, l->data, json_object_dup_member (replace, l->data));
  for (guint i = 0; removed != NULL && i < json_array_get_length (removed); i++)
    json_object_remove_member (post->properties, json_array_get_string_element (removed, i));
  soup_server_message_set_status (message, 204, NULL);
}

static void
site_delete (Fixture           *f,
        SoupServerMessage *message,
        JsonObject        *request)
{
  guint index;

  if (find_post (f, json_object_get_string_member (request, "url"), &index) == NULL)
    {
      reply_json (message, 404, "{\"error\": \"invalid_request\", \"error_description\": \"No such post.\"}");
      return;
    }
  g_ptr_array_remove_index (f->posts, index);
  soup_server_message_set_status (message, 204, NULL);
}

static void
write_cb (Fixture           *f,
          SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                                            NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request;
  const char *action;

  if (f->fault == FAULT_429)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "3");
      reply_json (message, 429, "{\"error\": \"too_many_requests\"}");
      return;
    }
  if (f->fault == FAULT_500)
    {
      reply (message, 500, "text/html", "<html><body>Internal Server Error</body></html>");
      return;
    }
  if (g_strcmp0 (type, "application/json") != 0 ||
      !json_parser_load_from_data (parser, body->data, body->length, NULL))
    {
      reply_json (message, 415, "{\"error\": \"invalid_request\"}");
      return;
    }

  request = json_node_get_object (json_parser_get_root (parser));
  action = json_object_has_member (request, "action") ? json_object_get_string_member (request, "action") : NULL;
  if (g_strcmp0 (action, "update") == 0)
    site_update (f, message, request);
  else if (g_strcmp0 (action, "delete") == 0)
    site_delete (f, message, request);
  else
    site_create (f, message, json_object_get_object_member (request, "properties"));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  Fixture *f = data;

  if (g_str_has_prefix (path, "/oud/"))
    reply (message, 404, "text/html", "<h1>Not found</h1>");
  else if (!g_str_has_suffix (path, "/micropub"))
    home_cb (f, message, path);
  else if (!authorized (message))
    reply_json (message, 401, "{\"error\": \"unauthorized\", "
                              "\"error_description\": \"The token is not valid for this site.\"}");
  else if (g_str_equal (soup_server_message_get_method (message), "GET"))
    query_cb (f, message, query);
  else
    write_cb (f, message);
}

/* --- Helpers ---------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("kennis-micropub-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) post_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->site = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  kennis_credentials_store (f->site, KENNIS_MICROPUB_ACCOUNT, TOKEN, NULL, &error);
  g_assert_no_error (error);
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

static char *
dup_config (Fixture *f)
{
  return g_strdup_printf ("{\"site\": \"%s\", \"draft\": true}", f->site);
}

/* Made the way the outbox makes it, from the notebook's record. */
static KennisTarget *
new_target (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = dup_config (f);
  KennisTargetInfo info = { .id = 1, .kind = (char *)"micropub", .name = (char *)"Blog", .config = config };
  KennisTarget *target = kennis_target_new_from_info (&info, &error);

  g_assert_no_error (error);
  g_assert_true (KENNIS_IS_MICROPUB_TARGET (target));
  return target;
}

static KennisShareRequest *
new_request (const char *title,
             const char *remote_id)
{
  KennisShareRequest *request = kennis_share_request_new ();
  KennisPost *post = kennis_post_new ();

  post->id = g_strdup (ENTRY_ID);
  post->title = g_strdup (title);
  post->html = g_strdup ("<p>Wat we <em>leerden</em>.</p>");
  post->text = g_strdup ("Wat we leerden.");
  post->slug = g_strdup ("wat-we-leerden");
  g_strfreev (post->tags);
  post->tags = g_strsplit ("leren,team", ",", -1);
  request->post = post;
  request->remote_id = g_strdup (remote_id);
  return request;
}

static gboolean
withdraw (KennisTarget  *target,
          const char    *remote_id,
          GError       **error)
{
  return kennis_share_test_withdraw (target, new_request ("", remote_id), 20000, error);
}

/* The single value of a property, as a string. */
static const char *
property (Post       *post,
          const char *name)
{
  JsonArray *values = json_object_has_member (post->properties, name)
                      ? json_object_get_array_member (post->properties, name) : NULL;

  return values != NULL && json_array_get_length (values) == 1 ? json_array_get_string_element (values, 0) : NULL;
}

static char *
dup_categories (Post *post)
{
  JsonArray *values = json_object_has_member (post->properties, "category")
                      ? json_object_get_array_member (post->properties, "category") : NULL;
  GString *joined = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "," : "", json_array_get_string_element (values, i));
  return g_string_free (joined, FALSE);
}

static const char *
content_html (Post *post)
{
  JsonArray *content = json_object_get_array_member (post->properties, "content");

  return json_object_get_string_member (json_array_get_object_element (content, 0), "html");
}

/* --- Through the target --------------------------------------------------- */

static void
test_discovery_link_header (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  KennisMicropubTarget *micropub = KENNIS_MICROPUB_TARGET (target);
  g_autofree char *said = kennis_share_test_check (target, 20000, &error);
  g_autofree char *endpoint = g_strconcat (f->site, "micropub", NULL);
  g_autofree char *token = g_strconcat (f->site, "token", NULL);
  g_autofree char *metadata = g_strconcat (f->site, ".well-known/oauth-authorization-server", NULL);
  g_autofree char *expected = g_strdup_printf ("Connected to %s; it takes posts at %s.", f->site, endpoint);

  g_assert_no_error (error);
  g_assert_cmpstr (said, ==, expected);
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_MICROPUB), ==, endpoint);
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_TOKEN_ENDPOINT), ==, token);
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_INDIEAUTH_METADATA), ==,
                   metadata);
  g_assert_null (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_AUTHORIZATION_ENDPOINT));
  g_assert_false (f->token_leaked);
}

/* The page redirects; its relative <link> counts from where it ended up.
 * This site has no q=config, which is allowed. */
static void
test_discovery_html (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  KennisMicropubTarget *micropub = KENNIS_MICROPUB_TARGET (target);
  g_autofree char *said = NULL;
  g_autofree char *endpoint = g_strconcat (f->site, "blog/micropub", NULL);
  g_autofree char *auth = g_strconcat (f->site, "auth", NULL);

  f->home_in_html = TRUE;
  f->fault = FAULT_NO_CONFIG;
  said = kennis_share_test_check (target, 20000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (said, endpoint));
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_MICROPUB), ==, endpoint);
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_AUTHORIZATION_ENDPOINT), ==,
                   auth);
  g_assert_cmpstr (kennis_micropub_target_get_endpoint (micropub, KENNIS_MICROPUB_REL_TOKEN_ENDPOINT), ==,
                   "https://tokens.example/token");
}

/* Without a token a check fails, but the sign-in addresses are known. */
static void
test_check_without_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  g_autofree char *said = NULL;

  kennis_credentials_clear (f->site, KENNIS_MICROPUB_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  said = kennis_share_test_check (target, 20000, &error);
  g_assert_null (said);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_assert_nonnull (kennis_micropub_target_get_endpoint (KENNIS_MICROPUB_TARGET (target),
                                                         KENNIS_MICROPUB_REL_TOKEN_ENDPOINT));
}

/* An endpoint kept in the settings saves reading the home page. */
static void
test_cached_endpoint (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf ("{\"site\": \"%s\", \"micropub\": \"%smicropub\"}",
                                             f->site, f->site);
  g_autoptr(KennisMicropubTarget) target = kennis_micropub_target_new (1, "Blog", config, &error);
  g_autoptr(KennisShareResult) made = NULL;

  g_assert_no_error (error);
  made = kennis_share_test_publish (KENNIS_TARGET (target), new_request ("Snel", NULL), 20000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->home_reads, ==, 0);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_null (property (f->posts->pdata[0], "post-status"));
}

/* Create, update, delete: one h-entry that changes, then none. */
static void
test_publish_update_withdraw (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  g_autoptr(KennisShareResult) made = kennis_share_test_publish (target, new_request ("Wat we leerden", NULL),
                                                                 20000, &error);
  g_autoptr(KennisShareResult) changed = NULL;
  g_autoptr(KennisShareRequest) request = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *url = g_strconcat (f->site, "entry/wat-we-leerden-1a2b3c4d", NULL);
  Post *post;

  g_assert_no_error (error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  post = f->posts->pdata[0];
  g_assert_cmpstr (made->remote_id, ==, url);
  g_assert_cmpstr (made->url, ==, url);
  g_assert_cmpstr (property (post, "name"), ==, "Wat we leerden");
  g_assert_cmpstr (content_html (post), ==, "<p>Wat we <em>leerden</em>.</p>");
  categories = dup_categories (post);
  g_assert_cmpstr (categories, ==, "leren,team");
  g_assert_cmpstr (property (post, "mp-slug"), ==, "wat-we-leerden-1a2b3c4d");
  g_assert_cmpstr (property (post, "post-status"), ==, "draft");

  request = new_request ("Wat we echt leerden", made->remote_id);
  g_clear_pointer (&request->post->tags, g_strfreev);
  request->post->tags = g_new0 (char *, 1);
  changed = kennis_share_test_publish (target, g_steal_pointer (&request), 20000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed->remote_id, ==, url);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpstr (property (post, "name"), ==, "Wat we echt leerden");
  g_assert_false (json_object_has_member (post->properties, "category"));

  g_assert_true (withdraw (target, url, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->posts->len, ==, 0);
  /* Gone already is done. */
  g_assert_true (withdraw (target, url, &error));
  g_assert_no_error (error);
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  g_autoptr(KennisShareResult) made = NULL;

  kennis_credentials_store (f->site, KENNIS_MICROPUB_ACCOUNT, "wrong", NULL, &error);
  g_assert_no_error (error);
  made = kennis_share_test_publish (target, new_request ("Geen toegang", NULL), 20000, &error);
  g_assert_null (made);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "The site says: The token is not valid for this site.");
  g_assert_cmpuint (f->posts->len, ==, 0);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  g_autoptr(KennisShareResult) made = NULL;

  f->fault = FAULT_429;
  made = kennis_share_test_publish (target, new_request ("Te snel", NULL), 20000, &error);
  g_assert_null (made);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY);
  g_assert_cmpuint (kennis_target_take_retry_after (target), ==, 3);
}

/* A site that picks its own addresses: after a lost answer Kennis cannot
 * find the post, and says the next try may make a second one. */
static void
test_lost_answer_slug_ignored (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = new_target (f);
  g_autoptr(KennisShareResult) first = NULL;
  g_autoptr(KennisShareResult) lost = NULL;

  f->ignore_slug = TRUE;
  first = kennis_share_test_publish (target, new_request ("Eerste", NULL), 20000, &error);
  g_assert_no_error (error);

  f->fault = FAULT_DROP_AFTER_CREATE;
  lost = kennis_share_test_publish (target, new_request ("Tweede", NULL), 20000, &error);
  g_assert_null (lost);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY);
  g_assert_nonnull (strstr (error->message, "the next try may make a second one"));
  g_assert_cmpuint (f->posts->len, ==, 2);
}

/* --- Through the outbox --------------------------------------------------- */

static void
outbox_set_up (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *config = NULL;

  fixture_set_up (f, data);
  f->outbox.path = g_build_filename (f->dir, "kennis.db", NULL);
  kennis_share_test_outbox_open (&f->outbox);

  config = dup_config (f);
  target = kennis_share_test_outbox_add_target (&f->outbox, "micropub", "Blog", config);
  f->target_id = target->id;
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
  kennis_share_test_outbox_wait (&f->outbox, 1);
  return entry;
}

static char *
dup_remote_id (Fixture     *f,
               KennisEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shares = kennis_store_list_shares (f->outbox.store, kennis_entry_get_num (entry),
                                                          &error);
  KennisShareInfo *share;

  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 1);
  share = shares->pdata[0];
  g_assert_cmpstr (share->remote_id, ==, share->url);
  return g_strdup (share->remote_id);
}

/* A user shares, edits and withdraws an entry. */
static void
test_outbox_share_update_unshare (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = share_new_entry (f, "Wat we leerden");
  g_autofree char *slug = g_strdup_printf ("wat-we-leerden-%.8s", kennis_entry_get_id (entry));
  g_autofree char *remote_id = NULL;
  g_autofree char *categories = NULL;
  const char *tags[] = { "delen", "team", NULL };
  Post *post;

  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  post = f->posts->pdata[0];
  remote_id = dup_remote_id (f, entry);
  g_assert_cmpstr (remote_id, ==, post->url);
  g_assert_cmpstr (property (post, "name"), ==, "Wat we leerden");
  g_assert_nonnull (strstr (content_html (post), "<em>leerden</em>"));
  categories = dup_categories (post);
  g_assert_cmpstr (categories, ==, "leren");
  g_assert_cmpstr (property (post, "mp-slug"), ==, slug);
  g_assert_cmpstr (property (post, "post-status"), ==, "draft");

  kennis_entry_set_title (entry, "Wat we echt leerden");
  kennis_entry_set_tags (entry, tags);
  g_assert_cmpuint (kennis_sharing_share (f->outbox.sharing, entry, &error), ==, 1);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpstr (property (post, "name"), ==, "Wat we echt leerden");
  g_clear_pointer (&categories, g_free);
  categories = dup_categories (post);
  g_assert_cmpstr (categories, ==, "delen,team");

  g_assert_cmpuint (kennis_sharing_unshare (f->outbox.sharing, entry, 0, &error), ==, 1);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 0);
}

/* The post is made but the answer lost. The site honours mp-slug (the
 * first share showed it), so the retry finds the post and updates it: one
 * post, not two. */
static void
test_outbox_lost_answer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) first = share_new_entry (f, "Eerste");
  g_autoptr(KennisEntry) second = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autofree char *remote_id = NULL;

  g_assert_null (f->outbox.last_error);
  f->fault = FAULT_DROP_AFTER_CREATE;
  second = share_new_entry (f, "Verbinding weg");
  g_assert_nonnull (f->outbox.last_error);
  g_assert_null (strstr (f->outbox.last_error, "second one"));
  g_assert_cmpuint (f->posts->len, ==, 2);

  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  kennis_store_outbox_retry (f->outbox.store, job->id, &error);
  g_assert_no_error (error);
  kennis_sharing_run (f->outbox.sharing);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpuint (f->posts->len, ==, 2);
  remote_id = dup_remote_id (f, second);
  g_assert_cmpstr (remote_id, ==, ((Post *)f->posts->pdata[1])->url);
}

/* A refusal is not retried: the job stops with the site's own words. */
static void
test_outbox_bad_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  kennis_credentials_store (f->site, KENNIS_MICROPUB_ACCOUNT, "wrong", NULL, &error);
  g_assert_no_error (error);
  entry = share_new_entry (f, "Geen toegang");
  g_assert_cmpstr (f->outbox.last_error, ==, "The site says: The token is not valid for this site.");
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_true (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 0);
}

/* 429 with Retry-After: 3 waits three seconds, not the usual backoff. */
static void
test_outbox_retry_after (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan wait;

  f->fault = FAULT_429;
  entry = share_new_entry (f, "Te snel");
  now = g_date_time_new_now_utc ();
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  wait = g_date_time_difference (job->next_attempt, now);
  g_assert_cmpint (wait, >, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (wait, <=, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->posts->len, ==, 0);
}

/* @post is @entry as share_new_entry() wrote it, and the notebook knows
 * where it is. */
static void
assert_post (Fixture     *f,
             Post        *post,
             KennisEntry *entry)
{
  g_autofree char *slug = kennis_slug_from_title (kennis_entry_get_title (entry));
  g_autofree char *mp_slug = g_strdup_printf ("%s-%.8s", slug, kennis_entry_get_id (entry));
  g_autofree char *categories = dup_categories (post);
  g_autofree char *remote_id = dup_remote_id (f, entry);

  g_assert_cmpstr (property (post, "name"), ==, kennis_entry_get_title (entry));
  g_assert_cmpstr (content_html (post), ==, "<p>Wat we <em>leerden</em>.</p>\n");
  g_assert_cmpstr (categories, ==, "leren");
  g_assert_cmpstr (property (post, "mp-slug"), ==, mp_slug);
  g_assert_cmpstr (remote_id, ==, post->url);
}

/* A server error is tried again: the job waits, not failed, and the post
 * arrives once the site is well. */
static void
test_outbox_server_error (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autofree char *expected = NULL;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Serverfout");
  expected = g_strdup_printf ("%s is busy or has a problem (500); Kennis will try again.", f->site);
  g_assert_cmpstr (f->outbox.last_error, ==, expected);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 0);

  f->fault = FAULT_NONE;
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (f->posts->len, ==, 1);
  assert_post (f, f->posts->pdata[0], entry);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* An answer slower than Kennis waits. The site honours mp-slug (the first
 * share showed it), so the retry asks q=source where the post would be,
 * finds the one the slow request made and updates it: one post, not two. */
static void
test_outbox_slow_create (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KennisEntry) first = share_new_entry (f, "Eerste");
  g_autoptr(KennisEntry) second = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  g_assert_null (f->outbox.last_error);
  f->fault = FAULT_SLOW_CREATE;
  second = share_new_entry (f, "Trage site");
  g_assert_nonnull (f->outbox.last_error);
  g_assert_true (g_str_has_prefix (f->outbox.last_error, "Could not reach "));
  /* Kennis could look, so it does not warn of a second post. */
  g_assert_null (strstr (f->outbox.last_error, "second one"));
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->posts->len, ==, 2);

  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpuint (f->posts->len, ==, 2);
  assert_post (f, f->posts->pdata[0], first);
  assert_post (f, f->posts->pdata[1], second);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);

  /* The late answer finds nobody waiting; nothing breaks. */
  kennis_test_settle (3000);
  g_assert_cmpuint (f->posts->len, ==, 2);
}

/* Kennis quits while a job waits after a server error; started again on
 * the same notebook, it delivers the post, once. */
static void
test_outbox_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  gint64 num;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Na een herstart");
  g_assert_nonnull (f->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  num = kennis_entry_get_num (entry);
  g_clear_object (&entry);
  kennis_share_test_outbox_close (&f->outbox);

  f->fault = FAULT_NONE;
  kennis_share_test_outbox_open (&f->outbox);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 1);
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (f->posts->len, ==, 1);
  reread = kennis_store_get_entry_by_num (f->outbox.store, num, &error);
  g_assert_no_error (error);
  assert_post (f, f->posts->pdata[0], reread);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* What Kennis learnt from the first post (the site honours mp-slug) is kept
 * in the target's settings, so after a restart a create whose answer was
 * lost is found, not made again. */
static void
test_outbox_restart_lost_answer (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KennisEntry) first = share_new_entry (f, "Eerste");
  g_autoptr(KennisEntry) second = NULL;

  g_assert_null (f->outbox.last_error);
  f->fault = FAULT_DROP_AFTER_CREATE;
  second = share_new_entry (f, "Verbinding weg");
  g_assert_nonnull (f->outbox.last_error);
  g_assert_cmpuint (f->posts->len, ==, 2);
  kennis_share_test_outbox_close (&f->outbox);

  kennis_share_test_outbox_open (&f->outbox);
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpuint (f->posts->len, ==, 2);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* The endpoint kept from an earlier share is gone (the site moved it):
 * the share finds it again on the home page, goes through once, and the
 * new address is kept; the token never goes to the home page. */
static void
test_outbox_endpoint_moves (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = g_strconcat (f->site, "oud/micropub", NULL);
  g_autofree char *config = NULL;
  g_autofree char *kept = g_strdup_printf ("\"micropub\":\"%smicropub\"", f->site);
  g_autoptr(KennisTargetInfo) stored = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  guint home_reads;

  stored = kennis_store_get_target (f->outbox.store, f->target_id, &error);
  g_assert_no_error (error);
  config = kennis_target_config_set_strings (stored->config, "micropub", old, NULL);
  g_assert_true (kennis_store_update_target (f->outbox.store, f->target_id, NULL, config, &error));
  home_reads = f->home_reads;

  entry = share_new_entry (f, "Verhuisd");
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->home_reads, ==, home_reads + 1);
  g_assert_false (f->token_leaked);
  g_clear_pointer (&stored, kennis_target_info_free);
  stored = kennis_store_get_target (f->outbox.store, f->target_id, &error);
  g_assert_nonnull (strstr (stored->config, kept));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Read when a target's session is made: an answer slower than this is
   * given up on (FAULT_SLOW_CREATE). */
  g_setenv ("KENNIS_HTTP_TIMEOUT", "1", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/micropub/discovery/link-header", test_discovery_link_header);
  ADD ("/micropub/discovery/html", test_discovery_html);
  ADD ("/micropub/check/without-token", test_check_without_token);
  ADD ("/micropub/cached-endpoint", test_cached_endpoint);
  ADD ("/micropub/publish-update-withdraw", test_publish_update_withdraw);
  ADD ("/micropub/bad-token", test_bad_token);
  ADD ("/micropub/retry-after", test_retry_after);
  ADD ("/micropub/lost-answer/slug-ignored", test_lost_answer_slug_ignored);
#undef ADD
#define ADD(path, func) g_test_add (path, Fixture, NULL, outbox_set_up, func, fixture_tear_down)
  ADD ("/outbox/micropub/share-update-unshare", test_outbox_share_update_unshare);
  ADD ("/outbox/micropub/lost-answer", test_outbox_lost_answer);
  ADD ("/outbox/micropub/restart-lost-answer", test_outbox_restart_lost_answer);
  ADD ("/outbox/micropub/endpoint-moves", test_outbox_endpoint_moves);
  ADD ("/outbox/micropub/bad-token", test_outbox_bad_token);
  ADD ("/outbox/micropub/retry-after", test_outbox_retry_after);
  ADD ("/outbox/micropub/server-error", test_outbox_server_error);
  ADD ("/outbox/micropub/slow-create", test_outbox_slow_create);
  ADD ("/outbox/micropub/restart", test_outbox_restart);
#undef ADD

  return g_test_run ();
}
