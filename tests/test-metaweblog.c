/* test-metaweblog.c — the MetaWeblog target: against an in-process
 * XML-RPC server on 127.0.0.1 (a fault, a busy server, characters XML
 * forbids; through the outbox: share, update and unshare, a 500, 429 with
 * Retry-After, a connection dropped after newPost, a newPost answer slower
 * than Kennis waits, a wrong password and a restart while a job waits),
 * and against a real WordPress's xmlrpc.php when
 * tests/wordpress/run-with-wordpress.sh brings one up, checked through
 * WordPress's own REST API
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "kennis-audience.h"
#include "kennis-credentials.h"
#include "kennis-entry.h"
#include "kennis-metaweblog-target.h"
#include "kennis-post.h"
#include "kennis-share-test.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"
#include "kennis-wordpress-target.h"

#define MOCK_USER "anna"
#define MOCK_PASSWORD "geheim wachtwoord"
/* How long a call to the target may take: the same calls go to a real
 * WordPress, which can be slow. */
#define TARGET_WAIT_MS 60000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static const char *site;
static const char *user;
static const char *login_password;
static const char *app_password;

/* A target with @member ("endpoint" or "site") set to @address. */
static KennisTarget *
make_target (const char *member,
             const char *address,
             const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf ("{\"%s\": \"%s\", \"user\": \"%s\"}", member, address, login);
  KennisMetaweblogTarget *target = kennis_metaweblog_target_new (9, "Oud blog", config, &error);

  g_assert_no_error (error);
  return KENNIS_TARGET (target);
}

static KennisPost *
make_post (const char *title)
{
  KennisPost *post = kennis_post_new ();

  post->id = g_uuid_string_random ();
  post->title = g_strdup (title);
  post->html = g_strdup ("<p>Één café in Zürich, naïef geöpperd 🚲</p>\n"
                         "<pre><code>if (a &lt; b) return;\n</code></pre>");
  post->text = g_strdup ("Één café in Zürich");
  g_free (post->language);
  post->language = g_strdup ("nl");
  g_strfreev (post->tags);
  post->tags = g_strdupv ((char *[]) { "kennis", "xml-rpc", "Café & co", NULL });
  return post;
}

static KennisShareResult *
publish (KennisTarget *target,
         KennisPost   *post,
         const char   *remote_id,
         GError      **error)
{
  KennisShareRequest *request = kennis_share_test_request (post, remote_id);

  return kennis_share_test_publish (target, request, TARGET_WAIT_MS, error);
}

static gboolean
withdraw (KennisTarget *target,
          KennisPost   *post,
          const char   *remote_id,
          GError      **error)
{
  KennisShareRequest *request = kennis_share_test_request (post, remote_id);

  return kennis_share_test_withdraw (target, request, TARGET_WAIT_MS, error);
}

/* --- An in-process XML-RPC server ----------------------------------------- */

/* The server answers the calls Kennis makes as WordPress's xmlrpc.php
 * does: a wrong password is fault 403, an unknown post fault 404, a
 * deleted post goes to the trash and leaves getRecentPosts, and posts are
 * numbered from 42. */

typedef enum
{
  MOCK_BLOG,    /* a blog, empty at first */
  MOCK_FAULT,   /* answers every call with a fault */
  MOCK_BUSY,    /* 503 with Retry-After */
} MockMode;

/* What goes wrong on MOCK_BLOG. */
typedef enum
{
  MOCK_FAULT_NONE,
  MOCK_FAULT_500,             /* every write fails */
  MOCK_FAULT_429,             /* every write is refused for 2 s */
  MOCK_FAULT_DROP_NEW_POST,   /* the post is made, the answer never comes */
  MOCK_FAULT_SLOW_NEW_POST,   /* the post is made, the answer comes after Kennis gave up */
} MockFault;

typedef struct
{
  guint     id;
  char     *title;
  char     *description;
  char     *keywords;
  gboolean  trashed;
} MockPost;

typedef struct
{
  SoupServer *server;
  char       *endpoint;
  MockMode    mode;
  MockFault   fault;
  GPtrArray  *methods;    /* the methodName of every call, in order */
  char       *title;      /* the title of the last newPost, as the server read it */
  char       *categories; /* its categories, joined by "|" */
  char       *keywords;   /* its mt_keywords */
  GPtrArray  *posts;      /* MockPost, oldest first */
  guint       new_posts;  /* newPost calls that made a post */
  guint       site_requests; /* for the blog's own pages, and for addresses that are not there */
} Mock;

static const char blogs_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data>"
  "<value><struct><member><name>isAdmin</name><value><boolean>1</boolean></value></member>"
  "<member><name>blogid</name><value><string>1</string></value></member>"
  "<member><name>blogName</name><value><string>Proefblog</string></value></member>"
  "</struct></value></data></array></value></param></params></methodResponse>";
static const char fault_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
  "<member><name>faultCode</name><value><int>403</int></value></member>"
  "<member><name>faultString</name><value><string>Onjuiste gebruikersnaam &amp; wachtwoord.</string></value>"
  "</member></struct></value></fault></methodResponse>";

static void
mock_post_free (MockPost *post)
{
  g_free (post->title);
  g_free (post->description);
  g_free (post->keywords);
  g_free (post);
}

static char *
xpath_string (xmlDoc     *doc,
              const char *expression)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *found = xmlXPathEvalExpression ((const xmlChar *)expression, context);
  char *text = NULL;

  if (found != NULL && found->nodesetval != NULL && found->nodesetval->nodeNr > 0)
    {
      xmlChar *content = xmlNodeGetContent (found->nodesetval->nodeTab[0]);

      text = g_strdup ((const char *)content);
      xmlFree (content);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
  return text;
}

/* The texts of every node @expression finds, joined by "|". */
static char *
xpath_join (xmlDoc     *doc,
            const char *expression)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *found = xmlXPathEvalExpression ((const xmlChar *)expression, context);
  GString *texts = g_string_new (NULL);

  for (int i = 0; found != NULL && found->nodesetval != NULL && i < found->nodesetval->nodeNr; i++)
    {
      xmlChar *content = xmlNodeGetContent (found->nodesetval->nodeTab[i]);

      g_string_append_printf (texts, "%s%s", i > 0 ? "|" : "", (const char *)content);
      xmlFree (content);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
  return g_string_free (texts, FALSE);
}

/* The text of the call's @n-th parameter (from 1). */
static char *
dup_param (xmlDoc *doc,
           guint   n)
{
  g_autofree char *expression = g_strdup_printf ("/methodCall/params/param[%u]/value", n);

  return xpath_string (doc, expression);
}

/* A member of the struct that is the call's @n-th parameter. */
static char *
dup_param_member (xmlDoc     *doc,
                  guint       n,
                  const char *name)
{
  g_autofree char *expression = g_strdup_printf ("/methodCall/params/param[%u]/value/struct/member[name='%s']/value",
                                                 n, name);

  return xpath_string (doc, expression);
}

static void
reply_xml (SoupServerMessage *message,
           const char        *xml)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_COPY, xml, strlen (xml));
}

/* What a web server says when PHP never gets to answer. */
static void
reply_page (SoupServerMessage *message,
            guint              status,
            const char        *html)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_COPY, html, strlen (html));
}

static void
reply_fault (SoupServerMessage *message,
             int                code,
             const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                                          "<member><name>faultCode</name><value><int>%d</int></value></member>"
                                          "<member><name>faultString</name><value><string>%s</string></value>"
                                          "</member></struct></value></fault></methodResponse>",
                                          code, escaped);

  reply_xml (message, xml);
}

/* @value is the XML of one <value>. */
static void
reply_value (SoupServerMessage *message,
             const char        *value)
{
  g_autofree char *xml = g_strconcat ("<?xml version=\"1.0\"?><methodResponse><params><param>", value,
                                      "</param></params></methodResponse>", NULL);

  reply_xml (message, xml);
}

static void
append_string_member (GString    *out,
                      const char *name,
                      const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append_printf (out, "<member><name>%s</name><value><string>%s</string></value></member>", name,
                          escaped);
}

/* A post as getPost and getRecentPosts give it. The id is an <int> and
 * the link an untyped value with an escaped "&": both must be read. */
static void
append_post (GString  *out,
             MockPost *post)
{
  g_string_append_printf (out, "<value><struct><member><name>postid</name><value><int>%u</int></value></member>"
                               "<member><name>link</name><value>http://blog.test/?p=%u&amp;lang=nl</value>"
                               "</member>",
                          post->id, post->id);
  append_string_member (out, "title", post->title);
  append_string_member (out, "description", post->description);
  append_string_member (out, "mt_keywords", post->keywords);
  g_string_append (out, "</struct></value>");
}

static MockPost *
find_mock_post (Mock       *mock,
                const char *id)
{
  guint64 number = 0;

  if (id == NULL || !g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &number, NULL))
    return NULL;
  for (guint i = 0; i < mock->posts->len; i++)
    if (((MockPost *)mock->posts->pdata[i])->id == number)
      return mock->posts->pdata[i];
  return NULL;
}

/* Sets the post's fields from the struct in the call's fourth parameter. */
static void
read_content (MockPost *post,
              xmlDoc   *doc)
{
  g_free (post->title);
  post->title = dup_param_member (doc, 4, "title");
  g_free (post->description);
  post->description = dup_param_member (doc, 4, "description");
  g_free (post->keywords);
  post->keywords = dup_param_member (doc, 4, "mt_keywords");
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
new_post (Mock              *mock,
          SoupServerMessage *message,
          xmlDoc            *doc)
{
  MockPost *post = g_new0 (MockPost, 1);
  g_autofree char *value = NULL;

  post->id = 42 + mock->posts->len;
  read_content (post, doc);
  g_ptr_array_add (mock->posts, post);
  mock->new_posts++;
  /* WordPress answers with the id as a string. */
  value = g_strdup_printf ("<value><string>%u</string></value>", post->id);
  reply_value (message, value);

  if (mock->fault == MOCK_FAULT_DROP_NEW_POST)
    {
      /* The post is made; the connection breaks before the answer. */
      g_socket_shutdown (soup_server_message_get_socket (message), TRUE, TRUE, NULL);
      mock->fault = MOCK_FAULT_NONE;
    }
  else if (mock->fault == MOCK_FAULT_SLOW_NEW_POST)
    {
      /* Kennis waits a second (KENNIS_HTTP_TIMEOUT); this takes three. */
      soup_server_message_pause (message);
      g_timeout_add_seconds (3, answer_late, g_object_ref (message));
      mock->fault = MOCK_FAULT_NONE;
    }
}

static void
recent_posts (Mock              *mock,
              SoupServerMessage *message,
              xmlDoc            *doc)
{
  g_autofree char *wanted = dup_param (doc, 4);
  g_autoptr(GString) value = g_string_new ("<value><array><data>");
  guint64 left = 0;

  g_assert_true (g_ascii_string_to_unsigned (wanted, 10, 1, 1000, &left, NULL));
  for (guint i = mock->posts->len; i > 0 && left > 0; i--)
    {
      MockPost *post = mock->posts->pdata[i - 1];

      if (post->trashed)
        continue;
      append_post (value, post);
      left--;
    }
  g_string_append (value, "</data></array></value>");
  reply_value (message, value->str);
}

/* A call to the blog; every call but blogger.deletePost has the user and
 * password second and third. */
static void
blog_call (Mock              *mock,
           SoupServerMessage *message,
           xmlDoc            *doc,
           const char        *method)
{
  gboolean is_delete = g_str_equal (method, "blogger.deletePost");
  gboolean is_write = is_delete || g_str_equal (method, "metaWeblog.newPost") ||
                      g_str_equal (method, "metaWeblog.editPost");
  g_autofree char *login = dup_param (doc, is_delete ? 3 : 2);
  g_autofree char *password = dup_param (doc, is_delete ? 4 : 3);
  g_autofree char *id = NULL;
  g_autoptr(GString) value = NULL;
  MockPost *post = NULL;

  if (g_strcmp0 (login, MOCK_USER) != 0 || g_strcmp0 (password, MOCK_PASSWORD) != 0)
    {
      reply_fault (message, 403, "Incorrect username or password.");
      return;
    }
  if (is_write && mock->fault == MOCK_FAULT_500)
    {
      reply_page (message, 500, "<h1>Error establishing a database connection</h1>");
      return;
    }
  if (is_write && mock->fault == MOCK_FAULT_429)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "2");
      reply_page (message, 429, "<h1>Too Many Requests</h1>");
      return;
    }

  if (g_str_equal (method, "blogger.getUsersBlogs"))
    {
      reply_xml (message, blogs_reply);
      return;
    }
  if (g_str_equal (method, "metaWeblog.getRecentPosts"))
    {
      recent_posts (mock, message, doc);
      return;
    }
  if (g_str_equal (method, "metaWeblog.newPost"))
    {
      new_post (mock, message, doc);
      return;
    }

  id = dup_param (doc, is_delete ? 2 : 1);
  post = find_mock_post (mock, id);
  if (post == NULL || (is_delete && post->trashed))
    reply_fault (message, 404, "Invalid post ID.");
  else if (g_str_equal (method, "metaWeblog.editPost"))
    {
      read_content (post, doc);
      reply_value (message, "<value><boolean>1</boolean></value>");
    }
  else if (is_delete)
    {
      post->trashed = TRUE;
      reply_value (message, "<value><boolean>1</boolean></value>");
    }
  else if (g_str_equal (method, "metaWeblog.getPost"))
    {
      value = g_string_new (NULL);
      append_post (value, post);
      reply_value (message, value->str);
    }
  else
    reply_fault (message, -32601, "server error. requested method does not exist.");
}

static void
mock_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Mock *mock = data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  /* Every call must be well-formed XML: one forbidden character and the
   * whole document is refused. */
  g_autoptr(xmlDoc) doc = xmlReadMemory (body->data, (int)body->length, NULL, NULL, XML_PARSE_NONET);
  char *method;

  g_assert_nonnull (doc);
  g_assert_cmpstr (soup_server_message_get_method (message), ==, "POST");
  method = xpath_string (doc, "/methodCall/methodName");
  g_assert_nonnull (method);
  g_ptr_array_add (mock->methods, method);
  if (g_str_equal (method, "metaWeblog.newPost"))
    {
      g_free (mock->title);
      mock->title = dup_param_member (doc, 4, "title");
      g_free (mock->categories);
      mock->categories = xpath_join (doc, "/methodCall/params/param[4]/value/struct/member[name='categories']"
                                          "/value/array/data/value");
      g_free (mock->keywords);
      mock->keywords = dup_param_member (doc, 4, "mt_keywords");
    }

  if (mock->mode == MOCK_BUSY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "7");
      soup_server_message_set_status (message, 503, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<h1>Busy</h1>", 13);
      return;
    }
  if (mock->mode == MOCK_FAULT)
    {
      reply_xml (message, fault_reply);
      return;
    }
  blog_call (mock, message, doc, method);
}

/* The blog's own pages: a front page whose EditURI names the RSD document,
 * which names the endpoint; any other address is not found. */
static void
site_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Mock *mock = data;
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html><html><head><link rel=\"EditURI\" "
                                           "type=\"application/rsd+xml\" href=\"rsd.xml\"></head></html>");
  g_autofree char *rsd = g_strdup_printf ("<?xml version=\"1.0\"?><rsd version=\"1.0\"><service><apis>"
                                          "<api name=\"MetaWeblog\" blogID=\"1\" preferred=\"true\" "
                                          "apiLink=\"%s\"/></apis></service></rsd>", mock->endpoint);

  mock->site_requests++;
  if (g_str_equal (path, "/"))
    soup_server_message_set_response (message, "text/html", SOUP_MEMORY_COPY, page, strlen (page));
  else if (g_str_equal (path, "/rsd.xml"))
    soup_server_message_set_response (message, "application/rsd+xml", SOUP_MEMORY_COPY, rsd, strlen (rsd));
  else
    {
      soup_server_message_set_status (message, 404, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<h1>Not found</h1>", 18);
      return;
    }
  soup_server_message_set_status (message, 200, NULL);
}

static void
mock_set_up (Mock          *mock,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;

  /* Read when a target's session is made: an answer slower than this is
   * given up on (MOCK_FAULT_SLOW_NEW_POST). Only for the server here; a
   * real WordPress may take longer than a second. */
  g_setenv ("KENNIS_HTTP_TIMEOUT", "1", TRUE);
  mock->mode = GPOINTER_TO_INT (data);
  mock->methods = g_ptr_array_new_with_free_func (g_free);
  mock->posts = g_ptr_array_new_with_free_func ((GDestroyNotify)mock_post_free);
  mock->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (mock->server, "/xmlrpc.php", mock_cb, mock, NULL);
  soup_server_add_handler (mock->server, NULL, site_cb, mock, NULL);
  soup_server_listen_local (mock->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (mock->server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  mock->endpoint = g_strconcat (base, "xmlrpc.php", NULL);
  kennis_credentials_store (mock->endpoint, MOCK_USER, MOCK_PASSWORD, NULL, &error);
  g_assert_no_error (error);
}

static void
mock_tear_down (Mock          *mock,
                gconstpointer  data)
{
  soup_server_disconnect (mock->server);
  g_object_unref (mock->server);
  g_free (mock->endpoint);
  g_ptr_array_unref (mock->methods);
  g_ptr_array_unref (mock->posts);
  g_free (mock->title);
  g_free (mock->categories);
  g_free (mock->keywords);
  g_unsetenv ("KENNIS_HTTP_TIMEOUT");
}

/* A fault reaches the user in the blog's own words. */
static void
test_mock_fault (Mock          *mock,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target ("endpoint", mock->endpoint, MOCK_USER);
  g_autofree char *found = kennis_share_test_check (target, TARGET_WAIT_MS, &error);

  g_assert_null (found);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The blog says: Onjuiste gebruikersnaam & wachtwoord.");
}

/* A 503 is worth another try, after the wait the server asked for. */
static void
test_mock_busy (Mock          *mock,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target ("endpoint", mock->endpoint, MOCK_USER);
  g_autoptr(KennisPost) post = make_post ("Druk");
  g_autoptr(KennisShareResult) result = publish (target, post, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY);
  g_assert_cmpuint (kennis_target_take_retry_after (target), ==, 7);
}

/* Characters XML 1.0 forbids are left out of the call, so the server can
 * read it; and a newPost comes only after the recent posts were searched. */
static void
test_mock_forbidden_characters (Mock          *mock,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target ("endpoint", mock->endpoint, MOCK_USER);
  g_autoptr(KennisPost) post = make_post ("Veilig\x01 en\x0B wel\x1F");
  g_autoptr(KennisShareResult) result = publish (target, post, NULL, &error);
  const char *expected[] = {
    "blogger.getUsersBlogs", "metaWeblog.getRecentPosts", "metaWeblog.newPost", "metaWeblog.getPost",
  };

  g_assert_no_error (error);
  g_assert_cmpstr (mock->title, ==, "Veilig en wel");
  g_assert_cmpstr (result->remote_id, ==, "42");
  g_assert_cmpstr (result->url, ==, "http://blog.test/?p=42&lang=nl");
  g_assert_cmpstr (kennis_metaweblog_target_get_blog_id (KENNIS_METAWEBLOG_TARGET (target)), ==, "1");
  g_assert_cmpuint (mock->methods->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (mock->methods->pdata[i], ==, expected[i]);
}

/* Tags go as mt_keywords, or, for a blog set up so (a blog without tags),
 * as the post's categories. */
static void
test_mock_tags_as (Mock          *mock,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) keywords = make_target ("endpoint", mock->endpoint, MOCK_USER);
  g_autofree char *config = kennis_metaweblog_target_build_config (mock->endpoint, MOCK_USER, NULL, TRUE);
  g_autoptr(KennisMetaweblogTarget) categories = kennis_metaweblog_target_new (9, "Oud blog", config, &error);
  g_autoptr(KennisPost) post = make_post ("Labels");
  g_autoptr(KennisShareResult) first = NULL;
  g_autoptr(KennisShareResult) second = NULL;

  g_assert_no_error (error);
  first = publish (keywords, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mock->keywords, ==, "kennis,xml-rpc,Café & co");
  g_assert_cmpstr (mock->categories, ==, "");

  g_free (post->id);
  post->id = g_uuid_string_random ();
  second = publish (KENNIS_TARGET (categories), post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mock->categories, ==, "kennis|xml-rpc|Café & co");
  g_assert_cmpstr (mock->keywords, ==, "");
}

/* --- Through the outbox, against the server here -------------------------- */

typedef struct
{
  Mock                  mock;
  char                 *dir;
  KennisShareTestOutbox outbox;
} Outbox;

/* A notebook whose "team" audience goes to the blog here. The password
 * is in the file that main() points KENNIS_DATA_DIR at; the notebook has a
 * folder of its own. */
static void
outbox_set_up (Outbox        *o,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *config = NULL;

  mock_set_up (&o->mock, GINT_TO_POINTER (MOCK_BLOG));
  o->dir = g_dir_make_tmp ("kennis-metaweblog-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  o->outbox.path = g_build_filename (o->dir, "kennis.db", NULL);
  kennis_share_test_outbox_open (&o->outbox);

  config = g_strdup_printf ("{\"endpoint\": \"%s\", \"user\": \"" MOCK_USER "\"}", o->mock.endpoint);
  target = kennis_share_test_outbox_add_target (&o->outbox, "metaweblog", "Oud blog", config);
}

static void
outbox_tear_down (Outbox        *o,
                  gconstpointer  data)
{
  kennis_share_test_outbox_clear (&o->outbox);
  kennis_test_remove_tree (o->dir);
  g_free (o->dir);
  mock_tear_down (&o->mock, data);
}

/* Shares a new entry for "team" and waits for the first try. */
static KennisEntry *
share_new_entry (Outbox     *o,
                 const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) team = kennis_store_find_audience (o->outbox.store, "team", NULL);
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, "Wat we *leerden*.");
  kennis_entry_add_tag (entry, "leren");
  kennis_entry_add_tag (entry, "open source");
  kennis_entry_toggle_audience (entry, kennis_audience_get_id (team), TRUE);
  g_assert_true (kennis_store_save_entry (o->outbox.store, entry, &error));
  g_assert_cmpuint (kennis_sharing_share (o->outbox.sharing, entry, &error), ==, 1);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  return entry;
}

static guint
count_live_posts (Outbox *o)
{
  guint live = 0;

  for (guint i = 0; i < o->mock.posts->len; i++)
    live += !((MockPost *)o->mock.posts->pdata[i])->trashed;
  return live;
}

static guint
count_calls (Outbox     *o,
             const char *method)
{
  guint calls = 0;

  for (guint i = 0; i < o->mock.methods->len; i++)
    calls += g_str_equal (o->mock.methods->pdata[i], method);
  return calls;
}

/* The blog has exactly one post, live, for @entry as the notebook knows
 * it: its title, its HTML with the marker, its tags. MetaWeblog has no
 * field for a language. */
static void
assert_one_post (Outbox      *o,
                 KennisEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shares = kennis_store_list_shares (o->outbox.store, kennis_entry_get_num (entry),
                                                          &error);
  g_autofree char *marker = kennis_wordpress_target_dup_marker (kennis_entry_get_id (entry));
  g_autofree char *description = g_strdup_printf ("<p>Wat we <em>leerden</em>.</p>\n\n<!-- %s -->", marker);
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  KennisShareInfo *share;
  MockPost *post;

  g_assert_cmpuint (o->mock.posts->len, ==, 1);
  post = o->mock.posts->pdata[0];
  g_assert_false (post->trashed);
  g_assert_cmpstr (post->title, ==, kennis_entry_get_title (entry));
  g_assert_cmpstr (post->description, ==, description);
  g_assert_cmpstr (post->keywords, ==, "leren,open source");

  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 1);
  share = shares->pdata[0];
  id = g_strdup_printf ("%u", post->id);
  url = g_strdup_printf ("http://blog.test/?p=%u&lang=nl", post->id);
  g_assert_cmpstr (share->remote_id, ==, id);
  g_assert_cmpstr (share->url, ==, url);
  g_assert_cmpuint (kennis_share_test_outbox_count (&o->outbox), ==, 0);
}

/* A user shares, edits and withdraws an entry: one post that changes,
 * then goes to the trash. */
static void
test_outbox_share_update_unshare (Outbox        *o,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = share_new_entry (o, "Wat we leerden");

  g_assert_null (o->outbox.last_error);
  assert_one_post (o, entry);

  kennis_entry_set_title (entry, "Wat we echt leerden");
  g_assert_true (kennis_store_save_entry (o->outbox.store, entry, &error));
  g_assert_cmpuint (kennis_sharing_share (o->outbox.sharing, entry, &error), ==, 1);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (o->mock.new_posts, ==, 1);
  g_assert_cmpuint (count_calls (o, "metaWeblog.editPost"), ==, 1);
  assert_one_post (o, entry);

  g_assert_cmpuint (kennis_sharing_unshare (o->outbox.sharing, entry, 0, &error), ==, 1);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (count_live_posts (o), ==, 0);
  g_assert_cmpuint (kennis_share_test_outbox_count (&o->outbox), ==, 0);
}

/* The endpoint kept from an earlier share has moved (an old address now
 * answers "not found"): the share finds it again from the blog's front
 * page, goes through, and the new address is kept. */
static void
test_outbox_endpoint_moves (Outbox        *o,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blog = g_strndup (o->mock.endpoint, strlen (o->mock.endpoint) - strlen ("xmlrpc.php"));
  g_autofree char *old = g_strconcat (blog, "oud/xmlrpc.php", NULL);
  g_autofree char *config = g_strdup_printf ("{\"site\": \"%s\", \"endpoint\": \"%s\", \"user\": \"" MOCK_USER
                                             "\", \"blog_id\": \"1\"}", blog, old);
  g_autofree char *kept = g_strdup_printf ("\"endpoint\":\"%s\"", o->mock.endpoint);
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autoptr(KennisTargetInfo) stored = NULL;
  g_autoptr(GPtrArray) targets = kennis_store_list_targets (o->outbox.store, &error);
  g_autoptr(KennisEntry) entry = NULL;

  /* The password is kept under the blog's address when it has one. */
  kennis_credentials_store (blog, MOCK_USER, MOCK_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < targets->len; i++)
    kennis_store_remove_target (o->outbox.store, ((KennisTargetInfo *)targets->pdata[i])->id, NULL);
  target = kennis_share_test_outbox_add_target (&o->outbox, "metaweblog", "Verhuisd blog", config);

  entry = share_new_entry (o, "Verhuisd");
  g_assert_null (o->outbox.last_error);
  assert_one_post (o, entry);
  /* The old address, the front page, the RSD document. */
  g_assert_cmpuint (o->mock.site_requests, ==, 3);
  stored = kennis_store_get_target (o->outbox.store, target->id, &error);
  g_assert_nonnull (strstr (stored->config, kept));
}

/* A 500 is worth another try, for a share and for an unshare: the job
 * waits, not failed, and goes through once the blog is well. */
static void
test_outbox_server_error (Outbox        *o,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(KennisOutboxJob) unshare = NULL;
  g_autofree char *expected = g_strdup_printf ("%s is busy or has a problem (500); Kennis will try again.",
                                               o->mock.endpoint);

  o->mock.fault = MOCK_FAULT_500;
  entry = share_new_entry (o, "Serverfout");
  g_assert_cmpstr (o->outbox.last_error, ==, expected);
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (o->mock.posts->len, ==, 0);

  o->mock.fault = MOCK_FAULT_NONE;
  kennis_share_test_outbox_retry (&o->outbox);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  assert_one_post (o, entry);

  o->mock.fault = MOCK_FAULT_500;
  g_assert_cmpuint (kennis_sharing_unshare (o->outbox.sharing, entry, 0, &error), ==, 1);
  g_assert_no_error (error);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_cmpstr (o->outbox.last_error, ==, expected);
  unshare = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (unshare->failed);
  g_assert_cmpuint (count_live_posts (o), ==, 1);

  o->mock.fault = MOCK_FAULT_NONE;
  kennis_share_test_outbox_retry (&o->outbox);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (count_live_posts (o), ==, 0);
  g_assert_cmpuint (kennis_share_test_outbox_count (&o->outbox), ==, 0);
}

/* 429 with Retry-After: 2 waits two seconds, not the usual backoff; then
 * the outbox tries by itself. */
static void
test_outbox_retry_after (Outbox        *o,
                         gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan wait;

  o->mock.fault = MOCK_FAULT_429;
  entry = share_new_entry (o, "Te snel");
  now = g_date_time_new_now_utc ();
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (job->failed);
  wait = g_date_time_difference (job->next_attempt, now);
  g_assert_cmpint (wait, >, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (wait, <=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (o->mock.posts->len, ==, 0);

  o->mock.fault = MOCK_FAULT_NONE;
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  assert_one_post (o, entry);
}

/* The post is made but the answer to newPost lost. The retry finds the
 * post among the recent ones by its marker and edits it: one post. */
static void
test_outbox_dropped_after_new_post (Outbox        *o,
                                    gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  o->mock.fault = MOCK_FAULT_DROP_NEW_POST;
  entry = share_new_entry (o, "Verbinding weg");
  g_assert_nonnull (o->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (o->mock.posts->len, ==, 1);

  kennis_share_test_outbox_retry (&o->outbox);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (o->mock.new_posts, ==, 1);
  g_assert_cmpuint (count_calls (o, "metaWeblog.editPost"), ==, 1);
  assert_one_post (o, entry);
}

/* An answer to newPost slower than Kennis waits: the job waits, and the
 * try finds the post the slow call made instead of making another. */
static void
test_outbox_slow_new_post (Outbox        *o,
                           gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  o->mock.fault = MOCK_FAULT_SLOW_NEW_POST;
  entry = share_new_entry (o, "Trage blog");
  g_assert_true (g_str_has_prefix (o->outbox.last_error, "Could not reach "));
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (job->failed);
  g_assert_cmpuint (o->mock.posts->len, ==, 1);

  kennis_share_test_outbox_retry (&o->outbox);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (o->mock.new_posts, ==, 1);
  assert_one_post (o, entry);

  /* The late answer finds nobody waiting; nothing breaks. */
  kennis_test_settle (3000);
  assert_one_post (o, entry);
}

/* A fault stops the job in the blog's own words; it is not retried. */
static void
test_outbox_wrong_password (Outbox        *o,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;

  kennis_credentials_store (o->mock.endpoint, MOCK_USER, "fout", NULL, &error);
  g_assert_no_error (error);
  entry = share_new_entry (o, "Geen toegang");
  g_assert_cmpstr (o->outbox.last_error, ==, "The blog says: Incorrect username or password.");
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_true (job->failed);
  g_assert_cmpuint (o->mock.posts->len, ==, 0);
}

/* Kennis quits while a job waits after a lost answer (the post was made).
 * Started again on the same notebook, it finds the post by its marker,
 * which comes from the entry, not from the process: one post. */
static void
test_outbox_restart (Outbox        *o,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_autoptr(KennisOutboxJob) job = NULL;
  gint64 num;

  o->mock.fault = MOCK_FAULT_DROP_NEW_POST;
  entry = share_new_entry (o, "Na een herstart");
  g_assert_nonnull (o->outbox.last_error);
  job = kennis_share_test_outbox_only_job (&o->outbox);
  g_assert_false (job->failed);
  num = kennis_entry_get_num (entry);
  g_clear_object (&entry);
  kennis_share_test_outbox_close (&o->outbox);

  kennis_share_test_outbox_open (&o->outbox);
  g_assert_cmpuint (kennis_share_test_outbox_count (&o->outbox), ==, 1);
  kennis_share_test_outbox_retry (&o->outbox);
  kennis_share_test_outbox_wait (&o->outbox, 1);
  g_assert_null (o->outbox.last_error);
  g_assert_cmpuint (o->mock.new_posts, ==, 1);
  reread = kennis_store_get_entry_by_num (o->outbox.store, num, &error);
  g_assert_no_error (error);
  assert_one_post (o, reread);
}

/* --- A real WordPress ----------------------------------------------------- */

static char *
dup_endpoint (void)
{
  return g_strconcat (site, "xmlrpc.php", NULL);
}

/* What WordPress itself says, through its REST API as the user. */
static JsonNode *
rest_get (const char *route)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (site, "wp-json/", route, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *pair = g_strconcat (user, ":", app_password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
member_raw (JsonObject *object,
            const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), "raw");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The names of the post's tags, sorted; WordPress gives them
 * HTML-escaped. */
static char *
dup_tag_names (const char *remote_id)
{
  g_autofree char *route = g_strconcat ("wp/v2/tags?post=", remote_id, NULL);
  g_autoptr(JsonNode) tags = rest_get (route);
  JsonArray *array = json_node_get_array (tags);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (names, (gpointer)json_object_get_string_member (json_array_get_object_element (array, i),
                                                                     "name"));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **)names->pdata);
}

static void
skipped (void)
{
  g_test_skip ("no WordPress: run through tests/wordpress/run-with-wordpress.sh");
}

static void
test_wordpress_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();
  g_autoptr(KennisTarget) target = make_target ("endpoint", endpoint, user);
  g_autofree char *found = kennis_share_test_check (target, TARGET_WAIT_MS, &error);
  g_autoptr(JsonNode) root = rest_get ("");
  g_autofree char *expected = g_strdup_printf ("Connected to “%s” as %s.",
                                               json_object_get_string_member (json_node_get_object (root), "name"),
                                               user);

  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, expected);
  g_assert_cmpstr (kennis_metaweblog_target_get_blog_id (KENNIS_METAWEBLOG_TARGET (target)), ==, "1");
}

/* Given only the blog's address, the endpoint is found through RSD. */
static void
test_wordpress_discovery (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();
  g_autoptr(KennisTarget) target = make_target ("site", site, user);
  g_autofree char *found = kennis_share_test_check (target, TARGET_WAIT_MS, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (found, "Connected to “"));
  g_assert_cmpstr (kennis_metaweblog_target_get_endpoint (KENNIS_METAWEBLOG_TARGET (target)), ==, endpoint);
}

/* Shared once, shared again as if the first answer was lost (no second
 * post), updated with the tags kept, then withdrawn to the trash. */
static void
test_wordpress_share_update_unshare (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();
  g_autoptr(KennisTarget) target = make_target ("endpoint", endpoint, user);
  g_autoptr(KennisPost) post = make_post ("Kennis delen over XML-RPC 🎉");
  g_autoptr(KennisShareResult) first = publish (target, post, NULL, &error);
  g_autoptr(KennisShareResult) again = NULL;
  g_autoptr(KennisShareResult) updated = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) marked = NULL;
  g_autoptr(JsonNode) trashed = NULL;
  g_autofree char *route = NULL;
  g_autofree char *marker = kennis_wordpress_target_dup_marker (post->id);
  g_autofree char *search = g_strconcat ("wp/v2/posts?context=edit&search=", marker, NULL);
  g_autofree char *tags = NULL;
  g_autofree char *tags_after = NULL;
  const char *content;

  g_assert_no_error (error);
  g_assert_nonnull (first->remote_id);
  g_assert_true (g_str_has_prefix (first->url, site));

  route = g_strconcat ("wp/v2/posts/", first->remote_id, "?context=edit", NULL);
  stored = rest_get (route);
  g_assert_cmpstr (member_raw (json_node_get_object (stored), "title"), ==, "Kennis delen over XML-RPC 🎉");
  content = member_raw (json_node_get_object (stored), "content");
  g_assert_nonnull (strstr (content, "Één café in Zürich, naïef geöpperd 🚲"));
  g_assert_nonnull (strstr (content, "<pre><code>if (a &lt; b) return;\n</code></pre>"));
  g_assert_nonnull (strstr (content, marker));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (stored), "status"), ==, "publish");
  tags = dup_tag_names (first->remote_id);
  g_assert_cmpstr (tags, ==, "Café &amp; co|kennis|xml-rpc");

  /* The answer to the first share "got lost": sharing again finds the post
   * by its marker and edits it. */
  again = publish (target, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, first->remote_id);
  marked = rest_get (search);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (marked)), ==, 1);

  g_free (post->title);
  post->title = g_strdup ("Kennis delen, bijgewerkt");
  updated = publish (target, post, first->remote_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->remote_id, ==, first->remote_id);
  g_clear_pointer (&stored, json_node_unref);
  stored = rest_get (route);
  g_assert_cmpstr (member_raw (json_node_get_object (stored), "title"), ==, "Kennis delen, bijgewerkt");
  tags_after = dup_tag_names (first->remote_id);
  g_assert_cmpstr (tags_after, ==, tags);

  g_assert_true (withdraw (target, post, first->remote_id, &error));
  g_assert_no_error (error);
  trashed = rest_get (route);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trashed), "status"), ==, "trash");
}

/* A post WordPress does not know is withdrawn already. */
static void
test_wordpress_withdraw_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();
  g_autoptr(KennisTarget) target = make_target ("endpoint", endpoint, user);
  g_autoptr(KennisPost) post = make_post ("Nooit gedeeld");

  g_assert_true (withdraw (target, post, "987654", &error));
  g_assert_no_error (error);
}

/* A user who may not post: WordPress's own words reach the user. */
static void
test_wordpress_not_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();
  g_autoptr(KennisTarget) target = make_target ("endpoint", endpoint, g_getenv ("KENNIS_WP_SUBSCRIBER"));
  g_autoptr(KennisPost) post = make_post ("Mag niet");
  g_autoptr(KennisShareResult) result = publish (target, post, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The blog says: Sorry, you are not allowed to edit posts.");
}

/* The login passwords, under the endpoint and (for discovery) the site. */
static void
store_wordpress_passwords (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint ();

  kennis_credentials_store (endpoint, user, login_password, NULL, &error);
  g_assert_no_error (error);
  kennis_credentials_store (site, user, login_password, NULL, &error);
  g_assert_no_error (error);
  kennis_credentials_store (endpoint, g_getenv ("KENNIS_WP_SUBSCRIBER"),
                            g_getenv ("KENNIS_WP_SUBSCRIBER_LOGIN_PASSWORD"), NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  data_dir = g_dir_make_tmp ("kennis-metaweblog-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);

  g_test_add ("/metaweblog/mock/fault", Mock, GINT_TO_POINTER (MOCK_FAULT), mock_set_up, test_mock_fault,
              mock_tear_down);
  g_test_add ("/metaweblog/mock/busy", Mock, GINT_TO_POINTER (MOCK_BUSY), mock_set_up, test_mock_busy,
              mock_tear_down);
  g_test_add ("/metaweblog/mock/forbidden-characters", Mock, GINT_TO_POINTER (MOCK_BLOG), mock_set_up,
              test_mock_forbidden_characters, mock_tear_down);
  g_test_add ("/metaweblog/mock/tags-as", Mock, GINT_TO_POINTER (MOCK_BLOG), mock_set_up,
              test_mock_tags_as, mock_tear_down);
#define ADD(path, func) g_test_add (path, Outbox, NULL, outbox_set_up, func, outbox_tear_down)
  ADD ("/metaweblog/mock/outbox-share-update-unshare", test_outbox_share_update_unshare);
  ADD ("/metaweblog/mock/outbox-endpoint-moves", test_outbox_endpoint_moves);
  ADD ("/metaweblog/mock/outbox-server-error", test_outbox_server_error);
  ADD ("/metaweblog/mock/outbox-retry-after", test_outbox_retry_after);
  ADD ("/metaweblog/mock/outbox-dropped-after-new-post", test_outbox_dropped_after_new_post);
  ADD ("/metaweblog/mock/outbox-slow-new-post", test_outbox_slow_new_post);
  ADD ("/metaweblog/mock/outbox-wrong-password", test_outbox_wrong_password);
  ADD ("/metaweblog/mock/outbox-restart", test_outbox_restart);
#undef ADD

  site = g_getenv ("KENNIS_WP_URL");
  user = g_getenv ("KENNIS_WP_USER");
  login_password = g_getenv ("KENNIS_WP_LOGIN_PASSWORD");
  app_password = g_getenv ("KENNIS_WP_APP_PASSWORD");
  if (site != NULL && user != NULL && login_password != NULL && app_password != NULL)
    {
      store_wordpress_passwords ();
      g_test_add_func ("/metaweblog/wordpress/check", test_wordpress_check);
      g_test_add_func ("/metaweblog/wordpress/discovery", test_wordpress_discovery);
      g_test_add_func ("/metaweblog/wordpress/share-update-unshare", test_wordpress_share_update_unshare);
      g_test_add_func ("/metaweblog/wordpress/withdraw-unknown", test_wordpress_withdraw_unknown);
      g_test_add_func ("/metaweblog/wordpress/not-allowed", test_wordpress_not_allowed);
    }
  else
    g_test_add_func ("/metaweblog/wordpress/skipped", skipped);

  status = g_test_run ();
  kennis_test_remove_tree (data_dir);
  return status;
}
