/* kennis-target.h — where shared entries go: the base every kind of target extends
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-post.h"
#include "kennis-share-records.h"

G_BEGIN_DECLS

#define KENNIS_TARGET_ERROR (kennis_target_error_quark ())

typedef enum
{
  KENNIS_TARGET_ERROR_FAILED,
  KENNIS_TARGET_ERROR_CONFIG,      /* the target's settings are incomplete or wrong */
  KENNIS_TARGET_ERROR_TEMPORARY,   /* worth retrying later (network, busy, 5xx) */
} KennisTargetError;

/* What a target is asked to publish or withdraw. Plain data, made on the
 * main thread and read by workers. */
typedef struct
{
  KennisPost  *post;         /* the entry as it is now */
  char        *remote_id;    /* from the previous publication, or NULL */
  GStrv        old_tags;     /* the tags it was published with before, or NULL */
  gboolean     for_public;   /* the entry is for the Public audience (Mastodon's visibility follows it) */
  GPtrArray   *site_posts;   /* KennisPost, for site-like targets: every post at the target,
                              * newest first; with @post when publishing, without it when
                              * withdrawing */
} KennisShareRequest;

/* What a publication produced. */
typedef struct
{
  char *remote_id;           /* how the target names the copy */
  char *url;                 /* where a reader finds it */
} KennisShareResult;

#define KENNIS_TYPE_TARGET (kennis_target_get_type ())

G_DECLARE_DERIVABLE_TYPE (KennisTarget, kennis_target, KENNIS, TARGET, GObject)

struct _KennisTargetClass
{
  GObjectClass parent_class;

  /* Publishes the post, or replaces the copy named by request->remote_id.
   * Takes ownership of @request, which a worker thread may read. */
  void                (*publish_async)  (KennisTarget        *self,
                                         KennisShareRequest  *request,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
  /* Removes the copy named by request->remote_id; takes @request. */
  void                (*withdraw_async) (KennisTarget        *self,
                                         KennisShareRequest  *request,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
  /* Checks the settings and says in a sentence what was found. */
  void                (*check_async)    (KennisTarget        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

  /* Where the keyring keeps the target's password or token: the server's
   * address and the account there. NULL for targets that need none. */
  char               *(*dup_secret_key)     (KennisTarget        *self);
  const char         *(*get_secret_account) (KennisTarget        *self);

  /* The settings with what the target found out since it was made (an
   * API's address, a chosen blog), or NULL when it found nothing to keep. */
  char               *(*dup_config)         (KennisTarget        *self);

  /* Site-like targets rewrite their index and feeds, so a request for them
   * carries every other post at the target. */
  gboolean needs_site_posts;

  gpointer padding[5];
};

GQuark              kennis_target_error_quark    (void);

KennisTarget       *kennis_target_new_from_info  (const KennisTargetInfo *info,
                                                  GError                **error);
gint64              kennis_target_get_id         (KennisTarget           *self);
const char         *kennis_target_get_name       (KennisTarget           *self);
gboolean            kennis_target_is_site        (KennisTarget           *self);

void                kennis_target_publish_async  (KennisTarget           *self,
                                                  KennisShareRequest     *request,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
KennisShareResult  *kennis_target_publish_finish (KennisTarget           *self,
                                                  GAsyncResult           *result,
                                                  GError                **error);
void                kennis_target_withdraw_async (KennisTarget           *self,
                                                  KennisShareRequest     *request,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean            kennis_target_withdraw_finish (KennisTarget          *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
void                kennis_target_check_async    (KennisTarget           *self,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
char               *kennis_target_check_finish   (KennisTarget           *self,
                                                  GAsyncResult           *result,
                                                  GError                **error);

void                kennis_target_set_retry_after  (KennisTarget        *self,
                                                    guint                seconds);
guint               kennis_target_take_retry_after (KennisTarget        *self);
GError             *kennis_target_dup_transport_error (const char       *server,
                                                     const GError     *error);
GError             *kennis_target_dup_unreachable_error (const char     *server,
                                                        const GError   *error);
char               *kennis_target_dup_secret_key   (KennisTarget        *self);
const char         *kennis_target_get_secret_account (KennisTarget      *self);
char               *kennis_target_dup_config     (KennisTarget           *self);
char               *kennis_target_config_set_strings (const char         *config,
                                                  const char             *first_member,
                                                  ...) G_GNUC_NULL_TERMINATED;

KennisShareRequest *kennis_share_request_new     (void);
void                kennis_share_request_free    (KennisShareRequest     *self);
void                kennis_share_result_free     (KennisShareResult      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisShareRequest, kennis_share_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisShareResult, kennis_share_result_free)

G_END_DECLS
