/* halo-sign-tty.c: the password of a secret key, from the terminal with echo off or a file. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio.h"
#include "halo-sign.h"

#define PASSWORD_MAX 1024

void
halo_sign_password_free (char *password)
{
  if (password == NULL)
    return;
  halo_sign_wipe (password, strlen (password));
  g_free (password);
}

/* The first line of @buf (@len bytes), without "\n" or "\r\n". */
static char *
first_line (const char *buf, gsize len)
{
  const char *nl = memchr (buf, '\n', len);
  gsize n = nl ? (gsize) (nl - buf) : len;
  if (n > 0 && buf[n - 1] == '\r')
    n--;
  return g_strndup (buf, n);
}

static char *
read_password_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!halo_file_read_regular (path, PASSWORD_MAX, &data, &len, error))
    return NULL;
  char *pw = first_line (data, len);
  halo_sign_wipe (data, len);
  return pw;
}

/* One line from the terminal @fd, echo off. */
static char *
read_tty_line (int fd, const char *prompt, GError **error)
{
  struct termios old, quiet;
  gboolean restore = tcgetattr (fd, &old) == 0;
  if (write (fd, prompt, strlen (prompt)) < 0)
    {
      halo_error_set_errno (error, errno, _ ("cannot write to the terminal"));
      return NULL;
    }
  if (restore)
    {
      quiet = old;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      quiet.c_lflag |= ICANON;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  char buf[PASSWORD_MAX];
  gsize len = 0;
  int errsv = 0;
  while (len < sizeof buf)
    {
      ssize_t n = read (fd, buf + len, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          errsv = n < 0 ? errno : 0;
          break;
        }
      if (buf[len] == '\n')
        break;
      len++;
    }
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &old);
  (void) !write (fd, "\n", 1);
  char *pw = errsv ? NULL : first_line (buf, len);
  halo_sign_wipe (buf, sizeof buf);
  if (errsv)
    halo_error_set_errno (error, errsv, _ ("cannot read the password from the terminal"));
  return pw;
}

static char *read_tty_password (const char *prompt, const char *confirm_prompt, GError **error);

char *
halo_sign_read_password (const char *password_file, const char *prompt, const char *confirm_prompt,
                         GError **error)
{
  char *pw = NULL;
  if (password_file)
    pw = read_password_file (password_file, error);
  else
    pw = read_tty_password (prompt, confirm_prompt, error);
  if (pw && *pw == '\0')
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE,
                   _ ("the password is empty (use -W for a key without one)"));
      halo_sign_password_free (pw);
      return NULL;
    }
  return pw;
}

static char *
read_tty_password (const char *prompt, const char *confirm_prompt, GError **error)
{
  int fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      halo_error_set_errno (error, errno,
                            _ ("no terminal to read the password from (use --password-file)"));
      return NULL;
    }
  char *pw = read_tty_line (fd, prompt, error);
  if (pw && confirm_prompt)
    {
      char *again = read_tty_line (fd, confirm_prompt, error);
      if (again == NULL || strcmp (pw, again) != 0)
        {
          if (again)
            g_set_error (error, HALO_ERROR, HALO_ERROR_USAGE, _ ("the passwords do not match"));
          halo_sign_password_free (pw);
          pw = NULL;
        }
      halo_sign_password_free (again);
    }
  close (fd);
  return pw;
}
