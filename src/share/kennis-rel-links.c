/* kennis-rel-links.c — the addresses a web page names with rel="…", from
 * its Link header and its <link> elements
 *
 * IndieWeb discovery (Micropub, IndieAuth) reads a site's home page this
 * way: the first link for a relation wins, the Link header before the
 * page, and relative addresses count from where the page ended up after
 * any redirect. Only http and https addresses are taken.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>

#include "kennis-link-info.h"
#include "kennis-rel-links.h"
#include "kennis-url.h"

/* --- Helpers ------------------------------------------------------------- */

/* Fills the slots of @found that are still empty and that @rel, a list of
 * link relations, names. The first link for a relation wins. */
static void
note_link (const char * const *rels,
           char              **found,
           const char         *rel,
           const char         *href,
           const char         *base)
{
  g_auto(GStrv) tokens = g_strsplit_set (rel, " \t\r\n\f", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    for (guint r = 0; rels[r] != NULL; r++)
      if (found[r] == NULL && g_ascii_strcasecmp (tokens[i], rels[r]) == 0)
        found[r] = kennis_rel_links_resolve (base, href);
}

/* Reads the parameters after a link's "<…>" up to the comma that ends the
 * link (RFC 8288), and moves *@pos past them. Values may be quoted, and
 * quoted values may hold commas and semicolons. */
static char *
read_link_params (const char **pos)
{
  const char *p = *pos;
  char *rel = NULL;

  while (*p != '\0' && *p != ',')
    {
      const char *name;
      const char *value;
      gsize name_length;
      gsize value_length;

      if (*p++ != ';')
        continue;
      while (g_ascii_isspace (*p))
        p++;
      name = p;
      while (*p != '\0' && *p != '=' && *p != ';' && *p != ',' && !g_ascii_isspace (*p))
        p++;
      name_length = p - name;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '=')
        continue;
      p++;
      while (g_ascii_isspace (*p))
        p++;

      if (*p == '"')
        {
          value = ++p;
          while (*p != '\0' && *p != '"')
            p += p[0] == '\\' && p[1] != '\0' ? 2 : 1;
          value_length = p - value;
          if (*p == '"')
            p++;
        }
      else
        {
          value = p;
          while (*p != '\0' && *p != ';' && *p != ',' && !g_ascii_isspace (*p))
            p++;
          value_length = p - value;
        }

      if (rel == NULL && name_length == 3 && g_ascii_strncasecmp (name, "rel", 3) == 0)
        rel = g_strndup (value, value_length);
    }

  *pos = *p == ',' ? p + 1 : p;
  return rel;
}

/* `Link: <…>; rel="micropub", <…>; rel="token_endpoint"`; libsoup joins
 * repeated headers with ", ". */
static void
read_link_header (const char         *header,
                  const char         *base,
                  const char * const *rels,
                  char              **found)
{
  const char *p = header;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p, '>');
      g_autofree char *href = NULL;
      g_autofree char *rel = NULL;

      if (end == NULL)
        return;
      href = g_strndup (p + 1, end - p - 1);
      p = end + 1;
      rel = read_link_params (&p);
      if (rel != NULL)
        note_link (rels, found, rel, href, base);
    }
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

/* The next node in document order, without leaving @root; a loop, not
 * recursion, as a hostile page may nest deeply. */
static xmlNode *
next_node (xmlNode *root,
           xmlNode *node)
{
  if (node->children != NULL)
    return node->children;
  while (node != root && node->next == NULL)
    node = node->parent;
  return node == root ? NULL : node->next;
}

/* libxml2 may move a <link> out of <head>, so the whole page is read. */
static void
read_link_elements (SoupMessage        *message,
                    GBytes             *body,
                    const char         *base,
                    const char * const *rels,
                    char              **found)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  htmlDocPtr doc;
  xmlNode *root;

  if (length == 0)
    return;
  soup_message_headers_get_content_type (soup_message_get_response_headers (message), &params);
  text = kennis_link_info_decode_html (data, length, params != NULL ? g_hash_table_lookup (params, "charset") : NULL,
                                       NULL);
  /* The text is UTF-8 now, whatever the page's <meta> says. */
  doc = htmlReadMemory (text, (int)MIN (strlen (text), (gsize)G_MAXINT), base, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  if (doc == NULL)
    return;

  root = xmlDocGetRootElement (doc);
  for (xmlNode *node = root; node != NULL; node = next_node (root, node))
    {
      g_autofree char *rel = NULL;
      g_autofree char *href = NULL;

      if (node->type != XML_ELEMENT_NODE || !g_str_equal ((const char *)node->name, "link"))
        continue;
      rel = get_attribute (node, "rel");
      href = get_attribute (node, "href");
      if (rel != NULL && href != NULL)
        note_link (rels, found, rel, href, base);
    }
  xmlFreeDoc (doc);
}

/* --- Public API ---------------------------------------------------------- */

/**
 * kennis_rel_links_resolve:
 * @base: the address of the page or document @href is in
 * @href: an address as written there, maybe relative
 *
 * Returns: (transfer full) (nullable): @href against @base, or %NULL when
 *   that is not an http or https address
 */
char *
kennis_rel_links_resolve (const char *base,
                          const char *href)
{
  g_autofree char *stripped = NULL;
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (href != NULL, NULL);

  stripped = g_strstrip (g_strdup (href));
  resolved = g_uri_resolve_relative (base, stripped, G_URI_FLAGS_NONE, NULL);
  return kennis_url_is_web (resolved) ? g_steal_pointer (&resolved) : NULL;
}

/**
 * kennis_rel_links_find:
 * @message: the answer to a GET of the page, with its headers
 * @body: (nullable): the page
 * @rels: the relations to look for, %NULL-terminated
 * @found: one slot per relation in @rels, %NULL where nothing was found yet
 *
 * Fills the slots of @found that are still empty with the first address
 * the page names for each relation, from its Link header first, then from
 * its <link> elements. The caller frees what was filled in.
 */
void
kennis_rel_links_find (SoupMessage        *message,
                       GBytes             *body,
                       const char * const *rels,
                       char              **found)
{
  g_autofree char *base = NULL;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (rels != NULL);
  g_return_if_fail (found != NULL);

  /* Relative addresses are relative to the page, after any redirect. */
  base = g_uri_to_string (soup_message_get_uri (message));
  read_link_header (soup_message_headers_get_list (soup_message_get_response_headers (message), "Link"),
                    base, rels, found);
  read_link_elements (message, body, base, rels, found);
}
