/* halo-generate.c: generate: paths to a written manifest (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-fileio.h"
#include "halo-generate.h"
#include "halo-input.h"

/* A line for standard error, through the program's message function. */
#define say(o, ...) halo_message ((o)->message, (o)->message_data, HALO_MESSAGE_ERROR, __VA_ARGS__)

/* --files-from: one path a line; empty lines are ignored.  The same limit
 * and the same reader for "-" as for a named file. */
static gboolean
read_files_from (const char *file, GPtrArray *paths, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_input_read (file, HALO_MANIFEST_MAX_SIZE, &data, &len, error))
    return FALSE;
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s: holds a NUL byte"),
                   halo_input_name (file));
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_ptr_array_add (paths, g_strdup (lines[i]));
  return TRUE;
}

/* The manifest being written must not hash itself: -o's path and inode, or
 * standard output's inode when the shell redirected it into the tree. */
static void
skip_own_manifest (const char *output, HaloWalkOptions *w, char **skip_path)
{
  struct stat st;
  if (output)
    {
      *skip_path = halo_manifest_path_normalize (output, NULL);
      w->skip_path = *skip_path;
      if (lstat (output, &st) == 0 && S_ISREG (st.st_mode))
        {
          w->skip_inode = TRUE;
          w->skip_dev = st.st_dev;
          w->skip_ino = st.st_ino;
        }
    }
  else if (fstat (STDOUT_FILENO, &st) == 0 && S_ISREG (st.st_mode))
    {
      w->skip_inode = TRUE;
      w->skip_dev = st.st_dev;
      w->skip_ino = st.st_ino;
    }
}

/* Nor are its signatures (M.minisig, M.sig): they are made after it, of it. */
static void
skip_own_signatures (GPtrArray *files, const char *manifest)
{
  g_autofree char *minisig = g_strconcat (manifest, ".minisig", NULL);
  g_autofree char *sig = g_strconcat (manifest, ".sig", NULL);
  for (guint i = files->len; i-- > 0;)
    if (strcmp (files->pdata[i], minisig) == 0 || strcmp (files->pdata[i], sig) == 0)
      g_ptr_array_remove_index (files, i);
}

/* What the walk left out: the manifest and version control directories one
 * line each; things that are not regular files (91 symbolic links in a copy
 * of /usr/share/doc) in one line, one each with -v; the project's mutable
 * files with -v; each --exclude that matched nothing. */
static void
report_skipped (const HaloGenerateOptions *o, GPtrArray *skipped, GPtrArray *not_regular,
                GPtrArray *left_out, const guint *matches)
{
  for (guint i = 0; i < skipped->len; i++)
    say (o, "%s", (const char *) skipped->pdata[i]);
  if (o->verbose)
    {
      for (guint i = 0; i < not_regular->len; i++)
        say (o, "%s", (const char *) not_regular->pdata[i]);
      for (guint i = 0; i < left_out->len; i++)
        say (o, "%s", (const char *) left_out->pdata[i]);
    }
  else if (not_regular->len > 0)
    say (o,
         ngettext ("skipped %u symbolic link or other file that is not a regular "
                   "file (-v lists it)",
                   "skipped %u symbolic links or other files that are not regular "
                   "files (-v lists them)",
                   not_regular->len),
         not_regular->len);
  for (guint i = 0; o->excludes && o->excludes[i]; i++)
    if (matches[i] == 0)
      say (o, _ ("--exclude=%s matched nothing"), o->excludes[i]);
}

GPtrArray *
halo_generate_paths (const char *const *args, const char *files_from, GError **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  for (const char *const *a = args; a && *a; a++)
    g_ptr_array_add (paths, g_strdup (*a));
  if (files_from && !read_files_from (files_from, paths, error))
    return NULL;
  if (files_from && paths->len == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE, _ ("%s lists no paths"), files_from);
      return NULL;
    }
  g_ptr_array_add (paths, NULL);
  return g_steal_pointer (&paths);
}

/* The files to hash: the walk of the PATHs, without the manifest's own files. */
static GPtrArray *
collect (const HaloGenerateOptions *o, HaloWalkOptions *w, char **skip_path, GError **error)
{
  w->excludes = o->excludes;
  w->status_path = o->status;
  skip_own_manifest (o->output, w, skip_path);
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) not_regular = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) left_out = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *matches = g_new0 (guint, o->excludes ? g_strv_length (o->excludes) : 0);
  w->not_regular = not_regular;
  w->left_out = left_out;
  w->exclude_matches = matches;
  GPtrArray *files = halo_walk_collect (o->paths, w, skipped, error);
  w->not_regular = w->left_out = NULL;
  w->exclude_matches = NULL;
  if (files == NULL)
    return NULL;
  if (!o->quiet)
    report_skipped (o, skipped, not_regular, left_out, matches);
  if (*skip_path)
    skip_own_signatures (files, *skip_path);
  if (files->len == 0)
    {
      g_ptr_array_unref (files);
      g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID,
                           _ ("no files to hash: an empty manifest would protect nothing"));
      return NULL;
    }
  return files;
}

/* Hash @files into a manifest.  A file that cannot be hashed is one line of
 * the error; the manifest found by its inode only now is said where it
 * falls among them. */
static HaloManifest *
hash_files (const HaloGenerateOptions *o, const HaloWalkOptions *w, GPtrArray *files,
            GError **error)
{
  HaloDigestSet set = HALO_DIGEST_BIT (o->algo);
  if (o->start)
    o->start (o->progress_data);
  HaloHashResult *results
    = halo_walk_hash ((const char *const *) files->pdata, TRUE, &set, 1, files->len, o->jobs,
                      o->progress, o->progress_data, error);
  if (results == NULL)
    return NULL;
  gboolean failed = FALSE;
  for (guint i = 0; i < files->len; i++)
    failed |= results[i].status != HALO_FILE_OK;
  g_autoptr (HaloManifest) m = halo_manifest_new (o->format);
  g_autoptr (GString) lines = g_string_new (NULL);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *line = NULL;
      if (results[i].status == HALO_FILE_OK && w->skip_inode && results[i].dev == w->skip_dev
          && results[i].ino == w->skip_ino)
        {
          /* The walk found it by readdir's inode number; on a file system
           * where that is not stat's (FUSE, a bind mount), only now. */
          if (!o->quiet)
            line = g_strdup_printf (_ ("%s: skipped: %s"), path, _ ("the manifest being written"));
        }
      else if (results[i].status == HALO_FILE_OK)
        halo_manifest_add (m, path, o->algo, results[i].hex[o->algo]);
      else
        line = g_strdup_printf (_ ("cannot hash %s: %s"), path, results[i].reason);
      if (line && !failed)
        say (o, "%s", line);
      else if (line)
        g_string_append_printf (lines, "%s%s", lines->len ? "\n" : "", line);
    }
  halo_hash_results_free (results, files->len);
  if (failed)
    {
      g_set_error_literal (error, HALO_ERROR, HALO_ERROR_IO, lines->str);
      return NULL;
    }
  if (m->entries->len == 0)
    {
      g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID,
                           _ ("no files to hash: an empty manifest would protect nothing"));
      return NULL;
    }
  return g_steal_pointer (&m);
}

GBytes *
halo_generate (const HaloGenerateOptions *o, guint *n_files, GError **error)
{
  HaloWalkOptions w = { NULL };
  g_autofree char *skip_path = NULL;
  g_autoptr (GPtrArray) files = collect (o, &w, &skip_path, error);
  if (files == NULL)
    return NULL;
  g_autoptr (HaloSecretKey) sk = NULL;
  if (o->sign && (sk = halo_sign_cmd_open_secret_key (o->sign, error)) == NULL)
    return NULL;
  g_autoptr (HaloManifest) m = hash_files (o, &w, files, error);
  if (m == NULL)
    return NULL;
  g_autoptr (GBytes) bytes = halo_manifest_to_bytes (m, o->format, error);
  if (bytes == NULL)
    return NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  if (o->output && !halo_file_replace (o->output, data, len, error))
    return NULL;
  if (o->output && sk && !halo_sign_file (sk, o->output, NULL, FALSE, error))
    return NULL;
  if (n_files)
    *n_files = files->len;
  return g_steal_pointer (&bytes);
}
