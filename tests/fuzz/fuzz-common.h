/* fuzz-common.h: what every libFuzzer harness of tests/fuzz shares. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A broken invariant is a bug: print it and abort, so that libFuzzer keeps
 * the input and the replay driver fails. */
#define FUZZ_ASSERT(cond, ...)                                                                  \
  do                                                                                           \
    {                                                                                          \
      if (!(cond))                                                                             \
        {                                                                                      \
          fprintf (stderr, "fuzz invariant broken at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
          fprintf (stderr, __VA_ARGS__);                                                       \
          fputc ('\n', stderr);                                                                \
          abort ();                                                                            \
        }                                                                                      \
    }                                                                                          \
  while (0)

/* Once per process: a GLib critical or warning is an API misuse, i.e. a bug. */
static inline void
fuzz_init_once (void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
