/* intervals.c — the overview's interval plot: one row per institution, sorted by share,
 * with its name, its 95% interval and status marker on a shared share axis, its share, n
 * and status word in columns, and the dashed target across all rows.
 *
 * Only visible (not suppressed) rows reach it; it never shows a share for another. No SQL,
 * no printing.
 */
#include "render/chart-private.h"

#include <math.h>

/* ---------------------------------------------------------------------------------------
 * Layout
 */

/* What the steps of the interval plot's layout share: the rows, their text styles, the
 * vertical geometry and the columns (name | plot | share | n | status). */
typedef struct {
  Builder *b;
  const OmOverviewChart *chart;
  const GArray *visible;
  OmChartPanelLayout pl;
  OmTextStyle head_ts, tick_ts, axis_ts, name_ts, value_ts, status_ts;
  const char *x_title, *h_name, *h_share, *h_status;
  double top, head_h, tick_h, axis_h, xtw;
  double plot_y, plot_bottom, row_h;
  double name_w, value_w, n_w, status_w;
  double plot_x, plot_w, value_right, n_right, status_x;
} Intervals;

static const OmOverviewRow *
visible_row(const Intervals *iv, guint i)
{
  return &iv->chart->rows[g_array_index(iv->visible, gsize, i)];
}

/* The header, tick and axis-title rows; the plot between them split into equal rows, and
 * the row text size that fits a row. */
static void
intervals_rows_geometry(Intervals *iv, double bottom)
{
  Builder *b = iv->b;
  double fs = b->fs, tw;
  iv->head_ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
  iv->tick_ts = chart_text_style(fs * 0.88, FALSE, FALSE, 0);
  iv->axis_ts = chart_text_style(fs * 0.95, FALSE, FALSE, 0);
  builder_measure(b, "Ag", &iv->head_ts, &tw, &iv->head_h);
  builder_measure(b, "100%", &iv->tick_ts, &tw, &iv->tick_h);
  iv->x_title = iv->chart->share_title ? iv->chart->share_title
                                       : TR(b->lang, "% tevreden ouders", "% satisfied parents");
  builder_measure(b, iv->x_title, &iv->axis_ts, &iv->xtw, &iv->axis_h);

  iv->plot_y = iv->top + iv->head_h + 0.35 * fs;
  iv->plot_bottom = bottom - iv->axis_h - iv->tick_h - 0.6 * fs;
  iv->row_h = (iv->plot_bottom - iv->plot_y) / (double)MAX(iv->visible->len, 1);
  double rfs = MAX(MIN(0.9 * fs, iv->row_h * 0.78), 4.0);
  iv->pl.row_height = iv->row_h;
  iv->name_ts = chart_text_style(rfs, FALSE, FALSE, 0);
  iv->value_ts = chart_text_style(rfs, TRUE, FALSE, 0);
  iv->status_ts = chart_text_style(rfs, FALSE, FALSE, 0);
}

/* Column widths from the texts they must hold (the name at most 30% of the chart); the
 * plot takes what is left. */
static void
intervals_columns(Intervals *iv)
{
  Builder *b = iv->b;
  OmLang lang = b->lang;
  double fs = b->fs, w = b->w, pad = fs, tw, th;
  iv->h_name = TR(lang, "Instelling", "Institution");
  iv->h_share = TR(lang, "aandeel", "share");
  iv->h_status = TR(lang, "status", "status");
  builder_measure(b, iv->h_name, &iv->head_ts, &iv->name_w, &th);
  builder_measure(b, iv->h_share, &iv->head_ts, &iv->value_w, &th);
  builder_measure(b, "n", &iv->head_ts, &iv->n_w, &th);
  builder_measure(b, iv->h_status, &iv->head_ts, &iv->status_w, &th);
  for (guint i = 0; i < iv->visible->len; i++) {
    const OmOverviewRow *row = visible_row(iv, i);
    builder_measure(b, overview_row_name(row), &iv->name_ts, &tw, &th);
    iv->name_w = MAX(iv->name_w, tw);
    char *v = om_format_percent(row->estimate, 1, lang);
    builder_measure(b, v, &iv->value_ts, &tw, &th);
    iv->value_w = MAX(iv->value_w, tw);
    g_free(v);
    char *n = chart_n_text(row->n, lang);
    builder_measure(b, n, &iv->name_ts, &tw, &th);
    iv->n_w = MAX(iv->n_w, tw);
    g_free(n);
    builder_measure(b, om_chart_status_label(row->status, lang), &iv->status_ts, &tw, &th);
    iv->status_w = MAX(iv->status_w, tw);
  }
  iv->name_w = MIN(iv->name_w, 0.3 * w);
  double gap = 0.8 * fs;
  iv->plot_x = pad + iv->name_w + gap;
  iv->plot_w = w - pad - iv->status_w - gap - iv->n_w - gap - iv->value_w - gap - iv->plot_x;
  iv->value_right = iv->plot_x + iv->plot_w + gap + iv->value_w;
  iv->n_right = iv->value_right + gap + iv->n_w;
  iv->status_x = iv->n_right + gap;
  iv->pl.plot = chart_rect(iv->plot_x, iv->plot_y, iv->plot_w, iv->plot_bottom - iv->plot_y);
}

/* The share axis across the plot (every estimate, bound and the target in view) and the
 * row axis down it. */
static void
intervals_scales(Intervals *iv)
{
  OmChartPanelLayout *pl = &iv->pl;
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(values, iv->chart->target);
  for (guint i = 0; i < iv->visible->len; i++) {
    const OmOverviewRow *row = visible_row(iv, i);
    g_array_append_val(values, row->estimate);
    g_array_append_val(values, row->lower);
    g_array_append_val(values, row->upper);
  }
  double tw, th;
  builder_measure(iv->b, "100,0%", &iv->tick_ts, &tw, &th);
  guint max_ticks = (guint)CLAMP(iv->plot_w / (tw * 1.8), 3, 11);
  /* The range does not depend on the width (the same overview reads 40–100% as a PNG and
   * in the report, issue 8); only the tick step does, and it divides the range. */
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, 7,
                             &pl->share_ticks);
  OmAxisTicks *tk = &pl->share_ticks;
  static const double steps[] = { 0.05, 0.1, 0.2, 0.25, 0.5, 1.0 };
  for (gsize i = 0; i < G_N_ELEMENTS(steps) && tk->n > max_ticks; i++) {
    double n = (tk->last - tk->first) / steps[i];
    if (steps[i] > tk->step && fabs(n - round(n)) < 1e-9
        && fabs(tk->first / steps[i] - round(tk->first / steps[i])) < 1e-9) {
      tk->step = steps[i];
      tk->n = (guint)round(n) + 1;
    }
  }
  g_array_unref(values);
  /* Room for a marker at the ends, so a share of 0% or 100% is not cut by the frame. */
  double room = 0.45 * iv->b->fs;
  om_scale_init(&pl->x, pl->share_ticks.first, pl->share_ticks.last, iv->plot_x + room,
                iv->plot_x + iv->plot_w - room);
  om_scale_init(&pl->y, -0.5, (double)iv->visible->len - 0.5, iv->plot_y, iv->plot_bottom);
}

/* Header row; the target label sits above its line. */
static void
intervals_header(Intervals *iv)
{
  Builder *b = iv->b;
  double fs = b->fs, top = iv->top, tw, th;
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, iv->h_name, &iv->head_ts,
                chart_rect(fs, top, MIN(iv->name_w, 0.3 * b->w), iv->head_h), 0);
  builder_measure(b, iv->h_share, &iv->head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, iv->h_share, &iv->head_ts,
                chart_rect(iv->value_right - tw, top, tw, th), 2);
  builder_measure(b, "n", &iv->head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, "n", &iv->head_ts,
                chart_rect(iv->n_right - tw, top, tw, th), 2);
  builder_measure(b, iv->h_status, &iv->head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, iv->h_status, &iv->head_ts,
                chart_rect(iv->status_x, top, tw, th), 0);
  char *t = chart_target_text(iv->chart->target, iv->chart->deadline, b->lang);
  OmTextStyle ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
  builder_measure(b, t, &ts, &tw, &th);
  double cx = CLAMP(om_scale_map(&iv->pl.x, iv->chart->target), iv->plot_x + tw / 2,
                    iv->plot_x + iv->plot_w - tw / 2);
  builder_label(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, chart_rect(cx - tw / 2, top, tw, th), 1);
  g_free(t);
}

/* Row i: name (cut with "…"), share, n and status word in their columns; the interval and
 * point as marks on the share axis. */
static void
intervals_row(Intervals *iv, guint i)
{
  Builder *b = iv->b;
  OmLang lang = b->lang;
  double fs = b->fs, tw, th;
  double cap = MIN(0.3 * fs, iv->row_h * 0.28), r = MIN(0.42 * fs, iv->row_h * 0.4);
  gsize idx = g_array_index(iv->visible, gsize, i);
  const OmOverviewRow *row = &iv->chart->rows[idx];
  double cy = om_scale_map(&iv->pl.y, i);
  OmTextStyle nts = iv->name_ts;
  nts.wrap_width = iv->name_w;
  nts.ellipsize = TRUE;
  builder_measure(b, overview_row_name(row), &nts, &tw, &th);
  builder_label(b, OM_LABEL_ROW_NAME, 0, -1, (int)idx, overview_row_name(row), &nts,
                chart_rect(fs, cy - th / 2, MIN(tw, iv->name_w), th), 0);
  char *v = om_format_percent(row->estimate, 1, lang);
  builder_measure(b, v, &iv->value_ts, &tw, &th);
  builder_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, v, &iv->value_ts,
                chart_rect(iv->value_right - tw, cy - th / 2, tw, th), 2);
  g_free(v);
  char *n = chart_n_text(row->n, lang);
  builder_measure(b, n, &iv->name_ts, &tw, &th);
  builder_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, n, &iv->name_ts,
                chart_rect(iv->n_right - tw, cy - th / 2, tw, th), 2);
  g_free(n);
  const char *st = om_chart_status_label(row->status, lang);
  if (*st) {
    builder_measure(b, st, &iv->status_ts, &tw, &th);
    builder_label(b, OM_LABEL_ROW_STATUS, 0, -1, (int)idx, st, &iv->status_ts,
                  chart_rect(iv->status_x, cy - th / 2, tw, th), 0);
  }
  if (isfinite(row->lower) && isfinite(row->upper)) {
    double x0 = om_scale_map(&iv->pl.x, row->lower), x1 = om_scale_map(&iv->pl.x, row->upper);
    builder_mark(b, OM_MARK_INTERVAL, 0, -1, (int)idx,
                 chart_rect(MIN(x0, x1), cy - cap, fabs(x1 - x0), 2 * cap));
  }
  double cx = om_scale_map(&iv->pl.x, row->estimate);
  builder_mark(b, OM_MARK_POINT, 0, -1, (int)idx, chart_rect(cx - r, cy - r, 2 * r, 2 * r));
  g_array_append_val(b->L->rows, idx);
}

/* Share ticks under the plot and the axis title under them. */
static void
intervals_share_ticks(Intervals *iv)
{
  Builder *b = iv->b;
  const OmChartPanelLayout *pl = &iv->pl;
  double fs = b->fs, tw, th;
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl->share_ticks, i);
    double pct_step = pl->share_ticks.step * 100;
    char *t = om_format_percent(v, fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1, b->lang);
    builder_measure(b, t, &iv->tick_ts, &tw, &th);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &iv->tick_ts,
                  chart_rect(om_scale_map(&pl->x, v) - tw / 2, iv->plot_bottom + 0.3 * fs, tw, th),
                  1);
    g_free(t);
  }
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, iv->x_title, &iv->axis_ts,
                chart_rect(iv->plot_x + iv->plot_w / 2 - iv->xtw / 2,
                           iv->plot_bottom + 0.3 * fs + iv->tick_h + 0.3 * fs, iv->xtw, iv->axis_h),
                1);
}

void
intervals_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
                 double bottom)
{
  Intervals iv = { 0 };
  iv.b = b;
  iv.chart = chart;
  iv.visible = visible;
  iv.top = top;
  iv.pl.box = chart_rect(b->fs, top, b->w - 2 * b->fs, bottom - top);
  intervals_rows_geometry(&iv, bottom);
  intervals_columns(&iv);
  intervals_scales(&iv);
  intervals_header(&iv);
  for (guint i = 0; i < visible->len; i++)
    intervals_row(&iv, i);
  intervals_share_ticks(&iv);
  g_array_append_val(b->L->panels, iv.pl);
}

/* ---------------------------------------------------------------------------------------
 * Painting
 */

/* The width of a row's interval bar. */
static double
interval_width(double row_h)
{
  return MAX(MIN(1.5, row_h * 0.14), 0.6);
}

/* Are the rows so far apart that nothing of one row (its bar with caps, its marker) comes
 * near the next row's? Then the rows may be painted kind by kind. */
static gboolean
intervals_rows_apart(double row_h, double cap, double r)
{
  double reach = MAX(cap + interval_width(row_h) / 2, chart_status_marker_reach(r));
  return 2 * reach + 1 <= row_h;
}

/* The rows' interval bars as one path, then their markers status by status, each status as
 * one path (in the order statuses first occur): the picture of painting row by row when
 * intervals_rows_apart, in a few PDF operators instead of a dozen a row. */
static void
paint_rows_batched(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl,
                   double cap, double r)
{
  cairo_t *cr = P->cr;
  guint nv = P->L->rows->len;
  gboolean any = FALSE;
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    if (!isfinite(row->lower) || !isfinite(row->upper))
      continue;
    double cy = om_scale_map(&pl->y, i);
    double x0 = om_scale_map(&pl->x, row->lower), x1 = om_scale_map(&pl->x, row->upper);
    chart_interval_path(cr, x0, x1, cy, cap, FALSE);
    any = TRUE;
  }
  if (any) {
    chart_set_hex(cr, 0x555555, 1);
    cairo_set_line_width(cr, interval_width(pl->row_height));
    cairo_stroke(cr);
  }
  double *cx = g_new(double, nv + 1), *cy = g_new(double, nv + 1);
  gboolean *done = g_new0(gboolean, nv + 1);
  for (guint i = 0; i < nv; i++) {
    if (done[i])
      continue;
    OmChartStatus status = chart->rows[g_array_index(P->L->rows, gsize, i)].status;
    gsize n = 0;
    for (guint j = i; j < nv; j++) {
      const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, j)];
      if (done[j] || chart_status_index(row->status) != chart_status_index(status))
        continue;
      cx[n] = om_scale_map(&pl->x, row->estimate);
      cy[n++] = om_scale_map(&pl->y, j);
      done[j] = TRUE;
    }
    chart_draw_status_markers(cr, status, cx, cy, n, r);
  }
  g_free(done);
  g_free(cx);
  g_free(cy);
}

void
intervals_paint(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl, double fs)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  guint nv = P->L->rows->len;
  double row_h = pl->row_height;
  cairo_save(cr);
  for (guint i = 0; i < nv; i += 2) {
    double cy = om_scale_map(&pl->y, i);
    cairo_rectangle(cr, pl->box.x - 0.3 * fs, cy - row_h / 2, pl->box.w + 0.6 * fs, row_h);
  }
  chart_set_hex(cr, 0xF2F2F2, 1);
  cairo_fill(cr);
  cairo_set_line_width(cr, 0.8);
  chart_set_hex(cr, 0xDADADA, 1);
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double x = om_scale_map(&pl->x, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, x, plot->y);
    cairo_line_to(cr, x, bottom);
  }
  cairo_stroke(cr);
  chart_set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);

  double tx = om_scale_map(&pl->x, chart->target);
  chart_set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  chart_dash(cr, 6, 4);
  cairo_move_to(cr, tx, plot->y - 0.25 * fs);
  cairo_line_to(cr, tx, bottom);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);

  double cap = MIN(0.3 * fs, row_h * 0.28), r = MIN(0.42 * fs, row_h * 0.4);
  if (P->batch && intervals_rows_apart(row_h, cap, r)) {
    paint_rows_batched(P, chart, pl, cap, r);
    cairo_restore(cr);
    return;
  }
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    double cy = om_scale_map(&pl->y, i);
    if (isfinite(row->lower) && isfinite(row->upper)) {
      double x0 = om_scale_map(&pl->x, row->lower), x1 = om_scale_map(&pl->x, row->upper);
      chart_set_hex(cr, 0x555555, 1);
      cairo_set_line_width(cr, interval_width(row_h));
      chart_interval_path(cr, x0, x1, cy, cap, FALSE);
      cairo_stroke(cr);
    }
    om_chart_draw_status_marker(cr, row->status, om_scale_map(&pl->x, row->estimate), cy, r);
  }
  cairo_restore(cr);
}
