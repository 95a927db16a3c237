/* kennis-post.c — an entry rendered into what a target publishes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-post.h"

KennisPost *
kennis_post_new (void)
{
  KennisPost *self = g_new0 (KennisPost, 1);

  self->language = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  return self;
}

KennisPost *
kennis_post_copy (const KennisPost *self)
{
  KennisPost *copy = g_new0 (KennisPost, 1);

  copy->id = g_strdup (self->id);
  copy->title = g_strdup (self->title);
  copy->html = g_strdup (self->html);
  copy->text = g_strdup (self->text);
  copy->url = g_strdup (self->url);
  copy->slug = g_strdup (self->slug);
  copy->language = g_strdup (self->language);
  copy->tags = g_strdupv (self->tags);
  copy->published = self->published ? g_date_time_ref (self->published) : NULL;
  copy->updated = self->updated ? g_date_time_ref (self->updated) : NULL;
  return copy;
}

void
kennis_post_free (KennisPost *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->title);
  g_free (self->html);
  g_free (self->text);
  g_free (self->url);
  g_free (self->slug);
  g_free (self->language);
  g_strfreev (self->tags);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self);
}

KennisSiteConfig *
kennis_site_config_new (void)
{
  KennisSiteConfig *self = g_new0 (KennisSiteConfig, 1);

  self->folder = g_strdup ("");
  self->title = g_strdup ("");
  self->author = g_strdup ("");
  self->base_url = g_strdup ("");
  self->language = g_strdup ("");
  return self;
}

KennisSiteConfig *
kennis_site_config_copy (const KennisSiteConfig *self)
{
  KennisSiteConfig *copy = g_new0 (KennisSiteConfig, 1);

  copy->folder = g_strdup (self->folder);
  copy->title = g_strdup (self->title);
  copy->author = g_strdup (self->author);
  copy->base_url = g_strdup (self->base_url);
  copy->language = g_strdup (self->language);
  return copy;
}

void
kennis_site_config_free (KennisSiteConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->folder);
  g_free (self->title);
  g_free (self->author);
  g_free (self->base_url);
  g_free (self->language);
  g_free (self);
}
