/* safe-file.h — every file the program writes (the store aside), whole or not at all, and
 * never through a link.
 *
 * A safe file is written to a temporary file in the destination's own directory, flushed
 * and fsync'ed, and renamed over the destination, so a reader sees the previous file or the
 * new one, never a part; a failed write (a full disk, a file size limit) removes the
 * temporary file and leaves the previous file as it was (or nothing).
 *
 * Refused, before anything is written and with a message that says what to do:
 *   - a destination that is a symbolic link (it is never followed: a link planted where an
 *     output goes would otherwise have us overwrite the file it points to);
 *   - a destination that is a directory, a device, a pipe or anything but a regular file;
 *   - a destination whose directory, as named, is itself a symbolic link (the file would
 *     land in a directory that is not the one the user named).
 *
 * Files holding respondent data are created 0600 whatever mode an earlier file had; other
 * files 0666 less the umask, as fopen would make them.
 *
 * This module must never know what it writes, and never print or exit: failures are
 * GErrors in the OM_ERROR domain, OM_ERROR_IO (the command's exit code 4).
 */
#ifndef OUDERMONITOR_SAFE_FILE_H
#define OUDERMONITOR_SAFE_FILE_H

#include <stdio.h>

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef enum {
  OM_SAFE_FILE_PUBLIC = 0,  /* 0666 & ~umask: charts, reports, aggregated tables */
  OM_SAFE_FILE_PRIVATE = 1, /* 0600: anything that holds respondent data */
  /* Or'ed with either: no fsync of this file and its directory. Still whole or not at all
   * (rename), but not yet durable: for a batch of thousands of files (charts, reports per
   * municipality) whose writer syncs the file system once at the end with
   * om_safe_file_sync_folder before it reports success. */
  OM_SAFE_FILE_SYNC_LATER = 2,
} OmSafeFileMode;

/* Syncs the file system that holds dir (syncfs): what a batch written with
 * OM_SAFE_FILE_SYNC_LATER needs before it is reported done. FALSE with OM_ERROR_IO naming
 * dir when it cannot. */
gboolean om_safe_file_sync_folder(const char *dir, GError **error);

typedef struct OmSafeFile OmSafeFile;

/* Checks the destination (see the refusals above) and opens a temporary file beside it.
 * Returns NULL with OM_ERROR_IO and a message naming `path` when the destination is
 * refused or the temporary file cannot be made; nothing is created then. Transfer full:
 * finish with om_safe_file_commit and/or om_safe_file_free. */
OmSafeFile *om_safe_file_new(const char *path, OmSafeFileMode mode, GError **error);

/* The stream to write to (buffered). Transfer none: never fclose it; write errors on it
 * are found by om_safe_file_commit. */
FILE *om_safe_file_stream(OmSafeFile *f);

/* Flushes, fsyncs and closes the temporary file, checks the destination again, renames
 * the temporary file over it and fsyncs the directory. Returns FALSE with OM_ERROR_IO
 * ("cannot write PATH: reason; the previous file is unchanged", or "...; nothing was
 * written" when there was none) on any failure, including an earlier write error on the
 * stream; the temporary file is then removed. Call at most once. */
gboolean om_safe_file_commit(OmSafeFile *f, GError **error);

/* Frees f. Without a successful commit, the temporary file is removed and the destination
 * left untouched (the way to abandon an output after a failure). Accepts NULL. */
void om_safe_file_free(OmSafeFile *f);

/* Writes through a callback: opens as om_safe_file_new, calls fn(stream, data, error) and
 * commits when it returns TRUE; when it returns FALSE (with *error set) nothing is
 * renamed and fn's error is passed on unchanged. The form for a renderer that draws into
 * a stream (e.g. a cairo write function over the FILE *). */
typedef gboolean (*OmSafeFileWriteFunc)(FILE *out, gpointer data, GError **error);
gboolean om_safe_file_write_with(const char *path, OmSafeFileMode mode, OmSafeFileWriteFunc fn,
                                 gpointer data, GError **error);

/* Writes `len` bytes (transfer none) as a safe file. Failure as om_safe_file_commit. */
gboolean om_safe_file_write_bytes(const char *path, OmSafeFileMode mode, const void *bytes,
                                  gsize len, GError **error);

G_END_DECLS

#endif
