/* kennis-rel-links.h — the addresses a web page names with rel="…", from
 * its Link header and its <link> elements
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

char *kennis_rel_links_resolve (const char         *base,
                                const char         *href);
void  kennis_rel_links_find    (SoupMessage        *message,
                                GBytes             *body,
                                const char * const *rels,
                                char              **found);

G_END_DECLS
