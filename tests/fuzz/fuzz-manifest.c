/* fuzz-manifest.c: libFuzzer harness of the manifest parser and writers (SPEC §6):
 * parse, then for each format write → parse → the same entries → write → the same
 * bytes.  Built once per format, each with its own seeds and dictionary; the gnu
 * one (HALO_FUZZ_HINTS) also parses with every algorithm hint. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "halo-error.h"
#include "halo-manifest.h"

/* The algorithm a writer uses for an entry: the lowest of its set. */
static HaloDigestAlgo
first_algo (HaloDigestSet set)
{
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    if (set & HALO_DIGEST_BIT (a))
      return a;
  return HALO_DIGEST_N_ALGOS;
}

static gboolean
has_non_utf8_path (const HaloManifest *m)
{
  for (guint i = 0; i < m->entries->len; i++)
    if (!g_utf8_validate (((HaloManifestEntry *) m->entries->pdata[i])->path, -1, NULL))
      return TRUE;
  return FALSE;
}

static void
check_round_trip (const HaloManifest *m, HaloManifestFormat format)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = halo_manifest_to_bytes (m, format, &error);
  if (bytes == NULL)
    {
      FUZZ_ASSERT (format == HALO_MANIFEST_JSON && has_non_utf8_path (m)
                     && g_error_matches (error, HALO_ERROR, HALO_ERROR_INVALID),
                   "the writer refused a manifest it can write: %s", error->message);
      return;
    }
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  FUZZ_ASSERT (halo_manifest_detect_format (text, len) == format,
               "written as format %d, detected as %d", format,
               halo_manifest_detect_format (text, len));
  g_autoptr (HaloManifest) again = halo_manifest_parse (text, len, NULL, &error);
  FUZZ_ASSERT (again != NULL, "what the writer wrote does not parse: %s\n%.*s",
               error->message, (int) len, text);
  FUZZ_ASSERT (again->entries->len == m->entries->len, "%u entries became %u",
               m->entries->len, again->entries->len);

  /* The same entries (the writer sorts them by path). */
  g_autoptr (GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < again->entries->len; i++)
    {
      HaloManifestEntry *e = again->entries->pdata[i];
      FUZZ_ASSERT (i == 0
                     || strcmp (((HaloManifestEntry *) again->entries->pdata[i - 1])->path,
                                e->path) < 0,
                   "the written entries are not sorted");
      g_hash_table_insert (by_path, e->path, e);
    }
  for (guint i = 0; i < m->entries->len; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      const HaloManifestEntry *f = g_hash_table_lookup (by_path, e->path);
      FUZZ_ASSERT (f != NULL, "the path \"%s\" was lost", e->path);
      FUZZ_ASSERT (strcmp (e->hex, f->hex) == 0, "%s: the digest changed", e->path);
      /* A gnu line does not name its algorithm: it is read again as the first
       * of that length (sha256, sha512); json and bsd keep the one the writer
       * chose. */
      HaloDigestSet written = HALO_DIGEST_BIT (first_algo (e->algos));
      HaloDigestSet of_length = halo_digest_algos_of_length (strlen (e->hex));
      of_length &= ~(of_length - 1);
      FUZZ_ASSERT (format == HALO_MANIFEST_GNU ? f->algos == of_length : f->algos == written,
                   "%s: the algorithm changed (%#x, then %#x)", e->path, e->algos, f->algos);
    }

  g_autoptr (GBytes) bytes2 = halo_manifest_to_bytes (again, format, &error);
  FUZZ_ASSERT (bytes2 != NULL && g_bytes_equal (bytes, bytes2),
               "the bytes changed in the round trip");
}

static void
check_manifest (const char *data, size_t size, const HaloDigestAlgo *hint)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m = halo_manifest_parse (data, size, hint, &error);
  if (m == NULL)
    {
      FUZZ_ASSERT (g_error_matches (error, HALO_ERROR, HALO_ERROR_INVALID),
                   "a refusal without HALO_ERROR_INVALID");
      return;
    }
  FUZZ_ASSERT (m->entries->len > 0, "an empty manifest was accepted");
  for (guint i = 0; i < m->entries->len; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      g_autoptr (GError) sub = NULL;
      g_autofree char *norm = halo_manifest_path_normalize (e->path, &sub);
      FUZZ_ASSERT (norm != NULL && strcmp (norm, e->path) == 0,
                   "an entry's path is not normalised or not safe: \"%s\"", e->path);
      FUZZ_ASSERT (e->algos != 0 && e->algos < HALO_DIGEST_BIT (HALO_DIGEST_N_ALGOS),
                   "an entry without an algorithm");
      for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
        if (e->algos & HALO_DIGEST_BIT (a))
          FUZZ_ASSERT (strlen (e->hex) == halo_digest_algo_hex_length (a),
                       "a digest of the wrong length");
      for (const char *p = e->hex; *p; p++)
        FUZZ_ASSERT (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p), "a digest not in lowercase hex");
    }
  check_round_trip (m, HALO_MANIFEST_JSON);
  check_round_trip (m, HALO_MANIFEST_GNU);
  check_round_trip (m, HALO_MANIFEST_BSD);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init_once ();
  check_manifest ((const char *) data, size, NULL);
#ifdef HALO_FUZZ_HINTS
  for (HaloDigestAlgo a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    check_manifest ((const char *) data, size, &a);
#endif
  return 0;
}
