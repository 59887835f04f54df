/* cli-data.c — the options of the commands that analyse the store (--ci, --level, --min-n)
 * and where the default targets file lives. The loading and the evaluation run are in
 * present/evaluation.c. */
#include "cli/cli-data.h"
#include "cli/cli.h"
#include "base/datadir.h"

#include <stdio.h>
#include <string.h>

void
cli_add_analysis_options(GOptionContext *ctx, CliAnalysisArgs *args)
{
  GOptionEntry entries[] = {
    {"ci", 0, 0, G_OPTION_ARG_STRING, &args->ci, "Interval method: wilson (default), exact, jeffreys, agresti-coull, wald for one proportion; logit (default) or beta for design-based estimates", "METHOD"},
    {"level", 'l', 0, G_OPTION_ARG_DOUBLE, &args->level, "Confidence level (default 0.95)", "L"},
    {"min-n", 0, 0, G_OPTION_ARG_INT, &args->min_n, "Minimum valid answers for a published share (default 10)", "N"},
    G_OPTION_ENTRY_NULL};
  g_option_context_add_main_entries(ctx, entries, NULL);
}

gboolean
cli_check_analysis_options(GOptionContext *ctx, CliAnalysisArgs *args, OmAnalysisOptions *out,
                           int *status)
{
  *out = (OmAnalysisOptions)OM_ANALYSIS_OPTIONS_INIT;
  gboolean ok = TRUE;
  if (args->ci) {
    OmCiMethod m;
    if (!om_ci_method_from_string(args->ci, &m)) {
      *status = cli_usage_error(ctx, "--ci '%s' is not wilson, exact, jeffreys, agresti-coull, "
                                     "wald, logit or beta", args->ci);
      ok = FALSE;
    } else if (m == OM_CI_LOGIT || m == OM_CI_BETA) {
      out->design_method = m;
    } else {
      out->method = m;
    }
  }
  if (ok && !(args->level > 0 && args->level < 1)) {
    *status = cli_usage_error(ctx, "--level %g must lie between 0 and 1, e.g. 0.95", args->level);
    ok = FALSE;
  }
  if (ok && args->min_n < 1) {
    *status = cli_usage_error(ctx, "--min-n must be at least 1");
    ok = FALSE;
  }
  out->level = args->level;
  out->min_n = (guint64)MAX(args->min_n, 1);
  if (ok && args->min_n < 5)
    fprintf(stderr, "%s: warning: --min-n %d publishes the shares of groups of %d parents; "
                    "the default is 10\n",
            cli_prog, args->min_n, args->min_n);
  g_clear_pointer(&args->ci, g_free);
  return ok;
}

const char *
cli_default_targets(void)
{
  if (g_file_test("surveys/targets.ini", G_FILE_TEST_EXISTS))
    return "surveys/targets.ini";
  static char *shipped;
  if (shipped == NULL)
    shipped = om_data_file("targets.ini");
  return shipped;
}

OmEvaluation *
cli_evaluation_open(const char *db, const char *targets_path, int year,
                    const OmAnalysisOptions *opts, OmDataset **data, int *status)
{
  GError *e = NULL;
  OmEvaluation *run = NULL;
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  if ((*data = cli_dataset_open(db, &e)))
    run = om_evaluation_new(*data, targets_path ? targets_path : cli_default_targets(), year, opts,
                            warnings, &e);
  for (guint i = 0; i < warnings->len; i++)
    fprintf(stderr, "%s: %s\n", cli_prog, (const char *)g_ptr_array_index(warnings, i));
  g_ptr_array_unref(warnings);
  if (!run) {
    g_clear_pointer(data, om_dataset_free);
    *status = cli_fail(e);
  }
  return run;
}
