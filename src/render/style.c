/* style.c — how a chart looks: the default style, the Okabe–Ito palette and the series
 * colours, the status markers (shape, fill and colour, never colour alone), and setting
 * those colours on Cairo.
 *
 * Shared by every chart type and the report. It must never lay anything out or decide what
 * a chart says; it turns a colour or a status into ink.
 */
#include "render/chart-private.h"

#include <assert.h>
#include <math.h>

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

/* ---------------------------------------------------------------------------------------
 * Palette
 */

static const guint32 palette_hex[] = {
  0x0072B2, /* AUTO: blue */
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000, 0x8C8C8C,
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

OmChartColour
chart_series_colour(const OmChartSeries *s, gsize index)
{
  if (s->colour != OM_COLOUR_AUTO)
    return s->colour;
  if (s->emphasis)
    return OM_COLOUR_BLACK;
  return auto_order[index % G_N_ELEMENTS(auto_order)];
}

void
chart_set_hex(cairo_t *cr, guint32 hex, double alpha)
{
  cairo_set_source_rgba(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                        (hex & 0xff) / 255.0, alpha);
}

void
chart_set_colour(cairo_t *cr, OmChartColour colour, double alpha)
{
  double r, g, b;
  om_chart_colour_rgb(colour, &r, &g, &b);
  cairo_set_source_rgba(cr, r, g, b, alpha);
}

/* Text in a light palette colour (yellow, sky blue, orange) is darkened to stay legible. */
/* WCAG 2.1 relative luminance of an sRGB colour (components in [0,1]). */
static double
relative_luminance(const double rgb[3])
{
  double l[3];
  for (int i = 0; i < 3; i++)
    l[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : pow((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

void
chart_text_rgb(OmChartColour colour, double rgb[3])
{
  double r, g, b;
  om_chart_colour_rgb(colour, &r, &g, &b);
  double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  double k = luma > 0.45 ? 0.55 : 1.0;
  rgb[0] = r * k;
  rgb[1] = g * k;
  rgb[2] = b * k;
  /* WCAG 2.1 AA (1.4.3): small text needs a contrast of 4.5:1 on white; darken further
   * (yellow, vermillion) until it has. */
  while ((1.0 + 0.05) / (relative_luminance(rgb) + 0.05) < 4.5)
    for (int i = 0; i < 3; i++)
      rgb[i] *= 0.9;
}

void
chart_set_text_colour(cairo_t *cr, OmChartColour colour)
{
  double rgb[3];
  chart_text_rgb(colour, rgb);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

void
chart_dash(cairo_t *cr, double on, double off)
{
  double d[] = { on, off };
  cairo_set_dash(cr, d, 2, 0);
}

void
chart_interval_path(cairo_t *cr, double a, double b, double at, double cap, gboolean vertical)
{
  if (vertical) {
    cairo_move_to(cr, at, a);
    cairo_line_to(cr, at, b);
    cairo_move_to(cr, at - cap, a);
    cairo_line_to(cr, at + cap, a);
    cairo_move_to(cr, at - cap, b);
    cairo_line_to(cr, at + cap, b);
  } else {
    cairo_move_to(cr, a, at);
    cairo_line_to(cr, b, at);
    cairo_move_to(cr, a, at - cap);
    cairo_line_to(cr, a, at + cap);
    cairo_move_to(cr, b, at - cap);
    cairo_line_to(cr, b, at + cap);
  }
}

/* ---------------------------------------------------------------------------------------
 * Statuses
 */

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

guint
chart_status_index(OmChartStatus status)
{
  return (guint)status < G_N_ELEMENTS(status_info) ? (guint)status : 0;
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

void
chart_draw_status_markers(cairo_t *cr, OmChartStatus status, const double *cx, const double *cy,
                          gsize n, double r)
{
  assert(cr != NULL && (n == 0 || (cx != NULL && cy != NULL)));
  guint i = chart_status_index(status);
  cairo_save(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  if (status_info[i].shape == SHAPE_NONE) {
    /* No status: a plain dark dot. */
    for (gsize k = 0; k < n; k++)
      shape_path(cr, SHAPE_CIRCLE, cx[k], cy[k], r * 0.8);
    chart_set_hex(cr, 0x444444, 1);
    cairo_fill(cr);
  } else if (status_info[i].shape == SHAPE_CROSS) {
    for (gsize k = 0; k < n; k++)
      shape_path(cr, SHAPE_CROSS, cx[k], cy[k], r);
    chart_set_hex(cr, status_info[i].colour, 1);
    cairo_set_line_width(cr, MAX(r * 0.35, 1));
    cairo_stroke(cr);
  } else if (status_info[i].filled) {
    for (gsize k = 0; k < n; k++)
      shape_path(cr, status_info[i].shape, cx[k], cy[k], r);
    chart_set_hex(cr, status_info[i].colour, 1);
    cairo_fill_preserve(cr);
    chart_set_hex(cr, 0xFFFFFF, 1);
    cairo_set_line_width(cr, MAX(r * 0.15, 0.5));
    cairo_stroke(cr);
  } else {
    for (gsize k = 0; k < n; k++)
      shape_path(cr, status_info[i].shape, cx[k], cy[k], r * 0.85);
    chart_set_hex(cr, 0xFFFFFF, 1);
    cairo_fill_preserve(cr);
    chart_set_hex(cr, status_info[i].colour, 1);
    cairo_set_line_width(cr, MAX(r * 0.32, 1));
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

double
chart_status_marker_reach(double r)
{
  /* The widest shape reaches r from the centre, its outline at most half of
   * MAX(r * 0.35, 1) beyond. */
  return r + MAX(r * 0.35, 1) / 2;
}

void
om_chart_draw_status_marker(cairo_t *cr, OmChartStatus status, double cx, double cy, double r)
{
  assert(cr != NULL);
  chart_draw_status_markers(cr, status, &cx, &cy, 1, r);
}
