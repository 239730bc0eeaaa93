/* halo-json.c: a strict RFC 8259 reader building json-glib nodes. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-json.h"

/* Why HALO has its own reader: json-glib 1.6's JsonParser is lenient (it
 * accepts comments, single quotes, "{} {}", octal escapes and empty input),
 * wraps integers past 64 bits around, keeps the last of two members of the
 * same name, cuts strings at U+0000 and recurses without limit (about 75 000
 * nested '[' overflow the stack).  This reader refuses all of that and builds
 * the same JsonNode trees that JsonParser would. */
typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint depth;
  guint max_depth;
  GError **error;
  GString *path; /* halo_json_parse_exact: where the value being read is, "issues[3]" */
} Reader;

static HaloJson *read_value (Reader *r);

static gboolean fail_at (Reader *r, const char *at, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_at (Reader *r, const char *at, const char *format, ...)
{
  guint line = 1, column = 1;
  for (const char *q = r->start; q < at && q < r->end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xC0) != 0x80)
        column++;
    }
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: a JSON syntax error: "line 3, column 7: expected ':'" */
  g_set_error (r->error, HALO_ERROR, HALO_ERROR_INVALID, _ ("line %u, column %u: %s"), line, column,
               what);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
fail_unexpected (Reader *r)
{
  if (r->p >= r->end)
    return fail_at (r, r->p, _ ("unexpected end of input"));
  if ((guchar) *r->p < 0x20 || (guchar) *r->p >= 0x7F)
    return fail_at (r, r->p, _ ("unexpected character U+%04X"),
                    g_utf8_get_char_validated (r->p, r->end - r->p));
  return fail_at (r, r->p, _ ("unexpected character '%c'"), *r->p);
}

static gboolean
read_literal (Reader *r, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return fail_unexpected (r);
  r->p += n;
  return TRUE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader *r, gunichar *out)
{
  gunichar v = 0;
  if (r->end - r->p < 4)
    return fail_at (r, r->p, _ ("invalid \\u escape"));
  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (r->p[i]);
      if (d < 0)
        return fail_at (r, r->p, _ ("invalid \\u escape"));
      v = v * 16 + d;
    }
  r->p += 4;
  *out = v;
  return TRUE;
}

static gboolean
read_escape (Reader *r, GString *out)
{
  const char *esc = r->p - 1;
  if (r->p >= r->end)
    return fail_at (r, r->p, _ ("unterminated string"));
  char c = *r->p++;
  switch (c)
    {
    case '"':
      g_string_append_c (out, '"');
      return TRUE;
    case '\\':
      g_string_append_c (out, '\\');
      return TRUE;
    case '/':
      g_string_append_c (out, '/');
      return TRUE;
    case 'b':
      g_string_append_c (out, '\b');
      return TRUE;
    case 'f':
      g_string_append_c (out, '\f');
      return TRUE;
    case 'n':
      g_string_append_c (out, '\n');
      return TRUE;
    case 'r':
      g_string_append_c (out, '\r');
      return TRUE;
    case 't':
      g_string_append_c (out, '\t');
      return TRUE;
    case 'u':
      break;
    default:
      return fail_at (r, esc, _ ("invalid escape '\\%c'"), c);
    }
  gunichar u = 0;
  if (!read_hex4 (r, &u))
    return FALSE;
  if (u >= 0xD800 && u <= 0xDBFF)
    {
      gunichar lo = 0;
      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        return fail_at (r, esc, _ ("unpaired surrogate in \\u escape"));
      r->p += 2;
      if (!read_hex4 (r, &lo))
        return FALSE;
      if (lo < 0xDC00 || lo > 0xDFFF)
        return fail_at (r, esc, _ ("unpaired surrogate in \\u escape"));
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
  else if (u >= 0xDC00 && u <= 0xDFFF)
    return fail_at (r, esc, _ ("unpaired surrogate in \\u escape"));
  if (u == 0)
    return fail_at (r, esc, _ ("a string holds U+0000, which cannot be kept"));
  g_string_append_unichar (out, u);
  return TRUE;
}

/* Reads a string literal (r->p at the opening quote); returns it or NULL. */
static char *
read_string (Reader *r)
{
  g_autoptr (GString) out = g_string_new (NULL);
  r->p++;
  for (;;)
    {
      const char *run = r->p;
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (out, run, r->p - run);
      if (r->p >= r->end)
        {
          fail_at (r, r->p, _ ("unterminated string"));
          return NULL;
        }
      if (*r->p == '"')
        {
          r->p++;
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      if (*r->p == '\\')
        {
          r->p++;
          if (!read_escape (r, out))
            return NULL;
          continue;
        }
      fail_at (r, r->p, _ ("control character U+%04X in a string"), (guint) (guchar) *r->p);
      return NULL;
    }
}

/* Is @text what the canonical writer writes for @d? */
static gboolean
is_canonical_double (double d, const char *text)
{
  if (!isfinite (d))
    return FALSE;
  g_autoptr (HaloJson) node = halo_json_new_double (d);
  g_autoptr (GString) canonical = g_string_new (NULL);
  halo_json_append (canonical, node, 0);
  return strcmp (canonical->str, text) == 0;
}

static HaloJson *
read_number (Reader *r)
{
  const char *s = r->p;
  gboolean integral = TRUE;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (r->p < r->end && *r->p >= '1' && *r->p <= '9')
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  else
    {
      fail_at (r, s, _ ("invalid number"));
      return NULL;
    }
  if (r->p < r->end && *r->p == '.')
    {
      integral = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        {
          fail_at (r, s, _ ("invalid number"));
          return NULL;
        }
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integral = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        {
          fail_at (r, s, _ ("invalid number"));
          return NULL;
        }
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  g_autofree char *text = g_strndup (s, r->p - s);
  if (integral)
    {
      errno = 0;
      gint64 v = g_ascii_strtoll (text, NULL, 10);
      if (errno == 0)
        return halo_json_new_integer (v);
      /* Kept when the literal is the double's exact value (glibc's %.0f:
       * 100000000000000000000, 1e20) or the very text the canonical writer
       * (and JSON.stringify) makes of that double (100000000073709550000 for
       * 1.0000000007370955e20, whose exact value ends in ...551616): either
       * way it is written back unchanged.  12345678901234567890 is neither. */
      double d = g_ascii_strtod (text, NULL);
      char exact[400];
      if (r->path != NULL
          && (!isfinite (d) || g_snprintf (exact, sizeof exact, "%.0f", d) >= (int) sizeof exact
              || strcmp (exact, text) != 0)
          && !is_canonical_double (d, text))
        {
          /* TRANSLATORS: "issues[3]: the integer 123456789012345678901234567890
           * cannot be kept exactly" */
          g_autofree char *what
            = g_strdup_printf (_ ("the integer %s cannot be kept exactly"), text);
          g_set_error (r->error, HALO_ERROR, HALO_ERROR_INVALID, "%s%s%s", r->path->str,
                       r->path->len ? ": " : "", what);
          return NULL;
        }
      return halo_json_new_double (d);
    }
  /* Out of range values become ±inf or 0 here; the validators refuse
   * non-finite numbers, which could not be written back. */
  return halo_json_new_double (g_ascii_strtod (text, NULL));
}

static HaloJson *
read_container (Reader *r)
{
  const char *open = r->p;
  gboolean is_object = *r->p == '{';
  char close = is_object ? '}' : ']';
  if (++r->depth > r->max_depth)
    {
      fail_at (r, open, _ ("nesting deeper than %u levels"), r->max_depth);
      return NULL;
    }
  r->p++;
  g_autoptr (HaloJson) node = is_object ? halo_json_new_object () : halo_json_new_array ();
  skip_space (r);
  if (r->p < r->end && *r->p == close)
    r->p++;
  else
    for (;;)
      {
        g_autofree char *name = NULL;
        const char *name_at = r->p;
        if (is_object)
          {
            if (r->p >= r->end || *r->p != '"')
              {
                if (r->p < r->end)
                  fail_at (r, r->p, _ ("expected a member name in double quotes"));
                else
                  fail_unexpected (r);
                return NULL;
              }
            if (!(name = read_string (r)))
              return NULL;
            if (json_object_has_member (json_node_get_object (node), name))
              {
                fail_at (r, name_at, _ ("duplicate member name \"%s\""), name);
                return NULL;
              }
            skip_space (r);
            if (r->p >= r->end || *r->p != ':')
              {
                fail_at (r, r->p, _ ("expected ':' after a member name"));
                return NULL;
              }
            r->p++;
            skip_space (r);
          }
        gsize mark = r->path ? r->path->len : 0;
        if (r->path && is_object)
          g_string_append_printf (r->path, mark ? ".%s" : "%s", name);
        else if (r->path)
          g_string_append_printf (r->path, "[%u]", halo_json_array_length (node));
        HaloJson *value = read_value (r);
        if (r->path)
          g_string_truncate (r->path, mark);
        if (value == NULL)
          return NULL;
        if (is_object)
          halo_json_object_set (node, name, value);
        else
          halo_json_array_append (node, value);
        skip_space (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            skip_space (r);
            continue;
          }
        if (r->p < r->end && *r->p == close)
          {
            r->p++;
            break;
          }
        if (r->p >= r->end)
          fail_unexpected (r);
        else if (is_object)
          fail_at (r, r->p, _ ("expected ',' or '}'"));
        else
          fail_at (r, r->p, _ ("expected ',' or ']'"));
        return NULL;
      }
  r->depth--;
  return g_steal_pointer (&node);
}

static HaloJson *
read_value (Reader *r)
{
  if (r->p >= r->end)
    {
      fail_unexpected (r);
      return NULL;
    }
  switch (*r->p)
    {
    case '{':
    case '[':
      return read_container (r);
    case '"':
      {
        char *s = read_string (r);
        return s ? halo_json_new_string_take (s) : NULL;
      }
    case 't':
    case 'f':
      {
        gboolean v = *r->p == 't';
        if (!read_literal (r, v ? "true" : "false"))
          return NULL;
        return halo_json_new_boolean (v);
      }
    case 'n':
      if (!read_literal (r, "null"))
        return NULL;
      return halo_json_new_null ();
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return read_number (r);
      fail_unexpected (r);
      return NULL;
    }
}

static HaloJson *
parse (const char *data, gsize len, guint max_depth, GString *path, GError **error)
{
  const char *bad = NULL;
  Reader r = { data, data, data + len, 0, max_depth, error, path };
  if (!g_utf8_validate (data, len, &bad))
    {
      if (bad < data + len && *bad == '\0')
        fail_at (&r, bad, _ ("a NUL byte, which JSON does not allow"));
      else
        fail_at (&r, bad, _ ("not valid UTF-8"));
      return NULL;
    }
  skip_space (&r);
  if (r.p >= r.end)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("empty file, not a JSON value"));
      return NULL;
    }
  g_autoptr (HaloJson) root = read_value (&r);
  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.p < r.end)
    {
      fail_at (&r, r.p, _ ("unexpected data after the JSON value"));
      return NULL;
    }
  return g_steal_pointer (&root);
}

HaloJson *
halo_json_parse (const char *data, gsize len, guint max_depth, GError **error)
{
  return parse (data, len, max_depth, NULL, error);
}

HaloJson *
halo_json_parse_exact (const char *data, gsize len, guint max_depth, GError **error)
{
  g_autoptr (GString) path = g_string_new (NULL);
  return parse (data, len, max_depth, path, error);
}
