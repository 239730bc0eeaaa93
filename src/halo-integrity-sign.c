/* halo-integrity-sign.c: halo-integrity keygen and sign, thin over halo-sign (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-integrity-sign.h"
#include "halo-json.h"
#include "halo-status.h"
#include "halo-text.h"

HaloSignOptions sign_opts;

const GOptionEntry sign_entries[] = {
  { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts.public_key,
    N_("keygen: write the public key to FILE (default: ./minisign.pub); verify: check the "
       "manifest's signature with the key in FILE"),
    N_("FILE") },
  { "public-key-string", 0, 0, G_OPTION_ARG_STRING, &sign_opts.public_key_string,
    N_("verify: check the manifest's signature with this base64 public key"), N_("B64") },
  { "secret-key", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts.secret_key,
    N_("keygen, sign: the secret key file (default: $MINISIGN_CONFIG_DIR/minisign.key, else "
       "~/.minisign/minisign.key)"),
    N_("FILE") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &sign_opts.password_file,
    N_("keygen, sign: read the secret key's password from the first line of FILE, not from "
       "the terminal"),
    N_("FILE") },
  { "no-password", 'W', 0, G_OPTION_ARG_NONE, &sign_opts.no_password,
    N_("keygen: do not encrypt the secret key with a password"), NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &sign_opts.force,
    N_("keygen: overwrite existing key files"), NULL },
  { "trusted-comment", 0, 0, G_OPTION_ARG_STRING, &sign_opts.trusted_comment,
    N_("sign: the signed comment (default: timestamp:TIME, file:NAME, hashed)"), N_("TEXT") },
  { "signify", 0, 0, G_OPTION_ARG_NONE, &sign_opts.signify,
    N_("sign: also write FILE.sig in signify's format"), NULL },
  { "history", 0, 0, G_OPTION_ARG_NONE, &sign_opts.history,
    N_("sign: write and sign progress/history.head, the head of the history log"), NULL },
  { "sign", 0, 0, G_OPTION_ARG_NONE, &sign_opts.sign,
    N_("generate: sign the manifest written with -o (as sign does)"), NULL },
  { NULL },
};

int
sign_check_options (const char *command, const HaloCliCommon *common)
{
  gboolean keygen = strcmp (command, "keygen") == 0, sign = strcmp (command, "sign") == 0;
  gboolean generate = strcmp (command, "generate") == 0, verify = strcmp (command, "verify") == 0;
  if (sign_opts.public_key && !keygen && !verify)
    return halo_cli_usage_error (_("--public-key applies to keygen and verify only"));
  if (sign_opts.public_key_string && !verify)
    return halo_cli_usage_error (_("--public-key-string applies to verify only"));
  if (sign_opts.public_key && sign_opts.public_key_string)
    return halo_cli_usage_error (_("--public-key and --public-key-string exclude each other"));
  if ((sign_opts.no_password || sign_opts.force) && !keygen)
    return halo_cli_usage_error (_("-W and --force apply to keygen only"));
  if (sign_opts.no_password && sign_opts.password_file)
    return halo_cli_usage_error (_("-W and --password-file exclude each other"));
  if ((sign_opts.trusted_comment || sign_opts.signify || sign_opts.history) && !sign)
    return halo_cli_usage_error (_("--trusted-comment, --signify and --history apply to sign only"));
  if (sign_opts.sign && !generate)
    return halo_cli_usage_error (_("--sign applies to generate only"));
  if ((sign_opts.secret_key || sign_opts.password_file) && !keygen && !sign && !sign_opts.sign)
    return halo_cli_usage_error (
      _("--secret-key and --password-file apply to keygen, sign and generate --sign only"));
  if (common->status && !(sign && sign_opts.history) && !generate)
    return halo_cli_usage_error (_("--status applies to generate and sign --history only"));
  if (common->json && (keygen || sign))
    return halo_cli_usage_error (_("--json applies to verify only"));
  g_autoptr (GError) error = NULL;
  if (sign_opts.trusted_comment && !halo_sign_comment_valid (sign_opts.trusted_comment, &error))
    return halo_cli_usage_error ("--trusted-comment: %s", error->message);
  return HALO_EXIT_OK;
}

static int
fail (const GError *error)
{
  halo_cli_error (error->message);
  return halo_error_exit_status (error);
}

gboolean
sign_load_public_key (HaloPublicKey *pk, gboolean *have)
{
  g_autoptr (GError) error = NULL;
  *have = sign_opts.public_key || sign_opts.public_key_string;
  if (!*have)
    return TRUE;
  gboolean ok = sign_opts.public_key ? halo_public_key_load (sign_opts.public_key, pk, &error)
                                     : halo_public_key_from_base64 (sign_opts.public_key_string,
                                                                    pk, &error);
  if (!ok)
    {
      if (sign_opts.public_key_string)
        g_prefix_error (&error, "--public-key-string: ");
      fail (error);
    }
  return ok;
}

static char *
secret_key_path (void)
{
  return sign_opts.secret_key ? g_strdup (sign_opts.secret_key) : halo_secret_key_default_path ();
}

/* The secret key, asking for its password when it is encrypted. */
HaloSecretKey *
sign_open_secret_key (const HaloCliCommon *common, GError **error)
{
  g_autofree char *path = secret_key_path ();
  g_autoptr (HaloSecretKeyFile) f = halo_secret_key_file_load (path, error);
  if (f == NULL)
    return NULL;
  char *password = NULL;
  if (halo_secret_key_file_kind (f) == HALO_SECRET_KEY_MINISIGN_SCRYPT)
    {
      password = halo_sign_read_password (sign_opts.password_file, _("Password: "), NULL, error);
      if (password == NULL)
        return NULL;
      if (!common->quiet)
        halo_cli_error (_("deriving a key from the password..."));
    }
  HaloSecretKey *sk = halo_secret_key_file_open (f, password, error);
  halo_sign_password_free (password);
  if (sk == NULL)
    g_prefix_error (error, "%s: ", path);
  return sk;
}

/* Write the secret key readable by its owner only, also over an old file. */
static gboolean
write_secret_key (const char *path, const char *text, GError **error)
{
  struct stat st;
  /* scan-build: path is never NULL here (secret_key_path always builds one). */
  if (lstat (path, &st) == 0 && S_ISREG (st.st_mode) && chmod (path, 0600) < 0)
    return halo_error_set_errno (error, errno, _("cannot replace %s: chmod"), path);
  mode_t old = umask (077);
  gboolean ok = sign_opts.force ? halo_file_replace (path, text, strlen (text), error)
                                : halo_file_create (path, text, strlen (text), error);
  umask (old);
  return ok;
}

int
run_keygen (const HaloCliCommon *common)
{
  g_autoptr (GError) error = NULL;
  const char *pub_path = sign_opts.public_key ? sign_opts.public_key : "minisign.pub";
  g_autofree char *sec_path = secret_key_path ();
  if (!sign_opts.force)
    for (const char *p = pub_path; p; p = p == pub_path ? sec_path : NULL)
      if (g_file_test (p, G_FILE_TEST_EXISTS) || g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        {
          halo_cli_errorf (_("%s already exists: use --force to overwrite it"), p);
          return HALO_EXIT_TROUBLE;
        }
  if (!sign_opts.secret_key)
    {
      g_autofree char *dir = g_path_get_dirname (sec_path);
      if (g_mkdir_with_parents (dir, 0700) < 0)
        {
          int errsv = errno;
          halo_cli_errorf (_("cannot create directory %s: %s"), dir, g_strerror (errsv));
          return HALO_EXIT_TROUBLE;
        }
    }
  g_autoptr (HaloSecretKey) sk = NULL;
  if (!halo_sign_available (&error) || (sk = halo_secret_key_generate (&error)) == NULL)
    return fail (error);
  char *password = NULL;
  if (!sign_opts.no_password)
    {
      password = halo_sign_read_password (sign_opts.password_file, _("Password: "),
                                          _("Password (one more time): "), &error);
      if (password == NULL)
        return fail (error);
      if (!common->quiet)
        halo_cli_error (_("deriving a key from the password..."));
    }
  g_autofree char *sec_text
    = halo_secret_key_to_text (sk, password, HALO_SCRYPT_OPSLIMIT_SENSITIVE,
                               HALO_SCRYPT_MEMLIMIT_SENSITIVE, &error);
  halo_sign_password_free (password);
  if (sec_text == NULL)
    return fail (error);
  HaloPublicKey pk;
  halo_secret_key_public (sk, &pk);
  g_autofree char *pub_text = halo_public_key_to_text (&pk);
  gboolean ok = write_secret_key (sec_path, sec_text, &error);
  halo_sign_wipe (sec_text, strlen (sec_text));
  if (!ok)
    return fail (error);
  ok = sign_opts.force ? halo_file_replace (pub_path, pub_text, strlen (pub_text), &error)
                       : halo_file_create (pub_path, pub_text, strlen (pub_text), &error);
  if (!ok)
    return fail (error);
  if (!common->quiet)
    {
      g_autofree char *id = halo_public_key_id (pk.keynum);
      g_autofree char *shown_sec = halo_text_escape (sec_path);
      g_autofree char *shown_pub = halo_text_escape (pub_path);
      halo_cli_print (_("Secret key: %s (keep it secret)\n"), shown_sec);
      halo_cli_print (_("Public key: %s (key id %s)\n"), shown_pub, id);
    }
  return HALO_EXIT_OK;
}

int
run_sign (const HaloCliCommon *common, char **files)
{
  g_autoptr (GError) error = NULL;
  if (files[0] == NULL && !sign_opts.history)
    return halo_cli_usage_error (_("sign: missing FILE (or --history)"));
  if (!halo_sign_available (&error))
    return fail (error);
  g_autoptr (HaloSecretKey) sk = sign_open_secret_key (common, &error);
  if (sk == NULL)
    return fail (error);
  for (char **f = files; *f; f++)
    {
      if (!halo_sign_file (sk, *f, sign_opts.trusted_comment, sign_opts.signify, &error))
        return fail (error);
      if (common->verbose)
        halo_cli_errorf (sign_opts.signify ? _("signed %s: wrote %s.minisig and %s.sig")
                                           : _("signed %s: wrote %s.minisig"),
                         *f, *f, *f);
    }
  if (sign_opts.history)
    {
      const char *status = common->status ? common->status : HALO_STATUS_DEFAULT_PATH;
      guint64 records = 0;
      if (!halo_sign_history_head (sk, status, &records, &error))
        return fail (error);
      if (!common->quiet)
        {
          g_autofree char *head = halo_sign_head_path (status);
          g_autofree char *shown = halo_text_escape (head);
          halo_cli_print (ngettext ("signed the history head: %s covers %llu record\n",
                                    "signed the history head: %s covers %llu records\n",
                                    (unsigned long) records),
                          shown, (unsigned long long) records);
        }
    }
  return HALO_EXIT_OK;
}

HaloSecretKey *
sign_open_key_for_generate (const HaloCliCommon *common)
{
  g_autoptr (GError) error = NULL;
  HaloSecretKey *sk = NULL;
  if (halo_sign_available (&error))
    sk = sign_open_secret_key (common, &error);
  if (sk == NULL)
    fail (error);
  return sk;
}

int
sign_written (const HaloSecretKey *sk, const char *path)
{
  g_autoptr (GError) error = NULL;
  if (!halo_sign_file (sk, path, NULL, FALSE, &error))
    return fail (error);
  return HALO_EXIT_OK;
}

/* The manifest's signature by @pk was refused: say so, exit 1. */
static int
report_bad_signature (const HaloCliCommon *common, const char *manifest, const char *sig_path,
                      const char *reason)
{
  g_autofree char *summary = g_strdup_printf (_("Integrity FAILED: %s has no valid signature "
                                                "by the given key; the files were not checked"),
                                              manifest);
  if (common->json)
    {
      /* Through the one JSON writer: a name that is not UTF-8 stays
       * recognisable (\xNN), as in verify's report. */
      g_autoptr (HaloJson) o = halo_json_new_object ();
      halo_json_object_set (o, "outcome", halo_json_new_string ("failed"));
      halo_json_object_set (o, "manifest", halo_json_new_string (manifest));
      HaloJson *problem = halo_json_new_object ();
      halo_json_object_set (problem, "path", halo_json_new_string (sig_path));
      halo_json_object_set (problem, "problem", halo_json_new_string ("signature"));
      halo_json_object_set (problem, "reason", halo_json_new_string (reason));
      HaloJson *problems = halo_json_new_array ();
      halo_json_array_append (problems, problem);
      halo_json_object_set (o, "problems", problems);
      halo_json_object_set (o, "message", halo_json_new_string (summary));
      halo_cli_print_json (o);
    }
  else
    {
      g_autofree char *shown = halo_text_escape (sig_path);
      halo_cli_print ("SIGNATURE %s: %s\n%s\n", shown, reason, summary);
    }
  return HALO_EXIT_NEGATIVE;
}

/* With --public-key: the manifest, parsed from the very bytes whose signature was checked. */
HaloManifest *
sign_load_signed_manifest (const HaloCliCommon *common, const HaloPublicKey *pk,
                      const HaloDigestAlgo *hint, const char *manifest, int *status,
                      GError **error)
{
  g_autofree char *sig_path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local = NULL;
  *status = HALO_EXIT_OK;
  if (!halo_sign_available (error))
    return NULL;
  if (!halo_sign_check_file (manifest, HALO_MANIFEST_MAX_SIZE, TRUE, pk, &sig_path, &bytes, &local))
    {
      if (g_error_matches (local, HALO_ERROR, HALO_ERROR_MISMATCH))
        *status = report_bad_signature (common, manifest, sig_path, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (common->verbose && !common->json)
    {
      g_autofree char *id = halo_public_key_id (pk->keynum);
      halo_cli_errorf (_("%s: a valid signature by key %s"), sig_path, id);
    }
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  HaloManifest *m = halo_manifest_parse (data, len, hint, error);
  if (m == NULL)
    g_prefix_error (error, _("invalid manifest %s: "), manifest);
  return m;
}
