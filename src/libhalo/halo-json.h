/* halo-json.h: JSON values, a strict RFC 8259 reader and a canonical writer. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The nesting limit of SPEC §3 (the top-level object is level 1). */
#define HALO_JSON_MAX_DEPTH 64

/* JSON values are json-glib's (JsonNode, JsonObject, JsonArray): HaloJson is
 * another name for JsonNode, and the helpers below are thin accessors over
 * json-glib's API for the few things it spells at length or does not say
 * (which kind of number a node holds, numbers compared by value).  What is
 * HALO's own is only what json-glib 1.6 cannot do: the strict reader
 * (halo-json.c) and the canonical writer (halo-json-write.c). */
typedef JsonNode HaloJson;

typedef enum
{
  HALO_JSON_NULL,
  HALO_JSON_BOOLEAN,
  HALO_JSON_INTEGER, /* an integral number that fits in 64 bits, kept exactly */
  HALO_JSON_DOUBLE,  /* any other number (possibly infinite after an overflow) */
  HALO_JSON_STRING,
  HALO_JSON_ARRAY,
  HALO_JSON_OBJECT,
} HaloJsonType;

static inline HaloJson *
halo_json_new_null (void)
{
  return json_node_init_null (json_node_alloc ());
}

static inline HaloJson *
halo_json_new_boolean (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static inline HaloJson *
halo_json_new_integer (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static inline HaloJson *
halo_json_new_double (double value)
{
  return json_node_init_double (json_node_alloc (), value);
}

static inline HaloJson *
halo_json_new_string (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

/* json-glib copies a string it is given; this frees @value afterwards. */
static inline HaloJson *
halo_json_new_string_take (char *value)
{
  HaloJson *node = halo_json_new_string (value);
  g_free (value);
  return node;
}

static inline HaloJson *
halo_json_new_array (void)
{
  HaloJson *node = json_node_alloc ();
  json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), json_array_new ());
  return node;
}

static inline HaloJson *
halo_json_new_object (void)
{
  HaloJson *node = json_node_alloc ();
  json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), json_object_new ());
  return node;
}

static inline void
halo_json_free (HaloJson *value)
{
  if (value != NULL)
    json_node_unref (value);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloJson, halo_json_free)

HaloJsonType halo_json_get_type (const HaloJson *value);

static inline gboolean
halo_json_is_object (const HaloJson *value)
{
  return value != NULL && JSON_NODE_HOLDS_OBJECT ((HaloJson *) value);
}

static inline gboolean
halo_json_is_array (const HaloJson *value)
{
  return value != NULL && JSON_NODE_HOLDS_ARRAY ((HaloJson *) value);
}

/* The string, or NULL when @value is not a string. */
static inline const char *
halo_json_get_string (const HaloJson *value)
{
  if (value == NULL || json_node_get_value_type ((HaloJson *) value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string ((HaloJson *) value);
}

static inline gboolean
halo_json_get_boolean (const HaloJson *value)
{
  return halo_json_get_type (value) == HALO_JSON_BOOLEAN
         && json_node_get_boolean ((HaloJson *) value);
}

/* The number as a double (NaN when @value is not a number). */
double halo_json_get_double (const HaloJson *value);
/* TRUE if @value is a number with an integral, finite value; sets @out. */
gboolean halo_json_get_integer (const HaloJson *value, gint64 *out);

/* Arrays.  _append takes ownership of @element. */
static inline guint
halo_json_array_length (const HaloJson *array)
{
  return json_array_get_length (json_node_get_array ((HaloJson *) array));
}

static inline HaloJson *
halo_json_array_get (const HaloJson *array, guint index)
{
  return json_array_get_element (json_node_get_array ((HaloJson *) array), index);
}

static inline void
halo_json_array_append (HaloJson *array, HaloJson *element)
{
  json_array_add_element (json_node_get_array (array), element);
}

/* Objects keep their members in insertion order (walk them with
 * json_object_iter_init_ordered).  _set takes ownership of @member_value; it
 * replaces a member of the same name in place. */
static inline guint
halo_json_object_size (const HaloJson *object)
{
  return json_object_get_size (json_node_get_object ((HaloJson *) object));
}

/* The member's value, or NULL when there is none. */
static inline HaloJson *
halo_json_object_get (const HaloJson *object, const char *name)
{
  return json_object_get_member (json_node_get_object ((HaloJson *) object), name);
}

static inline void
halo_json_object_set (HaloJson *object, const char *name, HaloJson *member_value)
{
  json_object_set_member (json_node_get_object (object), name, member_value);
}

/* The same JSON value: numbers compared by value (50 and 50.0 are equal),
 * objects by their members whatever their order. */
gboolean halo_json_equal (const HaloJson *a, const HaloJson *b);

/* Parse @len bytes of @data as one JSON text.  Refuses, with HALO_ERROR_INVALID
 * and a message naming line and column: invalid UTF-8, syntax errors, nesting
 * deeper than @max_depth, duplicate member names at any depth, and strings
 * holding U+0000.  The nesting limit holds before any recursion, so hostile
 * input cannot exhaust the stack. */
HaloJson *halo_json_parse (const char *data, gsize len, guint max_depth, GError **error);

/* As halo_json_parse, and also refuses (without line and column, naming
 * where it is) an integer literal beyond the signed 64-bit range whose value
 * a double cannot hold exactly: "issues[3]: the integer
 * 123456789012345678901234567890 cannot be kept exactly" (SPEC §3: a state
 * that could not be written back unchanged is refused).  1e20's
 * 100000000000000000000 is exact and read as a double. */
HaloJson *halo_json_parse_exact (const char *data, gsize len, guint max_depth, GError **error);

/* Append @value in canonical form: two-space indentation (as JavaScript's
 * JSON.stringify (v, null, 2)), members in the object's order, numbers as
 * JSON.stringify writes them (shortest round-trip digits, integral values below
 * 1e21 as integers), except that 64-bit integers are kept exactly.
 * No trailing newline. */
void halo_json_append (GString *out, const HaloJson *value, guint indent);

/* @value on one line ({"a": 1, "b": [2, 3]}), otherwise as halo_json_append:
 * the --json reports of halo-run and halo-integrity.  No trailing newline. */
void halo_json_append_line (GString *out, const HaloJson *value);

/* Append @s as a JSON string literal.  Bytes that are not valid UTF-8 are
 * written as the text \xNN (SPEC §7): the output is always UTF-8 JSON. */
void halo_json_append_string (GString *out, const char *s);

G_END_DECLS
