/* kennis-format.c — dates and counts as people say them, in both languages
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kennis-format.h"

static guint32
julian_day (GDateTime *date)
{
  int year, month, day;
  g_autoptr(GDate) calendar = NULL;

  g_date_time_get_ymd (date, &year, &month, &day);
  calendar = g_date_new_dmy (day, month, year);
  return g_date_get_julian (calendar);
}

/**
 * kennis_format_date_relative:
 * @date: a time, any zone
 * @now: (nullable): the present, for tests; %NULL for the real one
 *
 * Returns: (transfer full): "14:05", "Yesterday", "Monday", "3 Nov" or
 *   "3 Nov 2024", in local time and the user's language
 */
char *
kennis_format_date_relative (GDateTime *date,
                             GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) here_now = NULL;
  gint64 days_ago;

  g_return_val_if_fail (date != NULL, NULL);

  here_now = now ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  local = g_date_time_to_local (date);

  /* Calendar days, not 24-hour spans: a day with a clock change is a day. */
  days_ago = (gint64)julian_day (here_now) - (gint64)julian_day (local);

  if (days_ago <= 0)
    /* TRANSLATORS: time of day of something edited today; see g_date_time_format() */
    return g_date_time_format (local, _("%H:%M"));
  if (days_ago == 1)
    return g_strdup (_("Yesterday"));
  if (days_ago < 7)
    return g_date_time_format (local, "%A");
  if (g_date_time_get_year (local) == g_date_time_get_year (here_now))
    /* TRANSLATORS: a day this year, e.g. "3 Nov"; see g_date_time_format() */
    return g_date_time_format (local, _("%-d %b"));

  /* TRANSLATORS: a day in another year, e.g. "3 Nov 2024"; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y"));
}

/**
 * kennis_format_date_long:
 *
 * Returns: (transfer full): e.g. "27 November 2026 at 14:05"
 */
char *
kennis_format_date_long (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  /* TRANSLATORS: a full date and time; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y at %H:%M"));
}

static const struct {
  const char *code;
  const char *name;
} languages[] = {
  { "en", N_("English") },
  { "nl", N_("Dutch") },
  { "de", N_("German") },
  { "fr", N_("French") },
  { "es", N_("Spanish") },
};

/**
 * kennis_format_language_name:
 * @code: a BCP 47 tag such as "nl" or "en-GB"
 *
 * Returns: (transfer full): the language's name in the user's language, or
 *   the code itself when Kennis does not know it
 */
char *
kennis_format_language_name (const char *code)
{
  g_autofree char *primary = NULL;

  if (code == NULL || code[0] == '\0')
    return g_strdup ("");

  primary = g_ascii_strdown (code, strcspn (code, "-_"));
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (primary, languages[i].code))
      return g_strdup (_(languages[i].name));

  return g_strdup (code);
}

/**
 * kennis_format_default_language:
 *
 * Returns: (transfer full): the primary language tag of the user's locale,
 *   e.g. "nl", or "en" when the locale says nothing useful
 */
char *
kennis_format_default_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i]; i++)
    {
      const char *name = names[i];
      gsize len = strcspn (name, "_.@-");

      if (len >= 2 && len <= 3 && g_ascii_isalpha (name[0]) && !g_str_equal (name, "C"))
        return g_ascii_strdown (name, len);
    }

  return g_strdup ("en");
}

/**
 * kennis_format_count:
 * @n: a number of entries
 *
 * Returns: (transfer full): @n with the thousands separator of the user's
 *   locale, e.g. "100,004" or "100.004"
 */
char *
kennis_format_count (guint n)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  if (separator == NULL || separator[0] == '\0' || !g_utf8_validate (separator, -1, NULL))
    separator = "";

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * kennis_format_timestamp:
 * @usec: microseconds since the Unix epoch
 *
 * RFC 3339 in UTC with all six digits of the microseconds, the same width
 * every time, so files that hold times compare byte for byte.
 *
 * Returns: (transfer full) (nullable): e.g. "2026-11-28T01:02:03.000456Z",
 *   or %NULL for a time GDateTime cannot hold
 */
char *
kennis_format_timestamp (gint64 usec)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) time = g_date_time_add (epoch, usec);

  if (time == NULL)
    return NULL;

  /* By hand: %Y gives "950" for the year 950, which RFC 3339 does not allow. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                          g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
                          g_date_time_get_minute (time), g_date_time_get_second (time),
                          g_date_time_get_microsecond (time));
}
