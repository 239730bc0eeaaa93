/* halo-fileio.h: safe open, atomic durable replace, the advisory lock. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Why a file of @mode is not a regular file, in words: "is a symbolic link" … */
const char *halo_file_kind_of (mode_t mode);

/* Open @path for reading without following a final symbolic link and without
 * blocking (a FIFO never hangs); refuse anything but a regular file.  Returns
 * a blocking descriptor or -1 with @error set.  @st receives its status. */
int halo_file_open_regular (const char *path, struct stat *st, GError **error);

/* Read the whole regular file @path, at most @max_size bytes. */
gboolean halo_file_read_regular (const char *path, gsize max_size, char **contents,
                                 gsize *length, GError **error);

/* Replace @path with @data atomically and durably: an exclusive new temporary
 * file in the same directory, written, fsync'd, renamed over @path, then the
 * directory fsync'd.  Keeps the old file's permission bits.  On failure the
 * old file is untouched and the temporary file removed.  If only the final
 * directory flush fails, the error is HALO_ERROR_NOT_DURABLE. */
gboolean halo_file_replace (const char *path, const void *data, gsize len, GError **error);

/* Like halo_file_replace, but fails (HALO_ERROR_INVALID) if @path exists. */
gboolean halo_file_create (const char *path, const void *data, gsize len, GError **error);

/* Remove temporary files that killed runs left beside @path.  Call only while
 * holding the lock. */
void halo_file_remove_stale_temps (const char *path);

#define HALO_LOCK_WAIT_FOREVER (-1.0)

/* The lock: flock(2) on the directory that holds @path, so no lock file is
 * ever created and a killed holder leaves nothing behind.  @wait_seconds 0
 * fails at once when busy (HALO_ERROR_BUSY); > 0 waits at most that long;
 * HALO_LOCK_WAIT_FOREVER waits for ever.  Returns the descriptor to close to
 * release the lock, or -1. */
int halo_lock_acquire (const char *path, double wait_seconds, GError **error);
void halo_lock_release (int fd);

G_END_DECLS
