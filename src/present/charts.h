/* charts.h — what the charts say: an evaluation run turned into chart models
 * (chart-model.h): a trend chart per institution, a sector chart and an overview per
 * target, with their titles, status lines in the reader's language and file name stems that are the
 * same in every language.
 *
 * Builds models only: never draws, never writes a file (the renderer and the command do),
 * never prints. A withheld share reaches a model only as `suppressed`.
 */
#ifndef OUDERMONITOR_CHARTS_H
#define OUDERMONITOR_CHARTS_H

#include "present/arena.h"
#include "present/chart-model.h"
#include "present/evaluation.h"

G_BEGIN_DECLS

/* Why p's share is withheld (NONE when it is shown or there are no answers). */
OmWithheld om_charts_withheld(const OmPoint *p);

/* The status a chart shows for a target status; NONE for no-data. */
OmChartStatus om_charts_status(OmTargetStatus s);

/* A trend chart with a panel per evaluation row of one scope unit (kind, id), only the
 * targets of `indicator` and of respondent `group` ("ouders", "instellingen") when not
 * NULL; title as given (may be NULL). The y-axis title says whose share it is when not
 * only parents'. Returns NULL when the unit has no row. The chart and all it points to
 * live in a (and borrow from ev): transfer none. */
OmTrendChart *om_charts_unit(OmArena *a, const OmEvaluation *ev, OmScopeKind kind, const char *id,
                             const char *indicator, const char *group, const char *title,
                             OmLang lang);

/* The overview of target number t: every institution's share against the target, only
 * those of `sector` when not NULL. Returns NULL when no institution has a wave to show.
 * Lives in a, borrows from ev: transfer none. */
OmOverviewChart *om_charts_overview(OmArena *a, const OmEvaluation *ev, guint t, const char *sector,
                                    OmLang lang);

/* The kinds of chart files the chart command writes. */
typedef enum {
  OM_CHART_KIND_INSTITUTION, /* "instelling": a file per institution, a panel per target */
  OM_CHART_KIND_SECTOR,      /* "sector": per target, every sector and the municipality */
  OM_CHART_KIND_OVERVIEW,    /* "overzicht": per target, every institution against it */
  OM_CHART_KIND_N
} OmChartKind;
#define OM_CHART_KINDS_ALL ((1u << OM_CHART_KIND_N) - 1)

/* "instelling", "sector", "overzicht". Returns FALSE and leaves *out unchanged for
 * anything else. */
gboolean om_chart_kind_from_string(const char *s, OmChartKind *out);

/* One chart file to be: its stem ("instelling-12AB00", "sector-relatie-2016",
 * "overzicht-relatie-2016"; not yet safe as a file name: see om_chart_file_name) and its
 * model, a trend chart or an overview (the other NULL). */
typedef struct {
  const char *stem;
  const OmTrendChart *trend;
  const OmOverviewChart *overview;
} OmChartItem;

typedef struct OmChartSet OmChartSet;

/* Every chart of the kinds in the mask `kinds` (bits 1 << OmChartKind; OM_CHART_KINDS_ALL),
 * institutions first, then sectors, then overviews; only the targets of `indicator` when
 * not NULL. May be empty. Never fails. Borrows from ev, which must outlive it. Transfer
 * full: free with om_chart_set_free. */
OmChartSet *om_chart_set_new(const OmEvaluation *ev, guint kinds, const char *indicator,
                             OmLang lang);
/* Accepts NULL. */
void om_chart_set_free(OmChartSet *set);
guint om_chart_set_size(const OmChartSet *set);
/* Item i < size, transfer none. */
const OmChartItem *om_chart_set_item(const OmChartSet *set, guint i);

G_END_DECLS

#endif
