/* test-target-tls.c — a server whose certificate is not trusted gets
 * nothing: every network target stops with a plain message, and not one
 * request (with its password or token) reaches the server
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "kennis-credentials.h"
#include "kennis-share-test.h"
#include "kennis-target.h"
#include "kennis-test-util.h"

static guint requests;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  requests++;
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

static void
test_untrusted (gconstpointer data)
{
  const char *kind = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "tls", "self-signed.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(KennisTarget) target = NULL;
  g_autofree char *site = NULL;
  g_autofree char *config = NULL;
  g_autofree char *key = NULL;
  g_autofree char *found = NULL;
  KennisTargetInfo info = { 0, (char *)kind, (char *)"Ergens", NULL, NULL };
  GSList *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  site = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (site, "https://127.0.0.1:"));

  if (g_str_equal (kind, "mastodon"))
    config = g_strdup_printf ("{\"instance\": \"%s\", \"account\": \"anna\"}", site);
  else
    config = g_strdup_printf ("{\"site\": \"%s\", \"user\": \"anna\"}", site);
  info.config = config;
  target = kennis_target_new_from_info (&info, &error);
  g_assert_no_error (error);
  key = kennis_target_dup_secret_key (target);
  kennis_credentials_store (key, kennis_target_get_secret_account (target), "geheim", NULL, &error);
  g_assert_no_error (error);

  requests = 0;
  found = kennis_share_test_check (target, 20000, &error);
  g_assert_null (found);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_cmpuint (requests, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("kennis-tls-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", dir, TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add_data_func ("/tls/untrusted/wordpress", "wordpress", test_untrusted);
  g_test_add_data_func ("/tls/untrusted/mastodon", "mastodon", test_untrusted);
  g_test_add_data_func ("/tls/untrusted/micropub", "micropub", test_untrusted);

  status = g_test_run ();
  kennis_test_remove_tree (dir);
  return status;
}
