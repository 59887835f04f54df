/* paint.c — the renderer every chart type shares: background, legend glyphs and labels
 * (texts with their halos and colours), and the one draw driver that lays a chart out on
 * the target's own text context and paints it (chart-private.h).
 *
 * It draws a layout and never changes one: every position comes from the layout, every
 * text is drawn through text.h exactly as it was measured. It never computes a share.
 */
#include "render/chart-private.h"

#include <assert.h>
#include <math.h>

static void
paint_text(Painter *P, const OmChartLabel *lab)
{
  cairo_t *cr = P->cr;
  PangoLayout *layout = om_text_layout_get(P->text, lab->text, &lab->style, P->family);
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  double lx = (double)logical.x / PANGO_SCALE, ly = (double)logical.y / PANGO_SCALE;
  cairo_save(cr);
  if (lab->vertical) {
    cairo_translate(cr, lab->rect.x, lab->rect.y + lab->rect.h);
    cairo_rotate(cr, -G_PI / 2);
    /* Drawn as laid out on a context matched to the rotation (the shared one of the chart
     * must keep its own match, or every layout on it would be laid out again). */
    PangoContext *rotated = om_text_context_for(cr);
    PangoLayout *turned = om_text_layout_get(rotated, lab->text, &lab->style, P->family);
    om_text_show(cr, turned, -lx, -ly);
    g_object_unref(turned);
    g_object_unref(rotated);
  } else {
    om_text_show(cr, layout, lab->rect.x - lx, lab->rect.y - ly);
  }
  cairo_restore(cr);
  g_object_unref(layout);
}

void
chart_label_colour(const ChartType *type, gconstpointer model, const OmChartLabel *lab,
                   double rgb[3])
{
  guint32 hex = 0x222222;
  switch (lab->kind) {
  case OM_LABEL_TITLE:
  case OM_LABEL_PANEL_TITLE:
    hex = 0x111111;
    break;
  case OM_LABEL_SUBTITLE:
  case OM_LABEL_STATUS:
  case OM_LABEL_TARGET:
  case OM_LABEL_LEGEND:
  case OM_LABEL_ROW_NAME:
  case OM_LABEL_ROW_VALUE:
  case OM_LABEL_ROW_STATUS:
    hex = 0x222222;
    break;
  case OM_LABEL_VALUE:
    hex = 0x1A1A1A;
    break;
  case OM_LABEL_AXIS_TITLE:
  case OM_LABEL_HEADER:
  case OM_LABEL_PROJECTION:
  case OM_LABEL_POINT_CODE:
    hex = 0x333333;
    break;
  case OM_LABEL_TICK:
    hex = 0x444444;
    break;
  case OM_LABEL_N:
  case OM_LABEL_BASELINE:
  case OM_LABEL_NOTE:
  case OM_LABEL_FOOTNOTE:
    hex = 0x555555;
    break;
  case OM_LABEL_SUPPRESSED:
  case OM_LABEL_DEADLINE:
    hex = 0x666666;
    break;
  case OM_LABEL_SERIES_END:
    if (type->label_colour != NULL && lab->panel >= 0 && lab->series >= 0) {
      chart_text_rgb(type->label_colour(model, lab), rgb);
      return;
    }
    break;
  }
  rgb[0] = ((hex >> 16) & 0xff) / 255.0;
  rgb[1] = ((hex >> 8) & 0xff) / 255.0;
  rgb[2] = (hex & 0xff) / 255.0;
}

gboolean
chart_label_has_halo(OmLabelKind kind)
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

/* The labels: halos always, their text only when P->text_as_ink (the SVG writer adds the
 * text as <text> elements instead). */
static void
paint_labels(Painter *P, const ChartType *type, gconstpointer model)
{
  cairo_t *cr = P->cr;
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(P->L, &n);
  for (gsize i = 0; i < n; i++) {
    const OmChartLabel *lab = &labels[i];
    if (chart_label_has_halo(lab->kind)) {
      cairo_rectangle(cr, lab->rect.x - 0.5, lab->rect.y, lab->rect.w + 1, lab->rect.h);
      chart_set_hex(cr, 0xFFFFFF, 0.85);
      cairo_fill(cr);
    }
    if (!P->text_as_ink)
      continue;
    double rgb[3];
    chart_label_colour(type, model, lab, rgb);
    cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 1);
    paint_text(P, lab);
  }
}

/* Legend glyphs, one painter per kind, each in the glyph's rectangle with its centre
 * (cx, cy) and a line width lw that grows with the glyph. */

/* An interval bar with its point; horizontal (emphasis) as in the overview. */
static void
glyph_point_bar(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  const OmRect r = g->rect;
  chart_set_colour(cr, g->colour, 1);
  cairo_set_line_width(cr, lw);
  if (g->emphasis) {
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
}

/* A series line, thicker when emphasised. */
static void
glyph_line(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)cx;
  const OmRect r = g->rect;
  chart_set_colour(cr, g->colour, 1);
  cairo_set_line_width(cr, g->emphasis ? 3.2 * lw : 2 * lw);
  cairo_move_to(cr, r.x, cy);
  cairo_line_to(cr, r.x + r.w, cy);
  cairo_stroke(cr);
}

/* A grey band with its line. */
static void
glyph_ribbon(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)cx;
  const OmRect r = g->rect;
  chart_set_hex(cr, 0x000000, 0.16);
  cairo_rectangle(cr, r.x, r.y + r.h * 0.1, r.w, r.h * 0.8);
  cairo_fill(cr);
  chart_set_hex(cr, 0x555555, 1);
  cairo_set_line_width(cr, lw * 1.5);
  cairo_move_to(cr, r.x, cy);
  cairo_line_to(cr, r.x + r.w, cy);
  cairo_stroke(cr);
}

/* The dashed target line; vertical (emphasis) as in the overview. */
static void
glyph_target(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  const OmRect r = g->rect;
  chart_set_hex(cr, 0x222222, 1);
  cairo_set_line_width(cr, lw * 1.6);
  chart_dash(cr, r.h * 0.45, r.h * 0.3);
  if (g->emphasis) {
    cairo_move_to(cr, cx, r.y - r.h * 0.1);
    cairo_line_to(cr, cx, r.y + r.h * 1.1);
  } else {
    cairo_move_to(cr, r.x, cy);
    cairo_line_to(cr, r.x + r.w, cy);
  }
  cairo_stroke(cr);
}

/* A funnel limit: dashed (95%) or dotted (99.8%). */
static void
glyph_limit(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)cx;
  const OmRect r = g->rect;
  chart_set_hex(cr, 0x555555, 1);
  cairo_set_line_width(cr, lw * 1.3);
  if (g->kind == GLYPH_LIMIT95)
    chart_dash(cr, r.h * 0.45, r.h * 0.25);
  else {
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    chart_dash(cr, 0.01, r.h * 0.28);
  }
  cairo_move_to(cr, r.x, cy);
  cairo_line_to(cr, r.x + r.w, cy);
  cairo_stroke(cr);
}

/* The dotted projection ending in a whisker and a hollow marker. */
static void
glyph_projection(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)cx;
  const OmRect r = g->rect;
  chart_set_colour(cr, g->colour, 1);
  cairo_set_line_width(cr, lw * 1.4);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  chart_dash(cr, 0.01, lw * 2.6);
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
  chart_set_hex(cr, 0xFFFFFF, 1);
  cairo_fill_preserve(cr);
  chart_set_colour(cr, g->colour, 1);
  cairo_set_line_width(cr, lw * 1.2);
  cairo_stroke(cr);
}

/* The deadline band. */
static void
glyph_band(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)cx;
  (void)cy;
  (void)lw;
  const OmRect r = g->rect;
  cairo_rectangle(cr, r.x + r.w * 0.2, r.y - r.h * 0.1, r.w * 0.6, r.h * 1.2);
  chart_set_hex(cr, 0x000000, 0.08);
  cairo_fill_preserve(cr);
  chart_set_hex(cr, 0xBBBBBB, 1);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
}

/* A status marker. */
static void
glyph_status(cairo_t *cr, const LegendGlyph *g, double cx, double cy, double lw)
{
  (void)lw;
  om_chart_draw_status_marker(cr, g->status, cx, cy, g->rect.h * 0.5);
}

static void (*const glyph_painters[])(cairo_t *, const LegendGlyph *, double, double, double) = {
  [GLYPH_POINT_BAR] = glyph_point_bar,   [GLYPH_LINE] = glyph_line,
  [GLYPH_RIBBON] = glyph_ribbon,         [GLYPH_TARGET] = glyph_target,
  [GLYPH_PROJECTION] = glyph_projection, [GLYPH_BAND] = glyph_band,
  [GLYPH_STATUS] = glyph_status,         [GLYPH_LIMIT95] = glyph_limit,
  [GLYPH_LIMIT998] = glyph_limit,
};

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
    glyph_painters[g->kind](cr, g, cx, cy, lw);
    cairo_restore(cr);
  }
}

/* batch: < 0 to choose by the target (chart-private.h's Painter.batch), else as given. */
static void
painter_init(Painter *P, cairo_t *cr, const OmChartStyle *style, int batch)
{
  P->cr = cr;
  P->text = om_text_context_for(cr);
  P->family = style->font_family;
  P->L = NULL;
  P->text_as_ink = TRUE;
  if (batch < 0)
    P->batch = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
  else
    P->batch = batch != 0;
}

static void
paint_background(cairo_t *cr, double w, double h)
{
  cairo_rectangle(cr, 0, 0, w, h);
  chart_set_hex(cr, 0xFFFFFF, 1);
  cairo_fill(cr);
}

/* chart_type_draw_full, batching as painter_init's batch says, with or without the white
 * background. */
static gboolean
draw_chart(const ChartType *type, cairo_t *cr, gconstpointer model, const OmChartStyle *style,
           double w, double h, gboolean text_as_ink, int batch, gboolean background,
           OmChartLayout **layout_out, GError **error)
{
  assert(cr != NULL && model != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  cairo_save(cr);
  Painter P;
  painter_init(&P, cr, style, batch);
  P.text_as_ink = text_as_ink;
  OmChartLayout *L = chart_type_layout(type, model, style, w, h, om_text_measure, P.text, error);
  if (L == NULL) {
    g_object_unref(P.text);
    cairo_restore(cr);
    return FALSE;
  }
  P.L = L;
  if (background)
    paint_background(cr, w, h);
  type->paint(&P, model);
  paint_glyphs(&P);
  paint_labels(&P, type, model);
  if (layout_out != NULL)
    *layout_out = L;
  else
    om_chart_layout_free(L);
  g_object_unref(P.text);
  cairo_restore(cr);
  return TRUE;
}

gboolean
chart_type_draw_full(const ChartType *type, cairo_t *cr, gconstpointer model,
                     const OmChartStyle *style, double w, double h, gboolean text_as_ink,
                     OmChartLayout **layout_out, GError **error)
{
  return draw_chart(type, cr, model, style, w, h, text_as_ink, -1, TRUE, layout_out, error);
}

gboolean
chart_type_draw_batched(const ChartType *type, cairo_t *cr, gconstpointer model,
                        const OmChartStyle *style, double w, double h, gboolean batch,
                        GError **error)
{
  return draw_chart(type, cr, model, style, w, h, TRUE, batch ? 1 : 0, TRUE, NULL, error);
}

gboolean
chart_type_draw_on_white(const ChartType *type, cairo_t *cr, gconstpointer model,
                         const OmChartStyle *style, double w, double h, GError **error)
{
  return draw_chart(type, cr, model, style, w, h, TRUE, -1, FALSE, NULL, error);
}

gboolean
chart_type_draw(const ChartType *type, cairo_t *cr, gconstpointer model, const OmChartStyle *style,
                double w, double h, GError **error)
{
  return chart_type_draw_full(type, cr, model, style, w, h, TRUE, NULL, error);
}
