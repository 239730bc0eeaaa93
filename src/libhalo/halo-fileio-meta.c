/* halo-fileio-meta.c: who may use a replaced file: the write check, owner, group, xattrs, mode. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "halo-error.h"
#include "halo-fileio-private.h"

#define ACL_ACCESS "system.posix_acl_access"

gboolean
halo_file_check_writable (int dfd, const char *base, const struct stat *st, const char *path,
                          GError **error)
{
  /* root passes every permission check: the mode bits are the owner's intent. */
  if ((st->st_mode & 0222) == 0)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO,
                   _ ("cannot replace %s: the file is read-only (mode %04o)"), path,
                   (unsigned) (st->st_mode & 07777));
      return FALSE;
    }
  /* The kernel's answer, POSIX ACLs included.  Only a denial refuses: a
   * read-only file system or an immutable file fails later, saying where. */
  if (faccessat (dfd, base, W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) < 0 && errno == EACCES)
    {
      g_set_error (error, HALO_ERROR, HALO_ERROR_IO,
                   _ ("cannot replace %s: this user may not write it (mode %04o)"), path,
                   (unsigned) (st->st_mode & 07777));
      return FALSE;
    }
  return TRUE;
}

/* The list of names of @fd's extended attributes (@name NULL: flistxattr)
 * or the value of @name (fgetxattr), however long, in *@out; its length, or
 * -1 with errno set. */
static gssize
get_all (int fd, const char *name, char **out)
{
  for (int attempt = 0; attempt < 10; attempt++)
    {
      gssize size = name ? fgetxattr (fd, name, NULL, 0) : flistxattr (fd, NULL, 0);
      if (size < 0)
        return -1;
      if (size == 0) /* the common case: no attribute at all, one call */
        {
          *out = g_strdup ("");
          return 0;
        }
      g_autofree char *buf = g_malloc (size + 1);
      gssize n = name ? fgetxattr (fd, name, buf, size) : flistxattr (fd, buf, size);
      if (n >= 0)
        {
          buf[n] = '\0';
          *out = g_steal_pointer (&buf);
          return n;
        }
      /* scan-build: "potential leak of buf" is false: g_autofree frees it
       * (clang 14's analyzer does not model the cleanup attribute). */
      if (errno != ERANGE) /* ERANGE: it grew meanwhile */
        return -1;
    }
  return -1;
}

/* Every extended attribute of @from onto @to; an ACL that @to inherited from
 * its directory's default ACL, where @from has none, is removed. */
static gboolean
copy_xattrs (int from, int to, GError **error)
{
  g_autofree char *names = NULL;
  gssize len = get_all (from, NULL, &names);
  if (len < 0 && (errno == ENOTSUP || errno == ENOSYS))
    len = 0; /* no extended attributes on this file system: the old file has none */
  else if (len < 0)
    return halo_error_set_errno (error, errno, "flistxattr");
  gboolean had_acl = FALSE;
  for (const char *name = names; name && name < names + len; name += strlen (name) + 1)
    {
      g_autofree char *value = NULL;
      gssize size = get_all (from, name, &value);
      if (size < 0 && errno == ENODATA) /* removed meanwhile */
        continue;
      if (size < 0)
        return halo_error_set_errno (error, errno, "fgetxattr %s", name);
      if (fsetxattr (to, name, value, size, 0) < 0)
        return halo_error_set_errno (error, errno, "fsetxattr %s", name);
      had_acl = had_acl || strcmp (name, ACL_ACCESS) == 0;
    }
  /* scan-build: "potential leak of name" is false: name points into names,
   * which g_autofree frees (the cleanup attribute is not modelled). */
  if (!had_acl && fremovexattr (to, ACL_ACCESS) < 0 && errno != ENODATA && errno != ENOTSUP)
    return halo_error_set_errno (error, errno, "fremovexattr %s", ACL_ACCESS);
  return TRUE;
}

gboolean
halo_file_copy_access (int oldfd, const struct stat *old, int fd, GError **error)
{
  struct stat st;
  if (fstat (fd, &st) < 0)
    return halo_error_set_errno (error, errno, "fstat");
  mode_t mode = old->st_mode & 07777;
  /* Ownership first: a chown clears set-user-ID and set-group-ID. */
  if ((st.st_uid != old->st_uid || st.st_gid != old->st_gid)
      && fchown (fd, old->st_uid, old->st_gid) < 0)
    {
      if (errno != EPERM)
        return halo_error_set_errno (error, errno, "fchown");
      /* Only root may give a file away: keep at least the group, so that its
       * members can still use the file.  Without it the group bits would
       * apply to another group: refuse.  The old owner's set-user-ID does
       * not pass to the caller. */
      if (st.st_gid != old->st_gid && fchown (fd, (uid_t) -1, old->st_gid) < 0)
        return halo_error_set_errno (error, errno, _ ("fchown to keep the group %u"),
                                     (unsigned) old->st_gid);
      mode &= ~S_ISUID;
    }
  /* The ACL before the mode: the file stays 0600 until it has the old ACL,
   * so its mask never becomes group permissions, and the chmod after it
   * changes no permission but restores the bits that setting it may clear. */
  if (!copy_xattrs (oldfd, fd, error))
    return FALSE;
  if (fchmod (fd, mode) < 0)
    return halo_error_set_errno (error, errno, "fchmod");
  return TRUE;
}
