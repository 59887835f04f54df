/* trend-layout.c — the trend chart's layout as numbers: the frame (title, footnote,
 * legend), the axis titles, the grid of panels, and the axes every panel shares — years,
 * the share range and its ticks, the gutter for line-end labels, the rows of n labels and
 * the notes — fitted so that tick labels do not crowd; then each panel (trend-panel.c).
 *
 * Pure layout: it measures through the builder and draws nothing. A suppressed share never
 * steers an axis or reaches a label.
 */
#include "render/trend-private.h"

#include <assert.h>
#include <math.h>

/* ---------------------------------------------------------------------------------------
 * Notes and rows of n labels
 */

/* The note under a panel: suppressed points in multi-series panels (and single-series
 * ones that found no place in the plot), and n when it did not fit under the years. */
char *
trend_panel_note(Builder *b, const OmTrendPanel *panel, gsize p, GHashTable *fallback,
                 gboolean n_in_note)
{
  GString *note = g_string_new(NULL);
  for (int why = OM_WITHHELD_TOO_FEW; why <= OM_WITHHELD_PROTECT; why++) {
    GString *few = g_string_new(NULL);
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      for (gsize i = 0; i < series->n_points; i++) {
        const OmChartPoint *pt = &series->points[i];
        OmWithheld w
            = pt->suppressed == OM_WITHHELD_PROTECT ? OM_WITHHELD_PROTECT : OM_WITHHELD_TOO_FEW;
        if (!pt->suppressed || (int)w != why)
          continue;
        if (why == OM_WITHHELD_TOO_FEW && trend_is_single(panel)
            && !g_hash_table_contains(fallback, trend_fallback_key(p, s, i)))
          continue;
        char *num = om_format_number((double)pt->n, 0, b->lang);
        if (few->len > 0)
          g_string_append(few, "; ");
        if (trend_is_single(panel))
          g_string_append_printf(few, "%d (n=%s)", pt->year, num);
        else
          g_string_append_printf(few, "%s %d (n=%s)", series->label ? series->label : "", pt->year,
                                 num);
        g_free(num);
      }
    }
    if (few->len > 0) {
      const char *head = why == OM_WITHHELD_PROTECT
                             ? TR(b->lang, "Niet getoond ter bescherming van een andere groep",
                                  "Not shown, to protect another group")
                             : TR(b->lang, "Te weinig respons", "Too few responses");
      g_string_append_printf(note, "%s%s: %s.", note->len ? " " : "", head, few->str);
    }
    g_string_free(few, TRUE);
  }
  if (n_in_note && trend_is_single(panel)) {
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
  if (!trend_is_single(panel))
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

/* ---------------------------------------------------------------------------------------
 * Legend
 */

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
            = trend_is_single(panel) ? chart_series_colour(&panel->series[0], 0) : OM_COLOUR_BLACK;
      else if (trend_is_single(panel) && bar_colour != chart_series_colour(&panel->series[0], 0))
        bar_colour = OM_COLOUR_BLACK;
      bars = TRUE;
    }
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      if (series->has_projection)
        projection = TRUE;
      gboolean in_legend = series->reference || !trend_is_single(panel);
      if (in_legend && series->label != NULL && !g_hash_table_contains(seen, series->label)) {
        g_hash_table_add(seen, (gpointer)series->label);
        chart_legend_add(series_entries, GLYPH_LINE,
                         series->reference ? OM_COLOUR_GREY : chart_series_colour(series, s),
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

/* ---------------------------------------------------------------------------------------
 * One layout pass
 */

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
    if (!trend_is_single(panel))
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
trend_share_axis(Builder *b, const OmTrendChart *chart, TrendShared *sh, const GArray *values,
                 guint max_ticks)
{
  OmTextStyle tick_ts = chart_text_style(sh->pfs * 0.92, FALSE, FALSE, 0);
  /* A chart family's fixed axis (present/ chose it to hold every value of the family):
   * exactly that range, with the smallest nice step that divides it and needs no more
   * than max_ticks ticks (else 10%: more ticks, but the range the legend states). */
  if (chart->share_max > chart->share_min) {
    double lo = CLAMP(chart->share_min, 0, 1), hi = CLAMP(chart->share_max, 0, 1);
    static const double steps[] = { 0.05, 0.1, 0.2, 0.25, 0.5, 1.0 };
    double step = 0.1;
    for (gsize i = G_N_ELEMENTS(steps); i-- > 0;) {
      double n = (hi - lo) / steps[i];
      gboolean divides
          = fabs(n - round(n)) < 1e-9 && fabs(lo / steps[i] - round(lo / steps[i])) < 1e-9;
      if (divides && round(n) + 1 <= MAX(max_ticks, 3))
        step = steps[i];
    }
    sh->ticks.first = lo;
    sh->ticks.last = hi;
    sh->ticks.step = step;
    sh->ticks.n = (guint)round((hi - lo) / step) + 1;
  } else {
    om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                               &sh->ticks);
  }
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
    if (trend_is_single(panel))
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
    if (!trend_is_single(panel))
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
    char *note = trend_panel_note(b, &chart->panels[p], p, fallback, n_in_note[p]);
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
    trend_share_axis(b, chart, sh, values, max_ticks);
    sh->gutter_w = trend_gutter_width(b, chart, sh->pfs, any_multi);
    trend_year_columns(b, chart, sh, g->cell_w, n_in_note);
    sh->note_h = trend_note_height(b, chart, sh->pfs, g->cell_w, fallback, n_in_note);
    guint fit = (guint)MAX(floor(trend_plot_height(sh, g->cell_h) / (sh->year_h * 1.4)), 0) + 1;
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
void
trend_layout_pass(Builder *b, const OmTrendChart *chart, GHashTable *fallback,
                  GHashTable *new_fallback)
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
    trend_layout_panel(b, chart, p, &sh, box, fallback, n_in_note[p], new_fallback);
  }
  g_free(n_in_note);
  trend_axis_titles_place(b, &at, &g, np);
}
