/* cli.h — what the sub-command files of the oudermonitor command share: exit codes,
 * common options, error reporting. Private to the command; not part of the library. */
#ifndef OUDERMONITOR_CLI_H
#define OUDERMONITOR_CLI_H

#include <glib.h>

#include "base/format.h"
#include "store/store.h"

/* Exit codes (documented in README.md). */
enum {
  OM_EXIT_OK = 0,
  OM_EXIT_DATA = 1,    /* bad input data or definition: nothing was stored */
  OM_EXIT_USAGE = 2,   /* wrong options or arguments */
  OM_EXIT_STORE = 3,   /* the store is missing, foreign or damaged */
  OM_EXIT_IO = 4,      /* a file could not be read or written */
  OM_EXIT_TARGETS = 5, /* targets --fail-on: a target has the named status */
  OM_EXIT_FAILURE = 1
};

typedef enum { CLI_FORMAT_TEXT, CLI_FORMAT_CSV, CLI_FORMAT_JSON } CliFormat;

/* Options most listing commands take: --db, --format, --lang, --out. */
typedef struct {
  char *db;
  char *format_name;
  char *lang_name;
  char *out;
  gboolean raw; /* --raw: CSV text cells without formula neutralisation */
  CliFormat format;
  OmLang lang;
} CliCommon;
#define CLI_COMMON_INIT                                                                            \
  {                                                                                                \
    NULL, NULL, NULL, NULL, FALSE, CLI_FORMAT_TEXT, OM_LANG_NL                                     \
  }

extern const char *cli_prog;

GOptionContext *cli_context(const char *command, const char *args, const char *summary,
                            const char *description);

/* Every option table goes through cli_add_entries (the macro below makes it impossible to
 * forget): G_OPTION_ARG_INT and G_OPTION_ARG_DOUBLE options are then parsed strictly —
 * the whole value must be a number (no "12abc", no hexadecimal), a double must be finite
 * (no nan, no inf), an int must fit — and refused with exit 2 and a message naming the
 * option. cli_option_given says whether the user named an option, so that a value equal to
 * the default (--population 0) is checked rather than silently ignored. */
void cli_add_entries(GOptionContext *ctx, const GOptionEntry *entries, const char *domain);
#define g_option_context_add_main_entries(ctx, entries, domain)                                    \
  cli_add_entries((ctx), (entries), (domain))
/* TRUE when the option with this long name was on the command line. */
gboolean cli_option_given(const char *long_name);
gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv, int *status);
/* Adds --db (when with_db), --format, --lang, --out and --raw to ctx, filling common. */
void cli_add_common_options(GOptionContext *ctx, CliCommon *common, gboolean with_db);
/* Checks --format and --lang; prints a usage error and sets *status on failure. */
gboolean cli_check_common(GOptionContext *ctx, CliCommon *common, int *status);
void cli_common_clear(CliCommon *common);
const char *cli_db(const CliCommon *common);
const char *cli_default_db(void);
/* Opens a store, says on stderr when it waits for another import or reads a store whose
 * folder cannot be written. Transfer full. */
OmStore *cli_open_store(const char *path, OmStoreMode mode, GError **error);
/* The read-only dataset of the statistics commands, over cli_open_store (so a busy store
 * waits with a message and a read-only one says so). Transfer full. */
struct OmDataset *cli_dataset_open(const char *path, GError **error);

int cli_exit_for_error(const GError *e);
/* Prints "oudermonitor: message" and returns the exit code for it; frees e. */
int cli_fail(GError *e);
int cli_usage_error(GOptionContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Sub-commands in other files. */
int cli_cmd_ci(int argc, char **argv);
int cli_cmd_diff(int argc, char **argv);
int cli_cmd_stats(int argc, char **argv);
int cli_cmd_targets(int argc, char **argv);
int cli_cmd_plan(int argc, char **argv);
int cli_cmd_chart(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);

#endif
