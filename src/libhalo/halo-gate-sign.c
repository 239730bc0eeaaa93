/* halo-gate-sign.c: halo-check's signatures row (SPEC §5, §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-gate.h"
#include "halo-manifest.h"
#include "halo-sign.h"

static void
add (HaloGateReport *r, HaloVerdict v, char *line)
{
  if (v == HALO_VERDICT_FAIL)
    r->verdicts[HALO_CHECK_SIGNATURES] = HALO_VERDICT_FAIL;
  g_ptr_array_add (r->messages[HALO_CHECK_SIGNATURES],
                   g_strdup_printf ("%s %s", halo_verdict_name (v), line));
  g_free (line);
}

void
halo_gate_check_signatures (HaloGateReport *r, const char *status_path, const void *public_key)
{
  const HaloPublicKey *pk = public_key;
  g_autoptr (GError) error = NULL;
  r->signatures_checked = TRUE;
  r->verdicts[HALO_CHECK_SIGNATURES] = HALO_VERDICT_PASS;
  if (!halo_sign_available (&error))
    {
      r->verdicts[HALO_CHECK_SIGNATURES] = HALO_VERDICT_FAIL;
      g_ptr_array_add (r->messages[HALO_CHECK_SIGNATURES], g_strdup (error->message));
      return;
    }
  g_autofree char *id = halo_public_key_id (pk->keynum);
  for (guint i = 0; i < r->manifests->len; i++)
    {
      const HaloManifestResult *m = r->manifests->pdata[i];
      g_autofree char *sig_path = NULL;
      if (halo_sign_check_file (m->manifest, HALO_MANIFEST_MAX_SIZE, TRUE, pk, &sig_path, NULL,
                                &error))
        add (r, HALO_VERDICT_PASS,
             g_strdup_printf (_ ("%s: signed by key %s (%s)"), m->manifest, id, sig_path));
      else if (g_error_matches (error, HALO_ERROR, HALO_ERROR_MISMATCH))
        add (r, HALO_VERDICT_FAIL,
             g_strdup_printf ("%s: SIGNATURE %s: %s", m->manifest, sig_path, error->message));
      else
        add (r, HALO_VERDICT_FAIL, g_strdup_printf ("%s: %s", m->manifest, error->message));
      g_clear_error (&error);
    }
  gboolean signed_head = FALSE;
  guint64 records = 0;
  g_autofree char *head = halo_sign_head_path (status_path);
  if (!halo_sign_check_history_head (status_path, pk, &signed_head, &records, &error))
    add (r, HALO_VERDICT_FAIL, g_strdup_printf ("%s: %s", head, error->message));
  else if (signed_head)
    add (r, HALO_VERDICT_PASS,
         g_strdup_printf (ngettext ("%s: the log still holds the %llu signed record",
                                    "%s: the log still holds the %llu signed records",
                                    (unsigned long) records),
                          head, (unsigned long long) records));
  if (r->manifests->len == 0 && !signed_head)
    {
      r->verdicts[HALO_CHECK_SIGNATURES] = HALO_VERDICT_SKIP;
      g_ptr_array_add (r->messages[HALO_CHECK_SIGNATURES],
                       g_strdup_printf (_ ("nothing to check: no manifest and no %s"), head));
    }
}
