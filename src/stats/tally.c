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
  GHashTable *items_by_inst; /* code -> ItemBlock: answers per item of the wave's survey */
} Wave;

typedef struct {
  guint n;
  OmItemCounts *items;
} ItemBlock;

static void
item_block_free(gpointer p)
{
  ItemBlock *b = p;
  for (guint i = 0; i < b->n; i++)
    g_free(b->items[i].counts);
  g_free(b->items);
  g_free(b);
}

/* Counts one respondent's answers per item and code. */
static void
count_items(Wave *w, const char *institution, const gint32 *answers, guint n)
{
  ItemBlock *b = g_hash_table_lookup(w->items_by_inst, institution);
  if (!b) {
    b = g_new0(ItemBlock, 1);
    b->n = n;
    b->items = g_new0(OmItemCounts, n);
    g_hash_table_insert(w->items_by_inst, g_strdup(institution), b);
  }
  for (guint i = 0; i < n; i++) {
    const OmAnswerScale *sc = om_survey_item(w->survey, i)->scale;
    OmItemCounts *c = &b->items[i];
    switch (om_scale_classify(sc, answers[i])) {
    case OM_ANSWER_CLASS_SATISFIED:
    case OM_ANSWER_CLASS_OTHER:
      if (!c->counts) {
        c->min = om_scale_min(sc);
        c->n_codes = (guint)(om_scale_max(sc) - c->min + 1);
        c->counts = g_new0(guint64, c->n_codes);
      }
      if (answers[i] >= c->min && answers[i] - c->min < (gint32)c->n_codes)
        c->counts[answers[i] - c->min]++;
      break;
    case OM_ANSWER_CLASS_MISSING:
      c->dont_know++;
      break;
    default:
      c->blank++;
    }
  }
}

struct OmTally {
  char *group;
  GArray *waves;        /* Wave */
  const OmSurvey *newest;
  guint n_indicators;
  GHashTable *ind_index; /* id -> index+1 */
};

void
om_counts_clear(OmCounts *c)
{
  if (c && c->scores)
    g_clear_pointer(&c->scores, g_array_unref);
}

static void
add_score(OmCounts *c, double value, guint64 count)
{
  if (!c->scores)
    c->scores = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
  for (guint i = 0; i < c->scores->len; i++) {
    OmScoreCount *s = &g_array_index(c->scores, OmScoreCount, i);
    if (s->value == value) {
      s->count += count;
      return;
    }
  }
  OmScoreCount s = {value, count};
  g_array_append_val(c->scores, s);
}

void
om_counts_add(OmCounts *a, const OmCounts *b)
{
  a->valid += b->valid;
  a->satisfied += b->satisfied;
  a->dont_know += b->dont_know;
  a->blank += b->blank;
  for (guint i = 0; b->scores && i < b->scores->len; i++) {
    const OmScoreCount *s = &g_array_index(b->scores, OmScoreCount, i);
    add_score(a, s->value, s->count);
  }
}

typedef struct {
  OmTally *t;
  Wave *w;
} CountState;

static void
free_counts_array(gpointer p, guint n)
{
  OmCounts *c = p;
  for (guint i = 0; i < n; i++)
    om_counts_clear(&c[i]);
  g_free(c);
}

static gboolean
count_respondent(const char *respondent, const char *institution, const gint32 *answers,
                 guint n, gpointer data, GError **error)
{
  CountState *cs = data;
  Wave *w = cs->w;
  if (n != om_survey_n_items(w->survey)) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "respondent '%s' of the %d wave has %u answers for %u items", respondent,
                w->info.year, n, om_survey_n_items(w->survey));
    return FALSE;
  }
  OmCounts *c = g_hash_table_lookup(w->by_inst, institution);
  if (!c) {
    c = g_new0(OmCounts, cs->t->n_indicators);
    g_hash_table_insert(w->by_inst, g_strdup(institution), c);
  }
  count_items(w, institution, answers, n);
  for (guint k = 0; k < cs->t->n_indicators; k++) {
    const OmIndicator *ind = w->map[k];
    if (!ind)
      continue;
    double score = 0;
    switch (om_indicator_classify(w->survey, ind, answers, &score)) {
    case OM_ANSWER_CLASS_SATISFIED:
      c[k].satisfied++;
      /* fall through */
    case OM_ANSWER_CLASS_OTHER:
      c[k].valid++;
      add_score(&c[k], score, 1);
      break;
    case OM_ANSWER_CLASS_MISSING:
      c[k].dont_know++;
      break;
    default:
      c[k].blank++;
    }
  }
  return TRUE;
}

static void
wave_clear(gpointer p)
{
  Wave *w = p;
  if (w->items_by_inst)
    g_hash_table_unref(w->items_by_inst);
  om_survey_free(w->survey);
  g_free(w->map);
  if (w->by_inst)
    g_hash_table_unref(w->by_inst);
}

OmTally *
om_tally_new(OmStore *store, const char *group, GError **error)
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
  t->group = g_strdup(group);
  t->waves = g_array_new(FALSE, TRUE, sizeof(Wave));
  g_array_set_clear_func(t->waves, wave_clear);
  t->ind_index = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < waves->len; i++) {
    const OmWave *sw = &g_array_index(waves, OmWave, i);
    Wave w = {.info = {sw->id, sw->year, sw->baseline, (guint64)sw->respondents}};
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
  for (guint i = 0; ok && i < t->waves->len; i++) {
    Wave *w = &g_array_index(t->waves, Wave, i);
    w->map = g_new0(const OmIndicator *, MAX(t->n_indicators, 1));
    for (guint k = 0; k < t->n_indicators; k++)
      w->map[k] = om_survey_find_indicator(w->survey, om_survey_indicator(t->newest, k)->id);
    w->by_inst = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w->items_by_inst = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, item_block_free);
    CountState cs = {t, w};
    ok = om_store_foreach_respondent(store, w->info.wave_id, count_respondent, &cs, error);
  }
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
  g_free(t->group);
  g_free(t);
}

const char *om_tally_group(const OmTally *t) { return t->group; }
const OmSurvey *om_tally_survey(const OmTally *t) { return t->newest; }
guint om_tally_n_waves(const OmTally *t) { return t->waves->len; }

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

const OmItemCounts *
om_tally_item_counts(const OmTally *t, guint wave, const char *item, const char *institution)
{
  g_return_val_if_fail(wave < t->waves->len, NULL);
  const Wave *w = &g_array_index(t->waves, Wave, wave);
  int i = om_survey_find_item(w->survey, item);
  const ItemBlock *b = w->items_by_inst ? g_hash_table_lookup(w->items_by_inst, institution) : NULL;
  return i >= 0 && b && (guint)i < b->n ? &b->items[i] : NULL;
}
