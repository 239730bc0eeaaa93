/* halo-json-write.c: the canonical JSON writer. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "halo-json.h"

/* Every byte that is not part of valid UTF-8 becomes the four characters
 * \xNN (a backslash, x, two lowercase hex digits; "\\xNN" in the JSON text),
 * so that the output stays UTF-8 JSON and the name stays recognisable (SPEC
 * §7), as halo_text_escape shows it on a terminal.  A state
 * file holds UTF-8 only (the reader refuses anything else), so its bytes are
 * never changed by this. */
void
halo_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  const char *end = s + strlen (s);
  for (const char *p = s; p < end; p++)
    {
      guchar b = (guchar) *p;
      switch (b)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (b < 0x20)
            g_string_append_printf (out, "\\u%04x", b);
          else if (b < 0x80)
            g_string_append_c (out, (char) b);
          else
            {
              gunichar c = g_utf8_get_char_validated (p, end - p);
              if (c == (gunichar) -1 || c == (gunichar) -2)
                g_string_append_printf (out, "\\\\x%02x", b);
              else
                {
                  const char *next = g_utf8_next_char (p);
                  g_string_append_len (out, p, next - p);
                  p = next - 1;
                }
            }
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

/* @line: everything on one line, ", " and ": " between members and elements. */
static void
append_value (GString *out, const HaloJson *value, guint indent, gboolean line)
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
        g_string_append (out, line ? "[" : "[\n");
        for (guint i = 0; i < n; i++)
          {
            if (!line)
              append_indent (out, indent + 1);
            append_value (out, halo_json_array_get (value, i), indent + 1, line);
            g_string_append (out, i + 1 < n ? (line ? ", " : ",\n") : (line ? "" : "\n"));
          }
        if (!line)
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
        g_string_append (out, line ? "{" : "{\n");
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        json_object_iter_init_ordered (&iter, json_node_get_object ((HaloJson *) value));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!line)
              append_indent (out, indent + 1);
            halo_json_append_string (out, name);
            g_string_append (out, ": ");
            append_value (out, member, indent + 1, line);
            ++i;
            g_string_append (out, i < n ? (line ? ", " : ",\n") : (line ? "" : "\n"));
          }
        if (!line)
          append_indent (out, indent);
        g_string_append_c (out, '}');
        break;
      }
    }
}

void
halo_json_append (GString *out, const HaloJson *value, guint indent)
{
  append_value (out, value, indent, FALSE);
}

void
halo_json_append_line (GString *out, const HaloJson *value)
{
  append_value (out, value, 0, TRUE);
}
