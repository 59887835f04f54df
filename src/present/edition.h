/* edition.h — editions of the report: the full report, the council's edition (cover,
 * summary, sectors, method — no institution pages) and a short report per school (its
 * results against each target beside its sector and the municipality, its change since
 * the nulmeting, its response), all as OmReport (report-model.h) for any renderer.
 *
 * Content only: never draws, never writes a file, never prints. A withheld share reaches
 * an edition only as `suppressed` with its n, exactly as in the full report.
 */
#ifndef OUDERMONITOR_EDITION_H
#define OUDERMONITOR_EDITION_H

#include "present/arena.h"
#include "present/evaluation.h"
#include "present/report-model.h"

G_BEGIN_DECLS

typedef enum {
  OM_EDITION_FULL,   /* "volledig" / "full": everything */
  OM_EDITION_COUNCIL /* "raad" / "council": no institution pages */
} OmEdition;

/* "volledig", "full", "raad", "council" (case-insensitive). Returns FALSE and leaves *out
 * unchanged for anything else. */
gboolean om_edition_from_string(const char *s, OmEdition *out);

/* The edition of the full report: a copy of *full (every field, so fields added to the
 * model later travel along) with what the edition leaves out removed; a sentence that
 * would send the council to pages it does not have is rewritten, in arena (NULL: left as
 * it is). *out borrows from full and arena, which must outlive it. Never fails. */
void om_edition_apply(const OmReport *full, OmEdition edition, OmLang lang, OmArena *arena,
                      OmReport *out);

/* A short report per school of the evaluation. */
typedef struct OmSchoolReports OmSchoolReports;

/* A report for every institution with at least one evaluation row, in the evaluation's
 * order: cover (the school, the municipality), a table of each target for the school, its
 * sector and the municipality, one page with the school's trend panels, a sentence per
 * target with its change since the nulmeting, its response (valid answers against the
 * register's population), and the full report's method. institutions: the register
 * (OmInstitution), for sectors and populations. Borrows from ev, institutions and full,
 * which must outlive it. Never fails. Transfer full: om_school_reports_free. */
OmSchoolReports *om_school_reports_new(const OmEvaluation *ev, const GArray *institutions,
                                       const OmReport *full, OmLang lang);
/* Accepts NULL. */
void om_school_reports_free(OmSchoolReports *s);
guint om_school_reports_size(const OmSchoolReports *s);
/* The report of school i < size, and its institution code in *code (may be NULL). Both live
 * as long as s. Transfer none. */
const OmReport *om_school_reports_get(const OmSchoolReports *s, guint i, const char **code);

G_END_DECLS

#endif
