/* counts.c — respondents scored into counts per institution and indicator, with the answer
 * distribution per item, once per wave.
 *
 * Never runs SQL, never estimates, never keeps a respondent: only counts leave it.
 */
#include "store/counts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
  OmScoreCount s = { value, count };
  g_array_append_val(c->scores, s);
}

/* Merging two institutions' counts (a sector's sum): a few dozen distinct scores each, so
 * the search is over scores, never over respondents. */
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

gboolean
om_counts_equal(const OmCounts *a, const OmCounts *b)
{
  guint na = a->scores ? a->scores->len : 0, nb = b->scores ? b->scores->len : 0;
  if (a->valid != b->valid || a->satisfied != b->satisfied || a->dont_know != b->dont_know
      || a->blank != b->blank || na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++) {
    const OmScoreCount *x = &g_array_index(a->scores, OmScoreCount, i);
    const OmScoreCount *y = &g_array_index(b->scores, OmScoreCount, i);
    if (x->value != y->value || x->count != y->count)
      return FALSE;
  }
  return TRUE;
}

/* Each score as its IEEE double (8 bytes, little-endian) and its count as a LEB128
 * varint: exact, and a few bytes per distinct score. */
guint8 *
om_counts_scores_pack(const OmCounts *c, gsize *len)
{
  guint n = c->scores ? c->scores->len : 0;
  guint8 *out = g_malloc((gsize)n * 18 + 1), *p = out;
  for (guint i = 0; i < n; i++) {
    const OmScoreCount *sc = &g_array_index(c->scores, OmScoreCount, i);
    guint64 bits;
    memcpy(&bits, &sc->value, sizeof bits);
    for (int b = 0; b < 8; b++)
      *p++ = (guint8)(bits >> (8 * b));
    guint64 v = sc->count;
    do {
      *p++ = (guint8)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
      v >>= 7;
    } while (v);
  }
  *len = (gsize)(p - out);
  return out;
}

gboolean
om_counts_scores_unpack_into(GArray *out, const guint8 *data, gsize len)
{
  g_return_val_if_fail(g_array_get_element_size(out) == sizeof(OmScoreCount), FALSE);
  /* at most one score per 9 bytes: sized once, written in place */
  g_array_set_size(out, (guint)(len / 9));
  OmScoreCount *sc = (OmScoreCount *)(void *)out->data;
  guint n = 0;
  const guint8 *p = data, *end = data + len;
  while (p < end) {
    if (end - p < 9)
      goto bad;
    guint64 bits = 0;
    for (int b = 0; b < 8; b++)
      bits |= (guint64)p[b] << (8 * b);
    p += 8;
    guint64 count = 0;
    for (int shift = 0;; shift += 7) {
      if (p == end || shift > 63)
        goto bad;
      count |= (guint64)(*p & 0x7f) << shift;
      if (!(*p++ & 0x80))
        break;
    }
    double value;
    memcpy(&value, &bits, sizeof value);
    if (!isfinite(value))
      goto bad;
    sc[n++] = (OmScoreCount){ value, count };
  }
  g_array_set_size(out, n);
  return TRUE;
bad:
  g_array_set_size(out, 0);
  return FALSE;
}

gboolean
om_counts_scores_unpack(OmCounts *c, const guint8 *data, gsize len)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
  if (!om_counts_scores_unpack_into(out, data, len)) {
    g_array_unref(out);
    return FALSE;
  }
  om_counts_clear(c);
  if (out->len)
    c->scores = out;
  else
    g_array_unref(out);
  return TRUE;
}

/* ---- the counter ------------------------------------------------------------------------ */

/* Answer codes 0..14 are counted in place, a blank in slot 0; other codes in a hash. */
#define DIRECT_CODES 15

typedef struct {
  OmCounts counts;
  GArray *pos; /* per score index of the indicator: position in counts.scores + 1, 0 = none */
} Cell;

typedef struct {
  char *code;
  Cell *cells;        /* per indicator */
  guint64 *dist;      /* per item: DIRECT_CODES + 1 slots */
  GHashTable *others; /* (item << 32 | code) -> count, codes outside the slots */
} Inst;

/* A composite's scores are means (3.6666…): GLib's double hash is the value cast to an
 * integer, so they collide in chains. A small table in front, keyed by the bits, finds
 * nearly all of them at once (a few dozen distinct means per indicator). */
#define RECENT_BITS 6
#define RECENT (1 << RECENT_BITS)
typedef struct {
  double value;
  guint index1; /* index + 1; 0 = empty */
} Recent;

/* An indicator as the counter scores it: the class of each answer code 0..DIRECT_CODES-1
 * on its scale, looked up instead of asked for (om_scale_classify) per item and row. */
typedef struct {
  const OmIndicator *ind;
  guint8 class_of[DIRECT_CODES];
} Scorer;

struct OmCounter {
  const OmSurvey *survey;
  Scorer *scorers; /* per indicator */
  guint n_ind, n_items;
  GHashTable *by_code;      /* code -> Inst* */
  GPtrArray *insts;         /* Inst*, first counted first */
  GHashTable **score_index; /* per indicator: double* -> index + 1 */
  GPtrArray **score_values; /* per indicator: the double* keys */
  guint (*small)[16];       /* per indicator: index + 1 of the whole scores 0..15 */
  Recent (*recent)[RECENT]; /* per indicator: scores looked up lately, by their bits */
  Inst *last;
};

static Inst *
inst_new(OmCounter *c, const char *code)
{
  Inst *in = g_new0(Inst, 1);
  in->code = g_strdup(code);
  in->cells = g_new0(Cell, MAX(c->n_ind, 1));
  in->dist = g_new0(guint64, (gsize)MAX(c->n_items, 1) * (DIRECT_CODES + 1));
  g_hash_table_insert(c->by_code, in->code, in);
  g_ptr_array_add(c->insts, in);
  return in;
}

static void
inst_free(OmCounter *c, Inst *in)
{
  for (guint k = 0; k < c->n_ind; k++) {
    om_counts_clear(&in->cells[k].counts);
    if (in->cells[k].pos)
      g_array_unref(in->cells[k].pos);
  }
  if (in->others)
    g_hash_table_unref(in->others);
  g_free(in->cells);
  g_free(in->dist);
  g_free(in->code);
  g_free(in);
}

OmCounter *
om_counter_new(const OmSurvey *survey)
{
  OmCounter *c = g_new0(OmCounter, 1);
  c->survey = survey;
  c->n_ind = om_survey_n_indicators(survey);
  c->n_items = om_survey_n_items(survey);
  c->by_code = g_hash_table_new(g_str_hash, g_str_equal);
  c->insts = g_ptr_array_new();
  c->score_index = g_new0(GHashTable *, MAX(c->n_ind, 1));
  c->score_values = g_new0(GPtrArray *, MAX(c->n_ind, 1));
  c->small = g_malloc0(sizeof(guint[16]) * MAX(c->n_ind, 1));
  c->recent = g_malloc0(sizeof(Recent[RECENT]) * MAX(c->n_ind, 1));
  c->scorers = g_new0(Scorer, MAX(c->n_ind, 1));
  for (guint k = 0; k < c->n_ind; k++) {
    Scorer *sc = &c->scorers[k];
    sc->ind = om_survey_indicator(survey, k);
    for (gint32 code = 0; code < DIRECT_CODES; code++)
      sc->class_of[code] = (guint8)om_scale_classify(om_indicator_scale(survey, sc->ind), code);
    c->score_index[k] = g_hash_table_new(g_double_hash, g_double_equal);
    c->score_values[k] = g_ptr_array_new_with_free_func(g_free);
  }
  return c;
}

void
om_counter_free(OmCounter *c)
{
  if (!c)
    return;
  for (guint i = 0; i < c->insts->len; i++)
    inst_free(c, g_ptr_array_index(c->insts, i));
  g_ptr_array_unref(c->insts);
  g_hash_table_unref(c->by_code);
  for (guint k = 0; k < c->n_ind; k++) {
    g_hash_table_unref(c->score_index[k]);
    g_ptr_array_unref(c->score_values[k]);
  }
  g_free(c->score_index);
  g_free(c->score_values);
  g_free(c->small);
  g_free(c->recent);
  g_free(c->scorers);
  g_free(c);
}

/* The score's index among the indicator's distinct scores: one hash look-up. */
static guint
score_index(OmCounter *c, guint k, double value)
{
  /* A single item's score is its code: no hashing for the whole scores of a scale. */
  gboolean small = value >= 0 && value < 16 && value == (double)(int)value;
  if (small && c->small[k][(int)value])
    return c->small[k][(int)value] - 1;
  guint64 bits;
  memcpy(&bits, &value, sizeof bits);
  Recent *r = &c->recent[k][(bits * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> (64 - RECENT_BITS)];
  if (r->index1 && r->value == value)
    return r->index1 - 1;
  gpointer v = g_hash_table_lookup(c->score_index[k], &value);
  guint idx;
  if (v) {
    idx = GPOINTER_TO_UINT(v) - 1;
  } else {
    double *key = g_new(double, 1);
    *key = value;
    g_ptr_array_add(c->score_values[k], key);
    idx = c->score_values[k]->len - 1;
    g_hash_table_insert(c->score_index[k], key, GUINT_TO_POINTER(idx + 1));
    if (small)
      c->small[k][(int)value] = idx + 1;
  }
  *r = (Recent){ value, idx + 1 };
  return idx;
}

/* Adds one score to a cell: the position of a score index in the cell is kept, so the
 * scores stay in the order first seen, without a search. */
static void
cell_add_score(OmCounter *c, guint k, Cell *cell, double value)
{
  guint idx = score_index(c, k, value);
  if (!cell->pos)
    cell->pos = g_array_new(FALSE, TRUE, sizeof(guint));
  if (idx >= cell->pos->len)
    g_array_set_size(cell->pos, idx + 1);
  guint *pos = &g_array_index(cell->pos, guint, idx);
  if (*pos == 0) {
    if (!cell->counts.scores)
      cell->counts.scores = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
    OmScoreCount sc = { value, 0 };
    g_array_append_val(cell->counts.scores, sc);
    *pos = cell->counts.scores->len;
  }
  g_array_index(cell->counts.scores, OmScoreCount, *pos - 1).count++;
}

static void
count_answer(Inst *in, guint item, gint32 code)
{
  guint64 *slots = in->dist + (gsize)item * (DIRECT_CODES + 1);
  if (code == OM_ANSWER_BLANK) {
    slots[0]++;
  } else if (code >= 0 && code < DIRECT_CODES) {
    slots[code + 1]++;
  } else {
    if (!in->others)
      in->others = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    gint64 key = ((gint64)item << 32) | (guint32)code;
    guint64 *n = g_hash_table_lookup(in->others, &key);
    if (!n) {
      n = g_new0(guint64, 1);
      g_hash_table_insert(in->others, g_memdup2(&key, sizeof key), n);
    }
    (*n)++;
  }
}

/* om_indicator_classify (input/survey.c), with each item's class from the scorer's table:
 * the same rules in the same order, so the same class and score (the sum of whole codes is
 * exact as an integer, as it is as a double there). An answer code outside the table goes
 * to om_indicator_classify itself. */
static OmAnswerClass
classify(const OmCounter *c, const Scorer *sc, const gint32 *answers, double *score)
{
  const OmIndicator *ind = sc->ind;
  if (ind->rule == OM_RULE_SINGLE) {
    gint32 code = answers[ind->items[0]];
    if (code == OM_ANSWER_BLANK)
      return OM_ANSWER_CLASS_BLANK;
    if ((guint32)code >= DIRECT_CODES)
      return om_indicator_classify(c->survey, ind, answers, score);
    OmAnswerClass cls = (OmAnswerClass)sc->class_of[code];
    if (cls == OM_ANSWER_CLASS_INVALID)
      return OM_ANSWER_CLASS_BLANK; /* as there: the importer refuses these */
    if (cls == OM_ANSWER_CLASS_SATISFIED || cls == OM_ANSWER_CLASS_OTHER)
      *score = code;
    return cls;
  }
  guint sum = 0, valid = 0, missing = 0;
  for (guint i = 0; i < ind->n_items; i++) {
    gint32 code = answers[ind->items[i]];
    if (code == OM_ANSWER_BLANK)
      continue;
    if ((guint32)code >= DIRECT_CODES)
      return om_indicator_classify(c->survey, ind, answers, score);
    OmAnswerClass cls = (OmAnswerClass)sc->class_of[code];
    if (cls == OM_ANSWER_CLASS_SATISFIED || cls == OM_ANSWER_CLASS_OTHER) {
      sum += (guint)code;
      valid++;
    } else if (cls == OM_ANSWER_CLASS_MISSING) {
      missing++;
    }
  }
  if (valid >= ind->min_valid && valid > 0) {
    *score = (double)sum / valid;
    return (double)sum >= ind->mean_at_least * valid ? OM_ANSWER_CLASS_SATISFIED
                                                     : OM_ANSWER_CLASS_OTHER;
  }
  return missing > 0 ? OM_ANSWER_CLASS_MISSING : OM_ANSWER_CLASS_BLANK;
}

guint
om_counter_n_indicators(const OmCounter *c)
{
  return c->n_ind;
}

gboolean
om_counter_score(const OmCounter *c, const char *institution, const gint32 *answers, guint n,
                 guint8 *cls, double *score, GError **error)
{
  if (n != c->n_items) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "a respondent of institution %s has %u answers for %u items", institution, n,
                c->n_items);
    return FALSE;
  }
  for (guint k = 0; k < c->n_ind; k++)
    cls[k] = (guint8)classify(c, &c->scorers[k], answers, &score[k]);
  return TRUE;
}

void
om_counter_add_scored(OmCounter *c, const char *institution, const gint32 *answers,
                      const guint8 *cls, const double *score)
{
  Inst *in = c->last && strcmp(c->last->code, institution) == 0
                 ? c->last
                 : g_hash_table_lookup(c->by_code, institution);
  if (!in)
    in = inst_new(c, institution);
  c->last = in;
  for (guint k = 0; k < c->n_ind; k++) {
    Cell *cell = &in->cells[k];
    switch ((OmAnswerClass)cls[k]) {
    case OM_ANSWER_CLASS_SATISFIED:
      cell->counts.satisfied++;
      /* fall through */
    case OM_ANSWER_CLASS_OTHER:
      cell->counts.valid++;
      cell_add_score(c, k, cell, score[k]);
      break;
    case OM_ANSWER_CLASS_MISSING:
      cell->counts.dont_know++;
      break;
    default:
      cell->counts.blank++;
    }
  }
  for (guint i = 0; i < c->n_items; i++)
    count_answer(in, i, answers[i]);
}

gboolean
om_counter_add(OmCounter *c, const char *institution, const gint32 *answers, guint n,
               GError **error)
{
  guint8 *cls = g_newa(guint8, MAX(c->n_ind, 1));
  double *score = g_newa(double, MAX(c->n_ind, 1));
  if (!om_counter_score(c, institution, answers, n, cls, score, error))
    return FALSE;
  om_counter_add_scored(c, institution, answers, cls, score);
  return TRUE;
}

void
om_counter_foreach(const OmCounter *c, OmCountsFunc fn, gpointer data)
{
  for (guint i = 0; i < c->insts->len; i++) {
    const Inst *in = g_ptr_array_index(c->insts, i);
    for (guint k = 0; k < c->n_ind; k++)
      fn(in->code, om_survey_indicator(c->survey, k)->id, &in->cells[k].counts, data);
  }
}

static gint
compare_inst_codes(gconstpointer a, gconstpointer b)
{
  return strcmp((*(const Inst *const *)a)->code, (*(const Inst *const *)b)->code);
}

/* The institutions in byte order of their codes (SQLite's BINARY collation). Transfer
 * container. */
static GPtrArray *
insts_in_key_order(const OmCounter *c)
{
  GPtrArray *sorted = g_ptr_array_sized_new(c->insts->len);
  for (guint i = 0; i < c->insts->len; i++)
    g_ptr_array_add(sorted, g_ptr_array_index(c->insts, i));
  g_ptr_array_sort(sorted, compare_inst_codes);
  return sorted;
}

static gint
compare_indicator_ids(gconstpointer a, gconstpointer b, gpointer survey)
{
  return strcmp(om_survey_indicator(survey, *(const guint *)a)->id,
                om_survey_indicator(survey, *(const guint *)b)->id);
}

void
om_counter_foreach_in_key_order(const OmCounter *c, OmCountsFunc fn, gpointer data)
{
  GPtrArray *sorted = insts_in_key_order(c);
  guint *ind = g_new(guint, MAX(c->n_ind, 1));
  for (guint k = 0; k < c->n_ind; k++)
    ind[k] = k;
  g_qsort_with_data(ind, (gint)c->n_ind, sizeof *ind, compare_indicator_ids, (gpointer)c->survey);
  for (guint i = 0; i < sorted->len; i++) {
    const Inst *in = g_ptr_array_index(sorted, i);
    for (guint j = 0; j < c->n_ind; j++)
      fn(in->code, om_survey_indicator(c->survey, ind[j])->id, &in->cells[ind[j]].counts, data);
  }
  g_free(ind);
  g_ptr_array_unref(sorted);
}

static gint
compare_i64(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* Decimal digits by hand, right-aligned before end: printf per number was four fifths of
 * writing a national wave's distributions (7,000 institutions x 21 items). Returns where
 * the digits start. */
static char *
digits_before(char *end, gint64 v)
{
  guint64 u = v < 0 ? -(guint64)v : (guint64)v;
  do {
    *--end = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--end = '-';
  return end;
}

static void
append_int(GString *s, gint64 v)
{
  char buf[24];
  char *start = digits_before(buf + sizeof buf, v);
  g_string_append_len(s, start, buf + sizeof buf - start);
}

/* ",code:count" (no comma first), in one append: a GString call per piece was most of
 * formatting a distribution. */
static void
append_pair(GString *s, gint64 code, guint64 count, gboolean *first)
{
  char buf[48];
  char *end = buf + sizeof buf;
  char *start = digits_before(end, (gint64)count);
  *--start = ':';
  start = digits_before(start, code);
  if (!*first)
    *--start = ',';
  *first = FALSE;
  g_string_append_len(s, start, end - start);
}

static void
append_other(GString *s, const Inst *in, guint item, gint64 code, gboolean *first)
{
  gint64 key = ((gint64)item << 32) | (guint32)code;
  append_pair(s, code, *(guint64 *)g_hash_table_lookup(in->others, &key), first);
}

/* One item's codes and counts, in code order ("-" for blank first). */
static void
format_item(GString *s, const Inst *in, guint item)
{
  const guint64 *slots = in->dist + (gsize)item * (DIRECT_CODES + 1);
  gboolean first = TRUE;
  if (slots[0]) {
    g_string_append(s, "-:");
    append_int(s, (gint64)slots[0]);
    first = FALSE;
  }
  if (!in->others) { /* nearly always: every code of the scale counted in place */
    for (gint code = 0; code < DIRECT_CODES; code++)
      if (slots[code + 1])
        append_pair(s, code, slots[code + 1], &first);
    return;
  }
  GArray *other = g_array_new(FALSE, FALSE, sizeof(gint64));
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init(&it, in->others);
  while (g_hash_table_iter_next(&it, &k, NULL))
    if ((guint)(*(gint64 *)k >> 32) == item) {
      gint64 code = (gint32)(guint32)(*(gint64 *)k & 0xffffffff);
      g_array_append_val(other, code);
    }
  g_array_sort(other, compare_i64);
  guint o = 0;
  /* codes below 0 (from the hash), then 0..14 in place, then the larger ones */
  for (; o < other->len && g_array_index(other, gint64, o) < 0; o++)
    append_other(s, in, item, g_array_index(other, gint64, o), &first);
  for (gint code = 0; code < DIRECT_CODES; code++)
    if (slots[code + 1])
      append_pair(s, code, slots[code + 1], &first);
  for (; o < other->len; o++)
    append_other(s, in, item, g_array_index(other, gint64, o), &first);
  g_array_unref(other);
}

static void
foreach_distribution(const OmCounter *c, const GPtrArray *insts, OmDistributionFunc fn,
                     gpointer data)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < insts->len; i++) {
    const Inst *in = g_ptr_array_index(insts, i);
    g_string_truncate(s, 0);
    for (guint item = 0; item < c->n_items; item++) {
      if (item)
        g_string_append_c(s, ';');
      append_int(s, item);
      g_string_append_c(s, '=');
      format_item(s, in, item);
    }
    fn(in->code, s->str, data);
  }
  g_string_free(s, TRUE);
}

void
om_counter_foreach_distribution(const OmCounter *c, OmDistributionFunc fn, gpointer data)
{
  foreach_distribution(c, c->insts, fn, data);
}

void
om_counter_foreach_distribution_in_key_order(const OmCounter *c, OmDistributionFunc fn,
                                             gpointer data)
{
  GPtrArray *sorted = insts_in_key_order(c);
  foreach_distribution(c, sorted, fn, data);
  g_ptr_array_unref(sorted);
}
