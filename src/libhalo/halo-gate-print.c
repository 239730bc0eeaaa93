/* halo-gate-print.c: halo-check's report for a terminal, --history, --dot on stdout (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-error.h"
#include "halo-gate.h"
#include "halo-text.h"

/* Problem lines shown under a failed manifest without -v. */
#define MAX_PROBLEMS 10

typedef struct
{
  gboolean color;
  gboolean utf8;
} Style;

static const char *
paint (const Style *style, HaloVerdict v)
{
  if (!style->color)
    return "";
  return v == HALO_VERDICT_PASS ? "\033[32m" : v == HALO_VERDICT_FAIL ? "\033[1;31m" : "\033[33m";
}

/* The keyword, coloured; the colour codes are the only control characters
 * written raw, everything else goes through halo_cli_print. */
static void
print_keyword (const Style *style, HaloVerdict v, gboolean padded)
{
  fputs (paint (style, v), stdout);
  halo_cli_print (padded ? "%-4s" : "%s", halo_verdict_name (v));
  fputs (style->color ? "\033[0m" : "", stdout);
}

static void
print_verdict_line (const Style *style, HaloVerdict v, const char *what, const char *detail)
{
  print_keyword (style, v, TRUE);
  halo_cli_print ("  %s", what);
  if (detail)
    halo_cli_print (": %s", detail);
  halo_cli_print ("\n");
}

static void
print_report (const HaloGateReport *r, gboolean verbose, const Style *style)
{
  if (r->stage != HALO_STAGE_NONE)
    {
      g_autofree char *line = halo_gate_pipeline_line (r->stage, style->utf8);
      halo_cli_print (_ ("Pipeline: %s\n"), line);
    }
  g_autofree char *pending = halo_gate_describe_pending (r);
  halo_cli_print (_ ("Pending:  %s\n"), pending);
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      GPtrArray *msgs = r->messages[i];
      if (!halo_gate_check_shown (r, i))
        continue;
      if (i == HALO_CHECK_INTEGRITY && r->manifests->len > 0)
        {
          print_verdict_line (style, r->verdicts[i], halo_check_name (i), NULL);
          for (guint k = 0; k < r->manifests->len; k++)
            {
              HaloManifestResult *m = r->manifests->pdata[k];
              halo_cli_print ("      ");
              print_keyword (style, m->verdict, FALSE);
              g_autofree char *name = halo_text_escape (m->manifest);
              halo_cli_print (" %s\n", name);
              g_autoptr (GPtrArray) lines = halo_manifest_result_lines (m, verbose, MAX_PROBLEMS);
              for (guint l = 0; l < lines->len; l++)
                halo_cli_print ("        %s\n", (const char *) lines->pdata[l]);
            }
          continue;
        }
      if (i == HALO_CHECK_HISTORY && verbose && r->history && r->history->notes->len)
        {
          /* -v: every finding of the walk, after the summary. */
          print_verdict_line (style, r->verdicts[i], halo_check_name (i), NULL);
          for (guint l = 0; l < msgs->len; l++)
            halo_cli_print ("        %s\n", (const char *) msgs->pdata[l]);
          for (guint l = 0; l < r->history->notes->len; l++)
            halo_cli_print ("        %s\n", (const char *) r->history->notes->pdata[l]);
          continue;
        }
      if (msgs->len == 1)
        print_verdict_line (style, r->verdicts[i], halo_check_name (i), msgs->pdata[0]);
      else
        {
          print_verdict_line (style, r->verdicts[i], halo_check_name (i), NULL);
          for (guint l = 0; l < msgs->len; l++)
            halo_cli_print ("        %s\n", (const char *) msgs->pdata[l]);
        }
    }
  guint failed = 0, skipped = 0;
  for (int i = 0; i < HALO_N_CHECKS; i++)
    {
      failed += r->verdicts[i] == HALO_VERDICT_FAIL;
      skipped += r->verdicts[i] == HALO_VERDICT_SKIP;
    }
  if (failed)
    halo_cli_print (_ ("Verdict: FAIL (%u of %u checks failed)\n"), failed, halo_gate_n_shown (r));
  else
    halo_cli_print (_ ("Verdict: PASS (%u passed, %u skipped)\n"), halo_gate_n_shown (r) - skipped,
                    skipped);
}

int
halo_gate_print_history (const HaloGateReport *r, gboolean json)
{
  g_autofree char *table = json ? halo_gate_history_table_json (r) : halo_gate_history_table (r);
  if (json)
    fputs (table, stdout);
  else
    halo_cli_print ("%s", table);
  HaloVerdict v = r->verdicts[HALO_CHECK_HISTORY];
  if (v != HALO_VERDICT_PASS && r->messages[HALO_CHECK_HISTORY]->len > 0)
    halo_cli_error (r->messages[HALO_CHECK_HISTORY]->pdata[0]);
  return v == HALO_VERDICT_FAIL ? HALO_EXIT_NEGATIVE : HALO_EXIT_OK;
}

int
halo_gate_print_dot (const HaloGateReport *report)
{
  g_autofree char *dot = halo_gate_report_to_dot (report);
  fputs (dot, stdout);
  if (report->verdicts[HALO_CHECK_STATE_FILE] != HALO_VERDICT_FAIL)
    return HALO_EXIT_OK;
  for (guint i = 0; i < report->messages[HALO_CHECK_STATE_FILE]->len; i++)
    halo_cli_error (report->messages[HALO_CHECK_STATE_FILE]->pdata[i]);
  return HALO_EXIT_NEGATIVE;
}

int
halo_gate_print (const HaloGateReport *report, const HaloCliCommon *common)
{
  if (common->json)
    {
      g_autofree char *json = halo_gate_report_to_json (report);
      fputs (json, stdout);
    }
  else if (!common->quiet)
    {
      Style style = { halo_cli_use_color (STDOUT_FILENO), halo_text_locale_is_utf8 () };
      print_report (report, common->verbose, &style);
    }
  return halo_gate_passed (report) ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
}
