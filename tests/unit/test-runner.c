/* test-runner.c: target extraction from next_step and the runner's decisions (SPEC §4, §8). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-runner.h"

#define BIT(s) (1u << HALO_STAGE_##s)

static void
test_targets (void)
{
  static const struct { const char *text; guint want; } cases[] = {
    { "Stage C", BIT (C) },
    { "stage c:", BIT (C) },
    { "Open Stage C.", BIT (C) },
    { "Stage\u00a0B", BIT (B) },
    { "Stage\tC", BIT (C) },
    { "Stage\u2003D", BIT (D) },
    { "STAGE   a", BIT (A) },
    { "Stage Completion", 0 },
    { "Backstage D", 0 },
    { "Stage AB", 0 },
    { "Stage C1", 0 },
    { "Stage_C", 0 },
    { "Stage", 0 },
    { "", 0 },
    { "IDLE until review", 0 },
    { "Stage E", 0 },
    { "Stage B, then Stage C", BIT (B) | BIT (C) },
    { "Stage C and again Stage C", BIT (C) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("next_step: %s", cases[i].text);
      g_assert_cmphex (halo_next_step_targets (cases[i].text), ==, cases[i].want);
    }
}

static void
test_decide (void)
{
  HaloDecision d = halo_runner_decide (HALO_STAGE_B, "Stage C");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_APPLY);
  g_assert_cmpint (d.to, ==, HALO_STAGE_C);
  g_assert_cmpint (d.kind, ==, HALO_MOVE_FORWARD);

  d = halo_runner_decide (HALO_STAGE_C, "back to Stage B");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_APPLY);
  g_assert_cmpint (d.kind, ==, HALO_MOVE_RETURN);

  d = halo_runner_decide (HALO_STAGE_B, "Stage D");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_FORBIDDEN);
  g_autofree char *msg = halo_decision_describe (&d, NULL);
  g_assert_cmpstr (msg, ==, "transition B -> D is forbidden; allowed from B: C (forward), A (return)");

  d = halo_runner_decide (HALO_STAGE_C, "Stage C");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_ALREADY_THERE);
  g_assert_true (halo_decision_succeeds (&d));

  d = halo_runner_decide (HALO_STAGE_B, "Stage B, then Stage C");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_AMBIGUOUS);
  g_assert_false (halo_decision_succeeds (&d));

  d = halo_runner_decide (HALO_STAGE_READY, "Stage Completion");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_NO_TARGET);

  d = halo_runner_decide (HALO_STAGE_INIT, "Stage A");
  g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_FORBIDDEN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/runner/targets", test_targets);
  g_test_add_func ("/runner/decide", test_decide);
  return g_test_run ();
}
