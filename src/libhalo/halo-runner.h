/* halo-runner.h: what halo-run decides, as a pure function of the state (SPEC §4). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-stage.h"

G_BEGIN_DECLS

typedef enum
{
  HALO_OUTCOME_APPLY,         /* a valid transition: write it */
  HALO_OUTCOME_NO_TARGET,     /* next_step names no stage: nothing to do */
  HALO_OUTCOME_ALREADY_THERE, /* the target is the current stage: nothing to do */
  HALO_OUTCOME_FORBIDDEN,     /* the move is not in the table (exit 1) */
  HALO_OUTCOME_AMBIGUOUS,     /* next_step names two different stages (exit 1) */
} HaloOutcome;

typedef struct
{
  HaloOutcome outcome;
  HaloStage from;
  HaloStage to;      /* HALO_STAGE_NONE unless one target was found */
  HaloMoveKind kind; /* for APPLY */
  guint targets;     /* bit (1 << stage) for every stage named */
} HaloDecision;

/* Unicode's White_Space property, plus U+FEFF, which the original runtime's
 * JavaScript \s also matched: the white space of target extraction and of
 * the "blank question" rule (SPEC §3, §4). */
gboolean halo_unichar_is_space (gunichar c);

/* The stages A–D that @next_step names (bit 1 << stage each): the word
 * "Stage" in any case, one or more white-space characters, a letter A–D in
 * any case, neither end touching an ASCII letter, digit or '_'. */
guint halo_next_step_targets (const char *next_step);

HaloDecision halo_runner_decide (HaloStage current, const char *next_step);

/* For a @next_step that names no stage: does it look like a misspelt request
 * (SPEC §4)?  A word within two edits of "Stage" (any case; a swap of two
 * neighbouring letters is one edit) followed by a letter that stands alone,
 * after white space or a ':', '_', '-', '.', '=' or '#' ("Stgae B",
 * "Stage: B", "stage_B"), or glued on as a capital ("StageB"); or "Stage"
 * itself followed by a letter that is not a stage ("Stage E").  Returns that
 * letter in capitals ('B', 'E'), or 0 when nothing looks misspelt. */
char halo_next_step_misspelt (const char *next_step);

/* TRUE for the outcomes after which halo-run exits 0. */
gboolean halo_decision_succeeds (const HaloDecision *decision);

/* The human sentence for @decision (translated); @blocking_question, when not
 * NULL, says why there is no target. */
char *halo_decision_describe (const HaloDecision *decision, const char *blocking_question);

/* The same, and for no target with a misspelt @next_step (not NULL) a
 * sentence that quotes it and says what would have matched:
 * nothing to do: next_step "Stgae B" names no stage; did you mean "Stage B"?
 * The caller escapes @next_step for the terminal. */
char *halo_decision_describe_step (const HaloDecision *decision, const char *blocking_question,
                                   const char *next_step);

/* The machine name of the outcome for --json ("applied", "no-target", …). */
const char *halo_outcome_name (HaloOutcome outcome);

G_END_DECLS
