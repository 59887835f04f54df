/* overview.c — the overview chart of institutions against one target, in two kinds: the
 * sorted interval plot (intervals.c) and the funnel plot (funnel.c). This file holds what
 * both share — validation, row order, the title, footnote, legend and the note on
 * suppressed rows — and the chart-type descriptor that dispatches to the kind.
 *
 * A suppressed row is never laid out or painted with a share: it is left out of the plot
 * and named, with its n, in the note. No SQL, no printing.
 */
#include "render/chart-private.h"

#include <assert.h>
#include <math.h>

static gboolean
overview_validate(gconstpointer model, GError **error)
{
  const OmOverviewChart *chart = model;
  if (!(chart->target >= 0 && chart->target <= 1)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "overview target %g is not a share between 0 and 1", chart->target);
    return FALSE;
  }
  if (chart->n_rows > 0 && chart->rows == NULL) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "overview has %" G_GSIZE_FORMAT " rows but no row array", chart->n_rows);
    return FALSE;
  }
  for (gsize i = 0; i < chart->n_rows; i++) {
    const OmOverviewRow *row = &chart->rows[i];
    if (!row->suppressed && !(row->estimate >= 0 && row->estimate <= 1)) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "overview row “%s”: share %g is not between 0 and 1",
                  row->code   ? row->code
                  : row->name ? row->name
                              : "?",
                  row->estimate);
      return FALSE;
    }
  }
  return TRUE;
}

const char *
overview_row_name(const OmOverviewRow *row)
{
  if (row->name != NULL && *row->name)
    return row->name;
  return row->code ? row->code : "";
}

static int
compare_rows(gconstpointer a, gconstpointer b, gpointer data)
{
  const OmOverviewRow *rows = data;
  const OmOverviewRow *ra = &rows[*(const gsize *)a], *rb = &rows[*(const gsize *)b];
  if (ra->estimate > rb->estimate)
    return -1;
  if (ra->estimate < rb->estimate)
    return 1;
  return g_utf8_collate(overview_row_name(ra), overview_row_name(rb));
}

guint64
overview_min_n(const OmOverviewChart *chart)
{
  return chart->min_n > 0 ? chart->min_n : 10;
}

static char *
suppressed_note(const OmOverviewChart *chart, OmLang lang)
{
  GString *note = g_string_new(NULL);
  for (int why = OM_WITHHELD_TOO_FEW; why <= OM_WITHHELD_PROTECT; why++) {
    GString *s = g_string_new(NULL);
    for (gsize i = 0; i < chart->n_rows; i++) {
      const OmOverviewRow *row = &chart->rows[i];
      OmWithheld w
          = row->suppressed == OM_WITHHELD_PROTECT ? OM_WITHHELD_PROTECT : OM_WITHHELD_TOO_FEW;
      if (!row->suppressed || (int)w != why)
        continue;
      char *num = om_format_number((double)row->n, 0, lang);
      g_string_append_printf(s, "%s%s (n=%s)", s->len ? ", " : "", overview_row_name(row), num);
      g_free(num);
    }
    if (s->len > 0) {
      char *head = om_chart_withheld_heading((OmWithheld)why, overview_min_n(chart), lang);
      g_string_append_printf(note, "%s%s: %s.", note->len ? " " : "", head, s->str);
      g_free(head);
    }
    g_string_free(s, TRUE);
  }
  if (note->len == 0) {
    g_string_free(note, TRUE);
    return NULL;
  }
  return g_string_free(note, FALSE);
}

static void
overview_legend(Builder *b, const OmOverviewChart *chart, const GArray *visible, GArray *entries)
{
  OmLang lang = b->lang;
  gboolean present[CHART_N_STATUSES] = { FALSE };
  for (guint i = 0; i < visible->len; i++)
    present[chart_status_index(chart->rows[g_array_index(visible, gsize, i)].status)] = TRUE;
  for (guint s = 1; s < CHART_N_STATUSES; s++)
    if (present[s])
      chart_legend_add(entries, GLYPH_STATUS, OM_COLOUR_AUTO, FALSE, (OmChartStatus)s,
                       g_strdup(om_chart_status_label((OmChartStatus)s, lang)));
  if (chart->kind == OM_OVERVIEW_INTERVALS)
    chart_legend_add(entries, GLYPH_POINT_BAR, OM_COLOUR_BLACK, TRUE, OM_CHART_STATUS_NONE,
                     g_strdup(TR(lang, "95%-betrouwbaarheidsinterval", "95% confidence interval")));
  char *pct = chart_percent_short(chart->target, lang);
  char *t = chart->deadline > 0 ? g_strdup_printf(TR(lang, "doel: %s in %d", "target: %s in %d"),
                                                  pct, chart->deadline)
                                : g_strdup_printf(TR(lang, "doel: %s", "target: %s"), pct);
  g_free(pct);
  chart_legend_add(entries, GLYPH_TARGET, OM_COLOUR_BLACK, chart->kind == OM_OVERVIEW_INTERVALS,
                   OM_CHART_STATUS_NONE, t);
  if (chart->kind == OM_OVERVIEW_FUNNEL) {
    chart_legend_add(
        entries, GLYPH_LIMIT95, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
        g_strdup(TR(lang, "95%-grenzen rond het doel", "95% limits around the target")));
    chart_legend_add(entries, GLYPH_LIMIT998, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
                     g_strdup(TR(lang, "99,8%-grenzen", "99.8% limits")));
  }
}

static void
build_overview(Builder *b, const OmOverviewChart *chart)
{
  double fs = b->fs, w = b->w, h = b->h, pad = fs;
  OmLang lang = b->lang;
  double top = pad * 0.8;
  if (chart->title != NULL && *chart->title) {
    OmTextStyle ts = chart_text_style(fs * 1.4, TRUE, FALSE, w - 2 * pad);
    top += builder_text(b, OM_LABEL_TITLE, -1, chart->title, &ts, pad, top) + 0.2 * fs;
  }
  if (chart->subtitle != NULL && *chart->subtitle) {
    OmTextStyle ts = chart_text_style(fs * 0.95, FALSE, FALSE, w - 2 * pad);
    top += builder_text(b, OM_LABEL_SUBTITLE, -1, chart->subtitle, &ts, pad, top);
  }
  top += 0.6 * fs;

  double bottom = h - pad * 0.8;
  if (chart->footnote != NULL && *chart->footnote) {
    OmTextStyle ts = chart_text_style(fs * 0.78, FALSE, FALSE, w - 2 * pad);
    double tw, th;
    builder_measure(b, chart->footnote, &ts, &tw, &th);
    bottom -= th;
    builder_label(b, OM_LABEL_FOOTNOTE, -1, -1, -1, chart->footnote, &ts,
                  chart_rect(pad, bottom, tw, th), 0);
    bottom -= 0.4 * fs;
  }
  GArray *visible = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize i = 0; i < chart->n_rows; i++)
    if (!chart->rows[i].suppressed)
      g_array_append_val(visible, i);
  g_array_sort_with_data(visible, compare_rows, (gpointer)chart->rows);

  GArray *entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  overview_legend(b, chart, visible, entries);
  double legend_h = chart_legend_flow(b, entries, pad, 0, w - 2 * pad, FALSE);
  bottom -= legend_h;
  chart_legend_flow(b, entries, pad, bottom, w - 2 * pad, TRUE);
  bottom -= 0.5 * fs;
  chart_legend_free(entries);

  char *note = suppressed_note(chart, lang);
  if (note != NULL) {
    OmTextStyle ts = chart_text_style(fs * 0.82, FALSE, TRUE, w - 2 * pad);
    double tw, th;
    builder_measure(b, note, &ts, &tw, &th);
    bottom -= th;
    builder_label(b, OM_LABEL_NOTE, -1, -1, -1, note, &ts, chart_rect(pad, bottom, tw, th), 0);
    bottom -= 0.5 * fs;
    g_free(note);
  }

  if (chart->kind == OM_OVERVIEW_FUNNEL)
    funnel_layout(b, chart, visible, top, bottom);
  else
    intervals_layout(b, chart, visible, top, bottom);
  g_array_unref(visible);
}

/* ---------------------------------------------------------------------------------------
 * The chart type
 */

static void
overview_build(Builder *b, gconstpointer model)
{
  b->L->pfs = b->fs;
  build_overview(b, model);
}

static void
overview_paint(Painter *P, gconstpointer model)
{
  const OmOverviewChart *chart = model;
  if (chart->kind == OM_OVERVIEW_FUNNEL)
    funnel_paint(P, chart, om_chart_layout_panel(P->L, 0), P->L->fs);
  else
    intervals_paint(P, chart, om_chart_layout_panel(P->L, 0), P->L->fs);
}

const ChartType chart_type_overview = { overview_validate, overview_build, overview_paint, NULL };

OmChartLayout *
om_chart_layout_overview(const OmOverviewChart *chart, const OmChartStyle *style, double w,
                         double h, OmMeasureFunc measure, gpointer measure_data, GError **error)
{
  assert(chart != NULL);
  return chart_type_layout(&chart_type_overview, chart, style, w, h, measure, measure_data, error);
}

double
om_chart_overview_natural_height(const OmOverviewChart *chart, const OmChartStyle *style)
{
  return om_chart_overview_natural_height_full(chart, style, NULL, NULL);
}

double
om_chart_overview_natural_height_full(const OmOverviewChart *chart, const OmChartStyle *style,
                                      OmMeasureFunc measure, gpointer measure_data)
{
  return chart_overview_natural_layout(chart, style, measure, measure_data, NULL);
}

double
chart_overview_natural_layout(const OmOverviewChart *chart, const OmChartStyle *style,
                              OmMeasureFunc measure, gpointer measure_data,
                              OmChartLayout **layout_out)
{
  assert(chart != NULL);
  if (layout_out != NULL)
    *layout_out = NULL;
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  double h = style->height;
  if (chart->kind != OM_OVERVIEW_INTERVALS)
    return h;
  /* The font grows with the area, so converge in a few steps. */
  for (int i = 0; i < 4; i++) {
    OmChartLayout *L
        = om_chart_layout_overview(chart, style, style->width, h, measure, measure_data, NULL);
    if (L == NULL || L->rows->len == 0) {
      om_chart_layout_free(L);
      return h;
    }
    double want = L->fs * 1.5;
    double have = om_chart_layout_panel(L, 0)->row_height;
    double rows = L->rows->len;
    if (have >= want - 0.01) {
      /* h is what this returns (it only grew from style->height): L is the chart at it. */
      if (layout_out != NULL)
        *layout_out = L;
      else
        om_chart_layout_free(L);
      break;
    }
    om_chart_layout_free(L);
    h += (want - have) * rows;
  }
  return MAX(h, style->height);
}

gboolean
om_chart_draw_overview(cairo_t *cr, const OmOverviewChart *chart, const OmChartStyle *style,
                       double w, double h, GError **error)
{
  assert(cr != NULL && chart != NULL);
  return chart_type_draw(&chart_type_overview, cr, chart, style, w, h, error);
}

gboolean
om_chart_render_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                         OmChartFormat format, const char *path, GError **error)
{
  assert(chart != NULL && path != NULL);
  return chart_type_render(&chart_type_overview, chart, style, format, path, error);
}
