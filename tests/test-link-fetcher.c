/* test-link-fetcher.c — a link's title and description, fetched from a SoupServer on 127.0.0.1
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "kennis-link-fetcher.h"
#include "kennis-link-info.h"

#define BIG_BODY_BYTES (50 * 1024 * 1024)
#define FILLER_BYTES   (64 * 1024)

typedef struct
{
  SoupServer        *server;
  guint              port;
  guint              n_requests;
  KennisLinkFetcher *fetcher;
  GAsyncResult      *result;

  /* The 50 MiB page: what the server wrote, and whether it stopped. */
  guint64            big_queued;
  guint64            big_written;
  gboolean           big_finished;
} Fixture;

/* Pages served as they are: path, Content-Type, body. */
static const struct
{
  const char *path;
  const char *content_type;
  const char *body;
} pages[] = {
  { "/news/today/og", "text/html; charset=utf-8",
    "<!DOCTYPE html><html><head>\n"
    "<title>Plain title</title>\n"
    "<meta name=\"description\" content=\"Plain description\">\n"
    /* A tracking pixel makes libxml2 end <head> early. */
    "<noscript><img src=\"/pixel.gif\" alt=\"\"></noscript>\n"
    "<meta property=\"og:title\" content=\"The OpenGraph title\">\n"
    "<meta property=\"og:description\" content=\"What the page is about.\">\n"
    "<meta property=\"og:site_name\" content=\"Example News\">\n"
    "<link rel=\"canonical\" href=\"../articles/42?ref=feed\">\n"
    "</head><body><p>Hello</p></body></html>" },
  { "/og-name", "text/html",
    "<html><head><TITLE>Plain title</TITLE>"
    "<META NAME=\"og:title\" CONTENT=\"Named title\">"
    "<Meta Name=\"Description\" Content=\"Described by name\">"
    "<LINK REL=\"Canonical\" HREF=\"javascript:alert(1)\">"
    "</head><body></body></html>" },
  { "/title-only", "text/html",
    "<html><head><title>\n\t  Caf&eacute; &amp; Bar&#8217;s\n   menu&nbsp;today \t</title></head>"
    "<body><svg><title>An icon</title></svg></body></html>" },
  { "/twitter", "text/html",
    "<html><head><title> \n\t </title>"
    "<meta name=\"twitter:title\" content=\"Tweeted title\">"
    "<meta name=\"twitter:description\" content=\"Tweeted description\">"
    "</head></html>" },
  { "/latin1-header", "text/html; charset=ISO-8859-1",
    "<html><head><title>Caf\xe9 cr\xe8me</title></head></html>" },
  { "/cp1252-meta", "text/html",
    "<html><head><meta charset=\"windows-1252\">"
    "<title>\x93Quoted\x94 costs \x80" "5</title></head></html>" },
  { "/latin1-http-equiv", "text/html",
    "<html><head>"
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
    "<title>Na\xefve r\xe9sum\xe9</title></head></html>" },
  { "/invalid-utf8", "text/html",
    "<html><head><title>Caf\xc3\xa9 \xff\xfe ok</title>"
    "<meta name=\"description\" content=\"Still here\"></head></html>" },
  { "/chain/0", "text/html",
    "<html><head><title>End of the chain</title></head></html>" },
  { "/document.pdf", "application/pdf", "%PDF-1.4\n" },
};

static const guint redirect_statuses[] = { 301, 302, 303, 307, 308 };

static char filler[FILLER_BYTES];

static void
big_chunk_written_cb (SoupServerMessage *msg,
                      Fixture           *f)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (f->big_queued >= BIG_BODY_BYTES)
    {
      soup_message_body_complete (body);
      return;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, filler, sizeof filler);
  f->big_queued += sizeof filler;
}

static void
big_body_data_written_cb (SoupServerMessage *msg,
                          guint              size,
                          Fixture           *f)
{
  f->big_written += size;
}

static void
big_finished_cb (SoupServerMessage *msg,
                 Fixture           *f)
{
  f->big_finished = TRUE;
}

/* 50 MiB, chunk by chunk, so the server never holds it all. */
static void
serve_big (Fixture           *f,
           SoupServerMessage *msg)
{
  static const char head[] = "<html><head><title>Big page</title></head><body>";
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  memset (filler, 'x', sizeof filler);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/html", NULL);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, head, strlen (head));
  f->big_queued = strlen (head);

  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (big_chunk_written_cb), f);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (big_body_data_written_cb), f);
  g_signal_connect (msg, "finished", G_CALLBACK (big_finished_cb), f);
}

/* /chain/N sends on to /chain/N-1, each time with another status and a
 * relative Location. */
static void
serve_chain (SoupServerMessage *msg,
             const char        *path)
{
  guint64 n = g_ascii_strtoull (path + strlen ("/chain/"), NULL, 10);
  g_autofree char *location = g_strdup_printf ("%" G_GUINT64_FORMAT, n - 1);

  soup_server_message_set_redirect (msg, redirect_statuses[n % G_N_ELEMENTS (redirect_statuses)],
                                    location);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;

  f->n_requests++;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (path, pages[i].path))
      {
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, pages[i].content_type, SOUP_MEMORY_STATIC,
                                          pages[i].body, strlen (pages[i].body));
        return;
      }

  if (g_str_has_prefix (path, "/chain/"))
    serve_chain (msg, path);
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
  else if (g_str_equal (path, "/to-file"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "file:///etc/passwd");
  else if (g_str_equal (path, "/big"))
    serve_big (f, msg);
  /* Never answered: the server lets go of it when it disconnects. */
  else if (g_str_equal (path, "/slow"))
    soup_server_message_pause (msg);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new ("server-header", "kennis-test ", NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  f->fetcher = kennis_link_fetcher_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->fetcher);
  g_clear_object (&f->result);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static char *
server_url (Fixture    *f,
            const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
}

static KennisLinkInfo *
fetch_url (Fixture       *f,
           const char    *url,
           GCancellable  *cancellable,
           GError       **error)
{
  KennisLinkInfo *info;

  kennis_link_fetcher_fetch_async (f->fetcher, url, cancellable, fetched_cb, f);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  info = kennis_link_fetcher_fetch_finish (f->fetcher, f->result, error);
  g_clear_object (&f->result);
  return info;
}

static KennisLinkInfo *
fetch_path (Fixture     *f,
            const char  *path,
            GError     **error)
{
  g_autofree char *url = server_url (f, path);

  return fetch_url (f, url, NULL, error);
}

static void
test_opengraph (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/news/today/og", &error);
  g_autofree char *url = server_url (f, "/news/today/og");
  g_autofree char *canonical = server_url (f, "/news/articles/42?ref=feed");

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "The OpenGraph title");
  g_assert_cmpstr (info->description, ==, "What the page is about.");
  g_assert_cmpstr (info->site_name, ==, "Example News");
  g_assert_cmpstr (info->canonical_url, ==, canonical);
  g_assert_cmpstr (info->url, ==, url);
}

static void
test_opengraph_by_name (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/og-name", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "Named title");
  g_assert_cmpstr (info->description, ==, "Described by name");
  g_assert_null (info->site_name);
  /* A javascript: canonical link is dropped. */
  g_assert_null (info->canonical_url);
}

static void
test_title_only (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/title-only", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "Café & Bar’s menu today");
  g_assert_null (info->description);
  g_assert_null (info->site_name);
  g_assert_null (info->canonical_url);
}

static void
test_twitter_fallback (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/twitter", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "Tweeted title");
  g_assert_cmpstr (info->description, ==, "Tweeted description");
}

static void
test_charsets (Fixture       *f,
               gconstpointer  data)
{
  static const struct
  {
    const char *path;
    const char *title;
  } cases[] = {
    { "/latin1-header", "Café crème" },
    { "/cp1252-meta", "“Quoted” costs €5" },
    { "/latin1-http-equiv", "Naïve résumé" },
    { "/invalid-utf8", "Café \xef\xbf\xbd\xef\xbf\xbd ok" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisLinkInfo) info = fetch_path (f, cases[i].path, &error);

      g_test_message ("%s", cases[i].path);
      g_assert_no_error (error);
      g_assert_cmpstr (info->title, ==, cases[i].title);
    }
}

static void
test_invalid_utf8_keeps_rest (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/invalid-utf8", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->description, ==, "Still here");
}

static void
test_big_body (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/big", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "Big page");

  /* Once the fetcher hangs up, the server's next writes fail. */
  while (!f->big_finished)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("the server wrote %" G_GUINT64_FORMAT " bytes", f->big_written);
  g_assert_cmpuint (f->big_written, >=, KENNIS_LINK_FETCHER_MAX_BYTES);
  g_assert_cmpuint (f->big_written, <, 16 * 1024 * 1024);
}

static void
test_redirect_loop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/loop", &error);

  g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_REDIRECTS);
  g_assert_null (info);
  g_assert_cmpuint (f->n_requests, ==, KENNIS_LINK_FETCHER_MAX_REDIRECTS + 1);
}

static void
test_redirect_chain (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/chain/5", &error);
  g_autofree char *final = server_url (f, "/chain/0");

  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "End of the chain");
  g_assert_cmpstr (info->url, ==, final);
  g_assert_cmpuint (f->n_requests, ==, 6);
}

static void
test_redirect_to_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/to-file", &error);

  g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "file:///etc/passwd"));
  g_assert_null (info);
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = NULL;
  gint64 start = g_get_monotonic_time ();

  kennis_link_fetcher_set_timeout (f->fetcher, 1);
  info = fetch_path (f, "/slow", &error);

  g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_null (info);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = NULL;
  g_autofree char *url = server_url (f, "/slow");
  gint64 start = g_get_monotonic_time ();

  /* While waiting for the answer. */
  g_timeout_add (100, cancel_cb, cancellable);
  info = fetch_url (f, url, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Before it starts. */
  g_cancellable_cancel (cancelled);
  info = fetch_url (f, url, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
}

static void
test_not_html (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/document.pdf", &error);

  g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_NOT_HTML);
  g_assert_nonnull (strstr (error->message, "application/pdf"));
  g_assert_null (info);
}

static void
test_http_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisLinkInfo) info = fetch_path (f, "/missing", &error);

  g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404 Not Found"));
  g_assert_null (info);
}

static void
test_unsupported (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const urls[] = {
    "file:///etc/passwd",
    "ftp://127.0.0.1/file.html",
    "javascript:alert(1)",
    "data:text/html,<title>x</title>",
    "not a url",
    "/og-name",
    "http:///no-host",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisLinkInfo) info = fetch_url (f, urls[i], NULL, &error);

      g_test_message ("%s", urls[i]);
      g_assert_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_UNSUPPORTED);
      g_assert_null (info);
    }
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_parse_caps (void)
{
  g_autoptr(GString) page = g_string_new ("<title>");
  g_autoptr(KennisLinkInfo) info = NULL;

  for (guint i = 0; i < 400; i++)
    g_string_append (page, "é");
  g_string_append (page, "</title><meta name=description content=\"");
  for (guint i = 0; i < 1500; i++)
    g_string_append (page, i % 2 == 0 ? "€" : " ");
  g_string_append (page, "\">");

  info = kennis_link_info_parse_html (page->str, page->len, NULL, "https://example.org/");
  g_assert_true (g_utf8_validate (info->title, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (info->title, -1), ==, 300);
  g_assert_true (g_str_has_suffix (info->title, "é"));
  g_assert_true (g_utf8_validate (info->description, -1, NULL));
  /* Cut at 1000 characters, without the space the cut left at its end. */
  g_assert_cmpint (g_utf8_strlen (info->description, -1), ==, 999);
  g_assert_true (g_str_has_suffix (info->description, "€"));
}

static void
test_parse_empty (void)
{
  static const char page[] = "<html><head><title> \n&nbsp;\t</title>"
                             "<meta property=\"og:title\" content=\"   \">"
                             "</head><body><svg><title>An icon</title></svg></body></html>";
  g_autoptr(KennisLinkInfo) info = kennis_link_info_parse_html (page, strlen (page), NULL,
                                                                "https://example.org/a/");
  g_autoptr(KennisLinkInfo) nothing = kennis_link_info_parse_html ("", 0, NULL, NULL);

  g_assert_null (info->title);
  g_assert_null (info->description);
  g_assert_null (info->site_name);
  g_assert_null (info->canonical_url);
  g_assert_cmpstr (info->url, ==, "https://example.org/a/");
  g_assert_null (nothing->title);
  g_assert_null (nothing->url);
}

/* The page's bytes are ISO-8859-1 and it says so; once converted, libxml2
 * must not decode them again. */
static void
test_parse_meta_charset_once (void)
{
  static const char page[] = "<meta charset=\"iso-8859-1\"><title>\xe9t\xe9</title>";
  g_autoptr(KennisLinkInfo) info = kennis_link_info_parse_html (page, strlen (page), NULL, NULL);
  g_autoptr(KennisLinkInfo) copy = kennis_link_info_copy (info);

  g_assert_cmpstr (info->title, ==, "été");
  g_assert_cmpstr (copy->title, ==, "été");
}

/* A megabyte of junk is what a broken server may send; the parser gets
 * through it quickly and finds nothing. */
static void
test_parse_junk (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *junk = g_malloc (KENNIS_LINK_FETCHER_MAX_BYTES);
  g_autoptr(KennisLinkInfo) info = NULL;
  gint64 start;

  for (gsize i = 0; i < KENNIS_LINK_FETCHER_MAX_BYTES; i++)
    junk[i] = "<>/=\"' abtmeilx\n\xc3\xff"[g_rand_int_range (rand, 0, 18)];

  start = g_get_monotonic_time ();
  info = kennis_link_info_parse_html (junk, KENNIS_LINK_FETCHER_MAX_BYTES, NULL, NULL);
  g_assert_nonnull (info);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
add_server_test (const char *path,
                 void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is ever asked, and never through a proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  add_server_test ("/link-fetcher/opengraph", test_opengraph);
  add_server_test ("/link-fetcher/opengraph-by-name", test_opengraph_by_name);
  add_server_test ("/link-fetcher/title-only", test_title_only);
  add_server_test ("/link-fetcher/twitter-fallback", test_twitter_fallback);
  add_server_test ("/link-fetcher/charsets", test_charsets);
  add_server_test ("/link-fetcher/invalid-utf8", test_invalid_utf8_keeps_rest);
  add_server_test ("/link-fetcher/big-body", test_big_body);
  add_server_test ("/link-fetcher/redirect-loop", test_redirect_loop);
  add_server_test ("/link-fetcher/redirect-chain", test_redirect_chain);
  add_server_test ("/link-fetcher/redirect-to-file", test_redirect_to_file);
  add_server_test ("/link-fetcher/timeout", test_timeout);
  add_server_test ("/link-fetcher/cancel", test_cancel);
  add_server_test ("/link-fetcher/not-html", test_not_html);
  add_server_test ("/link-fetcher/http-error", test_http_error);
  add_server_test ("/link-fetcher/unsupported", test_unsupported);
  g_test_add_func ("/link-info/caps", test_parse_caps);
  g_test_add_func ("/link-info/empty", test_parse_empty);
  g_test_add_func ("/link-info/meta-charset-once", test_parse_meta_charset_once);
  g_test_add_func ("/link-info/junk", test_parse_junk);

  return g_test_run ();
}
