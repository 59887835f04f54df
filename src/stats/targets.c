/* targets.c — target definitions and their evaluation into statuses.
 *
 * A status must follow from the printed interval, so a reader can check it by eye:
 * attained when the lower bound reaches the threshold, not attained when the upper bound
 * stays below it, undecided otherwise. Before the deadline the same rule is applied to
 * the trend's projection at the deadline. Knows nothing of SQL or drawing.
 */
#include "stats/targets.h"
#include "base/group.h"
#include "base/position.h"
#include "input/keylines.h"
#include "input/sectors.h"

#include <math.h>
#include <string.h>

/* Bounds are compared with this slack: a census of "all yes" has lower bound 1 up to
 * rounding, and must count as reaching a threshold of 100%. */
#define BOUND_EPS 1e-12

struct OmTargetSet {
  GArray *targets; /* OmTarget */
};

static void
target_clear(gpointer p)
{
  OmTarget *t = p;
  g_free(t->id);
  g_free(t->indicator);
  g_free(t->group);
  g_strfreev(t->sectors);
  g_free(t->text);
  g_free(t->text_en);
  g_free(t->municipality);
}

/* Where the loader is: for messages "FILE:LINE: [group]: what; expected". */
typedef struct {
  const char *path;
  const OmKeyLines *lines;
} Where;

static gboolean G_GNUC_PRINTF(5, 6) target_error(GError **error, const Where *at, const char *group,
                                                 const char *key, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  int line = om_key_lines_find(at->lines, group, key);
  om_error_at(error, OM_ERROR_DEFINITION, at->path, (guint64)MAX(line, 0), 0, "[%s]: %s", group,
              msg);
  g_free(msg);
  return FALSE;
}

static gboolean
load_target(GKeyFile *kf, const Where *at, const char *group, OmTarget *t, GError **error)
{
  static const char *const keys[] = { "indicator", "group", "threshold", "deadline", "scopes",
                                      "sectors",   "text",  "text-en",   "gemeente", NULL };
  char **present = g_key_file_get_keys(kf, group, NULL, NULL);
  for (int i = 0; present && present[i]; i++)
    if (!g_strv_contains(keys, present[i])) {
      target_error(error, at, group, present[i],
                   "unknown key '%s'; expected indicator, group, threshold, deadline, scopes, "
                   "sectors, text, text-en or gemeente",
                   present[i]);
      g_strfreev(present);
      return FALSE;
    }
  g_strfreev(present);
  t->id = g_strdup(group + strlen("target:"));
  t->indicator = g_key_file_get_string(kf, group, "indicator", NULL);
  t->group = g_key_file_get_string(kf, group, "group", NULL);
  t->text = g_key_file_get_string(kf, group, "text", NULL);
  t->text_en = g_key_file_get_string(kf, group, "text-en", NULL);
  t->municipality = g_key_file_get_string(kf, group, "gemeente", NULL);
  if (t->municipality && !*g_strstrip(t->municipality))
    return target_error(error, at, group, "gemeente",
                        "'gemeente' is empty; name the municipality, or leave the key out for all");
  if (!t->indicator || !*g_strstrip(t->indicator))
    return target_error(error, at, group, "indicator",
                        "needs 'indicator', an indicator id of the survey");
  OmGroup kind;
  if (!t->group || !om_group_from_key(g_strstrip(t->group), &kind))
    return target_error(error, at, group, "group", "'group' must be ouders or instellingen");
  t->kind = kind;
  GError *e = NULL;
  t->threshold = g_key_file_get_double(kf, group, "threshold", &e);
  if (e || !(t->threshold > 0 && t->threshold <= 1)) {
    g_clear_error(&e);
    return target_error(error, at, group, "threshold",
                        "'threshold' must be a share above 0 and at most 1, such as 0.90");
  }
  t->deadline = g_key_file_get_integer(kf, group, "deadline", &e);
  if (e || t->deadline < 1990 || t->deadline > 2100) {
    g_clear_error(&e);
    return target_error(error, at, group, "deadline", "'deadline' must be a year such as 2016");
  }
  gsize n = 0;
  char **scopes = g_key_file_get_string_list(kf, group, "scopes", &n, NULL);
  if (n == 0) {
    g_strfreev(scopes);
    return target_error(error, at, group, "scopes",
                        "needs 'scopes': gemeente;sector;instelling or a part");
  }
  for (gsize i = 0; i < n; i++) {
    OmScopeKind k;
    if (!om_scope_kind_from_string(g_strstrip(scopes[i]), &k)) {
      target_error(error, at, group, "scopes", "scope '%s' is not gemeente, sector or instelling",
                   scopes[i]);
      g_strfreev(scopes);
      return FALSE;
    }
    t->scopes[k] = TRUE;
  }
  g_strfreev(scopes);
  t->sectors = g_key_file_get_string_list(kf, group, "sectors", NULL, NULL);
  if (t->sectors && t->sectors[0] == NULL)
    return target_error(error, at, group, "sectors",
                        "'sectors' is empty; list sectors, or leave the key out for all");
  const OmSectors *voc = om_sectors_default();
  for (int i = 0; t->sectors && t->sectors[i]; i++) {
    const char *code = om_sectors_lookup(voc, t->sectors[i]);
    if (!code) {
      g_autofree char *known = om_sectors_list(voc);
      return target_error(error, at, group, "sectors",
                          "sector '%s' is not in the sector vocabulary %s; expected one of %s",
                          g_strstrip(t->sectors[i]), om_sectors_source(voc), known);
    }
    g_free(t->sectors[i]); /* the vocabulary's spelling: IKC is ikc */
    t->sectors[i] = g_strdup(code);
  }
  if (!t->text)
    t->text = g_strdup(t->id);
  return TRUE;
}

OmTargetSet *
om_targets_new_from_file(const char *path, GError **error)
{
  char *text = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, &text, &len, &e)) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: %s", path, e->message);
    g_error_free(e);
    return NULL;
  }
  GKeyFile *kf = g_key_file_new();
  OmKeyLines *lines = NULL;
  if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
    g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION, "%s: %s", path, e->message);
    g_error_free(e);
  } else {
    lines = om_key_lines_new(path, text, error);
  }
  g_free(text);
  if (!lines) {
    g_key_file_free(kf);
    return NULL;
  }
  Where at = { path, lines };
  OmTargetSet *set = g_new0(OmTargetSet, 1);
  set->targets = g_array_new(FALSE, TRUE, sizeof(OmTarget));
  g_array_set_clear_func(set->targets, target_clear);
  char **groups = g_key_file_get_groups(kf, NULL);
  gboolean ok = TRUE;
  for (int i = 0; ok && groups[i]; i++) {
    if (!g_str_has_prefix(groups[i], "target:")) {
      ok = target_error(error, &at, groups[i], NULL, "unknown group; expected [target:NAME]");
      break;
    }
    OmTarget t = { 0 };
    ok = load_target(kf, &at, groups[i], &t, error);
    g_array_append_val(set->targets, t);
  }
  if (ok && set->targets->len == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION, "%s: no [target:NAME] groups", path);
    ok = FALSE;
  }
  g_strfreev(groups);
  g_key_file_free(kf);
  om_key_lines_free(lines);
  if (!ok) {
    om_targets_free(set);
    return NULL;
  }
  return set;
}

void
om_targets_free(OmTargetSet *t)
{
  if (!t)
    return;
  g_array_unref(t->targets);
  g_free(t);
}

guint
om_targets_size(const OmTargetSet *t)
{
  return t->targets->len;
}

const OmTarget *
om_targets_get(const OmTargetSet *t, guint i)
{
  g_return_val_if_fail(i < t->targets->len, NULL);
  return &g_array_index(t->targets, OmTarget, i);
}

static const char *const status_keys[OM_STATUS_N]
    = { "attained",   "not-attained", "undecided", "on-course",
        "off-course", "uncertain",    "too-few",   "no-data" };
static const char *const status_nl[OM_STATUS_N]
    = { "behaald",   "niet behaald", "onbeslist",         "op koers",
        "uit koers", "onzeker",      "te weinig respons", "geen gegevens" };
static const char *const status_en[OM_STATUS_N]
    = { "attained",   "not attained", "undecided",         "on course",
        "off course", "uncertain",    "too few responses", "no data" };

const char *
om_target_status_key(OmTargetStatus s)
{
  return s < OM_STATUS_N ? status_keys[s] : "";
}

gboolean
om_target_status_from_key(const char *key, OmTargetStatus *out)
{
  for (int s = 0; s < OM_STATUS_N; s++)
    if (key && strcmp(key, status_keys[s]) == 0) {
      *out = (OmTargetStatus)s;
      return TRUE;
    }
  return FALSE;
}

const char *
om_target_status_label(OmTargetStatus s, OmLang lang)
{
  if (s >= OM_STATUS_N)
    return "";
  return lang == OM_LANG_NL ? status_nl[s] : status_en[s];
}

void
om_target_result_clear(OmTargetResult *r)
{
  if (r)
    g_clear_pointer(&r->note, g_free);
}

static const OmPoint *
point_in(const OmSeries *s, int year)
{
  for (guint i = 0; i < s->points->len; i++)
    if (g_array_index(s->points, OmPoint, i).year == year)
      return &g_array_index(s->points, OmPoint, i);
  return NULL;
}

/* The status of a point, or of a point that has no share. */
static gboolean
status_without_share(const OmPoint *p, OmTargetResult *out)
{
  if (!p || (p->n == 0 && p->publish == OM_PUBLISH_OK)) {
    out->status = OM_STATUS_NO_DATA;
    return TRUE;
  }
  if (p->publish != OM_PUBLISH_OK) {
    out->status = OM_STATUS_TOO_FEW;
    return TRUE;
  }
  if (!p->has_share) {
    out->status = OM_STATUS_NO_DATA;
    return TRUE;
  }
  return FALSE;
}

void
om_target_evaluate(const OmTarget *target, const OmSeries *series, int eval_year, double level,
                   OmTargetResult *out)
{
  memset(out, 0, sizeof *out);
  out->projection.estimate = out->projection.lower = out->projection.upper = NAN;
  const OmPoint *p = NULL;
  if (target->deadline <= eval_year) {
    out->measured = TRUE;
    p = point_in(series, target->deadline);
    /* No wave in the deadline year: the first wave after it tells. */
    for (int y = target->deadline + 1; !p && y <= eval_year; y++)
      if ((p = point_in(series, y))) {
        out->note = g_strdup_printf("no wave in %d; measured in %d", target->deadline, y);
        out->note_kind = OM_NOTE_MEASURED_LATER;
        out->note_year = y;
      }
  } else {
    for (guint i = 0; i < series->points->len; i++) {
      const OmPoint *q = &g_array_index(series->points, OmPoint, i);
      if (q->year <= eval_year && (!p || q->year > p->year))
        p = q;
    }
  }
  out->point = p;
  out->year_used = p ? p->year : 0;
  if (p && p->has_share)
    out->meets = p->estimate >= target->threshold - BOUND_EPS;
  if (status_without_share(p, out))
    return;

  double thr = target->threshold - BOUND_EPS;
  if (out->measured && p->census_bounds && out->note_kind == OM_NOTE_NONE) {
    out->note_kind = OM_NOTE_CENSUS_BOUNDS;
    out->note = p->n == p->population
                    ? g_strdup_printf("census: all %" G_GUINT64_FORMAT
                                      " registered institutions answered",
                                      p->population)
                    : g_strdup_printf("census bounds: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                      " registered institutions answered; attained only if all "
                                      "the others saying no still reaches the threshold",
                                      p->n, p->population);
  } else if (out->measured && p->census && out->note_kind == OM_NOTE_NONE) {
    out->note_kind = OM_NOTE_CENSUS;
    out->note = g_strdup("census: every member of the population answered; the share is exact");
  }
  if (out->measured) {
    out->status = p->lower >= thr                ? OM_STATUS_ATTAINED
                  : p->upper < target->threshold ? OM_STATUS_NOT_ATTAINED
                                                 : OM_STATUS_UNDECIDED;
    return;
  }
  OmTrend trend;
  GError *e = NULL;
  if (om_series_trend(series, eval_year, &trend, &e)) {
    om_trend_project(&trend, target->deadline, level, &out->projection);
    out->has_projection = TRUE;
    out->projection_design = trend.design;
    out->status = out->projection.lower >= thr                ? OM_STATUS_ON_COURSE
                  : out->projection.upper < target->threshold ? OM_STATUS_OFF_COURSE
                                                              : OM_STATUS_UNCERTAIN;
    return;
  }
  /* No trend (one wave, or every wave at 0% or 100%): a share already at the target
   * level is on course; otherwise the data cannot tell yet. */
  g_free(out->note);
  out->note = g_strdup(e->message);
  g_error_free(e);
  guint published = 0;
  for (guint i = 0; i < series->points->len; i++) {
    const OmPoint *q = &g_array_index(series->points, OmPoint, i);
    published += q->year <= eval_year && q->has_share;
  }
  out->note_kind = published < 2 ? OM_NOTE_FEW_WAVES : OM_NOTE_NO_TREND;
  out->note_waves = published;
  out->status = p->lower >= thr ? OM_STATUS_ON_COURSE : OM_STATUS_UNCERTAIN;
}

/* The institutions' survey is a census of the register: its status is stated in terms of
 * the institutions that did not answer (x yes of n answering, N registered: the share lies
 * in [x/N, (x + N - n)/N]). */
static void
census_bounds_sentence(GString *s, const OmTarget *target, const OmTargetResult *r,
                       const char *subject, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  const OmPoint *p = r->point;
  guint64 missing = p->population - p->n;
  char *thr = om_format_percent(target->threshold, 0, lang);
  char *e = om_format_percent(p->estimate, 1, lang);
  char *lo = om_format_percent(p->lower, 1, lang);
  char *hi = om_format_percent(p->upper, 1, lang);
  if (missing == 0) {
    g_string_append_printf(s,
                           nl ? "In %d: %s %s (alle %" G_GUINT64_FORMAT " geregistreerde "
                                "instellingen antwoordden); het doel van %s in %d is %s "
                                "(volledige telling)."
                              : "In %d: %s %s (all %" G_GUINT64_FORMAT " registered institutions "
                                "answered); the target of %s by %d is %s (census).",
                           r->year_used, e, subject, p->population, thr, target->deadline,
                           om_target_status_label(r->status, lang));
  } else {
    /* "de 1 ontbrekende instelling zou" / "alle 3 ontbrekende instellingen zouden" */
    char *who = g_strdup_printf(
        nl ? (missing == 1 ? "de %" G_GUINT64_FORMAT " ontbrekende instelling"
                           : "alle %" G_GUINT64_FORMAT " ontbrekende instellingen")
           : (missing == 1 ? "the %" G_GUINT64_FORMAT " missing institution"
                           : "all %" G_GUINT64_FORMAT " missing institutions"),
        missing);
    const char *would = nl ? (missing == 1 ? "zou" : "zouden") : "";
    g_string_append_printf(s,
                           nl ? "In %d: %s %s (%" G_GUINT64_FORMAT " van de %" G_GUINT64_FORMAT
                                " geregistreerde instellingen antwoordden; grenzen van de "
                                "telling %s–%s); "
                              : "In %d: %s %s (%" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT
                                " registered institutions answered; census bounds %s–%s); ",
                           r->year_used, e, subject, p->n, p->population, lo, hi);
    if (r->status == OM_STATUS_ATTAINED)
      g_string_append_printf(s,
                             nl ? "het doel van %s in %d is behaald: ook als %s nee %s zeggen, "
                                  "is het aandeel %s."
                                : "the target of %s by %d is attained: even if %s%s said no, "
                                  "the share would be %s.",
                             thr, target->deadline, who, would, lo);
    else if (r->status == OM_STATUS_NOT_ATTAINED)
      g_string_append_printf(s,
                             nl ? "het doel van %s in %d is niet behaald: ook als %s ja %s "
                                  "zeggen, is het aandeel %s."
                                : "the target of %s by %d is not attained: even if %s%s said "
                                  "yes, the share would be %s.",
                             thr, target->deadline, who, would, hi);
    else
      g_string_append_printf(s,
                             nl ? "of het doel van %s in %d is behaald, hangt af van %s%s."
                                : "whether the target of %s by %d is attained depends on %s%s.",
                             thr, target->deadline, who, "");
    g_free(who);
  }
  g_free(thr);
  g_free(e);
  g_free(lo);
  g_free(hi);
}

char *
om_target_sentence(const OmTarget *target, const OmTargetResult *r, const char *subject,
                   double level, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  char *thr = om_format_percent(target->threshold, 0, lang);
  int lv = (int)lround(level * 100);
  GString *s = g_string_new(NULL);
  const OmPoint *p = r->point;
  char *note = om_target_note(target, r, lang);
  if (r->status == OM_STATUS_NO_DATA) {
    g_string_append_printf(s,
                           nl ? "Geen gegevens %s voor dit doel (%s in %d)."
                              : "No data %s for this target (%s by %d).",
                           subject, thr, target->deadline);
  } else if (r->status == OM_STATUS_TOO_FEW) {
    g_string_append_printf(
        s,
        nl ? "Te weinig respons in %d (n=%" G_GUINT64_FORMAT ") om een percentage te publiceren."
           : "Too few responses in %d (n=%" G_GUINT64_FORMAT ") to publish a share.",
        r->year_used, p ? p->n : 0);
  } else if (p->census_bounds && r->measured) {
    census_bounds_sentence(s, target, r, subject, lang);
  } else {
    char *e = om_format_percent(p->estimate, 1, lang);
    char *lo = om_format_percent(p->lower, 1, lang);
    char *hi = om_format_percent(p->upper, 1, lang);
    char *n = om_format_number((double)p->n, 0, lang);
    g_string_append_printf(
        s, nl ? "In %d: %s %s (%d%%-BI %s–%s; n = %s); " : "In %d: %s %s (%d%% CI %s–%s; n = %s); ",
        r->year_used, e, subject, lv, lo, hi, n);
    g_free(e);
    g_free(lo);
    g_free(hi);
    g_free(n);
    switch (r->status) {
    case OM_STATUS_ATTAINED:
      g_string_append_printf(s,
                             nl ? "het doel van %s in %d is behaald: ook de ondergrens ligt "
                                  "op of boven %s."
                                : "the target of %s by %d is attained: even the lower bound "
                                  "reaches %s.",
                             thr, target->deadline, thr);
      break;
    case OM_STATUS_NOT_ATTAINED:
      g_string_append_printf(s,
                             nl ? "het doel van %s in %d is niet behaald: ook de bovengrens "
                                  "ligt onder %s."
                                : "the target of %s by %d is not attained: even the upper "
                                  "bound is below %s.",
                             thr, target->deadline, thr);
      break;
    case OM_STATUS_UNDECIDED:
      g_string_append_printf(
          s,
          nl ? "of het doel van %s in %d is behaald, is niet aangetoond: "
               "het interval omvat %s (%s)."
             : "whether the target of %s by %d is attained is not shown: "
               "the interval contains %s (%s).",
          thr, target->deadline, thr,
          r->meets ? (nl ? "de schatting haalt het doel" : "the estimate meets it")
                   : (nl ? "de schatting haalt het doel niet" : "the estimate falls short"));
      break;
    default:
      if (r->has_projection) {
        char *pe = om_format_percent(r->projection.estimate, 1, lang);
        char *pl = om_format_percent(r->projection.lower, 1, lang);
        char *ph = om_format_percent(r->projection.upper, 1, lang);
        if (nl)
          g_string_append_printf(s,
                                 "de trend komt in %d uit op %s (%s–%s): %s voor het doel "
                                 "van %s.",
                                 target->deadline, pe, pl, ph,
                                 om_target_status_label(r->status, lang), thr);
        else
          g_string_append_printf(s,
                                 "the trend reaches %s by %d (%s–%s): %s for the target "
                                 "of %s.",
                                 pe, target->deadline, pl, ph,
                                 om_target_status_label(r->status, lang), thr);
        g_free(pe);
        g_free(pl);
        g_free(ph);
      } else {
        g_string_append_printf(
            s, nl ? "%s voor het doel van %s in %d (%s)." : "%s for the target of %s by %d (%s).",
            om_target_status_label(r->status, lang), thr, target->deadline, note ? note : "");
      }
    }
  }
  g_free(thr);
  g_free(note);
  return g_string_free(s, FALSE);
}

char *
om_target_note(const OmTarget *target, const OmTargetResult *r, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  switch (r->note_kind) {
  case OM_NOTE_MEASURED_LATER:
    return g_strdup_printf(nl ? "geen meting in %d; gemeten in %d"
                              : "no wave in %d; measured in %d",
                           target->deadline, r->note_year);
  case OM_NOTE_FEW_WAVES:
    return g_strdup_printf(nl ? "%u gepubliceerde meting%s: een trend vraagt er minstens twee"
                              : "%u published wave%s: a trend needs at least two",
                           r->note_waves, r->note_waves == 1 ? (nl ? "" : "") : (nl ? "en" : "s"));
  case OM_NOTE_CENSUS:
    return g_strdup(nl ? "volledige telling: het aandeel is exact" : "census: the share is exact");
  case OM_NOTE_CENSUS_BOUNDS:
    /* Short enough for a table's note column; the rule (attained only if the target holds
     * when every missing institution says no) is in the help, the README and the report. */
    if (r->point->n == r->point->population)
      return g_strdup_printf(nl ? "alle %" G_GUINT64_FORMAT " instellingen"
                                : "all %" G_GUINT64_FORMAT " institutions",
                             r->point->population);
    return g_strdup_printf(nl ? "%" G_GUINT64_FORMAT " van %" G_GUINT64_FORMAT " instellingen"
                              : "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " institutions",
                           r->point->n, r->point->population);
  case OM_NOTE_NO_TREND:
    return g_strdup(nl ? "geen trend te schatten: de metingen liggen op 0% of 100%"
                       : "no trend can be fitted: the waves lie at 0% or 100%");
  case OM_NOTE_NONE:
  default:
    return NULL;
  }
}
