/* halo-json-write.c: the canonical JSON writer. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "halo-json.h"

void
halo_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

/* A double as JavaScript's Number::toString writes it (ECMA-262, 6.1.6.1.20):
 * the shortest digits that read back as the same double, without an exponent
 * from 1e-6 up to 1e21, so that an integral value is written as an integer. */
static void
append_double (GString *out, double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite (d))
    {
      g_string_append (out, "null"); /* as JSON.stringify; validation refuses these */
      return;
    }
  if (d == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (d < 0)
    {
      g_string_append_c (out, '-');
      d = -d;
    }
  for (int prec = 0; prec <= 16; prec++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%de", prec);
      g_ascii_formatd (buf, sizeof buf, format, d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  /* buf is "D.DDDDe±X": the digits s (k of them) and n, with d = 0.s × 10^n. */
  char digits[20] = { 0 }; /* at most 17 significant digits are written */
  int k = 0;
  const char *p = buf;
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[k++] = *p;
  while (k > 1 && digits[k - 1] == '0')
    k--;
  int n = atoi (p + 1) + 1;
  if (k <= n && n <= 21)
    {
      g_string_append_len (out, digits, k);
      for (int i = k; i < n; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, n);
      g_string_append_c (out, '.');
      /* Here n < k <= 17: digits + n is inside the array. */
      /* cppcheck-suppress pointerOutOfBoundsCond */
      g_string_append_len (out, digits + n, k - n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (int i = n; i < 0; i++)
        g_string_append_c (out, '0');
      g_string_append_len (out, digits, k);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, digits + 1, k - 1);
        }
      g_string_append_printf (out, "e%c%d", n - 1 < 0 ? '-' : '+', ABS (n - 1));
    }
}

static void
append_indent (GString *out, guint indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

void
halo_json_append (GString *out, const HaloJson *value, guint indent)
{
  switch (halo_json_get_type (value))
    {
    case HALO_JSON_NULL:
      g_string_append (out, "null");
      break;
    case HALO_JSON_BOOLEAN:
      g_string_append (out, halo_json_get_boolean (value) ? "true" : "false");
      break;
    case HALO_JSON_INTEGER:
      {
        gint64 n = 0;
        halo_json_get_integer (value, &n);
        g_string_append_printf (out, "%" G_GINT64_FORMAT, n);
        break;
      }
    case HALO_JSON_DOUBLE:
      append_double (out, halo_json_get_double (value));
      break;
    case HALO_JSON_STRING:
      halo_json_append_string (out, halo_json_get_string (value));
      break;
    case HALO_JSON_ARRAY:
      {
        guint n = halo_json_array_length (value);
        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            append_indent (out, indent + 1);
            halo_json_append (out, halo_json_array_get (value, i), indent + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        append_indent (out, indent);
        g_string_append_c (out, ']');
        break;
      }
    case HALO_JSON_OBJECT:
      {
        guint n = halo_json_object_size (value), i = 0;
        if (n == 0)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        json_object_iter_init_ordered (&iter, json_node_get_object ((HaloJson *) value));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            append_indent (out, indent + 1);
            halo_json_append_string (out, name);
            g_string_append (out, ": ");
            halo_json_append (out, member, indent + 1);
            g_string_append (out, ++i < n ? ",\n" : "\n");
          }
        append_indent (out, indent);
        g_string_append_c (out, '}');
        break;
      }
    }
}
