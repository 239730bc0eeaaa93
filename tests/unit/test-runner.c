/* test-runner.c: target extraction from next_step and the runner's decisions (SPEC §4, §8). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-runner.h"

#define BIT(s) (1u << HALO_STAGE_##s)

/* Every example of SPEC §4 and §8, and the edges around them. */
static void
test_targets (void)
{
  static const struct { const char *text; guint want; } cases[] = {
    /* SPEC §4: these match. */
    { "Stage C", BIT (C) },
    { "stage c:", BIT (C) },
    { "Open Stage C.", BIT (C) },
    { "Stage\u00a0B", BIT (B) },
    /* Any Unicode White_Space, one or more. */
    { "Stage\tC", BIT (C) },
    { "Stage\nC", BIT (C) },
    { "Stage\r\nC", BIT (C) },
    { "Stage\vD", BIT (D) },
    { "Stage\fD", BIT (D) },
    { "Stage\u2003D", BIT (D) },
    { "Stage\u3000A", BIT (A) },
    { "Stage\u2028A", BIT (A) },
    { "Stage\xc2\x85" "A", BIT (A) },
    { "Stage\u1680A", BIT (A) },
    { "Stage\u202fA", BIT (A) },
    { "Stage\ufeffA", BIT (A) },
    { "Stage \u00a0\t A", BIT (A) },
    { "STAGE   a", BIT (A) },
    { "sTaGe d", BIT (D) },
    /* Word boundaries are ASCII letters, digits and '_' only. */
    { "(Stage B)", BIT (B) },
    { "Stage D's review", BIT (D) },
    { "Stage B-C", BIT (B) },
    { "\u00e9Stage C", BIT (C) },
    { "Stage C\u00e9", BIT (C) },
    { "go to Stage B\n", BIT (B) },
    /* SPEC §4 and §8: these do not. */
    { "Stage Completion", 0 },
    { "Backstage D", 0 },
    { "Stage AB", 0 },
    { "Stage C1", 0 },
    { "Stage_C", 0 },
    { "StageC", 0 },
    { "Stages C", 0 },
    { "1Stage C", 0 },
    { "_Stage C", 0 },
    { "Stage C_", 0 },
    { "Stage\u200bC", 0 }, /* ZERO WIDTH SPACE is not White_Space */
    { "Stage\u00adC", 0 },
    { "Stage", 0 },
    { "Stage ", 0 },
    { "Stage\u00a0", 0 },
    { "", 0 },
    { "IDLE", 0 },
    { "IDLE until review", 0 },
    { "IDLE \u2014 waiting for Stage approval", 0 },
    { "Stage E", 0 },
    { "Stage INIT", 0 },
    { "Stage READY", 0 },
    /* Two different targets; the same target twice is one. */
    { "Stage B, then Stage C", BIT (B) | BIT (C) },
    { "stage a or STAGE d", BIT (A) | BIT (D) },
    { "Stage A Stage B Stage C Stage D", BIT (A) | BIT (B) | BIT (C) | BIT (D) },
    { "Stage C and again Stage C", BIT (C) },
    { "Stage C, stage c", BIT (C) },
    { "Stage Stage C", BIT (C) },
    { "Backstage D, then Stage C", BIT (C) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint got = halo_next_step_targets (cases[i].text);
      if (got != cases[i].want)
        {
          g_autofree char *text = g_strescape (cases[i].text, NULL);
          g_test_message ("next_step \"%s\": got 0x%x, want 0x%x", text, got, cases[i].want);
          g_test_fail ();
        }
    }
  g_assert_cmphex (halo_next_step_targets (NULL), ==, 0);
}

static void
test_white_space (void)
{
  static const gunichar space[] = { 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680,
                                    0x2000, 0x2005, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
                                    0x3000, 0xFEFF };
  static const gunichar other[] = { 0x00, 0x08, 0x0E, 0x1F, 0x21, 'A', 0x7F, 0x84, 0x180E,
                                    0x200B, 0x200C, 0x2060, 0xFFFE, 0x1F600 };
  for (gsize i = 0; i < G_N_ELEMENTS (space); i++)
    if (!halo_unichar_is_space (space[i]))
      {
        g_test_message ("U+%04X should be white space", space[i]);
        g_test_fail ();
      }
  for (gsize i = 0; i < G_N_ELEMENTS (other); i++)
    if (halo_unichar_is_space (other[i]))
      {
        g_test_message ("U+%04X should not be white space", other[i]);
        g_test_fail ();
      }
}

/* Every current stage against every target A–D: the outcome follows the table. */
static void
test_decide_every_pair (void)
{
  static const char *const letters[] = { [HALO_STAGE_A] = "A", [HALO_STAGE_B] = "B",
                                         [HALO_STAGE_C] = "C", [HALO_STAGE_D] = "D" };
  guint applied = 0;
  for (int from = 0; from < HALO_N_STAGES; from++)
    for (int to = HALO_STAGE_A; to <= HALO_STAGE_D; to++)
      {
        g_autofree char *next_step = g_strdup_printf ("please open Stage %s now", letters[to]);
        HaloDecision d = halo_runner_decide (from, next_step);
        g_assert_cmpint (d.from, ==, from);
        g_assert_cmpint (d.to, ==, to);
        g_assert_cmphex (d.targets, ==, 1u << to);
        HaloMoveKind kind = halo_transition_kind (from, to);
        if (from == to)
          {
            g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_ALREADY_THERE);
            g_assert_true (halo_decision_succeeds (&d));
          }
        else if (kind == HALO_MOVE_FORBIDDEN)
          {
            g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_FORBIDDEN);
            g_assert_false (halo_decision_succeeds (&d));
          }
        else
          {
            applied++;
            g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_APPLY);
            g_assert_cmpint (d.kind, ==, kind);
            g_assert_true (halo_decision_succeeds (&d));
          }
      }
  /* READY→A, A→B, B→C, C→D forward; B→A, C→B, D→C return.  INIT→READY has
   * no next_step form: only --init makes it. */
  g_assert_cmpuint (applied, ==, 7);
}

static void
test_decide_no_target_and_ambiguous (void)
{
  static const char *const none[] = { "", "IDLE", "IDLE until review", "Stage Completion",
                                      "Backstage D", "Stage AB", "Stage C1", "Stage_C", NULL };
  for (int from = 0; from < HALO_N_STAGES; from++)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (none); i++)
        {
          HaloDecision d = halo_runner_decide (from, none[i]);
          g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_NO_TARGET);
          g_assert_cmpint (d.from, ==, from);
          g_assert_cmpint (d.to, ==, HALO_STAGE_NONE);
          g_assert_true (halo_decision_succeeds (&d));
        }
      /* Ambiguous even when one of the two would be allowed or is the current stage. */
      static const char *const two[] = { "Stage B, then Stage C", "Stage A or Stage D",
                                         "Stage C stage b" };
      for (gsize i = 0; i < G_N_ELEMENTS (two); i++)
        {
          HaloDecision d = halo_runner_decide (from, two[i]);
          g_assert_cmpint (d.outcome, ==, HALO_OUTCOME_AMBIGUOUS);
          g_assert_cmpint (d.to, ==, HALO_STAGE_NONE);
          g_assert_false (halo_decision_succeeds (&d));
        }
      /* The same label twice is one target. */
      HaloDecision d = halo_runner_decide (from, "Stage C, yes: Stage C");
      g_assert_cmpint (d.to, ==, HALO_STAGE_C);
      g_assert_cmpint (d.outcome, !=, HALO_OUTCOME_AMBIGUOUS);
    }
}

/* The sentence and the --json name of every outcome. */
static void
test_describe (void)
{
  static const struct
  {
    HaloStage from;
    const char *next_step;
    const char *question;
    HaloOutcome outcome;
    const char *name;
    const char *message;
  } cases[] = {
    { HALO_STAGE_B, "Open Stage C", NULL, HALO_OUTCOME_APPLY, "applied", "B -> C" },
    { HALO_STAGE_D, "back to Stage C", NULL, HALO_OUTCOME_APPLY, "applied", "D -> C" },
    { HALO_STAGE_READY, "Stage A", NULL, HALO_OUTCOME_APPLY, "applied", "READY -> A" },
    { HALO_STAGE_B, "", NULL, HALO_OUTCOME_NO_TARGET, "no-target",
      "nothing to do: next_step names no stage" },
    { HALO_STAGE_B, "", "Which database?", HALO_OUTCOME_NO_TARGET, "no-target",
      "nothing to do: the pipeline is BLOCKED by a question: Which database?" },
    { HALO_STAGE_C, "Stage C", NULL, HALO_OUTCOME_ALREADY_THERE, "already-there",
      "already at stage C: nothing to do" },
    { HALO_STAGE_B, "Stage D", NULL, HALO_OUTCOME_FORBIDDEN, "refused",
      "transition B -> D is forbidden; allowed from B: C (forward), A (return)" },
    { HALO_STAGE_INIT, "Stage A", NULL, HALO_OUTCOME_FORBIDDEN, "refused",
      "transition INIT -> A is forbidden; allowed from INIT: READY (forward)" },
    { HALO_STAGE_A, "Stage C", NULL, HALO_OUTCOME_FORBIDDEN, "refused",
      "transition A -> C is forbidden; allowed from A: B (forward)" },
    { HALO_STAGE_D, "Stage A", NULL, HALO_OUTCOME_FORBIDDEN, "refused",
      "transition D -> A is forbidden; allowed from D: C (return)" },
    { HALO_STAGE_B, "Stage B, then Stage C", NULL, HALO_OUTCOME_AMBIGUOUS, "refused",
      "next_step names more than one stage (B, C): refusing an ambiguous request" },
    { HALO_STAGE_A, "Stage D or Stage A", NULL, HALO_OUTCOME_AMBIGUOUS, "refused",
      "next_step names more than one stage (A, D): refusing an ambiguous request" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HaloDecision d = halo_runner_decide (cases[i].from, cases[i].next_step);
      g_assert_cmpint (d.outcome, ==, cases[i].outcome);
      g_assert_cmpstr (halo_outcome_name (d.outcome), ==, cases[i].name);
      g_autofree char *message = halo_decision_describe (&d, cases[i].question);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

/* SPEC §4: a next_step with no target that looks like a misspelt request. */
static void
test_misspelt (void)
{
  static const struct { const char *text; char want; } cases[] = {
    { "Stgae B", 'B' },
    { "Stage E", 'E' },
    { "StageB", 'B' },
    { "Stage: B", 'B' },
    { "stage_B", 'B' },
    { "Stage_C", 'C' },
    { "stage-b please", 'B' },
    { "Open Satge C.", 'C' },
    { "Stag D", 'D' },
    { "Stages A", 'A' },
    { "STAGE  X", 'X' },
    { "Stage\u00a0F", 'F' },
    { "Go to stgae c now", 'C' },
    { "stageD", 'D' },
    /* Not misspelt: nothing to point at. */
    { "", 0 },
    { "IDLE", 0 },
    { "IDLE - waiting for review", 0 },
    { "Stage B", 0 },
    { "Stage Completion", 0 },
    { "Backstage D", 0 },
    { "Stage AB", 0 },
    { "Stage C1", 0 },
    { "Stage 1", 0 },
    { "changes staged", 0 },
    { "Stageb", 0 },
    { "the stage is set", 0 },
    { "Stagecoach B", 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char got = halo_next_step_misspelt (cases[i].text);
      if (got != cases[i].want)
        {
          g_test_message ("\"%s\": got '%c' (%d), want '%c'", cases[i].text, got ? got : '0', got,
                          cases[i].want ? cases[i].want : '0');
          g_test_fail ();
        }
      /* Whatever it says, a misspelt request is no target. */
      if (cases[i].want)
        g_assert_cmpint (halo_runner_decide (HALO_STAGE_A, cases[i].text).outcome, ==,
                         HALO_OUTCOME_NO_TARGET);
    }
  g_assert_cmpint (halo_next_step_misspelt (NULL), ==, 0);
}

static void
test_describe_hint (void)
{
  HaloDecision d = halo_runner_decide (HALO_STAGE_A, "Stgae B");
  g_autofree char *hint = halo_decision_describe_step (&d, NULL, "Stgae B");
  g_assert_cmpstr (hint, ==,
                   "nothing to do: next_step \"Stgae B\" names no stage; did you mean \"Stage B\"?");
  d = halo_runner_decide (HALO_STAGE_A, "Stage E");
  g_autofree char *e = halo_decision_describe_step (&d, NULL, "Stage E");
  g_assert_cmpstr (e, ==,
                   "nothing to do: next_step \"Stage E\" names no stage; there is no Stage E, "
                   "only \"Stage A\" to \"Stage D\"");
  /* No misspelling, or a question: the plain sentences. */
  d = halo_runner_decide (HALO_STAGE_A, "IDLE");
  g_autofree char *idle = halo_decision_describe_step (&d, NULL, "IDLE");
  g_assert_cmpstr (idle, ==, "nothing to do: next_step names no stage");
  d = halo_runner_decide (HALO_STAGE_A, "");
  g_autofree char *blocked = halo_decision_describe_step (&d, "Why?", "");
  g_assert_cmpstr (blocked, ==, "nothing to do: the pipeline is BLOCKED by a question: Why?");
  /* Other outcomes are as halo_decision_describe says. */
  d = halo_runner_decide (HALO_STAGE_A, "Stage B");
  g_autofree char *applied = halo_decision_describe_step (&d, NULL, "Stage B");
  g_assert_cmpstr (applied, ==, "A -> B");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/runner/targets", test_targets);
  g_test_add_func ("/runner/white-space", test_white_space);
  g_test_add_func ("/runner/decide-every-pair", test_decide_every_pair);
  g_test_add_func ("/runner/decide-no-target-and-ambiguous", test_decide_no_target_and_ambiguous);
  g_test_add_func ("/runner/describe", test_describe);
  g_test_add_func ("/runner/misspelt", test_misspelt);
  g_test_add_func ("/runner/describe-hint", test_describe_hint);
  return g_test_run ();
}
