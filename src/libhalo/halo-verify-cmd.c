/* halo-verify-cmd.c: verify: a manifest (signed or not) to a verdict and its report (SPEC §6, §10).
 */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <glib/gi18n.h>

#include "halo-text.h"
#include "halo-verify-cmd.h"

/* A line for standard error, through the program's message function. */
#define say(o, ...) halo_message ((o)->message, (o)->message_data, HALO_MESSAGE_ERROR, __VA_ARGS__)

void
halo_verify_outcome_free (HaloVerifyOutcome *v)
{
  if (v == NULL)
    return;
  g_clear_pointer (&v->manifest, halo_manifest_free);
  g_clear_pointer (&v->report, halo_verify_report_free);
  g_free (v->sig_path);
  g_free (v->sig_reason);
  g_free (v);
}

/* With a public key: the manifest, parsed from the very bytes whose signature
 * was checked.  A refused signature fills @v's sig_path and sig_reason. */
static gboolean
load_signed (const char *manifest, const HaloVerifyCmdOptions *o, HaloVerifyOutcome *v,
             GError **error)
{
  g_autofree char *sig_path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local = NULL;
  if (!halo_sign_available (error))
    return FALSE;
  if (!halo_sign_check_file (manifest, HALO_MANIFEST_MAX_SIZE, TRUE, o->public_key, &sig_path,
                             &bytes, &local))
    {
      if (!g_error_matches (local, HALO_ERROR, HALO_ERROR_MISMATCH))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      v->sig_path = g_steal_pointer (&sig_path);
      v->sig_reason = g_strdup (local->message);
      return TRUE;
    }
  if (o->verbose)
    {
      g_autofree char *id = halo_public_key_id (o->public_key->keynum);
      say (o, _ ("%s: a valid signature by key %s"), sig_path, id);
    }
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  v->manifest = halo_manifest_parse (data, len, o->algo, error);
  if (v->manifest == NULL)
    {
      g_prefix_error (error, _ ("invalid manifest %s: "), manifest);
      return FALSE;
    }
  return TRUE;
}

HaloVerifyOutcome *
halo_verify_cmd (const char *manifest, const HaloVerifyCmdOptions *o, GError **error)
{
  g_autoptr (HaloVerifyOutcome) v = g_new0 (HaloVerifyOutcome, 1);
  if (o->public_key && !load_signed (manifest, o, v, error))
    return NULL;
  if (o->public_key == NULL)
    v->manifest = halo_manifest_load (manifest, o->algo, error);
  const HaloManifest *m = v->manifest;
  if (m == NULL) /* a refused signature, or @error */
    return v->sig_path ? g_steal_pointer (&v) : NULL;
  if (o->verbose)
    {
      static const char *const formats[] = { "json", "gnu", "bsd" };
      say (o,
           ngettext ("%s: a %s manifest of %u entry", "%s: a %s manifest of %u entries",
                     m->entries->len),
           manifest, formats[m->format], m->entries->len);
    }
  if (o->start)
    o->start (o->verify.user_data);
  v->report = halo_verify (m, manifest, &o->verify, error);
  if (v->report == NULL)
    /* scan-build: "potential leak of v" is false: g_autoptr frees it (clang 14's
     * analyzer does not model the cleanup attribute). */
    return NULL;
  return g_steal_pointer (&v);
}

gboolean
halo_verify_outcome_ok (const HaloVerifyOutcome *v)
{
  return v->report != NULL && halo_verify_report_ok (v->report);
}

static char *
signature_summary (const char *manifest)
{
  return g_strdup_printf (_ ("Integrity FAILED: %s has no valid signature "
                             "by the given key; the files were not checked"),
                          manifest);
}

HaloJson *
halo_verify_outcome_to_json (const char *manifest, const HaloVerifyOutcome *v, const GError *error)
{
  g_return_val_if_fail ((v == NULL) != (error == NULL), NULL);
  HaloJson *out = halo_json_new_object ();
  const char *outcome = v == NULL ? "invalid" : halo_verify_outcome_ok (v) ? "ok" : "failed";
  halo_json_object_set (out, "outcome", halo_json_new_string (outcome));
  halo_json_object_set (out, "manifest", halo_json_new_string (manifest));
  if (v && v->sig_path)
    {
      /* Through the one JSON writer: a name that is not UTF-8 stays
       * recognisable (\xNN), as in verify's report. */
      HaloJson *problem = halo_json_new_object ();
      halo_json_object_set (problem, "path", halo_json_new_string (v->sig_path));
      halo_json_object_set (problem, "problem", halo_json_new_string ("signature"));
      halo_json_object_set (problem, "reason", halo_json_new_string (v->sig_reason));
      HaloJson *problems = halo_json_new_array ();
      halo_json_array_append (problems, problem);
      halo_json_object_set (out, "problems", problems);
      halo_json_object_set (out, "message",
                            halo_json_new_string_take (signature_summary (manifest)));
    }
  else if (v)
    {
      halo_verify_report_add_json (v->report, out);
      halo_json_object_set (out, "message",
                            halo_json_new_string_take (halo_verify_report_summary (v->report)));
    }
  else
    halo_json_object_set (out, "message", halo_json_new_string (error->message));
  return out;
}

char *
halo_verify_outcome_text (const char *manifest, const HaloVerifyOutcome *v, gboolean verbose,
                          gboolean quiet)
{
  GString *text = g_string_new (NULL);
  if (v->sig_path)
    {
      g_autofree char *shown = halo_text_escape (v->sig_path);
      g_autofree char *summary = signature_summary (manifest);
      g_string_append_printf (text, "SIGNATURE %s: %s\n%s\n", shown, v->sig_reason, summary);
      return g_string_free (text, FALSE);
    }
  const HaloVerifyReport *r = v->report;
  for (guint i = 0; i < r->problems->len; i++)
    {
      g_autofree char *line = halo_verify_problem_line (r->problems->pdata[i], verbose);
      g_string_append_printf (text, "%s\n", line);
    }
  g_autofree char *summary = halo_verify_report_summary (r);
  g_autofree char *hint = halo_verify_algorithm_hint (v->manifest, r);
  if (!halo_verify_report_ok (r) || !quiet)
    g_string_append_printf (text, "%s\n", summary);
  if (hint)
    g_string_append_printf (text, "%s\n", hint);
  return g_string_free (text, FALSE);
}
