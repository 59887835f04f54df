/* report.h — the multi-page PDF report for the LEA evaluation meeting.
 *
 * The report lays out plain data that the caller (the CLI) prepared: a cover, a summary
 * table of every target and scope with its status, a page per sector and per institution
 * with trend charts (drawn by the chart module) and sentences the caller wrote, and a
 * method appendix. It does no statistics and reads no store: every number it prints
 * arrives in an OmReportRow or a chart model, and a row marked `suppressed` shows only
 * its n, whatever else it carries.
 *
 * Ownership: the report and everything it points to are borrowed (transfer none) for the
 * duration of the call.
 */
#ifndef OUDERMONITOR_REPORT_H
#define OUDERMONITOR_REPORT_H

#include "render/chart.h"
#include "present/report-model.h"

G_BEGIN_DECLS

/* A4 portrait in points. */
#define OM_REPORT_PAGE_WIDTH 595.2756
#define OM_REPORT_PAGE_HEIGHT 841.8898

/* Writes the report as an A4 PDF. From style only lang and font_family count (NULL =
 * Dutch, DejaVu Sans). The file is written whole or not at all. Returns FALSE with
 * OM_ERROR_IO naming the path when it cannot be written, or OM_ERROR_ARGUMENT naming the
 * page when a chart on it is invalid; an existing file at path is then left as it was. */
gboolean om_report_write_pdf(const OmReport *report, const OmChartStyle *style, const char *path,
                             GError **error);

/* The number of pages om_report_write_pdf would write, without writing. Returns 0 and sets
 * error as om_report_write_pdf would for an invalid chart. */
guint om_report_count_pages(const OmReport *report, const OmChartStyle *style, GError **error);

/* Draws every page onto cr (a surface of OM_REPORT_PAGE_WIDTH × HEIGHT points), calling
 * cairo_show_page after each. For callers that embed the report in their own PDF stream.
 * *n_pages (may be NULL) receives the page count. Failure as om_report_write_pdf, with
 * pages possibly drawn already. */
gboolean om_report_draw(cairo_t *cr, const OmReport *report, const OmChartStyle *style,
                        guint *n_pages, GError **error);

/* The fill of answer category c < b->n_categories in a stacked answer bar, as the PDF draws
 * it (dissatisfied warm, a middle grey, satisfied blue, "weet niet" very light; colour-blind
 * safe), in rgb (0–1), so every channel colours the bars alike. */
void om_report_bar_colour(const OmReportBars *b, gsize c, double rgb[3]);

G_END_DECLS

#endif
