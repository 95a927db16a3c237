/* kennis-wordpress-target.c — a WordPress site, through its REST API and an
 * Application Password
 *
 * Settings (JSON): "site" (the address people open), "user", "draft"
 * (send as draft) and "api_root" (found by discovery, kept to save a
 * request). The Application Password is in the keyring under the site's
 * address and the user name, never in the settings.
 *
 * Never a second post: every post carries a marker, an HTML comment with
 * the entry's id. A create whose answer was lost (a dropped connection, a
 * timeout) may still have reached WordPress, so before creating, Kennis
 * searches the user's own posts for the marker and updates the one it
 * finds instead. The remote id is kept the moment WordPress gives it.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-credentials.h"
#include "kennis-http.h"
#include "kennis-wordpress-target.h"

#define API_REL "https://api.w.org/"

struct _KennisWordPressTarget
{
  KennisTarget  parent_instance;

  char         *site;
  char         *user;
  char         *api_root;
  gboolean      draft;
  SoupSession  *session;
};

G_DEFINE_FINAL_TYPE (KennisWordPressTarget, kennis_wordpress_target, KENNIS_TYPE_TARGET)

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
  char               *root;
  GArray             *tag_ids;
  guint               next_tag;
  char               *user_name;
  gboolean            root_kept;      /* the API's address came from the settings */
  gboolean            rediscovered;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->request, kennis_share_request_free);
  g_free (job->password);
  g_free (job->root);
  g_clear_pointer (&job->tag_ids, g_array_unref);
  g_free (job->user_name);
  g_free (job);
}

static KennisWordPressTarget *
task_target (GTask *task)
{
  return g_task_get_source_object (task);
}

static Job *
task_job (GTask *task)
{
  return g_task_get_task_data (task);
}

/* --- Requests ---------------------------------------------------------- */

/* Routes are appended to the root as text: with permalinks off the root is
 * "…/?rest_route=/", and arguments then follow with "&". */
static char *
route_url (const char *root,
           const char *route,
           const char *query)
{
  if (query == NULL)
    return g_strconcat (root, route, NULL);
  return g_strconcat (root, route, strchr (root, '?') != NULL ? "&" : "?", query, NULL);
}

static char *
dup_basic_auth (const char *user,
                const char *password)
{
  g_autofree char *pair = g_strconcat (user, ":", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

  return g_strconcat ("Basic ", encoded, NULL);
}

static void
send_request (GTask               *task,
              const char          *method,
              const char          *url,
              JsonNode            *body,
              GAsyncReadyCallback  callback)
{
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autofree char *auth = job->password != NULL ? dup_basic_auth (self->user, job->password) : NULL;
  g_autoptr(SoupMessage) message = kennis_http_message_new (method, url, auth);

  if (message == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("“%s” is not a web address Kennis can reach."), url);
      g_object_unref (task);
      return;
    }
  if (body != NULL)
    kennis_http_message_set_json (message, body);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* The answer to a request, or NULL when the task failed (and is done). A
 * network failure is worth another try later. */
static KennisHttpAnswer *
finish_request (GTask        *task,
                GAsyncResult *result)
{
  KennisWordPressTarget *self = task_target (task);
  g_autoptr(GError) error = NULL;
  KennisHttpAnswer *answer = kennis_http_answer_finish (self->session, result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, kennis_target_dup_unreachable_error (self->site, error));
      g_object_unref (task);
    }
  return answer;
}

static gint64
json_int (JsonNode   *node,
          const char *member)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL ? json_object_get_int_member_with_default (object, member, 0) : 0;
}

/* FALSE, with the task failed, unless the answer is a success. Busy and
 * broken servers are tried again later; a refusal is shown in WordPress's
 * own words. */
static void run_job (GTask *task);

/* A kept API address that no longer answers as the API (the site moved
 * it, or turned pretty permalinks on or off) is found again, once a job:
 * the job starts over from the front page. */
static gboolean
rediscover (GTask            *task,
            KennisHttpAnswer *answer)
{
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  gboolean gone = (answer->status >= 300 && answer->status < 400) ||
                  (answer->status == 404 &&
                   (answer->json == NULL || g_strcmp0 (kennis_http_json_string (answer->json, "code"),
                                                       "rest_no_route") == 0));

  if (!gone || !job->root_kept || job->rediscovered)
    return FALSE;

  g_debug ("The API of %s is no longer at %s; finding it again", self->site, job->root);
  job->rediscovered = TRUE;
  job->root_kept = FALSE;
  g_clear_pointer (&job->root, g_free);
  g_clear_pointer (&self->api_root, g_free);
  g_array_set_size (job->tag_ids, 0);
  job->next_tag = 0;
  run_job (task);
  return TRUE;
}

static gboolean
check_answer (GTask  *task,
              KennisHttpAnswer *answer)
{
  KennisWordPressTarget *self = task_target (task);
  const char *says = kennis_http_json_string (answer->json, "message");

  if (answer->status >= 200 && answer->status < 300)
    return TRUE;
  if (rediscover (task, answer))
    return FALSE;

  if (answer->status == 429 || answer->status >= 500)
    kennis_target_set_retry_after (KENNIS_TARGET (self), answer->retry_after);
  if (answer->status == 429 || answer->status >= 500)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                             _("%s is busy or has a problem (%u); Kennis will try again."),
                             self->site, answer->status);
  else if (answer->status >= 300 && answer->status < 400)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                             _("%s sends Kennis on to another address; check the site’s address in the "
                               "settings."), self->site);
  else if (says != NULL)
    /* TRANSLATORS: %s is WordPress's own message, e.g. “Sorry, you are not allowed to create posts as this user.” */
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                             _("WordPress says: %s"), says);
  else
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                             _("WordPress answered %u: %s"), answer->status, answer->text);
  g_object_unref (task);
  return FALSE;
}

/* --- Finding the API ----------------------------------------------------- */

/* The address in `Link: <…>; rel="https://api.w.org/"`, among others. */
static char *
find_api_link (const char *link)
{
  const char *p = link;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p, '>');
      const char *next;
      g_autofree char *params = NULL;

      if (end == NULL)
        return NULL;
      next = strchr (end, '<');
      params = next != NULL ? g_strndup (end, next - end) : g_strdup (end);
      if (strstr (params, "rel=\"" API_REL "\"") != NULL)
        return g_strndup (p + 1, end - p - 1);
      p = next;
    }
  return NULL;
}

static void run_job (GTask *task);

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *pretty = g_strconcat (self->site, "wp-json/", NULL);

  if (answer == NULL)
    return;

  if (answer->status == 200 && kennis_http_json_string (answer->json, "name") != NULL)
    {
      run_job (task);
      return;
    }

  /* Without pretty permalinks the API answers at ?rest_route=. */
  if (strcmp (job->root, pretty) == 0)
    {
      g_free (job->root);
      job->root = g_strconcat (self->site, "?rest_route=/", NULL);
      send_request (task, "GET", job->root, NULL, probe_done_cb);
      return;
    }

  g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                           _("%s does not look like a WordPress site with its REST API on."), self->site);
  g_object_unref (task);
}

static void
front_page_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  /* The Application Password goes to the API: one on another server is
   * not trusted, and the usual address is tried instead. */
  job->root = find_api_link (kennis_http_answer_get_header (answer, "Link"));
  if (job->root != NULL && !kennis_http_is_same_server (self->site, job->root))
    g_clear_pointer (&job->root, g_free);
  if (job->root != NULL)
    {
      run_job (task);
      return;
    }
  job->root = g_strconcat (self->site, "wp-json/", NULL);
  send_request (task, "GET", job->root, NULL, probe_done_cb);
}

/* --- Publishing ---------------------------------------------------------- */

char *
kennis_wordpress_target_dup_marker (const char *entry_id)
{
  return g_strconcat ("kennis-entry-", entry_id, NULL);
}

static JsonNode *
build_post (KennisWordPressTarget *self,
            Job                   *job)
{
  const KennisPost *post = job->request->post;
  g_autofree char *marker = kennis_wordpress_target_dup_marker (post->id);
  g_autofree char *content = g_strdup_printf ("%s\n<!-- %s -->", post->html, marker);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, post->title);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, self->draft ? "draft" : "publish");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < job->tag_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (job->tag_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
post_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  KennisShareResult *share;

  if (answer == NULL || !check_answer (task, answer))
    return;

  share = g_new0 (KennisShareResult, 1);
  share->remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_int (answer->json, "id"));
  share->url = g_strdup (kennis_http_json_string (answer->json, "link"));
  g_task_return_pointer (task, share, (GDestroyNotify) kennis_share_result_free);
  g_object_unref (task);
}

static void
write_post (GTask      *task,
            const char *remote_id)
{
  Job *job = task_job (task);
  g_autoptr(JsonNode) body = build_post (task_target (task), job);
  g_autofree char *route = remote_id != NULL ? g_strconcat ("wp/v2/posts/", remote_id, NULL)
                                             : g_strdup ("wp/v2/posts");
  g_autofree char *url = route_url (job->root, route, NULL);

  send_request (task, "POST", url, body, post_written_cb);
}

/* The id of a post whose content carries this entry's marker, from an
 * earlier try, or NULL. */
static char *
find_marked_post (JsonNode   *posts,
                  const char *marker)
{
  JsonArray *array = posts != NULL && JSON_NODE_HOLDS_ARRAY (posts) ? json_node_get_array (posts) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *post = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (post) ? json_node_get_object (post) : NULL;
      JsonNode *content = object != NULL ? json_object_get_member (object, "content") : NULL;
      const char *raw = kennis_http_json_string (content, "raw");

      if (raw != NULL && strstr (raw, marker) != NULL)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (object, "id", 0));
    }
  return NULL;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *marker = kennis_wordpress_target_dup_marker (job->request->post->id);
  g_autofree char *found = NULL;

  if (answer == NULL || !check_answer (task, answer))
    return;

  found = find_marked_post (answer->json, marker);
  write_post (task, found);
}

/* Before a create: the post may be there already (see the top). */
static void
search_marker (GTask *task)
{
  Job *job = task_job (task);
  g_autofree char *marker = kennis_wordpress_target_dup_marker (job->request->post->id);
  g_autofree char *escaped = g_uri_escape_string (marker, NULL, TRUE);
  g_autofree char *query = g_strconcat ("search=", escaped, "&context=edit&per_page=20"
                                        "&status=publish,future,draft,pending,private", NULL);
  g_autofree char *url = route_url (job->root, "wp/v2/posts", query);

  send_request (task, "GET", url, NULL, search_done_cb);
}

static void
post_tags (GTask *task);

/* WordPress gives names HTML-escaped ("&amp;"): compare them as text. */
static char *
dup_plain_name (const char *name)
{
  GString *plain = g_string_new (name);

  g_string_replace (plain, "&amp;", "&", 0);
  g_string_replace (plain, "&lt;", "<", 0);
  g_string_replace (plain, "&gt;", ">", 0);
  g_string_replace (plain, "&quot;", "\"", 0);
  g_string_replace (plain, "&#039;", "'", 0);
  return g_string_free (plain, FALSE);
}

static gint64
find_tag (JsonNode   *tags,
          const char *name)
{
  JsonArray *array = tags != NULL && JSON_NODE_HOLDS_ARRAY (tags) ? json_node_get_array (tags) : NULL;
  g_autofree char *wanted = g_utf8_casefold (name, -1);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);
      g_autofree char *plain = dup_plain_name (kennis_http_json_string (tag, "name") != NULL ? kennis_http_json_string (tag, "name") : "");
      g_autofree char *folded = g_utf8_casefold (plain, -1);

      if (g_str_equal (folded, wanted))
        return json_int (tag, "id");
    }
  return 0;
}

static void
tag_created_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  JsonObject *object;
  gint64 id = 0;

  if (answer == NULL)
    return;

  /* A tag made meanwhile comes back as term_exists, with its id. */
  object = answer->json != NULL && JSON_NODE_HOLDS_OBJECT (answer->json) ? json_node_get_object (answer->json) : NULL;
  if (answer->status == 400 && g_strcmp0 (kennis_http_json_string (answer->json, "code"), "term_exists") == 0 &&
      object != NULL && json_object_has_member (object, "data"))
    id = json_int (json_object_get_member (object, "data"), "term_id");
  else if (!check_answer (task, answer))
    return;
  else
    id = json_int (answer->json, "id");

  g_array_append_val (job->tag_ids, id);
  job->next_tag++;
  post_tags (task);
}

static void
tag_found_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  const char *name = job->request->post->tags[job->next_tag];
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = NULL;
  gint64 id;

  if (answer == NULL || !check_answer (task, answer))
    return;

  id = find_tag (answer->json, name);
  if (id > 0)
    {
      g_array_append_val (job->tag_ids, id);
      job->next_tag++;
      post_tags (task);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  url = route_url (job->root, "wp/v2/tags", NULL);
  send_request (task, "POST", url, body, tag_created_cb);
}

/* Posts take tag ids: each tag is looked up by name, and made when it is
 * missing. */
static void
post_tags (GTask *task)
{
  Job *job = task_job (task);
  const char *name = job->request->post->tags != NULL ? job->request->post->tags[job->next_tag] : NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;

  if (name == NULL)
    {
      if (job->request->remote_id != NULL)
        write_post (task, job->request->remote_id);
      else
        search_marker (task);
      return;
    }

  escaped = g_uri_escape_string (name, NULL, TRUE);
  query = g_strconcat ("search=", escaped, "&per_page=100", NULL);
  url = route_url (job->root, "wp/v2/tags", query);
  send_request (task, "GET", url, NULL, tag_found_cb);
}

/* --- Withdrawing and checking ------------------------------------------- */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  /* Gone already, or in the trash already: what was asked for is true. */
  if (answer->status == 404 || answer->status == 410 || check_answer (task, answer))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
user_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  KennisWordPressTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;
  if (answer->status == 401)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("%s did not accept the user name and Application Password. WordPress accepts "
                                 "Application Passwords only over https, or on a site set up as local."),
                               self->site);
      g_object_unref (task);
      return;
    }
  if (!check_answer (task, answer))
    return;

  g_task_return_pointer (task,
                         /* TRANSLATORS: the site's address, then the name WordPress knows the user by */
                         g_strdup_printf (_("Connected to %s as %s."), self->site,
                                          kennis_http_json_string (answer->json, "name") != NULL
                                          ? kennis_http_json_string (answer->json, "name") : self->user),
                         g_free);
  g_object_unref (task);
}

static void
run_job (GTask *task)
{
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autofree char *route = NULL;
  g_autofree char *url = NULL;

  if (job->root == NULL && self->api_root != NULL && *self->api_root != '\0')
    {
      job->root = g_strdup (self->api_root);
      job->root_kept = TRUE;
    }
  if (job->root == NULL)
    {
      send_request (task, "GET", self->site, NULL, front_page_cb);
      return;
    }
  /* Kept by kennis_target_dup_config() once a job went through. */
  if (self->api_root == NULL || *self->api_root == '\0')
    {
      g_free (self->api_root);
      self->api_root = g_strdup (job->root);
    }

  switch (job->kind)
    {
    case JOB_PUBLISH:
      post_tags (task);
      break;
    case JOB_WITHDRAW:
      route = g_strconcat ("wp/v2/posts/", job->request->remote_id, NULL);
      url = route_url (job->root, route, NULL);
      send_request (task, "DELETE", url, NULL, deleted_cb);
      break;
    case JOB_CHECK:
    default:
      url = route_url (job->root, "wp/v2/users/me", "context=edit");
      send_request (task, "GET", url, NULL, user_cb);
      break;
    }
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;
  KennisWordPressTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(GError) error = NULL;

  job->password = kennis_credentials_lookup_finish (result, &error);
  if (error != NULL || job->password == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("Kennis has no Application Password for %s at %s; add it in Preferences."),
                               self->user, self->site);
      g_object_unref (task);
      return;
    }
  run_job (task);
}

static void
start_job (KennisWordPressTarget *self,
           JobKind                kind,
           KennisShareRequest    *request,
           GCancellable          *cancellable,
           GAsyncReadyCallback    callback,
           gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->request = request;
  job->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  kennis_credentials_lookup_async (self->site, self->user, cancellable, password_cb, task);
}

static void
kennis_wordpress_target_publish_async (KennisTarget        *target,
                                       KennisShareRequest  *request,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  start_job (KENNIS_WORDPRESS_TARGET (target), JOB_PUBLISH, request, cancellable, callback, user_data);
}

static void
kennis_wordpress_target_withdraw_async (KennisTarget        *target,
                                        KennisShareRequest  *request,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  start_job (KENNIS_WORDPRESS_TARGET (target), JOB_WITHDRAW, request, cancellable, callback, user_data);
}

static void
kennis_wordpress_target_check_async (KennisTarget        *target,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  start_job (KENNIS_WORDPRESS_TARGET (target), JOB_CHECK, kennis_share_request_new (), cancellable,
             callback, user_data);
}

/* --- The object ---------------------------------------------------------- */

static void
kennis_wordpress_target_finalize (GObject *object)
{
  KennisWordPressTarget *self = (KennisWordPressTarget *)object;

  g_free (self->site);
  g_free (self->user);
  g_free (self->api_root);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_wordpress_target_parent_class)->finalize (object);
}

static char *
secret_key_vfunc (KennisTarget *target)
{
  return kennis_wordpress_target_dup_secret_key (KENNIS_WORDPRESS_TARGET (target));
}

static const char *
secret_account_vfunc (KennisTarget *target)
{
  return kennis_wordpress_target_get_user (KENNIS_WORDPRESS_TARGET (target));
}

static char *
dup_config_vfunc (KennisTarget *target)
{
  KennisWordPressTarget *self = KENNIS_WORDPRESS_TARGET (target);
  g_autofree char *config = kennis_wordpress_target_build_config (self->site, self->user, self->draft);

  return kennis_target_config_set_strings (config, "api_root", self->api_root, NULL);
}

static void
kennis_wordpress_target_class_init (KennisWordPressTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KennisTargetClass *target_class = KENNIS_TARGET_CLASS (klass);

  object_class->finalize = kennis_wordpress_target_finalize;
  target_class->publish_async = kennis_wordpress_target_publish_async;
  target_class->withdraw_async = kennis_wordpress_target_withdraw_async;
  target_class->check_async = kennis_wordpress_target_check_async;
  target_class->dup_secret_key = secret_key_vfunc;
  target_class->get_secret_account = secret_account_vfunc;
  target_class->dup_config = dup_config_vfunc;
}

static void
kennis_wordpress_target_init (KennisWordPressTarget *self)
{
  self->session = kennis_http_session_new ();
}

static char *
dup_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strstrip (g_strdup (json_node_get_string (node)));
}

/* The site's address with one "/" at its end, so routes append. */
static char *
dup_site (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return NULL;
  return g_str_has_suffix (text, "/") ? g_strdup (text) : g_strconcat (text, "/", NULL);
}

/**
 * kennis_wordpress_target_new:
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the site or the user is missing
 */
KennisWordPressTarget *
kennis_wordpress_target_new (gint64       id,
                             const char  *name,
                             const char  *config,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;
  g_autofree char *site_text = NULL;
  KennisWordPressTarget *self;

  if (config != NULL && json_parser_load_from_data (parser, config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  self = g_object_new (KENNIS_TYPE_WORDPRESS_TARGET, "id", id, "name", name, NULL);
  site_text = dup_member (object, "site");
  self->site = dup_site (site_text);
  self->user = dup_member (object, "user");
  self->api_root = dup_member (object, "api_root");
  self->draft = object != NULL && json_object_get_boolean_member_with_default (object, "draft", FALSE);

  if (self->site == NULL || *self->user == '\0')
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the name of a place to share to */
                   _("“%s” needs the WordPress site’s address (https://…) and a user name."), name);
      g_object_unref (self);
      return NULL;
    }
  return self;
}

/* The keyring holds the Application Password under this and the user. */
char *
kennis_wordpress_target_dup_secret_key (KennisWordPressTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_WORDPRESS_TARGET (self), NULL);
  return g_strdup (self->site);
}

const char *
kennis_wordpress_target_get_user (KennisWordPressTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_WORDPRESS_TARGET (self), NULL);
  return self->user;
}

/**
 * kennis_wordpress_target_build_config:
 *
 * Returns: (transfer full): the settings of a WordPress target, as JSON
 */
char *
kennis_wordpress_target_build_config (const char *site,
                                      const char *user,
                                      gboolean    draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, site);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, draft);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
