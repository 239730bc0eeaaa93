/* halo-run: perform at most one validated stage transition (SPEC §4). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "halo-apply.h"
#include "halo-cli.h"
#include "halo-error.h"
#include "halo-sign.h"
#include "halo-status.h"

static gboolean opt_dry_run;
static gboolean opt_init;
static gboolean opt_strict;
static double opt_wait; /* 0: do not wait */
static gboolean opt_gate;
static char **opt_manifests;
static char *opt_public_key;
static char *opt_public_key_string;

static gboolean
parse_wait (const char *name, const char *value, gpointer data, GError **error)
{
  return halo_apply_parse_wait (value, &opt_wait, error);
}

static const GOptionEntry run_entries[] = {
  { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run,
    N_ ("Validate the transition and say what would be done, but write nothing"), NULL },
  { "init", 0, 0, G_OPTION_ARG_NONE, &opt_init,
    N_ ("Start a project: create progress/status.json at stage READY"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_ ("For scripts and CI: a next_step that names no stage is a failure (exit 1); with "
        "--gate, the integrity check also reports added files"),
    NULL },
  { "wait", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer) parse_wait,
    N_ ("If another run holds the lock, wait for it (at most SECONDS)"), N_ ("SECONDS") },
  { "gate", 0, 0, G_OPTION_ARG_NONE, &opt_gate,
    N_ ("Run halo-check's checks under the lock first; refuse the move if any fails"), NULL },
  { "manifest", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_manifests,
    N_ ("Verify FILE (repeatable); default: every *.hashes.json in the project root"),
    N_ ("FILE") },
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_public_key,
    N_ ("With --gate: also check that every manifest and the signed history head carry a valid "
        "signature by the minisign or signify public key in FILE"),
    N_ ("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &opt_public_key_string,
    N_ ("The same with the public key given as its base64 line"), N_ ("B64") },
  { NULL },
};

int
main (int argc, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-run");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    NULL, _ ("Perform the one stage transition that progress/status.json asks for in next_step."),
    run_entries, &common, TRUE);
  int status;
  if (!halo_cli_parse_options_only (ctx, argc, argv, &common, &status))
    return status;
  if (common.status && *common.status == '\0')
    return halo_cli_usage_error (_ ("--status: the file name is empty"));
  for (char **m = opt_manifests; m && *m; m++)
    if (**m == '\0')
      return halo_cli_usage_error (_ ("--manifest: the file name is empty"));
  if (opt_manifests && !opt_gate)
    return halo_cli_usage_error (_ ("--manifest applies to --gate only"));
  if (opt_gate && opt_init)
    return halo_cli_usage_error (_ ("--gate and --init cannot be used together"));
  if ((opt_public_key || opt_public_key_string) && !opt_gate)
    return halo_cli_usage_error (_ ("--public-key applies to --gate only"));
  if (opt_public_key && opt_public_key_string)
    return halo_cli_usage_error (_ ("--public-key and --public-key-string exclude each other"));
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
  if (!halo_apply_dry_run_from_environment (&env_dry_run, &error))
    return halo_cli_usage_error ("%s", error->message);
  HaloApplyOptions options = {
    common.status ? common.status : HALO_STATUS_DEFAULT_PATH,
    opt_init,
    opt_dry_run || env_dry_run,
    opt_strict,
    opt_wait,
    opt_gate,
    (const char *const *) opt_manifests,
    opt_public_key || opt_public_key_string ? &pk : NULL,
  };
  g_auto (HaloApplyOutcome) outcome = { 0 };
  halo_apply_run (&options, &outcome, &error);
  status = halo_apply_report (&options, &outcome, error, &common);
  g_strfreev (opt_manifests);
  return halo_cli_exit (status);
}
