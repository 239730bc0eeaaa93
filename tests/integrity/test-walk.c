/* test-walk.c: the walk, the opener against halo_walk_open_beneath, the parallel hashing. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-walk.h"

/* Every kind of path that the opener must treat as halo_walk_open_beneath does. */
static const char *const paths[] = {
  "a", "d/b", "d/e/c", "d/big", "d/link", "d/fifo", "slink/b", "f/x", "missing", "d/missing",
  "nodir/x", "d/e", "d//b", "/etc/passwd", "d/e/c", "a", "d/e/c", NULL,
};

#define BIG_SIZE (2 * 1024 * 1024 + 5) /* large enough to be scheduled first */

typedef struct
{
  char *dir;
  char *old_cwd;
} Tree;

static void
write_file (const char *path, const char *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, data, len, &error));
}

static void
tree_setup (Tree *t, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  t->dir = g_dir_make_tmp ("halo-walk-XXXXXX", &error);
  g_assert_no_error (error);
  t->old_cwd = g_get_current_dir ();
  g_assert_cmpint (chdir (t->dir), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents ("d/e", 0755), ==, 0);
  write_file ("a", "a\n", 2);
  write_file ("d/b", "bee\n", 4);
  write_file ("d/e/c", "", 0);
  write_file ("f", "f\n", 2);
  g_autofree char *big = g_malloc (BIG_SIZE);
  for (gsize i = 0; i < BIG_SIZE; i++)
    big[i] = (char) (i * 31 + 7);
  write_file ("d/big", big, BIG_SIZE);
  g_assert_cmpint (symlink ("../a", "d/link"), ==, 0);
  g_assert_cmpint (symlink ("d", "slink"), ==, 0);
  g_assert_cmpint (mkfifo ("d/fifo", 0644), ==, 0);
}

static void
remove_all (const char *path)
{
  struct stat st;
  if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      for (const char *name; d && (name = g_dir_read_name (d));)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_all (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
tree_teardown (Tree *t, gconstpointer data)
{
  g_assert_cmpint (chdir (t->old_cwd), ==, 0);
  remove_all (t->dir);
  g_free (t->dir);
  g_free (t->old_cwd);
}

static char *
contents_of (int fd)
{
  g_autoptr (GString) s = g_string_new (NULL);
  char buf[4096];
  ssize_t n;
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (s, buf, n);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Same status, same message, same file as halo_walk_open_beneath, whether the
 * opener is fresh or has kept another directory open, looked or not. */
static void
test_opener (Tree *t, gconstpointer data)
{
  g_auto (HaloWalkOpener) shared = HALO_WALK_OPENER_INIT;
  for (int looked = 0; looked < 2; looked++)
    for (guint i = 0; paths[i]; i++)
      {
        HaloFileStatus want_status, got_status;
        g_autofree char *want_reason = NULL;
        g_autofree char *got_reason = NULL;
        int want = halo_walk_open_beneath (paths[i], &want_status, &want_reason);
        g_auto (HaloWalkOpener) fresh = HALO_WALK_OPENER_INIT;
        HaloWalkOpener *o = i % 2 ? &shared : &fresh;
        struct stat got_st;
        int got = halo_walk_opener_open (o, paths[i], looked, &got_st, &got_status, &got_reason);
        g_test_message ("%s looked=%d: %d %s", paths[i], looked, got_status, got_reason);
        g_assert_cmpint (got_status, ==, want_status);
        g_assert_cmpstr (got_reason, ==, want_reason);
        g_assert_cmpint (got >= 0, ==, want >= 0);
        if (want >= 0)
          {
            struct stat st;
            g_assert_cmpint (stat (paths[i], &st), ==, 0);
            g_assert_cmpint (got_st.st_size, ==, st.st_size);
            g_assert_cmpint (got_st.st_ino, ==, st.st_ino);
            g_autofree char *w = contents_of (want);
            g_autofree char *g = contents_of (got);
            g_assert_cmpstr (g, ==, w);
            close (want);
            close (got);
          }
      }
}

static void
test_look (Tree *t, gconstpointer data)
{
  g_auto (HaloWalkOpener) o = HALO_WALK_OPENER_INIT;
  g_assert_cmpint (halo_walk_opener_look (&o, "a"), ==, 2);
  g_assert_cmpint (halo_walk_opener_look (&o, "d/b"), ==, 4);
  g_assert_cmpint (halo_walk_opener_look (&o, "d/big"), ==, BIG_SIZE);
  g_assert_cmpint (halo_walk_opener_look (&o, "d/e/c"), ==, 0);
  for (const char *const *p = (const char *const[]) { "d/link", "d/fifo", "slink/b", "f/x",
                                                      "missing", "nodir/x", "d/e", NULL };
       *p; p++)
    g_assert_cmpint (halo_walk_opener_look (&o, *p), ==, -1);
}

static void
assert_strings (GPtrArray *got, const char *const *want)
{
  g_assert_cmpuint (got->len, ==, g_strv_length ((char **) want));
  for (guint i = 0; i < got->len && want[i]; i++)
    g_assert_cmpstr (got->pdata[i], ==, want[i]);
}

static void
test_collect (Tree *t, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  const char *const args[] = { "d", "a", "d/b", NULL }; /* d/b twice: listed once */
  g_autoptr (GPtrArray) files = halo_walk_collect (args, NULL, skipped, &error);
  g_assert_no_error (error);
  const char *const want[] = { "a", "d/b", "d/big", "d/e/c", NULL };
  assert_strings (files, want);
  const char *const want_skipped[] = { "d/fifo: skipped: is a FIFO",
                                       "d/link: skipped: is a symbolic link", NULL };
  assert_strings (skipped, want_skipped);
}

/* The manifest being written is left out, found by its inode. */
static void
test_collect_skip (Tree *t, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  struct stat st;
  g_assert_cmpint (stat ("d/b", &st), ==, 0);
  HaloWalkOptions o = { NULL, NULL, TRUE, st.st_dev, st.st_ino };
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) files = halo_walk_collect (NULL, &o, skipped, &error);
  g_assert_no_error (error);
  const char *const want[] = { "a", "d/big", "d/e/c", "f", NULL };
  assert_strings (files, want);
  g_assert_cmpuint (skipped->len, ==, 4); /* d/b, d/fifo, d/link, slink */
  g_assert_cmpstr (skipped->pdata[0], ==, "d/b: skipped: the manifest being written");
}

/* Every result at its index, whatever the number of workers (the large
 * file first or not), looked or not. */
static void
test_hash (Tree *t, gconstpointer data)
{
  guint n = g_strv_length ((char **) paths);
  HaloDigestSet set = HALO_DIGEST_BIT (HALO_DIGEST_SHA256);
  for (guint jobs = 1; jobs <= 4; jobs++)
    for (int looked = 0; looked < 2; looked++)
      {
        g_autoptr (GError) error = NULL;
        HaloHashResult *r = halo_walk_hash (paths, looked, &set, 1, n, jobs, NULL, NULL, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < n; i++)
          {
            HaloFileStatus status;
            g_autofree char *reason = NULL;
            int fd = halo_walk_open_beneath (paths[i], &status, &reason);
            g_assert_cmpint (r[i].status, ==, status);
            g_assert_cmpstr (r[i].reason, ==, reason);
            if (fd < 0)
              {
                g_assert_null (r[i].hex[HALO_DIGEST_SHA256]);
                continue;
              }
            g_autofree char *data = NULL;
            gsize len;
            g_assert_true (g_file_get_contents (paths[i], &data, &len, NULL));
            g_autofree char *want = halo_digest_data (HALO_DIGEST_SHA256, data, len);
            g_assert_cmpstr (r[i].hex[HALO_DIGEST_SHA256], ==, want);
            close (fd);
          }
        halo_hash_results_free (r, n);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add ("/walk/opener", Tree, NULL, tree_setup, test_opener, tree_teardown);
  g_test_add ("/walk/look", Tree, NULL, tree_setup, test_look, tree_teardown);
  g_test_add ("/walk/collect", Tree, NULL, tree_setup, test_collect, tree_teardown);
  g_test_add ("/walk/collect-skip", Tree, NULL, tree_setup, test_collect_skip, tree_teardown);
  g_test_add ("/walk/hash", Tree, NULL, tree_setup, test_hash, tree_teardown);
  return g_test_run ();
}
