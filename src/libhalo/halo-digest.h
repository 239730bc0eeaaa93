/* halo-digest.h: libgcrypt: the algorithms and the streaming hash of one file. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The algorithms of SPEC §6; md5 and sha1 are refused as weak. */
typedef enum
{
  HALO_DIGEST_SHA256,
  HALO_DIGEST_SHA512,
  HALO_DIGEST_SHA3_256,
  HALO_DIGEST_SHA3_512,
  HALO_DIGEST_BLAKE2B_512,
  HALO_DIGEST_BLAKE2B_256, /* b2sum -l 256 */
  HALO_DIGEST_N_ALGOS,
} HaloDigestAlgo;

/* A set of algorithms, one bit per HaloDigestAlgo. */
typedef guint HaloDigestSet;
#define HALO_DIGEST_BIT(algo) (1u << (algo))

/* The size of the buffer through which each file is streamed. */
#define HALO_DIGEST_BUFFER_SIZE (256 * 1024)
/* …aligned to a page (see halo_hasher_new). */
#define HALO_DIGEST_BUFFER_ALIGN 4096

/* Idempotent libgcrypt initialisation (thread-safe). */
gboolean halo_digest_init (GError **error);

/* GCRYCTL_SELFTEST plus a known-answer SHA-256 test ("abc"). */
gboolean halo_digest_self_test (GError **error);

/* "sha256", "sha512", "sha3-256", "sha3-512", "blake2b-512", "blake2b-256"
 * (any letter case);
 * "md5", "sha1" and unknown names fail with HALO_ERROR_USAGE. */
gboolean halo_digest_algo_from_name (const char *name, HaloDigestAlgo *algo, GError **error);
const char *halo_digest_algo_name (HaloDigestAlgo algo);
/* The tag of `sha256sum --tag` and friends: "SHA256", "BLAKE2b" … */
const char *halo_digest_algo_bsd_tag (HaloDigestAlgo algo);
gboolean halo_digest_algo_from_bsd_tag (const char *tag, gsize len, HaloDigestAlgo *algo);
/* The length of the digest in hexadecimal digits. */
guint halo_digest_algo_hex_length (HaloDigestAlgo algo);

/* TRUE if @n > 0 and the @n bytes at @s are hexadecimal digits (any case). */
gboolean halo_digest_is_hex (const char *s, gsize n);
/* The algorithms whose digests have @hex_len hexadecimal digits; the lowest
 * bit is the one a gnu line of that length is taken for. */
HaloDigestSet halo_digest_algos_of_length (gsize hex_len);

/* The hex digest of @len bytes of @data (lowercase). */
char *halo_digest_data (HaloDigestAlgo algo, const void *data, gsize len);

/* One worker's hashing state: one libgcrypt handle per algorithm, opened on
 * first use and reset between files, and one fixed buffer. */
typedef struct _HaloHasher HaloHasher;

HaloHasher *halo_hasher_new (void);
void halo_hasher_free (HaloHasher *hasher);

/* Stream @fd (read to its end, not closed) through every algorithm of @set;
 * @hex receives one newly allocated lowercase hex digest per algorithm of the
 * set (others untouched).  @size is the file's size as fstat() gave it just
 * before, or -1 if unknown: it spares the final empty read of a small file.
 * @bytes_done, if not NULL, is increased atomically as data is read.  On a
 * read error returns FALSE with errno-based @error. */
gboolean halo_hasher_hash_fd (HaloHasher *hasher, int fd, HaloDigestSet set, gint64 size,
                              char *hex[HALO_DIGEST_N_ALGOS], guint64 *bytes_done, GError **error);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloHasher, halo_hasher_free)
