/* halo-sign.h: Ed25519 keys and signatures in minisign's and signify's formats (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

G_BEGIN_DECLS

#define HALO_SIGN_COMMENT_MAX 1000 /* bytes of a trusted or untrusted comment */

/* ---- Primitives (halo-sign-ed25519.c) ---- */

/* Can this libgcrypt sign and verify here?  FALSE in FIPS mode ("signing
 * unavailable (FIPS mode)"), without BLAKE2b, or when Ed25519 fails its
 * known-answer test (RFC 8032 test 2).  Call before any other function. */
gboolean halo_sign_available (GError **error);

/* S of a signature (its last 32 bytes) is below the group order L, as
 * libsodium requires; libgcrypt 1.10 accepts S + L. */
gboolean halo_ed25519_s_is_canonical (const guint8 s[32]);
/* libgcrypt keeps each S-expression token under 64 KiB (its lengths are 16
 * bits): past this a message cannot be signed or verified whole; larger
 * ones are refused, never handed to libgcrypt (which would abort). */
#define HALO_ED25519_MAX_MESSAGE 64512
gboolean halo_ed25519_public_from_seed (const guint8 seed[32], guint8 pk[32], GError **error);
gboolean halo_ed25519_sign (const guint8 seed[32], const guint8 pk[32], const void *msg, gsize len,
                            guint8 sig[64], GError **error);
/* TRUE if @sig is a valid canonical signature of @msg by @pk. */
gboolean halo_ed25519_verify (const guint8 pk[32], const void *msg, gsize len,
                              const guint8 sig[64]);

/* Decode one line of base64 that must hold exactly @len bytes, refusing
 * what the stock tools refuse: any other length, a character outside the
 * alphabet, bits after the padding (the line must re-encode to itself). */
gboolean halo_sign_base64_decode (const char *line, guint8 *out, gsize len);

/* libsodium's mapping of scrypt (opslimit, memlimit) onto N = 2^@n_log2, r = 8, @p. */
void halo_scrypt_pick_params (guint64 opslimit, guint64 memlimit, guint *n_log2, guint *p);

/* minisign's SENSITIVE limits, used for new keys. */
#define HALO_SCRYPT_OPSLIMIT_SENSITIVE G_GUINT64_CONSTANT (33554432)
#define HALO_SCRYPT_MEMLIMIT_SENSITIVE G_GUINT64_CONSTANT (1073741824)
#define HALO_SCRYPT_OPSLIMIT_MIN G_GUINT64_CONSTANT (32768)
#define HALO_SCRYPT_MEMLIMIT_MIN G_GUINT64_CONSTANT (16777216)

/* scrypt(@password, @salt) into @out (@len bytes) with the limits' parameters.
 * Fails with HALO_ERROR_IO; *@enomem tells that memory ran out. */
gboolean halo_scrypt (const char *password, const guint8 salt[32], guint64 opslimit,
                      guint64 memlimit, guint8 *out, gsize len, gboolean *enomem, GError **error);

/* Overwrite @len bytes at @p with zeros in a way the compiler keeps. */
void halo_sign_wipe (void *p, gsize len);

/* ---- Keys (halo-sign-keys.c) ---- */

typedef struct
{
  guint8 keynum[8];
  guint8 pk[32];
} HaloPublicKey;

/* A secret key in memory: wiped when freed. */
typedef struct
{
  guint8 keynum[8];
  guint8 seed[32];
  guint8 pk[32];
} HaloSecretKey;

HaloSecretKey *halo_secret_key_generate (GError **error);
void halo_secret_key_free (HaloSecretKey *sk);
void halo_secret_key_public (const HaloSecretKey *sk, HaloPublicKey *pk);

/* "A69F67E30E13A3DB": the key id as minisign prints it. */
char *halo_public_key_id (const guint8 keynum[8]);

/* A minisign or signify public key file's text, or its base64 line alone. */
gboolean halo_public_key_parse (const char *text, gsize len, HaloPublicKey *pk, GError **error);
gboolean halo_public_key_from_base64 (const char *b64, HaloPublicKey *pk, GError **error);
gboolean halo_public_key_load (const char *path, HaloPublicKey *pk, GError **error);
/* minisign's public key file: "untrusted comment: minisign public key ID\nB64\n". */
char *halo_public_key_to_text (const HaloPublicKey *pk);

/* What a secret key file holds, before any password. */
typedef enum
{
  HALO_SECRET_KEY_MINISIGN_PLAIN,
  HALO_SECRET_KEY_MINISIGN_SCRYPT,
  HALO_SECRET_KEY_SIGNIFY_PLAIN,
} HaloSecretKeyKind;

typedef struct _HaloSecretKeyFile HaloSecretKeyFile;

/* Parse a minisign (.key) or signify (.sec) secret key file; an encrypted
 * signify key is refused with how to convert it. */
HaloSecretKeyFile *halo_secret_key_file_parse (const char *text, gsize len, GError **error);
HaloSecretKeyFile *halo_secret_key_file_load (const char *path, GError **error);
void halo_secret_key_file_free (HaloSecretKeyFile *f);
HaloSecretKeyKind halo_secret_key_file_kind (const HaloSecretKeyFile *f);
/* The key, decrypted with @password when it is encrypted (else ignored).
 * A wrong password is HALO_ERROR_INVALID. */
HaloSecretKey *halo_secret_key_file_open (const HaloSecretKeyFile *f, const char *password,
                                          GError **error);

/* minisign's secret key file for @sk; encrypted with scrypt when @password is
 * not NULL (the limits halved while memory runs out, as minisign does, and
 * the limits used stored). */
char *halo_secret_key_to_text (const HaloSecretKey *sk, const char *password, guint64 opslimit,
                               guint64 memlimit, GError **error);

/* The default secret key: $MINISIGN_CONFIG_DIR/minisign.key, else
 * ~/.minisign/minisign.key. */
char *halo_secret_key_default_path (void);

/* ---- Signatures (halo-sign.c) ---- */

/* minisign's default trusted comment: "timestamp:T\tfile:BASENAME\thashed". */
char *halo_sign_default_comment (const char *path, gint64 timestamp);
/* A comment HALO writes: printable UTF-8 (TAB allowed), at most 1000 bytes. */
gboolean halo_sign_comment_valid (const char *comment, GError **error);

/* The .minisig text (prehashed "ED") of @data; @trusted_comment as is. */
char *halo_sign_minisig (const HaloSecretKey *sk, const void *data, gsize len,
                         const char *trusted_comment, GError **error);
/* The same over the BLAKE2b-512 digest of @data already computed. */
char *halo_sign_minisig_prehashed (const HaloSecretKey *sk, const guint8 digest[64],
                                   const char *trusted_comment, GError **error);
/* signify's .sig text of @data. */
char *halo_sign_signify (const HaloSecretKey *sk, const void *data, gsize len, GError **error);

/* Check @sig_text against @data and @pk: a .minisig (prehashed or legacy,
 * with its trusted comment) when @minisig, else a signify .sig.
 * HALO_ERROR_MISMATCH with the reason in words on a malformed, wrongly keyed,
 * non-canonical or bad signature.  @trusted_comment, if not NULL, receives
 * the verified trusted comment (NULL for signify). */
gboolean halo_sign_verify (const HaloPublicKey *pk, const void *data, gsize len,
                           const char *sig_text, gsize sig_len, gboolean minisig,
                           char **trusted_comment, GError **error);

/* Sign the file at @path: write PATH.minisig, and PATH.sig when @signify,
 * both atomically.  @comment NULL: the default. */
gboolean halo_sign_file (const HaloSecretKey *sk, const char *path, const char *comment,
                         gboolean signify, GError **error);

/* The signature of the file at @path (at most @max_size bytes) by @pk:
 * PATH.minisig, else PATH.sig.  Missing, malformed, wrongly keyed, bad:
 * HALO_ERROR_MISMATCH whose message is the reason; *@sig_path receives the
 * signature file's path; @contents, if not NULL, the bytes that were
 * verified (parse those, not the file again).  @users_file: @path and its
 * signature are the user's own, read as halo_input_read reads them (a
 * symbolic link followed), else as halo_file_read_regular (the project's
 * files).  An unreadable @path is HALO_ERROR_IO or HALO_ERROR_INVALID. */
gboolean halo_sign_check_file (const char *path, gsize max_size, gboolean users_file,
                               const HaloPublicKey *pk, char **sig_path, GBytes **contents,
                               GError **error);

/* ---- The password (halo-sign-tty.c) ---- */

/* The first line of @password_file, or (NULL) a line typed at the terminal
 * (/dev/tty) with echo off after @prompt, asked twice when @confirm.
 * Never from the environment.  Free with halo_sign_password_free. */
char *halo_sign_read_password (const char *password_file, const char *prompt,
                               const char *confirm_prompt, GError **error);
void halo_sign_password_free (char *password);

/* ---- The signed history head (halo-sign-head.c) ---- */

/* history.head beside @status_path's history.jsonl. */
char *halo_sign_head_path (const char *status_path);
/* Write the head of the history log beside @status_path and sign it. */
gboolean halo_sign_history_head (const HaloSecretKey *sk, const char *status_path, guint64 *records,
                                 GError **error);
/* Does the log still hold what the signed head covers?  TRUE with *@signed_head
 * FALSE when there is no head; HALO_ERROR_MISMATCH with TRUNCATED / REWRITTEN /
 * a bad head signature in the message. */
gboolean halo_sign_check_history_head (const char *status_path, const HaloPublicKey *pk,
                                       gboolean *signed_head, guint64 *records, GError **error);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloSecretKey, halo_secret_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloSecretKeyFile, halo_secret_key_file_free)
