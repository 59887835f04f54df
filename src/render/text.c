/* text.c — the one Pango setup of the renderer (see text.h): contexts with unhinted
 * metrics, layouts from a text style, measuring and showing.
 *
 * The charts and the PDF report both lay out and draw every text through these functions,
 * so that what a layout pass measured is what the drawing pass draws. This module must
 * never choose colours, positions or sizes, and never keeps a layout or context.
 */
#include "render/text.h"

#include <assert.h>

PangoContext *
om_text_context_new(cairo_t *cr)
{
  assert(cr != NULL);
  PangoContext *context = pango_cairo_create_context(cr);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(context, FALSE);
  return context;
}

PangoLayout *
om_text_layout_new(PangoContext *context, const char *text, const OmTextStyle *ts,
                   const char *family)
{
  assert(context != NULL && text != NULL && ts != NULL);
  PangoLayout *layout = pango_layout_new(context);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family ? family : OM_TEXT_DEFAULT_FAMILY);
  pango_font_description_set_absolute_size(fd, ts->size * PANGO_SCALE);
  pango_font_description_set_weight(fd, ts->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(fd, ts->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  if (ts->wrap_width > 0) {
    pango_layout_set_width(layout, (int)(ts->wrap_width * PANGO_SCALE));
    if (ts->ellipsize) {
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height(layout, -1); /* one line */
    } else {
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
  }
  pango_layout_set_text(layout, text, -1);
  return layout;
}

double
om_text_layout_width(PangoLayout *layout)
{
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  return (double)logical.width / PANGO_SCALE;
}

double
om_text_layout_height(PangoLayout *layout)
{
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  return (double)logical.height / PANGO_SCALE;
}

void
om_text_measure(const char *text, const OmTextStyle *ts, const char *font_family, double *width,
                double *height, gpointer context)
{
  PangoLayout *layout = om_text_layout_new(context, text, ts, font_family);
  *width = om_text_layout_width(layout);
  *height = om_text_layout_height(layout);
  g_object_unref(layout);
}

void
om_chart_measure_pango(const char *text, const OmTextStyle *ts, const char *font_family,
                       double *width, double *height, gpointer user_data)
{
  assert(text != NULL && ts != NULL && width != NULL && height != NULL);
  cairo_surface_t *surface = NULL;
  cairo_t *cr = user_data;
  if (cr == NULL) {
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cr = cairo_create(surface);
  }
  PangoContext *context = om_text_context_new(cr);
  om_text_measure(text, ts, font_family, width, height, context);
  g_object_unref(context);
  if (surface != NULL) {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
}

void
om_text_show(cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to(cr, x, y);
  pango_cairo_update_layout(cr, layout);
  pango_cairo_show_layout(cr, layout);
}
