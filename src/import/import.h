/* import.h — one survey export (CSV text or SPSS .sav) into the store as one wave, all
 * or nothing.
 *
 * The importer maps the export's columns through a survey definition, checks every
 * cell, and stores only mapped columns (respondent id, institution, answers): names,
 * e-mail addresses and free text never reach the store. Any problem in a file means
 * nothing of it is stored: the whole import is one transaction. It never draws and
 * never prints; the CLI prints the report.
 */
#ifndef OUDERMONITOR_IMPORT_H
#define OUDERMONITOR_IMPORT_H

#include "input/csvsource.h"
#include "store/store.h"
#include "input/survey.h"

G_BEGIN_DECLS

typedef struct {
  int year;                   /* the wave's year; 0 = take it from the survey's year column */
  char delimiter;             /* 0 = sniff */
  OmEncoding encoding;        /* AUTO = sniff */
  int skip_rows;              /* extra header rows after the header; -1 = detect (at most 5) */
  gboolean dry_run;           /* check only; the store is not written */
  gboolean replace;           /* swap an existing wave of the same group and year */
  gboolean baseline;          /* mark this wave as the baseline (nulmeting) of its group */
  OmCsvProgressFunc progress; /* optional, over the file's bytes */
  gpointer progress_data;
  gsize max_cell; /* reader limits (see OmCsvOptions); 0 = the default */
  guint max_fields;
  gsize max_record;
} OmImportOptions;

typedef enum {
  OM_PROBLEM_RAGGED,      /* a row with another number of fields than the header */
  OM_PROBLEM_SCALE,       /* an answer outside its scale */
  OM_PROBLEM_INSTITUTION, /* an institution code not in the register */
  OM_PROBLEM_DUPLICATE,   /* a respondent id seen before in the file */
  OM_PROBLEM_MISSING_ID,  /* an empty respondent id or institution code */
  OM_PROBLEM_YEAR,        /* a year cell that is not the wave's year */
  OM_PROBLEM_N
} OmProblemKind;

typedef struct {
  char *source; /* the file name as given */
  char *sha256;
  gboolean already_imported;   /* same bytes imported before: nothing changed */
  gboolean replaced;           /* an existing wave was swapped (--replace) */
  gboolean definition_changed; /* the same bytes again under a changed survey definition
                                * (with --replace: re-imported under the new one) */
  char *group;
  int year;
  gint64 wave_id; /* 0 for a dry run or a failure */
  guint64 respondents;
  guint64 answers, blanks, dont_know; /* cells over all items */
  guint names_row;                    /* the header row that held the column names (1 = first) */
  guint64 names_line;                 /* ... and its line */
  guint skipped_rows;                 /* extra header rows skipped after the header */
  guint64 empty_rows;                 /* rows of nothing but delimiters (Excel's trailing rows) */
  guint64 first_skipped_line;
  GPtrArray *ignored_columns; /* header titles that were not stored (char*) */
  GPtrArray *problems;        /* "FILE:LINE:COL: what; expected" (char*), at most 200 */
  guint64 n_problems;         /* all problems, also those beyond the list */
  guint64 by_kind[OM_PROBLEM_N];
  const char *format; /* "csv" or "sav" (static) */
  char delimiter;     /* csv only */
  OmEncoding encoding;
  gboolean had_bom;
} OmImportReport;

OmImportReport *om_import_report_new(void);    /* transfer full */
void om_import_report_free(OmImportReport *r); /* accepts NULL */
/* "answer outside the scale", ... for summaries. Transfer none. */
const char *om_problem_kind_name(OmProblemKind k);

/* Imports `path` as one wave of the survey's group. A wave's identity is the file's
 * SHA-256 and the survey definition's (om_survey_sha256): the same bytes under the same
 * definition change nothing (report->already_imported); the same bytes under a changed
 * definition fail with a message naming --replace, and with opts->replace are imported
 * again under the new definition in one transaction, keeping the baseline mark.
 * Returns TRUE when the wave was
 * stored (or, for a dry run, would be; or was imported before: report->already_imported).
 * Returns FALSE with *error set when the file cannot be read or decoded, its header does
 * not fit the survey, the register is empty, or any row has a problem (listed in
 * report->problems): then the store is exactly as it was before the call. `store` must
 * hold no open transaction. report is filled in both cases. */
gboolean om_import_file(OmStore *store, const OmSurvey *survey, const char *path,
                        const OmImportOptions *opts, OmImportReport *report, GError **error);

G_END_DECLS

#endif
