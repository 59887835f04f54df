/* evaluation.c — the evaluation run: the store's register and tallies loaded once, every
 * target evaluated over every scope unit, and the note a point carries.
 *
 * Never prints or exits: a target skipped for want of data becomes a warning in the
 * result, every failure a GError.
 */
#include "base/group.h"
#include "present/evaluation.h"

#include <math.h>
#include <string.h>

/* ---- the dataset ----------------------------------------------------------------------- */

struct OmDataset {
  OmStore *store;
  GArray *register_all;    /* the whole register */
  GArray *institutions;    /* the selected scope: register_all or one municipality's part */
  char *municipality;      /* the selected municipality, NULL = the whole register */
  char *board;             /* or the selected school board (register column bestuur) */
  GPtrArray *views;        /* every view handed out, kept until d is freed */
  GPtrArray *only;         /* om_dataset_count_selected_only: the codes tallies count; NULL = all */
  OmTally *tally[2];       /* ouders, instellingen */
  GError *no_tally[2];     /* why a group has no tally (no waves): told again, not re-read */
  gboolean read_only;      /* a store opened read-only: a tally may read over a second
                            * connection */
  OmSurvey *definition[2]; /* the newest wave's definition per group, read on first use */
  GHashTable *parts[2];    /* municipality, board -> GArray of its institutions (register
                            * order), made on the first selection */
  GMutex lock;             /* every use of the store: a tally counted or its distributions
                            * read, a definition read, whichever thread asks first */
};

static const char *dataset_scope_municipality(OmDataset *d);

/* A selection as it was made (om_dataset_scope): what an evaluation needs of it. */
struct OmDatasetScope {
  GArray *institutions; /* a reference on the view */
  char *municipality, *board;
  char *lies_in; /* the one municipality the institutions lie in, NULL when several */
};

OmDataset *
om_dataset_open(const char *db, GError **error)
{
  OmStore *st = om_store_open(db, OM_STORE_READONLY, error);
  return st ? om_dataset_new_for_store(st, error) : NULL;
}

OmDataset *
om_dataset_new_for_store(OmStore *store, GError **error)
{
  OmDataset *d = g_new0(OmDataset, 1);
  d->store = store;
  d->read_only = om_store_is_read_only(store);
  if (!(d->register_all = om_store_institutions(d->store, error))) {
    om_dataset_free(d);
    return NULL;
  }
  d->institutions = g_array_ref(d->register_all);
  d->views = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  g_mutex_init(&d->lock);
  return d;
}

void
om_dataset_free(OmDataset *d)
{
  if (!d)
    return;
  om_tally_free(d->tally[0]);
  om_tally_free(d->tally[1]);
  g_clear_error(&d->no_tally[0]);
  g_clear_error(&d->no_tally[1]);
  om_survey_free(d->definition[0]);
  om_survey_free(d->definition[1]);
  if (d->institutions)
    g_array_unref(d->institutions);
  if (d->register_all)
    g_array_unref(d->register_all);
  g_free(d->municipality);
  g_free(d->board);
  if (d->views)
    g_ptr_array_unref(d->views);
  if (d->only)
    g_ptr_array_unref(d->only);
  for (int i = 0; i < 2; i++)
    if (d->parts[i])
      g_hash_table_unref(d->parts[i]);
  om_store_free(d->store);
  g_mutex_clear(&d->lock);
  g_free(d);
}

const GArray *
om_dataset_institutions(OmDataset *d)
{
  return d->institutions;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return g_utf8_collate(*(const char *const *)a, *(const char *const *)b);
}

static const char *
municipality_of(const OmInstitution *in)
{
  return in->municipality ? in->municipality : "";
}

static const char *
board_of(const OmInstitution *in)
{
  return in->board ? in->board : "";
}

/* The distinct non-empty values of a register column, sorted. */
static GPtrArray *
distinct(OmDataset *d, const char *(*of)(const OmInstitution *), gboolean keep_empty)
{
  GPtrArray *names = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < d->register_all->len; i++) {
    const char *m = of(&g_array_index(d->register_all, OmInstitution, i));
    if ((keep_empty || *m) && g_hash_table_add(seen, (gpointer)m))
      g_ptr_array_add(names, (gpointer)m);
  }
  g_hash_table_unref(seen);
  g_ptr_array_sort(names, compare_names);
  return names;
}

GPtrArray *
om_dataset_municipalities(OmDataset *d)
{
  return distinct(d, municipality_of, TRUE);
}

GPtrArray *
om_dataset_boards(OmDataset *d)
{
  return distinct(d, board_of, FALSE);
}

/* The institutions whose column `of` is `value`, in register order, or NULL when none;
 * every value's part is made in one pass over the register on first use (a national run
 * selects each of 340 municipalities). Transfer none. */
static GArray *
part_of(OmDataset *d, int which, const char *(*of)(const OmInstitution *), const char *value)
{
  if (!d->parts[which]) {
    d->parts[which]
        = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_array_unref);
    for (guint i = 0; i < d->register_all->len; i++) {
      const OmInstitution *in = &g_array_index(d->register_all, OmInstitution, i);
      GArray *part = g_hash_table_lookup(d->parts[which], of(in));
      if (!part) {
        part = g_array_new(FALSE, FALSE, sizeof(OmInstitution));
        g_hash_table_insert(d->parts[which], (gpointer)of(in), part);
      }
      g_array_append_vals(part, in, 1); /* borrows the strings of register_all */
    }
  }
  return g_hash_table_lookup(d->parts[which], value);
}

/* Restricts the view to the institutions whose column `of` is `value` (NULL: all). */
static gboolean
select_by(OmDataset *d, int which, const char *(*of)(const OmInstitution *), const char *value,
          const char *what, GError **error)
{
  GArray *part = NULL;
  if (value && !(part = part_of(d, which, of, value))) {
    g_set_error(error, OM_ERROR, OM_ERROR_NOT_FOUND,
                "the register has no institution in %s '%s'; 'oudermonitor institutions' "
                "lists them",
                what, value);
    return FALSE;
  }
  g_ptr_array_add(d->views, d->institutions); /* an earlier analysis may still point in */
  d->institutions = g_array_ref(part ? part : d->register_all);
  g_clear_pointer(&d->municipality, g_free);
  g_clear_pointer(&d->board, g_free);
  return TRUE;
}

gboolean
om_dataset_select(OmDataset *d, const char *municipality, GError **error)
{
  if (!select_by(d, 0, municipality_of, municipality, "municipality", error))
    return FALSE;
  d->municipality = g_strdup(municipality);
  return TRUE;
}

gboolean
om_dataset_select_board(OmDataset *d, const char *board, GError **error)
{
  if (!select_by(d, 1, board_of, board, "school board", error))
    return FALSE;
  d->board = g_strdup(board);
  return TRUE;
}

void
om_dataset_count_selected_only(OmDataset *d)
{
  if (d->tally[0] || d->tally[1] || d->only)
    return; /* counted already: keep what there is */
  d->only = g_ptr_array_new();
  for (guint i = 0; i < d->institutions->len; i++)
    g_ptr_array_add(d->only, g_array_index(d->institutions, OmInstitution, i).code);
}

const char *
om_dataset_board(OmDataset *d)
{
  return d->board;
}

const char *
om_dataset_municipality(OmDataset *d)
{
  return d->municipality;
}

const OmTally *
om_dataset_tally(OmDataset *d, const char *group, GError **error)
{
  OmGroup g = OM_GROUP_OUDERS;
  (void)om_group_from_key(group, &g);
  int k = g == OM_GROUP_OUDERS ? 0 : 1;
  g_mutex_lock(&d->lock);
  if (d->no_tally[k]) {
    /* A group without waves has none for the whole run: every scope's evaluation asks. */
    g_propagate_error(error, g_error_copy(d->no_tally[k]));
    g_mutex_unlock(&d->lock);
    return NULL;
  }
  GError *e = NULL;
  if (!d->tally[k]) {
    d->tally[k] = d->only ? om_tally_new_for(d->store, group, (const char *const *)d->only->pdata,
                                             d->only->len, &e)
                  : d->read_only
                      ? om_tally_new_read_only(d->store, group, OM_TALLY_PARALLEL_RESPONDENTS, &e)
                      : om_tally_new(d->store, group, &e);
    if (e && g_error_matches(e, OM_ERROR, OM_ERROR_NOT_FOUND))
      d->no_tally[k] = g_error_copy(e);
  }
  if (d->tally[k]) /* its distributions are read under our lock: one store, one user */
    om_tally_share_lock(d->tally[k], &d->lock);
  const OmTally *t = d->tally[k];
  g_mutex_unlock(&d->lock);
  if (e)
    g_propagate_error(error, e);
  return t;
}

const OmSurvey *
om_dataset_definition(OmDataset *d, const char *group)
{
  OmGroup g = OM_GROUP_OUDERS;
  (void)om_group_from_key(group, &g);
  int k = g == OM_GROUP_OUDERS ? 0 : 1;
  g_mutex_lock(&d->lock);
  if (!d->definition[k]) {
    /* Waves come ordered by year: the last one's definition is the newest. */
    GArray *waves = om_store_waves(d->store, group, NULL);
    if (waves && waves->len > 0)
      d->definition[k]
          = om_store_wave_survey(d->store, g_array_index(waves, OmWave, waves->len - 1).id, NULL);
    if (waves)
      g_array_unref(waves);
  }
  const OmSurvey *sv = d->definition[k];
  g_mutex_unlock(&d->lock);
  return sv;
}

OmDatasetScope *
om_dataset_scope(OmDataset *d)
{
  OmDatasetScope *s = g_new0(OmDatasetScope, 1);
  s->institutions = g_array_ref(d->institutions);
  s->municipality = g_strdup(d->municipality);
  s->board = g_strdup(d->board);
  s->lies_in = g_strdup(dataset_scope_municipality(d));
  return s;
}

void
om_dataset_scope_free(OmDatasetScope *s)
{
  if (!s)
    return;
  g_array_unref(s->institutions);
  g_free(s->municipality);
  g_free(s->board);
  g_free(s->lies_in);
  g_free(s);
}

const GArray *
om_dataset_scope_institutions(const OmDatasetScope *s)
{
  return s->institutions;
}

const char *
om_dataset_scope_municipality(const OmDatasetScope *s)
{
  return s->municipality;
}

const char *
om_dataset_scope_board(const OmDatasetScope *s)
{
  return s->board;
}

/* ---- the run --------------------------------------------------------------------------- */

struct OmEvaluation {
  OmTargetSet *targets;
  GPtrArray *analyses; /* OmAnalysis*, one per target, same order; NULL = target skipped */
  GPtrArray *rows;     /* OmEvaluationRow*, target by target, in series order */
  int *eval_year;      /* per target */
  OmAnalysisOptions opts;
  GArray *institutions; /* the register (a reference on the dataset's array) */
  GPtrArray *tallies;   /* const OmTally* per target (the dataset's; NULL = skipped) */
  char *municipality;   /* "Gemeente Lindeveen", from the register, never a target's scope */
  GHashTable *units;    /* "kind:id" -> GPtrArray of the unit's rows, in row order */
  double floor[2][2];   /* share floor by [institutions?][parents' survey?] */
};

/* "Gemeente X" for the first institution that names its municipality; "Gemeente" alone
 * when none does. Transfer full. */
static char *
municipality_name(const GArray *institutions)
{
  for (guint i = 0; institutions && i < institutions->len; i++) {
    const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
    if (in->municipality && *in->municipality)
      return g_strdup_printf("Gemeente %s", in->municipality);
  }
  return g_strdup("Gemeente");
}

static void
row_free(gpointer p)
{
  OmEvaluationRow *r = p;
  om_target_result_clear(&r->result);
  g_free(r);
}

/* A sector or institution that was never in this survey (care institutions in the
 * parents' survey) has nothing to report; one that answered once does. */
static gboolean
has_respondents(const OmSeries *s)
{
  for (guint i = 0; i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->n + p->dont_know + p->blank > 0)
      return TRUE;
  }
  return FALSE;
}

/* The one municipality the selected institutions lie in, NULL when they span several. */
static const char *
dataset_scope_municipality(OmDataset *d)
{
  if (d->municipality || d->board)
    return d->municipality;
  GPtrArray *names = om_dataset_municipalities(d);
  const char *one = names->len == 1 ? g_ptr_array_index(names, 0) : NULL;
  g_ptr_array_unref(names);
  return one;
}

static char *
unit_key(OmScopeKind kind, const char *id)
{
  return g_strdup_printf("%d:%s", (int)kind, id);
}

/* The lowest share a chart of row r shows: its target, its projection's lower bound and
 * the lower bound (or estimate) of every point up to its evaluation year. */
static double
row_floor(const OmEvaluation *run, const OmEvaluationRow *r)
{
  int until = run->eval_year[om_evaluation_target_index(run, r->target)];
  double lo = r->target->threshold;
  if (r->result.has_projection && isfinite(r->result.projection.lower))
    lo = MIN(lo, r->result.projection.lower);
  for (guint k = 0; k < r->series->points->len; k++) {
    const OmPoint *p = &g_array_index(r->series->points, OmPoint, k);
    if (p->year <= until && p->has_share)
      lo = MIN(lo, isfinite(p->lower) ? p->lower : p->estimate);
  }
  return lo;
}

/* What the charts and the report look up per scope unit and per chart family, indexed
 * once, so that a national run with thousands of units stays linear. */
static void
index_rows(OmEvaluation *run)
{
  run->units
      = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  for (int i = 0; i < 2; i++)
    run->floor[i][0] = run->floor[i][1] = 1.0;
  for (guint i = 0; i < run->rows->len; i++) {
    const OmEvaluationRow *r = g_ptr_array_index(run->rows, i);
    char *key = unit_key(r->series->kind, r->series->id);
    GPtrArray *rows = g_hash_table_lookup(run->units, key);
    if (rows == NULL) {
      rows = g_ptr_array_new();
      g_hash_table_insert(run->units, key, rows);
    } else {
      g_free(key);
    }
    g_ptr_array_add(rows, (gpointer)r);
    double *f
        = &run->floor[r->series->kind == OM_SCOPE_INSTELLING][r->target->kind == OM_GROUP_OUDERS];
    *f = MIN(*f, row_floor(run, r));
  }
}

OmEvaluation *
om_evaluation_new(OmDataset *d, const char *targets_path, int year, const OmAnalysisOptions *opts,
                  GPtrArray *warnings, GError **error)
{
  OmDatasetScope *scope = om_dataset_scope(d);
  OmEvaluation *run
      = om_evaluation_new_for_scope(d, scope, targets_path, year, opts, warnings, error);
  om_dataset_scope_free(scope);
  return run;
}

OmEvaluation *
om_evaluation_new_for_scope(OmDataset *d, const OmDatasetScope *sc, const char *targets_path,
                            int year, const OmAnalysisOptions *opts, GPtrArray *warnings,
                            GError **error)
{
  OmEvaluation *run = g_new0(OmEvaluation, 1);
  run->opts = *opts;
  run->analyses = g_ptr_array_new_with_free_func((GDestroyNotify)om_analysis_free);
  run->rows = g_ptr_array_new_with_free_func(row_free);
  run->institutions = g_array_ref(sc->institutions);
  run->tallies = g_ptr_array_new();
  run->municipality = municipality_name(sc->institutions);
  if (!(run->targets = om_targets_new_from_file(targets_path, error))) {
    om_evaluation_free(run);
    return NULL;
  }
  guint n = om_targets_size(run->targets);
  run->eval_year = g_new0(int, n);
  const char *scope = sc->lies_in;
  for (guint i = 0; i < n; i++) {
    const OmTarget *t = om_targets_get(run->targets, i);
    GError *e = NULL;
    if (t->municipality && g_strcmp0(t->municipality, scope) != 0) {
      g_ptr_array_add(run->analyses, NULL); /* another municipality's target */
      continue;
    }
    const OmTally *tally = om_dataset_tally(d, t->group, &e);
    if (!tally && g_error_matches(e, OM_ERROR, OM_ERROR_NOT_FOUND)) {
      /* A store with only the parents' waves (yet) still has targets to evaluate. */
      if (warnings)
        g_ptr_array_add(warnings, g_strdup_printf("target %s skipped: %s", t->id, e->message));
      g_clear_error(&e);
      g_ptr_array_add(run->analyses, NULL);
      g_ptr_array_add(run->tallies, NULL);
      continue;
    }
    if (!tally)
      g_propagate_error(error, e);
    int newest = tally ? om_tally_wave(tally, om_tally_n_waves(tally) - 1)->year : 0;
    int oldest = tally ? om_tally_wave(tally, 0)->year : 0;
    if (tally && year && (year > newest || year < oldest)) {
      /* Never evaluate a year silently on another wave's data. */
      g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                  "evaluation year %d has no wave of %s: its waves run from %d to %d (use --year "
                  "%d or leave --year out for the newest)",
                  year, t->group, oldest, newest, newest);
      om_evaluation_free(run);
      return NULL;
    }
    OmAnalysis *a = tally ? om_analysis_new(tally, sc->institutions, t->indicator,
                                            (const char *const *)t->sectors, opts, error)
                          : NULL;
    if (!a) {
      g_prefix_error(error, "target %s: ", t->id);
      om_evaluation_free(run);
      return NULL;
    }
    if (sc->board)
      om_analysis_set_total_name(a, sc->board);
    g_ptr_array_add(run->analyses, a);
    g_ptr_array_add(run->tallies, (gpointer)tally);
    int eval = year ? year : om_tally_wave(tally, om_tally_n_waves(tally) - 1)->year;
    run->eval_year[i] = eval;
    for (guint s = 0; s < om_analysis_n_series(a); s++) {
      const OmSeries *series = om_analysis_series(a, s);
      if (!t->scopes[series->kind]
          || (series->kind != OM_SCOPE_GEMEENTE && !has_respondents(series)))
        continue;
      OmEvaluationRow *r = g_new0(OmEvaluationRow, 1);
      r->target = t;
      r->analysis = a;
      r->series = series;
      om_target_evaluate(t, series, eval, opts->level, &r->result);
      g_ptr_array_add(run->rows, r);
    }
  }
  index_rows(run);
  return run;
}

void
om_evaluation_free(OmEvaluation *run)
{
  if (!run)
    return;
  g_ptr_array_unref(run->rows);
  g_ptr_array_unref(run->analyses);
  om_targets_free(run->targets);
  g_free(run->eval_year);
  if (run->institutions)
    g_array_unref(run->institutions);
  if (run->tallies)
    g_ptr_array_unref(run->tallies);
  g_free(run->municipality);
  if (run->units)
    g_hash_table_unref(run->units);
  g_free(run);
}

const char *
om_evaluation_municipality(const OmEvaluation *ev)
{
  return ev->municipality;
}

const GArray *
om_evaluation_institutions(const OmEvaluation *ev)
{
  return ev->institutions;
}

const OmTally *
om_evaluation_tally(const OmEvaluation *ev, guint t)
{
  return t < ev->tallies->len ? g_ptr_array_index(ev->tallies, t) : NULL;
}

const OmTargetSet *
om_evaluation_targets(const OmEvaluation *ev)
{
  return ev->targets;
}

guint
om_evaluation_target_index(const OmEvaluation *ev, const OmTarget *t)
{
  guint i = 0;
  while (om_targets_get(ev->targets, i) != t)
    i++;
  return i;
}

const OmAnalysis *
om_evaluation_analysis(const OmEvaluation *ev, guint t)
{
  return g_ptr_array_index(ev->analyses, t);
}

int
om_evaluation_year(const OmEvaluation *ev, guint t)
{
  return ev->eval_year[t];
}

const OmAnalysisOptions *
om_evaluation_options(const OmEvaluation *ev)
{
  return &ev->opts;
}

guint
om_evaluation_n_rows(const OmEvaluation *ev)
{
  return ev->rows->len;
}

const OmEvaluationRow *
om_evaluation_row(const OmEvaluation *ev, guint i)
{
  return g_ptr_array_index(ev->rows, i);
}

const OmEvaluationRow *const *
om_evaluation_unit_rows(const OmEvaluation *ev, OmScopeKind kind, const char *id, guint *n)
{
  static const OmEvaluationRow *const none[1] = { NULL };
  char *key = unit_key(kind, id);
  GPtrArray *rows = g_hash_table_lookup(ev->units, key);
  g_free(key);
  *n = rows ? rows->len : 0;
  return rows ? (const OmEvaluationRow *const *)rows->pdata : none;
}

double
om_evaluation_share_floor(const OmEvaluation *ev, gboolean institutions, gboolean parents)
{
  return ev->floor[institutions != FALSE][parents != FALSE];
}

/* ---- notes ------------------------------------------------------------------------------ */

char *
om_evaluation_point_note(const OmPoint *p, const OmAnalysisOptions *o, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  if (p->publish == OM_PUBLISH_PRIMARY)
    return g_strdup_printf(
        nl ? "te weinig respons (n=%" G_GUINT64_FORMAT " < %" G_GUINT64_FORMAT ")"
           : "too few responses (n=%" G_GUINT64_FORMAT " < %" G_GUINT64_FORMAT ")",
        p->n, o->min_n);
  if (p->publish == OM_PUBLISH_COMPLEMENTARY)
    return g_strdup(nl ? "achtergehouden: anders terug te rekenen uit het totaal"
                       : "withheld: it would reveal a small group by subtraction");
  if (!p->has_share)
    return g_strdup(p->n == 0 ? (nl ? "geen antwoorden" : "no answers") : "");
  GString *s = g_string_new(NULL);
  if (p->no_interval)
    g_string_append(s, nl ? "geen interval: één antwoord per stratum"
                          : "no interval: one answer per stratum");
  if (p->census)
    g_string_append(s,
                    nl ? "volledige telling: het aandeel is exact" : "census: the share is exact");
  else if (p->census_bounds)
    g_string_append_printf(s,
                           nl ? "grenzen: %" G_GUINT64_FORMAT " van %" G_GUINT64_FORMAT
                                " instellingen antwoordden (ontbrekende allemaal nee of ja)"
                              : "bounds: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                " institutions answered (the missing all no or all yes)",
                           p->n, p->population);
  if (p->method_fallback)
    g_string_append_printf(s,
                           nl ? "%sKorn–Graubard: %s kan niet bij 0%% of 100%%"
                              : "%sKorn–Graubard: %s has no interval at 0%% or 100%%",
                           s->len ? "; " : "", om_ci_method_to_string(o->design_method));
  if (p->design && p->weighting == OM_WEIGHT_RESPONDENT)
    g_string_append_printf(s, "%s%s", s->len ? "; " : "",
                           nl ? "respondentweging: populatie onbekend"
                              : "respondent weighting: population unknown");
  return g_string_free(s, FALSE);
}
