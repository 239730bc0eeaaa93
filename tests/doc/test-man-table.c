/* test-man-table.c: halo(7)'s transition table agrees with the one the code uses. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-stage.h"

static void
test_table_agrees (void)
{
  g_autofree char *path = g_build_filename (HALO_TOP_SRCDIR, "doc", "halo.7", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  const char *begin = strstr (text, ".\\\" BEGIN TRANSITIONS");
  const char *end = strstr (text, ".\\\" END TRANSITIONS");
  g_assert_nonnull (begin);
  g_assert_nonnull (end);
  g_autofree char *section = g_strndup (begin, end - begin);
  g_auto (GStrv) lines = g_strsplit (section, "\n", -1);

  g_autoptr (GHashTable) in_page = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cells) != 3 || halo_stage_from_name (cells[0]) == HALO_STAGE_NONE)
        continue;
      g_hash_table_add (in_page, g_strjoin (" ", cells[0], cells[1], cells[2], NULL));
    }

  gsize n;
  const HaloTransition *t = halo_transitions (&n);
  g_assert_cmpuint (g_hash_table_size (in_page), ==, n);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *row
        = g_strjoin (" ", halo_stage_name (t[i].from), halo_stage_name (t[i].to),
                     t[i].kind == HALO_MOVE_FORWARD ? "forward" : "return", NULL);
      if (!g_hash_table_contains (in_page, row))
        {
          g_test_message ("halo(7) lacks the row: %s", row);
          g_test_fail ();
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/doc/halo.7-transition-table", test_table_agrees);
  return g_test_run ();
}
