/* trend-panel.c — the layout of one trend panel: header with status, plot geometry and
 * scales, share and year ticks, the n and nulmeting rows, data marks, then the in-plot
 * labels, most important first, each in the first free place among its candidates.
 *
 * Pure layout: it measures through the builder and draws nothing. A suppressed point gets
 * its "te weinig respons" label or note, never a share.
 */
#include "render/trend-private.h"

#include <assert.h>
#include <math.h>

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
  double top = box.y + trend_plot_top(sh);
  pl->plot = chart_rect(box.x + sh->ytick_w + 0.5 * pfs, top, 0, 0);
  pl->plot.w = box.x + box.w - sh->gutter_w - pl->plot.x;
  pl->plot.h = trend_plot_height(sh, box.h);
  OmRect plot = pl->plot;
  om_axis_years(sh->first_year, sh->last_year, plot.x, plot.x + plot.w, &pl->x);
  /* Headroom: a point at the top or bottom of the axis (0%, 100%) stays whole inside the
   * frame instead of half under it. */
  double room = trend_marker_radius(panel, pfs) + 0.3 * pfs;
  om_scale_init(&pl->y, sh->ticks.first, sh->ticks.last, plot.y + plot.h - room, plot.y + room);
  pl->share_ticks = sh->ticks;
  pl->first_year = sh->first_year;
  pl->last_year = sh->last_year;
  pl->year_step = sh->year_step;
  pb->spacing = plot.w / (sh->last_year - sh->first_year + 1);
  gsize k = panel->n_series;
  pl->dodge = !trend_is_single(panel) && trend_has_bars(panel)
                  ? MIN(0.6 * pb->spacing / (double)k, 1.4 * pfs)
                  : 0;
  pb->r = trend_marker_radius(panel, pfs);
  pb->cap = trend_cap_half_width(panel, pfs, pl->dodge);
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
  if (!trend_is_single(panel) || n_in_note || sh->n_rows == 0)
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
    if (trend_has_bars(pb->panel) && !series->reference && isfinite(pt->lower)
        && isfinite(pt->upper)) {
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
  gssize last = trend_last_shown(series);
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
    if (!pt->suppressed || g_hash_table_contains(fallback, trend_fallback_key(pb->p, 0, i)))
      continue;
    char *t = om_chart_withheld_text(pt->suppressed, pt->n, FALSE, pb->b->lang);
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
      g_hash_table_add(new_fallback, trend_fallback_key(pb->p, 0, i));
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
/* Candidates for a w×h target label along the line at ty: above and below it at spread
 * places, then across it. Returns how many. */
static gsize
target_candidates(const PanelBuild *pb, double ty, double tw, double th, OmRect *cand)
{
  static const double along[]
      = { 1.0,    0.0,    0.5,    0.75,   0.25,   0.875,  0.125,  0.625, 0.375,
          0.9375, 0.0625, 0.8125, 0.1875, 0.6875, 0.3125, 0.5625, 0.4375 };
  const OmRect inner = pb->inner;
  double pfs = pb->sh->pfs;
  gsize n = 0;
  for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
    double x = inner.x + 0.2 * pfs + along[a] * (inner.w - tw - 0.4 * pfs);
    cand[n++] = chart_rect(x, ty - th - 0.12 * pfs, tw, th);
    cand[n++] = chart_rect(x, ty + 0.12 * pfs, tw, th);
  }
  for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
    double x = inner.x + 0.2 * pfs + along[a] * (inner.w - tw - 0.4 * pfs);
    cand[n++] = chart_rect(x, ty - th / 2, tw, th);
  }
  return n;
}

/* "Doel 2016: 90%" on the target line, never lost: where the line is crowded it moves,
 * then shortens to "90%" (the legend names the target and its year), then lies over an
 * interval bar. */
static void
panel_target_label(PanelBuild *pb)
{
  const OmTrendPanel *panel = pb->panel;
  double pfs = pb->sh->pfs;
  const OmRect plot = pb->pl.plot;
  char *texts[2] = { chart_target_text(panel->target, panel->deadline, pb->b->lang),
                     chart_percent_short(panel->target, pb->b->lang) };
  OmTextStyle ts = chart_text_style(pfs * 0.88, TRUE, FALSE, 0);
  double ty = om_scale_map(&pb->pl.y, panel->target);
  OmRect cand[51];
  gboolean placed = FALSE;
  for (int pass = 0; pass < 4 && !placed; pass++) {
    double tw, th;
    builder_measure(pb->b, texts[pass % 2], &ts, &tw, &th);
    gsize n = target_candidates(pb, ty, tw, th, cand);
    placed = pass < 2 ? builder_place(pb->b, OM_LABEL_TARGET, pb->pi, -1, -1, texts[pass % 2], &ts,
                                      cand, n, &pb->inner)
                      : builder_place_over_marks(pb->b, OM_LABEL_TARGET, pb->pi, -1, -1,
                                                 texts[pass % 2], &ts, cand, n, &pb->inner);
  }
  g_free(texts[0]);
  g_free(texts[1]);
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
  OmRect cand[10];
  /* Beside a reference line (small multiples) only the latest value is labelled. */
  gssize only = pb->panel->n_series == 2 ? trend_last_shown(series) : -1;
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (pt->suppressed || (only >= 0 && (gssize)i != only))
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
    /* Beside its own point first (level, then a little up or down), so the label reads
     * as that point's; above or below the interval only when the sides are taken. */
    double rx = MAX(r, pb->cap);
    static const double dys[] = { 0.0, -0.45, 0.45, -0.8, 0.8 };
    gsize n = 0;
    for (gsize d = 0; d < G_N_ELEMENTS(dys); d++) {
      cand[n++] = chart_rect(cx + rx + pad, cy - th / 2 + dys[d] * th, tw, th);
      cand[n++] = chart_rect(cx - rx - pad - tw, cy - th / 2 + dys[d] * th, tw, th);
    }
    if (!builder_place(pb->b, OM_LABEL_VALUE, pb->pi, 0, (int)i, t, &ts, cand, n, &pb->inner)) {
      n = chart_candidates_around(cand, cx, cy, rx, yt, yb, tw, th, pad);
      builder_place(pb->b, OM_LABEL_VALUE, pb->pi, 0, (int)i, t, &ts, cand, n, &pb->inner);
    }
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
    gssize last = trend_last_shown(series);
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

/* The note at the bottom of the panel (trend_panel_note). */
static void
panel_note_label(PanelBuild *pb, GHashTable *fallback, gboolean n_in_note)
{
  const OmRect box = pb->pl.box;
  char *note = trend_panel_note(pb->b, pb->panel, pb->p, fallback, n_in_note);
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
void
trend_layout_panel(Builder *b, const OmTrendChart *chart, gsize p, const TrendShared *sh,
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

  gboolean single = trend_is_single(pb.panel);
  if (pb.panel->has_target && single)
    panel_target_label(&pb);
  if (single)
    panel_suppressed_labels(&pb, fallback, new_fallback);
  panel_deadline_label(&pb);
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
