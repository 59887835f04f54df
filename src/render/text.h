/* text.h — the one Pango setup of the renderer: font description, layout creation,
 * measuring and drawing text, shared by the charts and the PDF report.
 *
 * Every text the renderer draws or measures goes through a context made here, with hinted
 * metrics off and glyph positions unrounded, so that a text measures the same on an image,
 * PDF and SVG surface and at any PNG scale: a layout measured in one pass (the report's
 * page count, a chart's layout) is what another pass draws. It must never pick a colour,
 * a position or a size of its own: callers decide those.
 */
#ifndef OUDERMONITOR_RENDER_TEXT_H
#define OUDERMONITOR_RENDER_TEXT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "oudermonitor/error.h"

G_BEGIN_DECLS

/* The family used when a style names none. */
#define OM_TEXT_DEFAULT_FAMILY "DejaVu Sans"

typedef struct {
  double size; /* font size in points */
  gboolean bold, italic;
  double wrap_width;  /* > 0: wrap words at this width */
  gboolean ellipsize; /* with wrap_width: one line, cut with "…" */
} OmTextStyle;

/* Measures `text` (UTF-8, may contain '\n') as it will be drawn. */
typedef void (*OmMeasureFunc)(const char *text, const OmTextStyle *ts, const char *font_family,
                              double *width, double *height, gpointer user_data);

/* The measurer the renderer uses: Pango with hinted metrics off, so a layout measured here
 * matches the PNG, PDF and SVG drawings exactly. user_data: a cairo_t * to measure on, or
 * NULL for the calling thread's own context (made once per thread). Measurements come from
 * the process-wide cache of om_text_measure when they are in it. Thread-safe. */
void om_chart_measure_pango(const char *text, const OmTextStyle *ts, const char *font_family,
                            double *width, double *height, gpointer user_data);

/* A Pango context on cr for laying out text: hinted metrics and hint style off, glyph
 * positions unrounded. Leaves cr unchanged. Transfer full: g_object_unref. */
PangoContext *om_text_context_new(cairo_t *cr);

/* A layout of `text` in the style's size, weight and slant, in `family` (NULL =
 * OM_TEXT_DEFAULT_FAMILY); wrapped (words, then characters) at ts->wrap_width when that is
 * positive, or cut to one line with "…" when ts->ellipsize is set as well. Transfer full:
 * g_object_unref. */
PangoLayout *om_text_layout_new(PangoContext *context, const char *text, const OmTextStyle *ts,
                                const char *family);

/* A context matched to cr's target and transformation (as om_text_context_new), shared by
 * every caller on the calling thread that asks for the same match, and keeping the layouts
 * om_text_layout_get makes on it (the most recently used, a bounded number): a label drawn
 * in many charts is laid out once per thread.
 * Use it on the calling thread only. Transfer full: g_object_unref. */
PangoContext *om_text_context_for(cairo_t *cr);

/* As om_text_layout_new; on a context of om_text_context_for, the layout it keeps for this
 * text and style (made on first use). The caller must not change the layout it gets.
 * Transfer full: g_object_unref. */
PangoLayout *om_text_layout_get(PangoContext *context, const char *text, const OmTextStyle *ts,
                                const char *family);

/* The layout's logical width / height in points. */
double om_text_layout_width(PangoLayout *layout);
double om_text_layout_height(PangoLayout *layout);

/* An OmMeasureFunc on a context of om_text_context_new, passed as user_data (transfer
 * none): the measurer of a drawing pass, so that it measures what it draws. Measurements
 * are kept in a process-wide cache (bounded; mutex-protected, so any thread may measure on
 * its own context) keyed by text, family, style and the context's matrix, never by its
 * surface: a text measures the same on every surface. Leaves the context unchanged. */
void om_text_measure(const char *text, const OmTextStyle *ts, const char *font_family,
                     double *width, double *height, gpointer context);

/* Matches the layout's context to cr's target and transformation (pango_cairo_update_layout)
 * unless it already is matched to them: an update marks every layout of the context for
 * laying out again, which costs as much as the first time. */
void om_text_update(cairo_t *cr, PangoLayout *layout);

/* Draws the layout with its origin at (x, y) of cr's user space in cr's current source
 * (after om_text_update); leaves cr's current point at (x, y). */
void om_text_show(cairo_t *cr, PangoLayout *layout, double x, double y);

G_END_DECLS

#endif
