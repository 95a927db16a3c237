/* kennis-cli-private.h — what the files of kennis-cli share
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-query.h"
#include "kennis-store.h"
#include "kennis-tag.h"
#include "kennis-target.h"

G_BEGIN_DECLS

/* The exit statuses scripts can rely on; `kennis-cli --help` lists them. */
typedef enum
{
  CLI_EXIT_OK        = 0,
  CLI_EXIT_FAILED    = 1,
  CLI_EXIT_USAGE     = 2,
  CLI_EXIT_NOT_FOUND = 3,
  CLI_EXIT_DAMAGED   = 4,
} CliExit;

#define CLI_ERROR (cli_error_quark ())

typedef enum
{
  CLI_ERROR_FAILED,
  CLI_ERROR_USAGE,
  CLI_ERROR_NOT_FOUND,
} CliError;

typedef struct
{
  gboolean     json;
  KennisStore *store;
} CliContext;

typedef gboolean (*CliCommandFunc) (CliContext  *cli,
                                    char      ***args,
                                    GError     **error);

/* kennis-cli.c */
GQuark          cli_error_quark          (void);
GOptionContext *cli_option_context_new   (CliContext          *cli,
                                          const char          *command,
                                          const char          *parameters,
                                          const char          *summary,
                                          const GOptionEntry  *entries);
gboolean        cli_parse_options        (GOptionContext      *context,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_check_n_args         (char               **args,
                                          guint                min_args,
                                          guint                max_args,
                                          GError             **error);
gboolean        cli_ensure_utf8          (char               **value,
                                          const char          *what,
                                          GError             **error);
gboolean        cli_ensure_utf8_strv     (char               **values,
                                          const char          *what,
                                          GError             **error);
gboolean        cli_open_store           (CliContext          *cli,
                                          GError             **error);
gboolean        cli_open_store_full      (CliContext          *cli,
                                          KennisStoreOpenFlags flags,
                                          GError             **error);

/* kennis-cli-input.c */
gboolean        cli_read_body            (const char          *body,
                                          const char          *body_file,
                                          char               **text,
                                          GError             **error);
gboolean        cli_check_language       (const char          *language,
                                          GError             **error);
char           *cli_dup_default_language (void);
gboolean        cli_is_only_me           (const char          *text);
GArray         *cli_resolve_audiences    (KennisStore         *store,
                                          char               **names,
                                          GError             **error);
GArray         *cli_default_audiences    (KennisStore         *store);
KennisEntry    *cli_resolve_entry        (KennisStore         *store,
                                          const char          *id,
                                          GError             **error);
gboolean        cli_check_tag_exists     (KennisStore         *store,
                                          const char          *tag,
                                          GError             **error);
gboolean        cli_parse_kind           (const char          *text,
                                          KennisQueryKind     *kind,
                                          GError             **error);

/* kennis-cli-output.c */
JsonNode       *cli_entry_to_json        (KennisEntry         *entry,
                                          GListModel          *audiences);
JsonNode       *cli_audience_to_json     (KennisAudience      *audience);
void            cli_print_json           (JsonNode            *node);
char           *cli_format_utc           (GDateTime           *time);
char           *cli_format_local         (GDateTime           *time);
void            cli_print_entry_line     (KennisEntry         *entry,
                                          GListModel          *audiences);
void            cli_print_entry_full     (KennisEntry         *entry,
                                          GListModel          *audiences);
gboolean        cli_print_entry          (CliContext          *cli,
                                          KennisEntry         *entry,
                                          gboolean             full,
                                          GError             **error);
gboolean        cli_print_entries        (CliContext          *cli,
                                          GArray              *nums,
                                          GError             **error);

/* kennis-cli-commands.c */
gboolean        cli_cmd_add              (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_list             (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_search           (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_show             (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_edit             (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_delete           (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_audiences        (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_tags             (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);

/* kennis-cli-sharing.c */
gboolean        cli_cmd_share            (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_unshare          (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_targets          (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_cmd_export           (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);

/* kennis-cli-network.c */
char           *cli_read_secret          (const char          *prompt,
                                          GError             **error);
gboolean        cli_cmd_outbox           (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
char           *cli_sign_in_mastodon     (const char          *typed,
                                          char               **instance,
                                          char               **account,
                                          GError             **error);
char           *cli_sign_in_micropub     (const char          *typed,
                                          char               **site,
                                          GError             **error);
char           *cli_check_target         (const char          *kind,
                                          const char          *name,
                                          const char          *config,
                                          const char          *secret,
                                          KennisTarget       **checked,
                                          char               **previous,
                                          GError             **error);
void            cli_forget_secret        (KennisTarget        *target,
                                          const char          *previous);

/* kennis-cli-transfer.c */
gboolean        cli_cmd_import           (CliContext          *cli,
                                          char              ***args,
                                          GError             **error);
gboolean        cli_export_records       (CliContext          *cli,
                                          const char          *format,
                                          const char          *to,
                                          GError             **error);

G_END_DECLS
