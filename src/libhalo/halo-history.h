/* halo-history.h: the hash-chained transition log, progress/history.jsonl (SPEC §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

#include "halo-json.h"
#include "halo-runner.h"
#include "halo-stage.h"

G_BEGIN_DECLS

#define HALO_HISTORY_BASENAME "history.jsonl"
/* One record copies next_step, which a state under 1 MiB bounds. */
#define HALO_HISTORY_MAX_LINE (2 * 1024 * 1024)
/* The largest log HALO reads (about a million records of realistic size). */
#define HALO_HISTORY_MAX_SIZE ((gsize) 1024 * 1024 * 1024)
#define HALO_HISTORY_HASH_LEN 64

typedef enum
{
  HALO_HISTORY_OP_INIT,
  HALO_HISTORY_OP_TRANSITION,
  HALO_HISTORY_OP_ABORT,
  HALO_HISTORY_OP_ADOPT,
} HaloHistoryOp;

/* One record.  NULL strings and HALO_STAGE_NONE are JSON null. */
typedef struct
{
  gint64 seq;
  char *prev;
  HaloHistoryOp op;
  HaloStage from;
  HaloStage to;
  char *before;
  char *after;
  char *step;
  char *time;
  char *tool;
  gint64 aborts; /* abort records only */
} HaloHistoryRecord;

void halo_history_record_free (HaloHistoryRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloHistoryRecord, halo_history_record_free)

const char *halo_history_op_name (HaloHistoryOp op);

/* The log that belongs to the state file @status_path: history.jsonl in the
 * same directory ("progress/history.jsonl"). */
char *halo_history_path (const char *status_path);

/* The lowercase hex SHA-256 of @len bytes (libgcrypt, initialised on demand). */
char *halo_history_hash (const void *data, gsize len);

/* Append @record's canonical line (RFC 8785: members sorted, no white space,
 * integers only) and its '\n' to @out. */
void halo_history_append_line (GString *out, const HaloHistoryRecord *record);

/* Parse one line (without its '\n') strictly: JSON, then every member of
 * SPEC §9 for its op, no other.  Canonical form is not checked here. */
HaloHistoryRecord *halo_history_parse_line (const char *line, gsize len, GError **error);

/* --- For signatures (SPEC §10): pure functions over the log's bytes --- */

/* The number of complete records (lines ended by '\n'). */
guint64 halo_history_count_records (const char *data, gsize len);
/* The hex SHA-256 of line @n (1-based) including its '\n', or NULL when the
 * log has fewer than @n complete lines. */
char *halo_history_line_hash (const char *data, gsize len, guint64 n);
/* Read the log at @log_path (refusing links and non-regular files). */
gboolean halo_history_read (const char *log_path, char **data, gsize *len, GError **error);

/* --- Verification (halo-history-verify.c) --- */

/* How a log is broken: the kinds SPEC §5 names. */
typedef enum
{
  HALO_HISTORY_INTACT,
  HALO_HISTORY_BROKEN_INVALID,      /* not a record: JSON or members wrong */
  HALO_HISTORY_BROKEN_NONCANONICAL, /* a record, but not in canonical form */
  HALO_HISTORY_BROKEN_EDITED,       /* the chain does not match: edited */
  HALO_HISTORY_BROKEN_REMOVED,      /* seq jumps: records removed */
  HALO_HISTORY_BROKEN_REORDERED,    /* seq out of order */
  HALO_HISTORY_BROKEN_FORBIDDEN,    /* a move §2 forbids */
} HaloHistoryBreak;

/* What the state file is, compared with the last record. */
typedef enum
{
  HALO_HISTORY_STATE_EXACT,         /* the bytes the last record wrote */
  HALO_HISTORY_STATE_EDITED,        /* same stage, other members edited by hand */
  HALO_HISTORY_STATE_PENDING,       /* a logged move not yet written: redo it */
  HALO_HISTORY_STATE_NOT_IN_EFFECT, /* a logged move that never took effect: abort it */
  HALO_HISTORY_STATE_HAND_SET,      /* the stage was set by hand: adopt it */
  HALO_HISTORY_STATE_NO_RECORD,     /* an empty or absent log: adopt the state */
} HaloHistoryStateMatch;

typedef struct
{
  guint64 n_records; /* complete, intact records */
  gsize length;      /* bytes of those records */
  gsize torn;        /* bytes after the last '\n' (a torn append) */
  HaloHistoryBreak broken;
  guint64 broken_line; /* 1-based, when broken */
  char *broken_reason; /* translated: "line 3: ..." */
  HaloHistoryRecord *last;
  char last_hash[HALO_HISTORY_HASH_LEN + 1]; /* of the last line; zeros when none */
  guint64 hand_edits; /* transitions whose input was not what the record before wrote */
  guint64 adopted;    /* adopt records of a stage set by hand */
  guint64 aborted;    /* abort records */
  GPtrArray *notes;   /* translated findings a user may want to see (-v) */
  GPtrArray *records; /* every record, when asked for */
} HaloHistoryScan;

void halo_history_scan_free (HaloHistoryScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloHistoryScan, halo_history_scan_free)

/* Walk @len bytes of a log: each line strict, canonical, seq without gaps,
 * prev chained, each transition allowed and starting where the one before
 * ended.  Stops at the first broken record.  @display names the log in
 * messages.  Linear in @len. */
HaloHistoryScan *halo_history_scan (const char *data, gsize len, const char *display,
                                    gboolean keep_records);

const char *halo_history_break_name (HaloHistoryBreak b); /* "edited" (machine) */

/* Compare the state file's exact bytes @state (a valid state at @stage)
 * with the scan's last record. */
HaloHistoryStateMatch halo_history_match_state (const HaloHistoryScan *scan, const char *state,
                                                gsize state_len, HaloStage stage);
const char *halo_history_match_name (HaloHistoryStateMatch m); /* "exact" (machine) */
/* The stage where the log leaves the pipeline (HALO_STAGE_NONE when empty). */
HaloStage halo_history_scan_stage (const HaloHistoryScan *scan);

/* --- Writing (halo-history-write.c), for halo-run, under the lock --- */

typedef struct _HaloHistoryLog HaloHistoryLog;

/* Open the log beside @status_path (absent is fine) and scan it.  With
 * @for_writing the log stays open for halo_history_commit. */
HaloHistoryLog *halo_history_open (const char *status_path, gboolean for_writing, GError **error);
void halo_history_close (HaloHistoryLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloHistoryLog, halo_history_close)

const HaloHistoryScan *halo_history_log_scan (const HaloHistoryLog *log);

/* Plan the records of a move @decision of the valid state @state (its
 * exact bytes) to @new_state: the abort or adopt record recovery needs, then the
 * transition (none when the move redoes a pending record).  Fails with
 * HALO_ERROR_INVALID when the log is broken, saying how to go on.  @notes
 * receives what the run must say (translated).  The planned lines are kept
 * in @log and returned (for a dry run's -v). */
const char *halo_history_plan_move (HaloHistoryLog *log, const char *state, gsize state_len,
                                    const HaloDecision *decision, const char *step,
                                    const char *new_state, gsize new_len, GPtrArray *notes,
                                    GError **error);
/* Plan the init record of a new state @new_state. */
const char *halo_history_plan_init (HaloHistoryLog *log, const char *new_state, gsize new_len,
                                    GError **error);

/* Cut a torn tail off (noting it in @notes), then append the planned lines
 * with one write and fsync them (and the directory when the log is new). */
gboolean halo_history_commit (HaloHistoryLog *log, GPtrArray *notes, GError **error);
/* Take back what halo_history_commit appended (ftruncate and fsync, or
 * unlink a log it created): the state was not replaced. */
gboolean halo_history_undo (HaloHistoryLog *log, GError **error);

G_END_DECLS
