/* halo-integrity-sign.h: halo-integrity's keygen and sign commands and its signature options. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-cli.h"
#include "halo-manifest.h"
#include "halo-sign.h"

typedef struct
{
  char *public_key;
  char *public_key_string;
  char *secret_key;
  char *trusted_comment;
  char *password_file;
  gboolean no_password;
  gboolean force;
  gboolean signify;
  gboolean sign;
  gboolean history;
} HaloSignOptions;

extern HaloSignOptions sign_opts;
extern const GOptionEntry sign_entries[];

/* Usage errors of the signing options for @command ("generate", "verify",
 * "keygen", "sign"): HALO_EXIT_OK or HALO_EXIT_TROUBLE, the error printed. */
int sign_check_options (const char *command, const HaloCliCommon *common);

int run_keygen (const HaloCliCommon *common);
/* sign FILE… and sign --history. */
int run_sign (const HaloCliCommon *common, char **files);
/* The secret key of --secret-key (or the default), its password asked for
 * when it is encrypted. */
HaloSecretKey *sign_open_secret_key (const HaloCliCommon *common, GError **error);
/* generate -o M --sign: the key, opened before the hashing (NULL: the error
 * was printed, exit 2), then the signature of what was written. */
HaloSecretKey *sign_open_key_for_generate (const HaloCliCommon *common);
int sign_written (const HaloSecretKey *sk, const char *path);

/* The public key of --public-key or --public-key-string: FALSE with the error
 * printed (exit 2) when it cannot be read; *@have FALSE when none was given. */
gboolean sign_load_public_key (HaloPublicKey *pk, gboolean *have);

/* verify --public-key: the manifest parsed from the very bytes whose signature
 * by @pk was checked.  NULL with *@status 1 when the signature is refused
 * (the SIGNATURE line and verdict printed), else NULL with @error. */
HaloManifest *sign_load_signed_manifest (const HaloCliCommon *common, const HaloPublicKey *pk,
                                         const HaloDigestAlgo *hint, const char *manifest,
                                         int *status, GError **error);
