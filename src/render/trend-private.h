/* trend-private.h — what the trend chart's files share (trend.c, trend-layout.c,
 * trend-panel.c, trend-paint.c); nothing outside them may use it.
 */
#ifndef OUDERMONITOR_RENDER_TREND_PRIVATE_H
#define OUDERMONITOR_RENDER_TREND_PRIVATE_H

#include "render/chart-private.h"

G_BEGIN_DECLS

typedef struct {
  int first_year, last_year;
  OmAxisTicks ticks;
  int tick_decimals;
  double pfs;
  double header_h, ytick_w, gutter_w;
  double year_h, n_h, base_h, note_h;
  int n_rows; /* rows of "n=" labels: 0, 1 or 2 (staggered) */
  int year_step;
  gboolean any_baseline;
} TrendShared;

/* The last plotted (not suppressed) point of a series, or -1. */
gssize trend_last_shown(const OmChartSeries *s);
/* Interval bars (not ribbons)? */
gboolean trend_has_bars(const OmTrendPanel *p);
/* One series: the institution chart, with values, n and in-plot notes. */
gboolean trend_is_single(const OmTrendPanel *p);
/* The key of a suppressed point in the fallback set (moved to the panel note). */
gpointer trend_fallback_key(gsize panel, gsize series, gsize point);
/* Where the plot starts below the panel's top, and its height in a cell of height cell_h. */
double trend_plot_top(const TrendShared *sh);
double trend_plot_height(const TrendShared *sh, double cell_h);
/* Point marker radius and interval cap half-width: the same for layout marks and ink. */
double trend_marker_radius(const OmTrendPanel *panel, double pfs);
double trend_cap_half_width(const OmTrendPanel *panel, double pfs, double dodge);

/* The note under panel p (transfer full), or NULL when it has none. */
char *trend_panel_note(Builder *b, const OmTrendPanel *panel, gsize p, GHashTable *fallback,
                       gboolean n_in_note);
/* One layout pass of the whole chart (trend-layout.c); see trend_build in trend.c. */
void trend_layout_pass(Builder *b, const OmTrendChart *chart, GHashTable *fallback,
                       GHashTable *new_fallback);
/* The layout of panel p in `box` (trend-panel.c). */
void trend_layout_panel(Builder *b, const OmTrendChart *chart, gsize p, const TrendShared *sh,
                        OmRect box, GHashTable *fallback, gboolean n_in_note,
                        GHashTable *new_fallback);
/* The ink of one panel (with its frame, or without when trend_paint_frames drew it) and
 * the header status markers (trend-paint.c). */
void trend_paint_panel(Painter *P, const OmTrendPanel *panel, const OmChartPanelLayout *pl,
                       double pfs, gboolean frame);
/* Are the panels' plots so far apart that one's frame never meets another's ink? */
gboolean trend_frames_apart(const OmChartLayout *L, gsize n_panels, double pfs);
/* Every panel's frame kind by kind (bands, grids, axes, target lines), each kind in one
 * colour and, but for the bands, one path: the same picture as the frames drawn panel by
 * panel when trend_frames_apart. */
void trend_paint_frames(Painter *P, const OmTrendChart *chart);
void trend_paint_status_marks(Painter *P, const OmTrendChart *chart);

G_END_DECLS

#endif
