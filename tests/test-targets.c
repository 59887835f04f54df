/* test-targets.c — target definitions and their evaluation (om_targets_*, om_target_*).
 *
 * Loading: surveys/targets.ini field by field, and the broken files of tests/data/stats/
 * with their exact messages. Evaluation: hand-built series (OmSeries/OmPoint values chosen
 * here) for every status, on and around the boundaries of the rule in design.md section 4
 * (attained iff lower >= threshold, not attained iff upper < threshold, else undecided;
 * before the deadline the same on the trend's projection). Projections are compared with
 * om_trend_fit + om_trend_project on the same counts. Sentences: exact Dutch and English.
 */
#include "stats/targets.h"

#include <math.h>
#include <string.h>

static char *
src_path(const char *rel)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", rel, NULL);
}

/* ---------------------------------------------------------------- loading */

static void
assert_scopes(const OmTarget *t, gboolean gem, gboolean sec, gboolean inst)
{
  g_assert_cmpint(t->scopes[OM_SCOPE_GEMEENTE], ==, gem);
  g_assert_cmpint(t->scopes[OM_SCOPE_SECTOR], ==, sec);
  g_assert_cmpint(t->scopes[OM_SCOPE_INSTELLING], ==, inst);
}

static void
assert_target(const OmTarget *t, const char *id, const char *indicator, const char *group,
              double threshold, int deadline)
{
  g_assert_nonnull(t);
  g_assert_cmpstr(t->id, ==, id);
  g_assert_cmpstr(t->indicator, ==, indicator);
  g_assert_cmpstr(t->group, ==, group);
  g_assert_cmpfloat(t->threshold, ==, threshold);
  g_assert_cmpint(t->deadline, ==, deadline);
}

static void
assert_sectors(const OmTarget *t, const char *const *want)
{
  if (!want) {
    g_assert_null(t->sectors);
    return;
  }
  g_assert_nonnull(t->sectors);
  g_assert_cmpuint(g_strv_length(t->sectors), ==, g_strv_length((char **)want));
  for (guint i = 0; want[i]; i++)
    g_assert_cmpstr(t->sectors[i], ==, want[i]);
}

static void
test_load_targets_ini(void)
{
  char *path = src_path("surveys/targets.ini");
  GError *e = NULL;
  OmTargetSet *set = om_targets_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_nonnull(set);
  g_assert_cmpuint(om_targets_size(set), ==, 6);

  const OmTarget *t = om_targets_get(set, 0);
  assert_target(t, "relatie-2016", "relatie", "ouders", 0.90, 2016);
  assert_scopes(t, TRUE, TRUE, TRUE);
  assert_sectors(t, NULL);
  g_assert_cmpstr(t->text, ==,
                  "In 2016 is minimaal 90% van de ouders tevreden over de relatie met de school.");

  t = om_targets_get(set, 1);
  assert_target(t, "ondersteuning-2015", "ondersteuning", "ouders", 0.90, 2015);
  assert_scopes(t, TRUE, TRUE, TRUE);
  assert_sectors(t, NULL);
  g_assert_cmpstr(t->text, ==,
                  "In 2015 vindt minimaal 90% van de ouders dat de school in voldoende mate "
                  "onderwijsondersteunend gedrag van ouders ondersteunt.");

  t = om_targets_get(set, 2);
  assert_target(t, "opvoeding-2016", "opvoeding", "ouders", 0.90, 2016);
  assert_scopes(t, TRUE, TRUE, TRUE);
  assert_sectors(t, NULL);
  g_assert_cmpstr(t->text, ==,
                  "In 2016 vindt minimaal 90% van de ouders dat door of via de school voldoende "
                  "opvoedingsondersteuning wordt geboden.");

  t = om_targets_get(set, 3);
  assert_target(t, "partnerschap-2014", "partnerschap", "instellingen", 1.0, 2014);
  assert_scopes(t, TRUE, TRUE, FALSE);
  assert_sectors(t, NULL);
  g_assert_true(g_str_has_prefix(t->text, "In 2014 voeren alle scholen en zorg- en "
                                          "welzijnsinstellingen structureel"));

  t = om_targets_get(set, 4);
  assert_target(t, "llo-2015", "llo", "instellingen", 1.0, 2015);
  assert_scopes(t, TRUE, TRUE, FALSE);
  static const char *const llo[] = { "voorschool", "po", "vo", "mbo", NULL };
  assert_sectors(t, llo);
  g_assert_cmpstr(t->text, ==,
                  "In 2015 voldoen alle scholen en voorschoolse instellingen in onze gemeente aan "
                  "de door het LLO geformuleerde criteria.");

  t = om_targets_get(set, 5);
  assert_target(t, "vve-2016", "vve-ouderbeleid", "instellingen", 1.0, 2016);
  assert_scopes(t, TRUE, TRUE, FALSE);
  static const char *const vve[] = { "voorschool", "po", NULL };
  assert_sectors(t, vve);
  g_assert_true(g_str_has_prefix(t->text, "De gehele voorschoolse opvang"));

  om_targets_free(set);
  om_targets_free(NULL);
  g_free(path);
}

static void
test_load_minimal(void)
{
  char *path = src_path("tests/data/stats/targets-minimal.ini");
  GError *e = NULL;
  OmTargetSet *set = om_targets_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_targets_size(set), ==, 1);
  const OmTarget *t = om_targets_get(set, 0);
  assert_target(t, "netwerk-2018", "netwerk", "ouders", 0.75, 2018);
  assert_scopes(t, FALSE, TRUE, TRUE);
  static const char *const sectors[] = { "vo", "mbo", NULL };
  assert_sectors(t, sectors);
  g_assert_cmpstr(t->text, ==, "netwerk-2018");
  om_targets_free(set);
  g_free(path);
}

/* A broken file: NULL, OM_ERROR_DEFINITION, "PATH: [GROUP]: what; expected". */
static void
assert_broken(const char *file, int line, const char *group_and_message)
{
  char *rel = g_build_filename("tests/data/stats", file, NULL);
  char *path = src_path(rel);
  GError *e = NULL;
  g_assert_null(om_targets_new_from_file(path, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  char *want = line ? g_strdup_printf("%s:%d: %s", path, line, group_and_message)
                    : g_strdup_printf("%s: %s", path, group_and_message);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_error_free(e);
  g_free(path);
  g_free(rel);
}

static void
test_load_broken(void)
{
  assert_broken("targets-threshold.ini", 5,
                "[target:relatie-2016]: 'threshold' must be a share above 0 and at most 1, "
                "such as 0.90");
  assert_broken("targets-scope.ini", 7,
                "[target:relatie-2016]: scope 'wijk' is not gemeente, sector or instelling");
  char *sector = g_strdup_printf(
      "[target:llo-2015]: sector 'hbo' is not in the sector vocabulary %s/surveys/sectoren.ini; "
      "expected one of voorschool, kinderopvang, po, ikc, so, vo, vso, mbo, zorg-welzijn",
      g_getenv("OM_SOURCE_ROOT"));
  assert_broken("targets-sector.ini", 8, sector);
  g_free(sector);
  assert_broken("targets-key.ini", 6,
                "[target:relatie-2016]: unknown key 'deadlne'; expected indicator, group, "
                "threshold, deadline, scopes, sectors, text, text-en or gemeente");
  assert_broken("targets-group.ini", 2,
                "[doel:relatie-2016]: unknown group; expected [target:NAME]");
  assert_broken("targets-empty.ini", 0, "no [target:NAME] groups");
  /* GKeyFile would merge these silently, the last value winning. */
  assert_broken("targets-duplicate.ini", 6,
                "key 'threshold' in [target:relatie-2016] is given twice (first on line 5)");
  assert_broken("targets-empty-sectors.ini", 8,
                "[target:relatie-2016]: 'sectors' is empty; list sectors, or leave the key out "
                "for all");
}

static void
test_load_missing_file(void)
{
  GError *e = NULL;
  g_assert_null(om_targets_new_from_file("/nonexistent/targets.ini", &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_true(g_str_has_prefix(e->message, "/nonexistent/targets.ini: "));
  g_error_free(e);
}

/* ---------------------------------------------------------------- statuses */

static void
test_status_keys(void)
{
  static const char *const keys[] = { "attained",   "not-attained", "undecided", "on-course",
                                      "off-course", "uncertain",    "too-few",   "no-data" };
  static const char *const nl[]
      = { "behaald",   "niet behaald", "onbeslist",         "op koers",
          "uit koers", "onzeker",      "te weinig respons", "geen gegevens" };
  static const char *const en[] = { "attained",   "not attained", "undecided",         "on course",
                                    "off course", "uncertain",    "too few responses", "no data" };
  G_STATIC_ASSERT(G_N_ELEMENTS(keys) == OM_STATUS_N);
  for (int s = 0; s < OM_STATUS_N; s++) {
    g_assert_cmpstr(om_target_status_key((OmTargetStatus)s), ==, keys[s]);
    g_assert_cmpstr(om_target_status_label((OmTargetStatus)s, OM_LANG_NL), ==, nl[s]);
    g_assert_cmpstr(om_target_status_label((OmTargetStatus)s, OM_LANG_EN), ==, en[s]);
    OmTargetStatus back = OM_STATUS_N;
    g_assert_true(om_target_status_from_key(keys[s], &back));
    g_assert_cmpint(back, ==, s);
  }
  OmTargetStatus out = OM_STATUS_UNCERTAIN;
  g_assert_false(om_target_status_from_key("behaald", &out));
  g_assert_false(om_target_status_from_key("Attained", &out));
  g_assert_false(om_target_status_from_key("not attained", &out));
  g_assert_false(om_target_status_from_key("", &out));
  g_assert_false(om_target_status_from_key(NULL, &out));
  g_assert_cmpint(out, ==, OM_STATUS_UNCERTAIN);
  g_assert_cmpstr(om_target_status_key(OM_STATUS_N), ==, "");
  g_assert_cmpstr(om_target_status_label(OM_STATUS_N, OM_LANG_NL), ==, "");
}

/* ---------------------------------------------------------------- evaluation */

static OmTarget
target(double threshold, int deadline)
{
  OmTarget t = { .id = (char *)"relatie-2016",
                 .indicator = (char *)"relatie",
                 .group = (char *)"ouders",
                 .threshold = threshold,
                 .deadline = deadline,
                 .scopes = { TRUE, TRUE, TRUE },
                 .sectors = NULL,
                 .text = (char *)"In 2016 is minimaal 90% van de ouders tevreden." };
  return t;
}

/* A published point with a share and interval (x of n for the trend). */
static OmPoint
pub(int year, guint64 x, guint64 n, double est, double lo, double hi)
{
  OmPoint p = { 0 };
  p.year = year;
  p.n = n;
  p.satisfied = x;
  p.publish = OM_PUBLISH_OK;
  p.has_share = TRUE;
  p.estimate = est;
  p.lower = lo;
  p.upper = hi;
  p.se = p.df = NAN;
  return p;
}

/* A published point whose share is x/n, its interval Wilson as om_proportion_ci gives. */
static OmPoint
pub_counts(int year, guint64 x, guint64 n)
{
  OmInterval iv;
  GError *e = NULL;
  g_assert_true(om_proportion_ci(x, n, 0.95, OM_CI_WILSON, &iv, &e));
  return pub(year, x, n, iv.estimate, iv.lower, iv.upper);
}

static OmPoint
withheld(int year, guint64 n, OmPublish why)
{
  OmPoint p = { 0 };
  p.year = year;
  p.n = n;
  p.publish = why;
  p.estimate = p.lower = p.upper = p.se = p.df = NAN;
  return p;
}

static OmPoint
empty(int year)
{
  OmPoint p = { 0 };
  p.year = year;
  p.publish = OM_PUBLISH_OK;
  p.estimate = p.lower = p.upper = p.se = p.df = NAN;
  return p;
}

static OmSeries *
series(const OmPoint *points, guint n)
{
  OmSeries *s = g_new0(OmSeries, 1);
  s->kind = OM_SCOPE_GEMEENTE;
  s->id = g_strdup("gemeente");
  s->name = g_strdup("Gemeente Testdorp");
  s->points = g_array_sized_new(FALSE, TRUE, sizeof(OmPoint), n);
  g_array_append_vals(s->points, points, n);
  return s;
}

static void
series_free(OmSeries *s)
{
  g_free(s->id);
  g_free(s->name);
  g_array_unref(s->points);
  g_free(s);
}

static const OmPoint *
pt(const OmSeries *s, guint i)
{
  return &g_array_index(s->points, OmPoint, i);
}

/* Evaluates and checks status, year used, the point and the note. */
static void
check_eval(const OmTarget *t, const OmPoint *points, guint n, int eval_year, OmTargetStatus status,
           int year_used, int point_index, gboolean measured, gboolean meets, const char *note)
{
  OmSeries *s = series(points, n);
  OmTargetResult r;
  om_target_evaluate(t, s, eval_year, 0.95, &r);
  g_assert_cmpstr(om_target_status_key(r.status), ==, om_target_status_key(status));
  g_assert_cmpint(r.year_used, ==, year_used);
  if (point_index < 0)
    g_assert_null(r.point);
  else
    g_assert_true(r.point == pt(s, (guint)point_index));
  g_assert_cmpint(r.measured, ==, measured);
  g_assert_cmpint(r.meets, ==, meets);
  g_assert_cmpstr(r.note, ==, note);
  if (measured) {
    g_assert_false(r.has_projection);
    g_assert_true(isnan(r.projection.estimate));
  }
  om_target_result_clear(&r);
  g_assert_null(r.note);
  om_target_result_clear(NULL);
  series_free(s);
}

static void
test_eval_measured(void)
{
  OmTarget t = target(0.90, 2016);
  /* attained / not attained / undecided (estimate short of the norm, and meeting it) */
  OmPoint a[] = { pub(2015, 90, 100, 0.80, 0.70, 0.85), pub(2016, 90, 100, 0.925, 0.905, 0.941) };
  check_eval(&t, a, 2, 2016, OM_STATUS_ATTAINED, 2016, 1, TRUE, TRUE, NULL);
  OmPoint b[] = { pub(2016, 90, 100, 0.85, 0.82, 0.88) };
  check_eval(&t, b, 1, 2016, OM_STATUS_NOT_ATTAINED, 2016, 0, TRUE, FALSE, NULL);
  OmPoint c[] = { pub(2016, 90, 100, 0.89, 0.87, 0.91) };
  check_eval(&t, c, 1, 2016, OM_STATUS_UNDECIDED, 2016, 0, TRUE, FALSE, NULL);
  OmPoint d[] = { pub(2016, 90, 100, 0.91, 0.88, 0.93) };
  check_eval(&t, d, 1, 2016, OM_STATUS_UNDECIDED, 2016, 0, TRUE, TRUE, NULL);
  /* On the boundaries: lower = norm is attained; upper = norm is not "below" it. */
  OmPoint e[] = { pub(2016, 90, 100, 0.95, 0.90, 0.97) };
  check_eval(&t, e, 1, 2016, OM_STATUS_ATTAINED, 2016, 0, TRUE, TRUE, NULL);
  OmPoint f[] = { pub(2016, 90, 100, 0.87, 0.84, 0.90) };
  check_eval(&t, f, 1, 2016, OM_STATUS_UNDECIDED, 2016, 0, TRUE, FALSE, NULL);
  OmPoint g[] = { pub(2016, 90, 100, 0.87, 0.84, 0.8999) };
  check_eval(&t, g, 1, 2016, OM_STATUS_NOT_ATTAINED, 2016, 0, TRUE, FALSE, NULL);
  OmPoint h[] = { pub(2016, 90, 100, 0.95, 0.8999, 0.97) };
  check_eval(&t, h, 1, 2016, OM_STATUS_UNDECIDED, 2016, 0, TRUE, TRUE, NULL);
  /* Evaluated after the deadline: the deadline's own wave counts, not a later one. */
  OmPoint k[] = { pub(2016, 90, 100, 0.85, 0.82, 0.88), pub(2017, 90, 100, 0.95, 0.93, 0.97) };
  check_eval(&t, k, 2, 2018, OM_STATUS_NOT_ATTAINED, 2016, 0, TRUE, FALSE, NULL);
}

/* "All institutions": a census of all-yes has lower = upper = 1 and reaches a norm of 100%,
 * also when rounding leaves the bound a hair under 1. */
static void
test_eval_census(void)
{
  OmTarget t = target(1.0, 2014);
  OmPoint a[] = { pub(2014, 6, 6, 1, 1, 1) };
  check_eval(&t, a, 1, 2014, OM_STATUS_ATTAINED, 2014, 0, TRUE, TRUE, NULL);
  OmPoint b[] = { pub(2014, 6, 6, 1, 1 - 1e-15, 1) };
  check_eval(&t, b, 1, 2014, OM_STATUS_ATTAINED, 2014, 0, TRUE, TRUE, NULL);
  /* One institution missing: all-yes but not shown. */
  OmPoint c[] = { pub(2014, 6, 6, 1, 0.5407418735600995, 1) };
  check_eval(&t, c, 1, 2014, OM_STATUS_UNDECIDED, 2014, 0, TRUE, TRUE, NULL);
  /* A census with one "no": 2/3 exactly. */
  OmPoint d[] = { pub(2014, 2, 3, 2.0 / 3, 2.0 / 3, 2.0 / 3) };
  check_eval(&t, d, 1, 2014, OM_STATUS_NOT_ATTAINED, 2014, 0, TRUE, FALSE, NULL);
}

static void
test_eval_note_later_wave(void)
{
  /* No wave in the deadline year: the first wave after it tells, and the note says so. */
  OmTarget t = target(0.90, 2015);
  OmPoint a[] = { pub(2014, 90, 100, 0.95, 0.93, 0.97), pub(2016, 90, 100, 0.85, 0.82, 0.88) };
  check_eval(&t, a, 2, 2016, OM_STATUS_NOT_ATTAINED, 2016, 1, TRUE, FALSE,
             "no wave in 2015; measured in 2016");
  OmPoint b[] = { pub(2013, 90, 100, 0.95, 0.93, 0.97), pub(2017, 90, 100, 0.95, 0.92, 0.97) };
  check_eval(&t, b, 2, 2017, OM_STATUS_ATTAINED, 2017, 1, TRUE, TRUE,
             "no wave in 2015; measured in 2017");
  /* The later wave is after the evaluation year: nothing measures the target yet. */
  check_eval(&t, b, 2, 2016, OM_STATUS_NO_DATA, 0, -1, TRUE, FALSE, NULL);
}

static void
test_eval_too_few(void)
{
  OmTarget t = target(0.90, 2016);
  OmPoint a[] = { pub(2015, 90, 100, 0.95, 0.93, 0.97), withheld(2016, 7, OM_PUBLISH_PRIMARY) };
  check_eval(&t, a, 2, 2016, OM_STATUS_TOO_FEW, 2016, 1, TRUE, FALSE, NULL);
  OmPoint b[] = { withheld(2016, 11, OM_PUBLISH_COMPLEMENTARY) };
  check_eval(&t, b, 1, 2016, OM_STATUS_TOO_FEW, 2016, 0, TRUE, FALSE, NULL);
  /* Before the deadline: the newest wave is withheld. */
  OmPoint c[] = { pub(2013, 90, 100, 0.95, 0.93, 0.97), pub(2014, 90, 100, 0.95, 0.93, 0.97),
                  withheld(2015, 4, OM_PUBLISH_PRIMARY) };
  check_eval(&t, c, 3, 2015, OM_STATUS_TOO_FEW, 2015, 2, FALSE, FALSE, NULL);
}

static void
test_eval_no_data(void)
{
  OmTarget t = target(0.90, 2016);
  /* Respondents, but no valid answer. */
  OmPoint a[] = { empty(2016) };
  check_eval(&t, a, 1, 2016, OM_STATUS_NO_DATA, 2016, 0, TRUE, FALSE, NULL);
  /* No wave at all up to the evaluation year. */
  OmPoint b[] = { pub(2014, 90, 100, 0.95, 0.93, 0.97) };
  check_eval(&t, b, 1, 2013, OM_STATUS_NO_DATA, 0, -1, FALSE, FALSE, NULL);
  check_eval(&t, b, 0, 2016, OM_STATUS_NO_DATA, 0, -1, TRUE, FALSE, NULL);
}

/* Before the deadline: the trend (binomial GLM on the published waves up to the evaluation
 * year) projected to the deadline; the status follows from the projection's interval. */
static void
check_projection(const OmPoint *points, guint n, int eval_year, OmTargetStatus status,
                 int last_index)
{
  OmTarget t = target(0.90, 2016);
  OmSeries *s = series(points, n);
  OmTargetResult r;
  om_target_evaluate(&t, s, eval_year, 0.95, &r);
  /* The same fit by hand. */
  double years[8];
  guint64 x[8], nn[8];
  gsize k = 0;
  for (guint i = 0; i < n; i++)
    if (points[i].year <= eval_year && points[i].has_share) {
      years[k] = points[i].year;
      x[k] = points[i].satisfied;
      nn[k] = points[i].n;
      k++;
    }
  OmTrend tr;
  GError *e = NULL;
  g_assert_true(om_trend_fit(years, x, nn, k, &tr, &e));
  g_assert_no_error(e);
  OmInterval want;
  om_trend_project(&tr, 2016, 0.95, &want);

  g_assert_cmpstr(om_target_status_key(r.status), ==, om_target_status_key(status));
  g_assert_false(r.measured);
  g_assert_true(r.has_projection);
  g_assert_cmpfloat(r.projection.estimate, ==, want.estimate);
  g_assert_cmpfloat(r.projection.lower, ==, want.lower);
  g_assert_cmpfloat(r.projection.upper, ==, want.upper);
  g_assert_true(r.point == pt(s, (guint)last_index));
  g_assert_cmpint(r.year_used, ==, points[last_index].year);
  g_assert_cmpint(r.meets, ==, points[last_index].estimate >= 0.90);
  g_assert_null(r.note);
  /* The rule, on the projection's interval. */
  OmTargetStatus by_rule = want.lower >= 0.90  ? OM_STATUS_ON_COURSE
                           : want.upper < 0.90 ? OM_STATUS_OFF_COURSE
                                               : OM_STATUS_UNCERTAIN;
  g_assert_cmpint(r.status, ==, by_rule);
  om_target_result_clear(&r);
  series_free(s);
}

static void
test_eval_projection(void)
{
  /* 85%, 90%, 95% of 200: rising fast, at 2016 well above 90%. */
  OmPoint on[]
      = { pub_counts(2012, 170, 200), pub_counts(2013, 180, 200), pub_counts(2014, 190, 200) };
  check_projection(on, 3, 2014, OM_STATUS_ON_COURSE, 2);
  /* 70%, 71%, 72% of 200: far below. */
  OmPoint off[]
      = { pub_counts(2012, 140, 200), pub_counts(2013, 142, 200), pub_counts(2014, 144, 200) };
  check_projection(off, 3, 2014, OM_STATUS_OFF_COURSE, 2);
  /* 8 of 10, 9 of 10: anything is possible. */
  OmPoint unc[] = { pub_counts(2013, 8, 10), pub_counts(2014, 9, 10) };
  check_projection(unc, 2, 2014, OM_STATUS_UNCERTAIN, 1);
  /* Waves after the evaluation year are ignored; a withheld wave is left out of the fit. */
  OmPoint later[] = { pub_counts(2012, 140, 200), withheld(2013, 6, OM_PUBLISH_PRIMARY),
                      pub_counts(2014, 144, 200), pub_counts(2015, 199, 200) };
  check_projection(later, 4, 2014, OM_STATUS_OFF_COURSE, 2);
}

/* One published wave: no trend; a share already at the norm is on course, otherwise the
 * data cannot tell. The note gives the reason. */
static void
test_eval_projection_one_wave(void)
{
  OmTarget t = target(0.90, 2016);
  OmPoint a[] = { pub(2014, 90, 100, 0.95, 0.92, 0.97) };
  check_eval(&t, a, 1, 2014, OM_STATUS_ON_COURSE, 2014, 0, FALSE, TRUE,
             "one published wave up to 2014: a trend needs at least two");
  OmPoint b[] = { pub(2014, 90, 100, 0.85, 0.80, 0.89) };
  check_eval(&t, b, 1, 2015, OM_STATUS_UNCERTAIN, 2014, 0, FALSE, FALSE,
             "one published wave up to 2015: a trend needs at least two");
  OmPoint c[] = { withheld(2013, 5, OM_PUBLISH_PRIMARY), pub(2014, 90, 100, 0.85, 0.80, 0.89) };
  check_eval(&t, c, 2, 2014, OM_STATUS_UNCERTAIN, 2014, 1, FALSE, FALSE,
             "one published wave up to 2014: a trend needs at least two");
}

/* ---------------------------------------------------------------- sentences */

static void
check_sentence(const OmTarget *t, const OmTargetResult *r, const char *subject, OmLang lang,
               const char *want)
{
  char *s = om_target_sentence(t, r, subject, 0.95, lang);
  g_assert_cmpstr(s, ==, want);
  g_free(s);
}

static void
test_sentences(void)
{
  OmTarget t = target(0.90, 2016);
  OmPoint p = pub(2016, 1142, 1234, 0.925, 0.905, 0.941);
  OmTargetResult r = {
    .status = OM_STATUS_ATTAINED, .year_used = 2016, .point = &p, .measured = TRUE, .meets = TRUE
  };
  check_sentence(&t, &r, "van de ouders", OM_LANG_NL,
                 "In 2016: 92,5% van de ouders (95%-BI 90,5%–94,1%; n = 1.234); het doel van "
                 "90% in 2016 is behaald: ook de ondergrens ligt op of boven 90%.");
  check_sentence(&t, &r, "of parents", OM_LANG_EN,
                 "In 2016: 92.5% of parents (95% CI 90.5%–94.1%; n = 1,234); the target of 90% "
                 "by 2016 is attained: even the lower bound reaches 90%.");

  p = pub(2016, 425, 500, 0.85, 0.82, 0.88);
  r.status = OM_STATUS_NOT_ATTAINED;
  r.meets = FALSE;
  check_sentence(&t, &r, "van de ouders", OM_LANG_NL,
                 "In 2016: 85,0% van de ouders (95%-BI 82,0%–88,0%; n = 500); het doel van 90% "
                 "in 2016 is niet behaald: ook de bovengrens ligt onder 90%.");
  check_sentence(&t, &r, "of parents", OM_LANG_EN,
                 "In 2016: 85.0% of parents (95% CI 82.0%–88.0%; n = 500); the target of 90% by "
                 "2016 is not attained: even the upper bound is below 90%.");

  p = pub(2016, 267, 300, 0.89, 0.87, 0.91);
  r.status = OM_STATUS_UNDECIDED;
  check_sentence(&t, &r, "van de ouders", OM_LANG_NL,
                 "In 2016: 89,0% van de ouders (95%-BI 87,0%–91,0%; n = 300); of het doel van "
                 "90% in 2016 is behaald, is niet aangetoond: het interval omvat 90% (de "
                 "schatting haalt het doel niet).");
  r.meets = TRUE;
  p.estimate = 0.91;
  check_sentence(&t, &r, "of parents", OM_LANG_EN,
                 "In 2016: 91.0% of parents (95% CI 87.0%–91.0%; n = 300); whether the target "
                 "of 90% by 2016 is attained is not shown: the interval contains 90% (the "
                 "estimate meets it).");

  OmPoint w = withheld(2016, 7, OM_PUBLISH_PRIMARY);
  OmTargetResult tf
      = { .status = OM_STATUS_TOO_FEW, .year_used = 2016, .point = &w, .measured = TRUE };
  check_sentence(&t, &tf, "van de ouders", OM_LANG_NL,
                 "Te weinig respons in 2016 (n=7) om een percentage te publiceren.");
  check_sentence(&t, &tf, "of parents", OM_LANG_EN,
                 "Too few responses in 2016 (n=7) to publish a share.");

  OmTargetResult nd = { .status = OM_STATUS_NO_DATA, .measured = TRUE };
  check_sentence(&t, &nd, "van de ouders", OM_LANG_NL,
                 "Geen gegevens van de ouders voor dit doel (90% in 2016).");
  check_sentence(&t, &nd, "of parents", OM_LANG_EN,
                 "No data of parents for this target (90% by 2016).");

  OmTarget all = target(1.0, 2014);
  OmPoint c = pub(2014, 6, 6, 1, 1, 1);
  OmTargetResult cr = {
    .status = OM_STATUS_ATTAINED, .year_used = 2014, .point = &c, .measured = TRUE, .meets = TRUE
  };
  check_sentence(&all, &cr, "van de instellingen", OM_LANG_NL,
                 "In 2014: 100,0% van de instellingen (95%-BI 100,0%–100,0%; n = 6); het doel "
                 "van 100% in 2014 is behaald: ook de ondergrens ligt op of boven 100%.");

  /* Before the deadline, with a projection. */
  OmPoint q = pub(2014, 728, 800, 0.91, 0.89, 0.93);
  OmTargetResult pr = { .status = OM_STATUS_ON_COURSE,
                        .year_used = 2014,
                        .point = &q,
                        .meets = TRUE,
                        .has_projection = TRUE,
                        .projection = { 0.952, 0.921, 0.971 } };
  check_sentence(&t, &pr, "van de ouders", OM_LANG_NL,
                 "In 2014: 91,0% van de ouders (95%-BI 89,0%–93,0%; n = 800); de trend komt in "
                 "2016 uit op 95,2% (92,1%–97,1%): op koers voor het doel van 90%.");
  check_sentence(&t, &pr, "of parents", OM_LANG_EN,
                 "In 2014: 91.0% of parents (95% CI 89.0%–93.0%; n = 800); the trend reaches "
                 "95.2% by 2016 (92.1%–97.1%): on course for the target of 90%.");
  pr.status = OM_STATUS_OFF_COURSE;
  pr.projection = (OmInterval){ 0.801, 0.75, 0.843 };
  check_sentence(&t, &pr, "of parents", OM_LANG_EN,
                 "In 2014: 91.0% of parents (95% CI 89.0%–93.0%; n = 800); the trend reaches "
                 "80.1% by 2016 (75.0%–84.3%): off course for the target of 90%.");
}

/* A Dutch sentence is Dutch throughout: the reason why there is no trend (the note, which
 * om_target_evaluate takes from the English GError of om_series_trend) must not appear
 * in English inside it. The report prints these sentences on every institution page. */
static void
test_sentence_dutch_note(void)
{
  OmTarget t = target(0.90, 2016);
  OmPoint a[] = { pub(2014, 85, 100, 0.85, 0.80, 0.89) };
  OmSeries *s = series(a, 1);
  OmTargetResult r;
  om_target_evaluate(&t, s, 2014, 0.95, &r);
  g_assert_cmpint(r.status, ==, OM_STATUS_UNCERTAIN);
  char *nl = om_target_sentence(&t, &r, "van de ouders", 0.95, OM_LANG_NL);
  g_assert_true(g_str_has_prefix(nl, "In 2014: 85,0% van de ouders (95%-BI 80,0%–89,0%; n = "
                                     "100); onzeker voor het doel van 90% in 2016"));
  if (strstr(nl, "published wave") || strstr(nl, "trend needs")) {
    g_test_message("English inside a Dutch sentence: %s", nl);
    g_test_fail();
  }
  g_free(nl);
  om_target_result_clear(&r);
  series_free(s);
}

int
main(int argc, char **argv)
{
  /* Keep going after a failed test (meson runs us with --tap only). */
  char **args = g_new0(char *, argc + 2);
  for (int i = 0; i < argc; i++)
    args[i] = argv[i];
  args[argc++] = (char *)"--keep-going";
  argv = args;
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/targets/load/targets-ini", test_load_targets_ini);
  g_test_add_func("/targets/load/minimal", test_load_minimal);
  g_test_add_func("/targets/load/broken", test_load_broken);
  g_test_add_func("/targets/load/missing-file", test_load_missing_file);
  g_test_add_func("/targets/status-keys", test_status_keys);
  g_test_add_func("/targets/evaluate/measured", test_eval_measured);
  g_test_add_func("/targets/evaluate/census", test_eval_census);
  g_test_add_func("/targets/evaluate/later-wave-note", test_eval_note_later_wave);
  g_test_add_func("/targets/evaluate/too-few", test_eval_too_few);
  g_test_add_func("/targets/evaluate/no-data", test_eval_no_data);
  g_test_add_func("/targets/evaluate/projection", test_eval_projection);
  g_test_add_func("/targets/evaluate/projection-one-wave", test_eval_projection_one_wave);
  g_test_add_func("/targets/sentence/exact", test_sentences);
  g_test_add_func("/targets/sentence/dutch-note", test_sentence_dutch_note);
  int status = g_test_run();
  g_free(args);
  return status;
}
