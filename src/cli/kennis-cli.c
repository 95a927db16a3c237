/* kennis-cli.c — the notebook from a terminal or a script: start-up, options, exit status
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "kennis-cli-private.h"

typedef struct
{
  const char     *name;
  const char     *parameters;
  const char     *summary;
  CliCommandFunc  run;
} CliCommand;

static const CliCommand commands[] = {
  /* TRANSLATORS: “note” and “link” are typed as they are; do not translate them */
  { "add",       N_("note|link"), N_("Add a note or a link"),                    cli_cmd_add },
  { "list",      "",              N_("List entries, the last changed first"),     cli_cmd_list },
  { "search",    N_("QUERY"),     N_("Find entries by words or the start of words"), cli_cmd_search },
  { "show",      N_("ID"),        N_("Show one entry in full"),                  cli_cmd_show },
  { "edit",      N_("ID"),        N_("Change an entry"),                          cli_cmd_edit },
  { "delete",    N_("ID"),        N_("Delete an entry"),                          cli_cmd_delete },
  { "audiences", N_("[add NAME | rename NAME NEW | remove NAME]"),
                                  N_("List, add, rename or remove audiences"),    cli_cmd_audiences },
  { "tags",      "",              N_("List tags and how many entries have each"), cli_cmd_tags },
  { "share",     N_("ID"),        N_("Share an entry with everyone it is for"),   cli_cmd_share },
  { "unshare",   N_("ID [--target NAME]"),
                                  N_("Take a shared entry down again"),           cli_cmd_unshare },
  { "targets",   N_("[add folder|wordpress|metaweblog|mastodon|micropub NAME | edit NAME | remove NAME | route NAME]"),
                                  N_("List, add, change, remove or route places to share to"), cli_cmd_targets },
  { "export",    N_("--to PATH [--format site|json|bookmarks|markdown]"),
                                  N_("Write entries as a website with feeds, or to a file to keep or move"),
                                  cli_cmd_export },
  { "outbox",    N_("[--retry ID | --cancel ID]"),
                                  N_("List what waits to be shared or taken down; retry or cancel it"),
                                  cli_cmd_outbox },
  { "import",    N_("FILE [--format json|bookmarks|markdown]"),
                                  N_("Add entries from an export, a bookmark file or Markdown files"),
                                  cli_cmd_import },
};

G_DEFINE_QUARK (kennis-cli-error-quark, cli_error)

static void
set_up_gettext (void)
{
#ifdef G_OS_WIN32
  /* An installed Kennis on Windows can live in any folder; its translations
   * are next to it, not at the prefix it was built for. */
  g_autofree char *root = g_win32_get_package_installation_directory_of_module (NULL);
  g_autofree char *localedir = g_build_filename (root, "share", "locale", NULL);
#else
  const char *localedir = LOCALEDIR;
#endif
  /* KENNIS_LOCALEDIR lets an uninstalled build find its catalogues, e.g.
   * _build/po, so it can run in another language. */
  const char *override = g_getenv ("KENNIS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  override != NULL && override[0] != '\0' ? override : localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* GOption wants UTF-8 on Windows, which argv is not; GLib gives the
 * command line in UTF-8 there. */
static char **
dup_arguments (int    argc,
               char **argv)
{
#ifdef G_OS_WIN32
  return g_win32_get_command_line ();
#else
  return g_strdupv (argv);
#endif
}

static const CliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  return NULL;
}

static void
print_exit_statuses (GString *out)
{
  g_string_append_printf (out, "%s\n", _("Exit status:"));
  g_string_append_printf (out, "  0  %s\n", _("success"));
  g_string_append_printf (out, "  1  %s\n", _("failure, such as a file that cannot be read or a notebook that cannot be written"));
  g_string_append_printf (out, "  2  %s\n", _("usage error: unknown command or option, missing or bad argument"));
  g_string_append_printf (out, "  3  %s\n", _("not found: no such entry, audience, tag or place to share to"));
  g_string_append_printf (out, "  4  %s\n", _("the notebook is damaged or was made by a newer Kennis; it is left as it is"));
}

static void
print_help (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = kennis_store_dup_default_path ();

  g_string_append_printf (out, "%s\n  kennis-cli [--json] %s\n\n", _("Usage:"), _("COMMAND [OPTION…]"));
  g_string_append_printf (out, "%s\n\n", _("Keep notes and links in your Kennis notebook from a terminal or a script."));

  g_string_append_printf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = NULL;

      usage = g_strdup_printf ("%s %s", commands[i].name,
                               commands[i].parameters[0] ? _(commands[i].parameters) : "");
      g_strchomp (usage);
      /* A long synopsis gets a line of its own, so the summaries stay aligned. */
      if (g_utf8_strlen (usage, -1) > 18)
        g_string_append_printf (out, "  %s\n  %-18s %s\n", usage, "", _(commands[i].summary));
      else
        g_string_append_printf (out, "  %-18s %s\n", usage, _(commands[i].summary));
    }

  g_string_append_printf (out, "\n%s\n", _("Options:"));
  g_string_append_printf (out, "  %-18s %s\n", "--json", _("Print JSON for scripts (may be given anywhere)"));
  g_string_append_printf (out, "  %-18s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (out, "  %-18s %s\n\n", "--version", _("Show the version"));

  g_string_append_printf (out, "%s\n", _("Run “kennis-cli COMMAND --help” to see the options of a command."));
  g_string_append_printf (out, "%s\n", _("ID is an entry’s id, or its first characters (at least 4), as shown by “list”."));
  g_string_append_printf (out, "%s\n", _("AUDIENCE is team, org, public, the name of an audience, or me for “Only me”."));
  /* TRANSLATORS: %s is a file name */
  g_string_append_printf (out, _("The notebook is “%s” (the folder can be set with KENNIS_DATA_DIR)."), path);
  g_string_append (out, "\n\n");

  print_exit_statuses (out);
  g_print ("%s", out->str);
}

static CliExit
exit_status_for_error (const GError *error)
{
  if (error->domain == CLI_ERROR)
    {
      switch ((CliError)error->code)
        {
        case CLI_ERROR_USAGE:
          return CLI_EXIT_USAGE;
        case CLI_ERROR_NOT_FOUND:
          return CLI_EXIT_NOT_FOUND;
        case CLI_ERROR_FAILED:
        default:
          return CLI_EXIT_FAILED;
        }
    }

  if (error->domain == G_OPTION_ERROR)
    return CLI_EXIT_USAGE;

  if (error->domain == KENNIS_STORE_ERROR)
    {
      switch ((KennisStoreError)error->code)
        {
        case KENNIS_STORE_ERROR_NOT_FOUND:
          return CLI_EXIT_NOT_FOUND;
        case KENNIS_STORE_ERROR_CORRUPT:
        case KENNIS_STORE_ERROR_NEWER_VERSION:
          return CLI_EXIT_DAMAGED;
        case KENNIS_STORE_ERROR_INVALID:
        case KENNIS_STORE_ERROR_AMBIGUOUS:
          return CLI_EXIT_USAGE;
        case KENNIS_STORE_ERROR_FAILED:
        case KENNIS_STORE_ERROR_EXISTS:
        default:
          return CLI_EXIT_FAILED;
        }
    }

  return CLI_EXIT_FAILED;
}

static CliExit
report_error (const GError *error,
              const char   *command)
{
  CliExit status = exit_status_for_error (error);

  g_printerr ("kennis-cli: %s\n", error->message);

  /* Option errors from GOption do not say where to look next. */
  if (status == CLI_EXIT_USAGE && error->domain != KENNIS_STORE_ERROR)
    {
      if (command != NULL)
        g_printerr (_("Run “kennis-cli %s --help” to see how to use it."), command);
      else
        g_printerr ("%s", _("Run “kennis-cli --help” to see how to use it."));
      g_printerr ("\n");
    }

  return status;
}

/* Output that did not reach its reader (a full disk, a closed pipe) is a
 * failure a script must see. */
static gboolean
finish_output (GError **error)
{
  if (fflush (stdout) == 0 && !ferror (stdout))
    return TRUE;

  g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, _("Could not write the output."));
  return FALSE;
}

/**
 * cli_option_context_new:
 * @entries: the command's own options; `--json` is added to them
 *
 * Returns: (transfer full): a context whose help reads
 *   “kennis-cli [OPTION…] COMMAND PARAMETERS”
 */
GOptionContext *
cli_option_context_new (CliContext         *cli,
                        const char         *command,
                        const char         *parameters,
                        const char         *summary,
                        const GOptionEntry *entries)
{
  const GOptionEntry common[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autofree char *usage = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GOptionContext *context;

  usage = g_strdup_printf ("%s %s", command, parameters ? parameters : "");
  context = g_option_context_new (g_strchomp (usage));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);

  print_exit_statuses (description);
  g_option_context_set_description (context, description->str);

  return context;
}

/**
 * cli_parse_options:
 * @args: (inout): the arguments after the command name, with a program name
 *   in front; options are removed, positional arguments stay
 */
gboolean
cli_parse_options (GOptionContext   *context,
                   char           ***args,
                   GError          **error)
{
  return g_option_context_parse_strv (context, args, error);
}

/* @args still holds the program name in front of the positional arguments. */
gboolean
cli_check_n_args (char    **args,
                  guint     min_args,
                  guint     max_args,
                  GError  **error)
{
  guint n = g_strv_length (args);
  guint given = n > 0 ? n - 1 : 0;

  if (given < min_args)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Something is missing after the command."));
      return FALSE;
    }

  if (given > max_args)
    {
      /* TRANSLATORS: %s is what the user typed; put text with spaces in quotes */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Did not expect “%s”; put text with spaces in quotes."), args[max_args + 1]);
      return FALSE;
    }

  return TRUE;
}

/* Option values are taken as raw bytes (G_OPTION_ARG_FILENAME) and checked
 * here: GOption's own conversion from the locale's charset would refuse
 * UTF-8 text under the C locale, which scripts often run in. */
gboolean
cli_ensure_utf8 (char       **value,
                 const char  *what,
                 GError     **error)
{
  char *converted;

  if (*value == NULL || g_utf8_validate (*value, -1, NULL))
    return TRUE;

  converted = g_locale_to_utf8 (*value, -1, NULL, NULL, NULL);
  if (converted == NULL || !g_utf8_validate (converted, -1, NULL))
    {
      g_free (converted);
      /* TRANSLATORS: %s is an option such as --title */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("The text given for %s is not valid in the character set of the terminal."), what);
      return FALSE;
    }

  g_free (*value);
  *value = converted;
  return TRUE;
}

gboolean
cli_ensure_utf8_strv (char       **values,
                      const char  *what,
                      GError     **error)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (!cli_ensure_utf8 (&values[i], what, error))
      return FALSE;

  return TRUE;
}

/* Opened only once the command line is known to be good, so a usage
 * mistake never creates a notebook. */
gboolean
cli_open_store (CliContext  *cli,
                GError     **error)
{
  return cli_open_store_full (cli, KENNIS_STORE_OPEN_DEFAULT, error);
}

gboolean
cli_open_store_full (CliContext            *cli,
                     KennisStoreOpenFlags   flags,
                     GError               **error)
{
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return TRUE;

  path = kennis_store_dup_default_path ();
  cli->store = kennis_store_open_full (path, flags, error);
  return cli->store != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) command_args = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) sub_args = NULL;
  CliContext cli = { 0 };
  const CliCommand *command = NULL;
  gboolean ok;
  guint i;

  set_up_gettext ();
  g_set_prgname ("kennis-cli");

  args = dup_arguments (argc, argv);

  /* Options before the command; the command's own parser takes the rest. */
  for (i = 1; args[i] != NULL && args[i][0] == '-'; i++)
    {
      if (g_str_equal (args[i], "--json"))
        cli.json = TRUE;
      else if (g_str_equal (args[i], "--help") || g_str_equal (args[i], "-h") ||
               g_str_equal (args[i], "-?"))
        {
          print_help ();
          return finish_output (NULL) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
        }
      else if (g_str_equal (args[i], "--version"))
        {
          g_print ("kennis-cli %s\n", PACKAGE_VERSION);
          return finish_output (NULL) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
        }
      else
        {
          g_set_error (&error, CLI_ERROR, CLI_ERROR_USAGE, _("Unknown option “%s”."), args[i]);
          return report_error (error, NULL);
        }
    }

  if (args[i] == NULL)
    {
      g_set_error (&error, CLI_ERROR, CLI_ERROR_USAGE, _("No command given."));
      return report_error (error, NULL);
    }

  if (g_str_equal (args[i], "help"))
    {
      /* “kennis-cli help add” is a common guess for “kennis-cli add --help”. */
      if (args[i + 1] != NULL && find_command (args[i + 1]) != NULL)
        {
          command = find_command (args[i + 1]);
          sub_args = g_new0 (char *, 3);
          sub_args[0] = g_strdup ("kennis-cli");
          sub_args[1] = g_strdup ("--help");
          return command->run (&cli, &sub_args, NULL) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
        }
      print_help ();
      return finish_output (NULL) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
    }

  command = find_command (args[i]);
  if (command == NULL)
    {
      g_set_error (&error, CLI_ERROR, CLI_ERROR_USAGE, _("Unknown command “%s”."), args[i]);
      return report_error (error, NULL);
    }

  command_args = g_ptr_array_new ();
  g_ptr_array_add (command_args, g_strdup ("kennis-cli"));
  for (i++; args[i] != NULL; i++)
    g_ptr_array_add (command_args, g_strdup (args[i]));
  g_ptr_array_add (command_args, NULL);
  sub_args = (char **)g_ptr_array_free (g_steal_pointer (&command_args), FALSE);

  ok = command->run (&cli, &sub_args, &error);

  /* Closing the store folds the WAL back into the file. */
  g_clear_object (&cli.store);

  if (ok)
    ok = finish_output (&error);

  if (!ok)
    return report_error (error, command->name);

  return CLI_EXIT_OK;
}
