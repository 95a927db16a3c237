/* fuzz-link-html.c — libFuzzer target: the HTML of a page whose link is saved
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever a server sends, the parser returns, and what it returns is what
 * the rest of Kennis relies on: valid UTF-8 without control characters,
 * trimmed, within the length limits, and a canonical URL only when it is an
 * absolute http or https one. Any violation aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kennis-link-info.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_text (const char *text,
            glong       max_chars)
{
  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL) || text[0] == '\0')
    abort ();
  if (g_utf8_strlen (text, -1) > max_chars)
    abort ();
  if (g_unichar_isspace (g_utf8_get_char (text)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (text + strlen (text)))))
    abort ();

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      abort ();
}

static void
check_url (const char *url)
{
  if (url == NULL)
    return;
  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  KennisLinkInfo *info = kennis_link_info_parse_html ((const char *)data, size, NULL,
                                                      "https://example.org/a/");

  check_text (info->title, 300);
  check_text (info->description, 1000);
  check_text (info->site_name, 300);
  check_url (info->canonical_url);
  if (g_strcmp0 (info->url, "https://example.org/a/") != 0)
    abort ();
  kennis_link_info_free (info);

  return 0;
}
