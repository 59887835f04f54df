/* test-import.c — unit tests of the importer over the fixtures in tests/data/import/.
 *
 * The fixtures are small exports of surveys/ouders.ini against the three-institution
 * register tests/data/import/register.csv (10AA00, 20BB00, 30CC00):
 *   good-2014.csv       5 respondents, names/e-mails/comments in unmapped columns, a comment
 *                       with an embedded line break
 *   good-2014b.csv      another 2014 file (3 respondents), bad-2014.csv the same with a
 *                       problem: for --replace
 *   clean-2015.csv      3 respondents; each messy file below is this file with one fault
 *   qualtrics.csv       Qualtrics: short names, question texts, {"ImportId":...} rows (2016)
 *   limesurvey.csv      LimeSurvey: long titles ("a1. …", "[b1] …", full text), ';',
 *                       labels as answers (2013)
 *   excel-cp1252.csv    Dutch Excel "CSV (;)": Windows-1252, ';', CRLF (2016)
 * For every failure the test checks the exact messages and that the store's content is
 * exactly what it was (a dump of every table compared before and after).
 */
#include "testutil.h"
#include "import/import.h"
#include "input/register.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

#define fixture om_test_import_fixture

static gint64
sql_int(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *q = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &q, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(q), ==, SQLITE_ROW);
  gint64 v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

typedef OmTestImportFix Fix;

static void
fix_setup_empty(Fix *f, gconstpointer data)
{
  (void)data;
  om_test_import_fix_setup(f, FALSE);
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

/* Imports a fixture that must succeed. Returns the report (transfer full). */
static OmImportReport *
import_ok(Fix *f, const char *path, const OmImportOptions *o)
{
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  gboolean ok = om_import_file(f->store, f->survey, path, o, r, &e);
  g_assert_no_error(e);
  g_assert_true(ok);
  return r;
}

static OmImportReport *
import_fixture_ok(Fix *f, const char *name)
{
  char *path = fixture(name);
  OmImportOptions o = defaults();
  OmImportReport *r = import_ok(f, path, &o);
  g_free(path);
  return r;
}

static char *
joined(GPtrArray *a)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < a->len; i++)
    g_string_append_printf(s, "%s%s", i ? "\n" : "", (const char *)g_ptr_array_index(a, i));
  return g_string_free(s, FALSE);
}

/* Imports `path`, which must fail with `code` and exactly `message` (with "%1$s" standing
 * for the path) and, when `problems` is not NULL, exactly these problems (one per line,
 * "%1$s" for the path). The store's content must be unchanged. */
static void
assert_fails_at(Fix *f, const char *path, const OmImportOptions *o, OmErrorCode code,
                const char *message, const char *problems)
{
  char *before = om_test_dump_store(f->db);
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  gboolean ok = om_import_file(f->store, f->survey, path, o, r, &e);
  g_assert_false(ok);
  g_assert_error(e, OM_ERROR, (gint)code);
  GString *want = g_string_new(message);
  g_string_replace(want, "%1$s", path, 0);
  g_assert_cmpstr(e->message, ==, want->str);
  if (problems) {
    GString *wp = g_string_new(problems);
    g_string_replace(wp, "%1$s", path, 0);
    char *got = joined(r->problems);
    g_assert_cmpstr(got, ==, wp->str);
    g_free(got);
    g_string_free(wp, TRUE);
  } else {
    g_assert_cmpuint(r->problems->len, ==, 0);
  }
  g_assert_cmpuint(r->n_problems, ==, r->problems->len);
  g_assert_cmpint(r->wave_id, ==, 0);
  g_assert_false(r->already_imported);
  g_string_free(want, TRUE);
  g_clear_error(&e);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);
}

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

/* Respondents of a wave as "id@inst:a1,a2,…" lines ("-" for blank). */
static gboolean
collect(const char *respondent, const char *institution, const gint32 *answers, guint n,
        gpointer data, GError **error)
{
  (void)error;
  GString *s = data;
  g_string_append_printf(s, "%s@%s:", respondent, institution);
  for (guint i = 0; i < n; i++) {
    if (answers[i] == OM_ANSWER_BLANK)
      g_string_append_printf(s, "%s-", i ? "," : "");
    else
      g_string_append_printf(s, "%s%d", i ? "," : "", answers[i]);
  }
  g_string_append_c(s, '\n');
  return TRUE;
}

/* The store holds keyed pseudonyms only (store.h): each is turned back into the fixture id
 * it is the HMAC of, trying the ids the fixtures use (a letter, '-', 1 to 3 digits), so that
 * the expected texts below name the ids of the files. An unknown pseudonym stays as it is
 * and fails the comparison. */
static char *
respondents_of(Fix *f, gint64 wave_id)
{
  GString *s = g_string_new(NULL);
  GError *e = NULL;
  g_assert_true(om_store_foreach_respondent(f->store, wave_id, collect, s, &e));
  g_assert_no_error(e);
  GHashTable *back = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (char c = 'A'; c <= 'Z'; c++)
    for (int n = 0; n < 100; n++)
      for (int w = 1; w <= 3; w++) {
        if (w == 1 && n > 9)
          continue;
        char *id = g_strdup_printf("%c-%0*d", c, w, n);
        char *p = om_store_pseudonym(f->store, id, &e);
        g_assert_no_error(e);
        g_hash_table_insert(back, p, id);
      }
  gchar **lines = g_strsplit(s->str, "\n", -1);
  GString *out = g_string_new(NULL);
  for (guint i = 0; lines[i] && *lines[i]; i++) {
    char *at = strchr(lines[i], '@');
    g_assert_nonnull(at);
    *at = '\0';
    const char *id = g_hash_table_lookup(back, lines[i]);
    g_string_append_printf(out, "%s@%s\n", id ? id : lines[i], at + 1);
  }
  g_strfreev(lines);
  g_hash_table_unref(back);
  g_string_free(s, TRUE);
  return g_string_free(out, FALSE);
}

static Fix *
with_2014(Fix *f)
{
  om_import_report_free(import_fixture_ok(f, "good-2014.csv"));
  return f;
}

/* ---------------------------------------------------------------- success */

static void
test_good(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  OmImportReport *r = import_ok(f, path, &o);
  char *sha = sha256_of(path);
  g_assert_cmpstr(r->source, ==, path);
  g_assert_cmpstr(r->sha256, ==, sha);
  g_assert_false(r->already_imported);
  g_assert_false(r->replaced);
  g_assert_cmpstr(r->group, ==, "ouders");
  g_assert_cmpint(r->year, ==, 2014);
  g_assert_cmpint(r->wave_id, >, 0);
  g_assert_cmpuint(r->respondents, ==, 5);
  g_assert_cmpuint(r->answers, ==, 105);
  g_assert_cmpuint(r->blanks, ==, 7);
  g_assert_cmpuint(r->dont_know, ==, 3);
  g_assert_cmpuint(r->skipped_rows, ==, 0);
  g_assert_cmpuint(r->problems->len, ==, 0);
  g_assert_cmpuint(r->n_problems, ==, 0);
  g_assert_cmpint(r->delimiter, ==, ',');
  g_assert_cmpint(r->encoding, ==, OM_ENCODING_UTF8);
  g_assert_false(r->had_bom);
  char *ign = joined(r->ignored_columns);
  g_assert_cmpstr(ign, ==, "naam\nemail\nopmerking");
  g_free(ign);

  GError *e = NULL;
  GArray *w = om_store_waves(f->store, NULL, &e);
  g_assert_cmpuint(w->len, ==, 1);
  OmWave *wave = &g_array_index(w, OmWave, 0);
  g_assert_cmpint(wave->id, ==, r->wave_id);
  g_assert_cmpint(wave->year, ==, 2014);
  g_assert_cmpint(wave->respondents, ==, 5);
  g_assert_cmpstr(wave->source, ==, "good-2014.csv");
  g_assert_cmpstr(wave->sha256, ==, sha);
  g_assert_true(wave->baseline);
  g_assert_false(wave->baseline_set);
  g_array_unref(w);

  char *resp = respondents_of(f, r->wave_id);
  g_assert_cmpstr(resp, ==,
                  "T-001@10AA00:4,5,4,4,3,5,4,4,4,3,4,3,3,4,4,4,4,4,3,4,8\n"
                  "T-002@10AA00:9,-,5,5,5,5,5,5,9,5,5,-,-,-,-,-,4,4,4,4,10\n"
                  "T-003@20BB00:2,2,3,2,1,2,3,3,3,3,3,2,2,2,2,2,1,1,1,1,4\n"
                  "T-004@20BB00:5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,9\n"
                  "T-005@30CC00:4,3,4,3,-,9,4,4,4,4,4,4,4,4,4,4,4,4,4,4,7\n");
  g_free(resp);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM answers"), ==, 105);
  g_free(sha);
  g_free(path);
  om_import_report_free(r);
}

typedef struct {
  guint calls;
  guint64 last_done, total;
  gboolean monotonic;
} Prog;

static void
on_progress(guint64 done, guint64 total, gpointer data)
{
  Prog *p = data;
  if (p->calls && done < p->last_done)
    p->monotonic = FALSE;
  p->calls++;
  p->last_done = done;
  p->total = total;
}

static void
test_progress_and_baseline(Fix *f, gconstpointer data)
{
  (void)data;
  with_2014(f);
  char *path = fixture("clean-2015.csv");
  Prog p = { 0, 0, 0, TRUE };
  OmImportOptions o = defaults();
  o.progress = on_progress;
  o.progress_data = &p;
  o.baseline = TRUE;
  OmImportReport *r = import_ok(f, path, &o);
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpuint(p.calls, >=, 1);
  g_assert_cmpuint(p.calls, <=, 101);
  g_assert_true(p.monotonic);
  g_assert_cmpuint(p.total, ==, 362); /* file size: UTF-8 without BOM */
  g_assert_cmpuint(p.last_done, ==, p.total);
  /* the marked wave is the baseline although 2014 is earlier */
  GError *e = NULL;
  GArray *w = om_store_waves(f->store, "ouders", &e);
  g_assert_cmpuint(w->len, ==, 2);
  g_assert_false(g_array_index(w, OmWave, 0).baseline);
  g_assert_true(g_array_index(w, OmWave, 1).baseline);
  g_assert_true(g_array_index(w, OmWave, 1).baseline_set);
  g_array_unref(w);
  om_import_report_free(r);
  g_free(path);
}

static void
test_qualtrics(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "qualtrics.csv");
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpint(r->year, ==, 2016);
  g_assert_cmpuint(r->skipped_rows, ==, 2);
  g_assert_cmpuint(r->first_skipped_line, ==, 2);
  g_assert_cmpuint(r->answers, ==, 63);
  g_assert_cmpuint(r->dont_know, ==, 20);
  g_assert_cmpuint(r->blanks, ==, 0);
  char *ign = joined(r->ignored_columns);
  g_assert_cmpstr(ign, ==, "StartDate\nEndDate\nRecipientEmail");
  g_free(ign);
  char *resp = respondents_of(f, r->wave_id);
  g_assert_cmpstr(resp, ==,
                  "Q-1@10AA00:5,4,4,4,4,4,4,4,4,4,4,3,3,3,3,3,2,2,2,2,7\n"
                  "Q-2@20BB00:4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,8\n"
                  "Q-3@10AA00:9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,6\n");
  g_free(resp);
  om_import_report_free(r);

  /* the same with the extra rows named explicitly, into a fresh wave */
  GError *e = NULL;
  g_assert_true(om_store_begin(f->store, &e));
  g_assert_true(om_store_delete_wave(f->store, sql_int(f->db, "SELECT id FROM waves"), &e));
  g_assert_true(om_store_commit(f->store, &e));
  g_assert_no_error(e);
  char *path = fixture("qualtrics.csv");
  OmImportOptions o = defaults();
  o.skip_rows = 2;
  r = import_ok(f, path, &o);
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpuint(r->skipped_rows, ==, 2);
  g_assert_cmpuint(r->first_skipped_line, ==, 2);
  om_import_report_free(r);
  g_free(path);
}

static void
test_limesurvey(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "limesurvey.csv");
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpint(r->year, ==, 2013);
  g_assert_cmpuint(r->skipped_rows, ==, 0);
  g_assert_cmpint(r->delimiter, ==, ';');
  g_assert_cmpuint(r->answers, ==, 63);
  g_assert_cmpuint(r->dont_know, ==, 21);
  g_assert_cmpuint(r->blanks, ==, 3);
  char *ign = joined(r->ignored_columns);
  g_assert_cmpstr(ign, ==, "naam\nopmerking");
  g_free(ign);
  char *resp = respondents_of(f, r->wave_id);
  g_assert_cmpstr(resp, ==,
                  "L-1@10AA00:5,4,4,4,3,5,2,3,9,4,4,-,-,1,3,4,4,4,4,4,8\n"
                  "L-2@20BB00:5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,10\n"
                  "L-3@30CC00:9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,-\n");
  g_free(resp);
  om_import_report_free(r);
}

static void
test_excel_cp1252(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "excel-cp1252.csv");
  g_assert_cmpuint(r->respondents, ==, 3);
  g_assert_cmpint(r->year, ==, 2016);
  g_assert_cmpint(r->delimiter, ==, ';');
  g_assert_cmpint(r->encoding, ==, OM_ENCODING_WINDOWS1252);
  g_assert_false(r->had_bom);
  g_assert_cmpuint(r->dont_know, ==, 6);
  g_assert_cmpuint(r->blanks, ==, 5);
  char *resp = respondents_of(f, r->wave_id);
  g_assert_cmpstr(resp, ==,
                  "X-001@10AA00:4,4,5,5,4,5,4,4,4,4,4,3,3,3,3,3,4,4,4,4,8\n"
                  "X-002@20BB00:9,9,9,9,9,9,-,-,-,-,-,5,5,5,5,5,2,2,2,2,6\n"
                  "X-003@30CC00:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,5\n");
  g_free(resp);
  om_import_report_free(r);
}

/* ---------------------------------------------------------------- privacy */

static void
assert_absent(const char *what, const char *haystack, gsize len, const char *needle)
{
  gsize n = strlen(needle);
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp(haystack + i, needle, n) == 0) {
      g_test_fail_printf("'%s' found in %s at byte %" G_GSIZE_FORMAT, needle, what, i);
      return;
    }
}

static void
assert_store_free_of(Fix *f, const char *const *needles)
{
  /* close the store so that everything is in the database file */
  om_store_free(f->store);
  f->store = NULL;
  char *d = om_test_dump_store(f->db);
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  for (guint k = 0; needles[k]; k++) {
    assert_absent("the store's tables", d, strlen(d), needles[k]);
    for (guint s = 0; s < G_N_ELEMENTS(suffixes); s++) {
      char *p = g_strconcat(f->db, suffixes[s], NULL);
      char *bytes = NULL;
      gsize len = 0;
      if (g_file_get_contents(p, &bytes, &len, NULL))
        assert_absent(p, bytes, len, needles[k]);
      g_free(bytes);
      g_free(p);
    }
  }
  g_free(d);
}

static void
test_privacy(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "good-2014.csv");
  om_import_report_free(r);
  r = import_fixture_ok(f, "excel-cp1252.csv");
  om_import_report_free(r);
  /* a failed import with personal data must leave none either */
  char *path = fixture("many-problems.csv");
  OmImportOptions o = defaults();
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: 4 problems (1 row with the wrong number of fields, 1 answer outside "
                  "the scale, 1 unknown institution code, 1 duplicate respondent id); nothing "
                  "was stored",
                  "%1$s:2:27: this row has 26 fields, the header (line 1) has 27; "
                  "expected one field per column (a quote left open, or a "
                  "delimiter inside an unquoted answer?)\n"
                  "%1$s:3:7: answer '0' to item a2 is outside scale tevreden5; "
                  "expected 1–5 or labels such as 'Zeer tevreden', 9 = Weet niet "
                  "/ n.v.t., or empty\n"
                  "%1$s:4:2: institution '31CC00' is not in the register; "
                  "expected a registered code (see 'oudermonitor institutions')\n"
                  "%1$s:5:1: respondent id 'M-002' appears before, on line 3; "
                  "expected each respondent once");
  g_free(path);
  static const char *const needles[] = { "pietje.fictief@voorbeeld.invalid",
                                         "Pietje Fictief",
                                         "marietje.verzonnen",
                                         "Verzonnen",
                                         "Kees Nergens",
                                         "geheim-commentaar-xyz",
                                         "tweede regel",
                                         "zoe@voorbeeld.invalid",
                                         "Zo\xc3\xab de Vri\xc3\xabs",
                                         "Zo\xeb de Vri\xebs",
                                         "Ren\xc3\xa9",
                                         "Ren\xe9",
                                         "Caf\xc3\xa9"
                                         "",
                                         "Na\xc3\xaf"
                                         "ef",
                                         "bijdrage",
                                         "anna.nep@voorbeeld.invalid",
                                         "Anna Nep",
                                         "Bram Nep",
                                         "voorbeeld.invalid",
                                         NULL };
  assert_store_free_of(f, needles);
  /* the respondents are there, just not their names */
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM respondents"), ==, 8);
}

/* ---------------------------------------------------------------- idempotence, replace */

static void
test_twice(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *first = import_fixture_ok(f, "good-2014.csv");
  char *before = om_test_dump_store(f->db);
  OmImportReport *r = import_fixture_ok(f, "good-2014.csv");
  g_assert_true(r->already_imported);
  g_assert_false(r->replaced);
  g_assert_cmpint(r->wave_id, ==, first->wave_id);
  g_assert_cmpint(r->year, ==, 2014);
  g_assert_cmpuint(r->respondents, ==, 5);
  g_assert_cmpstr(r->sha256, ==, first->sha256);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  om_import_report_free(r);
  /* also with --replace and as a dry run: the same bytes are never imported twice */
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  o.replace = TRUE;
  r = import_ok(f, path, &o);
  g_assert_true(r->already_imported);
  om_import_report_free(r);
  o.dry_run = TRUE;
  r = import_ok(f, path, &o);
  g_assert_true(r->already_imported);
  om_import_report_free(r);
  after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(path);
  g_free(before);
  om_import_report_free(first);
}

static void
test_same_year(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *first = import_fixture_ok(f, "good-2014.csv");
  char *path = fixture("good-2014b.csv");
  OmImportOptions o = defaults();
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: the store already has the ouders wave of 2014 (from good-2014.csv); "
                  "use --replace to swap it",
                  NULL);
  o.dry_run = TRUE;
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: the store already has the ouders wave of 2014 (from good-2014.csv); "
                  "use --replace to swap it",
                  NULL);

  /* --replace with a file that has a problem: the old wave stays, untouched */
  char *bad = fixture("bad-2014.csv");
  o = defaults();
  o.replace = TRUE;
  assert_fails_at(f, bad, &o, OM_ERROR_VALIDATION,
                  "%1$s: 1 problem (1 answer outside the scale); nothing was stored",
                  "%1$s:4:7: answer '7' to item a2 is outside scale tevreden5; expected 1–5 or "
                  "labels such as 'Zeer tevreden', 9 = Weet niet / n.v.t., or empty");
  g_free(bad);

  /* a dry run of the replacement changes nothing */
  char *before = om_test_dump_store(f->db);
  o.dry_run = TRUE;
  OmImportReport *r = import_ok(f, path, &o);
  g_assert_true(r->replaced);
  g_assert_cmpint(r->wave_id, ==, 0);
  g_assert_cmpuint(r->respondents, ==, 3);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);

  /* --replace swaps the wave */
  o.dry_run = FALSE;
  r = import_ok(f, path, &o);
  g_assert_true(r->replaced);
  g_assert_false(r->already_imported);
  g_assert_cmpint(r->wave_id, >, 0);
  g_assert_cmpuint(r->respondents, ==, 3);
  GError *e = NULL;
  GArray *w = om_store_waves(f->store, NULL, &e);
  g_assert_cmpuint(w->len, ==, 1);
  OmWave *wave = &g_array_index(w, OmWave, 0);
  g_assert_cmpint(wave->id, ==, r->wave_id);
  g_assert_cmpint(wave->year, ==, 2014);
  g_assert_cmpint(wave->respondents, ==, 3);
  g_assert_cmpstr(wave->source, ==, "good-2014b.csv");
  g_assert_cmpstr(wave->sha256, ==, r->sha256);
  g_assert_true(wave->baseline);
  g_array_unref(w);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM respondents"), ==, 3);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM respondents WHERE respondent LIKE 'T-%'"),
                  ==, 0);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM items"), ==, 21);
  /* the import's transaction does not cascade (foreign keys off): nothing of the old
   * wave may stay behind in any table */
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM counts WHERE wave_id NOT IN"
                                 " (SELECT id FROM waves)"),
                  ==, 0);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM distributions WHERE wave_id NOT IN"
                                 " (SELECT id FROM waves)"),
                  ==, 0);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  char *resp = respondents_of(f, r->wave_id);
  g_assert_cmpstr(resp, ==,
                  "U-001@10AA00:1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n"
                  "U-002@20BB00:2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2\n"
                  "U-003@30CC00:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3\n");
  g_free(resp);
  om_import_report_free(r);
  om_import_report_free(first);
  g_free(path);
}

static void
test_dry_run(Fix *f, gconstpointer data)
{
  (void)data;
  char *before = om_test_dump_store(f->db);
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  o.dry_run = TRUE;
  OmImportReport *r = import_ok(f, path, &o);
  g_assert_false(r->already_imported);
  g_assert_cmpint(r->wave_id, ==, 0);
  g_assert_cmpuint(r->respondents, ==, 5);
  g_assert_cmpuint(r->answers, ==, 105);
  g_assert_cmpuint(r->blanks, ==, 7);
  g_assert_cmpuint(r->dont_know, ==, 3);
  g_assert_cmpint(r->year, ==, 2014);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM waves"), ==, 0);
  /* and it can be imported for real afterwards */
  o.dry_run = FALSE;
  r = import_ok(f, path, &o);
  g_assert_false(r->already_imported);
  g_assert_cmpint(r->wave_id, >, 0);
  om_import_report_free(r);
  g_free(after);
  g_free(before);
  g_free(path);
}

/* ---------------------------------------------------------------- failures */

/* Every fixture that must fail, with the options it is imported with: the exact error and
 * problems ("%1$s" = the fixture's path), the same for a dry run, and the store's content
 * unchanged. Each case is imported into a store that holds good-2014.csv. A new fixture is
 * a new row. */
typedef struct {
  const char *name;    /* test path below /import/fail/ */
  const char *fixture; /* in tests/data/import/ */
  OmEncoding encoding; /* AUTO = sniff */
  int year;            /* 0 = from the year column */
  OmErrorCode code;
  const char *message;
  const char *problems; /* one per line; NULL = none */
} FailCase;

static const FailCase FAIL_CASES[] = {
  { "ragged", "ragged.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 1 problem (1 row with the wrong number of fields); nothing was stored",
    "%1$s:3:27: this row has 26 fields, the header (line 1) has 27; expected one "
    "field per column (a quote left open, or a delimiter inside an unquoted "
    "answer?)" },
  { "scale", "scale.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 2 problems (2 answers outside the scale); nothing was stored",
    "%1$s:3:8: answer '6' to item a3 is outside scale tevreden5; expected 1–5 or "
    "labels such as 'Zeer tevreden', 9 = Weet niet / n.v.t., or empty\n"
    "%1$s:4:26: answer '11' to item cijfer is outside scale cijfer10; expected "
    "1–10, or empty" },
  { "unknown-institution", "unknown-institution.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 1 problem (1 unknown institution code); nothing was stored",
    "%1$s:3:2: institution '99ZZ00' is not in the register; expected a registered "
    "code (see 'oudermonitor institutions')" },
  { "duplicate-id", "duplicate-id.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 1 problem (1 duplicate respondent id); nothing was stored",
    "%1$s:4:1: respondent id 'M-001' appears before, on line 2; expected each "
    "respondent once" },
  { "empty", "empty.csv", OM_ENCODING_AUTO, 0, OM_ERROR_PARSE, "%1$s: the file is empty", NULL },
  { "header-only", "header-only.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: the file has a header but no respondents (line 1 is the last); expected "
    "one row per respondent",
    NULL },
  { "undecodable", "undecodable.csv", OM_ENCODING_AUTO, 0, OM_ERROR_ENCODING,
    "%1$s:3:25: byte 0x81 is neither UTF-8 nor Windows-1252", NULL },
  { "undecodable-utf8", "undecodable.csv", OM_ENCODING_UTF8, 0, OM_ERROR_ENCODING,
    "%1$s:2:21: byte 0xEB is not valid UTF-8; if the file is Windows-1252 "
    "(Excel's \"CSV (;)\"), try --encoding windows-1252",
    NULL },
  { "year-mismatch", "year-mismatch.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 1 problem (1 year that differs from the wave's year); nothing was stored",
    "%1$s:4:3: year '2016' differs from the wave's year 2015; expected one year per "
    "file" },
  /* a year given by the caller is checked against every row */
  { "year-given", "clean-2015.csv", OM_ENCODING_AUTO, 2017, OM_ERROR_VALIDATION,
    "%1$s: 3 problems (3 years that differ from the wave's year); nothing was "
    "stored",
    "%1$s:2:3: year '2015' differs from the wave's year 2017; expected one year "
    "per file\n"
    "%1$s:3:3: year '2015' differs from the wave's year 2017; expected one year "
    "per file\n"
    "%1$s:4:3: year '2015' differs from the wave's year 2017; expected one year "
    "per file" },
  { "missing-item", "missing-item.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s:1: 1 item column of survey ouders is not in the header: 'c3'; expected a "
    "column named by the item's 'column' or 'title' (see surveys/README.md)",
    NULL },
  { "many-problems", "many-problems.csv", OM_ENCODING_AUTO, 0, OM_ERROR_VALIDATION,
    "%1$s: 4 problems (1 row with the wrong number of fields, 1 answer outside "
    "the scale, 1 unknown institution code, 1 duplicate respondent id); nothing "
    "was stored",
    "%1$s:2:27: this row has 26 fields, the header (line 1) has 27; expected one "
    "field per column (a quote left open, or a delimiter inside an unquoted "
    "answer?)\n"
    "%1$s:3:7: answer '0' to item a2 is outside scale tevreden5; expected 1–5 or "
    "labels such as 'Zeer tevreden', 9 = Weet niet / n.v.t., or empty\n"
    "%1$s:4:2: institution '31CC00' is not in the register; expected a registered "
    "code (see 'oudermonitor institutions')\n"
    "%1$s:5:1: respondent id 'M-002' appears before, on line 3; expected each "
    "respondent once" },
};

static void
test_fail_case(Fix *f, gconstpointer data)
{
  const FailCase *c = data;
  with_2014(f);
  char *path = fixture(c->fixture);
  OmImportOptions o = defaults();
  o.encoding = c->encoding;
  o.year = c->year;
  assert_fails_at(f, path, &o, c->code, c->message, c->problems);
  /* a dry run finds exactly the same */
  o.dry_run = TRUE;
  assert_fails_at(f, path, &o, c->code, c->message, c->problems);
  g_free(path);
}

/* The problems of many-problems.csv are counted by kind. */
static void
test_problem_kinds(Fix *f, gconstpointer data)
{
  (void)data;
  with_2014(f);
  char *path = fixture("many-problems.csv");
  OmImportOptions o = defaults();
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, f->survey, path, &o, r, &e));
  g_clear_error(&e);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_RAGGED], ==, 1);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_SCALE], ==, 1);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_INSTITUTION], ==, 1);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_DUPLICATE], ==, 1);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_MISSING_ID], ==, 0);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_YEAR], ==, 0);
  om_import_report_free(r);
  om_import_report_free(NULL);
  g_assert_cmpstr(om_problem_kind_name(OM_PROBLEM_SCALE), ==, "answers outside the scale");
  g_assert_cmpstr(om_problem_kind_name(OM_PROBLEM_MISSING_ID), ==,
                  "empty respondent ids or institution codes");
  g_free(path);
}

/* Writes `text` to a file in the fixture's directory. Transfer full (the path). */
static char *
write_tmp(Fix *f, const char *name, const char *text)
{
  char *p = g_build_filename(f->dir, name, NULL);
  g_assert_true(g_file_set_contents(p, text, -1, NULL));
  return p;
}

static const char HEADER[]
    = "respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,b_alg,c1,c2,c3,c4,c_alg,d1,d2,"
      "d3,d_alg,cijfer\n";
#define ROW_ANSWERS "4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,8\n"

static void
test_header_rules(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportOptions o = defaults();
  /* a column mapped twice */
  char *p = write_tmp(f, "twice.csv",
                      "respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,b_alg,c1,c2,"
                      "c3,c4,c_alg,d1,d2,d3,d_alg,cijfer,a1. Hoe tevreden bent u?\n"
                      "R1,10AA00,2014," ROW_ANSWERS);
  assert_fails_at(f, p, &o, OM_ERROR_VALIDATION,
                  "%1$s:1:25: column 'a1. Hoe tevreden bent u?' maps to a1, which column 4 maps "
                  "to already",
                  NULL);
  g_free(p);
  /* no respondent column */
  p = write_tmp(f, "norespondent.csv", HEADER + strlen("respondent,"));
  assert_fails_at(f, p, &o, OM_ERROR_VALIDATION,
                  "%1$s:1: the header has no respondent id column 'respondent' (survey ouders); "
                  "is this an export of that survey?",
                  NULL);
  g_free(p);
  /* no year column and no year given */
  p = write_tmp(f, "noyear.csv",
                "respondent,instelling,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,b_alg,c1,c2,c3,c4,c_alg,"
                "d1,d2,d3,d_alg,cijfer\nR1,10AA00," ROW_ANSWERS);
  assert_fails_at(f, p, &o, OM_ERROR_VALIDATION,
                  "%1$s:1: the header has no year column 'jaar'; give the wave's year with "
                  "--year",
                  NULL);
  /* ... which works with a year */
  o.year = 2014;
  OmImportReport *r = import_ok(f, p, &o);
  g_assert_cmpint(r->year, ==, 2014);
  g_assert_cmpuint(r->respondents, ==, 1);
  om_import_report_free(r);
  g_free(p);
  o.year = 0;
  /* a first row whose year is not a year */
  p = write_tmp(f, "notayear.csv",
                "respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,"
                "b_alg,c1,c2,c3,c4,c_alg,d1,d2,d3,d_alg,cijfer\n"
                "R1,10AA00,twintig," ROW_ANSWERS);
  assert_fails_at(f, p, &o, OM_ERROR_VALIDATION,
                  "%1$s:2:3: year 'twintig' is not a year; expected a year such as 2014 (or "
                  "give --year)",
                  NULL);
  g_free(p);
  /* empty ids */
  p = write_tmp(f, "emptyid.csv",
                "respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,"
                "b_alg,c1,c2,c3,c4,c_alg,d1,d2,d3,d_alg,cijfer\n"
                "R1,10AA00,2015," ROW_ANSWERS " ,10AA00,2015," ROW_ANSWERS "R3,,2015," ROW_ANSWERS);
  assert_fails_at(f, p, &o, OM_ERROR_VALIDATION,
                  "%1$s: 2 problems (2 empty respondent ids or institution codes); nothing was "
                  "stored",
                  "%1$s:3:1: the respondent id is empty; every row needs one\n"
                  "%1$s:4:2: the institution code is empty; expected a code from the register");
  g_free(p);
}

static void
test_problem_cap(Fix *f, gconstpointer data)
{
  (void)data;
  GString *s = g_string_new(HEADER);
  for (int i = 1; i <= 250; i++)
    g_string_append_printf(s, "R%d,10AA00,2014,7,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,8\n", i);
  char *p = write_tmp(f, "many.csv", s->str);
  g_string_free(s, TRUE);
  char *before = om_test_dump_store(f->db);
  OmImportOptions o = defaults();
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, f->survey, p, &o, r, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  char *want = g_strdup_printf("%s: 250 problems (250 answers outside the scale); nothing was "
                               "stored",
                               p);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  g_assert_cmpuint(r->problems->len, ==, 200);
  g_assert_cmpuint(r->n_problems, ==, 250);
  g_assert_cmpuint(r->by_kind[OM_PROBLEM_SCALE], ==, 250);
  want = g_strdup_printf("%s:201:4: answer '7' to item a1 is outside scale tevreden5; expected "
                         "1–5 or labels such as 'Zeer tevreden', 9 = Weet niet / n.v.t., or "
                         "empty",
                         p);
  g_assert_cmpstr(g_ptr_array_index(r->problems, 199), ==, want);
  g_free(want);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);
  g_free(p);
}

static void
test_empty_register(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  char *msg = g_strdup_printf("%%1$s: the register in %s is empty; load it first with "
                              "'oudermonitor register FILE.csv'",
                              f->db);
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION, msg, NULL);
  g_free(msg);
  g_free(path);
}

static void
test_unreadable(Fix *f, gconstpointer data)
{
  (void)data;
  char *before = om_test_dump_store(f->db);
  OmImportOptions o = defaults();
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, f->survey, "/nonexistent/ouders.csv", &o, r, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  /* the reason's wording is GLib's; the frame is ours */
  g_assert_true(g_str_has_prefix(e->message, "/nonexistent/ouders.csv: cannot read: "));
  g_assert_true(g_str_has_suffix(e->message, "No such file or directory"));
  g_clear_error(&e);
  om_import_report_free(r);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);
}

/* Excel's trailing rows of bare delimiters are skipped and counted, not errors. */
static void
test_trailing_empty_rows(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "trailing-empty-rows.csv");
  g_assert_cmpuint(r->empty_rows, ==, 3);
  g_assert_cmpuint(r->n_problems, ==, 0);
  g_assert_cmpuint(r->respondents, ==, 5);
  om_import_report_free(r);
}

/* A cell with an escape sequence and 100 more characters is quoted cut and escaped. */
static void
test_hostile_cell(Fix *f, gconstpointer data)
{
  (void)data;
  char *path = fixture("hostile-cell.csv");
  OmImportOptions o = defaults();
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: 1 problem (1 answer outside the scale); nothing was stored",
                  "%1$s:2:6: answer '\\x1b[31mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' to item a1 is "
                  "outside scale tevreden5; expected 1–5 or labels such as 'Zeer tevreden', 9 = "
                  "Weet niet / n.v.t., or empty");
  g_free(path);
}

/* The same bytes cannot come back as another wave. */
static void
test_same_bytes_other_year(Fix *f, gconstpointer data)
{
  (void)data;
  om_import_report_free(import_fixture_ok(f, "good-2014.csv"));
  char *path = fixture("good-2014.csv");
  OmImportOptions o = defaults();
  o.year = 2015;
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: these exact bytes were imported before as the ouders wave of 2014 (from "
                  "good-2014.csv), not as the ouders wave of 2015; expected a different file, or "
                  "the same --year and --survey",
                  NULL);
  g_free(path);
}

/* --replace keeps the baseline mark of the wave it replaces. */
static void
test_replace_keeps_baseline(Fix *f, gconstpointer data)
{
  (void)data;
  char *p13 = fixture("clean-2015.csv");
  char *p14 = fixture("good-2014.csv");
  char *p14b = fixture("clean-2015b.csv");
  OmImportOptions o = defaults();
  om_import_report_free(import_ok(f, p14, &o));
  o.baseline = FALSE;
  om_import_report_free(import_ok(f, p13, &o));
  /* Mark 2015 (the later one) as the baseline, then replace it. */
  GError *e = NULL;
  GArray *w = om_store_waves(f->store, "ouders", &e);
  g_assert_no_error(e);
  gint64 id15 = g_array_index(w, OmWave, 1).id;
  g_array_unref(w);
  g_assert_true(om_store_begin(f->store, &e));
  g_assert_true(om_store_finish_wave(f->store, id15, 1, TRUE, &e));
  g_assert_true(om_store_commit(f->store, &e));
  g_assert_no_error(e);
  (void)p14b;
  o.replace = TRUE;
  om_import_report_free(import_ok(f, p14b, &o));
  w = om_store_waves(f->store, "ouders", &e);
  g_assert_no_error(e);
  g_assert_cmpuint(w->len, ==, 2);
  g_assert_cmpint(g_array_index(w, OmWave, 1).year, ==, 2015);
  g_assert_true(g_array_index(w, OmWave, 1).baseline);
  g_assert_false(g_array_index(w, OmWave, 0).baseline);
  g_array_unref(w);
  g_free(p13);
  g_free(p14);
  g_free(p14b);
}

/* A store that refuses respondents of 30CC00 (a trigger): the importer's writer thread
 * fails, and the import with it, with the store's message and nothing stored. */
static void
refuse_30cc00(Fix *f)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db,
                               "CREATE TRIGGER refuse BEFORE INSERT ON respondents"
                               " WHEN NEW.institution = '30CC00'"
                               " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
                               NULL, NULL, NULL),
                  ==, SQLITE_OK);
  sqlite3_close(db);
}

static void
assert_store_refuses(Fix *f, const char *path)
{
  char *before = om_test_dump_store(f->db);
  OmImportOptions o = defaults();
  OmImportReport *r = om_import_report_new();
  GError *e = NULL;
  g_assert_false(om_import_file(f->store, f->survey, path, &o, r, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  char *want = g_strdup_printf("%s: cannot store a respondent: refused for the test", f->db);
  g_assert_cmpstr(e ? e->message : NULL, ==, want);
  g_assert_cmpint(r->wave_id, ==, 0);
  char *after = om_test_dump_store(f->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(want);
  g_clear_error(&e);
  om_import_report_free(r);
  g_free(before);
}

/* The store failing while the writer thread stores rows: in the last batch (a small
 * file: seen when the writer finishes) and in the first of many (a file of 30,000 rows:
 * seen by the reader at a later row, which stops there). */
static void
test_store_fails(Fix *f, gconstpointer data)
{
  (void)data;
  refuse_30cc00(f);
  char *small = fixture("clean-2015.csv");
  assert_store_refuses(f, small);
  g_free(small);

  GString *csv = g_string_new("respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,"
                              "b_alg,c1,c2,c3,c4,c_alg,d1,d2,d3,d_alg,cijfer\n");
  for (guint i = 0; i < 30000; i++)
    g_string_append_printf(csv, "R%05u,%s,2015,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,8\n", i,
                           i == 3 ? "30CC00" : "10AA00");
  char *big = g_build_filename(f->dir, "big-2015.csv", NULL);
  g_assert_true(g_file_set_contents(big, csv->str, (gssize)csv->len, NULL));
  assert_store_refuses(f, big);
  g_string_free(csv, TRUE);
  g_free(big);
}

/* A file of 5,000 rows: stored 256 to a statement and the rest one by one, by the writer
 * thread in batches. Every row is stored, in file order, under its id's pseudonym and with
 * its own answers (blanks and don't-knows included), and the counts kept are those of the
 * stored rows. */
static void
test_many_rows(Fix *f, gconstpointer data)
{
  (void)data;
  static const char *const insts[] = { "10AA00", "20BB00", "30CC00" };
  GString *csv = g_string_new("respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,"
                              "b_alg,c1,c2,c3,c4,c_alg,d1,d2,d3,d_alg,cijfer\n");
  GString *want = g_string_new(NULL);
  GError *e = NULL;
  for (guint i = 0; i < 5000; i++) {
    char *id = g_strdup_printf("M%04u", i);
    const char *inst = insts[(i / 7) % 3];
    char *p = om_store_pseudonym(f->store, id, &e);
    g_assert_no_error(e);
    g_string_append_printf(csv, "%s,%s,2015", id, inst);
    g_string_append_printf(want, "%s@%s:", p, inst);
    for (guint k = 0; k < 21; k++) {
      guint v = (i * 7 + k * 3) % 7; /* 0 = blank, 6 = don't know (9) */
      guint code = k == 20 ? 1 + (i + k) % 10 : v == 6 ? 9 : v;
      if (code == 0) {
        g_string_append(csv, ",");
        g_string_append_printf(want, "%s-", k ? "," : "");
      } else {
        g_string_append_printf(csv, ",%u", code);
        g_string_append_printf(want, "%s%u", k ? "," : "", code);
      }
    }
    g_string_append_c(csv, '\n');
    g_string_append_c(want, '\n');
    g_free(p);
    g_free(id);
  }
  char *path = g_build_filename(f->dir, "many-2015.csv", NULL);
  g_assert_true(g_file_set_contents(path, csv->str, (gssize)csv->len, NULL));
  OmImportOptions o = defaults();
  OmImportReport *r = import_ok(f, path, &o);
  g_assert_cmpuint(r->respondents, ==, 5000);
  GString *got = g_string_new(NULL);
  g_assert_true(om_store_foreach_respondent(f->store, r->wave_id, collect, got, &e));
  g_assert_no_error(e);
  g_assert_cmpstr(got->str, ==, want->str);
  /* the counts the writer kept equal the counts of the stored rows */
  char *kept = om_test_dump_store(f->db);
  g_assert_true(om_store_build_counts(f->store, r->wave_id, &e));
  g_assert_no_error(e);
  char *rebuilt = om_test_dump_store(f->db);
  g_assert_cmpstr(rebuilt, ==, kept);
  g_free(rebuilt);
  g_free(kept);
  g_string_free(got, TRUE);
  om_import_report_free(r);
  g_free(path);
  g_string_free(want, TRUE);
  g_string_free(csv, TRUE);
}

/* Whether the store's connection refuses a respondent of an unknown wave or an unregistered
 * institution (foreign keys enforced). */
static gboolean
references_enforced(Fix *f, gint64 wave_id)
{
  static const gint32 answers[1] = { 1 };
  GError *e = NULL;
  g_assert_true(om_store_begin(f->store, &e));
  gboolean refused
      = !om_store_add_respondent(f->store, wave_id + 1000, "x", "10AA00", answers, 1, NULL)
        && !om_store_add_respondent(f->store, wave_id, "y", "99ZZ99", answers, 1, NULL);
  om_store_rollback(f->store);
  return refused;
}

/* An import stores its rows with foreign keys off (om_store_begin_import): they are on
 * again after it, whether it committed or failed. */
static void
test_foreign_keys_back(Fix *f, gconstpointer data)
{
  (void)data;
  OmImportReport *r = import_fixture_ok(f, "good-2014.csv");
  g_assert_true(references_enforced(f, r->wave_id));
  char *bad = fixture("bad-2014.csv");
  OmImportOptions o = defaults();
  o.replace = TRUE;
  OmImportReport *r2 = om_import_report_new();
  g_assert_false(om_import_file(f->store, f->survey, bad, &o, r2, NULL));
  g_assert_true(references_enforced(f, r->wave_id));
  g_assert_cmpint(sql_int(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  om_import_report_free(r2);
  om_import_report_free(r);
  g_free(bad);
}

/* The institutions' survey takes one answer per institution: a second row of the same
 * institution is a problem whether it follows straight after the first (the importer
 * finds such a code without the register's hash table) or comes later. */
static void
test_institution_answers_once(Fix *f, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  char *sp = om_test_source_path("surveys/instellingen.ini");
  om_survey_free(f->survey);
  f->survey = om_survey_new_from_file(sp, &e);
  g_assert_no_error(e);
  g_free(sp);
  char *path = g_build_filename(f->dir, "instellingen-2014.csv", NULL);
  g_assert_true(g_file_set_contents(
      path,
      "respondent,instelling,jaar,beleid,actieplan,llo,thuisleren,opvoedpunt,vve\n"
      "I1,10AA00,2014,1,1,0,1,0,5\n"
      "I2,10AA00,2014,1,0,0,1,1,6\n"
      "I3,20BB00,2014,0,1,1,0,1,7\n"
      "I4,10AA00,2014,1,1,1,1,1,7\n",
      -1, &e));
  OmImportOptions o = defaults();
  assert_fails_at(f, path, &o, OM_ERROR_VALIDATION,
                  "%1$s: 2 problems (2 duplicate respondent ids); nothing was stored",
                  "%1$s:3:2: institution '10AA00' answered already on line 2; expected one "
                  "answer per institution in the institutions' survey\n"
                  "%1$s:5:2: institution '10AA00' answered already on line 2; expected one "
                  "answer per institution in the institutions' survey");
  g_free(path);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Report every failing test, not only the first (a failure must not hide the others). */
  g_test_set_nonfatal_assertions();
#define ADD(path, fn) g_test_add(path, Fix, NULL, fix_setup, fn, fix_teardown)
  ADD("/import/ok/good", test_good);
  ADD("/import/ok/progress-baseline", test_progress_and_baseline);
  ADD("/import/ok/qualtrics", test_qualtrics);
  ADD("/import/ok/limesurvey", test_limesurvey);
  ADD("/import/ok/excel-cp1252", test_excel_cp1252);
  ADD("/import/privacy", test_privacy);
  ADD("/import/twice", test_twice);
  ADD("/import/same-year-replace", test_same_year);
  ADD("/import/dry-run", test_dry_run);
  ADD("/import/foreign-keys-back", test_foreign_keys_back);
  ADD("/import/store-fails", test_store_fails);
  ADD("/import/many-rows", test_many_rows);
  ADD("/import/institution-answers-once", test_institution_answers_once);
  for (guint i = 0; i < G_N_ELEMENTS(FAIL_CASES); i++) {
    char *path = g_strconcat("/import/fail/", FAIL_CASES[i].name, NULL);
    g_test_add(path, Fix, &FAIL_CASES[i], fix_setup, test_fail_case, fix_teardown);
    g_free(path);
  }
  ADD("/import/fail/problem-kinds", test_problem_kinds);
  ADD("/import/fail/header-rules", test_header_rules);
  ADD("/import/fail/problem-cap", test_problem_cap);
  ADD("/import/fail/unreadable", test_unreadable);
  g_test_add("/import/trailing-empty-rows", Fix, NULL, fix_setup, test_trailing_empty_rows,
             fix_teardown);
  g_test_add("/import/fail/hostile-cell", Fix, NULL, fix_setup, test_hostile_cell, fix_teardown);
  g_test_add("/import/fail/same-bytes-other-year", Fix, NULL, fix_setup, test_same_bytes_other_year,
             fix_teardown);
  g_test_add("/import/replace-keeps-baseline", Fix, NULL, fix_setup, test_replace_keeps_baseline,
             fix_teardown);
  g_test_add("/import/fail/empty-register", Fix, NULL, fix_setup_empty, test_empty_register,
             fix_teardown);
#undef ADD
  return g_test_run();
}
