/* kennis-cli-commands.c — what each kennis-cli command does
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kennis-link-fetcher.h"
#include "kennis-search.h"

#include "kennis-cli-private.h"

/* A link is stored only with a whole address; “example.org” alone would not
 * open anywhere. */
static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autofree char *scheme = NULL;

  if (g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    {
      scheme = g_uri_parse_scheme (url);
      if (scheme != NULL)
        return TRUE;
    }

  if (strchr (url, ':') == NULL && strchr (url, ' ') == NULL && url[0] != '\0')
    /* TRANSLATORS: both %s are web addresses */
    g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                 _("“%s” is not a whole web address; did you mean “https://%s”?"), url, url);
  else
    g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                 _("“%s” is not a web address."), url);
  return FALSE;
}

static gboolean
check_limit (int      limit,
             GError **error)
{
  if (limit >= 0)
    return TRUE;

  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("--limit must be 0 (no limit) or more."));
  return FALSE;
}

static gboolean
check_id_given (char    **args,
                GError  **error)
{
  if (args[1] != NULL)
    return TRUE;

  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
               _("Give the id of an entry, or its first characters, as “kennis-cli list” shows them."));
  return FALSE;
}

/* add note|link */

typedef struct
{
  GMainLoop      *loop;
  KennisLinkInfo *info;
  GError         *error;
} Fetch;

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Fetch *fetch = data;

  fetch->info = kennis_link_fetcher_fetch_finish (KENNIS_LINK_FETCHER (source), result, &fetch->error);
  g_main_loop_quit (fetch->loop);
}

/* The page's title and description, for what the user did not give. A
 * page that cannot be read costs the link nothing: it is added anyway. */
static void
fill_from_page (KennisEntry *entry,
                const char  *url)
{
  g_autoptr(KennisLinkFetcher) fetcher = kennis_link_fetcher_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Fetch fetch = { loop, NULL, NULL };

  kennis_link_fetcher_fetch_async (fetcher, url, NULL, fetch_done_cb, &fetch);
  g_main_loop_run (loop);

  if (fetch.info == NULL)
    {
      g_printerr ("kennis-cli: ");
      /* TRANSLATORS: %s says why, e.g. “The page did not answer within 10 seconds.” */
      g_printerr (_("The link is kept without its page’s title: %s"), fetch.error->message);
      g_printerr ("\n");
      g_clear_error (&fetch.error);
      return;
    }

  if (*kennis_entry_get_title (entry) == '\0')
    kennis_entry_set_title (entry, fetch.info->title != NULL ? fetch.info->title : fetch.info->site_name);
  if (*kennis_entry_get_body (entry) == '\0' && fetch.info->description != NULL)
    kennis_entry_set_body (entry, fetch.info->description);
  kennis_link_info_free (fetch.info);
}

/* Adding a page that is already in the notebook shows the entry there. */
static gboolean
show_existing_link (CliContext  *cli,
                    const char  *url,
                    gboolean    *found,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KennisEntry) existing = kennis_store_find_link (cli->store, url, &local_error);

  *found = existing != NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing == NULL)
    return TRUE;

  g_printerr ("kennis-cli: ");
  g_printerr (_("This page is already in the notebook; nothing was added."));
  g_printerr ("\n");
  return cli_print_entry (cli, existing, FALSE, error);
}

gboolean
cli_cmd_add (CliContext   *cli,
             char       ***args,
             GError      **error)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *language = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) audience_names = NULL;
  gboolean no_fetch = FALSE;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_FILENAME, &title, N_("The title (needed for a note)"), N_("TITLE") },
    { "body", 0, 0, G_OPTION_ARG_FILENAME, &body,
      N_("The text, in Markdown; “-” reads it from standard input"), N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file, N_("Read the text from a UTF-8 file"), N_("PATH") },
    { "tag", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &tags, N_("A topic; repeat for more"), N_("TAG") },
    { "for", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &audience_names,
      N_("Who it is for: team, org, public, an audience’s name, or me; repeat for more "
         "(without it, the default from the preferences)"), N_("AUDIENCE") },
    { "language", 0, 0, G_OPTION_ARG_FILENAME, &language,
      N_("The language it is written in, e.g. nl or en"), N_("CODE") },
    { "no-fetch", 0, 0, G_OPTION_ARG_NONE, &no_fetch,
      N_("Do not read the link’s page for its title and description"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(GArray) audiences = NULL;
  gboolean found = FALSE;
  KennisEntryKind kind;

  context = cli_option_context_new (cli, "add", _("note|link"), N_("Add a note or a link"), entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8 (&title, "--title", error) ||
      !cli_ensure_utf8 (&body, "--body", error) ||
      !cli_ensure_utf8 (&language, "--language", error) ||
      !cli_ensure_utf8_strv (tags, "--tag", error) ||
      !cli_ensure_utf8_strv (audience_names, "--for", error) ||
      !cli_ensure_utf8_strv (*args, _("the command"), error))
    return FALSE;

  if ((*args)[1] == NULL || !kennis_entry_kind_from_string ((*args)[1], &kind))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Say what to add: “add note” or “add link URL”."));
      return FALSE;
    }

  if (kind == KENNIS_ENTRY_KIND_NOTE)
    {
      if (!cli_check_n_args (*args, 1, 1, error))
        return FALSE;
      if (title == NULL || g_strstrip (title)[0] == '\0')
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("A note needs a title: add --title “…”."));
          return FALSE;
        }
    }
  else
    {
      if ((*args)[2] == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Give the web address: “add link URL”."));
          return FALSE;
        }
      if (!cli_check_n_args (*args, 2, 2, error))
        return FALSE;
      url = g_strstrip (g_strdup ((*args)[2]));
      if (!check_url (url, error))
        return FALSE;
    }

  if (!cli_check_language (language, error))
    return FALSE;

  /* Everything read before the notebook is opened: bad input changes nothing. */
  if (!cli_read_body (body, body_file, &text, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  if (url != NULL && (!show_existing_link (cli, url, &found, error) || found))
    return found;

  if (audience_names != NULL)
    audiences = cli_resolve_audiences (cli->store, audience_names, error);
  else
    audiences = cli_default_audiences (cli->store);
  if (audiences == NULL)
    return FALSE;

  entry = kennis_entry_new (kind);
  kennis_entry_set_title (entry, title ? g_strstrip (title) : "");
  kennis_entry_set_body (entry, text ? text : "");
  kennis_entry_set_url (entry, url);
  if (language != NULL)
    kennis_entry_set_language (entry, language);
  else
    {
      g_autofree char *default_language = cli_dup_default_language ();

      kennis_entry_set_language (entry, default_language);
    }
  kennis_entry_set_tags (entry, (const char * const *)tags);
  kennis_entry_set_audiences (entry, (const gint64 *)(gpointer)audiences->data, audiences->len);
  if (url != NULL && !no_fetch && (title == NULL || text == NULL))
    fill_from_page (entry, url);

  if (!kennis_store_save_entry (cli->store, entry, error))
    return FALSE;

  return cli_print_entry (cli, entry, FALSE, error);
}

/* list and search */

static gboolean
run_query (CliContext   *cli,
           char       ***args,
           gboolean      search,
           GError      **error)
{
  g_autofree char *tag = NULL;
  g_autofree char *audience_name = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *match = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "tag", 0, 0, G_OPTION_ARG_FILENAME, &tag, N_("Only entries with this tag"), N_("TAG") },
    { "for", 0, 0, G_OPTION_ARG_FILENAME, &audience_name,
      N_("Only entries for this audience; me for those only for you"), N_("AUDIENCE") },
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind_text, N_("Only notes or only links"), N_("note|link") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most this many (0, the default, for all)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;

  if (search)
    context = cli_option_context_new (cli, "search", _("QUERY"),
                                      N_("Find entries by words or the start of words"), entries);
  else
    context = cli_option_context_new (cli, "list", NULL, N_("List entries, the last changed first"), entries);

  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8 (&tag, "--tag", error) ||
      !cli_ensure_utf8 (&audience_name, "--for", error) ||
      !cli_ensure_utf8_strv (*args, _("the search text"), error) ||
      !cli_parse_kind (kind_text, &query->kind, error) ||
      !check_limit (limit, error))
    return FALSE;

  if (search)
    {
      /* Unquoted words are one search: “search plan creëer”. */
      text = g_strjoinv (" ", *args + 1);
      match = kennis_search_build_match (text);
      if (match == NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                       _("Give something to search for, with at least one letter or digit."));
          return FALSE;
        }
      kennis_query_set_text (query, text);
    }
  else if (!cli_check_n_args (*args, 0, 0, error))
    return FALSE;

  if (!cli_open_store (cli, error))
    return FALSE;

  if (tag != NULL)
    {
      if (!cli_check_tag_exists (cli->store, tag, error))
        return FALSE;
      kennis_query_set_tag (query, tag);
    }

  if (audience_name != NULL && cli_is_only_me (audience_name))
    query->audience = KENNIS_QUERY_PRIVATE;
  else if (audience_name != NULL)
    {
      g_autoptr(KennisAudience) audience = kennis_store_find_audience (cli->store, audience_name, error);

      if (audience == NULL)
        return FALSE;
      query->audience = kennis_audience_get_id (audience);
    }

  nums = kennis_store_query (cli->store, query, (guint)limit, error);
  if (nums == NULL)
    return FALSE;

  return cli_print_entries (cli, nums, error);
}

gboolean
cli_cmd_list (CliContext   *cli,
              char       ***args,
              GError      **error)
{
  return run_query (cli, args, FALSE, error);
}

gboolean
cli_cmd_search (CliContext   *cli,
                char       ***args,
                GError      **error)
{
  return run_query (cli, args, TRUE, error);
}

/* show, delete: one entry by id */

static KennisEntry *
parse_id_command (CliContext      *cli,
                  char          ***args,
                  const char      *command,
                  const char      *summary,
                  GError         **error)
{
  g_autoptr(GOptionContext) context = NULL;

  context = cli_option_context_new (cli, command, _("ID"), summary, NULL);
  if (!cli_parse_options (context, args, error) ||
      !check_id_given (*args, error) ||
      !cli_check_n_args (*args, 1, 1, error) ||
      !cli_open_store (cli, error))
    return NULL;

  return cli_resolve_entry (cli->store, (*args)[1], error);
}

gboolean
cli_cmd_show (CliContext   *cli,
              char       ***args,
              GError      **error)
{
  g_autoptr(KennisEntry) entry = parse_id_command (cli, args, "show", N_("Show one entry in full"), error);

  if (entry == NULL)
    return FALSE;

  return cli_print_entry (cli, entry, TRUE, error);
}

gboolean
cli_cmd_delete (CliContext   *cli,
                char       ***args,
                GError      **error)
{
  g_autoptr(KennisEntry) entry = parse_id_command (cli, args, "delete",
                                                   N_("Delete an entry; it stays restorable in the app for a while"),
                                                   error);
  g_autofree char *title = NULL;

  if (entry == NULL || !kennis_store_delete_entry (cli->store, entry, error))
    return FALSE;

  if (cli->json)
    return cli_print_entry (cli, entry, FALSE, error);

  title = kennis_entry_dup_display_title (entry);
  /* TRANSLATORS: the first %s is a title, the second a short id */
  g_print (_("Deleted “%s” (%.8s)."), title, kennis_entry_get_id (entry));
  g_print ("\n");
  return TRUE;
}

/* edit */

static gboolean
apply_tags (KennisEntry  *entry,
            char        **tags,
            char        **add_tags,
            char        **remove_tags,
            GError      **error)
{
  if (tags != NULL)
    kennis_entry_set_tags (entry, (const char * const *)tags);

  for (guint i = 0; add_tags != NULL && add_tags[i] != NULL; i++)
    kennis_entry_add_tag (entry, add_tags[i]);

  for (guint i = 0; remove_tags != NULL && remove_tags[i] != NULL; i++)
    if (!kennis_entry_remove_tag (entry, remove_tags[i]))
      {
        g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_FOUND,
                     _("The entry has no tag “%s” to remove."), remove_tags[i]);
        return FALSE;
      }

  return TRUE;
}

gboolean
cli_cmd_edit (CliContext   *cli,
              char       ***args,
              GError      **error)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *url = NULL;
  g_autofree char *language = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) add_tags = NULL;
  g_auto(GStrv) remove_tags = NULL;
  g_auto(GStrv) audience_names = NULL;
  gboolean make_private = FALSE;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_FILENAME, &title, N_("A new title"), N_("TITLE") },
    { "body", 0, 0, G_OPTION_ARG_FILENAME, &body,
      N_("New text, in Markdown; “-” reads it from standard input"), N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file, N_("Read new text from a UTF-8 file"), N_("PATH") },
    { "url", 0, 0, G_OPTION_ARG_FILENAME, &url, N_("A new web address (links only)"), N_("URL") },
    { "tag", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &tags,
      N_("Replace the tags; repeat for more"), N_("TAG") },
    { "add-tag", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &add_tags, N_("Add a tag"), N_("TAG") },
    { "remove-tag", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &remove_tags, N_("Remove a tag"), N_("TAG") },
    { "for", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &audience_names,
      N_("Replace who it is for; repeat for more"), N_("AUDIENCE") },
    { "private", 0, 0, G_OPTION_ARG_NONE, &make_private, N_("Make it for “Only me”"), NULL },
    { "language", 0, 0, G_OPTION_ARG_FILENAME, &language, N_("The language it is written in"), N_("CODE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(GArray) audiences = NULL;

  context = cli_option_context_new (cli, "edit", _("ID"), N_("Change an entry"), entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8 (&title, "--title", error) ||
      !cli_ensure_utf8 (&body, "--body", error) ||
      !cli_ensure_utf8 (&url, "--url", error) ||
      !cli_ensure_utf8 (&language, "--language", error) ||
      !cli_ensure_utf8_strv (tags, "--tag", error) ||
      !cli_ensure_utf8_strv (add_tags, "--add-tag", error) ||
      !cli_ensure_utf8_strv (remove_tags, "--remove-tag", error) ||
      !cli_ensure_utf8_strv (audience_names, "--for", error) ||
      !check_id_given (*args, error) ||
      !cli_check_n_args (*args, 1, 1, error) ||
      !cli_check_language (language, error))
    return FALSE;

  if (title == NULL && body == NULL && body_file == NULL && url == NULL && tags == NULL &&
      add_tags == NULL && remove_tags == NULL && audience_names == NULL && !make_private &&
      language == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Nothing to change; say what to change, e.g. --title “…”."));
      return FALSE;
    }

  if (make_private && audience_names != NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Give either --private or --for, not both."));
      return FALSE;
    }

  if (url != NULL && !check_url (g_strstrip (url), error))
    return FALSE;

  if (!cli_read_body (body, body_file, &text, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  entry = cli_resolve_entry (cli->store, (*args)[1], error);
  if (entry == NULL)
    return FALSE;

  if (url != NULL && kennis_entry_get_kind (entry) != KENNIS_ENTRY_KIND_LINK)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Only links have a web address; this entry is a note."));
      return FALSE;
    }

  if (audience_names != NULL)
    {
      audiences = cli_resolve_audiences (cli->store, audience_names, error);
      if (audiences == NULL)
        return FALSE;
    }
  else if (make_private)
    audiences = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!apply_tags (entry, tags, add_tags, remove_tags, error))
    return FALSE;

  if (title != NULL)
    kennis_entry_set_title (entry, g_strstrip (title));
  if (text != NULL)
    kennis_entry_set_body (entry, text);
  if (url != NULL)
    kennis_entry_set_url (entry, url);
  if (language != NULL)
    kennis_entry_set_language (entry, language);
  if (audiences != NULL)
    kennis_entry_set_audiences (entry, (const gint64 *)(gpointer)audiences->data, audiences->len);

  if (!kennis_store_save_entry (cli->store, entry, error))
    return FALSE;

  return cli_print_entry (cli, entry, FALSE, error);
}

/* audiences */

static gboolean
print_audiences (CliContext  *cli,
                 GError     **error)
{
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (cli->store, error);

  if (audiences == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);
      JsonArray *items = json_array_new ();

      json_node_take_array (array, items);
      for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
        {
          g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

          json_array_add_element (items, cli_audience_to_json (audience));
        }
      cli_print_json (array);
      return TRUE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);
      guint n = kennis_audience_get_n_entries (audience);

      /* TRANSLATORS: an audience name, then how many entries are for it */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s\t%u entry", "%s\t%u entries", n),
               kennis_audience_get_name (audience), n);
      if (kennis_audience_is_builtin (audience))
        g_print ("\t(--for %s)", kennis_audience_get_key (audience));
      g_print ("\n");
    }

  return TRUE;
}

static gboolean
print_audience_change (CliContext     *cli,
                       KennisAudience *audience,
                       const char     *message)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = cli_audience_to_json (audience);

      cli_print_json (node);
    }
  else
    g_print ("%s\n", message);

  return TRUE;
}

/* Looks the audience up again, so the output shows its state after the
 * change, counts included. */
static KennisAudience *
reload_audience (KennisStore  *store,
                 gint64        id,
                 GError      **error)
{
  return kennis_store_get_audience (store, id, error);
}

gboolean
cli_cmd_audiences (CliContext   *cli,
                   char       ***args,
                   GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisAudience) audience = NULL;
  g_autoptr(KennisAudience) changed = NULL;
  g_autofree char *message = NULL;
  const char *action;

  context = cli_option_context_new (cli, "audiences", _("[add NAME | rename NAME NEW | remove NAME]"),
                                    N_("List, add, rename or remove audiences"), NULL);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8_strv (*args, _("the audience name"), error))
    return FALSE;

  action = (*args)[1];
  if (action == NULL)
    return cli_open_store (cli, error) && print_audiences (cli, error);

  if (g_str_equal (action, "add"))
    {
      if (!cli_check_n_args (*args, 2, 2, error) || !cli_open_store (cli, error))
        return FALSE;

      audience = kennis_store_add_audience (cli->store, (*args)[2], error);
      if (audience == NULL)
        return FALSE;

      /* TRANSLATORS: %s is an audience name */
      message = g_strdup_printf (_("Added the audience “%s”."), kennis_audience_get_name (audience));
      return print_audience_change (cli, audience, message);
    }

  if (g_str_equal (action, "rename"))
    {
      g_autofree char *old_name = NULL;

      if (!cli_check_n_args (*args, 3, 3, error) || !cli_open_store (cli, error))
        return FALSE;

      audience = kennis_store_find_audience (cli->store, (*args)[2], error);
      if (audience == NULL ||
          !kennis_store_rename_audience (cli->store, kennis_audience_get_id (audience), (*args)[3], error))
        return FALSE;

      changed = reload_audience (cli->store, kennis_audience_get_id (audience), error);
      if (changed == NULL)
        return FALSE;

      old_name = g_strdup (kennis_audience_get_name (audience));
      /* TRANSLATORS: both %s are audience names */
      message = g_strdup_printf (_("Renamed the audience “%s” to “%s”."), old_name,
                                 kennis_audience_get_name (changed));
      return print_audience_change (cli, changed, message);
    }

  if (g_str_equal (action, "remove"))
    {
      if (!cli_check_n_args (*args, 2, 2, error) || !cli_open_store (cli, error))
        return FALSE;

      audience = kennis_store_find_audience (cli->store, (*args)[2], error);
      if (audience == NULL ||
          !kennis_store_remove_audience (cli->store, kennis_audience_get_id (audience), error))
        return FALSE;

      /* TRANSLATORS: %s is an audience name */
      message = g_strdup_printf (_("Removed the audience “%s”; entries only for it are now for “Only me”."),
                                 kennis_audience_get_name (audience));
      return print_audience_change (cli, audience, message);
    }

  /* TRANSLATORS: %s is what the user typed after “audiences” */
  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
               _("Unknown audiences command “%s”; use add, rename or remove."), action);
  return FALSE;
}

/* tags */

gboolean
cli_cmd_tags (CliContext   *cli,
              char       ***args,
              GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GListModel) tags = NULL;

  context = cli_option_context_new (cli, "tags", NULL, N_("List tags and how many entries have each"), NULL);
  if (!cli_parse_options (context, args, error) ||
      !cli_check_n_args (*args, 0, 0, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  tags = kennis_store_list_tags (cli->store, error);
  if (tags == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
        {
          g_autoptr(KennisTag) tag = g_list_model_get_item (tags, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, kennis_tag_get_name (tag));
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, kennis_tag_get_n_entries (tag));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      cli_print_json (root);
      return TRUE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(KennisTag) tag = g_list_model_get_item (tags, i);

      g_print ("%s\t%u\n", kennis_tag_get_name (tag), kennis_tag_get_n_entries (tag));
    }

  return TRUE;
}
