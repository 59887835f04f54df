/* svg.h — charts as SVG documents whose texts are real <text> elements, for `chart
 * --format svg` and for the charts inline in the HTML report.
 *
 * The ink (lines, bars, markers, halos) is Cairo's SVG drawing of the chart; every label of
 * the chart's layout is then written as <text> (or one <text> per wrapped line) at the
 * baseline Cairo would have drawn it, in the same font, size, weight and colour, so an SVG
 * matches the PNG of the same chart. It never decides content: texts, positions and colours
 * all come from the model and its layout; it only escapes them for XML.
 *
 * Ownership: models and style are borrowed for the duration of the call.
 */
#ifndef OUDERMONITOR_RENDER_SVG_H
#define OUDERMONITOR_RENDER_SVG_H

#include "render/chart.h"

G_BEGIN_DECLS

/* How the SVG is written. */
typedef struct {
  const char *title;     /* <title> and aria-label of the root; NULL = the chart's title */
  const char *id_prefix; /* prepended to every id, so that several SVGs can sit in one HTML
                            page; NULL = none */
  gboolean inline_svg;   /* TRUE: no XML declaration, scales to its container's width */
} OmSvgOptions;

/* The chart at style's size (NULL = defaults) as an SVG document (UTF-8). options NULL =
 * a file's SVG titled by the chart. Returns NULL and sets OM_ERROR_ARGUMENT as
 * om_chart_layout_trend / _overview do. Transfer full: g_free. */
char *om_chart_svg_trend(const OmTrendChart *chart, const OmChartStyle *style,
                         const OmSvgOptions *options, GError **error);
char *om_chart_svg_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                            const OmSvgOptions *options, GError **error);

/* Appends text to out with &, <, >, " and ' escaped as XML/HTML entities, and every
 * control character but tab and newline dropped (XML 1.0 cannot carry them). */
void om_xml_escape_append(GString *out, const char *text);

G_END_DECLS

#endif
