/* halo-status.c: the state file: load, validate, canonical bytes, save (SPEC §3). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-json.h"
#include "halo-runner.h"
#include "halo-status.h"

/* A short description of a JSON value for "..., not VALUE". */
static char *
describe_value (const HaloJson *node)
{
  switch (halo_json_get_type (node))
    {
    case HALO_JSON_NULL:
      return g_strdup ("null");
    case HALO_JSON_ARRAY:
      return g_strdup (_ ("an array"));
    case HALO_JSON_OBJECT:
      return g_strdup (_ ("an object"));
    case HALO_JSON_DOUBLE:
      if (!isfinite (halo_json_get_double (node)))
        return g_strdup (_ ("a number out of range"));
      break;
    case HALO_JSON_BOOLEAN:
    case HALO_JSON_INTEGER:
    case HALO_JSON_STRING:
      break;
    }
  GString *s = g_string_new (NULL);
  const char *str = halo_json_get_string (node);
  if (str != NULL)
    {
      if (g_utf8_strlen (str, -1) > 40)
        {
          g_autofree char *head = g_utf8_substring (str, 0, 40);
          halo_json_append_string (s, head);
          g_string_insert (s, s->len - 1, "…");
        }
      else
        halo_json_append_string (s, str);
    }
  else
    halo_json_append (s, node, 0);
  return g_string_free (s, FALSE);
}

static void G_GNUC_PRINTF (3, 4) add (GPtrArray *v, const char *member, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *rule = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (v, g_strdup_printf ("%s: %s", member, rule));
}

/* Numbers that overflowed to infinity could not be written back (integer
 * literals beyond 64 bits the reader refuses: halo_json_parse_exact). */
static void
check_finite (GPtrArray *v, const char *path, const HaloJson *node)
{
  if (halo_json_get_type (node) == HALO_JSON_DOUBLE)
    {
      if (!isfinite (halo_json_get_double (node)))
        add (v, path, _ ("a number out of range"));
    }
  else if (halo_json_is_array (node))
    {
      for (guint i = 0; i < halo_json_array_length (node); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          check_finite (v, sub, halo_json_array_get (node, i));
        }
    }
  else if (halo_json_is_object (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      json_object_iter_init_ordered (&iter, json_node_get_object ((HaloJson *) node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, name);
          check_finite (v, sub, member);
        }
    }
}

static void
check_percent (GPtrArray *v, const char *name, const HaloJson *node)
{
  gint64 n;
  if (!halo_json_get_integer (node, &n) || n < 0 || n > 100)
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be an integer from 0 to 100, not %s"), what);
    }
}

static void
check_string (GPtrArray *v, const char *name, const HaloJson *node)
{
  if (halo_json_get_string (node) == NULL)
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be a string, not %s"), what);
    }
}

/* Empty or only white space, as target extraction defines it (g_unichar_isspace
 * misses U+000B, U+0085 and U+FEFF). */
static gboolean
is_blank (const char *s)
{
  for (; *s; s = g_utf8_next_char (s))
    if (!halo_unichar_is_space (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static void
check_live (GPtrArray *v, const char *name, const HaloJson *node)
{
  if (g_strcmp0 (halo_json_get_string (node), "LIVE") != 0)
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be the string \"LIVE\", not %s"), what);
    }
}

static void
check_stage (GPtrArray *v, const char *name, const HaloJson *node)
{
  if (halo_json_get_string (node) == NULL
      || halo_stage_from_name (halo_json_get_string (node)) == HALO_STAGE_NONE)
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be one of INIT, READY, A, B, C, D, not %s"), what);
    }
}

static void
check_issues (GPtrArray *v, const char *name, const HaloJson *node)
{
  if (!halo_json_is_array (node))
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be an array, not %s"), what);
    }
  else /* the other members' rules already refuse such a number */
    check_finite (v, name, node);
}

static void
check_blocking (GPtrArray *v, const char *name, const HaloJson *node)
{
  if (!halo_json_is_array (node))
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _ ("must be an array, not %s"), what);
      return;
    }
  guint n = halo_json_array_length (node);
  if (n > 1)
    add (v, name, _ ("must hold at most one question, not %u"), n);
  for (guint i = 0; i < n; i++)
    {
      const HaloJson *q = halo_json_array_get (node, i);
      if (halo_json_get_string (q) == NULL || is_blank (halo_json_get_string (q)))
        {
          g_autofree char *what = describe_value (q);
          g_autofree char *path = g_strdup_printf ("%s[%u]", name, i);
          add (v, path, _ ("must be a question: a string that is not empty, not %s"), what);
        }
    }
}

/* The members of SPEC §3, in their canonical order, each with its rule. */
static const struct
{
  const char *name;
  void (*check) (GPtrArray *v, const char *name, const HaloJson *node);
} member_rules[] = {
  { "status_type", check_live },
  { "current_stage", check_stage },
  { "overall_progress_percent", check_percent },
  { "stage_progress_percent", check_percent },
  { "last_completed_artifact", check_string },
  { "current_task", check_string },
  { "issues", check_issues },
  { "blocking_questions", check_blocking },
  { "next_step", check_string },
};

const char *const *
halo_status_members (void)
{
  static const char *names[G_N_ELEMENTS (member_rules) + 1];
  static gsize done;
  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (member_rules); i++)
        names[i] = member_rules[i].name;
      g_once_init_leave (&done, 1);
    }
  return names;
}

GPtrArray *
halo_status_validate (const HaloJson *root)
{
  const char *const *members = halo_status_members ();
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  if (!halo_json_is_object (root))
    {
      g_autofree char *what = root ? describe_value (root) : g_strdup ("null");
      g_ptr_array_add (v,
                       g_strdup_printf (_ ("the top level must be a JSON object, not %s"), what));
      return v;
    }
  g_autofree char *all = g_strjoinv (", ", (char **) members);
  JsonObjectIter iter;
  const char *found;
  json_object_iter_init_ordered (&iter, json_node_get_object ((HaloJson *) root));
  while (json_object_iter_next_ordered (&iter, &found, NULL))
    if (!g_strv_contains (members, found))
      add (v, found, _ ("unknown member (a state file has exactly these: %s)"), all);

  for (guint i = 0; members[i]; i++)
    {
      const char *name = members[i];
      const HaloJson *node = halo_json_object_get (root, name);
      if (node == NULL)
        {
          add (v, name, _ ("required member is missing"));
          continue;
        }
      member_rules[i].check (v, name, node);
    }

  const HaloJson *bq = halo_json_object_get (root, "blocking_questions");
  const char *ns = halo_json_get_string (halo_json_object_get (root, "next_step"));
  if (halo_json_is_array (bq) && halo_json_array_length (bq) > 0 && ns != NULL && *ns != '\0')
    {
      g_autofree char *what = describe_value (halo_json_object_get (root, "next_step"));
      add (v, "next_step",
           _ ("must be \"\" while the pipeline is BLOCKED (blocking_questions holds a question), "
              "not %s"),
           what);
    }
  return v;
}

HaloJson *
halo_status_parse (const char *data, gsize len, const char *display, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (HaloJson) root = halo_json_parse_exact (data, len, HALO_JSON_MAX_DEPTH, &local);
  if (root == NULL)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, "%s: %s", display, local->message);
      return NULL;
    }
  g_autoptr (GPtrArray) v = halo_status_validate (root);
  if (v->len > 0)
    {
      GString *msg = g_string_new (NULL);
      for (guint i = 0; i < v->len; i++)
        g_string_append_printf (msg, "%s%s: %s", i ? "\n" : "", display,
                                (const char *) v->pdata[i]);
      g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID, msg->str);
      g_string_free (msg, TRUE);
      return NULL;
    }
  return g_steal_pointer (&root);
}

GBytes *
halo_status_to_bytes (const HaloJson *status)
{
  const char *const *members = halo_status_members ();
  GString *out = g_string_new ("{\n");
  for (guint i = 0; members[i]; i++)
    {
      g_string_append (out, "  ");
      halo_json_append_string (out, members[i]);
      g_string_append (out, ": ");
      halo_json_append (out, halo_json_object_get (status, members[i]), 1);
      g_string_append (out, members[i + 1] ? ",\n" : "\n");
    }
  g_string_append (out, "}\n");
  return g_string_free_to_bytes (out);
}

HaloJson *
halo_status_new_initial (void)
{
  HaloJson *o = halo_json_new_object ();
  halo_json_object_set (o, "status_type", halo_json_new_string ("LIVE"));
  halo_json_object_set (o, "current_stage", halo_json_new_string ("READY"));
  halo_json_object_set (o, "overall_progress_percent", halo_json_new_integer (0));
  halo_json_object_set (o, "stage_progress_percent", halo_json_new_integer (0));
  halo_json_object_set (o, "last_completed_artifact", halo_json_new_string (""));
  halo_json_object_set (o, "current_task", halo_json_new_string (""));
  halo_json_object_set (o, "issues", halo_json_new_array ());
  halo_json_object_set (o, "blocking_questions", halo_json_new_array ());
  halo_json_object_set (o, "next_step", halo_json_new_string (""));
  return o;
}

/* The getters below take a valid state (halo_status_validate found nothing). */
HaloStage
halo_status_get_stage (const HaloJson *status)
{
  return halo_stage_from_name (
    halo_json_get_string (halo_json_object_get (status, "current_stage")));
}

const char *
halo_status_get_next_step (const HaloJson *status)
{
  return halo_json_get_string (halo_json_object_get (status, "next_step"));
}

const char *
halo_status_get_blocking_question (const HaloJson *status)
{
  const HaloJson *a = halo_json_object_get (status, "blocking_questions");
  if (!halo_json_is_array (a) || halo_json_array_length (a) == 0)
    return NULL;
  return halo_json_get_string (halo_json_array_get (a, 0));
}

void
halo_status_set_stage (HaloJson *status, HaloStage stage)
{
  halo_json_object_set (status, "current_stage", halo_json_new_string (halo_stage_name (stage)));
  halo_json_object_set (status, "stage_progress_percent", halo_json_new_integer (0));
}

HaloJson *
halo_status_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, HALO_STATUS_MAX_SIZE, &data, &len, error))
    return NULL;
  return halo_status_parse (data, len, path, error);
}

GBytes *
halo_status_serialize (const HaloJson *status, const char *path, GError **error)
{
  g_autoptr (GPtrArray) v = halo_status_validate (status);
  if (v->len > 0)
    {
      g_ptr_array_add (v, NULL);
      g_autofree char *all = g_strjoinv ("; ", (char **) v->pdata);
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("%s: refusing to write an invalid state: %s"), path, all);
      return NULL;
    }
  g_autoptr (GBytes) bytes = halo_status_to_bytes (status);
  if (g_bytes_get_size (bytes) > HALO_STATUS_MAX_SIZE)
    {
      g_autofree char *size
        = g_format_size_full (g_bytes_get_size (bytes), G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (HALO_STATUS_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   /* TRANSLATORS: "progress/status.json: refusing to write the new state:
                    * in canonical form it takes 3.5 MiB, over the limit of 1.0 MiB ..." */
                   _ ("%s: refusing to write the new state: in canonical form it takes %s, over "
                      "the limit of %s, and no later run could read it"),
                   path, size, limit);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

GBytes *
halo_status_apply (HaloJson *status, HaloStage stage, const char *path, GError **error)
{
  halo_status_set_stage (status, stage);
  return halo_status_serialize (status, path, error);
}

gboolean
halo_status_save (const char *path, const HaloJson *status, GError **error)
{
  g_autoptr (GBytes) bytes = halo_status_serialize (status, path, error);
  if (bytes == NULL)
    return FALSE;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return halo_file_replace (path, data, len, error);
}
