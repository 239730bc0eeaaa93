/* halo-json-value.c: the JSON value tree that the reader builds and the writer writes. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "halo-json.h"

typedef struct
{
  char *name;
  HaloJson *value;
} Member;

struct _HaloJson
{
  HaloJsonType type;
  union
  {
    gboolean boolean;
    gint64 integer;
    double number;
    char *string;
    GPtrArray *array; /* of HaloJson *, owned */
    struct
    {
      GArray *members;    /* of Member, in insertion order */
      GHashTable *index;  /* name → position + 1; built once an object grows past a few */
    } object;
  } u;
};

/* Below this many members a linear search beats hashing. */
#define INDEX_THRESHOLD 8

static HaloJson *
new_value (HaloJsonType type)
{
  HaloJson *v = g_new0 (HaloJson, 1);
  v->type = type;
  return v;
}

HaloJson *
halo_json_new_null (void)
{
  return new_value (HALO_JSON_NULL);
}

HaloJson *
halo_json_new_boolean (gboolean value)
{
  HaloJson *v = new_value (HALO_JSON_BOOLEAN);
  v->u.boolean = !!value;
  return v;
}

HaloJson *
halo_json_new_integer (gint64 value)
{
  HaloJson *v = new_value (HALO_JSON_INTEGER);
  v->u.integer = value;
  return v;
}

HaloJson *
halo_json_new_double (double value)
{
  HaloJson *v = new_value (HALO_JSON_DOUBLE);
  v->u.number = value;
  return v;
}

HaloJson *
halo_json_new_string_take (char *value)
{
  HaloJson *v = new_value (HALO_JSON_STRING);
  v->u.string = value;
  return v;
}

HaloJson *
halo_json_new_string (const char *value)
{
  return halo_json_new_string_take (g_strdup (value));
}

HaloJson *
halo_json_new_array (void)
{
  HaloJson *v = new_value (HALO_JSON_ARRAY);
  v->u.array = g_ptr_array_new_with_free_func ((GDestroyNotify) halo_json_free);
  return v;
}

static void
clear_member (gpointer p)
{
  Member *m = p;
  g_free (m->name);
  halo_json_free (m->value);
}

HaloJson *
halo_json_new_object (void)
{
  HaloJson *v = new_value (HALO_JSON_OBJECT);
  v->u.object.members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_array_set_clear_func (v->u.object.members, clear_member);
  return v;
}

void
halo_json_free (HaloJson *value)
{
  if (value == NULL)
    return;
  switch (value->type)
    {
    case HALO_JSON_STRING:
      g_free (value->u.string);
      break;
    case HALO_JSON_ARRAY:
      g_ptr_array_unref (value->u.array);
      break;
    case HALO_JSON_OBJECT:
      if (value->u.object.index)
        g_hash_table_unref (value->u.object.index);
      g_array_unref (value->u.object.members);
      break;
    case HALO_JSON_NULL:
    case HALO_JSON_BOOLEAN:
    case HALO_JSON_INTEGER:
    case HALO_JSON_DOUBLE:
      break;
    }
  g_free (value);
}

HaloJsonType
halo_json_get_type (const HaloJson *value)
{
  return value->type;
}

gboolean
halo_json_is_object (const HaloJson *value)
{
  return value != NULL && value->type == HALO_JSON_OBJECT;
}

gboolean
halo_json_is_array (const HaloJson *value)
{
  return value != NULL && value->type == HALO_JSON_ARRAY;
}

const char *
halo_json_get_string (const HaloJson *value)
{
  return value != NULL && value->type == HALO_JSON_STRING ? value->u.string : NULL;
}

gboolean
halo_json_get_boolean (const HaloJson *value)
{
  return value != NULL && value->type == HALO_JSON_BOOLEAN && value->u.boolean;
}

double
halo_json_get_double (const HaloJson *value)
{
  if (value != NULL && value->type == HALO_JSON_INTEGER)
    return (double) value->u.integer;
  if (value != NULL && value->type == HALO_JSON_DOUBLE)
    return value->u.number;
  return NAN;
}

gboolean
halo_json_get_integer (const HaloJson *value, gint64 *out)
{
  if (value == NULL)
    return FALSE;
  if (value->type == HALO_JSON_INTEGER)
    {
      *out = value->u.integer;
      return TRUE;
    }
  if (value->type == HALO_JSON_DOUBLE)
    {
      double d = value->u.number;
      if (isfinite (d) && d == floor (d) && fabs (d) < 9007199254740992.0)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

guint
halo_json_array_length (const HaloJson *array)
{
  g_return_val_if_fail (halo_json_is_array (array), 0);
  return array->u.array->len;
}

HaloJson *
halo_json_array_get (const HaloJson *array, guint index)
{
  g_return_val_if_fail (halo_json_is_array (array), NULL);
  g_return_val_if_fail (index < array->u.array->len, NULL);
  return array->u.array->pdata[index];
}

void
halo_json_array_append (HaloJson *array, HaloJson *element)
{
  g_return_if_fail (halo_json_is_array (array) && element != NULL);
  g_ptr_array_add (array->u.array, element);
}

guint
halo_json_object_size (const HaloJson *object)
{
  g_return_val_if_fail (halo_json_is_object (object), 0);
  return object->u.object.members->len;
}

static Member *
member_at (const HaloJson *object, guint index)
{
  return &g_array_index (object->u.object.members, Member, index);
}

const char *
halo_json_object_name (const HaloJson *object, guint index)
{
  g_return_val_if_fail (halo_json_is_object (object), NULL);
  g_return_val_if_fail (index < object->u.object.members->len, NULL);
  return member_at (object, index)->name;
}

HaloJson *
halo_json_object_value (const HaloJson *object, guint index)
{
  g_return_val_if_fail (halo_json_is_object (object), NULL);
  g_return_val_if_fail (index < object->u.object.members->len, NULL);
  return member_at (object, index)->value;
}

/* The member's position + 1, or 0. */
static guint
find (const HaloJson *object, const char *name)
{
  GArray *members = object->u.object.members;
  if (object->u.object.index)
    return GPOINTER_TO_UINT (g_hash_table_lookup (object->u.object.index, name));
  for (guint i = 0; i < members->len; i++)
    if (strcmp (g_array_index (members, Member, i).name, name) == 0)
      return i + 1;
  return 0;
}

HaloJson *
halo_json_object_get (const HaloJson *object, const char *name)
{
  g_return_val_if_fail (halo_json_is_object (object), NULL);
  guint pos = find (object, name);
  return pos ? member_at (object, pos - 1)->value : NULL;
}

void
halo_json_object_set (HaloJson *object, const char *name, HaloJson *member_value)
{
  g_return_if_fail (halo_json_is_object (object) && name != NULL && member_value != NULL);
  guint pos = find (object, name);
  if (pos)
    {
      Member *m = member_at (object, pos - 1);
      halo_json_free (m->value);
      m->value = member_value;
      return;
    }
  GArray *members = object->u.object.members;
  Member m = { g_strdup (name), member_value };
  g_array_append_val (members, m);
  if (object->u.object.index)
    g_hash_table_insert (object->u.object.index, m.name, GUINT_TO_POINTER (members->len));
  else if (members->len > INDEX_THRESHOLD)
    {
      /* The names belong to the members: the table neither copies nor frees them. */
      object->u.object.index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < members->len; i++)
        g_hash_table_insert (object->u.object.index, g_array_index (members, Member, i).name,
                             GUINT_TO_POINTER (i + 1));
    }
}

static gboolean
is_number (const HaloJson *v)
{
  return v->type == HALO_JSON_INTEGER || v->type == HALO_JSON_DOUBLE;
}

gboolean
halo_json_equal (const HaloJson *a, const HaloJson *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  /* 50 and 50.0 (or "-0" and "-0.0") are the same number. */
  if (is_number (a) && is_number (b))
    {
      if (a->type == HALO_JSON_INTEGER && b->type == HALO_JSON_INTEGER)
        return a->u.integer == b->u.integer;
      return halo_json_get_double (a) == halo_json_get_double (b);
    }
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case HALO_JSON_NULL:
      return TRUE;
    case HALO_JSON_BOOLEAN:
      return a->u.boolean == b->u.boolean;
    case HALO_JSON_STRING:
      return strcmp (a->u.string, b->u.string) == 0;
    case HALO_JSON_ARRAY:
      if (a->u.array->len != b->u.array->len)
        return FALSE;
      for (guint i = 0; i < a->u.array->len; i++)
        if (!halo_json_equal (a->u.array->pdata[i], b->u.array->pdata[i]))
          return FALSE;
      return TRUE;
    case HALO_JSON_OBJECT:
      if (a->u.object.members->len != b->u.object.members->len)
        return FALSE;
      /* Names are unique, so same size and every member of a in b suffices. */
      for (guint i = 0; i < a->u.object.members->len; i++)
        {
          const Member *ma = member_at (a, i);
          if (!halo_json_equal (ma->value, halo_json_object_get (b, ma->name)))
            return FALSE;
        }
      return TRUE;
    case HALO_JSON_INTEGER:
    case HALO_JSON_DOUBLE:
      break;
    }
  return FALSE;
}
