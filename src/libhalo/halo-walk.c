/* halo-walk.c: the directory walk, the safe open beneath the root, the parallel hashing. */
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
#include "halo-walk.h"

static const char *
kind_of (mode_t mode)
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

static int
fail_open (int dfd, HaloFileStatus *status, char **reason, HaloFileStatus s, char *why)
{
  if (dfd >= 0)
    close (dfd);
  *status = s;
  *reason = why;
  return -1;
}

int
halo_walk_open_beneath (const char *path, HaloFileStatus *status, char **reason)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  int dfd = -1; /* -1 stands for the current directory */
  for (guint i = 0; i + 1 < n; i++)
    {
      int fd = openat (dfd < 0 ? AT_FDCWD : dfd, parts[i],
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0)
        {
          if (dfd >= 0)
            close (dfd);
          dfd = fd;
          continue;
        }
      int errsv = errno;
      struct stat st;
      if (errsv == ENOENT)
        return fail_open (dfd, status, reason, HALO_FILE_MISSING, g_strdup (g_strerror (errsv)));
      if ((errsv == ELOOP || errsv == ENOTDIR)
          && fstatat (dfd < 0 ? AT_FDCWD : dfd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
        {
          if (S_ISLNK (st.st_mode))
            return fail_open (dfd, status, reason, HALO_FILE_UNREADABLE,
                              g_strdup_printf (_("%s, a directory on its path, is a symbolic link"),
                                               parts[i]));
          return fail_open (dfd, status, reason, HALO_FILE_MISSING,
                            g_strdup_printf (_("%s, on its path, is not a directory"), parts[i]));
        }
      return fail_open (dfd, status, reason, HALO_FILE_UNREADABLE, g_strdup (g_strerror (errsv)));
    }
  int at = dfd < 0 ? AT_FDCWD : dfd;
  struct stat st;
  if (fstatat (at, parts[n - 1], &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      int errsv = errno;
      return fail_open (dfd, status, reason,
                        errsv == ENOENT ? HALO_FILE_MISSING : HALO_FILE_UNREADABLE,
                        g_strdup (g_strerror (errsv)));
    }
  /* Opening a device or a FIFO could block or act: look before opening. */
  if (!S_ISREG (st.st_mode))
    return fail_open (dfd, status, reason, HALO_FILE_NOT_REGULAR, g_strdup (kind_of (st.st_mode)));
  int fd = openat (at, parts[n - 1], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int errsv = errno;
      if (errsv == ELOOP)
        return fail_open (dfd, status, reason, HALO_FILE_NOT_REGULAR,
                          g_strdup (kind_of (S_IFLNK)));
      return fail_open (dfd, status, reason,
                        errsv == ENOENT ? HALO_FILE_MISSING : HALO_FILE_UNREADABLE,
                        g_strdup (g_strerror (errsv)));
    }
  if (dfd >= 0)
    close (dfd);
  /* It may have been swapped between the look and the open. */
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return fail_open (-1, status, reason, HALO_FILE_NOT_REGULAR,
                        g_strdup (kind_of (st.st_mode)));
    }
  int flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  *status = HALO_FILE_OK;
  *reason = NULL;
  return fd;
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

/* One thing @name in the directory @dfd, whose path from the root is @rel. */
static gboolean
visit (Walk *w, int dfd, const char *name, const char *rel)
{
  struct stat st;
  if (is_excluded (w, rel))
    return TRUE;
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return halo_error_set_errno (w->error, errno, _("cannot read %s"), rel);
  if (S_ISREG (st.st_mode))
    {
      if (w->o && ((w->o->skip_path && strcmp (rel, w->o->skip_path) == 0)
                   || (w->o->skip_inode && st.st_dev == w->o->skip_dev
                       && st.st_ino == w->o->skip_ino)))
        skip (w, rel, _("the manifest being written"));
      else
        g_ptr_array_add (w->files, g_strdup (rel));
      return TRUE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      skip (w, rel, kind_of (st.st_mode));
      return TRUE;
    }
  if (strcmp (name, ".git") == 0 || strcmp (name, ".hg") == 0 || strcmp (name, ".svn") == 0)
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
      if (!visit (w, dirfd (d), e->d_name, child))
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
      ok = visit (w, dfd, last ? last + 1 : rel, rel);
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

typedef struct
{
  const char *const *paths;
  const HaloDigestSet *algos;
  guint n_algos;
  guint n;
  HaloHashResult *results;
  guint next;       /* atomic: the next index to take */
  guint files_done; /* atomic */
  guint64 bytes_done; /* atomic */
  guint running;    /* under lock */
  GMutex lock;
  GCond done;
} Pool;

/* Did the file change between the two looks?  Size, modification and change
 * times, as GNU tar's "file changed as we read it". */
static gboolean
changed_since (const struct stat *before, const struct stat *after)
{
  return before->st_size != after->st_size
         || before->st_mtim.tv_sec != after->st_mtim.tv_sec
         || before->st_mtim.tv_nsec != after->st_mtim.tv_nsec
         || before->st_ctim.tv_sec != after->st_ctim.tv_sec
         || before->st_ctim.tv_nsec != after->st_ctim.tv_nsec;
}

static void
hash_one (Pool *p, HaloHasher *hasher, guint i)
{
  HaloHashResult *r = &p->results[i];
  int fd = halo_walk_open_beneath (p->paths[i], &r->status, &r->reason);
  if (fd < 0)
    return;
  g_autoptr (GError) error = NULL;
  HaloDigestSet set = p->algos[p->n_algos == 1 ? 0 : i];
  struct stat before, after;
  gboolean ok = fstat (fd, &before) == 0;
  if (!ok)
    halo_error_set_errno (&error, errno, "fstat");
  else
    ok = halo_hasher_hash_fd (hasher, fd, set, r->hex, &p->bytes_done, &error);
  /* A file written to while it was read has a digest of no version of it:
   * neither generate nor verify may take that digest for the file's. */
  if (ok && (fstat (fd, &after) != 0 || changed_since (&before, &after)))
    {
      ok = FALSE;
      g_set_error_literal (&error, HALO_ERROR, HALO_ERROR_IO, _("changed while being read"));
      for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
        g_clear_pointer (&r->hex[a], g_free);
    }
  if (!ok)
    {
      r->status = HALO_FILE_UNREADABLE;
      r->reason = g_strdup (error->message);
    }
  close (fd);
}

static gpointer
worker (gpointer data)
{
  Pool *p = data;
  g_autoptr (HaloHasher) hasher = halo_hasher_new ();
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&p->next, 1);
      if (i >= p->n)
        break;
      hash_one (p, hasher, i);
      g_atomic_int_inc (&p->files_done);
    }
  g_mutex_lock (&p->lock);
  p->running--;
  g_cond_signal (&p->done);
  g_mutex_unlock (&p->lock);
  return NULL;
}

static void
report_progress (Pool *p, HaloWalkProgress *progress, HaloWalkProgressFunc func,
                 gpointer user_data, gboolean final)
{
  progress->files_done = (guint) g_atomic_int_get (&p->files_done);
  progress->bytes_done = __atomic_load_n (&p->bytes_done, __ATOMIC_RELAXED);
  func (progress, final, user_data);
}

HaloHashResult *
halo_walk_hash (const char *const *paths, const HaloDigestSet *algos, guint n_algos, guint n,
                guint jobs, HaloWalkProgressFunc progress, gpointer user_data, GError **error)
{
  if (!halo_digest_init (error))
    return NULL;
  Pool p = { paths, algos, n_algos, n, g_new0 (HaloHashResult, MAX (n, 1)) };
  g_mutex_init (&p.lock);
  g_cond_init (&p.done);
  guint n_workers = jobs ? jobs : (guint) g_get_num_processors ();
  n_workers = CLAMP (n_workers, 1, MAX (n, 1));
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  HaloWalkProgress state = { n, 0, 0, g_get_monotonic_time () };

  g_mutex_lock (&p.lock);
  for (guint i = 0; i < n_workers; i++)
    {
      GThread *t = g_thread_try_new ("halo-hash", worker, &p, NULL);
      if (t == NULL)
        break;
      p.running++;
      g_ptr_array_add (threads, t);
    }
  g_mutex_unlock (&p.lock);
  if (threads->len == 0)
    {
      p.running = 1;
      worker (&p); /* no thread to be had: hash here */
    }
  g_mutex_lock (&p.lock);
  while (p.running > 0)
    {
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
      if (!g_cond_wait_until (&p.done, &p.lock, deadline) && progress)
        {
          g_mutex_unlock (&p.lock);
          report_progress (&p, &state, progress, user_data, FALSE);
          g_mutex_lock (&p.lock);
        }
    }
  g_mutex_unlock (&p.lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  if (progress)
    report_progress (&p, &state, progress, user_data, TRUE);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.done);
  return p.results;
}

void
halo_hash_results_free (HaloHashResult *results, guint n)
{
  if (results == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_free (results[i].reason);
      for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
        g_free (results[i].hex[a]);
    }
  g_free (results);
}

char *
halo_walk_problem_line (const char *what, const char *path, const char *reason)
{
  gboolean escaped;
  g_autofree char *name = halo_manifest_escape_name (path, &escaped);
  return g_strdup_printf ("%s%s %s%s%s", escaped ? "\\" : "", what, name, reason ? ": " : "",
                          reason ? reason : "");
}

static gboolean
matches (const HaloManifestEntry *e, const HaloHashResult *r)
{
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    if ((e->algos & HALO_DIGEST_BIT (a)) && r->hex[a] && strcmp (r->hex[a], e->hex) == 0)
      return TRUE;
  return FALSE;
}

static void
problem_free (gpointer p)
{
  HaloVerifyProblem *x = p;
  g_free (x->path);
  g_free (x->reason);
  g_free (x);
}

static void
add_problem (HaloVerifyReport *r, HaloProblemKind kind, const char *path, const char *reason)
{
  static const char *const words[]
    = { "MODIFIED", "MISSING", "NOT A REGULAR FILE", "UNREADABLE" };
  HaloVerifyProblem *x = g_new0 (HaloVerifyProblem, 1);
  x->kind = kind;
  x->path = g_strdup (path);
  x->reason = g_strdup (reason);
  g_ptr_array_add (r->problems, x);
  g_ptr_array_add (r->lines, halo_walk_problem_line (words[kind], path, reason));
}

HaloVerifyReport *
halo_walk_verify (const HaloManifest *m, guint jobs, HaloWalkProgressFunc progress,
                  gpointer user_data, GError **error)
{
  guint n = m->entries->len;
  g_autofree const char **paths = g_new0 (const char *, n + 1);
  g_autofree HaloDigestSet *algos = g_new0 (HaloDigestSet, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      paths[i] = e->path;
      algos[i] = e->algos;
    }
  /* scan-build: "potential leak of paths, algos" is false: g_autofree frees them
   * (clang 14's analyzer does not model the cleanup attribute). */
  HaloHashResult *results
    = halo_walk_hash (paths, algos, n, n, jobs, progress, user_data, error);
  if (results == NULL)
    return NULL;
  HaloVerifyReport *r = g_new0 (HaloVerifyReport, 1);
  r->lines = g_ptr_array_new_with_free_func (g_free);
  r->problems = g_ptr_array_new_with_free_func (problem_free);
  r->n_files = n;
  for (guint i = 0; i < n; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      const HaloHashResult *res = &results[i];
      switch (res->status)
        {
        case HALO_FILE_OK:
          if (matches (e, res))
            r->n_ok++;
          else
            {
              r->n_modified++;
              add_problem (r, HALO_PROBLEM_MODIFIED, e->path, NULL);
            }
          break;
        case HALO_FILE_MISSING:
          r->n_missing++;
          add_problem (r, HALO_PROBLEM_MISSING, e->path, NULL);
          break;
        case HALO_FILE_NOT_REGULAR:
          r->n_not_regular++;
          add_problem (r, HALO_PROBLEM_NOT_REGULAR, e->path, NULL);
          break;
        case HALO_FILE_UNREADABLE:
          r->n_unreadable++;
          add_problem (r, HALO_PROBLEM_UNREADABLE, e->path, res->reason);
          break;
        }
    }
  halo_hash_results_free (results, n);
  return r;
}
