/* axis.c — scales, nice ticks, the share range, year columns, label spreading and funnel
 * limits (see axis.h).
 *
 * Pure maths: no text, no Cairo, no chart model, no allocation that outlives a call. Each
 * formula that is not plain arithmetic cites its source.
 */
#include "render/axis.h"

#include <assert.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

void
om_scale_init(OmScale *scale, double d0, double d1, double p0, double p1)
{
  assert(scale != NULL);
  scale->d0 = d0;
  scale->d1 = d1;
  scale->p0 = p0;
  scale->p1 = p1;
}

double
om_scale_map(const OmScale *scale, double value)
{
  if (scale->d1 == scale->d0)
    return (scale->p0 + scale->p1) / 2;
  return scale->p0 + (value - scale->d0) * (scale->p1 - scale->p0) / (scale->d1 - scale->d0);
}

double
om_scale_invert(const OmScale *scale, double position)
{
  if (scale->p1 == scale->p0)
    return (scale->d0 + scale->d1) / 2;
  return scale->d0 + (position - scale->p0) * (scale->d1 - scale->d0) / (scale->p1 - scale->p0);
}

double
om_axis_nice_step(double raw)
{
  assert(raw > 0 && isfinite(raw));
  static const double mantissas[] = { 1, 2, 2.5, 5, 10 };
  double power = pow(10, floor(log10(raw)));
  for (gsize i = 0; i < G_N_ELEMENTS(mantissas); i++) {
    double step = mantissas[i] * power;
    /* Tolerate the rounding of raw itself (0.1/1 must give 0.1, not 0.2). */
    if (step >= raw * (1 - 1e-9))
      return step;
  }
  return 10 * power;
}

static double
next_nice_step(double step)
{
  return om_axis_nice_step(step * 1.0001);
}

gboolean
om_axis_ticks(double lo, double hi, guint max_ticks, OmAxisTicks *out)
{
  assert(out != NULL);
  if (!isfinite(lo) || !isfinite(hi))
    return FALSE;
  if (lo > hi) {
    double t = lo;
    lo = hi;
    hi = t;
  }
  /* Two ticks cannot cover a range that straddles a multiple of every step (such as one
   * around 0); three always can. */
  if (max_ticks < 3)
    max_ticks = 3;
  if (hi == lo) {
    double half = lo == 0 ? 0.5 : fabs(lo) * 0.05;
    lo -= half;
    hi += half;
  }
  double step = om_axis_nice_step((hi - lo) / (max_ticks - 1));
  for (;;) {
    /* The small slack keeps 0.9000000000000001 from pushing a tick out. */
    double first = floor(lo / step + 1e-9) * step;
    double last = ceil(hi / step - 1e-9) * step;
    double count = floor((last - first) / step + 0.5) + 1;
    if (count <= max_ticks) {
      out->first = first;
      out->last = last;
      out->step = step;
      out->n = (guint)count;
      return TRUE;
    }
    step = next_nice_step(step);
  }
}

double
om_axis_tick_value(const OmAxisTicks *ticks, guint i)
{
  double v = ticks->first + i * ticks->step;
  /* Round to two decimals below the step: an integer divided by an exact power of ten is
   * the double nearest the decimal, so 0.1 * 7 comes back as 0.7 exactly. */
  int digits = (int)CLAMP(2 - floor(log10(ticks->step)), 0, 22);
  double p10 = pow(10, digits);
  v = round(v * p10) / p10;
  return v == 0 ? 0 : v; /* no "-0%" */
}

void
om_axis_choose_share_range(const double *values, gsize n_values, guint max_ticks, OmAxisTicks *out)
{
  assert(out != NULL);
  double lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n_values; i++) {
    if (!isfinite(values[i]))
      continue;
    lo = MIN(lo, values[i]);
    hi = MAX(hi, values[i]);
  }
  if (!(lo <= hi)) {
    om_axis_ticks(0, 1, max_ticks, out);
    return;
  }
  lo = CLAMP(lo, 0, 1);
  hi = CLAMP(hi, 0, 1);
  /* A margin so that no whisker touches the frame: 5% of the span, at least one point. */
  double margin = MAX(0.05 * (hi - lo), 0.01);
  lo -= margin;
  hi += margin;
  /* A flat series must not be magnified into noise: at least 10 points in view. */
  if (hi - lo < 0.10) {
    double mid = (lo + hi) / 2;
    lo = mid - 0.05;
    hi = mid + 0.05;
  }
  if (lo < 0) {
    hi = MIN(1, hi - lo);
    lo = 0;
  }
  if (hi > 1) {
    lo = MAX(0, lo - (hi - 1));
    hi = 1;
  }
  /* Nice steps (…, 0.025, 0.05, 0.1, 0.2, 0.25) divide 1, so snapping stays in [0,1]. */
  om_axis_ticks(lo, hi, max_ticks, out);
  if (out->first < 0 || out->last > 1) {
    double first = MAX(0, out->first), last = MIN(1, out->last);
    out->first = first;
    out->last = last;
    out->n = (guint)floor((last - first) / out->step + 0.5) + 1;
  }
}

void
om_axis_years(int first, int last, double px0, double px1, OmScale *out)
{
  assert(first <= last);
  om_scale_init(out, first - 0.5, last + 0.5, px0, px1);
}

static int
compare_by_centre(gconstpointer a, gconstpointer b, gpointer data)
{
  const double *centre = data;
  double ca = centre[*(const gsize *)a], cb = centre[*(const gsize *)b];
  if (ca < cb)
    return -1;
  if (ca > cb)
    return 1;
  gsize ia = *(const gsize *)a, ib = *(const gsize *)b;
  return ia < ib ? -1 : ia > ib;
}

/* Pool-adjacent-violators on the label positions: a cluster of touching labels sits where
 * the mean of its members' wishes puts it (least squares), clamped to [lo, hi]; a cluster
 * that then overlaps its predecessor merges with it. Each label is one cluster at the
 * start, so the result keeps the order and moves labels only as far as they must. */
gboolean
om_labels_spread(double *centre, const double *size, gsize n, double gap, double lo, double hi)
{
  if (n == 0)
    return TRUE;
  gsize *order = g_new(gsize, n);
  for (gsize i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data(order, (gint)n, sizeof *order, compare_by_centre, centre);

  /* offset[k]: distance from the cluster's top to the centre of order[k]. */
  double *offset = g_new(double, n);
  double total = 0;
  for (gsize k = 0; k < n; k++) {
    offset[k] = total + size[order[k]] / 2;
    total += size[order[k]] + (k + 1 < n ? gap : 0);
  }
  if (total > hi - lo) {
    for (gsize k = 0; k < n; k++)
      centre[order[k]] = lo + offset[k];
    g_free(offset);
    g_free(order);
    return FALSE;
  }

  /* Clusters as runs [start, end) in `order`; top = position of the run's first label. */
  gsize *start = g_new(gsize, n), *end = g_new(gsize, n);
  double *top = g_new(double, n), *sum = g_new(double, n);
  gsize nc = 0;
  for (gsize k = 0; k < n; k++) {
    start[nc] = k;
    end[nc] = k + 1;
    sum[nc] = centre[order[k]] - offset[k];
    nc++;
    for (;;) {
      gsize c = nc - 1;
      double base = offset[start[c]] - size[order[start[c]]] / 2;
      double height = offset[end[c] - 1] + size[order[end[c] - 1]] / 2 - base;
      double t = sum[c] / (double)(end[c] - start[c]) + base;
      t = CLAMP(t, lo, hi - height);
      top[c] = t - base; /* in "offset" coordinates: centre = top + offset */
      if (c == 0)
        break;
      gsize p = c - 1;
      double prev_bottom = top[p] + offset[end[p] - 1] + size[order[end[p] - 1]] / 2;
      double cur_top = top[c] + base;
      if (prev_bottom + gap <= cur_top + 1e-9)
        break;
      end[p] = end[c];
      sum[p] += sum[c];
      nc--;
    }
  }
  for (gsize c = 0; c < nc; c++)
    for (gsize k = start[c]; k < end[c]; k++)
      centre[order[k]] = top[c] + offset[k];
  g_free(start);
  g_free(end);
  g_free(top);
  g_free(sum);
  g_free(offset);
  g_free(order);
  return TRUE;
}

double
om_funnel_limit(double target, guint64 n, double p)
{
  if (n == 0 || !(target >= 0 && target <= 1) || !(p > 0 && p < 1))
    return NAN;
  unsigned int nn = (unsigned int)MIN(n, (guint64)G_MAXUINT);
  /* r_p: the smallest r with F(r) >= p (binary search on the binomial CDF). */
  unsigned int a = 0, b = nn;
  while (a < b) {
    unsigned int mid = a + (b - a) / 2;
    if (gsl_cdf_binomial_P(mid, target, nn) >= p)
      b = mid;
    else
      a = mid + 1;
  }
  unsigned int r = a;
  double f_r = gsl_cdf_binomial_P(r, target, nn);
  double f_below = r > 0 ? gsl_cdf_binomial_P(r - 1, target, nn) : 0;
  double alpha = f_r > f_below ? (f_r - p) / (f_r - f_below) : 0;
  return ((double)r - alpha) / (double)nn;
}
