/* halo-sign.c: minisign (.minisig) and signify (.sig) signatures: write and verify (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gcrypt.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-input.h"
#include "halo-sign.h"

#define COMMENT_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX "trusted comment: "
#define SIG_FILE_MAX 16384
#define SIGN_FILE_MAX ((gsize) 1 << 30) /* signify's own limit */
#define HASH_BUFFER_SIZE (64 * 1024)

char *
halo_sign_default_comment (const char *path, gint64 timestamp)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *valid = g_utf8_make_valid (base, -1);
  GString *s = g_string_new (NULL);
  g_string_printf (s, "timestamp:%" G_GINT64_FORMAT "\tfile:", timestamp);
  /* A name is not trusted to be printable: its control characters become '?'. */
  for (const char *p = valid; *p && s->len < HALO_SIGN_COMMENT_MAX - 16; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c))
        g_string_append_c (s, '?');
      else
        g_string_append_unichar (s, c);
    }
  g_string_append (s, "\thashed");
  return g_string_free (s, FALSE);
}

gboolean
halo_sign_comment_valid (const char *comment, GError **error)
{
  if (strlen (comment) > HALO_SIGN_COMMENT_MAX)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                   _ ("the trusted comment is longer than %d bytes"), HALO_SIGN_COMMENT_MAX);
      return FALSE;
    }
  if (!g_utf8_validate (comment, -1, NULL))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE, _ ("the trusted comment is not UTF-8"));
      return FALSE;
    }
  for (const char *p = comment; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != '\t' && g_unichar_iscntrl (c))
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                       _ ("the trusted comment holds a control character"));
          return FALSE;
        }
    }
  return TRUE;
}

static void
blake2b_512 (const void *data, gsize len, guint8 digest[64])
{
  gcry_md_hash_buffer (GCRY_MD_BLAKE2B_512, digest, data, len);
}

char *
halo_sign_minisig_prehashed (const HaloSecretKey *sk, const guint8 digest[64],
                             const char *trusted_comment, GError **error)
{
  if (!halo_sign_comment_valid (trusted_comment, error))
    return NULL;
  guint8 sig[74] = { 'E', 'D' };
  memcpy (sig + 2, sk->keynum, 8);
  if (!halo_ed25519_sign (sk->seed, sk->pk, digest, 64, sig + 10, error))
    return NULL;
  gsize tlen = strlen (trusted_comment);
  g_autofree guint8 *global_msg = g_malloc (64 + tlen);
  memcpy (global_msg, sig + 10, 64);
  memcpy (global_msg + 64, trusted_comment, tlen);
  guint8 global[64];
  if (!halo_ed25519_sign (sk->seed, sk->pk, global_msg, 64 + tlen, global, error))
    return NULL;
  /* scan-build: "potential leak of global_msg" is false: g_autofree frees it (clang 14's
   * analyzer does not model the cleanup attribute). */
  g_autofree char *b64_sig = g_base64_encode (sig, sizeof sig);
  g_autofree char *b64_global = g_base64_encode (global, sizeof global);
  return g_strdup_printf (COMMENT_PREFIX "signature from minisign secret key\n%s\n" TRUSTED_PREFIX
                                         "%s\n%s\n",
                          b64_sig, trusted_comment, b64_global);
}

char *
halo_sign_minisig (const HaloSecretKey *sk, const void *data, gsize len,
                   const char *trusted_comment, GError **error)
{
  guint8 digest[64];
  blake2b_512 (data, len, digest);
  return halo_sign_minisig_prehashed (sk, digest, trusted_comment, error);
}

char *
halo_sign_signify (const HaloSecretKey *sk, const void *data, gsize len, GError **error)
{
  guint8 sig[74] = { 'E', 'd' };
  memcpy (sig + 2, sk->keynum, 8);
  if (!halo_ed25519_sign (sk->seed, sk->pk, data, len, sig + 10, error))
    return NULL;
  g_autofree char *b64 = g_base64_encode (sig, sizeof sig);
  return g_strdup_printf (COMMENT_PREFIX "verify with minisign.pub\n%s\n", b64);
}

/* The lines of @text, each without "\n" (nor a "\r" before it). */
static GPtrArray *
split_lines (const char *text, gsize len)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text, *end = text + len;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      const char *next = nl ? nl + 1 : end;
      if (stop > p && stop[-1] == '\r')
        stop--;
      g_ptr_array_add (lines, g_strndup (p, stop - p));
      p = next;
    }
  return lines;
}

static gboolean
mismatch (GError **error, const char *reason)
{
  g_set_error_literal (error, HALO_ERROR, HALO_ERROR_MISMATCH, reason);
  return FALSE;
}

gboolean
halo_sign_verify (const HaloPublicKey *pk, const void *data, gsize len, const char *sig_text,
                  gsize sig_len, gboolean minisig, char **trusted_comment, GError **error)
{
  if (trusted_comment)
    *trusted_comment = NULL;
  if (memchr (sig_text, '\0', sig_len) != NULL)
    return mismatch (error, _ ("malformed signature: the file holds a NUL byte"));
  g_autoptr (GPtrArray) lines = split_lines (sig_text, sig_len);
  guint want_lines = minisig ? 4 : 2;
  if (lines->len != want_lines)
    return mismatch (error, minisig ? _ ("malformed signature: a .minisig file has 4 lines")
                                    : _ ("malformed signature: a signify .sig file has 2 lines"));
  const char *const *l = (const char *const *) lines->pdata;
  guint8 sig[74];
  if (!g_str_has_prefix (l[0], COMMENT_PREFIX) || !halo_sign_base64_decode (l[1], sig, 74))
    return mismatch (error, _ ("malformed signature: no untrusted comment and signature line"));
  gboolean prehashed = sig[0] == 'E' && sig[1] == 'D';
  if (!(sig[0] == 'E' && sig[1] == 'd') && !(minisig && prehashed))
    return mismatch (error, minisig ? _ ("malformed signature: unknown algorithm")
                                    : _ ("malformed signature: a signify signature must be "
                                         "pure Ed25519 (\"Ed\")"));
  const char *comment = NULL;
  guint8 global[64];
  if (minisig)
    {
      if (!g_str_has_prefix (l[2], TRUSTED_PREFIX) || !halo_sign_base64_decode (l[3], global, 64))
        return mismatch (error, _ ("malformed signature: no trusted comment and global signature"));
      comment = l[2] + strlen (TRUSTED_PREFIX);
    }
  if (memcmp (sig + 2, pk->keynum, 8) != 0)
    {
      g_autofree char *theirs = halo_public_key_id (sig + 2);
      g_autofree char *ours = halo_public_key_id (pk->keynum);
      g_autofree char *msg
        = g_strdup_printf (_ ("signed by another key: key id %s, not %s"), theirs, ours);
      return mismatch (error, msg);
    }
  if (!halo_ed25519_s_is_canonical (sig + 10 + 32)
      || (minisig && !halo_ed25519_s_is_canonical (global + 32)))
    return mismatch (error, _ ("non-canonical signature (S is not below the group order)"));
  guint8 digest[64];
  if (prehashed)
    blake2b_512 (data, len, digest);
  if (!prehashed && len > HALO_ED25519_MAX_MESSAGE)
    {
      g_autofree char *msg = g_strdup_printf (
        _ ("cannot check a signature over the whole file: it has %zu bytes, libgcrypt takes at "
           "most %d (sign it with minisign's default, prehashed signature)"),
        len, HALO_ED25519_MAX_MESSAGE);
      return mismatch (error, msg);
    }
  if (!halo_ed25519_verify (pk->pk, prehashed ? digest : data, prehashed ? 64 : len, sig + 10))
    return mismatch (error, _ ("bad signature: the file is not what the key signed"));
  if (minisig)
    {
      gsize tlen = strlen (comment);
      g_autofree guint8 *global_msg = g_malloc (64 + tlen);
      memcpy (global_msg, sig + 10, 64);
      memcpy (global_msg + 64, comment, tlen);
      if (!halo_ed25519_verify (pk->pk, global_msg, 64 + tlen, global))
        return mismatch (error, _ ("bad signature of the trusted comment"));
      /* scan-build: "potential leak of global_msg" is false: g_autofree frees it (clang 14's
       * analyzer does not model the cleanup attribute). */
      if (trusted_comment)
        *trusted_comment = g_strdup (comment);
    }
  return TRUE;
}

/* BLAKE2b-512 of the file at @path, streamed through a fixed buffer. */
static gboolean
blake2b_file (const char *path, guint8 digest[64], GError **error)
{
  struct stat st;
  int fd = halo_file_open_regular (path, &st, error);
  if (fd < 0)
    return FALSE;
  gcry_md_hd_t h = NULL;
  gcry_error_t err = gcry_md_open (&h, GCRY_MD_BLAKE2B_512, 0);
  if (err)
    {
      close (fd);
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO, "BLAKE2b: %s", gcry_strerror (err));
      return FALSE;
    }
  g_autofree guint8 *buf = g_malloc (HASH_BUFFER_SIZE);
  ssize_t n;
  int errsv = 0;
  while ((n = read (fd, buf, HASH_BUFFER_SIZE)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          errsv = errno;
          break;
        }
      gcry_md_write (h, buf, n);
    }
  if (!errsv)
    memcpy (digest, gcry_md_read (h, GCRY_MD_BLAKE2B_512), 64);
  gcry_md_close (h);
  close (fd);
  if (errsv)
    return halo_error_set_errno (error, errsv, _ ("cannot read %s"), path);
  return TRUE;
}

gboolean
halo_sign_file (const HaloSecretKey *sk, const char *path, const char *comment, gboolean signify,
                GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint8 digest[64];
  /* signify signs the bytes themselves, so they are read whole (as signify
   * does, up to 1 GiB); minisign's default needs only their digest. */
  if (signify ? !halo_file_read_regular (path, SIGN_FILE_MAX, &data, &len, error)
              : !blake2b_file (path, digest, error))
    return FALSE;
  if (signify && len > HALO_ED25519_MAX_MESSAGE)
    {
      /* Before anything is written. */
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("%s: too large for --signify: %zu bytes (libgcrypt signs at most %d whole); "
                      "its .minisig (prehashed) has no such limit"),
                   path, len, HALO_ED25519_MAX_MESSAGE);
      return FALSE;
    }
  if (signify)
    blake2b_512 (data, len, digest);
  g_autofree char *default_comment
    = comment ? NULL : halo_sign_default_comment (path, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *minisig
    = halo_sign_minisig_prehashed (sk, digest, comment ? comment : default_comment, error);
  if (minisig == NULL)
    return FALSE;
  g_autofree char *minisig_path = g_strconcat (path, ".minisig", NULL);
  if (!halo_file_replace (minisig_path, minisig, strlen (minisig), error))
    return FALSE;
  if (!signify)
    return TRUE;
  g_autofree char *sig = halo_sign_signify (sk, data, len, error);
  g_autofree char *sig_path = g_strconcat (path, ".sig", NULL);
  return sig != NULL && halo_file_replace (sig_path, sig, strlen (sig), error);
}

static gboolean
read_file (const char *path, gsize max_size, gboolean users_file, char **data, gsize *len,
           GError **error)
{
  return users_file ? halo_input_read (path, max_size, data, len, error)
                    : halo_file_read_regular (path, max_size, data, len, error);
}

gboolean
halo_sign_check_file (const char *path, gsize max_size, gboolean users_file,
                      const HaloPublicKey *pk, char **sig_path, GBytes **contents, GError **error)
{
  g_autofree char *minisig_path = g_strconcat (path, ".minisig", NULL);
  g_autofree char *signify_path = g_strconcat (path, ".sig", NULL);
  gboolean minisig = g_file_test (minisig_path, G_FILE_TEST_EXISTS)
                     || !g_file_test (signify_path, G_FILE_TEST_EXISTS);
  *sig_path = g_strdup (minisig ? minisig_path : signify_path);

  g_autofree char *data = NULL;
  gsize len = 0;
  if (!read_file (path, max_size, users_file, &data, &len, error))
    return FALSE;
  g_autofree char *sig = NULL;
  gsize sig_len = 0;
  g_autoptr (GError) local = NULL;
  if (!read_file (*sig_path, SIG_FILE_MAX, users_file, &sig, &sig_len, &local))
    {
      g_autofree char *msg = !g_file_test (*sig_path, G_FILE_TEST_EXISTS)
                               ? g_strdup_printf (_ ("no signature: neither %s nor %s exists"),
                                                  minisig_path, signify_path)
                               : g_strdup_printf (_ ("unreadable signature: %s"), local->message);
      return mismatch (error, msg);
    }
  if (!halo_sign_verify (pk, data, len, sig, sig_len, minisig, NULL, error))
    return FALSE;
  if (contents)
    *contents = g_bytes_new_take (g_steal_pointer (&data), len);
  return TRUE;
}
