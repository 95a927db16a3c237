/* kennis-link-fetcher.c — fetches a web page's title and description for a link entry
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "kennis-link-fetcher.h"
#include "kennis-url.h"

#define CHUNK_SIZE (64 * 1024)

struct _KennisLinkFetcher
{
  GObject      parent_instance;
  SoupSession *session;
  guint        timeout;
};

/* One fetch, from the first request to the last byte read. */
typedef struct
{
  GCancellable *cancellable;         /* ours: cancelled by the deadline or by the caller's */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         deadline_id;
  guint         timeout;
  gboolean      timed_out;
  GUri         *uri;                 /* what is being fetched now */
  GUri         *redirect;            /* where to go once this response is closed */
  guint         n_redirects;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  char         *charset;
  GError       *error;               /* to return once this response is closed */
} Fetch;

static void send_request  (GTask        *task);
static void chunk_read_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

G_DEFINE_FINAL_TYPE (KennisLinkFetcher, kennis_link_fetcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (kennis-link-fetcher-error-quark, kennis_link_fetcher_error)

/* Stops the deadline and the link to the caller's cancellable. The handler
 * is disconnected directly: g_cancellable_disconnect() would deadlock when
 * the caller's cancel is what brought the fetch to its end. */
static void
stop_watching (Fetch *fetch)
{
  g_clear_handle_id (&fetch->deadline_id, g_source_remove);
  if (fetch->caller_cancellable != NULL)
    g_clear_signal_handler (&fetch->caller_handler, fetch->caller_cancellable);
}

static void
fetch_free (Fetch *fetch)
{
  stop_watching (fetch);
  g_clear_object (&fetch->caller_cancellable);
  g_clear_object (&fetch->cancellable);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_pointer (&fetch->redirect, g_uri_unref);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_clear_pointer (&fetch->charset, g_free);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

/* An http or https URL with a host, the only kind a link entry fetches. */
static GUri *
parse_web_uri (GUri       *base,
               const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (base != NULL)
    uri = g_uri_parse_relative (base, text, SOUP_HTTP_URI_FLAGS, NULL);
  else
    uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !kennis_uri_is_web (uri))
    return NULL;
  return g_steal_pointer (&uri);
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND ||
         status == SOUP_STATUS_SEE_OTHER || status == SOUP_STATUS_TEMPORARY_REDIRECT ||
         status == SOUP_STATUS_PERMANENT_REDIRECT;
}

static void
set_status_error (Fetch   *fetch,
                  GError **error)
{
  guint status = soup_message_get_status (fetch->message);
  const char *reason = soup_message_get_reason_phrase (fetch->message);

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);
  g_set_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_HTTP,
               /* TRANSLATORS: an HTTP status, e.g. "The server answered 404 Not Found." */
               _("The server answered %u %s."), status, reason);
}

/* Where the redirect in the current response leads, or NULL with @error set. */
static GUri *
follow_redirect (Fetch   *fetch,
                 GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  GUri *next;

  if (location == NULL)
    {
      set_status_error (fetch, error);
      return NULL;
    }
  if (fetch->n_redirects == KENNIS_LINK_FETCHER_MAX_REDIRECTS)
    {
      g_set_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_REDIRECTS,
                   _("The page sends Kennis on to other addresses more than %d times."),
                   KENNIS_LINK_FETCHER_MAX_REDIRECTS);
      return NULL;
    }

  next = parse_web_uri (fetch->uri, location);
  if (next == NULL)
    {
      g_set_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_UNSUPPORTED,
                   _("The page sends Kennis on to “%s”, which is not a web address Kennis "
                     "can open (only http and https)."),
                   location);
      return NULL;
    }
  fetch->n_redirects++;
  return next;
}

/* A missing Content-Type counts as HTML: sniffing would gain little. */
static gboolean
check_content_type (Fetch   *fetch,
                    GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  GHashTable *params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  gboolean html = type == NULL || g_ascii_strcasecmp (type, "text/html") == 0 ||
                  g_ascii_strcasecmp (type, "application/xhtml+xml") == 0;

  if (html && params != NULL)
    fetch->charset = g_strdup (g_hash_table_lookup (params, "charset"));
  else if (!html)
    g_set_error (error, KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_NOT_HTML,
                 /* TRANSLATORS: %s is a media type, e.g. "application/pdf" */
                 _("The link leads to a file of type “%s”, not to a web page."), type);
  g_clear_pointer (&params, g_hash_table_destroy);
  return html;
}

/* Cancelling our own cancellable is how the deadline stops the fetch; the
 * error that comes back then says so. */
static GError *
explain_error (Fetch  *fetch,
               GError *error)
{
  if (!fetch->timed_out || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_error_free (error);
  return g_error_new (KENNIS_LINK_FETCHER_ERROR, KENNIS_LINK_FETCHER_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The page did not answer within %u second.",
                                   "The page did not answer within %u seconds.",
                                   fetch->timeout),
                      fetch->timeout);
}

static void
complete (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  stop_watching (fetch);
  if (fetch->error != NULL)
    {
      g_task_return_error (task, explain_error (fetch, g_steal_pointer (&fetch->error)));
      return;
    }

  url = g_uri_to_string (fetch->uri);
  g_task_return_pointer (task,
                         kennis_link_info_parse_html ((const char *)fetch->body->data,
                                                      fetch->body->len, fetch->charset, url),
                         (GDestroyNotify)kennis_link_info_free);
}

static void
response_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  /* What was read stays good when closing the connection fails. */
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  g_clear_object (&fetch->stream);

  if (fetch->redirect != NULL)
    {
      g_uri_unref (fetch->uri);
      fetch->uri = g_steal_pointer (&fetch->redirect);
      send_request (task);
      return;
    }
  complete (task);
}

/* Ends the current response, with @error or without, then goes on to the
 * next request or to the result. Closing stops libsoup from reading the
 * rest of a body: the connection is dropped instead. */
static void
end_response (GTask  *task,
              GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_assert (fetch->error == NULL);
  fetch->error = error;
  if (fetch->stream == NULL)
    {
      complete (task);
      return;
    }
  g_input_stream_close_async (fetch->stream, G_PRIORITY_DEFAULT, NULL, response_closed_cb,
                              g_object_ref (task));
}

static void
read_chunk (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  gsize wanted = MIN (CHUNK_SIZE, KENNIS_LINK_FETCHER_MAX_BYTES - fetch->body->len);

  g_input_stream_read_bytes_async (fetch->stream, wanted, G_PRIORITY_DEFAULT, fetch->cancellable,
                                   chunk_read_cb, g_object_ref (task));
}

static void
chunk_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                              &error);

  if (chunk == NULL)
    {
      end_response (task, error);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  /* An empty chunk is the end of the body; past the limit the rest is
   * never read. */
  if (g_bytes_get_size (chunk) == 0 || fetch->body->len >= KENNIS_LINK_FETCHER_MAX_BYTES)
    {
      end_response (task, NULL);
      return;
    }
  read_chunk (task);
}

static void
response_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      end_response (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (is_redirect (status))
    {
      fetch->redirect = follow_redirect (fetch, &error);
      end_response (task, error);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      set_status_error (fetch, &error);
      end_response (task, error);
      return;
    }
  if (!check_content_type (fetch, &error))
    {
      end_response (task, error);
      return;
    }

  fetch->body = g_byte_array_new ();
  read_chunk (task);
}

/* Redirects are followed here rather than by libsoup, to limit them and to
 * refuse one that leads away from the web. */
static void
send_request (GTask *task)
{
  KennisLinkFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  g_clear_object (&fetch->message);
  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);
  soup_message_set_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message), "Accept",
                                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
  soup_session_send_async (self->session, fetch->message, G_PRIORITY_DEFAULT, fetch->cancellable,
                           response_sent_cb, g_object_ref (task));
}

/* The socket timeout of libsoup applies to each read on its own; this
 * bounds the whole fetch. */
static gboolean
deadline_passed_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->deadline_id = 0;
  fetch->timed_out = TRUE;
  /* This may end the fetch and free @fetch before it returns. */
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
kennis_link_fetcher_dispose (GObject *object)
{
  KennisLinkFetcher *self = KENNIS_LINK_FETCHER (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (kennis_link_fetcher_parent_class)->dispose (object);
}

static void
kennis_link_fetcher_class_init (KennisLinkFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kennis_link_fetcher_dispose;
}

static void
kennis_link_fetcher_init (KennisLinkFetcher *self)
{
  /* The trailing space makes libsoup add its own name and version. */
  self->session = soup_session_new_with_options ("user-agent", "Kennis/" PACKAGE_VERSION " ",
                                                 NULL);
  self->timeout = KENNIS_LINK_FETCHER_TIMEOUT;
}

/**
 * kennis_link_fetcher_new:
 *
 * Returns: (transfer full): a fetcher with its own HTTP session
 */
KennisLinkFetcher *
kennis_link_fetcher_new (void)
{
  return g_object_new (KENNIS_TYPE_LINK_FETCHER, NULL);
}

/**
 * kennis_link_fetcher_set_timeout:
 * @self: a #KennisLinkFetcher
 * @seconds: how long a whole fetch may take, from the first request on
 *
 * Sets the deadline of the fetches started from now on.
 */
void
kennis_link_fetcher_set_timeout (KennisLinkFetcher *self,
                                 guint              seconds)
{
  g_return_if_fail (KENNIS_IS_LINK_FETCHER (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

/**
 * kennis_link_fetcher_fetch_async:
 * @self: a #KennisLinkFetcher
 * @url: an http or https URL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the page's metadata is read
 * @user_data: data for @callback
 *
 * Reads at most %KENNIS_LINK_FETCHER_MAX_BYTES of the page at @url, after
 * at most %KENNIS_LINK_FETCHER_MAX_REDIRECTS redirects, within the
 * fetcher's timeout.
 */
void
kennis_link_fetcher_fetch_async (KennisLinkFetcher   *self,
                                 const char          *url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = NULL;
  GUri *uri;
  Fetch *fetch;

  g_return_if_fail (KENNIS_IS_LINK_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kennis_link_fetcher_fetch_async);

  stripped = g_strstrip (g_strdup (url));
  uri = parse_web_uri (NULL, stripped);
  if (uri == NULL)
    {
      g_task_return_new_error (task, KENNIS_LINK_FETCHER_ERROR,
                               KENNIS_LINK_FETCHER_ERROR_UNSUPPORTED,
                               _("“%s” is not a web address Kennis can open (only http and https)."),
                               url);
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->uri = uri;
  fetch->timeout = self->timeout;
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify)fetch_free);

  if (cancellable != NULL)
    {
      fetch->caller_cancellable = g_object_ref (cancellable);
      fetch->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                     g_object_ref (fetch->cancellable),
                                                     g_object_unref);
    }
  fetch->deadline_id = g_timeout_add_seconds (fetch->timeout, deadline_passed_cb, fetch);
  send_request (task);
}

/**
 * kennis_link_fetcher_fetch_finish:
 * @self: a #KennisLinkFetcher
 * @result: the result given to the callback
 * @error: a #KennisLinkFetcherError, a #GIOError (%G_IO_ERROR_CANCELLED
 *   when the caller cancelled), a #GTlsError or a #GResolverError
 *
 * Returns: (transfer full): what the page says about itself, or %NULL
 */
KennisLinkInfo *
kennis_link_fetcher_fetch_finish (KennisLinkFetcher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (KENNIS_IS_LINK_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kennis_link_fetcher_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
