/* fuzz-markdown.c — libFuzzer target: Markdown that Kennis publishes as HTML
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever a note holds, its HTML must carry no script element, no event
 * handler attribute and no link or image destination with a scheme other
 * than http, https or mailto, and both renderings must be valid UTF-8 that
 * XML 1.0 accepts. The checks here read the HTML the way a browser would,
 * independently of how kennis-markdown.c decides; any violation aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kennis-markdown.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_xml_text (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    abort ();

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        abort ();
    }
}

/* An attribute value as a browser reads it: character references decoded
 * (cmark writes only these), tabs and newlines removed, leading controls
 * and spaces skipped. */
static char *
attribute_value (const char *start,
                 const char *end)
{
  GString *out = g_string_new (NULL);

  for (const char *p = start; p < end; p++)
    {
      if (*p == '&')
        {
          static const struct { const char *ref; char c; } refs[] = {
            { "&amp;", '&' }, { "&quot;", '"' }, { "&lt;", '<' }, { "&gt;", '>' },
            { "&#x27;", '\'' }, { "&#39;", '\'' },
          };
          gboolean found = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
            if (strncmp (p, refs[i].ref, strlen (refs[i].ref)) == 0)
              {
                g_string_append_c (out, refs[i].c);
                p += strlen (refs[i].ref) - 1;
                found = TRUE;
                break;
              }
          /* Any other reference in an attribute would be a renderer bug. */
          if (!found)
            abort ();
          continue;
        }
      if (*p == '\t' || *p == '\n' || *p == '\r')
        continue;
      if (out->len == 0 && (guchar)*p <= 0x20)
        continue;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* The URL standard's scheme: an ASCII letter, then letters, digits, "+",
 * "-" or ".", then ":". Anything else is a relative URL. */
static void
check_destination (const char *url)
{
  const char *p = url;

  if (!g_ascii_isalpha (*p))
    return;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  if (*p != ':')
    return;

  if (!((p - url == 4 && g_ascii_strncasecmp (url, "http", 4) == 0) ||
        (p - url == 5 && g_ascii_strncasecmp (url, "https", 5) == 0) ||
        (p - url == 6 && g_ascii_strncasecmp (url, "mailto", 6) == 0)))
    abort ();
}

/* Every "<" in the output opens a real tag: text has its "<" escaped. */
static void
check_html (const char *html)
{
  const char *p = html;

  check_xml_text (html);

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p, '>');
      gboolean quoted = FALSE;

      if (end == NULL)
        abort ();
      if (g_ascii_strncasecmp (p, "<script", 7) == 0)
        abort ();

      for (const char *q = p + 1; q < end; q++)
        {
          if (*q == '"')
            {
              quoted = !quoted;
              continue;
            }
          if (quoted || !g_ascii_isspace (*q))
            continue;

          /* The start of an attribute name. */
          if (g_ascii_strncasecmp (q + 1, "on", 2) == 0)
            {
              const char *n = q + 3;

              while (g_ascii_isalpha (*n))
                n++;
              if (*n == '=')
                abort ();
            }
          if (g_ascii_strncasecmp (q + 1, "href=\"", 6) == 0 ||
              g_ascii_strncasecmp (q + 1, "src=\"", 5) == 0)
            {
              const char *value = strchr (q, '"') + 1;
              const char *close = strchr (value, '"');
              g_autofree char *url = NULL;

              if (close == NULL || close > end)
                abort ();
              url = attribute_value (value, close);
              check_destination (url);
            }
        }

      if (quoted)
        abort ();
      p = end;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *markdown = g_strndup ((const char *)data, size);
  g_autofree char *html = kennis_markdown_to_html (markdown);
  g_autofree char *text = kennis_markdown_to_text (markdown);
  g_autofree char *lower = g_ascii_strdown (html, -1);

  if (strstr (lower, "<script") != NULL)
    abort ();
  check_html (html);
  check_xml_text (text);

  return 0;
}
