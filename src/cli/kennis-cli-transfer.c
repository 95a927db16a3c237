/* kennis-cli-transfer.c — kennis-cli import, and export to files other
 * than a website
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-cli-private.h"
#include "kennis-transfer.h"

static gboolean
parse_format (const char            *name,
              KennisTransferFormat  *format,
              GError               **error)
{
  if (name == NULL)
    {
      *format = KENNIS_TRANSFER_FORMAT_AUTO;
      return TRUE;
    }
  if (kennis_transfer_format_from_string (name, format))
    return TRUE;

  /* TRANSLATORS: the format names after the colon are typed as they are */
  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
               _("Unknown format “%s”: use json, bookmarks or markdown."), name);
  return FALSE;
}

static void
print_counts (const char *first,
              guint       first_value,
              const char *second,
              guint       second_value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, first);
  json_builder_add_int_value (builder, first_value);
  if (second != NULL)
    {
      json_builder_set_member_name (builder, second);
      json_builder_add_int_value (builder, second_value);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  cli_print_json (root);
}

gboolean
cli_cmd_import (CliContext   *cli,
                char       ***args,
                GError      **error)
{
  g_autofree char *format_name = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("json, bookmarks or markdown (guessed from the file when left out)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) file = NULL;
  KennisTransferFormat format;
  KennisImportCounts counts = { 0, 0 };

  context = cli_option_context_new (cli, "import", _("FILE"),
                                    N_("Add the entries of a Kennis export, a bookmark file "
                                       "or a folder of Markdown files; nothing is added twice"),
                                    entries);
  /* An import into a notebook that does not exist yet restores it: no
   * welcome entries next to what comes in. */
  if (!cli_parse_options (context, args, error) ||
      !cli_check_n_args (*args, 1, 1, error) ||
      !parse_format (format_name, &format, error) ||
      !cli_open_store_full (cli, KENNIS_STORE_OPEN_EMPTY, error))
    return FALSE;

  file = g_file_new_for_commandline_arg ((*args)[1]);
  if (!kennis_transfer_import (cli->store, file, format, NULL, NULL, NULL, &counts, error))
    return FALSE;

  if (cli->json)
    {
      print_counts ("added", counts.added, "skipped", counts.skipped);
      return TRUE;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u entry.", "Imported %u entries.", counts.added),
           counts.added);
  if (counts.skipped > 0)
    {
      g_print (" ");
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u was already in the notebook.",
                            "%u were already in the notebook.", counts.skipped),
               counts.skipped);
    }
  g_print ("\n");
  return TRUE;
}

/* `kennis-cli export --format json|bookmarks|markdown --to PATH`: the
 * whole notebook, also what is only for the user, since this is their
 * own copy rather than something published. */
gboolean
cli_export_records (CliContext  *cli,
                    const char  *format_name,
                    const char  *to,
                    GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (to);
  g_autofree char *path = g_file_get_parse_name (file);
  KennisTransferFormat format;
  guint n = 0;

  if (!parse_format (format_name, &format, error) || !cli_open_store (cli, error))
    return FALSE;
  if (!kennis_transfer_export (cli->store, file, format, NULL, &n, error))
    return FALSE;

  if (cli->json)
    {
      print_counts ("entries", n, NULL, 0);
      return TRUE;
    }

  /* TRANSLATORS: a number of entries, then a file or folder */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u entry to “%s”.", "Wrote %u entries to “%s”.", n),
           n, path);
  g_print ("\n");
  return TRUE;
}
