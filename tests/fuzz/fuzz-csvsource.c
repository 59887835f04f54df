/* fuzz-csvsource.c — libFuzzer target for the CSV reader (om_csv_read_data).
 *
 * Every input must end in TRUE or in a GError, never in a crash, a leak or undefined
 * behaviour; the input's first byte also picks the options, so explicit delimiters and
 * encodings are fuzzed as well as sniffing. Built as fuzz-common.h says: a libFuzzer
 * target, or a program that replays files and directories.
 */
#include "input/csvsource.h"

#include "fuzz-common.h"

static gboolean
ignore_row(const OmCsvRow *row, gpointer user_data, GError **error)
{
  (void)error;
  /* touch every field so that a bad pointer or length shows under ASan */
  gsize *total = user_data;
  for (guint i = 0; i < row->n_fields; i++)
    *total += row->lengths[i] + (row->fields[i][row->lengths[i]] == '\0');
  return TRUE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char delimiters[] = { 0, ',', ';', '\t' };
  OmCsvOptions opts = { 0 };
  if (size > 0) {
    opts.delimiter = delimiters[data[0] & 3];
    opts.encoding = (OmEncoding)((data[0] >> 2) % 3);
  }
  gsize total = 0;
  OmCsvInfo info;
  GError *error = NULL;
  if (!om_csv_read_data("fuzz.csv", (const char *)data, size, &opts, ignore_row, &total, &info,
                        &error))
    g_clear_error(&error);
  return 0;
}
