/* halo-commands.h: halo-integrity's command line: its commands, their options, which takes which.
 */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "halo-cli.h"
#include "halo-digest.h"
#include "halo-manifest.h"
#include "halo-sign-cmd.h"

G_BEGIN_DECLS

/* The options of halo-integrity besides those of halo-cli (its option table
 * fills them). */
typedef struct
{
  char *algorithm;
  char *format;
  char **excludes;
  char *files_from;
  char *output;
  gboolean strict;
  HaloSignOptions sign;
} HaloIntegrityOptions;

/* The usage errors (HALO_ERROR_USAGE) of halo-integrity's command line after
 * parsing: @args the arguments left (@args[0] the program, @args[1] the
 * command), @o and @common the options given.  On success *@algo and
 * *@format hold -a's algorithm and --format's format (else the defaults). */
gboolean halo_integrity_check_usage (const HaloIntegrityOptions *o, const HaloCliCommon *common,
                                     char *const *args, HaloDigestAlgo *algo,
                                     HaloManifestFormat *format, GError **error);

G_END_DECLS
