/* tally.c — from stored respondents to counts per wave, indicator and institution.
 *
 * Each wave is classified with the definition it was imported with (kept in the store),
 * so a later change to surveys/ouders.ini never re-interprets old answers silently.
 * Scores are kept as ids of each wave's distinct scores of an indicator (OmTallyScore), so
 * that what sums them indexes by id instead of comparing values.
 * Never runs SQL itself (it asks the store), never estimates, never prints.
 */
#include "stats/tally.h"
#include "store/store.h"

#include <math.h>
#include <string.h>

/* A slot of a ScoreTable's index: a score's bits and its id + 1 (0 = free). */
typedef struct {
  guint64 bits;
  guint id1;
} Slot;

/* The distinct scores of one indicator in one wave, and the scores of every institution's
 * counts of it as ids of those, in a few large blocks for the wave (in the order read):
 * summing counts is then indexing by id, and freeing a wave's scores a few calls. */
typedef struct {
  OmTallyScoreValues pub; /* set once the wave is read */
  GArray *values;         /* double, by id */
  Slot *slots;            /* open addressing by the values' bits (NaN never in it) */
  guint shift;            /* 64 - log2 of the slots; at most one eighth of them used */
  guint n_hashed;
  /* The institutions' scores, in runs of OmTallyScore handed out from blocks (no run is
   * ever moved: the cells point at theirs) */
  GPtrArray *blocks;
  OmTallyScore *block; /* the last block: used of cap taken */
  guint used, cap;
} ScoreTable;

/* One institution's counts of one indicator (c.scores: a run of its indicator's table). */
typedef struct {
  OmTallyCounts c;
} Cell;

typedef struct {
  OmTallyWave info;
  OmSurvey *survey;        /* the wave's own definition */
  const OmIndicator **map; /* per tally indicator: the wave's indicator, or NULL */
  ScoreTable *tables;      /* per tally indicator */
  guint n_tables;
  GHashTable *by_inst;       /* code -> Cell[n_indicators] */
  Cell **cells;              /* by the tally's institution index: by_inst's, or NULL */
  GHashTable *items_by_inst; /* code -> ItemBlock, read on first use; NULL until then */
} Wave;

/* One institution's answers per item of the wave's definition. */
typedef struct {
  guint n;
  OmItemCounts *items;
} ItemBlock;

struct OmTally {
  OmStore *store; /* borrowed: read again for the answer distributions */
  char **only;    /* the institutions counted; NULL = all */
  char *group;
  GArray *waves; /* Wave */
  const OmSurvey *newest;
  guint n_indicators;
  GHashTable *ind_index;  /* id -> index+1 */
  GHashTable *inst_index; /* code (a wave's key) -> index+1, of every wave's institutions */
  GMutex own_lock;        /* the distributions, read once whichever thread asks first */
  GMutex *lock;           /* &own_lock, or the lock of whoever shares the store with us */
};

typedef struct {
  OmTally *t;
  Wave *w;
  const char *const *only; /* count these institutions only; NULL = all */
  guint n_only;
  GHashTable *only_set;
  /* The last institution's counts: the store gives an institution's rows one after the
   * other, so most rows need no look-up. */
  const char *last_key; /* the key in w->by_inst, or NULL */
  Cell *last;
} CountState;

static gboolean
count_respondent(const char *respondent, const char *institution, const gint32 *answers, guint n,
                 gpointer data, GError **error)
{
  (void)respondent;
  return om_counter_add(data, institution, answers, n, error);
}

/* ---- the scores as ids ------------------------------------------------------------------ */

#define TABLE_MIN_BITS 8

static void
table_init(ScoreTable *tb)
{
  *tb = (ScoreTable){ 0 };
  tb->values = g_array_new(FALSE, FALSE, sizeof(double));
  tb->blocks = g_ptr_array_new_with_free_func(g_free);
  tb->shift = 64 - TABLE_MIN_BITS;
  tb->slots = g_new0(Slot, 1u << TABLE_MIN_BITS);
}

static void
table_clear(ScoreTable *tb)
{
  if (tb->values)
    g_array_unref(tb->values);
  if (tb->blocks)
    g_ptr_array_unref(tb->blocks);
  g_free(tb->slots);
}

/* Fibonacci hashing: the product's top bits depend on every bit of the score. */
static guint
table_slot(const ScoreTable *tb, guint64 bits)
{
  return (guint)((bits * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> tb->shift);
}

static void
table_put(ScoreTable *tb, guint64 bits, guint id)
{
  guint mask = (1u << (64 - tb->shift)) - 1;
  guint k = table_slot(tb, bits);
  while (tb->slots[k].id1)
    k = (k + 1) & mask;
  tb->slots[k] = (Slot){ bits, id + 1 };
}

static void
table_grow(ScoreTable *tb)
{
  Slot *old = tb->slots;
  guint n_old = 1u << (64 - tb->shift);
  tb->shift--;
  tb->slots = g_new0(Slot, 2 * n_old);
  for (guint k = 0; k < n_old; k++)
    if (old[k].id1)
      table_put(tb, old[k].bits, old[k].id1 - 1);
  g_free(old);
}

/* The id of `value`: the same for the same bits, a new one for every NaN. A table holds a
 * few dozen scores (a composite's means), so a look-up is nearly always one slot. */
static guint
table_id(ScoreTable *tb, double value)
{
  guint64 bits;
  memcpy(&bits, &value, sizeof bits);
  guint mask = (1u << (64 - tb->shift)) - 1;
  for (guint k = table_slot(tb, bits); tb->slots[k].id1; k = (k + 1) & mask)
    if (tb->slots[k].bits == bits)
      return tb->slots[k].id1 - 1;
  guint id = tb->values->len;
  g_array_append_val(tb->values, value);
  if (!isnan(value)) {
    if (8 * (tb->n_hashed + 1) > mask + 1)
      table_grow(tb);
    table_put(tb, bits, id);
    tb->n_hashed++;
  }
  return id;
}

/* Room for n scores that never moves: in the last block, or a new one. */
#define RUN_BLOCK 8192
static OmTallyScore *
table_run(ScoreTable *tb, guint n)
{
  if (tb->cap - tb->used < n) {
    tb->cap = MAX(n, RUN_BLOCK);
    tb->block = g_new(OmTallyScore, tb->cap);
    tb->used = 0;
    g_ptr_array_add(tb->blocks, tb->block);
  }
  OmTallyScore *run = tb->block + tb->used;
  tb->used += n;
  return run;
}

/* src's scores added to a cell that has some already (an institution's row given twice):
 * a new run, the cell's scores first, then src's merged in as om_counts_add does (equal
 * by ==, the first one's value kept). */
static void
cell_merge(ScoreTable *tb, Cell *cell, const GArray *src)
{
  guint n = cell->c.n_scores;
  OmTallyScore *run = table_run(tb, n + src->len);
  memcpy(run, cell->c.scores, n * sizeof *run);
  for (guint i = 0; i < src->len; i++) {
    const OmScoreCount *sc = &g_array_index(src, OmScoreCount, i);
    guint id = table_id(tb, sc->value), j = 0;
    const double *values = (const double *)(void *)tb->values->data;
    while (j < n && values[run[j].id] != sc->value)
      j++;
    if (j < n)
      run[j].count += sc->count;
    else
      run[n++] = (OmTallyScore){ id, sc->count };
  }
  cell->c.scores = run;
  cell->c.n_scores = n;
}

/* src added into the cell. The store keeps one row per institution and indicator, so the
 * cell is nearly always still empty: then its scores are src's, in src's order, as
 * ids. */
static void
cell_take(ScoreTable *tb, Cell *cell, const OmCounts *src)
{
  cell->c.valid += src->valid;
  cell->c.satisfied += src->satisfied;
  cell->c.dont_know += src->dont_know;
  cell->c.blank += src->blank;
  guint n = src->scores ? src->scores->len : 0;
  if (n == 0)
    return;
  if (cell->c.n_scores) {
    cell_merge(tb, cell, src->scores);
    return;
  }
  OmTallyScore *run = table_run(tb, n);
  for (guint i = 0; i < n; i++) {
    const OmScoreCount *sc = &g_array_index(src->scores, OmScoreCount, i);
    run[i] = (OmTallyScore){ table_id(tb, sc->value), sc->count };
  }
  cell->c.scores = run;
  cell->c.n_scores = n;
}

/* Once a wave is read (its tables no longer grow): the tables' values as pointers, and
 * whether both zeros occur. */
static void
wave_finish(Wave *w, guint n_indicators)
{
  for (guint k = 0; k < n_indicators; k++) {
    ScoreTable *tb = &w->tables[k];
    gboolean plus = FALSE, minus = FALSE;
    for (guint id = 0; id < tb->values->len; id++) {
      double v = g_array_index(tb->values, double, id);
      plus = plus || (v == 0 && !signbit(v));
      minus = minus || (v == 0 && signbit(v));
    }
    tb->pub = (OmTallyScoreValues){ (const double *)(void *)tb->values->data, tb->values->len,
                                    plus && minus };
  }
}

/* ---- reading the counts ------------------------------------------------------------------- */

/* The tally's counts of one institution in wave w, made on first use. */
static Cell *
inst_counts(CountState *cs, const char *institution)
{
  if (cs->last_key && strcmp(cs->last_key, institution) == 0)
    return cs->last;
  gpointer key = NULL, c = NULL;
  if (!g_hash_table_lookup_extended(cs->w->by_inst, institution, &key, &c)) {
    key = g_strdup(institution);
    c = g_new0(Cell, MAX(cs->t->n_indicators, 1));
    g_hash_table_insert(cs->w->by_inst, key, c);
  }
  cs->last_key = key;
  cs->last = c;
  return c;
}

/* One institution's counts of one of the wave's indicators, kept under the tally's
 * indicator of the same id (the newest definition names them). */
static void
take_counts(const char *institution, const char *indicator, const OmCounts *src, gpointer data)
{
  CountState *cs = data;
  gpointer k = g_hash_table_lookup(cs->t->ind_index, indicator);
  if (!k || !cs->w->map[GPOINTER_TO_UINT(k) - 1]
      || (cs->only_set && !g_hash_table_contains(cs->only_set, institution)))
    return;
  guint i = GPOINTER_TO_UINT(k) - 1;
  cell_take(&cs->w->tables[i], &inst_counts(cs, institution)[i], src);
}

/* The counts of wave w: kept by the store, or counted from its respondents in a store
 * that keeps none (version 3 read-only). */
static gboolean
count_wave(OmStore *store, CountState *cs, GError **error)
{
  gint64 id = cs->w->info.wave_id;
  if (om_store_has_counts(store)) {
    if (!(cs->only
              ? om_store_foreach_counts_of(store, id, cs->only, cs->n_only, take_counts, cs, error)
              : om_store_foreach_counts(store, id, take_counts, cs, error)))
      return FALSE;
    /* Respondents stored without their counts (a wave written through the store's API
     * alone, or one whose definition did not read at the migration): count them. */
    if (g_hash_table_size(cs->w->by_inst) > 0)
      return TRUE;
  }
  OmCounter *counter = om_counter_new(cs->w->survey);
  gboolean ok = om_store_foreach_respondent(store, id, count_respondent, counter, error);
  if (ok)
    om_counter_foreach(counter, take_counts, cs);
  om_counter_free(counter);
  return ok;
}

static void
wave_clear(gpointer p)
{
  Wave *w = p;
  om_survey_free(w->survey);
  g_free(w->map);
  g_free(w->cells);
  if (w->by_inst)
    g_hash_table_unref(w->by_inst);
  if (w->tables) {
    for (guint k = 0; k < w->n_tables; k++)
      table_clear(&w->tables[k]);
    g_free(w->tables);
  }
  if (w->items_by_inst)
    g_hash_table_unref(w->items_by_inst);
}

static OmTally *tally_new(OmStore *store, guint64 second_from, const char *group,
                          const char *const *institutions, guint n, GError **error);

OmTally *
om_tally_new(OmStore *store, const char *group, GError **error)
{
  return tally_new(store, 0, group, NULL, 0, error);
}

OmTally *
om_tally_new_for(OmStore *store, const char *group, const char *const *institutions, guint n,
                 GError **error)
{
  return tally_new(store, 0, group, institutions, n, error);
}

OmTally *
om_tally_new_read_only(OmStore *store, const char *group, guint64 min_respondents, GError **error)
{
  return tally_new(store, MAX(min_respondents, 1), group, NULL, 0, error);
}

/* The second connection of a tally whose waves hold at least second_from respondents
 * together (0: none), or NULL. */
static OmStore *
second_connection(OmStore *store, guint64 second_from, const GArray *waves)
{
  guint64 respondents = 0;
  for (guint i = 0; i < waves->len; i++)
    respondents += (guint64)MAX(g_array_index(waves, OmWave, i).respondents, 0);
  const char *path = om_store_path(store);
  /* (":memory:" would open another, empty database) */
  if (second_from == 0 || waves->len < 2 || respondents < second_from
      || strcmp(path, ":memory:") == 0)
    return NULL;
  return om_store_open(path, OM_STORE_READONLY, NULL);
}

/* One wave's counting on a thread of its own, over its own connection. */
typedef struct {
  OmStore *store;
  CountState cs;
  gboolean ok;
  GError *error;
} WaveJob;

static gpointer
wave_job_run(gpointer p)
{
  WaveJob *j = p;
  j->ok = count_wave(j->store, &j->cs, &j->error);
  return NULL;
}

typedef struct {
  WaveJob *jobs;
  guint n;
} OddWaves;

static gpointer
count_odd_waves(gpointer p)
{
  OddWaves *o = p;
  for (guint i = 1; i < o->n; i += 2)
    wave_job_run(&o->jobs[i]);
  return NULL;
}

/* Counts the waves: in order on `store`, or, with a second connection, the odd ones on
 * another thread over `second` while this one counts the even ones; the first failing
 * wave's error either way. */
static gboolean
count_waves(OmTally *t, OmStore *store, OmStore *second, const char *const *institutions, guint n,
            GHashTable *only_set, GError **error)
{
  guint n_waves = t->waves->len;
  WaveJob *jobs = g_new0(WaveJob, n_waves);
  for (guint i = 0; i < n_waves; i++) {
    Wave *w = &g_array_index(t->waves, Wave, i);
    w->map = g_new0(const OmIndicator *, MAX(t->n_indicators, 1));
    for (guint k = 0; k < t->n_indicators; k++)
      w->map[k] = om_survey_find_indicator(w->survey, om_survey_indicator(t->newest, k)->id);
    w->by_inst = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    w->n_tables = t->n_indicators;
    w->tables = g_new(ScoreTable, MAX(t->n_indicators, 1));
    for (guint k = 0; k < t->n_indicators; k++)
      table_init(&w->tables[k]);
    jobs[i] = (WaveJob){
      second && i % 2 ? second : store, { t, w, institutions, n, only_set, NULL, NULL }, FALSE, NULL
    };
  }
  if (second && n_waves > 1) {
    /* the odd waves, one after the other, on the other thread */
    GThread *other = g_thread_new("tally", count_odd_waves, &(OddWaves){ jobs, n_waves });
    for (guint i = 0; i < n_waves; i += 2)
      wave_job_run(&jobs[i]);
    g_thread_join(other);
  } else {
    for (guint i = 0; i < n_waves && (i == 0 || jobs[i - 1].ok); i++)
      wave_job_run(&jobs[i]);
  }
  gboolean ok = TRUE;
  for (guint i = 0; i < n_waves; i++) {
    if (jobs[i].ok)
      wave_finish(&g_array_index(t->waves, Wave, i), t->n_indicators);
    if (ok && !jobs[i].ok) {
      g_propagate_error(error, g_steal_pointer(&jobs[i].error));
      ok = FALSE;
    }
    g_clear_error(&jobs[i].error);
  }
  g_free(jobs);
  return ok;
}

/* One index per institution over all waves, and each wave's cells by it. */
static void
index_institutions(OmTally *t)
{
  t->inst_index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < t->waves->len; i++) {
    GHashTableIter it;
    gpointer code;
    g_hash_table_iter_init(&it, g_array_index(t->waves, Wave, i).by_inst);
    while (g_hash_table_iter_next(&it, &code, NULL))
      if (!g_hash_table_contains(t->inst_index, code))
        g_hash_table_insert(t->inst_index, code,
                            GUINT_TO_POINTER(g_hash_table_size(t->inst_index) + 1));
  }
  guint n = g_hash_table_size(t->inst_index);
  for (guint i = 0; i < t->waves->len; i++) {
    Wave *w = &g_array_index(t->waves, Wave, i);
    w->cells = g_new0(Cell *, MAX(n, 1));
    GHashTableIter it;
    gpointer code, cells;
    g_hash_table_iter_init(&it, w->by_inst);
    while (g_hash_table_iter_next(&it, &code, &cells))
      w->cells[GPOINTER_TO_UINT(g_hash_table_lookup(t->inst_index, code)) - 1] = cells;
  }
}

static OmTally *
tally_new(OmStore *store, guint64 second_from, const char *group, const char *const *institutions,
          guint n, GError **error)
{
  GArray *waves = om_store_waves(store, group, error);
  if (!waves)
    return NULL;
  if (waves->len == 0) {
    g_array_unref(waves);
    g_set_error(error, OM_ERROR, OM_ERROR_NOT_FOUND,
                "the store %s has no %s waves; import them first", om_store_path(store), group);
    return NULL;
  }
  OmTally *t = g_new0(OmTally, 1);
  g_mutex_init(&t->own_lock);
  t->lock = &t->own_lock;
  t->store = store;
  if (institutions) {
    t->only = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
      t->only[i] = g_strdup(institutions[i]);
  }
  t->group = g_strdup(group);
  t->waves = g_array_new(FALSE, TRUE, sizeof(Wave));
  g_array_set_clear_func(t->waves, wave_clear);
  t->ind_index = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < waves->len; i++) {
    const OmWave *sw = &g_array_index(waves, OmWave, i);
    Wave w = { .info = { sw->id, sw->year, sw->baseline, (guint64)sw->respondents } };
    w.survey = om_store_wave_survey(store, sw->id, error);
    ok = w.survey != NULL;
    g_array_append_val(t->waves, w);
  }
  OmStore *second = ok ? second_connection(store, second_from, waves) : NULL;
  g_array_unref(waves);
  if (ok) {
    /* Waves come ordered by year: the last one's definition names the indicators. */
    Wave *last = &g_array_index(t->waves, Wave, t->waves->len - 1);
    t->newest = last->survey;
    t->n_indicators = om_survey_n_indicators(t->newest);
    for (guint k = 0; k < t->n_indicators; k++)
      g_hash_table_insert(t->ind_index, (gpointer)om_survey_indicator(t->newest, k)->id,
                          GUINT_TO_POINTER(k + 1));
  }
  GHashTable *only_set = NULL;
  if (institutions) {
    only_set = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < n; i++)
      g_hash_table_add(only_set, (gpointer)institutions[i]);
  }
  ok = ok && count_waves(t, store, second, institutions, n, only_set, error);
  om_store_free(second);
  if (ok)
    index_institutions(t);
  if (only_set)
    g_hash_table_unref(only_set);
  if (!ok) {
    om_tally_free(t);
    return NULL;
  }
  return t;
}

void
om_tally_free(OmTally *t)
{
  if (!t)
    return;
  if (t->inst_index) /* its keys are the waves' */
    g_hash_table_unref(t->inst_index);
  g_array_unref(t->waves);
  g_hash_table_unref(t->ind_index);
  g_strfreev(t->only);
  g_free(t->group);
  g_mutex_clear(&t->own_lock);
  g_free(t);
}

const char *
om_tally_group(const OmTally *t)
{
  return t->group;
}
const OmSurvey *
om_tally_survey(const OmTally *t)
{
  return t->newest;
}
guint
om_tally_n_waves(const OmTally *t)
{
  return t->waves->len;
}

const OmTallyWave *
om_tally_wave(const OmTally *t, guint i)
{
  g_return_val_if_fail(i < t->waves->len, NULL);
  return &g_array_index(t->waves, Wave, i).info;
}

const OmTallyCounts *
om_tally_counts(const OmTally *t, guint wave, const char *indicator, const char *institution)
{
  g_return_val_if_fail(wave < t->waves->len, NULL);
  gpointer k = g_hash_table_lookup(t->ind_index, indicator);
  if (!k)
    return NULL;
  const Wave *w = &g_array_index(t->waves, Wave, wave);
  if (!w->map[GPOINTER_TO_UINT(k) - 1])
    return NULL;
  Cell *c = g_hash_table_lookup(w->by_inst, institution);
  return c ? &c[GPOINTER_TO_UINT(k) - 1].c : NULL;
}

int
om_tally_indicator_index(const OmTally *t, const char *indicator)
{
  return (int)GPOINTER_TO_UINT(g_hash_table_lookup(t->ind_index, indicator)) - 1;
}

int
om_tally_institution_index(const OmTally *t, const char *institution)
{
  return (int)GPOINTER_TO_UINT(g_hash_table_lookup(t->inst_index, institution)) - 1;
}

const OmTallyCounts *
om_tally_counts_at(const OmTally *t, guint wave, guint indicator, int institution)
{
  g_return_val_if_fail(wave < t->waves->len && indicator < t->n_indicators, NULL);
  const Wave *w = &g_array_index(t->waves, Wave, wave);
  if (institution < 0 || !w->map[indicator] || !w->cells[institution])
    return NULL;
  return &w->cells[institution][indicator].c;
}

const OmTallyScoreValues *
om_tally_score_values(const OmTally *t, guint wave, const char *indicator)
{
  g_return_val_if_fail(wave < t->waves->len, NULL);
  gpointer k = g_hash_table_lookup(t->ind_index, indicator);
  const Wave *w = &g_array_index(t->waves, Wave, wave);
  if (!k || !w->map[GPOINTER_TO_UINT(k) - 1])
    return NULL;
  return &w->tables[GPOINTER_TO_UINT(k) - 1].pub;
}

void
om_tally_counts_to_counts(const OmTallyScoreValues *v, const OmTallyCounts *c, OmCounts *out)
{
  *out = (OmCounts){ c->valid, c->satisfied, c->dont_know, c->blank, NULL };
  if (!c->n_scores)
    return;
  out->scores = g_array_sized_new(FALSE, FALSE, sizeof(OmScoreCount), c->n_scores);
  for (guint i = 0; i < c->n_scores; i++) {
    OmScoreCount sc = { v->values[c->scores[i].id], c->scores[i].count };
    g_array_append_val(out->scores, sc);
  }
}

/* ---- answer distributions --------------------------------------------------------- */

static void
item_block_free(gpointer p)
{
  ItemBlock *b = p;
  for (guint i = 0; i < b->n; i++)
    g_free(b->items[i].counts);
  g_free(b->items);
  g_free(b);
}

/* One item's "code:n,code:n" ("-" = blank) into c, classified by the item's scale. */
static void
parse_item(const OmAnswerScale *sc, const char *text, OmItemCounts *c)
{
  char **pairs = g_strsplit(text, ",", -1);
  for (char **p = pairs; *p && **p; p++) {
    char *colon = strrchr(*p, ':');
    if (!colon)
      continue;
    guint64 n = g_ascii_strtoull(colon + 1, NULL, 10);
    *colon = '\0';
    if (strcmp(*p, "-") == 0) {
      c->blank += n;
      continue;
    }
    gint32 code = (gint32)g_ascii_strtoll(*p, NULL, 10);
    switch (om_scale_classify(sc, code)) {
    case OM_ANSWER_CLASS_SATISFIED:
    case OM_ANSWER_CLASS_OTHER:
      if (!c->counts) {
        c->min = om_scale_min(sc);
        c->n_codes = (guint)(om_scale_max(sc) - c->min + 1);
        c->counts = g_new0(guint64, c->n_codes);
      }
      if (code >= c->min && code - c->min < (gint32)c->n_codes)
        c->counts[code - c->min] += n;
      break;
    case OM_ANSWER_CLASS_MISSING:
      c->dont_know += n;
      break;
    default:
      c->blank += n;
    }
  }
  g_strfreev(pairs);
}

/* One institution's distribution as the store keeps it: "0=code:n,…;1=…" by item
 * position in the wave's definition. */
static void
take_distribution(const char *institution, const char *text, gpointer data)
{
  Wave *w = data;
  guint n_items = om_survey_n_items(w->survey);
  ItemBlock *b = g_new0(ItemBlock, 1);
  b->n = n_items;
  b->items = g_new0(OmItemCounts, MAX(n_items, 1));
  char **items = g_strsplit(text, ";", -1);
  for (char **it = items; *it; it++) {
    char *eq = strchr(*it, '=');
    if (!eq)
      continue;
    guint64 pos = g_ascii_strtoull(*it, NULL, 10);
    if (pos < n_items)
      parse_item(om_survey_item(w->survey, (guint)pos)->scale, eq + 1, &b->items[pos]);
  }
  g_strfreev(items);
  g_hash_table_replace(w->items_by_inst, g_strdup(institution), b);
}

/* The wave's distributions: kept by the store, or counted from the respondents of a store
 * that keeps none. A store error leaves the wave without distributions (the theme pages
 * then show none); it never stops the figures. */
static void
load_distributions(const OmTally *t, Wave *w)
{
  w->items_by_inst = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, item_block_free);
  gint64 id = w->info.wave_id;
  guint n_only = t->only ? g_strv_length(t->only) : 0;
  if (om_store_has_counts(t->store)
      && om_store_foreach_distribution(t->store, id, (const char *const *)t->only, n_only,
                                       take_distribution, w, NULL)
      && g_hash_table_size(w->items_by_inst) > 0)
    return;
  OmCounter *counter = om_counter_new(w->survey);
  if (om_store_foreach_respondent(t->store, id, count_respondent, counter, NULL))
    om_counter_foreach_distribution(counter, take_distribution, w);
  om_counter_free(counter);
}

void
om_tally_share_lock(OmTally *t, GMutex *lock)
{
  t->lock = lock ? lock : &t->own_lock;
}

const OmItemCounts *
om_tally_item_counts(const OmTally *t, guint wave, const char *item, const char *institution)
{
  g_return_val_if_fail(wave < t->waves->len, NULL);
  Wave *w = &g_array_index(t->waves, Wave, wave);
  GHashTable *items = g_atomic_pointer_get(&w->items_by_inst);
  if (!items) {
    /* Several threads may draw documents from one tally: one reads, the others wait. */
    GMutex *lock = t->lock;
    g_mutex_lock(lock);
    if (!w->items_by_inst) {
      Wave filled = *w;
      load_distributions(t, &filled);
      g_atomic_pointer_set(&w->items_by_inst, filled.items_by_inst);
    }
    items = w->items_by_inst;
    g_mutex_unlock(lock);
  }
  int i = om_survey_find_item(w->survey, item);
  const ItemBlock *b = g_hash_table_lookup(items, institution);
  return i >= 0 && b && (guint)i < b->n ? &b->items[i] : NULL;
}
