/* kennis-slug.c — file and URL names made from titles
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slug is the only thing from a title that reaches a file name or a URL,
 * so it is plain: lowercase ASCII letters, digits and single hyphens, 1 to
 * KENNIS_SLUG_MAX_LENGTH long. Nothing in it can climb out of a folder or
 * name a device on Windows.
 */

#include "config.h"

#include <string.h>

#include "kennis-slug.h"

/* Used when a title has no letter or digit that can be written in ASCII. */
#define FALLBACK_SLUG "entry"

/* A slug cut for length ends at a hyphen rather than mid-word, unless that
 * would lose more than this many characters. */
#define MAX_WORD_CUT 20

/* Letters that compatibility decomposition leaves alone. */
static const struct {
  gunichar    c;
  const char *ascii;
} letters[] = {
  { 0x00c6, "ae" }, { 0x00e6, "ae" },   /* Æ æ */
  { 0x00d0, "d" },  { 0x00f0, "d" },    /* Ð ð */
  { 0x00d8, "o" },  { 0x00f8, "o" },    /* Ø ø */
  { 0x00de, "th" }, { 0x00fe, "th" },   /* Þ þ */
  { 0x00df, "ss" }, { 0x1e9e, "ss" },   /* ß ẞ */
  { 0x0110, "d" },  { 0x0111, "d" },    /* Đ đ */
  { 0x0131, "i" },                      /* ı */
  { 0x0132, "ij" }, { 0x0133, "ij" },   /* Ĳ ĳ, the Dutch ligature */
  { 0x0141, "l" },  { 0x0142, "l" },    /* Ł ł */
  { 0x0152, "oe" }, { 0x0153, "oe" },   /* Œ œ */
  { 0x0166, "t" },  { 0x0167, "t" },    /* Ŧ ŧ */
};

/* Names Windows gives to devices, whatever the extension. */
static const char * const reserved_names[] = {
  "aux", "con", "nul", "prn",
  "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
  "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
};

static const char *
transliterate (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    if (letters[i].c == c)
      return letters[i].ascii;

  return NULL;
}

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_reserved (const char *slug)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_names); i++)
    if (strcmp (slug, reserved_names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* Cuts @slug to at most @max bytes, preferably at a hyphen, and never
 * leaves a hyphen at the end. */
static void
truncate_slug (GString *slug,
               gsize    max)
{
  if (slug->len > max)
    {
      gboolean mid_word = slug->str[max] != '-';

      g_string_truncate (slug, max);
      if (mid_word)
        {
          const char *hyphen = strrchr (slug->str, '-');

          if (hyphen != NULL && slug->len - (hyphen - slug->str) <= MAX_WORD_CUT)
            g_string_truncate (slug, hyphen - slug->str);
        }
    }

  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
}

/**
 * kennis_slug_from_title:
 * @title: (nullable): an entry title, in any script
 *
 * Makes a name for files and URLs from @title. Letters lose their
 * diacritics (by compatibility decomposition, so "Creëer" gives "creeer"
 * and "ﬁ" gives "fi"), a few letters that do not decompose are spelled out
 * (ß → ss, æ → ae, ĳ → ij, …), and every other character — punctuation,
 * slashes, dots, emoji, CJK — separates words. Words are joined by single
 * hyphens. A title with nothing left gives "entry"; a Windows device name
 * such as "con" gets "-1" appended.
 *
 * Returns: (transfer full): a slug matching `^[a-z0-9]+(-[a-z0-9]+)*$`, at
 *   most %KENNIS_SLUG_MAX_LENGTH bytes
 */
char *
kennis_slug_from_title (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  GString *slug = g_string_new (NULL);
  gboolean separate = FALSE;

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *ascii = NULL;
      char one[2] = { 0, 0 };

      if (is_mark (c))
        continue;

      if (c < 0x80 && g_ascii_isalnum (c))
        {
          one[0] = g_ascii_tolower ((char)c);
          ascii = one;
        }
      else
        ascii = transliterate (c);

      if (ascii == NULL)
        {
          separate = TRUE;
          continue;
        }

      if (separate && slug->len > 0)
        g_string_append_c (slug, '-');
      separate = FALSE;
      g_string_append (slug, ascii);

      /* A long title need not be read to its end. */
      if (slug->len > KENNIS_SLUG_MAX_LENGTH)
        break;
    }

  truncate_slug (slug, KENNIS_SLUG_MAX_LENGTH);

  if (slug->len == 0)
    g_string_assign (slug, FALLBACK_SLUG);
  else if (is_reserved (slug->str))
    g_string_append (slug, "-1");

  return g_string_free (slug, FALSE);
}

/**
 * kennis_slug_make_unique:
 * @slug: (nullable): the wanted slug; anything that is not a slug yet goes
 *   through kennis_slug_from_title() first
 * @taken: (scope call): says whether a candidate is in use already
 * @data: (closure): passed to @taken
 *
 * Finds the first free name among @slug, @slug-2, @slug-3, …, shortening
 * @slug where needed so that every candidate stays within
 * %KENNIS_SLUG_MAX_LENGTH; a shortened candidate that equals @slug is
 * skipped. @taken must eventually answer %FALSE.
 *
 * Returns: (transfer full): a slug for which @taken returned %FALSE
 */
char *
kennis_slug_make_unique (const char          *slug,
                         KennisSlugTakenFunc  taken,
                         gpointer             data)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (taken != NULL, NULL);

  base = kennis_slug_from_title (slug);
  if (!taken (base, data))
    return g_steal_pointer (&base);

  for (guint64 n = 2; ; n++)
    {
      char suffix[24];
      GString *candidate = g_string_new (base);

      g_snprintf (suffix, sizeof suffix, "-%" G_GUINT64_FORMAT, n);
      truncate_slug (candidate, KENNIS_SLUG_MAX_LENGTH - strlen (suffix));
      g_string_append (candidate, suffix);

      /* Shortening "…-e-4" for the suffix "-4" gives the wanted slug back,
       * which is taken already. */
      if (strcmp (candidate->str, base) != 0 && !taken (candidate->str, data))
        return g_string_free (candidate, FALSE);

      g_string_free (candidate, TRUE);
    }
}
