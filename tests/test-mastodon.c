/* test-mastodon.c — the Mastodon target, through its own API and through
 * the outbox: the status a reader sees, one status per entry even when an
 * answer is lost, edits, deletions, a wrong token, refusals and rate limits
 *
 * The server is an in-process SoupServer on 127.0.0.1 that answers the
 * routes Kennis uses as Mastodon does: statuses are plain text with string
 * ids, a repeated Idempotency-Key gives back the status it made (404 once
 * that is deleted), and the character limit counts every link as 23.
 * Faults: a connection dropped after a create, an answer slower than
 * Kennis waits (KENNIS_HTTP_TIMEOUT is 1 s here), a 500, 422 and 429.
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
#include "kennis-mastodon-target.h"
#include "kennis-share-test.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

#define TOKEN "Zq3-token-of-anna"
#define LINK "https://example.org/artikelen/2026/wat-we-leerden-van-de-migratie"
#define LONG_TEXT "Wij verhuisden de hele wiki in een weekend. Het meeste ging goed, maar de " \
                  "koppelingen tussen pagina's braken op honderd plaatsen, en de zoekfunctie " \
                  "vond daarna alleen nog titels. Dit is wat we de volgende keer anders doen."

typedef enum
{
  FAULT_NONE,
  FAULT_DROP_AFTER_CREATE,  /* the status is made, the answer never comes */
  FAULT_422,                /* every write is refused */
  FAULT_429,                /* every write is refused for 3 s (Retry-After) */
  FAULT_429_RESET,          /* rate limited, as Mastodon says it: X-RateLimit-Reset */
  FAULT_500,                /* every write fails, as a broken server's do */
  FAULT_SLOW_CREATE,        /* the status is made, the answer comes after Kennis gave up */
} Fault;

typedef struct
{
  char                 *dir;
  SoupServer           *server;
  char                 *instance;        /* "http://127.0.0.1:port" */
  GPtrArray            *statuses;        /* JsonObject: id, text, visibility, language, url, deleted */
  GHashTable           *keys;            /* Idempotency-Key → status id */
  guint                 max_characters;  /* 0: the instance does not say */
  Fault                 fault;
  guint                 requests;        /* every request that reached the server */
  guint                 creates;         /* POST /api/v1/statuses among them */
  guint                 edits;
  char                 *last_key;        /* the Idempotency-Key of the last create */
  KennisShareTestOutbox outbox;
  KennisTargetInfo     *target;
} Fixture;

/* --- The server ----------------------------------------------------------- */

/* Mastodon's count: characters, every link as 23. */
static guint
mastodon_length (const char *text)
{
  g_autoptr(GRegex) links = g_regex_new ("https?://\\S+", 0, 0, NULL);
  g_autofree char *counted = g_regex_replace_literal (links, text, -1, 0, "xxxxxxxxxxxxxxxxxxxxxxx", 0, NULL);

  return g_utf8_strlen (counted, -1);
}

static void
reply_text (SoupServerMessage *message,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
reply_error (SoupServerMessage *message,
             guint              status,
             const char        *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  reply_text (message, status, text);
}

static void
reply_status (SoupServerMessage *message,
              JsonObject        *status)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autofree char *content = g_markup_printf_escaped ("<p>%s</p>", json_object_get_string_member (status, "text"));
  JsonObject *copy = json_object_new ();

  json_object_set_string_member (copy, "id", json_object_get_string_member (status, "id"));
  json_object_set_string_member (copy, "url", json_object_get_string_member (status, "url"));
  json_object_set_string_member (copy, "visibility", json_object_get_string_member (status, "visibility"));
  json_object_set_string_member (copy, "content", content);
  json_node_take_object (node, copy);
  text = json_to_string (node, FALSE);
  reply_text (message, 200, text);
}

static JsonObject *
find_status (Fixture    *f,
             const char *id)
{
  for (guint i = 0; i < f->statuses->len; i++)
    if (g_str_equal (json_object_get_string_member (f->statuses->pdata[i], "id"), id))
      return f->statuses->pdata[i];
  return NULL;
}

static guint
count_live (Fixture *f)
{
  guint live = 0;

  for (guint i = 0; i < f->statuses->len; i++)
    live += !json_object_get_boolean_member (f->statuses->pdata[i], "deleted");
  return live;
}

/* The sent status, or NULL when it was refused as Mastodon refuses it. */
static JsonObject *
validate (Fixture           *f,
          SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint limit = f->max_characters > 0 ? f->max_characters : 500;
  const char *text;
  g_autofree char *too_long = NULL;
  JsonObject *sent;

  g_assert_cmpstr (soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL),
                   ==, "application/json");
  g_assert_true (json_parser_load_from_data (parser, body->data, body->length, NULL));
  sent = json_node_get_object (json_parser_get_root (parser));
  text = json_object_get_string_member_with_default (sent, "status", "");
  if (*text == '\0' || f->fault == FAULT_422)
    {
      reply_error (message, 422, "Validation failed: Text can't be blank");
      return NULL;
    }
  if (mastodon_length (text) > limit)
    {
      too_long = g_strdup_printf ("Validation failed: Text character limit of %u exceeded", limit);
      reply_error (message, 422, too_long);
      return NULL;
    }
  return json_object_ref (sent);
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
create_status (Fixture           *f,
               SoupServerMessage *message)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  "Idempotency-Key");
  const char *made = key != NULL ? g_hash_table_lookup (f->keys, key) : NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *url = NULL;
  JsonObject *status;
  char *id;

  f->creates++;
  g_free (f->last_key);
  f->last_key = g_strdup (key);
  if (made != NULL)
    {
      status = find_status (f, made);
      if (json_object_get_boolean_member (status, "deleted"))
        reply_error (message, 404, "Record not found");
      else
        reply_status (message, status);
      return;
    }
  if ((sent = validate (f, message)) == NULL)
    return;

  id = g_strdup_printf ("11223344556677%04u", f->statuses->len + 1);
  url = g_strdup_printf ("%s/@anna/%s", f->instance, id);
  status = json_object_new ();
  json_object_set_string_member (status, "id", id);
  json_object_set_string_member (status, "url", url);
  json_object_set_string_member (status, "text", json_object_get_string_member (sent, "status"));
  json_object_set_string_member (status, "visibility",
                                 json_object_get_string_member_with_default (sent, "visibility", "public"));
  json_object_set_string_member (status, "language",
                                 json_object_get_string_member_with_default (sent, "language", ""));
  json_object_set_boolean_member (status, "deleted", FALSE);
  g_ptr_array_add (f->statuses, status);
  if (key != NULL)
    g_hash_table_insert (f->keys, g_strdup (key), id);
  else
    g_free (id);

  reply_status (message, status);
  if (f->fault == FAULT_DROP_AFTER_CREATE)
    {
      /* The status is made; the connection breaks before the answer. */
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
edit_status (Fixture           *f,
             SoupServerMessage *message,
             JsonObject        *status)
{
  g_autoptr(JsonObject) sent = validate (f, message);

  if (sent == NULL)
    return;
  /* Mastodon cannot change an audience, and ignores the field. */
  json_object_set_string_member (status, "text", json_object_get_string_member (sent, "status"));
  json_object_set_string_member (status, "language",
                                 json_object_get_string_member_with_default (sent, "language", ""));
  f->edits++;
  reply_status (message, status);
}

static const char broken_page[] = "<html><h1>We're sorry, but something went wrong.</h1></html>";

/* TRUE when a fault answered the write. */
static gboolean
refuse_write (Fixture           *f,
              SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) reset = g_date_time_add_seconds (now, 30);
  g_autofree char *reset_text = g_date_time_format_iso8601 (reset);

  switch (f->fault)
    {
    case FAULT_429:
      soup_message_headers_replace (headers, "Retry-After", "3");
      reply_error (message, 429, "Too many requests");
      return TRUE;
    case FAULT_429_RESET:
      soup_message_headers_replace (headers, "X-RateLimit-Limit", "300");
      soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (headers, "X-RateLimit-Reset", reset_text);
      reply_error (message, 429, "Too many requests");
      return TRUE;
    case FAULT_500:
      /* A broken Mastodon answers with its HTML error page. */
      soup_server_message_set_status (message, 500, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, broken_page,
                                        sizeof broken_page - 1);
      return TRUE;
    case FAULT_NONE:
    case FAULT_DROP_AFTER_CREATE:
    case FAULT_SLOW_CREATE:
    case FAULT_422:
    default:
      return FALSE;
    }
}

static void
status_cb (Fixture           *f,
           SoupServerMessage *message,
           const char        *id)
{
  const char *method = soup_server_message_get_method (message);
  JsonObject *status = find_status (f, id);

  if (status == NULL || json_object_get_boolean_member (status, "deleted"))
    reply_error (message, 404, "Record not found");
  else if (g_str_equal (method, "DELETE"))
    {
      json_object_set_boolean_member (status, "deleted", TRUE);
      reply_status (message, status);
    }
  else if (g_str_equal (method, "PUT"))
    edit_status (f, message, status);
  else
    reply_status (message, status);
}

static void
reply_instance (Fixture           *f,
                SoupServerMessage *message)
{
  g_autofree char *json = NULL;

  if (f->max_characters == 0)
    {
      reply_text (message, 200, "{\"domain\": \"127.0.0.1\", \"title\": \"Test\"}");
      return;
    }
  json = g_strdup_printf ("{\"domain\": \"127.0.0.1\", \"configuration\": {\"statuses\": "
                          "{\"max_characters\": %u, \"characters_reserved_per_url\": 23}}}",
                          f->max_characters);
  reply_text (message, 200, json);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  Fixture *f = data;
  const char *method = soup_server_message_get_method (message);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                   "Authorization");

  f->requests++;
  if (g_str_equal (path, "/api/v2/instance"))
    {
      reply_instance (f, message);
      return;
    }
  if (g_strcmp0 (auth, "Bearer " TOKEN) != 0)
    {
      reply_error (message, 401, "The access token is invalid");
      return;
    }
  if (g_str_equal (path, "/api/v1/accounts/verify_credentials"))
    {
      reply_text (message, 200, "{\"id\": \"1\", \"username\": \"anna\", \"acct\": \"anna\", "
                                "\"display_name\": \"Anna\"}");
      return;
    }
  if (!g_str_equal (method, "GET") && refuse_write (f, message))
    return;
  if (g_str_equal (path, "/api/v1/statuses") && g_str_equal (method, "POST"))
    create_status (f, message);
  else if (g_str_has_prefix (path, "/api/v1/statuses/"))
    status_cb (f, message, path + strlen ("/api/v1/statuses/"));
  else
    reply_error (message, 404, "Record not found");
}

/* --- Set-up --------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("kennis-mastodon-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->outbox.path = g_build_filename (f->dir, "kennis.db", NULL);
  f->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  f->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->instance = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  kennis_credentials_store (f->instance, "anna", TOKEN, NULL, &error);
  g_assert_no_error (error);
}

/* The notebook, with the "team" audience routed to the Mastodon account. */
static void
outbox_set_up (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *config = NULL;

  fixture_set_up (f, data);
  kennis_share_test_outbox_open (&f->outbox);

  config = g_strdup_printf ("{\"instance\": \"%s\", \"account\": \"anna\"}", f->instance);
  f->target = kennis_share_test_outbox_add_target (&f->outbox, "mastodon", "Mastodon", config);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kennis_share_test_outbox_clear (&f->outbox);
  g_clear_pointer (&f->target, kennis_target_info_free);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->statuses, g_ptr_array_unref);
  g_clear_pointer (&f->keys, g_hash_table_unref);
  kennis_test_remove_tree (f->dir);
  g_free (f->last_key);
  g_free (f->instance);
  g_free (f->dir);
}

/* --- Driving the target --------------------------------------------------- */

static KennisTarget *
make_target (Fixture    *f,
             const char *more)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf ("{\"instance\": \"%s/\", \"account\": \"anna\"%s}",
                                             f->instance, more != NULL ? more : "");
  KennisMastodonTarget *target = kennis_mastodon_target_new (3, "Mastodon", config, &error);

  g_assert_no_error (error);
  return KENNIS_TARGET (target);
}

static KennisPost *
make_post (const char *title,
           const char *text)
{
  KennisPost *post = kennis_post_new ();
  const char *tags[] = { "leren", "open source", NULL };

  post->id = g_strdup ("5c1e9f0a-2b7d-4e3a-9c61-0f8a7d2b4e10");
  post->title = g_strdup (title);
  post->html = g_markup_printf_escaped ("<p>%s</p>", text);
  post->text = g_strdup (text);
  post->url = g_strdup (LINK);
  g_free (post->language);
  post->language = g_strdup ("nl-BE");
  g_strfreev (post->tags);
  post->tags = g_strdupv ((char **)tags);
  return post;
}

static KennisShareResult *
publish (KennisTarget  *target,
         KennisPost    *post,
         const char    *remote_id,
         GError       **error)
{
  KennisShareRequest *request = kennis_share_test_request (post, remote_id);

  return kennis_share_test_publish (target, request, 20000, error);
}

static gboolean
withdraw (KennisTarget  *target,
          KennisPost    *post,
          const char    *remote_id,
          GError       **error)
{
  KennisShareRequest *request = kennis_share_test_request (post, remote_id);

  return kennis_share_test_withdraw (target, request, 20000, error);
}

static const char *
status_text (Fixture *f,
             guint    i)
{
  return json_object_get_string_member (f->statuses->pdata[i], "text");
}

/* --- The status ----------------------------------------------------------- */

/* Tags become hashtags Mastodon links: CamelCase words, only letters,
 * digits and "_", each once, none without a letter. */
static void
test_status_hashtags (void)
{
  const struct
  {
    const char *tags[4];
    const char *hashtags;
  } cases[] = {
    { { "leren" }, "#leren" },
    { { "open source" }, "#OpenSource" },
    { { "Open-Source", "open source" }, "#OpenSource" },
    { { "café-noir" }, "#CaféNoir" },
    { { "snake_case", "c++", "C" }, "#snake_case #c" },
    { { "2024", "!!!", "" }, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KennisPost) post = kennis_post_new ();
      g_autofree char *status = NULL;
      g_autofree char *expected = NULL;

      post->title = g_strdup ("Titel");
      g_strfreev (post->tags);
      post->tags = g_strdupv ((char **)cases[i].tags);
      status = kennis_mastodon_target_dup_status (post, 500);
      expected = cases[i].hashtags != NULL ? g_strconcat ("Titel\n\n", cases[i].hashtags, NULL)
                                           : g_strdup ("Titel");
      g_assert_cmpstr (status, ==, expected);
    }
}

/* Links count as 23 wherever they are, as Mastodon counts them. */
static void
test_status_count (void)
{
  const struct
  {
    const char *status;
    guint       count;
  } cases[] = {
    { "", 0 },
    { "Café ☕", 6 },
    { "http://a.nl", 23 },
    { LINK, 23 },
    { "Zie " LINK ".", 4 + 23 + 1 },
    { "(" LINK ")", 1 + 23 + 1 },
    { "xhttps://a.nl", 13 },
    { "https://", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (kennis_mastodon_target_count_characters (cases[i].status), ==, cases[i].count);
}

/* Too long: the text is shortened first, at a word, then hashtags go,
 * then the title is shortened; the link stays whole. */
static void
test_status_fit (void)
{
  g_autoptr(KennisPost) post = make_post ("Wat we leerden", LONG_TEXT);
  g_autofree char *whole = kennis_mastodon_target_dup_status (post, 500);
  g_autofree char *fitted = kennis_mastodon_target_dup_status (post, 120);
  g_autofree char *tight = NULL;
  g_autofree char *tightest = NULL;
  gsize cut;

  g_assert_cmpstr (whole, ==, "Wat we leerden\n\n" LONG_TEXT "\n\n" LINK "\n\n#leren #OpenSource");

  g_assert_cmpuint (mastodon_length (fitted), <=, 120);
  g_assert_true (g_str_has_prefix (fitted, "Wat we leerden\n\nWij verhuisden de hele wiki"));
  g_assert_true (g_str_has_suffix (fitted, "…\n\n" LINK "\n\n#leren #OpenSource"));
  /* The cut is at the end of a word. */
  cut = strstr (fitted, "…") - (fitted + strlen ("Wat we leerden\n\n"));
  g_assert_cmpint (strncmp (LONG_TEXT, fitted + strlen ("Wat we leerden\n\n"), cut), ==, 0);
  g_assert_false (g_ascii_isalnum (LONG_TEXT[cut]));

  /* No room for text: hashtags go next. */
  tight = kennis_mastodon_target_dup_status (post, 50);
  g_assert_cmpstr (tight, ==, "Wat we leerden\n\n" LINK "\n\n#leren");

  /* No room for the whole title: it is shortened, the link is not. */
  tightest = kennis_mastodon_target_dup_status (post, 35);
  g_assert_cmpstr (tightest, ==, "Wat we…\n\n" LINK);
}

/* --- The target ----------------------------------------------------------- */

/* Settings a user may type, and what the token is kept under. */
static void
test_config (void)
{
  const struct
  {
    const char *config;
    const char *secret_key;   /* NULL: refused */
  } cases[] = {
    { "{\"instance\": \"https://mastodon.example\", \"account\": \"anna\"}", "https://mastodon.example" },
    { "{\"instance\": \"mastodon.example\", \"account\": \"anna\"}", "https://mastodon.example" },
    { "{\"instance\": \"https://mastodon.example/@anna\", \"account\": \"anna\"}", "https://mastodon.example" },
    { "{\"instance\": \"https://mastodon.example\", \"account\": \"anna\", \"visibility\": \"private\"}",
      "https://mastodon.example" },
    { "{\"instance\": \"http://127.0.0.1:8080/\", \"account\": \"anna\"}", "http://127.0.0.1:8080" },
    /* The token would travel in the clear. */
    { "{\"instance\": \"http://mastodon.example\", \"account\": \"anna\"}", NULL },
    { "{\"instance\": \"https://mastodon.example\"}", NULL },
    { "{\"account\": \"anna\"}", NULL },
    { "{\"instance\": \"https://mastodon.example\", \"account\": \"anna\", \"visibility\": \"direct\"}", NULL },
    { "not json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisMastodonTarget) target = kennis_mastodon_target_new (1, "Mastodon", cases[i].config, &error);
      g_autofree char *key = NULL;

      if (cases[i].secret_key == NULL)
        {
          g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
          g_assert_null (target);
          continue;
        }
      g_assert_no_error (error);
      key = kennis_mastodon_target_dup_secret_key (target);
      g_assert_cmpstr (key, ==, cases[i].secret_key);
      g_assert_cmpstr (kennis_mastodon_target_get_account (target), ==, "anna");
    }
}

/* The check names the server, the account and the server's limit, or
 * says the token is wrong. */
static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target (f, NULL);
  g_autofree char *found = NULL;

  f->max_characters = 1000;
  found = kennis_share_test_check (target, 20000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "Connected to 127.0.0.1 as @anna; a post can have 1000 characters.");

  kennis_credentials_store (f->instance, "anna", "revoked", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kennis_share_test_check (target, 20000, &error));
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "did not accept the access token for anna"));
}

/* Publish makes one status; an update edits it, a withdrawal deletes it. */
static void
test_publish_update_withdraw (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target (f, ", \"visibility\": \"unlisted\"");
  g_autoptr(KennisPost) post = make_post ("Wat we leerden", "Kort verslag.");
  g_autoptr(KennisShareResult) made = NULL;
  g_autoptr(KennisShareResult) edited = NULL;
  JsonObject *status;
  guint requests;

  made = publish (target, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  status = f->statuses->pdata[0];
  g_assert_cmpstr (made->remote_id, ==, json_object_get_string_member (status, "id"));
  g_assert_cmpstr (made->url, ==, json_object_get_string_member (status, "url"));
  g_assert_cmpstr (status_text (f, 0), ==, "Wat we leerden\n\nKort verslag.\n\n" LINK "\n\n#leren #OpenSource");
  g_assert_cmpstr (json_object_get_string_member (status, "visibility"), ==, "unlisted");
  g_assert_cmpstr (json_object_get_string_member (status, "language"), ==, "nl");
  g_assert_cmpstr (f->last_key, ==, "kennis-5c1e9f0a-2b7d-4e3a-9c61-0f8a7d2b4e10");

  g_free (post->title);
  post->title = g_strdup ("Wat we leerden, bijgewerkt");
  edited = publish (target, post, made->remote_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edited->remote_id, ==, made->remote_id);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpuint (f->edits, ==, 1);
  g_assert_true (g_str_has_prefix (status_text (f, 0), "Wat we leerden, bijgewerkt\n\n"));

  g_assert_true (withdraw (target, post, made->remote_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_live (f), ==, 0);

  /* Gone already is done. */
  g_assert_true (withdraw (target, post, made->remote_id, &error));
  g_assert_no_error (error);

  /* Never published: nothing to take down, and nothing is asked. */
  requests = f->requests;
  g_assert_true (withdraw (target, post, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, requests);
}

/* A server that does not state its limit has Mastodon's 500. */
static void
test_default_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target (f, NULL);
  g_autoptr(KennisPost) post = make_post ("Wat we leerden", LONG_TEXT);
  g_autoptr(KennisShareResult) made = publish (target, post, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (status_text (f, 0), LONG_TEXT));
}

/* The answer to a create is lost; the retry carries the same
 * Idempotency-Key and gets the same status back, not a second one. */
static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisPost) post = make_post ("Verbinding weg", "Kort.");
  g_autoptr(KennisTarget) first = make_target (f, NULL);
  g_autoptr(KennisTarget) second = make_target (f, NULL);
  g_autoptr(KennisShareResult) lost = NULL;
  g_autoptr(KennisShareResult) made = NULL;

  f->fault = FAULT_DROP_AFTER_CREATE;
  lost = publish (first, post, NULL, &error);
  g_assert_null (lost);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY);
  g_clear_error (&error);
  g_assert_cmpuint (f->statuses->len, ==, 1);

  made = publish (second, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpstr (made->remote_id, ==, json_object_get_string_member (f->statuses->pdata[0], "id"));
}

/* Withdrawn and shared again within the hour Mastodon keeps a key: the
 * entry is posted again, under the next key. */
static void
test_share_again (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisPost) post = make_post ("Nog eens", "Kort.");
  g_autoptr(KennisTarget) target = make_target (f, NULL);
  g_autoptr(KennisShareResult) first = publish (target, post, NULL, &error);
  g_autoptr(KennisShareResult) again = NULL;

  g_assert_no_error (error);
  g_assert_true (withdraw (target, post, first->remote_id, &error));
  g_assert_no_error (error);

  again = publish (target, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, !=, first->remote_id);
  g_assert_cmpuint (count_live (f), ==, 1);
  g_assert_cmpstr (f->last_key, ==, "kennis-5c1e9f0a-2b7d-4e3a-9c61-0f8a7d2b4e10-2");
}

/* Mastodon's rate limit names the time it lifts; the outbox waits that long. */
static void
test_rate_limit_reset (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisPost) post = make_post ("Te snel", "Kort.");
  g_autoptr(KennisTarget) target = make_target (f, NULL);
  g_autoptr(KennisShareResult) made = NULL;
  guint wait;

  f->fault = FAULT_429_RESET;
  made = publish (target, post, NULL, &error);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY);
  wait = kennis_target_take_retry_after (target);
  g_assert_cmpuint (wait, >=, 28);
  g_assert_cmpuint (wait, <=, 30);
  g_assert_cmpuint (f->statuses->len, ==, 0);
}

/* --- Through the outbox --------------------------------------------------- */

static KennisEntry *
share_new_entry (Fixture    *f,
                 const char *title,
                 const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) team = kennis_store_find_audience (f->outbox.store, "team", NULL);
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_LINK);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, body);
  kennis_entry_set_url (entry, LINK);
  kennis_entry_set_language (entry, "nl");
  kennis_entry_add_tag (entry, "leren");
  kennis_entry_add_tag (entry, "open source");
  kennis_entry_toggle_audience (entry, kennis_audience_get_id (team), TRUE);
  g_assert_true (kennis_store_save_entry (f->outbox.store, entry, &error));
  g_assert_cmpuint (kennis_sharing_share (f->outbox.sharing, entry, &error), ==, 1);
  g_assert_no_error (error);
  return entry;
}

/* The remote id the notebook keeps for the entry. */
static char *
dup_remote_id (Fixture     *f,
               KennisEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shares = kennis_store_list_shares (f->outbox.store, kennis_entry_get_num (entry),
                                                          &error);

  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 1);
  return g_strdup (((KennisShareInfo *)shares->pdata[0])->remote_id);
}

/* An entry for Public is posted publicly, whatever the target's setting
 * for other audiences. */
static void
test_outbox_public (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) public = kennis_store_find_audience (f->outbox.store, "public", NULL);
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  guint queued;

  kennis_store_set_route (f->outbox.store, kennis_audience_get_id (public), f->target->id, TRUE, &error);
  g_assert_no_error (error);
  kennis_entry_set_title (entry, "Voor iedereen");
  kennis_entry_toggle_audience (entry, kennis_audience_get_id (public), TRUE);
  g_assert_true (kennis_store_save_entry (f->outbox.store, entry, &error));
  /* Public also goes to the notebook's own feed folder. */
  queued = kennis_sharing_share (f->outbox.sharing, entry, &error);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&f->outbox, queued);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (f->statuses->pdata[0], "visibility"), ==, "public");
}

/* One status with the title, the text shortened, the link and hashtags,
 * within the server's 120 characters, in the entry's language. */
static void
test_outbox_share (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autofree char *remote_id = NULL;
  const char *text;

  f->max_characters = 120;
  entry = share_new_entry (f, "Wat we leerden", LONG_TEXT);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);

  text = status_text (f, 0);
  g_assert_cmpuint (mastodon_length (text), <=, 120);
  g_assert_true (g_str_has_prefix (text, "Wat we leerden\n\nWij verhuisden"));
  g_assert_true (g_str_has_suffix (text, "…\n\n" LINK "\n\n#leren #OpenSource"));
  g_assert_cmpstr (json_object_get_string_member (f->statuses->pdata[0], "language"), ==, "nl");
  /* For "My team", not Public: unlisted, the target's setting. */
  g_assert_cmpstr (json_object_get_string_member (f->statuses->pdata[0], "visibility"), ==, "unlisted");
  remote_id = dup_remote_id (f, entry);
  g_assert_cmpstr (remote_id, ==, json_object_get_string_member (f->statuses->pdata[0], "id"));
}

/* A title and text far over the limit still post, shortened; the link is
 * whole. */
static void
test_outbox_long (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  const char *text;

  for (guint i = 0; i < 30; i++)
    g_string_append (title, "Een heel lange titel ");
  f->max_characters = 120;
  entry = share_new_entry (f, title->str, LONG_TEXT LONG_TEXT LONG_TEXT);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  text = status_text (f, 0);
  g_assert_cmpuint (mastodon_length (text), <=, 120);
  g_assert_true (g_str_has_prefix (text, "Een heel lange titel"));
  g_assert_true (g_str_has_suffix (text, "…\n\n" LINK));
}

/* The answer to the create is lost; the retry gets the same status back
 * thanks to the Idempotency-Key: one status, and the notebook knows it. */
static void
test_outbox_dropped_after_create (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autofree char *remote_id = NULL;

  f->fault = FAULT_DROP_AFTER_CREATE;
  entry = share_new_entry (f, "Verbinding weg", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (f->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 1);

  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
  remote_id = dup_remote_id (f, entry);
  g_assert_cmpstr (remote_id, ==, json_object_get_string_member (f->statuses->pdata[0], "id"));
}

/* Changed and shared again: the same status is edited. */
static void
test_outbox_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = share_new_entry (f, "Eerste versie", "Kort.");

  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);

  kennis_entry_set_title (entry, "Tweede versie");
  g_assert_cmpuint (kennis_sharing_share (f->outbox.sharing, entry, &error), ==, 1);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpuint (f->edits, ==, 1);
  g_assert_true (g_str_has_prefix (status_text (f, 0), "Tweede versie\n\n"));
}

/* Unshared: the status is deleted. */
static void
test_outbox_unshare (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = share_new_entry (f, "Even gedeeld", "Kort.");

  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (count_live (f), ==, 1);

  g_assert_cmpuint (kennis_sharing_unshare (f->outbox.sharing, entry, 0, &error), ==, 1);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (count_live (f), ==, 0);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* A token the server does not accept stops the job with a clear reason. */
static void
test_outbox_wrong_token (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  kennis_credentials_store (f->instance, "anna", "revoked", NULL, &error);
  g_assert_no_error (error);
  entry = share_new_entry (f, "Geen toegang", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_cmpstr (f->outbox.last_error, ==,
                   "127.0.0.1 did not accept the access token for anna. It may have been "
                   "revoked; add a new one in Preferences.");
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_true (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 0);
}

/* A refusal stops the job, in Mastodon's own words. */
static void
test_outbox_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  f->fault = FAULT_422;
  entry = share_new_entry (f, "Geweigerd", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_cmpstr (f->outbox.last_error, ==, "Mastodon says: Validation failed: Text can't be blank");
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_true (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 0);
}

/* 429 with Retry-After: 3 waits three seconds, then the status is made. */
static void
test_outbox_retry_after (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan wait;

  f->fault = FAULT_429;
  entry = share_new_entry (f, "Te snel", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  now = g_date_time_new_now_utc ();
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  wait = g_date_time_difference (job->next_attempt, now);
  g_assert_cmpint (wait, >, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (wait, <=, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->statuses->len, ==, 0);

  /* Once the wait is over the outbox tries by itself. */
  f->fault = FAULT_NONE;
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->statuses->len, ==, 1);
}

/* The status a share of share_new_entry() with @title and "Kort." makes. */
static char *
dup_expected_status (const char *title)
{
  return g_strconcat (title, "\n\nKort.\n\n" LINK "\n\n#leren #OpenSource", NULL);
}

/* Exactly one status on the server, live, for @entry as the notebook
 * knows it: the whole text, the language, the audience. */
static void
assert_one_status (Fixture     *f,
                   KennisEntry *entry)
{
  g_autofree char *expected = dup_expected_status (kennis_entry_get_title (entry));
  g_autofree char *remote_id = dup_remote_id (f, entry);
  JsonObject *status;

  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpuint (count_live (f), ==, 1);
  status = f->statuses->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (status, "text"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (status, "language"), ==, "nl");
  g_assert_cmpstr (json_object_get_string_member (status, "visibility"), ==, "unlisted");
  g_assert_cmpstr (remote_id, ==, json_object_get_string_member (status, "id"));
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 0);
}

/* A 500 is worth another try: the job waits, not failed, and the status
 * arrives once the server is well. */
static void
test_outbox_server_error (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  f->fault = FAULT_500;
  entry = share_new_entry (f, "Serverfout", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_cmpstr (f->outbox.last_error, ==, "127.0.0.1 is busy or has a problem (500); Kennis will try again.");
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 0);

  f->fault = FAULT_NONE;
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 1);
  assert_one_status (f, entry);
}

/* An answer slower than Kennis waits: the job waits to be tried again, and
 * the try carries the same Idempotency-Key, so Mastodon gives back the
 * status the slow request made instead of making another. */
static void
test_outbox_slow_create (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autofree char *first_key = NULL;

  f->fault = FAULT_SLOW_CREATE;
  entry = share_new_entry (f, "Trage server", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_true (g_str_has_prefix (f->outbox.last_error, "Could not reach 127.0.0.1: "));
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  first_key = g_strdup (f->last_key);

  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  g_assert_cmpstr (f->last_key, ==, first_key);
  assert_one_status (f, entry);

  /* The late answer finds nobody waiting; nothing breaks. */
  kennis_test_settle (3000);
  assert_one_status (f, entry);
}

/* Kennis quits while a job waits after a lost answer (the status was
 * made). Started again on the same notebook, it delivers the entry: the
 * key comes from the entry, not from the process, so there is still one
 * status. */
static void
test_outbox_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gint64 num;

  f->fault = FAULT_DROP_AFTER_CREATE;
  entry = share_new_entry (f, "Na een herstart", "Kort.");
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_nonnull (f->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&f->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  num = kennis_entry_get_num (entry);
  g_clear_object (&entry);
  kennis_share_test_outbox_close (&f->outbox);

  kennis_share_test_outbox_open (&f->outbox);
  g_assert_cmpuint (kennis_share_test_outbox_count (&f->outbox), ==, 1);
  kennis_share_test_outbox_retry (&f->outbox);
  kennis_share_test_outbox_wait (&f->outbox, 1);
  g_assert_null (f->outbox.last_error);
  g_assert_cmpuint (f->creates, ==, 2);
  reread = kennis_store_get_entry_by_num (f->outbox.store, num, &error);
  g_assert_no_error (error);
  assert_one_status (f, reread);
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

  g_test_add_func ("/mastodon/status/hashtags", test_status_hashtags);
  g_test_add_func ("/mastodon/status/count", test_status_count);
  g_test_add_func ("/mastodon/status/fit", test_status_fit);
  g_test_add_func ("/mastodon/config", test_config);

#define ADD(path, set_up, func) g_test_add (path, Fixture, NULL, set_up, func, fixture_tear_down)
  ADD ("/mastodon/check", fixture_set_up, test_check);
  ADD ("/mastodon/publish-update-withdraw", fixture_set_up, test_publish_update_withdraw);
  ADD ("/mastodon/default-limit", fixture_set_up, test_default_limit);
  ADD ("/mastodon/lost-answer", fixture_set_up, test_lost_answer);
  ADD ("/mastodon/share-again", fixture_set_up, test_share_again);
  ADD ("/mastodon/rate-limit-reset", fixture_set_up, test_rate_limit_reset);
  ADD ("/outbox/mastodon/share", outbox_set_up, test_outbox_share);
  ADD ("/outbox/mastodon/public", outbox_set_up, test_outbox_public);
  ADD ("/outbox/mastodon/long", outbox_set_up, test_outbox_long);
  ADD ("/outbox/mastodon/dropped-after-create", outbox_set_up, test_outbox_dropped_after_create);
  ADD ("/outbox/mastodon/update", outbox_set_up, test_outbox_update);
  ADD ("/outbox/mastodon/unshare", outbox_set_up, test_outbox_unshare);
  ADD ("/outbox/mastodon/wrong-token", outbox_set_up, test_outbox_wrong_token);
  ADD ("/outbox/mastodon/refused", outbox_set_up, test_outbox_refused);
  ADD ("/outbox/mastodon/retry-after", outbox_set_up, test_outbox_retry_after);
  ADD ("/outbox/mastodon/server-error", outbox_set_up, test_outbox_server_error);
  ADD ("/outbox/mastodon/slow-create", outbox_set_up, test_outbox_slow_create);
  ADD ("/outbox/mastodon/restart", outbox_set_up, test_outbox_restart);
#undef ADD

  return g_test_run ();
}
