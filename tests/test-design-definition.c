/* test-design-definition.c — a survey definition's [design] group sets the default design
 * options (R survey's words), the command line overrides them, and a wrong word is refused
 * when the definition is read, with its file and line (issue 13, item 2). */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "testutil.h"

static char *dir, *db, *definition;

/* ouders.ini with a [design] group appended. */
static char *
write_definition(const char *name, const char *design)
{
  char *src = om_test_source_path("surveys/ouders.ini");
  char *text = NULL;
  g_assert_true(g_file_get_contents(src, &text, NULL, NULL));
  char *path = g_build_filename(dir, name, NULL);
  char *all = g_strconcat(text, "\n[design]\n", design, NULL);
  g_assert_true(g_file_set_contents(path, all, -1, NULL));
  g_free(all);
  g_free(text);
  g_free(src);
  return path;
}

/* The municipality's 2016 interval method and df for relatie, as stats --format json says. */
static void
gemeente_method(const char *extra, char **method, double *df)
{
  Run r = extra ? run(dir, "stats", "--db", db, "--indicator", "relatie", "--by", "gemeente",
                      "--year", "2016", "--format", "json", extra, "logit", NULL)
                : run(dir, "stats", "--db", db, "--indicator", "relatie", "--by", "gemeente",
                      "--year", "2016", "--format", "json", NULL);
  g_assert_cmpint(r.status, ==, 0);
  JsonParser *p = json_parser_new();
  g_assert_true(json_parser_load_from_data(p, r.out, -1, NULL));
  JsonObject *o = json_array_get_object_element(json_node_get_array(json_parser_get_root(p)), 0);
  *method = g_strdup(json_object_get_string_member(o, "method"));
  *df = json_object_get_null_member(o, "df") ? -1 : json_object_get_double_member(o, "df");
  g_object_unref(p);
  run_clear(&r);
}

static void
test_defaults_and_override(void)
{
  char *reg = om_test_source_path("sample-data/register.csv");
  char *wave = om_test_source_path("sample-data/ouders-2016.csv");
  definition = write_definition("design.ini", "method = beta\ndf = inf\n");
  Run r = run(dir, "init", "--db", db, NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, reg, NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "import", "-q", "--db", db, "--survey", definition, wave, NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  /* The definition's words: Korn–Graubard (beta). beta keeps n − H degrees of freedom
   * whatever --df says, as R's svyciprop does. */
  char *method = NULL;
  double df = 0;
  gemeente_method(NULL, &method, &df);
  g_assert_cmpstr(method, ==, "beta");
  g_assert_cmpfloat(df, >, 1000);
  g_free(method);
  /* The command line wins: logit, and the definition's df = inf still holds. */
  gemeente_method("--method", &method, &df);
  g_assert_cmpstr(method, ==, "logit");
  g_assert_cmpfloat(df, ==, -1);
  g_free(method);
  g_free(reg);
  g_free(wave);
}

static void
test_wrong_word(void)
{
  char *bad = write_definition("bad.ini", "lonely = scale\n");
  char *wave = om_test_source_path("sample-data/ouders-2016.csv");
  Run r = run(dir, "import", "--db", db, "--dry-run", "--survey", bad, wave, NULL);
  g_assert_cmpint(r.status, ==, 1);
  /* file:line of the key; the words R's survey knows */
  g_assert_nonnull(strstr(r.err, "bad.ini:"));
  g_assert_nonnull(strstr(r.err,
                          "lonely 'scale' is not a design option; expected adjust, fail, remove, "
                          "average, certainty"));
  run_clear(&r);
  char *unknown = write_definition("unknown.ini", "psu = cluster\n");
  r = run(dir, "import", "--db", db, "--dry-run", "--survey", unknown, wave, NULL);
  g_assert_cmpint(r.status, ==, 1);
  g_assert_nonnull(strstr(r.err, "psu"));
  run_clear(&r);
  g_free(unknown);
  g_free(bad);
  g_free(wave);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  dir = om_test_tmp_dir();
  db = g_build_filename(dir, "store.db", NULL);
  g_test_add_func("/design-definition/defaults-and-override", test_defaults_and_override);
  g_test_add_func("/design-definition/wrong-word", test_wrong_word);
  int status = g_test_run();
  om_test_rm_tree(dir);
  g_free(db);
  g_free(dir);
  g_free(definition);
  return status;
}
