/* kennis-transfer.h — importing files into the notebook and exporting it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-store-records.h"

G_BEGIN_DECLS

typedef enum
{
  KENNIS_TRANSFER_FORMAT_AUTO,       /* importing: guessed from the file */
  KENNIS_TRANSFER_FORMAT_JSON,       /* Kennis's own, every field */
  KENNIS_TRANSFER_FORMAT_BOOKMARKS,  /* Netscape bookmark HTML */
  KENNIS_TRANSFER_FORMAT_MARKDOWN,   /* a folder of Markdown files */
} KennisTransferFormat;

gboolean         kennis_transfer_format_from_string (const char               *name,
                                                     KennisTransferFormat     *format);

KennisRecordSet *kennis_transfer_read          (GFile                    *file,
                                                KennisTransferFormat      format,
                                                GCancellable             *cancellable,
                                                GError                  **error);
gboolean         kennis_transfer_write         (KennisRecordSet          *set,
                                                GFile                    *file,
                                                KennisTransferFormat      format,
                                                GCancellable             *cancellable,
                                                guint                    *n_written,
                                                GError                  **error);

gboolean         kennis_transfer_import        (KennisStore              *store,
                                                GFile                    *file,
                                                KennisTransferFormat      format,
                                                KennisStoreProgressFunc   progress,
                                                gpointer                  progress_data,
                                                GCancellable             *cancellable,
                                                KennisImportCounts       *counts,
                                                GError                  **error);
void             kennis_transfer_import_async  (KennisStore              *store,
                                                GFile                    *file,
                                                KennisTransferFormat      format,
                                                KennisStoreProgressFunc   progress,
                                                gpointer                  progress_data,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean         kennis_transfer_import_finish (KennisStore              *store,
                                                GAsyncResult             *result,
                                                KennisImportCounts       *counts,
                                                GError                  **error);

gboolean         kennis_transfer_export        (KennisStore              *store,
                                                GFile                    *file,
                                                KennisTransferFormat      format,
                                                GCancellable             *cancellable,
                                                guint                    *n_exported,
                                                GError                  **error);
void             kennis_transfer_export_async  (KennisStore              *store,
                                                GFile                    *file,
                                                KennisTransferFormat      format,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean         kennis_transfer_export_finish (KennisStore              *store,
                                                GAsyncResult             *result,
                                                guint                    *n_exported,
                                                GError                  **error);

G_END_DECLS
