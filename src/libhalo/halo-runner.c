/* halo-runner.c: what halo-run decides, as a pure function of the state (SPEC §4). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "halo-runner.h"

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

gboolean
halo_unichar_is_space (gunichar c)
{
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
         || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
         || c == 0x3000 || c == 0xFEFF;
}

guint
halo_next_step_targets (const char *next_step)
{
  guint found = 0;
  if (next_step == NULL)
    return 0;
  gsize len = strlen (next_step);
  for (gsize i = 0; i + 5 < len; i++)
    {
      if (g_ascii_strncasecmp (next_step + i, "stage", 5) != 0)
        continue;
      if (i > 0 && is_word_byte (next_step[i - 1]))
        continue;
      const char *p = next_step + i + 5;
      const char *end = next_step + len;
      gboolean spaced = FALSE;
      while (p < end)
        {
          gunichar c = g_utf8_get_char_validated (p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2 || !halo_unichar_is_space (c))
            break;
          spaced = TRUE;
          p = g_utf8_next_char (p);
        }
      if (!spaced || p >= end)
        continue;
      char letter = g_ascii_toupper (*p);
      if (letter < 'A' || letter > 'D')
        continue;
      if (p + 1 < end && is_word_byte (p[1]))
        continue;
      found |= 1u << (HALO_STAGE_A + (letter - 'A'));
    }
  return found;
}

/* The optimal string alignment distance of @word (lower case) from "stage",
 * or 3 when it is certainly more than 2. */
static guint
distance_from_stage (const char *word, gsize n)
{
  static const char target[] = "stage";
  const gsize m = sizeof target - 1;
  if (n + 2 < m || n > m + 2)
    return 3;
  guint d[8][6];
  for (gsize i = 0; i <= n; i++)
    d[i][0] = (guint) i;
  for (gsize j = 0; j <= m; j++)
    d[0][j] = (guint) j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = word[i - 1] != target[j - 1];
        guint best = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && word[i - 1] == target[j - 2] && word[i - 2] == target[j - 1])
          best = MIN (best, d[i - 2][j - 2] + 1);
        d[i][j] = best;
      }
  return d[n][m];
}

/* The letter at @p standing alone: an ASCII letter not followed by a word
 * character.  Returns it, or 0. */
static char
lone_letter (const char *p)
{
  if (!g_ascii_isalpha (p[0]) || is_word_byte (p[1]))
    return 0;
  return g_ascii_toupper (p[0]);
}

char
halo_next_step_misspelt (const char *next_step)
{
  if (next_step == NULL)
    return 0;
  for (const char *p = next_step; *p;)
    {
      if (!g_ascii_isalpha (*p) || (p > next_step && is_word_byte (p[-1])))
        {
          p++;
          continue;
        }
      const char *end = p;
      while (g_ascii_isalpha (*end))
        end++;
      gsize n = end - p;
      if (n <= 7)
        {
          char word[8];
          for (gsize i = 0; i < n; i++)
            word[i] = g_ascii_tolower (p[i]);
          guint dist = distance_from_stage (word, n);
          /* "StageB": a capital A-D glued to the word. */
          if (n >= 2 && end[-1] >= 'A' && end[-1] <= 'D' && !is_word_byte (*end)
              && distance_from_stage (word, n - 1) <= 2)
            return end[-1];
          if (dist <= 2)
            {
              /* The separator: white space, or punctuation a hand might type. */
              const char *q = end;
              gboolean spaced = FALSE, punct = FALSE;
              for (;; q = g_utf8_next_char (q))
                {
                  gunichar c = g_utf8_get_char_validated (q, -1);
                  if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0)
                    break;
                  if (halo_unichar_is_space (c))
                    spaced = TRUE;
                  else if (!punct && strchr (":_-.=#", (int) c) != NULL)
                    punct = TRUE;
                  else
                    break;
                }
              char letter = (spaced || punct) ? lone_letter (q) : 0;
              /* "Stage B" itself matches; "Stage B" with a white space that
               * is not one is not a misspelling to point at either. */
              gboolean exact = dist == 0 && !punct;
              if (letter && (!exact || letter < 'A' || letter > 'D'))
                return letter;
            }
        }
      p = end;
    }
  return 0;
}

HaloDecision
halo_runner_decide (HaloStage current, const char *next_step)
{
  HaloDecision d = { HALO_OUTCOME_NO_TARGET, current, HALO_STAGE_NONE, HALO_MOVE_FORBIDDEN, 0 };
  d.targets = halo_next_step_targets (next_step);
  if (d.targets == 0)
    return d;
  if ((d.targets & (d.targets - 1)) != 0)
    {
      d.outcome = HALO_OUTCOME_AMBIGUOUS;
      return d;
    }
  d.to = (HaloStage) g_bit_nth_lsf (d.targets, -1);
  if (d.to == current)
    {
      d.outcome = HALO_OUTCOME_ALREADY_THERE;
      return d;
    }
  d.kind = halo_transition_kind (current, d.to);
  d.outcome = d.kind == HALO_MOVE_FORBIDDEN ? HALO_OUTCOME_FORBIDDEN : HALO_OUTCOME_APPLY;
  return d;
}

gboolean
halo_decision_succeeds (const HaloDecision *decision)
{
  return decision->outcome == HALO_OUTCOME_APPLY || decision->outcome == HALO_OUTCOME_NO_TARGET
         || decision->outcome == HALO_OUTCOME_ALREADY_THERE;
}

const char *
halo_outcome_name (HaloOutcome outcome)
{
  switch (outcome)
    {
    case HALO_OUTCOME_APPLY:
      return "applied";
    case HALO_OUTCOME_NO_TARGET:
      return "no-target";
    case HALO_OUTCOME_ALREADY_THERE:
      return "already-there";
    case HALO_OUTCOME_FORBIDDEN:
    case HALO_OUTCOME_AMBIGUOUS:
      return "refused";
    }
  return "refused";
}

char *
halo_decision_describe_step (const HaloDecision *d, const char *blocking_question,
                             const char *next_step)
{
  char letter = 0;
  if (d->outcome == HALO_OUTCOME_NO_TARGET && !blocking_question && next_step)
    letter = halo_next_step_misspelt (next_step);
  if (letter >= 'A' && letter <= 'D')
    return g_strdup_printf (_ ("nothing to do: next_step \"%s\" names no stage; did you mean "
                               "\"Stage %c\"?"),
                            next_step, letter);
  if (letter)
    return g_strdup_printf (_ ("nothing to do: next_step \"%s\" names no stage; there is no "
                               "Stage %c, only \"Stage A\" to \"Stage D\""),
                            next_step, letter);
  return halo_decision_describe (d, blocking_question);
}

char *
halo_decision_describe (const HaloDecision *d, const char *blocking_question)
{
  const char *from = halo_stage_name (d->from);
  const char *to = halo_stage_name (d->to);
  switch (d->outcome)
    {
    case HALO_OUTCOME_APPLY:
      return g_strdup_printf ("%s -> %s", from, to);
    case HALO_OUTCOME_NO_TARGET:
      if (blocking_question)
        return g_strdup_printf (_ ("nothing to do: the pipeline is BLOCKED by a question: %s"),
                                blocking_question);
      return g_strdup (_ ("nothing to do: next_step names no stage"));
    case HALO_OUTCOME_ALREADY_THERE:
      return g_strdup_printf (_ ("already at stage %s: nothing to do"), to);
    case HALO_OUTCOME_FORBIDDEN:
      {
        g_autofree char *allowed = halo_transition_describe_allowed (d->from);
        return g_strdup_printf (_ ("transition %s -> %s is forbidden; allowed from %s: %s"), from,
                                to, from, allowed);
      }
    case HALO_OUTCOME_AMBIGUOUS:
      {
        GString *names = g_string_new (NULL);
        for (int s = HALO_STAGE_A; s <= HALO_STAGE_D; s++)
          if (d->targets & (1u << s))
            g_string_append_printf (names, "%s%s", names->len ? ", " : "", halo_stage_name (s));
        g_autofree char *list = g_string_free (names, FALSE);
        return g_strdup_printf (
          _ ("next_step names more than one stage (%s): refusing an ambiguous request"), list);
      }
    }
  return NULL;
}
