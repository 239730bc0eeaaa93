/* halo-generate.h: generate: paths to a written manifest (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-manifest.h"
#include "halo-sign-cmd.h"
#include "halo-walk.h"

G_BEGIN_DECLS

typedef struct
{
  const char *const *paths; /* what to walk (NULL-terminated, halo_generate_paths); none:
                             * the whole root */
  char **excludes;          /* --exclude globs, or NULL */
  const char *output;       /* -o FILE; NULL: the caller writes the manifest to standard
                             * output (a regular file there is left out of the walk) */
  const char *status;       /* --status=FILE: the state file the walk leaves out */
  HaloDigestAlgo algo;
  HaloManifestFormat format;
  guint jobs;                  /* hashing workers, 0: the online CPUs */
  const HaloSignOptions *sign; /* generate --sign: the secret key's options; else NULL */
  gboolean quiet;              /* say nothing of what the walk left out */
  gboolean verbose;            /* name each symbolic link and mutable file left out */
  HaloWalkProgressFunc progress;
  gpointer progress_data;
  void (*start) (gpointer progress_data); /* if not NULL: called as the hashing starts
                                           * (after the walk and the key) */
  HaloMessageFunc message;                /* what was left out, as HALO_MESSAGE_ERROR lines */
  gpointer message_data;
} HaloGenerateOptions;

/* What generate walks: the PATHs @args (NULL-terminated), then those
 * listed one a line in @files_from (--files-from; "-": standard input; empty
 * lines ignored), as a NULL-terminated array.  Fails with HALO_ERROR_USAGE
 * (and with nothing else) when @files_from lists no path. */
GPtrArray *halo_generate_paths (const char *const *args, const char *files_from, GError **error);

/* Walk @o->paths, leaving out the manifest being written and its
 * signatures, hash every file, and return the manifest's bytes; with
 * @o->output they are also written there atomically (and signed with
 * @o->sign).  *@n_files, if not NULL, receives the number of files hashed.
 * Fails with one line per file that cannot be hashed, and when no file is
 * left to hash (an empty manifest would protect nothing). */
GBytes *halo_generate (const HaloGenerateOptions *o, guint *n_files, GError **error);

G_END_DECLS
