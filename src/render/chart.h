/* chart.h — Cairo charts of results: trend per institution / sector, overview of institutions.
 *
 * The chart module draws plain data structs that the presentation layer fills from the
 * statistics results; it knows nothing of SQL, of the store or of how an estimate was
 * made. It never computes a share: a point marked `suppressed` is drawn without its share,
 * whatever its `estimate` field holds, so a group below min-n cannot leak through a chart.
 *
 * Three layers, after GNU PSPP's charts:
 *   1. the model: OmTrendChart, OmOverviewChart (plain structs of present/chart-model.h);
 *   2. pure layout maths with numeric tests: OmScale, om_axis_ticks,
 *      om_axis_choose_share_range, om_axis_years, om_labels_spread, om_funnel_limit
 *      (render/axis.h), and OmChartLayout — every text rectangle and data mark of a chart,
 *      computed with a text-measuring callback (render/text.h) so that it can be tested
 *      without a surface;
 *   3. the Cairo renderer: om_chart_draw_* draws a layout onto any cairo_t (the report
 *      embeds charts that way), om_chart_render_* writes PNG, PDF or SVG files from the
 *      same drawing code.
 *
 * The code, one module per job: axis.c (maths), text.c (the one Pango setup, shared with
 * the report), style.c (palette, status markers), layout.c (the layout builder and
 * legend), paint.c (labels, glyphs, the draw driver), the chart types (trend.c with
 * trend-layout.c, trend-panel.c and trend-paint.c; overview.c with its kinds intervals.c
 * and funnel.c), and chart-file.c (formats and the one file driver). Each chart type is a
 * descriptor (render/chart-private.h) that the layout, draw and file drivers run, so the public
 * per-type functions below are one line each. This header includes axis.h and text.h: including it
 * gives the whole chart API.
 *
 * Ownership: every model struct and every string in it is borrowed (transfer none) for the
 * duration of the call; no function keeps a pointer to it afterwards.
 */
#ifndef OUDERMONITOR_CHART_H
#define OUDERMONITOR_CHART_H

#include <cairo.h>

#include "oudermonitor/error.h"
#include "base/format.h"
#include "present/chart-model.h"
#include "render/axis.h"
#include "render/text.h"

G_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------
 * Style and output format
 */

typedef enum { OM_CHART_PNG, OM_CHART_PDF, OM_CHART_SVG } OmChartFormat;

/* "png", "pdf", "svg" (case-insensitive). Returns FALSE and leaves *out unchanged
 * otherwise. */
gboolean om_chart_format_from_string(const char *s, OmChartFormat *out);

/* The format a file name asks for by its extension ("x.PDF" -> PDF). Returns FALSE and
 * leaves *out unchanged when the extension is none of png/pdf/svg. */
gboolean om_chart_format_from_path(const char *path, OmChartFormat *out);

/* "png" / "pdf" / "svg". Transfer none (static). */
const char *om_chart_format_to_string(OmChartFormat format);

/* A file name for a chart of `stem` (an institution code, a target id): letters, digits,
 * '-' and '_' kept, anything else (a '/', "..", a newline) replaced by '_', at most 64
 * characters, never empty, plus ".png"/".pdf"/".svg". So no code or name can make a
 * path that leaves the output folder. Transfer full. */
char *om_chart_file_name(const char *stem, OmChartFormat format);

typedef struct {
  OmLang lang;             /* every fixed label; numbers via om_format_* */
  double width, height;    /* chart size in points (PDF, SVG) = pixels at dpi_scale 1 */
  double dpi_scale;        /* PNG only: pixels per point (2 = a 1600×1000 PNG of 800×500) */
  const char *font_family; /* NULL = "DejaVu Sans" */
} OmChartStyle;

/* Dutch, 800×500, dpi_scale 1, DejaVu Sans. */
void om_chart_style_init(OmChartStyle *style);

/* RGB in [0,1] of a palette colour (AUTO gives blue). */
void om_chart_colour_rgb(OmChartColour colour, double *r, double *g, double *b);

/* ---------------------------------------------------------------------------------------
 * Layout: every text and data mark of a chart, in chart coordinates
 */

typedef struct {
  double x, y, w, h;
} OmRect;

/* Do the rectangles share interior area? Touching edges do not count. */
gboolean om_rect_intersects(const OmRect *a, const OmRect *b);

typedef enum {
  OM_LABEL_TITLE,
  OM_LABEL_SUBTITLE,
  OM_LABEL_PANEL_TITLE,
  OM_LABEL_STATUS, /* the panel subtitle next to its status marker */
  OM_LABEL_AXIS_TITLE,
  OM_LABEL_TICK,       /* axis tick label (share or year or n) */
  OM_LABEL_N,          /* "n=123" under a wave */
  OM_LABEL_BASELINE,   /* "nulmeting" under the baseline year */
  OM_LABEL_VALUE,      /* "87,5%" next to a point */
  OM_LABEL_SUPPRESSED, /* "te weinig respons (n=7)" in place of a point */
  OM_LABEL_TARGET,     /* "Doel 2016: 90%" on the target line */
  OM_LABEL_DEADLINE,   /* "streefjaar" on the deadline band */
  OM_LABEL_PROJECTION, /* "prognose 88,1%" at the projection whisker */
  OM_LABEL_SERIES_END, /* series label at a line's end */
  OM_LABEL_LEGEND,
  OM_LABEL_NOTE, /* e.g. "te weinig respons: po 2014 (n=7)" */
  OM_LABEL_FOOTNOTE,
  OM_LABEL_HEADER,     /* overview column header */
  OM_LABEL_ROW_NAME,   /* overview: institution */
  OM_LABEL_ROW_VALUE,  /* overview: "87,5%" */
  OM_LABEL_ROW_STATUS, /* overview: status word */
  OM_LABEL_POINT_CODE  /* funnel: code next to an outlying point */
} OmLabelKind;

typedef struct {
  OmLabelKind kind;
  int panel;         /* -1: chart level */
  int series, point; /* -1: not tied to one */
  char *text;        /* owned by the layout */
  OmRect rect;       /* the text's box (after rotation) */
  OmTextStyle style;
  int align;         /* within rect: 0 left, 1 centre, 2 right */
  gboolean vertical; /* rotated 90° anticlockwise (the y-axis title) */
} OmChartLabel;

typedef enum {
  OM_MARK_POINT,      /* a point marker */
  OM_MARK_INTERVAL,   /* an interval bar with its caps */
  OM_MARK_PROJECTION, /* the projection whisker and marker at the deadline */
  OM_MARK_STATUS,     /* a status marker (subtitle, overview row) */
  OM_MARK_LEGEND      /* a legend glyph */
} OmMarkKind;

typedef struct {
  OmMarkKind kind;
  int panel, series, point;
  OmRect rect;
} OmChartMark;

/* Geometry of one panel (a trend panel, or the single plot of an overview). */
typedef struct {
  OmRect box;   /* the panel's share of the chart */
  OmRect plot;  /* the data area */
  OmScale x, y; /* trend: x = years, y = share; intervals: x = share, y = row;
                   funnel: x = n, y = share */
  OmAxisTicks share_ticks;
  OmAxisTicks n_ticks; /* funnel only */
  int first_year, last_year;
  int year_step;     /* a year tick label every year_step years */
  double dodge;      /* x offset between series' interval bars (non-ribbon panels) */
  double row_height; /* intervals overview: one row */
} OmChartPanelLayout;

typedef struct OmChartLayout OmChartLayout;

/* Lays out a trend chart in a w×h box. measure NULL = om_chart_measure_pango(…, NULL).
 * Returns NULL and sets OM_ERROR_ARGUMENT when the chart has no panels or more than 9, or a
 * series' years are not ascending. Transfer full: free with om_chart_layout_free. */
OmChartLayout *om_chart_layout_trend(const OmTrendChart *chart, const OmChartStyle *style, double w,
                                     double h, OmMeasureFunc measure, gpointer measure_data,
                                     GError **error);

/* The same for an overview chart. Returns NULL and sets OM_ERROR_ARGUMENT for a target
 * outside [0,1]. Transfer full. */
OmChartLayout *om_chart_layout_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                                        double w, double h, OmMeasureFunc measure,
                                        gpointer measure_data, GError **error);

void om_chart_layout_free(OmChartLayout *layout); /* accepts NULL */

gsize om_chart_layout_n_panels(const OmChartLayout *layout);
/* Transfer none; valid until the layout is freed. */
const OmChartPanelLayout *om_chart_layout_panel(const OmChartLayout *layout, gsize i);
const OmChartLabel *om_chart_layout_labels(const OmChartLayout *layout, gsize *n);
const OmChartMark *om_chart_layout_marks(const OmChartLayout *layout, gsize *n);

/* The height at which every row of an intervals overview gets a comfortably readable
 * line (at least style->height). For the CLI to size a chart of many institutions. */
double om_chart_overview_natural_height(const OmOverviewChart *chart, const OmChartStyle *style);
/* The same height, measuring with `measure` (NULL = om_chart_measure_pango(…, NULL)): a
 * caller about to draw the chart measures on the context it will draw with, whose layouts
 * the drawing then reuses. Every measurer of text.h gives the same height. */
double om_chart_overview_natural_height_full(const OmOverviewChart *chart,
                                             const OmChartStyle *style, OmMeasureFunc measure,
                                             gpointer measure_data);

/* ---------------------------------------------------------------------------------------
 * Drawing and files
 */

/* Draws the marker of a status (shape, fill and colour as in the charts) centred at
 * (cx, cy) with radius r; NONE gives a plain dark dot. Leaves cr's state as it found it. */
void om_chart_draw_status_marker(cairo_t *cr, OmChartStatus status, double cx, double cy, double r);

/* Draws the chart into the w×h box at the user-space origin of cr (the caller translates
 * and clips). Leaves cr's state as it found it (save/restore). Returns FALSE and sets
 * OM_ERROR_ARGUMENT as the layout functions do; nothing is drawn then. */
gboolean om_chart_draw_trend(cairo_t *cr, const OmTrendChart *chart, const OmChartStyle *style,
                             double w, double h, GError **error);
gboolean om_chart_draw_overview(cairo_t *cr, const OmOverviewChart *chart,
                                const OmChartStyle *style, double w, double h, GError **error);

/* Draws one page (or, for PDF, several pages separated by cairo_show_page) onto cr. */
typedef gboolean (*OmChartDrawFunc)(cairo_t *cr, double w, double h, gconstpointer data,
                                    GError **error);

/* Runs `draw` on a w×h surface of the format and writes it to path: PNG at w·scale ×
 * h·scale pixels, PDF and SVG in points (scale ignored). The file is written whole or not
 * at all (temporary file + rename), so a failed render leaves an existing file as it was.
 * Returns FALSE with OM_ERROR_IO naming the path when it cannot be written, or with the
 * draw function's error. */
gboolean om_chart_render_to_file(OmChartFormat format, double w, double h, double scale,
                                 OmChartDrawFunc draw, gconstpointer data, const char *path,
                                 GError **error);

/* Durability of many files. By default every file is synced before its rename (fsync), so
 * it is on disk when the call returns: about 1 ms a file here, 7 s for 7,000 charts.
 * om_chart_files_defer_sync(TRUE) drops the per-file sync (the rename stays atomic: a
 * reader sees the old file or the new one, never a part) for a caller that writes a batch
 * and then calls om_chart_files_sync on its folder once: one syncfs(2) for the batch.
 * Set it before any thread writes. om_chart_files_sync returns FALSE with OM_ERROR_IO. */
void om_chart_files_defer_sync(gboolean defer);
gboolean om_chart_files_sync(const char *dir, GError **error);

/* A trend / overview chart as a file of style's size (style NULL = defaults). Failure as
 * om_chart_render_to_file. */
gboolean om_chart_render_trend(const OmTrendChart *chart, const OmChartStyle *style,
                               OmChartFormat format, const char *path, GError **error);
gboolean om_chart_render_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                                  OmChartFormat format, const char *path, GError **error);

G_END_DECLS

#endif
