/* kennis-share-test.c — posts, feed checks, a target's calls made synchronous and
 * an outbox to watch: what the share tests have in common
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "kennis-audience.h"
#include "kennis-feed-writer.h"
#include "kennis-share-test.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

/**
 * kennis_share_test_post:
 * @n: makes the id, slug and dates: post @n is @n hours after the first
 * @title: (nullable): the title, or "Post @n"
 * @tags: (nullable): its tags
 */
KennisPost *
kennis_share_test_post (guint               n,
                        const char         *title,
                        const char * const *tags)
{
  KennisPost *post = kennis_post_new ();
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 3, 1, 9, 0, 0);

  post->id = g_strdup_printf ("0b5c2a7e-1d3f-4c6a-9e21-%012u", n);
  post->title = title != NULL ? g_strdup (title) : g_strdup_printf ("Post %u", n);
  post->html = g_strdup_printf ("<p>Body of post %u &amp; more.</p>", n);
  post->text = g_strdup_printf ("Body of post %u & more.", n);
  post->slug = g_strdup_printf ("post-%u", n);
  g_free (post->language);
  post->language = g_strdup ("en");
  g_strfreev (post->tags);
  post->tags = g_strdupv ((char **) (tags != NULL ? tags : (const char * const[]) { NULL }));
  post->published = g_date_time_add_hours (start, n);
  post->updated = g_date_time_add_minutes (post->published, 30);
  return post;
}

KennisSiteConfig *
kennis_share_test_site (const char *folder,
                        const char *base_url)
{
  KennisSiteConfig *site = kennis_site_config_new ();

  g_free (site->folder);
  site->folder = g_strdup (folder ? folder : "");
  g_free (site->title);
  site->title = g_strdup ("Kennis van het team");
  g_free (site->author);
  site->author = g_strdup ("Anna de Vries");
  g_free (site->base_url);
  site->base_url = g_strdup (base_url ? base_url : "");
  g_free (site->language);
  site->language = g_strdup ("nl");
  return site;
}

/* @n posts, newest first, with tags "alpha" on every post, "beta" on every
 * other and "gamma" on every third. */
GPtrArray *
kennis_share_test_posts (guint n)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) kennis_post_free);

  for (guint i = n; i > 0; i--)
    {
      const char *tags[4] = { "alpha", NULL, NULL, NULL };
      guint k = 1;

      if (i % 2 == 0)
        tags[k++] = "beta";
      if (i % 3 == 0)
        tags[k++] = "gamma";
      g_ptr_array_add (posts, kennis_share_test_post (i, NULL, tags));
    }
  return posts;
}

char *
kennis_share_test_hostile_title (void)
{
  return g_strdup ("<script>alert(1)</script> \x01\x0b\xef\xbf\xbe ]]> "
                   "مرحبا שלום 👩‍💻 & \"quotes\" 'single'");
}

/* A post with everything a feed or page could choke on. */
KennisPost *
kennis_share_test_hostile_post (guint n)
{
  static const char * const tags[] = {
    "<script>alert(1)</script>", "]]>", "عربي", "x\x0by", "🎉", NULL,
  };
  KennisPost *post = kennis_share_test_post (n, NULL, tags);
  GString *html = g_string_new ("<p dir=\"auto\">مرحبا بالعالم — שלום עולם ]]> \x0b 👍</p>\n");

  g_free (post->title);
  post->title = kennis_share_test_hostile_title ();
  while (html->len < 100 * 1024)
    g_string_append (html, "<p>Lorem ipsum dolor sit amet, &lt;b&gt; ]]&gt; \x01 café 🌍.</p>\n");
  g_free (post->html);
  post->html = g_string_free (html, FALSE);
  g_free (post->text);
  post->text = g_strdup ("Plain ]]> \x0b text مرحبا");
  g_free (post->url);
  post->url = g_strdup ("https://example.org/a?b=1&c=<2>");
  g_free (post->language);
  post->language = g_strdup ("ar");
  return post;
}

/**
 * kennis_share_test_run:
 * @argv: a program and its arguments
 * @output: (out) (optional): its standard output and error together
 *
 * Returns: whether it exited with status 0
 */
gboolean
kennis_share_test_run (const char * const *argv,
                       char              **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_steal_pointer (&out);
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

static const char *
tool (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set: meson did not find the program (see build-aux/debian-packages.txt)",
             variable);
  return path;
}

static gboolean
is_rfc3339_utc (const char *text)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                               text, 0, 0);
}

static gboolean
is_absolute_iri (const char *text)
{
  return g_regex_match_simple ("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$", text, 0, 0);
}

/**
 * kennis_share_test_atom_problem:
 * @path: an Atom feed
 *
 * Checks what RELAX NG cannot: the feed has an author with a name and a
 * self link, every id is an absolute IRI, every date is RFC 3339 in UTC,
 * every entry has an alternate link and a non-empty title.
 *
 * Returns: (transfer full) (nullable): the first problem, or %NULL
 */
char *
kennis_share_test_atom_problem (const char *path)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr context;
  xmlXPathObjectPtr result;
  char *problem = NULL;
  static const char * const queries[] = {
    "//a:id", "//a:updated", "//a:published",
  };

  if (doc == NULL)
    return g_strdup ("not well-formed");
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");

  result = xmlXPathEvalExpression (BAD_CAST "string(/a:feed/a:author/a:name)", context);
  if (*result->stringval == '\0')
    problem = g_strdup ("the feed has no author");
  xmlXPathFreeObject (result);

  result = xmlXPathEvalExpression (BAD_CAST "count(/a:feed/a:link[@rel='self'])", context);
  if (problem == NULL && result->floatval != 1)
    problem = g_strdup ("the feed has no self link");
  xmlXPathFreeObject (result);

  result = xmlXPathEvalExpression (BAD_CAST "count(/a:feed/a:entry[not(a:link[@rel='alternate'])"
                                   " or normalize-space(a:title) = ''])", context);
  if (problem == NULL && result->floatval != 0)
    problem = g_strdup ("an entry has no alternate link or an empty title");
  xmlXPathFreeObject (result);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      result = xmlXPathEvalExpression (BAD_CAST queries[q], context);
      for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
        {
          xmlChar *text = xmlNodeGetContent (result->nodesetval->nodeTab[i]);

          if (problem == NULL && q == 0 && !is_absolute_iri ((const char *) text))
            problem = g_strdup_printf ("id %s is not absolute", text);
          else if (problem == NULL && q > 0 && !is_rfc3339_utc ((const char *) text))
            problem = g_strdup_printf ("date %s is not RFC 3339 UTC", text);
          xmlFree (text);
        }
      xmlXPathFreeObject (result);
    }

  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return problem;
}

/* xmllint against RFC 4287's schema, then the rules the schema misses. */
void
kennis_share_test_validate_atom (const char *path)
{
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "data", "atom.rng", NULL);
  const char *argv[] = { tool ("KENNIS_XMLLINT"), "--noout", "--relaxng", schema, path, NULL };
  g_autofree char *output = NULL;
  g_autofree char *problem = NULL;

  if (!kennis_share_test_run (argv, &output))
    {
      g_test_fail_printf ("%s does not validate:\n%s", path, output);
      return;
    }
  g_assert_nonnull (strstr (output, "validates"));
  problem = kennis_share_test_atom_problem (path);
  if (problem != NULL)
    g_test_fail_printf ("%s: %s", path, problem);
}

/* Parses @feed_path with feedparser, which must find no problem (bozo 0),
 * @posts' ids and cleaned titles in order, and their tags. */
void
kennis_share_test_feedparser (const char             *feed_path,
                              const char             *version,
                              const KennisSiteConfig *site,
                              GPtrArray              *posts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("kennis-feed-check-XXXXXX", NULL);
  g_autofree char *expected = g_build_filename (folder, "expected.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-feed.py", NULL);
  g_autofree char *site_title = kennis_feed_clean_text (site->title);
  g_autofree char *output = NULL;
  const char *argv[] = { tool ("KENNIS_PYTHON"), script, feed_path, expected, NULL };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, version);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, site_title);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < posts->len; i++)
    {
      const KennisPost *post = g_ptr_array_index (posts, i);
      g_autofree char *id = kennis_feed_entry_id (site, post);
      g_autofree char *title = kennis_feed_clean_text (post->title);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
      if (*site->base_url != '\0')
        {
          g_autofree char *link = kennis_feed_post_url (site, post);

          json_builder_set_member_name (builder, "link");
          json_builder_add_string_value (builder, link);
        }
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint t = 0; post->tags[t] != NULL; t++)
        {
          g_autofree char *tag = kennis_feed_clean_text (post->tags[t]);

          json_builder_add_string_value (builder, tag);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "content_length_at_least");
      json_builder_add_int_value (builder, MIN (strlen (post->html), 90 * 1024));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, expected, &error);
  g_assert_no_error (error);

  if (!kennis_share_test_run (argv, &output))
    g_test_fail_printf ("feedparser: %s", output);
  g_remove (expected);
  g_rmdir (folder);
}

/* --- A target's calls, made synchronous ----------------------------------- */

static void
target_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* Runs the main loop until the call is answered; a target that never
 * answers fails the test after @timeout_ms rather than hanging it. */
static GAsyncResult *
wait_result (GAsyncResult **result,
             guint          timeout_ms)
{
  g_assert_true (kennis_test_wait_for (has_result, result, timeout_ms));
  return *result;
}

/**
 * kennis_share_test_request:
 * @post: what to share; the request gets a copy
 * @remote_id: (nullable): the copy's name at the target
 *
 * Returns: (transfer full): a request for kennis_share_test_publish() or
 *   kennis_share_test_withdraw()
 */
KennisShareRequest *
kennis_share_test_request (const KennisPost *post,
                           const char       *remote_id)
{
  KennisShareRequest *request = kennis_share_request_new ();

  request->post = kennis_post_copy (post);
  request->remote_id = g_strdup (remote_id);
  return request;
}

/**
 * kennis_share_test_publish:
 * @request: (transfer full): what to publish
 *
 * kennis_target_publish_async(), waited for.
 *
 * Returns: (transfer full) (nullable): what the target made, or %NULL with @error set
 */
KennisShareResult *
kennis_share_test_publish (KennisTarget        *target,
                           KennisShareRequest  *request,
                           guint                timeout_ms,
                           GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kennis_target_publish_async (target, request, NULL, target_finished_cb, &result);
  return kennis_target_publish_finish (target, wait_result (&result, timeout_ms), error);
}

/**
 * kennis_share_test_withdraw:
 * @request: (transfer full): what to withdraw
 *
 * kennis_target_withdraw_async(), waited for.
 */
gboolean
kennis_share_test_withdraw (KennisTarget        *target,
                            KennisShareRequest  *request,
                            guint                timeout_ms,
                            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kennis_target_withdraw_async (target, request, NULL, target_finished_cb, &result);
  return kennis_target_withdraw_finish (target, wait_result (&result, timeout_ms), error);
}

/**
 * kennis_share_test_check:
 *
 * kennis_target_check_async(), waited for.
 *
 * Returns: (transfer full) (nullable): what the check found, or %NULL with @error set
 */
char *
kennis_share_test_check (KennisTarget  *target,
                         guint          timeout_ms,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kennis_target_check_async (target, NULL, target_finished_cb, &result);
  return kennis_target_check_finish (target, wait_result (&result, timeout_ms), error);
}

/* --- An outbox to watch --------------------------------------------------- */

static void
job_done_cb (KennisSharing         *sharing,
             const char            *entry_id,
             const char            *target_name,
             int                    action,
             const char            *error_message,
             KennisShareTestOutbox *outbox)
{
  outbox->done++;
  g_free (outbox->last_error);
  outbox->last_error = g_strdup (error_message);
}

static gboolean
jobs_done (gpointer data)
{
  KennisShareTestOutbox *outbox = ((gpointer *)data)[0];

  return outbox->done >= GPOINTER_TO_UINT (((gpointer *)data)[1]);
}

/* Kennis starting on the notebook at @outbox->path, as the app does. */
void
kennis_share_test_outbox_open (KennisShareTestOutbox *outbox)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (outbox->path);
  outbox->store = kennis_store_open (outbox->path, &error);
  g_assert_no_error (error);
  outbox->sharing = kennis_sharing_new (outbox->store);
  g_signal_connect (outbox->sharing, "job-done", G_CALLBACK (job_done_cb), outbox);
}

/* Kennis quitting: nothing is kept but the notebook file. */
void
kennis_share_test_outbox_close (KennisShareTestOutbox *outbox)
{
  g_clear_object (&outbox->sharing);
  g_clear_object (&outbox->store);
}

/* For a fixture's tear-down: closes and frees all of @outbox. */
void
kennis_share_test_outbox_clear (KennisShareTestOutbox *outbox)
{
  kennis_share_test_outbox_close (outbox);
  g_clear_pointer (&outbox->path, g_free);
  g_clear_pointer (&outbox->last_error, g_free);
}

/**
 * kennis_share_test_outbox_add_target:
 *
 * Adds a target to the open notebook and routes its "team" audience there.
 *
 * Returns: (transfer full): the target as the notebook keeps it
 */
KennisTargetInfo *
kennis_share_test_outbox_add_target (KennisShareTestOutbox *outbox,
                                     const char            *kind,
                                     const char            *name,
                                     const char            *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) team = NULL;
  KennisTargetInfo *target;

  target = kennis_store_add_target (outbox->store, kind, name, config, &error);
  g_assert_no_error (error);
  team = kennis_store_find_audience (outbox->store, "team", &error);
  g_assert_no_error (error);
  kennis_store_set_route (outbox->store, kennis_audience_get_id (team), target->id, TRUE, &error);
  g_assert_no_error (error);
  return target;
}

/* Runs the main loop until @n more jobs have finished, or @timeout_ms
 * has passed; says whether they finished. */
gboolean
kennis_share_test_outbox_wait_within (KennisShareTestOutbox *outbox,
                                      guint                  n,
                                      guint                  timeout_ms)
{
  gpointer data[2] = { outbox, GUINT_TO_POINTER (outbox->done + n) };

  return kennis_test_wait_for (jobs_done, data, timeout_ms);
}

/* Waits for @n more jobs; they must finish within 20 s. */
void
kennis_share_test_outbox_wait (KennisShareTestOutbox *outbox,
                               guint                  n)
{
  g_assert_true (kennis_share_test_outbox_wait_within (outbox, n, 20000));
}

/**
 * kennis_share_test_outbox_only_job:
 *
 * Returns: (transfer full): the job in the outbox, which must hold one
 */
KennisOutboxJob *
kennis_share_test_outbox_only_job (KennisShareTestOutbox *outbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (outbox->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  return g_steal_pointer (&jobs->pdata[0]);
}

guint
kennis_share_test_outbox_count (KennisShareTestOutbox *outbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (outbox->store, &error);

  g_assert_no_error (error);
  return jobs->len;
}

/* Makes the only job due now, as the user's "Retry" does, and starts the
 * outbox; kennis_share_test_outbox_wait() waits for the try. */
void
kennis_share_test_outbox_retry (KennisShareTestOutbox *outbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisOutboxJob) job = kennis_share_test_outbox_only_job (outbox);

  kennis_store_outbox_retry (outbox->store, job->id, &error);
  g_assert_no_error (error);
  kennis_sharing_run (outbox->sharing);
}
