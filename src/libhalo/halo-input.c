/* halo-input.c: reading a file the user names as input (a manifest, a list of
 * paths): unlike the project's own files, it may be standard input, a pipe or
 * a symbolic link. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-input.h"

const char *
halo_input_name (const char *path)
{
  return strcmp (path, "-") == 0 ? _ ("standard input") : path;
}

static gboolean
read_fd (int fd, const char *name, gsize max_size, GString *buf, GError **error)
{
  char chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return halo_error_set_errno (error, errno, _ ("cannot read %s"), name);
      if (n == 0)
        return TRUE;
      if (buf->len + n > max_size)
        {
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("cannot read %s: larger than the limit of %s"), name, limit);
          return FALSE;
        }
      g_string_append_len (buf, chunk, n);
    }
}

gboolean
halo_input_read (const char *path, gsize max_size, char **contents, gsize *length, GError **error)
{
  const char *name = halo_input_name (path);
  gboolean is_stdin = strcmp (path, "-") == 0;
  /* A FIFO that no one writes to reads as empty rather than hanging; the
   * pipe of a process substitution has its writer already. */
  int fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return halo_error_set_errno (error, errno, _ ("cannot open %s"), name);
  if (!is_stdin)
    (void) fcntl (fd, F_SETFL, 0);
  struct stat st;
  gboolean ok = TRUE;
  if (fstat (fd, &st) < 0)
    ok = halo_error_set_errno (error, errno, _ ("cannot read %s"), name);
  else if (S_ISDIR (st.st_mode))
    ok = halo_error_set_errno (error, EISDIR, _ ("cannot read %s"), name);
  g_autoptr (GString) buf = g_string_new (NULL);
  if (ok)
    ok = read_fd (fd, name, max_size, buf, error);
  if (!is_stdin)
    close (fd);
  if (!ok)
    return FALSE;
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}
