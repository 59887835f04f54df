/* cli-data.c — the options of the commands that analyse the store (--ci, --level, --min-n)
 * and where the default targets file lives. The loading and the evaluation run are in
 * present/evaluation.c. */
#include "cli/cli-data.h"
#include "oudermonitor/estimate.h"
#include "cli/cli.h"
#include "base/datadir.h"

#include <stdio.h>
#include <unistd.h>
#include <string.h>

void
cli_add_analysis_options(GOptionContext *ctx, CliAnalysisArgs *args)
{
  GOptionEntry entries[]
      = { { "ci", 0, 0, G_OPTION_ARG_STRING, &args->ci,
            "Interval method: wilson (default), exact, jeffreys, agresti-coull, wald for one "
            "proportion; logit (default) or beta for design-based estimates",
            "METHOD" },
          { "level", 'l', 0, G_OPTION_ARG_DOUBLE, &args->level, "Confidence level (default 0.95)",
            "L" },
          { "min-n", 0, 0, G_OPTION_ARG_INT, &args->min_n,
            "Minimum valid answers for a published share (default 10)", "N" },
          G_OPTION_ENTRY_NULL };
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
      *status = cli_usage_error(ctx,
                                "--ci '%s' is not wilson, exact, jeffreys, agresti-coull, "
                                "wald, logit or beta",
                                args->ci);
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
    fprintf(stderr,
            "%s: warning: --min-n %d publishes the shares of groups of %d parents; "
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
  /* Once: the scopes of targets, chart and report run on several threads at a time. */
  static char *shipped;
  if (g_once_init_enter(&shipped))
    g_once_init_leave(&shipped, om_data_file("targets.ini"));
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

/* ---- scopes ---------------------------------------------------------------------------- */

void
cli_add_scope_options(GOptionContext *ctx, CliScopeArgs *args, gboolean with_quiet)
{
  GOptionEntry entries[]
      = { { "quiet", 'q', 0, G_OPTION_ARG_NONE, &args->quiet, "No progress indication", NULL },
          { "gemeente", 0, 0, G_OPTION_ARG_STRING, &args->gemeente,
            "Only this municipality, or 'all': each municipality on its own (default with several)",
            "NAME|all" },
          { "bestuur", 0, 0, G_OPTION_ARG_STRING, &args->bestuur,
            "Per school board (register column bestuur) instead of per municipality: one "
            "board, or 'all'",
            "NAME|all" },
          { "scope", 0, 0, G_OPTION_ARG_STRING, &args->scope,
            "gemeente (default: results per municipality) or regio (every municipality pooled into "
            "one region)",
            "SCOPE" },
          G_OPTION_ENTRY_NULL };
  g_option_context_add_main_entries(ctx, with_quiet ? entries : entries + 1, NULL);
}

void
cli_scope_args_clear(CliScopeArgs *args)
{
  g_clear_pointer(&args->gemeente, g_free);
  g_clear_pointer(&args->bestuur, g_free);
  g_clear_pointer(&args->scope, g_free);
}

GPtrArray *
cli_scopes(GOptionContext *ctx, OmDataset *data, const CliScopeArgs *args, int *status)
{
  gboolean regio = FALSE;
  if (args->scope) {
    if (strcmp(args->scope, "regio") == 0)
      regio = TRUE;
    else if (strcmp(args->scope, "gemeente") != 0) {
      *status = cli_usage_error(ctx, "--scope '%s' is not gemeente or regio", args->scope);
      return NULL;
    }
  }
  if ((regio || args->gemeente) && args->bestuur) {
    *status = cli_usage_error(ctx, "--bestuur goes without --gemeente and --scope: a school "
                                   "board's institutions may lie in several municipalities");
    return NULL;
  }
  if (regio && args->gemeente) {
    *status = cli_usage_error(ctx, "--gemeente and --scope regio exclude each other: a region "
                                   "pools every municipality of the register");
    return NULL;
  }
  const char *asked = args->bestuur ? args->bestuur : args->gemeente;
  GPtrArray *names = args->bestuur ? om_dataset_boards(data) : om_dataset_municipalities(data);
  GPtrArray *out = g_ptr_array_new();
  if (args->bestuur && names->len == 0) {
    *status = cli_fail(g_error_new(OM_ERROR, OM_ERROR_NOT_FOUND,
                                   "the register names no school board: add a column bestuur "
                                   "to it and load it again with 'oudermonitor register'"));
    g_ptr_array_unref(names);
    g_ptr_array_unref(out);
    return NULL;
  }
  if (asked && strcmp(asked, "all") != 0) {
    for (guint i = 0; i < names->len; i++)
      if (strcmp(g_ptr_array_index(names, i), asked) == 0)
        g_ptr_array_add(out, g_ptr_array_index(names, i));
    if (out->len == 0) {
      GString *known = g_string_new(NULL);
      for (guint i = 0; i < names->len && i < 8; i++)
        g_string_append_printf(known, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(names, i));
      if (names->len > 8)
        g_string_append_printf(known, " and %u more", names->len - 8);
      /* A name the register does not hold is a wrong option, not a damaged store. */
      *status = cli_usage_error(ctx, "the register has no %s '%s' (it has %s)",
                                args->bestuur ? "school board" : "municipality", asked, known->str);
      g_string_free(known, TRUE);
      g_ptr_array_unref(out);
      out = NULL;
    }
  } else if (regio || (names->len <= 1 && !args->bestuur)) {
    g_ptr_array_add(out, NULL);
  } else {
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add(out, g_ptr_array_index(names, i));
  }
  g_ptr_array_unref(names);
  return out;
}

gboolean
cli_scope_select(OmDataset *data, const CliScopeArgs *args, GPtrArray *scopes, guint i, int *status)
{
  GError *e = NULL;
  const char *name = g_ptr_array_index(scopes, i);
  if (args->bestuur ? om_dataset_select_board(data, name, &e) : om_dataset_select(data, name, &e)) {
    /* One municipality or board of many: read its counts alone. */
    if (scopes->len == 1 && name)
      om_dataset_count_selected_only(data);
    return TRUE;
  }
  *status = cli_fail(e);
  return FALSE;
}

OmEvaluation *
cli_evaluation_run_scope(OmDataset *data, const OmDatasetScope *scope, const char *targets_path,
                         int year, const OmAnalysisOptions *opts, GError **error)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  OmEvaluation *run = om_evaluation_new_for_scope(
      data, scope, targets_path ? targets_path : cli_default_targets(), year, opts, warnings,
      error);
  /* Each scope is evaluated on its own: a warning (a target without data) is said once,
   * not once per municipality, whichever thread evaluates it. */
  static GMutex lock;
  static GHashTable *said;
  g_mutex_lock(&lock);
  if (!said)
    said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < warnings->len; i++) {
    const char *w = g_ptr_array_index(warnings, i);
    if (g_hash_table_add(said, g_strdup(w)))
      fprintf(stderr, "%s: %s\n", cli_prog, w);
  }
  g_mutex_unlock(&lock);
  g_ptr_array_unref(warnings);
  return run;
}

OmEvaluation *
cli_evaluation_run(OmDataset *data, const char *targets_path, int year,
                   const OmAnalysisOptions *opts, int *status)
{
  GError *e = NULL;
  OmDatasetScope *scope = om_dataset_scope(data);
  OmEvaluation *run = cli_evaluation_run_scope(data, scope, targets_path, year, opts, &e);
  om_dataset_scope_free(scope);
  if (!run)
    *status = cli_fail(e);
  return run;
}

/* ---- every scope on all cores ---------------------------------------------------------- */

typedef struct {
  OmDataset *data;
  CliScopeFunc func;
  gpointer user;
  GMutex lock;
  GCond done_cond;
  guint pushed, done;
} ScopeRun;

typedef struct {
  OmDatasetScope *scope;
  guint m;
} ScopeJob;

static void
scope_job_run(gpointer data, gpointer user)
{
  ScopeJob *j = data;
  ScopeRun *r = user;
  r->func(r->data, j->scope, j->m, r->user);
  om_dataset_scope_free(j->scope);
  g_free(j);
  g_mutex_lock(&r->lock);
  r->done++;
  g_cond_signal(&r->done_cond);
  g_mutex_unlock(&r->lock);
}

gboolean
cli_scopes_run(OmDataset *data, const CliScopeArgs *args, GPtrArray *scopes, int threads,
               CliScopeFunc func, gpointer user, int *status)
{
  ScopeRun r = { .data = data, .func = func, .user = user };
  g_mutex_init(&r.lock);
  g_cond_init(&r.done_cond);
  int n = MAX(threads > 0 ? threads : (int)g_get_num_processors(), 1);
  GThreadPool *pool = g_thread_pool_new(scope_job_run, &r, n, TRUE, NULL);
  gboolean ok = TRUE;
  for (guint m = 0; ok && m < scopes->len; m++) {
    g_mutex_lock(&r.lock);
    while (r.pushed - r.done >= 2 * (guint)n)
      g_cond_wait(&r.done_cond, &r.lock);
    g_mutex_unlock(&r.lock);
    if (!(ok = cli_scope_select(data, args, scopes, m, status)))
      break;
    ScopeJob *j = g_new0(ScopeJob, 1);
    j->scope = om_dataset_scope(data);
    j->m = m;
    r.pushed++; /* only this thread reads or writes it */
    g_thread_pool_push(pool, j, NULL);
  }
  g_thread_pool_free(pool, FALSE, TRUE);
  g_mutex_clear(&r.lock);
  g_cond_clear(&r.done_cond);
  return ok;
}

const char *
cli_scope_name(OmDataset *data, GPtrArray *scopes, guint i)
{
  const char *name = g_ptr_array_index(scopes, i);
  if (name)
    return name;
  GPtrArray *names = om_dataset_municipalities(data);
  name = names->len == 1 ? g_ptr_array_index(names, 0) : NULL;
  g_ptr_array_unref(names);
  return name;
}

char *
cli_scope_slug(const char *municipality)
{
  GString *s = g_string_new(NULL);
  char *norm = g_utf8_normalize(municipality ? municipality : "regio", -1, G_NORMALIZE_NFD);
  for (const char *p = norm ? norm : ""; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (g_ascii_isalnum(c))
      g_string_append_c(s, g_ascii_tolower(c));
    else if (c < 0x80 && s->len && s->str[s->len - 1] != '-')
      g_string_append_c(s, '-');
  }
  g_free(norm);
  while (s->len && s->str[s->len - 1] == '-')
    g_string_truncate(s, s->len - 1);
  if (s->len == 0)
    g_string_append(s, "gemeente");
  return g_string_free(s, FALSE);
}

/* ---- progress ---------------------------------------------------------------------------- */

void
cli_progress_init(CliProgress *p, const char *what, gboolean quiet)
{
  *p = (CliProgress){ .what = what,
                      .start = g_get_monotonic_time(),
                      .on = !quiet && isatty(STDERR_FILENO) };
}

void
cli_progress(CliProgress *p, guint done, guint total)
{
  if (!p->on)
    return;
  gint64 now = g_get_monotonic_time();
  if (now - p->start < G_USEC_PER_SEC || (p->shown && now - p->last < G_USEC_PER_SEC / 10))
    return;
  p->last = now;
  p->shown = TRUE;
  fprintf(stderr, "\r%s: %u/%u (%.0f s)", p->what, done, total,
          (double)(now - p->start) / G_USEC_PER_SEC);
  fflush(stderr);
}

void
cli_progress_end(CliProgress *p)
{
  if (p->on && p->shown)
    fputs("\r\033[K", stderr);
  p->shown = FALSE;
}

/* ---- design options (stats, targets, ci, chart, report) --------------------------- */

void
cli_add_design_options(GOptionContext *ctx, CliDesignArgs *d, gboolean with_method,
                       gboolean with_verbose)
{
  GOptionEntry entries[] = {
    { "fpc", 0, 0, G_OPTION_ARG_STRING, &d->fpc,
      "Finite-population correction from the register's populations: yes (default) or no (R "
      "survey: fpc = ~N, or weights only)",
      "yes|no" },
    { "lonely", 0, 0, G_OPTION_ARG_STRING, &d->lonely,
      "Strata with a single respondent, R's options(survey.lonely.psu): adjust (default), fail, "
      "remove, average or certainty",
      "RULE" },
    { "df", 0, 0, G_OPTION_ARG_STRING, &d->df,
      "Degrees of freedom of the t quantile: design (default, n - strata) or inf (normal quantile)",
      "design|inf" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &d->verbose,
      "Text output: every column, with each interval's SE, df, design effect and lonely-stratum "
      "rule",
      NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &d->method,
      "Design-based interval, R's svyciprop: logit (default), beta, mean, xlogit, asin or "
      "likelihood",
      "METHOD" },
    G_OPTION_ENTRY_NULL
  };
  /* --method and --verbose are the last two entries; drop what the command has no use for
   * (ci takes its own --method; chart and report print no tables). */
  if (!with_method)
    entries[4] = (GOptionEntry)G_OPTION_ENTRY_NULL;
  if (!with_verbose) {
    entries[3] = entries[4];
    entries[4] = (GOptionEntry)G_OPTION_ENTRY_NULL;
  }
  g_option_context_add_main_entries(ctx, entries, NULL);
}

void
cli_design_args_clear(CliDesignArgs *d)
{
  g_clear_pointer(&d->fpc, g_free);
  g_clear_pointer(&d->lonely, g_free);
  g_clear_pointer(&d->df, g_free);
  g_clear_pointer(&d->method, g_free);
}

/* Applies --fpc, --lonely, --df and --method to o; a usage error on a wrong word. */
gboolean
cli_check_design_options(GOptionContext *ctx, const CliDesignArgs *d, OmAnalysisOptions *o,
                         int *status)
{
  if (d->fpc && strcmp(d->fpc, "yes") != 0 && strcmp(d->fpc, "no") != 0) {
    *status = cli_usage_error(ctx, "--fpc '%s' is not yes or no", d->fpc);
    return FALSE;
  }
  if (d->fpc)
    o->fpc = strcmp(d->fpc, "yes") == 0;
  if (d->lonely && !om_lonely_from_string(d->lonely, &o->lonely)) {
    *status = cli_usage_error(ctx,
                              "--lonely '%s' is not adjust, fail, remove, average or "
                              "certainty",
                              d->lonely);
    return FALSE;
  }
  if (d->df && strcmp(d->df, "design") != 0 && strcmp(d->df, "inf") != 0) {
    *status = cli_usage_error(ctx, "--df '%s' is not design or inf", d->df);
    return FALSE;
  }
  if (d->df)
    o->df = strcmp(d->df, "inf") == 0 ? OM_DF_INF : OM_DF_DESIGN;
  OmCiMethod m;
  if (d->method && (!om_ci_method_from_string(d->method, &m) || !om_ci_method_is_design(m))) {
    *status = cli_usage_error(ctx,
                              "--method '%s' is not logit, beta, mean, xlogit, asin or "
                              "likelihood",
                              d->method);
    return FALSE;
  }
  /* --ci (cli-data.c) knows logit and beta as design methods; the other svyciprop names
   * given there mean the same as with --method. */
  if (om_ci_method_is_design(o->method)) {
    o->design_method = o->method;
    o->method = OM_CI_WILSON;
  }
  if (d->method)
    o->design_method = m;
  return TRUE;
}

gboolean
cli_design_from_definition(GOptionContext *ctx, OmDataset *data, const char *group,
                           CliDesignArgs *d, OmAnalysisOptions *o, int *status)
{
  const OmSurvey *s = om_dataset_definition(data, group);
  if (!s)
    return TRUE;
  char **slots[] = { &d->fpc, &d->lonely, &d->df, &d->method };
  static const char *const keys[] = { "fpc", "lonely", "df", "method" };
  gboolean any = FALSE;
  for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
    const char *v = om_survey_design_option(s, keys[k]);
    if (v && !*slots[k]) {
      *slots[k] = g_strdup(v);
      any = TRUE;
    }
  }
  return !any || cli_check_design_options(ctx, d, o, status);
}
