/* halo-gate-history.c: halo-check's history check and --history table (SPEC §5, §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "halo-fileio.h"
#include "halo-gate.h"
#include "halo-history.h"
#include "halo-status.h"
#include "halo-text.h"

static void
history_fail (HaloGateReport *r, char *line)
{
  r->verdicts[HALO_CHECK_HISTORY] = HALO_VERDICT_FAIL;
  g_ptr_array_add (r->messages[HALO_CHECK_HISTORY], line);
}

/* What the state is, compared with the last record, in words. */
static char *
describe_match (const HaloHistoryScan *scan, HaloHistoryStateMatch m, const char *status_path,
                HaloStage stage)
{
  const HaloHistoryRecord *last = scan->last;
  switch (m)
    {
    case HALO_HISTORY_STATE_EXACT:
      return g_strdup_printf (_ ("%s is exactly what record %lld wrote"), status_path,
                              (long long) last->seq);
    case HALO_HISTORY_STATE_EDITED:
      return g_strdup_printf (_ ("note: %s was edited by hand since record %lld; its stage (%s) "
                                 "is unchanged"),
                              status_path, (long long) last->seq, halo_stage_name (stage));
    case HALO_HISTORY_STATE_PENDING:
      return g_strdup_printf (_ ("note: record %lld (%s -> %s) is logged but %s still holds its "
                                 "input: the next halo-run completes the move"),
                              (long long) last->seq, halo_stage_name (last->from),
                              halo_stage_name (last->to), status_path);
    case HALO_HISTORY_STATE_NOT_IN_EFFECT:
      return g_strdup_printf (_ ("note: record %lld (%s -> %s) never took effect and %s was "
                                 "edited since: the next move records it as aborted"),
                              (long long) last->seq, halo_stage_name (last->from),
                              halo_stage_name (last->to), status_path);
    case HALO_HISTORY_STATE_HAND_SET:
      return g_strdup_printf (_ ("note: the stage was set by hand to %s (the history ends at "
                                 "%s): the next move adopts it"),
                              halo_stage_name (stage), halo_stage_name (last->to));
    case HALO_HISTORY_STATE_NO_RECORD:
      return g_strdup (_ ("note: the log holds no record yet: the next move starts it"));
    }
  return NULL;
}

void
halo_gate_require_history (HaloGateReport *r)
{
  if (r->verdicts[HALO_CHECK_HISTORY] != HALO_VERDICT_SKIP)
    return;
  GPtrArray *msgs = r->messages[HALO_CHECK_HISTORY];
  g_ptr_array_set_size (msgs, 0);
  history_fail (
    r, g_strdup_printf (_ ("no history: %s does not exist (--require-history)"), r->history_path));
}

void
halo_gate_check_history (HaloGateReport *r, const char *status_path)
{
  g_autofree char *path = halo_history_path (status_path);
  GPtrArray *msgs = r->messages[HALO_CHECK_HISTORY];
  r->history_path = g_strdup (path);
  r->verdicts[HALO_CHECK_HISTORY] = HALO_VERDICT_PASS;
  struct stat st;
  if (lstat (path, &st) < 0 && errno == ENOENT)
    {
      r->verdicts[HALO_CHECK_HISTORY] = HALO_VERDICT_SKIP;
      g_ptr_array_add (msgs, g_strdup_printf (_ ("no history: %s does not exist"), path));
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_history_read (path, &data, &len, &error))
    {
      history_fail (r, g_strdup (error->message));
      return;
    }
  r->history = halo_history_scan (data, len, path, TRUE);
  const HaloHistoryScan *scan = r->history;
  if (scan->broken != HALO_HISTORY_INTACT)
    {
      history_fail (r, g_strdup (scan->broken_reason));
      return;
    }
  g_ptr_array_add (msgs,
                   g_strdup_printf (_ ("%s: the chain of its records is intact (records: %llu)"),
                                    path, (unsigned long long) scan->n_records));
  g_autofree char *state = NULL;
  gsize state_len = 0;
  g_autoptr (HaloJson) status = NULL;
  if (halo_file_read_regular (status_path, HALO_STATUS_MAX_SIZE, &state, &state_len, NULL))
    status = halo_status_parse (state, state_len, status_path, NULL);
  if (status == NULL)
    g_ptr_array_add (msgs, g_strdup_printf (_ ("cannot compare it with %s: not a valid state "
                                               "file"),
                                            status_path));
  else
    {
      HaloStage stage = halo_status_get_stage (status);
      r->history_match = halo_history_match_state (scan, state, state_len, stage);
      r->have_history_match = TRUE;
      g_ptr_array_add (msgs, describe_match (scan, r->history_match, status_path, stage));
    }
  if (scan->torn > 0)
    g_ptr_array_add (msgs, g_strdup_printf (_ ("note: %zu bytes of a torn record after the last "
                                               "line: the next move cuts them off"),
                                            scan->torn));
  if (scan->hand_edits > 0)
    g_ptr_array_add (msgs, g_strdup_printf (_ ("note: moves that started from a state edited by "
                                               "hand (next_step, say): %llu"),
                                            (unsigned long long) scan->hand_edits));
  if (scan->adopted > 0)
    g_ptr_array_add (msgs, g_strdup_printf (_ ("note: stages set by hand and adopted: %llu"),
                                            (unsigned long long) scan->adopted));
  if (scan->aborted > 0)
    g_ptr_array_add (msgs, g_strdup_printf (_ ("note: logged moves that never took effect "
                                               "(aborted): %llu"),
                                            (unsigned long long) scan->aborted));
}

char *
halo_gate_history_table (const HaloGateReport *r)
{
  GString *out = g_string_new (NULL);
  if (r->history == NULL || r->history->records == NULL)
    return g_string_free (out, FALSE);
  /* The heading names the members of the log, untranslated as they are. */
  g_string_append_printf (out, "%-6s %-20s %-10s %-15s %s\n", "SEQ", "TIME", "OP", "FROM -> TO",
                          "STEP");
  GPtrArray *recs = r->history->records;
  for (guint i = 0; i < recs->len; i++)
    {
      const HaloHistoryRecord *rec = recs->pdata[i];
      g_autofree char *move = g_strdup_printf (
        "%s -> %s", rec->from == HALO_STAGE_NONE ? "-" : halo_stage_name (rec->from),
        halo_stage_name (rec->to));
      g_string_append_printf (out, "%-6lld %-20s %-10s %-15s ", (long long) rec->seq, rec->time,
                              halo_history_op_name (rec->op), move);
      if (rec->step)
        {
          /* A state string: visible escapes, never raw control characters. */
          g_autofree char *step = halo_text_escape (rec->step);
          g_string_append (out, step);
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static HaloJson *
string_or_null (const char *s)
{
  return s ? halo_json_new_string (s) : halo_json_new_null ();
}

/* One record as a JSON object, the members of the log. */
static HaloJson *
record_json (const HaloHistoryRecord *rec)
{
  HaloJson *o = halo_json_new_object ();
  halo_json_object_set (o, "seq", halo_json_new_integer (rec->seq));
  halo_json_object_set (o, "op", halo_json_new_string (halo_history_op_name (rec->op)));
  halo_json_object_set (o, "from", string_or_null (halo_stage_name (rec->from)));
  halo_json_object_set (o, "to", string_or_null (halo_stage_name (rec->to)));
  halo_json_object_set (o, "step", string_or_null (rec->step));
  halo_json_object_set (o, "time", string_or_null (rec->time));
  halo_json_object_set (o, "tool", string_or_null (rec->tool));
  halo_json_object_set (o, "before", string_or_null (rec->before));
  halo_json_object_set (o, "after", string_or_null (rec->after));
  halo_json_object_set (o, "prev", string_or_null (rec->prev));
  if (rec->op == HALO_HISTORY_OP_ABORT)
    halo_json_object_set (o, "aborts", halo_json_new_integer (rec->aborts));
  halo_json_object_set (o, "v", halo_json_new_integer (1));
  return o;
}

char *
halo_gate_history_table_json (const HaloGateReport *r)
{
  g_autoptr (HaloJson) a = halo_json_new_array ();
  if (r->history && r->history->records)
    for (guint i = 0; i < r->history->records->len; i++)
      halo_json_array_append (a, record_json (r->history->records->pdata[i]));
  GString *out = g_string_new (NULL);
  halo_json_append (out, a, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

HaloJson *
halo_gate_history_details (const HaloGateReport *r)
{
  HaloJson *o = halo_json_new_object ();
  const HaloHistoryScan *scan = r->history;
  halo_json_object_set (o, "log", string_or_null (r->history_path));
  halo_json_object_set (
    o, "records", scan ? halo_json_new_integer ((gint64) scan->n_records) : halo_json_new_null ());
  HaloJson *broken = halo_json_new_null ();
  if (scan && scan->broken != HALO_HISTORY_INTACT)
    {
      halo_json_free (broken);
      broken = halo_json_new_object ();
      halo_json_object_set (broken, "line", halo_json_new_integer ((gint64) scan->broken_line));
      halo_json_object_set (broken, "kind",
                            halo_json_new_string (halo_history_break_name (scan->broken)));
      halo_json_object_set (broken, "message", halo_json_new_string (scan->broken_reason));
    }
  halo_json_object_set (o, "broken", broken);
  halo_json_object_set (
    o, "state",
    string_or_null (r->have_history_match ? halo_history_match_name (r->history_match) : NULL));
  halo_json_object_set (o, "torn_bytes", halo_json_new_integer (scan ? (gint64) scan->torn : 0));
  halo_json_object_set (o, "hand_edits",
                        halo_json_new_integer (scan ? (gint64) scan->hand_edits : 0));
  HaloJson *notes = halo_json_new_array ();
  for (guint i = 0; scan && i < scan->notes->len; i++)
    halo_json_array_append (notes, halo_json_new_string (scan->notes->pdata[i]));
  halo_json_object_set (o, "findings", notes);
  return o;
}
