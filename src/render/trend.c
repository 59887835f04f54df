/* trend.c — the trend chart: share per wave with interval bars or ribbons, per
 * institution or per sector, in up to nine panels with a shared year and share axis; the
 * baseline, the dashed target, the deadline band, the dotted projection, n under each
 * wave, the status beside each panel's subtitle. Model (OmTrendChart) → layout (every
 * rectangle, as numbers) → Cairo painting, as one chart-type descriptor.
 *
 * It must never lay out or paint a share for a suppressed point: such a point gets its
 * "te weinig respons (n=7)" note and no mark, no line, no axis influence. No SQL, no
 * printing.
 */
#include "render/chart-private.h"

#include <assert.h>
#include <math.h>

#define MAX_PANELS 9
/* ---------------------------------------------------------------------------------------
 * Validation and panel kinds
 */

static gboolean
validate_trend(const OmTrendChart *chart, GError **error)
{
  if (chart->n_panels == 0 || chart->n_panels > MAX_PANELS) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "a trend chart needs 1 to %d panels, not %" G_GSIZE_FORMAT, MAX_PANELS,
                chart->n_panels);
    return FALSE;
  }
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    if (panel->n_series > 0 && panel->series == NULL) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "panel %" G_GSIZE_FORMAT ": no series array",
                  p + 1);
      return FALSE;
    }
    if (panel->has_target && !(panel->target >= 0 && panel->target <= 1)) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "panel %" G_GSIZE_FORMAT ": target %g is not a share between 0 and 1", p + 1,
                  panel->target);
      return FALSE;
    }
    if (panel->deadline != 0 && (panel->deadline < 1900 || panel->deadline > 2200)) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "panel %" G_GSIZE_FORMAT ": deadline %d is not a year", p + 1, panel->deadline);
      return FALSE;
    }
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      const char *name = series->label ? series->label : "?";
      if (series->n_points > 0 && series->points == NULL) {
        g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "series “%s”: no points array", name);
        return FALSE;
      }
      for (gsize i = 0; i < series->n_points; i++) {
        const OmChartPoint *pt = &series->points[i];
        if (pt->year < 1900 || pt->year > 2200) {
          g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "series “%s”: %d is not a survey year",
                      name, pt->year);
          return FALSE;
        }
        if (i > 0 && pt->year <= series->points[i - 1].year) {
          g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                      "series “%s”: years must ascend, but %d follows %d", name, pt->year,
                      series->points[i - 1].year);
          return FALSE;
        }
        if (!pt->suppressed && !(pt->estimate >= 0 && pt->estimate <= 1)) {
          g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                      "series “%s”, %d: share %g is not between 0 and 1", name, pt->year,
                      pt->estimate);
          return FALSE;
        }
      }
      if (series->has_projection
          && (series->projection_year < 1900 || series->projection_year > 2200
              || !(series->projection >= 0 && series->projection <= 1))) {
        g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                    "series “%s”: projection %g in %d is not a share in a year", name,
                    series->projection, series->projection_year);
        return FALSE;
      }
    }
  }
  return TRUE;
}

/* The last plotted point of a series, or -1. */
static gssize
last_shown(const OmChartSeries *s)
{
  for (gsize i = s->n_points; i > 0; i--)
    if (!s->points[i - 1].suppressed)
      return (gssize)(i - 1);
  return -1;
}

static gboolean
panel_has_bars(const OmTrendPanel *p)
{
  return !p->ribbons;
}

/* One series, no ribbons: the institution chart with values, n and in-plot notes. */
static gboolean
panel_is_single(const OmTrendPanel *p)
{
  return p->n_series == 1;
}

/* A point whose note could not be placed in the plot goes to the panel's note instead;
 * the key encodes panel, series and point. */
static gpointer
fallback_key(gsize panel, gsize series, gsize point)
{
  return GSIZE_TO_POINTER(((panel * 1024 + series) * 65536 + point) + 1);
}

static char *
too_few_text(guint64 n, OmLang lang)
{
  char *num = om_format_number((double)n, 0, lang);
  char *s = g_strdup_printf(TR(lang, "te weinig respons (n=%s)", "too few responses (n=%s)"), num);
  g_free(num);
  return s;
}

/* ---------------------------------------------------------------------------------------
 * Layout
 */

typedef struct {
  int first_year, last_year;
  OmAxisTicks ticks;
  int tick_decimals;
  double pfs;
  double header_h, ytick_w, gutter_w;
  double year_h, n_h, base_h, note_h;
  int n_rows; /* rows of "n=" labels: 0, 1 or 2 (staggered) */
  int year_step;
  gboolean any_baseline;
} TrendShared;

/* Where the plot starts below the panel's top, and how tall it is in a cell of height
 * cell_h: the header above, the year, n and nulmeting rows and the note below. */
static double
panel_top_offset(const TrendShared *sh)
{
  return sh->header_h + (sh->header_h > 0 ? 0.35 * sh->pfs : 0) + 0.6 * sh->year_h;
}

static double
panel_plot_height(const TrendShared *sh, double cell_h)
{
  double below = (sh->note_h > 0 ? sh->note_h + 0.3 * sh->pfs : 0) + sh->base_h
                 + sh->n_rows * sh->n_h + sh->year_h + 0.55 * sh->year_h;
  return cell_h - panel_top_offset(sh) - below;
}

/* The note under a panel: suppressed points in multi-series panels (and single-series
 * ones that found no place in the plot), and n when it did not fit under the years. */
static char *
panel_note(Builder *b, const OmTrendPanel *panel, gsize p, GHashTable *fallback, gboolean n_in_note)
{
  GString *note = g_string_new(NULL);
  GString *few = g_string_new(NULL);
  for (gsize s = 0; s < panel->n_series; s++) {
    const OmChartSeries *series = &panel->series[s];
    for (gsize i = 0; i < series->n_points; i++) {
      const OmChartPoint *pt = &series->points[i];
      if (!pt->suppressed)
        continue;
      if (panel_is_single(panel) && !g_hash_table_contains(fallback, fallback_key(p, s, i)))
        continue;
      char *num = om_format_number((double)pt->n, 0, b->lang);
      if (few->len > 0)
        g_string_append(few, "; ");
      if (panel_is_single(panel))
        g_string_append_printf(few, "%d (n=%s)", pt->year, num);
      else
        g_string_append_printf(few, "%s %d (n=%s)", series->label ? series->label : "", pt->year,
                               num);
      g_free(num);
    }
  }
  if (few->len > 0)
    g_string_append_printf(note, "%s: %s.", TR(b->lang, "Te weinig respons", "Too few responses"),
                           few->str);
  g_string_free(few, TRUE);
  if (n_in_note && panel_is_single(panel)) {
    const OmChartSeries *series = &panel->series[0];
    if (note->len > 0)
      g_string_append_c(note, ' ');
    g_string_append(note, TR(b->lang, "Aantal antwoorden: ", "Number of answers: "));
    for (gsize i = 0; i < series->n_points; i++) {
      char *num = om_format_number((double)series->points[i].n, 0, b->lang);
      g_string_append_printf(note, "%s%d n=%s", i ? ", " : "", series->points[i].year, num);
      g_free(num);
    }
    g_string_append_c(note, '.');
  }
  return g_string_free(note, note->len == 0);
}

/* Decides, from the horizontal layout alone, how many rows the "n=" labels of a
 * single-series panel need: 1, 2 (staggered), or 0 (they go to the note). */
static int
n_rows_needed(Builder *b, const OmTrendPanel *panel, const OmScale *x, double size)
{
  if (!panel_is_single(panel))
    return 1;
  const OmChartSeries *series = &panel->series[0];
  OmTextStyle ts = chart_text_style(size, FALSE, FALSE, 0);
  double gap = 0.5 * size;
  for (int rows = 1; rows <= 2; rows++) {
    gboolean ok = TRUE;
    for (gsize i = 0; i + rows < series->n_points && ok; i++) {
      char *t1 = chart_n_text(series->points[i].n, b->lang);
      char *t2 = chart_n_text(series->points[i + rows].n, b->lang);
      double w1, w2, h;
      builder_measure(b, t1, &ts, &w1, &h);
      builder_measure(b, t2, &ts, &w2, &h);
      double right1 = om_scale_map(x, series->points[i].year) + w1 / 2;
      double left2 = om_scale_map(x, series->points[i + rows].year) - w2 / 2;
      ok = right1 + gap <= left2;
      g_free(t1);
      g_free(t2);
    }
    if (ok)
      return rows;
  }
  return 0;
}

/* Sizes of point markers and interval caps, shared by the layout (as marks) and the
 * renderer (as ink) so that a mark's rectangle is exactly what gets drawn. */
static double
marker_radius(const OmTrendPanel *panel, double pfs)
{
  return (panel_is_single(panel) ? 0.36 : 0.28) * pfs;
}

static double
cap_half_width(const OmTrendPanel *panel, double pfs, double dodge)
{
  return panel_is_single(panel) ? 0.38 * pfs : MIN(0.3 * pfs, MAX(dodge * 0.4, 0.12 * pfs));
}

/* What the steps of one panel's layout share: the builder, the panel, its geometry so far
 * and the sizes of its marks. */
typedef struct {
  Builder *b;
  const OmTrendPanel *panel;
  gsize p;
  int pi;
  const TrendShared *sh;
  OmChartPanelLayout pl;
  OmRect inner;   /* the plot less a point all round: where in-plot labels may go */
  double spacing; /* the width of one year's column */
  double r, cap;  /* point marker radius, interval cap half-width */
} PanelBuild;

/* Header: panel title, then the status marker and sentence. */
static void
panel_header(PanelBuild *pb, OmRect box)
{
  Builder *b = pb->b;
  const OmTrendPanel *panel = pb->panel;
  double pfs = pb->sh->pfs;
  int pi = pb->pi;
  double y = box.y;
  if (panel->title != NULL && *panel->title) {
    OmTextStyle ts = chart_text_style(pfs * 1.08, TRUE, FALSE, box.w);
    y += builder_text(b, OM_LABEL_PANEL_TITLE, pi, panel->title, &ts, box.x, y) + 0.15 * pfs;
  }
  if (panel->subtitle != NULL && *panel->subtitle) {
    double m = 0.85 * pfs;
    double indent = panel->status != OM_CHART_STATUS_NONE ? m + 0.45 * pfs : 0;
    OmTextStyle ts = chart_text_style(pfs, FALSE, FALSE, box.w - indent);
    double lw, lh;
    builder_measure(b, "Ag", &ts, &lw, &lh);
    if (panel->status != OM_CHART_STATUS_NONE)
      builder_mark(b, OM_MARK_STATUS, pi, -1, -1, chart_rect(box.x, y + (lh - m) / 2, m, m));
    builder_text(b, OM_LABEL_STATUS, pi, panel->subtitle, &ts, box.x + indent, y);
  }
}

/* The plot: left of it the share ticks, right the gutter, under it the year rows; its
 * scales, the dodge between series' bars and the sizes of the marks. Pure geometry. */
static void
panel_geometry(PanelBuild *pb, OmRect box)
{
  const TrendShared *sh = pb->sh;
  const OmTrendPanel *panel = pb->panel;
  double pfs = sh->pfs;
  OmChartPanelLayout *pl = &pb->pl;
  pl->box = box;
  double top = box.y + panel_top_offset(sh);
  pl->plot = chart_rect(box.x + sh->ytick_w + 0.5 * pfs, top, 0, 0);
  pl->plot.w = box.x + box.w - sh->gutter_w - pl->plot.x;
  pl->plot.h = panel_plot_height(sh, box.h);
  OmRect plot = pl->plot;
  om_axis_years(sh->first_year, sh->last_year, plot.x, plot.x + plot.w, &pl->x);
  om_scale_init(&pl->y, sh->ticks.first, sh->ticks.last, plot.y + plot.h, plot.y);
  pl->share_ticks = sh->ticks;
  pl->first_year = sh->first_year;
  pl->last_year = sh->last_year;
  pl->year_step = sh->year_step;
  pb->spacing = plot.w / (sh->last_year - sh->first_year + 1);
  gsize k = panel->n_series;
  pl->dodge = k > 1 && panel_has_bars(panel) ? MIN(0.6 * pb->spacing / (double)k, 1.4 * pfs) : 0;
  pb->r = marker_radius(panel, pfs);
  pb->cap = cap_half_width(panel, pfs, pl->dodge);
  pb->inner = chart_rect(plot.x + 1, plot.y + 1, plot.w - 2, plot.h - 2);
}

/* Share ticks left of the plot; a plot too low for every tick keeps the ones that fit. */
static void
panel_share_ticks(PanelBuild *pb)
{
  const TrendShared *sh = pb->sh;
  const OmChartPanelLayout *pl = &pb->pl;
  double pfs = sh->pfs;
  OmTextStyle tick_ts = chart_text_style(pfs * 0.92, FALSE, FALSE, 0);
  for (guint i = 0; i < sh->ticks.n; i++) {
    double v = om_axis_tick_value(&sh->ticks, i);
    char *t = om_format_percent(v, sh->tick_decimals, pb->b->lang);
    double tw, th;
    builder_measure(pb->b, t, &tick_ts, &tw, &th);
    double ty = om_scale_map(&pl->y, v);
    OmRect r = chart_rect(pl->plot.x - 0.5 * pfs - tw, ty - th / 2, tw, th);
    if (builder_is_free(pb->b, &r, NULL))
      builder_label(pb->b, OM_LABEL_TICK, pb->pi, -1, -1, t, &tick_ts, r, 2);
    g_free(t);
  }
}

/* Year ticks (every year_step years) in the row at row_y under the plot. */
static void
panel_year_ticks(PanelBuild *pb, double row_y)
{
  const TrendShared *sh = pb->sh;
  OmTextStyle tick_ts = chart_text_style(sh->pfs * 0.92, FALSE, FALSE, 0);
  for (int yr = sh->first_year; yr <= sh->last_year; yr++) {
    if ((yr - sh->first_year) % sh->year_step != 0)
      continue;
    char t[16];
    g_snprintf(t, sizeof t, "%d", yr);
    double tw, th;
    builder_measure(pb->b, t, &tick_ts, &tw, &th);
    OmRect r = chart_rect(om_scale_map(&pb->pl.x, yr) - tw / 2, row_y, tw, th);
    if (builder_is_free(pb->b, &r, NULL))
      builder_label(pb->b, OM_LABEL_TICK, pb->pi, -1, -1, t, &tick_ts, r, 1);
  }
}

/* "n=123" under each wave of a single-series panel, in one row or two staggered ones,
 * unless they went to the note. */
static void
panel_n_labels(PanelBuild *pb, double row_y, gboolean n_in_note)
{
  const TrendShared *sh = pb->sh;
  const OmTrendPanel *panel = pb->panel;
  OmTextStyle n_ts = chart_text_style(sh->pfs * 0.82, FALSE, FALSE, 0);
  if (!panel_is_single(panel) || n_in_note || sh->n_rows == 0)
    return;
  const OmChartSeries *series = &panel->series[0];
  for (gsize i = 0; i < series->n_points; i++) {
    char *t = chart_n_text(series->points[i].n, pb->b->lang);
    double tw, th;
    builder_measure(pb->b, t, &n_ts, &tw, &th);
    double ny = row_y + (sh->n_rows == 2 ? (double)(i % 2) * sh->n_h : 0);
    builder_label(pb->b, OM_LABEL_N, pb->pi, 0, (int)i, t, &n_ts,
                  chart_rect(om_scale_map(&pb->pl.x, series->points[i].year) - tw / 2, ny, tw, th),
                  1);
    g_free(t);
  }
}

/* "nulmeting" under each baseline year (once per year), kept inside the panel. */
static void
panel_baseline_labels(PanelBuild *pb, double row_y)
{
  const TrendShared *sh = pb->sh;
  const OmTrendPanel *panel = pb->panel;
  const OmRect box = pb->pl.box;
  if (!sh->any_baseline)
    return;
  OmTextStyle bts = chart_text_style(sh->pfs * 0.82, FALSE, TRUE, 0);
  const char *t = TR(pb->b->lang, "nulmeting", "baseline");
  double tw, th;
  builder_measure(pb->b, t, &bts, &tw, &th);
  GHashTable *done = g_hash_table_new(NULL, NULL);
  for (gsize s = 0; s < panel->n_series; s++)
    for (gsize i = 0; i < panel->series[s].n_points; i++) {
      const OmChartPoint *pt = &panel->series[s].points[i];
      if (!pt->baseline || g_hash_table_contains(done, GINT_TO_POINTER(pt->year)))
        continue;
      g_hash_table_add(done, GINT_TO_POINTER(pt->year));
      double cx = om_scale_map(&pb->pl.x, pt->year);
      cx = CLAMP(cx, box.x + tw / 2, box.x + box.w - tw / 2);
      OmRect r = chart_rect(cx - tw / 2, row_y, tw, th);
      if (builder_is_free(pb->b, &r, NULL))
        builder_label(pb->b, OM_LABEL_BASELINE, pb->pi, (int)s, (int)i, t, &bts, r, 1);
    }
  g_hash_table_unref(done);
}

/* One series' data marks: every plotted point and interval, its lines (as soft obstacles
 * for labels) and its projection. `off` is the series' dodge offset. */
static void
series_marks(PanelBuild *pb, gsize s, double off)
{
  Builder *b = pb->b;
  const OmChartPanelLayout *pl = &pb->pl;
  const OmChartSeries *series = &pb->panel->series[s];
  double r = pb->r, cap = pb->cap;
  int pi = pb->pi;
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (pt->suppressed)
      continue;
    double cx = om_scale_map(&pl->x, pt->year) + off;
    double cy = om_scale_map(&pl->y, pt->estimate);
    builder_mark(b, OM_MARK_POINT, pi, (int)s, (int)i, chart_rect(cx - r, cy - r, 2 * r, 2 * r));
    if (panel_has_bars(pb->panel) && isfinite(pt->lower) && isfinite(pt->upper)) {
      double yu = om_scale_map(&pl->y, pt->upper), yl = om_scale_map(&pl->y, pt->lower);
      builder_mark(b, OM_MARK_INTERVAL, pi, (int)s, (int)i,
                   chart_rect(cx - cap, MIN(yu, yl), 2 * cap, fabs(yl - yu)));
    }
  }
  for (gsize i = 0; i + 1 < series->n_points; i++)
    if (!series->points[i].suppressed && !series->points[i + 1].suppressed)
      builder_segment(b, om_scale_map(&pl->x, series->points[i].year) + off,
                      om_scale_map(&pl->y, series->points[i].estimate),
                      om_scale_map(&pl->x, series->points[i + 1].year) + off,
                      om_scale_map(&pl->y, series->points[i + 1].estimate));
  gssize last = last_shown(series);
  if (series->has_projection && last >= 0)
    builder_segment(b, om_scale_map(&pl->x, series->points[last].year) + off,
                    om_scale_map(&pl->y, series->points[last].estimate),
                    om_scale_map(&pl->x, series->projection_year) + off,
                    om_scale_map(&pl->y, series->projection));
  if (series->has_projection) {
    double cx = om_scale_map(&pl->x, series->projection_year) + off;
    double cy = om_scale_map(&pl->y, series->projection);
    double yu = cy, yl = cy;
    if (isfinite(series->projection_upper) && isfinite(series->projection_lower)) {
      yu = om_scale_map(&pl->y, series->projection_upper);
      yl = om_scale_map(&pl->y, series->projection_lower);
    }
    double top_y = MIN(MIN(yu, yl), cy - r), bot_y = MAX(MAX(yu, yl), cy + r);
    builder_mark(b, OM_MARK_PROJECTION, pi, (int)s, -1,
                 chart_rect(cx - MAX(cap, r), top_y, 2 * MAX(cap, r), bot_y - top_y));
  }
}

/* "te weinig respons (n=7)" just above the axis at the year of each suppressed wave of a
 * single-series panel: it reads as "no share for this year". One that finds no free place
 * goes to new_fallback (and to the note in the next pass). */
static void
panel_suppressed_labels(PanelBuild *pb, GHashTable *fallback, GHashTable *new_fallback)
{
  const OmChartSeries *series = &pb->panel->series[0];
  const OmRect inner = pb->inner;
  OmTextStyle few_ts = chart_text_style(pb->sh->pfs * 0.82, FALSE, TRUE, 0);
  OmRect cand[32];
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (!pt->suppressed || g_hash_table_contains(fallback, fallback_key(pb->p, 0, i)))
      continue;
    char *t = too_few_text(pt->n, pb->b->lang);
    OmTextStyle ts = few_ts;
    double tw, th;
    builder_measure(pb->b, t, &ts, &tw, &th);
    if (tw > pb->spacing * 0.96) {
      ts.wrap_width = pb->spacing * 0.92;
      builder_measure(pb->b, t, &ts, &tw, &th);
    }
    double cx
        = CLAMP(om_scale_map(&pb->pl.x, pt->year), inner.x + tw / 2, inner.x + inner.w - tw / 2);
    static const double fractions[] = { 0.9, 0.78, 0.66, 0.54, 0.42, 0.3, 0.18, 0.08 };
    gsize n = 0;
    for (gsize f = 0; f < G_N_ELEMENTS(fractions); f++)
      cand[n++] = chart_rect(cx - tw / 2, inner.y + fractions[f] * inner.h - th / 2, tw, th);
    if (!builder_place(pb->b, OM_LABEL_SUPPRESSED, pb->pi, 0, (int)i, t, &ts, cand, n, &inner))
      g_hash_table_add(new_fallback, fallback_key(pb->p, 0, i));
    g_free(t);
  }
}

/* "streefjaar" at the top (else the bottom) of the deadline's column, if it fits. */
static void
panel_deadline_label(PanelBuild *pb)
{
  const TrendShared *sh = pb->sh;
  const OmTrendPanel *panel = pb->panel;
  double pfs = sh->pfs;
  const OmRect inner = pb->inner;
  if (panel->deadline < sh->first_year || panel->deadline > sh->last_year)
    return;
  OmTextStyle ts = chart_text_style(pfs * 0.8, FALSE, TRUE, 0);
  const char *t = TR(pb->b->lang, "streefjaar", "target year");
  double tw, th;
  builder_measure(pb->b, t, &ts, &tw, &th);
  if (tw <= pb->spacing * 0.95) {
    OmRect cand[2];
    double cx = om_scale_map(&pb->pl.x, panel->deadline);
    cand[0] = chart_rect(cx - tw / 2, inner.y + 0.15 * pfs, tw, th);
    cand[1] = chart_rect(cx - tw / 2, inner.y + inner.h - th - 0.15 * pfs, tw, th);
    builder_place(pb->b, OM_LABEL_DEADLINE, pb->pi, -1, -1, t, &ts, cand, 2, &inner);
  }
}

/* A single-series panel's target label on its line (above or below, along it from the
 * right end), then the line itself as an obstacle for the labels after it. */
static void
panel_target_label(PanelBuild *pb)
{
  const OmTrendPanel *panel = pb->panel;
  double pfs = pb->sh->pfs;
  const OmRect inner = pb->inner, plot = pb->pl.plot;
  char *t = chart_target_text(panel->target, panel->deadline, pb->b->lang);
  OmTextStyle ts = chart_text_style(pfs * 0.88, TRUE, FALSE, 0);
  double tw, th;
  builder_measure(pb->b, t, &ts, &tw, &th);
  double ty = om_scale_map(&pb->pl.y, panel->target);
  static const double along[] = { 1.0, 0.0, 0.5, 0.75, 0.25, 0.875, 0.125, 0.625, 0.375 };
  OmRect cand[2 * G_N_ELEMENTS(along)];
  gsize n = 0;
  for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
    double x = inner.x + 0.2 * pfs + along[a] * (inner.w - tw - 0.4 * pfs);
    cand[n++] = chart_rect(x, ty - th - 0.12 * pfs, tw, th);
    cand[n++] = chart_rect(x, ty + 0.12 * pfs, tw, th);
  }
  builder_place(pb->b, OM_LABEL_TARGET, pb->pi, -1, -1, t, &ts, cand, n, &inner);
  g_free(t);
  builder_segment(pb->b, plot.x, ty, plot.x + plot.w, ty);
}

/* "87,5%" beside each shown point of a single-series panel, clear of its interval. */
static void
panel_value_labels(PanelBuild *pb)
{
  const OmChartPanelLayout *pl = &pb->pl;
  const OmChartSeries *series = &pb->panel->series[0];
  double pfs = pb->sh->pfs, r = pb->r, pad = 0.3 * pfs;
  OmTextStyle ts = chart_text_style(pfs * 0.88, TRUE, FALSE, 0);
  OmRect cand[8];
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (pt->suppressed)
      continue;
    char *t = om_format_percent(pt->estimate, 1, pb->b->lang);
    double tw, th;
    builder_measure(pb->b, t, &ts, &tw, &th);
    double cx = om_scale_map(&pl->x, pt->year), cy = om_scale_map(&pl->y, pt->estimate);
    double yt = cy - r, yb = cy + r;
    if (isfinite(pt->lower) && isfinite(pt->upper)) {
      yt = MIN(yt, om_scale_map(&pl->y, pt->upper));
      yb = MAX(yb, om_scale_map(&pl->y, pt->lower));
    }
    gsize n = chart_candidates_around(cand, cx, cy, MAX(r, pb->cap), yt, yb, tw, th, pad);
    builder_place(pb->b, OM_LABEL_VALUE, pb->pi, 0, (int)i, t, &ts, cand, n, &pb->inner);
    g_free(t);
  }
}

/* "prognose 88,1%" beside the projection's whisker: on one line, else on two. */
static void
panel_projection_label(PanelBuild *pb)
{
  const OmChartPanelLayout *pl = &pb->pl;
  const OmChartSeries *series = &pb->panel->series[0];
  double pfs = pb->sh->pfs, r = pb->r, pad = 0.3 * pfs;
  char *v = om_format_percent(series->projection, 1, pb->b->lang);
  const char *word = TR(pb->b->lang, "prognose", "projection");
  char *one = g_strdup_printf("%s %s", word, v);
  char *two = g_strdup_printf("%s\n%s", word, v);
  OmTextStyle pts = chart_text_style(pfs * 0.82, FALSE, TRUE, 0);
  double cx = om_scale_map(&pl->x, series->projection_year);
  double cy = om_scale_map(&pl->y, series->projection);
  double yt = cy - r, yb = cy + r;
  if (isfinite(series->projection_lower) && isfinite(series->projection_upper)) {
    yt = MIN(yt, om_scale_map(&pl->y, series->projection_upper));
    yb = MAX(yb, om_scale_map(&pl->y, series->projection_lower));
  }
  const char *texts[] = { one, two };
  OmRect cand[8];
  for (int v2 = 0; v2 < 2; v2++) {
    double tw, th;
    builder_measure(pb->b, texts[v2], &pts, &tw, &th);
    gsize n = chart_candidates_around(cand, cx, cy, MAX(r, pb->cap), yt, yb, tw, th, pad);
    if (builder_place(pb->b, OM_LABEL_PROJECTION, pb->pi, 0, -1, texts[v2], &pts, cand, n,
                      &pb->inner))
      break;
  }
  g_free(v);
  g_free(one);
  g_free(two);
}

/* Line-end labels in the gutter of a multi-series panel, spread apart (om_labels_spread);
 * the target label joins them. None is placed when they do not fit beside the plot. */
static void
panel_series_end_labels(PanelBuild *pb)
{
  const OmTrendPanel *panel = pb->panel;
  const OmChartPanelLayout *pl = &pb->pl;
  double pfs = pb->sh->pfs;
  OmTextStyle ts = chart_text_style(pfs * 0.9, TRUE, FALSE, 0);
  OmTextStyle tts = chart_text_style(pfs * 0.88, TRUE, FALSE, 0);
  gsize k = panel->n_series, cap_n = k + 1, n = 0;
  double *centre = g_new(double, cap_n), *size = g_new(double, cap_n);
  double *width = g_new(double, cap_n);
  char **texts = g_new0(char *, cap_n);
  int *which = g_new(int, cap_n);
  for (gsize s = 0; s < k; s++) {
    const OmChartSeries *series = &panel->series[s];
    gssize last = last_shown(series);
    double end;
    if (series->has_projection)
      end = series->projection;
    else if (last >= 0)
      end = series->points[last].estimate;
    else
      continue;
    double tw, th;
    texts[n] = g_strdup(series->label ? series->label : "");
    builder_measure(pb->b, texts[n], &ts, &tw, &th);
    centre[n] = om_scale_map(&pl->y, end);
    size[n] = th;
    width[n] = tw;
    which[n] = (int)s;
    n++;
  }
  if (panel->has_target) {
    double tw, th;
    texts[n] = chart_target_text(panel->target, panel->deadline, pb->b->lang);
    builder_measure(pb->b, texts[n], &tts, &tw, &th);
    centre[n] = om_scale_map(&pl->y, panel->target);
    size[n] = th;
    width[n] = tw;
    which[n] = -1;
    n++;
  }
  if (om_labels_spread(centre, size, n, 0.2 * pfs, pl->plot.y, pl->plot.y + pl->plot.h)) {
    for (gsize i = 0; i < n; i++) {
      OmRect rr = chart_rect(pl->plot.x + pl->plot.w + 0.45 * pfs, centre[i] - size[i] / 2,
                             width[i], size[i]);
      if (which[i] >= 0)
        builder_label(pb->b, OM_LABEL_SERIES_END, pb->pi, which[i], -1, texts[i], &ts, rr, 0);
      else
        builder_label(pb->b, OM_LABEL_TARGET, pb->pi, -1, -1, texts[i], &tts, rr, 0);
    }
  }
  for (gsize i = 0; i < n; i++)
    g_free(texts[i]);
  g_free(texts);
  g_free(centre);
  g_free(size);
  g_free(width);
  g_free(which);
}

/* The note at the bottom of the panel (panel_note). */
static void
panel_note_label(PanelBuild *pb, GHashTable *fallback, gboolean n_in_note)
{
  const OmRect box = pb->pl.box;
  char *note = panel_note(pb->b, pb->panel, pb->p, fallback, n_in_note);
  if (note == NULL)
    return;
  OmTextStyle ts = chart_text_style(pb->sh->pfs * 0.8, FALSE, TRUE, box.w);
  double tw, th;
  builder_measure(pb->b, note, &ts, &tw, &th);
  builder_label(pb->b, OM_LABEL_NOTE, pb->pi, -1, -1, note, &ts,
                chart_rect(box.x, box.y + box.h - pb->sh->note_h, tw, th), 0);
  g_free(note);
}

/* Lays out panel p in `box`: header, axes and the rows under them, data marks, then the
 * in-plot labels, most important first, each taking the first free candidate. Suppressed
 * points listed in `fallback` go to the note; those that find no place are added to
 * `new_fallback`. */
static void
layout_trend_panel(Builder *b, const OmTrendChart *chart, gsize p, const TrendShared *sh,
                   OmRect box, GHashTable *fallback, gboolean n_in_note, GHashTable *new_fallback)
{
  PanelBuild pb = { 0 };
  pb.b = b;
  pb.panel = &chart->panels[p];
  pb.p = p;
  pb.pi = (int)p;
  pb.sh = sh;
  panel_header(&pb, box);
  panel_geometry(&pb, box);
  panel_share_ticks(&pb);

  double row_y = pb.pl.plot.y + pb.pl.plot.h + 0.55 * sh->year_h;
  panel_year_ticks(&pb, row_y);
  row_y += sh->year_h;
  panel_n_labels(&pb, row_y, n_in_note);
  row_y += sh->n_rows * sh->n_h;
  panel_baseline_labels(&pb, row_y);

  gsize k = pb.panel->n_series;
  for (gsize s = 0; s < k; s++)
    series_marks(&pb, s, ((double)s - (double)(k - 1) / 2) * pb.pl.dodge);

  gboolean single = panel_is_single(pb.panel);
  if (single)
    panel_suppressed_labels(&pb, fallback, new_fallback);
  panel_deadline_label(&pb);
  if (pb.panel->has_target && single)
    panel_target_label(&pb);
  if (single) {
    panel_value_labels(&pb);
    if (pb.panel->series[0].has_projection)
      panel_projection_label(&pb);
  } else {
    panel_series_end_labels(&pb);
  }
  panel_note_label(&pb, fallback, n_in_note);
  g_array_append_val(b->L->panels, pb.pl);
}

static void
trend_legend(Builder *b, const OmTrendChart *chart, GArray *entries)
{
  OmLang lang = b->lang;
  gboolean bars = FALSE, ribbons = FALSE, target = FALSE, projection = FALSE, band = FALSE;
  gboolean same_target = TRUE;
  double first_target = NAN;
  int first_deadline = 0;
  OmChartColour bar_colour = OM_COLOUR_AUTO;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GArray *series_entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    if (panel->has_target) {
      if (!target) {
        first_target = panel->target;
        first_deadline = panel->deadline;
      } else if (panel->target != first_target || panel->deadline != first_deadline) {
        same_target = FALSE;
      }
      target = TRUE;
    }
    if (panel->deadline != 0)
      band = TRUE;
    if (panel->ribbons)
      ribbons = TRUE;
    else if (panel->n_series > 0) {
      if (!bars)
        bar_colour
            = panel_is_single(panel) ? chart_series_colour(&panel->series[0], 0) : OM_COLOUR_BLACK;
      else if (panel_is_single(panel) && bar_colour != chart_series_colour(&panel->series[0], 0))
        bar_colour = OM_COLOUR_BLACK;
      bars = TRUE;
    }
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      if (series->has_projection)
        projection = TRUE;
      if (panel->n_series > 1 && series->label != NULL
          && !g_hash_table_contains(seen, series->label)) {
        g_hash_table_add(seen, (gpointer)series->label);
        chart_legend_add(series_entries, GLYPH_LINE, chart_series_colour(series, s),
                         series->emphasis, OM_CHART_STATUS_NONE, g_strdup(series->label));
      }
    }
  }
  g_hash_table_unref(seen);
  for (guint i = 0; i < series_entries->len; i++)
    g_array_append_val(entries, g_array_index(series_entries, LegendEntry, i));
  g_array_unref(series_entries); /* the texts moved to entries */
  if (bars)
    chart_legend_add(entries, GLYPH_POINT_BAR, bar_colour, FALSE, OM_CHART_STATUS_NONE,
                     g_strdup(TR(lang, "gemeten aandeel met 95%-betrouwbaarheidsinterval",
                                 "measured share with 95% confidence interval")));
  if (ribbons)
    chart_legend_add(
        entries, GLYPH_RIBBON, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
        g_strdup(TR(lang, "band: 95%-betrouwbaarheidsinterval", "band: 95% confidence interval")));
  if (target) {
    char *t;
    if (same_target) {
      char *pct = chart_percent_short(first_target, lang);
      t = first_deadline > 0
              ? g_strdup_printf(TR(lang, "doel: %s in %d", "target: %s in %d"), pct, first_deadline)
              : g_strdup_printf(TR(lang, "doel: %s", "target: %s"), pct);
      g_free(pct);
    } else {
      t = g_strdup(TR(lang, "doel", "target"));
    }
    chart_legend_add(entries, GLYPH_TARGET, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE, t);
  }
  if (projection)
    chart_legend_add(entries, GLYPH_PROJECTION,
                     bar_colour == OM_COLOUR_AUTO ? OM_COLOUR_BLACK : bar_colour, FALSE,
                     OM_CHART_STATUS_NONE,
                     g_strdup(TR(lang, "prognose tot het streefjaar (95%-interval)",
                                 "projection to the target year (95% interval)")));
  if (band)
    chart_legend_add(entries, GLYPH_BAND, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
                     g_strdup(TR(lang, "streefjaar", "target year")));
}

/* Title at the top; footnote and legend at the bottom. Returns the top and bottom of what
 * is left for the axis titles and the panels. */
static void
trend_frame(Builder *b, const OmTrendChart *chart, double *top, double *bottom)
{
  double fs = b->fs, w = b->w, h = b->h, pad = fs;
  *top = pad * 0.8;
  if (chart->title != NULL && *chart->title) {
    OmTextStyle ts = chart_text_style(fs * 1.4, TRUE, FALSE, w - 2 * pad);
    *top += builder_text(b, OM_LABEL_TITLE, -1, chart->title, &ts, pad, *top) + 0.5 * fs;
  }
  *bottom = h - pad * 0.8;
  if (chart->footnote != NULL && *chart->footnote) {
    OmTextStyle ts = chart_text_style(fs * 0.78, FALSE, FALSE, w - 2 * pad);
    double tw, th;
    builder_measure(b, chart->footnote, &ts, &tw, &th);
    *bottom -= th;
    builder_label(b, OM_LABEL_FOOTNOTE, -1, -1, -1, chart->footnote, &ts,
                  chart_rect(pad, *bottom, tw, th), 0);
    *bottom -= 0.4 * fs;
  }
  GArray *entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  trend_legend(b, chart, entries);
  double legend_h = chart_legend_flow(b, entries, pad, 0, w - 2 * pad, FALSE);
  if (legend_h > 0) {
    *bottom -= legend_h;
    chart_legend_flow(b, entries, pad, *bottom, w - 2 * pad, TRUE);
    *bottom -= 0.6 * fs;
  }
  chart_legend_free(entries);
}

/* The axis titles, shared by all panels: measured first (the x title takes a row above
 * `bottom`), placed last, centred on the plots they describe. */
typedef struct {
  const char *x_title, *y_title;
  OmTextStyle ts;
  double xtw, xth, ytw, yth;
  double x_title_y;
} TrendAxisTitles;

static void
trend_axis_titles_measure(Builder *b, const OmTrendChart *chart, TrendAxisTitles *at,
                          double *bottom)
{
  OmLang lang = b->lang;
  at->x_title = TR(lang, "Jaar van meting", "Survey year");
  at->y_title
      = chart->y_title ? chart->y_title : TR(lang, "% tevreden ouders", "% satisfied parents");
  at->ts = chart_text_style(b->fs * 0.95, FALSE, FALSE, 0);
  builder_measure(b, at->x_title, &at->ts, &at->xtw, &at->xth);
  builder_measure(b, at->y_title, &at->ts, &at->ytw, &at->yth);
  *bottom -= at->xth;
  at->x_title_y = *bottom;
  *bottom -= 0.2 * b->fs;
}

/* The panels' grid: 1, 2 or 3 columns of equal cells between the y title and the right
 * margin, from top to bottom. */
typedef struct {
  gsize cols, rows;
  double x, y, w, h;
  double hgap, vgap;
  double cell_w, cell_h;
} TrendGrid;

static TrendGrid
trend_grid(const Builder *b, gsize np, double top, double bottom, double y_title_h)
{
  double fs = b->fs, pad = fs;
  TrendGrid g;
  g.x = pad + y_title_h + 0.4 * fs;
  g.w = b->w - pad - g.x;
  g.y = top;
  g.h = bottom - top;
  g.cols = np == 1 ? 1 : np <= 4 ? 2 : 3;
  g.rows = (np + g.cols - 1) / g.cols;
  g.hgap = 2.0 * fs;
  g.vgap = 1.2 * fs;
  g.cell_w = (g.w - g.hgap * (double)(g.cols - 1)) / (double)g.cols;
  g.cell_h = (g.h - g.vgap * (double)(g.rows - 1)) / (double)g.rows;
  return g;
}

/* Years: from the earliest wave to the latest of deadline, projection and wave, into sh.
 * Returns the values that steer the share axis (never a suppressed share; transfer full),
 * and whether any panel has several series or none (*any_multi: their labels go to the
 * gutter). */
static GArray *
trend_years_and_values(const OmTrendChart *chart, TrendShared *sh, gboolean *any_multi)
{
  sh->first_year = G_MAXINT;
  sh->last_year = G_MININT;
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  *any_multi = FALSE;
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    if (panel->has_target)
      g_array_append_val(values, panel->target);
    if (panel->deadline != 0) {
      sh->first_year = MIN(sh->first_year, panel->deadline);
      sh->last_year = MAX(sh->last_year, panel->deadline);
    }
    if (!panel_is_single(panel))
      *any_multi = TRUE;
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      for (gsize i = 0; i < series->n_points; i++) {
        const OmChartPoint *pt = &series->points[i];
        sh->first_year = MIN(sh->first_year, pt->year);
        sh->last_year = MAX(sh->last_year, pt->year);
        if (pt->baseline)
          sh->any_baseline = TRUE;
        if (pt->suppressed)
          continue; /* a suppressed share must not even steer the axis */
        g_array_append_val(values, pt->estimate);
        g_array_append_val(values, pt->lower);
        g_array_append_val(values, pt->upper);
      }
      if (series->has_projection) {
        sh->first_year = MIN(sh->first_year, series->projection_year);
        sh->last_year = MAX(sh->last_year, series->projection_year);
        g_array_append_val(values, series->projection);
        g_array_append_val(values, series->projection_lower);
        g_array_append_val(values, series->projection_upper);
      }
    }
  }
  if (sh->first_year > sh->last_year) {
    /* Nothing dated at all: an empty axis around the current year. */
    GDateTime *now = g_date_time_new_now_local();
    sh->first_year = sh->last_year = g_date_time_get_year(now);
    g_date_time_unref(now);
  }
  return values;
}

/* Text heights every panel reserves: the header (the tallest panel title + subtitle, so
 * that plots line up), the year row, an n row and the nulmeting row. */
static void
trend_row_heights(Builder *b, const OmTrendChart *chart, TrendShared *sh, double cell_w)
{
  double pfs = sh->pfs, tw, th;
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    double hh = 0;
    if (panel->title != NULL && *panel->title) {
      OmTextStyle ts = chart_text_style(pfs * 1.08, TRUE, FALSE, cell_w);
      builder_measure(b, panel->title, &ts, &tw, &th);
      hh += th + 0.15 * pfs;
    }
    if (panel->subtitle != NULL && *panel->subtitle) {
      double indent = panel->status != OM_CHART_STATUS_NONE ? 1.3 * pfs : 0;
      OmTextStyle ts = chart_text_style(pfs, FALSE, FALSE, cell_w - indent);
      builder_measure(b, panel->subtitle, &ts, &tw, &th);
      hh += th;
    }
    sh->header_h = MAX(sh->header_h, hh);
  }
  OmTextStyle tick_ts = chart_text_style(pfs * 0.92, FALSE, FALSE, 0);
  OmTextStyle n_ts = chart_text_style(pfs * 0.82, FALSE, FALSE, 0);
  builder_measure(b, "2016", &tick_ts, &tw, &sh->year_h);
  builder_measure(b, "n=123", &n_ts, &tw, &sh->n_h);
  if (sh->any_baseline)
    builder_measure(b, "nulmeting", &n_ts, &tw, &sh->base_h);
}

/* The share axis on at most max_ticks ticks, their decimals and the widest tick label. */
static void
trend_share_axis(Builder *b, TrendShared *sh, const GArray *values, guint max_ticks)
{
  OmTextStyle tick_ts = chart_text_style(sh->pfs * 0.92, FALSE, FALSE, 0);
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                             &sh->ticks);
  double pct_step = sh->ticks.step * 100;
  sh->tick_decimals = fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1;
  sh->ytick_w = 0;
  for (guint i = 0; i < sh->ticks.n; i++) {
    char *t = om_format_percent(om_axis_tick_value(&sh->ticks, i), sh->tick_decimals, b->lang);
    double tw, th;
    builder_measure(b, t, &tick_ts, &tw, &th);
    sh->ytick_w = MAX(sh->ytick_w, tw);
    g_free(t);
  }
}

/* The gutter right of the plots: room for the line-end and target labels of multi-series
 * panels, a little air otherwise. */
static double
trend_gutter_width(Builder *b, const OmTrendChart *chart, double pfs, gboolean any_multi)
{
  if (!any_multi)
    return 0.5 * pfs;
  OmTextStyle ts = chart_text_style(pfs * 0.9, TRUE, FALSE, 0);
  OmTextStyle tts = chart_text_style(pfs * 0.88, TRUE, FALSE, 0);
  double need = 0, tw, th;
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    if (panel_is_single(panel))
      continue;
    for (gsize s = 0; s < panel->n_series; s++) {
      builder_measure(b, panel->series[s].label ? panel->series[s].label : "", &ts, &tw, &th);
      need = MAX(need, tw);
    }
    if (panel->has_target) {
      char *t = chart_target_text(panel->target, panel->deadline, b->lang);
      builder_measure(b, t, &tts, &tw, &th);
      need = MAX(need, tw);
      g_free(t);
    }
  }
  return need + 0.9 * pfs;
}

/* Horizontal geometry is the same in every cell: the year step of the tick labels, the
 * rows of n labels, and which panels move their n to the note (n_in_note[p]). */
static void
trend_year_columns(Builder *b, const OmTrendChart *chart, TrendShared *sh, double cell_w,
                   gboolean *n_in_note)
{
  double pfs = sh->pfs;
  OmTextStyle tick_ts = chart_text_style(pfs * 0.92, FALSE, FALSE, 0);
  double plot_w = cell_w - sh->ytick_w - 0.5 * pfs - sh->gutter_w;
  OmScale xs;
  om_axis_years(sh->first_year, sh->last_year, 0, plot_w, &xs);
  double spacing = plot_w / (sh->last_year - sh->first_year + 1);
  static const int steps[] = { 1, 2, 5, 10, 20, 50 };
  sh->year_step = 100;
  double tw, th;
  builder_measure(b, "2016", &tick_ts, &tw, &th);
  for (gsize i = 0; i < G_N_ELEMENTS(steps); i++)
    if (spacing * steps[i] >= tw + 0.6 * pfs) {
      sh->year_step = steps[i];
      break;
    }
  sh->n_rows = 0;
  for (gsize p = 0; p < chart->n_panels; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    n_in_note[p] = FALSE;
    if (!panel_is_single(panel))
      continue;
    int need = n_rows_needed(b, panel, &xs, pfs * 0.82);
    if (need == 0)
      n_in_note[p] = TRUE;
    sh->n_rows = MAX(sh->n_rows, need);
  }
}

/* Notes: the tallest one sets the reserve of every panel. */
static double
trend_note_height(Builder *b, const OmTrendChart *chart, double pfs, double cell_w,
                  GHashTable *fallback, const gboolean *n_in_note)
{
  double note_h = 0;
  for (gsize p = 0; p < chart->n_panels; p++) {
    char *note = panel_note(b, &chart->panels[p], p, fallback, n_in_note[p]);
    if (note != NULL) {
      OmTextStyle ts = chart_text_style(pfs * 0.8, FALSE, TRUE, cell_w);
      double tw, th;
      builder_measure(b, note, &ts, &tw, &th);
      note_h = MAX(note_h, th);
      g_free(note);
    }
  }
  return note_h;
}

/* Share ticks from an estimate of the plot height (one tick per ~2.6 text lines); once
 * the rows under the plot are known, fewer ticks if the labels would crowd. Fills the
 * axis, gutter, year and note parts of sh; returns n_in_note per panel (transfer full). */
static gboolean *
trend_fit_axes(Builder *b, const OmTrendChart *chart, TrendShared *sh, const GArray *values,
               gboolean any_multi, const TrendGrid *g, GHashTable *fallback)
{
  double est_plot_h = g->cell_h - sh->header_h - sh->year_h * 2.2 - sh->n_h * 2 - sh->base_h;
  guint max_ticks = (guint)CLAMP(est_plot_h / (sh->year_h * 2.6), 3, 8);
  gboolean *n_in_note = g_new0(gboolean, chart->n_panels);
  for (int attempt = 0; attempt < 4; attempt++) {
    trend_share_axis(b, sh, values, max_ticks);
    sh->gutter_w = trend_gutter_width(b, chart, sh->pfs, any_multi);
    trend_year_columns(b, chart, sh, g->cell_w, n_in_note);
    sh->note_h = trend_note_height(b, chart, sh->pfs, g->cell_w, fallback, n_in_note);
    guint fit = (guint)MAX(floor(panel_plot_height(sh, g->cell_h) / (sh->year_h * 1.4)), 0) + 1;
    if (sh->ticks.n <= fit || max_ticks <= 3)
      break;
    max_ticks = MAX(3, MIN(fit, max_ticks - 1));
  }
  return n_in_note;
}

/* The axis titles centred on the plots they describe; the y title vertical. */
static void
trend_axis_titles_place(Builder *b, const TrendAxisTitles *at, const TrendGrid *g, gsize np)
{
  GArray *panels = b->L->panels;
  const OmChartPanelLayout *first = &g_array_index(panels, OmChartPanelLayout, 0);
  const OmChartPanelLayout *last = &g_array_index(panels, OmChartPanelLayout, panels->len - 1);
  double plots_x0 = first->plot.x;
  double plots_x1
      = g->cols > 1
            ? g_array_index(panels, OmChartPanelLayout, MIN(g->cols, np) - 1).plot.x + first->plot.w
            : first->plot.x + first->plot.w;
  builder_label(
      b, OM_LABEL_AXIS_TITLE, -1, -1, -1, at->x_title, &at->ts,
      chart_rect((plots_x0 + plots_x1) / 2 - at->xtw / 2, at->x_title_y, at->xtw, at->xth), 1);
  double plots_y0 = first->plot.y, plots_y1 = last->plot.y + last->plot.h;
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, at->y_title, &at->ts,
                chart_rect(b->fs, (plots_y0 + plots_y1) / 2 - at->ytw / 2, at->yth, at->ytw), 1);
  g_array_index(b->L->labels, OmChartLabel, b->L->labels->len - 1).vertical = TRUE;
}

/* One pass of the trend layout: frame, axis titles, grid, the axes every panel shares,
 * the panels. Suppressed points in `fallback` go to their panel's note; those that find
 * no place in their plot are added to new_fallback for the next pass. */
static void
build_trend(Builder *b, const OmTrendChart *chart, GHashTable *fallback, GHashTable *new_fallback)
{
  gsize np = chart->n_panels;
  double top, bottom;
  trend_frame(b, chart, &top, &bottom);
  TrendAxisTitles at;
  trend_axis_titles_measure(b, chart, &at, &bottom);
  TrendGrid g = trend_grid(b, np, top, bottom, at.yth);

  TrendShared sh = { 0 };
  sh.pfs = b->fs * (np > 1 ? 0.9 : 1.0);
  gboolean any_multi;
  GArray *values = trend_years_and_values(chart, &sh, &any_multi);
  trend_row_heights(b, chart, &sh, g.cell_w);
  gboolean *n_in_note = trend_fit_axes(b, chart, &sh, values, any_multi, &g, fallback);
  g_array_unref(values);

  for (gsize p = 0; p < np; p++) {
    gsize c = p % g.cols, rr = p / g.cols;
    OmRect box = chart_rect(g.x + (double)c * (g.cell_w + g.hgap),
                            g.y + (double)rr * (g.cell_h + g.vgap), g.cell_w, g.cell_h);
    layout_trend_panel(b, chart, p, &sh, box, fallback, n_in_note[p], new_fallback);
  }
  g_free(n_in_note);
  trend_axis_titles_place(b, &at, &g, np);
}

/* ---------------------------------------------------------------------------------------
 * Painting
 */

static void
paint_status_marks(Painter *P, const OmTrendChart *chart)
{
  gsize n;
  const OmChartMark *marks = om_chart_layout_marks(P->L, &n);
  for (gsize i = 0; i < n; i++)
    if (marks[i].kind == OM_MARK_STATUS && marks[i].panel >= 0) {
      const OmRect *r = &marks[i].rect;
      om_chart_draw_status_marker(P->cr, chart->panels[marks[i].panel].status, r->x + r->w / 2,
                                  r->y + r->h / 2, r->w / 2);
    }
}

/* Deadline band, grid, axis with year ticks, and the dashed target line. */
static void
paint_panel_frame(cairo_t *cr, const OmTrendPanel *panel, const OmChartPanelLayout *pl, double pfs)
{
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  if (panel->deadline >= pl->first_year && panel->deadline <= pl->last_year) {
    double x0 = om_scale_map(&pl->x, panel->deadline - 0.5);
    double x1 = om_scale_map(&pl->x, panel->deadline + 0.5);
    cairo_rectangle(cr, x0, plot->y, x1 - x0, plot->h);
    chart_set_hex(cr, 0x000000, 0.07);
    cairo_fill(cr);
  }
  cairo_set_line_width(cr, 0.8);
  chart_set_hex(cr, 0xE0E0E0, 1);
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double y = om_scale_map(&pl->y, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, plot->x, y);
    cairo_line_to(cr, right, y);
  }
  cairo_stroke(cr);
  chart_set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, plot->x, plot->y);
  cairo_line_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  for (int yr = pl->first_year; yr <= pl->last_year; yr++) {
    double x = om_scale_map(&pl->x, yr);
    cairo_move_to(cr, x, bottom);
    cairo_line_to(cr, x, bottom + 0.3 * pfs);
  }
  cairo_stroke(cr);

  if (panel->has_target) {
    double y = om_scale_map(&pl->y, panel->target);
    chart_set_hex(cr, 0x222222, 1);
    cairo_set_line_width(cr, 1.6);
    chart_dash(cr, 6, 4);
    cairo_move_to(cr, plot->x, y);
    cairo_line_to(cr, right, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
}

/* Is wave i shown with a finite interval (a ribbon point)? */
static gboolean
ribbon_point(const OmChartSeries *series, gsize i)
{
  const OmChartPoint *pt = &series->points[i];
  return !pt->suppressed && isfinite(pt->lower) && isfinite(pt->upper);
}

/* The interval band of a series: one filled shape per run of shown waves with an
 * interval, a narrow bar for a run of one. Several ribbons overlap: each stays faint so the
 * lines stay readable. */
static void
paint_ribbons(cairo_t *cr, const OmChartSeries *series, const OmChartPanelLayout *pl, double pfs,
              OmChartColour colour, double alpha)
{
  gsize i = 0;
  while (i < series->n_points) {
    if (!ribbon_point(series, i)) {
      i++;
      continue;
    }
    gsize j = i;
    while (j + 1 < series->n_points && ribbon_point(series, j + 1))
      j++;
    if (j == i) {
      double x = om_scale_map(&pl->x, series->points[i].year);
      double yu = om_scale_map(&pl->y, series->points[i].upper);
      double yl = om_scale_map(&pl->y, series->points[i].lower);
      cairo_rectangle(cr, x - 0.3 * pfs, yu, 0.6 * pfs, yl - yu);
    } else {
      for (gsize q = i; q <= j; q++) {
        double x = om_scale_map(&pl->x, series->points[q].year);
        double y = om_scale_map(&pl->y, series->points[q].upper);
        if (q == i)
          cairo_move_to(cr, x, y);
        else
          cairo_line_to(cr, x, y);
      }
      for (gsize q = j + 1; q > i; q--) {
        double x = om_scale_map(&pl->x, series->points[q - 1].year);
        cairo_line_to(cr, x, om_scale_map(&pl->y, series->points[q - 1].lower));
      }
      cairo_close_path(cr);
    }
    chart_set_colour(cr, colour, alpha);
    cairo_fill(cr);
    i = j + 1;
  }
}

/* Lines join neighbouring shown waves; a suppressed wave breaks the line. With several
 * series, a white casing under each line keeps it apart from the lines and ribbons it
 * crosses. */
static void
paint_series_line(cairo_t *cr, const OmChartSeries *series, const OmChartPanelLayout *pl,
                  double off, OmChartColour colour, double line_w, gboolean cased)
{
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize i = 0; i + 1 < series->n_points; i++) {
    const OmChartPoint *a = &series->points[i], *b2 = &series->points[i + 1];
    if (a->suppressed || b2->suppressed)
      continue;
    cairo_move_to(cr, om_scale_map(&pl->x, a->year) + off, om_scale_map(&pl->y, a->estimate));
    cairo_line_to(cr, om_scale_map(&pl->x, b2->year) + off, om_scale_map(&pl->y, b2->estimate));
  }
  if (cased) {
    chart_set_hex(cr, 0xFFFFFF, 0.9);
    cairo_set_line_width(cr, line_w + 2.2);
    cairo_stroke_preserve(cr);
  }
  chart_set_colour(cr, colour, 1);
  cairo_set_line_width(cr, line_w);
  cairo_stroke(cr);
}

/* Projection: dotted from the last shown wave, whisker and hollow marker at the end. */
static void
paint_projection(cairo_t *cr, const OmChartSeries *series, const OmChartPanelLayout *pl, double off,
                 OmChartColour colour, double line_w, double r, double cap)
{
  gssize last = last_shown(series);
  double px = om_scale_map(&pl->x, series->projection_year) + off;
  double py = om_scale_map(&pl->y, series->projection);
  if (last >= 0) {
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    chart_dash(cr, 0.01, line_w * 2.2);
    cairo_set_line_width(cr, line_w * 1.15);
    cairo_move_to(cr, om_scale_map(&pl->x, series->points[last].year) + off,
                  om_scale_map(&pl->y, series->points[last].estimate));
    cairo_line_to(cr, px, py);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  if (isfinite(series->projection_lower) && isfinite(series->projection_upper)) {
    double yu = om_scale_map(&pl->y, series->projection_upper);
    double yl = om_scale_map(&pl->y, series->projection_lower);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, px, yu);
    cairo_line_to(cr, px, yl);
    cairo_move_to(cr, px - cap, yu);
    cairo_line_to(cr, px + cap, yu);
    cairo_move_to(cr, px - cap, yl);
    cairo_line_to(cr, px + cap, yl);
    cairo_stroke(cr);
  }
  cairo_new_sub_path(cr);
  cairo_arc(cr, px, py, r * 0.9, 0, 2 * G_PI);
  chart_set_hex(cr, 0xFFFFFF, 1);
  cairo_fill_preserve(cr);
  chart_set_colour(cr, colour, 1);
  cairo_set_line_width(cr, 1.6);
  cairo_stroke(cr);
}

/* Interval bars (unless ribbons) and markers of the measured waves; the nulmeting of a
 * single series as a square: shape, not colour only. */
static void
paint_points(cairo_t *cr, const OmTrendPanel *panel, const OmChartSeries *series,
             const OmChartPanelLayout *pl, double off, OmChartColour colour, double r, double cap)
{
  gsize k = panel->n_series;
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (pt->suppressed)
      continue;
    double x = om_scale_map(&pl->x, pt->year) + off;
    double y = om_scale_map(&pl->y, pt->estimate);
    chart_set_colour(cr, colour, 1);
    if (!panel->ribbons && isfinite(pt->lower) && isfinite(pt->upper)) {
      double yu = om_scale_map(&pl->y, pt->upper), yl = om_scale_map(&pl->y, pt->lower);
      cairo_set_line_width(cr, k > 1 ? 1.3 : 1.6);
      cairo_move_to(cr, x, yu);
      cairo_line_to(cr, x, yl);
      cairo_move_to(cr, x - cap, yu);
      cairo_line_to(cr, x + cap, yu);
      cairo_move_to(cr, x - cap, yl);
      cairo_line_to(cr, x + cap, yl);
      cairo_stroke(cr);
    }
    cairo_new_sub_path(cr);
    if (pt->baseline && k == 1)
      cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
    else
      cairo_arc(cr, x, y, r, 0, 2 * G_PI);
    cairo_fill_preserve(cr);
    chart_set_hex(cr, 0xFFFFFF, 1);
    cairo_set_line_width(cr, MAX(0.18 * r, 0.6));
    cairo_stroke(cr);
  }
}

/* One series of a panel: ribbons, line, projection, points, in that order. */
static void
paint_series(cairo_t *cr, const OmTrendPanel *panel, gsize s, const OmChartPanelLayout *pl,
             double pfs)
{
  const OmChartSeries *series = &panel->series[s];
  gsize k = panel->n_series;
  OmChartColour colour = chart_series_colour(series, s);
  double off = ((double)s - (double)(k - 1) / 2) * pl->dodge;
  double line_w = series->emphasis ? 3.2 : k > 1 ? 2.0 : 1.6;
  double r = marker_radius(panel, pfs), cap = cap_half_width(panel, pfs, pl->dodge);
  if (panel->ribbons)
    paint_ribbons(cr, series, pl, pfs, colour, series->emphasis ? 0.10 : k > 2 ? 0.10 : 0.16);
  paint_series_line(cr, series, pl, off, colour, line_w, k > 1);
  if (series->has_projection)
    paint_projection(cr, series, pl, off, colour, line_w, r, cap);
  paint_points(cr, panel, series, pl, off, colour, r, cap);
}

/* A trend panel's ink: the frame, then every series clipped to the plot, the emphasised
 * series (the municipality) last, on top. */
static void
paint_trend_panel(Painter *P, const OmTrendPanel *panel, const OmChartPanelLayout *pl, double pfs)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  cairo_save(cr);
  paint_panel_frame(cr, panel, pl, pfs);
  cairo_rectangle(cr, plot->x, plot->y, plot->w, plot->h);
  cairo_clip(cr);
  for (int pass = 0; pass < 2; pass++)
    for (gsize s = 0; s < panel->n_series; s++)
      if ((pass == 1) == (panel->series[s].emphasis != FALSE))
        paint_series(cr, panel, s, pl, pfs);
  cairo_restore(cr);
}

/* ---------------------------------------------------------------------------------------
 * The chart type
 */

static gboolean
trend_validate(gconstpointer model, GError **error)
{
  return validate_trend(model, error);
}

/* A suppressed point whose note finds no room in the plot moves to the panel note; that
 * changes the note's height, so lay out again. The set only grows and is bounded by the
 * suppressed points, so this ends. */
static void
trend_build(Builder *b, gconstpointer model)
{
  const OmTrendChart *chart = model;
  OmChartLayout *L = b->L;
  L->pfs = b->fs * (chart->n_panels > 1 ? 0.9 : 1.0);
  GHashTable *fallback = g_hash_table_new(NULL, NULL);
  for (;;) {
    GHashTable *more = g_hash_table_new(NULL, NULL);
    chart_layout_reset(L);
    build_trend(b, chart, fallback, more);
    guint grew = g_hash_table_size(more);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, more);
    while (g_hash_table_iter_next(&it, &key, NULL))
      g_hash_table_add(fallback, key);
    g_hash_table_unref(more);
    if (grew == 0)
      break;
  }
  g_hash_table_unref(fallback);
}

static void
trend_paint(Painter *P, gconstpointer model)
{
  const OmTrendChart *chart = model;
  for (gsize p = 0; p < chart->n_panels; p++)
    paint_trend_panel(P, &chart->panels[p], om_chart_layout_panel(P->L, p), P->L->pfs);
  paint_status_marks(P, chart);
}

/* A series-end label takes its series' colour. */
static OmChartColour
trend_label_colour(gconstpointer model, const OmChartLabel *label)
{
  const OmTrendPanel *panel = &((const OmTrendChart *)model)->panels[label->panel];
  return chart_series_colour(&panel->series[label->series], (gsize)label->series);
}

const ChartType chart_type_trend = { trend_validate, trend_build, trend_paint, trend_label_colour };

OmChartLayout *
om_chart_layout_trend(const OmTrendChart *chart, const OmChartStyle *style, double w, double h,
                      OmMeasureFunc measure, gpointer measure_data, GError **error)
{
  assert(chart != NULL);
  return chart_type_layout(&chart_type_trend, chart, style, w, h, measure, measure_data, error);
}

gboolean
om_chart_draw_trend(cairo_t *cr, const OmTrendChart *chart, const OmChartStyle *style, double w,
                    double h, GError **error)
{
  assert(cr != NULL && chart != NULL);
  return chart_type_draw(&chart_type_trend, cr, chart, style, w, h, error);
}

gboolean
om_chart_render_trend(const OmTrendChart *chart, const OmChartStyle *style, OmChartFormat format,
                      const char *path, GError **error)
{
  assert(chart != NULL && path != NULL);
  return chart_type_render(&chart_type_trend, chart, style, format, path, error);
}
