/* halo-integrity: generate and verify a release's integrity manifest (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-commands.h"
#include "halo-generate.h"
#include "halo-verify-cmd.h"

static HaloIntegrityOptions opts;
static HaloSignOptions *const sign_opts = &opts.sign;

static const GOptionEntry integrity_entries[] = {
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &opts.algorithm,
    N_ ("Hash with ALGO: sha256 (default), sha512, sha3-256, sha3-512, blake2b-512 or "
        "blake2b-256"),
    N_ ("ALGO") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opts.format,
    N_ ("generate: write the manifest as json (default), gnu or bsd"), N_ ("FORMAT") },
  { "exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.excludes,
    N_ ("generate, verify --strict: leave out paths that match GLOB (repeatable)"), N_ ("GLOB") },
  { "files-from", 0, 0, G_OPTION_ARG_FILENAME, &opts.files_from,
    N_ ("generate: hash the paths listed in FILE, one a line ('-': standard input)"), N_ ("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opts.output,
    N_ ("generate: write the manifest to FILE atomically, not to standard output"), N_ ("FILE") },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opts.strict,
    N_ ("verify: also report files under PATH (default: the root) that the manifest does not "
        "list, as ADDED"),
    NULL },
  { NULL },
};

static const GOptionEntry sign_entries[] = {
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts->public_key,
    N_ ("keygen: write the public key to FILE (default: ./minisign.pub); verify: check the "
        "manifest's signature with the key in FILE"),
    N_ ("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &sign_opts->public_key_string,
    N_ ("verify: check the manifest's signature with this base64 public key"), N_ ("B64") },
  { "secret-key", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts->secret_key,
    N_ ("keygen, sign: the secret key file (default: $MINISIGN_CONFIG_DIR/minisign.key, else "
        "~/.minisign/minisign.key)"),
    N_ ("FILE") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts->password_file,
    N_ ("keygen, sign: read the secret key's password from the first line of FILE, not from "
        "the terminal"),
    N_ ("FILE") },
  { "no-password", 'W', 0, G_OPTION_ARG_NONE, &sign_opts->no_password,
    N_ ("keygen: do not encrypt the secret key with a password"), NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &sign_opts->force,
    N_ ("keygen: overwrite existing key files"), NULL },
  { "trusted-comment", 0, 0, G_OPTION_ARG_STRING, &sign_opts->trusted_comment,
    N_ ("sign: the signed comment (default: timestamp:TIME, file:NAME, hashed)"), N_ ("TEXT") },
  { "signify", 0, 0, G_OPTION_ARG_NONE, &sign_opts->signify,
    N_ ("sign: also write FILE.sig in signify's format"), NULL },
  { "history", 0, 0, G_OPTION_ARG_NONE, &sign_opts->history,
    N_ ("sign: write and sign progress/history.head, the head of the history log"), NULL },
  { "sign", 0, 0, G_OPTION_ARG_NONE, &sign_opts->sign,
    N_ ("generate: sign the manifest written with -o (as sign does)"), NULL },
  { NULL },
};

static void
show_progress (const HaloWalkProgress *p, gboolean final, gpointer user_data)
{
  halo_cli_progress_update (user_data, p->files_done, p->files_total, p->bytes_done, p->bytes_total,
                            final);
}

/* The progress line's clock starts with the hashing (generate) or once the
 * manifest is loaded (verify). */
static void
start_clock (gpointer user_data)
{
  ((HaloCliProgress *) user_data)->started = g_get_monotonic_time ();
}

static int
fail (const GError *error)
{
  halo_cli_error (error->message);
  return halo_error_exit_status (error);
}

static int
run_generate (const HaloCliCommon *common, HaloDigestAlgo algo, HaloManifestFormat format,
              char **args)
{
  g_autoptr (GError) error = NULL;
  HaloCliProgress pr;
  halo_cli_progress_init (&pr, common);
  g_autoptr (GPtrArray) paths
    = halo_generate_paths ((const char *const *) args, opts.files_from, &error);
  if (paths == NULL)
    return g_error_matches (error, HALO_ERROR, HALO_ERROR_USAGE)
             ? halo_cli_usage_error ("%s", error->message)
             : fail (error);
  HaloGenerateOptions o = { (const char *const *) paths->pdata,
                            opts.excludes,
                            opts.output,
                            common->status,
                            algo,
                            format,
                            common->jobs,
                            sign_opts->sign ? sign_opts : NULL,
                            common->quiet,
                            common->verbose,
                            show_progress,
                            &pr,
                            start_clock,
                            halo_cli_message,
                            NULL };
  guint n_files = 0;
  g_autoptr (GBytes) bytes = halo_generate (&o, &n_files, &error);
  if (bytes == NULL)
    return fail (error);
  if (!opts.output)
    fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
  if (common->verbose)
    halo_cli_errorf (ngettext ("hashed %u file with %s", "hashed %u files with %s", n_files),
                     n_files, halo_digest_algo_name (algo));
  return HALO_EXIT_OK;
}

static int
run_verify (const HaloCliCommon *common, const HaloDigestAlgo *hint, const char *manifest,
            char **paths)
{
  g_autoptr (GError) error = NULL;
  HaloPublicKey pk;
  gboolean have_key;
  if (!halo_sign_cmd_load_public_key (sign_opts, &pk, &have_key, &error))
    return fail (error);
  if (have_key && g_strcmp0 (manifest, "-") == 0)
    return halo_cli_usage_error (_ ("--public-key needs the manifest as a file, not '-'"));
  HaloCliProgress pr;
  halo_cli_progress_init (&pr, common);
  HaloVerifyCmdOptions o = { hint,
                             have_key ? &pk : NULL,
                             common->verbose && !common->json,
                             { common->jobs, opts.strict, (const char *const *) paths,
                               opts.excludes, show_progress, &pr },
                             start_clock,
                             halo_cli_message,
                             NULL };
  g_autoptr (HaloVerifyOutcome) v = halo_verify_cmd (manifest, &o, &error);
  if (common->json)
    {
      g_autoptr (HaloJson) report = halo_verify_outcome_to_json (manifest, v, error);
      halo_cli_print_json (report);
    }
  else if (v)
    {
      g_autofree char *text
        = halo_verify_outcome_text (manifest, v, common->verbose, common->quiet);
      halo_cli_print ("%s", text);
    }
  if (v == NULL)
    return fail (error);
  return halo_verify_outcome_ok (v) ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
}

int
main (int argc G_GNUC_UNUSED, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-integrity");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    _ ("generate [PATH…] | verify [--strict] MANIFEST [PATH…] | keygen | sign FILE…"),
    _ ("Generate a release's integrity manifest, or verify the files against one; make a "
       "key pair and sign manifests in minisign's and signify's formats."),
    integrity_entries, &common, HALO_CLI_STATUS | HALO_CLI_JOBS | HALO_CLI_PROGRESS);
  g_option_context_add_main_entries (ctx, sign_entries, GETTEXT_PACKAGE);
  g_auto (GStrv) args = g_strdupv (argv);
  if (!halo_cli_parse_strv (ctx, &args))
    return HALO_EXIT_TROUBLE;
  argv = args;
  if (common.version)
    {
      halo_cli_print_version ();
      return halo_cli_exit (HALO_EXIT_OK);
    }
  sign_opts->status = common.status;
  sign_opts->quiet = common.quiet;
  sign_opts->verbose = common.verbose;
  sign_opts->message = halo_cli_message;
  g_autoptr (GError) error = NULL;
  HaloDigestAlgo algo;
  HaloManifestFormat format;
  if (!halo_integrity_check_usage (&opts, &common, args, &algo, &format, &error))
    return halo_cli_usage_error ("%s", error->message);
  const char *command = argv[1];
  int status;
  if (common.json)
    halo_cli_untranslated ();
  if (!halo_digest_init (&error))
    return fail (error);
  if (!halo_cli_enter_directory (&common))
    return HALO_EXIT_TROUBLE;

  if (strcmp (command, "keygen") == 0)
    status = halo_sign_cmd_keygen (sign_opts, &error) ? HALO_EXIT_OK : fail (error);
  else if (strcmp (command, "sign") == 0 && argv[2] == NULL && !sign_opts->history)
    status = halo_cli_usage_error (_ ("sign: missing FILE (or --history)"));
  else if (strcmp (command, "sign") == 0)
    status = halo_sign_cmd_sign (sign_opts, (const char *const *) argv + 2, &error) ? HALO_EXIT_OK
                                                                                    : fail (error);
  else if (strcmp (command, "generate") == 0)
    status = run_generate (&common, algo, format, argv + 2);
  else
    status = run_verify (&common, opts.algorithm ? &algo : NULL, argv[2], argv + 3);
  return halo_cli_exit (status);
}
