/* halo-json.h: a strict RFC 8259 reader and a canonical writer over json-glib nodes. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The nesting limit of SPEC §3 (the top-level object is level 1). */
#define HALO_JSON_MAX_DEPTH 64

/* Parse @len bytes of @data as one JSON text.  Refuses, with HALO_ERROR_INVALID
 * and a message naming line and column: invalid UTF-8, syntax errors, nesting
 * deeper than @max_depth, duplicate member names at any depth, and strings
 * holding U+0000.  The nesting limit holds before any recursion, so hostile
 * input cannot exhaust the stack. */
JsonNode *halo_json_parse (const char *data, gsize len, guint max_depth, GError **error);

/* TRUE if @node is a number with an integral, finite value; sets @out. */
gboolean halo_json_get_integer (JsonNode *node, gint64 *out);

/* Append @node in canonical form: two-space indentation (as JavaScript's
 * JSON.stringify (v, null, 2)), members in the object's order, numbers as
 * JSON.stringify writes them (shortest round-trip digits, integral values below
 * 1e21 as integers), except that 64-bit integers are kept exactly.
 * No trailing newline. */
void halo_json_append (GString *out, JsonNode *node, guint indent);

/* Append @s as a JSON string literal. */
void halo_json_append_string (GString *out, const char *s);

G_END_DECLS
