/* test-history.c: history records, the chain and its verification (SPEC §9), without a file system. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "halo-error.h"
#include "halo-history.h"
#include "halo-status.h"

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* Append a record chained after the lines of @log. */
static void
chain (GString *log, HaloHistoryOp op, HaloStage from, HaloStage to, const char *before,
       const char *after, const char *step)
{
  guint64 n = halo_history_count_records (log->str, log->len);
  g_autofree char *prev = n ? halo_history_line_hash (log->str, log->len, n) : g_strdup (ZEROS);
  HaloHistoryRecord r = { .seq = n + 1, .prev = prev, .op = op, .from = from, .to = to,
                          .before = (char *) before, .after = (char *) after,
                          .step = (char *) step, .time = (char *) "2026-12-07T01:02:03Z",
                          .tool = (char *) "halo-run test", .aborts = op == HALO_HISTORY_OP_ABORT ? n : 0 };
  halo_history_append_line (log, &r);
}

/* init, READY -> A, A -> B, B -> C: four records. */
static GString *
four_records (void)
{
  GString *log = g_string_new (NULL);
  chain (log, HALO_HISTORY_OP_INIT, HALO_STAGE_NONE, HALO_STAGE_READY, NULL, HASH_A, NULL);
  chain (log, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_READY, HALO_STAGE_A, HASH_A, HASH_B,
         "Stage A");
  chain (log, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_A, HALO_STAGE_B, HASH_B, HASH_A,
         "Stage B");
  chain (log, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_B, HALO_STAGE_C, HASH_A, HASH_B,
         "Stage C");
  return log;
}

static void
test_canonical_line (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  HaloHistoryRecord r = { .seq = 7, .prev = (char *) ZEROS, .op = HALO_HISTORY_OP_TRANSITION,
                          .from = HALO_STAGE_B, .to = HALO_STAGE_C, .before = (char *) HASH_A,
                          .after = (char *) HASH_B, .step = (char *) "Stage C \"now\"\n\x01\xc3\xa9",
                          .time = (char *) "2026-12-07T01:02:03Z", .tool = (char *) "halo-run 1.0.0" };
  halo_history_append_line (out, &r);
  g_assert_cmpstr (out->str, ==,
                   "{\"after\":\"" HASH_B "\",\"before\":\"" HASH_A "\",\"from\":\"B\","
                   "\"op\":\"transition\",\"prev\":\"" ZEROS "\",\"seq\":7,"
                   "\"step\":\"Stage C \\\"now\\\"\\n\\u0001\xc3\xa9\","
                   "\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"C\",\"tool\":\"halo-run 1.0.0\","
                   "\"v\":1}\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloHistoryRecord) back = halo_history_parse_line (out->str, out->len - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->step, ==, r.step);
  g_assert_cmpint (back->seq, ==, 7);
  g_assert_cmpint (back->from, ==, HALO_STAGE_B);

  g_string_truncate (out, 0);
  HaloHistoryRecord a = { .seq = 3, .prev = (char *) ZEROS, .op = HALO_HISTORY_OP_ABORT,
                          .from = HALO_STAGE_B, .to = HALO_STAGE_B, .before = (char *) HASH_A,
                          .after = (char *) HASH_A, .time = (char *) "2026-12-07T01:02:03Z",
                          .tool = (char *) "t", .aborts = 2 };
  halo_history_append_line (out, &a);
  g_assert_true (g_str_has_prefix (out->str, "{\"aborts\":2,\"after\":"));
  g_assert_true (strstr (out->str, "\"step\":null") != NULL);
}

static void
test_parse_refuses (void)
{
  static const char *const bad[] = {
    "",
    "[]",
    "{\"v\":1}",
    /* a duplicate member */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1}",
    /* an unknown member */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1,\"x\":0}",
    /* v 2 */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":2}",
    /* seq 0 */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":0,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1}",
    /* an uppercase hash */
    "{\"after\":\"" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1}",
    /* a time that is not UTC */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07 01:02:03\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1}",
    /* a transition without before */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":\"A\",\"op\":\"transition\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":\"x\",\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"B\",\"tool\":\"t\",\"v\":1}",
    /* an unknown op, an unknown stage */
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"jump\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"READY\",\"tool\":\"t\",\"v\":1}",
    "{\"after\":\"" HASH_A "\",\"before\":null,\"from\":null,\"op\":\"init\",\"prev\":\"" ZEROS
    "\",\"seq\":1,\"step\":null,\"time\":\"2026-12-07T01:02:03Z\",\"to\":\"E\",\"tool\":\"t\",\"v\":1}",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloHistoryRecord) r = halo_history_parse_line (bad[i], strlen (bad[i]), &error);
      g_assert_null (r);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
    }
}

static void
test_intact_chain (void)
{
  g_autoptr (GString) log = four_records ();
  g_autoptr (HaloHistoryScan) scan = halo_history_scan (log->str, log->len, "h", TRUE);
  g_assert_cmpint (scan->broken, ==, HALO_HISTORY_INTACT);
  g_assert_cmpuint (scan->n_records, ==, 4);
  g_assert_cmpuint (scan->length, ==, log->len);
  g_assert_cmpuint (scan->torn, ==, 0);
  g_assert_cmpuint (scan->records->len, ==, 4);
  g_assert_cmpint (halo_history_scan_stage (scan), ==, HALO_STAGE_C);
  g_autofree char *h4 = halo_history_line_hash (log->str, log->len, 4);
  g_assert_cmpstr (scan->last_hash, ==, h4);
  g_assert_null (halo_history_line_hash (log->str, log->len, 5));
  /* The prev of record 4 is the SHA-256 of line 3 with its newline. */
  g_autofree char *h3 = halo_history_line_hash (log->str, log->len, 3);
  g_assert_cmpstr (((HaloHistoryRecord *) scan->records->pdata[3])->prev, ==, h3);
  /* Each move's input was what the record before wrote: no hand edit. */
  g_assert_cmpuint (scan->hand_edits, ==, 0);

  /* A torn append: still intact, the tail counted. */
  g_string_append (log, "{\"after\":\"12");
  g_autoptr (HaloHistoryScan) torn = halo_history_scan (log->str, log->len, "h", FALSE);
  g_assert_cmpint (torn->broken, ==, HALO_HISTORY_INTACT);
  g_assert_cmpuint (torn->n_records, ==, 4);
  g_assert_cmpuint (torn->torn, ==, 12);
  g_assert_cmpuint (halo_history_count_records (log->str, log->len), ==, 4);
}

/* Split @log into its lines (each with its '\n'). */
static GPtrArray *
lines_of (const GString *log)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = log->str;
  const char *nl;
  while ((nl = strchr (p, '\n')) != NULL)
    {
      g_ptr_array_add (lines, g_strndup (p, nl + 1 - p));
      p = nl + 1;
    }
  return lines;
}

static GString *
join (GPtrArray *lines)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (s, lines->pdata[i]);
  return s;
}

static void
assert_broken (GString *log, HaloHistoryBreak kind, guint64 line)
{
  g_autoptr (HaloHistoryScan) scan = halo_history_scan (log->str, log->len, "h", FALSE);
  g_assert_cmpstr (halo_history_break_name (scan->broken), ==, halo_history_break_name (kind));
  g_assert_cmpuint (scan->broken_line, ==, line);
  g_assert_nonnull (scan->broken_reason);
  g_autofree char *prefix = g_strdup_printf ("h: line %" G_GUINT64_FORMAT ": ", line);
  g_assert_true (g_str_has_prefix (scan->broken_reason, prefix));
}

static void
test_tampering (void)
{
  g_autoptr (GString) log = four_records ();
  /* A middle record edited, still valid canonical JSON. */
  {
    g_autoptr (GPtrArray) l = lines_of (log);
    char *s = strstr (l->pdata[1], "Stage A");
    s[6] = 'a';
    g_autoptr (GString) t = join (l);
    assert_broken (t, HALO_HISTORY_BROKEN_EDITED, 2);
  }
  /* A middle record removed. */
  {
    g_autoptr (GPtrArray) l = lines_of (log);
    g_ptr_array_remove_index (l, 1);
    g_autoptr (GString) t = join (l);
    assert_broken (t, HALO_HISTORY_BROKEN_REMOVED, 2);
  }
  /* Two records swapped. */
  {
    g_autoptr (GPtrArray) l = lines_of (log);
    gpointer tmp = l->pdata[1];
    l->pdata[1] = l->pdata[2];
    l->pdata[2] = tmp;
    g_autoptr (GString) t = join (l);
    assert_broken (t, HALO_HISTORY_BROKEN_REORDERED, 2);
  }
  /* White space added. */
  {
    g_autoptr (GPtrArray) l = lines_of (log);
    char *old = l->pdata[2];
    l->pdata[2] = g_strconcat ("{ ", old + 1, NULL);
    g_free (old);
    g_autoptr (GString) t = join (l);
    assert_broken (t, HALO_HISTORY_BROKEN_NONCANONICAL, 3);
  }
  /* A forbidden move appended with a correct chain. */
  {
    g_autoptr (GString) t = g_string_new (log->str);
    chain (t, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_C, HALO_STAGE_A, HASH_B, HASH_A, "Stage A");
    assert_broken (t, HALO_HISTORY_BROKEN_FORBIDDEN, 5);
  }
  /* A move that does not start where the record before ended. */
  {
    g_autoptr (GString) t = g_string_new (log->str);
    chain (t, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_A, HALO_STAGE_B, HASH_B, HASH_A, "Stage B");
    assert_broken (t, HALO_HISTORY_BROKEN_EDITED, 5);
  }
  /* Not JSON at all. */
  {
    g_autoptr (GString) t = g_string_new (log->str);
    g_string_append (t, "hello\n");
    assert_broken (t, HALO_HISTORY_BROKEN_INVALID, 5);
  }
  /* An abort as the very first record: it aborts nothing (this crashed). */
  {
    g_autoptr (GString) t = g_string_new (NULL);
    HaloHistoryRecord r = { .seq = 1, .prev = (char *) ZEROS, .op = HALO_HISTORY_OP_ABORT,
                            .from = HALO_STAGE_READY, .to = HALO_STAGE_READY,
                            .before = (char *) HASH_A, .after = (char *) HASH_A,
                            .time = (char *) "2026-12-07T01:02:03Z", .tool = (char *) "t",
                            .aborts = 1 };
    halo_history_append_line (t, &r);
    assert_broken (t, HALO_HISTORY_BROKEN_INVALID, 1);
  }
  /* An abort and an adopt with a correct chain are intact, and noted. */
  {
    g_autoptr (GString) t = g_string_new (log->str);
    chain (t, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_C, HALO_STAGE_D, HASH_A, HASH_B, "Stage D");
    chain (t, HALO_HISTORY_OP_ABORT, HALO_STAGE_C, HALO_STAGE_C, HASH_B, HASH_B, NULL);
    chain (t, HALO_HISTORY_OP_ADOPT, HALO_STAGE_C, HALO_STAGE_A, NULL, HASH_A, NULL);
    g_autoptr (HaloHistoryScan) scan = halo_history_scan (t->str, t->len, "h", FALSE);
    g_assert_cmpint (scan->broken, ==, HALO_HISTORY_INTACT);
    g_assert_cmpuint (scan->n_records, ==, 7);
    g_assert_cmpint (halo_history_scan_stage (scan), ==, HALO_STAGE_A);
    /* the hand edit before record 5 (its input is not record 4's output), the abort, the adopt */
    g_assert_cmpuint (scan->notes->len, ==, 3);
  }
}

static GBytes *
state_at (HaloStage stage, const char *next_step)
{
  g_autoptr (HaloJson) s = halo_status_new_initial ();
  halo_status_set_stage (s, stage);
  halo_json_object_set (s, "next_step", halo_json_new_string (next_step));
  return halo_status_to_bytes (s);
}

static char *
hash_of (GBytes *b)
{
  gsize n;
  const char *d = g_bytes_get_data (b, &n);
  return halo_history_hash (d, n);
}

static void
test_match_state (void)
{
  g_autoptr (GBytes) b = state_at (HALO_STAGE_B, "Stage C");
  g_autoptr (GBytes) c = state_at (HALO_STAGE_C, "Stage C");
  g_autoptr (GBytes) b2 = state_at (HALO_STAGE_B, "Stage C, please");
  g_autoptr (GBytes) c2 = state_at (HALO_STAGE_C, "");
  g_autoptr (GBytes) d = state_at (HALO_STAGE_D, "");
  g_autofree char *hb = hash_of (b);
  g_autofree char *hc = hash_of (c);
  g_autoptr (GString) log = g_string_new (NULL);
  chain (log, HALO_HISTORY_OP_ADOPT, HALO_STAGE_NONE, HALO_STAGE_B, NULL, hb, NULL);
  chain (log, HALO_HISTORY_OP_TRANSITION, HALO_STAGE_B, HALO_STAGE_C, hb, hc, "Stage C");
  g_autoptr (HaloHistoryScan) scan = halo_history_scan (log->str, log->len, "h", FALSE);
  g_assert_cmpint (scan->broken, ==, HALO_HISTORY_INTACT);
  struct { GBytes *state; HaloStage stage; HaloHistoryStateMatch want; } cases[] = {
    { c, HALO_STAGE_C, HALO_HISTORY_STATE_EXACT },
    { c2, HALO_STAGE_C, HALO_HISTORY_STATE_EDITED },
    { b, HALO_STAGE_B, HALO_HISTORY_STATE_PENDING },
    { b2, HALO_STAGE_B, HALO_HISTORY_STATE_NOT_IN_EFFECT },
    { d, HALO_STAGE_D, HALO_HISTORY_STATE_HAND_SET },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize n;
      const char *data = g_bytes_get_data (cases[i].state, &n);
      g_assert_cmpstr (halo_history_match_name (halo_history_match_state (scan, data, n, cases[i].stage)),
                       ==, halo_history_match_name (cases[i].want));
    }
  g_autoptr (HaloHistoryScan) empty = halo_history_scan ("", 0, "h", FALSE);
  gsize n;
  const char *data = g_bytes_get_data (b, &n);
  g_assert_cmpint (halo_history_match_state (empty, data, n, HALO_STAGE_B), ==,
                   HALO_HISTORY_STATE_NO_RECORD);
}

/* A long life: 10 000 moves back and forth, verified in one linear pass. */
static void
test_long_life (void)
{
  g_autoptr (GString) log = g_string_new (NULL);
  g_autoptr (GBytes) b = state_at (HALO_STAGE_B, "Stage C");
  g_autoptr (GBytes) c = state_at (HALO_STAGE_C, "Stage B");
  g_autofree char *hb = hash_of (b);
  g_autofree char *hc = hash_of (c);
  chain (log, HALO_HISTORY_OP_ADOPT, HALO_STAGE_NONE, HALO_STAGE_B, NULL, hb, NULL);
  for (int i = 0; i < 10000; i++)
    {
      /* The chain helper counts lines; keep its cost linear by chaining by hand. */
      gboolean forward = i % 2 == 0;
      g_autofree char *prev = NULL;
      const char *end = log->str + log->len - 1;
      const char *start = end;
      while (start > log->str && start[-1] != '\n')
        start--;
      prev = halo_history_hash (start, end + 1 - start);
      HaloHistoryRecord r = { .seq = i + 2, .prev = prev, .op = HALO_HISTORY_OP_TRANSITION,
                              .from = forward ? HALO_STAGE_B : HALO_STAGE_C,
                              .to = forward ? HALO_STAGE_C : HALO_STAGE_B,
                              .before = forward ? hb : hc, .after = forward ? hc : hb,
                              .step = (char *) (forward ? "Stage C" : "Stage B"),
                              .time = (char *) "2026-12-07T01:02:03Z", .tool = (char *) "t" };
      halo_history_append_line (log, &r);
    }
  g_autoptr (HaloHistoryScan) scan = halo_history_scan (log->str, log->len, "h", FALSE);
  g_assert_cmpint (scan->broken, ==, HALO_HISTORY_INTACT);
  g_assert_cmpuint (scan->n_records, ==, 10001);
  g_assert_cmpuint (scan->hand_edits, ==, 0);
  g_assert_cmpuint (halo_history_count_records (log->str, log->len), ==, 10001);
  gsize n;
  const char *data = g_bytes_get_data (b, &n);
  g_assert_cmpint (halo_history_match_state (scan, data, n, HALO_STAGE_B), ==,
                   HALO_HISTORY_STATE_EXACT);
}

static void
test_path (void)
{
  g_autofree char *a = halo_history_path ("progress/status.json");
  g_autofree char *b = halo_history_path ("status.json");
  g_autofree char *c = halo_history_path ("/x/y/other.json");
  g_assert_cmpstr (a, ==, "progress/history.jsonl");
  g_assert_cmpstr (b, ==, "history.jsonl");
  g_assert_cmpstr (c, ==, "/x/y/history.jsonl");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/history/canonical-line", test_canonical_line);
  g_test_add_func ("/history/parse-refuses", test_parse_refuses);
  g_test_add_func ("/history/intact-chain", test_intact_chain);
  g_test_add_func ("/history/tampering", test_tampering);
  g_test_add_func ("/history/match-state", test_match_state);
  g_test_add_func ("/history/long-life", test_long_life);
  g_test_add_func ("/history/path", test_path);
  return g_test_run ();
}
