/* document.c — what the LEA report says: the summary rows, the sector and institution
 * pages with their charts and sentences, the cover's words, the introduction to the
 * summary and the method appendix, in Dutch or English.
 *
 * Content only (report-model.h), every string and array in the document's arena: never
 * draws, never writes a file, never prints. A withheld share reaches a row only as
 * `suppressed` with its n.
 */
#include "present/document.h"
#include "present/charts.h"
#include "present/messages.h"

#include <math.h>
#include <string.h>

struct OmDocument {
  OmArena *arena;
  GArray *rows;         /* OmReportRow */
  GArray *sector_pages; /* OmReportPage */
  GArray *inst_pages;   /* OmReportPage */
  GArray *front_pages;  /* OmReportPage */
  GArray *topic_pages;  /* OmReportPage */
  OmReport report;
};

/* "Gemeente Lindeveen" / "Municipality of Lindeveen". */
static const char *
municipality_in(OmArena *a, const OmEvaluation *ev, OmLang lang)
{
  const char *m = om_evaluation_municipality(ev);
  if (lang == OM_LANG_EN && g_str_has_prefix(m, "Gemeente"))
    return om_arena_keep(a, g_strdup_printf("Municipality of%s", m + strlen("Gemeente")));
  return m;
}

OmReportRow
om_document_row(OmArena *a, const OmEvaluation *ev, const OmEvaluationRow *r, OmLang lang)
{
  const OmPoint *p = r->result.point;
  const char *scope = r->series->kind == OM_SCOPE_SECTOR
                          ? om_messages_sector_title(r->series->id, lang)
                          : om_arena_keep(a, om_messages_scope_name(r->series, lang));
  OmReportRow row = { .target = om_messages_target_text(r->target, lang),
                      .scope = scope,
                      .year = r->result.year_used,
                      .n = p ? p->n : 0,
                      .suppressed = om_charts_withheld(p),
                      .share = p && p->has_share ? p->estimate : NAN,
                      .lower = p && p->has_share ? p->lower : NAN,
                      .upper = p && p->has_share ? p->upper : NAN,
                      .status = om_charts_status(r->result.status),
                      .has_projection = r->result.has_projection,
                      .projection_year = r->target->deadline,
                      .projection = r->result.projection.estimate,
                      .projection_lower = r->result.projection.lower,
                      .projection_upper = r->result.projection.upper };
  OmCensus c;
  if (om_census_count(ev, r, &c)) {
    row.census = om_arena_keep(a, om_census_short(&c, lang));
    om_census_clear(&c);
  } else {
    char *ch = om_messages_change(p, om_evaluation_options(ev)->level, TRUE, lang);
    row.change = ch ? om_arena_keep(a, ch) : NULL;
  }
  return row;
}

/* Sentences of every target row of one scope unit. */
static const char *const *
unit_sentences(OmArena *a, const OmEvaluation *ev, OmScopeKind kind, const char *id, OmLang lang,
               gsize *n)
{
  GPtrArray *out = g_ptr_array_new();
  guint n_unit;
  const OmEvaluationRow *const *unit = om_evaluation_unit_rows(ev, kind, id, &n_unit);
  for (guint i = 0; i < n_unit; i++)
    g_ptr_array_add(out, (gpointer)om_arena_keep(a, om_messages_row(ev, unit[i], lang)));
  *n = out->len;
  const char **arr = om_arena_alloc(a, sizeof(char *) * MAX(out->len, 1));
  for (guint i = 0; i < out->len; i++)
    arr[i] = g_ptr_array_index(out, i);
  g_ptr_array_unref(out);
  return arr;
}

char *
om_document_method(const OmAnalysisOptions *o, OmLang lang)
{
  int lv = (int)lround(o->level * 100);
  if (lang == OM_LANG_NL)
    return g_strdup_printf(
        "Aandeel tevreden = tevreden antwoorden / geldige antwoorden; ‘weet niet / n.v.t.’ en lege "
        "antwoorden tellen niet mee en worden apart geteld.\n\n"
        "Per instelling: een enkelvoudige aselecte steekproef uit de ouders van de instelling, met "
        "eindige-populatiecorrectie als de populatie bekend is (%s-interval zoals R survey "
        "svyciprop), anders een %s-interval voor één proportie. Per sector en voor de gemeente: "
        "gestratificeerd naar instelling en gewogen naar populatie (R survey: svydesign(ids=~1, "
        "strata=~instelling, fpc=~populatie)), met t-kwantielen op n − H vrijheidsgraden. "
        "Betrouwbaarheid %d%%.\n\n"
        "De instellingenvragenlijst is een meting van het register zelf: de populatie is het "
        "aantal "
        "geregistreerde instellingen in de sector, dus ‘alle instellingen’ is alleen behaald als "
        "elke instelling antwoordde en ja zei.\n\n"
        "Status in het streefjaar: behaald als de ondergrens van het interval de norm haalt, niet "
        "behaald als de bovengrens eronder blijft, anders onbeslist. Vóór het streefjaar: een "
        "binomiaal GLM (logit) van het aandeel op het jaar, doorgetrokken tot het streefjaar: op "
        "koers, uit koers of onzeker volgens hetzelfde principe.\n\n"
        "Groepen met minder dan %" G_GUINT64_FORMAT " geldige antwoorden worden nergens met een "
        "percentage getoond (te weinig respons), en waar zo’n groep uit een totaal terug te "
        "rekenen zou zijn, wordt ook de eerstvolgende kleinste groep achtergehouden.",
        om_ci_method_to_string(o->design_method), om_ci_method_to_string(o->method), lv, o->min_n);
  return g_strdup_printf(
      "Share satisfied = satisfied answers / valid answers; 'don't know / n.a.' and blanks are not "
      "valid and are counted separately.\n\n"
      "Per institution: a simple random sample of its parents, with finite-population correction "
      "when the population is known (%s interval as R survey's svyciprop), else a %s interval "
      "for one proportion. Per sector and for the municipality: stratified by institution and "
      "weighted by population (R survey: svydesign(ids=~1, strata=~instelling, fpc=~populatie)), "
      "t quantiles on n − H degrees of freedom. Confidence level %d%%.\n\n"
      "The institutions' survey measures the register itself: its population is the number of "
      "registered institutions in the sector, so 'all institutions' is attained only when every "
      "institution answered yes.\n\n"
      "Status in the deadline year: attained when the interval's lower bound reaches the "
      "threshold, not attained when the upper bound stays below it, else undecided. Before the "
      "deadline: a binomial GLM (logit) of the share on year, projected to the deadline: on "
      "course, off course or uncertain by the same rule.\n\n"
      "Groups with fewer than %" G_GUINT64_FORMAT " valid answers never show a share (too few "
      "responses), and where such a group could be recovered from a total, the next-smallest "
      "group is withheld too.",
      om_ci_method_to_string(o->design_method), om_ci_method_to_string(o->method), lv, o->min_n);
}

/* The summary table: every target row of the municipality and the sectors. */
static void
summary_rows(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind != OM_SCOPE_INSTELLING) {
      OmReportRow row = om_document_row(doc->arena, ev, r, lang);
      g_array_append_val(doc->rows, row);
    }
  }
  for (guint t = 0; t < om_targets_size(om_evaluation_targets(ev)); t++)
    doc->report.evaluation_year = MAX(doc->report.evaluation_year, om_evaluation_year(ev, t));
}

/* A page per sector: the trend panels of the parents' targets (the institutions' census is
 * counted and named in the sentences, without intervals), its institutions against the first
 * target with institutions in scope, and a sentence per target. */
static void
sector_pages(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  OmArena *a = doc->arena;
  for (const char *const *sec = om_register_sectors(); *sec; sec++) {
    gsize n_sent = 0;
    const char *const *sent = unit_sentences(a, ev, OM_SCOPE_SECTOR, *sec, lang, &n_sent);
    if (n_sent == 0)
      continue;
    const char *title = om_messages_sector_title(*sec, lang);
    OmReportPage page
        = { .heading = title,
            .chart = om_charts_unit(a, ev, OM_SCOPE_SECTOR, *sec, NULL, "ouders", NULL, lang),
            .sentences = sent,
            .n_sentences = n_sent };
    for (guint t = 0; t < om_targets_size(om_evaluation_targets(ev)) && !page.overview; t++)
      if (om_targets_get(om_evaluation_targets(ev), t)->scopes[OM_SCOPE_INSTELLING])
        page.overview = om_charts_overview(a, ev, t, *sec, lang);
    if (page.chart && page.chart->n_panels > 9)
      page.chart = NULL;
    g_array_append_val(doc->sector_pages, page);
  }
}

/* A page per institution with a target row: its trend panels and a sentence per target. */
static void
institution_pages(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  OmArena *a = doc->arena;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
    const OmEvaluationRow *r = om_evaluation_row(ev, i);
    if (r->series->kind != OM_SCOPE_INSTELLING || g_hash_table_contains(seen, r->series->id))
      continue;
    g_hash_table_add(seen, r->series->id);
    gsize n_sent = 0;
    const char *const *sent
        = unit_sentences(a, ev, OM_SCOPE_INSTELLING, r->series->id, lang, &n_sent);
    const char *heading
        = om_arena_keep(a, g_strdup_printf("%s (%s)", r->series->name, r->series->id));
    OmReportPage page = { .heading = heading,
                          .chart = om_charts_unit(a, ev, OM_SCOPE_INSTELLING, r->series->id, NULL,
                                                  NULL, NULL, lang),
                          .sentences = sent,
                          .n_sentences = n_sent };
    g_array_append_val(doc->inst_pages, page);
  }
  g_hash_table_unref(seen);
}

/* The key-message page: a sentence per target a council member can read aloud, and the
 * institutions that need attention. */
static void
front_pages(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  OmArena *a = doc->arena;
  char **key = om_messages_key(ev, lang);
  guint n = g_strv_length(key);
  const char **arr = om_arena_alloc(a, sizeof(char *) * MAX(n, 1));
  for (guint i = 0; i < n; i++)
    arr[i] = om_arena_keep(a, key[i]);
  g_free(key); /* the strings moved into the arena */
  OmReportPage page
      = { .heading = lang == OM_LANG_NL ? "Kernboodschappen" : "Key messages",
          .intro = lang == OM_LANG_NL
                       ? "Per doel in één zin wat de meting zegt over de hele gemeente; daarna de "
                         "instellingen die aandacht nodig hebben."
                       : "Per target, in one sentence, what the survey says about the whole "
                         "municipality; then the institutions that need attention.",
          .sentences = arr,
          .n_sentences = n };
  g_array_append_val(doc->front_pages, page);
}

/* The institutions' survey as counts and names: per target, the municipality and every
 * sector, with the institutions that said no or did not answer. */
static void
census_page(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  OmArena *a = doc->arena;
  GPtrArray *out = g_ptr_array_new();
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTarget *target = om_targets_get(ts, t);
    if (target->kind == OM_GROUP_OUDERS)
      continue;
    for (guint i = 0; i < om_evaluation_n_rows(ev); i++) {
      const OmEvaluationRow *r = om_evaluation_row(ev, i);
      OmCensus c;
      if (r->target != target || !om_census_count(ev, r, &c))
        continue;
      const char *scope = r->series->kind == OM_SCOPE_SECTOR
                              ? om_messages_sector_title(r->series->id, lang)
                              : municipality_in(a, ev, lang);
      char *sent;
      if (r->series->kind == OM_SCOPE_GEMEENTE && c.no + c.missing > 0) {
        /* The names follow per sector; the municipality's line only counts. */
        sent = g_strdup_printf(lang == OM_LANG_NL
                                   ? "In %d: %u van de %u instellingen; nog niet: %u nee, %u "
                                     "geen antwoord (namen per sector hieronder)."
                                   : "In %d: %u of %u institutions; not yet: %u no, %u no "
                                     "answer (names per sector below).",
                               c.year, c.yes, c.total, c.no, c.missing);
      } else {
        sent = om_census_sentence(&c, target, lang);
      }
      const char *st = om_target_status_label(r->result.status, lang);
      g_ptr_array_add(
          out, (gpointer)om_arena_keep(
                   a, r->series->kind == OM_SCOPE_GEMEENTE
                          ? g_strdup_printf("%s — %s: %s Status: %s.",
                                            om_messages_target_text(target, lang), scope, sent, st)
                          : g_strdup_printf("%s: %s Status: %s.", scope, sent, st)));
      g_free(sent);
      om_census_clear(&c);
    }
  }
  if (out->len == 0) {
    g_ptr_array_unref(out);
    return;
  }
  const char **arr = om_arena_alloc(a, sizeof(char *) * out->len);
  for (guint i = 0; i < out->len; i++)
    arr[i] = g_ptr_array_index(out, i);
  OmReportPage page
      = { .heading = lang == OM_LANG_NL ? "Instellingenvragenlijst" : "The institutions' survey",
          .intro = om_census_rule(lang),
          .sentences = arr,
          .n_sentences = out->len };
  g_array_append_val(doc->topic_pages, page);
  g_ptr_array_unref(out);
}

/* Every target's overview of all institutions, a page each. */
static void
overview_pages(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTarget *target = om_targets_get(ts, t);
    if (!target->scopes[OM_SCOPE_INSTELLING] || target->kind != OM_GROUP_OUDERS)
      continue;
    OmOverviewChart *o = om_charts_overview(doc->arena, ev, t, NULL, lang);
    if (!o)
      continue;
    /* The page heading carries the title; the chart under it does not repeat it. */
    OmReportPage page = { .heading = o->title, .overview = o };
    o->title = NULL;
    g_array_append_val(doc->topic_pages, page);
  }
}

/* The first target of the parents' survey that was evaluated: its analysis carries the
 * respondents of every scope unit and wave. G_MAXUINT when none. */
guint
om_document_parents_target(const OmEvaluation *ev)
{
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++)
    if (strcmp(om_targets_get(ts, t)->group, "ouders") == 0 && om_evaluation_analysis(ev, t)
        && !om_targets_get(ts, t)->sectors)
      return t;
  return G_MAXUINT;
}

/* Parents (households) registered for each series of `an`: one pass over the register
 * (a national overview has 7,000 institution series: a search of the register per series
 * was 49 million comparisons). A series' figure is -1 when one of its institutions has none
 * on record (for the municipality: the institutions that have one count). */
gint64 *
om_document_populations(const OmEvaluation *ev, const OmAnalysis *an)
{
  const GArray *reg = om_evaluation_institutions(ev);
  GHashTable *inst = g_hash_table_new(g_str_hash, g_str_equal);   /* code -> OmInstitution */
  GHashTable *sector = g_hash_table_new(g_str_hash, g_str_equal); /* sector -> gint64 * */
  gint64 *sector_sums = g_new0(gint64, reg ? reg->len + 1 : 1);
  gint64 gem = 0;
  for (guint i = 0; reg && i < reg->len; i++) {
    const OmInstitution *in = &g_array_index(reg, OmInstitution, i);
    if (!g_hash_table_contains(inst, in->code))
      g_hash_table_insert(inst, in->code, (gpointer)in);
    if (in->sector == NULL)
      continue;
    gint64 *sum = g_hash_table_lookup(sector, in->sector);
    if (sum == NULL) {
      sum = &sector_sums[g_hash_table_size(sector)];
      g_hash_table_insert(sector, in->sector, sum);
    }
    if (*sum >= 0)
      *sum = in->population < 0 ? -1 : *sum + in->population;
  }
  for (guint i = 0; reg && i < reg->len; i++) {
    const OmInstitution *in = &g_array_index(reg, OmInstitution, i);
    if (in->population >= 0)
      gem += in->population;
  }
  guint n = om_analysis_n_series(an);
  gint64 *pops = g_new0(gint64, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    const OmSeries *s = om_analysis_series(an, i);
    if (s->kind == OM_SCOPE_GEMEENTE) {
      pops[i] = gem;
    } else if (s->kind == OM_SCOPE_SECTOR) {
      const gint64 *sum = s->id ? g_hash_table_lookup(sector, s->id) : NULL;
      pops[i] = sum ? *sum : 0;
    } else if (s->kind == OM_SCOPE_INSTELLING) {
      const OmInstitution *in = g_hash_table_lookup(inst, s->id);
      pops[i] = in == NULL ? 0 : in->population < 0 ? -1 : in->population;
    }
  }
  g_hash_table_unref(inst);
  g_hash_table_unref(sector);
  g_free(sector_sums);
  return pops;
}

guint64
om_document_respondents(const OmPoint *p)
{
  return p->n + p->dont_know + p->blank;
}

/* "154 / 310 (50%)": respondents of a wave against the parents registered. */
static char *
response_cell(const OmPoint *p, gint64 pop, OmLang lang)
{
  guint64 resp = om_document_respondents(p);
  char *r = om_format_number((double)resp, 0, lang);
  if (pop <= 0)
    return r;
  char *po = om_format_number((double)pop, 0, lang);
  char *pct = om_format_percent((double)resp / (double)pop, 0, lang);
  char *s = g_strdup_printf("%s / %s (%s)", r, po, pct);
  g_free(r);
  g_free(po);
  g_free(pct);
  return s;
}

/* The response of the parents' survey per municipality, sector, institution and wave. */
static void
response_page(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  guint t = om_document_parents_target(ev);
  if (t == G_MAXUINT)
    return;
  OmArena *a = doc->arena;
  const OmAnalysis *an = om_evaluation_analysis(ev, t);
  const OmTally *tally = om_evaluation_tally(ev, t);
  guint nw = om_tally_n_waves(tally), cols = nw + 1;
  const char **header = om_arena_alloc(a, sizeof(char *) * cols);
  header[0] = lang == OM_LANG_NL ? "Niveau" : "Scope";
  for (guint w = 0; w < nw; w++)
    header[w + 1] = om_arena_keep(a, g_strdup_printf("%d", om_tally_wave(tally, w)->year));
  GPtrArray *cells = g_ptr_array_new();
  gsize rows = 0;
  gint64 *pops = om_document_populations(ev, an);
  for (guint i = 0; i < om_analysis_n_series(an); i++) {
    const OmSeries *s = om_analysis_series(an, i);
    guint64 any = 0;
    for (guint w = 0; w < s->points->len; w++) {
      const OmPoint *p = &g_array_index(s->points, OmPoint, w);
      any += om_document_respondents(p);
    }
    if (any == 0)
      continue;
    gint64 pop = pops[i];
    g_ptr_array_add(cells, (gpointer)om_arena_keep(a, om_messages_scope_name(s, lang)));
    for (guint w = 0; w < nw; w++)
      g_ptr_array_add(cells, w < s->points->len ? (gpointer)om_arena_keep(
                                 a, response_cell(&g_array_index(s->points, OmPoint, w), pop, lang))
                                                : (gpointer) "");
    rows++;
  }
  g_free(pops);
  OmReportTable *table = om_arena_alloc(a, sizeof(OmReportTable));
  const char **arr = om_arena_alloc(a, sizeof(char *) * MAX(cells->len, 1));
  for (guint k = 0; k < cells->len; k++)
    arr[k] = g_ptr_array_index(cells, k);
  double *widths = om_arena_alloc(a, sizeof(double) * cols);
  widths[0] = 2.2;
  for (guint c = 1; c < cols; c++)
    widths[c] = 1.3;
  *table = (OmReportTable){ header, arr, rows, cols, widths };
  OmReportPage page
      = { .heading = lang == OM_LANG_NL ? "Respons" : "Response",
          .intro
          = lang == OM_LANG_NL
                ? "Ouders die de vragenlijst invulden, per meting, tegen het aantal ouders "
                  "(huishoudens) dat de instelling in het register heeft; zonder bekende "
                  "populatie alleen het aantal. De respons van de instellingenvragenlijst "
                  "staat op de pagina Instellingenvragenlijst."
                : "Parents who answered, per survey year, against the parents (households) the "
                  "register lists for the institution; without a known population only the "
                  "number. The institutions' survey's response is on its own page.",
          .table = table };
  g_array_append_val(doc->topic_pages, page);
  g_ptr_array_unref(cells);
}

/* ---- themes A–D: indicators and answer distributions ------------------------------------- */

/* One bar: the answers to an item in the newest wave of every institution in `sector`
 * (NULL = all), as shares of the categories (scale values, then "weet niet"). FALSE when
 * nobody answered. */
static gboolean
item_bar(OmArena *a, const OmEvaluation *ev, const OmTally *tally, const OmItem *item,
         const char *sector, gsize n_cat, OmReportBar *bar)
{
  guint wave = om_tally_n_waves(tally) - 1;
  double *sum = om_arena_alloc(a, sizeof(double) * n_cat);
  memset(sum, 0, sizeof(double) * n_cat);
  guint64 n = 0;
  const GArray *reg = om_evaluation_institutions(ev);
  for (guint i = 0; reg && i < reg->len; i++) {
    const OmInstitution *in = &g_array_index(reg, OmInstitution, i);
    if (sector && g_strcmp0(in->sector, sector) != 0)
      continue;
    const OmItemCounts *c = om_tally_item_counts(tally, wave, item->id, in->code);
    if (!c)
      continue;
    for (guint k = 0; c->counts && k < c->n_codes && k + 1 < n_cat; k++) {
      sum[k] += (double)c->counts[k];
      n += c->counts[k];
    }
    sum[n_cat - 1] += (double)c->dont_know;
    n += c->dont_know;
  }
  if (n == 0)
    return FALSE;
  for (gsize k = 0; k < n_cat; k++)
    sum[k] /= (double)n;
  bar->shares = sum;
  bar->n = n;
  return TRUE;
}

/* The stacked bars of every item of a theme on a labelled scale: the municipality and
 * each sector, newest wave, unweighted. NULL when the theme has no such item. */
static OmReportBars *
theme_bars(OmArena *a, const OmEvaluation *ev, const OmTally *tally, char theme, OmLang lang)
{
  const OmSurvey *sv = om_tally_survey(tally);
  const OmAnswerScale *scale = NULL;
  GArray *groups = g_array_new(FALSE, TRUE, sizeof(OmReportBarGroup));
  for (guint i = 0; i < om_survey_n_items(sv); i++) {
    const OmItem *it = om_survey_item(sv, i);
    if (it->theme != theme || !om_scale_label(it->scale, om_scale_min(it->scale)))
      continue;
    if (scale && it->scale != scale)
      continue; /* one legend per page: the theme's first labelled scale */
    scale = it->scale;
    gsize n_cat = (gsize)(om_scale_max(scale) - om_scale_min(scale) + 2);
    OmReportBar *bars = om_arena_alloc(a, sizeof(OmReportBar) * 6);
    gsize nb = 0;
    if (item_bar(a, ev, tally, it, NULL, n_cat, &bars[nb]))
      bars[nb++].label = municipality_in(a, ev, lang);
    for (const char *const *sec = om_register_sectors(); *sec && nb < 6; sec++)
      if (item_bar(a, ev, tally, it, *sec, n_cat, &bars[nb]))
        bars[nb++].label = om_messages_sector_title(*sec, lang);
    OmReportBarGroup g = { it->title ? it->title : it->id, bars, nb };
    if (nb > 0)
      g_array_append_val(groups, g);
  }
  if (groups->len == 0) {
    g_array_unref(groups);
    return NULL;
  }
  OmReportBars *b = om_arena_alloc(a, sizeof(OmReportBars));
  gsize n_cat = (gsize)(om_scale_max(scale) - om_scale_min(scale) + 2);
  const char **cats = om_arena_alloc(a, sizeof(char *) * n_cat);
  for (int v = om_scale_min(scale); v <= om_scale_max(scale); v++)
    cats[v - om_scale_min(scale)] = om_scale_label(scale, v) ? om_scale_label(scale, v) : "";
  cats[n_cat - 1] = lang == OM_LANG_NL ? "Weet niet / n.v.t." : "Don't know / n.a.";
  gsize n_neg = 0;
  for (int v = om_scale_min(scale); v <= om_scale_max(scale); v++)
    n_neg += om_scale_classify(scale, v) != OM_ANSWER_CLASS_SATISFIED && v < om_scale_max(scale)
             && v * 2 < om_scale_min(scale) + om_scale_max(scale);
  OmReportBarGroup *copy = om_arena_alloc(a, sizeof(OmReportBarGroup) * groups->len);
  memcpy(copy, groups->data, sizeof(OmReportBarGroup) * groups->len);
  *b = (OmReportBars){ cats,
                       n_cat,
                       n_neg,
                       TRUE,
                       copy,
                       groups->len,
                       lang == OM_LANG_NL
                           ? "Aandelen van alle antwoorden (ook ‘weet niet’), ongewogen, in de "
                             "nieuwste meting."
                           : "Shares of all answers (including ‘don't know’), unweighted, in the "
                             "newest survey." };
  g_array_unref(groups);
  return b;
}

/* The evaluation's own analysis of `indicator` on `tally` over all sectors (a target of
 * the run on that indicator), or NULL when it has none: the same analysis om_analysis_new
 * would make again (same register, options and tally). Transfer none. */
static const OmAnalysis *
evaluation_analysis_of(const OmEvaluation *ev, const OmTally *tally, const char *indicator)
{
  const OmTargetSet *ts = om_evaluation_targets(ev);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTarget *target = om_targets_get(ts, t);
    if (om_evaluation_tally(ev, t) == tally && om_evaluation_analysis(ev, t) != NULL
        && target->sectors == NULL && strcmp(target->indicator, indicator) == 0)
      return om_evaluation_analysis(ev, t);
  }
  return NULL;
}

/* A page per theme A–D: its indicators for the municipality (newest wave) and the answers
 * to each of its items as stacked bars. */
static void
theme_pages(OmDocument *doc, const OmEvaluation *ev, OmLang lang)
{
  guint t = om_document_parents_target(ev);
  if (t == G_MAXUINT)
    return;
  OmArena *a = doc->arena;
  const OmTally *tally = om_evaluation_tally(ev, t);
  const OmSurvey *sv = om_tally_survey(tally);
  /* A theme page prints the municipality's figures only: its institutions' own shares,
   * intervals and changes would be computed and thrown away. */
  OmAnalysisOptions totals = *om_evaluation_options(ev);
  totals.totals_only = TRUE;
  for (char theme = 'A'; theme <= 'D'; theme++) {
    GPtrArray *sent = g_ptr_array_new();
    const char *heading = NULL;
    for (guint k = 0; k < om_survey_n_indicators(sv); k++) {
      const OmIndicator *ind = om_survey_indicator(sv, k);
      if (ind->theme != theme)
        continue;
      if (!heading || ind->rule == OM_RULE_MEAN)
        heading = om_messages_indicator_title(ind, lang);
      /* A target's indicator was analysed by the evaluation already. */
      const OmAnalysis *known = evaluation_analysis_of(ev, tally, ind->id);
      OmAnalysis *own = known ? NULL
                              : om_analysis_new(tally, om_evaluation_institutions(ev), ind->id,
                                                NULL, &totals, NULL);
      const OmAnalysis *an = known ? known : own;
      const OmSeries *g = an ? om_analysis_find(an, OM_SCOPE_GEMEENTE, "gemeente") : NULL;
      const OmPoint *p
          = g && g->points->len ? &g_array_index(g->points, OmPoint, g->points->len - 1) : NULL;
      if (p && p->has_share) {
        char *e = om_format_percent(p->estimate, 1, lang);
        char *lo = om_format_percent(p->lower, 1, lang), *hi = om_format_percent(p->upper, 1, lang);
        char *ch = om_messages_change(p, om_evaluation_options(ev)->level, FALSE, lang);
        g_ptr_array_add(
            sent, (gpointer)om_arena_keep(
                      a, g_strdup_printf(lang == OM_LANG_NL ? "%s: %s tevreden in %d (%s–%s)%s%s."
                                                            : "%s: %s satisfied in %d (%s–%s)%s%s.",
                                         om_messages_indicator_title(ind, lang), e, p->year, lo, hi,
                                         ch ? (lang == OM_LANG_NL ? "; sinds de nulmeting "
                                                                  : "; since the baseline ")
                                            : "",
                                         ch ? ch : "")));
        g_free(e);
        g_free(lo);
        g_free(hi);
        g_free(ch);
      }
      om_analysis_free(own);
    }
    OmReportBars *bars = theme_bars(a, ev, tally, theme, lang);
    if (sent->len > 0 || bars) {
      const char **arr = om_arena_alloc(a, sizeof(char *) * MAX(sent->len, 1));
      for (guint k = 0; k < sent->len; k++)
        arr[k] = g_ptr_array_index(sent, k);
      OmReportPage page
          = { .heading = heading ? heading : "",
              .intro = lang == OM_LANG_NL ? "De indicatoren van dit thema voor de hele gemeente, "
                                            "en per vraag hoe ouders antwoordden."
                                          : "This theme's indicators for the whole municipality, "
                                            "and per question how parents answered.",
              .sentences = arr,
              .n_sentences = sent->len,
              .bars = bars };
      g_array_append_val(doc->topic_pages, page);
    }
    g_ptr_array_unref(sent);
  }
}

/* "4, 5 (schaal 1–5); niet geldig (weet niet / n.v.t.): 9": which answers count as
 * satisfied, and which are counted apart. Transfer full. */
static char *
satisfied_words(const OmAnswerScale *sc, OmLang lang)
{
  GString *s = g_string_new(NULL);
  for (int v = om_scale_min(sc); v <= om_scale_max(sc); v++)
    if (om_scale_classify(sc, v) == OM_ANSWER_CLASS_SATISFIED)
      g_string_append_printf(s, "%s%d", s->len ? ", " : "", v);
  g_string_append_printf(s, lang == OM_LANG_NL ? " (schaal %d–%d)" : " (scale %d–%d)",
                         om_scale_min(sc), om_scale_max(sc));
  GString *miss = g_string_new(NULL);
  for (int v = om_scale_max(sc) + 1; v <= 999; v++)
    if (om_scale_classify(sc, v) == OM_ANSWER_CLASS_MISSING)
      g_string_append_printf(miss, "%s%d", miss->len ? ", " : "", v);
  if (miss->len)
    g_string_append_printf(s,
                           lang == OM_LANG_NL ? "; niet geldig (weet niet / n.v.t.): %s"
                                              : "; not valid (don't know / n.a.): %s",
                           miss->str);
  g_string_free(miss, TRUE);
  return g_string_free(s, FALSE);
}

/* The appendix's facts: fieldwork per survey, and per target the indicator, its items'
 * wording and which answers count as satisfied. Transfer full. */
static char *
method_facts(const OmEvaluation *ev, OmLang lang)
{
  gboolean nl = lang == OM_LANG_NL;
  GString *s = g_string_new(nl ? "# Veldwerk" : "# Fieldwork");
  const OmTargetSet *ts = om_evaluation_targets(ev);
  const OmTally *seen[2] = { NULL, NULL };
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTally *tally = om_evaluation_tally(ev, t);
    if (!tally || tally == seen[0] || tally == seen[1])
      continue;
    seen[seen[0] ? 1 : 0] = tally;
    g_string_append_printf(s, "\n\n- %s: ", om_survey_title(om_tally_survey(tally)));
    for (guint w = 0; w < om_tally_n_waves(tally); w++) {
      const OmTallyWave *wave = om_tally_wave(tally, w);
      char *n = om_format_number((double)wave->respondents, 0, lang);
      g_string_append_printf(s, "%s%d (%s%s %s)", w ? ", " : "", wave->year,
                             wave->baseline ? (nl ? "nulmeting, " : "baseline, ") : "", n,
                             nl ? "respondenten" : "respondents");
      g_free(n);
    }
  }
  g_string_append(s, nl ? "\n\n# Vragen en wat als tevreden telt"
                        : "\n\n# Questions and what counts as satisfied");
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const OmTally *tally = om_evaluation_tally(ev, t);
    const OmAnalysis *an = om_evaluation_analysis(ev, t);
    if (!tally || !an)
      continue;
    const OmSurvey *sv = om_tally_survey(tally);
    const OmIndicator *ind = om_analysis_indicator(an);
    g_string_append_printf(s, "\n\n- %s — %s ", om_messages_indicator_title(ind, lang),
                           ind->n_items > 1 ? (nl ? "vragen" : "questions")
                                            : (nl ? "vraag" : "question"));
    for (guint k = 0; k < ind->n_items; k++) {
      const OmItem *it = om_survey_item(sv, ind->items[k]);
      g_string_append_printf(s, "%s%s: “%s”", k ? "; " : "", it->id, it->title ? it->title : "");
    }
    const OmAnswerScale *sc = om_indicator_scale(sv, ind);
    if (sc) {
      char *sat = satisfied_words(sc, lang);
      g_string_append_printf(s, nl ? ". Tevreden: %s." : ". Satisfied: %s.", sat);
      g_free(sat);
    }
  }
  return g_string_free(s, FALSE);
}

static const char *
summary_intro(OmArena *a, const OmEvaluation *ev, OmLang lang)
{
  return om_arena_keep(
      a,
      g_strdup_printf(
          lang == OM_LANG_NL
              ? "Per doel en per niveau: het gemeten aandeel met %d%%-betrouwbaarheidsinterval en "
                "de status. Vóór het streefjaar geeft de prognose de trend doorgetrokken tot het "
                "streefjaar; daarna staat in die kolom de verandering sinds de nulmeting in "
                "procentpunt (pp), en of die significant is. Bij de instellingenvragenlijst, een "
                "telling, staat hoeveel instellingen voldoen. Per instelling staan de resultaten "
                "op de instellingspagina’s."
              : "Per target and level: the measured share with its %d%% confidence interval and "
                "the status. Before the deadline the projection carries the trend to the deadline; "
                "after it, that column gives the change since the baseline in percentage points "
                "(pp) and whether it is significant. For the institutions' survey, a census, the "
                "number of institutions that comply is given. Results per institution are on the "
                "institution pages.",
          (int)lround(om_evaluation_options(ev)->level * 100)));
}

static OmDocument *
document_new(const OmEvaluation *ev, const char *author, OmLang lang, gboolean institutions)
{
  OmDocument *doc = g_new0(OmDocument, 1);
  doc->arena = om_arena_new();
  doc->rows = g_array_new(FALSE, TRUE, sizeof(OmReportRow));
  doc->sector_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  doc->inst_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  doc->front_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  doc->topic_pages = g_array_new(FALSE, TRUE, sizeof(OmReportPage));
  doc->report.municipality = municipality_in(doc->arena, ev, lang);
  summary_rows(doc, ev, lang);
  sector_pages(doc, ev, lang);
  if (institutions)
    institution_pages(doc, ev, lang);
  front_pages(doc, ev, lang);
  census_page(doc, ev, lang);
  overview_pages(doc, ev, lang);
  theme_pages(doc, ev, lang);
  response_page(doc, ev, lang);
  OmReport *r = &doc->report;
  r->title = lang == OM_LANG_NL ? "LEA-evaluatie ouderbetrokkenheid"
                                : "LEA evaluation of parental involvement";
  r->author = author ? om_arena_keep(doc->arena, g_strdup(author)) : NULL;
  r->summary_intro = summary_intro(doc->arena, ev, lang);
  r->rows = (const OmReportRow *)(void *)doc->rows->data;
  r->n_rows = doc->rows->len;
  r->sector_pages = (const OmReportPage *)(void *)doc->sector_pages->data;
  r->n_sector_pages = doc->sector_pages->len;
  r->institution_pages = (const OmReportPage *)(void *)doc->inst_pages->data;
  r->n_institution_pages = doc->inst_pages->len;
  r->front_pages = (const OmReportPage *)(void *)doc->front_pages->data;
  r->n_front_pages = doc->front_pages->len;
  r->topic_pages = (const OmReportPage *)(void *)doc->topic_pages->data;
  r->n_topic_pages = doc->topic_pages->len;
  char *method = om_document_method(om_evaluation_options(ev), lang);
  char *facts = method_facts(ev, lang);
  r->method = om_arena_keep(doc->arena, g_strconcat(method, "\n\n", facts, NULL));
  g_free(method);
  g_free(facts);
  return doc;
}

OmDocument *
om_document_new(const OmEvaluation *ev, const char *author, OmLang lang)
{
  return document_new(ev, author, lang, TRUE);
}

OmDocument *
om_document_new_overview(const OmEvaluation *ev, const char *author, OmLang lang)
{
  return document_new(ev, author, lang, FALSE);
}

void
om_document_free(OmDocument *doc)
{
  if (!doc)
    return;
  g_array_unref(doc->rows);
  g_array_unref(doc->sector_pages);
  g_array_unref(doc->inst_pages);
  g_array_unref(doc->front_pages);
  g_array_unref(doc->topic_pages);
  om_arena_free(doc->arena);
  g_free(doc);
}

void
om_document_set_title(OmDocument *doc, const char *title)
{
  if (title && *title)
    doc->report.title = om_arena_keep(doc->arena, g_strdup(title));
}

void
om_document_set_date(OmDocument *doc, const char *date)
{
  doc->report.date = date && *date ? om_arena_keep(doc->arena, g_strdup(date)) : NULL;
}

const OmReport *
om_document_report(const OmDocument *doc)
{
  return &doc->report;
}
