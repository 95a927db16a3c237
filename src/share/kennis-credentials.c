/* kennis-credentials.c — passwords and tokens for targets, kept out of the
 * notebook: the system keyring, or a file the user is warned about
 *
 * A secret is found by the target it belongs to and the account at that
 * target. On Linux it goes to the Secret Service through libsecret; on
 * Windows to the Credential Manager. Where neither is there (a session
 * without a keyring, such as a headless test), or when KENNIS_CREDENTIALS
 * is "file", it goes to an owner-only file next to the notebook whose very
 * name says it is not encrypted, and kennis_credentials_get_backend() lets
 * the window and kennis-cli say so.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#ifdef G_OS_WIN32
#include <windows.h>
#include <wincred.h>
#else
#include <libsecret/secret.h>
#endif

#include "kennis-credentials.h"
#include "kennis-store.h"

static GMutex file_lock;

/* --- The file, when there is no keyring --------------------------------- */

char *
kennis_credentials_dup_file_path (void)
{
  g_autofree char *dir = kennis_store_dup_default_dir ();

  return g_build_filename (dir, KENNIS_CREDENTIALS_FILE_NAME, NULL);
}

/**
 * kennis_credentials_dup_file_warning:
 *
 * Returns: (transfer full): what to tell the user while secrets go to the
 *   file, naming it
 */
char *
kennis_credentials_dup_file_warning (void)
{
  g_autofree char *path = kennis_credentials_dup_file_path ();

  /* TRANSLATORS: %s is a file */
  return g_strdup_printf (_("No keyring is running, so passwords and tokens are kept in “%s”, which is not "
                            "encrypted."), path);
}

/* Accounts are e-mail addresses or names; a key file key may not hold
 * "=", "[" or line ends. */
static char *
dup_file_key (const char *account)
{
  return g_uri_escape_string (account, NULL, FALSE);
}

static GKeyFile *
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&file);
}

static gboolean
save_file (GKeyFile    *file,
           const char  *path,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  gsize length = 0;

  g_key_file_set_comment (file, NULL, NULL,
                          " Kennis keeps passwords here only because no keyring was running.\n"
                          " They are NOT encrypted: anyone who can read this file can read them.",
                          NULL);
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
file_change (const char  *target,
             const char  *account,
             const char  *secret,
             GError     **error)
{
  g_autofree char *path = kennis_credentials_dup_file_path ();
  g_autofree char *key = dup_file_key (account);
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);

  file = load_file (path, error);
  if (file == NULL)
    return FALSE;
  if (secret != NULL)
    g_key_file_set_string (file, target, key, secret);
  else
    g_key_file_remove_key (file, target, key, NULL);
  return save_file (file, path, error);
}

static char *
file_lookup (const char  *target,
             const char  *account,
             GError     **error)
{
  g_autofree char *path = kennis_credentials_dup_file_path ();
  g_autofree char *key = dup_file_key (account);
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);

  file = load_file (path, error);
  if (file == NULL)
    return NULL;
  return g_key_file_get_string (file, target, key, NULL);
}

/* --- The keyring --------------------------------------------------------- */

#ifdef G_OS_WIN32

static wchar_t *
dup_credential_name (const char *target,
                     const char *account)
{
  g_autofree char *name = g_strdup_printf ("Kennis:%s:%s", target, account);

  return g_utf8_to_utf16 (name, -1, NULL, NULL, NULL);
}

static void
set_windows_error (GError     **error,
                   const char  *doing)
{
  g_autofree char *reason = g_win32_error_message (GetLastError ());

  /* TRANSLATORS: what failed, then Windows's reason */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: %s"), doing, reason);
}

static gboolean
keyring_store (const char  *target,
               const char  *account,
               const char  *secret,
               GError     **error)
{
  g_autofree wchar_t *name = dup_credential_name (target, account);
  g_autofree wchar_t *user = g_utf8_to_utf16 (account, -1, NULL, NULL, NULL);
  CREDENTIALW credential = { 0 };

  credential.Type = CRED_TYPE_GENERIC;
  credential.TargetName = name;
  credential.UserName = user;
  credential.CredentialBlob = (LPBYTE) secret;
  credential.CredentialBlobSize = strlen (secret);
  credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
  if (CredWriteW (&credential, 0))
    return TRUE;

  set_windows_error (error, _("Could not keep the password in the Credential Manager"));
  return FALSE;
}

static char *
keyring_lookup (const char  *target,
                const char  *account,
                GError     **error)
{
  g_autofree wchar_t *name = dup_credential_name (target, account);
  PCREDENTIALW credential = NULL;
  char *secret;

  if (!CredReadW (name, CRED_TYPE_GENERIC, 0, &credential))
    {
      if (GetLastError () != ERROR_NOT_FOUND)
        set_windows_error (error, _("Could not read the password from the Credential Manager"));
      return NULL;
    }
  secret = g_strndup ((const char *) credential->CredentialBlob, credential->CredentialBlobSize);
  CredFree (credential);
  return secret;
}

static gboolean
keyring_clear (const char  *target,
               const char  *account,
               GError     **error)
{
  g_autofree wchar_t *name = dup_credential_name (target, account);

  if (CredDeleteW (name, CRED_TYPE_GENERIC, 0) || GetLastError () == ERROR_NOT_FOUND)
    return TRUE;

  set_windows_error (error, _("Could not remove the password from the Credential Manager"));
  return FALSE;
}

static gboolean
keyring_available (void)
{
  return TRUE;
}

#else

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Target", SECRET_SCHEMA_NONE,
    {
      { "target", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean
keyring_store (const char  *target,
               const char  *account,
               const char  *secret,
               GError     **error)
{
  /* TRANSLATORS: how the password shows in the keyring; %s is a user name */
  g_autofree char *label = g_strdup_printf (_("Kennis: password of %s"), account);

  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, NULL, error,
                                     "target", target, "account", account, NULL);
}

static char *
keyring_lookup (const char  *target,
                const char  *account,
                GError     **error)
{
  char *secret = secret_password_lookup_sync (get_schema (), NULL, error,
                                              "target", target, "account", account, NULL);
  char *copy = g_strdup (secret);

  /* libsecret's own copy is wiped as it is freed. */
  secret_password_free (secret);
  return copy;
}

static gboolean
keyring_clear (const char  *target,
               const char  *account,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (secret_password_clear_sync (get_schema (), NULL, &local_error,
                                  "target", target, "account", account, NULL) || local_error == NULL)
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* A Secret Service answers on the session bus: try a lookup that finds
 * nothing. */
static gboolean
keyring_available (void)
{
  g_autoptr(GError) error = NULL;
  char *none = secret_password_lookup_sync (get_schema (), NULL, &error,
                                            "target", "kennis-probe", "account", "", NULL);

  secret_password_free (none);
  return error == NULL;
}

#endif

/* --- Choosing --------------------------------------------------------- */

/**
 * kennis_credentials_get_backend:
 *
 * Where secrets go; decided once per run. %KENNIS_CREDENTIALS_FILE is
 * something to tell the user.
 */
KennisCredentialsBackend
kennis_credentials_get_backend (void)
{
  static gsize backend = 0;

  if (g_once_init_enter (&backend))
    {
      gboolean file = g_strcmp0 (g_getenv ("KENNIS_CREDENTIALS"), "file") == 0 || !keyring_available ();

      g_once_init_leave (&backend, (file ? KENNIS_CREDENTIALS_FILE : KENNIS_CREDENTIALS_KEYRING) + 1);
    }
  return backend - 1;
}

static void
backend_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_int (task, kennis_credentials_get_backend ());
}

/**
 * kennis_credentials_get_backend_async:
 *
 * As kennis_credentials_get_backend(), which may ask the keyring over
 * D-Bus the first time, off the main thread.
 */
void
kennis_credentials_get_backend_async (GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_credentials_get_backend_async);
  g_task_run_in_thread (task, backend_thread);
}

KennisCredentialsBackend
kennis_credentials_get_backend_finish (GAsyncResult  *result,
                                       GError       **error)
{
  gssize backend = g_task_propagate_int (G_TASK (result), error);

  return backend < 0 ? KENNIS_CREDENTIALS_KEYRING : (KennisCredentialsBackend)backend;
}

static gboolean
check_names (const char  *target,
             const char  *account,
             GError     **error)
{
  if (target != NULL && *target != '\0' && account != NULL && *account != '\0' &&
      g_utf8_validate (target, -1, NULL) && g_utf8_validate (account, -1, NULL))
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("A password needs a place and a user name to belong to."));
  return FALSE;
}

/**
 * kennis_credentials_store:
 *
 * Keeps @secret for @account at @target, replacing what was kept before.
 * Blocks: call it from a worker, or use the async form.
 */
gboolean
kennis_credentials_store (const char    *target,
                          const char    *account,
                          const char    *secret,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (secret != NULL, FALSE);

  if (!check_names (target, account, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (kennis_credentials_get_backend () == KENNIS_CREDENTIALS_FILE)
    return file_change (target, account, secret, error);
  return keyring_store (target, account, secret, error);
}

/**
 * kennis_credentials_lookup:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when none is
 *   kept (without an error) or the keyring failed (with one)
 */
char *
kennis_credentials_lookup (const char    *target,
                           const char    *account,
                           GCancellable  *cancellable,
                           GError       **error)
{
  if (!check_names (target, account, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (kennis_credentials_get_backend () == KENNIS_CREDENTIALS_FILE)
    return file_lookup (target, account, error);
  return keyring_lookup (target, account, error);
}

gboolean
kennis_credentials_clear (const char    *target,
                          const char    *account,
                          GCancellable  *cancellable,
                          GError       **error)
{
  if (!check_names (target, account, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (kennis_credentials_get_backend () == KENNIS_CREDENTIALS_FILE)
    return file_change (target, account, NULL, error);
  return keyring_clear (target, account, error);
}

/* --- Off the main thread ------------------------------------------------ */

typedef struct
{
  char *target;
  char *account;
  char *secret;
} Request;

static void
request_free (Request *request)
{
  g_free (request->target);
  g_free (request->account);
  g_free (request->secret);
  g_free (request);
}

static GTask *
request_task (const char          *target,
              const char          *account,
              const char          *secret,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->target = g_strdup (target);
  request->account = g_strdup (account);
  request->secret = g_strdup (secret);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  char *secret = kennis_credentials_lookup (request->target, request->account, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, g_free);
}

void
kennis_credentials_lookup_async (const char          *target,
                                 const char          *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = request_task (target, account, NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_credentials_lookup_async);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * kennis_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): as kennis_credentials_lookup()
 */
char *
kennis_credentials_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (kennis_credentials_store (request->target, request->account, request->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kennis_credentials_store_async (const char          *target,
                                const char          *account,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = request_task (target, account, secret, cancellable, callback, user_data);

  g_task_set_source_tag (task, kennis_credentials_store_async);
  g_task_run_in_thread (task, store_thread);
}

gboolean
kennis_credentials_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
