/* bench-import.c — how long a national wave takes: parse, import, tally, estimate.
 *
 * Usage: bench-import DIR SURVEY.ini
 *   DIR holds register.csv and ouders-2016.csv as `gen-sample --national` writes them.
 * Prints one line per stage with wall-clock seconds and rows per second. A benchmark,
 * never a test: nothing here passes or fails on time.
 */
#include "stats/analysis.h"
#include "input/csvsource.h"
#include "import/import.h"
#include "input/register.h"
#include "store/store.h"
#include "stats/tally.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static gboolean
count_row(const OmCsvRow *row, gpointer data, GError **error)
{
  (void)row;
  (void)error;
  (*(guint64 *)data)++;
  return TRUE;
}

static void
die(GError *e)
{
  fprintf(stderr, "bench-import: %s\n", e->message);
  exit(1);
}

int
main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: bench-import DIR SURVEY.ini\n");
    return 2;
  }
  char *reg_path = g_build_filename(argv[1], "register.csv", NULL);
  char *wave_path = g_build_filename(argv[1], "ouders-2016.csv", NULL);
  char *tmp = g_dir_make_tmp("om-bench-XXXXXX", NULL);
  char *db = g_build_filename(tmp, "bench.db", NULL);
  GError *e = NULL;
  GStatBuf sb;
  g_stat(wave_path, &sb);

  gint64 t0 = g_get_monotonic_time();
  guint64 rows = 0;
  if (!om_csv_read_file(wave_path, NULL, count_row, &rows, NULL, &e))
    die(e);
  double t_parse = (g_get_monotonic_time() - t0) / 1e6;
  printf("parse     %8.2f s  %10.0f rows/s  (%" G_GUINT64_FORMAT " records, %.1f MB)\n", t_parse,
         rows / t_parse, rows, sb.st_size / 1e6);

  OmSurvey *survey = om_survey_new_from_file(argv[2], &e);
  OmRegister *reg = survey ? om_register_new_from_file(reg_path, &e) : NULL;
  OmStore *st = reg ? om_store_open(db, OM_STORE_OPEN_OR_CREATE, &e) : NULL;
  if (!st || !om_store_begin(st, &e))
    die(e);
  for (guint i = 0; i < om_register_size(reg); i++)
    if (!om_store_put_institution(st, om_register_get(reg, i), NULL, &e))
      die(e);
  if (!om_store_commit(st, &e))
    die(e);

  OmImportOptions opts = { .skip_rows = -1 };
  OmImportReport *rep = om_import_report_new();
  t0 = g_get_monotonic_time();
  if (!om_import_file(st, survey, wave_path, &opts, rep, &e))
    die(e);
  double t_import = (g_get_monotonic_time() - t0) / 1e6;
  g_stat(db, &sb);
  printf("import    %8.2f s  %10.0f rows/s  (%" G_GUINT64_FORMAT " respondents, store %.1f MB)\n",
         t_import, rep->respondents / t_import, rep->respondents, sb.st_size / 1e6);

  t0 = g_get_monotonic_time();
  OmTally *tally = om_tally_new(st, "ouders", &e);
  if (!tally)
    die(e);
  double t_tally = (g_get_monotonic_time() - t0) / 1e6;
  printf("tally     %8.2f s  %10.0f rows/s  (%u indicators)\n", t_tally, rep->respondents / t_tally,
         om_survey_n_indicators(om_tally_survey(tally)));

  GArray *insts = om_store_institutions(st, &e);
  OmAnalysisOptions aopts = OM_ANALYSIS_OPTIONS_INIT;
  t0 = g_get_monotonic_time();
  OmAnalysis *a = insts ? om_analysis_new(tally, insts, "relatie", NULL, &aopts, &e) : NULL;
  if (!a)
    die(e);
  double t_an = (g_get_monotonic_time() - t0) / 1e6;
  printf("estimate  %8.2f s  (%u scope units, one indicator)\n", t_an, om_analysis_n_series(a));

  om_analysis_free(a);
  g_array_unref(insts);
  om_tally_free(tally);
  om_import_report_free(rep);
  om_store_free(st);
  om_register_free(reg);
  om_survey_free(survey);
  char *wal = g_strconcat(db, "-wal", NULL), *shm = g_strconcat(db, "-shm", NULL);
  g_remove(db);
  g_remove(wal);
  g_remove(shm);
  g_rmdir(tmp);
  g_free(wal);
  g_free(shm);
  g_free(db);
  g_free(tmp);
  g_free(reg_path);
  g_free(wave_path);
  return 0;
}
