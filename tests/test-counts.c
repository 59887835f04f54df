/* test-counts.c — the counts kept at import (store schema 4, issue 9 item 2).
 *
 * Builds the sample store with the command itself, then checks for every wave that the
 * counts the store kept equal the counts recomputed from its stored respondents with its
 * stored definition: after the import, after `import --replace` under a changed definition
 * (which must change the counts), and after `forget` (which must lower them). Also the
 * scores' packed form reads back exactly.
 */
#include "store/counts.h"
#include "store/store.h"

#include <glib.h>

#include "testutil.h"
#include <string.h>

/* "institution|indicator" -> OmCounts* (deep copy). */
static GHashTable *
counts_table(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_free);
}

static void
keep(const char *institution, const char *indicator, const OmCounts *c, gpointer data)
{
  OmCounts *copy = g_new0(OmCounts, 1);
  om_counts_add(copy, c);
  char *key = g_strdup_printf("%s|%s", institution, indicator);
  g_assert_false(g_hash_table_contains(data, key));
  g_hash_table_insert(data, key, copy);
}

static void
free_table(GHashTable *t)
{
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init(&it, t);
  while (g_hash_table_iter_next(&it, NULL, &v))
    om_counts_clear(v);
  g_hash_table_unref(t);
}

static gboolean
from_respondent(const char *respondent, const char *institution, const gint32 *answers, guint n,
                gpointer data, GError **error)
{
  (void)respondent;
  return om_counter_add(data, institution, answers, n, error);
}

/* Kept and recomputed counts of every wave agree; returns the sum of valid answers over
 * the waves of `group` and puts the sum of satisfied ones in *satisfied (to see a change). */
static guint64
check_store(const char *db, const char *group, guint64 *satisfied)
{
  GError *e = NULL;
  OmStore *st = om_store_open(db, OM_STORE_READONLY, &e);
  g_assert_no_error(e);
  g_assert_true(om_store_has_counts(st));
  GArray *waves = om_store_waves(st, group, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(waves->len, >, 0);
  guint64 valid = 0, sat = 0;
  for (guint w = 0; w < waves->len; w++) {
    const OmWave *wave = &g_array_index(waves, OmWave, w);
    GHashTable *kept = counts_table(), *again = counts_table();
    g_assert_true(om_store_foreach_counts(st, wave->id, keep, kept, &e));
    g_assert_no_error(e);
    OmSurvey *survey = om_store_wave_survey(st, wave->id, &e);
    g_assert_no_error(e);
    OmCounter *c = om_counter_new(survey);
    g_assert_true(om_store_foreach_respondent(st, wave->id, from_respondent, c, &e));
    g_assert_no_error(e);
    om_counter_foreach(c, keep, again);
    g_assert_cmpuint(g_hash_table_size(kept), ==, g_hash_table_size(again));
    g_assert_cmpuint(g_hash_table_size(kept), >, 0);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, again);
    while (g_hash_table_iter_next(&it, &k, &v)) {
      const OmCounts *mine = g_hash_table_lookup(kept, k);
      g_assert_nonnull(mine);
      if (!om_counts_equal(mine, v))
        g_test_message("wave %d %s differs", wave->year, (char *)k);
      g_assert_true(om_counts_equal(mine, v));
      valid += ((OmCounts *)v)->valid;
      sat += ((OmCounts *)v)->satisfied;
    }
    om_counter_free(c);
    om_survey_free(survey);
    free_table(kept);
    free_table(again);
  }
  g_array_unref(waves);
  om_store_free(st);
  if (satisfied)
    *satisfied = sat;
  return valid;
}

static void
must(Run r)
{
  if (r.status != 0)
    g_test_message("exit %d: %s", r.status, r.err);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
}

static void
test_kept_counts(void)
{
  char *dir = om_test_tmp_dir();
  GString *failures = g_string_new(NULL);
  char *db = om_test_sample_store(dir, "s.db", TRUE, failures);
  g_assert_cmpstr(failures->str, ==, "");
  guint64 satisfied, satisfied_fixed;
  guint64 parents = check_store(db, "ouders", &satisfied);
  check_store(db, "instellingen", NULL);

  /* A corrected definition: a composite is satisfied from a mean of 4.5 on. */
  char *ini = om_test_source_path("surveys/ouders.ini");
  char *text = NULL;
  g_assert_true(g_file_get_contents(ini, &text, NULL, NULL));
  GString *fixed = g_string_new(text);
  g_assert_cmpuint(g_string_replace(fixed, "mean-at-least = 3.5", "mean-at-least = 4.5", 0), >, 0);
  char *fixed_ini = g_build_filename(dir, "ouders.ini", NULL);
  g_assert_true(g_file_set_contents(fixed_ini, fixed->str, -1, NULL));
  char *wave = om_test_source_path("sample-data/ouders-2015.csv");
  must(run(dir, "import", "--db", db, "--replace", "--survey", fixed_ini, wave, NULL));
  guint64 after_replace = check_store(db, "ouders", &satisfied_fixed);
  g_assert_cmpuint(after_replace, ==, parents);    /* the same answers are valid, but fewer */
  g_assert_cmpuint(satisfied_fixed, <, satisfied); /* composites are satisfied at 4.5 */
  Run r = run(dir, "stats", "--db", db, "--year", "2015", "--format", "csv", NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);

  /* forget: the counts follow the respondents that remain. */
  must(run(dir, "forget", "--db", db, "R2013-000001", "R2014-000002", NULL));
  guint64 after_forget = check_store(db, "ouders", NULL);
  g_assert_cmpuint(after_forget, <, after_replace);

  g_free(wave);
  g_free(fixed_ini);
  g_string_free(fixed, TRUE);
  g_free(text);
  g_free(ini);
  g_free(db);
  g_string_free(failures, TRUE);
  om_test_rm_tree(dir);
  g_free(dir);
}

/* The scores' packed form reads back exactly, in order; damaged bytes change nothing. */
static void
test_scores_packed(void)
{
  OmCounts c = { 3, 2, 0, 0, NULL };
  c.scores = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
  OmScoreCount a[] = { { 4, 1 }, { 11.0 / 3.0, 300 }, { -0.5, G_MAXUINT64 } };
  g_array_append_vals(c.scores, a, 3);
  gsize len;
  guint8 *bytes = om_counts_scores_pack(&c, &len);
  OmCounts d = { 3, 2, 0, 0, NULL };
  g_assert_true(om_counts_scores_unpack(&d, bytes, len));
  g_assert_true(om_counts_equal(&c, &d));
  OmCounts e = { 0 };
  g_assert_false(om_counts_scores_unpack(&e, bytes, len - 1));
  g_assert_null(e.scores);
  g_assert_true(om_counts_scores_unpack(&e, bytes, 0));
  g_assert_null(e.scores);
  g_free(bytes);
  om_counts_clear(&c);
  om_counts_clear(&d);
}

static void
take_text(const char *institution, const char *text, gpointer data)
{
  g_string_append_printf(data, "%s %s\n", institution, text);
}

/* The answer distributions' text form, byte for byte (theme pages and stored stores read
 * it): blanks first as "-", then codes in order, codes below 0 and above 14 (kept apart
 * from the ones counted in place) where they belong. */
static void
test_distribution_text(void)
{
  static const char *const text = "[survey]\nid = d\ntitle = d\ngroup = ouders\n"
                                  "respondent-column = r\ninstitution-column = i\n"
                                  "[scale:wide]\ntitle = w\nvalues = -3;0;1;2;14;15;99;12345\n"
                                  "satisfied = 2;15\n"
                                  "[item:x]\ncolumn = x\ntheme = A\nscale = wide\n"
                                  "[item:y]\ncolumn = y\ntheme = A\nscale = wide\n"
                                  "[indicator:x]\ntitle = x\ntheme = A\nitems = x\n";
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("d.ini", text, strlen(text), &e);
  g_assert_no_error(e);
  OmCounter *c = om_counter_new(s);
  static const gint32 rows[][2] = {
    { 1, 99 },  { 99, 1 },    { -3, OM_ANSWER_BLANK },
    { 15, 14 }, { 1, 12345 }, { OM_ANSWER_BLANK, -3 },
    { 0, 0 },   { 1, 99 },    { 12345, 2 },
  };
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
    g_assert_true(om_counter_add(c, i % 3 ? "20BB00" : "10AA00", rows[i], 2, &e));
  GString *got = g_string_new(NULL);
  om_counter_foreach_distribution(c, take_text, got);
  g_assert_cmpstr(got->str, ==,
                  "10AA00 0=0:1,1:1,15:1;1=0:1,14:1,99:1\n"
                  "20BB00 0=-:1,-3:1,1:2,99:1,12345:1;1=-:1,-3:1,1:1,2:1,99:1,12345:1\n");
  g_string_free(got, TRUE);
  om_counter_free(c);
  om_survey_free(s);
}

static void
take_key(const char *institution, const char *indicator, const OmCounts *c, gpointer data)
{
  g_string_append_printf(data, "%s/%s:%" G_GUINT64_FORMAT " ", institution, indicator, c->valid);
}

static void
take_code(const char *institution, const char *text, gpointer data)
{
  g_string_append_printf(data, "%s=%s ", institution, text);
}

/* The store is given the counts in the order of its keys (institution codes, then
 * indicator ids, in byte order) whatever the order they were counted in: the same rows as
 * om_counter_foreach gives, sorted. */
static void
test_key_order(void)
{
  static const char *const text = "[survey]\nid = k\ntitle = k\ngroup = ouders\n"
                                  "respondent-column = r\ninstitution-column = i\n"
                                  "[scale:s]\ntitle = s\nvalues = 1-5\nsatisfied = 4;5\n"
                                  "[item:x]\ncolumn = x\ntheme = A\nscale = s\n"
                                  "[indicator:zz]\ntitle = z\ntheme = A\nitems = x\n"
                                  "[indicator:Ab]\ntitle = a\ntheme = A\nitems = x\n"
                                  "[indicator:aa]\ntitle = a\ntheme = A\nitems = x\n";
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("k.ini", text, strlen(text), &e);
  g_assert_no_error(e);
  OmCounter *c = om_counter_new(s);
  static const char *const insts[] = { "30CC00", "10AA00", "30CC00", "2BB00", "10AA01" };
  for (guint i = 0; i < G_N_ELEMENTS(insts); i++) {
    gint32 answer = 1 + (gint32)i;
    g_assert_true(om_counter_add(c, insts[i], &answer, 1, &e));
  }
  GString *first = g_string_new(NULL), *keyed = g_string_new(NULL);
  om_counter_foreach(c, take_key, first);
  g_assert_cmpstr(first->str, ==,
                  "30CC00/zz:2 30CC00/Ab:2 30CC00/aa:2 10AA00/zz:1 10AA00/Ab:1 10AA00/aa:1 "
                  "2BB00/zz:1 2BB00/Ab:1 2BB00/aa:1 10AA01/zz:1 10AA01/Ab:1 10AA01/aa:1 ");
  om_counter_foreach_in_key_order(c, take_key, keyed);
  g_assert_cmpstr(keyed->str, ==,
                  "10AA00/Ab:1 10AA00/aa:1 10AA00/zz:1 10AA01/Ab:1 10AA01/aa:1 10AA01/zz:1 "
                  "2BB00/Ab:1 2BB00/aa:1 2BB00/zz:1 30CC00/Ab:2 30CC00/aa:2 30CC00/zz:2 ");
  g_string_truncate(keyed, 0);
  om_counter_foreach_distribution_in_key_order(c, take_code, keyed);
  g_assert_cmpstr(keyed->str, ==, "10AA00=0=2:1 10AA01=0=5:1 2BB00=0=4:1 30CC00=0=1:1,3:1 ");
  g_string_free(first, TRUE);
  g_string_free(keyed, TRUE);
  om_counter_free(c);
  om_survey_free(s);
}

/* The counter's scoring (a table of classes per indicator) gives what om_indicator_classify
 * gives, class and score, for answers in and outside the table (codes 0..14), on every
 * indicator of the shipped survey (single items and means) and of a survey with a wide
 * scale and a mean of at least two valid items; om_counter_add_scored then counts as
 * om_counter_add does. */
static void
test_score_as_classify(void)
{
  static const char *const text = "[survey]\nid = w\ntitle = w\ngroup = ouders\n"
                                  "respondent-column = r\ninstitution-column = i\n"
                                  "[scale:wide]\ntitle = w\nvalues = -3;0;1;2;14;15;99\n"
                                  "satisfied = 2;15\nmissing = 98\n"
                                  "[item:x]\ncolumn = x\ntheme = A\nscale = wide\n"
                                  "[item:y]\ncolumn = y\ntheme = A\nscale = wide\n"
                                  "[item:z]\ncolumn = z\ntheme = A\nscale = wide\n"
                                  "[indicator:x]\ntitle = x\ntheme = A\nitems = x\n"
                                  "[indicator:m]\ntitle = m\ntheme = A\nitems = x;y;z\n"
                                  "rule = mean\nmean-at-least = 2\nmin-valid = 2\n";
  static const gint32 codes[]
      = { OM_ANSWER_BLANK, -3, -1, 0, 1, 2, 3, 4, 5, 8, 9, 10, 14, 15, 16, 98, 99, 12345 };
  GError *e = NULL;
  char *ini = om_test_source_path("surveys/ouders.ini");
  OmSurvey *surveys[] = { om_survey_new_from_file(ini, &e), NULL };
  g_assert_no_error(e);
  surveys[1] = om_survey_new_from_data("w.ini", text, strlen(text), &e);
  g_assert_no_error(e);
  GRand *rand = g_rand_new_with_seed(9);
  for (guint v = 0; v < G_N_ELEMENTS(surveys); v++) {
    const OmSurvey *s = surveys[v];
    guint n = om_survey_n_items(s), n_ind = om_survey_n_indicators(s);
    OmCounter *a = om_counter_new(s), *b = om_counter_new(s);
    g_assert_cmpuint(om_counter_n_indicators(a), ==, n_ind);
    gint32 *answers = g_new(gint32, n);
    guint8 *cls = g_new(guint8, n_ind);
    double *score = g_new(double, n_ind);
    for (guint row = 0; row < 20000; row++) {
      /* mostly one code for the whole row (means of equal codes), else any mix */
      gint32 one = codes[g_rand_int_range(rand, 0, G_N_ELEMENTS(codes))];
      gboolean mixed = g_rand_boolean(rand);
      for (guint i = 0; i < n; i++)
        answers[i] = mixed ? codes[g_rand_int_range(rand, 0, G_N_ELEMENTS(codes))] : one;
      g_assert_true(om_counter_score(a, "10AA00", answers, n, cls, score, &e));
      for (guint k = 0; k < n_ind; k++) {
        double want_score = -1;
        OmAnswerClass want
            = om_indicator_classify(s, om_survey_indicator(s, k), answers, &want_score);
        g_assert_cmpint(cls[k], ==, want);
        if (want == OM_ANSWER_CLASS_SATISFIED || want == OM_ANSWER_CLASS_OTHER)
          g_assert_true(score[k] == want_score);
      }
      const char *inst = row % 3 ? "20BB00" : "10AA00";
      om_counter_add_scored(a, inst, answers, cls, score);
      g_assert_true(om_counter_add(b, inst, answers, n, &e));
    }
    GHashTable *ta = counts_table(), *tb = counts_table();
    om_counter_foreach(a, keep, ta);
    om_counter_foreach(b, keep, tb);
    g_assert_cmpuint(g_hash_table_size(ta), ==, 2 * n_ind);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, ta);
    while (g_hash_table_iter_next(&it, &key, &value))
      g_assert_true(om_counts_equal(value, g_hash_table_lookup(tb, key)));
    free_table(ta);
    free_table(tb);
    g_assert_false(om_counter_score(a, "10AA00", answers, n + 1, cls, score, &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
    g_clear_error(&e);
    g_free(answers);
    g_free(cls);
    g_free(score);
    om_counter_free(a);
    om_counter_free(b);
    om_survey_free(surveys[v]);
  }
  g_rand_free(rand);
  g_free(ini);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/counts/kept-at-import", test_kept_counts);
  g_test_add_func("/counts/scores-packed", test_scores_packed);
  g_test_add_func("/counts/distribution-text", test_distribution_text);
  g_test_add_func("/counts/key-order", test_key_order);
  g_test_add_func("/counts/score-as-classify", test_score_as_classify);
  return g_test_run();
}
