/* halo-status.h: the state file: load, validate, canonical bytes, save (SPEC §3). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "halo-json.h"

#include "halo-stage.h"

G_BEGIN_DECLS

#define HALO_STATUS_DEFAULT_PATH "progress/status.json"
#define HALO_STATUS_MAX_SIZE (1024 * 1024)

/* The nine members of SPEC §3, in canonical order. */
const char *const *halo_status_members (void);

/* Every violation of SPEC §3 in @root, as "member: rule" strings (empty when
 * valid).  Pure: no I/O. */
GPtrArray *halo_status_validate (const HaloJson *root);

/* A state is the HaloJson object of the file's top level.
 * Parse and validate @len bytes.  On failure the error (HALO_ERROR_INVALID)
 * lists every problem, one a line, each prefixed with "@display: ". */
HaloJson *halo_status_parse (const char *data, gsize len, const char *display, GError **error);

/* The canonical bytes of a valid state (SPEC §3), trailing newline included. */
GBytes *halo_status_to_bytes (const HaloJson *status);

/* A new state at stage READY with an empty next_step (halo-run --init). */
HaloJson *halo_status_new_initial (void);

HaloStage halo_status_get_stage (const HaloJson *status);
const char *halo_status_get_next_step (const HaloJson *status);
/* The blocking question, or NULL when the pipeline is not BLOCKED. */
const char *halo_status_get_blocking_question (const HaloJson *status);
/* Move to @stage: current_stage = @stage, stage_progress_percent = 0. */
void halo_status_set_stage (HaloJson *status, HaloStage stage);

/* The canonical bytes of @status, ready to be written to @path: validated, and
 * refused when they exceed HALO_STATUS_MAX_SIZE (a compact file under the
 * limit can grow past it in canonical form, and no later read would accept
 * it).  Errors are HALO_ERROR_INVALID and name @path. */
GBytes *halo_status_serialize (const HaloJson *status, const char *path, GError **error);

/* Move @status to @stage (halo_status_set_stage) and check that the result can
 * be written to @path (halo_status_serialize): what a run would write, also
 * for a dry run or a check that writes nothing. */
GBytes *halo_status_apply (HaloJson *status, HaloStage stage, const char *path, GError **error);

/* Read and validate the state file at @path (refusing links, directories,
 * FIFOs, devices and files over HALO_STATUS_MAX_SIZE). */
HaloJson *halo_status_load (const char *path, GError **error);
/* Validate, then replace @path atomically and durably (SPEC §3). */
gboolean halo_status_save (const char *path, const HaloJson *status, GError **error);

G_END_DECLS
