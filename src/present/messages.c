/* messages.c — the report's sentences in council language: a result and its status read
 * aloud, the change since the nulmeting in procentpunt, the institutions' survey as counts
 * and names, and the key messages after the cover.
 *
 * Words only: never draws, never writes a file, never prints. A withheld share is never
 * put into words; only that it is withheld, and why.
 */
#include "present/messages.h"
#include "present/chart-model.h"
#include "present/charts.h"

#include <math.h>
#include <string.h>

#define NL(lang) ((lang) == OM_LANG_NL)

const char *
om_messages_indicator_title(const OmIndicator *ind, OmLang lang)
{
  return lang == OM_LANG_EN && ind->title_en ? ind->title_en : ind->title;
}

const char *
om_messages_target_text(const OmTarget *t, OmLang lang)
{
  return lang == OM_LANG_EN && t->text_en ? t->text_en : t->text;
}

const char *
om_messages_sector_title(const char *sector, OmLang lang)
{
  return om_register_sector_title(sector, lang == OM_LANG_EN);
}

char *
om_messages_scope_name(const OmSeries *s, OmLang lang)
{
  if (s->kind == OM_SCOPE_SECTOR)
    return g_strdup(om_messages_sector_title(s->id, lang));
  if (s->kind == OM_SCOPE_GEMEENTE && lang == OM_LANG_EN && g_str_has_prefix(s->name, "Gemeente"))
    return g_strdup_printf("Municipality of%s", s->name + strlen("Gemeente"));
  return g_strdup(s->name);
}

const OmPoint *
om_messages_baseline(const OmSeries *s)
{
  for (guint i = 0; s && i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->baseline)
      return p;
  }
  return NULL;
}

/* "90%" for whole percentages, "87,5%" otherwise. Transfer full. */
static char *
pct_short(double share, OmLang lang)
{
  double pct = share * 100;
  return om_format_percent(share, fabs(pct - round(pct)) < 1e-9 ? 0 : 1, lang);
}

/* A difference of shares in procentpunt with its sign: "+5,0", "−1,2", "0,0". */
static char *
signed_pp(double d, OmLang lang)
{
  char *v = om_format_decimal(fabs(d) * 100, 1, lang);
  const char *sign = d * 100 >= 0.05 ? "+" : d * 100 <= -0.05 ? "−" : "";
  char *s = g_strconcat(sign, v, NULL);
  g_free(v);
  return s;
}

gboolean
om_messages_change_significant(const OmPoint *p)
{
  return p != NULL && p->has_change && isfinite(p->change.diff)
         && (p->change.lower > 0 || p->change.upper < 0);
}

char *
om_messages_change(const OmPoint *p, double level, gboolean short_form, OmLang lang)
{
  if (!p || !p->has_change || !isfinite(p->change.diff))
    return NULL;
  const OmDiff *d = &p->change;
  gboolean sig = om_messages_change_significant(p);
  char *v = signed_pp(d->diff, lang);
  char *s;
  if (short_form) {
    s = g_strdup_printf(NL(lang) ? "%s pp, %s" : "%s pp, %s", v,
                        sig ? (NL(lang) ? "significant" : "significant")
                            : (NL(lang) ? "niet significant" : "not significant"));
  } else {
    char *lo = signed_pp(d->lower, lang), *hi = signed_pp(d->upper, lang);
    int lv = (int)lround(level * 100);
    s = g_strdup_printf(NL(lang) ? "%s procentpunt (%d%%-BI %s tot %s), %s"
                                 : "%s percentage points (%d%% CI %s to %s), %s",
                        v, lv, lo, hi,
                        sig ? (NL(lang) ? "significant" : "significant")
                            : (NL(lang) ? "niet significant" : "not significant"));
    g_free(lo);
    g_free(hi);
  }
  g_free(v);
  return s;
}

/* ---- the institutions' survey ----------------------------------------------------------- */

static gboolean
in_scope(const OmEvaluationRow *r, const char *sector)
{
  if (!sector)
    return FALSE;
  if (r->series->kind == OM_SCOPE_SECTOR)
    return strcmp(r->series->id, sector) == 0;
  if (!r->target->sectors)
    return TRUE;
  for (char **s = r->target->sectors; *s; s++)
    if (strcmp(*s, sector) == 0)
      return TRUE;
  return FALSE;
}

static const OmPoint *
point_in(const OmSeries *s, int year)
{
  for (guint i = 0; s && i < s->points->len; i++) {
    const OmPoint *p = &g_array_index(s->points, OmPoint, i);
    if (p->year == year)
      return p;
  }
  return NULL;
}

gboolean
om_census_count(const OmEvaluation *ev, const OmEvaluationRow *r, OmCensus *out)
{
  if (r->target->kind == OM_GROUP_OUDERS || r->series->kind == OM_SCOPE_INSTELLING)
    return FALSE;
  memset(out, 0, sizeof *out);
  out->names_no = g_ptr_array_new_with_free_func(g_free);
  out->names_missing = g_ptr_array_new_with_free_func(g_free);
  out->year = r->result.year_used ? r->result.year_used : r->target->deadline;
  const GArray *reg = om_evaluation_institutions(ev);
  for (guint i = 0; reg && i < reg->len; i++) {
    const OmInstitution *in = &g_array_index(reg, OmInstitution, i);
    if (!in_scope(r, in->sector))
      continue;
    out->total++;
    const OmPoint *p
        = point_in(om_analysis_find(r->analysis, OM_SCOPE_INSTELLING, in->code), out->year);
    if (!p || p->n == 0) {
      out->missing++;
      g_ptr_array_add(out->names_missing, g_strdup(in->name));
    } else if (p->satisfied == p->n) {
      out->yes++;
    } else {
      out->no++;
      g_ptr_array_add(out->names_no, g_strdup(in->name));
    }
  }
  return TRUE;
}

void
om_census_clear(OmCensus *c)
{
  if (!c)
    return;
  g_clear_pointer(&c->names_no, g_ptr_array_unref);
  g_clear_pointer(&c->names_missing, g_ptr_array_unref);
}

char *
om_census_short(const OmCensus *c, OmLang lang)
{
  return g_strdup_printf(NL(lang) ? "%u van de %u" : "%u of %u", c->yes, c->total);
}

static void
append_names(GString *s, const GPtrArray *names, const char *what)
{
  if (names->len == 0)
    return;
  if (s->len && s->str[s->len - 1] != ' ')
    g_string_append(s, "; ");
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(names, i));
  g_string_append_printf(s, " (%s)", what);
}

char *
om_census_sentence(const OmCensus *c, const OmTarget *t, OmLang lang)
{
  char *goal = pct_short(t->threshold, lang);
  GString *s = g_string_new(NULL);
  g_string_append_printf(s,
                         NL(lang) ? "In %d: %u van de %u instellingen (doel: %s)."
                                  : "In %d: %u of %u institutions (target: %s).",
                         c->year, c->yes, c->total,
                         t->threshold >= 1 ? (NL(lang) ? "alle" : "all") : goal);
  if (c->no + c->missing == 0) {
    g_string_append(s, NL(lang) ? " Alle instellingen voldoen." : " Every institution does.");
  } else {
    g_string_append(s, NL(lang) ? " Nog niet: " : " Not yet: ");
    append_names(s, c->names_no, NL(lang) ? "nee" : "no");
    append_names(s, c->names_missing, NL(lang) ? "geen antwoord" : "no answer");
    g_string_append_c(s, '.');
  }
  g_free(goal);
  return g_string_free(s, FALSE);
}

const char *
om_census_rule(OmLang lang)
{
  return NL(lang)
             ? "De instellingenvragenlijst is een telling van alle geregistreerde instellingen, "
               "geen steekproef: er staat daarom geen betrouwbaarheidsinterval bij, alleen hoeveel "
               "instellingen ja zeiden. Het doel is behaald als genoeg instellingen ja zeiden om "
               "de norm te halen; niet behaald als dat ook niet meer kan wanneer elke instelling "
               "die niet antwoordde ja zou zeggen; anders is het onbeslist: het hangt af van de "
               "instellingen die nog niet antwoordden."
             : "The institutions' survey counts every registered institution; it is not a "
               "sample, so no confidence interval is given, only how many institutions said "
               "yes. The target is attained when enough institutions said yes to reach it; not "
               "attained when it cannot be reached even if every institution that did not "
               "answer said yes; otherwise it is undecided: it depends on the institutions that "
               "have not answered.";
}

/* ---- a result read aloud ------------------------------------------------------------------ */

/* The status of a measured share in plain words, with the target. Transfer full. */
static char *
status_words(const OmEvaluationRow *r, OmLang lang)
{
  const OmTarget *t = r->target;
  char *goal = pct_short(t->threshold, lang);
  char *proj = r->result.has_projection ? om_format_percent(r->result.projection.estimate, 1, lang)
                                        : g_strdup("?");
  char *s = NULL;
  gboolean nl = NL(lang);
  switch (r->result.status) {
  case OM_STATUS_ATTAINED:
    s = g_strdup_printf(nl ? "Het doel van %s is gehaald." : "The target of %s is attained.", goal);
    break;
  case OM_STATUS_NOT_ATTAINED:
    s = g_strdup_printf(
        nl ? "Het doel van %s is niet gehaald." : "The target of %s is not attained.", goal);
    break;
  case OM_STATUS_UNDECIDED:
    s = g_strdup_printf(
        r->result.meets
            ? (nl ? "Haalt het doel van %s waarschijnlijk, maar de steekproef is te klein om het "
                    "zeker te zeggen."
                  : "Probably meets the target of %s, but the sample is too small to be sure.")
            : (nl ? "Haalt het doel van %s waarschijnlijk net niet, maar de steekproef is te klein "
                    "om het zeker te zeggen."
                  : "Probably just misses the target of %s, but the sample is too small to be "
                    "sure."),
        goal);
    break;
  case OM_STATUS_ON_COURSE:
    s = g_strdup_printf(nl ? "Op koers: volgens de trend %s in %d (doel %s)."
                           : "On course: the trend gives %s in %d (target %s).",
                        proj, t->deadline, goal);
    break;
  case OM_STATUS_OFF_COURSE:
    s = g_strdup_printf(nl ? "Uit koers: volgens de trend %s in %d, onder het doel van %s."
                           : "Off course: the trend gives %s in %d, below the target of %s.",
                        proj, t->deadline, goal);
    break;
  case OM_STATUS_UNCERTAIN:
    s = g_strdup_printf(nl ? "De trend kan nog beide kanten op: %s in %d (doel %s)."
                           : "The trend can still go either way: %s in %d (target %s).",
                        proj, t->deadline, goal);
    break;
  default:
    s = g_strdup("");
  }
  g_free(goal);
  g_free(proj);
  return s;
}

static char *
census_row_words(const OmEvaluation *ev, const OmEvaluationRow *r, OmLang lang)
{
  OmCensus c;
  om_census_count(ev, r, &c);
  char *count = om_census_sentence(&c, r->target, lang);
  const char *st = om_target_status_label(r->result.status, lang);
  char *s = g_strdup_printf("%s %s: %s.", count, NL(lang) ? "Status" : "Status", st);
  g_free(count);
  om_census_clear(&c);
  return s;
}

char *
om_messages_row(const OmEvaluation *ev, const OmEvaluationRow *r, OmLang lang)
{
  const char *title = om_messages_indicator_title(om_analysis_indicator(r->analysis), lang);
  if (r->target->kind != OM_GROUP_OUDERS && r->series->kind != OM_SCOPE_INSTELLING) {
    char *c = census_row_words(ev, r, lang);
    char *s = g_strdup_printf("%s: %s", title, c);
    g_free(c);
    return s;
  }
  const OmPoint *p = r->result.point;
  if (!p || r->result.status == OM_STATUS_NO_DATA)
    return g_strdup_printf(NL(lang) ? "%s: geen meting." : "%s: not measured.", title);
  if (!p->has_share) {
    char *why = om_chart_withheld_text(om_charts_withheld(p), p->n, TRUE, lang);
    char *s
        = g_strdup_printf(NL(lang) ? "%s: in %d %s; geen percentage." : "%s: in %d %s; no share.",
                          title, p->year, why);
    g_free(why);
    return s;
  }
  double level = om_evaluation_options(ev)->level;
  char *e = om_format_percent(p->estimate, 1, lang);
  char *lo = om_format_percent(p->lower, 1, lang), *hi = om_format_percent(p->upper, 1, lang);
  char *n = om_format_number((double)p->n, 0, lang);
  char *st = status_words(r, lang);
  gboolean parents = r->target->kind == OM_GROUP_OUDERS;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s,
                         NL(lang) ? "%s: %s van de %s in %d (%d%%-BI %s–%s; n = %s). %s"
                                  : "%s: %s of %s in %d (%d%% CI %s–%s; n = %s). %s",
                         title, e,
                         parents ? (NL(lang) ? "ouders" : "parents")
                                 : (NL(lang) ? "instellingen" : "institutions"),
                         p->year, (int)lround(level * 100), lo, hi, n, st);
  const OmPoint *base = om_messages_baseline(r->series);
  char *ch = om_messages_change(p, level, FALSE, lang);
  if (ch && base)
    g_string_append_printf(
        s, NL(lang) ? " Sinds de nulmeting (%d): %s." : " Since the baseline (%d): %s.", base->year,
        ch);
  g_free(ch);
  g_free(e);
  g_free(lo);
  g_free(hi);
  g_free(n);
  g_free(st);
  return g_string_free(s, FALSE);
}

/* ---- the key messages ---------------------------------------------------------------------- */

/* One target, read aloud for the whole municipality. Transfer full; NULL when the target
 * has no municipality row. */
static char *
key_message(const OmEvaluation *ev, const OmTarget *t, OmLang lang)
{
  const OmEvaluationRow *r = NULL;
  for (guint i = 0; i < om_evaluation_n_rows(ev) && !r; i++) {
    const OmEvaluationRow *x = om_evaluation_row(ev, i);
    if (x->target == t && x->series->kind == OM_SCOPE_GEMEENTE)
      r = x;
  }
  if (!r)
    return NULL;
  if (t->kind != OM_GROUP_OUDERS) {
    OmCensus c;
    om_census_count(ev, r, &c);
    char *goal = pct_short(t->threshold, lang);
    const char *verdict
        = r->result.status == OM_STATUS_ATTAINED ? (NL(lang) ? "Gehaald." : "Attained.")
          : r->result.status == OM_STATUS_NOT_ATTAINED
              ? (NL(lang) ? "Niet gehaald." : "Not attained.")
              : (NL(lang) ? "Nog niet te zeggen: niet alle instellingen antwoordden."
                          : "Cannot be said yet: not every institution answered.");
    char *s = g_strdup_printf(NL(lang) ? "%s In %d voldeden %u van de %u instellingen. %s"
                                       : "%s In %d, %u of %u institutions did. %s",
                              om_messages_target_text(t, lang), c.year, c.yes, c.total, verdict);
    g_free(goal);
    om_census_clear(&c);
    return s;
  }
  const OmPoint *p = r->result.point;
  if (!p || !p->has_share)
    return g_strdup_printf(NL(lang) ? "%s Er is geen meting voor de hele gemeente."
                                    : "%s There is no measurement for the whole municipality.",
                           om_messages_target_text(t, lang));
  char *e = om_format_percent(p->estimate, 1, lang);
  char *st = status_words(r, lang);
  char *s = g_strdup_printf(NL(lang) ? "%s Gemeten in %d: %s. %s" : "%s Measured in %d: %s. %s",
                            om_messages_target_text(t, lang), p->year, e, st);
  g_free(e);
  g_free(st);
  return s;
}

typedef struct {
  const char *name;
  guint failed, total;
} Attention;

static gint
attention_cmp(gconstpointer a, gconstpointer b)
{
  const Attention *x = a, *y = b;
  if (x->failed != y->failed)
    return x->failed > y->failed ? -1 : 1;
  return g_utf8_collate(x->name, y->name);
}

/* The institutions with a target not attained or off course, most first; and how many are
 * undecided, in plain words. Transfer full. */
static char *
attention_message(const OmEvaluation *ev, OmLang lang)
{
  GHashTable *by = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  GHashTable *undecided = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind != OM_SCOPE_INSTELLING || r->target->kind != OM_GROUP_OUDERS)
      continue;
    Attention *a = g_hash_table_lookup(by, r->series->id);
    if (!a) {
      a = g_new0(Attention, 1);
      a->name = r->series->name;
      g_hash_table_insert(by, r->series->id, a);
    }
    a->total++;
    OmTargetStatus st = r->result.status;
    a->failed += st == OM_STATUS_NOT_ATTAINED || st == OM_STATUS_OFF_COURSE;
    if (st == OM_STATUS_UNDECIDED || st == OM_STATUS_UNCERTAIN)
      g_hash_table_add(undecided, r->series->id);
  }
  GArray *list = g_array_new(FALSE, FALSE, sizeof(Attention));
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init(&it, by);
  while (g_hash_table_iter_next(&it, NULL, &v))
    if (((Attention *)v)->failed > 0)
      g_array_append_val(list, *(Attention *)v);
  g_array_sort(list, attention_cmp);
  GString *s = g_string_new(NULL);
  if (list->len == 0)
    g_string_append(s, NL(lang) ? "Geen instelling blijft duidelijk onder een doel."
                                : "No institution stays clearly below a target.");
  else
    g_string_append(s, NL(lang) ? "Aandacht nodig (doelen niet gehaald of uit koers): "
                                : "Need attention (targets not attained or off course): ");
  for (guint i = 0; i < list->len && i < 8; i++) {
    const Attention *a = &g_array_index(list, Attention, i);
    g_string_append_printf(s, NL(lang) ? "%s%s (%u van %u)" : "%s%s (%u of %u)", i ? "; " : "",
                           a->name, a->failed, a->total);
  }
  if (list->len > 8)
    g_string_append_printf(s, NL(lang) ? "; en %u andere" : "; and %u others", list->len - 8);
  if (list->len)
    g_string_append_c(s, '.');
  g_string_append_printf(
      s,
      NL(lang) ? " Bij %u van de %u instellingen is minstens één doel onbeslist: het gemeten "
                 "percentage ligt zo dicht bij het doel dat de steekproef van die school te klein "
                 "is om te zeggen of het gehaald is."
               : " At %u of %u institutions at least one target is undecided: the measured share "
                 "is so close to the target that the school's sample is too small to say whether "
                 "it is met.",
      g_hash_table_size(undecided), g_hash_table_size(by));
  g_array_unref(list);
  g_hash_table_unref(undecided);
  g_hash_table_unref(by);
  return g_string_free(s, FALSE);
}

char **
om_messages_key(const OmEvaluation *ev, OmLang lang)
{
  GPtrArray *out = g_ptr_array_new();
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    char *m = key_message(ev, om_targets_get(ts, t), lang);
    if (m)
      g_ptr_array_add(out, m);
  }
  g_ptr_array_add(out, attention_message(ev, lang));
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}
