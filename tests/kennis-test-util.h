/* kennis-test-util.h — helpers every test program shares
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a run of kennis-cli gave. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} KennisTestCliResult;

typedef gboolean (*KennisTestCondition) (gpointer data);

void                 kennis_test_remove_tree      (const char          *path);
gboolean             kennis_test_wait_for         (KennisTestCondition  condition,
                                                   gpointer             data,
                                                   guint                timeout_ms);
void                 kennis_test_settle           (guint                ms);
void                 kennis_test_cli_result_clear (KennisTestCliResult *result);
GSubprocessLauncher *kennis_test_cli_launcher     (const char          *data_dir);
char                *kennis_test_s256             (const char          *verifier);
char                *kennis_test_fake_browser     (const char          *dir);
char                *kennis_test_browsed_url      (const char          *opened_path);
void                 kennis_test_run_cli          (GSubprocessLauncher *launcher,
                                                   GBytes              *input,
                                                   const char * const  *argv,
                                                   KennisTestCliResult *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KennisTestCliResult, kennis_test_cli_result_clear)

G_END_DECLS
