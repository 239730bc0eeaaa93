/* fuzz-replay.c: the replay driver of the normal build: feeds every file of the
 * corpus directories to a harness's LLVMFuzzerTestOneInput, one TAP line each. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static void
collect (const char *path, GPtrArray *files)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  while (dir && (name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_strdup (names->pdata[i]));
}

/* Usage: replay-HARNESS [FILE-OR-DIRECTORY...]; with none, the directories of
 * HALO_FUZZ_DIRS (':'-separated, under $HALO_TOP_SRCDIR).  A crash, a leak (under ASan) or a
 * broken invariant aborts the driver, which the TAP driver reports as an error after
 * the last "ok"; the line before it names the file. */
int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  if (argc == 1)
    {
      const char *top = g_getenv ("HALO_TOP_SRCDIR");
      g_auto (GStrv) dirs = g_strsplit (HALO_FUZZ_DIRS, ":", -1);
      for (guint i = 0; dirs[i]; i++)
        {
          g_autofree char *dir = g_build_filename (top ? top : HALO_FUZZ_SRCDIR, dirs[i], NULL);
          collect (dir, files);
        }
    }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = files->pdata[i];
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr (GError) error = NULL;
      printf ("# replaying %s\n", file);
      fflush (stdout);
      if (!g_file_get_contents (file, &data, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, file, error->message);
          continue;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
      printf ("ok %u - %s\n", i + 1, file);
    }
  return 0;
}
