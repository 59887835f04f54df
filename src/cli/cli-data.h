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
#define CLI_ANALYSIS_ARGS_INIT {NULL, 0.95, 10}
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

#endif
