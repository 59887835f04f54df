/* evaluation.h — the evaluation run: what the store holds, read once, and every target
 * evaluated over every scope unit it applies to. The targets table, the charts and the
 * report all start from one OmEvaluation, so they can never disagree.
 *
 * Reads the store through its API and computes through stats/; never prints, never
 * exits, never writes a file: what a command would tell the user besides an error (a
 * target skipped for want of data) comes back as data (the warnings of om_evaluation_new).
 */
#ifndef OUDERMONITOR_EVALUATION_H
#define OUDERMONITOR_EVALUATION_H

#include "stats/analysis.h"
#include "stats/tally.h"
#include "stats/targets.h"
#include "store/store.h"

G_BEGIN_DECLS

/* What several commands load: the store (read-only), the register and the tally of each
 * respondent group, counted on first use and kept. */
typedef struct OmDataset OmDataset;

/* Opens the store at db read-only and reads its register. Returns NULL and fills error
 * (OM_ERROR_NOT_FOUND, OM_ERROR_STORE, …) when the store is missing, foreign or damaged.
 * Transfer full: free with om_dataset_free. */
OmDataset *om_dataset_open(const char *db, GError **error);
/* The same over a store the caller opened (e.g. with its own busy handler). Takes the store
 * (transfer full) whether it succeeds or not. */
OmDataset *om_dataset_new_for_store(OmStore *store, GError **error);
/* Accepts NULL. */
void om_dataset_free(OmDataset *d);
/* The distinct municipalities of the register (const char*, borrowed from d), sorted.
 * Transfer container: free the array with g_ptr_array_unref. */
GPtrArray *om_dataset_municipalities(OmDataset *d);
/* Restricts what om_dataset_institutions gives (and so every analysis and evaluation made
 * from d afterwards) to the institutions of one municipality; NULL = the whole register
 * (a region: every municipality pooled). The tallies are kept: they count per
 * institution, and an analysis only reads the institutions it is given. Returns FALSE
 * with OM_ERROR_NOT_FOUND when the register has no institution there (d unchanged).
 * Analyses made before stay valid (the earlier view is kept as long as d). */
gboolean om_dataset_select(OmDataset *d, const char *municipality, GError **error);
/* The municipality selected, NULL for the whole register. Transfer none. */
const char *om_dataset_municipality(OmDataset *d);
/* The same by school board (the register's optional column bestuur): the distinct boards
 * (empty ones left out; transfer container), a selection (as om_dataset_select; the total
 * of an evaluation is then named "Bestuur NAME" and covers the board's institutions in
 * every municipality; targets that name a municipality do not apply), and the board
 * selected (NULL when none). */
GPtrArray *om_dataset_boards(OmDataset *d);
gboolean om_dataset_select_board(OmDataset *d, const char *board, GError **error);
const char *om_dataset_board(OmDataset *d);
/* From now on tallies count the institutions of the current selection only (one
 * municipality of a national store reads its own counts alone). Only before the first
 * om_dataset_tally (afterwards it does nothing), and only when no later selection goes
 * beyond the current one: it would find no counts for the other institutions. */
void om_dataset_count_selected_only(OmDataset *d);
/* The register (OmInstitution) of the selected scope, transfer none; lives as long as d. */
const GArray *om_dataset_institutions(OmDataset *d);
/* The tally of a respondent group ("ouders" or "instellingen"), counted once and kept.
 * Returns NULL and fills error when it cannot be counted (OM_ERROR_NOT_FOUND: the store
 * has no wave of that group); a later call tries again, except after OM_ERROR_NOT_FOUND,
 * which is kept and given again (a copy) like a kept tally. Transfer none. */
const OmTally *om_dataset_tally(OmDataset *d, const char *group, GError **error);
/* The definition of the newest wave of `group`, read from the store on first use and
 * kept; NULL when the group has no wave (or its definition does not read). Unlike
 * om_dataset_tally it counts nothing. Transfer none. */
const OmSurvey *om_dataset_definition(OmDataset *d, const char *group);

/* The current selection of a dataset, kept as it is when the dataset selects another:
 * its institutions, municipality and board. An evaluation for a scope needs nothing else
 * of the dataset but its tallies, so several scopes can be evaluated on several threads
 * while the main thread selects the next. Transfer full: om_dataset_scope_free (accepts
 * NULL). The accessors give what om_dataset_institutions, _municipality and _board gave
 * then (transfer none). */
typedef struct OmDatasetScope OmDatasetScope;
OmDatasetScope *om_dataset_scope(OmDataset *d);
void om_dataset_scope_free(OmDatasetScope *s);
const GArray *om_dataset_scope_institutions(const OmDatasetScope *s);
const char *om_dataset_scope_municipality(const OmDatasetScope *s);
const char *om_dataset_scope_board(const OmDatasetScope *s);

/* One target evaluated for one scope unit. Every pointer borrows from the evaluation. */
typedef struct {
  const OmTarget *target;
  const OmAnalysis *analysis;
  const OmSeries *series;
  OmTargetResult result;
} OmEvaluationRow;

/* The run: the targets, an analysis per target and a row per target and scope unit. */
typedef struct OmEvaluation OmEvaluation;

/* Evaluates every target of the targets file at targets_path (not NULL) over every scope
 * unit it names, with the waves up to `year` (0 = each group's newest wave). A scope unit
 * with no respondent in any wave (care institutions in the parents' survey) gets no row;
 * the municipality always does. A target whose group has no wave in the store is skipped,
 * not an error: "target ID skipped: why" is appended to warnings (char*, transfer full:
 * give an array that frees with g_free; NULL = not wanted), also when a later target then
 * fails. Returns NULL and fills error when the targets file
 * cannot be read or is wrong, or an analysis fails (the message then starts with
 * "target ID: "). d is borrowed and must outlive the result. Transfer full: free with
 * om_evaluation_free. */
OmEvaluation *om_evaluation_new(OmDataset *d, const char *targets_path, int year,
                                const OmAnalysisOptions *opts, GPtrArray *warnings, GError **error);
/* The same for a scope taken earlier with om_dataset_scope. Safe on several threads at
 * once, also while the main thread selects other scopes of d: it reads d only for its
 * tallies, each counted once under the dataset's lock. d must outlive the result. */
OmEvaluation *om_evaluation_new_for_scope(OmDataset *d, const OmDatasetScope *scope,
                                          const char *targets_path, int year,
                                          const OmAnalysisOptions *opts, GPtrArray *warnings,
                                          GError **error);
/* Accepts NULL. */
void om_evaluation_free(OmEvaluation *ev);

/* The targets file as read, transfer none. */
const OmTargetSet *om_evaluation_targets(const OmEvaluation *ev);
/* The index of target t in om_evaluation_targets(ev); t must be one of them. */
guint om_evaluation_target_index(const OmEvaluation *ev, const OmTarget *t);
/* The analysis of target number t, NULL when the target was skipped. Transfer none. */
const OmAnalysis *om_evaluation_analysis(const OmEvaluation *ev, guint t);
/* The evaluation year used for target number t (0 when it was skipped). */
int om_evaluation_year(const OmEvaluation *ev, guint t);
/* The analysis options of the run, transfer none. */
const OmAnalysisOptions *om_evaluation_options(const OmEvaluation *ev);
/* The rows, target by target (in the file's order) and within a target in series order:
 * municipality, sectors, institutions. Row i < n_rows, transfer none. */
guint om_evaluation_n_rows(const OmEvaluation *ev);
const OmEvaluationRow *om_evaluation_row(const OmEvaluation *ev, guint i);
/* The rows of one scope unit (kind, id), in row order (target by target); *n gets their
 * number, 0 when the unit has none. Looked up in an index made with the run, so a loop
 * over thousands of units stays linear. Transfer none. */
const OmEvaluationRow *const *om_evaluation_unit_rows(const OmEvaluation *ev, OmScopeKind kind,
                                                      const char *id, guint *n);
/* The lowest share any chart of these rows shows: the lowest target, projection lower
 * bound and point lower bound (the estimate where a point has none) up to each target's
 * evaluation year, over the rows of institutions (institutions TRUE) or of the
 * municipality and sectors (FALSE), of the parents' survey (parents TRUE) or of the
 * other survey; 1.0 when there are none. Computed once with the run. */
double om_evaluation_share_floor(const OmEvaluation *ev, gboolean institutions, gboolean parents);

/* Why a point shows no share or what to know about its interval: "te weinig respons
 * (n=7 < 10)", the Korn–Graubard fallback, respondent weighting; "" when there is nothing
 * to say. Never fails. Transfer full. */
/* "Gemeente Lindeveen": the municipality the register names, never one target's (possibly
 * sector-limited) scope; "Gemeente" when the register names none. Transfer none. */
const char *om_evaluation_municipality(const OmEvaluation *ev);
/* The register (GArray of OmInstitution) the run was evaluated against. Transfer none. */
const GArray *om_evaluation_institutions(const OmEvaluation *ev);
/* The tally target t was evaluated on (its waves, respondents and survey definition);
 * NULL for a skipped target. Owned by the dataset, which must outlive ev. Transfer none. */
const OmTally *om_evaluation_tally(const OmEvaluation *ev, guint t);

char *om_evaluation_point_note(const OmPoint *p, const OmAnalysisOptions *o, OmLang lang);

G_END_DECLS

#endif
