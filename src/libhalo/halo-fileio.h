/* halo-fileio.h: safe open, atomic durable replace, the advisory lock. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* A file descriptor that closes itself: g_auto (HaloFd) fd = open (…);
 * (as libglnx's glnx_autofd).  -1 means none. */
typedef int HaloFd;
void halo_fd_close (HaloFd fd);
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (HaloFd, halo_fd_close, -1)

/* Take the descriptor out of @fdp, leaving -1, as g_steal_pointer does. */
static inline int
halo_fd_steal (HaloFd *fdp)
{
  int fd = *fdp;
  *fdp = -1;
  return fd;
}

/* Why a file of @mode is not a regular file, in words: "is a symbolic link" … */
const char *halo_file_kind_of (mode_t mode);

/* The one way HALO opens a file to read it: @name in the directory @at
 * (AT_FDCWD or a descriptor), never following a final symbolic link, never
 * blocking (a FIFO does not hang, a device is not opened), refusing anything
 * but a regular file.  With @look, find out first what @name is (opening a
 * device or a FIFO could block or act); without, the caller has just looked.
 * Returns a blocking descriptor, @st (if not NULL) holding what fstat says
 * of it; or -1 with errno set and *@kind the S_IFMT type of what was found
 * instead of a regular file (0 when errno says why). */
int halo_file_open_regular_at (int at, const char *name, gboolean look, struct stat *st,
                               mode_t *kind);

/* The one way HALO walks path components: open the directory @dir (a
 * relative path, components separated by '/') beneath @at one component at
 * a time, never following a symbolic link, so that it cannot lead outside.
 * An empty component ("a//b", "/a") cannot be opened.  Returns a
 * descriptor, or -1 with errno set, *@failed the name of the component that
 * failed (newly allocated) and *@kind its S_IFMT type when it exists but is
 * not a directory (a symbolic link, a file: ELOOP or ENOTDIR), else 0. */
int halo_file_open_dir_beneath (int at, const char *dir, char **failed, mode_t *kind);

/* halo_file_open_regular_at for @path, failing with a message ("cannot read
 * PATH: is a FIFO"). */
int halo_file_open_regular (const char *path, struct stat *st, GError **error);

/* Read the whole regular file @path, at most @max_size bytes. */
gboolean halo_file_read_regular (const char *path, gsize max_size, char **contents, gsize *length,
                                 GError **error);

/* Replace @path with @data atomically and durably (SPEC §3): an exclusive
 * new temporary file in the same directory, given the old file's owner and
 * group (or at least its group), extended attributes (POSIX ACLs included)
 * and mode, written, fsync'd, renamed over @path, then the directory
 * fsync'd.  A @path its caller may not write (or, for root, with no write
 * bit at all) is refused.  On failure the old file is untouched and the
 * temporary file removed.  If only the final directory flush fails, the
 * error is HALO_ERROR_NOT_DURABLE. */
gboolean halo_file_replace (const char *path, const void *data, gsize len, GError **error);

/* The check of halo_file_replace that needs no write: fails as it would
 * (HALO_ERROR_IO) if @path exists and its caller may not write it (for root:
 * it has no write bit at all), or is not a regular file.  For a caller that
 * writes something else before @path (the history log) and should not. */
gboolean halo_file_check_replaceable (const char *path, GError **error);

/* Like halo_file_replace, but fails (HALO_ERROR_INVALID) if @path exists. */
gboolean halo_file_create (const char *path, const void *data, gsize len, GError **error);

/* Remove temporary files that killed runs left beside @path.  Call only while
 * holding the lock. */
void halo_file_remove_stale_temps (const char *path);

#define HALO_LOCK_WAIT_FOREVER (-1.0)
/* Waits longer than this (about 31 years) are waits for ever. */
#define HALO_LOCK_WAIT_MAX 1e9

/* The lock: flock(2) on the directory that holds @path, so no lock file is
 * ever created and a killed holder leaves nothing behind.  @wait_seconds 0
 * fails at once when busy (HALO_ERROR_BUSY); > 0 waits at most that long
 * (over HALO_LOCK_WAIT_MAX: for ever); HALO_LOCK_WAIT_FOREVER waits for
 * ever.  Returns the descriptor to close to release the lock, or -1. */
int halo_lock_acquire (const char *path, double wait_seconds, GError **error);
void halo_lock_release (int fd);

G_END_DECLS
