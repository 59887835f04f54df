/* test-survey.c — unit tests of survey definitions: loading the surveys/ definitions, coding
 * answers, classifying them, the composite-indicator rule, column matching, and the exact messages
 * (FILE:LINE: what; expected) of broken definitions.
 *
 * Broken definitions live in tests/data/surveys/: mini.ini is valid and each
 * broken-*.ini differs from it in one line, so the expected line numbers below can be
 * checked by eye against that file.
 */
#include "input/survey.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static const char *
source_root(void)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return root ? root : ".";
}

static char *
src_path(const char *rel)
{
  return g_build_filename(source_root(), rel, NULL);
}

static OmSurvey *
load_ok(const char *rel)
{
  char *path = src_path(rel);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_nonnull(s);
  g_free(path);
  return s;
}

/* Loads a broken definition and checks the error: OM_ERROR_DEFINITION and exactly
 * "<path>:<line>: <msg>". */
static void
assert_broken(const char *name, int line, const char *msg)
{
  char *rel = g_build_filename("tests", "data", "surveys", name, NULL);
  char *path = src_path(rel);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file(path, &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  char *want = g_strdup_printf("%s:%d: %s", path, line, msg);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  g_free(path);
  g_free(rel);
}

/* The same over text in memory. */
static void
assert_broken_data(const char *text, const char *msg)
{
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("mem.ini", text, strlen(text), &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  g_assert_cmpstr(e->message, ==, msg);
  g_clear_error(&e);
}

static const OmAnswerScale *
item_scale(const OmSurvey *s, const char *item)
{
  int i = om_survey_find_item(s, item);
  g_assert_cmpint(i, >=, 0);
  return om_survey_item(s, (guint)i)->scale;
}

/* ---------------------------------------------------------------- loading */

static void
test_ouders_loads(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  g_assert_cmpstr(om_survey_id(s), ==, "ouders");
  g_assert_cmpstr(om_survey_title(s), ==, "Oudervragenlijst ouderbetrokkenheid");
  g_assert_cmpstr(om_survey_group(s), ==, "ouders");
  g_assert_cmpstr(om_survey_respondent_column(s), ==, "respondent");
  g_assert_cmpstr(om_survey_institution_column(s), ==, "instelling");
  g_assert_cmpstr(om_survey_year_column(s), ==, "jaar");
  g_assert_cmpuint(om_survey_n_items(s), ==, 21);
  g_assert_cmpuint(om_survey_n_indicators(s), ==, 9);

  /* Items in file order, with their themes and scales. */
  static const char *const ids[]
      = { "a1", "a2", "a3", "a4", "a5",    "a_alg", "b1", "b2", "b3",    "b4",    "b_alg",
          "c1", "c2", "c3", "c4", "c_alg", "d1",    "d2", "d3", "d_alg", "cijfer" };
  static const char themes[] = "AAAAAABBBBBCCCCCDDDDA";
  for (guint i = 0; i < 21; i++) {
    const OmItem *it = om_survey_item(s, i);
    g_assert_cmpstr(it->id, ==, ids[i]);
    g_assert_cmpstr(it->column, ==, ids[i]);
    g_assert_cmpint(it->theme, ==, themes[i]);
    g_assert_cmpstr(om_scale_id(it->scale), ==, i == 20 ? "cijfer10" : "tevreden5");
    g_assert_cmpint(om_survey_find_item(s, ids[i]), ==, (int)i);
  }
  g_assert_cmpstr(om_survey_item(s, 0)->title, ==,
                  "Hoe tevreden bent u over het contact met de leerkracht of mentor van uw kind?");
  g_assert_cmpint(om_survey_find_item(s, "e1"), ==, -1);

  const OmAnswerScale *t5 = item_scale(s, "a1");
  g_assert_cmpint(om_scale_min(t5), ==, 1);
  g_assert_cmpint(om_scale_max(t5), ==, 5);
  const OmAnswerScale *c10 = item_scale(s, "cijfer");
  g_assert_cmpint(om_scale_min(c10), ==, 1);
  g_assert_cmpint(om_scale_max(c10), ==, 10);

  char *d = om_scale_describe(t5);
  g_assert_cmpstr(d, ==, "1–5 or labels such as 'Zeer tevreden', 9 = Weet niet / n.v.t., or empty");
  g_free(d);
  d = om_scale_describe(c10);
  g_assert_cmpstr(d, ==, "1–10, or empty");
  g_free(d);

  /* Indicators. */
  static const char *const ind_ids[]
      = { "relatie", "ondersteuning", "opvoeding", "netwerk", "thema-a",
          "thema-b", "thema-c",       "thema-d",   "cijfer" };
  for (guint i = 0; i < 9; i++)
    g_assert_cmpstr(om_survey_indicator(s, i)->id, ==, ind_ids[i]);
  const OmIndicator *rel = om_survey_find_indicator(s, "relatie");
  g_assert_nonnull(rel);
  g_assert_cmpint(rel->rule, ==, OM_RULE_SINGLE);
  g_assert_cmpuint(rel->n_items, ==, 1);
  g_assert_cmpuint(rel->items[0], ==, 5);
  g_assert_cmpint(rel->theme, ==, 'A');
  g_assert_cmpstr(rel->title, ==, "Tevreden over de relatie met de school");
  const OmIndicator *ta = om_survey_find_indicator(s, "thema-a");
  g_assert_cmpint(ta->rule, ==, OM_RULE_MEAN);
  g_assert_cmpuint(ta->n_items, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint(ta->items[i], ==, i);
  g_assert_cmpfloat(ta->mean_at_least, ==, 3.5);
  g_assert_cmpuint(ta->min_valid, ==, 3);
  g_assert_true(om_indicator_scale(s, ta) == t5);
  const OmIndicator *td = om_survey_find_indicator(s, "thema-d");
  g_assert_cmpuint(td->n_items, ==, 4);
  g_assert_cmpint(td->theme, ==, 'D');
  g_assert_true(om_indicator_scale(s, om_survey_find_indicator(s, "cijfer")) == c10);
  g_assert_null(om_survey_find_indicator(s, "thema-e"));

  /* The text is kept exactly as read (the store keeps it beside each wave). */
  char *path = src_path("surveys/ouders.ini");
  char *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  g_assert_cmpstr(om_survey_text(s), ==, text);
  g_free(text);
  g_free(path);
  om_survey_free(s);
}

static void
test_instellingen_loads(void)
{
  OmSurvey *s = load_ok("surveys/instellingen.ini");
  g_assert_cmpstr(om_survey_id(s), ==, "instellingen");
  g_assert_cmpstr(om_survey_group(s), ==, "instellingen");
  g_assert_cmpstr(om_survey_year_column(s), ==, "jaar");
  g_assert_cmpuint(om_survey_n_items(s), ==, 6);
  g_assert_cmpuint(om_survey_n_indicators(s), ==, 4);
  const OmAnswerScale *jn = item_scale(s, "beleid");
  g_assert_cmpstr(om_scale_id(jn), ==, "janee");
  g_assert_cmpint(om_scale_min(jn), ==, 0);
  g_assert_cmpint(om_scale_max(jn), ==, 1);
  const OmAnswerScale *vve = item_scale(s, "vve");
  g_assert_cmpstr(om_scale_id(vve), ==, "vve7");
  g_assert_cmpint(om_scale_min(vve), ==, 0);
  g_assert_cmpint(om_scale_max(vve), ==, 7);
  char *d = om_scale_describe(jn);
  g_assert_cmpstr(d, ==,
                  "0–1 or labels such as 'Ja', 8 = Weet niet, 9 = Niet van toepassing, or empty");
  g_free(d);
  d = om_scale_describe(vve);
  g_assert_cmpstr(d, ==, "0–7, 99 = Onbekend, or empty");
  g_free(d);

  gint32 c = -1;
  g_assert_true(om_scale_parse(jn, "ja", &c));
  g_assert_cmpint(c, ==, 1);
  g_assert_true(om_scale_parse(jn, "NEE", &c));
  g_assert_cmpint(c, ==, 0);
  g_assert_true(om_scale_parse(jn, "weet niet", &c));
  g_assert_cmpint(c, ==, 8);
  g_assert_true(om_scale_parse(jn, "Niet van toepassing", &c));
  g_assert_cmpint(c, ==, 9);
  g_assert_true(om_scale_parse(vve, "99", &c));
  g_assert_cmpint(c, ==, 99);
  g_assert_cmpint(om_scale_classify(vve, 99), ==, OM_ANSWER_CLASS_MISSING);
  g_assert_cmpint(om_scale_classify(vve, 7), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(vve, 6), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(vve, 8), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_false(om_scale_parse(vve, "8", &c));

  const OmIndicator *p = om_survey_find_indicator(s, "partnerschap");
  g_assert_nonnull(p);
  g_assert_cmpint(p->rule, ==, OM_RULE_SINGLE);
  g_assert_cmpuint(p->items[0], ==, (guint)om_survey_find_item(s, "actieplan"));
  om_survey_free(s);
}

/* ---------------------------------------------------------------- scales */

static void
test_scale_parse(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  const OmAnswerScale *t5 = item_scale(s, "a1");
  gint32 c;
  for (int v = 1; v <= 5; v++) {
    char buf[4];
    g_snprintf(buf, sizeof buf, "%d", v);
    c = -1;
    g_assert_true(om_scale_parse(t5, buf, &c));
    g_assert_cmpint(c, ==, v);
  }
  c = -1;
  g_assert_true(om_scale_parse(t5, " 4 ", &c));
  g_assert_cmpint(c, ==, 4);
  /* the missing code */
  g_assert_true(om_scale_parse(t5, "9", &c));
  g_assert_cmpint(c, ==, 9);
  /* labels, case-insensitively, surrounding space ignored */
  g_assert_true(om_scale_parse(t5, "zeer tevreden", &c));
  g_assert_cmpint(c, ==, 5);
  g_assert_true(om_scale_parse(t5, "ZEER ONTEVREDEN", &c));
  g_assert_cmpint(c, ==, 1);
  g_assert_true(om_scale_parse(t5, "  Neutraal ", &c));
  g_assert_cmpint(c, ==, 3);
  g_assert_true(om_scale_parse(t5, "Tevreden", &c));
  g_assert_cmpint(c, ==, 4);
  g_assert_true(om_scale_parse(t5, "weet niet / N.V.T.", &c));
  g_assert_cmpint(c, ==, 9);
  /* blank */
  g_assert_true(om_scale_parse(t5, "", &c));
  g_assert_cmpint(c, ==, OM_ANSWER_BLANK);
  c = 0;
  g_assert_true(om_scale_parse(t5, "   ", &c));
  g_assert_cmpint(c, ==, OM_ANSWER_BLANK);
  /* refused, *code untouched */
  static const char *const bad[] = { "6",    "0",        "8",  "10", "-1",
                                     "abc",  "4.0",      "4a", "+4", "99999999999999",
                                     "zeer", "Weet niet" };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    c = 12345;
    if (om_scale_parse(t5, bad[i], &c))
      g_test_fail_printf("om_scale_parse accepted '%s' as %d", bad[i], c);
    g_assert_cmpint(c, ==, 12345);
  }
  /* a scale without labels takes numbers only */
  const OmAnswerScale *c10 = item_scale(s, "cijfer");
  g_assert_true(om_scale_parse(c10, "10", &c));
  g_assert_cmpint(c, ==, 10);
  c = 12345;
  g_assert_false(om_scale_parse(c10, "Tevreden", &c));
  g_assert_false(om_scale_parse(c10, "11", &c));
  g_assert_true(om_scale_parse(c10, "9 ", &c));
  g_assert_cmpint(c, ==, 9);
  om_survey_free(s);
}

/* om_scale_parse_class gives what om_scale_parse and om_scale_classify give, cell for
 * cell, on every scale of both shipped surveys: one-digit cells (its fast path) and all
 * the others; a refusal leaves the code and class as they were. */
static void
test_scale_parse_class(void)
{
  static const char *const cells[]
      = { "",          "0",           "1",   "2",        "3",
          "4",         "5",           "6",   "7",        "8",
          "9",         "10",          "99",  " 4",       "4 ",
          "\t9",       "-1",          "-0",  "05",       " ",
          "a",         "ja",          "NEE", "Tevreden", "zeer tevreden",
          "weet niet", "12345678901", "4a",  "+4",       "1.5" };
  static const char *const files[] = { "surveys/ouders.ini", "surveys/instellingen.ini" };
  guint checked = 0;
  for (gsize f = 0; f < G_N_ELEMENTS(files); f++) {
    OmSurvey *s = load_ok(files[f]);
    for (guint i = 0; i < om_survey_n_items(s); i++) {
      g_assert_true(&om_survey_items(s)[i] == om_survey_item(s, i));
      const OmAnswerScale *sc = om_survey_item(s, i)->scale;
      for (gsize k = 0; k < G_N_ELEMENTS(cells); k++) {
        gint32 want = -7, got = -7;
        OmAnswerClass cls = (OmAnswerClass)-7;
        gboolean ok = om_scale_parse(sc, cells[k], &want);
        g_assert_cmpint(om_scale_parse_class(sc, cells[k], &got, &cls), ==, ok);
        g_assert_cmpint(got, ==, want);
        if (ok) {
          g_assert_cmpint(cls, ==, om_scale_classify(sc, want));
          checked++;
        } else {
          g_assert_cmpint((int)cls, ==, -7);
        }
      }
    }
    om_survey_free(s);
  }
  g_assert_cmpuint(checked, >, 100);
}

static void
test_scale_classify(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  const OmAnswerScale *t5 = item_scale(s, "a1");
  g_assert_cmpint(om_scale_classify(t5, OM_ANSWER_BLANK), ==, OM_ANSWER_CLASS_BLANK);
  g_assert_cmpint(om_scale_classify(t5, 1), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(t5, 2), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(t5, 3), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(t5, 4), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(t5, 5), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(t5, 9), ==, OM_ANSWER_CLASS_MISSING);
  g_assert_cmpint(om_scale_classify(t5, 0), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(t5, 6), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(t5, 8), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(t5, 10), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(t5, -5), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(t5, G_MAXINT32), ==, OM_ANSWER_CLASS_INVALID);
  const OmAnswerScale *c10 = item_scale(s, "cijfer");
  g_assert_cmpint(om_scale_classify(c10, 5), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(c10, 6), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(c10, 10), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(c10, 11), ==, OM_ANSWER_CLASS_INVALID);
  g_assert_cmpint(om_scale_classify(c10, 9), ==, OM_ANSWER_CLASS_SATISFIED);
  om_survey_free(s);
}

/* ---------------------------------------------------------------- indicators */

typedef struct {
  const char *name;
  gint32 a[6]; /* a1..a5, a_alg; 0 = blank */
  OmAnswerClass want;
  double score; /* checked when valid */
} CompositeCase;

static void
test_composite_rule(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  const OmIndicator *ta = om_survey_find_indicator(s, "thema-a");
  g_assert_nonnull(ta);
  /* thema-a: satisfied when the mean of the valid items (of a1..a5, a_alg) >= 3.5 with at
   * least 3 valid items; 9 = weet niet is not valid. */
  static const CompositeCase cases[] = {
    { "mean exactly 3.5 of 4 valid", { 4, 3, 4, 3, 0, 0 }, OM_ANSWER_CLASS_SATISFIED, 3.5 },
    { "mean exactly 3.5 of 6 valid", { 5, 2, 4, 3, 4, 3 }, OM_ANSWER_CLASS_SATISFIED, 3.5 },
    { "mean 10/3 just below", { 4, 3, 3, 0, 0, 0 }, OM_ANSWER_CLASS_OTHER, 10.0 / 3.0 },
    { "mean 11/3 just above", { 4, 4, 3, 0, 0, 0 }, OM_ANSWER_CLASS_SATISFIED, 11.0 / 3.0 },
    { "mean 3.4 of 5", { 4, 4, 3, 3, 3, 0 }, OM_ANSWER_CLASS_OTHER, 3.4 },
    { "all ones", { 1, 1, 1, 1, 1, 1 }, OM_ANSWER_CLASS_OTHER, 1.0 },
    { "three valid, three don't know", { 5, 5, 5, 9, 9, 9 }, OM_ANSWER_CLASS_SATISFIED, 5.0 },
    { "exactly min-valid, low", { 2, 9, 3, 0, 9, 2 }, OM_ANSWER_CLASS_OTHER, 7.0 / 3.0 },
    { "two valid, two don't know", { 5, 5, 9, 9, 0, 0 }, OM_ANSWER_CLASS_MISSING, -1 },
    { "two valid, rest blank", { 5, 5, 0, 0, 0, 0 }, OM_ANSWER_CLASS_BLANK, -1 },
    { "only don't know", { 9, 9, 9, 9, 9, 9 }, OM_ANSWER_CLASS_MISSING, -1 },
    { "all blank", { 0, 0, 0, 0, 0, 0 }, OM_ANSWER_CLASS_BLANK, -1 },
  };
  gint32 answers[21];
  for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
    const CompositeCase *cc = &cases[k];
    for (guint i = 0; i < 21; i++)
      answers[i] = i < 6 ? (cc->a[i] ? cc->a[i] : OM_ANSWER_BLANK) : 5;
    double score = -99;
    OmAnswerClass got = om_indicator_classify(s, ta, answers, &score);
    if (got != cc->want) {
      g_test_fail_printf("case '%s': class %d, expected %d", cc->name, got, cc->want);
      continue;
    }
    if (cc->want == OM_ANSWER_CLASS_SATISFIED || cc->want == OM_ANSWER_CLASS_OTHER)
      g_assert_cmpfloat_with_epsilon(score, cc->score, 1e-12);
    else
      g_assert_cmpfloat(score, ==, -99); /* untouched */
  }
  /* score may be NULL */
  for (guint i = 0; i < 21; i++)
    answers[i] = 4;
  g_assert_cmpint(om_indicator_classify(s, ta, answers, NULL), ==, OM_ANSWER_CLASS_SATISFIED);
  /* thema-d has 4 items d1, d2, d3, d_alg (indices 16..19); others must not count */
  const OmIndicator *td = om_survey_find_indicator(s, "thema-d");
  for (guint i = 0; i < 21; i++)
    answers[i] = 5;
  answers[16] = 4;
  answers[17] = 3;
  answers[18] = OM_ANSWER_BLANK;
  answers[19] = 3;
  double score = 0;
  g_assert_cmpint(om_indicator_classify(s, td, answers, &score), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpfloat_with_epsilon(score, 10.0 / 3.0, 1e-12);
  answers[18] = 4;
  g_assert_cmpint(om_indicator_classify(s, td, answers, &score), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpfloat(score, ==, 3.5);
  om_survey_free(s);
}

static void
test_single_rule(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  const OmIndicator *rel = om_survey_find_indicator(s, "relatie"); /* a_alg, index 5 */
  const OmIndicator *cij = om_survey_find_indicator(s, "cijfer");  /* cijfer, index 20 */
  gint32 answers[21];
  for (guint i = 0; i < 21; i++)
    answers[i] = 1;
  double score = -1;
  answers[5] = 4;
  g_assert_cmpint(om_indicator_classify(s, rel, answers, &score), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpfloat(score, ==, 4);
  answers[5] = 3;
  g_assert_cmpint(om_indicator_classify(s, rel, answers, &score), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpfloat(score, ==, 3);
  score = -1;
  answers[5] = 9;
  g_assert_cmpint(om_indicator_classify(s, rel, answers, &score), ==, OM_ANSWER_CLASS_MISSING);
  g_assert_cmpfloat(score, ==, -1);
  answers[5] = OM_ANSWER_BLANK;
  g_assert_cmpint(om_indicator_classify(s, rel, answers, &score), ==, OM_ANSWER_CLASS_BLANK);
  answers[5] = 7; /* never stored by the importer; must not count */
  g_assert_cmpint(om_indicator_classify(s, rel, answers, &score), ==, OM_ANSWER_CLASS_BLANK);
  g_assert_cmpfloat(score, ==, -1);
  answers[20] = 6;
  g_assert_cmpint(om_indicator_classify(s, cij, answers, &score), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpfloat(score, ==, 6);
  answers[20] = 5;
  g_assert_cmpint(om_indicator_classify(s, cij, answers, &score), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpfloat(score, ==, 5);
  om_survey_free(s);
}

/* ---------------------------------------------------------------- columns */

static void
test_match_column(void)
{
  OmSurvey *s = load_ok("surveys/ouders.ini");
  /* short names */
  g_assert_cmpint(om_survey_match_column(s, "a1"), ==, 0);
  g_assert_cmpint(om_survey_match_column(s, "A1"), ==, 0);
  g_assert_cmpint(om_survey_match_column(s, "  a_alg "), ==, 5);
  g_assert_cmpint(om_survey_match_column(s, "cijfer"), ==, 20);
  g_assert_cmpint(om_survey_match_column(s, "D_ALG"), ==, 19);
  /* full question titles, case-insensitive */
  g_assert_cmpint(
      om_survey_match_column(
          s, "Ondersteunt de school u voldoende om uw kind thuis te helpen bij het leren?"),
      ==, 10);
  g_assert_cmpint(
      om_survey_match_column(
          s, "  WORDT ER DOOR OF VIA DE SCHOOL VOLDOENDE OPVOEDINGSONDERSTEUNING GEBODEN? "),
      ==, 15);
  /* a title with ë: uppercase, and decomposed (e + U+0308) */
  g_assert_cmpint(
      om_survey_match_column(
          s, "HOE TEVREDEN BENT U OVER HOE DE SCHOOL LUISTERT NAAR DE IDEEËN VAN OUDERS?"),
      ==, 3);
  g_assert_cmpint(
      om_survey_match_column(
          s, "Hoe tevreden bent u over hoe de school luistert naar de ideee\xcc\x88n van ouders?"),
      ==, 3);
  /* LimeSurvey styles */
  g_assert_cmpint(
      om_survey_match_column(
          s, "a1. Hoe tevreden bent u over het contact met de leerkracht of mentor van uw kind?"),
      ==, 0);
  g_assert_cmpint(om_survey_match_column(s, "b2: Hoe tevreden bent u over de informatie?"), ==, 7);
  g_assert_cmpint(om_survey_match_column(s, "[c3] Hoe tevreden bent u over de ouderavonden?"), ==,
                  13);
  g_assert_cmpint(om_survey_match_column(s, "[d_alg] netwerk"), ==, 19);
  g_assert_cmpint(om_survey_match_column(s, "C4 - hulp"), ==, 14);
  /* not items */
  g_assert_cmpint(om_survey_match_column(s, "naam"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "email"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "opmerking"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "respondent"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, ""), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "a"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "a12"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "a1x"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "e1. Iets anders"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "[zz] a1"), ==, -1);
  g_assert_cmpint(om_survey_match_column(s, "Hoe tevreden bent u?"), ==, -1);
  om_survey_free(s);
}

/* ---------------------------------------------------------------- definition errors */

static void
test_mini_is_valid(void)
{
  /* The base of the broken-*.ini fixtures must load, or their errors prove nothing. */
  OmSurvey *s = load_ok("tests/data/surveys/mini.ini");
  g_assert_cmpuint(om_survey_n_items(s), ==, 2);
  g_assert_cmpuint(om_survey_n_indicators(s), ==, 0);
  g_assert_null(om_survey_year_column(s));
  g_assert_cmpstr(om_survey_title(s), ==, "mini");
  g_assert_cmpstr(om_survey_item(s, 0)->column, ==, "q1");
  g_assert_null(om_survey_item(s, 0)->title);
  om_survey_free(s);
}

static void
test_broken_unknown_scale(void)
{
  assert_broken("broken-unknown-scale.ini", 19, "unknown scale 's7'; define it as [scale:s7]");
}

static void
test_broken_duplicate_item(void)
{
  assert_broken("broken-duplicate-item.ini", 17,
                "[item:q1] is defined twice (first on line 13); each group needs its own name");
}

static void
test_broken_theme(void)
{
  assert_broken("broken-theme.ini", 18,
                "theme 'E' is not one of A, B, C, D (A partnerschap, B onderwijsondersteunend "
                "gedrag, C opvoedingsondersteuning, D ouder-netwerken)");
}

static void
test_broken_satisfied(void)
{
  assert_broken("broken-satisfied.ini", 10, "satisfied value 6 is outside the scale (1–5)");
}

static void
test_broken_duplicate_key(void)
{
  assert_broken("broken-duplicate-key.ini", 15,
                "key 'theme' in [item:q1] is given twice (first on line 14)");
}

static void
test_broken_unknown_key(void)
{
  assert_broken("broken-unknown-key.ini", 16,
                "unknown key 'kleur' in [item:q1]; expected one of: column, title, theme, scale");
}

static void
test_broken_missing_overlap(void)
{
  assert_broken("broken-missing-overlap.ini", 11,
                "missing code 5 is also a value of the scale; a don't-know code must lie "
                "outside the values");
}

#define HEAD                                                                                       \
  "[survey]\n"                         /* 1 */                                                     \
  "id = m\n"                           /* 2 */                                                     \
  "group = ouders\n"                   /* 3 */                                                     \
  "respondent-column = r\n"            /* 4 */                                                     \
  "institution-column = i\n"           /* 5 */                                                     \
  "[scale:s5]\n"                       /* 6 */                                                     \
  "values = 1-5\n"                     /* 7 */                                                     \
  "labels = Een;Twee;Drie;Vier;Vijf\n" /* 8 */                                                     \
  "satisfied = 4;5\n"                  /* 9 */                                                     \
  "[item:q1]\n"                        /* 10 */                                                    \
  "theme = A\n"                        /* 11 */                                                    \
  "scale = s5\n"                       /* 12 */                                                    \
  "[item:q2]\n"                        /* 13 */                                                    \
  "theme = A\n"                        /* 14 */                                                    \
  "scale = s5\n"                       /* 15 */

static void
test_broken_in_memory(void)
{
  /* the base itself loads */
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("mem.ini", HEAD, strlen(HEAD), &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_survey_n_items(s), ==, 2);
  gint32 c;
  g_assert_true(om_scale_parse(item_scale(s, "q1"), "vier", &c));
  g_assert_cmpint(c, ==, 4);
  om_survey_free(s);

  assert_broken_data(HEAD "[item:q3]\ntheme = A\nscale = zz\n",
                     "mem.ini:18: unknown scale 'zz'; define it as [scale:zz]");
  /* Found in review: each of these used to load and then misbehave. */
  assert_broken_data(HEAD "[indicator:x]\nitems = q1;q1;q2\n",
                     "mem.ini:17: item 'q1' is listed twice; each item counts once");
  assert_broken_data(HEAD "[indicator:x]\nitems = q1;q2\nrule = mean\nmean-at-least = nan\n",
                     "mem.ini:19: mean-at-least nan is outside the scale (1–5)");
  assert_broken_data(HEAD "[scale:e]\nvalues = 1-3\nsatisfied =\n",
                     "mem.ini:18: 'satisfied' is empty; expected the values that count as "
                     "satisfied");
  assert_broken_data(HEAD "[item:r]\ntheme = A\nscale = s5\n",
                     "mem.ini:16: column 'r' is the survey's respondent, institution "
                     "or year column; an item needs a column of its own");
  /* A range up to INT_MAX is refused for its span, without overflowing (it used to hang). */
  assert_broken_data(HEAD "[scale:big]\nvalues = 2147483640-2147483647\nsatisfied = 2147483647\n"
                          "missing = 1\n",
                     "mem.ini:16: the codes of this scale span 1–2147483647; at most 100000 "
                     "apart is supported");
  assert_broken_data(HEAD "[item:q1]\ntheme = A\nscale = s5\n",
                     "mem.ini:16: [item:q1] is defined twice (first on line 10); each group "
                     "needs its own name");
  assert_broken_data(HEAD "[item:q3]\ntheme = AB\nscale = s5\n",
                     "mem.ini:17: theme 'AB' is not one of A, B, C, D (A partnerschap, B "
                     "onderwijsondersteunend gedrag, C opvoedingsondersteuning, D "
                     "ouder-netwerken)");
  assert_broken_data(HEAD "[item:q3]\ntheme = A\nscale = s5\ncolumn = x\ncolumn = y\n",
                     "mem.ini:20: key 'column' in [item:q3] is given twice (first on line 19)");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q9\n",
                     "mem.ini:17: unknown item 'q9'; define it as [item:q9] above");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q2\nrule = mean\nmean-at-least = 6\n",
                     "mem.ini:19: mean-at-least 6 is outside the scale (1–5)");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q2\nrule = mean\n",
                     "mem.ini:16: a composite needs 'mean-at-least', a number such as 3.5");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q2\nrule = median\n",
                     "mem.ini:18: rule 'median' is unknown; expected 'single' or 'mean'");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q2\nrule = mean\nmean-at-least = 3.5\n"
                          "min-valid = 3\n",
                     "mem.ini:20: min-valid must be a whole number from 1 to 2 (the number of "
                     "items)");
  assert_broken_data(HEAD "[indicator:k]\nitems = q1;q2\nrule = single\n",
                     "mem.ini:17: rule 'single' takes exactly one item, not 2");
  assert_broken_data(HEAD "[thema]\nx = 1\n",
                     "mem.ini:16: unknown group [thema]; expected [survey], [design], "
                     "[scale:NAME], [item:NAME] or [indicator:NAME]");
  assert_broken_data(HEAD "[design]\nmethod = wilson\n",
                     "mem.ini:17: method 'wilson' is not a design option; expected logit, beta, "
                     "mean, xlogit, asin, likelihood");
  assert_broken_data(HEAD "[scale:s2]\nvalues = 1-2\nsatisfied = 2\nlabels = Een;Een\n",
                     "mem.ini:19: label 'Een' is used twice");
  assert_broken_data(HEAD "[scale:s2]\nvalues = 1-2\nsatisfied = 2\nmissing = x\n",
                     "mem.ini:19: 'x' is not a code or a range; expected whole numbers such as "
                     "'1-5' or '0;1'");
  assert_broken_data(HEAD "[scale:s2]\nvalues = 1-3\nsatisfied = 3\nlabels = Een;Twee\n",
                     "mem.ini:19: 2 labels for 3 values; give one label per value");

  static const char nosurvey[] = "[scale:s5]\nvalues = 1-5\nsatisfied = 4;5\n";
  assert_broken_data(nosurvey,
                     "mem.ini: there is no [survey] group; it names the id, group and key "
                     "columns");
  static const char badgroup[] = "[survey]\nid = m\ngroup = leerlingen\nrespondent-column = r\n"
                                 "institution-column = i\n";
  assert_broken_data(badgroup, "mem.ini:3: group 'leerlingen' is unknown; expected 'ouders' or "
                               "'instellingen'");
  static const char noinst[] = "[survey]\nid = m\ngroup = ouders\nrespondent-column = r\n";
  assert_broken_data(noinst, "mem.ini:1: [survey] needs a value for 'institution-column'");
  static const char noitems[] = "[survey]\nid = m\ngroup = ouders\nrespondent-column = r\n"
                                "institution-column = i\n";
  assert_broken_data(noitems, "mem.ini: the definition has no [item:NAME] groups");
  static const char latin1[] = "[survey]\nid = m\ntitle = Ide\xebn\n";
  assert_broken_data(latin1, "mem.ini: the definition is not UTF-8 text");
}

static void
test_unreadable_file(void)
{
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file("/nonexistent/dir/x.ini", &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_true(g_str_has_prefix(e->message, "cannot read survey definition: "));
  g_assert_nonnull(strstr(e->message, "/nonexistent/dir/x.ini"));
  g_clear_error(&e);
  om_survey_free(NULL);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Report every failing test, not only the first (a failure must not hide the others). */
  g_test_set_nonfatal_assertions();
  g_test_add_func("/survey/load/ouders", test_ouders_loads);
  g_test_add_func("/survey/load/instellingen", test_instellingen_loads);
  g_test_add_func("/survey/load/unreadable", test_unreadable_file);
  g_test_add_func("/survey/scale/parse", test_scale_parse);
  g_test_add_func("/survey/scale/classify", test_scale_classify);
  g_test_add_func("/survey/scale/parse-class", test_scale_parse_class);
  g_test_add_func("/survey/indicator/composite", test_composite_rule);
  g_test_add_func("/survey/indicator/single", test_single_rule);
  g_test_add_func("/survey/match-column", test_match_column);
  g_test_add_func("/survey/definition/mini-is-valid", test_mini_is_valid);
  g_test_add_func("/survey/definition/unknown-scale", test_broken_unknown_scale);
  g_test_add_func("/survey/definition/duplicate-item", test_broken_duplicate_item);
  g_test_add_func("/survey/definition/theme", test_broken_theme);
  g_test_add_func("/survey/definition/satisfied-outside", test_broken_satisfied);
  g_test_add_func("/survey/definition/duplicate-key", test_broken_duplicate_key);
  g_test_add_func("/survey/definition/unknown-key", test_broken_unknown_key);
  g_test_add_func("/survey/definition/missing-overlap", test_broken_missing_overlap);
  g_test_add_func("/survey/definition/in-memory", test_broken_in_memory);
  return g_test_run();
}
