/* halo-run: perform at most one validated stage transition (SPEC §4). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-gate.h"
#include "halo-history.h"
#include "halo-json.h"
#include "halo-runner.h"
#include "halo-sign.h"
#include "halo-status.h"
#include "halo-text.h"

static gboolean opt_dry_run;
static gboolean opt_init;
static gboolean opt_strict;
static double opt_wait; /* 0: do not wait */
static gboolean opt_gate;
static char **opt_manifests;
static char *opt_public_key;
static char *opt_public_key_string;

/* Problem lines of each failed manifest in the message of a refused move. */
#define GATE_MAX_PROBLEMS 10

static gboolean
parse_wait (const char *name, const char *value, gpointer data, GError **error)
{
  if (value == NULL)
    {
      opt_wait = HALO_LOCK_WAIT_FOREVER;
      return TRUE;
    }
  char *end = NULL;
  double v = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (v) || v < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--wait: '%s' is not a number of seconds"), value);
      return FALSE;
    }
  opt_wait = v;
  return TRUE;
}

static const GOptionEntry run_entries[] = {
  { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run,
    N_("Validate the transition and say what would be done, but write nothing"), NULL },
  { "init", 0, 0, G_OPTION_ARG_NONE, &opt_init,
    N_("Start a project: create progress/status.json at stage READY"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_("For scripts and CI: a next_step that names no stage is a failure (exit 1); with "
       "--gate, the integrity check also reports added files"),
    NULL },
  { "wait", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer) parse_wait,
    N_("If another run holds the lock, wait for it (at most SECONDS)"), N_("SECONDS") },
  { "gate", 0, 0, G_OPTION_ARG_NONE, &opt_gate,
    N_("Run halo-check's checks under the lock first; refuse the move if any fails"), NULL },
  { "manifest", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_manifests,
    N_("Verify FILE (repeatable); default: every *.hashes.json in the project root"),
    N_("FILE") },
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_public_key,
    N_("With --gate: also check that every manifest and the signed history head carry a valid "
       "signature by the minisign or signify public key in FILE"),
    N_("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &opt_public_key_string,
    N_("The same with the public key given as its base64 line"), N_("B64") },
  { NULL },
};

typedef struct
{
  const HaloCliCommon *common;
  const char *path;
  gboolean dry_run;
  char *shown_path; /* @path with visible escapes, for the terminal */
  const HaloPublicKey *public_key; /* --gate checks signatures by it; NULL: no key */
} Run;

/* HALO_DRY_RUN (SPEC §4): true, 1, yes, on in any letter case ask for a dry
 * run; false, 0, no, off, empty or unset mean a normal run; anything else is
 * a usage error, so that a typo never turns a dry run into a real move. */
static gboolean
dry_run_from_environment (gboolean *dry_run)
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
  return FALSE;
}

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
report_error (const Run *run, const GError *error, HaloStage from, HaloStage to)
{
  if (run->common->json)
    print_json (error->code == HALO_ERROR_INVALID ? "invalid" : "error", from, to,
                error->message);
  halo_cli_error (error->message);
  return halo_error_exit_status (error);
}

static int
report (const Run *run, const HaloDecision *d, const char *question, const char *next_step)
{
  gboolean ok = halo_decision_succeeds (d);
  /* --strict: no target at all is a failure (SPEC §4). */
  if (opt_strict && d->outcome == HALO_OUTCOME_NO_TARGET)
    ok = FALSE;
  gboolean would_apply = run->dry_run && d->outcome == HALO_OUTCOME_APPLY;
  if (run->common->json)
    {
      g_autofree char *raw = halo_decision_describe_step (d, question, next_step);
      print_json (would_apply ? "dry-run" : halo_outcome_name (d->outcome), d->from, d->to, raw);
      return ok ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
    }
  /* For the terminal the question is shown with visible escapes (SPEC §7). */
  g_autofree char *shown = question ? halo_text_escape (question) : NULL;
  g_autofree char *shown_step = halo_text_escape (next_step);
  g_autofree char *message = halo_decision_describe_step (d, shown, shown_step);
  if (!ok && d->outcome == HALO_OUTCOME_NO_TARGET)
    halo_cli_errorf ("--strict: %s", message);
  else if (!ok)
    halo_cli_error (message);
  else if (run->dry_run && !run->common->quiet)
    {
      /* The original runtime's three lines, kept for scripts that read them. */
      printf ("[HALO DRY-RUN]\n");
      if (would_apply)
        printf ("Validated transition: %s\n", message);
      else
        halo_cli_print ("%s\n", message);
      printf ("No state was written.\n");
    }
  else if (!run->common->quiet)
    {
      if (run->common->verbose && d->outcome == HALO_OUTCOME_APPLY)
        halo_cli_print (_("%s: %s (%s move), written\n"), run->shown_path, message,
                        d->kind == HALO_MOVE_FORWARD ? _("forward") : _("return"));
      else
        halo_cli_print ("%s\n", message);
    }
  return ok ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
}

/* What the run said about the history (recovery, adoption), before its own line. */
static void
print_notes (const Run *run, GPtrArray *notes)
{
  if (run->common->json || run->common->quiet)
    return;
  for (guint i = 0; i < notes->len; i++)
    halo_cli_print ("%s\n", (const char *) notes->pdata[i]);
}

/* Log the move and write @data (SPEC §9's order: the record is durable
 * before the rename, which is the commit point; a failed write takes the
 * record back).  A dry run only plans, and with -v shows the records. */
static gboolean
write_move (const Run *run, const char *old, gsize old_len, const HaloDecision *d,
            const char *step, const char *data, gsize len, GPtrArray *notes, GError **error)
{
  g_autoptr (HaloHistoryLog) log = halo_history_open (run->path, !run->dry_run, error);
  if (log == NULL)
    return FALSE;
  const char *planned
    = halo_history_plan_move (log, old, old_len, d, step, data, len, notes, error);
  if (planned == NULL)
    return FALSE;
  if (run->dry_run)
    {
      if (run->common->verbose && !run->common->json && *planned)
        {
          g_autofree char *log_path = halo_history_path (run->path);
          halo_cli_print (_("%s: would append:\n"), log_path);
          /* The records as they would be written: JSON, no control character. */
          fputs (planned, stdout);
        }
      g_ptr_array_set_size (notes, 0);
      return TRUE;
    }
  /* A state file that may not be written is refused before the log is. */
  if (!halo_file_check_replaceable (run->path, error) || !halo_history_commit (log, notes, error))
    return FALSE;
  if (halo_file_replace (run->path, data, len, error))
    return TRUE;
  g_autoptr (GError) undo_error = NULL;
  if ((*error)->code != HALO_ERROR_NOT_DURABLE && !halo_history_undo (log, &undo_error))
    g_prefix_error (error, "%s; ", undo_error->message);
  return FALSE;
}

/* --gate: halo-check's checks, before the move (under the lock of a real
 * run).  FALSE when one failed, with the refusal reported. */
static gboolean
gate_passes (const Run *run, const HaloDecision *d, int *status)
{
  HaloGateOptions options = { (const char *const *) opt_manifests, 0, opt_strict };
  g_autoptr (HaloGateReport) report = halo_gate_run (run->path, &options);
  if (run->public_key)
    halo_gate_check_signatures (report, run->path, run->public_key);
  if (halo_gate_passed (report))
    {
      if (run->common->verbose && !run->common->json)
        halo_cli_print (_("%s: the gate passed: every check of halo-check passed or was skipped\n"),
                        run->path);
      return TRUE;
    }
  g_autofree char *why = halo_gate_describe_failures (report, GATE_MAX_PROBLEMS);
  g_autofree char *message
    = g_strdup_printf (_("the gate refused the move %s -> %s: a check of halo-check failed\n%s"),
                       halo_stage_name (d->from), halo_stage_name (d->to), why);
  if (run->common->json)
    print_json ("refused", d->from, d->to, message);
  else
    halo_cli_error (message);
  *status = HALO_EXIT_NEGATIVE;
  return FALSE;
}

static int
run_transition (const Run *run)
{
  g_autoptr (GError) error = NULL;
  int lock = -1;
  g_autofree char *dir = g_path_get_dirname (run->path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (&error, HALO_ERROR, HALO_ERROR_IO,
                   _("cannot read %s: there is no directory %s here (halo-run --init starts "
                     "a project)"),
                   run->path, dir);
      return report_error (run, error, HALO_STAGE_NONE, HALO_STAGE_NONE);
    }
  if (!run->dry_run)
    {
      lock = halo_lock_acquire (run->path, opt_wait, &error);
      if (lock < 0)
        return report_error (run, error, HALO_STAGE_NONE, HALO_STAGE_NONE);
      halo_file_remove_stale_temps (run->path);
    }
  /* The exact bytes read: the history records their hash. */
  g_autofree char *old = NULL;
  gsize old_len = 0;
  g_autoptr (HaloJson) status = NULL;
  if (halo_file_read_regular (run->path, HALO_STATUS_MAX_SIZE, &old, &old_len, &error))
    status = halo_status_parse (old, old_len, run->path, &error);
  if (status == NULL)
    {
      halo_lock_release (lock);
      return report_error (run, error, HALO_STAGE_NONE, HALO_STAGE_NONE);
    }
  HaloDecision d = halo_runner_decide (halo_status_get_stage (status),
                                       halo_status_get_next_step (status));
  if (run->common->verbose && !run->common->json)
    {
      g_autofree char *next_step = halo_text_escape (halo_status_get_next_step (status));
      halo_cli_print (_("%s: stage %s, next_step \"%s\"\n"), run->shown_path,
                      halo_stage_name (d.from), next_step);
    }
  if (d.outcome == HALO_OUTCOME_APPLY && opt_gate)
    {
      int refused;
      if (!gate_passes (run, &d, &refused))
        {
          halo_lock_release (lock);
          return refused;
        }
    }
  if (d.outcome == HALO_OUTCOME_APPLY)
    {
      g_autofree char *step = g_strdup (halo_status_get_next_step (status));
      g_autoptr (GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
      /* A dry run refuses what the real run would refuse. */
      g_autoptr (GBytes) bytes = halo_status_apply (status, d.to, run->path, &error);
      gsize len = 0;
      const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
      if (bytes == NULL || !write_move (run, old, old_len, &d, step, data, len, notes, &error))
        {
          halo_lock_release (lock);
          return report_error (run, error, d.from, d.to);
        }
      print_notes (run, notes);
    }
  halo_lock_release (lock);
  return report (run, &d, halo_status_get_blocking_question (status),
                 halo_status_get_next_step (status));
}

static int
run_init (const Run *run)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (run->path);
  if (run->dry_run)
    {
      /* A dry run refuses what the real run would refuse. */
      struct stat st;
      if (lstat (run->path, &st) == 0)
        {
          g_set_error (&error, HALO_ERROR, HALO_ERROR_INVALID,
                       _("refusing to start a project: %s already exists"), run->path);
          return report_error (run, error, HALO_STAGE_INIT, HALO_STAGE_READY);
        }
      /* ... and a history already there (SPEC §9). */
      g_autoptr (HaloHistoryLog) log = halo_history_open (run->path, FALSE, &error);
      if (log == NULL || halo_history_plan_init (log, "", 0, &error) == NULL)
        {
          if (error->code == HALO_ERROR_INVALID)
            g_prefix_error (&error, _("refusing to start a project: "));
          return report_error (run, error, HALO_STAGE_INIT, HALO_STAGE_READY);
        }
      if (!run->common->quiet && !run->common->json)
        halo_cli_print ("[HALO DRY-RUN]\n%s\nNo state was written.\n",
                        _("would create a new state file at stage READY"));
      if (run->common->json)
        print_json ("dry-run", HALO_STAGE_INIT, HALO_STAGE_READY,
                    _("would create a new state file at stage READY"));
      return HALO_EXIT_OK;
    }
  if (g_mkdir_with_parents (dir, 0777) < 0)
    {
      halo_error_set_errno (&error, errno, _("cannot create directory %s"), dir);
      return report_error (run, error, HALO_STAGE_INIT, HALO_STAGE_READY);
    }
  int lock = halo_lock_acquire (run->path, opt_wait, &error);
  if (lock < 0)
    return report_error (run, error, HALO_STAGE_INIT, HALO_STAGE_READY);
  halo_file_remove_stale_temps (run->path);
  g_autoptr (HaloJson) status = halo_status_new_initial ();
  g_autoptr (GBytes) bytes = halo_status_to_bytes (status);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  /* The init record first (SPEC §9): it is durable before the state exists. */
  g_autoptr (HaloHistoryLog) log = NULL;
  g_autoptr (GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  struct stat st;
  gboolean ok = FALSE;
  if (lstat (run->path, &st) == 0)
    g_set_error (&error, HALO_ERROR, HALO_ERROR_INVALID, _("%s already exists"), run->path);
  else if ((log = halo_history_open (run->path, TRUE, &error)) != NULL
           && halo_history_plan_init (log, data, len, &error) != NULL
           && halo_history_commit (log, notes, &error))
    {
      ok = halo_file_create (run->path, data, len, &error);
      if (!ok && error->code != HALO_ERROR_NOT_DURABLE)
        halo_history_undo (log, NULL);
    }
  halo_lock_release (lock);
  if (!ok)
    {
      if (error->code == HALO_ERROR_INVALID)
        g_prefix_error (&error, _("refusing to start a project: "));
      return report_error (run, error, HALO_STAGE_INIT, HALO_STAGE_READY);
    }
  g_autofree char *message = g_strdup_printf (_("created %s at stage READY"), run->path);
  if (run->common->json)
    print_json ("applied", HALO_STAGE_INIT, HALO_STAGE_READY, message);
  else if (!run->common->quiet)
    printf ("INIT -> READY\n");
  if (run->common->verbose && !run->common->json)
    {
      g_autofree char *shown = g_strdup_printf (_("created %s at stage READY"), run->shown_path);
      halo_cli_print ("%s\n", shown);
    }
  return HALO_EXIT_OK;
}

int
main (int argc, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-run");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    NULL, _("Perform the one stage transition that progress/status.json asks for in next_step."),
    run_entries, &common, TRUE);
  int status;
  if (!halo_cli_parse_options_only (ctx, argc, argv, &common, &status))
    return status;
  if (common.status && *common.status == '\0')
    return halo_cli_usage_error (_("--status: the file name is empty"));
  for (char **m = opt_manifests; m && *m; m++)
    if (**m == '\0')
      return halo_cli_usage_error (_("--manifest: the file name is empty"));
  if (opt_manifests && !opt_gate)
    return halo_cli_usage_error (_("--manifest applies to --gate only"));
  if (opt_gate && opt_init)
    return halo_cli_usage_error (_("--gate and --init cannot be used together"));
  if ((opt_public_key || opt_public_key_string) && !opt_gate)
    return halo_cli_usage_error (_("--public-key applies to --gate only"));
  if (opt_public_key && opt_public_key_string)
    return halo_cli_usage_error (_("--public-key and --public-key-string exclude each other"));
  if (common.json)
    halo_cli_untranslated ();
  if (!halo_cli_enter_directory (&common))
    return HALO_EXIT_TROUBLE;
  /* As every path, the key's is relative to -C DIR (as halo-check's). */
  HaloPublicKey pk;
  g_autoptr (GError) error = NULL;
  if ((opt_public_key && !halo_public_key_load (opt_public_key, &pk, &error))
      || (opt_public_key_string
          && !halo_public_key_from_base64 (opt_public_key_string, &pk, &error)))
    {
      halo_cli_errorf ("%s%s", opt_public_key ? "" : "--public-key-string: ", error->message);
      return HALO_EXIT_TROUBLE;
    }

  gboolean env_dry_run;
  if (!dry_run_from_environment (&env_dry_run))
    {
      g_autofree char *value = halo_text_escape (g_getenv ("HALO_DRY_RUN"));
      return halo_cli_usage_error (
        _("HALO_DRY_RUN='%s' is neither true, 1, yes, on (a dry run) nor false, 0, no, off or "
          "empty (a real run)"),
        value);
    }
  const char *path = common.status ? common.status : HALO_STATUS_DEFAULT_PATH;
  g_autofree char *shown_path = halo_text_escape (path);
  Run run = { &common, path, opt_dry_run || env_dry_run, shown_path,
              opt_public_key || opt_public_key_string ? &pk : NULL };
  status = opt_init ? run_init (&run) : run_transition (&run);
  g_strfreev (opt_manifests);
  return halo_cli_exit (status);
}
