/* kennis-store-sharing.h — targets, routes, shares and the outbox in the notebook file
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-share-records.h"
#include "kennis-store.h"

G_BEGIN_DECLS

/* Targets and routes */
GPtrArray        *kennis_store_list_targets      (KennisStore         *self,
                                                  GError             **error);
KennisTargetInfo *kennis_store_get_target        (KennisStore         *self,
                                                  gint64               id,
                                                  GError             **error);
KennisTargetInfo *kennis_store_find_target       (KennisStore         *self,
                                                  const char          *name,
                                                  GError             **error);
KennisTargetInfo *kennis_store_add_target        (KennisStore         *self,
                                                  const char          *kind,
                                                  const char          *name,
                                                  const char          *config,
                                                  GError             **error);
gboolean          kennis_store_update_target     (KennisStore         *self,
                                                  gint64               id,
                                                  const char          *name,
                                                  const char          *config,
                                                  GError             **error);
gboolean          kennis_store_replace_target_config (KennisStore     *self,
                                                      gint64           id,
                                                      const char      *old,
                                                      const char      *config,
                                                      GError         **error);
gboolean          kennis_store_remove_target     (KennisStore         *self,
                                                  gint64               id,
                                                  GError             **error);
gboolean          kennis_store_set_route         (KennisStore         *self,
                                                  gint64               audience_id,
                                                  gint64               target_id,
                                                  gboolean             routed,
                                                  GError             **error);
GArray           *kennis_store_route_audiences   (KennisStore         *self,
                                                  const gint64        *audiences,
                                                  guint                n_audiences,
                                                  GError             **error);

/* Shares and their trail */
GPtrArray        *kennis_store_list_shares       (KennisStore         *self,
                                                  gint64               entry_num,
                                                  GError             **error);
char             *kennis_store_claim_slug        (KennisStore         *self,
                                                  gint64               entry_num,
                                                  gint64               target_id,
                                                  const char          *wanted,
                                                  GError             **error);
gboolean          kennis_store_record_shared     (KennisStore         *self,
                                                  gint64               entry_num,
                                                  gint64               target_id,
                                                  const char          *remote_id,
                                                  const char          *url,
                                                  const char          *content_hash,
                                                  const char          *snapshot,
                                                  GError             **error);
gboolean          kennis_store_record_withdrawn  (KennisStore         *self,
                                                  gint64               entry_num,
                                                  gint64               target_id,
                                                  GError             **error);
gboolean          kennis_store_record_failure    (KennisStore         *self,
                                                  gint64               entry_num,
                                                  gint64               target_id,
                                                  const char          *detail,
                                                  GError             **error);
GArray           *kennis_store_shared_entries    (KennisStore         *self,
                                                  GError             **error);
GArray           *kennis_store_shared_nums       (KennisStore         *self,
                                                  gint64               target_id,
                                                  GError             **error);
GPtrArray        *kennis_store_list_share_events (KennisStore         *self,
                                                  gint64               entry_num,
                                                  GError             **error);
GPtrArray        *kennis_store_read_snapshots    (const char          *path,
                                                  gint64               target_id,
                                                  gint64               except_entry,
                                                  GError             **error);

/* The outbox */
gint64            kennis_store_outbox_add        (KennisStore         *self,
                                                  gint64               entry_num,
                                                  gint64               target_id,
                                                  KennisOutboxAction   action,
                                                  GError             **error);
KennisOutboxJob  *kennis_store_outbox_next       (KennisStore         *self,
                                                  GDateTime           *now,
                                                  GError             **error);
gboolean          kennis_store_outbox_take       (KennisStore         *self,
                                                  gint64               job_id,
                                                  GDateTime           *now,
                                                  GDateTime           *until,
                                                  GError             **error);
gboolean          kennis_store_outbox_renew      (KennisStore         *self,
                                                  gint64               job_id,
                                                  GDateTime           *until,
                                                  GError             **error);
gboolean          kennis_store_outbox_release    (KennisStore         *self,
                                                  gint64               job_id,
                                                  GError             **error);
gboolean          kennis_store_outbox_finish     (KennisStore         *self,
                                                  gint64               job_id,
                                                  GError             **error);
gboolean          kennis_store_outbox_postpone   (KennisStore         *self,
                                                  gint64               job_id,
                                                  const char          *why,
                                                  GDateTime           *next_attempt,
                                                  GError             **error);
gboolean          kennis_store_outbox_fail       (KennisStore         *self,
                                                  gint64               job_id,
                                                  const char          *why,
                                                  GError             **error);
gboolean          kennis_store_outbox_retry      (KennisStore         *self,
                                                  gint64               job_id,
                                                  GError             **error);
gboolean          kennis_store_outbox_wake       (KennisStore         *self,
                                                  GError             **error);
gboolean          kennis_store_outbox_cancel     (KennisStore         *self,
                                                  gint64               job_id,
                                                  GError             **error);
GPtrArray        *kennis_store_outbox_list       (KennisStore         *self,
                                                  GError             **error);

G_END_DECLS
