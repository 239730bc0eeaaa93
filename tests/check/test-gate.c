/* test-gate.c: the pre-run gate's checks, pipeline line, pending move, JSON and DOT (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "halo-digest.h"
#include "halo-gate.h"
#include "halo-runner.h"

/* A report as halo_gate_run fills it for a valid state at @stage whose
 * next_step is @next_step, without touching a file. */
static HaloGateReport *
report_for (HaloStage stage, const char *next_step, const char *question)
{
  HaloGateReport *r = halo_gate_report_new ();
  r->stage = stage;
  r->decision = halo_runner_decide (stage, next_step);
  r->have_decision = TRUE;
  r->blocking_question = g_strdup (question);
  r->verdicts[HALO_CHECK_PENDING]
    = halo_decision_succeeds (&r->decision) ? HALO_VERDICT_PASS : HALO_VERDICT_FAIL;
  r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_SKIP;
  return r;
}

static void
test_names (void)
{
  g_assert_cmpstr (halo_check_key (HALO_CHECK_STATE_FILE), ==, "state-file");
  g_assert_cmpstr (halo_check_key (HALO_CHECK_PENDING), ==, "pending-transition");
  g_assert_cmpstr (halo_check_key (HALO_CHECK_CRYPTO), ==, "crypto-self-test");
  g_assert_cmpstr (halo_check_key (HALO_CHECK_INTEGRITY), ==, "integrity");
  g_assert_null (halo_check_key (HALO_N_CHECKS));
  g_assert_cmpstr (halo_check_name (HALO_CHECK_STATE_FILE), ==, "state file");
  g_assert_cmpstr (halo_check_name (HALO_CHECK_PENDING), ==, "pending transition");
  g_assert_cmpstr (halo_check_name (HALO_CHECK_CRYPTO), ==, "crypto self-test");
  g_assert_cmpstr (halo_check_name (HALO_CHECK_INTEGRITY), ==, "integrity");
  g_assert_cmpstr (halo_verdict_name (HALO_VERDICT_PASS), ==, "PASS");
  g_assert_cmpstr (halo_verdict_name (HALO_VERDICT_FAIL), ==, "FAIL");
  g_assert_cmpstr (halo_verdict_name (HALO_VERDICT_SKIP), ==, "SKIP");
}

static void
test_pipeline_line (void)
{
  static const struct { HaloStage stage; const char *utf8; const char *ascii; } cases[] = {
    { HALO_STAGE_INIT, "[INIT] → READY → A → B → C → D", "[INIT] -> READY -> A -> B -> C -> D" },
    { HALO_STAGE_READY, "INIT → [READY] → A → B → C → D", "INIT -> [READY] -> A -> B -> C -> D" },
    { HALO_STAGE_A, "INIT → READY → [A] → B → C → D", "INIT -> READY -> [A] -> B -> C -> D" },
    { HALO_STAGE_B, "INIT → READY → A → [B] → C → D", "INIT -> READY -> A -> [B] -> C -> D" },
    { HALO_STAGE_C, "INIT → READY → A → B → [C] → D", "INIT -> READY -> A -> B -> [C] -> D" },
    { HALO_STAGE_D, "INIT → READY → A → B → C → [D]", "INIT -> READY -> A -> B -> C -> [D]" },
    { HALO_STAGE_NONE, "INIT → READY → A → B → C → D", "INIT -> READY -> A -> B -> C -> D" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *u = halo_gate_pipeline_line (cases[i].stage, TRUE);
      g_autofree char *a = halo_gate_pipeline_line (cases[i].stage, FALSE);
      g_assert_cmpstr (u, ==, cases[i].utf8);
      g_assert_cmpstr (a, ==, cases[i].ascii);
      for (const char *p = a; *p; p++)
        g_assert_cmpint ((guchar) *p, <, 0x80);
    }
}

static void
test_describe_pending (void)
{
  static const struct
  {
    HaloStage stage;
    const char *next_step;
    const char *question;
    const char *want;
  } cases[] = {
    { HALO_STAGE_C, "Stage D", NULL, "next_step asks for Stage D: C -> D is allowed" },
    { HALO_STAGE_C, "Return to stage b", NULL, "next_step asks for Stage B: C -> B is allowed" },
    { HALO_STAGE_C, "Stage C", NULL, "next_step asks for Stage C: already there, nothing to do" },
    { HALO_STAGE_B, "Stage D", NULL,
      "next_step asks for Stage D: transition B -> D is forbidden; allowed from B: C (forward), "
      "A (return)" },
    { HALO_STAGE_READY, "Stage B", NULL,
      "next_step asks for Stage B: transition READY -> B is forbidden; allowed from READY: A "
      "(forward)" },
    { HALO_STAGE_B, "Stage B, then Stage C", NULL,
      "next_step names more than one stage (B, C): refusing an ambiguous request" },
    { HALO_STAGE_B, "", NULL, "nothing to do: next_step names no stage" },
    { HALO_STAGE_C, "", "Which database should Stage D use?",
      "nothing to do: the pipeline is BLOCKED by a question: Which database should Stage D use?" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HaloGateReport) r
        = report_for (cases[i].stage, cases[i].next_step, cases[i].question);
      g_autofree char *words = halo_gate_describe_pending (r);
      g_assert_cmpstr (words, ==, cases[i].want);
    }
  g_autoptr (HaloGateReport) none = halo_gate_report_new ();
  g_autofree char *words = halo_gate_describe_pending (none);
  g_assert_cmpstr (words, ==, "unknown: the state file is not valid");
}

static void
test_passed (void)
{
  g_autoptr (HaloGateReport) r = halo_gate_report_new ();
  g_assert_true (halo_gate_passed (r));
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      r->verdicts[i] = HALO_VERDICT_SKIP;
      g_assert_true (halo_gate_passed (r));
    }
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      for (int k = 0; k < HALO_N_CHECKS; k++)
        r->verdicts[k] = k == i ? HALO_VERDICT_FAIL : HALO_VERDICT_PASS;
      g_assert_false (halo_gate_passed (r));
    }
}

/* Parse @text: exactly one JSON object and one trailing newline. */
static JsonObject *
parse_object (const char *text)
{
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonNode *root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gboolean
member_is_null (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_NULL (n);
}

static void
test_json (void)
{
  g_autoptr (HaloGateReport) r = report_for (HALO_STAGE_C, "Stage D", NULL);
  g_ptr_array_add (r->messages[HALO_CHECK_STATE_FILE], g_strdup ("progress/status.json is valid"));
  HaloManifestResult *m = g_new0 (HaloManifestResult, 1);
  m->manifest = g_strdup ("release.hashes.json");
  m->verdict = HALO_VERDICT_FAIL;
  m->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (m->lines, g_strdup ("MODIFIED a \"quoted\" name"));
  g_ptr_array_add (m->lines, g_strdup ("Integrity FAILED: 1 of 1 file (1 modified)"));
  m->report = g_new0 (HaloVerifyReport, 1);
  m->report->n_files = 1;
  m->report->n_modified = 1;
  m->report->problems = g_ptr_array_new ();
  HaloVerifyProblem modified
    = { HALO_PROBLEM_MODIFIED, "a \"quoted\" name", "sha256:00", "sha256:11", 7, NULL };
  g_ptr_array_add (m->report->problems, &modified);
  g_ptr_array_add (r->manifests, m);
  r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_FAIL;

  g_autofree char *text = halo_gate_report_to_json (r);
  g_autoptr (JsonObject) o = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "FAIL");
  g_assert_cmpstr (json_object_get_string_member (o, "stage"), ==, "C");
  g_assert_cmpstr (json_object_get_string_member (o, "pipeline"), ==,
                   "INIT -> READY -> A -> B -> [C] -> D");
  JsonObject *p = json_object_get_object_member (o, "pending");
  g_assert_nonnull (p);
  g_assert_cmpstr (json_object_get_string_member (p, "outcome"), ==, "allowed");
  g_assert_cmpstr (json_object_get_string_member (p, "from"), ==, "C");
  g_assert_cmpstr (json_object_get_string_member (p, "to"), ==, "D");
  g_assert_cmpstr (json_object_get_string_member (p, "message"), ==,
                   "next_step asks for Stage D: C -> D is allowed");
  g_assert_true (member_is_null (p, "blocking_question"));

  JsonArray *checks = json_object_get_array_member (o, "checks");
  /* The signatures row is left out without a key (halo_gate_check_signatures). */
  g_assert_cmpuint (json_array_get_length (checks), ==, HALO_N_CHECKS - 1);
  g_assert_cmpuint (halo_gate_n_shown (r), ==, HALO_N_CHECKS - 1);
  for (guint i = 0; i < HALO_N_CHECKS - 1; i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, halo_check_key (i));
      g_assert_cmpstr (json_object_get_string_member (c, "verdict"), ==,
                       halo_verdict_name (r->verdicts[i]));
      JsonArray *msgs = json_object_get_array_member (c, "messages");
      g_assert_nonnull (msgs);
      g_assert_cmpuint (json_array_get_length (msgs), ==, r->messages[i]->len);
      g_assert_cmpint (json_object_has_member (c, "manifests"), ==, i == HALO_CHECK_INTEGRITY);
    }
  JsonObject *state = json_array_get_object_element (checks, HALO_CHECK_STATE_FILE);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (state, "messages"),
                                                  0),
                   ==, "progress/status.json is valid");
  JsonObject *integrity = json_array_get_object_element (checks, HALO_CHECK_INTEGRITY);
  JsonArray *ms = json_object_get_array_member (integrity, "manifests");
  g_assert_cmpuint (json_array_get_length (ms), ==, 1);
  JsonObject *mo = json_array_get_object_element (ms, 0);
  g_assert_cmpstr (json_object_get_string_member (mo, "manifest"), ==, "release.hashes.json");
  g_assert_cmpstr (json_object_get_string_member (mo, "verdict"), ==, "FAIL");
  /* The problems as objects, as halo-integrity --json gives them, never as text. */
  g_assert_false (json_object_has_member (mo, "messages"));
  g_assert_cmpint (json_object_get_int_member (mo, "files"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (mo, "ok"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (mo, "message"), ==,
                   "Integrity FAILED: 1 of 1 file (1 modified)");
  JsonArray *problems = json_object_get_array_member (mo, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  JsonObject *po = json_array_get_object_element (problems, 0);
  g_assert_cmpstr (json_object_get_string_member (po, "path"), ==, "a \"quoted\" name");
  g_assert_cmpstr (json_object_get_string_member (po, "problem"), ==, "modified");
  g_assert_cmpstr (json_object_get_string_member (po, "expected"), ==, "sha256:00");
  g_assert_cmpstr (json_object_get_string_member (po, "actual"), ==, "sha256:11");
  g_assert_cmpint (json_object_get_int_member (po, "size"), ==, 7);
  g_assert_false (json_object_has_member (po, "reason"));
}

static void
test_json_outcomes (void)
{
  static const struct
  {
    HaloStage stage;
    const char *next_step;
    const char *question;
    const char *outcome, *from, *to;
  } cases[] = {
    { HALO_STAGE_B, "Stage C", NULL, "allowed", "B", "C" },
    { HALO_STAGE_D, "Stage C", NULL, "allowed", "D", "C" },
    { HALO_STAGE_B, "", NULL, "no-target", "B", NULL },
    { HALO_STAGE_C, "", "Which one?", "no-target", "C", NULL },
    { HALO_STAGE_B, "Stage B", NULL, "already-there", "B", "B" },
    { HALO_STAGE_A, "Stage C", NULL, "forbidden", "A", "C" },
    { HALO_STAGE_B, "Stage C or Stage D", NULL, "ambiguous", "B", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HaloGateReport) r
        = report_for (cases[i].stage, cases[i].next_step, cases[i].question);
      g_autofree char *text = halo_gate_report_to_json (r);
      g_autoptr (JsonObject) o = parse_object (text);
      JsonObject *p = json_object_get_object_member (o, "pending");
      g_assert_cmpstr (json_object_get_string_member (p, "outcome"), ==, cases[i].outcome);
      g_assert_cmpstr (json_object_get_string_member (p, "from"), ==, cases[i].from);
      if (cases[i].to)
        g_assert_cmpstr (json_object_get_string_member (p, "to"), ==, cases[i].to);
      else
        g_assert_true (member_is_null (p, "to"));
      if (cases[i].question)
        g_assert_cmpstr (json_object_get_string_member (p, "blocking_question"), ==,
                         cases[i].question);
      else
        g_assert_true (member_is_null (p, "blocking_question"));
      g_autofree char *words = halo_gate_describe_pending (r);
      g_assert_cmpstr (json_object_get_string_member (p, "message"), ==, words);
      gboolean ok = halo_decision_succeeds (&r->decision);
      g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, ok ? "PASS" : "FAIL");
    }

  /* An unusable state: no stage, no pipeline, no pending move. */
  g_autoptr (HaloGateReport) bad = halo_gate_report_new ();
  bad->verdicts[HALO_CHECK_STATE_FILE] = HALO_VERDICT_FAIL;
  g_autofree char *text = halo_gate_report_to_json (bad);
  g_autoptr (JsonObject) o = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "FAIL");
  g_assert_true (member_is_null (o, "stage"));
  g_assert_true (member_is_null (o, "pipeline"));
  g_assert_true (member_is_null (o, "pending"));
}

/* The DOT line that declares node @name, or NULL. */
static char *
dot_node_line (const char *dot, const char *name)
{
  g_autofree char *prefix = g_strdup_printf ("  \"%s\"", name);
  g_auto (GStrv) lines = g_strsplit (dot, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix) && strstr (lines[i], "->") == NULL)
      return g_strdup (lines[i]);
  return NULL;
}

/* Every DOT line that draws the edge @from -> @to. */
static GPtrArray *
dot_edge_lines (const char *dot, const char *from, const char *to)
{
  g_autofree char *prefix = g_strdup_printf ("  \"%s\" -> \"%s\" ", from, to);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = g_strsplit (dot, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (found, g_strdup (lines[i]));
  return found;
}

static void
test_dot (void)
{
  g_autoptr (HaloGateReport) r = report_for (HALO_STAGE_C, "Stage D", NULL);
  g_autofree char *dot = halo_gate_report_to_dot (r);
  g_assert_true (g_str_has_prefix (dot, "digraph "));
  g_assert_true (g_str_has_suffix (dot, "}\n"));

  for (int s = 0; s < HALO_N_STAGES; s++)
    {
      g_autofree char *line = dot_node_line (dot, halo_stage_name (s));
      g_assert_nonnull (line);
      g_assert_cmpint (strstr (line, "filled") != NULL, ==, s == HALO_STAGE_C);
    }

  /* Each move of the table once: forward solid, return dashed, C -> D marked. */
  gsize n;
  const HaloTransition *t = halo_transitions (&n);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) e
        = dot_edge_lines (dot, halo_stage_name (t[i].from), halo_stage_name (t[i].to));
      g_assert_cmpuint (e->len, ==, 1);
      const char *line = e->pdata[0];
      g_assert_cmpint (strstr (line, "dashed") != NULL, ==, t[i].kind == HALO_MOVE_RETURN);
      gboolean pending = t[i].from == HALO_STAGE_C && t[i].to == HALO_STAGE_D;
      g_assert_cmpint (strstr (line, "pending") != NULL, ==, pending);
    }
  g_autoptr (GPtrArray) all_pending = g_ptr_array_new ();
  for (const char *p = dot; (p = strstr (p, "pending")) != NULL; p++)
    g_ptr_array_add (all_pending, (gpointer) p);
  g_assert_cmpuint (all_pending->len, ==, 1);

  /* A forbidden pending move is drawn too, differently from every allowed one. */
  g_autoptr (HaloGateReport) f = report_for (HALO_STAGE_A, "Stage C", NULL);
  g_autofree char *fdot = halo_gate_report_to_dot (f);
  g_autoptr (GPtrArray) fe = dot_edge_lines (fdot, "A", "C");
  g_assert_cmpuint (fe->len, ==, 1);
  g_assert_nonnull (strstr (fe->pdata[0], "forbidden"));
  g_assert_nonnull (strstr (fe->pdata[0], "dotted"));
  g_autoptr (GPtrArray) fab = dot_edge_lines (fdot, "A", "B");
  g_assert_null (strstr (fab->pdata[0], "pending"));

  /* No pending mark when nothing is pending, or the state is unusable. */
  const char *quiet[] = { "", "Stage A", "Stage B and Stage C" };
  for (gsize i = 0; i < G_N_ELEMENTS (quiet); i++)
    {
      g_autoptr (HaloGateReport) q = report_for (HALO_STAGE_A, quiet[i], NULL);
      g_autofree char *qdot = halo_gate_report_to_dot (q);
      g_assert_null (strstr (qdot, "pending"));
      g_autofree char *a = dot_node_line (qdot, "A");
      g_assert_nonnull (strstr (a, "filled"));
    }
  g_autoptr (HaloGateReport) none = halo_gate_report_new ();
  g_autofree char *ndot = halo_gate_report_to_dot (none);
  g_assert_null (strstr (ndot, "pending"));
  g_assert_null (strstr (ndot, "filled"));
}

/* halo_gate_run on files: a temporary project directory as the current one. */
static const HaloGateOptions one_job = { NULL, 1 };

static const char valid_state[]
  = "{\n  \"status_type\": \"LIVE\",\n  \"current_stage\": \"C\",\n"
    "  \"overall_progress_percent\": 70,\n  \"stage_progress_percent\": 100,\n"
    "  \"last_completed_artifact\": \"x\",\n  \"current_task\": \"y\",\n  \"issues\": [],\n"
    "  \"blocking_questions\": [],\n  \"next_step\": \"Stage D\"\n}\n";

typedef struct
{
  char *old_cwd;
  char *dir;
} Project;

static void
project_setup (Project *p, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  p->old_cwd = g_get_current_dir ();
  p->dir = g_dir_make_tmp ("halo-test-gate-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (p->dir), ==, 0);
  g_assert_cmpint (g_mkdir ("progress", 0755), ==, 0);
  g_assert_true (g_file_set_contents ("progress/status.json", valid_state, -1, NULL));
}

static void
project_teardown (Project *p, gconstpointer data)
{
  (void) data;
  g_autoptr (GDir) dir = g_dir_open (".", 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, "progress") != 0)
      g_unlink (name);
  g_unlink ("progress/status.json");
  g_rmdir ("progress");
  g_assert_cmpint (g_chdir (p->old_cwd), ==, 0);
  g_assert_cmpint (g_rmdir (p->dir), ==, 0);
  g_free (p->dir);
  g_free (p->old_cwd);
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A manifest in the original runtime's format for the file @name holding @contents. */
static void
write_manifest (const char *manifest, const char *name, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_digest_init (&error));
  g_autofree char *hex = halo_digest_data (HALO_DIGEST_SHA256, contents, strlen (contents));
  g_autofree char *text = g_strdup_printf ("{\n  \"%s\": \"%s\"\n}", name, hex);
  write_file (manifest, text);
}

static void
assert_verdicts (const HaloGateReport *r, HaloVerdict state, HaloVerdict pending,
                 HaloVerdict crypto, HaloVerdict integrity)
{
  g_assert_cmpstr (halo_verdict_name (r->verdicts[HALO_CHECK_STATE_FILE]), ==,
                   halo_verdict_name (state));
  g_assert_cmpstr (halo_verdict_name (r->verdicts[HALO_CHECK_PENDING]), ==,
                   halo_verdict_name (pending));
  g_assert_cmpstr (halo_verdict_name (r->verdicts[HALO_CHECK_CRYPTO]), ==,
                   halo_verdict_name (crypto));
  g_assert_cmpstr (halo_verdict_name (r->verdicts[HALO_CHECK_INTEGRITY]), ==,
                   halo_verdict_name (integrity));
  for (int i = 0; i < HALO_N_CHECKS; i++)
    if (halo_gate_check_shown (r, i))
      g_assert_cmpuint (r->messages[i]->len, >, 0);
  g_assert_false (halo_gate_check_shown (r, HALO_CHECK_SIGNATURES));
}

static void
test_run_valid (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &one_job);
  assert_verdicts (r, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_SKIP);
  g_assert_true (halo_gate_passed (r));
  g_assert_cmpint (r->stage, ==, HALO_STAGE_C);
  g_assert_true (r->have_decision);
  g_assert_cmpint (r->decision.outcome, ==, HALO_OUTCOME_APPLY);
  g_assert_cmpint (r->decision.to, ==, HALO_STAGE_D);
  g_assert_cmpuint (r->manifests->len, ==, 0);
  g_assert_nonnull (strstr (r->messages[HALO_CHECK_INTEGRITY]->pdata[0], "no manifest"));

  /* A matching manifest passes. */
  write_file ("f.txt", "release\n");
  write_manifest ("release.hashes.json", "f.txt", "release\n");
  g_autoptr (HaloGateReport) m = halo_gate_run ("progress/status.json", &one_job);
  assert_verdicts (m, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS);
  g_assert_cmpuint (m->manifests->len, ==, 1);
}

/* Every check runs, also after an earlier one failed. */
static void
test_run_all_checks (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  write_file ("progress/status.json", "{\"status_type\": \"DEAD\"}\n");
  write_file ("f.txt", "tampered\n");
  write_manifest ("release.hashes.json", "f.txt", "release\n");
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &one_job);
  assert_verdicts (r, HALO_VERDICT_FAIL, HALO_VERDICT_FAIL, HALO_VERDICT_PASS, HALO_VERDICT_FAIL);
  g_assert_false (halo_gate_passed (r));
  g_assert_cmpint (r->stage, ==, HALO_STAGE_NONE);
  g_assert_false (r->have_decision);
  /* Every violation, one message each. */
  g_assert_cmpuint (r->messages[HALO_CHECK_STATE_FILE]->len, >=, 9);
  g_assert_cmpuint (r->manifests->len, ==, 1);
  HaloManifestResult *m = r->manifests->pdata[0];
  g_assert_cmpstr (m->manifest, ==, "release.hashes.json");
  g_assert_cmpint (m->verdict, ==, HALO_VERDICT_FAIL);
  g_assert_cmpstr (m->lines->pdata[0], ==, "MODIFIED f.txt");
}

static void
test_run_blocked (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  g_autofree char *blocked = g_strdup (valid_state);
  char *q = strstr (blocked, "\"blocking_questions\": []");
  g_assert_nonnull (q);
  g_autofree char *text = g_strdup_printf (
    "%.*s\"blocking_questions\": [\"Which one?\"],\n  \"next_step\": \"\"\n}\n", (int) (q - blocked),
    blocked);
  write_file ("progress/status.json", text);
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &one_job);
  assert_verdicts (r, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_SKIP);
  g_assert_cmpstr (r->blocking_question, ==, "Which one?");
  g_autofree char *words = halo_gate_describe_pending (r);
  g_assert_nonnull (strstr (words, "BLOCKED"));
  g_assert_cmpstr (r->messages[HALO_CHECK_PENDING]->pdata[0], ==, words);
}

/* Found manifests in byte order; a bad one fails, the good ones still pass. */
static void
test_run_manifest_order (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  write_file ("f.txt", "release\n");
  write_manifest ("a.hashes.json", "f.txt", "release\n");
  write_manifest ("B.hashes.json", "f.txt", "release\n");
  write_manifest ("_.hashes.json", "f.txt", "other\n");
  write_file ("c.hashes.json", "{}");
  write_file ("not-a-manifest.json", "{}");
  write_file ("d.hashes.json.bak", "{}");
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &one_job);
  static const struct { const char *name; HaloVerdict verdict; } want[] = {
    { "B.hashes.json", HALO_VERDICT_PASS },
    { "_.hashes.json", HALO_VERDICT_FAIL },
    { "a.hashes.json", HALO_VERDICT_PASS },
    { "c.hashes.json", HALO_VERDICT_FAIL },
  };
  g_assert_cmpuint (r->manifests->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < r->manifests->len && i < G_N_ELEMENTS (want); i++)
    {
      HaloManifestResult *m = r->manifests->pdata[i];
      g_assert_cmpstr (m->manifest, ==, want[i].name);
      g_assert_cmpstr (halo_verdict_name (m->verdict), ==, halo_verdict_name (want[i].verdict));
      g_assert_cmpuint (m->lines->len, >, 0);
    }
  g_assert_cmpint (r->verdicts[HALO_CHECK_INTEGRITY], ==, HALO_VERDICT_FAIL);
  g_assert_cmpuint (r->messages[HALO_CHECK_INTEGRITY]->len, ==, G_N_ELEMENTS (want));
}

/* --manifest: only those given, in the order given; a missing one fails. */
static void
test_run_given_manifests (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  write_file ("f.txt", "release\n");
  write_manifest ("z.json", "f.txt", "release\n");
  write_file ("ignored.hashes.json", "{}");
  const char *given[] = { "z.json", "missing.json", NULL };
  HaloGateOptions given_options = { given, 2 };
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &given_options);
  g_assert_cmpuint (r->manifests->len, ==, 2);
  HaloManifestResult *z = r->manifests->pdata[0], *missing = r->manifests->pdata[1];
  g_assert_cmpstr (z->manifest, ==, "z.json");
  g_assert_cmpint (z->verdict, ==, HALO_VERDICT_PASS);
  g_assert_cmpstr (missing->manifest, ==, "missing.json");
  g_assert_cmpint (missing->verdict, ==, HALO_VERDICT_FAIL);
  g_assert_nonnull (strstr (missing->lines->pdata[0], "missing.json"));
  g_assert_cmpint (r->verdicts[HALO_CHECK_INTEGRITY], ==, HALO_VERDICT_FAIL);

  const char *only[] = { "z.json", NULL };
  HaloGateOptions only_options = { only, 0 };
  g_autoptr (HaloGateReport) o = halo_gate_run ("progress/status.json", &only_options);
  g_assert_cmpint (o->verdicts[HALO_CHECK_INTEGRITY], ==, HALO_VERDICT_PASS);
  g_assert_true (halo_gate_passed (o));
}

/* --require-manifest, --no-integrity, --dot (state only), --strict. */
static void
test_run_options (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  HaloGateOptions require = { NULL, 1, FALSE, TRUE };
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &require);
  assert_verdicts (r, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_FAIL);
  g_assert_nonnull (strstr (r->messages[HALO_CHECK_INTEGRITY]->pdata[0], "--require-manifest"));

  write_file ("f.txt", "tampered\n");
  write_manifest ("release.hashes.json", "f.txt", "release\n");
  HaloGateOptions none = { NULL, 1, FALSE, FALSE, TRUE };
  g_autoptr (HaloGateReport) n = halo_gate_run ("progress/status.json", &none);
  assert_verdicts (n, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_SKIP);
  g_assert_cmpuint (n->manifests->len, ==, 0);
  g_assert_nonnull (strstr (n->messages[HALO_CHECK_INTEGRITY]->pdata[0], "--no-integrity"));

  HaloGateOptions dot = { NULL, 1, FALSE, FALSE, FALSE, TRUE };
  g_autoptr (HaloGateReport) d = halo_gate_run ("progress/status.json", &dot);
  assert_verdicts (d, HALO_VERDICT_PASS, HALO_VERDICT_PASS, HALO_VERDICT_SKIP, HALO_VERDICT_SKIP);
  g_assert_true (halo_gate_passed (d));
  g_assert_cmpuint (d->manifests->len, ==, 0);
  g_assert_true (d->have_decision);

  /* The tampered file fails the default run; the failure is described. */
  g_autoptr (HaloGateReport) f = halo_gate_run ("progress/status.json", &one_job);
  g_autofree char *why = halo_gate_describe_failures (f, 10);
  g_assert_cmpstr (why, ==, "integrity: FAIL release.hashes.json\n"
                            "integrity: MODIFIED f.txt\n"
                            "integrity: Integrity FAILED: 1 of 1 file (1 modified)");
  g_autoptr (HaloGateReport) ok = halo_gate_run ("progress/status.json", &none);
  g_assert_null (halo_gate_describe_failures (ok, 10));

  /* --strict: the file not listed is ADDED; the manifest itself is not. */
  write_file ("f.txt", "release\n");
  write_file ("extra.txt", "slipped in\n");
  HaloGateOptions strict = { NULL, 1, TRUE };
  g_autoptr (HaloGateReport) s = halo_gate_run ("progress/status.json", &strict);
  g_assert_cmpint (s->verdicts[HALO_CHECK_INTEGRITY], ==, HALO_VERDICT_FAIL);
  HaloManifestResult *m = s->manifests->pdata[0];
  g_assert_nonnull (m->report);
  g_assert_cmpuint (m->report->n_added, >=, 1);
  gboolean found = FALSE;
  for (guint i = 0; i < m->lines->len; i++)
    {
      g_assert_cmpstr (m->lines->pdata[i], !=, "ADDED release.hashes.json");
      found |= g_strcmp0 (m->lines->pdata[i], "ADDED extra.txt") == 0;
    }
  g_assert_true (found);
  g_autoptr (HaloGateReport) lax = halo_gate_run ("progress/status.json", &one_job);
  g_assert_cmpint (lax->verdicts[HALO_CHECK_INTEGRITY], ==, HALO_VERDICT_PASS);
}

/* Without -v, at most N problem lines and how many more; with -v all, with digests. */
static void
test_result_lines (Project *p, gconstpointer data)
{
  (void) p, (void) data;
  g_autoptr (GString) manifest = g_string_new ("{\n");
  for (int i = 0; i < 13; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%02d", i);
      write_file (name, "now\n");
      g_string_append_printf (manifest, "%s  \"%s\": \"%064d\"", i ? ",\n" : "", name, 0);
    }
  g_string_append (manifest, "\n}");
  write_file ("release.hashes.json", manifest->str);
  g_autoptr (HaloGateReport) r = halo_gate_run ("progress/status.json", &one_job);
  HaloManifestResult *m = r->manifests->pdata[0];
  g_autoptr (GPtrArray) few = halo_manifest_result_lines (m, FALSE, 10);
  g_assert_cmpuint (few->len, ==, 12);
  g_assert_cmpstr (few->pdata[0], ==, "MODIFIED f00");
  g_assert_cmpstr (few->pdata[10], ==, "… and 3 more problems (-v lists them all)");
  g_assert_cmpstr (few->pdata[11], ==, "Integrity FAILED: 13 of 13 files (13 modified)");
  g_autoptr (GPtrArray) all = halo_manifest_result_lines (m, TRUE, 10);
  g_assert_cmpuint (all->len, ==, 14);
  g_autofree char *now = halo_digest_data (HALO_DIGEST_SHA256, "now\n", 4);
  g_autofree char *want = g_strdup_printf ("MODIFIED f12: expected sha256:%064d, actual sha256:%s, 4 bytes", 0, now);
  g_assert_cmpstr (all->pdata[12], ==, want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/gate/names", test_names);
  g_test_add_func ("/gate/pipeline-line", test_pipeline_line);
  g_test_add_func ("/gate/describe-pending", test_describe_pending);
  g_test_add_func ("/gate/passed", test_passed);
  g_test_add_func ("/gate/json", test_json);
  g_test_add_func ("/gate/json-outcomes", test_json_outcomes);
  g_test_add_func ("/gate/dot", test_dot);
  g_test_add ("/gate/run/valid", Project, NULL, project_setup, test_run_valid, project_teardown);
  g_test_add ("/gate/run/all-checks", Project, NULL, project_setup, test_run_all_checks,
              project_teardown);
  g_test_add ("/gate/run/blocked", Project, NULL, project_setup, test_run_blocked,
              project_teardown);
  g_test_add ("/gate/run/manifest-order", Project, NULL, project_setup, test_run_manifest_order,
              project_teardown);
  g_test_add ("/gate/run/given-manifests", Project, NULL, project_setup,
              test_run_given_manifests, project_teardown);
  g_test_add ("/gate/run/options", Project, NULL, project_setup, test_run_options,
              project_teardown);
  g_test_add ("/gate/run/result-lines", Project, NULL, project_setup, test_result_lines,
              project_teardown);
  return g_test_run ();
}
