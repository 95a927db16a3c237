/* fuzz-front-matter.c — libFuzzer target: one Markdown file with front
 * matter, as a folder import or a drop reads it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the file holds, it is refused with an error that names it, or
 * read as a note whose texts are valid UTF-8 and whose link, if it has
 * one, is a web address. Any violation aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kennis-markdown-folder.h"
#include "kennis-url.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_text (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecord) record = kennis_markdown_folder_read_note ("fuzz.md", input, set, &error);

  if (record == NULL)
    {
      if (error == NULL || strstr (error->message, "fuzz.md") == NULL)
        abort ();
      return 0;
    }

  check_text (record->title);
  check_text (record->body);
  check_text (record->url);
  check_text (record->language);
  for (guint i = 0; record->tags[i] != NULL; i++)
    check_text (record->tags[i]);
  if (record->kind == KENNIS_ENTRY_KIND_LINK && !kennis_url_is_web (record->url) && record->url != NULL &&
      *record->url != '\0')
    abort ();
  return 0;
}
