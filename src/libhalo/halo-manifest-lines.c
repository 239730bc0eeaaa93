/* halo-manifest-lines.c: the checksum lines of coreutils (gnu: sha256sum; bsd:
 * sha256sum --tag), with their escaping of names, byte for byte as md5sum.c. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-manifest.h"

/* A tagged line starts with an algorithm name and " (" or "(" (coreutils
 * takes both). */
static gboolean
looks_tagged (const char *s, const char *end)
{
  const char *p = s;
  while (p < end && (g_ascii_isalnum (*p) || *p == '-'))
    p++;
  if (p == s || halo_digest_is_hex (s, p - s))
    return FALSE;
  if (p < end && *p == ' ')
    p++;
  return p < end && *p == '(';
}

HaloManifestFormat
halo_manifest_detect_format (const char *data, gsize len)
{
  const char *p = data, *end = data + len;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && (*p == '{' || *p == '['))
    return HALO_MANIFEST_JSON;
  /* The first line that is not a comment. */
  while (p < end && *p == '#')
    {
      const char *nl = memchr (p, '\n', end - p);
      p = nl ? nl + 1 : end;
      while (p < end && g_ascii_isspace (*p))
        p++;
    }
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
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
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      default:
        g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

/* coreutils' ISWHITE. */
static gboolean
is_white (char c)
{
  return c == ' ' || c == '\t';
}

/* coreutils' bsd_split_3: "name) = hex" after "TAG (", the name ending at
 * the last ')'. */
static gboolean
split_tagged (const char *s, const char *end, gboolean escaped, HaloDigestAlgo algo, char **name,
              const char **hex, gsize *hex_len)
{
  const char *q = end;
  while (q > s && q[-1] != ')')
    q--;
  if (q == s)
    return FALSE;
  const char *name_end = q - 1;
  while (q < end && is_white (*q))
    q++;
  if (q == end || *q != '=')
    return FALSE;
  q++;
  while (q < end && is_white (*q))
    q++;
  *hex = q;
  *hex_len = end - q;
  if (*hex_len != halo_digest_algo_hex_length (algo) || !halo_digest_is_hex (q, *hex_len))
    return FALSE;
  *name = escaped ? unescape_name (s, name_end - s) : g_strndup (s, name_end - s);
  return *name != NULL;
}

gboolean
halo_manifest_parse_line (const char *s, const char *end, const HaloDigestAlgo *hint,
                          HaloManifestLineState *state, char **name, HaloDigestSet *algos,
                          const char **hex, gsize *hex_len, GError **error)
{
  while (s < end && is_white (*s))
    s++;
  gboolean escaped = s < end && *s == '\\';
  if (escaped)
    s++;
  if (looks_tagged (s, end))
    {
      const char *p = s;
      while (*p != ' ' && *p != '(')
        p++;
      HaloDigestAlgo algo;
      if (!halo_digest_algo_from_bsd_tag (s, p - s, &algo))
        {
          /* The tags are case-sensitive ("sha256 (a) = …" is not one); a
           * weak or unknown algorithm is named as such. */
          g_autofree char *t = g_strndup (s, p - s);
          GError *sub = NULL;
          if (halo_digest_algo_from_name (t, &algo, &sub))
            goto malformed;
          g_set_error_literal (error, HALO_ERROR, HALO_ERROR_INVALID, sub->message);
          g_error_free (sub);
          return FALSE;
        }
      if (*p == ' ')
        p++;
      *algos = HALO_DIGEST_BIT (algo);
      if (!split_tagged (p + 1, end, escaped, algo, name, hex, hex_len))
        goto malformed;
      return TRUE;
    }

  /* coreutils' split_3: the digest, one blank, then "  name" or " *name" (a
   * binary marker), or, in the "reversed bsd" format of md5 -r, the name
   * right after the blank; the two kinds are not mixed in one manifest. */
  const char *p = s;
  while (p < end && g_ascii_isxdigit (*p))
    p++;
  *hex = s;
  *hex_len = p - s;
  /* The line holds no algorithm name: -a's, else the first of that length
   * (64 digits: sha256). */
  *algos = hint ? HALO_DIGEST_BIT (*hint) : halo_digest_algos_of_length (*hex_len);
  *algos &= ~(*algos - 1);
  if (*algos == 0 || (hint && *hex_len != halo_digest_algo_hex_length (*hint)))
    goto malformed;
  if ((gsize) (end - s) < *hex_len + 2 || !is_white (*p))
    goto malformed;
  p++;
  if (end - p == 1 || (*p != ' ' && *p != '*'))
    {
      if (*state == HALO_MANIFEST_LINES_STANDARD)
        goto malformed;
      *state = HALO_MANIFEST_LINES_REVERSED;
    }
  else if (*state != HALO_MANIFEST_LINES_REVERSED)
    {
      *state = HALO_MANIFEST_LINES_STANDARD;
      p++;
    }
  *name = escaped ? unescape_name (p, end - p) : g_strndup (p, end - p);
  if (*name == NULL)
    goto malformed;
  return TRUE;

malformed:
  g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
               _ ("not a checksum line of sha256sum or sha256sum --tag"));
  return FALSE;
}
