/* kennis-application.h — opens the notebook, recovers a damaged one, and owns the app actions
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_APPLICATION (kennis_application_get_type ())

G_DECLARE_FINAL_TYPE (KennisApplication, kennis_application, KENNIS, APPLICATION, AdwApplication)

KennisApplication *kennis_application_new       (void);
KennisStore       *kennis_application_get_store (KennisApplication *self);

G_END_DECLS
