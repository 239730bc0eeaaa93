/* halo-walk.c: the directory walk and the safe open beneath the root. */
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
open_regular_at (int at, const char *name, gboolean look, struct stat *stp,
                 HaloFileStatus *status, char **reason)
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
    return fail_open (status, reason, HALO_FILE_UNREADABLE,
                      g_strdup_printf (_("%s, a directory on its path, is a symbolic link"), part));
  if (dfd < 0 && kind != 0)
    return fail_open (status, reason, HALO_FILE_MISSING,
                      g_strdup_printf (_("%s, on its path, is not a directory"), part));
  if (dfd < 0)
    return fail_open (status, reason, HALO_FILE_UNREADABLE, g_strdup (g_strerror (errsv)));
  return open_regular_at (dfd, slash + 1, TRUE, NULL, status, reason);
}

typedef struct
{
  gsize end; /* where its name ends in the opener's @dir */
  int fd;
} Level;

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
  if (dfd == -1 || fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
    return -1;
  return st.st_size;
}

typedef struct
{
  const HaloWalkOptions *o;
  GPtrArray *files;
  GPtrArray *skipped;
  GError **error;
} Walk;

static gboolean
is_excluded (const Walk *w, const char *rel)
{
  if (w->o == NULL || w->o->excludes == NULL)
    return FALSE;
  const char *slash = strrchr (rel, '/');
  const char *name = slash ? slash + 1 : rel;
  for (char **g = w->o->excludes; *g; g++)
    if (g_pattern_match_simple (*g, strchr (*g, '/') ? rel : name))
      return TRUE;
  return FALSE;
}

static void
skip (Walk *w, const char *rel, const char *why)
{
  if (w->skipped)
    /* TRANSLATORS: "docs/link: skipped: is a symbolic link" */
    g_ptr_array_add (w->skipped, g_strdup_printf (_("%s: skipped: %s"), rel, why));
}

static gboolean walk_dir (Walk *w, int dfd, const char *rel);

static gboolean
is_vcs_dir (const char *name)
{
  return strcmp (name, ".git") == 0 || strcmp (name, ".hg") == 0 || strcmp (name, ".svn") == 0;
}

/* What readdir says @name is (DT_DIR, DT_REG, DT_LNK), or 0 if it does not say. */
typedef unsigned char EntryType;

static void
add_regular (Walk *w, const char *rel, const struct stat *st)
{
  if (w->o && ((w->o->skip_path && strcmp (rel, w->o->skip_path) == 0)
               || (st && w->o->skip_inode && st->st_dev == w->o->skip_dev
                   && st->st_ino == w->o->skip_ino)))
    skip (w, rel, _("the manifest being written"));
  else
    g_ptr_array_add (w->files, g_strdup (rel));
}

/* One thing @name in the directory @dfd, whose path from the root is @rel;
 * @type and @ino are what readdir says of it.  The walk takes its word for
 * directories, regular files and symbolic links, and only looks (lstat) at
 * anything else: a tree of many small files is mostly readdir.  The hashing
 * checks with fstat what it opened; the manifest being written, if its
 * inode number is not the one readdir gives, is left out after hashing. */
static gboolean
visit (Walk *w, int dfd, const char *name, const char *rel, EntryType type, ino_t ino)
{
  struct stat st;
  if (is_excluded (w, rel))
    return TRUE;
#ifdef _DIRENT_HAVE_D_TYPE
  if (type == DT_DIR && !is_vcs_dir (name))
    {
      /* O_NOFOLLOW | O_DIRECTORY opens nothing else; if it was replaced,
       * the lstat below says by what. */
      int fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0)
        return walk_dir (w, fd, rel);
      if (errno != ENOTDIR && errno != ELOOP && errno != ENOENT)
        return halo_error_set_errno (w->error, errno, _("cannot read directory %s"), rel);
    }
  if (type == DT_REG && !(w->o && w->o->skip_inode && ino == w->o->skip_ino))
    {
      add_regular (w, rel, NULL);
      return TRUE;
    }
  if (type == DT_LNK)
    {
      skip (w, rel, halo_file_kind_of (S_IFLNK));
      return TRUE;
    }
#endif
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return halo_error_set_errno (w->error, errno, _("cannot read %s"), rel);
  if (S_ISREG (st.st_mode))
    {
      add_regular (w, rel, &st);
      return TRUE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      skip (w, rel, halo_file_kind_of (st.st_mode));
      return TRUE;
    }
  if (is_vcs_dir (name))
    {
      skip (w, rel, _("a version control directory"));
      return TRUE;
    }
  int fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return halo_error_set_errno (w->error, errno, _("cannot read directory %s"), rel);
  return walk_dir (w, fd, rel);
}

/* Walk the directory open at @dfd (closed here), whose path is @rel ("" for the root). */
static gboolean
walk_dir (Walk *w, int dfd, const char *rel)
{
  DIR *d = fdopendir (dfd);
  if (d == NULL)
    {
      int errsv = errno;
      close (dfd);
      return halo_error_set_errno (w->error, errsv, _("cannot read directory %s"),
                                   *rel ? rel : ".");
    }
  gboolean ok = TRUE;
  for (;;)
    {
      errno = 0;
      /* readdir is safe on a stream that only this thread reads (readdir_r is
       * deprecated in glibc and POSIX); cppcheck's portability note does not apply. */
      /* cppcheck-suppress readdirCalled */
      struct dirent *e = readdir (d);
      if (e == NULL)
        {
          if (errno != 0)
            ok = halo_error_set_errno (w->error, errno, _("cannot read directory %s"),
                                       *rel ? rel : ".");
          break;
        }
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      g_autofree char *child = *rel ? g_strconcat (rel, "/", e->d_name, NULL)
                                    : g_strdup (e->d_name);
#ifdef _DIRENT_HAVE_D_TYPE
      EntryType type = e->d_type;
#else
      EntryType type = 0;
#endif
      if (!visit (w, dirfd (d), e->d_name, child, type, e->d_ino))
        {
          ok = FALSE;
          break;
        }
    }
  closedir (d);
  return ok;
}

/* A PATH given on the command line: normalised, and refused if any directory
 * on its way is a symbolic link (the walk follows none). */
static gboolean
visit_argument (Walk *w, const char *arg)
{
  g_autofree char *owned = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  if (g_path_is_absolute (arg))
    {
      gsize n = strlen (cwd);
      if (strcmp (arg, cwd) == 0)
        arg = ".";
      else if (strncmp (arg, cwd, n) == 0 && (arg[n] == '/' || n == 1))
        arg = arg + n;
      else
        {
          g_set_error (w->error, HALO_ERROR, HALO_ERROR_INVALID, _("%s: outside the root %s"),
                       arg, cwd);
          return FALSE;
        }
      while (*arg == '/')
        arg++;
      if (*arg == '\0')
        arg = ".";
    }
  g_autofree char *rel = NULL;
  g_autoptr (GError) local = NULL;
  rel = halo_manifest_path_normalize (arg, &local);
  if (rel == NULL && strspn (arg, "./") == strlen (arg) && strstr (arg, "..") == NULL)
    {
      int fd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        return halo_error_set_errno (w->error, errno, _("cannot read directory %s"), ".");
      return walk_dir (w, fd, "");
    }
  if (rel == NULL)
    {
      g_propagate_error (w->error, g_steal_pointer (&local));
      return FALSE;
    }
  g_auto (GStrv) parts = g_strsplit (rel, "/", -1);
  int dfd = AT_FDCWD;
  gboolean ok = TRUE;
  for (guint i = 0; ok && parts[i + 1]; i++)
    {
      int fd = openat (dfd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0)
        {
          int errsv = errno;
          struct stat st;
          if ((errsv == ELOOP || errsv == ENOTDIR)
              && fstatat (dfd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            g_set_error (w->error, HALO_ERROR, HALO_ERROR_INVALID,
                         _("%s: %s, on its path, is not a directory but %s"), rel, parts[i],
                         S_ISLNK (st.st_mode) ? _("a symbolic link") : _("a file"));
          else
            halo_error_set_errno (w->error, errsv, _("cannot read %s"), rel);
          ok = FALSE;
        }
      if (dfd != AT_FDCWD)
        close (dfd);
      dfd = fd;
    }
  if (ok)
    {
      const char *last = strrchr (rel, '/');
      ok = visit (w, dfd, last ? last + 1 : rel, rel, 0, 0);
    }
  if (dfd >= 0)
    close (dfd);
  return ok;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
halo_walk_collect (const char *const *paths, const HaloWalkOptions *options, GPtrArray *skipped,
                   GError **error)
{
  static const char *const root[] = { ".", NULL };
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  Walk w = { options, files, skipped, error };
  for (const char *const *p = paths && *paths ? paths : root; *p; p++)
    if (!visit_argument (&w, *p))
      return NULL;
  g_ptr_array_sort (files, compare_paths);
  /* Each once: "a" and "a/b" may both have been named. */
  guint out = 0;
  for (guint i = 0; i < files->len; i++)
    if (out > 0 && strcmp (files->pdata[out - 1], files->pdata[i]) == 0)
      g_free (files->pdata[i]);
    else
      files->pdata[out++] = files->pdata[i];
  files->len = out;
  if (skipped)
    g_ptr_array_sort (skipped, compare_paths);
  return g_steal_pointer (&files);
}
