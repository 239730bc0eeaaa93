/* test-text.c: terminal escaping, the locale's charset, the JSON writer on
 * bytes that are not UTF-8, the progress line (SPEC §6, §7). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <json-glib/json-glib.h>

#include "halo-cli.h"
#include "halo-json.h"
#include "halo-text.h"

static void
test_escape (void)
{
  static const struct { const char *in, *want; } cases[] = {
    { "plain name.txt", "plain name.txt" },
    { "", "" },
    { "caf\xc3\xa9 \xe2\x86\x92 \xc2\xa0", "caf\xc3\xa9 \xe2\x86\x92 \xc2\xa0" },
    { "hide \x1b[8m this", "hide \\x1b[8m this" },
    { "two\nlines\r\tx", "two\\nlines\\r\\tx" },
    { "bell\x07 del\x7f", "bell\\x07 del\\x7f" },
    { "latin1 \xe9t\xe9", "latin1 \\xe9t\\xe9" },
    { "cut \xe2\x86", "cut \\xe2\\x86" },
    { "c1 \xc2\x9b" "31m", "c1 \\u009b31m" },
    { "bidi \xe2\x80\xae" "gnp.exe", "bidi \\u202egnp.exe" },
    { "isolate \xe2\x81\xa6x", "isolate \\u2066x" },
    { "line sep \xe2\x80\xa8", "line sep \\u2028" },
    { "back\\slash \\x1b", "back\\slash \\x1b" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = halo_text_escape (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].want);
      g_assert_true (g_utf8_validate (got, -1, NULL));
      g_autofree char *twice = halo_text_escape (got);
      g_assert_cmpstr (twice, ==, got);
    }
  g_autofree char *null = halo_text_escape (NULL);
  g_assert_cmpstr (null, ==, "");
}

/* Every byte value after "x", alone: nothing below 0x20, no DEL, no C1 and
 * no invalid UTF-8 is left in the result. */
static void
test_escape_every_byte (void)
{
  for (guint b = 1; b < 256; b++)
    {
      char in[3] = { 'x', (char) b, 0 };
      g_autofree char *got = halo_text_escape (in);
      g_assert_true (g_utf8_validate (got, -1, NULL));
      for (const guchar *p = (const guchar *) got; *p; p++)
        g_assert_true (*p >= 0x20 && *p != 0x7f);
      if (b >= 0x20 && b < 0x7f)
        g_assert_cmpuint (strlen (got), ==, 2);
      else
        g_assert_true (g_str_has_prefix (got, "x\\"));
    }
}

static void
test_for_terminal (void)
{
  /* Newlines between lines are kept; the rest escaped. */
  g_autofree char *lines = halo_text_for_terminal ("one \x1b[2J\ntwo\t");
  g_assert_cmpstr (lines, ==, "one \\x1b[2J\ntwo\\t");
  if (setlocale (LC_ALL, "C") == NULL)
    {
      g_test_skip ("no C locale");
      return;
    }
  g_autofree char *ascii
    = halo_text_for_terminal ("A \xe2\x86\x92 B, 1.2\xc2\xa0MB \xe2\x80\x9cq\xe2\x80\x9d");
  g_assert_cmpstr (ascii, ==, "A -> B, 1.2 MB \"q\"");
  g_autofree char *bad = halo_text_for_terminal ("\xff");
  g_assert_cmpstr (bad, ==, "\\xff");
  setlocale (LC_ALL, "");
}

static char *
json_of_string (const char *s)
{
  g_autoptr (GString) out = g_string_new (NULL);
  halo_json_append_string (out, s);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_json_not_utf8 (void)
{
  static const struct { const char *in, *want; } cases[] = {
    { "ok \xc3\xa9", "\"ok \xc3\xa9\"" },
    { "\xff", "\"\\\\xff\"" },
    { "a\xe9" "b", "\"a\\\\xe9b\"" },
    { "cut \xe2\x86", "\"cut \\\\xe2\\\\x86\"" },
    { "esc \x1b q\"\\", "\"esc \\u001b q\\\"\\\\\"" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = json_of_string (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
  /* Every byte: the result is UTF-8 JSON that json-glib reads back. */
  for (guint b = 1; b < 256; b++)
    {
      char in[4] = { 'a', (char) b, 'z', 0 };
      g_autofree char *got = json_of_string (in);
      g_assert_true (g_utf8_validate (got, -1, NULL));
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autofree char *doc = g_strdup_printf ("[%s]", got);
      g_assert_true (json_parser_load_from_data (parser, doc, -1, NULL));
    }
}

static void
test_json_line (void)
{
  g_autoptr (HaloJson) o = halo_json_new_object ();
  halo_json_object_set (o, "outcome", halo_json_new_string ("ok"));
  halo_json_object_set (o, "to", halo_json_new_null ());
  HaloJson *a = halo_json_new_array ();
  halo_json_array_append (a, halo_json_new_integer (1));
  halo_json_array_append (a, halo_json_new_string ("\xfe"));
  halo_json_object_set (o, "list", a);
  halo_json_object_set (o, "empty", halo_json_new_array ());
  g_autoptr (GString) out = g_string_new (NULL);
  halo_json_append_line (out, o);
  g_assert_cmpstr (out->str, ==,
                   "{\"outcome\": \"ok\", \"to\": null, \"list\": [1, \"\\\\xfe\"], \"empty\": []}");
}

static void
test_progress_line (void)
{
  /* Nothing done yet: 0 %, no estimate. */
  g_autofree char *start = halo_cli_progress_line (0, 10, 0, 1000, 0);
  g_assert_true (strstr (start, "0/10 files") != NULL);
  g_assert_true (g_str_has_suffix (start, ", 0%"));
  /* A quarter of the bytes in 3 s: 25 %, 9 s left. */
  g_autofree char *quarter = halo_cli_progress_line (5, 10, 250, 1000, 3 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_suffix (quarter, ", 25%, 0:09 left"));
  /* Sizes unknown: by files. */
  g_autofree char *files = halo_cli_progress_line (1, 4, 10, 0, 2 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_suffix (files, ", 25%, 0:06 left"));
  /* Long runs: hours. */
  g_autofree char *hours = halo_cli_progress_line (1, 2, 1, 100, (gint64) 3700 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_suffix (hours, ", 1%, 101:45:00 left"));
  /* Less than a second: no estimate yet. */
  g_autofree char *early = halo_cli_progress_line (1, 2, 50, 100, G_USEC_PER_SEC / 2);
  g_assert_true (g_str_has_suffix (early, ", 50%"));
  /* Done. */
  g_autofree char *done = halo_cli_progress_line (2, 2, 100, 100, 5 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_suffix (done, ", 100%"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/text/escape", test_escape);
  g_test_add_func ("/text/escape-every-byte", test_escape_every_byte);
  g_test_add_func ("/text/for-terminal", test_for_terminal);
  g_test_add_func ("/text/json-not-utf8", test_json_not_utf8);
  g_test_add_func ("/text/json-line", test_json_line);
  g_test_add_func ("/text/progress-line", test_progress_line);
  return g_test_run ();
}
