/* test-definition-limits.c — survey definitions load in time linear in their size, and the
 * size limits apply before a range is expanded (issue 11).
 *
 * No test here measures time (a test must not depend on the clock): each checks the
 * behaviour that the linear code must keep — a scale of 99,999 codes loads, duplicates
 * and overlaps are still found wherever they are, and a list of many wide ranges is
 * refused by its size before it is expanded. The note of issue 11 gives the times.
 */
#include "input/survey.h"

#include <string.h>

static const char head[] = "[survey]\nid = big\ngroup = ouders\nrespondent-column = respondent\n"
                           "institution-column = instelling\n\n[scale:s]\n";
static const char tail[] = "\n[item:q1]\ntheme = A\nscale = s\n";

static OmSurvey *
load(const char *scale, GError **error)
{
  char *text = g_strconcat(head, scale, tail, NULL);
  OmSurvey *s = om_survey_new_from_data("big.ini", text, strlen(text), error);
  g_free(text);
  return s;
}

static void
expect_error(const char *scale, const char *message)
{
  GError *e = NULL;
  OmSurvey *s = load(scale, &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  g_assert_cmpstr(e->message, ==, message);
  g_error_free(e);
}

static void
test_wide_scale(void)
{
  GError *e = NULL;
  OmSurvey *s = load("values = 0-99998\nsatisfied = 99997;99998\nmissing = 99999\n", &e);
  g_assert_no_error(e);
  g_assert_nonnull(s);
  const OmItem *item = om_survey_item(s, 0);
  g_assert_cmpint(om_scale_classify(item->scale, 99998), ==, OM_ANSWER_CLASS_SATISFIED);
  g_assert_cmpint(om_scale_classify(item->scale, 0), ==, OM_ANSWER_CLASS_OTHER);
  g_assert_cmpint(om_scale_classify(item->scale, 99999), ==, OM_ANSWER_CLASS_MISSING);
  om_survey_free(s);
}

static void
test_many_ranges(void)
{
  GString *v = g_string_new("values = ");
  for (int i = 0; i < 200; i++)
    g_string_append_printf(v, "%s0-99998", i ? ";" : "");
  g_string_append(v, "\nsatisfied = 1\n");
  expect_error(v->str, "big.ini:8: more than 100000 codes; at most 100000 are supported");
  g_string_free(v, TRUE);
  expect_error("values = 0-60000;60001-99999;100000\nsatisfied = 1\n",
               "big.ini:8: more than 100000 codes; at most 100000 are supported");
}

static void
test_duplicates_found(void)
{
  /* the duplicate is the last code of 99,999: found without a pairwise scan */
  expect_error("values = 0-99997;5\nsatisfied = 1\n", "big.ini:8: value 5 is listed twice");
  expect_error("values = 1-5\nsatisfied = 6\n",
               "big.ini:9: satisfied value 6 is outside the scale (1–5)");
  expect_error("values = 1-5\nsatisfied = 5\nmissing = 9;3\n",
               "big.ini:10: missing code 3 is also a value of the scale; a don't-know code must "
               "lie outside the values");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/definition-limits/wide-scale", test_wide_scale);
  g_test_add_func("/definition-limits/many-ranges", test_many_ranges);
  g_test_add_func("/definition-limits/duplicates-found", test_duplicates_found);
  return g_test_run();
}
