/* charts.c — what the charts say: titles, status lines, series and panels of every chart
 * taken from an evaluation run, and the list of chart files the chart command writes.
 *
 * Models only (chart-model.h), every string and array in an OmArena: never draws, never
 * writes a file, never prints. A withheld share stays `suppressed`; its value is never
 * copied into a model.
 */
#include "present/charts.h"
#include "present/messages.h"

#include <math.h>
#include <string.h>

/* ---- models from results --------------------------------------------------------------- */

OmWithheld
om_charts_withheld(const OmPoint *p)
{
  if (!p || p->has_share || p->n == 0)
    return OM_WITHHELD_NONE;
  return p->publish == OM_PUBLISH_COMPLEMENTARY ? OM_WITHHELD_PROTECT : OM_WITHHELD_TOO_FEW;
}

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
                               .suppressed = p->has_share ? OM_WITHHELD_NONE
                                             : p->publish == OM_PUBLISH_COMPLEMENTARY
                                                 ? OM_WITHHELD_PROTECT
                                                 : OM_WITHHELD_TOO_FEW,
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
  if (!p->has_share) {
    if (om_charts_withheld(p) == OM_WITHHELD_PROTECT)
      label = lang == OM_LANG_NL ? "niet getoond ter bescherming van een andere groep"
                                 : "not shown, to protect another group";
    return om_arena_keep(
        a, g_strdup_printf("Status: %s — %d: n=%" G_GUINT64_FORMAT, label, p->year, p->n));
  }
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
                  ? om_messages_sector_title(r->series->id, lang)
                  : om_arena_keep(a, om_messages_scope_name(r->series, lang));
  cs->points = chart_points(a, r->series, eval_year, &cs->n_points);
  if (r->target->kind != OM_GROUP_OUDERS && r->series->kind != OM_SCOPE_INSTELLING) {
    /* The institutions' survey counts every institution: a census has no interval. */
    OmChartPoint *pts = (OmChartPoint *)cs->points;
    for (gsize i = 0; i < cs->n_points; i++)
      pts[i].lower = pts[i].upper = NAN;
  }
  cs->colour = OM_COLOUR_BLUE;
  if (r->result.has_projection) {
    cs->has_projection = TRUE;
    cs->projection_year = r->target->deadline;
    cs->projection = r->result.projection.estimate;
    cs->projection_lower = r->result.projection.lower;
    cs->projection_upper = r->result.projection.upper;
  }
  panel->title = om_messages_indicator_title(om_analysis_indicator(r->analysis), lang);
  panel->subtitle = status_subtitle(a, r, lang);
  panel->status = om_charts_status(r->result.status);
  panel->has_target = TRUE;
  panel->target = r->target->threshold;
  panel->deadline = r->target->deadline;
  panel->series = cs;
  panel->n_series = 1;
}

/* ---- one share axis per chart family -------------------------------------------------- */

/* Bit 0: the parents' survey, bit 1: the institutions' survey. */
static guint
group_bit(const OmTarget *t)
{
  return t->kind == OM_GROUP_OUDERS ? 1u : 2u;
}

/* The share axis of a chart family: the charts of institutions (kind INSTELLING) or of
 * the municipality and its sectors (any other kind), of the surveys in `groups`, use the
 * same range, so two schools' charts compare at a glance. It runs to 100% and starts at
 * the lowest interval bound, target or projection of the family, rounded down to a
 * multiple of 20% (so ticks every 20% fit it). */
static void
family_range(const OmEvaluation *ev, OmScopeKind kind, guint groups, double *lo_out, double *hi_out)
{
  gboolean inst = kind == OM_SCOPE_INSTELLING;
  double lo = 1.0;
  if (groups & 1u)
    lo = MIN(lo, om_evaluation_share_floor(ev, inst, TRUE));
  if (groups & 2u)
    lo = MIN(lo, om_evaluation_share_floor(ev, inst, FALSE));
  *lo_out = CLAMP(floor(lo * 5 + 1e-9) / 5, 0, 0.8);
  *hi_out = 1.0;
}

/* Gives the chart its family's axis and says so under it when the axis does not start at
 * 0%. */
static void
chart_family_axis(OmArena *a, OmTrendChart *chart, const OmEvaluation *ev, OmScopeKind kind,
                  guint groups, OmLang lang)
{
  family_range(ev, kind, groups, &chart->share_min, &chart->share_max);
  if (chart->share_min <= 0)
    return;
  char *from = om_format_percent(chart->share_min, 0, lang);
  char *note = g_strdup_printf(
      lang == OM_LANG_NL
          ? "Let op: de verticale as begint bij %s, niet bij 0%%; alle grafieken van %s hebben "
            "dezelfde as."
          : "Note: the vertical axis starts at %s, not at 0%%; every chart of %s has the same "
            "axis.",
      from,
      kind == OM_SCOPE_INSTELLING
          ? (lang == OM_LANG_NL ? "instellingen" : "institutions")
          : (lang == OM_LANG_NL ? "gemeente en sectoren" : "the municipality and sectors"));
  chart->footnote = om_arena_keep(
      a, chart->footnote ? g_strdup_printf("%s %s", chart->footnote, note) : g_strdup(note));
  g_free(note);
  g_free(from);
}

/* Panels of every target row of one scope unit. */
OmTrendChart *
om_charts_unit(OmArena *a, const OmEvaluation *ev, OmScopeKind kind, const char *id,
               const char *indicator, const char *group, const char *title, OmLang lang)
{
  GPtrArray *rows = g_ptr_array_new();
  guint n_unit;
  const OmEvaluationRow *const *unit = om_evaluation_unit_rows(ev, kind, id, &n_unit);
  for (guint i = 0; i < n_unit; i++) {
    const OmEvaluationRow *r = unit[i];
    if ((!indicator || strcmp(r->target->indicator, indicator) == 0)
        && (!group || strcmp(r->target->group, group) == 0))
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
  guint groups = 0;
  for (guint i = 0; i < rows->len; i++)
    groups |= group_bit(((const OmEvaluationRow *)g_ptr_array_index(rows, i))->target);
  chart_family_axis(a, chart, ev, kind, groups, lang);
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

/* The sector chart of one target as small multiples: a panel for the municipality, then
 * one per sector with the municipality as a grey reference line, each with its latest
 * value, status and (before the deadline) projection. */
static OmTrendChart *
sector_chart(OmArena *a, const OmEvaluation *ev, guint t, const char *title, OmLang lang)
{
  const OmTarget *target = om_targets_get(om_evaluation_targets(ev), t);
  GPtrArray *rows = g_ptr_array_new();
  const OmEvaluationRow *gem = NULL;
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->target != target || r->series->kind == OM_SCOPE_INSTELLING)
      continue;
    g_ptr_array_add(rows, (gpointer)r);
    if (r->series->kind == OM_SCOPE_GEMEENTE)
      gem = r;
  }
  if (rows->len == 0 || rows->len > 9) {
    g_ptr_array_unref(rows);
    return NULL;
  }
  int eval_year = om_evaluation_year(ev, t);
  OmTrendPanel *panels = om_arena_alloc(a, sizeof(OmTrendPanel) * rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(rows, i);
    OmTrendPanel *panel = &panels[i];
    fill_panel(a, panel, r, eval_year, lang);
    gboolean is_gem = r == gem;
    panel->title = om_arena_keep(a, om_messages_scope_name(r->series, lang));
    OmChartSeries *cs = (OmChartSeries *)panel->series;
    cs->colour = is_gem ? OM_COLOUR_BLACK : om_chart_colour_for_key(r->series->id);
    if (!is_gem && gem) {
      OmChartSeries *two = om_arena_alloc(a, sizeof(OmChartSeries) * 2);
      two[0] = *cs;
      two[1]
          = (OmChartSeries){ .label = om_arena_keep(a, om_messages_scope_name(gem->series, lang)),
                             .colour = OM_COLOUR_GREY,
                             .reference = TRUE };
      two[1].points = chart_points(a, gem->series, eval_year, &two[1].n_points);
      panel->series = two;
      panel->n_series = 2;
    }
  }
  OmTrendChart *chart = om_arena_alloc(a, sizeof(OmTrendChart));
  chart->title = title;
  chart->panels = panels;
  chart->n_panels = rows->len;
  chart->y_title = target->kind == OM_GROUP_OUDERS
                       ? NULL
                       : (lang == OM_LANG_NL ? "% instellingen" : "% institutions");
  chart->footnote = om_arena_keep(a, g_strdup(om_messages_target_text(target, lang)));
  chart_family_axis(a, chart, ev, OM_SCOPE_SECTOR, group_bit(target), lang);
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
                          .suppressed = om_charts_withheld(p),
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
      a,
      g_strdup_printf(
          lang == OM_LANG_NL ? "Alle instellingen: %s (%d)" : "All institutions: %s (%d)",
          om_messages_indicator_title(om_analysis_indicator(om_evaluation_analysis(ev, t)), lang),
          om_evaluation_year(ev, t) < target->deadline ? om_evaluation_year(ev, t)
                                                       : target->deadline));
  o->subtitle = om_messages_target_text(target, lang);
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
          = om_charts_unit(a, ev, OM_SCOPE_INSTELLING, r->series->id, indicator, NULL, title, lang);
      if (c)
        add_item(set, g_strconcat("instelling-", r->series->id, NULL), c, NULL);
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
                             om_messages_indicator_title(
                                 om_analysis_indicator(om_evaluation_analysis(ev, t)), lang)));
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
        add_item(set, g_strconcat("overzicht-", target->id, NULL), NULL, o);
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
