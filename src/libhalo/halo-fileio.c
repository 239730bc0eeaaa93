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
#include "halo-fileio.h"

#define TEMP_MARK ".halo-"

const char *
halo_file_kind_of (mode_t mode)
{
  if (S_ISLNK (mode))
    return _("is a symbolic link");
  if (S_ISDIR (mode))
    return _("is a directory");
  if (S_ISFIFO (mode))
    return _("is a FIFO");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("is a device");
  if (S_ISSOCK (mode))
    return _("is a socket");
  return _("is not a regular file");
}

int
halo_file_open_regular (const char *path, struct stat *st, GError **error)
{
  struct stat lst;
  if (lstat (path, &lst) < 0)
    {
      halo_error_set_errno (error, errno, _("cannot read %s"), path);
      return -1;
    }
  if (!S_ISREG (lst.st_mode))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("cannot read %s: %s"), path,
                   halo_file_kind_of (lst.st_mode));
      return -1;
    }
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int errsv = errno;
      if (errsv == ELOOP)
        g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("cannot read %s: %s"), path,
                     halo_file_kind_of (S_IFLNK));
      else
        halo_error_set_errno (error, errsv, _("cannot read %s"), path);
      return -1;
    }
  /* It may have been swapped between lstat and open. */
  if (fstat (fd, st) < 0)
    {
      halo_error_set_errno (error, errno, _("cannot read %s"), path);
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("cannot read %s: %s"), path,
                   halo_file_kind_of (st->st_mode));
      close (fd);
      return -1;
    }
  int flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

gboolean
halo_file_read_regular (const char *path, gsize max_size, char **contents, gsize *length,
                        GError **error)
{
  struct stat st;
  int fd = halo_file_open_regular (path, &st, error);
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
        {
          int errsv = errno;
          close (fd);
          return halo_error_set_errno (error, errsv, _("cannot read %s"), path);
        }
      if (n == 0)
        break;
      if (buf->len + n > max_size)
        {
          close (fd);
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _("cannot read %s: larger than the limit of %s"), path, limit);
          return FALSE;
        }
      g_string_append_len (buf, chunk, n);
    }
  close (fd);
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          /* No progress and no error: give up rather than loop for ever. */
          errno = EIO;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static mode_t
current_umask (void)
{
  mode_t mask = umask (022);
  umask (mask);
  return mask;
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
    = g_strdup_printf (no_replace ? _("cannot create %s") : _("cannot replace %s"), path);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return halo_error_set_errno (error, errno, _("%s: open directory %s"), what, dir);

  struct stat old;
  gboolean have_old = fstatat (dfd, base, &old, AT_SYMLINK_NOFOLLOW) == 0;
  if (have_old && no_replace)
    {
      close (dfd);
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("%s already exists"), path);
      return FALSE;
    }
  if (have_old && !S_ISREG (old.st_mode))
    {
      close (dfd);
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, "%s: %s", what,
                   halo_file_kind_of (old.st_mode));
      return FALSE;
    }
  mode_t mode = have_old ? (old.st_mode & 07777) : (0666 & ~current_umask ());

  g_autofree char *tmp = NULL;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; attempt++)
    {
      static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      char suffix[7];
      for (int i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      suffix[6] = '\0';
      g_free (tmp);
      tmp = g_strconcat (".", base, TEMP_MARK, suffix, NULL);
      fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        break;
    }
  if (fd < 0)
    {
      int errsv = errno;
      close (dfd);
      return halo_error_set_errno (error, errsv, _("%s: create temporary file"), what);
    }

  const char *failed = NULL;
  int errsv = 0;
  if (fchmod (fd, mode) < 0)
    failed = "fchmod";
  else if (have_old && (old.st_uid != geteuid () || old.st_gid != getegid ()))
    (void) !fchown (fd, old.st_uid, old.st_gid); /* best effort: only root may give files away */
  if (!failed && !write_all (fd, data, len))
    failed = "write";
  if (!failed && fsync (fd) < 0)
    failed = "fsync";
  if (failed)
    errsv = errno;
  if (close (fd) < 0 && !failed)
    {
      failed = "close";
      errsv = errno;
    }
  if (!failed && no_replace && linkat (dfd, tmp, dfd, base, 0) < 0)
    {
      failed = "link";
      errsv = errno;
    }
  if (!failed && !no_replace && renameat (dfd, tmp, dfd, base) < 0)
    {
      failed = "rename";
      errsv = errno;
    }
  if (failed || no_replace)
    unlinkat (dfd, tmp, 0);
  if (failed)
    {
      close (dfd);
      if (errsv == EEXIST && no_replace)
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("%s already exists"), path);
          return FALSE;
        }
      /* The name of the failed system call, untranslated: "fsync". */
      return halo_error_set_errno (error, errsv, "%s: %s", what, failed);
    }
  if (fsync (dfd) < 0)
    {
      errsv = errno;
      close (dfd);
      g_set_error (error, HALO_ERROR, HALO_ERROR_NOT_DURABLE,
                   no_replace ? _("%s was created, but flushing its directory failed (fsync: "
                                  "%s): the new state may not survive a power cut")
                              : _("%s was replaced, but flushing its directory failed (fsync: "
                                  "%s): the new state may not survive a power cut"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  close (dfd);
  return TRUE;
}

gboolean
halo_file_replace (const char *path, const void *data, gsize len, GError **error)
{
  return replace_contents (path, data, len, FALSE, error);
}

gboolean
halo_file_create (const char *path, const void *data, gsize len, GError **error)
{
  return replace_contents (path, data, len, TRUE, error);
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
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      halo_error_set_errno (error, errno, _("cannot lock %s: open directory %s"), path, dir);
      return -1;
    }
  gint64 deadline = g_get_monotonic_time () + (gint64) (MAX (wait_seconds, 0) * G_USEC_PER_SEC);
  for (;;)
    {
      int op = wait_seconds < 0 ? LOCK_EX : LOCK_EX | LOCK_NB;
      if (flock (fd, op) == 0)
        return fd;
      int errsv = errno;
      if (errsv == EINTR)
        continue;
      if (errsv != EWOULDBLOCK)
        {
          close (fd);
          halo_error_set_errno (error, errsv, _("cannot lock %s"), path);
          return -1;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          if (wait_seconds == 0)
            g_set_error (error, HALO_ERROR, HALO_ERROR_BUSY,
                         _("%s is locked by another run (use --wait to wait for it)"), path);
          else
            g_set_error (error, HALO_ERROR, HALO_ERROR_BUSY,
                         _("%s is still locked by another run after waiting %g seconds"), path,
                         wait_seconds);
          return -1;
        }
      g_usleep (10000);
    }
}

void
halo_lock_release (int fd)
{
  if (fd >= 0)
    close (fd);
}
