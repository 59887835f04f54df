/* safe-file.c — atomic output that never follows a link (contract in safe-file.h).
 *
 * The destination's directory is opened once (O_NOFOLLOW | O_DIRECTORY) and every later
 * step is relative to that descriptor (openat, fstatat, renameat), so a directory swapped
 * for a link half-way cannot redirect the write. rename(2) replaces a link itself rather
 * than writing through it, so even a link planted between the check and the rename is
 * never followed; it is still refused at commit, because the user named a file, not a link.
 *
 * It must never print or exit, and never leave a temporary file behind after a failure.
 */
#include "base/safe-file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct OmSafeFile {
  char *path;      /* as the user named it, for messages */
  char *base;      /* its last component */
  char *tmp;       /* the temporary file's name in the directory */
  int dirfd;       /* the destination's directory */
  int fd;          /* the temporary file, -1 once closed */
  int write_errno; /* the first failed write's reason (stdio forgets it) */
  FILE *stream;    /* over fd; NULL once closed */
  gboolean existed;
  gboolean committed;
  gboolean sync; /* fsync file and directory at commit (not with OM_SAFE_FILE_SYNC_LATER) */
};

static gboolean
refuse(GError **error, const char *path, const char *why)
{
  g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write %s: %s", path, why);
  return FALSE;
}

/* Checks what is at `base` in dirfd now: nothing or a regular file is fine. */
static gboolean
check_destination(int dirfd, const char *path, const char *base, gboolean *existed, GError **error)
{
  struct stat st;
  *existed = FALSE;
  if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT)
      return TRUE;
    return refuse(error, path, g_strerror(errno));
  }
  if (S_ISLNK(st.st_mode))
    return refuse(error, path,
                  "it is a symbolic link, and oudermonitor never writes through a link; "
                  "remove the link or name another file");
  if (S_ISDIR(st.st_mode))
    return refuse(error, path, "it is a directory; name a file");
  if (!S_ISREG(st.st_mode))
    return refuse(error, path, "it is not a regular file (a device, pipe or socket); name a file");
  *existed = TRUE;
  return TRUE;
}

static int
open_directory(const char *path, const char *dir, GError **error)
{
  struct stat st;
  if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *why = g_strdup_printf("its directory %s is a symbolic link; name the directory it "
                                "points to, or a file in another directory",
                                dir);
    refuse(error, path, why);
    g_free(why);
    return -1;
  }
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    refuse(error, path, g_strerror(errno));
  return fd;
}

/* The stream's write function: all bytes to the file, the first failure's errno kept so that
 * the message can say "File too large" or "No space left on device". */
static ssize_t
cookie_write(void *cookie, const char *buf, size_t size)
{
  OmSafeFile *f = cookie;
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(f->fd, buf + done, size - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (!f->write_errno)
        f->write_errno = n < 0 ? errno : EIO;
      return done > 0 ? (ssize_t)done : -1;
    }
    done += (size_t)n;
  }
  return (ssize_t)size;
}

OmSafeFile *
om_safe_file_new(const char *path, OmSafeFileMode mode, GError **error)
{
  g_return_val_if_fail(path != NULL && *path != '\0', NULL);
  size_t len = strlen(path);
  if (path[len - 1] == '/') {
    refuse(error, path, "it names a directory; name a file");
    return NULL;
  }
  char *dir = g_path_get_dirname(path);
  int dirfd = open_directory(path, dir, error);
  g_free(dir);
  if (dirfd < 0)
    return NULL;
  OmSafeFile *f = g_new0(OmSafeFile, 1);
  f->fd = -1;
  f->path = g_strdup(path);
  f->base = g_path_get_basename(path);
  f->dirfd = dirfd;
  if (!check_destination(dirfd, path, f->base, &f->existed, error)) {
    om_safe_file_free(f);
    return NULL;
  }
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; attempt++) {
    g_free(f->tmp);
    f->tmp = g_strdup_printf(".%s.%08x.tmp", f->base, g_random_int());
    fd = openat(dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                (mode & OM_SAFE_FILE_PRIVATE) ? 0600 : 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0) {
    refuse(error, path, g_strerror(errno));
    g_clear_pointer(&f->tmp, g_free);
    om_safe_file_free(f);
    return NULL;
  }
  /* A private file stays private even under a permissive umask or an odd filesystem. */
  if (mode & OM_SAFE_FILE_PRIVATE)
    (void)fchmod(fd, 0600);
  f->fd = fd;
  f->sync = !(mode & OM_SAFE_FILE_SYNC_LATER);
  f->stream = fopencookie(f, "w", (cookie_io_functions_t){ .write = cookie_write });
  if (!f->stream) {
    refuse(error, path, g_strerror(errno));
    om_safe_file_free(f);
    return NULL;
  }
  return f;
}

FILE *
om_safe_file_stream(OmSafeFile *f)
{
  g_return_val_if_fail(f != NULL, NULL);
  return f->stream;
}

static gboolean
fail_commit(OmSafeFile *f, int err, GError **error)
{
  g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write %s: %s; %s", f->path, g_strerror(err),
              f->existed ? "the previous file is unchanged" : "nothing was written");
  return FALSE;
}

/* Flushes, syncs and closes the stream; returns 0 or the first errno. */
static int
close_stream(OmSafeFile *f)
{
  int err = 0;
  if ((fflush(f->stream) != 0 || ferror(f->stream)) && !f->write_errno)
    f->write_errno = EIO;
  fclose(f->stream);
  f->stream = NULL;
  err = f->write_errno;
  if (!err && f->sync && fsync(f->fd) != 0)
    err = errno;
  if (close(f->fd) != 0 && !err)
    err = errno;
  f->fd = -1;
  return err;
}

gboolean
om_safe_file_commit(OmSafeFile *f, GError **error)
{
  g_return_val_if_fail(f != NULL && f->stream != NULL && !f->committed, FALSE);
  int err = close_stream(f);
  if (err)
    return fail_commit(f, err, error);
  gboolean existed;
  if (!check_destination(f->dirfd, f->path, f->base, &existed, error))
    return FALSE;
  if (renameat(f->dirfd, f->tmp, f->dirfd, f->base) != 0)
    return fail_commit(f, errno, error);
  f->committed = TRUE;
  /* The rename itself must reach the disk; some filesystems cannot sync a directory, and
   * the file is complete either way. */
  if (f->sync)
    (void)fsync(f->dirfd);
  return TRUE;
}

gboolean
om_safe_file_sync_folder(const char *dir, GError **error)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || syncfs(fd) != 0) {
    int err = errno;
    if (fd >= 0)
      close(fd);
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write %s to disk: %s", dir, g_strerror(err));
    return FALSE;
  }
  close(fd);
  return TRUE;
}

void
om_safe_file_free(OmSafeFile *f)
{
  if (!f)
    return;
  if (f->stream)
    fclose(f->stream);
  if (f->fd >= 0)
    close(f->fd);
  if (f->tmp && !f->committed)
    (void)unlinkat(f->dirfd, f->tmp, 0);
  if (f->dirfd >= 0)
    close(f->dirfd);
  g_free(f->path);
  g_free(f->base);
  g_free(f->tmp);
  g_free(f);
}

gboolean
om_safe_file_write_with(const char *path, OmSafeFileMode mode, OmSafeFileWriteFunc fn,
                        gpointer data, GError **error)
{
  g_return_val_if_fail(fn != NULL, FALSE);
  OmSafeFile *f = om_safe_file_new(path, mode, error);
  if (!f)
    return FALSE;
  gboolean ok = fn(f->stream, data, error) && om_safe_file_commit(f, error);
  om_safe_file_free(f);
  return ok;
}

gboolean
om_safe_file_write_bytes(const char *path, OmSafeFileMode mode, const void *bytes, gsize len,
                         GError **error)
{
  OmSafeFile *f = om_safe_file_new(path, mode, error);
  if (!f)
    return FALSE;
  /* Straight to the file in one write(2), past the stream's buffer: thousands of charts
   * are written this way. A failure is kept in write_errno, which the commit reports. */
  if (len)
    (void)cookie_write(f, bytes, len);
  gboolean ok = om_safe_file_commit(f, error);
  om_safe_file_free(f);
  return ok;
}
