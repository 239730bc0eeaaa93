/* test-status.c: the state file's reader, validator and canonical writer (SPEC §3). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "halo-error.h"
#include "halo-status.h"

static JsonObject *
parse (const char *text, GError **error)
{
  return halo_status_parse (text, strlen (text), "status.json", error);
}

static void
test_canonical_round_trip (void)
{
  g_autofree char *path = g_build_filename (HALO_TESTDATA, "status", "valid", "canonical-b.json", NULL);
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) st = halo_status_parse (data, len, path, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) out = halo_status_to_bytes (st);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), data, len);
}

static void
test_every_violation_reported (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) st = parse ("{\"status_type\": \"DEAD\", \"current_stage\": \"E\","
                                     " \"overall_progress_percent\": 50.5,"
                                     " \"stage_progress_percent\": 150,"
                                     " \"last_completed_artifact\": 1, \"current_task\": \"\","
                                     " \"issues\": {}, \"blocking_questions\": [\"q\"],"
                                     " \"next_step\": \"Stage C\", \"extra\": true}",
                                     &error);
  g_assert_null (st);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
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
}

static void
test_integral_numbers (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) st = parse ("{\"status_type\": \"LIVE\", \"current_stage\": \"A\","
                                     " \"overall_progress_percent\": 5e1,"
                                     " \"stage_progress_percent\": 50.0,"
                                     " \"last_completed_artifact\": \"\", \"current_task\": \"\","
                                     " \"issues\": [1.5, 1e2], \"blocking_questions\": [],"
                                     " \"next_step\": \"\"}",
                                     &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) out = halo_status_to_bytes (st);
  g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (text, "\"overall_progress_percent\": 50,\n"));
  g_assert_nonnull (strstr (text, "\"stage_progress_percent\": 50,\n"));
  g_assert_nonnull (strstr (text, "    1.5,\n    100\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/status/canonical-round-trip", test_canonical_round_trip);
  g_test_add_func ("/status/every-violation", test_every_violation_reported);
  g_test_add_func ("/status/integral-numbers", test_integral_numbers);
  return g_test_run ();
}
