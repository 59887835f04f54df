/* test-sources.c — the importer over the files a bureau really receives, and the wave
 * identity rules (file SHA-256 + definition SHA-256).
 *
 * Kept apart from test-import.c (its per-fixture tests are being turned into a table):
 * this file holds the corrected-definition cycle, the record sources (UTF-16 text,
 * binary files, directories, FIFOs, devices), the limits and the tool layouts added for
 * issue 10, each fixture with its expected counts. Every failure checks the exact message
 * and that the store is byte for byte what it was.
 */
#include "testutil.h"
#include "import/import.h"
#include "input/register.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <readstat.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- helpers */

#define fixture om_test_import_fixture

static const char *
source_root(void)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return root ? root : ".";
}

static char *
read_text(const char *path)
{
  char *text = NULL;
  GError *e = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, &e));
  g_assert_no_error(e);
  return text;
}

typedef OmTestImportFix Fix;

/* The SHA-256 of a file's bytes, computed here with GLib (the importer uses nettle, on a
 * thread of its own while it reads the rows). Transfer full. */
static char *
sha256_of(const char *path)
{
  char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, NULL));
  char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  g_free(data);
  return hex;
}

static void
fix_setup(Fix *f, gconstpointer data)
{
  (void)data;
  om_test_import_fix_setup(f, TRUE);
}

static void
fix_teardown(Fix *f, gconstpointer data)
{
  (void)data;
  om_test_import_fix_teardown(f);
}

static OmImportOptions
defaults(void)
{
  OmImportOptions o = { 0 };
  o.skip_rows = -1;
  return o;
}

static OmImportReport *
import_with(Fix *f, const OmSurvey *s, const char *path, const OmImportOptions *o)
{
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  gboolean ok = om_import_file(f->store, s, path, o, r, &e);
  g_assert_no_error(e);
  g_assert_true(ok);
  return r;
}

/* Imports a file that must fail with exactly `message` and leave the store unchanged. */
static void
import_fails(Fix *f, const OmSurvey *s, const char *path, const OmImportOptions *o,
             OmErrorCode code, const char *message)
{
  char *before = om_test_dump_store(f->db);
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, s, path, o, r, &e));
  g_assert_error(e, OM_ERROR, (gint)code);
  if (e)
    g_assert_cmpstr(e->message, ==, message);
  g_clear_error(&e);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(before);
  g_free(after);
}

/* ---------------------------------------------------------------- corrected definitions */

/* The same bytes under a corrected definition: refused naming --replace, store as it was;
 * --replace re-imports under the new definition and keeps the baseline mark; the same
 * pair again changes nothing; the old definition is now the "changed" one. */
static void
test_corrected_definition(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  char *sp = g_build_filename(source_root(), "surveys", "ouders.ini", NULL);
  char *text = read_text(sp);
  /* the correction: "Neutraal" counts as satisfied too */
  char **parts = g_strsplit(text, "satisfied = 4;5", 2);
  g_assert_nonnull(parts[1]);
  char *fixed_text = g_strjoinv("satisfied = 3;4;5", parts);
  g_strfreev(parts);
  GError *e = NULL;
  OmSurvey *fixed
      = om_survey_new_from_data("ouders-gecorrigeerd.ini", fixed_text, strlen(fixed_text), &e);
  g_assert_no_error(e);
  g_assert_cmpstr(om_survey_sha256(fixed), !=, om_survey_sha256(f->survey));

  OmImportOptions o = defaults();
  o.baseline = TRUE;
  OmImportReport *r = import_with(f, f->survey, path, &o);
  om_import_report_free(r);
  o.baseline = FALSE;

  char *msg = g_strdup_printf(
      "%s: these exact bytes were imported before as the ouders wave of 2014 (from "
      "good-2014.csv) under another version of survey definition 'ouders' (definition SHA-256 "
      "%.12s…, now %.12s…); to apply the changed definition, import again with --replace (the "
      "wave is swapped in one step and keeps its baseline mark)",
      path, om_survey_sha256(f->survey), om_survey_sha256(fixed));
  import_fails(f, fixed, path, &o, OM_ERROR_VALIDATION, msg);
  g_free(msg);

  o.replace = TRUE;
  r = import_with(f, fixed, path, &o);
  g_assert_false(r->already_imported);
  g_assert_true(r->replaced);
  g_assert_true(r->definition_changed);
  g_assert_cmpuint(r->respondents, ==, 5);
  om_import_report_free(r);
  GArray *w = om_store_waves(f->store, "ouders", &e);
  g_assert_no_error(e);
  g_assert_cmpuint(w->len, ==, 1);
  OmWave *wave = &g_array_index(w, OmWave, 0);
  g_assert_true(wave->baseline_set);
  g_assert_cmpstr(wave->definition_sha256, ==, om_survey_sha256(fixed));
  g_assert_cmpint(wave->respondents, ==, 5);
  OmSurvey *stored = om_store_wave_survey(f->store, wave->id, &e);
  g_array_unref(w);
  g_assert_no_error(e);
  g_assert_cmpstr(om_survey_sha256(stored), ==, om_survey_sha256(fixed));
  om_survey_free(stored);

  /* the same bytes under the same (corrected) definition: nothing changes */
  o.replace = FALSE;
  char *before = om_test_dump_store(f->db);
  r = import_with(f, fixed, path, &o);
  g_assert_true(r->already_imported);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(before);
  g_free(after);

  /* and the old definition is now the other one */
  msg = g_strdup_printf(
      "%s: these exact bytes were imported before as the ouders wave of 2014 (from "
      "good-2014.csv) under another version of survey definition 'ouders' (definition SHA-256 "
      "%.12s…, now %.12s…); to apply the changed definition, import again with --replace (the "
      "wave is swapped in one step and keeps its baseline mark)",
      path, om_survey_sha256(fixed), om_survey_sha256(f->survey));
  import_fails(f, f->survey, path, &o, OM_ERROR_VALIDATION, msg);
  g_free(msg);

  om_survey_free(fixed);
  g_free(fixed_text);
  g_free(text);
  g_free(sp);
  g_free(path);
}

/* The survey definition with one line changed. Transfer full. */
static OmSurvey *
ouders_with(const char *line, const char *instead)
{
  char *sp = g_build_filename(source_root(), "surveys", "ouders.ini", NULL);
  char *text = read_text(sp);
  char **parts = g_strsplit(text, line, 2);
  g_assert_nonnull(parts[1]);
  char *changed = g_strjoin(instead, parts[0], parts[1], NULL);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("ouders-anders.ini", changed, strlen(changed), &e);
  g_assert_no_error(e);
  g_strfreev(parts);
  g_free(changed);
  g_free(text);
  g_free(sp);
  return s;
}

/* A known file's identity decides before anything the rows would say, although the
 * importer checks it after the last row: the same bytes under a definition under which
 * they have problems (or do not fit the header) are refused for their identity, with an
 * empty problem list and the store unchanged; only with --replace do the rows speak. A
 * file with a byte order mark is hashed whole. */
static void
test_identity_first(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  om_import_report_free(import_with(f, f->survey, path, &o));
  /* 9 is no longer "don't know": T-002's answers are outside the scale */
  OmSurvey *problems = ouders_with("missing = 9\n", "missing = 8\n");
  OmSurvey *header
      = ouders_with("respondent-column = respondent\n", "respondent-column = respondent_id\n");
  OmSurvey *defs[] = { problems, header };
  for (guint i = 0; i < G_N_ELEMENTS(defs); i++) {
    for (int dry = 0; dry < 2; dry++) {
      o = defaults();
      o.dry_run = dry;
      char *msg = g_strdup_printf(
          "%s: these exact bytes were imported before as the ouders wave of 2014 (from "
          "good-2014.csv) under another version of survey definition 'ouders' (definition "
          "SHA-256 %.12s…, now %.12s…); to apply the changed definition, import again with "
          "--replace (the wave is swapped in one step and keeps its baseline mark)",
          path, om_survey_sha256(f->survey), om_survey_sha256(defs[i]));
      import_fails(f, defs[i], path, &o, OM_ERROR_VALIDATION, msg);
      g_free(msg);
      o.year = 2015;
      msg = g_strdup_printf("%s: these exact bytes were imported before as the ouders wave of "
                            "2014 (from good-2014.csv), not as the ouders wave of 2015; "
                            "expected a different file, or the same --year and --survey",
                            path);
      import_fails(f, defs[i], path, &o, OM_ERROR_VALIDATION, msg);
      g_free(msg);
    }
    /* the report is as when nothing was read */
    OmImportReport *r = om_import_report_new();
    GError *e = NULL;
    o = defaults();
    g_assert_false(om_import_file(f->store, defs[i], path, &o, r, &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
    g_clear_error(&e);
    g_assert_cmpuint(r->n_problems, ==, 0);
    g_assert_cmpuint(r->problems->len, ==, 0);
    g_assert_cmpuint(r->respondents, ==, 0);
    g_assert_cmpuint(r->ignored_columns->len, ==, 0);
    g_assert_false(r->replaced);
    om_import_report_free(r);
  }
  /* --replace with --year: the rows decide */
  o = defaults();
  o.replace = TRUE;
  o.year = 2014;
  char *before = om_test_dump_store(f->db);
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, problems, path, &o, r, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  char *msg
      = g_strdup_printf("%s: 3 problems (3 answers outside the scale); nothing was stored", path);
  if (e)
    g_assert_cmpstr(e->message, ==, msg);
  g_free(msg);
  g_clear_error(&e);
  g_assert_true(r->definition_changed);
  g_assert_cmpuint(r->n_problems, >, 0);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);

  /* a byte order mark is part of the file's bytes */
  char *text = read_text(path);
  char *bom = g_build_filename(f->dir, "bom-2015.csv", NULL);
  char *with_bom = g_strconcat("\xEF\xBB\xBF", text, NULL);
  char **years = g_strsplit(with_bom, ",2014,", -1);
  char *swapped = g_strjoinv(",2015,", years);
  g_strfreev(years);
  g_assert_true(g_file_set_contents(bom, swapped, -1, NULL));
  o = defaults();
  r = import_with(f, f->survey, bom, &o);
  g_assert_true(r->had_bom);
  char *sha = sha256_of(bom);
  g_assert_cmpstr(r->sha256, ==, sha);
  om_import_report_free(r);
  r = import_with(f, f->survey, bom, &o); /* and found again */
  g_assert_true(r->already_imported);
  g_assert_cmpint(r->year, ==, 2015);
  om_import_report_free(r);
  g_free(sha);
  g_free(swapped);
  g_free(with_bom);
  g_free(bom);
  g_free(text);
  om_survey_free(problems);
  om_survey_free(header);
  g_free(path);
}

/* `waves --verbose` shows each wave's file and definition hashes. */
static void
test_waves_verbose(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  om_import_report_free(import_with(f, f->survey, path, &o));
  om_store_free(f->store);
  f->store = NULL;
  Run r = run(f->dir, "waves", "--db", f->db, "--verbose", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "definitie-sha256"));
  g_assert_nonnull(strstr(r.out, om_survey_sha256(f->survey)));
  run_clear(&r);
  r = run(f->dir, "waves", "--db", f->db, NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_null(strstr(r.out, om_survey_sha256(f->survey))); /* text: only with --verbose */
  run_clear(&r);
  r = run(f->dir, "waves", "--db", f->db, "--format", "json", NULL);
  g_assert_cmpint(r.status, ==, 0);
  char *member = g_strdup_printf("\"definition_sha256\" : \"%s\"", om_survey_sha256(f->survey));
  g_assert_nonnull(strstr(r.out, member)); /* machine formats: always */
  g_free(member);
  run_clear(&r);
  g_free(path);
}

/* ---------------------------------------------------------------- one fixture per tool layout */

typedef struct {
  const char *name;   /* test name */
  const char *file;   /* under tests/data/ */
  const char *survey; /* under tests/data/, NULL = surveys/ouders.ini */
  guint64 respondents, answers, blanks, dont_know;
  char delimiter;
  OmEncoding encoding;
  guint names_row, skipped_rows;
} Layout;

/* One real tool layout each, with the counts a bureau would check. */
static const Layout layouts[] = {
  { "dutch-excel-csv", "import/excel-cp1252.csv", NULL, 3, 63, 5, 6, ';', OM_ENCODING_WINDOWS1252,
    1, 0 },
  { "excel-csv-utf8", "import/good-2014.csv", NULL, 5, 105, 7, 3, ',', OM_ENCODING_UTF8, 1, 0 },
  { "excel-csv-utf8-bom", "tools/excel-utf8-bom-2014.csv", NULL, 5, 105, 7, 3, ';',
    OM_ENCODING_UTF8, 1, 0 },
  { "tab-file", "tools/tab-2014.tsv", NULL, 5, 105, 7, 3, '\t', OM_ENCODING_UTF8, 1, 0 },
  { "excel-unicode-text", "import/unicode-text-2014.txt", NULL, 5, 105, 7, 3, '\t',
    OM_ENCODING_UTF16LE, 1, 0 },
  { "surveymonkey-header-row-2", "tools/surveymonkey-2016.csv", "tools/surveymonkey.ini", 4, 12, 1,
    3, ',', OM_ENCODING_UTF8, 2, 0 },
  { "surveymonkey-detected", "tools/surveymonkey-2016.csv", "tools/surveymonkey-auto.ini", 4, 12, 1,
    3, ',', OM_ENCODING_UTF8, 2, 0 },
  { "google-forms-brackets", "tools/googleforms-2016.csv", "tools/googleforms.ini", 3, 9, 1, 1, ',',
    OM_ENCODING_UTF8, 1, 0 },
  { "qualtrics-header-rows-3", "tools/qualtrics3-2016.csv", "tools/qualtrics3.ini", 2, 6, 1, 1, ',',
    OM_ENCODING_UTF8, 1, 2 },
  { "limesurvey-title-prefix", "tools/limesurvey-text-2016.csv", "tools/limesurvey-text.ini", 2, 6,
    0, 1, ';', OM_ENCODING_UTF8, 1, 0 },
};

static void
test_layout(Fix *f, gconstpointer data)
{
  const Layout *l = data;
  OmSurvey *s = f->survey;
  if (l->survey) {
    char *sp = g_build_filename(source_root(), "tests", "data", l->survey, NULL);
    GError *e = NULL;
    s = om_survey_new_from_file(sp, &e);
    g_assert_no_error(e);
    g_free(sp);
  }
  char *path = g_build_filename(source_root(), "tests", "data", l->file, NULL);
  OmImportOptions o = defaults();
  OmImportReport *r = import_with(f, s, path, &o);
  char *sha = sha256_of(path); /* every layout: the file's bytes, not the text read */
  g_assert_cmpstr(r->sha256, ==, sha);
  g_free(sha);
  g_assert_cmpuint(r->respondents, ==, l->respondents);
  g_assert_cmpuint(r->answers, ==, l->answers);
  g_assert_cmpuint(r->blanks, ==, l->blanks);
  g_assert_cmpuint(r->dont_know, ==, l->dont_know);
  g_assert_cmpint(r->delimiter, ==, l->delimiter);
  g_assert_cmpint(r->encoding, ==, l->encoding);
  g_assert_cmpuint(r->names_row, ==, l->names_row);
  g_assert_cmpuint(r->skipped_rows, ==, l->skipped_rows);
  om_import_report_free(r);
  if (s != f->survey)
    om_survey_free(s);
  g_free(path);
}

static OmSurvey *tool_survey(const char *name);

/* header-row past the end of a short file says so. */
static void
test_header_row_past_end(Fix *f, gconstpointer data)
{
  (void)data;
  OmSurvey *s = tool_survey("surveymonkey.ini"); /* header-row = 2 */
  char *path = g_build_filename(f->dir, "kort.csv", NULL);
  GError *e = NULL;
  g_assert_true(g_file_set_contents(path, "Respondent ID,instelling,jaar\n", -1, &e));
  OmImportOptions o = defaults();
  char *msg = g_strdup_printf("%s: the file has 1 row, but survey surveymonkey expects its column "
                              "names in row 2 (header-row); expected an export with that layout",
                              path);
  import_fails(f, s, path, &o, OM_ERROR_VALIDATION, msg);
  g_free(msg);
  g_free(path);
  om_survey_free(s);
}

/* The new definition keys refuse what they cannot mean, with the line. */
static const struct {
  const char *name, *survey, *scale, *message;
} key_errors[] = {
  { "header-row-zero", "header-row = 0\n", "",
    "d.ini:7: 'header-row' must be a row number from 1 to 20, e.g. header-row = 2" },
  { "header-rows-fewer", "header-row = 3\nheader-rows = 2\n", "",
    "d.ini:8: header-rows = 2 is fewer than header-row = 3; header-rows counts every header row, "
    "the names row included" },
  { "alias-no-code", "", "aliases = Weet niet\n",
    "d.ini:13: alias 'Weet niet' is not CODE: label; expected e.g. aliases = 9: Weet niet; 9: "
    "n.v.t." },
  { "alias-unknown-code", "", "aliases = 7: Soms\n",
    "d.ini:13: alias 'Soms' names code 7, which is neither a value nor a missing code of the "
    "scale" },
  { "alias-other-code", "", "aliases = 9: tevreden\n",
    "d.ini:13: alias 'tevreden' is already the label of code 4; a spelling can mean one code" },
};

static void
test_key_error(gconstpointer data)
{
  guint i = GPOINTER_TO_UINT(data);
  char *text = g_strdup_printf("[survey]\nid = d\ngroup = ouders\nrespondent-column = r\n"
                               "institution-column = i\nyear-column = jaar\n%s\n"
                               "[scale:s]\nvalues = 1-5\nlabels = a;b;c;tevreden;e\n"
                               "satisfied = 4;5\nmissing = 9\n%s\n"
                               "[item:q]\ntheme = A\nscale = s\n"
                               "[indicator:q]\ntitle = Q\ntheme = A\nitems = q\n",
                               key_errors[i].survey, key_errors[i].scale);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_data("d.ini", text, strlen(text), &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  if (e)
    g_assert_cmpstr(e->message, ==, key_errors[i].message);
  g_clear_error(&e);
  g_free(text);
}

/* ---------------------------------------------------------------- what is not an export */

static void
test_not_an_export(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportOptions o = defaults();
  char *xlsx = fixture("export.xlsx");
  char *msg = g_strdup_printf("%s:1:1: this is a ZIP archive, such as an Excel workbook (.xlsx), "
                              "not CSV text; open it in Excel and save it as \"CSV UTF-8\"",
                              xlsx);
  import_fails(f, f->survey, xlsx, &o, OM_ERROR_ENCODING, msg);
  g_free(msg);
  g_free(xlsx);
  msg = g_strdup_printf("%s: cannot read: this is a directory, not a file; expected a saved "
                        "export file (copy a stream to a file first)",
                        f->dir);
  import_fails(f, f->survey, f->dir, &o, OM_ERROR_IO, msg);
  g_free(msg);
  import_fails(f, f->survey, "/dev/zero", &o, OM_ERROR_IO,
               "/dev/zero: cannot read: this is a character device, not a file; expected a "
               "saved export file (copy a stream to a file first)");
}

/* A named pipe nobody writes to: refused at once, in a subprocess with a timeout so that a
 * regression fails rather than hangs. */
static void
test_fifo_child(Fix *f, gconstpointer data)
{
  (void)data;
  char *fifo = g_build_filename(f->dir, "ouders.csv", NULL);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  OmImportOptions o = defaults();
  char *msg = g_strdup_printf("%s: cannot read: this is a named pipe (FIFO), not a file; "
                              "expected a saved export file (copy a stream to a file first)",
                              fifo);
  import_fails(f, f->survey, fifo, &o, OM_ERROR_IO, msg);
  g_free(msg);
  g_free(fifo);
}

static void
test_fifo(void)
{
  g_test_trap_subprocess("/sources/fail/fifo/subprocess", 30 * G_USEC_PER_SEC,
                         G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
}

/* Past a limit nothing is stored; the flag raises it. */
static void
test_limit_nothing_stored(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  o.max_cell = 30; /* the e-mail address on line 2 is longer */
  char *msg = g_strdup_printf("%s:2:5: a field longer than 30 bytes; the limit is 30 bytes a "
                              "field (raise it with --max-cell BYTES)",
                              path);
  import_fails(f, f->survey, path, &o, OM_ERROR_PARSE, msg);
  g_free(msg);
  o.max_cell = 0;
  o.max_fields = 26; /* the header has 27 columns */
  msg = g_strdup_printf("%s:1:27: more than 26 fields in one record; the limit is 26 fields "
                        "(raise it with --max-columns N)",
                        path);
  import_fails(f, f->survey, path, &o, OM_ERROR_PARSE, msg);
  g_free(msg);
  o.max_fields = 27;
  OmImportReport *r = import_with(f, f->survey, path, &o);
  g_assert_cmpuint(r->respondents, ==, 5);
  om_import_report_free(r);
  g_free(path);
}

/* ---------------------------------------------------------------- SPSS .sav */

static ssize_t
write_bytes(const void *data, size_t len, void *ctx)
{
  g_byte_array_append(ctx, data, (guint)len);
  return (ssize_t)len;
}

/* Writes an SPSS system file with ReadStat's writer: respondent, instelling (strings),
 * jaar, a1, a2, b1 (numbers, the last three labelled; `five` is the label of code 5). */
static void
write_sav(const char *path, const char *five)
{
  GByteArray *bytes = g_byte_array_new();
  readstat_writer_t *w = readstat_writer_init();
  readstat_set_data_writer(w, write_bytes);
  readstat_label_set_t *ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "tevreden5");
  const char *labels[] = { "Zeer ontevreden", "Ontevreden", "Neutraal", "Tevreden", five };
  for (int i = 0; i < 5; i++)
    readstat_label_double_value(ls, i + 1, labels[i]);
  readstat_label_double_value(ls, 9, "Weet niet / n.v.t.");
  readstat_variable_t *resp = readstat_add_variable(w, "respondent", READSTAT_TYPE_STRING, 8);
  readstat_variable_t *inst = readstat_add_variable(w, "instelling", READSTAT_TYPE_STRING, 8);
  readstat_variable_t *jaar = readstat_add_variable(w, "jaar", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_t *items[3];
  const char *names[] = { "a1", "a2", "b1" };
  for (int i = 0; i < 3; i++) {
    items[i] = readstat_add_variable(w, names[i], READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_label_set(items[i], ls);
  }
  static const struct {
    const char *id, *inst;
    double a[3]; /* NAN: system-missing */
  } cases[] = {
    { "S1", "10AA00", { 5, 4, 9 } },
    { "S2", "20BB00", { 2, NAN, 3 } },
    { "S3", "30CC00", { 4, 4, 4 } },
  };
  g_assert_cmpint(readstat_begin_writing_sav(w, bytes, G_N_ELEMENTS(cases)), ==, READSTAT_OK);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    readstat_begin_row(w);
    readstat_insert_string_value(w, resp, cases[c].id);
    readstat_insert_string_value(w, inst, cases[c].inst);
    readstat_insert_double_value(w, jaar, 2016);
    for (int i = 0; i < 3; i++)
      if (isnan(cases[c].a[i]))
        readstat_insert_missing_value(w, items[i]);
      else
        readstat_insert_double_value(w, items[i], cases[c].a[i]);
    readstat_end_row(w);
  }
  g_assert_cmpint(readstat_end_writing(w), ==, READSTAT_OK);
  readstat_writer_free(w);
  GError *e = NULL;
  g_assert_true(g_file_set_contents(path, (const char *)bytes->data, bytes->len, &e));
  g_assert_no_error(e);
  g_byte_array_unref(bytes);
}

static OmSurvey *
tool_survey(const char *name)
{
  char *sp = g_build_filename(source_root(), "tests", "data", "tools", name, NULL);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file(sp, &e);
  g_assert_no_error(e);
  g_free(sp);
  return s;
}

/* A .sav imports like a CSV: variable names are the columns, codes the answers,
 * system-missing is blank; the importer does not know which reader it had. */
static void
test_sav(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = g_build_filename(f->dir, "ouders-2016.sav", NULL);
  write_sav(path, "Zeer tevreden");
  OmSurvey *s = tool_survey("spss.ini");
  OmImportOptions o = defaults();
  OmImportReport *r = import_with(f, s, path, &o);
  g_assert_cmpstr(r->format, ==, "sav");
  char *sha = sha256_of(path); /* an SPSS file too */
  g_assert_cmpstr(r->sha256, ==, sha);
  g_free(sha);
  g_assert_cmpint(r->year, ==, 2016);
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpuint(r->answers, ==, 9);
  g_assert_cmpuint(r->blanks, ==, 1);
  g_assert_cmpuint(r->dont_know, ==, 1);
  om_import_report_free(r);
  GError *e = NULL;
  GArray *w = om_store_waves(f->store, "ouders", &e);
  g_assert_no_error(e);
  g_assert_cmpint(g_array_index(w, OmWave, 0).respondents, ==, 3);
  g_array_unref(w);
  om_survey_free(s);
  g_free(path);
}

/* The file's value labels disagree with the definition: refused, nothing stored. */
static void
test_sav_label_mismatch(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = g_build_filename(f->dir, "ouders-2016.sav", NULL);
  write_sav(path, "Tevreden"); /* 5 labelled as the definition's 4 */
  OmSurvey *s = tool_survey("spss.ini");
  OmImportOptions o = defaults();
  char *msg = g_strdup_printf(
      "%s:1:4: variable 'a1' labels 5 as 'Tevreden', which scale tevreden5 reads as 4; expected "
      "the file's value labels to agree with the survey definition (correct the labels in SPSS "
      "or the scale's labels)",
      path);
  import_fails(f, s, path, &o, OM_ERROR_VALIDATION, msg);
  g_free(msg);
  om_survey_free(s);
  g_free(path);
}

/* A damaged .sav: the reader's complaint, with the file, nothing stored. */
static void
test_sav_damaged(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = g_build_filename(f->dir, "kapot.sav", NULL);
  GError *e = NULL;
  g_assert_true(g_file_set_contents(path, "$FL2@(#) SPSS DATA FILE but nothing more", -1, &e));
  OmImportOptions o = defaults();
  OmImportReport *r = om_import_report_new();
  g_assert_false(om_import_file(f->store, f->survey, path, &o, r, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_PARSE);
  if (e)
    g_assert_true(g_str_has_prefix(e->message, path));
  g_clear_error(&e);
  om_import_report_free(r);
  g_free(path);
}

/* What the command says about what it found: the encoding of a Unicode-text export, the
 * names row of a SurveyMonkey export, an SPSS file. */
static void
test_cli_reports(Fix *f, gconstpointer data)
{
  (void)data;
  char *sav = g_build_filename(f->dir, "ouders-2016.sav", NULL);
  write_sav(sav, "Zeer tevreden");
  om_store_free(f->store);
  f->store = NULL;
  static const struct {
    const char *survey, *file, *says;
  } cases[] = {
    { "surveys/ouders.ini", "tests/data/import/unicode-text-2014.txt",
      "  UTF-16 LE (Unicode text), delimiter 'tab', 105 answers of which 7 empty and 3 don't "
      "know\n" },
    { "tests/data/tools/surveymonkey-auto.ini", "tests/data/tools/surveymonkey-2016.csv",
      "  column names taken from line 2 (header row 2; empty names from the rows above)\n" },
    { "tests/data/tools/spss.ini", NULL,
      "  SPSS system file, 9 answers of which 1 empty and 1 don't know\n" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *survey = g_build_filename(source_root(), cases[i].survey, NULL);
    char *file
        = cases[i].file ? g_build_filename(source_root(), cases[i].file, NULL) : g_strdup(sav);
    Run r = run(f->dir, "import", "--db", f->db, "--survey", survey, "--dry-run", file, NULL);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, cases[i].says));
    run_clear(&r);
    g_free(survey);
    g_free(file);
  }
  g_free(sav);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
#define ADD(path, fn) g_test_add(path, Fix, NULL, fix_setup, fn, fix_teardown)
  ADD("/sources/corrected-definition", test_corrected_definition);
  ADD("/sources/waves-verbose", test_waves_verbose);
  ADD("/sources/identity-first", test_identity_first);
  for (gsize i = 0; i < G_N_ELEMENTS(layouts); i++) {
    char *name = g_strdup_printf("/sources/layout/%s", layouts[i].name);
    g_test_add(name, Fix, &layouts[i], fix_setup, test_layout, fix_teardown);
    g_free(name);
  }
  for (guint i = 0; i < G_N_ELEMENTS(key_errors); i++) {
    char *name = g_strdup_printf("/sources/definition/%s", key_errors[i].name);
    g_test_add_data_func(name, GUINT_TO_POINTER(i), test_key_error);
    g_free(name);
  }
  ADD("/sources/fail/not-an-export", test_not_an_export);
  ADD("/sources/fail/fifo/subprocess", test_fifo_child);
  g_test_add_func("/sources/fail/fifo", test_fifo);
  ADD("/sources/fail/limits", test_limit_nothing_stored);
  ADD("/sources/layout/spss-sav", test_sav);
  ADD("/sources/fail/sav-label-mismatch", test_sav_label_mismatch);
  ADD("/sources/fail/sav-damaged", test_sav_damaged);
  ADD("/sources/cli/reports", test_cli_reports);
  ADD("/sources/fail/header-row-past-end", test_header_row_past_end);
#undef ADD
  return g_test_run();
}
