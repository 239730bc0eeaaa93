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

/* The table is the one source: its rows are exactly the allowed pairs,
 * each once, and halo_transition_kind agrees with it. */
static void
test_table_is_data (void)
{
  gsize n = 0;
  const HaloTransition *t = halo_transitions (&n);
  g_assert_cmpuint (n, ==, 8);
  /* One bit per (from, to) pair: 36 of them, more than a guint holds. */
  guint64 seen = 0;
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpint (t[i].kind, !=, HALO_MOVE_FORBIDDEN);
      g_assert_cmpint (halo_transition_kind (t[i].from, t[i].to), ==, t[i].kind);
      guint64 bit = G_GUINT64_CONSTANT (1) << (t[i].from * HALO_N_STAGES + t[i].to);
      g_assert_false (seen & bit);
      seen |= bit;
      /* A forward move goes one step up the vocabulary, a return one step down. */
      g_assert_cmpint (t[i].to - t[i].from, ==, t[i].kind == HALO_MOVE_FORWARD ? 1 : -1);
    }
  g_assert_cmpint (halo_transition_kind (HALO_STAGE_NONE, HALO_STAGE_A), ==, HALO_MOVE_FORBIDDEN);
  g_assert_cmpint (halo_transition_kind (HALO_STAGE_A, HALO_STAGE_NONE), ==, HALO_MOVE_FORBIDDEN);
}

static void
test_names_round_trip (void)
{
  static const char *const vocabulary[] = { "INIT", "READY", "A", "B", "C", "D" };
  g_assert_cmpint (G_N_ELEMENTS (vocabulary), ==, HALO_N_STAGES);
  for (int s = 0; s < HALO_N_STAGES; s++)
    {
      g_assert_cmpstr (halo_stage_name (s), ==, vocabulary[s]);
      g_assert_cmpint (halo_stage_from_name (vocabulary[s]), ==, s);
    }
  static const char *const not_labels[] = { "init", "Ready", "a", " A", "A ", "AB", "Stage A",
                                            "E", "NONE", "A\t" };
  for (gsize i = 0; i < G_N_ELEMENTS (not_labels); i++)
    g_assert_cmpint (halo_stage_from_name (not_labels[i]), ==, HALO_STAGE_NONE);
  g_assert_cmpint (halo_stage_from_name (NULL), ==, HALO_STAGE_NONE);
  g_assert_null (halo_stage_name (HALO_STAGE_NONE));
}

static void
test_describe_allowed (void)
{
  g_autofree char *b = halo_transition_describe_allowed (HALO_STAGE_B);
  g_assert_cmpstr (b, ==, "C (forward), A (return)");
  g_autofree char *d = halo_transition_describe_allowed (HALO_STAGE_D);
  g_assert_cmpstr (d, ==, "C (return)");
  static const char *const want[HALO_N_STAGES] = {
    "READY (forward)", "A (forward)", "B (forward)", "C (forward), A (return)",
    "D (forward), B (return)", "C (return)",
  };
  for (int s = 0; s < HALO_N_STAGES; s++)
    {
      g_autofree char *got = halo_transition_describe_allowed (s);
      g_assert_cmpstr (got, ==, want[s]);
    }
  g_autofree char *none = halo_transition_describe_allowed (HALO_STAGE_NONE);
  g_assert_cmpstr (none, ==, "none");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/stage/all-36-pairs", test_all_pairs);
  g_test_add_func ("/stage/names", test_names);
  g_test_add_func ("/stage/table-is-data", test_table_is_data);
  g_test_add_func ("/stage/names-round-trip", test_names_round_trip);
  g_test_add_func ("/stage/describe-allowed", test_describe_allowed);
  return g_test_run ();
}
