/* estimate.c — proportions, intervals, design-based estimates, changes, trends.
 *
 * Every number here stands behind a published target status, so each formula names its
 * source and matches a named reference implementation (see estimate.h and
 * tests/test-estimate.c). Pure functions over counts: this module never reads, writes,
 * prints, exits or aborts. GSL's abort-on-error handler is switched off and every GSL
 * status is checked.
 *
 * Beta quantiles are solved here rather than taken from gsl_cdf_beta_Pinv: with GSL 2.7,
 * gsl_sf_beta_inc fails (GSL_EMAXITER) near the mean once a and b are in the millions
 * (n = 10^7 is in scope), and gsl_cdf_beta_Pinv(0.025, 5e6, 5e6 + 1) never returns, so
 * its status cannot even be checked. The replacement is a continued fraction for the
 * incomplete beta that runs as long as its parameters need, and bisection on its value
 * over the bit patterns of doubles, which always ends, at adjacent doubles, within 62
 * steps. Student t quantiles go through the same incomplete beta, so that every quantile
 * here has one implementation (checked against R's qt to 1e-12 in the tests).
 */
#include "oudermonitor/estimate.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>

void
om_estimate_init(void)
{
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    gsl_set_error_handler_off();
    g_once_init_leave(&done, 1);
  }
}

/* ---- names ------------------------------------------------------------------------ */

static const struct {
  const char *name;
  OmCiMethod method;
} method_names[] = {
  { "wilson", OM_CI_WILSON },
  { "exact", OM_CI_EXACT },
  { "jeffreys", OM_CI_JEFFREYS },
  { "agresti-coull", OM_CI_AGRESTI_COULL },
  { "wald", OM_CI_WALD },
  { "logit", OM_CI_LOGIT },
  { "beta", OM_CI_BETA },
  { "mean", OM_CI_MEAN },
  { "xlogit", OM_CI_XLOGIT },
  { "asin", OM_CI_ASIN },
  { "likelihood", OM_CI_LIKELIHOOD },
  /* aliases after the canonical names, so that to_string finds those first */
  { "clopper-pearson", OM_CI_EXACT },
  { "normal", OM_CI_WALD },
};

gboolean
om_ci_method_from_string(const char *s, OmCiMethod *out)
{
  if (s == NULL || out == NULL)
    return FALSE;
  char *norm = g_ascii_strdown(s, -1);
  g_strdelimit(norm, "_", '-');
  gboolean found = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(method_names) && !found; i++) {
    if (strcmp(norm, method_names[i].name) == 0) {
      *out = method_names[i].method;
      found = TRUE;
    }
  }
  g_free(norm);
  return found;
}

const char *
om_ci_method_to_string(OmCiMethod m)
{
  for (gsize i = 0; i < G_N_ELEMENTS(method_names); i++)
    if (method_names[i].method == m)
      return method_names[i].name;
  return NULL;
}

gboolean
om_ci_method_is_design(OmCiMethod m)
{
  return m >= OM_CI_LOGIT && m <= OM_CI_LIKELIHOOD;
}

static const char *const lonely_names[] = { "adjust", "fail", "remove", "average", "certainty" };

const char *
om_lonely_to_string(OmLonely l)
{
  return (guint)l < G_N_ELEMENTS(lonely_names) ? lonely_names[l] : NULL;
}

gboolean
om_lonely_from_string(const char *s, OmLonely *out)
{
  for (guint i = 0; s && out && i < G_N_ELEMENTS(lonely_names); i++)
    if (g_ascii_strcasecmp(s, lonely_names[i]) == 0) {
      *out = (OmLonely)i;
      return TRUE;
    }
  return FALSE;
}

/* ---- special functions ------------------------------------------------------------ */

static double
expit(double eta)
{
  return eta >= 0 ? 1.0 / (1.0 + exp(-eta)) : exp(eta) / (1.0 + exp(eta));
}

static gboolean
level_ok(double level, GError **error)
{
  if (!(level > 0 && level < 1)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "confidence level %g is outside (0, 1): expected e.g. 0.95", level);
    return FALSE;
  }
  return TRUE;
}

/* z with P(Z > z) = tail: scipy's stats.norm.isf(tail), which statsmodels uses as its
 * critical value. GSL: Wichura (1988) AS 241, accurate to about 1e-16. */
static double
z_upper(double tail)
{
  return gsl_cdf_ugaussian_Qinv(tail);
}

/* Continued fraction of the incomplete beta, DLMF 8.17.22, evaluated by the modified
 * Lentz method (Press et al., Numerical Recipes 3rd ed., 2007, sec. 5.2 and betacf in
 * 6.4). Converges for x < (a + 1)/(a + b + 2) in O(sqrt(max(a, b))) terms, so the limit
 * grows with the parameters instead of giving up as GSL does. */
static gboolean
beta_cf(double a, double b, double x, double xc, double *out)
{
  const double tiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  const long maxit = 10000 + (long)(100.0 * sqrt(fmax(a, b)));
  /* 1 - (a + b) x/(a + 1) cancels when x is near 1 (b large, x = 1 - O(1/b)); the same
   * number from the complement xc = 1 - x keeps its digits. */
  double c = 1.0, d = x > 0.5 ? (1.0 - b + qab * xc) / qap : 1.0 - qab * x / qap;
  if (fabs(d) < tiny)
    d = tiny;
  d = 1.0 / d;
  double h = d;
  for (long m = 1; m <= maxit; m++) {
    double dm = (double)m, m2 = 2.0 * dm;
    double aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    double del = d * c;
    h *= del;
    if (fabs(del - 1.0) <= DBL_EPSILON) {
      *out = h;
      return TRUE;
    }
  }
  return FALSE;
}

/* What I_x(a, b) needs of a and b alone: a quantile evaluates I_x(a, b) at up to 62 x with
 * the same a and b, and GSL's lnbeta and gammastar were most of each evaluation. Each part
 * is made on first use by exactly the call the direct evaluation makes, so every result
 * has the same bits; NULL everywhere means "compute directly". */
typedef struct {
  gboolean star_done, star_ok; /* Gamma*(a), Gamma*(b), Gamma*(a + b) all succeeded */
  double half_log_ab;          /* 0.5 log(a b / (a + b)) */
  double log_ga, log_gb, log_gab;
  gboolean lnbeta_done[2]; /* [0]: lnbeta(a, b), [1]: lnbeta(b, a) */
  int lnbeta_status[2];
  double lnbeta[2];
} BetaParts;

/* gsl_sf_lnbeta_e(p, q) into *out; through k (which knows a and b: swapped says p = b) when
 * there is one. */
static int
lnbeta_of(double p, double q, BetaParts *k, gboolean swapped, double *out)
{
  gsl_sf_result lb;
  if (!k) {
    int status = gsl_sf_lnbeta_e(p, q, &lb);
    *out = lb.val;
    return status;
  }
  if (!k->lnbeta_done[swapped]) {
    k->lnbeta_status[swapped] = gsl_sf_lnbeta_e(p, q, &lb);
    k->lnbeta[swapped] = lb.val;
    k->lnbeta_done[swapped] = TRUE;
  }
  *out = k->lnbeta[swapped];
  return k->lnbeta_status[swapped];
}

/* Power series I_w(p, q) = w^p / B(p, q) sum_n (1 - q)_n w^n / (n! (p + n)) (DLMF 8.17.7), for
 * small w and moderate q w: there its alternating terms lose at most a factor
 * e^(q w) / (q w) of precision, while the continued fraction, which then runs on 1 - w close
 * to 1, loses about q / (p + 1) (3e-10 relative at q = 5e6: t quantiles with df = 10^7). */
static gboolean
beta_series(double p, double q, double w, BetaParts *k, gboolean swapped, double *out)
{
  double lb;
  if (lnbeta_of(p, q, k, swapped, &lb) != GSL_SUCCESS)
    return FALSE;
  double c = 1, sum = 1 / p;
  for (int n = 1; n < 10000; n++) {
    c *= (n - q) * w / n;
    double term = c / (p + n);
    sum += term;
    if (fabs(term) <= DBL_EPSILON * fabs(sum) && n > q * w) {
      *out = exp(p * log(w) - lb) * sum;
      return isfinite(*out);
    }
  }
  return FALSE;
}

/* log(x^a y^b / B(a, b)). For large a and b the plain a log x + b log y - lnbeta(a, b) adds
 * terms of size 10^7 to get one of size 1 and keeps only about 1e-9 of it (GSL's lnbeta
 * alone is off by 3e-8 at a = b = 5e6). Instead, with Stirling's series split off
 * (Gamma(z) = sqrt(2 pi) z^(z - 1/2) e^-z Gamma*(z), GSL gammastar) and d = x b - y a:
 *   a log1pmx(d/a) + b log1pmx(-d/b) + log(ab/(a+b))/2 - log(2 pi)/2
 *     - log Gamma*(a) - log Gamma*(b) + log Gamma*(a+b),
 * the form of DiDonato & Morris (1992, ACM TOMS 18:360, brcomp) and Boost's
 * ibeta_power_terms; d is formed with fused multiply-adds so it keeps its digits. */
/* The parts of Stirling's form that depend on a and b alone (k->star_ok: all three
 * gammastar succeeded). */
static void
stirling_parts(double a, double b, BetaParts *k)
{
  gsl_sf_result ga, gb, gab;
  k->star_ok = gsl_sf_gammastar_e(a, &ga) == GSL_SUCCESS
               && gsl_sf_gammastar_e(b, &gb) == GSL_SUCCESS
               && gsl_sf_gammastar_e(a + b, &gab) == GSL_SUCCESS;
  if (k->star_ok) {
    k->half_log_ab = 0.5 * log(a * b / (a + b));
    k->log_ga = log(ga.val);
    k->log_gb = log(gb.val);
    k->log_gab = log(gab.val);
  }
  k->star_done = TRUE;
}

static gboolean
log_front(double a, double b, double x, double y, BetaParts *k, double *out)
{
  if (a >= 10 && b >= 10) {
    double ya = y * a, ya_err = fma(y, a, -ya);
    double d = fma(x, b, -ya) - ya_err;
    gsl_sf_result l1, l2;
    BetaParts own = { 0 };
    if (!k)
      k = &own;
    /* d/a and -d/b reach -1 only where x or y is so small that the plain form is exact
     * enough (the prefactor underflows there anyway): GSL_EDOM sends those below. */
    if (gsl_sf_log_1plusx_mx_e(d / a, &l1) == GSL_SUCCESS
        && gsl_sf_log_1plusx_mx_e(-d / b, &l2) == GSL_SUCCESS
        && (k->star_done || (stirling_parts(a, b, k), TRUE)) && k->star_ok) {
      /* the same terms in the same order as a b-free sum: a l1 + b l2 + log(ab/(a+b))/2
       * - log(2 pi)/2 - log Gamma*(a) - log Gamma*(b) + log Gamma*(a+b) */
      *out = a * l1.val + b * l2.val + k->half_log_ab - 0.5 * log(2 * M_PI) - k->log_ga - k->log_gb
             + k->log_gab;
      if (!isnan(*out))
        return TRUE;
    }
    if (k == &own)
      k = NULL;
  }
  double lb;
  if (lnbeta_of(a, b, k, FALSE, &lb) != GSL_SUCCESS)
    return FALSE;
  double lx = x <= 0.5 ? log(x) : log1p(-y);
  double ly = y <= 0.5 ? log(y) : log1p(-x);
  *out = a * lx + b * ly - lb;
  return TRUE;
}

/* Regularised incomplete beta P = I_x(a, b) and Q = 1 - P, for a, b > 0; y = 1 - x is passed
 * by the caller so that neither tail loses its precision to a subtraction. The prefactor
 * x^a y^b / B(a, b) is formed in logs with GSL's lnbeta; the fraction runs on whichever side
 * converges (I_x(a, b) = 1 - I_y(b, a)), or the series above takes the other side where
 * the fraction would run close to 1 with a large first parameter. */
static gboolean
ibeta(double a, double b, double x, double y, BetaParts *k, double *p, double *q)
{
  if (x <= 0) {
    *p = 0;
    *q = 1;
    return TRUE;
  }
  if (y <= 0) {
    *p = 1;
    *q = 0;
    return TRUE;
  }
  const gboolean x_side = x < (a + 1) / (a + b + 2);
  /* the fraction's variable v, its first parameter ca, the others' (w = 1 - v, cb) */
  const double v = x_side ? x : y, w = x_side ? y : x;
  const double ca = x_side ? a : b, cb = x_side ? b : a;
  if (v > 0.5 && ca * w <= 10 && ca > 1000 * (cb + 1)) {
    double other;
    /* (cb, ca) is (b, a) on the x side: lnbeta's arguments swapped */
    if (!beta_series(cb, ca, w, k, x_side, &other))
      return FALSE;
    /* the series gives I_w(cb, ca): Q when the fraction would have given P, and vice versa */
    *q = x_side ? other : 1.0 - other;
    *p = x_side ? 1.0 - other : other;
    return isfinite(*p) && isfinite(*q);
  }
  double lfront;
  if (!log_front(a, b, x, y, k, &lfront))
    return FALSE;
  double front = exp(lfront);
  double cf;
  if (!beta_cf(ca, cb, v, w, &cf))
    return FALSE;
  if (x_side) {
    *p = front * cf / a;
    *q = 1.0 - *p;
  } else {
    *q = front * cf / b;
    *p = 1.0 - *q;
  }
  return isfinite(*p) && isfinite(*q);
}

/* Quantile of Beta(a, b): the x with I_x(a, b) = prob, or with 1 - I_x(a, b) = prob when
 * upper (R qbeta(prob, a, b, lower.tail = !upper); scipy beta.ppf / beta.isf). a = 0 or
 * b = 0 are the point masses at 0 and 1, as R's qbeta. Bisection over the ordered bit
 * patterns of the doubles in [0, 1]: every step halves the number of candidate doubles,
 * so it ends at two adjacent doubles after at most 62 evaluations of a monotone function
 * and cannot fail to converge. Returns the one whose tail is closer to prob. */
static gboolean
beta_quantile(double a, double b, double prob, gboolean upper, double *out)
{
  if (a == 0) {
    *out = 0;
    return TRUE;
  }
  if (b == 0) {
    *out = 1;
    return TRUE;
  }
  if (!(a > 0 && b > 0 && prob >= 0 && prob <= 1))
    return FALSE;
  if (prob == 0 || prob == 1) {
    *out = (prob == 0) != upper ? 0.0 : 1.0;
    return TRUE;
  }
  guint64 lo = 0, hi;
  double one = 1.0;
  memcpy(&hi, &one, sizeof hi);
  /* lo is always below the quantile and hi at or above it; f is the distance of the tail
   * from prob, signed so that it increases with x. */
  double f_lo = -prob, f_hi = 1 - prob;
  BetaParts parts = { 0 };
  while (hi - lo > 1) {
    guint64 mid = lo + (hi - lo) / 2;
    double x, p, q;
    memcpy(&x, &mid, sizeof x);
    if (!ibeta(a, b, x, 1.0 - x, &parts, &p, &q))
      return FALSE;
    double f = upper ? prob - q : p - prob;
    if (f < 0) {
      lo = mid;
      f_lo = f;
    } else {
      hi = mid;
      f_hi = f;
    }
  }
  guint64 best = fabs(f_lo) < fabs(f_hi) ? lo : hi;
  memcpy(out, &best, sizeof *out);
  return TRUE;
}

/* The signed distance of the tail at x (given by its bit pattern) from prob, increasing with
 * x, exactly as beta_quantile forms it: I_x(a, b) - prob, or prob - (1 - I_x(a, b)). */
static gboolean
tail_gap(double a, double b, double prob, gboolean upper, guint64 bits, BetaParts *parts, double *f)
{
  double x, p, q;
  memcpy(&x, &bits, sizeof x);
  if (!ibeta(a, b, x, 1.0 - x, parts, &p, &q))
    return FALSE;
  *f = upper ? prob - q : p - prob;
  return TRUE;
}

/* beta_quantile's bisection (prob strictly inside (0, 1)), with the decisions outside
 * (below, above) known in advance: a mid at or below the bit pattern `below` is below the
 * quantile, one at or above `above` is at or above it, without an evaluation. Every other
 * step evaluates I_x as beta_quantile does, and an end point that a known decision set is
 * evaluated at the end (where beta_quantile had evaluated it), so given decisions that are
 * the ones I_x would have made, the path and the result are beta_quantile's, bit for bit. */
static gboolean
bisect_known(double a, double b, double prob, gboolean upper, guint64 below, guint64 above,
             BetaParts *parts, double *out)
{
  guint64 lo = 0, hi;
  double one = 1.0;
  memcpy(&hi, &one, sizeof hi);
  double f_lo = -prob, f_hi = 1 - prob;
  gboolean lo_known = TRUE, hi_known = TRUE;
  while (hi - lo > 1) {
    guint64 mid = lo + (hi - lo) / 2;
    double f;
    if (mid <= below) {
      lo = mid;
      lo_known = FALSE;
    } else if (mid >= above) {
      hi = mid;
      hi_known = FALSE;
    } else if (!tail_gap(a, b, prob, upper, mid, parts, &f)) {
      return FALSE;
    } else if (f < 0) {
      lo = mid;
      f_lo = f;
      lo_known = TRUE;
    } else {
      hi = mid;
      f_hi = f;
      hi_known = TRUE;
    }
  }
  if ((!lo_known && !tail_gap(a, b, prob, upper, lo, parts, &f_lo))
      || (!hi_known && !tail_gap(a, b, prob, upper, hi, parts, &f_hi)))
    return FALSE;
  guint64 best = fabs(f_lo) < fabs(f_hi) ? lo : hi;
  memcpy(out, &best, sizeof *out);
  return TRUE;
}

/* A first guess at z = t^2 / (nu + t^2) for P(|T_nu| > t) = two (0 < two < 1, nu >= 1):
 * exact for nu = 1 (t = cot(pi two / 2)) and nu = 2 (t^2 = 2 / (two (2 - two)) - 2), else
 * Hill's approximation (G. W. Hill 1970, ACM Algorithm 396, CACM 13:617, as R's qt uses it),
 * which gives y = t^2 / nu, and z = y / (1 + y). Only a guess: nothing depends on its
 * accuracy but the speed of t_upper_direct. */
static double
t_guess_z(double two, double nu)
{
  if (nu == 1) {
    double c = cos(M_PI_2 * two);
    return c * c;
  }
  double y;
  if (nu == 2) {
    y = (2 / (two * (2 - two)) - 2) / 2;
  } else {
    double a = 1 / (nu - 0.5), b = 48 / (a * a);
    double c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
    double d = ((94.5 / (b + c) - 3) / b + 1) * sqrt(a * M_PI_2) * nu;
    y = pow(d * two, 2.0 / nu);
    if ((nu < 2.1 && two > 0.5) || y > 0.05 + a) {
      double x = gsl_cdf_ugaussian_Pinv(0.5 * two);
      double x2 = x * x;
      if (nu < 5)
        c += 0.3 * (nu - 4.5) * (x + 0.6);
      c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
      y = (((((0.4 * x2 + 6.3) * x2 + 36) * x2 + 94.5) / c - x2 - 3) / b + 1) * x;
      y = expm1(a * y * y);
    } else {
      y = ((1 / (((nu + 6) / (nu * y) - 0.089 * d - 0.822) * (nu + 2) * 3) + 0.5 / (nu + 4)) * y
           - 1)
              * (nu + 1) / (nu + 2)
          + 1 / y;
    }
  }
  return y / (1 + y);
}

/* Halley steps on z for Q_z(1/2, b) = prob from t_guess_z (Halley 1694; the density is
 * z^(-1/2) (1 - z)^(b - 1) / B(1/2, b), its log derivative -1/(2 z) - (b - 1) / (1 - z)):
 * one or two incomplete betas from Hill's guess, at most 4. Sets *z and *slope (z times
 * the density over prob: how fast the tail moves relative to z, relative to prob); FALSE
 * when the guess does not settle inside (0, 1). How close *z is matters only for speed:
 * t_beta_quantile checks it. */
static gboolean
t_newton(double prob, double nu, BetaParts *parts, double *z, double *slope)
{
  const double b = nu / 2;
  double lb;
  if (!(nu >= 1) || lnbeta_of(0.5, b, parts, FALSE, &lb) != GSL_SUCCESS)
    return FALSE;
  double r = t_guess_z(prob, nu);
  for (int i = 0; i < 4; i++) {
    if (!(r > 0 && r < 1))
      return FALSE;
    double p, q;
    if (!ibeta(0.5, b, r, 1.0 - r, parts, &p, &q))
      return FALSE;
    double dens = exp(-0.5 * log(r) + (b - 1) * log1p(-r) - lb);
    double u = (prob - q) / dens; /* f = prob - Q rises with z at the density */
    double step = u / (1 - 0.5 * u * (-0.5 / r - (b - 1) / (1 - r)));
    *slope = r * dens / prob;
    if (!isfinite(step) || !(*slope > 0))
      return FALSE;
    r -= step;
    if (fabs(step) <= 1e-5 * fmin(r, 1 - r)) { /* near 1, 1 - z is the scale */
      *z = r;
      return r > 0 && r < 1;
    }
  }
  return FALSE;
}

/* A known decision must hold by this much (relative to prob) where it is checked: the
 * incomplete beta would have to be wrong by a third of it to make a known decision differ
 * from an evaluated one. Against mpmath, Q here is good to 4e-12 at worst (tail 5e-4, df
 * 8.7e6), 80 times below KNOWN_MARGIN / 3; for df <= 3000, where ibeta never takes the power
 * series, to 2e-13 (growing with df: 1e-14 at df 100), 160 times below KNOWN_MARGIN_SMALL_DF
 * / 3. */
#define KNOWN_MARGIN 1e-9
#define KNOWN_MARGIN_SMALL_DF 1e-10

/* beta_quantile(1/2, nu / 2, prob, TRUE), the same bits, with far fewer evaluations: t_newton
 * (Halley) gives the quantile r to ~1e-12; I_x is evaluated at r (1 -/+ d), d chosen so that the
 * tail there is about 2 margins from prob (KNOWN_MARGIN, or KNOWN_MARGIN_SMALL_DF); when it is at
 * least one margin below/above prob there, every mid beyond those two points lies on that side of
 * the quantile (the tail is monotone and I_x accurate), so bisect_known skips those evaluations:
 * 24 to 28 instead of 62. Anything unexpected (nu < 1, no settled guess, a check missed) takes
 * beta_quantile, and so does nu > 1e13: from nu ~ 2e34 on beta_quantile fails on the way (an I_x
 * far from the quantile does not converge), and skipping that step would turn its failure into a
 * number. The sweep that checked every bit (quantile-6's note) went to nu = 1e13. Only
 * prob >= 8e-4 (tail >= 4e-4: levels up to 0.999): for nu > 3000 ibeta forms Q as
 * 1 - P with P from the power series, whose error (up to e^(t^2 / 2) / (t^2 / 2) ulps, ~1e-13
 * at t = 4.3) is 5e-9 of a Q of 2e-5; Q is then not good to KNOWN_MARGIN / 3, and a known
 * decision could differ from beta_quantile's (the sweep found such cases at tails below
 * 1.7e-5). At prob = 8e-4 the error is ~7e-12, 50 times below KNOWN_MARGIN / 3. */
static gboolean
t_beta_quantile(double nu, double prob, double *out)
{
  const double b = nu / 2;
  BetaParts parts = { 0 };
  double r, slope;
  const double margin = nu <= 3000 ? KNOWN_MARGIN_SMALL_DF : KNOWN_MARGIN;
  if (prob >= 8e-4 && prob < 1 && nu <= 1e13 && t_newton(prob, nu, &parts, &r, &slope)) {
    double d = fmax(fmin(2 * margin / slope, 1e-3), 64 * DBL_EPSILON);
    double x_below = r * (1 - d), x_above = r * (1 + d), f_below, f_above;
    guint64 below, above = G_MAXUINT64;
    memcpy(&below, &x_below, sizeof below);
    if (x_above < 1)
      memcpy(&above, &x_above, sizeof above);
    if (tail_gap(0.5, b, prob, TRUE, below, &parts, &f_below) && f_below < -margin * prob
        && (above == G_MAXUINT64
            || (tail_gap(0.5, b, prob, TRUE, above, &parts, &f_above) && f_above > margin * prob)))
      return bisect_known(0.5, b, prob, TRUE, below, above, &parts, out);
  }
  return beta_quantile(0.5, b, prob, TRUE, out);
}

/* t with P(T_nu > t) = tail, 0 < tail <= 1/2 (R qt(1 - tail, nu)). For T with nu degrees of
 * freedom, z = t^2 / (nu + t^2) follows Beta(1/2, nu/2) (Abramowitz & Stegun 26.7.1 with
 * 26.5.27), so P(|T| > t) = P(Z > z): the upper Beta quantile at 2 tail gives z, and
 * t = sqrt(nu z / (1 - z)) keeps its precision for any nu. */
static gboolean
t_upper_direct(double tail, double nu, double *out)
{
  double z;
  if (!(nu > 0) || !t_beta_quantile(nu, 2 * tail, &z) || !(z < 1))
    return FALSE;
  *out = sqrt(nu * z / (1 - z));
  return isfinite(*out);
}

/* t quantiles computed once per distinct (tail, nu) and kept: a national run asks for the
 * same few hundred (level, df) pairs millions of times, and each direct one costs up to 62
 * incomplete-beta evaluations. The cache returns exactly the value t_upper_direct gave
 * (same bits); it is bounded and shared by threads. */
typedef struct {
  double tail, nu;
} TKey;

static guint
t_key_hash(gconstpointer p)
{
  const TKey *k = p;
  return g_double_hash(&k->tail) * 31u + g_double_hash(&k->nu);
}

static gboolean
t_key_equal(gconstpointer a, gconstpointer b)
{
  const TKey *x = a, *y = b;
  return x->tail == y->tail && x->nu == y->nu;
}

#define T_CACHE_MAX 65536
static GMutex t_cache_lock;
static GHashTable *t_cache; /* TKey* -> double* (both in one block) */

static gboolean
t_upper(double tail, double nu, double *out)
{
  TKey key = { tail, nu };
  g_mutex_lock(&t_cache_lock);
  if (!t_cache)
    t_cache = g_hash_table_new_full(t_key_hash, t_key_equal, g_free, NULL);
  const double *hit = g_hash_table_lookup(t_cache, &key);
  if (hit)
    *out = *hit;
  g_mutex_unlock(&t_cache_lock);
  if (hit)
    return TRUE;
  if (!t_upper_direct(tail, nu, out))
    return FALSE;
  g_mutex_lock(&t_cache_lock);
  if (g_hash_table_size(t_cache) >= T_CACHE_MAX)
    g_hash_table_remove_all(t_cache);
  TKey *k = g_malloc(sizeof(TKey) + sizeof(double));
  *k = key;
  double *v = (double *)(void *)(k + 1);
  *v = *out;
  g_hash_table_replace(t_cache, k, v);
  g_mutex_unlock(&t_cache_lock);
  return TRUE;
}

double
om_qt_direct(double prob, double df)
{
  om_estimate_init();
  g_return_val_if_fail(prob > 0 && prob < 1 && df > 0 && isfinite(df), NAN);
  if (prob == 0.5)
    return 0;
  double t;
  if (!t_upper_direct(prob > 0.5 ? 1 - prob : prob, df, &t))
    return NAN;
  return prob > 0.5 ? t : -t;
}

static gboolean
numeric_failure(GError **error, const char *what)
{
  g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
              "%s: the incomplete beta function did not converge", what);
  return FALSE;
}

/* ---- one proportion -------------------------------------------------------------- */

gboolean
om_proportion_ci(guint64 x, guint64 n, double level, OmCiMethod method, OmInterval *out,
                 GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL, FALSE);
  if (x > n) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "%" G_GUINT64_FORMAT " satisfied out of %" G_GUINT64_FORMAT
                " answers: expected at most as many satisfied as answers",
                x, n);
    return FALSE;
  }
  if (!level_ok(level, error))
    return FALSE;
  if (n == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC, "no valid answers: a share needs n >= 1");
    return FALSE;
  }
  if (om_ci_method_is_design(method)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "method %s is design-based and needs population sizes; "
                "for a single proportion use wilson, exact, jeffreys, agresti-coull or wald",
                om_ci_method_to_string(method));
    return FALSE;
  }

  const double dn = (double)n, dx = (double)x;
  const double p = dx / dn;
  /* statsmodels computes alpha = 1 - level and uses alpha / 2; do the same so that the
   * critical values agree to the last bit. */
  const double alpha = 1.0 - level;
  double lo, hi;

  switch (method) {
  case OM_CI_WILSON: {
    /* Wilson (1927), JASA 22:209, as statsmodels proportion_confint "wilson". */
    double crit = z_upper(alpha / 2), crit2 = crit * crit;
    double denom = 1 + crit2 / dn;
    double center = (p + crit2 / (2 * dn)) / denom;
    double dist = crit * sqrt(p * (1 - p) / dn + crit2 / (4 * dn * dn)) / denom;
    /* At x = 0 and x = n the bound is 0 or 1 exactly (center = dist analytically). */
    lo = x == 0 ? 0.0 : center - dist;
    hi = x == n ? 1.0 : center + dist;
    break;
  }
  case OM_CI_EXACT:
    /* Clopper & Pearson (1934), Biometrika 26:404, as beta quantiles (statsmodels "beta"):
     * lower = qbeta(alpha/2, x, n - x + 1), upper = qbeta(1 - alpha/2, x + 1, n - x). */
    if (x == 0)
      lo = 0;
    else if (!beta_quantile(dx, dn - dx + 1, alpha / 2, FALSE, &lo))
      return numeric_failure(error, "exact interval");
    if (x == n)
      hi = 1;
    else if (!beta_quantile(dx + 1, dn - dx, alpha / 2, TRUE, &hi))
      return numeric_failure(error, "exact interval");
    break;
  case OM_CI_JEFFREYS:
    /* Equal-tailed Beta(x + 1/2, n - x + 1/2) posterior interval, statsmodels "jeffreys";
     * end points at x = 0 and x = n per Brown, Cai & DasGupta (2001) 4.1.2. */
    if (x == 0)
      lo = 0;
    else if (!beta_quantile(dx + 0.5, dn - dx + 0.5, alpha / 2, FALSE, &lo))
      return numeric_failure(error, "Jeffreys interval");
    if (x == n)
      hi = 1;
    else if (!beta_quantile(dx + 0.5, dn - dx + 0.5, alpha / 2, TRUE, &hi))
      return numeric_failure(error, "Jeffreys interval");
    break;
  case OM_CI_AGRESTI_COULL: {
    /* Agresti & Coull (1998), Am. Stat. 52:119: Wald around (x + z^2/2)/(n + z^2),
     * clipped to [0, 1] as statsmodels "agresti_coull". */
    double crit = z_upper(alpha / 2);
    double nc = dn + crit * crit;
    double qc = (dx + crit * crit / 2) / nc;
    double dist = crit * sqrt(qc * (1 - qc) / nc);
    lo = CLAMP(qc - dist, 0.0, 1.0);
    hi = CLAMP(qc + dist, 0.0, 1.0);
    break;
  }
  case OM_CI_WALD: {
    /* Normal approximation p ± z sqrt(p(1-p)/n), clipped, statsmodels "normal". */
    double dist = z_upper(alpha / 2) * sqrt(p * (1 - p) / dn);
    lo = CLAMP(p - dist, 0.0, 1.0);
    hi = CLAMP(p + dist, 0.0, 1.0);
    break;
  }
  default:
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "unknown interval method %d", (int)method);
    return FALSE;
  }
  out->estimate = p;
  out->lower = lo;
  out->upper = hi;
  return TRUE;
}

/* ---- design-based ---------------------------------------------------------------- */

static gboolean
population_known(double population)
{
  return population > 0 && isfinite(population);
}

/* A census stratum: R survey's onestrat gives no variance when 1 - n/N < 1e-7. */
static gboolean
census_fraction(double n, double population)
{
  return 1 - n / population < 1e-7;
}

/* Korn & Graubard (1998) interval for share p with effective sample size n_eff before the
 * degrees-of-freedom adjustment (n respondents, df >= 1 design degrees of freedom), exactly
 * as R survey 4.1 svyciprop(method = "beta"). */
static gboolean
korn_graubard(double p, double n_eff, double n, double df, double alpha, double *lo, double *hi,
              GError **error)
{
  double t_n, t_df;
  if (!t_upper(alpha / 2, n - 1, &t_n) || !t_upper(alpha / 2, df, &t_df))
    return numeric_failure(error, "beta interval");
  n_eff *= (t_n / t_df) * (t_n / t_df);
  if (!beta_quantile(n_eff * p, n_eff * (1 - p) + 1, alpha / 2, FALSE, lo)
      || !beta_quantile(n_eff * p + 1, n_eff * (1 - p), alpha / 2, TRUE, hi))
    return numeric_failure(error, "beta interval");
  return TRUE;
}

/* The critical value of a design-based interval: qt(1 - tail, df), or qnorm(1 - tail) for
 * an infinite df (R's confint(..., df = Inf)). */
static gboolean
critical_value(double tail, double df, double *out)
{
  if (isinf(df)) {
    *out = z_upper(tail);
    return TRUE;
  }
  return t_upper(tail, df, out);
}

/* Totals over the strata with answers, after checking every stratum. */
typedef struct {
  guint64 n, x;
  guint h;         /* strata with answers */
  guint lonely;    /* of those: one answer and not a census (population weighting only) */
  gboolean known;  /* every used stratum has a population */
  gboolean census; /* with fpc, every used stratum is a census */
  double pop;      /* sum of the used strata's populations */
} DesignTotals;

/* A stratum whose variance term R survey drops as "self-representing": with fpc,
 * 1 - n/N < 1e-7 (onestrat). */
static gboolean
stratum_is_census(const OmStratum *s, const OmDesignOptions *o)
{
  return o->fpc && population_known(s->population) && census_fraction((double)s->n, s->population);
}

static gboolean
check_stratum(const OmStratum *s, gsize i, GError **error)
{
  if (s->x > s->n) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "stratum %zu: %" G_GUINT64_FORMAT " satisfied out of %" G_GUINT64_FORMAT
                " answers: expected at most as many satisfied as answers",
                i + 1, s->x, s->n);
    return FALSE;
  }
  if (s->n > 0 && population_known(s->population) && (double)s->n > s->population) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "stratum %zu: %" G_GUINT64_FORMAT " answers from a population of %g: "
                "expected no more answers than the population",
                i + 1, s->n, s->population);
    return FALSE;
  }
  return TRUE;
}

static gboolean
design_totals(const OmStratum *strata, gsize k, const OmDesignOptions *o, DesignTotals *t,
              GError **error)
{
  *t = (DesignTotals){ 0, 0, 0, 0, TRUE, TRUE, 0 };
  gsize first_lonely = 0;
  for (gsize i = 0; i < k; i++) {
    const OmStratum *s = &strata[i];
    if (!check_stratum(s, i, error))
      return FALSE;
    if (s->n == 0)
      continue;
    t->n += s->n;
    t->x += s->x;
    t->h++;
    if (!population_known(s->population)) {
      t->known = FALSE;
      continue;
    }
    t->pop += s->population;
    gboolean census = stratum_is_census(s, o);
    t->census = t->census && census;
    if (s->n == 1 && !census && t->lonely++ == 0)
      first_lonely = i;
  }
  if (t->n == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "no valid answers in any of the %zu strata: a share needs n >= 1", (size_t)k);
    return FALSE;
  }
  t->census = t->census && t->known;
  if (!t->known)
    t->lonely = 0;
  if (t->lonely > 0 && o->lonely == OM_LONELY_FAIL) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "stratum %zu has a single respondent (of a population of %g), and %u "
                "strat%s in all: with lonely = fail there is no variance estimate; choose "
                "adjust, remove, average or certainty",
                first_lonely + 1, strata[first_lonely].population, t->lonely,
                t->lonely == 1 ? "um" : "a");
    return FALSE;
  }
  return TRUE;
}

/* Stratified estimator with population weights W_h = N_h / N (Cochran 1977, 5.6). */
static double
stratified_share(const OmStratum *strata, gsize k, const DesignTotals *t)
{
  /* exactly 0 or 1 when every answer agrees, whatever the weights' rounding */
  if (t->x == 0 || t->x == t->n)
    return t->x == 0 ? 0.0 : 1.0;
  double est = 0;
  for (gsize i = 0; i < k; i++)
    if (strata[i].n > 0)
      est += strata[i].population / t->pop * ((double)strata[i].x / (double)strata[i].n);
  return est;
}

/* Its variance, Cochran (1977) 5.9: sum_h (1 - f_h) W_h^2 p_h q_h / (n_h - 1), with the
 * lonely-stratum rule of R survey's onestrat/onestage (svyrecvar). R computes the same from
 * the influence scores w_i (y_i - p) / N. */
static double
stratified_variance(const OmStratum *strata, gsize k, const OmDesignOptions *o, double est,
                    const DesignTotals *t)
{
  double var = 0;
  for (gsize i = 0; i < k; i++) {
    const OmStratum *s = &strata[i];
    if (s->n == 0 || stratum_is_census(s, o))
      continue;
    double nh = (double)s->n, W = s->population / t->pop;
    double f = o->fpc ? 1 - nh / s->population : 1;
    if (s->n == 1) {
      /* "adjust": the single score is centred not on its stratum mean but on the whole
       * sample's, which is 0 for a mean's influence scores. "remove", "certainty" and
       * "average" add nothing here. */
      if (o->lonely == OM_LONELY_ADJUST) {
        double d = (double)s->x - est;
        var += f * W * W * d * d;
      }
      continue;
    }
    double ph = (double)s->x / nh;
    var += f * W * W * ph * (1 - ph) / (nh - 1);
  }
  /* "average": R's onestage scales the sum by nstrat / nokstrat (census strata count as
   * ok: they return a zero variance, not NA). */
  if (o->lonely == OM_LONELY_AVERAGE && t->lonely > 0)
    var = t->lonely < t->h ? var * t->h / (double)(t->h - t->lonely) : NAN;
  return var;
}

/* Point estimate, variance, df and deff of the design (population or respondent
 * weighting). */
static void
design_moments(const OmStratum *strata, gsize k, const OmDesignOptions *o, const DesignTotals *t,
               OmDesignEstimate *r, double *var)
{
  const double dn = (double)t->n;
  r->n = t->n;
  r->n_strata = t->h;
  r->n_lonely = t->lonely;
  if (t->known) {
    r->weighting = OM_WEIGHT_POPULATION;
    r->estimate = stratified_share(strata, k, t);
    *var = stratified_variance(strata, k, o, r->estimate, t);
    r->df = dn - (double)t->h;
    /* deff against SRS without replacement from the whole population, R svymean
     * deff = TRUE: svyvar(y) (psum - n)/(psum n) with svyvar = n/(n-1) p(1-p). */
    double p = r->estimate;
    double vsrs = t->n >= 2 ? p * (1 - p) / (dn - 1) * (1 - dn / t->pop) : 0;
    r->deff = vsrs > 0 ? *var / vsrs : NAN;
  } else {
    /* Respondent weighting: the pooled share as one SRS without finite-population
     * correction, R svydesign(ids = ~1, data = pooled): var = p(1-p)/(n-1). */
    r->weighting = OM_WEIGHT_RESPONDENT;
    r->estimate = (double)t->x / dn;
    *var = t->n >= 2 ? r->estimate * (1 - r->estimate) / (dn - 1) : 0;
    r->df = dn - 1;
    r->deff = 1;
  }
  r->se = sqrt(*var);
}

/* Signed root of the design-scaled binomial deviance of an intercept-only fit at share
 * q, minus the critical value: the profile statistic of R's confint.svyglm(method =
 * "likelihood") for y ~ 1 (see likelihood_interval). */
static double
likelihood_stat(double p, double q, double scale, double crit)
{
  double a = p > 0 ? p * log(p / q) : 0;
  double b = p < 1 ? (1 - p) * log((1 - p) / (1 - q)) : 0;
  return sqrt(fmax(2 * (a + b), 0) * scale) - crit;
}

/* Root of likelihood_stat between lo and hi (it changes sign there), by bisection on the
 * logit scale to 1e-13. */
static double
likelihood_root(double p, double lo, double hi, double scale, double crit)
{
  double a = log(lo / (1 - lo)), b = log(hi / (1 - hi));
  double fa = likelihood_stat(p, lo, scale, crit);
  for (int i = 0; i < 200 && fabs(b - a) > 1e-13 * (1 + fabs(a)); i++) {
    double m = (a + b) / 2, fm = likelihood_stat(p, expit(m), scale, crit);
    if ((fm < 0) == (fa < 0)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return expit((a + b) / 2);
}

/* R survey 4.1 confint.svyglm(method = "likelihood", ddf = df) for svyglm(y ~ 1,
 * quasibinomial): the end points are where the profile statistic
 * (D(q) - D(p)) / dispersion, D the binomial deviance on the normalised weights
 * (n D1(q), D1(q) = 2 [p log(p/q) + (1-p) log((1-p)/(1-q))]), reaches crit^2 times lambda,
 * lambda = cov.unscaled / naive.cov = var n / (p(1-p)) the design effect of the intercept
 * (Lumley & Scott 2014, Stat. Sci. 29:190, sec. 3). The dispersion is summary.svyglm's
 * svyvar of the Pearson residuals (y - p) / sqrt(p(1-p)), which is n / (n - 1) for any
 * weights. Solved exactly here; R interpolates a spline through ten profile steps each
 * way (within 1e-7 of the exact root in the reference cases). */
static void
likelihood_interval(double p, double var, double n, double crit, double *lo, double *hi)
{
  double disp = n / (n - 1);
  double scale = p * (1 - p) / (var * disp);
  *lo = likelihood_root(p, DBL_MIN, p, scale, crit);
  *hi = likelihood_root(p, p, 1 - DBL_EPSILON / 2, scale, crit);
}

/* The interval of the method asked, or Korn–Graubard with n_eff = n where R has none. */
static gboolean
design_interval(const OmDesignOptions *o, const DesignTotals *t, double var, OmDesignEstimate *r,
                GError **error)
{
  const double alpha = 1.0 - o->level, dn = (double)t->n, p = r->estimate;
  const double degf = r->df;
  if (o->df == OM_DF_INF && o->method != OM_CI_BETA)
    r->df = INFINITY;
  gboolean boundary = t->x == 0 || t->x == t->n || !(var > 0);
  if ((boundary || o->method == OM_CI_BETA || isfinite(r->df)) && degf < 1) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "%" G_GUINT64_FORMAT " answers in %u strata leave no degrees of freedom "
                "for an interval: at least one stratum needs two answers",
                t->n, t->h);
    return FALSE;
  }
  if (boundary || o->method == OM_CI_BETA) {
    /* R has no interval at the boundary (logit diverges, n_eff = 0/0): Korn & Graubard's
     * n_eff = n. R's svyciprop(method = "beta") always uses degf(design). */
    double n_eff = boundary ? dn : p * (1 - p) / var, lo, hi;
    if (!korn_graubard(p, n_eff, dn, degf, alpha, &lo, &hi, error))
      return FALSE;
    r->lower = t->x == 0 ? 0.0 : lo;
    r->upper = t->x == t->n ? 1.0 : hi;
    r->method_fallback = o->method != OM_CI_BETA;
    r->method = OM_CI_BETA;
    r->df = degf;
    return TRUE;
  }
  double crit;
  if (!critical_value(alpha / 2, r->df, &crit))
    return numeric_failure(error, "design-based interval");
  switch (o->method) {
  case OM_CI_MEAN:
    /* svymean then confint(m, df = df): not clipped, as R. */
    r->lower = p - crit * r->se;
    r->upper = p + crit * r->se;
    break;
  case OM_CI_ASIN: {
    /* svycontrast(m, asin(sqrt(p))): derivative 1 / (2 sqrt(p(1-p))), back with sin^2. */
    double eta = asin(sqrt(p)), half = crit * r->se / (2 * sqrt(p * (1 - p)));
    r->lower = pow(sin(eta - half), 2);
    r->upper = pow(sin(eta + half), 2);
    break;
  }
  case OM_CI_LIKELIHOOD:
    likelihood_interval(p, var, dn, crit, &r->lower, &r->upper);
    break;
  default: {
    /* LOGIT (svyglm quasibinomial, confint Wald with ddf = df) and XLOGIT (svycontrast
     * of logit p): the delta method on the logit scale, the same numbers. */
    double eta = log(p / (1 - p)), se_eta = r->se / (p * (1 - p));
    r->lower = expit(eta - crit * se_eta);
    r->upper = expit(eta + crit * se_eta);
  }
  }
  return TRUE;
}

static gboolean
design_options_ok(const OmStratum *strata, gsize n_strata, const OmDesignOptions *o, GError **error)
{
  if (o == NULL || (n_strata > 0 && strata == NULL)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "no %s given for %zu strata",
                o == NULL ? "options" : "strata", (size_t)n_strata);
    return FALSE;
  }
  if (!om_ci_method_is_design(o->method)) {
    const char *name = om_ci_method_to_string(o->method);
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "design-based estimates take method logit, beta, mean, xlogit, asin or "
                "likelihood, not %s",
                name ? name : "unknown");
    return FALSE;
  }
  if (om_lonely_to_string(o->lonely) == NULL || (o->df != OM_DF_DESIGN && o->df != OM_DF_INF)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "unknown lonely rule %d or df rule %d",
                (int)o->lonely, (int)o->df);
    return FALSE;
  }
  return level_ok(o->level, error);
}

gboolean
om_design_estimate(const OmStratum *strata, gsize n_strata, const OmDesignOptions *opts,
                   OmDesignEstimate *out, GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL, FALSE);
  DesignTotals t;
  if (!design_options_ok(strata, n_strata, opts, error)
      || !design_totals(strata, n_strata, opts, &t, error))
    return FALSE;
  OmDesignEstimate r = { 0 };
  r.method = opts->method;
  double var;
  design_moments(strata, n_strata, opts, &t, &r, &var);
  if (t.census) {
    /* The population share is known: nothing to estimate. */
    r.se = 0;
    r.census = TRUE;
    r.lower = r.upper = r.estimate;
    if (opts->df == OM_DF_INF && opts->method != OM_CI_BETA)
      r.df = INFINITY;
  } else if (!design_interval(opts, &t, var, &r, error)) {
    return FALSE;
  }
  *out = r;
  return TRUE;
}

gboolean
om_design_proportion(const OmStratum *strata, gsize n_strata, double level, OmCiMethod method,
                     OmDesignEstimate *out, GError **error)
{
  OmDesignOptions o = OM_DESIGN_OPTIONS_INIT;
  o.level = level;
  o.method = method;
  return om_design_estimate(strata, n_strata, &o, out, error);
}

void
om_census_bounds(guint64 x, guint64 n, guint64 population, double *lower, double *upper)
{
  g_return_if_fail(lower != NULL && upper != NULL);
  g_return_if_fail(x <= n && n <= population && population >= 1);
  /* Every missing unit a no, or every one a yes. */
  *lower = (double)x / (double)population;
  *upper = (double)(x + (population - n)) / (double)population;
}

/* ---- mean and grade --------------------------------------------------------------- */

gboolean
om_mean_ci(const double *values, const guint64 *counts, gsize k, double scale_min, double scale_max,
           double level, OmMeanEstimate *out, GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL, FALSE);
  g_return_val_if_fail(k == 0 || (values != NULL && counts != NULL), FALSE);
  if (!(isfinite(scale_min) && isfinite(scale_max) && scale_min < scale_max)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "scale from %g to %g: expected a finite minimum below the maximum", scale_min,
                scale_max);
    return FALSE;
  }
  if (!level_ok(level, error))
    return FALSE;
  guint64 n = 0;
  double sum = 0;
  for (gsize i = 0; i < k; i++) {
    if (counts[i] == 0)
      continue;
    if (!isfinite(values[i]) || values[i] < scale_min || values[i] > scale_max) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "answer value %g is outside the scale %g to %g", values[i], scale_min, scale_max);
      return FALSE;
    }
    n += counts[i];
    sum += (double)counts[i] * values[i];
  }
  if (n < 2) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "%" G_GUINT64_FORMAT " answer%s: a mean with an interval needs at least two", n,
                n == 1 ? "" : "s");
    return FALSE;
  }
  const double dn = (double)n;
  /* Two passes: the sum of squared deviations from the computed mean (Chan, Golub &
   * LeVeque 1983, Am. Stat. 37:242) instead of sum of squares minus n mean^2. */
  double mean = sum / dn, ss = 0;
  for (gsize i = 0; i < k; i++) {
    if (counts[i] == 0)
      continue;
    double d = values[i] - mean;
    ss += (double)counts[i] * d * d;
  }
  mean = CLAMP(mean, scale_min, scale_max);
  OmMeanEstimate r;
  r.n = n;
  r.mean = mean;
  r.sd = sqrt(ss / (dn - 1));
  r.se = r.sd / sqrt(dn);
  double t;
  if (!t_upper((1.0 - level) / 2, dn - 1, &t))
    return numeric_failure(error, "t interval");
  r.lower = mean - t * r.se;
  r.upper = mean + t * r.se;
  /* Linear map of the scale onto the Dutch report grade 1..10. */
  const double span = scale_max - scale_min;
  r.grade = 1 + 9 * (r.mean - scale_min) / span;
  r.grade_lower = 1 + 9 * (r.lower - scale_min) / span;
  r.grade_upper = 1 + 9 * (r.upper - scale_min) / span;
  *out = r;
  return TRUE;
}

/* ---- difference of two proportions ----------------------------------------------- */

/* Loader (2000), "Fast and accurate computation of binomial probabilities" (the method of
 * R's dbinom and dhyper, and of Boost's which scipy uses): binomial probabilities from
 * Stirling's remainder and the deviance term bd0, instead of differences of log-factorials
 * that lose 1e-9 of their value at a million answers. */

/* stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n) = log Gamma*(n) (GSL gammastar). */
static gboolean
stirlerr(double n, double *out)
{
  gsl_sf_result r;
  if (gsl_sf_gammastar_e(n, &r) != GSL_SUCCESS)
    return FALSE;
  *out = log(r.val);
  return TRUE;
}

/* A value computed on first use and kept (done), with whether it could be (ok). */
typedef struct {
  gboolean done, ok;
  double v;
} Memo;

/* stirlerr(n) through memo m when there is one (the same call, so the same bits). */
static gboolean
stirlerr_memo(double n, Memo *m, double *out)
{
  if (!m)
    return stirlerr(n, out);
  if (!m->done) {
    m->ok = stirlerr(n, &m->v);
    m->done = TRUE;
  }
  *out = m->v;
  return m->ok;
}

/* bd0(x, np) = x log(x/np) + np - x, by its series where the two are close. */
static double
bd0(double x, double np)
{
  if (fabs(x - np) < 0.1 * (x + np)) {
    double v = (x - np) / (x + np), s = (x - np) * v, ej = 2 * x * v;
    v = v * v;
    for (int j = 1; j < 1000; j++) {
      ej *= v;
      double s1 = s + ej / (2 * j + 1);
      if (s1 == s)
        return s1;
      s = s1;
    }
  }
  return x * log(x / np) + np - x;
}

/* log of the binomial probability of x in n with success probability p (q = 1 - p). */
static gboolean
log_dbinom(double x, double n, double p, double q, Memo *stirlerr_n, double *out)
{
  if (x == 0) {
    *out = n == 0 ? 0 : p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q);
    return TRUE;
  }
  if (x == n) {
    *out = q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p);
    return TRUE;
  }
  double sn, sx, snx;
  if (!stirlerr_memo(n, stirlerr_n, &sn) || !stirlerr(x, &sx) || !stirlerr(n - x, &snx))
    return FALSE;
  double lc = sn - sx - snx - bd0(x, n * p) - bd0(n - x, n * q);
  double lf = log(2 * M_PI) + log(x) + log1p(-x / n);
  *out = lc - 0.5 * lf;
  return TRUE;
}

/* What the hypergeometric probabilities of one table's margins (r1, r2, c) share, made on
 * first use: Fisher's test evaluates up to a few thousand k with the same margins. */
typedef struct {
  Memo stirlerr_r1, stirlerr_r2;
  Memo total; /* log dbinom(c; N, p) */
} HyperParts;

/* log of the hypergeometric probability of k in cell [0,0] of a 2x2 table with row totals
 * r1, r2 and first column total c, as R's dhyper: dbinom(k; r1, p) dbinom(c - k; r2, p) /
 * dbinom(c; r1 + r2, p) with p = c/(r1 + r2). Mirror-image tables (r1 = r2) multiply the
 * same two factors in the other order and so tie exactly. */
static gboolean
hyper_lpmf(guint k, guint r1, guint r2, guint c, HyperParts *h, double *out)
{
  const double N = (double)r1 + (double)r2;
  const double p = (double)c / N, q = ((double)r1 + (double)r2 - (double)c) / N;
  double l1, l2, l3;
  if (!log_dbinom((double)k, (double)r1, p, q, &h->stirlerr_r1, &l1)
      || !log_dbinom((double)(c - k), (double)r2, p, q, &h->stirlerr_r2, &l2))
    return FALSE;
  if (!h->total.done) {
    h->total.ok = log_dbinom((double)c, N, p, q, NULL, &h->total.v);
    h->total.done = TRUE;
  }
  if (!h->total.ok)
    return FALSE;
  l3 = h->total.v;
  *out = l1 + l2 - l3;
  return isfinite(*out);
}

/* Fisher's exact two-sided p as scipy 1.10 stats.fisher_exact: the probability of all
 * tables, margins fixed, no more probable than the observed one up to a relative 1e-14.
 * The hypergeometric is unimodal (Feller 1968, II.6), so those tables form the two tails
 * beyond the points where the probability crosses the observed one; each tail is found by
 * binary search and summed outward until its terms no longer change the sum. */
static gboolean
fisher_two_sided(guint a, guint r1, guint r2, guint c, double *out)
{
  const guint N = r1 + r2;
  HyperParts h = { 0 };
  if (r1 == 0 || r2 == 0 || c == 0 || c == N) {
    *out = 1;
    return TRUE;
  }
  const guint lo = c > r2 ? c - r2 : 0, hi = MIN(c, r1);
  /* scipy's mode: int((n + 1)(n1 + 1)/(n1 + n2 + 2)) */
  const guint mode = (guint)(((guint64)c + 1) * ((guint64)r1 + 1) / ((guint64)N + 2));
  double lpx, lpm;
  if (!hyper_lpmf(a, r1, r2, c, &h, &lpx) || !hyper_lpmf(mode, r1, r2, c, &h, &lpm))
    return FALSE;
  const double eps = 1e-14;
  if (-expm1(-fabs(lpx - lpm)) <= eps) {
    *out = 1;
    return TRUE;
  }
  double l;
  double sum = 0;
  /* left tail: the largest k in [lo, mode] with pmf(k) <= (1 + eps) pmf(a), pmf rising */
  if (!hyper_lpmf(lo, r1, r2, c, &h, &l))
    return FALSE;
  if (l - lpx <= eps) {
    guint l0 = lo, l1 = mode; /* pmf(l0) qualifies, pmf(l1) does not */
    while (l1 - l0 > 1) {
      guint mid = l0 + (l1 - l0) / 2;
      if (!hyper_lpmf(mid, r1, r2, c, &h, &l))
        return FALSE;
      if (l - lpx <= eps)
        l0 = mid;
      else
        l1 = mid;
    }
    for (guint k = l0;; k--) {
      if (!hyper_lpmf(k, r1, r2, c, &h, &l))
        return FALSE;
      double term = exp(l);
      sum += term;
      if (k == lo || term <= sum * 1e-17)
        break;
    }
  }
  /* right tail: the smallest k in [mode, hi] with pmf(k) <= (1 + eps) pmf(a), pmf falling */
  if (!hyper_lpmf(hi, r1, r2, c, &h, &l))
    return FALSE;
  if (l - lpx <= eps) {
    guint r0 = mode, r1q = hi; /* pmf(r0) does not qualify, pmf(r1q) does */
    while (r1q - r0 > 1) {
      guint mid = r0 + (r1q - r0) / 2;
      if (!hyper_lpmf(mid, r1, r2, c, &h, &l))
        return FALSE;
      if (l - lpx <= eps)
        r1q = mid;
      else
        r0 = mid;
    }
    double right = 0;
    for (guint k = r1q;; k++) {
      if (!hyper_lpmf(k, r1, r2, c, &h, &l))
        return FALSE;
      double term = exp(l);
      right += term;
      if (k == hi || term <= right * 1e-17)
        break;
    }
    sum += right;
  }
  *out = MIN(sum, 1.0);
  return TRUE;
}

static gboolean diff_proportions(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level,
                                 gboolean always_fisher, OmDiff *out, GError **error);

gboolean
om_diff_proportions(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level, OmDiff *out,
                    GError **error)
{
  return diff_proportions(x1, n1, x2, n2, level, TRUE, out, error);
}

gboolean
om_diff_proportions_p(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level, OmDiff *out,
                      GError **error)
{
  return diff_proportions(x1, n1, x2, n2, level, FALSE, out, error);
}

static gboolean
diff_proportions(guint64 x1, guint64 n1, guint64 x2, guint64 n2, double level,
                 gboolean always_fisher, OmDiff *out, GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL, FALSE);
  if (x1 > n1 || x2 > n2 || n1 == 0 || n2 == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "change from %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                "/%" G_GUINT64_FORMAT ": expected 0 <= satisfied <= answers and answers >= 1",
                x2, n2, x1, n1);
    return FALSE;
  }
  if (n1 + n2 > G_MAXUINT) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "%" G_GUINT64_FORMAT " answers in two waves: at most %u are supported", n1 + n2,
                G_MAXUINT);
    return FALSE;
  }
  if (!level_ok(level, error))
    return FALSE;
  OmInterval w1, w2;
  if (!om_proportion_ci(x1, n1, level, OM_CI_WILSON, &w1, error)
      || !om_proportion_ci(x2, n2, level, OM_CI_WILSON, &w2, error))
    return FALSE;
  const double p1 = w1.estimate, p2 = w2.estimate;
  OmDiff r;
  r.diff = p1 - p2;
  /* Newcombe (1998) method 10: combine the Wilson intervals' distances, statsmodels
   * confint_proportions_2indep(method = "newcomb"). */
  r.lower = r.diff - sqrt((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2));
  r.upper = r.diff + sqrt((p2 - w2.lower) * (p2 - w2.lower) + (w1.upper - p1) * (w1.upper - p1));

  /* Pooled z test, statsmodels proportions_ztest: z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)),
   * p = (x1 + x2)/(n1 + n2), two-sided normal p. */
  const double dn1 = (double)n1, dn2 = (double)n2;
  const double pooled = (double)(x1 + x2) / (dn1 + dn2);
  const double var = pooled * (1 - pooled) * (1 / dn1 + 1 / dn2);
  if (var > 0) {
    r.z = r.diff / sqrt(var);
    r.p_z = MIN(1.0, 2 * gsl_cdf_ugaussian_Q(fabs(r.z)));
  } else {
    r.z = 0;
    r.p_z = 1;
  }
  /* Cochran's (1954) rule for the chi-square (= z^2) approximation: every expected count
   * at least 5, else the exact test. */
  const double N = dn1 + dn2, c1 = (double)(x1 + x2), c2 = N - c1;
  const double e_min = MIN(dn1, dn2) * MIN(c1, c2) / N;
  r.fisher_used = e_min < 5;
  r.p_fisher = NAN;
  if ((always_fisher || r.fisher_used)
      && !fisher_two_sided((guint)x1, (guint)n1, (guint)n2, (guint)(x1 + x2), &r.p_fisher)) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "Fisher's exact test for %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                " against %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " failed",
                x1, n1, x2, n2);
    return FALSE;
  }
  r.p_value = r.fisher_used ? r.p_fisher : r.p_z;
  *out = r;
  return TRUE;
}

/* ---- trend ------------------------------------------------------------------------ */

/* One row of a trend fit: answers x of n in a year, with a prior weight per answer (1 for
 * the binomial GLM, the normalised design weight for the survey-weighted fit). */
typedef struct {
  double year, x, n, w;
} TrendRow;

/* Binomial deviance 2 sum w [x log(x / (n mu)) + (n - x) log((n - x) / (n (1 - mu)))],
 * R binomial()$dev.resids summed with prior weights w n. */
static double
binomial_deviance(const TrendRow *r, const double *mu, gsize m)
{
  double dev = 0;
  for (gsize i = 0; i < m; i++) {
    double y = r[i].x / r[i].n;
    double a = y > 0 ? y * log(y / mu[i]) : 0;
    double b = y < 1 ? (1 - y) * log((1 - y) / (1 - mu[i])) : 0;
    dev += 2 * r[i].w * r[i].n * (a + b);
  }
  return dev;
}

/* The checks before a fit: at least two distinct years, and no separation (Albert &
 * Anderson 1984): with one covariate, the years with a satisfied answer and those with a
 * dissatisfied one must not be split by a threshold. */
static gboolean
trend_separable(const TrendRow *r, gsize m, GError **error)
{
  double min_s = INFINITY, max_s = -INFINITY, min_f = INFINITY, max_f = -INFINITY;
  gboolean distinct = FALSE;
  for (gsize i = 0; i < m; i++) {
    distinct = distinct || r[i].year != r[0].year;
    if (r[i].x > 0) {
      min_s = fmin(min_s, r[i].year);
      max_s = fmax(max_s, r[i].year);
    }
    if (r[i].x < r[i].n) {
      min_f = fmin(min_f, r[i].year);
      max_f = fmax(max_f, r[i].year);
    }
  }
  if (!distinct) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "%zu wave%s with answers in %s year: a trend needs at least two different years",
                (size_t)m, m == 1 ? "" : "s", m == 0 ? "no" : "one");
    return FALSE;
  }
  if (max_s == -INFINITY || max_f == -INFINITY) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "every wave is at %s: the trend has no finite estimate",
                max_s == -INFINITY ? "0%" : "100%");
    return FALSE;
  }
  if (max_f <= min_s || max_s <= min_f) {
    gboolean rising = max_f <= min_s;
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "the waves separate completely: every %s answer is from %g or earlier and "
                "every %s answer from %g or later, so the trend's slope has no finite estimate",
                rising ? "dissatisfied" : "satisfied", rising ? max_f : max_s,
                rising ? "satisfied" : "dissatisfied", rising ? min_s : min_f);
    return FALSE;
  }
  return TRUE;
}

/* The fitted logistic regression: coefficients on (1, year - center), the model-based
 * inverse information (X'WX)^-1 (dispersion 1), the fitted shares. */
typedef struct {
  double beta[2], inv_info[2][2], deviance, center;
  int iterations;
  double *mu; /* one per row; owned */
} TrendFitState;

/* Weighted least squares of z on (1, year - center) with weights wt; beta and the
 * unscaled covariance (X'WX)^-1. */
static gboolean
trend_wls(const TrendRow *r, gsize m, double center, const double *wt, const double *z,
          double beta[2], double inv[2][2])
{
  /* Normal equations on two columns, centred years: solved in closed form. */
  double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
  for (gsize i = 0; i < m; i++) {
    double d = r[i].year - center;
    s0 += wt[i];
    s1 += wt[i] * d;
    s2 += wt[i] * d * d;
    t0 += wt[i] * z[i];
    t1 += wt[i] * d * z[i];
  }
  double det = s0 * s2 - s1 * s1;
  if (!(det > 0) || !isfinite(det))
    return FALSE;
  inv[0][0] = s2 / det;
  inv[1][1] = s0 / det;
  inv[0][1] = inv[1][0] = -s1 / det;
  beta[0] = inv[0][0] * t0 + inv[0][1] * t1;
  beta[1] = inv[1][0] * t0 + inv[1][1] * t1;
  return isfinite(beta[0]) && isfinite(beta[1]);
}

/* IRLS (McCullagh & Nelder 1989, 2.5; R glm.fit): weighted least squares of the working
 * response eta + (y - mu)/(mu(1-mu)) with weights w n mu(1-mu), started as R's glm.fit
 * (mustart = (w n y + 0.5)/(w n + 1)). Converged when the deviance changes less than 1e-12
 * relative (R: 1e-8) or the coefficients less than 1e-10 (with millions of answers the
 * deviance is a sum of large terms of both signs and its change can stall at rounding
 * level), so R's answer is within its own tolerance of this one. */
static gboolean
trend_irls(const TrendRow *r, gsize m, TrendFitState *st)
{
  double *wt = g_new(double, m), *z = g_new(double, m), *eta = g_new(double, m);
  for (gsize i = 0; i < m; i++) {
    double wn = r[i].w * r[i].n;
    st->mu[i] = (r[i].w * r[i].x + 0.5) / (wn + 1);
    eta[i] = log(st->mu[i] / (1 - st->mu[i]));
  }
  double devold = binomial_deviance(r, st->mu, m), beta_old[2] = { NAN, NAN };
  gboolean ok = FALSE;
  for (st->iterations = 1; st->iterations <= 100 && !ok; st->iterations++) {
    for (gsize i = 0; i < m; i++) {
      double v = st->mu[i] * (1 - st->mu[i]);
      wt[i] = r[i].w * r[i].n * v;
      z[i] = eta[i] + (r[i].x / r[i].n - st->mu[i]) / v;
    }
    if (!trend_wls(r, m, st->center, wt, z, st->beta, st->inv_info))
      break;
    for (gsize i = 0; i < m; i++) {
      eta[i] = st->beta[0] + st->beta[1] * (r[i].year - st->center);
      st->mu[i] = expit(eta[i]);
    }
    st->deviance = binomial_deviance(r, st->mu, m);
    if (!isfinite(st->deviance))
      break;
    gboolean small_step = TRUE;
    for (int c = 0; c < 2; c++) {
      small_step = small_step && fabs(st->beta[c] - beta_old[c]) <= 1e-10 * (1 + fabs(st->beta[c]));
      beta_old[c] = st->beta[c];
    }
    ok = fabs(st->deviance - devold) / (fabs(st->deviance) + 0.1) < 1e-12
         || (st->iterations > 1 && small_step);
    devold = st->deviance;
  }
  st->iterations--;
  if (ok) {
    /* (X'WX)^-1 at the converged fit */
    for (gsize i = 0; i < m; i++)
      wt[i] = r[i].w * r[i].n * st->mu[i] * (1 - st->mu[i]);
    double b[2];
    ok = trend_wls(r, m, st->center, wt, z, b, st->inv_info);
  }
  g_free(wt);
  g_free(z);
  g_free(eta);
  return ok;
}

/* Checks the rows, fits, and leaves the fitted state in *st (st->mu owned by the caller). */
static gboolean
trend_fit_rows(const TrendRow *r, gsize m, TrendFitState *st, GError **error)
{
  if (!trend_separable(r, m, error))
    return FALSE;
  st->center = 0;
  for (gsize i = 0; i < m; i++)
    st->center += r[i].year;
  st->center /= (double)m;
  st->mu = g_new(double, m);
  if (trend_irls(r, m, st))
    return TRUE;
  g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
              "the trend fit (binomial GLM over %zu waves) did not converge in %d iterations",
              (size_t)m, 100);
  return FALSE;
}

static gboolean
trend_out(const TrendFitState *st, const double cov[2][2], gsize k, OmTrend *out, GError **error)
{
  OmTrend t = { 0 };
  t.intercept = st->beta[0];
  t.slope = st->beta[1];
  t.se_intercept = sqrt(cov[0][0]);
  t.se_slope = sqrt(cov[1][1]);
  t.cov = cov[0][1];
  t.deviance = st->deviance;
  t.iterations = st->iterations;
  t.k = k;
  t.year_center = st->center;
  if (!(isfinite(t.intercept) && isfinite(t.slope) && isfinite(t.se_intercept)
        && isfinite(t.se_slope))) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "the trend fit over %zu waves has no finite standard errors", (size_t)k);
    return FALSE;
  }
  *out = t;
  return TRUE;
}

gboolean
om_trend_fit(const double *years, const guint64 *x, const guint64 *n, gsize k, OmTrend *out,
             GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL, FALSE);
  g_return_val_if_fail(k == 0 || (years != NULL && x != NULL && n != NULL), FALSE);
  TrendRow *r = g_new(TrendRow, MAX(k, 1));
  gsize m = 0;
  for (gsize i = 0; i < k; i++) {
    if (x[i] > n[i] || !isfinite(years[i])) {
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "wave %zu (year %g): %" G_GUINT64_FORMAT " satisfied of %" G_GUINT64_FORMAT
                  ": expected a finite year and at most as many satisfied as answers",
                  (size_t)i + 1, years[i], x[i], n[i]);
      g_free(r);
      return FALSE;
    }
    if (n[i] > 0)
      r[m++] = (TrendRow){ years[i], (double)x[i], (double)n[i], 1.0 };
  }
  TrendFitState st = { 0 };
  gboolean ok = trend_fit_rows(r, m, &st, error) && trend_out(&st, st.inv_info, m, out, error);
  g_free(st.mu);
  g_free(r);
  return ok;
}

/* The design-based "meat" of the sandwich, R survey svyrecvar over the estimating functions
 * u_i = x_i w_i (y_i - mu_i) (svy.varcoef): per stratum (1 - f_h) n_h/(n_h - 1) times the
 * sum of squares of u about its stratum mean, which for n_h answers at one year and share
 * p_h is x x' w_h^2 n_h p_h (1 - p_h); a lonely stratum under ADJUST adds
 * (1 - f_h) x x' w_h^2 (y - mu)^2 (centred on the overall mean 0 of u), AVERAGE scales the
 * rest by H / (H - lonely). */
static gboolean
trend_meat(const OmStratum *strata, const TrendRow *r, const double *mu, gsize m,
           const OmDesignOptions *o, double center, double B[2][2], GError **error)
{
  memset(B, 0, 4 * sizeof(double));
  guint lonely = 0;
  for (gsize i = 0; i < m; i++) {
    const OmStratum *s = &strata[i];
    double nh = (double)s->n, ph = r[i].x / nh, wh = r[i].w, c;
    if (stratum_is_census(s, o))
      continue;
    double f = o->fpc ? 1 - nh / s->population : 1;
    if (s->n == 1) {
      lonely++;
      double d = r[i].x - mu[i];
      c = o->lonely == OM_LONELY_ADJUST ? f * wh * wh * d * d : 0;
    } else {
      c = f * nh / (nh - 1) * wh * wh * nh * ph * (1 - ph);
    }
    double x1 = r[i].year - center;
    B[0][0] += c;
    B[0][1] += c * x1;
    B[1][1] += c * x1 * x1;
  }
  B[1][0] = B[0][1];
  if (lonely > 0 && o->lonely == OM_LONELY_FAIL) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%u strata of the trend have a single respondent: with lonely = fail there is "
                "no variance estimate; choose adjust, remove, average or certainty",
                lonely);
    return FALSE;
  }
  if (lonely > 0 && o->lonely == OM_LONELY_AVERAGE) {
    double scale = lonely < m ? (double)m / (double)(m - lonely) : NAN;
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++)
        B[a][b] *= scale;
  }
  return TRUE;
}

/* The design's rows: one per stratum with answers, weights N_h/n_h normalised to mean 1
 * over the answers (svyglm's prior weights). */
static TrendRow *
trend_design_rows(const double *years, const OmStratum *strata, gsize k, OmStratum *used, gsize *m,
                  GError **error)
{
  TrendRow *r = g_new(TrendRow, MAX(k, 1));
  double pop = 0, n = 0;
  *m = 0;
  for (gsize i = 0; i < k; i++) {
    if (!check_stratum(&strata[i], i, error) || !isfinite(years[i])
        || (strata[i].n > 0 && !population_known(strata[i].population))) {
      if (error && !*error)
        g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                    "stratum %zu: expected a finite year and a known population", i + 1);
      g_free(r);
      return NULL;
    }
    if (strata[i].n == 0)
      continue;
    used[*m] = strata[i];
    r[(*m)++] = (TrendRow){ years[i], (double)strata[i].x, (double)strata[i].n,
                            strata[i].population / (double)strata[i].n };
    pop += strata[i].population;
    n += (double)strata[i].n;
  }
  for (gsize i = 0; i < *m; i++)
    r[i].w *= n / pop;
  return r;
}

gboolean
om_trend_fit_design(const double *years, const OmStratum *strata, gsize k,
                    const OmDesignOptions *opts, OmTrend *out, GError **error)
{
  om_estimate_init();
  g_return_val_if_fail(out != NULL && opts != NULL, FALSE);
  g_return_val_if_fail(k == 0 || (years != NULL && strata != NULL), FALSE);
  OmStratum *used = g_new(OmStratum, MAX(k, 1));
  gsize m;
  TrendRow *r = trend_design_rows(years, strata, k, used, &m, error);
  TrendFitState st = { 0 };
  double B[2][2], V[2][2];
  gboolean ok = r && trend_fit_rows(r, m, &st, error)
                && trend_meat(used, r, st.mu, m, opts, st.center, B, error);
  if (ok) {
    /* V = A^-1 B A^-1 (Binder 1983; R survey svy.varcoef) */
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++) {
        V[a][b] = 0;
        for (int c = 0; c < 2; c++)
          for (int d = 0; d < 2; d++)
            V[a][b] += st.inv_info[a][c] * B[c][d] * st.inv_info[d][b];
      }
    gsize waves = 0;
    for (gsize i = 0; i < m; i++) {
      gboolean seen = FALSE;
      for (gsize j = 0; j < i && !seen; j++)
        seen = r[j].year == r[i].year;
      waves += !seen;
    }
    /* svyglm fits one 0/1 row per respondent: its deviance is saturated per respondent,
     * -2 sum w [y log mu + (1 - y) log(1 - mu)]. */
    st.deviance = 0;
    for (gsize i = 0; i < m; i++)
      st.deviance -= 2 * r[i].w * (r[i].x * log(st.mu[i]) + (r[i].n - r[i].x) * log1p(-st.mu[i]));
    ok = trend_out(&st, V, waves, out, error);
    if (ok)
      out->design = TRUE;
  }
  g_free(st.mu);
  g_free(r);
  g_free(used);
  return ok;
}

void
om_trend_project(const OmTrend *t, double year, double level, OmInterval *out)
{
  om_estimate_init();
  g_return_if_fail(t != NULL && out != NULL);
  g_return_if_fail(level > 0 && level < 1);
  /* Var(b0 + b1 d) = var0 + d^2 var1 + 2 d cov01 (R predict.glm, se.fit on the link). */
  double d = year - t->year_center;
  double eta = t->intercept + t->slope * d;
  double var
      = t->se_intercept * t->se_intercept + d * d * t->se_slope * t->se_slope + 2 * d * t->cov;
  double half = z_upper((1.0 - level) / 2) * sqrt(fmax(var, 0));
  out->estimate = expit(eta);
  out->lower = expit(eta - half);
  out->upper = expit(eta + half);
}

/* ---- tests and planning ----------------------------------------------------------- */

double
om_binom_test_greater(guint64 x, guint64 n, double p0)
{
  om_estimate_init();
  g_return_val_if_fail(x <= n && p0 >= 0 && p0 <= 1, NAN);
  if (x == 0)
    return 1;
  /* P(X >= x) = I_{p0}(x, n - x + 1), Abramowitz & Stegun 26.5.24. */
  double p, q;
  if (!ibeta((double)x, (double)(n - x) + 1, p0, 1 - p0, NULL, &p, &q))
    return NAN;
  return p;
}

double
om_proportion_test(guint64 x, guint64 n, double population, double p0, OmTail tail)
{
  om_estimate_init();
  g_return_val_if_fail(x <= n && p0 >= 0 && p0 <= 1, NAN);
  g_return_val_if_fail(tail == OM_TAIL_GREATER || tail == OM_TAIL_LESS, NAN);
  if (!population_known(population)) {
    /* P(X <= x) for X ~ Bin(n, p0) is P(n - X >= n - x) with n - X ~ Bin(n, 1 - p0). */
    return tail == OM_TAIL_GREATER ? om_binom_test_greater(x, n, p0)
                                   : om_binom_test_greater(n - x, n, 1 - p0);
  }
  g_return_val_if_fail(population < 4294967296.0 && population >= (double)n, NAN);
  /* Hypergeometric (Johnson, Kemp & Kotz 2005, Univariate Discrete Distributions, 6.2):
   * n drawn without replacement from N holding K satisfied. */
  unsigned int N = (unsigned int)floor(population), K;
  double k = p0 * N;
  K = tail == OM_TAIL_GREATER ? (unsigned int)floor(k + 1e-9) : (unsigned int)ceil(k - 1e-9);
  K = MIN(K, N);
  if (tail == OM_TAIL_GREATER)
    return x == 0 ? 1.0 : gsl_cdf_hypergeometric_Q((unsigned int)x - 1, K, N - K, (unsigned int)n);
  return gsl_cdf_hypergeometric_P((unsigned int)x, K, N - K, (unsigned int)n);
}

double
om_qbeta(double prob, double a, double b, gboolean upper)
{
  om_estimate_init();
  g_return_val_if_fail(prob >= 0 && prob <= 1 && a >= 0 && b >= 0 && a + b > 0, NAN);
  g_return_val_if_fail(isfinite(a) && isfinite(b), NAN);
  double x;
  return beta_quantile(a, b, prob, upper, &x) ? x : NAN;
}

double
om_qt(double prob, double df)
{
  om_estimate_init();
  g_return_val_if_fail(prob > 0 && prob < 1 && df > 0 && isfinite(df), NAN);
  if (prob == 0.5)
    return 0;
  double t;
  if (!t_upper(prob > 0.5 ? 1 - prob : prob, df, &t))
    return NAN;
  return prob > 0.5 ? t : -t;
}

guint64
om_sample_size(double halfwidth, double p, double population, double level)
{
  om_estimate_init();
  g_return_val_if_fail(halfwidth > 0 && p >= 0 && p <= 1 && level > 0 && level < 1, 0);
  /* Cochran (1977) 4.2 and 4.3: n0 = z^2 p q / e^2, n = n0 / (1 + (n0 - 1)/N). */
  double z = z_upper((1.0 - level) / 2);
  double n0 = z * z * p * (1 - p) / (halfwidth * halfwidth);
  double nn = n0;
  if (population_known(population))
    nn = n0 / (1 + (n0 - 1) / population);
  double up = ceil(nn * (1 - 1e-9));
  if (population_known(population))
    up = MIN(up, ceil(population));
  if (!(up >= 1))
    return 1;
  if (up >= 18446744073709549568.0) /* largest double below 2^64 */
    return G_MAXUINT64;
  return (guint64)up;
}

void
om_suppress(const guint64 *n, gsize k, guint64 min_n, gboolean total_published, OmPublish *out)
{
  g_return_if_fail(k == 0 || (n != NULL && out != NULL));
  gsize withheld_with_answers = 0;
  for (gsize i = 0; i < k; i++) {
    out[i] = n[i] < min_n ? OM_PUBLISH_PRIMARY : OM_PUBLISH_OK;
    if (out[i] == OM_PUBLISH_PRIMARY && n[i] > 0)
      withheld_with_answers++;
  }
  if (!total_published || withheld_with_answers != 1)
    return;
  /* Complementary suppression (Hundepool et al. 2012, Statistical Disclosure Control,
   * 4.2.3): one withheld cell in a published total is recovered by subtraction. */
  gsize best = k;
  for (gsize i = 0; i < k; i++)
    if (out[i] == OM_PUBLISH_OK && (best == k || n[i] < n[best]))
      best = i;
  if (best < k)
    out[best] = OM_PUBLISH_COMPLEMENTARY;
}
