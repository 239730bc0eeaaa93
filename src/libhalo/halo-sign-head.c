/* halo-sign-head.c: the signed head of the history log, progress/history.head (SPEC §9, §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-history.h"
#include "halo-sign.h"

#define HEAD_MAGIC "halo-history/v1"
#define HEAD_MAX 4096
#define LOCK_WAIT_SECONDS 10.0

static char *
sibling (const char *status_path, const char *name)
{
  g_autofree char *dir = g_path_get_dirname (status_path);
  return g_build_filename (dir, name, NULL);
}

char *
halo_sign_head_path (const char *status_path)
{
  return sibling (status_path, "history.head");
}

/* The number of complete records of the log (halo-history's reading of it),
 * and the SHA-256 of line @want (its "\n" included), @want 0 meaning the last. */
static gboolean
log_records (const char *log_path, guint64 want, guint64 *records, char **line_hash, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_history_read (log_path, &data, &len, error))
    return FALSE;
  *records = halo_history_count_records (data, len);
  guint64 n = want ? want : *records;
  *line_hash = n > 0 ? halo_history_line_hash (data, len, n) : NULL;
  return TRUE;
}

gboolean
halo_sign_history_head (const HaloSecretKey *sk, const char *status_path, guint64 *records,
                        GError **error)
{
  g_autofree char *log_path = halo_history_path (status_path);
  g_autofree char *head_path = halo_sign_head_path (status_path);
  g_autofree char *sig_path = g_strconcat (head_path, ".minisig", NULL);
  /* Under halo-run's lock, so that the log does not move while it is read. */
  int lock = halo_lock_acquire (status_path, LOCK_WAIT_SECONDS, error);
  if (lock < 0)
    return FALSE;
  g_autofree char *hash = NULL;
  gboolean ok = log_records (log_path, 0, records, &hash, error);
  if (ok && *records == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s holds no record to sign"),
                   log_path);
      ok = FALSE;
    }
  g_autofree char *head = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *sig = NULL;
  if (ok)
    {
      head = g_strdup_printf (HEAD_MAGIC "\n%" G_GUINT64_FORMAT "\n%s\n", *records, hash);
      comment = g_strdup_printf ("halo-history seq=%" G_GUINT64_FORMAT " head=%s", *records, hash);
      sig = halo_sign_minisig (sk, head, strlen (head), comment, error);
      ok = sig != NULL && halo_file_replace (head_path, head, strlen (head), error)
           && halo_file_replace (sig_path, sig, strlen (sig), error);
    }
  halo_lock_release (lock);
  return ok;
}

static gboolean head_mismatch (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
head_mismatch (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, HALO_ERROR, HALO_ERROR_MISMATCH, msg);
  return FALSE;
}

gboolean
halo_sign_check_history_head (const char *status_path, const HaloPublicKey *pk,
                              gboolean *signed_head, guint64 *records, GError **error)
{
  g_autofree char *log_path = halo_history_path (status_path);
  g_autofree char *head_path = halo_sign_head_path (status_path);
  *signed_head = FALSE;
  *records = 0;
  if (!g_file_test (head_path, G_FILE_TEST_EXISTS))
    return TRUE;
  *signed_head = TRUE;
  g_autofree char *sig_path = NULL;
  g_autoptr (GBytes) head = NULL;
  g_autoptr (GError) local = NULL;
  if (!halo_sign_check_file (head_path, HEAD_MAX, FALSE, pk, &sig_path, &head, &local))
    return head_mismatch (error, "HEAD-SIG: %s: %s", sig_path, local->message);
  gsize len;
  const char *data = g_bytes_get_data (head, &len);
  g_autofree char *text = g_strndup (data, len);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  char *end = NULL;
  guint64 n = 0;
  if (g_strv_length (lines) != 4 || strcmp (lines[0], HEAD_MAGIC) != 0 || *lines[3] != '\0'
      || !g_ascii_isdigit (*lines[1]) || (n = g_ascii_strtoull (lines[1], &end, 10)) == 0
      || *end != '\0' || strlen (lines[2]) != 64 || !halo_digest_is_hex (lines[2], 64))
    return head_mismatch (error, _ ("HEAD-SIG: %s is signed but not a history head"), head_path);
  g_autofree char *hash = NULL;
  unsigned long long want = n;
  if (!log_records (log_path, n, records, &hash, &local))
    return head_mismatch (error,
                          _ ("TRUNCATED: the signed head covers %llu records, but %s cannot be "
                             "read: %s"),
                          want, log_path, local->message);
  unsigned long long have = *records;
  if (have < want)
    return head_mismatch (error,
                          _ ("TRUNCATED: the signed head covers %llu records, the log holds "
                             "only %llu"),
                          want, have);
  if (g_ascii_strcasecmp (hash, lines[2]) != 0)
    return head_mismatch (error, _ ("REWRITTEN: record %llu differs from the signed head"), want);
  *records = n;
  return TRUE;
}
