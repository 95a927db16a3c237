/* kennis-test-util.c — helpers every test program shares
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kennis-test-util.h"

/**
 * kennis_test_remove_tree:
 * @path: a file or a folder a test made
 *
 * Removes @path and everything below it, without following symbolic links
 * out of it.
 */
void
kennis_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          kennis_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}
