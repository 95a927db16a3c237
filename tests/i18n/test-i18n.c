/* test-i18n.c — the built Dutch catalogue translates, and English stays English
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kennis-format.h"

/* glibc ignores LANGUAGE when the locale is "C" or "POSIX", but not under
 * "C.UTF-8", which every Debian 12 machine has; so that locale plus
 * LANGUAGE picks the catalogue without generating nl_NL.UTF-8. Should a libc
 * ever stop honouring it, these tests fail rather than skip, so it is seen. */
static void
use_language (const char *language)
{
  const char *locale;

  g_setenv ("LANGUAGE", language, TRUE);
  /* setlocale() also makes gettext forget the translations it looked up
   * for the previous LANGUAGE. */
  locale = setlocale (LC_ALL, "C.UTF-8");
  if (locale == NULL)
    g_error ("The C.UTF-8 locale is missing; `locale -a` should list C.utf8");
}

static void
test_catalogue_built (void)
{
  g_autofree char *mo = g_build_filename (g_getenv ("KENNIS_LOCALEDIR"),
                                          "nl", "LC_MESSAGES", GETTEXT_PACKAGE ".mo",
                                          NULL);

  g_test_message ("catalogue: %s", mo);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
}

static void
test_dutch_audiences (void)
{
  static const struct {
    const char *english;
    const char *dutch;
  } audiences[] = {
    { "Only me", "Alleen ik" },
    { "My team", "Mijn team" },
    { "My organisation", "Mijn organisatie" },
    { "Public", "Openbaar" },
  };

  use_language ("nl");
  for (guint i = 0; i < G_N_ELEMENTS (audiences); i++)
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, audiences[i].english), ==, audiences[i].dutch);
}

static void
test_dutch_plural (void)
{
  use_language ("nl");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", 1), ==, "%s item");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", 2), ==, "%s items");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", 0), ==, "%s items");
}

static void
test_dutch_context (void)
{
  use_language ("nl");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "language code", "en"), ==, "nl");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Quit"), ==, "Afsluiten");
}

/* The core library's own _() calls reach the same catalogue. */
static void
test_dutch_core (void)
{
  g_autofree char *name = NULL;
  g_autofree char *language = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 27, 14, 5, 0);

  use_language ("nl");
  name = kennis_format_language_name ("nl");
  g_assert_cmpstr (name, ==, "Nederlands");
  language = kennis_format_default_language ();
  g_assert_cmpstr (language, ==, "nl");
  /* The month name comes from LC_TIME, which is English under C.UTF-8. */
  when = kennis_format_date_long (date);
  g_assert_true (g_str_has_prefix (when, "27 "));
  g_assert_true (g_str_has_suffix (when, " 2026 om 14:05"));
}

static void
test_english (void)
{
  g_autofree char *name = NULL;

  use_language ("en");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Only me"), ==, "Only me");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", 1), ==, "%s entry");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", 5), ==, "%s entries");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "language code", "en"), ==, "en");
  name = kennis_format_language_name ("nl");
  g_assert_cmpstr (name, ==, "Dutch");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("KENNIS_LOCALEDIR");

  g_test_init (&argc, &argv, NULL);

  if (localedir == NULL || localedir[0] == '\0')
    g_error ("Set KENNIS_LOCALEDIR to the build dir's po/; meson test does");

  /* Only the domain is bound, not made the default with textdomain(): with
   * a non-default domain, GLib decides once per process whether to translate
   * at all, and an English first test would switch Dutch off for the rest. */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/i18n/catalogue-built", test_catalogue_built);
  g_test_add_func ("/i18n/nl/audiences", test_dutch_audiences);
  g_test_add_func ("/i18n/nl/plural", test_dutch_plural);
  g_test_add_func ("/i18n/nl/context", test_dutch_context);
  g_test_add_func ("/i18n/nl/core", test_dutch_core);
  g_test_add_func ("/i18n/en", test_english);

  return g_test_run ();
}
