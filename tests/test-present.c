/* test-present.c — the presentation layer on a store made from sample-data/: the evaluation
 * run (rows, evaluation years, a target skipped with a warning, a missing targets file),
 * the point note, the chart set (kinds, stems, languages, the indicator filter, withheld
 * shares never in a model) and the report document (sections, summary rows, sentences,
 * the introduction and the method appendix in both languages).
 *
 * The stores are made once with the oudermonitor binary (testutil.h) and only read here.
 */
#include "present/charts.h"
#include "present/document.h"
#include "present/evaluation.h"
#include "render/chart.h"

#include "testutil.h"

#include <math.h>
#include <string.h>

/* Fontconfig keeps its caches for the life of the process (the layouts measure text); under
 * LeakSanitizer that is not a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

static char *tmp_dir, *full_db, *parents_db, *targets_path;

/* The whole sample set, evaluated once with the default options. */
static OmDataset *data;
static OmEvaluation *ev;

static const OmEvaluation *
evaluation(void)
{
  if (ev)
    return ev;
  GError *e = NULL;
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  data = om_dataset_open(full_db, &e);
  g_assert_no_error(e);
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  ev = om_evaluation_new(data, targets_path, 0, &opts, warnings, &e);
  g_assert_no_error(e);
  g_assert_nonnull(ev);
  g_assert_cmpuint(warnings->len, ==, 0);
  g_ptr_array_unref(warnings);
  return ev;
}

static guint
rows_of_kind(const OmEvaluation *run, OmScopeKind kind)
{
  guint n = 0;
  for (guint i = 0; i < om_evaluation_n_rows(run); i++)
    n += om_evaluation_row(run, i)->series->kind == kind;
  return n;
}

/* ---------------------------------------------------------------- the evaluation run */

static void
test_evaluation_rows(void)
{
  const OmEvaluation *run = evaluation();
  guint n = om_targets_size(om_evaluation_targets(run));
  g_assert_cmpuint(n, ==, 6);
  guint gemeente = 0;
  for (guint t = 0; t < n; t++) {
    const OmTarget *target = om_targets_get(om_evaluation_targets(run), t);
    g_assert_nonnull(om_evaluation_analysis(run, t));
    g_assert_cmpint(om_evaluation_year(run, t), ==, 2016); /* the newest wave of each group */
    g_assert_cmpuint(om_evaluation_target_index(run, target), ==, t);
  }
  /* Target by target, each with exactly one municipality row; rows only in scope. */
  guint last_target = 0;
  for (guint i = 0; i < om_evaluation_n_rows(run); i++) {
    const OmEvaluationRow *r = om_evaluation_row(run, i);
    guint t = om_evaluation_target_index(run, r->target);
    g_assert_cmpuint(t, >=, last_target);
    last_target = t;
    g_assert_true(r->target->scopes[r->series->kind]);
    g_assert_true(r->analysis == om_evaluation_analysis(run, t));
    gemeente += r->series->kind == OM_SCOPE_GEMEENTE;
    if (r->result.point && r->result.point->has_share)
      g_assert_cmpint(r->result.year_used, <=, 2016);
  }
  g_assert_cmpuint(gemeente, ==, n);
  /* Institutions only for the three parents' targets: 33 institutions answered. */
  g_assert_cmpuint(rows_of_kind(run, OM_SCOPE_INSTELLING), ==, 3 * 33);
  g_assert_cmpuint(rows_of_kind(run, OM_SCOPE_SECTOR), >, 0);
}

/* The index of rows per scope unit gives exactly the rows a scan finds, in row order, and
 * the share floor of each chart family is the lowest value a scan finds (what charts.c
 * computed before the index, for a run of thousands of units). */
static void
test_evaluation_index(void)
{
  const OmEvaluation *run = evaluation();
  double floor_scan[2][2] = { { 1.0, 1.0 }, { 1.0, 1.0 } };
  guint checked = 0;
  for (guint i = 0; i < om_evaluation_n_rows(run); i++) {
    const OmEvaluationRow *r = om_evaluation_row(run, i);
    guint n;
    const OmEvaluationRow *const *unit
        = om_evaluation_unit_rows(run, r->series->kind, r->series->id, &n);
    guint k = 0;
    for (guint j = 0; j < om_evaluation_n_rows(run); j++) {
      const OmEvaluationRow *x = om_evaluation_row(run, j);
      if (x->series->kind == r->series->kind && strcmp(x->series->id, r->series->id) == 0) {
        g_assert_cmpuint(k, <, n);
        g_assert_true(unit[k] == x);
        k++;
      }
    }
    g_assert_cmpuint(k, ==, n);
    checked++;
    int until = om_evaluation_year(run, om_evaluation_target_index(run, r->target));
    double *f
        = &floor_scan[r->series->kind == OM_SCOPE_INSTELLING][r->target->kind == OM_GROUP_OUDERS];
    *f = MIN(*f, r->target->threshold);
    if (r->result.has_projection && isfinite(r->result.projection.lower))
      *f = MIN(*f, r->result.projection.lower);
    for (guint p = 0; p < r->series->points->len; p++) {
      const OmPoint *pt = &g_array_index(r->series->points, OmPoint, p);
      if (pt->year <= until && pt->has_share)
        *f = MIN(*f, isfinite(pt->lower) ? pt->lower : pt->estimate);
    }
  }
  g_assert_cmpuint(checked, >, 100);
  for (int inst = 0; inst < 2; inst++)
    for (int parents = 0; parents < 2; parents++)
      g_assert_cmpfloat(om_evaluation_share_floor(run, inst, parents), ==,
                        floor_scan[inst][parents]);
  g_assert_cmpfloat(om_evaluation_share_floor(run, TRUE, TRUE), <, 1.0);
  guint n = 99;
  om_evaluation_unit_rows(run, OM_SCOPE_INSTELLING, "no-such-code", &n);
  g_assert_cmpuint(n, ==, 0);
}

/* A scope taken from the dataset stays what it was when the dataset selects another, and
 * an evaluation for it equals one made while it is selected (what the threads of stats,
 * targets, chart and report rely on). */
static void
test_evaluation_scope(void)
{
  evaluation();
  OmDatasetScope *all = om_dataset_scope(data);
  GError *e = NULL;
  GPtrArray *names = om_dataset_municipalities(data);
  g_assert_cmpuint(names->len, >=, 1);
  g_assert_true(om_dataset_select(data, g_ptr_array_index(names, 0), &e));
  g_assert_no_error(e);
  OmDatasetScope *one = om_dataset_scope(data);
  g_assert_cmpstr(om_dataset_scope_municipality(one), ==, g_ptr_array_index(names, 0));
  g_assert_true(om_dataset_select(data, NULL, &e));
  g_assert_null(om_dataset_scope_municipality(all));
  g_assert_cmpstr(om_dataset_scope_municipality(one), ==, g_ptr_array_index(names, 0));
  g_assert_cmpuint(om_dataset_scope_institutions(all)->len, ==, om_dataset_institutions(data)->len);
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  OmEvaluation *later = om_evaluation_new_for_scope(data, all, targets_path, 0, &opts, NULL, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_evaluation_n_rows(later), ==, om_evaluation_n_rows(ev));
  for (guint i = 0; i < om_evaluation_n_rows(later); i++) {
    const OmEvaluationRow *a = om_evaluation_row(later, i), *b = om_evaluation_row(ev, i);
    g_assert_cmpstr(a->series->id, ==, b->series->id);
    g_assert_cmpint(a->result.status, ==, b->result.status);
    g_assert_true((a->result.point == NULL) == (b->result.point == NULL));
    if (a->result.point) { /* the same number, or both no share (NaN) */
      double x = a->result.point->estimate, y = b->result.point->estimate;
      g_assert_true(x == y || (isnan(x) && isnan(y)));
    }
  }
  om_evaluation_free(later);
  om_dataset_scope_free(one);
  om_dataset_scope_free(all);
  om_dataset_scope_free(NULL);
  g_ptr_array_unref(names);
}

/* A store with only the parents' waves: the institutions' targets are skipped with a
 * warning each, never an error, and the parents' targets are evaluated in an older year. */
static void
test_evaluation_skipped(void)
{
  GError *e = NULL;
  OmDataset *d = om_dataset_open(parents_db, &e);
  g_assert_no_error(e);
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  OmEvaluation *run = om_evaluation_new(d, targets_path, 2015, &opts, warnings, &e);
  g_assert_no_error(e);
  g_assert_nonnull(run);
  g_assert_cmpuint(warnings->len, ==, 3);
  static const char *const skipped[] = { "partnerschap-2014", "llo-2015", "vve-2016" };
  for (guint i = 0; i < warnings->len; i++) {
    char *start = g_strdup_printf("target %s skipped: ", skipped[i]);
    const char *w = g_ptr_array_index(warnings, i);
    g_assert_true(g_str_has_prefix(w, start));
    g_assert_nonnull(strstr(w, "instellingen"));
    g_free(start);
  }
  for (guint t = 0; t < om_targets_size(om_evaluation_targets(run)); t++) {
    gboolean parents = strcmp(om_targets_get(om_evaluation_targets(run), t)->group, "ouders") == 0;
    g_assert_true((om_evaluation_analysis(run, t) != NULL) == parents);
    if (parents)
      g_assert_cmpint(om_evaluation_year(run, t), ==, 2015);
  }
  /* No row of a skipped target; warnings are optional. */
  for (guint i = 0; i < om_evaluation_n_rows(run); i++)
    g_assert_cmpstr(om_evaluation_row(run, i)->target->group, ==, "ouders");
  om_evaluation_free(run);
  run = om_evaluation_new(d, targets_path, 0, &opts, NULL, &e);
  g_assert_no_error(e);
  om_evaluation_free(run);
  g_ptr_array_unref(warnings);
  om_dataset_free(d);
}

static void
test_evaluation_errors(void)
{
  GError *e = NULL;
  OmAnalysisOptions opts = OM_ANALYSIS_OPTIONS_INIT;
  char *missing = g_build_filename(tmp_dir, "no-such-targets.ini", NULL);
  evaluation();
  OmEvaluation *run = om_evaluation_new(data, missing, 0, &opts, NULL, &e);
  g_assert_null(run);
  g_assert_nonnull(e);
  g_assert_nonnull(strstr(e->message, "no-such-targets.ini"));
  g_clear_error(&e);
  g_free(missing);
  /* A missing store. */
  char *nodb = g_build_filename(tmp_dir, "none.db", NULL);
  g_assert_null(om_dataset_open(nodb, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
  g_clear_error(&e);
  g_assert_false(g_file_test(nodb, G_FILE_TEST_EXISTS));
  g_free(nodb);
  om_dataset_free(NULL);
  om_evaluation_free(NULL);
}

static void
check_note(const OmPoint *p, OmLang lang, const char *want)
{
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  char *note = om_evaluation_point_note(p, &o, lang);
  g_assert_cmpstr(note, ==, want);
  g_free(note);
}

static void
test_point_note(void)
{
  OmPoint p = { .year = 2016, .n = 7, .publish = OM_PUBLISH_PRIMARY };
  check_note(&p, OM_LANG_NL, "te weinig respons (n=7 < 10)");
  check_note(&p, OM_LANG_EN, "too few responses (n=7 < 10)");
  p = (OmPoint){ .n = 40, .publish = OM_PUBLISH_COMPLEMENTARY };
  check_note(&p, OM_LANG_NL, "achtergehouden: anders terug te rekenen uit het totaal");
  p = (OmPoint){ .n = 0, .publish = OM_PUBLISH_OK };
  check_note(&p, OM_LANG_NL, "geen antwoorden");
  check_note(&p, OM_LANG_EN, "no answers");
  p = (OmPoint){ .n = 80, .satisfied = 70, .publish = OM_PUBLISH_OK, .has_share = TRUE };
  check_note(&p, OM_LANG_NL, "");
  p.design = TRUE;
  p.weighting = OM_WEIGHT_RESPONDENT;
  p.method_fallback = TRUE;
  check_note(&p, OM_LANG_EN,
             "Korn–Graubard: logit has no interval at 0% or 100%; respondent "
             "weighting: population unknown");
}

/* ---------------------------------------------------------------- charts */

/* No model carries the share of a withheld point (the analysis leaves it NaN): the
 * renderer never sees it. */
static void
assert_no_withheld_share(const OmChartItem *item, const OmEvaluation *run)
{
  (void)run;
  if (item->trend) {
    g_assert_cmpuint(item->trend->n_panels, >=, 1);
    g_assert_cmpuint(item->trend->n_panels, <=, 9);
    for (gsize p = 0; p < item->trend->n_panels; p++) {
      const OmTrendPanel *panel = &item->trend->panels[p];
      g_assert_true(g_str_has_prefix(panel->subtitle ? panel->subtitle : "Status: ", "Status: "));
      for (gsize s = 0; s < panel->n_series; s++)
        for (gsize k = 0; k < panel->series[s].n_points; k++) {
          const OmChartPoint *pt = &panel->series[s].points[k];
          if (pt->suppressed)
            g_assert_true(isnan(pt->estimate) && isnan(pt->lower) && isnan(pt->upper));
        }
    }
  } else {
    g_assert_nonnull(item->overview);
    for (gsize r = 0; r < item->overview->n_rows; r++)
      if (item->overview->rows[r].suppressed)
        g_assert_true(isnan(item->overview->rows[r].estimate));
  }
}

static void
test_chart_set(void)
{
  const OmEvaluation *run = evaluation();
  OmChartSet *set = om_chart_set_new(run, OM_CHART_KINDS_ALL, NULL, OM_LANG_NL);
  g_assert_cmpuint(om_chart_set_size(set), ==, 42);
  guint inst = 0, sector = 0, overview = 0;
  for (guint i = 0; i < om_chart_set_size(set); i++) {
    const OmChartItem *item = om_chart_set_item(set, i);
    g_assert_true((item->trend == NULL) != (item->overview == NULL));
    /* Institutions first, then sectors, then overviews. */
    if (g_str_has_prefix(item->stem, "instelling-")) {
      g_assert_cmpuint(sector + overview, ==, 0);
      g_assert_nonnull(item->trend);
      g_assert_true(g_str_has_suffix(item->trend->title, ")"));
      inst++;
    } else if (g_str_has_prefix(item->stem, "sector-")) {
      g_assert_cmpuint(overview, ==, 0);
      g_assert_true(g_str_has_prefix(item->trend->title, "Per sector: "));
      g_assert_nonnull(item->trend->footnote);
      sector++;
    } else {
      g_assert_true(g_str_has_prefix(item->stem, "overzicht-"));
      g_assert_true(g_str_has_prefix(item->overview->title, "Alle instellingen: "));
      overview++;
    }
    assert_no_withheld_share(item, run);
  }
  g_assert_cmpuint(inst, ==, 33);
  g_assert_cmpuint(sector, ==, 6);
  g_assert_cmpuint(overview, ==, 3);
  om_chart_set_free(set);

  /* One kind, one indicator, English. */
  set = om_chart_set_new(run, 1u << OM_CHART_KIND_OVERVIEW, "relatie", OM_LANG_EN);
  g_assert_cmpuint(om_chart_set_size(set), ==, 1);
  /* File names do not depend on the language (issue 8): scripts find the same files. */
  g_assert_cmpstr(om_chart_set_item(set, 0)->stem, ==, "overzicht-relatie-2016");
  g_assert_true(g_str_has_prefix(om_chart_set_item(set, 0)->overview->title, "All institutions: "));
  om_chart_set_free(set);
  set = om_chart_set_new(run, 1u << OM_CHART_KIND_INSTITUTION, "relatie", OM_LANG_EN);
  g_assert_cmpuint(om_chart_set_size(set), ==, 33);
  g_assert_true(g_str_has_prefix(om_chart_set_item(set, 0)->stem, "instelling-"));
  g_assert_cmpuint(om_chart_set_item(set, 0)->trend->n_panels, ==, 1);
  om_chart_set_free(set);
  set = om_chart_set_new(run, OM_CHART_KINDS_ALL, "no-such-indicator", OM_LANG_NL);
  g_assert_cmpuint(om_chart_set_size(set), ==, 0);
  om_chart_set_free(set);
  om_chart_set_free(NULL);

  OmChartKind k = OM_CHART_KIND_N;
  g_assert_true(om_chart_kind_from_string("sector", &k));
  g_assert_cmpint(k, ==, OM_CHART_KIND_SECTOR);
  g_assert_false(om_chart_kind_from_string("Sector", &k));
  g_assert_false(om_chart_kind_from_string(NULL, &k));
  g_assert_cmpint(k, ==, OM_CHART_KIND_SECTOR);
  g_assert_cmpint(om_charts_status(OM_STATUS_NO_DATA), ==, OM_CHART_STATUS_NONE);
  g_assert_cmpint(om_charts_status(OM_STATUS_NOT_ATTAINED), ==, OM_CHART_STATUS_NOT_ATTAINED);
}

/* ---------------------------------------------------------------- labels of every chart */

/* Gap between two rectangles (0 when they touch or overlap). */
static double
rect_gap(const OmRect *a, const OmRect *b)
{
  double dx = MAX(0.0, MAX(a->x - (b->x + b->w), b->x - (a->x + a->w)));
  double dy = MAX(0.0, MAX(a->y - (b->y + b->h), b->y - (a->y + a->h)));
  return sqrt(dx * dx + dy * dy);
}

/* How far a value label may sit from its own point marker, in points at 800×500. */
#define MAX_VALUE_GAP 8.0
/* How far a target label may sit from its target line. */
#define MAX_TARGET_GAP 4.0

/* The layout of one trend chart against the three defects of issue 8 item 3; every defect
 * found is described in `defects`. */
static void
trend_label_defects(const char *stem, const OmTrendChart *chart, GString *defects)
{
  OmChartStyle style;
  om_chart_style_init(&style);
  GError *e = NULL;
  OmChartLayout *L
      = om_chart_layout_trend(chart, &style, style.width, style.height, NULL, NULL, &e);
  g_assert_no_error(e);
  gsize nl = 0, nm = 0;
  const OmChartLabel *labels = om_chart_layout_labels(L, &nl);
  const OmChartMark *marks = om_chart_layout_marks(L, &nm);
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    const OmChartPanelLayout *pl = om_chart_layout_panel(L, p);
    /* A target line always carries its label, on (or touching) the line. */
    if (panel->has_target) {
      const OmChartLabel *t = NULL;
      for (gsize i = 0; i < nl && !t; i++)
        if (labels[i].kind == OM_LABEL_TARGET && labels[i].panel == (int)p)
          t = &labels[i];
      double ty = om_scale_map(&pl->y, panel->target);
      if (!t)
        g_string_append_printf(defects, "%s panel %zu: no target label\n", stem, p);
      else if (ty < t->rect.y - MAX_TARGET_GAP || ty > t->rect.y + t->rect.h + MAX_TARGET_GAP)
        g_string_append_printf(defects, "%s panel %zu: target label %.1f from its line\n", stem, p,
                               MIN(fabs(ty - t->rect.y), fabs(ty - t->rect.y - t->rect.h)));
    }
    /* A marker stays inside the plot, clear of the frame. */
    for (gsize m = 0; m < nm; m++) {
      const OmChartMark *mk = &marks[m];
      if (mk->kind != OM_MARK_POINT || mk->panel != (int)p)
        continue;
      if (mk->rect.y < pl->plot.y - 0.01
          || mk->rect.y + mk->rect.h > pl->plot.y + pl->plot.h + 0.01)
        g_string_append_printf(defects, "%s panel %zu: marker %d/%d clipped by the frame\n", stem,
                               p, mk->series, mk->point);
      /* Its value label, if any, sits next to it. */
      for (gsize i = 0; i < nl; i++) {
        const OmChartLabel *lb = &labels[i];
        if (lb->kind != OM_LABEL_VALUE || lb->panel != (int)p || lb->series != mk->series
            || lb->point != mk->point)
          continue;
        double gap = rect_gap(&lb->rect, &mk->rect);
        if (gap > MAX_VALUE_GAP)
          g_string_append_printf(defects, "%s panel %zu: value label '%s' %.1f from its point\n",
                                 stem, p, lb->text, gap);
      }
    }
  }
  om_chart_layout_free(L);
}

static void
test_chart_labels(void)
{
  const OmEvaluation *run = evaluation();
  OmChartSet *set = om_chart_set_new(run, OM_CHART_KINDS_ALL, NULL, OM_LANG_NL);
  GString *defects = g_string_new(NULL);
  for (guint i = 0; i < om_chart_set_size(set); i++) {
    const OmChartItem *item = om_chart_set_item(set, i);
    if (item->trend)
      trend_label_defects(item->stem, item->trend, defects);
  }
  if (defects->len)
    g_test_message("%s", defects->str);
  g_assert_cmpuint(defects->len, ==, 0);
  g_string_free(defects, TRUE);
  om_chart_set_free(set);
}

/* ---------------------------------------------------------------- the report document */

static void
test_document(void)
{
  const OmEvaluation *run = evaluation();
  OmDocument *doc = om_document_new(run, "Bureau Voorbeeld", OM_LANG_NL);
  const OmReport *r = om_document_report(doc);
  g_assert_cmpstr(r->title, ==, "LEA-evaluatie ouderbetrokkenheid");
  g_assert_cmpstr(r->author, ==, "Bureau Voorbeeld");
  g_assert_nonnull(r->municipality);
  g_assert_cmpint(r->evaluation_year, ==, 2016);
  g_assert_nonnull(strstr(r->summary_intro, "95%-betrouwbaarheidsinterval"));
  /* The summary: every municipality and sector row of the run, none of an institution. */
  g_assert_cmpuint(r->n_rows, ==,
                   rows_of_kind(run, OM_SCOPE_GEMEENTE) + rows_of_kind(run, OM_SCOPE_SECTOR));
  guint suppressed = 0;
  for (gsize i = 0; i < r->n_rows; i++) {
    const OmReportRow *row = &r->rows[i];
    g_assert_nonnull(row->target);
    g_assert_nonnull(row->scope);
    if (row->suppressed || row->year == 0)
      g_assert_true(isnan(row->share) && isnan(row->lower) && isnan(row->upper));
    else
      g_assert_true(row->lower <= row->share && row->share <= row->upper);
    suppressed += row->suppressed;
  }
  g_test_message("%u suppressed summary rows", suppressed);
  /* Sections: five sectors with data, 33 institutions, each with a sentence per target
   * that starts with the indicator's title, never with a key (issue 8). */
  g_assert_cmpuint(r->n_sector_pages, ==, 5);
  g_assert_cmpuint(r->n_institution_pages, ==, 33);
  for (gsize i = 0; i < r->n_sector_pages; i++) {
    const OmReportPage *p = &r->sector_pages[i];
    g_assert_nonnull(p->heading);
    g_assert_cmpuint(p->n_sentences, >, 0);
    for (gsize s = 0; s < p->n_sentences; s++)
      g_assert_nonnull(strstr(p->sentences[s], ": "));
  }
  for (gsize i = 0; i < r->n_institution_pages; i++) {
    const OmReportPage *p = &r->institution_pages[i];
    g_assert_true(g_str_has_suffix(p->heading, ")"));
    g_assert_cmpuint(p->n_sentences, ==, 3); /* the three parents' targets */
    g_assert_true(g_str_has_prefix(p->sentences[0], "Tevreden over de relatie met de school: "));
    g_assert_null(strstr(p->sentences[0], "relatie-2016"));
    g_assert_nonnull(p->chart);
    g_assert_cmpuint(p->chart->n_panels, ==, 3);
    g_assert_null(p->overview);
  }
  /* The key messages: one per target and the institutions that need attention. */
  g_assert_cmpuint(r->n_front_pages, ==, 1);
  g_assert_cmpuint(r->front_pages[0].n_sentences, ==, 6 + 1);
  g_assert_nonnull(strstr(r->front_pages[0].sentences[0], "Gemeten in 2016: 89,9%"));
  g_assert_nonnull(strstr(r->front_pages[0].sentences[6], "Aandacht nodig"));
  /* The institutions' survey page and an overview of every parents' target. */
  g_assert_cmpuint(r->n_topic_pages, ==, 1 + 3 + 4 + 1);
  /* Themes A–D: the theme's indicators and per item a stacked bar for the municipality and
   * each sector with parents; shares of every bar sum to 1. */
  for (gsize k = 4; k < 8; k++) {
    const OmReportPage *tp = &r->topic_pages[k];
    g_assert_true(g_str_has_prefix(tp->heading, "Thema "));
    g_assert_cmpuint(tp->n_sentences, >=, 1);
    g_assert_nonnull(tp->bars);
    g_assert_cmpuint(tp->bars->n_categories, ==, 5 + 1);
    g_assert_cmpstr(tp->bars->categories[0], ==, "Zeer ontevreden");
    g_assert_cmpuint(tp->bars->n_negative, ==, 2);
    for (gsize g = 0; g < tp->bars->n_groups; g++) {
      g_assert_cmpuint(tp->bars->groups[g].n_bars, ==, 1 + 4);
      for (gsize b = 0; b < tp->bars->groups[g].n_bars; b++) {
        double sum = 0;
        for (gsize c = 0; c < 6; c++)
          sum += tp->bars->groups[g].bars[b].shares[c];
        g_assert_cmpfloat_with_epsilon(sum, 1.0, 1e-9);
      }
    }
  }
  g_assert_cmpstr(r->topic_pages[0].heading, ==, "Instellingenvragenlijst");
  g_assert_nonnull(r->topic_pages[1].overview);
  /* The tally's answers per item agree with the single-item indicator "relatie" (a_alg). */
  const OmTally *tally = om_evaluation_tally(run, 0);
  const OmSeries *kompas
      = om_analysis_find(om_evaluation_analysis(run, 0), OM_SCOPE_INSTELLING, "53SB00");
  guint last = om_tally_n_waves(tally) - 1;
  const OmPoint *kp = &g_array_index(kompas->points, OmPoint, last);
  const OmItemCounts *ic = om_tally_item_counts(tally, last, "a_alg", "53SB00");
  g_assert_nonnull(ic);
  guint64 valid = 0;
  for (guint c = 0; c < ic->n_codes; c++)
    valid += ic->counts[c];
  g_assert_cmpuint(valid, ==, kp->n);
  g_assert_cmpuint(ic->dont_know, ==, kp->dont_know);
  g_assert_cmpuint(ic->blank, ==, kp->blank);
  g_assert_null(om_tally_item_counts(tally, last, "no-such-item", "53SB00"));
  g_assert_null(om_tally_item_counts(tally, last, "a_alg", "00XX00"));
  /* Response per municipality, sector and institution and wave: n / population. */
  const OmReportTable *resp = r->topic_pages[8].table;
  g_assert_nonnull(resp);
  g_assert_cmpuint(resp->n_cols, ==, 1 + 4);
  g_assert_cmpuint(resp->n_rows, ==, 1 + 4 + 33);
  g_assert_cmpstr(resp->header[1], ==, "2013");
  g_assert_true(g_str_has_suffix(resp->cells[1 * resp->n_cols + 1], "%)"));
  /* The appendix: fieldwork, item wording, what counts as satisfied. */
  g_assert_nonnull(strstr(r->method, "# Veldwerk"));
  g_assert_nonnull(strstr(r->method, "(nulmeting, "));
  g_assert_nonnull(strstr(r->method, "Tevreden: 4, 5 (schaal 1–5)"));
  /* Census rows count; sample rows carry their change since the nulmeting. */
  guint census = 0, change = 0;
  for (gsize i = 0; i < r->n_rows; i++) {
    census += r->rows[i].census != NULL;
    change += r->rows[i].change != NULL && strstr(r->rows[i].change, " pp, ") != NULL;
    g_assert_false(r->rows[i].census && r->rows[i].change);
  }
  g_assert_cmpuint(census, ==, 6 + 5 + 3);
  g_assert_cmpuint(change, ==, 3 * 5);
  g_assert_nonnull(strstr(r->method, "Betrouwbaarheid 95%"));
  g_assert_nonnull(strstr(r->method, "\n\n"));
  om_document_free(doc);

  doc = om_document_new(run, NULL, OM_LANG_EN);
  r = om_document_report(doc);
  g_assert_cmpstr(r->title, ==, "LEA evaluation of parental involvement");
  g_assert_null(r->author);
  /* --lang en translates what the program owns and takes the definitions' title-en and
   * text-en (issue 8). */
  g_assert_cmpstr(r->municipality, ==, "Municipality of Lindeveen");
  g_assert_true(
      g_str_has_prefix(r->front_pages[0].sentences[0], "In 2016 at least 90% of parents"));
  g_assert_cmpstr(r->sector_pages[1].heading, ==, "Primary education");
  g_assert_cmpstr(r->sector_pages[1].chart->panels[0].title, ==,
                  "Satisfied with the relationship with the school");
  g_assert_nonnull(strstr(r->topic_pages[1].heading, "Satisfied with the relationship"));
  for (gsize i = 0; i < r->n_rows; i++)
    g_assert_null(strstr(r->rows[i].target, "van de ouders"));
  g_assert_nonnull(strstr(r->summary_intro, "95% confidence interval"));
  g_assert_nonnull(strstr(r->method, "Confidence level 95%"));
  g_assert_null(strstr(r->method, "Betrouwbaarheid"));
  g_assert_cmpuint(r->n_sector_pages, ==, 5);
  om_document_free(doc);
  om_document_free(NULL);
}

static void
test_method(void)
{
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.level = 0.9;
  o.min_n = 5;
  o.method = OM_CI_EXACT;
  char *nl = om_document_method(&o, OM_LANG_NL);
  char *en = om_document_method(&o, OM_LANG_EN);
  g_assert_nonnull(strstr(nl, "Betrouwbaarheid 90%"));
  g_assert_nonnull(strstr(nl, "minder dan 5 geldige antwoorden"));
  g_assert_nonnull(strstr(en, "Confidence level 90%"));
  g_assert_nonnull(strstr(en, "fewer than 5 valid answers"));
  g_assert_nonnull(strstr(en, om_ci_method_to_string(OM_CI_EXACT)));
  g_assert_nonnull(strstr(en, om_ci_method_to_string(OM_CI_LOGIT)));
  g_free(nl);
  g_free(en);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
  tmp_dir = om_test_tmp_dir();
  full_db = om_test_sample_store(tmp_dir, "sample.db", TRUE, NULL);
  parents_db = om_test_sample_store(tmp_dir, "parents.db", FALSE, NULL);
  targets_path = om_test_source_path("surveys/targets.ini");
  g_test_add_func("/present/evaluation/rows", test_evaluation_rows);
  g_test_add_func("/present/evaluation/skipped", test_evaluation_skipped);
  g_test_add_func("/present/evaluation/index", test_evaluation_index);
  g_test_add_func("/present/evaluation/scope", test_evaluation_scope);
  g_test_add_func("/present/evaluation/errors", test_evaluation_errors);
  g_test_add_func("/present/evaluation/point-note", test_point_note);
  g_test_add_func("/present/charts/set", test_chart_set);
  g_test_add_func("/present/charts/labels", test_chart_labels);
  g_test_add_func("/present/document/sections", test_document);
  g_test_add_func("/present/document/method", test_method);
  int rc = g_test_run();
  om_evaluation_free(ev);
  om_dataset_free(data);
  om_test_rm_tree(tmp_dir);
  g_free(tmp_dir);
  g_free(full_db);
  g_free(parents_db);
  g_free(targets_path);
  return rc;
}
