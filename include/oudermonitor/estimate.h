/* estimate.h — the statistics behind every share, interval, change and trend.
 *
 * Pure functions over counts: no I/O, no printing, no global state beyond GSL's error
 * handler (switched off once, see om_estimate_init). Every number here is promised to
 * match a named reference implementation (statsmodels, scipy, R survey, R glm); the
 * comment on each function says which call, and tests/test-estimate.c holds the values.
 *
 * Failure contract: a function returning gboolean returns FALSE with an OM_ERROR GError
 * (OM_ERROR_ARGUMENT for inputs outside its domain, OM_ERROR_NUMERIC when the data have
 * no finite answer) and leaves *out unchanged. No function keeps or frees its inputs
 * (transfer none everywhere); no function allocates anything the caller must free.
 */
#ifndef OUDERMONITOR_ESTIMATE_H
#define OUDERMONITOR_ESTIMATE_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

/* Switches GSL's abort-on-error handler off so that every GSL status is checked by the
 * caller instead. Idempotent and thread-safe; every function below calls it itself, so
 * calling it explicitly is only needed before using GSL directly elsewhere. */
OM_API void om_estimate_init(void);

typedef enum {
  OM_CI_WILSON,        /* Wilson score */
  OM_CI_EXACT,         /* Clopper–Pearson */
  OM_CI_JEFFREYS,      /* equal-tailed Jeffreys, Brown–Cai–DasGupta end-point rule */
  OM_CI_AGRESTI_COULL, /* Agresti–Coull, clipped to [0,1] */
  OM_CI_WALD,          /* normal approximation, clipped to [0,1] */
  /* design-based, R survey svyciprop(method = ...): */
  OM_CI_LOGIT,     /* "logit": svyglm quasibinomial, Wald interval on the logit scale */
  OM_CI_BETA,      /* "beta": Korn–Graubard */
  OM_CI_MEAN,      /* "mean": estimate ± t se, not clipped (as R) */
  OM_CI_XLOGIT,    /* "xlogit": delta method on the logit scale (the same numbers as logit) */
  OM_CI_ASIN,      /* "asin": delta method on the arcsine square-root scale */
  OM_CI_LIKELIHOOD /* "likelihood": profile of the design-scaled binomial likelihood */
} OmCiMethod;

/* Names (ASCII case-insensitive, '_' and '-' alike): "wilson"; "exact" or
 * "clopper-pearson"; "jeffreys"; "agresti-coull"; "wald" or "normal" (statsmodels' name);
 * "logit", "beta", "mean", "xlogit", "asin", "likelihood" (R survey's svyciprop names).
 * "beta" is always the design-based Korn–Graubard method, never Clopper–Pearson
 * (statsmodels' "beta"): with one stratum and no finite-population correction it is a
 * different interval, so the name must not silently change meaning.
 * Returns FALSE and leaves *out unchanged for NULL or an unknown name. */
OM_API gboolean om_ci_method_from_string(const char *s, OmCiMethod *out);

/* The canonical name above ("wilson", "exact", "jeffreys", "agresti-coull", "wald",
 * "logit", "beta", "mean", "xlogit", "asin", "likelihood"). Static string (transfer none);
 * NULL for a value outside the enum. */
OM_API const char *om_ci_method_to_string(OmCiMethod m);

/* TRUE for the design-based methods LOGIT..LIKELIHOOD (om_design_estimate), FALSE for the
 * one-proportion methods WILSON..WALD (om_proportion_ci) and values outside the enum. */
OM_API gboolean om_ci_method_is_design(OmCiMethod m);

typedef struct {
  double estimate, lower, upper;
} OmInterval;

/* Interval for one proportion x of n at confidence `level` in (0,1), method WILSON..WALD.
 * Matches statsmodels 0.13 proportion_confint(x, n, alpha = 1 - level, method) to 1e-9
 * ("wilson", "beta" for EXACT, "jeffreys", "agresti_coull", "normal" for WALD), with
 * one deliberate difference: JEFFREYS uses lower = 0 when x = 0 and upper = 1 when x = n
 * (Brown, Cai & DasGupta 2001, Stat. Sci. 16:101, sec. 4.1.2), where statsmodels returns
 * a bound that excludes the estimate itself. Every interval lies in [0,1]; WILSON and EXACT
 * always contain x/n, the others at the usual levels (0.8 and up). WALD has zero width at
 * x = 0 and x = n (its known defect, kept as published).
 * Errors: OM_ERROR_ARGUMENT for x > n, a level outside (0,1) or a design-based method;
 * OM_ERROR_NUMERIC for n = 0. */
OM_API gboolean om_proportion_ci(guint64 x, guint64 n, double level, OmCiMethod method,
                                 OmInterval *out, GError **error);

typedef struct {
  double population; /* N of the stratum; <= 0 (or NaN) means unknown */
  guint64 n;         /* valid answers */
  guint64 x;         /* satisfied answers */
} OmStratum;

typedef enum { OM_WEIGHT_POPULATION, OM_WEIGHT_RESPONDENT } OmWeighting;

/* What a stratum with a single respondent (and a population above 1) adds to the variance,
 * R survey's options(survey.lonely.psu = ...). R's own default is "fail"; oudermonitor's is
 * ADJUST (OM_DESIGN_OPTIONS_INIT). */
typedef enum {
  OM_LONELY_ADJUST,   /* "adjust": the answer centred on the overall share, not its own */
  OM_LONELY_FAIL,     /* "fail": an error (OM_ERROR_VALIDATION) naming the stratum */
  OM_LONELY_REMOVE,   /* "remove": nothing */
  OM_LONELY_AVERAGE,  /* "average": the other strata's variance scaled by H / (H - lonely) */
  OM_LONELY_CERTAINTY /* "certainty": nothing (sampled with certainty; in a one-stage
                         design the same numbers as REMOVE) */
} OmLonely;

/* "adjust", "fail", "remove", "average", "certainty" (transfer none; NULL outside the
 * enum), and back (FALSE, *out unchanged, for NULL or another word). */
OM_API const char *om_lonely_to_string(OmLonely l);
OM_API gboolean om_lonely_from_string(const char *s, OmLonely *out);

/* Degrees of freedom for the t quantiles: DESIGN = degf(design) = n - H (strata with
 * answers), INF = the normal quantile (R: svyciprop(..., df = Inf)). */
typedef enum { OM_DF_DESIGN, OM_DF_INF } OmDfRule;

typedef struct {
  double level;      /* in (0,1) */
  OmCiMethod method; /* LOGIT, BETA, MEAN, XLOGIT, ASIN or LIKELIHOOD */
  gboolean fpc;      /* finite-population correction from the populations (R: fpc = ~N);
                        FALSE: the same population weights without it (weights = ~N/n) */
  OmLonely lonely;
  OmDfRule df;
} OmDesignOptions;
#define OM_DESIGN_OPTIONS_INIT                                                                     \
  {                                                                                                \
    0.95, OM_CI_LOGIT, TRUE, OM_LONELY_ADJUST, OM_DF_DESIGN                                        \
  }

typedef struct {
  double estimate, se, deff, df, lower, upper;
  guint64 n;                /* respondents in the strata used */
  guint n_strata;           /* strata used: those with n > 0 */
  guint n_lonely;           /* of those, strata with one respondent and a population above
                               1 (the lonely rule applied to them); 0 without populations */
  OmCiMethod method;        /* the method actually used */
  gboolean method_fallback; /* TRUE when another method was asked but BETA with n_eff = n
                               was used (see below) */
  gboolean census;          /* every stratum a census (with fpc): the share is exact */
  OmWeighting weighting;    /* RESPONDENT when any used stratum's population is unknown */
} OmDesignEstimate;

/* Share satisfied over strata, each a simple random sample without replacement from its
 * population, as R survey 4.1:
 *   d <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = one row per respondent)
 *     (opts->fpc FALSE: weights = ~N/n instead of fpc = ~N)
 *   options(survey.lonely.psu = opts->lonely)
 *   svymean(~y, d, deff = TRUE); svyciprop(~y, d, method, level, df = degf(d) or Inf)
 * Matches R to 1e-9 for the closed forms (every method but LIKELIHOOD: only the quantiles
 * are solved, to the last bit of the incomplete beta) and to 1e-6 for LIKELIHOOD, whose
 * end points are roots solved here to 1e-12 where R interpolates a profile spline.
 * - se: sqrt(sum_h (1 - f_h) W_h^2 s_h^2 / n_h), W_h = N_h / N, f_h = n_h / N_h (0 without
 *   fpc) (Cochran 1977, 5.9). With fpc a census stratum (1 - f_h < 1e-7 as R) adds nothing.
 *   A lonely stratum (n_h = 1 < N_h) adds (1 - f_h) W_h^2 (y - p)^2 under ADJUST, nothing
 *   under REMOVE and CERTAINTY; AVERAGE multiplies the others' sum by H / (H - lonely)
 *   (R's onestage: nstrat / nokstrat); FAIL refuses.
 * - deff: var / var_SRSWOR with var_SRSWOR = (1 - n/N) p(1-p)/(n - 1), R's svymean
 *   deff = TRUE (with or without fpc). NaN when that is 0 or undefined (p = 0 or 1, n = N,
 *   n = 1).
 * - df: n - H (DESIGN) or infinity (INF; reported as INFINITY); t = qt(1 - a/2, df).
 * - LOGIT, XLOGIT: expit(logit p ± t se / (p(1-p))).
 * - MEAN: p ± t se (R does not clip it to [0,1]; neither does this).
 * - ASIN: sin^2(asin(sqrt p) ± t se / (2 sqrt(p(1-p)))), as R's svycontrast.
 * - BETA: Korn & Graubard (1998, Survey Methodology 24:193): n_eff = p(1-p)/se^2 times
 *   (t_{n-1} / t_{df})^2, interval qbeta(a/2, n_eff p, n_eff(1-p) + 1),
 *   qbeta(1 - a/2, n_eff p + 1, n_eff(1-p)). R's svyciprop uses degf(d) here whatever its
 *   df argument; so does this, so that INF gives R's numbers.
 * - LIKELIHOOD: R's confint(svyglm(y ~ 1, d, quasibinomial), method = "likelihood",
 *   ddf = df): the p where the binomial deviance of the weighted sample, divided by
 *   deff_glm = var / (p(1-p)/n) (the design effect of the intercept), reaches t^2.
 * - Where R has no interval — p = 0 or 1 (logit diverges, n_eff = 0/0), or a zero design
 *   variance without a census (every stratum unanimous) — BETA is used with n_eff = n,
 *   Korn and Graubard's rule for p = 0; when another method was asked this sets
 *   method = BETA and method_fallback = TRUE. This deliberately replaces R's zero-width or
 *   missing interval.
 * - A census in every stratum (with fpc): se = 0, census = TRUE and lower = upper =
 *   estimate whatever the method (the population share is known exactly); method is the
 *   one asked, no fallback.
 * - Respondent weighting (any used stratum with unknown population): the pooled share x/n
 *   as one simple random sample without finite-population correction, as R's
 *   svydesign(ids = ~1, data = pooled) with equal weights: se^2 = p(1-p)/(n-1), df = n - 1,
 *   deff = 1 (the design is SRS by assumption; R's deff = "replace"), intervals as above;
 *   fpc and lonely do not apply.
 * Strata with n = 0 are skipped (R would see no rows for them); the estimate then describes
 * the responding strata's population only.
 * Errors: OM_ERROR_ARGUMENT for x > n, n > population, a level outside (0,1), a method that
 * is not design-based (use om_proportion_ci), a NULL strata array with n_strata > 0 or NULL
 * opts; OM_ERROR_VALIDATION for a lonely stratum under FAIL; OM_ERROR_NUMERIC when no
 * stratum has respondents, or when an interval needs degrees of freedom and df < 1 (as many
 * strata as respondents). *out is unchanged on failure. */
OM_API gboolean om_design_estimate(const OmStratum *strata, gsize n_strata,
                                   const OmDesignOptions *opts, OmDesignEstimate *out,
                                   GError **error);

/* om_design_estimate with OM_DESIGN_OPTIONS_INIT but this level and method: fpc,
 * survey.lonely.psu = "adjust", df = n - H. Same errors. */
OM_API gboolean om_design_proportion(const OmStratum *strata, gsize n_strata, double level,
                                     OmCiMethod method, OmDesignEstimate *out, GError **error);

/* Exact bounds on a census of a register: x of the n responding units said yes, out of N
 * registered units (n <= N). Whatever the N - n missing units would have said, the share
 * of the register lies in [x/N, (x + N - n)/N]; no model is involved. *lower and *upper
 * are filled. Preconditions (g_return_if_fail, outputs unchanged): x <= n <= N, N >= 1. */
OM_API void om_census_bounds(guint64 x, guint64 n, guint64 population, double *lower,
                             double *upper);

typedef struct {
  double mean, sd, se, lower, upper, grade, grade_lower, grade_upper;
  guint64 n;
} OmMeanEstimate;

/* Mean of an answer scale from a frequency table: values[i] was answered counts[i] times.
 * sd is the sample standard deviation (n - 1), the interval mean ± t_{n-1} sd/sqrt(n) as R
 * t.test(rep(values, counts), conf.level = level). grade maps [scale_min, scale_max]
 * linearly onto the Dutch report grade 1..10: grade = 1 + 9 (mean - min)/(max - min) (on a
 * 1–4 scale 3·mean − 2); grade_lower/upper map the interval the same way. All answers equal
 * gives a zero-width interval (R's t.test refuses: "data are essentially constant").
 * Errors: OM_ERROR_ARGUMENT for scale_min >= scale_max, a value outside the scale or not
 * finite, a level outside (0,1); OM_ERROR_NUMERIC for fewer than 2 answers. */
OM_API gboolean om_mean_ci(const double *values, const guint64 *counts, gsize k, double scale_min,
                           double scale_max, double level, OmMeanEstimate *out, GError **error);

typedef struct {
  double diff, lower, upper, z, p_z, p_fisher, p_value;
  gboolean fisher_used;
} OmDiff;

/* Change p1 - p2 of two independent proportions, p1 = x1/n1 the later wave, p2 = x2/n2 the
 * baseline:
 * - lower/upper: Newcombe's hybrid score interval (Newcombe 1998, Stat. Med. 17:873,
 *   method 10), statsmodels confint_proportions_2indep(x1, n1, x2, n2, method="newcomb").
 * - z, p_z: pooled two-sided z test, statsmodels proportions_ztest([x1, x2], [n1, n2]);
 *   when the pooled share is 0 or 1 there is no evidence of change: z = 0, p_z = 1
 *   (statsmodels returns NaN).
 * - p_fisher: Fisher's exact two-sided p, scipy 1.10 fisher_exact([[x1, n1-x1], [x2, n2-x2]])
 *   (tables with probability <= (1 + 1e-14) times the observed one).
 * - p_value = p_fisher and fisher_used = TRUE when any expected cell count is below 5,
 *   else p_z.
 * Errors: OM_ERROR_ARGUMENT for x > n, n = 0, n1 + n2 above 4294967295 or a level outside
 * (0,1). */
OM_API gboolean om_diff_proportions(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level,
                                    OmDiff *out, GError **error);
/* The same, with Fisher's exact test only where p_value needs it (fisher_used): p_fisher
 * is NaN otherwise. For callers that publish p_value alone (a change per institution and
 * wave: the exact test over every table is most of the cost). */
OM_API gboolean om_diff_proportions_p(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level,
                                      OmDiff *out, GError **error);

typedef struct {
  /* logit p = intercept + slope (year - year_center); cov = Cov(intercept, slope) */
  double intercept, slope, se_intercept, se_slope, cov;
  double deviance;    /* residual deviance, as R */
  int iterations;     /* IRLS iterations used */
  gsize k;            /* waves used (n > 0): distinct years for om_trend_fit_design */
  double year_center; /* mean of the used rows' years (waves, or strata of the design) */
  gboolean design;    /* TRUE from om_trend_fit_design: design-based standard errors */
} OmTrend;

/* Binomial GLM with logit link of the share on year, fitted by IRLS (weighted least squares,
 * the 2 x 2 normal equations solved in closed form), started as R's glm.fit (mustart = (n y +
 * 0.5)/(n + 1)) and iterated to convergence (relative deviance change < 1e-12, or coefficients
 * moving < 1e-10 once the deviance stalls at rounding level with millions of answers). The year is
 * centred on year_center so that intercept is the log-odds at the mean year; slope, se_slope and
 * deviance equal R's
 * glm(cbind(x, n - x) ~ year, binomial), and intercept/se_intercept/cov equal
 * glm(cbind(x, n - x) ~ I(year - year_center), binomial), to 1e-6 (R stops at its own
 * 1e-8 tolerance). Waves with n = 0 are skipped.
 * Errors: OM_ERROR_ARGUMENT for x > n or a non-finite year; OM_ERROR_NUMERIC for fewer than
 * 2 distinct years, and for complete or quasi-complete separation (all satisfied, none
 * satisfied, or a year splitting the waves into all-satisfied and all-dissatisfied, e.g.
 * every wave but the first at 100%), where the maximum-likelihood estimate is infinite
 * (Albert & Anderson 1984, Biometrika 71:1) and R only reports where it gave up. */
OM_API gboolean om_trend_fit(const double *years, const guint64 *x, const guint64 *n, gsize k,
                             OmTrend *out, GError **error);

/* The same logistic trend fitted on a stratified design, as R survey 4.1
 *   d <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = one row per respondent)
 *   svyglm(y ~ year, d, family = quasibinomial())
 * with survey.lonely.psu = opts->lonely and fpc = opts->fpc (weights ~N/n without it).
 * Row i is one stratum — for the LEA monitor one institution in one wave, the waves being
 * independent samples (strata = wave x institution) — answered in years[i]. The
 * coefficients solve the population-weighted score equations (weights N_h/n_h); the
 * covariance is the design-based sandwich A^-1 B A^-1 (Binder 1983, Int. Stat. Rev.
 * 51:279; R svy.varcoef): A the weighted information, B the stratified variance of the
 * estimating functions with finite-population correction and the lonely rule as in
 * om_design_estimate. intercept, slope, their SEs and cov match R's svyglm (with the year
 * centred as om_trend_fit does) to 1e-6; deviance is svyglm's: per respondent, with the
 * weights normalised to mean 1; design = TRUE. opts->method, level and df are not used here.
 * Errors: as om_trend_fit (separation, fewer than two years), OM_ERROR_ARGUMENT for x > n,
 * n > N, a non-finite year or an unknown population in a stratum with answers,
 * OM_ERROR_VALIDATION for a lonely stratum under FAIL. *out unchanged on failure. */
OM_API gboolean om_trend_fit_design(const double *years, const OmStratum *strata, gsize k,
                                    const OmDesignOptions *opts, OmTrend *out, GError **error);

/* The fitted share at `year` with a Wald interval on the link scale,
 * eta ± z_{(1+level)/2} se(eta), back-transformed with expit; equals R
 * predict(fit, data.frame(year = year), type = "link", se.fit = TRUE) then plogis.
 * Preconditions (g_return_if_fail, *out unchanged): t and out not NULL, level in (0,1). */
OM_API void om_trend_project(const OmTrend *t, double year, double level, OmInterval *out);

/* Exact one-sided binomial test P(X >= x | n, p0), R binom.test(x, n, p0,
 * alternative = "greater")$p.value = pbinom(x - 1, n, p0, lower.tail = FALSE), computed as
 * the regularised incomplete beta I_{p0}(x, n - x + 1) (Abramowitz & Stegun 26.5.24).
 * Preconditions (else NaN): x <= n, p0 in [0,1]. */
OM_API double om_binom_test_greater(guint64 x, guint64 n, double p0);

typedef enum {
  OM_TAIL_GREATER, /* H0: share <= p0, against share > p0: P(X >= x) */
  OM_TAIL_LESS     /* H0: share >= p0, against share < p0: P(X <= x) */
} OmTail;

/* Exact one-sided p-value for x satisfied of n answers against the share p0.
 * - population <= 0 (unknown or infinite): binomial, R binom.test(x, n, p0, alternative =
 *   "greater" | "less")$p.value.
 * - a finite population N (a simple random sample without replacement): hypergeometric at
 *   the boundary of H0, K = floor(p0 N) satisfied in the population for GREATER and
 *   K = ceil(p0 N) for LESS (the H0 value that makes x least surprising), R
 *   phyper(x - 1, K, N - K, n, lower.tail = FALSE) and phyper(x, K, N - K, n). p0 N within
 *   1e-9 of a whole number counts as that number.
 * Preconditions (else NaN): x <= n, p0 in [0,1], n <= population when it is finite, and a
 * finite population below 2^32. */
OM_API double om_proportion_test(guint64 x, guint64 n, double population, double p0, OmTail tail);

/* Quantile of Beta(a, b), R qbeta(prob, a, b, lower.tail = !upper): the x with
 * I_x(a, b) = prob (or 1 - I_x(a, b) = prob when upper), to the last bit of the incomplete
 * beta; for any a, b up to at least 10^7. a = 0 or b = 0 give the point mass at 0 or 1.
 * Preconditions (else NaN): prob in [0,1], a and b >= 0 and not both 0. */
OM_API double om_qbeta(double prob, double a, double b, gboolean upper);

/* Quantile of Student's t with df > 0 degrees of freedom, R qt(prob, df).
 * Preconditions (else NaN): prob in (0,1), df > 0. */
OM_API double om_qt(double prob, double df);
/* The same without the cache every other quantile of this module goes through (each
 * distinct (prob, df) is solved once per process and kept): for tests. */
OM_API double om_qt_direct(double prob, double df);

/* Respondents needed for an interval of half-width `halfwidth` at expected share p and
 * `level`, with finite-population correction for population N (<= 0: infinite). Cochran
 * (1977, 4.2): n0 = z^2 p(1-p)/e^2, n = n0 / (1 + (n0 - 1)/N), rounded up (floating-point
 * noise below 1e-9 relative is not rounded up), at least 1 and at most ceil(N).
 * e = 0.05, p = 0.9, N = 200, 95% gives 83.
 * Preconditions (else 0): halfwidth > 0, p in [0,1], level in (0,1). */
OM_API guint64 om_sample_size(double halfwidth, double p, double population, double level);

typedef enum { OM_PUBLISH_OK, OM_PUBLISH_PRIMARY, OM_PUBLISH_COMPLEMENTARY } OmPublish;

/* Publication rule for k units with n[i] valid answers each; out[i] (k entries, filled)
 * says whether unit i's share may be shown. PRIMARY: n[i] < min_n. COMPLEMENTARY: when the
 * units add up to a published total (total_published) and exactly one withheld unit has
 * answers (n > 0) — its count would be the total minus the published units — the published
 * unit with the smallest n (the first such one on a tie) is withheld as well. Units with
 * n = 0 have no share to reveal, so they do not count as protection. If no published unit
 * is left to withhold (k = 1), the caller must not publish the total either.
 * Preconditions: n and out not NULL when k > 0. */
OM_API void om_suppress(const guint64 *n, gsize k, guint64 min_n, gboolean total_published,
                        OmPublish *out);

G_END_DECLS

#endif
