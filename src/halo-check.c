/* halo-check: the pre-run gate — would a run succeed, and is the release intact (SPEC §5). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-error.h"
#include "halo-gate.h"
#include "halo-sign.h"
#include "halo-status.h"

static char **opt_manifests;
static gboolean opt_dot;
static char *opt_public_key;
static char *opt_public_key_string;
static gboolean opt_history;
static gboolean opt_require_history;
static gboolean opt_strict;
static gboolean opt_require_manifest;
static gboolean opt_no_integrity;

static const GOptionEntry check_entries[] = {
  { "manifest", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_manifests,
    N_ ("Verify FILE (repeatable); default: every *.hashes.json in the project root"),
    N_ ("FILE") },
  { "dot", 0, 0, G_OPTION_ARG_NONE, &opt_dot,
    N_ ("Print the stage graph in Graphviz DOT, current stage and pending move marked"), NULL },
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_public_key,
    N_ ("Also check that every manifest and the signed history head carry a valid signature "
        "by the minisign or signify public key in FILE"),
    N_ ("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &opt_public_key_string,
    N_ ("The same with the public key given as its base64 line"), N_ ("B64") },
  { "history", 0, 0, G_OPTION_ARG_NONE, &opt_history,
    N_ ("Print the transition history as a table (with --json, an array) instead of the checks"),
    NULL },
  { "require-history", 0, 0, G_OPTION_ARG_NONE, &opt_require_history,
    N_ ("Fail the history check when there is no progress/history.jsonl"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_ ("Integrity: also report files in the root that a manifest does not list, as ADDED"), NULL },
  { "require-manifest", 0, 0, G_OPTION_ARG_NONE, &opt_require_manifest,
    N_ ("Integrity: no manifest is a FAIL, not a SKIP"), NULL },
  { "no-integrity", 0, 0, G_OPTION_ARG_NONE, &opt_no_integrity,
    N_ ("Leave the hashing out: the integrity check says SKIP"), NULL },
  { NULL },
};

int
main (int argc, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-check");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    NULL, _ ("Tell whether a halo-run would succeed now and whether the release is intact."),
    check_entries, &common, HALO_CLI_STATUS | HALO_CLI_JOBS);
  int status;
  if (!halo_cli_parse_options_only (ctx, argc, argv, &common, &status))
    return status;
  if (common.json && opt_dot)
    return halo_cli_usage_error (_ ("--json and --dot cannot be used together"));
  if (opt_history && opt_dot)
    return halo_cli_usage_error (_ ("--history and --dot cannot be used together"));
  if (opt_public_key && opt_public_key_string)
    return halo_cli_usage_error (_ ("--public-key and --public-key-string exclude each other"));
  for (char **m = opt_manifests; m && *m; m++)
    if (**m == '\0')
      return halo_cli_usage_error (_ ("--manifest: the file name is empty"));
  if (opt_no_integrity && (opt_manifests || opt_strict || opt_require_manifest))
    return halo_cli_usage_error (
      _ ("--no-integrity leaves the hashing out: --manifest, --strict and --require-manifest "
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

  HaloGateOptions options = { (const char *const *) opt_manifests,
                              common.jobs,
                              opt_strict,
                              opt_require_manifest,
                              opt_no_integrity,
                              opt_dot };
  const char *status_path = common.status ? common.status : HALO_STATUS_DEFAULT_PATH;
  g_autoptr (HaloGateReport) report = halo_gate_run (status_path, &options);
  if (opt_dot)
    /* The graph needs the state file, and nothing else: it is drawn (with
     * no stage marked if the state is invalid). */
    status = halo_gate_print_dot (report);
  else
    {
      if (opt_public_key || opt_public_key_string)
        halo_gate_check_signatures (report, status_path, &pk);
      if (opt_require_history)
        halo_gate_require_history (report);
      status = opt_history ? halo_gate_print_history (report, common.json)
                           : halo_gate_print (report, &common);
    }
  g_strfreev (opt_manifests);
  return halo_cli_exit (status);
}
