/* halo-history-verify.c: walking the log and comparing it with the state (SPEC §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-history.h"
#include "halo-status.h"

void
halo_history_scan_free (HaloHistoryScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->broken_reason);
  if (scan->records == NULL)
    halo_history_record_free (scan->last);
  else
    g_ptr_array_unref (scan->records);
  g_ptr_array_unref (scan->notes);
  g_free (scan);
}

const char *
halo_history_break_name (HaloHistoryBreak b)
{
  static const char *const names[]
    = { "intact", "invalid", "not-canonical", "edited", "removed", "reordered", "forbidden-move" };
  return b <= HALO_HISTORY_BROKEN_FORBIDDEN ? names[b] : NULL;
}

const char *
halo_history_match_name (HaloHistoryStateMatch m)
{
  static const char *const names[]
    = { "exact", "edited", "pending", "not-in-effect", "hand-set", "no-record" };
  return m <= HALO_HISTORY_STATE_NO_RECORD ? names[m] : NULL;
}

HaloStage
halo_history_scan_stage (const HaloHistoryScan *scan)
{
  return scan->last ? scan->last->to : HALO_STAGE_NONE;
}

static void G_GNUC_PRINTF (5, 6) broken (HaloHistoryScan *scan, HaloHistoryBreak kind, guint64 line,
                                         const char *display, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *why = g_strdup_vprintf (format, args);
  va_end (args);
  scan->broken = kind;
  scan->broken_line = line;
  /* TRANSLATORS: "progress/history.jsonl: line 3: edited: ..." */
  scan->broken_reason
    = g_strdup_printf (_ ("%s: line %llu: %s"), display, (unsigned long long) line, why);
}

/* Does any line from @p on hold seq @seq?  Only asked once a log is broken. */
static gboolean
seq_appears_later (const char *p, const char *end, gint64 seq)
{
  g_autofree char *needle = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT ",", seq);
  gsize nlen = strlen (needle);
  for (; p + nlen <= end; p++)
    if (*p == '"' && memcmp (p, needle, nlen) == 0)
      return TRUE;
  return FALSE;
}

/* Check record @r (line @i) against the record before it; FALSE when broken. */
static gboolean
check_link (HaloHistoryScan *scan, const HaloHistoryRecord *r, guint64 i, const char *display)
{
  const HaloHistoryRecord *last = scan->last;
  HaloStage end = halo_history_scan_stage (scan);
  switch (r->op)
    {
    case HALO_HISTORY_OP_INIT:
      if (i != 1 || r->to != HALO_STAGE_READY)
        {
          broken (scan, HALO_HISTORY_BROKEN_INVALID, i, display,
                  _ ("invalid: an init record can only be the first, at stage READY"));
          return FALSE;
        }
      return TRUE;
    case HALO_HISTORY_OP_TRANSITION:
      if (i == 1)
        {
          broken (scan, HALO_HISTORY_BROKEN_REMOVED, i, display,
                  _ ("removed: the log starts with a move, so its first records were removed"));
          return FALSE;
        }
      if (halo_transition_kind (r->from, r->to) == HALO_MOVE_FORBIDDEN)
        {
          broken (scan, HALO_HISTORY_BROKEN_FORBIDDEN, i, display,
                  _ ("a move SPEC §2 forbids: %s -> %s"), halo_stage_name (r->from),
                  halo_stage_name (r->to));
          return FALSE;
        }
      if (r->from != end)
        {
          broken (scan, HALO_HISTORY_BROKEN_EDITED, i, display,
                  _ ("edited: the move starts at %s, but the record before it ended at %s"),
                  halo_stage_name (r->from), halo_stage_name (end));
          return FALSE;
        }
      if (strcmp (r->before, last->after) != 0)
        {
          scan->hand_edits++;
          g_ptr_array_add (scan->notes,
                           g_strdup_printf (_ ("%s: line %llu: the state was "
                                               "edited by hand before this move (%s -> %s)"),
                                            display, (unsigned long long) i,
                                            halo_stage_name (r->from), halo_stage_name (r->to)));
        }
      return TRUE;
    case HALO_HISTORY_OP_ABORT:
      /* An abort as the first record has no move before it to abort. */
      if (last == NULL || last->op != HALO_HISTORY_OP_TRANSITION || r->aborts != last->seq
          || r->from != last->from || r->to != last->from)
        {
          broken (scan, HALO_HISTORY_BROKEN_INVALID, i, display,
                  _ ("invalid: an abort record must follow the move it aborts and stay at "
                     "that move's first stage"));
          return FALSE;
        }
      scan->aborted++;
      g_ptr_array_add (
        scan->notes, g_strdup_printf (_ ("%s: line %llu: the move %s -> %s "
                                         "of record %lld never took effect "
                                         "(aborted)"),
                                      display, (unsigned long long) i, halo_stage_name (last->from),
                                      halo_stage_name (last->to), (long long) last->seq));
      return TRUE;
    case HALO_HISTORY_OP_ADOPT:
      if (r->from != end)
        {
          broken (scan, HALO_HISTORY_BROKEN_EDITED, i, display,
                  _ ("edited: the adopt record starts at %s, but the record before it ended "
                     "at %s"),
                  r->from == HALO_STAGE_NONE ? "null" : halo_stage_name (r->from),
                  end == HALO_STAGE_NONE ? "null" : halo_stage_name (end));
          return FALSE;
        }
      if (r->from == HALO_STAGE_NONE)
        g_ptr_array_add (
          scan->notes, g_strdup_printf (_ ("%s: line %llu: the history "
                                           "started on an existing project at stage %s"),
                                        display, (unsigned long long) i, halo_stage_name (r->to)));
      else
        scan->adopted++;
      if (r->from != HALO_STAGE_NONE)
        g_ptr_array_add (scan->notes,
                         g_strdup_printf (_ ("%s: line %llu: the stage was "
                                             "set by hand from %s to %s (adopted)"),
                                          display, (unsigned long long) i,
                                          halo_stage_name (r->from), halo_stage_name (r->to)));
      return TRUE;
    }
  return TRUE;
}

/* One line @i of @llen bytes at @line (its '\n' follows); FALSE when broken. */
static gboolean
scan_line (HaloHistoryScan *scan, const char *line, gsize llen, guint64 i, const char *end,
           const char *display, GString *buf)
{
  g_autoptr (GError) error = NULL;
  if (llen > HALO_HISTORY_MAX_LINE)
    {
      broken (scan, HALO_HISTORY_BROKEN_INVALID, i, display,
              _ ("invalid: longer than any record HALO writes"));
      return FALSE;
    }
  g_autoptr (HaloHistoryRecord) r = halo_history_parse_line (line, llen, &error);
  if (r == NULL)
    {
      broken (scan, HALO_HISTORY_BROKEN_INVALID, i, display, _ ("invalid: %s"), error->message);
      return FALSE;
    }
  g_string_truncate (buf, 0);
  halo_history_append_line (buf, r);
  if (buf->len != llen + 1 || memcmp (buf->str, line, llen + 1) != 0)
    {
      broken (scan, HALO_HISTORY_BROKEN_NONCANONICAL, i, display,
              _ ("not canonical: the record is not written as HALO writes it (RFC 8785: "
                 "members sorted, no white space)"));
      return FALSE;
    }
  if ((guint64) r->seq != i)
    {
      gboolean reordered = (guint64) r->seq < i || seq_appears_later (line + llen, end, i);
      broken (
        scan, reordered ? HALO_HISTORY_BROKEN_REORDERED : HALO_HISTORY_BROKEN_REMOVED, i, display,
        reordered ? _ ("reordered: it holds seq %lld, not %llu")
                  : _ ("removed: it holds seq %lld, so the record %llu before it was removed"),
        (long long) r->seq, (unsigned long long) i);
      return FALSE;
    }
  if (strcmp (r->prev, scan->last_hash) != 0)
    {
      if (i == 1)
        broken (scan, HALO_HISTORY_BROKEN_EDITED, 1, display,
                _ ("edited: the first record's prev is not 64 zeros"));
      else
        broken (scan, HALO_HISTORY_BROKEN_EDITED, i - 1, display,
                _ ("edited: its SHA-256 is not the prev of the record after it"));
      return FALSE;
    }
  if (!check_link (scan, r, i, display))
    return FALSE;
  g_autofree char *hash = halo_history_hash (line, llen + 1);
  memcpy (scan->last_hash, hash, HALO_HISTORY_HASH_LEN);
  if (scan->records)
    g_ptr_array_add (scan->records, r);
  else
    halo_history_record_free (scan->last);
  scan->last = g_steal_pointer (&r);
  return TRUE;
}

HaloHistoryScan *
halo_history_scan (const char *data, gsize len, const char *display, gboolean keep_records)
{
  HaloHistoryScan *scan = g_new0 (HaloHistoryScan, 1);
  scan->notes = g_ptr_array_new_with_free_func (g_free);
  if (keep_records)
    scan->records = g_ptr_array_new_with_free_func ((GDestroyNotify) halo_history_record_free);
  memset (scan->last_hash, '0', HALO_HISTORY_HASH_LEN);
  g_autoptr (GString) buf = g_string_new (NULL);
  const char *p = data, *end = data + len;
  guint64 i = 0;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      if (nl == NULL)
        {
          scan->torn = end - p;
          g_ptr_array_add (scan->notes,
                           g_strdup_printf (_ ("%s: %zu bytes of a torn record "
                                               "after the last complete line (halo-run cuts "
                                               "them off)"),
                                            display, scan->torn));
          break;
        }
      i++;
      if (!scan_line (scan, p, nl - p, i, end, display, buf))
        break;
      scan->n_records = i;
      scan->length = nl + 1 - data;
      p = nl + 1;
    }
  return scan;
}

HaloHistoryStateMatch
halo_history_match_state (const HaloHistoryScan *scan, const char *state, gsize state_len,
                          HaloStage stage)
{
  const HaloHistoryRecord *last = scan->last;
  if (last == NULL)
    return HALO_HISTORY_STATE_NO_RECORD;
  g_autofree char *hash = halo_history_hash (state, state_len);
  if (strcmp (hash, last->after) == 0)
    return HALO_HISTORY_STATE_EXACT;
  if (last->op == HALO_HISTORY_OP_TRANSITION && stage == last->from)
    {
      if (strcmp (hash, last->before) == 0)
        {
          /* The move is deterministic: redo it and compare (SPEC §9). */
          g_autoptr (HaloJson) status = halo_status_parse (state, state_len, "", NULL);
          g_autoptr (GBytes) redone
            = status ? halo_status_apply (status, last->to, "", NULL) : NULL;
          gsize n = 0;
          const char *bytes = redone ? g_bytes_get_data (redone, &n) : NULL;
          g_autofree char *redone_hash = bytes ? halo_history_hash (bytes, n) : NULL;
          if (redone_hash && strcmp (redone_hash, last->after) == 0)
            return HALO_HISTORY_STATE_PENDING;
        }
      return HALO_HISTORY_STATE_NOT_IN_EFFECT;
    }
  if (stage == halo_history_scan_stage (scan))
    return HALO_HISTORY_STATE_EDITED;
  return HALO_HISTORY_STATE_HAND_SET;
}
