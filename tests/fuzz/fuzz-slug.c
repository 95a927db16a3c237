/* fuzz-slug.c — libFuzzer target: slugs made from any title
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slug becomes a file name, so every one must match
 * ^[a-z0-9]+(-[a-z0-9]+)*$ and be 1 to 80 characters long, also after
 * kennis_slug_make_unique() added a number. Any other output aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kennis-slug.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_slug (const char *slug)
{
  size_t len;

  if (slug == NULL)
    abort ();
  len = strlen (slug);
  if (len < 1 || len > 80 || slug[0] == '-' || slug[len - 1] == '-' || strstr (slug, "--") != NULL)
    abort ();
  for (const char *p = slug; *p != '\0'; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      abort ();
}

/* Says "taken" for the first n candidates, then "free". */
static gboolean
taken_cb (const char *candidate,
          gpointer    data)
{
  guint *n_taken = data;

  check_slug (candidate);
  if (*n_taken == 0)
    return FALSE;
  (*n_taken)--;

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *title = g_strndup ((const char *)data, size);
  g_autofree char *slug = kennis_slug_from_title (title);
  g_autofree char *again = NULL;
  g_autofree char *unique = NULL;
  guint n_taken = size > 0 ? data[0] % 16 : 0;
  guint n_asked = n_taken;

  check_slug (slug);

  /* A slug is its own slug. */
  again = kennis_slug_from_title (slug);
  if (strcmp (again, slug) != 0)
    abort ();

  unique = kennis_slug_make_unique (slug, taken_cb, &n_taken);
  check_slug (unique);
  /* Free at once: the slug itself; otherwise never the slug, and a number
   * past the ones "taken" turned down. */
  if ((n_asked == 0) != (strcmp (unique, slug) == 0))
    abort ();
  if (n_asked > 0)
    {
      const char *hyphen = strrchr (unique, '-');
      guint64 n = 0;

      if (hyphen == NULL || !g_ascii_string_to_unsigned (hyphen + 1, 10, n_asked + 1, G_MAXUINT64, &n, NULL))
        abort ();
    }

  return 0;
}
