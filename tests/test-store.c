/* test-store.c — unit tests of the SQLite store: private creation, refusal of foreign and
 * newer files, institutions, waves and respondents round trips, transactions, the baseline
 * rule, and the `answers` view.
 *
 * The tests read the store file with SQL directly (sqlite3) to see what is really in it;
 * only the engine is bound to keep its SQL inside store.c.
 */
#include "testutil.h"
#include "store/store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

static const char *
source_root(void)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return root ? root : ".";
}

static OmSurvey *
load_survey(const char *name)
{
  char *path = g_build_filename(source_root(), "surveys", name, NULL);
  GError *e = NULL;
  OmSurvey *s = om_survey_new_from_file(path, &e);
  g_assert_no_error(e);
  g_free(path);
  return s;
}

typedef struct {
  char *dir;
  char *db;
} Tmp;

static void
tmp_setup(Tmp *t, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  t->dir = g_dir_make_tmp("om-test-store-XXXXXX", &e);
  g_assert_no_error(e);
  t->db = g_build_filename(t->dir, "store.db", NULL);
}

static void
tmp_teardown(Tmp *t, gconstpointer data)
{
  (void)data;
  GDir *d = g_dir_open(t->dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *p = g_build_filename(t->dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(t->dir);
  g_free(t->dir);
  g_free(t->db);
}

static OmStore *
open_ok(const char *path, OmStoreMode mode)
{
  GError *e = NULL;
  OmStore *st = om_store_open(path, mode, &e);
  g_assert_no_error(e);
  g_assert_nonnull(st);
  return st;
}

static sqlite3 *
sql_open(const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static void
sql_exec(const char *path, const char *sql)
{
  sqlite3 *db = sql_open(path);
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK)
    g_error("%s: %s", sql, msg);
  sqlite3_close(db);
}

/* The first column of the first row as text ("" for NULL). Transfer full. */
static char *
sql_text(const char *path, const char *sql)
{
  sqlite3 *db = sql_open(path);
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
    g_error("%s: %s", sql, sqlite3_errmsg(db));
  char *out = NULL;
  if (sqlite3_step(q) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(q, 0);
    out = g_strdup(t ? (const char *)t : "");
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  g_assert_nonnull(out);
  return out;
}

static gint64
sql_int(const char *path, const char *sql)
{
  char *t = sql_text(path, sql);
  gint64 v = g_ascii_strtoll(t, NULL, 10);
  g_free(t);
  return v;
}

/* Every row of every table (and the schema, user_version and application_id) as text:
 * two stores with equal dumps have equal content. Transfer full. */

static GBytes *
file_bytes(const char *path)
{
  char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, NULL));
  return g_bytes_new_take(data, len);
}

static OmInstitution
inst(const char *code, const char *name, const char *sector, gint64 pop)
{
  OmInstitution in = { (char *)code, (char *)name, (char *)sector, (char *)"Testdorp", pop, NULL };
  return in;
}

static void
put(OmStore *st, const char *code, const char *sector)
{
  OmInstitution in = inst(code, code, sector, 100);
  GError *e = NULL;
  g_assert_true(om_store_put_institution(st, &in, NULL, &e));
  g_assert_no_error(e);
}

/* Adds a finished wave with `n` respondents of the ouders survey (all answers 4). */
static gint64
add_wave(OmStore *st, const OmSurvey *s, int year, gint64 n, gboolean mark)
{
  GError *e = NULL;
  char *sha = g_strdup_printf("%064d", year);
  char *src = g_strdup_printf("%s-%d.csv", om_survey_group(s), year);
  g_assert_true(om_store_begin(st, &e));
  gint64 id = om_store_add_wave(st, s, year, src, sha, &e);
  g_assert_no_error(e);
  g_assert_cmpint(id, >, 0);
  guint ni = om_survey_n_items(s);
  gint32 *ans = g_new(gint32, ni);
  for (guint i = 0; i < ni; i++)
    ans[i] = om_scale_min(om_survey_item(s, i)->scale);
  for (gint64 r = 0; r < n; r++) {
    char *rid = g_strdup_printf("R%d-%" G_GINT64_FORMAT, year, r);
    g_assert_true(om_store_add_respondent(st, id, rid, "10AA00", ans, ni, &e));
    g_assert_no_error(e);
    g_free(rid);
  }
  g_assert_true(om_store_finish_wave(st, id, n, mark, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  g_free(ans);
  g_free(sha);
  g_free(src);
  return id;
}

/* "2013*,2014" for the waves of a group: year, '*' for the baseline, '!' for baseline_set. */
static char *
baseline_picture(OmStore *st, const char *group)
{
  GError *e = NULL;
  GArray *w = om_store_waves(st, group, &e);
  g_assert_no_error(e);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < w->len; i++) {
    OmWave *x = &g_array_index(w, OmWave, i);
    g_string_append_printf(s, "%s%d%s%s", i ? "," : "", x->year, x->baseline ? "*" : "",
                           x->baseline_set ? "!" : "");
  }
  g_array_unref(w);
  return g_string_free(s, FALSE);
}

static guint
mode_of(const char *path)
{
  GStatBuf sb;
  g_assert_cmpint(g_stat(path, &sb), ==, 0);
  return sb.st_mode & 07777;
}

/* ---------------------------------------------------------------- opening */

static void
test_create_private(Tmp *t, gconstpointer data)
{
  (void)data;
  /* Even with a permissive umask the store is readable by its owner only. */
  mode_t old = umask(0);
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  umask(old);
  g_assert_cmpstr(om_store_path(st), ==, t->db);
  g_assert_cmphex(mode_of(t->db), ==, 0600);
  /* WAL and shared-memory files hold the same personal data */
  char *wal = g_strconcat(t->db, "-wal", NULL);
  char *shm = g_strconcat(t->db, "-shm", NULL);
  put(st, "10AA00", "po");
  if (g_file_test(wal, G_FILE_TEST_EXISTS))
    g_assert_cmphex(mode_of(wal), ==, 0600);
  if (g_file_test(shm, G_FILE_TEST_EXISTS))
    g_assert_cmphex(mode_of(shm), ==, 0600);
  om_store_free(st);
  g_free(wal);
  g_free(shm);

  g_assert_cmpint(sql_int(t->db, "PRAGMA user_version"), ==, OM_STORE_SCHEMA_VERSION);
  g_assert_cmpint(sql_int(t->db, "PRAGMA application_id"), ==, 0x4F4D4F4E);
  char *jm = sql_text(t->db, "PRAGMA journal_mode");
  g_assert_cmpstr(jm, ==, "wal");
  g_free(jm);

  /* reopening keeps the content, in every mode */
  char *before = om_test_dump_store(t->db);
  st = open_ok(t->db, OM_STORE_EXISTING);
  om_store_free(st);
  st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  GError *e = NULL;
  GArray *insts = om_store_institutions(st, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(insts->len, ==, 1);
  g_array_unref(insts);
  om_store_free(st);
  st = open_ok(t->db, OM_STORE_READONLY);
  om_store_free(st);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmphex(mode_of(t->db), ==, 0600);
  g_free(before);
  g_free(after);
}

/* An existing empty file (say, made by `touch`) becomes a store full of personal data: it
 * must end up as private as a store the engine creates itself. */
static void
test_adopted_file_private(Tmp *t, gconstpointer data)
{
  (void)data;
  g_assert_true(g_file_set_contents(t->db, "", 0, NULL));
  g_assert_cmpint(g_chmod(t->db, 0644), ==, 0);
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  g_assert_cmpint(om_store_opened_as(st), ==, OM_STORE_OPENED_CREATED); /* init says so */
  put(st, "10AA00", "po");
  om_store_free(st);
  st = open_ok(t->db, OM_STORE_EXISTING);
  g_assert_cmpint(om_store_opened_as(st), ==, OM_STORE_OPENED_EXISTING);
  om_store_free(st);
  g_assert_cmpint(sql_int(t->db, "PRAGMA user_version"), ==, OM_STORE_SCHEMA_VERSION);
  guint mode = mode_of(t->db);
  if (mode != 0600)
    g_test_fail_printf("an existing empty file became a store with mode %04o; expected 0600 "
                       "(or a refusal)",
                       mode);
}

static void
test_missing(Tmp *t, gconstpointer data)
{
  (void)data;
  OmStoreMode modes[] = { OM_STORE_EXISTING, OM_STORE_READONLY };
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    GError *e = NULL;
    g_assert_null(om_store_open(t->db, modes[i], &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
    char *want = g_strdup_printf("there is no store at %s; create it with 'oudermonitor init' "
                                 "first (or name another store with --db)",
                                 t->db);
    g_assert_cmpstr(e->message, ==, want);
    g_free(want);
    g_clear_error(&e);
    g_assert_false(g_file_test(t->db, G_FILE_TEST_EXISTS));
  }
}

static void
make_foreign(const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db,
                               "CREATE TABLE boeken (titel TEXT); INSERT INTO boeken "
                               "VALUES ('Pluk van de Petteflet')",
                               NULL, NULL, NULL),
                  ==, SQLITE_OK);
  sqlite3_close(db);
}

static void
test_foreign_refused(Tmp *t, gconstpointer data)
{
  (void)data;
  make_foreign(t->db);
  OmStoreMode modes[] = { OM_STORE_OPEN_OR_CREATE, OM_STORE_EXISTING, OM_STORE_READONLY };
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    GError *e = NULL;
    g_assert_null(om_store_open(t->db, modes[i], &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
    char *want = g_strdup_printf("%s is a SQLite database of another program, not an "
                                 "oudermonitor store",
                                 t->db);
    g_assert_cmpstr(e->message, ==, want);
    g_free(want);
    g_clear_error(&e);
  }
  char *titel = sql_text(t->db, "SELECT titel FROM boeken");
  g_assert_cmpstr(titel, ==, "Pluk van de Petteflet");
  g_free(titel);
}

/* A refused file must be left exactly as it was (design: "on failure it leaves its inputs
 * as they were"): not a single byte of another program's database may change. */
static void
test_foreign_unchanged(Tmp *t, gconstpointer data)
{
  (void)data;
  make_foreign(t->db);
  GBytes *before = file_bytes(t->db);
  OmStoreMode modes[] = { OM_STORE_READONLY, OM_STORE_EXISTING, OM_STORE_OPEN_OR_CREATE };
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    GError *e = NULL;
    g_assert_null(om_store_open(t->db, modes[i], &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
    g_clear_error(&e);
    GBytes *after = file_bytes(t->db);
    if (!g_bytes_equal(before, after)) {
      char *jm = sql_text(t->db, "PRAGMA journal_mode");
      g_test_fail_printf("om_store_open (mode %d) changed the bytes of a foreign SQLite "
                         "database it refused (journal mode now '%s')",
                         modes[i], jm);
      g_free(jm);
      g_bytes_unref(after);
      break;
    }
    g_bytes_unref(after);
  }
  g_bytes_unref(before);
}

static void
test_not_sqlite(Tmp *t, gconstpointer data)
{
  (void)data;
  static const char text[] = "instelling,naam\n10AA00,Basisschool\n";
  g_assert_true(g_file_set_contents(t->db, text, -1, NULL));
  GError *e = NULL;
  g_assert_null(om_store_open(t->db, OM_STORE_OPEN_OR_CREATE, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  char *want = g_strdup_printf("%s: file is not a database", t->db);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  char *data2 = NULL;
  g_assert_true(g_file_get_contents(t->db, &data2, NULL, NULL));
  g_assert_cmpstr(data2, ==, text);
  g_free(data2);

  /* an existing empty file opened read-only: not a store yet */
  g_assert_true(g_file_set_contents(t->db, "", 0, NULL));
  g_assert_null(om_store_open(t->db, OM_STORE_READONLY, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  want = g_strdup_printf("%s is an empty file, not a store yet; create the store with "
                         "'oudermonitor init --db %s'",
                         t->db, t->db);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
}

static void
test_newer_version(Tmp *t, gconstpointer data)
{
  (void)data;
  om_store_free(open_ok(t->db, OM_STORE_OPEN_OR_CREATE));
  char *newer = g_strdup_printf("PRAGMA user_version = %d", OM_STORE_SCHEMA_VERSION + 1);
  sql_exec(t->db, newer);
  g_free(newer);
  char *before = om_test_dump_store(t->db);
  OmStoreMode modes[] = { OM_STORE_OPEN_OR_CREATE, OM_STORE_EXISTING, OM_STORE_READONLY };
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    GError *e = NULL;
    g_assert_null(om_store_open(t->db, modes[i], &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
    char *want = g_strdup_printf("%s has schema version %d, made by a newer oudermonitor; this "
                                 "one reads up to version %d",
                                 t->db, OM_STORE_SCHEMA_VERSION + 1, OM_STORE_SCHEMA_VERSION);
    g_assert_cmpstr(e->message, ==, want);
    g_free(want);
    g_clear_error(&e);
  }
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(before);
  g_free(after);
}

/* ---------------------------------------------------------------- institutions */

static void
test_put_institution(Tmp *t, gconstpointer data)
{
  (void)data;
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  GError *e = NULL;
  OmPutResult r = 99;
  OmInstitution a = inst("20BB00", "Testcollege", "vo", 300);
  OmInstitution b = inst("10AA00", "Basisschool De Proef", "po", 120);
  OmInstitution c = inst("30CC00", "Wijkteam Oost", "zorg-welzijn", -1);
  g_assert_true(om_store_put_institution(st, &a, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_NEW);
  g_assert_true(om_store_put_institution(st, &b, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_NEW);
  g_assert_true(om_store_put_institution(st, &c, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_NEW);
  g_assert_no_error(e);

  /* the same again: unchanged (NULL population included) */
  g_assert_true(om_store_put_institution(st, &a, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UNCHANGED);
  g_assert_true(om_store_put_institution(st, &c, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UNCHANGED);

  /* each field counts */
  OmInstitution a2 = a;
  a2.population = 310;
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  a2.population = -1;
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UNCHANGED);
  a2.population = 0;
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  a2.name = (char *)"Testcollege Noord";
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  a2.municipality = (char *)"Anderdorp";
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  a2.sector = (char *)"mbo";
  g_assert_true(om_store_put_institution(st, &a2, &r, &e));
  g_assert_cmpint(r, ==, OM_PUT_UPDATED);
  g_assert_true(om_store_put_institution(st, &a2, NULL, &e)); /* result may be NULL */
  g_assert_no_error(e);

  /* sectors are data (the register checks them against the vocabulary): the schema
   * holds no list of them, so any code is stored as given */
  OmInstitution other = inst("40DD00", "Hogeschool", "hbo", 10);
  g_assert_true(om_store_put_institution(st, &other, &r, &e));
  g_assert_no_error(e);
  g_assert_cmpint(r, ==, OM_PUT_NEW);
  char *sector = sql_text(t->db, "SELECT sector FROM institutions WHERE code = '40DD00'");
  g_assert_cmpstr(sector, ==, "hbo");
  g_free(sector);

  /* read back: by the vocabulary's sector order, then code; a sector it does not know
   * (hbo) last */
  GArray *all = om_store_institutions(st, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(all->len, ==, 4);
  OmInstitution *x = &g_array_index(all, OmInstitution, 0);
  g_assert_cmpstr(x->code, ==, "10AA00");
  g_assert_cmpstr(x->name, ==, "Basisschool De Proef");
  g_assert_cmpstr(x->sector, ==, "po");
  g_assert_cmpstr(x->municipality, ==, "Testdorp");
  g_assert_cmpint(x->population, ==, 120);
  x = &g_array_index(all, OmInstitution, 1);
  g_assert_cmpstr(x->code, ==, "20BB00");
  g_assert_cmpstr(x->name, ==, "Testcollege Noord");
  g_assert_cmpstr(x->sector, ==, "mbo");
  g_assert_cmpstr(x->municipality, ==, "Anderdorp");
  g_assert_cmpint(x->population, ==, 0);
  x = &g_array_index(all, OmInstitution, 2);
  g_assert_cmpstr(x->code, ==, "30CC00");
  g_assert_cmpint(x->population, ==, -1);
  g_assert_cmpstr(g_array_index(all, OmInstitution, 3).sector, ==, "hbo");
  g_array_unref(all);
  om_store_free(st);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM institutions WHERE population IS NULL"), ==,
                  1);
}

/* ---------------------------------------------------------------- waves */

static const char *const SHA_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/* respondent, institution and answers a1..cijfer (0 = blank) */
static const struct {
  const char *id, *inst;
  gint32 a[21];
} RESP[3] = {
  { "R1", "10AA00", { 4, 0, 5, 9, 3, 4, 1, 2, 3, 4, 5, 9, 9, 0, 0, 4, 4, 4, 4, 4, 8 } },
  { "R2", "20BB00", { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10 } },
  { "R3", "10AA00", { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
};

static gint64
fill_roundtrip(OmStore *st, const OmSurvey *s)
{
  GError *e = NULL;
  put(st, "10AA00", "po");
  put(st, "20BB00", "vo");
  g_assert_true(om_store_begin(st, &e));
  gint64 id = om_store_add_wave(st, s, 2014, "ouders-2014.csv", SHA_A, &e);
  g_assert_no_error(e);
  g_assert_cmpint(id, >, 0);
  for (guint r = 0; r < 3; r++) {
    gint32 ans[21];
    for (guint i = 0; i < 21; i++)
      ans[i] = RESP[r].a[i] ? RESP[r].a[i] : OM_ANSWER_BLANK;
    g_assert_true(om_store_add_respondent(st, id, RESP[r].id, RESP[r].inst, ans, 21, &e));
    g_assert_no_error(e);
  }
  g_assert_true(om_store_finish_wave(st, id, 3, FALSE, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  return id;
}

typedef struct {
  guint n;
  GString *seen;
} Collect;

static gboolean
collect(const char *respondent, const char *institution, const gint32 *answers, guint n,
        gpointer data, GError **error)
{
  (void)error;
  Collect *c = data;
  g_assert_cmpuint(c->n, <, 3);
  g_assert_cmpstr(respondent, ==, RESP[c->n].id);
  g_assert_cmpstr(institution, ==, RESP[c->n].inst);
  g_assert_cmpuint(n, ==, 21);
  for (guint i = 0; i < 21; i++) {
    gint32 want = RESP[c->n].a[i] ? RESP[c->n].a[i] : OM_ANSWER_BLANK;
    g_assert_cmpint(answers[i], ==, want);
  }
  g_string_append_printf(c->seen, "%s;", respondent);
  c->n++;
  return TRUE;
}

static gboolean
stop_at_first(const char *respondent, const char *institution, const gint32 *answers, guint n,
              gpointer data, GError **error)
{
  (void)institution;
  (void)answers;
  (void)n;
  (*(guint *)data)++;
  g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "stop at %s", respondent);
  return FALSE;
}

static void
test_wave_roundtrip(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  gint64 id = fill_roundtrip(st, s);
  GError *e = NULL;

  GArray *waves = om_store_waves(st, NULL, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(waves->len, ==, 1);
  OmWave *w = &g_array_index(waves, OmWave, 0);
  g_assert_cmpint(w->id, ==, id);
  g_assert_cmpstr(w->group, ==, "ouders");
  g_assert_cmpint(w->year, ==, 2014);
  g_assert_true(w->baseline);
  g_assert_false(w->baseline_set);
  g_assert_cmpstr(w->survey_id, ==, "ouders");
  g_assert_cmpstr(w->source, ==, "ouders-2014.csv");
  g_assert_cmpstr(w->sha256, ==, SHA_A);
  g_assert_true(g_regex_match_simple("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                     w->imported_at, 0, 0));
  g_assert_cmpint(w->respondents, ==, 3);
  g_array_unref(waves);
  waves = om_store_waves(st, "instellingen", &e);
  g_assert_cmpuint(waves->len, ==, 0);
  g_array_unref(waves);

  OmWave f = { 0 };
  gboolean found = FALSE;
  g_assert_true(om_store_find_wave(st, "ouders", 2014, &f, &found, &e));
  g_assert_true(found);
  g_assert_cmpint(f.id, ==, id);
  g_assert_cmpstr(f.sha256, ==, SHA_A);
  om_wave_clear(&f);
  g_assert_null(f.group);
  om_wave_clear(NULL);
  g_assert_true(om_store_find_wave(st, "ouders", 2015, &f, &found, &e));
  g_assert_false(found);
  g_assert_true(om_store_find_wave(st, "instellingen", 2014, &f, &found, &e));
  g_assert_false(found);
  g_assert_true(om_store_find_wave_by_sha256(st, SHA_A, &f, &found, &e));
  g_assert_true(found);
  g_assert_cmpint(f.year, ==, 2014);
  om_wave_clear(&f);
  g_assert_true(om_store_find_wave_by_sha256(st, "0000", &f, &found, &e));
  g_assert_false(found);
  g_assert_no_error(e);

  Collect c = { 0, g_string_new(NULL) };
  g_assert_true(om_store_foreach_respondent(st, id, collect, &c, &e));
  g_assert_no_error(e);
  g_assert_cmpuint(c.n, ==, 3);
  g_assert_cmpstr(c.seen->str, ==, "R1;R2;R3;");
  g_string_free(c.seen, TRUE);
  guint calls = 0;
  g_assert_false(om_store_foreach_respondent(st, id, stop_at_first, &calls, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_ARGUMENT);
  g_assert_cmpstr(e->message, ==, "stop at R1");
  g_clear_error(&e);
  g_assert_cmpuint(calls, ==, 1);

  /* the stored definition explains the wave */
  OmSurvey *back = om_store_wave_survey(st, id, &e);
  g_assert_no_error(e);
  g_assert_cmpstr(om_survey_text(back), ==, om_survey_text(s));
  g_assert_cmpuint(om_survey_n_items(back), ==, 21);
  om_survey_free(back);
  g_assert_null(om_store_wave_survey(st, id + 100, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_NOT_FOUND);
  char *want = g_strdup_printf("%s has no wave %" G_GINT64_FORMAT, t->db, id + 100);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);

  GArray *counts = om_store_response_counts(st, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(counts->len, ==, 2);
  for (guint i = 0; i < counts->len; i++) {
    OmResponseCount *rc = &g_array_index(counts, OmResponseCount, i);
    g_assert_cmpint(rc->wave_id, ==, id);
    g_assert_cmpint(rc->respondents, ==, strcmp(rc->institution, "10AA00") == 0 ? 2 : 1);
  }
  g_array_unref(counts);

  /* a second wave for the same group and year is refused */
  char *before = om_test_dump_store(t->db);
  g_assert_true(om_store_begin(st, &e));
  g_assert_cmpint(om_store_add_wave(st, s, 2014, "other.csv", "bbbb", &e), ==, 0);
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  g_assert_cmpstr(e->message, ==,
                  "the store already has a ouders wave for 2014 (use --replace to swap it)");
  g_clear_error(&e);
  om_store_rollback(st);
  om_store_rollback(st); /* no transaction open: nothing happens */
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);

  /* items as stored, in item order */
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM items"), ==, 21);
  char *items = sql_text(t->db, "SELECT group_concat(item || ':' || theme || ':' || scale, ' ')"
                                " FROM (SELECT * FROM items ORDER BY pos)");
  g_assert_cmpstr(items, ==,
                  "a1:A:tevreden5 a2:A:tevreden5 a3:A:tevreden5 a4:A:tevreden5 a5:A:tevreden5 "
                  "a_alg:A:tevreden5 b1:B:tevreden5 b2:B:tevreden5 b3:B:tevreden5 "
                  "b4:B:tevreden5 b_alg:B:tevreden5 c1:C:tevreden5 c2:C:tevreden5 "
                  "c3:C:tevreden5 c4:C:tevreden5 c_alg:C:tevreden5 d1:D:tevreden5 "
                  "d2:D:tevreden5 d3:D:tevreden5 d_alg:D:tevreden5 cijfer:A:cijfer10");
  g_free(items);
  om_store_free(st);
  om_survey_free(s);
}

static void
test_respondent_rules(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  gint64 id = fill_roundtrip(st, s);
  GError *e = NULL;
  char *before = om_test_dump_store(t->db);
  /* an institution that is not registered */
  g_assert_true(om_store_begin(st, &e));
  gint32 ans[21];
  for (guint i = 0; i < 21; i++)
    ans[i] = 3;
  g_assert_false(om_store_add_respondent(st, id, "R9", "99ZZ99", ans, 21, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  char *want
      = g_strdup_printf("%s: cannot store a respondent: FOREIGN KEY constraint failed", t->db);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  om_store_rollback(st);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_free(before);
  om_store_free(st);

  /* a damaged answers array is reported, not misread */
  sql_exec(t->db, "UPDATE respondents SET answers = '[1,x]' WHERE respondent = 'R2'");
  st = open_ok(t->db, OM_STORE_READONLY);
  Collect c = { 0, g_string_new(NULL) };
  g_assert_false(om_store_foreach_respondent(st, id, collect, &c, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  want = g_strdup_printf("%s: the answers of respondent 'R2' are damaged", t->db);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  g_assert_cmpuint(c.n, ==, 1);
  g_string_free(c.seen, TRUE);
  /* a read-only store refuses writes (a write error, not a damaged store) */
  OmInstitution in = inst("50EE00", "X", "po", 1);
  g_assert_false(om_store_put_institution(st, &in, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  want = g_strdup_printf("%s: cannot store an institution: the store was opened for reading only",
                         t->db);
  g_assert_cmpstr(e ? e->message : "", ==, want);
  g_free(want);
  g_clear_error(&e);
  om_store_free(st);
  om_survey_free(s);
}

/* ---------------------------------------------------------------- transactions */

static void
test_rollback(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  fill_roundtrip(st, s);
  char *before = om_test_dump_store(t->db);
  GError *e = NULL;

  /* begin, write a lot, roll back: nothing is left */
  g_assert_true(om_store_begin(st, &e));
  OmInstitution in = inst("40DD00", "Nieuw", "mbo", 5);
  g_assert_true(om_store_put_institution(st, &in, NULL, &e));
  gint64 id = om_store_add_wave(st, s, 2015, "ouders-2015.csv", "cccc", &e);
  g_assert_cmpint(id, >, 0);
  gint32 ans[21];
  for (guint i = 0; i < 21; i++)
    ans[i] = 4;
  g_assert_true(om_store_add_respondent(st, id, "N1", "40DD00", ans, 21, &e));
  g_assert_true(om_store_finish_wave(st, id, 1, TRUE, &e));
  g_assert_no_error(e);
  char *during = om_test_dump_store(t->db); /* another connection sees the committed state only */
  g_assert_cmpstr(during, ==, before);
  g_free(during);
  om_store_rollback(st);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  GArray *w = om_store_waves(st, NULL, &e);
  g_assert_cmpuint(w->len, ==, 1);
  g_array_unref(w);

  /* freeing a store with an open transaction rolls it back too */
  g_assert_true(om_store_begin(st, &e));
  g_assert_true(om_store_put_institution(st, &in, NULL, &e));
  om_store_free(st);
  after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);

  /* and a commit keeps it */
  st = open_ok(t->db, OM_STORE_EXISTING);
  g_assert_true(om_store_begin(st, &e));
  g_assert_true(om_store_put_institution(st, &in, NULL, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  om_store_free(st);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM institutions WHERE code = '40DD00'"), ==, 1);
  g_free(before);
  om_store_free(NULL);
  om_survey_free(s);
}

/* ---------------------------------------------------------------- baseline */

static void
test_baseline(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmSurvey *inst_s = load_survey("instellingen.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  put(st, "10AA00", "po");
  char *p;
#define PICTURE(group, want)                                                                       \
  do {                                                                                             \
    p = baseline_picture(st, group);                                                               \
    g_assert_cmpstr(p, ==, want);                                                                  \
    g_free(p);                                                                                     \
  } while (0)

  add_wave(st, s, 2014, 2, FALSE);
  PICTURE("ouders", "2014*");
  /* an earlier wave becomes the baseline */
  gint64 w2013 = add_wave(st, s, 2013, 3, FALSE);
  PICTURE("ouders", "2013*,2014");
  /* an explicit mark wins over "earliest" */
  gint64 w2015 = add_wave(st, s, 2015, 1, TRUE);
  PICTURE("ouders", "2013,2014,2015*!");
  add_wave(st, s, 2012, 1, FALSE);
  PICTURE("ouders", "2012,2013,2014,2015*!");
  /* groups are separate */
  add_wave(st, inst_s, 2016, 2, FALSE);
  PICTURE("instellingen", "2016*");
  PICTURE("ouders", "2012,2013,2014,2015*!");
  /* re-marking moves the mark */
  GError *e = NULL;
  g_assert_true(om_store_begin(st, &e));
  g_assert_true(om_store_finish_wave(st, w2013, 3, TRUE, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  PICTURE("ouders", "2012,2013*!,2014,2015");
  PICTURE("instellingen", "2016*");
  /* deleting the marked wave falls back to the earliest, and takes its rows along */
  g_assert_true(om_store_begin(st, &e));
  g_assert_true(om_store_delete_wave(st, w2013, &e));
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  PICTURE("ouders", "2012*,2014,2015");
  char *q = g_strdup_printf("SELECT count(*) FROM respondents WHERE wave_id = %" G_GINT64_FORMAT,
                            w2013);
  g_assert_cmpint(sql_int(t->db, q), ==, 0);
  g_free(q);
  q = g_strdup_printf("SELECT count(*) FROM items WHERE wave_id = %" G_GINT64_FORMAT, w2013);
  g_assert_cmpint(sql_int(t->db, q), ==, 0);
  g_free(q);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM respondents"), ==, 2 + 1 + 1 + 2);
  (void)w2015;
  /* all waves: ouders first, then instellingen, each by year */
  GArray *all = om_store_waves(st, NULL, &e);
  g_assert_cmpuint(all->len, ==, 4);
  g_assert_cmpstr(g_array_index(all, OmWave, 0).group, ==, "ouders");
  g_assert_cmpint(g_array_index(all, OmWave, 0).year, ==, 2012);
  g_assert_cmpint(g_array_index(all, OmWave, 2).year, ==, 2015);
  g_assert_cmpstr(g_array_index(all, OmWave, 3).group, ==, "instellingen");
  g_array_unref(all);
#undef PICTURE
  om_store_free(st);
  om_survey_free(s);
  om_survey_free(inst_s);
}

/* ---------------------------------------------------------------- the answers view */

static void
test_answers_view(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  fill_roundtrip(st, s);
  om_store_free(st);

  /* one row per answer: respondents x items, blanks included as NULL */
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM answers"), ==, 3 * 21);
  g_assert_cmpint(sql_int(t->db, "SELECT count(DISTINCT respondent || '/' || item) FROM answers"),
                  ==, 3 * 21);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM answers WHERE answer IS NULL"), ==,
                  3 + 0 + 21);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM answers WHERE answer = 9"), ==, 3);
  char *row
      = sql_text(t->db, "SELECT respondent_group || '|' || year || '|' || institution || '|' || "
                        "respondent || '|' || item || '|' || theme || '|' || answer FROM answers "
                        "WHERE respondent = 'R1' AND item = 'cijfer'");
  g_assert_cmpstr(row, ==, "ouders|2014|10AA00|R1|cijfer|A|8");
  g_free(row);
  char *r1 = sql_text(t->db, "SELECT group_concat(item || '=' || coalesce(answer, '-'), ',') FROM "
                             "answers WHERE respondent = 'R1' AND theme = 'C'");
  g_assert_cmpstr(r1, ==, "c1=9,c2=9,c3=-,c4=-,c_alg=4");
  g_free(r1);
  g_assert_cmpint(sql_int(t->db, "SELECT typeof(answer) = 'integer' FROM answers WHERE "
                                 "respondent = 'R2' AND item = 'a1'"),
                  ==, 1);
  om_survey_free(s);
}

static void
count_busy(const char *path, gpointer data)
{
  (void)path;
  (*(guint *)data)++;
}

/* A store another connection is writing to: the writer waits, says so once, and after its
 * wait fails as busy (OM_ERROR_IO, exit 4), never as a damaged store; nothing changes. */
static void
test_busy(Tmp *t, gconstpointer data)
{
  (void)data;
  OmStore *first = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  OmStore *second = open_ok(t->db, OM_STORE_EXISTING);
  GError *e = NULL;
  g_assert_true(om_store_begin(first, &e));
  guint told = 0;
  om_store_set_busy_handler(second, 150, count_busy, &told);
  g_assert_false(om_store_begin(second, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  char *want = g_strdup_printf("%s is busy: another oudermonitor is writing to it (waited 150 ms); "
                               "try again when that import has finished",
                               t->db);
  g_assert_cmpstr(e ? e->message : "", ==, want);
  g_free(want);
  g_clear_error(&e);
  g_assert_cmpuint(told, ==, 1);
  om_store_rollback(first);
  /* once the other writer is done, the same connection writes */
  g_assert_true(om_store_begin(second, &e));
  g_assert_no_error(e);
  om_store_rollback(second);
  om_store_free(second);
  om_store_free(first);
}

/* ---------------------------------------------------------------- import's journal */

static gboolean
file_exists(const char *path, const char *suffix)
{
  char *p = g_strconcat(path, suffix, NULL);
  gboolean there = g_file_test(p, G_FILE_TEST_EXISTS);
  g_free(p);
  return there;
}

/* Adds a wave of n respondents inside the import's transaction st has begun. */
static gint64
add_import_wave(OmStore *st, const OmSurvey *s, int year, const char *sha, guint n)
{
  GError *e = NULL;
  gint64 id = om_store_add_wave(st, s, year, "ouders.csv", sha, &e);
  g_assert_no_error(e);
  gint32 ans[21];
  for (guint i = 0; i < 21; i++)
    ans[i] = 1 + (gint32)(i % 4);
  for (guint r = 0; r < n; r++) {
    char id_text[32];
    g_snprintf(id_text, sizeof id_text, "N%u", r);
    g_assert_true(om_store_add_respondent(st, id, id_text, "10AA00", ans, 21, &e));
  }
  g_assert_true(om_store_finish_wave(st, id, n, FALSE, &e));
  g_assert_no_error(e);
  return id;
}

/* An import on its own writes its wave in a rollback journal (once, instead of to the WAL
 * and again at the checkpoint): PATH-journal holds the pages it changes, the WAL is not
 * used, and after the commit or the rollback the store is in WAL mode again, 0600, with
 * no journal left. A rollback leaves the store as it was. */
static void
test_import_journal(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  fill_roundtrip(st, s);
  char *before = om_test_dump_store(t->db);
  GError *e = NULL;

  g_assert_true(om_store_begin_import(st, &e));
  add_import_wave(st, s, 2015, "dddd", 50);
  g_assert_true(file_exists(t->db, "-journal"));
  g_assert_false(file_exists(t->db, "-wal"));
  om_store_rollback(st);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  g_assert_false(file_exists(t->db, "-journal"));
  char *mode = sql_text(t->db, "PRAGMA journal_mode");
  g_assert_cmpstr(mode, ==, "wal");
  g_free(mode);

  g_assert_true(om_store_begin_import(st, &e));
  add_import_wave(st, s, 2015, "dddd", 50);
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  g_assert_false(file_exists(t->db, "-journal"));
  mode = sql_text(t->db, "PRAGMA journal_mode");
  g_assert_cmpstr(mode, ==, "wal");
  g_free(mode);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM respondents"), ==, 53);
  GStatBuf sb;
  g_assert_cmpint(g_stat(t->db, &sb), ==, 0);
  g_assert_cmpint(sb.st_mode & 0777, ==, 0600);
  om_store_free(st);
  g_free(before);
  om_survey_free(s);
}

/* With another connection open (a reader in WAL mode) the import cannot leave WAL mode:
 * it does not wait for the reader, stores in the WAL as before, and the reader reads the
 * committed state throughout. */
static void
test_import_journal_reader(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  fill_roundtrip(st, s);
  OmStore *reader = open_ok(t->db, OM_STORE_READONLY);
  GError *e = NULL;
  GArray *w = om_store_waves(reader, NULL, &e);
  g_assert_cmpuint(w->len, ==, 1);
  g_array_unref(w);

  g_assert_true(om_store_begin_import(st, &e));
  g_assert_no_error(e);
  add_import_wave(st, s, 2015, "dddd", 50);
  g_assert_false(file_exists(t->db, "-journal"));
  w = om_store_waves(reader, NULL, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(w->len, ==, 1);
  g_array_unref(w);
  g_assert_true(om_store_commit(st, &e));
  g_assert_no_error(e);
  w = om_store_waves(reader, NULL, &e);
  g_assert_cmpuint(w->len, ==, 2);
  g_array_unref(w);
  om_store_free(reader);
  om_store_free(st);
  om_survey_free(s);
}

/* A process killed in the middle of a transaction in a rollback journal (as an import can
 * be) leaves the new pages in the file and the old ones in PATH-journal. A read-only open
 * must not read the file as it is (SQLite's read-only connection cannot play the journal
 * back): it plays it back first and sees the store as it was, whole. The child writes
 * more than its two-page cache holds, so pages reach the file before it dies. */
static void
test_killed_import_journal(Tmp *t, gconstpointer data)
{
  (void)data;
  OmSurvey *s = load_survey("ouders.ini");
  OmStore *st = open_ok(t->db, OM_STORE_OPEN_OR_CREATE);
  fill_roundtrip(st, s);
  om_store_free(st);
  char *before = om_test_dump_store(t->db);

  pid_t pid = fork();
  g_assert_cmpint(pid, >=, 0);
  if (pid == 0) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
        || sqlite3_exec(db,
                        "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; BEGIN EXCLUSIVE;"
                        "UPDATE waves SET respondents = 99;"
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                        " WHERE i < 3000) INSERT INTO respondents SELECT 1, 'K' || i,"
                        " '10AA00', printf('[%.*c]', 200, '4') FROM n;",
                        NULL, NULL, NULL)
               != SQLITE_OK)
      _exit(2);
    _exit(0); /* as if killed: no rollback, no close */
  }
  int status = 0;
  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  g_assert_true(WIFEXITED(status));
  g_assert_cmpint(WEXITSTATUS(status), ==, 0);
  g_assert_true(file_exists(t->db, "-journal"));

  GError *e = NULL;
  OmStore *reader = om_store_open(t->db, OM_STORE_READONLY, &e);
  g_assert_no_error(e);
  g_assert_nonnull(reader);
  g_assert_false(om_store_is_immutable(reader));
  GArray *w = om_store_waves(reader, NULL, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(w->len, ==, 1);
  g_assert_cmpint(g_array_index(w, OmWave, 0).respondents, ==, 3);
  g_array_unref(w);
  om_store_free(reader);
  g_assert_false(file_exists(t->db, "-journal"));
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(after);
  char *check = sql_text(t->db, "PRAGMA integrity_check");
  g_assert_cmpstr(check, ==, "ok");
  g_free(check);
  g_free(before);
  om_survey_free(s);
}

/* A version-1 store as the previous release made it: the sector CHECK, no definition hash. */
static const char *v1_schema
    = "CREATE TABLE institutions (code TEXT PRIMARY KEY, name TEXT NOT NULL,"
      "  sector TEXT NOT NULL CHECK (sector IN ('voorschool','po','vo','mbo','zorg-welzijn')),"
      "  municipality TEXT NOT NULL DEFAULT '',"
      "  population INTEGER CHECK (population IS NULL OR population >= 0));"
      "CREATE TABLE waves (id INTEGER PRIMARY KEY,"
      "  grp TEXT NOT NULL CHECK (grp IN ('ouders','instellingen')), year INTEGER NOT NULL,"
      "  baseline INTEGER NOT NULL DEFAULT 0, baseline_set INTEGER NOT NULL DEFAULT 0,"
      "  survey_id TEXT NOT NULL, definition TEXT NOT NULL, source TEXT NOT NULL,"
      "  sha256 TEXT NOT NULL UNIQUE, imported_at TEXT NOT NULL,"
      "  respondents INTEGER NOT NULL DEFAULT 0, UNIQUE (grp, year));"
      "CREATE TABLE items (wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  pos INTEGER NOT NULL, item TEXT NOT NULL, theme TEXT NOT NULL, scale TEXT NOT NULL,"
      "  PRIMARY KEY (wave_id, pos)) WITHOUT ROWID;"
      "CREATE TABLE respondents (wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  respondent TEXT NOT NULL, institution TEXT NOT NULL REFERENCES institutions(code),"
      "  answers TEXT NOT NULL);"
      "CREATE INDEX respondents_wave ON respondents(wave_id);"
      "INSERT INTO institutions VALUES ('10AA00', 'De Proef', 'po', 'Testdorp', 120);"
      "INSERT INTO waves VALUES (1, 'ouders', 2014, 1, 1, 'ouders', '[survey]\nid = x\n', "
      "  'a.csv', 'abc', '2014-01-01T00:00:00Z', 1);"
      "INSERT INTO respondents VALUES (1, 'r1', '10AA00', '[4]');"
      "PRAGMA application_id = 1330466638; PRAGMA user_version = 1;";

static void
test_migrate_v1(Tmp *t, gconstpointer data)
{
  (void)data;
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(t->db, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close(db);

  /* read-only: refused (its respondent ids are stored as given, so nothing reads it before
   * it is migrated) and left unchanged */
  char *before = om_test_dump_store(t->db);
  GError *e = NULL;
  g_assert_null(om_store_open(t->db, OM_STORE_READONLY, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  g_assert_nonnull(strstr(e->message, "was made by an older oudermonitor (schema version 1"));
  g_clear_error(&e);
  char *after = om_test_dump_store(t->db);
  g_assert_cmpstr(after, ==, before);
  g_free(before);
  g_free(after);

  /* writable: upgraded in place through every version, data kept, the CHECK gone, each
   * wave's hash filled */
  OmStore *st = open_ok(t->db, OM_STORE_EXISTING);
  g_assert_cmpint(om_store_opened_as(st), ==, OM_STORE_OPENED_UPGRADED);
  g_assert_cmpint(sql_int(t->db, "PRAGMA user_version"), ==, OM_STORE_SCHEMA_VERSION);
  char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "[survey]\nid = x\n", -1);
  char *stored = sql_text(t->db, "SELECT definition_sha256 FROM waves WHERE id = 1");
  g_assert_cmpstr(stored, ==, sum);
  g_free(stored);
  g_free(sum);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM respondents"), ==, 1);
  g_assert_cmpint(
      sql_int(t->db, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (sector%'"), ==, 0);
  OmInstitution ikc
      = { (char *)"20BB00", (char *)"IKC De Brug", (char *)"ikc", (char *)"", 80, NULL };
  g_assert_true(om_store_put_institution(st, &ikc, NULL, &e));
  g_assert_no_error(e);
  /* the foreign keys still hold after the table was rebuilt */
  gint32 answer = 4;
  g_assert_true(om_store_begin(st, &e));
  g_assert_false(om_store_add_respondent(st, 1, "r2", "99ZZ00", &answer, 1, &e));
  g_clear_error(&e);
  om_store_rollback(st);
  om_store_free(st);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* user_version 0 on a file that holds our tables is no store we finished: say so. */
static void
test_version_zero_with_data(Tmp *t, gconstpointer data)
{
  (void)data;
  om_store_free(open_ok(t->db, OM_STORE_OPEN_OR_CREATE));
  sql_exec(t->db, "PRAGMA user_version = 0");
  GError *e = NULL;
  g_assert_null(om_store_open(t->db, OM_STORE_EXISTING, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_STORE);
  g_assert_true(g_str_has_suffix(e->message, "holds tables but no schema version (user_version "
                                             "0): it was not finished by oudermonitor or was "
                                             "changed by hand; restore it from a backup"));
  g_clear_error(&e);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Report every failing test, not only the first (a failure must not hide the others). */
  g_test_set_nonfatal_assertions();
#define ADD(path, fn) g_test_add(path, Tmp, NULL, tmp_setup, fn, tmp_teardown)
  ADD("/store/open/create-private", test_create_private);
  ADD("/store/open/adopted-file-private", test_adopted_file_private);
  ADD("/store/open/missing", test_missing);
  ADD("/store/open/foreign-refused", test_foreign_refused);
  ADD("/store/open/foreign-unchanged", test_foreign_unchanged);
  ADD("/store/open/not-sqlite", test_not_sqlite);
  ADD("/store/open/newer-version", test_newer_version);
  ADD("/store/institutions", test_put_institution);
  ADD("/store/wave/roundtrip", test_wave_roundtrip);
  ADD("/store/wave/respondent-rules", test_respondent_rules);
  ADD("/store/wave/rollback", test_rollback);
  ADD("/store/wave/baseline", test_baseline);
  ADD("/store/answers-view", test_answers_view);
  ADD("/store/open/migrate-v1", test_migrate_v1);
  ADD("/store/busy", test_busy);
  ADD("/store/import/journal", test_import_journal);
  ADD("/store/import/journal-reader", test_import_journal_reader);
  ADD("/store/import/killed-journal", test_killed_import_journal);
  ADD("/store/open/version-zero-with-data", test_version_zero_with_data);
#undef ADD
  return g_test_run();
}
