/* fuzz-import.c — libFuzzer target for the import path: a survey export into an in-memory
 * store (om_import_file), with the test register (tests/data/import) and surveys/ouders.ini.
 *
 * Every input must end in a stored wave or a GError with the store as it was — never a
 * crash, a leak or undefined behaviour. After a successful import the wave is read back
 * through the store's API, as export and tally read it. Each input gets a fresh store, so
 * runs do not depend on each other. Built as fuzz-common.h says; the definition and register
 * come from the source tree (OM_FUZZ_SURVEY, OM_FUZZ_REGISTER, compiled in).
 */
#include "import/import.h"
#include "input/register.h"
#include "input/survey.h"
#include "store/store.h"

#include "fuzz-common.h"

static OmSurvey *survey;
static OmRegister *reg;

static gboolean
read_back(const char *respondent, const char *institution, const gint32 *answers, guint n,
          gpointer data, GError **error)
{
  (void)error;
  gint64 *sum = data;
  *sum += (gint64)strlen(respondent) + (gint64)strlen(institution);
  for (guint i = 0; i < n; i++)
    *sum += answers[i];
  return TRUE;
}

static OmStore *
fresh_store(void)
{
  GError *error = NULL;
  OmStore *st = om_store_open(":memory:", OM_STORE_OPEN_OR_CREATE, &error);
  if (!st)
    g_error("cannot open an in-memory store: %s", error->message);
  if (!om_store_begin(st, &error))
    g_error("%s", error->message);
  for (guint i = 0; i < om_register_size(reg); i++) {
    OmPutResult r;
    if (!om_store_put_institution(st, om_register_get(reg, i), &r, &error))
      g_error("%s", error->message);
  }
  if (!om_store_commit(st, &error))
    g_error("%s", error->message);
  return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  if (!survey) {
    if (!(survey = om_survey_new_from_file(OM_FUZZ_SURVEY, &error))
        || !(reg = om_register_new_from_file(OM_FUZZ_REGISTER, &error)))
      g_error("%s", error->message);
  }
  /* A first byte below 0x20 (never the start of a real export) picks the options and is
   * not part of the file; otherwise everything is sniffed, as for the seed corpus. */
  static const char delimiters[] = { 0, ',', ';', '\t' };
  OmImportOptions opts = { .skip_rows = -1 };
  if (size > 0 && data[0] < 0x20) {
    opts.delimiter = delimiters[data[0] & 3];
    opts.encoding = (OmEncoding)((data[0] >> 2) % 3);
    opts.skip_rows = (data[0] >> 4) - 1; /* -1 (detect) or 0 */
    data++;
    size--;
  }
  char path[64];
  int fd = fuzz_memfd(data, size, path);
  if (fd < 0)
    return 0;
  OmStore *st = fresh_store();
  OmImportReport *rep = om_import_report_new();
  if (om_import_file(st, survey, path, &opts, rep, &error) && rep->wave_id > 0) {
    gint64 sum = 0;
    if (!om_store_foreach_respondent(st, rep->wave_id, read_back, &sum, &error))
      g_error("a stored wave does not read back: %s", error->message);
  }
  g_clear_error(&error);
  om_import_report_free(rep);
  om_store_free(st);
  close(fd);
  return 0;
}
