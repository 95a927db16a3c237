/* kennis-mastodon-sign-in.c — signing in to a Mastodon server through the
 * browser, so that nobody has to make an access token by hand
 *
 * Two steps, with the user in between. Start registers Kennis as an app
 * on the server (every server has its own apps) and gives the address of
 * the server's sign-in page. The user opens it in the browser, signs in,
 * allows Kennis, and the page shows a code ("out of band": Kennis runs no
 * web server to receive it). Finish trades that code for an access token
 * and asks whom the token belongs to.
 *
 * PKCE (RFC 7636): start keeps a random code verifier and sends only its
 * SHA-256 with the sign-in page's address; finish sends the verifier
 * itself. A code that another program reads off the screen or the
 * clipboard is worth nothing without it.
 *
 * The access token and the app's client secret never go into a log
 * message or an error message.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-http.h"
#include "kennis-mastodon-sign-in.h"
#include "kennis-mastodon-target.h"
#include "kennis-pkce.h"
#include "kennis-target.h"

#define REDIRECT_URI "urn:ietf:wg:oauth:2.0:oob"
#define SCOPES "read write:statuses"
#define ERROR_TEXT_LENGTH 200

struct _KennisMastodonSignIn
{
  GObject      parent_instance;

  char        *typed;          /* the address as the user gave it, for messages */
  char        *instance;       /* "https://host[:port]", or NULL when @typed is no server's address */
  char        *host;           /* the server, as messages name it */
  SoupSession *session;

  /* From the last start; finish needs all three. */
  char        *client_id;
  char        *client_secret;
  char        *code_verifier;
};

G_DEFINE_FINAL_TYPE (KennisMastodonSignIn, kennis_mastodon_sign_in, G_TYPE_OBJECT)

/* --- Helpers ------------------------------------------------------------- */

/* The server's address as the Mastodon target writes it, so that the
 * token is kept under the key the target looks it up by. The target
 * checks the address only along with an account, which a sign-in does not
 * know yet: any name does for the check. */
static char *
dup_instance (const char *typed)
{
  g_autofree char *config = kennis_mastodon_target_build_config (typed, "sign-in", NULL);
  g_autoptr(KennisMastodonTarget) target = kennis_mastodon_target_new (0, "", config, NULL);

  return target != NULL ? kennis_mastodon_target_dup_secret_key (target) : NULL;
}

static char *
dup_host (const char *instance)
{
  g_autoptr(GUri) uri = g_uri_parse (instance, G_URI_FLAGS_NONE, NULL);

  g_assert (uri != NULL);
  return g_strdup (g_uri_get_host (uri));
}

static char *
dup_authorize_url (KennisMastodonSignIn *self)
{
  g_autofree char *challenge = kennis_pkce_dup_challenge (self->code_verifier);
  g_autofree char *query = soup_form_encode ("response_type", "code",
                                             "client_id", self->client_id,
                                             "redirect_uri", REDIRECT_URI,
                                             "scope", SCOPES,
                                             "code_challenge", challenge,
                                             "code_challenge_method", "S256",
                                             NULL);

  return g_strconcat (self->instance, "/oauth/authorize?", query, NULL);
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

/* Sends @message for @task; @callback gets the task. The API never
 * redirects. libsoup would re-send a redirected POST as a GET, and older
 * versions send the Authorization header along to another host, so a
 * redirect is reported instead, for reads too. */
static void
send_message (GTask               *task,
              SoupMessage         *message,
              GAsyncReadyCallback  callback)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* POSTs the form; takes @form. */
static void
post_form (GTask               *task,
           const char          *path,
           char                *form,
           GAsyncReadyCallback  callback)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  g_autofree char *url = g_strconcat (self->instance, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new_from_encoded_form ("POST", url, form);

  /* The address was checked when the sign-in was made. */
  g_assert (message != NULL);
  send_message (task, message, callback);
}

static void
fail_unexpected (GTask *task)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);

  /* The answer may hold the client secret or the token, so it is not shown. */
  g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                           _("%s did not answer as a Mastodon server does."), self->host);
}

static void
fail_transport (GTask        *task,
                const GError *error)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  GError *final = kennis_target_dup_transport_error (self->host, error);

  if (final == NULL)
    final = g_error_new (G_IO_ERROR, error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED,
                         _("Could not reach %s: %s"), self->host, error->message);
  g_task_return_error (task, final);
}

/* A refusal, in the server's own words where it gives them: OAuth errors
 * carry a sentence in "error_description" and a code in "error", the rest
 * of the API a sentence in "error". */
static void
fail_status (GTask    *task,
             guint     status,
             JsonNode *json,
             GBytes   *bytes)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  const char *says = json_string (json, "error_description");
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = NULL;

  if (says == NULL)
    says = json_string (json, "error");

  if (status >= 300 && status < 400)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                             _("%s sends Kennis on to another address; check the server’s address."),
                             self->host);
  else if (says != NULL)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                             /* TRANSLATORS: %s is Mastodon's own message, e.g. “Validation failed: Text
                              * can't be blank” */
                             _("Mastodon says: %s"), says);
  else if (status == 429 || status >= 500)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                             _("%s is busy or has a problem (%u); try again later."), self->host, status);
  else
    {
      text = g_utf8_make_valid (data != NULL ? data : "", MIN (length, ERROR_TEXT_LENGTH));
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                               _("Mastodon answered %u: %s"), status, text);
    }
}

/* The JSON of a successful answer, or NULL with the task failed. */
static JsonNode *
read_answer (GTask        *task,
             GAsyncResult *result)
{
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (self->session, result, &error);
  SoupMessage *message = soup_session_get_async_result_message (self->session, result);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *json = NULL;
  guint status;
  gsize length = 0;
  const char *data;

  if (bytes == NULL)
    {
      fail_transport (task, error);
      return NULL;
    }

  status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    json = json_parser_get_root (parser);

  if (status < 200 || status >= 300)
    fail_status (task, status, json, bytes);
  else if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    fail_unexpected (task);
  else
    return json_node_ref (json);
  return NULL;
}

/* --- Callbacks ----------------------------------------------------------- */

static void
app_registered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) json = read_answer (task, result);
  const char *client_id = json_string (json, "client_id");
  const char *client_secret = json_string (json, "client_secret");

  if (json == NULL)
    return;
  if (client_id == NULL || client_secret == NULL)
    {
      fail_unexpected (task);
      return;
    }

  g_debug ("Registered Kennis as an app on %s", self->host);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->code_verifier = kennis_pkce_dup_verifier ();
  g_task_return_pointer (task, dup_authorize_url (self), g_free);
}

static void
account_verified_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) json = read_answer (task, result);
  const char *acct = json_string (json, "acct");
  KennisMastodonSignInResult *signed_in;

  if (json == NULL)
    return;
  if (acct == NULL || *acct == '\0')
    {
      fail_unexpected (task);
      return;
    }

  g_debug ("Signed in to %s as %s", self->host, acct);
  signed_in = g_new0 (KennisMastodonSignInResult, 1);
  signed_in->access_token = g_strdup (g_task_get_task_data (task));
  signed_in->acct = g_strdup (acct);
  g_task_return_pointer (task, signed_in, (GDestroyNotify) kennis_mastodon_sign_in_result_free);
}

/* A token alone does not say whose it is; the settings and the keyring
 * need the account's handle. */
static void
token_received_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KennisMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) json = read_answer (task, result);
  const char *token = json_string (json, "access_token");
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(SoupMessage) message = NULL;

  if (json == NULL)
    return;
  if (token == NULL || *token == '\0')
    {
      fail_unexpected (task);
      return;
    }

  g_task_set_task_data (task, g_strdup (token), g_free);
  url = g_strconcat (self->instance, "/api/v1/accounts/verify_credentials", NULL);
  auth = g_strconcat ("Bearer ", token, NULL);
  message = soup_message_new ("GET", url);
  g_assert (message != NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
  send_message (g_steal_pointer (&task), message, account_verified_cb);
}

/* --- The object ---------------------------------------------------------- */

static void
kennis_mastodon_sign_in_dispose (GObject *object)
{
  KennisMastodonSignIn *self = (KennisMastodonSignIn *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_mastodon_sign_in_parent_class)->dispose (object);
}

static void
kennis_mastodon_sign_in_finalize (GObject *object)
{
  KennisMastodonSignIn *self = (KennisMastodonSignIn *)object;

  g_free (self->typed);
  g_free (self->instance);
  g_free (self->host);
  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->code_verifier);

  G_OBJECT_CLASS (kennis_mastodon_sign_in_parent_class)->finalize (object);
}

static void
kennis_mastodon_sign_in_class_init (KennisMastodonSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_mastodon_sign_in_dispose;
  object_class->finalize = kennis_mastodon_sign_in_finalize;
}

static void
kennis_mastodon_sign_in_init (KennisMastodonSignIn *self)
{
  self->session = kennis_http_session_new ();
}

/* --- Public API ---------------------------------------------------------- */

/**
 * kennis_mastodon_sign_in_new:
 * @instance: the server's address as the user typed it: "mastodon.social"
 *   or "https://mastodon.social" will do
 *
 * Returns: (transfer full): a sign-in; an address that is no server's is
 *   reported by kennis_mastodon_sign_in_start_async()
 */
KennisMastodonSignIn *
kennis_mastodon_sign_in_new (const char *instance)
{
  KennisMastodonSignIn *self;

  g_return_val_if_fail (instance != NULL, NULL);

  self = g_object_new (KENNIS_TYPE_MASTODON_SIGN_IN, NULL);
  self->typed = g_strstrip (g_strdup (instance));
  self->instance = dup_instance (self->typed);
  if (self->instance != NULL)
    self->host = dup_host (self->instance);
  return self;
}

/**
 * kennis_mastodon_sign_in_get_instance:
 *
 * Returns: (nullable): the server's address as the Mastodon target's
 *   settings and the keyring hold it, "https://host[:port]"; %NULL when
 *   the address given to kennis_mastodon_sign_in_new() is no server's
 */
const char *
kennis_mastodon_sign_in_get_instance (KennisMastodonSignIn *self)
{
  g_return_val_if_fail (KENNIS_IS_MASTODON_SIGN_IN (self), NULL);
  return self->instance;
}

/**
 * kennis_mastodon_sign_in_start_async:
 *
 * Registers Kennis as an app on the server. Each start registers anew and
 * replaces what an earlier one gave.
 */
void
kennis_mastodon_sign_in_start_async (KennisMastodonSignIn *self,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KENNIS_IS_MASTODON_SIGN_IN (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_mastodon_sign_in_start_async);
  if (self->instance == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               /* TRANSLATORS: %s is what the user typed */
                               _("“%s” is not a Mastodon server’s address (https://…)."), self->typed);
      return;
    }

  /* A code from the sign-in page of an earlier start belongs to that app. */
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->client_secret, g_free);
  g_clear_pointer (&self->code_verifier, g_free);
  post_form (g_steal_pointer (&task), "/api/v1/apps",
             soup_form_encode ("client_name", "Kennis",
                               "redirect_uris", REDIRECT_URI,
                               "scopes", SCOPES,
                               NULL),
             app_registered_cb);
}

/**
 * kennis_mastodon_sign_in_start_finish:
 *
 * Returns: (transfer full): the address of the server's sign-in page, for
 *   the browser, or %NULL with @error set
 */
char *
kennis_mastodon_sign_in_start_finish (KennisMastodonSignIn  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (KENNIS_IS_MASTODON_SIGN_IN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kennis_mastodon_sign_in_start_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kennis_mastodon_sign_in_finish_async:
 * @code: what the server's page showed after the user allowed Kennis
 *
 * Trades @code for an access token and finds out whose it is. Call it
 * after kennis_mastodon_sign_in_start_finish() gave an address.
 */
void
kennis_mastodon_sign_in_finish_async (KennisMastodonSignIn *self,
                                      const char           *code,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *pasted = NULL;

  g_return_if_fail (KENNIS_IS_MASTODON_SIGN_IN (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (self->code_verifier != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_mastodon_sign_in_finish_async);
  /* A code copied from the page often brings a space or a line end along. */
  pasted = g_strstrip (g_strdup (code));
  post_form (g_steal_pointer (&task), "/oauth/token",
             soup_form_encode ("grant_type", "authorization_code",
                               "code", pasted,
                               "client_id", self->client_id,
                               "client_secret", self->client_secret,
                               "redirect_uri", REDIRECT_URI,
                               "code_verifier", self->code_verifier,
                               "scope", SCOPES,
                               NULL),
             token_received_cb);
}

/**
 * kennis_mastodon_sign_in_finish_finish:
 *
 * Returns: (transfer full): the access token and the account, or %NULL
 *   with @error set
 */
KennisMastodonSignInResult *
kennis_mastodon_sign_in_finish_finish (KennisMastodonSignIn  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (KENNIS_IS_MASTODON_SIGN_IN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kennis_mastodon_sign_in_finish_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kennis_mastodon_sign_in_result_free (KennisMastodonSignInResult *self)
{
  if (self == NULL)
    return;
  g_free (self->access_token);
  g_free (self->acct);
  g_free (self);
}
