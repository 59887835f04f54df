/* cli-data.c — loading shared by the statistics, chart and report commands. */
#include "cli/cli-data.h"
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

struct CliData {
  OmStore *store;
  GArray *institutions;
  OmTally *tally[2]; /* ouders, instellingen */
};

CliData *
cli_data_open(const char *db, GError **error)
{
  CliData *d = g_new0(CliData, 1);
  if (!(d->store = cli_open_store(db, OM_STORE_READONLY, error)) ||
      !(d->institutions = om_store_institutions(d->store, error))) {
    cli_data_free(d);
    return NULL;
  }
  return d;
}

void
cli_data_free(CliData *d)
{
  if (!d)
    return;
  om_tally_free(d->tally[0]);
  om_tally_free(d->tally[1]);
  if (d->institutions)
    g_array_unref(d->institutions);
  om_store_free(d->store);
  g_free(d);
}

const GArray *
cli_data_institutions(CliData *d)
{
  return d->institutions;
}

const OmTally *
cli_data_tally(CliData *d, const char *group, GError **error)
{
  int k = strcmp(group, "ouders") == 0 ? 0 : 1;
  if (!d->tally[k])
    d->tally[k] = om_tally_new(d->store, group, error);
  return d->tally[k];
}

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
  return OM_SURVEYS_DIR "/targets.ini";
}

static void
row_free(gpointer p)
{
  CliTargetRow *r = p;
  om_target_result_clear(&r->result);
  g_free(r);
}

/* A sector or institution that was never in this survey (care institutions in the
 * parents' survey) has nothing to report; one that answered once does. */
static gboolean
has_respondents(const OmSeries *s)
{
  for (guint i = 0; i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->n + p->dont_know + p->blank > 0)
      return TRUE;
  }
  return FALSE;
}

CliTargetRun *
cli_target_run_new(CliData *d, const char *targets_path, int year,
                   const OmAnalysisOptions *opts, GError **error)
{
  CliTargetRun *run = g_new0(CliTargetRun, 1);
  run->opts = *opts;
  run->analyses = g_ptr_array_new_with_free_func((GDestroyNotify)om_analysis_free);
  run->rows = g_ptr_array_new_with_free_func(row_free);
  if (!(run->targets = om_targets_new_from_file(targets_path ? targets_path
                                                             : cli_default_targets(), error))) {
    cli_target_run_free(run);
    return NULL;
  }
  guint n = om_targets_size(run->targets);
  run->eval_year = g_new0(int, n);
  for (guint i = 0; i < n; i++) {
    const OmTarget *t = om_targets_get(run->targets, i);
    GError *e = NULL;
    const OmTally *tally = cli_data_tally(d, t->group, &e);
    if (!tally && g_error_matches(e, OM_ERROR, OM_ERROR_NOT_FOUND)) {
      /* A store with only the parents' waves (yet) still has targets to evaluate. */
      fprintf(stderr, "%s: target %s skipped: %s\n", cli_prog, t->id, e->message);
      g_clear_error(&e);
      g_ptr_array_add(run->analyses, NULL);
      continue;
    }
    if (!tally)
      g_propagate_error(error, e);
    OmAnalysis *a = tally ? om_analysis_new(tally, d->institutions, t->indicator,
                                            (const char *const *)t->sectors, opts, error)
                          : NULL;
    if (!a) {
      g_prefix_error(error, "target %s: ", t->id);
      cli_target_run_free(run);
      return NULL;
    }
    g_ptr_array_add(run->analyses, a);
    int eval = year ? year : om_tally_wave(tally, om_tally_n_waves(tally) - 1)->year;
    run->eval_year[i] = eval;
    for (guint s = 0; s < om_analysis_n_series(a); s++) {
      const OmSeries *series = om_analysis_series(a, s);
      if (!t->scopes[series->kind] || (series->kind != OM_SCOPE_GEMEENTE && !has_respondents(series)))
        continue;
      CliTargetRow *r = g_new0(CliTargetRow, 1);
      r->target = t;
      r->analysis = a;
      r->series = series;
      om_target_evaluate(t, series, eval, opts->level, &r->result);
      g_ptr_array_add(run->rows, r);
    }
  }
  return run;
}

void
cli_target_run_free(CliTargetRun *run)
{
  if (!run)
    return;
  g_ptr_array_unref(run->rows);
  g_ptr_array_unref(run->analyses);
  om_targets_free(run->targets);
  g_free(run->eval_year);
  g_free(run);
}
