/* halo-stage.h: the stage vocabulary and the transition table (SPEC §2). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HALO_STAGE_INIT,
  HALO_STAGE_READY,
  HALO_STAGE_A,
  HALO_STAGE_B,
  HALO_STAGE_C,
  HALO_STAGE_D,
  HALO_N_STAGES,
  HALO_STAGE_NONE = -1,
} HaloStage;

typedef enum
{
  HALO_MOVE_FORBIDDEN = 0,
  HALO_MOVE_FORWARD,
  HALO_MOVE_RETURN,
} HaloMoveKind;

typedef struct
{
  HaloStage from;
  HaloStage to;
  HaloMoveKind kind;
} HaloTransition;

const char *halo_stage_name (HaloStage stage);
HaloStage halo_stage_from_name (const char *name);

/* The table of SPEC §2: every allowed move; all other pairs are forbidden. */
const HaloTransition *halo_transitions (gsize *n_transitions);
HaloMoveKind halo_transition_kind (HaloStage from, HaloStage to);

/* "C (forward), A (return)", or "none" (untranslated stage names). */
char *halo_transition_describe_allowed (HaloStage from);

G_END_DECLS
