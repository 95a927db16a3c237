/* kennis-indie-auth-sign-in.c — signing in to an IndieWeb site through the
 * browser (IndieAuth), so that nobody has to make a Micropub token by hand
 *
 * Two steps, with the user in between. Start reads the site's home page
 * to find its IndieAuth server: rel="indieauth-metadata" (a JSON document
 * that names the endpoints and the server's issuer name), or else the
 * older rel="authorization_endpoint" and rel="token_endpoint". Then it
 * starts a small web server on 127.0.0.1, on a port the system picks, and
 * gives the address of the site's sign-in page for the browser. Finish
 * waits for the browser to come back to that server with a code, trades
 * the code for an access token at the token endpoint, and shows the
 * browser a page that says how it went.
 *
 * Kennis is a desktop program with no web site of its own, so it uses the
 * loopback form of IndieAuth: client_id http://127.0.0.1:PORT/ and
 * redirect_uri http://127.0.0.1:PORT/callback, on the same host and port,
 * so no server needs to fetch anything about Kennis.
 *
 * What keeps a code from being used by anyone else:
 * - PKCE (RFC 7636): start keeps a random code verifier and sends only its
 *   SHA-256 with the sign-in page's address; finish sends the verifier;
 * - a random state goes out with the sign-in page's address and must come
 *   back with the code, so an answer from another sign-in is refused;
 * - when the metadata names an issuer, the answer's "iss" must be that
 *   issuer (RFC 9207), so a code from another server is refused;
 * - the loopback server listens on 127.0.0.1 only, answers only
 *   /callback, and stops listening once the sign-in has its answer, is
 *   cancelled, or the object goes away.
 *
 * The access token and the code verifier never go into a log message,
 * an error message or the browser's page.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-http.h"
#include "kennis-indie-auth-sign-in.h"
#include "kennis-micropub-target.h"
#include "kennis-pkce.h"
#include "kennis-rel-links.h"
#include "kennis-target.h"
#include "kennis-url.h"

#define SCOPES            "create update delete"
#define CALLBACK_PATH     "/callback"
#define ERROR_TEXT_LENGTH 200

struct _KennisIndieAuthSignIn
{
  GObject                      parent_instance;

  char                        *typed;          /* the address as the user gave it, for messages */
  char                        *site;           /* as the Micropub target keeps it, or NULL when
                                                * @typed is no web address */
  char                        *host;           /* the site's host, as messages name it */
  SoupSession                 *session;

  /* From the last start; finish needs them. */
  char                        *token_endpoint;
  char                        *issuer;         /* NULL when the site has no metadata */
  char                        *client_id;
  char                        *redirect_uri;
  char                        *code_verifier;
  char                        *state;
  SoupServer                  *server;         /* on 127.0.0.1, while it listens */

  /* The browser's visit to the callback, and what became of it. */
  GTask                       *finish_task;    /* while finish waits */
  GSource                     *cancel_source;  /* fires when finish is cancelled */
  SoupServerMessage           *visit;          /* paused until the outcome is known */
  GHashTable                  *visit_query;
  gboolean                     visit_pending;  /* came before finish was asked for */
  gboolean                     visit_done;     /* the page went out, or the browser left */
  gboolean                     exchanging;     /* the code is on its way to the token endpoint */
  gboolean                     settled;        /* the outcome is known */
  gboolean                     completing;
  KennisIndieAuthSignInResult *outcome;
  GError                      *outcome_error;
};

G_DEFINE_FINAL_TYPE (KennisIndieAuthSignIn, kennis_indie_auth_sign_in, G_TYPE_OBJECT)

/* The relations a home page names; IndieAuth prefers the metadata. */
enum
{
  REL_METADATA,
  REL_AUTHORIZATION,
  REL_TOKEN,
  N_RELS
};

static const char * const rel_names[N_RELS + 1] = {
  [REL_METADATA] = "indieauth-metadata",
  [REL_AUTHORIZATION] = "authorization_endpoint",
  [REL_TOKEN] = "token_endpoint",
};

/* What came back from one request. */
typedef struct
{
  SoupMessage *message;
  char        *server;   /* the host asked, for messages */
  guint        status;
  GBytes      *body;
  JsonNode    *json;     /* NULL when the body is not JSON */
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->message);
  g_free (answer->server);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->json, json_node_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* --- Helpers ------------------------------------------------------------- */

/* The site's address as the Micropub target writes it, so that the token
 * is kept under the key the target looks it up by. */
static char *
dup_site (const char *typed)
{
  g_autofree char *config = kennis_micropub_target_build_config (typed, FALSE);
  g_autoptr(KennisMicropubTarget) target = kennis_micropub_target_new (0, "", config, NULL);

  return target != NULL ? kennis_micropub_target_dup_secret_key (target) : NULL;
}

static char *
dup_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_ascii_strdown (g_uri_get_host (uri), -1) : NULL;
}

static const char *
json_string (JsonNode   *node,
             const char *member)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *value = object != NULL ? json_object_get_member (object, member) : NULL;

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
         ? json_node_get_string (value) : NULL;
}

/* A GET that may follow redirects: home pages and metadata move. */
static void
get_page (GTask               *task,
          const char          *url,
          GAsyncReadyCallback  callback)
{
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

  /* Both addresses were checked to be http or https. */
  g_assert (message != NULL);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

static GError *
dup_unreachable_error (const char   *server,
                       const GError *error)
{
  GError *final = kennis_target_dup_transport_error (server, error);

  if (final == NULL)
    final = g_error_new (G_IO_ERROR, error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED,
                         _("Could not reach %s: %s"), server, error->message);
  return final;
}

/* The answer to a request, or NULL with @error set when none came. */
static Answer *
read_answer (KennisIndieAuthSignIn  *self,
             GAsyncResult           *result,
             GError                **error)
{
  SoupMessage *message = soup_session_get_async_result_message (self->session, result);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (self->session, result, &local_error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  Answer *answer;
  gsize length = 0;
  const char *data;

  if (bytes == NULL)
    {
      g_autofree char *server = dup_host (url);

      g_propagate_error (error, dup_unreachable_error (server, local_error));
      return NULL;
    }

  answer = g_new0 (Answer, 1);
  answer->message = g_object_ref (message);
  answer->server = dup_host (url);
  answer->status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    answer->json = json_node_ref (json_parser_get_root (parser));
  answer->body = g_steal_pointer (&bytes);
  return answer;
}

/* TRUE for a success; otherwise FALSE with @error set, in the server's own
 * words where it gives them (OAuth: "error_description", else "error"). */
static gboolean
check_status (Answer  *answer,
              GError **error)
{
  const char *says = json_string (answer->json, "error_description");
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data;

  if (answer->status >= 200 && answer->status < 300)
    return TRUE;

  if (says == NULL)
    says = json_string (answer->json, "error");

  if (answer->status >= 300 && answer->status < 400)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                 _("%s sends Kennis on to another address; check the server’s address."), answer->server);
  else if (says != NULL)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 /* TRANSLATORS: a server's name, then its own message, e.g. “The code verifier is
                  * invalid.” */
                 _("%s says: %s"), answer->server, says);
  else if (answer->status == 429 || answer->status >= 500)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                 _("%s is busy or has a problem (%u); try again later."), answer->server, answer->status);
  else
    {
      data = g_bytes_get_data (answer->body, &length);
      text = g_utf8_make_valid (data != NULL ? data : "", MIN (length, ERROR_TEXT_LENGTH));
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                   /* TRANSLATORS: a server's name, an HTTP status code, then the start of what the
                    * server sent */
                   _("%s answered %u: %s"), answer->server, answer->status, text);
    }
  return FALSE;
}

static GError *
dup_unexpected_error (const char *server)
{
  /* The answer may hold a token, so it is not shown. */
  return g_error_new (KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                      _("%s did not answer as an IndieAuth server does."), server);
}

/* The endpoint with a query; it may have a query of its own already. */
static char *
dup_authorize_url (KennisIndieAuthSignIn *self,
                   const char            *endpoint)
{
  g_autofree char *challenge = kennis_pkce_dup_challenge (self->code_verifier);
  g_autofree char *query = soup_form_encode ("response_type", "code",
                                             "client_id", self->client_id,
                                             "redirect_uri", self->redirect_uri,
                                             "state", self->state,
                                             "code_challenge", challenge,
                                             "code_challenge_method", "S256",
                                             "scope", SCOPES,
                                             "me", self->site,
                                             NULL);

  return g_strconcat (endpoint, strchr (endpoint, '?') != NULL ? "&" : "?", query, NULL);
}

/* Stops the loopback server. A visit still waiting for its page loses its
 * connection, which is all that is left to do for it. */
static void
stop_listening (KennisIndieAuthSignIn *self)
{
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (self->visit, self);
  g_clear_object (&self->visit);
  g_clear_pointer (&self->visit_query, g_hash_table_unref);
  self->visit_pending = FALSE;

  if (self->server != NULL)
    {
      soup_server_remove_handler (self->server, NULL);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
      g_debug ("Stopped waiting for the browser");
    }
}

static void
clear_cancel_source (KennisIndieAuthSignIn *self)
{
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

/* Forgets all of an earlier start. */
static void
reset (KennisIndieAuthSignIn *self)
{
  stop_listening (self);
  clear_cancel_source (self);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->code_verifier, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->outcome, kennis_indie_auth_sign_in_result_free);
  g_clear_error (&self->outcome_error);
  self->visit_done = FALSE;
  self->exchanging = FALSE;
  self->settled = FALSE;
  self->completing = FALSE;
}

/* The small page the browser shows at the end. It needs nothing from
 * anywhere, so it may load nothing from anywhere. */
static void
answer_visit (SoupServerMessage *message,
              guint              status,
              const char        *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n"
                                           "<html><head><meta charset=\"utf-8\"><title>Kennis</title></head>\n"
                                           "<body><h1>Kennis</h1><p>%s</p></body></html>\n",
                                           escaped);

  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page,
                                    strlen (page));
}

/* --- Finishing ----------------------------------------------------------- */

static gboolean
complete_cb (gpointer user_data)
{
  GTask *task = user_data;
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(GTask) finish_task = g_steal_pointer (&self->finish_task);

  g_assert (finish_task == task);
  stop_listening (self);
  clear_cancel_source (self);
  self->completing = FALSE;
  if (self->outcome_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->outcome_error));
  else
    g_task_return_pointer (task, g_steal_pointer (&self->outcome),
                           (GDestroyNotify) kennis_indie_auth_sign_in_result_free);
  return G_SOURCE_REMOVE;
}

/* Returns the outcome once the browser has its page. From an idle, since
 * it stops the server, which libsoup does not allow from inside the
 * server's own signals. */
static void
complete_soon (KennisIndieAuthSignIn *self)
{
  g_autoptr(GSource) idle = NULL;

  if (self->completing || self->finish_task == NULL)
    return;
  self->completing = TRUE;
  idle = g_idle_source_new ();
  g_source_set_static_name (idle, "[kennis] indie-auth sign-in done");
  g_task_attach_source (self->finish_task, idle, complete_cb);
}

/* The sign-in has its outcome: @result or @error (both taken). The
 * browser is told, when it is still there. */
static void
settle (KennisIndieAuthSignIn       *self,
        KennisIndieAuthSignInResult *result,
        GError                      *error)
{
  g_assert (!self->settled);
  g_assert ((result == NULL) != (error == NULL));

  self->settled = TRUE;
  self->outcome = result;
  self->outcome_error = error;

  if (self->visit == NULL || self->visit_done)
    {
      complete_soon (self);
      return;
    }

  if (error == NULL)
    answer_visit (self->visit, SOUP_STATUS_OK, _("Kennis is signed in. You can close this tab."));
  else
    {
      /* TRANSLATORS: on the page the browser shows; %s says what went wrong */
      g_autofree char *text = g_strdup_printf (_("Kennis could not sign in: %s"), error->message);

      answer_visit (self->visit, SOUP_STATUS_BAD_REQUEST, text);
    }
  soup_server_message_unpause (self->visit);
}

/* The token endpoint names the profile the token is for. A server may
 * only speak for profiles on the site it was found on, so Kennis takes a
 * token only for the site's own host: the simplest rule that is safe.
 * (The standard would allow another address after discovering it anew and
 * finding the same server there; Kennis does not, as a token would be kept
 * under the site's address anyway.) */
static gboolean
is_own_profile (KennisIndieAuthSignIn *self,
                const char            *me)
{
  g_autofree char *host = kennis_url_is_web (me) ? dup_host (me) : NULL;

  return host != NULL && g_str_equal (host, self->host);
}

static void
token_received_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = read_answer (self, result, &error);
  const char *token = answer != NULL ? json_string (answer->json, "access_token") : NULL;
  const char *me = answer != NULL ? json_string (answer->json, "me") : NULL;
  KennisIndieAuthSignInResult *signed_in;

  self->exchanging = FALSE;
  if (answer == NULL || !check_status (answer, &error))
    {
      settle (self, NULL, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || *token == '\0' || me == NULL)
    {
      settle (self, NULL, dup_unexpected_error (answer->server));
      return;
    }
  if (!is_own_profile (self, me))
    {
      settle (self, NULL,
              g_error_new (KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                           /* TRANSLATORS: the token endpoint's host, a profile address, then the
                            * site's host */
                           _("%s gave a token for %s, which is not on %s, so Kennis did not take it."),
                           answer->server, me, self->host));
      return;
    }

  g_debug ("Signed in to %s as %s", self->host, me);
  signed_in = g_new0 (KennisIndieAuthSignInResult, 1);
  signed_in->access_token = g_strdup (token);
  signed_in->me = g_strdup (me);
  settle (self, signed_in, NULL);
}

/* The code from @query, or NULL with @error set: the answer must belong
 * to this sign-in, come from the server the site names, and hold a code. */
static const char *
check_visit (KennisIndieAuthSignIn  *self,
             GHashTable             *query,
             GError                **error)
{
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *iss = query != NULL ? g_hash_table_lookup (query, "iss") : NULL;
  const char *refusal = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char *description = query != NULL ? g_hash_table_lookup (query, "error_description") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;

  if (g_strcmp0 (state, self->state) != 0)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 _("The answer that came back from the browser is not from this sign-in, so Kennis did "
                   "not take it. Try signing in again."));
  else if (self->issuer != NULL && g_strcmp0 (iss, self->issuer) != 0)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 _("The answer that came back from the browser is not from the server %s names for "
                   "signing in, so Kennis did not take it."), self->host);
  else if (g_strcmp0 (refusal, "access_denied") == 0)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 _("You did not allow Kennis to post to %s."), self->host);
  else if (refusal != NULL)
    g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                 /* TRANSLATORS: the site's host, then its sign-in server's own words, or an OAuth
                  * error code such as “server_error” */
                 _("Signing in to %s failed: %s"), self->host, description != NULL ? description : refusal);
  else if (code == NULL || *code == '\0')
    g_propagate_error (error, dup_unexpected_error (self->host));
  else
    return code;
  return NULL;
}

/* Trades the visit's code for a token, or settles when it holds none. */
static void
handle_visit (KennisIndieAuthSignIn *self)
{
  g_autoptr(GHashTable) query = g_steal_pointer (&self->visit_query);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  const char *code;

  g_assert (self->finish_task != NULL);
  self->visit_pending = FALSE;
  code = check_visit (self, query, &error);
  if (code == NULL)
    {
      settle (self, NULL, g_steal_pointer (&error));
      return;
    }

  message = soup_message_new_from_encoded_form ("POST", self->token_endpoint,
                                                soup_form_encode ("grant_type", "authorization_code",
                                                                  "code", code,
                                                                  "client_id", self->client_id,
                                                                  "redirect_uri", self->redirect_uri,
                                                                  "code_verifier", self->code_verifier,
                                                                  NULL));
  /* The endpoint was checked to be http or https. */
  g_assert (message != NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  /* libsoup would re-send a redirected POST as a GET: a redirect is
   * reported instead. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  self->exchanging = TRUE;
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (self->finish_task), token_received_cb,
                                    g_object_ref (self->finish_task));
}

static void
visit_finished_cb (SoupServerMessage *message,
                   gpointer           user_data)
{
  KennisIndieAuthSignIn *self = user_data;

  self->visit_done = TRUE;
  if (self->settled)
    complete_soon (self);
}

/* Only the browser's return to /callback is answered, and only the first
 * one: the server stops listening once the sign-in has its answer. */
static void
loopback_requested_cb (SoupServer        *server,
                       SoupServerMessage *message,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  KennisIndieAuthSignIn *self = user_data;

  if (!g_str_equal (path, CALLBACK_PATH) || soup_server_message_get_method (message) != SOUP_METHOD_GET ||
      self->visit != NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  g_debug ("The browser came back from signing in to %s", self->host);
  self->visit = g_object_ref (message);
  self->visit_query = query != NULL ? g_hash_table_ref (query) : NULL;
  g_signal_connect (message, "finished", G_CALLBACK (visit_finished_cb), self);
  soup_server_message_pause (message);

  if (self->finish_task != NULL)
    handle_visit (self);
  else
    self->visit_pending = TRUE;
}

/* While the code is on its way, the request's own cancellation reports. */
static gboolean
finish_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  KennisIndieAuthSignIn *self = user_data;
  GError *error = NULL;

  if (!self->settled && !self->exchanging && g_cancellable_set_error_if_cancelled (cancellable, &error))
    settle (self, NULL, error);
  return G_SOURCE_REMOVE;
}

/* --- Starting ------------------------------------------------------------ */

/* Starts the loopback server and gives the sign-in page's address. */
static void
listen_for_browser (GTask      *task,
                    const char *authorization_endpoint,
                    const char *token_endpoint,
                    const char *issuer)
{
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;
  guint port;

  if (authorization_endpoint == NULL || token_endpoint == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("%s does not offer signing in with IndieAuth; paste a token your site gave "
                                 "you instead."), self->host);
      return;
    }

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, loopback_requested_cb, self, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED,
                               _("Kennis could not wait for the browser on this computer: %s"), error->message);
      return;
    }
  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->server = g_steal_pointer (&server);
  self->token_endpoint = g_strdup (token_endpoint);
  self->issuer = g_strdup (issuer);
  self->client_id = g_strdup_printf ("http://127.0.0.1:%u/", port);
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u" CALLBACK_PATH, port);
  self->code_verifier = kennis_pkce_dup_verifier ();
  self->state = kennis_pkce_dup_state ();
  g_debug ("Waiting for the browser on 127.0.0.1:%u to sign in to %s", port, self->host);
  g_task_return_pointer (task, dup_authorize_url (self, authorization_endpoint), g_free);
}

/* FALSE when @node is a list of methods without "S256". An older server
 * leaves it out, and then PKCE is tried all the same. */
static gboolean
offers_s256 (JsonNode *node)
{
  JsonArray *methods;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  methods = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      JsonNode *method = json_array_get_element (methods, i);

      if (JSON_NODE_HOLDS_VALUE (method) && json_node_get_value_type (method) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (method), "S256"))
        return TRUE;
    }
  return FALSE;
}

static void
metadata_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = read_answer (self, result, &error);
  g_autofree char *base = NULL;
  g_autofree char *authorization_endpoint = NULL;
  g_autofree char *token_endpoint = NULL;
  const char *value;
  JsonObject *object;

  if (answer == NULL || !check_status (answer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (answer->json == NULL || !JSON_NODE_HOLDS_OBJECT (answer->json))
    {
      g_task_return_error (task, dup_unexpected_error (answer->server));
      return;
    }

  object = json_node_get_object (answer->json);
  if (!offers_s256 (json_object_get_member (object, "code_challenge_methods_supported")))
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("%s does not offer the safe way of signing in that Kennis uses (PKCE "
                                 "with S256); paste a token your site gave you instead."), self->host);
      return;
    }

  /* Only http and https endpoints are taken. */
  base = g_uri_to_string (soup_message_get_uri (answer->message));
  if ((value = json_string (answer->json, "authorization_endpoint")) != NULL)
    authorization_endpoint = kennis_rel_links_resolve (base, value);
  if ((value = json_string (answer->json, "token_endpoint")) != NULL)
    token_endpoint = kennis_rel_links_resolve (base, value);
  listen_for_browser (task, authorization_endpoint, token_endpoint, json_string (answer->json, "issuer"));
}

static void
home_page_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisIndieAuthSignIn *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = read_answer (self, result, &error);
  char *found[N_RELS] = { NULL };

  if (answer == NULL || !check_status (answer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  kennis_rel_links_find (answer->message, answer->body, rel_names, found);
  if (found[REL_METADATA] != NULL)
    get_page (g_steal_pointer (&task), found[REL_METADATA], metadata_read_cb);
  else
    listen_for_browser (task, found[REL_AUTHORIZATION], found[REL_TOKEN], NULL);
  for (guint r = 0; r < N_RELS; r++)
    g_free (found[r]);
}

/* --- The object ---------------------------------------------------------- */

static void
kennis_indie_auth_sign_in_dispose (GObject *object)
{
  KennisIndieAuthSignIn *self = (KennisIndieAuthSignIn *)object;

  stop_listening (self);
  clear_cancel_source (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_indie_auth_sign_in_parent_class)->dispose (object);
}

static void
kennis_indie_auth_sign_in_finalize (GObject *object)
{
  KennisIndieAuthSignIn *self = (KennisIndieAuthSignIn *)object;

  g_free (self->typed);
  g_free (self->site);
  g_free (self->host);
  g_free (self->token_endpoint);
  g_free (self->issuer);
  g_free (self->client_id);
  g_free (self->redirect_uri);
  g_free (self->code_verifier);
  g_free (self->state);
  g_clear_pointer (&self->outcome, kennis_indie_auth_sign_in_result_free);
  g_clear_error (&self->outcome_error);

  G_OBJECT_CLASS (kennis_indie_auth_sign_in_parent_class)->finalize (object);
}

static void
kennis_indie_auth_sign_in_class_init (KennisIndieAuthSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_indie_auth_sign_in_dispose;
  object_class->finalize = kennis_indie_auth_sign_in_finalize;
}

static void
kennis_indie_auth_sign_in_init (KennisIndieAuthSignIn *self)
{
  /* A session of its own, with TLS verified as always; nothing here ever
   * pins or accepts a certificate. */
  self->session = kennis_http_session_new ();
}

/* --- Public API ---------------------------------------------------------- */

/**
 * kennis_indie_auth_sign_in_new:
 * @site: the site's address as the user typed it: "me.example.org" or
 *   "https://me.example.org/" will do
 *
 * Returns: (transfer full): a sign-in; an address that is no web address
 *   is reported by kennis_indie_auth_sign_in_start_async()
 */
KennisIndieAuthSignIn *
kennis_indie_auth_sign_in_new (const char *site)
{
  KennisIndieAuthSignIn *self;

  g_return_val_if_fail (site != NULL, NULL);

  self = g_object_new (KENNIS_TYPE_INDIE_AUTH_SIGN_IN, NULL);
  self->typed = g_strstrip (g_strdup (site));
  self->site = dup_site (self->typed);
  if (self->site != NULL)
    self->host = dup_host (self->site);
  return self;
}

/**
 * kennis_indie_auth_sign_in_get_site:
 *
 * Returns: (nullable): the site's address as the Micropub target's
 *   settings and the keyring hold it (a bare host gets https://, the host
 *   is lower case, an empty path is "/"); %NULL when the address given to
 *   kennis_indie_auth_sign_in_new() is no web address
 */
const char *
kennis_indie_auth_sign_in_get_site (KennisIndieAuthSignIn *self)
{
  g_return_val_if_fail (KENNIS_IS_INDIE_AUTH_SIGN_IN (self), NULL);
  return self->site;
}

/**
 * kennis_indie_auth_sign_in_start_async:
 *
 * Finds the site's IndieAuth server and starts waiting for the browser on
 * 127.0.0.1. Each start forgets what an earlier one did and waits on a new
 * port, with a new state and code verifier. Not while a finish waits:
 * cancel it and let its callback run first.
 */
void
kennis_indie_auth_sign_in_start_async (KennisIndieAuthSignIn *self,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KENNIS_IS_INDIE_AUTH_SIGN_IN (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->finish_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_indie_auth_sign_in_start_async);
  reset (self);
  if (self->site == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               /* TRANSLATORS: %s is what the user typed */
                               _("“%s” is not a web address starting with http:// or https://."), self->typed);
      return;
    }

  get_page (g_steal_pointer (&task), self->site, home_page_read_cb);
}

/**
 * kennis_indie_auth_sign_in_start_finish:
 *
 * Returns: (transfer full): the address of the site's sign-in page, for
 *   the browser, or %NULL with @error set
 */
char *
kennis_indie_auth_sign_in_start_finish (KennisIndieAuthSignIn  *self,
                                        GAsyncResult           *result,
                                        GError                **error)
{
  g_return_val_if_fail (KENNIS_IS_INDIE_AUTH_SIGN_IN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kennis_indie_auth_sign_in_start_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kennis_indie_auth_sign_in_finish_async:
 *
 * Waits for the browser to come back from the sign-in page, then trades
 * the code it brings for an access token. Call it after
 * kennis_indie_auth_sign_in_start_finish() gave an address, once per
 * start. The wait has no time limit of its own: cancel @cancellable when
 * the user gives up, which also stops the waiting.
 */
void
kennis_indie_auth_sign_in_finish_async (KennisIndieAuthSignIn *self,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (KENNIS_IS_INDIE_AUTH_SIGN_IN (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->server != NULL);
  g_return_if_fail (self->finish_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_indie_auth_sign_in_finish_async);
  self->finish_task = task;

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (self->cancel_source, "[kennis] indie-auth sign-in cancelled");
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (finish_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (task));
    }

  if (self->visit_pending)
    handle_visit (self);
}

/**
 * kennis_indie_auth_sign_in_finish_finish:
 *
 * Returns: (transfer full): the access token and the profile it is for,
 *   or %NULL with @error set
 */
KennisIndieAuthSignInResult *
kennis_indie_auth_sign_in_finish_finish (KennisIndieAuthSignIn  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (KENNIS_IS_INDIE_AUTH_SIGN_IN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kennis_indie_auth_sign_in_finish_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kennis_indie_auth_sign_in_result_free (KennisIndieAuthSignInResult *self)
{
  if (self == NULL)
    return;
  g_free (self->access_token);
  g_free (self->me);
  g_free (self);
}
