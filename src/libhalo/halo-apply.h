/* halo-apply.h: what halo-run does, a transition or --init, and its report (SPEC §4, §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

#include "halo-cli.h"
#include "halo-runner.h"
#include "halo-sign.h"
#include "halo-stage.h"

G_BEGIN_DECLS

/* What halo-run's options ask for. */
typedef struct
{
  const char *path;                /* the state file */
  gboolean init;                   /* --init: start a project */
  gboolean dry_run;                /* --dry-run or HALO_DRY_RUN: validate, write nothing */
  gboolean strict;                 /* no target is a failure; --gate: added files too */
  double wait;                     /* --wait: seconds for the lock (0: do not wait) */
  gboolean gate;                   /* --gate: halo-check's checks before the move */
  const char *const *manifests;    /* --manifest FILEs for the gate, or NULL */
  const HaloPublicKey *public_key; /* the gate also checks signatures by it; NULL: no key */
} HaloApplyOptions;

/* What a run did, as far as it got (also when it failed): everything its
 * report needs, in the order it happened. */
typedef struct
{
  HaloStage from; /* the move, as far as known, for the --json of an error */
  HaloStage to;
  gboolean have_decision; /* the state was read: @decision holds */
  HaloDecision decision;
  char *next_step;         /* as read */
  char *blocking_question; /* as read, or NULL */
  gboolean gate_ran;       /* --gate ran its checks; passed unless @refusal */
  char *refusal;           /* the gate refused the move: why (exit 1) */
  char *planned;           /* a dry run's move: the history records it would append */
  GPtrArray *notes;        /* what the run said about the history (recovery, adoption) */
} HaloApplyOutcome;

void halo_apply_outcome_clear (HaloApplyOutcome *outcome);

/* Perform what @options ask: at most one transition (or --init), under the
 * lock unless it is a dry run, the history record durable before the state
 * is replaced.  @outcome (zeroed by the caller) says what happened; FALSE
 * with @error (its code the exit status) on trouble: an invalid state, an
 * I/O error, a busy lock.  A refusal of the gate or the runner is no error. */
gboolean halo_apply_run (const HaloApplyOptions *options, HaloApplyOutcome *outcome,
                         GError **error);

/* TRUE when a run that returned TRUE exits 0: the decision succeeds, the
 * gate did not refuse, and with --strict there was a target. */
gboolean halo_apply_succeeded (const HaloApplyOptions *options, const HaloApplyOutcome *outcome);

/* HALO_DRY_RUN (SPEC §4): true, 1, yes, on in any letter case ask for a dry
 * run; false, 0, no, off, empty or unset mean a normal run; anything else is
 * a usage error (HALO_ERROR_USAGE), so that a typo never turns a dry run into
 * a real move. */
gboolean halo_apply_dry_run_from_environment (gboolean *dry_run, GError **error);

/* --wait[=SECONDS]: NULL waits for ever; otherwise a finite number >= 0. */
gboolean halo_apply_parse_wait (const char *value, double *wait, GError **error);

/* ---- The report (halo-apply-output.c): prints, returns the exit status ---- */

/* The lines (or the one --json object) of SPEC §4 for what halo_apply_run
 * did, @error its error or NULL; returns the exit status. */
int halo_apply_report (const HaloApplyOptions *options, const HaloApplyOutcome *outcome,
                       const GError *error, const HaloCliCommon *common);

G_END_DECLS

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HaloApplyOutcome, halo_apply_outcome_clear)
