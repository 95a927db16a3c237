/* kennis-url.c — web addresses compared the way people mean them
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-url.h"

/* TRUE for a parsed http or https address with a host. */
gboolean
kennis_uri_is_web (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && *host != '\0';
}

/* TRUE for an absolute http or https address with a host. */
gboolean
kennis_url_is_web (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && kennis_uri_is_web (uri);
}

/* Campaign parameters say where a visitor came from, not what the page is. */
static gboolean
is_tracking_param (const char *param)
{
  return g_ascii_strncasecmp (param, "utm_", 4) == 0;
}

static char *
dup_query_without_tracking (const char *query)
{
  g_auto(GStrv) params = NULL;
  g_autoptr(GString) kept = NULL;

  if (query == NULL || *query == '\0')
    return NULL;

  params = g_strsplit (query, "&", -1);
  kept = g_string_new (NULL);
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (*params[i] == '\0' || is_tracking_param (params[i]))
        continue;
      if (kept->len > 0)
        g_string_append_c (kept, '&');
      g_string_append (kept, params[i]);
    }

  return kept->len > 0 ? g_string_free (g_steal_pointer (&kept), FALSE) : NULL;
}

static char *
dup_path_without_trailing_slash (const char *path)
{
  gsize length = strlen (path);

  while (length > 0 && path[length - 1] == '/')
    length--;
  return length > 0 ? g_strndup (path, length) : g_strdup ("");
}

/**
 * kennis_url_dup_key:
 *
 * The form in which two addresses of the same page are equal: scheme and
 * host in lower case, no default port, no trailing slash, no `utm_*`
 * parameters, no empty query or fragment. Other parameters keep their
 * order, since sites may read them in order.
 *
 * Returns: (nullable): the key, or %NULL when @url is not an http or https
 *   address
 */
char *
kennis_url_dup_key (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) key = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  const char *fragment;
  int port;

  /* Parsed once, as written: an import asks this of every address. */
  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL) : NULL;
  if (uri == NULL || !kennis_uri_is_web (uri))
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 80 && g_str_equal (scheme, "http")) || (port == 443 && g_str_equal (scheme, "https")))
    port = -1;
  path = dup_path_without_trailing_slash (g_uri_get_path (uri));
  query = dup_query_without_tracking (g_uri_get_query (uri));
  fragment = g_uri_get_fragment (uri);
  if (fragment != NULL && *fragment == '\0')
    fragment = NULL;

  key = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, host, port, path, query, fragment);
  return g_uri_to_string (key);
}
