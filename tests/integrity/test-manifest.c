/* test-manifest.c: manifest formats, escaping, path safety and format detection. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "halo-error.h"
#include "halo-manifest.h"
#include "halo-verify.h"

#define H64 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define H128 H64 H64

static HaloManifest *
parse (const char *text, GError **error)
{
  return halo_manifest_parse (text, strlen (text), NULL, error);
}

static const HaloManifestEntry *
entry (const HaloManifest *m, guint i)
{
  return m->entries->pdata[i];
}

static void
test_detect (void)
{
  g_assert_cmpint (halo_manifest_detect_format ("  {\"a\": \"b\"}", 12), ==, HALO_MANIFEST_JSON);
  g_assert_cmpint (halo_manifest_detect_format (H64 "  a\n", 68), ==, HALO_MANIFEST_GNU);
  const char *bsd = "SHA256 (a) = " H64 "\n";
  g_assert_cmpint (halo_manifest_detect_format (bsd, strlen (bsd)), ==, HALO_MANIFEST_BSD);
  const char *ebsd = "\\SHA256 (a\\\\b) = " H64 "\n";
  g_assert_cmpint (halo_manifest_detect_format (ebsd, strlen (ebsd)), ==, HALO_MANIFEST_BSD);
}

static void
test_json (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m
    = parse ("{\n  \"./a//b\": \"" H64 "\",\n  \"c\": \"sha512:" H128 "\"\n}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpint (m->format, ==, HALO_MANIFEST_JSON);
  g_assert_cmpuint (m->entries->len, ==, 2);
  g_assert_cmpstr (entry (m, 0)->path, ==, "a/b");
  g_assert_cmpuint (entry (m, 0)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA256));
  g_assert_cmpuint (entry (m, 1)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA512));

  /* Written back: sorted by byte value, two spaces, no trailing newline. */
  halo_manifest_add (m, "B", HALO_DIGEST_SHA256, H64);
  g_autoptr (GBytes) b = halo_manifest_to_bytes (m, HALO_MANIFEST_JSON, &error);
  g_assert_nonnull (b);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  g_autofree char *text = g_strndup (data, len);
  g_assert_cmpstr (text, ==,
                   "{\n  \"B\": \"" H64 "\",\n  \"a/b\": \"" H64 "\",\n  \"c\": \"sha512:" H128
                   "\"\n}");
}

static void
test_gnu (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m
    = parse (H64 "  plain\n\\" H64 "  back\\\\slash\\nnew\n" H128 " *star name \n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->entries->len, ==, 3);
  g_assert_cmpstr (entry (m, 0)->path, ==, "plain");
  g_assert_cmpstr (entry (m, 1)->path, ==, "back\\slash\nnew");
  g_assert_cmpstr (entry (m, 2)->path, ==, "star name ");
  /* A 128-digit gnu line says nothing of its algorithm: without -a, sha512. */
  g_assert_cmpuint (entry (m, 2)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA512));
  g_assert_cmpuint (entry (m, 0)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA256));
  g_autoptr (GBytes) b = halo_manifest_to_bytes (m, HALO_MANIFEST_GNU, &error);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  g_autofree char *text = g_strndup (data, len);
  g_assert_cmpstr (text, ==,
                   "\\" H64 "  back\\\\slash\\nnew\n" H64 "  plain\n" H128 "  star name \n");

  HaloDigestAlgo hint = HALO_DIGEST_SHA3_256;
  const char *line = H64 "  x\n";
  g_autoptr (HaloManifest) h = halo_manifest_parse (line, strlen (line), &hint, &error);
  g_assert_cmpuint (entry (h, 0)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA3_256));
}

/* What sha256sum -c takes beyond the lines it writes (the differential test
 * integrity-sha256sum-lines.test checks the same against the real one). */
static void
test_coreutils_lines (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m
    = parse ("# a comment\r\n" H64 "  crlf\r\n\n" H64 "\t tab\n\t" H64 " *lead\n"
             "SHA256(nospace)=" H64 "\r\n",
             &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->format, ==, HALO_MANIFEST_GNU);
  g_assert_cmpuint (m->entries->len, ==, 4);
  g_assert_cmpstr (entry (m, 0)->path, ==, "crlf");
  g_assert_cmpstr (entry (m, 1)->path, ==, "tab");
  g_assert_cmpstr (entry (m, 2)->path, ==, "lead");
  g_assert_cmpstr (entry (m, 3)->path, ==, "nospace");

  /* md5 -r's "hex name" lines, but not mixed with "hex  name" ones. */
  g_autoptr (HaloManifest) r = parse (H64 " one\n" H64 "  two\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry (r, 0)->path, ==, "one");
  g_assert_cmpstr (entry (r, 1)->path, ==, " two");
  g_autoptr (HaloManifest) mixed = parse (H64 "  one\n" H64 " two\n", &error);
  g_assert_null (mixed);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2: "));
  g_clear_error (&error);

  static const char *const refused[] = {
    " # indented comment\n", "sha256 (lower) = " H64 "\n", "SHA256 (a) = " H64 " \n",
    H64 "\n", H64 " \n", "SHA256  (two spaces) = " H64 "\n", H64 "\vvtab\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (HaloManifest) bad = parse (refused[i], &error);
      g_assert_null (bad);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "line 1: "));
      g_clear_error (&error);
    }
}

/* A byte-order mark and JSON that is not one flat object are named as such. */
static void
test_not_a_manifest (void)
{
  static const struct
  {
    const char *text, *says;
  } cases[] = {
    { "\xef\xbb\xbf" H64 "  a\n", "byte-order mark" },
    { "\xef\xbb\xbf{\"a\": \"" H64 "\"}", "byte-order mark" },
    { "[\"a\"]", "one flat object" },
    { "{\"a\": {\"b\": \"" H64 "\"}}", "one flat object" },
    { "{\"a\": [\"" H64 "\"]}", "one flat object" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloManifest) m = parse (cases[i].text, &error);
      g_assert_null (m);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_null (strstr (error->message, "checksum line"));
    }
}

/* b2sum -l 256 --tag, and the hint when every file of a gnu manifest differs. */
static void
test_blake2b_256_hint (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m = parse ("BLAKE2b-256 (a) = " H64 "\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entry (m, 0)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_BLAKE2B_256));

  g_autoptr (HaloManifest) g = parse (H64 "  a\n" H64 "  b\n", &error);
  g_assert_no_error (error);
  HaloVerifyReport r = { .n_files = 2, .n_modified = 2 };
  g_autofree char *hint = halo_verify_algorithm_hint (g, &r);
  g_assert_nonnull (hint);
  g_assert_nonnull (strstr (hint, "sha256"));
  g_assert_nonnull (strstr (hint, "-a sha3-256, -a blake2b-256"));
  r.n_modified = 1;
  r.n_ok = 1;
  g_assert_null (halo_verify_algorithm_hint (g, &r));
  /* A tagged line names its algorithm: no hint. */
  HaloVerifyReport all = { .n_files = 1, .n_modified = 1 };
  g_assert_null (halo_verify_algorithm_hint (m, &all));
}

static void
test_bsd (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m = parse ("SHA256 (a (1)) = " H64 "\n\\BLAKE2b (c\\rd) = " H128
                                      "\nSHA3-512 (e) = " H128 "\n",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->format, ==, HALO_MANIFEST_BSD);
  g_assert_cmpstr (entry (m, 0)->path, ==, "a (1)");
  g_assert_cmpstr (entry (m, 1)->path, ==, "c\rd");
  g_assert_cmpuint (entry (m, 1)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_BLAKE2B_512));
  g_assert_cmpuint (entry (m, 2)->algos, ==, HALO_DIGEST_BIT (HALO_DIGEST_SHA3_512));
  g_autoptr (GBytes) b = halo_manifest_to_bytes (m, HALO_MANIFEST_BSD, &error);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  g_autofree char *text = g_strndup (data, len);
  g_assert_cmpstr (text, ==, "SHA256 (a (1)) = " H64 "\n\\BLAKE2b (c\\rd) = " H128
                             "\nSHA3-512 (e) = " H128 "\n");
}

static void
test_escape (void)
{
  gboolean escaped;
  g_autofree char *a = halo_manifest_escape_name ("plain name", &escaped);
  g_assert_false (escaped);
  g_assert_cmpstr (a, ==, "plain name");
  g_autofree char *b = halo_manifest_escape_name ("a\\b\nc\rd\te", &escaped);
  g_assert_true (escaped);
  g_assert_cmpstr (b, ==, "a\\\\b\\nc\\rd\te");
}

/* Each of these makes the whole manifest invalid. */
static void
test_invalid (void)
{
  static const char *const bad[] = {
    "{}",
    "",
    "\n\n",
    "[]",
    "{\"/etc/passwd\": \"" H64 "\"}",
    "{\"../x\": \"" H64 "\"}",
    "{\"a/../../x\": \"" H64 "\"}",
    "{\".\": \"" H64 "\"}",
    "{\"a\": \"md5:" H64 "\"}",
    "{\"a\": \"sha1:" H64 "\"}",
    "{\"a\": \"" H128 "\"}",
    "{\"a\": \"xyz\"}",
    "{\"a\": 5}",
    "{\"a\": \"" H64 "\", \"./a\": \"" H64 "\"}",
    "{\"a\": \"" H64 "\", \"a\": \"" H64 "\"}",
    H64 "  /etc/passwd\n",
    H64 "  ../up\n",
    H64 "  a\n" H64 "  ./a\n",
    "MD5 (a) = 0123456789abcdef0123456789abcdef\n",
    "SHA256 (a) = 1234\n",
    H64 "\n",
    H64 "-a\n",
    "\\" H64 "  a\\qb\n",
    "1234  a\n",
    "garbage\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloManifest) m = parse (bad[i], &error);
      if (m != NULL)
        g_test_message ("accepted: %s", bad[i]);
      g_assert_null (m);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
    }
}

static void
test_deep_json (void)
{
  g_autoptr (GString) s = g_string_new ("{\"a\": ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m = parse (s->str, &error);
  g_assert_null (m);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
}

static void
test_normalize (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "a", "a" },       { "./a", "a" },           { "a//b/", "a/b" },
    { "a/./b", "a/b" }, { "-dash", "-dash" },    { "..a/b..", "..a/b.." },
    { "/a", NULL },     { "..", NULL },           { "a/..", NULL },
    { "", NULL },       { ".", NULL },            { "./", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *got = halo_manifest_path_normalize (cases[i].in, &error);
      g_assert_cmpstr (got, ==, cases[i].out);
      if (cases[i].out == NULL)
        g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
    }
}

static void
test_not_utf8_json (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloManifest) m = halo_manifest_new (HALO_MANIFEST_JSON);
  halo_manifest_add (m, "bad\xff", HALO_DIGEST_SHA256, H64);
  g_autoptr (GBytes) b = halo_manifest_to_bytes (m, HALO_MANIFEST_JSON, &error);
  g_assert_null (b);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_autoptr (GBytes) g = halo_manifest_to_bytes (m, HALO_MANIFEST_GNU, NULL);
  g_assert_nonnull (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/manifest/detect", test_detect);
  g_test_add_func ("/manifest/json", test_json);
  g_test_add_func ("/manifest/gnu", test_gnu);
  g_test_add_func ("/manifest/bsd", test_bsd);
  g_test_add_func ("/manifest/coreutils-lines", test_coreutils_lines);
  g_test_add_func ("/manifest/not-a-manifest", test_not_a_manifest);
  g_test_add_func ("/manifest/blake2b-256-hint", test_blake2b_256_hint);
  g_test_add_func ("/manifest/escape", test_escape);
  g_test_add_func ("/manifest/invalid", test_invalid);
  g_test_add_func ("/manifest/deep-json", test_deep_json);
  g_test_add_func ("/manifest/normalize", test_normalize);
  g_test_add_func ("/manifest/not-utf8-json", test_not_utf8_json);
  return g_test_run ();
}
