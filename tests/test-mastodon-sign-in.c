/* test-mastodon-sign-in.c — signing in to Mastodon through the browser:
 * the whole flow, the sign-in page's address, a wrong code, PKCE, and no
 * token in the log
 *
 * The server is an in-process SoupServer on 127.0.0.1 that answers as
 * Mastodon does: it registers apps, shows a code on its sign-in page (the
 * test plays the browser and reads it off the page), and trades the code
 * for a token only with the app's secret and a code verifier whose S256
 * matches the challenge the page was opened with.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-mastodon-sign-in.h"
#include "kennis-target.h"
#include "kennis-test-util.h"

#define OOB "urn:ietf:wg:oauth:2.0:oob"
#define SCOPES "read write:statuses"
#define INVALID_GRANT "The provided authorization grant is invalid, expired, revoked, does not match the " \
                      "redirection URI used in the authorization request, or was issued to another client."
#define WRONG_VERIFIER "The code verifier does not match the code challenge."

/* Every log message of the run, whatever its level, to look for secrets in. */
static GMutex log_lock;
static GPtrArray *log_records;

typedef enum
{
  FAULT_NONE,
  FAULT_REDIRECT,    /* every request is sent on to another address */
} Fault;

/* What a sign-in page handed out: a code, for one app and one challenge. */
typedef struct
{
  char *client_id;
  char *challenge;
} Grant;

typedef struct
{
  SoupServer  *server;
  char        *instance;   /* "http://127.0.0.1:port" */
  SoupSession *browser;
  GHashTable  *apps;       /* client_id → client_secret */
  GHashTable  *grants;     /* code → Grant */
  GHashTable  *tokens;     /* access token → acct */
  char        *last_client_id;
  Fault        fault;
} Fixture;

/* --- The server ----------------------------------------------------------- */

static void
grant_free (Grant *grant)
{
  g_free (grant->client_id);
  g_free (grant->challenge);
  g_free (grant);
}

/* Secrets that cannot turn up in a log by chance. */
static char *
dup_random (const char *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (prefix, uuid, NULL);
}

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_json (SoupServerMessage *message,
            guint              status,
            JsonBuilder       *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  reply (message, status, "application/json", text);
}

/* Doorkeeper's way of saying no: a code and a sentence. */
static void
reply_oauth_error (SoupServerMessage *message,
                   guint              status,
                   const char        *error,
                   const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  reply_json (message, status, builder);
}

static GHashTable *
decode_form (SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                                            NULL);
  g_autofree char *text = g_strndup (body->data, body->length);

  g_assert_cmpstr (type, ==, "application/x-www-form-urlencoded");
  return soup_form_decode (text);
}

static void
register_app (Fixture           *f,
              SoupServerMessage *message)
{
  g_autoptr(GHashTable) form = decode_form (message);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *client_id = dup_random ("client-");
  g_autofree char *secret = dup_random ("secret-");

  g_assert_cmpstr (g_hash_table_lookup (form, "client_name"), ==, "Kennis");
  g_assert_cmpstr (g_hash_table_lookup (form, "redirect_uris"), ==, OOB);
  g_assert_cmpstr (g_hash_table_lookup (form, "scopes"), ==, SCOPES);
  g_hash_table_insert (f->apps, g_strdup (client_id), g_strdup (secret));
  g_free (f->last_client_id);
  f->last_client_id = g_strdup (client_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "563419");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Kennis");
  json_builder_set_member_name (builder, "redirect_uri");
  json_builder_add_string_value (builder, OOB);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "client_secret");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);
  reply_json (message, 200, builder);
}

/* The page a signed-in user sees after allowing the app, which shows the
 * code to copy, as Mastodon's out-of-band page does. */
static void
authorize (Fixture           *f,
           SoupServerMessage *message,
           GHashTable        *query)
{
  const char *client_id = query != NULL ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *challenge = query != NULL ? g_hash_table_lookup (query, "code_challenge") : NULL;
  g_autofree char *code = g_uuid_string_random ();
  g_autofree char *page = NULL;
  Grant *grant;

  if (client_id == NULL || !g_hash_table_contains (f->apps, client_id) || challenge == NULL ||
      g_strcmp0 (g_hash_table_lookup (query, "response_type"), "code") != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "redirect_uri"), OOB) != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "scope"), SCOPES) != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "code_challenge_method"), "S256") != 0)
    {
      reply (message, 400, "text/html", "<p>The client is not authorised to do this.</p>");
      return;
    }

  grant = g_new0 (Grant, 1);
  grant->client_id = g_strdup (client_id);
  grant->challenge = g_strdup (challenge);
  g_hash_table_insert (f->grants, g_strdup (code), grant);
  page = g_strdup_printf ("<div class=\"form-container\"><p>Copy this authorization code and paste it "
                          "to the application.</p><input class=\"oauth-code\" readonly type=\"text\" "
                          "value=\"%s\"></div>", code);
  reply (message, 200, "text/html", page);
}

static void
reply_token (Fixture           *f,
             SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *token = dup_random ("token-");

  g_hash_table_insert (f->tokens, g_strdup (token), g_strdup ("anna"));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, SCOPES);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, 1767225600);
  json_builder_end_object (builder);
  reply_json (message, 200, builder);
}

/* A code is good once, for the app it was given to, with the verifier
 * whose S256 the sign-in page was given. */
static void
issue_token (Fixture           *f,
             SoupServerMessage *message)
{
  g_autoptr(GHashTable) form = decode_form (message);
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *code = g_hash_table_lookup (form, "code");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  const char *secret = client_id != NULL ? g_hash_table_lookup (f->apps, client_id) : NULL;
  Grant *grant = code != NULL ? g_hash_table_lookup (f->grants, code) : NULL;
  g_autofree char *challenge = verifier != NULL ? kennis_test_s256 (verifier) : NULL;

  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "authorization_code");
  g_assert_cmpstr (g_hash_table_lookup (form, "redirect_uri"), ==, OOB);
  g_assert_cmpstr (g_hash_table_lookup (form, "scope"), ==, SCOPES);

  if (secret == NULL || g_strcmp0 (g_hash_table_lookup (form, "client_secret"), secret) != 0)
    reply_oauth_error (message, 401, "invalid_client", "Client authentication failed due to unknown client, "
                       "no client authentication included, or unsupported authentication method.");
  else if (grant == NULL || !g_str_equal (grant->client_id, client_id))
    reply_oauth_error (message, 400, "invalid_grant", INVALID_GRANT);
  else if (challenge == NULL || !g_str_equal (challenge, grant->challenge))
    reply_oauth_error (message, 400, "invalid_grant", WRONG_VERIFIER);
  else
    reply_token (f, message);
  if (grant != NULL)
    g_hash_table_remove (f->grants, code);
}

static void
verify_credentials (Fixture           *f,
                    SoupServerMessage *message)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                   "Authorization");
  const char *acct = auth != NULL && g_str_has_prefix (auth, "Bearer ")
                     ? g_hash_table_lookup (f->tokens, auth + strlen ("Bearer ")) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (acct == NULL)
    {
      reply (message, 401, "application/json", "{\"error\":\"The access token is invalid\"}");
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "109302");
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, acct);
  json_builder_set_member_name (builder, "acct");
  json_builder_add_string_value (builder, acct);
  json_builder_end_object (builder);
  reply_json (message, 200, builder);
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

  if (f->fault == FAULT_REDIRECT)
    soup_server_message_set_redirect (message, 302, "/elsewhere");
  else if (g_str_equal (path, "/api/v1/apps") && g_str_equal (method, "POST"))
    register_app (f, message);
  else if (g_str_equal (path, "/oauth/authorize") && g_str_equal (method, "GET"))
    authorize (f, message, query);
  else if (g_str_equal (path, "/oauth/token") && g_str_equal (method, "POST"))
    issue_token (f, message);
  else if (g_str_equal (path, "/api/v1/accounts/verify_credentials") && g_str_equal (method, "GET"))
    verify_credentials (f, message);
  else
    reply (message, 404, "application/json", "{\"error\":\"Record not found\"}");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) grant_free);
  f->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->browser = soup_session_new ();

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->instance = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->browser);
  g_clear_pointer (&f->apps, g_hash_table_unref);
  g_clear_pointer (&f->grants, g_hash_table_unref);
  g_clear_pointer (&f->tokens, g_hash_table_unref);
  g_free (f->last_client_id);
  g_free (f->instance);
}

/* --- Driving the sign-in ------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gpointer  value;
  GError   *error;
} Wait;

static gboolean
is_done (gpointer data)
{
  return ((Wait *)data)->done;
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_mastodon_sign_in_start_finish (KENNIS_MASTODON_SIGN_IN (source), result, &wait->error);
  wait->done = TRUE;
}

static void
finished_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_mastodon_sign_in_finish_finish (KENNIS_MASTODON_SIGN_IN (source), result, &wait->error);
  wait->done = TRUE;
}

static char *
start (KennisMastodonSignIn  *sign_in,
       GError               **error)
{
  Wait wait = { FALSE, NULL, NULL };

  kennis_mastodon_sign_in_start_async (sign_in, NULL, started_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 10000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.value;
}

static KennisMastodonSignInResult *
finish (KennisMastodonSignIn  *sign_in,
        const char            *code,
        GError               **error)
{
  Wait wait = { FALSE, NULL, NULL };

  kennis_mastodon_sign_in_finish_async (sign_in, code, NULL, finished_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 10000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.value;
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *wait = data;

  wait->value = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &wait->error);
  wait->done = TRUE;
}

/* Opens the sign-in page as the browser would, and copies the code off it. */
static char *
browse (Fixture    *f,
        const char *url)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GRegex) input = g_regex_new ("class=\"oauth-code\"[^>]*value=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *text = NULL;
  Wait wait = { FALSE, NULL, NULL };

  g_assert_nonnull (message);
  soup_session_send_and_read_async (f->browser, message, G_PRIORITY_DEFAULT, NULL, page_read_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 10000));
  g_assert_no_error (wait.error);
  page = wait.value;
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_true (g_regex_match (input, text, 0, &match));
  return g_match_info_fetch (match, 1);
}

/* The sign-in page's address with a challenge of another verifier. */
static char *
replace_challenge (const char *url,
                   const char *verifier)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM,
                                                     NULL);
  g_autofree char *challenge = kennis_test_s256 (verifier);
  g_autofree char *query = NULL;
  g_autoptr(GUri) changed = NULL;

  g_hash_table_replace (params, g_strdup ("code_challenge"), g_strdup (challenge));
  query = soup_form_encode_hash (params);
  changed = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                         g_uri_get_port (uri), g_uri_get_path (uri), query, NULL);
  return g_uri_to_string (changed);
}

static gboolean
logged (const char *text)
{
  gboolean found = FALSE;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_records->len && !found; i++)
    found = strstr (log_records->pdata[i], text) != NULL;
  g_mutex_unlock (&log_lock);
  return found;
}

/* --- Cases ---------------------------------------------------------------- */

/* RFC 7636, appendix B: the mock's S256 is the standard's. */
static void
test_mock_s256 (void)
{
  g_autofree char *challenge = kennis_test_s256 ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

/* Start, the browser, finish: a token for anna, and the token and the
 * app's secret nowhere in the log. */
static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_strconcat (f->instance, "/", NULL);
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (typed);
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;
  g_autoptr(KennisMastodonSignInResult) result = NULL;

  /* The address as the Mastodon target's settings and the keyring hold it. */
  g_assert_cmpstr (kennis_mastodon_sign_in_get_instance (sign_in), ==, f->instance);

  url = start (sign_in, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, f->instance));
  code = browse (f, url);
  result = finish (sign_in, code, &error);
  g_assert_no_error (error);

  g_assert_nonnull (result);
  g_assert_true (g_hash_table_contains (f->tokens, result->access_token));
  g_assert_cmpstr (result->acct, ==, "anna");
  /* The code was used up. */
  g_assert_cmpuint (g_hash_table_size (f->grants), ==, 0);

  /* The log writer saw the sign-in, but neither secret. */
  g_assert_true (logged ("Signed in to 127.0.0.1 as anna"));
  g_assert_false (logged (result->access_token));
  g_assert_false (logged (g_hash_table_lookup (f->apps, f->last_client_id)));
}

static void
assert_challenge (const char *challenge)
{
  /* 32 bytes in base64url without padding. */
  g_assert_cmpuint (strlen (challenge), ==, 43);
  g_assert_cmpuint (strspn (challenge, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
}

/* The sign-in page is the server's, for the app just registered, with
 * the out-of-band redirect, Kennis's scopes and an S256 challenge; each
 * start makes a new verifier. */
static void
test_authorize_url (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (f->instance);
  g_autofree char *url = start (sign_in, &error);
  g_autofree char *again = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) uri_again = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) params_again = NULL;

  g_assert_no_error (error);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/oauth/authorize");
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (params), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, f->last_client_id);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, OOB);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, SCOPES);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  assert_challenge (g_hash_table_lookup (params, "code_challenge"));

  again = start (sign_in, &error);
  g_assert_no_error (error);
  uri_again = g_uri_parse (again, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params_again = g_uri_parse_params (g_uri_get_query (uri_again), -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params_again, "code_challenge"), !=,
                   g_hash_table_lookup (params, "code_challenge"));
}

/* A code the server never gave: its refusal, in its own words. */
static void
test_wrong_code (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (f->instance);
  g_autofree char *url = start (sign_in, &error);
  g_autoptr(KennisMastodonSignInResult) result = NULL;

  g_assert_no_error (error);
  result = finish (sign_in, "not-the-code", &error);
  g_assert_null (result);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Mastodon says: " INVALID_GRANT);
  g_assert_cmpuint (g_hash_table_size (f->tokens), ==, 0);
}

/* The page opened with the challenge of another verifier: the server
 * refuses Kennis's verifier. With the flow case, that shows Kennis's
 * challenge is the S256 of the verifier it sends. */
static void
test_verifier_mismatch (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (f->instance);
  g_autofree char *url = start (sign_in, &error);
  g_autofree char *tampered = NULL;
  g_autofree char *code = NULL;
  g_autoptr(KennisMastodonSignInResult) result = NULL;

  g_assert_no_error (error);
  tampered = replace_challenge (url, "an-interceptor-s-own-verifier-of-enough-length-0123456789");
  code = browse (f, tampered);
  result = finish (sign_in, code, &error);
  g_assert_null (result);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Mastodon says: " WRONG_VERIFIER);
  g_assert_cmpuint (g_hash_table_size (f->tokens), ==, 0);
}

/* A redirect is reported, not followed: the POST is not re-sent as GET. */
static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (f->instance);
  g_autofree char *url = NULL;

  f->fault = FAULT_REDIRECT;
  url = start (sign_in, &error);
  g_assert_null (url);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 sends Kennis on to another address; check the server’s address.");
}

/* Nobody listening: a G_IO_ERROR that names the server. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisMastodonSignIn) sign_in = NULL;
  g_autofree char *url = NULL;

  soup_server_disconnect (f->server);
  sign_in = kennis_mastodon_sign_in_new (f->instance);
  url = start (sign_in, &error);
  g_assert_null (url);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1: "));
}

/* An address that is no server's is refused before anything is sent;
 * plain http only for this computer, so the token never travels in the
 * clear. */
static void
test_bad_address (void)
{
  const char *addresses[] = { "", "ftp://mastodon.social", "http://mastodon.social", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (addresses[i]);
      g_autofree char *url = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” is not a Mastodon server’s address (https://…).",
                                                   addresses[i]);

      g_assert_null (kennis_mastodon_sign_in_get_instance (sign_in));
      url = start (sign_in, &error);
      g_assert_null (url);
      g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_address_forms (void)
{
  g_autoptr(KennisMastodonSignIn) bare = kennis_mastodon_sign_in_new (" mastodon.social ");
  g_autoptr(KennisMastodonSignIn) profile = kennis_mastodon_sign_in_new ("https://mastodon.social/@anna");

  g_assert_cmpstr (kennis_mastodon_sign_in_get_instance (bare), ==, "https://mastodon.social");
  g_assert_cmpstr (kennis_mastodon_sign_in_get_instance (profile), ==, "https://mastodon.social");
}

/* --- Main ----------------------------------------------------------------- */

/* Keeps every field of every message, then writes it as GLib would. */
static GLogWriterOutput
record_log_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_ptr_array_add (log_records, g_strdup (fields[i].value));
    else
      g_ptr_array_add (log_records, g_strndup (fields[i].value, fields[i].length));
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (level, fields, n_fields, data);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Debug messages too: a token must not hide in any of them. They go to
   * stderr, where they do not break the TAP on stdout. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_writer_default_set_use_stderr (TRUE);
  log_records = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/mastodon-sign-in/mock/s256", test_mock_s256);
  g_test_add_func ("/mastodon-sign-in/address/bad", test_bad_address);
  g_test_add_func ("/mastodon-sign-in/address/forms", test_address_forms);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/mastodon-sign-in/flow", test_flow);
  ADD ("/mastodon-sign-in/authorize-url", test_authorize_url);
  ADD ("/mastodon-sign-in/wrong-code", test_wrong_code);
  ADD ("/mastodon-sign-in/verifier-mismatch", test_verifier_mismatch);
  ADD ("/mastodon-sign-in/redirect", test_redirect);
  ADD ("/mastodon-sign-in/unreachable", test_unreachable);
#undef ADD

  status = g_test_run ();
  g_ptr_array_unref (log_records);
  return status;
}
