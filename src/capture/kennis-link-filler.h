/* kennis-link-filler.h — fills a new link's title and description from its
 * page, without overwriting what the user typed
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-entry.h"
#include "kennis-link-fetcher.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_LINK_FILLER (kennis_link_filler_get_type ())

G_DECLARE_FINAL_TYPE (KennisLinkFiller, kennis_link_filler, KENNIS, LINK_FILLER, GObject)

KennisLinkFiller  *kennis_link_filler_new         (KennisStore      *store);
KennisLinkFetcher *kennis_link_filler_get_fetcher (KennisLinkFiller *self);
gboolean           kennis_link_filler_wants       (KennisLinkFiller *self,
                                                   KennisEntry      *entry);
void               kennis_link_filler_fill        (KennisLinkFiller *self,
                                                   KennisEntry      *entry);
gboolean           kennis_link_filler_is_busy     (KennisLinkFiller *self,
                                                   KennisEntry      *entry);
const GError      *kennis_link_filler_get_error   (KennisLinkFiller *self,
                                                   KennisEntry      *entry);

G_END_DECLS
