/* halo-apply-output.c: halo-run's report: its lines, its --json object, its notes (SPEC §4, §7). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-apply.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-history.h"
#include "halo-json.h"
#include "halo-text.h"

static HaloJson *
stage_or_null (HaloStage stage)
{
  const char *name = halo_stage_name (stage);
  return name ? halo_json_new_string (name) : halo_json_new_null ();
}

/* The one --json object of SPEC §4, through the library's JSON writer. */
static void
print_json (const char *outcome, HaloStage from, HaloStage to, const char *message)
{
  g_autoptr (HaloJson) o = halo_json_new_object ();
  halo_json_object_set (o, "outcome", halo_json_new_string (outcome));
  halo_json_object_set (o, "from", stage_or_null (from));
  halo_json_object_set (o, "to", stage_or_null (to));
  halo_json_object_set (o, "message", halo_json_new_string (message));
  halo_cli_print_json (o);
}

/* Trouble (exit 2): invalid state, I/O error, busy lock. */
static int
report_error (const HaloCliCommon *common, const GError *error, HaloStage from, HaloStage to)
{
  if (common->json)
    print_json (error->code == HALO_ERROR_INVALID ? "invalid" : "error", from, to, error->message);
  halo_cli_error (error->message);
  return halo_error_exit_status (error);
}

/* The decision's line (or object), once the run is over. */
static int
report_decision (const HaloApplyOptions *options, const HaloApplyOutcome *outcome,
                 const HaloCliCommon *common, const char *shown_path)
{
  const HaloDecision *d = &outcome->decision;
  const char *question = outcome->blocking_question;
  gboolean ok = halo_apply_succeeded (options, outcome);
  int status = ok ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
  gboolean would_apply = options->dry_run && d->outcome == HALO_OUTCOME_APPLY;
  if (common->json)
    {
      g_autofree char *raw = halo_decision_describe_step (d, question, outcome->next_step);
      print_json (would_apply ? "dry-run" : halo_outcome_name (d->outcome), d->from, d->to, raw);
      return status;
    }
  /* For the terminal the question is shown with visible escapes (SPEC §7). */
  g_autofree char *shown = question ? halo_text_escape (question) : NULL;
  g_autofree char *shown_step = halo_text_escape (outcome->next_step);
  g_autofree char *message = halo_decision_describe_step (d, shown, shown_step);
  if (!ok && d->outcome == HALO_OUTCOME_NO_TARGET)
    halo_cli_errorf ("--strict: %s", message);
  else if (!ok)
    halo_cli_error (message);
  else if (options->dry_run && !common->quiet)
    {
      /* The original runtime's three lines, kept for scripts that read them. */
      printf ("[HALO DRY-RUN]\n");
      if (would_apply)
        printf ("Validated transition: %s\n", message);
      else
        halo_cli_print ("%s\n", message);
      printf ("No state was written.\n");
    }
  else if (!common->quiet)
    {
      if (common->verbose && d->outcome == HALO_OUTCOME_APPLY)
        halo_cli_print (_ ("%s: %s (%s move), written\n"), shown_path, message,
                        d->kind == HALO_MOVE_FORWARD ? _ ("forward") : _ ("return"));
      else
        halo_cli_print ("%s\n", message);
    }
  return status;
}

static int
report_transition (const HaloApplyOptions *options, const HaloApplyOutcome *outcome,
                   const GError *error, const HaloCliCommon *common, const char *shown_path)
{
  gboolean terminal = !common->json;
  if (outcome->have_decision && common->verbose && terminal)
    {
      g_autofree char *next_step = halo_text_escape (outcome->next_step);
      halo_cli_print (_ ("%s: stage %s, next_step \"%s\"\n"), shown_path,
                      halo_stage_name (outcome->decision.from), next_step);
    }
  if (outcome->refusal)
    {
      if (common->json)
        print_json ("refused", outcome->decision.from, outcome->decision.to, outcome->refusal);
      else
        halo_cli_error (outcome->refusal);
      return HALO_EXIT_NEGATIVE;
    }
  if (outcome->gate_ran && common->verbose && terminal)
    halo_cli_print (_ ("%s: the gate passed: every check of halo-check passed or was skipped\n"),
                    options->path);
  if (outcome->planned && *outcome->planned && common->verbose && terminal)
    {
      g_autofree char *log_path = halo_history_path (options->path);
      halo_cli_print (_ ("%s: would append:\n"), log_path);
      /* The records as they would be written: JSON, no control character. */
      fputs (outcome->planned, stdout);
    }
  if (error)
    return report_error (common, error, outcome->from, outcome->to);
  /* What the run said about the history (recovery, adoption), before its own line. */
  if (terminal && !common->quiet)
    for (guint i = 0; outcome->notes && i < outcome->notes->len; i++)
      halo_cli_print ("%s\n", (const char *) outcome->notes->pdata[i]);
  return report_decision (options, outcome, common, shown_path);
}

static int
report_init (const HaloApplyOptions *options, const GError *error, const HaloCliCommon *common,
             const char *shown_path)
{
  if (error)
    return report_error (common, error, HALO_STAGE_INIT, HALO_STAGE_READY);
  if (options->dry_run)
    {
      if (!common->quiet && !common->json)
        halo_cli_print ("[HALO DRY-RUN]\n%s\nNo state was written.\n",
                        _ ("would create a new state file at stage READY"));
      if (common->json)
        print_json ("dry-run", HALO_STAGE_INIT, HALO_STAGE_READY,
                    _ ("would create a new state file at stage READY"));
      return HALO_EXIT_OK;
    }
  g_autofree char *message = g_strdup_printf (_ ("created %s at stage READY"), options->path);
  if (common->json)
    print_json ("applied", HALO_STAGE_INIT, HALO_STAGE_READY, message);
  else if (!common->quiet)
    printf ("INIT -> READY\n");
  if (common->verbose && !common->json)
    {
      g_autofree char *shown = g_strdup_printf (_ ("created %s at stage READY"), shown_path);
      halo_cli_print ("%s\n", shown);
    }
  return HALO_EXIT_OK;
}

int
halo_apply_report (const HaloApplyOptions *options, const HaloApplyOutcome *outcome,
                   const GError *error, const HaloCliCommon *common)
{
  /* @path with visible escapes, for the terminal */
  g_autofree char *shown_path = halo_text_escape (options->path);
  if (options->init)
    return report_init (options, error, common, shown_path);
  return report_transition (options, outcome, error, common, shown_path);
}
