/* halo-manifest-lines.c: the checksum lines of coreutils (gnu: sha256sum; bsd:
 * sha256sum --tag), with their escaping of names, byte for byte as md5sum.c. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-manifest.h"

/* A tagged line starts with an algorithm name and " (". */
static gboolean
looks_tagged (const char *s, const char *end)
{
  const char *p = s;
  while (p < end && (g_ascii_isalnum (*p) || *p == '-'))
    p++;
  return p > s && p + 1 < end && p[0] == ' ' && p[1] == '(' && !halo_digest_is_hex (s, p - s);
}

HaloManifestFormat
halo_manifest_detect_format (const char *data, gsize len)
{
  const char *p = data, *end = data + len;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '{')
    return HALO_MANIFEST_JSON;
  if (p < end && *p == '\\')
    p++;
  return looks_tagged (p, end) ? HALO_MANIFEST_BSD : HALO_MANIFEST_GNU;
}

/* coreutils' filename_unescape: \\ \n \r, nothing else. */
static char *
unescape_name (const char *s, gsize n)
{
  g_autoptr (GString) out = g_string_sized_new (n);
  for (gsize i = 0; i < n; i++)
    {
      if (s[i] != '\\')
        {
          g_string_append_c (out, s[i]);
          continue;
        }
      if (++i == n)
        return NULL;
      if (s[i] == '\\')
        g_string_append_c (out, '\\');
      else if (s[i] == 'n')
        g_string_append_c (out, '\n');
      else if (s[i] == 'r')
        g_string_append_c (out, '\r');
      else
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
halo_manifest_escape_name (const char *name, gboolean *escaped)
{
  *escaped = strpbrk (name, "\\\n\r") != NULL;
  if (!*escaped)
    return g_strdup (name);
  GString *out = g_string_sized_new (strlen (name) + 8);
  for (const char *p = name; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default: g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

gboolean
halo_manifest_parse_line (const char *s, const char *end, const HaloDigestAlgo *hint, char **name,
                          HaloDigestSet *algos, const char **hex, gsize *hex_len, GError **error)
{
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  gboolean escaped = s < end && *s == '\\';
  if (escaped)
    s++;
  const char *name_start, *name_end;
  if (looks_tagged (s, end))
    {
      const char *tag = s, *p = s;
      while (*p != ' ')
        p++;
      HaloDigestAlgo algo;
      if (!halo_digest_algo_from_bsd_tag (tag, p - tag, &algo))
        {
          g_autofree char *t = g_strndup (tag, p - tag);
          GError *sub = NULL;
          if (!halo_digest_algo_from_name (t, &algo, &sub))
            {
              g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID, sub->message);
              g_error_free (sub);
              return FALSE;
            }
        }
      name_start = p + 2;
      /* As coreutils: the name ends at the last ')'. */
      const char *q = end;
      while (q > name_start && q[-1] != ')')
        q--;
      if (q == name_start)
        goto malformed;
      name_end = q - 1;
      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      if (q == end || *q != '=')
        goto malformed;
      q++;
      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      *hex = q;
      *hex_len = end - q;
      *algos = HALO_DIGEST_BIT (algo);
      if (*hex_len != halo_digest_algo_hex_length (algo) || !halo_digest_is_hex (q, *hex_len))
        goto malformed;
    }
  else
    {
      const char *p = s;
      while (p < end && g_ascii_isxdigit (*p))
        p++;
      *hex = s;
      *hex_len = p - s;
      *algos = hint ? HALO_DIGEST_BIT (*hint) : halo_digest_algos_of_length (*hex_len);
      if (*algos == 0 || (hint && *hex_len != halo_digest_algo_hex_length (*hint)))
        goto malformed;
      if (end - p < 3 || p[0] != ' ' || (p[1] != ' ' && p[1] != '*'))
        goto malformed;
      name_start = p + 2;
      name_end = end;
    }
  *name = escaped ? unescape_name (name_start, name_end - name_start)
                  : g_strndup (name_start, name_end - name_start);
  if (*name == NULL)
    goto malformed;
  return TRUE;

malformed:
  g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
               _("not a checksum line of sha256sum or sha256sum --tag"));
  return FALSE;
}
