/* halo-gate.h: the pre-run gate's checks and report (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

#include "halo-cli.h"
#include "halo-history.h"
#include "halo-json.h"
#include "halo-runner.h"
#include "halo-stage.h"
#include "halo-verify.h"

G_BEGIN_DECLS

typedef enum
{
  HALO_VERDICT_PASS,
  HALO_VERDICT_FAIL,
  HALO_VERDICT_SKIP,
} HaloVerdict;

typedef enum
{
  HALO_CHECK_STATE_FILE,
  HALO_CHECK_PENDING,
  HALO_CHECK_CRYPTO,
  HALO_CHECK_INTEGRITY,
  HALO_CHECK_HISTORY,
  HALO_CHECK_SIGNATURES, /* shown only when a public key was given */
  HALO_N_CHECKS,
} HaloCheckId;

typedef struct
{
  HaloVerdict verdict;
  char *manifest;   /* the manifest's path, as given or found */
  GPtrArray *lines; /* its problems and summary, or why it could not be read, one line each */
  HaloVerifyReport *report; /* NULL when the manifest could not be read or is invalid */
} HaloManifestResult;

/* What halo-check's options (and halo-run --gate's) ask of the checks. */
typedef struct
{
  const char *const *manifests; /* --manifest FILEs, or NULL: every *.hashes.json of the root */
  guint jobs;                   /* hashing workers (0: the online CPUs) */
  gboolean strict;              /* integrity also reports added files */
  gboolean require_manifest;    /* no manifest is a FAIL, not a SKIP */
  gboolean no_integrity;        /* leave the hashing out: integrity SKIP */
  gboolean state_only;          /* --dot: only the state file and the pending move */
} HaloGateOptions;

typedef struct
{
  HaloVerdict verdicts[HALO_N_CHECKS];
  GPtrArray *messages[HALO_N_CHECKS]; /* human lines for each check */
  GPtrArray *manifests;               /* HaloManifestResult, for the integrity check */
  HaloStage stage;                    /* HALO_STAGE_NONE if the state is unusable */
  gboolean have_decision;
  HaloDecision decision;       /* the pending move, when the state is valid */
  char *blocking_question;     /* the question that BLOCKS the pipeline, or NULL */
  gboolean signatures_checked; /* halo_gate_check_signatures ran: show its row */
  char *next_step;             /* as read, or NULL */
  char *history_path;          /* the log of the history check */
  HaloHistoryScan *history;    /* its walk (records kept), NULL when not read */
  gboolean have_history_match;
  HaloHistoryStateMatch history_match; /* the state compared with the last record */
} HaloGateReport;

/* An empty report: every check PASS with no message, no stage, no decision. */
HaloGateReport *halo_gate_report_new (void);
void halo_gate_report_free (HaloGateReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloGateReport, halo_gate_report_free)

/* Run every check, whatever the earlier ones said (@options NULL: the
 * defaults).  Found manifests are taken in byte order. */
HaloGateReport *halo_gate_run (const char *status_path, const HaloGateOptions *options);

/* The signatures row (SPEC §5, §10; halo-gate-sign.c): every manifest of the
 * integrity check carries a valid signature by @pk, and the log beside
 * @status_path still holds what its signed head (if any) covers. */
void halo_gate_check_signatures (HaloGateReport *report, const char *status_path,
                                 const void *public_key);

/* Is the row of @id part of the report?  (The signatures row only with a key.) */
gboolean halo_gate_check_shown (const HaloGateReport *report, HaloCheckId id);
/* How many rows the report shows. */
guint halo_gate_n_shown (const HaloGateReport *report);
/* The history check (SPEC §5, §9), run by halo_gate_run: SKIP without a
 * log (halo-gate-history.c). */
void halo_gate_check_history (HaloGateReport *report, const char *status_path);
/* --require-history: turn the history check's SKIP (no log) into a FAIL. */
void halo_gate_require_history (HaloGateReport *report);
/* halo-check --history: the intact records as a table (seq, time, op,
 * from -> to, step), and as a JSON array. */
char *halo_gate_history_table (const HaloGateReport *report);
char *halo_gate_history_table_json (const HaloGateReport *report);
/* The history check's structured details for --json. */
HaloJson *halo_gate_history_details (const HaloGateReport *report);

/* PASS only when no check failed (SKIP counts as passed). */
gboolean halo_gate_passed (const HaloGateReport *report);

/* Which checks failed and why, for a refused halo-run --gate: one line per
 * failed check ("integrity: FAIL release.hashes.json") then its problem
 * lines, at most @max_problems of each manifest.  NULL if none failed. */
char *halo_gate_describe_failures (const HaloGateReport *report, guint max_problems);

/* The lines to print under a manifest's verdict: its problems (@verbose:
 * all of them, MODIFIED with both digests; else at most @max_problems,
 * then how many more), then its summary. */
GPtrArray *halo_manifest_result_lines (const HaloManifestResult *m, gboolean verbose,
                                       guint max_problems);

const char *halo_check_name (HaloCheckId id);  /* "state file" (translated) */
const char *halo_check_key (HaloCheckId id);   /* "state-file" (machine) */
const char *halo_verdict_name (HaloVerdict v); /* "PASS", "FAIL", "SKIP" */

/* "INIT → READY → A → B → [C] → D" (ASCII arrows when @utf8 is FALSE). */
char *halo_gate_pipeline_line (HaloStage current, gboolean utf8);
/* The pending move in words: "next_step asks for Stage D: C -> D is allowed"
 * (and, when there is no target, the blocking question if there is one). */
char *halo_gate_describe_pending (const HaloGateReport *report);

/* The whole report as one JSON object (untranslated keys and verdicts). */
char *halo_gate_report_to_json (const HaloGateReport *report);
/* The stage graph in Graphviz DOT, current stage and pending move marked. */
char *halo_gate_report_to_dot (const HaloGateReport *report);

/* ---- halo-check's output (halo-gate-print.c): each prints and returns the exit status ---- */

/* The report: for a terminal (the pipeline, the pending move, a line per
 * check, coloured on a terminal, the verdict), or with --json the object;
 * nothing with -q.  0 when the gate passed, else 1. */
int halo_gate_print (const HaloGateReport *report, const HaloCliCommon *common);
/* --history: the table (or with @json the array) of the intact records; the
 * history check's verdict is the exit status, and what broke it goes to stderr. */
int halo_gate_print_history (const HaloGateReport *report, gboolean json);
/* --dot: the graph; the exit status says only whether the state file is
 * valid (its problems on stderr). */
int halo_gate_print_dot (const HaloGateReport *report);

G_END_DECLS
