/* halo-error.h: the HALO_ERROR domain and its mapping onto exit statuses. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HALO_ERROR (halo_error_quark ())
GQuark halo_error_quark (void);

/* Every code maps onto one exit status of SPEC §7 (see halo_error_exit_status). */
typedef enum
{
  HALO_ERROR_REFUSED = 1, /* a negative verdict: transition refused (exit 1) */
  HALO_ERROR_MISMATCH,    /* a negative verdict: integrity mismatch (exit 1) */
  HALO_ERROR_INVALID,     /* invalid input: state file, manifest (exit 2) */
  HALO_ERROR_IO,          /* a system call failed (exit 2) */
  HALO_ERROR_BUSY,        /* the lock is held by another run (exit 2) */
  HALO_ERROR_USAGE,       /* bad command line (exit 2) */
  HALO_ERROR_NOT_DURABLE, /* state replaced but the directory flush failed (exit 2) */
} HaloErrorCode;

enum
{
  HALO_EXIT_OK = 0,
  HALO_EXIT_NEGATIVE = 1,
  HALO_EXIT_TROUBLE = 2,
};

int halo_error_exit_status (const GError *error);

/* What a command of the library has to say besides its result or its error,
 * handed to the program in order (halo_cli_message prints it): a line for
 * standard error (without "PROGRAM: " and without a newline), or text for
 * standard output (with its newlines). */
typedef enum
{
  HALO_MESSAGE_ERROR,  /* standard error */
  HALO_MESSAGE_OUTPUT, /* standard output */
} HaloMessageKind;

typedef void (*HaloMessageFunc) (HaloMessageKind kind, const char *text, gpointer user_data);

/* Format a message and hand it to @func (nothing when @func is NULL): the
 * one way a command of the library says something. */
void halo_message (HaloMessageFunc func, gpointer user_data, HaloMessageKind kind,
                   const char *format, ...) G_GNUC_PRINTF (4, 5);

/* Fill @error from errno @errsv: "@what: strerror". */
gboolean halo_error_set_errno (GError **error, int errsv, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

G_END_DECLS
