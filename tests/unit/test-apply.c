/* test-apply.c: what halo-run does (halo_apply_run), without the program: the outcome of
 * a dry run, a real move, --init, the gate's refusal, trouble; HALO_DRY_RUN and --wait. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-apply.h"
#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-history.h"

typedef struct
{
  char *dir;    /* the scratch project */
  char *status; /* DIR/progress/status.json */
} Project;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A project whose state is the fixture @fixture (NULL: no progress/ at all). */
static void
project_setup (Project *p, const char *fixture)
{
  g_autoptr (GError) error = NULL;
  p->dir = g_dir_make_tmp ("halo-apply-XXXXXX", &error);
  g_assert_no_error (error);
  p->status = g_build_filename (p->dir, "progress", "status.json", NULL);
  if (fixture == NULL)
    return;
  g_autofree char *progress = g_path_get_dirname (p->status);
  g_assert_cmpint (g_mkdir (progress, 0755), ==, 0);
  g_autofree char *source = g_build_filename (HALO_TESTDATA, "status", "valid", fixture, NULL);
  g_autofree char *text = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (source, &text, &len, &error));
  g_assert_true (g_file_set_contents (p->status, text, len, &error));
  g_assert_no_error (error);
}

static void
project_teardown (Project *p)
{
  remove_tree (p->dir);
  g_free (p->dir);
  g_free (p->status);
}

static char *
contents (const char *path)
{
  char *text = NULL;
  return g_file_get_contents (path, &text, NULL, NULL) ? text : NULL;
}

static gboolean
exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_environment (void)
{
  static const char *const yes[] = { "true", "TRUE", "1", "yes", "On" };
  static const char *const no[] = { "false", "0", "No", "OFF", "" };
  gboolean dry_run = TRUE;
  g_unsetenv ("HALO_DRY_RUN");
  g_assert_true (halo_apply_dry_run_from_environment (&dry_run, NULL));
  g_assert_false (dry_run);
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_setenv ("HALO_DRY_RUN", yes[i], TRUE);
      g_assert_true (halo_apply_dry_run_from_environment (&dry_run, NULL));
      g_assert_true (dry_run);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_setenv ("HALO_DRY_RUN", no[i], TRUE);
      g_assert_true (halo_apply_dry_run_from_environment (&dry_run, NULL));
      g_assert_false (dry_run);
    }
  /* A typo is an error, never a real run; the value is shown with visible escapes. */
  g_autoptr (GError) error = NULL;
  g_setenv ("HALO_DRY_RUN", "ture\x1b", TRUE);
  g_assert_false (halo_apply_dry_run_from_environment (&dry_run, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "HALO_DRY_RUN='ture\\x1b'"));
  g_unsetenv ("HALO_DRY_RUN");
}

static void
test_wait (void)
{
  static const char *const bad[] = { "", "x", "-1", "1s", "inf", "nan", "1e999" };
  double wait = 0;
  g_assert_true (halo_apply_parse_wait (NULL, &wait, NULL));
  g_assert_cmpfloat (wait, ==, HALO_LOCK_WAIT_FOREVER);
  g_assert_true (halo_apply_parse_wait ("2.5", &wait, NULL));
  g_assert_cmpfloat (wait, ==, 2.5);
  g_assert_true (halo_apply_parse_wait ("0", &wait, NULL));
  g_assert_cmpfloat (wait, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      wait = 7;
      g_assert_false (halo_apply_parse_wait (bad[i], &wait, &error));
      g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
      g_assert_cmpfloat (wait, ==, 7);
    }
}

/* A dry run decides and plans the history record, and writes nothing. */
static void
test_dry_run (void)
{
  Project p;
  project_setup (&p, "canonical-b.json");
  g_autofree char *before = contents (p.status);
  g_autofree char *log_path = halo_history_path (p.status);
  HaloApplyOptions options = { .path = p.status, .dry_run = TRUE };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_apply_run (&options, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (outcome.have_decision);
  g_assert_cmpint (outcome.decision.outcome, ==, HALO_OUTCOME_APPLY);
  g_assert_cmpint (outcome.decision.from, ==, HALO_STAGE_B);
  g_assert_cmpint (outcome.decision.to, ==, HALO_STAGE_C);
  g_assert_cmpstr (outcome.next_step, ==, "Open Stage C: integration");
  g_assert_false (outcome.gate_ran);
  g_assert_null (outcome.refusal);
  /* The record it would append: a transition B -> C for that step. */
  g_assert_nonnull (outcome.planned);
  g_assert_nonnull (strstr (outcome.planned, "\"from\":\"B\""));
  g_assert_nonnull (strstr (outcome.planned, "\"to\":\"C\""));
  g_assert_nonnull (strstr (outcome.planned, "\"step\":\"Open Stage C: integration\""));
  g_assert_cmpuint (outcome.notes->len, ==, 0);
  g_assert_true (halo_apply_succeeded (&options, &outcome));
  g_autofree char *after = contents (p.status);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (exists (log_path));
  project_teardown (&p);
}

/* The real move: the state at the new stage, the history holding the record. */
static void
test_move (void)
{
  Project p;
  project_setup (&p, "canonical-b.json");
  g_autofree char *log_path = halo_history_path (p.status);
  HaloApplyOptions options = { .path = p.status };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_apply_run (&options, &outcome, &error));
  g_assert_no_error (error);
  g_assert_null (outcome.planned);
  g_assert_true (halo_apply_succeeded (&options, &outcome));
  g_autofree char *after = contents (p.status);
  g_assert_nonnull (strstr (after, "\"current_stage\": \"C\""));
  g_autofree char *log = contents (log_path);
  g_assert_nonnull (log);
  g_assert_nonnull (strstr (log, "\"from\":\"B\""));
  g_assert_nonnull (strstr (log, "\"to\":\"C\""));
  project_teardown (&p);
}

/* No target: a success, unless --strict; nothing is written either way. */
static void
test_no_target (void)
{
  Project p;
  project_setup (&p, "canonical-blocked.json");
  g_autofree char *before = contents (p.status);
  for (int strict = 0; strict <= 1; strict++)
    {
      HaloApplyOptions options = { .path = p.status, .strict = strict };
      g_auto (HaloApplyOutcome) outcome = { 0 };
      g_assert_true (halo_apply_run (&options, &outcome, NULL));
      g_assert_cmpint (outcome.decision.outcome, ==, HALO_OUTCOME_NO_TARGET);
      g_assert_cmpstr (outcome.blocking_question, ==, "Which database should Stage D use?");
      g_assert_true (halo_apply_succeeded (&options, &outcome) == !strict);
    }
  g_autofree char *after = contents (p.status);
  g_assert_cmpstr (after, ==, before);
  g_autofree char *log_path = halo_history_path (p.status);
  g_assert_false (exists (log_path));
  project_teardown (&p);
}

/* --gate: a failed check refuses the move (exit 1), and nothing is written. */
static void
test_gate_refuses (void)
{
  Project p;
  project_setup (&p, "canonical-b.json");
  g_autofree char *before = contents (p.status);
  g_autofree char *missing = g_build_filename (p.dir, "missing.hashes.json", NULL);
  const char *manifests[] = { missing, NULL };
  HaloApplyOptions options = { .path = p.status, .gate = TRUE, .manifests = manifests };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_apply_run (&options, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (outcome.gate_ran);
  g_assert_nonnull (outcome.refusal);
  g_assert_true (g_str_has_prefix (outcome.refusal, "the gate refused the move B -> C"));
  g_assert_false (halo_apply_succeeded (&options, &outcome));
  g_autofree char *after = contents (p.status);
  g_assert_cmpstr (after, ==, before);
  project_teardown (&p);
}

/* No progress/ directory: trouble before any decision, nothing created. */
static void
test_no_project (void)
{
  Project p;
  project_setup (&p, NULL);
  HaloApplyOptions options = { .path = p.status };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_false (halo_apply_run (&options, &outcome, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_IO);
  g_assert_cmpint (halo_error_exit_status (error), ==, 2);
  g_assert_nonnull (strstr (error->message, "halo-run --init starts a project"));
  g_assert_false (outcome.have_decision);
  g_assert_cmpint (outcome.from, ==, HALO_STAGE_NONE);
  g_assert_cmpint (outcome.to, ==, HALO_STAGE_NONE);
  g_autofree char *progress = g_path_get_dirname (p.status);
  g_assert_false (exists (progress));
  project_teardown (&p);
}

/* --init: a dry run creates nothing; the real one the state and its record;
 * a second one (dry or not) is refused. */
static void
test_init (void)
{
  Project p;
  project_setup (&p, NULL);
  g_autofree char *progress = g_path_get_dirname (p.status);
  g_autofree char *log_path = halo_history_path (p.status);
  HaloApplyOptions options = { .path = p.status, .init = TRUE, .dry_run = TRUE };
  {
    g_auto (HaloApplyOutcome) outcome = { 0 };
    g_assert_true (halo_apply_run (&options, &outcome, NULL));
    g_assert_true (halo_apply_succeeded (&options, &outcome));
    g_assert_false (exists (progress));
  }
  options.dry_run = FALSE;
  {
    g_auto (HaloApplyOutcome) outcome = { 0 };
    g_assert_true (halo_apply_run (&options, &outcome, NULL));
    g_assert_cmpint (outcome.from, ==, HALO_STAGE_INIT);
    g_assert_cmpint (outcome.to, ==, HALO_STAGE_READY);
    g_autofree char *state = contents (p.status);
    g_assert_nonnull (strstr (state, "\"current_stage\": \"READY\""));
    g_autofree char *log = contents (log_path);
    g_assert_nonnull (strstr (log, "\"op\":\"init\""));
  }
  g_autofree char *state = contents (p.status);
  for (int dry = 1; dry >= 0; dry--)
    {
      options.dry_run = dry;
      g_auto (HaloApplyOutcome) outcome = { 0 };
      g_autoptr (GError) error = NULL;
      g_assert_false (halo_apply_run (&options, &outcome, &error));
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "refusing to start a project: "));
      g_autofree char *again = contents (p.status);
      g_assert_cmpstr (again, ==, state);
    }
  project_teardown (&p);
}

static char *
read_back (FILE *f)
{
  GString *text = g_string_new (NULL);
  char buf[512];
  size_t n;
  rewind (f);
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    g_string_append_len (text, buf, n);
  fclose (f);
  return g_string_free (text, FALSE);
}

/* Run @options (their path filled in) on the fixture canonical-b.json
 * (B -> C) and report it: what went to stdout and stderr, and the exit status. */
static int
report (HaloApplyOptions options, const char *manifest, gboolean json, char **out, char **err)
{
  Project p;
  project_setup (&p, "canonical-b.json");
  g_autofree char *missing = manifest ? g_build_filename (p.dir, manifest, NULL) : NULL;
  const char *manifests[] = { missing, NULL };
  options.path = p.status;
  options.manifests = manifest ? manifests : NULL;
  HaloCliCommon common = { .json = json };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  halo_apply_run (&options, &outcome, &error);
  /* Standard output and error into files for the report's time. */
  fflush (stdout);
  FILE *o = tmpfile (), *e = tmpfile ();
  g_assert_true (o && e);
  int saved_out = dup (STDOUT_FILENO), saved_err = dup (STDERR_FILENO);
  dup2 (fileno (o), STDOUT_FILENO);
  dup2 (fileno (e), STDERR_FILENO);
  int status = halo_apply_report (&options, &outcome, error, &common);
  fflush (stdout);
  dup2 (saved_out, STDOUT_FILENO);
  dup2 (saved_err, STDERR_FILENO);
  close (saved_out);
  close (saved_err);
  *out = read_back (o);
  *err = read_back (e);
  project_teardown (&p);
  return status;
}

/* A dry run's three lines (kept from the original runtime), exit 0. */
static void
test_report_dry_run (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (report ((HaloApplyOptions) { .dry_run = TRUE }, NULL, FALSE, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "[HALO DRY-RUN]\nValidated transition: B -> C\nNo state was written.\n");
  g_assert_cmpstr (err, ==, "");
}

/* The same with --json: one object, outcome dry-run. */
static void
test_report_dry_run_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (report ((HaloApplyOptions) { .dry_run = TRUE }, NULL, TRUE, &out, &err), ==, 0);
  g_assert_cmpstr (
    out, ==,
    "{\"outcome\": \"dry-run\", \"from\": \"B\", \"to\": \"C\", \"message\": \"B -> C\"}\n");
  g_assert_cmpstr (err, ==, "");
}

/* The gate's refusal: on stderr, the program's name before each line of the
 * reason; nothing on stdout; exit 1. */
static void
test_report_refused (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (
    report ((HaloApplyOptions) { .gate = TRUE }, "missing.hashes.json", FALSE, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_autofree char *first = g_strdup_printf (
    "%s: the gate refused the move B -> C: a check of halo-check failed\n%s: integrity: FAIL ",
    g_get_prgname (), g_get_prgname ());
  g_assert_true (g_str_has_prefix (err, first));
  g_assert_nonnull (strstr (err, "missing.hashes.json\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/apply/dry-run-environment", test_environment);
  g_test_add_func ("/apply/wait", test_wait);
  g_test_add_func ("/apply/dry-run", test_dry_run);
  g_test_add_func ("/apply/move", test_move);
  g_test_add_func ("/apply/no-target", test_no_target);
  g_test_add_func ("/apply/gate-refuses", test_gate_refuses);
  g_test_add_func ("/apply/no-project", test_no_project);
  g_test_add_func ("/apply/init", test_init);
  g_test_add_func ("/apply/report/dry-run", test_report_dry_run);
  g_test_add_func ("/apply/report/dry-run-json", test_report_dry_run_json);
  g_test_add_func ("/apply/report/refused", test_report_refused);
  return g_test_run ();
}
