/* test-stage.c: the transition table of SPEC §2. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-stage.h"

static void
test_all_pairs (void)
{
  static const char *const allowed[] = { "INIT>READY", "READY>A", "A>B", "B>C", "C>D",
                                         "B>A",        "C>B",     "D>C", NULL };
  static const char *const returns[] = { "B>A", "C>B", "D>C", NULL };
  guint n_allowed = 0;
  for (int f = 0; f < HALO_N_STAGES; f++)
    for (int t = 0; t < HALO_N_STAGES; t++)
      {
        g_autofree char *key = g_strdup_printf ("%s>%s", halo_stage_name (f), halo_stage_name (t));
        HaloMoveKind kind = halo_transition_kind (f, t);
        if (g_strv_contains (allowed, key))
          {
            n_allowed++;
            g_assert_cmpint (kind, ==,
                             g_strv_contains (returns, key) ? HALO_MOVE_RETURN : HALO_MOVE_FORWARD);
          }
        else
          g_assert_cmpint (kind, ==, HALO_MOVE_FORBIDDEN);
      }
  g_assert_cmpuint (n_allowed, ==, 8);
}

static void
test_names (void)
{
  g_assert_cmpint (halo_stage_from_name ("READY"), ==, HALO_STAGE_READY);
  g_assert_cmpint (halo_stage_from_name ("D"), ==, HALO_STAGE_D);
  g_assert_cmpint (halo_stage_from_name ("d"), ==, HALO_STAGE_NONE);
  g_assert_cmpint (halo_stage_from_name ("E"), ==, HALO_STAGE_NONE);
  g_assert_cmpint (halo_stage_from_name (""), ==, HALO_STAGE_NONE);
  g_assert_null (halo_stage_name (HALO_N_STAGES));
}

static void
test_describe_allowed (void)
{
  g_autofree char *b = halo_transition_describe_allowed (HALO_STAGE_B);
  g_assert_cmpstr (b, ==, "C (forward), A (return)");
  g_autofree char *d = halo_transition_describe_allowed (HALO_STAGE_D);
  g_assert_cmpstr (d, ==, "C (return)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/stage/all-36-pairs", test_all_pairs);
  g_test_add_func ("/stage/names", test_names);
  g_test_add_func ("/stage/describe-allowed", test_describe_allowed);
  return g_test_run ();
}
