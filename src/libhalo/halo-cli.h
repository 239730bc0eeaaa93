/* halo-cli.h: what the three programs share on the command line. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-error.h"
#include "halo-json.h"

G_BEGIN_DECLS

typedef struct
{
  char *directory;
  char *status;
  gboolean json;
  gboolean quiet;
  gboolean verbose;
  gboolean version;
  guint jobs;           /* -j/--jobs (HALO_CLI_JOBS): 0 for the default, the online CPUs */
  gboolean progress;    /* --progress (HALO_CLI_PROGRESS) */
  gboolean no_progress; /* --no-progress */
} HaloCliCommon;

/* The options a program has besides those all have (-C, --json, -q, -v,
 * --version).  TRUE as @flags still means HALO_CLI_STATUS alone. */
typedef enum
{
  HALO_CLI_STATUS = 1 << 0,   /* --status=FILE */
  HALO_CLI_JOBS = 1 << 1,     /* -j/--jobs=N, also written -jN */
  HALO_CLI_PROGRESS = 1 << 2, /* --progress, --no-progress */
} HaloCliFlags;

/* Locale, message catalogue, program name; SIGXFSZ ignored so that a file
 * size limit is a write error, not a crash. */
void halo_cli_init (const char *program);

/* A context with the program's own options, then those every program has
 * (-C, --json, -q, -v, --version) and those of @flags (HaloCliFlags). */
GOptionContext *halo_cli_context_new (const char *parameter_string, const char *summary,
                                      const GOptionEntry *program_entries, HaloCliCommon *common,
                                      guint flags);

/* Parse; on a usage error (an unknown option, a bad --jobs, -q with -v)
 * print it with a hint and return FALSE. */
gboolean halo_cli_parse (GOptionContext *context, int *argc, char ***argv);
/* The same on an argument vector the caller owns (g_strfreev): arguments taken
 * out of it are freed, and make's "-j8" is read as "-j 8". */
gboolean halo_cli_parse_strv (GOptionContext *context, char ***args);

/* For a program that takes options only (halo-run, halo-check): parse, then
 * handle --version and refuse an operand.  TRUE to go on; FALSE when the
 * program is done, with its exit status in @status. */
gboolean halo_cli_parse_options_only (GOptionContext *context, int argc, char *const *argv,
                                      const HaloCliCommon *common, int *status);

/* Print "PROGRAM: MESSAGE\nTry 'PROGRAM --help' ..." and return exit status 2. */
int halo_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

void halo_cli_print_version (void);

/* Text for a person on standard output, through halo_text_for_terminal:
 * control characters escaped, in the locale's character set. */
void halo_cli_print (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* A --json report on standard output: @value on one line, through the
 * library's one JSON writer (UTF-8 whatever bytes a name holds). */
void halo_cli_print_json (const HaloJson *value);

/* Colour on @fd: only on a terminal whose TERM is set and not "dumb", and
 * never when NO_COLOR is set (to anything, even empty). */
gboolean halo_cli_use_color (int fd);

/* The progress line of a hashing command (SPEC §6) on standard error. */
typedef struct
{
  gboolean forced;  /* --progress */
  gboolean allowed; /* not --no-progress, not -q; a terminal or --progress */
  gboolean shown;
  gint64 started; /* monotonic, microseconds */
} HaloCliProgress;

void halo_cli_progress_init (HaloCliProgress *progress, const HaloCliCommon *common);
/* Show the line for this much done: after half a second on a terminal, at
 * once with --progress; @final ends it with a newline. */
void halo_cli_progress_update (HaloCliProgress *progress, guint files_done, guint files_total,
                               guint64 bytes_done, guint64 bytes_total, gboolean final);
/* The line itself (UTF-8, translated; no \r): files, bytes, rate, and the
 * percentage and time left, by bytes when @bytes_total is known (not 0),
 * else by files; the time left once @elapsed_us is at least a second. */
char *halo_cli_progress_line (guint files_done, guint files_total, guint64 bytes_done,
                              guint64 bytes_total, gint64 elapsed_us);

/* "PROGRAM: line" on stderr for each line of @message. */
void halo_cli_error (const char *message);
void halo_cli_errorf (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* A HaloMessageFunc: HALO_MESSAGE_ERROR as halo_cli_error, HALO_MESSAGE_OUTPUT
 * as halo_cli_print; @user_data is not used. */
void halo_cli_message (HaloMessageKind kind, const char *text, gpointer user_data);

/* After -C: change into the directory; FALSE with the error printed. */
gboolean halo_cli_enter_directory (const HaloCliCommon *common);

/* Machine output is never translated: messages are English, and numbers
 * written the C way, from now on. */
void halo_cli_untranslated (void);

/* Flush stdout; a failed write turns @status into 2 with a message. */
int halo_cli_exit (int status);

void halo_cli_common_clear (HaloCliCommon *common);

G_END_DECLS

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HaloCliCommon, halo_cli_common_clear)
