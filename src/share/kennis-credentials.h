/* kennis-credentials.h — passwords and tokens for targets, kept out of the
 * notebook: the system keyring, or a file the user is warned about
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KENNIS_CREDENTIALS_KEYRING,  /* libsecret on Linux, Credential Manager on Windows */
  KENNIS_CREDENTIALS_FILE,     /* no keyring runs: an owner-only file, not encrypted */
} KennisCredentialsBackend;

/* The file used without a keyring; its name says what it is. */
#define KENNIS_CREDENTIALS_FILE_NAME "passwords-not-encrypted.ini"

KennisCredentialsBackend kennis_credentials_get_backend  (void);
void                     kennis_credentials_get_backend_async  (GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
KennisCredentialsBackend kennis_credentials_get_backend_finish (GAsyncResult        *result,
                                                                GError             **error);
char                    *kennis_credentials_dup_file_path (void);
char                    *kennis_credentials_dup_file_warning (void);

gboolean  kennis_credentials_store         (const char           *target,
                                            const char           *account,
                                            const char           *secret,
                                            GCancellable         *cancellable,
                                            GError              **error);
char     *kennis_credentials_lookup        (const char           *target,
                                            const char           *account,
                                            GCancellable         *cancellable,
                                            GError              **error);
gboolean  kennis_credentials_clear         (const char           *target,
                                            const char           *account,
                                            GCancellable         *cancellable,
                                            GError              **error);

void      kennis_credentials_lookup_async  (const char           *target,
                                            const char           *account,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char     *kennis_credentials_lookup_finish (GAsyncResult         *result,
                                            GError              **error);
void      kennis_credentials_store_async   (const char           *target,
                                            const char           *account,
                                            const char           *secret,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  kennis_credentials_store_finish  (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
