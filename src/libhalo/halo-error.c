/* halo-error.c: the HALO_ERROR domain and its mapping onto exit statuses. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include "halo-error.h"

G_DEFINE_QUARK (halo - error - quark, halo_error)

int
halo_error_exit_status (const GError *error)
{
  if (error == NULL)
    return HALO_EXIT_OK;
  if (error->domain == HALO_ERROR
      && (error->code == HALO_ERROR_REFUSED || error->code == HALO_ERROR_MISMATCH))
    return HALO_EXIT_NEGATIVE;
  return HALO_EXIT_TROUBLE;
}

gboolean
halo_error_set_errno (GError **error, int errsv, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HALO_ERROR, HALO_ERROR_IO, "%s: %s", what, g_strerror (errsv));
  return FALSE;
}

void
halo_message (HaloMessageFunc func, gpointer user_data, HaloMessageKind kind, const char *format,
              ...)
{
  if (func == NULL)
    return;
  va_list args;
  va_start (args, format);
  g_autofree char *text = g_strdup_vprintf (format, args);
  va_end (args);
  func (kind, text, user_data);
}
