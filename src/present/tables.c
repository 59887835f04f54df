/* tables.c — the evaluation as tables of numbers (tables.h): per scope every target's
 * result per wave, and every target's status per scope unit, with Dutch or English headers.
 *
 * Content only, every string in the tables' arena. A point whose share is withheld
 * (too few answers, or complementary suppression) gives empty share, interval and change
 * cells and a note saying why, never the numbers: its n alone is shown, as in the report.
 * No count of satisfied answers is given anywhere: a sector's count minus its published
 * institutions' counts would give a withheld institution's away.
 */
#include "present/tables.h"
#include "present/arena.h"
#include "present/charts.h"
#include "present/document.h"
#include "present/messages.h"

#include <math.h>
#include <string.h>

#define TR(lang, nl, en) ((lang) == OM_LANG_EN ? (en) : (nl))

struct OmTables {
  OmArena *arena;
  GArray *tables;   /* OmTable */
  GPtrArray *cells; /* GArray of OmCell per table, owning the cells */
};

/* A table being filled. */
typedef struct {
  OmTables *set;
  OmLang lang;
  GArray *cells;
  gsize n_columns;
} Fill;

static OmCell
text_cell(OmArena *a, const char *s)
{
  if (s == NULL || *s == '\0')
    return (OmCell){ OM_CELL_EMPTY, NULL, 0 };
  return (OmCell){ OM_CELL_TEXT, om_arena_keep(a, g_strdup(s)), 0 };
}

static void
add_text(Fill *f, const char *s)
{
  OmCell c = text_cell(f->set->arena, s);
  g_array_append_val(f->cells, c);
}

static void
add_num(Fill *f, OmCellKind kind, gboolean present, double v)
{
  OmCell c = { present && isfinite(v) ? kind : OM_CELL_EMPTY, NULL, v };
  g_array_append_val(f->cells, c);
}

static void
table_add(OmTables *set, const char *name, const char *title, const OmColumn *cols, gsize n_cols,
          GArray *cells)
{
  OmColumn *c = om_arena_alloc(set->arena, sizeof(OmColumn) * n_cols);
  memcpy(c, cols, sizeof(OmColumn) * n_cols);
  OmTable t = { name, title, c, n_cols, (const OmCell *)(void *)cells->data, cells->len / n_cols };
  g_array_append_val(set->tables, t);
  g_ptr_array_add(set->cells, cells);
}

static const char *
scope_word(OmScopeKind kind, OmLang lang)
{
  switch (kind) {
  case OM_SCOPE_GEMEENTE:
    return TR(lang, "Gemeente", "Municipality");
  case OM_SCOPE_SECTOR:
    return "Sector";
  case OM_SCOPE_INSTELLING:
    break;
  }
  return TR(lang, "Instelling", "Institution");
}

static const char *
series_name(const OmSeries *s, OmLang lang)
{
  if (s->kind == OM_SCOPE_SECTOR)
    return om_register_sector_title(s->id, lang == OM_LANG_EN);
  return s->name;
}

/* One row per target, scope unit of `kind` and wave. */
static void
wave_table(OmTables *set, const OmEvaluation *ev, OmScopeKind kind, OmLang lang)
{
  const OmColumn cols[] = {
    { TR(lang, "Doel", "Target"), OM_CELL_TEXT },
    { "Indicator", OM_CELL_TEXT },
    { "Code", OM_CELL_TEXT },
    { TR(lang, "Naam", "Name"), OM_CELL_TEXT },
    { "Sector", OM_CELL_TEXT },
    { TR(lang, "Jaar", "Year"), OM_CELL_INT },
    { TR(lang, "Nulmeting", "Baseline"), OM_CELL_TEXT },
    { TR(lang, "n (geldige antwoorden)", "n (valid answers)"), OM_CELL_INT },
    { TR(lang, "Aandeel tevreden", "Share satisfied"), OM_CELL_SHARE },
    { TR(lang, "Ondergrens", "Lower bound"), OM_CELL_SHARE },
    { TR(lang, "Bovengrens", "Upper bound"), OM_CELL_SHARE },
    { TR(lang, "Verschil met nulmeting (procentpunt)", "Change since baseline (points)"),
      OM_CELL_NUMBER },
    { TR(lang, "Verschil ondergrens", "Change lower bound"), OM_CELL_NUMBER },
    { TR(lang, "Verschil bovengrens", "Change upper bound"), OM_CELL_NUMBER },
    { TR(lang, "Opmerking", "Note"), OM_CELL_TEXT },
  };
  Fill f = { set, lang, g_array_new(FALSE, TRUE, sizeof(OmCell)), G_N_ELEMENTS(cols) };
  const OmAnalysisOptions *o = om_evaluation_options(ev);
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind != kind)
      continue;
    for (guint k = 0; k < r->series->points->len; k++) {
      const OmPoint *p = &g_array_index(r->series->points, OmPoint, k);
      gboolean share = p->has_share;
      add_text(&f, r->target->id);
      add_text(&f, r->target->indicator);
      add_text(&f, r->series->id);
      add_text(&f, series_name(r->series, lang));
      add_text(&f, r->series->sector
                       ? om_register_sector_title(r->series->sector, lang == OM_LANG_EN)
                       : NULL);
      add_num(&f, OM_CELL_INT, TRUE, p->year);
      add_text(&f, p->baseline ? TR(lang, "ja", "yes") : NULL);
      add_num(&f, OM_CELL_INT, TRUE, (double)p->n);
      add_num(&f, OM_CELL_SHARE, share, p->estimate);
      add_num(&f, OM_CELL_SHARE, share, p->lower);
      add_num(&f, OM_CELL_SHARE, share, p->upper);
      gboolean ch = share && p->has_change;
      add_num(&f, OM_CELL_NUMBER, ch, p->change.diff * 100);
      add_num(&f, OM_CELL_NUMBER, ch, p->change.lower * 100);
      add_num(&f, OM_CELL_NUMBER, ch, p->change.upper * 100);
      char *note = om_evaluation_point_note(p, o, lang);
      add_text(&f, note);
      g_free(note);
    }
  }
  const char *name = kind == OM_SCOPE_SECTOR ? "Sector" : scope_word(kind, lang);
  table_add(set, name, name, cols, G_N_ELEMENTS(cols), f.cells);
}

/* A row's census count as the report words it ("17 van de 18 instellingen"), and its change
 * since the nulmeting in procentpunt with its interval and significance (messages.c's
 * rule); all empty where the share is withheld or there is no change. */
static void
census_change_cells(Fill *f, const OmEvaluation *ev, const OmEvaluationRow *r)
{
  const OmPoint *p = r->result.point;
  OmCensus c;
  if (p != NULL && p->has_share && om_census_count(ev, r, &c)) {
    char *n = om_census_short(&c, f->lang);
    char *t = g_strdup_printf("%s %s", n, TR(f->lang, "instellingen", "institutions"));
    add_text(f, t);
    g_free(t);
    g_free(n);
    om_census_clear(&c);
  } else {
    add_text(f, NULL);
  }
  gboolean ch = p != NULL && p->has_share && p->has_change && isfinite(p->change.diff);
  add_num(f, OM_CELL_NUMBER, ch, ch ? p->change.diff * 100 : 0);
  add_num(f, OM_CELL_NUMBER, ch, ch ? p->change.lower * 100 : 0);
  add_num(f, OM_CELL_NUMBER, ch, ch ? p->change.upper * 100 : 0);
  add_text(f, !ch                                 ? NULL
              : om_messages_change_significant(p) ? TR(f->lang, "ja", "yes")
                                                  : TR(f->lang, "nee", "no"));
}

/* The response of the parents' survey: per scope unit and wave the respondents, the parents
 * the register lists and the rate (as the report's response page, document.c). */
static void
response_table(OmTables *set, const OmEvaluation *ev, OmLang lang)
{
  guint t = om_document_parents_target(ev);
  if (t == G_MAXUINT)
    return;
  const OmColumn cols[] = {
    { TR(lang, "Niveau", "Level"), OM_CELL_TEXT },
    { "Code", OM_CELL_TEXT },
    { TR(lang, "Naam", "Name"), OM_CELL_TEXT },
    { TR(lang, "Jaar", "Year"), OM_CELL_INT },
    { TR(lang, "Respondenten", "Respondents"), OM_CELL_INT },
    { TR(lang, "Populatie (ouders)", "Population (parents)"), OM_CELL_INT },
    { TR(lang, "Respons", "Response rate"), OM_CELL_SHARE },
    { TR(lang, "Opmerking", "Note"), OM_CELL_TEXT },
  };
  Fill f = { set, lang, g_array_new(FALSE, TRUE, sizeof(OmCell)), G_N_ELEMENTS(cols) };
  const OmAnalysis *an = om_evaluation_analysis(ev, t);
  gint64 *pops = om_document_populations(ev, an);
  for (guint i = 0; i < om_analysis_n_series(an); i++) {
    const OmSeries *s = om_analysis_series(an, i);
    gint64 pop = pops[i];
    for (guint w = 0; w < s->points->len; w++) {
      const OmPoint *p = &g_array_index(s->points, OmPoint, w);
      guint64 resp = om_document_respondents(p);
      if (resp == 0)
        continue;
      add_text(&f, scope_word(s->kind, lang));
      add_text(&f, s->id);
      add_text(&f, series_name(s, lang));
      add_num(&f, OM_CELL_INT, TRUE, p->year);
      add_num(&f, OM_CELL_INT, TRUE, (double)resp);
      add_num(&f, OM_CELL_INT, pop > 0, (double)pop);
      add_num(&f, OM_CELL_SHARE, pop > 0, pop > 0 ? (double)resp / (double)pop : 0);
      add_text(&f, pop > 0 ? NULL
                           : TR(lang, "populatie onbekend in het register",
                                "population unknown in the register"));
    }
  }
  g_free(pops);
  const char *name = TR(lang, "Respons", "Response");
  table_add(set, name, name, cols, G_N_ELEMENTS(cols), f.cells);
}

/* One row per target and scope unit: its status. */
static void
targets_table(OmTables *set, const OmEvaluation *ev, OmLang lang)
{
  const OmColumn cols[] = {
    { TR(lang, "Doel", "Target"), OM_CELL_TEXT },
    { TR(lang, "Doeltekst", "Target text"), OM_CELL_TEXT },
    { TR(lang, "Niveau", "Level"), OM_CELL_TEXT },
    { "Code", OM_CELL_TEXT },
    { TR(lang, "Naam", "Name"), OM_CELL_TEXT },
    { TR(lang, "Norm", "Threshold"), OM_CELL_SHARE },
    { TR(lang, "Streefjaar", "Deadline"), OM_CELL_INT },
    { TR(lang, "Meting", "Wave used"), OM_CELL_INT },
    { "n", OM_CELL_INT },
    { TR(lang, "Aandeel tevreden", "Share satisfied"), OM_CELL_SHARE },
    { TR(lang, "Ondergrens", "Lower bound"), OM_CELL_SHARE },
    { TR(lang, "Bovengrens", "Upper bound"), OM_CELL_SHARE },
    { "Status", OM_CELL_TEXT },
    { TR(lang, "Prognose", "Projection"), OM_CELL_SHARE },
    { TR(lang, "Prognose ondergrens", "Projection lower"), OM_CELL_SHARE },
    { TR(lang, "Prognose bovengrens", "Projection upper"), OM_CELL_SHARE },
    { TR(lang, "Telling (instellingenvragenlijst)", "Count (institutions' survey)"), OM_CELL_TEXT },
    { TR(lang, "Verschil met nulmeting (procentpunt)", "Change since baseline (points)"),
      OM_CELL_NUMBER },
    { TR(lang, "Verschil ondergrens", "Change lower bound"), OM_CELL_NUMBER },
    { TR(lang, "Verschil bovengrens", "Change upper bound"), OM_CELL_NUMBER },
    { TR(lang, "Verschil significant", "Change significant"), OM_CELL_TEXT },
    { TR(lang, "Opmerking", "Note"), OM_CELL_TEXT },
  };
  Fill f = { set, lang, g_array_new(FALSE, TRUE, sizeof(OmCell)), G_N_ELEMENTS(cols) };
  const OmAnalysisOptions *o = om_evaluation_options(ev);
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    const OmPoint *p = r->result.point;
    gboolean share = p != NULL && p->has_share;
    add_text(&f, r->target->id);
    add_text(&f, r->target->text);
    add_text(&f, scope_word(r->series->kind, lang));
    add_text(&f, r->series->id);
    add_text(&f, series_name(r->series, lang));
    add_num(&f, OM_CELL_SHARE, TRUE, r->target->threshold);
    add_num(&f, OM_CELL_INT, TRUE, r->target->deadline);
    add_num(&f, OM_CELL_INT, r->result.year_used > 0, r->result.year_used);
    add_num(&f, OM_CELL_INT, p != NULL, p ? (double)p->n : 0);
    add_num(&f, OM_CELL_SHARE, share, p ? p->estimate : 0);
    add_num(&f, OM_CELL_SHARE, share, p ? p->lower : 0);
    add_num(&f, OM_CELL_SHARE, share, p ? p->upper : 0);
    add_text(&f, om_target_status_label(r->result.status, lang));
    gboolean proj = r->result.has_projection;
    add_num(&f, OM_CELL_SHARE, proj, r->result.projection.estimate);
    add_num(&f, OM_CELL_SHARE, proj, r->result.projection.lower);
    add_num(&f, OM_CELL_SHARE, proj, r->result.projection.upper);
    census_change_cells(&f, ev, r);
    GString *note = g_string_new(NULL);
    char *pn = p ? om_evaluation_point_note(p, o, lang) : NULL;
    char *tn = om_target_note(r->target, &r->result, lang);
    if (pn && *pn)
      g_string_append(note, pn);
    if (tn && *tn)
      g_string_append_printf(note, "%s%s", note->len ? "; " : "", tn);
    add_text(&f, note->str);
    g_string_free(note, TRUE);
    g_free(pn);
    g_free(tn);
  }
  const char *name = TR(lang, "Doelen", "Targets");
  table_add(set, name, name, cols, G_N_ELEMENTS(cols), f.cells);
}

OmTables *
om_tables_new(const OmEvaluation *ev, OmLang lang)
{
  OmTables *t = g_new0(OmTables, 1);
  t->arena = om_arena_new();
  t->tables = g_array_new(FALSE, TRUE, sizeof(OmTable));
  t->cells = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  targets_table(t, ev, lang);
  wave_table(t, ev, OM_SCOPE_GEMEENTE, lang);
  wave_table(t, ev, OM_SCOPE_SECTOR, lang);
  wave_table(t, ev, OM_SCOPE_INSTELLING, lang);
  response_table(t, ev, lang);
  return t;
}

void
om_tables_free(OmTables *t)
{
  if (t == NULL)
    return;
  g_array_unref(t->tables);
  g_ptr_array_unref(t->cells);
  om_arena_free(t->arena);
  g_free(t);
}

gsize
om_tables_size(const OmTables *t)
{
  return t->tables->len;
}

const OmTable *
om_tables_get(const OmTables *t, gsize i)
{
  g_return_val_if_fail(i < t->tables->len, NULL);
  return &g_array_index(t->tables, OmTable, i);
}
