/* halo-sign-ed25519.c: Ed25519, strict base64 and scrypt over libgcrypt (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gcrypt.h>
#include <glib/gi18n.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-sign.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gcry_sexp_t, gcry_sexp_release, NULL)

void
halo_sign_wipe (void *p, gsize len)
{
  volatile guint8 *v = p;
  while (len--)
    *v++ = 0;
}

/* The group order L = 2^252 + 27742317777372353535851937790883648493, little endian. */
static const guint8 group_order[32] = {
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

gboolean
halo_ed25519_s_is_canonical (const guint8 s[32])
{
  for (int i = 31; i >= 0; i--)
    if (s[i] != group_order[i])
      return s[i] < group_order[i];
  return FALSE; /* S == L */
}

static gboolean
gcry_failed (GError **error, const char *what, gcry_error_t err)
{
  g_set_error (error, HALO_ERROR, HALO_ERROR_IO, "%s: %s", what, gcry_strerror (err));
  return FALSE;
}

/* A token's value as exactly @len bytes, left-padded: libgcrypt may drop
 * leading zero bytes. */
static gboolean
sexp_get_fixed (gcry_sexp_t sexp, const char *name, guint8 *out, gsize len)
{
  g_auto (gcry_sexp_t) tok = gcry_sexp_find_token (sexp, name, 0);
  size_t n = 0;
  const char *data = tok ? gcry_sexp_nth_data (tok, 1, &n) : NULL;
  if (data == NULL || n > len)
    return FALSE;
  memset (out, 0, len - n);
  memcpy (out + len - n, data, n);
  return TRUE;
}

gboolean
halo_ed25519_public_from_seed (const guint8 seed[32], guint8 pk[32], GError **error)
{
  g_auto (gcry_sexp_t) key = NULL;
  gcry_error_t err = gcry_sexp_build (
    &key, NULL, "(private-key(ecc(curve Ed25519)(flags eddsa)(d %b)))", 32, seed);
  if (err)
    return gcry_failed (error, "Ed25519", err);
  gcry_ctx_t ctx = NULL;
  err = gcry_mpi_ec_new (&ctx, key, NULL);
  if (err)
    return gcry_failed (error, "Ed25519", err);
  gcry_mpi_t q = gcry_mpi_ec_get_mpi ("q@eddsa", ctx, 1);
  gcry_ctx_release (ctx);
  unsigned int nbits = 0;
  const guint8 *p = q ? gcry_mpi_get_opaque (q, &nbits) : NULL;
  gboolean ok = p != NULL && nbits == 256;
  if (ok)
    memcpy (pk, p, 32);
  gcry_mpi_release (q);
  if (!ok)
    g_set_error (error, HALO_ERROR, HALO_ERROR_IO, "Ed25519: %s",
                 _ ("cannot compute the public key"));
  return ok;
}

gboolean
halo_ed25519_sign (const guint8 seed[32], const guint8 pk[32], const void *msg, gsize len,
                   guint8 sig[64], GError **error)
{
  if (len > HALO_ED25519_MAX_MESSAGE)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("too large for a signature over the whole file: %zu bytes (libgcrypt "
                      "takes at most %d); minisign's prehashed signature has no such limit"),
                   len, HALO_ED25519_MAX_MESSAGE);
      return FALSE;
    }
  g_auto (gcry_sexp_t) key = NULL;
  g_auto (gcry_sexp_t) data = NULL;
  g_auto (gcry_sexp_t) s = NULL;
  gcry_error_t err = gcry_sexp_build (
    &key, NULL, "(private-key(ecc(curve Ed25519)(flags eddsa)(q %b)(d %b)))", 32, pk, 32, seed);
  if (!err)
    err = gcry_sexp_build (&data, NULL, "(data(flags eddsa)(hash-algo sha512)(value %b))",
                           (int) len, len ? msg : "");
  if (!err)
    err = gcry_pk_sign (&s, data, key);
  if (err)
    return gcry_failed (error, "Ed25519", err);
  if (!sexp_get_fixed (s, "r", sig, 32) || !sexp_get_fixed (s, "s", sig + 32, 32))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO, "Ed25519: %s",
                   _ ("unexpected signature from libgcrypt"));
      return FALSE;
    }
  return TRUE;
}

gboolean
halo_ed25519_verify (const guint8 pk[32], const void *msg, gsize len, const guint8 sig[64])
{
  if (len > HALO_ED25519_MAX_MESSAGE || !halo_ed25519_s_is_canonical (sig + 32))
    return FALSE;
  g_auto (gcry_sexp_t) key = NULL;
  g_auto (gcry_sexp_t) data = NULL;
  g_auto (gcry_sexp_t) s = NULL;
  gcry_error_t err
    = gcry_sexp_build (&key, NULL, "(public-key(ecc(curve Ed25519)(flags eddsa)(q %b)))", 32, pk);
  if (!err)
    err = gcry_sexp_build (&data, NULL, "(data(flags eddsa)(hash-algo sha512)(value %b))",
                           (int) len, len ? msg : "");
  if (!err)
    err = gcry_sexp_build (&s, NULL, "(sig-val(eddsa(r %b)(s %b)))", 32, sig, 32, sig + 32);
  return !err && gcry_pk_verify (s, data, key) == 0;
}

/* RFC 8032 §7.1, test 2: one message byte 0x72. */
static gboolean
known_answer_test (void)
{
  static const guint8 seed[32] = { 0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3,
                                   0x46, 0xec, 0x11, 0x4e, 0x0f, 0x5b, 0x8a, 0x31, 0x9f, 0x35, 0xab,
                                   0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb };
  static const guint8 pk[32] = { 0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a,
                                 0xa7, 0x4d, 0x1b, 0x7e, 0xbc, 0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4,
                                 0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c };
  static const guint8 sig_r[8] = { 0x92, 0xa0, 0x09, 0xa9, 0xf0, 0xd4, 0xca, 0xb8 };
  guint8 got_pk[32], sig[64];
  const guint8 msg = 0x72;
  return halo_ed25519_public_from_seed (seed, got_pk, NULL) && memcmp (got_pk, pk, 32) == 0
         && halo_ed25519_sign (seed, pk, &msg, 1, sig, NULL) && memcmp (sig, sig_r, 8) == 0
         && halo_ed25519_verify (pk, &msg, 1, sig);
}

gboolean
halo_sign_available (GError **error)
{
  static int state; /* 0 untested, 1 available, 2 not */
  if (!halo_digest_init (error))
    return FALSE;
  if (state == 0)
    state = !gcry_fips_mode_active () && gcry_md_test_algo (GCRY_MD_BLAKE2B_512) == 0
                && gcry_md_test_algo (GCRY_MD_BLAKE2B_256) == 0
                && gcry_pk_test_algo (GCRY_PK_EDDSA) == 0 && known_answer_test ()
              ? 1
              : 2;
  if (state == 1)
    return TRUE;
  g_set_error (error, HALO_ERROR, HALO_ERROR_IO,
               gcry_fips_mode_active () ? _ ("signing unavailable (FIPS mode)")
                                        : _ ("signing unavailable: libgcrypt's Ed25519 or "
                                             "BLAKE2b is missing or failed its self-test"));
  return FALSE;
}

gboolean
halo_sign_base64_decode (const char *line, guint8 *out, gsize len)
{
  gsize want = (len + 2) / 3 * 4;
  if (strlen (line) != want)
    return FALSE;
  for (gsize i = 0; i < want; i++)
    if (!g_ascii_isalnum (line[i]) && line[i] != '+' && line[i] != '/' && line[i] != '=')
      return FALSE;
  gsize n = 0;
  g_autofree guint8 *raw = g_base64_decode (line, &n);
  if (raw == NULL || n != len)
    {
      if (raw)
        halo_sign_wipe (raw, n);
      return FALSE;
    }
  g_autofree char *again = g_base64_encode (raw, n);
  gboolean ok = strcmp (again, line) == 0;
  if (ok)
    memcpy (out, raw, len);
  halo_sign_wipe (raw, n);
  halo_sign_wipe (again, strlen (again));
  return ok;
}

void
halo_scrypt_pick_params (guint64 opslimit, guint64 memlimit, guint *n_log2, guint *p)
{
  const guint64 r = 8;
  guint64 max_n;
  if (opslimit < 32768)
    opslimit = 32768;
  if (opslimit < memlimit / 32)
    {
      *p = 1;
      max_n = opslimit / (r * 4);
    }
  else
    max_n = memlimit / (r * 128);
  for (*n_log2 = 1; *n_log2 < 63; (*n_log2)++)
    if ((G_GUINT64_CONSTANT (1) << *n_log2) > max_n / 2)
      break;
  if (!(opslimit < memlimit / 32))
    {
      guint64 max_rp = (opslimit / 4) / (G_GUINT64_CONSTANT (1) << *n_log2);
      if (max_rp > 0x3fffffff)
        max_rp = 0x3fffffff;
      *p = (guint) (max_rp / r);
    }
}

gboolean
halo_scrypt (const char *password, const guint8 salt[32], guint64 opslimit, guint64 memlimit,
             guint8 *out, gsize len, gboolean *enomem, GError **error)
{
  guint n_log2, p;
  halo_scrypt_pick_params (opslimit, memlimit, &n_log2, &p);
  *enomem = FALSE;
  /* libgcrypt takes N as an int; libsodium refuses p = 0 as well. */
  if (n_log2 > 30 || p == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("unsupported scrypt limits (opslimit %llu, memlimit %llu)"),
                   (unsigned long long) opslimit, (unsigned long long) memlimit);
      return FALSE;
    }
  gpg_error_t err = gcry_kdf_derive (password, strlen (password), GCRY_KDF_SCRYPT,
                                     (int) (1u << n_log2), salt, 32, p, len, out);
  if (err)
    {
      *enomem = gpg_err_code (err) == GPG_ERR_ENOMEM;
      return gcry_failed (error, "scrypt", err);
    }
  return TRUE;
}
