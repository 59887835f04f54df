/* test-format.c — Dutch and English numbers: om_format_percent, om_format_number,
 * om_format_decimal and om_lang_from_string.
 *
 * Every expectation is the exact string a Dutch (or English) reader must see: decimal
 * comma and '.' grouping in Dutch ("87,5%", "1.234,5"), the reverse in English, the minus
 * sign U+2212 in text and an ASCII '-' in CSV cells, "–" (U+2013) for a missing value.
 * Rounding is that of the decimal value the double holds (C printf), never of the locale.
 */
#include "base/format.h"

#include <locale.h>
#include <math.h>

#define MINUS "\xe2\x88\x92" /* U+2212 */
#define DASH "\xe2\x80\x93"  /* U+2013 */

typedef char *(*FormatFunc)(double, int, OmLang);

static void
check(FormatFunc f, double v, int decimals, OmLang lang, const char *expected)
{
  char *s = f(v, decimals, lang);
  g_assert_nonnull(s);
  g_assert_cmpstr(s, ==, expected);
  g_assert_true(g_utf8_validate(s, -1, NULL));
  g_free(s);
}

static void
test_percent(void)
{
  check(om_format_percent, 0.875, 1, OM_LANG_NL, "87,5%");
  check(om_format_percent, 0.875, 1, OM_LANG_EN, "87.5%");
  check(om_format_percent, 0.9, 0, OM_LANG_NL, "90%");
  check(om_format_percent, 1.0, 0, OM_LANG_NL, "100%");
  check(om_format_percent, 1.0, 1, OM_LANG_NL, "100,0%");
  check(om_format_percent, 0.0, 1, OM_LANG_EN, "0.0%");
  check(om_format_percent, 0.12345, 2, OM_LANG_NL, "12,35%");
  check(om_format_percent, 0.1234, 1, OM_LANG_EN, "12.3%");
  /* 0 decimals: 87.5 is exact in binary and rounds to 88 either way. */
  check(om_format_percent, 0.875, 0, OM_LANG_NL, "88%");
  check(om_format_percent, 0.875, 0, OM_LANG_EN, "88%");
}

/* 0.8995 * 100 is the double nearest 89.95 (89.9500000000000028…): 90,0%, so a share just
 * under 90% must not be shown as "89,9%" or as "90%" without its decimal. */
static void
test_percent_rounding(void)
{
  check(om_format_percent, 0.8995, 1, OM_LANG_NL, "90,0%");
  check(om_format_percent, 0.8995, 1, OM_LANG_EN, "90.0%");
  check(om_format_percent, 0.89949, 1, OM_LANG_NL, "89,9%");
  check(om_format_percent, 0.99996, 2, OM_LANG_NL, "100,00%");
  check(om_format_percent, 0.00049, 1, OM_LANG_NL, "0,0%");
}

static void
test_percent_negative(void)
{
  /* A change since the baseline: a real minus sign, not a hyphen. */
  check(om_format_percent, -0.05, 1, OM_LANG_NL, MINUS "5,0%");
  check(om_format_percent, -0.05, 1, OM_LANG_EN, MINUS "5.0%");
  check(om_format_percent, -0.1234, 1, OM_LANG_NL, MINUS "12,3%");
  /* Rounds to zero: no "−0,0%". */
  check(om_format_percent, -0.0004, 1, OM_LANG_NL, "0,0%");
  check(om_format_percent, -0.0, 0, OM_LANG_EN, "0%");
}

static void
test_percent_nan(void)
{
  check(om_format_percent, NAN, 1, OM_LANG_NL, DASH);
  check(om_format_percent, NAN, 0, OM_LANG_EN, DASH);
}

/* The report's interval column: "87,9–89,8%", the sign once; no interval without both
 * bounds. */
static void
test_percent_interval(void)
{
  char *s = om_format_percent_interval(0.879, 0.898, OM_LANG_NL);
  g_assert_cmpstr(s, ==, "87,9" DASH "89,8%");
  g_free(s);
  s = om_format_percent_interval(0.0, 1.0, OM_LANG_EN);
  g_assert_cmpstr(s, ==, "0.0" DASH "100.0%");
  g_free(s);
  s = om_format_percent_interval(NAN, 0.5, OM_LANG_NL);
  g_assert_cmpstr(s, ==, DASH);
  g_free(s);
  s = om_format_percent_interval(0.5, INFINITY, OM_LANG_NL);
  g_assert_cmpstr(s, ==, DASH);
  g_free(s);
}

static void
test_number(void)
{
  check(om_format_number, 1234.5, 1, OM_LANG_NL, "1.234,5");
  check(om_format_number, 1234.5, 1, OM_LANG_EN, "1,234.5");
  check(om_format_number, 3668, 0, OM_LANG_NL, "3.668");
  check(om_format_number, 3668, 0, OM_LANG_EN, "3,668");
  check(om_format_number, 999, 0, OM_LANG_NL, "999");
  check(om_format_number, 100000, 0, OM_LANG_NL, "100.000");
  check(om_format_number, 0.5, 2, OM_LANG_NL, "0,50");
  check(om_format_number, 8.5572519, 1, OM_LANG_NL, "8,6");
  check(om_format_number, 8.5572519, 1, OM_LANG_EN, "8.6");
}

static void
test_number_rounding(void)
{
  /* Rounding carries into a new thousands group. */
  check(om_format_number, 999.96, 1, OM_LANG_NL, "1.000,0");
  check(om_format_number, 999.96, 1, OM_LANG_EN, "1,000.0");
  check(om_format_number, 1234567.891, 0, OM_LANG_NL, "1.234.568");
  check(om_format_number, 1234567.891, 2, OM_LANG_EN, "1,234,567.89");
}

static void
test_number_negative(void)
{
  check(om_format_number, -1234.5, 1, OM_LANG_NL, MINUS "1.234,5");
  check(om_format_number, -1234.5, 1, OM_LANG_EN, MINUS "1,234.5");
  check(om_format_number, -7, 0, OM_LANG_NL, MINUS "7");
  check(om_format_number, -0.04, 1, OM_LANG_NL, "0,0");
}

static void
test_number_large(void)
{
  check(om_format_number, 1234567890.5, 2, OM_LANG_NL, "1.234.567.890,50");
  check(om_format_number, 1234567890.5, 2, OM_LANG_EN, "1,234,567,890.50");
  check(om_format_number, 1e15, 0, OM_LANG_EN, "1,000,000,000,000,000");
  check(om_format_number, 1e15, 0, OM_LANG_NL, "1.000.000.000.000.000");
  check(om_format_number, -1200000, 0, OM_LANG_NL, MINUS "1.200.000");
}

static void
test_number_nan(void)
{
  check(om_format_number, NAN, 1, OM_LANG_NL, DASH);
  check(om_format_number, NAN, 0, OM_LANG_EN, DASH);
}

/* CSV cells for Excel: no grouping, decimal comma for nl, ASCII minus. */
static void
test_decimal(void)
{
  check(om_format_decimal, 1234.5, 1, OM_LANG_NL, "1234,5");
  check(om_format_decimal, 1234.5, 1, OM_LANG_EN, "1234.5");
  check(om_format_decimal, 0.875, 3, OM_LANG_NL, "0,875");
  check(om_format_decimal, 0.875, 3, OM_LANG_EN, "0.875");
  check(om_format_decimal, 1234567890.5, 2, OM_LANG_NL, "1234567890,50");
  check(om_format_decimal, 1234567.891, 0, OM_LANG_EN, "1234568");
  check(om_format_decimal, -1234.5, 2, OM_LANG_NL, "-1234,50");
  check(om_format_decimal, -1234.5, 2, OM_LANG_EN, "-1234.50");
  check(om_format_decimal, -0.0513, 4, OM_LANG_NL, "-0,0513");
  check(om_format_decimal, -0.001, 2, OM_LANG_NL, "0,00");
  check(om_format_decimal, 999.96, 1, OM_LANG_NL, "1000,0");
}

/* The process locale must not matter: a Dutch report is the same on any machine. */
static void
test_locale_independent(void)
{
  const char *old = setlocale(LC_NUMERIC, NULL);
  char *saved = g_strdup(old ? old : "C");
  const char *locales[] = { "nl_NL.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8" };
  for (guint i = 0; i < G_N_ELEMENTS(locales); i++) {
    if (!setlocale(LC_NUMERIC, locales[i]))
      continue;
    check(om_format_percent, 0.875, 1, OM_LANG_EN, "87.5%");
    check(om_format_number, 1234.5, 1, OM_LANG_EN, "1,234.5");
    check(om_format_number, 1234.5, 1, OM_LANG_NL, "1.234,5");
    check(om_format_decimal, 0.875, 3, OM_LANG_EN, "0.875");
  }
  setlocale(LC_NUMERIC, saved);
  g_free(saved);
}

static void
test_lang_from_string(void)
{
  OmLang l = OM_LANG_EN;
  g_assert_true(om_lang_from_string("nl", &l));
  g_assert_cmpint(l, ==, OM_LANG_NL);
  g_assert_true(om_lang_from_string("EN", &l));
  g_assert_cmpint(l, ==, OM_LANG_EN);
  g_assert_true(om_lang_from_string("Dutch", &l));
  g_assert_cmpint(l, ==, OM_LANG_NL);
  g_assert_true(om_lang_from_string("english", &l));
  g_assert_cmpint(l, ==, OM_LANG_EN);
  /* Anything else leaves *out as it was. */
  l = OM_LANG_NL;
  g_assert_false(om_lang_from_string("de", &l));
  g_assert_cmpint(l, ==, OM_LANG_NL);
  l = OM_LANG_EN;
  g_assert_false(om_lang_from_string("", &l));
  g_assert_false(om_lang_from_string("nl-NL", &l));
  g_assert_false(om_lang_from_string(NULL, &l));
  g_assert_cmpint(l, ==, OM_LANG_EN);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/format/percent", test_percent);
  g_test_add_func("/format/percent-rounding", test_percent_rounding);
  g_test_add_func("/format/percent-negative", test_percent_negative);
  g_test_add_func("/format/percent-nan", test_percent_nan);
  g_test_add_func("/format/percent-interval", test_percent_interval);
  g_test_add_func("/format/number", test_number);
  g_test_add_func("/format/number-rounding", test_number_rounding);
  g_test_add_func("/format/number-negative", test_number_negative);
  g_test_add_func("/format/number-large", test_number_large);
  g_test_add_func("/format/number-nan", test_number_nan);
  g_test_add_func("/format/decimal", test_decimal);
  g_test_add_func("/format/locale-independent", test_locale_independent);
  g_test_add_func("/format/lang-from-string", test_lang_from_string);
  return g_test_run();
}
