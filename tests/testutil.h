/* testutil.h — helpers the test programs share (not part of the engine). */
#ifndef OUDERMONITOR_TESTUTIL_H
#define OUDERMONITOR_TESTUTIL_H

#include <glib.h>

/* The whole content of the SQLite file at `path` as text. Transfer full. */
char *om_test_dump_store(const char *path);

#endif
