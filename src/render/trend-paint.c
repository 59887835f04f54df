/* trend-paint.c — the trend chart's Cairo renderer: each panel's frame (deadline band,
 * grid, axes, target line), then per series its ribbons, line, projection and points, the
 * emphasised series last; and the status markers of the panel headers. On a PDF
 * (Painter.batch) pieces that cannot meet go kind by kind, one path each: all panels'
 * frames first, a series' bars together, its markers together.
 *
 * It paints what the layout computed and the model holds, never a suppressed share: such a
 * wave has no point and breaks its line.
 */
#include "render/trend-private.h"

#include <assert.h>
#include <math.h>

/* Is mark i one of the panel headers' status markers? */
static gboolean
is_status_mark(const OmChartMark *m)
{
  return m->kind == OM_MARK_STATUS && m->panel >= 0;
}

/* Are the headers' status markers apart (a point between their reaches)? */
static gboolean
status_marks_apart(const OmChartMark *marks, gsize n)
{
  for (gsize i = 0; i < n; i++)
    for (gsize j = i + 1; is_status_mark(&marks[i]) && j < n; j++) {
      if (!is_status_mark(&marks[j]))
        continue;
      const OmRect *a = &marks[i].rect, *b = &marks[j].rect;
      double gap = chart_status_marker_reach(a->w / 2) - a->w / 2
                   + chart_status_marker_reach(b->w / 2) - b->w / 2 + 1;
      if (a->x < b->x + b->w + gap && b->x < a->x + a->w + gap && a->y < b->y + b->h + gap
          && b->y < a->y + a->h + gap)
        return FALSE;
    }
  return TRUE;
}

/* The headers' status markers of one status and size as one path each (batched, when they
 * are apart). */
static void
paint_status_marks_batched(Painter *P, const OmTrendChart *chart, const OmChartMark *marks, gsize n)
{
  double *cx = g_new(double, n + 1), *cy = g_new(double, n + 1);
  gboolean *done = g_new0(gboolean, n + 1);
  for (gsize i = 0; i < n; i++) {
    if (done[i] || !is_status_mark(&marks[i]))
      continue;
    OmChartStatus status = chart->panels[marks[i].panel].status;
    gsize k = 0;
    for (gsize j = i; j < n; j++)
      if (!done[j] && is_status_mark(&marks[j]) && marks[j].rect.w == marks[i].rect.w
          && chart_status_index(chart->panels[marks[j].panel].status)
                 == chart_status_index(status)) {
        cx[k] = marks[j].rect.x + marks[j].rect.w / 2;
        cy[k++] = marks[j].rect.y + marks[j].rect.h / 2;
        done[j] = TRUE;
      }
    chart_draw_status_markers(P->cr, status, cx, cy, k, marks[i].rect.w / 2);
  }
  g_free(done);
  g_free(cx);
  g_free(cy);
}

void
trend_paint_status_marks(Painter *P, const OmTrendChart *chart)
{
  gsize n;
  const OmChartMark *marks = om_chart_layout_marks(P->L, &n);
  if (P->batch && status_marks_apart(marks, n)) {
    paint_status_marks_batched(P, chart, marks, n);
    return;
  }
  for (gsize i = 0; i < n; i++)
    if (is_status_mark(&marks[i])) {
      const OmRect *r = &marks[i].rect;
      om_chart_draw_status_marker(P->cr, chart->panels[marks[i].panel].status, r->x + r->w / 2,
                                  r->y + r->h / 2, r->w / 2);
    }
}

/* The deadline band of a panel, when its deadline is on the axis. */
static gboolean
band_rect(const OmTrendPanel *panel, const OmChartPanelLayout *pl, OmRect *band)
{
  if (panel->deadline < pl->first_year || panel->deadline > pl->last_year)
    return FALSE;
  double x0 = om_scale_map(&pl->x, panel->deadline - 0.5);
  double x1 = om_scale_map(&pl->x, panel->deadline + 0.5);
  *band = chart_rect(x0, pl->plot.y, x1 - x0, pl->plot.h);
  return TRUE;
}

/* Adds the grid lines of the share ticks to the path. */
static void
grid_path(cairo_t *cr, const OmChartPanelLayout *pl)
{
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double y = om_scale_map(&pl->y, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, pl->plot.x, y);
    cairo_line_to(cr, pl->plot.x + pl->plot.w, y);
  }
}

/* Adds the axes with their year ticks to the path. */
static void
axes_path(cairo_t *cr, const OmChartPanelLayout *pl, double pfs)
{
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  cairo_move_to(cr, plot->x, plot->y);
  cairo_line_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  for (int yr = pl->first_year; yr <= pl->last_year; yr++) {
    double x = om_scale_map(&pl->x, yr);
    cairo_move_to(cr, x, bottom);
    cairo_line_to(cr, x, bottom + 0.3 * pfs);
  }
}

/* Adds the target line to the path; FALSE if the panel has none. */
static gboolean
target_path(cairo_t *cr, const OmTrendPanel *panel, const OmChartPanelLayout *pl)
{
  if (!panel->has_target)
    return FALSE;
  double y = om_scale_map(&pl->y, panel->target);
  cairo_move_to(cr, pl->plot.x, y);
  cairo_line_to(cr, pl->plot.x + pl->plot.w, y);
  return TRUE;
}

static void
set_target_style(cairo_t *cr)
{
  chart_set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  chart_dash(cr, 6, 4);
}

/* Deadline band, grid, axis with year ticks, and the dashed target line. */
static void
paint_panel_frame(cairo_t *cr, const OmTrendPanel *panel, const OmChartPanelLayout *pl, double pfs)
{
  OmRect band;
  if (band_rect(panel, pl, &band)) {
    cairo_rectangle(cr, band.x, band.y, band.w, band.h);
    chart_set_hex(cr, 0x000000, 0.07);
    cairo_fill(cr);
  }
  cairo_set_line_width(cr, 0.8);
  chart_set_hex(cr, 0xE0E0E0, 1);
  grid_path(cr, pl);
  cairo_stroke(cr);
  chart_set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  axes_path(cr, pl, pfs);
  cairo_stroke(cr);
  if (target_path(cr, panel, pl)) {
    set_target_style(cr);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
}

gboolean
trend_frames_apart(const OmChartLayout *L, gsize n_panels, double pfs)
{
  /* A frame reaches below its plot by its year ticks. */
  double reach = 0.3 * pfs + 2;
  for (gsize p = 0; p < n_panels; p++)
    for (gsize q = p + 1; q < n_panels; q++) {
      const OmRect *a = &om_chart_layout_panel(L, p)->plot, *b = &om_chart_layout_panel(L, q)->plot;
      if (a->x < b->x + b->w + reach && b->x < a->x + a->w + reach && a->y < b->y + b->h + reach
          && b->y < a->y + a->h + reach)
        return FALSE;
    }
  return TRUE;
}

void
trend_paint_frames(Painter *P, const OmTrendChart *chart)
{
  cairo_t *cr = P->cr;
  gsize n = chart->n_panels;
  cairo_save(cr);
  chart_set_hex(cr, 0x000000, 0.07);
  for (gsize p = 0; p < n; p++) {
    OmRect band;
    if (band_rect(&chart->panels[p], om_chart_layout_panel(P->L, p), &band)) {
      cairo_rectangle(cr, band.x, band.y, band.w, band.h);
      cairo_fill(cr); /* one fill each: a lone rectangle is the PDF's short "re" */
    }
  }
  for (gsize p = 0; p < n; p++)
    grid_path(cr, om_chart_layout_panel(P->L, p));
  cairo_set_line_width(cr, 0.8);
  chart_set_hex(cr, 0xE0E0E0, 1);
  cairo_stroke(cr);
  for (gsize p = 0; p < n; p++)
    axes_path(cr, om_chart_layout_panel(P->L, p), P->L->pfs);
  chart_set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  gboolean any = FALSE;
  for (gsize p = 0; p < n; p++)
    any |= target_path(cr, &chart->panels[p], om_chart_layout_panel(P->L, p));
  if (any) {
    set_target_style(cr);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
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
  gssize last = trend_last_shown(series);
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
    chart_interval_path(cr, yu, yl, px, cap, TRUE);
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

/* A point's look: its interval bar (when it has one) and its marker. */
typedef struct {
  OmChartColour colour;
  double off, r, cap;
  double bar_w;    /* the interval bar's line width */
  gboolean single; /* the panel's only series (a nulmeting is then a square) */
  gboolean bars;   /* intervals as bars (not ribbons, not a reference line) */
} PointInk;

static PointInk
point_ink(const OmTrendPanel *panel, const OmChartSeries *series, double off, OmChartColour colour,
          double r, double cap)
{
  gsize k = trend_is_single(panel) ? 1 : panel->n_series;
  PointInk ink = { colour,
                   off,
                   series->reference ? r * 0.6 : r,
                   cap,
                   k > 1 ? 1.3 : 1.6,
                   k == 1 && !series->reference,
                   !panel->ribbons && !series->reference };
  return ink;
}

/* Adds point i's interval bar to the path, if it has one; FALSE if not. */
static gboolean
bar_path(cairo_t *cr, const OmChartPoint *pt, const OmChartPanelLayout *pl, const PointInk *ink)
{
  if (!ink->bars || !isfinite(pt->lower) || !isfinite(pt->upper))
    return FALSE;
  double x = om_scale_map(&pl->x, pt->year) + ink->off, cap = ink->cap;
  double yu = om_scale_map(&pl->y, pt->upper), yl = om_scale_map(&pl->y, pt->lower);
  chart_interval_path(cr, yu, yl, x, cap, TRUE);
  return TRUE;
}

/* Adds point i's marker to the path: a circle, or a square for the nulmeting of a single
 * series (shape, not colour only). */
static void
marker_path(cairo_t *cr, const OmChartPoint *pt, const OmChartPanelLayout *pl, const PointInk *ink)
{
  double x = om_scale_map(&pl->x, pt->year) + ink->off;
  double y = om_scale_map(&pl->y, pt->estimate), r = ink->r;
  cairo_new_sub_path(cr);
  if (pt->baseline && ink->single)
    cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
  else
    cairo_arc(cr, x, y, r, 0, 2 * G_PI);
}

/* Fills the markers in the path with the series' colour and outlines them in white. */
static void
finish_markers(cairo_t *cr, const PointInk *ink)
{
  chart_set_colour(cr, ink->colour, 1);
  cairo_fill_preserve(cr);
  chart_set_hex(cr, 0xFFFFFF, 1);
  cairo_set_line_width(cr, MAX(0.18 * ink->r, 0.6));
  cairo_stroke(cr);
}

/* Interval bars (unless ribbons) and markers of the measured waves, point by point. */
static void
paint_points(cairo_t *cr, const OmChartSeries *series, const OmChartPanelLayout *pl,
             const PointInk *ink)
{
  for (gsize i = 0; i < series->n_points; i++) {
    const OmChartPoint *pt = &series->points[i];
    if (pt->suppressed)
      continue;
    chart_set_colour(cr, ink->colour, 1);
    if (bar_path(cr, pt, pl, ink)) {
      cairo_set_line_width(cr, ink->bar_w);
      cairo_stroke(cr);
    }
    marker_path(cr, pt, pl, ink);
    finish_markers(cr, ink);
  }
}

/* Are the shown points of the series so far apart that no point's bar or marker comes
 * near another point's? Then the bars and markers may be painted kind by kind, each kind
 * as one path: no piece of ink meets one of another point, so their order cannot show. */
static gboolean
points_apart(const OmChartSeries *series, const OmChartPanelLayout *pl, const PointInk *ink)
{
  double reach = MAX(ink->cap + ink->bar_w / 2, ink->r + MAX(0.18 * ink->r, 0.6) / 2) + 1;
  double last = -INFINITY;
  for (gsize i = 0; i < series->n_points; i++) {
    if (series->points[i].suppressed)
      continue;
    double x = om_scale_map(&pl->x, series->points[i].year);
    if (!(fabs(x - last) >= 2 * reach))
      return FALSE;
    last = x;
  }
  return TRUE;
}

/* The bars of all points as one path, then their markers as one: the same picture as
 * paint_points when points_apart, in a few PDF operators instead of a dozen a point. */
static void
paint_points_batched(cairo_t *cr, const OmChartSeries *series, const OmChartPanelLayout *pl,
                     const PointInk *ink)
{
  gboolean any = FALSE;
  for (gsize i = 0; i < series->n_points; i++)
    if (!series->points[i].suppressed)
      any |= bar_path(cr, &series->points[i], pl, ink);
  if (any) {
    chart_set_colour(cr, ink->colour, 1);
    cairo_set_line_width(cr, ink->bar_w);
    cairo_stroke(cr);
  }
  gboolean markers = FALSE;
  for (gsize i = 0; i < series->n_points; i++)
    if (!series->points[i].suppressed) {
      marker_path(cr, &series->points[i], pl, ink);
      markers = TRUE;
    }
  if (markers)
    finish_markers(cr, ink);
}

/* One series of a panel: ribbons, line, projection, points, in that order; batched
 * (Painter.batch) with its points apart, the points' bars and markers kind by kind. */
static void
paint_series(cairo_t *cr, const OmTrendPanel *panel, gsize s, const OmChartPanelLayout *pl,
             double pfs, gboolean batch)
{
  const OmChartSeries *series = &panel->series[s];
  gsize k = trend_is_single(panel) ? 1 : panel->n_series;
  OmChartColour colour = series->reference ? OM_COLOUR_GREY : chart_series_colour(series, s);
  double off = ((double)s - (double)(k - 1) / 2) * pl->dodge;
  double line_w = series->reference ? 1.4 : series->emphasis ? 3.2 : k > 1 ? 2.0 : 1.6;
  double r = trend_marker_radius(panel, pfs), cap = trend_cap_half_width(panel, pfs, pl->dodge);
  PointInk ink = point_ink(panel, series, off, colour, r, cap);
  if (panel->ribbons && !series->reference)
    paint_ribbons(cr, series, pl, pfs, colour, series->emphasis ? 0.10 : k > 2 ? 0.10 : 0.16);
  paint_series_line(cr, series, pl, off, colour, line_w, k > 1);
  if (series->has_projection && !series->reference)
    paint_projection(cr, series, pl, off, colour, line_w, r, cap);
  if (batch && points_apart(series, pl, &ink))
    paint_points_batched(cr, series, pl, &ink);
  else
    paint_points(cr, series, pl, &ink);
}

/* A trend panel's ink: the frame, then every series clipped to the plot, the emphasised
 * series (the municipality) last, on top. */
void
trend_paint_panel(Painter *P, const OmTrendPanel *panel, const OmChartPanelLayout *pl, double pfs,
                  gboolean frame)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  cairo_save(cr);
  if (frame)
    paint_panel_frame(cr, panel, pl, pfs);
  cairo_rectangle(cr, plot->x, plot->y, plot->w, plot->h);
  cairo_clip(cr);
  /* Reference lines first, under everything; the emphasised series last, on top. */
  for (int pass = 0; pass < 3; pass++)
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      int want = series->reference ? 0 : series->emphasis ? 2 : 1;
      if (want == pass)
        paint_series(cr, panel, s, pl, pfs, P->batch);
    }
  cairo_restore(cr);
}
