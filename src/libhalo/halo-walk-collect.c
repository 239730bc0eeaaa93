/* halo-walk-collect.c: the directory walk of generate (and verify --strict):
 * which regular files PATHs name, what is left out and why (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-walk.h"

/* Directories kept open down the tree; deeper ones are opened again by their
 * path when the walk comes back to them, so that the depth of a tree does
 * not depend on the limit of open files (find copes with 200 levels under
 * ulimit -n 64; so must generate). */
#define KEEP_OPEN_LEVELS 16

/* The project's own files that change as it moves, beside the state file:
 * freezing a release must not freeze them. */
static const char *const mutable_names[]
  = { "history.jsonl", "history.head", "history.head.minisig", "history.head.sig" };

typedef struct
{
  const HaloWalkOptions *o;
  GPtrArray *files;
  GPtrArray *skipped;
  GError **error;
  char **globs;   /* the excludes, normalised */
  guint *matches; /* per glob */
  GHashTable *mutable_paths;
} Walk;

/* A glob normalised as a path is: "./x", "x/" and "x//y" mean "x" and "x/y". */
static char *
normalize_glob (const char *glob)
{
  if (*glob == '/')
    return g_strdup (glob);
  g_auto (GStrv) parts = g_strsplit (glob, "/", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (guint i = 0; parts[i]; i++)
    if (*parts[i] && strcmp (parts[i], ".") != 0)
      g_ptr_array_add (kept, parts[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);
}

static gboolean
is_excluded (Walk *w, const char *rel)
{
  if (w->globs == NULL)
    return FALSE;
  const char *slash = strrchr (rel, '/');
  const char *name = slash ? slash + 1 : rel;
  gboolean excluded = FALSE;
  for (guint i = 0; w->globs[i]; i++)
    if (g_pattern_match_simple (w->globs[i], strchr (w->globs[i], '/') ? rel : name))
      {
        w->matches[i]++;
        excluded = TRUE;
      }
  return excluded;
}

static void
skip_to (GPtrArray *to, const char *rel, const char *why)
{
  if (to)
    /* TRANSLATORS: "docs/link: skipped: is a symbolic link" */
    g_ptr_array_add (to, g_strdup_printf (_ ("%s: skipped: %s"), rel, why));
}

static void
skip (Walk *w, const char *rel, const char *why)
{
  skip_to (w->skipped, rel, why);
}

/* Something that is not a regular file: counted, listed with -v; but a
 * PATH the user named is always said. */
static void
skip_not_regular (Walk *w, const char *rel, const char *why, gboolean named)
{
  skip_to (w->o && w->o->not_regular && !named ? w->o->not_regular : w->skipped, rel, why);
}

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
  if (w->o
      && ((w->o->skip_path && strcmp (rel, w->o->skip_path) == 0)
          || (st && w->o->skip_inode && st->st_dev == w->o->skip_dev
              && st->st_ino == w->o->skip_ino)))
    skip (w, rel, _ ("the manifest being written"));
  else
    g_ptr_array_add (w->files, g_strdup (rel));
}

/* A directory being walked: open, or closed while the walk is deeper down
 * and opened again by its path (and checked to be the same) when needed. */
typedef struct
{
  int fd;
  const char *rel; /* "" for the current directory */
  dev_t dev;
  ino_t ino;
} Dir;

static int
dir_fd (Walk *w, Dir *dir)
{
  if (dir->fd >= 0)
    return dir->fd;
  int fd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_auto (GStrv) parts = g_strsplit (dir->rel, "/", -1);
  for (guint i = 0; fd >= 0 && *dir->rel && parts[i]; i++)
    {
      int next = openat (fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int errsv = errno;
      close (fd);
      fd = next;
      errno = errsv;
    }
  struct stat st;
  if (fd < 0)
    return halo_error_set_errno (w->error, errno, _ ("cannot read directory %s"), dir->rel), -1;
  if (fstat (fd, &st) < 0 || st.st_dev != dir->dev || st.st_ino != dir->ino)
    {
      close (fd);
      g_set_error (w->error, HALO_ERROR, HALO_ERROR_IO,
                   _ ("cannot read directory %s: it was replaced during the walk"), dir->rel);
      return -1;
    }
  return dir->fd = fd;
}

static gboolean walk_dir (Walk *w, int dfd, const char *rel, guint depth);

/* Enter the directory @name of @dir (@rel its path), or say why not. */
static gboolean
enter (Walk *w, Dir *dir, const char *name, const char *rel, guint depth, gboolean *entered)
{
  *entered = FALSE;
  /* O_NOFOLLOW | O_DIRECTORY opens nothing else; if it was replaced, the
   * caller looks again. */
  int fd = openat (dir->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno != ENOTDIR && errno != ELOOP && errno != ENOENT)
        return halo_error_set_errno (w->error, errno, _ ("cannot read directory %s"), rel);
      return TRUE;
    }
  *entered = TRUE;
  if (depth >= KEEP_OPEN_LEVELS)
    {
      close (dir->fd);
      dir->fd = -1;
    }
  return walk_dir (w, fd, rel, depth + 1);
}

/* One thing @name in @dir, whose path from the root is @rel; @type and @ino
 * are what readdir says of it.  The walk takes its word for directories,
 * regular files and symbolic links, and only looks (lstat) at anything else:
 * a tree of many small files is mostly readdir.  The hashing checks with
 * fstat what it opened; the manifest being written, if its inode number is
 * not the one readdir gives, is left out after hashing.  @named: a PATH the
 * user gave, which the project's mutable files are not left out of. */
static gboolean
visit (Walk *w, Dir *dir, const char *name, const char *rel, EntryType type, ino_t ino,
       gboolean named, guint depth)
{
  struct stat st;
  if (is_excluded (w, rel))
    return TRUE;
  if (!named && g_hash_table_contains (w->mutable_paths, rel))
    {
      skip_to (w->o ? w->o->left_out : NULL, rel, _ ("the project's own state, which changes"));
      return TRUE;
    }
  if (is_vcs_dir (name))
    {
      skip (w, rel, _ ("a version control directory"));
      return TRUE;
    }
  if (dir_fd (w, dir) < 0)
    return FALSE;
#ifdef _DIRENT_HAVE_D_TYPE
  if (type == DT_DIR)
    {
      gboolean entered;
      if (!enter (w, dir, name, rel, depth, &entered))
        return FALSE;
      if (entered)
        return TRUE;
    }
  if (type == DT_REG && !(w->o && w->o->skip_inode && ino == w->o->skip_ino))
    {
      add_regular (w, rel, NULL);
      return TRUE;
    }
  if (type == DT_LNK)
    {
      skip_not_regular (w, rel, halo_file_kind_of (S_IFLNK), named);
      return TRUE;
    }
#endif
  if (fstatat (dir->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return halo_error_set_errno (w->error, errno, _ ("cannot read %s"), rel);
  if (S_ISREG (st.st_mode))
    {
      add_regular (w, rel, &st);
      return TRUE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      skip_not_regular (w, rel, halo_file_kind_of (st.st_mode), named);
      return TRUE;
    }
  gboolean entered;
  if (!enter (w, dir, name, rel, depth, &entered))
    return FALSE;
  if (!entered)
    return halo_error_set_errno (w->error, errno ? errno : ENOTDIR, _ ("cannot read directory %s"),
                                 rel);
  return TRUE;
}

typedef struct
{
  char *name;
  EntryType type;
  ino_t ino;
} Entry;

static void
entry_clear (gpointer p)
{
  g_free (((Entry *) p)->name);
}

/* Walk the directory open at @dfd (closed here), whose path is @rel ("" for
 * the root), @depth levels below where the walk began.  It is read whole
 * first, so that it can be closed while the walk is deeper down. */
static gboolean
walk_dir (Walk *w, int dfd, const char *rel, guint depth)
{
  const char *shown = *rel ? rel : ".";
  struct stat st;
  DIR *d = fstat (dfd, &st) == 0 ? fdopendir (dfd) : NULL;
  if (d == NULL)
    {
      int errsv = errno;
      close (dfd);
      return halo_error_set_errno (w->error, errsv, _ ("cannot read directory %s"), shown);
    }
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (entries, entry_clear);
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
            {
              int errsv = errno;
              closedir (d);
              return halo_error_set_errno (w->error, errsv, _ ("cannot read directory %s"), shown);
            }
          break;
        }
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
#ifdef _DIRENT_HAVE_D_TYPE
      Entry entry = { g_strdup (e->d_name), e->d_type, e->d_ino };
#else
      Entry entry = { g_strdup (e->d_name), 0, e->d_ino };
#endif
      g_array_append_val (entries, entry);
    }
  /* The DIR stream's descriptor stays ours: duplicated, so that the stream
   * can go now. */
  Dir dir = { fcntl (dirfd (d), F_DUPFD_CLOEXEC, 0), rel, st.st_dev, st.st_ino };
  closedir (d);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      g_autofree char *child = *rel ? g_strconcat (rel, "/", e->name, NULL) : g_strdup (e->name);
      ok = visit (w, &dir, e->name, child, e->type, e->ino, FALSE, depth);
    }
  if (dir.fd >= 0)
    close (dir.fd);
  return ok;
}

/* An absolute PATH inside the root: relative to it, or NULL.  The root is
 * compared as resolved paths, so that "-C link" and "/…/link/x" agree; the
 * shortest prefix of @arg that resolves to the root is taken, and the rest
 * is walked as any PATH is (no link followed). */
static const char *
relative_to_root (const char *arg, const char *cwd)
{
  gsize n = strlen (arg);
  for (gsize i = 1; i <= n; i++)
    {
      if (i < n && arg[i] != '/')
        continue;
      g_autofree char *prefix = g_strndup (arg, i);
      char *resolved = realpath (prefix, NULL);
      gboolean inside = resolved != NULL && strcmp (resolved, cwd) == 0;
      free (resolved);
      if (inside)
        {
          const char *rest = arg + i;
          while (*rest == '/')
            rest++;
          return *rest ? rest : ".";
        }
    }
  return NULL;
}

/* A PATH given on the command line: normalised, and refused if any directory
 * on its way is a symbolic link (the walk follows none). */
static gboolean
visit_argument (Walk *w, const char *arg)
{
  if (*arg == '\0')
    {
      g_set_error (w->error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("an empty PATH names no file (use . for the whole root)"));
      return FALSE;
    }
  g_autofree char *cwd = g_get_current_dir ();
  if (g_path_is_absolute (arg))
    {
      const char *rel = relative_to_root (arg, cwd);
      if (rel == NULL)
        {
          g_set_error (w->error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s: outside the root %s"), arg,
                       cwd);
          return FALSE;
        }
      arg = rel;
    }
  g_autofree char *rel = NULL;
  g_autoptr (GError) local = NULL;
  rel = halo_manifest_path_normalize (arg, &local);
  if (rel == NULL && strspn (arg, "./") == strlen (arg) && strstr (arg, "..") == NULL)
    {
      int fd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        return halo_error_set_errno (w->error, errno, _ ("cannot read directory %s"), ".");
      return walk_dir (w, fd, "", 0);
    }
  if (rel == NULL)
    {
      g_propagate_error (w->error, g_steal_pointer (&local));
      return FALSE;
    }
  g_auto (GStrv) parts = g_strsplit (rel, "/", -1);
  int dfd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return halo_error_set_errno (w->error, errno, _ ("cannot read directory %s"), ".");
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
                         _ ("%s: %s, on its path, is not a directory but %s"), rel, parts[i],
                         S_ISLNK (st.st_mode) ? _ ("a symbolic link") : _ ("a file"));
          else
            halo_error_set_errno (w->error, errsv, _ ("cannot read %s"), rel);
          ok = FALSE;
        }
      close (dfd);
      dfd = fd;
    }
  if (ok)
    {
      const char *last = strrchr (rel, '/');
      g_autofree char *parent = last ? g_strndup (rel, last - rel) : g_strdup ("");
      struct stat st = { 0 };
      (void) fstat (dfd, &st);
      Dir dir = { dfd, parent, st.st_dev, st.st_ino };
      ok = visit (w, &dir, last ? last + 1 : rel, rel, 0, 0, TRUE, 0);
      dfd = dir.fd;
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

/* The state file and the history files beside it. */
static GHashTable *
mutable_paths_of (const char *status_path)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *status
    = halo_manifest_path_normalize (status_path ? status_path : "progress/status.json", NULL);
  if (status == NULL)
    return set;
  const char *slash = strrchr (status, '/');
  g_autofree char *dir = slash ? g_strndup (status, slash - status + 1) : g_strdup ("");
  g_hash_table_add (set, g_strdup (status));
  for (guint i = 0; i < G_N_ELEMENTS (mutable_names); i++)
    g_hash_table_add (set, g_strconcat (dir, mutable_names[i], NULL));
  return set;
}

GPtrArray *
halo_walk_collect (const char *const *paths, const HaloWalkOptions *options, GPtrArray *skipped,
                   GError **error)
{
  static const char *const root[] = { ".", NULL };
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) mutable_paths = mutable_paths_of (options ? options->status_path : NULL);
  g_auto (GStrv) globs = NULL;
  g_autofree guint *matches = NULL;
  if (options && options->excludes)
    {
      guint n = g_strv_length (options->excludes);
      globs = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        globs[i] = normalize_glob (options->excludes[i]);
      matches = g_new0 (guint, n);
    }
  Walk w = { options, files, skipped, error, globs, matches, mutable_paths };
  for (const char *const *p = paths && *paths ? paths : root; *p; p++)
    if (!visit_argument (&w, *p))
      /* scan-build: "potential leak of globs and matches" is false: g_auto/g_autofree frees it
       * (clang 14's analyzer does not model the cleanup attribute). */
      return NULL;
  if (options && options->exclude_matches && matches)
    memcpy (options->exclude_matches, matches, g_strv_length (globs) * sizeof (guint));
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
  if (options && options->not_regular)
    g_ptr_array_sort (options->not_regular, compare_paths);
  if (options && options->left_out)
    g_ptr_array_sort (options->left_out, compare_paths);
  return g_steal_pointer (&files);
}
