/* analysis.h — published results: per scope unit and wave, the share satisfied with its
 * interval, the mean and report grade, and the change since the baseline.
 *
 * Scope units are the municipality (gemeente), each sector and each institution. For the
 * parents' group an institution is a simple random sample of its parents (finite-
 * population correction when the register knows its population) and sector and
 * municipality figures are stratified by institution and weighted by population, with
 * R survey's design options (OmAnalysisOptions) and a trend fitted on the same design; the
 * institutions' group is a census of the register itself, its sectors and municipality
 * shown with the exact bounds of the register's share. The publication rule lives here too: a
 * parents' group under the minimum n has no share anywhere, with complementary suppression so it
 * cannot be recovered by subtraction. Pure computation over a tally: no SQL, no drawing, no I/O.
 */
#ifndef OUDERMONITOR_ANALYSIS_H
#define OUDERMONITOR_ANALYSIS_H

#include "oudermonitor/estimate.h"
#include "input/register.h"
#include "stats/tally.h"

G_BEGIN_DECLS

typedef enum { OM_SCOPE_GEMEENTE, OM_SCOPE_SECTOR, OM_SCOPE_INSTELLING } OmScopeKind;

/* "gemeente", "sector", "instelling" (transfer none). */
const char *om_scope_kind_key(OmScopeKind k);
gboolean om_scope_kind_from_string(const char *s, OmScopeKind *out);

typedef struct {
  double level;             /* 0.95 */
  guint64 min_n;            /* 10: fewer valid answers = no published share (parents) */
  OmCiMethod method;        /* one proportion without a population: WILSON..WALD */
  OmCiMethod design_method; /* with populations: LOGIT..LIKELIHOOD (om_design_estimate) */
  gboolean fpc;             /* finite-population correction (TRUE) */
  OmLonely lonely;          /* single-respondent strata: ADJUST, as R's "adjust" */
  OmDfRule df;              /* DESIGN: n - H; INF: normal quantiles */
  gboolean totals_only;     /* FALSE; TRUE for a listing of sectors and municipalities only:
                               the institutions keep their counts, publication flags and
                               strata (the totals are the same), but get no share, interval,
                               mean or change of their own (has_share FALSE) */
} OmAnalysisOptions;
#define OM_ANALYSIS_OPTIONS_INIT                                                                   \
  {                                                                                                \
    0.95, 10, OM_CI_WILSON, OM_CI_LOGIT, TRUE, OM_LONELY_ADJUST, OM_DF_DESIGN, FALSE               \
  }

/* The design options of om_design_estimate that opts prescribes (its design_method). */
OmDesignOptions om_analysis_design_options(const OmAnalysisOptions *opts);

typedef struct {
  int year;
  gboolean baseline;
  guint64 n; /* valid answers */
  guint64 satisfied;
  guint64 dont_know;
  guint64 blank;
  guint n_units;      /* institutions with answers in this scope and wave */
  OmPublish publish;  /* OK, or why the share is withheld */
  gboolean has_share; /* n > 0 and published: the fields below hold numbers */
  double estimate, lower, upper, se, df;
  double deff;              /* design effect (svymean deff = TRUE); NaN when undefined or
                               not design-based */
  OmCiMethod method;        /* the method used */
  gboolean method_fallback; /* another method asked, share 0 or 1: Korn–Graubard used */
  gboolean census;          /* a census (every stratum fully answered, with fpc): the
                               share is exact, the interval has zero width */
  guint n_lonely;           /* single-respondent strata (the lonely rule applied) */
  gboolean census_bounds;   /* institutions' survey, sector or municipality: lower/upper are
                               the exact bounds x/N and (x + N - n)/N of the register's
                               share whatever the N - n missing institutions would say;
                               no model, so se, df and deff are NaN */
  guint64 population;       /* census_bounds: N, the registered institutions in scope */
  gboolean no_interval;     /* no degrees of freedom (one answer per stratum): the
                               interval is the whole range 0–1 */
  gboolean design;          /* design-based (strata, FPC) rather than one binomial */
  OmWeighting weighting;    /* RESPONDENT when a population was unknown */
  gboolean has_mean;
  OmMeanEstimate mean; /* on the answer scale, with the report grade */
  gboolean has_change; /* published here and at the baseline, not the baseline */
  OmDiff change;       /* this wave minus the baseline: Newcombe on the counts for an
                          institution; for sectors and the municipality the difference
                          of the weighted shares with a normal interval from their
                          design standard errors (change_design) */
  gboolean change_design;
} OmPoint;

typedef struct {
  OmScopeKind kind;
  char *id;               /* "gemeente", a sector key, or an institution code */
  char *name;             /* "Gemeente Lindeveen", "Primair onderwijs", an institution's name */
  char *sector;           /* NULL for the municipality */
  GArray *points;         /* OmPoint, one per wave of the tally, by year */
  GPtrArray *strata;      /* parallel to points: the GArray of OmStratum each design-based
                             estimate of a parents' sector or municipality used, else NULL */
  OmDesignOptions design; /* the analysis' design options (for the trend) */
} OmSeries;

typedef struct OmAnalysis OmAnalysis;

/* Results of one indicator for every scope unit. `institutions` is the register (GArray
 * of OmInstitution, as om_store_institutions gives it); `sectors` limits the scope to
 * those sectors (NULL = all), so "the municipality" means their institutions only.
 * Returns NULL with OM_ERROR_NOT_FOUND for an unknown indicator, or an estimate error.
 * Transfer full. */
OmAnalysis *om_analysis_new(const OmTally *tally, const GArray *institutions, const char *indicator,
                            const char *const *sectors, const OmAnalysisOptions *opts,
                            GError **error);
void om_analysis_free(OmAnalysis *a); /* accepts NULL */
/* Names the total (the first series) "Bestuur BOARD": an analysis over the institutions of
 * one school board rather than of a municipality. */
void om_analysis_set_total_name(OmAnalysis *a, const char *board);

const OmIndicator *om_analysis_indicator(const OmAnalysis *a);
const OmAnalysisOptions *om_analysis_options(const OmAnalysis *a);
/* Series in display order: municipality, sectors, institutions. Transfer none. */
guint om_analysis_n_series(const OmAnalysis *a);
const OmSeries *om_analysis_series(const OmAnalysis *a, guint i);
const OmSeries *om_analysis_find(const OmAnalysis *a, OmScopeKind kind, const char *id);

/* The logistic trend of the published waves up to and including until_year.
 * - A parents' sector or the municipality whose waves all have known populations: fitted
 *   on the stratified design, strata = wave x institution (the waves are independent
 *   samples), as R svyglm(y ~ jaar, design, family = quasibinomial()) with the analysis'
 *   fpc and lonely options (om_trend_fit_design): the trend describes the same
 *   population-weighted share as the points beside it, with design-based SEs.
 * - Otherwise (an institution, the institutions' survey, a population unknown): the
 *   binomial GLM of the raw counts, as R glm(cbind(x, n - x) ~ jaar, binomial).
 * FALSE with a reason (OM_ERROR_NUMERIC) when there are fewer than two such waves or the
 * fit separates; OM_ERROR_VALIDATION under lonely = fail. */
gboolean om_series_trend(const OmSeries *s, int until_year, OmTrend *out, GError **error);

G_END_DECLS

#endif
