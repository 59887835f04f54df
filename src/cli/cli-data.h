/* cli-data.h — what several commands load: the store, the register, tallies per group,
 * the analysis options and the evaluation of every target. Private to the command. */
#ifndef OUDERMONITOR_CLI_DATA_H
#define OUDERMONITOR_CLI_DATA_H

#include "stats/analysis.h"
#include "store/store.h"
#include "stats/tally.h"
#include "stats/targets.h"

typedef struct CliData CliData;

CliData *cli_data_open(const char *db, GError **error);
void cli_data_free(CliData *d);
const GArray *cli_data_institutions(CliData *d);
/* Counted once per group and kept. Transfer none. */
const OmTally *cli_data_tally(CliData *d, const char *group, GError **error);

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

typedef struct {
  const OmTarget *target;
  const OmAnalysis *analysis;
  const OmSeries *series;
  OmTargetResult result;
} CliTargetRow;

typedef struct {
  OmTargetSet *targets;
  GPtrArray *analyses; /* OmAnalysis*, one per target, same order */
  GPtrArray *rows;     /* CliTargetRow*, target by target, in series order */
  int *eval_year;      /* per target */
  OmAnalysisOptions opts;
} CliTargetRun;

/* The default targets file: surveys/targets.ini here, else the one beside the sources. */
const char *cli_default_targets(void);
CliTargetRun *cli_target_run_new(CliData *d, const char *targets_path, int year,
                                 const OmAnalysisOptions *opts, GError **error);
void cli_target_run_free(CliTargetRun *run);

/* "te weinig respons (n=7 < 10)", Korn–Graubard fallback, respondent weighting; "" when
 * there is nothing to say. Transfer full. */
char *cli_point_note(const OmPoint *p, const OmAnalysisOptions *o, OmLang lang);

#endif
