/* kennis-micropub-target.c — an IndieWeb site, through Micropub and a token
 * the site gave the user
 *
 * Settings (JSON): "site" (the user's own address), "draft" (ask for
 * post-status "draft", an extension some servers ignore), "micropub"
 * (the endpoint, found by discovery, kept to save a request) and
 * "post_url_start" (see below). The token is
 * in the keyring under the site's address and KENNIS_MICROPUB_ACCOUNT,
 * never in the settings, and only the endpoint ever sees it.
 *
 * Discovery reads the site's home page: rel="micropub" and the IndieAuth
 * addresses come from its Link header first, then from its <link>
 * elements. It runs before the token is looked up, so the sign-in
 * addresses are known even while there is no token yet.
 *
 * Never a second post. Micropub has no idempotency key, so:
 * - the remote id is the Location a create answers with, handed on the
 *   moment it comes;
 * - a create asks for mp-slug "<slug>-<first 8 characters of the entry
 *   id>", which no other entry asks for;
 * - when a server is seen to honour mp-slug (the Location of a create ends
 *   with the slug asked for), the start of that Location is kept in the
 *   settings ("post_url_start", written back by the outbox after the
 *   share), so the address of the next post can be predicted, after a
 *   restart too. Before a create Kennis asks
 *   `q=source&url=<predicted address>`: when the post is there, an earlier
 *   create whose answer was lost did reach the server, and the post is
 *   updated instead of made again.
 * Where the server ignores mp-slug, puts something that changes (a date) in
 * its addresses, or has not taken a post from Kennis yet, a create whose
 * answer is lost may be made twice on the next try; the job's error message
 * says so.
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
#include "kennis-micropub-target.h"
#include "kennis-rel-links.h"
#include "kennis-url.h"

#define N_RELS          (KENNIS_MICROPUB_REL_INDIEAUTH_METADATA + 1)

struct _KennisMicropubTarget
{
  KennisTarget  parent_instance;

  char         *site;
  gboolean      draft;
  char         *endpoints[N_RELS];  /* the micropub one from the settings or discovery,
                                     * the others from discovery only */
  char         *post_url_start;     /* what the site's post addresses start with, or NULL */
  SoupSession  *session;
};

G_DEFINE_FINAL_TYPE (KennisMicropubTarget, kennis_micropub_target, KENNIS_TYPE_TARGET)

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
  char               *token;
  char               *mp_slug;     /* publish only; NULL when the post has no slug */
  char               *predicted;   /* where the post would be, if an earlier try made it */
  char               *remote_id;   /* the copy to update or delete */
  gboolean            unguarded;   /* a create is under way that a retry could not find */
  gboolean            endpoint_kept;  /* from the settings, found on an earlier job */
  gboolean            rediscovered;
} Job;

/* As kennis_rel_links_find() takes them: one name per KennisMicropubRel,
 * then NULL. */
static const char * const rel_names[N_RELS + 1] = {
  [KENNIS_MICROPUB_REL_MICROPUB] = "micropub",
  [KENNIS_MICROPUB_REL_AUTHORIZATION_ENDPOINT] = "authorization_endpoint",
  [KENNIS_MICROPUB_REL_TOKEN_ENDPOINT] = "token_endpoint",
  [KENNIS_MICROPUB_REL_INDIEAUTH_METADATA] = "indieauth-metadata",
};

static void
job_free (Job *job)
{
  g_clear_pointer (&job->request, kennis_share_request_free);
  g_free (job->token);
  g_free (job->mp_slug);
  g_free (job->predicted);
  g_free (job->remote_id);
  g_free (job);
}

static KennisMicropubTarget *
task_target (GTask *task)
{
  return g_task_get_source_object (task);
}

static Job *
task_job (GTask *task)
{
  return g_task_get_task_data (task);
}

static const char *
task_endpoint (GTask *task)
{
  return task_target (task)->endpoints[KENNIS_MICROPUB_REL_MICROPUB];
}

/* --- Predicting a post's address --------------------------------------- */

/* The slug asked for: the post's own, made unique with the start of the
 * entry's id, so its address can be predicted (see the top). */
static char *
dup_mp_slug (const KennisPost *post)
{
  if (post->slug == NULL || *post->slug == '\0')
    return NULL;
  if (post->id == NULL || *post->id == '\0')
    return g_strdup (post->slug);
  return g_strdup_printf ("%s-%.8s", post->slug, post->id);
}

/* Whether the site honours mp-slug, as a create's Location shows. */
static void
remember_post_url (KennisMicropubTarget *self,
                   const char           *location,
                   const char           *mp_slug)
{
  if (mp_slug == NULL)
    return;

  g_clear_pointer (&self->post_url_start, g_free);
  if (g_str_has_suffix (location, mp_slug))
    self->post_url_start = g_strndup (location, strlen (location) - strlen (mp_slug));
}

static char *
predict_post_url (KennisMicropubTarget *self,
                  const char           *mp_slug)
{
  if (mp_slug == NULL || self->post_url_start == NULL)
    return NULL;
  return g_strconcat (self->post_url_start, mp_slug, NULL);
}

/* --- Requests ---------------------------------------------------------- */

/* The endpoint with a query; it may have a query of its own already. */
static char *
endpoint_url (const char *endpoint,
              const char *query)
{
  return g_strconcat (endpoint, strchr (endpoint, '?') != NULL ? "&" : "?", query, NULL);
}

static void
send_request (GTask               *task,
              const char          *method,
              const char          *url,
              JsonNode            *body,
              GAsyncReadyCallback  callback)
{
  KennisMicropubTarget *self = task_target (task);
  Job *job = task_job (task);
  /* Discovery runs before the token is looked up, so the token goes to
   * the endpoint only, never to the home page. */
  g_autofree char *auth = job->token != NULL ? g_strconcat ("Bearer ", job->token, NULL) : NULL;
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

/* A network failure is worth another try later. A create that broke off
 * may have made the post all the same; when a retry could not find it, the
 * user is told it may come twice. */
static void
fail_unreachable (GTask  *task,
                  GError *error)
{
  KennisMicropubTarget *self = task_target (task);
  GError *final = kennis_target_dup_transport_error (self->site, error);

  if (final != NULL)
    g_task_return_error (task, final);
  else if (task_job (task)->unguarded)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                             _("Could not reach %s: %s. If the post was made before the connection "
                               "broke, the next try may make a second one."),
                             self->site, error->message);
  else
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                             _("Could not reach %s: %s"), self->site, error->message);
  g_object_unref (task);
}

/* The answer to a request, or NULL when the task failed (and is done). */
static KennisHttpAnswer *
finish_request (GTask        *task,
                GAsyncResult *result)
{
  KennisMicropubTarget *self = task_target (task);
  g_autoptr(GError) error = NULL;
  KennisHttpAnswer *answer = kennis_http_answer_finish (self->session, result, &error);

  if (answer == NULL)
    fail_unreachable (task, error);
  return answer;
}

/* FALSE, with the task failed, unless the answer is a success. Busy and
 * broken servers are tried again later; a refusal is shown in the site's
 * own words. A token the site does not take, or one without the scope it
 * needs, is for the user to replace. */
static void home_page_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data);

/* An endpoint kept from an earlier job that is not there any more (the
 * site moved it) is found again from the home page, once a job; the job
 * then goes on from the token. A real "not found" for a post costs one
 * more request. */
static gboolean
rediscover (GTask            *task,
            KennisHttpAnswer *answer)
{
  KennisMicropubTarget *self = task_target (task);
  Job *job = task_job (task);
  gboolean gone = (answer->status >= 300 && answer->status < 400) || (answer->status == 404 && answer->json == NULL);

  if (!gone || !job->endpoint_kept || job->rediscovered)
    return FALSE;

  g_debug ("The Micropub endpoint of %s is not where it was; finding it again", self->site);
  job->rediscovered = TRUE;
  job->endpoint_kept = FALSE;
  g_clear_pointer (&self->endpoints[KENNIS_MICROPUB_REL_MICROPUB], g_free);
  g_clear_pointer (&job->predicted, g_free);
  /* The token goes to the endpoint only, never to the home page. */
  g_clear_pointer (&job->token, g_free);
  send_request (task, "GET", self->site, NULL, home_page_cb);
  return TRUE;
}

static gboolean
check_answer (GTask  *task,
              KennisHttpAnswer *answer)
{
  KennisMicropubTarget *self = task_target (task);
  const char *error_code = kennis_http_json_string (answer->json, "error");
  const char *says = kennis_http_json_string (answer->json, "error_description");
  int code = answer->status == 401 || g_strcmp0 (error_code, "insufficient_scope") == 0
             ? KENNIS_TARGET_ERROR_CONFIG : KENNIS_TARGET_ERROR_FAILED;

  if (answer->status >= 200 && answer->status < 300)
    return TRUE;
  if (rediscover (task, answer))
    return FALSE;

  if (says == NULL)
    says = error_code;
  if (answer->status == 429 || answer->status >= 500)
    {
      kennis_target_set_retry_after (KENNIS_TARGET (self), answer->retry_after);
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                               _("%s is busy or has a problem (%u); Kennis will try again."),
                               self->site, answer->status);
    }
  else if (answer->status >= 300 && answer->status < 400)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                             _("%s sends Kennis on to another address; check the site’s address in the "
                               "settings."), self->site);
  else if (says != NULL)
    /* TRANSLATORS: %s is the site's own message, e.g. “The access token is expired.” */
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, code, _("The site says: %s"), says);
  else
    /* TRANSLATORS: an HTTP status code, then the start of what the site sent */
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, code, _("The site answered %u: %s"),
                             answer->status, answer->text);
  g_object_unref (task);
  return FALSE;
}

/* --- Discovery --------------------------------------------------------- */

static void look_up_token (GTask *task);

static void
home_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = data;
  KennisMicropubTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  char *found[N_RELS] = { NULL };

  if (answer == NULL || !check_answer (task, answer))
    return;

  kennis_rel_links_find (answer->message, answer->body, rel_names, found);
  for (guint r = 0; r < N_RELS; r++)
    {
      g_free (self->endpoints[r]);
      self->endpoints[r] = found[r];
    }

  if (task_endpoint (task) == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("%s does not say where it takes posts: its home page has no "
                                 "rel=\"micropub\" link."), self->site);
      g_object_unref (task);
      return;
    }
  look_up_token (task);
}

/* --- Publishing -------------------------------------------------------- */

static void
add_values (JsonBuilder        *builder,
            const char         *member,
            const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static gboolean
has_tags (const KennisPost *post)
{
  return post->tags != NULL && post->tags[0] != NULL;
}

/* What a create and an update both send. HTML content needs JSON. */
static void
add_post_properties (JsonBuilder      *builder,
                     const KennisPost *post)
{
  const char *name[] = { post->title, NULL };

  add_values (builder, "name", name);
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "html");
  json_builder_add_string_value (builder, post->html != NULL ? post->html : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (has_tags (post))
    add_values (builder, "category", (const char * const *)post->tags);
}

static JsonNode *
build_create (KennisMicropubTarget *self,
              Job                  *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *type[] = { "h-entry", NULL };
  const char *slug[] = { job->mp_slug, NULL };
  const char *draft[] = { "draft", NULL };

  json_builder_begin_object (builder);
  add_values (builder, "type", type);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_post_properties (builder, job->request->post);
  if (job->mp_slug != NULL)
    add_values (builder, "mp-slug", slug);
  if (self->draft)
    add_values (builder, "post-status", draft);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Replaces what Kennis owns; tags that are all gone are deleted, as an
 * empty replacement means different things to different servers. */
static JsonNode *
build_update (Job *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *category[] = { "category", NULL };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "update");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, job->remote_id);
  json_builder_set_member_name (builder, "replace");
  json_builder_begin_object (builder);
  add_post_properties (builder, job->request->post);
  json_builder_end_object (builder);
  if (!has_tags (job->request->post))
    add_values (builder, "delete", category);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_delete (Job *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "delete");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, job->remote_id);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
return_published (GTask      *task,
                  const char *url)
{
  KennisShareResult *share = g_new0 (KennisShareResult, 1);

  share->remote_id = g_strdup (url);
  share->url = g_strdup (url);
  g_task_return_pointer (task, share, (GDestroyNotify) kennis_share_result_free);
  g_object_unref (task);
}

static void
post_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  KennisMicropubTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *location = NULL;

  if (answer == NULL || !check_answer (task, answer))
    return;

  location = kennis_http_answer_dup_location (answer);
  if ((answer->status != 201 && answer->status != 202) || location == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                               _("%s took the post but did not say where it is, so Kennis cannot "
                                 "update or remove it."), self->site);
      g_object_unref (task);
      return;
    }

  remember_post_url (self, location, task_job (task)->mp_slug);
  return_published (task, location);
}

static void
post_updated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  g_autofree char *location = NULL;

  if (answer == NULL || !check_answer (task, answer))
    return;

  /* 201 means the update moved the post. */
  location = answer->status == 201 ? kennis_http_answer_dup_location (answer) : NULL;
  return_published (task, location != NULL ? location : task_job (task)->remote_id);
}

static void
create_post (GTask    *task,
             gboolean  guarded)
{
  Job *job = task_job (task);
  g_autoptr(JsonNode) body = build_create (task_target (task), job);

  job->unguarded = !guarded;
  send_request (task, "POST", task_endpoint (task), body, post_created_cb);
}

static void
update_post (GTask *task)
{
  g_autoptr(JsonNode) body = build_update (task_job (task));

  send_request (task, "POST", task_endpoint (task), body, post_updated_cb);
}

/* A source document with properties: the post is there. */
static gboolean
holds_post (KennisHttpAnswer *answer)
{
  JsonObject *object = answer->json != NULL && JSON_NODE_HOLDS_OBJECT (answer->json)
                       ? json_node_get_object (answer->json) : NULL;

  return answer->status == 200 && object != NULL && json_object_has_member (object, "properties");
}

static void
source_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  if (holds_post (answer))
    {
      job->remote_id = g_steal_pointer (&job->predicted);
      update_post (task);
      return;
    }
  /* Servers say "no such post", or "no q=source here", with 400 or 404. */
  if (answer->status == 400 || answer->status == 404 || answer->status == 410 || check_answer (task, answer))
    create_post (task, TRUE);
}

static void
publish (GTask *task)
{
  Job *job = task_job (task);
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;

  if (job->remote_id != NULL)
    {
      update_post (task);
      return;
    }

  job->predicted = predict_post_url (task_target (task), job->mp_slug);
  if (job->predicted == NULL)
    {
      create_post (task, FALSE);
      return;
    }

  escaped = g_uri_escape_string (job->predicted, NULL, TRUE);
  query = g_strconcat ("q=source&url=", escaped, NULL);
  url = endpoint_url (task_endpoint (task), query);
  send_request (task, "GET", url, NULL, source_read_cb);
}

/* --- Withdrawing and checking ------------------------------------------ */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  if (rediscover (task, answer))
    return;
  /* Gone already: what was asked for is true. */
  if (answer->status == 404 || answer->status == 410 || check_answer (task, answer))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
config_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  KennisMicropubTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  /* q=config is optional: a server without it answers 400 or 404, and
   * still takes posts. */
  if (answer->status != 400 && answer->status != 404 && !check_answer (task, answer))
    return;

  g_task_return_pointer (task,
                         /* TRANSLATORS: the site's address, then its Micropub endpoint's */
                         g_strdup_printf (_("Connected to %s; it takes posts at %s."), self->site,
                                          task_endpoint (task)),
                         g_free);
  g_object_unref (task);
}

static void
run_job (GTask *task)
{
  Job *job = task_job (task);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = NULL;

  switch (job->kind)
    {
    case JOB_PUBLISH:
      publish (task);
      break;
    case JOB_WITHDRAW:
      body = build_delete (job);
      send_request (task, "POST", task_endpoint (task), body, deleted_cb);
      break;
    case JOB_CHECK:
    default:
      url = endpoint_url (task_endpoint (task), "q=config");
      send_request (task, "GET", url, NULL, config_read_cb);
      break;
    }
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  KennisMicropubTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(GError) error = NULL;

  job->token = kennis_credentials_lookup_finish (result, &error);
  if (job->token == NULL || *job->token == '\0')
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               _("Kennis has no token for %s; paste the one your site gave you in "
                                 "Preferences."), self->site);
      g_object_unref (task);
      return;
    }
  run_job (task);
}

static void
look_up_token (GTask *task)
{
  kennis_credentials_lookup_async (task_target (task)->site, KENNIS_MICROPUB_ACCOUNT,
                                   g_task_get_cancellable (task), token_cb, task);
}

/* A check always reads the home page, so it reports what the site says
 * now; other jobs use the endpoint they know. */
static void
start_job (KennisMicropubTarget *self,
           JobKind               kind,
           KennisShareRequest   *request,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, start_job);
  job->kind = kind;
  job->request = request;
  job->remote_id = g_strdup (request->remote_id);
  job->mp_slug = request->post != NULL ? dup_mp_slug (request->post) : NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  /* Never published, or published without an address: nothing to take down. */
  if (kind == JOB_WITHDRAW && job->remote_id == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (kind == JOB_CHECK || self->endpoints[KENNIS_MICROPUB_REL_MICROPUB] == NULL)
    send_request (task, "GET", self->site, NULL, home_page_cb);
  else
    {
      job->endpoint_kept = TRUE;
      look_up_token (task);
    }
}

/* --- KennisTarget ------------------------------------------------------ */

static void
kennis_micropub_target_publish_async (KennisTarget        *target,
                                      KennisShareRequest  *request,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  start_job (KENNIS_MICROPUB_TARGET (target), JOB_PUBLISH, request, cancellable, callback, user_data);
}

static void
kennis_micropub_target_withdraw_async (KennisTarget        *target,
                                       KennisShareRequest  *request,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  start_job (KENNIS_MICROPUB_TARGET (target), JOB_WITHDRAW, request, cancellable, callback, user_data);
}

static void
kennis_micropub_target_check_async (KennisTarget        *target,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  start_job (KENNIS_MICROPUB_TARGET (target), JOB_CHECK, kennis_share_request_new (), cancellable,
             callback, user_data);
}

/* --- The object -------------------------------------------------------- */

static void
kennis_micropub_target_dispose (GObject *object)
{
  KennisMicropubTarget *self = (KennisMicropubTarget *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_micropub_target_parent_class)->dispose (object);
}

static void
kennis_micropub_target_finalize (GObject *object)
{
  KennisMicropubTarget *self = (KennisMicropubTarget *)object;

  g_free (self->site);
  for (guint r = 0; r < N_RELS; r++)
    g_free (self->endpoints[r]);
  g_free (self->post_url_start);

  G_OBJECT_CLASS (kennis_micropub_target_parent_class)->finalize (object);
}

static char *
secret_key_vfunc (KennisTarget *target)
{
  return kennis_micropub_target_dup_secret_key (KENNIS_MICROPUB_TARGET (target));
}

static const char *
secret_account_vfunc (KennisTarget *target)
{
  return KENNIS_MICROPUB_ACCOUNT;
}

static char *
dup_config_vfunc (KennisTarget *target)
{
  KennisMicropubTarget *self = KENNIS_MICROPUB_TARGET (target);
  g_autofree char *config = kennis_micropub_target_build_config (self->site, self->draft);

  return kennis_target_config_set_strings (config, "micropub", self->endpoints[KENNIS_MICROPUB_REL_MICROPUB],
                                           "post_url_start", self->post_url_start, NULL);
}

static void
kennis_micropub_target_class_init (KennisMicropubTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KennisTargetClass *target_class = KENNIS_TARGET_CLASS (klass);

  object_class->dispose = kennis_micropub_target_dispose;
  object_class->finalize = kennis_micropub_target_finalize;
  target_class->publish_async = kennis_micropub_target_publish_async;
  target_class->withdraw_async = kennis_micropub_target_withdraw_async;
  target_class->check_async = kennis_micropub_target_check_async;
  target_class->dup_secret_key = secret_key_vfunc;
  target_class->get_secret_account = secret_account_vfunc;
  target_class->dup_config = dup_config_vfunc;
}

static void
kennis_micropub_target_init (KennisMicropubTarget *self)
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

/* The site as IndieAuth canonicalises a profile address: a bare host gets
 * https, the host is lower case, an empty path is "/". The token is kept
 * under this form. */
static char *
dup_site (const char *text)
{
  g_autofree char *full = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  g_autoptr(GUri) uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) canonical = NULL;
  g_autofree char *host = NULL;

  if (uri == NULL || !kennis_uri_is_web (uri))
    return NULL;
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  canonical = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, host, g_uri_get_port (uri),
                           *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/",
                           g_uri_get_query (uri), NULL);
  return g_uri_to_string (canonical);
}

/**
 * kennis_micropub_target_new:
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the site's address is missing
 */
KennisMicropubTarget *
kennis_micropub_target_new (gint64       id,
                            const char  *name,
                            const char  *config,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;
  g_autofree char *site_text = NULL;
  g_autofree char *endpoint = NULL;
  KennisMicropubTarget *self;

  if (config != NULL && json_parser_load_from_data (parser, config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  self = g_object_new (KENNIS_TYPE_MICROPUB_TARGET, "id", id, "name", name, NULL);
  site_text = dup_member (object, "site");
  self->site = dup_site (site_text);
  self->draft = object != NULL && json_object_get_boolean_member_with_default (object, "draft", FALSE);
  endpoint = dup_member (object, "micropub");
  self->post_url_start = dup_member (object, "post_url_start");
  if (*self->post_url_start == '\0')
    g_clear_pointer (&self->post_url_start, g_free);
  if (kennis_url_is_web (endpoint))
    self->endpoints[KENNIS_MICROPUB_REL_MICROPUB] = g_steal_pointer (&endpoint);

  if (self->site == NULL)
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the name of a place to share to */
                   _("“%s” needs the address of the site that takes its posts (https://…)."), name);
      g_object_unref (self);
      return NULL;
    }
  return self;
}

/**
 * kennis_micropub_target_dup_secret_key:
 *
 * The keyring holds the token under this and %KENNIS_MICROPUB_ACCOUNT.
 *
 * Returns: (transfer full): the site's address
 */
char *
kennis_micropub_target_dup_secret_key (KennisMicropubTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_MICROPUB_TARGET (self), NULL);
  return g_strdup (self->site);
}

/**
 * kennis_micropub_target_get_endpoint:
 *
 * An address the site's home page names, for signing in with IndieAuth.
 * Known after a check, which reads the page even without a token; the
 * Micropub endpoint also from the settings.
 *
 * Returns: (transfer none) (nullable): the address, or %NULL
 */
const char *
kennis_micropub_target_get_endpoint (KennisMicropubTarget *self,
                                     KennisMicropubRel     rel)
{
  g_return_val_if_fail (KENNIS_IS_MICROPUB_TARGET (self), NULL);
  g_return_val_if_fail ((guint)rel < N_RELS, NULL);
  return self->endpoints[rel];
}

/**
 * kennis_micropub_target_build_config:
 *
 * Returns: (transfer full): the settings of a Micropub target, as JSON
 */
char *
kennis_micropub_target_build_config (const char *site,
                                     gboolean    draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, site);
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, draft);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
