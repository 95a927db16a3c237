/* test-format.c — dates and numbers as the list and sidebar show them
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "kennis-format.h"

static void
test_count (void)
{
  static const struct {
    guint       n;
    const char *text;
  } cases[] = {
    { 0, "0" },
    { 7, "7" },
    { 999, "999" },
    { 100004, "100004" },  /* the C locale has no thousands separator */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kennis_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static GDateTime *
local (int year, int month, int day, int hour, int minute)
{
  return g_date_time_new_local (year, month, day, hour, minute, 0);
}

static void
test_relative_dates (void)
{
  g_autoptr(GDateTime) now = local (2026, 11, 27, 15, 30);
  static const struct {
    int         year, month, day, hour, minute;
    const char *text;
  } cases[] = {
    { 2026, 11, 27, 9, 5, "09:05" },
    { 2026, 11, 26, 23, 59, "Yesterday" },
    { 2026, 11, 24, 12, 0, "Tuesday" },
    { 2026, 3, 3, 12, 0, "3 Mar" },
    { 2024, 11, 3, 12, 0, "3 Nov 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) date = local (cases[i].year, cases[i].month, cases[i].day,
                                         cases[i].hour, cases[i].minute);
      g_autofree char *text = kennis_format_date_relative (date, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The night the clocks go back has 25 hours; it is still one day. */
static void
test_relative_dates_across_clock_change (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) sunday = NULL;
  g_autoptr(GDateTime) week_before = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *last_week = NULL;

  g_assert_nonnull (amsterdam);
  monday = g_date_time_new (amsterdam, 2024, 10, 28, 0, 30, 0);
  sunday = g_date_time_new (amsterdam, 2024, 10, 27, 0, 10, 0);
  week_before = g_date_time_new (amsterdam, 2024, 10, 21, 23, 50, 0);

  /* Shown in the zone of the test run; use Amsterdam for both ends. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  yesterday = kennis_format_date_relative (sunday, monday);
  last_week = kennis_format_date_relative (week_before, monday);
  g_assert_cmpstr (yesterday, ==, "Yesterday");
  g_assert_cmpstr (last_week, ==, "21 Oct");
}

static void
test_language_names (void)
{
  g_autofree char *dutch = kennis_format_language_name ("nl");
  g_autofree char *british = kennis_format_language_name ("en-GB");
  g_autofree char *unknown = kennis_format_language_name ("tlh");

  g_assert_cmpstr (dutch, ==, "Dutch");
  g_assert_cmpstr (british, ==, "English");
  g_assert_cmpstr (unknown, ==, "tlh");
}

/* Times in files: one width always, so exports compare byte for byte,
 * and only what RFC 3339 allows. */
static void
test_timestamp (void)
{
  static const struct {
    gint64      usec;
    const char *text;
  } cases[] = {
    { 0, "1970-01-01T00:00:00.000000Z" },
    { G_GINT64_CONSTANT (1714557600000456), "2024-05-01T10:00:00.000456Z" },
    { -1, "1969-12-31T23:59:59.999999Z" },
    { G_GINT64_CONSTANT (-32535212400000000), "0939-01-01T01:00:00.000000Z" },
    { G_MAXINT64, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kennis_format_timestamp (cases[i].usec);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* English, C formats: what the assertions spell out. */
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/relative-dates", test_relative_dates);
  g_test_add_func ("/format/relative-dates-clock-change", test_relative_dates_across_clock_change);
  g_test_add_func ("/format/language-names", test_language_names);

  g_test_add_func ("/format/timestamp", test_timestamp);

  return g_test_run ();
}
