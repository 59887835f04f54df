/* tally.c — from stored respondents to counts per wave, indicator and institution.
 *
 * Each wave is classified with the definition it was imported with (kept in the store),
 * so a later change to surveys/ouders.ini never re-interprets old answers silently.
 * Never runs SQL itself (it asks the store), never estimates, never prints.
 */
#include "stats/tally.h"
#include "store/store.h"

#include <string.h>

typedef struct {
  OmTallyWave info;
  OmSurvey *survey;          /* the wave's own definition */
  const OmIndicator **map;   /* per tally indicator: the wave's indicator, or NULL */
  GHashTable *by_inst;       /* code -> OmCounts[n_indicators] */
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
  GHashTable *ind_index; /* id -> index+1 */
  GMutex own_lock;       /* the distributions, read once whichever thread asks first */
  GMutex *lock;          /* &own_lock, or the lock of whoever shares the store with us */
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
  OmCounts *last;
} CountState;

static gboolean
count_respondent(const char *respondent, const char *institution, const gint32 *answers, guint n,
                 gpointer data, GError **error)
{
  (void)respondent;
  return om_counter_add(data, institution, answers, n, error);
}

static void
free_counts_array(gpointer p, guint n)
{
  OmCounts *c = p;
  for (guint i = 0; i < n; i++)
    om_counts_clear(&c[i]);
  g_free(c);
}

/* The tally's counts of one institution in wave w, made on first use. */
static OmCounts *
inst_counts(CountState *cs, const char *institution)
{
  if (cs->last_key && strcmp(cs->last_key, institution) == 0)
    return cs->last;
  gpointer key = NULL, c = NULL;
  if (!g_hash_table_lookup_extended(cs->w->by_inst, institution, &key, &c)) {
    key = g_strdup(institution);
    c = g_new0(OmCounts, MAX(cs->t->n_indicators, 1));
    g_hash_table_insert(cs->w->by_inst, key, c);
  }
  cs->last_key = key;
  cs->last = c;
  return c;
}

/* src added into dst. The store keeps one row per institution and indicator, so dst is
 * nearly always still empty: then it shares src's scores (distinct values, in the order
 * first seen, as the counter made them; a reference, never changed by either side), which
 * is what adding them one by one gives, without a search per score or a copy. */
static void
counts_take(OmCounts *dst, const OmCounts *src)
{
  if (dst->scores || !src->scores || src->scores->len == 0) {
    om_counts_add(dst, src);
    return;
  }
  OmCounts sum
      = { dst->valid + src->valid, dst->satisfied + src->satisfied, dst->dont_know + src->dont_know,
          dst->blank + src->blank, g_array_ref(src->scores) };
  *dst = sum;
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
  OmCounts *c = &inst_counts(cs, institution)[GPOINTER_TO_UINT(k) - 1];
  counts_take(c, src);
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
  if (w->by_inst)
    g_hash_table_unref(w->by_inst);
  if (w->items_by_inst)
    g_hash_table_unref(w->items_by_inst);
}

static OmTally *tally_new(OmStore *store, OmStore *second, const char *group,
                          const char *const *institutions, guint n, GError **error);

OmTally *
om_tally_new(OmStore *store, const char *group, GError **error)
{
  return tally_new(store, NULL, group, NULL, 0, error);
}

OmTally *
om_tally_new_for(OmStore *store, const char *group, const char *const *institutions, guint n,
                 GError **error)
{
  return tally_new(store, NULL, group, institutions, n, error);
}

OmTally *
om_tally_new_read_only(OmStore *store, const char *group, GError **error)
{
  /* (":memory:" would open another, empty database) */
  const char *path = om_store_path(store);
  OmStore *second
      = strcmp(path, ":memory:") != 0 ? om_store_open(path, OM_STORE_READONLY, NULL) : NULL;
  OmTally *t = tally_new(store, second, group, NULL, 0, error);
  om_store_free(second);
  return t;
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
    w->by_inst = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
    if (ok && !jobs[i].ok) {
      g_propagate_error(error, g_steal_pointer(&jobs[i].error));
      ok = FALSE;
    }
    g_clear_error(&jobs[i].error);
  }
  g_free(jobs);
  return ok;
}

static OmTally *
tally_new(OmStore *store, OmStore *second, const char *group, const char *const *institutions,
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
  for (guint i = 0; i < t->waves->len; i++) {
    Wave *w = &g_array_index(t->waves, Wave, i);
    if (!w->by_inst)
      continue;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, w->by_inst);
    while (g_hash_table_iter_next(&it, &k, &v))
      free_counts_array(v, t->n_indicators);
  }
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

const OmCounts *
om_tally_counts(const OmTally *t, guint wave, const char *indicator, const char *institution)
{
  g_return_val_if_fail(wave < t->waves->len, NULL);
  gpointer k = g_hash_table_lookup(t->ind_index, indicator);
  if (!k)
    return NULL;
  const Wave *w = &g_array_index(t->waves, Wave, wave);
  if (!w->map[GPOINTER_TO_UINT(k) - 1])
    return NULL;
  OmCounts *c = g_hash_table_lookup(w->by_inst, institution);
  return c ? &c[GPOINTER_TO_UINT(k) - 1] : NULL;
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
