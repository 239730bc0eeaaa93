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
    case HALO_CHECK_STATE_FILE: return _("state file");
    case HALO_CHECK_PENDING: return _("pending transition");
    case HALO_CHECK_CRYPTO: return _("crypto self-test");
    case HALO_CHECK_INTEGRITY: return _("integrity");
    case HALO_CHECK_HISTORY: return _("history");
    case HALO_CHECK_SIGNATURES: return _("signatures");
    case HALO_N_CHECKS: break;
    }
  return NULL;
}

const char *
halo_check_key (HaloCheckId id)
{
  static const char *const keys[] = { "state-file", "pending-transition", "crypto-self-test",
                                      "integrity", "history", "signatures" };
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
           g_strdup_printf (_("cannot tell: %s is not a valid state file"), status_path));
      return;
    }
  r->verdicts[HALO_CHECK_STATE_FILE] = HALO_VERDICT_PASS;
  say (r, HALO_CHECK_STATE_FILE, g_strdup_printf (_("%s is valid"), status_path));

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
           g_strdup (_("libgcrypt self-test and SHA-256 known answer passed")));
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
verify_one (const char *path, guint jobs)
{
  HaloManifestResult *m = g_new0 (HaloManifestResult, 1);
  m->manifest = g_strdup (path);
  m->lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloVerifyReport) vr = halo_manifest_verify_file (path, jobs, &error);
  if (vr == NULL)
    {
      m->verdict = HALO_VERDICT_FAIL;
      say_lines (m->lines, error->message);
      return m;
    }
  m->verdict = vr->n_ok == vr->n_files ? HALO_VERDICT_PASS : HALO_VERDICT_FAIL;
  for (guint i = 0; i < vr->lines->len; i++)
    g_ptr_array_add (m->lines, g_strdup (vr->lines->pdata[i]));
  g_ptr_array_add (m->lines, halo_verify_report_summary (vr));
  return m;
}

static void
check_integrity (HaloGateReport *r, const char *const *manifests, guint jobs)
{
  g_autoptr (GPtrArray) found = NULL;
  if (manifests == NULL || manifests[0] == NULL)
    {
      found = find_manifests ();
      g_ptr_array_add (found, NULL);
      manifests = (const char *const *) found->pdata;
    }
  if (manifests[0] == NULL)
    {
      r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_SKIP;
      say (r, HALO_CHECK_INTEGRITY,
           g_strdup (_("no manifest: none given with --manifest and no *.hashes.json in the "
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
        m = verify_one (manifests[i], jobs);
      else
        {
          m = g_new0 (HaloManifestResult, 1);
          m->manifest = g_strdup (manifests[i]);
          m->lines = g_ptr_array_new_with_free_func (g_free);
          m->verdict = HALO_VERDICT_FAIL;
          g_ptr_array_add (m->lines, g_strdup (error->message));
        }
      if (m->verdict == HALO_VERDICT_FAIL)
        r->verdicts[HALO_CHECK_INTEGRITY] = HALO_VERDICT_FAIL;
      say (r, HALO_CHECK_INTEGRITY,
           g_strdup_printf ("%s %s", halo_verdict_name (m->verdict), m->manifest));
      g_ptr_array_add (r->manifests, m);
    }
}

HaloGateReport *
halo_gate_run (const char *status_path, const char *const *manifests, guint jobs)
{
  HaloGateReport *r = halo_gate_report_new ();
  check_state (r, status_path);
  check_crypto (r);
  check_integrity (r, manifests, jobs);
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
    return g_strdup (_("unknown: the state file is not valid"));
  const HaloDecision *d = &r->decision;
  const char *to = halo_stage_name (d->to);
  switch (d->outcome)
    {
    case HALO_OUTCOME_APPLY:
      return g_strdup_printf (_("next_step asks for Stage %s: %s -> %s is allowed"), to,
                              halo_stage_name (d->from), to);
    case HALO_OUTCOME_ALREADY_THERE:
      return g_strdup_printf (_("next_step asks for Stage %s: already there, nothing to do"), to);
    case HALO_OUTCOME_FORBIDDEN:
      {
        g_autofree char *why = halo_decision_describe (d, NULL);
        return g_strdup_printf (_("next_step asks for Stage %s: %s"), to, why);
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

static HaloJson *
string_array (GPtrArray *lines)
{
  HaloJson *a = halo_json_new_array ();
  for (guint i = 0; i < lines->len; i++)
    halo_json_array_append (a, halo_json_new_string (lines->pdata[i]));
  return a;
}

static const char *
pending_outcome_key (HaloOutcome o)
{
  switch (o)
    {
    case HALO_OUTCOME_APPLY: return "allowed";
    case HALO_OUTCOME_NO_TARGET: return "no-target";
    case HALO_OUTCOME_ALREADY_THERE: return "already-there";
    case HALO_OUTCOME_FORBIDDEN: return "forbidden";
    case HALO_OUTCOME_AMBIGUOUS: return "ambiguous";
    }
  return "forbidden";
}

static void
set_string_member (HaloJson *o, const char *name, const char *value)
{
  halo_json_object_set (o, name, value ? halo_json_new_string (value) : halo_json_new_null ());
}

char *
halo_gate_report_to_json (const HaloGateReport *r)
{
  g_autoptr (HaloJson) o = halo_json_new_object ();
  set_string_member (o, "verdict", halo_gate_passed (r) ? "PASS" : "FAIL");
  set_string_member (o, "stage", halo_stage_name (r->stage));
  g_autofree char *line
    = r->stage != HALO_STAGE_NONE ? halo_gate_pipeline_line (r->stage, FALSE) : NULL;
  set_string_member (o, "pipeline", line);
  if (r->have_decision)
    {
      HaloJson *p = halo_json_new_object ();
      set_string_member (p, "outcome", pending_outcome_key (r->decision.outcome));
      set_string_member (p, "from", halo_stage_name (r->decision.from));
      set_string_member (p, "to", halo_stage_name (r->decision.to));
      g_autofree char *words = halo_gate_describe_pending (r);
      set_string_member (p, "message", words);
      set_string_member (p, "blocking_question", r->blocking_question);
      halo_json_object_set (o, "pending", p);
    }
  else
    halo_json_object_set (o, "pending", halo_json_new_null ());
  HaloJson *checks = halo_json_new_array ();
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      if (!halo_gate_check_shown (r, i))
        continue;
      HaloJson *c = halo_json_new_object ();
      set_string_member (c, "name", halo_check_key (i));
      set_string_member (c, "verdict", halo_verdict_name (r->verdicts[i]));
      halo_json_object_set (c, "messages", string_array (r->messages[i]));
      if (i == HALO_CHECK_INTEGRITY)
        {
          HaloJson *ms = halo_json_new_array ();
          for (guint k = 0; k < r->manifests->len; k++)
            {
              HaloManifestResult *m = r->manifests->pdata[k];
              HaloJson *mo = halo_json_new_object ();
              set_string_member (mo, "manifest", m->manifest);
              set_string_member (mo, "verdict", halo_verdict_name (m->verdict));
              halo_json_object_set (mo, "messages", string_array (m->lines));
              halo_json_array_append (ms, mo);
            }
          halo_json_object_set (c, "manifests", ms);
        }
      if (i == HALO_CHECK_HISTORY)
        halo_json_object_set (c, "details", halo_gate_history_details (r));
      halo_json_array_append (checks, c);
    }
  halo_json_object_set (o, "checks", checks);
  GString *out = g_string_new (NULL);
  halo_json_append (out, o, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
halo_gate_report_to_dot (const HaloGateReport *r)
{
  GString *s = g_string_new ("digraph halo {\n"
                             "  rankdir=LR;\n"
                             "  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n"
                             "  edge [fontname=\"sans-serif\", fontsize=10];\n");
  for (int i = 0; i < HALO_N_STAGES; i++)
    {
      if (i == (int) r->stage)
        g_string_append_printf (s,
                                "  \"%s\" [style=\"rounded,filled,bold\", fillcolor=\"lightblue\", "
                                "xlabel=\"current\"];\n",
                                halo_stage_name (i));
      else
        g_string_append_printf (s, "  \"%s\";\n", halo_stage_name (i));
    }
  gboolean pending_drawn = FALSE;
  gboolean has_pending = r->have_decision && r->decision.to != HALO_STAGE_NONE
                         && r->decision.to != r->decision.from;
  gsize n;
  const HaloTransition *t = halo_transitions (&n);
  for (gsize i = 0; i < n; i++)
    {
      gboolean forward = t[i].kind == HALO_MOVE_FORWARD;
      gboolean pending = has_pending && t[i].from == r->decision.from && t[i].to == r->decision.to;
      g_string_append_printf (s, "  \"%s\" -> \"%s\" [label=\"%s%s\"%s%s];\n",
                              halo_stage_name (t[i].from), halo_stage_name (t[i].to),
                              forward ? "forward" : "return", pending ? " (pending)" : "",
                              forward ? "" : ", style=dashed, constraint=false",
                              pending ? ", color=\"darkgreen\", penwidth=2.5" : "");
      pending_drawn |= pending;
    }
  if (has_pending && !pending_drawn)
    g_string_append_printf (s,
                            "  \"%s\" -> \"%s\" [label=\"forbidden (pending)\", style=dotted, "
                            "color=\"red\", penwidth=2, constraint=false];\n",
                            halo_stage_name (r->decision.from), halo_stage_name (r->decision.to));
  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}
