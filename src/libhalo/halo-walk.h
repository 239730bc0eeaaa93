/* halo-walk.h: the directory walk, the safe open beneath the root, the parallel hashing. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "halo-digest.h"
#include "halo-manifest.h"

G_BEGIN_DECLS

typedef enum
{
  HALO_FILE_OK,
  HALO_FILE_MISSING,
  HALO_FILE_NOT_REGULAR,
  HALO_FILE_UNREADABLE,
} HaloFileStatus;

/* Open @path (relative to the current directory) for reading without
 * following any symbolic link on the way, so that it cannot lead outside,
 * and without blocking (a FIFO never hangs).  Returns a blocking descriptor
 * of a regular file, or -1 with @status and @reason (a newly allocated
 * message, such as "is a FIFO") set. */
int halo_walk_open_beneath (const char *path, HaloFileStatus *status, char **reason);

/* Opens file after file as halo_walk_open_beneath does, with the same
 * results and messages, but keeps the directories of the last file open:
 * files in path order mostly share them, and each then costs one open, not
 * one for every directory on its path.  Initialise with
 * HALO_WALK_OPENER_INIT. */
typedef struct
{
  char *dir; /* the directories open, as the paths spell them: "a/b" */
  gsize dir_len;
  GArray *levels; /* one open directory for each of "a", "a/b" */
} HaloWalkOpener;

#define HALO_WALK_OPENER_INIT \
  {                           \
    NULL, 0, NULL             \
  }

void halo_walk_opener_clear (HaloWalkOpener *opener);

/* Open @path as halo_walk_open_beneath does; @st, if not NULL, receives
 * what fstat says of the file opened.  @looked: the caller has just found it
 * to be a regular file (lstat, readdir), so it is opened without looking
 * again. */
int halo_walk_opener_open (HaloWalkOpener *opener, const char *path, gboolean looked,
                           struct stat *st, HaloFileStatus *status, char **reason);

/* The size of @path if it is a regular file (not following a symbolic link
 * anywhere on its path), else -1. */
gint64 halo_walk_opener_look (HaloWalkOpener *opener, const char *path);

/* What the walk leaves out. */
typedef struct
{
  char **excludes;       /* globs, normalised as paths are ("./x", "x/" mean "x"): with a '/'
                          * matched against the whole path, else each name */
  const char *skip_path; /* a path (normalised) never to include: the manifest written */
  gboolean skip_inode;   /* also leave out the file with this device and inode */
  dev_t skip_dev;
  ino_t skip_ino;
  const char *status_path; /* the state file (NULL: progress/status.json): it and the
                            * history files beside it are left out of a directory walk */
  guint *exclude_matches;  /* out, if not NULL: one count per glob of @excludes, of the
                            * paths it left out */
  GPtrArray *not_regular;  /* out, if not NULL: the skips of things that are not regular
                            * files (symbolic links …), kept apart from @skipped */
  GPtrArray *left_out;     /* out, if not NULL: the project's mutable files left out */
} HaloWalkOptions;

/* The regular files under @paths (files or directories, relative to the
 * current directory; NULL means "."), normalised, sorted by byte value, each
 * once.  Directories are walked without following symbolic links, without
 * entering .git, .hg or .svn (nor taking such a file: a submodule's .git),
 * without the project's own mutable files (unless named in @paths), and
 * with a number of open files that does not grow with the depth.  @skipped
 * receives one message for each thing left out ("dir/link: skipped: is a
 * symbolic link").  Fails (HALO_ERROR_INVALID or IO) on a PATH that is
 * empty, unsafe or cannot be read; an absolute PATH is inside the root if
 * it resolves there. */
GPtrArray *halo_walk_collect (const char *const *paths, const HaloWalkOptions *options,
                              GPtrArray *skipped, GError **error);

typedef struct
{
  guint files_total;
  guint files_done;
  guint64 bytes_done;
  gint64 started;      /* monotonic, microseconds */
  guint64 bytes_total; /* 0 until the sizes are known */
} HaloWalkProgress;

/* Called from the calling thread about five times a second while hashing,
 * and once more at the end with @final TRUE. */
typedef void (*HaloWalkProgressFunc) (const HaloWalkProgress *progress, gboolean final,
                                      gpointer user_data);

typedef struct
{
  HaloFileStatus status;
  char *reason;                   /* why it is not OK */
  char *hex[HALO_DIGEST_N_ALGOS]; /* one per algorithm asked for */
  dev_t dev;                      /* the file hashed, when OK */
  ino_t ino;
  gint64 size; /* its size, when OK */
} HaloHashResult;

/* Hash file @paths[i] with the algorithms @algos[i] (or @algos[0] for all
 * when @n_algos is 1) in @jobs worker threads (0: the online CPUs); each
 * result lands at its index, so the output does not depend on @jobs.
 * @looked: the caller has just found every file to be a regular file
 * (halo_walk_collect has), so that one worker opens them without looking
 * again.  More than one worker first look at every file (lstat), in
 * parallel, then hash the large files first, the largest first: a large one
 * taken last would leave one worker hashing it while the others idle. */
HaloHashResult *halo_walk_hash (const char *const *paths, gboolean looked,
                                const HaloDigestSet *algos, guint n_algos, guint n, guint jobs,
                                HaloWalkProgressFunc progress, gpointer user_data, GError **error);
void halo_hash_results_free (HaloHashResult *results, guint n);

G_END_DECLS

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HaloWalkOpener, halo_walk_opener_clear)
