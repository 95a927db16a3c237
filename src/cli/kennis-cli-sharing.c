/* kennis-cli-sharing.c — kennis-cli's share, unshare, targets and export commands
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#include <signal.h>
#endif

#include "kennis-post.h"
#include "kennis-sharing.h"
#include "kennis-site-writer.h"
#include "kennis-slug.h"
#include "kennis-store-sharing.h"

#include <json-glib/json-glib.h>

#include "kennis-cli-private.h"
#include "kennis-mastodon-target.h"
#include "kennis-metaweblog-target.h"
#include "kennis-micropub-target.h"
#include "kennis-wordpress-target.h"

/* How long share and unshare wait for their jobs before they give up; the
 * jobs stay in the outbox, so the app finishes them later. */
#define SHARE_TIMEOUT_SECONDS 60
/* How often the outbox is looked at for jobs that cannot run now. */
#define SETTLE_CHECK_MS       200

/* The entries of an export are read this many at a time. */
#define CHUNK_SIZE 64

typedef struct
{
  KennisSharing *sharing;
  KennisStore   *store;
  GMainLoop     *loop;
  const char    *entry_id;
  guint          n_queued;
  guint          n_done;
  GHashTable    *messages;    /* target name → why its job failed */
  gboolean       timed_out;
} ShareWait;

typedef struct
{
  gint64              job_id;
  gint64              target_id;
  KennisOutboxAction  action;
} QueuedJob;

/* helpers */

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

/* “Only me” is the absence of an audience: it never goes anywhere. */
static gboolean
check_no_only_me (char    **names,
                  GError  **error)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (cli_is_only_me (names[i]))
      {
        g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                     _("Entries for “Only me” never leave this computer; choose another audience."));
        return FALSE;
      }

  return TRUE;
}

/* A site's address is where readers find it, so only the web's own
 * schemes make sense. An empty text means none. */
static gboolean
check_base_url (const char  *url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || url[0] == '\0')
    return TRUE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL &&
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ||
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0) &&
      g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0')
    return TRUE;

  /* TRANSLATORS: %s is what the user typed after --base-url */
  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
               _("“%s” is not a web address starting with http:// or https://."), url);
  return FALSE;
}

static char *
dup_config_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strdup (json_node_get_string (node));
}

/* A folder target's settings, read leniently: a target whose folder is
 * missing must still be listed and mended. */
static KennisSiteConfig *
site_from_config (const char *config)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  KennisSiteConfig *site = kennis_site_config_new ();
  JsonNode *root;
  JsonObject *object;

  if (config == NULL || !json_parser_load_from_data (parser, config, -1, NULL))
    return site;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return site;

  object = json_node_get_object (root);
#define READ_MEMBER(field) \
  g_free (site->field); \
  site->field = dup_config_member (object, #field)
  READ_MEMBER (folder);
  READ_MEMBER (title);
  READ_MEMBER (author);
  READ_MEMBER (base_url);
  READ_MEMBER (language);
#undef READ_MEMBER

  return site;
}

static char *
config_from_site (const KennisSiteConfig *site)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
#define WRITE_MEMBER(field) \
  json_builder_set_member_name (builder, #field); \
  json_builder_add_string_value (builder, site->field ? site->field : "")
  WRITE_MEMBER (folder);
  WRITE_MEMBER (title);
  WRITE_MEMBER (author);
  WRITE_MEMBER (base_url);
  WRITE_MEMBER (language);
#undef WRITE_MEMBER
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
is_folder (const KennisTargetInfo *info)
{
  return g_strcmp0 (info->kind, "folder") == 0;
}

static gboolean
routes_from (const KennisTargetInfo *info,
             gint64                  audience_id)
{
  for (guint i = 0; info->audiences != NULL && i < info->audiences->len; i++)
    if (g_array_index (info->audiences, gint64, i) == audience_id)
      return TRUE;

  return FALSE;
}

/* The audiences routed to @info, in the order the app lists them. */
static char *
dup_route_names (const KennisTargetInfo *info,
                 GListModel             *audiences)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (routes_from (info, kennis_audience_get_id (audience)))
        g_strv_builder_add (builder, kennis_audience_get_name (audience));
    }

  names = g_strv_builder_end (builder);
  if (names[0] == NULL)
    return g_strdup (_("no audience"));
  return g_strjoinv (", ", names);
}

static JsonNode *
target_to_json (const KennisTargetInfo *info,
                GListModel             *audiences)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(KennisSiteConfig) site = is_folder (info) ? site_from_config (info->config) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, info->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, info->kind);
  add_string_or_null (builder, "folder", site ? site->folder : NULL);
  add_string_or_null (builder, "title", site ? site->title : NULL);
  add_string_or_null (builder, "author", site ? site->author : NULL);
  add_string_or_null (builder, "base_url", site ? site->base_url : NULL);
  add_string_or_null (builder, "language", site ? site->language : NULL);

  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (!routes_from (info, kennis_audience_get_id (audience)))
        continue;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "key", kennis_audience_get_key (audience));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, kennis_audience_get_name (audience));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* One line: name, kind, where it writes (and its web address), and the
 * audiences that go there. */
static void
print_target_line (const KennisTargetInfo *info,
                   GListModel             *audiences)
{
  g_autoptr(KennisSiteConfig) site = is_folder (info) ? site_from_config (info->config) : NULL;
  g_autofree char *routes = dup_route_names (info, audiences);
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%s\t%s", info->name, info->kind);
  if (site != NULL)
    {
      g_string_append_printf (line, "\t%s", site->folder);
      if (site->base_url[0] != '\0')
        g_string_append_printf (line, " (%s)", site->base_url);
    }
  /* TRANSLATORS: the audiences whose entries go to a place to share to */
  g_string_append_printf (line, "\t%s %s", _("for:"), routes);

  g_print ("%s\n", line->str);
}

/* Prints @info as the user asked: its JSON object, or @message. */
static gboolean
print_target_change (CliContext             *cli,
                     const KennisTargetInfo *info,
                     const char             *message,
                     GError                **error)
{
  g_autoptr(GListModel) audiences = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!cli->json)
    {
      g_print ("%s\n", message);
      return TRUE;
    }

  audiences = kennis_store_list_audiences (cli->store, error);
  if (audiences == NULL)
    return FALSE;

  node = target_to_json (info, audiences);
  cli_print_json (node);
  return TRUE;
}

/* share and unshare */

static gint64
last_job_id (KennisStore  *store,
             GError      **error)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (store, error);
  gint64 last = 0;

  if (jobs == NULL)
    return -1;

  for (guint i = 0; i < jobs->len; i++)
    last = MAX (last, ((KennisOutboxJob *)g_ptr_array_index (jobs, i))->id);

  return last;
}

/* The jobs queued for this entry after @after: the ones this command made. */
static GArray *
list_new_jobs (KennisStore  *store,
               gint64        entry_num,
               gint64        after,
               GError      **error)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (store, error);
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (QueuedJob));

  if (jobs == NULL)
    return NULL;

  for (guint i = 0; i < jobs->len; i++)
    {
      KennisOutboxJob *job = g_ptr_array_index (jobs, i);
      QueuedJob queued = { job->id, job->target_id, job->action };

      if (job->id > after && job->entry_num == entry_num)
        g_array_append_val (mine, queued);
    }

  return g_steal_pointer (&mine);
}

static void
job_done_cb (KennisSharing *sharing,
             const char    *entry_id,
             const char    *target_name,
             int            action,
             const char    *error_message,
             gpointer       user_data)
{
  ShareWait *wait = user_data;

  if (g_strcmp0 (entry_id, wait->entry_id) != 0)
    return;

  wait->n_done++;
  if (target_name != NULL && error_message != NULL)
    g_hash_table_insert (wait->messages, g_strdup (target_name), g_strdup (error_message));

  if (wait->n_done >= wait->n_queued)
    g_main_loop_quit (wait->loop);
}

static gboolean
any_job_running (KennisStore *store)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (store, NULL);

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    if (((KennisOutboxJob *)jobs->pdata[i])->running)
      return TRUE;
  return FALSE;
}

/* A job may be unable to run now: it waits for a retry, or behind an
 * earlier job for the same place that failed. Then there is nothing more
 * to wait for. One that another program (the app) is sending is waited
 * for: it is on its way. */
static gboolean
settle_check_cb (gpointer user_data)
{
  ShareWait *wait = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(KennisOutboxJob) next = NULL;
  g_autoptr(GError) error = NULL;

  if (kennis_sharing_is_busy (wait->sharing))
    return G_SOURCE_CONTINUE;

  now = g_date_time_new_now_utc ();
  next = kennis_store_outbox_next (wait->store, now, &error);
  if (next == NULL && !any_job_running (wait->store))
    g_main_loop_quit (wait->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  ShareWait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_CONTINUE;
}

static KennisOutboxJob *
find_job (GPtrArray *jobs,
          gint64     job_id)
{
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      KennisOutboxJob *job = g_ptr_array_index (jobs, i);

      if (job->id == job_id)
        return job;
    }

  return NULL;
}

static KennisShareInfo *
find_share (GPtrArray *shares,
            gint64     target_id)
{
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      KennisShareInfo *share = g_ptr_array_index (shares, i);

      if (share->target_id == target_id)
        return share;
    }

  return NULL;
}

static char *
describe_done (KennisOutboxAction  action,
               const char         *target,
               const char         *url)
{
  switch (action)
    {
    case KENNIS_OUTBOX_SHARE:
      /* TRANSLATORS: %s is a place to share to, then a web address */
      return url ? g_strdup_printf (_("Shared to “%s”: %s"), target, url)
                 : g_strdup_printf (_("Shared to “%s”."), target);
    case KENNIS_OUTBOX_UPDATE:
      /* TRANSLATORS: %s is a place to share to, then a web address */
      return url ? g_strdup_printf (_("Updated on “%s”: %s"), target, url)
                 : g_strdup_printf (_("Updated on “%s”."), target);
    case KENNIS_OUTBOX_UNSHARE:
    default:
      /* TRANSLATORS: %s is a place to share to */
      return g_strdup_printf (_("Taken down from “%s”."), target);
    }
}

static char *
describe_failure (KennisOutboxAction  action,
                  const char         *target,
                  const char         *why)
{
  switch (action)
    {
    case KENNIS_OUTBOX_SHARE:
      /* TRANSLATORS: %s is a place to share to, then the reason */
      return g_strdup_printf (_("Could not share to “%s”: %s"), target, why);
    case KENNIS_OUTBOX_UPDATE:
      /* TRANSLATORS: %s is a place to share to, then the reason */
      return g_strdup_printf (_("Could not update the copy on “%s”: %s"), target, why);
    case KENNIS_OUTBOX_UNSHARE:
    default:
      /* TRANSLATORS: %s is a place to share to, then the reason */
      return g_strdup_printf (_("Could not take it down from “%s”: %s"), target, why);
    }
}

/* Says per place what happened, from the notebook itself: the jobs that
 * are gone from the outbox were done. */
static gboolean
report_jobs (CliContext   *cli,
             ShareWait    *wait,
             KennisEntry  *entry,
             GArray       *queued,
             GError      **error)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (cli->store, error);
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *title = kennis_entry_dup_display_title (entry);
  guint n_failed = 0;

  if (jobs == NULL)
    return FALSE;
  shares = kennis_store_list_shares (cli->store, kennis_entry_get_num (entry), error);
  if (shares == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, kennis_entry_get_id (entry));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);

  for (guint i = 0; i < queued->len; i++)
    {
      QueuedJob *mine = &g_array_index (queued, QueuedJob, i);
      KennisOutboxJob *job = find_job (jobs, mine->job_id);
      KennisShareInfo *share = find_share (shares, mine->target_id);
      g_autoptr(KennisTargetInfo) info = kennis_store_get_target (cli->store, mine->target_id, NULL);
      const char *name = info ? info->name : share ? share->target_name : "?";
      const char *url = NULL;
      g_autofree char *why = NULL;
      g_autofree char *line = NULL;

      if (job == NULL)
        url = mine->action != KENNIS_OUTBOX_UNSHARE && share != NULL &&
              share->url != NULL && share->url[0] != '\0' ? share->url : NULL;
      else
        {
          const char *reason = g_hash_table_lookup (wait->messages, name);

          if (reason == NULL)
            reason = job->last_error;

          if (job->running)
            why = g_strdup (_("Kennis is sending it right now; it stays queued until it is there."));
          else if (reason != NULL && !job->failed)
            /* TRANSLATORS: %s is why the last attempt did not work */
            why = g_strdup_printf (_("%s Kennis tries again later."), reason);
          else if (reason != NULL)
            why = g_strdup (reason);
          else if (wait->timed_out)
            why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "It was not done within %u second; it stays queued.",
                                                "It was not done within %u seconds; it stays queued.",
                                                SHARE_TIMEOUT_SECONDS),
                                   SHARE_TIMEOUT_SECONDS);
          else
            why = g_strdup (_("It waits behind an earlier job for the same place that did not work; "
                              "retry or cancel that one in Kennis."));
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, kennis_outbox_action_to_string (mine->action));
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, job == NULL);
      add_string_or_null (builder, "url", url);
      add_string_or_null (builder, "error", why);
      json_builder_end_object (builder);

      if (job != NULL)
        {
          n_failed++;
          line = describe_failure (mine->action, name, why);
          g_printerr ("kennis-cli: %s\n", line);
        }
      else if (!cli->json)
        {
          line = describe_done (mine->action, name, url);
          g_print ("%s\n", line);
        }
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (cli->json)
    {
      root = json_builder_get_root (builder);
      cli_print_json (root);
    }

  if (n_failed > 0)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The change did not reach %u place.",
                                "The change did not reach %u places.",
                                n_failed),
                   n_failed);
      return FALSE;
    }

  return TRUE;
}

/* Runs the outbox until the jobs this command queued are done, or cannot
 * be done now. */
#ifdef G_OS_UNIX
/* Ctrl+C while waiting: the job under way is given back, not left claimed
 * by a program that is gone. */
static gboolean
interrupted_cb (gpointer user_data)
{
  ShareWait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_CONTINUE;
}
#endif

static void
wait_for_jobs (ShareWait *wait)
{
  guint settle_id;
  guint timeout_id;
  gulong handler;
#ifdef G_OS_UNIX
  guint sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, wait);
  guint sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, wait);
#endif

  handler = g_signal_connect (wait->sharing, "job-done", G_CALLBACK (job_done_cb), wait);
  settle_id = g_timeout_add (SETTLE_CHECK_MS, settle_check_cb, wait);
  timeout_id = g_timeout_add_seconds (SHARE_TIMEOUT_SECONDS, timeout_cb, wait);

  kennis_sharing_run (wait->sharing);
  g_main_loop_run (wait->loop);
  /* What is still under way is left to the app, due at once. */
  kennis_sharing_stop (wait->sharing);

  g_clear_handle_id (&settle_id, g_source_remove);
  g_clear_handle_id (&timeout_id, g_source_remove);
#ifdef G_OS_UNIX
  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);
#endif
  g_clear_signal_handler (&handler, wait->sharing);
}

static gboolean
share_or_unshare (CliContext   *cli,
                  KennisEntry  *entry,
                  gboolean      share,
                  gint64        target_id,
                  GError      **error)
{
  g_autoptr(KennisSharing) sharing = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GHashTable) messages = NULL;
  g_autoptr(GArray) queued = NULL;
  g_autoptr(GError) local_error = NULL;
  ShareWait wait = { 0 };
  gint64 after;
  guint n;

  after = last_job_id (cli->store, error);
  if (after < 0)
    return FALSE;

  sharing = kennis_sharing_new (cli->store);
  if (share)
    n = kennis_sharing_share (sharing, entry, &local_error);
  else
    n = kennis_sharing_unshare (sharing, entry, target_id, &local_error);

  if (n == 0)
    {
      /* “Only me” and “leads nowhere” are not typing mistakes: the entry
       * cannot be shared as it is. */
      if (g_error_matches (local_error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID)
          && share && !kennis_entry_is_private (entry))
        /* TRANSLATORS: %s says the entry's audiences lead nowhere; the command stays as it is */
        g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                     _("%s Or run: kennis-cli targets route NAME --for AUDIENCE"), local_error->message);
      else if (g_error_matches (local_error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID))
        g_set_error_literal (error, CLI_ERROR, CLI_ERROR_FAILED, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  queued = list_new_jobs (cli->store, kennis_entry_get_num (entry), after, error);
  if (queued == NULL)
    return FALSE;

  loop = g_main_loop_new (NULL, FALSE);
  messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  wait.sharing = sharing;
  wait.store = cli->store;
  wait.loop = loop;
  wait.entry_id = kennis_entry_get_id (entry);
  wait.n_queued = queued->len;
  wait.messages = messages;
  wait_for_jobs (&wait);

  return report_jobs (cli, &wait, entry, queued, error);
}

gboolean
cli_cmd_share (CliContext   *cli,
               char       ***args,
               GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisEntry) entry = NULL;

  context = cli_option_context_new (cli, "share", _("ID"),
                                    N_("Share an entry with everyone it is for: to every place its "
                                       "audiences go to, and taken down where they no longer go"),
                                    NULL);
  if (!cli_parse_options (context, args, error) ||
      !check_id_given (*args, error) ||
      !cli_check_n_args (*args, 1, 1, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  entry = cli_resolve_entry (cli->store, (*args)[1], error);
  if (entry == NULL)
    return FALSE;

  return share_or_unshare (cli, entry, TRUE, 0, error);
}

gboolean
cli_cmd_unshare (CliContext   *cli,
                 char       ***args,
                 GError      **error)
{
  g_autofree char *target_name = NULL;
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_FILENAME, &target_name,
      N_("Only from this place to share to (without it, from everywhere)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(KennisTargetInfo) target = NULL;

  context = cli_option_context_new (cli, "unshare", _("ID"),
                                    N_("Take a shared entry down again; it stays in your notebook"),
                                    entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8 (&target_name, "--target", error) ||
      !check_id_given (*args, error) ||
      !cli_check_n_args (*args, 1, 1, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  entry = cli_resolve_entry (cli->store, (*args)[1], error);
  if (entry == NULL)
    return FALSE;

  if (target_name != NULL)
    {
      target = kennis_store_find_target (cli->store, target_name, error);
      if (target == NULL)
        return FALSE;
    }

  return share_or_unshare (cli, entry, FALSE, target ? target->id : 0, error);
}

/* targets */

typedef struct
{
  char     *folder;
  char     *title;
  char     *author;
  char     *base_url;
  char     *language;
  char     *new_name;
  char     *site;
  char     *user;
  char     *instance;
  char     *account;
  char     *visibility;
  gboolean  draft;
  gboolean  sign_in;
  char     *blog;
  char     *tags_as;
  GStrv     audience_names;
  gboolean  off;
} TargetOptions;

static void
target_options_clear (TargetOptions *options)
{
  g_clear_pointer (&options->folder, g_free);
  g_clear_pointer (&options->title, g_free);
  g_clear_pointer (&options->author, g_free);
  g_clear_pointer (&options->base_url, g_free);
  g_clear_pointer (&options->language, g_free);
  g_clear_pointer (&options->new_name, g_free);
  g_clear_pointer (&options->site, g_free);
  g_clear_pointer (&options->user, g_free);
  g_clear_pointer (&options->instance, g_free);
  g_clear_pointer (&options->account, g_free);
  g_clear_pointer (&options->visibility, g_free);
  g_clear_pointer (&options->blog, g_free);
  g_clear_pointer (&options->tags_as, g_free);
  g_clear_pointer (&options->audience_names, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TargetOptions, target_options_clear)

static gboolean
has_site_options (const TargetOptions *options)
{
  return options->folder != NULL || options->title != NULL || options->author != NULL ||
         options->base_url != NULL || options->language != NULL;
}

/* An option that a subcommand does not use is a mistake worth saying, not
 * something to ignore silently. */
static gboolean
check_options_fit (const TargetOptions  *options,
                   const char           *action,
                   gboolean              site,
                   gboolean              name,
                   gboolean              audiences,
                   gboolean              off,
                   GError              **error)
{
  const char *stray = NULL;

  if (!site && options->folder != NULL)
    stray = "--folder";
  else if (!site && options->title != NULL)
    stray = "--title";
  else if (!site && options->author != NULL)
    stray = "--author";
  else if (!site && options->base_url != NULL)
    stray = "--base-url";
  else if (!site && options->language != NULL)
    stray = "--language";
  else if (!name && options->new_name != NULL)
    stray = "--name";
  else if (options->site != NULL)
    stray = "--site";
  else if (options->user != NULL)
    stray = "--user";
  else if (options->instance != NULL)
    stray = "--instance";
  else if (options->account != NULL)
    stray = "--account";
  else if (options->visibility != NULL)
    stray = "--visibility";
  else if (options->draft)
    stray = "--draft";
  else if (options->sign_in)
    stray = "--sign-in";
  else if (options->blog != NULL)
    stray = "--blog";
  else if (options->tags_as != NULL)
    stray = "--tags-as";
  else if (!audiences && options->audience_names != NULL)
    stray = "--for";
  else if (!off && options->off)
    stray = "--off";

  if (stray == NULL)
    return TRUE;

  if (action == NULL)
    /* TRANSLATORS: %s is an option */
    g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s is not used when listing places to share to."), stray);
  else
    /* TRANSLATORS: the first %s is an option, the second what follows “targets” */
    g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s is not used with “targets %s”."), stray, action);
  return FALSE;
}

/* Folder paths are stored whole, so a relative one means the same later,
 * from any folder. */
static char *
dup_absolute_folder (const char  *folder,
                     GError     **error)
{
  if (folder == NULL || folder[0] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Say which folder to write into: --folder DIR."));
      return NULL;
    }

  return g_canonicalize_filename (folder, NULL);
}

static GArray *
resolve_route_audiences (KennisStore  *store,
                         char        **names,
                         GError      **error)
{
  if (!check_no_only_me (names, error))
    return NULL;

  return cli_resolve_audiences (store, names, error);
}

static gboolean
set_routes (KennisStore  *store,
            GArray       *audiences,
            gint64        target_id,
            gboolean      routed,
            GError      **error)
{
  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    if (!kennis_store_set_route (store, g_array_index (audiences, gint64, i), target_id, routed, error))
      return FALSE;

  return TRUE;
}

static char *
dup_audience_list (KennisStore  *store,
                   GArray       *ids)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KennisAudience) audience = kennis_store_get_audience (store, g_array_index (ids, gint64, i), NULL);
      g_autofree char *quoted = NULL;

      if (audience == NULL)
        continue;
      /* TRANSLATORS: an audience's name in quotes */
      quoted = g_strdup_printf (_("“%s”"), kennis_audience_get_name (audience));
      g_strv_builder_add (builder, quoted);
    }

  names = g_strv_builder_end (builder);
  return g_strjoinv (", ", names);
}

static gboolean
print_targets (CliContext  *cli,
               GError     **error)
{
  g_autoptr(GPtrArray) targets = kennis_store_list_targets (cli->store, error);
  g_autoptr(GListModel) audiences = NULL;

  if (targets == NULL)
    return FALSE;
  audiences = kennis_store_list_audiences (cli->store, error);
  if (audiences == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);
      JsonArray *items = json_array_new ();

      json_node_take_array (array, items);
      for (guint i = 0; i < targets->len; i++)
        json_array_add_element (items, target_to_json (g_ptr_array_index (targets, i), audiences));
      cli_print_json (array);
      return TRUE;
    }

  for (guint i = 0; i < targets->len; i++)
    print_target_line (g_ptr_array_index (targets, i), audiences);

  return TRUE;
}

/* The settings of a network target, from the options for its kind. */
static char *
build_network_config (const char     *kind,
                      TargetOptions  *options,
                      GError        **error)
{
  gboolean mastodon = g_str_equal (kind, "mastodon");

  if ((mastodon && (options->instance == NULL || (options->account == NULL && !options->sign_in))) ||
      ((g_str_equal (kind, "wordpress") || g_str_equal (kind, "metaweblog")) &&
       (options->site == NULL || options->user == NULL)) ||
      (g_str_equal (kind, "micropub") && options->site == NULL))
    {
      /* TRANSLATORS: the options are typed as they are */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("A WordPress or MetaWeblog blog needs --site and --user, a Mastodon account --instance "
                     "and --account, a Micropub site --site."));
      return NULL;
    }
  if (g_str_equal (kind, "wordpress"))
    return kennis_wordpress_target_build_config (options->site, options->user, options->draft);
  if (g_str_equal (kind, "metaweblog"))
    return kennis_metaweblog_target_build_config (options->site, options->user, options->blog,
                                                  g_strcmp0 (options->tags_as, "categories") == 0);
  if (mastodon)
    return kennis_mastodon_target_build_config (options->instance, options->account, options->visibility);
  return kennis_micropub_target_build_config (options->site, options->draft);
}

/* Signs in through the browser; the settings then name the account the
 * server gave the token for. */
static char *
sign_in (const char     *kind,
         TargetOptions  *options,
         char          **config,
         GError        **error)
{
  g_autofree char *secret = NULL;
  g_autofree char *address = NULL;
  g_autofree char *account = NULL;

  if (g_str_equal (kind, "micropub"))
    {
      secret = cli_sign_in_micropub (options->site, &address, error);
      if (secret == NULL)
        return NULL;
      g_free (options->site);
      options->site = g_steal_pointer (&address);
    }
  else
    {
      secret = cli_sign_in_mastodon (options->instance, &address, &account, error);
      if (secret == NULL)
        return NULL;
      g_free (options->instance);
      options->instance = g_steal_pointer (&address);
      g_free (options->account);
      options->account = g_steal_pointer (&account);
    }

  g_free (*config);
  *config = build_network_config (kind, options, error);
  return *config != NULL ? g_steal_pointer (&secret) : NULL;
}

/* TRUE when the account has one blog, or --blog said which; else FALSE
 * with @error naming the blogs to choose from. */
static gboolean
knows_blog (KennisMetaweblogTarget  *target,
            const char              *wanted,
            GError                 **error)
{
  GPtrArray *blogs = kennis_metaweblog_target_get_blogs (target);
  g_autoptr(GString) names = g_string_new (NULL);

  if (wanted != NULL || blogs == NULL || blogs->len < 2)
    return TRUE;

  for (guint i = 0; i < blogs->len; i++)
    {
      KennisMetaweblogBlog *blog = g_ptr_array_index (blogs, i);

      /* TRANSLATORS: a blog's name, then its id, in a list of blogs */
      g_string_append_printf (names, _("%s“%s” (%s)"), i > 0 ? ", " : "", blog->name, blog->id);
    }
  /* TRANSLATORS: a list of blogs; --blog is typed as it is */
  g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("This account has several blogs: %s. Say which with --blog."),
               names->str);
  return FALSE;
}

/* The settings to keep in @config, with what the check found out. FALSE,
 * with the password forgotten, when the account has several blogs and
 * there is no telling which. */
static gboolean
choose_config (KennisTarget   *checked,
               const char     *previous,
               TargetOptions  *options,
               char          **config,
               GError        **error)
{
  g_autofree char *found = NULL;

  if (KENNIS_IS_METAWEBLOG_TARGET (checked) &&
      !knows_blog (KENNIS_METAWEBLOG_TARGET (checked), options->blog, error))
    {
      cli_forget_secret (checked, previous);
      return FALSE;
    }
  found = kennis_target_dup_config (checked);
  if (found != NULL)
    {
      g_free (*config);
      *config = g_steal_pointer (&found);
    }
  return TRUE;
}

/* targets add wordpress|mastodon|micropub NAME …: the password or token
 * comes from standard input or a prompt, never the command line, where
 * other users could see it, and is checked before anything is kept. */
static gboolean
targets_add_network (CliContext     *cli,
                     char          **args,
                     TargetOptions  *options,
                     GError        **error)
{
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GArray) audiences = NULL;
  g_autofree char *config = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *found = NULL;
  g_autoptr(KennisTarget) checked = NULL;
  g_autofree char *previous = NULL;
  const char *kind = args[2];

  if (has_site_options (options) || options->new_name != NULL || options->off)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("--folder, --title, --author, --base-url and --language are for a folder."));
      return FALSE;
    }
  if (args[3] == NULL || !cli_check_n_args (args, 3, 3, error))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Say what to add: “targets add %s NAME …”."), kind);
      return FALSE;
    }
  if ((options->blog != NULL || options->tags_as != NULL) && !g_str_equal (kind, "metaweblog"))
    {
      /* TRANSLATORS: --blog and --tags-as are typed as they are */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("--blog and --tags-as are for a MetaWeblog blog."));
      return FALSE;
    }
  if (options->tags_as != NULL && !g_str_equal (options->tags_as, "keywords") &&
      !g_str_equal (options->tags_as, "categories"))
    {
      /* TRANSLATORS: what the user typed after --tags-as; the words in quotes are typed as they are */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("--tags-as is “keywords” or “categories”, not “%s”."), options->tags_as);
      return FALSE;
    }
  if (options->sign_in && !g_str_equal (kind, "mastodon") && !g_str_equal (kind, "micropub"))
    {
      /* TRANSLATORS: --sign-in is typed as it is */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("--sign-in is for a Mastodon account or a Micropub site."));
      return FALSE;
    }
  config = build_network_config (kind, options, error);
  if (config == NULL)
    return FALSE;

  if (options->sign_in)
    secret = sign_in (kind, options, &config, error);
  else
    secret = cli_read_secret (g_str_equal (kind, "wordpress") ? _("Application Password: ")
                              : g_str_equal (kind, "metaweblog") ? _("Password: ") : _("Access token: "),
                              error);
  if (secret == NULL || !cli_open_store (cli, error))
    return FALSE;
  audiences = resolve_route_audiences (cli->store, options->audience_names, error);
  if (audiences == NULL)
    return FALSE;

  found = cli_check_target (kind, args[3], config, secret, &checked, &previous, error);
  if (found == NULL)
    return FALSE;
  if (!choose_config (checked, previous, options, &config, error))
    return FALSE;

  added = kennis_store_add_target (cli->store, kind, args[3], config, error);
  if (added == NULL)
    {
      cli_forget_secret (checked, previous);
      return FALSE;
    }
  if (!set_routes (cli->store, audiences, added->id, TRUE, error))
    return FALSE;
  info = kennis_store_get_target (cli->store, added->id, error);
  if (info == NULL)
    return FALSE;

  return print_target_change (cli, info, found, error);
}

static gboolean
targets_add (CliContext     *cli,
             char          **args,
             TargetOptions  *options,
             GError        **error)
{
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GArray) audiences = NULL;
  g_autofree char *config = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (args[2], "wordpress") == 0 || g_strcmp0 (args[2], "mastodon") == 0 ||
      g_strcmp0 (args[2], "micropub") == 0 || g_strcmp0 (args[2], "metaweblog") == 0)
    return targets_add_network (cli, args, options, error);

  if (!check_options_fit (options, "add", TRUE, FALSE, TRUE, FALSE, error))
    return FALSE;

  if (args[2] == NULL || args[3] == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Say what to add: “targets add folder NAME --folder DIR”."));
      return FALSE;
    }
  if (!g_str_equal (args[2], "folder"))
    {
      /* TRANSLATORS: %s is what the user typed; “folder” and “wordpress” are typed as they are */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("kennis-cli can add a folder, a WordPress, MetaWeblog or Micropub site or a Mastodon "
                     "account, not “%s”."), args[2]);
      return FALSE;
    }
  if (!cli_check_n_args (args, 3, 3, error) ||
      !check_base_url (options->base_url, error) ||
      !cli_check_language (options->language, error) ||
      !check_no_only_me (options->audience_names, error))
    return FALSE;

  g_free (site->folder);
  site->folder = dup_absolute_folder (options->folder, error);
  if (site->folder == NULL)
    return FALSE;

  if (!cli_open_store (cli, error))
    return FALSE;

  /* Every audience is known before anything is added. */
  audiences = resolve_route_audiences (cli->store, options->audience_names, error);
  if (audiences == NULL)
    return FALSE;

  g_free (site->title);
  site->title = g_strdup (options->title ? options->title : args[3]);
  g_free (site->author);
  site->author = g_strdup (options->author ? options->author : g_get_real_name ());
  g_free (site->base_url);
  site->base_url = g_strdup (options->base_url ? options->base_url : "");
  g_free (site->language);
  site->language = options->language ? g_strdup (options->language) : cli_dup_default_language ();
  config = config_from_site (site);

  added = kennis_store_add_target (cli->store, "folder", args[3], config, error);
  if (added == NULL || !set_routes (cli->store, audiences, added->id, TRUE, error))
    return FALSE;

  info = kennis_store_get_target (cli->store, added->id, error);
  if (info == NULL)
    return FALSE;

  /* TRANSLATORS: a place to share to, then its folder */
  message = g_strdup_printf (_("Added “%s”, which writes into “%s”."), info->name, site->folder);
  return print_target_change (cli, info, message, error);
}

static gboolean
targets_edit (CliContext     *cli,
              char          **args,
              TargetOptions  *options,
              GError        **error)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(KennisSiteConfig) site = NULL;
  g_autofree char *config = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;

  if (!check_options_fit (options, "edit", TRUE, TRUE, FALSE, FALSE, error) ||
      !cli_check_n_args (args, 2, 2, error) ||
      !check_base_url (options->base_url, error) ||
      !cli_check_language (options->language, error))
    return FALSE;

  if (!has_site_options (options) && options->new_name == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Nothing to change; say what to change, e.g. --folder DIR or --name NEW."));
      return FALSE;
    }

  if (options->folder != NULL)
    {
      folder = dup_absolute_folder (options->folder, error);
      if (folder == NULL)
        return FALSE;
    }

  if (!cli_open_store (cli, error))
    return FALSE;

  target = kennis_store_find_target (cli->store, args[2], error);
  if (target == NULL)
    return FALSE;

  if (has_site_options (options))
    {
      if (!is_folder (target))
        {
          /* TRANSLATORS: %s is a place to share to */
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                       _("“%s” is not a folder; change its settings in Kennis."), target->name);
          return FALSE;
        }

      site = site_from_config (target->config);
#define REPLACE(field, value) \
  if ((value) != NULL) \
    { \
      g_free (site->field); \
      site->field = g_strdup (value); \
    }
      REPLACE (folder, folder);
      REPLACE (title, options->title);
      REPLACE (author, options->author);
      REPLACE (base_url, options->base_url);
      REPLACE (language, options->language);
#undef REPLACE
      config = config_from_site (site);
    }

  if (!kennis_store_update_target (cli->store, target->id, options->new_name, config, error))
    return FALSE;

  info = kennis_store_get_target (cli->store, target->id, error);
  if (info == NULL)
    return FALSE;

  /* TRANSLATORS: %s is a place to share to */
  message = g_strdup_printf (_("Changed “%s”. What is shared there already changes when it is shared again."),
                             info->name);
  return print_target_change (cli, info, message, error);
}

static gboolean
targets_remove (CliContext     *cli,
                char          **args,
                TargetOptions  *options,
                GError        **error)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autofree char *message = NULL;

  if (!check_options_fit (options, "remove", FALSE, FALSE, FALSE, FALSE, error) ||
      !cli_check_n_args (args, 2, 2, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  target = kennis_store_find_target (cli->store, args[2], error);
  if (target == NULL)
    return FALSE;

  if (!kennis_store_remove_target (cli->store, target->id, error))
    return FALSE;

  /* TRANSLATORS: %s is a place to share to */
  message = g_strdup_printf (_("Removed “%s”; what was shared there stays where it is."), target->name);
  return print_target_change (cli, target, message, error);
}

static gboolean
targets_route (CliContext     *cli,
               char          **args,
               TargetOptions  *options,
               GError        **error)
{
  g_autoptr(KennisTargetInfo) target = NULL;
  g_autoptr(KennisTargetInfo) info = NULL;
  g_autoptr(GArray) audiences = NULL;
  g_autofree char *names = NULL;
  g_autofree char *message = NULL;

  if (!check_options_fit (options, "route", FALSE, FALSE, TRUE, TRUE, error) ||
      !cli_check_n_args (args, 2, 2, error) ||
      !check_no_only_me (options->audience_names, error))
    return FALSE;

  if (options->audience_names == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Say which audiences: --for AUDIENCE, repeated for more."));
      return FALSE;
    }

  if (!cli_open_store (cli, error))
    return FALSE;

  target = kennis_store_find_target (cli->store, args[2], error);
  if (target == NULL)
    return FALSE;

  audiences = resolve_route_audiences (cli->store, options->audience_names, error);
  if (audiences == NULL || !set_routes (cli->store, audiences, target->id, !options->off, error))
    return FALSE;

  info = kennis_store_get_target (cli->store, target->id, error);
  if (info == NULL)
    return FALSE;

  names = dup_audience_list (cli->store, audiences);
  if (options->off)
    /* TRANSLATORS: the first %s is a list of audiences, the second a place to share to */
    message = g_strdup_printf (_("Entries for %s no longer go to “%s”."), names, info->name);
  else
    /* TRANSLATORS: the first %s is a list of audiences, the second a place to share to */
    message = g_strdup_printf (_("Entries for %s now go to “%s” when you share them."), names, info->name);
  return print_target_change (cli, info, message, error);
}

gboolean
cli_cmd_targets (CliContext   *cli,
                 char       ***args,
                 GError      **error)
{
  g_auto(TargetOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &options.folder,
      N_("add, edit: the folder to write the site into"), N_("DIR") },
    { "title", 0, 0, G_OPTION_ARG_FILENAME, &options.title,
      N_("add, edit: the site’s title (without it, the name)"), N_("TITLE") },
    { "author", 0, 0, G_OPTION_ARG_FILENAME, &options.author,
      N_("add, edit: the author named in the feeds"), N_("NAME") },
    { "base-url", 0, 0, G_OPTION_ARG_FILENAME, &options.base_url,
      N_("add, edit: the web address the folder is published at, for whole links in the feeds"), N_("URL") },
    { "language", 0, 0, G_OPTION_ARG_FILENAME, &options.language,
      N_("add, edit: the site’s language, e.g. nl or en"), N_("CODE") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &options.new_name, N_("edit: a new name"), N_("NEW") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &options.site,
      N_("add wordpress, metaweblog, micropub: the site’s address"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user,
      N_("add wordpress, metaweblog: the user name; the password is read from standard input"), N_("NAME") },
    { "instance", 0, 0, G_OPTION_ARG_STRING, &options.instance,
      N_("add mastodon: the server’s address; the access token is read from standard input"), N_("URL") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &options.account,
      N_("add mastodon: your account’s name"), N_("NAME") },
    { "visibility", 0, 0, G_OPTION_ARG_STRING, &options.visibility,
      N_("add mastodon: who sees posts not for Public: unlisted (the default), private or public"), N_("WHO") },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &options.draft,
      N_("add wordpress, micropub: send posts as drafts"), NULL },
    { "blog", 0, 0, G_OPTION_ARG_STRING, &options.blog,
      N_("add metaweblog: which of your blogs there, by name or id, when you have several"), N_("BLOG") },
    { "tags-as", 0, 0, G_OPTION_ARG_STRING, &options.tags_as,
      N_("add metaweblog: send tags as keywords (the default) or as categories, for blogs without tags"),
      N_("keywords|categories") },
    { "sign-in", 0, 0, G_OPTION_ARG_NONE, &options.sign_in,
      N_("add mastodon, micropub: sign in through the browser instead of reading a token"), NULL },
    { "for", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.audience_names,
      N_("add, route: an audience whose entries go there; repeat for more"), N_("AUDIENCE") },
    { "off", 0, 0, G_OPTION_ARG_NONE, &options.off,
      N_("route: stop sending these audiences there"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  const char *action;

  context = cli_option_context_new (cli, "targets",
                                    _("[add folder|wordpress|metaweblog|mastodon|micropub NAME | edit NAME | remove NAME | route NAME]"),
                                    N_("List, add, change, remove or route places to share to"), entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8 (&options.title, "--title", error) ||
      !cli_ensure_utf8 (&options.author, "--author", error) ||
      !cli_ensure_utf8 (&options.base_url, "--base-url", error) ||
      !cli_ensure_utf8 (&options.language, "--language", error) ||
      !cli_ensure_utf8 (&options.new_name, "--name", error) ||
      !cli_ensure_utf8_strv (options.audience_names, "--for", error) ||
      !cli_ensure_utf8_strv (*args, _("the name"), error))
    return FALSE;

  action = (*args)[1];
  if (action == NULL)
    return check_options_fit (&options, NULL, FALSE, FALSE, FALSE, FALSE, error) &&
           cli_open_store (cli, error) &&
           print_targets (cli, error);

  if (g_str_equal (action, "add"))
    return targets_add (cli, *args, &options, error);

  if (!g_str_equal (action, "edit") && !g_str_equal (action, "remove") && !g_str_equal (action, "route"))
    {
      /* TRANSLATORS: %s is what the user typed after “targets” */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Unknown targets command “%s”; use add, edit, remove or route."), action);
      return FALSE;
    }

  if ((*args)[2] == NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("Give the name of a place to share to, as “kennis-cli targets” shows it."));
      return FALSE;
    }

  if (g_str_equal (action, "edit"))
    return targets_edit (cli, *args, &options, error);
  if (g_str_equal (action, "remove"))
    return targets_remove (cli, *args, &options, error);
  return targets_route (cli, *args, &options, error);
}

/* export */

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  KennisEntry *entry_a = *(KennisEntry **)a;
  KennisEntry *entry_b = *(KennisEntry **)b;
  int order = g_date_time_compare (kennis_entry_get_created (entry_a), kennis_entry_get_created (entry_b));

  if (order != 0)
    return order;
  return strcmp (kennis_entry_get_id (entry_a), kennis_entry_get_id (entry_b));
}

static int
compare_nums (gconstpointer a,
              gconstpointer b)
{
  gint64 num_a = *(const gint64 *)a;
  gint64 num_b = *(const gint64 *)b;

  return num_a < num_b ? -1 : num_a > num_b;
}

static gboolean
slug_taken_cb (const char *candidate,
               gpointer    data)
{
  return g_hash_table_contains (data, candidate);
}

static gboolean
append_query (KennisStore        *store,
              const KennisQuery  *query,
              GArray             *nums,
              GError            **error)
{
  g_autoptr(GArray) found = kennis_store_query (store, query, 0, error);

  if (found == NULL)
    return FALSE;

  g_array_append_vals (nums, found->data, found->len);
  return TRUE;
}

/* The union of one query per --for and per --tag; every entry that is not
 * private when neither is given. */
static GArray *
select_entries (KennisStore  *store,
                char        **audience_names,
                char        **tags,
                GError      **error)
{
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint kept = 0;

  if (audience_names == NULL && tags == NULL)
    {
      g_autoptr(KennisQuery) query = kennis_query_new ();

      if (!append_query (store, query, nums, error))
        return NULL;
    }

  for (guint i = 0; audience_names != NULL && audience_names[i] != NULL; i++)
    {
      g_autoptr(KennisQuery) query = kennis_query_new ();
      g_autoptr(KennisAudience) audience = kennis_store_find_audience (store, audience_names[i], error);

      if (audience == NULL)
        return NULL;
      query->audience = kennis_audience_get_id (audience);
      if (!append_query (store, query, nums, error))
        return NULL;
    }

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autoptr(KennisQuery) query = kennis_query_new ();

      if (!cli_check_tag_exists (store, tags[i], error))
        return NULL;
      kennis_query_set_tag (query, tags[i]);
      if (!append_query (store, query, nums, error))
        return NULL;
    }

  g_array_sort (nums, compare_nums);
  for (guint i = 0; i < nums->len; i++)
    if (kept == 0 || g_array_index (nums, gint64, i) != g_array_index (nums, gint64, kept - 1))
      g_array_index (nums, gint64, kept++) = g_array_index (nums, gint64, i);
  g_array_set_size (nums, kept);

  return g_steal_pointer (&nums);
}

/* Reads the chosen entries; private ones are left out whatever chose them. */
static GPtrArray *
read_shareable (KennisStore  *store,
                GArray       *nums,
                GError      **error)
{
  g_autoptr(GPtrArray) shareable = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint start = 0; start < nums->len; start += CHUNK_SIZE)
    {
      guint n = MIN (CHUNK_SIZE, nums->len - start);
      g_autoptr(GPtrArray) entries = NULL;

      entries = kennis_store_get_entries (store, &g_array_index (nums, gint64, start), n, error);
      if (entries == NULL)
        return NULL;

      for (guint i = 0; i < entries->len; i++)
        {
          KennisEntry *entry = g_ptr_array_index (entries, i);

          if (!kennis_entry_is_private (entry))
            g_ptr_array_add (shareable, g_object_ref (entry));
        }
    }

  return g_steal_pointer (&shareable);
}

/* Slugs are handed out oldest first, so an older entry keeps the plain
 * name when a newer one has the same title; the site lists newest first. */
static GPtrArray *
make_posts (GPtrArray *entries)
{
  g_autoptr(GHashTable) slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *posts = g_ptr_array_new_full (entries->len, (GDestroyNotify)kennis_post_free);

  g_ptr_array_sort (entries, compare_created);
  for (guint i = 0; i < entries->len; i++)
    {
      KennisEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *wanted = kennis_slug_from_title (kennis_entry_get_title (entry));
      char *slug = kennis_slug_make_unique (wanted, slug_taken_cb, slugs);

      g_hash_table_add (slugs, slug);
      g_ptr_array_add (posts, kennis_post_new_from_entry (entry, slug, kennis_entry_get_created (entry)));
    }

  for (guint i = 0; i < posts->len / 2; i++)
    {
      gpointer first = posts->pdata[i];

      posts->pdata[i] = posts->pdata[posts->len - 1 - i];
      posts->pdata[posts->len - 1 - i] = first;
    }

  return posts;
}

gboolean
cli_cmd_export (CliContext   *cli,
                char       ***args,
                GError      **error)
{
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) audience_names = NULL;
  g_auto(GStrv) tags = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("The folder to write the site into (made when missing), or the file to write"), N_("PATH") },
    /* TRANSLATORS: the format names are typed as they are */
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("site (the default), or json, bookmarks or markdown for every entry, also those only for you"),
      N_("FORMAT") },
    { "for", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &audience_names,
      N_("Entries for this audience; repeat for more (without --for and --tag, every entry "
         "that is not only for you)"), N_("AUDIENCE") },
    { "tag", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &tags,
      N_("Entries with this tag; repeat for more"), N_("TAG") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autoptr(GArray) nums = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  context = cli_option_context_new (cli, "export", _("--to PATH"),
                                    N_("Write entries into a folder as a small website with feeds; "
                                       "entries only for you are never written"),
                                    entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_ensure_utf8_strv (audience_names, "--for", error) ||
      !cli_ensure_utf8_strv (tags, "--tag", error) ||
      !cli_check_n_args (*args, 0, 0, error))
    return FALSE;

  if (to == NULL || to[0] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Say where to write: --to PATH."));
      return FALSE;
    }

  if (format != NULL && g_strcmp0 (format, "site") != 0)
    {
      if (audience_names != NULL || tags != NULL)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                       _("--for and --tag choose what goes on a site; other formats take every entry."));
          return FALSE;
        }
      return cli_export_records (cli, format, to, error);
    }

  for (guint i = 0; audience_names != NULL && audience_names[i] != NULL; i++)
    if (cli_is_only_me (audience_names[i]))
      {
        g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                     _("Entries for “Only me” are never exported; choose another audience."));
        return FALSE;
      }

  g_free (site->folder);
  site->folder = g_canonicalize_filename (to, NULL);

  if (!cli_open_store (cli, error))
    return FALSE;

  nums = select_entries (cli->store, audience_names, tags, error);
  if (nums == NULL)
    return FALSE;
  chosen = read_shareable (cli->store, nums, error);
  if (chosen == NULL)
    return FALSE;
  posts = make_posts (chosen);

  g_free (site->title);
  site->title = g_strdup (_("What I share"));
  g_free (site->author);
  site->author = g_strdup (g_get_real_name ());
  g_free (site->language);
  site->language = cli_dup_default_language ();

  if (g_mkdir_with_parents (site->folder, 0755) != 0)
    {
      int saved_errno = errno;

      /* TRANSLATORS: %s is a folder, then the reason */
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, _("Cannot create the folder “%s”: %s"),
                   site->folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (!kennis_site_write_all (site, posts, NULL, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "folder");
      json_builder_add_string_value (builder, site->folder);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, posts->len);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cli_print_json (root);
      return TRUE;
    }

  /* TRANSLATORS: a number of entries, then a folder */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u entry into “%s”.", "Wrote %u entries into “%s”.", posts->len),
           posts->len, site->folder);
  g_print ("\n");
  return TRUE;
}
