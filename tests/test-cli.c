/* test-cli.c — integration tests of the oudermonitor command.
 *
 * Runs the built binary ($OM_BUILD_ROOT/src/oudermonitor) with g_spawn_sync, each test in
 * its own temporary directory (the working directory, so a default oudermonitor.db would
 * land there) with its own --db. Checked: the whole sample-data set imports and
 * `waves --format json` agrees with sample-data/manifest.ini; the store is private (0600);
 * every messy fixture of tests/data/ gives its exact stderr and exit code and leaves the
 * store's content unchanged; usage errors exit 2, a missing store 3, write errors 4;
 * every command has --help; export writes a CSV with a BOM and one row per answer.
 *
 * Exit codes (src/cli.h): 0 ok, 1 data, 2 usage, 3 store, 4 I/O.
 * This file uses GLib and sqlite3 only (it reads the store with SQL to compare content).
 */
#include <glib.h>

#include "testutil.h"
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* ---------------------------------------------------------------- helpers */

typedef struct {
  char *dir;
  char *db;
} Tmp;

static void
tmp_setup(Tmp *t, gconstpointer data)
{
  (void)data;
  t->dir = om_test_tmp_dir();
  t->db = g_build_filename(t->dir, "store.db", NULL);
}

static void
tmp_teardown(Tmp *t, gconstpointer data)
{
  (void)data;
  om_test_rm_tree(t->dir);
  g_free(t->dir);
  g_free(t->db);
}

#define assert_run(r, code, out_, err_)                                                            \
  do {                                                                                             \
    g_assert_cmpstr((r).err, ==, (err_));                                                          \
    if ((out_) != NULL)                                                                            \
      g_assert_cmpstr((r).out, ==, (out_));                                                        \
    g_assert_cmpint((r).status, ==, (code));                                                       \
  } while (0)

static guint
mode_of(const char *path)
{
  GStatBuf sb;
  g_assert_cmpint(g_stat(path, &sb), ==, 0);
  return sb.st_mode & 07777;
}

/* ---------------------------------------------------------------- the sample data set */

static const char *const OUDERS_FILES[]
    = { "ouders-2013.csv", "ouders-2014.csv", "ouders-2015.csv", "ouders-2016.csv" };
static const char *const INST_FILES[] = { "instellingen-2013.csv", "instellingen-2014.csv",
                                          "instellingen-2015.csv", "instellingen-2016.csv" };

/* One store with the whole sample set, built once and shared (read-only) by the tests that
 * need it. */
static char *sample_dir, *sample_db;
static GString *sample_failures; /* imports that failed, for the report */

static const char *
sample_store(void)
{
  if (sample_db)
    return sample_db;
  sample_dir = om_test_tmp_dir();
  sample_failures = g_string_new(NULL);
  sample_db = om_test_sample_store(sample_dir, "sample.db", TRUE, sample_failures);
  return sample_db;
}

static void
test_sample(void)
{
  const char *db = sample_store();
  if (sample_failures->len)
    g_test_fail_printf("sample imports failed:\n%s", sample_failures->str);
  g_assert_cmphex(mode_of(db), ==, 0600);

  char *mpath = om_test_source_path("sample-data/manifest.ini");
  GKeyFile *manifest = g_key_file_new();
  GError *e = NULL;
  g_assert_true(g_key_file_load_from_file(manifest, mpath, G_KEY_FILE_NONE, &e));
  g_assert_no_error(e);

  Run r = run(sample_dir, "waves", "--db", db, "--format", "json", NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  /* one object per wave; pull out the fields we check */
  GRegex *obj = g_regex_new("\\{[^{}]*\\}", 0, 0, NULL);
  GRegex *field = g_regex_new("\"(group|year|baseline|respondents|source|sha256)\" : "
                              "(\"([^\"]*)\"|([0-9]+|true|false))",
                              0, 0, NULL);
  GMatchInfo *mi = NULL;
  guint n_waves = 0;
  g_regex_match(obj, r.out, 0, &mi);
  while (g_match_info_matches(mi)) {
    char *o = g_match_info_fetch(mi, 0);
    GHashTable *kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GMatchInfo *fi = NULL;
    g_regex_match(field, o, 0, &fi);
    while (g_match_info_matches(fi)) {
      char *k = g_match_info_fetch(fi, 1);
      char *sv = g_match_info_fetch(fi, 3);
      char *nv = g_match_info_fetch(fi, 4);
      g_hash_table_insert(kv, k, g_strdup(*sv ? sv : nv));
      g_free(sv);
      g_free(nv);
      g_match_info_next(fi, NULL);
    }
    g_match_info_free(fi);
    const char *source = g_hash_table_lookup(kv, "source");
    g_assert_nonnull(source);
    g_assert_true(g_key_file_has_group(manifest, source));
    char *want_group = g_key_file_get_value(manifest, source, "group", NULL);
    g_assert_cmpstr(g_hash_table_lookup(kv, "group"), ==, want_group);
    g_free(want_group);
    char *want_year = g_key_file_get_value(manifest, source, "year", NULL);
    char *want_n = g_key_file_get_value(manifest, source, "respondents", NULL);
    char *want_sha = g_key_file_get_value(manifest, source, "sha256", NULL);
    char *want_base = g_key_file_get_value(manifest, source, "baseline", NULL);
    g_assert_cmpstr(g_hash_table_lookup(kv, "year"), ==, want_year);
    g_assert_cmpstr(g_hash_table_lookup(kv, "respondents"), ==, want_n);
    g_assert_cmpstr(g_hash_table_lookup(kv, "sha256"), ==, want_sha);
    g_assert_cmpstr(g_hash_table_lookup(kv, "baseline"), ==, want_base);
    g_free(want_year);
    g_free(want_n);
    g_free(want_sha);
    g_free(want_base);
    g_hash_table_unref(kv);
    g_free(o);
    n_waves++;
    g_match_info_next(mi, NULL);
  }
  g_match_info_free(mi);
  g_regex_unref(obj);
  g_regex_unref(field);
  g_assert_cmpuint(n_waves, ==, 8);
  run_clear(&r);

  /* the text table: Dutch titles and number format */
  r = run(sample_dir, "waves", "--db", db, "--group", "ouders", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_str_has_prefix(r.out, "groep   jaar  nulmeting  respondenten  vragenlijst  "
                                        "bronbestand      geïmporteerd\n"
                                        "ouders  2013  ja                3.897  ouders       "
                                        "ouders-2013.csv  "));
  g_assert_cmpuint(om_test_count_lines(r.out, "\n"), ==, 5);
  run_clear(&r);

  /* institutions: the register with respondents per wave */
  r = run(sample_dir, "institutions", "--db", db, "--format", "csv", "--lang", "en", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_str_has_prefix(r.out, "\xef\xbb\xbf"
                                        "code,name,sector,municipality,"
                                        "population,ouders_2013,ouders_2014,ouders_2015,"
                                        "ouders_2016,instellingen_2013,instellingen_2014,"
                                        "instellingen_2015,instellingen_2016\r\n"));
  g_assert_cmpuint(om_test_count_lines(r.out, "\r\n"), ==, 41);
  run_clear(&r);

  /* the store stays private after all that */
  g_assert_cmphex(mode_of(db), ==, 0600);
  g_key_file_free(manifest);
  g_free(mpath);
}

static void
test_export(void)
{
  const char *db = sample_store();
  char *mpath = om_test_source_path("sample-data/manifest.ini");
  GKeyFile *manifest = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(manifest, mpath, G_KEY_FILE_NONE, NULL));
  /* rows = sum over waves of respondents x items, plus the header */
  guint64 want = 1;
  for (guint i = 0; i < 4; i++) {
    want += 21 * (guint64)g_key_file_get_integer(manifest, OUDERS_FILES[i], "respondents", NULL);
    want += 6 * (guint64)g_key_file_get_integer(manifest, INST_FILES[i], "respondents", NULL);
  }
  g_assert_cmpuint(want, ==, 1 + 21 * (3897 + 4034 + 3828 + 3893) + 6 * (35 + 37 + 38 + 39));

  char *out = g_build_filename(sample_dir, "export.csv", NULL);
  Run r = run(sample_dir, "export", "--db", db, "--out", out, NULL);
  assert_run(r, 0, "", "");
  run_clear(&r);
  /* Every respondent's answers: private like the store, whatever the umask. */
  GStatBuf st;
  g_assert_cmpint(g_stat(out, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  char *text = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(out, &text, &len, NULL));
  static const char head[] = "\xef\xbb\xbf"
                             "group;year;baseline;institution;respondent;item;"
                             "theme;answer;class\r\n";
  g_assert_true(g_str_has_prefix(text, head));
  g_assert_cmpuint(om_test_count_lines(text, "\r\n"), ==, want);
  g_assert_cmpuint(strlen(text), ==, len); /* no NUL inside */
  /* the first data row: the first respondent of the 2013 parents' baseline wave, under
   * the keyed pseudonym the store keeps (64 hex digits), never the id of the file */
  const char *row = text + strlen(head);
  g_assert_true(g_str_has_prefix(row, "ouders;2013;1;64MI00;"));
  const char *pseudo = row + strlen("ouders;2013;1;64MI00;");
  g_assert_cmpuint(strspn(pseudo, "0123456789abcdef"), ==, 64);
  g_assert_true(g_str_has_prefix(pseudo + 64, ";a1;A;4;satisfied\r\n"));
  g_assert_null(strstr(text, "R2013-000001"));
  /* personal data never reaches the export either */
  g_assert_null(strstr(text, "@example.nl"));
  g_free(text);

  /* the same to standard output, one group, ',' */
  r = run(sample_dir, "export", "--db", db, "--group", "instellingen", "--delimiter", ",", NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_str_has_prefix(r.out, "\xef\xbb\xbf"
                                        "group,year,baseline,institution,"
                                        "respondent,item,theme,answer,class\r\n"));
  g_assert_cmpuint(om_test_count_lines(r.out, "\r\n"), ==, 1 + 6 * (35 + 37 + 38 + 39));
  run_clear(&r);
  g_key_file_free(manifest);
  g_free(mpath);
  g_free(out);
}

/* ---------------------------------------------------------------- messy fixtures */

/* A store with tests/data/import/register.csv and good-2014.csv. */
static void
small_store(Tmp *t)
{
  char *reg = om_test_source_path("tests/data/import/register.csv");
  Run r = run(t->dir, "init", "--db", t->db, NULL); /* register and import never create one */
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(t->dir, "register", "--db", t->db, reg, NULL);
  char *want
      = g_strdup_printf("register %s: 3 institutions (3 new, 0 updated, 0 unchanged)\n", reg);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  char *good = om_test_source_path("tests/data/import/good-2014.csv");
  char *survey = om_test_source_path("surveys/ouders.ini");
  r = run(t->dir, "import", "--db", t->db, "--survey", survey, good, NULL);
  want = g_strdup_printf("%s: imported as ouders wave 2014, 5 respondents\n"
                         "  UTF-8, delimiter ',', 105 answers of which 7 empty and 3 don't know\n"
                         "  not stored (columns the survey does not map): naam, email, "
                         "opmerking\n",
                         good);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  g_free(good);
  g_free(survey);
  g_free(reg);
}

typedef struct {
  const char *fixture; /* in tests/data/import/ */
  const char *err;     /* "%1$s" = the fixture's path */
} Messy;

static const Messy MESSY[] = {
  { "ragged.csv",
    "%1$s:3:27: this row has 26 fields, the header (line 1) has 27; expected one field per "
    "column (a quote left open, or a delimiter inside an unquoted answer?)\n"
    "oudermonitor: %1$s: 1 problem (1 row with the wrong number of fields); nothing was stored\n" },
  { "scale.csv",
    "%1$s:3:8: answer '6' to item a3 is outside scale tevreden5; expected 1–5 or labels such as "
    "'Zeer tevreden', 9 = Weet niet / n.v.t., or empty\n"
    "%1$s:4:26: answer '11' to item cijfer is outside scale cijfer10; expected 1–10, or empty\n"
    "oudermonitor: %1$s: 2 problems (2 answers outside the scale); nothing was stored\n" },
  { "unknown-institution.csv",
    "%1$s:3:2: institution '99ZZ00' is not in the register; expected a registered code (see "
    "'oudermonitor institutions')\n"
    "oudermonitor: %1$s: 1 problem (1 unknown institution code); nothing was stored\n" },
  { "duplicate-id.csv",
    "%1$s:4:1: respondent id 'M-001' appears before, on line 2; expected each respondent once\n"
    "oudermonitor: %1$s: 1 problem (1 duplicate respondent id); nothing was stored\n" },
  { "empty.csv", "oudermonitor: %1$s: the file is empty\n" },
  { "header-only.csv",
    "oudermonitor: %1$s: the file has a header but no respondents (line 1 is the last); "
    "expected one row per respondent\n" },
  { "undecodable.csv", "oudermonitor: %1$s:3:25: byte 0x81 is neither UTF-8 nor Windows-1252\n" },
  { "year-mismatch.csv",
    "%1$s:4:3: year '2016' differs from the wave's year 2015; expected one year per file\n"
    "oudermonitor: %1$s: 1 problem (1 year that differs from the wave's year); nothing was "
    "stored\n" },
  { "missing-item.csv",
    "oudermonitor: %1$s:1: 1 item column of survey ouders is not in the header: 'c3'; expected "
    "a column named by the item's 'column' or 'title' (see surveys/README.md)\n" },
  { "many-problems.csv",
    "%1$s:2:27: this row has 26 fields, the header (line 1) has 27; expected one field per "
    "column (a quote left open, or a delimiter inside an unquoted answer?)\n"
    "%1$s:3:7: answer '0' to item a2 is outside scale tevreden5; expected 1–5 or labels such as "
    "'Zeer tevreden', 9 = Weet niet / n.v.t., or empty\n"
    "%1$s:4:2: institution '31CC00' is not in the register; expected a registered code (see "
    "'oudermonitor institutions')\n"
    "%1$s:5:1: respondent id 'M-002' appears before, on line 3; expected each respondent once\n"
    "oudermonitor: %1$s: 4 problems (1 row with the wrong number of fields, 1 answer outside "
    "the scale, 1 unknown institution code, 1 duplicate respondent id); nothing was stored\n" },
  { "good-2014b.csv",
    "oudermonitor: %1$s: the store already has the ouders wave of 2014 (from good-2014.csv); "
    "use --replace to swap it\n" },
};

static char *
with_path(const char *fmt, const char *path)
{
  GString *s = g_string_new(fmt);
  g_string_replace(s, "%1$s", path, 0);
  return g_string_free(s, FALSE);
}

static void
test_messy(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  char *survey = om_test_source_path("surveys/ouders.ini");
  for (guint i = 0; i < G_N_ELEMENTS(MESSY); i++) {
    char *rel = g_build_filename("tests", "data", "import", MESSY[i].fixture, NULL);
    char *path = om_test_source_path(rel);
    char *want = with_path(MESSY[i].err, path);
    char *before = om_test_dump_store(t->db);
    for (int dry = 0; dry < 2; dry++) {
      Run r
          = dry ? run(t->dir, "import", "--db", t->db, "--survey", survey, "--dry-run", path, NULL)
                : run(t->dir, "import", "--db", t->db, "--survey", survey, path, NULL);
      g_test_message("%s%s", MESSY[i].fixture, dry ? " (dry run)" : "");
      assert_run(r, 1, "", want);
      run_clear(&r);
      char *after = om_test_dump_store(t->db);
      g_assert_cmpstr(after, ==, before);
      g_free(after);
    }
    g_free(before);
    g_free(want);
    g_free(path);
    g_free(rel);
  }
  g_free(survey);
}

static void
test_import_outcomes(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  char *survey = om_test_source_path("surveys/ouders.ini");
  char *good = om_test_source_path("tests/data/import/good-2014.csv");
  char *clean = om_test_source_path("tests/data/import/clean-2015.csv");
  char *ragged = om_test_source_path("tests/data/import/ragged.csv");
  char *qual = om_test_source_path("tests/data/import/qualtrics.csv");
  char *before = om_test_dump_store(t->db);

  /* the same file again: nothing changes, exit 0 */
  Run r = run(t->dir, "import", "--db", t->db, "--survey", survey, good, NULL);
  char *want = g_strdup_printf("%s: already imported as the ouders wave of 2014 (same SHA-256); "
                               "nothing changed\n",
                               good);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  /* a dry run */
  r = run(t->dir, "import", "--db", t->db, "-s", survey, "-n", clean, NULL);
  want = g_strdup_printf("%s: checked, would import as ouders wave 2015, 3 respondents (dry "
                         "run: nothing stored)\n"
                         "  UTF-8, delimiter ',', 63 answers of which 0 empty and 0 don't know\n"
                         "  not stored (columns the survey does not map): naam, email, "
                         "opmerking\n",
                         clean);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);

  /* several files: each all or nothing; the exit code tells that one failed */
  r = run(t->dir, "import", "--db", t->db, "--survey", survey, ragged, qual, NULL);
  want = g_strdup_printf("%s: imported as ouders wave 2016, 3 respondents\n"
                         "  UTF-8, delimiter ',', 63 answers of which 0 empty and 20 don't know\n"
                         "  skipped 2 extra header rows from line 2\n"
                         "  not stored (columns the survey does not map): StartDate, EndDate, "
                         "RecipientEmail\n",
                         qual);
  char *want_err = g_strdup_printf(
      "%s:3:27: this row has 26 fields, the header (line 1) has 27; expected one field per column "
      "(a quote left open, or a delimiter inside an unquoted answer?)\n"
      "oudermonitor: %s: 1 problem (1 row with the wrong number of fields); nothing was stored\n",
      ragged, ragged);
  assert_run(r, 1, want, want_err);
  g_free(want);
  g_free(want_err);
  run_clear(&r);

  /* a definition error stops before any data is touched */
  g_free(before);
  before = om_test_dump_store(t->db);
  char *broken = om_test_source_path("tests/data/surveys/broken-unknown-scale.ini");
  r = run(t->dir, "import", "--db", t->db, "--survey", broken, clean, NULL);
  want_err = g_strdup_printf("oudermonitor: %s:19: unknown scale 's7'; define it as [scale:s7]\n",
                             broken);
  assert_run(r, 1, "", want_err);
  g_free(want_err);
  run_clear(&r);
  /* a broken register is refused whole */
  char *sector = om_test_source_path("tests/data/register/unknown-sector.csv");
  r = run(t->dir, "register", "--db", t->db, sector, NULL);
  want_err = g_strdup_printf("oudermonitor: %s:4:3: sector 'hbo' is unknown; expected one of "
                             "voorschool, kinderopvang, po, ikc, so, vo, vso, mbo, zorg-welzijn "
                             "(upper or lower case); to add one, add a group such as [hbo] with "
                             "a title to %s/surveys/sectoren.ini, or name another vocabulary "
                             "with --sectors FILE\n",
                             sector, g_getenv("OM_SOURCE_ROOT"));
  assert_run(r, 1, "", want_err);
  g_free(want_err);
  run_clear(&r);
  char *unsafe = om_test_source_path("tests/data/register/unsafe-code.csv");
  r = run(t->dir, "register", "--db", t->db, unsafe, NULL);
  want_err = g_strdup_printf("oudermonitor: %s:3:1: institution code '../x' is not valid; "
                             "expected letters, digits, '-' or '_' (at most 32), such as "
                             "12AB00\n",
                             unsafe);
  assert_run(r, 1, "", want_err);
  g_free(want_err);
  run_clear(&r);
  after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);

  /* --replace swaps a wave */
  char *good_b = om_test_source_path("tests/data/import/good-2014b.csv");
  r = run(t->dir, "import", "--db", t->db, "--survey", survey, "--replace", good_b, NULL);
  want = g_strdup_printf("%s: replaced the ouders wave 2014, 3 respondents\n"
                         "  UTF-8, delimiter ',', 63 answers of which 0 empty and 0 don't know\n"
                         "  not stored (columns the survey does not map): naam, email, "
                         "opmerking\n",
                         good_b);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  r = run(t->dir, "waves", "--db", t->db, "--format", "csv", "--lang", "en", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "\r\nouders,2014,1,3,ouders,good-2014b.csv,"));
  g_assert_nonnull(strstr(r.out, "\r\nouders,2016,0,3,ouders,qualtrics.csv,"));
  g_assert_cmpuint(om_test_count_lines(r.out, "\r\n"), ==, 3);
  run_clear(&r);

  g_assert_cmphex(mode_of(t->db), ==, 0600);
  g_free(good_b);
  g_free(unsafe);
  g_free(sector);
  g_free(broken);
  g_free(before);
  g_free(qual);
  g_free(ragged);
  g_free(clean);
  g_free(good);
  g_free(survey);
}

/* ---------------------------------------------------------------- usage, store, I/O */

typedef struct {
  const char *args[10];
  int code;
  const char *err; /* exact stderr; "%1$s" = the temporary directory */
  gboolean prefix; /* err is only the start of stderr */
} Case;

static void
test_usage(Tmp *t, gconstpointer data)
{
  (void)data;
  char *survey = om_test_source_path("surveys/ouders.ini");
  char *csv = om_test_source_path("tests/data/import/good-2014.csv");
  char *foreign = g_build_filename(t->dir, "foreign.db", NULL);
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint(
      sqlite3_exec(db, "CREATE TABLE t (x); PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close(db);
  const Case cases[] = {
    { { NULL }, 2, "Usage: oudermonitor COMMAND [OPTION…]\n", TRUE },
    { { "frobnicate" },
      2,
      "oudermonitor: unknown command 'frobnicate'\nUsage: oudermonitor COMMAND",
      TRUE },
    { { "waves", "--bogus" },
      2,
      "oudermonitor: Unknown option --bogus\nTry 'oudermonitor waves --help' for more "
      "information.\n",
      FALSE },
    { { "import", csv },
      2,
      "oudermonitor: import needs --survey FILE.ini (e.g. surveys/ouders.ini)\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey },
      2,
      "oudermonitor: import needs at least one CSV file\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey, "--year", "1800", csv },
      2,
      "oudermonitor: --year 1800 is not a survey year (1990–2100)\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey, "--year", "twintig", csv },
      2,
      "oudermonitor: --year 'twintig' is not a whole number\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey, "--delimiter", "x", csv },
      2,
      "oudermonitor: --delimiter 'x' is not ',', ';', '|' or 'tab'\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey, "--encoding", "utf-16", csv },
      2,
      "oudermonitor: --encoding 'utf-16' is not utf-8 or windows-1252\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "import", "--survey", survey, "--baseline", csv, csv },
      2,
      "oudermonitor: --baseline marks one wave; give one file with it\n"
      "Try 'oudermonitor import --help' for more information.\n",
      FALSE },
    { { "waves", "--format", "xml" },
      2,
      "oudermonitor: --format 'xml' is not text, csv or json\n"
      "Try 'oudermonitor waves --help' for more information.\n",
      FALSE },
    { { "institutions", "--lang", "fr" },
      2,
      "oudermonitor: --lang 'fr' is not nl or en\n"
      "Try 'oudermonitor institutions --help' for more information.\n",
      FALSE },
    { { "register" },
      2,
      "oudermonitor: register takes one register file (FILE.csv)\n"
      "Try 'oudermonitor register --help' for more information.\n",
      FALSE },
    { { "init", "extra" },
      2,
      "oudermonitor: init takes no arguments\nTry 'oudermonitor init --help' for more "
      "information.\n",
      FALSE },
    { { "export", "--delimiter", "|" },
      2,
      "oudermonitor: --delimiter must be ';' or ','\n"
      "Try 'oudermonitor export --help' for more information.\n",
      FALSE },
    /* a missing store: reading and writing commands alike never create one */
    { { "waves", "--db", "/nonexistent.db" },
      3,
      "oudermonitor: there is no store at /nonexistent.db; create it with 'oudermonitor init' "
      "first (or name another store with --db)\n",
      FALSE },
    { { "institutions", "--db", "/nonexistent.db" },
      3,
      "oudermonitor: there is no store at /nonexistent.db; create it with 'oudermonitor init' "
      "first (or name another store with --db)\n",
      FALSE },
    { { "export", "--db", "/nonexistent.db" },
      3,
      "oudermonitor: there is no store at /nonexistent.db; create it with 'oudermonitor init' "
      "first (or name another store with --db)\n",
      FALSE },
    { { "import", "--db", "/nonexistent.db", "--survey", survey, csv },
      3,
      "oudermonitor: there is no store at /nonexistent.db; create it with 'oudermonitor init' "
      "first (or name another store with --db)\n",
      FALSE },
    /* the default store is ./oudermonitor.db: there is none in the temporary directory */
    { { "waves" },
      3,
      "oudermonitor: there is no store at oudermonitor.db; create it with 'oudermonitor init' "
      "first (or name another store with --db)\n",
      FALSE },
    /* another program's database */
    { { "waves", "--db", "foreign.db" },
      3,
      "oudermonitor: foreign.db is a SQLite database of another program, not an oudermonitor "
      "store\n",
      FALSE },
    { { "init", "--db", "foreign.db" },
      3,
      "oudermonitor: foreign.db is a SQLite database of another program, not an oudermonitor "
      "store\n",
      FALSE },
    /* unreadable input */
    /* register opens its store first (its sector vocabulary checks the register) */
    { { "register", "--db", "new.db", "/nonexistent/register.csv" },
      3,
      "oudermonitor: there is no store at new.db; create it with 'oudermonitor init' first (or "
      "name another store with --db)\n",
      FALSE },
    { { "import", "--db", "new.db", "--survey", "/nonexistent/ouders.ini", csv },
      4,
      "oudermonitor: cannot read survey definition: ",
      TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const Case *c = &cases[i];
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(a, binary());
    for (guint k = 0; c->args[k]; k++)
      g_ptr_array_add(a, g_strdup(c->args[k]));
    g_ptr_array_add(a, NULL);
    char *cmdline = g_strjoinv(" ", (char **)a->pdata + 1);
    g_test_message("case %u: oudermonitor %s", i, cmdline);
    Run r = run_argv(t->dir, (char **)a->pdata);
    if (c->prefix) {
      if (!g_str_has_prefix(r.err, c->err))
        g_test_fail_printf("oudermonitor %s: stderr '%s' does not start with '%s'", cmdline, r.err,
                           c->err);
    } else if (g_strcmp0(r.err, c->err) != 0) {
      g_test_fail_printf("oudermonitor %s: stderr '%s', expected '%s'", cmdline, r.err, c->err);
    }
    if (r.status != c->code)
      g_test_fail_printf("oudermonitor %s: exit %d, expected %d", cmdline, r.status, c->code);
    g_assert_cmpstr(r.out, ==, "");
    run_clear(&r);
    g_free(cmdline);
    g_ptr_array_unref(a);
  }
  /* no error above created a store anywhere */
  char *def = g_build_filename(t->dir, "oudermonitor.db", NULL);
  g_assert_false(g_file_test(def, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test("/nonexistent.db", G_FILE_TEST_EXISTS));
  g_free(def);
  g_free(foreign);
  g_free(csv);
  g_free(survey);
}

/* ---------------------------------------------------------------- every command
 *
 * The commands are the ones `oudermonitor --help` lists (om_test_commands): a new command
 * is covered by these tests without touching them. */

static void
test_help(Tmp *t, gconstpointer data)
{
  (void)data;
  char **commands = om_test_commands();
  g_assert_cmpuint(g_strv_length(commands), >=, 13);
  for (guint i = 0; commands[i]; i++) {
    Run r = run(t->dir, commands[i], "--help", NULL);
    g_test_message("%s --help", commands[i]);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.err, ==, "");
    /* GOption writes "[OPTION…]", or "[OPTION?]" in the C locale */
    char *usage = g_strdup_printf("Usage:\n  oudermonitor %s [OPTION", commands[i]);
    if (!g_str_has_prefix(r.out, usage))
      g_test_fail_printf("oudermonitor %s --help does not start with '%s'", commands[i], usage);
    g_assert_nonnull(strstr(r.out, "-h, --help"));
    g_free(usage);
    run_clear(&r);
  }
  /* The list itself: "  NAME  summary" with the names aligned. */
  Run r = run(t->dir, "--help", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_true(g_str_has_prefix(r.out, "Usage: oudermonitor COMMAND [OPTION…]\n"));
  for (guint i = 0; commands[i]; i++) {
    char *line = g_strdup_printf("\n  %-13s ", commands[i]);
    g_assert_nonnull(strstr(r.out, line));
    g_free(line);
  }
  run_clear(&r);
  r = run(t->dir, "--version", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_true(g_regex_match_simple("^oudermonitor [0-9]+\\.[0-9]+\\.[0-9]+\n$", r.out, 0, 0));
  run_clear(&r);
  /* no store was made by asking for help */
  char *def = g_build_filename(t->dir, "oudermonitor.db", NULL);
  g_assert_false(g_file_test(def, G_FILE_TEST_EXISTS));
  g_free(def);
  g_strfreev(commands);
}

/* Checks one run of `oudermonitor command args…`: exit code, nothing on stdout, stderr
 * exactly `err` (or starting with it when prefix). */
static void
check_exit(const char *dir, const char *command, const char *const *args, int code, const char *err,
           gboolean prefix)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(a, binary());
  g_ptr_array_add(a, g_strdup(command));
  for (guint k = 0; args[k]; k++)
    g_ptr_array_add(a, g_strdup(args[k]));
  g_ptr_array_add(a, NULL);
  char *cmdline = g_strjoinv(" ", (char **)a->pdata + 1);
  g_test_message("oudermonitor %s", cmdline);
  Run r = run_argv(dir, (char **)a->pdata);
  if (r.status != code)
    g_test_fail_printf("oudermonitor %s: exit %d, expected %d", cmdline, r.status, code);
  if (prefix ? !g_str_has_prefix(r.err, err) : strcmp(r.err, err) != 0)
    g_test_fail_printf("oudermonitor %s: stderr '%s', expected %s'%s'", cmdline, r.err,
                       prefix ? "a start " : "", err);
  if (*r.out)
    g_test_fail_printf("oudermonitor %s: stdout '%s', expected nothing", cmdline, r.out);
  run_clear(&r);
  g_free(cmdline);
  g_ptr_array_unref(a);
}

/* Exit codes every command shares: 2 for an unknown option or a bad --format / --lang, 3
 * for a store that is not there (4 for init, which cannot create it), and nothing created. */
static void
test_exit_codes(Tmp *t, gconstpointer data)
{
  (void)data;
  char **commands = om_test_commands();
  char *missing = g_build_filename(t->dir, "no-such-dir", "store.db", NULL);
  char *no_store = g_strdup_printf("oudermonitor: there is no store at %s; create it with "
                                   "'oudermonitor init' first (or name another store with --db)\n",
                                   missing);
  for (guint i = 0; commands[i]; i++) {
    const char *c = commands[i];
    char *err = g_strdup_printf("oudermonitor: Unknown option --bogus\n"
                                "Try 'oudermonitor %s --help' for more information.\n",
                                c);
    check_exit(t->dir, c, (const char *const[]){ "--bogus", NULL }, 2, err, FALSE);
    g_free(err);
    Run h = run(t->dir, c, "--help", NULL);
    if (strstr(h.out, "--format=")) /* text, csv or json; chart: png, pdf or svg */
      check_exit(t->dir, c, (const char *const[]){ "--format", "xml", NULL }, 2,
                 "oudermonitor: --format 'xml' is not ", TRUE);
    if (strstr(h.out, "--lang="))
      check_exit(t->dir, c, (const char *const[]){ "--lang", "fr", NULL }, 2,
                 "oudermonitor: --lang 'fr' is not nl or en\n", TRUE);
    if (strstr(h.out, "--db=FILE")) {
      /* A command that needs more than --db says so first (2); init cannot create the
       * store (4); every other command finds no store (3). */
      Run r = run(t->dir, c, "--db", missing, NULL);
      g_test_message("oudermonitor %s --db %s: exit %d", c, missing, r.status);
      if (r.status == 3)
        g_assert_cmpstr(r.err, ==, no_store);
      else if (r.status == 2)
        g_assert_true(g_str_has_suffix(r.err, " --help' for more information.\n"));
      else
        g_assert_cmpint(r.status, ==, strcmp(c, "init") == 0 ? 4 : 3);
      g_assert_cmpstr(r.out, ==, "");
      run_clear(&r);
    }
    run_clear(&h);
  }
  /* nothing was created by any of it */
  char *parent = g_path_get_dirname(missing);
  g_assert_false(g_file_test(parent, G_FILE_TEST_EXISTS));
  char *def = g_build_filename(t->dir, "oudermonitor.db", NULL);
  g_assert_false(g_file_test(def, G_FILE_TEST_EXISTS));
  g_free(def);
  g_free(parent);
  g_free(no_store);
  g_free(missing);
  g_strfreev(commands);
}

static void
test_init(Tmp *t, gconstpointer data)
{
  (void)data;
  mode_t old = umask(0); /* the child inherits a permissive umask */
  Run r = run(t->dir, "init", "--db", t->db, NULL);
  umask(old);
  char *want = g_strdup_printf("created the store %s (readable by you only)\n", t->db);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  g_assert_cmphex(mode_of(t->db), ==, 0600);
  char *before = om_test_dump_store(t->db);
  r = run(t->dir, "init", "--db", t->db, NULL);
  want = g_strdup_printf("%s is an oudermonitor store already; nothing changed\n", t->db);
  assert_run(r, 0, want, "");
  g_free(want);
  run_clear(&r);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);
  /* OUDERMONITOR_DB is not set: the default store is in the working directory */
  r = run(t->dir, "init", NULL);
  assert_run(r, 0, "created the store oudermonitor.db (readable by you only)\n", "");
  run_clear(&r);
  char *def = g_build_filename(t->dir, "oudermonitor.db", NULL);
  g_assert_cmphex(mode_of(def), ==, 0600);
  g_free(def);
  /* an empty store lists no waves: the header only */
  r = run(t->dir, "waves", "--db", t->db, "--format", "json", NULL);
  assert_run(r, 0, "[]\n", "");
  run_clear(&r);
}

static void
test_write_errors(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  static const char full[] = "No space left on device";
  char *stdout_err = g_strdup_printf("oudermonitor: write error on standard output: %s\n", full);
  /* A device is never an output file: it cannot be replaced whole (base/safe-file.h). */
  char *out_err = g_strdup("oudermonitor: cannot write /dev/full: it is not a regular file (a "
                           "device, pipe or socket); name a file\n");
  char *csv_err = g_strdup_printf("oudermonitor: cannot write the CSV output: %s\n", full);

  Run r = run_to_full(t->dir, "waves", "--db", t->db, NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run_to_full(t->dir, "waves", "--db", t->db, "--format", "json", NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run_to_full(t->dir, "institutions", "--db", t->db, NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run(t->dir, "waves", "--db", t->db, "--out", "/dev/full", NULL);
  assert_run(r, 4, "", out_err);
  run_clear(&r);
  r = run(t->dir, "waves", "--db", t->db, "--format", "json", "--out", "/dev/full", NULL);
  assert_run(r, 4, "", out_err);
  run_clear(&r);
  r = run(t->dir, "waves", "--db", t->db, "--format", "csv", "--out", "/dev/full", NULL);
  assert_run(r, 4, "", out_err);
  run_clear(&r);
  r = run(t->dir, "export", "--db", t->db, "--out", "/dev/full", NULL);
  assert_run(r, 4, "", out_err);
  run_clear(&r);
  r = run_to_full(t->dir, "export", "--db", t->db, NULL);
  assert_run(r, 4, "", csv_err);
  run_clear(&r);
  r = run_to_full(t->dir, "--help", NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  /* The statistics commands' tables, text and CSV. */
  r = run_to_full(t->dir, "ci", "47", "52", NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run_to_full(t->dir, "diff", "170", "200", "180", "200", NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run_to_full(t->dir, "stats", "--db", t->db, NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run_to_full(t->dir, "plan", "--db", t->db, NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  r = run(t->dir, "stats", "--db", t->db, "--format", "csv", "--out", "/dev/full", NULL);
  assert_run(r, 4, "", out_err);
  run_clear(&r);
  /* targets, chart and report first say which targets have no data (this store has only
   * parents), then what could not be written. */
  for (int json = 0; json < 2; json++) {
    r = json ? run_to_full(t->dir, "targets", "--db", t->db, "--format", "json", NULL)
             : run_to_full(t->dir, "targets", "--db", t->db, NULL);
    g_assert_cmpint(r.status, ==, 4);
    g_assert_true(g_str_has_suffix(r.err, stdout_err));
    run_clear(&r);
  }
  r = run(t->dir, "report", "--db", t->db, "--out", "/dev/full", NULL);
  g_assert_cmpint(r.status, ==, 4);
  /* A device is never an output file (base/safe-file.h); LeakSanitizer may add its
   * summary of fontconfig's caches after the message. */
  g_assert_nonnull(strstr(r.err, out_err));
  g_assert_cmpstr(r.out, ==, "");
  run_clear(&r);
  r = run(t->dir, "chart", "--db", t->db, "--out", "/dev/full", NULL);
  g_assert_cmpint(r.status, ==, 4);
  g_assert_nonnull(strstr(r.err, "oudermonitor: cannot create the folder /dev/full: Not a "
                                 "directory\n"));
  run_clear(&r);
  r = run_to_full(t->dir, "--version", NULL);
  assert_run(r, 4, "", stdout_err);
  run_clear(&r);
  g_free(stdout_err);
  g_free(out_err);
  g_free(csv_err);
}

/* Every command's --help lists the options it takes: a user who asks `waves --help` must
 * find --db and --format there, not only under --help-all. What each command takes is a
 * fact of that command; a command missing here is still checked by test_help. */
static void
test_help_lists_options(Tmp *t, gconstpointer data)
{
  (void)data;
  static const struct {
    const char *command;
    const char *options; /* space-separated, as --help shows them */
  } takes[] = {
    { "init", "--db=FILE" },
    { "register", "--db=FILE" },
    { "import", "--db=FILE --survey=FILE.ini --dry-run --replace --baseline" },
    { "waves", "--db=FILE --format=FORMAT --lang=LANG --out=FILE" },
    { "institutions", "--db=FILE --format=FORMAT --lang=LANG --out=FILE" },
    { "export", "--db=FILE --out=FILE" },
    { "stats", "--db=FILE --format=FORMAT --lang=LANG --ci=METHOD --min-n=N --by=SCOPE" },
    { "targets", "--db=FILE --format=FORMAT --targets=FILE --fail-on=STATUSES" },
    { "ci", "--format=FORMAT --method=METHOD --population=N" },
    { "diff", "--format=FORMAT --level=L" },
    { "plan", "--db=FILE --halfwidth=E" },
    { "chart", "--db=FILE --format=FORMAT --by=KIND --out=DIR --jobs=N" },
    { "report", "--db=FILE --out=FILE --author=NAME --lang=LANG" },
    { "forget", "--db=FILE" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(takes); i++) {
    Run r = run(t->dir, takes[i].command, "--help", NULL);
    g_assert_cmpint(r.status, ==, 0);
    char **opts = g_strsplit(takes[i].options, " ", -1);
    for (guint k = 0; opts[k]; k++)
      if (!strstr(r.out, opts[k]))
        g_test_fail_printf("oudermonitor %s --help does not list %s", takes[i].command, opts[k]);
    g_strfreev(opts);
    run_clear(&r);
  }
}

/* A command's --help that cannot be written must not report success either (GNU
 * coreutils and datamash exit non-zero for `--help > /dev/full`). */
static void
test_help_write_error(Tmp *t, gconstpointer data)
{
  (void)data;
  char **commands = om_test_commands();
  for (guint i = 0; commands[i]; i++) {
    Run r = run_to_full(t->dir, commands[i], "--help", NULL);
    g_test_message("oudermonitor %s --help > /dev/full", commands[i]);
    assert_run(r, 4, "", "oudermonitor: write error on standard output: No space left on device\n");
    run_clear(&r);
  }
  g_strfreev(commands);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Report every failing test, not only the first (a failure must not hide the others). */
  g_test_set_nonfatal_assertions();
  char *bin = binary();
  if (!g_file_test(bin, G_FILE_TEST_IS_EXECUTABLE))
    g_error("%s is not built (set OM_BUILD_ROOT)", bin);
  g_free(bin);
  g_test_add_func("/cli/sample/waves", test_sample);
  g_test_add_func("/cli/sample/export", test_export);
#define ADD(path, fn) g_test_add(path, Tmp, NULL, tmp_setup, fn, tmp_teardown)
  ADD("/cli/init", test_init);
  ADD("/cli/messy", test_messy);
  ADD("/cli/import-outcomes", test_import_outcomes);
  ADD("/cli/usage", test_usage);
  ADD("/cli/help", test_help);
  ADD("/cli/exit-codes", test_exit_codes);
  ADD("/cli/help-lists-options", test_help_lists_options);
  ADD("/cli/write-error", test_write_errors);
  ADD("/cli/write-error-help", test_help_write_error);
#undef ADD
  int rc = g_test_run();
  if (sample_dir) {
    om_test_rm_tree(sample_dir);
    g_free(sample_dir);
    g_free(sample_db);
    g_string_free(sample_failures, TRUE);
  }
  return rc;
}
