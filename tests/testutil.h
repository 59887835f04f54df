/* testutil.h — helpers the test programs share (not part of the engine): paths in the
 * source tree, temporary directories, running the oudermonitor binary, the command list it
 * prints, and a store made from sample-data/. One copy here, none in the test files. */
#ifndef OUDERMONITOR_TESTUTIL_H
#define OUDERMONITOR_TESTUTIL_H

#include <glib.h>

/* The whole content of the SQLite file at `path` as text. Transfer full. */
char *om_test_dump_store(const char *path);

/* rel below the source tree ($OM_SOURCE_ROOT, else "."). Transfer full. */
char *om_test_source_path(const char *rel);
/* A new empty directory under the system's temporary directory. Transfer full. */
char *om_test_tmp_dir(void);
/* Removes path and everything below it (symbolic links are removed, not followed). */
void om_test_rm_tree(const char *path);
/* Line ends `eol` ("\n" or "\r\n") in s. */
guint om_test_count_lines(const char *s, const char *eol);
/* Whether program is on PATH. */
gboolean om_test_have(const char *program);

/* The oudermonitor binary of this build ($OM_BUILD_ROOT/src/oudermonitor). Transfer full. */
char *binary(void);

typedef struct {
  int status; /* exit code, or -1 when killed by a signal */
  char *out;
  char *err;
} Run;

/* Runs argv (argv[0] the program) in cwd with a fixed environment: C locale, no
 * OUDERMONITOR_DB. The binary itself tells LeakSanitizer about fontconfig's caches. */
Run run_argv(const char *cwd, char **argv);
/* run(cwd, "waves", "--db", db, NULL): the oudermonitor binary with these arguments. */
Run run(const char *cwd, ...) G_GNUC_NULL_TERMINATED;
/* The same with standard output sent to /dev/full (through /bin/sh). */
Run run_to_full(const char *cwd, ...) G_GNUC_NULL_TERMINATED;
void run_clear(Run *r);

/* The command names `oudermonitor --help` lists, in its order: the command table itself,
 * so that a test over every command covers a new one without being touched. Fails the
 * test when the list cannot be read. Transfer full (g_strfreev). */
char **om_test_commands(void);

/* Makes the store dir/name from sample-data/ with the binary: init, register, the four
 * parents' waves and, when with_institutions, the four institutions' waves. What failed
 * is appended to failures when not NULL, else ends the program (g_error). Returns the store's path.
 * Transfer full. */
char *om_test_sample_store(const char *dir, const char *name, gboolean with_institutions,
                           GString *failures);

/* An importer fixture: a fresh store in a temporary folder, surveys/ouders.ini, and (with
 * a register) the institutions of tests/data/import/register.csv stored. */
typedef struct {
  char *dir;
  char *db;
  struct OmStore *store;
  struct OmSurvey *survey; /* surveys/ouders.ini */
} OmTestImportFix;
/* tests/data/import/NAME. Transfer full. */
char *om_test_import_fixture(const char *name);
void om_test_import_fix_setup(OmTestImportFix *f, gboolean with_register);
void om_test_import_fix_teardown(OmTestImportFix *f);

#endif
