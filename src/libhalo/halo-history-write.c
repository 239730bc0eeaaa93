/* halo-history-write.c: appending to the log before the state's rename, and taking it back (SPEC
 * §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-history.h"

struct _HaloHistoryLog
{
  char *path;
  gboolean exists;
  HaloHistoryScan *scan;
  GString *planned;
  int fd;              /* open for appending, once committed */
  gboolean have_state; /* the state file exists: a new log gets its access */
  struct stat state;
  gboolean created;  /* the commit created the file */
  gsize appended_at; /* the length before the commit appended */
};

void
halo_history_close (HaloHistoryLog *log)
{
  if (log == NULL)
    return;
  if (log->fd >= 0)
    close (log->fd);
  g_free (log->path);
  halo_history_scan_free (log->scan);
  g_string_free (log->planned, TRUE);
  g_free (log);
}

HaloHistoryLog *
halo_history_open (const char *status_path, gboolean for_writing, GError **error)
{
  g_autoptr (HaloHistoryLog) log = g_new0 (HaloHistoryLog, 1);
  (void) for_writing; /* the descriptor for writing is opened by the commit */
  log->fd = -1;
  log->path = halo_history_path (status_path);
  log->planned = g_string_new (NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  struct stat st;
  log->exists = lstat (log->path, &st) == 0 || errno != ENOENT;
  log->have_state = lstat (status_path, &log->state) == 0 && S_ISREG (log->state.st_mode);
  if (log->exists && !halo_history_read (log->path, &data, &len, error))
    return NULL;
  log->scan = halo_history_scan (data ? data : "", len, log->path, FALSE);
  return g_steal_pointer (&log);
}

const HaloHistoryScan *
halo_history_log_scan (const HaloHistoryLog *log)
{
  return log->scan;
}

/* SOURCE_DATE_EPOCH, when set, makes the informational time reproducible. */
static char *
now_utc (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr (GDateTime) t = NULL;
  if (epoch && *epoch)
    {
      char *end = NULL;
      gint64 s = g_ascii_strtoll (epoch, &end, 10);
      if (*end == '\0' && s >= 0)
        t = g_date_time_new_from_unix_utc (s);
    }
  if (t == NULL)
    t = g_date_time_new_now_utc ();
  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

/* Append @r, chained after what is planned so far, to log->planned. */
static void
plan_record (HaloHistoryLog *log, HaloHistoryRecord *r)
{
  g_autofree char *time = now_utc ();
  g_autofree char *prev = NULL;
  const char *start = log->planned->str;
  const char *last_line = NULL;
  for (const char *p = start; *p; p = strchr (p, '\n') + 1)
    last_line = p;
  if (last_line)
    prev = halo_history_hash (last_line, log->planned->str + log->planned->len - last_line);
  else
    prev = g_strdup (log->scan->last_hash);
  r->seq = (gint64) log->scan->n_records + 1
           + (gint64) halo_history_count_records (start, log->planned->len);
  r->prev = prev;
  r->time = time;
  r->tool = (char *) "halo-run " PACKAGE_VERSION;
  halo_history_append_line (log->planned, r);
  r->prev = NULL;
  r->time = NULL;
  r->tool = NULL;
}

const char *
halo_history_plan_move (HaloHistoryLog *log, const char *state, gsize state_len,
                        const HaloDecision *d, const char *step, const char *new_state,
                        gsize new_len, GPtrArray *notes, GError **error)
{
  const HaloHistoryScan *scan = log->scan;
  g_string_truncate (log->planned, 0);
  if (scan->broken != HALO_HISTORY_INTACT)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("%s; refusing to add to a broken history: move it aside (mv %s %s.broken) "
                      "and the next move starts a new one (halo-check -v shows every finding)"),
                   scan->broken_reason, log->path, log->path);
      return NULL;
    }
  g_autofree char *before = halo_history_hash (state, state_len);
  g_autofree char *after = halo_history_hash (new_state, new_len);
  HaloStage end = halo_history_scan_stage (scan);
  const HaloHistoryRecord *last = scan->last;
  HaloHistoryRecord r = { 0 };
  switch (halo_history_match_state (scan, state, state_len, d->from))
    {
    case HALO_HISTORY_STATE_EXACT:
    case HALO_HISTORY_STATE_EDITED:
      break;
    case HALO_HISTORY_STATE_PENDING:
      if (d->to == last->to && strcmp (after, last->after) == 0)
        {
          g_ptr_array_add (notes,
                           g_strdup_printf (_ ("%s: completing the move %s -> %s of "
                                               "record %lld, which an "
                                               "interrupted run logged but did not write"),
                                            log->path, halo_stage_name (last->from),
                                            halo_stage_name (last->to), (long long) last->seq));
          return log->planned->str;
        }
      G_GNUC_FALLTHROUGH;
    case HALO_HISTORY_STATE_NOT_IN_EFFECT:
      r = (HaloHistoryRecord){ .op = HALO_HISTORY_OP_ABORT,
                               .from = d->from,
                               .to = d->from,
                               .before = before,
                               .after = before,
                               .aborts = last->seq };
      plan_record (log, &r);
      g_ptr_array_add (notes, g_strdup_printf (_ ("%s: the move %s -> %s of record %lld never "
                                                  "took effect: recorded it as aborted"),
                                               log->path, halo_stage_name (last->from),
                                               halo_stage_name (last->to), (long long) last->seq));
      break;
    case HALO_HISTORY_STATE_HAND_SET:
      r = (HaloHistoryRecord){
        .op = HALO_HISTORY_OP_ADOPT, .from = end, .to = d->from, .after = before
      };
      plan_record (log, &r);
      g_ptr_array_add (notes, g_strdup_printf (_ ("%s: the stage was set by hand from %s to %s "
                                                  "since the last record: adopted it"),
                                               log->path, halo_stage_name (end),
                                               halo_stage_name (d->from)));
      break;
    case HALO_HISTORY_STATE_NO_RECORD:
      r = (HaloHistoryRecord){
        .op = HALO_HISTORY_OP_ADOPT, .from = HALO_STAGE_NONE, .to = d->from, .after = before
      };
      plan_record (log, &r);
      g_ptr_array_add (notes, g_strdup_printf (_ ("%s: no history yet: started it at stage %s"),
                                               log->path, halo_stage_name (d->from)));
      break;
    }
  r = (HaloHistoryRecord){ .op = HALO_HISTORY_OP_TRANSITION,
                           .from = d->from,
                           .to = d->to,
                           .before = before,
                           .after = after,
                           .step = (char *) step };
  plan_record (log, &r);
  return log->planned->str;
}

const char *
halo_history_plan_init (HaloHistoryLog *log, const char *new_state, gsize new_len, GError **error)
{
  g_string_truncate (log->planned, 0);
  if (log->exists)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("%s already exists: move it aside to start a new history"), log->path);
      return NULL;
    }
  g_autofree char *after = halo_history_hash (new_state, new_len);
  HaloHistoryRecord r = {
    .op = HALO_HISTORY_OP_INIT, .from = HALO_STAGE_NONE, .to = HALO_STAGE_READY, .after = after
  };
  plan_record (log, &r);
  return log->planned->str;
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          errno = EIO; /* no progress and no error: give up rather than loop */
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
sync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return FALSE;
  int rc = fsync (dfd);
  int errsv = errno;
  close (dfd);
  errno = errsv;
  return rc == 0;
}

/* A new log is no more and no less open than the state file beside it: it
 * holds next_step's text, and whoever may move the state must append to it
 * (a shared group).  The group is kept where the caller may give it. */
static gboolean
share_access (HaloHistoryLog *log)
{
  if (log->state.st_gid != getegid ())
    (void) !fchown (log->fd, (uid_t) -1, log->state.st_gid);
  return fchmod (log->fd, log->state.st_mode & 0666) == 0;
}

gboolean
halo_history_commit (HaloHistoryLog *log, GPtrArray *notes, GError **error)
{
  /* TRANSLATORS: the start of "cannot append to progress/history.jsonl: fsync: ..." */
  g_autofree char *what = g_strdup_printf (_ ("cannot append to %s"), log->path);
  int flags = O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  log->fd = open (log->path, flags | (log->exists ? 0 : O_CREAT | O_EXCL), 0666);
  if (log->fd < 0)
    return halo_error_set_errno (error, errno, "%s: open", what);
  log->created = !log->exists;
  struct stat st;
  if (fstat (log->fd, &st) < 0)
    return halo_error_set_errno (error, errno, "%s: fstat", what);
  if (!S_ISREG (st.st_mode) || (gsize) st.st_size != log->scan->length + log->scan->torn)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO, _ ("%s: it changed while it was read"), what);
      return FALSE;
    }
  if (log->scan->torn > 0)
    {
      if (ftruncate (log->fd, log->scan->length) < 0 || fsync (log->fd) < 0)
        return halo_error_set_errno (error, errno, _ ("cannot cut the torn end off %s"), log->path);
      g_ptr_array_add (notes, g_strdup_printf (_ ("%s: cut off %zu bytes of a "
                                                  "torn record after the last complete line"),
                                               log->path, log->scan->torn));
      log->scan->torn = 0;
    }
  log->appended_at = log->scan->length;
  const char *failed = NULL;
  /* Before the first byte is written, so that nobody else reads it first. */
  if (log->created && log->have_state && !share_access (log))
    failed = "fchmod";
  else if (!write_all (log->fd, log->planned->str, log->planned->len))
    failed = "write";
  else if (fsync (log->fd) < 0)
    failed = "fsync";

  else if (log->created && !sync_directory (log->path))
    failed = "fsync";
  if (failed)
    {
      int errsv = errno;
      halo_history_undo (log, NULL);
      /* The name of the failed system call, untranslated: "fsync". */
      return halo_error_set_errno (error, errsv, "%s: %s", what, failed);
    }
  return TRUE;
}

gboolean
halo_history_undo (HaloHistoryLog *log, GError **error)
{
  if (log->fd < 0)
    return TRUE;
  if (log->created)
    {
      close (log->fd);
      log->fd = -1;
      if (unlink (log->path) < 0 || !sync_directory (log->path))
        return halo_error_set_errno (error, errno, _ ("cannot remove %s again"), log->path);
      return TRUE;
    }
  if (ftruncate (log->fd, log->appended_at) < 0 || fsync (log->fd) < 0)
    return halo_error_set_errno (error, errno, _ ("cannot cut %s back to its old length"),
                                 log->path);
  return TRUE;
}
