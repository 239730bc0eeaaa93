/* halo-walk-hash.c: the parallel hashing of many files. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-walk.h"

/* Files from this size on are hashed first, the largest first: one taken
 * last would leave the other workers idle while a single one hashes it. */
#define LARGE_FILE (4 * (gint64) HALO_DIGEST_BUFFER_SIZE)

/* The smaller files keep path order and are taken in tasks of neighbours
 * in one directory, so that one worker opens it (its HaloWalkOpener keeps
 * it open) and the workers do not meet on one counter for every file; a
 * task stays small enough not to leave the others idle at the end. */
#define TASK_FILES 16
#define TASK_BYTES (HALO_DIGEST_BUFFER_SIZE)
#define LOOK_TASK_FILES 64

typedef struct
{
  const char *const *paths;
  const HaloDigestSet *algos;
  guint n_algos;
  guint n;
  gboolean looked;    /* the caller found every file regular */
  gint64 *sizes;      /* the look pass's: of the regular files, -1 for the others */
  const guint *order; /* the indices of the files in the order of the work, or NULL */
  const guint *tasks; /* task k: positions tasks[k] .. tasks[k + 1] - 1 of @order */
  guint n_tasks;
  HaloHashResult *results;
  guint next;         /* atomic: the next task to take */
  guint files_done;   /* atomic */
  guint64 bytes_done; /* atomic */
  guint running;      /* under lock */
  GMutex lock;
  GCond done;
} Pool;

/* The next task, for this worker alone, or FALSE when none is left; sets
 * the positions it covers. */
static gboolean
take (Pool *p, guint *first, guint *end)
{
  guint k = (guint) g_atomic_int_add ((gint *) &p->next, 1);
  if (k >= p->n_tasks)
    return FALSE;
  *first = p->tasks[k];
  *end = p->tasks[k + 1];
  return TRUE;
}

static guint
file_at (const Pool *p, guint position)
{
  return p->order ? p->order[position] : position;
}

static void
worker_finished (Pool *p)
{
  g_mutex_lock (&p->lock);
  p->running--;
  g_cond_signal (&p->done);
  g_mutex_unlock (&p->lock);
}

/* The look pass: the size of each regular file, for the schedule. */
static gpointer
look_worker (gpointer data)
{
  Pool *p = data;
  g_auto (HaloWalkOpener) opener = HALO_WALK_OPENER_INIT;
  for (guint k, end; take (p, &k, &end);)
    for (; k < end; k++)
      {
        guint i = file_at (p, k);
        p->sizes[i] = halo_walk_opener_look (&opener, p->paths[i]);
      }
  worker_finished (p);
  return NULL;
}

/* Did the file change between the two looks?  Size, modification and change
 * times, as GNU tar's "file changed as we read it". */
static gboolean
changed_since (const struct stat *before, const struct stat *after)
{
  return before->st_size != after->st_size || before->st_mtim.tv_sec != after->st_mtim.tv_sec
         || before->st_mtim.tv_nsec != after->st_mtim.tv_nsec
         || before->st_ctim.tv_sec != after->st_ctim.tv_sec
         || before->st_ctim.tv_nsec != after->st_ctim.tv_nsec;
}

static void
hash_one (Pool *p, HaloHasher *hasher, HaloWalkOpener *opener, guint i)
{
  HaloHashResult *r = &p->results[i];
  struct stat st;
  gboolean looked = p->sizes ? p->sizes[i] >= 0 : p->looked;
  int fd = halo_walk_opener_open (opener, p->paths[i], looked, &st, &r->status, &r->reason);
  if (fd < 0)
    return;
  r->dev = st.st_dev;
  r->ino = st.st_ino;
  r->size = st.st_size;
  g_autoptr (GError) error = NULL;
  HaloDigestSet set = p->algos[p->n_algos == 1 ? 0 : i];
  gboolean ok = halo_hasher_hash_fd (hasher, fd, set, st.st_size, r->hex, &p->bytes_done, &error);
  /* A file written to while it was read has a digest of no version of it:
   * neither generate nor verify may take that digest for the file's. */
  struct stat after;
  if (ok && (fstat (fd, &after) != 0 || changed_since (&st, &after)))
    {
      ok = FALSE;
      g_set_error_literal (&error, HALO_ERROR, HALO_ERROR_IO, _ ("changed while being read"));
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
hash_worker (gpointer data)
{
  Pool *p = data;
  g_autoptr (HaloHasher) hasher = halo_hasher_new ();
  g_auto (HaloWalkOpener) opener = HALO_WALK_OPENER_INIT;
  for (guint k, end; take (p, &k, &end);)
    for (; k < end; k++)
      {
        hash_one (p, hasher, &opener, file_at (p, k));
        g_atomic_int_inc (&p->files_done);
      }
  worker_finished (p);
  return NULL;
}

static void
report_progress (Pool *p, HaloWalkProgress *progress, HaloWalkProgressFunc func, gpointer user_data,
                 gboolean final)
{
  progress->files_done = (guint) g_atomic_int_get (&p->files_done);
  progress->bytes_done = __atomic_load_n (&p->bytes_done, __ATOMIC_RELAXED);
  func (progress, final, user_data);
}

/* Run @func in @n_workers threads (in this one if none can be had) until
 * no task is left, reporting progress meanwhile. */
static void
run_workers (Pool *p, GThreadFunc func, guint n_workers, HaloWalkProgress *state,
             HaloWalkProgressFunc progress, gpointer user_data)
{
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  p->next = 0;
  g_mutex_lock (&p->lock);
  for (guint i = 0; i < n_workers; i++)
    {
      GThread *t = g_thread_try_new ("halo-hash", func, p, NULL);
      if (t == NULL)
        break;
      p->running++;
      g_ptr_array_add (threads, t);
    }
  g_mutex_unlock (&p->lock);
  if (threads->len == 0)
    {
      p->running = 1;
      func (p); /* no thread to be had: work here */
    }
  g_mutex_lock (&p->lock);
  while (p->running > 0)
    {
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
      if (!g_cond_wait_until (&p->done, &p->lock, deadline) && progress)
        {
          g_mutex_unlock (&p->lock);
          report_progress (p, state, progress, user_data, FALSE);
          g_mutex_lock (&p->lock);
        }
    }
  g_mutex_unlock (&p->lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
}

static int
compare_larger_first (gconstpointer a, gconstpointer b, gpointer data)
{
  const gint64 *sizes = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  if (sizes[i] != sizes[j])
    return sizes[i] > sizes[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

static gsize
dir_length (const char *path)
{
  const char *slash = strrchr (path, '/');
  return slash ? (gsize) (slash - path) : 0;
}

/* Cut @order (NULL: the files in index order) into tasks of at most
 * @max_files neighbours in one directory and, if @sizes, @max_bytes;
 * a large file is a task of its own.  Returns the n_tasks + 1 bounds. */
static guint *
plan_tasks (const Pool *p, const guint *order, const gint64 *sizes, guint max_files,
            gint64 max_bytes, guint *n_tasks)
{
  guint *tasks = g_new (guint, p->n + 1);
  guint n = 0;
  gint64 bytes = 0;
  for (guint k = 0; k < p->n; k++)
    {
      guint i = order ? order[k] : k;
      gint64 size = sizes ? MAX (sizes[i], 0) : 0;
      gboolean start
        = n == 0 || k - tasks[n - 1] >= max_files || bytes + size > max_bytes || size >= LARGE_FILE;
      if (!start)
        {
          const char *prev = p->paths[order ? order[k - 1] : k - 1];
          gsize len = dir_length (prev);
          start = dir_length (p->paths[i]) != len || memcmp (prev, p->paths[i], len) != 0;
        }
      if (start)
        {
          tasks[n++] = k;
          bytes = 0;
        }
      bytes += size;
    }
  tasks[n] = p->n;
  *n_tasks = n;
  return tasks;
}

/* The large files, largest first, then the others in index (path) order. */
static guint *
schedule (const gint64 *sizes, guint n)
{
  guint *order = g_new (guint, MAX (n, 1));
  guint k = 0;
  for (guint i = 0; i < n; i++)
    if (sizes[i] >= LARGE_FILE)
      order[k++] = i;
  g_qsort_with_data (order, k, sizeof *order, compare_larger_first, (gpointer) sizes);
  for (guint i = 0; i < n; i++)
    if (sizes[i] < LARGE_FILE)
      order[k++] = i;
  return order;
}

HaloHashResult *
halo_walk_hash (const char *const *paths, gboolean looked, const HaloDigestSet *algos,
                guint n_algos, guint n, guint jobs, HaloWalkProgressFunc progress,
                gpointer user_data, GError **error)
{
  if (!halo_digest_init (error))
    return NULL;
  Pool p = { paths, algos, n_algos, n };
  p.results = g_new0 (HaloHashResult, MAX (n, 1));
  g_mutex_init (&p.lock);
  g_cond_init (&p.done);
  guint n_workers = jobs ? jobs : (guint) g_get_num_processors ();
  n_workers = CLAMP (n_workers, 1, MAX (n, 1));
  HaloWalkProgress state = { n, 0, 0, g_get_monotonic_time () };

  p.looked = looked;
  g_autofree gint64 *sizes = NULL;
  g_autofree guint *order = NULL;
  g_autofree guint *tasks = NULL;
  if (n_workers > 1)
    {
      p.sizes = sizes = g_new (gint64, MAX (n, 1));
      p.tasks = tasks = plan_tasks (&p, NULL, NULL, LOOK_TASK_FILES, 0, &p.n_tasks);
      run_workers (&p, look_worker, n_workers, &state, progress, user_data);
      g_free (g_steal_pointer (&tasks));
      p.order = order = schedule (sizes, n);
      for (guint i = 0; i < n; i++)
        state.bytes_total += sizes[i] > 0 ? (guint64) sizes[i] : 0;
      p.tasks = tasks = plan_tasks (&p, order, sizes, TASK_FILES, TASK_BYTES, &p.n_tasks);
    }
  else
    {
      /* One worker: the files in path order, one task. */
      p.tasks = tasks = g_new (guint, 2);
      tasks[0] = 0;
      tasks[1] = n;
      p.n_tasks = n > 0;
    }
  run_workers (&p, hash_worker, n_workers, &state, progress, user_data);
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
