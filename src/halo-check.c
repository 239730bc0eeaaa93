/* halo-check: the pre-run gate — would a run succeed, and is the release intact (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-error.h"
#include "halo-gate.h"
#include "halo-sign.h"
#include "halo-status.h"
#include "halo-text.h"

static char **opt_manifests;
static gboolean opt_dot;
static char *opt_public_key;
static char *opt_public_key_string;
static gboolean opt_history;
static gboolean opt_require_history;
static gboolean opt_strict;
static gboolean opt_require_manifest;
static gboolean opt_no_integrity;

/* Problem lines shown under a failed manifest without -v. */
#define MAX_PROBLEMS 10

static const GOptionEntry check_entries[] = {
  { "manifest", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_manifests,
    N_("Verify FILE (repeatable); default: every *.hashes.json in the project root"),
    N_("FILE") },
  { "dot", 0, 0, G_OPTION_ARG_NONE, &opt_dot,
    N_("Print the stage graph in Graphviz DOT, current stage and pending move marked"), NULL },
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_public_key,
    N_("Also check that every manifest and the signed history head carry a valid signature "
       "by the minisign or signify public key in FILE"),
    N_("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &opt_public_key_string,
    N_("The same with the public key given as its base64 line"), N_("B64") },
  { "history", 0, 0, G_OPTION_ARG_NONE, &opt_history,
    N_("Print the transition history as a table (with --json, an array) instead of the checks"),
    NULL },
  { "require-history", 0, 0, G_OPTION_ARG_NONE, &opt_require_history,
    N_("Fail the history check when there is no progress/history.jsonl"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_("Integrity: also report files in the root that a manifest does not list, as ADDED"),
    NULL },
  { "require-manifest", 0, 0, G_OPTION_ARG_NONE, &opt_require_manifest,
    N_("Integrity: no manifest is a FAIL, not a SKIP"), NULL },
  { "no-integrity", 0, 0, G_OPTION_ARG_NONE, &opt_no_integrity,
    N_("Leave the hashing out: the integrity check says SKIP"), NULL },
  { NULL },
};

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
print_report (const HaloGateReport *r, const HaloCliCommon *common, const Style *style)
{
  if (r->stage != HALO_STAGE_NONE)
    {
      g_autofree char *line = halo_gate_pipeline_line (r->stage, style->utf8);
      halo_cli_print (_("Pipeline: %s\n"), line);
    }
  g_autofree char *pending = halo_gate_describe_pending (r);
  halo_cli_print (_("Pending:  %s\n"), pending);
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
              g_autoptr (GPtrArray) lines
                = halo_manifest_result_lines (m, common->verbose, MAX_PROBLEMS);
              for (guint l = 0; l < lines->len; l++)
                halo_cli_print ("        %s\n", (const char *) lines->pdata[l]);
            }
          continue;
        }
      if (i == HALO_CHECK_HISTORY && common->verbose && r->history && r->history->notes->len)
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
    halo_cli_print (_("Verdict: FAIL (%u of %u checks failed)\n"), failed, halo_gate_n_shown (r));
  else
    halo_cli_print (_("Verdict: PASS (%u passed, %u skipped)\n"), halo_gate_n_shown (r) - skipped,
                    skipped);
}

/* --history: the table (or array) of the intact records; the history
 * check's verdict is the exit status, and what broke it goes to stderr. */
static int
print_history (const HaloGateReport *r, const HaloCliCommon *common)
{
  g_autofree char *table
    = common->json ? halo_gate_history_table_json (r) : halo_gate_history_table (r);
  if (common->json)
    fputs (table, stdout);
  else
    halo_cli_print ("%s", table);
  HaloVerdict v = r->verdicts[HALO_CHECK_HISTORY];
  if (v != HALO_VERDICT_PASS && r->messages[HALO_CHECK_HISTORY]->len > 0)
    halo_cli_error (r->messages[HALO_CHECK_HISTORY]->pdata[0]);
  return halo_cli_exit (v == HALO_VERDICT_FAIL ? HALO_EXIT_NEGATIVE : HALO_EXIT_OK);
}

int
main (int argc, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-check");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    NULL, _("Tell whether a halo-run would succeed now and whether the release is intact."),
    check_entries, &common, HALO_CLI_STATUS | HALO_CLI_JOBS);
  int status;
  if (!halo_cli_parse_options_only (ctx, argc, argv, &common, &status))
    return status;
  if (common.json && opt_dot)
    return halo_cli_usage_error (_("--json and --dot cannot be used together"));
  if (opt_history && opt_dot)
    return halo_cli_usage_error (_("--history and --dot cannot be used together"));
  if (opt_public_key && opt_public_key_string)
    return halo_cli_usage_error (_("--public-key and --public-key-string exclude each other"));
  for (char **m = opt_manifests; m && *m; m++)
    if (**m == '\0')
      return halo_cli_usage_error (_("--manifest: the file name is empty"));
  if (opt_no_integrity && (opt_manifests || opt_strict || opt_require_manifest))
    return halo_cli_usage_error (
      _("--no-integrity leaves the hashing out: --manifest, --strict and --require-manifest "
        "ask for it"));
  if (common.json)
    halo_cli_untranslated ();
  if (!halo_cli_enter_directory (&common))
    return HALO_EXIT_TROUBLE;
  /* As every path, the key's is relative to -C DIR (as halo-integrity's). */
  HaloPublicKey pk;
  g_autoptr (GError) error = NULL;
  if ((opt_public_key && !halo_public_key_load (opt_public_key, &pk, &error))
      || (opt_public_key_string
          && !halo_public_key_from_base64 (opt_public_key_string, &pk, &error)))
    {
      halo_cli_errorf ("%s%s", opt_public_key ? "" : "--public-key-string: ", error->message);
      return HALO_EXIT_TROUBLE;
    }

  HaloGateOptions options = { (const char *const *) opt_manifests, common.jobs, opt_strict,
                              opt_require_manifest, opt_no_integrity, opt_dot };
  const char *status_path = common.status ? common.status : HALO_STATUS_DEFAULT_PATH;
  g_autoptr (HaloGateReport) report = halo_gate_run (status_path, &options);
  if (opt_dot)
    {
      /* The graph needs the state file, and nothing else: it is drawn (with
       * no stage marked if the state is invalid), and the exit status says
       * only whether the state file is valid. */
      g_strfreev (opt_manifests);
      g_autofree char *dot = halo_gate_report_to_dot (report);
      fputs (dot, stdout);
      if (report->verdicts[HALO_CHECK_STATE_FILE] != HALO_VERDICT_FAIL)
        return halo_cli_exit (HALO_EXIT_OK);
      for (guint i = 0; i < report->messages[HALO_CHECK_STATE_FILE]->len; i++)
        halo_cli_error (report->messages[HALO_CHECK_STATE_FILE]->pdata[i]);
      return halo_cli_exit (HALO_EXIT_NEGATIVE);
    }
  if (opt_public_key || opt_public_key_string)
    halo_gate_check_signatures (report, status_path, &pk);
  if (opt_require_history)
    halo_gate_require_history (report);
  if (opt_history)
    {
      g_strfreev (opt_manifests);
      return print_history (report, &common);
    }
  if (common.json)
    {
      g_autofree char *json = halo_gate_report_to_json (report);
      fputs (json, stdout);
    }
  else if (!common.quiet)
    {
      Style style = { halo_cli_use_color (STDOUT_FILENO), halo_text_locale_is_utf8 () };
      print_report (report, &common, &style);
    }
  g_strfreev (opt_manifests);
  return halo_cli_exit (halo_gate_passed (report) ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE);
}
