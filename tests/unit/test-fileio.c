/* test-fileio.c: the self-cleaning descriptor and temporary file, the two safe opens, the write check, the lock's wait. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-error.h"
#include "halo-fileio-private.h"

static char *
scratch_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("halo-fileio-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* g_auto (HaloFd) closes the descriptor at the end of its scope, keeping errno. */
static void
test_fd_closes (void)
{
  int seen;
  {
    g_auto (HaloFd) fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
    g_assert_cmpint (fd, >=, 0);
    seen = fd;
    errno = ENOSPC;
  }
  g_assert_cmpint (errno, ==, ENOSPC);
  g_assert_cmpint (fcntl (seen, F_GETFD), ==, -1);
  g_assert_cmpint (errno, ==, EBADF);
  g_auto (HaloFd) kept = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  int stolen = halo_fd_steal (&kept);
  g_assert_cmpint (kept, ==, -1);
  g_assert_cmpint (close (stolen), ==, 0);
}

/* An unfinished temporary file is removed when it goes out of scope; an
 * installed one stays under its new name and nothing else is left. */
static void
test_tmpfile_cleans_up (void)
{
  g_autofree char *dir = scratch_dir ();
  g_auto (HaloFd) dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_autoptr (GError) error = NULL;
  {
    g_auto (HaloTmpfile) tmp = HALO_TMPFILE_INIT;
    g_assert_true (halo_tmpfile_open (&tmp, dfd, "status.json", &error));
    g_assert_true (halo_tmpfile_write (&tmp, "half", 4, &error));
    g_assert_cmpuint (count_entries (dir), ==, 1);
    g_assert_true (g_str_has_prefix (tmp.name, ".status.json.halo-"));
  }
  g_assert_cmpuint (count_entries (dir), ==, 0);
  {
    g_auto (HaloTmpfile) tmp = HALO_TMPFILE_INIT;
    g_assert_true (halo_tmpfile_open (&tmp, dfd, "status.json", &error));
    g_assert_true (halo_tmpfile_write (&tmp, "{}\n", 3, &error));
    g_assert_true (halo_tmpfile_sync_close (&tmp, &error));
    g_assert_true (halo_tmpfile_install (&tmp, "status.json", TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  g_autofree char *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, "{}\n");
  /* A second exclusive install fails, and its temporary file goes. */
  {
    g_auto (HaloTmpfile) tmp = HALO_TMPFILE_INIT;
    g_assert_true (halo_tmpfile_open (&tmp, dfd, "status.json", &error));
    g_assert_true (halo_tmpfile_sync_close (&tmp, &error));
    g_assert_false (halo_tmpfile_install (&tmp, "status.json", TRUE, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

/* Mode 0444 is refused, by root too, with the file left as it was. */
static void
test_read_only_refused (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_autoptr (GError) error = NULL;
  g_assert_false (halo_file_replace (path, "new\n", 4, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_IO);
  g_autofree char *want = g_strdup_printf ("cannot replace %s: the file is read-only (mode 0444)", path);
  g_assert_cmpstr (error->message, ==, want);
  g_autofree char *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, "old\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  /* The same check without writing anything. */
  g_clear_error (&error);
  g_assert_false (halo_file_check_replaceable (path, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_IO);
  g_assert_cmpstr (error->message, ==, want);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  /* Writable again: replaced, mode kept. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_clear_error (&error);
  g_assert_true (halo_file_check_replaceable (path, &error));
  g_assert_no_error (error);
  g_assert_true (halo_file_replace (path, "new\n", 4, &error));
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_unlink (path);
  g_rmdir (dir);
}

/* The one open of a file to read: a regular file, or the type of what is
 * there instead, never blocking on a FIFO, never following a link. */
static void
test_open_regular_at (void)
{
  g_autofree char *dir = scratch_dir ();
  g_auto (HaloFd) dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (mkfifoat (dfd, "fifo", 0600), ==, 0);
  g_assert_cmpint (symlinkat ("file", dfd, "link"), ==, 0);
  g_auto (HaloFd) wfd = openat (dfd, "file", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (write (wfd, "x", 1), ==, 1);
  mode_t kind;
  struct stat st;
  g_auto (HaloFd) fd = halo_file_open_regular_at (dfd, "file", TRUE, &st, &kind);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (st.st_size, ==, 1);
  g_assert_cmpint (fcntl (fd, F_GETFL) & O_NONBLOCK, ==, 0);
  static const struct { const char *name; gboolean look; mode_t kind; } bad[] = {
    { "fifo", TRUE, S_IFIFO }, { "fifo", FALSE, S_IFIFO },
    { "link", TRUE, S_IFLNK }, { "link", FALSE, S_IFLNK },
    { ".", TRUE, S_IFDIR },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (halo_file_open_regular_at (dfd, bad[i].name, bad[i].look, NULL, &kind), ==, -1);
      g_assert_cmpint (kind, ==, bad[i].kind);
    }
  g_assert_cmpint (halo_file_open_regular_at (dfd, "missing", TRUE, NULL, &kind), ==, -1);
  g_assert_cmpint (errno, ==, ENOENT);
  g_assert_cmpint (kind, ==, 0);
  unlinkat (dfd, "fifo", 0);
  unlinkat (dfd, "link", 0);
  unlinkat (dfd, "file", 0);
  g_rmdir (dir);
}

/* The one walk of path components: beneath the start, no link followed,
 * the component that failed named. */
static void
test_open_dir_beneath (void)
{
  g_autofree char *dir = scratch_dir ();
  g_auto (HaloFd) dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (mkdirat (dfd, "a", 0700), ==, 0);
  g_assert_cmpint (mkdirat (dfd, "a/b", 0700), ==, 0);
  g_assert_cmpint (symlinkat ("a", dfd, "l"), ==, 0);
  close (openat (dfd, "a/f", O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  g_autofree char *failed = NULL;
  mode_t kind;
  g_auto (HaloFd) fd = halo_file_open_dir_beneath (dfd, "a/b", &failed, &kind);
  g_assert_cmpint (fd, >=, 0);
  g_assert_null (failed);
  static const struct { const char *dir; const char *failed; int errsv; mode_t kind; } bad[] = {
    { "l/b", "l", ENOTDIR, S_IFLNK }, /* O_DIRECTORY | O_NOFOLLOW: not ELOOP */
    { "a/l", "l", ENOENT, 0 },
    { "a/f/x", "f", ENOTDIR, S_IFREG },
    { "a//b", "", ENOENT, 0 },
    { "", "", ENOENT, 0 },
    { "missing/a", "missing", ENOENT, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_pointer (&failed, g_free);
      g_assert_cmpint (halo_file_open_dir_beneath (dfd, bad[i].dir, &failed, &kind), ==, -1);
      g_assert_cmpint (errno, ==, bad[i].errsv);
      g_assert_cmpstr (failed, ==, bad[i].failed);
      g_assert_cmpint (kind, ==, bad[i].kind);
    }
  unlinkat (dfd, "a/f", 0);
  unlinkat (dfd, "a/b", AT_REMOVEDIR);
  unlinkat (dfd, "a", AT_REMOVEDIR);
  unlinkat (dfd, "l", 0);
  g_rmdir (dir);
}

static gpointer
release_later (gpointer data)
{
  g_usleep (200000);
  close (GPOINTER_TO_INT (data));
  return NULL;
}

/* A wait of more seconds than fit in 64 bits of microseconds waits (it
 * used to give up at once): taken once the holder lets go. */
static void
test_lock_huge_wait (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  int holder = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (flock (holder, LOCK_EX), ==, 0);
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (halo_lock_acquire (path, 0, &error), ==, -1);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_BUSY);
  g_clear_error (&error);
  GThread *t = g_thread_new ("release", release_later, GINT_TO_POINTER (holder));
  int lock = halo_lock_acquire (path, 1e13, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lock, >=, 0);
  g_thread_join (t);
  halo_lock_release (lock);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/fileio/fd-closes", test_fd_closes);
  g_test_add_func ("/fileio/tmpfile-cleans-up", test_tmpfile_cleans_up);
  g_test_add_func ("/fileio/read-only-refused", test_read_only_refused);
  g_test_add_func ("/fileio/open-regular-at", test_open_regular_at);
  g_test_add_func ("/fileio/open-dir-beneath", test_open_dir_beneath);
  g_test_add_func ("/fileio/lock-huge-wait", test_lock_huge_wait);
  return g_test_run ();
}
