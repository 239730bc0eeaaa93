/* halo-fileio-private.h: the pieces of the atomic replace, shared by the fileio modules. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/stat.h>

#include "halo-fileio.h"

G_BEGIN_DECLS

/* A temporary file beside the file it will replace (as libglnx's
 * GLnxTmpfile): cleared while still unfinished, it is closed and removed.
 * Each step fails with "OPERATION: strerror" (HALO_ERROR_IO), the name of
 * the failed system call untranslated. */
typedef struct
{
  int dfd;    /* the directory, borrowed */
  int fd;     /* open until halo_tmpfile_sync_close */
  char *name; /* set while the file exists under this name */
} HaloTmpfile;

#define HALO_TMPFILE_INIT \
  {                       \
    -1, -1, NULL          \
  }

void halo_tmpfile_clear (HaloTmpfile *tmp);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HaloTmpfile, halo_tmpfile_clear)

/* Create ".BASE.halo-XXXXXX" in @dfd exclusively, never following a link, mode 0600. */
gboolean halo_tmpfile_open (HaloTmpfile *tmp, int dfd, const char *base, GError **error);
gboolean halo_tmpfile_write (HaloTmpfile *tmp, const void *data, gsize len, GError **error);
/* fsync, then close. */
gboolean halo_tmpfile_sync_close (HaloTmpfile *tmp, GError **error);
/* Rename over @base, or (@no_replace) link as @base and remove the temporary
 * name: it is then finished, and clearing it removes nothing. */
gboolean halo_tmpfile_install (HaloTmpfile *tmp, const char *base, gboolean no_replace,
                               GError **error);

/* halo-fileio-meta.c: who may use the file (SPEC §3). */

/* Fails unless the caller may write the file @base of @dfd, whose status is
 * @st: refused when the permissions deny it (EACCES), and, since root passes
 * every permission check, when no write bit at all is set (the owner froze
 * it).  @path names it in the message. */
gboolean halo_file_check_writable (int dfd, const char *base, const struct stat *st,
                                   const char *path, GError **error);

/* Give the temporary file @fd what decides who may use the old file @oldfd
 * (status @old): owner and group (or at least the group: else fails), every
 * extended attribute (POSIX ACLs included), then the mode, in that order. */
gboolean halo_file_copy_access (int oldfd, const struct stat *old, int fd, GError **error);

G_END_DECLS
