/* test-analysis.c — published results per scope unit (om_analysis_*, om_series_trend).
 *
 * Stores are built in a temporary directory through the public API with counts chosen
 * here (tests/data/stats/mini-v2.ini for parents: indicator 'single' on q1, a satisfied
 * respondent answers 4, another 2, a don't-know 9; tests/data/stats/inst-mini.ini for the
 * institutions' survey). Every estimate is checked against the estimate module called on
 * the strata the design prescribes (om_design_proportion, whose R survey reference values
 * are in test-estimate.c; om_proportion_ci for Wilson; om_diff_proportions; om_trend_fit);
 * counts, publication flags and messages are checked exactly.
 *
 * Municipality "Testdorp", min-n 10. Scenario A (two waves, all populations known):
 *   voorschool V1 (N 30), V2 (N 40), V3 (N 60); po P1 (200), P2 (150), P3 (12, only
 *   don't-knows); vo O1 (80, the only vo institution); mbo M1 (500, under min-n);
 *   zorg-welzijn Z1 (population unknown, no parents' respondents).
 */
#include "stats/analysis.h"
#include "store/store.h"
#include "input/survey.h"
#include "stats/tally.h"
#include "stats/targets.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define EPS 1e-12

/* For the tests that expose a defect: marks the test failed with a message and returns,
 * so that the tests after it still run (a failed g_assert would end the whole program). */
#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      g_test_message("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);                        \
      g_test_message(__VA_ARGS__);                                                                 \
      g_test_fail();                                                                               \
      goto done;                                                                                   \
    }                                                                                              \
  } while (0)

static char *
data_path(const char *name)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", "tests", "data", "stats", name, NULL);
}

static void
rm_dir(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
}

typedef struct {
  const char *code, *sector;
  gint64 population;
} Inst;

/* One institution's answers in a wave: x satisfied of n valid, dk don't know, blank. */
typedef struct {
  const char *code;
  guint x, n, dk, blank;
} Cell;

typedef struct {
  char *dir;
  OmStore *store;
  OmSurvey *survey;
  GArray *institutions;
  OmTally *tally;
} Fx;

static void
fx_open(Fx *f, const char *survey_file, const Inst *insts, guint n_insts)
{
  GError *e = NULL;
  f->dir = g_dir_make_tmp("om-test-analysis-XXXXXX", &e);
  g_assert_no_error(e);
  char *path = g_build_filename(f->dir, "store.db", NULL);
  f->store = om_store_open(path, OM_STORE_OPEN_OR_CREATE, &e);
  g_assert_no_error(e);
  g_free(path);
  char *sp = data_path(survey_file);
  f->survey = om_survey_new_from_file(sp, &e);
  g_assert_no_error(e);
  g_free(sp);
  for (guint i = 0; i < n_insts; i++) {
    OmInstitution in = { (char *)insts[i].code, (char *)insts[i].code, (char *)insts[i].sector,
                         (char *)"Testdorp",    insts[i].population,   NULL };
    g_assert_true(om_store_put_institution(f->store, &in, NULL, &e));
    g_assert_no_error(e);
  }
}

static void
fx_add_wave(Fx *f, int year, const Cell *cells, guint n_cells)
{
  GError *e = NULL;
  guint ni = om_survey_n_items(f->survey);
  gboolean yesno = strcmp(om_survey_group(f->survey), "instellingen") == 0;
  gint32 sat = yesno ? 1 : 4, other = yesno ? 0 : 2;
  char *sha = g_strdup_printf("%064d", year);
  g_assert_true(om_store_begin(f->store, &e));
  gint64 id = om_store_add_wave(f->store, f->survey, year, "test.csv", sha, &e);
  g_assert_no_error(e);
  g_assert_cmpint(id, >, 0);
  gint64 count = 0;
  gint32 *ans = g_new(gint32, ni);
  for (guint c = 0; c < n_cells; c++) {
    const Cell *cl = &cells[c];
    for (guint r = 0; r < cl->n + cl->dk + cl->blank; r++) {
      gint32 code = r < cl->x ? sat : r < cl->n ? other : r < cl->n + cl->dk ? 9 : OM_ANSWER_BLANK;
      for (guint i = 0; i < ni; i++)
        ans[i] = code;
      char *rid = g_strdup_printf("%d-%s-%u", year, cl->code, r);
      g_assert_true(om_store_add_respondent(f->store, id, rid, cl->code, ans, ni, &e));
      g_assert_no_error(e);
      g_free(rid);
      count++;
    }
  }
  g_assert_true(om_store_finish_wave(f->store, id, count, FALSE, &e));
  g_assert_true(om_store_commit(f->store, &e));
  g_assert_no_error(e);
  g_free(ans);
  g_free(sha);
}

static void
fx_ready(Fx *f)
{
  GError *e = NULL;
  f->institutions = om_store_institutions(f->store, &e);
  g_assert_no_error(e);
  f->tally = om_tally_new(f->store, om_survey_group(f->survey), &e);
  g_assert_no_error(e);
  g_assert_nonnull(f->tally);
}

static void
fx_close(Fx *f)
{
  om_tally_free(f->tally);
  if (f->institutions)
    g_array_unref(f->institutions);
  om_survey_free(f->survey);
  om_store_free(f->store);
  rm_dir(f->dir);
  g_free(f->dir);
  memset(f, 0, sizeof *f);
}

static OmAnalysis *
analyse(Fx *f, const char *indicator, const char *const *sectors, const OmAnalysisOptions *o)
{
  GError *e = NULL;
  OmAnalysis *a = om_analysis_new(f->tally, f->institutions, indicator, sectors, o, &e);
  g_assert_no_error(e);
  g_assert_nonnull(a);
  return a;
}

static const OmPoint *
point(const OmAnalysis *a, OmScopeKind kind, const char *id, guint wave)
{
  const OmSeries *s = om_analysis_find(a, kind, id);
  g_assert_nonnull(s);
  g_assert_cmpuint(wave, <, s->points->len);
  return &g_array_index(s->points, OmPoint, wave);
}

static OmDesignEstimate
design(const OmStratum *st, gsize k, OmCiMethod m)
{
  OmDesignEstimate d;
  GError *e = NULL;
  g_assert_true(om_design_proportion(st, k, 0.95, m, &d, &e));
  g_assert_no_error(e);
  return d;
}

static void
assert_design(const OmPoint *p, const OmDesignEstimate *d)
{
  g_assert_true(p->has_share);
  g_assert_true(p->design);
  g_assert_cmpint(p->publish, ==, OM_PUBLISH_OK);
  g_assert_cmpfloat_with_epsilon(p->estimate, d->estimate, EPS);
  g_assert_cmpfloat_with_epsilon(p->lower, d->lower, EPS);
  g_assert_cmpfloat_with_epsilon(p->upper, d->upper, EPS);
  g_assert_cmpfloat_with_epsilon(p->se, d->se, EPS);
  g_assert_cmpfloat(p->df, ==, d->df);
  g_assert_cmpint(p->method, ==, d->method);
  g_assert_cmpint(p->method_fallback, ==, d->method_fallback);
  g_assert_cmpint(p->weighting, ==, d->weighting);
}

static void
assert_withheld(const OmPoint *p, OmPublish why)
{
  g_assert_cmpint(p->publish, ==, why);
  g_assert_false(p->has_share);
  g_assert_false(p->has_mean);
  g_assert_false(p->has_change);
  g_assert_true(isnan(p->estimate));
  g_assert_true(isnan(p->lower));
  g_assert_true(isnan(p->upper));
}

/* ---------------------------------------------------------------- scenario A */

static const Inst insts_a[] = {
  { "V1", "voorschool", 30 }, { "V2", "voorschool", 40 }, { "V3", "voorschool", 60 },
  { "P1", "po", 200 },        { "P2", "po", 150 },        { "P3", "po", 12 },
  { "O1", "vo", 80 },         { "M1", "mbo", 500 },       { "Z1", "zorg-welzijn", -1 },
};
static const Cell wave_a2013[] = {
  { "V1", 5, 6, 0, 0 },   { "V2", 9, 11, 1, 0 }, { "V3", 21, 25, 0, 2 }, { "P1", 34, 40, 3, 1 },
  { "P2", 27, 30, 0, 0 }, { "P3", 0, 0, 2, 0 },  { "O1", 12, 15, 0, 0 }, { "M1", 6, 7, 0, 0 },
};
static const Cell wave_a2014[] = {
  { "V1", 11, 12, 0, 0 }, { "V2", 9, 10, 0, 0 },  { "V3", 18, 20, 0, 0 }, { "P1", 40, 44, 0, 0 },
  { "P2", 26, 28, 0, 0 }, { "O1", 14, 16, 0, 0 }, { "M1", 5, 5, 0, 0 },
};

static void
scenario_a(Fx *f)
{
  fx_open(f, "mini-v2.ini", insts_a, G_N_ELEMENTS(insts_a));
  fx_add_wave(f, 2013, wave_a2013, G_N_ELEMENTS(wave_a2013));
  fx_add_wave(f, 2014, wave_a2014, G_N_ELEMENTS(wave_a2014));
  fx_ready(f);
}

static void
test_series(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  g_assert_cmpstr(om_analysis_indicator(a)->id, ==, "single");
  g_assert_cmpuint(om_analysis_options(a)->min_n, ==, 10);
  g_assert_cmpfloat(om_analysis_options(a)->level, ==, 0.95);
  /* Municipality, the five sectors of the register, then its nine institutions. */
  static const char *const order[]
      = { "gemeente", "voorschool", "po", "vo", "mbo", "zorg-welzijn", "V1", "V2",
          "V3",       "P1",         "P2", "P3", "O1",  "M1",           "Z1" };
  g_assert_cmpuint(om_analysis_n_series(a), ==, G_N_ELEMENTS(order));
  for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
    const OmSeries *s = om_analysis_series(a, i);
    g_assert_cmpstr(s->id, ==, order[i]);
    g_assert_cmpuint(s->points->len, ==, 2);
    g_assert_cmpint(s->kind, ==,
                    i == 0  ? OM_SCOPE_GEMEENTE
                    : i < 6 ? OM_SCOPE_SECTOR
                            : OM_SCOPE_INSTELLING);
    g_assert_cmpint(g_array_index(s->points, OmPoint, 0).year, ==, 2013);
    g_assert_true(g_array_index(s->points, OmPoint, 0).baseline);
    g_assert_cmpint(g_array_index(s->points, OmPoint, 1).year, ==, 2014);
    g_assert_false(g_array_index(s->points, OmPoint, 1).baseline);
  }
  const OmSeries *g = om_analysis_series(a, 0);
  g_assert_cmpstr(g->name, ==, "Gemeente Testdorp");
  g_assert_null(g->sector);
  g_assert_cmpstr(om_analysis_find(a, OM_SCOPE_SECTOR, "po")->name, ==, "Primair onderwijs");
  g_assert_cmpstr(om_analysis_find(a, OM_SCOPE_INSTELLING, "P1")->sector, ==, "po");
  g_assert_null(om_analysis_find(a, OM_SCOPE_INSTELLING, "po"));
  g_assert_null(om_analysis_find(a, OM_SCOPE_SECTOR, "P1"));
  om_analysis_free(a);
  om_analysis_free(NULL);
  fx_close(&f);
}

static void
test_unknown_indicator(void)
{
  Fx f;
  scenario_a(&f);
  GError *e = NULL;
  g_assert_null(om_analysis_new(f.tally, f.institutions, "relatie", NULL, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
  g_assert_cmpstr(e->message, ==,
                  "indicator 'relatie' is not defined for ouders; expected one of: single, "
                  "comp, extra");
  g_error_free(e);
  fx_close(&f);
}

static void
test_counts(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  const OmPoint *p = point(a, OM_SCOPE_INSTELLING, "P1", 0);
  g_assert_cmpuint(p->n, ==, 40);
  g_assert_cmpuint(p->satisfied, ==, 34);
  g_assert_cmpuint(p->dont_know, ==, 3);
  g_assert_cmpuint(p->blank, ==, 1);
  g_assert_cmpuint(p->n_units, ==, 1);
  /* Only don't-knows: no valid answer, nothing to estimate, nothing withheld. */
  p = point(a, OM_SCOPE_INSTELLING, "P3", 0);
  g_assert_cmpuint(p->n, ==, 0);
  g_assert_cmpuint(p->dont_know, ==, 2);
  g_assert_false(p->has_share);
  g_assert_cmpint(p->publish, ==, OM_PUBLISH_OK);
  /* po adds P1, P2 and P3's don't-knows; P3 is no unit with answers. */
  p = point(a, OM_SCOPE_SECTOR, "po", 0);
  g_assert_cmpuint(p->n, ==, 70);
  g_assert_cmpuint(p->satisfied, ==, 61);
  g_assert_cmpuint(p->dont_know, ==, 5);
  g_assert_cmpuint(p->blank, ==, 1);
  g_assert_cmpuint(p->n_units, ==, 2);
  p = point(a, OM_SCOPE_SECTOR, "voorschool", 0);
  g_assert_cmpuint(p->n, ==, 42);
  g_assert_cmpuint(p->satisfied, ==, 35);
  g_assert_cmpuint(p->dont_know, ==, 1);
  g_assert_cmpuint(p->blank, ==, 2);
  g_assert_cmpuint(p->n_units, ==, 3);
  p = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  g_assert_cmpuint(p->n, ==, 134);
  g_assert_cmpuint(p->satisfied, ==, 114);
  g_assert_cmpuint(p->dont_know, ==, 6);
  g_assert_cmpuint(p->blank, ==, 3);
  g_assert_cmpuint(p->n_units, ==, 7);
  /* No parents' answers for zorg-welzijn. */
  p = point(a, OM_SCOPE_SECTOR, "zorg-welzijn", 0);
  g_assert_cmpuint(p->n + p->dont_know + p->blank, ==, 0);
  g_assert_false(p->has_share);
  p = point(a, OM_SCOPE_INSTELLING, "Z1", 1);
  g_assert_cmpuint(p->n, ==, 0);
  g_assert_false(p->has_share);
  om_analysis_free(a);
  fx_close(&f);
}

/* An institution with a known population: one stratum of the stratified design, with its
 * finite-population correction. */
static void
test_institution_design(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  OmStratum p1 = { 200, 40, 34 };
  OmDesignEstimate d = design(&p1, 1, OM_CI_LOGIT);
  const OmPoint *p = point(a, OM_SCOPE_INSTELLING, "P1", 0);
  assert_design(p, &d);
  g_assert_cmpfloat(p->df, ==, 39);
  g_assert_cmpint(p->weighting, ==, OM_WEIGHT_POPULATION);
  g_assert_cmpfloat_with_epsilon(p->estimate, 0.85, EPS);
  OmStratum v3 = { 60, 20, 18 };
  d = design(&v3, 1, OM_CI_LOGIT);
  assert_design(point(a, OM_SCOPE_INSTELLING, "V3", 1), &d);
  om_analysis_free(a);

  /* The Korn–Graubard method when asked for. */
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.design_method = OM_CI_BETA;
  a = analyse(&f, "single", NULL, &o);
  d = design(&p1, 1, OM_CI_BETA);
  p = point(a, OM_SCOPE_INSTELLING, "P1", 0);
  assert_design(p, &d);
  g_assert_cmpint(p->method, ==, OM_CI_BETA);
  om_analysis_free(a);
  fx_close(&f);
}

/* Sectors and the municipality: stratified by institution, each stratum its population. */
static void
test_sector_and_municipality(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  OmStratum vs[] = { { 30, 6, 5 }, { 40, 11, 9 }, { 60, 25, 21 } };
  OmDesignEstimate d = design(vs, 3, OM_CI_LOGIT);
  assert_design(point(a, OM_SCOPE_SECTOR, "voorschool", 0), &d);
  g_assert_cmpfloat(d.df, ==, 39); /* n - H = 42 - 3 */
  /* P3 (only don't-knows) is no stratum. */
  OmStratum ps[] = { { 200, 40, 34 }, { 150, 30, 27 } };
  d = design(ps, 2, OM_CI_LOGIT);
  assert_design(point(a, OM_SCOPE_SECTOR, "po", 0), &d);
  OmStratum all[] = { { 30, 6, 5 },    { 40, 11, 9 },  { 60, 25, 21 }, { 200, 40, 34 },
                      { 150, 30, 27 }, { 80, 15, 12 }, { 500, 7, 6 } };
  d = design(all, G_N_ELEMENTS(all), OM_CI_LOGIT);
  const OmPoint *g = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  assert_design(g, &d);
  g_assert_cmpfloat(g->df, ==, 134 - 7);
  g_assert_cmpint(g->weighting, ==, OM_WEIGHT_POPULATION);
  OmStratum all14[] = { { 30, 12, 11 },  { 40, 10, 9 },  { 60, 20, 18 }, { 200, 44, 40 },
                        { 150, 28, 26 }, { 80, 16, 14 }, { 500, 5, 5 } };
  d = design(all14, G_N_ELEMENTS(all14), OM_CI_LOGIT);
  assert_design(point(a, OM_SCOPE_GEMEENTE, "gemeente", 1), &d);
  om_analysis_free(a);

  /* Limited to two sectors: "the municipality" means their institutions only. */
  const char *const sectors[] = { "voorschool", "po", NULL };
  a = analyse(&f, "single", sectors, NULL);
  g_assert_cmpuint(om_analysis_n_series(a), ==, 1 + 2 + 6);
  g_assert_null(om_analysis_find(a, OM_SCOPE_SECTOR, "vo"));
  g_assert_null(om_analysis_find(a, OM_SCOPE_INSTELLING, "O1"));
  /* That partial total is never published for parents: the full municipality minus it
   * would give the left-out sectors (vo and mbo here, mbo under min-n). */
  g = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  g_assert_cmpint(g->publish, ==, OM_PUBLISH_COMPLEMENTARY);
  g_assert_false(g->has_share);
  g_assert_true(isnan(g->estimate));
  g_assert_cmpstr(om_analysis_find(a, OM_SCOPE_GEMEENTE, "gemeente")->name, ==,
                  "Gemeente Testdorp (voorschool, po)");
  g_assert_cmpuint(g->n, ==, 112);
  g_assert_cmpuint(g->satisfied, ==, 96);
  om_analysis_free(a);
  fx_close(&f);
}

static gboolean
same_double(double x, double y)
{
  return memcmp(&x, &y, sizeof x) == 0;
}

/* totals_only (a listing of sectors and the municipality): the totals and every
 * publication flag are what the full analysis gives, bit for bit; the institutions keep
 * their counts and flags but get no share, mean or change. */
static void
test_totals_only(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  OmAnalysis *full = analyse(&f, "single", NULL, &o);
  o.totals_only = TRUE;
  OmAnalysis *totals = analyse(&f, "single", NULL, &o);
  g_assert_cmpuint(om_analysis_n_series(full), ==, om_analysis_n_series(totals));
  guint institutions = 0;
  for (guint i = 0; i < om_analysis_n_series(full); i++) {
    const OmSeries *a = om_analysis_series(full, i), *b = om_analysis_series(totals, i);
    g_assert_cmpint(a->kind, ==, b->kind);
    g_assert_cmpstr(a->id, ==, b->id);
    for (guint w = 0; w < a->points->len; w++) {
      const OmPoint *p = &g_array_index(a->points, OmPoint, w);
      const OmPoint *q = &g_array_index(b->points, OmPoint, w);
      g_assert_cmpuint(p->n, ==, q->n);
      g_assert_cmpuint(p->satisfied, ==, q->satisfied);
      g_assert_cmpint(p->publish, ==, q->publish);
      if (a->kind == OM_SCOPE_INSTELLING) {
        institutions += p->has_share;
        g_assert_false(q->has_share);
        g_assert_false(q->has_mean);
        g_assert_false(q->has_change);
        continue;
      }
      g_assert_cmpint(p->has_share, ==, q->has_share);
      g_assert_true(same_double(p->estimate, q->estimate));
      g_assert_true(same_double(p->lower, q->lower));
      g_assert_true(same_double(p->upper, q->upper));
      g_assert_true(same_double(p->se, q->se));
      g_assert_true(same_double(p->df, q->df));
      g_assert_cmpint(p->has_mean, ==, q->has_mean);
      g_assert_true(same_double(p->mean.mean, q->mean.mean));
      g_assert_true(same_double(p->mean.upper, q->mean.upper));
      g_assert_cmpint(p->has_change, ==, q->has_change);
    }
  }
  g_assert_cmpuint(institutions, >, 0); /* the full analysis did estimate institutions */
  om_analysis_free(full);
  om_analysis_free(totals);
  fx_close(&f);
}

/* Mean on the answer scale and the report grade: 34 × 4 and 6 × 2 on 1–5. */
static void
test_mean(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  const OmPoint *p = point(a, OM_SCOPE_INSTELLING, "P1", 0);
  g_assert_true(p->has_mean);
  g_assert_cmpfloat_with_epsilon(p->mean.mean, 3.7, EPS);
  g_assert_cmpfloat_with_epsilon(p->mean.grade, 1 + 9 * (3.7 - 1) / 4, EPS);
  g_assert_cmpuint(p->mean.n, ==, 40);
  double values[] = { 4, 2 };
  guint64 counts[] = { 34, 6 };
  OmMeanEstimate m;
  GError *e = NULL;
  g_assert_true(om_mean_ci(values, counts, 2, 1, 5, 0.95, &m, &e));
  g_assert_no_error(e);
  g_assert_cmpfloat_with_epsilon(p->mean.sd, m.sd, EPS);
  g_assert_cmpfloat_with_epsilon(p->mean.lower, m.lower, EPS);
  g_assert_cmpfloat_with_epsilon(p->mean.upper, m.upper, EPS);
  om_analysis_free(a);
  fx_close(&f);
}

/* min-n: V1 (n = 6) is withheld; it is the only withheld voorschool with answers and the
 * voorschool total is published, so the next-smallest (V2, n = 11) is withheld too. */
static void
test_suppression_institutions(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  const OmPoint *v1 = point(a, OM_SCOPE_INSTELLING, "V1", 0);
  assert_withheld(v1, OM_PUBLISH_PRIMARY);
  g_assert_cmpuint(v1->n, ==, 6); /* the n stays */
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "V2", 0), OM_PUBLISH_COMPLEMENTARY);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "V3", 0)->has_share);
  g_assert_true(point(a, OM_SCOPE_SECTOR, "voorschool", 0)->has_share);
  /* 2014: V1 has 12 answers; every voorschool is published. */
  for (guint i = 0; i < 3; i++) {
    const OmPoint *p = point(a, OM_SCOPE_INSTELLING, insts_a[i].code, 1);
    g_assert_cmpint(p->publish, ==, OM_PUBLISH_OK);
    g_assert_true(p->has_share);
  }
  /* M1 under min-n in both waves; P3 has no valid answers and needs no protection. */
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "M1", 0), OM_PUBLISH_PRIMARY);
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "M1", 1), OM_PUBLISH_PRIMARY);
  g_assert_cmpint(point(a, OM_SCOPE_INSTELLING, "P3", 0)->publish, ==, OM_PUBLISH_OK);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "P1", 0)->has_share);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "P2", 0)->has_share);
  om_analysis_free(a);

  /* A lower min-n publishes V1 and V2. */
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.min_n = 6;
  a = analyse(&f, "single", NULL, &o);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "V1", 0)->has_share);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "V2", 0)->has_share);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "M1", 0)->has_share);
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "M1", 1), OM_PUBLISH_PRIMARY);
  om_analysis_free(a);
  fx_close(&f);
}

/* mbo (n = 7, then 5) is under min-n among the sectors of a published municipality: it is
 * withheld, and the next-smallest sector (vo, n = 15, then 16) with it. */
static void
test_suppression_sectors(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  for (guint w = 0; w < 2; w++) {
    assert_withheld(point(a, OM_SCOPE_SECTOR, "mbo", w), OM_PUBLISH_PRIMARY);
    assert_withheld(point(a, OM_SCOPE_SECTOR, "vo", w), OM_PUBLISH_COMPLEMENTARY);
    g_assert_true(point(a, OM_SCOPE_SECTOR, "voorschool", w)->has_share);
    g_assert_true(point(a, OM_SCOPE_SECTOR, "po", w)->has_share);
    g_assert_true(point(a, OM_SCOPE_GEMEENTE, "gemeente", w)->has_share);
    g_assert_cmpint(point(a, OM_SCOPE_SECTOR, "zorg-welzijn", w)->publish, ==, OM_PUBLISH_OK);
  }
  om_analysis_free(a);
  fx_close(&f);
}

/* vo is withheld only so that mbo cannot be recovered from the municipality's total. Its
 * only institution O1 has the same respondents: publishing O1 publishes vo (the same
 * counts, the same one-stratum estimate), and mbo follows by subtraction:
 * satisfied(gemeente) - voorschool - po - O1 = satisfied(M1). So O1 must be withheld too. */
static void
test_suppression_withheld_sector_not_recoverable(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  for (guint w = 0; w < 2; w++) {
    const OmPoint *vo = point(a, OM_SCOPE_SECTOR, "vo", w);
    g_assert_false(vo->has_share);
    /* Not every vo institution with answers may be published while vo is withheld. */
    const OmPoint *o1 = point(a, OM_SCOPE_INSTELLING, "O1", w);
    g_assert_cmpuint(o1->n, ==, vo->n);
    CHECK(!o1->has_share,
          "%d: vo is withheld, but its only institution O1 is published: %" G_GUINT64_FORMAT
          " of %" G_GUINT64_FORMAT " satisfied, share %g; mbo follows by subtraction",
          o1->year, o1->satisfied, o1->n, o1->estimate);
  }
done:
  om_analysis_free(a);
  fx_close(&f);
}

/* Two small schools in one published sector: each is under min-n, and the partner rule
 * alone (withhold one more when a single unit is withheld) would leave them as a pair,
 * whose joint count the sector minus the big schools gives: 7 parents, under min-n.
 * So withholding goes on until the withheld units together reach min-n. */
static const Inst insts_pair[] = {
  { "P1", "po", 200 },
  { "P2", "po", 200 },
  { "P3", "po", 20 },
  { "P4", "po", 20 },
};
static const Cell wave_pair[] = {
  { "P1", 26, 50, 0, 0 },
  { "P2", 28, 50, 0, 0 },
  { "P3", 1, 3, 0, 0 },
  { "P4", 0, 4, 0, 0 },
};

static void
test_suppression_small_pair(void)
{
  Fx f;
  fx_open(&f, "mini-v2.ini", insts_pair, G_N_ELEMENTS(insts_pair));
  fx_add_wave(&f, 2016, wave_pair, G_N_ELEMENTS(wave_pair));
  fx_ready(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  g_assert_cmpint(point(a, OM_SCOPE_INSTELLING, "P3", 0)->publish, ==, OM_PUBLISH_PRIMARY);
  g_assert_cmpint(point(a, OM_SCOPE_INSTELLING, "P4", 0)->publish, ==, OM_PUBLISH_PRIMARY);
  g_assert_true(point(a, OM_SCOPE_SECTOR, "po", 0)->has_share);
  guint64 withheld_n = 0;
  for (const char *const *c = (const char *const[]){ "P1", "P2", "P3", "P4", NULL }; *c; c++) {
    const OmPoint *p = point(a, OM_SCOPE_INSTELLING, *c, 0);
    if (!p->has_share)
      withheld_n += p->n;
  }
  /* P1 (the next-smallest big school) joins them: 57 answers withheld together. */
  g_assert_cmpint(point(a, OM_SCOPE_INSTELLING, "P1", 0)->publish, ==, OM_PUBLISH_COMPLEMENTARY);
  g_assert_true(point(a, OM_SCOPE_INSTELLING, "P2", 0)->has_share);
  g_assert_cmpuint(withheld_n, ==, 57);
  om_analysis_free(a);
  fx_close(&f);
}

/* Change since the baseline: Newcombe on the raw counts of both waves, only where both
 * are published. */
static void
test_change(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  OmDiff d;
  GError *e = NULL;
  /* The municipality is population-weighted: its change is the difference of the two
   * weighted shares, normal interval from the design standard errors. */
  const OmPoint *g = point(a, OM_SCOPE_GEMEENTE, "gemeente", 1);
  const OmPoint *g0 = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  g_assert_true(g->has_change);
  g_assert_true(g->change_design);
  double se = sqrt(g->se * g->se + g0->se * g0->se);
  g_assert_cmpfloat_with_epsilon(g->change.diff, g->estimate - g0->estimate, EPS);
  /* …cut to what a change from the baseline's share can be, [-b, 1 - b] (issue 8). */
  g_assert_cmpfloat_with_epsilon(
      g->change.lower, MAX(g->change.diff - 1.959963984540054 * se, -g0->estimate), 1e-12);
  g_assert_cmpfloat_with_epsilon(
      g->change.upper, MIN(g->change.diff + 1.959963984540054 * se, 1 - g0->estimate), 1e-12);
  g_assert_cmpfloat(g->change.upper, <=, 1 - g0->estimate);
  g_assert_cmpfloat_with_epsilon(g->change.p_value, erfc(fabs(g->change.diff / se) / sqrt(2.0)),
                                 1e-12);
  g_assert_false(g->change.fisher_used);
  const OmPoint *v3 = point(a, OM_SCOPE_INSTELLING, "V3", 1);
  g_assert_true(v3->has_change);
  g_assert_false(v3->change_design);
  g_assert_true(om_diff_proportions(18, 20, 21, 25, 0.95, &d, &e));
  g_assert_cmpfloat(v3->change.diff, ==, d.diff);
  g_assert_cmpfloat(v3->change.lower, ==, d.lower);
  g_assert_cmpfloat(v3->change.upper, ==, d.upper);
  g_assert_cmpfloat(v3->change.p_value, ==, d.p_value);
  /* No change at the baseline itself, nor against a withheld baseline. */
  g_assert_false(point(a, OM_SCOPE_GEMEENTE, "gemeente", 0)->has_change);
  g_assert_false(point(a, OM_SCOPE_INSTELLING, "V1", 1)->has_change);
  g_assert_false(point(a, OM_SCOPE_INSTELLING, "V2", 1)->has_change);
  om_analysis_free(a);
  fx_close(&f);
}

static void
assert_trend_refused(const OmSeries *s, int until, const char *message)
{
  OmTrend t;
  memset(&t, 0x5a, sizeof t);
  OmTrend before = t;
  GError *e = NULL;
  g_assert_false(om_series_trend(s, until, &t, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NUMERIC);
  g_assert_cmpstr(e->message, ==, message);
  g_error_free(e);
  g_assert_true(memcmp(&t, &before, sizeof t) == 0);
}

static void
test_trend(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  const OmSeries *g = om_analysis_find(a, OM_SCOPE_GEMEENTE, "gemeente");
  OmTrend t, ref;
  GError *e = NULL;
  g_assert_true(om_series_trend(g, 2014, &t, &e));
  g_assert_no_error(e);
  /* The municipality's trend is fitted on its stratified design, strata = wave x
   * institution, with the population weights of its shares (om_trend_fit_design, whose
   * R svyglm values are in test-estimate.c), not on the raw counts. */
  const double years[]
      = { 2013, 2013, 2013, 2013, 2013, 2013, 2013, 2014, 2014, 2014, 2014, 2014, 2014, 2014 };
  const OmStratum strata[]
      = { { 30, 6, 5 },    { 40, 11, 9 },   { 60, 25, 21 }, { 200, 40, 34 }, { 150, 30, 27 },
          { 80, 15, 12 },  { 500, 7, 6 },   { 30, 12, 11 }, { 40, 10, 9 },   { 60, 20, 18 },
          { 200, 44, 40 }, { 150, 28, 26 }, { 80, 16, 14 }, { 500, 5, 5 } };
  OmDesignOptions o = OM_DESIGN_OPTIONS_INIT;
  g_assert_true(om_trend_fit_design(years, strata, G_N_ELEMENTS(strata), &o, &ref, &e));
  g_assert_true(t.design);
  g_assert_cmpfloat(t.slope, ==, ref.slope);
  g_assert_cmpfloat(t.intercept, ==, ref.intercept);
  g_assert_cmpfloat(t.se_slope, ==, ref.se_slope);
  g_assert_cmpfloat(t.cov, ==, ref.cov);
  g_assert_cmpuint(t.k, ==, 2);
  g_assert_cmpfloat(t.year_center, ==, 2013.5);
  /* an institution keeps the binomial GLM: P1 40/44 in 2014 over 34/40 in 2013 */
  const double y2[] = { 2013, 2014 };
  const guint64 x[] = { 34, 40 }, n[] = { 40, 44 };
  g_assert_true(om_trend_fit(y2, x, n, 2, &ref, &e));
  g_assert_true(om_series_trend(om_analysis_find(a, OM_SCOPE_INSTELLING, "P1"), 2014, &t, &e));
  g_assert_false(t.design);
  g_assert_cmpfloat(t.slope, ==, ref.slope);
  g_assert_cmpfloat(t.se_slope, ==, ref.se_slope);

  /* V1: 2013 withheld, 2014 published. M1: withheld in both. P1 until 2013: one wave. */
  assert_trend_refused(om_analysis_find(a, OM_SCOPE_INSTELLING, "V1"), 2014,
                       "one published wave up to 2014: a trend needs at least two");
  assert_trend_refused(om_analysis_find(a, OM_SCOPE_INSTELLING, "M1"), 2014,
                       "no published waves up to 2014: a trend needs at least two");
  assert_trend_refused(om_analysis_find(a, OM_SCOPE_INSTELLING, "P1"), 2013,
                       "one published wave up to 2013: a trend needs at least two");
  assert_trend_refused(g, 2012, "no published waves up to 2012: a trend needs at least two");
  om_analysis_free(a);
  fx_close(&f);
}

/* ---------------------------------------------------------------- scenario B */

/* U1 has no known population: one binomial proportion (Wilson by default); U2 has one;
 * U3 is a census of its ten parents, all satisfied. */
static const Inst insts_b[] = { { "U1", "po", -1 }, { "U2", "po", 100 }, { "U3", "vo", 10 } };
static const Cell wave_b[]
    = { { "U1", 15, 20, 0, 0 }, { "U2", 24, 30, 0, 0 }, { "U3", 10, 10, 0, 0 } };

static void
test_unknown_population(void)
{
  Fx f;
  fx_open(&f, "mini-v2.ini", insts_b, G_N_ELEMENTS(insts_b));
  fx_add_wave(&f, 2016, wave_b, G_N_ELEMENTS(wave_b));
  fx_ready(&f);
  OmAnalysis *a = analyse(&f, "single", NULL, NULL);
  OmInterval iv;
  GError *e = NULL;
  g_assert_true(om_proportion_ci(15, 20, 0.95, OM_CI_WILSON, &iv, &e));
  const OmPoint *p = point(a, OM_SCOPE_INSTELLING, "U1", 0);
  g_assert_true(p->has_share);
  g_assert_false(p->design);
  g_assert_cmpint(p->method, ==, OM_CI_WILSON);
  g_assert_cmpint(p->weighting, ==, OM_WEIGHT_RESPONDENT);
  g_assert_cmpfloat(p->estimate, ==, 0.75);
  g_assert_cmpfloat(p->lower, ==, iv.lower);
  g_assert_cmpfloat(p->upper, ==, iv.upper);
  /* statsmodels 0.13.5 proportion_confint(15, 20, 0.05, "wilson") */
  g_assert_cmpfloat_with_epsilon(p->lower, 0.5312991223812559, 1e-9);
  g_assert_cmpfloat_with_epsilon(p->upper, 0.8881382985923344, 1e-9);

  OmStratum u2 = { 100, 30, 24 };
  OmDesignEstimate d = design(&u2, 1, OM_CI_LOGIT);
  p = point(a, OM_SCOPE_INSTELLING, "U2", 0);
  assert_design(p, &d);
  g_assert_cmpint(p->weighting, ==, OM_WEIGHT_POPULATION);

  /* The sector with an unknown population: respondent weighting, as the estimate module
   * does it over both strata. */
  OmStratum po[] = { { -1, 20, 15 }, { 100, 30, 24 } };
  d = design(po, 2, OM_CI_LOGIT);
  g_assert_cmpint(d.weighting, ==, OM_WEIGHT_RESPONDENT);
  assert_design(point(a, OM_SCOPE_SECTOR, "po", 0), &d);

  /* A census of all-satisfied parents: the share is known exactly. */
  p = point(a, OM_SCOPE_INSTELLING, "U3", 0);
  g_assert_true(p->has_share);
  g_assert_true(p->design);
  g_assert_cmpfloat(p->estimate, ==, 1);
  g_assert_cmpfloat(p->lower, ==, 1);
  g_assert_cmpfloat(p->upper, ==, 1);
  g_assert_cmpfloat(p->se, ==, 0);
  g_assert_cmpint(p->method, ==, OM_CI_LOGIT);
  g_assert_false(p->method_fallback);
  g_assert_true(p->census);
  /* ...and a target evaluated on it says so ("volledige telling"). */
  OmTarget tg = { "t",  "single", "ouders", 0.9,  2016,           { FALSE, FALSE, TRUE },
                  NULL, "t",      NULL,     NULL, OM_GROUP_OUDERS };
  OmTargetResult tr;
  om_target_evaluate(&tg, om_analysis_find(a, OM_SCOPE_INSTELLING, "U3"), 2016, 0.95, &tr);
  g_assert_cmpint(tr.status, ==, OM_STATUS_ATTAINED);
  g_assert_cmpint(tr.note_kind, ==, OM_NOTE_CENSUS);
  char *note = om_target_note(&tg, &tr, OM_LANG_NL);
  g_assert_cmpstr(note, ==, "volledige telling: het aandeel is exact");
  g_free(note);
  om_target_result_clear(&tr);
  /* One wave: it is the baseline, there is no change. */
  g_assert_false(point(a, OM_SCOPE_GEMEENTE, "gemeente", 0)->has_change);
  om_analysis_free(a);

  /* Another one-proportion method when asked for. */
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.method = OM_CI_EXACT;
  a = analyse(&f, "single", NULL, &o);
  g_assert_true(om_proportion_ci(15, 20, 0.95, OM_CI_EXACT, &iv, &e));
  p = point(a, OM_SCOPE_INSTELLING, "U1", 0);
  g_assert_cmpint(p->method, ==, OM_CI_EXACT);
  g_assert_cmpfloat(p->lower, ==, iv.lower);
  g_assert_cmpfloat(p->upper, ==, iv.upper);
  om_analysis_free(a);
  fx_close(&f);
}

/* A school where a single parent answered is a group under min-n like any other: it must
 * be withheld, not make the whole analysis fail (with a known population its one-stratum
 * design has no degrees of freedom for an interval, but that interval is never shown). */
static void
test_single_respondent(void)
{
  static const Inst insts[] = { { "S1", "po", 200 }, { "S2", "po", 100 }, { "S3", "vo", 300 } };
  static const Cell cells[]
      = { { "S1", 1, 1, 0, 0 }, { "S2", 24, 30, 0, 0 }, { "S3", 40, 50, 0, 0 } };
  Fx f;
  fx_open(&f, "mini-v2.ini", insts, G_N_ELEMENTS(insts));
  fx_add_wave(&f, 2016, cells, G_N_ELEMENTS(cells));
  fx_ready(&f);
  GError *e = NULL;
  OmAnalysis *a = om_analysis_new(f.tally, f.institutions, "single", NULL, NULL, &e);
  CHECK(a != NULL, "om_analysis_new failed: %s", e ? e->message : "(no error)");
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "S1", 0), OM_PUBLISH_PRIMARY);
  assert_withheld(point(a, OM_SCOPE_INSTELLING, "S2", 0), OM_PUBLISH_COMPLEMENTARY);
  g_assert_true(point(a, OM_SCOPE_SECTOR, "po", 0)->has_share);
done:
  g_clear_error(&e);
  om_analysis_free(a);
  fx_close(&f);
}

/* The design options reach every design-based estimate: the municipality of scenario A in
 * 2013 under fpc = no, lonely = remove, df = inf and method = asin equals om_design_estimate
 * with those options on the same strata (whose R survey values are in test-estimate.c),
 * and the stored strata are those strata. */
static void
test_design_options(void)
{
  Fx f;
  scenario_a(&f);
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.fpc = FALSE;
  o.lonely = OM_LONELY_REMOVE;
  o.df = OM_DF_INF;
  o.design_method = OM_CI_ASIN;
  OmAnalysis *a = analyse(&f, "single", NULL, &o);
  OmDesignOptions dopt = om_analysis_design_options(&o);
  g_assert_cmpint(dopt.method, ==, OM_CI_ASIN);
  g_assert_false(dopt.fpc);
  g_assert_cmpint(dopt.lonely, ==, OM_LONELY_REMOVE);
  g_assert_cmpint(dopt.df, ==, OM_DF_INF);
  OmStratum all[] = { { 30, 6, 5 },    { 40, 11, 9 },  { 60, 25, 21 }, { 200, 40, 34 },
                      { 150, 30, 27 }, { 80, 15, 12 }, { 500, 7, 6 } };
  OmDesignEstimate d;
  GError *e = NULL;
  g_assert_true(om_design_estimate(all, G_N_ELEMENTS(all), &dopt, &d, &e));
  const OmSeries *gs = om_analysis_find(a, OM_SCOPE_GEMEENTE, "gemeente");
  const OmPoint *g = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  assert_design(g, &d);
  g_assert_true(isinf(g->df));
  g_assert_cmpfloat_with_epsilon(g->deff, d.deff, EPS);
  g_assert_false(g->census);
  const GArray *st = g_ptr_array_index(gs->strata, 0);
  g_assert_nonnull(st);
  g_assert_cmpuint(st->len, ==, G_N_ELEMENTS(all));
  for (guint i = 0; i < st->len; i++) {
    g_assert_cmpfloat(g_array_index(st, OmStratum, i).population, ==, all[i].population);
    g_assert_cmpuint(g_array_index(st, OmStratum, i).n, ==, all[i].n);
    g_assert_cmpuint(g_array_index(st, OmStratum, i).x, ==, all[i].x);
  }
  /* an institution's design: one stratum with the same options */
  OmStratum p1 = { 200, 40, 34 };
  g_assert_true(om_design_estimate(&p1, 1, &dopt, &d, &e));
  assert_design(point(a, OM_SCOPE_INSTELLING, "P1", 0), &d);
  g_assert_null(g_ptr_array_index(om_analysis_find(a, OM_SCOPE_INSTELLING, "P1")->strata, 0));
  om_analysis_free(a);
  fx_close(&f);
}

/* lonely = fail refuses a sector with a single-respondent school instead of hiding it. */
static void
test_lonely_fail(void)
{
  static const Inst insts[] = { { "S1", "po", 200 }, { "S2", "po", 100 }, { "S3", "po", 300 } };
  static const Cell cells[]
      = { { "S1", 1, 1, 0, 0 }, { "S2", 24, 30, 0, 0 }, { "S3", 40, 50, 0, 0 } };
  Fx f;
  fx_open(&f, "mini-v2.ini", insts, G_N_ELEMENTS(insts));
  fx_add_wave(&f, 2016, cells, G_N_ELEMENTS(cells));
  fx_ready(&f);
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.lonely = OM_LONELY_FAIL;
  GError *e = NULL;
  OmAnalysis *a = om_analysis_new(f.tally, f.institutions, "single", NULL, &o, &e);
  g_assert_null(a);
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  g_assert_nonnull(strstr(e->message, "single respondent"));
  g_clear_error(&e);
  o.lonely = OM_LONELY_ADJUST;
  a = analyse(&f, "single", NULL, &o);
  g_assert_cmpuint(point(a, OM_SCOPE_SECTOR, "po", 0)->n_lonely, ==, 1);
  om_analysis_free(a);
  fx_close(&f);
}

/* A register population below the answers received is an error naming the institution,
 * not a silent switch to another estimator. */
static void
test_population_below_n(void)
{
  static const Inst insts[] = { { "S1", "po", 20 }, { "S2", "po", 100 } };
  static const Cell cells[] = { { "S1", 20, 25, 0, 0 }, { "S2", 24, 30, 0, 0 } };
  Fx f;
  fx_open(&f, "mini-v2.ini", insts, G_N_ELEMENTS(insts));
  fx_add_wave(&f, 2016, cells, G_N_ELEMENTS(cells));
  fx_ready(&f);
  GError *e = NULL;
  OmAnalysis *a = om_analysis_new(f.tally, f.institutions, "single", NULL, NULL, &e);
  g_assert_null(a);
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  g_assert_nonnull(strstr(e->message, "institution S1"));
  g_assert_nonnull(strstr(e->message, "populatie 20 but 25 valid answers in 2016"));
  g_clear_error(&e);
  fx_close(&f);
}

/* ---------------------------------------------------------------- institutions' survey */

static const Inst insts_c[] = { { "I1", "po", -1 }, { "I2", "po", -1 }, { "I3", "po", -1 },
                                { "J1", "vo", -1 }, { "J2", "vo", -1 }, { "J3", "vo", -1 } };

static void
scenario_c(Fx *f, const Cell *cells, guint n)
{
  fx_open(f, "inst-mini.ini", insts_c, G_N_ELEMENTS(insts_c));
  fx_add_wave(f, 2014, cells, n);
  fx_ready(f);
}

static void
assert_exact(const OmPoint *p, double share)
{
  g_assert_true(p->has_share);
  g_assert_cmpfloat(p->estimate, ==, share);
  g_assert_cmpfloat(p->lower, ==, share);
  g_assert_cmpfloat(p->upper, ==, share);
  g_assert_cmpfloat(p->se, ==, 0);
}

/* Every po institution answered yes: a census, estimate 1 with zero width, published
 * although n = 3 < min-n (institutions are not persons). Two of three vo institutions
 * answered yes: the third is unknown, so the interval must leave room below 1. */
static void
test_institutions_census(void)
{
  static const Cell cells[] = { { "I1", 1, 1, 0, 0 },
                                { "I2", 1, 1, 0, 0 },
                                { "I3", 1, 1, 0, 0 },
                                { "J1", 1, 1, 0, 0 },
                                { "J2", 1, 1, 0, 0 } };
  Fx f;
  scenario_c(&f, cells, G_N_ELEMENTS(cells));
  OmAnalysis *a = analyse(&f, "plan", NULL, NULL);
  const OmPoint *po = point(a, OM_SCOPE_SECTOR, "po", 0);
  assert_exact(po, 1);
  g_assert_cmpuint(po->n, ==, 3);
  g_assert_cmpint(po->publish, ==, OM_PUBLISH_OK);
  assert_exact(point(a, OM_SCOPE_INSTELLING, "I1", 0), 1);

  /* vo: N = 3 registered, n = 2, both yes: the register's share lies in [2/3, 3/3]
   * whatever J3 would say (census bounds, no model). */
  const OmPoint *p = point(a, OM_SCOPE_SECTOR, "vo", 0);
  g_assert_true(p->census_bounds);
  g_assert_false(p->census);
  g_assert_cmpfloat(p->estimate, ==, 1);
  g_assert_cmpfloat(p->lower, ==, 2.0 / 3);
  g_assert_cmpfloat(p->upper, ==, 1);
  g_assert_cmpuint(p->population, ==, 3);
  g_assert_true(isnan(p->se));

  /* The municipality: N = 6 registered, n = 5 all yes: [5/6, 1]. */
  p = point(a, OM_SCOPE_GEMEENTE, "gemeente", 0);
  g_assert_true(p->census_bounds);
  g_assert_cmpfloat(p->lower, ==, 5.0 / 6);
  g_assert_cmpfloat(p->upper, ==, 1);
  g_assert_cmpuint(p->n_units, ==, 5);
  /* po: a full census (3 of 3), exact */
  g_assert_true(po->census);
  /* J3 did not answer. */
  g_assert_false(point(a, OM_SCOPE_INSTELLING, "J3", 0)->has_share);
  om_analysis_free(a);

  /* An institution answering for itself stays exact without fpc (a census of one), and
   * the bounds do not depend on fpc either. */
  OmAnalysisOptions o = OM_ANALYSIS_OPTIONS_INIT;
  o.fpc = FALSE;
  a = analyse(&f, "plan", NULL, &o);
  assert_exact(point(a, OM_SCOPE_INSTELLING, "I1", 0), 1);
  g_assert_cmpfloat(point(a, OM_SCOPE_GEMEENTE, "gemeente", 0)->lower, ==, 5.0 / 6);
  om_analysis_free(a);

  /* Only po in scope: N = 3, all answered yes: the municipality is a census too. */
  const char *const only_po[] = { "po", NULL };
  a = analyse(&f, "plan", only_po, NULL);
  g_assert_cmpuint(om_analysis_n_series(a), ==, 1 + 1 + 3);
  assert_exact(point(a, OM_SCOPE_GEMEENTE, "gemeente", 0), 1);
  om_analysis_free(a);
  fx_close(&f);
}

/* A census with one "no" is known exactly too; a don't-know is not an answer. */
static void
test_institutions_no_and_dont_know(void)
{
  static const Cell cells[] = { { "I1", 1, 1, 0, 0 }, { "I2", 0, 1, 0, 0 }, { "I3", 1, 1, 0, 0 },
                                { "J1", 1, 1, 0, 0 }, { "J2", 1, 1, 0, 0 }, { "J3", 0, 0, 1, 0 } };
  Fx f;
  scenario_c(&f, cells, G_N_ELEMENTS(cells));
  OmAnalysis *a = analyse(&f, "plan", NULL, NULL);
  assert_exact(point(a, OM_SCOPE_SECTOR, "po", 0), 2.0 / 3.0);
  assert_exact(point(a, OM_SCOPE_INSTELLING, "I2", 0), 0);
  const OmPoint *vo = point(a, OM_SCOPE_SECTOR, "vo", 0);
  g_assert_cmpuint(vo->n, ==, 2);
  g_assert_cmpuint(vo->dont_know, ==, 1);
  /* J3's don't-know leaves it missing: 2 yes of 2 answering, 3 registered: [2/3, 1] */
  g_assert_cmpfloat(vo->lower, ==, 2.0 / 3);
  g_assert_cmpfloat(vo->upper, ==, 1);
  om_analysis_free(a);
  fx_close(&f);
}

/* One institution of a sector answered: the sector's share has no interval from the
 * design (n = 1), but a status must still follow; the analysis must not fail as a whole. */
static void
test_institutions_one_answer(void)
{
  static const Cell cells[]
      = { { "I1", 1, 1, 0, 0 }, { "I2", 1, 1, 0, 0 }, { "I3", 1, 1, 0, 0 }, { "J1", 1, 1, 0, 0 } };
  Fx f;
  scenario_c(&f, cells, G_N_ELEMENTS(cells));
  GError *e = NULL;
  OmAnalysis *a = om_analysis_new(f.tally, f.institutions, "plan", NULL, NULL, &e);
  CHECK(a != NULL, "om_analysis_new failed: %s", e ? e->message : "(no error)");
  assert_exact(point(a, OM_SCOPE_SECTOR, "po", 0), 1);
  const OmPoint *vo = point(a, OM_SCOPE_SECTOR, "vo", 0);
  g_assert_cmpuint(vo->n, ==, 1);
  /* Whatever interval is given, it cannot claim that all vo institutions are done. */
  g_assert_false(vo->has_share && vo->lower >= 1);
  /* 1 yes of 1 answering, 3 registered: [1/3, 1] */
  g_assert_cmpfloat(vo->lower, ==, 1.0 / 3);
  g_assert_cmpfloat(vo->upper, ==, 1);
done:
  g_clear_error(&e);
  om_analysis_free(a);
  fx_close(&f);
}

static void
test_scope_keys(void)
{
  g_assert_cmpstr(om_scope_kind_key(OM_SCOPE_GEMEENTE), ==, "gemeente");
  g_assert_cmpstr(om_scope_kind_key(OM_SCOPE_SECTOR), ==, "sector");
  g_assert_cmpstr(om_scope_kind_key(OM_SCOPE_INSTELLING), ==, "instelling");
  OmScopeKind k = OM_SCOPE_GEMEENTE;
  g_assert_true(om_scope_kind_from_string("instelling", &k));
  g_assert_cmpint(k, ==, OM_SCOPE_INSTELLING);
  g_assert_true(om_scope_kind_from_string("sector", &k));
  g_assert_cmpint(k, ==, OM_SCOPE_SECTOR);
  g_assert_false(om_scope_kind_from_string("wijk", &k));
  g_assert_false(om_scope_kind_from_string(NULL, &k));
  g_assert_cmpint(k, ==, OM_SCOPE_SECTOR);
}

int
main(int argc, char **argv)
{
  /* Keep going after a failed test (meson runs us with --tap only): the defects a test
   * exposes should not hide the results of the tests after it. */
  char **args = g_new0(char *, argc + 2);
  for (int i = 0; i < argc; i++)
    args[i] = argv[i];
  args[argc++] = (char *)"--keep-going";
  argv = args;
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analysis/scope-keys", test_scope_keys);
  g_test_add_func("/analysis/series", test_series);
  g_test_add_func("/analysis/unknown-indicator", test_unknown_indicator);
  g_test_add_func("/analysis/counts", test_counts);
  g_test_add_func("/analysis/institution-design", test_institution_design);
  g_test_add_func("/analysis/sector-and-municipality", test_sector_and_municipality);
  g_test_add_func("/analysis/mean", test_mean);
  g_test_add_func("/analysis/totals-only", test_totals_only);
  g_test_add_func("/analysis/unknown-population", test_unknown_population);
  g_test_add_func("/analysis/suppression/institutions", test_suppression_institutions);
  g_test_add_func("/analysis/suppression/sectors", test_suppression_sectors);
  g_test_add_func("/analysis/suppression/small-pair", test_suppression_small_pair);
  g_test_add_func("/analysis/suppression/withheld-sector-not-recoverable",
                  test_suppression_withheld_sector_not_recoverable);
  g_test_add_func("/analysis/suppression/single-respondent", test_single_respondent);
  g_test_add_func("/analysis/design-options", test_design_options);
  g_test_add_func("/analysis/lonely-fail", test_lonely_fail);
  g_test_add_func("/analysis/population-below-n", test_population_below_n);
  g_test_add_func("/analysis/change", test_change);
  g_test_add_func("/analysis/trend", test_trend);
  g_test_add_func("/analysis/institutions/census", test_institutions_census);
  g_test_add_func("/analysis/institutions/no-and-dont-know", test_institutions_no_and_dont_know);
  g_test_add_func("/analysis/institutions/one-answer", test_institutions_one_answer);
  int status = g_test_run();
  g_free(args);
  return status;
}
