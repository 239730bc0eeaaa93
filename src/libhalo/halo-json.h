/* halo-json.h: JSON values, a strict RFC 8259 reader and a canonical writer. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nesting limit of SPEC §3 (the top-level object is level 1). */
#define HALO_JSON_MAX_DEPTH 64

/* A JSON value.  HALO keeps its own small tree rather than json-glib's: halo-run
 * must start fast, and linking json-glib loads GObject, GIO, libmount,
 * libselinux and libblkid, which costs more than the whole durable rewrite
 * (bench/bench-run).  json-glib remains the test suite's reference parser. */
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

typedef struct _HaloJson HaloJson;

HaloJson *halo_json_new_null (void);
HaloJson *halo_json_new_boolean (gboolean value);
HaloJson *halo_json_new_integer (gint64 value);
HaloJson *halo_json_new_double (double value);
HaloJson *halo_json_new_string (const char *value);
HaloJson *halo_json_new_string_take (char *value);
HaloJson *halo_json_new_array (void);
HaloJson *halo_json_new_object (void);
void halo_json_free (HaloJson *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloJson, halo_json_free)

HaloJsonType halo_json_get_type (const HaloJson *value);
gboolean halo_json_is_object (const HaloJson *value);
gboolean halo_json_is_array (const HaloJson *value);
/* The string, or NULL when @value is not a string. */
const char *halo_json_get_string (const HaloJson *value);
gboolean halo_json_get_boolean (const HaloJson *value);
/* The number as a double (NaN when @value is not a number). */
double halo_json_get_double (const HaloJson *value);
/* TRUE if @value is a number with an integral, finite value; sets @out. */
gboolean halo_json_get_integer (const HaloJson *value, gint64 *out);

/* Arrays.  _append takes ownership of @element. */
guint halo_json_array_length (const HaloJson *array);
HaloJson *halo_json_array_get (const HaloJson *array, guint index);
void halo_json_array_append (HaloJson *array, HaloJson *element);

/* Objects keep their members in insertion order.  _set takes ownership of
 * @member_value; it replaces a member of the same name in place. */
guint halo_json_object_size (const HaloJson *object);
const char *halo_json_object_name (const HaloJson *object, guint index);
HaloJson *halo_json_object_value (const HaloJson *object, guint index);
/* The member's value, or NULL when there is none. */
HaloJson *halo_json_object_get (const HaloJson *object, const char *name);
void halo_json_object_set (HaloJson *object, const char *name, HaloJson *member_value);

/* The same JSON value: numbers compared by value (50 and 50.0 are equal),
 * objects by their members whatever their order. */
gboolean halo_json_equal (const HaloJson *a, const HaloJson *b);

/* Parse @len bytes of @data as one JSON text.  Refuses, with HALO_ERROR_INVALID
 * and a message naming line and column: invalid UTF-8, syntax errors, nesting
 * deeper than @max_depth, duplicate member names at any depth, and strings
 * holding U+0000.  The nesting limit holds before any recursion, so hostile
 * input cannot exhaust the stack. */
HaloJson *halo_json_parse (const char *data, gsize len, guint max_depth, GError **error);

/* Append @value in canonical form: two-space indentation (as JavaScript's
 * JSON.stringify (v, null, 2)), members in the object's order, numbers as
 * JSON.stringify writes them (shortest round-trip digits, integral values below
 * 1e21 as integers), except that 64-bit integers are kept exactly.
 * No trailing newline. */
void halo_json_append (GString *out, const HaloJson *value, guint indent);

/* Append @s as a JSON string literal. */
void halo_json_append_string (GString *out, const char *s);

G_END_DECLS
