/* document.h — what the LEA report says: the summary table, a page per sector and per
 * institution with its charts and a sentence per target, the introduction and the method
 * appendix, in Dutch or English, as an OmReport (report-model.h) for the report renderer
 * or any other (HTML, a workbook).
 *
 * Content only: never draws, never writes a file, never prints.
 */
#ifndef OUDERMONITOR_DOCUMENT_H
#define OUDERMONITOR_DOCUMENT_H

#include "present/arena.h"
#include "present/evaluation.h"
#include "present/report-model.h"

G_BEGIN_DECLS

typedef struct OmDocument OmDocument;

/* The report of the evaluation run ev in lang, naming `author` (NULL = none; copied) on
 * the cover. Never fails: a run without rows gives a report with no rows and no pages.
 * Borrows from ev, which must outlive it. Transfer full: free with om_document_free. */
OmDocument *om_document_new(const OmEvaluation *ev, const char *author, OmLang lang);
/* The same without a page per institution: the overview of many municipalities, whose
 * own reports have those pages. */
OmDocument *om_document_new_overview(const OmEvaluation *ev, const char *author, OmLang lang);
/* Replaces the report's title (cover, PDF title, footers) by the bureau's own, e.g. "Monitor
 * ouderbetrokkenheid Lindeveen 2016"; NULL or "" keeps the default. Copied. */
void om_document_set_title(OmDocument *doc, const char *title);
/* The date the report is dated, as it should read ("12 maart 2017"); NULL or "" = the day
 * it is drawn. Copied. */
void om_document_set_date(OmDocument *doc, const char *date);
/* Accepts NULL. */
void om_document_free(OmDocument *doc);
/* The report, living as long as doc. Transfer none. */
const OmReport *om_document_report(const OmDocument *doc);

/* The summary row of evaluation row r as the full report makes it, every string in a: the
 * target text in lang, the scope's name, a withheld share only as its n and why
 * (OmWithheld), a census as counts ("17 van de 18"), else the change since the nulmeting
 * ("+5,0 pp, significant") when both waves are published. For other reports of the same
 * evaluation (edition.c's school reports) so the rules live here once. Never fails. */
OmReportRow om_document_row(OmArena *a, const OmEvaluation *ev, const OmEvaluationRow *r,
                            OmLang lang);

/* The first target of the parents' survey without a sector limit that was evaluated: its
 * analysis carries the respondents of every scope unit and wave (the response page's
 * source). G_MAXUINT when none. */
guint om_document_parents_target(const OmEvaluation *ev);
/* Parents (households) the register lists for each series of an (in series order): -1 for
 * a unit one of whose institutions has none on record (for the municipality: the sum over
 * the institutions that have one). Never fails. Transfer full (g_free). */
gint64 *om_document_populations(const OmEvaluation *ev, const OmAnalysis *an);
/* Respondents of a wave as the response page counts them: valid answers, "weet niet" and
 * blank. */
guint64 om_document_respondents(const OmPoint *p);

/* The method appendix for the analysis options o: the estimators, the interval methods
 * and level, the status rule and the publication rule, paragraphs separated by a blank
 * line. Never fails. Transfer full. */
char *om_document_method(const OmAnalysisOptions *o, OmLang lang);

G_END_DECLS

#endif
