/* cli-stats.c — the statistics commands: ci, diff, stats, targets, plan.
 *
 * Only wiring and presentation: the numbers come from estimate (pure functions), analysis
 * (results per scope unit) and targets (statuses). A withheld share never reaches a
 * table: its satisfied count, share, interval, mean and change cells are left empty.
 */
#include "cli/cli-data.h"
#include "cli/cli-table.h"
#include "cli/cli.h"

#include "stats/analysis.h"
#include "oudermonitor/estimate.h"
#include "stats/targets.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean
parse_count(const char *s, guint64 *out)
{
  if (!s || !g_ascii_isdigit(*s))
    return FALSE;
  char *end;
  errno = 0;
  guint64 v = g_ascii_strtoull(s, &end, 10);
  if (*end || errno)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
check_level(GOptionContext *ctx, double level, int *status)
{
  if (!(level > 0 && level < 1)) {
    *status = cli_usage_error(ctx, "--level %g must lie between 0 and 1, e.g. 0.95", level);
    return FALSE;
  }
  return TRUE;
}

/* ---- ci -------------------------------------------------------------------------------- */

int
cli_cmd_ci(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  char *method_name = NULL;
  double level = 0.95, population = 0, threshold = -1;
  GOptionEntry entries[] = {
    {"threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold, "Also test the share against this threshold: exact one-sided binomial p-value that the true share exceeds it", "P"},
    {"method", 'm', 0, G_OPTION_ARG_STRING, &method_name, "wilson (default), exact, jeffreys, agresti-coull, wald; with --population: logit (default) or beta", "METHOD"},
    {"level", 'l', 0, G_OPTION_ARG_DOUBLE, &level, "Confidence level (default 0.95)", "L"},
    {"population", 'N', 0, G_OPTION_ARG_DOUBLE, &population, "Population size: design-based interval of a simple random sample (R survey)", "N"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "ci", "X N", "Interval for X satisfied out of N valid answers.",
    "Without --population: one binomial proportion, as statsmodels' proportion_confint.\n"
    "With --population: a simple random sample of N from that population with finite-\n"
    "population correction, as R survey's svyciprop (one stratum, df = n - 1).\n\n"
    "Example:\n  oudermonitor ci 47 52 --method exact");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_common_options(ctx, &common, FALSE);
  int status = OM_EXIT_OK;
  GError *e = NULL;
  guint64 x, n;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status) ||
      !check_level(ctx, level, &status))
    goto out;
  if (argc != 3 || !parse_count(argv[1], &x) || !parse_count(argv[2], &n)) {
    status = cli_usage_error(ctx, "ci takes two whole numbers: X (satisfied) and N (valid answers)");
    goto out;
  }
  if (n == 0 || x > n) {
    status = cli_usage_error(ctx, "need 0 <= X <= N and N >= 1 (got X = %" G_GUINT64_FORMAT
                             ", N = %" G_GUINT64_FORMAT ")", x, n);
    goto out;
  }
  OmCiMethod method = population > 0 ? OM_CI_LOGIT : OM_CI_WILSON;
  if (method_name && !om_ci_method_from_string(method_name, &method)) {
    status = cli_usage_error(ctx, "--method '%s' is unknown", method_name);
    goto out;
  }
  gboolean design_method = method == OM_CI_LOGIT || method == OM_CI_BETA;
  if (population > 0 && !design_method) {
    status = cli_usage_error(ctx, "with --population the method is logit or beta");
    goto out;
  }
  if (population <= 0 && design_method) {
    status = cli_usage_error(ctx, "--method %s needs --population", method_name);
    goto out;
  }
  if (threshold != -1 && !(threshold > 0 && threshold < 1)) {
    status = cli_usage_error(ctx, "--threshold %g must lie between 0 and 1", threshold);
    goto out;
  }
  if (population > 0 && population < (double)n) {
    status = cli_usage_error(ctx, "--population %g is smaller than N = %" G_GUINT64_FORMAT,
                             population, n);
    goto out;
  }
  static const CliColumn cols[] = {
    {"x", "x", "x", CLI_ALIGN_RIGHT},
    {"n", "n", "n", CLI_ALIGN_RIGHT},
    {"estimate", "schatting", "estimate", CLI_ALIGN_RIGHT},
    {"lower", "ondergrens", "lower", CLI_ALIGN_RIGHT},
    {"upper", "bovengrens", "upper", CLI_ALIGN_RIGHT},
    {"level", "niveau", "level", CLI_ALIGN_RIGHT},
    {"method", "methode", "method", CLI_ALIGN_LEFT},
    {"df", "vg", "df", CLI_ALIGN_RIGHT},
    {"threshold", "norm", "threshold", CLI_ALIGN_RIGHT},
    {"p_greater", "p (aandeel > norm)", "p (share > threshold)", CLI_ALIGN_RIGHT},
  };
  OmInterval iv;
  double df = NAN;
  OmCiMethod used = method;
  if (population > 0) {
    OmStratum st = {population, n, x};
    OmDesignEstimate d;
    if (!om_design_proportion(&st, 1, level, method, &d, &e)) {
      status = cli_fail(e);
      goto out;
    }
    iv = (OmInterval){d.estimate, d.lower, d.upper};
    df = d.df;
    used = d.method;
  } else if (!om_proportion_ci(x, n, level, method, &iv, &e)) {
    status = cli_fail(e);
    goto out;
  }
  CliTable *t = cli_table_new(cols, G_N_ELEMENTS(cols));
  cli_table_add_row(t);
  cli_table_int(t, (gint64)x);
  cli_table_int(t, (gint64)n);
  /* Full precision for an analyst checking against other software. */
  cli_table_num(t, iv.estimate, 6);
  cli_table_num(t, iv.lower, 6);
  cli_table_num(t, iv.upper, 6);
  cli_table_num(t, level, 3);
  cli_table_str(t, om_ci_method_to_string(used));
  cli_table_num(t, df, 0);
  if (threshold > 0) {
    cli_table_num(t, threshold, 3);
    /* R binom.test(x, n, p, alternative = "greater"). */
    cli_table_num(t, om_binom_test_greater(x, n, threshold), 6);
  } else {
    cli_table_null(t);
    cli_table_null(t);
  }
  if (threshold <= 0 && common.format == CLI_FORMAT_TEXT) {
    cli_table_hide_column(t, "threshold");
    cli_table_hide_column(t, "p_greater");
  }
  status = cli_table_print(t, &common);
  cli_table_free(t);
out:
  g_free(method_name);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

/* ---- diff ------------------------------------------------------------------------------ */

int
cli_cmd_diff(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  double level = 0.95;
  GOptionEntry entries[] = {
    {"level", 'l', 0, G_OPTION_ARG_DOUBLE, &level, "Confidence level (default 0.95)", "L"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "diff", "X1 N1 X2 N2", "Difference of two shares: X1/N1 (follow-up) minus X2/N2 (baseline).",
    "Interval: Newcombe's hybrid score interval. p-value: pooled two-sided z test, or\n"
    "Fisher's exact test when an expected count is below 5.\n\n"
    "Example:\n  oudermonitor diff 170 200 180 200");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_common_options(ctx, &common, FALSE);
  int status = OM_EXIT_OK;
  GError *e = NULL;
  guint64 v[4];
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status) ||
      !check_level(ctx, level, &status))
    goto out;
  if (argc != 5 || !parse_count(argv[1], &v[0]) || !parse_count(argv[2], &v[1]) ||
      !parse_count(argv[3], &v[2]) || !parse_count(argv[4], &v[3])) {
    status = cli_usage_error(ctx, "diff takes four whole numbers: X1 N1 X2 N2");
    goto out;
  }
  if (v[1] == 0 || v[3] == 0 || v[0] > v[1] || v[2] > v[3]) {
    status = cli_usage_error(ctx, "need 0 <= X1 <= N1, 0 <= X2 <= N2 and N1, N2 >= 1");
    goto out;
  }
  OmDiff d;
  if (!om_diff_proportions(v[0], v[1], v[2], v[3], level, &d, &e)) {
    status = cli_fail(e);
    goto out;
  }
  static const CliColumn cols[] = {
    {"p1", "p1", "p1", CLI_ALIGN_RIGHT},
    {"p2", "p2", "p2", CLI_ALIGN_RIGHT},
    {"difference", "verschil", "difference", CLI_ALIGN_RIGHT},
    {"lower", "ondergrens", "lower", CLI_ALIGN_RIGHT},
    {"upper", "bovengrens", "upper", CLI_ALIGN_RIGHT},
    {"z", "z", "z", CLI_ALIGN_RIGHT},
    {"p_z", "p (z-toets)", "p (z test)", CLI_ALIGN_RIGHT},
    {"p_fisher", "p (Fisher)", "p (Fisher)", CLI_ALIGN_RIGHT},
    {"p_value", "p", "p", CLI_ALIGN_RIGHT},
    {"test", "toets", "test", CLI_ALIGN_LEFT},
  };
  CliTable *t = cli_table_new(cols, G_N_ELEMENTS(cols));
  cli_table_add_row(t);
  cli_table_num(t, (double)v[0] / (double)v[1], 6);
  cli_table_num(t, (double)v[2] / (double)v[3], 6);
  cli_table_num(t, d.diff, 6);
  cli_table_num(t, d.lower, 6);
  cli_table_num(t, d.upper, 6);
  cli_table_num(t, d.z, 4);
  cli_table_num(t, d.p_z, 6);
  cli_table_num(t, d.p_fisher, 6);
  cli_table_num(t, d.p_value, 6);
  cli_table_str(t, d.fisher_used ? "fisher" : "z");
  status = cli_table_print(t, &common);
  cli_table_free(t);
out:
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

/* ---- stats ------------------------------------------------------------------------------ */

static const CliColumn stats_columns[] = {
  {"indicator", "indicator", "indicator", CLI_ALIGN_LEFT},
  {"scope", "niveau", "scope", CLI_ALIGN_LEFT},
  {"id", "code", "code", CLI_ALIGN_LEFT},
  {"name", "naam", "name", CLI_ALIGN_LEFT},
  {"year", "jaar", "year", CLI_ALIGN_RIGHT},
  {"baseline", "nulmeting", "baseline", CLI_ALIGN_LEFT},
  {"n", "n", "n", CLI_ALIGN_RIGHT},
  {"satisfied", "tevreden", "satisfied", CLI_ALIGN_RIGHT},
  {"dont_know", "weet niet", "don't know", CLI_ALIGN_RIGHT},
  {"share", "aandeel", "share", CLI_ALIGN_RIGHT},
  {"lower", "ondergrens", "lower", CLI_ALIGN_RIGHT},
  {"upper", "bovengrens", "upper", CLI_ALIGN_RIGHT},
  {"method", "methode", "method", CLI_ALIGN_LEFT},
  {"mean", "gemiddelde", "mean", CLI_ALIGN_RIGHT},
  {"grade", "rapportcijfer", "grade", CLI_ALIGN_RIGHT},
  {"change", "verschil (procentpunt)", "change (percentage points)", CLI_ALIGN_RIGHT},
  {"change_lower", "ondergrens", "lower", CLI_ALIGN_RIGHT},
  {"change_upper", "bovengrens", "upper", CLI_ALIGN_RIGHT},
  {"change_p", "p", "p", CLI_ALIGN_RIGHT},
  {"note", "opmerking", "note", CLI_ALIGN_LEFT},
};

/* What a mean and a report grade mean on a scale: nothing on yes/no (the mean is the share
 * again), a mean but no grade on a count that starts at 0 (indicators met), both on a rating
 * scale from 1 (1–5, 1–10) (issue 8). */
typedef enum { MEAN_NONE, MEAN_ONLY, MEAN_AND_GRADE } MeanUse;

static MeanUse
mean_use(const OmAnswerScale *sc)
{
  if (!sc || om_scale_max(sc) - om_scale_min(sc) < 2)
    return MEAN_NONE;
  return om_scale_min(sc) >= 1 ? MEAN_AND_GRADE : MEAN_ONLY;
}

static void
stats_rows(CliTable *t, const OmAnalysis *a, MeanUse use, OmScopeKind by, int year,
           OmLang lang)
{
  const OmIndicator *ind = om_analysis_indicator(a);
  for (guint i = 0; i < om_analysis_n_series(a); i++) {
    const OmSeries *s = om_analysis_series(a, i);
    /* --by sector shows the municipality too: its total is what the sectors add up to. */
    if (!(s->kind == by || (by == OM_SCOPE_SECTOR && s->kind == OM_SCOPE_GEMEENTE)))
      continue;
    for (guint w = 0; w < s->points->len; w++) {
      const OmPoint *p = &g_array_index(s->points, OmPoint, w);
      if (year && p->year != year)
        continue;
      cli_table_add_row(t);
      cli_table_str(t, ind->id);
      cli_table_str(t, om_scope_kind_key(s->kind));
      cli_table_str(t, s->id);
      cli_table_str(t, s->kind == OM_SCOPE_SECTOR
                         ? om_register_sector_title(s->id, lang == OM_LANG_EN)
                         : s->name);
      cli_table_year(t, p->year);
      cli_table_bool(t, p->baseline);
      cli_table_int(t, (gint64)p->n);
      if (p->has_share)
        cli_table_int(t, (gint64)p->satisfied);
      else
        cli_table_null(t);
      /* A withheld group shows its n and nothing else. */
      if (p->has_share)
        cli_table_int(t, (gint64)p->dont_know);
      else
        cli_table_null(t);
      if (p->has_share) {
        cli_table_pct(t, p->estimate, 1);
        cli_table_pct(t, p->lower, 1);
        cli_table_pct(t, p->upper, 1);
        cli_table_str(t, om_ci_method_to_string(p->method));
      } else {
        for (int k = 0; k < 4; k++)
          cli_table_null(t);
      }
      if (p->has_mean && use != MEAN_NONE) {
        cli_table_num(t, p->mean.mean, 2);
        cli_table_num(t, use == MEAN_AND_GRADE ? p->mean.grade : NAN, 1);
      } else {
        cli_table_null(t);
        cli_table_null(t);
      }
      if (p->has_change) {
        cli_table_pp(t, p->change.diff, 1);
        cli_table_pp(t, p->change.lower, 1);
        cli_table_pp(t, p->change.upper, 1);
        cli_table_p(t, p->change.p_value);
      } else {
        for (int k = 0; k < 4; k++)
          cli_table_null(t);
      }
      char *note = om_evaluation_point_note(p, om_analysis_options(a), lang);
      cli_table_str(t, *note ? note : NULL);
      g_free(note);
    }
  }
}

int
cli_cmd_stats(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  CliAnalysisArgs aa = CLI_ANALYSIS_ARGS_INIT;
  char *indicator = NULL, *by_name = NULL, *group = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    {"indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator, "One indicator (default: all of the group)", "ID"},
    {"group", 'g', 0, G_OPTION_ARG_STRING, &group, "Respondent group: ouders (default) or instellingen", "GROUP"},
    {"by", 'b', 0, G_OPTION_ARG_STRING, &by_name, "gemeente, sector (default; with the municipality) or instelling", "SCOPE"},
    {"year", 'y', 0, G_OPTION_ARG_INT, &year, "Only this wave's year (default: every wave)", "YEAR"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "stats", "", "Shares satisfied with intervals, means, report grades and change since the baseline.",
    "Institutions: one binomial proportion, or with a known population a simple random\n"
    "sample with finite-population correction. Sectors and the municipality: stratified\n"
    "by institution and weighted by population (R survey's svydesign(ids=~1,\n"
    "strata=~instelling, fpc=~populatie)). Groups under --min-n valid answers show only\n"
    "their n, and one more group is withheld where the small one could be recovered by\n"
    "subtraction.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &aa);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  GError *e = NULL;
  OmAnalysisOptions opts;
  OmScopeKind by = OM_SCOPE_SECTOR;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status) ||
      !cli_check_analysis_options(ctx, &aa, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "stats takes no arguments, only options");
    goto out;
  }
  if (by_name && !om_scope_kind_from_string(by_name, &by)) {
    status = cli_usage_error(ctx, "--by '%s' is not gemeente, sector or instelling", by_name);
    goto out;
  }
  if (group && strcmp(group, "ouders") != 0 && strcmp(group, "instellingen") != 0) {
    status = cli_usage_error(ctx, "--group '%s' is not ouders or instellingen", group);
    goto out;
  }
  if (!(data = om_dataset_open(cli_db(&common), &e))) {
    status = cli_fail(e);
    goto out;
  }
  const OmTally *tally = om_dataset_tally(data, group ? group : "ouders", &e);
  if (!tally) {
    status = cli_fail(e);
    goto out;
  }
  const OmSurvey *s = om_tally_survey(tally);
  if (indicator && !om_survey_find_indicator(s, indicator)) {
    /* A wrong name is a usage error, not a damaged store: say which names there are. */
    GString *names = g_string_new(NULL);
    for (guint k = 0; k < om_survey_n_indicators(s); k++)
      g_string_append_printf(names, "%s%s", k ? ", " : "", om_survey_indicator(s, k)->id);
    status = cli_usage_error(ctx, "indicator '%s' is not defined for %s; valid: %s", indicator,
                             om_tally_group(tally), names->str);
    g_string_free(names, TRUE);
    goto out;
  }
  CliTable *t = cli_table_new(stats_columns, G_N_ELEMENTS(stats_columns));
  for (guint k = 0; k < om_survey_n_indicators(s); k++) {
    const OmIndicator *ind = om_survey_indicator(s, k);
    if (indicator && strcmp(indicator, ind->id) != 0)
      continue;
    OmAnalysis *a = om_analysis_new(tally, om_dataset_institutions(data), ind->id, NULL, &opts, &e);
    if (!a) {
      cli_table_free(t);
      status = cli_fail(e);
      goto out;
    }
    stats_rows(t, a, mean_use(om_indicator_scale(s, ind)), by, year, common.lang);
    om_analysis_free(a);
  }
  if (common.format == CLI_FORMAT_TEXT)
    cli_table_hide_column(t, "scope");
  status = cli_table_print(t, &common);
  cli_table_free(t);
out:
  om_dataset_free(data);
  g_free(indicator);
  g_free(by_name);
  g_free(group);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

/* ---- targets ---------------------------------------------------------------------------- */

static const CliColumn target_columns[] = {
  {"target", "doel", "target", CLI_ALIGN_LEFT},
  {"indicator", "indicator", "indicator", CLI_ALIGN_LEFT},
  {"scope", "niveau", "scope", CLI_ALIGN_LEFT},
  {"id", "code", "code", CLI_ALIGN_LEFT},
  {"name", "naam", "name", CLI_ALIGN_LEFT},
  {"threshold", "norm", "threshold", CLI_ALIGN_RIGHT},
  {"deadline", "deadline", "deadline", CLI_ALIGN_RIGHT},
  {"year", "meting", "wave", CLI_ALIGN_RIGHT},
  {"n", "n", "n", CLI_ALIGN_RIGHT},
  {"share", "aandeel", "share", CLI_ALIGN_RIGHT},
  {"lower", "ondergrens", "lower", CLI_ALIGN_RIGHT},
  {"upper", "bovengrens", "upper", CLI_ALIGN_RIGHT},
  {"meets_threshold", "schatting ≥ norm", "estimate ≥ threshold", CLI_ALIGN_LEFT},
  {"projection", "prognose", "projection", CLI_ALIGN_RIGHT},
  {"projection_lower", "prognose onder", "projection lower", CLI_ALIGN_RIGHT},
  {"projection_upper", "prognose boven", "projection upper", CLI_ALIGN_RIGHT},
  {"status", "status", "status", CLI_ALIGN_LEFT},
  {"note", "opmerking", "note", CLI_ALIGN_LEFT},
};

/* One row of the targets table: a target in one scope unit. */
static void
targets_row(CliTable *t, const OmEvaluationRow *r, const CliCommon *common)
{
  const OmPoint *p = r->result.point;
  cli_table_add_row(t);
  cli_table_str(t, r->target->id);
  cli_table_str(t, r->target->indicator);
  cli_table_str(t, om_scope_kind_key(r->series->kind));
  cli_table_str(t, r->series->id);
  cli_table_str(t, r->series->kind == OM_SCOPE_SECTOR
                       ? om_register_sector_title(r->series->id, common->lang == OM_LANG_EN)
                       : r->series->name);
  cli_table_pct(t, r->target->threshold, 0);
  cli_table_year(t, r->target->deadline);
  if (r->result.year_used)
    cli_table_year(t, r->result.year_used);
  else
    cli_table_null(t);
  if (p)
    cli_table_int(t, (gint64)p->n);
  else
    cli_table_null(t);
  if (p && p->has_share) {
    cli_table_pct(t, p->estimate, 1);
    cli_table_pct(t, p->lower, 1);
    cli_table_pct(t, p->upper, 1);
    if (common->format == CLI_FORMAT_TEXT)
      cli_table_str(t, r->result.meets ? (common->lang == OM_LANG_NL ? "ja" : "yes")
                                       : (common->lang == OM_LANG_NL ? "nee" : "no"));
    else
      cli_table_bool(t, r->result.meets);
  } else {
    for (int k = 0; k < 4; k++)
      cli_table_null(t);
  }
  if (r->result.has_projection) {
    cli_table_pct(t, r->result.projection.estimate, 1);
    cli_table_pct(t, r->result.projection.lower, 1);
    cli_table_pct(t, r->result.projection.upper, 1);
  } else {
    for (int k = 0; k < 3; k++)
      cli_table_null(t);
  }
  cli_table_str(t, common->format == CLI_FORMAT_TEXT
                       ? om_target_status_label(r->result.status, common->lang)
                       : om_target_status_key(r->result.status));
  if (common->format == CLI_FORMAT_TEXT) {
    char *note = om_target_note(r->target, &r->result, common->lang);
    cli_table_str(t, note);
    g_free(note);
  } else {
    cli_table_str(t, r->result.note);
  }
}

int
cli_cmd_targets(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  CliAnalysisArgs aa = CLI_ANALYSIS_ARGS_INIT;
  char *targets_path = NULL, *fail_on = NULL, *by_name = NULL;
  int year = 0;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    {"by", 'b', 0, G_OPTION_ARG_STRING, &by_name, "Rows of gemeente, sector (with the municipality), instelling or all (default: sector for text, all for CSV/JSON)", "SCOPE"},
    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Text: every column (code, norm, deadline, estimate >= norm, projection bounds)", NULL},
    {"targets", 't', 0, G_OPTION_ARG_FILENAME, &targets_path, "Targets file (default: surveys/targets.ini)", "FILE"},
    {"year", 'y', 0, G_OPTION_ARG_INT, &year, "Evaluation year (default: the newest wave)", "YEAR"},
    {"fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on, "Exit with 5 when a target has one of these statuses (comma-separated keys, e.g. not-attained,off-course)", "STATUSES"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "targets", "", "Every target per scope unit: share, interval, projection and status.",
    "Status in the deadline year: behaald (lower bound >= norm), niet behaald (upper bound\n"
    "< norm), onbeslist (the interval holds the norm). Before it, from the trend (binomial\n"
    "GLM on year) projected to the deadline: op koers, uit koers, onzeker. Groups under\n"
    "--min-n: te weinig respons.\n\n"
    "Status keys for --fail-on and CSV/JSON: attained, not-attained, undecided, on-course,\n"
    "off-course, uncertain, too-few, no-data.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &aa);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  OmEvaluation *run = NULL;
  OmAnalysisOptions opts;
  gboolean fail_status[OM_STATUS_N] = {FALSE};
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status) ||
      !cli_check_analysis_options(ctx, &aa, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "targets takes no arguments, only options");
    goto out;
  }
  OmScopeKind by = OM_SCOPE_SECTOR;
  /* The text table starts compact (the municipality and sectors); CSV and JSON, read by
   * programs, hold every row unless --by says otherwise. */
  gboolean all = by_name ? strcmp(by_name, "all") == 0 : common.format != CLI_FORMAT_TEXT;
  if (by_name && !all && !om_scope_kind_from_string(by_name, &by)) {
    status = cli_usage_error(ctx, "--by '%s' is not gemeente, sector, instelling or all", by_name);
    goto out;
  }
  if (fail_on) {
    char **keys = g_strsplit(fail_on, ",", -1);
    for (int i = 0; keys[i]; i++) {
      OmTargetStatus st;
      if (!om_target_status_from_key(g_strstrip(keys[i]), &st)) {
        status = cli_usage_error(ctx, "--fail-on: '%s' is not a status key", keys[i]);
        g_strfreev(keys);
        goto out;
      }
      fail_status[st] = TRUE;
    }
    g_strfreev(keys);
  }
  if (!(run = cli_evaluation_open(cli_db(&common), targets_path, year, &opts, &data, &status)))
    goto out;
  CliTable *t = cli_table_new(target_columns, G_N_ELEMENTS(target_columns));
  gboolean failed = FALSE, projected = FALSE;
  for (guint i = 0; i < om_evaluation_n_rows(run); i++) {
    const OmEvaluationRow *r = om_evaluation_row(run, i);
    OmScopeKind k = r->series->kind;
    /* --fail-on looks at every row, whatever the table shows. */
    failed = failed || fail_status[r->result.status];
    if (!(all || k == by || (by == OM_SCOPE_SECTOR && k == OM_SCOPE_GEMEENTE)))
      continue;
    targets_row(t, r, &common);
    projected = projected || r->result.has_projection;
  }
  if (common.format == CLI_FORMAT_TEXT) {
    cli_table_hide_column(t, "indicator");
    cli_table_hide_column(t, "scope");
    if (!verbose) {
      /* The compact table: what a reader needs; the rest with --verbose or as CSV/JSON. */
      static const char *const wide[]
          = {"id", "threshold", "deadline", "meets_threshold", "projection_lower", "projection_upper"};
      for (gsize c = 0; c < G_N_ELEMENTS(wide); c++)
        cli_table_hide_column(t, wide[c]);
      if (!projected)
        cli_table_hide_column(t, "projection");
    }
  }
  status = cli_table_print(t, &common);
  cli_table_free(t);
  if (status == OM_EXIT_OK && failed)
    status = OM_EXIT_TARGETS;
out:
  om_evaluation_free(run);
  om_dataset_free(data);
  g_free(targets_path);
  g_free(fail_on);
  g_free(by_name);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

/* ---- plan ------------------------------------------------------------------------------- */

int
cli_cmd_plan(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  double halfwidth = 0.05, level = 0.95, expected = 0;
  char *indicator = NULL;
  GOptionEntry entries[] = {
    {"halfwidth", 'w', 0, G_OPTION_ARG_DOUBLE, &halfwidth, "Wanted half-width of the interval (default 0.05 = ±5 points)", "E"},
    {"level", 'l', 0, G_OPTION_ARG_DOUBLE, &level, "Confidence level (default 0.95)", "L"},
    {"expected", 'p', 0, G_OPTION_ARG_DOUBLE, &expected, "Expected share (default: the institution's last published share, else 0.5)", "P"},
    {"indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator, "Indicator for the expected share (default: relatie)", "ID"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "plan", "", "Respondents needed per institution for the next parents' wave.",
    "Cochran's n0 = z² p (1 - p) / e², with finite-population correction\n"
    "n = n0 / (1 + (n0 - 1) / N) for an institution of N parents; compared with the valid\n"
    "answers its last wave received.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  OmAnalysis *a = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status) ||
      !check_level(ctx, level, &status))
    goto out;
  if (!(halfwidth > 0 && halfwidth < 0.5)) {
    status = cli_usage_error(ctx, "--halfwidth %g must lie between 0 and 0.5", halfwidth);
    goto out;
  }
  if (expected != 0 && !(expected > 0 && expected < 1)) {
    status = cli_usage_error(ctx, "--expected %g must lie between 0 and 1", expected);
    goto out;
  }
  const OmTally *tally;
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  if (!(data = om_dataset_open(cli_db(&common), &e))
      || !(tally = om_dataset_tally(data, "ouders", &e))
      || !(a = om_analysis_new(tally, om_dataset_institutions(data),
                               indicator ? indicator : "relatie", NULL, &opts, &e))) {
    status = cli_fail(e);
    goto out;
  }
  static const CliColumn cols[] = {
    {"id", "code", "code", CLI_ALIGN_LEFT},
    {"name", "naam", "name", CLI_ALIGN_LEFT},
    {"sector", "sector", "sector", CLI_ALIGN_LEFT},
    {"population", "populatie", "population", CLI_ALIGN_RIGHT},
    {"year", "laatste meting", "last wave", CLI_ALIGN_RIGHT},
    {"received", "ontvangen", "received", CLI_ALIGN_RIGHT},
    {"expected_share", "verwacht aandeel", "expected share", CLI_ALIGN_RIGHT},
    {"needed", "nodig", "needed", CLI_ALIGN_RIGHT},
    {"shortfall", "tekort", "shortfall", CLI_ALIGN_RIGHT},
  };
  CliTable *t = cli_table_new(cols, G_N_ELEMENTS(cols));
  const GArray *insts = om_dataset_institutions(data);
  for (guint i = 0; i < om_analysis_n_series(a); i++) {
    const OmSeries *s = om_analysis_series(a, i);
    if (s->kind != OM_SCOPE_INSTELLING)
      continue;
    gint64 pop = -1;
    for (guint k = 0; k < insts->len; k++)
      if (strcmp(g_array_index(insts, OmInstitution, k).code, s->id) == 0)
        pop = g_array_index(insts, OmInstitution, k).population;
    const OmPoint *last = &g_array_index(s->points, OmPoint, s->points->len - 1);
    double p = expected > 0 ? expected : (last->has_share ? last->estimate : 0.5);
    /* A share of 0 or 1 would ask for no respondents at all; plan for at least the
     * uncertainty of a share one answer away from it. */
    if (last->n > 0) {
      double edge = 1.0 / (double)(last->n + 1);
      p = CLAMP(p, edge, 1 - edge);
    }
    guint64 needed = om_sample_size(halfwidth, p, pop > 0 ? (double)pop : 0, level);
    cli_table_add_row(t);
    cli_table_str(t, s->id);
    cli_table_str(t, s->name);
    cli_table_str(t, s->sector);
    if (pop >= 0)
      cli_table_int(t, pop);
    else
      cli_table_null(t);
    cli_table_year(t, last->year);
    cli_table_int(t, (gint64)last->n);
    /* The expected share of a withheld group would publish it: show 50% there. */
    cli_table_pct(t, last->has_share || expected > 0 ? p : 0.5, 1);
    cli_table_int(t, (gint64)needed);
    cli_table_int(t, needed > last->n ? (gint64)(needed - last->n) : 0);
  }
  status = cli_table_print(t, &common);
  cli_table_free(t);
out:
  om_analysis_free(a);
  om_dataset_free(data);
  g_free(indicator);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}
