/* halo-walk.c: the safe open beneath the root (the walk: halo-walk-collect.c). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-walk.h"

static int
fail_open (HaloFileStatus *status, char **reason, HaloFileStatus s, char *why)
{
  *status = s;
  *reason = why;
  return -1;
}

/* halo_file_open_regular_at, its failure told in @status and @reason. */
static int
open_regular_at (int at, const char *name, gboolean look, struct stat *stp, HaloFileStatus *status,
                 char **reason)
{
  mode_t kind;
  int fd = halo_file_open_regular_at (at, name, look, stp, &kind);
  if (fd < 0 && kind != 0)
    return fail_open (status, reason, HALO_FILE_NOT_REGULAR, g_strdup (halo_file_kind_of (kind)));
  int errsv = errno;
  if (fd < 0)
    return fail_open (status, reason, errsv == ENOENT ? HALO_FILE_MISSING : HALO_FILE_UNREADABLE,
                      g_strdup (g_strerror (errsv)));
  *status = HALO_FILE_OK;
  *reason = NULL;
  return fd;
}

int
halo_walk_open_beneath (const char *path, HaloFileStatus *status, char **reason)
{
  const char *slash = strrchr (path, '/');
  if (slash == NULL)
    return open_regular_at (AT_FDCWD, path, TRUE, NULL, status, reason);
  g_autofree char *dir = g_strndup (path, slash - path);
  g_autofree char *part = NULL;
  mode_t kind;
  g_auto (HaloFd) dfd = halo_file_open_dir_beneath (AT_FDCWD, dir, &part, &kind);
  int errsv = errno;
  if (dfd < 0 && errsv == ENOENT)
    return fail_open (status, reason, HALO_FILE_MISSING, g_strdup (g_strerror (errsv)));
  if (dfd < 0 && S_ISLNK (kind))
    return fail_open (
      status, reason, HALO_FILE_UNREADABLE,
      g_strdup_printf (_ ("%s, a directory on its path, is a symbolic link"), part));
  if (dfd < 0 && kind != 0)
    return fail_open (status, reason, HALO_FILE_MISSING,
                      g_strdup_printf (_ ("%s, on its path, is not a directory"), part));
  if (dfd < 0)
    return fail_open (status, reason, HALO_FILE_UNREADABLE, g_strdup (g_strerror (errsv)));
  return open_regular_at (dfd, slash + 1, TRUE, NULL, status, reason);
}

typedef struct
{
  gsize end; /* where its name ends in the opener's @dir */
  int fd;
} Level;

/* An opener keeps at most this many directories open: a path deeper than
 * that is opened the slow way, one directory at a time, so that the depth
 * of a tree does not depend on the limit of open files. */
#define OPENER_MAX_LEVELS 16

/* Close the directories from level @keep on. */
static void
opener_truncate (HaloWalkOpener *o, guint keep)
{
  if (o->levels == NULL)
    return;
  for (guint k = keep; k < o->levels->len; k++)
    close (g_array_index (o->levels, Level, k).fd);
  g_array_set_size (o->levels, keep);
  o->dir_len = keep ? g_array_index (o->levels, Level, keep - 1).end : 0;
}

void
halo_walk_opener_clear (HaloWalkOpener *o)
{
  opener_truncate (o, 0);
  g_clear_pointer (&o->levels, g_array_unref);
  g_clear_pointer (&o->dir, g_free);
  o->dir_len = 0;
}

/* The directory of @path, open (the opener's, not to be closed), or -1 if
 * one on the way cannot be opened; @name is set to the last component. */
static int
opener_dir (HaloWalkOpener *o, const char *path, const char **name)
{
  const char *slash = strrchr (path, '/');
  *name = slash ? slash + 1 : path;
  if (slash == NULL)
    return AT_FDCWD;
  gsize len = slash - path;
  guint depth = 1;
  for (const char *p = path; p < slash; p++)
    depth += *p == '/';
  if (depth > OPENER_MAX_LEVELS)
    {
      opener_truncate (o, 0);
      return -1;
    }
  if (o->levels == NULL)
    o->levels = g_array_new (FALSE, FALSE, sizeof (Level));
  /* Keep the directories that @path goes through too. */
  guint keep = 0;
  for (; keep < o->levels->len; keep++)
    {
      gsize end = g_array_index (o->levels, Level, keep).end;
      if (end > len || memcmp (o->dir, path, end) != 0 || (end < len && path[end] != '/'))
        break;
    }
  opener_truncate (o, keep);
  if (o->dir_len == len && keep > 0)
    return g_array_index (o->levels, Level, keep - 1).fd;
  if (len == 0) /* an absolute path: let halo_walk_open_beneath refuse it */
    return -1;
  g_free (o->dir);
  o->dir = g_strndup (path, len);
  int dfd = keep ? g_array_index (o->levels, Level, keep - 1).fd : AT_FDCWD;
  for (const char *p = keep ? path + o->dir_len + 1 : path;; p++)
    {
      const char *end = memchr (p, '/', slash - p);
      if (end == NULL)
        end = slash;
      g_autofree char *part = g_strndup (p, end - p); /* "" for "a//b": refused */
      dfd = openat (dfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (dfd < 0)
        {
          opener_truncate (o, 0);
          return -1;
        }
      Level level = { end - path, dfd };
      g_array_append_val (o->levels, level);
      o->dir_len = level.end;
      p = end;
      if (p == slash)
        break;
    }
  return dfd;
}

int
halo_walk_opener_open (HaloWalkOpener *o, const char *path, gboolean looked, struct stat *st,
                       HaloFileStatus *status, char **reason)
{
  const char *name;
  int dfd = opener_dir (o, path, &name);
  if (dfd == -1)
    {
      /* Something on the way is wrong: the slow path says what. */
      int fd = halo_walk_open_beneath (path, status, reason);
      if (fd >= 0 && st && fstat (fd, st) < 0)
        memset (st, 0, sizeof *st);
      return fd;
    }
  if (looked)
    {
      int fd = open_regular_at (dfd, name, FALSE, st, status, reason);
      if (fd >= 0)
        return fd;
      /* Changed since the look: look again, to say what it is now. */
      g_clear_pointer (reason, g_free);
    }
  return open_regular_at (dfd, name, TRUE, st, status, reason);
}

gint64
halo_walk_opener_look (HaloWalkOpener *o, const char *path)
{
  const char *name;
  struct stat st;
  int dfd = opener_dir (o, path, &name);
  if (dfd == -1)
    {
      /* Deep, or something on the way is wrong: the slow path. */
      HaloFileStatus status;
      g_autofree char *reason = NULL;
      int fd = halo_walk_open_beneath (path, &status, &reason);
      if (fd < 0)
        return -1;
      gint64 size = fstat (fd, &st) == 0 ? st.st_size : -1;
      close (fd);
      return size;
    }
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
    return -1;
  return st.st_size;
}
