/* kennis-markdown.c — Markdown to safe HTML and to plain text
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CommonMark is parsed by libcmark with raw HTML disabled. Before rendering,
 * the tree is walked: raw HTML nodes are removed, links and images whose
 * destination is not http, https, mailto or relative lose their URL, and bare
 * http(s) URLs in text become links. Everything Kennis publishes goes through
 * here, so the checks do not rely on cmark's own URL filter.
 */

#include "config.h"

#include <cmark.h>
#include <string.h>

#include "kennis-markdown.h"

/* How often a destination is decoded (entities, then percent-escapes)
 * before it is refused for hiding behind too many layers. */
#define MAX_DECODE_ROUNDS 4

/* Named character references that can spell out a scheme or hide its
 * colon. Letters have no ASCII named references; numeric ones are decoded
 * separately. */
static const struct {
  const char *name;
  const char *text;
} named_references[] = {
  { "amp", "&" },
  { "apos", "'" },
  { "colon", ":" },
  { "gt", ">" },
  { "lt", "<" },
  { "newline", "\n" },
  { "nbsp", " " },
  { "num", "#" },
  { "period", "." },
  { "quest", "?" },
  { "quot", "\"" },
  { "sol", "/" },
  { "tab", "\t" },
};

/* XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF; C1 controls and DEL
 * are allowed there but never meant in a note. */
static gboolean
is_forbidden_char (gunichar c)
{
  if (c < 0x20)
    return c != '\t' && c != '\n' && c != '\r';

  return (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff;
}

/* Valid UTF-8 without characters a feed could not carry; each bad byte or
 * forbidden character becomes U+FFFD. */
static char *
make_clean_utf8 (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_forbidden_char (c))
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

static void
append_codepoint (GString *out,
                  gulong   c)
{
  if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    c = 0xfffd;

  g_string_append_unichar (out, (gunichar)c);
}

/* One round of HTML character reference decoding, as browsers do it in
 * attribute values: numeric references with or without a semicolon, and
 * the named ones listed above, case-insensitively. */
static char *
decode_references (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  while (*s != '\0')
    {
      if (s[0] == '&' && s[1] == '#')
        {
          const char *p = s + 2;
          gboolean hex = (*p == 'x' || *p == 'X');
          gulong c = 0;
          gboolean any = FALSE;

          if (hex)
            p++;
          while (hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p))
            {
              if (c <= 0x10ffff)
                c = c * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p));
              any = TRUE;
              p++;
            }
          if (any)
            {
              append_codepoint (out, c);
              s = (*p == ';') ? p + 1 : p;
              continue;
            }
        }
      else if (s[0] == '&')
        {
          gboolean found = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (named_references); i++)
            {
              gsize len = strlen (named_references[i].name);

              if (g_ascii_strncasecmp (s + 1, named_references[i].name, len) == 0)
                {
                  g_string_append (out, named_references[i].text);
                  s += 1 + len;
                  if (*s == ';')
                    s++;
                  found = TRUE;
                  break;
                }
            }
          if (found)
            continue;
        }

      g_string_append_c (out, *s);
      s++;
    }

  return g_string_free (out, FALSE);
}

static char *
decode_percent (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  while (*s != '\0')
    {
      if (s[0] == '%' && g_ascii_isxdigit (s[1]) && g_ascii_isxdigit (s[2]))
        {
          char c = (char)(g_ascii_xdigit_value (s[1]) * 16 + g_ascii_xdigit_value (s[2]));

          /* A decoded NUL would end the string early and hide what follows. */
          if (c == '\0')
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_c (out, c);
          s += 3;
          continue;
        }

      g_string_append_c (out, *s);
      s++;
    }

  return g_string_free (out, FALSE);
}

/* Whether one spelling of a destination has an allowed scheme or none.
 * Browsers drop leading controls and spaces and ignore tabs and newlines
 * anywhere, so every byte up to space is ignored here, wherever it is. */
static gboolean
spelling_is_safe (const char *url)
{
  g_autoptr(GString) scheme = g_string_new (NULL);

  for (const char *p = url; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c <= 0x20 || c == 0x7f)
        continue;
      if (c == '/' || c == '?' || c == '#')
        return TRUE;   /* relative: no scheme before the path */
      if (c == ':')
        {
          const char *name = scheme->str;

          return g_ascii_strcasecmp (name, "http") == 0 ||
                 g_ascii_strcasecmp (name, "https") == 0 ||
                 g_ascii_strcasecmp (name, "mailto") == 0;
        }
      g_string_append_c (scheme, (char)c);
    }

  return TRUE;
}

/**
 * kennis_markdown_url_is_safe:
 * @url: (nullable): a link or image destination
 *
 * Whether @url may appear in published HTML: its scheme is http, https or
 * mailto, or it has none (a relative URL). The decision holds for every
 * spelling a browser might read: the destination as given and after each
 * round of decoding character references and percent-escapes, with
 * whitespace and control characters ignored and letters compared without
 * case. A destination that still changes after a few rounds is refused.
 *
 * Returns: %TRUE when @url may be kept
 */
gboolean
kennis_markdown_url_is_safe (const char *url)
{
  g_autofree char *current = NULL;

  if (url == NULL)
    return TRUE;

  current = g_strdup (url);
  for (guint round = 0; round <= MAX_DECODE_ROUNDS; round++)
    {
      g_autofree char *unreferenced = NULL;
      g_autofree char *decoded = NULL;

      if (!spelling_is_safe (current))
        return FALSE;

      unreferenced = decode_references (current);
      if (!spelling_is_safe (unreferenced))
        return FALSE;

      decoded = decode_percent (unreferenced);
      if (strcmp (decoded, current) == 0)
        return TRUE;

      g_free (current);
      current = g_steal_pointer (&decoded);
    }

  return FALSE;
}

/* Plain text of the inlines below @node (an image's alt text, say). */
static void
append_inline_text (GString    *out,
                    cmark_node *node)
{
  cmark_iter *iter = cmark_iter_new (node);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *cur = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;

      switch (cmark_node_get_type (cur))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (cur));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        default:
          break;
        }
    }

  cmark_iter_free (iter);
}

/* Raw HTML goes; a refused link becomes its text, a refused image its alt
 * text. Nodes are collected first and handled innermost first, so a node is
 * never freed while something below it is still to be handled. */
static void
sanitize_tree (cmark_node *root)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *cur = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;

      switch (cmark_node_get_type (cur))
        {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_CUSTOM_BLOCK:
        case CMARK_NODE_CUSTOM_INLINE:
          g_ptr_array_add (nodes, cur);
          break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          if (!kennis_markdown_url_is_safe (cmark_node_get_url (cur)))
            g_ptr_array_add (nodes, cur);
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);

  for (guint i = nodes->len; i > 0; i--)
    {
      cmark_node *node = g_ptr_array_index (nodes, i - 1);
      cmark_node *child;

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_LINK:
          while ((child = cmark_node_first_child (node)) != NULL)
            cmark_node_insert_before (node, child);
          break;
        case CMARK_NODE_IMAGE:
          {
            g_autoptr(GString) alt = g_string_new (NULL);

            append_inline_text (alt, node);
            if (alt->len > 0)
              {
                cmark_node *text = cmark_node_new (CMARK_NODE_TEXT);

                cmark_node_set_literal (text, alt->str);
                cmark_node_insert_before (node, text);
              }
          }
          break;
        default:
          break;
        }

      cmark_node_free (node);
    }
}

/* Punctuation that ends a sentence rather than a URL. */
static gboolean
is_trailing_punctuation (char c)
{
  return c != '\0' && strchr ("?!.,:;*_~'\"", c) != NULL;
}

/* Length of the bare URL starting at @start, which begins with http:// or
 * https:// (@scheme_len bytes), or 0 when nothing but punctuation follows. */
static gsize
measure_url (const char *start,
             gsize       scheme_len)
{
  const char *p = start;
  gsize len;
  gsize open = 0;
  gsize close = 0;
  gboolean has_host = FALSE;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == 0x7f || g_unichar_isspace (c))
        break;
      p = g_utf8_next_char (p);
    }
  len = p - start;

  /* A closing bracket belongs to the URL only when it closes one inside
   * it, as in wiki/Kennis_(filosofie). Counted once, so a run of brackets
   * costs linear time. */
  for (gsize i = 0; i < len; i++)
    {
      if (start[i] == '(' || start[i] == '[')
        open++;
      else if (start[i] == ')' || start[i] == ']')
        close++;
    }

  while (len > scheme_len)
    {
      char last = start[len - 1];

      if (is_trailing_punctuation (last))
        len--;
      else if ((last == ')' || last == ']') && close > open)
        {
          close--;
          len--;
        }
      else
        break;
    }

  for (gsize i = scheme_len; i < len; i++)
    if (g_ascii_isalnum (start[i]) || (guchar)start[i] >= 0x80)
      has_host = TRUE;

  return has_host ? len : 0;
}

/* Where the next bare URL in @text starts, with the length of its scheme
 * part in @scheme_len, or %NULL. */
static const char *
find_bare_url (const char *text,
               gsize      *scheme_len)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p > text && g_ascii_isalnum (p[-1]))
        continue;
      if (g_ascii_strncasecmp (p, "http://", 7) == 0)
        *scheme_len = 7;
      else if (g_ascii_strncasecmp (p, "https://", 8) == 0)
        *scheme_len = 8;
      else
        continue;

      return p;
    }

  return NULL;
}

static void
insert_text_before (cmark_node *node,
                    const char *text,
                    gsize       len)
{
  g_autofree char *literal = g_strndup (text, len);
  cmark_node *child = cmark_node_new (CMARK_NODE_TEXT);

  cmark_node_set_literal (child, literal);
  cmark_node_insert_before (node, child);
}

/* Splits one text node around the bare URLs in it. */
static void
link_bare_urls_in (cmark_node *node)
{
  g_autofree char *text = g_strdup (cmark_node_get_literal (node));
  const char *rest = text;
  const char *start;
  gsize scheme_len = 0;
  gboolean changed = FALSE;

  while ((start = find_bare_url (rest, &scheme_len)) != NULL)
    {
      gsize len = measure_url (start, scheme_len);
      g_autofree char *url = NULL;
      cmark_node *link;

      if (len == 0)
        {
          /* Nothing after the scheme: keep looking after it. */
          insert_text_before (node, rest, start + scheme_len - rest);
          rest = start + scheme_len;
          changed = TRUE;
          continue;
        }

      if (start > rest)
        insert_text_before (node, rest, start - rest);

      url = g_strndup (start, len);
      link = cmark_node_new (CMARK_NODE_LINK);
      cmark_node_set_url (link, url);
      cmark_node_append_child (link, cmark_node_new (CMARK_NODE_TEXT));
      cmark_node_set_literal (cmark_node_first_child (link), url);
      cmark_node_insert_before (node, link);

      rest = start + len;
      changed = TRUE;
    }

  if (!changed)
    return;

  if (*rest == '\0')
    cmark_node_free (node);
  else
    cmark_node_set_literal (node, rest);
}

/* Core CommonMark links only <http://…>; a note usually holds bare URLs.
 * Code spans and code blocks are literals, not text nodes, so they are
 * never touched; text already inside a link or image alt is skipped. */
static void
link_bare_urls (cmark_node *root)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  cmark_iter *iter;
  cmark_event_type event;
  int link_depth = 0;

  /* cmark splits text at characters that might have been syntax. */
  cmark_consolidate_text_nodes (root);

  iter = cmark_iter_new (root);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *cur = cmark_iter_get_node (iter);

      switch (cmark_node_get_type (cur))
        {
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          link_depth += (event == CMARK_EVENT_ENTER) ? 1 : -1;
          break;
        case CMARK_NODE_TEXT:
          if (link_depth == 0)
            g_ptr_array_add (texts, cur);
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);

  for (guint i = 0; i < texts->len; i++)
    link_bare_urls_in (g_ptr_array_index (texts, i));
}

static cmark_node *
parse (const char *markdown)
{
  g_autofree char *clean = make_clean_utf8 (markdown);

  return cmark_parse_document (clean, strlen (clean), CMARK_OPT_DEFAULT);
}

/**
 * kennis_markdown_to_html:
 * @markdown: (nullable): CommonMark text; %NULL reads as empty, invalid
 *   UTF-8 bytes as U+FFFD
 *
 * Renders @markdown as HTML that is safe to publish: raw HTML is dropped,
 * only http, https, mailto and relative destinations are kept (a refused
 * link keeps its text, a refused image becomes its alt text), and bare
 * http(s) URLs outside code and links become links. Control characters that
 * XML 1.0 forbids are replaced by U+FFFD.
 *
 * Returns: (transfer full): UTF-8 HTML, empty for empty input
 */
char *
kennis_markdown_to_html (const char *markdown)
{
  cmark_node *root = parse (markdown);
  char *html;
  char *clean;

  sanitize_tree (root);
  link_bare_urls (root);

  html = cmark_render_html (root, CMARK_OPT_DEFAULT);
  cmark_node_free (root);

  /* Character references such as &#1; decode into controls again. */
  clean = make_clean_utf8 (html);
  free (html);

  return clean;
}

typedef struct
{
  GString  *out;
  GString  *block;
  gboolean  last_was_tight_item;
} TextState;

static gboolean
is_in_tight_list (cmark_node *block)
{
  cmark_node *item = cmark_node_parent (block);
  cmark_node *list = item != NULL ? cmark_node_parent (item) : NULL;

  return list != NULL &&
         cmark_node_get_type (item) == CMARK_NODE_ITEM &&
         cmark_node_get_list_tight (list);
}

/* Ends one block: its white space collapsed to single spaces, separated
 * from the one before by a blank line, or by a line break between the items
 * of a tight list. */
static void
flush_block (TextState  *state,
             cmark_node *block)
{
  g_autoptr(GString) collapsed = g_string_new (NULL);
  gboolean space = FALSE;
  gboolean tight = is_in_tight_list (block);

  for (const char *p = state->block->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && collapsed->len > 0)
        g_string_append_c (collapsed, ' ');
      space = FALSE;
      g_string_append_unichar (collapsed, c);
    }
  g_string_truncate (state->block, 0);

  if (collapsed->len == 0)
    return;

  if (state->out->len > 0)
    g_string_append (state->out, tight && state->last_was_tight_item ? "\n" : "\n\n");
  g_string_append_len (state->out, collapsed->str, collapsed->len);
  state->last_was_tight_item = tight;
}

/**
 * kennis_markdown_to_text:
 * @markdown: (nullable): CommonMark text; %NULL reads as empty
 *
 * The words of @markdown without markup, for feed summaries and previews:
 * link and image destinations and raw HTML are left out (an image gives its
 * alt text), white space inside a block is collapsed to single spaces, and
 * blocks are separated by a blank line (items of a tight list by a line
 * break). The result is not HTML-escaped.
 *
 * Returns: (transfer full): UTF-8 text, empty for empty input
 */
char *
kennis_markdown_to_text (const char *markdown)
{
  cmark_node *root = parse (markdown);
  TextState state = { g_string_new (NULL), g_string_new (NULL), FALSE };
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *cur = cmark_iter_get_node (iter);

      switch (cmark_node_get_type (cur))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (state.block, cmark_node_get_literal (cur));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (state.block, ' ');
          break;
        case CMARK_NODE_CODE_BLOCK:
          g_string_append (state.block, cmark_node_get_literal (cur));
          flush_block (&state, cur);
          break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
          if (event == CMARK_EVENT_EXIT)
            flush_block (&state, cur);
          break;
        default:
          break;
        }
    }

  cmark_iter_free (iter);
  cmark_node_free (root);
  g_string_free (state.block, TRUE);

  {
    g_autofree char *text = g_string_free (state.out, FALSE);

    return make_clean_utf8 (text);
  }
}
