/* fuzz-bookmarks.c — libFuzzer target: a bookmark file someone imports
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the file holds, every bookmark read has a web address and a
 * title in valid UTF-8, and what Kennis writes of them reads back as the
 * same number of bookmarks. Any violation aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "kennis-bookmarks-format.h"
#include "kennis-url.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_set (KennisRecordSet *set)
{
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);

      if (!kennis_url_is_web (record->url) || record->title == NULL || *record->title == '\0' ||
          !g_utf8_validate (record->title, -1, NULL) ||
          (record->body != NULL && !g_utf8_validate (record->body, -1, NULL)))
        abort ();
      for (guint t = 0; record->tags[t] != NULL; t++)
        if (!g_utf8_validate (record->tags[t], -1, NULL))
          abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(KennisRecordSet) set = kennis_bookmarks_format_read (input, "fuzz.html", NULL);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(KennisRecordSet) again = NULL;

  if (set == NULL)
    return 0;

  check_set (set);
  written = kennis_bookmarks_format_write (set);
  again = kennis_bookmarks_format_read (written, "again.html", NULL);
  if (set->entries->len > 0 && (again == NULL || again->entries->len != set->entries->len))
    abort ();
  return 0;
}
