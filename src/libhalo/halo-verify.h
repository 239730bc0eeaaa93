/* halo-verify.h: comparing a tree with a manifest, and the report (SPEC §6). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef HALO_CORE_LAYER
#error "the core of libhalo does not include the hashing part (HACKING: Layers)"
#endif

#include <glib.h>

#include "halo-json.h"
#include "halo-manifest.h"
#include "halo-walk.h"

G_BEGIN_DECLS

typedef enum
{
  HALO_PROBLEM_MODIFIED,
  HALO_PROBLEM_MISSING,
  HALO_PROBLEM_NOT_REGULAR,
  HALO_PROBLEM_UNREADABLE,
  HALO_PROBLEM_ADDED,
} HaloProblemKind;

typedef struct
{
  HaloProblemKind kind;
  char *path;
  char *expected; /* MODIFIED: the manifest's digest, "ALGO:HEX"; else NULL */
  char *actual;   /* MODIFIED: the file's digest in the same algorithm; else NULL */
  gint64 size;    /* MODIFIED: the file's size in bytes; else -1 */
  char *reason;   /* UNREADABLE, NOT A REGULAR FILE: why; else NULL */
} HaloVerifyProblem;

typedef struct
{
  /* n_files: the manifest's entries plus the files added; n_ok: the entries
   * that match. */
  guint n_files, n_ok, n_modified, n_missing, n_not_regular, n_unreadable, n_added;
  GPtrArray *problems; /* of HaloVerifyProblem: the entries' in manifest order, then ADDED */
} HaloVerifyReport;

void halo_verify_report_free (HaloVerifyReport *r);

/* TRUE when every entry matches and nothing was added. */
gboolean halo_verify_report_ok (const HaloVerifyReport *r);

/* "Integrity OK (3 files)" /
 * "Integrity FAILED: 2 of 4 files (1 modified, 1 added)" */
char *halo_verify_report_summary (const HaloVerifyReport *r);

/* When every entry of the gnu manifest @m mismatched (@r), a line naming the
 * other algorithms of its digest length ("-a blake2b-256"?): a gnu line does
 * not say which it is.  Else NULL. */
char *halo_verify_algorithm_hint (const HaloManifest *m, const HaloVerifyReport *r);

/* One line of the report: "MODIFIED path", "UNREADABLE path: reason",
 * "ADDED path"; names escaped as coreutils escapes them.  @verbose: a
 * MODIFIED line also gives both digests and the size. */
char *halo_verify_problem_line (const HaloVerifyProblem *p, gboolean verbose);

/* The one schema of a problem in every --json: {"path", "problem",
 * "expected", "actual", "size", "reason"}, the members that apply. */
HaloJson *halo_verify_problem_to_json (const HaloVerifyProblem *p);
/* Set the members "files": N, "ok": N, "problems": [ … ] of @object. */
void halo_verify_report_add_json (const HaloVerifyReport *r, HaloJson *object);

typedef struct
{
  guint jobs;               /* hashing workers, 0: the online CPUs */
  gboolean strict;          /* also look for files the manifest does not list */
  const char *const *paths; /* strict: where to look (NULL: the whole root) */
  char **excludes;          /* strict: what the walk leaves out, as generate's */
  HaloWalkProgressFunc progress;
  gpointer user_data;
} HaloVerifyOptions;

/* Check every entry of @m against the files under the current directory;
 * with @options->strict, also walk @options->paths as generate does and
 * report each regular file @m does not list as ADDED, except the manifest
 * @manifest_path itself (if not NULL) and its signatures (.minisig, .sig).
 * NULL with @error only when a PATH cannot be walked or hashing cannot
 * start. */
HaloVerifyReport *halo_verify (const HaloManifest *m, const char *manifest_path,
                               const HaloVerifyOptions *options, GError **error);

/* Load the project's manifest at @manifest_path (any format; a regular file,
 * as halo_manifest_load_regular reads it) and verify it.  NULL with
 * HALO_ERROR_INVALID/IO for an invalid or unreadable manifest. */
HaloVerifyReport *halo_verify_file (const char *manifest_path, const HaloVerifyOptions *options,
                                    GError **error);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HaloVerifyReport, halo_verify_report_free)
