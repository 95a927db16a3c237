/* kennis-link-info.c — what a web page says about itself: title, description, site
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "kennis-link-info.h"
#include "kennis-url.h"

#define MAX_TITLE_CHARS       300
#define MAX_DESCRIPTION_CHARS 1000

/* WHATWG looks for a <meta> charset in the first 1024 bytes only. */
#define PRESCAN_BYTES         1024

/* Every candidate a page can offer. A field takes the first non-empty
 * value found for it; the fields' order of preference is in
 * kennis_link_info_parse_html(). */
typedef enum
{
  FIELD_OG_TITLE,
  FIELD_TITLE,
  FIELD_TWITTER_TITLE,
  FIELD_OG_DESCRIPTION,
  FIELD_DESCRIPTION,
  FIELD_TWITTER_DESCRIPTION,
  FIELD_OG_SITE_NAME,
  FIELD_CANONICAL,
  N_FIELDS
} Field;

G_DEFINE_BOXED_TYPE (KennisLinkInfo, kennis_link_info, kennis_link_info_copy, kennis_link_info_free)

static const struct
{
  const char *key;
  Field       field;
} meta_fields[] = {
  { "og:title", FIELD_OG_TITLE },
  { "twitter:title", FIELD_TWITTER_TITLE },
  { "og:description", FIELD_OG_DESCRIPTION },
  { "description", FIELD_DESCRIPTION },
  { "twitter:description", FIELD_TWITTER_DESCRIPTION },
  { "og:site_name", FIELD_OG_SITE_NAME },
};

/* The WHATWG Encoding standard's labels for windows-1252: browsers decode
 * pages labelled Latin-1 or ASCII as windows-1252, so "smart quotes" in
 * them come out right. */
static const char * const windows_1252_labels[] = {
  "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
  "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
  "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
};

static gboolean
has_prefix_ci (const char *s,
               gsize       available,
               const char *prefix)
{
  gsize len = strlen (prefix);

  return available >= len && g_ascii_strncasecmp (s, prefix, len) == 0;
}

/* Whitespace of any kind, and control characters, become one space; the
 * result is cut after @max_chars characters. Control characters go because
 * the text ends up in XML feeds, where one of them voids the element. */
static char *
clean_text (const char *raw,
            glong       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  glong n_chars = 0;

  if (raw == NULL)
    return NULL;
  if (!g_utf8_validate (raw, -1, NULL))
    raw = valid = g_utf8_make_valid (raw, -1);

  out = g_string_new (NULL);
  for (const char *p = raw; *p != '\0' && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        {
          if (n_chars + 1 >= max_chars)
            break;
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* An absolute http or https URL with a host, or NULL. */
static char *
resolve_web_url (const char *base_url,
                 const char *href)
{
  g_autofree char *stripped = g_strstrip (g_strdup (href));
  g_autofree char *resolved = NULL;
  g_autoptr(GUri) uri = NULL;

  resolved = g_uri_resolve_relative (base_url, stripped, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL)
    return NULL;
  uri = g_uri_parse (resolved, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  if (!kennis_uri_is_web (uri))
    return NULL;
  return g_uri_to_string (uri);
}

/* The charset label in a Content-Type value such as
 * "text/html; charset=iso-8859-1" (WHATWG "extracting a character encoding
 * from a meta element"). */
static char *
charset_from_content (const char *content)
{
  gsize len = strlen (content);
  gsize i = 0;

  while (i + 7 <= len)
    {
      gsize start;

      if (!has_prefix_ci (content + i, len - i, "charset"))
        {
          i++;
          continue;
        }
      i += 7;
      while (i < len && g_ascii_isspace (content[i]))
        i++;
      if (i >= len || content[i] != '=')
        continue;
      i++;
      while (i < len && g_ascii_isspace (content[i]))
        i++;
      if (i < len && (content[i] == '"' || content[i] == '\''))
        {
          const char *close = strchr (content + i + 1, content[i]);

          return close != NULL ? g_strndup (content + i + 1, close - content - i - 1) : NULL;
        }
      start = i;
      while (i < len && !g_ascii_isspace (content[i]) && content[i] != ';')
        i++;
      return i > start ? g_strndup (content + start, i - start) : NULL;
    }
  return NULL;
}

/* Reads the attribute of a tag that starts at *@pos, the way WHATWG's
 * prescan does; FALSE at the end of the tag. */
static gboolean
next_attribute (const char  *s,
                gsize        end,
                gsize       *pos,
                char       **name,
                char       **value)
{
  gsize i = *pos;
  gsize start;

  while (i < end && (g_ascii_isspace (s[i]) || s[i] == '/'))
    i++;
  if (i >= end || s[i] == '>')
    {
      *pos = i;
      return FALSE;
    }

  /* A name may start with "=", so the first byte always belongs to it. */
  start = i++;
  while (i < end && !g_ascii_isspace (s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
    i++;
  *name = g_ascii_strdown (s + start, i - start);

  while (i < end && g_ascii_isspace (s[i]))
    i++;
  if (i >= end || s[i] != '=')
    {
      *value = g_strdup ("");
      *pos = i;
      return TRUE;
    }
  i++;
  while (i < end && g_ascii_isspace (s[i]))
    i++;

  if (i < end && (s[i] == '"' || s[i] == '\''))
    {
      char quote = s[i++];

      start = i;
      while (i < end && s[i] != quote)
        i++;
      *value = g_strndup (s + start, i - start);
      if (i < end)
        i++;
    }
  else
    {
      start = i;
      while (i < end && !g_ascii_isspace (s[i]) && s[i] != '>')
        i++;
      *value = g_strndup (s + start, i - start);
    }
  *pos = i;
  return TRUE;
}

/* The charset a <meta> declares, reading its attributes from *@pos to the
 * end of the tag. A "content" charset counts only next to
 * http-equiv="Content-Type". */
static char *
meta_charset (const char *s,
              gsize       end,
              gsize      *pos)
{
  g_autofree char *charset = NULL;
  gboolean got_pragma = FALSE;
  gboolean need_pragma = FALSE;
  char *name = NULL;
  char *value = NULL;

  while (next_attribute (s, end, pos, &name, &value))
    {
      if (g_str_equal (name, "http-equiv"))
        got_pragma = got_pragma || g_ascii_strcasecmp (value, "content-type") == 0;
      else if (g_str_equal (name, "charset") && charset == NULL)
        charset = g_strdup (value);
      else if (g_str_equal (name, "content") && charset == NULL)
        {
          charset = charset_from_content (value);
          need_pragma = charset != NULL;
        }
      g_clear_pointer (&name, g_free);
      g_clear_pointer (&value, g_free);
    }

  if (need_pragma && !got_pragma)
    return NULL;
  return g_steal_pointer (&charset);
}

/* Skips the tag at *@pos; its quoted attribute values may hold a ">". */
static void
skip_tag (const char *s,
          gsize       end,
          gsize      *pos)
{
  char *name = NULL;
  char *value = NULL;

  while (*pos < end && !g_ascii_isspace (s[*pos]) && s[*pos] != '>')
    (*pos)++;
  while (next_attribute (s, end, pos, &name, &value))
    {
      g_clear_pointer (&name, g_free);
      g_clear_pointer (&value, g_free);
    }
}

/* WHATWG's prescan of the first bytes for a <meta> charset declaration. It
 * reads bytes, before any decoding, as every label is ASCII. */
static char *
prescan_charset (const char *s,
                 gsize       length)
{
  gsize end = MIN (length, PRESCAN_BYTES);
  gsize i = 0;

  while (i < end)
    {
      if (s[i] != '<')
        {
          i++;
        }
      else if (has_prefix_ci (s + i, end - i, "<!--"))
        {
          const char *close = g_strstr_len (s + i + 4, end - i - 4, "-->");

          if (close == NULL)
            return NULL;
          i = close - s + 3;
        }
      else if (has_prefix_ci (s + i, end - i, "<meta") && i + 5 < end &&
               (g_ascii_isspace (s[i + 5]) || s[i + 5] == '/'))
        {
          char *charset;

          i += 5;
          charset = meta_charset (s, end, &i);
          if (charset != NULL)
            return charset;
        }
      else if (i + 2 < end && (g_ascii_isalpha (s[i + 1]) ||
                               (s[i + 1] == '/' && g_ascii_isalpha (s[i + 2]))))
        {
          i++;
          skip_tag (s, end, &i);
        }
      else if (i + 1 < end && (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?'))
        {
          const char *close = memchr (s + i, '>', end - i);

          if (close == NULL)
            return NULL;
          i = close - s + 1;
        }
      else
        {
          i++;
        }
    }
  return NULL;
}

/* The iconv name for a charset label: "UTF-8", "WINDOWS-1252" for every
 * label that means it, or NULL for a label iconv does not know. */
static char *
encoding_for_label (const char *label)
{
  g_autofree char *lower = NULL;
  GIConv conv;

  if (label == NULL)
    return NULL;
  lower = g_strstrip (g_ascii_strdown (label, -1));

  for (guint i = 0; i < G_N_ELEMENTS (windows_1252_labels); i++)
    if (g_str_equal (lower, windows_1252_labels[i]))
      return g_strdup ("WINDOWS-1252");
  if (g_str_equal (lower, "utf-8") || g_str_equal (lower, "utf8") ||
      g_str_equal (lower, "unicode-1-1-utf-8"))
    return g_strdup ("UTF-8");

  conv = g_iconv_open ("UTF-8", lower);
  if (conv == (GIConv)-1)
    return NULL;
  g_iconv_close (conv);
  return g_steal_pointer (&lower);
}

/* WHATWG's order: a byte order mark, the HTTP header, the page's own
 * <meta>, then UTF-8 (or @fallback for bytes that are not UTF-8). A <meta> cannot claim UTF-16: it could not have been
 * read as ASCII then. Sets *@skip to the length of a byte order mark. */
static char *
detect_encoding (const char *data,
                 gsize       length,
                 const char *charset,
                 const char *fallback,
                 gsize      *skip)
{
  g_autofree char *declared = NULL;
  char *encoding;

  *skip = 0;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      *skip = 3;
      return g_strdup ("UTF-8");
    }
  if (length >= 2 && (memcmp (data, "\xfe\xff", 2) == 0 || memcmp (data, "\xff\xfe", 2) == 0))
    {
      *skip = 2;
      return g_strdup ((guchar)data[0] == 0xfe ? "UTF-16BE" : "UTF-16LE");
    }

  encoding = encoding_for_label (charset);
  if (encoding != NULL)
    return encoding;

  declared = prescan_charset (data, length);
  encoding = encoding_for_label (declared);
  if (encoding != NULL && g_ascii_strncasecmp (encoding, "utf-16", 6) == 0)
    g_clear_pointer (&encoding, g_free);
  if (encoding != NULL)
    return encoding;
  /* Undeclared: UTF-8 when the bytes are, else the caller's guess. */
  return g_strdup (fallback != NULL && !g_utf8_validate_len (data, length, NULL) ? fallback : "UTF-8");
}

/* g_convert() gives up on the first bad byte, and a page cut at the size
 * limit may end inside a character; this turns each bad byte into U+FFFD
 * and keeps the rest. */
static GString *
convert_to_utf8 (const char *data,
                 gsize       length,
                 const char *encoding)
{
  GIConv conv = g_iconv_open ("UTF-8", encoding);
  GString *out = g_string_sized_new (length + length / 2);
  char *in = (char *)data;
  gsize in_left = length;

  g_assert (conv != (GIConv)-1);
  while (in_left > 0)
    {
      char buffer[4096];
      char *outp = buffer;
      gsize out_left = sizeof buffer;
      gsize done = g_iconv (conv, &in, &in_left, &outp, &out_left);

      g_string_append_len (out, buffer, outp - buffer);
      if (done == (gsize)-1 && errno != E2BIG)
        {
          g_string_append (out, "\xef\xbf\xbd");
          in++;
          in_left--;
        }
    }
  g_iconv_close (conv);
  return out;
}

/**
 * kennis_link_info_decode_html:
 * @charset: (nullable): what the server or the file's owner says it is
 * @fallback: (nullable): the encoding of undeclared bytes that are not
 *   UTF-8, e.g. "WINDOWS-1252" for old bookmark files; %NULL: UTF-8, with
 *   bad bytes replaced
 *
 * The bytes of an HTML page or file as UTF-8: a byte order mark, @charset,
 * a <meta> in the first 1024 bytes, then @fallback decide. The result is
 * valid UTF-8 without NUL bytes (libxml2 would stop at one).
 *
 * Returns: (transfer full): the text
 */
char *
kennis_link_info_decode_html (const char *data,
                              gsize       length,
                              const char *charset,
                              const char *fallback)
{
  gsize skip;
  g_autofree char *encoding = detect_encoding (data, length, charset, fallback, &skip);
  g_autoptr(GString) utf8 = NULL;

  data += skip;
  length -= skip;
  if (g_str_equal (encoding, "UTF-8"))
    utf8 = g_string_new_len (data, length);
  else
    utf8 = convert_to_utf8 (data, length, encoding);

  /* A NUL would end the text early: it becomes a space, as HTML's
   * tokenizer reads it as nothing worth keeping. */
  for (gsize i = 0; i < utf8->len; i++)
    if (utf8->str[i] == '\0')
      utf8->str[i] = ' ';
  return g_utf8_make_valid (utf8->str, utf8->len);
}

static void
set_field (char       *found[N_FIELDS],
           Field       field,
           const char *raw)
{
  glong max_chars = MAX_TITLE_CHARS;

  if (found[field] != NULL)
    return;
  if (field == FIELD_OG_DESCRIPTION || field == FIELD_DESCRIPTION ||
      field == FIELD_TWITTER_DESCRIPTION)
    max_chars = MAX_DESCRIPTION_CHARS;
  found[field] = clean_text (raw, max_chars);
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *)name);
  char *copy = g_strdup ((const char *)value);

  xmlFree (value);
  return copy;
}

/* OpenGraph says property=, but many sites write name=: both count. */
static void
read_meta (xmlNode *node,
           char    *found[N_FIELDS])
{
  g_autofree char *property = get_attribute (node, "property");
  g_autofree char *name = get_attribute (node, "name");
  g_autofree char *content = NULL;

  if (property == NULL && name == NULL)
    return;
  content = get_attribute (node, "content");
  if (content == NULL)
    return;
  if (property != NULL)
    g_strstrip (property);
  if (name != NULL)
    g_strstrip (name);

  for (guint i = 0; i < G_N_ELEMENTS (meta_fields); i++)
    if ((property != NULL && g_ascii_strcasecmp (property, meta_fields[i].key) == 0) ||
        (name != NULL && g_ascii_strcasecmp (name, meta_fields[i].key) == 0))
      set_field (found, meta_fields[i].field, content);
}

static gboolean
has_token (const char *list,
           const char *token)
{
  g_auto(GStrv) tokens = g_strsplit_set (list, " \t\n\r\f", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], token) == 0)
      return TRUE;
  return FALSE;
}

static void
read_link (xmlNode    *node,
           const char *base_url,
           char       *found[N_FIELDS])
{
  g_autofree char *rel = NULL;
  g_autofree char *href = NULL;

  if (found[FIELD_CANONICAL] != NULL)
    return;
  rel = get_attribute (node, "rel");
  if (rel == NULL || !has_token (rel, "canonical"))
    return;
  href = get_attribute (node, "href");
  if (href != NULL)
    found[FIELD_CANONICAL] = resolve_web_url (base_url, href);
}

static void
read_title (xmlNode *node,
            char    *found[N_FIELDS])
{
  xmlChar *text;

  if (found[FIELD_TITLE] != NULL)
    return;
  text = xmlNodeGetContent (node);
  set_field (found, FIELD_TITLE, (const char *)text);
  xmlFree (text);
}

/* The next element or text in document order, without leaving @root. */
static xmlNode *
next_node (xmlNode  *root,
           xmlNode  *node,
           gboolean  descend)
{
  if (descend && node->children != NULL)
    return node->children;
  while (node != root && node->next == NULL)
    node = node->parent;
  return node == root ? NULL : node->next;
}

/* libxml2 ends <head> at the first element that belongs in <body>, such as
 * the <img> of a tracking pixel in <noscript>, so the metadata after it
 * lands in <body>: the whole document is read. An SVG's <title> names a
 * picture, not the page. */
static void
collect (xmlNode    *root,
         const char *base_url,
         char       *found[N_FIELDS])
{
  for (xmlNode *node = root; node != NULL;)
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *)node->name;

          if (g_str_equal (name, "meta"))
            read_meta (node, found);
          else if (g_str_equal (name, "link"))
            read_link (node, base_url, found);
          else if (g_str_equal (name, "title"))
            read_title (node, found);
          descend = !g_str_equal (name, "title") && !g_str_equal (name, "svg") &&
                    !g_str_equal (name, "math");
        }
      node = next_node (root, node, descend);
    }
}

static char *
first_of (char  *found[N_FIELDS],
          Field  first,
          Field  last)
{
  for (Field field = first; field <= last; field++)
    if (found[field] != NULL)
      return g_steal_pointer (&found[field]);
  return NULL;
}

/**
 * kennis_link_info_copy:
 * @info: a #KennisLinkInfo
 *
 * Returns: (transfer full): a deep copy of @info
 */
KennisLinkInfo *
kennis_link_info_copy (const KennisLinkInfo *info)
{
  KennisLinkInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (KennisLinkInfo, 1);
  copy->title = g_strdup (info->title);
  copy->description = g_strdup (info->description);
  copy->site_name = g_strdup (info->site_name);
  copy->canonical_url = g_strdup (info->canonical_url);
  copy->url = g_strdup (info->url);
  return copy;
}

void
kennis_link_info_free (KennisLinkInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->title);
  g_free (info->description);
  g_free (info->site_name);
  g_free (info->canonical_url);
  g_free (info->url);
  g_free (info);
}

/**
 * kennis_link_info_parse_html:
 * @data: the start of an HTML page, not NUL-terminated
 * @length: how many bytes of @data to read
 * @charset: (nullable): the charset of the Content-Type header
 * @base_url: (nullable): the page's URL, to resolve a relative canonical link
 *
 * Reads a page's title, description, site name and canonical URL. Never
 * fails: a page without them gives a #KennisLinkInfo with %NULL fields.
 *
 * Returns: (transfer full): what the page says, with url set to @base_url
 */
KennisLinkInfo *
kennis_link_info_parse_html (const char *data,
                             gsize       length,
                             const char *charset,
                             const char *base_url)
{
  KennisLinkInfo *info;
  g_autofree char *text = NULL;
  char *found[N_FIELDS] = { NULL };
  htmlDocPtr doc;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  info = g_new0 (KennisLinkInfo, 1);
  info->url = g_strdup (base_url);
  if (length == 0)
    return info;

  text = kennis_link_info_decode_html (data, length, charset, NULL);
  /* The text is UTF-8 now, whatever the page's <meta> says. Told the
   * encoding, libxml2 2.9 ignores that <meta>; IGNORE_ENC makes sure no
   * version decodes the text a second time. */
  doc = htmlReadMemory (text, (int)MIN (strlen (text), (gsize)G_MAXINT), base_url, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  if (doc == NULL)
    return info;
  collect (xmlDocGetRootElement (doc), base_url, found);
  xmlFreeDoc (doc);

  info->title = first_of (found, FIELD_OG_TITLE, FIELD_TWITTER_TITLE);
  info->description = first_of (found, FIELD_OG_DESCRIPTION, FIELD_TWITTER_DESCRIPTION);
  info->site_name = first_of (found, FIELD_OG_SITE_NAME, FIELD_OG_SITE_NAME);
  info->canonical_url = first_of (found, FIELD_CANONICAL, FIELD_CANONICAL);
  for (Field field = 0; field < N_FIELDS; field++)
    g_free (found[field]);
  return info;
}
