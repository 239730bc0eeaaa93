/* halo-history.c: history records: the canonical line, the strict reader, hashes (SPEC §9). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-digest.h"
#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-history.h"

static const char *const op_names[] = { "init", "transition", "abort", "adopt" };

const char *
halo_history_op_name (HaloHistoryOp op)
{
  return op <= HALO_HISTORY_OP_ADOPT ? op_names[op] : NULL;
}

void
halo_history_record_free (HaloHistoryRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->prev);
  g_free (r->before);
  g_free (r->after);
  g_free (r->step);
  g_free (r->time);
  g_free (r->tool);
  g_free (r);
}

char *
halo_history_path (const char *status_path)
{
  g_autofree char *dir = g_path_get_dirname (status_path);
  if (strcmp (dir, ".") == 0 && !g_str_has_prefix (status_path, "./"))
    return g_strdup (HALO_HISTORY_BASENAME);
  return g_build_filename (dir, HALO_HISTORY_BASENAME, NULL);
}

char *
halo_history_hash (const void *data, gsize len)
{
  return halo_digest_data (HALO_DIGEST_SHA256, data, len);
}

static void
append_member (GString *out, const char *name)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  halo_json_append_string (out, name);
  g_string_append_c (out, ':');
}

static void
append_string_or_null (GString *out, const char *name, const char *value)
{
  append_member (out, name);
  if (value)
    halo_json_append_string (out, value);
  else
    g_string_append (out, "null");
}

void
halo_history_append_line (GString *out, const HaloHistoryRecord *r)
{
  /* The members in byte order of their names (RFC 8785, all ASCII). */
  g_string_append_c (out, '{');
  if (r->op == HALO_HISTORY_OP_ABORT)
    {
      append_member (out, "aborts");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, r->aborts);
    }
  append_string_or_null (out, "after", r->after);
  append_string_or_null (out, "before", r->before);
  append_string_or_null (out, "from", halo_stage_name (r->from));
  append_string_or_null (out, "op", halo_history_op_name (r->op));
  append_string_or_null (out, "prev", r->prev);
  append_member (out, "seq");
  g_string_append_printf (out, "%" G_GINT64_FORMAT, r->seq);
  append_string_or_null (out, "step", r->step);
  append_string_or_null (out, "time", r->time);
  append_string_or_null (out, "to", halo_stage_name (r->to));
  append_string_or_null (out, "tool", r->tool);
  append_member (out, "v");
  g_string_append (out, "1}\n");
}

static gboolean
is_lower_hex64 (const char *s)
{
  if (s == NULL || strlen (s) != HALO_HISTORY_HASH_LEN)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM:SSZ" */
static gboolean
is_utc_time (const char *s)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  if (s == NULL || strlen (s) != sizeof pattern - 1)
    return FALSE;
  for (gsize i = 0; pattern[i]; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != pattern[i])
      return FALSE;
  return TRUE;
}

static gboolean G_GNUC_PRINTF (2, 3) bad (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID, what);
  return FALSE;
}

/* @name as a stage (or null when @nullable); FALSE if it is neither. */
static gboolean
get_stage (const HaloJson *o, const char *name, gboolean nullable, HaloStage *out, GError **error)
{
  const HaloJson *v = halo_json_object_get (o, name);
  *out = HALO_STAGE_NONE;
  if (nullable && halo_json_get_type (v) == HALO_JSON_NULL)
    return TRUE;
  *out = halo_stage_from_name (halo_json_get_string (v));
  if (*out == HALO_STAGE_NONE)
    return bad (error, nullable ? _ ("%s: must be a stage or null") : _ ("%s: must be a stage"),
                name);
  return TRUE;
}

static gboolean
get_hash (const HaloJson *o, const char *name, gboolean nullable, char **out, GError **error)
{
  const HaloJson *v = halo_json_object_get (o, name);
  if (nullable && halo_json_get_type (v) == HALO_JSON_NULL)
    return TRUE;
  if (!is_lower_hex64 (halo_json_get_string (v)))
    return bad (error,
                nullable ? _ ("%s: must be a lowercase hex SHA-256 or null")
                         : _ ("%s: must be a lowercase hex SHA-256"),
                name);
  *out = g_strdup (halo_json_get_string (v));
  return TRUE;
}

static gboolean
get_positive (const HaloJson *o, const char *name, gint64 *out, GError **error)
{
  const HaloJson *v = halo_json_object_get (o, name);
  if (halo_json_get_type (v) != HALO_JSON_INTEGER || !halo_json_get_integer (v, out) || *out < 1)
    return bad (error, _ ("%s: must be a positive integer"), name);
  return TRUE;
}

static gboolean
parse_members (const HaloJson *o, HaloHistoryRecord *r, GError **error)
{
  const char *op = halo_json_get_string (halo_json_object_get (o, "op"));
  guint i;
  for (i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (op && strcmp (op, op_names[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (op_names))
    return bad (error, _ ("op: must be init, transition, abort or adopt"));
  r->op = i;
  static const char *const members[]
    = { "after", "before", "from", "op", "prev", "seq", "step", "time", "to", "tool", "v" };
  guint expected = G_N_ELEMENTS (members) + (r->op == HALO_HISTORY_OP_ABORT);
  for (i = 0; i < G_N_ELEMENTS (members); i++)
    if (halo_json_object_get (o, members[i]) == NULL)
      return bad (error, _ ("the member %s is missing"), members[i]);
  if (r->op == HALO_HISTORY_OP_ABORT && halo_json_object_get (o, "aborts") == NULL)
    return bad (error, _ ("the member %s is missing"), "aborts");
  if (halo_json_object_size (o) != expected)
    return bad (error, _ ("unknown members for a record of op %s"), op);
  gint64 v = 0;
  if (!halo_json_get_integer (halo_json_object_get (o, "v"), &v) || v != 1)
    return bad (error, _ ("v: must be 1 (this version of HALO reads no other)"));
  if (!get_positive (o, "seq", &r->seq, error))
    return FALSE;
  if (r->op == HALO_HISTORY_OP_ABORT && !get_positive (o, "aborts", &r->aborts, error))
    return FALSE;
  gboolean init = r->op == HALO_HISTORY_OP_INIT;
  gboolean move = r->op == HALO_HISTORY_OP_TRANSITION;
  if (!get_hash (o, "prev", FALSE, &r->prev, error)
      || !get_stage (o, "from", r->op == HALO_HISTORY_OP_INIT || r->op == HALO_HISTORY_OP_ADOPT,
                     &r->from, error)
      || !get_stage (o, "to", FALSE, &r->to, error)
      || !get_hash (o, "before", !move && r->op != HALO_HISTORY_OP_ABORT, &r->before, error)
      || !get_hash (o, "after", FALSE, &r->after, error))
    return FALSE;
  if (init && r->from != HALO_STAGE_NONE)
    return bad (error, _ ("from: must be null in an init record"));
  if (!move && r->op != HALO_HISTORY_OP_ABORT && r->before != NULL)
    return bad (error, _ ("before: must be null in an %s record"), op);
  const HaloJson *step = halo_json_object_get (o, "step");
  if (move && halo_json_get_string (step) == NULL)
    return bad (error, _ ("step: must be a string"));
  if (!move && halo_json_get_type (step) != HALO_JSON_NULL)
    return bad (error, _ ("step: must be null in an %s record"), op);
  r->step = g_strdup (halo_json_get_string (step));
  r->time = g_strdup (halo_json_get_string (halo_json_object_get (o, "time")));
  if (!is_utc_time (r->time))
    return bad (error, _ ("time: must be UTC as YYYY-MM-DDTHH:MM:SSZ"));
  r->tool = g_strdup (halo_json_get_string (halo_json_object_get (o, "tool")));
  if (r->tool == NULL)
    return bad (error, _ ("tool: must be a string"));
  return TRUE;
}

HaloHistoryRecord *
halo_history_parse_line (const char *line, gsize len, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (HaloJson) o = halo_json_parse (line, len, 2, &local);
  if (o == NULL)
    {
      bad (error, _ ("not JSON: %s"), local->message);
      return NULL;
    }
  if (!halo_json_is_object (o))
    {
      bad (error, _ ("not a JSON object"));
      return NULL;
    }
  g_autoptr (HaloHistoryRecord) r = g_new0 (HaloHistoryRecord, 1);
  if (!parse_members (o, r, error))
    /* scan-build: "potential leak of r" is false: g_autoptr frees it (clang 14's
     * analyzer does not model the cleanup attribute). */
    return NULL;
  return g_steal_pointer (&r);
}

guint64
halo_history_count_records (const char *data, gsize len)
{
  guint64 n = 0;
  for (const char *p = data, *end = data + len; (p = memchr (p, '\n', end - p)) != NULL; p++)
    n++;
  return n;
}

char *
halo_history_line_hash (const char *data, gsize len, guint64 n)
{
  const char *p = data, *end = data + len;
  for (guint64 i = 1; n > 0; i++)
    {
      const char *nl = memchr (p, '\n', end - p);
      if (nl == NULL)
        return NULL;
      if (i == n)
        return halo_history_hash (p, nl + 1 - p);
      p = nl + 1;
    }
  return NULL;
}

gboolean
halo_history_read (const char *log_path, char **data, gsize *len, GError **error)
{
  return halo_file_read_regular (log_path, HALO_HISTORY_MAX_SIZE, data, len, error);
}
