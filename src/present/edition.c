/* edition.c — the editions of the report (edition.h): the council's edition as a copy of
 * the full report without institution pages, and a short report per school built from the
 * same evaluation run and chart models as the full report.
 *
 * Content only, every string in an arena. A school's, sector's or the municipality's
 * share that the analysis withheld arrives here as `suppressed` with its n and nothing
 * else; the change since the nulmeting is stated only where both waves are published.
 */
#include "present/edition.h"
#include "present/arena.h"
#include "present/charts.h"
#include "present/document.h"
#include "present/messages.h"

#include <math.h>
#include <string.h>

#define TR(lang, nl, en) ((lang) == OM_LANG_EN ? (en) : (nl))

gboolean
om_edition_from_string(const char *s, OmEdition *out)
{
  static const struct {
    const char *name;
    OmEdition edition;
  } names[] = { { "volledig", OM_EDITION_FULL },
                { "full", OM_EDITION_FULL },
                { "raad", OM_EDITION_COUNCIL },
                { "council", OM_EDITION_COUNCIL } };
  for (gsize i = 0; s != NULL && i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(s, names[i].name) == 0) {
      *out = names[i].edition;
      return TRUE;
    }
  return FALSE;
}

/* The council edition has no institution pages: a summary introduction that sends the
 * reader there (document.c's last sentence) is pointed at the full report instead, in a.
 * Any other introduction is left as it is. */
static const char *
council_intro(OmArena *a, const char *intro, OmLang lang)
{
  const char *tail = TR(lang, "Per instelling staan de resultaten op de instellingspagina’s.",
                        "Results per institution are on the institution pages.");
  if (intro == NULL || a == NULL || !g_str_has_suffix(intro, tail))
    return intro;
  char *head = g_strndup(intro, strlen(intro) - strlen(tail));
  char *s = g_strconcat(head,
                        TR(lang,
                           "De resultaten per instelling staan in de volledige rapportage en in "
                           "de rapportage per school.",
                           "Results per institution are in the full report and in the report "
                           "per school."),
                        NULL);
  g_free(head);
  return om_arena_keep(a, s);
}

void
om_edition_apply(const OmReport *full, OmEdition edition, OmLang lang, OmArena *arena,
                 OmReport *out)
{
  *out = *full;
  if (edition == OM_EDITION_COUNCIL) {
    out->institution_pages = NULL;
    out->n_institution_pages = 0;
    out->summary_intro = council_intro(arena, full->summary_intro, lang);
  }
}

/* ---------------------------------------------------------------------------------------
 * A report per school
 */

typedef struct {
  const char *code;
  OmReport report;
} School;

struct OmSchoolReports {
  OmArena *arena;
  GArray *schools;   /* School */
  GPtrArray *arrays; /* GArray owned: rows and pages of each school */
};

/* The evaluation row of target t for the scope unit (kind, id); NULL when none. */
static const OmEvaluationRow *
find_row(const OmEvaluation *ev, const OmTarget *t, OmScopeKind kind, const char *id)
{
  if (id != NULL) {
    guint n;
    const OmEvaluationRow *const *unit = om_evaluation_unit_rows(ev, kind, id, &n);
    for (guint i = 0; i < n; i++)
      if (unit[i]->target == t)
        return unit[i];
    return NULL;
  }
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->target == t && r->series->kind == kind && (id == NULL || strcmp(r->series->id, id) == 0))
      return r;
  }
  return NULL;
}

static const OmInstitution *
find_institution(const GArray *institutions, const char *code)
{
  for (guint i = 0; institutions != NULL && i < institutions->len; i++) {
    const OmInstitution *in = &g_array_index(institutions, OmInstitution, i);
    if (strcmp(in->code, code) == 0)
      return in;
  }
  return NULL;
}

/* "Respons 2016: 52 geldige antwoorden op een populatie van 406 (12,8%)." Transfer full. */
static char *
response_sentence(const OmEvaluation *ev, const char *code, const OmInstitution *in, OmLang lang)
{
  guint64 n = 0;
  int year = 0;
  guint n_unit;
  const OmEvaluationRow *const *unit
      = om_evaluation_unit_rows(ev, OM_SCOPE_INSTELLING, code, &n_unit);
  for (guint i = 0; i < n_unit; i++) {
    const OmEvaluationRow *r = unit[i];
    if (r->result.point == NULL || r->target->kind != OM_GROUP_OUDERS)
      continue;
    if (r->result.year_used > year || (r->result.year_used == year && r->result.point->n > n)) {
      year = r->result.year_used;
      n = r->result.point->n;
    }
  }
  if (year == 0)
    return NULL;
  char *ns = om_format_number((double)n, 0, lang);
  char *s;
  if (in != NULL && in->population > 0) {
    char *pop = om_format_number((double)in->population, 0, lang);
    char *rate = om_format_percent(MIN(1.0, (double)n / (double)in->population), 1, lang);
    s = g_strdup_printf(TR(lang,
                           "Respons %d: %s ouders gaven een geldig antwoord, op een populatie van "
                           "%s ouders (%s).",
                           "Response %d: %s parents gave a valid answer, out of a population of "
                           "%s parents (%s)."),
                        year, ns, pop, rate);
    g_free(pop);
    g_free(rate);
  } else {
    s = g_strdup_printf(TR(lang,
                           "Respons %d: %s ouders gaven een geldig antwoord (populatie "
                           "onbekend).",
                           "Response %d: %s parents gave a valid answer (population unknown)."),
                        year, ns);
  }
  g_free(ns);
  return s;
}

static GArray *
keep_array(OmSchoolReports *s, gsize size)
{
  GArray *a = g_array_new(FALSE, TRUE, (guint)size);
  g_ptr_array_add(s->arrays, a);
  return a;
}

/* The rows and sentences of one school: per target its own row, its sector's and the
 * municipality's. */
static void
school_content(OmSchoolReports *s, const OmEvaluation *ev, const OmSeries *school, OmLang lang,
               GArray *rows, GPtrArray *sentences)
{
  OmArena *a = s->arena;
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTarget *target = om_targets_get(ts, t);
    const OmEvaluationRow *own = find_row(ev, target, OM_SCOPE_INSTELLING, school->id);
    if (own == NULL)
      continue;
    /* The full report's rows and sentences (document.c, messages.c): withheld shares with
     * their reason, census counts, the change since the nulmeting, by the same rules. */
    OmReportRow row = om_document_row(a, ev, own, lang);
    row.scope = school->name;
    g_array_append_val(rows, row);
    const OmEvaluationRow *sec
        = school->sector ? find_row(ev, target, OM_SCOPE_SECTOR, school->sector) : NULL;
    if (sec != NULL) {
      row = om_document_row(a, ev, sec, lang);
      g_array_append_val(rows, row);
    }
    const OmEvaluationRow *mun = find_row(ev, target, OM_SCOPE_GEMEENTE, NULL);
    if (mun != NULL) {
      row = om_document_row(a, ev, mun, lang);
      g_array_append_val(rows, row);
    }
    g_ptr_array_add(sentences, (gpointer)om_arena_keep(a, om_messages_row(ev, own, lang)));
  }
}

static void
add_school(OmSchoolReports *s, const OmEvaluation *ev, const GArray *institutions,
           const OmReport *full, const OmSeries *school, OmLang lang)
{
  OmArena *a = s->arena;
  GArray *rows = keep_array(s, sizeof(OmReportRow));
  GArray *pages = keep_array(s, sizeof(OmReportPage));
  GPtrArray *sentences = g_ptr_array_new();
  school_content(s, ev, school, lang, rows, sentences);
  const char **sent = om_arena_alloc(a, sizeof(char *) * MAX(sentences->len, 1));
  for (guint i = 0; i < sentences->len; i++)
    sent[i] = g_ptr_array_index(sentences, i);
  const char *heading = om_arena_keep(a, g_strdup_printf("%s (%s)", school->name, school->id));
  OmReportPage page = {
    .heading = heading,
    .intro = om_arena_keep(
        a, response_sentence(ev, school->id, find_institution(institutions, school->id), lang)),
    .chart = om_charts_unit(a, ev, OM_SCOPE_INSTELLING, school->id, NULL, NULL, NULL, lang),
    .sentences = sent,
    .n_sentences = sentences->len,
  };
  g_ptr_array_unref(sentences);
  g_array_append_val(pages, page);
  School sc = { school->id, *full };
  OmReport *r = &sc.report;
  r->title = heading;
  r->summary_intro = om_arena_keep(
      a, g_strdup_printf(TR(lang,
                            "Per doel: de resultaten van %s, met ter vergelijking de sector en de "
                            "gemeente als geheel. Een groep met te weinig antwoorden, of waarvan "
                            "het percentage een andere groep zou verraden, toont alleen het "
                            "aantal antwoorden en waarom.",
                            "Per target: the results of %s, with its sector and the municipality "
                            "as a whole for reference. A group with too few answers, or whose "
                            "share would reveal another group, shows only the number of answers "
                            "and why."),
                         school->name));
  r->rows = (const OmReportRow *)(void *)rows->data;
  r->n_rows = rows->len;
  r->sector_pages = NULL;
  r->n_sector_pages = 0;
  /* The municipality's front and topic pages (key messages, every school's overview, the
   * response of all schools, themes) belong to the full report, not to one school's. */
  r->front_pages = NULL;
  r->n_front_pages = 0;
  r->topic_pages = NULL;
  r->n_topic_pages = 0;
  r->institution_pages = (const OmReportPage *)(void *)pages->data;
  r->n_institution_pages = pages->len;
  g_array_append_val(s->schools, sc);
}

OmSchoolReports *
om_school_reports_new(const OmEvaluation *ev, const GArray *institutions, const OmReport *full,
                      OmLang lang)
{
  OmSchoolReports *s = g_new0(OmSchoolReports, 1);
  s->arena = om_arena_new();
  s->schools = g_array_new(FALSE, TRUE, sizeof(School));
  s->arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind != OM_SCOPE_INSTELLING || g_hash_table_contains(seen, r->series->id))
      continue;
    g_hash_table_add(seen, r->series->id);
    add_school(s, ev, institutions, full, r->series, lang);
  }
  g_hash_table_unref(seen);
  return s;
}

void
om_school_reports_free(OmSchoolReports *s)
{
  if (s == NULL)
    return;
  g_array_unref(s->schools);
  g_ptr_array_unref(s->arrays);
  om_arena_free(s->arena);
  g_free(s);
}

guint
om_school_reports_size(const OmSchoolReports *s)
{
  return s->schools->len;
}

const OmReport *
om_school_reports_get(const OmSchoolReports *s, guint i, const char **code)
{
  g_return_val_if_fail(i < s->schools->len, NULL);
  const School *sc = &g_array_index(s->schools, School, i);
  if (code != NULL)
    *code = sc->code;
  return &sc->report;
}
