/* testutil.c — helpers the test programs share. */
#include "testutil.h"

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
  g_assert_cmpint(sqlite3_prepare_v2(db,
                                     "SELECT type, name, sql FROM sqlite_schema ORDER BY name",
                                     -1, &q, NULL), ==, SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    g_string_append_printf(out, "schema %s %s %s\n", sqlite3_column_text(q, 0),
                           sqlite3_column_text(q, 1), sqlite3_column_text(q, 2));
    if (strcmp((const char *)sqlite3_column_text(q, 0), "table") == 0)
      g_ptr_array_add(tables, g_strdup((const char *)sqlite3_column_text(q, 1)));
  }
  sqlite3_finalize(q);
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                         " (SELECT application_id FROM pragma_application_id)",
                                     -1, &q, NULL), ==, SQLITE_OK);
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
  Run r = {0, NULL, NULL};
  int wait_status = 0;
  GError *e = NULL;
  gboolean ok = g_spawn_sync(cwd, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err,
                             &wait_status, &e);
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

Run
run(const char *cwd, ...)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(a, binary());
  va_list ap;
  va_start(ap, cwd);
  const char *s;
  while ((s = va_arg(ap, const char *)))
    g_ptr_array_add(a, g_strdup(s));
  va_end(ap);
  g_ptr_array_add(a, NULL);
  Run r = run_argv(cwd, (char **)a->pdata);
  g_ptr_array_unref(a);
  return r;
}
