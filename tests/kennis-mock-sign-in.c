/* kennis-mock-sign-in.c — a server on 127.0.0.1 that signs people in as
 * Mastodon and as a Micropub site's IndieAuth server do, and a MetaWeblog
 * endpoint where the account has two blogs
 *
 * One address serves all three. Mastodon's part registers apps, shows a code
 * on its sign-in page, and trades the code for a token only with a code
 * verifier whose S256 matches the page's challenge. The Micropub site's
 * home page names its endpoints with Link headers (IndieAuth's older
 * rels); its sign-in page sends the browser straight back with a code,
 * as if the person allowed Kennis, and its token endpoint checks the
 * verifier and the redirect address. The connection checks of both
 * targets pass with the token the sign-ins give. /xmlrpc.php answers
 * blogger.getUsersBlogs for anna with KENNIS_MOCK_SIGN_IN_PASSWORD with
 * two blogs, and with a fault for any other password.
 *
 * It answers on the thread's main loop, so a test waits by iterating it.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "kennis-mock-sign-in.h"
#include "kennis-test-util.h"

struct _KennisMockSignIn
{
  SoupServer *server;
  char       *address;        /* "http://127.0.0.1:port" */
  char       *challenge;      /* from the last sign-in page opened */
  char       *redirect_uri;   /* IndieAuth: where the last sign-in page sent the browser */
};

static void
reply (SoupServerMessage *message,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static GHashTable *
read_form (SoupServerMessage *message)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return soup_form_decode (text);
}

static gboolean
has_bearer (SoupServerMessage *message)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                   "Authorization");

  return g_strcmp0 (auth, "Bearer " KENNIS_MOCK_SIGN_IN_TOKEN) == 0;
}

/* A code is good with the verifier of the last sign-in page's challenge. */
static gboolean
is_good_grant (KennisMockSignIn *self,
               GHashTable       *form)
{
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autofree char *challenge = kennis_test_s256 (verifier != NULL ? verifier : "");

  return g_strcmp0 (g_hash_table_lookup (form, "code"), KENNIS_MOCK_SIGN_IN_CODE) == 0 &&
         g_strcmp0 (challenge, self->challenge) == 0;
}

static void
reply_wrong_code (SoupServerMessage *message)
{
  reply (message, 400, "application/json",
         "{\"error\":\"invalid_grant\",\"error_description\":\"The code is wrong.\"}");
}

static void
remember_page (KennisMockSignIn *self,
               GHashTable       *query)
{
  g_free (self->challenge);
  self->challenge = g_strdup (query != NULL ? g_hash_table_lookup (query, "code_challenge") : NULL);
}

static void
micropub_site (KennisMockSignIn  *self,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query)
{
  if (g_str_equal (path, "/"))
    {
      g_autofree char *links = g_strdup_printf ("<%s/auth>; rel=\"authorization_endpoint\", "
                                                "<%s/token>; rel=\"token_endpoint\", "
                                                "<%s/micropub>; rel=\"micropub\"",
                                                self->address, self->address, self->address);

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Link", links);
      reply (message, 200, "text/html", "<!DOCTYPE html><title>Anna</title>");
    }
  else if (g_str_equal (path, "/auth") && query != NULL && g_hash_table_contains (query, "redirect_uri"))
    {
      g_autofree char *back = NULL;

      remember_page (self, query);
      g_free (self->redirect_uri);
      self->redirect_uri = g_strdup (g_hash_table_lookup (query, "redirect_uri"));
      back = g_strdup_printf ("%s?code=%s&state=%s", self->redirect_uri, KENNIS_MOCK_SIGN_IN_CODE,
                              (const char *)g_hash_table_lookup (query, "state"));
      soup_server_message_set_redirect (message, 302, back);
    }
  else if (g_str_equal (path, "/token"))
    {
      g_autoptr(GHashTable) form = read_form (message);
      g_autofree char *answer = g_strdup_printf ("{\"access_token\":\"%s\",\"token_type\":\"Bearer\","
                                                 "\"scope\":\"create update delete\",\"me\":\"%s/\"}",
                                                 KENNIS_MOCK_SIGN_IN_TOKEN, self->address);

      if (is_good_grant (self, form) && g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), self->redirect_uri) == 0)
        reply (message, 200, "application/json", answer);
      else
        reply_wrong_code (message);
    }
  else if (g_str_equal (path, "/micropub") && has_bearer (message))
    reply (message, 200, "application/json", "{}");
  else
    reply (message, 401, "application/json", "{\"error\":\"unauthorized\"}");
}

static void
mastodon (KennisMockSignIn  *self,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query)
{
  if (g_str_equal (path, "/api/v1/apps"))
    reply (message, 200, "application/json", "{\"client_id\":\"app-1\",\"client_secret\":\"geheim-1\"}");
  else if (g_str_equal (path, "/oauth/authorize"))
    {
      remember_page (self, query);
      reply (message, 200, "text/plain", KENNIS_MOCK_SIGN_IN_CODE);
    }
  else if (g_str_equal (path, "/oauth/token"))
    {
      g_autoptr(GHashTable) form = read_form (message);

      if (is_good_grant (self, form))
        reply (message, 200, "application/json",
               "{\"access_token\":\"" KENNIS_MOCK_SIGN_IN_TOKEN "\",\"token_type\":\"Bearer\"}");
      else
        reply_wrong_code (message);
    }
  else if (g_str_equal (path, "/api/v2/instance"))
    reply (message, 200, "application/json", "{\"configuration\":{\"statuses\":{\"max_characters\":500}}}");
  else if (g_str_equal (path, "/api/v1/accounts/verify_credentials") && has_bearer (message))
    reply (message, 200, "application/json", "{\"username\":\"anna\",\"acct\":\"" KENNIS_MOCK_SIGN_IN_ACCOUNT "\"}");
  else
    reply (message, 401, "application/json", "{\"error\":\"The access token is invalid\"}");
}

static void
reply_xml_rpc (SoupServerMessage *message,
               const char        *value)
{
  g_autofree char *body = g_strdup_printf ("<?xml version=\"1.0\"?><methodResponse>%s</methodResponse>", value);

  reply (message, 200, "text/xml", body);
}

static char *
dup_blog (const char *id,
          const char *name)
{
  return g_strdup_printf ("<value><struct><member><name>blogid</name><value><string>%s</string></value></member>"
                          "<member><name>blogName</name><value><string>%s</string></value></member>"
                          "</struct></value>", id, name);
}

static void
metaweblog (SoupServerMessage *message)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autofree char *call = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *first = dup_blog ("1", "Eerste blog");
  g_autofree char *second = dup_blog ("2", "Tweede blog");
  g_autofree char *blogs = g_strdup_printf ("<params><param><value><array><data>%s%s</data></array></value>"
                                            "</param></params>", first, second);

  if (strstr (call, "blogger.getUsersBlogs") == NULL)
    reply (message, 400, "text/plain", "Only blogger.getUsersBlogs here");
  else if (strstr (call, "<string>" KENNIS_MOCK_SIGN_IN_ACCOUNT "</string>") != NULL &&
           strstr (call, "<string>" KENNIS_MOCK_SIGN_IN_PASSWORD "</string>") != NULL)
    reply_xml_rpc (message, blogs);
  else
    reply_xml_rpc (message, "<fault><value><struct><member><name>faultCode</name><value><int>403</int></value>"
                            "</member><member><name>faultString</name><value><string>Incorrect username or "
                            "password.</string></value></member></struct></value></fault>");
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  if (g_str_equal (path, "/xmlrpc.php"))
    metaweblog (message);
  else if (g_str_has_prefix (path, "/api/") || g_str_has_prefix (path, "/oauth/"))
    mastodon (data, message, path, query);
  else
    micropub_site (data, message, path, query);
}

/**
 * kennis_mock_sign_in_new:
 *
 * Returns: (transfer full): a server listening on 127.0.0.1
 */
KennisMockSignIn *
kennis_mock_sign_in_new (void)
{
  KennisMockSignIn *self = g_new0 (KennisMockSignIn, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  self->server = soup_server_new (NULL, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->address = g_strndup (url, strlen (url) - 1);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  return self;
}

void
kennis_mock_sign_in_free (KennisMockSignIn *self)
{
  g_clear_object (&self->server);
  g_free (self->address);
  g_free (self->challenge);
  g_free (self->redirect_uri);
  g_free (self);
}

/* "http://127.0.0.1:port", without a slash at the end */
const char *
kennis_mock_sign_in_get_address (KennisMockSignIn *self)
{
  return self->address;
}

/* Where the last IndieAuth sign-in page sent the browser back to. */
const char *
kennis_mock_sign_in_get_redirect_uri (KennisMockSignIn *self)
{
  return self->redirect_uri;
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GBytes **body = data;
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

/**
 * kennis_mock_sign_in_browse:
 *
 * What a person's browser does with @url: opens it, follows redirects,
 * and shows the page. The main loop runs meanwhile, so that servers of
 * this thread answer.
 *
 * Returns: (transfer full): the page
 */
char *
kennis_mock_sign_in_browse (const char *url)
{
  g_autoptr(SoupSession) browser = soup_session_new ();
  g_autoptr(SoupMessage) page = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;

  g_assert_nonnull (page);
  soup_session_send_and_read_async (browser, page, G_PRIORITY_DEFAULT, NULL, page_read_cb, &body);
  g_assert_true (kennis_test_wait_for (is_set, &body, 10000));
  g_assert_cmpuint (soup_message_get_status (page), ==, 200);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}
