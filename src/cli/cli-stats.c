/* cli-stats.c — the statistics commands: ci, diff, stats, targets, plan.
 *
 * Only wiring and presentation: the numbers come from estimate (pure functions), analysis
 * (results per scope unit) and targets (statuses). A withheld share never reaches a
 * table: its satisfied count, share, interval, mean and change cells are left empty.
 */
#include "cli/cli-data.h"
#include "cli/cli-table.h"
#include "base/group.h"
#include "base/safe-file.h"
#include "cli/cli.h"

#include "stats/analysis.h"
#include "oudermonitor/estimate.h"
#include "stats/targets.h"
#include "input/csvsource.h"

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
  /* Counts are shown and stored as signed 64-bit integers. */
  if (*end || errno || v > (guint64)G_MAXINT64)
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

/* ---- design options (stats, targets, ci) ------------------------------------------------ */

/* The columns behind an interval: se, df, deff, lonely (after `method`). Hidden in text
 * unless --verbose. */
#define DESIGN_COLUMNS                                                                             \
  { "se", "se", "se", CLI_ALIGN_RIGHT }, { "df", "vg", "df", CLI_ALIGN_RIGHT },                    \
      { "deff", "deff", "deff", CLI_ALIGN_RIGHT },                                                 \
  {                                                                                                \
    "lonely", "los stratum", "lonely", CLI_ALIGN_LEFT                                              \
  }

static void
hide_design_columns(CliTable *t, const CliCommon *common, gboolean verbose)
{
  if (common->format != CLI_FORMAT_TEXT || verbose)
    return;
  cli_table_hide_column(t, "se");
  cli_table_hide_column(t, "df");
  cli_table_hide_column(t, "deff");
  cli_table_hide_column(t, "lonely");
}

/* se, df (empty for a normal quantile or no df), deff, and the lonely rule where it was
 * applied (a design-based estimate with single-respondent strata) or could have been
 * (every design-based estimate: the rule in force). */
static void
design_cells(CliTable *t, double se, double df, double deff, gboolean design, OmLonely lonely)
{
  cli_table_num(t, se, 6);
  cli_table_num(t, df, 0);
  cli_table_num(t, deff, 4);
  cli_table_str(t, design ? om_lonely_to_string(lonely) : NULL);
}

/* ---- ci -------------------------------------------------------------------------------- */

/* An interval for given counts with what stands behind it. */
typedef struct {
  guint64 x, n;
  double estimate, lower, upper, se, df, deff;
  OmCiMethod method;
  gboolean design, census, fallback;
  OmWeighting weighting;
  guint n_strata, n_lonely;
} CiResult;

/* Reading --strata FILE.csv: the header's column positions and the strata so far. */
typedef struct {
  int col[4]; /* stratum, N, n, x */
  GArray *strata;
  GHashTable *names;
} StrataReader;

static const char *const strata_keys[4] = { "stratum", "N", "n", "x" };

static gboolean
strata_header(StrataReader *sr, const OmCsvRow *row, GError **error)
{
  for (guint c = 0; c < row->n_fields; c++)
    for (int k = 0; k < 4; k++)
      if (strcmp(row->fields[c], strata_keys[k]) == 0 && sr->col[k] < 0)
        sr->col[k] = (int)c;
  for (int k = 0; k < 4; k++)
    if (sr->col[k] < 0) {
      g_set_error(error, OM_ERROR, OM_ERROR_PARSE,
                  "%s:%" G_GUINT64_FORMAT ": no column '%s'; expected the header "
                  "stratum,N,n,x (N the stratum's population, empty or NA when unknown)",
                  row->source, row->line, strata_keys[k]);
      return FALSE;
    }
  return TRUE;
}

/* A whole number in column k of the row; N may also be empty or NA (unknown: -1). */
static gboolean
strata_count(const OmCsvRow *row, const StrataReader *sr, int k, double *out, GError **error)
{
  int c = sr->col[k];
  const char *s = (guint)c < row->n_fields ? row->fields[c] : "";
  guint64 v;
  if (k == 1 && (*s == '\0' || g_ascii_strcasecmp(s, "NA") == 0)) {
    *out = -1;
    return TRUE;
  }
  if (!parse_count(s, &v) || (k == 1 && v == 0)) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE,
                "%s:%" G_GUINT64_FORMAT ":%d: '%s' in column %s is not a whole number; "
                "expected %s",
                row->source, row->line, c + 1, s, strata_keys[k],
                k == 1 ? "a population of 1 or more, or empty or NA when unknown"
                       : "a count of 0 or more");
    return FALSE;
  }
  *out = (double)v;
  return TRUE;
}

static gboolean
strata_row(const OmCsvRow *row, gpointer data, GError **error)
{
  StrataReader *sr = data;
  if (sr->col[0] < 0)
    return strata_header(sr, row, error);
  double N, n, x;
  if (!strata_count(row, sr, 1, &N, error) || !strata_count(row, sr, 2, &n, error)
      || !strata_count(row, sr, 3, &x, error))
    return FALSE;
  const char *name = (guint)sr->col[0] < row->n_fields ? row->fields[sr->col[0]] : "";
  const char *problem = x > n             ? "x (satisfied) is more than n (answers)"
                        : N >= 0 && n > N ? "n (answers) is more than N (its population)"
                        : g_hash_table_contains(sr->names, name) ? "the stratum is listed twice"
                                                                 : NULL;
  if (problem) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s:%" G_GUINT64_FORMAT ": stratum '%s': %s; expected one row per stratum with "
                "x <= n <= N",
                row->source, row->line, name, problem);
    return FALSE;
  }
  g_hash_table_add(sr->names, g_strdup(name));
  OmStratum st = { N, (guint64)n, (guint64)x };
  g_array_append_val(sr->strata, st);
  return TRUE;
}

/* The strata of --strata FILE.csv (columns stratum,N,n,x in any order, one row per
 * stratum). NULL with a FILE:LINE message on failure. Transfer full. */
static GArray *
read_strata(const char *path, GError **error)
{
  StrataReader sr = { { -1, -1, -1, -1 },
                      g_array_new(FALSE, TRUE, sizeof(OmStratum)),
                      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok = om_csv_read_file(path, NULL, strata_row, &sr, NULL, error);
  if (ok && sr.strata->len == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE,
                "%s: no strata; expected a header "
                "stratum,N,n,x and one row per stratum",
                path);
    ok = FALSE;
  }
  g_hash_table_unref(sr.names);
  if (!ok)
    g_clear_pointer(&sr.strata, g_array_unref);
  return sr.strata;
}

static gboolean
ci_design(const OmStratum *strata, guint k, const OmDesignOptions *o, CiResult *r, GError **error)
{
  OmDesignEstimate d;
  if (!om_design_estimate(strata, k, o, &d, error))
    return FALSE;
  r->n = d.n;
  r->x = 0;
  for (guint i = 0; i < k; i++)
    r->x += strata[i].x;
  r->estimate = d.estimate;
  r->lower = d.lower;
  r->upper = d.upper;
  r->se = d.se;
  r->df = d.df;
  r->deff = d.deff;
  r->method = d.method;
  r->design = TRUE;
  r->census = d.census;
  r->fallback = d.method_fallback;
  r->weighting = d.weighting;
  r->n_strata = d.n_strata;
  r->n_lonely = d.n_lonely;
  return TRUE;
}

static gboolean
ci_binomial(guint64 x, guint64 n, double level, OmCiMethod method, CiResult *r, GError **error)
{
  OmInterval iv;
  if (!om_proportion_ci(x, n, level, method, &iv, error))
    return FALSE;
  *r = (CiResult){ x,
                   n,
                   iv.estimate,
                   iv.lower,
                   iv.upper,
                   sqrt(iv.estimate * (1 - iv.estimate) / (double)n),
                   NAN,
                   NAN,
                   method,
                   FALSE,
                   FALSE,
                   FALSE,
                   OM_WEIGHT_RESPONDENT,
                   0,
                   0 };
  return TRUE;
}

/* "volledige telling", the Korn–Graubard fallback, respondent weighting. Transfer full. */
static char *
ci_note(const CiResult *r, const char *asked, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  GString *s = g_string_new(NULL);
  if (r->census)
    g_string_append(s, nl ? "volledige telling: het aandeel is exact, het interval heeft "
                            "breedte 0"
                          : "census: the share is exact, the interval has zero width");
  if (r->fallback)
    g_string_append_printf(s,
                           nl ? "Korn–Graubard: %s geeft geen interval bij 0%%, 100%% of "
                                "variantie 0"
                              : "Korn–Graubard: %s gives no interval at 0%%, 100%% or "
                                "zero variance",
                           asked);
  if (r->design && r->weighting == OM_WEIGHT_RESPONDENT)
    g_string_append_printf(s, "%s%s", s->len ? "; " : "",
                           nl ? "respondentweging: populatie onbekend"
                              : "respondent weighting: population unknown");
  return g_string_free(s, FALSE);
}

typedef struct {
  double level, population, threshold;
  OmTail tail;
  OmLonely lonely;
  gboolean verbose;
} CiAsk;

static int
ci_print(const CiResult *r, const CiAsk *ask, const char *asked, const CliCommon *common)
{
  gboolean test = ask->threshold > 0;
  char *thr
      = om_format_percent(ask->threshold, fmod(ask->threshold * 100, 1) == 0 ? 0 : 1, common->lang);
  const char *op = ask->tail == OM_TAIL_GREATER ? "≤" : "≥";
  char *p_nl = g_strdup_printf("p-waarde (H0: aandeel %s %s)", op, thr);
  char *p_en = g_strdup_printf("p-value (H0: share %s %s)", op, thr);
  const CliColumn cols[] = {
    { "x", "x", "x", CLI_ALIGN_RIGHT },
    { "n", "n", "n", CLI_ALIGN_RIGHT },
    { "estimate", "schatting", "estimate", CLI_ALIGN_RIGHT },
    { "lower", "ondergrens", "lower", CLI_ALIGN_RIGHT },
    { "upper", "bovengrens", "upper", CLI_ALIGN_RIGHT },
    { "level", "niveau", "level", CLI_ALIGN_RIGHT },
    { "method", "methode", "method", CLI_ALIGN_LEFT },
    { "se", "se", "se", CLI_ALIGN_RIGHT },
    { "df", "vg", "df", CLI_ALIGN_RIGHT },
    { "deff", "deff", "deff", CLI_ALIGN_RIGHT },
    { "lonely", "los stratum", "lonely", CLI_ALIGN_LEFT },
    { "strata", "strata", "strata", CLI_ALIGN_RIGHT },
    { "threshold", "norm", "threshold", CLI_ALIGN_RIGHT },
    { "tail", "zijde", "tail", CLI_ALIGN_LEFT },
    { "p_value", p_nl, p_en, CLI_ALIGN_RIGHT },
    { "note", "opmerking", "note", CLI_ALIGN_LEFT },
  };
  CliTable *t = cli_table_new(cols, G_N_ELEMENTS(cols));
  cli_table_add_row(t);
  cli_table_int(t, (gint64)r->x);
  cli_table_int(t, (gint64)r->n);
  /* Full precision for an analyst checking against other software. */
  cli_table_num(t, r->estimate, 6);
  cli_table_num(t, r->lower, 6);
  cli_table_num(t, r->upper, 6);
  cli_table_num(t, ask->level, 3);
  cli_table_str(t, om_ci_method_to_string(r->method));
  design_cells(t, r->se, r->df, r->deff, r->design, ask->lonely);
  if (r->design)
    cli_table_int(t, r->n_strata);
  else
    cli_table_null(t);
  if (test) {
    cli_table_num(t, ask->threshold, 3);
    cli_table_str(t, ask->tail == OM_TAIL_GREATER ? "greater" : "less");
    cli_table_num(t, om_proportion_test(r->x, r->n, ask->population, ask->threshold, ask->tail), 6);
  } else {
    for (int k = 0; k < 3; k++)
      cli_table_null(t);
  }
  char *note = ci_note(r, asked, common->lang);
  cli_table_str(t, *note ? note : NULL);
  if (common->format == CLI_FORMAT_TEXT) {
    if (!test) {
      cli_table_hide_column(t, "threshold");
      cli_table_hide_column(t, "p_value");
    }
    cli_table_hide_column(t, "tail");
    if (!*note)
      cli_table_hide_column(t, "note");
    if (!ask->verbose) {
      cli_table_hide_column(t, "se");
      cli_table_hide_column(t, "deff");
      cli_table_hide_column(t, "lonely");
      cli_table_hide_column(t, "strata");
    }
  }
  int status = cli_table_print(t, common);
  cli_table_free(t);
  g_free(note);
  g_free(p_nl);
  g_free(p_en);
  g_free(thr);
  return status;
}

/* The checks between options: which method goes with which mode, and what --threshold can
 * test. A usage error on a conflict. */
static gboolean
ci_check(GOptionContext *ctx, const CiAsk *ask, OmCiMethod method, const char *strata_path,
         int *status)
{
  gboolean design = om_ci_method_is_design(method), finite = ask->population > 0;
  const char *problem = NULL;
  /* A population given must be a size: 0, -3 or nan are refused, never ignored. */
  if (cli_option_given("population") && !(ask->population >= 1)) {
    *status = cli_usage_error(ctx,
                              "--population %g must be at least 1: the number of parents the N "
                              "answers were drawn from",
                              ask->population);
    return FALSE;
  }
  if (cli_option_given("threshold") && !(ask->threshold > 0 && ask->threshold < 1)) {
    *status = cli_usage_error(ctx, "--threshold %g must lie between 0 and 1", ask->threshold);
    return FALSE;
  }
  if ((finite || strata_path) && !design)
    problem = "with --population or --strata the method is logit, beta, mean, xlogit, asin or "
              "likelihood";
  else if (!finite && !strata_path && design)
    problem = "a design-based --method needs --population or --strata";
  else if (strata_path && finite)
    problem = "--strata gives each stratum's population in column N: leave out --population";
  else if (ask->threshold != -1 && !(ask->threshold > 0 && ask->threshold < 1))
    problem = "--threshold must lie between 0 and 1";
  else if (strata_path && ask->threshold > 0)
    problem = "--threshold tests one simple random sample X of N; a stratified design has no "
              "exact test here: compare the threshold with the interval instead";
  else if (finite && (ask->population >= 4294967296.0 || ask->population != floor(ask->population)))
    problem = "--population must be a whole number below 4294967296";
  if (problem)
    *status = cli_usage_error(ctx, "%s", problem);
  return problem == NULL;
}

/* The counts: X N from the arguments, or the strata of --strata FILE. */
static gboolean
ci_compute(GOptionContext *ctx, int argc, char **argv, const char *strata_path, const CiAsk *ask,
           const OmAnalysisOptions *ao, OmCiMethod method, CiResult *r, int *status)
{
  GError *e = NULL;
  OmDesignOptions o = om_analysis_design_options(ao);
  o.method = method;
  if (strata_path) {
    if (argc != 1) {
      *status = cli_usage_error(ctx, "with --strata, ci takes no X and N");
      return FALSE;
    }
    GArray *strata = read_strata(strata_path, &e);
    gboolean ok = strata && ci_design((OmStratum *)(void *)strata->data, strata->len, &o, r, &e);
    if (strata)
      g_array_unref(strata);
    if (!ok)
      *status = cli_fail(e);
    return ok;
  }
  guint64 x, n;
  if (argc != 3 || !parse_count(argv[1], &x) || !parse_count(argv[2], &n)) {
    *status = cli_usage_error(ctx, "ci takes two whole numbers: X (satisfied) and N (valid "
                                   "answers), or --strata FILE.csv");
    return FALSE;
  }
  if (n == 0 || x > n) {
    *status = cli_usage_error(ctx,
                              "need 0 <= X <= N and N >= 1 (got X = %" G_GUINT64_FORMAT
                              ", N = %" G_GUINT64_FORMAT ")",
                              x, n);
    return FALSE;
  }
  if (ask->population > 0 && ask->population < (double)n) {
    *status = cli_usage_error(ctx,
                              "--population %g is smaller than N = %" G_GUINT64_FORMAT
                              ": a population cannot have fewer members than answered",
                              ask->population, n);
    return FALSE;
  }
  OmStratum st = { ask->population, n, x };
  gboolean ok = ask->population > 0 ? ci_design(&st, 1, &o, r, &e)
                                    : ci_binomial(x, n, ask->level, method, r, &e);
  if (!ok)
    *status = cli_fail(e);
  return ok;
}

int
cli_cmd_ci(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  CliDesignArgs da = { 0 };
  char *method_name = NULL, *strata_path = NULL, *tail_name = NULL;
  CiAsk ask = { 0.95, 0, -1, OM_TAIL_GREATER, OM_LONELY_ADJUST, FALSE };
  GOptionEntry entries[]
      = { { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &ask.threshold,
            "Also test the share against this threshold P: exact one-sided p-value of H0 share <= "
            "P (or >= P with --tail less); hypergeometric with --population",
            "P" },
          { "tail", 0, 0, G_OPTION_ARG_STRING, &tail_name,
            "The test's alternative: greater (default: H0 share <= P) or less (H0 share >= P)",
            "greater|less" },
          { "method", 'm', 0, G_OPTION_ARG_STRING, &method_name,
            "wilson (default), exact, jeffreys, agresti-coull, wald; with --population or "
            "--strata: logit (default), beta, mean, xlogit, asin or likelihood",
            "METHOD" },
          { "level", 'l', 0, G_OPTION_ARG_DOUBLE, &ask.level, "Confidence level (default 0.95)",
            "L" },
          { "population", 'N', 0, G_OPTION_ARG_DOUBLE, &ask.population,
            "Population size: design-based interval of a simple random sample (R survey)", "N" },
          { "strata", 0, 0, G_OPTION_ARG_FILENAME, &strata_path,
            "Stratified design from counts: a CSV with columns stratum,N,n,x, one row per stratum "
            "(N empty or NA when unknown)",
            "FILE.csv" },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "ci", "X N", "Interval for X satisfied out of N valid answers, or for given strata.",
      "Without --population: one binomial proportion, as statsmodels' proportion_confint.\n"
      "With --population: a simple random sample of N from that population with finite-\n"
      "population correction, as R survey's svyciprop (one stratum, df = n - 1).\n"
      "With --strata FILE.csv: the stratified, population-weighted share of those strata, as\n"
      "R survey's svydesign(ids = ~1, strata = ~stratum, fpc = ~N) with svymean and svyciprop.\n\n"
      "Examples:\n  oudermonitor ci 47 52 --method exact\n"
      "  oudermonitor ci --strata strata.csv --method beta --format json");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_design_options(ctx, &da, FALSE, TRUE);
  cli_add_common_options(ctx, &common, FALSE);
  int status = OM_EXIT_OK;
  OmAnalysisOptions ao = OM_ANALYSIS_OPTIONS_INIT;
  OmCiMethod method;
  CiResult r;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status)
      || !check_level(ctx, ask.level, &status) || !cli_check_design_options(ctx, &da, &ao, &status))
    goto out;
  ao.level = ask.level;
  ask.lonely = ao.lonely;
  ask.verbose = da.verbose;
  method = ask.population > 0 || strata_path ? OM_CI_LOGIT : OM_CI_WILSON;
  if (method_name && !om_ci_method_from_string(method_name, &method)) {
    status = cli_usage_error(ctx, "--method '%s' is unknown", method_name);
    goto out;
  }
  if (tail_name && strcmp(tail_name, "greater") != 0 && strcmp(tail_name, "less") != 0) {
    status = cli_usage_error(ctx, "--tail '%s' is not greater or less", tail_name);
    goto out;
  }
  ask.tail = tail_name && strcmp(tail_name, "less") == 0 ? OM_TAIL_LESS : OM_TAIL_GREATER;
  if (!ci_check(ctx, &ask, method, strata_path, &status)
      || !ci_compute(ctx, argc, argv, strata_path, &ask, &ao, method, &r, &status))
    goto out;
  status = ci_print(&r, &ask, om_ci_method_to_string(method), &common);
out:
  cli_design_args_clear(&da);
  g_free(method_name);
  g_free(strata_path);
  g_free(tail_name);
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
  GOptionEntry entries[]
      = { { "level", 'l', 0, G_OPTION_ARG_DOUBLE, &level, "Confidence level (default 0.95)", "L" },
          G_OPTION_ENTRY_NULL };
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
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status)
      || !check_level(ctx, level, &status))
    goto out;
  if (argc != 5 || !parse_count(argv[1], &v[0]) || !parse_count(argv[2], &v[1])
      || !parse_count(argv[3], &v[2]) || !parse_count(argv[4], &v[3])) {
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
    { "p1", "p1", "p1", CLI_ALIGN_RIGHT },
    { "p2", "p2", "p2", CLI_ALIGN_RIGHT },
    { "difference", "verschil", "difference", CLI_ALIGN_RIGHT },
    { "lower", "ondergrens", "lower", CLI_ALIGN_RIGHT },
    { "upper", "bovengrens", "upper", CLI_ALIGN_RIGHT },
    { "z", "z", "z", CLI_ALIGN_RIGHT },
    { "p_z", "p (z-toets)", "p (z test)", CLI_ALIGN_RIGHT },
    { "p_fisher", "p (Fisher)", "p (Fisher)", CLI_ALIGN_RIGHT },
    { "p_value", "p", "p", CLI_ALIGN_RIGHT },
    { "test", "toets", "test", CLI_ALIGN_LEFT },
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

/* The scope column in use: the board under --bestuur, else the municipality when there
 * are several (one municipality's outputs stay as they were). */
static void
drop_scope_columns(CliTable *t, const CliScopeArgs *sa, const GPtrArray *scopes)
{
  if (sa->bestuur || scopes->len == 1)
    cli_table_drop_column(t, "municipality");
  if (!sa->bestuur)
    cli_table_drop_column(t, "board");
}

/* The method column: "census-bounds" for the institutions' survey's exact bounds. */
static const char *
point_method(const OmPoint *p)
{
  return p->census_bounds ? "census-bounds" : om_ci_method_to_string(p->method);
}

static const CliColumn stats_columns[] = {
  { "municipality", "gemeente", "municipality", CLI_ALIGN_LEFT },
  { "board", "bestuur", "board", CLI_ALIGN_LEFT },
  { "indicator", "indicator", "indicator", CLI_ALIGN_LEFT },
  { "scope", "niveau", "scope", CLI_ALIGN_LEFT },
  { "id", "code", "code", CLI_ALIGN_LEFT },
  { "name", "naam", "name", CLI_ALIGN_LEFT },
  { "year", "jaar", "year", CLI_ALIGN_RIGHT },
  { "baseline", "nulmeting", "baseline", CLI_ALIGN_LEFT },
  { "n", "n", "n", CLI_ALIGN_RIGHT },
  { "satisfied", "tevreden", "satisfied", CLI_ALIGN_RIGHT },
  { "dont_know", "weet niet", "don't know", CLI_ALIGN_RIGHT },
  { "share", "aandeel", "share", CLI_ALIGN_RIGHT },
  { "lower", "ondergrens", "lower", CLI_ALIGN_RIGHT },
  { "upper", "bovengrens", "upper", CLI_ALIGN_RIGHT },
  { "method", "methode", "method", CLI_ALIGN_LEFT },
  DESIGN_COLUMNS,
  { "mean", "gemiddelde", "mean", CLI_ALIGN_RIGHT },
  { "grade", "rapportcijfer", "grade", CLI_ALIGN_RIGHT },
  { "change", "verschil (procentpunt)", "change (percentage points)", CLI_ALIGN_RIGHT },
  { "change_lower", "ondergrens", "lower", CLI_ALIGN_RIGHT },
  { "change_upper", "bovengrens", "upper", CLI_ALIGN_RIGHT },
  { "change_p", "p", "p", CLI_ALIGN_RIGHT },
  { "note", "opmerking", "note", CLI_ALIGN_LEFT },
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
stats_rows(CliTable *t, const OmAnalysis *a, MeanUse use, OmScopeKind by, int year, OmLang lang,
           const char *municipality, const char *board)
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
      cli_table_str(t, municipality);
      cli_table_str(t, board);
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
        cli_table_str(t, point_method(p));
        design_cells(t, p->se, p->df, p->deff, p->design, om_analysis_options(a)->lonely);
      } else {
        for (int k = 0; k < 8; k++)
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

/* The rows the workers of cli_scopes_run make, a table per scope, and the first failure;
 * stats and targets print them joined in the scopes' order. With a stream, the rows are
 * written instead as soon as they and every scope before them are done: by the worker that
 * finds them so (one at a time, "printing"), while the other workers go on. */
typedef struct {
  CliTable **rows;
  GError **errors;
  gboolean *ready; /* the scope's rows and error are in */
  GMutex lock;
  guint done, total;
  CliProgress progress;
  CliTableCsv *stream; /* NULL: rows joined and printed afterwards */
  guint next;          /* the first scope not yet written to the stream */
  gboolean printing;   /* a worker is writing to the stream */
} ScopeRows;

/* Writes the scopes' rows that are ready in order, up to the first failure or gap; the lock
 * is held on entry and exit, released while writing. */
static void
scope_rows_stream(ScopeRows *r)
{
  if (r->printing)
    return; /* that worker will find ours too */
  r->printing = TRUE;
  while (r->next < r->total && r->ready[r->next] && !r->errors[r->next]) {
    CliTable *rows = g_steal_pointer(&r->rows[r->next]);
    r->next++;
    g_mutex_unlock(&r->lock);
    cli_table_csv_rows(r->stream, rows);
    cli_table_free(rows);
    g_mutex_lock(&r->lock);
  }
  r->printing = FALSE;
}

/* A worker's result for scope m (both taken over), and the progress. */
static void
scope_rows_done(ScopeRows *r, guint m, CliTable *rows, GError *error)
{
  g_mutex_lock(&r->lock);
  r->rows[m] = rows;
  r->errors[m] = error;
  r->ready[m] = TRUE;
  cli_progress(&r->progress, ++r->done, r->total);
  if (r->stream)
    scope_rows_stream(r);
  g_mutex_unlock(&r->lock);
}

/* Runs func over every scope on all cores and joins the rows into t in the scopes' order
 * (or writes them to r->stream); prints the first scope's error instead (status set,
 * FALSE). */
static gboolean
scope_rows_run(ScopeRows *r, CliTable *t, OmDataset *data, const CliScopeArgs *sa,
               GPtrArray *scopes, CliScopeFunc func, gpointer user, int *status)
{
  guint n = scopes->len;
  r->total = n;
  r->rows = g_new0(CliTable *, n);
  r->errors = g_new0(GError *, n);
  r->ready = g_new0(gboolean, n);
  g_mutex_init(&r->lock);
  gboolean ok = cli_scopes_run(data, sa, scopes, 0, func, user, status);
  g_mutex_clear(&r->lock);
  cli_progress_end(&r->progress);
  for (guint m = 0; m < n; m++) {
    if (ok && r->errors[m]) {
      *status = cli_fail(g_steal_pointer(&r->errors[m]));
      ok = FALSE;
    }
    if (ok && r->rows[m])
      cli_table_take_rows(t, r->rows[m]);
    g_clear_error(&r->errors[m]);
    cli_table_free(r->rows[m]);
  }
  g_free(r->rows);
  g_free(r->errors);
  g_free(r->ready);
  return ok;
}

/* Whether the rows go to a CSV file as they come (scope_rows_output). */
static gboolean
streams_csv(const CliCommon *common)
{
  return common->format == CLI_FORMAT_CSV && common->out && strcmp(common->out, "-") != 0;
}

/* scope_rows_run with the rows written to --out as they come (streams_csv): what
 * cli_table_print would write, whole or not at all (the file is only renamed into place
 * when every scope succeeded; base/safe-file.h), but without waiting for the last scope.
 * t gives the columns and keeps no rows; drop its columns first. FALSE (status set, the
 * error printed) when a scope or the file failed. */
static gboolean
scope_rows_output(ScopeRows *r, CliTable *t, OmDataset *data, const CliScopeArgs *sa,
                  GPtrArray *scopes, CliScopeFunc func, gpointer user, const CliCommon *common,
                  int *status)
{
  GError *e = NULL;
  OmSafeFile *f = om_safe_file_new(common->out, OM_SAFE_FILE_PUBLIC, &e);
  if (!f) {
    *status = cli_fail(e);
    return FALSE;
  }
  r->stream = cli_table_csv_new(t, common, om_safe_file_stream(f));
  gboolean ok = scope_rows_run(r, t, data, sa, scopes, func, user, status);
  if (ok
      && !(cli_table_csv_finish(g_steal_pointer(&r->stream), &e) && om_safe_file_commit(f, &e))) {
    *status = cli_fail(e);
    ok = FALSE;
  }
  cli_table_csv_free(r->stream);
  r->stream = NULL;
  om_safe_file_free(f); /* without a commit: the partial file is removed */
  return ok;
}

/* What every scope's rows are computed with, and the rows. */
typedef struct {
  ScopeRows out;
  const OmTally *tally;
  const char *indicator; /* NULL = all of the group */
  OmScopeKind by;
  int year;
  const OmAnalysisOptions *opts;
  OmLang lang;
} StatsWork;

/* One scope's rows: every indicator (or the one asked) over the scope's institutions. Runs
 * on a worker thread (cli_scopes_run). */
static void
stats_scope(OmDataset *data, const OmDatasetScope *scope, guint m, gpointer user)
{
  (void)data;
  StatsWork *w = user;
  const OmSurvey *s = om_tally_survey(w->tally);
  const char *board = om_dataset_scope_board(scope);
  CliTable *rows = cli_table_new(stats_columns, G_N_ELEMENTS(stats_columns));
  GError *e = NULL;
  for (guint k = 0; k < om_survey_n_indicators(s) && !e; k++) {
    const OmIndicator *ind = om_survey_indicator(s, k);
    if (w->indicator && strcmp(w->indicator, ind->id) != 0)
      continue;
    OmAnalysis *a = om_analysis_new(w->tally, om_dataset_scope_institutions(scope), ind->id, NULL,
                                    w->opts, &e);
    if (!a)
      break;
    if (board)
      om_analysis_set_total_name(a, board);
    stats_rows(rows, a, mean_use(om_indicator_scale(s, ind)), w->by, w->year, w->lang,
               om_dataset_scope_municipality(scope), board);
    om_analysis_free(a);
  }
  scope_rows_done(&w->out, m, rows, e);
}

/* Every scope's rows, printed (a CSV file as they come); returns the exit code. */
static int
stats_output(StatsWork *work, OmDataset *data, const CliScopeArgs *sa, GPtrArray *scopes,
             const CliCommon *common, gboolean verbose)
{
  int status = OM_EXIT_OK;
  CliTable *t = cli_table_new(stats_columns, G_N_ELEMENTS(stats_columns));
  drop_scope_columns(t, sa, scopes);
  if (streams_csv(common)) {
    (void)scope_rows_output(&work->out, t, data, sa, scopes, stats_scope, work, common, &status);
  } else if (scope_rows_run(&work->out, t, data, sa, scopes, stats_scope, work, &status)) {
    if (common->format == CLI_FORMAT_TEXT)
      cli_table_hide_column(t, "scope");
    hide_design_columns(t, common, verbose);
    status = cli_table_print(t, common);
  }
  cli_table_free(t);
  return status;
}

int
cli_cmd_stats(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  CliAnalysisArgs aa = CLI_ANALYSIS_ARGS_INIT;
  char *indicator = NULL, *by_name = NULL, *group = NULL;
  int year = 0;
  GOptionEntry entries[]
      = { { "indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator,
            "One indicator (default: all of the group)", "ID" },
          { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
            "Respondent group: ouders (default) or instellingen", "GROUP" },
          { "by", 'b', 0, G_OPTION_ARG_STRING, &by_name,
            "gemeente, sector (default; with the municipality) or instelling", "SCOPE" },
          { "year", 'y', 0, G_OPTION_ARG_INT, &year, "Only this wave's year (default: every wave)",
            "YEAR" },
          G_OPTION_ENTRY_NULL };
  CliDesignArgs da = { 0 };
  GOptionContext *ctx = cli_context(
      "stats", "",
      "Shares satisfied with intervals, means, report grades and change since the baseline.",
      "Institutions: one binomial proportion, or with a known population a simple random\n"
      "sample with finite-population correction. Sectors and the municipality: stratified\n"
      "by institution and weighted by population (R survey's svydesign(ids=~1,\n"
      "strata=~instelling, fpc=~populatie)). Groups under --min-n valid answers show only\n"
      "their n, and one more group is withheld where the small one could be recovered by\n"
      "subtraction.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &aa);
  cli_add_design_options(ctx, &da, TRUE, TRUE);
  CliScopeArgs sa = { 0 };
  cli_add_scope_options(ctx, &sa, TRUE);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  GPtrArray *scopes = NULL;
  GError *e = NULL;
  OmAnalysisOptions opts;
  OmScopeKind by = OM_SCOPE_SECTOR;
  CliProgress progress;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status)
      || !cli_check_analysis_options(ctx, &aa, &opts, &status)
      || !cli_check_design_options(ctx, &da, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "stats takes no arguments, only options");
    goto out;
  }
  if (by_name && !om_scope_kind_from_string(by_name, &by)) {
    status = cli_usage_error(ctx, "--by '%s' is not gemeente, sector or instelling", by_name);
    goto out;
  }
  OmGroup group_kind;
  if (group && !om_group_from_key(group, &group_kind)) {
    status = cli_usage_error(ctx, "--group '%s' is not ouders or instellingen", group);
    goto out;
  }
  cli_progress_init(&progress, "stats", sa.quiet);
  if (!(data = cli_dataset_open(cli_db(&common), &e))) {
    status = cli_fail(e);
    goto out;
  }
  if (!cli_design_from_definition(ctx, data, group ? group : "ouders", &da, &opts, &status))
    goto out;
  /* The scopes first: one municipality of many reads its own counts alone. */
  if (!(scopes = cli_scopes(ctx, data, &sa, &status))
      || !cli_scope_select(data, &sa, scopes, 0, &status))
    goto out;
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
  /* Without institution rows their own estimates would only be thrown away. */
  opts.totals_only = by != OM_SCOPE_INSTELLING;
  StatsWork work = { .out.progress = progress,
                     .tally = tally,
                     .indicator = indicator,
                     .by = by,
                     .year = year,
                     .opts = &opts,
                     .lang = common.lang };
  status = stats_output(&work, data, &sa, scopes, &common, da.verbose);
out:
  cli_design_args_clear(&da);
  cli_scope_args_clear(&sa);
  if (scopes)
    g_ptr_array_unref(scopes);
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
  { "municipality", "gemeente", "municipality", CLI_ALIGN_LEFT },
  { "board", "bestuur", "board", CLI_ALIGN_LEFT },
  { "target", "doel", "target", CLI_ALIGN_LEFT },
  { "indicator", "indicator", "indicator", CLI_ALIGN_LEFT },
  { "scope", "niveau", "scope", CLI_ALIGN_LEFT },
  { "id", "code", "code", CLI_ALIGN_LEFT },
  { "name", "naam", "name", CLI_ALIGN_LEFT },
  { "threshold", "norm", "threshold", CLI_ALIGN_RIGHT },
  { "deadline", "deadline", "deadline", CLI_ALIGN_RIGHT },
  { "year", "meting", "wave", CLI_ALIGN_RIGHT },
  { "n", "n", "n", CLI_ALIGN_RIGHT },
  { "share", "aandeel", "share", CLI_ALIGN_RIGHT },
  { "lower", "ondergrens", "lower", CLI_ALIGN_RIGHT },
  { "upper", "bovengrens", "upper", CLI_ALIGN_RIGHT },
  { "method", "methode", "method", CLI_ALIGN_LEFT },
  DESIGN_COLUMNS,
  { "meets_threshold", "schatting ≥ norm", "estimate ≥ threshold", CLI_ALIGN_LEFT },
  { "projection", "prognose", "projection", CLI_ALIGN_RIGHT },
  { "projection_lower", "prognose onder", "projection lower", CLI_ALIGN_RIGHT },
  { "projection_upper", "prognose boven", "projection upper", CLI_ALIGN_RIGHT },
  { "projection_method", "prognosemethode", "projection method", CLI_ALIGN_LEFT },
  { "status", "status", "status", CLI_ALIGN_LEFT },
  { "note", "opmerking", "note", CLI_ALIGN_LEFT },
};

/* Parses --fail-on into one flag per status; a usage error on an unknown key. */
static gboolean
parse_fail_on(GOptionContext *ctx, const char *fail_on, gboolean *fail_status, int *status)
{
  if (!fail_on)
    return TRUE;
  char **keys = g_strsplit(fail_on, ",", -1);
  gboolean ok = TRUE;
  for (int i = 0; ok && keys[i]; i++) {
    OmTargetStatus st;
    if (!om_target_status_from_key(g_strstrip(keys[i]), &st)) {
      *status = cli_usage_error(ctx, "--fail-on: '%s' is not a status key", keys[i]);
      ok = FALSE;
    } else {
      fail_status[st] = TRUE;
    }
  }
  g_strfreev(keys);
  return ok;
}

/* The point's share with its interval and the numbers behind it, and whether it meets the
 * threshold; empty cells when there is no published share. */
static void
target_share_cells(CliTable *t, const OmEvaluationRow *r, const CliCommon *common, OmLonely lonely)
{
  const OmPoint *p = r->result.point;
  if (!(p && p->has_share)) {
    for (int k = 0; k < 9; k++)
      cli_table_null(t);
    return;
  }
  cli_table_pct(t, p->estimate, 1);
  cli_table_pct(t, p->lower, 1);
  cli_table_pct(t, p->upper, 1);
  cli_table_str(t, point_method(p));
  design_cells(t, p->se, p->df, p->deff, p->design, lonely);
  if (common->format == CLI_FORMAT_TEXT)
    cli_table_str(t, r->result.meets ? (common->lang == OM_LANG_NL ? "ja" : "yes")
                                     : (common->lang == OM_LANG_NL ? "nee" : "no"));
  else
    cli_table_bool(t, r->result.meets);
}

/* One row of the targets table: a target in one scope unit. */
static void
targets_row(CliTable *t, const OmEvaluationRow *r, const CliCommon *common, OmLonely lonely,
            const OmDatasetScope *scope)
{
  const OmPoint *p = r->result.point;
  cli_table_add_row(t);
  cli_table_str(t, om_dataset_scope_municipality(scope));
  cli_table_str(t, om_dataset_scope_board(scope));
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
  target_share_cells(t, r, common, lonely);
  if (r->result.has_projection) {
    cli_table_pct(t, r->result.projection.estimate, 1);
    cli_table_pct(t, r->result.projection.lower, 1);
    cli_table_pct(t, r->result.projection.upper, 1);
    cli_table_str(t, r->result.projection_design ? "svyglm" : "glm");
  } else {
    for (int k = 0; k < 4; k++)
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

/* --by: which rows the table shows. The text table starts compact (the municipality and
 * sectors); CSV and JSON, read by programs, hold every row unless --by says otherwise. */
static gboolean
parse_targets_by(GOptionContext *ctx, const char *by_name, const CliCommon *common, OmScopeKind *by,
                 gboolean *all, int *status)
{
  *all = by_name ? strcmp(by_name, "all") == 0 : common->format != CLI_FORMAT_TEXT;
  if (by_name && !*all && !om_scope_kind_from_string(by_name, by)) {
    *status = cli_usage_error(ctx, "--by '%s' is not gemeente, sector, instelling or all", by_name);
    return FALSE;
  }
  return TRUE;
}

/* The compact text table: what a reader needs; the rest with --verbose or as CSV/JSON. */
static void
hide_targets_columns(CliTable *t, const CliCommon *common, gboolean verbose, gboolean projected)
{
  if (common->format == CLI_FORMAT_TEXT) {
    cli_table_hide_column(t, "indicator");
    cli_table_hide_column(t, "scope");
    if (!verbose) {
      static const char *const wide[] = { "id",
                                          "threshold",
                                          "deadline",
                                          "meets_threshold",
                                          "projection_lower",
                                          "projection_upper",
                                          "method",
                                          "projection_method" };
      for (gsize c = 0; c < G_N_ELEMENTS(wide); c++)
        cli_table_hide_column(t, wide[c]);
      if (!projected)
        cli_table_hide_column(t, "projection");
    }
  }
  hide_design_columns(t, common, verbose);
}

/* What every scope's target rows are made with, and the rows. */
typedef struct {
  ScopeRows out;
  const char *targets_path;
  int year;
  const OmAnalysisOptions *opts;
  const CliCommon *common;
  const gboolean *fail_status;
  OmScopeKind by;
  gboolean all;
  gboolean failed, projected; /* under out.lock */
} TargetsWork;

/* One scope's evaluation into rows of its own; on a worker thread (cli_scopes_run). */
static void
targets_scope(OmDataset *data, const OmDatasetScope *scope, guint m, gpointer user)
{
  TargetsWork *w = user;
  gboolean failed = FALSE, projected = FALSE;
  GError *e = NULL;
  OmEvaluation *run = cli_evaluation_run_scope(data, scope, w->targets_path, w->year, w->opts, &e);
  CliTable *t = cli_table_new(target_columns, G_N_ELEMENTS(target_columns));
  for (guint i = 0; run && i < om_evaluation_n_rows(run); i++) {
    const OmEvaluationRow *r = om_evaluation_row(run, i);
    OmScopeKind k = r->series->kind;
    /* --fail-on looks at every row, whatever the table shows. */
    failed = failed || w->fail_status[r->result.status];
    if (!(w->all || k == w->by || (w->by == OM_SCOPE_SECTOR && k == OM_SCOPE_GEMEENTE)))
      continue;
    targets_row(t, r, w->common, w->opts->lonely, scope);
    projected = projected || r->result.has_projection;
  }
  om_evaluation_free(run);
  g_mutex_lock(&w->out.lock);
  w->failed = w->failed || failed;
  w->projected = w->projected || projected;
  g_mutex_unlock(&w->out.lock);
  scope_rows_done(&w->out, m, t, e);
}

/* The tallies of the targets' groups counted on this thread, as the first scope's worker
 * would count them (the same selection), but with no worker waiting for them under the
 * dataset's lock. Failures (a file that does not read, a group without waves) are left for
 * the evaluations to report. */
static void
count_target_groups(OmDataset *data, const char *targets_path)
{
  OmTargetSet *set
      = om_targets_new_from_file(targets_path ? targets_path : cli_default_targets(), NULL);
  for (guint i = 0; set && i < om_targets_size(set); i++)
    (void)om_dataset_tally(data, om_targets_get(set, i)->group, NULL);
  om_targets_free(set);
}

int
cli_cmd_targets(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  CliAnalysisArgs aa = CLI_ANALYSIS_ARGS_INIT;
  CliDesignArgs da = { 0 };
  char *targets_path = NULL, *fail_on = NULL, *by_name = NULL;
  int year = 0;
  GOptionEntry entries[]
      = { { "by", 'b', 0, G_OPTION_ARG_STRING, &by_name,
            "Rows of gemeente, sector (with the municipality), instelling or all (default: "
            "sector for text, all for CSV/JSON)",
            "SCOPE" },
          { "targets", 't', 0, G_OPTION_ARG_FILENAME, &targets_path,
            "Targets file (default: surveys/targets.ini)", "FILE" },
          { "year", 'y', 0, G_OPTION_ARG_INT, &year, "Evaluation year (default: the newest wave)",
            "YEAR" },
          { "fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on,
            "Exit with 5 when a target has one of these statuses (comma-separated keys, e.g. "
            "not-attained,off-course)",
            "STATUSES" },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "targets", "", "Every target per scope unit: share, interval, projection and status.",
      "Status in the deadline year: behaald (lower bound >= norm), niet behaald (upper bound\n"
      "< norm), onbeslist (the interval holds the norm). Before it, from the trend (binomial\n"
      "GLM on year) projected to the deadline: op koers, uit koers, onzeker. Groups under\n"
      "--min-n: te weinig respons.\n"
      "The institutions' survey is a census of the register: with x yes of the n that\n"
      "answered out of N registered, the share lies between x/N and (x+N-n)/N (note\n"
      "'n van N instellingen'); attained only when x/N reaches the norm.\n\n"
      "Text shows the municipality and its sectors in a compact table; --by chooses the rows,\n"
      "--verbose adds every column (code, norm, deadline, estimate >= norm, projection bounds,\n"
      "se, df, design effect). CSV and JSON always hold every column.\n\n"
      "Status keys for --fail-on and CSV/JSON: attained, not-attained, undecided, on-course,\n"
      "off-course, uncertain, too-few, no-data.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &aa);
  cli_add_design_options(ctx, &da, TRUE, TRUE);
  cli_add_common_options(ctx, &common, TRUE);
  CliScopeArgs sa = { 0 };
  cli_add_scope_options(ctx, &sa, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  GPtrArray *scopes = NULL;
  GError *e = NULL;
  CliProgress progress;
  OmAnalysisOptions opts;
  gboolean fail_status[OM_STATUS_N] = { FALSE };
  OmScopeKind by = OM_SCOPE_SECTOR;
  gboolean all = FALSE;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status)
      || !cli_check_analysis_options(ctx, &aa, &opts, &status)
      || !cli_check_design_options(ctx, &da, &opts, &status)
      || !parse_fail_on(ctx, fail_on, fail_status, &status)
      || !parse_targets_by(ctx, by_name, &common, &by, &all, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "targets takes no arguments, only options");
    goto out;
  }
  cli_progress_init(&progress, "targets", sa.quiet);
  if (!(data = cli_dataset_open(cli_db(&common), &e))) {
    status = cli_fail(e);
    goto out;
  }
  if (!cli_design_from_definition(ctx, data, "ouders", &da, &opts, &status)
      || !(scopes = cli_scopes(ctx, data, &sa, &status))
      || !cli_scope_select(data, &sa, scopes, 0, &status))
    goto out;
  count_target_groups(data, targets_path);
  CliTable *t = cli_table_new(target_columns, G_N_ELEMENTS(target_columns));
  TargetsWork work = { .out.progress = progress,
                       .targets_path = targets_path,
                       .year = year,
                       .opts = &opts,
                       .common = &common,
                       .fail_status = fail_status,
                       .by = by,
                       .all = all };
  drop_scope_columns(t, &sa, scopes);
  if (streams_csv(&common)) {
    gboolean ok = scope_rows_output(&work.out, t, data, &sa, scopes, targets_scope, &work, &common,
                                    &status);
    cli_table_free(t);
    if (ok && work.failed)
      status = OM_EXIT_TARGETS;
    goto out;
  }
  if (!scope_rows_run(&work.out, t, data, &sa, scopes, targets_scope, &work, &status)) {
    cli_table_free(t);
    goto out;
  }
  gboolean failed = work.failed, projected = work.projected;
  hide_targets_columns(t, &common, da.verbose, projected);
  status = cli_table_print(t, &common);
  cli_table_free(t);
  if (status == OM_EXIT_OK && failed)
    status = OM_EXIT_TARGETS;
out:
  cli_design_args_clear(&da);
  cli_scope_args_clear(&sa);
  if (scopes)
    g_ptr_array_unref(scopes);
  om_dataset_free(data);
  g_free(targets_path);
  g_free(fail_on);
  g_free(by_name);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

/* ---- plan ------------------------------------------------------------------------------- */

/* One institution's plan. The expected share is --expected as given, else its last
 * published share; a last share of 0% or 100% would ask for no respondents at all, so it
 * is moved one answer inwards (1/(n+1)) and the note says so. */
static void
plan_row(CliTable *t, const OmSeries *s, gint64 pop, double expected, double halfwidth,
         double level, OmLang lang)
{
  const OmPoint *last = &g_array_index(s->points, OmPoint, s->points->len - 1);
  /* The last share of a withheld group would publish it: plan for 50% there. */
  double p = expected > 0 ? expected : (last->has_share ? last->estimate : 0.5);
  char *note = NULL;
  if (expected <= 0 && last->has_share && last->n > 0) {
    double edge = 1.0 / (double)(last->n + 1), moved = CLAMP(p, edge, 1 - edge);
    if (moved != p) {
      char *was = om_format_percent(p, 0, lang), *now = om_format_percent(moved, 1, lang);
      note = g_strdup_printf(lang == OM_LANG_NL ? "laatste aandeel %s: gepland met %s "
                                                  "(één antwoord van de rand)"
                                                : "last share %s: planned with %s "
                                                  "(one answer from the edge)",
                             was, now);
      g_free(was);
      g_free(now);
      p = moved;
    }
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
  cli_table_pct(t, p, 1);
  cli_table_int(t, (gint64)needed);
  cli_table_int(t, needed > last->n ? (gint64)(needed - last->n) : 0);
  cli_table_str(t, note);
  g_free(note);
}

int
cli_cmd_plan(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  double halfwidth = 0.05, level = 0.95, expected = 0;
  char *indicator = NULL;
  GOptionEntry entries[]
      = { { "halfwidth", 'w', 0, G_OPTION_ARG_DOUBLE, &halfwidth,
            "Wanted half-width of the interval (default 0.05 = ±5 points)", "E" },
          { "level", 'l', 0, G_OPTION_ARG_DOUBLE, &level, "Confidence level (default 0.95)", "L" },
          { "expected", 'p', 0, G_OPTION_ARG_DOUBLE, &expected,
            "Expected share, used as given (default: the institution's last published share, "
            "one answer in from 0% or 100%, else 0.5)",
            "P" },
          { "indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator,
            "Indicator for the expected share (default: relatie)", "ID" },
          G_OPTION_ENTRY_NULL };
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
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status)
      || !check_level(ctx, level, &status))
    goto out;
  if (!(halfwidth > 0 && halfwidth < 0.5)) {
    status = cli_usage_error(ctx, "--halfwidth %g must lie between 0 and 0.5", halfwidth);
    goto out;
  }
  if (cli_option_given("expected") && !(expected > 0 && expected < 1)) {
    status = cli_usage_error(ctx, "--expected %g must lie between 0 and 1", expected);
    goto out;
  }
  const OmTally *tally;
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  if (!(data = cli_dataset_open(cli_db(&common), &e))
      || !(tally = om_dataset_tally(data, "ouders", &e))
      || !(a = om_analysis_new(tally, om_dataset_institutions(data),
                               indicator ? indicator : "relatie", NULL, &opts, &e))) {
    status = cli_fail(e);
    goto out;
  }
  static const CliColumn cols[] = {
    { "id", "code", "code", CLI_ALIGN_LEFT },
    { "name", "naam", "name", CLI_ALIGN_LEFT },
    { "sector", "sector", "sector", CLI_ALIGN_LEFT },
    { "population", "populatie", "population", CLI_ALIGN_RIGHT },
    { "year", "laatste meting", "last wave", CLI_ALIGN_RIGHT },
    { "received", "ontvangen", "received", CLI_ALIGN_RIGHT },
    { "expected_share", "verwacht aandeel", "expected share", CLI_ALIGN_RIGHT },
    { "needed", "nodig", "needed", CLI_ALIGN_RIGHT },
    { "shortfall", "tekort", "shortfall", CLI_ALIGN_RIGHT },
    { "note", "opmerking", "note", CLI_ALIGN_LEFT },
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
    plan_row(t, s, pop, expected, halfwidth, level, common.lang);
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
