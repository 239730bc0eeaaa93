/* halo-sign-cmd.c: halo-integrity keygen and sign, over halo-sign (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "halo-fileio.h"
#include "halo-sign-cmd.h"
#include "halo-status.h"
#include "halo-text.h"

/* What keygen and sign say, through the program's message function. */
#define say(o, kind, ...) halo_message ((o)->message, (o)->message_data, (kind), __VA_ARGS__)

static gboolean
usage (GError **error, const char *message)
{
  g_set_error_literal (error, HALO_ERROR, HALO_ERROR_USAGE, message);
  return FALSE;
}

gboolean
halo_sign_cmd_check_options (const HaloSignOptions *o, const char *command, gboolean json,
                             GError **error)
{
  gboolean keygen = strcmp (command, "keygen") == 0, sign = strcmp (command, "sign") == 0;
  gboolean generate = strcmp (command, "generate") == 0, verify = strcmp (command, "verify") == 0;
  if (o->public_key && !keygen && !verify)
    return usage (error, _ ("--public-key applies to keygen and verify only"));
  if (o->public_key_string && !verify)
    return usage (error, _ ("--public-key-string applies to verify only"));
  if (o->public_key && o->public_key_string)
    return usage (error, _ ("--public-key and --public-key-string exclude each other"));
  if ((o->no_password || o->force) && !keygen)
    return usage (error, _ ("-W and --force apply to keygen only"));
  if (o->no_password && o->password_file)
    return usage (error, _ ("-W and --password-file exclude each other"));
  if ((o->trusted_comment || o->signify || o->history) && !sign)
    return usage (error, _ ("--trusted-comment, --signify and --history apply to sign only"));
  if (o->sign && !generate)
    return usage (error, _ ("--sign applies to generate only"));
  if ((o->secret_key || o->password_file) && !keygen && !sign && !o->sign)
    return usage (
      error, _ ("--secret-key and --password-file apply to keygen, sign and generate --sign only"));
  if (o->status && !(sign && o->history) && !generate)
    return usage (error, _ ("--status applies to generate and sign --history only"));
  if (json && (keygen || sign))
    return usage (error, _ ("--json applies to verify only"));
  g_autoptr (GError) local = NULL;
  if (o->trusted_comment && !halo_sign_comment_valid (o->trusted_comment, &local))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE, "--trusted-comment: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
halo_sign_cmd_load_public_key (const HaloSignOptions *o, HaloPublicKey *pk, gboolean *have,
                               GError **error)
{
  *have = o->public_key || o->public_key_string;
  if (!*have)
    return TRUE;
  gboolean ok = o->public_key ? halo_public_key_load (o->public_key, pk, error)
                              : halo_public_key_from_base64 (o->public_key_string, pk, error);
  if (!ok && o->public_key_string)
    g_prefix_error (error, "--public-key-string: ");
  return ok;
}

static char *
secret_key_path (const HaloSignOptions *o)
{
  return o->secret_key ? g_strdup (o->secret_key) : halo_secret_key_default_path ();
}

/* The secret key, asking for its password when it is encrypted. */
HaloSecretKey *
halo_sign_cmd_open_secret_key (const HaloSignOptions *o, GError **error)
{
  if (!halo_sign_available (error))
    return NULL;
  g_autofree char *path = secret_key_path (o);
  g_autoptr (HaloSecretKeyFile) f = halo_secret_key_file_load (path, error);
  if (f == NULL)
    return NULL;
  char *password = NULL;
  if (halo_secret_key_file_kind (f) == HALO_SECRET_KEY_MINISIGN_SCRYPT)
    {
      password = halo_sign_read_password (o->password_file, _ ("Password: "), NULL, error);
      if (password == NULL)
        return NULL;
      if (!o->quiet)
        say (o, HALO_MESSAGE_ERROR, "%s", _ ("deriving a key from the password..."));
    }
  HaloSecretKey *sk = halo_secret_key_file_open (f, password, error);
  halo_sign_password_free (password);
  if (sk == NULL)
    g_prefix_error (error, "%s: ", path);
  return sk;
}

/* Write the secret key readable by its owner only, also over an old file. */
static gboolean
write_secret_key (const HaloSignOptions *o, const char *path, const char *text, GError **error)
{
  struct stat st;
  /* scan-build: path is never NULL here (secret_key_path always builds one). */
  if (lstat (path, &st) == 0 && S_ISREG (st.st_mode) && chmod (path, 0600) < 0)
    return halo_error_set_errno (error, errno, _ ("cannot replace %s: chmod"), path);
  mode_t old = umask (077);
  gboolean ok = o->force ? halo_file_replace (path, text, strlen (text), error)
                         : halo_file_create (path, text, strlen (text), error);
  umask (old);
  return ok;
}

/* Where keygen writes: refused when a file is there (unless --force); the
 * default secret key's directory created. */
static gboolean
keygen_prepare (const HaloSignOptions *o, const char *pub_path, const char *sec_path,
                GError **error)
{
  if (!o->force)
    for (const char *p = pub_path; p; p = p == pub_path ? sec_path : NULL)
      if (g_file_test (p, G_FILE_TEST_EXISTS) || g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_IO,
                       _ ("%s already exists: use --force to overwrite it"), p);
          return FALSE;
        }
  if (!o->secret_key)
    {
      g_autofree char *dir = g_path_get_dirname (sec_path);
      if (g_mkdir_with_parents (dir, 0700) < 0)
        {
          int errsv = errno;
          g_set_error (error, HALO_ERROR, HALO_ERROR_IO, _ ("cannot create directory %s: %s"), dir,
                       g_strerror (errsv));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
halo_sign_cmd_keygen (const HaloSignOptions *o, GError **error)
{
  const char *pub_path = o->public_key ? o->public_key : "minisign.pub";
  g_autofree char *sec_path = secret_key_path (o);
  if (!keygen_prepare (o, pub_path, sec_path, error))
    return FALSE;
  g_autoptr (HaloSecretKey) sk = NULL;
  if (!halo_sign_available (error) || (sk = halo_secret_key_generate (error)) == NULL)
    return FALSE;
  char *password = NULL;
  if (!o->no_password)
    {
      password = halo_sign_read_password (o->password_file, _ ("Password: "),
                                          _ ("Password (one more time): "), error);
      if (password == NULL)
        return FALSE;
      if (!o->quiet)
        say (o, HALO_MESSAGE_ERROR, "%s", _ ("deriving a key from the password..."));
    }
  g_autofree char *sec_text = halo_secret_key_to_text (sk, password, HALO_SCRYPT_OPSLIMIT_SENSITIVE,
                                                       HALO_SCRYPT_MEMLIMIT_SENSITIVE, error);
  halo_sign_password_free (password);
  if (sec_text == NULL)
    return FALSE;
  HaloPublicKey pk;
  halo_secret_key_public (sk, &pk);
  g_autofree char *pub_text = halo_public_key_to_text (&pk);
  gboolean ok = write_secret_key (o, sec_path, sec_text, error);
  halo_sign_wipe (sec_text, strlen (sec_text));
  if (!ok)
    return FALSE;
  ok = o->force ? halo_file_replace (pub_path, pub_text, strlen (pub_text), error)
                : halo_file_create (pub_path, pub_text, strlen (pub_text), error);
  if (!ok)
    return FALSE;
  if (!o->quiet)
    {
      g_autofree char *id = halo_public_key_id (pk.keynum);
      g_autofree char *shown_sec = halo_text_escape (sec_path);
      g_autofree char *shown_pub = halo_text_escape (pub_path);
      say (o, HALO_MESSAGE_OUTPUT, _ ("Secret key: %s (keep it secret)\n"), shown_sec);
      say (o, HALO_MESSAGE_OUTPUT, _ ("Public key: %s (key id %s)\n"), shown_pub, id);
    }
  return TRUE;
}

gboolean
halo_sign_cmd_sign (const HaloSignOptions *o, const char *const *files, GError **error)
{
  g_autoptr (HaloSecretKey) sk = halo_sign_cmd_open_secret_key (o, error);
  if (sk == NULL)
    return FALSE;
  for (const char *const *f = files; *f; f++)
    {
      if (!halo_sign_file (sk, *f, o->trusted_comment, o->signify, error))
        return FALSE;
      if (o->verbose)
        say (o, HALO_MESSAGE_ERROR,
             o->signify ? _ ("signed %s: wrote %s.minisig and %s.sig")
                        : _ ("signed %s: wrote %s.minisig"),
             *f, *f, *f);
    }
  if (o->history)
    {
      const char *status = o->status ? o->status : HALO_STATUS_DEFAULT_PATH;
      guint64 records = 0;
      if (!halo_sign_history_head (sk, status, &records, error))
        return FALSE;
      if (!o->quiet)
        {
          g_autofree char *head = halo_sign_head_path (status);
          g_autofree char *shown = halo_text_escape (head);
          say (o, HALO_MESSAGE_OUTPUT,
               ngettext ("signed the history head: %s covers %llu record\n",
                         "signed the history head: %s covers %llu records\n",
                         (unsigned long) records),
               shown, (unsigned long long) records);
        }
    }
  return TRUE;
}

void
halo_sign_options_clear (HaloSignOptions *o)
{
  g_clear_pointer (&o->public_key, g_free);
  g_clear_pointer (&o->public_key_string, g_free);
  g_clear_pointer (&o->secret_key, g_free);
  g_clear_pointer (&o->trusted_comment, g_free);
  g_clear_pointer (&o->password_file, g_free);
}
