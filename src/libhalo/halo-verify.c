/* halo-verify.c: comparing a tree with a manifest, and the report (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-verify.h"

/* The report's keywords stay English in every language (SPEC §7). */
static const char *const problem_words[]
  = { "MODIFIED", "MISSING", "NOT A REGULAR FILE", "UNREADABLE", "ADDED" };
/* … and the JSON's "problem" values. */
static const char *const problem_keys[]
  = { "modified", "missing", "not-regular", "unreadable", "added" };

static void
problem_free (gpointer p)
{
  HaloVerifyProblem *x = p;
  g_free (x->path);
  g_free (x->expected);
  g_free (x->actual);
  g_free (x->reason);
  g_free (x);
}

static HaloVerifyReport *
report_new (void)
{
  HaloVerifyReport *r = g_new0 (HaloVerifyReport, 1);
  r->problems = g_ptr_array_new_with_free_func (problem_free);
  return r;
}

void
halo_verify_report_free (HaloVerifyReport *r)
{
  if (r == NULL)
    return;
  if (r->problems)
    g_ptr_array_unref (r->problems);
  g_free (r);
}

gboolean
halo_verify_report_ok (const HaloVerifyReport *r)
{
  return r->n_ok == r->n_files && r->n_added == 0;
}

char *
halo_verify_report_summary (const HaloVerifyReport *r)
{
  if (halo_verify_report_ok (r))
    return g_strdup_printf (
      ngettext ("Integrity OK (%u file)", "Integrity OK (%u files)", r->n_files), r->n_files);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  if (r->n_modified)
    g_ptr_array_add (parts, g_strdup_printf (_ ("%u modified"), r->n_modified));
  if (r->n_missing)
    g_ptr_array_add (parts, g_strdup_printf (_ ("%u missing"), r->n_missing));
  if (r->n_not_regular)
    g_ptr_array_add (parts, g_strdup_printf (_ ("%u not a regular file"), r->n_not_regular));
  if (r->n_unreadable)
    g_ptr_array_add (parts, g_strdup_printf (_ ("%u unreadable"), r->n_unreadable));
  if (r->n_added)
    g_ptr_array_add (parts, g_strdup_printf (_ ("%u added"), r->n_added));
  g_ptr_array_add (parts, NULL);
  g_autofree char *list = g_strjoinv (", ", (char **) parts->pdata);
  /* TRANSLATORS: "Integrity FAILED: 2 of 5 files (1 modified, 1 missing)" */
  return g_strdup_printf (ngettext ("Integrity FAILED: %u of %u file (%s)",
                                    "Integrity FAILED: %u of %u files (%s)", r->n_files),
                          r->n_files - r->n_ok, r->n_files, list);
}

char *
halo_verify_algorithm_hint (const HaloManifest *m, const HaloVerifyReport *r)
{
  guint n = m->entries->len;
  if (m->format != HALO_MANIFEST_GNU || n == 0 || r->n_modified != n)
    return NULL;
  HaloDigestSet used = 0, others = 0;
  for (guint i = 0; i < n; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      used |= e->algos;
      others |= halo_digest_algos_of_length (strlen (e->hex));
    }
  others &= ~used;
  if (others == 0)
    return NULL;
  g_autoptr (GString) tried = g_string_new (NULL);
  g_autoptr (GString) list = g_string_new (NULL);
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    {
      GString *to = (used & HALO_DIGEST_BIT (a))     ? tried
                    : (others & HALO_DIGEST_BIT (a)) ? list
                                                     : NULL;
      if (to)
        g_string_append_printf (to, "%s%s%s", to->len ? ", " : "", to == list ? "-a " : "",
                                halo_digest_algo_name (a));
    }
  /* TRANSLATORS: "hint: every file differs from its sha256 digest; a line of
   * sha256sum does not name its algorithm: was it another of that length?
   * -a sha3-256, -a blake2b-256" */
  return g_strdup_printf (_ ("hint: every file differs from its %s digest; a checksum line does "
                             "not name its algorithm: was it another of that length? %s"),
                          tried->str, list->str);
}

char *
halo_verify_problem_line (const HaloVerifyProblem *p, gboolean verbose)
{
  gboolean escaped;
  g_autofree char *name = halo_manifest_escape_name (p->path, &escaped);
  g_autofree char *detail = NULL;
  if (p->kind == HALO_PROBLEM_UNREADABLE)
    detail = g_strdup (p->reason);
  else if (verbose && p->kind == HALO_PROBLEM_MODIFIED && p->expected && p->actual)
    /* TRANSLATORS: the details of a MODIFIED line with -v: "expected sha256:…,
     * actual sha256:…, 12 bytes" */
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, p->size);
      detail = g_strdup_printf (ngettext ("expected %s, actual %s, %s byte",
                                          "expected %s, actual %s, %s bytes", (gulong) p->size),
                                p->expected, p->actual, size);
    }
  return g_strdup_printf ("%s%s %s%s%s", escaped ? "\\" : "", problem_words[p->kind], name,
                          detail ? ": " : "", detail ? detail : "");
}

HaloJson *
halo_verify_problem_to_json (const HaloVerifyProblem *p)
{
  HaloJson *o = halo_json_new_object ();
  halo_json_object_set (o, "path", halo_json_new_string (p->path));
  halo_json_object_set (o, "problem", halo_json_new_string (problem_keys[p->kind]));
  if (p->expected)
    halo_json_object_set (o, "expected", halo_json_new_string (p->expected));
  if (p->actual)
    halo_json_object_set (o, "actual", halo_json_new_string (p->actual));
  if (p->size >= 0)
    halo_json_object_set (o, "size", halo_json_new_integer (p->size));
  if (p->reason)
    halo_json_object_set (o, "reason", halo_json_new_string (p->reason));
  return o;
}

void
halo_verify_report_add_json (const HaloVerifyReport *r, HaloJson *o)
{
  halo_json_object_set (o, "files", halo_json_new_integer (r->n_files));
  halo_json_object_set (o, "ok", halo_json_new_integer (r->n_ok));
  HaloJson *problems = halo_json_new_array ();
  for (guint i = 0; i < r->problems->len; i++)
    halo_json_array_append (problems, halo_verify_problem_to_json (r->problems->pdata[i]));
  halo_json_object_set (o, "problems", problems);
}

static HaloVerifyProblem *
add_problem (HaloVerifyReport *r, HaloProblemKind kind, const char *path, const char *reason)
{
  HaloVerifyProblem *x = g_new0 (HaloVerifyProblem, 1);
  x->kind = kind;
  x->path = g_strdup (path);
  x->reason = g_strdup (reason);
  x->size = -1;
  g_ptr_array_add (r->problems, x);
  return x;
}

/* The algorithm of @e the file matched, or -1. */
static int
matching_algo (const HaloManifestEntry *e, const HaloHashResult *res)
{
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    if ((e->algos & HALO_DIGEST_BIT (a)) && res->hex[a] && strcmp (res->hex[a], e->hex) == 0)
      return a;
  return -1;
}

static void
add_modified (HaloVerifyReport *r, const HaloManifestEntry *e, const HaloHashResult *res)
{
  HaloVerifyProblem *x = add_problem (r, HALO_PROBLEM_MODIFIED, e->path, NULL);
  /* A gnu line may be of several algorithms of its length: show the first. */
  for (int a = 0; a < HALO_DIGEST_N_ALGOS; a++)
    if ((e->algos & HALO_DIGEST_BIT (a)) && res->hex[a])
      {
        x->expected = g_strdup_printf ("%s:%s", halo_digest_algo_name (a), e->hex);
        x->actual = g_strdup_printf ("%s:%s", halo_digest_algo_name (a), res->hex[a]);
        break;
      }
  x->size = res->size;
}

static void
compare (HaloVerifyReport *r, const HaloManifest *m, const HaloHashResult *results)
{
  for (guint i = 0; i < m->entries->len; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      const HaloHashResult *res = &results[i];
      switch (res->status)
        {
        case HALO_FILE_OK:
          if (matching_algo (e, res) >= 0)
            r->n_ok++;
          else
            {
              r->n_modified++;
              add_modified (r, e, res);
            }
          break;
        case HALO_FILE_MISSING:
          r->n_missing++;
          add_problem (r, HALO_PROBLEM_MISSING, e->path, NULL);
          break;
        case HALO_FILE_NOT_REGULAR:
          r->n_not_regular++;
          add_problem (r, HALO_PROBLEM_NOT_REGULAR, e->path, res->reason);
          break;
        case HALO_FILE_UNREADABLE:
          r->n_unreadable++;
          add_problem (r, HALO_PROBLEM_UNREADABLE, e->path, res->reason);
          break;
        }
    }
}

/* The regular files under @o->paths that @m does not list, walked as
 * generate walks; the manifest itself and its signatures are not added. */
static GPtrArray *
find_added (const HaloManifest *m, const char *manifest_path, const HaloVerifyOptions *o,
            GError **error)
{
  HaloWalkOptions walk = { o->excludes };
  g_autofree char *own = NULL;
  struct stat st;
  if (manifest_path && !g_path_is_absolute (manifest_path))
    own = halo_manifest_path_normalize (manifest_path, NULL);
  walk.skip_path = own;
  if (manifest_path && stat (manifest_path, &st) == 0 && S_ISREG (st.st_mode))
    {
      walk.skip_inode = TRUE;
      walk.skip_dev = st.st_dev;
      walk.skip_ino = st.st_ino;
    }
  g_autoptr (GPtrArray) files = halo_walk_collect (o->paths, &walk, NULL, error);
  if (files == NULL)
    return NULL;
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < m->entries->len; i++)
    g_hash_table_add (listed, ((HaloManifestEntry *) m->entries->pdata[i])->path);
  g_autofree char *minisig = own ? g_strconcat (own, ".minisig", NULL) : NULL;
  g_autofree char *sig = own ? g_strconcat (own, ".sig", NULL) : NULL;
  if (own)
    {
      g_hash_table_add (listed, minisig);
      g_hash_table_add (listed, sig);
    }
  GPtrArray *added = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < files->len; i++)
    if (!g_hash_table_contains (listed, files->pdata[i]))
      g_ptr_array_add (added, g_strdup (files->pdata[i]));
  return added;
}

HaloVerifyReport *
halo_verify (const HaloManifest *m, const char *manifest_path, const HaloVerifyOptions *o,
             GError **error)
{
  static const HaloVerifyOptions defaults = { 0 };
  if (o == NULL)
    o = &defaults;
  /* The walk first: a PATH that cannot be walked is trouble, found before
   * any hashing. */
  g_autoptr (GPtrArray) added = NULL;
  if (o->strict && (added = find_added (m, manifest_path, o, error)) == NULL)
    return NULL;
  guint n = m->entries->len;
  g_autofree const char **paths = g_new0 (const char *, n + 1);
  g_autofree HaloDigestSet *algos = g_new0 (HaloDigestSet, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const HaloManifestEntry *e = m->entries->pdata[i];
      paths[i] = e->path;
      algos[i] = e->algos;
    }
  /* scan-build: "potential leak of paths, algos" is false: g_autofree frees them
   * (clang 14's analyzer does not model the cleanup attribute). */
  HaloHashResult *results
    = halo_walk_hash (paths, FALSE, algos, n, n, o->jobs, o->progress, o->user_data, error);
  if (results == NULL)
    return NULL;
  HaloVerifyReport *r = report_new ();
  r->n_files = n;
  compare (r, m, results);
  halo_hash_results_free (results, n);
  for (guint i = 0; added && i < added->len; i++)
    add_problem (r, HALO_PROBLEM_ADDED, added->pdata[i], NULL);
  r->n_added = added ? added->len : 0;
  r->n_files += r->n_added;
  return r;
}

HaloVerifyReport *
halo_verify_file (const char *manifest_path, const HaloVerifyOptions *options, GError **error)
{
  g_autoptr (HaloManifest) m = halo_manifest_load_regular (manifest_path, NULL, error);
  if (m == NULL)
    return NULL;
  /* scan-build: "potential leak of m" is false: g_autoptr frees it (clang 14's
   * analyzer does not model the cleanup attribute). */
  return halo_verify (m, manifest_path, options, error);
}
