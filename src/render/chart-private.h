/* chart-private.h — what the chart modules share and nothing outside render/ may use: the
 * layout object, the layout builder (measuring, recording, finding free places), the
 * legend, the painter, the Cairo colour setters, and the chart-type descriptor that the one
 * layout driver, the one draw driver and the one file driver run.
 *
 * The split follows chart.h's three layers: axis.c (pure maths) and layout.c (the builder)
 * compute every rectangle without drawing; paint.c and style.c draw; each chart type is
 * one descriptor with a validate, a build (layout) and a paint step — trend.c (with
 * trend-layout.c, trend-panel.c, trend-paint.c and trend-private.h) and overview.c (with
 * its kinds intervals.c and funnel.c); chart-file.c writes any chart type to PNG, PDF or
 * SVG. Nothing here may compute a share: a suppressed point or row is never laid out or
 * painted with one.
 */
#ifndef OUDERMONITOR_RENDER_CHART_PRIVATE_H
#define OUDERMONITOR_RENDER_CHART_PRIVATE_H

#include "render/chart.h"

G_BEGIN_DECLS

/* Picks the Dutch or English text of a fixed label. */
#define TR(lang, nl, en) ((lang) == OM_LANG_EN ? (en) : (nl))

/* ---------------------------------------------------------------------------------------
 * Style (style.c): palette, statuses, colours on Cairo
 */

/* The number of OmChartStatus values (NONE included). */
#define CHART_N_STATUSES ((guint)OM_CHART_STATUS_TOO_FEW + 1)

/* The status's index in the status tables; NONE for a value outside the enum. */
guint chart_status_index(OmChartStatus status);
/* The markers of one status centred at (cx[k], cy[k]), k < n, as om_chart_draw_status_marker
 * draws one, in one path: for markers that are apart (chart_status_marker_reach), the same
 * picture as drawing them one by one. Leaves cr's state as it found it. */
void chart_draw_status_markers(cairo_t *cr, OmChartStatus status, const double *cx,
                               const double *cy, gsize n, double r);
/* How far a status marker of radius r reaches from its centre, its outline included. */
double chart_status_marker_reach(double r);

/* A series' colour: its own, black when emphasised, else the index-th automatic colour. */
OmChartColour chart_series_colour(const OmChartSeries *s, gsize index);

/* Sets cr's source to a 0xRRGGBB colour / a palette colour with alpha. */
void chart_set_hex(cairo_t *cr, guint32 hex, double alpha);
void chart_set_colour(cairo_t *cr, OmChartColour colour, double alpha);
/* Sets cr's source to a palette colour for text, darkened when it is light. */
void chart_set_text_colour(cairo_t *cr, OmChartColour colour);
/* The same text colour as RGB in [0,1]. */
void chart_text_rgb(OmChartColour colour, double rgb[3]);
/* Sets a two-length dash pattern (on, off) at offset 0. */
void chart_dash(cairo_t *cr, double on, double off);
/* Adds an interval bar to cr's path: a line from a to b at `at` (vertical: x = at, from
 * y = a to y = b; else y = at, from x = a to x = b), with a cross-bar of half-length cap
 * at each end. Strokes nothing. */
void chart_interval_path(cairo_t *cr, double a, double b, double at, double cap, gboolean vertical);

/* ---------------------------------------------------------------------------------------
 * The layout (layout.c)
 */

typedef enum {
  GLYPH_POINT_BAR,
  GLYPH_LINE,
  GLYPH_RIBBON,
  GLYPH_TARGET,
  GLYPH_PROJECTION,
  GLYPH_BAND,
  GLYPH_STATUS,
  GLYPH_LIMIT95,
  GLYPH_LIMIT998
} GlyphKind;

typedef struct {
  GlyphKind kind;
  OmChartColour colour;
  gboolean emphasis;
  OmChartStatus status;
  OmRect rect;
} LegendGlyph;

typedef struct {
  double x0, y0, x1, y1;
} Segment;

struct OmChartLayout {
  GArray *labels;   /* OmChartLabel */
  GArray *marks;    /* OmChartMark */
  GArray *panels;   /* OmChartPanelLayout */
  GArray *glyphs;   /* LegendGlyph: what the renderer draws at each OM_MARK_LEGEND */
  GArray *rows;     /* overview: the model's row index of each plotted row, in drawing order */
  GArray *segments; /* Segment: lines that labels avoid if they can (soft obstacles) */
  double fs;        /* base font size */
  double pfs;       /* panel font size */
};

/* An empty layout (transfer full: om_chart_layout_free); reset empties it for a new try. */
OmChartLayout *chart_layout_new(void);
void chart_layout_reset(OmChartLayout *L);

/* The builder: measures, records labels and marks, finds free places. */
typedef struct {
  OmChartLayout *L;
  OmMeasureFunc measure;
  gpointer mdata;
  const char *family;
  OmLang lang;
  double fs;
  double w, h;
} Builder;

OmTextStyle chart_text_style(double size, gboolean bold, gboolean italic, double wrap);
OmRect chart_rect(double x, double y, double w, double h);

/* Measures text as the renderer will draw it. */
void builder_measure(Builder *b, const char *text, const OmTextStyle *ts, double *w, double *h);
/* Records a label (the text is copied) / a mark. */
void builder_label(Builder *b, OmLabelKind kind, int panel, int series, int point, const char *text,
                   const OmTextStyle *ts, OmRect rect, int align);
void builder_mark(Builder *b, OmMarkKind kind, int panel, int series, int point, OmRect rect);
/* Measures and records a label with its top-left corner at (x, y); returns its height. */
double builder_text(Builder *b, OmLabelKind kind, int panel, const char *text,
                    const OmTextStyle *ts, double x, double y);
/* Records a line that later labels avoid if they can. */
void builder_segment(Builder *b, double x0, double y0, double x1, double y1);
/* Is `r` inside `bounds` (if given) and clear of every label and mark placed so far? */
gboolean builder_is_free(Builder *b, const OmRect *r, const OmRect *bounds);
/* Records the label at the first free candidate (lines avoided if any candidate allows);
 * FALSE, recording nothing, when every candidate overlaps a label or mark. */
gboolean builder_place(Builder *b, OmLabelKind kind, int panel, int series, int point,
                       const char *text, const OmTextStyle *ts, const OmRect *candidates, gsize n,
                       const OmRect *bounds);
/* builder_place, then, for a label that must never be lost, the first candidate that
 * overlaps no label and no point marker (intervals and lines may lie under it). */
gboolean builder_place_over_marks(Builder *b, OmLabelKind kind, int panel, int series, int point,
                                  const char *text, const OmTextStyle *ts, const OmRect *candidates,
                                  gsize n, const OmRect *bounds);
/* Up to 8 candidate boxes of size w×h around a mark (see layout.c); returns how many. */
gsize chart_candidates_around(OmRect *out, double cx, double cy, double rx, double top,
                              double bottom, double w, double h, double pad);

/* Texts every chart type writes (transfer full): "90%" / "87,5%", "Doel 2016: 90%",
 * "n=123". */
char *chart_percent_short(double share, OmLang lang);
char *chart_target_text(double target, int deadline, OmLang lang);
char *chart_n_text(guint64 n, OmLang lang);

/* The legend: entries flow left to right and wrap; each a glyph (a mark) and a text (a
 * label). */
typedef struct {
  GlyphKind kind;
  OmChartColour colour;
  gboolean emphasis;
  OmChartStatus status;
  char *text;
} LegendEntry;

/* Appends an entry; takes `text` (transfer full). */
void chart_legend_add(GArray *entries, GlyphKind kind, OmChartColour colour, gboolean emphasis,
                      OmChartStatus status, char *text);
/* Frees the entries and their texts. */
void chart_legend_free(GArray *entries);
/* Lays out the entries in rows of `width` from (x0, y0); with emit, records them. Returns
 * the legend's height. */
double chart_legend_flow(Builder *b, GArray *entries, double x0, double y0, double width,
                         gboolean emit);

/* ---------------------------------------------------------------------------------------
 * Painting (paint.c)
 */

typedef struct {
  cairo_t *cr;
  PangoContext *text;
  const char *family;
  const OmChartLayout *L;
  gboolean text_as_ink; /* FALSE: labels' halos only (the SVG writer adds <text>) */
  /* TRUE (on a PDF target): paint paths of one kind together, as one path, wherever the
   * pieces are apart, so that their order cannot show: the same picture in fewer PDF
   * operators. FALSE (PNG, SVG): piece by piece, in the order their bytes were always
   * written in. Texts are never regrouped: Cairo would then place some of them relative
   * to others (Td) instead of absolutely (Tm), a millionth of a point off, and that moves
   * pdftotext's lines. */
  gboolean batch;
} Painter;

/* ---------------------------------------------------------------------------------------
 * Chart types: one descriptor per type, run by one driver per step
 */

typedef struct {
  /* The model's own checks (size and style are checked by the driver). */
  gboolean (*validate)(gconstpointer model, GError **error);
  /* Fills b->L from the model: panel font size, labels, marks, panels, glyphs. */
  void (*build)(Builder *b, gconstpointer model);
  /* The data ink: everything under the legend glyphs and the labels. */
  void (*paint)(Painter *P, gconstpointer model);
  /* The colour of a series-end label; NULL: the type has none. */
  OmChartColour (*label_colour)(gconstpointer model, const OmChartLabel *label);
} ChartType;

extern const ChartType chart_type_trend;
extern const ChartType chart_type_overview;

/* What the layout driver checks before it builds (layout.c): a positive, finite size and
 * the type's own validation of the model. FALSE with OM_ERROR_ARGUMENT as
 * chart_type_layout; measures and builds nothing, so it is what a caller that needs no
 * layout (the report's counting pass) uses to fail as the drawing would. */
gboolean chart_type_check(const ChartType *type, gconstpointer model, double w, double h,
                          GError **error);

/* The layout driver (layout.c): style NULL = defaults, measure NULL = Pango. Returns NULL
 * with OM_ERROR_ARGUMENT for a size that is not positive or a model the type rejects.
 * Transfer full. */
OmChartLayout *chart_type_layout(const ChartType *type, gconstpointer model,
                                 const OmChartStyle *style, double w, double h,
                                 OmMeasureFunc measure, gpointer measure_data, GError **error);

/* Hands `layout` (transfer full; NULL withdraws any) to the calling thread's next
 * chart_type_layout: that call returns it instead of building one when its type, model
 * (the same pointer), style's fields, w, h, measure and measure_data equal these, and frees
 * it otherwise. For a caller that has laid a chart out at the size it is about to draw it
 * (the report's overview charts, laid out to find their height); the model must not change
 * in between. */
void chart_type_offer_layout(const ChartType *type, gconstpointer model, const OmChartStyle *style,
                             double w, double h, OmMeasureFunc measure, gpointer measure_data,
                             OmChartLayout *layout);

/* om_chart_overview_natural_height_full (overview.c), handing back in *layout_out (when
 * not NULL) the chart laid out at style->width × the height returned, when the search
 * ended with one (transfer full), else NULL. */
double chart_overview_natural_layout(const OmOverviewChart *chart, const OmChartStyle *style,
                                     OmMeasureFunc measure, gpointer measure_data,
                                     OmChartLayout **layout_out);

/* The draw driver (paint.c): lays the model out measuring on cr, then paints background,
 * data, legend glyphs and labels. Leaves cr's state as it found it; FALSE (nothing drawn)
 * as chart_type_layout. */
gboolean chart_type_draw(const ChartType *type, cairo_t *cr, gconstpointer model,
                         const OmChartStyle *style, double w, double h, GError **error);

/* The draw driver in full: with text_as_ink FALSE the labels' texts are not drawn (their
 * halos are); with layout_out the layout drawn is handed back (transfer full) instead of
 * freed. chart_type_draw is this with TRUE and NULL. */
gboolean chart_type_draw_full(const ChartType *type, cairo_t *cr, gconstpointer model,
                              const OmChartStyle *style, double w, double h, gboolean text_as_ink,
                              OmChartLayout **layout_out, GError **error);

/* chart_type_draw, painting piece by piece (batch FALSE) or batched (TRUE) whatever the
 * target (Painter.batch): for tests that the two give the same picture. */
gboolean chart_type_draw_batched(const ChartType *type, cairo_t *cr, gconstpointer model,
                                 const OmChartStyle *style, double w, double h, gboolean batch,
                                 GError **error);

/* chart_type_draw without the chart's white background, for a caller whose box is white
 * already, with nothing drawn in it (a report's page): the same picture, one fill less. */
gboolean chart_type_draw_on_white(const ChartType *type, cairo_t *cr, gconstpointer model,
                                  const OmChartStyle *style, double w, double h, GError **error);

/* The colour (RGB in [0,1]) a label's text is drawn in, and whether it sits on a white
 * halo; shared by the Cairo painter and the SVG writer. */
void chart_label_colour(const ChartType *type, gconstpointer model, const OmChartLabel *lab,
                        double rgb[3]);
gboolean chart_label_has_halo(OmLabelKind kind);

/* The SVG writer (svg.c): the chart as an SVG document whose texts are <text> elements at
 * the positions of the Cairo drawing. title: the root's <title> and aria-label (NULL = the
 * chart's title).
 * id_prefix: prepended to every id (for several SVGs inline in one HTML page; NULL = none).
 * with_xml_decl: start with <?xml …?> (a file) or not (inline). NULL and error as
 * chart_type_layout. Transfer full. */
GString *chart_type_svg(const ChartType *type, gconstpointer model, const OmChartStyle *style,
                        const char *title, const char *id_prefix, gboolean with_xml_decl,
                        GError **error);

/* Writes bytes to path whole or not at all (temporary file + rename; a device or link is
 * written through), as every chart file is (chart-file.c). FALSE with OM_ERROR_IO naming
 * the path. */
gboolean chart_write_file(const char *path, const guint8 *data, gsize len, GError **error);

/* The file driver (chart-file.c): the chart at style's size (NULL = defaults) as a file.
 * Failure as om_chart_render_to_file. */
gboolean chart_type_render(const ChartType *type, gconstpointer model, const OmChartStyle *style,
                           OmChartFormat format, const char *path, GError **error);

/* ---------------------------------------------------------------------------------------
 * The overview's two kinds (overview.c, intervals.c, funnel.c)
 */

/* A row's name, else its code, else "". Transfer none. */
const char *overview_row_name(const OmOverviewRow *row);
/* The chart's min-n, 10 when unset. */
guint64 overview_min_n(const OmOverviewChart *chart);

/* Lay out the plot of the `visible` rows (indices into chart->rows, in drawing order)
 * between top and bottom, and paint it. */
void intervals_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
                      double bottom);
void intervals_paint(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl,
                     double fs);
void funnel_layout(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
                   double bottom);
void funnel_paint(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl,
                  double fs);

G_END_DECLS

#endif
