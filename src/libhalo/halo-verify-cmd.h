/* halo-verify-cmd.h: verify: a manifest (signed or not) to a verdict and its report (SPEC §6, §10).
 */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-error.h"
#include "halo-json.h"
#include "halo-sign.h"
#include "halo-verify.h"

G_BEGIN_DECLS

typedef struct
{
  const HaloDigestAlgo *algo;      /* -a: how to read a gnu manifest; NULL: as it says */
  const HaloPublicKey *public_key; /* --public-key: check the manifest's signature first */
  gboolean verbose;                /* say the manifest's format and size, the signature's key */
  HaloVerifyOptions verify;
  void (*start) (gpointer user_data); /* if not NULL: called with verify.user_data once the
                                       * manifest is loaded, as the files are looked at */
  HaloMessageFunc message;            /* the -v lines, as HALO_MESSAGE_ERROR */
  gpointer message_data;
} HaloVerifyCmdOptions;

typedef struct
{
  HaloManifest *manifest;   /* NULL when its signature was refused */
  HaloVerifyReport *report; /* NULL when its signature was refused */
  char *sig_path;           /* the signature refused, and why; else NULL */
  char *sig_reason;
} HaloVerifyOutcome;

void halo_verify_outcome_free (HaloVerifyOutcome *v);

/* Load the manifest @manifest ("-": standard input, not with a public key),
 * with @o->public_key from the very bytes whose signature was checked, and
 * verify the files against it.  A refused signature is an outcome (not
 * ok); NULL with @error when the manifest is invalid or unreadable, or the
 * verification cannot run. */
HaloVerifyOutcome *halo_verify_cmd (const char *manifest, const HaloVerifyCmdOptions *o,
                                    GError **error);

/* TRUE when the signature (if checked) is valid and every file matches. */
gboolean halo_verify_outcome_ok (const HaloVerifyOutcome *v);

/* verify --json: the report of @v, or (@v NULL) of the @error that stopped it
 * ("outcome": "invalid"). */
HaloJson *halo_verify_outcome_to_json (const char *manifest, const HaloVerifyOutcome *v,
                                       const GError *error);

/* The report for a person: a line for each problem (@verbose: with both
 * digests), the summary (not when all is well and @quiet), a hint on the
 * algorithm; or the refused signature's line and the verdict. */
char *halo_verify_outcome_text (const char *manifest, const HaloVerifyOutcome *v, gboolean verbose,
                                gboolean quiet);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloVerifyOutcome, halo_verify_outcome_free)
