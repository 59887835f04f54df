/* survey.c — loading and checking survey definitions; coding and classifying answers.
 *
 * A definition error must stop the command before any data is touched, and must say
 * where it is: GKeyFile gives no line numbers, so we index the text ourselves (group and
 * key -> line) and catch what GKeyFile silently merges (a group or key given twice).
 * This module never reads CSV, never touches SQL and never prints.
 */
#include "input/survey.h"
#include "base/position.h"
#include "input/keylines.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Codes of one scale must fit a lookup table: answers are classified once per cell of a
 * national wave (25 million cells), so classification is an array index, not a search. */
#define SCALE_MAX_SPAN 100000

struct OmAnswerScale {
  char *id;
  char *title;
  GArray *values;    /* int, in definition order */
  GArray *satisfied; /* int */
  GArray *missing;   /* int */
  char **labels;     /* one per value, or NULL */
  char **missing_labels;
  GHashTable *by_label; /* casefolded label -> GINT_TO_POINTER(code) */
  int lo, hi;           /* span of every code (values and missing) */
  guint8 *class_of;     /* OmAnswerClass by code - lo */
  int min, max;         /* range of the valid values */
};

struct OmSurvey {
  char *source;
  char *text;
  char *sha256; /* of text */
  OmGroup group_kind;
  int header_row, header_rows; /* 0 = detect */
  char *title_prefix;          /* folded, or NULL */
  char *id, *title, *group, *respondent_col, *institution_col, *year_col;
  GPtrArray *scales;          /* OmAnswerScale* */
  GArray *items;              /* OmItem */
  GPtrArray *item_strs;       /* strings owned on behalf of items and indicators */
  GArray *indicators;         /* OmIndicator */
  GHashTable *item_by_id;     /* id -> index+1 */
  GHashTable *scale_by_id;    /* id -> OmAnswerScale* (owned by scales): linear loading */
  GHashTable *item_by_column; /* casefolded column or title -> index+1 */
  OmKeyLines *lines;          /* group and key -> line, for messages */
  char *design[4];            /* [design] fpc, lonely, df, method as written; NULL = not set */
};

/* ---- line index ------------------------------------------------------------------- */

/* The [design] keys and the words each takes, spelled as R's survey package spells them;
 * the statistics turn the words into options (the command line takes the same words). */
static const char *const design_keys[] = { "fpc", "lonely", "df", "method" };
static const char *const design_words[][7] = {
  { "yes", "no", NULL },
  { "adjust", "fail", "remove", "average", "certainty", NULL },
  { "design", "inf", NULL },
  { "logit", "beta", "mean", "xlogit", "asin", "likelihood", NULL },
};

static gboolean G_GNUC_PRINTF(5, 6) def_error(const OmSurvey *s, GError **error, const char *group,
                                              const char *key, const char *fmt, ...)
{
  int line = group && s->lines ? om_key_lines_find(s->lines, group, key) : 0;
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(error, OM_ERROR_DEFINITION, s->source, (guint64)MAX(line, 0), 0, fmt, ap);
  va_end(ap);
  return FALSE;
}

/* ---- small parsers ------------------------------------------------------------------ */

static gboolean
parse_int(const char *t, int *out)
{
  while (*t == ' ' || *t == '\t')
    t++;
  if (*t == '\0')
    return FALSE;
  char *end;
  errno = 0;
  long v = strtol(t, &end, 10);
  while (*end == ' ' || *end == '\t')
    end++;
  if (*end != '\0' || errno != 0 || v < G_MININT32 + 1 || v > G_MAXINT32)
    return FALSE;
  *out = (int)v;
  return TRUE;
}

/* "1-5", "0;1", "1-3;5": a list of codes with ranges. */
static gboolean
parse_code_list(OmSurvey *s, GKeyFile *kf, const char *group, const char *key, GArray *out,
                GError **error)
{
  gsize n = 0;
  char **parts = g_key_file_get_string_list(kf, group, key, &n, NULL);
  gboolean ok = TRUE;
  for (gsize i = 0; i < n && ok; i++) {
    char *p = g_strstrip(parts[i]);
    const char *dash = *p ? strchr(p + 1, '-') : NULL;
    int a, b;
    if (dash) {
      char *left = g_strndup(p, (gsize)(dash - p));
      ok = parse_int(left, &a) && parse_int(dash + 1, &b) && a <= b
           && (gint64)b - a < SCALE_MAX_SPAN;
      g_free(left);
      /* The limit before the expansion: a list of many wide ranges must not take memory
       * and time before it is refused (no scale can have more codes than its span). */
      if (ok && (gint64)out->len + ((gint64)b - a + 1) > SCALE_MAX_SPAN) {
        g_strfreev(parts);
        return def_error(s, error, group, key, "more than %d codes; at most %d are supported",
                         SCALE_MAX_SPAN, SCALE_MAX_SPAN);
      }
      /* gint64: a range ending at INT_MAX must not overflow the counter. */
      for (gint64 v = a; ok && v <= b; v++) {
        int iv = (int)v;
        g_array_append_val(out, iv);
      }
    } else {
      ok = parse_int(p, &a);
      if (ok && out->len >= SCALE_MAX_SPAN) {
        g_strfreev(parts);
        return def_error(s, error, group, key, "more than %d codes; at most %d are supported",
                         SCALE_MAX_SPAN, SCALE_MAX_SPAN);
      }
      if (ok)
        g_array_append_val(out, a);
    }
    if (!ok)
      def_error(s, error, group, key,
                "'%s' is not a code or a range; expected whole numbers such as '1-5' or '0;1'", p);
  }
  g_strfreev(parts);
  return ok;
}

static char *
fold(const char *t)
{
  char *stripped = g_strstrip(g_strdup(t));
  char *f = g_utf8_casefold(stripped, -1);
  char *n = g_utf8_normalize(f, -1, G_NORMALIZE_ALL_COMPOSE);
  g_free(stripped);
  g_free(f);
  return n ? n : g_strdup("");
}

static gboolean
check_keys(OmSurvey *s, GKeyFile *kf, const char *group, const char *const *allowed, GError **error)
{
  char **keys = g_key_file_get_keys(kf, group, NULL, NULL);
  gboolean ok = TRUE;
  for (int i = 0; keys && keys[i] && ok; i++) {
    if (!g_strv_contains(allowed, keys[i])) {
      char *list = g_strjoinv(", ", (char **)allowed);
      ok = def_error(s, error, group, keys[i], "unknown key '%s' in [%s]; expected one of: %s",
                     keys[i], group, list);
      g_free(list);
    }
  }
  g_strfreev(keys);
  return ok;
}

static char *
get_required(OmSurvey *s, GKeyFile *kf, const char *group, const char *key, GError **error)
{
  char *v = g_key_file_get_string(kf, group, key, NULL);
  if (v)
    g_strstrip(v);
  if (v == NULL || *v == '\0') {
    g_free(v);
    def_error(s, error, group, NULL, "[%s] needs a value for '%s'", group, key);
    return NULL;
  }
  return v;
}

/* ---- scales ------------------------------------------------------------------------- */

static void
scale_free(gpointer p)
{
  OmAnswerScale *sc = p;
  if (!sc)
    return;
  g_free(sc->id);
  g_free(sc->title);
  g_array_unref(sc->values);
  g_array_unref(sc->satisfied);
  g_array_unref(sc->missing);
  g_strfreev(sc->labels);
  g_strfreev(sc->missing_labels);
  g_hash_table_unref(sc->by_label);
  g_free(sc->class_of);
  g_free(sc);
}

static OmAnswerScale *
find_scale(const OmSurvey *s, const char *id)
{
  return g_hash_table_lookup(s->scale_by_id, id);
}

static gboolean
add_labels(OmSurvey *s, OmAnswerScale *sc, const char *group, const char *key, char **labels,
           GArray *codes, GError **error)
{
  guint n = labels ? g_strv_length(labels) : 0;
  if (n > codes->len)
    return def_error(s, error, group, key, "%u labels for %u codes; give one label per code", n,
                     codes->len);
  if (n > 0 && n < codes->len && codes == sc->values)
    return def_error(s, error, group, key, "%u labels for %u values; give one label per value", n,
                     codes->len);
  for (guint i = 0; i < n; i++) {
    g_strstrip(labels[i]);
    char *f = fold(labels[i]);
    if (g_hash_table_contains(sc->by_label, f)) {
      g_free(f);
      return def_error(s, error, group, key, "label '%s' is used twice", labels[i]);
    }
    g_hash_table_insert(sc->by_label, f, GINT_TO_POINTER(g_array_index(codes, int, i)));
  }
  return TRUE;
}

/* aliases = 9: Weet niet; 9: n.v.t.; 5: Heel tevreden — more spellings of a code, as other
 * tools write them; matched like labels (case, surrounding spaces and Unicode form
 * ignored). */
/* Linear: used once per alias, and a scale has few aliases. */
static gboolean
array_has(const GArray *a, int v)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index(a, int, i) == v)
      return TRUE;
  return FALSE;
}

static gboolean
add_aliases(OmSurvey *s, OmAnswerScale *sc, GKeyFile *kf, const char *group, GError **error)
{
  char **list = g_key_file_get_string_list(kf, group, "aliases", NULL, NULL);
  gboolean ok = TRUE;
  for (int i = 0; ok && list && list[i]; i++) {
    char *colon = strchr(list[i], ':');
    int code = 0;
    if (colon)
      *colon = '\0';
    if (!colon || !parse_int(list[i], &code) || !*g_strstrip(colon + 1)) {
      ok = def_error(s, error, group, "aliases",
                     "alias '%s' is not CODE: label; expected e.g. aliases = 9: Weet niet; "
                     "9: n.v.t.",
                     g_strstrip(list[i]));
      break;
    }
    if (!array_has(sc->values, code) && !array_has(sc->missing, code)) {
      ok = def_error(s, error, group, "aliases",
                     "alias '%s' names code %d, which is neither a value nor a missing code of "
                     "the scale",
                     colon + 1, code);
      break;
    }
    char *f = fold(colon + 1);
    gpointer prev;
    if (g_hash_table_lookup_extended(sc->by_label, f, NULL, &prev)
        && GPOINTER_TO_INT(prev) != code) {
      ok = def_error(s, error, group, "aliases",
                     "alias '%s' is already the label of code %d; a spelling can mean one code",
                     colon + 1, GPOINTER_TO_INT(prev));
      g_free(f);
      break;
    }
    g_hash_table_insert(sc->by_label, f, GINT_TO_POINTER(code));
  }
  g_strfreev(list);
  return ok;
}

/* Duplicate values, satisfied values outside the scale, don't-know codes inside it: with a
 * hash set, linear in the number of codes (a pairwise check took seconds for 0-99998). */
static gboolean
check_codes(OmSurvey *s, OmAnswerScale *sc, const char *group, GError **error)
{
  GHashTable *values = g_hash_table_new(g_direct_hash, g_direct_equal);
  gboolean ok = TRUE;
  sc->min = sc->max = g_array_index(sc->values, int, 0);
  for (guint i = 0; ok && i < sc->values->len; i++) {
    int v = g_array_index(sc->values, int, i);
    /* the code itself is the key (GHashTable takes 0 = NULL as a key like any other) */
    if (!g_hash_table_add(values, GINT_TO_POINTER(v)))
      ok = def_error(s, error, group, "values", "value %d is listed twice", v);
    sc->min = MIN(sc->min, v);
    sc->max = MAX(sc->max, v);
  }
  for (guint i = 0; ok && i < sc->satisfied->len; i++) {
    int v = g_array_index(sc->satisfied, int, i);
    if (!g_hash_table_contains(values, GINT_TO_POINTER(v)))
      ok = def_error(s, error, group, "satisfied",
                     "satisfied value %d is outside the scale (%d–%d)", v, sc->min, sc->max);
  }
  for (guint i = 0; ok && i < sc->missing->len; i++) {
    int v = g_array_index(sc->missing, int, i);
    if (g_hash_table_contains(values, GINT_TO_POINTER(v)))
      ok = def_error(s, error, group, "missing",
                     "missing code %d is also a value of the scale; a don't-know code must "
                     "lie outside the values",
                     v);
  }
  g_hash_table_unref(values);
  return ok;
}

/* [design]: the survey's default design options (command-line options override them). */
static gboolean
load_design(OmSurvey *s, GKeyFile *kf, GError **error)
{
  static const char *const keys[] = { "fpc", "lonely", "df", "method", NULL };
  if (!check_keys(s, kf, "design", keys, error))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS(design_keys); k++) {
    char *v = g_key_file_get_string(kf, "design", design_keys[k], NULL);
    if (!v)
      continue;
    g_strstrip(v);
    gboolean known = FALSE;
    GString *expected = g_string_new(NULL);
    for (guint w = 0; design_words[k][w]; w++) {
      known = known || strcmp(v, design_words[k][w]) == 0;
      g_string_append_printf(expected, "%s%s", w ? ", " : "", design_words[k][w]);
    }
    if (!known) {
      def_error(s, error, "design", design_keys[k], "%s '%s' is not a design option; expected %s",
                design_keys[k], v, expected->str);
      g_string_free(expected, TRUE);
      g_free(v);
      return FALSE;
    }
    g_string_free(expected, TRUE);
    s->design[k] = v;
  }
  return TRUE;
}

static gboolean
load_scale(OmSurvey *s, GKeyFile *kf, const char *group, GError **error)
{
  static const char *const keys[]
      = { "title", "values", "labels", "satisfied", "missing", "missing-labels", "aliases", NULL };
  if (!check_keys(s, kf, group, keys, error))
    return FALSE;
  OmAnswerScale *sc = g_new0(OmAnswerScale, 1);
  sc->id = g_strdup(group + strlen("scale:"));
  sc->title = g_key_file_get_string(kf, group, "title", NULL);
  sc->values = g_array_new(FALSE, FALSE, sizeof(int));
  sc->satisfied = g_array_new(FALSE, FALSE, sizeof(int));
  sc->missing = g_array_new(FALSE, FALSE, sizeof(int));
  sc->by_label = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add(s->scales, sc);
  g_hash_table_insert(s->scale_by_id, sc->id, sc);

  if (*sc->id == '\0')
    return def_error(s, error, group, NULL, "a scale needs a name: [scale:NAME]");
  if (!g_key_file_has_key(kf, group, "values", NULL))
    return def_error(s, error, group, NULL, "[%s] needs 'values', e.g. values = 1-5", group);
  if (!parse_code_list(s, kf, group, "values", sc->values, error))
    return FALSE;
  if (sc->values->len == 0)
    return def_error(s, error, group, "values", "the scale has no values");
  if (!g_key_file_has_key(kf, group, "satisfied", NULL))
    return def_error(s, error, group, NULL,
                     "[%s] needs 'satisfied': the values that count as satisfied", group);
  if (!parse_code_list(s, kf, group, "satisfied", sc->satisfied, error))
    return FALSE;
  if (sc->satisfied->len == 0)
    return def_error(s, error, group, "satisfied",
                     "'satisfied' is empty; expected the values that count as satisfied");
  if (g_key_file_has_key(kf, group, "missing", NULL)
      && !parse_code_list(s, kf, group, "missing", sc->missing, error))
    return FALSE;

  if (!check_codes(s, sc, group, error))
    return FALSE;

  sc->labels = g_key_file_get_string_list(kf, group, "labels", NULL, NULL);
  sc->missing_labels = g_key_file_get_string_list(kf, group, "missing-labels", NULL, NULL);
  if (!add_labels(s, sc, group, "labels", sc->labels, sc->values, error)
      || !add_labels(s, sc, group, "missing-labels", sc->missing_labels, sc->missing, error)
      || !add_aliases(s, sc, kf, group, error))
    return FALSE;

  sc->lo = sc->min;
  sc->hi = sc->max;
  for (guint i = 0; i < sc->missing->len; i++) {
    sc->lo = MIN(sc->lo, g_array_index(sc->missing, int, i));
    sc->hi = MAX(sc->hi, g_array_index(sc->missing, int, i));
  }
  if ((gint64)sc->hi - sc->lo >= SCALE_MAX_SPAN)
    return def_error(s, error, group, NULL,
                     "the codes of this scale span %d–%d; at most %d apart is supported", sc->lo,
                     sc->hi, SCALE_MAX_SPAN);
  sc->class_of = g_new(guint8, (gsize)(sc->hi - sc->lo + 1));
  memset(sc->class_of, OM_ANSWER_CLASS_INVALID, (gsize)(sc->hi - sc->lo + 1));
  for (guint i = 0; i < sc->values->len; i++)
    sc->class_of[g_array_index(sc->values, int, i) - sc->lo] = OM_ANSWER_CLASS_OTHER;
  for (guint i = 0; i < sc->satisfied->len; i++)
    sc->class_of[g_array_index(sc->satisfied, int, i) - sc->lo] = OM_ANSWER_CLASS_SATISFIED;
  for (guint i = 0; i < sc->missing->len; i++)
    sc->class_of[g_array_index(sc->missing, int, i) - sc->lo] = OM_ANSWER_CLASS_MISSING;
  return TRUE;
}

/* ---- items and indicators ----------------------------------------------------------- */

static const char *
keep(OmSurvey *s, char *str)
{
  if (str)
    g_ptr_array_add(s->item_strs, str);
  return str;
}

static gboolean
map_column(OmSurvey *s, const char *group, const char *key, const char *name, guint index,
           GError **error)
{
  char *f = fold(name);
  gpointer prev = g_hash_table_lookup(s->item_by_column, f);
  if (prev && GPOINTER_TO_UINT(prev) != index + 1) {
    const OmItem *other = &g_array_index(s->items, OmItem, GPOINTER_TO_UINT(prev) - 1);
    g_free(f);
    return def_error(s, error, group, key, "column '%s' is already mapped to item '%s'", name,
                     other->id);
  }
  g_hash_table_insert(s->item_by_column, f, GUINT_TO_POINTER(index + 1));
  return TRUE;
}

static gboolean
load_item(OmSurvey *s, GKeyFile *kf, const char *group, GError **error)
{
  static const char *const keys[] = { "column", "title", "theme", "scale", NULL };
  if (!check_keys(s, kf, group, keys, error))
    return FALSE;
  OmItem item = { 0 };
  item.id = keep(s, g_strdup(group + strlen("item:")));
  if (*item.id == '\0')
    return def_error(s, error, group, NULL, "an item needs a name: [item:NAME]");
  char *col = g_key_file_get_string(kf, group, "column", NULL);
  item.column = keep(s, col ? g_strstrip(col) : g_strdup(item.id));
  char *title = g_key_file_get_string(kf, group, "title", NULL);
  item.title = keep(s, title ? g_strstrip(title) : NULL);

  char *theme = get_required(s, kf, group, "theme", error);
  if (!theme)
    return FALSE;
  gboolean theme_ok = strlen(theme) == 1 && theme[0] >= 'A' && theme[0] <= 'D';
  item.theme = theme[0];
  if (!theme_ok) {
    def_error(s, error, group, "theme",
              "theme '%s' is not one of A, B, C, D (A partnerschap, B onderwijsondersteunend "
              "gedrag, C opvoedingsondersteuning, D ouder-netwerken)",
              theme);
    g_free(theme);
    return FALSE;
  }
  g_free(theme);

  char *scale = get_required(s, kf, group, "scale", error);
  if (!scale)
    return FALSE;
  item.scale = find_scale(s, scale);
  if (!item.scale) {
    def_error(s, error, group, "scale", "unknown scale '%s'; define it as [scale:%s]", scale,
              scale);
    g_free(scale);
    return FALSE;
  }
  g_free(scale);

  const char *key_cols[] = { s->respondent_col, s->institution_col, s->year_col };
  for (guint k = 0; k < G_N_ELEMENTS(key_cols); k++)
    if (key_cols[k] && g_ascii_strcasecmp(key_cols[k], item.column) == 0)
      return def_error(s, error, group, "column",
                       "column '%s' is the survey's respondent, institution or year column; "
                       "an item needs a column of its own",
                       item.column);
  guint index = s->items->len;
  g_array_append_val(s->items, item);
  g_hash_table_insert(s->item_by_id, g_strdup(item.id), GUINT_TO_POINTER(index + 1));
  if (!map_column(s, group, "column", item.column, index, error))
    return FALSE;
  if (item.title && !map_column(s, group, "title", item.title, index, error))
    return FALSE;
  return TRUE;
}

static gboolean
load_indicator(OmSurvey *s, GKeyFile *kf, const char *group, GError **error)
{
  static const char *const keys[]
      = { "title", "title-en", "theme", "items", "rule", "mean-at-least", "min-valid", NULL };
  if (!check_keys(s, kf, group, keys, error))
    return FALSE;
  OmIndicator ind = { 0 };
  ind.id = keep(s, g_strdup(group + strlen("indicator:")));
  if (*ind.id == '\0')
    return def_error(s, error, group, NULL, "an indicator needs a name: [indicator:NAME]");
  char *title = g_key_file_get_string(kf, group, "title", NULL);
  ind.title = keep(s, title ? g_strstrip(title) : g_strdup(ind.id));
  char *title_en = g_key_file_get_string(kf, group, "title-en", NULL);
  ind.title_en = title_en ? keep(s, g_strstrip(title_en)) : NULL;

  gsize n = 0;
  char **ids = g_key_file_get_string_list(kf, group, "items", &n, NULL);
  if (n == 0) {
    g_strfreev(ids);
    return def_error(s, error, group, NULL,
                     "[%s] needs 'items': one item, or several for a "
                     "composite",
                     group);
  }
  guint *idx = g_new(guint, n);
  keep(s, (char *)idx);
  ind.items = idx;
  ind.n_items = (guint)n;
  GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal); /* index + 1 */
  for (gsize i = 0; i < n; i++) {
    int k = om_survey_find_item(s, g_strstrip(ids[i]));
    gboolean ok = k >= 0 && g_hash_table_add(seen, GUINT_TO_POINTER((guint)k + 1));
    if (!ok) {
      if (k < 0)
        def_error(s, error, group, "items", "unknown item '%s'; define it as [item:%s] above",
                  ids[i], ids[i]);
      else
        def_error(s, error, group, "items", "item '%s' is listed twice; each item counts once",
                  ids[i]);
      g_strfreev(ids);
      g_hash_table_unref(seen);
      return FALSE;
    }
    idx[i] = (guint)k;
  }
  g_hash_table_unref(seen);
  g_strfreev(ids);

  const OmItem *first = om_survey_item(s, idx[0]);
  for (guint i = 1; i < ind.n_items; i++)
    if (om_survey_item(s, idx[i])->scale != first->scale)
      return def_error(s, error, group, "items",
                       "item '%s' has scale '%s' but '%s' has '%s'; a composite needs one scale",
                       om_survey_item(s, idx[i])->id, om_survey_item(s, idx[i])->scale->id,
                       first->id, first->scale->id);

  char *theme = g_key_file_get_string(kf, group, "theme", NULL);
  ind.theme = first->theme;
  if (theme) {
    g_strstrip(theme);
    gboolean ok = strlen(theme) == 1 && theme[0] >= 'A' && theme[0] <= 'D';
    ind.theme = theme[0];
    if (!ok) {
      def_error(s, error, group, "theme", "theme '%s' is not one of A, B, C, D", theme);
      g_free(theme);
      return FALSE;
    }
    g_free(theme);
  }

  char *rule = g_key_file_get_string(kf, group, "rule", NULL);
  ind.rule = ind.n_items == 1 ? OM_RULE_SINGLE : OM_RULE_MEAN;
  if (rule) {
    g_strstrip(rule);
    if (strcmp(rule, "single") == 0)
      ind.rule = OM_RULE_SINGLE;
    else if (strcmp(rule, "mean") == 0)
      ind.rule = OM_RULE_MEAN;
    else {
      def_error(s, error, group, "rule", "rule '%s' is unknown; expected 'single' or 'mean'", rule);
      g_free(rule);
      return FALSE;
    }
    g_free(rule);
  }
  if (ind.rule == OM_RULE_SINGLE && ind.n_items != 1)
    return def_error(s, error, group, "items", "rule 'single' takes exactly one item, not %u",
                     ind.n_items);
  if (ind.rule == OM_RULE_MEAN) {
    GError *e = NULL;
    ind.mean_at_least = g_key_file_get_double(kf, group, "mean-at-least", &e);
    if (e) {
      g_clear_error(&e);
      return def_error(s, error, group, "mean-at-least",
                       "a composite needs 'mean-at-least', a number such as 3.5");
    }
    if (!(ind.mean_at_least >= first->scale->min && ind.mean_at_least <= first->scale->max))
      return def_error(s, error, group, "mean-at-least",
                       "mean-at-least %g is outside the scale (%d–%d)", ind.mean_at_least,
                       first->scale->min, first->scale->max);
    int mv = (int)ind.n_items;
    if (g_key_file_has_key(kf, group, "min-valid", NULL)) {
      mv = g_key_file_get_integer(kf, group, "min-valid", &e);
      if (e || mv < 1 || mv > (int)ind.n_items) {
        g_clear_error(&e);
        return def_error(s, error, group, "min-valid",
                         "min-valid must be a whole number from 1 to %u (the number of items)",
                         ind.n_items);
      }
    }
    ind.min_valid = (guint)mv;
  }
  g_array_append_val(s->indicators, ind);
  return TRUE;
}

/* header-row: which row holds the column names (SurveyMonkey: 2); header-rows: how many
 * rows the header has in all (Qualtrics: 3). Absent: detected. */
static gboolean
load_header_rows(OmSurvey *s, GKeyFile *kf, GError **error)
{
  static const char *const keys[] = { "header-row", "header-rows" };
  int *slots[] = { &s->header_row, &s->header_rows };
  for (int k = 0; k < 2; k++) {
    char *v = g_key_file_get_string(kf, "survey", keys[k], NULL);
    if (!v)
      continue;
    int n = 0;
    gboolean ok = parse_int(v, &n) && n >= 1 && n <= 20;
    g_free(v);
    if (!ok)
      return def_error(s, error, "survey", keys[k],
                       "'%s' must be a row number from 1 to 20, e.g. %s = 2", keys[k], keys[k]);
    *slots[k] = n;
  }
  if (s->header_row && s->header_rows && s->header_rows < s->header_row)
    return def_error(s, error, "survey", "header-rows",
                     "header-rows = %d is fewer than header-row = %d; header-rows counts every "
                     "header row, the names row included",
                     s->header_rows, s->header_row);
  return TRUE;
}

static gboolean
load_header(OmSurvey *s, GKeyFile *kf, GError **error)
{
  static const char *const keys[]
      = { "id",          "title",      "group",       "respondent-column", "institution-column",
          "year-column", "header-row", "header-rows", "title-prefix",      NULL };
  if (!g_key_file_has_group(kf, "survey"))
    return def_error(s, error, NULL, NULL,
                     "there is no [survey] group; it names the id, group and key columns");
  if (!check_keys(s, kf, "survey", keys, error))
    return FALSE;
  if (!(s->id = get_required(s, kf, "survey", "id", error))
      || !(s->group = get_required(s, kf, "survey", "group", error))
      || !(s->respondent_col = get_required(s, kf, "survey", "respondent-column", error))
      || !(s->institution_col = get_required(s, kf, "survey", "institution-column", error)))
    return FALSE;
  s->title = g_key_file_get_string(kf, "survey", "title", NULL);
  if (!s->title)
    s->title = g_strdup(s->id);
  s->year_col = g_key_file_get_string(kf, "survey", "year-column", NULL);
  if (s->year_col && *g_strstrip(s->year_col) == '\0')
    g_clear_pointer(&s->year_col, g_free);
  if (!load_header_rows(s, kf, error))
    return FALSE;
  char *prefix = g_key_file_get_string(kf, "survey", "title-prefix", NULL);
  if (prefix && *g_strstrip(prefix))
    s->title_prefix = fold(prefix);
  g_free(prefix);
  if (g_ascii_strcasecmp(s->respondent_col, s->institution_col) == 0
      || (s->year_col
          && (g_ascii_strcasecmp(s->year_col, s->respondent_col) == 0
              || g_ascii_strcasecmp(s->year_col, s->institution_col) == 0)))
    return def_error(s, error, "survey", "institution-column",
                     "the respondent, institution and year columns must be three different "
                     "columns");
  if (!om_group_from_key(s->group, &s->group_kind))
    return def_error(s, error, "survey", "group", "group '%s' is unknown; expected %s", s->group,
                     om_group_keys_quoted());
  return TRUE;
}

OmSurvey *
om_survey_new_from_data(const char *source, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail(data != NULL, NULL);
  OmSurvey *s = g_new0(OmSurvey, 1);
  s->source = g_strdup(source ? source : "(definition)");
  s->text = g_strndup(data, len);
  s->sha256 = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->text, -1);
  s->scales = g_ptr_array_new_with_free_func(scale_free);
  s->items = g_array_new(FALSE, TRUE, sizeof(OmItem));
  s->item_strs = g_ptr_array_new_with_free_func(g_free);
  s->indicators = g_array_new(FALSE, TRUE, sizeof(OmIndicator));
  s->item_by_id = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  s->scale_by_id = g_hash_table_new(g_str_hash, g_str_equal);
  s->item_by_column = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

  GKeyFile *kf = g_key_file_new();
  GError *e = NULL;
  gboolean ok = TRUE;
  if (!g_utf8_validate(s->text, -1, NULL) || strlen(s->text) != len) {
    g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION, "%s: the definition is not UTF-8 text",
                s->source);
    ok = FALSE;
  } else if (!g_key_file_load_from_data(kf, s->text, len, G_KEY_FILE_NONE, &e)) {
    g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION, "%s: %s", s->source, e->message);
    g_clear_error(&e);
    ok = FALSE;
  }
  ok = ok && (s->lines = om_key_lines_new(s->source, s->text, error)) != NULL
       && load_header(s, kf, error);

  /* Scales first, so items may refer to scales defined anywhere in the file; items before
   * indicators for the same reason. */
  char **groups = ok ? g_key_file_get_groups(kf, NULL) : NULL;
  for (int pass = 0; ok && pass < 3; pass++) {
    for (int i = 0; ok && groups[i]; i++) {
      const char *g = groups[i];
      if (pass == 0 && g_str_has_prefix(g, "scale:"))
        ok = load_scale(s, kf, g, error);
      else if (pass == 1 && g_str_has_prefix(g, "item:"))
        ok = load_item(s, kf, g, error);
      else if (pass == 2 && g_str_has_prefix(g, "indicator:"))
        ok = load_indicator(s, kf, g, error);
      else if (pass == 0 && strcmp(g, "design") == 0)
        ok = load_design(s, kf, error);
      else if (pass == 0 && strcmp(g, "survey") != 0 && !g_str_has_prefix(g, "scale:")
               && !g_str_has_prefix(g, "item:") && !g_str_has_prefix(g, "indicator:"))
        ok = def_error(s, error, g, NULL,
                       "unknown group [%s]; expected [survey], [design], [scale:NAME], "
                       "[item:NAME] or [indicator:NAME]",
                       g);
    }
  }
  g_strfreev(groups);
  if (ok && s->items->len == 0)
    ok = def_error(s, error, NULL, NULL, "the definition has no [item:NAME] groups");
  if (ok && s->items->len > 4096)
    ok = def_error(s, error, NULL, NULL, "%u items; at most 4096 are supported", s->items->len);
  g_key_file_free(kf);
  if (!ok) {
    om_survey_free(s);
    return NULL;
  }
  return s;
}

OmSurvey *
om_survey_new_from_file(const char *path, GError **error)
{
  char *data = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, &data, &len, &e)) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot read survey definition: %s", e->message);
    g_error_free(e);
    return NULL;
  }
  OmSurvey *s = om_survey_new_from_data(path, data, len, error);
  g_free(data);
  return s;
}

void
om_survey_free(OmSurvey *s)
{
  if (!s)
    return;
  g_free(s->source);
  g_free(s->text);
  g_free(s->sha256);
  g_free(s->title_prefix);
  g_free(s->id);
  g_free(s->title);
  g_free(s->group);
  g_free(s->respondent_col);
  g_free(s->institution_col);
  g_free(s->year_col);
  for (guint k = 0; k < G_N_ELEMENTS(s->design); k++)
    g_free(s->design[k]);
  g_ptr_array_unref(s->scales);
  g_array_unref(s->items);
  g_array_unref(s->indicators);
  g_ptr_array_unref(s->item_strs);
  g_hash_table_unref(s->item_by_id);
  g_hash_table_unref(s->scale_by_id);
  g_hash_table_unref(s->item_by_column);
  om_key_lines_free(s->lines);
  g_free(s);
}

const char *
om_survey_id(const OmSurvey *s)
{
  return s->id;
}
const char *
om_survey_title(const OmSurvey *s)
{
  return s->title;
}
const char *
om_survey_group(const OmSurvey *s)
{
  return s->group;
}
const char *
om_survey_respondent_column(const OmSurvey *s)
{
  return s->respondent_col;
}
const char *
om_survey_institution_column(const OmSurvey *s)
{
  return s->institution_col;
}
const char *
om_survey_year_column(const OmSurvey *s)
{
  return s->year_col;
}
const char *
om_survey_text(const OmSurvey *s)
{
  return s->text;
}
const char *
om_survey_sha256(const OmSurvey *s)
{
  return s->sha256;
}

OmGroup
om_survey_group_kind(const OmSurvey *s)
{
  return s->group_kind;
}

int
om_survey_header_row(const OmSurvey *s)
{
  return s->header_row;
}

int
om_survey_header_rows(const OmSurvey *s)
{
  return s->header_rows;
}

guint
om_survey_n_items(const OmSurvey *s)
{
  return s->items->len;
}
guint
om_survey_n_indicators(const OmSurvey *s)
{
  return s->indicators->len;
}

const OmItem *
om_survey_item(const OmSurvey *s, guint i)
{
  g_return_val_if_fail(i < s->items->len, NULL);
  return &g_array_index(s->items, OmItem, i);
}

const OmItem *
om_survey_items(const OmSurvey *s)
{
  return (const OmItem *)(gpointer)s->items->data;
}

int
om_survey_find_item(const OmSurvey *s, const char *id)
{
  gpointer v = g_hash_table_lookup(s->item_by_id, id);
  return v ? (int)GPOINTER_TO_UINT(v) - 1 : -1;
}

int
om_survey_match_column(const OmSurvey *s, const char *header)
{
  char *f = fold(header);
  gpointer v = g_hash_table_lookup(s->item_by_column, f);
  if (!v && f[0] == '[') {
    /* LimeSurvey "[a1] Question text" */
    char *end = strchr(f, ']');
    if (end) {
      char *code = g_strndup(f + 1, (gsize)(end - f - 1));
      v = g_hash_table_lookup(s->item_by_column, code);
      g_free(code);
    }
  }
  gsize flen = strlen(f);
  char *open = flen ? strrchr(f, '[') : NULL;
  if (!v && open && open != f && f[flen - 1] == ']') {
    /* Google Forms "Question text [item text]": the item's title is the text in brackets */
    char *inner = g_strndup(open + 1, (gsize)(f + flen - 1 - open - 1));
    v = g_hash_table_lookup(s->item_by_column, g_strstrip(inner));
    g_free(inner);
  }
  if (!v && s->title_prefix && g_str_has_prefix(f, s->title_prefix)) {
    /* a shared question text declared once (title-prefix): the rest is the item's title */
    const char *rest = f + strlen(s->title_prefix);
    while (*rest == ' ' || *rest == ':' || *rest == '-' || *rest == '.')
      rest++;
    v = g_hash_table_lookup(s->item_by_column, rest);
  }
  if (!v) {
    /* LimeSurvey "a1. Question text", "a1: Question text", "a1 - Question text" */
    size_t k = strcspn(f, ".: ");
    if (k > 0 && f[k] != '\0') {
      char *code = g_strndup(f, k);
      v = g_hash_table_lookup(s->item_by_column, code);
      g_free(code);
    }
  }
  g_free(f);
  return v ? (int)GPOINTER_TO_UINT(v) - 1 : -1;
}

const OmIndicator *
om_survey_indicator(const OmSurvey *s, guint i)
{
  g_return_val_if_fail(i < s->indicators->len, NULL);
  return &g_array_index(s->indicators, OmIndicator, i);
}

const OmIndicator *
om_survey_find_indicator(const OmSurvey *s, const char *id)
{
  for (guint i = 0; i < s->indicators->len; i++)
    if (strcmp(g_array_index(s->indicators, OmIndicator, i).id, id) == 0)
      return &g_array_index(s->indicators, OmIndicator, i);
  return NULL;
}

const char *
om_scale_id(const OmAnswerScale *sc)
{
  return sc->id;
}
int
om_scale_min(const OmAnswerScale *sc)
{
  return sc->min;
}
int
om_scale_max(const OmAnswerScale *sc)
{
  return sc->max;
}

const char *
om_scale_label(const OmAnswerScale *sc, int code)
{
  for (guint i = 0; sc->labels && i < sc->values->len && sc->labels[i]; i++)
    if (g_array_index(sc->values, int, i) == code)
      return sc->labels[i];
  for (guint i = 0; sc->missing_labels && i < sc->missing->len && sc->missing_labels[i]; i++)
    if (g_array_index(sc->missing, int, i) == code)
      return sc->missing_labels[i];
  return NULL;
}

OmAnswerClass
om_scale_classify(const OmAnswerScale *sc, gint32 code)
{
  if (code == OM_ANSWER_BLANK)
    return OM_ANSWER_CLASS_BLANK;
  if (code < sc->lo || code > sc->hi)
    return OM_ANSWER_CLASS_INVALID;
  return (OmAnswerClass)sc->class_of[code - sc->lo];
}

/* om_scale_parse for every cell but a lone digit or an empty one. */
static G_GNUC_NO_INLINE gboolean
scale_parse_text(const OmAnswerScale *sc, const char *text, gint32 *code)
{
  const char *p = text;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '\0') {
    *code = OM_ANSWER_BLANK;
    return TRUE;
  }
  /* Fast path: a plain number, as nearly every export writes. */
  const char *q = p;
  if (*q == '-')
    q++;
  if (g_ascii_isdigit(*q)) {
    gint64 v = 0;
    while (g_ascii_isdigit(*q) && v < 1000000000)
      v = v * 10 + (*q++ - '0');
    while (*q == ' ' || *q == '\t')
      q++;
    if (*q == '\0') {
      if (*p == '-')
        v = -v;
      if (v >= sc->lo && v <= sc->hi && sc->class_of[v - sc->lo] != OM_ANSWER_CLASS_INVALID) {
        *code = (gint32)v;
        return TRUE;
      }
      return FALSE;
    }
  }
  if (g_hash_table_size(sc->by_label) == 0)
    return FALSE;
  char *f = fold(p);
  gpointer orig_key, val;
  gboolean found = g_hash_table_lookup_extended(sc->by_label, f, &orig_key, &val);
  g_free(f);
  if (found)
    *code = GPOINTER_TO_INT(val);
  return found;
}

gboolean
om_scale_parse(const OmAnswerScale *sc, const char *text, gint32 *code)
{
  /* Fastest path, without a stack frame: one digit, as nearly every answer in an export is
   * (25 million cells in a national wave), or nothing. Gives what scale_parse_text gives
   * for such a cell. */
  guint d = (guint)(guchar)text[0] - '0';
  if (d <= 9 && text[1] == '\0') {
    if ((int)d < sc->lo || (int)d > sc->hi
        || sc->class_of[(int)d - sc->lo] == OM_ANSWER_CLASS_INVALID)
      return FALSE;
    *code = (gint32)d;
    return TRUE;
  }
  if (text[0] == '\0') {
    *code = OM_ANSWER_BLANK;
    return TRUE;
  }
  return scale_parse_text(sc, text, code);
}

/* om_scale_parse_class for every cell but a lone digit or an empty one; apart, so that
 * the common path needs no stack frame. */
static G_GNUC_NO_INLINE gboolean
scale_parse_class_text(const OmAnswerScale *sc, const char *text, gint32 *code, OmAnswerClass *cls)
{
  gint32 v;
  if (!scale_parse_text(sc, text, &v))
    return FALSE;
  *code = v;
  *cls = om_scale_classify(sc, v);
  return TRUE;
}

gboolean
om_scale_parse_class(const OmAnswerScale *sc, const char *text, gint32 *code, OmAnswerClass *cls)
{
  guint d = (guint)(guchar)text[0] - '0';
  if (d <= 9 && text[1] == '\0') { /* as in om_scale_parse */
    if ((int)d < sc->lo || (int)d > sc->hi)
      return FALSE;
    OmAnswerClass c = (OmAnswerClass)sc->class_of[(int)d - sc->lo];
    if (c == OM_ANSWER_CLASS_INVALID)
      return FALSE;
    *code = (gint32)d;
    *cls = c;
    return TRUE;
  }
  if (text[0] == '\0') {
    *code = OM_ANSWER_BLANK;
    *cls = OM_ANSWER_CLASS_BLANK;
    return TRUE;
  }
  return scale_parse_class_text(sc, text, code, cls);
}

char *
om_scale_describe(const OmAnswerScale *sc)
{
  GString *d = g_string_new(NULL);
  gboolean contiguous = (guint)(sc->max - sc->min + 1) == sc->values->len;
  if (contiguous)
    g_string_append_printf(d, "%d–%d", sc->min, sc->max);
  else
    for (guint i = 0; i < sc->values->len; i++)
      g_string_append_printf(d, "%s%d", i ? ", " : "", g_array_index(sc->values, int, i));
  if (sc->labels && sc->labels[0])
    g_string_append_printf(d, " or labels such as '%s'", sc->labels[sc->values->len - 1]);
  for (guint i = 0; i < sc->missing->len; i++) {
    g_string_append_printf(d, ", %d", g_array_index(sc->missing, int, i));
    if (sc->missing_labels && i < g_strv_length(sc->missing_labels))
      g_string_append_printf(d, " = %s", sc->missing_labels[i]);
  }
  g_string_append(d, ", or empty");
  return g_string_free(d, FALSE);
}

const OmAnswerScale *
om_indicator_scale(const OmSurvey *s, const OmIndicator *ind)
{
  return om_survey_item(s, ind->items[0])->scale;
}

OmAnswerClass
om_indicator_classify(const OmSurvey *s, const OmIndicator *ind, const gint32 *answers,
                      double *score)
{
  const OmAnswerScale *sc = om_indicator_scale(s, ind);
  if (ind->rule == OM_RULE_SINGLE) {
    gint32 code = answers[ind->items[0]];
    OmAnswerClass c = om_scale_classify(sc, code);
    if (c == OM_ANSWER_CLASS_INVALID)
      c = OM_ANSWER_CLASS_BLANK; /* the importer refuses these; never count them */
    if (score && (c == OM_ANSWER_CLASS_SATISFIED || c == OM_ANSWER_CLASS_OTHER))
      *score = code;
    return c;
  }
  double sum = 0;
  guint valid = 0, missing = 0;
  for (guint i = 0; i < ind->n_items; i++) {
    gint32 code = answers[ind->items[i]];
    OmAnswerClass c = om_scale_classify(sc, code);
    if (c == OM_ANSWER_CLASS_SATISFIED || c == OM_ANSWER_CLASS_OTHER) {
      sum += code;
      valid++;
    } else if (c == OM_ANSWER_CLASS_MISSING) {
      missing++;
    }
  }
  if (valid >= ind->min_valid && valid > 0) {
    double mean = sum / valid;
    if (score)
      *score = mean;
    /* Compared as sum >= threshold * valid: both sides are exact in binary for integer
     * codes and half-point thresholds (3.5), so a mean of exactly 3.5 counts as satisfied;
     * sum / valid could round 10/3-style means either way. */
    return sum >= ind->mean_at_least * valid ? OM_ANSWER_CLASS_SATISFIED : OM_ANSWER_CLASS_OTHER;
  }
  return missing > 0 ? OM_ANSWER_CLASS_MISSING : OM_ANSWER_CLASS_BLANK;
}

const char *
om_survey_design_option(const OmSurvey *s, const char *key)
{
  for (guint k = 0; key && k < G_N_ELEMENTS(design_keys); k++)
    if (strcmp(key, design_keys[k]) == 0)
      return s->design[k];
  return NULL;
}
