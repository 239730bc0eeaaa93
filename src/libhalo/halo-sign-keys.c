/* halo-sign-keys.c: minisign and signify key files, scrypt-encrypted secret keys (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gcrypt.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-sign.h"

#define KEY_FILE_MAX 4096
#define COMMENT_PREFIX "untrusted comment: "

/* minisign's SeckeyStruct (158 bytes) and signify's enckey (104 bytes). */
enum
{
  MS_SIG_ALG = 0,
  MS_KDF_ALG = 2,
  MS_CHK_ALG = 4,
  MS_SALT = 6,
  MS_OPSLIMIT = 38,
  MS_MEMLIMIT = 46,
  MS_KEYNUM = 54, /* keynum, seed, pk, chk: the encrypted region, 104 bytes */
  MS_SEED = 62,
  MS_PK = 94,
  MS_CHK = 126,
  MS_SIZE = 158,
  SF_ROUNDS = 4,
  SF_CHECKSUM = 24,
  SF_KEYNUM = 32,
  SF_SECKEY = 40,
  SF_SIZE = 104,
};

struct _HaloSecretKeyFile
{
  HaloSecretKeyKind kind;
  guint8 raw[MS_SIZE];
};

HaloSecretKey *
halo_secret_key_generate (GError **error)
{
  g_autoptr (HaloSecretKey) sk = g_new0 (HaloSecretKey, 1);
  gcry_randomize (sk->keynum, sizeof sk->keynum, GCRY_STRONG_RANDOM);
  gcry_randomize (sk->seed, sizeof sk->seed, GCRY_VERY_STRONG_RANDOM);
  if (!halo_ed25519_public_from_seed (sk->seed, sk->pk, error))
    return NULL;
  return g_steal_pointer (&sk);
}

void
halo_secret_key_free (HaloSecretKey *sk)
{
  if (sk == NULL)
    return;
  halo_sign_wipe (sk, sizeof *sk);
  g_free (sk);
}

void
halo_secret_key_public (const HaloSecretKey *sk, HaloPublicKey *pk)
{
  memcpy (pk->keynum, sk->keynum, 8);
  memcpy (pk->pk, sk->pk, 32);
}

char *
halo_public_key_id (const guint8 keynum[8])
{
  guint64 id = 0;
  for (int i = 7; i >= 0; i--)
    id = (id << 8) | keynum[i];
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", id);
}

/* Line @n (0-based) of @text without its "\n" (nor a "\r" before it), or NULL. */
static char *
nth_line (const char *text, gsize len, guint n)
{
  const char *p = text, *end = text + len;
  for (guint i = 0; p < end; i++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      if (i == n)
        {
          if (stop > p && stop[-1] == '\r')
            stop--;
          return g_strndup (p, stop - p);
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return NULL;
}

/* The base64 line of a key file (after its "untrusted comment:" line). */
static gboolean
key_file_data (const char *text, gsize len, const char *what, guint8 *out, gsize n, GError **error)
{
  g_autofree char *comment = nth_line (text, len, 0);
  g_autofree char *b64 = nth_line (text, len, 1);
  if (memchr (text, '\0', len) != NULL || comment == NULL
      || !g_str_has_prefix (comment, COMMENT_PREFIX))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("not a %s: the first line must start with \"untrusted comment: \""), what);
      return FALSE;
    }
  gboolean ok = b64 && halo_sign_base64_decode (b64, out, n);
  if (b64)
    halo_sign_wipe (b64, strlen (b64));
  if (!ok)
    g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                 _ ("not a %s: the second line is not the base64 of %u bytes"), what, (guint) n);
  return ok;
}

gboolean
halo_public_key_from_base64 (const char *b64, HaloPublicKey *pk, GError **error)
{
  guint8 raw[42];
  if (!halo_sign_base64_decode (b64, raw, sizeof raw) || raw[0] != 'E' || raw[1] != 'd')
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("not a minisign or signify public key (the base64 of 42 bytes starting "
                      "with \"Ed\")"));
      return FALSE;
    }
  memcpy (pk->keynum, raw + 2, 8);
  memcpy (pk->pk, raw + 10, 32);
  return TRUE;
}

gboolean
halo_public_key_parse (const char *text, gsize len, HaloPublicKey *pk, GError **error)
{
  guint8 raw[42];
  if (!key_file_data (text, len, _ ("public key"), raw, sizeof raw, error))
    return FALSE;
  g_autofree char *b64 = nth_line (text, len, 1);
  return halo_public_key_from_base64 (b64, pk, error);
}

gboolean
halo_public_key_load (const char *path, HaloPublicKey *pk, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, KEY_FILE_MAX, &text, &len, error))
    return FALSE;
  if (!halo_public_key_parse (text, len, pk, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

char *
halo_public_key_to_text (const HaloPublicKey *pk)
{
  guint8 raw[42] = { 'E', 'd' };
  memcpy (raw + 2, pk->keynum, 8);
  memcpy (raw + 10, pk->pk, 32);
  g_autofree char *id = halo_public_key_id (pk->keynum);
  g_autofree char *b64 = g_base64_encode (raw, sizeof raw);
  return g_strdup_printf (COMMENT_PREFIX "minisign public key %s\n%s\n", id, b64);
}

static guint64
load_le64 (const guint8 *p)
{
  guint64 v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void
store_le64 (guint8 *p, guint64 v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (guint8) (v >> (8 * i));
}

HaloSecretKeyFile *
halo_secret_key_file_parse (const char *text, gsize len, GError **error)
{
  g_autoptr (HaloSecretKeyFile) f = g_new0 (HaloSecretKeyFile, 1);
  g_autofree char *b64 = nth_line (text, len, 1);
  gsize b64_len = b64 ? strlen (b64) : 0;
  if (b64)
    halo_sign_wipe (b64, b64_len);
  if (b64_len == (SF_SIZE + 2) / 3 * 4)
    {
      if (!key_file_data (text, len, _ ("signify secret key"), f->raw, SF_SIZE, error))
        return NULL;
      if (memcmp (f->raw, "EdBK", 4) != 0)
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("not a signify secret key: it does not start with \"EdBK\""));
          return NULL;
        }
      guint32 rounds = (guint32) f->raw[SF_ROUNDS] << 24 | (guint32) f->raw[SF_ROUNDS + 1] << 16
                       | (guint32) f->raw[SF_ROUNDS + 2] << 8 | f->raw[SF_ROUNDS + 3];
      if (rounds != 0)
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("this signify secret key is protected by a passphrase (bcrypt_pbkdf), "
                          "which HALO cannot read: make an unprotected copy with "
                          "\"signify-openbsd -G -n\" for a new key, or use a minisign key "
                          "(halo-integrity keygen): signify verifies its signatures too"));
          return NULL;
        }
      f->kind = HALO_SECRET_KEY_SIGNIFY_PLAIN;
      return g_steal_pointer (&f);
    }
  if (!key_file_data (text, len, _ ("minisign secret key"), f->raw, MS_SIZE, error))
    /* scan-build: "potential leak of f" is false: g_autoptr frees it (clang 14's
     * analyzer does not model the cleanup attribute). */
    return NULL;
  if (memcmp (f->raw + MS_SIG_ALG, "Ed", 2) != 0 || memcmp (f->raw + MS_CHK_ALG, "B2", 2) != 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("not a minisign secret key: unsupported signature or checksum algorithm"));
      return NULL;
    }
  if (memcmp (f->raw + MS_KDF_ALG, "Sc", 2) == 0)
    f->kind = HALO_SECRET_KEY_MINISIGN_SCRYPT;
  else if (f->raw[MS_KDF_ALG] == 0 && f->raw[MS_KDF_ALG + 1] == 0)
    f->kind = HALO_SECRET_KEY_MINISIGN_PLAIN;
  else
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("not a minisign secret key: unsupported key derivation algorithm"));
      return NULL;
    }
  return g_steal_pointer (&f);
}

HaloSecretKeyFile *
halo_secret_key_file_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, KEY_FILE_MAX, &text, &len, error))
    return NULL;
  HaloSecretKeyFile *f = halo_secret_key_file_parse (text, len, error);
  halo_sign_wipe (text, len);
  if (f == NULL)
    g_prefix_error (error, "%s: ", path);
  return f;
}

void
halo_secret_key_file_free (HaloSecretKeyFile *f)
{
  if (f == NULL)
    return;
  halo_sign_wipe (f, sizeof *f);
  g_free (f);
}

HaloSecretKeyKind
halo_secret_key_file_kind (const HaloSecretKeyFile *f)
{
  return f->kind;
}

/* minisign's chk: BLAKE2b-256 of sig_alg, keynum and the 64-byte secret key. */
static void
minisign_checksum (const guint8 *raw, guint8 chk[32])
{
  guint8 buf[74];
  memcpy (buf, raw + MS_SIG_ALG, 2);
  memcpy (buf + 2, raw + MS_KEYNUM, 72);
  gcry_md_hash_buffer (GCRY_MD_BLAKE2B_256, chk, buf, sizeof buf);
  halo_sign_wipe (buf, sizeof buf);
}

static gboolean
is_zero (const guint8 *p, gsize n)
{
  guint8 acc = 0;
  for (gsize i = 0; i < n; i++)
    acc |= p[i];
  return acc == 0;
}

/* The key held by @raw (decrypted), its stored public key checked against the seed. */
static HaloSecretKey *
key_from (const guint8 *keynum, const guint8 *seed, const guint8 *pk, GError **error)
{
  g_autoptr (HaloSecretKey) sk = g_new0 (HaloSecretKey, 1);
  memcpy (sk->keynum, keynum, 8);
  memcpy (sk->seed, seed, 32);
  if (!halo_ed25519_public_from_seed (sk->seed, sk->pk, error))
    return NULL;
  if (memcmp (sk->pk, pk, 32) != 0)
    {
      /* scan-build: "potential leak of sk" is false: g_autoptr frees it (clang 14's
       * analyzer does not model the cleanup attribute). */
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("the secret key is corrupt: its public half does not match its seed"));
      return NULL;
    }
  return g_steal_pointer (&sk);
}

HaloSecretKey *
halo_secret_key_file_open (const HaloSecretKeyFile *f, const char *password, GError **error)
{
  guint8 raw[MS_SIZE];
  HaloSecretKey *sk = NULL;
  memcpy (raw, f->raw, sizeof raw);
  if (f->kind == HALO_SECRET_KEY_SIGNIFY_PLAIN)
    {
      guint8 sum[64];
      gcry_md_hash_buffer (GCRY_MD_SHA512, sum, raw + SF_SECKEY, 64);
      if (memcmp (sum, raw + SF_CHECKSUM, 8) != 0)
        g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                     _ ("the signify secret key is corrupt: its checksum does not match"));
      else
        sk = key_from (raw + SF_KEYNUM, raw + SF_SECKEY, raw + SF_SECKEY + 32, error);
      halo_sign_wipe (sum, sizeof sum);
      halo_sign_wipe (raw, sizeof raw);
      return sk;
    }
  if (f->kind == HALO_SECRET_KEY_MINISIGN_SCRYPT)
    {
      guint8 stream[MS_SIZE - MS_KEYNUM];
      gboolean enomem;
      if (password == NULL)
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                       _ ("the secret key is encrypted: a password is needed"));
          return NULL;
        }
      if (!halo_scrypt (password, raw + MS_SALT, load_le64 (raw + MS_OPSLIMIT),
                        load_le64 (raw + MS_MEMLIMIT), stream, sizeof stream, &enomem, error))
        return NULL;
      for (gsize i = 0; i < sizeof stream; i++)
        raw[MS_KEYNUM + i] ^= stream[i];
      halo_sign_wipe (stream, sizeof stream);
    }
  guint8 chk[32];
  minisign_checksum (raw, chk);
  gboolean chk_ok = memcmp (chk, raw + MS_CHK, 32) == 0;
  if (f->kind == HALO_SECRET_KEY_MINISIGN_SCRYPT && !chk_ok)
    g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("wrong password for that key"));
  else if (!chk_ok && !is_zero (raw + MS_CHK, 32))
    g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                 _ ("the secret key is corrupt: its checksum does not match"));
  else
    sk = key_from (raw + MS_KEYNUM, raw + MS_SEED, raw + MS_PK, error);
  halo_sign_wipe (chk, sizeof chk);
  halo_sign_wipe (raw, sizeof raw);
  return sk;
}

char *
halo_secret_key_to_text (const HaloSecretKey *sk, const char *password, guint64 opslimit,
                         guint64 memlimit, GError **error)
{
  guint8 raw[MS_SIZE] = { 'E', 'd', 0, 0, 'B', '2' };
  memcpy (raw + MS_KEYNUM, sk->keynum, 8);
  memcpy (raw + MS_SEED, sk->seed, 32);
  memcpy (raw + MS_PK, sk->pk, 32);
  minisign_checksum (raw, raw + MS_CHK);
  if (password)
    {
      guint8 stream[MS_SIZE - MS_KEYNUM];
      gboolean enomem = TRUE;
      g_autoptr (GError) local = NULL;
      memcpy (raw + MS_KDF_ALG, "Sc", 2);
      gcry_randomize (raw + MS_SALT, 32, GCRY_STRONG_RANDOM);
      /* As minisign: halve both limits while memory runs out. */
      while (!halo_scrypt (password, raw + MS_SALT, opslimit, memlimit, stream, sizeof stream,
                           &enomem, &local))
        {
          opslimit /= 2;
          memlimit /= 2;
          if (!enomem || opslimit < HALO_SCRYPT_OPSLIMIT_MIN || memlimit < HALO_SCRYPT_MEMLIMIT_MIN)
            {
              halo_sign_wipe (raw, sizeof raw);
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          g_clear_error (&local);
        }
      store_le64 (raw + MS_OPSLIMIT, opslimit);
      store_le64 (raw + MS_MEMLIMIT, memlimit);
      for (gsize i = 0; i < sizeof stream; i++)
        raw[MS_KEYNUM + i] ^= stream[i];
      halo_sign_wipe (stream, sizeof stream);
    }
  char *b64 = g_base64_encode (raw, sizeof raw);
  halo_sign_wipe (raw, sizeof raw);
  char *text = g_strdup_printf (
    COMMENT_PREFIX "%s\n%s\n",
    password ? "minisign encrypted secret key" : "minisign secret key (not encrypted)", b64);
  halo_sign_wipe (b64, strlen (b64));
  g_free (b64);
  return text;
}

char *
halo_secret_key_default_path (void)
{
  const char *dir = g_getenv ("MINISIGN_CONFIG_DIR");
  if (dir && *dir)
    return g_build_filename (dir, "minisign.key", NULL);
  return g_build_filename (g_get_home_dir (), ".minisign", "minisign.key", NULL);
}
