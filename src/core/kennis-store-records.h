/* kennis-store-records.h — the whole notebook in and out, for importers
 * and exporters
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-record.h"
#include "kennis-store.h"

G_BEGIN_DECLS

/* Called on the thread that imports, every few hundred records. */
typedef void (*KennisStoreProgressFunc) (guint    done,
                                         guint    total,
                                         gpointer user_data);

typedef struct
{
  guint added;
  guint skipped;  /* already in the notebook, or twice in the import */
} KennisImportCounts;

gboolean         kennis_store_import_records (KennisStore              *self,
                                              KennisRecordSet          *set,
                                              KennisStoreProgressFunc   progress,
                                              gpointer                  progress_data,
                                              GCancellable             *cancellable,
                                              KennisImportCounts       *counts,
                                              GError                  **error);
KennisRecordSet *kennis_store_read_records   (KennisStore              *self,
                                              GCancellable             *cancellable,
                                              GError                  **error);

G_END_DECLS
