/* fuzz-csvsource.c — libFuzzer target for the CSV reader (om_csv_read_data).
 *
 * Every input must end in TRUE or in a GError, never in a crash, a leak or undefined
 * behaviour; the input's first byte also picks the options, so explicit delimiters and
 * encodings are fuzzed as well as sniffing. Built with -DOM_LIBFUZZER and
 * -fsanitize=fuzzer it is a libFuzzer target; without, main() runs the files named on the
 * command line once each (for reproducing a crash, or as a smoke test in CI).
 */
#include "input/csvsource.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

#ifndef OM_LIBFUZZER
int
main(int argc, char **argv)
{
  int status = 0;
  for (int i = 1; i < argc; i++) {
    gchar *contents = NULL;
    gsize len = 0;
    GError *error = NULL;
    if (!g_file_get_contents(argv[i], &contents, &len, &error)) {
      fprintf(stderr, "%s\n", error->message);
      g_error_free(error);
      status = 1;
      continue;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)contents, len);
    g_free(contents);
  }
  return status;
}
#endif
