/* main.c — gettext set-up, create the application, run it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kennis-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KennisApplication) app = NULL;
  const char *localedir = g_getenv ("KENNIS_LOCALEDIR");

  /* KENNIS_LOCALEDIR lets an uninstalled build find its catalogues, e.g.
   * _build/po, so it can run (and be screenshot) in another language. */
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kennis_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
