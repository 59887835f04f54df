/* source.c — picking the record source for a file by its first bytes.
 *
 * Never knows what records mean; never prints. Adding a format is one more reader in the
 * table below, CSV last because it takes anything that is text.
 */
#include "input/source.h"

#include <errno.h>
#include <unistd.h>

static gboolean
csv_recognises(const guchar *head, gsize n)
{
  (void)head;
  (void)n;
  return TRUE; /* the fallback: csvsource refuses binary files itself, saying what they are */
}

static gboolean
csv_read(const char *path, const OmSourceOptions *opts, OmRecordFunc fn, gpointer user_data,
         OmSourceInfo *info, GError **error)
{
  OmCsvInfo csv = { 0 };
  if (!om_csv_read_file(path, &opts->csv, fn, user_data, &csv, error))
    return FALSE;
  if (info) {
    info->format = "csv";
    info->csv = csv;
  }
  return TRUE;
}

static const OmSourceReader csv_reader = { "csv", csv_recognises, csv_read };

static const OmSourceReader *const readers[] = { &om_sav_reader, &csv_reader };

gboolean
om_source_read_file(const char *path, const OmSourceOptions *opts, OmRecordFunc fn,
                    gpointer user_data, OmSourceInfo *info, GError **error)
{
  static const OmSourceOptions none = { 0 };
  g_return_val_if_fail(path != NULL && fn != NULL, FALSE);
  if (!opts)
    opts = &none;
  guint64 size = 0;
  int fd = om_input_open_regular(path, &size, error);
  if (fd < 0)
    return FALSE;
  guchar head[16];
  ssize_t n;
  do
    n = read(fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  int read_errno = errno;
  close(fd);
  if (n < 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read: %s", path, g_strerror(read_errno));
    return FALSE;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(readers); i++)
    if (readers[i]->recognises(head, (gsize)n))
      return readers[i]->read(path, opts, fn, user_data, info, error);
  g_assert_not_reached();
}
