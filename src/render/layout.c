/* layout.c — the chart layout object and the builder every chart type lays out with:
 * measuring text through the caller's measurer, recording labels and marks, finding a
 * free place for a label among candidates, the shared texts, and the legend; plus the one
 * layout driver that runs a chart type's build step (chart-private.h).
 *
 * Pure layout: it measures through a callback and draws nothing, so a layout is tested as
 * numbers. It never computes a share and never touches Cairo.
 */
#include "render/chart-private.h"

#include <assert.h>
#include <math.h>

/* ---------------------------------------------------------------------------------------
 * The layout object
 */

OmChartLayout *
chart_layout_new(void)
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

void
chart_layout_reset(OmChartLayout *L)
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
  chart_layout_reset(layout);
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

gboolean
om_rect_intersects(const OmRect *a, const OmRect *b)
{
  /* A sliver below a hundredth of a point is rounding, not overlap. */
  const double eps = 0.01;
  return a->x + eps < b->x + b->w && b->x + eps < a->x + a->w && a->y + eps < b->y + b->h
         && b->y + eps < a->y + a->h;
}

/* ---------------------------------------------------------------------------------------
 * The builder: measures, records labels and marks, finds free places
 */

OmTextStyle
chart_text_style(double size, gboolean bold, gboolean italic, double wrap)
{
  OmTextStyle ts = { size, bold, italic, wrap, FALSE };
  return ts;
}

void
builder_measure(Builder *b, const char *text, const OmTextStyle *ts, double *w, double *h)
{
  b->measure(text, ts, b->family, w, h, b->mdata);
}

OmRect
chart_rect(double x, double y, double w, double h)
{
  OmRect r = { x, y, w, h };
  return r;
}

void
builder_label(Builder *b, OmLabelKind kind, int panel, int series, int point, const char *text,
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
double
builder_text(Builder *b, OmLabelKind kind, int panel, const char *text, const OmTextStyle *ts,
             double x, double y)
{
  double w, h;
  builder_measure(b, text, ts, &w, &h);
  builder_label(b, kind, panel, -1, -1, text, ts, chart_rect(x, y, w, h), 0);
  return h;
}

void
builder_mark(Builder *b, OmMarkKind kind, int panel, int series, int point, OmRect rect)
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

void
builder_segment(Builder *b, double x0, double y0, double x1, double y1)
{
  Segment sg = { x0, y0, x1, y1 };
  g_array_append_val(b->L->segments, sg);
}

/* Is `r` inside `bounds` (if given), clear of every label and mark placed so far and, when
 * `strict`, of every line? */
static gboolean
builder_is_free_strict(Builder *b, const OmRect *r, const OmRect *bounds, gboolean strict)
{
  if (bounds != NULL && !rect_inside(r, bounds))
    return FALSE;
  /* A little air around a placed label, so that neighbours do not read as one text. */
  double air = 0.1 * b->fs;
  OmRect grown = chart_rect(r->x - air, r->y - air, r->w + 2 * air, r->h + 2 * air);
  if (strict)
    for (guint i = 0; i < b->L->segments->len; i++)
      if (segment_hits_rect(&g_array_index(b->L->segments, Segment, i), r))
        return FALSE;
  return builder_is_free(b, &grown, NULL);
}

/* Is `r` inside `bounds` (if given) and clear of every label and mark placed so far? */
gboolean
builder_is_free(Builder *b, const OmRect *r, const OmRect *bounds)
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

/* Tries candidate rectangles in order; records the first free one as a label. Lines are
 * avoided if any candidate allows it, crossed (over the label's white halo) otherwise;
 * labels and marks are never overlapped. */
gboolean
builder_place(Builder *b, OmLabelKind kind, int panel, int series, int point, const char *text,
              const OmTextStyle *ts, const OmRect *candidates, gsize n, const OmRect *bounds)
{
  for (int strict = 1; strict >= 0; strict--)
    for (gsize i = 0; i < n; i++)
      if (builder_is_free_strict(b, &candidates[i], bounds, strict)) {
        builder_label(b, kind, panel, series, point, text, ts, candidates[i], 0);
        return TRUE;
      }
  return FALSE;
}

/* The last resort of a label that must not be lost (the target label): the first
 * candidate inside bounds that overlaps no label and no mark but interval bars, over them
 * and lines if need be (the label's white halo keeps it readable). */
gboolean
builder_place_over_marks(Builder *b, OmLabelKind kind, int panel, int series, int point,
                         const char *text, const OmTextStyle *ts, const OmRect *candidates, gsize n,
                         const OmRect *bounds)
{
  if (builder_place(b, kind, panel, series, point, text, ts, candidates, n, bounds))
    return TRUE;
  for (gsize i = 0; i < n; i++) {
    const OmRect *r = &candidates[i];
    gboolean free = bounds == NULL || rect_inside(r, bounds);
    for (guint k = 0; free && k < b->L->labels->len; k++)
      free = !om_rect_intersects(r, &g_array_index(b->L->labels, OmChartLabel, k).rect);
    for (guint k = 0; free && k < b->L->marks->len; k++) {
      const OmChartMark *m = &g_array_index(b->L->marks, OmChartMark, k);
      free = m->kind == OM_MARK_INTERVAL || !om_rect_intersects(r, &m->rect);
    }
    if (free) {
      builder_label(b, kind, panel, series, point, text, ts, *r, 0);
      return TRUE;
    }
  }
  return FALSE;
}

/* Candidate boxes of size w×h around a mark centred at (cx, cy) with half-extent rx
 * horizontally and [top, bottom] vertically: right, left, above, below, then shifted. */
gsize
chart_candidates_around(OmRect *out, double cx, double cy, double rx, double top, double bottom,
                        double w, double h, double pad)
{
  gsize n = 0;
  out[n++] = chart_rect(cx + rx + pad, cy - h / 2, w, h);
  out[n++] = chart_rect(cx - rx - pad - w, cy - h / 2, w, h);
  out[n++] = chart_rect(cx - w / 2, top - pad - h, w, h);
  out[n++] = chart_rect(cx - w / 2, bottom + pad, w, h);
  out[n++] = chart_rect(cx + rx + pad, cy - h * 1.6, w, h);
  out[n++] = chart_rect(cx + rx + pad, cy + h * 0.6, w, h);
  out[n++] = chart_rect(cx - rx - pad - w, cy - h * 1.6, w, h);
  out[n++] = chart_rect(cx - rx - pad - w, cy + h * 0.6, w, h);
  return n;
}

/* ---------------------------------------------------------------------------------------
 * Texts every chart type writes
 */

char *
chart_percent_short(double share, OmLang lang)
{
  /* Whole percentages without a decimal ("90%"), others with one ("87,5%"). */
  double pct = share * 100;
  return om_format_percent(share, fabs(pct - round(pct)) < 1e-9 ? 0 : 1, lang);
}

char *
chart_target_text(double target, int deadline, OmLang lang)
{
  char *pct = chart_percent_short(target, lang);
  char *s = deadline > 0 ? g_strdup_printf(TR(lang, "Doel %d: %s", "Target %d: %s"), deadline, pct)
                         : g_strdup_printf(TR(lang, "Doel: %s", "Target: %s"), pct);
  g_free(pct);
  return s;
}

char *
chart_n_text(guint64 n, OmLang lang)
{
  char *num = om_format_number((double)n, 0, lang);
  char *s = g_strdup_printf("n=%s", num);
  g_free(num);
  return s;
}

/* ---------------------------------------------------------------------------------------
 * Legend: entries flow left to right and wrap; each a glyph (a mark) and a text (a label)
 */

void
chart_legend_add(GArray *entries, GlyphKind kind, OmChartColour colour, gboolean emphasis,
                 OmChartStatus status, char *text)
{
  LegendEntry e = { kind, colour, emphasis, status, text };
  g_array_append_val(entries, e);
}

void
chart_legend_free(GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    g_free(g_array_index(entries, LegendEntry, i).text);
  g_array_unref(entries);
}

/* Lays out the entries in rows of `width` from (x0, y0); with emit, records them. Returns
 * the legend's height. */
double
chart_legend_flow(Builder *b, GArray *entries, double x0, double y0, double width, gboolean emit)
{
  if (entries->len == 0)
    return 0;
  double lfs = b->fs * 0.88;
  OmTextStyle ts = chart_text_style(lfs, FALSE, FALSE, 0);
  double gw = 2.0 * lfs, gh = lfs, gap = 0.4 * lfs, sep = 1.3 * lfs;
  double x = x0, y = y0, row_h = 0;
  for (guint i = 0; i < entries->len; i++) {
    LegendEntry *e = &g_array_index(entries, LegendEntry, i);
    double tw, th;
    builder_measure(b, e->text, &ts, &tw, &th);
    double ew = gw + gap + tw;
    if (x > x0 && x + ew > x0 + width) {
      y += row_h + 0.3 * lfs;
      x = x0;
      row_h = 0;
    }
    double lh = MAX(th, gh);
    if (emit) {
      OmRect g = chart_rect(x, y + (lh - gh) / 2, gw, gh);
      builder_mark(b, OM_MARK_LEGEND, -1, (int)b->L->glyphs->len, -1, g);
      LegendGlyph lg = { e->kind, e->colour, e->emphasis, e->status, g };
      g_array_append_val(b->L->glyphs, lg);
      builder_label(b, OM_LABEL_LEGEND, -1, -1, -1, e->text, &ts,
                    chart_rect(x + gw + gap, y + (lh - th) / 2, tw, th), 0);
    }
    row_h = MAX(row_h, lh);
    x += ew + sep;
  }
  return y + row_h - y0;
}

/* ---------------------------------------------------------------------------------------
 * The layout driver
 */

static double
base_font_size(double w, double h)
{
  /* 11.5 at 800×500, growing with the chart's area; never below 9 points (print). A chart
   * made taller to hold more rows keeps the text size of its width. */
  double k = sqrt(w * MIN(h, 0.625 * w) / (800.0 * 500.0));
  return 11.5 * CLAMP(k, 0.78, 2.2);
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

gboolean
chart_type_check(const ChartType *type, gconstpointer model, double w, double h, GError **error)
{
  if (!(w > 0 && h > 0 && isfinite(w) && isfinite(h))) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not positive", w, h);
    return FALSE;
  }
  return type->validate(model, error);
}

/* A layout a caller made already, waiting on its thread for the chart_type_layout that
 * would build it again (chart_type_offer_layout). */
typedef struct {
  const ChartType *type;
  gconstpointer model;
  OmChartStyle style;
  double w, h;
  OmMeasureFunc measure;
  gpointer measure_data;
  OmChartLayout *layout; /* owned */
} Offer;

static void
offer_free(gpointer p)
{
  Offer *o = p;
  if (o != NULL)
    om_chart_layout_free(o->layout);
  g_free(o);
}

static GPrivate thread_offer = G_PRIVATE_INIT(offer_free);

void
chart_type_offer_layout(const ChartType *type, gconstpointer model, const OmChartStyle *style,
                        double w, double h, OmMeasureFunc measure, gpointer measure_data,
                        OmChartLayout *layout)
{
  Offer *o = NULL;
  if (layout != NULL) {
    o = g_new(Offer, 1);
    *o = (Offer){ type, model, *style, w, h, measure, measure_data, layout };
  }
  g_private_replace(&thread_offer, o);
}

/* The offered layout when it is the one these arguments would build (transfer full), else
 * NULL; the offer is used up either way. */
static OmChartLayout *
take_offer(const ChartType *type, gconstpointer model, const OmChartStyle *style, double w,
           double h, OmMeasureFunc measure, gpointer measure_data)
{
  Offer *o = g_private_get(&thread_offer);
  if (o == NULL)
    return NULL;
  OmChartLayout *L = NULL;
  if (o->type == type && o->model == model && o->w == w && o->h == h && o->measure == measure
      && o->measure_data == measure_data && o->style.lang == style->lang
      && o->style.width == style->width && o->style.height == style->height
      && o->style.dpi_scale == style->dpi_scale
      && g_strcmp0(o->style.font_family, style->font_family) == 0) {
    L = o->layout;
    o->layout = NULL;
  }
  g_private_replace(&thread_offer, NULL);
  return L;
}

OmChartLayout *
chart_type_layout(const ChartType *type, gconstpointer model, const OmChartStyle *style, double w,
                  double h, OmMeasureFunc measure, gpointer measure_data, GError **error)
{
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  if (!chart_type_check(type, model, w, h, error)) {
    chart_type_offer_layout(NULL, NULL, NULL, 0, 0, NULL, NULL, NULL);
    return NULL;
  }
  OmChartLayout *offered = take_offer(type, model, style, w, h, measure, measure_data);
  if (offered != NULL)
    return offered;
  OmChartLayout *L = chart_layout_new();
  Builder b;
  builder_init(&b, L, style, w, h, measure, measure_data);
  type->build(&b, model);
  return L;
}
