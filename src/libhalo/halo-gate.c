/* halo-gate.c: the pre-run gate's checks and report (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-gate.h"
#include "halo-json.h"
#include "halo-text.h"
#include "halo-manifest.h"
#include "halo-status.h"
#include "halo-walk.h"

#define MANIFEST_SUFFIX ".hashes.json"

static void
manifest_result_free (gpointer p)
{
  HaloManifestResult *m = p;
  g_free (m->manifest);
  g_ptr_array_unref (m->lines);
  halo_verify_report_free (m->report);
  g_free (m);
}

HaloGateReport *
halo_gate_report_new (void)
{
  HaloGateReport *r = g_new0 (HaloGateReport, 1);
  for (int i = 0; i < HALO_N_CHECKS; i++)
    r->messages[i] = g_ptr_array_new_with_free_func (g_free);
  r->manifests = g_ptr_array_new_with_free_func (manifest_result_free);
  r->stage = HALO_STAGE_NONE;
  return r;
}

void
halo_gate_report_free (HaloGateReport *r)
{
  for (int i = 0; i < HALO_N_CHECKS; i++)
    g_ptr_array_unref (r->messages[i]);
  g_ptr_array_unref (r->manifests);
  g_free (r->blocking_question);
  g_free (r->next_step);
  g_free (r->history_path);
  halo_history_scan_free (r->history);
  g_free (r);
}

const char *
halo_check_name (HaloCheckId id)
{
  switch (id)
    {
    case HALO_CHECK_STATE_FILE:
      return _ ("state file");
    case HALO_CHECK_PENDING:
      return _ ("pending transition");
    case HALO_CHECK_CRYPTO:
      return _ ("crypto self-test");
    case HALO_CHECK_INTEGRITY:
      return _ ("integrity");
    case HALO_CHECK_HISTORY:
      return _ ("history");
    case HALO_CHECK_SIGNATURES:
      return _ ("signatures");
    case HALO_N_CHECKS:
      break;
    }
  return NULL;
}

const char *
halo_check_key (HaloCheckId id)
{
  static const char *const keys[] = { "state-file",       "pending-transition",
                                      "crypto-self-test", "integrity",
                                      "history",          "signatures" };
  return id < HALO_N_CHECKS ? keys[id] : NULL;
}

const char *
halo_verdict_name (HaloVerdict v)
{
  return v == HALO_VERDICT_PASS ? "PASS" : v == HALO_VERDICT_FAIL ? "FAIL" : "SKIP";
}

static void
say (HaloGateReport *r, HaloCheckId id, char *line)
{
  g_ptr_array_add (r->messages[id], line);
}

static void
say_lines (GPtrArray *into, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_ptr_array_add (into, g_strdup (lines[i]));
}

static void
check_state (HaloGateReport *r, const char *status_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) status = halo_status_load (status_path, &error);
  if (status == NULL)
    {
      r->verdicts[HALO_CHECK_STATE_FILE] = HALO_VERDICT_FAIL;
      say_lines (r->messages[HALO_CHECK_STATE_FILE], error->message);
      r->verdicts[HALO_CHECK_PENDING] = HALO_VERDICT_FAIL;
      say (r, HALO_CHECK_PENDING,
           g_strdup_printf (_ ("cannot tell: %s is not a valid state file"), status_path));
      return;
    }
  r->verdicts[HALO_CHECK_STATE_FILE] = HALO_VERDICT_PASS;
  say (r, HALO_CHECK_STATE_FILE, g_strdup_printf (_ ("%s is valid"), status_path));

  r->stage = halo_status_get_stage (status);
  r->decision = halo_runner_decide (r->stage, halo_status_get_next_step (status));
  r->have_decision = TRUE;
  r->verdicts[HALO_CHECK_PENDING]
    = halo_decision_succeeds (&r->decision) ? HALO_VERDICT_PASS : HALO_VERDICT_FAIL;
  r->blocking_question = g_strdup (halo_status_get_blocking_question (status));
  r->next_step = g_strdup (halo_status_get_next_step (status));
  say (r, HALO_CHECK_PENDING, halo_gate_describe_pending (r));
  /* An allowed move that halo-run could not write (the new state too large)
   * would not succeed either. */
  if (r->decision.outcome == HALO_OUTCOME_APPLY)
    {
      g_autoptr (GBytes) bytes = halo_status_apply (status, r->decision.to, status_path, &error);
      if (bytes == NULL)
        {
          r->verdicts[HALO_CHECK_PENDING] = HALO_VERDICT_FAIL;
          say_lines (r->messages[HALO_CHECK_PENDING], error->message);
        }
    }
}

static void
check_crypto (HaloGateReport *r)
{
  g_autoptr (GError) error = NULL;
  if (halo_digest_init (&error) && halo_digest_self_test (&error))
    {
      r->verdicts[HALO_CHECK_CRYPTO] = HALO_VERDICT_PASS;
      say (r, HALO_CHECK_CRYPTO,
           g_strdup (_ ("libgcrypt self-test and SHA-256 known answer passed")));
    }
  else
    {
      r->verdicts[HALO_CHECK_CRYPTO] = HALO_VERDICT_FAIL;
      say_lines (r->messages[HALO_CHECK_CRYPTO], error->message);
    }
}

static gint
compare_bytes (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every *.hashes.json in the root, in byte order. */
static GPtrArray *
find_manifests (void)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (".", 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, MANIFEST_SUFFIX) && strcmp (name, MANIFEST_SUFFIX) != 0)
      g_ptr_array_add (found, g_strdup (name));
  g_ptr_array_sort (found, compare_bytes);
  return found;
}

static HaloManifestResult *
manifest_result_new (const char *path)
{
  HaloManifestResult *m = g_new0 (HaloManifestResult, 1);
  m->manifest = g_strdup (path);
  m->lines = g_ptr_array_new_with_free_func (g_free);
  m->verdict = HALO_VERDICT_FAIL;
  return m;
}

static HaloManifestResult *
verify_one (const char *path, const HaloGateOptions *o)
{
  HaloManifestResult *m = manifest_result_new (path);
  g_autoptr (GError) error = NULL;
  HaloVerifyOptions vo = { o->jobs, o->strict };
  m->report = halo_verify_file (path, &vo, &error);
  if (m->report == NULL)
    {
      say_lines (m->lines, error->message);
      return m;
    }
  m->verdict = halo_verify_report_ok (m->report) ? HALO_VERDICT_PASS : HALO_VERDICT_FAIL;
  for (guint i = 0; i < m->report->problems->len; i++)
    g_ptr_array_add (m->lines, halo_verify_problem_line (m->report->problems->pdata[i], FALSE));
  g_ptr_array_add (m->lines, halo_verify_report_summary (m->report));
  return m;
}

static void
check_integrity (HaloGateReport *r, const HaloGateOptions *o)
{
  if (o->no_integrity)
    {
      r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_SKIP;
      say (r, HALO_CHECK_INTEGRITY, g_strdup (_ ("not checked: --no-integrity")));
      return;
    }
  const char *const *manifests = o->manifests;
  g_autoptr (GPtrArray) found = NULL;
  if (manifests == NULL || manifests[0] == NULL)
    {
      found = find_manifests ();
      g_ptr_array_add (found, NULL);
      manifests = (const char *const *) found->pdata;
    }
  if (manifests[0] == NULL)
    {
      r->verdicts[HALO_CHECK_INTEGRITY]
        = o->require_manifest ? HALO_VERDICT_FAIL : HALO_VERDICT_SKIP;
      say (r, HALO_CHECK_INTEGRITY,
           g_strdup (o->require_manifest
                       ? _ ("no manifest, and --require-manifest asks for one: none given with "
                            "--manifest and no *.hashes.json in the project root")
                       : _ ("no manifest: none given with --manifest and no *.hashes.json in the "
                            "project root")));
      return;
    }
  /* Hashing needs libgcrypt even when its self-test failed to say why. */
  g_autoptr (GError) error = NULL;
  gboolean crypto = halo_digest_init (&error);
  r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_PASS;
  for (guint i = 0; manifests[i]; i++)
    {
      HaloManifestResult *m;
      if (crypto)
        m = verify_one (manifests[i], o);
      else
        {
          m = manifest_result_new (manifests[i]);
          g_ptr_array_add (m->lines, g_strdup (error->message));
        }
      if (m->verdict == HALO_VERDICT_FAIL)
        r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_FAIL;
      say (r, HALO_CHECK_INTEGRITY,
           g_strdup_printf ("%s %s", halo_verdict_name (m->verdict), m->manifest));
      g_ptr_array_add (r->manifests, m);
    }
}

/* --dot draws from the state file alone: the other checks do not run. */
static void
skip_for_dot (HaloGateReport *r, HaloCheckId id)
{
  r->verdicts[id] = HALO_VERDICT_SKIP;
  say (r, id, g_strdup (_ ("not run: --dot reads the state file alone")));
}

HaloGateReport *
halo_gate_run (const char *status_path, const HaloGateOptions *options)
{
  static const HaloGateOptions defaults = { 0 };
  const HaloGateOptions *o = options ? options : &defaults;
  HaloGateReport *r = halo_gate_report_new ();
  check_state (r, status_path);
  if (o->state_only)
    {
      skip_for_dot (r, HALO_CHECK_CRYPTO);
      skip_for_dot (r, HALO_CHECK_INTEGRITY);
      skip_for_dot (r, HALO_CHECK_HISTORY);
      return r;
    }
  check_crypto (r);
  check_integrity (r, o);
  halo_gate_check_history (r, status_path);
  return r;
}

gboolean
halo_gate_check_shown (const HaloGateReport *r, HaloCheckId id)
{
  return id != HALO_CHECK_SIGNATURES || r->signatures_checked;
}

guint
halo_gate_n_shown (const HaloGateReport *r)
{
  guint n = 0;
  for (int i = 0; i < HALO_N_CHECKS; i++)
    n += halo_gate_check_shown (r, i);
  return n;
}

gboolean
halo_gate_passed (const HaloGateReport *r)
{
  for (int i = 0; i < HALO_N_CHECKS; i++)
    if (r->verdicts[i] == HALO_VERDICT_FAIL)
      return FALSE;
  return TRUE;
}

GPtrArray *
halo_manifest_result_lines (const HaloManifestResult *m, gboolean verbose, guint max_problems)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  if (m->report == NULL)
    {
      for (guint i = 0; i < m->lines->len; i++)
        g_ptr_array_add (lines, g_strdup (m->lines->pdata[i]));
      return lines;
    }
  GPtrArray *problems = m->report->problems;
  guint shown = verbose ? problems->len : MIN (problems->len, max_problems);
  for (guint i = 0; i < shown; i++)
    g_ptr_array_add (lines, halo_verify_problem_line (problems->pdata[i], verbose));
  if (shown < problems->len)
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("… and %u more problem (-v lists them all)",
                                                       "… and %u more problems (-v lists them all)",
                                                       problems->len - shown),
                                             problems->len - shown));
  g_ptr_array_add (lines, halo_verify_report_summary (m->report));
  return lines;
}

char *
halo_gate_describe_failures (const HaloGateReport *r, guint max_problems)
{
  if (halo_gate_passed (r))
    return NULL;
  GString *s = g_string_new (NULL);
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      if (r->verdicts[i] != HALO_VERDICT_FAIL)
        continue;
      const char *name = halo_check_name (i);
      if (i == HALO_CHECK_INTEGRITY && r->manifests->len > 0)
        for (guint k = 0; k < r->manifests->len; k++)
          {
            const HaloManifestResult *m = r->manifests->pdata[k];
            if (m->verdict != HALO_VERDICT_FAIL)
              continue;
            g_string_append_printf (s, "%s: FAIL %s\n", name, m->manifest);
            g_autoptr (GPtrArray) lines = halo_manifest_result_lines (m, FALSE, max_problems);
            for (guint l = 0; l < lines->len; l++)
              g_string_append_printf (s, "%s: %s\n", name, (const char *) lines->pdata[l]);
          }
      else
        for (guint l = 0; l < r->messages[i]->len; l++)
          g_string_append_printf (s, "%s: %s\n", name, (const char *) r->messages[i]->pdata[l]);
    }
  if (s->len > 0)
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

char *
halo_gate_pipeline_line (HaloStage current, gboolean utf8)
{
  GString *s = g_string_new (NULL);
  for (int i = 0; i < HALO_N_STAGES; i++)
    {
      if (i > 0)
        g_string_append (s, utf8 ? " → " : " -> ");
      if (i == (int) current)
        g_string_append_printf (s, "[%s]", halo_stage_name (i));
      else
        g_string_append (s, halo_stage_name (i));
    }
  return g_string_free (s, FALSE);
}

char *
halo_gate_describe_pending (const HaloGateReport *r)
{
  if (!r->have_decision)
    return g_strdup (_ ("unknown: the state file is not valid"));
  const HaloDecision *d = &r->decision;
  const char *to = halo_stage_name (d->to);
  switch (d->outcome)
    {
    case HALO_OUTCOME_APPLY:
      return g_strdup_printf (_ ("next_step asks for Stage %s: %s -> %s is allowed"), to,
                              halo_stage_name (d->from), to);
    case HALO_OUTCOME_ALREADY_THERE:
      return g_strdup_printf (_ ("next_step asks for Stage %s: already there, nothing to do"), to);
    case HALO_OUTCOME_FORBIDDEN:
      {
        g_autofree char *why = halo_decision_describe (d, NULL);
        return g_strdup_printf (_ ("next_step asks for Stage %s: %s"), to, why);
      }
    case HALO_OUTCOME_NO_TARGET:
      {
        /* Shown on a terminal: visible escapes (the JSON report has the
         * question verbatim in its own member). */
        g_autofree char *question
          = r->blocking_question ? halo_text_escape (r->blocking_question) : NULL;
        g_autofree char *next_step = r->next_step ? halo_text_escape (r->next_step) : NULL;
        return halo_decision_describe_step (d, question, next_step);
      }
    case HALO_OUTCOME_AMBIGUOUS:
      break;
    }
  return halo_decision_describe (d, NULL);
}
