/* halo-sign-cmd.h: halo-integrity's keygen and sign commands, and the keys its other commands take
 * (SPEC §10). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-error.h"
#include "halo-sign.h"

G_BEGIN_DECLS

/* The signing options of the command line (the program's option table fills
 * them), and how the command reports. */
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
  gboolean sign;    /* generate --sign */
  gboolean history; /* sign --history */

  /* Set by the program after parsing. */
  const char *status; /* --status=FILE, NULL: progress/status.json */
  gboolean quiet;
  gboolean verbose;
  HaloMessageFunc message; /* what a command says besides its error */
  gpointer message_data;
} HaloSignOptions;

/* Usage errors (HALO_ERROR_USAGE) of the signing options for @command
 * ("generate", "verify", "keygen", "sign"); @json: --json was given. */
gboolean halo_sign_cmd_check_options (const HaloSignOptions *o, const char *command, gboolean json,
                                      GError **error);

/* keygen: a new key pair, the secret key encrypted with a password unless -W;
 * refuses to overwrite existing key files unless --force. */
gboolean halo_sign_cmd_keygen (const HaloSignOptions *o, GError **error);

/* sign FILE… (@files NULL-terminated; the program refuses none without
 * --history) and sign --history. */
gboolean halo_sign_cmd_sign (const HaloSignOptions *o, const char *const *files, GError **error);

/* The secret key of --secret-key (or the default), its password asked for
 * when it is encrypted; fails when signing is not available. */
HaloSecretKey *halo_sign_cmd_open_secret_key (const HaloSignOptions *o, GError **error);

/* The public key of --public-key or --public-key-string: FALSE with @error when
 * it cannot be read; *@have FALSE when none was given. */
gboolean halo_sign_cmd_load_public_key (const HaloSignOptions *o, HaloPublicKey *pk, gboolean *have,
                                        GError **error);

void halo_sign_options_clear (HaloSignOptions *o);

G_END_DECLS

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HaloSignOptions, halo_sign_options_clear)
