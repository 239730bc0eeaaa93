/* halo-apply.c: what halo-run does: one validated transition, or --init (SPEC §4, §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-apply.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-gate.h"
#include "halo-history.h"
#include "halo-json.h"
#include "halo-status.h"
#include "halo-text.h"

/* Problem lines of each failed manifest in the message of a refused move. */
#define GATE_MAX_PROBLEMS 10

void
halo_apply_outcome_clear (HaloApplyOutcome *outcome)
{
  g_clear_pointer (&outcome->next_step, g_free);
  g_clear_pointer (&outcome->blocking_question, g_free);
  g_clear_pointer (&outcome->refusal, g_free);
  g_clear_pointer (&outcome->planned, g_free);
  g_clear_pointer (&outcome->notes, g_ptr_array_unref);
}

gboolean
halo_apply_dry_run_from_environment (gboolean *dry_run, GError **error)
{
  static const char *const yes[] = { "true", "1", "yes", "on" };
  static const char *const no[] = { "false", "0", "no", "off", "" };
  const char *v = g_getenv ("HALO_DRY_RUN");
  *dry_run = FALSE;
  if (v == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (v, yes[i]) == 0)
      return (*dry_run = TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (v, no[i]) == 0)
      return TRUE;
  g_autofree char *value = halo_text_escape (v);
  g_set_error (
    error, HALO_ERROR, HALO_ERROR_USAGE,
    _ ("HALO_DRY_RUN='%s' is neither true, 1, yes, on (a dry run) nor false, 0, no, off or "
       "empty (a real run)"),
    value);
  return FALSE;
}

gboolean
halo_apply_parse_wait (const char *value, double *wait, GError **error)
{
  if (value == NULL)
    {
      *wait = HALO_LOCK_WAIT_FOREVER;
      return TRUE;
    }
  char *end = NULL;
  double v = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (v) || v < 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                   _ ("--wait: '%s' is not a number of seconds"), value);
      return FALSE;
    }
  *wait = v;
  return TRUE;
}

gboolean
halo_apply_succeeded (const HaloApplyOptions *options, const HaloApplyOutcome *outcome)
{
  if (!outcome->have_decision)
    return options->init; /* --init has no decision; it succeeds unless it failed */
  if (outcome->refusal)
    return FALSE;
  /* --strict: no target at all is a failure (SPEC §4). */
  if (options->strict && outcome->decision.outcome == HALO_OUTCOME_NO_TARGET)
    return FALSE;
  return halo_decision_succeeds (&outcome->decision);
}

/* Log the move and write @data (SPEC §9's order: the record is durable
 * before the rename, which is the commit point; a failed write takes the
 * record back).  A dry run only plans, keeping the records in @outcome. */
static gboolean
write_move (const HaloApplyOptions *options, HaloApplyOutcome *outcome, const char *old,
            gsize old_len, const char *step, const char *data, gsize len, GError **error)
{
  g_autoptr (HaloHistoryLog) log = halo_history_open (options->path, !options->dry_run, error);
  if (log == NULL)
    return FALSE;
  const char *planned = halo_history_plan_move (log, old, old_len, &outcome->decision, step, data,
                                                len, outcome->notes, error);
  if (planned == NULL)
    return FALSE;
  if (options->dry_run)
    {
      outcome->planned = g_strdup (planned);
      g_ptr_array_set_size (outcome->notes, 0);
      return TRUE;
    }
  /* A state file that may not be written is refused before the log is. */
  if (!halo_file_check_replaceable (options->path, error)
      || !halo_history_commit (log, outcome->notes, error))
    return FALSE;
  if (halo_file_replace (options->path, data, len, error))
    return TRUE;
  g_autoptr (GError) undo_error = NULL;
  if ((*error)->code != HALO_ERROR_NOT_DURABLE && !halo_history_undo (log, &undo_error))
    g_prefix_error (error, "%s; ", undo_error->message);
  return FALSE;
}

/* --gate: halo-check's checks, before the move (under the lock of a real
 * run).  FALSE when one failed, with the refusal in @outcome. */
static gboolean
gate_passes (const HaloApplyOptions *options, HaloApplyOutcome *outcome)
{
  HaloGateOptions gate_options = { options->manifests, 0, options->strict };
  g_autoptr (HaloGateReport) report = halo_gate_run (options->path, &gate_options);
  if (options->public_key)
    halo_gate_check_signatures (report, options->path, options->public_key);
  outcome->gate_ran = TRUE;
  if (halo_gate_passed (report))
    return TRUE;
  g_autofree char *why = halo_gate_describe_failures (report, GATE_MAX_PROBLEMS);
  const HaloDecision *d = &outcome->decision;
  outcome->refusal
    = g_strdup_printf (_ ("the gate refused the move %s -> %s: a check of halo-check failed\n%s"),
                       halo_stage_name (d->from), halo_stage_name (d->to), why);
  return FALSE;
}

/* Under the lock (unless a dry run): read, decide, gate, write. */
static gboolean
transition_locked (const HaloApplyOptions *options, HaloApplyOutcome *outcome, GError **error)
{
  /* The exact bytes read: the history records their hash. */
  g_autofree char *old = NULL;
  gsize old_len = 0;
  g_autoptr (HaloJson) status = NULL;
  if (halo_file_read_regular (options->path, HALO_STATUS_MAX_SIZE, &old, &old_len, error))
    status = halo_status_parse (old, old_len, options->path, error);
  if (status == NULL)
    return FALSE;
  const char *next_step = halo_status_get_next_step (status);
  const char *question = halo_status_get_blocking_question (status);
  outcome->next_step = g_strdup (next_step);
  outcome->blocking_question = g_strdup (question);
  outcome->decision = halo_runner_decide (halo_status_get_stage (status), next_step);
  outcome->have_decision = TRUE;
  if (outcome->decision.outcome != HALO_OUTCOME_APPLY)
    return TRUE;
  if (options->gate && !gate_passes (options, outcome))
    return TRUE;
  outcome->from = outcome->decision.from;
  outcome->to = outcome->decision.to;
  /* A dry run refuses what the real run would refuse. */
  g_autoptr (GBytes) bytes = halo_status_apply (status, outcome->to, options->path, error);
  if (bytes == NULL)
    return FALSE;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  return write_move (options, outcome, old, old_len, outcome->next_step, data, len, error);
}

static gboolean
run_transition (const HaloApplyOptions *options, HaloApplyOutcome *outcome, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (options->path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO,
                   _ ("cannot read %s: there is no directory %s here (halo-run --init starts "
                      "a project)"),
                   options->path, dir);
      return FALSE;
    }
  if (options->dry_run)
    return transition_locked (options, outcome, error);
  int lock = halo_lock_acquire (options->path, options->wait, error);
  if (lock < 0)
    return FALSE;
  halo_file_remove_stale_temps (options->path);
  gboolean ok = transition_locked (options, outcome, error);
  halo_lock_release (lock);
  return ok;
}

/* --init --dry-run refuses what the real run would refuse. */
static gboolean
init_dry_run (const HaloApplyOptions *options, GError **error)
{
  struct stat st;
  if (lstat (options->path, &st) == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("refusing to start a project: %s already exists"), options->path);
      return FALSE;
    }
  /* ... and a history already there (SPEC §9). */
  g_autoptr (HaloHistoryLog) log = halo_history_open (options->path, FALSE, error);
  if (log == NULL || halo_history_plan_init (log, "", 0, error) == NULL)
    {
      if ((*error)->code == HALO_ERROR_INVALID)
        g_prefix_error (error, _ ("refusing to start a project: "));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_init (const HaloApplyOptions *options, HaloApplyOutcome *outcome, GError **error)
{
  if (options->dry_run)
    return init_dry_run (options, error);
  g_autofree char *dir = g_path_get_dirname (options->path);
  if (g_mkdir_with_parents (dir, 0777) < 0)
    return halo_error_set_errno (error, errno, _ ("cannot create directory %s"), dir);
  int lock = halo_lock_acquire (options->path, options->wait, error);
  if (lock < 0)
    return FALSE;
  halo_file_remove_stale_temps (options->path);
  g_autoptr (HaloJson) status = halo_status_new_initial ();
  g_autoptr (GBytes) bytes = halo_status_to_bytes (status);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  /* The init record first (SPEC §9): it is durable before the state exists. */
  g_autoptr (HaloHistoryLog) log = NULL;
  struct stat st;
  gboolean ok = FALSE;
  if (lstat (options->path, &st) == 0)
    g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s already exists"), options->path);
  else if ((log = halo_history_open (options->path, TRUE, error)) != NULL
           && halo_history_plan_init (log, data, len, error) != NULL
           && halo_history_commit (log, outcome->notes, error))
    {
      ok = halo_file_create (options->path, data, len, error);
      if (!ok && (*error)->code != HALO_ERROR_NOT_DURABLE)
        halo_history_undo (log, NULL);
    }
  halo_lock_release (lock);
  if (!ok && (*error)->code == HALO_ERROR_INVALID)
    g_prefix_error (error, _ ("refusing to start a project: "));
  return ok;
}

gboolean
halo_apply_run (const HaloApplyOptions *options, HaloApplyOutcome *outcome, GError **error)
{
  /* The steps look at the code of their own errors: never a NULL @error. */
  g_autoptr (GError) local_error = NULL;
  gboolean ok;
  outcome->notes = g_ptr_array_new_with_free_func (g_free);
  if (options->init)
    {
      outcome->from = HALO_STAGE_INIT;
      outcome->to = HALO_STAGE_READY;
      ok = run_init (options, outcome, &local_error);
    }
  else
    {
      outcome->from = outcome->to = HALO_STAGE_NONE;
      ok = run_transition (options, outcome, &local_error);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
