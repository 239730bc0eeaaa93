/* halo-integrity: generate and verify a release's integrity manifest (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-digest.h"
#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-input.h"
#include "halo-integrity-sign.h"
#include "halo-json.h"
#include "halo-manifest.h"
#include "halo-text.h"
#include "halo-verify.h"
#include "halo-walk.h"

static char *opt_algorithm;
static char *opt_format;
static char **opt_excludes;
static char *opt_files_from;
static char *opt_output;
static gboolean opt_strict;

static const GOptionEntry integrity_entries[] = {
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &opt_algorithm,
    N_("Hash with ALGO: sha256 (default), sha512, sha3-256, sha3-512, blake2b-512 or "
       "blake2b-256"),
    N_("ALGO") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("generate: write the manifest as json (default), gnu or bsd"), N_("FORMAT") },
  { "exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_excludes,
    N_("generate, verify --strict: leave out paths that match GLOB (repeatable)"), N_("GLOB") },
  { "files-from", 0, 0, G_OPTION_ARG_FILENAME, &opt_files_from,
    N_("generate: hash the paths listed in FILE, one a line ('-': standard input)"),
    N_("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("generate: write the manifest to FILE atomically, not to standard output"), N_("FILE") },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_("verify: also report files under PATH (default: the root) that the manifest does not "
       "list, as ADDED"),
    NULL },
  { NULL },
};

static const char *const commands[] = { "generate", "verify", "keygen", "sign", NULL };

static void
show_progress (const HaloWalkProgress *p, gboolean final, gpointer user_data)
{
  halo_cli_progress_update (user_data, p->files_done, p->files_total, p->bytes_done,
                            p->bytes_total, final);
}

/* --files-from: one path a line; empty lines are ignored.  The same limit
 * and the same reader for "-" as for a named file. */
static gboolean
read_files_from (const char *file, GPtrArray *paths, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_input_read (file, HALO_MANIFEST_MAX_SIZE, &data, &len, error))
    return FALSE;
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("%s: holds a NUL byte"),
                   halo_input_name (file));
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_ptr_array_add (paths, g_strdup (lines[i]));
  return TRUE;
}

/* The manifest being written must not hash itself: -o's path and inode, or
 * standard output's inode when the shell redirected it into the tree. */
static void
skip_own_manifest (HaloWalkOptions *o, char **skip_path)
{
  struct stat st;
  if (opt_output)
    {
      *skip_path = halo_manifest_path_normalize (opt_output, NULL);
      o->skip_path = *skip_path;
      if (lstat (opt_output, &st) == 0 && S_ISREG (st.st_mode))
        {
          o->skip_inode = TRUE;
          o->skip_dev = st.st_dev;
          o->skip_ino = st.st_ino;
        }
    }
  else if (fstat (STDOUT_FILENO, &st) == 0 && S_ISREG (st.st_mode))
    {
      o->skip_inode = TRUE;
      o->skip_dev = st.st_dev;
      o->skip_ino = st.st_ino;
    }
}

/* Nor are its signatures (M.minisig, M.sig): they are made after it, of it. */
static void
skip_own_signatures (GPtrArray *files, const char *manifest)
{
  g_autofree char *minisig = g_strconcat (manifest, ".minisig", NULL);
  g_autofree char *sig = g_strconcat (manifest, ".sig", NULL);
  for (guint i = files->len; i-- > 0;)
    if (strcmp (files->pdata[i], minisig) == 0 || strcmp (files->pdata[i], sig) == 0)
      g_ptr_array_remove_index (files, i);
}

/* What the walk left out: the manifest and version control directories one
 * line each; things that are not regular files (91 symbolic links in a copy
 * of /usr/share/doc) in one line, one each with -v; the project's mutable
 * files with -v; each --exclude that matched nothing. */
static void
report_skipped (const HaloCliCommon *common, GPtrArray *skipped, GPtrArray *not_regular,
                GPtrArray *left_out, const guint *matches)
{
  for (guint i = 0; i < skipped->len; i++)
    halo_cli_error (skipped->pdata[i]);
  if (common->verbose)
    {
      for (guint i = 0; i < not_regular->len; i++)
        halo_cli_error (not_regular->pdata[i]);
      for (guint i = 0; i < left_out->len; i++)
        halo_cli_error (left_out->pdata[i]);
    }
  else if (not_regular->len > 0)
    halo_cli_errorf (ngettext ("skipped %u symbolic link or other file that is not a regular "
                               "file (-v lists it)",
                               "skipped %u symbolic links or other files that are not regular "
                               "files (-v lists them)",
                               not_regular->len),
                     not_regular->len);
  for (guint i = 0; opt_excludes && opt_excludes[i]; i++)
    if (matches[i] == 0)
      halo_cli_errorf (_("--exclude=%s matched nothing"), opt_excludes[i]);
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
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  for (char **a = args; *a; a++)
    g_ptr_array_add (paths, g_strdup (*a));
  if (opt_files_from && !read_files_from (opt_files_from, paths, &error))
    return fail (error);
  if (opt_files_from && paths->len == 0)
    return halo_cli_usage_error (_("%s lists no paths"), opt_files_from);
  g_ptr_array_add (paths, NULL);

  HaloWalkOptions options = { opt_excludes };
  options.status_path = common->status;
  g_autofree char *skip_path = NULL;
  skip_own_manifest (&options, &skip_path);
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) not_regular = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) left_out = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *matches = g_new0 (guint, opt_excludes ? g_strv_length (opt_excludes) : 0);
  options.not_regular = not_regular;
  options.left_out = left_out;
  options.exclude_matches = matches;
  g_autoptr (GPtrArray) files = halo_walk_collect ((const char *const *) paths->pdata, &options,
                                                   skipped, &error);
  if (files != NULL && !common->quiet)
    report_skipped (common, skipped, not_regular, left_out, matches);
  if (files == NULL)
    return fail (error);
  if (skip_path)
    skip_own_signatures (files, skip_path);
  if (files->len == 0)
    {
      halo_cli_error (_("no files to hash: an empty manifest would protect nothing"));
      return HALO_EXIT_TROUBLE;
    }

  g_autoptr (HaloSecretKey) sk = NULL;
  if (sign_opts.sign && (sk = sign_open_key_for_generate (common)) == NULL)
    return HALO_EXIT_TROUBLE;

  HaloCliProgress pr;
  halo_cli_progress_init (&pr, common);
  HaloDigestSet set = HALO_DIGEST_BIT (algo);
  HaloHashResult *results
    = halo_walk_hash ((const char *const *) files->pdata, TRUE, &set, 1, files->len, common->jobs,
                      show_progress, &pr, &error);
  if (results == NULL)
    return fail (error);
  g_autoptr (HaloManifest) m = halo_manifest_new (format);
  gboolean ok = TRUE;
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      if (results[i].status == HALO_FILE_OK && options.skip_inode
          && results[i].dev == options.skip_dev && results[i].ino == options.skip_ino)
        {
          /* The walk found it by readdir's inode number; on a file system
           * where that is not stat's (FUSE, a bind mount), only now. */
          if (!common->quiet)
            halo_cli_errorf (_("%s: skipped: %s"), path, _("the manifest being written"));
        }
      else if (results[i].status == HALO_FILE_OK)
        halo_manifest_add (m, path, algo, results[i].hex[algo]);
      else
        {
          halo_cli_errorf (_("cannot hash %s: %s"), path, results[i].reason);
          ok = FALSE;
        }
    }
  halo_hash_results_free (results, files->len);
  if (!ok)
    return HALO_EXIT_TROUBLE;
  if (m->entries->len == 0)
    {
      halo_cli_error (_("no files to hash: an empty manifest would protect nothing"));
      return HALO_EXIT_TROUBLE;
    }

  g_autoptr (GBytes) bytes = halo_manifest_to_bytes (m, format, &error);
  if (bytes == NULL)
    return fail (error);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  if (opt_output)
    {
      if (!halo_file_replace (opt_output, data, len, &error))
        return fail (error);
      if (sk && sign_written (sk, opt_output) != HALO_EXIT_OK)
        return HALO_EXIT_TROUBLE;
    }
  else
    fwrite (data, 1, len, stdout);
  if (common->verbose)
    halo_cli_errorf (ngettext ("hashed %u file with %s", "hashed %u files with %s", files->len),
                     files->len, halo_digest_algo_name (algo));
  return HALO_EXIT_OK;
}

/* The JSON report of verify: of @r, or (@r NULL) of the @error that stopped it. */
static void
print_json_report (const char *manifest, const HaloVerifyReport *r, const GError *error)
{
  g_return_if_fail ((r == NULL) != (error == NULL));
  g_autoptr (HaloJson) out = halo_json_new_object ();
  const char *outcome = r == NULL ? "invalid" : halo_verify_report_ok (r) ? "ok" : "failed";
  halo_json_object_set (out, "outcome", halo_json_new_string (outcome));
  halo_json_object_set (out, "manifest", halo_json_new_string (manifest));
  if (r)
    halo_verify_report_add_json (r, out);
  halo_json_object_set (out, "message", r ? halo_json_new_string_take (halo_verify_report_summary (r))
                                          : halo_json_new_string (error->message));
  halo_cli_print_json (out);
}

static int
run_verify (const HaloCliCommon *common, const HaloDigestAlgo *hint, const char *manifest,
            char **paths)
{
  g_autoptr (GError) error = NULL;
  HaloPublicKey pk;
  gboolean signed_only;
  if (!sign_load_public_key (&pk, &signed_only))
    return HALO_EXIT_TROUBLE;
  if (signed_only && strcmp (manifest, "-") == 0)
    return halo_cli_usage_error (_("--public-key needs the manifest as a file, not '-'"));
  int status = HALO_EXIT_OK;
  g_autoptr (HaloManifest) m
    = signed_only ? sign_load_signed_manifest (common, &pk, hint, manifest, &status, &error)
                  : halo_manifest_load (manifest, hint, &error);
  if (m == NULL && status != HALO_EXIT_OK)
    return status;
  if (m == NULL)
    {
      if (common->json)
        print_json_report (manifest, NULL, error);
      return fail (error);
    }
  if (common->verbose && !common->json)
    {
      static const char *const formats[] = { "json", "gnu", "bsd" };
      halo_cli_errorf (ngettext ("%s: a %s manifest of %u entry", "%s: a %s manifest of %u entries",
                                 m->entries->len),
                       manifest, formats[m->format], m->entries->len);
    }
  HaloCliProgress pr;
  halo_cli_progress_init (&pr, common);
  HaloVerifyOptions options = { common->jobs, opt_strict, (const char *const *) paths,
                                opt_excludes, show_progress, &pr };
  g_autoptr (HaloVerifyReport) r = halo_verify (m, manifest, &options, &error);
  if (r == NULL)
    {
      if (common->json)
        print_json_report (manifest, NULL, error);
      return fail (error);
    }
  gboolean ok = halo_verify_report_ok (r);
  if (common->json)
    print_json_report (manifest, r, NULL);
  else
    {
      for (guint i = 0; i < r->problems->len; i++)
        {
          g_autofree char *line = halo_verify_problem_line (r->problems->pdata[i], common->verbose);
          halo_cli_print ("%s\n", line);
        }
      g_autofree char *summary = halo_verify_report_summary (r);
      g_autofree char *hint = halo_verify_algorithm_hint (m, r);
      if (!ok || !common->quiet)
        halo_cli_print ("%s\n", summary);
      if (hint)
        halo_cli_print ("%s\n", hint);
    }
  return ok ? HALO_EXIT_OK : HALO_EXIT_NEGATIVE;
}

/* Options that only one command takes. */
static int
check_options (const HaloCliCommon *common, const char *command)
{
  gboolean generate = strcmp (command, "generate") == 0;
  gboolean hashing = generate || strcmp (command, "verify") == 0;
  if (!hashing && (common->jobs || common->progress || common->no_progress || opt_algorithm))
    return halo_cli_usage_error (
      _("--algorithm, --jobs, --progress and --no-progress apply to generate and verify only"));
  if (sign_opts.sign && !opt_output)
    return halo_cli_usage_error (_("generate --sign needs -o FILE: it signs the file written"));
  if (generate && common->json)
    return halo_cli_usage_error (
      _("--json applies to verify only; use --format=json for a JSON manifest"));
  if (!generate && (opt_format || opt_files_from || opt_output))
    return halo_cli_usage_error (
      _("--format, --files-from and --output apply to generate only"));
  if (!generate && opt_excludes && !opt_strict)
    return halo_cli_usage_error (_("--exclude applies to generate and verify --strict only"));
  if (opt_strict && strcmp (command, "verify") != 0)
    return halo_cli_usage_error (_("--strict applies to verify only"));
  return sign_check_options (command, common);
}

int
main (int argc, char **argv)
{
  g_auto (HaloCliCommon) common = { 0 };
  halo_cli_init ("halo-integrity");
  g_autoptr (GOptionContext) ctx = halo_cli_context_new (
    _("generate [PATH…] | verify [--strict] MANIFEST [PATH…] | keygen | sign FILE…"),
    _("Generate a release's integrity manifest, or verify the files against one; make a "
      "key pair and sign manifests in minisign's and signify's formats."),
    integrity_entries, &common, HALO_CLI_STATUS | HALO_CLI_JOBS | HALO_CLI_PROGRESS);
  g_option_context_add_main_entries (ctx, sign_entries, GETTEXT_PACKAGE);
  g_auto (GStrv) args = g_strdupv (argv);
  if (!halo_cli_parse_strv (ctx, &args))
    return HALO_EXIT_TROUBLE;
  argv = args;
  argc = (int) g_strv_length (args);
  if (common.version)
    {
      halo_cli_print_version ();
      return halo_cli_exit (HALO_EXIT_OK);
    }
  if (argc < 2)
    return halo_cli_usage_error (_("missing command: generate, verify, keygen or sign"));
  if (!g_strv_contains (commands, argv[1]))
    {
      g_autofree char *shown = halo_text_escape (argv[1]);
      return halo_cli_usage_error (
        _("unknown command '%s': use generate, verify, keygen or sign"), shown);
    }
  const char *command = argv[1];
  gboolean generate = strcmp (command, "generate") == 0;
  if (strcmp (command, "verify") == 0 && argc < 3)
    return halo_cli_usage_error (_("verify: missing MANIFEST"));
  if (strcmp (command, "verify") == 0 && argc > 3 && !opt_strict)
    return halo_cli_usage_error (_("verify: one MANIFEST only (PATHs go with --strict)"));
  if (strcmp (command, "keygen") == 0 && argc != 2)
    return halo_cli_usage_error (_("keygen: unexpected argument '%s'"), argv[2]);
  int status = check_options (&common, command);
  if (status != HALO_EXIT_OK)
    return status;

  g_autoptr (GError) error = NULL;
  HaloDigestAlgo algo = HALO_DIGEST_SHA256;
  HaloManifestFormat format = HALO_MANIFEST_JSON;
  if (opt_algorithm && !halo_digest_algo_from_name (opt_algorithm, &algo, &error))
    return halo_cli_usage_error ("%s", error->message);
  if (opt_format && !halo_manifest_format_from_name (opt_format, &format, &error))
    return halo_cli_usage_error ("%s", error->message);
  if (common.json)
    halo_cli_untranslated ();
  if (!halo_digest_init (&error))
    return fail (error);
  if (!halo_cli_enter_directory (&common))
    return HALO_EXIT_TROUBLE;

  if (strcmp (command, "keygen") == 0)
    status = run_keygen (&common);
  else if (strcmp (command, "sign") == 0)
    status = run_sign (&common, argv + 2);
  else if (generate)
    status = run_generate (&common, algo, format, argv + 2);
  else
    status = run_verify (&common, opt_algorithm ? &algo : NULL, argv[2], argv + 3);
  return halo_cli_exit (status);
}
