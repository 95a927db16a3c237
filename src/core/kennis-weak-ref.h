/* kennis-weak-ref.h — how async callbacks hold the object that asked
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Work in flight holds its owner weakly: an owner dropped meanwhile is
 * simply not updated, and is not kept alive by a worker thread. */
static inline gpointer
kennis_weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* Frees @ref; returns (transfer full) the object, or %NULL when it is gone. */
static inline gpointer
kennis_weak_ref_steal (gpointer ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

G_END_DECLS
