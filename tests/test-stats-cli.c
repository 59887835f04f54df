/* test-stats-cli.c — the statistics, target, chart and report commands on sample-data/.
 *
 * Builds one store from sample-data/ with the command itself (init, register, import of
 * the four parents' and four institutions' waves) in a temporary directory, then runs
 * `stats`, `targets`, `ci`, `diff`, `chart` and `report` on it with g_spawn_sync and
 * checks their JSON (parsed with json-glib), text, PDF text (poppler's pdftotext and
 * pdfinfo; skipped when missing) and PNG headers.
 *
 * The most valuable check: the engine's design-based shares for the indicator 'relatie'
 * in 2016 equal R's survey package run on the raw sample exports, independently of the
 * importer and the engine (tests/reference/sample_reference.R, its output in
 * tests/reference/sample_reference.out).
 *
 * Exit codes (src/cli.h): 0 ok, 1 data, 2 usage, 3 store, 4 I/O, 5 targets --fail-on.
 */
#include "render/chart.h"

#include <glib.h>

#include "testutil.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* ---------------------------------------------------------------- helpers */

#define assert_ok(r)                                                                               \
  do {                                                                                             \
    if ((r).status != 0)                                                                           \
      g_test_message("exit %d, stderr: %s", (r).status, (r).err);                                  \
    g_assert_cmpint((r).status, ==, 0);                                                            \
  } while (0)

/* Every path below dir, relative to it, sorted ("a", "a/b.png"). */
static void
list_tree_into(const char *dir, const char *rel, GPtrArray *out)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  while ((name = g_dir_read_name(d))) {
    char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    char *p = g_build_filename(dir, name, NULL);
    g_ptr_array_add(out, g_strdup(r));
    if (g_file_test(p, G_FILE_TEST_IS_DIR))
      list_tree_into(p, r, out);
    g_free(p);
    g_free(r);
  }
  g_dir_close(d);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *
list_tree(const char *dir)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  list_tree_into(dir, NULL, a);
  g_ptr_array_sort(a, cmp_str);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < a->len; i++)
    g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(a, i));
  g_ptr_array_unref(a);
  return g_string_free(s, FALSE);
}

/* A fresh directory below the test's temporary directory. */
static char *tmp_root;

static char *
fresh_dir(const char *name)
{
  char *d = g_build_filename(tmp_root, name, NULL);
  om_test_rm_tree(d);
  g_assert_cmpint(g_mkdir_with_parents(d, 0700), ==, 0);
  return d;
}

/* ---------------------------------------------------------------- the sample store */

static char *store_dir; /* holds only store.db (and its WAL files) */
static char *db;

static const char *
sample_store(void)
{
  if (!db) {
    store_dir = fresh_dir("store");
    db = om_test_sample_store(store_dir, "store.db", TRUE, NULL);
  }
  return db;
}

/* ---------------------------------------------------------------- JSON */

typedef struct {
  JsonParser *parser;
  JsonArray *rows;
} Json;

static Json
parse_json(const Run *r)
{
  Json j = { json_parser_new(), NULL };
  GError *e = NULL;
  g_assert_true(json_parser_load_from_data(j.parser, r->out, -1, &e));
  g_assert_no_error(e);
  JsonNode *root = json_parser_get_root(j.parser);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(root));
  j.rows = json_node_get_array(root);
  return j;
}

static void
json_clear(Json *j)
{
  g_clear_object(&j->parser);
}

/* Runs a command with --db and --format json appended and parses its output. */
static Json G_GNUC_NULL_TERMINATED
run_json(const char *first, ...)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(a, binary());
  g_ptr_array_add(a, g_strdup(first));
  va_list ap;
  va_start(ap, first);
  const char *s;
  while ((s = va_arg(ap, const char *)))
    g_ptr_array_add(a, g_strdup(s));
  va_end(ap);
  g_ptr_array_add(a, g_strdup("--db"));
  g_ptr_array_add(a, g_strdup(sample_store()));
  g_ptr_array_add(a, g_strdup("--format"));
  g_ptr_array_add(a, g_strdup("json"));
  g_ptr_array_add(a, NULL);
  Run r = run_argv(tmp_root, (char **)a->pdata);
  g_ptr_array_unref(a);
  assert_ok(r);
  Json j = parse_json(&r);
  run_clear(&r);
  return j;
}

static JsonObject *
row_at(const Json *j, guint i)
{
  return json_array_get_object_element(j->rows, i);
}

static gboolean
is_null(JsonObject *o, const char *key)
{
  g_assert_true(json_object_has_member(o, key));
  return json_object_get_null_member(o, key);
}

static double
num(JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member(o, key);
  g_assert_nonnull(n);
  g_assert_true(JSON_NODE_HOLDS_VALUE(n));
  GType t = json_node_get_value_type(n);
  if (t == G_TYPE_INT64)
    return (double)json_node_get_int(n);
  g_assert_true(t == G_TYPE_DOUBLE);
  return json_node_get_double(n);
}

static gint64
integer(JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member(o, key);
  g_assert_nonnull(n);
  g_assert_true(JSON_NODE_HOLDS_VALUE(n));
  g_assert_true(json_node_get_value_type(n) == G_TYPE_INT64);
  return json_node_get_int(n);
}

static const char *
str(JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member(o, key);
  g_assert_nonnull(n);
  if (JSON_NODE_HOLDS_NULL(n))
    return NULL;
  return json_node_get_string(n);
}

/* The row with this id (and year, when year != 0); NULL when none. */
static JsonObject *
find_row(const Json *j, const char *id, int year)
{
  for (guint i = 0; i < json_array_get_length(j->rows); i++) {
    JsonObject *o = row_at(j, i);
    if (strcmp(str(o, "id"), id) == 0 && (year == 0 || integer(o, "year") == year))
      return o;
  }
  return NULL;
}

/* ---------------------------------------------------------------- 1. R reference */

/* Indicator 'relatie' (a_alg: satisfied 4 or 5 of valid 1..5; 9 = don't know; blank
 * missing) from the raw exports in sample-data/, with populations from register.csv:
 *   R survey 4.1-1 (R 4.2.2), options(survey.lonely.psu = "adjust"),
 *   d <- svydesign(ids = ~1, strata = ~instelling, fpc = ~populatie, data = valid answers)
 *   coef(svymean(~y, d)); attr(svyciprop(~y, d, method = "logit", level = 0.95), "ci")
 * made by `Rscript tests/reference/sample_reference.R` (output in
 * tests/reference/sample_reference.out). A sector's data are its institutions' rows, the
 * municipality's all rows; an institution is one stratum with its fpc (df = n - 1). */
typedef struct {
  const char *id;
  int year;
  gint64 n, satisfied, dont_know;
  double share, lower, upper;
} Ref;

static const Ref ref_2016[] = {
  /* df = degf(d) = 3635, se = 0.0045455114562027296 */
  { "gemeente", 2016, 3668, 3280, 157, 0.89864948942247092, 0.88938342663775849,
    0.90722032864170687 },
  /* df = 113, se = 0.021772750683537533 */
  { "voorschool", 2016, 119, 107, 9, 0.90176378375998867, 0.8494176012641188, 0.93725725012497474 },
  /* df = 1408, se = 0.0070023373293735432 */
  { "po", 2016, 1426, 1259, 62, 0.88828379716946571, 0.87379191082871321, 0.90129961107538026 },
  /* df = 1304, se = 0.0076090159768228702 */
  { "vo", 2016, 1310, 1174, 46, 0.89764209843507947, 0.88172133061756819, 0.9116346371211087 },
  /* df = 810, se = 0.009287956612985003 */
  { "mbo", 2016, 813, 740, 40, 0.91018048774812799, 0.89020464737075022, 0.92682074431907169 },
};
/* The 2014 wave (Windows-1252, ';', CRLF): df = 3780, se = 0.005206377606768735 */
static const Ref ref_2014
    = { "gemeente",         2014, 3813, 3294, 146, 0.86200505912044678, 0.85147688528092869,
        0.87189921240512114 };
static const Ref ref_inst[] = {
  /* Basisschool Onder de Linde (N = 134): df = 40, se = 0.028374128031637465 */
  { "49JD00", 2016, 41, 39, 2, 0.95121951219512202, 0.8499908404514338, 0.98531738542407787 },
  /* its near-census of 2015: df = 117, se = 0.0064351233780681142 */
  { "49JD00", 2015, 118, 113, 9, 0.9576271186440678, 0.94288476319311687, 0.96869059315590056 },
  /* Basisschool De Regenboog (N = 418): df = 103, se = 0.02517611178892917 */
  { "97GP00", 2016, 104, 94, 6, 0.90384615384615385, 0.84106663501186518, 0.9434934848131884 },
};

static void
assert_ref(JsonObject *o, const Ref *r)
{
  g_assert_nonnull(o);
  g_test_message("%s %d", r->id, r->year);
  g_assert_cmpstr(str(o, "indicator"), ==, "relatie");
  g_assert_cmpint(integer(o, "year"), ==, r->year);
  g_assert_cmpint(integer(o, "n"), ==, r->n);
  g_assert_cmpint(integer(o, "satisfied"), ==, r->satisfied);
  g_assert_cmpint(integer(o, "dont_know"), ==, r->dont_know);
  g_assert_cmpstr(str(o, "method"), ==, "logit");
  g_assert_cmpfloat_with_epsilon(num(o, "share"), r->share, 1e-6);
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), r->lower, 1e-6);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), r->upper, 1e-6);
  g_assert_null(str(o, "note"));
}

static void
test_reference_sectors(void)
{
  Json j = run_json("stats", "--indicator", "relatie", "--year", "2016", "--by", "sector", NULL);
  /* The municipality and the five sectors of the register. */
  g_assert_cmpuint(json_array_get_length(j.rows), ==, 6);
  g_assert_cmpstr(str(row_at(&j, 0), "scope"), ==, "gemeente");
  g_assert_cmpstr(str(row_at(&j, 0), "name"), ==, "Gemeente Lindeveen");
  for (guint i = 0; i < G_N_ELEMENTS(ref_2016); i++) {
    JsonObject *o = row_at(&j, i);
    g_assert_cmpstr(str(o, "id"), ==, ref_2016[i].id);
    g_assert_cmpstr(str(o, "scope"), ==, i == 0 ? "gemeente" : "sector");
    assert_ref(o, &ref_2016[i]);
  }
  /* Care and welfare institutions have no parents' respondents: no share, not withheld. */
  JsonObject *zw = row_at(&j, 5);
  g_assert_cmpstr(str(zw, "id"), ==, "zorg-welzijn");
  g_assert_cmpint(integer(zw, "n"), ==, 0);
  g_assert_true(is_null(zw, "share"));
  g_assert_cmpstr(str(zw, "note"), ==, "geen antwoorden");
  json_clear(&j);
}

static void
test_reference_2014(void)
{
  Json j = run_json("stats", "--indicator", "relatie", "--year", "2014", "--by", "gemeente", NULL);
  g_assert_cmpuint(json_array_get_length(j.rows), ==, 1);
  assert_ref(find_row(&j, "gemeente", 2014), &ref_2014);
  json_clear(&j);
}

static void
test_reference_institutions(void)
{
  for (int year = 2015; year <= 2016; year++) {
    char y[8];
    g_snprintf(y, sizeof y, "%d", year);
    Json j = run_json("stats", "--indicator", "relatie", "--year", y, "--by", "instelling", NULL);
    /* Every registered institution has a row. */
    g_assert_cmpuint(json_array_get_length(j.rows), ==, 40);
    for (guint i = 0; i < G_N_ELEMENTS(ref_inst); i++)
      if (ref_inst[i].year == year)
        assert_ref(find_row(&j, ref_inst[i].id, year), &ref_inst[i]);
    json_clear(&j);
  }
}

/* ---------------------------------------------------------------- 2. targets */

typedef struct {
  const char *target;
  const char *ids; /* the municipality and sector rows, in order */
} TargetRows;

/* Parents' targets: the sectors with parents (zorg-welzijn has none); institutions'
 * targets: every sector, or the sectors the target names. */
static const TargetRows target_rows[] = {
  { "relatie-2016", "gemeente voorschool po vo mbo" },
  { "ondersteuning-2015", "gemeente voorschool po vo mbo" },
  { "opvoeding-2016", "gemeente voorschool po vo mbo" },
  { "partnerschap-2014", "gemeente voorschool po vo mbo zorg-welzijn" },
  { "llo-2015", "gemeente voorschool po vo mbo" },
  { "vve-2016", "gemeente voorschool po" },
};

static void
test_targets_rows(void)
{
  Json j = run_json("targets", NULL);
  GString *got = g_string_new(NULL);
  guint n_inst[G_N_ELEMENTS(target_rows)] = { 0 };
  const char *last = NULL;
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    JsonObject *o = row_at(&j, i);
    const char *t = str(o, "target");
    if (!last || strcmp(last, t) != 0)
      g_string_append_printf(got, "%s%s:", got->len ? "\n" : "", t);
    last = t;
    if (strcmp(str(o, "scope"), "instelling") == 0) {
      for (guint k = 0; k < G_N_ELEMENTS(target_rows); k++)
        if (strcmp(target_rows[k].target, t) == 0)
          n_inst[k]++;
    } else {
      g_string_append_printf(got, " %s", str(o, "id"));
      g_assert_cmpstr(str(o, "scope"), ==,
                      strcmp(str(o, "id"), "gemeente") == 0 ? "gemeente" : "sector");
    }
  }
  GString *want = g_string_new(NULL);
  for (guint k = 0; k < G_N_ELEMENTS(target_rows); k++)
    g_string_append_printf(want, "%s%s: %s", k ? "\n" : "", target_rows[k].target,
                           target_rows[k].ids);
  g_assert_cmpstr(got->str, ==, want->str);
  /* The parents' targets are evaluated for the 33 schools with parents' answers; the
   * institutions' targets have no institution scope. */
  for (guint k = 0; k < G_N_ELEMENTS(target_rows); k++)
    g_assert_cmpuint(n_inst[k], ==, k < 3 ? 33 : 0);
  g_assert_cmpuint(json_array_get_length(j.rows), ==, 3 * (5 + 33) + 6 + 5 + 3);

  /* Every target of surveys/targets.ini is there, with its threshold and deadline. */
  char *path = om_test_source_path("surveys/targets.ini");
  GKeyFile *kf = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
  gsize n_groups = 0;
  char **groups = g_key_file_get_groups(kf, &n_groups);
  g_assert_cmpuint(n_groups, ==, G_N_ELEMENTS(target_rows));
  for (gsize g = 0; g < n_groups; g++) {
    const char *id = groups[g] + strlen("target:");
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length(j.rows); i++) {
      JsonObject *o = row_at(&j, i);
      if (strcmp(str(o, "target"), id) != 0)
        continue;
      found = TRUE;
      g_assert_cmpfloat(num(o, "threshold"), ==,
                        g_key_file_get_double(kf, groups[g], "threshold", NULL));
      g_assert_cmpint(integer(o, "deadline"), ==,
                      g_key_file_get_integer(kf, groups[g], "deadline", NULL));
      char *ind = g_key_file_get_string(kf, groups[g], "indicator", NULL);
      g_assert_cmpstr(str(o, "indicator"), ==, ind);
      g_free(ind);
    }
    g_assert_true(found);
  }
  g_strfreev(groups);
  g_key_file_free(kf);
  g_free(path);
  g_string_free(got, TRUE);
  g_string_free(want, TRUE);
  json_clear(&j);
}

/* In the deadline year a status follows from the printed interval: attained iff the lower
 * bound reaches the threshold, not attained iff the upper bound is below it. */
static void
test_targets_status_from_interval(void)
{
  Json j = run_json("targets", NULL);
  guint counted[8] = { 0 };
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    JsonObject *o = row_at(&j, i);
    const char *status = str(o, "status");
    double thr = num(o, "threshold");
    int deadline = (int)integer(o, "deadline");
    g_assert_cmpint(deadline, <=, 2016);
    /* Every deadline year has a wave in the sample. */
    g_assert_cmpint(integer(o, "year"), ==, deadline);
    g_assert_true(is_null(o, "projection"));
    g_assert_true(is_null(o, "projection_lower"));
    g_assert_true(is_null(o, "projection_upper"));
    const char *want;
    if (is_null(o, "share")) {
      g_assert_true(is_null(o, "lower"));
      g_assert_true(is_null(o, "upper"));
      want = integer(o, "n") > 0 ? "too-few" : "no-data";
    } else {
      double lo = num(o, "lower"), hi = num(o, "upper"), est = num(o, "share");
      g_assert_cmpfloat(lo, <=, est);
      g_assert_cmpfloat(est, <=, hi);
      want = lo >= thr ? "attained" : hi < thr ? "not-attained" : "undecided";
      g_assert_cmpint(json_object_get_boolean_member(o, "meets_threshold"), ==, est >= thr);
    }
    if (strcmp(status, want) != 0)
      g_test_message("%s %s: status %s, the interval says %s", str(o, "target"), str(o, "id"),
                     status, want);
    g_assert_cmpstr(status, ==, want);
    counted[strcmp(want, "attained") == 0       ? 0
            : strcmp(want, "not-attained") == 0 ? 1
            : strcmp(want, "undecided") == 0    ? 2
            : strcmp(want, "too-few") == 0      ? 3
                                                : 4]++;
  }
  /* The sample shows each of these. */
  g_assert_cmpuint(counted[0], >, 0);
  g_assert_cmpuint(counted[1], >, 0);
  g_assert_cmpuint(counted[2], >, 0);
  g_assert_cmpuint(counted[3], >, 0);
  json_clear(&j);
}

static JsonObject *
target_row(const Json *j, const char *target, const char *id)
{
  for (guint i = 0; i < json_array_get_length(j->rows); i++) {
    JsonObject *o = row_at(j, i);
    if (strcmp(str(o, "target"), target) == 0 && strcmp(str(o, "id"), id) == 0)
      return o;
  }
  g_test_message("no row %s %s", target, id);
  g_assert_not_reached();
  return NULL;
}

/* What sample-data/README.md says the data show. */
static void
test_targets_known(void)
{
  Json j = run_json("targets", NULL);
  /* 2014: all six vo schools answered yes (a census): attained with zero width. */
  JsonObject *o = target_row(&j, "partnerschap-2014", "vo");
  g_assert_cmpstr(str(o, "status"), ==, "attained");
  g_assert_cmpint(integer(o, "n"), ==, 6);
  g_assert_cmpfloat(num(o, "share"), ==, 1);
  g_assert_cmpfloat(num(o, "lower"), ==, 1);
  /* Every answering care institution, but one did not answer: undecided. */
  o = target_row(&j, "partnerschap-2014", "zorg-welzijn");
  g_assert_cmpstr(str(o, "status"), ==, "undecided");
  g_assert_cmpfloat(num(o, "share"), ==, 1);
  g_assert_cmpfloat(num(o, "lower"), <, 1);
  /* 2016: every voorschool meets all 7 VVE indicators; OBS Het Kompas (po) is missing. */
  g_assert_cmpstr(str(target_row(&j, "vve-2016", "voorschool"), "status"), ==, "attained");
  o = target_row(&j, "vve-2016", "po");
  g_assert_cmpstr(str(o, "status"), ==, "undecided");
  g_assert_cmpint(integer(o, "n"), ==, 17);
  g_assert_cmpfloat(num(o, "share"), ==, 1);
  /* OBS Het Kompas declines: about 70% in 2016. */
  o = target_row(&j, "relatie-2016", "53SB00");
  g_assert_cmpstr(str(o, "status"), ==, "not-attained");
  g_assert_cmpfloat(num(o, "upper"), <, 0.9);
  /* The municipality's relatie: 89.9% (88.9–90.7%), the norm inside: undecided. */
  o = target_row(&j, "relatie-2016", "gemeente");
  g_assert_cmpstr(str(o, "status"), ==, "undecided");
  g_assert_false(json_object_get_boolean_member(o, "meets_threshold"));
  g_assert_cmpfloat_with_epsilon(num(o, "share"), ref_2016[0].share, 1e-6);
  json_clear(&j);
}

/* Evaluated in 2014: targets with a later deadline get a projection status. */
static void
test_targets_projection(void)
{
  Json j = run_json("targets", "--year", "2014", NULL);
  g_assert_cmpuint(json_array_get_length(j.rows), ==, 3 * (5 + 33) + 6 + 5 + 3);
  guint with_projection = 0;
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    JsonObject *o = row_at(&j, i);
    const char *status = str(o, "status");
    double thr = num(o, "threshold");
    if (integer(o, "deadline") <= 2014) {
      g_assert_true(strcmp(status, "attained") == 0 || strcmp(status, "not-attained") == 0
                    || strcmp(status, "undecided") == 0 || strcmp(status, "too-few") == 0);
      continue;
    }
    if (!is_null(o, "year"))
      g_assert_cmpint(integer(o, "year"), ==, 2014);
    const char *want;
    if (is_null(o, "share")) {
      want = integer(o, "n") > 0 ? "too-few" : "no-data";
      g_assert_true(is_null(o, "projection"));
    } else if (!is_null(o, "projection")) {
      double lo = num(o, "projection_lower"), hi = num(o, "projection_upper");
      g_assert_cmpfloat(lo, <=, num(o, "projection"));
      g_assert_cmpfloat(num(o, "projection"), <=, hi);
      want = lo >= thr ? "on-course" : hi < thr ? "off-course" : "uncertain";
      with_projection++;
    } else {
      /* No trend: the note says why; a share already at the norm is on course. */
      g_assert_nonnull(str(o, "note"));
      want = num(o, "lower") >= thr ? "on-course" : "uncertain";
    }
    if (strcmp(status, want) != 0)
      g_test_message("%s %s: status %s, expected %s", str(o, "target"), str(o, "id"), status, want);
    g_assert_cmpstr(status, ==, want);
  }
  g_assert_cmpuint(with_projection, >, 30);
  /* The municipality: off course for ondersteuning (projection 83.5%, 80.7–85.9%),
   * uncertain for relatie; voorschool on course for ondersteuning. */
  g_assert_cmpstr(str(target_row(&j, "ondersteuning-2015", "gemeente"), "status"), ==,
                  "off-course");
  g_assert_cmpstr(str(target_row(&j, "relatie-2016", "gemeente"), "status"), ==, "uncertain");
  g_assert_cmpstr(str(target_row(&j, "ondersteuning-2015", "voorschool"), "status"), ==,
                  "on-course");
  /* A deadline in the evaluation year is measured, not projected. */
  g_assert_cmpstr(str(target_row(&j, "partnerschap-2014", "vo"), "status"), ==, "attained");
  /* The municipality's and a sector's projections are fitted on the stratified design
   * (strata = wave x institution) and equal R svyglm on the raw sample exports
   * (tests/reference/sample_reference.R, trend_report; sample_reference.out):
   * {id, projection, lower, upper} */
  static const struct {
    const char *id;
    double proj, lower, upper;
  } trend_ref[] = {
    { "gemeente", 0.88593479171019784, 0.85087331289211587, 0.91359004621503437 },
    { "po", 0.84845996367959153, 0.77711156078381161, 0.89991077126632646 },
  };
  for (guint i = 0; i < G_N_ELEMENTS(trend_ref); i++) {
    JsonObject *o = target_row(&j, "relatie-2016", trend_ref[i].id);
    g_assert_cmpstr(str(o, "projection_method"), ==, "svyglm");
    g_assert_cmpfloat_with_epsilon(num(o, "projection"), trend_ref[i].proj, 1e-6);
    g_assert_cmpfloat_with_epsilon(num(o, "projection_lower"), trend_ref[i].lower, 1e-6);
    g_assert_cmpfloat_with_epsilon(num(o, "projection_upper"), trend_ref[i].upper, 1e-6);
  }
  /* an institution keeps the binomial GLM */
  g_assert_cmpstr(str(target_row(&j, "relatie-2016", "49JD00"), "projection_method"), ==, "glm");
  json_clear(&j);
}

static void
test_targets_fail_on(void)
{
  const char *d = sample_store();
  Run r = run(tmp_root, "targets", "--db", d, "--fail-on", "not-attained", NULL);
  g_assert_cmpint(r.status, ==, 5);
  g_assert_nonnull(strstr(r.out, "niet behaald")); /* the table is printed all the same */
  g_assert_cmpstr(r.err, ==, "");
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, NULL);
  assert_ok(r);
  run_clear(&r);
  /* No row has no data; in 2014 some are off course. */
  r = run(tmp_root, "targets", "--db", d, "--fail-on", "no-data", NULL);
  assert_ok(r);
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--year", "2014", "--fail-on", "no-data,off-course",
          NULL);
  g_assert_cmpint(r.status, ==, 5);
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--fail-on", "behaald", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_cmpstr(r.out, ==, "");
  g_assert_cmpstr(r.err, ==,
                  "oudermonitor: --fail-on: 'behaald' is not a status key\n"
                  "Try 'oudermonitor targets --help' for more information.\n");
  run_clear(&r);
}

/* ---------------------------------------------------------------- 3. ci and diff */

static void
test_ci(void)
{
  Run r = run(tmp_root, "ci", "47", "52", "--format", "json", NULL);
  assert_ok(r);
  Json j = parse_json(&r);
  g_assert_cmpuint(json_array_get_length(j.rows), ==, 1);
  JsonObject *o = row_at(&j, 0);
  g_assert_cmpint(integer(o, "x"), ==, 47);
  g_assert_cmpint(integer(o, "n"), ==, 52);
  g_assert_cmpstr(str(o, "method"), ==, "wilson");
  g_assert_true(is_null(o, "df"));
  g_assert_cmpfloat_with_epsilon(num(o, "level"), 0.95, 1e-15);
  g_assert_cmpfloat_with_epsilon(num(o, "estimate"), 47.0 / 52.0, 1e-15);
  /* statsmodels 0.13.5 proportion_confint(47, 52, alpha=0.05, method="wilson") */
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), 0.79390369879868372, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), 0.95822564894742757, 1e-9);
  json_clear(&j);
  run_clear(&r);
}

/* The exact one-sided binomial test and the design-based interval of one stratum. */
static void
test_ci_threshold_and_population(void)
{
  Run r = run(tmp_root, "ci", "47", "52", "--threshold", "0.8", "--format", "json", NULL);
  assert_ok(r);
  Json j = parse_json(&r);
  JsonObject *o = row_at(&j, 0);
  g_assert_cmpfloat_with_epsilon(num(o, "threshold"), 0.8, 1e-15);
  g_assert_cmpstr(str(o, "tail"), ==, "greater");
  /* R 4.2.2: binom.test(47, 52, 0.8, alternative = "greater")$p.value */
  g_assert_cmpfloat_with_epsilon(num(o, "p_value"), 0.036882399657022717, 1e-12);
  json_clear(&j);
  run_clear(&r);

  /* the other tail: binom.test(47, 52, 0.8, alternative = "less")$p.value */
  r = run(tmp_root, "ci", "47", "52", "--threshold", "0.8", "--tail", "less", "--format", "json",
          NULL);
  assert_ok(r);
  j = parse_json(&r);
  o = row_at(&j, 0);
  g_assert_cmpstr(str(o, "tail"), ==, "less");
  g_assert_cmpfloat_with_epsilon(num(o, "p_value"), 0.98630109823944656, 1e-12);
  json_clear(&j);
  run_clear(&r);

  /* A finite population: the hypergeometric tail at K = floor(0.8 * 60) = 48,
   * R phyper(46, 48, 12, 52, lower.tail = FALSE) */
  r = run(tmp_root, "ci", "47", "52", "--threshold", "0.8", "--population", "60", "--format",
          "json", NULL);
  assert_ok(r);
  j = parse_json(&r);
  o = row_at(&j, 0);
  g_assert_cmpfloat_with_epsilon(num(o, "p_value"), 1.5051468088856256e-05, 1e-15);
  json_clear(&j);
  run_clear(&r);

  /* The text names the hypothesis, not "p (share > threshold)". */
  r = run(tmp_root, "ci", "47", "52", "--threshold", "0.9", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "p-waarde (H0: aandeel ≤ 90%)"));
  /* R: binom.test(47, 52, 0.9, alternative = "greater")$p.value = 0.57917828854542797 */
  g_assert_nonnull(strstr(r.out, "0,579178"));
  run_clear(&r);
  r = run(tmp_root, "ci", "47", "52", "--threshold", "0.9", "--tail", "less", "--lang", "en", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "p-value (H0: share ≥ 90%)"));
  run_clear(&r);

  r = run(tmp_root, "ci", "17", "20", "--population", "25", "--format", "json", NULL);
  assert_ok(r);
  j = parse_json(&r);
  o = row_at(&j, 0);
  g_assert_cmpstr(str(o, "method"), ==, "logit");
  g_assert_cmpfloat_with_epsilon(num(o, "df"), 19, 1e-12);
  json_clear(&j);
  run_clear(&r);

  /* A census says so. */
  r = run(tmp_root, "ci", "18", "20", "--population", "20", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "volledige telling"));
  run_clear(&r);

  r = run(tmp_root, "ci", "53", "52", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_cmpstr(r.err, ==,
                  "oudermonitor: need 0 <= X <= N and N >= 1 (got X = 53, N = 52)\n"
                  "Try 'oudermonitor ci --help' for more information.\n");
  run_clear(&r);
  r = run(tmp_root, "ci", "17", "20", "--population", "19", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "--population 19 is smaller than N = 20"));
  run_clear(&r);
}

static char *
write_strata(const char *name, const char *text)
{
  char *path = g_build_filename(tmp_root, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* ci --strata: the stratified estimate for given counts, R survey's numbers
 * (test-estimate.c, option_refs OPT_BRIEF and OPT_RESP at 0.95). */
static void
test_ci_strata(void)
{
  char *brief = write_strata("brief.csv", "stratum,N,n,x\nA,25,20,17\nB,40,31,28\nC,18,18,16\n");
  Run r = run(tmp_root, "ci", "--strata", brief, "--format", "json", NULL);
  assert_ok(r);
  Json j = parse_json(&r);
  JsonObject *o = row_at(&j, 0);
  /* svydesign(ids = ~1, strata = ~s, fpc = ~N); svymean(deff = TRUE); svyciprop("logit") */
  g_assert_cmpfloat_with_epsilon(num(o, "estimate"), 0.88408472600077725, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "se"), 0.016553546827125957, 1e-9);
  g_assert_cmpfloat(num(o, "df"), ==, 66);
  g_assert_cmpfloat_with_epsilon(num(o, "deff"), 1.0779696639667189, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), 0.84673065692865224, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), 0.91326755763128864, 1e-9);
  g_assert_cmpint(integer(o, "x"), ==, 61);
  g_assert_cmpint(integer(o, "n"), ==, 69);
  g_assert_cmpint(integer(o, "strata"), ==, 3);
  g_assert_cmpstr(str(o, "method"), ==, "logit");
  json_clear(&j);
  run_clear(&r);
  r = run(tmp_root, "ci", "--strata", brief, "--method", "beta", "--format", "json", NULL);
  assert_ok(r);
  j = parse_json(&r);
  o = row_at(&j, 0);
  /* svyciprop(method = "beta") */
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), 0.84719679038312068, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), 0.9147284448534857, 1e-9);
  json_clear(&j);
  run_clear(&r);

  /* columns in any order, ';' as Dutch Excel writes it, an unknown population as NA */
  char *resp = write_strata("resp.csv", "x;n;N;stratum\n17;20;NA;u\n28;31;40;v\n");
  r = run(tmp_root, "ci", "--strata", resp, "--format", "json", NULL);
  assert_ok(r);
  j = parse_json(&r);
  o = row_at(&j, 0);
  /* svydesign(ids = ~1, data, weights = 1); svyciprop("logit"), df = 50 */
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), 0.75644183797237008, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), 0.94767494136544395, 1e-9);
  g_assert_nonnull(strstr(str(o, "note"), "respondentweging"));
  json_clear(&j);
  run_clear(&r);

  /* mistakes: a file line, a usage error */
  char *bad = write_strata("bad.csv", "stratum,N,n,x\nA,25,20,17\nB,20,31,28\n");
  r = run(tmp_root, "ci", "--strata", bad, NULL);
  g_assert_cmpint(r.status, ==, 1);
  g_assert_nonnull(strstr(r.err, "bad.csv:3: stratum 'B': n (answers) is more than N"));
  run_clear(&r);
  char *nox = write_strata("nox.csv", "stratum,N,n\nA,25,20\n");
  r = run(tmp_root, "ci", "--strata", nox, NULL);
  g_assert_cmpint(r.status, ==, 1);
  g_assert_nonnull(strstr(r.err, "nox.csv:1: no column 'x'"));
  run_clear(&r);
  r = run(tmp_root, "ci", "--strata", brief, "--threshold", "0.9", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "a stratified design has no exact test"));
  run_clear(&r);
  r = run(tmp_root, "ci", "--strata", brief, "--method", "wilson", NULL);
  g_assert_cmpint(r.status, ==, 2);
  run_clear(&r);
  r = run(tmp_root, "ci", "--strata", brief, "--lonely", "fail", NULL);
  assert_ok(r);
  run_clear(&r);
  g_free(brief);
  g_free(resp);
  g_free(bad);
  g_free(nox);
}

static void
test_diff(void)
{
  Run r = run(tmp_root, "diff", "170", "200", "180", "200", "--format", "json", NULL);
  assert_ok(r);
  Json j = parse_json(&r);
  JsonObject *o = row_at(&j, 0);
  g_assert_cmpfloat_with_epsilon(num(o, "p1"), 0.85, 1e-15);
  g_assert_cmpfloat_with_epsilon(num(o, "p2"), 0.90, 1e-15);
  g_assert_cmpfloat_with_epsilon(num(o, "difference"), -0.05, 1e-15);
  /* statsmodels 0.13.5 confint_proportions_2indep(170, 200, 180, 200, method="newcomb") */
  g_assert_cmpfloat_with_epsilon(num(o, "lower"), -0.11573256427136422, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "upper"), 0.015408426957863638, 1e-9);
  /* statsmodels 0.13.5 proportions_ztest([170, 180], [200, 200]) */
  g_assert_cmpfloat_with_epsilon(num(o, "z"), -1.5118578920369101, 1e-9);
  g_assert_cmpfloat_with_epsilon(num(o, "p_z"), 0.13057001811573588, 1e-9);
  /* scipy 1.10.1 fisher_exact([[170, 30], [180, 20]]) */
  g_assert_cmpfloat_with_epsilon(num(o, "p_fisher"), 0.17316087308572742, 1e-9);
  /* Every expected count is at least 5: the z test's p. */
  g_assert_cmpfloat_with_epsilon(num(o, "p_value"), 0.13057001811573588, 1e-9);
  g_assert_cmpstr(str(o, "test"), ==, "z");
  json_clear(&j);
  run_clear(&r);
}

/* ---------------------------------------------------------------- 4. small groups */

static const char *const withheld_keys[]
    = { "satisfied", "share",  "lower",        "upper",        "method",  "mean",
        "grade",     "change", "change_lower", "change_upper", "change_p" };

static void
assert_row_withheld(JsonObject *o)
{
  for (guint k = 0; k < G_N_ELEMENTS(withheld_keys); k++) {
    if (!is_null(o, withheld_keys[k]))
      g_test_message("%s %s %" G_GINT64_FORMAT ": %s is shown", str(o, "indicator"), str(o, "id"),
                     integer(o, "year"), withheld_keys[k]);
    g_assert_true(is_null(o, withheld_keys[k]));
  }
}

#define NOTE_PRIMARY_PREFIX "te weinig respons (n="
#define NOTE_COMPLEMENTARY "achtergehouden: anders terug te rekenen uit het totaal"

/* Peuterspeelzaal De Boefjes (78AC00) has 6 and 5 valid 'relatie' answers in 2013 and
 * 2015; 't Hummeltje (89QO00), the next-smallest voorschool, is withheld with it. Over all
 * indicators and scopes: no row under min-n shows anything but its n. */
static void
test_suppression_stats(void)
{
  Json j = run_json("stats", "--indicator", "relatie", "--by", "instelling", NULL);
  static const struct {
    const char *id;
    int year;
    gint64 n;
    const char *note;
  } cases[] = {
    { "78AC00", 2013, 6, NOTE_PRIMARY_PREFIX "6 < 10)" },
    { "78AC00", 2015, 5, NOTE_PRIMARY_PREFIX "5 < 10)" },
    { "89QO00", 2013, 11, NOTE_COMPLEMENTARY },
    { "89QO00", 2015, 12, NOTE_COMPLEMENTARY },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    JsonObject *o = find_row(&j, cases[i].id, cases[i].year);
    g_assert_nonnull(o);
    g_assert_cmpint(integer(o, "n"), ==, cases[i].n);
    g_assert_cmpstr(str(o, "note"), ==, cases[i].note);
    assert_row_withheld(o);
  }
  /* Published in the other waves (and no change against a withheld baseline). */
  JsonObject *o = find_row(&j, "78AC00", 2014);
  g_assert_false(is_null(o, "share"));
  g_assert_true(is_null(o, "change"));
  json_clear(&j);

  /* Every indicator, every scope: a row under min-n, or noted as withheld, shows only n. */
  const char *by[] = { "instelling", "sector" };
  guint withheld = 0;
  for (guint b = 0; b < G_N_ELEMENTS(by); b++) {
    j = run_json("stats", "--by", by[b], NULL);
    for (guint i = 0; i < json_array_get_length(j.rows); i++) {
      o = row_at(&j, i);
      gint64 n = integer(o, "n");
      const char *note = str(o, "note");
      gboolean primary = note && g_str_has_prefix(note, NOTE_PRIMARY_PREFIX);
      gboolean compl = note && strcmp(note, NOTE_COMPLEMENTARY) == 0;
      if (n > 0 && n < 10)
        g_assert_true(primary);
      if (primary || compl || n < 10) {
        assert_row_withheld(o);
        withheld++;
      }
    }
    json_clear(&j);
  }
  g_assert_cmpuint(withheld, >, 20);
}

static void
test_suppression_text_and_csv(void)
{
  const char *d = sample_store();
  Run r = run(tmp_root, "stats", "--db", d, "--indicator", "relatie", "--by", "instelling",
              "--year", "2015", NULL);
  assert_ok(r);
  gboolean seen = FALSE;
  char **lines = g_strsplit(r.out, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!strstr(lines[i], "78AC00"))
      continue;
    seen = TRUE;
    g_assert_nonnull(strstr(lines[i], "te weinig respons (n=5 < 10)"));
    g_assert_null(strchr(lines[i], '%'));
  }
  g_assert_true(seen);
  g_strfreev(lines);
  run_clear(&r);

  r = run(tmp_root, "stats", "--db", d, "--indicator", "relatie", "--by", "instelling", "--year",
          "2015", "--format", "csv", NULL);
  assert_ok(r);
  /* CSV for Excel: a BOM, CRLF, ';', English keys in the header; withheld cells empty. */
  g_assert_true(g_str_has_prefix(r.out, "\xef\xbb\xbfindicator;"));
  lines = g_strsplit(r.out, "\r\n", -1);
  char **head = g_strsplit(lines[0], ";", -1);
  int share = -1, satisfied = -1, mean = -1;
  for (int k = 0; head[k]; k++) {
    const char *h = head[k];
    if (g_str_has_prefix(h, "\xef\xbb\xbf"))
      h += 3;
    if (strcmp(h, "share") == 0)
      share = k;
    else if (strcmp(h, "satisfied") == 0)
      satisfied = k;
    else if (strcmp(h, "mean") == 0)
      mean = k;
  }
  g_assert_cmpint(share, >=, 0);
  g_assert_cmpint(satisfied, >=, 0);
  g_assert_cmpint(mean, >=, 0);
  seen = FALSE;
  for (guint i = 1; lines[i]; i++) {
    if (!strstr(lines[i], "78AC00") && !strstr(lines[i], "89QO00"))
      continue;
    seen = TRUE;
    char **cells = g_strsplit(lines[i], ";", -1);
    g_assert_cmpuint(g_strv_length(cells), ==, g_strv_length(head));
    g_assert_cmpstr(cells[share], ==, "");
    g_assert_cmpstr(cells[satisfied], ==, "");
    g_assert_cmpstr(cells[mean], ==, "");
    g_strfreev(cells);
  }
  g_assert_true(seen);
  g_strfreev(head);
  g_strfreev(lines);
  run_clear(&r);
}

static void
test_suppression_targets(void)
{
  Json j = run_json("targets", NULL);
  guint too_few = 0;
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    JsonObject *o = row_at(&j, i);
    if (strcmp(str(o, "target"), "ondersteuning-2015") == 0
        && (strcmp(str(o, "id"), "78AC00") == 0 || strcmp(str(o, "id"), "89QO00") == 0)) {
      g_assert_cmpstr(str(o, "status"), ==, "too-few");
      too_few++;
    }
    /* Parents' groups under min-n: only n. */
    if (strcmp(str(o, "scope"), "instelling") == 0 && integer(o, "n") < 10) {
      g_assert_cmpstr(str(o, "status"), ==, "too-few");
      g_assert_true(is_null(o, "share"));
    }
    if (strcmp(str(o, "status"), "too-few") == 0) {
      g_assert_true(is_null(o, "share"));
      g_assert_true(is_null(o, "lower"));
      g_assert_true(is_null(o, "upper"));
      g_assert_true(is_null(o, "meets_threshold"));
      g_assert_true(is_null(o, "projection"));
    }
  }
  g_assert_cmpuint(too_few, ==, 2);
  json_clear(&j);
}

/* The stats tables publish, per sector and wave, the satisfied count of the sector and of
 * every published institution. Whatever is withheld must stay unknown: the satisfied
 * answers of the withheld institutions together (the sector's count minus the published
 * ones) must not pin down any one of them. With one withheld institution the residual is
 * its count (complementary suppression prevents that); with several, a residual of 0 or of
 * all their answers shows that every one of them is at 0% or 100%. */
static void
test_suppression_not_recoverable(void)
{
  Json insts = run_json("institutions", NULL);
  GHashTable *sector_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < json_array_get_length(insts.rows); i++) {
    JsonObject *o = row_at(&insts, i);
    g_hash_table_insert(sector_of, g_strdup(str(o, "code")), g_strdup(str(o, "sector")));
  }
  json_clear(&insts);
  Json ji = run_json("stats", "--by", "instelling", NULL);
  Json js = run_json("stats", "--by", "sector", NULL);
  guint checked = 0;
  GString *leaks = g_string_new(NULL);
  for (guint s = 0; s < json_array_get_length(js.rows); s++) {
    JsonObject *so = row_at(&js, s);
    if (strcmp(str(so, "scope"), "sector") != 0 || is_null(so, "satisfied"))
      continue;
    gint64 residual = integer(so, "satisfied"), withheld_n = 0;
    guint withheld = 0;
    GString *who = g_string_new(NULL);
    for (guint i = 0; i < json_array_get_length(ji.rows); i++) {
      JsonObject *io = row_at(&ji, i);
      if (strcmp(str(io, "indicator"), str(so, "indicator")) != 0
          || integer(io, "year") != integer(so, "year")
          || g_strcmp0(g_hash_table_lookup(sector_of, str(io, "id")), str(so, "id")) != 0)
        continue;
      if (!is_null(io, "satisfied")) {
        residual -= integer(io, "satisfied");
      } else if (integer(io, "n") > 0) {
        withheld++;
        withheld_n += integer(io, "n");
        g_string_append_printf(who, " %s (n=%" G_GINT64_FORMAT ")", str(io, "id"),
                               integer(io, "n"));
      }
    }
    if (withheld > 0) {
      checked++;
      if (withheld == 1 || residual == 0 || residual == withheld_n)
        g_string_append_printf(
            leaks,
            "  %s %" G_GINT64_FORMAT " %s: %" G_GINT64_FORMAT " satisfied among the withheld%s\n",
            str(so, "indicator"), integer(so, "year"), str(so, "id"), residual, who->str);
    }
    g_string_free(who, TRUE);
  }
  g_assert_cmpuint(checked, >, 10);
  if (leaks->len) {
    g_test_message("withheld shares recoverable from published counts:\n%s", leaks->str);
    g_test_fail();
  }
  g_string_free(leaks, TRUE);
  json_clear(&ji);
  json_clear(&js);
  g_hash_table_unref(sector_of);
}

/* ---------------------------------------------------------------- 5. charts */

static char *
pdf_text(const char *pdf)
{
  char *argv[]
      = { (char *)"pdftotext", (char *)"-enc", (char *)"UTF-8", (char *)pdf, (char *)"-", NULL };
  char *out = NULL;
  int status = 0;
  GError *e = NULL;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                             NULL, NULL, &out, NULL, &status, &e));
  g_assert_no_error(e);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  /* Labels wrap: one space for every run of white space. */
  GString *s = g_string_new(NULL);
  gboolean space = FALSE;
  for (const char *p = out; *p; p++) {
    if (g_ascii_isspace(*p)) {
      space = TRUE;
      continue;
    }
    if (space && s->len)
      g_string_append_c(s, ' ');
    space = FALSE;
    g_string_append_c(s, *p);
  }
  g_free(out);
  return g_string_free(s, FALSE);
}

static guint
count(const char *haystack, const char *needle)
{
  guint k = 0;
  for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
    k++;
  return k;
}

/* The chart of De Boefjes shows "te weinig respons (n=…)" where a share is withheld, and
 * none of its withheld shares. From `oudermonitor export` of the sample store, 78AC00's
 * withheld waves are: relatie 2013 5/6 (83,3%), 2015 5/5 (100,0%); ondersteuning 2013 2/5
 * (40,0%), 2015 6/6 (100,0%); opvoeding 2013 3/5 (60,0%), 2015 5/6 (83,3%), 2016 8/9
 * (88,9%). Its published values: relatie 83,3% (2014), 92,3% (2016); ondersteuning and
 * opvoeding 91,7% (2014); ondersteuning 92,3% (2016). */
static void
test_chart_suppressed_pdf(void)
{
  if (!om_test_have("pdftotext")) {
    g_test_skip("pdftotext (poppler-utils) is not installed");
    return;
  }
  char *dir = fresh_dir("chart-pdf");
  Run r = run(tmp_root, "chart", "--db", sample_store(), "--by", "instelling", "--format", "pdf",
              "--quiet", "--out", dir, NULL);
  assert_ok(r);
  g_assert_cmpstr(r.out, !=, "");
  run_clear(&r);
  char *pdf = g_build_filename(dir, "instelling-78AC00.pdf", NULL);
  g_assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
  char *text = pdf_text(pdf);
  g_test_message("%s", text);
  g_assert_nonnull(strstr(text, "Peuterspeelzaal De Boefjes (78AC00)"));
  g_assert_nonnull(strstr(text, "te weinig respons (n=6)"));
  g_assert_nonnull(strstr(text, "te weinig respons (n=5)"));
  g_assert_nonnull(strstr(text, "(n=9)"));
  /* Seven withheld points and two panel subtitles ("Status: te weinig respons — …"). */
  g_assert_cmpuint(count(text, "te weinig respons"), ==, 9);
  g_assert_null(strstr(text, "100,0%"));
  g_assert_null(strstr(text, "40,0%"));
  g_assert_null(strstr(text, "60,0%"));
  g_assert_null(strstr(text, "88,9%"));
  g_assert_cmpuint(count(text, "83,3%"), ==, 1);
  g_assert_nonnull(strstr(text, "92,3%"));
  g_free(text);
  g_free(pdf);
  om_test_rm_tree(dir);
  g_free(dir);
}

/* SVG: the same drawing, its size in points. */
static void
test_chart_svg(void)
{
  char *dir = fresh_dir("chart-svg");
  Run r = run(tmp_root, "chart", "--db", sample_store(), "--by", "instelling", "--format", "svg",
              "--quiet", "--out", dir, NULL);
  assert_ok(r);
  g_assert_true(g_str_has_prefix(r.out, "33 charts (svg) in "));
  run_clear(&r);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name(d))) {
    g_assert_true(g_str_has_prefix(name, "instelling-") && g_str_has_suffix(name, ".svg"));
    char *p = g_build_filename(dir, name, NULL);
    char *data = NULL;
    g_assert_true(g_file_get_contents(p, &data, NULL, NULL));
    g_assert_nonnull(strstr(data, "<svg "));
    g_assert_nonnull(strstr(data, "width=\"800pt\" height=\"500pt\""));
    g_assert_nonnull(strstr(data, "</svg>"));
    g_free(data);
    g_free(p);
    n++;
  }
  g_dir_close(d);
  g_assert_cmpuint(n, ==, 33);
  om_test_rm_tree(dir);
  g_free(dir);
}

static guint32
be32(const guchar *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* `chart --out DIR` (every kind, PNG): 33 institution charts, a sector chart per target
 * and an overview per target with institutions in scope; every file 800×500 pixels, and
 * nothing written outside DIR. */
static void
test_chart_png_folder(void)
{
  char *work = fresh_dir("chart-png");
  char *before_store = list_tree(store_dir);
  gboolean tmp_x_before = g_file_test("/tmp/x.png", G_FILE_TEST_EXISTS);
  Run r = run(work, "chart", "--db", sample_store(), "--quiet", "--out", "sub/charts", NULL);
  assert_ok(r);
  g_assert_true(g_str_has_prefix(r.out, "42 charts (png) in sub/charts/ in "));
  run_clear(&r);

  /* The working directory holds the folder and nothing else. */
  char *tree = list_tree(work);
  char **entries = g_strsplit(tree, "\n", -1);
  guint files = 0, inst = 0, sector = 0, overview = 0;
  for (guint i = 0; entries[i] && *entries[i]; i++) {
    const char *e = entries[i];
    if (strcmp(e, "sub") == 0 || strcmp(e, "sub/charts") == 0)
      continue;
    g_assert_true(g_str_has_prefix(e, "sub/charts/"));
    const char *name = e + strlen("sub/charts/");
    g_assert_null(strchr(name, '/'));
    g_assert_true(g_str_has_suffix(name, ".png"));
    for (const char *c = name; *c; c++)
      g_assert_true(g_ascii_isalnum(*c) || *c == '-' || *c == '_' || *c == '.');
    inst += g_str_has_prefix(name, "instelling-");
    sector += g_str_has_prefix(name, "sector-");
    overview += g_str_has_prefix(name, "overzicht-");
    char *p = g_build_filename(work, e, NULL);
    g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
    guchar *data = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(p, (char **)&data, &len, NULL));
    g_assert_cmpuint(len, >, 33);
    g_assert_true(memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0);
    g_assert_true(memcmp(data + 12, "IHDR", 4) == 0);
    g_assert_cmpuint(be32(data + 16), ==, 800);
    g_assert_cmpuint(be32(data + 20), ==, 500);
    g_free(data);
    g_free(p);
    files++;
  }
  g_assert_cmpuint(files, ==, 42);
  g_assert_cmpuint(inst, ==, 33);
  g_assert_cmpuint(sector, ==, 6);
  g_assert_cmpuint(overview, ==, 3);
  char *p = g_build_filename(work, "sub", "charts", "sector-relatie-2016.png", NULL);
  g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
  g_free(p);
  p = g_build_filename(work, "sub", "charts", "overzicht-relatie-2016.png", NULL);
  g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
  g_free(p);
  /* Nothing beside the store, nothing in /tmp. */
  char *after_store = list_tree(store_dir);
  g_assert_cmpstr(after_store, ==, before_store);
  if (!tmp_x_before)
    g_assert_false(g_file_test("/tmp/x.png", G_FILE_TEST_EXISTS));
  g_free(after_store);
  g_free(before_store);
  g_strfreev(entries);
  g_free(tree);
  om_test_rm_tree(work);
  g_free(work);
}

static void
check_file_name(const char *stem, OmChartFormat f, const char *want)
{
  char *s = om_chart_file_name(stem, f);
  g_assert_cmpstr(s, ==, want);
  g_free(s);
}

static void
test_chart_file_name(void)
{
  check_file_name("../../etc/x", OM_CHART_PNG, "______etc_x.png");
  check_file_name("/tmp/x", OM_CHART_PNG, "_tmp_x.png");
  check_file_name("a\nb", OM_CHART_PNG, "a_b.png");
  check_file_name("", OM_CHART_PNG, "_.png");
  check_file_name(NULL, OM_CHART_PDF, "_.pdf");
  check_file_name("instelling-12AB00", OM_CHART_SVG, "instelling-12AB00.svg");
  check_file_name("sector-relatie_2016", OM_CHART_PDF, "sector-relatie_2016.pdf");
  check_file_name("Ideeënfabriek", OM_CHART_PNG, "Idee__nfabriek.png"); /* 2 UTF-8 bytes */
  check_file_name("..", OM_CHART_PNG, "__.png");
  /* At most 64 characters before the extension. */
  char *long_stem = g_strnfill(100, 'a');
  char *sixty_four = g_strnfill(64, 'a');
  char *want = g_strconcat(sixty_four, ".png", NULL);
  check_file_name(long_stem, OM_CHART_PNG, want);
  g_free(want);
  g_free(sixty_four);
  g_free(long_stem);
}

/* ---------------------------------------------------------------- 6. report, language */

static int
pdf_pages(const char *pdf)
{
  char *argv[] = { (char *)"pdfinfo", (char *)pdf, NULL };
  char *out = NULL;
  int status = 0;
  GError *e = NULL;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                             NULL, NULL, &out, NULL, &status, &e));
  g_assert_no_error(e);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const char *p = strstr(out, "Pages:");
  g_assert_nonnull(p);
  int pages = atoi(p + strlen("Pages:"));
  g_free(out);
  return pages;
}

/* Fails when a withheld share says "te weinig respons (n=N)" with N at or above the
 * minimum n of 10: such a group was withheld to protect another one (issue 8, item 2). */
static void
assert_no_false_too_few(const char *text)
{
  static const char *const heads[] = { "te weinig respons (n=", "Te weinig respons in " };
  for (guint h = 0; h < G_N_ELEMENTS(heads); h++)
    for (const char *p = text; (p = strstr(p, heads[h])); p += strlen(heads[h])) {
      const char *q = p + strlen(heads[h]);
      if (h == 1 && !(q = strstr(q, "(n=")))
        break;
      if (h == 1)
        q += 3;
      guint64 n = g_ascii_strtoull(q, NULL, 10);
      if (n >= 10)
        g_test_message("false too-few: %.60s", p);
      g_assert_cmpuint(n, <, 10);
    }
}

static void
test_report(void)
{
  if (!om_test_have("pdfinfo") || !om_test_have("pdftotext")) {
    g_test_skip("pdfinfo/pdftotext (poppler-utils) are not installed");
    return;
  }
  char *dir = fresh_dir("report");
  char *pdf = g_build_filename(dir, "lea.pdf", NULL);
  Run r = run(dir, "report", "--db", sample_store(), "--out", pdf, "--date", "1 april 2017", NULL);
  assert_ok(r);
  char *line
      = g_strdup_printf("%s: LEA report, 6 targets, 5 sector and 33 institution pages\n", pdf);
  g_assert_cmpstr(r.out, ==, line);
  g_free(line);
  run_clear(&r);
  int pages = pdf_pages(pdf);
  g_test_message("%d pages", pages);
  g_assert_cmpint(pages, >, 10);
  char *text = pdf_text(pdf);
  /* Every target in its own words; no sentence starts with a key (issue 8). */
  static const char *const ids[] = { "relatie-2016",      "ondersteuning-2015", "opvoeding-2016",
                                     "partnerschap-2014", "llo-2015",           "vve-2016" };
  for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
    g_assert_null(strstr(text, ids[i]));
  g_assert_nonnull(strstr(text, "tevreden over de relatie met de school"));
  /* The key-message page right after the cover, in plain words. */
  g_assert_nonnull(strstr(text, "Kernboodschappen"));
  g_assert_nonnull(strstr(text, "Haalt het doel van 90% waarschijnlijk"));
  /* The change since the nulmeting in procentpunt, in the table and on the pages. */
  g_assert_nonnull(strstr(text, "Sinds de nulmeting (2013): +"));
  g_assert_nonnull(strstr(text, " procentpunt (95%-BI "));
  g_assert_nonnull(strstr(text, " pp, significant"));
  /* The census as counts and names, no interval. */
  g_assert_nonnull(strstr(text, "17 van de 18 instellingen"));
  g_assert_nonnull(strstr(text, "Nog niet: OBS Het Kompas (geen antwoord)"));
  g_assert_null(strstr(text, "66,7–66,7%"));
  /* Response per wave (n / population) and the appendix's facts. */
  g_assert_nonnull(strstr(text, "Respons"));
  g_assert_nonnull(strstr(text, "158 / 406 (39%)")); /* OBS Het Kompas, 2013 */
  g_assert_nonnull(strstr(text, "Veldwerk"));
  g_assert_nonnull(strstr(text, "Tevreden: 4, 5 (schaal 1–5)"));
  g_assert_null(strstr(text, "100,0–100,0%"));
  g_assert_nonnull(strstr(text, "Lindeveen"));
  /* The cover and every footer name the municipality, not one target's scope. */
  const char *cover_end = strstr(text, "Inhoud");
  g_assert_nonnull(cover_end);
  char *cover = g_strndup(text, (gsize)(cover_end - text));
  g_assert_nonnull(strstr(cover, "Gemeente Lindeveen Evaluatiejaar 2016"));
  g_free(cover);
  g_assert_null(strstr(text, "ouderbetrokkenheid — Gemeente Lindeveen ("));
  g_assert_cmpuint(count(text, "— Gemeente Lindeveen — evaluatiejaar 2016, 1 april 2017"), ==,
                   (guint)pages - 1);
  g_assert_nonnull(strstr(text, "Evaluatiejaar 2016 1 april 2017"));
  assert_no_false_too_few(text);
  g_assert_nonnull(strstr(text, "niet getoond ter bescherming van een andere groep"));
  g_assert_nonnull(strstr(text, "niet behaald"));
  g_assert_nonnull(strstr(text, "te weinig respons"));
  g_assert_null(strstr(text, "not attained"));
  g_free(text);
  g_free(pdf);
  om_test_rm_tree(dir);
  g_free(dir);
}

/* Every interval carries its numbers: stats and targets JSON give se, df, deff, method and
 * the lonely rule; the municipality's 2016 se and df are R's (sample_reference.out: se =
 * 0.0045455114562027296, degf(d) = 3635). Text shows them only with --verbose; --fpc no
 * widens the interval; a wrong option word is a usage error. */
static void
test_design_numbers(void)
{
  Json j = run_json("stats", "--indicator", "relatie", "--year", "2016", "--by", "gemeente", NULL);
  JsonObject *o = row_at(&j, 0);
  g_assert_cmpstr(str(o, "id"), ==, "gemeente");
  g_assert_cmpfloat_with_epsilon(num(o, "se"), 0.0045455114562027296, 1e-9);
  g_assert_cmpfloat(num(o, "df"), ==, 3635);
  g_assert_cmpfloat(num(o, "deff"), >, 0);
  g_assert_cmpstr(str(o, "method"), ==, "logit");
  g_assert_cmpstr(str(o, "lonely"), ==, "adjust");
  double lower = num(o, "lower"), upper = num(o, "upper");
  json_clear(&j);

  j = run_json("stats", "--indicator", "relatie", "--year", "2016", "--by", "gemeente", "--fpc",
               "no", "--df", "inf", "--lonely", "remove", "--method", "beta", NULL);
  o = row_at(&j, 0);
  g_assert_cmpfloat(num(o, "se"), >, 0.0045455114562027296);
  g_assert_cmpfloat(num(o, "lower"), <, lower);
  g_assert_cmpfloat(num(o, "upper"), >, upper);
  g_assert_cmpstr(str(o, "method"), ==, "beta");
  g_assert_cmpstr(str(o, "lonely"), ==, "remove");
  g_assert_cmpfloat(num(o, "df"), ==, 3635); /* beta: R's svyciprop uses degf(d) */
  json_clear(&j);

  /* --ci takes the svyciprop names too */
  j = run_json("stats", "--indicator", "relatie", "--year", "2016", "--by", "gemeente", "--ci",
               "asin", NULL);
  g_assert_cmpstr(str(row_at(&j, 0), "method"), ==, "asin");
  json_clear(&j);

  j = run_json("targets", "--method", "mean", "--df", "inf", NULL);
  gboolean seen = FALSE;
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    o = row_at(&j, i);
    if (is_null(o, "share"))
      continue;
    g_assert_true(json_object_has_member(o, "se"));
    g_assert_true(json_object_has_member(o, "deff"));
    /* mean, or Korn–Graubard where a share of 0 or 1 leaves mean no interval */
    if (strcmp(str(o, "scope"), "instelling") != 0 && !is_null(o, "lonely")
        && strcmp(str(o, "method"), "beta") != 0) {
      g_assert_cmpstr(str(o, "method"), ==, "mean");
      g_assert_true(is_null(o, "df")); /* a normal quantile */
      seen = TRUE;
    }
  }
  g_assert_true(seen);
  json_clear(&j);

  const char *d = sample_store();
  Run r = run(tmp_root, "stats", "--db", d, "--indicator", "relatie", "--by", "gemeente", NULL);
  assert_ok(r);
  g_assert_null(strstr(r.out, "deff"));
  run_clear(&r);
  r = run(tmp_root, "stats", "--db", d, "--indicator", "relatie", "--by", "gemeente", "--verbose",
          NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "deff"));
  g_assert_nonnull(strstr(r.out, "adjust"));
  run_clear(&r);
  r = run(tmp_root, "stats", "--db", d, "--lonely", "scale", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(
      strstr(r.err, "--lonely 'scale' is not adjust, fail, remove, average or certainty"));
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--method", "wilson", NULL);
  g_assert_cmpint(r.status, ==, 2);
  run_clear(&r);
}

/* The institutions' survey is a census of the register: with x yes of n answering out of
 * N registered, the share lies in [x/N, (x + N - n)/N] whatever the missing ones say, and
 * the status follows from those bounds. partnerschap 2014: 30 yes of 37 answering, 40
 * registered: [30/40, 33/40]; vo: all 6 answered yes, a full census. */
static void
test_census_bounds(void)
{
  Json j = run_json("targets", NULL);
  JsonObject *o = target_row(&j, "partnerschap-2014", "gemeente");
  g_assert_cmpstr(str(o, "method"), ==, "census-bounds");
  g_assert_cmpint(integer(o, "n"), ==, 37);
  g_assert_cmpfloat(num(o, "lower"), ==, 30.0 / 40);
  g_assert_cmpfloat(num(o, "upper"), ==, 33.0 / 40);
  g_assert_true(is_null(o, "se"));
  g_assert_cmpstr(str(o, "status"), ==, "not-attained");
  g_assert_nonnull(strstr(str(o, "note"), "37 of 40 registered institutions answered"));
  o = target_row(&j, "partnerschap-2014", "vo");
  g_assert_cmpfloat(num(o, "lower"), ==, 1);
  g_assert_cmpstr(str(o, "status"), ==, "attained");
  g_assert_cmpstr(str(o, "note"), ==, "census: all 6 registered institutions answered");
  /* zorg-welzijn: 6 yes of 6 answering, 7 registered: [6/7, 1] holds the norm 100% */
  o = target_row(&j, "partnerschap-2014", "zorg-welzijn");
  g_assert_cmpfloat(num(o, "lower"), ==, 6.0 / 7);
  g_assert_cmpstr(str(o, "status"), ==, "undecided");
  json_clear(&j);
}

/* plan: --expected is used as given; a last share of 100% is moved one answer inwards and
 * the note says so. */
static void
test_plan_expected(void)
{
  Json j = run_json("plan", "--expected", "0.9", NULL);
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    g_assert_cmpfloat(num(row_at(&j, i), "expected_share"), ==, 0.9);
    g_assert_true(is_null(row_at(&j, i), "note"));
  }
  json_clear(&j);
  j = run_json("plan", NULL);
  guint moved = 0;
  for (guint i = 0; i < json_array_get_length(j.rows); i++) {
    JsonObject *o = row_at(&j, i);
    if (is_null(o, "note"))
      continue;
    g_assert_nonnull(strstr(str(o, "note"), "(één antwoord van de rand)"));
    g_assert_cmpfloat(num(o, "expected_share"), <, 1);
    moved++;
  }
  g_assert_cmpuint(moved, >, 0);
  json_clear(&j);
}

/* `stats` as a newcomer reads it (issue 8): the change in procentpunt, p-values as
 * "< 0,001", no grade for a yes/no item, no change interval beyond what a change from the
 * baseline can be, and a wrong indicator name a usage error that lists the valid ones. */
static void
test_stats_words(void)
{
  const char *d = sample_store();
  Run r = run(tmp_root, "stats", "--db", d, "--by", "gemeente", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "verschil (procentpunt)"));
  g_assert_nonnull(strstr(r.out, "+5,0"));
  g_assert_nonnull(strstr(r.out, "< 0,001"));
  g_assert_null(strstr(r.out, "0,0000"));
  run_clear(&r);
  /* Yes/no items have no grade; every change interval lies in [-1, 1], and a
   * population-weighted one (the parents' sectors) is cut to [-b, 1 - b]. The institutions'
   * census bounds change by Newcombe on the answers, the baseline being uncertain there. */
  guint changes = 0;
  for (int parents = 0; parents < 2; parents++) {
    r = run(tmp_root, "stats", "--db", d, "--group", parents ? "ouders" : "instellingen", "--by",
            "sector", "--format", "json", NULL);
    assert_ok(r);
    JsonParser *jp = json_parser_new();
    g_assert_true(json_parser_load_from_data(jp, r.out, -1, NULL));
    JsonArray *rows = json_node_get_array(json_parser_get_root(jp));
    for (guint i = 0; i < json_array_get_length(rows); i++) {
      JsonObject *o = json_array_get_object_element(rows, i);
      if (!parents)
        g_assert_true(json_object_get_null_member(o, "grade"));
      if (json_object_get_null_member(o, "change"))
        continue;
      double lo = json_object_get_double_member(o, "change_lower");
      double hi = json_object_get_double_member(o, "change_upper");
      g_assert_cmpfloat(lo, >=, -1);
      g_assert_cmpfloat(hi, <=, 1);
      if (!parents)
        continue;
      changes++;
      double base
          = json_object_get_double_member(o, "share") - json_object_get_double_member(o, "change");
      g_assert_cmpfloat(lo, >=, -base - 1e-9);
      g_assert_cmpfloat(hi, <=, 1 - base + 1e-9);
    }
    g_object_unref(jp);
    run_clear(&r);
  }
  g_assert_cmpuint(changes, >, 10);
  r = run(tmp_root, "stats", "--db", d, "--indicator", "relatei", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "'relatei'"));
  g_assert_nonnull(strstr(r.err, "relatie, ondersteuning"));
  run_clear(&r);
  r = run(tmp_root, "chart", "--db", d, "--indicator", "relatei", "--out", tmp_root, NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "relatie, ondersteuning"));
  run_clear(&r);
}

/* The targets table a newcomer gets: compact (no line over 150 characters, no empty
 * projection columns in the deadline year, municipality and sectors only), every column
 * with --verbose, institutions with --by; a year without a wave is refused, not silently
 * replaced; export speaks --format like the other commands (issue 8). */
static void
test_targets_compact(void)
{
  const char *d = sample_store();
  Run r = run(tmp_root, "targets", "--db", d, NULL);
  assert_ok(r);
  char **lines = g_strsplit(r.out, "\n", -1);
  for (char **l = lines; *l; l++)
    g_assert_cmpuint(g_utf8_strlen(*l, -1), <=, 150);
  g_assert_cmpuint(g_strv_length(lines), ==, 1 + 3 * 5 + 6 + 5 + 3 + 1);
  g_strfreev(lines);
  g_assert_null(strstr(r.out, "prognose"));
  g_assert_null(strstr(r.out, "OBS Het Kompas"));
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--verbose", "--by", "instelling", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "schatting ≥ norm"));
  g_assert_nonnull(strstr(r.out, "OBS Het Kompas"));
  g_assert_null(strstr(r.out, "Primair onderwijs"));
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--year", "2019", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "evaluation year 2019 has no wave"));
  g_assert_cmpstr(r.out, ==, "");
  run_clear(&r);
  r = run(tmp_root, "export", "--db", d, "--group", "instellingen", "--format", "json", NULL);
  assert_ok(r);
  char **rows = g_strsplit(r.out, "\n", -1);
  guint n = 0;
  for (char **l = rows; *l && **l; l++, n++) {
    JsonParser *jp = json_parser_new();
    g_assert_true(json_parser_load_from_data(jp, *l, -1, NULL));
    g_assert_true(json_object_has_member(json_node_get_object(json_parser_get_root(jp)), "class"));
    g_object_unref(jp);
  }
  g_assert_cmpuint(n, >, 100);
  g_strfreev(rows);
  run_clear(&r);
}

static void
test_lang_en(void)
{
  const char *d = sample_store();
  Run r = run(tmp_root, "targets", "--db", d, NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "niet behaald"));
  g_assert_nonnull(strstr(r.out, "onbeslist"));
  g_assert_null(strstr(r.out, "not attained"));
  g_assert_nonnull(strstr(r.out, "89,9%")); /* the municipality's relatie */
  run_clear(&r);
  r = run(tmp_root, "targets", "--db", d, "--lang", "en", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "not attained"));
  g_assert_nonnull(strstr(r.out, "undecided"));
  g_assert_null(strstr(r.out, "niet behaald"));
  g_assert_null(strstr(r.out, "onbeslist"));
  g_assert_nonnull(strstr(r.out, "89.9%"));
  g_assert_nonnull(strstr(r.out, "3,668"));
  run_clear(&r);
  /* JSON keeps its stable keys whatever the language. */
  r = run(tmp_root, "targets", "--db", d, "--lang", "en", "--format", "json", NULL);
  assert_ok(r);
  g_assert_nonnull(strstr(r.out, "\"not-attained\""));
  g_assert_null(strstr(r.out, "\"not attained\""));
  run_clear(&r);

  if (!om_test_have("pdftotext")) {
    g_test_skip("pdftotext (poppler-utils) is not installed");
    return;
  }
  char *dir = fresh_dir("report-en");
  char *pdf = g_build_filename(dir, "lea-en.pdf", NULL);
  r = run(dir, "report", "--db", d, "--lang", "en", "--out", pdf, NULL);
  assert_ok(r);
  run_clear(&r);
  char *text = pdf_text(pdf);
  g_assert_nonnull(strstr(text, "not attained"));
  g_assert_null(strstr(text, "niet behaald"));
  g_free(text);
  g_free(pdf);
  om_test_rm_tree(dir);
  g_free(dir);
}

int
main(int argc, char **argv)
{
  /* Keep going after a failed test (meson runs us with --tap only): one defect must not
   * hide the results of the other checks. */
  char **args = g_new0(char *, argc + 2);
  for (int i = 0; i < argc; i++)
    args[i] = argv[i];
  args[argc++] = (char *)"--keep-going";
  argv = args;
  g_test_init(&argc, &argv, NULL);
  GError *e = NULL;
  tmp_root = g_dir_make_tmp("om-test-stats-cli-XXXXXX", &e);
  g_assert_no_error(e);

  g_test_add_func("/stats-cli/reference/sectors-2016", test_reference_sectors);
  g_test_add_func("/stats-cli/reference/gemeente-2014", test_reference_2014);
  g_test_add_func("/stats-cli/reference/institutions", test_reference_institutions);
  g_test_add_func("/stats-cli/targets/rows", test_targets_rows);
  g_test_add_func("/stats-cli/targets/status-from-interval", test_targets_status_from_interval);
  g_test_add_func("/stats-cli/targets/known", test_targets_known);
  g_test_add_func("/stats-cli/targets/projection-2014", test_targets_projection);
  g_test_add_func("/stats-cli/targets/fail-on", test_targets_fail_on);
  g_test_add_func("/stats-cli/ci-wilson", test_ci);
  g_test_add_func("/stats-cli/diff", test_diff);
  g_test_add_func("/stats-cli/ci-threshold", test_ci_threshold_and_population);
  g_test_add_func("/stats-cli/ci-strata", test_ci_strata);
  g_test_add_func("/stats-cli/suppression/stats-json", test_suppression_stats);
  g_test_add_func("/stats-cli/suppression/text-and-csv", test_suppression_text_and_csv);
  g_test_add_func("/stats-cli/suppression/targets", test_suppression_targets);
  g_test_add_func("/stats-cli/suppression/not-recoverable", test_suppression_not_recoverable);
  g_test_add_func("/stats-cli/chart/suppressed-pdf", test_chart_suppressed_pdf);
  g_test_add_func("/stats-cli/chart/svg", test_chart_svg);
  g_test_add_func("/stats-cli/chart/png-folder", test_chart_png_folder);
  g_test_add_func("/stats-cli/chart/file-name", test_chart_file_name);
  g_test_add_func("/stats-cli/report", test_report);
  g_test_add_func("/stats-cli/lang-en", test_lang_en);
  g_test_add_func("/stats-cli/design-numbers", test_design_numbers);
  g_test_add_func("/stats-cli/census-bounds", test_census_bounds);
  g_test_add_func("/stats-cli/plan-expected", test_plan_expected);
  g_test_add_func("/stats-cli/stats-words", test_stats_words);
  g_test_add_func("/stats-cli/targets-compact", test_targets_compact);
  int status = g_test_run();

  om_test_rm_tree(tmp_root);
  g_free(tmp_root);
  g_free(store_dir);
  g_free(db);
  g_free(args);
  return status;
}
