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

static const char *const members[] = {
  "status_type",
  "current_stage",
  "overall_progress_percent",
  "stage_progress_percent",
  "last_completed_artifact",
  "current_task",
  "issues",
  "blocking_questions",
  "next_step",
  NULL,
};

const char *const *
halo_status_members (void)
{
  return members;
}

/* A short description of a JSON value for "..., not VALUE". */
static char *
describe_value (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_ARRAY:
      return g_strdup (_("an array"));
    case JSON_NODE_OBJECT:
      return g_strdup (_("an object"));
    case JSON_NODE_VALUE:
      break;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node)))
    return g_strdup (_("a number out of range"));
  GString *s = g_string_new (NULL);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);
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

static void G_GNUC_PRINTF (3, 4)
add (GPtrArray *v, const char *member, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *rule = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (v, g_strdup_printf ("%s: %s", member, rule));
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Numbers that overflowed to infinity could not be written back. */
static void
check_finite (GPtrArray *v, const char *path, JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      if (!isfinite (json_node_get_double (node)))
        add (v, path, _("a number out of range"));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          check_finite (v, sub, json_array_get_element (a, i));
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (o);
      for (GList *l = names; l; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (const char *) l->data);
          check_finite (v, sub, json_object_get_member (o, l->data));
        }
    }
}

static void
check_percent (GPtrArray *v, const char *name, JsonNode *node)
{
  gint64 n;
  if (!halo_json_get_integer (node, &n) || n < 0 || n > 100)
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _("must be an integer from 0 to 100, not %s"), what);
    }
}

static void
check_string (GPtrArray *v, const char *name, JsonNode *node)
{
  if (!is_string (node))
    {
      g_autofree char *what = describe_value (node);
      add (v, name, _("must be a string, not %s"), what);
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
check_blocking (GPtrArray *v, JsonNode *node)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *what = describe_value (node);
      add (v, "blocking_questions", _("must be an array, not %s"), what);
      return;
    }
  JsonArray *a = json_node_get_array (node);
  guint n = json_array_get_length (a);
  if (n > 1)
    add (v, "blocking_questions", _("must hold at most one question, not %u"), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *q = json_array_get_element (a, i);
      if (!is_string (q) || is_blank (json_node_get_string (q)))
        {
          g_autofree char *what = describe_value (q);
          g_autofree char *path = g_strdup_printf ("blocking_questions[%u]", i);
          add (v, path, _("must be a question: a string that is not empty, not %s"), what);
        }
    }
}

GPtrArray *
halo_status_validate (JsonNode *root)
{
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *what = root ? describe_value (root) : g_strdup ("null");
      g_ptr_array_add (v, g_strdup_printf (_("the top level must be a JSON object, not %s"), what));
      return v;
    }
  JsonObject *o = json_node_get_object (root);

  g_autoptr (GList) names = json_object_get_members (o);
  for (GList *l = names; l; l = l->next)
    if (!g_strv_contains (members, l->data))
      add (v, l->data, _("unknown member (a state file has exactly these: %s)"),
           "status_type, current_stage, overall_progress_percent, stage_progress_percent, "
           "last_completed_artifact, current_task, issues, blocking_questions, next_step");

  for (guint i = 0; members[i]; i++)
    {
      const char *name = members[i];
      JsonNode *node = json_object_get_member (o, name);
      if (node == NULL)
        {
          add (v, name, _("required member is missing"));
          continue;
        }
      switch (i)
        {
        case 0:
          if (!is_string (node) || strcmp (json_node_get_string (node), "LIVE") != 0)
            {
              g_autofree char *what = describe_value (node);
              add (v, name, _("must be the string \"LIVE\", not %s"), what);
            }
          break;
        case 1:
          if (!is_string (node)
              || halo_stage_from_name (json_node_get_string (node)) == HALO_STAGE_NONE)
            {
              g_autofree char *what = describe_value (node);
              add (v, name, _("must be one of INIT, READY, A, B, C, D, not %s"), what);
            }
          break;
        case 2:
        case 3:
          check_percent (v, name, node);
          break;
        case 4:
        case 5:
        case 8:
          check_string (v, name, node);
          break;
        case 6:
          if (!JSON_NODE_HOLDS_ARRAY (node))
            {
              g_autofree char *what = describe_value (node);
              add (v, name, _("must be an array, not %s"), what);
            }
          else /* the other members' rules already refuse an overflowed number */
            check_finite (v, name, node);
          break;
        case 7:
          check_blocking (v, node);
          break;
        }
    }

  JsonNode *bq = json_object_get_member (o, "blocking_questions");
  JsonNode *ns = json_object_get_member (o, "next_step");
  if (bq && JSON_NODE_HOLDS_ARRAY (bq) && json_array_get_length (json_node_get_array (bq)) > 0
      && ns && is_string (ns) && *json_node_get_string (ns) != '\0')
    {
      g_autofree char *what = describe_value (ns);
      add (v, "next_step",
           _("must be \"\" while the pipeline is BLOCKED (blocking_questions holds a question), "
             "not %s"),
           what);
    }
  return v;
}

JsonObject *
halo_status_parse (const char *data, gsize len, const char *display, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = halo_json_parse (data, len, HALO_JSON_MAX_DEPTH, &local);
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
  return json_object_ref (json_node_get_object (root));
}

GBytes *
halo_status_to_bytes (JsonObject *status)
{
  GString *out = g_string_new ("{\n");
  for (guint i = 0; members[i]; i++)
    {
      g_string_append (out, "  ");
      halo_json_append_string (out, members[i]);
      g_string_append (out, ": ");
      halo_json_append (out, json_object_get_member (status, members[i]), 1);
      g_string_append (out, members[i + 1] ? ",\n" : "\n");
    }
  g_string_append (out, "}\n");
  return g_string_free_to_bytes (out);
}

JsonObject *
halo_status_new_initial (void)
{
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "status_type", "LIVE");
  json_object_set_string_member (o, "current_stage", "READY");
  json_object_set_int_member (o, "overall_progress_percent", 0);
  json_object_set_int_member (o, "stage_progress_percent", 0);
  json_object_set_string_member (o, "last_completed_artifact", "");
  json_object_set_string_member (o, "current_task", "");
  json_object_set_array_member (o, "issues", json_array_new ());
  json_object_set_array_member (o, "blocking_questions", json_array_new ());
  json_object_set_string_member (o, "next_step", "");
  return o;
}

HaloStage
halo_status_get_stage (JsonObject *status)
{
  return halo_stage_from_name (json_object_get_string_member (status, "current_stage"));
}

const char *
halo_status_get_next_step (JsonObject *status)
{
  return json_object_get_string_member (status, "next_step");
}

const char *
halo_status_get_blocking_question (JsonObject *status)
{
  JsonArray *a = json_object_get_array_member (status, "blocking_questions");
  if (json_array_get_length (a) == 0)
    return NULL;
  return json_array_get_string_element (a, 0);
}

void
halo_status_set_stage (JsonObject *status, HaloStage stage)
{
  json_object_set_string_member (status, "current_stage", halo_stage_name (stage));
  json_object_set_int_member (status, "stage_progress_percent", 0);
}

JsonObject *
halo_status_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, HALO_STATUS_MAX_SIZE, &data, &len, error))
    return NULL;
  return halo_status_parse (data, len, path, error);
}

gboolean
halo_status_save (const char *path, JsonObject *status, GError **error)
{
  g_autoptr (JsonNode) root = json_node_init_object (json_node_alloc (), status);
  g_autoptr (GPtrArray) v = halo_status_validate (root);
  if (v->len > 0)
    {
      g_ptr_array_add (v, NULL);
      g_autofree char *all = g_strjoinv ("; ", (char **) v->pdata);
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _("%s: refusing to write an invalid state: %s"),
                   path, all);
      return FALSE;
    }
  g_autoptr (GBytes) bytes = halo_status_to_bytes (status);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return halo_file_replace (path, data, len, error);
}
