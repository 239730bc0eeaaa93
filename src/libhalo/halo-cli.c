/* halo-cli.c: what the three programs share on the command line. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-cli.h"
#include "halo-error.h"
#include "halo-json.h"
#include "halo-text.h"

static gboolean stdout_checked;
/* The options of the context being parsed, for the checks after parsing. */
static HaloCliCommon *parsed_common;

/* GOption prints --help and calls exit (0) itself: see that stdout was
 * written then too (as gnulib's close_stdout does), or say it was not. */
static void
check_stdout_at_exit (void)
{
  if (stdout_checked)
    return;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int errsv = errno;
      halo_cli_errorf (_ ("write error on standard output: %s"), g_strerror (errsv));
      _exit (HALO_EXIT_TROUBLE);
    }
}

/* GOption prints --help through g_print: in the locale's charset too, with
 * "→" and "…" transliterated in the C locale rather than made "?". */
static void
print_for_terminal (const char *text)
{
  g_autofree char *converted = halo_text_for_terminal (text);
  fputs (converted, stdout);
}

void
halo_cli_init (const char *program)
{
  setlocale (LC_ALL, "");
  /* HALO_LOCALEDIR lets the test suite use the catalogues of the build tree. */
  const char *localedir = g_getenv ("HALO_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (program);
  g_set_print_handler (print_for_terminal);
  signal (SIGXFSZ, SIG_IGN);
  atexit (check_stdout_at_exit);
}

/* --jobs: one parser and one message for every program. */
static gboolean
parse_jobs (const char *name, const char *value, gpointer data, GError **error)
{
  HaloCliCommon *c = data;
  char *end = NULL;
  guint64 n = 0;
  if (value[0] == '-' || value[0] == '+' || !g_ascii_isdigit (value[0]))
    end = (char *) value;
  else
    n = g_ascii_strtoull (value, &end, 10);
  if (end == value || *end != '\0' || n < 1 || n > 1024)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--jobs: '%s' is not a number of workers from 1 to 1024"), value);
      return FALSE;
    }
  c->jobs = (guint) n;
  return TRUE;
}

/* What -q leaves out differs by program; the manual page says the same
 * words first (tests/cli/programs-contract.test compares them). */
static const char *
quiet_help (void)
{
  const char *program = g_get_prgname ();
  if (g_strcmp0 (program, "halo-check") == 0)
    return N_ ("Print nothing but errors; the exit status tells the verdict");
  if (g_strcmp0 (program, "halo-integrity") == 0)
    return N_ ("Print nothing but problems and errors: no skip notices, no Integrity OK line");
  return N_ ("Print nothing but errors");
}

GOptionContext *
halo_cli_context_new (const char *parameter_string, const char *summary,
                      const GOptionEntry *program_entries, HaloCliCommon *c, guint flags)
{
  const GOptionEntry entries[] = {
    { "directory", 'C', 0, G_OPTION_ARG_FILENAME, &c->directory,
      N_ ("Work in DIR, the project's root (default: the current directory)"), N_ ("DIR") },
    { "status", 0, 0, G_OPTION_ARG_FILENAME, &c->status,
      N_ ("Use FILE as the state file (default: progress/status.json)"), N_ ("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &c->json,
      N_ ("Print the result as one JSON object on standard output"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &c->quiet, quiet_help (), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &c->verbose, N_ ("Say more about what is done"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &c->version, N_ ("Print the version and exit"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_jobs,
      N_ ("Hash with N parallel workers (default: the online CPUs)"), N_ ("N") },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &c->progress,
      N_ ("Always show a progress line on standard error"), NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &c->no_progress, N_ ("Never show a progress line"),
      NULL },
    { NULL },
  };
  parsed_common = c;
  GOptionContext *ctx = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (
    ctx, _ ("Exit status: 0 success or nothing to do, 1 a negative verdict, 2 trouble.\n"
            "See the manual page for details."));
  GOptionGroup *main_group = g_option_group_new (NULL, NULL, NULL, c, NULL);
  g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
  if (program_entries)
    g_option_group_add_entries (main_group, program_entries);
  for (gsize i = 0; entries[i].long_name; i++)
    {
      const char *name = entries[i].long_name;
      if ((strcmp (name, "status") == 0 && !(flags & HALO_CLI_STATUS))
          || (strcmp (name, "jobs") == 0 && !(flags & HALO_CLI_JOBS))
          || (strstr (name, "progress") && !(flags & HALO_CLI_PROGRESS)))
        continue;
      g_option_group_add_entries (main_group, (GOptionEntry[]){ entries[i], { NULL } });
    }
  g_option_context_set_main_group (ctx, main_group);
  return ctx;
}

int
halo_cli_usage_error (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  halo_cli_error (msg);
  g_autofree char *hint
    = g_strdup_printf (_ ("Try '%s --help' for more information.\n"), g_get_prgname ());
  g_autofree char *text = halo_text_for_terminal (hint);
  fputs (text, stderr);
  return HALO_EXIT_TROUBLE;
}

/* What every program refuses after parsing. */
static gboolean
check_common (void)
{
  const HaloCliCommon *c = parsed_common;
  if (c == NULL)
    return TRUE;
  if (c->quiet && c->verbose)
    {
      halo_cli_usage_error (_ ("-q/--quiet and -v/--verbose cannot be used together"));
      return FALSE;
    }
  if (c->progress && c->no_progress)
    {
      halo_cli_usage_error (_ ("--progress and --no-progress cannot be used together"));
      return FALSE;
    }
  return TRUE;
}

gboolean
halo_cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      halo_cli_usage_error ("%s", error->message);
      return FALSE;
    }
  return check_common ();
}

/* GOption takes "-j 8" but not make's "-j8": split the latter before parsing. */
static char **
split_jobs_option (char **argv)
{
  GPtrArray *args = g_ptr_array_new ();
  gboolean options = TRUE;
  for (guint i = 0; argv[i]; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        options = FALSE;
      if (options && i > 0 && a[0] == '-' && a[1] == 'j' && a[2] != '\0')
        {
          g_ptr_array_add (args, g_strdup ("-j"));
          g_ptr_array_add (args, g_strdup (a + 2));
        }
      else
        g_ptr_array_add (args, g_strdup (a));
    }
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (args, FALSE);
}

gboolean
halo_cli_parse_options_only (GOptionContext *context, int argc, char *const *argv,
                             const HaloCliCommon *common, int *status)
{
  g_auto (GStrv) args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!halo_cli_parse_strv (context, &args))
    *status = HALO_EXIT_TROUBLE;
  else if (common->version)
    {
      halo_cli_print_version ();
      *status = halo_cli_exit (HALO_EXIT_OK);
    }
  else if (args[0] && args[1])
    {
      g_autofree char *shown = halo_text_escape (args[1]);
      *status = halo_cli_usage_error (_ ("unexpected argument '%s'"), shown);
    }
  else
    return TRUE;
  return FALSE;
}

gboolean
halo_cli_parse_strv (GOptionContext *context, char ***args)
{
  g_autoptr (GError) error = NULL;
  char **split = split_jobs_option (*args);
  g_strfreev (*args);
  *args = split;
  if (!g_option_context_parse_strv (context, args, &error))
    {
      halo_cli_usage_error ("%s", error->message);
      return FALSE;
    }
  return check_common ();
}

void
halo_cli_print_version (void)
{
  printf ("%s (%s) %s\n", g_get_prgname (), PACKAGE_NAME, PACKAGE_VERSION);
  printf ("Copyright (C) 2026 The HALO authors.\n");
  halo_cli_print (
    "%s", _ ("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
             "This is free software: you are free to change and redistribute it.\n"
             "There is NO WARRANTY, to the extent permitted by law.\n"));
}

void
halo_cli_error (const char *message)
{
  g_autofree char *text = halo_text_for_terminal (message);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  fflush (stdout);
  for (guint i = 0; lines[i]; i++)
    fprintf (stderr, "%s: %s\n", g_get_prgname (), lines[i]);
}

void
halo_cli_print (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *text = halo_text_for_terminal (msg);
  fputs (text, stdout);
}

void
halo_cli_print_json (const HaloJson *value)
{
  g_autoptr (GString) out = g_string_new (NULL);
  halo_json_append_line (out, value);
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

gboolean
halo_cli_use_color (int fd)
{
  const char *term = g_getenv ("TERM");
  return isatty (fd) && g_getenv ("NO_COLOR") == NULL && term != NULL && *term != '\0'
         && strcmp (term, "dumb") != 0;
}

void
halo_cli_errorf (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  halo_cli_error (msg);
}

void
halo_cli_message (HaloMessageKind kind, const char *text, gpointer user_data)
{
  (void) user_data;
  if (kind == HALO_MESSAGE_OUTPUT)
    halo_cli_print ("%s", text);
  else
    halo_cli_error (text);
}

gboolean
halo_cli_enter_directory (const HaloCliCommon *c)
{
  if (c->directory == NULL || chdir (c->directory) == 0)
    return TRUE;
  int errsv = errno;
  halo_cli_errorf (_ ("cannot change to directory %s: %s"), c->directory, g_strerror (errsv));
  return FALSE;
}

void
halo_cli_untranslated (void)
{
  setlocale (LC_MESSAGES, "C");
  /* "%g seconds" would otherwise read "0,25" in a German locale. */
  setlocale (LC_NUMERIC, "C");
}

int
halo_cli_exit (int status)
{
  stdout_checked = TRUE;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int errsv = errno;
      halo_cli_errorf (_ ("write error on standard output: %s"), g_strerror (errsv));
      return HALO_EXIT_TROUBLE;
    }
  return status;
}

void
halo_cli_common_clear (HaloCliCommon *c)
{
  g_clear_pointer (&c->directory, g_free);
  g_clear_pointer (&c->status, g_free);
}
