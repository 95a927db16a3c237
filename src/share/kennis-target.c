/* kennis-target.c — where shared entries go: the base every kind of target extends
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kennis-folder-target.h"
#include "kennis-mastodon-target.h"
#include "kennis-metaweblog-target.h"
#include "kennis-micropub-target.h"
#include "kennis-wordpress-target.h"
#include "kennis-target.h"

typedef struct
{
  gint64  id;
  char   *name;
  guint   retry_after;  /* seconds a server asked Kennis to wait, or 0 */
} KennisTargetPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KennisTarget, kennis_target, G_TYPE_OBJECT)
G_DEFINE_QUARK (kennis-target-error-quark, kennis_target_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kennis_target_finalize (GObject *object)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (KENNIS_TARGET (object));

  g_clear_pointer (&priv->name, g_free);

  G_OBJECT_CLASS (kennis_target_parent_class)->finalize (object);
}

static void
kennis_target_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (KENNIS_TARGET (object));

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, priv->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_target_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (KENNIS_TARGET (object));

  switch (prop_id)
    {
    case PROP_ID:
      priv->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_target_class_init (KennisTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kennis_target_finalize;
  object_class->get_property = kennis_target_get_property;
  object_class->set_property = kennis_target_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kennis_target_init (KennisTarget *self)
{
}

/**
 * kennis_target_new_from_info:
 * @info: a target as the notebook stores it
 *
 * Returns: (transfer full): the target of @info's kind, or %NULL with
 *   %KENNIS_TARGET_ERROR_CONFIG when the kind is unknown or the settings
 *   cannot be used
 */
KennisTarget *
kennis_target_new_from_info (const KennisTargetInfo  *info,
                             GError                 **error)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (g_strcmp0 (info->kind, "folder") == 0)
    return KENNIS_TARGET (kennis_folder_target_new (info->id, info->name, info->config, error));
  if (g_strcmp0 (info->kind, "wordpress") == 0)
    return KENNIS_TARGET (kennis_wordpress_target_new (info->id, info->name, info->config, error));
  if (g_strcmp0 (info->kind, "mastodon") == 0)
    return KENNIS_TARGET (kennis_mastodon_target_new (info->id, info->name, info->config, error));
  if (g_strcmp0 (info->kind, "micropub") == 0)
    return KENNIS_TARGET (kennis_micropub_target_new (info->id, info->name, info->config, error));
  if (g_strcmp0 (info->kind, "metaweblog") == 0)
    return KENNIS_TARGET (kennis_metaweblog_target_new (info->id, info->name, info->config, error));

  g_set_error (error, KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
               /* TRANSLATORS: %s is the name of a place to share to */
               _("“%s” is a kind of place this version of Kennis cannot share to."), info->name);
  return NULL;
}

gint64
kennis_target_get_id (KennisTarget *self)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (self);

  g_return_val_if_fail (KENNIS_IS_TARGET (self), 0);
  return priv->id;
}

const char *
kennis_target_get_name (KennisTarget *self)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (self);

  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  return priv->name;
}

gboolean
kennis_target_is_site (KennisTarget *self)
{
  g_return_val_if_fail (KENNIS_IS_TARGET (self), FALSE);
  return KENNIS_TARGET_GET_CLASS (self)->needs_site_posts;
}

/**
 * kennis_target_publish_async:
 * @request: (transfer full): what to publish
 */
void
kennis_target_publish_async (KennisTarget        *self,
                             KennisShareRequest  *request,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (KENNIS_IS_TARGET (self));
  g_return_if_fail (request != NULL && request->post != NULL);

  KENNIS_TARGET_GET_CLASS (self)->publish_async (self, request, cancellable, callback, user_data);
}

/**
 * kennis_target_publish_finish:
 *
 * Returns: (transfer full): where the copy is, or %NULL with @error set
 */
KennisShareResult *
kennis_target_publish_finish (KennisTarget  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kennis_target_withdraw_async:
 * @request: (transfer full): what to withdraw
 */
void
kennis_target_withdraw_async (KennisTarget        *self,
                              KennisShareRequest  *request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KENNIS_IS_TARGET (self));
  g_return_if_fail (request != NULL && request->post != NULL);

  KENNIS_TARGET_GET_CLASS (self)->withdraw_async (self, request, cancellable, callback, user_data);
}

gboolean
kennis_target_withdraw_finish (KennisTarget  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (KENNIS_IS_TARGET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kennis_target_check_async (KennisTarget        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (KENNIS_IS_TARGET (self));

  KENNIS_TARGET_GET_CLASS (self)->check_async (self, cancellable, callback, user_data);
}

/**
 * kennis_target_check_finish:
 *
 * Returns: (transfer full): what the check found, as a sentence
 */
char *
kennis_target_check_finish (KennisTarget  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

KennisShareRequest *
kennis_share_request_new (void)
{
  return g_new0 (KennisShareRequest, 1);
}

void
kennis_share_request_free (KennisShareRequest *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->post, kennis_post_free);
  g_free (self->remote_id);
  g_strfreev (self->old_tags);
  g_clear_pointer (&self->site_posts, g_ptr_array_unref);
  g_free (self);
}

void
kennis_share_result_free (KennisShareResult *self)
{
  if (self == NULL)
    return;

  g_free (self->remote_id);
  g_free (self->url);
  g_free (self);
}

/**
 * kennis_target_set_retry_after:
 * @seconds: how long the server asked to be left alone (Retry-After)
 *
 * For a subclass that fails a job with %KENNIS_TARGET_ERROR_TEMPORARY
 * because the server is busy: the outbox waits this long before the next
 * try, instead of its own backoff.
 */
void
kennis_target_set_retry_after (KennisTarget *self,
                               guint         seconds)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (self);

  g_return_if_fail (KENNIS_IS_TARGET (self));
  priv->retry_after = seconds;
}

/* The wait a server asked for with the last failure, once. */
guint
kennis_target_take_retry_after (KennisTarget *self)
{
  KennisTargetPrivate *priv = kennis_target_get_instance_private (self);
  guint seconds;

  g_return_val_if_fail (KENNIS_IS_TARGET (self), 0);
  seconds = priv->retry_after;
  priv->retry_after = 0;
  return seconds;
}

/**
 * kennis_target_dup_secret_key:
 *
 * Returns: (transfer full) (nullable): the address the keyring keeps this
 *   target's password or token under, or %NULL when it needs none
 */
char *
kennis_target_dup_secret_key (KennisTarget *self)
{
  KennisTargetClass *klass;

  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  klass = KENNIS_TARGET_GET_CLASS (self);
  return klass->dup_secret_key != NULL ? klass->dup_secret_key (self) : NULL;
}

/**
 * kennis_target_get_secret_account:
 *
 * Returns: (nullable): the account the keyring keeps the secret for
 */
const char *
kennis_target_get_secret_account (KennisTarget *self)
{
  KennisTargetClass *klass;

  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  klass = KENNIS_TARGET_GET_CLASS (self);
  return klass->get_secret_account != NULL ? klass->get_secret_account (self) : NULL;
}

/**
 * kennis_target_dup_config:
 *
 * What to keep in the notebook after a check or a share, so that the next
 * job need not find it out again.
 *
 * Returns: (transfer full) (nullable): the settings with what the target
 *   found out, or %NULL when there is nothing new to keep
 */
char *
kennis_target_dup_config (KennisTarget *self)
{
  KennisTargetClass *klass;

  g_return_val_if_fail (KENNIS_IS_TARGET (self), NULL);
  klass = KENNIS_TARGET_GET_CLASS (self);
  return klass->dup_config != NULL ? klass->dup_config (self) : NULL;
}

/**
 * kennis_target_config_set_strings:
 * @config: settings, a JSON object
 * @first_member: the first member's name, followed by its value and more
 *   pairs, ending in %NULL; a %NULL value leaves a member as it was
 *
 * Returns: (transfer full): @config with those members set
 */
char *
kennis_target_config_set_strings (const char *config,
                                  const char *first_member,
                                  ...)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  va_list args;

  if (json_parser_load_from_data (parser, config, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_copy (json_parser_get_root (parser));
  else
    root = json_node_init_object (json_node_alloc (), json_object_new ());
  object = json_node_get_object (root);

  va_start (args, first_member);
  for (const char *member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (object, member, value);
    }
  va_end (args);
  return json_to_string (root, FALSE);
}

/**
 * kennis_target_dup_transport_error:
 * @server: how the user knows the server, for the message
 * @error: what libsoup said when no answer came
 *
 * The failures that are not worth another try: a cancel stays a cancel,
 * and a certificate that is not trusted stops the job with a plain
 * message. Kennis never sends anything past such a certificate.
 *
 * Returns: (transfer full) (nullable): the error to report, or %NULL when
 *   @error is worth another try
 */
GError *
kennis_target_dup_transport_error (const char   *server,
                                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_CONFIG,
                        /* TRANSLATORS: a server's address, then the reason TLS gave */
                        _("The certificate of %s is not trusted (%s), so Kennis sends nothing there. "
                          "Check the address, or ask whoever runs the server."),
                        server, error->message);
  return NULL;
}

/**
 * kennis_target_dup_unreachable_error:
 * @server: how the user knows the server, for the message
 * @error: what libsoup said when no answer came
 *
 * Like kennis_target_dup_transport_error(), and for every other failure
 * to get an answer (no network, a time-out, a dropped connection) a
 * %KENNIS_TARGET_ERROR_TEMPORARY error, worth another try later.
 *
 * Returns: (transfer full): the error to report
 */
GError *
kennis_target_dup_unreachable_error (const char   *server,
                                     const GError *error)
{
  GError *final = kennis_target_dup_transport_error (server, error);

  if (final != NULL)
    return final;
  return g_error_new (KENNIS_TARGET_ERROR, KENNIS_TARGET_ERROR_TEMPORARY,
                      _("Could not reach %s: %s"), server, error->message);
}
