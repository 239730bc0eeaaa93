/* halo-commands.c: halo-integrity's command line: its commands, their options, which takes which.
 */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-commands.h"
#include "halo-text.h"

static const char *const commands[] = { "generate", "verify", "keygen", "sign", NULL };

static gboolean
usage (GError **error, const char *message)
{
  g_set_error_literal (error, HALO_ERROR, HALO_ERROR_USAGE, message);
  return FALSE;
}

/* Options that only one command takes. */
static gboolean
check_options (const HaloIntegrityOptions *o, const HaloCliCommon *common, const char *command,
               GError **error)
{
  gboolean generate = strcmp (command, "generate") == 0;
  gboolean hashing = generate || strcmp (command, "verify") == 0;
  if (!hashing && (common->jobs || common->progress || common->no_progress || o->algorithm))
    return usage (
      error,
      _ ("--algorithm, --jobs, --progress and --no-progress apply to generate and verify only"));
  if (o->sign.sign && !o->output)
    return usage (error, _ ("generate --sign needs -o FILE: it signs the file written"));
  if (generate && common->json)
    return usage (error,
                  _ ("--json applies to verify only; use --format=json for a JSON manifest"));
  if (!generate && (o->format || o->files_from || o->output))
    return usage (error, _ ("--format, --files-from and --output apply to generate only"));
  if (!generate && o->excludes && !o->strict)
    return usage (error, _ ("--exclude applies to generate and verify --strict only"));
  if (o->strict && strcmp (command, "verify") != 0)
    return usage (error, _ ("--strict applies to verify only"));
  return halo_sign_cmd_check_options (&o->sign, command, common->json, error);
}

gboolean
halo_integrity_check_usage (const HaloIntegrityOptions *o, const HaloCliCommon *common,
                            char *const *args, HaloDigestAlgo *algo, HaloManifestFormat *format,
                            GError **error)
{
  guint argc = g_strv_length ((char **) args);
  if (argc < 2)
    return usage (error, _ ("missing command: generate, verify, keygen or sign"));
  const char *command = args[1];
  if (!g_strv_contains (commands, command))
    {
      g_autofree char *shown = halo_text_escape (command);
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                   _ ("unknown command '%s': use generate, verify, keygen or sign"), shown);
      return FALSE;
    }
  if (strcmp (command, "verify") == 0 && argc < 3)
    return usage (error, _ ("verify: missing MANIFEST"));
  if (strcmp (command, "verify") == 0 && argc > 3 && !o->strict)
    return usage (error, _ ("verify: one MANIFEST only (PATHs go with --strict)"));
  if (strcmp (command, "keygen") == 0 && argc != 2)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE, _ ("keygen: unexpected argument '%s'"),
                   args[2]);
      return FALSE;
    }
  if (!check_options (o, common, command, error))
    return FALSE;
  *algo = HALO_DIGEST_SHA256;
  *format = HALO_MANIFEST_JSON;
  g_autoptr (GError) local = NULL;
  if ((o->algorithm && !halo_digest_algo_from_name (o->algorithm, algo, &local))
      || (o->format && !halo_manifest_format_from_name (o->format, format, &local)))
    return usage (error, local->message);
  return TRUE;
}
