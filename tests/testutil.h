/* testutil.h — helpers the test programs share (not part of the engine). */
#ifndef OUDERMONITOR_TESTUTIL_H
#define OUDERMONITOR_TESTUTIL_H

#include <glib.h>

/* The whole content of the SQLite file at `path` as text. Transfer full. */
char *om_test_dump_store(const char *path);

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
void run_clear(Run *r);

#endif
