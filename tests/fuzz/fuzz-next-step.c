/* fuzz-next-step.c: libFuzzer harness of the target extraction from next_step (SPEC §4),
 * checked against an independent regular expression. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "halo-runner.h"

/* SPEC §4 as a regular expression: the word "Stage" (ASCII letters in any case, so
 * no Unicode case folding such as U+017F for 's'), white space as
 * halo_unichar_is_space defines it, then one letter A–D, neither end touching
 * an ASCII word character. */
#define TARGET_RE                                                                     \
  "(?<![A-Za-z0-9_])[Ss][Tt][Aa][Gg][Ee]"                                             \
  "[\\x{09}-\\x{0D}\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}" \
  "\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+"                                            \
  "([A-Da-d])(?![A-Za-z0-9_])"

static guint
reference_targets (GRegex *re, const char *s)
{
  guint found = 0;
  g_autoptr (GMatchInfo) info = NULL;
  g_regex_match (re, s, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *letter = g_match_info_fetch (info, 1);
      found |= 1u << (HALO_STAGE_A + (g_ascii_toupper (letter[0]) - 'A'));
      g_match_info_next (info, NULL);
    }
  return found;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static GRegex *re;
  fuzz_init_once ();
  /* PCRE2's JIT code (G_REGEX_OPTIMIZE) reads memory in ways that valgrind's
   * memcheck reports as uninitialised, from frames it cannot name: under
   * "make check-valgrind" the reference is interpreted instead. */
  if (re == NULL)
    re = g_regex_new (TARGET_RE, g_getenv ("HALO_VALGRIND") ? 0 : G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (re != NULL);

  /* A JSON string cannot hold NUL: the C string ends at the first one. */
  g_autofree char *s = g_strndup ((const char *) data, size);
  guint targets = halo_next_step_targets (s);
  FUZZ_ASSERT ((targets & ~(0xFu << HALO_STAGE_A)) == 0, "a target outside A-D: %#x", targets);

  /* next_step always comes from a JSON string, so it is valid UTF-8. */
  if (g_utf8_validate (s, -1, NULL))
    {
      guint expected = reference_targets (re, s);
      FUZZ_ASSERT (targets == expected, "targets %#x, the reference finds %#x in \"%s\"",
                   targets, expected, s);
    }

  for (HaloStage current = HALO_STAGE_INIT; current <= HALO_STAGE_D; current++)
    {
      HaloDecision d = halo_runner_decide (current, s);
      FUZZ_ASSERT (d.targets == targets, "decide and targets disagree");
      FUZZ_ASSERT (d.from == current, "the decision changed the current stage");
      switch (d.outcome)
        {
        case HALO_OUTCOME_NO_TARGET:
          FUZZ_ASSERT (targets == 0 && d.to == HALO_STAGE_NONE, "no target, yet targets");
          break;
        case HALO_OUTCOME_AMBIGUOUS:
          FUZZ_ASSERT ((targets & (targets - 1)) != 0, "ambiguous with one target");
          break;
        case HALO_OUTCOME_ALREADY_THERE:
          FUZZ_ASSERT (targets == (1u << current) && d.to == current, "wrongly already there");
          break;
        case HALO_OUTCOME_APPLY:
        case HALO_OUTCOME_FORBIDDEN:
          FUZZ_ASSERT (targets == (1u << d.to) && d.to != current, "a move to a wrong stage");
          FUZZ_ASSERT ((d.outcome == HALO_OUTCOME_APPLY)
                         == (halo_transition_kind (current, d.to) != HALO_MOVE_FORBIDDEN),
                       "the decision disagrees with the transition table");
          break;
        }
      g_autofree char *message = halo_decision_describe (&d, NULL);
      FUZZ_ASSERT (message != NULL && g_utf8_validate (message, -1, NULL),
                   "no description, or one that is not UTF-8");
      FUZZ_ASSERT (halo_outcome_name (d.outcome) != NULL, "no outcome name");
    }
  return 0;
}
