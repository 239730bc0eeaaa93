/* test-generate.c: the generate and verify commands of the library: paths to a
 * written manifest read back, what the walk left out said in order, the
 * errors that leave nothing written, and verify's outcome, text and JSON. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-commands.h"
#include "halo-generate.h"
#include "halo-verify-cmd.h"

typedef struct
{
  char *dir;
  char *old_cwd;
  GPtrArray *said; /* "E:line" (standard error) and "O:text" (standard output) */
} Tree;

static void
write_file (const char *path, const char *data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, data, -1, &error));
}

static void
record (HaloMessageKind kind, const char *text, gpointer user_data)
{
  g_ptr_array_add (user_data,
                   g_strconcat (kind == HALO_MESSAGE_OUTPUT ? "O:" : "E:", text, NULL));
}

static void
tree_setup (Tree *t, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  t->dir = g_dir_make_tmp ("halo-generate-XXXXXX", &error);
  g_assert_no_error (error);
  t->old_cwd = g_get_current_dir ();
  g_assert_cmpint (chdir (t->dir), ==, 0);
  t->said = g_ptr_array_new_with_free_func (g_free);
  g_assert_true (halo_digest_init (NULL));
}

static void
tree_teardown (Tree *t, gconstpointer data)
{
  (void) data;
  g_assert_cmpint (chdir (t->old_cwd), ==, 0);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", t->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (t->dir);
  g_free (t->old_cwd);
  g_ptr_array_unref (t->said);
}

static HaloGenerateOptions
options (Tree *t, const char *output)
{
  HaloGenerateOptions o = { NULL };
  o.output = output;
  o.algo = HALO_DIGEST_SHA256;
  o.format = HALO_MANIFEST_JSON;
  o.jobs = 1;
  o.message = record;
  o.message_data = t->said;
  return o;
}

static char *
read_text (const char *path)
{
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
count_start (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static const char *
entry_path (const HaloManifest *m, guint i)
{
  return ((const HaloManifestEntry *) m->entries->pdata[i])->path;
}

/* The manifest written is the bytes returned, and read back it lists the
 * regular files: not itself, its signatures, a symbolic link or .git. */
static void
test_generate_written (Tree *t, gconstpointer data)
{
  (void) data;
  write_file ("a", "a\n");
  write_file ("d/b", "bee\n");
  write_file (".git/config", "x");
  write_file ("out.json.minisig", "an old signature");
  g_assert_cmpint (symlink ("a", "link"), ==, 0);
  HaloGenerateOptions o = options (t, "out.json");
  g_autoptr (GError) error = NULL;
  guint n = 0;
  guint starts = 0;
  o.start = count_start;
  o.progress_data = &starts;
  g_autoptr (GBytes) bytes = halo_generate (&o, &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (starts, ==, 1);
  g_autofree char *written = read_text ("out.json");
  g_assert_cmpmem (written, strlen (written), g_bytes_get_data (bytes, NULL),
                   g_bytes_get_size (bytes));

  g_autoptr (HaloManifest) m = halo_manifest_load ("out.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->entries->len, ==, 2);
  g_assert_cmpstr (entry_path (m, 0), ==, "a");
  g_assert_cmpstr (entry_path (m, 1), ==, "d/b");

  /* What was left out: the link in one line (-v would name it). */
  gboolean link_line = FALSE;
  for (guint i = 0; i < t->said->len; i++)
    link_line |= strcmp (t->said->pdata[i], "E:skipped 1 symbolic link or other file that is "
                                            "not a regular file (-v lists it)") == 0;
  g_assert_true (link_line);

  /* A second run over its own manifest leaves it out by path and inode. */
  g_ptr_array_set_size (t->said, 0);
  g_autoptr (GBytes) again = halo_generate (&o, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (g_bytes_equal (again, bytes));
}

/* -q says nothing; -v names each thing left out; an --exclude that matched
 * nothing is said. */
static void
test_generate_messages (Tree *t, gconstpointer data)
{
  (void) data;
  write_file ("a", "a\n");
  g_assert_cmpint (symlink ("a", "link"), ==, 0);
  char *excludes[] = { "zzz", NULL };
  HaloGenerateOptions o = options (t, NULL);
  o.excludes = excludes;
  o.verbose = TRUE;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = halo_generate (&o, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->said->len, ==, 2);
  g_assert_cmpstr (t->said->pdata[0], ==, "E:link: skipped: is a symbolic link");
  g_assert_cmpstr (t->said->pdata[1], ==, "E:--exclude=zzz matched nothing");

  g_ptr_array_set_size (t->said, 0);
  o.verbose = FALSE;
  o.quiet = TRUE;
  g_autoptr (GBytes) quiet = halo_generate (&o, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->said->len, ==, 0);
  g_assert_true (g_bytes_equal (quiet, bytes));
}

/* Nothing to hash, --files-from listing nothing, a missing PATH: an error,
 * and no manifest written. */
static void
test_generate_errors (Tree *t, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  HaloGenerateOptions o = options (t, "out.json");
  g_assert_null (halo_generate (&o, NULL, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "no files to hash: an empty manifest would protect nothing");
  g_clear_error (&error);

  write_file ("a", "a\n");
  write_file ("list", "\n\n");
  g_assert_null (halo_generate_paths (NULL, "list", &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "list lists no paths");
  g_clear_error (&error);
  g_assert_true (g_file_set_contents ("nul", "a\n\0b\n", 5, NULL));
  g_assert_null (halo_generate_paths (NULL, "nul", &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "nul: holds a NUL byte");
  g_clear_error (&error);

  const char *const missing[] = { "a", "nonexistent", NULL };
  o.paths = missing;
  g_assert_null (halo_generate (&o, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (halo_error_exit_status (error), ==, 2);
  g_assert_false (g_file_test ("out.json", G_FILE_TEST_EXISTS));
}

/* --files-from: one path a line, with the PATHs given; gnu lines. */
static void
test_generate_files_from (Tree *t, gconstpointer data)
{
  (void) data;
  write_file ("a", "a\n");
  write_file ("b", "b\n");
  write_file ("c", "c\n");
  write_file ("list", "c\n\nb\n");
  const char *const args[] = { "a", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) paths = halo_generate_paths (args, "list", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 4);
  g_assert_null (paths->pdata[3]);
  HaloGenerateOptions o = options (t, NULL);
  o.paths = (const char *const *) paths->pdata;
  o.format = HALO_MANIFEST_GNU;
  guint n = 0;
  g_autoptr (GBytes) bytes = halo_generate (&o, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_suffix (lines[0], "  a"));
  g_assert_true (g_str_has_suffix (lines[1], "  b"));
  g_assert_true (g_str_has_suffix (lines[2], "  c"));
  g_assert_cmpstr (lines[3], ==, "");
}

/* verify: ok, then a modified file in the text and the JSON; an invalid
 * manifest is an error with an "invalid" JSON report. */
static void
test_verify_cmd (Tree *t, gconstpointer data)
{
  (void) data;
  write_file ("a", "a\n");
  write_file ("b", "b\n");
  HaloGenerateOptions g = options (t, "m.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = halo_generate (&g, NULL, &error);
  g_assert_no_error (error);

  HaloVerifyCmdOptions o = { NULL };
  o.verbose = TRUE;
  o.verify.jobs = 1;
  o.message = record;
  o.message_data = t->said;
  guint starts = 0;
  o.start = count_start;
  o.verify.user_data = &starts;
  g_autoptr (HaloVerifyOutcome) v = halo_verify_cmd ("m.json", &o, &error);
  g_assert_cmpuint (starts, ==, 1);
  g_assert_no_error (error);
  g_assert_true (halo_verify_outcome_ok (v));
  g_assert_cmpstr (t->said->pdata[t->said->len - 1], ==, "E:m.json: a json manifest of 2 entries");
  g_autofree char *ok_text = halo_verify_outcome_text ("m.json", v, FALSE, FALSE);
  g_assert_cmpstr (ok_text, ==, "Integrity OK (2 files)\n");
  g_autofree char *quiet_text = halo_verify_outcome_text ("m.json", v, FALSE, TRUE);
  g_assert_cmpstr (quiet_text, ==, "");

  write_file ("b", "changed\n");
  g_autoptr (HaloVerifyOutcome) bad = halo_verify_cmd ("m.json", &o, &error);
  g_assert_no_error (error);
  g_assert_false (halo_verify_outcome_ok (bad));
  g_autofree char *text = halo_verify_outcome_text ("m.json", bad, FALSE, TRUE);
  g_assert_cmpstr (text, ==, "MODIFIED b\nIntegrity FAILED: 1 of 2 files (1 modified)\n");
  g_autoptr (HaloJson) json = halo_verify_outcome_to_json ("m.json", bad, NULL);
  g_assert_cmpstr (halo_json_get_string (halo_json_object_get (json, "outcome")), ==, "failed");

  write_file ("broken.json", "{");
  g_autoptr (HaloVerifyOutcome) none = halo_verify_cmd ("broken.json", &o, &error);
  g_assert_null (none);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_assert_cmpuint (starts, ==, 2); /* not for a manifest that does not load */
  g_autoptr (HaloJson) invalid = halo_verify_outcome_to_json ("broken.json", NULL, error);
  g_assert_cmpstr (halo_json_get_string (halo_json_object_get (invalid, "outcome")), ==,
                   "invalid");
  g_assert_cmpstr (halo_json_get_string (halo_json_object_get (invalid, "message")), ==,
                   error->message);
}

/* halo-integrity's usage errors, in the order the program checks them. */
static void
test_usage (void)
{
  HaloIntegrityOptions o = { NULL };
  HaloCliCommon common = { NULL };
  HaloDigestAlgo algo;
  HaloManifestFormat format;
  g_autoptr (GError) error = NULL;
  static const struct
  {
    const char *args;
    const char *message; /* NULL: no usage error */
  } cases[] = {
    { "halo-integrity", "missing command: generate, verify, keygen or sign" },
    { "halo-integrity frob", "unknown command 'frob': use generate, verify, keygen or sign" },
    { "halo-integrity verify", "verify: missing MANIFEST" },
    { "halo-integrity verify m x", "verify: one MANIFEST only (PATHs go with --strict)" },
    { "halo-integrity keygen x", "keygen: unexpected argument 'x'" },
    { "halo-integrity verify m", NULL },
    { "halo-integrity generate a b", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) args = g_strsplit (cases[i].args, " ", -1);
      gboolean ok = halo_integrity_check_usage (&o, &common, args, &algo, &format, &error);
      g_assert_cmpint (ok, ==, cases[i].message == NULL);
      if (cases[i].message)
        {
          g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
      g_clear_error (&error);
    }
  char *gen[] = { "halo-integrity", "generate", NULL };
  char *ver[] = { "halo-integrity", "verify", "m", NULL };
  g_assert_true (halo_integrity_check_usage (&o, &common, gen, &algo, &format, &error));
  g_assert_cmpint (algo, ==, HALO_DIGEST_SHA256);
  g_assert_cmpint (format, ==, HALO_MANIFEST_JSON);
  o.algorithm = "sha512";
  o.format = "bsd";
  g_assert_true (halo_integrity_check_usage (&o, &common, gen, &algo, &format, &error));
  g_assert_cmpint (algo, ==, HALO_DIGEST_SHA512);
  g_assert_cmpint (format, ==, HALO_MANIFEST_BSD);
  /* --format is generate's; then a name -a does not know. */
  g_assert_false (halo_integrity_check_usage (&o, &common, ver, &algo, &format, &error));
  g_assert_cmpstr (error->message, ==, "--format, --files-from and --output apply to generate only");
  g_clear_error (&error);
  o.format = NULL;
  o.algorithm = "md5";
  g_assert_false (halo_integrity_check_usage (&o, &common, ver, &algo, &format, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_clear_error (&error);
  o.algorithm = NULL;
  o.sign.sign = TRUE;
  g_assert_false (halo_integrity_check_usage (&o, &common, gen, &algo, &format, &error));
  g_assert_cmpstr (error->message, ==, "generate --sign needs -o FILE: it signs the file written");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add ("/generate/written", Tree, NULL, tree_setup, test_generate_written, tree_teardown);
  g_test_add ("/generate/messages", Tree, NULL, tree_setup, test_generate_messages, tree_teardown);
  g_test_add ("/generate/errors", Tree, NULL, tree_setup, test_generate_errors, tree_teardown);
  g_test_add ("/generate/files-from", Tree, NULL, tree_setup, test_generate_files_from,
              tree_teardown);
  g_test_add_func ("/commands/usage", test_usage);
  g_test_add ("/verify-cmd/outcome", Tree, NULL, tree_setup, test_verify_cmd, tree_teardown);
  return g_test_run ();
}
