/* html-report.h — the LEA report as one self-contained, accessible HTML page: the same
 * document (report-model.h) the PDF draws, with its charts inline as SVG with real <text>.
 *
 * The page makes no external request (CSS inline, no script, no font or image link), reads
 * on a phone (responsive CSS) and prints (print CSS). Every chart has a text alternative
 * and the table of its numbers in a <details>; headings run h1 → h2 → h3 without a gap;
 * the language is set on <html>. The sections and their order are the PDF's (report.c):
 * status key, front pages, summary, topic pages, sectors, institutions, method; page tables
 * are <table>s with a caption, answer bars inline SVG with their numbers beside them. Every text
 * from the document is escaped, so a register name holding "<script>" shows as text. It never
 * computes a statistic: a suppressed row or point shows only its n and why (OmWithheld).
 *
 * Ownership: the report and style are borrowed for the duration of the call.
 */
#ifndef OUDERMONITOR_RENDER_HTML_REPORT_H
#define OUDERMONITOR_RENDER_HTML_REPORT_H

#include "present/report-model.h"
#include "render/chart.h"

G_BEGIN_DECLS

/* The page as a string. From style only lang and font_family count (NULL = Dutch, DejaVu
 * Sans). Returns NULL with OM_ERROR_ARGUMENT naming the page when a chart on it is invalid.
 * Transfer full: g_free. */
char *om_report_html(const OmReport *report, const OmChartStyle *style, GError **error);

/* Writes om_report_html to path, whole or not at all. Failure as om_report_html, or
 * OM_ERROR_IO naming the path; an existing file is then left as it was. */
gboolean om_report_write_html(const OmReport *report, const OmChartStyle *style, const char *path,
                              GError **error);

G_END_DECLS

#endif
