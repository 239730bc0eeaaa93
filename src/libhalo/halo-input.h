/* halo-input.h: reading a file the user names as input (a manifest, a list of paths). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Read all of @path, at most @max_size bytes.  The file is the user's own,
 * as for cat: "-" is standard input, a pipe or /dev/fd/N (process
 * substitution) is read to its end, a symbolic link is followed; only a
 * directory is refused.  Failures say which file and the real reason
 * (HALO_ERROR_IO or _INVALID for one over the limit). */
gboolean halo_input_read (const char *path, gsize max_size, char **contents, gsize *length,
                          GError **error);

/* "standard input" for "-", else @path. */
const char *halo_input_name (const char *path);

G_END_DECLS
