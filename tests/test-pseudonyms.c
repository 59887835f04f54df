/* test-pseudonyms.c — respondents under keyed pseudonyms, erasure, migration (issue 11).
 *
 * Runs the built binary and reads the store's files byte by byte:
 *   - a new store has its key file beside it (0600, 64 hex digits), never inside it; no
 *     respondent id of an imported file appears in the store's bytes (file, WAL, shm);
 *   - `forget ID…` says what it removed and which figures change, and afterwards neither
 *     the id nor its pseudonym nor its answers' row is anywhere in the store's bytes; only
 *     the time of the erasure is recorded;
 *   - a version-1 store (ids as given) is refused read-only with a message, migrated by
 *     `init` with a message, and gives byte-identical figures afterwards, with no old id
 *     left in its bytes;
 *   - with the key file lost, imports still work and say that new ids cannot be linked;
 *   - a pseudonym is HMAC-SHA256 of the id under the key file's key, exactly: the values of
 *     Python's hmac module and of GLib's GHmac (which made them before nettle did), so
 *     stores made before keep linking the same ids.
 */
#include <glib.h>

#include "store/store.h"
#include "testutil.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *dir;
  char *db;
  char *key;
} Tmp;

static char *
src(const char *rel)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", rel, NULL);
}

static void
tmp_setup(Tmp *t, gconstpointer data)
{
  (void)data;
  GError *e = NULL;
  t->dir = g_dir_make_tmp("om-test-pseudonyms-XXXXXX", &e);
  g_assert_no_error(e);
  t->db = g_build_filename(t->dir, "store.db", NULL);
  t->key = g_strconcat(t->db, ".key", NULL);
}

static void
tmp_teardown(Tmp *t, gconstpointer data)
{
  (void)data;
  char *cmd = g_strdup_printf("rm -rf '%s'", t->dir);
  g_assert_cmpint(system(cmd), ==, 0);
  g_free(cmd);
  g_free(t->dir);
  g_free(t->db);
  g_free(t->key);
}

static void
ok_run(Tmp *t, const char *first, ...)
{
  GPtrArray *a = g_ptr_array_new();
  char *bin = binary();
  g_ptr_array_add(a, bin);
  va_list ap;
  va_start(ap, first);
  for (const char *s = first; s; s = va_arg(ap, const char *))
    g_ptr_array_add(a, (char *)s);
  va_end(ap);
  g_ptr_array_add(a, "--db");
  g_ptr_array_add(a, t->db);
  g_ptr_array_add(a, NULL);
  Run r = run_argv(t->dir, (char **)a->pdata);
  if (r.status != 0)
    g_test_fail_printf("%s exits %d: %s", first, r.status, r.err);
  run_clear(&r);
  g_ptr_array_free(a, TRUE);
  g_free(bin);
}

/* register + two waves of tests/data/import. */
static void
small_store(Tmp *t)
{
  char *reg = src("tests/data/import/register.csv");
  char *survey = src("surveys/ouders.ini");
  char *w1 = src("tests/data/import/good-2014.csv");
  char *w2 = src("tests/data/import/clean-2015.csv");
  ok_run(t, "init", NULL); /* register and import never create a store */
  ok_run(t, "register", reg, NULL);
  ok_run(t, "import", "-q", "--survey", survey, w1, w2, NULL);
  g_free(reg);
  g_free(survey);
  g_free(w1);
  g_free(w2);
}

/* Whether `needle` occurs in the bytes of the store file or its WAL / shm files. */
static gboolean
store_holds(Tmp *t, const char *needle)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  gboolean found = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    char *p = g_strconcat(t->db, suffixes[i], NULL);
    char *bytes = NULL;
    gsize len = 0;
    if (g_file_get_contents(p, &bytes, &len, NULL))
      found |= memmem(bytes, len, needle, strlen(needle)) != NULL;
    g_free(bytes);
    g_free(p);
  }
  return found;
}

static char *
pseudonym_of(Tmp *t, const char *id)
{
  GError *e = NULL;
  OmStore *st = om_store_open(t->db, OM_STORE_EXISTING, &e);
  g_assert_no_error(e);
  char *p = om_store_pseudonym(st, id, &e);
  g_assert_no_error(e);
  om_store_free(st);
  return p;
}

static char *
stats_csv(Tmp *t)
{
  char *bin = binary();
  char *argv[] = { bin,        "stats", "--by", "instelling", "--min-n", "1",
                   "--format", "csv",   "--db", t->db,        NULL };
  Run r = run_argv(t->dir, argv);
  g_assert_cmpint(r.status, ==, 0);
  char *out = g_strdup(r.out);
  run_clear(&r);
  g_free(bin);
  return out;
}

static gint64
sql_int(const char *db, const char *sql)
{
  sqlite3 *h = NULL;
  g_assert_cmpint(sqlite3_open(db, &h), ==, SQLITE_OK);
  sqlite3_stmt *q = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(h, sql, -1, &q, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(q), ==, SQLITE_ROW);
  gint64 v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(h);
  return v;
}

static void
sql_exec(const char *db, const char *sql)
{
  sqlite3 *h = NULL;
  g_assert_cmpint(sqlite3_open(db, &h), ==, SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error("%s: %s", sql, msg);
  sqlite3_close(h);
}

static void
test_key_file(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  GStatBuf st;
  g_assert_cmpint(g_stat(t->key, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(st.st_size, ==, 65);
  char *key = NULL;
  g_assert_true(g_file_get_contents(t->key, &key, NULL, NULL));
  g_assert_cmpuint(strspn(key, "0123456789abcdef"), ==, 64);
  /* never inside the store, and no respondent id of the files either */
  key[64] = '\0';
  g_assert_false(store_holds(t, key));
  static const char *const ids[]
      = { "T-001", "T-002", "T-003", "T-004", "T-005", "M-001", "M-002", "M-003" };
  for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
    if (store_holds(t, ids[i]))
      g_test_fail_printf("the store's bytes hold the respondent id %s", ids[i]);
  g_free(key);
  /* the same id within a store has the same pseudonym: a duplicate is still found */
  char *p1 = pseudonym_of(t, "T-001"), *p2 = pseudonym_of(t, "T-001");
  g_assert_cmpstr(p1, ==, p2);
  g_assert_true(store_holds(t, p1));
  g_free(p1);
  g_free(p2);
}

static void
test_forget(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  char *pseudo = pseudonym_of(t, "T-001");
  g_assert_true(store_holds(t, pseudo));
  char *bin = binary();
  char *argv[] = { bin, "forget", "--db", t->db, "T-001", "X-404", NULL };
  Run r = run_argv(t->dir, argv);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpstr(r.out, ==,
                  "T-001: removed from 1 wave\n"
                  "X-404: not in the store (never imported, already forgotten, or imported "
                  "before the store's key file was replaced)\n"
                  "published figures that change (run stats, targets, chart and report again):\n"
                  "  ouders 2014: institution 10AA00, its sector, the municipality, and the "
                  "targets, changes and trends that use this wave\n"
                  "the store records only that an erasure happened and when; the source files "
                  "still hold the ids: delete them there too, or 'import --replace' brings them "
                  "back\n");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  g_assert_false(store_holds(t, pseudo));
  g_assert_false(store_holds(t, "T-001"));
  g_assert_cmpint(sql_int(t->db, "SELECT respondents FROM waves WHERE year = 2014"), ==, 4);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM erasures"), ==, 1);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM pragma_table_info('erasures')"), ==, 1);
  /* again: nothing to remove, nothing recorded */
  char *again[] = { bin, "forget", "--db", t->db, "T-001", NULL };
  r = run_argv(t->dir, again);
  g_assert_cmpstr(r.out, ==,
                  "T-001: not in the store (never imported, already forgotten, or imported "
                  "before the store's key file was replaced)\n"
                  "nothing was removed; no figure changes\n");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  g_assert_cmpint(sql_int(t->db, "SELECT count(*) FROM erasures"), ==, 1);
  char *none[] = { bin, "forget", "--db", t->db, NULL };
  r = run_argv(t->dir, none);
  g_assert_cmpstr(r.err, ==,
                  "oudermonitor: forget needs at least one respondent id\n"
                  "Try 'oudermonitor forget --help' for more information.\n");
  g_assert_cmpint(r.status, ==, 2);
  run_clear(&r);
  g_free(bin);
  g_free(pseudo);
}

/* A store as version 2 left it: ids as given, no erasures table, no key file. */
static void
make_v2(Tmp *t)
{
  sql_exec(t->db, "UPDATE respondents SET respondent = 'RAW-' || rowid;"
                  "DROP TABLE erasures; PRAGMA user_version = 2;");
  g_assert_cmpint(g_unlink(t->key), ==, 0);
  g_assert_true(store_holds(t, "RAW-1"));
}

static void
test_migrate(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  char *before = stats_csv(t);
  make_v2(t);
  char *bin = binary();
  char *waves[] = { bin, "waves", "--db", t->db, NULL };
  Run r = run_argv(t->dir, waves);
  char *want = g_strdup_printf("oudermonitor: %s was made by an older oudermonitor (schema "
                               "version 2, respondent ids stored as given); run 'oudermonitor "
                               "init --db %s' once to turn them into pseudonyms\n",
                               t->db, t->db);
  g_assert_cmpstr(r.err, ==, want);
  g_assert_cmpint(r.status, ==, 3);
  g_free(want);
  run_clear(&r);
  char *init[] = { bin, "init", "--db", t->db, NULL };
  r = run_argv(t->dir, init);
  want = g_strdup_printf("migrated %s to schema version 3: the 8 respondent ids of its 2 waves "
                         "are now keyed pseudonyms (HMAC-SHA256); no figure changes. The key is "
                         "in %s: keep it beside the store (never inside it) and back it up with "
                         "the store.\n",
                         t->db, t->key);
  g_assert_cmpstr(r.out, ==, want);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  g_free(want);
  run_clear(&r);
  char *after = stats_csv(t);
  g_assert_cmpstr(after, ==, before);
  for (int i = 1; i <= 8; i++) {
    char *raw = g_strdup_printf("RAW-%d", i);
    if (store_holds(t, raw))
      g_test_fail_printf("%s is still in the store's bytes after the migration", raw);
    g_free(raw);
  }
  char *p = pseudonym_of(t, "RAW-1");
  g_assert_true(store_holds(t, p));
  g_free(p);
  g_assert_cmpint(sql_int(t->db, "PRAGMA user_version"), ==, OM_STORE_SCHEMA_VERSION);
  g_free(before);
  g_free(after);
  g_free(bin);
}

static void
test_key_lost(Tmp *t, gconstpointer data)
{
  (void)data;
  small_store(t);
  g_assert_cmpint(g_unlink(t->key), ==, 0);
  char *bin = binary();
  char *survey = src("surveys/ouders.ini");
  char *w = src("tests/data/import/good-2014b.csv");
  char *argv[] = { bin, "import", "-q", "--replace", "--db", t->db, "--survey", survey, w, NULL };
  Run r = run_argv(t->dir, argv);
  char *want = g_strdup_printf(
      "oudermonitor: the store's key file %s was missing, so a new key was made. Imports work, "
      "but respondent ids imported from now on cannot be linked to those imported before: "
      "'forget' cannot find an earlier respondent by id. If you have a backup of the key file, "
      "put it back in place of the new one and import the waves since then again with --replace.\n",
      t->key);
  g_assert_cmpstr(r.err, ==, want);
  g_assert_cmpint(r.status, ==, 0);
  g_free(want);
  run_clear(&r);
  g_assert_true(g_file_test(t->key, G_FILE_TEST_EXISTS));
  /* M-001 came in under the old key: it can no longer be found */
  char *forget[] = { bin, "forget", "--db", t->db, "M-001", NULL };
  r = run_argv(t->dir, forget);
  g_assert_true(g_str_has_prefix(r.out, "M-001: not in the store"));
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  g_free(survey);
  g_free(w);
  g_free(bin);
}

/* Known keyed pseudonyms: key bytes 00 01 … 1f, values from Python's
 * hmac.new(bytes(range(32)), id, hashlib.sha256).hexdigest(); and GLib's GHmac (the
 * implementation that made the pseudonyms of stores before) agrees on each id. */
static void
test_known_values(Tmp *t, gconstpointer data)
{
  (void)data;
  static const struct {
    const char *id, *hmac;
  } known[] = {
    { "R2013-0000001", "b0a3d4e50e5eb9a44bbd8317eb87a548c860141cee92fd2297e2b7aabe2df00a" },
    { "", "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb" },
    { "ouder-\xc3\xa9", "3a7c4fffec7815800410928399cd9962bcfb01895d52b1de9c3679cbc7127a76" },
    { "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      "xxxxxxxxxxxxxxxxxxxx", /* 100 bytes: longer than a SHA-256 block */
      "d1c86a42d627e0de515d31da2dd2c101f2b49ffba04d04685fe4b05d877c5601" },
  };
  ok_run(t, "init", NULL);
  guint8 key[32];
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < sizeof key; i++) {
    key[i] = (guint8)i;
    g_string_append_printf(text, "%02x", i);
  }
  g_string_append_c(text, '\n');
  g_assert_true(g_file_set_contents(t->key, text->str, (gssize)text->len, NULL));
  g_string_free(text, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
    char *p = pseudonym_of(t, known[i].id);
    g_assert_cmpstr(p, ==, known[i].hmac);
    GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, key, sizeof key);
    g_hmac_update(h, (const guchar *)known[i].id, -1);
    g_assert_cmpstr(p, ==, g_hmac_get_string(h));
    g_hmac_unref(h);
    g_free(p);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
#define ADD(path, fn) g_test_add(path, Tmp, NULL, tmp_setup, fn, tmp_teardown)
  ADD("/pseudonyms/key-file", test_key_file);
  ADD("/pseudonyms/forget", test_forget);
  ADD("/pseudonyms/migrate", test_migrate);
  ADD("/pseudonyms/key-lost", test_key_lost);
  ADD("/pseudonyms/known-values", test_known_values);
#undef ADD
  return g_test_run();
}
