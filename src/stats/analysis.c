/* analysis.c — from counts to published results per scope unit and wave.
 *
 * Which estimator for which scope (design.md section 4):
 *   - an institution of the parents' group: with a known population, a simple random
 *     sample with finite-population correction (one stratum of R survey's
 *     svydesign(ids=~1, strata=~instelling, fpc=~populatie)); without, one binomial
 *     proportion (Wilson by default);
 *   - a sector or the municipality: stratified by institution, weighted by population
 *     (respondent weighting when a population is unknown: om_design_estimate says so),
 *     with the analysis' design options (fpc, lonely rule, df, method); its trend is fitted
 *     on the same design (strata = wave x institution, om_trend_fit_design);
 *   - the institutions' group: a census of the register; a sector or the municipality
 *     shows the exact bounds x/N to (x + N - n)/N of the register's share
 *     (om_census_bounds), so only a full census of yes answers shows "all" with certainty;
 *   - a register population below the answers received is an error naming the
 *     institution, never a silent switch to another estimator.
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

static const char *const scope_keys[] = { "gemeente", "sector", "instelling" };

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
  g_ptr_array_unref(s->strata);
  g_free(s);
}

static void
strata_unref(gpointer p)
{
  if (p)
    g_array_unref(p);
}

static OmSeries *
series_new(OmScopeKind kind, const char *id, const char *name, const char *sector, guint n_waves)
{
  OmSeries *s = g_new0(OmSeries, 1);
  s->kind = kind;
  s->id = g_strdup(id);
  s->name = g_strdup(name);
  s->sector = g_strdup(sector);
  s->points = g_array_sized_new(FALSE, TRUE, sizeof(OmPoint), n_waves);
  g_array_set_size(s->points, n_waves);
  s->strata = g_ptr_array_new_full(n_waves, strata_unref);
  g_ptr_array_set_size(s->strata, n_waves);
  return s;
}

/* Counts summed over units (a sector's institutions, the municipality's sectors): what
 * om_counts_add gives, scores merged in the order first seen, each score found by its id
 * among the tally's distinct scores of the wave and indicator (om_tally_score_values):
 * one position per id instead of a search or a hash. */
typedef struct {
  OmTallyCounts counts; /* its scores are order's, once score_sum_counts is asked */
  GArray *order;        /* OmTallyScore, in the order first seen */
  guint *pos;           /* per id: index + 1 into order; 0 = not yet seen */
  guint zero_pos;       /* with mixed_zero: index + 1 of the first zero, either sign */
  const OmTallyScoreValues *values;
} ScoreSum;

static const OmTallyScoreValues no_values = { NULL, 0, FALSE };

static void
score_sum_init(ScoreSum *s, const OmTallyScoreValues *v)
{
  *s = (ScoreSum){ .values = v ? v : &no_values };
  s->order = g_array_new(FALSE, FALSE, sizeof(OmTallyScore));
  s->pos = g_new0(guint, MAX(s->values->n, 1));
}

static void
score_sum_add(ScoreSum *s, const OmTallyCounts *c)
{
  s->counts.valid += c->valid;
  s->counts.satisfied += c->satisfied;
  s->counts.dont_know += c->dont_know;
  s->counts.blank += c->blank;
  const OmTallyScoreValues *v = s->values;
  for (guint i = 0; i < c->n_scores; i++) {
    const OmTallyScore *sc = &c->scores[i];
    /* Equal scores share an id, but for 0.0 and -0.0 (equal, as == compares): one
     * position for both. A NaN's id is its own: it is never merged. */
    guint *pos
        = G_UNLIKELY(v->mixed_zero) && v->values[sc->id] == 0 ? &s->zero_pos : &s->pos[sc->id];
    if (*pos) {
      g_array_index(s->order, OmTallyScore, *pos - 1).count += sc->count;
    } else {
      g_array_append_val(s->order, *sc);
      *pos = s->order->len;
    }
  }
}

/* The sum as counts (valid until the next score_sum_add). */
static const OmTallyCounts *
score_sum_counts(ScoreSum *s)
{
  s->counts.scores = s->order->len ? (const OmTallyScore *)(void *)s->order->data : NULL;
  s->counts.n_scores = s->order->len;
  return &s->counts;
}

static void
score_sum_clear(ScoreSum *s)
{
  g_array_unref(s->order);
  g_free(s->pos);
  *s = (ScoreSum){ 0 };
}

static void
fill_counts(OmPoint *p, const OmTallyCounts *c, guint n_units)
{
  p->n = c->valid;
  p->satisfied = c->satisfied;
  p->dont_know = c->dont_know;
  p->blank = c->blank;
  p->n_units = n_units;
}

/* The mean of c's scores (v: what their ids stand for), summed in their order. */
static gboolean
fill_mean(OmAnalysis *a, OmPoint *p, const OmTallyScoreValues *v, const OmTallyCounts *c,
          GError **error)
{
  if (!c->n_scores || c->valid < 2)
    return TRUE;
  guint k = c->n_scores;
  double small_values[64];
  guint64 small_counts[64];
  double *values = k <= G_N_ELEMENTS(small_values) ? small_values : g_new(double, k);
  guint64 *counts = k <= G_N_ELEMENTS(small_counts) ? small_counts : g_new(guint64, k);
  for (guint i = 0; i < k; i++) {
    values[i] = v->values[c->scores[i].id];
    counts[i] = c->scores[i].count;
  }
  gboolean ok = om_mean_ci(values, counts, k, om_scale_min(a->scale), om_scale_max(a->scale),
                           a->opts.level, &p->mean, error);
  if (values != small_values)
    g_free(values);
  if (counts != small_counts)
    g_free(counts);
  p->has_mean = ok;
  return ok;
}

void
om_analysis_set_total_name(OmAnalysis *a, const char *board)
{
  OmSeries *gem = g_ptr_array_index(a->series, 0);
  g_free(gem->name);
  gem->name = g_strdup_printf("Bestuur %s", board);
}

OmDesignOptions
om_analysis_design_options(const OmAnalysisOptions *opts)
{
  OmDesignOptions o = OM_DESIGN_OPTIONS_INIT;
  o.level = opts->level;
  o.method = opts->design_method;
  o.fpc = opts->fpc;
  o.lonely = opts->lonely;
  o.df = opts->df;
  return o;
}

/* One binomial proportion (an institution without a known population). */
static gboolean
estimate_binomial(OmAnalysis *a, OmPoint *p, const OmStratum *st, GError **error)
{
  OmInterval iv;
  if (!om_proportion_ci(st->x, st->n, a->opts.level, a->opts.method, &iv, error))
    return FALSE;
  p->estimate = iv.estimate;
  p->lower = iv.lower;
  p->upper = iv.upper;
  p->se = sqrt(iv.estimate * (1 - iv.estimate) / (double)st->n);
  p->df = p->deff = NAN;
  p->method = a->opts.method;
  p->design = FALSE;
  p->weighting = OM_WEIGHT_RESPONDENT;
  p->has_share = TRUE;
  return TRUE;
}

/* One answer per stratum leaves no degrees of freedom: no variance can be estimated. The
 * share stands, with the whole range as its interval, so a status based on it stays
 * undecided instead of the whole analysis failing. */
static void
estimate_without_interval(OmAnalysis *a, OmPoint *p, const OmStratum *strata, gsize n_strata)
{
  guint64 n = 0, x = 0;
  for (gsize i = 0; i < n_strata; i++) {
    n += strata[i].n;
    x += strata[i].x;
  }
  p->estimate = n ? (double)x / (double)n : NAN;
  p->lower = 0;
  p->upper = 1;
  p->se = p->df = p->deff = NAN;
  p->method = a->opts.design_method;
  p->design = TRUE;
  p->no_interval = TRUE;
  p->has_share = n > 0;
}

static gboolean
estimate_strata(OmAnalysis *a, OmPoint *p, const OmStratum *strata, gsize n_strata,
                gboolean force_design, GError **error)
{
  if (n_strata == 1 && !force_design
      && !(strata[0].population > 0 && strata[0].population >= (double)strata[0].n))
    return estimate_binomial(a, p, &strata[0], error);
  OmDesignEstimate d;
  OmDesignOptions o = om_analysis_design_options(&a->opts);
  GError *e = NULL;
  if (!om_design_estimate(strata, n_strata, &o, &d, &e)) {
    if (!g_error_matches(e, OM_ERROR, OM_ERROR_NUMERIC)) {
      g_propagate_error(error, e);
      return FALSE;
    }
    g_error_free(e);
    estimate_without_interval(a, p, strata, n_strata);
    return TRUE;
  }
  p->estimate = d.estimate;
  p->lower = d.lower;
  p->upper = d.upper;
  p->se = d.se;
  p->df = d.df;
  p->deff = d.deff;
  p->method = d.method;
  p->method_fallback = d.method_fallback;
  p->census = d.census;
  p->n_lonely = d.n_lonely;
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
  p->estimate = p->lower = p->upper = p->se = p->df = p->deff = NAN;
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
    gboolean design = s->kind != OM_SCOPE_INSTELLING && p->design && b->design && isfinite(p->se)
                      && isfinite(b->se);
    /* A failure here (an impossible count) leaves the change out; it never stops the
     * shares from being shown. A design-based change replaces every field of the counts'
     * change, so that one (Fisher's test over thousands of tables) is not computed. */
    p->has_change = design
                    || om_diff_proportions_p(p->satisfied, p->n, b->satisfied, b->n, a->opts.level,
                                             &p->change, NULL);
    if (design) {
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
      p->change.p_z = se > 0                  ? 2 * gsl_cdf_ugaussian_Q(fabs(p->change.z))
                      : p->change.diff != 0.0 ? 0.0
                                              : 1.0;
      p->change.p_fisher = NAN;
      p->change.p_value = p->change.p_z;
      p->change.fisher_used = FALSE;
      p->change_design = TRUE;
    }
  }
}

/* What one analysis is built from: the scope units and, per institution, its register
 * entry. */
typedef struct {
  OmAnalysis *a;
  const OmTally *tally;
  const GArray *institutions;
  const char *const *sectors;
  gboolean parents;
  OmSeries *gem;
  GPtrArray *sector_series;         /* OmSeries*, transfer none */
  GPtrArray *inst_series;           /* OmSeries*, transfer none */
  GPtrArray *inst_of;               /* const OmInstitution*, parallel to inst_series */
  const OmTallyScoreValues *values; /* the wave's scores of the indicator (estimate_wave) */
  GArray *members;                  /* guint: the institutions of one sector (sector_counts) */
  GPtrArray *found;                 /* their const OmTallyCounts* in one wave, NULL where none */
  int ind;                          /* the indicator's tally index (om_tally_indicator_index) */
  GArray *tally_of;                 /* int, parallel to inst_series: om_tally_institution_index */
} Build;

static GError *
unknown_indicator(const OmTally *tally, const char *indicator)
{
  const OmSurvey *survey = om_tally_survey(tally);
  GString *known = g_string_new(NULL);
  for (guint i = 0; i < om_survey_n_indicators(survey); i++)
    g_string_append_printf(known, "%s%s", i ? ", " : "", om_survey_indicator(survey, i)->id);
  GError *e = g_error_new(OM_ERROR, OM_ERROR_NOT_FOUND,
                          "indicator '%s' is not defined for %s; expected one of: %s", indicator,
                          om_tally_group(tally), known->str);
  g_string_free(known, TRUE);
  return e;
}

/* "Gemeente Lindeveen", with the sectors it is limited to in brackets. Transfer full. */
static char *
municipality_name(const GArray *institutions, const char *const *sectors)
{
  const char *municipality = NULL;
  guint n_municipalities = 0;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < institutions->len; i++) {
    const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
    if (in->municipality && *in->municipality && g_hash_table_add(seen, in->municipality)) {
      municipality = municipality ? municipality : in->municipality;
      n_municipalities++;
    }
  }
  g_hash_table_unref(seen);
  /* Several municipalities pooled are a region, never one of them by name. */
  char *gname = n_municipalities > 1
                    ? g_strdup_printf("Regio (%u gemeenten)", n_municipalities)
                    : g_strdup_printf("Gemeente %s", municipality ? municipality : "");
  g_strstrip(gname);
  if (!sectors)
    return gname;
  /* "the municipality" of a target limited to some sectors is only part of it */
  char *list = g_strjoinv(", ", (char **)sectors);
  char *full = g_strdup_printf("%s (%s)", gname, list);
  g_free(gname);
  g_free(list);
  return full;
}

/* The scope units in display order: the municipality, the sectors with institutions, the
 * institutions. */
static void
build_series(Build *b)
{
  guint n_waves = om_tally_n_waves(b->tally);
  char *gname = municipality_name(b->institutions, b->sectors);
  b->gem = series_new(OM_SCOPE_GEMEENTE, "gemeente", gname, NULL, n_waves);
  b->gem->design = om_analysis_design_options(&b->a->opts);
  g_free(gname);
  g_ptr_array_add(b->a->series, b->gem);
  for (const char *const *sec = om_register_sectors(); *sec; sec++) {
    if (!in_sectors(*sec, b->sectors))
      continue;
    gboolean any = FALSE;
    for (guint i = 0; i < b->institutions->len; i++)
      any = any || strcmp(g_array_index(b->institutions, OmInstitution, i).sector, *sec) == 0;
    if (!any)
      continue;
    OmSeries *s
        = series_new(OM_SCOPE_SECTOR, *sec, om_register_sector_title(*sec, FALSE), *sec, n_waves);
    s->design = b->gem->design;
    g_ptr_array_add(b->a->series, s);
    g_ptr_array_add(b->sector_series, s);
  }
  for (guint i = 0; i < b->institutions->len; i++) {
    const OmInstitution *in = &g_array_index(b->institutions, OmInstitution, i);
    if (!in_sectors(in->sector, b->sectors))
      continue;
    OmSeries *s = series_new(OM_SCOPE_INSTELLING, in->code, in->name, in->sector, n_waves);
    s->design = b->gem->design;
    g_ptr_array_add(b->a->series, s);
    g_ptr_array_add(b->inst_series, s);
    g_ptr_array_add(b->inst_of, (gpointer)in);
    int ti = om_tally_institution_index(b->tally, in->code);
    g_array_append_val(b->tally_of, ti);
  }
}

/* A register population below the answers received cannot be: the register is wrong. */
static gboolean
check_population(const Build *b, const OmInstitution *in, const OmTallyCounts *c, int year,
                 GError **error)
{
  if (!b->parents || in->population < 0 || in->population >= (gint64)c->valid)
    return TRUE;
  g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
              "register: institution %s (%s) has populatie %" G_GINT64_FORMAT
              " but %" G_GUINT64_FORMAT " valid answers in %d (%s): a population cannot be "
              "smaller than its respondents; correct its line in the register and load it "
              "again with 'oudermonitor register'",
              in->code, in->name, in->population, c->valid, year, b->a->indicator->id);
  return FALSE;
}

/* The institutions of one sector in wave w: their own estimates, their strata appended to
 * `strata`, their counts added to `sum`. */
/* The institutions of sector ss (b->members, in series order) and their counts in wave w
 * (b->found), each one's counts fetched into the cache as it is found. */
static void
sector_counts(Build *b, const OmSeries *ss, guint w)
{
  g_array_set_size(b->members, 0);
  g_ptr_array_set_size(b->found, 0);
  for (guint i = 0; i < b->inst_series->len; i++) {
    const OmInstitution *in = g_ptr_array_index(b->inst_of, i);
    if (strcmp(in->sector, ss->id) != 0)
      continue;
    const OmTallyCounts *c
        = om_tally_counts_at(b->tally, w, (guint)b->ind, g_array_index(b->tally_of, int, i));
    if (c)
      __builtin_prefetch(c);
    g_array_append_val(b->members, i);
    g_ptr_array_add(b->found, (gpointer)c);
  }
}

/* How far ahead the scores of the sector's institutions are fetched: the runs lie apart in
 * the tally, and each one's cache miss held up the sum. */
#define SCORES_AHEAD 4

static void
prefetch_scores(const Build *b, guint k)
{
  const OmTallyCounts *c = k < b->found->len ? g_ptr_array_index(b->found, k) : NULL;
  if (c && c->scores)
    __builtin_prefetch(c->scores);
}

static gboolean
estimate_institutions(Build *b, const OmSeries *ss, guint w, GArray *strata, ScoreSum *sum,
                      guint *units, guint *registered, GError **error)
{
  OmAnalysis *a = b->a;
  int year = om_tally_wave(b->tally, w)->year;
  sector_counts(b, ss, w);
  for (guint k = 0; k < SCORES_AHEAD; k++)
    prefetch_scores(b, k);
  for (guint k = 0; k < b->members->len; k++) {
    prefetch_scores(b, k + SCORES_AHEAD);
    guint i = g_array_index(b->members, guint, k);
    const OmInstitution *in = g_ptr_array_index(b->inst_of, i);
    (*registered)++;
    OmSeries *is = g_ptr_array_index(b->inst_series, i);
    OmPoint *p = &g_array_index(is->points, OmPoint, w);
    const OmTallyCounts *c = g_ptr_array_index(b->found, k);
    if (!c)
      continue;
    fill_counts(p, c, 1);
    score_sum_add(sum, c);
    if (c->valid == 0)
      continue;
    (*units)++;
    if (!check_population(b, in, c, year, error))
      return FALSE;
    double pop = b->parents && in->population >= 0 ? (double)in->population : -1.0;
    OmStratum st = { pop, c->valid, c->satisfied };
    g_array_append_val(strata, st);
    if (a->opts.totals_only)
      continue;
    if (b->parents) {
      if (!estimate_strata(a, p, &st, 1, FALSE, error) || !fill_mean(a, p, b->values, c, error))
        return FALSE;
    } else {
      /* An institution answering for itself is a census of one, whatever --fpc says. */
      OmStratum one = { 1, c->valid, c->satisfied };
      gboolean fpc = a->opts.fpc, ok;
      a->opts.fpc = TRUE;
      ok = estimate_strata(a, p, &one, 1, TRUE, error);
      a->opts.fpc = fpc;
      if (!ok)
        return FALSE;
    }
  }
  return TRUE;
}

/* The institutions' survey is a census of the register: x of the n responding
 * institutions said yes, out of N registered in scope. The register's share lies in
 * [x/N, (x + N - n)/N] whatever the missing ones would say (om_census_bounds); the point
 * is the responding institutions' share x/n. */
static void
estimate_census_bounds(OmPoint *p, const OmTallyCounts *sum, guint registered)
{
  guint64 N = MAX((guint64)registered, sum->valid);
  p->estimate = (double)sum->satisfied / (double)sum->valid;
  om_census_bounds(sum->satisfied, sum->valid, N, &p->lower, &p->upper);
  p->census_bounds = TRUE;
  p->census = sum->valid == N;
  p->se = p->census ? 0 : NAN; /* a full census is exact; bounds have no model SE */
  p->df = p->deff = NAN;
  p->population = N;
  p->design = FALSE;
  p->weighting = OM_WEIGHT_POPULATION;
  p->has_share = TRUE;
}

/* A sector's or the municipality's estimate from its institutions' strata (parents), or
 * as a survey of the register's `registered` institutions (the institutions' group). */
static gboolean
estimate_total(Build *b, OmSeries *s, guint w, GArray *strata, const OmTallyCounts *sum,
               guint units, guint registered, GError **error)
{
  OmPoint *p = &g_array_index(s->points, OmPoint, w);
  fill_counts(p, sum, units);
  if (sum->valid == 0)
    return TRUE;
  gboolean ok;
  if (b->parents) {
    ok = estimate_strata(b->a, p, (OmStratum *)(void *)strata->data, strata->len, TRUE, error);
    g_ptr_array_index(s->strata, w) = g_array_ref(strata);
  } else {
    estimate_census_bounds(p, sum, registered);
    ok = TRUE;
  }
  return ok && fill_mean(b->a, p, b->values, sum, error);
}

static gboolean
estimate_wave(Build *b, guint w, GError **error)
{
  const OmTallyWave *tw = om_tally_wave(b->tally, w);
  for (guint i = 0; i < b->a->series->len; i++) {
    OmSeries *s = g_ptr_array_index(b->a->series, i);
    OmPoint *p = &g_array_index(s->points, OmPoint, w);
    p->year = tw->year;
    p->baseline = tw->baseline;
    p->estimate = p->lower = p->upper = p->se = p->df = p->deff = NAN;
  }
  /* Counts: institutions, then their sums per sector and for the municipality. */
  GArray *strata_all = g_array_new(FALSE, TRUE, sizeof(OmStratum));
  b->values = om_tally_score_values(b->tally, w, b->a->indicator->id);
  ScoreSum gem;
  score_sum_init(&gem, b->values);
  guint gem_units = 0;
  gboolean ok = TRUE;
  for (guint j = 0; j < b->sector_series->len && ok; j++) {
    OmSeries *ss = g_ptr_array_index(b->sector_series, j);
    GArray *strata = g_array_new(FALSE, TRUE, sizeof(OmStratum));
    ScoreSum sec;
    score_sum_init(&sec, b->values);
    guint units = 0, registered = 0;
    ok = estimate_institutions(b, ss, w, strata, &sec, &units, &registered, error)
         && estimate_total(b, ss, w, strata, score_sum_counts(&sec), units, registered, error);
    g_array_append_vals(strata_all, strata->data, strata->len);
    score_sum_add(&gem, score_sum_counts(&sec));
    gem_units += units;
    score_sum_clear(&sec);
    g_array_unref(strata);
  }
  ok = ok
       && estimate_total(b, b->gem, w, strata_all, score_sum_counts(&gem), gem_units,
                         b->inst_series->len, error);
  score_sum_clear(&gem);
  g_array_unref(strata_all);
  return ok;
}

/* A municipality limited to some sectors is a second total beside the full one that stats
 * publishes: their difference is the left-out sectors. Parents' data there would be
 * recoverable, so such a partial total is never published. */
static gboolean
left_out_answers(const Build *b, guint w)
{
  for (guint i = 0; i < b->institutions->len; i++) {
    const OmInstitution *in = &g_array_index(b->institutions, OmInstitution, i);
    const OmTallyCounts *c = in_sectors(in->sector, b->sectors)
                                 ? NULL
                                 : om_tally_counts(b->tally, w, b->a->indicator->id, in->code);
    if (c && c->valid > 0)
      return TRUE;
  }
  return FALSE;
}

/* The publication rule of the parents' group in wave w, top down: the municipality, its
 * sectors, then each sector's institutions, so a sector withheld to protect another still
 * protects itself through its schools. */
static void
publish_wave(Build *b, guint w)
{
  guint64 min_n = b->a->opts.min_n;
  OmPoint *gp = &g_array_index(b->gem->points, OmPoint, w);
  if (gp->n < min_n && gp->n > 0)
    gp->publish = OM_PUBLISH_PRIMARY;
  for (guint j = 0; j < b->sector_series->len; j++) {
    OmPoint *sp = point_of(b->sector_series, j, w);
    if (sp->n < min_n && sp->n > 0)
      sp->publish = OM_PUBLISH_PRIMARY;
  }
  if (b->sectors && gp->n > 0 && gp->publish == OM_PUBLISH_OK && left_out_answers(b, w))
    gp->publish = OM_PUBLISH_COMPLEMENTARY;
  suppress(b->sector_series, w, min_n, gp->publish == OM_PUBLISH_OK);
  for (guint j = 0; j < b->sector_series->len; j++) {
    OmSeries *ss = g_ptr_array_index(b->sector_series, j);
    GPtrArray *members = g_ptr_array_new();
    for (guint i = 0; i < b->inst_series->len; i++)
      if (strcmp(((OmSeries *)g_ptr_array_index(b->inst_series, i))->sector, ss->id) == 0)
        g_ptr_array_add(members, g_ptr_array_index(b->inst_series, i));
    OmPoint *sp = &g_array_index(ss->points, OmPoint, w);
    suppress(members, w, min_n, sp->publish == OM_PUBLISH_OK);
    g_ptr_array_unref(members);
  }
  for (guint i = 0; i < b->a->series->len; i++)
    withhold(g_ptr_array_index(b->a->series, i), w);
}

OmAnalysis *
om_analysis_new(const OmTally *tally, const GArray *institutions, const char *indicator,
                const char *const *sectors, const OmAnalysisOptions *opts, GError **error)
{
  const OmIndicator *ind = om_survey_find_indicator(om_tally_survey(tally), indicator);
  if (!ind) {
    g_propagate_error(error, unknown_indicator(tally, indicator));
    return NULL;
  }
  OmAnalysis *a = g_new0(OmAnalysis, 1);
  a->indicator = ind;
  a->scale = om_indicator_scale(om_tally_survey(tally), ind);
  a->opts = opts ? *opts : (OmAnalysisOptions)OM_ANALYSIS_OPTIONS_INIT;
  a->series = g_ptr_array_new_with_free_func(series_free);
  Build b = { a,
              tally,
              institutions,
              sectors,
              strcmp(om_tally_group(tally), "ouders") == 0,
              NULL,
              g_ptr_array_new(),
              g_ptr_array_new(),
              g_ptr_array_new(),
              NULL,
              g_array_new(FALSE, FALSE, sizeof(guint)),
              g_ptr_array_new(),
              om_tally_indicator_index(tally, ind->id),
              g_array_new(FALSE, FALSE, sizeof(int)) };
  build_series(&b);
  gboolean ok = TRUE;
  for (guint w = 0; ok && w < om_tally_n_waves(tally); w++) {
    ok = estimate_wave(&b, w, error);
    if (ok && b.parents)
      publish_wave(&b, w);
  }
  for (guint i = 0; ok && i < a->series->len; i++)
    add_changes(a, g_ptr_array_index(a->series, i), tally);
  g_ptr_array_unref(b.sector_series);
  g_ptr_array_unref(b.inst_series);
  g_ptr_array_unref(b.inst_of);
  g_array_unref(b.members);
  g_ptr_array_unref(b.found);
  g_array_unref(b.tally_of);
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

const OmIndicator *
om_analysis_indicator(const OmAnalysis *a)
{
  return a->indicator;
}
const OmAnalysisOptions *
om_analysis_options(const OmAnalysis *a)
{
  return &a->opts;
}
guint
om_analysis_n_series(const OmAnalysis *a)
{
  return a->series->len;
}

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

/* The published waves' strata up to until_year as rows of a design-based trend; FALSE when
 * a wave has no strata or a population is unknown (the binomial GLM is used then). */
static gboolean
trend_strata(const OmSeries *s, int until_year, GArray *years, GArray *strata)
{
  if (s->kind == OM_SCOPE_INSTELLING || s->strata == NULL || s->strata->len < s->points->len)
    return FALSE;
  for (guint i = 0; i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->year > until_year || !p->has_share)
      continue;
    const GArray *st = g_ptr_array_index(s->strata, i);
    if (!st || p->weighting != OM_WEIGHT_POPULATION)
      return FALSE;
    for (guint h = 0; h < st->len; h++) {
      double y = p->year;
      g_array_append_val(years, y);
    }
    g_array_append_vals(strata, st->data, st->len);
  }
  return TRUE;
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
                "%s published wave%s up to %d: a trend needs at least two", k == 0 ? "no" : "one",
                k == 1 ? "" : "s", until_year);
    return FALSE;
  }
  GArray *dy = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *ds = g_array_new(FALSE, FALSE, sizeof(OmStratum));
  gboolean ok = trend_strata(s, until_year, dy, ds)
                    ? om_trend_fit_design((double *)(void *)dy->data, (OmStratum *)(void *)ds->data,
                                          ds->len, &s->design, out, error)
                    : om_trend_fit(years, x, n, k, out, error);
  g_array_unref(dy);
  g_array_unref(ds);
  return ok;
}
