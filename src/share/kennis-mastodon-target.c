/* kennis-mastodon-target.c — a Mastodon account, through the client API
 * and an access token
 *
 * Settings (JSON): "instance" (the server's address, https://…),
 * "account" (the user's handle) and "visibility" for entries that are not
 * for the Public audience: "unlisted" (the default), "private" (followers
 * only) or "public". An entry for Public is always posted publicly. The access token is in
 * the keyring under the server's address and the handle, never in the
 * settings.
 *
 * Never a second post: a create carries an Idempotency-Key made from the
 * entry's id. Mastodon keeps the key for an hour and answers a create that
 * repeats it with the status it made the first time, so a retry after a
 * lost answer (a dropped connection, a timeout) gets that status back
 * instead of making another. When the status a key made was deleted since
 * (the entry was withdrawn and shared again within the hour), Mastodon
 * answers 404; Kennis then takes the next key of a fixed sequence
 * ("kennis-ID-2", "kennis-ID-3", …), so a retry walks the same sequence and
 * still lands on the live status. An update edits the status named by the
 * remote id, which cannot double.
 *
 * Length: Mastodon refuses a status over the server's limit, counting
 * characters with every link as 23. The status is made to fit by
 * shortening the text, then dropping hashtags, then shortening the title;
 * the link is never cut. Kennis counts code points, not graphemes as
 * Mastodon does: never fewer, so a status may be cut a little more than
 * needed, but it is never refused for its length.
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
#include "kennis-mastodon-target.h"

#define DEFAULT_MAX_CHARACTERS 500
#define URL_CHARACTERS 23
#define MAX_IDEMPOTENCY_KEYS 8

struct _KennisMastodonTarget
{
  KennisTarget  parent_instance;

  char         *instance;        /* "https://host[:port]", without a "/" at the end */
  char         *host;            /* the server, as messages name it */
  char         *account;
  char         *visibility;
  guint         max_characters;  /* the server's limit, 0 until asked */
  SoupSession  *session;
};

G_DEFINE_FINAL_TYPE (KennisMastodonTarget, kennis_mastodon_target, KENNIS_TYPE_TARGET)

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
  char               *acct;       /* whom the token belongs to, for the check */
  guint               key_index;  /* which Idempotency-Key a create uses (see the top) */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->request, kennis_share_request_free);
  g_free (job->token);
  g_free (job->acct);
  g_free (job);
}

/* A status in its parts, while it is made to fit. */
typedef struct
{
  char       *title;
  char       *text;
  const char *url;
  GPtrArray  *hashtags;   /* "#Name" */
} StatusParts;

static void
status_parts_clear (StatusParts *parts)
{
  g_clear_pointer (&parts->title, g_free);
  g_clear_pointer (&parts->text, g_free);
  g_clear_pointer (&parts->hashtags, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatusParts, status_parts_clear)

static KennisMastodonTarget *
task_target (GTask *task)
{
  return g_task_get_source_object (task);
}

static Job *
task_job (GTask *task)
{
  return g_task_get_task_data (task);
}

/* --- The status ---------------------------------------------------------- */

/* The length in bytes of the link that starts at @p, or 0. Like Mastodon,
 * only http and https links count, and punctuation after a link ("see
 * https://example.org.") is not part of it. */
static gsize
measure_url (const char *p)
{
  const char *end = p;
  const char *last = NULL;
  gsize scheme;

  if (g_ascii_strncasecmp (p, "https://", 8) == 0)
    scheme = 8;
  else if (g_ascii_strncasecmp (p, "http://", 7) == 0)
    scheme = 7;
  else
    return 0;

  for (end = p + scheme; *end != '\0' && !g_unichar_isspace (g_utf8_get_char (end)); end = g_utf8_next_char (end))
    if (g_unichar_isalnum (g_utf8_get_char (end)) || strchr ("=_#/-+", *end) != NULL)
      last = g_utf8_next_char (end);
  return last != NULL ? (gsize)(last - p) : 0;
}

/* Mastodon links a hashtag only when it has a letter: "#2024" is text. */
static gboolean
has_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* The runs of characters a hashtag may hold: letters, digits, "_". */
static GStrv
split_words (const char *tag)
{
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = tag; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\0' && (g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '_'))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        g_strv_builder_add (words, word->str);
      g_string_truncate (word, 0);
      if (c == '\0')
        break;
    }
  return g_strv_builder_end (words);
}

/* A tag as a hashtag, or NULL when nothing linkable is left. Words are
 * joined in CamelCase ("open source" → "#OpenSource") so that they stay
 * readable, also to screen readers. */
static char *
dup_hashtag (const char *tag)
{
  g_auto(GStrv) words = split_words (tag);
  guint n_words = g_strv_length (words);
  g_autoptr(GString) name = g_string_new ("#");

  for (guint i = 0; i < n_words; i++)
    {
      gunichar first = g_utf8_get_char (words[i]);

      g_string_append_unichar (name, n_words > 1 ? g_unichar_totitle (first) : first);
      g_string_append (name, g_utf8_next_char (words[i]));
    }
  if (!has_letter (name->str))
    return NULL;
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Mastodon treats hashtags without regard to case: each one once. */
static GPtrArray *
collect_hashtags (GStrv tags)
{
  GPtrArray *hashtags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *hashtag = dup_hashtag (tags[i]);

      if (hashtag != NULL && g_hash_table_add (seen, g_utf8_casefold (hashtag, -1)))
        g_ptr_array_add (hashtags, g_steal_pointer (&hashtag));
    }
  return hashtags;
}

static void
append_block (GString    *status,
              const char *block)
{
  if (block == NULL || *block == '\0')
    return;
  if (status->len > 0)
    g_string_append (status, "\n\n");
  g_string_append (status, block);
}

static char *
join_parts (const StatusParts *parts)
{
  GString *status = g_string_new (NULL);
  g_autoptr(GString) hashtags = g_string_new (NULL);

  for (guint i = 0; i < parts->hashtags->len; i++)
    g_string_append_printf (hashtags, "%s%s", i > 0 ? " " : "", (char *)parts->hashtags->pdata[i]);

  append_block (status, parts->title);
  append_block (status, parts->text);
  append_block (status, parts->url);
  append_block (status, hashtags->str);
  return g_string_free (status, FALSE);
}

static guint
count_parts (const StatusParts *parts)
{
  g_autofree char *status = join_parts (parts);

  return kennis_mastodon_target_count_characters (status);
}

/* @text cut to at most @max characters, at the end of a word, with "…";
 * within one long word, in it. */
static char *
shorten_text (const char *text,
              glong       max)
{
  g_autoptr(GString) shortened = NULL;
  const char *end;
  const char *cut = NULL;

  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  if (max < 2)
    return g_strdup ("");

  /* Room for the "…". */
  end = g_utf8_offset_to_pointer (text, max - 1);
  for (const char *p = text; p <= end; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      cut = p;
  shortened = g_string_new_len (text, (cut != NULL ? cut : end) - text);

  /* "word,…" and "word …" read badly. */
  while (shortened->len > 0)
    {
      const char *last = g_utf8_find_prev_char (shortened->str, shortened->str + shortened->len);
      gunichar c = g_utf8_get_char (last);

      if (!g_unichar_isspace (c) && !g_unichar_ispunct (c))
        break;
      g_string_truncate (shortened, last - shortened->str);
    }
  if (shortened->len == 0)
    return g_strdup ("");
  g_string_append (shortened, "…");
  return g_string_free (g_steal_pointer (&shortened), FALSE);
}

/* Shortens @part (the title or the text) until the status fits, or until
 * the part is gone. Links in it may count for more than their length, so
 * this takes a few rounds. */
static void
shorten_part (StatusParts  *parts,
              char        **part,
              guint         limit)
{
  g_autofree char *whole = g_strdup (*part);
  glong budget = g_utf8_strlen (whole, -1);
  guint length;

  while ((length = count_parts (parts)) > limit && **part != '\0')
    {
      budget -= length - limit;
      g_free (*part);
      *part = shorten_text (whole, budget);
    }
}

static void
fit_parts (StatusParts *parts,
           guint        limit)
{
  shorten_part (parts, &parts->text, limit);
  while (parts->hashtags->len > 0 && count_parts (parts) > limit)
    g_ptr_array_remove_index (parts->hashtags, parts->hashtags->len - 1);
  shorten_part (parts, &parts->title, limit);
}

/* Mastodon takes an ISO 639 code: the language of a BCP 47 tag, "nl" of
 * "nl-BE". */
static char *
dup_language (const char *tag)
{
  gsize length = tag != NULL ? strcspn (tag, "-_") : 0;

  return length > 0 ? g_ascii_strdown (tag, length) : NULL;
}

static char *
dup_idempotency_key (const char *entry_id,
                     guint       index)
{
  if (index == 0)
    return g_strconcat ("kennis-", entry_id, NULL);
  return g_strdup_printf ("kennis-%s-%u", entry_id, index + 1);
}

static JsonNode *
build_status (KennisMastodonTarget *self,
              Job                  *job)
{
  const KennisPost *post = job->request->post;
  g_autofree char *status = kennis_mastodon_target_dup_status (post, self->max_characters);
  g_autofree char *language = dup_language (post->language);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  /* Mastodon keeps a status's audience for good: an edit cannot change it. */
  if (job->request->remote_id == NULL)
    {
      json_builder_set_member_name (builder, "visibility");
      json_builder_add_string_value (builder, job->request->for_public ? "public" : self->visibility);
    }
  if (language != NULL)
    {
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, language);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* --- Settings ------------------------------------------------------------ */

static char *
dup_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strstrip (g_strdup (json_node_get_string (node)));
}

/* The server's address as "https://host[:port]", from what a user types:
 * "mastodon.social" or a profile's address will do. The token must not
 * travel in the clear, so http is for a test server on this computer
 * only. */
static gboolean
set_instance (KennisMastodonTarget *self,
              const char           *text)
{
  g_autofree char *full = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  g_autoptr(GUri) uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0' ||
      !(g_strcmp0 (scheme, "https") == 0 || (g_strcmp0 (scheme, "http") == 0 && g_str_equal (host, "127.0.0.1"))))
    return FALSE;

  self->instance = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host, g_uri_get_port (uri), "", NULL, NULL);
  self->host = g_strdup (host);
  return TRUE;
}

static gboolean
is_visibility (const char *visibility)
{
  /* "direct" would show the entry to nobody but people it mentions. */
  return g_str_equal (visibility, "public") || g_str_equal (visibility, "unlisted") ||
         g_str_equal (visibility, "private");
}

/* --- Requests ------------------------------------------------------------ */

static void
send_request (GTask               *task,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              const char          *idempotency_key,
              GAsyncReadyCallback  callback)
{
  KennisMastodonTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autofree char *url = g_strconcat (self->instance, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", job->token, NULL);
  g_autoptr(SoupMessage) message = kennis_http_message_new (method, url, auth);

  /* The instance was checked when the target was made, and ids are escaped. */
  g_assert (message != NULL);
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Idempotency-Key",
                                  idempotency_key);
  /* The API never redirects, and older libsoup sends the token along to
   * another host: a redirected read is reported too. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
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
  KennisMastodonTarget *self = task_target (task);
  g_autoptr(GError) error = NULL;
  KennisHttpAnswer *answer = kennis_http_answer_finish (self->session, result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, kennis_target_dup_unreachable_error (self->host, error));
      g_object_unref (task);
    }
  return answer;
}

static JsonNode *
json_member (JsonNode   *node,
             const char *member)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object != NULL ? json_object_get_member (object, member) : NULL;
}

/* configuration.statuses.max_characters of /api/v2/instance, or the
 * limit of servers that do not say. */
static guint
read_max_characters (JsonNode *instance)
{
  JsonNode *statuses = json_member (json_member (instance, "configuration"), "statuses");
  JsonNode *value = json_member (statuses, "max_characters");
  gint64 max;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
    return DEFAULT_MAX_CHARACTERS;
  max = json_node_get_int (value);
  return max > 0 && max <= G_MAXUINT ? (guint)max : DEFAULT_MAX_CHARACTERS;
}

/* FALSE, with the task failed, unless the answer is a success. Busy and
 * broken servers are tried again later; a refusal is shown in Mastodon's
 * own words. */
static gboolean
check_answer (GTask  *task,
              KennisHttpAnswer *answer)
{
  KennisMastodonTarget *self = task_target (task);
  const char *says = kennis_http_json_string (answer->json, "error");

  if (answer->status >= 200 && answer->status < 300)
    return TRUE;

  if (answer->status == 429 || answer->status >= 500)
    {
      kennis_target_set_retry_after (KENNIS_TARGET (self), answer->retry_after);
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                               _("%s is busy or has a problem (%u); Kennis will try again."),
                               self->host, answer->status);
    }
  else if (answer->status == 401)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                             /* TRANSLATORS: the server, then the account, e.g. “mastodon.social did not
                              * accept the access token for anna.” */
                             _("%s did not accept the access token for %s. It may have been revoked; add a "
                               "new one in Preferences."), self->host, self->account);
  else if (answer->status >= 300 && answer->status < 400)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                             _("%s sends Kennis on to another address; check the server’s address in the "
                               "settings."), self->host);
  else if (says != NULL)
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                             /* TRANSLATORS: %s is Mastodon's own message, e.g. “Validation failed: Text
                              * can't be blank” */
                             _("Mastodon says: %s"), says);
  else
    g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                             _("Mastodon answered %u: %s"), answer->status, answer->text);
  g_object_unref (task);
  return FALSE;
}

/* --- Publishing ---------------------------------------------------------- */

static void write_status (GTask *task);

static void
status_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GTask *task = data;
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  KennisShareResult *share;
  const char *id;

  if (answer == NULL)
    return;

  /* The status this key made was deleted since (see the top). */
  if (answer->status == 404 && job->request->remote_id == NULL && job->key_index + 1 < MAX_IDEMPOTENCY_KEYS)
    {
      job->key_index++;
      write_status (task);
      return;
    }
  if (!check_answer (task, answer))
    return;

  /* Mastodon's ids are strings, and too large for a double. */
  id = kennis_http_json_string (answer->json, "id");
  if (id == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_FAILED,
                               _("Mastodon answered %u: %s"), answer->status, answer->text);
      g_object_unref (task);
      return;
    }
  share = g_new0 (KennisShareResult, 1);
  share->remote_id = g_strdup (id);
  share->url = g_strdup (kennis_http_json_string (answer->json, "url"));
  g_task_return_pointer (task, share, (GDestroyNotify) kennis_share_result_free);
  g_object_unref (task);
}

static char *
dup_status_path (const char *remote_id)
{
  g_autofree char *escaped = g_uri_escape_string (remote_id, NULL, TRUE);

  return g_strconcat ("/api/v1/statuses/", escaped, NULL);
}

static void
write_status (GTask *task)
{
  Job *job = task_job (task);
  g_autoptr(JsonNode) body = build_status (task_target (task), job);
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;

  if (job->request->remote_id != NULL)
    {
      path = dup_status_path (job->request->remote_id);
      send_request (task, "PUT", path, body, NULL, status_written_cb);
      return;
    }
  key = dup_idempotency_key (job->request->post->id, job->key_index);
  send_request (task, "POST", "/api/v1/statuses", body, key, status_written_cb);
}

static void
finish_check (GTask *task)
{
  KennisMastodonTarget *self = task_target (task);
  Job *job = task_job (task);

  g_task_return_pointer (task,
                         /* TRANSLATORS: the server, the account's handle without its first "@", and
                          * the server's limit for one post */
                         g_strdup_printf (_("Connected to %s as @%s; a post can have %u characters."),
                                          self->host, job->acct, self->max_characters),
                         g_free);
  g_object_unref (task);
}

static void
limit_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  KennisMastodonTarget *self = task_target (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);

  if (answer == NULL)
    return;

  /* Servers before Mastodon 4.0 have no /api/v2/instance. */
  if (answer->status == 404)
    self->max_characters = DEFAULT_MAX_CHARACTERS;
  else if (check_answer (task, answer))
    self->max_characters = read_max_characters (answer->json);
  else
    return;

  if (task_job (task)->kind == JOB_CHECK)
    finish_check (task);
  else
    write_status (task);
}

/* The server's character limit, kept for the statuses that follow. */
static void
fetch_limit (GTask *task)
{
  send_request (task, "GET", "/api/v2/instance", NULL, NULL, limit_cb);
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

  /* Deleted already: what was asked for is true. */
  if (answer->status == 404 || check_answer (task, answer))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
account_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  KennisMastodonTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(KennisHttpAnswer) answer = finish_request (task, result);
  const char *acct;

  if (answer == NULL || !check_answer (task, answer))
    return;

  acct = kennis_http_json_string (answer->json, "acct");
  job->acct = g_strdup (acct != NULL ? acct : self->account);
  fetch_limit (task);
}

static void
run_job (GTask *task)
{
  KennisMastodonTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autofree char *path = NULL;

  switch (job->kind)
    {
    case JOB_PUBLISH:
      if (self->max_characters == 0)
        fetch_limit (task);
      else
        write_status (task);
      break;
    case JOB_WITHDRAW:
      path = dup_status_path (job->request->remote_id);
      send_request (task, "DELETE", path, NULL, NULL, deleted_cb);
      break;
    case JOB_CHECK:
    default:
      send_request (task, "GET", "/api/v1/accounts/verify_credentials", NULL, NULL, account_cb);
      break;
    }
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  KennisMastodonTarget *self = task_target (task);
  Job *job = task_job (task);
  g_autoptr(GError) error = NULL;

  job->token = kennis_credentials_lookup_finish (result, &error);
  if (error != NULL || job->token == NULL)
    {
      g_task_return_new_error (task, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                               /* TRANSLATORS: the account, then the server */
                               _("Kennis has no access token for %s on %s; add it in Preferences."),
                               self->account, self->host);
      g_object_unref (task);
      return;
    }
  run_job (task);
}

static void
start_job (KennisMastodonTarget *self,
           JobKind               kind,
           KennisShareRequest   *request,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->request = request;
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  kennis_credentials_lookup_async (self->instance, self->account, cancellable, token_cb, task);
}

/* --- KennisTarget -------------------------------------------------------- */

static void
kennis_mastodon_target_publish_async (KennisTarget        *target,
                                      KennisShareRequest  *request,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  start_job (KENNIS_MASTODON_TARGET (target), JOB_PUBLISH, request, cancellable, callback, user_data);
}

static void
kennis_mastodon_target_withdraw_async (KennisTarget        *target,
                                       KennisShareRequest  *request,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  KennisMastodonTarget *self = KENNIS_MASTODON_TARGET (target);

  /* Nothing was published: nothing to take down. */
  if (request->remote_id == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      kennis_share_request_free (request);
      g_task_set_source_tag (task, start_job);
      g_task_return_boolean (task, TRUE);
      return;
    }
  start_job (self, JOB_WITHDRAW, request, cancellable, callback, user_data);
}

static void
kennis_mastodon_target_check_async (KennisTarget        *target,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  start_job (KENNIS_MASTODON_TARGET (target), JOB_CHECK, kennis_share_request_new (), cancellable,
             callback, user_data);
}

/* --- The object ---------------------------------------------------------- */

static void
kennis_mastodon_target_dispose (GObject *object)
{
  KennisMastodonTarget *self = (KennisMastodonTarget *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_mastodon_target_parent_class)->dispose (object);
}

static void
kennis_mastodon_target_finalize (GObject *object)
{
  KennisMastodonTarget *self = (KennisMastodonTarget *)object;

  g_free (self->instance);
  g_free (self->host);
  g_free (self->account);
  g_free (self->visibility);

  G_OBJECT_CLASS (kennis_mastodon_target_parent_class)->finalize (object);
}

static char *
secret_key_vfunc (KennisTarget *target)
{
  return kennis_mastodon_target_dup_secret_key (KENNIS_MASTODON_TARGET (target));
}

static const char *
secret_account_vfunc (KennisTarget *target)
{
  return kennis_mastodon_target_get_account (KENNIS_MASTODON_TARGET (target));
}

static void
kennis_mastodon_target_class_init (KennisMastodonTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KennisTargetClass *target_class = KENNIS_TARGET_CLASS (klass);

  object_class->dispose = kennis_mastodon_target_dispose;
  object_class->finalize = kennis_mastodon_target_finalize;
  target_class->publish_async = kennis_mastodon_target_publish_async;
  target_class->withdraw_async = kennis_mastodon_target_withdraw_async;
  target_class->check_async = kennis_mastodon_target_check_async;
  target_class->dup_secret_key = secret_key_vfunc;
  target_class->get_secret_account = secret_account_vfunc;
}

static void
kennis_mastodon_target_init (KennisMastodonTarget *self)
{
  self->session = kennis_http_session_new ();
}

/* --- Public API ---------------------------------------------------------- */

/**
 * kennis_mastodon_target_new:
 *
 * Returns: (transfer full): the target, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the server or the account is missing
 *   or the visibility is unknown
 */
KennisMastodonTarget *
kennis_mastodon_target_new (gint64       id,
                            const char  *name,
                            const char  *config,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KennisMastodonTarget) self = NULL;
  g_autofree char *instance = NULL;
  JsonObject *object = NULL;

  if (config != NULL && json_parser_load_from_data (parser, config, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  self = g_object_new (KENNIS_TYPE_MASTODON_TARGET, "id", id, "name", name, NULL);
  instance = dup_member (object, "instance");
  self->account = dup_member (object, "account");
  self->visibility = dup_member (object, "visibility");
  if (*self->visibility == '\0')
    {
      g_free (self->visibility);
      self->visibility = g_strdup ("unlisted");
    }

  if (!set_instance (self, instance) || *self->account == '\0')
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: %s is the name of a place to share to */
                   _("“%s” needs the Mastodon server’s address (https://…) and the account."), name);
      return NULL;
    }
  if (!is_visibility (self->visibility))
    {
      g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                   /* TRANSLATORS: the name of a place to share to, then what its settings say; keep the
                    * three quoted words as they are */
                   _("“%s” has the visibility “%s”; Mastodon knows “public”, “unlisted” and “private”."),
                   name, self->visibility);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* The keyring holds the access token under this and the account. */
char *
kennis_mastodon_target_dup_secret_key (KennisMastodonTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_MASTODON_TARGET (self), NULL);
  return g_strdup (self->instance);
}

const char *
kennis_mastodon_target_get_account (KennisMastodonTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_MASTODON_TARGET (self), NULL);
  return self->account;
}

/**
 * kennis_mastodon_target_count_characters:
 *
 * Counts @status as Mastodon does for its limit, every link as 23, but
 * by code points: never fewer than Mastodon's graphemes.
 */
guint
kennis_mastodon_target_count_characters (const char *status)
{
  guint count = 0;
  gunichar before = ' ';

  g_return_val_if_fail (status != NULL, 0);

  for (const char *p = status; *p != '\0'; )
    {
      /* A link starts a word: "xhttps://…" is not one. */
      gsize url = g_unichar_isalnum (before) || before == '@' || before == '#' || before == '$' ? 0
                  : measure_url (p);

      if (url > 0)
        {
          count += URL_CHARACTERS;
          before = '/';
          p += url;
          continue;
        }
      before = g_utf8_get_char (p);
      count++;
      p = g_utf8_next_char (p);
    }
  return count;
}

/**
 * kennis_mastodon_target_dup_status:
 * @max_characters: the server's limit, or 0 for Mastodon's default
 *
 * The status Kennis posts for @post: the title, the text, the link and
 * hashtags from the tags, separated by blank lines, shortened to fit.
 *
 * Returns: (transfer full): plain text
 */
char *
kennis_mastodon_target_dup_status (const KennisPost *post,
                                   guint             max_characters)
{
  g_auto(StatusParts) parts = { NULL, };

  g_return_val_if_fail (post != NULL, NULL);

  /* A link without a title of its own is titled by its address, which the
   * status shows already. */
  parts.title = g_strdup (post->title == NULL || g_strcmp0 (post->title, post->url) == 0 ? "" : post->title);
  parts.text = g_strstrip (g_strdup (post->text != NULL ? post->text : ""));
  parts.url = post->url;
  parts.hashtags = collect_hashtags (post->tags);
  fit_parts (&parts, max_characters > 0 ? max_characters : DEFAULT_MAX_CHARACTERS);
  return join_parts (&parts);
}

/**
 * kennis_mastodon_target_build_config:
 *
 * Returns: (transfer full): the settings of a Mastodon target, as JSON
 */
char *
kennis_mastodon_target_build_config (const char *instance,
                                     const char *account,
                                     const char *visibility)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instance");
  json_builder_add_string_value (builder, instance);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "visibility");
  json_builder_add_string_value (builder, visibility != NULL ? visibility : "unlisted");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
