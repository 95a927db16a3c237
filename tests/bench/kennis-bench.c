/* kennis-bench.c — measures the core against the performance targets
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#ifdef G_OS_UNIX
#include <signal.h>
#endif

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

#define BATCH        1000
#define SEARCH_LIMIT KENNIS_ENTRY_LIST_SEARCH_PAGE  /* the first page a search shows */
#define FIRST_SCREEN 30
#define OPEN_RUNS    7

/* Dutch and English, with accents; the order is roughly how common a word
 * is, and words are drawn with a Zipf-like bias towards the front. */
static const char * const words[] = {
  "de", "the", "het", "and", "een", "of", "en", "to", "van", "in", "is", "that", "we", "for",
  "niet", "it", "op", "with", "dat", "team", "werk", "project", "meeting", "notitie", "kennis",
  "delen", "idee", "ideeën", "plan", "week", "vergadering", "klant", "customer", "review",
  "release", "feedback", "vraag", "question", "answer", "antwoord", "data", "rapport", "report",
  "creëer", "create", "coöperatie", "café", "één", "reünie", "naïef", "financiën", "privé",
  "überhaupt", "façade", "résumé", "zoë", "geïnteresseerd", "organisatie", "organisation",
  "leren", "learning", "blog", "feed", "link", "artikel", "article", "onderzoek", "research",
  "budget", "planning", "roadmap", "sprint", "retrospective", "workshop", "training", "cursus",
  "presentatie", "slides", "document", "handleiding", "manual", "beleid", "policy", "security",
  "privacy", "server", "database", "sqlite", "search", "zoeken", "index", "performance",
  "snelheid", "geheugen", "memory", "interface", "ontwerp", "design", "gebruiker", "user",
  "toegankelijkheid", "accessibility", "vertaling", "translation", "nederlands", "english",
  "collega", "colleague", "manager", "directeur", "afdeling", "department", "kantoor", "office",
  "thuiswerken", "remote", "agenda", "besluit", "decision", "actiepunt", "action", "deadline",
  "kwartaal", "quarter", "jaarplan", "strategie", "strategy", "doelen", "goals", "resultaat",
  "result", "meting", "metric", "dashboard", "grafiek", "chart", "tabel", "table", "bron",
  "source", "citaat", "quote", "boek", "book", "podcast", "video", "webinar", "conferentie",
  "conference", "spreker", "speaker", "netwerk", "network", "community", "forum", "mastodon",
  "wordpress", "micropub", "publiceren", "publish", "concept", "draft", "versie", "version",
  "wijziging", "change", "migratie", "migration", "backup", "herstel", "restore", "fout",
  "error", "oplossing", "solution", "probleem", "problem", "oorzaak", "cause", "analyse",
  "analysis", "hypothese", "experiment", "prototype", "demo", "klantreis", "journey", "persona",
  "interview", "enquête", "survey", "workshopverslag", "samenvatting", "summary", "inzicht",
  "insight", "les", "lesson", "reflectie", "reflection", "evaluatie", "evaluation", "kwaliteit",
  "quality", "proces", "process", "automatisering", "automation", "script", "terminal",
  "commandline", "tooling", "editor", "markdown", "opmaak", "formatting", "afbeelding", "image",
  "bijlage", "attachment", "archief", "archive", "zoekterm", "tag", "label", "categorie",
  "category", "doelgroep", "audience", "publiek", "public", "intern", "internal", "extern",
  "external", "partner", "leverancier", "supplier", "contract", "factuur", "invoice", "offerte",
  "proposal", "risico", "risk", "kans", "opportunity", "scenario", "aanname", "assumption",
  "afhankelijkheid", "dependency", "mijlpaal", "milestone", "oplevering", "delivery", "test",
  "acceptatie", "acceptance", "productie", "production", "monitoring", "logging", "incident",
  "postmortem", "escalatie", "escalation", "support", "helpdesk", "ticket", "wachtrij", "queue",
  "zeppelin", "quokka", "aardvark", "fjord", "gnocchi", "mañana", "jalapeño", "smörgåsbord",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static const char *
pick_word (GRand *rand)
{
  /* Squaring a uniform number favours the front of the list. */
  double u = g_rand_double (rand);

  return words[(guint)(u * u * G_N_ELEMENTS (words))];
}

static char *
make_body (GRand *rand)
{
  GString *body = g_string_new (NULL);

  g_string_append_printf (body, "# %s %s\n\n", pick_word (rand), pick_word (rand));
  while (body->len < 1000)
    {
      guint kind = g_rand_int_range (rand, 0, 6);
      guint n = g_rand_int_range (rand, 8, 25);

      if (kind == 0)
        g_string_append (body, "- ");
      for (guint i = 0; i < n; i++)
        {
          const char *word = pick_word (rand);

          if (i > 0)
            g_string_append_c (body, ' ');
          if (kind == 1 && i == 3)
            g_string_append_printf (body, "**%s**", word);
          else if (kind == 2 && i == 5)
            g_string_append_printf (body, "[%s](https://example.org/%s)", word, word);
          else
            g_string_append (body, word);
        }
      g_string_append (body, kind == 0 ? "\n" : ".\n\n");
    }

  return g_string_free (body, FALSE);
}

static void
spread_times (const char *path,
              GRand      *rand)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time ();
  const gint64 five_years = 5 * 365 * G_TIME_SPAN_DAY;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  g_assert (sqlite3_prepare_v2 (db, "UPDATE entries SET created_at = ?2, updated_at = ?3 WHERE num = ?1",
                                -1, &stmt, NULL) == SQLITE_OK);
  for (gint64 num = 1; ; num++)
    {
      gint64 created = now - (gint64)(g_rand_double (rand) * five_years);
      gint64 updated = created + (gint64)(g_rand_double (rand) * g_rand_double (rand) * (now - created));

      sqlite3_bind_int64 (stmt, 1, num);
      sqlite3_bind_int64 (stmt, 2, created);
      sqlite3_bind_int64 (stmt, 3, updated);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (sqlite3_changes (db) == 0)
        break;
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_close (db);
}

static double
insert_entries (KennisStore *store,
                guint        n_entries,
                GRand       *rand)
{
  g_autoptr(GError) error = NULL;
  gint64 audiences[3];
  char *tags[200];
  double start, elapsed;

  for (guint i = 0; i < 3; i++)
    {
      static const char * const keys[] = { KENNIS_AUDIENCE_TEAM, KENNIS_AUDIENCE_ORG, KENNIS_AUDIENCE_PUBLIC };
      g_autoptr(KennisAudience) audience = kennis_store_find_audience (store, keys[i], &error);

      g_assert_no_error (error);
      audiences[i] = kennis_audience_get_id (audience);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    tags[i] = g_strdup_printf ("%s%s", words[(i * 7) % G_N_ELEMENTS (words)],
                               i < G_N_ELEMENTS (words) / 7 ? "" : (i % 2 ? "-2" : "-x"));

  start = now_ms ();
  for (guint done = 0; done < n_entries; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = done; i < MIN (done + BATCH, n_entries); i++)
        {
          gboolean link = g_rand_int_range (rand, 0, 4) == 0;
          KennisEntry *entry = kennis_entry_new (link ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE);
          g_autofree char *title = g_strdup_printf ("%s %s %s", pick_word (rand), pick_word (rand), pick_word (rand));
          g_autofree char *body = make_body (rand);
          guint n_tags = g_rand_int_range (rand, 1, 5);

          kennis_entry_set_title (entry, title);
          kennis_entry_set_body (entry, body);
          kennis_entry_set_language (entry, g_rand_boolean (rand) ? "nl" : "en");
          if (link)
            {
              g_autofree char *url = g_strdup_printf ("https://example.org/%s/%u", pick_word (rand), i);
              kennis_entry_set_url (entry, url);
            }
          for (guint t = 0; t < n_tags; t++)
            {
              double u = g_rand_double (rand);
              kennis_entry_add_tag (entry, tags[(guint)(u * u * G_N_ELEMENTS (tags))]);
            }
          for (guint a = 0; a < 3; a++)
            if (g_rand_int_range (rand, 0, 4) == 0)
              kennis_entry_toggle_audience (entry, audiences[a], TRUE);
          g_ptr_array_add (batch, entry);
        }

      if (!kennis_store_save_entries (store, batch, &error))
        g_error ("inserting failed: %s", error->message);
    }
  elapsed = now_ms () - start;

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    g_free (tags[i]);

  return elapsed;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *times,
            double  p)
{
  guint index;

  g_array_sort (times, compare_doubles);
  index = (guint)ceil (p * times->len);
  index = index > 0 ? index - 1 : 0;
  return g_array_index (times, double, MIN (index, times->len - 1));
}

typedef enum
{
  SEARCH_ONE_WORD,
  SEARCH_TWO_WORDS,
  SEARCH_PREFIX,
} SearchKind;

static char *
make_search_text (GRand      *rand,
                  SearchKind  kind,
                  guint       i)
{
  /* Every fifth query is one of the very common words. */
  const char *first = i % 5 == 0 ? words[i / 5 % 6] : pick_word (rand);

  switch (kind)
    {
    case SEARCH_ONE_WORD:
      return g_strdup (first);
    case SEARCH_TWO_WORDS:
      return g_strdup_printf ("%s %s", first, pick_word (rand));
    case SEARCH_PREFIX:
      {
        glong len = g_utf8_strlen (first, -1);
        glong keep = MIN (len, g_rand_int_range (rand, 1, 4));
        const char *end = g_utf8_offset_to_pointer (first, keep);

        return g_strndup (first, end - first);
      }
    default:
      g_assert_not_reached ();
    }
}

static void
measure_search (KennisStore *store,
                SearchKind   kind,
                guint        n_queries,
                GRand       *rand,
                double      *median,
                double      *p99,
                double      *mean_hits,
                char       **slowest)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double worst = -1;
  guint64 hits = 0;

  for (guint i = 0; i < n_queries; i++)
    {
      g_autoptr(KennisQuery) query = kennis_query_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) nums = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autofree char *text = make_search_text (rand, kind, i);
      double start, elapsed;

      kennis_query_set_text (query, text);
      start = now_ms ();
      nums = kennis_store_query (store, query, SEARCH_LIMIT, &error);
      if (nums == NULL)
        g_error ("search '%s' failed: %s", text, error->message);
      entries = kennis_store_get_entries (store, (const gint64 *)(gpointer)nums->data,
                                          MIN (nums->len, FIRST_SCREEN), &error);
      g_assert_no_error (error);
      elapsed = now_ms () - start;

      g_array_append_val (times, elapsed);
      hits += nums->len;
      if (elapsed > worst)
        {
          worst = elapsed;
          g_free (*slowest);
          *slowest = g_strdup_printf ("'%s' %.1f ms, %u hits", text, elapsed, nums->len);
        }
    }

  *median = percentile (times, 0.5);
  *p99 = percentile (times, 0.99);
  *mean_hits = (double)hits / n_queries;
}

/* What one autosave costs the window: a changed 1 KB note written with
 * synchronous=FULL, fsync included. */
static void
measure_autosave (KennisStore *store,
                  double      *median,
                  double      *p99)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;
  g_autoptr(KennisEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  nums = kennis_store_query (store, query, 1, &error);
  g_assert_no_error (error);
  entry = kennis_store_get_entry_by_num (store, g_array_index (nums, gint64, 0), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s%c", kennis_entry_get_body (entry), 'a' + i % 26);
      double start;

      kennis_entry_set_body (entry, body);
      start = now_ms ();
      g_assert_true (kennis_store_save_entry (store, entry, &error));
      g_array_append_val (times, (double){ now_ms () - start });
    }

  g_array_sort (times, compare_doubles);
  *median = g_array_index (times, double, times->len / 2);
  *p99 = g_array_index (times, double, times->len * 99 / 100);
}

static void
measure_open (const char *path,
              double     *median,
              double     *open_part,
              guint      *n_ids)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < OPEN_RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KennisStore) store = NULL;
      g_autoptr(KennisQuery) query = kennis_query_new ();
      g_autoptr(GArray) nums = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      double start = now_ms (), opened, total;

      store = kennis_store_open (path, &error);
      if (store == NULL)
        g_error ("opening failed: %s", error->message);
      opened = now_ms () - start;
      nums = kennis_store_query (store, query, 0, &error);
      g_assert_no_error (error);
      entries = kennis_store_get_entries (store, (const gint64 *)(gpointer)nums->data,
                                          MIN (nums->len, FIRST_SCREEN), &error);
      g_assert_no_error (error);
      total = now_ms () - start;

      g_array_append_val (totals, total);
      g_array_append_val (opens, opened);
      *n_ids = nums->len;
    }

  *median = percentile (totals, 0.5);
  *open_part = percentile (opens, 0.5);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64)st.st_size : 0;
}

/* Starts the real window on the benchmark notebook and reads its memory. */
static gboolean
measure_gui (const char *gui,
             const char *dir,
             double     *rss_mb,
             char      **why_not)
{
#ifdef __linux__
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_test (gui, G_FILE_TEST_IS_EXECUTABLE))
    {
      *why_not = g_strdup_printf ("%s is not built yet", gui);
      return FALSE;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      *why_not = g_strdup ("no display; run under xvfb-run -a");
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  /* An uninstalled build keeps its compiled schemas in <build>/data. */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *bin_dir = g_path_get_dirname (gui);
      g_autofree char *schema_dir = g_build_filename (bin_dir, "..", "data", NULL);
      g_autofree char *compiled = g_build_filename (schema_dir, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_EXISTS))
        g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "KENNIS_DATA_DIR", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, gui, NULL);
  if (process == NULL)
    {
      *why_not = g_strdup (error->message);
      return FALSE;
    }

  g_usleep (5 * G_USEC_PER_SEC);
  status_path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  if (g_subprocess_get_identifier (process) == NULL ||
      !g_file_get_contents (status_path, &status, NULL, NULL))
    {
      *why_not = g_strdup ("the window exited within 5 s");
      return FALSE;
    }

  line = strstr (status, "VmRSS:");
  *rss_mb = line ? g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0 : 0;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  return line != NULL;
#else
  *why_not = g_strdup ("memory is measured on Linux only");
  return FALSE;
#endif
}

static const char *
verdict (double value,
         double target)
{
  return value <= target ? "ok" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *gui = NULL;
  g_autofree char *reuse = NULL;
  gboolean keep = FALSE;
  int n_entries = 100000;
  int n_queries = 300;
  double insert_ms;
  double open_median, open_part;
  guint n_ids = 0;
  static const char * const kind_names[] = { "one word", "two words", "prefix" };
  GOptionEntry options[] = {
    { "entries", 'n', 0, G_OPTION_ARG_INT, &n_entries, "How many entries to generate (100000)", "N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Searches per kind (300)", "N" },
    { "gui", 0, 0, G_OPTION_ARG_FILENAME, &gui, "Also measure the memory of this kennis binary", "PATH" },
    { "reuse", 0, 0, G_OPTION_ARG_FILENAME, &reuse, "Use this folder's kennis.db; generate it if missing", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated notebook", NULL },
    { NULL }
  };

  context = g_option_context_new ("— measure Kennis against its performance targets");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_entries < 1 || n_queries < 1)
    {
      g_printerr ("--entries and --queries must be positive\n");
      return 2;
    }

  rand = g_rand_new_with_seed (20260101);
  if (reuse != NULL)
    {
      dir = g_strdup (reuse);
      keep = TRUE;
    }
  else
    {
      dir = g_dir_make_tmp ("kennis-bench-XXXXXX", &error);
      g_assert_no_error (error);
    }
  path = g_build_filename (dir, "kennis.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);

  g_print ("Kennis benchmark: %d entries, %d searches per kind, %u cores, SQLite %s\n",
           n_entries, n_queries, g_get_num_processors (), sqlite3_libversion ());
  g_print ("Notebook: %s\n\n", path);

  if (reuse != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      insert_ms = -1;
    }
  else
    {
      store = kennis_store_open (path, &error);
      g_assert_no_error (error);
      insert_ms = insert_entries (store, n_entries, rand);
      g_clear_object (&store);
      spread_times (path, rand);
    }

  g_print ("%-34s %14s %14s %8s\n", "measure", "result", "target", "");
  g_print ("%-34s %14s %14s %8s\n", "----------------------------------", "--------------",
           "--------------", "--------");
  if (insert_ms >= 0)
    g_print ("%-34s %10.0f /s %14s\n", "insert (batches of 1000)", n_entries / (insert_ms / 1000.0), "");

  measure_open (path, &open_median, &open_part, &n_ids);
  g_print ("%-34s %11.1f ms %11s ms %8s\n", "open + browse ids + first screen", open_median, "<= 50",
           verdict (open_median, 50));
  g_print ("%-34s %11.1f ms\n", "  of which kennis_store_open", open_part);
  g_print ("%-34s %14u\n", "  ids in the list", n_ids);

  store = kennis_store_open (path, &error);
  g_assert_no_error (error);
  for (SearchKind kind = SEARCH_ONE_WORD; kind <= SEARCH_PREFIX; kind++)
    {
      g_autofree char *label_median = g_strdup_printf ("search %s, median", kind_names[kind]);
      g_autofree char *label_p99 = g_strdup_printf ("search %s, p99", kind_names[kind]);
      g_autofree char *slowest = NULL;
      double median, p99, mean_hits;

      measure_search (store, kind, n_queries, rand, &median, &p99, &mean_hits, &slowest);
      g_print ("%-34s %11.2f ms %11s ms %8s\n", label_median, median, "<= 5", verdict (median, 5));
      g_print ("%-34s %11.2f ms %11s ms %8s\n", label_p99, p99, "<= 20", verdict (p99, 20));
      g_print ("%-34s %14.0f   slowest: %s\n", "  mean hits", mean_hits, slowest);
    }

  {
    double median, p99;

    measure_autosave (store, &median, &p99);
    g_print ("%-34s %11.2f ms\n", "autosave of one note, median", median);
    g_print ("%-34s %11.2f ms\n", "autosave of one note, p99", p99);
  }
  g_clear_object (&store);

  g_print ("%-34s %11.1f MB\n", "database file",
           (file_size (path) + file_size (wal)) / (1024.0 * 1024.0));

  if (gui != NULL)
    {
      g_autofree char *why_not = NULL;
      double rss_mb = 0;

      if (measure_gui (gui, dir, &rss_mb, &why_not))
        g_print ("%-34s %11.1f MB %11s MB %8s\n", "window RSS after 5 s (cairo)", rss_mb, "<= 120",
                 verdict (rss_mb, 120));
      else
        g_print ("%-34s %14s   (%s)\n", "window RSS", "skipped", why_not);
    }

  if (!keep)
    kennis_test_remove_tree (dir);
  return 0;
}
