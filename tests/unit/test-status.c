/* test-status.c: the state file's reader, validator and canonical writer (SPEC §3). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "halo-error.h"
#include "halo-json.h"
#include "halo-status.h"
#include "halo-text.h"

/* A valid state in canonical form. */
static const char canonical_b[] = "{\n"
                                  "  \"status_type\": \"LIVE\",\n"
                                  "  \"current_stage\": \"B\",\n"
                                  "  \"overall_progress_percent\": 40,\n"
                                  "  \"stage_progress_percent\": 50,\n"
                                  "  \"last_completed_artifact\": \"build/b.txt\",\n"
                                  "  \"current_task\": \"review\",\n"
                                  "  \"issues\": [],\n"
                                  "  \"blocking_questions\": [],\n"
                                  "  \"next_step\": \"Open Stage C\"\n"
                                  "}\n";

static HaloJson *
parse (const char *text, GError **error)
{
  return halo_status_parse (text, strlen (text), "status.json", error);
}

static char *
to_text (const HaloJson *st)
{
  g_autoptr (GBytes) out = halo_status_to_bytes (st);
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static char *
read_file (const char *path, gsize *len)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  if (!g_file_get_contents (path, &data, len, &error))
    {
      g_test_message ("%s", error->message);
      g_test_fail ();
    }
  return data;
}

/* NAME.json → NAME.SUFFIX */
static char *
companion (const char *path, const char *suffix)
{
  g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".json"));
  return g_strconcat (stem, suffix, NULL);
}

/* tests/data/status/invalid/NAME.json: refused, and the error is exactly the
 * lines of NAME.expected, in order, each line "FILE: " followed by the
 * expected text (a prefix of the message for long rules), as a terminal
 * shows it (halo_text_escape: a NEL or U+2028 in a value is shown escaped). */
static void
test_invalid_fixture (gconstpointer data)
{
  const char *path = data;
  g_autofree char *expected_path = companion (path, ".expected");
  gsize len;
  g_autofree char *expected_text = read_file (expected_path, &len);
  if (expected_text == NULL)
    return;
  g_auto (GStrv) expected = g_strsplit (expected_text, "\n", -1);
  guint n_expected = g_strv_length (expected);
  if (n_expected > 0 && *expected[n_expected - 1] == '\0')
    n_expected--;
  g_assert_cmpuint (n_expected, >, 0);

  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = halo_status_load (path, &error);
  g_assert_null (st);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error == NULL)
    return;
  g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
  if (g_strv_length (lines) != n_expected)
    {
      g_test_message ("%u violation(s) reported, %u expected:\n%s", g_strv_length (lines),
                      n_expected, error->message);
      g_test_fail ();
    }
  for (guint i = 0; i < n_expected && lines[i]; i++)
    {
      g_autofree char *want = g_strdup_printf ("%s: %s", path, expected[i]);
      g_autofree char *shown = halo_text_escape (lines[i]);
      if (!g_str_has_prefix (shown, want))
        {
          g_test_message ("line %u:\n  got:  %s\n  want: %s…", i + 1, shown, want);
          g_test_fail ();
        }
    }

  /* The pure parser says the same, with the display name it is given. */
  g_autofree char *bytes = read_file (path, &len);
  g_autoptr (GError) again = NULL;
  g_autoptr (HaloJson) st2 = halo_status_parse (bytes, len, "x.json", &again);
  g_assert_null (st2);
  g_assert_error (again, HALO_ERROR, HALO_ERROR_INVALID);
  if (again == NULL || g_str_has_prefix (error->message, "cannot read"))
    return;
  g_auto (GStrv) lines2 = g_strsplit (again->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines2), ==, g_strv_length (lines));
  for (guint i = 0; lines[i] && lines2[i]; i++)
    g_assert_cmpstr (lines2[i] + strlen ("x.json"), ==, lines[i] + strlen (path));
}

/* tests/data/status/valid/NAME.json: accepted; written back it gives the
 * bytes of NAME.canonical if there is one, else the file's own bytes; and
 * the canonical bytes read back give themselves. */
static void
test_valid_fixture (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = halo_status_load (path, &error);
  g_assert_no_error (error);
  if (st == NULL)
    return;
  g_autofree char *canonical_path = companion (path, ".canonical");
  gsize len;
  g_autofree char *want
    = read_file (g_file_test (canonical_path, G_FILE_TEST_EXISTS) ? canonical_path : path, &len);
  g_autoptr (GBytes) out = halo_status_to_bytes (st);
  if (want)
    g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), want, len);

  g_autoptr (HaloJson) st2 = halo_status_parse (g_bytes_get_data (out, NULL),
                                                  g_bytes_get_size (out), "again", &error);
  g_assert_no_error (error);
  if (st2 == NULL)
    return;
  g_autoptr (GBytes) out2 = halo_status_to_bytes (st2);
  g_assert_true (g_bytes_equal (out, out2));
}

static void
test_every_violation_reported (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = parse ("{\"status_type\": \"DEAD\", \"current_stage\": \"E\","
                                     " \"overall_progress_percent\": 50.5,"
                                     " \"stage_progress_percent\": 150,"
                                     " \"last_completed_artifact\": 1, \"current_task\": \"\","
                                     " \"issues\": {}, \"blocking_questions\": [\"q\"],"
                                     " \"next_step\": \"Stage C\", \"extra\": true}",
                                     &error);
  g_assert_null (st);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error == NULL)
    return;
  const char *want[] = {
    "status.json: extra: unknown member",
    "status.json: status_type: must be the string \"LIVE\", not \"DEAD\"",
    "status.json: current_stage: must be one of INIT, READY, A, B, C, D, not \"E\"",
    "status.json: overall_progress_percent: must be an integer from 0 to 100, not 50.5",
    "status.json: stage_progress_percent: must be an integer from 0 to 100, not 150",
    "status.json: last_completed_artifact: must be a string, not 1",
    "status.json: issues: must be an array, not an object",
    "status.json: next_step: must be \"\" while the pipeline is BLOCKED",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    if (strstr (error->message, want[i]) == NULL)
      {
        g_test_message ("missing \"%s\" in:\n%s", want[i], error->message);
        g_test_fail ();
      }
  g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (want));
}

/* The pure validator: "member: rule" strings, nothing else. */
static void
test_validate_pure (void)
{
  g_autoptr (GPtrArray) none = halo_status_validate (NULL);
  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpstr (none->pdata[0], ==, "the top level must be a JSON object, not null");

  g_autoptr (HaloJson) number = halo_json_new_integer (7);
  g_autoptr (GPtrArray) v = halo_status_validate (number);
  g_assert_cmpuint (v->len, ==, 1);
  g_assert_cmpstr (v->pdata[0], ==, "the top level must be a JSON object, not 7");

  g_autoptr (HaloJson) root = halo_status_new_initial ();
  g_autoptr (GPtrArray) ok = halo_status_validate (root);
  g_assert_cmpuint (ok->len, ==, 0);

  /* A state built in memory with a non-finite number in issues is refused. */
  halo_json_array_append (halo_json_object_get (root, "issues"), halo_json_new_double (INFINITY));
  g_autoptr (GPtrArray) inf = halo_status_validate (root);
  g_assert_cmpuint (inf->len, ==, 1);
  g_assert_cmpstr (inf->pdata[0], ==, "issues[0]: a number out of range");
}

static void
test_integral_numbers (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = parse ("{\"status_type\": \"LIVE\", \"current_stage\": \"A\","
                                     " \"overall_progress_percent\": 5e1,"
                                     " \"stage_progress_percent\": 50.0,"
                                     " \"last_completed_artifact\": \"\", \"current_task\": \"\","
                                     " \"issues\": [1.5, 1e2], \"blocking_questions\": [],"
                                     " \"next_step\": \"\"}",
                                     &error);
  g_assert_no_error (error);
  g_autofree char *text = to_text (st);
  g_assert_nonnull (strstr (text, "\"overall_progress_percent\": 50,\n"));
  g_assert_nonnull (strstr (text, "\"stage_progress_percent\": 50,\n"));
  g_assert_nonnull (strstr (text, "    1.5,\n    100\n"));
}

/* The same logical state always gives the same bytes, however it was
 * written or built. */
static void
test_same_state_same_bytes (void)
{
  static const char *const texts[] = {
    canonical_b,
    /* reordered, compact, no final newline */
    "{\"next_step\":\"Open Stage C\",\"issues\":[],\"blocking_questions\":[],"
    "\"current_task\":\"review\",\"last_completed_artifact\":\"build/b.txt\","
    "\"stage_progress_percent\":50,\"overall_progress_percent\":40,"
    "\"current_stage\":\"B\",\"status_type\":\"LIVE\"}",
    /* other numbers for the same integers, escapes for the same characters */
    "{\r\n\t\"status_type\" : \"\\u004cIVE\",\r\n\t\"current_stage\" : \"\\u0042\",\r\n"
    "\t\"overall_progress_percent\" : 4.0e1,\r\n\t\"stage_progress_percent\" : 50.000,\r\n"
    "\t\"last_completed_artifact\" : \"build\\/b.txt\",\r\n\t\"current_task\" : \"revie\\u0077\",\r\n"
    "\t\"issues\" : [ ],\r\n\t\"blocking_questions\" : [\r\n\t],\r\n"
    "\t\"next_step\" : \"Open Stage C\"\r\n}\r\n\r\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) st = parse (texts[i], &error);
      g_assert_no_error (error);
      if (st == NULL)
        continue;
      g_autofree char *text = to_text (st);
      g_assert_cmpstr (text, ==, canonical_b);
    }

  /* Built in memory, members set in another order. */
  g_autoptr (HaloJson) built = halo_json_new_object ();
  halo_json_object_set (built, "next_step", halo_json_new_string ("Open Stage C"));
  halo_json_object_set (built, "blocking_questions", halo_json_new_array ());
  halo_json_object_set (built, "issues", halo_json_new_array ());
  halo_json_object_set (built, "current_task", halo_json_new_string ("review"));
  halo_json_object_set (built, "last_completed_artifact", halo_json_new_string ("build/b.txt"));
  halo_json_object_set (built, "stage_progress_percent", halo_json_new_double (50.0));
  halo_json_object_set (built, "overall_progress_percent", halo_json_new_integer (40));
  halo_json_object_set (built, "current_stage", halo_json_new_string ("B"));
  halo_json_object_set (built, "status_type", halo_json_new_string ("LIVE"));
  g_autofree char *text = to_text (built);
  g_assert_cmpstr (text, ==, canonical_b);
}

static void
test_initial_state (void)
{
  g_autoptr (HaloJson) st = halo_status_new_initial ();
  g_autofree char *text = to_text (st);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"status_type\": \"LIVE\",\n"
                   "  \"current_stage\": \"READY\",\n"
                   "  \"overall_progress_percent\": 0,\n"
                   "  \"stage_progress_percent\": 0,\n"
                   "  \"last_completed_artifact\": \"\",\n"
                   "  \"current_task\": \"\",\n"
                   "  \"issues\": [],\n"
                   "  \"blocking_questions\": [],\n"
                   "  \"next_step\": \"\"\n"
                   "}\n");
  g_assert_cmpint (halo_status_get_stage (st), ==, HALO_STAGE_READY);
  g_assert_cmpstr (halo_status_get_next_step (st), ==, "");
  g_assert_null (halo_status_get_blocking_question (st));
  g_assert_cmpstr (halo_status_members ()[0], ==, "status_type");
  g_assert_cmpstr (halo_status_members ()[8], ==, "next_step");
  g_assert_null (halo_status_members ()[9]);
}

/* Applying a move changes current_stage and stage_progress_percent only. */
static void
test_set_stage (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st
    = parse ("{\"status_type\": \"LIVE\", \"current_stage\": \"B\", \"overall_progress_percent\": 60,"
             " \"stage_progress_percent\": 100, \"last_completed_artifact\": \"x\","
             " \"current_task\": \"t\", \"issues\": [{\"id\": 1}], \"blocking_questions\": [],"
             " \"next_step\": \"Open Stage C\"}",
             &error);
  g_assert_no_error (error);
  g_assert_cmpint (halo_status_get_stage (st), ==, HALO_STAGE_B);
  halo_status_set_stage (st, HALO_STAGE_C);
  g_autofree char *text = to_text (st);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"status_type\": \"LIVE\",\n"
                   "  \"current_stage\": \"C\",\n"
                   "  \"overall_progress_percent\": 60,\n"
                   "  \"stage_progress_percent\": 0,\n"
                   "  \"last_completed_artifact\": \"x\",\n"
                   "  \"current_task\": \"t\",\n"
                   "  \"issues\": [\n"
                   "    {\n"
                   "      \"id\": 1\n"
                   "    }\n"
                   "  ],\n"
                   "  \"blocking_questions\": [],\n"
                   "  \"next_step\": \"Open Stage C\"\n"
                   "}\n");
}

static void
test_blocked (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path
    = g_build_filename (HALO_TESTDATA, "status", "valid", "canonical-blocked.json", NULL);
  g_autoptr (HaloJson) st = halo_status_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (halo_status_get_blocking_question (st), ==, "Which database should Stage D use?");
  g_assert_cmpstr (halo_status_get_next_step (st), ==, "");
}

/* Blank after trimming any Unicode White_Space (as target extraction). */
static void
test_blank_questions (void)
{
  static const struct
  {
    const char *question;
    gboolean valid;
  } cases[] = {
    { "Which?", TRUE },        { " x ", TRUE },          { "\u200b", TRUE },
    { "\u00ad", TRUE },        { "\x01", TRUE },         { "", FALSE },
    { " ", FALSE },            { "\t\n\r", FALSE },      { "\v", FALSE },
    { "\f", FALSE },           { "\xc2\x85", FALSE },      { "\u00a0", FALSE },
    { "\u2003\u3000", FALSE }, { "\u2028\u2029", FALSE }, { "\ufeff", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HaloJson) st = halo_status_new_initial ();
      halo_json_array_append (halo_json_object_get (st, "blocking_questions"),
                              halo_json_new_string (cases[i].question));
      g_autoptr (GPtrArray) v = halo_status_validate (st);
      if ((v->len == 0) != cases[i].valid)
        {
          g_autofree char *esc = g_strescape (cases[i].question, NULL);
          g_test_message ("question \"%s\" should be %s", esc, cases[i].valid ? "valid" : "blank");
          g_test_fail ();
        }
    }
}

static char *
make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("halo-test-status-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

/* A state file of exactly @size bytes: the initial state with a long current_task. */
static char *
state_of_size (gsize size)
{
  g_autoptr (HaloJson) st = halo_status_new_initial ();
  g_autoptr (GBytes) empty = halo_status_to_bytes (st);
  gsize pad = size - g_bytes_get_size (empty);
  g_autofree char *task = g_strnfill (pad, 'x');
  halo_json_object_set (st, "current_task", halo_json_new_string (task));
  char *text = to_text (st);
  g_assert_cmpuint (strlen (text), ==, size);
  return text;
}

/* At most 1 MiB: generated here rather than committed. */
static void
test_size_limit (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  g_autoptr (GError) error = NULL;

  g_autofree char *max = state_of_size (HALO_STATUS_MAX_SIZE);
  g_assert_true (g_file_set_contents (path, max, -1, &error));
  g_autoptr (HaloJson) ok = halo_status_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  g_autofree char *over = state_of_size (HALO_STATUS_MAX_SIZE + 1);
  g_assert_true (g_file_set_contents (path, over, -1, &error));
  g_autoptr (HaloJson) refused = halo_status_load (path, &error);
  g_assert_null (refused);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error)
    {
      /* g_format_size puts a no-break space before the unit. */
      g_autofree char *want
        = g_strdup_printf ("cannot read %s: larger than the limit of 1.0\u00a0MiB", path);
      g_assert_cmpstr (error->message, ==, want);
    }
  remove_temp_dir (dir);
}

/* Saving validates first and names every violation; nothing is written. */
static void
test_save_refuses_invalid (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = halo_status_new_initial ();
  halo_json_object_set (st, "stage_progress_percent", halo_json_new_integer (150));
  halo_json_object_set (st, "status_type", halo_json_new_string ("DEAD"));
  g_assert_false (halo_status_save (path, st, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error)
    {
      g_assert_nonnull (strstr (error->message, "status_type: must be the string \"LIVE\""));
      g_assert_nonnull (strstr (error->message, "stage_progress_percent: must be an integer"));
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_temp_dir (dir);
}

/* save then load: the file holds the canonical bytes, and reads back the same. */
static void
test_save_load (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "status.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = parse (canonical_b, &error);
  g_assert_no_error (error);
  g_assert_true (halo_status_save (path, st, &error));
  g_assert_no_error (error);
  gsize len;
  g_autofree char *data = read_file (path, &len);
  g_assert_cmpstr (data, ==, canonical_b);
  g_autoptr (HaloJson) back = halo_status_load (path, &error);
  g_assert_no_error (error);
  g_autofree char *text = back ? to_text (back) : NULL;
  g_assert_cmpstr (text, ==, canonical_b);
  remove_temp_dir (dir);
}

/* 100 000 nested '[' is refused at once, at the 65th, without a crash. */
static void
test_deep_nesting (void)
{
  static const char *const units[] = { "[", "{\"a\":", "[{\"a\":" };
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      GString *s = g_string_new (NULL);
      for (guint j = 0; j < 100000; j++)
        g_string_append (s, units[i]);
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr (HaloJson) st = halo_status_parse (s->str, s->len, "deep.json", &error);
      gint64 elapsed = g_get_monotonic_time () - start;
      g_string_free (s, TRUE);
      g_assert_null (st);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      if (error)
        {
          g_assert_true (g_str_has_prefix (error->message, "deep.json: line 1, column "));
          g_assert_true (g_str_has_suffix (error->message, ": nesting deeper than 64 levels"));
        }
      /* A figure, not an assertion: make check runs on loaded machines. */
      g_test_message ("%s x 100000 refused in %" G_GINT64_FORMAT " µs", units[i], elapsed);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Register one test per fixture, so each is its own TAP line. */
static guint
add_fixture_tests (const char *kind, GTestDataFunc func)
{
  g_autofree char *dir = g_build_filename (HALO_TESTDATA, "status", kind, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      name = names->pdata[i];
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".json"));
      g_autofree char *test_path = g_strdup_printf ("/status/%s/%s", kind, stem);
      g_test_add_data_func_full (test_path, g_build_filename (dir, name, NULL), func, g_free);
    }
  return names->len;
}

/* The bytes to write are refused past the size limit: no later read could
 * take them.  halo_status_apply says so before anything is written. */
static void
test_serialize_size_limit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) st = halo_status_new_initial ();
  g_autoptr (GBytes) empty = halo_status_to_bytes (st);
  g_autofree char *task = g_strnfill (HALO_STATUS_MAX_SIZE - g_bytes_get_size (empty), 'x');
  halo_json_object_set (st, "current_task", halo_json_new_string (task));
  g_autoptr (GBytes) max = halo_status_serialize (st, "s.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (max ? g_bytes_get_size (max) : 0, ==, HALO_STATUS_MAX_SIZE);
  /* READY -> A writes "A" for "READY": 4 bytes fewer, still fine; one more
   * character in the task and the same state no longer fits. */
  g_autoptr (GBytes) applied = halo_status_apply (st, HALO_STAGE_A, "s.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (applied);
  g_autofree char *longer = g_strconcat (task, "xxxxx", NULL);
  halo_json_object_set (st, "current_task", halo_json_new_string (longer));
  g_autoptr (GBytes) over = halo_status_apply (st, HALO_STAGE_B, "s.json", &error);
  g_assert_null (over);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error)
    g_assert_nonnull (strstr (error->message, "s.json: refusing to write the new state: in canonical form it takes 1.0\u00a0MiB, over the limit of 1.0\u00a0MiB"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/status/every-violation", test_every_violation_reported);
  g_test_add_func ("/status/validate-pure", test_validate_pure);
  g_test_add_func ("/status/integral-numbers", test_integral_numbers);
  g_test_add_func ("/status/same-state-same-bytes", test_same_state_same_bytes);
  g_test_add_func ("/status/initial-state", test_initial_state);
  g_test_add_func ("/status/set-stage", test_set_stage);
  g_test_add_func ("/status/blocked", test_blocked);
  g_test_add_func ("/status/blank-questions", test_blank_questions);
  g_test_add_func ("/status/size-limit", test_size_limit);
  g_test_add_func ("/status/save-refuses-invalid", test_save_refuses_invalid);
  g_test_add_func ("/status/save-load", test_save_load);
  g_test_add_func ("/status/deep-nesting", test_deep_nesting);
  if (add_fixture_tests ("valid", test_valid_fixture) == 0
      || add_fixture_tests ("invalid", test_invalid_fixture) == 0)
    g_error ("no fixtures found under %s/status", HALO_TESTDATA);
  g_test_add_func ("/status/serialize-size-limit", test_serialize_size_limit);
  return g_test_run ();
}
