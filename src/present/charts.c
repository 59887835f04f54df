/* charts.c — what the charts say: titles, status lines, series and panels of every chart
 * taken from an evaluation run, and the list of chart files the chart command writes.
 *
 * Models only (chart-model.h), every string and array in an OmArena: never draws, never
 * writes a file, never prints. A withheld share stays `suppressed`; its value is never
 * copied into a model.
 */
#include "present/charts.h"

#include <string.h>

/* ---- models from results --------------------------------------------------------------- */

OmChartStatus
om_charts_status(OmTargetStatus s)
{
  OmChartStatus cs = OM_CHART_STATUS_NONE;
  if (s != OM_STATUS_NO_DATA)
    om_chart_status_from_key(om_target_status_key(s), &cs);
  return cs;
}

static OmChartPoint *
chart_points(OmArena *a, const OmSeries *s, int until_year, gsize *n)
{
  OmChartPoint *pts = om_arena_alloc(a, sizeof(OmChartPoint) * s->points->len);
  gsize k = 0;
  for (guint i = 0; i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->year > until_year || (p->n == 0 && p->publish == OM_PUBLISH_OK && !p->has_share))
      continue;
    pts[k++] = (OmChartPoint){ .year = p->year,
                               .n = p->n,
                               .suppressed = !p->has_share,
                               .estimate = p->estimate,
                               .lower = p->lower,
                               .upper = p->upper,
                               .baseline = p->baseline };
  }
  *n = k;
  return pts;
}

static const char *
status_subtitle(OmArena *a, const OmEvaluationRow *r, OmLang lang)
{
  const OmPoint *p = r->result.point;
  const char *label = om_target_status_label(r->result.status, lang);
  if (!p || r->result.status == OM_STATUS_NO_DATA)
    return om_arena_keep(a, g_strdup_printf("Status: %s", label));
  if (!p->has_share)
    return om_arena_keep(
        a, g_strdup_printf("Status: %s — %d: n=%" G_GUINT64_FORMAT, label, p->year, p->n));
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
  return om_arena_keep(a, s);
}

/* One panel for one target row: the series of that scope unit, its target and status. */
static void
fill_panel(OmArena *a, OmTrendPanel *panel, const OmEvaluationRow *r, int eval_year, OmLang lang)
{
  OmChartSeries *cs = om_arena_alloc(a, sizeof(OmChartSeries));
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
  panel->status = om_charts_status(r->result.status);
  panel->has_target = TRUE;
  panel->target = r->target->threshold;
  panel->deadline = r->target->deadline;
  panel->series = cs;
  panel->n_series = 1;
}

/* Panels of every target row of one scope unit. */
OmTrendChart *
om_charts_unit(OmArena *a, const OmEvaluation *ev, OmScopeKind kind, const char *id,
               const char *indicator, const char *title, OmLang lang)
{
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind == kind && strcmp(r->series->id, id) == 0
        && (!indicator || strcmp(r->target->indicator, indicator) == 0))
      g_ptr_array_add(rows, (gpointer)r);
  }
  if (rows->len == 0) {
    g_ptr_array_unref(rows);
    return NULL;
  }
  OmTrendChart *chart = om_arena_alloc(a, sizeof(OmTrendChart));
  OmTrendPanel *panels = om_arena_alloc(a, sizeof(OmTrendPanel) * rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(rows, i);
    guint t = om_evaluation_target_index(ev, r->target);
    fill_panel(a, &panels[i], r, om_evaluation_year(ev, t), lang);
  }
  chart->title = title;
  chart->panels = panels;
  chart->n_panels = rows->len;
  /* The axis is shared by the panels: say whose share it is. */
  guint parents = 0;
  for (guint i = 0; i < rows->len; i++)
    parents
        += strcmp(((const OmEvaluationRow *)g_ptr_array_index(rows, i))->target->group, "ouders")
           == 0;
  chart->y_title = parents == rows->len ? NULL
                   : parents == 0       ? (lang == OM_LANG_NL ? "% instellingen" : "% institutions")
                                        : (lang == OM_LANG_NL ? "% ouders of instellingen"
                                                              : "% parents or institutions");
  g_ptr_array_unref(rows);
  return chart;
}

/* The sector chart of one target: every sector and the municipality, with ribbons. */
static OmTrendChart *
sector_chart(OmArena *a, const OmEvaluation *ev, guint t, const char *title, OmLang lang)
{
  const OmTarget *target = om_targets_get(om_evaluation_targets(ev), t);
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->target == target && r->series->kind != OM_SCOPE_INSTELLING)
      g_ptr_array_add(rows, (gpointer)r);
  }
  if (rows->len == 0) {
    g_ptr_array_unref(rows);
    return NULL;
  }
  OmChartSeries *series = om_arena_alloc(a, sizeof(OmChartSeries) * rows->len);
  const OmEvaluationRow *gem = NULL;
  for (guint i = 0; i < rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(rows, i);
    OmChartSeries *cs = &series[i];
    gboolean is_gem = r->series->kind == OM_SCOPE_GEMEENTE;
    cs->label = is_gem ? r->series->name : r->series->id;
    cs->points = chart_points(a, r->series, om_evaluation_year(ev, t), &cs->n_points);
    cs->colour = is_gem ? OM_COLOUR_BLACK : om_chart_colour_for_key(r->series->id);
    cs->emphasis = is_gem;
    if (is_gem)
      gem = r;
  }
  OmTrendChart *chart = om_arena_alloc(a, sizeof(OmTrendChart));
  OmTrendPanel *panel = om_arena_alloc(a, sizeof(OmTrendPanel));
  panel->title = NULL;
  panel->subtitle = gem ? status_subtitle(a, gem, lang) : NULL;
  panel->status = gem ? om_charts_status(gem->result.status) : OM_CHART_STATUS_NONE;
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
  chart->footnote = om_arena_keep(a, g_strdup(target->text));
  g_ptr_array_unref(rows);
  return chart;
}

OmOverviewChart *
om_charts_overview(OmArena *a, const OmEvaluation *ev, guint t, const char *sector, OmLang lang)
{
  const OmTarget *target = om_targets_get(om_evaluation_targets(ev), t);
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(OmOverviewRow));
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->target != target || r->series->kind != OM_SCOPE_INSTELLING
        || (sector && g_strcmp0(r->series->sector, sector) != 0))
      continue;
    const OmPoint *p = r->result.point;
    if (!p || (p->n == 0 && p->publish == OM_PUBLISH_OK))
      continue;
    OmOverviewRow row = { .code = r->series->id,
                          .name = r->series->name,
                          .n = p->n,
                          .suppressed = !p->has_share,
                          .estimate = p->estimate,
                          .lower = p->lower,
                          .upper = p->upper,
                          .status = om_charts_status(r->result.status) };
    g_array_append_val(rows, row);
  }
  if (rows->len == 0) {
    g_array_unref(rows);
    return NULL;
  }
  OmOverviewChart *o = om_arena_alloc(a, sizeof(OmOverviewChart));
  OmOverviewRow *copy = om_arena_alloc(a, sizeof(OmOverviewRow) * rows->len);
  memcpy(copy, rows->data, sizeof(OmOverviewRow) * rows->len);
  o->title = om_arena_keep(
      a, g_strdup_printf(lang == OM_LANG_NL ? "Alle instellingen: %s (%d)"
                                            : "All institutions: %s (%d)",
                         om_analysis_indicator(om_evaluation_analysis(ev, t))->title,
                         om_evaluation_year(ev, t) < target->deadline ? om_evaluation_year(ev, t)
                                                                      : target->deadline));
  o->subtitle = target->text;
  /* Past a page of rows an interval per institution is an unreadable column: a funnel
   * plot (share against n, limits around the target) shows any number of them. */
  o->kind = rows->len > OM_OVERVIEW_MAX_INTERVAL_ROWS ? OM_OVERVIEW_FUNNEL : OM_OVERVIEW_INTERVALS;
  o->target = target->threshold;
  o->deadline = target->deadline;
  o->rows = copy;
  o->n_rows = rows->len;
  o->min_n = om_evaluation_options(ev)->min_n;
  g_array_unref(rows);
  return o;
}

/* ---- the chart files ------------------------------------------------------------------- */

struct OmChartSet {
  OmArena *arena;
  GArray *items; /* OmChartItem */
};

gboolean
om_chart_kind_from_string(const char *s, OmChartKind *out)
{
  static const char *const names[OM_CHART_KIND_N] = { "instelling", "sector", "overzicht" };
  for (guint k = 0; s && k < OM_CHART_KIND_N; k++)
    if (strcmp(s, names[k]) == 0) {
      *out = (OmChartKind)k;
      return TRUE;
    }
  return FALSE;
}

static void
add_item(OmChartSet *set, char *stem, const OmTrendChart *trend, const OmOverviewChart *overview)
{
  OmChartItem item = { om_arena_keep(set->arena, stem), trend, overview };
  g_array_append_val(set->items, item);
}

/* Adds the charts of one kind; the models live in the set's arena. */
static void
plan_charts(OmChartSet *set, const OmEvaluation *ev, OmChartKind by, const char *indicator,
            OmLang lang)
{
  OmArena *a = set->arena;
  gboolean nl = lang == OM_LANG_NL;
  if (by == OM_CHART_KIND_INSTITUTION) {
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
      const OmEvaluationRow *r = om_evaluation_row(ev, i);
      if (r->series->kind != OM_SCOPE_INSTELLING || g_hash_table_contains(seen, r->series->id))
        continue;
      g_hash_table_add(seen, r->series->id);
      const char *title
          = om_arena_keep(a, g_strdup_printf("%s (%s)", r->series->name, r->series->id));
      OmTrendChart *c
          = om_charts_unit(a, ev, OM_SCOPE_INSTELLING, r->series->id, indicator, title, lang);
      if (c)
        add_item(set, g_strconcat(nl ? "instelling-" : "institution-", r->series->id, NULL), c,
                 NULL);
    }
    g_hash_table_unref(seen);
  } else if (by == OM_CHART_KIND_SECTOR) {
    for (guint t = 0; t < om_targets_size(om_evaluation_targets(ev)); t++) {
      const OmTarget *target = om_targets_get(om_evaluation_targets(ev), t);
      if (indicator && strcmp(target->indicator, indicator) != 0)
        continue;
      if (!target->scopes[OM_SCOPE_SECTOR] || !om_evaluation_analysis(ev, t))
        continue;
      const char *title = om_arena_keep(
          a, g_strdup_printf(nl ? "Per sector: %s" : "By sector: %s",
                             om_analysis_indicator(om_evaluation_analysis(ev, t))->title));
      OmTrendChart *c = sector_chart(a, ev, t, title, lang);
      if (c)
        add_item(set, g_strconcat("sector-", target->id, NULL), c, NULL);
    }
  } else {
    for (guint t = 0; t < om_targets_size(om_evaluation_targets(ev)); t++) {
      const OmTarget *target = om_targets_get(om_evaluation_targets(ev), t);
      if ((indicator && strcmp(target->indicator, indicator) != 0)
          || !target->scopes[OM_SCOPE_INSTELLING])
        continue;
      OmOverviewChart *o = om_charts_overview(a, ev, t, NULL, lang);
      if (o)
        add_item(set, g_strconcat(nl ? "overzicht-" : "overview-", target->id, NULL), NULL, o);
    }
  }
}

OmChartSet *
om_chart_set_new(const OmEvaluation *ev, guint kinds, const char *indicator, OmLang lang)
{
  OmChartSet *set = g_new0(OmChartSet, 1);
  set->arena = om_arena_new();
  set->items = g_array_new(FALSE, TRUE, sizeof(OmChartItem));
  for (guint k = 0; k < OM_CHART_KIND_N; k++)
    if (kinds & (1u << k))
      plan_charts(set, ev, (OmChartKind)k, indicator, lang);
  return set;
}

void
om_chart_set_free(OmChartSet *set)
{
  if (!set)
    return;
  g_array_unref(set->items);
  om_arena_free(set->arena);
  g_free(set);
}

guint
om_chart_set_size(const OmChartSet *set)
{
  return set->items->len;
}

const OmChartItem *
om_chart_set_item(const OmChartSet *set, guint i)
{
  return &g_array_index(set->items, OmChartItem, i);
}
