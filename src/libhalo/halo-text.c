/* halo-text.c: names and state strings made safe for a terminal and a locale (SPEC §7). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "halo-text.h"

static gboolean
needs_unicode_escape (gunichar c)
{
  return (c >= 0x80 && c <= 0x9F) || c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029
         || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static void
append_escaped (GString *out, const char *s, gsize len, gboolean keep_newlines)
{
  const char *end = s + len;
  for (const char *p = s; p < end;)
    {
      guchar b = (guchar) *p;
      if (b < 0x80)
        {
          if (b == '\n' && keep_newlines)
            g_string_append_c (out, '\n');
          else if (b == '\n')
            g_string_append (out, "\\n");
          else if (b == '\t')
            g_string_append (out, "\\t");
          else if (b == '\r')
            g_string_append (out, "\\r");
          else if (b < 0x20 || b == 0x7F)
            g_string_append_printf (out, "\\x%02x", b);
          else
            g_string_append_c (out, (char) b);
          p++;
          continue;
        }
      gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", b);
          p++;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      if (needs_unicode_escape (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
}

char *
halo_text_escape (const char *s)
{
  GString *out = g_string_new (NULL);
  if (s)
    append_escaped (out, s, strlen (s), FALSE);
  return g_string_free (out, FALSE);
}

gboolean
halo_text_locale_is_utf8 (void)
{
  return g_get_charset (NULL);
}

char *
halo_text_for_terminal (const char *text)
{
  GString *escaped = g_string_new (NULL);
  append_escaped (escaped, text, strlen (text), TRUE);
  const char *charset = NULL;
  if (g_get_charset (&charset))
    return g_string_free (escaped, FALSE);
  g_autofree char *utf8 = g_string_free (escaped, FALSE);
  /* glibc's iconv transliterates ("→" to "->", U+00A0 to " "); what it
   * cannot, the fallback replaces. */
  g_autofree char *to = g_strconcat (charset, "//TRANSLIT", NULL);
  char *converted = g_convert_with_fallback (utf8, -1, to, "UTF-8", "?", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_convert_with_fallback (utf8, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  if (converted == NULL)
    {
      /* No converter at all: ASCII is in every charset a terminal uses. */
      GString *ascii = g_string_new (NULL);
      for (const char *p = utf8; *p; p++)
        if ((guchar) *p < 0x80)
          g_string_append_c (ascii, *p);
        else if (((guchar) *p & 0xC0) != 0x80)
          g_string_append_c (ascii, '?');
      converted = g_string_free (ascii, FALSE);
    }
  return converted;
}
