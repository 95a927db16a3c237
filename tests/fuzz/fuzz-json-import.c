/* fuzz-json-import.c — libFuzzer target: a Kennis export someone imports
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the file holds, it is refused with an error or read; what is
 * read, written again and read once more gives the same file, so an
 * export round-trips. Any violation aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kennis-json-format.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_json_format_read (input, "fuzz.json", &error);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(KennisRecordSet) again = NULL;

  if (set == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }

  first = kennis_json_format_write (set);
  again = kennis_json_format_read (first, "first.json", NULL);
  if (again == NULL)
    abort ();
  second = kennis_json_format_write (again);
  if (!g_bytes_equal (first, second))
    abort ();
  return 0;
}
