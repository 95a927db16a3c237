/* kennis-sidebar.h — All, Notes, Links, each audience and each tag, with counts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-query.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_SIDEBAR (kennis_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (KennisSidebar, kennis_sidebar, KENNIS, SIDEBAR, GtkWidget)

void               kennis_sidebar_set_store     (KennisSidebar *self,
                                                 KennisStore   *store);
const KennisQuery *kennis_sidebar_get_query     (KennisSidebar *self);
const char        *kennis_sidebar_get_title     (KennisSidebar *self);
GListModel        *kennis_sidebar_get_audiences (KennisSidebar *self);
gboolean           kennis_sidebar_select        (KennisSidebar *self,
                                                 const char    *key);
gboolean           kennis_sidebar_get_loading   (KennisSidebar *self);

G_END_DECLS
