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

void
funnel_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
              double bottom)
{
  double fs = b->fs, w = b->w, pad = fs;
  OmLang lang = b->lang;
  gsize nv = visible->len;
  OmChartPanelLayout pl = { 0 };
  pl.box = chart_rect(pad, top, w - 2 * pad, bottom - top);
  OmTextStyle tick_ts = chart_text_style(fs * 0.88, FALSE, FALSE, 0);
  OmTextStyle axis_ts = chart_text_style(fs * 0.95, FALSE, FALSE, 0);
  const char *y_title = chart->share_title ? chart->share_title
                                           : TR(lang, "% tevreden ouders", "% satisfied parents");
  const char *x_title = TR(lang, "Aantal geldige antwoorden (n)", "Number of valid answers (n)");
  double tw, th, ytw, yth, xtw, xth, tick_h;
  builder_measure(b, y_title, &axis_ts, &ytw, &yth);
  builder_measure(b, x_title, &axis_ts, &xtw, &xth);
  builder_measure(b, "100%", &tick_ts, &tw, &tick_h);

  guint64 n_min = G_MAXUINT64, n_max = 0;
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(visible, gsize, i)];
    n_min = MIN(n_min, row->n);
    n_max = MAX(n_max, row->n);
  }
  if (nv == 0) {
    n_min = overview_min_n(chart);
    n_max = n_min * 10;
  }
  n_min = MAX(n_min, 1);
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(values, chart->target);
  for (guint i = 0; i < nv; i++)
    g_array_append_val(values, chart->rows[g_array_index(visible, gsize, i)].estimate);
  double lim[] = { om_funnel_limit(chart->target, n_min, 0.001),
                   om_funnel_limit(chart->target, n_min, 0.999) };
  g_array_append_vals(values, lim, 2);

  double plot_y = top + 0.4 * fs, plot_bottom = bottom - xth - tick_h - 0.6 * fs;
  guint max_ticks = (guint)CLAMP((plot_bottom - plot_y) / (tick_h * 2.6), 3, 9);
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                             &pl.share_ticks);
  g_array_unref(values);
  double pct_step = pl.share_ticks.step * 100;
  int decimals = fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1;
  double ytick_w = 0;
  for (guint i = 0; i < pl.share_ticks.n; i++) {
    char *t = om_format_percent(om_axis_tick_value(&pl.share_ticks, i), decimals, lang);
    builder_measure(b, t, &tick_ts, &tw, &th);
    ytick_w = MAX(ytick_w, tw);
    g_free(t);
  }
  double plot_x = pad + yth + 0.5 * fs + ytick_w + 0.4 * fs;
  double plot_w = w - pad - plot_x;
  pl.plot = chart_rect(plot_x, plot_y, plot_w, plot_bottom - plot_y);
  char *widest = om_format_number((double)n_max, 0, lang);
  builder_measure(b, widest, &tick_ts, &tw, &th);
  g_free(widest);
  om_axis_ticks(0, (double)n_max * 1.04, (guint)CLAMP(plot_w / (tw * 2.5), 3, 11), &pl.n_ticks);
  om_scale_init(&pl.x, 0, pl.n_ticks.last, plot_x, plot_x + plot_w);
  om_scale_init(&pl.y, pl.share_ticks.first, pl.share_ticks.last, plot_bottom, plot_y);

  for (guint i = 0; i < pl.share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.share_ticks, i);
    char *t = om_format_percent(v, decimals, lang);
    builder_measure(b, t, &tick_ts, &tw, &th);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
                  chart_rect(plot_x - 0.4 * fs - tw, om_scale_map(&pl.y, v) - th / 2, tw, th), 2);
    g_free(t);
  }
  for (guint i = 0; i < pl.n_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.n_ticks, i);
    char *t = om_format_number(v, 0, lang);
    builder_measure(b, t, &tick_ts, &tw, &th);
    double cx = MIN(om_scale_map(&pl.x, v), plot_x + plot_w - tw / 2);
    builder_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
                  chart_rect(cx - tw / 2, plot_bottom + 0.3 * fs, tw, th), 1);
    g_free(t);
  }
  builder_label(
      b, OM_LABEL_AXIS_TITLE, -1, -1, -1, x_title, &axis_ts,
      chart_rect(plot_x + plot_w / 2 - xtw / 2, plot_bottom + 0.6 * fs + tick_h, xtw, xth), 1);
  builder_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, y_title, &axis_ts,
                chart_rect(pad, plot_y + (plot_bottom - plot_y) / 2 - ytw / 2, yth, ytw), 1);
  g_array_index(b->L->labels, OmChartLabel, b->L->labels->len - 1).vertical = TRUE;

  double r = 0.38 * fs;
  for (guint i = 0; i < nv; i++) {
    gsize idx = g_array_index(visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double cx = om_scale_map(&pl.x, (double)row->n), cy = om_scale_map(&pl.y, row->estimate);
    builder_mark(b, OM_MARK_POINT, 0, -1, (int)idx, chart_rect(cx - r, cy - r, 2 * r, 2 * r));
    g_array_append_val(b->L->rows, idx);
  }

  OmRect inner = chart_rect(plot_x + 1, plot_y + 1, plot_w - 2, plot_bottom - plot_y - 2);
  OmRect cand[24];
  {
    char *t = chart_target_text(chart->target, chart->deadline, lang);
    OmTextStyle ts = chart_text_style(fs * 0.85, TRUE, FALSE, 0);
    builder_measure(b, t, &ts, &tw, &th);
    double ty = om_scale_map(&pl.y, chart->target);
    gsize n = 0;
    static const double along[] = { 1.0, 0.75, 0.5, 0.25 };
    for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
      double x = inner.x + 0.2 * fs + along[a] * (inner.w - tw - 0.4 * fs);
      cand[n++] = chart_rect(x, ty - th - 0.12 * fs, tw, th);
      cand[n++] = chart_rect(x, ty + 0.12 * fs, tw, th);
    }
    builder_place(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, cand, n, &inner);
    g_free(t);
  }
  /* Points outside the 95% limits get their code, where there is room for it. */
  OmTextStyle code_ts = chart_text_style(fs * 0.78, FALSE, FALSE, 0);
  for (guint i = 0; i < nv; i++) {
    gsize idx = g_array_index(visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double lo = om_funnel_limit(chart->target, row->n, 0.025);
    double hi = om_funnel_limit(chart->target, row->n, 0.975);
    if (row->estimate >= lo && row->estimate <= hi)
      continue;
    const char *t = row->code && *row->code ? row->code : overview_row_name(row);
    builder_measure(b, t, &code_ts, &tw, &th);
    double cx = om_scale_map(&pl.x, (double)row->n), cy = om_scale_map(&pl.y, row->estimate);
    gsize n = chart_candidates_around(cand, cx, cy, r, cy - r, cy + r, tw, th, 0.2 * fs);
    builder_place(b, OM_LABEL_POINT_CODE, 0, -1, (int)idx, t, &code_ts, cand, n, &inner);
  }
  g_array_append_val(b->L->panels, pl);
}

/* ---------------------------------------------------------------------------------------
 * Painting
 */

void
funnel_paint(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl, double fs)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  cairo_save(cr);
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

  cairo_rectangle(cr, plot->x, plot->y, plot->w, plot->h);
  cairo_clip(cr);
  guint64 n_start = G_MAXUINT64;
  for (guint i = 0; i < P->L->rows->len; i++)
    n_start = MIN(n_start, chart->rows[g_array_index(P->L->rows, gsize, i)].n);
  if (n_start == G_MAXUINT64)
    n_start = chart->min_n > 0 ? chart->min_n : 10;
  n_start = MAX(n_start, 1);
  double n_end = pl->n_ticks.last;
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
    guint64 prev = 0;
    gboolean started = FALSE;
    for (int i = 0; i <= 300; i++) {
      guint64 n = (guint64)llround((double)n_start + ((double)n_end - (double)n_start) * i / 300.0);
      if (n == prev || n == 0)
        continue;
      prev = n;
      double v = om_funnel_limit(chart->target, n, ps[k]);
      double x = om_scale_map(&pl->x, (double)n), y = om_scale_map(&pl->y, v);
      if (!started)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
      started = TRUE;
    }
    cairo_stroke(cr);
  }
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  double ty = om_scale_map(&pl->y, chart->target);
  chart_set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  chart_dash(cr, 6, 4);
  cairo_move_to(cr, plot->x, ty);
  cairo_line_to(cr, right, ty);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_reset_clip(cr);

  double r = 0.38 * fs;
  for (guint i = 0; i < P->L->rows->len; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    om_chart_draw_status_marker(cr, row->status, om_scale_map(&pl->x, (double)row->n),
                                om_scale_map(&pl->y, row->estimate), r);
  }
  cairo_restore(cr);
}
