/* halo-json-access.c: the accessors json-glib does not spell (the reader is
 * halo-json.c, the writer halo-json-write.c). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "halo-json.h"

/* The accessors json-glib does not spell: which kind of value a node holds,
 * numbers as integers when their value is integral, equality by value. */

HaloJsonType
halo_json_get_type (const HaloJson *value)
{
  HaloJson *node = (HaloJson *) value;
  if (node == NULL)
    return HALO_JSON_NULL;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return HALO_JSON_OBJECT;
    case JSON_NODE_ARRAY:
      return HALO_JSON_ARRAY;
    case JSON_NODE_NULL:
      return HALO_JSON_NULL;
    case JSON_NODE_VALUE:
      break;
    }
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    return HALO_JSON_INTEGER;
  if (t == G_TYPE_DOUBLE)
    return HALO_JSON_DOUBLE;
  if (t == G_TYPE_BOOLEAN)
    return HALO_JSON_BOOLEAN;
  return HALO_JSON_STRING;
}

double
halo_json_get_double (const HaloJson *value)
{
  switch (halo_json_get_type (value))
    {
    case HALO_JSON_INTEGER:
      return (double) json_node_get_int ((HaloJson *) value);
    case HALO_JSON_DOUBLE:
      return json_node_get_double ((HaloJson *) value);
    default:
      return NAN;
    }
}

gboolean
halo_json_get_integer (const HaloJson *value, gint64 *out)
{
  HaloJsonType type = halo_json_get_type (value);
  if (type == HALO_JSON_INTEGER)
    {
      *out = json_node_get_int ((HaloJson *) value);
      return TRUE;
    }
  if (type != HALO_JSON_DOUBLE)
    return FALSE;
  double d = json_node_get_double ((HaloJson *) value);
  /* -2^63 is exact as a double; 2^63 is the first value past the range. */
  if (!isfinite (d) || d != floor (d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
    return FALSE;
  *out = (gint64) d;
  return TRUE;
}

static gboolean
is_number (HaloJsonType t)
{
  return t == HALO_JSON_INTEGER || t == HALO_JSON_DOUBLE;
}

gboolean
halo_json_equal (const HaloJson *a, const HaloJson *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  HaloJsonType ta = halo_json_get_type (a), tb = halo_json_get_type (b);
  /* 50 and 50.0 (or "-0" and "-0.0") are the same number; json_node_equal
   * tells integers and doubles apart. */
  if (is_number (ta) && is_number (tb))
    {
      if (ta == HALO_JSON_INTEGER && tb == HALO_JSON_INTEGER)
        return json_node_get_int ((HaloJson *) a) == json_node_get_int ((HaloJson *) b);
      return halo_json_get_double (a) == halo_json_get_double (b);
    }
  if (ta != tb)
    return FALSE;
  switch (ta)
    {
    case HALO_JSON_ARRAY:
      {
        guint n = halo_json_array_length (a);
        if (n != halo_json_array_length (b))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!halo_json_equal (halo_json_array_get (a, i), halo_json_array_get (b, i)))
            return FALSE;
        return TRUE;
      }
    case HALO_JSON_OBJECT:
      {
        if (halo_json_object_size (a) != halo_json_object_size (b))
          return FALSE;
        /* Names are unique, so same size and every member of a in b suffices. */
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        json_object_iter_init (&iter, json_node_get_object ((HaloJson *) a));
        while (json_object_iter_next (&iter, &name, &member))
          if (!halo_json_equal (member, halo_json_object_get (b, name)))
            return FALSE;
        return TRUE;
      }
    default:
      return json_node_equal (a, b);
    }
}
