/* kennis-metaweblog-target.c — a blog that speaks the MetaWeblog API over
 * XML-RPC (WordPress's xmlrpc.php, and many older blog engines)
 *
 * Settings (JSON): "endpoint" (the XML-RPC address), or "site" (the
 * blog's address, from which the endpoint is found through RSD), "user",
 * "blog_id" (chosen when the target is added; the user's first blog when
 * there is none) and
 * "tags_as" ("keywords", the default, sends tags as mt_keywords;
 * "categories" as the post's categories). The password is in the keyring
 * under the settings' site, or the endpoint when there is none, and the
 * user name: the key stays the same when a found endpoint is kept.
 *
 * Never a second post: the description of every post ends in a marker, an
 * HTML comment with the entry's id (the same one the WordPress REST target
 * writes, so either finds what the other made on the same blog). A
 * newPost whose answer was lost (a dropped connection, a timeout) may
 * still have reached the blog, so before a newPost Kennis reads the
 * user's most recent posts (metaWeblog.getRecentPosts) and edits the one
 * that carries the marker instead. An editPost always sends the whole
 * post, mt_keywords included: WordPress takes a missing mt_keywords as "no
 * tags" and would clear them.
 *
 * XML-RPC has no helpers in libsoup 3: calls are written with libxml2's
 * tree API (which escapes text) and answers read into GVariants: strings
 * as "s", integers as "x", booleans as "b", structs as "a{sv}", arrays as
 * "av", and anything else (dates, doubles) as its text.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "kennis-credentials.h"
#include "kennis-feed-writer.h"
#include "kennis-http.h"
#include "kennis-metaweblog-target.h"
#include "kennis-rel-links.h"
#include "kennis-wordpress-target.h"


/* How many of the user's latest posts are searched for a lost newPost: it
 * can only be among the last few, as the outbox retries soon. */
#define RECENT_POSTS 20

/* WordPress's faultCode for a post id it does not know. */
#define FAULT_NO_SUCH_POST 404

struct _KennisMetaweblogTarget
{
  KennisTarget  parent_instance;

  char         *site;        /* the blog's address, or NULL */
  char         *endpoint;    /* from the settings or found through RSD, or NULL until then */
  char         *secret_key;  /* what the keyring keeps the password under */
  char         *user;
  char         *blog_id;     /* from the settings or chosen by a check, or NULL until then */
  GPtrArray    *blogs;       /* KennisMetaweblogBlog: the account's blogs, after a check */
  gboolean      tags_as_categories;
  SoupSession  *session;
};

typedef enum
{
  JOB_PUBLISH,
  JOB_WITHDRAW,
  JOB_CHECK,
} JobKind;

typedef struct
{
  JobKind             kind;
  KennisShareRequest *request;
  char               *password;
  char               *post_id;   /* the post being written, once known */
  gboolean            endpoint_kept;  /* found on an earlier job and kept in the settings */
  gboolean            rediscovered;
} Job;

static void fail     (GTask             *task,
                      KennisTargetError  code,
                      const char        *format,
                      ...) G_GNUC_PRINTF (3, 4);
static void run_job  (GTask             *task);

G_DEFINE_FINAL_TYPE (KennisMetaweblogTarget, kennis_metaweblog_target, KENNIS_TYPE_TARGET)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static void
job_free (Job *job)
{
  g_clear_pointer (&job->request, kennis_share_request_free);
  g_free (job->password);
  g_free (job->post_id);
  g_free (job);
}

static KennisMetaweblogTarget *
task_target (GTask *task)
{
  return g_task_get_source_object (task);
}

static Job *
task_job (GTask *task)
{
  return g_task_get_task_data (task);
}

/* Fails the task with a message for the user, and lets go of it. */
static void
fail (GTask             *task,
      KennisTargetError  code,
      const char        *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_task_return_new_error (task, KENNIS_TARGET_ERROR, code, "%s", message);
  g_object_unref (task);
}

static gboolean
is_web_address (const char *text)
{
  g_autoptr(GUri) uri = text != NULL ? g_uri_parse (text, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0);
}

/* --- Reading XML ------------------------------------------------------ */

/* XML from a server: nothing fetched from the network, entities not
 * substituted (no XML_PARSE_NOENT), and a document with a DOCTYPE refused
 * outright: neither an XML-RPC answer nor RSD has one, and only a DOCTYPE
 * can declare entities. libxml2 limits the nesting to 256 elements, which
 * bounds the recursion in read_value(). */
static xmlDoc *
read_xml (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  xmlDoc *doc;

  if (length == 0 || length > G_MAXINT)
    return NULL;
  doc = xmlReadMemory (data, (int)length, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc != NULL && doc->intSubset != NULL)
    g_clear_pointer (&doc, xmlFreeDoc);
  return doc;
}

static xmlNode *
first_element (xmlNode *parent)
{
  xmlNode *node = parent != NULL ? parent->children : NULL;

  while (node != NULL && node->type != XML_ELEMENT_NODE)
    node = node->next;
  return node;
}

static xmlNode *
next_element (xmlNode *node)
{
  do
    node = node->next;
  while (node != NULL && node->type != XML_ELEMENT_NODE);
  return node;
}

static xmlNode *
child_element (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *node = first_element (parent); node != NULL; node = next_element (node))
    if (g_str_equal ((const char *)node->name, name))
      return node;
  return NULL;
}

/* The next node in document order, without leaving @root; a loop, not
 * recursion, as a hostile page may nest deeply. */
static xmlNode *
next_node (xmlNode *root,
           xmlNode *node)
{
  if (node->children != NULL)
    return node->children;
  while (node != root && node->next == NULL)
    node = node->parent;
  return node == root ? NULL : node->next;
}

static char *
dup_content (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_utf8_make_valid (content != NULL ? (const char *)content : "", -1);

  xmlFree (content);
  return text;
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *)name);
  char *copy = g_strdup ((const char *)value);

  xmlFree (value);
  return copy;
}

/* --- XML-RPC values ------------------------------------------------------- */

static GVariant *read_value (xmlNode *value);

static GVariant *
read_struct (xmlNode *node)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (xmlNode *member = first_element (node); member != NULL; member = next_element (member))
    {
      xmlNode *name = child_element (member, "name");
      xmlNode *value = child_element (member, "value");
      g_autofree char *key = NULL;

      if (name == NULL || value == NULL)
        continue;
      key = dup_content (name);
      g_variant_builder_add (&builder, "{sv}", key, read_value (value));
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
read_array (xmlNode *data)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  for (xmlNode *value = first_element (data); value != NULL; value = next_element (value))
    if (g_str_equal ((const char *)value->name, "value"))
      g_variant_builder_add (&builder, "v", read_value (value));
  return g_variant_builder_end (&builder);
}

/* A <value> as a floating GVariant; an untyped value is a string. */
static GVariant *
read_value (xmlNode *value)
{
  xmlNode *typed = first_element (value);
  const char *type = typed != NULL ? (const char *)typed->name : "string";
  g_autofree char *text = NULL;
  gint64 number;

  if (g_str_equal (type, "struct"))
    return read_struct (typed);
  if (g_str_equal (type, "array"))
    return read_array (child_element (typed, "data"));

  text = dup_content (typed != NULL ? typed : value);
  if (g_str_equal (type, "boolean"))
    return g_variant_new_boolean (g_str_equal (g_strstrip (text), "1"));
  if ((g_str_equal (type, "int") || g_str_equal (type, "i4") || g_str_equal (type, "i8")) &&
      g_ascii_string_to_signed (g_strstrip (text), 10, G_MININT64, G_MAXINT64, &number, NULL))
    return g_variant_new_int64 (number);
  return g_variant_new_string (text);
}

/* A member of a struct as text: blogs and posts have string ids on some
 * servers and integer ones on others. */
static char *
lookup_string (GVariant   *dict,
               const char *key)
{
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    return NULL;
  value = g_variant_lookup_value (dict, key, NULL);
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (value));
  return NULL;
}

/* Reads an XML-RPC answer: TRUE with @value set for a result, TRUE with
 * @fault_string (and @fault_code) set for a fault, FALSE when @body is not
 * an XML-RPC answer at all. */
static gboolean
parse_reply (GBytes    *body,
             GVariant **value,
             gint64    *fault_code,
             char     **fault_string)
{
  g_autoptr(xmlDoc) doc = read_xml (body);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  xmlNode *result = child_element (child_element (child_element (root, "params"), "param"), "value");
  xmlNode *fault = child_element (child_element (root, "fault"), "value");
  g_autoptr(GVariant) detail = NULL;
  g_autofree char *code = NULL;

  if (root == NULL || !g_str_equal ((const char *)root->name, "methodResponse"))
    return FALSE;
  if (result != NULL)
    {
      *value = g_variant_ref_sink (read_value (result));
      return TRUE;
    }
  if (fault == NULL)
    return FALSE;

  detail = g_variant_ref_sink (read_value (fault));
  code = lookup_string (detail, "faultCode");
  *fault_code = code != NULL ? g_ascii_strtoll (code, NULL, 10) : 0;
  *fault_string = lookup_string (detail, "faultString");
  /* A fault that does not say what went wrong still says that something did. */
  if (*fault_string == NULL)
    *fault_string = g_strdup (code != NULL ? code : "");
  return TRUE;
}

/* Text in a call, without the characters XML 1.0 forbids: libxml2 would
 * write them, and the server's parser then refuses the whole call. */
static void
add_text_child (xmlNode    *parent,
                const char *name,
                const char *text)
{
  g_autofree char *clean = kennis_feed_clean_text (text);

  xmlNewTextChild (parent, NULL, (const xmlChar *)name, (const xmlChar *)clean);
}

static void write_value (xmlNode  *parent,
                         GVariant *value);

static void
write_struct (xmlNode  *parent,
              GVariant *dict)
{
  xmlNode *node = xmlNewChild (parent, NULL, (const xmlChar *)"struct", NULL);
  GVariantIter iter;
  const char *key;
  GVariant *member_value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &member_value))
    {
      xmlNode *member = xmlNewChild (node, NULL, (const xmlChar *)"member", NULL);

      add_text_child (member, "name", key);
      write_value (member, member_value);
      g_variant_unref (member_value);
    }
}

static void
write_array (xmlNode  *parent,
             GVariant *array)
{
  xmlNode *node = xmlNewChild (parent, NULL, (const xmlChar *)"array", NULL);
  xmlNode *data = xmlNewChild (node, NULL, (const xmlChar *)"data", NULL);
  GVariantIter iter;
  GVariant *item;

  g_variant_iter_init (&iter, array);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      write_value (data, item);
      g_variant_unref (item);
    }
}

/* Kennis's own calls only hold strings, int32s, booleans, string arrays
 * and a{sv} structs. */
static void
write_value (xmlNode  *parent,
             GVariant *value)
{
  xmlNode *node;
  g_autofree char *number = NULL;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);

      write_value (parent, inner);
      return;
    }

  node = xmlNewChild (parent, NULL, (const xmlChar *)"value", NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    add_text_child (node, "string", g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    {
      number = g_strdup_printf ("%" G_GINT32_FORMAT, g_variant_get_int32 (value));
      add_text_child (node, "int", number);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    add_text_child (node, "boolean", g_variant_get_boolean (value) ? "1" : "0");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    write_struct (node, value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY))
    write_array (node, value);
  else
    g_assert_not_reached ();
}

/* A methodCall document; @params is a tuple of the arguments. */
static GBytes *
build_call (const char *method,
            GVariant   *params)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *)"1.0");
  xmlNode *call = xmlNewDocNode (doc, NULL, (const xmlChar *)"methodCall", NULL);
  xmlNode *list;
  xmlChar *text = NULL;
  int length = 0;
  GVariantIter iter;
  GVariant *param;

  xmlDocSetRootElement (doc, call);
  add_text_child (call, "methodName", method);
  list = xmlNewChild (call, NULL, (const xmlChar *)"params", NULL);
  g_variant_iter_init (&iter, params);
  while ((param = g_variant_iter_next_value (&iter)) != NULL)
    {
      write_value (xmlNewChild (list, NULL, (const xmlChar *)"param", NULL), param);
      g_variant_unref (param);
    }
  xmlDocDumpMemoryEnc (doc, &text, &length, "UTF-8");
  return g_bytes_new_with_free_func (text, length, xmlFree, text);
}

/* --- Requests ------------------------------------------------------------- */

/* A GET when @body is NULL, else a POST of the XML-RPC call in @body. */
static void
send_request (GTask               *task,
              const char          *url,
              GBytes              *body,
              GAsyncReadyCallback  callback)
{
  KennisMetaweblogTarget *self = task_target (task);
  g_autoptr(SoupMessage) message = NULL;

  if (is_web_address (url))
    message = kennis_http_message_new (body != NULL ? "POST" : "GET", url, NULL);
  if (message == NULL)
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG, _("“%s” is not a web address Kennis can reach."), url);
      return;
    }

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "text/xml", body);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* The answer to a request, or NULL when the task failed (and is done). A
 * network failure is worth another try later. */
static KennisHttpAnswer *
finish_request (GTask        *task,
                GAsyncResult *result)
{
  KennisMetaweblogTarget *self = task_target (task);
  g_autoptr(GError) error = NULL;
  KennisHttpAnswer *answer = kennis_http_answer_finish (self->session, result, &error);

  if (answer == NULL)
    {
      SoupMessage *message = soup_session_get_async_result_message (self->session, result);
      g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));

      g_task_return_error (task, kennis_target_dup_unreachable_error (url, error));
      g_object_unref (task);
    }
  return answer;
}

/* FALSE, with the task failed, for a busy or broken server (tried again
 * later, as it asked) and for a redirect. */
static gboolean
check_status (GTask            *task,
              KennisHttpAnswer *answer)
{
  g_autofree char *url = kennis_http_answer_dup_url (answer);

  if (answer->status == 429 || answer->status >= 500)
    {
      kennis_target_set_retry_after (KENNIS_TARGET (task_target (task)), answer->retry_after);
      fail (task, KENNIS_TARGET_ERROR_TEMPORARY, _("%s is busy or has a problem (%u); Kennis will try again."),
            url, answer->status);
      return FALSE;
    }
  if (answer->status >= 300 && answer->status < 400)
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG,
            _("%s sends Kennis on to another address; check the site’s address in the settings."), url);
      return FALSE;
    }
  return TRUE;
}

static void run_job (GTask *task);

/* An endpoint kept from an earlier job that no longer answers XML-RPC
 * (the blog moved it) is found again from the blog's address, once a job:
 * the job starts over. */
static gboolean
rediscover (GTask            *task,
            KennisHttpAnswer *answer)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(GVariant) value = NULL;
  g_autofree char *fault_string = NULL;
  gint64 fault_code = 0;
  gboolean gone = (answer->status >= 300 && answer->status < 400) ||
                  (answer->status < 500 && answer->status != 429 &&
                   !parse_reply (answer->body, &value, &fault_code, &fault_string));

  if (!gone || !job->endpoint_kept || job->rediscovered)
    return FALSE;

  g_debug ("The XML-RPC endpoint of %s is no longer at %s; finding it again", self->site, self->endpoint);
  job->rediscovered = TRUE;
  g_clear_pointer (&self->endpoint, g_free);
  run_job (task);
  return TRUE;
}

/* The result of a call, or NULL with the task failed (or started over): a
 * fault is shown in the blog's own words. */
static GVariant *
read_answer (GTask            *task,
             KennisHttpAnswer *answer)
{
  GVariant *value = NULL;
  gint64 fault_code = 0;
  g_autofree char *fault_string = NULL;

  if (rediscover (task, answer) || !check_status (task, answer))
    return NULL;
  if (!parse_reply (answer->body, &value, &fault_code, &fault_string))
    {
      g_autofree char *url = kennis_http_answer_dup_url (answer);

      /* TRANSLATORS: %s is an address, %u an HTTP status such as 404 */
      fail (task, KENNIS_TARGET_ERROR_CONFIG, _("%s did not answer as an XML-RPC endpoint (%u); check its "
                                                "address in the settings."), url, answer->status);
      return NULL;
    }
  if (fault_string != NULL)
    {
      /* TRANSLATORS: %s is the blog's own message, e.g. “Incorrect username or password.” */
      fail (task, KENNIS_TARGET_ERROR_FAILED, _("The blog says: %s"), fault_string);
      return NULL;
    }
  return value;
}

/* The faultCode of a fault, or 0 for anything else. */
static gint64
answer_fault_code (KennisHttpAnswer *answer)
{
  g_autoptr(GVariant) value = NULL;
  g_autofree char *fault_string = NULL;
  gint64 fault_code = 0;

  if (!parse_reply (answer->body, &value, &fault_code, &fault_string) || fault_string == NULL)
    return 0;
  return fault_code;
}

/* Calls @method with the arguments in @params, a (floating) tuple. */
static void
call_method (GTask               *task,
             const char          *method,
             GVariant            *params,
             GAsyncReadyCallback  callback)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (params);
  g_autoptr(GBytes) body = build_call (method, owned);

  send_request (task, task_target (task)->endpoint, body, callback);
}

static GVariant *
finish_call (GTask        *task,
             GAsyncResult *result)
{
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  return answer != NULL ? read_answer (task, answer) : NULL;
}

/* --- Finding the endpoint ------------------------------------------------- */

/* The address of the RSD document, from the front page's Link header or
 * its <link rel="EditURI" href="…">. */
static char *
find_edit_uri (KennisHttpAnswer *answer)
{
  const char * const rels[] = { "EditURI", NULL };
  char *found[G_N_ELEMENTS (rels)] = { NULL };

  kennis_rel_links_find (answer->message, answer->body, rels, found);
  return found[0];
}

/* The apiLink of the MetaWeblog API in an RSD document, else that of the
 * WordPress API, which includes it. */
static char *
find_api_link (KennisHttpAnswer *answer)
{
  g_autofree char *url = kennis_http_answer_dup_url (answer);
  g_autoptr(xmlDoc) doc = read_xml (answer->body);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *wordpress = NULL;

  for (xmlNode *node = root; node != NULL; node = next_node (root, node))
    {
      g_autofree char *name = NULL;
      g_autofree char *link = NULL;

      if (node->type != XML_ELEMENT_NODE || !g_str_equal ((const char *)node->name, "api"))
        continue;
      name = dup_attribute (node, "name");
      link = dup_attribute (node, "apiLink");
      if (link == NULL)
        continue;
      if (g_strcmp0 (name, "MetaWeblog") == 0)
        return g_uri_resolve_relative (url, link, G_URI_FLAGS_NONE, NULL);
      if (g_strcmp0 (name, "WordPress") == 0 && wordpress == NULL)
        wordpress = g_uri_resolve_relative (url, link, G_URI_FLAGS_NONE, NULL);
    }
  return g_steal_pointer (&wordpress);
}

static void
rsd_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  GTask *task = data;
  KennisMetaweblogTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *endpoint = NULL;

  if (answer == NULL || !check_status (task, answer))
    return;

  endpoint = find_api_link (answer);
  if (endpoint == NULL)
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG,
            _("%s offers no MetaWeblog API; enter the blog’s XML-RPC endpoint in the settings."), self->site);
      return;
    }
  if (!kennis_http_is_same_server (self->site, endpoint))
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG,
            /* TRANSLATORS: the blog's address, then the address its page names for posting */
            _("%s names an XML-RPC endpoint on another server, %s; enter that address in the settings "
              "if you trust it with your password."), self->site, endpoint);
      return;
    }
  g_free (self->endpoint);
  self->endpoint = g_steal_pointer (&endpoint);
  run_job (task);
}

static void
front_page_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  KennisMetaweblogTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *rsd = NULL;

  if (answer == NULL || !check_status (task, answer))
    return;

  rsd = find_edit_uri (answer);
  if (rsd == NULL)
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG,
            _("%s does not say where its XML-RPC endpoint is (it has no EditURI link); enter the endpoint "
              "in the settings."), self->site);
      return;
    }
  send_request (task, rsd, NULL, rsd_cb);
}

/* --- Publishing ----------------------------------------------------------- */

static GVariant *
build_content (KennisMetaweblogTarget *self,
               const KennisPost       *post)
{
  g_autofree char *marker = kennis_wordpress_target_dup_marker (post->id);
  g_autofree char *description = g_strdup_printf ("%s\n<!-- %s -->", post->html != NULL ? post->html : "",
                                                  marker);
  const char * const no_tags[] = { NULL };
  const char * const *tags = post->tags != NULL ? (const char * const *)post->tags : no_tags;
  g_autofree char *keywords = self->tags_as_categories ? g_strdup ("") : g_strjoinv (",", (char **)tags);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "title", g_variant_new_string (post->title));
  g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
  /* Sent with every newPost and editPost (see the top), empty when the
   * tags go as categories. */
  g_variant_builder_add (&builder, "{sv}", "mt_keywords", g_variant_new_string (keywords));
  if (self->tags_as_categories)
    g_variant_builder_add (&builder, "{sv}", "categories", g_variant_new_strv (tags, -1));
  return g_variant_builder_end (&builder);
}

static void
got_post_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(GVariant) post = finish_call (task, result);
  KennisShareResult *share;

  if (post == NULL)
    return;

  share = g_new0 (KennisShareResult, 1);
  share->remote_id = g_steal_pointer (&job->post_id);
  share->url = lookup_string (post, "link");
  if (share->url == NULL)
    share->url = lookup_string (post, "permaLink");
  g_task_return_pointer (task, share, (GDestroyNotify)kennis_share_result_free);
  g_object_unref (task);
}

/* Neither newPost nor editPost says where the post is: getPost does. */
static void
fetch_post (GTask *task)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);

  call_method (task, "metaWeblog.getPost", g_variant_new ("(sss)", job->post_id, self->user, job->password),
               got_post_cb);
}

static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  g_autoptr(GVariant) done = finish_call (task, result);

  if (done != NULL)
    fetch_post (task);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(GVariant) id = finish_call (task, result);

  if (id == NULL)
    return;

  /* WordPress answers with a string, other servers with an int. */
  if (g_variant_is_of_type (id, G_VARIANT_TYPE_STRING))
    job->post_id = g_variant_dup_string (id, NULL);
  else if (g_variant_is_of_type (id, G_VARIANT_TYPE_INT64))
    job->post_id = g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (id));
  if (job->post_id == NULL || *job->post_id == '\0')
    {
      fail (task, KENNIS_TARGET_ERROR_FAILED, _("%s did not say which post it made."), task_target (task)->endpoint);
      return;
    }
  fetch_post (task);
}

/* Edits the post @post_id, or makes a new one when it is NULL. */
static void
write_post (GTask      *task,
            const char *post_id)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);
  GVariant *content = build_content (self, job->request->post);

  if (post_id == NULL)
    {
      call_method (task, "metaWeblog.newPost",
                   g_variant_new ("(sss@a{sv}b)", self->blog_id, self->user, job->password, content, TRUE),
                   created_cb);
      return;
    }
  job->post_id = g_strdup (post_id);
  call_method (task, "metaWeblog.editPost",
               g_variant_new ("(sss@a{sv}b)", post_id, self->user, job->password, content, TRUE), edited_cb);
}

/* The id of a recent post that carries @marker, or NULL. WordPress splits
 * a post at <!--more--> into description and mt_text_more, and the marker
 * is at the end, so both are searched. */
static char *
find_marked_post (GVariant   *posts,
                  const char *marker)
{
  GVariantIter iter;
  GVariant *post;

  if (!g_variant_is_of_type (posts, G_VARIANT_TYPE ("av")))
    return NULL;
  g_variant_iter_init (&iter, posts);
  while (g_variant_iter_next (&iter, "v", &post))
    {
      g_autoptr(GVariant) owned = post;
      g_autofree char *description = lookup_string (post, "description");
      g_autofree char *more = lookup_string (post, "mt_text_more");

      if ((description != NULL && strstr (description, marker) != NULL) ||
          (more != NULL && strstr (more, marker) != NULL))
        return lookup_string (post, "postid");
    }
  return NULL;
}

static void
recent_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(GVariant) posts = finish_call (task, result);
  g_autofree char *marker = NULL;
  g_autofree char *found = NULL;

  if (posts == NULL)
    return;

  marker = kennis_wordpress_target_dup_marker (job->request->post->id);
  found = find_marked_post (posts, marker);
  write_post (task, found);
}

static void
publish_post (GTask *task)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);

  if (job->request->remote_id != NULL)
    {
      write_post (task, job->request->remote_id);
      return;
    }
  /* Before a newPost: the post may be there already (see the top). */
  call_method (task, "metaWeblog.getRecentPosts",
               g_variant_new ("(sssi)", self->blog_id, self->user, job->password, RECENT_POSTS), recent_cb);
}

/* --- Withdrawing and checking --------------------------------------------- */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autoptr(GVariant) done = NULL;

  if (answer == NULL)
    return;

  /* Gone already: what was asked for is true. */
  if (answer_fault_code (answer) != FAULT_NO_SUCH_POST && (done = read_answer (task, answer)) == NULL)
    return;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
withdraw_post (GTask *task)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);

  /* Without a remote id nothing was ever made there. */
  if (job->request->remote_id == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The appkey was Blogger's; everyone else ignores it. */
  call_method (task, "blogger.deletePost",
               g_variant_new ("(ssssb)", "", job->request->remote_id, self->user, job->password, TRUE),
               deleted_cb);
}

static void
blog_free (KennisMetaweblogBlog *blog)
{
  g_free (blog->id);
  g_free (blog->name);
  g_free (blog);
}

/* The blogs that have an id, for the user to choose from. */
static GPtrArray *
list_blogs (GVariant *blogs)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) blog_free);
  GVariantIter iter;
  GVariant *blog;

  if (!g_variant_is_of_type (blogs, G_VARIANT_TYPE ("av")))
    return list;
  g_variant_iter_init (&iter, blogs);
  while (g_variant_iter_next (&iter, "v", &blog))
    {
      g_autofree char *id = lookup_string (blog, "blogid");
      g_autofree char *name = lookup_string (blog, "blogName");

      if (id != NULL)
        {
          KennisMetaweblogBlog *item = g_new0 (KennisMetaweblogBlog, 1);

          item->name = g_strdup (name != NULL && *name != '\0' ? name : id);
          item->id = g_steal_pointer (&id);
          g_ptr_array_add (list, item);
        }
      g_variant_unref (blog);
    }
  return list;
}

/* The blog whose id is @wanted among the user's blogs, else the one of
 * that name, or the first when @wanted is NULL. */
static KennisMetaweblogBlog *
choose_blog (GPtrArray  *blogs,
             const char *wanted)
{
  if (blogs->len == 0 || wanted == NULL)
    return blogs->len > 0 ? g_ptr_array_index (blogs, 0) : NULL;
  for (guint i = 0; i < blogs->len; i++)
    if (g_str_equal (((KennisMetaweblogBlog *)g_ptr_array_index (blogs, i))->id, wanted))
      return g_ptr_array_index (blogs, i);
  for (guint i = 0; i < blogs->len; i++)
    if (g_utf8_collate (((KennisMetaweblogBlog *)g_ptr_array_index (blogs, i))->name, wanted) == 0)
      return g_ptr_array_index (blogs, i);
  return NULL;
}

static void
blogs_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  KennisMetaweblogTarget *self = task_target (task);
  g_autoptr(GVariant) blogs = finish_call (task, result);
  KennisMetaweblogBlog *blog;

  if (blogs == NULL)
    return;

  g_clear_pointer (&self->blogs, g_ptr_array_unref);
  self->blogs = list_blogs (blogs);
  blog = choose_blog (self->blogs, self->blog_id);
  if (blog == NULL && self->blog_id != NULL)
    {
      /* TRANSLATORS: the XML-RPC endpoint's address, a blog's id or name, a user name */
      fail (task, KENNIS_TARGET_ERROR_CONFIG, _("%s has no blog “%s” for %s."),
            self->endpoint, self->blog_id, self->user);
      return;
    }
  if (blog == NULL)
    {
      /* TRANSLATORS: the XML-RPC endpoint's address, then a user name */
      fail (task, KENNIS_TARGET_ERROR_CONFIG, _("%s has no blog for %s."), self->endpoint, self->user);
      return;
    }
  /* The settings may name the blog; the id is what the calls take. */
  g_free (self->blog_id);
  self->blog_id = g_strdup (blog->id);

  if (task_job (task)->kind != JOB_CHECK)
    {
      run_job (task);
      return;
    }
  g_task_return_pointer (task,
                         /* TRANSLATORS: the blog's name, then the user's name */
                         g_strdup_printf (_("Connected to “%s” as %s."), blog->name, self->user),
                         g_free);
  g_object_unref (task);
}

/* Each step that needs something not known yet finds it, then comes back
 * here: the endpoint, then (to publish or check) the blog. */
static void
run_job (GTask *task)
{
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);

  if (self->endpoint == NULL)
    {
      send_request (task, self->site, NULL, front_page_cb);
      return;
    }
  if (job->kind == JOB_WITHDRAW)
    {
      withdraw_post (task);
      return;
    }
  /* A check always asks which blogs there are; a publication only until
   * one is chosen. */
  if (job->kind == JOB_CHECK || self->blog_id == NULL)
    {
      call_method (task, "blogger.getUsersBlogs", g_variant_new ("(sss)", "", self->user, job->password),
                   blogs_cb);
      return;
    }
  publish_post (task);
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;
  KennisMetaweblogTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(GError) error = NULL;

  job->password = kennis_credentials_lookup_finish (result, &error);
  if (error != NULL || job->password == NULL)
    {
      fail (task, KENNIS_TARGET_ERROR_CONFIG,
            /* TRANSLATORS: a user name, then the blog's address */
            _("Kennis has no password for %s at %s; add it in Preferences."), self->user, self->secret_key);
      return;
    }
  job->endpoint_kept = self->site != NULL && self->endpoint != NULL;
  run_job (task);
}

static void
start_job (KennisMetaweblogTarget *self,
           JobKind                 kind,
           KennisShareRequest     *request,
           GCancellable           *cancellable,
           GAsyncReadyCallback     callback,
           gpointer                user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, start_job);
  job->kind = kind;
  job->request = request;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  kennis_credentials_lookup_async (self->secret_key, self->user, cancellable, password_cb, task);
}

/* --- Overrides ------------------------------------------------------------ */

static void
kennis_metaweblog_target_publish_async (KennisTarget        *target,
                                        KennisShareRequest  *request,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  start_job (KENNIS_METAWEBLOG_TARGET (target), JOB_PUBLISH, request, cancellable, callback, user_data);
}

static void
kennis_metaweblog_target_withdraw_async (KennisTarget        *target,
                                         KennisShareRequest  *request,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  start_job (KENNIS_METAWEBLOG_TARGET (target), JOB_WITHDRAW, request, cancellable, callback, user_data);
}

static void
kennis_metaweblog_target_check_async (KennisTarget        *target,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  start_job (KENNIS_METAWEBLOG_TARGET (target), JOB_CHECK, kennis_share_request_new (), cancellable,
             callback, user_data);
}

static char *
kennis_metaweblog_target_dup_secret_key (KennisTarget *target)
{
  return g_strdup (KENNIS_METAWEBLOG_TARGET (target)->secret_key);
}

static const char *
kennis_metaweblog_target_get_secret_account (KennisTarget *target)
{
  return KENNIS_METAWEBLOG_TARGET (target)->user;
}

static void
kennis_metaweblog_target_finalize (GObject *object)
{
  KennisMetaweblogTarget *self = (KennisMetaweblogTarget *)object;

  g_free (self->site);
  g_free (self->endpoint);
  g_free (self->secret_key);
  g_free (self->user);
  g_free (self->blog_id);
  g_clear_pointer (&self->blogs, g_ptr_array_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_metaweblog_target_parent_class)->finalize (object);
}

/* The endpoint and the blog, once found, save the next job three requests. */
static char *
kennis_metaweblog_target_dup_config (KennisTarget *target)
{
  KennisMetaweblogTarget *self = KENNIS_METAWEBLOG_TARGET (target);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const members[] = { "site", "endpoint", "user", "blog_id", "tags_as" };
  const char *values[] = { self->site, self->endpoint, self->user, self->blog_id,
                           self->tags_as_categories ? "categories" : NULL };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (values[i] != NULL)
      {
        json_builder_set_member_name (builder, members[i]);
        json_builder_add_string_value (builder, values[i]);
      }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
kennis_metaweblog_target_class_init (KennisMetaweblogTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KennisTargetClass *target_class = KENNIS_TARGET_CLASS (klass);

  object_class->finalize = kennis_metaweblog_target_finalize;
  target_class->publish_async = kennis_metaweblog_target_publish_async;
  target_class->withdraw_async = kennis_metaweblog_target_withdraw_async;
  target_class->check_async = kennis_metaweblog_target_check_async;
  target_class->dup_secret_key = kennis_metaweblog_target_dup_secret_key;
  target_class->get_secret_account = kennis_metaweblog_target_get_secret_account;
  target_class->dup_config = kennis_metaweblog_target_dup_config;
}

static void
kennis_metaweblog_target_init (KennisMetaweblogTarget *self)
{
  self->session = kennis_http_session_new ();
}

/* --- Public API ----------------------------------------------------------- */

/* A member of the settings, or NULL when it is missing or empty. */
static char *
dup_setting (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autofree char *value = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = g_strstrip (g_strdup (json_node_get_string (node)));
  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* Reads the settings into @self; FALSE when they cannot be used. */
static gboolean
read_settings (KennisMetaweblogTarget *self,
               const char             *config)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;
  g_autofree char *tags_as = NULL;

  if (config != NULL && json_parser_load_from_data (parser, config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  self->site = dup_setting (object, "site");
  self->endpoint = dup_setting (object, "endpoint");
  self->user = dup_setting (object, "user");
  self->blog_id = dup_setting (object, "blog_id");
  tags_as = dup_setting (object, "tags_as");
  self->tags_as_categories = g_strcmp0 (tags_as, "categories") == 0;
  self->secret_key = g_strdup (self->site != NULL ? self->site : self->endpoint);

  if (tags_as != NULL && !self->tags_as_categories && !g_str_equal (tags_as, "keywords"))
    return FALSE;
  if (self->site != NULL && !is_web_address (self->site))
    return FALSE;
  if (self->endpoint != NULL && !is_web_address (self->endpoint))
    return FALSE;
  return self->secret_key != NULL && self->user != NULL;
}

/**
 * kennis_metaweblog_target_new:
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the settings cannot be used
 */
KennisMetaweblogTarget *
kennis_metaweblog_target_new (gint64       id,
                              const char  *name,
                              const char  *config,
                              GError     **error)
{
  KennisMetaweblogTarget *self = g_object_new (KENNIS_TYPE_METAWEBLOG_TARGET, "id", id, "name", name, NULL);

  if (!read_settings (self, config))
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the name of a place to share to; “keywords” and
                    * “categories” are values of a setting and stay as they are */
                   _("“%s” needs the blog’s address or its XML-RPC endpoint (https://…), a user name, and "
                     "tags sent as “keywords” or “categories”."), name);
      g_object_unref (self);
      return NULL;
    }
  return self;
}

/**
 * kennis_metaweblog_target_get_endpoint:
 *
 * Returns: (nullable): the XML-RPC address: from the settings, or found
 *   by a check or a publication; worth keeping in the settings
 */
const char *
kennis_metaweblog_target_get_endpoint (KennisMetaweblogTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_METAWEBLOG_TARGET (self), NULL);
  return self->endpoint;
}

/**
 * kennis_metaweblog_target_get_blog_id:
 *
 * Returns: (nullable): the blog posts go to: from the settings, or chosen
 *   by a check; worth keeping in the settings
 */
const char *
kennis_metaweblog_target_get_blog_id (KennisMetaweblogTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_METAWEBLOG_TARGET (self), NULL);
  return self->blog_id;
}

/**
 * kennis_metaweblog_target_get_blogs:
 *
 * Returns: (transfer none) (nullable) (element-type KennisMetaweblogBlog):
 *   the account's blogs, as the last check found them, or %NULL before
 */
GPtrArray *
kennis_metaweblog_target_get_blogs (KennisMetaweblogTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_METAWEBLOG_TARGET (self), NULL);
  return self->blogs;
}

/**
 * kennis_metaweblog_target_build_config:
 * @site: the blog's address (its XML-RPC endpoint is found from it), or
 *   the endpoint itself when it ends in ".php"
 * @blog_id: (nullable): which of the user's blogs, by id or name, or
 *   %NULL for the first
 * @tags_as_categories: send tags as the post's categories, for blogs
 *   without tags, rather than as mt_keywords
 *
 * Returns: (transfer full): the settings of a MetaWeblog target, as JSON
 */
char *
kennis_metaweblog_target_build_config (const char *site,
                                       const char *user,
                                       const char *blog_id,
                                       gboolean    tags_as_categories)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, g_str_has_suffix (site, ".php") ? "endpoint" : "site");
  json_builder_add_string_value (builder, site);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  if (blog_id != NULL)
    {
      json_builder_set_member_name (builder, "blog_id");
      json_builder_add_string_value (builder, blog_id);
    }
  if (tags_as_categories)
    {
      json_builder_set_member_name (builder, "tags_as");
      json_builder_add_string_value (builder, "categories");
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
