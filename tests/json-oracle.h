/* json-oracle.h: json-glib as the reference reader that HALO's JSON reader is
 * compared with (tests/unit/test-json.c, tests/fuzz/fuzz-status.c). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "halo-json.h"

/* Does json-glib's @theirs hold the value of HALO's @ours?  Numbers compare by
 * value, objects whatever their members' order.  One known difference is
 * allowed: json-glib 1.6 wraps an integer beyond 64 bits around
 * (9223372036854775808 reads as its negative) where HALO reads the nearest
 * double, as JavaScript does. */
static inline gboolean
halo_oracle_agrees (const HaloJson *ours, JsonNode *theirs)
{
  switch (json_node_get_node_type (theirs))
    {
    case JSON_NODE_NULL:
      return halo_json_get_type (ours) == HALO_JSON_NULL;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (theirs);
        if (!halo_json_is_array (ours) || halo_json_array_length (ours) != json_array_get_length (a))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (a); i++)
          if (!halo_oracle_agrees (halo_json_array_get (ours, i), json_array_get_element (a, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (theirs);
        if (!halo_json_is_object (ours) || halo_json_object_size (ours) != json_object_get_size (o))
          return FALSE;
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        json_object_iter_init_ordered (&iter, json_node_get_object ((HaloJson *) ours));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            JsonNode *m = json_object_get_member (o, name);
            if (m == NULL || !halo_oracle_agrees (member, m))
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_VALUE:
      break;
    }
  GType t = json_node_get_value_type (theirs);
  if (t == G_TYPE_STRING)
    return g_strcmp0 (halo_json_get_string (ours), json_node_get_string (theirs)) == 0;
  if (t == G_TYPE_BOOLEAN)
    return halo_json_get_type (ours) == HALO_JSON_BOOLEAN
           && halo_json_get_boolean (ours) == json_node_get_boolean (theirs);
  if (t == G_TYPE_INT64)
    {
      gint64 n;
      if (halo_json_get_type (ours) == HALO_JSON_INTEGER)
        return halo_json_get_integer (ours, &n) && n == json_node_get_int (theirs);
      /* The wrap-around: only for numbers HALO read as beyond 64 bits. */
      return halo_json_get_type (ours) == HALO_JSON_DOUBLE
             && fabs (halo_json_get_double (ours)) >= 9223372036854775808.0;
    }
  if (t == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (theirs);
      return halo_json_get_double (ours) == d
             || (!isfinite (d) && !isfinite (halo_json_get_double (ours)));
    }
  return FALSE;
}
