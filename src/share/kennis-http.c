/* kennis-http.c — what every place Kennis shares to does the same over
 * HTTP: the session, the request, and reading the answer
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-http.h"
#include "kennis-url.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define MAX_TIMEOUT_SECONDS 600
#define TEXT_LENGTH 200

/* KENNIS_HTTP_TIMEOUT gives a slow intranet server more time, or a test
 * less. */
static guint
timeout_seconds (void)
{
  const char *value = g_getenv ("KENNIS_HTTP_TIMEOUT");
  guint64 seconds = 0;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, MAX_TIMEOUT_SECONDS, &seconds, NULL))
    return (guint)seconds;
  return DEFAULT_TIMEOUT_SECONDS;
}

/**
 * kennis_http_session_new:
 *
 * A session for talking to blogs and servers: Kennis's user agent, and a
 * time limit on every request, after which a share is tried again later.
 * Certificates are checked as libsoup always does.
 *
 * Returns: (transfer full): the session
 */
SoupSession *
kennis_http_session_new (void)
{
  return soup_session_new_with_options ("user-agent", "Kennis/" PACKAGE_VERSION " ",
                                        "timeout", timeout_seconds (), NULL);
}

/**
 * kennis_http_message_new:
 * @authorization: (nullable): the Authorization header's value
 *
 * A request that never follows a redirect when it writes: libsoup
 * re-sends a redirected POST as a GET without its body, so a redirected
 * write is reported, never silently turned into a read.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL when @url is
 *   no address libsoup can send to
 */
SoupMessage *
kennis_http_message_new (const char *method,
                         const char *url,
                         const char *authorization)
{
  SoupMessage *message = soup_message_new (method, url);

  if (message == NULL)
    return NULL;
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  if (!g_str_equal (method, "GET"))
    soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  return message;
}

void
kennis_http_message_set_json (SoupMessage *message,
                              JsonNode    *body)
{
  g_autofree char *data = json_to_string (body, FALSE);
  gsize length = strlen (data);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), length);

  /* libsoup takes a reference of its own. */
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
}

/* Seconds until @when, rounded up; 0 for a time gone by or none. */
static guint
seconds_until (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (when == NULL || g_date_time_compare (when, now) <= 0)
    return 0;
  return (guint)MIN ((g_date_time_difference (when, now) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, G_MAXUINT);
}

/**
 * kennis_http_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds, or an HTTP date
 *
 * Returns: the seconds to wait, or 0
 */
guint
kennis_http_parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint)seconds;
  when = soup_date_time_new_from_http_string (value);
  return seconds_until (when);
}

/* Retry-After, or else X-RateLimit-Reset (an ISO 8601 time), which is
 * what Mastodon's rate limits send. */
static guint
read_wait (SoupMessageHeaders *headers)
{
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  g_autoptr(GDateTime) when = NULL;

  if (retry_after != NULL)
    return kennis_http_parse_retry_after (retry_after);
  if (reset != NULL)
    when = g_date_time_new_from_iso8601 (reset, NULL);
  return seconds_until (when);
}

/**
 * kennis_http_answer_finish:
 *
 * Finishes soup_session_send_and_read_async().
 *
 * Returns: (transfer full) (nullable): what came back, whatever its
 *   status, or %NULL with @error set when nothing did
 */
KennisHttpAnswer *
kennis_http_answer_finish (SoupSession   *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (session, result, error);
  g_autoptr(JsonParser) parser = NULL;
  KennisHttpAnswer *self;
  gsize length = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;

  self = g_new0 (KennisHttpAnswer, 1);
  self->message = g_object_ref (soup_session_get_async_result_message (session, result));
  self->status = soup_message_get_status (self->message);
  self->retry_after = read_wait (soup_message_get_response_headers (self->message));
  data = g_bytes_get_data (bytes, &length);
  self->text = g_utf8_make_valid (data != NULL ? data : "", MIN (length, TEXT_LENGTH));
  parser = json_parser_new ();
  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    self->json = json_node_ref (json_parser_get_root (parser));
  self->body = g_steal_pointer (&bytes);
  return self;
}

/**
 * kennis_http_answer_get_header:
 *
 * Returns: (nullable): the header, its values joined when it came more
 *   than once
 */
const char *
kennis_http_answer_get_header (KennisHttpAnswer *self,
                               const char       *name)
{
  return soup_message_headers_get_list (soup_message_get_response_headers (self->message), name);
}

/**
 * kennis_http_answer_dup_url:
 *
 * Returns: (transfer full): where the answer came from, after any redirect
 */
char *
kennis_http_answer_dup_url (KennisHttpAnswer *self)
{
  return g_uri_to_string (soup_message_get_uri (self->message));
}

/**
 * kennis_http_answer_dup_location:
 *
 * Returns: (transfer full) (nullable): the Location header as a whole
 *   address, or %NULL
 */
char *
kennis_http_answer_dup_location (KennisHttpAnswer *self)
{
  const char *location = kennis_http_answer_get_header (self, "Location");
  g_autofree char *base = kennis_http_answer_dup_url (self);

  return location != NULL ? g_uri_resolve_relative (base, location, G_URI_FLAGS_NONE, NULL) : NULL;
}

void
kennis_http_answer_free (KennisHttpAnswer *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->message);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self->text);
  g_free (self);
}

/**
 * kennis_http_json_string:
 * @node: (nullable): a JSON object
 *
 * Returns: (nullable): the string @member of @node, or %NULL when it is
 *   missing or not a string
 */
const char *
kennis_http_json_string (JsonNode   *node,
                         const char *member)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *value = object != NULL ? json_object_get_member (object, member) : NULL;

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
         ? json_node_get_string (value) : NULL;
}

/**
 * kennis_http_is_same_server:
 * @site: the address the user gave
 * @url: an address a page of @site named, e.g. its API
 *
 * A password goes to an API a site's page names only when it is on the
 * site's own host and does not drop https.
 */
gboolean
kennis_http_is_same_server (const char *site,
                            const char *url)
{
  g_autoptr(GUri) site_uri = g_uri_parse (site, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (site_uri == NULL || uri == NULL || !kennis_uri_is_web (uri) ||
      g_ascii_strcasecmp (g_uri_get_host (site_uri), g_uri_get_host (uri)) != 0)
    return FALSE;
  return g_strcmp0 (g_uri_get_scheme (site_uri), "https") != 0 || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;
}
