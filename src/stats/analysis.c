/* analysis.c — from counts to published results per scope unit and wave.
 *
 * Which estimator for which scope (design.md section 4):
 *   - an institution of the parents' group: with a known population, a simple random
 *     sample with finite-population correction (one stratum of R survey's
 *     svydesign(ids=~1, strata=~instelling, fpc=~populatie)); without, one binomial
 *     proportion (Wilson by default);
 *   - a sector or the municipality: stratified by institution, weighted by population
 *     (respondent weighting when a population is unknown: om_design_proportion says so);
 *   - the institutions' group: one stratum whose population is the number of registered
 *     institutions in scope, so only a full census can show "all" with certainty.
 * The publication rule (min n, complementary suppression) applies to the parents' group:
 * its respondents are persons. Institutions answering about their own policy are not.
 * No SQL, no drawing, no I/O.
 */
#include "stats/analysis.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

struct OmAnalysis {
  const OmIndicator *indicator;
  const OmAnswerScale *scale;
  OmAnalysisOptions opts;
  GPtrArray *series; /* OmSeries* */
};

static const char *const scope_keys[] = {"gemeente", "sector", "instelling"};

const char *
om_scope_kind_key(OmScopeKind k)
{
  return k <= OM_SCOPE_INSTELLING ? scope_keys[k] : "";
}

gboolean
om_scope_kind_from_string(const char *s, OmScopeKind *out)
{
  for (int k = 0; k < 3; k++)
    if (s && strcmp(s, scope_keys[k]) == 0) {
      *out = (OmScopeKind)k;
      return TRUE;
    }
  return FALSE;
}

static void
series_free(gpointer p)
{
  OmSeries *s = p;
  g_free(s->id);
  g_free(s->name);
  g_free(s->sector);
  g_array_unref(s->points);
  g_free(s);
}

static OmSeries *
series_new(OmScopeKind kind, const char *id, const char *name, const char *sector,
           guint n_waves)
{
  OmSeries *s = g_new0(OmSeries, 1);
  s->kind = kind;
  s->id = g_strdup(id);
  s->name = g_strdup(name);
  s->sector = g_strdup(sector);
  s->points = g_array_sized_new(FALSE, TRUE, sizeof(OmPoint), n_waves);
  g_array_set_size(s->points, n_waves);
  return s;
}

/* A unit's counts in one wave plus what the estimators need. */
typedef struct {
  const OmInstitution *inst;
  OmCounts counts;
} Unit;

static void
fill_counts(OmPoint *p, const OmCounts *c, guint n_units)
{
  p->n = c->valid;
  p->satisfied = c->satisfied;
  p->dont_know = c->dont_know;
  p->blank = c->blank;
  p->n_units = n_units;
}

static gboolean
fill_mean(OmAnalysis *a, OmPoint *p, const OmCounts *c, GError **error)
{
  if (!c->scores || c->valid < 2)
    return TRUE;
  guint k = c->scores->len;
  double *values = g_new(double, k);
  guint64 *counts = g_new(guint64, k);
  for (guint i = 0; i < k; i++) {
    values[i] = g_array_index(c->scores, OmScoreCount, i).value;
    counts[i] = g_array_index(c->scores, OmScoreCount, i).count;
  }
  gboolean ok = om_mean_ci(values, counts, k, om_scale_min(a->scale), om_scale_max(a->scale),
                           a->opts.level, &p->mean, error);
  g_free(values);
  g_free(counts);
  p->has_mean = ok;
  return ok;
}

static gboolean
estimate_strata(OmAnalysis *a, OmPoint *p, const OmStratum *strata, gsize n_strata,
                gboolean force_design, GError **error)
{
  gboolean all_known = TRUE;
  for (gsize i = 0; i < n_strata; i++)
    all_known = all_known && strata[i].population >= (double)strata[i].n &&
                strata[i].population > 0;
  if (n_strata == 1 && !all_known && !force_design) {
    OmInterval iv;
    if (!om_proportion_ci(strata[0].x, strata[0].n, a->opts.level, a->opts.method, &iv, error))
      return FALSE;
    p->estimate = iv.estimate;
    p->lower = iv.lower;
    p->upper = iv.upper;
    p->se = sqrt(iv.estimate * (1 - iv.estimate) / (double)strata[0].n);
    p->df = NAN;
    p->method = a->opts.method;
    p->design = FALSE;
    p->weighting = OM_WEIGHT_RESPONDENT;
    p->has_share = TRUE;
    return TRUE;
  }
  OmDesignEstimate d;
  GError *e = NULL;
  if (!om_design_proportion(strata, n_strata, a->opts.level, a->opts.design_method, &d, &e)) {
    if (!g_error_matches(e, OM_ERROR, OM_ERROR_NUMERIC)) {
      g_propagate_error(error, e);
      return FALSE;
    }
    /* One answer per stratum leaves no degrees of freedom: no variance can be estimated.
     * The share stands, with the whole range as its interval, so a status based on it
     * stays undecided instead of the whole analysis failing. */
    g_error_free(e);
    guint64 n = 0, x = 0;
    for (gsize i = 0; i < n_strata; i++) {
      n += strata[i].n;
      x += strata[i].x;
    }
    p->estimate = n ? (double)x / (double)n : NAN;
    p->lower = 0;
    p->upper = 1;
    p->se = p->df = NAN;
    p->method = a->opts.design_method;
    p->design = TRUE;
    p->no_interval = TRUE;
    p->has_share = n > 0;
    return TRUE;
  }
  p->estimate = d.estimate;
  p->lower = d.lower;
  p->upper = d.upper;
  p->se = d.se;
  p->df = d.df;
  p->method = d.method;
  p->method_fallback = d.method_fallback;
  p->weighting = d.weighting;
  p->design = TRUE;
  p->has_share = TRUE;
  return TRUE;
}

static gboolean
in_sectors(const char *sector, const char *const *sectors)
{
  return sectors == NULL || g_strv_contains(sectors, sector);
}

static OmPoint *
point_of(GPtrArray *series, guint i, guint wave)
{
  return &g_array_index(((OmSeries *)g_ptr_array_index(series, i))->points, OmPoint, wave);
}

/* Withholds the smallest unit still published; FALSE when none is left. */
static gboolean
withhold_next_smallest(GPtrArray *series, guint wave)
{
  OmPoint *best = NULL;
  for (guint i = 0; i < series->len; i++) {
    OmPoint *p = point_of(series, i, wave);
    if (p->n > 0 && p->publish == OM_PUBLISH_OK && (!best || p->n < best->n))
      best = p;
  }
  if (best)
    best->publish = OM_PUBLISH_COMPLEMENTARY;
  return best != NULL;
}

/* The publication rule within one group of units (the institutions of a sector, or the
 * sectors of the municipality):
 *   1. units under min_n are withheld, and om_suppress adds the next-smallest when a
 *      single withheld unit could be recovered as the published total minus the rest;
 *   2. when the withheld units together are all satisfied or none are, subtraction
 *      reveals each one's share (0% or 100%), so more units are withheld until they
 *      are not;
 *   3. a withheld total whose units are all published would be their sum: one unit
 *      is withheld with it.
 * Without this, the municipality minus the published sectors, or a sector minus its
 * published schools, gives a small group's share back. */
static void
suppress(GPtrArray *series, guint wave, guint64 min_n, gboolean total_published)
{
  guint k = 0;
  guint64 *n = g_new(guint64, MAX(series->len, 1));
  OmPoint **which = g_new(OmPoint *, MAX(series->len, 1));
  for (guint i = 0; i < series->len; i++) {
    OmPoint *p = point_of(series, i, wave);
    if (p->n > 0) {
      n[k] = p->n;
      which[k++] = p;
    }
  }
  OmPublish *out = g_new(OmPublish, MAX(k, 1));
  om_suppress(n, k, min_n, total_published, out);
  for (guint i = 0; i < k; i++)
    if (which[i]->publish == OM_PUBLISH_OK)
      which[i]->publish = out[i];
  g_free(out);
  g_free(n);
  g_free(which);

  for (;;) {
    guint64 wn = 0, wx = 0, withheld = 0;
    for (guint i = 0; i < series->len; i++) {
      OmPoint *p = point_of(series, i, wave);
      if (p->n > 0 && p->publish != OM_PUBLISH_OK) {
        wn += p->n;
        wx += p->satisfied;
        withheld++;
      }
    }
    if (!total_published && withheld == 0) {
      withhold_next_smallest(series, wave);
      break;
    }
    /* Together the withheld units must be a group that could be published (at least
     * min_n answers) and not all or none satisfied. */
    if (!total_published || withheld == 0 || (wx != 0 && wx != wn && wn >= min_n))
      break;
    if (!withhold_next_smallest(series, wave))
      break;
  }
}

static void
withhold(OmSeries *s, guint wave)
{
  OmPoint *p = &g_array_index(s->points, OmPoint, wave);
  if (p->publish == OM_PUBLISH_OK)
    return;
  p->has_share = FALSE;
  p->has_mean = FALSE;
  p->estimate = p->lower = p->upper = p->se = p->df = NAN;
}

static void
add_changes(OmAnalysis *a, OmSeries *s, const OmTally *t)
{
  int base = -1;
  for (guint w = 0; w < om_tally_n_waves(t); w++)
    if (om_tally_wave(t, w)->baseline)
      base = (int)w;
  if (base < 0)
    return;
  const OmPoint *b = &g_array_index(s->points, OmPoint, base);
  for (guint w = 0; w < s->points->len; w++) {
    OmPoint *p = &g_array_index(s->points, OmPoint, w);
    if ((int)w == base || !p->has_share || !b->has_share)
      continue;
    /* A failure here (an impossible count) leaves the change out; it never stops the
     * shares from being shown. */
    p->has_change = om_diff_proportions(p->satisfied, p->n, b->satisfied, b->n, a->opts.level,
                                        &p->change, NULL);
    if (p->has_change && s->kind != OM_SCOPE_INSTELLING && p->design && b->design &&
        isfinite(p->se) && isfinite(b->se)) {
      /* Sectors and the municipality are population-weighted: their change is the
       * difference of the weighted shares, with a normal interval from the two design
       * standard errors (independent waves), rather than Newcombe on raw counts, which
       * would describe another quantity than the shares printed beside it. */
      double se = sqrt(p->se * p->se + b->se * b->se);
      double z = gsl_cdf_ugaussian_Pinv(0.5 + a->opts.level / 2);
      p->change.diff = p->estimate - b->estimate;
      /* A normal interval knows no bounds; a change from the baseline's share b can only
       * lie in [-b, 1 - b], so the interval is cut there (no "-6.6 to +106.6 points"). */
      p->change.lower = MAX(p->change.diff - z * se, -b->estimate);
      p->change.upper = MIN(p->change.diff + z * se, 1 - b->estimate);
      /* Two censuses (se 0) know the change exactly: certain unless it is zero. */
      p->change.z = se > 0 ? p->change.diff / se : 0;
      p->change.p_z = se > 0                   ? 2 * gsl_cdf_ugaussian_Q(fabs(p->change.z))
                      : p->change.diff != 0.0 ? 0.0
                                              : 1.0;
      p->change.p_fisher = NAN;
      p->change.p_value = p->change.p_z;
      p->change.fisher_used = FALSE;
      p->change_design = TRUE;
    }
  }
}

OmAnalysis *
om_analysis_new(const OmTally *tally, const GArray *institutions, const char *indicator,
                const char *const *sectors, const OmAnalysisOptions *opts, GError **error)
{
  const OmSurvey *survey = om_tally_survey(tally);
  const OmIndicator *ind = om_survey_find_indicator(survey, indicator);
  if (!ind) {
    GString *known = g_string_new(NULL);
    for (guint i = 0; i < om_survey_n_indicators(survey); i++)
      g_string_append_printf(known, "%s%s", i ? ", " : "", om_survey_indicator(survey, i)->id);
    g_set_error(error, OM_ERROR, OM_ERROR_NOT_FOUND,
                "indicator '%s' is not defined for %s; expected one of: %s", indicator,
                om_tally_group(tally), known->str);
    g_string_free(known, TRUE);
    return NULL;
  }
  OmAnalysis *a = g_new0(OmAnalysis, 1);
  a->indicator = ind;
  a->scale = om_indicator_scale(survey, ind);
  a->opts = opts ? *opts : (OmAnalysisOptions)OM_ANALYSIS_OPTIONS_INIT;
  a->series = g_ptr_array_new_with_free_func(series_free);
  gboolean parents = strcmp(om_tally_group(tally), "ouders") == 0;
  guint n_waves = om_tally_n_waves(tally);

  /* Scope units. */
  const char *municipality = NULL;
  for (guint i = 0; i < institutions->len && !municipality; i++) {
    const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
    if (in->municipality && *in->municipality)
      municipality = in->municipality;
  }
  char *gname = g_strdup_printf("Gemeente %s", municipality ? municipality : "");
  g_strstrip(gname);
  if (sectors) {
    /* "the municipality" of a target limited to some sectors is only part of it */
    char *list = g_strjoinv(", ", (char **)sectors);
    char *full = g_strdup_printf("%s (%s)", gname, list);
    g_free(gname);
    g_free(list);
    gname = full;
  }
  OmSeries *gem = series_new(OM_SCOPE_GEMEENTE, "gemeente", gname, NULL, n_waves);
  g_free(gname);
  g_ptr_array_add(a->series, gem);
  GPtrArray *sector_series = g_ptr_array_new();
  GPtrArray *inst_series = g_ptr_array_new();
  GPtrArray *inst_of = g_ptr_array_new(); /* parallel to inst_series */
  for (const char *const *sec = om_register_sectors(); *sec; sec++) {
    if (!in_sectors(*sec, sectors))
      continue;
    gboolean any = FALSE;
    for (guint i = 0; i < institutions->len; i++)
      any = any || strcmp(g_array_index(institutions, OmInstitution, i).sector, *sec) == 0;
    if (!any)
      continue;
    OmSeries *s = series_new(OM_SCOPE_SECTOR, *sec, om_register_sector_title(*sec, FALSE), *sec,
                             n_waves);
    g_ptr_array_add(a->series, s);
    g_ptr_array_add(sector_series, s);
  }
  for (guint i = 0; i < institutions->len; i++) {
    const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
    if (!in_sectors(in->sector, sectors))
      continue;
    OmSeries *s = series_new(OM_SCOPE_INSTELLING, in->code, in->name, in->sector, n_waves);
    g_ptr_array_add(a->series, s);
    g_ptr_array_add(inst_series, s);
    g_ptr_array_add(inst_of, (gpointer)in);
  }

  gboolean ok = TRUE;
  for (guint w = 0; ok && w < n_waves; w++) {
    const OmTallyWave *tw = om_tally_wave(tally, w);
    for (guint i = 0; i < a->series->len; i++) {
      OmSeries *s = g_ptr_array_index(a->series, i);
      OmPoint *p = &g_array_index(s->points, OmPoint, w);
      p->year = tw->year;
      p->baseline = tw->baseline;
      p->estimate = p->lower = p->upper = p->se = p->df = NAN;
    }
    /* Counts: institutions, then their sums per sector and for the municipality. */
    GArray *strata_all = g_array_new(FALSE, TRUE, sizeof(OmStratum));
    OmCounts gem_counts = {0};
    guint gem_units = 0;
    for (guint j = 0; j < sector_series->len && ok; j++) {
      OmSeries *ss = g_ptr_array_index(sector_series, j);
      GArray *strata = g_array_new(FALSE, TRUE, sizeof(OmStratum));
      OmCounts sec_counts = {0};
      guint units = 0, registered = 0;
      for (guint i = 0; i < inst_series->len && ok; i++) {
        const OmInstitution *in = g_ptr_array_index(inst_of, i);
        if (strcmp(in->sector, ss->id) != 0)
          continue;
        registered++;
        OmSeries *is = g_ptr_array_index(inst_series, i);
        OmPoint *p = &g_array_index(is->points, OmPoint, w);
        const OmCounts *c = om_tally_counts(tally, w, ind->id, in->code);
        if (!c)
          continue;
        fill_counts(p, c, 1);
        om_counts_add(&sec_counts, c);
        if (c->valid == 0)
          continue;
        units++;
        /* A register population below the answers received is wrong; the estimate falls
         * back to respondent weighting (and says so) rather than failing. */
        double pop = parents && in->population >= (gint64)c->valid ? (double)in->population : -1.0;
        OmStratum st = {pop, c->valid, c->satisfied};
        g_array_append_val(strata, st);
        if (parents) {
          ok = estimate_strata(a, p, &st, 1, FALSE, error) && fill_mean(a, p, c, error);
        } else {
          OmStratum one = {1, c->valid, c->satisfied};
          ok = estimate_strata(a, p, &one, 1, TRUE, error);
        }
      }
      OmPoint *sp = &g_array_index(ss->points, OmPoint, w);
      fill_counts(sp, &sec_counts, units);
      if (ok && sec_counts.valid > 0) {
        if (parents) {
          ok = estimate_strata(a, sp, (OmStratum *)(void *)strata->data, strata->len, TRUE, error);
        } else {
          /* The register is the population: N = registered institutions in scope. */
          OmStratum census = {registered, sec_counts.valid, sec_counts.satisfied};
          ok = estimate_strata(a, sp, &census, 1, TRUE, error);
        }
        ok = ok && fill_mean(a, sp, &sec_counts, error);
      }
      g_array_append_vals(strata_all, strata->data, strata->len);
      om_counts_add(&gem_counts, &sec_counts);
      gem_units += units;
      om_counts_clear(&sec_counts);
      g_array_unref(strata);
    }
    OmPoint *gp = &g_array_index(gem->points, OmPoint, w);
    fill_counts(gp, &gem_counts, gem_units);
    if (ok && gem_counts.valid > 0) {
      if (parents) {
        ok = estimate_strata(a, gp, (OmStratum *)(void *)strata_all->data, strata_all->len, TRUE,
                             error);
      } else {
        OmStratum census = {inst_series->len, gem_counts.valid, gem_counts.satisfied};
        ok = estimate_strata(a, gp, &census, 1, TRUE, error);
      }
      ok = ok && fill_mean(a, gp, &gem_counts, error);
    }
    om_counts_clear(&gem_counts);
    g_array_unref(strata_all);

    if (ok && parents) {
      /* Top down: the municipality, its sectors, then each sector's institutions, so a
       * sector withheld to protect another still protects itself through its schools. */
      if (gp->n < a->opts.min_n && gp->n > 0)
        gp->publish = OM_PUBLISH_PRIMARY;
      for (guint j = 0; j < sector_series->len; j++) {
        OmPoint *sp = &g_array_index(((OmSeries *)g_ptr_array_index(sector_series, j))->points,
                                     OmPoint, w);
        if (sp->n < a->opts.min_n && sp->n > 0)
          sp->publish = OM_PUBLISH_PRIMARY;
      }
      /* A municipality limited to some sectors is a second total beside the full one
       * that stats publishes: their difference is the left-out sectors. Parents' data
       * there would be recoverable, so such a partial total is never published. */
      if (sectors && gp->n > 0 && gp->publish == OM_PUBLISH_OK) {
        gboolean left_out = FALSE;
        for (guint i = 0; i < institutions->len && !left_out; i++) {
          const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
          const OmCounts *c = in_sectors(in->sector, sectors)
                                ? NULL
                                : om_tally_counts(tally, w, ind->id, in->code);
          left_out = c && c->valid > 0;
        }
        if (left_out)
          gp->publish = OM_PUBLISH_COMPLEMENTARY;
      }
      suppress(sector_series, w, a->opts.min_n, gp->publish == OM_PUBLISH_OK);
      for (guint j = 0; j < sector_series->len; j++) {
        OmSeries *ss = g_ptr_array_index(sector_series, j);
        GPtrArray *members = g_ptr_array_new();
        for (guint i = 0; i < inst_series->len; i++)
          if (strcmp(((OmSeries *)g_ptr_array_index(inst_series, i))->sector, ss->id) == 0)
            g_ptr_array_add(members, g_ptr_array_index(inst_series, i));
        OmPoint *sp = &g_array_index(ss->points, OmPoint, w);
        suppress(members, w, a->opts.min_n, sp->publish == OM_PUBLISH_OK);
        g_ptr_array_unref(members);
      }
      for (guint i = 0; i < a->series->len; i++)
        withhold(g_ptr_array_index(a->series, i), w);
    }
  }
  for (guint i = 0; ok && i < a->series->len; i++)
    add_changes(a, g_ptr_array_index(a->series, i), tally);
  g_ptr_array_unref(sector_series);
  g_ptr_array_unref(inst_series);
  g_ptr_array_unref(inst_of);
  if (!ok) {
    om_analysis_free(a);
    return NULL;
  }
  return a;
}

void
om_analysis_free(OmAnalysis *a)
{
  if (!a)
    return;
  g_ptr_array_unref(a->series);
  g_free(a);
}

const OmIndicator *om_analysis_indicator(const OmAnalysis *a) { return a->indicator; }
const OmAnalysisOptions *om_analysis_options(const OmAnalysis *a) { return &a->opts; }
guint om_analysis_n_series(const OmAnalysis *a) { return a->series->len; }

const OmSeries *
om_analysis_series(const OmAnalysis *a, guint i)
{
  g_return_val_if_fail(i < a->series->len, NULL);
  return g_ptr_array_index(a->series, i);
}

const OmSeries *
om_analysis_find(const OmAnalysis *a, OmScopeKind kind, const char *id)
{
  for (guint i = 0; i < a->series->len; i++) {
    const OmSeries *s = g_ptr_array_index(a->series, i);
    if (s->kind == kind && strcmp(s->id, id) == 0)
      return s;
  }
  return NULL;
}

gboolean
om_series_trend(const OmSeries *s, int until_year, OmTrend *out, GError **error)
{
  double years[64];
  guint64 x[64], n[64];
  gsize k = 0;
  for (guint i = 0; i < s->points->len && k < G_N_ELEMENTS(years); i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->year > until_year || !p->has_share)
      continue;
    years[k] = p->year;
    x[k] = p->satisfied;
    n[k] = p->n;
    k++;
  }
  if (k < 2) {
    g_set_error(error, OM_ERROR, OM_ERROR_NUMERIC,
                "%s published wave%s up to %d: a trend needs at least two",
                k == 0 ? "no" : "one", k == 1 ? "" : "s", until_year);
    return FALSE;
  }
  return om_trend_fit(years, x, n, k, out, error);
}
