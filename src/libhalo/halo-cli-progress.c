/* halo-cli-progress.c: the progress line of the hashing commands (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-text.h"

void
halo_cli_progress_init (HaloCliProgress *pr, const HaloCliCommon *c)
{
  pr->forced = c->progress;
  pr->allowed = !c->no_progress && (c->progress || (!c->quiet && isatty (STDERR_FILENO)));
  pr->shown = FALSE;
  pr->started = g_get_monotonic_time ();
}

/* "0:42" or "1:02:03": digits and colons read the same in every language. */
static char *
format_duration (guint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", seconds / 3600,
                            (guint) (seconds / 60 % 60), (guint) (seconds % 60));
  return g_strdup_printf ("%u:%02u", (guint) (seconds / 60), (guint) (seconds % 60));
}

char *
halo_cli_progress_line (guint files_done, guint files_total, guint64 bytes_done,
                        guint64 bytes_total, gint64 elapsed_us)
{
  GString *line = g_string_new (NULL);
  g_autofree char *bytes = g_format_size (bytes_done);
  g_autofree char *rate = g_format_size (
    elapsed_us > 0 ? (guint64) (bytes_done * (double) G_USEC_PER_SEC / elapsed_us) : 0);
  /* TRANSLATORS: the start of the progress line: "120/4000 files, 1.2 GB, 850.3 MB/s" */
  g_string_append_printf (line, _ ("%u/%u files, %s, %s/s"), files_done, files_total, bytes, rate);
  double done = bytes_total > 0   ? (double) bytes_done / bytes_total
                : files_total > 0 ? (double) files_done / files_total
                                  : 1.0;
  done = CLAMP (done, 0.0, 1.0);
  /* TRANSLATORS: the share done in the progress line: ", 42%" */
  g_string_append_printf (line, _ (", %u%%"), (guint) (done * 100));
  if (done > 0 && done < 1 && elapsed_us >= G_USEC_PER_SEC)
    {
      double left = elapsed_us / (double) G_USEC_PER_SEC * (1 - done) / done;
      g_autofree char *t = format_duration ((guint64) (left + 0.5));
      /* TRANSLATORS: the estimated time left in the progress line: ", 0:42 left" */
      g_string_append_printf (line, _ (", %s left"), t);
    }
  return g_string_free (line, FALSE);
}

void
halo_cli_progress_update (HaloCliProgress *pr, guint files_done, guint files_total,
                          guint64 bytes_done, guint64 bytes_total, gboolean final)
{
  gint64 elapsed = g_get_monotonic_time () - pr->started;
  if (!pr->allowed || (!pr->forced && !pr->shown && (final || elapsed < G_USEC_PER_SEC / 2)))
    return;
  g_autofree char *line
    = halo_cli_progress_line (files_done, files_total, bytes_done, bytes_total, elapsed);
  g_autofree char *text = halo_text_for_terminal (line);
  /* \033[K clears what a longer line before left. */
  fprintf (stderr, "\r%s%s", text, final ? "\n" : "\033[K");
  fflush (stderr);
  pr->shown = TRUE;
}
