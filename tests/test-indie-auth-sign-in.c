/* test-indie-auth-sign-in.c — signing in to an IndieWeb site through the
 * browser: discovery by metadata and by the older links, the loopback
 * callback with its state and issuer checks, PKCE, a refusal, a token for
 * another site, cancelling, and no token in the log
 *
 * The site is an in-process SoupServer on 127.0.0.1 that is also its own
 * IndieAuth server: a home page naming the endpoints, the metadata, a
 * sign-in page that hands out a code for the challenge it was opened with
 * and sends the browser on to the redirect_uri, and a token endpoint that
 * gives a token only for a code verifier whose S256 is that challenge.
 * The test plays the browser: it opens the sign-in page with a SoupSession
 * of its own, which follows the redirect to Kennis's loopback server and
 * gets the page Kennis shows there.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-indie-auth-sign-in.h"
#include "kennis-pkce.h"
#include "kennis-target.h"
#include "kennis-test-util.h"

#define SCOPES "create update delete"
#define WRONG_VERIFIER "The code verifier does not match the code challenge."
#define SIGNED_IN_PAGE "Kennis is signed in. You can close this tab."
#define NOT_THIS_SIGN_IN "The answer that came back from the browser is not from this sign-in, so Kennis did " \
                         "not take it. Try signing in again."
#define NO_INDIEAUTH "127.0.0.1 does not offer signing in with IndieAuth; paste a token your site gave you instead."

/* Every log message of the run, whatever its level, to look for secrets in. */
static GMutex log_lock;
static GPtrArray *log_records;

/* How the home page names the IndieAuth server. */
typedef enum
{
  SITE_METADATA,        /* Link header to the metadata, which has the issuer */
  SITE_LEGACY,          /* <link rel="authorization_endpoint"> and rel="token_endpoint", no issuer */
  SITE_NONE,            /* names nothing */
  SITE_NOT_WEB,         /* names an ftp:// sign-in page */
  SITE_NO_S256,         /* metadata that offers PKCE "plain" only */
} Site;

/* What the sign-in page sends the browser back with. */
typedef enum
{
  ANSWER_CODE,
  ANSWER_DENIED,        /* the user said no */
  ANSWER_OTHER_STATE,   /* a state from another sign-in */
  ANSWER_OTHER_ISSUER,  /* an iss from another server */
} Answer;

/* What the sign-in page handed out: a code, for one client and challenge. */
typedef struct
{
  char *client_id;
  char *redirect_uri;
  char *challenge;
} Grant;

typedef struct
{
  SoupServer  *server;
  char        *base;          /* "http://127.0.0.1:port" */
  char        *site;          /* base + "/" */
  char        *issuer;
  SoupSession *browser;
  Site         site_kind;
  Answer       answer;
  const char  *me;            /* what the token endpoint says the token is for; NULL: the site */
  GHashTable  *grants;        /* code → Grant */
  GHashTable  *tokens;        /* access token → me */
  GHashTable  *authorize;     /* the parameters the sign-in page was last opened with */
  char        *last_verifier;
  guint        token_requests;
} Fixture;

/* --- The site and its IndieAuth server ------------------------------------ */

static void
grant_free (Grant *grant)
{
  g_free (grant->client_id);
  g_free (grant->redirect_uri);
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

static void
reply_oauth_error (SoupServerMessage *message,
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
  reply_json (message, 400, builder);
}

static void
serve_home (Fixture           *f,
            SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  switch (f->site_kind)
    {
    case SITE_METADATA:
    case SITE_NO_S256:
      /* The metadata wins over the older links, which lead nowhere here. */
      soup_message_headers_append (headers, "Link", "</indieauth/metadata>; rel=\"indieauth-metadata\"");
      reply (message, 200, "text/html",
             "<html><head><link rel=\"authorization_endpoint\" href=\"/nowhere\">"
             "<link rel=\"token_endpoint\" href=\"/nowhere\"></head><body>Anna</body></html>");
      break;
    case SITE_LEGACY:
      /* Relative addresses, one of them relative to the page. */
      reply (message, 200, "text/html",
             "<html><head><link rel=\"stylesheet\" href=\"/style.css\">"
             "<link rel=\"authorization_endpoint\" href=\"/auth\">"
             "<link rel=\"token_endpoint\" href=\"token\"></head><body>Anna</body></html>");
      break;
    case SITE_NOT_WEB:
      reply (message, 200, "text/html",
             "<html><head><link rel=\"authorization_endpoint\" href=\"ftp://127.0.0.1/auth\">"
             "<link rel=\"token_endpoint\" href=\"/token\"></head><body>Anna</body></html>");
      break;
    case SITE_NONE:
    default:
      reply (message, 200, "text/html", "<html><head><title>Anna</title></head><body>Anna</body></html>");
      break;
    }
}

static void
serve_metadata (Fixture           *f,
                SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *authorization = g_strconcat (f->base, "/auth", NULL);
  g_autofree char *token = g_strconcat (f->base, "/token", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, f->issuer);
  json_builder_set_member_name (builder, "authorization_endpoint");
  json_builder_add_string_value (builder, authorization);
  json_builder_set_member_name (builder, "token_endpoint");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "code_challenge_methods_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, f->site_kind == SITE_NO_S256 ? "plain" : "S256");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  reply_json (message, 200, builder);
}

/* The sign-in page, after the user allowed (or refused) Kennis: back to
 * the redirect_uri with a code, the state and the issuer. */
static void
serve_authorize (Fixture           *f,
                 SoupServerMessage *message,
                 GHashTable        *query)
{
  const char *redirect_uri = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *challenge = query != NULL ? g_hash_table_lookup (query, "code_challenge") : NULL;
  g_autofree char *code = dup_random ("code-");
  g_autofree char *encoded = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GHashTable) answer = g_hash_table_new (g_str_hash, g_str_equal);
  Grant *grant;

  g_clear_pointer (&f->authorize, g_hash_table_unref);
  f->authorize = query != NULL ? g_hash_table_ref (query) : NULL;
  if (redirect_uri == NULL || state == NULL || challenge == NULL)
    {
      reply (message, 400, "text/plain", "Not a sign-in request.");
      return;
    }

  switch (f->answer)
    {
    case ANSWER_DENIED:
      g_hash_table_insert (answer, "error", "access_denied");
      g_hash_table_insert (answer, "state", (char *)state);
      break;
    case ANSWER_OTHER_STATE:
      g_hash_table_insert (answer, "code", code);
      g_hash_table_insert (answer, "state", "a-state-from-another-sign-in");
      break;
    case ANSWER_CODE:
    case ANSWER_OTHER_ISSUER:
    default:
      g_hash_table_insert (answer, "code", code);
      g_hash_table_insert (answer, "state", (char *)state);
      break;
    }
  /* Only servers with metadata say who they are. */
  if (f->answer == ANSWER_OTHER_ISSUER)
    g_hash_table_insert (answer, "iss", "https://another-server.example/");
  else if (f->site_kind == SITE_METADATA)
    g_hash_table_insert (answer, "iss", f->issuer);

  grant = g_new0 (Grant, 1);
  grant->client_id = g_strdup (g_hash_table_lookup (query, "client_id"));
  grant->redirect_uri = g_strdup (redirect_uri);
  grant->challenge = g_strdup (challenge);
  g_hash_table_insert (f->grants, g_strdup (code), grant);

  encoded = soup_form_encode_hash (answer);
  back = g_strconcat (redirect_uri, "?", encoded, NULL);
  soup_server_message_set_redirect (message, 302, back);
}

/* The token endpoint: a token for a code it gave, from the client it gave
 * it to, with a verifier that matches the code's challenge. */
static void
serve_token (Fixture           *f,
             SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Accept");
  g_autofree char *text = g_strndup (body->data, body->length);
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *code = g_hash_table_lookup (form, "code");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  Grant *grant = code != NULL ? g_hash_table_lookup (f->grants, code) : NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *me = f->me != NULL ? f->me : f->site;

  f->token_requests++;
  g_free (f->last_verifier);
  f->last_verifier = g_strdup (verifier);
  if (g_strcmp0 (accept, "application/json") != 0)
    {
      reply (message, 406, "text/plain", "This server answers in JSON only.");
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "authorization_code") != 0 || grant == NULL ||
      g_strcmp0 (g_hash_table_lookup (form, "client_id"), grant->client_id) != 0 ||
      g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), grant->redirect_uri) != 0)
    {
      reply_oauth_error (message, "invalid_grant", "The authorization code is not valid.");
      return;
    }
  challenge = kennis_test_s256 (verifier != NULL ? verifier : "");
  if (!g_str_equal (challenge, grant->challenge))
    {
      reply_oauth_error (message, "invalid_grant", WRONG_VERIFIER);
      return;
    }

  g_hash_table_remove (f->grants, code);
  token = dup_random ("token-");
  g_hash_table_insert (f->tokens, g_strdup (token), g_strdup (me));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, SCOPES);
  json_builder_set_member_name (builder, "me");
  json_builder_add_string_value (builder, me);
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

  if (g_str_equal (path, "/") && method == SOUP_METHOD_GET)
    serve_home (f, message);
  else if (g_str_equal (path, "/indieauth/metadata") && method == SOUP_METHOD_GET)
    serve_metadata (f, message);
  else if (g_str_equal (path, "/auth") && method == SOUP_METHOD_GET)
    serve_authorize (f, message, query);
  else if (g_str_equal (path, "/token") && method == SOUP_METHOD_POST)
    serve_token (f, message);
  else
    reply (message, 404, "text/plain", "Not here.");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_mutex_lock (&log_lock);
  g_ptr_array_set_size (log_records, 0);
  g_mutex_unlock (&log_lock);

  f->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) grant_free);
  f->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->browser = soup_session_new ();
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->site = g_strconcat (f->base, "/", NULL);
  f->issuer = g_strconcat (f->base, "/", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->browser);
  g_clear_pointer (&f->grants, g_hash_table_unref);
  g_clear_pointer (&f->tokens, g_hash_table_unref);
  g_clear_pointer (&f->authorize, g_hash_table_unref);
  g_free (f->last_verifier);
  g_free (f->base);
  g_free (f->site);
  g_free (f->issuer);
}

/* --- Driving the sign-in and the browser --------------------------------- */

typedef struct
{
  gboolean  done;
  gpointer  value;
  GError   *error;
} Wait;

/* What the browser showed. */
typedef struct
{
  gboolean     done;
  SoupMessage *message;
  char        *page;
  GError      *error;
} Visit;

static gboolean
is_done (gpointer data)
{
  return ((Wait *)data)->done;
}

static gboolean
visit_is_done (gpointer data)
{
  return ((Visit *)data)->done;
}

static void
visit_clear (Visit *visit)
{
  g_clear_object (&visit->message);
  g_clear_pointer (&visit->page, g_free);
  g_clear_error (&visit->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visit, visit_clear)

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_indie_auth_sign_in_start_finish (KENNIS_INDIE_AUTH_SIGN_IN (source), result, &wait->error);
  wait->done = TRUE;
}

static void
finished_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_indie_auth_sign_in_finish_finish (KENNIS_INDIE_AUTH_SIGN_IN (source), result, &wait->error);
  wait->done = TRUE;
}

static char *
start (KennisIndieAuthSignIn  *sign_in,
       GError                **error)
{
  Wait wait = { FALSE, NULL, NULL };

  kennis_indie_auth_sign_in_start_async (sign_in, NULL, started_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 10000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.value;
}

/* Waits for a finish begun with kennis_indie_auth_sign_in_finish_async(). */
static KennisIndieAuthSignInResult *
wait_finished (Wait    *wait,
               GError **error)
{
  g_assert_true (kennis_test_wait_for (is_done, wait, 10000));
  if (wait->error != NULL)
    g_propagate_error (error, wait->error);
  return wait->value;
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Visit *visit = data;
  g_autoptr(GBytes) page = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &visit->error);

  if (page != NULL)
    visit->page = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  visit->done = TRUE;
}

/* Opens the sign-in page as the browser would; the browser follows the
 * redirect back to Kennis. */
static void
browse_begin (Fixture    *f,
              const char *url,
              Visit      *visit)
{
  visit->message = soup_message_new ("GET", url);
  g_assert_nonnull (visit->message);
  soup_session_send_and_read_async (f->browser, visit->message, G_PRIORITY_DEFAULT, NULL, page_read_cb, visit);
}

static void
browse_end (Visit *visit)
{
  g_assert_true (kennis_test_wait_for (visit_is_done, visit, 10000));
  g_assert_no_error (visit->error);
}

static void
browse (Fixture    *f,
        const char *url,
        Visit      *visit)
{
  browse_begin (f, url, visit);
  browse_end (visit);
}

/* The page the browser ended on is Kennis's, on the loopback address,
 * says @text and may load nothing. */
static void
assert_kennis_page (Visit      *visit,
                    guint       status,
                    const char *text)
{
  GUri *uri = soup_message_get_uri (visit->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (visit->message);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/callback");
  g_assert_cmpuint (soup_message_get_status (visit->message), ==, status);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Security-Policy"), ==, "default-src 'none'");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (headers, NULL), "text/html"));
  g_assert_nonnull (strstr (visit->page, escaped));
}

static GHashTable *
parse_query (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);

  g_assert_nonnull (uri);
  return g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
}

/* The loopback port, from the client_id of the sign-in page's address. */
static guint
loopback_port (const char *url)
{
  g_autoptr(GHashTable) params = parse_query (url);
  g_autoptr(GUri) client = g_uri_parse (g_hash_table_lookup (params, "client_id"), G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (client);
  return g_uri_get_port (client);
}

/* Whether anything on this computer still takes connections on @port. */
static gboolean
accepts (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (connection == NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  return connection != NULL;
}

/* The sign-in page's address with a challenge of another verifier. */
static char *
replace_challenge (const char *url,
                   const char *verifier)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = parse_query (url);
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

static gboolean
browser_came_back (gpointer data)
{
  return logged ("The browser came back from signing in");
}

/* The one token the site handed out, or NULL. */
static const char *
only_token (Fixture *f)
{
  GHashTableIter iter;
  gpointer token = NULL;

  g_hash_table_iter_init (&iter, f->tokens);
  if (!g_hash_table_iter_next (&iter, &token, NULL))
    return NULL;
  g_assert_false (g_hash_table_iter_next (&iter, NULL, NULL));
  return token;
}

/* Start, the browser, finish, for a sign-in that is refused after the
 * browser came back: the error, the page the browser shows, and the
 * loopback server gone. */
static GError *
sign_in_refused (Fixture    *f,
                 const char *typed,
                 gboolean    tamper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (typed);
  g_autofree char *url = start (sign_in, &error);
  g_autofree char *opened = NULL;
  g_autofree char *page_text = NULL;
  g_autoptr(KennisIndieAuthSignInResult) result = NULL;
  g_auto(Visit) visit = { FALSE, NULL, NULL, NULL };
  Wait wait = { FALSE, NULL, NULL };

  g_assert_no_error (error);
  opened = tamper ? replace_challenge (url, "an-interceptor-s-own-verifier-of-enough-length-0123456789")
                  : g_strdup (url);
  kennis_indie_auth_sign_in_finish_async (sign_in, NULL, finished_cb, &wait);
  browse (f, opened, &visit);
  result = wait_finished (&wait, &error);
  g_assert_null (result);
  g_assert_nonnull (error);

  page_text = g_strconcat ("Kennis could not sign in: ", error->message, NULL);
  assert_kennis_page (&visit, 400, page_text);
  g_assert_false (accepts (loopback_port (url)));
  return g_steal_pointer (&error);
}

/* --- Cases ---------------------------------------------------------------- */

/* RFC 7636, appendix B, for the mock's S256 and Kennis's; Kennis's
 * verifiers and states are long, random and need no escaping. */
static void
test_pkce (void)
{
  const char *example = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const char *unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  g_autofree char *mock = kennis_test_s256 (example);
  g_autofree char *kennis = kennis_pkce_dup_challenge (example);
  g_autofree char *verifier = kennis_pkce_dup_verifier ();
  g_autofree char *other_verifier = kennis_pkce_dup_verifier ();
  g_autofree char *state = kennis_pkce_dup_state ();
  g_autofree char *other_state = kennis_pkce_dup_state ();

  g_assert_cmpstr (mock, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  g_assert_cmpstr (kennis, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  g_assert_cmpuint (strlen (verifier), >=, 43);
  g_assert_cmpuint (strlen (verifier), <=, 128);
  g_assert_cmpuint (strspn (verifier, unreserved), ==, strlen (verifier));
  g_assert_cmpstr (verifier, !=, other_verifier);
  g_assert_cmpuint (strlen (state), >=, 20);
  g_assert_cmpuint (strspn (state, unreserved), ==, strlen (state));
  g_assert_cmpstr (state, !=, other_state);
}

/* The site through its metadata: the sign-in page is the one the
 * metadata names, asked for Kennis's loopback client, the site and the
 * scopes; the browser ends on Kennis's page; the token is for the site;
 * the loopback server is gone; and neither the token nor the verifier is
 * in the log. */
static void
test_flow_metadata (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KennisIndieAuthSignIn *sign_in = kennis_indie_auth_sign_in_new (f->base);
  g_autofree char *url = NULL;
  g_autofree char *auth = g_strconcat (f->base, "/auth?", NULL);
  g_autofree char *client_id = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *signed_in = g_strconcat ("Signed in to 127.0.0.1 as ", f->site, NULL);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(KennisIndieAuthSignInResult) result = NULL;
  g_auto(Visit) visit = { FALSE, NULL, NULL, NULL };
  Wait wait = { FALSE, NULL, NULL };
  guint port;

  /* The address as the Micropub target's settings and the keyring hold it. */
  g_assert_cmpstr (kennis_indie_auth_sign_in_get_site (sign_in), ==, f->site);

  url = start (sign_in, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, auth));
  port = loopback_port (url);
  client_id = g_strdup_printf ("http://127.0.0.1:%u/", port);
  redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  params = parse_query (url);
  g_assert_cmpuint (g_hash_table_size (params), ==, 8);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, client_id);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, redirect_uri);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, SCOPES);
  g_assert_cmpstr (g_hash_table_lookup (params, "me"), ==, f->site);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "code_challenge")), ==, 43);
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 20);
  /* Kennis waits for the browser from the start. */
  g_assert_true (accepts (port));

  kennis_indie_auth_sign_in_finish_async (sign_in, NULL, finished_cb, &wait);
  browse (f, url, &visit);
  assert_kennis_page (&visit, 200, SIGNED_IN_PAGE);
  result = wait_finished (&wait, &error);
  g_assert_no_error (error);

  g_assert_nonnull (result);
  g_assert_cmpstr (g_hash_table_lookup (f->tokens, result->access_token), ==, f->site);
  g_assert_cmpstr (result->me, ==, f->site);
  /* The code was used up, once. */
  g_assert_cmpuint (g_hash_table_size (f->grants), ==, 0);
  g_assert_cmpuint (f->token_requests, ==, 1);
  /* Nobody can come back to Kennis's address after the sign-in. */
  g_assert_false (accepts (port));

  g_assert_true (logged (signed_in));
  g_assert_false (logged (result->access_token));
  g_assert_false (logged (f->last_verifier));
  g_assert_null (strstr (visit.page, result->access_token));
  /* Nothing holds on to the sign-in once it is done. */
  g_assert_finalize_object (sign_in);
}

/* A site with the older links only, relative ones, and a server that
 * does not say who it is: signing in works all the same. */
static void
test_flow_legacy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (f->site);
  g_autofree char *url = NULL;
  g_autofree char *auth = g_strconcat (f->base, "/auth?", NULL);
  g_autoptr(KennisIndieAuthSignInResult) result = NULL;
  g_auto(Visit) visit = { FALSE, NULL, NULL, NULL };
  Wait wait = { FALSE, NULL, NULL };

  f->site_kind = SITE_LEGACY;
  url = start (sign_in, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, auth));

  kennis_indie_auth_sign_in_finish_async (sign_in, NULL, finished_cb, &wait);
  browse (f, url, &visit);
  assert_kennis_page (&visit, 200, SIGNED_IN_PAGE);
  /* The server said nothing of who it is, and Kennis did not ask. */
  g_assert_null (strstr (g_uri_get_query (soup_message_get_uri (visit.message)), "iss="));
  result = wait_finished (&wait, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (g_hash_table_lookup (f->tokens, result->access_token), ==, f->site);
  g_assert_false (accepts (loopback_port (url)));
  g_assert_false (logged (result->access_token));
}

/* The browser came back before Kennis was asked to finish: the answer
 * waits, and finishing takes it. */
static void
test_early_browser (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (f->site);
  g_autofree char *url = start (sign_in, &error);
  g_autoptr(KennisIndieAuthSignInResult) result = NULL;
  g_auto(Visit) visit = { FALSE, NULL, NULL, NULL };
  Wait wait = { FALSE, NULL, NULL };

  g_assert_no_error (error);
  browse_begin (f, url, &visit);
  g_assert_true (kennis_test_wait_for (browser_came_back, NULL, 10000));
  /* Nothing was traded yet, and the browser still waits for its page. */
  g_assert_cmpuint (f->token_requests, ==, 0);
  g_assert_false (visit.done);

  kennis_indie_auth_sign_in_finish_async (sign_in, NULL, finished_cb, &wait);
  browse_end (&visit);
  assert_kennis_page (&visit, 200, SIGNED_IN_PAGE);
  result = wait_finished (&wait, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (f->tokens, result->access_token), ==, f->site);
}

/* An answer with another sign-in's state is refused before any code is
 * traded; so is one from another server than the metadata names. */
static void
test_other_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->answer = ANSWER_OTHER_STATE;
  error = sign_in_refused (f, f->site, FALSE);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, NOT_THIS_SIGN_IN);
  g_assert_cmpuint (f->token_requests, ==, 0);
  g_assert_cmpuint (g_hash_table_size (f->tokens), ==, 0);
}

static void
test_other_issuer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->answer = ANSWER_OTHER_ISSUER;
  error = sign_in_refused (f, f->site, FALSE);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The answer that came back from the browser is not from the server "
                                       "127.0.0.1 names for signing in, so Kennis did not take it.");
  g_assert_cmpuint (f->token_requests, ==, 0);
}

/* The user said no on the site's page. */
static void
test_denied (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->answer = ANSWER_DENIED;
  error = sign_in_refused (f, f->site, FALSE);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "You did not allow Kennis to post to 127.0.0.1.");
  g_assert_cmpuint (f->token_requests, ==, 0);
}

/* The page opened with the challenge of another verifier: the token
 * endpoint refuses Kennis's verifier, in its own words. With the flow
 * cases, that shows Kennis's challenge is the S256 of the verifier it
 * sends. */
static void
test_verifier_mismatch (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  error = sign_in_refused (f, f->site, TRUE);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 says: " WRONG_VERIFIER);
  g_assert_cmpuint (f->token_requests, ==, 1);
  g_assert_cmpuint (g_hash_table_size (f->tokens), ==, 0);
}

/* The token endpoint gives a token for a profile on another host: Kennis
 * does not take it, and the token shows up nowhere. */
static void
test_other_host (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *token;

  f->me = "https://someone-else.example/";
  error = sign_in_refused (f, f->site, FALSE);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 gave a token for https://someone-else.example/, which is "
                                       "not on 127.0.0.1, so Kennis did not take it.");
  token = only_token (f);
  g_assert_nonnull (token);
  g_assert_false (logged (token));
  g_assert_false (logged (f->last_verifier));
}

/* Sites that do not offer IndieAuth, or not in a way Kennis can use:
 * said before the browser opens, with the way out. */
static void
test_no_indieauth (Fixture       *f,
                   gconstpointer  data)
{
  const struct
  {
    Site        site_kind;
    const char *message;
  } cases[] = {
    { SITE_NONE, NO_INDIEAUTH },
    { SITE_NOT_WEB, NO_INDIEAUTH },
    { SITE_NO_S256, "127.0.0.1 does not offer the safe way of signing in that Kennis uses (PKCE with S256); "
                    "paste a token your site gave you instead." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (f->site);
      g_autofree char *url = NULL;

      f->site_kind = cases[i].site_kind;
      url = start (sign_in, &error);
      g_assert_null (url);
      g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_null (f->authorize);
    }
}

/* The user gives up while Kennis waits for the browser: finishing says
 * cancelled, and Kennis's address no longer takes connections. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KennisIndieAuthSignIn *sign_in = kennis_indie_auth_sign_in_new (f->site);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = start (sign_in, &error);
  g_autoptr(KennisIndieAuthSignInResult) result = NULL;
  Wait wait = { FALSE, NULL, NULL };
  guint port;

  g_assert_no_error (error);
  port = loopback_port (url);
  kennis_indie_auth_sign_in_finish_async (sign_in, cancellable, finished_cb, &wait);
  kennis_test_settle (50);
  g_assert_false (wait.done);
  g_assert_true (accepts (port));

  g_cancellable_cancel (cancellable);
  result = wait_finished (&wait, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (accepts (port));
  g_assert_finalize_object (sign_in);
}

/* A sign-in that is dropped without finishing stops waiting too. */
static void
test_dropped (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KennisIndieAuthSignIn *sign_in = kennis_indie_auth_sign_in_new (f->site);
  g_autofree char *url = start (sign_in, &error);
  guint port;

  g_assert_no_error (error);
  port = loopback_port (url);
  g_assert_true (accepts (port));
  g_assert_finalize_object (sign_in);
  g_assert_false (accepts (port));
}

/* An address that is no web address is refused before anything is sent;
 * other forms become what the Micropub target keeps. */
static void
test_addresses (void)
{
  const char *bad[] = { "", "ftp://me.example.org/", "https://" };
  g_autoptr(KennisIndieAuthSignIn) bare = kennis_indie_auth_sign_in_new (" Me.Example.org ");
  g_autoptr(KennisIndieAuthSignIn) full = kennis_indie_auth_sign_in_new ("https://me.example.org");

  g_assert_cmpstr (kennis_indie_auth_sign_in_get_site (bare), ==, "https://me.example.org/");
  g_assert_cmpstr (kennis_indie_auth_sign_in_get_site (full), ==, "https://me.example.org/");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (bad[i]);
      g_autofree char *url = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” is not a web address starting with http:// or https://.",
                                                   bad[i]);

      g_assert_null (kennis_indie_auth_sign_in_get_site (sign_in));
      url = start (sign_in, &error);
      g_assert_null (url);
      g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
      g_assert_cmpstr (error->message, ==, expected);
    }
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

  g_test_add_func ("/indie-auth-sign-in/pkce", test_pkce);
  g_test_add_func ("/indie-auth-sign-in/addresses", test_addresses);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/indie-auth-sign-in/flow/metadata", test_flow_metadata);
  ADD ("/indie-auth-sign-in/flow/legacy", test_flow_legacy);
  ADD ("/indie-auth-sign-in/flow/early-browser", test_early_browser);
  ADD ("/indie-auth-sign-in/refused/other-state", test_other_state);
  ADD ("/indie-auth-sign-in/refused/other-issuer", test_other_issuer);
  ADD ("/indie-auth-sign-in/refused/denied", test_denied);
  ADD ("/indie-auth-sign-in/refused/verifier-mismatch", test_verifier_mismatch);
  ADD ("/indie-auth-sign-in/refused/other-host", test_other_host);
  ADD ("/indie-auth-sign-in/no-indieauth", test_no_indieauth);
  ADD ("/indie-auth-sign-in/cancel", test_cancel);
  ADD ("/indie-auth-sign-in/dropped", test_dropped);
#undef ADD

  status = g_test_run ();
  g_ptr_array_unref (log_records);
  return status;
}
