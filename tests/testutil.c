/* testutil.c — helpers the test programs share (testutil.h). */
#include "testutil.h"
#include "input/register.h"
#include "input/survey.h"
#include "store/store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

/* Every row of every table, the schema and the version pragmas as text, so that a test
 * can assert that a failed command left a store exactly as it was. Transfer full. */
char *
om_test_dump_store(const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  GString *out = g_string_new(NULL);
  GPtrArray *tables = g_ptr_array_new_with_free_func(g_free);
  sqlite3_stmt *q = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name",
                                     -1, &q, NULL),
                  ==, SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    g_string_append_printf(out, "schema %s %s %s\n", sqlite3_column_text(q, 0),
                           sqlite3_column_text(q, 1), sqlite3_column_text(q, 2));
    if (strcmp((const char *)sqlite3_column_text(q, 0), "table") == 0)
      g_ptr_array_add(tables, g_strdup((const char *)sqlite3_column_text(q, 1)));
  }
  sqlite3_finalize(q);
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "SELECT (SELECT user_version FROM pragma_user_version),"
                                     " (SELECT application_id FROM pragma_application_id)",
                                     -1, &q, NULL),
                  ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(q), ==, SQLITE_ROW);
  g_string_append_printf(out, "user_version %d application_id %d\n", sqlite3_column_int(q, 0),
                         sqlite3_column_int(q, 1));
  sqlite3_finalize(q);
  for (guint i = 0; i < tables->len; i++) {
    const char *t = g_ptr_array_index(tables, i);
    char *sql = g_strdup_printf("SELECT * FROM \"%s\"", t);
    g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &q, NULL), ==, SQLITE_OK);
    int n = sqlite3_column_count(q);
    sqlite3_finalize(q);
    GString *ordered = g_string_new(sql);
    g_string_append(ordered, " ORDER BY ");
    for (int c = 1; c <= n; c++)
      g_string_append_printf(ordered, "%s%d", c > 1 ? ", " : "", c);
    g_assert_cmpint(sqlite3_prepare_v2(db, ordered->str, -1, &q, NULL), ==, SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
      g_string_append_printf(out, "%s:", t);
      for (int c = 0; c < n; c++) {
        const unsigned char *v = sqlite3_column_text(q, c);
        g_string_append_printf(out, "|%d:%s", sqlite3_column_type(q, c), v ? (const char *)v : "");
      }
      g_string_append_c(out, '\n');
    }
    sqlite3_finalize(q);
    g_string_free(ordered, TRUE);
    g_free(sql);
  }
  g_ptr_array_unref(tables);
  sqlite3_close(db);
  return g_string_free(out, FALSE);
}

char *
binary(void)
{
  const char *b = g_getenv("OM_BUILD_ROOT");
  return g_build_filename(b ? b : "build", "src", "oudermonitor", NULL);
}

void
run_clear(Run *r)
{
  g_free(r->out);
  g_free(r->err);
  r->out = r->err = NULL;
}

Run
run_argv(const char *cwd, char **argv)
{
  char **env = g_get_environ();
  env = g_environ_setenv(env, "LC_ALL", "C", TRUE);
  env = g_environ_unsetenv(env, "OUDERMONITOR_DB");
  env = g_environ_unsetenv(env, "OUDERMONITOR_SECTORS");
  env = g_environ_unsetenv(env, "LANGUAGE");
  Run r = { 0, NULL, NULL };
  int wait_status = 0;
  GError *e = NULL;
  gboolean ok
      = g_spawn_sync(cwd, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err, &wait_status, &e);
  g_assert_no_error(e);
  g_assert_true(ok);
  if (WIFEXITED(wait_status)) {
    r.status = WEXITSTATUS(wait_status);
  } else {
    r.status = -1;
    g_test_message("%s killed by signal %d; stderr: %s", argv[1] ? argv[1] : argv[0],
                   WTERMSIG(wait_status), r.err);
  }
  g_strfreev(env);
  return r;
}

static Run run_va(const char *cwd, gboolean to_full, va_list ap);

Run
run(const char *cwd, ...)
{
  va_list ap;
  va_start(ap, cwd);
  Run r = run_va(cwd, FALSE, ap);
  va_end(ap);
  return r;
}

static Run
run_va(const char *cwd, gboolean to_full, va_list ap)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  if (to_full) {
    g_ptr_array_add(a, g_strdup("/bin/sh"));
    g_ptr_array_add(a, g_strdup("-c"));
    g_ptr_array_add(a, g_strdup("exec \"$0\" \"$@\" > /dev/full"));
  }
  g_ptr_array_add(a, binary());
  const char *s;
  while ((s = va_arg(ap, const char *)))
    g_ptr_array_add(a, g_strdup(s));
  g_ptr_array_add(a, NULL);
  Run r = run_argv(cwd, (char **)a->pdata);
  g_ptr_array_unref(a);
  return r;
}

Run
run_to_full(const char *cwd, ...)
{
  va_list ap;
  va_start(ap, cwd);
  Run r = run_va(cwd, TRUE, ap);
  va_end(ap);
  return r;
}

char *
om_test_source_path(const char *rel)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", rel, NULL);
}

char *
om_test_tmp_dir(void)
{
  GError *e = NULL;
  char *d = g_dir_make_tmp("om-test-XXXXXX", &e);
  g_assert_no_error(e);
  return d;
}

void
om_test_rm_tree(const char *path)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      char *p = g_build_filename(path, name, NULL);
      om_test_rm_tree(p);
      g_free(p);
    }
    if (d)
      g_dir_close(d);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

/* A plain loop: strstr in a loop is quadratic under ASan, which checks the whole haystack
 * on every call. */
guint
om_test_count_lines(const char *s, const char *eol)
{
  gsize k = strlen(eol);
  guint n = 0;
  for (const char *p = s; *p; p++)
    if (*p == eol[0] && (k == 1 || p[1] == eol[1]))
      n++;
  return n;
}

gboolean
om_test_have(const char *program)
{
  char *p = g_find_program_in_path(program);
  gboolean ok = p != NULL;
  g_free(p);
  return ok;
}

/* The lines "  NAME  summary" between "Commands:" and the blank line after them. */
char **
om_test_commands(void)
{
  Run r = run(NULL, "--help", NULL);
  g_assert_cmpint(r.status, ==, 0);
  GPtrArray *names = g_ptr_array_new();
  const char *p = strstr(r.out, "\nCommands:\n");
  g_assert_nonnull(p);
  char **lines = g_strsplit(p ? p + strlen("\nCommands:\n") : "", "\n", -1);
  for (guint i = 0; lines[i] && g_str_has_prefix(lines[i], "  "); i++) {
    char **words = g_strsplit_set(g_strstrip(lines[i]), " ", 2);
    g_ptr_array_add(names, g_strdup(words[0]));
    g_strfreev(words);
  }
  g_strfreev(lines);
  run_clear(&r);
  g_assert_cmpuint(names->len, >, 0);
  g_ptr_array_add(names, NULL);
  return (char **)g_ptr_array_free(names, FALSE);
}

static void
must_run(GString *failures, const char *what, Run r)
{
  if (r.status != 0) {
    if (failures)
      g_string_append_printf(failures, "%s: exit %d: %s", what, r.status, r.err);
    else
      g_error("making the sample store: %s: exit %d: %s", what, r.status, r.err);
  }
  run_clear(&r);
}

char *
om_test_sample_store(const char *dir, const char *name, gboolean with_institutions,
                     GString *failures)
{
  char *db = g_build_filename(dir, name, NULL);
  char *reg = om_test_source_path("sample-data/register.csv");
  must_run(failures, "init", run(dir, "init", "--db", db, NULL));
  must_run(failures, "register", run(dir, "register", "--db", db, reg, NULL));
  for (int g = 0; g < (with_institutions ? 2 : 1); g++) {
    const char *group = g == 0 ? "ouders" : "instellingen";
    char *ini = g_strdup_printf("surveys/%s.ini", group);
    char *survey = om_test_source_path(ini);
    char *f[4];
    for (int k = 0; k < 4; k++) {
      char *rel = g_strdup_printf("sample-data/%s-%d.csv", group, 2013 + k);
      f[k] = om_test_source_path(rel);
      g_free(rel);
    }
    char *what = g_strdup_printf("import %s", group);
    must_run(failures, what,
             run(dir, "import", "--db", db, "--survey", survey, f[0], f[1], f[2], f[3], NULL));
    g_free(what);
    for (int k = 0; k < 4; k++)
      g_free(f[k]);
    g_free(survey);
    g_free(ini);
  }
  g_free(reg);
  return db;
}

char *
om_test_import_fixture(const char *name)
{
  char *rel = g_build_filename("tests", "data", "import", name, NULL);
  char *path = om_test_source_path(rel);
  g_free(rel);
  return path;
}

void
om_test_import_fix_setup(OmTestImportFix *f, gboolean with_register)
{
  GError *e = NULL;
  f->dir = g_dir_make_tmp("om-test-import-XXXXXX", &e);
  g_assert_no_error(e);
  f->db = g_build_filename(f->dir, "store.db", NULL);
  f->store = om_store_open(f->db, OM_STORE_OPEN_OR_CREATE, &e);
  g_assert_no_error(e);
  char *sp = om_test_source_path("surveys/ouders.ini");
  f->survey = om_survey_new_from_file(sp, &e);
  g_assert_no_error(e);
  g_free(sp);
  if (!with_register)
    return;
  char *path = om_test_import_fixture("register.csv");
  OmRegister *reg = om_register_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_true(om_store_begin(f->store, &e));
  for (guint i = 0; i < om_register_size(reg); i++)
    g_assert_true(om_store_put_institution(f->store, om_register_get(reg, i), NULL, &e));
  g_assert_true(om_store_commit(f->store, &e));
  g_assert_no_error(e);
  om_register_free(reg);
  g_free(path);
}

void
om_test_import_fix_teardown(OmTestImportFix *f)
{
  om_store_free(f->store);
  om_survey_free(f->survey);
  om_test_rm_tree(f->dir);
  g_free(f->dir);
  g_free(f->db);
}
