/* report-model.h — what the LEA report says: the plain structs that the presentation layer
 * fills and the report renderer lays out.
 *
 * Every number the report prints arrives in an OmReportRow or a chart model; a row marked
 * `suppressed` shows only its n, whatever else it carries. No Cairo, no files here.
 *
 * Ownership: the report and everything it points to are borrowed (transfer none) by the
 * functions that take it, for the duration of the call.
 */
#ifndef OUDERMONITOR_REPORT_MODEL_H
#define OUDERMONITOR_REPORT_MODEL_H

#include "present/chart-model.h"

G_BEGIN_DECLS

/* One line of the summary table: one target in one scope. Consecutive rows with the same
 * target text form a group under a full-width row holding that text. */
typedef struct {
  const char *target;    /* the target as the municipality wrote it; wrapped */
  const char *scope;     /* "Gemeente", "po", "Basisschool De Ëik" */
  int year;              /* the wave the status rests on; 0 = no data */
  guint64 n;             /* valid answers in that wave */
  OmWithheld suppressed; /* 0 = shown; else why withheld (TRUE = too few): only n and why, no share,
                            interval, projection */
  double share;          /* NaN = none */
  double lower, upper;   /* 95% interval; NaN = none */
  OmChartStatus status;
  gboolean has_projection;
  int projection_year;
  double projection, projection_lower, projection_upper;
  const char *census; /* a census (the institutions' survey): "17 van de 18" instead of a
                         share and interval; NULL = a sample */
  const char *change; /* since the nulmeting: "+5,0 pp, significant"; NULL = none */
} OmReportRow;

/* A plain table on a page (e.g. the response rates): text cells, the first column left,
 * the others right aligned; the header is repeated on each page the table runs onto. */
typedef struct {
  const char *const *header; /* n_cols titles */
  const char *const *cells;  /* n_rows × n_cols, row by row; NULL = empty */
  gsize n_rows, n_cols;
  const double *widths; /* relative column widths (n_cols); NULL = equal */
} OmReportTable;

/* Answer distributions as stacked bars: per item a group of bars (the municipality, each
 * sector), each bar the shares of the answer categories in order, left to right. */
typedef struct {
  const char *label;    /* "Gemeente Lindeveen", "Primair onderwijs" */
  const double *shares; /* n_categories shares of the answers, summing to 1 */
  guint64 n;            /* answers (valid and "weet niet") */
} OmReportBar;

typedef struct {
  const char *title; /* the item's wording */
  const OmReportBar *bars;
  gsize n_bars;
} OmReportBarGroup;

typedef struct {
  const char *const *categories; /* "Zeer ontevreden" … "Zeer tevreden", "Weet niet / n.v.t." */
  gsize n_categories;
  gsize n_negative; /* the first n_negative categories are dissatisfied (warm
                       colours), the last is "weet niet" when has_unknown */
  gboolean has_unknown;
  const OmReportBarGroup *groups;
  gsize n_groups;
  const char *note; /* under the bars, e.g. "ongewogen: aandelen van alle antwoorden" */
} OmReportBars;

/* A sector or institution page. It starts on a new page and flows onto more pages when
 * its content needs them. */
typedef struct {
  const char *heading;             /* "Sector po", "Basisschool De Ëik (12AB00)" */
  const char *intro;               /* paragraph under the heading; NULL = none */
  const OmTrendChart *chart;       /* NULL = none; 1–9 panels */
  const OmOverviewChart *overview; /* NULL = none; e.g. the sector's institutions */
  const char *const *sentences;    /* one per target, e.g. "87,5% van de ouders is …" */
  gsize n_sentences;
  const OmReportTable *table; /* under the sentences; NULL = none */
  const OmReportBars *bars;   /* under the table; NULL = none */
} OmReportPage;

typedef struct {
  const char *title;         /* NULL = "LEA-evaluatie ouderbetrokkenheid" */
  const char *municipality;  /* "Gemeente Voorbeeldstad" */
  int evaluation_year;       /* 0 = not shown */
  const char *date;          /* as it should read, "12 maart 2016"; NULL = today */
  const char *author;        /* the research bureau; NULL = none */
  const char *summary_intro; /* paragraph above the summary table; NULL = none */
  const OmReportRow *rows;
  gsize n_rows;
  const OmReportPage *sector_pages;
  gsize n_sector_pages;
  const OmReportPage *institution_pages;
  gsize n_institution_pages;
  const char *method; /* the method appendix; paragraphs separated by a blank line; NULL = none */
  const OmReportPage *front_pages; /* right after the cover: the key messages */
  gsize n_front_pages;
  const OmReportPage *topic_pages; /* after the summary: the institutions' survey, every
                                      target's overview, response */
  gsize n_topic_pages;
} OmReport;

G_END_DECLS

#endif
