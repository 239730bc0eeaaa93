/* test-verify.c: verify's comparison and report (SPEC §6): the summary, the
 * problem lines, the one JSON schema of a problem, added files. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-verify.h"

static void
test_summary (void)
{
  HaloVerifyReport ok = { 3, 3 };
  g_autofree char *a = halo_verify_report_summary (&ok);
  g_assert_cmpstr (a, ==, "Integrity OK (3 files)");
  HaloVerifyReport bad = { 5, 2, 1, 1, 1, 0 };
  g_autofree char *b = halo_verify_report_summary (&bad);
  g_assert_cmpstr (b, ==,
                   "Integrity FAILED: 3 of 5 files (1 modified, 1 missing, 1 not a regular file)");
  /* Added files count among the files, and fail the verdict. */
  HaloVerifyReport added = { 4, 3, 0, 0, 0, 0, 1 };
  g_assert_false (halo_verify_report_ok (&added));
  g_autofree char *c = halo_verify_report_summary (&added);
  g_assert_cmpstr (c, ==, "Integrity FAILED: 1 of 4 files (1 added)");
}

static void
test_lines (void)
{
  HaloVerifyProblem m = { HALO_PROBLEM_MODIFIED, "docs/a b", "sha256:00ff", "sha256:abcd", 12, NULL };
  g_autofree char *plain = halo_verify_problem_line (&m, FALSE);
  g_assert_cmpstr (plain, ==, "MODIFIED docs/a b");
  g_autofree char *verbose = halo_verify_problem_line (&m, TRUE);
  g_assert_cmpstr (verbose, ==, "MODIFIED docs/a b: expected sha256:00ff, actual sha256:abcd, 12 bytes");
  m.size = 1;
  g_autofree char *one = halo_verify_problem_line (&m, TRUE);
  g_assert_cmpstr (one, ==, "MODIFIED docs/a b: expected sha256:00ff, actual sha256:abcd, 1 byte");
  HaloVerifyProblem u = { HALO_PROBLEM_UNREADABLE, "x", NULL, NULL, -1, "Permission denied" };
  g_autofree char *ul = halo_verify_problem_line (&u, FALSE);
  g_assert_cmpstr (ul, ==, "UNREADABLE x: Permission denied");
  HaloVerifyProblem n = { HALO_PROBLEM_NOT_REGULAR, "l", NULL, NULL, -1, "a symbolic link" };
  g_autofree char *nl = halo_verify_problem_line (&n, TRUE);
  g_assert_cmpstr (nl, ==, "NOT A REGULAR FILE l");
  HaloVerifyProblem ad = { HALO_PROBLEM_ADDED, "new\nline", NULL, NULL, -1, NULL };
  g_autofree char *al = halo_verify_problem_line (&ad, FALSE);
  g_assert_cmpstr (al, ==, "\\ADDED new\\nline");
}

static char *
to_text (const HaloJson *v)
{
  GString *s = g_string_new (NULL);
  halo_json_append (s, v, 0);
  return g_string_free (s, FALSE);
}

/* One schema for every kind: path and problem always, the others as they apply. */
static void
test_json (void)
{
  static const struct
  {
    HaloVerifyProblem p;
    const char *names;
  } cases[] = {
    { { HALO_PROBLEM_MODIFIED, "a", "sha256:00", "sha256:11", 3, NULL },
      "path problem expected actual size" },
    { { HALO_PROBLEM_MISSING, "b", NULL, NULL, -1, NULL }, "path problem" },
    { { HALO_PROBLEM_NOT_REGULAR, "c", NULL, NULL, -1, "a FIFO" }, "path problem reason" },
    { { HALO_PROBLEM_UNREADABLE, "d", NULL, NULL, -1, "Permission denied" },
      "path problem reason" },
    { { HALO_PROBLEM_ADDED, "e", NULL, NULL, -1, NULL }, "path problem" },
  };
  static const char *const kinds[] = { "modified", "missing", "not-regular", "unreadable", "added" };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HaloJson) o = halo_verify_problem_to_json (&cases[i].p);
      g_autoptr (GString) names = g_string_new (NULL);
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (o));
      for (GList *l = members; l; l = l->next)
        g_string_append_printf (names, "%s%s", names->len ? " " : "", (const char *) l->data);
      g_assert_cmpstr (names->str, ==, cases[i].names);
      g_assert_cmpstr (halo_json_get_string (halo_json_object_get (o, "problem")), ==, kinds[i]);
      g_assert_cmpstr (halo_json_get_string (halo_json_object_get (o, "path")), ==,
                       cases[i].p.path);
    }
  g_autoptr (HaloJson) m = halo_verify_problem_to_json (&cases[0].p);
  g_autofree char *text = to_text (m);
  g_assert_cmpstr (text, ==,
                   "{\n  \"path\": \"a\",\n  \"problem\": \"modified\",\n  \"expected\": "
                   "\"sha256:00\",\n  \"actual\": \"sha256:11\",\n  \"size\": 3\n}");
  /* A name that is not UTF-8 stays valid, recognisable JSON (the writer's rule). */
  HaloVerifyProblem bad = { HALO_PROBLEM_ADDED, "\xff.txt", NULL, NULL, -1, NULL };
  g_autoptr (HaloJson) b = halo_verify_problem_to_json (&bad);
  g_autofree char *btext = to_text (b);
  g_assert_true (g_utf8_validate (btext, -1, NULL));
  g_assert_nonnull (strstr (btext, "xff.txt"));
}

typedef struct
{
  char *dir;
  char *old_cwd;
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
tree_setup (Tree *t, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  t->dir = g_dir_make_tmp ("halo-verify-XXXXXX", &error);
  g_assert_no_error (error);
  t->old_cwd = g_get_current_dir ();
  g_assert_cmpint (chdir (t->dir), ==, 0);
  write_file ("a", "a\n");
  write_file ("d/b", "bee\n");
  write_file ("d/e/c", "sea\n");
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
}

static void
add_entry (HaloManifest *m, const char *path, const char *data)
{
  g_autofree char *hex = halo_digest_data (HALO_DIGEST_SHA256, data, strlen (data));
  halo_manifest_add (m, path, HALO_DIGEST_SHA256, hex);
}

static const char *
problem_path (const HaloVerifyReport *r, guint i)
{
  return ((const HaloVerifyProblem *) r->problems->pdata[i])->path;
}

static void
test_verify_modified (Tree *t, gconstpointer data)
{
  (void) t, (void) data;
  g_autoptr (HaloManifest) m = halo_manifest_new (HALO_MANIFEST_JSON);
  add_entry (m, "a", "a\n");
  add_entry (m, "d/b", "old\n");
  add_entry (m, "gone", "x\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloVerifyReport) r = halo_verify (m, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_files, ==, 3);
  g_assert_cmpuint (r->n_ok, ==, 1);
  g_assert_cmpuint (r->problems->len, ==, 2);
  const HaloVerifyProblem *p = r->problems->pdata[0];
  g_assert_cmpint (p->kind, ==, HALO_PROBLEM_MODIFIED);
  g_autofree char *old = halo_digest_data (HALO_DIGEST_SHA256, "old\n", 4);
  g_autofree char *now = halo_digest_data (HALO_DIGEST_SHA256, "bee\n", 4);
  g_autofree char *want_expected = g_strconcat ("sha256:", old, NULL);
  g_autofree char *want_actual = g_strconcat ("sha256:", now, NULL);
  g_assert_cmpstr (p->expected, ==, want_expected);
  g_assert_cmpstr (p->actual, ==, want_actual);
  g_assert_cmpint (p->size, ==, 4);
  p = r->problems->pdata[1];
  g_assert_cmpint (p->kind, ==, HALO_PROBLEM_MISSING);
  g_assert_cmpint (p->size, ==, -1);
  g_assert_null (p->expected);
}

/* --strict: every regular file the manifest does not list, and nothing else. */
static void
test_verify_added (Tree *t, gconstpointer data)
{
  (void) t, (void) data;
  g_autoptr (HaloManifest) m = halo_manifest_new (HALO_MANIFEST_JSON);
  add_entry (m, "a", "a\n");
  add_entry (m, "d/b", "bee\n");
  add_entry (m, "d/e/c", "sea\n");
  write_file ("release.hashes.json", "{}");
  write_file ("release.hashes.json.minisig", "sig");
  HaloVerifyOptions strict = { 1, TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloVerifyReport) clean = halo_verify (m, "release.hashes.json", &strict, &error);
  g_assert_no_error (error);
  g_assert_true (halo_verify_report_ok (clean));
  g_assert_cmpuint (clean->n_files, ==, 3);

  write_file ("top", "1");
  write_file ("d/e/f/g/deep", "2");
  write_file ("new/dir/file", "3");
  write_file ("d/.hidden", "4");
  g_assert_cmpint (symlink ("a", "link"), ==, 0);
  g_autoptr (HaloVerifyReport) r = halo_verify (m, "./release.hashes.json", &strict, &error);
  g_assert_no_error (error);
  g_assert_false (halo_verify_report_ok (r));
  g_assert_cmpuint (r->n_added, ==, 4);
  g_assert_cmpuint (r->n_files, ==, 7);
  g_assert_cmpuint (r->problems->len, ==, 4);
  g_assert_cmpstr (problem_path (r, 0), ==, "d/.hidden");
  g_assert_cmpstr (problem_path (r, 1), ==, "d/e/f/g/deep");
  g_assert_cmpstr (problem_path (r, 2), ==, "new/dir/file");
  g_assert_cmpstr (problem_path (r, 3), ==, "top");
  g_autofree char *summary = halo_verify_report_summary (r);
  g_assert_cmpstr (summary, ==, "Integrity FAILED: 4 of 7 files (4 added)");

  /* Only under the PATHs given, with generate's excludes. */
  const char *const paths[] = { "d", NULL };
  char *excludes[] = { ".*", NULL };
  HaloVerifyOptions some = { 1, TRUE, paths, excludes };
  g_autoptr (HaloVerifyReport) s = halo_verify (m, "release.hashes.json", &some, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->n_added, ==, 1);
  g_assert_cmpstr (problem_path (s, 0), ==, "d/e/f/g/deep");

  /* Without strict, added files are not looked for. */
  g_autoptr (HaloVerifyReport) lax = halo_verify (m, "release.hashes.json", NULL, &error);
  g_assert_true (halo_verify_report_ok (lax));

  /* A PATH that cannot be walked is an error, not a verdict. */
  const char *const outside[] = { "../..", NULL };
  HaloVerifyOptions bad = { 1, TRUE, outside };
  g_autoptr (HaloVerifyReport) none = halo_verify (m, NULL, &bad, &error);
  g_assert_null (none);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/verify/summary", test_summary);
  g_test_add_func ("/verify/lines", test_lines);
  g_test_add_func ("/verify/json", test_json);
  g_test_add ("/verify/modified", Tree, NULL, tree_setup, test_verify_modified, tree_teardown);
  g_test_add ("/verify/added", Tree, NULL, tree_setup, test_verify_added, tree_teardown);
  return g_test_run ();
}
