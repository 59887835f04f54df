/* cli-chart.c — the chart and report commands: results and statuses turned into the
 * chart and report models, drawn by the chart and report modules.
 *
 * Charts of many institutions are drawn in parallel (a GThreadPool over all cores): the
 * models are built first on the main thread, the workers only draw. A file name comes
 * from an institution code through om_chart_file_name(), so no code or name can write
 * outside --out.
 */
#include "cli/cli-data.h"
#include "cli/cli.h"

#include "render/chart.h"
#include "render/report.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- models from results --------------------------------------------------------------- */

static OmChartStatus
chart_status(OmTargetStatus s)
{
  OmChartStatus cs = OM_CHART_STATUS_NONE;
  if (s != OM_STATUS_NO_DATA)
    om_chart_status_from_key(om_target_status_key(s), &cs);
  return cs;
}

/* Everything a chart points into, freed together. */
typedef struct {
  GPtrArray *strings;  /* char* */
  GPtrArray *blocks;   /* arrays of points, series, panels */
} Arena;

static void
arena_init(Arena *a)
{
  a->strings = g_ptr_array_new_with_free_func(g_free);
  a->blocks = g_ptr_array_new_with_free_func(g_free);
}

static void
arena_clear(Arena *a)
{
  g_ptr_array_unref(a->strings);
  g_ptr_array_unref(a->blocks);
}

static const char *
keep(Arena *a, char *s)
{
  g_ptr_array_add(a->strings, s);
  return s;
}

static gpointer
alloc(Arena *a, gsize size)
{
  gpointer p = g_malloc0(MAX(size, 1));
  g_ptr_array_add(a->blocks, p);
  return p;
}

static OmChartPoint *
chart_points(Arena *a, const OmSeries *s, int until_year, gsize *n)
{
  OmChartPoint *pts = alloc(a, sizeof(OmChartPoint) * s->points->len);
  gsize k = 0;
  for (guint i = 0; i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->year > until_year || (p->n == 0 && p->publish == OM_PUBLISH_OK && !p->has_share))
      continue;
    pts[k++] = (OmChartPoint){.year = p->year,
                              .n = p->n,
                              .suppressed = !p->has_share,
                              .estimate = p->estimate,
                              .lower = p->lower,
                              .upper = p->upper,
                              .baseline = p->baseline};
  }
  *n = k;
  return pts;
}

static const char *
status_subtitle(Arena *a, const OmEvaluationRow *r, OmLang lang)
{
  const OmPoint *p = r->result.point;
  const char *label = om_target_status_label(r->result.status, lang);
  if (!p || r->result.status == OM_STATUS_NO_DATA)
    return keep(a, g_strdup_printf("Status: %s", label));
  if (!p->has_share)
    return keep(a, g_strdup_printf("Status: %s — %d: n=%" G_GUINT64_FORMAT, label, p->year, p->n));
  char *e = om_format_percent(p->estimate, 1, lang);
  char *s;
  if (r->result.has_projection) {
    char *pe = om_format_percent(r->result.projection.estimate, 1, lang);
    s = g_strdup_printf(lang == OM_LANG_NL ? "Status: %s — %s in %d, prognose %d: %s"
                                           : "Status: %s — %s in %d, projected %d: %s",
                        label, e, p->year, r->target->deadline, pe);
    g_free(pe);
  } else {
    s = g_strdup_printf("Status: %s — %s in %d", label, e, p->year);
  }
  g_free(e);
  return keep(a, s);
}

/* One panel for one target row: the series of that scope unit, its target and status. */
static void
fill_panel(Arena *a, OmTrendPanel *panel, const OmEvaluationRow *r, int eval_year, OmLang lang)
{
  OmChartSeries *cs = alloc(a, sizeof(OmChartSeries));
  cs->label = r->series->kind == OM_SCOPE_SECTOR
                ? om_register_sector_title(r->series->id, lang == OM_LANG_EN)
                : r->series->name;
  cs->points = chart_points(a, r->series, eval_year, &cs->n_points);
  cs->colour = OM_COLOUR_BLUE;
  if (r->result.has_projection) {
    cs->has_projection = TRUE;
    cs->projection_year = r->target->deadline;
    cs->projection = r->result.projection.estimate;
    cs->projection_lower = r->result.projection.lower;
    cs->projection_upper = r->result.projection.upper;
  }
  panel->title = om_analysis_indicator(r->analysis)->title;
  panel->subtitle = status_subtitle(a, r, lang);
  panel->status = chart_status(r->result.status);
  panel->has_target = TRUE;
  panel->target = r->target->threshold;
  panel->deadline = r->target->deadline;
  panel->series = cs;
  panel->n_series = 1;
}

/* Panels of every target row of one scope unit. */
static OmTrendChart *
unit_chart(Arena *a, const OmEvaluation *run, OmScopeKind kind, const char *id,
           const char *indicator, const char *title, OmLang lang)
{
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->series->kind == kind && strcmp(r->series->id, id) == 0 &&
        (!indicator || strcmp(r->target->indicator, indicator) == 0))
      g_ptr_array_add(rows, (gpointer)r);
  }
  if (rows->len == 0) {
    g_ptr_array_unref(rows);
    return NULL;
  }
  OmTrendChart *chart = alloc(a, sizeof(OmTrendChart));
  OmTrendPanel *panels = alloc(a, sizeof(OmTrendPanel) * rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(rows, i);
    guint t = 0;
    while (om_targets_get(run->targets, t) != r->target)
      t++;
    fill_panel(a, &panels[i], r, run->eval_year[t], lang);
  }
  chart->title = title;
  chart->panels = panels;
  chart->n_panels = rows->len;
  /* The axis is shared by the panels: say whose share it is. */
  guint parents = 0;
  for (guint i = 0; i < rows->len; i++)
    parents += strcmp(((const OmEvaluationRow *)g_ptr_array_index(rows, i))->target->group,
                      "ouders") == 0;
  chart->y_title = parents == rows->len ? NULL
                   : parents == 0       ? (lang == OM_LANG_NL ? "% instellingen" : "% institutions")
                                        : (lang == OM_LANG_NL ? "% ouders of instellingen"
                                                              : "% parents or institutions");
  g_ptr_array_unref(rows);
  return chart;
}

/* The sector chart of one target: every sector and the municipality, with ribbons. */
static OmTrendChart *
sector_chart(Arena *a, const OmEvaluation *run, guint t, const char *title, OmLang lang)
{
  const OmTarget *target = om_targets_get(run->targets, t);
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->target == target && r->series->kind != OM_SCOPE_INSTELLING)
      g_ptr_array_add(rows, (gpointer)r);
  }
  if (rows->len == 0) {
    g_ptr_array_unref(rows);
    return NULL;
  }
  OmChartSeries *series = alloc(a, sizeof(OmChartSeries) * rows->len);
  const OmEvaluationRow *gem = NULL;
  for (guint i = 0; i < rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(rows, i);
    OmChartSeries *cs = &series[i];
    gboolean is_gem = r->series->kind == OM_SCOPE_GEMEENTE;
    cs->label = is_gem ? r->series->name : r->series->id;
    cs->points = chart_points(a, r->series, run->eval_year[t], &cs->n_points);
    cs->colour = is_gem ? OM_COLOUR_BLACK : om_chart_colour_for_key(r->series->id);
    cs->emphasis = is_gem;
    if (is_gem)
      gem = r;
  }
  OmTrendChart *chart = alloc(a, sizeof(OmTrendChart));
  OmTrendPanel *panel = alloc(a, sizeof(OmTrendPanel));
  panel->title = NULL;
  panel->subtitle = gem ? status_subtitle(a, gem, lang) : NULL;
  panel->status = gem ? chart_status(gem->result.status) : OM_CHART_STATUS_NONE;
  panel->has_target = TRUE;
  panel->target = target->threshold;
  panel->deadline = target->deadline;
  panel->series = series;
  panel->n_series = rows->len;
  panel->ribbons = TRUE;
  chart->title = title;
  chart->panels = panel;
  chart->n_panels = 1;
  chart->y_title = strcmp(target->group, "ouders") == 0
                     ? NULL
                     : (lang == OM_LANG_NL ? "% instellingen" : "% institutions");
  chart->footnote = keep(a, g_strdup(target->text));
  g_ptr_array_unref(rows);
  return chart;
}

static OmOverviewChart *
overview_chart(Arena *a, const OmEvaluation *run, guint t, const char *sector, OmLang lang)
{
  const OmTarget *target = om_targets_get(run->targets, t);
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(OmOverviewRow));
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->target != target || r->series->kind != OM_SCOPE_INSTELLING ||
        (sector && g_strcmp0(r->series->sector, sector) != 0))
      continue;
    const OmPoint *p = r->result.point;
    if (!p || (p->n == 0 && p->publish == OM_PUBLISH_OK))
      continue;
    OmOverviewRow row = {.code = r->series->id,
                         .name = r->series->name,
                         .n = p->n,
                         .suppressed = !p->has_share,
                         .estimate = p->estimate,
                         .lower = p->lower,
                         .upper = p->upper,
                         .status = chart_status(r->result.status)};
    g_array_append_val(rows, row);
  }
  if (rows->len == 0) {
    g_array_unref(rows);
    return NULL;
  }
  OmOverviewChart *o = alloc(a, sizeof(OmOverviewChart));
  OmOverviewRow *copy = alloc(a, sizeof(OmOverviewRow) * rows->len);
  memcpy(copy, rows->data, sizeof(OmOverviewRow) * rows->len);
  o->title = keep(a, g_strdup_printf(lang == OM_LANG_NL ? "Alle instellingen: %s (%d)"
                                                        : "All institutions: %s (%d)",
                                     om_analysis_indicator(g_ptr_array_index(run->analyses, t))->title,
                                     run->eval_year[t] < target->deadline ? run->eval_year[t]
                                                                          : target->deadline));
  o->subtitle = target->text;
  o->kind = OM_OVERVIEW_INTERVALS;
  o->target = target->threshold;
  o->deadline = target->deadline;
  o->rows = copy;
  o->n_rows = rows->len;
  o->min_n = run->opts.min_n;
  g_array_unref(rows);
  return o;
}

/* ---- file names ------------------------------------------------------------------------ */

/* ---- parallel rendering ------------------------------------------------------------------ */

typedef struct {
  const OmTrendChart *trend;
  const OmOverviewChart *overview;
  char *path;
  GError *error;
} Job;

typedef struct {
  const OmChartStyle *style;
  OmChartFormat format;
  GMutex lock;
  guint done, total;
  gboolean tty;
} Render;

static void
render_job(gpointer data, gpointer user)
{
  Job *job = data;
  Render *r = user;
  if (job->trend)
    om_chart_render_trend(job->trend, r->style, r->format, job->path, &job->error);
  else
    om_chart_render_overview(job->overview, r->style, r->format, job->path, &job->error);
  g_mutex_lock(&r->lock);
  r->done++;
  if (r->tty) {
    fprintf(stderr, "\r%s: %u/%u", r->total > 1 ? "charts" : "chart", r->done, r->total);
    if (r->done == r->total)
      fputs("\r\033[K", stderr);
  }
  g_mutex_unlock(&r->lock);
}

static void
job_free(gpointer p)
{
  Job *j = p;
  g_free(j->path);
  g_clear_error(&j->error);
  g_free(j);
}

static void
add_job(GPtrArray *jobs, const char *dir, const char *stem, OmChartFormat format,
        const OmTrendChart *trend, const OmOverviewChart *overview)
{
  Job *j = g_new0(Job, 1);
  char *file = om_chart_file_name(stem, format);
  j->path = g_build_filename(dir, file, NULL);
  j->trend = trend;
  j->overview = overview;
  g_free(file);
  g_ptr_array_add(jobs, j);
}

/* Runs the jobs on all cores; returns the first error. */
static gboolean
run_jobs(GPtrArray *jobs, const OmChartStyle *style, OmChartFormat format, int n_threads,
         gboolean quiet, GError **error)
{
  Render r = {.style = style, .format = format, .total = jobs->len,
              .tty = !quiet && isatty(STDERR_FILENO)};
  g_mutex_init(&r.lock);
  int threads = n_threads > 0 ? n_threads : (int)g_get_num_processors();
  GThreadPool *pool = g_thread_pool_new(render_job, &r, MAX(threads, 1), TRUE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push(pool, g_ptr_array_index(jobs, i), NULL);
  g_thread_pool_free(pool, FALSE, TRUE);
  g_mutex_clear(&r.lock);
  for (guint i = 0; i < jobs->len; i++) {
    Job *j = g_ptr_array_index(jobs, i);
    if (j->error) {
      g_propagate_error(error, g_steal_pointer(&j->error));
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- chart --------------------------------------------------------------------------- */

typedef struct {
  CliCommon common;
  CliAnalysisArgs aa;
  char *targets_path;
  char *format_name;
  int year;
  double width, height, dpi;
  int jobs;
  gboolean quiet;
} ChartArgs;

static void
add_chart_options(GOptionContext *ctx, ChartArgs *ca, gboolean with_format)
{
  GOptionEntry entries[] = {
    {"targets", 't', 0, G_OPTION_ARG_FILENAME, &ca->targets_path, "Targets file (default: surveys/targets.ini)", "FILE"},
    {"year", 'y', 0, G_OPTION_ARG_INT, &ca->year, "Evaluation year (default: the newest wave)", "YEAR"},
    {"width", 0, 0, G_OPTION_ARG_DOUBLE, &ca->width, "Chart width in points/pixels (default 800)", "W"},
    {"height", 0, 0, G_OPTION_ARG_DOUBLE, &ca->height, "Chart height (default 500)", "H"},
    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &ca->dpi, "PNG resolution (default 96 = 800×500 pixels; 192 doubles it)", "DPI"},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &ca->jobs, "Charts drawn at once (default: all cores)", "N"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &ca->quiet, "No progress indication", NULL},
    {"format", 'f', 0, G_OPTION_ARG_STRING, &ca->format_name, "png (default), pdf or svg", "FORMAT"},
    G_OPTION_ENTRY_NULL};
  if (!with_format)
    entries[7] = (GOptionEntry)G_OPTION_ENTRY_NULL;
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &ca->aa);
  GOptionEntry common[] = {
    {"lang", 0, 0, G_OPTION_ARG_STRING, &ca->common.lang_name, "Language of labels and numbers: nl (default) or en", "LANG"},
    {"db", 0, 0, G_OPTION_ARG_FILENAME, &ca->common.db, "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE"},
    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &ca->common.out, with_format ? "Output folder (default: charts)" : "Output PDF file (default: lea-evaluatie.pdf)", with_format ? "DIR" : "FILE"},
    G_OPTION_ENTRY_NULL};
  g_option_context_add_main_entries(ctx, common, NULL);
}

static gboolean
check_chart_options(GOptionContext *ctx, ChartArgs *ca, OmChartStyle *style,
                    OmAnalysisOptions *opts, int *status)
{
  if (!cli_check_common(ctx, &ca->common, status) ||
      !cli_check_analysis_options(ctx, &ca->aa, opts, status))
    return FALSE;
  om_chart_style_init(style);
  style->lang = ca->common.lang;
  if (ca->width != 0 || ca->height != 0) {
    if (!(ca->width >= 200 && ca->width <= 10000 && ca->height >= 150 && ca->height <= 10000)) {
      *status = cli_usage_error(ctx, "--width and --height go together, 200–10000 and 150–10000");
      return FALSE;
    }
    style->width = ca->width;
    style->height = ca->height;
  }
  if (ca->dpi != 0) {
    if (!(ca->dpi >= 36 && ca->dpi <= 1200)) {
      *status = cli_usage_error(ctx, "--dpi %g must lie between 36 and 1200", ca->dpi);
      return FALSE;
    }
    style->dpi_scale = ca->dpi / 96.0;
  }
  return TRUE;
}

static void
chart_args_clear(ChartArgs *ca)
{
  cli_common_clear(&ca->common);
  g_free(ca->targets_path);
  g_free(ca->format_name);
}

static gboolean
make_dir(const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create the folder %s: %s", dir,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* Adds the jobs of one kind of chart; the models live in the arena. */
static void
plan_charts(Arena *a, GPtrArray *jobs, const OmEvaluation *run, const char *by,
            const char *indicator, const char *dir, OmChartFormat format, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  if (strcmp(by, "instelling") == 0) {
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < run->rows->len; i++) {
      const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
      if (r->series->kind != OM_SCOPE_INSTELLING || g_hash_table_contains(seen, r->series->id))
        continue;
      g_hash_table_add(seen, r->series->id);
      const char *title = keep(a, g_strdup_printf("%s (%s)", r->series->name, r->series->id));
      OmTrendChart *c = unit_chart(a, run, OM_SCOPE_INSTELLING, r->series->id, indicator, title, lang);
      if (c) {
        char *stem = g_strconcat(nl ? "instelling-" : "institution-", r->series->id, NULL);
        add_job(jobs, dir, stem, format, c, NULL);
        g_free(stem);
      }
    }
    g_hash_table_unref(seen);
  } else if (strcmp(by, "sector") == 0) {
    for (guint t = 0; t < om_targets_size(run->targets); t++) {
      const OmTarget *target = om_targets_get(run->targets, t);
      if (indicator && strcmp(target->indicator, indicator) != 0)
        continue;
      if (!target->scopes[OM_SCOPE_SECTOR] || !g_ptr_array_index(run->analyses, t))
        continue;
      const char *title = keep(a, g_strdup_printf(nl ? "Per sector: %s" : "By sector: %s",
                                                  om_analysis_indicator(g_ptr_array_index(run->analyses, t))->title));
      OmTrendChart *c = sector_chart(a, run, t, title, lang);
      if (c) {
        char *stem = g_strconcat("sector-", target->id, NULL);
        add_job(jobs, dir, stem, format, c, NULL);
        g_free(stem);
      }
    }
  } else {
    for (guint t = 0; t < om_targets_size(run->targets); t++) {
      const OmTarget *target = om_targets_get(run->targets, t);
      if ((indicator && strcmp(target->indicator, indicator) != 0) ||
          !target->scopes[OM_SCOPE_INSTELLING])
        continue;
      OmOverviewChart *o = overview_chart(a, run, t, NULL, lang);
      if (o) {
        char *stem = g_strconcat(nl ? "overzicht-" : "overview-", target->id, NULL);
        add_job(jobs, dir, stem, format, NULL, o);
        g_free(stem);
      }
    }
  }
}

int
cli_cmd_chart(int argc, char **argv)
{
  ChartArgs ca = {.common = CLI_COMMON_INIT, .aa = CLI_ANALYSIS_ARGS_INIT};
  char *by = NULL, *indicator = NULL;
  GOptionEntry entries[] = {
    {"by", 'b', 0, G_OPTION_ARG_STRING, &by, "instelling, sector or overzicht; default: all three", "KIND"},
    {"indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator, "Only the targets of this indicator", "ID"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "chart", "", "Draw trend charts per institution and per sector, and overview charts.",
    "instelling: one file per institution, a panel per target (share per wave with 95%\n"
    "  intervals, baseline, target line, deadline, projection, n, status).\n"
    "sector: per target, every sector and the municipality with interval ribbons.\n"
    "overzicht: per target, every institution against the target, sorted.\n"
    "Groups under --min-n show \"te weinig respons (n=…)\" instead of a share.\n\n"
    "Example:\n  oudermonitor chart --by instelling --format pdf --out grafieken");
  g_option_context_add_main_entries(ctx, entries, NULL);
  add_chart_options(ctx, &ca, TRUE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  OmEvaluation *run = NULL;
  GPtrArray *jobs = g_ptr_array_new_with_free_func(job_free);
  Arena arena;
  arena_init(&arena);
  GError *e = NULL;
  OmChartStyle style;
  OmAnalysisOptions opts;
  OmChartFormat format = OM_CHART_PNG;
  if (!cli_parse(ctx, &argc, &argv, &status) ||
      !check_chart_options(ctx, &ca, &style, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "chart takes no arguments, only options");
    goto out;
  }
  if (by && strcmp(by, "instelling") != 0 && strcmp(by, "sector") != 0 &&
      strcmp(by, "overzicht") != 0) {
    status = cli_usage_error(ctx, "--by '%s' is not instelling, sector or overzicht", by);
    goto out;
  }
  if (ca.format_name && !om_chart_format_from_string(ca.format_name, &format)) {
    status = cli_usage_error(ctx, "--format '%s' is not png, pdf or svg", ca.format_name);
    goto out;
  }
  const char *dir = ca.common.out ? ca.common.out : "charts";
  if (!(run = cli_evaluation_open(cli_db(&ca.common), ca.targets_path, ca.year, &opts, &data,
                                  &status)))
    goto out;
  if (!make_dir(dir, &e)) {
    status = cli_fail(e);
    goto out;
  }
  const char *kinds[] = {"instelling", "sector", "overzicht"};
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    if (!by || strcmp(by, kinds[k]) == 0)
      plan_charts(&arena, jobs, run, kinds[k], indicator, dir, format, style.lang);
  if (jobs->len == 0) {
    status = cli_fail(g_error_new(OM_ERROR, OM_ERROR_NOT_FOUND,
                                  indicator ? "no target uses indicator '%s'; nothing to draw"
                                            : "no target has data to draw%s",
                                  indicator ? indicator : ""));
    goto out;
  }
  gint64 t0 = g_get_monotonic_time();
  if (!run_jobs(jobs, &style, format, ca.jobs, ca.quiet, &e)) {
    status = cli_fail(e);
    goto out;
  }
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  printf("%u charts (%s) in %s/ in %.2f s\n", jobs->len, om_chart_format_to_string(format), dir,
         secs);
out:
  g_ptr_array_unref(jobs);
  arena_clear(&arena);
  om_evaluation_free(run);
  om_dataset_free(data);
  g_free(by);
  g_free(indicator);
  chart_args_clear(&ca);
  g_option_context_free(ctx);
  return status;
}

/* ---- report --------------------------------------------------------------------------- */

static const char *
subject_for(const OmTarget *t, OmLang lang)
{
  gboolean parents = strcmp(t->group, "ouders") == 0;
  if (lang == OM_LANG_NL)
    return parents ? "van de ouders" : "van de instellingen";
  return parents ? "of parents" : "of institutions";
}

static OmReportRow
report_row(const OmEvaluationRow *r, OmLang lang)
{
  const OmPoint *p = r->result.point;
  const char *scope = r->series->kind == OM_SCOPE_SECTOR
                        ? om_register_sector_title(r->series->id, lang == OM_LANG_EN)
                        : r->series->name;
  OmReportRow row = {.target = r->target->text,
                     .scope = scope,
                     .year = r->result.year_used,
                     .n = p ? p->n : 0,
                     .suppressed = p && !p->has_share && p->n > 0,
                     .share = p && p->has_share ? p->estimate : NAN,
                     .lower = p && p->has_share ? p->lower : NAN,
                     .upper = p && p->has_share ? p->upper : NAN,
                     .status = chart_status(r->result.status),
                     .has_projection = r->result.has_projection,
                     .projection_year = r->target->deadline,
                     .projection = r->result.projection.estimate,
                     .projection_lower = r->result.projection.lower,
                     .projection_upper = r->result.projection.upper};
  return row;
}

/* Sentences of every target row of one scope unit. */
static const char *const *
unit_sentences(Arena *a, const OmEvaluation *run, OmScopeKind kind, const char *id,
               OmLang lang, gsize *n)
{
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->series->kind != kind || strcmp(r->series->id, id) != 0)
      continue;
    char *s = om_target_sentence(r->target, &r->result, subject_for(r->target, lang),
                                 run->opts.level, lang);
    g_ptr_array_add(out, (gpointer)keep(a, g_strdup_printf("%s — %s", r->target->id, s)));
    g_free(s);
  }
  *n = out->len;
  const char **arr = alloc(a, sizeof(char *) * MAX(out->len, 1));
  for (guint i = 0; i < out->len; i++)
    arr[i] = g_ptr_array_index(out, i);
  g_ptr_array_unref(out);
  return arr;
}

static const char *
method_text(Arena *a, const OmEvaluation *run, OmLang lang)
{
  const OmAnalysisOptions *o = &run->opts;
  int lv = (int)lround(o->level * 100);
  if (lang == OM_LANG_NL)
    return keep(a, g_strdup_printf(
      "Aandeel tevreden = tevreden antwoorden / geldige antwoorden; ‘weet niet / n.v.t.’ en lege "
      "antwoorden tellen niet mee en worden apart geteld.\n\n"
      "Per instelling: een enkelvoudige aselecte steekproef uit de ouders van de instelling, met "
      "eindige-populatiecorrectie als de populatie bekend is (%s-interval zoals R survey "
      "svyciprop), anders een %s-interval voor één proportie. Per sector en voor de gemeente: "
      "gestratificeerd naar instelling en gewogen naar populatie (R survey: svydesign(ids=~1, "
      "strata=~instelling, fpc=~populatie)), met t-kwantielen op n − H vrijheidsgraden. "
      "Betrouwbaarheid %d%%.\n\n"
      "De instellingenvragenlijst is een meting van het register zelf: de populatie is het aantal "
      "geregistreerde instellingen in de sector, dus ‘alle instellingen’ is alleen behaald als "
      "elke instelling antwoordde en ja zei.\n\n"
      "Status in het streefjaar: behaald als de ondergrens van het interval de norm haalt, niet "
      "behaald als de bovengrens eronder blijft, anders onbeslist. Vóór het streefjaar: een "
      "binomiaal GLM (logit) van het aandeel op het jaar, doorgetrokken tot het streefjaar: op "
      "koers, uit koers of onzeker volgens hetzelfde principe.\n\n"
      "Groepen met minder dan %" G_GUINT64_FORMAT " geldige antwoorden worden nergens met een "
      "percentage getoond (te weinig respons), en waar zo’n groep uit een totaal terug te "
      "rekenen zou zijn, wordt ook de eerstvolgende kleinste groep achtergehouden.",
      om_ci_method_to_string(o->design_method), om_ci_method_to_string(o->method), lv,
      o->min_n));
  return keep(a, g_strdup_printf(
    "Share satisfied = satisfied answers / valid answers; 'don't know / n.a.' and blanks are not "
    "valid and are counted separately.\n\n"
    "Per institution: a simple random sample of its parents, with finite-population correction "
    "when the population is known (%s interval as R survey's svyciprop), else a %s interval "
    "for one proportion. Per sector and for the municipality: stratified by institution and "
    "weighted by population (R survey: svydesign(ids=~1, strata=~instelling, fpc=~populatie)), "
    "t quantiles on n − H degrees of freedom. Confidence level %d%%.\n\n"
    "The institutions' survey measures the register itself: its population is the number of "
    "registered institutions in the sector, so 'all institutions' is attained only when every "
    "institution answered yes.\n\n"
    "Status in the deadline year: attained when the interval's lower bound reaches the "
    "threshold, not attained when the upper bound stays below it, else undecided. Before the "
    "deadline: a binomial GLM (logit) of the share on year, projected to the deadline: on "
    "course, off course or uncertain by the same rule.\n\n"
    "Groups with fewer than %" G_GUINT64_FORMAT " valid answers never show a share (too few "
    "responses), and where such a group could be recovered from a total, the next-smallest "
    "group is withheld too.",
    om_ci_method_to_string(o->design_method), om_ci_method_to_string(o->method), lv, o->min_n));
}

int
cli_cmd_report(int argc, char **argv)
{
  ChartArgs ca = {.common = CLI_COMMON_INIT, .aa = CLI_ANALYSIS_ARGS_INIT};
  char *author = NULL;
  GOptionEntry entries[] = {
    {"author", 0, 0, G_OPTION_ARG_STRING, &author, "Research bureau named on the cover", "NAME"},
    G_OPTION_ENTRY_NULL};
  GOptionContext *ctx = cli_context(
    "report", "", "Write the PDF report for the annual LEA evaluation.",
    "A cover, a summary table of every target (municipality and sectors) with share,\n"
    "interval, status and projection, a page per sector and per institution with trend\n"
    "panels and a sentence per target, and a short method appendix.\n\n"
    "Example:\n  oudermonitor report --out lea-evaluatie-2016.pdf");
  g_option_context_add_main_entries(ctx, entries, NULL);
  add_chart_options(ctx, &ca, FALSE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  OmEvaluation *run = NULL;
  Arena arena;
  arena_init(&arena);
  GError *e = NULL;
  OmChartStyle style;
  OmAnalysisOptions opts;
  if (!cli_parse(ctx, &argc, &argv, &status) ||
      !check_chart_options(ctx, &ca, &style, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "report takes no arguments, only options");
    goto out;
  }
  const char *path = ca.common.out ? ca.common.out : "lea-evaluatie.pdf";
  if (!(run = cli_evaluation_open(cli_db(&ca.common), ca.targets_path, ca.year, &opts, &data,
                                  &status)))
    goto out;
  OmLang lang = style.lang;
  gboolean nl = lang == OM_LANG_NL;
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(OmReportRow));
  GArray *sector_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  GArray *inst_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  const char *municipality = NULL;
  int eval_year = 0;
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->series->kind == OM_SCOPE_GEMEENTE)
      municipality = r->series->name;
    if (r->series->kind != OM_SCOPE_INSTELLING) {
      OmReportRow row = report_row(r, lang);
      g_array_append_val(rows, row);
    }
  }
  for (guint t = 0; t < om_targets_size(run->targets); t++)
    eval_year = MAX(eval_year, run->eval_year[t]);

  /* A page per sector: its trend panels, its institutions against the first parents'
   * target, and a sentence per target. */
  for (const char *const *sec = om_register_sectors(); *sec; sec++) {
    gsize n_sent = 0;
    const char *const *sent = unit_sentences(&arena, run, OM_SCOPE_SECTOR, *sec, lang, &n_sent);
    if (n_sent == 0)
      continue;
    const char *title = om_register_sector_title(*sec, !nl);
    OmReportPage page = {.heading = title,
                         .chart = unit_chart(&arena, run, OM_SCOPE_SECTOR, *sec, NULL, NULL, lang),
                         .sentences = sent,
                         .n_sentences = n_sent};
    for (guint t = 0; t < om_targets_size(run->targets) && !page.overview; t++)
      if (om_targets_get(run->targets, t)->scopes[OM_SCOPE_INSTELLING])
        page.overview = overview_chart(&arena, run, t, *sec, lang);
    if (page.chart && page.chart->n_panels > 9)
      page.chart = NULL;
    g_array_append_val(sector_pages, page);
  }
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    if (r->series->kind != OM_SCOPE_INSTELLING || g_hash_table_contains(seen, r->series->id))
      continue;
    g_hash_table_add(seen, r->series->id);
    gsize n_sent = 0;
    const char *const *sent =
      unit_sentences(&arena, run, OM_SCOPE_INSTELLING, r->series->id, lang, &n_sent);
    const char *heading = keep(&arena, g_strdup_printf("%s (%s)", r->series->name, r->series->id));
    OmReportPage page = {.heading = heading,
                         .chart = unit_chart(&arena, run, OM_SCOPE_INSTELLING, r->series->id,
                                             NULL, NULL, lang),
                         .sentences = sent,
                         .n_sentences = n_sent};
    g_array_append_val(inst_pages, page);
  }
  g_hash_table_unref(seen);

  OmReport report = {
    .title = nl ? "LEA-evaluatie ouderbetrokkenheid" : "LEA evaluation of parental involvement",
    .municipality = municipality,
    .evaluation_year = eval_year,
    .author = author,
    .summary_intro = keep(&arena, g_strdup_printf(
      nl ? "Per doel en per niveau: het gemeten aandeel met %d%%-betrouwbaarheidsinterval en "
           "de status. Vóór het streefjaar geeft de prognose de trend doorgetrokken tot het "
           "streefjaar. Per instelling staan de resultaten op de instellingspagina’s."
         : "Per target and level: the measured share with its %d%% confidence interval and "
           "the status. Before the deadline the projection carries the trend to the deadline. "
           "Results per institution are on the institution pages.",
      (int)lround(opts.level * 100))),
    .rows = (const OmReportRow *)(void *)rows->data,
    .n_rows = rows->len,
    .sector_pages = (const OmReportPage *)(void *)sector_pages->data,
    .n_sector_pages = sector_pages->len,
    .institution_pages = (const OmReportPage *)(void *)inst_pages->data,
    .n_institution_pages = inst_pages->len,
    .method = method_text(&arena, run, lang),
  };
  gboolean ok = om_report_write_pdf(&report, &style, path, &e);
  if (ok)
    printf("%s: LEA report, %u targets, %u sector and %u institution pages\n", path,
           om_targets_size(run->targets), sector_pages->len, inst_pages->len);
  else
    status = cli_fail(e);
  g_array_unref(rows);
  g_array_unref(sector_pages);
  g_array_unref(inst_pages);
out:
  arena_clear(&arena);
  om_evaluation_free(run);
  om_dataset_free(data);
  g_free(author);
  chart_args_clear(&ca);
  g_option_context_free(ctx);
  return status;
}
