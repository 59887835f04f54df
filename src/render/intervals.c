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

void
intervals_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
                 double bottom)
{
  double fs = b->fs, w = b->w, pad = fs;
  OmLang lang = b->lang;
  gsize nv = visible->len;
  OmChartPanelLayout pl = { 0 };
  pl.box = chart_rect(pad, top, w - 2 * pad, bottom - top);

  OmTextStyle head_ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
  OmTextStyle tick_ts = chart_text_style(fs * 0.88, FALSE, FALSE, 0);
  OmTextStyle axis_ts = chart_text_style(fs * 0.95, FALSE, FALSE, 0);
  double tw, th, head_h, tick_h, axis_h;
  builder_measure(b, "Ag", &head_ts, &tw, &head_h);
  builder_measure(b, "100%", &tick_ts, &tw, &tick_h);
  const char *x_title = chart->share_title ? chart->share_title
                                           : TR(lang, "% tevreden ouders", "% satisfied parents");
  double xtw;
  builder_measure(b, x_title, &axis_ts, &xtw, &axis_h);

  double plot_y = top + head_h + 0.35 * fs;
  double plot_bottom = bottom - axis_h - tick_h - 0.6 * fs;
  double row_h = (plot_bottom - plot_y) / (double)MAX(nv, 1);
  double rfs = MAX(MIN(0.9 * fs, row_h * 0.78), 4.0);
  pl.row_height = row_h;

  /* Column widths from the texts they must hold. */
  OmTextStyle name_ts = chart_text_style(rfs, FALSE, FALSE, 0);
  OmTextStyle value_ts = chart_text_style(rfs, TRUE, FALSE, 0);
  OmTextStyle status_ts = chart_text_style(rfs, FALSE, FALSE, 0);
  const char *h_name = TR(lang, "Instelling", "Institution");
  const char *h_share = TR(lang, "aandeel", "share");
  const char *h_status = TR(lang, "status", "status");
  double name_w, value_w, n_w, status_w;
  builder_measure(b, h_name, &head_ts, &name_w, &th);
  builder_measure(b, h_share, &head_ts, &value_w, &th);
  builder_measure(b, "n", &head_ts, &n_w, &th);
  builder_measure(b, h_status, &head_ts, &status_w, &th);
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(visible, gsize, i)];
    builder_measure(b, overview_row_name(row), &name_ts, &tw, &th);
    name_w = MAX(name_w, tw);
    char *v = om_format_percent(row->estimate, 1, lang);
    builder_measure(b, v, &value_ts, &tw, &th);
    value_w = MAX(value_w, tw);
    g_free(v);
    char *n = chart_n_text(row->n, lang);
    builder_measure(b, n, &name_ts, &tw, &th);
    n_w = MAX(n_w, tw);
    g_free(n);
    builder_measure(b, om_chart_status_label(row->status, lang), &status_ts, &tw, &th);
    status_w = MAX(status_w, tw);
  }
  name_w = MIN(name_w, 0.3 * w);
  double gap = 0.8 * fs;
  double plot_x = pad + name_w + gap;
  double plot_w = w - pad - status_w - gap - n_w - gap - value_w - gap - plot_x;
  double value_right = plot_x + plot_w + gap + value_w;
  double n_right = value_right + gap + n_w;
  double status_x = n_right + gap;
  pl.plot = chart_rect(plot_x, plot_y, plot_w, plot_bottom - plot_y);

  /* Share axis across the plot. */
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(values, chart->target);
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(visible, gsize, i)];
    g_array_append_val(values, row->estimate);
    g_array_append_val(values, row->lower);
    g_array_append_val(values, row->upper);
  }
  builder_measure(b, "100,0%", &tick_ts, &tw, &th);
  guint max_ticks = (guint)CLAMP(plot_w / (tw * 1.8), 3, 11);
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                             &pl.share_ticks);
  g_array_unref(values);
  om_scale_init(&pl.x, pl.share_ticks.first, pl.share_ticks.last, plot_x, plot_x + plot_w);
  om_scale_init(&pl.y, -0.5, (double)nv - 0.5, plot_y, plot_bottom);

  /* Header row; the target label sits above its line. */
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, h_name, &head_ts,
                chart_rect(pad, top, MIN(name_w, 0.3 * w), head_h), 0);
  builder_measure(b, h_share, &head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, h_share, &head_ts,
                chart_rect(value_right - tw, top, tw, th), 2);
  builder_measure(b, "n", &head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, "n", &head_ts, chart_rect(n_right - tw, top, tw, th),
                2);
  builder_measure(b, h_status, &head_ts, &tw, &th);
  builder_label(b, OM_LABEL_HEADER, 0, -1, -1, h_status, &head_ts,
                chart_rect(status_x, top, tw, th), 0);
  {
    char *t = chart_target_text(chart->target, chart->deadline, lang);
    OmTextStyle ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
    builder_measure(b, t, &ts, &tw, &th);
    double cx
        = CLAMP(om_scale_map(&pl.x, chart->target), plot_x + tw / 2, plot_x + plot_w - tw / 2);
    builder_label(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, chart_rect(cx - tw / 2, top, tw, th), 1);
    g_free(t);
  }

  /* Rows. */
  double cap = MIN(0.3 * fs, row_h * 0.28), r = MIN(0.42 * fs, row_h * 0.4);
  for (guint i = 0; i < nv; i++) {
    gsize idx = g_array_index(visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double cy = om_scale_map(&pl.y, i);
    OmTextStyle nts = name_ts;
    nts.wrap_width = name_w;
    nts.ellipsize = TRUE;
    builder_measure(b, overview_row_name(row), &nts, &tw, &th);
    builder_label(b, OM_LABEL_ROW_NAME, 0, -1, (int)idx, overview_row_name(row), &nts,
                  chart_rect(pad, cy - th / 2, MIN(tw, name_w), th), 0);
    char *v = om_format_percent(row->estimate, 1, lang);
    builder_measure(b, v, &value_ts, &tw, &th);
    builder_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, v, &value_ts,
                  chart_rect(value_right - tw, cy - th / 2, tw, th), 2);
    g_free(v);
    char *n = chart_n_text(row->n, lang);
    builder_measure(b, n, &name_ts, &tw, &th);
    builder_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, n, &name_ts,
                  chart_rect(n_right - tw, cy - th / 2, tw, th), 2);
    g_free(n);
    const char *st = om_chart_status_label(row->status, lang);
    if (*st) {
      builder_measure(b, st, &status_ts, &tw, &th);
      builder_label(b, OM_LABEL_ROW_STATUS, 0, -1, (int)idx, st, &status_ts,
                    chart_rect(status_x, cy - th / 2, tw, th), 0);
    }
    if (isfinite(row->lower) && isfinite(row->upper)) {
      double x0 = om_scale_map(&pl.x, row->lower), x1 = om_scale_map(&pl.x, row->upper);
      builder_mark(b, OM_MARK_INTERVAL, 0, -1, (int)idx,
                   chart_rect(MIN(x0, x1), cy - cap, fabs(x1 - x0), 2 * cap));
    }
    double cx = om_scale_map(&pl.x, row->estimate);
    builder_mark(b, OM_MARK_POINT, 0, -1, (int)idx, chart_rect(cx - r, cy - r, 2 * r, 2 * r));
    g_array_append_val(b->L->rows, idx);
  }

  /* Share ticks and the axis title. */
  for (guint i = 0; i < pl.share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.share_ticks, i);
    double pct_step = pl.share_ticks.step * 100;
    char *t = om_format_percent(v, fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1, lang);
    builder_measure(b, t, &tick_ts, &tw, &th);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
                  chart_rect(om_scale_map(&pl.x, v) - tw / 2, plot_bottom + 0.3 * fs, tw, th), 1);
    g_free(t);
  }
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, x_title, &axis_ts,
                chart_rect(plot_x + plot_w / 2 - xtw / 2,
                           plot_bottom + 0.3 * fs + tick_h + 0.3 * fs, xtw, axis_h),
                1);
  g_array_append_val(b->L->panels, pl);
}

/* ---------------------------------------------------------------------------------------
 * Painting
 */

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
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    double cy = om_scale_map(&pl->y, i);
    if (isfinite(row->lower) && isfinite(row->upper)) {
      double x0 = om_scale_map(&pl->x, row->lower), x1 = om_scale_map(&pl->x, row->upper);
      chart_set_hex(cr, 0x555555, 1);
      cairo_set_line_width(cr, MAX(MIN(1.5, row_h * 0.14), 0.6));
      cairo_move_to(cr, x0, cy);
      cairo_line_to(cr, x1, cy);
      cairo_move_to(cr, x0, cy - cap);
      cairo_line_to(cr, x0, cy + cap);
      cairo_move_to(cr, x1, cy - cap);
      cairo_line_to(cr, x1, cy + cap);
      cairo_stroke(cr);
    }
    om_chart_draw_status_marker(cr, row->status, om_scale_map(&pl->x, row->estimate), cy, r);
  }
  cairo_restore(cr);
}
