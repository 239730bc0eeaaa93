/* halo-gate-output.c: halo-check's report as JSON and as a Graphviz graph (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "halo-gate.h"
#include "halo-json.h"

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
    case HALO_OUTCOME_APPLY:
      return "allowed";
    case HALO_OUTCOME_NO_TARGET:
      return "no-target";
    case HALO_OUTCOME_ALREADY_THERE:
      return "already-there";
    case HALO_OUTCOME_FORBIDDEN:
      return "forbidden";
    case HALO_OUTCOME_AMBIGUOUS:
      return "ambiguous";
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
              if (m->report)
                {
                  halo_verify_report_add_json (m->report, mo);
                  g_autofree char *summary = halo_verify_report_summary (m->report);
                  set_string_member (mo, "message", summary);
                }
              else
                {
                  g_autoptr (GString) why = g_string_new (NULL);
                  for (guint l = 0; l < m->lines->len; l++)
                    g_string_append_printf (why, "%s%s", l ? "\n" : "",
                                            (const char *) m->lines->pdata[l]);
                  set_string_member (mo, "message", why->str);
                }
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
  gboolean has_pending
    = r->have_decision && r->decision.to != HALO_STAGE_NONE && r->decision.to != r->decision.from;
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
