/* chart.c — trend and overview charts of results, drawn with Cairo and Pango.
 *
 * Three layers (see chart.h): the model structs, a layout that turns a model into text
 * rectangles, data marks and scales (pure: it measures text through a callback and draws
 * nothing), and a renderer that draws a layout. PNG, PDF and SVG all come from the same
 * renderer on different Cairo surfaces; the report draws charts onto its own pages.
 *
 * This module must never compute or draw a share for a suppressed group (n < min-n): the
 * model's `suppressed` flag wins over any estimate it carries, in labels, marks, the axis
 * range and the lines. It never touches SQL and never prints.
 */
#include "render/chart.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#define MAX_PANELS 9

/* Picks the Dutch or English text of a fixed label. */
#define TR(lang, nl, en) ((lang) == OM_LANG_EN ? (en) : (nl))

/* ---------------------------------------------------------------------------------------
 * Style, palette, statuses
 */

gboolean
om_chart_format_from_string(const char *s, OmChartFormat *out)
{
  static const struct {
    const char *name;
    OmChartFormat format;
  } names[] = { { "png", OM_CHART_PNG }, { "pdf", OM_CHART_PDF }, { "svg", OM_CHART_SVG } };
  if (s == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(s, names[i].name) == 0) {
      *out = names[i].format;
      return TRUE;
    }
  return FALSE;
}

gboolean
om_chart_format_from_path(const char *path, OmChartFormat *out)
{
  if (path == NULL)
    return FALSE;
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (dot == NULL || (slash != NULL && dot < slash))
    return FALSE;
  return om_chart_format_from_string(dot + 1, out);
}

const char *
om_chart_format_to_string(OmChartFormat format)
{
  switch (format) {
  case OM_CHART_PNG:
    return "png";
  case OM_CHART_PDF:
    return "pdf";
  case OM_CHART_SVG:
    return "svg";
  }
  return "png";
}

char *
om_chart_file_name(const char *stem, OmChartFormat format)
{
  GString *g = g_string_new(NULL);
  for (const char *p = stem ? stem : ""; *p && g->len < 64; p++)
    g_string_append_c(g, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '_');
  if (g->len == 0)
    g_string_append_c(g, '_');
  g_string_append_printf(g, ".%s", om_chart_format_to_string(format));
  return g_string_free(g, FALSE);
}

void
om_chart_style_init(OmChartStyle *style)
{
  assert(style != NULL);
  style->lang = OM_LANG_NL;
  style->width = 800;
  style->height = 500;
  style->dpi_scale = 1;
  style->font_family = NULL;
}

static const guint32 palette_hex[] = {
  0x0072B2, /* AUTO: blue */
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000,
};

/* Series without a fixed colour take these in turn: the yellow last, because a thin yellow
 * line nearly vanishes on white. */
static const OmChartColour auto_order[] = {
  OM_COLOUR_BLUE,     OM_COLOUR_ORANGE,     OM_COLOUR_BLUISH_GREEN, OM_COLOUR_REDDISH_PURPLE,
  OM_COLOUR_SKY_BLUE, OM_COLOUR_VERMILLION, OM_COLOUR_YELLOW,
};

void
om_chart_colour_rgb(OmChartColour colour, double *r, double *g, double *b)
{
  guint idx = (guint)colour < G_N_ELEMENTS(palette_hex) ? (guint)colour : 0;
  guint32 hex = palette_hex[idx];
  *r = ((hex >> 16) & 0xff) / 255.0;
  *g = ((hex >> 8) & 0xff) / 255.0;
  *b = (hex & 0xff) / 255.0;
}

typedef enum {
  SHAPE_NONE,
  SHAPE_CIRCLE,
  SHAPE_TRIANGLE_DOWN,
  SHAPE_DIAMOND,
  SHAPE_TRIANGLE_UP,
  SHAPE_SQUARE,
  SHAPE_CROSS
} Shape;

/* Shape and fill carry the status for readers who cannot tell the colours apart; the word
 * is always printed beside it as well. */
static const struct {
  Shape shape;
  gboolean filled;
  guint32 colour;
} status_info[] = {
  [OM_CHART_STATUS_NONE] = { SHAPE_NONE, FALSE, 0x000000 },
  [OM_CHART_STATUS_ATTAINED] = { SHAPE_CIRCLE, TRUE, 0x009E73 },
  [OM_CHART_STATUS_NOT_ATTAINED] = { SHAPE_TRIANGLE_DOWN, TRUE, 0xD55E00 },
  [OM_CHART_STATUS_UNDECIDED] = { SHAPE_DIAMOND, FALSE, 0xE69F00 },
  [OM_CHART_STATUS_ON_COURSE] = { SHAPE_TRIANGLE_UP, TRUE, 0x009E73 },
  [OM_CHART_STATUS_OFF_COURSE] = { SHAPE_SQUARE, TRUE, 0xD55E00 },
  [OM_CHART_STATUS_UNCERTAIN] = { SHAPE_CIRCLE, FALSE, 0xE69F00 },
  [OM_CHART_STATUS_TOO_FEW] = { SHAPE_CROSS, FALSE, 0x777777 },
};

static guint
status_index(OmChartStatus status)
{
  return (guint)status < G_N_ELEMENTS(status_info) ? (guint)status : 0;
}

gboolean
om_rect_intersects(const OmRect *a, const OmRect *b)
{
  /* A sliver below a hundredth of a point is rounding, not overlap. */
  const double eps = 0.01;
  return a->x + eps < b->x + b->w && b->x + eps < a->x + a->w && a->y + eps < b->y + b->h
         && b->y + eps < a->y + a->h;
}

/* ---------------------------------------------------------------------------------------
 * The layout
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

static OmChartLayout *
layout_new(void)
{
  OmChartLayout *L = g_new0(OmChartLayout, 1);
  L->labels = g_array_new(FALSE, TRUE, sizeof(OmChartLabel));
  L->marks = g_array_new(FALSE, TRUE, sizeof(OmChartMark));
  L->panels = g_array_new(FALSE, TRUE, sizeof(OmChartPanelLayout));
  L->glyphs = g_array_new(FALSE, TRUE, sizeof(LegendGlyph));
  L->rows = g_array_new(FALSE, TRUE, sizeof(gsize));
  L->segments = g_array_new(FALSE, TRUE, sizeof(Segment));
  return L;
}

static void
layout_reset(OmChartLayout *L)
{
  for (guint i = 0; i < L->labels->len; i++)
    g_free(g_array_index(L->labels, OmChartLabel, i).text);
  g_array_set_size(L->labels, 0);
  g_array_set_size(L->marks, 0);
  g_array_set_size(L->panels, 0);
  g_array_set_size(L->glyphs, 0);
  g_array_set_size(L->rows, 0);
  g_array_set_size(L->segments, 0);
}

void
om_chart_layout_free(OmChartLayout *layout)
{
  if (layout == NULL)
    return;
  layout_reset(layout);
  g_array_unref(layout->labels);
  g_array_unref(layout->marks);
  g_array_unref(layout->panels);
  g_array_unref(layout->glyphs);
  g_array_unref(layout->rows);
  g_array_unref(layout->segments);
  g_free(layout);
}

gsize
om_chart_layout_n_panels(const OmChartLayout *layout)
{
  return layout->panels->len;
}

const OmChartPanelLayout *
om_chart_layout_panel(const OmChartLayout *layout, gsize i)
{
  assert(i < layout->panels->len);
  return &g_array_index(layout->panels, OmChartPanelLayout, i);
}

const OmChartLabel *
om_chart_layout_labels(const OmChartLayout *layout, gsize *n)
{
  *n = layout->labels->len;
  return (const OmChartLabel *)(void *)layout->labels->data;
}

const OmChartMark *
om_chart_layout_marks(const OmChartLayout *layout, gsize *n)
{
  *n = layout->marks->len;
  return (const OmChartMark *)(void *)layout->marks->data;
}

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

static OmTextStyle
text_style(double size, gboolean bold, gboolean italic, double wrap)
{
  OmTextStyle ts = { size, bold, italic, wrap, FALSE };
  return ts;
}

static void
b_measure(Builder *b, const char *text, const OmTextStyle *ts, double *w, double *h)
{
  b->measure(text, ts, b->family, w, h, b->mdata);
}

static OmRect
rect_make(double x, double y, double w, double h)
{
  OmRect r = { x, y, w, h };
  return r;
}

static void
b_label(Builder *b, OmLabelKind kind, int panel, int series, int point, const char *text,
        const OmTextStyle *ts, OmRect rect, int align)
{
  OmChartLabel lab = { 0 };
  lab.kind = kind;
  lab.panel = panel;
  lab.series = series;
  lab.point = point;
  lab.text = g_strdup(text);
  lab.rect = rect;
  lab.style = *ts;
  lab.align = align;
  g_array_append_val(b->L->labels, lab);
}

/* Measures and places a label with its top-left corner at (x, y); returns its height. */
static double
b_text(Builder *b, OmLabelKind kind, int panel, const char *text, const OmTextStyle *ts, double x,
       double y)
{
  double w, h;
  b_measure(b, text, ts, &w, &h);
  b_label(b, kind, panel, -1, -1, text, ts, rect_make(x, y, w, h), 0);
  return h;
}

static void
b_mark(Builder *b, OmMarkKind kind, int panel, int series, int point, OmRect rect)
{
  OmChartMark m = { kind, panel, series, point, rect };
  g_array_append_val(b->L->marks, m);
}

static gboolean
rect_inside(const OmRect *r, const OmRect *bounds)
{
  const double eps = 0.01;
  return r->x >= bounds->x - eps && r->y >= bounds->y - eps
         && r->x + r->w <= bounds->x + bounds->w + eps
         && r->y + r->h <= bounds->y + bounds->h + eps;
}

static gboolean b_is_free(Builder *b, const OmRect *r, const OmRect *bounds);

/* Does the segment cross the rectangle's interior? Liang & Barsky (1984), "A new concept
 * and method for line clipping", ACM TOG 3(1): clip the parameter range against each edge. */
static gboolean
segment_hits_rect(const Segment *sg, const OmRect *r)
{
  const double eps = 0.01;
  double dx = sg->x1 - sg->x0, dy = sg->y1 - sg->y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { sg->x0 - (r->x + eps), (r->x + r->w - eps) - sg->x0, sg->y0 - (r->y + eps),
                  (r->y + r->h - eps) - sg->y0 };
  double t0 = 0, t1 = 1;
  for (int i = 0; i < 4; i++) {
    if (p[i] == 0) {
      if (q[i] < 0)
        return FALSE;
    } else {
      double t = q[i] / p[i];
      if (p[i] < 0)
        t0 = MAX(t0, t);
      else
        t1 = MIN(t1, t);
    }
  }
  return t0 < t1;
}

static void
b_segment(Builder *b, double x0, double y0, double x1, double y1)
{
  Segment sg = { x0, y0, x1, y1 };
  g_array_append_val(b->L->segments, sg);
}

/* Is `r` inside `bounds` (if given), clear of every label and mark placed so far and, when
 * `strict`, of every line? */
static gboolean
b_is_free_strict(Builder *b, const OmRect *r, const OmRect *bounds, gboolean strict)
{
  if (bounds != NULL && !rect_inside(r, bounds))
    return FALSE;
  /* A little air around a placed label, so that neighbours do not read as one text. */
  double air = 0.1 * b->fs;
  OmRect grown = rect_make(r->x - air, r->y - air, r->w + 2 * air, r->h + 2 * air);
  if (strict)
    for (guint i = 0; i < b->L->segments->len; i++)
      if (segment_hits_rect(&g_array_index(b->L->segments, Segment, i), r))
        return FALSE;
  return b_is_free(b, &grown, NULL);
}

/* Is `r` inside `bounds` (if given) and clear of every label and mark placed so far? */
static gboolean
b_is_free(Builder *b, const OmRect *r, const OmRect *bounds)
{
  if (bounds != NULL && !rect_inside(r, bounds))
    return FALSE;
  for (guint i = 0; i < b->L->labels->len; i++)
    if (om_rect_intersects(r, &g_array_index(b->L->labels, OmChartLabel, i).rect))
      return FALSE;
  for (guint i = 0; i < b->L->marks->len; i++)
    if (om_rect_intersects(r, &g_array_index(b->L->marks, OmChartMark, i).rect))
      return FALSE;
  return TRUE;
}

static double
base_font_size(double w, double h)
{
  /* 11.5 at 800×500, growing with the chart's area; never below 9 points (print). A chart
   * made taller to hold more rows keeps the text size of its width. */
  double k = sqrt(w * MIN(h, 0.625 * w) / (800.0 * 500.0));
  return 11.5 * CLAMP(k, 0.78, 2.2);
}

static char *
format_percent_short(double share, OmLang lang)
{
  /* Whole percentages without a decimal ("90%"), others with one ("87,5%"). */
  double pct = share * 100;
  return om_format_percent(share, fabs(pct - round(pct)) < 1e-9 ? 0 : 1, lang);
}

static char *
target_text(double target, int deadline, OmLang lang)
{
  char *pct = format_percent_short(target, lang);
  char *s = deadline > 0 ? g_strdup_printf(TR(lang, "Doel %d: %s", "Target %d: %s"), deadline, pct)
                         : g_strdup_printf(TR(lang, "Doel: %s", "Target: %s"), pct);
  g_free(pct);
  return s;
}

static char *
n_text(guint64 n, OmLang lang)
{
  char *num = om_format_number((double)n, 0, lang);
  char *s = g_strdup_printf("n=%s", num);
  g_free(num);
  return s;
}

static char *
too_few_text(guint64 n, OmLang lang)
{
  char *num = om_format_number((double)n, 0, lang);
  char *s = g_strdup_printf(TR(lang, "te weinig respons (n=%s)", "too few responses (n=%s)"), num);
  g_free(num);
  return s;
}

static OmChartColour
series_colour(const OmChartSeries *s, gsize index)
{
  if (s->colour != OM_COLOUR_AUTO)
    return s->colour;
  if (s->emphasis)
    return OM_COLOUR_BLACK;
  return auto_order[index % G_N_ELEMENTS(auto_order)];
}

/* ---------------------------------------------------------------------------------------
 * Legend: entries flow left to right and wrap; each a glyph (a mark) and a text (a label).
 */

typedef struct {
  GlyphKind kind;
  OmChartColour colour;
  gboolean emphasis;
  OmChartStatus status;
  char *text;
} LegendEntry;

static void
legend_add(GArray *entries, GlyphKind kind, OmChartColour colour, gboolean emphasis,
           OmChartStatus status, char *text)
{
  LegendEntry e = { kind, colour, emphasis, status, text };
  g_array_append_val(entries, e);
}

static void
legend_clear(GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    g_free(g_array_index(entries, LegendEntry, i).text);
  g_array_unref(entries);
}

/* Lays out the entries in rows of `width` from (x0, y0); with emit, records them. Returns
 * the legend's height. */
static double
legend_flow(Builder *b, GArray *entries, double x0, double y0, double width, gboolean emit)
{
  if (entries->len == 0)
    return 0;
  double lfs = b->fs * 0.88;
  OmTextStyle ts = text_style(lfs, FALSE, FALSE, 0);
  double gw = 2.0 * lfs, gh = lfs, gap = 0.4 * lfs, sep = 1.3 * lfs;
  double x = x0, y = y0, row_h = 0;
  for (guint i = 0; i < entries->len; i++) {
    LegendEntry *e = &g_array_index(entries, LegendEntry, i);
    double tw, th;
    b_measure(b, e->text, &ts, &tw, &th);
    double ew = gw + gap + tw;
    if (x > x0 && x + ew > x0 + width) {
      y += row_h + 0.3 * lfs;
      x = x0;
      row_h = 0;
    }
    double lh = MAX(th, gh);
    if (emit) {
      OmRect g = rect_make(x, y + (lh - gh) / 2, gw, gh);
      b_mark(b, OM_MARK_LEGEND, -1, (int)b->L->glyphs->len, -1, g);
      LegendGlyph lg = { e->kind, e->colour, e->emphasis, e->status, g };
      g_array_append_val(b->L->glyphs, lg);
      b_label(b, OM_LABEL_LEGEND, -1, -1, -1, e->text, &ts,
              rect_make(x + gw + gap, y + (lh - th) / 2, tw, th), 0);
    }
    row_h = MAX(row_h, lh);
    x += ew + sep;
  }
  return y + row_h - y0;
}

/* ---------------------------------------------------------------------------------------
 * Trend chart layout
 */

static gboolean
validate_trend(const OmTrendChart *chart, GError **error)
{
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

/* The last plotted point of a series, or -1. */
static gssize
last_shown(const OmChartSeries *s)
{
  for (gsize i = s->n_points; i > 0; i--)
    if (!s->points[i - 1].suppressed)
      return (gssize)(i - 1);
  return -1;
}

static gboolean
panel_has_bars(const OmTrendPanel *p)
{
  return !p->ribbons;
}

/* One series, no ribbons: the institution chart with values, n and in-plot notes. */
static gboolean
panel_is_single(const OmTrendPanel *p)
{
  return p->n_series == 1;
}

/* A point whose note could not be placed in the plot goes to the panel's note instead;
 * the key encodes panel, series and point. */
static gpointer
fallback_key(gsize panel, gsize series, gsize point)
{
  return GSIZE_TO_POINTER(((panel * 1024 + series) * 65536 + point) + 1);
}

typedef struct {
  int first_year, last_year;
  OmAxisTicks ticks;
  int tick_decimals;
  double pfs;
  double header_h, ytick_w, gutter_w;
  double year_h, n_h, base_h, note_h;
  int n_rows; /* rows of "n=" labels: 0, 1 or 2 (staggered) */
  int year_step;
  gboolean any_baseline;
} TrendShared;

/* Where the plot starts below the panel's top, and how tall it is in a cell of height
 * cell_h: the header above, the year, n and nulmeting rows and the note below. */
static double
panel_top_offset(const TrendShared *sh)
{
  return sh->header_h + (sh->header_h > 0 ? 0.35 * sh->pfs : 0) + 0.6 * sh->year_h;
}

static double
panel_plot_height(const TrendShared *sh, double cell_h)
{
  double below = (sh->note_h > 0 ? sh->note_h + 0.3 * sh->pfs : 0) + sh->base_h
                 + sh->n_rows * sh->n_h + sh->year_h + 0.55 * sh->year_h;
  return cell_h - panel_top_offset(sh) - below;
}

/* The note under a panel: suppressed points in multi-series panels (and single-series
 * ones that found no place in the plot), and n when it did not fit under the years. */
static char *
panel_note(Builder *b, const OmTrendPanel *panel, gsize p, GHashTable *fallback, gboolean n_in_note)
{
  GString *note = g_string_new(NULL);
  GString *few = g_string_new(NULL);
  for (gsize s = 0; s < panel->n_series; s++) {
    const OmChartSeries *series = &panel->series[s];
    for (gsize i = 0; i < series->n_points; i++) {
      const OmChartPoint *pt = &series->points[i];
      if (!pt->suppressed)
        continue;
      if (panel_is_single(panel) && !g_hash_table_contains(fallback, fallback_key(p, s, i)))
        continue;
      char *num = om_format_number((double)pt->n, 0, b->lang);
      if (few->len > 0)
        g_string_append(few, "; ");
      if (panel_is_single(panel))
        g_string_append_printf(few, "%d (n=%s)", pt->year, num);
      else
        g_string_append_printf(few, "%s %d (n=%s)", series->label ? series->label : "", pt->year,
                               num);
      g_free(num);
    }
  }
  if (few->len > 0)
    g_string_append_printf(note, "%s: %s.", TR(b->lang, "Te weinig respons", "Too few responses"),
                           few->str);
  g_string_free(few, TRUE);
  if (n_in_note && panel_is_single(panel)) {
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
  if (!panel_is_single(panel))
    return 1;
  const OmChartSeries *series = &panel->series[0];
  OmTextStyle ts = text_style(size, FALSE, FALSE, 0);
  double gap = 0.5 * size;
  for (int rows = 1; rows <= 2; rows++) {
    gboolean ok = TRUE;
    for (gsize i = 0; i + rows < series->n_points && ok; i++) {
      char *t1 = n_text(series->points[i].n, b->lang);
      char *t2 = n_text(series->points[i + rows].n, b->lang);
      double w1, w2, h;
      b_measure(b, t1, &ts, &w1, &h);
      b_measure(b, t2, &ts, &w2, &h);
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

/* Tries candidate rectangles in order; records the first free one as a label. Lines are
 * avoided if any candidate allows it, crossed (over the label's white halo) otherwise;
 * labels and marks are never overlapped. */
static gboolean
b_place(Builder *b, OmLabelKind kind, int panel, int series, int point, const char *text,
        const OmTextStyle *ts, const OmRect *candidates, gsize n, const OmRect *bounds)
{
  for (int strict = 1; strict >= 0; strict--)
    for (gsize i = 0; i < n; i++)
      if (b_is_free_strict(b, &candidates[i], bounds, strict)) {
        b_label(b, kind, panel, series, point, text, ts, candidates[i], 0);
        return TRUE;
      }
  return FALSE;
}

/* Candidate boxes of size w×h around a mark centred at (cx, cy) with half-extent rx
 * horizontally and [top, bottom] vertically: right, left, above, below, then shifted. */
static gsize
candidates_around(OmRect *out, double cx, double cy, double rx, double top, double bottom, double w,
                  double h, double pad)
{
  gsize n = 0;
  out[n++] = rect_make(cx + rx + pad, cy - h / 2, w, h);
  out[n++] = rect_make(cx - rx - pad - w, cy - h / 2, w, h);
  out[n++] = rect_make(cx - w / 2, top - pad - h, w, h);
  out[n++] = rect_make(cx - w / 2, bottom + pad, w, h);
  out[n++] = rect_make(cx + rx + pad, cy - h * 1.6, w, h);
  out[n++] = rect_make(cx + rx + pad, cy + h * 0.6, w, h);
  out[n++] = rect_make(cx - rx - pad - w, cy - h * 1.6, w, h);
  out[n++] = rect_make(cx - rx - pad - w, cy + h * 0.6, w, h);
  return n;
}

/* Sizes of point markers and interval caps, shared by the layout (as marks) and the
 * renderer (as ink) so that a mark's rectangle is exactly what gets drawn. */
static double
marker_radius(const OmTrendPanel *panel, double pfs)
{
  return (panel_is_single(panel) ? 0.36 : 0.28) * pfs;
}

static double
cap_half_width(const OmTrendPanel *panel, double pfs, double dodge)
{
  return panel_is_single(panel) ? 0.38 * pfs : MIN(0.3 * pfs, MAX(dodge * 0.4, 0.12 * pfs));
}

static void
layout_trend_panel(Builder *b, const OmTrendChart *chart, gsize p, const TrendShared *sh,
                   OmRect box, GHashTable *fallback, gboolean n_in_note, GHashTable *new_fallback)
{
  const OmTrendPanel *panel = &chart->panels[p];
  double pfs = sh->pfs;
  OmLang lang = b->lang;
  int pi = (int)p;
  OmChartPanelLayout pl = { 0 };
  pl.box = box;

  /* Header: panel title, then the status marker and sentence. */
  double y = box.y;
  if (panel->title != NULL && *panel->title) {
    OmTextStyle ts = text_style(pfs * 1.08, TRUE, FALSE, box.w);
    y += b_text(b, OM_LABEL_PANEL_TITLE, pi, panel->title, &ts, box.x, y) + 0.15 * pfs;
  }
  if (panel->subtitle != NULL && *panel->subtitle) {
    double m = 0.85 * pfs;
    double indent = panel->status != OM_CHART_STATUS_NONE ? m + 0.45 * pfs : 0;
    OmTextStyle ts = text_style(pfs, FALSE, FALSE, box.w - indent);
    double lw, lh;
    b_measure(b, "Ag", &ts, &lw, &lh);
    if (panel->status != OM_CHART_STATUS_NONE)
      b_mark(b, OM_MARK_STATUS, pi, -1, -1, rect_make(box.x, y + (lh - m) / 2, m, m));
    b_text(b, OM_LABEL_STATUS, pi, panel->subtitle, &ts, box.x + indent, y);
  }

  /* The plot: left of it the share ticks, right the gutter, under it the year rows. */
  double top = box.y + panel_top_offset(sh);
  pl.plot = rect_make(box.x + sh->ytick_w + 0.5 * pfs, top, 0, 0);
  pl.plot.w = box.x + box.w - sh->gutter_w - pl.plot.x;
  pl.plot.h = panel_plot_height(sh, box.h);
  OmRect plot = pl.plot;
  double plot_bottom = plot.y + plot.h, plot_right = plot.x + plot.w;
  om_axis_years(sh->first_year, sh->last_year, plot.x, plot_right, &pl.x);
  om_scale_init(&pl.y, sh->ticks.first, sh->ticks.last, plot_bottom, plot.y);
  pl.share_ticks = sh->ticks;
  pl.first_year = sh->first_year;
  pl.last_year = sh->last_year;
  pl.year_step = sh->year_step;
  double spacing = plot.w / (sh->last_year - sh->first_year + 1);
  gsize k = panel->n_series;
  pl.dodge = k > 1 && panel_has_bars(panel) ? MIN(0.6 * spacing / (double)k, 1.4 * pfs) : 0;

  /* Share ticks. */
  OmTextStyle tick_ts = text_style(pfs * 0.92, FALSE, FALSE, 0);
  for (guint i = 0; i < sh->ticks.n; i++) {
    double v = om_axis_tick_value(&sh->ticks, i);
    char *t = om_format_percent(v, sh->tick_decimals, lang);
    double tw, th;
    b_measure(b, t, &tick_ts, &tw, &th);
    double ty = om_scale_map(&pl.y, v);
    OmRect r = rect_make(plot.x - 0.5 * pfs - tw, ty - th / 2, tw, th);
    if (b_is_free(b, &r, NULL)) /* a plot too low for every tick keeps the ones that fit */
      b_label(b, OM_LABEL_TICK, pi, -1, -1, t, &tick_ts, r, 2);
    g_free(t);
  }

  /* Year ticks, then n and nulmeting under them. */
  double row_y = plot_bottom + 0.55 * sh->year_h;
  for (int yr = sh->first_year; yr <= sh->last_year; yr++) {
    if ((yr - sh->first_year) % sh->year_step != 0)
      continue;
    char t[16];
    g_snprintf(t, sizeof t, "%d", yr);
    double tw, th;
    b_measure(b, t, &tick_ts, &tw, &th);
    OmRect r = rect_make(om_scale_map(&pl.x, yr) - tw / 2, row_y, tw, th);
    if (b_is_free(b, &r, NULL))
      b_label(b, OM_LABEL_TICK, pi, -1, -1, t, &tick_ts, r, 1);
  }
  row_y += sh->year_h;
  OmTextStyle n_ts = text_style(pfs * 0.82, FALSE, FALSE, 0);
  if (panel_is_single(panel) && !n_in_note && sh->n_rows > 0) {
    const OmChartSeries *series = &panel->series[0];
    for (gsize i = 0; i < series->n_points; i++) {
      char *t = n_text(series->points[i].n, lang);
      double tw, th;
      b_measure(b, t, &n_ts, &tw, &th);
      double ny = row_y + (sh->n_rows == 2 ? (double)(i % 2) * sh->n_h : 0);
      b_label(b, OM_LABEL_N, pi, 0, (int)i, t, &n_ts,
              rect_make(om_scale_map(&pl.x, series->points[i].year) - tw / 2, ny, tw, th), 1);
      g_free(t);
    }
  }
  row_y += sh->n_rows * sh->n_h;
  if (sh->any_baseline) {
    OmTextStyle bts = text_style(pfs * 0.82, FALSE, TRUE, 0);
    const char *t = TR(lang, "nulmeting", "baseline");
    double tw, th;
    b_measure(b, t, &bts, &tw, &th);
    GHashTable *done = g_hash_table_new(NULL, NULL);
    for (gsize s = 0; s < panel->n_series; s++)
      for (gsize i = 0; i < panel->series[s].n_points; i++) {
        const OmChartPoint *pt = &panel->series[s].points[i];
        if (!pt->baseline || g_hash_table_contains(done, GINT_TO_POINTER(pt->year)))
          continue;
        g_hash_table_add(done, GINT_TO_POINTER(pt->year));
        double cx = om_scale_map(&pl.x, pt->year);
        cx = CLAMP(cx, box.x + tw / 2, box.x + box.w - tw / 2);
        OmRect r = rect_make(cx - tw / 2, row_y, tw, th);
        if (b_is_free(b, &r, NULL))
          b_label(b, OM_LABEL_BASELINE, pi, (int)s, (int)i, t, &bts, r, 1);
      }
    g_hash_table_unref(done);
  }

  /* Data marks: every plotted point and interval, the projections. */
  gboolean single = panel_is_single(panel);
  double r = marker_radius(panel, pfs), cap = cap_half_width(panel, pfs, pl.dodge);
  for (gsize s = 0; s < k; s++) {
    const OmChartSeries *series = &panel->series[s];
    double off = ((double)s - (double)(k - 1) / 2) * pl.dodge;
    for (gsize i = 0; i < series->n_points; i++) {
      const OmChartPoint *pt = &series->points[i];
      if (pt->suppressed)
        continue;
      double cx = om_scale_map(&pl.x, pt->year) + off;
      double cy = om_scale_map(&pl.y, pt->estimate);
      b_mark(b, OM_MARK_POINT, pi, (int)s, (int)i, rect_make(cx - r, cy - r, 2 * r, 2 * r));
      if (panel_has_bars(panel) && isfinite(pt->lower) && isfinite(pt->upper)) {
        double yu = om_scale_map(&pl.y, pt->upper), yl = om_scale_map(&pl.y, pt->lower);
        b_mark(b, OM_MARK_INTERVAL, pi, (int)s, (int)i,
               rect_make(cx - cap, MIN(yu, yl), 2 * cap, fabs(yl - yu)));
      }
    }
    for (gsize i = 0; i + 1 < series->n_points; i++)
      if (!series->points[i].suppressed && !series->points[i + 1].suppressed)
        b_segment(b, om_scale_map(&pl.x, series->points[i].year) + off,
                  om_scale_map(&pl.y, series->points[i].estimate),
                  om_scale_map(&pl.x, series->points[i + 1].year) + off,
                  om_scale_map(&pl.y, series->points[i + 1].estimate));
    gssize last = last_shown(series);
    if (series->has_projection && last >= 0)
      b_segment(b, om_scale_map(&pl.x, series->points[last].year) + off,
                om_scale_map(&pl.y, series->points[last].estimate),
                om_scale_map(&pl.x, series->projection_year) + off,
                om_scale_map(&pl.y, series->projection));
    if (series->has_projection) {
      double cx = om_scale_map(&pl.x, series->projection_year) + off;
      double cy = om_scale_map(&pl.y, series->projection);
      double yu = cy, yl = cy;
      if (isfinite(series->projection_upper) && isfinite(series->projection_lower)) {
        yu = om_scale_map(&pl.y, series->projection_upper);
        yl = om_scale_map(&pl.y, series->projection_lower);
      }
      double top_y = MIN(MIN(yu, yl), cy - r), bot_y = MAX(MAX(yu, yl), cy + r);
      b_mark(b, OM_MARK_PROJECTION, pi, (int)s, -1,
             rect_make(cx - MAX(cap, r), top_y, 2 * MAX(cap, r), bot_y - top_y));
    }
  }

  /* In-plot labels, most important first; each takes the first free candidate. */
  OmRect inner = rect_make(plot.x + 1, plot.y + 1, plot.w - 2, plot.h - 2);
  OmRect cand[32];
  double pad = 0.3 * pfs;

  if (single) {
    const OmChartSeries *series = &panel->series[0];
    OmTextStyle few_ts = text_style(pfs * 0.82, FALSE, TRUE, 0);
    for (gsize i = 0; i < series->n_points; i++) {
      const OmChartPoint *pt = &series->points[i];
      if (!pt->suppressed || g_hash_table_contains(fallback, fallback_key(p, 0, i)))
        continue;
      char *t = too_few_text(pt->n, lang);
      OmTextStyle ts = few_ts;
      double tw, th;
      b_measure(b, t, &ts, &tw, &th);
      if (tw > spacing * 0.96) {
        ts.wrap_width = spacing * 0.92;
        b_measure(b, t, &ts, &tw, &th);
      }
      double cx
          = CLAMP(om_scale_map(&pl.x, pt->year), inner.x + tw / 2, inner.x + inner.w - tw / 2);
      /* Just above the axis at its year reads as "no share for this year". */
      static const double fractions[] = { 0.9, 0.78, 0.66, 0.54, 0.42, 0.3, 0.18, 0.08 };
      gsize n = 0;
      for (gsize f = 0; f < G_N_ELEMENTS(fractions); f++)
        cand[n++] = rect_make(cx - tw / 2, inner.y + fractions[f] * inner.h - th / 2, tw, th);
      if (!b_place(b, OM_LABEL_SUPPRESSED, pi, 0, (int)i, t, &ts, cand, n, &inner))
        g_hash_table_add(new_fallback, fallback_key(p, 0, i));
      g_free(t);
    }
  }

  if (panel->deadline >= sh->first_year && panel->deadline <= sh->last_year) {
    OmTextStyle ts = text_style(pfs * 0.8, FALSE, TRUE, 0);
    const char *t = TR(lang, "streefjaar", "target year");
    double tw, th;
    b_measure(b, t, &ts, &tw, &th);
    if (tw <= spacing * 0.95) {
      double cx = om_scale_map(&pl.x, panel->deadline);
      cand[0] = rect_make(cx - tw / 2, inner.y + 0.15 * pfs, tw, th);
      cand[1] = rect_make(cx - tw / 2, inner.y + inner.h - th - 0.15 * pfs, tw, th);
      b_place(b, OM_LABEL_DEADLINE, pi, -1, -1, t, &ts, cand, 2, &inner);
    }
  }

  if (panel->has_target && single) {
    char *t = target_text(panel->target, panel->deadline, lang);
    OmTextStyle ts = text_style(pfs * 0.88, TRUE, FALSE, 0);
    double tw, th;
    b_measure(b, t, &ts, &tw, &th);
    double ty = om_scale_map(&pl.y, panel->target);
    static const double along[] = { 1.0, 0.0, 0.5, 0.75, 0.25, 0.875, 0.125, 0.625, 0.375 };
    gsize n = 0;
    for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
      double x = inner.x + 0.2 * pfs + along[a] * (inner.w - tw - 0.4 * pfs);
      cand[n++] = rect_make(x, ty - th - 0.12 * pfs, tw, th);
      cand[n++] = rect_make(x, ty + 0.12 * pfs, tw, th);
    }
    b_place(b, OM_LABEL_TARGET, pi, -1, -1, t, &ts, cand, n, &inner);
    g_free(t);
    b_segment(b, plot.x, ty, plot_right, ty);
  }

  if (single) {
    const OmChartSeries *series = &panel->series[0];
    OmTextStyle ts = text_style(pfs * 0.88, TRUE, FALSE, 0);
    for (gsize i = 0; i < series->n_points; i++) {
      const OmChartPoint *pt = &series->points[i];
      if (pt->suppressed)
        continue;
      char *t = om_format_percent(pt->estimate, 1, lang);
      double tw, th;
      b_measure(b, t, &ts, &tw, &th);
      double cx = om_scale_map(&pl.x, pt->year), cy = om_scale_map(&pl.y, pt->estimate);
      double yt = cy - r, yb = cy + r;
      if (isfinite(pt->lower) && isfinite(pt->upper)) {
        yt = MIN(yt, om_scale_map(&pl.y, pt->upper));
        yb = MAX(yb, om_scale_map(&pl.y, pt->lower));
      }
      gsize n = candidates_around(cand, cx, cy, MAX(r, cap), yt, yb, tw, th, pad);
      b_place(b, OM_LABEL_VALUE, pi, 0, (int)i, t, &ts, cand, n, &inner);
      g_free(t);
    }
    if (series->has_projection) {
      char *v = om_format_percent(series->projection, 1, lang);
      const char *word = TR(lang, "prognose", "projection");
      char *one = g_strdup_printf("%s %s", word, v);
      char *two = g_strdup_printf("%s\n%s", word, v);
      OmTextStyle pts = text_style(pfs * 0.82, FALSE, TRUE, 0);
      double cx = om_scale_map(&pl.x, series->projection_year);
      double cy = om_scale_map(&pl.y, series->projection);
      double yt = cy - r, yb = cy + r;
      if (isfinite(series->projection_lower) && isfinite(series->projection_upper)) {
        yt = MIN(yt, om_scale_map(&pl.y, series->projection_upper));
        yb = MAX(yb, om_scale_map(&pl.y, series->projection_lower));
      }
      const char *texts[] = { one, two };
      for (int v2 = 0; v2 < 2; v2++) {
        double tw, th;
        b_measure(b, texts[v2], &pts, &tw, &th);
        gsize n = candidates_around(cand, cx, cy, MAX(r, cap), yt, yb, tw, th, pad);
        if (b_place(b, OM_LABEL_PROJECTION, pi, 0, -1, texts[v2], &pts, cand, n, &inner))
          break;
      }
      g_free(v);
      g_free(one);
      g_free(two);
    }
  } else {
    /* Line-end labels in the gutter, de-overlapped; the target label joins them. */
    OmTextStyle ts = text_style(pfs * 0.9, TRUE, FALSE, 0);
    OmTextStyle tts = text_style(pfs * 0.88, TRUE, FALSE, 0);
    gsize cap_n = k + 1, n = 0;
    double *centre = g_new(double, cap_n), *size = g_new(double, cap_n);
    double *width = g_new(double, cap_n);
    char **texts = g_new0(char *, cap_n);
    int *which = g_new(int, cap_n);
    for (gsize s = 0; s < k; s++) {
      const OmChartSeries *series = &panel->series[s];
      gssize last = last_shown(series);
      double end;
      if (series->has_projection)
        end = series->projection;
      else if (last >= 0)
        end = series->points[last].estimate;
      else
        continue;
      double tw, th;
      texts[n] = g_strdup(series->label ? series->label : "");
      b_measure(b, texts[n], &ts, &tw, &th);
      centre[n] = om_scale_map(&pl.y, end);
      size[n] = th;
      width[n] = tw;
      which[n] = (int)s;
      n++;
    }
    if (panel->has_target) {
      double tw, th;
      texts[n] = target_text(panel->target, panel->deadline, lang);
      b_measure(b, texts[n], &tts, &tw, &th);
      centre[n] = om_scale_map(&pl.y, panel->target);
      size[n] = th;
      width[n] = tw;
      which[n] = -1;
      n++;
    }
    if (om_labels_spread(centre, size, n, 0.2 * pfs, plot.y, plot_bottom)) {
      for (gsize i = 0; i < n; i++) {
        OmRect rr = rect_make(plot_right + 0.45 * pfs, centre[i] - size[i] / 2, width[i], size[i]);
        if (which[i] >= 0)
          b_label(b, OM_LABEL_SERIES_END, pi, which[i], -1, texts[i], &ts, rr, 0);
        else
          b_label(b, OM_LABEL_TARGET, pi, -1, -1, texts[i], &tts, rr, 0);
      }
    }
    for (gsize i = 0; i < n; i++)
      g_free(texts[i]);
    g_free(texts);
    g_free(centre);
    g_free(size);
    g_free(width);
    g_free(which);
  }

  /* The note at the bottom of the panel. */
  char *note = panel_note(b, panel, p, fallback, n_in_note);
  if (note != NULL) {
    OmTextStyle ts = text_style(pfs * 0.8, FALSE, TRUE, box.w);
    double tw, th;
    b_measure(b, note, &ts, &tw, &th);
    b_label(b, OM_LABEL_NOTE, pi, -1, -1, note, &ts,
            rect_make(box.x, box.y + box.h - sh->note_h, tw, th), 0);
    g_free(note);
  }
  g_array_append_val(b->L->panels, pl);
}

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
        bar_colour = panel_is_single(panel) ? series_colour(&panel->series[0], 0) : OM_COLOUR_BLACK;
      else if (panel_is_single(panel) && bar_colour != series_colour(&panel->series[0], 0))
        bar_colour = OM_COLOUR_BLACK;
      bars = TRUE;
    }
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      if (series->has_projection)
        projection = TRUE;
      if (panel->n_series > 1 && series->label != NULL
          && !g_hash_table_contains(seen, series->label)) {
        g_hash_table_add(seen, (gpointer)series->label);
        legend_add(series_entries, GLYPH_LINE, series_colour(series, s), series->emphasis,
                   OM_CHART_STATUS_NONE, g_strdup(series->label));
      }
    }
  }
  g_hash_table_unref(seen);
  for (guint i = 0; i < series_entries->len; i++)
    g_array_append_val(entries, g_array_index(series_entries, LegendEntry, i));
  g_array_unref(series_entries); /* the texts moved to entries */
  if (bars)
    legend_add(entries, GLYPH_POINT_BAR, bar_colour, FALSE, OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "gemeten aandeel met 95%-betrouwbaarheidsinterval",
                           "measured share with 95% confidence interval")));
  if (ribbons)
    legend_add(
        entries, GLYPH_RIBBON, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
        g_strdup(TR(lang, "band: 95%-betrouwbaarheidsinterval", "band: 95% confidence interval")));
  if (target) {
    char *t;
    if (same_target) {
      char *pct = format_percent_short(first_target, lang);
      t = first_deadline > 0
              ? g_strdup_printf(TR(lang, "doel: %s in %d", "target: %s in %d"), pct, first_deadline)
              : g_strdup_printf(TR(lang, "doel: %s", "target: %s"), pct);
      g_free(pct);
    } else {
      t = g_strdup(TR(lang, "doel", "target"));
    }
    legend_add(entries, GLYPH_TARGET, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE, t);
  }
  if (projection)
    legend_add(entries, GLYPH_PROJECTION,
               bar_colour == OM_COLOUR_AUTO ? OM_COLOUR_BLACK : bar_colour, FALSE,
               OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "prognose tot het streefjaar (95%-interval)",
                           "projection to the target year (95% interval)")));
  if (band)
    legend_add(entries, GLYPH_BAND, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "streefjaar", "target year")));
}

static void
build_trend(Builder *b, const OmTrendChart *chart, GHashTable *fallback, GHashTable *new_fallback)
{
  double fs = b->fs, w = b->w, h = b->h, pad = fs;
  OmLang lang = b->lang;
  gsize np = chart->n_panels;

  /* Title at the top; footnote and legend at the bottom. */
  double top = pad * 0.8;
  if (chart->title != NULL && *chart->title) {
    OmTextStyle ts = text_style(fs * 1.4, TRUE, FALSE, w - 2 * pad);
    top += b_text(b, OM_LABEL_TITLE, -1, chart->title, &ts, pad, top) + 0.5 * fs;
  }
  double bottom = h - pad * 0.8;
  if (chart->footnote != NULL && *chart->footnote) {
    OmTextStyle ts = text_style(fs * 0.78, FALSE, FALSE, w - 2 * pad);
    double tw, th;
    b_measure(b, chart->footnote, &ts, &tw, &th);
    bottom -= th;
    b_label(b, OM_LABEL_FOOTNOTE, -1, -1, -1, chart->footnote, &ts, rect_make(pad, bottom, tw, th),
            0);
    bottom -= 0.4 * fs;
  }
  GArray *entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  trend_legend(b, chart, entries);
  double legend_h = legend_flow(b, entries, pad, 0, w - 2 * pad, FALSE);
  if (legend_h > 0) {
    bottom -= legend_h;
    legend_flow(b, entries, pad, bottom, w - 2 * pad, TRUE);
    bottom -= 0.6 * fs;
  }
  legend_clear(entries);

  /* Axis titles: shared by all panels. */
  const char *x_title = TR(lang, "Jaar van meting", "Survey year");
  const char *y_title
      = chart->y_title ? chart->y_title : TR(lang, "% tevreden ouders", "% satisfied parents");
  OmTextStyle axis_ts = text_style(fs * 0.95, FALSE, FALSE, 0);
  double xtw, xth, ytw, yth;
  b_measure(b, x_title, &axis_ts, &xtw, &xth);
  b_measure(b, y_title, &axis_ts, &ytw, &yth);
  bottom -= xth;
  double x_title_y = bottom;
  bottom -= 0.2 * fs;
  double grid_x = pad + yth + 0.4 * fs, grid_w = w - pad - grid_x;
  double grid_y = top, grid_h = bottom - top;

  gsize cols = np == 1 ? 1 : np <= 4 ? 2 : 3;
  gsize rows = (np + cols - 1) / cols;
  double hgap = 2.0 * fs, vgap = 1.2 * fs;
  double cell_w = (grid_w - hgap * (double)(cols - 1)) / (double)cols;
  double cell_h = (grid_h - vgap * (double)(rows - 1)) / (double)rows;

  TrendShared sh = { 0 };
  sh.pfs = fs * (np > 1 ? 0.9 : 1.0);
  double pfs = sh.pfs;

  /* Years: from the earliest wave to the latest of deadline, projection and wave. */
  sh.first_year = G_MAXINT;
  sh.last_year = G_MININT;
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  gboolean any_multi = FALSE;
  for (gsize p = 0; p < np; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    if (panel->has_target)
      g_array_append_val(values, panel->target);
    if (panel->deadline != 0) {
      sh.first_year = MIN(sh.first_year, panel->deadline);
      sh.last_year = MAX(sh.last_year, panel->deadline);
    }
    if (!panel_is_single(panel))
      any_multi = TRUE; /* several series, or none: labels go to the gutter */
    for (gsize s = 0; s < panel->n_series; s++) {
      const OmChartSeries *series = &panel->series[s];
      for (gsize i = 0; i < series->n_points; i++) {
        const OmChartPoint *pt = &series->points[i];
        sh.first_year = MIN(sh.first_year, pt->year);
        sh.last_year = MAX(sh.last_year, pt->year);
        if (pt->baseline)
          sh.any_baseline = TRUE;
        if (pt->suppressed)
          continue; /* a suppressed share must not even steer the axis */
        g_array_append_val(values, pt->estimate);
        g_array_append_val(values, pt->lower);
        g_array_append_val(values, pt->upper);
      }
      if (series->has_projection) {
        sh.first_year = MIN(sh.first_year, series->projection_year);
        sh.last_year = MAX(sh.last_year, series->projection_year);
        g_array_append_val(values, series->projection);
        g_array_append_val(values, series->projection_lower);
        g_array_append_val(values, series->projection_upper);
      }
    }
  }
  if (sh.first_year > sh.last_year) {
    /* Nothing dated at all: an empty axis around the current year. */
    GDateTime *now = g_date_time_new_now_local();
    sh.first_year = sh.last_year = g_date_time_get_year(now);
    g_date_time_unref(now);
  }

  /* Header height: the tallest panel title + subtitle, so that plots line up. */
  for (gsize p = 0; p < np; p++) {
    const OmTrendPanel *panel = &chart->panels[p];
    double hh = 0, tw, th;
    if (panel->title != NULL && *panel->title) {
      OmTextStyle ts = text_style(pfs * 1.08, TRUE, FALSE, cell_w);
      b_measure(b, panel->title, &ts, &tw, &th);
      hh += th + 0.15 * pfs;
    }
    if (panel->subtitle != NULL && *panel->subtitle) {
      double indent = panel->status != OM_CHART_STATUS_NONE ? 1.3 * pfs : 0;
      OmTextStyle ts = text_style(pfs, FALSE, FALSE, cell_w - indent);
      b_measure(b, panel->subtitle, &ts, &tw, &th);
      hh += th;
    }
    sh.header_h = MAX(sh.header_h, hh);
  }

  OmTextStyle tick_ts = text_style(pfs * 0.92, FALSE, FALSE, 0);
  OmTextStyle n_ts = text_style(pfs * 0.82, FALSE, FALSE, 0);
  double tw, th;
  b_measure(b, "2016", &tick_ts, &tw, &sh.year_h);
  b_measure(b, "n=123", &n_ts, &tw, &sh.n_h);
  if (sh.any_baseline)
    b_measure(b, "nulmeting", &n_ts, &tw, &sh.base_h);

  /* Share ticks from an estimate of the plot height (one tick per ~2.6 text lines); once
   * the rows under the plot are known, fewer ticks if the labels would crowd. */
  double est_plot_h = cell_h - sh.header_h - sh.year_h * 2.2 - sh.n_h * 2 - sh.base_h;
  guint max_ticks = (guint)CLAMP(est_plot_h / (sh.year_h * 2.6), 3, 8);
  gboolean *n_in_note = g_new0(gboolean, np);
  for (int attempt = 0; attempt < 4; attempt++) {
    om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                               &sh.ticks);
    double pct_step = sh.ticks.step * 100;
    sh.tick_decimals = fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1;
    sh.ytick_w = 0;
    for (guint i = 0; i < sh.ticks.n; i++) {
      char *t = om_format_percent(om_axis_tick_value(&sh.ticks, i), sh.tick_decimals, lang);
      b_measure(b, t, &tick_ts, &tw, &th);
      sh.ytick_w = MAX(sh.ytick_w, tw);
      g_free(t);
    }

    /* Gutter for line-end labels of multi-series panels. */
    sh.gutter_w = 0.5 * pfs;
    if (any_multi) {
      OmTextStyle ts = text_style(pfs * 0.9, TRUE, FALSE, 0);
      OmTextStyle tts = text_style(pfs * 0.88, TRUE, FALSE, 0);
      double need = 0;
      for (gsize p = 0; p < np; p++) {
        const OmTrendPanel *panel = &chart->panels[p];
        if (panel_is_single(panel))
          continue;
        for (gsize s = 0; s < panel->n_series; s++) {
          b_measure(b, panel->series[s].label ? panel->series[s].label : "", &ts, &tw, &th);
          need = MAX(need, tw);
        }
        if (panel->has_target) {
          char *t = target_text(panel->target, panel->deadline, lang);
          b_measure(b, t, &tts, &tw, &th);
          need = MAX(need, tw);
          g_free(t);
        }
      }
      sh.gutter_w = need + 0.9 * pfs;
    }

    /* Horizontal geometry is the same in every cell: decide year step and n rows. */
    double plot_w = cell_w - sh.ytick_w - 0.5 * pfs - sh.gutter_w;
    OmScale xs;
    om_axis_years(sh.first_year, sh.last_year, 0, plot_w, &xs);
    double spacing = plot_w / (sh.last_year - sh.first_year + 1);
    static const int steps[] = { 1, 2, 5, 10, 20, 50 };
    sh.year_step = 100;
    b_measure(b, "2016", &tick_ts, &tw, &th);
    for (gsize i = 0; i < G_N_ELEMENTS(steps); i++)
      if (spacing * steps[i] >= tw + 0.6 * pfs) {
        sh.year_step = steps[i];
        break;
      }
    sh.n_rows = 0;
    for (gsize p = 0; p < np; p++) {
      const OmTrendPanel *panel = &chart->panels[p];
      n_in_note[p] = FALSE;
      if (!panel_is_single(panel))
        continue;
      int need = n_rows_needed(b, panel, &xs, pfs * 0.82);
      if (need == 0)
        n_in_note[p] = TRUE;
      sh.n_rows = MAX(sh.n_rows, need);
    }

    /* Notes: the tallest one sets the reserve of every panel. */
    sh.note_h = 0;
    for (gsize p = 0; p < np; p++) {
      char *note = panel_note(b, &chart->panels[p], p, fallback, n_in_note[p]);
      if (note != NULL) {
        OmTextStyle ts = text_style(pfs * 0.8, FALSE, TRUE, cell_w);
        b_measure(b, note, &ts, &tw, &th);
        sh.note_h = MAX(sh.note_h, th);
        g_free(note);
      }
    }

    guint fit = (guint)MAX(floor(panel_plot_height(&sh, cell_h) / (sh.year_h * 1.4)), 0) + 1;
    if (sh.ticks.n <= fit || max_ticks <= 3)
      break;
    max_ticks = MAX(3, MIN(fit, max_ticks - 1));
  }
  g_array_unref(values);

  for (gsize p = 0; p < np; p++) {
    gsize c = p % cols, rr = p / cols;
    OmRect box = rect_make(grid_x + (double)c * (cell_w + hgap),
                           grid_y + (double)rr * (cell_h + vgap), cell_w, cell_h);
    layout_trend_panel(b, chart, p, &sh, box, fallback, n_in_note[p], new_fallback);
  }
  g_free(n_in_note);

  /* Axis titles centred on the plots they describe. */
  const OmChartPanelLayout *first = &g_array_index(b->L->panels, OmChartPanelLayout, 0);
  const OmChartPanelLayout *last
      = &g_array_index(b->L->panels, OmChartPanelLayout, b->L->panels->len - 1);
  double plots_x0 = first->plot.x;
  double plots_x1 = cols > 1
                        ? g_array_index(b->L->panels, OmChartPanelLayout, MIN(cols, np) - 1).plot.x
                              + first->plot.w
                        : first->plot.x + first->plot.w;
  b_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, x_title, &axis_ts,
          rect_make((plots_x0 + plots_x1) / 2 - xtw / 2, x_title_y, xtw, xth), 1);
  double plots_y0 = first->plot.y, plots_y1 = last->plot.y + last->plot.h;
  OmChartLabel *lab;
  b_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, y_title, &axis_ts,
          rect_make(pad, (plots_y0 + plots_y1) / 2 - ytw / 2, yth, ytw), 1);
  lab = &g_array_index(b->L->labels, OmChartLabel, b->L->labels->len - 1);
  lab->vertical = TRUE;
}

static void
builder_init(Builder *b, OmChartLayout *L, const OmChartStyle *style, double w, double h,
             OmMeasureFunc measure, gpointer mdata)
{
  b->L = L;
  b->measure = measure ? measure : om_chart_measure_pango;
  b->mdata = measure ? mdata : NULL;
  b->family = style->font_family;
  b->lang = style->lang;
  b->fs = base_font_size(w, h);
  b->w = w;
  b->h = h;
  L->fs = b->fs;
}

OmChartLayout *
om_chart_layout_trend(const OmTrendChart *chart, const OmChartStyle *style, double w, double h,
                      OmMeasureFunc measure, gpointer measure_data, GError **error)
{
  assert(chart != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  if (!(w > 0 && h > 0 && isfinite(w) && isfinite(h))) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not positive", w, h);
    return NULL;
  }
  if (!validate_trend(chart, error))
    return NULL;
  OmChartLayout *L = layout_new();
  Builder b;
  builder_init(&b, L, style, w, h, measure, measure_data);
  L->pfs = b.fs * (chart->n_panels > 1 ? 0.9 : 1.0);
  /* A suppressed point whose note finds no room in the plot moves to the panel note; that
   * changes the note's height, so lay out again. The set only grows and is bounded by the
   * suppressed points, so this ends. */
  GHashTable *fallback = g_hash_table_new(NULL, NULL);
  for (;;) {
    GHashTable *more = g_hash_table_new(NULL, NULL);
    layout_reset(L);
    build_trend(&b, chart, fallback, more);
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
  return L;
}

/* ---------------------------------------------------------------------------------------
 * Overview layout: the sorted interval plot and the funnel plot
 */

static gboolean
validate_overview(const OmOverviewChart *chart, GError **error)
{
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

static const char *
row_name(const OmOverviewRow *row)
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
  return g_utf8_collate(row_name(ra), row_name(rb));
}

static guint64
overview_min_n(const OmOverviewChart *chart)
{
  return chart->min_n > 0 ? chart->min_n : 10;
}

static char *
suppressed_note(const OmOverviewChart *chart, OmLang lang)
{
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < chart->n_rows; i++) {
    const OmOverviewRow *row = &chart->rows[i];
    if (!row->suppressed)
      continue;
    char *num = om_format_number((double)row->n, 0, lang);
    g_string_append_printf(s, "%s%s (n=%s)", s->len ? ", " : "", row_name(row), num);
    g_free(num);
  }
  if (s->len == 0) {
    g_string_free(s, TRUE);
    return NULL;
  }
  char *num = om_format_number((double)overview_min_n(chart), 0, lang);
  char *note = g_strdup_printf(TR(lang, "Niet getoond wegens te weinig respons (n < %s): %s.",
                                  "Not shown, too few responses (n < %s): %s."),
                               num, s->str);
  g_free(num);
  g_string_free(s, TRUE);
  return note;
}

static void
overview_legend(Builder *b, const OmOverviewChart *chart, const GArray *visible, GArray *entries)
{
  OmLang lang = b->lang;
  gboolean present[G_N_ELEMENTS(status_info)] = { FALSE };
  for (guint i = 0; i < visible->len; i++)
    present[status_index(chart->rows[g_array_index(visible, gsize, i)].status)] = TRUE;
  for (guint s = 1; s < G_N_ELEMENTS(status_info); s++)
    if (present[s])
      legend_add(entries, GLYPH_STATUS, OM_COLOUR_AUTO, FALSE, (OmChartStatus)s,
                 g_strdup(om_chart_status_label((OmChartStatus)s, lang)));
  if (chart->kind == OM_OVERVIEW_INTERVALS)
    legend_add(entries, GLYPH_POINT_BAR, OM_COLOUR_BLACK, TRUE, OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "95%-betrouwbaarheidsinterval", "95% confidence interval")));
  char *pct = format_percent_short(chart->target, lang);
  char *t = chart->deadline > 0 ? g_strdup_printf(TR(lang, "doel: %s in %d", "target: %s in %d"),
                                                  pct, chart->deadline)
                                : g_strdup_printf(TR(lang, "doel: %s", "target: %s"), pct);
  g_free(pct);
  legend_add(entries, GLYPH_TARGET, OM_COLOUR_BLACK, chart->kind == OM_OVERVIEW_INTERVALS,
             OM_CHART_STATUS_NONE, t);
  if (chart->kind == OM_OVERVIEW_FUNNEL) {
    legend_add(entries, GLYPH_LIMIT95, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "95%-grenzen rond het doel", "95% limits around the target")));
    legend_add(entries, GLYPH_LIMIT998, OM_COLOUR_BLACK, FALSE, OM_CHART_STATUS_NONE,
               g_strdup(TR(lang, "99,8%-grenzen", "99.8% limits")));
  }
}

static void
build_intervals(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
                double bottom)
{
  double fs = b->fs, w = b->w, pad = fs;
  OmLang lang = b->lang;
  gsize nv = visible->len;
  OmChartPanelLayout pl = { 0 };
  pl.box = rect_make(pad, top, w - 2 * pad, bottom - top);

  OmTextStyle head_ts = text_style(fs * 0.85, TRUE, FALSE, 0);
  OmTextStyle tick_ts = text_style(fs * 0.88, FALSE, FALSE, 0);
  OmTextStyle axis_ts = text_style(fs * 0.95, FALSE, FALSE, 0);
  double tw, th, head_h, tick_h, axis_h;
  b_measure(b, "Ag", &head_ts, &tw, &head_h);
  b_measure(b, "100%", &tick_ts, &tw, &tick_h);
  const char *x_title = chart->share_title ? chart->share_title
                                           : TR(lang, "% tevreden ouders", "% satisfied parents");
  double xtw;
  b_measure(b, x_title, &axis_ts, &xtw, &axis_h);

  double plot_y = top + head_h + 0.35 * fs;
  double plot_bottom = bottom - axis_h - tick_h - 0.6 * fs;
  double row_h = (plot_bottom - plot_y) / (double)MAX(nv, 1);
  double rfs = MAX(MIN(0.9 * fs, row_h * 0.78), 4.0);
  pl.row_height = row_h;

  /* Column widths from the texts they must hold. */
  OmTextStyle name_ts = text_style(rfs, FALSE, FALSE, 0);
  OmTextStyle value_ts = text_style(rfs, TRUE, FALSE, 0);
  OmTextStyle status_ts = text_style(rfs, FALSE, FALSE, 0);
  const char *h_name = TR(lang, "Instelling", "Institution");
  const char *h_share = TR(lang, "aandeel", "share");
  const char *h_status = TR(lang, "status", "status");
  double name_w, value_w, n_w, status_w;
  b_measure(b, h_name, &head_ts, &name_w, &th);
  b_measure(b, h_share, &head_ts, &value_w, &th);
  b_measure(b, "n", &head_ts, &n_w, &th);
  b_measure(b, h_status, &head_ts, &status_w, &th);
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(visible, gsize, i)];
    b_measure(b, row_name(row), &name_ts, &tw, &th);
    name_w = MAX(name_w, tw);
    char *v = om_format_percent(row->estimate, 1, lang);
    b_measure(b, v, &value_ts, &tw, &th);
    value_w = MAX(value_w, tw);
    g_free(v);
    char *n = n_text(row->n, lang);
    b_measure(b, n, &name_ts, &tw, &th);
    n_w = MAX(n_w, tw);
    g_free(n);
    b_measure(b, om_chart_status_label(row->status, lang), &status_ts, &tw, &th);
    status_w = MAX(status_w, tw);
  }
  name_w = MIN(name_w, 0.3 * w);
  double gap = 0.8 * fs;
  double plot_x = pad + name_w + gap;
  double plot_w = w - pad - status_w - gap - n_w - gap - value_w - gap - plot_x;
  double value_right = plot_x + plot_w + gap + value_w;
  double n_right = value_right + gap + n_w;
  double status_x = n_right + gap;
  pl.plot = rect_make(plot_x, plot_y, plot_w, plot_bottom - plot_y);

  /* Share axis across the plot. */
  GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(values, chart->target);
  for (guint i = 0; i < nv; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(visible, gsize, i)];
    g_array_append_val(values, row->estimate);
    g_array_append_val(values, row->lower);
    g_array_append_val(values, row->upper);
  }
  b_measure(b, "100,0%", &tick_ts, &tw, &th);
  guint max_ticks = (guint)CLAMP(plot_w / (tw * 1.8), 3, 11);
  om_axis_choose_share_range((const double *)(void *)values->data, values->len, max_ticks,
                             &pl.share_ticks);
  g_array_unref(values);
  om_scale_init(&pl.x, pl.share_ticks.first, pl.share_ticks.last, plot_x, plot_x + plot_w);
  om_scale_init(&pl.y, -0.5, (double)nv - 0.5, plot_y, plot_bottom);

  /* Header row; the target label sits above its line. */
  b_label(b, OM_LABEL_HEADER, 0, -1, -1, h_name, &head_ts,
          rect_make(pad, top, MIN(name_w, 0.3 * w), head_h), 0);
  b_measure(b, h_share, &head_ts, &tw, &th);
  b_label(b, OM_LABEL_HEADER, 0, -1, -1, h_share, &head_ts,
          rect_make(value_right - tw, top, tw, th), 2);
  b_measure(b, "n", &head_ts, &tw, &th);
  b_label(b, OM_LABEL_HEADER, 0, -1, -1, "n", &head_ts, rect_make(n_right - tw, top, tw, th), 2);
  b_measure(b, h_status, &head_ts, &tw, &th);
  b_label(b, OM_LABEL_HEADER, 0, -1, -1, h_status, &head_ts, rect_make(status_x, top, tw, th), 0);
  {
    char *t = target_text(chart->target, chart->deadline, lang);
    OmTextStyle ts = text_style(fs * 0.85, TRUE, FALSE, 0);
    b_measure(b, t, &ts, &tw, &th);
    double cx
        = CLAMP(om_scale_map(&pl.x, chart->target), plot_x + tw / 2, plot_x + plot_w - tw / 2);
    b_label(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, rect_make(cx - tw / 2, top, tw, th), 1);
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
    b_measure(b, row_name(row), &nts, &tw, &th);
    b_label(b, OM_LABEL_ROW_NAME, 0, -1, (int)idx, row_name(row), &nts,
            rect_make(pad, cy - th / 2, MIN(tw, name_w), th), 0);
    char *v = om_format_percent(row->estimate, 1, lang);
    b_measure(b, v, &value_ts, &tw, &th);
    b_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, v, &value_ts,
            rect_make(value_right - tw, cy - th / 2, tw, th), 2);
    g_free(v);
    char *n = n_text(row->n, lang);
    b_measure(b, n, &name_ts, &tw, &th);
    b_label(b, OM_LABEL_ROW_VALUE, 0, -1, (int)idx, n, &name_ts,
            rect_make(n_right - tw, cy - th / 2, tw, th), 2);
    g_free(n);
    const char *st = om_chart_status_label(row->status, lang);
    if (*st) {
      b_measure(b, st, &status_ts, &tw, &th);
      b_label(b, OM_LABEL_ROW_STATUS, 0, -1, (int)idx, st, &status_ts,
              rect_make(status_x, cy - th / 2, tw, th), 0);
    }
    if (isfinite(row->lower) && isfinite(row->upper)) {
      double x0 = om_scale_map(&pl.x, row->lower), x1 = om_scale_map(&pl.x, row->upper);
      b_mark(b, OM_MARK_INTERVAL, 0, -1, (int)idx,
             rect_make(MIN(x0, x1), cy - cap, fabs(x1 - x0), 2 * cap));
    }
    double cx = om_scale_map(&pl.x, row->estimate);
    b_mark(b, OM_MARK_POINT, 0, -1, (int)idx, rect_make(cx - r, cy - r, 2 * r, 2 * r));
    g_array_append_val(b->L->rows, idx);
  }

  /* Share ticks and the axis title. */
  for (guint i = 0; i < pl.share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.share_ticks, i);
    double pct_step = pl.share_ticks.step * 100;
    char *t = om_format_percent(v, fabs(pct_step - round(pct_step)) < 1e-9 ? 0 : 1, lang);
    b_measure(b, t, &tick_ts, &tw, &th);
    b_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
            rect_make(om_scale_map(&pl.x, v) - tw / 2, plot_bottom + 0.3 * fs, tw, th), 1);
    g_free(t);
  }
  b_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, x_title, &axis_ts,
          rect_make(plot_x + plot_w / 2 - xtw / 2, plot_bottom + 0.3 * fs + tick_h + 0.3 * fs, xtw,
                    axis_h),
          1);
  g_array_append_val(b->L->panels, pl);
}

static void
build_funnel(Builder *b, const OmOverviewChart *chart, const GArray *visible, double top,
             double bottom)
{
  double fs = b->fs, w = b->w, pad = fs;
  OmLang lang = b->lang;
  gsize nv = visible->len;
  OmChartPanelLayout pl = { 0 };
  pl.box = rect_make(pad, top, w - 2 * pad, bottom - top);
  OmTextStyle tick_ts = text_style(fs * 0.88, FALSE, FALSE, 0);
  OmTextStyle axis_ts = text_style(fs * 0.95, FALSE, FALSE, 0);
  const char *y_title = chart->share_title ? chart->share_title
                                           : TR(lang, "% tevreden ouders", "% satisfied parents");
  const char *x_title = TR(lang, "Aantal geldige antwoorden (n)", "Number of valid answers (n)");
  double tw, th, ytw, yth, xtw, xth, tick_h;
  b_measure(b, y_title, &axis_ts, &ytw, &yth);
  b_measure(b, x_title, &axis_ts, &xtw, &xth);
  b_measure(b, "100%", &tick_ts, &tw, &tick_h);

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
    b_measure(b, t, &tick_ts, &tw, &th);
    ytick_w = MAX(ytick_w, tw);
    g_free(t);
  }
  double plot_x = pad + yth + 0.5 * fs + ytick_w + 0.4 * fs;
  double plot_w = w - pad - plot_x;
  pl.plot = rect_make(plot_x, plot_y, plot_w, plot_bottom - plot_y);
  char *widest = om_format_number((double)n_max, 0, lang);
  b_measure(b, widest, &tick_ts, &tw, &th);
  g_free(widest);
  om_axis_ticks(0, (double)n_max * 1.04, (guint)CLAMP(plot_w / (tw * 2.5), 3, 11), &pl.n_ticks);
  om_scale_init(&pl.x, 0, pl.n_ticks.last, plot_x, plot_x + plot_w);
  om_scale_init(&pl.y, pl.share_ticks.first, pl.share_ticks.last, plot_bottom, plot_y);

  for (guint i = 0; i < pl.share_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.share_ticks, i);
    char *t = om_format_percent(v, decimals, lang);
    b_measure(b, t, &tick_ts, &tw, &th);
    b_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
            rect_make(plot_x - 0.4 * fs - tw, om_scale_map(&pl.y, v) - th / 2, tw, th), 2);
    g_free(t);
  }
  for (guint i = 0; i < pl.n_ticks.n; i++) {
    double v = om_axis_tick_value(&pl.n_ticks, i);
    char *t = om_format_number(v, 0, lang);
    b_measure(b, t, &tick_ts, &tw, &th);
    double cx = MIN(om_scale_map(&pl.x, v), plot_x + plot_w - tw / 2);
    b_label(b, OM_LABEL_TICK, 0, -1, -1, t, &tick_ts,
            rect_make(cx - tw / 2, plot_bottom + 0.3 * fs, tw, th), 1);
    g_free(t);
  }
  b_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, x_title, &axis_ts,
          rect_make(plot_x + plot_w / 2 - xtw / 2, plot_bottom + 0.6 * fs + tick_h, xtw, xth), 1);
  b_label(b, OM_LABEL_AXIS_TITLE, -1, -1, -1, y_title, &axis_ts,
          rect_make(pad, plot_y + (plot_bottom - plot_y) / 2 - ytw / 2, yth, ytw), 1);
  g_array_index(b->L->labels, OmChartLabel, b->L->labels->len - 1).vertical = TRUE;

  double r = 0.38 * fs;
  for (guint i = 0; i < nv; i++) {
    gsize idx = g_array_index(visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double cx = om_scale_map(&pl.x, (double)row->n), cy = om_scale_map(&pl.y, row->estimate);
    b_mark(b, OM_MARK_POINT, 0, -1, (int)idx, rect_make(cx - r, cy - r, 2 * r, 2 * r));
    g_array_append_val(b->L->rows, idx);
  }

  OmRect inner = rect_make(plot_x + 1, plot_y + 1, plot_w - 2, plot_bottom - plot_y - 2);
  OmRect cand[24];
  {
    char *t = target_text(chart->target, chart->deadline, lang);
    OmTextStyle ts = text_style(fs * 0.85, TRUE, FALSE, 0);
    b_measure(b, t, &ts, &tw, &th);
    double ty = om_scale_map(&pl.y, chart->target);
    gsize n = 0;
    static const double along[] = { 1.0, 0.75, 0.5, 0.25 };
    for (gsize a = 0; a < G_N_ELEMENTS(along); a++) {
      double x = inner.x + 0.2 * fs + along[a] * (inner.w - tw - 0.4 * fs);
      cand[n++] = rect_make(x, ty - th - 0.12 * fs, tw, th);
      cand[n++] = rect_make(x, ty + 0.12 * fs, tw, th);
    }
    b_place(b, OM_LABEL_TARGET, 0, -1, -1, t, &ts, cand, n, &inner);
    g_free(t);
  }
  /* Points outside the 95% limits get their code, where there is room for it. */
  OmTextStyle code_ts = text_style(fs * 0.78, FALSE, FALSE, 0);
  for (guint i = 0; i < nv; i++) {
    gsize idx = g_array_index(visible, gsize, i);
    const OmOverviewRow *row = &chart->rows[idx];
    double lo = om_funnel_limit(chart->target, row->n, 0.025);
    double hi = om_funnel_limit(chart->target, row->n, 0.975);
    if (row->estimate >= lo && row->estimate <= hi)
      continue;
    const char *t = row->code && *row->code ? row->code : row_name(row);
    b_measure(b, t, &code_ts, &tw, &th);
    double cx = om_scale_map(&pl.x, (double)row->n), cy = om_scale_map(&pl.y, row->estimate);
    gsize n = candidates_around(cand, cx, cy, r, cy - r, cy + r, tw, th, 0.2 * fs);
    b_place(b, OM_LABEL_POINT_CODE, 0, -1, (int)idx, t, &code_ts, cand, n, &inner);
  }
  g_array_append_val(b->L->panels, pl);
}

static void
build_overview(Builder *b, const OmOverviewChart *chart)
{
  double fs = b->fs, w = b->w, h = b->h, pad = fs;
  OmLang lang = b->lang;
  double top = pad * 0.8;
  if (chart->title != NULL && *chart->title) {
    OmTextStyle ts = text_style(fs * 1.4, TRUE, FALSE, w - 2 * pad);
    top += b_text(b, OM_LABEL_TITLE, -1, chart->title, &ts, pad, top) + 0.2 * fs;
  }
  if (chart->subtitle != NULL && *chart->subtitle) {
    OmTextStyle ts = text_style(fs * 0.95, FALSE, FALSE, w - 2 * pad);
    top += b_text(b, OM_LABEL_SUBTITLE, -1, chart->subtitle, &ts, pad, top);
  }
  top += 0.6 * fs;

  double bottom = h - pad * 0.8;
  if (chart->footnote != NULL && *chart->footnote) {
    OmTextStyle ts = text_style(fs * 0.78, FALSE, FALSE, w - 2 * pad);
    double tw, th;
    b_measure(b, chart->footnote, &ts, &tw, &th);
    bottom -= th;
    b_label(b, OM_LABEL_FOOTNOTE, -1, -1, -1, chart->footnote, &ts, rect_make(pad, bottom, tw, th),
            0);
    bottom -= 0.4 * fs;
  }
  GArray *visible = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize i = 0; i < chart->n_rows; i++)
    if (!chart->rows[i].suppressed)
      g_array_append_val(visible, i);
  g_array_sort_with_data(visible, compare_rows, (gpointer)chart->rows);

  GArray *entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  overview_legend(b, chart, visible, entries);
  double legend_h = legend_flow(b, entries, pad, 0, w - 2 * pad, FALSE);
  bottom -= legend_h;
  legend_flow(b, entries, pad, bottom, w - 2 * pad, TRUE);
  bottom -= 0.5 * fs;
  legend_clear(entries);

  char *note = suppressed_note(chart, lang);
  if (note != NULL) {
    OmTextStyle ts = text_style(fs * 0.82, FALSE, TRUE, w - 2 * pad);
    double tw, th;
    b_measure(b, note, &ts, &tw, &th);
    bottom -= th;
    b_label(b, OM_LABEL_NOTE, -1, -1, -1, note, &ts, rect_make(pad, bottom, tw, th), 0);
    bottom -= 0.5 * fs;
    g_free(note);
  }

  if (chart->kind == OM_OVERVIEW_FUNNEL)
    build_funnel(b, chart, visible, top, bottom);
  else
    build_intervals(b, chart, visible, top, bottom);
  g_array_unref(visible);
}

OmChartLayout *
om_chart_layout_overview(const OmOverviewChart *chart, const OmChartStyle *style, double w,
                         double h, OmMeasureFunc measure, gpointer measure_data, GError **error)
{
  assert(chart != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  if (!(w > 0 && h > 0 && isfinite(w) && isfinite(h))) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not positive", w, h);
    return NULL;
  }
  if (!validate_overview(chart, error))
    return NULL;
  OmChartLayout *L = layout_new();
  Builder b;
  builder_init(&b, L, style, w, h, measure, measure_data);
  L->pfs = b.fs;
  build_overview(&b, chart);
  return L;
}

double
om_chart_overview_natural_height(const OmOverviewChart *chart, const OmChartStyle *style)
{
  assert(chart != NULL);
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
    OmChartLayout *L = om_chart_layout_overview(chart, style, style->width, h, NULL, NULL, NULL);
    if (L == NULL || L->rows->len == 0) {
      om_chart_layout_free(L);
      return h;
    }
    double want = L->fs * 1.5;
    double have = om_chart_layout_panel(L, 0)->row_height;
    double rows = L->rows->len;
    om_chart_layout_free(L);
    if (have >= want - 0.01)
      break;
    h += (want - have) * rows;
  }
  return MAX(h, style->height);
}

/* ---------------------------------------------------------------------------------------
 * Rendering
 */

static void
set_hex(cairo_t *cr, guint32 hex, double alpha)
{
  cairo_set_source_rgba(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                        (hex & 0xff) / 255.0, alpha);
}

static void
set_colour(cairo_t *cr, OmChartColour colour, double alpha)
{
  double r, g, b;
  om_chart_colour_rgb(colour, &r, &g, &b);
  cairo_set_source_rgba(cr, r, g, b, alpha);
}

/* Text in a light palette colour (yellow, sky blue, orange) is darkened to stay legible. */
static void
set_text_colour(cairo_t *cr, OmChartColour colour)
{
  double r, g, b;
  om_chart_colour_rgb(colour, &r, &g, &b);
  double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  double k = luma > 0.45 ? 0.55 : 1.0;
  cairo_set_source_rgb(cr, r * k, g * k, b * k);
}

static void
shape_path(cairo_t *cr, Shape shape, double cx, double cy, double r)
{
  switch (shape) {
  case SHAPE_NONE:
    break;
  case SHAPE_CIRCLE:
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r * 0.92, 0, 2 * G_PI);
    break;
  case SHAPE_TRIANGLE_DOWN:
    cairo_move_to(cr, cx - r, cy - 0.8 * r);
    cairo_line_to(cr, cx + r, cy - 0.8 * r);
    cairo_line_to(cr, cx, cy + r);
    cairo_close_path(cr);
    break;
  case SHAPE_TRIANGLE_UP:
    cairo_move_to(cr, cx - r, cy + 0.8 * r);
    cairo_line_to(cr, cx + r, cy + 0.8 * r);
    cairo_line_to(cr, cx, cy - r);
    cairo_close_path(cr);
    break;
  case SHAPE_DIAMOND:
    cairo_move_to(cr, cx, cy - r);
    cairo_line_to(cr, cx + r, cy);
    cairo_line_to(cr, cx, cy + r);
    cairo_line_to(cr, cx - r, cy);
    cairo_close_path(cr);
    break;
  case SHAPE_SQUARE:
    cairo_rectangle(cr, cx - 0.8 * r, cy - 0.8 * r, 1.6 * r, 1.6 * r);
    break;
  case SHAPE_CROSS:
    cairo_move_to(cr, cx - 0.75 * r, cy - 0.75 * r);
    cairo_line_to(cr, cx + 0.75 * r, cy + 0.75 * r);
    cairo_move_to(cr, cx + 0.75 * r, cy - 0.75 * r);
    cairo_line_to(cr, cx - 0.75 * r, cy + 0.75 * r);
    break;
  }
}

static void
draw_status_marker(cairo_t *cr, OmChartStatus status, double cx, double cy, double r)
{
  guint i = status_index(status);
  cairo_save(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  if (status_info[i].shape == SHAPE_NONE) {
    /* No status: a plain dark dot. */
    shape_path(cr, SHAPE_CIRCLE, cx, cy, r * 0.8);
    set_hex(cr, 0x444444, 1);
    cairo_fill(cr);
  } else if (status_info[i].shape == SHAPE_CROSS) {
    shape_path(cr, SHAPE_CROSS, cx, cy, r);
    set_hex(cr, status_info[i].colour, 1);
    cairo_set_line_width(cr, MAX(r * 0.35, 1));
    cairo_stroke(cr);
  } else if (status_info[i].filled) {
    shape_path(cr, status_info[i].shape, cx, cy, r);
    set_hex(cr, status_info[i].colour, 1);
    cairo_fill_preserve(cr);
    set_hex(cr, 0xFFFFFF, 1);
    cairo_set_line_width(cr, MAX(r * 0.15, 0.5));
    cairo_stroke(cr);
  } else {
    shape_path(cr, status_info[i].shape, cx, cy, r * 0.85);
    set_hex(cr, 0xFFFFFF, 1);
    cairo_fill_preserve(cr);
    set_hex(cr, status_info[i].colour, 1);
    cairo_set_line_width(cr, MAX(r * 0.32, 1));
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

void
om_chart_draw_status_marker(cairo_t *cr, OmChartStatus status, double cx, double cy, double r)
{
  assert(cr != NULL);
  draw_status_marker(cr, status, cx, cy, r);
}

typedef struct {
  cairo_t *cr;
  PangoContext *text;
  const char *family;
  const OmChartLayout *L;
} Painter;

static void
paint_text(Painter *P, const OmChartLabel *lab)
{
  cairo_t *cr = P->cr;
  PangoLayout *layout = om_text_layout_new(P->text, lab->text, &lab->style, P->family);
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  double lx = (double)logical.x / PANGO_SCALE, ly = (double)logical.y / PANGO_SCALE;
  cairo_save(cr);
  if (lab->vertical) {
    cairo_translate(cr, lab->rect.x, lab->rect.y + lab->rect.h);
    cairo_rotate(cr, -G_PI / 2);
    om_text_show(cr, layout, -lx, -ly);
  } else {
    om_text_show(cr, layout, lab->rect.x - lx, lab->rect.y - ly);
  }
  cairo_restore(cr);
  g_object_unref(layout);
}

static gboolean
label_has_halo(OmLabelKind kind)
{
  switch (kind) {
  case OM_LABEL_VALUE:
  case OM_LABEL_SUPPRESSED:
  case OM_LABEL_TARGET:
  case OM_LABEL_PROJECTION:
  case OM_LABEL_POINT_CODE:
    return TRUE;
  default:
    return FALSE;
  }
}

static void
paint_labels(Painter *P, const OmTrendChart *trend)
{
  cairo_t *cr = P->cr;
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(P->L, &n);
  for (gsize i = 0; i < n; i++) {
    const OmChartLabel *lab = &labels[i];
    if (label_has_halo(lab->kind)) {
      cairo_rectangle(cr, lab->rect.x - 0.5, lab->rect.y, lab->rect.w + 1, lab->rect.h);
      set_hex(cr, 0xFFFFFF, 0.85);
      cairo_fill(cr);
    }
    switch (lab->kind) {
    case OM_LABEL_TITLE:
    case OM_LABEL_PANEL_TITLE:
      set_hex(cr, 0x111111, 1);
      break;
    case OM_LABEL_SUBTITLE:
    case OM_LABEL_STATUS:
    case OM_LABEL_TARGET:
    case OM_LABEL_LEGEND:
    case OM_LABEL_ROW_NAME:
    case OM_LABEL_ROW_VALUE:
    case OM_LABEL_ROW_STATUS:
      set_hex(cr, 0x222222, 1);
      break;
    case OM_LABEL_VALUE:
      set_hex(cr, 0x1A1A1A, 1);
      break;
    case OM_LABEL_AXIS_TITLE:
    case OM_LABEL_HEADER:
    case OM_LABEL_PROJECTION:
    case OM_LABEL_POINT_CODE:
      set_hex(cr, 0x333333, 1);
      break;
    case OM_LABEL_TICK:
      set_hex(cr, 0x444444, 1);
      break;
    case OM_LABEL_N:
    case OM_LABEL_BASELINE:
    case OM_LABEL_NOTE:
    case OM_LABEL_FOOTNOTE:
      set_hex(cr, 0x555555, 1);
      break;
    case OM_LABEL_SUPPRESSED:
    case OM_LABEL_DEADLINE:
      set_hex(cr, 0x666666, 1);
      break;
    case OM_LABEL_SERIES_END:
      if (trend != NULL && lab->panel >= 0 && lab->series >= 0) {
        const OmTrendPanel *panel = &trend->panels[lab->panel];
        set_text_colour(cr, series_colour(&panel->series[lab->series], (gsize)lab->series));
      } else {
        set_hex(cr, 0x222222, 1);
      }
      break;
    }
    paint_text(P, lab);
  }
}

static void
dash(cairo_t *cr, double on, double off)
{
  double d[] = { on, off };
  cairo_set_dash(cr, d, 2, 0);
}

static void
paint_glyphs(Painter *P)
{
  cairo_t *cr = P->cr;
  for (guint i = 0; i < P->L->glyphs->len; i++) {
    const LegendGlyph *g = &g_array_index(P->L->glyphs, LegendGlyph, i);
    OmRect r = g->rect;
    double cx = r.x + r.w / 2, cy = r.y + r.h / 2, lw = MAX(r.h * 0.14, 1);
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    switch (g->kind) {
    case GLYPH_POINT_BAR:
      set_colour(cr, g->colour, 1);
      cairo_set_line_width(cr, lw);
      if (g->emphasis) { /* horizontal, as in the overview */
        cairo_move_to(cr, r.x, cy);
        cairo_line_to(cr, r.x + r.w, cy);
        cairo_move_to(cr, r.x, cy - r.h * 0.25);
        cairo_line_to(cr, r.x, cy + r.h * 0.25);
        cairo_move_to(cr, r.x + r.w, cy - r.h * 0.25);
        cairo_line_to(cr, r.x + r.w, cy + r.h * 0.25);
        cairo_stroke(cr);
      } else {
        cairo_move_to(cr, cx, r.y);
        cairo_line_to(cr, cx, r.y + r.h);
        cairo_move_to(cr, cx - r.h * 0.3, r.y);
        cairo_line_to(cr, cx + r.h * 0.3, r.y);
        cairo_move_to(cr, cx - r.h * 0.3, r.y + r.h);
        cairo_line_to(cr, cx + r.h * 0.3, r.y + r.h);
        cairo_stroke(cr);
        cairo_arc(cr, cx, cy, r.h * 0.3, 0, 2 * G_PI);
        cairo_fill(cr);
      }
      break;
    case GLYPH_LINE:
      set_colour(cr, g->colour, 1);
      cairo_set_line_width(cr, g->emphasis ? 3.2 * lw : 2 * lw);
      cairo_move_to(cr, r.x, cy);
      cairo_line_to(cr, r.x + r.w, cy);
      cairo_stroke(cr);
      break;
    case GLYPH_RIBBON:
      set_hex(cr, 0x000000, 0.16);
      cairo_rectangle(cr, r.x, r.y + r.h * 0.1, r.w, r.h * 0.8);
      cairo_fill(cr);
      set_hex(cr, 0x555555, 1);
      cairo_set_line_width(cr, lw * 1.5);
      cairo_move_to(cr, r.x, cy);
      cairo_line_to(cr, r.x + r.w, cy);
      cairo_stroke(cr);
      break;
    case GLYPH_TARGET:
      set_hex(cr, 0x222222, 1);
      cairo_set_line_width(cr, lw * 1.6);
      dash(cr, r.h * 0.45, r.h * 0.3);
      if (g->emphasis) {
        cairo_move_to(cr, cx, r.y - r.h * 0.1);
        cairo_line_to(cr, cx, r.y + r.h * 1.1);
      } else {
        cairo_move_to(cr, r.x, cy);
        cairo_line_to(cr, r.x + r.w, cy);
      }
      cairo_stroke(cr);
      break;
    case GLYPH_LIMIT95:
    case GLYPH_LIMIT998:
      set_hex(cr, 0x555555, 1);
      cairo_set_line_width(cr, lw * 1.3);
      if (g->kind == GLYPH_LIMIT95)
        dash(cr, r.h * 0.45, r.h * 0.25);
      else {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        dash(cr, 0.01, r.h * 0.28);
      }
      cairo_move_to(cr, r.x, cy);
      cairo_line_to(cr, r.x + r.w, cy);
      cairo_stroke(cr);
      break;
    case GLYPH_PROJECTION: {
      set_colour(cr, g->colour, 1);
      cairo_set_line_width(cr, lw * 1.4);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      dash(cr, 0.01, lw * 2.6);
      cairo_move_to(cr, r.x, cy + r.h * 0.2);
      cairo_line_to(cr, r.x + r.w * 0.75, cy);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      double wx = r.x + r.w * 0.75;
      cairo_set_line_width(cr, lw);
      cairo_move_to(cr, wx, r.y);
      cairo_line_to(cr, wx, r.y + r.h);
      cairo_stroke(cr);
      cairo_arc(cr, wx, cy, r.h * 0.25, 0, 2 * G_PI);
      set_hex(cr, 0xFFFFFF, 1);
      cairo_fill_preserve(cr);
      set_colour(cr, g->colour, 1);
      cairo_set_line_width(cr, lw * 1.2);
      cairo_stroke(cr);
      break;
    }
    case GLYPH_BAND:
      cairo_rectangle(cr, r.x + r.w * 0.2, r.y - r.h * 0.1, r.w * 0.6, r.h * 1.2);
      set_hex(cr, 0x000000, 0.08);
      cairo_fill_preserve(cr);
      set_hex(cr, 0xBBBBBB, 1);
      cairo_set_line_width(cr, 0.6);
      cairo_stroke(cr);
      break;
    case GLYPH_STATUS:
      draw_status_marker(cr, g->status, cx, cy, r.h * 0.5);
      break;
    }
    cairo_restore(cr);
  }
}

static void
paint_status_marks(Painter *P, const OmTrendChart *chart)
{
  gsize n;
  const OmChartMark *marks = om_chart_layout_marks(P->L, &n);
  for (gsize i = 0; i < n; i++)
    if (marks[i].kind == OM_MARK_STATUS && marks[i].panel >= 0) {
      const OmRect *r = &marks[i].rect;
      draw_status_marker(P->cr, chart->panels[marks[i].panel].status, r->x + r->w / 2,
                         r->y + r->h / 2, r->w / 2);
    }
}

static void
paint_trend_panel(Painter *P, const OmTrendPanel *panel, const OmChartPanelLayout *pl, double pfs)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  cairo_save(cr);

  /* Deadline band, grid, axis. */
  if (panel->deadline >= pl->first_year && panel->deadline <= pl->last_year) {
    double x0 = om_scale_map(&pl->x, panel->deadline - 0.5);
    double x1 = om_scale_map(&pl->x, panel->deadline + 0.5);
    cairo_rectangle(cr, x0, plot->y, x1 - x0, plot->h);
    set_hex(cr, 0x000000, 0.07);
    cairo_fill(cr);
  }
  cairo_set_line_width(cr, 0.8);
  set_hex(cr, 0xE0E0E0, 1);
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double y = om_scale_map(&pl->y, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, plot->x, y);
    cairo_line_to(cr, right, y);
  }
  cairo_stroke(cr);
  set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, plot->x, plot->y);
  cairo_line_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  for (int yr = pl->first_year; yr <= pl->last_year; yr++) {
    double x = om_scale_map(&pl->x, yr);
    cairo_move_to(cr, x, bottom);
    cairo_line_to(cr, x, bottom + 0.3 * pfs);
  }
  cairo_stroke(cr);

  /* Target line. */
  if (panel->has_target) {
    double y = om_scale_map(&pl->y, panel->target);
    set_hex(cr, 0x222222, 1);
    cairo_set_line_width(cr, 1.6);
    dash(cr, 6, 4);
    cairo_move_to(cr, plot->x, y);
    cairo_line_to(cr, right, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }

  gsize k = panel->n_series;
  double r = marker_radius(panel, pfs), cap = cap_half_width(panel, pfs, pl->dodge);
  cairo_rectangle(cr, plot->x, plot->y, plot->w, plot->h);
  cairo_clip(cr);
  /* Draw the emphasised series (the municipality) last, on top. */
  for (int pass = 0; pass < 2; pass++)
    for (gsize s = 0; s < k; s++) {
      const OmChartSeries *series = &panel->series[s];
      if ((pass == 1) != (series->emphasis != FALSE))
        continue;
      OmChartColour colour = series_colour(series, s);
      double off = ((double)s - (double)(k - 1) / 2) * pl->dodge;
      double line_w = series->emphasis ? 3.2 : k > 1 ? 2.0 : 1.6;

      if (panel->ribbons) {
        gsize i = 0;
        while (i < series->n_points) {
          if (series->points[i].suppressed || !isfinite(series->points[i].lower)
              || !isfinite(series->points[i].upper)) {
            i++;
            continue;
          }
          gsize j = i;
          while (j + 1 < series->n_points && !series->points[j + 1].suppressed
                 && isfinite(series->points[j + 1].lower) && isfinite(series->points[j + 1].upper))
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
          /* Several ribbons overlap: keep each faint so the lines stay readable. */
          set_colour(cr, colour, series->emphasis ? 0.10 : k > 2 ? 0.10 : 0.16);
          cairo_fill(cr);
          i = j + 1;
        }
      }

      /* Lines join neighbouring shown waves; a suppressed wave breaks the line. A white
       * casing under each line keeps it apart from the lines and ribbons it crosses. */
      cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
      for (gsize i = 0; i + 1 < series->n_points; i++) {
        const OmChartPoint *a = &series->points[i], *b2 = &series->points[i + 1];
        if (a->suppressed || b2->suppressed)
          continue;
        cairo_move_to(cr, om_scale_map(&pl->x, a->year) + off, om_scale_map(&pl->y, a->estimate));
        cairo_line_to(cr, om_scale_map(&pl->x, b2->year) + off, om_scale_map(&pl->y, b2->estimate));
      }
      if (k > 1) {
        set_hex(cr, 0xFFFFFF, 0.9);
        cairo_set_line_width(cr, line_w + 2.2);
        cairo_stroke_preserve(cr);
      }
      set_colour(cr, colour, 1);
      cairo_set_line_width(cr, line_w);
      cairo_stroke(cr);

      /* Projection: dotted from the last shown wave, whisker and hollow marker at the end. */
      gssize last = last_shown(series);
      if (series->has_projection) {
        double px = om_scale_map(&pl->x, series->projection_year) + off;
        double py = om_scale_map(&pl->y, series->projection);
        if (last >= 0) {
          cairo_save(cr);
          cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
          dash(cr, 0.01, line_w * 2.2);
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
          cairo_move_to(cr, px, yu);
          cairo_line_to(cr, px, yl);
          cairo_move_to(cr, px - cap, yu);
          cairo_line_to(cr, px + cap, yu);
          cairo_move_to(cr, px - cap, yl);
          cairo_line_to(cr, px + cap, yl);
          cairo_stroke(cr);
        }
        cairo_new_sub_path(cr);
        cairo_arc(cr, px, py, r * 0.9, 0, 2 * G_PI);
        set_hex(cr, 0xFFFFFF, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, colour, 1);
        cairo_set_line_width(cr, 1.6);
        cairo_stroke(cr);
      }

      /* Interval bars and markers of the measured waves. */
      for (gsize i = 0; i < series->n_points; i++) {
        const OmChartPoint *pt = &series->points[i];
        if (pt->suppressed)
          continue;
        double x = om_scale_map(&pl->x, pt->year) + off;
        double y = om_scale_map(&pl->y, pt->estimate);
        set_colour(cr, colour, 1);
        if (!panel->ribbons && isfinite(pt->lower) && isfinite(pt->upper)) {
          double yu = om_scale_map(&pl->y, pt->upper), yl = om_scale_map(&pl->y, pt->lower);
          cairo_set_line_width(cr, k > 1 ? 1.3 : 1.6);
          cairo_move_to(cr, x, yu);
          cairo_line_to(cr, x, yl);
          cairo_move_to(cr, x - cap, yu);
          cairo_line_to(cr, x + cap, yu);
          cairo_move_to(cr, x - cap, yl);
          cairo_line_to(cr, x + cap, yl);
          cairo_stroke(cr);
        }
        cairo_new_sub_path(cr);
        if (pt->baseline && k == 1) /* the nulmeting as a square: shape, not colour only */
          cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
        else
          cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        cairo_fill_preserve(cr);
        set_hex(cr, 0xFFFFFF, 1);
        cairo_set_line_width(cr, MAX(0.18 * r, 0.6));
        cairo_stroke(cr);
      }
    }
  cairo_restore(cr);
}

static void
painter_init(Painter *P, cairo_t *cr, const OmChartStyle *style)
{
  P->cr = cr;
  P->text = om_text_context_new(cr);
  P->family = style->font_family;
  P->L = NULL;
}

static void
paint_background(cairo_t *cr, double w, double h)
{
  cairo_rectangle(cr, 0, 0, w, h);
  set_hex(cr, 0xFFFFFF, 1);
  cairo_fill(cr);
}

gboolean
om_chart_draw_trend(cairo_t *cr, const OmTrendChart *chart, const OmChartStyle *style, double w,
                    double h, GError **error)
{
  assert(cr != NULL && chart != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  cairo_save(cr);
  Painter P;
  painter_init(&P, cr, style);
  OmChartLayout *L = om_chart_layout_trend(chart, style, w, h, om_text_measure, P.text, error);
  if (L == NULL) {
    g_object_unref(P.text);
    cairo_restore(cr);
    return FALSE;
  }
  P.L = L;
  paint_background(cr, w, h);
  for (gsize p = 0; p < chart->n_panels; p++)
    paint_trend_panel(&P, &chart->panels[p], om_chart_layout_panel(L, p), L->pfs);
  paint_status_marks(&P, chart);
  paint_glyphs(&P);
  paint_labels(&P, chart);
  om_chart_layout_free(L);
  g_object_unref(P.text);
  cairo_restore(cr);
  return TRUE;
}

static void
paint_intervals(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl, double fs)
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
  set_hex(cr, 0xF2F2F2, 1);
  cairo_fill(cr);
  cairo_set_line_width(cr, 0.8);
  set_hex(cr, 0xDADADA, 1);
  for (guint i = 0; i < pl->share_ticks.n; i++) {
    double x = om_scale_map(&pl->x, om_axis_tick_value(&pl->share_ticks, i));
    cairo_move_to(cr, x, plot->y);
    cairo_line_to(cr, x, bottom);
  }
  cairo_stroke(cr);
  set_hex(cr, 0x888888, 1);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, plot->x, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);

  double tx = om_scale_map(&pl->x, chart->target);
  set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  dash(cr, 6, 4);
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
      set_hex(cr, 0x555555, 1);
      cairo_set_line_width(cr, MAX(MIN(1.5, row_h * 0.14), 0.6));
      cairo_move_to(cr, x0, cy);
      cairo_line_to(cr, x1, cy);
      cairo_move_to(cr, x0, cy - cap);
      cairo_line_to(cr, x0, cy + cap);
      cairo_move_to(cr, x1, cy - cap);
      cairo_line_to(cr, x1, cy + cap);
      cairo_stroke(cr);
    }
    draw_status_marker(cr, row->status, om_scale_map(&pl->x, row->estimate), cy, r);
  }
  cairo_restore(cr);
}

static void
paint_funnel(Painter *P, const OmOverviewChart *chart, const OmChartPanelLayout *pl, double fs)
{
  cairo_t *cr = P->cr;
  const OmRect *plot = &pl->plot;
  double right = plot->x + plot->w, bottom = plot->y + plot->h;
  cairo_save(cr);
  cairo_set_line_width(cr, 0.8);
  set_hex(cr, 0xE0E0E0, 1);
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
  set_hex(cr, 0x888888, 1);
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
    set_hex(cr, 0x555555, 1);
    cairo_set_line_width(cr, 1.3);
    if (k < 2) {
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      dash(cr, 5, 3);
    } else {
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      dash(cr, 0.01, 3.5);
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
  set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, 1.6);
  dash(cr, 6, 4);
  cairo_move_to(cr, plot->x, ty);
  cairo_line_to(cr, right, ty);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_reset_clip(cr);

  double r = 0.38 * fs;
  for (guint i = 0; i < P->L->rows->len; i++) {
    const OmOverviewRow *row = &chart->rows[g_array_index(P->L->rows, gsize, i)];
    draw_status_marker(cr, row->status, om_scale_map(&pl->x, (double)row->n),
                       om_scale_map(&pl->y, row->estimate), r);
  }
  cairo_restore(cr);
}

gboolean
om_chart_draw_overview(cairo_t *cr, const OmOverviewChart *chart, const OmChartStyle *style,
                       double w, double h, GError **error)
{
  assert(cr != NULL && chart != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  cairo_save(cr);
  Painter P;
  painter_init(&P, cr, style);
  OmChartLayout *L = om_chart_layout_overview(chart, style, w, h, om_text_measure, P.text, error);
  if (L == NULL) {
    g_object_unref(P.text);
    cairo_restore(cr);
    return FALSE;
  }
  P.L = L;
  paint_background(cr, w, h);
  if (chart->kind == OM_OVERVIEW_FUNNEL)
    paint_funnel(&P, chart, om_chart_layout_panel(L, 0), L->fs);
  else
    paint_intervals(&P, chart, om_chart_layout_panel(L, 0), L->fs);
  paint_glyphs(&P);
  paint_labels(&P, NULL);
  om_chart_layout_free(L);
  g_object_unref(P.text);
  cairo_restore(cr);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Files
 */

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_all(int fd, const guint8 *data, gsize len)
{
  while (len > 0) {
    ssize_t k = write(fd, data, len);
    if (k < 0) {
      if (errno == EINTR)
        continue;
      return FALSE;
    }
    data += k;
    len -= (gsize)k;
  }
  return TRUE;
}

static gboolean
io_error(GError **error, const char *path, int err)
{
  g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write “%s”: %s", path, g_strerror(err));
  return FALSE;
}

/* Writes the bytes whole or not at all: a temporary file beside the target, renamed over
 * it. Something that is not a regular file (a symlink, /dev/stdout, /dev/full, a pipe) is
 * written in place, through it: renaming over it would replace the link or the device node
 * instead of writing to what it stands for. */
static gboolean
write_file(const char *path, const guint8 *data, gsize len, GError **error)
{
  GStatBuf st;
  if (g_lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    int fd = g_open(path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
    if (fd < 0)
      return io_error(error, path, errno);
    gboolean ok = write_all(fd, data, len);
    int err = errno;
    if (close(fd) != 0 && ok) {
      ok = FALSE;
      err = errno;
    }
    return ok ? TRUE : io_error(error, path, err);
  }
  char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
  char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  g_free(dir);
  g_free(base);
  int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    int err = errno;
    g_free(tmp);
    return io_error(error, path, err);
  }
  /* mkstemp ignores the umask-derived mode on some systems; make it an ordinary file. */
  mode_t mask = umask(0);
  umask(mask);
  (void)fchmod(fd, 0666 & ~mask);
  gboolean ok = write_all(fd, data, len) && fsync(fd) == 0;
  int err = errno;
  if (close(fd) != 0 && ok) {
    ok = FALSE;
    err = errno;
  }
  if (ok && g_rename(tmp, path) != 0) {
    ok = FALSE;
    err = errno;
  }
  if (!ok)
    g_unlink(tmp);
  g_free(tmp);
  return ok ? TRUE : io_error(error, path, err);
}

gboolean
om_chart_render_to_file(OmChartFormat format, double w, double h, double scale,
                        OmChartDrawFunc draw, gconstpointer data, const char *path, GError **error)
{
  assert(draw != NULL && path != NULL);
  if (!(w > 0 && h > 0 && w < 1e5 && h < 1e5)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not a drawable size", w,
                h);
    return FALSE;
  }
  if (format == OM_CHART_PNG && !(scale > 0 && w * scale < 32767 && h * scale < 32767)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "PNG scale %g gives no drawable image", scale);
    return FALSE;
  }
  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *surface;
  switch (format) {
  case OM_CHART_PDF:
    surface = cairo_pdf_surface_create_for_stream(append_bytes, bytes, w, h);
    break;
  case OM_CHART_SVG:
    surface = cairo_svg_surface_create_for_stream(append_bytes, bytes, w, h);
    break;
  case OM_CHART_PNG:
  default:
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w * scale),
                                         (int)ceil(h * scale));
    break;
  }
  cairo_status_t status = cairo_surface_status(surface);
  gboolean ok = status == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create the %s for “%s”: %s",
                om_chart_format_to_string(format), path, cairo_status_to_string(status));
  if (ok) {
    cairo_t *cr = cairo_create(surface);
    if (format == OM_CHART_PNG)
      cairo_scale(cr, scale, scale);
    ok = draw(cr, w, h, data, error);
    status = cairo_status(cr);
    cairo_destroy(cr);
    if (ok && status != CAIRO_STATUS_SUCCESS) {
      ok = FALSE;
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot draw “%s”: %s", path,
                  cairo_status_to_string(status));
    }
  }
  if (ok && format == OM_CHART_PNG) {
    cairo_surface_flush(surface);
    status = cairo_surface_write_to_png_stream(surface, append_bytes, bytes);
    if (status != CAIRO_STATUS_SUCCESS) {
      ok = FALSE;
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot encode “%s” as PNG: %s", path,
                  cairo_status_to_string(status));
    }
  }
  cairo_surface_finish(surface);
  status = cairo_surface_status(surface);
  if (ok && status != CAIRO_STATUS_SUCCESS) {
    ok = FALSE;
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot finish “%s”: %s", path,
                cairo_status_to_string(status));
  }
  cairo_surface_destroy(surface);
  if (ok)
    ok = write_file(path, bytes->data, bytes->len, error);
  g_byte_array_unref(bytes);
  return ok;
}

typedef struct {
  const void *chart;
  const OmChartStyle *style;
} DrawArgs;

static gboolean
draw_trend_cb(cairo_t *cr, double w, double h, gconstpointer data, GError **error)
{
  const DrawArgs *a = data;
  return om_chart_draw_trend(cr, a->chart, a->style, w, h, error);
}

static gboolean
draw_overview_cb(cairo_t *cr, double w, double h, gconstpointer data, GError **error)
{
  const DrawArgs *a = data;
  return om_chart_draw_overview(cr, a->chart, a->style, w, h, error);
}

gboolean
om_chart_render_trend(const OmTrendChart *chart, const OmChartStyle *style, OmChartFormat format,
                      const char *path, GError **error)
{
  assert(chart != NULL && path != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  DrawArgs a = { chart, style };
  return om_chart_render_to_file(format, style->width, style->height, style->dpi_scale,
                                 draw_trend_cb, &a, path, error);
}

gboolean
om_chart_render_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                         OmChartFormat format, const char *path, GError **error)
{
  assert(chart != NULL && path != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  DrawArgs a = { chart, style };
  return om_chart_render_to_file(format, style->width, style->height, style->dpi_scale,
                                 draw_overview_cb, &a, path, error);
}
