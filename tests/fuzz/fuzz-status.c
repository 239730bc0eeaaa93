/* fuzz-status.c: libFuzzer harness of the state file: parse, validate, canonical bytes,
 * the round trip parse → bytes → parse, and the runner's decision on a valid state. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "halo-error.h"
#include "halo-runner.h"
#include "halo-status.h"
#include "json-oracle.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init_once ();
  if (size > HALO_STATUS_MAX_SIZE)
    return 0; /* halo_status_load refuses it before parsing */

  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) status = halo_status_parse ((const char *) data, size, "fuzz", &error);
  if (status == NULL)
    {
      FUZZ_ASSERT (error != NULL && error->domain == HALO_ERROR
                     && error->code == HALO_ERROR_INVALID && error->message[0] != '\0',
                   "a refusal without a proper HALO_ERROR_INVALID");
      return 0;
    }
  FUZZ_ASSERT (error == NULL, "success with an error set");

  /* json-glib, the reference reader, reads the same value.  (Safe to ask:
   * HALO accepted the text, so it nests 64 levels at most.) */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) oracle_error = NULL;
  FUZZ_ASSERT (json_parser_load_from_data (parser, (const char *) data, (gssize) size, &oracle_error),
               "json-glib refuses what HALO accepts: %s", oracle_error->message);
  FUZZ_ASSERT (halo_oracle_agrees (status, json_parser_get_root (parser)),
               "json-glib reads another value");

  /* load → save → load: the same state and the same bytes. */
  g_autoptr (GBytes) bytes = halo_status_to_bytes (status);
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  FUZZ_ASSERT (len > 0 && text[len - 1] == '\n', "canonical bytes without a trailing newline");
  g_autoptr (HaloJson) again = halo_status_parse (text, len, "fuzz", &error);
  FUZZ_ASSERT (again != NULL, "the canonical bytes do not load again: %s\n%.*s",
               error ? error->message : "?", (int) len, text);
  FUZZ_ASSERT (halo_json_equal (status, again), "the state changed in the round trip");
  g_autoptr (GBytes) bytes2 = halo_status_to_bytes (again);
  FUZZ_ASSERT (g_bytes_equal (bytes, bytes2), "the canonical bytes changed in the round trip");

  /* What halo-run decides, and the state it would write. */
  HaloStage stage = halo_status_get_stage (status);
  FUZZ_ASSERT (stage != HALO_STAGE_NONE, "a valid state without a stage");
  const char *question = halo_status_get_blocking_question (status);
  const char *next_step = halo_status_get_next_step (status);
  FUZZ_ASSERT (question == NULL || next_step[0] == '\0', "BLOCKED with a next_step");
  HaloDecision d = halo_runner_decide (stage, next_step);
  g_autofree char *message = halo_decision_describe (&d, question);
  FUZZ_ASSERT (message != NULL, "no description of the decision");
  if (d.outcome == HALO_OUTCOME_APPLY)
    {
      halo_status_set_stage (again, d.to);
      g_autoptr (GPtrArray) v = halo_status_validate (again);
      FUZZ_ASSERT (v->len == 0, "the applied state is invalid: %s",
                   (const char *) v->pdata[0]);
      FUZZ_ASSERT (halo_status_get_stage (again) == d.to, "the stage was not set");
    }
  return 0;
}
