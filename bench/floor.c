/* floor.c: the physical floor of one halo-run transition, for bench/bench-run. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */

/* Only the system calls that a durable atomic rewrite of the state file
   needs: open and read it, create a temporary file exclusively in the same
   directory, write, fsync, close, rename over the old file, fsync the
   directory.  current_stage flips between B and C by replacing one byte:
   no JSON parsing, no validation, no lock, no locale, no buffered I/O.
   Built with FLOOR_LIBS defined (as bench-run builds it), it first loads and
   initialises what halo-run is built on -- GLib, json-glib and libgcrypt --
   so that the ratio measures HALO's own work on top of its libraries.
   Usage:
     floor [FILE]      (default progress/status.json)  */

#define _GNU_SOURCE /* memmem */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef FLOOR_LIBS
#include <gcrypt.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#endif

#define MAX_SIZE 65536

static int
fail (const char *what)
{
  static const char prefix[] = "floor: failed: ";
  (void) !write (2, prefix, sizeof prefix - 1);
  (void) !write (2, what, strlen (what));
  (void) !write (2, "\n", 1);
  return 2;
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "progress/status.json";
#ifdef FLOOR_LIBS
  /* One call into each library, so the loader maps and relocates all three
     and libgcrypt runs its start-up, as in halo-run. */
  if (glib_check_version (2, 66, 0) != NULL || gcry_check_version (NULL) == NULL)
    return fail ("library versions");
  gcry_control (GCRYCTL_INITIALIZATION_FINISHED, 0);
  json_node_unref (json_node_init_null (json_node_alloc ()));
#endif
  static char buf[MAX_SIZE];
  char dir[4096], tmp[4096];

  const char *slash = strrchr (path, '/');
  size_t dlen = slash ? (size_t) (slash - path) : 1;
  if (dlen == 0)
    dlen = 1; /* "/status.json" */
  if (dlen >= sizeof dir || strlen (path) + 8 >= sizeof tmp)
    return fail ("name too long");
  memcpy (dir, slash ? path : ".", dlen);
  dir[dlen] = '\0';
  snprintf (tmp, sizeof tmp, "%s.floor", path);

  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail ("open");
  ssize_t len = 0, n;
  while ((n = read (fd, buf + len, sizeof buf - len)) > 0)
    len += n;
  if (n < 0 || len == (ssize_t) sizeof buf)
    return fail ("read");
  close (fd);

  /* The value's letter: the first '"' after the name's closing quote and colon. */
  static const char key[] = "\"current_stage\"";
  char *p = memmem (buf, len, key, sizeof key - 1);
  if (p == NULL)
    return fail ("no current_stage");
  p = memchr (p + sizeof key - 1, '"', buf + len - (p + sizeof key - 1));
  if (p == NULL || p + 2 >= buf + len || p[2] != '"' || (p[1] != 'B' && p[1] != 'C'))
    return fail ("current_stage is neither B nor C");
  p[1] = p[1] == 'B' ? 'C' : 'B';

  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return fail ("create temporary file");
  if (write (fd, buf, len) != len)
    return fail ("write");
  if (fsync (fd) < 0)
    return fail ("fsync");
  if (close (fd) < 0)
    return fail ("close");
  if (rename (tmp, path) < 0)
    return fail ("rename");
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || fsync (dfd) < 0)
    return fail ("fsync directory");
  close (dfd);
  return 0;
}
