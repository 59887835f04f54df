/* cli-data.h — the options of the commands that analyse the store, and the evaluation run
 * as the commands start it (warnings printed). Private to the command. */
#ifndef OUDERMONITOR_CLI_DATA_H
#define OUDERMONITOR_CLI_DATA_H

#include "present/evaluation.h"

typedef struct {
  char *ci;
  double level;
  int min_n;
} CliAnalysisArgs;
#define CLI_ANALYSIS_ARGS_INIT                                                                     \
  {                                                                                                \
    NULL, 0.95, 10                                                                                 \
  }
void cli_add_analysis_options(GOptionContext *ctx, CliAnalysisArgs *args);
/* Fills out; frees args' strings either way. */
gboolean cli_check_analysis_options(GOptionContext *ctx, CliAnalysisArgs *args,
                                    OmAnalysisOptions *out, int *status);

/* The default targets file: surveys/targets.ini here, else the one beside the sources. */
const char *cli_default_targets(void);

/* Opens the store at db and evaluates the targets file (NULL = cli_default_targets()),
 * printing the run's warnings to stderr. Returns the run and sets *data, or prints the
 * error, sets *status to its exit code and returns NULL (*data then NULL too). Transfer
 * full of both: free the run before the dataset. */
OmEvaluation *cli_evaluation_open(const char *db, const char *targets_path, int year,
                                  const OmAnalysisOptions *opts, OmDataset **data, int *status);

/* --gemeente NAME|all and --scope gemeente|regio: which municipalities a command runs for. */
typedef struct {
  char *gemeente;
  char *bestuur; /* --bestuur NAME|all: school boards instead of municipalities */
  char *scope;
  gboolean quiet;
} CliScopeArgs;
/* with_quiet: also --quiet (chart and report have their own). */
void cli_add_scope_options(GOptionContext *ctx, CliScopeArgs *args, gboolean with_quiet);
void cli_scope_args_clear(CliScopeArgs *args);
/* The scopes to run, in order: municipality names (char*, borrowed from data), or one NULL
 * for the whole register (a register of one municipality, or --scope regio). With several
 * municipalities and no option, every municipality on its own: never one pooled total.
 * Prints a usage error or an unknown municipality, sets *status and returns NULL.
 * Transfer container. */
GPtrArray *cli_scopes(GOptionContext *ctx, OmDataset *data, const CliScopeArgs *args, int *status);
/* Selects scope i of cli_scopes in data (a municipality, or a board under --bestuur);
 * prints the error and sets *status on failure. */
gboolean cli_scope_select(OmDataset *data, const CliScopeArgs *args, GPtrArray *scopes, guint i,
                          int *status);
/* Evaluates the targets over the dataset's selected scope, printing warnings like
 * cli_evaluation_open. Transfer full. */
OmEvaluation *cli_evaluation_run(OmDataset *data, const char *targets_path, int year,
                                 const OmAnalysisOptions *opts, int *status);
/* The same for a scope taken with om_dataset_scope, on any thread: warnings are said once
 * (under a lock), an error comes back in *error and nothing is printed of it. */
OmEvaluation *cli_evaluation_run_scope(OmDataset *data, const OmDatasetScope *scope,
                                       const char *targets_path, int year,
                                       const OmAnalysisOptions *opts, GError **error);

/* Work on every scope, on `threads` cores (0 = all): the main thread selects scope m in
 * turn, takes its OmDatasetScope and hands it to a worker, which calls func(data, scope, m,
 * user). At most two scopes a worker wait, so a national run holds a few scopes' work at a
 * time. func must not select or free data, and reports its own failures through user.
 * Returns FALSE (with the error printed and *status set) when a selection fails; then the
 * scopes already handed out are still finished before it returns. */
typedef void (*CliScopeFunc)(OmDataset *data, const OmDatasetScope *scope, guint m, gpointer user);
gboolean cli_scopes_run(OmDataset *data, const CliScopeArgs *args, GPtrArray *scopes, int threads,
                        CliScopeFunc func, gpointer user, int *status);

/* Scope i's municipality: its name, or for the whole register the one municipality it
 * holds (NULL for a region of several). Transfer none (borrowed from data). */
const char *cli_scope_name(OmDataset *data, GPtrArray *scopes, guint i);
/* A municipality's name as a file or folder name: letters, digits, '-' (lower case). */
char *cli_scope_slug(const char *municipality);

/* Progress on stderr for a step that may take over a second: nothing in its first second,
 * nothing when quiet or stderr is not a terminal, at most ten updates a second. */
typedef struct {
  const char *what;
  gint64 start, last;
  gboolean on, shown;
} CliProgress;
void cli_progress_init(CliProgress *p, const char *what, gboolean quiet);
void cli_progress(CliProgress *p, guint done, guint total);
/* Clears the line if anything was shown. */
void cli_progress_end(CliProgress *p);

/* The options of R survey's design that every design-based command takes, spelled as R
 * spells them, and --verbose for the numbers behind each interval in text output. */
typedef struct {
  char *fpc, *lonely, *df, *method;
  gboolean verbose;
} CliDesignArgs;

/* --fpc, --lonely, --df, --method (with_method) and --verbose (with_verbose). */
void cli_add_design_options(GOptionContext *ctx, CliDesignArgs *d, gboolean with_method,
                            gboolean with_verbose);
void cli_design_args_clear(CliDesignArgs *d);
/* Applies the given words to o; a usage error (and FALSE) on a wrong word. */
gboolean cli_check_design_options(GOptionContext *ctx, const CliDesignArgs *d, OmAnalysisOptions *o,
                                  int *status);
/* What the command line left out, from the [design] group of the definition of `group`'s
 * newest wave, applied to o (the command line wins). TRUE when there is nothing to take. */
gboolean cli_design_from_definition(GOptionContext *ctx, OmDataset *data, const char *group,
                                    CliDesignArgs *d, OmAnalysisOptions *o, int *status);

#endif
