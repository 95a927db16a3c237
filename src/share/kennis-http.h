/* kennis-http.h — what every place Kennis shares to does the same over
 * HTTP: the session, the request, and reading the answer
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What came back from one request. */
typedef struct
{
  SoupMessage *message;
  guint        status;
  GBytes      *body;
  JsonNode    *json;         /* NULL when the body is not JSON */
  char        *text;         /* the start of the body as valid UTF-8, for messages */
  guint        retry_after;  /* seconds a busy server asked Kennis to wait, or 0 */
} KennisHttpAnswer;

SoupSession      *kennis_http_session_new        (void);
SoupMessage      *kennis_http_message_new        (const char        *method,
                                                  const char        *url,
                                                  const char        *authorization);
void              kennis_http_message_set_json   (SoupMessage       *message,
                                                  JsonNode          *body);

KennisHttpAnswer *kennis_http_answer_finish      (SoupSession       *session,
                                                  GAsyncResult      *result,
                                                  GError           **error);
const char       *kennis_http_answer_get_header  (KennisHttpAnswer  *self,
                                                  const char        *name);
char             *kennis_http_answer_dup_url     (KennisHttpAnswer  *self);
char             *kennis_http_answer_dup_location (KennisHttpAnswer *self);
void              kennis_http_answer_free        (KennisHttpAnswer  *self);

const char       *kennis_http_json_string        (JsonNode          *node,
                                                  const char        *member);
guint             kennis_http_parse_retry_after  (const char        *value);
gboolean          kennis_http_is_same_server     (const char        *site,
                                                  const char        *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisHttpAnswer, kennis_http_answer_free)

G_END_DECLS
