/* axis.h — the pure maths of chart axes: linear scales, nice ticks, the share range, the
 * year columns, spreading labels apart along one axis, and the funnel plot's limits.
 *
 * Every function here is arithmetic on numbers and is tested as numbers: nothing here
 * measures text, touches Cairo or allocates anything the caller must free. It must never
 * learn about a chart model; the chart types (trend.c, overview.c) call it.
 */
#ifndef OUDERMONITOR_RENDER_AXIS_H
#define OUDERMONITOR_RENDER_AXIS_H

#include <glib.h>

#include "oudermonitor/error.h"

G_BEGIN_DECLS
/* A linear map of data values [d0,d1] onto device coordinates [p0,p1] (p1 < p0 for a y
 * axis that grows upwards). */
typedef struct {
  double d0, d1, p0, p1;
} OmScale;

void om_scale_init(OmScale *scale, double d0, double d1, double p0, double p1);
double om_scale_map(const OmScale *scale, double value);
double om_scale_invert(const OmScale *scale, double position);

/* Ticks at first, first+step, …, last: first <= lo, last >= hi, step = 1, 2, 2.5 or 5
 * times a power of ten, the smallest such step that needs at most max(3, max_ticks) ticks. */
typedef struct {
  double first, last, step;
  guint n;
} OmAxisTicks;

/* The smallest "nice" step (1, 2, 2.5, 5 × 10^k) >= raw (raw > 0). */
double om_axis_nice_step(double raw);

/* Ticks covering [lo, hi] (lo <= hi; lo == hi gets a unit-wide range around it).
 * Returns FALSE (and leaves *out unchanged) for non-finite input. */
gboolean om_axis_ticks(double lo, double hi, guint max_ticks, OmAxisTicks *out);

/* Value of tick i (0 <= i < n), rounded so that 0.1 + 0.2 prints as 0.3. */
double om_axis_tick_value(const OmAxisTicks *ticks, guint i);

/* The share axis for a set of values (estimates, interval bounds, the target; NaN is
 * skipped): not always 0–100%, but a range on nice ticks that contains every value with a
 * margin of at least 1 percentage point (except where clamped at 0 or 1), at least 10
 * points wide, within [0, 1]. No finite value: 0–100%. */
void om_axis_choose_share_range(const double *values, gsize n_values, guint max_ticks,
                                OmAxisTicks *out);

/* The year axis: years first..last (first <= last) occupy equal columns between px0 and
 * px1, each year at its column's centre. */
void om_axis_years(int first, int last, double px0, double px1, OmScale *out);

/* Moves labels along one axis so that none overlaps, keeping their order and staying as
 * close as possible (least squares, by merging clusters) to the desired centres.
 * centre[i] in: desired centre, out: placed centre; size[i] the label's extent; `gap` the
 * free space between neighbours; all placed within [lo, hi]. Returns FALSE when the labels
 * do not fit between lo and hi (they are then spread evenly from lo, overflowing hi). */
gboolean om_labels_spread(double *centre, const double *size, gsize n, double gap, double lo,
                          double hi);

/* Control limit of a funnel plot for a proportion: the p-quantile (p = 0.025, 0.975 for
 * 95%; 0.001, 0.999 for 99.8%) of the share observed in n answers when the true share is
 * `target`, from the exact binomial with the interpolation of Spiegelhalter (2005),
 * "Funnel plots for comparing institutional performance", Stat Med 24:1185–1202,
 * appendix A.1.1. Returns NaN for n == 0 or arguments outside [0,1]. */
double om_funnel_limit(double target, guint64 n, double p);

G_END_DECLS

#endif
