/* halo-cli.h: what the three programs share on the command line. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *directory;
  char *status;
  gboolean json;
  gboolean quiet;
  gboolean verbose;
  gboolean version;
} HaloCliCommon;

/* Locale, message catalogue, program name; SIGXFSZ ignored so that a file
 * size limit is a write error, not a crash. */
void halo_cli_init (const char *program);

/* A context with the program's own options, then those every program has
 * (-C, --json, -q, -v, --version, and --status when @with_status). */
GOptionContext *halo_cli_context_new (const char *parameter_string, const char *summary,
                                      const GOptionEntry *program_entries,
                                      HaloCliCommon *common, gboolean with_status);

/* Parse; on a usage error print it with a hint and return FALSE. */
gboolean halo_cli_parse (GOptionContext *context, int *argc, char ***argv);
/* The same on an argument vector the caller owns (g_strfreev): arguments taken
 * out of it are freed. */
gboolean halo_cli_parse_strv (GOptionContext *context, char ***args);

/* For a program that takes options only (halo-run, halo-check): parse, then
 * handle --version and refuse an operand.  TRUE to go on; FALSE when the
 * program is done, with its exit status in @status. */
gboolean halo_cli_parse_options_only (GOptionContext *context, int *argc, char ***argv,
                                      const HaloCliCommon *common, int *status);

/* Print "PROGRAM: MESSAGE\nTry 'PROGRAM --help' ..." and return exit status 2. */
int halo_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

void halo_cli_print_version (void);

/* "PROGRAM: line" on stderr for each line of @message. */
void halo_cli_error (const char *message);
void halo_cli_errorf (const char *format, ...) G_GNUC_PRINTF (1, 2);

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
