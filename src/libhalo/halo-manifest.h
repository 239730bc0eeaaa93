/* halo-manifest.h: manifest entries; parse and write json, gnu, bsd; path safety. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

#include "halo-digest.h"

G_BEGIN_DECLS

/* Manifests are read whole; JSON ones also go through the depth guard. */
#define HALO_MANIFEST_MAX_SIZE ((gsize) 64 * 1024 * 1024)

typedef enum
{
  HALO_MANIFEST_JSON, /* the original runtime's: {"path": "hex", …}, "algo:hex" for others */
  HALO_MANIFEST_GNU,  /* sha256sum's lines */
  HALO_MANIFEST_BSD,  /* sha256sum --tag's lines */
} HaloManifestFormat;

gboolean halo_manifest_format_from_name (const char *name, HaloManifestFormat *format,
                                         GError **error);

typedef struct
{
  char *path;          /* relative to the root, normalised; any bytes but NUL */
  HaloDigestSet algos; /* the algorithms it may be (a gnu line does not say) */
  char *hex;           /* lowercase */
} HaloManifestEntry;

typedef struct
{
  HaloManifestFormat format;
  GPtrArray *entries; /* of HaloManifestEntry, in manifest order */
} HaloManifest;

HaloManifest *halo_manifest_new (HaloManifestFormat format);
void halo_manifest_free (HaloManifest *m);
/* Takes copies of @path and @hex. */
void halo_manifest_add (HaloManifest *m, const char *path, HaloDigestAlgo algo, const char *hex);

/* Normalise a relative path: drop "." components and repeated or trailing
 * slashes.  Refuses (HALO_ERROR_INVALID, with @error saying why) an empty or
 * absolute path and any ".." component: such a path could escape the root. */
char *halo_manifest_path_normalize (const char *path, GError **error);

/* Which format @data is in, by its content: '{' first is json, a tagged line
 * "ALGO (name) = hex" is bsd, anything else gnu. */
HaloManifestFormat halo_manifest_detect_format (const char *data, gsize len);

/* Parse a manifest in any format.  @algo_hint, if not NULL, fixes the
 * algorithm of gnu lines (else every algorithm of that digest length is a
 * candidate).  Refuses with HALO_ERROR_INVALID a manifest with no entries,
 * an entry whose path is unsafe, a malformed line or value, a weak or unknown
 * algorithm, and the same path twice; the message names the line or key. */
HaloManifest *halo_manifest_parse (const char *data, gsize len, const HaloDigestAlgo *algo_hint,
                                   GError **error);

/* Read and parse the manifest the user names, @path: "-" is standard input,
 * a pipe or /dev/fd/N is read, a symbolic link is followed (halo_input_read);
 * at most HALO_MANIFEST_MAX_SIZE bytes. */
HaloManifest *halo_manifest_load (const char *path, const HaloDigestAlgo *hint, GError **error);

/* The same for a project's own manifest: a regular file, never through a
 * symbolic link, never blocking on a FIFO. */
HaloManifest *halo_manifest_load_regular (const char *path, const HaloDigestAlgo *hint,
                                          GError **error);

/* The manifest's bytes in @format: entries sorted by path (byte order); json
 * is two-space indented with no trailing newline, as the original wrote it;
 * gnu and bsd match coreutils byte for byte, escaping names that hold a
 * backslash, a newline or a carriage return.  json refuses a path that is
 * not UTF-8 (HALO_ERROR_INVALID). */
GBytes *halo_manifest_to_bytes (const HaloManifest *m, HaloManifestFormat format, GError **error);

/* Escape @name as coreutils does; sets @escaped if it had to. */
char *halo_manifest_escape_name (const char *name, gboolean *escaped);

/* What the gnu lines of a manifest so far were: coreutils refuses to mix
 * "hex  name" with the "reversed bsd" lines of md5 -r ("hex name"). */
typedef enum
{
  HALO_MANIFEST_LINES_UNKNOWN,
  HALO_MANIFEST_LINES_STANDARD,
  HALO_MANIFEST_LINES_REVERSED,
} HaloManifestLineState;

/* One line of the gnu or bsd format, without its line end, neither a comment
 * nor empty, parsed as coreutils' sha256sum -c parses it: the name (newly
 * allocated, unescaped), the algorithms its digest may be of (@hint, if not
 * NULL, names the only one), and where the digest's @hex_len digits are.
 * @state carries over from line to line (start with _UNKNOWN). */
gboolean halo_manifest_parse_line (const char *s, const char *end, const HaloDigestAlgo *hint,
                                   HaloManifestLineState *state, char **name, HaloDigestSet *algos,
                                   const char **hex, gsize *hex_len, GError **error);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloManifest, halo_manifest_free)
