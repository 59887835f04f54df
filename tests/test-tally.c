/* test-tally.c — counts per wave, indicator and institution (om_tally_*).
 *
 * A store is built in a temporary directory through the public API: the register with
 * om_store_put_institution, a 2015 wave imported from tests/data/stats/tally-2015.csv with
 * the newest definition (tests/data/stats/mini-v2.ini: 4 and 5 satisfied, indicator
 * 'extra') and a 2014 wave added afterwards with om_store_add_wave/om_store_add_respondent
 * under the older definition (mini-v1.ini: only 5 satisfied, no 'extra'). Every count below
 * was worked out by hand from the answers written here; the comment beside each respondent
 * says how it counts.
 */
#include "import/import.h"
#include "store/store.h"
#include "input/survey.h"
#include "stats/tally.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#define B OM_ANSWER_BLANK

static char *
data_path(const char *name)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", "tests", "data", "stats", name, NULL);
}

static OmSurvey *
load_survey(const char *name)
{
  char *p = data_path(name);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file(p, &e);
  g_assert_no_error(e);
  g_assert_nonnull(s);
  g_free(p);
  return s;
}

typedef struct {
  char *dir;
  char *path;
  OmStore *store;
  OmSurvey *v1, *v2;
} Fx;

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

static void
put(OmStore *st, const char *code, const char *sector, gint64 population)
{
  OmInstitution in
      = { (char *)code, (char *)code, (char *)sector, (char *)"Testdorp", population, NULL };
  GError *e = NULL;
  g_assert_true(om_store_put_institution(st, &in, NULL, &e));
  g_assert_no_error(e);
}

typedef struct {
  const char *id, *inst;
  gint32 q[3];
} Resp;

static gint64
add_wave(OmStore *st, const OmSurvey *s, int year, const Resp *r, guint n)
{
  GError *e = NULL;
  char *sha = g_strdup_printf("%064d", year);
  g_assert_true(om_store_begin(st, &e));
  gint64 id = om_store_add_wave(st, s, year, "manual.csv", sha, &e);
  g_assert_no_error(e);
  g_assert_cmpint(id, >, 0);
  for (guint i = 0; i < n; i++) {
    g_assert_true(om_store_add_respondent(st, id, r[i].id, r[i].inst, r[i].q, 3, &e));
    g_assert_no_error(e);
  }
  g_assert_true(om_store_finish_wave(st, id, n, FALSE, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  g_free(sha);
  return id;
}

/* The 2014 wave, classified with mini-v1.ini (satisfied = 5 only). */
static const Resp wave2014[] = {
  { "r1", "A1", { 5, 5, 5 } }, /* single: satisfied;           comp: mean 5, satisfied */
  { "r2", "A1", { 4, 4, 4 } }, /* single: valid, not satisfied; comp: mean 4 >= 3.5, satisfied */
  { "r3",
    "A1",
    { 9, B, 3 } }, /* single: don't know;           comp: 1 valid < 2, a 9: don't know */
  { "r4", "A1", { B, B, B } }, /* single: blank;                comp: blank */
  { "r5", "A1", { 2, 9, 9 } }, /* single: valid, not satisfied; comp: 1 valid, 9s: don't know */
  { "r6", "B1", { 3, 4, B } }, /* single: valid;                comp: mean 3.5 exactly: satisfied */
  { "r7", "B1", { 3, 3, 4 } }, /* single: valid;                comp: mean 10/3: not satisfied */
  { "r8", "B1", { 4, 3, 4 } }, /* single: valid (v1);           comp: mean 11/3: satisfied */
};

static void
fx_setup(Fx *f, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  f->dir = g_dir_make_tmp("om-test-tally-XXXXXX", &e);
  g_assert_no_error(e);
  f->path = g_build_filename(f->dir, "store.db", NULL);
  f->store = om_store_open(f->path, OM_STORE_OPEN_OR_CREATE, &e);
  g_assert_no_error(e);
  g_assert_nonnull(f->store);
  f->v1 = load_survey("mini-v1.ini");
  f->v2 = load_survey("mini-v2.ini");
  put(f->store, "A1", "po", 50);
  put(f->store, "A2", "po", 40);
  put(f->store, "B1", "vo", 100);

  /* The newest wave first, imported from a CSV (codes and labels, ';', a name column). */
  char *csv = data_path("tally-2015.csv");
  OmImportOptions o = { .year = 2015, .skip_rows = -1 };
  OmImportReport *rep = om_import_report_new();
  gboolean ok = om_import_file(f->store, f->v2, csv, &o, rep, &e);
  for (guint i = 0; i < rep->problems->len; i++)
    g_test_message("%s", (char *)g_ptr_array_index(rep->problems, i));
  g_assert_no_error(e);
  g_assert_true(ok);
  g_assert_cmpuint(rep->respondents, ==, 6);
  om_import_report_free(rep);
  g_free(csv);

  /* Then the older wave under its own, older definition. */
  add_wave(f->store, f->v1, 2014, wave2014, G_N_ELEMENTS(wave2014));
}

/* The counts tally_counts handed out, freed with the fixture. */
static GPtrArray *kept;

static void
counts_free(gpointer p)
{
  om_counts_clear(p);
  g_free(p);
}

/* The tally's counts with the values their score ids stand for (om_tally_score_values),
 * as OmCounts; NULL where om_tally_counts gives NULL. Transfer none. */
static const OmCounts *
tally_counts(const OmTally *t, guint wave, const char *indicator, const char *institution)
{
  const OmTallyCounts *c = om_tally_counts(t, wave, indicator, institution);
  if (!c)
    return NULL;
  const OmTallyScoreValues *v = om_tally_score_values(t, wave, indicator);
  g_assert_nonnull(v);
  for (guint i = 0; i < c->n_scores; i++)
    g_assert_cmpuint(c->scores[i].id, <, v->n);
  if (!kept)
    kept = g_ptr_array_new_with_free_func(counts_free);
  OmCounts *out = g_new(OmCounts, 1);
  om_tally_counts_to_counts(v, c, out);
  g_ptr_array_add(kept, out);
  return out;
}

static void
fx_teardown(Fx *f, gconstpointer data)
{
  (void)data;
  if (kept)
    g_clear_pointer(&kept, g_ptr_array_unref);
  om_store_free(f->store);
  om_survey_free(f->v1);
  om_survey_free(f->v2);
  rm_dir(f->dir);
  g_free(f->dir);
  g_free(f->path);
}

static OmTally *
tally(Fx *f)
{
  GError *e = NULL;
  OmTally *t = om_tally_new(f->store, "ouders", &e);
  g_assert_no_error(e);
  g_assert_nonnull(t);
  return t;
}

static void
assert_counts(const OmCounts *c, guint64 valid, guint64 satisfied, guint64 dont_know, guint64 blank)
{
  g_assert_nonnull(c);
  g_assert_cmpuint(c->valid, ==, valid);
  g_assert_cmpuint(c->satisfied, ==, satisfied);
  g_assert_cmpuint(c->dont_know, ==, dont_know);
  g_assert_cmpuint(c->blank, ==, blank);
}

/* How often `value` is among the scores (0 when absent); the total must equal valid. */
static guint64
score_count(const OmCounts *c, double value)
{
  guint64 k = 0;
  for (guint i = 0; c->scores && i < c->scores->len; i++) {
    const OmScoreCount *s = &g_array_index(c->scores, OmScoreCount, i);
    if (s->value == value)
      k += s->count;
  }
  return k;
}

static guint64
score_total(const OmCounts *c)
{
  guint64 k = 0;
  for (guint i = 0; c->scores && i < c->scores->len; i++)
    k += g_array_index(c->scores, OmScoreCount, i).count;
  return k;
}

static void
test_waves(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  g_assert_cmpstr(om_tally_group(t), ==, "ouders");
  g_assert_cmpuint(om_tally_n_waves(t), ==, 2);
  /* Ordered by year although 2015 was stored first; the earliest is the baseline. */
  const OmTallyWave *w0 = om_tally_wave(t, 0), *w1 = om_tally_wave(t, 1);
  g_assert_cmpint(w0->year, ==, 2014);
  g_assert_true(w0->baseline);
  g_assert_cmpuint(w0->respondents, ==, 8);
  g_assert_cmpint(w1->year, ==, 2015);
  g_assert_false(w1->baseline);
  g_assert_cmpuint(w1->respondents, ==, 6);
  g_assert_cmpint(w0->wave_id, !=, w1->wave_id);
  /* The indicators are those of the newest wave's definition (mini-v2 has 'extra'). */
  const OmSurvey *s = om_tally_survey(t);
  g_assert_cmpuint(om_survey_n_indicators(s), ==, 3);
  g_assert_nonnull(om_survey_find_indicator(s, "extra"));
  om_tally_free(t);
}

static void
test_single_item(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  /* 2014 under mini-v1: only 5 is satisfied, so r2's 4 is valid but not satisfied. */
  const OmCounts *c = tally_counts(t, 0, "single", "A1");
  assert_counts(c, 3, 1, 1, 1);
  g_assert_cmpuint(score_count(c, 5), ==, 1);
  g_assert_cmpuint(score_count(c, 4), ==, 1);
  g_assert_cmpuint(score_count(c, 2), ==, 1);
  g_assert_cmpuint(score_total(c), ==, 3);
  c = tally_counts(t, 0, "single", "B1");
  assert_counts(c, 3, 0, 0, 0);
  g_assert_cmpuint(score_count(c, 3), ==, 2);
  g_assert_cmpuint(score_count(c, 4), ==, 1);

  /* 2015 under mini-v2: 4 and 5 satisfied; labels ("Zeer tevreden") read as codes. */
  c = tally_counts(t, 1, "single", "A1"); /* 4, 4, 1 */
  assert_counts(c, 3, 2, 0, 0);
  g_assert_cmpuint(score_count(c, 4), ==, 2);
  g_assert_cmpuint(score_count(c, 1), ==, 1);
  c = tally_counts(t, 1, "single", "A2"); /* Zeer tevreden, 9 */
  assert_counts(c, 1, 1, 1, 0);
  g_assert_cmpuint(score_count(c, 5), ==, 1);
  c = tally_counts(t, 1, "single", "B1"); /* 3 */
  assert_counts(c, 1, 0, 0, 0);
  om_tally_free(t);
}

static void
test_composite(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  /* A1 2014: r1, r2 satisfied; r3, r5 don't know (too few valid items, a 9 among them);
   * r4 blank. */
  const OmCounts *c = tally_counts(t, 0, "comp", "A1");
  assert_counts(c, 2, 2, 2, 1);
  g_assert_cmpuint(score_count(c, 5), ==, 1);
  g_assert_cmpuint(score_count(c, 4), ==, 1);
  /* B1 2014: a mean of exactly 3.5 counts; 10/3 does not; 11/3 does. */
  c = tally_counts(t, 0, "comp", "B1");
  assert_counts(c, 3, 2, 0, 0);
  g_assert_cmpuint(score_count(c, 3.5), ==, 1);
  g_assert_cmpuint(score_count(c, 10.0 / 3.0), ==, 1);
  g_assert_cmpuint(score_count(c, 11.0 / 3.0), ==, 1);
  /* A1 2015: S1 mean 4 satisfied; S2 one valid item and no 9: blank; S3 (1, Ontevreden)
   * mean 1.5 with a 9 beside it: valid, not satisfied. */
  c = tally_counts(t, 1, "comp", "A1");
  assert_counts(c, 2, 1, 0, 1);
  g_assert_cmpuint(score_count(c, 4), ==, 1);
  g_assert_cmpuint(score_count(c, 1.5), ==, 1);
  /* A2 2015: S4 satisfied; S5 only 9s and a blank: don't know. */
  c = tally_counts(t, 1, "comp", "A2");
  assert_counts(c, 1, 1, 1, 0);
  om_tally_free(t);
}

/* An indicator the older wave's definition lacks has no counts there; the newer wave has. */
static void
test_indicator_missing_in_old_wave(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  g_assert_null(tally_counts(t, 0, "extra", "A1"));
  g_assert_null(tally_counts(t, 0, "extra", "B1"));
  assert_counts(tally_counts(t, 1, "extra", "A1"), 2, 1, 0, 1); /* 4, blank, 2 */
  assert_counts(tally_counts(t, 1, "extra", "A2"), 1, 1, 1, 0); /* 5, 9 */
  assert_counts(tally_counts(t, 1, "extra", "B1"), 1, 0, 0, 0); /* 3 */
  om_tally_free(t);
}

/* A read-only store's tally reads every other wave over a second connection on another
 * thread: the same counts and scores, in the same order, as one after the other; a group
 * without waves fails the same way. */
static void
test_read_only(Fx *f, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  OmStore *ro = om_store_open(f->path, OM_STORE_READONLY, &e);
  g_assert_no_error(e);
  OmTally *one = om_tally_new(ro, "ouders", &e);
  g_assert_no_error(e);
  OmTally *two = om_tally_new_read_only(ro, "ouders", 0, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_tally_n_waves(one), ==, 2);
  g_assert_cmpuint(om_tally_n_waves(two), ==, 2);
  const OmSurvey *s = om_tally_survey(one);
  static const char *const codes[] = { "A1", "A2", "B1" };
  guint compared = 0;
  for (guint w = 0; w < 2; w++)
    for (guint k = 0; k < om_survey_n_indicators(s); k++)
      for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
        const char *ind = om_survey_indicator(s, k)->id;
        const OmCounts *a = tally_counts(one, w, ind, codes[i]);
        const OmCounts *b = tally_counts(two, w, ind, codes[i]);
        g_assert_true((a == NULL) == (b == NULL));
        if (a) {
          g_assert_true(om_counts_equal(a, b));
          compared++;
        }
      }
  g_assert_cmpuint(compared, >, 6); /* both waves had counts */
  om_tally_free(one);
  om_tally_free(two);
  g_assert_null(om_tally_new_read_only(ro, "instellingen", 0, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
  g_clear_error(&e);
  om_store_free(ro);
}

static void
test_absent(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  /* A2 has no respondents in 2014; C9 none anywhere; no such indicator. */
  g_assert_null(tally_counts(t, 0, "single", "A2"));
  g_assert_null(tally_counts(t, 1, "single", "C9"));
  g_assert_null(tally_counts(t, 1, "nonexistent", "A1"));
  om_tally_free(t);
}

static void
test_counts_add(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  OmCounts sum = { 0 };
  om_counts_add(&sum, tally_counts(t, 0, "single", "A1"));
  om_counts_add(&sum, tally_counts(t, 0, "single", "B1"));
  assert_counts(&sum, 6, 1, 1, 1);
  g_assert_cmpuint(score_count(&sum, 5), ==, 1);
  g_assert_cmpuint(score_count(&sum, 4), ==, 2); /* one from each */
  g_assert_cmpuint(score_count(&sum, 3), ==, 2);
  g_assert_cmpuint(score_count(&sum, 2), ==, 1);
  g_assert_cmpuint(score_total(&sum), ==, 6);
  g_assert_cmpuint(sum.scores->len, ==, 4); /* merged, not appended */
  om_counts_clear(&sum);
  g_assert_null(sum.scores);
  om_counts_clear(&sum); /* twice is fine */
  om_counts_clear(NULL);
  om_tally_free(t);
  om_tally_free(NULL);
}

/* Scores are ids of the wave's distinct scores of the indicator: equal scores share an id
 * and different ones never do, across institutions, and every value is some score's. */
static void
test_score_ids(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  static const char *const codes[] = { "A1", "A2", "B1" };
  const OmSurvey *s = om_tally_survey(t);
  guint shared = 0;
  for (guint w = 0; w < om_tally_n_waves(t); w++)
    for (guint k = 0; k < om_survey_n_indicators(s); k++) {
      const char *ind = om_survey_indicator(s, k)->id;
      const OmTallyScoreValues *v = om_tally_score_values(t, w, ind);
      if (!v)
        continue;
      g_assert_false(v->mixed_zero);
      gboolean *used = g_new0(gboolean, v->n + 1);
      for (gsize a = 0; a < G_N_ELEMENTS(codes); a++)
        for (gsize b = 0; b < G_N_ELEMENTS(codes); b++) {
          const OmTallyCounts *x = om_tally_counts(t, w, ind, codes[a]);
          const OmTallyCounts *y = om_tally_counts(t, w, ind, codes[b]);
          for (guint i = 0; x && i < x->n_scores; i++) {
            used[x->scores[i].id] = TRUE;
            for (guint j = 0; y && j < y->n_scores; j++) {
              gboolean same = v->values[x->scores[i].id] == v->values[y->scores[j].id];
              g_assert_true(same == (x->scores[i].id == y->scores[j].id));
              shared += a != b && same;
            }
          }
        }
      for (guint id = 0; id < v->n; id++)
        g_assert_true(used[id]);
      g_free(used);
    }
  g_assert_cmpuint(shared, >, 0);                      /* some score given at two institutions */
  g_assert_null(om_tally_score_values(t, 0, "extra")); /* not in the 2014 definition */
  g_assert_null(om_tally_score_values(t, 0, "nonexistent"));
  om_tally_free(t);
}

/* om_tally_counts_at by the indexes gives what om_tally_counts gives by name. */
static void
test_indexes(Fx *f, gconstpointer data)
{
  (void)data;
  OmTally *t = tally(f);
  static const char *const codes[] = { "A1", "A2", "B1" };
  const OmSurvey *s = om_tally_survey(t);
  guint found = 0;
  for (guint w = 0; w < om_tally_n_waves(t); w++)
    for (guint k = 0; k < om_survey_n_indicators(s); k++) {
      const char *ind = om_survey_indicator(s, k)->id;
      g_assert_cmpint(om_tally_indicator_index(t, ind), ==, (int)k);
      for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
        int ti = om_tally_institution_index(t, codes[i]);
        g_assert_cmpint(ti, >=, 0);
        const OmTallyCounts *c = om_tally_counts_at(t, w, k, ti);
        g_assert_true(c == om_tally_counts(t, w, ind, codes[i]));
        found += c != NULL;
      }
    }
  g_assert_cmpuint(found, >, 6);
  g_assert_cmpint(om_tally_institution_index(t, "C9"), ==, -1); /* no respondents */
  g_assert_cmpint(om_tally_indicator_index(t, "nonexistent"), ==, -1);
  g_assert_null(om_tally_counts_at(t, 0, 0, -1));
  om_tally_free(t);
}

/* Replaces the kept scores of one institution's "comp" counts in 2015 by `scores`. */
static void
put_scores(const char *path, const char *institution, const OmScoreCount *scores, guint n)
{
  OmCounts c = { 0 };
  c.scores = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
  g_array_append_vals(c.scores, scores, n);
  gsize len;
  guint8 *bytes = om_counts_scores_pack(&c, &len);
  om_counts_clear(&c);
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_stmt *q = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "UPDATE counts SET scores = ?1 WHERE institution = ?2 AND"
                                     " indicator = 'comp' AND wave_id ="
                                     " (SELECT id FROM waves WHERE year = 2015)",
                                     -1, &q, NULL),
                  ==, SQLITE_OK);
  sqlite3_bind_blob(q, 1, bytes, (int)len, g_free);
  sqlite3_bind_text(q, 2, institution, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(q), ==, SQLITE_DONE);
  g_assert_cmpint(sqlite3_changes(db), ==, 1);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* 0.0 and -0.0 are equal scores with different bits: each keeps its own id and value, and
 * mixed_zero tells a sum to merge them (as == does); without both, it is FALSE. */
static void
test_signed_zero(Fx *f, gconstpointer data)
{
  (void)data;
  put_scores(f->path, "A1", (OmScoreCount[]){ { -0.0, 1 }, { 4.0, 1 } }, 2);
  put_scores(f->path, "A2", (OmScoreCount[]){ { 0.0, 1 } }, 1);
  OmTally *t = tally(f);
  const OmTallyScoreValues *v = om_tally_score_values(t, 1, "comp");
  g_assert_nonnull(v);
  g_assert_true(v->mixed_zero);
  const OmTallyCounts *a1 = om_tally_counts(t, 1, "comp", "A1");
  const OmTallyCounts *a2 = om_tally_counts(t, 1, "comp", "A2");
  g_assert_cmpuint(a1->n_scores, ==, 2);
  g_assert_cmpuint(a2->n_scores, ==, 1);
  g_assert_cmpuint(a1->scores[0].id, !=, a2->scores[0].id);
  g_assert_true(v->values[a1->scores[0].id] == 0 && signbit(v->values[a1->scores[0].id]));
  g_assert_true(v->values[a2->scores[0].id] == 0 && !signbit(v->values[a2->scores[0].id]));
  g_assert_cmpfloat(v->values[a1->scores[1].id], ==, 4.0);
  g_assert_false(om_tally_score_values(t, 0, "comp")->mixed_zero);
  om_tally_free(t);
}

static void
test_no_waves(Fx *f, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  g_assert_null(om_tally_new(f->store, "instellingen", &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
  char *want
      = g_strdup_printf("the store %s has no instellingen waves; import them first", f->path);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_error_free(e);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/tally/waves", Fx, NULL, fx_setup, test_waves, fx_teardown);
  g_test_add("/tally/single-item", Fx, NULL, fx_setup, test_single_item, fx_teardown);
  g_test_add("/tally/composite", Fx, NULL, fx_setup, test_composite, fx_teardown);
  g_test_add("/tally/old-definition", Fx, NULL, fx_setup, test_indicator_missing_in_old_wave,
             fx_teardown);
  g_test_add("/tally/absent", Fx, NULL, fx_setup, test_absent, fx_teardown);
  g_test_add("/tally/read-only", Fx, NULL, fx_setup, test_read_only, fx_teardown);
  g_test_add("/tally/counts-add", Fx, NULL, fx_setup, test_counts_add, fx_teardown);
  g_test_add("/tally/no-waves", Fx, NULL, fx_setup, test_no_waves, fx_teardown);
  g_test_add("/tally/score-ids", Fx, NULL, fx_setup, test_score_ids, fx_teardown);
  g_test_add("/tally/indexes", Fx, NULL, fx_setup, test_indexes, fx_teardown);
  g_test_add("/tally/signed-zero", Fx, NULL, fx_setup, test_signed_zero, fx_teardown);
  return g_test_run();
}
