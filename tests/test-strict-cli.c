/* test-strict-cli.c — the command line is strict (issue 11): every numeric option is
 * parsed whole (range, NaN, infinity, overflow) and refused with exit 2 and an exact
 * message; a value equal to a default is checked, not ignored; 64-bit counts print
 * exactly; `--` ends the options as in getopt; JSON output is valid UTF-8 even when a
 * file name is not.
 */
#include <glib.h>

#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>

static char *dir;

static char *
src(const char *rel)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", rel, NULL);
}

typedef struct {
  const char *argv[8];
  const char *err; /* the first line; the second is always the Try line */
} Refusal;

static const Refusal refusals[] = {
  { { "ci", "--population", "0", "3", "10" },
    "--population 0 must be at least 1: the number of parents the N answers were drawn from" },
  { { "ci", "--population", "-3", "3", "10" },
    "--population -3 must be at least 1: the number of parents the N answers were drawn from" },
  { { "ci", "--population", "nan", "3", "10" }, "--population 'nan' is not a finite number" },
  { { "ci", "-N", "inf", "3", "10" }, "--population 'inf' is not a finite number" },
  { { "ci", "--population", "1e999", "3", "10" }, "--population '1e999' is out of range" },
  { { "ci", "--level", "0x1p-1", "3", "10" }, "--level '0x1p-1' is not a finite number" },
  { { "ci", "--level", "0.95x", "3", "10" }, "--level '0.95x' is not a finite number" },
  { { "ci", "--level", "1", "3", "10" }, "--level 1 must lie between 0 and 1, e.g. 0.95" },
  { { "ci", "--threshold", "-1", "3", "10" }, "--threshold -1 must lie between 0 and 1" },
  { { "ci", "9223372036854775808", "9223372036854775808" },
    "ci takes two whole numbers: X (satisfied) and N (valid answers), or --strata FILE.csv" },
  { { "diff", "--level", "NaN", "1", "2", "1", "2" }, "--level 'NaN' is not a finite number" },
  { { "plan", "--expected", "0" }, "--expected 0 must lie between 0 and 1" },
  { { "plan", "--halfwidth", "-inf" }, "--halfwidth '-inf' is not a finite number" },
  { { "import", "--year", "99999999999", "--survey", "x.ini", "a.csv" },
    "--year '99999999999' is out of range" },
  { { "import", "--year", "0", "--survey", "x.ini", "a.csv" },
    "--year 0 is not a survey year (1990–2100)" },
  { { "import", "--skip-rows", "-4", "--survey", "x.ini", "a.csv" },
    "--skip-rows -4 must be 0 or more" },
  { { "stats", "--min-n", "12abc" }, "--min-n '12abc' is not a whole number" },
  { { "stats", "--min-n", "0" }, "--min-n must be at least 1" },
  { { "targets", "--year", " 2014" }, "--year ' 2014' is not a whole number" },
  { { "chart", "--width", "nan" }, "--width 'nan' is not a finite number" },
  { { "chart", "--jobs", "2147483648" }, "--jobs '2147483648' is out of range" },
};

static void
test_refusals(void)
{
  for (guint k = 0; k < G_N_ELEMENTS(refusals); k++) {
    const Refusal *c = &refusals[k];
    GPtrArray *a = g_ptr_array_new();
    char *bin = binary();
    g_ptr_array_add(a, bin);
    for (guint i = 0; c->argv[i]; i++)
      g_ptr_array_add(a, (char *)c->argv[i]);
    g_ptr_array_add(a, NULL);
    Run r = run_argv(dir, (char **)a->pdata);
    char *want = g_strdup_printf("oudermonitor: %s\nTry 'oudermonitor %s --help' for more "
                                 "information.\n",
                                 c->err, c->argv[0]);
    g_assert_cmpstr(r.err, ==, want);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_cmpint(r.status, ==, 2);
    g_free(want);
    run_clear(&r);
    g_ptr_array_free(a, TRUE);
    g_free(bin);
  }
}

static void
test_exact_counts(void)
{
  Run r = run(dir, "ci", "9223372036854775807", "9223372036854775807", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "9.223.372.036.854.775.807  9.223.372.036.854.775.807"));
  run_clear(&r);
  r = run(dir, "ci", "--format", "csv", "9223372036854775807", "9223372036854775807", NULL);
  g_assert_nonnull(strstr(r.out, "9223372036854775807;9223372036854775807;"));
  run_clear(&r);
  r = run(dir, "ci", "--format", "json", "9223372036854775807", "9223372036854775807", NULL);
  g_assert_nonnull(strstr(r.out, "\"n\" : 9223372036854775807"));
  run_clear(&r);
}

/* `import -- -x.csv` imports the file named -x.csv and nothing named "--"; a file name
 * that is not UTF-8 still gives valid JSON. */
static void
test_end_of_options_and_json(void)
{
  char *db = g_build_filename(dir, "store.db", NULL);
  char *reg = src("tests/data/import/register.csv");
  char *survey = src("surveys/ouders.ini");
  char *good = src("tests/data/import/good-2014.csv");
  char *text = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(good, &text, &len, NULL));
  char *dash = g_build_filename(dir, "-x.csv", NULL);
  char *latin = g_build_filename(dir, "caf\xe9-2015.csv", NULL);
  g_assert_true(g_file_set_contents(dash, text, (gssize)len, NULL));
  /* the same answers as a 2015 wave, under a Latin-1 file name */
  char *t2015 = g_strdup(text);
  for (char *p = t2015; (p = strstr(p, ",2014,")) != NULL; p++)
    memcpy(p, ",2015,", 6);
  g_assert_true(g_file_set_contents(latin, t2015, -1, NULL));
  Run r = run(dir, "init", "--db", db, NULL); /* register and import never create a store */
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, reg, NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "import", "-q", "--db", db, "--survey", survey, "--", "-x.csv", NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_str_has_prefix(r.out, "-x.csv: imported as ouders wave 2014"));
  run_clear(&r);
  r = run(dir, "import", "-q", "--db", db, "--survey", survey, "caf\xe9-2015.csv", NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "waves", "--db", db, "--format", "json", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_utf8_validate(r.out, -1, NULL));
  g_assert_nonnull(strstr(r.out, "\"source\" : \"caf\xef\xbf\xbd-2015.csv\""));
  run_clear(&r);
  g_free(db);
  g_free(reg);
  g_free(survey);
  g_free(good);
  g_free(text);
  g_free(t2015);
  g_free(dash);
  g_free(latin);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
  GError *e = NULL;
  dir = g_dir_make_tmp("om-test-strict-XXXXXX", &e);
  g_assert_no_error(e);
  g_test_add_func("/strict-cli/refusals", test_refusals);
  g_test_add_func("/strict-cli/exact-counts", test_exact_counts);
  g_test_add_func("/strict-cli/end-of-options-and-json", test_end_of_options_and_json);
  int rc = g_test_run();
  char *cmd = g_strdup_printf("rm -rf '%s'", dir);
  if (system(cmd) != 0)
    g_printerr("could not remove %s\n", dir);
  g_free(cmd);
  g_free(dir);
  return rc;
}
