/* test-digest.c: the digest module: known answers, names, streaming through the buffer. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "halo-digest.h"
#include "halo-error.h"

static const struct
{
  HaloDigestAlgo algo;
  const char *name;
  const char *abc;
} known[] = {
  { HALO_DIGEST_SHA256, "sha256",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { HALO_DIGEST_SHA512, "sha512",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
  { HALO_DIGEST_SHA3_256, "sha3-256",
    "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
  { HALO_DIGEST_SHA3_512, "sha3-512",
    "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
    "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0" },
  { HALO_DIGEST_BLAKE2B_512, "blake2b-512",
    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
    "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923" },
};

static void
test_known_answers (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_digest_init (&error));
  g_assert_true (halo_digest_init (&error)); /* idempotent */
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *hex = halo_digest_data (known[i].algo, "abc", 3);
      g_assert_cmpstr (hex, ==, known[i].abc);
      g_assert_cmpuint (halo_digest_algo_hex_length (known[i].algo), ==, strlen (known[i].abc));
    }
}

static void
test_self_test (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (halo_digest_self_test (&error));
  g_assert_no_error (error);
}

static void
test_names (void)
{
  g_autoptr (GError) error = NULL;
  HaloDigestAlgo algo;
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_true (halo_digest_algo_from_name (known[i].name, &algo, NULL));
      g_assert_cmpint (algo, ==, known[i].algo);
      g_assert_cmpstr (halo_digest_algo_name (algo), ==, known[i].name);
    }
  g_assert_true (halo_digest_algo_from_name ("SHA256", &algo, NULL));
  g_assert_false (halo_digest_algo_from_name ("md5", &algo, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_clear_error (&error);
  g_assert_false (halo_digest_algo_from_name ("sha1", &algo, &error));
  g_assert_nonnull (strstr (error->message, "refused"));
  g_clear_error (&error);
  g_assert_false (halo_digest_algo_from_name ("crc32", &algo, &error));
  g_assert_nonnull (strstr (error->message, "unknown"));
  g_assert_true (halo_digest_algo_from_bsd_tag ("BLAKE2b", 7, &algo));
  g_assert_cmpint (algo, ==, HALO_DIGEST_BLAKE2B_512);
  g_assert_true (halo_digest_algo_from_bsd_tag ("SHA256", 6, &algo));
  g_assert_cmpint (algo, ==, HALO_DIGEST_SHA256);
  g_assert_false (halo_digest_algo_from_bsd_tag ("MD5", 3, &algo));
}

/* A file larger than the buffer, in several reads, and several algorithms at once. */
static void
test_stream_fd (void)
{
  g_autoptr (GError) error = NULL;
  gsize len = 3 * HALO_DIGEST_BUFFER_SIZE + 17;
  g_autofree char *data = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    data[i] = (char) (i * 7 + 3);
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("halo-digest-XXXXXX", &path, &error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  g_autoptr (HaloHasher) h = halo_hasher_new ();
  for (int round = 0; round < 2; round++) /* the second reuses the reset handles */
    {
      char *hex[HALO_DIGEST_N_ALGOS] = { NULL };
      guint64 bytes = 0;
      g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
      HaloDigestSet set = HALO_DIGEST_BIT (HALO_DIGEST_SHA256) | HALO_DIGEST_BIT (HALO_DIGEST_SHA512);
      gint64 size = round ? (gint64) len : -1;
      g_assert_true (halo_hasher_hash_fd (h, fd, set, size, hex, &bytes, &error));
      g_assert_cmpuint (bytes, ==, len);
      for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
        {
          if (set & HALO_DIGEST_BIT (a))
            {
              g_autofree char *want = halo_digest_data (a, data, len);
              g_assert_cmpstr (hex[a], ==, want);
            }
          else
            g_assert_null (hex[a]);
          g_free (hex[a]);
        }
    }
  close (fd);
  unlink (path);
}

/* The size hint spares a read, but a wrong one (the file changed since
 * fstat) must not change the digest; 0, as /proc reports, means unknown. */
static void
test_size_hint (void)
{
  g_autoptr (GError) error = NULL;
  static const char data[] = "a small file, read in one go";
  gsize len = sizeof data - 1;
  g_autofree char *want = halo_digest_data (HALO_DIGEST_SHA256, data, len);
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("halo-digest-XXXXXX", &path, &error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  g_autoptr (HaloHasher) h = halo_hasher_new ();
  const gint64 hints[] = { -1, 0, 1, (gint64) len - 1, (gint64) len, (gint64) len + 1,
                           10 * HALO_DIGEST_BUFFER_SIZE };
  for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
    {
      char *hex[HALO_DIGEST_N_ALGOS] = { NULL };
      guint64 bytes = 0;
      g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
      g_assert_true (halo_hasher_hash_fd (h, fd, HALO_DIGEST_BIT (HALO_DIGEST_SHA256), hints[i],
                                          hex, &bytes, &error));
      g_assert_cmpuint (bytes, ==, len);
      g_assert_cmpstr (hex[HALO_DIGEST_SHA256], ==, want);
      g_free (hex[HALO_DIGEST_SHA256]);
    }
  close (fd);
  unlink (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/digest/known-answers", test_known_answers);
  g_test_add_func ("/digest/self-test", test_self_test);
  g_test_add_func ("/digest/names", test_names);
  g_test_add_func ("/digest/stream-fd", test_stream_fd);
  g_test_add_func ("/digest/size-hint", test_size_hint);
  return g_test_run ();
}
