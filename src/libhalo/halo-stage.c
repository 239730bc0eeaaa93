/* halo-stage.c: the stage vocabulary and the transition table (SPEC §2). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "halo-stage.h"

static const char *const stage_names[HALO_N_STAGES] = {
  "INIT", "READY", "A", "B", "C", "D",
};

/* The one table that drives the runner, the checker, the man page and the tests. */
static const HaloTransition transitions[] = {
  { HALO_STAGE_INIT, HALO_STAGE_READY, HALO_MOVE_FORWARD },
  { HALO_STAGE_READY, HALO_STAGE_A, HALO_MOVE_FORWARD },
  { HALO_STAGE_A, HALO_STAGE_B, HALO_MOVE_FORWARD },
  { HALO_STAGE_B, HALO_STAGE_C, HALO_MOVE_FORWARD },
  { HALO_STAGE_C, HALO_STAGE_D, HALO_MOVE_FORWARD },
  { HALO_STAGE_B, HALO_STAGE_A, HALO_MOVE_RETURN },
  { HALO_STAGE_C, HALO_STAGE_B, HALO_MOVE_RETURN },
  { HALO_STAGE_D, HALO_STAGE_C, HALO_MOVE_RETURN },
};

const char *
halo_stage_name (HaloStage stage)
{
  if (stage < 0 || stage >= HALO_N_STAGES)
    return NULL;
  return stage_names[stage];
}

HaloStage
halo_stage_from_name (const char *name)
{
  if (name == NULL)
    return HALO_STAGE_NONE;
  for (int i = 0; i < HALO_N_STAGES; i++)
    if (strcmp (name, stage_names[i]) == 0)
      return (HaloStage) i;
  return HALO_STAGE_NONE;
}

const HaloTransition *
halo_transitions (gsize *n_transitions)
{
  *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

HaloMoveKind
halo_transition_kind (HaloStage from, HaloStage to)
{
  for (gsize i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].to == to)
      return transitions[i].kind;
  return HALO_MOVE_FORBIDDEN;
}

char *
halo_transition_describe_allowed (HaloStage from)
{
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      if (transitions[i].from != from)
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%s (%s)", halo_stage_name (transitions[i].to),
                              transitions[i].kind == HALO_MOVE_FORWARD ? _ ("forward")
                                                                       : _ ("return"));
    }
  if (s->len == 0)
    g_string_append (s, _ ("none"));
  return g_string_free (s, FALSE);
}
