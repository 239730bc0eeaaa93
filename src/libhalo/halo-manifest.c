/* halo-manifest.c: manifest entries; parse and write them (json here, the lines of
 * gnu and bsd in halo-manifest-lines.c); path safety; the verify report's words. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-input.h"
#include "halo-json.h"
#include "halo-manifest.h"

gboolean
halo_manifest_format_from_name (const char *name, HaloManifestFormat *format, GError **error)
{
  static const char *const names[] = { "json", "gnu", "bsd" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
               _ ("unknown manifest format '%s'; use json, gnu or bsd"), name);
  return FALSE;
}

static void
entry_free (gpointer p)
{
  HaloManifestEntry *e = p;
  g_free (e->path);
  g_free (e->hex);
  g_free (e);
}

HaloManifest *
halo_manifest_new (HaloManifestFormat format)
{
  HaloManifest *m = g_new0 (HaloManifest, 1);
  m->format = format;
  m->entries = g_ptr_array_new_with_free_func (entry_free);
  return m;
}

void
halo_manifest_free (HaloManifest *m)
{
  if (m == NULL)
    return;
  g_ptr_array_unref (m->entries);
  g_free (m);
}

static void
add_entry (HaloManifest *m, char *path, HaloDigestSet algos, const char *hex, gsize hex_len)
{
  HaloManifestEntry *e = g_new0 (HaloManifestEntry, 1);
  e->path = path;
  e->algos = algos;
  e->hex = g_ascii_strdown (hex, hex_len);
  g_ptr_array_add (m->entries, e);
}

void
halo_manifest_add (HaloManifest *m, const char *path, HaloDigestAlgo algo, const char *hex)
{
  add_entry (m, g_strdup (path), HALO_DIGEST_BIT (algo), hex, -1);
}

char *
halo_manifest_path_normalize (const char *path, GError **error)
{
  if (*path == '\0')
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("an empty path"));
      return NULL;
    }
  if (*path == '/')
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("%s: an absolute path, outside the root"), path);
      return NULL;
    }
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p = path;
  while (*p)
    {
      const char *slash = strchr (p, '/');
      gsize n = slash ? (gsize) (slash - p) : strlen (p);
      if (n == 2 && p[0] == '.' && p[1] == '.')
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("%s: a path with '..', which could lead outside the root"), path);
          return NULL;
        }
      if (n > 0 && !(n == 1 && p[0] == '.'))
        {
          if (out->len > 0)
            g_string_append_c (out, '/');
          g_string_append_len (out, p, n);
        }
      p += n;
      if (*p == '/')
        p++;
    }
  if (out->len == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s: names the root, not a file"),
                   path);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* As coreutils' digest_check: a line that starts with '#' is a comment; one
 * '\r' before the '\n' is dropped; empty lines are skipped. */
static gboolean
parse_lines (HaloManifest *m, const char *data, gsize len, const HaloDigestAlgo *hint,
             GError **error)
{
  const char *p = data, *end = data + len;
  HaloManifestLineState state = HALO_MANIFEST_LINES_UNKNOWN;
  for (guint line = 1; p < end; line++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *eol = nl ? nl : end;
      const char *next = eol + 1;
      if (eol > p && eol[-1] == '\r')
        eol--;
      if (eol > p && *p != '#')
        {
          char *name = NULL;
          HaloDigestSet algos;
          const char *hex;
          gsize hex_len;
          if (memchr (p, '\0', eol - p) != NULL)
            {
              g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("line %u: a NUL byte"), line);
              return FALSE;
            }
          if (!halo_manifest_parse_line (p, eol, hint, &state, &name, &algos, &hex, &hex_len,
                                         error))
            {
              g_prefix_error (error, _ ("line %u: "), line);
              return FALSE;
            }
          add_entry (m, name, algos, hex, hex_len);
        }
      p = next;
    }
  return TRUE;
}

static gboolean
parse_json (HaloManifest *m, const char *data, gsize len, GError **error)
{
  g_autoptr (HaloJson) root = halo_json_parse (data, len, HALO_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return FALSE;
  if (!halo_json_is_object (root))
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("a JSON manifest is one flat object of paths and digests, not an array "
                      "or a value"));
      return FALSE;
    }
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;
  json_object_iter_init_ordered (&iter, json_node_get_object (root));
  while (json_object_iter_next_ordered (&iter, &key, &member))
    {
      const char *value = halo_json_get_string (member);
      if (value == NULL)
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("\"%s\": a JSON manifest is one flat object of paths and digests: "
                          "each value is a string"),
                       key);
          return FALSE;
        }
      HaloDigestAlgo algo = HALO_DIGEST_SHA256;
      const char *colon = strchr (value, ':');
      if (colon)
        {
          g_autofree char *name = g_strndup (value, colon - value);
          GError *sub = NULL;
          if (!halo_digest_algo_from_name (name, &algo, &sub))
            {
              g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, "\"%s\": %s", key, sub->message);
              g_error_free (sub);
              return FALSE;
            }
          value = colon + 1;
        }
      if (strlen (value) != halo_digest_algo_hex_length (algo)
          || !halo_digest_is_hex (value, strlen (value)))
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                       _ ("\"%s\": not a %s digest in hexadecimal"), key,
                       halo_digest_algo_name (algo));
          return FALSE;
        }
      add_entry (m, g_strdup (key), HALO_DIGEST_BIT (algo), value, -1);
    }
  return TRUE;
}

HaloManifest *
halo_manifest_parse (const char *data, gsize len, const HaloDigestAlgo *hint, GError **error)
{
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("begins with a UTF-8 byte-order mark, which neither sha256sum nor a JSON "
                      "reader takes; save it without one"));
      return NULL;
    }
  HaloManifestFormat format = halo_manifest_detect_format (data, len);
  g_autoptr (HaloManifest) m = halo_manifest_new (format);
  if (format == HALO_MANIFEST_JSON ? !parse_json (m, data, len, error)
                                   : !parse_lines (m, data, len, hint, error))
    return NULL;
  if (m->entries->len == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                   _ ("no entries: an empty manifest protects nothing"));
      return NULL;
    }
  /* Every path is checked before any file is read. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < m->entries->len; i++)
    {
      HaloManifestEntry *e = m->entries->pdata[i];
      char *norm = halo_manifest_path_normalize (e->path, error);
      /* scan-build: "potential leak of m" is false: g_autoptr frees it (clang 14's
       * analyzer does not model the cleanup attribute). */
      if (norm == NULL)
        return NULL;
      g_free (e->path);
      e->path = norm;
      if (!g_hash_table_add (seen, e->path))
        {
          g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID, _ ("%s: listed twice"), e->path);
          return NULL;
        }
    }
  return g_steal_pointer (&m);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const HaloManifestEntry *x = *(HaloManifestEntry *const *) a;
  const HaloManifestEntry *y = *(HaloManifestEntry *const *) b;
  return strcmp (x->path, y->path);
}

/* The one algorithm of an entry that was generated (the lowest of its set). */
static HaloDigestAlgo
entry_algo (const HaloManifestEntry *e)
{
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    if (e->algos & HALO_DIGEST_BIT (a))
      return a;
  return HALO_DIGEST_SHA256;
}

GBytes *
halo_manifest_to_bytes (const HaloManifest *m, HaloManifestFormat format, GError **error)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; i < m->entries->len; i++)
    g_ptr_array_add (sorted, m->entries->pdata[i]);
  g_ptr_array_sort (sorted, compare_entries);
  g_autoptr (GString) out = g_string_new (format == HALO_MANIFEST_JSON ? "{" : "");
  for (guint i = 0; i < sorted->len; i++)
    {
      const HaloManifestEntry *e = sorted->pdata[i];
      HaloDigestAlgo algo = entry_algo (e);
      gboolean escaped;
      if (format == HALO_MANIFEST_JSON)
        {
          if (!g_utf8_validate (e->path, -1, NULL))
            {
              g_autofree char *shown = halo_manifest_escape_name (e->path, &escaped);
              g_autofree char *safe = g_utf8_make_valid (shown, -1);
              g_set_error (error, HALO_ERROR, HALO_ERROR_INVALID,
                           _ ("%s: a name that is not UTF-8 cannot be written in a JSON "
                              "manifest (use --format=gnu)"),
                           safe);
              return NULL;
            }
          g_string_append (out, i ? ",\n  " : "\n  ");
          halo_json_append_string (out, e->path);
          g_string_append (out, ": \"");
          if (algo != HALO_DIGEST_SHA256)
            g_string_append_printf (out, "%s:", halo_digest_algo_name (algo));
          g_string_append_printf (out, "%s\"", e->hex);
          continue;
        }
      g_autofree char *name = halo_manifest_escape_name (e->path, &escaped);
      if (escaped)
        g_string_append_c (out, '\\');
      if (format == HALO_MANIFEST_GNU)
        g_string_append_printf (out, "%s  %s\n", e->hex, name);
      else
        g_string_append_printf (out, "%s (%s) = %s\n", halo_digest_algo_bsd_tag (algo), name,
                                e->hex);
    }
  if (format == HALO_MANIFEST_JSON)
    g_string_append (out, sorted->len ? "\n}" : "}");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static HaloManifest *
parse_named (const char *name, const char *data, gsize len, const HaloDigestAlgo *hint,
             GError **error)
{
  HaloManifest *m = halo_manifest_parse (data, len, hint, error);
  if (m == NULL)
    g_prefix_error (error, _ ("invalid manifest %s: "), name);
  return m;
}

HaloManifest *
halo_manifest_load (const char *path, const HaloDigestAlgo *hint, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_input_read (path, HALO_MANIFEST_MAX_SIZE, &data, &len, error))
    return NULL;
  return parse_named (halo_input_name (path), data, len, hint, error);
}

HaloManifest *
halo_manifest_load_regular (const char *path, const HaloDigestAlgo *hint, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, HALO_MANIFEST_MAX_SIZE, &data, &len, error))
    return NULL;
  return parse_named (path, data, len, hint, error);
}
