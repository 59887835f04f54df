/* funnel.c — the overview's funnel plot: each institution's share against its n, with
 * the target line and the 95% and 99.8% control limits around it (om_funnel_limit); points
 * outside the 95% limits get their code.
 *
 * Only visible (not suppressed) rows reach it; it never shows a share for another. No SQL,
 * no printing.
 */
#include "render/chart-private.h"

#include <math.h>

/* ---------------------------------------------------------------------------------------
 * Layout
 */

/* What the steps of the funnel's layout share: the rows, the titles, the n range and the
 * plot's geometry. */
typedef struct {
  Builder *b;
  const OmOverviewChart *chart;
  const GArray *visible;
  OmChartPanelLayout pl;
  OmTextStyle tick_ts, axis_ts;
  const char *x_title, *y_title;
  double xtw, xth, ytw, yth, tick_h;
  guint64 n_min, n_max;
  int decimals; /* of the share tick labels */
  double plot_x, plot_y, plot_w, plot_bottom;
} Funnel;

static const OmOverviewRow *
visible_row(const Funnel *fu, guint i)
{
  return &fu->chart->rows[g_array_index(fu->visible, gsize, i)];
}

/* The axis titles and the tick label height. */
static void
funnel_titles(Funnel *fu)
{
  Builder *b = fu->b;
  double tw;
  fu->tick_ts = chart_text_style(b->fs * 0.88, FALSE, FALSE, 0);
  fu->axis_ts = chart_text_style(b->fs * 0.95, FALSE, FALSE, 0);
  fu->y_title = fu->chart->share_title ? fu->chart->share_title
                                       : TR(b->lang, "% tevreden ouders", "% satisfied parents");
  fu->x_title = TR(b->lang, "Aantal geldige antwoorden (n)", "Number of valid answers (n)");
  builder_measure(b, fu->y_title, &fu->axis_ts, &fu->ytw, &fu->yth);
  builder_measure(b, fu->x_title, &fu->axis_ts, &fu->xtw, &fu->xth);
  builder_measure(b, "100%", &fu->tick_ts, &tw, &fu->tick_h);
}

/* The smallest and largest n shown (min-n to ten times that when no row is), at least 1. */
static void
funnel_n_range(Funnel *fu)
{
  fu->n_min = G_MAXUINT64;
  fu->n_max = 0;
  for (guint i = 0; i < fu->visible->len; i++) {
    const OmOverviewRow *row = visible_row(fu, i);
    fu->n_min = MIN(fu->n_min, row->n);
    fu->n_max = MAX(fu->n_max, row->n);
  }
  if (fu->visible->len == 0) {
    fu->n_min = overview_min_n(fu->chart);
    fu->n_max = fu->n_min * 10;
  }
  fu->n_min = MAX(fu->n_min, 1);
}

/* The share axis: every estimate, the target and the 99.8% limits at the smallest n in
 * view. Returns the widest share tick label. */
static double
funnel_share_axis(Funnel *fu, double top, double bottom)
{
  Builder *b = fu->b;
  const OmOverviewChart *chart = fu->chart;
  OmChartPanelLayout *pl = &fu->pl;
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(values, chart->target);
  for (guint i = 0; i < fu->visible->len; i++)
    g_array_append_val(values, visible_row(fu, i)->estimate);
  double lim[] = { om_funnel_limit(chart->target, fu->n_min, 0.001),
                   om_funnel_limit(chart->target, fu->n_min, 0.999) };
  g_array_append_vals(values, lim, 2);

  fu->plot_y = top + 0.4 * b->fs;
  fu->plot_bottom = bottom - fu->xth - fu->tick_h - 0.6 * b->fs;
  guint max_ticks = (guint)CLAMP((fu->plot_bottom - fu->plot_y) / (fu->tick_h * 2.6), 3, 9);
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                             &pl->share_ticks);
  g_array_unref(values);
  double pct_step = pl->share_ticks.step * 100;
  fu->decimals = fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1;
  double ytick_w = 0;
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    char *t = om_format_percent(om_axis_tick_value(&pl->share_ticks, i), fu->decimals, b->lang);
    double tw, th;
    builder_measure(b, t, &fu->tick_ts, &tw, &th);
    ytick_w = MAX(ytick_w, tw);
    g_free(t);
  }
  return ytick_w;
}

/* The plot right of the y title and share ticks; the n axis (0 to a little over the
 * largest n) across it. */
static void
funnel_scales(Funnel *fu, double ytick_w)
{
  Builder *b = fu->b;
  OmChartPanelLayout *pl = &fu->pl;
  double fs = b->fs, pad = fs, tw, th;
  fu->plot_x = pad + fu->yth + 0.5 * fs + ytick_w + 0.4 * fs;
  fu->plot_w = b->w - pad - fu->plot_x;
  pl->plot = chart_rect(fu->plot_x, fu->plot_y, fu->plot_w, fu->plot_bottom - fu->plot_y);
  char *widest = om_format_number((double)fu->n_max, 0, b->lang);
  builder_measure(b, widest, &fu->tick_ts, &tw, &th);
  g_free(widest);
  om_axis_ticks(0, (double)fu->n_max * 1.04, (guint)CLAMP(fu->plot_w / (tw * 2.5), 3, 11),
                &pl->n_ticks);
  om_scale_init(&pl->x, 0, pl->n_ticks.last, fu->plot_x, fu->plot_x + fu->plot_w);
  om_scale_init(&pl->y, pl->share_ticks.first, pl->share_ticks.last, fu->plot_bottom, fu->plot_y);
}

/* Share ticks left of the plot, n ticks under it, and both axis titles. */
static void
funnel_axis_labels(Funnel *fu)
{
  Builder *b = fu->b;
  const OmChartPanelLayout *pl = &fu->pl;
  double fs = b->fs, tw, th;
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl->share_ticks, i);
    char *t = om_format_percent(v, fu->decimals, b->lang);
    builder_measure(b, t, &fu->tick_ts, &tw, &th);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &fu->tick_ts,
                  chart_rect(fu->plot_x - 0.4 * fs - tw, om_scale_map(&pl->y, v) - th / 2, tw, th),
                  2);
    g_free(t);
  }
  for (guint i = 0; i < pl->n_ticks.n; i++) {
    double v = om_axis_tick_value(&pl->n_ticks, i);
    char *t = om_format_number(v, 0, b->lang);
    builder_measure(b, t, &fu->tick_ts, &tw, &th);
    double cx = MIN(om_scale_map(&pl->x, v), fu->plot_x + fu->plot_w - tw / 2);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &fu->tick_ts,
                  chart_rect(cx - tw / 2, fu->plot_bottom + 0.3 * fs, tw, th), 1);
    g_free(t);
  }
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, fu->x_title, &fu->axis_ts,
                chart_rect(fu->plot_x + fu->plot_w / 2 - fu->xtw / 2,
                           fu->plot_bottom + 0.6 * fs + fu->tick_h, fu->xtw, fu->xth),
                1);
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, fu->y_title, &fu->axis_ts,
                chart_rect(fs, fu->plot_y + (fu->plot_bottom - fu->plot_y) / 2 - fu->ytw / 2,
                           fu->yth, fu->ytw),
                1);
  g_array_index(b->L->labels, OmChartLabel, b->L->labels->len - 1).vertical = TRUE;
}

/* A mark per row at (n, share), in drawing order. */
static void
funnel_points(Funnel *fu, double r)
{
  for (guint i = 0; i < fu->visible->len; i++) {
    gsize idx = g_array_index(fu->visible, gsize, i);
    const OmOverviewRow *row = &fu->chart->rows[idx];
    double cx = om_scale_map(&fu->pl.x, (double)row->n);
    double cy = om_scale_map(&fu->pl.y, row->estimate);
    builder_mark(fu->b, OM_MARK_POINT, 0, -1, (int)idx, chart_rect(cx - r, cy - r, 2 * r, 2 * r));
    g_array_append_val(fu->b->L->rows, idx);
  }
}

/* The target label on its line, above or below, along it from the right. */
static void
funnel_target_label(Funnel *fu, const OmRect *inner)
{
  Builder *b = fu->b;
  double fs = b->fs, tw, th;
  char *t = chart_target_text(fu->chart->target, fu->chart->deadline, b->lang);
  OmTextStyle ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
  builder_measure(b, t, &ts, &tw, &th);
  double ty = om_scale_map(&fu->pl.y, fu->chart->target);
  static const double along[] = { 1.0, 0.75, 0.5, 0.25 };
  OmRect cand[2 * G_N_ELEMENTS(along)];
  gsize n = 0;
  for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
    double x = inner->x + 0.2 * fs + along[a] * (inner->w - tw - 0.4 * fs);
    cand[n++] = chart_rect(x, ty - th - 0.12 * fs, tw, th);
    cand[n++] = chart_rect(x, ty + 0.12 * fs, tw, th);
  }
  builder_place(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, cand, n, inner);
  g_free(t);
}

/* Points outside the 95% limits get their code, where there is room for it. */
static void
funnel_code_labels(Funnel *fu, const OmRect *inner, double r)
{
  Builder *b = fu->b;
  const OmOverviewChart *chart = fu->chart;
  OmTextStyle code_ts = chart_text_style(b->fs * 0.78, FALSE, FALSE, 0);
  OmRect cand[8];
  for (guint i = 0; i < fu->visible->len; i++) {
    gsize idx = g_array_index(fu->visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double lo = om_funnel_limit(chart->target, row->n, 0.025);
    double hi = om_funnel_limit(chart->target, row->n, 0.975);
    if (row->estimate >= lo && row->estimate <= hi)
      continue;
    const char *t = row->code && *row->code ? row->code : overview_row_name(row);
    double tw, th;
    builder_measure(b, t, &code_ts, &tw, &th);
    double cx = om_scale_map(&fu->pl.x, (double)row->n);
    double cy = om_scale_map(&fu->pl.y, row->estimate);
    gsize n = chart_candidates_around(cand, cx, cy, r, cy - r, cy + r, tw, th, 0.2 * b->fs);
    builder_place(b, OM_LABEL_POINT_CODE, 0, -1, (int)idx, t, &code_ts, cand, n, inner);
  }
}

void
funnel_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
              double bottom)
{
  Funnel fu = { 0 };
  fu.b = b;
  fu.chart = chart;
  fu.visible = visible;
  fu.pl.box = chart_rect(b->fs, top, b->w - 2 * b->fs, bottom - top);
  funnel_titles(&fu);
  funnel_n_range(&fu);
  double ytick_w = funnel_share_axis(&fu, top, bottom);
  funnel_scales(&fu, ytick_w);
  funnel_axis_labels(&fu);
  double r = 0.38 * b->fs;
  funnel_points(&fu, r);
  OmRect inner
      = chart_rect(fu.plot_x + 1, fu.plot_y + 1, fu.plot_w - 2, fu.plot_bottom - fu.plot_y - 2);
  funnel_target_label(&fu, &inner);
  funnel_code_labels(&fu, &inner, r);
  g_array_append_val(b->L->panels, fu.pl);
}

/* ---------------------------------------------------------------------------------------
 * Painting
 */

/* Grid lines at both axes' ticks, and the axes. */
static void
funnel_paint_grid(cairo_t *cr, const OmChartPanelLayout *pl)
{
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  cairo_set_line_width(cr, 0.8);
  chart_set_hex(cr, 0xE0E0E0, 1);
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double y = om_scale_map(&pl->y, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, plot->x, y);
    cairo_line_to(cr, right, y);
  }
  for (guint i = 0; i < pl->n_ticks.n; i++) {
    double x = om_scale_map(&pl->x, om_axis_tick_value(&pl->n_ticks, i));
    cairo_move_to(cr, x, plot->y);
    cairo_line_to(cr, x, bottom);
  }
  cairo_stroke(cr);
  chart_set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, plot->x, plot->y);
  cairo_line_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);
}

/* The control limit for quantile p from n_start to the end of the n axis, sampled at
 * 301 n's (each whole n once). */
static void
funnel_paint_limit(cairo_t *cr, const OmOverviewChart *chart, const OmChartPanelLayout *pl,
                   guint64 n_start, double p)
{
  double n_end = pl->n_ticks.last;
  guint64 prev = 0;
  gboolean started = FALSE;
  for (int i = 0; i <= 300; i++) {
    guint64 n = (guint64)llround((double)n_start + ((double)n_end - (double)n_start) * i / 300.0);
    if (n == prev || n == 0)
      continue;
    prev = n;
    double v = om_funnel_limit(chart->target, n, p);
    double x = om_scale_map(&pl->x, (double)n), y = om_scale_map(&pl->y, v);
    if (!started)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
    started = TRUE;
  }
  cairo_stroke(cr);
}

/* The 95% limits dashed and the 99.8% limits dotted, from the smallest n shown (min-n
 * when none is); then the dashed target line. Clipped to the plot. */
static void
funnel_paint_limits(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  cairo_rectangle(cr, plot->x, plot->y, plot->w, plot->h);
  cairo_clip(cr);
  guint64 n_start = G_MAXUINT64;
  for (guint i = 0; i < P->L->rows->len; i++)
    n_start = MIN(n_start, chart->rows[g_array_index(P->L->rows, gsize, i)].n);
  if (n_start == G_MAXUINT64)
    n_start = overview_min_n(chart);
  n_start = MAX(n_start, 1);
  static const double ps[] = { 0.025, 0.975, 0.001, 0.999 };
  for (gsize k = 0; k < G_N_ELEMENTS(ps); k++) {
    chart_set_hex(cr, 0x555555, 1);
    cairo_set_line_width(cr, 1.3);
    if (k < 2) {
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      chart_dash(cr, 5, 3);
    } else {
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      chart_dash(cr, 0.01, 3.5);
    }
    funnel_paint_limit(cr, chart, pl, n_start, ps[k]);
  }
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  double ty = om_scale_map(&pl->y, chart->target);
  chart_set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  chart_dash(cr, 6, 4);
  cairo_move_to(cr, plot->x, ty);
  cairo_line_to(cr, plot->x + plot->w, ty);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_reset_clip(cr);
}

void
funnel_paint(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl, double fs)
{
  cairo_t *cr = P->cr;
  cairo_save(cr);
  funnel_paint_grid(cr, pl);
  funnel_paint_limits(P, chart, pl);
  double r = 0.38 * fs;
  for (guint i = 0; i < P->L->rows->len; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    om_chart_draw_status_marker(cr, row->status, om_scale_map(&pl->x, (double)row->n),
                                om_scale_map(&pl->y, row->estimate), r);
  }
  cairo_restore(cr);
}
