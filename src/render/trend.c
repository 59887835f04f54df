/* trend.c — the trend chart type: share per wave with interval bars or ribbons, per
 * institution or per sector, in up to nine panels with a shared year and share axis; the
 * baseline, the dashed target, the deadline band, the dotted projection, n under each
 * wave, the status beside each panel's subtitle. This file is the type itself — its
 * validation, what its layout and its ink share (panel kinds, plot geometry, mark sizes)
 * and the descriptor the drivers run; the layout is trend-layout.c (the chart) and
 * trend-panel.c (one panel), the Cairo renderer trend-paint.c.
 *
 * It must never lay out or paint a share for a suppressed point: such a point gets its
 * "te weinig respons (n=7)" note and no mark, no line, no axis influence. No SQL, no
 * printing.
 */
#include "render/trend-private.h"

#include <assert.h>
#include <math.h>

#define MAX_PANELS 9

/* ---------------------------------------------------------------------------------------
 * Validation
 */

static gboolean
trend_validate(gconstpointer model, GError **error)
{
  const OmTrendChart *chart = model;
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

/* ---------------------------------------------------------------------------------------
 * Panel kinds, plot geometry and mark sizes: shared by layout and ink
 */

/* The last plotted point of a series, or -1. */
gssize
trend_last_shown(const OmChartSeries *s)
{
  for (gsize i = s->n_points; i > 0; i--)
    if (!s->points[i - 1].suppressed)
      return (gssize)(i - 1);
  return -1;
}

gboolean
trend_has_bars(const OmTrendPanel *p)
{
  return !p->ribbons;
}

/* One series (and at most a grey reference line after it), no ribbons: the institution
 * chart with values, n and in-plot notes. */
gboolean
trend_is_single(const OmTrendPanel *p)
{
  return p->n_series == 1 || (p->n_series == 2 && p->series[1].reference);
}

/* A point whose note could not be placed in the plot goes to the panel's note instead;
 * the key encodes panel, series and point. */
gpointer
trend_fallback_key(gsize panel, gsize series, gsize point)
{
  return GSIZE_TO_POINTER(((panel * 1024 + series) * 65536 + point) + 1);
}

/* Where the plot starts below the panel's top, and how tall it is in a cell of height
 * cell_h: the header above, the year, n and nulmeting rows and the note below. */
double
trend_plot_top(const TrendShared *sh)
{
  return sh->header_h + (sh->header_h > 0 ? 0.35 * sh->pfs : 0) + 0.6 * sh->year_h;
}

double
trend_plot_height(const TrendShared *sh, double cell_h)
{
  double below = (sh->note_h > 0 ? sh->note_h + 0.3 * sh->pfs : 0) + sh->base_h
                 + sh->n_rows * sh->n_h + sh->year_h + 0.55 * sh->year_h;
  return cell_h - trend_plot_top(sh) - below;
}

/* Sizes of point markers and interval caps, shared by the layout (as marks) and the
 * renderer (as ink) so that a mark's rectangle is exactly what gets drawn. */
double
trend_marker_radius(const OmTrendPanel *panel, double pfs)
{
  return (trend_is_single(panel) ? 0.36 : 0.28) * pfs;
}

double
trend_cap_half_width(const OmTrendPanel *panel, double pfs, double dodge)
{
  return trend_is_single(panel) ? 0.38 * pfs : MIN(0.3 * pfs, MAX(dodge * 0.4, 0.12 * pfs));
}

/* ---------------------------------------------------------------------------------------
 * The chart type
 */

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
    trend_layout_pass(b, chart, fallback, more);
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
  /* Batched, the panels' frames go first, kind by kind; each panel's frame is apart from
   * the other panels' ink. */
  gboolean frames
      = P->batch && chart->n_panels > 1 && trend_frames_apart(P->L, chart->n_panels, P->L->pfs);
  if (frames)
    trend_paint_frames(P, chart);
  for (gsize p = 0; p < chart->n_panels; p++)
    trend_paint_panel(P, &chart->panels[p], om_chart_layout_panel(P->L, p), P->L->pfs, !frames);
  trend_paint_status_marks(P, chart);
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
