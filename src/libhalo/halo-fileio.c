/* halo-fileio.c: safe open, atomic durable replace, the advisory lock. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio-private.h"

#define TEMP_MARK ".halo-"

void
halo_fd_close (HaloFd fd)
{
  /* A cleanup runs after the error was taken from errno: keep errno as it is. */
  int errsv = errno;
  if (fd >= 0)
    close (fd);
  errno = errsv;
}

const char *
halo_file_kind_of (mode_t mode)
{
  if (S_ISLNK (mode))
    return _ ("is a symbolic link");
  if (S_ISDIR (mode))
    return _ ("is a directory");
  if (S_ISFIFO (mode))
    return _ ("is a FIFO");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _ ("is a device");
  if (S_ISSOCK (mode))
    return _ ("is a socket");
  return _ ("is not a regular file");
}

int
halo_file_open_regular_at (int at, const char *name, gboolean look, struct stat *stp, mode_t *kind)
{
  struct stat st;
  *kind = 0;
  if (look && fstatat (at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return -1;
  if (look && !S_ISREG (st.st_mode))
    {
      *kind = st.st_mode & S_IFMT;
      return -1;
    }
  g_auto (HaloFd) fd = openat (at, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      if (errno == ELOOP)
        *kind = S_IFLNK;
      return -1;
    }
  /* It may have been swapped between the look and the open. */
  if (fstat (fd, &st) < 0)
    return -1;
  if (!S_ISREG (st.st_mode))
    {
      *kind = st.st_mode & S_IFMT;
      return -1;
    }
  /* O_NONBLOCK is the only file status flag set above: clear it. */
  (void) fcntl (fd, F_SETFL, 0);
  if (stp)
    *stp = st;
  return halo_fd_steal (&fd);
}

int
halo_file_open_dir_beneath (int at, const char *dir, char **failed, mode_t *kind)
{
  *failed = NULL;
  *kind = 0;
  if (*dir == '\0') /* g_strsplit would give no component at all */
    {
      *failed = g_strdup ("");
      errno = ENOENT;
      return -1;
    }
  g_auto (GStrv) parts = g_strsplit (dir, "/", -1);
  g_auto (HaloFd) fd = -1;
  for (guint i = 0; parts[i]; i++)
    {
      int cur = fd < 0 ? at : fd;
      int next = openat (cur, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0)
        {
          int errsv = errno;
          struct stat st;
          if ((errsv == ELOOP || errsv == ENOTDIR)
              && fstatat (cur, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            *kind = st.st_mode & S_IFMT;
          *failed = g_strdup (parts[i]);
          errno = errsv;
          return -1;
        }
      halo_fd_close (fd);
      fd = next;
    }
  return halo_fd_steal (&fd);
}

int
halo_file_open_regular (const char *path, struct stat *st, GError **error)
{
  mode_t kind;
  int fd = halo_file_open_regular_at (AT_FDCWD, path, TRUE, st, &kind);
  if (fd < 0 && kind != 0)
    g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("cannot read %s: %s"), path,
                 halo_file_kind_of (kind));
  else if (fd < 0)
    halo_error_set_errno (error, errno, _ ("cannot read %s"), path);
  return fd;
}

gboolean
halo_file_read_regular (const char *path, gsize max_size, char **contents, gsize *length,
                        GError **error)
{
  struct stat st;
  g_auto (HaloFd) fd = halo_file_open_regular (path, &st, error);
  if (fd < 0)
    return FALSE;
  g_autoptr (GString) buf = g_string_sized_new (MIN ((gsize) st.st_size, max_size) + 1);
  char chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return halo_error_set_errno (error, errno, _ ("cannot read %s"), path);
      if (n == 0)
        break;
      if (buf->len + n > max_size)
        {
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("cannot read %s: larger than the limit of %s"), path, limit);
          return FALSE;
        }
      g_string_append_len (buf, chunk, n);
    }
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

/* The old file that @base in @dfd replaces, open in *@oldfd to copy what
 * it keeps, or -1 if there is none. */
static gboolean
open_old (int dfd, const char *base, const char *what, int *oldfd, struct stat *old, GError **error)
{
  mode_t kind;
  g_auto (HaloFd) fd = halo_file_open_regular_at (dfd, base, TRUE, old, &kind);
  if (fd < 0 && kind != 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, "%s: %s", what, halo_file_kind_of (kind));
      return FALSE;
    }
  if (fd < 0 && errno != ENOENT)
    return halo_error_set_errno (error, errno, "%s: open", what);
  *oldfd = halo_fd_steal (&fd);
  return TRUE;
}

static mode_t
current_umask (void)
{
  mode_t mask = umask (022);
  umask (mask);
  return mask;
}

static gboolean
prefixed (GError **error, const char *what)
{
  g_prefix_error (error, "%s: ", what);
  return FALSE;
}

/* The shared path of replace and create: @no_replace refuses an existing file. */
static gboolean
replace_contents (const char *path, const void *data, gsize len, gboolean no_replace,
                  GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  /* TRANSLATORS: the start of a message such as "cannot replace
     progress/status.json: fsync: No space left on device" */
  g_autofree char *what
    = g_strdup_printf (no_replace ? _ ("cannot create %s") : _ ("cannot replace %s"), path);
  g_auto (HaloFd) dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return halo_error_set_errno (error, errno, _ ("%s: open directory %s"), what, dir);

  struct stat old;
  g_auto (HaloFd) oldfd = -1;
  if (no_replace && fstatat (dfd, base, &old, AT_SYMLINK_NOFOLLOW) == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s already exists"), path);
      return FALSE;
    }
  if (!no_replace && !open_old (dfd, base, what, &oldfd, &old, error))
    return FALSE;

  g_auto (HaloTmpfile) tmp = HALO_TMPFILE_INIT;
  if (!halo_tmpfile_open (&tmp, dfd, base, error))
    return prefixed (error, what);
  /* After the creation, so that a directory that may not be written is
   * named as the reason first. */
  if (oldfd >= 0 && !halo_file_check_writable (dfd, base, &old, path, error))
    return FALSE;
  if (oldfd >= 0 && !halo_file_copy_access (oldfd, &old, tmp.fd, error))
    return prefixed (error, what);
  if (oldfd < 0 && fchmod (tmp.fd, 0666 & ~current_umask ()) < 0)
    return halo_error_set_errno (error, errno, "%s: fchmod", what);
  if (!halo_tmpfile_write (&tmp, data, len, error) || !halo_tmpfile_sync_close (&tmp, error))
    return prefixed (error, what);
  g_autoptr (GError) local = NULL;
  if (!halo_tmpfile_install (&tmp, base, no_replace, &local))
    {
      if (no_replace && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_EXIST))
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s already exists"), path);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return prefixed (error, what);
    }
  if (fsync (dfd) < 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_NOT_DURABLE,
                   no_replace ? _ ("%s was created, but flushing its directory failed (fsync: "
                                   "%s): the new state may not survive a power cut")
                              : _ ("%s was replaced, but flushing its directory failed (fsync: "
                                   "%s): the new state may not survive a power cut"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
halo_file_replace (const char *path, const void *data, gsize len, GError **error)
{
  return replace_contents (path, data, len, FALSE, error);
}

gboolean
halo_file_check_replaceable (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *what = g_strdup_printf (_ ("cannot replace %s"), path);
  g_auto (HaloFd) dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return halo_error_set_errno (error, errno, _ ("%s: open directory %s"), what, dir);
  struct stat old;
  g_auto (HaloFd) oldfd = -1;
  if (!open_old (dfd, base, what, &oldfd, &old, error))
    return FALSE;
  return oldfd < 0 || halo_file_check_writable (dfd, base, &old, path, error);
}

gboolean
halo_file_create (const char *path, const void *data, gsize len, GError **error)
{
  return replace_contents (path, data, len, TRUE, error);
}

void
halo_tmpfile_clear (HaloTmpfile *tmp)
{
  halo_fd_close (halo_fd_steal (&tmp->fd));
  if (tmp->name)
    unlinkat (tmp->dfd, tmp->name, 0);
  g_clear_pointer (&tmp->name, g_free);
}

gboolean
halo_tmpfile_open (HaloTmpfile *tmp, int dfd, const char *base, GError **error)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  g_return_val_if_fail (tmp->fd < 0 && tmp->name == NULL, FALSE);
  for (int attempt = 0; attempt < 100; attempt++)
    {
      char suffix[7];
      for (int i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      suffix[6] = '\0';
      g_autofree char *name = g_strconcat (".", base, TEMP_MARK, suffix, NULL);
      int fd = openat (dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          tmp->dfd = dfd;
          tmp->fd = fd;
          tmp->name = g_steal_pointer (&name);
          return TRUE;
        }
      if (errno != EEXIST)
        break;
    }
  return halo_error_set_errno (error, errno, _ ("create temporary file"));
}

gboolean
halo_tmpfile_write (HaloTmpfile *tmp, const void *data, gsize len, GError **error)
{
  const char *p = data;
  while (len > 0)
    {
      ssize_t n = write (tmp->fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return halo_error_set_errno (error, errno, "write");
      if (n == 0) /* no progress and no error: give up rather than loop for ever */
        return halo_error_set_errno (error, EIO, "write");
      p += n;
      len -= n;
    }
  return TRUE;
}

gboolean
halo_tmpfile_sync_close (HaloTmpfile *tmp, GError **error)
{
  if (fsync (tmp->fd) < 0)
    return halo_error_set_errno (error, errno, "fsync");
  int fd = halo_fd_steal (&tmp->fd);
  if (close (fd) < 0)
    return halo_error_set_errno (error, errno, "close");
  return TRUE;
}

gboolean
halo_tmpfile_install (HaloTmpfile *tmp, const char *base, gboolean no_replace, GError **error)
{
  if (no_replace && linkat (tmp->dfd, tmp->name, tmp->dfd, base, 0) < 0)
    {
      int errsv = errno;
      if (errsv == EEXIST)
        g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, g_strerror (errsv));
      else
        halo_error_set_errno (error, errsv, "link");
      return FALSE;
    }
  if (!no_replace && renameat (tmp->dfd, tmp->name, tmp->dfd, base) < 0)
    return halo_error_set_errno (error, errno, "rename");
  if (no_replace) /* the new name holds it now: the temporary one goes */
    unlinkat (tmp->dfd, tmp->name, 0);
  g_clear_pointer (&tmp->name, g_free);
  return TRUE;
}

void
halo_file_remove_stale_temps (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (".", base, TEMP_MARK, NULL);
  gsize plen = strlen (prefix);
  DIR *d = opendir (dir);
  if (d == NULL)
    return;
  struct dirent *e;
  /* readdir is safe on a stream that only this thread reads (readdir_r is
   * deprecated in glibc and POSIX); cppcheck's portability note does not apply. */
  /* cppcheck-suppress readdirCalled */
  while ((e = readdir (d)) != NULL)
    if (strncmp (e->d_name, prefix, plen) == 0 && strlen (e->d_name) == plen + 6)
      unlinkat (dirfd (d), e->d_name, 0);
  closedir (d);
}

int
halo_lock_acquire (const char *path, double wait_seconds, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto (HaloFd) fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      halo_error_set_errno (error, errno, _ ("cannot lock %s: open directory %s"), path, dir);
      return -1;
    }
  /* Past HALO_LOCK_WAIT_MAX the microseconds would not fit in 64 bits (the
   * conversion is undefined): that long is for ever. */
  gboolean forever = wait_seconds < 0 || !(wait_seconds <= HALO_LOCK_WAIT_MAX);
  gint64 deadline
    = forever ? G_MAXINT64 : g_get_monotonic_time () + (gint64) (wait_seconds * G_USEC_PER_SEC);
  for (;;)
    {
      if (flock (fd, forever ? LOCK_EX : LOCK_EX | LOCK_NB) == 0)
        return halo_fd_steal (&fd);
      int errsv = errno;
      if (errsv == EINTR)
        continue;
      if (errsv != EWOULDBLOCK)
        {
          halo_error_set_errno (error, errsv, _ ("cannot lock %s"), path);
          return -1;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          if (wait_seconds == 0)
            g_set_error (error, HALO_ERROR, HALO_ERROR_BUSY,
                         _ ("%s is locked by another run (use --wait to wait for it)"), path);
          else
            g_set_error (error, HALO_ERROR, HALO_ERROR_BUSY,
                         _ ("%s is still locked by another run after waiting %g seconds"), path,
                         wait_seconds);
          return -1;
        }
      g_usleep (10000);
    }
}

void
halo_lock_release (int fd)
{
  halo_fd_close (fd);
}
