/* test-metaweblog.c — the MetaWeblog target: against an in-process
 * XML-RPC server on 127.0.0.1 (a fault, a busy server, characters XML
 * forbids), and against a real WordPress's xmlrpc.php when
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

#include "kennis-credentials.h"
#include "kennis-metaweblog-target.h"
#include "kennis-post.h"
#include "kennis-test-util.h"
#include "kennis-wordpress-target.h"

#define MOCK_USER "anna"
#define MOCK_PASSWORD "geheim wachtwoord"

static const char *site;
static const char *user;
static const char *login_password;
static const char *app_password;

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
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_target_publish_finish (KENNIS_TARGET (source), result, &wait->error);
  wait->done = TRUE;
}

static void
withdrawn_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *wait = data;

  wait->value = GINT_TO_POINTER (kennis_target_withdraw_finish (KENNIS_TARGET (source), result, &wait->error));
  wait->done = TRUE;
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *wait = data;

  wait->value = kennis_target_check_finish (KENNIS_TARGET (source), result, &wait->error);
  wait->done = TRUE;
}

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
  KennisShareRequest *request = kennis_share_request_new ();
  Wait wait = { FALSE, NULL, NULL };

  request->post = kennis_post_copy (post);
  request->remote_id = g_strdup (remote_id);
  kennis_target_publish_async (target, request, NULL, published_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 60000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.value;
}

static gboolean
withdraw (KennisTarget *target,
          KennisPost   *post,
          const char   *remote_id,
          GError      **error)
{
  KennisShareRequest *request = kennis_share_request_new ();
  Wait wait = { FALSE, NULL, NULL };

  request->post = kennis_post_copy (post);
  request->remote_id = g_strdup (remote_id);
  kennis_target_withdraw_async (target, request, NULL, withdrawn_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 60000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return GPOINTER_TO_INT (wait.value);
}

static char *
check (KennisTarget  *target,
       GError       **error)
{
  Wait wait = { FALSE, NULL, NULL };

  kennis_target_check_async (target, NULL, checked_cb, &wait);
  g_assert_true (kennis_test_wait_for (is_done, &wait, 60000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.value;
}

/* --- An in-process XML-RPC server ----------------------------------------- */

typedef enum
{
  MOCK_BLOG,    /* answers like a blog with one post, 42, once made */
  MOCK_FAULT,   /* answers every call with a fault */
  MOCK_BUSY,    /* 503 with Retry-After */
} MockMode;

typedef struct
{
  SoupServer *server;
  char       *endpoint;
  MockMode    mode;
  GPtrArray  *methods;   /* the methodName of every call, in order */
  char       *title;     /* the title of the last newPost, as the server read it */
} Mock;

static const char blogs_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data>"
  "<value><struct><member><name>isAdmin</name><value><boolean>1</boolean></value></member>"
  "<member><name>blogid</name><value><string>1</string></value></member>"
  "<member><name>blogName</name><value><string>Proefblog</string></value></member>"
  "</struct></value></data></array></value></param></params></methodResponse>";
static const char recent_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data></data></array></value>"
  "</param></params></methodResponse>";
static const char created_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><params><param><value><string>42</string></value>"
  "</param></params></methodResponse>";
/* An int postid, and a link with an escaped "&": both must be read. */
static const char post_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
  "<member><name>postid</name><value><int>42</int></value></member>"
  "<member><name>link</name><value>http://blog.test/?p=42&amp;lang=nl</value></member>"
  "</struct></value></param></params></methodResponse>";
static const char fault_reply[] =
  "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
  "<member><name>faultCode</name><value><int>403</int></value></member>"
  "<member><name>faultString</name><value><string>Onjuiste gebruikersnaam &amp; wachtwoord.</string></value>"
  "</member></struct></value></fault></methodResponse>";

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

static const char *
blog_reply (const char *method)
{
  if (g_str_equal (method, "blogger.getUsersBlogs"))
    return blogs_reply;
  if (g_str_equal (method, "metaWeblog.getRecentPosts"))
    return recent_reply;
  if (g_str_equal (method, "metaWeblog.newPost"))
    return created_reply;
  if (g_str_equal (method, "metaWeblog.getPost"))
    return post_reply;
  g_assert_not_reached ();
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
  xmlDoc *doc = xmlReadMemory (body->data, (int)body->length, NULL, NULL, XML_PARSE_NONET);
  char *method;
  const char *reply;

  g_assert_nonnull (doc);
  g_assert_cmpstr (soup_server_message_get_method (message), ==, "POST");
  method = xpath_string (doc, "/methodCall/methodName");
  g_assert_nonnull (method);
  g_ptr_array_add (mock->methods, method);
  if (g_str_equal (method, "metaWeblog.newPost"))
    {
      g_free (mock->title);
      mock->title = xpath_string (doc, "//member[name='title']/value/string");
    }
  xmlFreeDoc (doc);

  if (mock->mode == MOCK_BUSY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "7");
      soup_server_message_set_status (message, 503, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<h1>Busy</h1>", 13);
      return;
    }
  reply = mock->mode == MOCK_FAULT ? fault_reply : blog_reply (method);
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_STATIC, reply, strlen (reply));
}

static void
mock_set_up (Mock          *mock,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;

  mock->mode = GPOINTER_TO_INT (data);
  mock->methods = g_ptr_array_new_with_free_func (g_free);
  mock->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (mock->server, "/xmlrpc.php", mock_cb, mock, NULL);
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
  g_free (mock->title);
}

/* A fault reaches the user in the blog's own words. */
static void
test_mock_fault (Mock          *mock,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisTarget) target = make_target ("endpoint", mock->endpoint, MOCK_USER);
  g_autofree char *found = check (target, &error);

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
  g_autofree char *found = check (target, &error);
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
  g_autofree char *found = check (target, &error);

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
