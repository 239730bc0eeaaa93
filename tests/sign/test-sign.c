/* test-sign.c: the sign module: RFC 8032 vectors, S < L, strict base64, scrypt's
 * parameters, key files and signatures as minisign and signify write them. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gcrypt.h>

#include "halo-error.h"
#include "halo-sign.h"

static void
unhex (const char *hex, guint8 *out, gsize n)
{
  g_assert_cmpuint (strlen (hex), ==, 2 * n);
  for (gsize i = 0; i < n; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* RFC 8032 §7.1, tests 1 (empty message) and 2 (one byte, 0x72). */
static const struct
{
  const char *seed, *pk, *msg, *sig;
} rfc8032[] = {
  { "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
  { "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
};

static void
test_rfc8032 (void)
{
  g_assert_true (halo_sign_available (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (rfc8032); i++)
    {
      guint8 seed[32], pk[32], want[64], got_pk[32], sig[64], msg[1];
      gsize len = strlen (rfc8032[i].msg) / 2;
      unhex (rfc8032[i].seed, seed, 32);
      unhex (rfc8032[i].pk, pk, 32);
      unhex (rfc8032[i].sig, want, 64);
      unhex (rfc8032[i].msg, msg, len);
      g_assert_true (halo_ed25519_public_from_seed (seed, got_pk, NULL));
      g_assert_cmpmem (got_pk, 32, pk, 32);
      g_assert_true (halo_ed25519_sign (seed, pk, msg, len, sig, NULL));
      g_assert_cmpmem (sig, 64, want, 64);
      g_assert_true (halo_ed25519_verify (pk, msg, len, sig));
      sig[5] ^= 1;
      g_assert_false (halo_ed25519_verify (pk, msg, len, sig));
    }
}

/* S + L: the same point, a different encoding; libgcrypt alone accepts it. */
static void
add_group_order (guint8 s[32])
{
  static const char *l_hex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
  guint8 l[32];
  unhex (l_hex, l, 32);
  guint carry = 0;
  for (int i = 0; i < 32; i++)
    {
      guint v = s[i] + l[i] + carry;
      s[i] = (guint8) v;
      carry = v >> 8;
    }
}

static void
test_canonical_s (void)
{
  guint8 s[32] = { 0 };
  g_assert_true (halo_ed25519_s_is_canonical (s));
  unhex ("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", s, 32);
  g_assert_false (halo_ed25519_s_is_canonical (s)); /* L itself */
  s[0]--;
  g_assert_true (halo_ed25519_s_is_canonical (s)); /* L - 1 */
  memset (s, 0xff, 32);
  g_assert_false (halo_ed25519_s_is_canonical (s));

  guint8 seed[32], pk[32], sig[64];
  unhex (rfc8032[1].seed, seed, 32);
  unhex (rfc8032[1].pk, pk, 32);
  const guint8 msg = 0x72;
  g_assert_true (halo_ed25519_sign (seed, pk, &msg, 1, sig, NULL));
  add_group_order (sig + 32);
  g_assert_false (halo_ed25519_s_is_canonical (sig + 32));
  g_assert_false (halo_ed25519_verify (pk, &msg, 1, sig));
}

static void
test_base64 (void)
{
  guint8 out[5];
  g_assert_true (halo_sign_base64_decode ("RWQAAAE=", out, 5));
  g_assert_cmpmem (out, 5, "Ed\0\0\1", 5);
  g_assert_false (halo_sign_base64_decode ("RWQAAAE=", out, 4));   /* the wrong length */
  g_assert_false (halo_sign_base64_decode ("RWQAAAE", out, 5));    /* no padding */
  g_assert_false (halo_sign_base64_decode ("R!QAAAE=", out, 5));   /* GLib would skip the '!' */
  g_assert_false (halo_sign_base64_decode ("RWQA\nAE=", out, 5));  /* nor a newline */
  g_assert_false (halo_sign_base64_decode ("RWQAAAF=", out, 5));   /* bits after the data */
  g_assert_false (halo_sign_base64_decode ("RWQAAA==", out, 5));
  g_assert_false (halo_sign_base64_decode ("RWQAAAE= ", out, 5));
  g_assert_false (halo_sign_base64_decode ("", out, 5));
}

static void
test_scrypt_params (void)
{
  static const struct
  {
    guint64 ops, mem;
    guint n_log2, p;
  } cases[] = {
    { 33554432, 1073741824, 20, 1 },  /* minisign's SENSITIVE limits: N = 2^20, 1 GiB */
    { 16777216, 536870912, 19, 1 },   /* halved once, as minisign does on ENOMEM */
    { 524288, 16777216, 14, 1 },      /* libsodium's INTERACTIVE limits */
    { 1073741824, 16777216, 14, 2048 }, /* ops >= mem/32 with room: p > 1 */
    { 32768, 1073741824, 10, 1 },     /* ops < mem/32: N from ops */
    { 1000, 1073741824, 10, 1 },      /* ops raised to 32768 first */
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n_log2 = 0, p = 0;
      halo_scrypt_pick_params (cases[i].ops, cases[i].mem, &n_log2, &p);
      g_assert_cmpuint (n_log2, ==, cases[i].n_log2);
      g_assert_cmpuint (p, ==, cases[i].p);
    }
}

/* scrypt with cheap limits (N = 2^10): deterministic, password-dependent;
 * limits beyond libgcrypt's int N are refused, not truncated.  (Agreement with
 * libsodium is shown by sign-encrypted.test with minisign's own keys.) */
static void
test_scrypt_cheap (void)
{
  guint8 salt[32], a[32], b[32];
  gboolean enomem;
  memset (salt, 1, sizeof salt);
  g_assert_true (halo_scrypt ("password", salt, 32768, 16777216, a, sizeof a, &enomem, NULL));
  g_assert_true (halo_scrypt ("password", salt, 32768, 16777216, b, sizeof b, &enomem, NULL));
  g_assert_cmpmem (a, 32, b, 32);
  g_assert_true (halo_scrypt ("passwore", salt, 32768, 16777216, b, sizeof b, &enomem, NULL));
  g_assert_true (memcmp (a, b, 32) != 0);
  g_autoptr (GError) error = NULL;
  /* N = 2^31 does not fit libgcrypt's int. */
  g_assert_false (halo_scrypt ("password", salt, G_GUINT64_CONSTANT (1) << 40,
                               G_GUINT64_CONSTANT (1) << 42, a, sizeof a, &enomem, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
}

static HaloSecretKey *
rfc_key (void)
{
  HaloSecretKey *sk = g_new0 (HaloSecretKey, 1);
  unhex (rfc8032[0].seed, sk->seed, 32);
  unhex (rfc8032[0].pk, sk->pk, 32);
  memcpy (sk->keynum, "\xdb\xa3\x13\x0e\xe3\x67\x9f\xa6", 8);
  return sk;
}

static void
test_public_key_files (void)
{
  g_autoptr (HaloSecretKey) sk = rfc_key ();
  HaloPublicKey pk, back;
  halo_secret_key_public (sk, &pk);
  g_autofree char *id = halo_public_key_id (pk.keynum);
  g_assert_cmpstr (id, ==, "A69F67E30E13A3DB"); /* design/signatures.md's example */
  g_autofree char *text = halo_public_key_to_text (&pk);
  g_assert_true (g_str_has_prefix (text, "untrusted comment: minisign public key A69F67E30E13A3DB\nRW"));
  g_assert_cmpuint (strlen (strchr (text, '\n') + 1), ==, 57);
  g_assert_true (halo_public_key_parse (text, strlen (text), &back, NULL));
  g_assert_cmpmem (&back, sizeof back, &pk, sizeof pk);
  /* CRLF as an editor may leave it, and the base64 line alone. */
  g_autofree char *crlf = g_strdup (text);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *dos = g_strdup_printf ("%s\r\n%s\r\n", lines[0], lines[1]);
  g_assert_true (halo_public_key_parse (dos, strlen (dos), &back, NULL));
  g_assert_true (halo_public_key_from_base64 (lines[1], &back, NULL));

  g_autoptr (GError) error = NULL;
  g_autofree char *no_comment = g_strdup_printf ("%s\n", lines[1]);
  g_assert_false (halo_public_key_parse (no_comment, strlen (no_comment), &back, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *cut = g_strndup (lines[1], 55);
  g_assert_false (halo_public_key_from_base64 (cut, &back, &error));
  g_clear_error (&error);
  g_autofree char *sec_like = g_strdup (lines[1]);
  sec_like[1] = 'U'; /* "RU…": "ED", not a key */
  g_assert_false (halo_public_key_from_base64 (sec_like, &back, &error));
}

static void
test_secret_key_files (void)
{
  g_autoptr (HaloSecretKey) sk = rfc_key ();
  g_autoptr (GError) error = NULL;
  /* Unencrypted, as -W: its checksum is checked when not zero. */
  g_autofree char *plain = halo_secret_key_to_text (sk, NULL, 0, 0, &error);
  g_assert_nonnull (plain);
  g_assert_nonnull (strstr (plain, "\nRWQAAEIy"));
  g_autoptr (HaloSecretKeyFile) f = halo_secret_key_file_parse (plain, strlen (plain), &error);
  g_assert_nonnull (f);
  g_assert_cmpint (halo_secret_key_file_kind (f), ==, HALO_SECRET_KEY_MINISIGN_PLAIN);
  g_autoptr (HaloSecretKey) back = halo_secret_key_file_open (f, NULL, &error);
  g_assert_nonnull (back);
  g_assert_cmpmem (back, sizeof *back, sk, sizeof *sk);

  /* Encrypted with cheap limits (N = 2^10): the right and a wrong password. */
  g_autofree char *enc = halo_secret_key_to_text (sk, "correct horse", 32768, 16777216, &error);
  g_assert_nonnull (enc);
  g_assert_nonnull (strstr (enc, "\nRWRTY0Iy"));
  g_autoptr (HaloSecretKeyFile) ef = halo_secret_key_file_parse (enc, strlen (enc), &error);
  g_assert_cmpint (halo_secret_key_file_kind (ef), ==, HALO_SECRET_KEY_MINISIGN_SCRYPT);
  g_autoptr (HaloSecretKey) opened = halo_secret_key_file_open (ef, "correct horse", &error);
  g_assert_nonnull (opened);
  g_assert_cmpmem (opened, sizeof *opened, sk, sizeof *sk);
  g_assert_null (halo_secret_key_file_open (ef, "wrong horse", &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (halo_secret_key_file_open (ef, NULL, &error));
  g_clear_error (&error);

  /* A corrupt public half is caught by recomputing it from the seed. */
  g_autoptr (HaloSecretKey) bad = rfc_key ();
  bad->pk[0] ^= 1;
  g_autofree char *bad_text = halo_secret_key_to_text (bad, NULL, 0, 0, &error);
  g_autoptr (HaloSecretKeyFile) bf = halo_secret_key_file_parse (bad_text, strlen (bad_text), &error);
  g_assert_null (halo_secret_key_file_open (bf, NULL, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_clear_error (&error);

  /* signify: kdfrounds 0 is read; a passphrase (rounds 42) is refused, saying how to convert. */
  guint8 raw[104] = { 'E', 'd', 'B', 'K' };
  memcpy (raw + 32, sk->keynum, 8);
  memcpy (raw + 40, sk->seed, 32);
  memcpy (raw + 72, sk->pk, 32);
  guint8 sum[64];
  gcry_md_hash_buffer (GCRY_MD_SHA512, sum, raw + 40, 64);
  memcpy (raw + 24, sum, 8);
  g_autofree char *b64 = g_base64_encode (raw, sizeof raw);
  g_autofree char *sec = g_strdup_printf ("untrusted comment: signify secret key\n%s\n", b64);
  g_autoptr (HaloSecretKeyFile) sf = halo_secret_key_file_parse (sec, strlen (sec), &error);
  g_assert_no_error (error);
  g_assert_cmpint (halo_secret_key_file_kind (sf), ==, HALO_SECRET_KEY_SIGNIFY_PLAIN);
  g_autoptr (HaloSecretKey) from_signify = halo_secret_key_file_open (sf, NULL, &error);
  g_assert_nonnull (from_signify);
  g_assert_cmpmem (from_signify, sizeof *sk, sk, sizeof *sk);
  raw[7] = 42;
  g_autofree char *b64_enc = g_base64_encode (raw, sizeof raw);
  g_autofree char *sec_enc = g_strdup_printf ("untrusted comment: signify secret key\n%s\n", b64_enc);
  g_assert_null (halo_secret_key_file_parse (sec_enc, strlen (sec_enc), &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_assert_nonnull (error ? strstr (error->message, "signify-openbsd -G -n") : NULL);
}

static void
test_signatures (void)
{
  g_autoptr (HaloSecretKey) sk = rfc_key ();
  HaloPublicKey pk;
  halo_secret_key_public (sk, &pk);
  static const char data[] = "{\n  \"a\": \"00\"\n}";
  gsize len = sizeof data - 1;
  g_autoptr (GError) error = NULL;
  g_autofree char *sig = halo_sign_minisig (sk, data, len, "timestamp:1\tfile:m\thashed", &error);
  g_assert_nonnull (sig);
  g_autofree char *comment = NULL;
  g_assert_true (halo_sign_verify (&pk, data, len, sig, strlen (sig), TRUE, &comment, &error));
  g_assert_cmpstr (comment, ==, "timestamp:1\tfile:m\thashed");
  /* The file changed. */
  g_assert_false (halo_sign_verify (&pk, data, len - 1, sig, strlen (sig), TRUE, NULL, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_MISMATCH);
  g_clear_error (&error);
  /* The trusted comment edited. */
  g_autofree char *edited = g_strdup (sig);
  char *t = strstr (edited, "timestamp:1");
  t[10] = '2';
  g_assert_false (halo_sign_verify (&pk, data, len, edited, strlen (edited), TRUE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "trusted comment"));
  g_clear_error (&error);
  /* Another key (another key id). */
  HaloPublicKey other = pk;
  other.keynum[0] ^= 1;
  g_assert_false (halo_sign_verify (&other, data, len, sig, strlen (sig), TRUE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "another key"));
  g_clear_error (&error);
  /* A .minisig without its trusted comment lines is malformed. */
  g_autofree char *two = g_strndup (sig, strstr (sig, "trusted comment:") - sig);
  g_assert_false (halo_sign_verify (&pk, data, len, two, strlen (two), TRUE, NULL, &error));
  g_clear_error (&error);

  /* signify: "Ed" over the bytes; a legacy minisig is the same signature line. */
  g_autofree char *ssig = halo_sign_signify (sk, data, len, &error);
  g_assert_true (halo_sign_verify (&pk, data, len, ssig, strlen (ssig), FALSE, NULL, &error));
  g_assert_false (halo_sign_verify (&pk, "x", 1, ssig, strlen (ssig), FALSE, NULL, &error));
  g_clear_error (&error);
  /* A prehashed signature in a signify file is refused, as signify refuses it. */
  g_assert_false (halo_sign_verify (&pk, data, len, two, strlen (two), FALSE, NULL, &error));
  g_clear_error (&error);

  /* S + L in the signature line: refused as non-canonical. */
  g_auto (GStrv) lines = g_strsplit (ssig, "\n", -1);
  guint8 raw[74];
  g_assert_true (halo_sign_base64_decode (lines[1], raw, 74));
  add_group_order (raw + 10 + 32);
  g_autofree char *b64 = g_base64_encode (raw, 74);
  g_autofree char *malleated = g_strdup_printf ("%s\n%s\n", lines[0], b64);
  g_assert_false (
    halo_sign_verify (&pk, data, len, malleated, strlen (malleated), FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "non-canonical"));
}

/* libgcrypt's S-expressions hold at most 64 KiB a token: a longer message is
 * refused before libgcrypt sees it (it would abort the process). */
static void
test_long_messages (void)
{
  g_autoptr (HaloSecretKey) sk = rfc_key ();
  HaloPublicKey pk;
  halo_secret_key_public (sk, &pk);
  gsize len = HALO_ED25519_MAX_MESSAGE + 1;
  g_autofree guint8 *big = g_malloc0 (len);
  guint8 sig[64] = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_false (halo_ed25519_sign (sk->seed, sk->pk, big, len, sig, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (halo_ed25519_verify (sk->pk, big, len, sig));
  /* At the limit: signed and verified whole. */
  g_assert_true (halo_ed25519_sign (sk->seed, sk->pk, big, len - 1, sig, &error));
  g_assert_true (halo_ed25519_verify (sk->pk, big, len - 1, sig));
  /* The prehashed .minisig of a long message is fine; a signify .sig is refused. */
  g_autofree char *minisig = halo_sign_minisig (sk, big, len, "c", &error);
  g_assert_nonnull (minisig);
  g_assert_true (halo_sign_verify (&pk, big, len, minisig, strlen (minisig), TRUE, NULL, &error));
  g_assert_null (halo_sign_signify (sk, big, len, &error));
  g_clear_error (&error);
  g_autofree char *ssig = halo_sign_signify (sk, big, len - 1, &error);
  g_assert_false (halo_sign_verify (&pk, big, len, ssig, strlen (ssig), FALSE, NULL, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_MISMATCH);
}

static void
test_comments (void)
{
  g_autofree char *c = halo_sign_default_comment ("dir/rel\001ease.json", 1700000000);
  g_assert_cmpstr (c, ==, "timestamp:1700000000\tfile:rel?ease.json\thashed");
  g_assert_true (halo_sign_comment_valid ("a\tb", NULL));
  g_assert_false (halo_sign_comment_valid ("a\nb", NULL));
  g_assert_false (halo_sign_comment_valid ("\xff", NULL));
  g_autofree char *long_one = g_strnfill (HALO_SIGN_COMMENT_MAX + 1, 'x');
  g_assert_false (halo_sign_comment_valid (long_one, NULL));
  long_one[HALO_SIGN_COMMENT_MAX] = '\0';
  g_assert_true (halo_sign_comment_valid (long_one, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/sign/rfc8032", test_rfc8032);
  g_test_add_func ("/sign/canonical-s", test_canonical_s);
  g_test_add_func ("/sign/base64", test_base64);
  g_test_add_func ("/sign/scrypt-params", test_scrypt_params);
  g_test_add_func ("/sign/scrypt", test_scrypt_cheap);
  g_test_add_func ("/sign/public-key-files", test_public_key_files);
  g_test_add_func ("/sign/secret-key-files", test_secret_key_files);
  g_test_add_func ("/sign/signatures", test_signatures);
  g_test_add_func ("/sign/long-messages", test_long_messages);
  g_test_add_func ("/sign/comments", test_comments);
  return g_test_run ();
}
