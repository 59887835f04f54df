/* html-report.c — the LEA report as one self-contained HTML page (html-report.h): cover,
 * contents with anchors, how to read a status, the front pages (key messages), the summary
 * table, the topic pages (the institutions' survey, every target's overview, response), a
 * section per sector and per institution with their charts (inline SVG with <text>, svg.c),
 * each chart's numbers as a table in a <details>, page tables, stacked answer bars (inline
 * SVG plus their numbers), and the method appendix: the PDF's sections in the PDF's order.
 *
 * It walks the document model generically (every row, every page, every chart) and must
 * never compute a statistic or show a share marked suppressed; every text from the model
 * goes through om_xml_escape_append. It writes no script, no external link and no
 * formula-like markup of its own.
 */
#include "render/html-report.h"
#include "render/chart-private.h"
#include "render/report.h"
#include "render/svg.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* The page width the charts are drawn at; CSS scales them to the screen. */
#define CHART_W 760.0

typedef struct {
  GString *out;
  OmLang lang;
  const OmReport *rep;
  const OmChartStyle *style;
  guint n_charts; /* for unique SVG ids */
} Html;

static void
esc(Html *h, const char *text)
{
  om_xml_escape_append(h->out, text);
}

static void
put(Html *h, const char *s)
{
  g_string_append(h->out, s);
}

/* Escaped text taking ownership of it. */
static void
esc_free(Html *h, char *text)
{
  esc(h, text);
  g_free(text);
}

static const char *
title_of(const Html *h)
{
  return h->rep->title ? h->rep->title
                       : TR(h->lang, "LEA-evaluatie ouderbetrokkenheid",
                            "LEA evaluation of parental involvement");
}

static const char css[]
    = "*{box-sizing:border-box}"
      "body{margin:0;font-family:'DejaVu Sans',Verdana,system-ui,sans-serif;color:#1a1a1a;"
      "background:#fff;line-height:1.5;font-size:1rem}"
      "main,header.cover,nav,footer{max-width:62rem;margin:0 auto;padding:0 1rem}"
      "header.cover{padding-top:2rem;border-bottom:1px solid #ccc}"
      ".kicker{color:#4d4d4d;margin:0;text-transform:uppercase;letter-spacing:.05em;"
      "font-size:.85rem}"
      ".bar{width:4rem;height:.35rem;background:#0072B2}"
      "h1{font-size:2rem;line-height:1.2;margin:.4rem 0}"
      "h2{font-size:1.5rem;margin-top:2.5rem;border-bottom:2px solid #0072B2}"
      "h3{font-size:1.2rem;margin-top:2rem}"
      "a{color:#005a8c}a:focus{outline:3px solid #E69F00}"
      ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff}"
      "figure{margin:1rem 0}"
      "figure svg{display:block;width:100%;height:auto;max-width:100%}"
      "figcaption{font-size:.9rem;color:#333;margin-top:.3rem}"
      "details{margin:.4rem 0 1rem}summary{cursor:pointer;color:#005a8c}"
      ".scroll{overflow-x:auto}"
      "table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}"
      "caption{text-align:left;font-weight:bold;padding:.3rem 0}"
      "th,td{border-bottom:1px solid #d0d0d0;padding:.3rem .5rem;vertical-align:top}"
      "thead th{text-align:left;border-bottom:2px solid #555;background:#f2f2f2}"
      "td.num,th.num{text-align:right;white-space:nowrap}"
      "tbody th{text-align:left;font-weight:normal}tr.group "
      "th{text-align:left;background:#e8f1f8;font-weight:bold}"
      ".status-key dt{font-weight:bold}.status-key dd{margin:0 0 .5rem 1.5rem}"
      ".mark{display:inline-block;width:1.2em;text-align:center}"
      ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;"
      "font-size:.85rem}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
      "vertical-align:-.1em;border:1px solid #999}.note{font-size:.85rem;color:#4d4d4d}"
      "footer{color:#4d4d4d;font-size:.85rem;padding:2rem 1rem;border-top:1px solid #ccc;"
      "margin-top:3rem}"
      "@media (max-width:40rem){h1{font-size:1.5rem}h2{font-size:1.25rem}"
      "table{font-size:.8rem}th,td{padding:.25rem .3rem}"
      ".svgwrap{overflow-x:auto}.svgwrap svg{width:40rem;max-width:none}}"
      "@media print{nav,.skip,details{display:none}"
      "section.page{break-before:page}h2+section.page{break-before:auto}"
      "figure,table,tr{break-inside:avoid}h2,h3{break-after:avoid}"
      "a{color:inherit;text-decoration:none}body{font-size:10pt}"
      "main,header.cover,footer{max-width:none}}";

/* A marker character per status (decorative; the word is always beside it). */
static const char *
status_mark(OmChartStatus s)
{
  static const char *const marks[] = { "", "●", "▼", "◇", "▲", "■", "○", "✕" };
  guint i = (guint)s;
  return i < G_N_ELEMENTS(marks) ? marks[i] : "";
}

static const char *
status_colour(OmChartStatus s)
{
  switch (s) {
  case OM_CHART_STATUS_ATTAINED:
  case OM_CHART_STATUS_ON_COURSE:
    return "#007A5A";
  case OM_CHART_STATUS_NOT_ATTAINED:
  case OM_CHART_STATUS_OFF_COURSE:
    return "#B34700";
  case OM_CHART_STATUS_UNDECIDED:
  case OM_CHART_STATUS_UNCERTAIN:
    return "#8A5A00";
  default:
    return "#555555";
  }
}

static void
put_status(Html *h, OmChartStatus s)
{
  const char *word = om_chart_status_label(s, h->lang);
  if (*word == '\0') {
    put(h, "–");
    return;
  }
  g_string_append_printf(h->out, "<span class=\"mark\" aria-hidden=\"true\" style=\"color:%s\">",
                         status_colour(s));
  put(h, status_mark(s));
  put(h, "</span>");
  esc(h, word);
}

/* Model text as paragraphs: a blank line separates them, a single line end is a <br>. */
static void
put_paragraphs(Html *h, const char *text, const char *cls)
{
  char **paras = g_regex_split_simple("\\r?\\n[ \\t]*\\r?\\n", text, 0, 0);
  for (char **p = paras; *p; p++) {
    if (**p == '\0')
      continue;
    if (cls)
      g_string_append_printf(h->out, "<p class=\"%s\">", cls);
    else
      put(h, "<p>");
    char **lines = g_strsplit(*p, "\n", -1);
    for (char **l = lines; *l; l++) {
      if (l != lines)
        put(h, "<br>");
      esc(h, *l);
    }
    g_strfreev(lines);
    put(h, "</p>\n");
  }
  g_strfreev(paras);
}

/* ---------------------------------------------------------------------------------------
 * Cover, contents, status key
 */

static void
html_cover(Html *h)
{
  const OmReport *r = h->rep;
  put(h, "<header class=\"cover\">\n<div class=\"bar\"></div>\n<p class=\"kicker\">");
  put(h, TR(h->lang, "Lokale Educatieve Agenda", "Local Education Agenda"));
  put(h, "</p>\n<h1>");
  esc(h, title_of(h));
  put(h, "</h1>\n");
  if (r->municipality) {
    put(h, "<p class=\"municipality\">");
    esc(h, r->municipality);
    put(h, "</p>\n");
  }
  if (r->evaluation_year > 0)
    g_string_append_printf(h->out, "<p>%s %d</p>\n",
                           TR(h->lang, "Evaluatiejaar", "Evaluation year"), r->evaluation_year);
  if (r->date) {
    put(h, "<p>");
    esc(h, r->date);
    put(h, "</p>\n");
  }
  if (r->author) {
    put(h, "<p>");
    esc(h, r->author);
    put(h, "</p>\n");
  }
  put(h, "</header>\n");
}

static void
toc_entry(Html *h, const char *id, const char *text)
{
  g_string_append_printf(h->out, "<li><a href=\"#%s\">", id);
  esc(h, text);
  put(h, "</a>");
}

static void
toc_pages(Html *h, const char *prefix, const OmReportPage *pages, gsize n)
{
  put(h, "\n<ol>\n");
  for (gsize i = 0; i < n; i++) {
    char *id = g_strdup_printf("%s-%zu", prefix, i + 1);
    toc_entry(h, id, pages[i].heading ? pages[i].heading : "");
    put(h, "</li>\n");
    g_free(id);
  }
  put(h, "</ol>");
}

/* Pages with an entry of their own in the contents (front and topic pages). */
static void
toc_own(Html *h, const char *prefix, const OmReportPage *pages, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    char *id = g_strdup_printf("%s-%zu", prefix, i + 1);
    toc_entry(h, id, pages[i].heading ? pages[i].heading : "");
    put(h, "</li>\n");
    g_free(id);
  }
}

static void
html_contents(Html *h)
{
  const OmReport *r = h->rep;
  OmLang l = h->lang;
  put(h, "<nav aria-labelledby=\"inhoud\">\n<h2 id=\"inhoud\">");
  put(h, TR(l, "Inhoud", "Contents"));
  put(h, "</h2>\n<ol>\n");
  toc_entry(h, "status", TR(l, "Zo leest u de status van een doel", "How to read a status"));
  put(h, "</li>\n");
  toc_own(h, "kern", r->front_pages, r->n_front_pages);
  toc_entry(h, "samenvatting", TR(l, "Samenvatting van de doelen", "Summary of targets"));
  put(h, "</li>\n");
  toc_own(h, "onderwerp", r->topic_pages, r->n_topic_pages);
  if (r->n_sector_pages > 0) {
    toc_entry(h, "sectoren", TR(l, "Sectoren", "Sectors"));
    toc_pages(h, "sector", r->sector_pages, r->n_sector_pages);
    put(h, "</li>\n");
  }
  if (r->n_institution_pages > 0) {
    toc_entry(h, "instellingen", TR(l, "Instellingen", "Institutions"));
    toc_pages(h, "instelling", r->institution_pages, r->n_institution_pages);
    put(h, "</li>\n");
  }
  if (r->method && *r->method) {
    toc_entry(h, "verantwoording", TR(l, "Verantwoording", "Method"));
    put(h, "</li>\n");
  }
  put(h, "</ol>\n</nav>\n");
}

/* The statuses as the PDF's cover explains them, in the model's words (chart-model.h). */
static void
html_status_key(Html *h)
{
  put(h, "<section aria-labelledby=\"status\">\n<h2 id=\"status\">");
  put(h, TR(h->lang, "Zo leest u de status van een doel", "How to read a target's status"));
  put(h, "</h2>\n<dl class=\"status-key\">\n");
  for (OmChartStatus st = OM_CHART_STATUS_ATTAINED; st <= OM_CHART_STATUS_TOO_FEW; st++) {
    put(h, "<dt>");
    put_status(h, st);
    put(h, "</dt><dd>");
    esc(h, om_chart_status_meaning(st, h->lang));
    put(h, "</dd>\n");
  }
  put(h, "</dl>\n<p class=\"note\">");
  esc(h, om_chart_status_key_note(h->lang));
  put(h, "</p>\n</section>\n");
}

/* ---------------------------------------------------------------------------------------
 * Summary table
 */

static void
summary_row(Html *h, const OmReportRow *row)
{
  OmLang l = h->lang;
  put(h, "<tr><th scope=\"row\">");
  esc(h, row->scope ? row->scope : "");
  put(h, "</th><td class=\"num\">");
  if (row->year > 0)
    g_string_append_printf(h->out, "%d", row->year);
  else
    put(h, "–");
  put(h, "</td><td class=\"num\">");
  esc_free(h, om_format_number((double)row->n, 0, l));
  put(h, "</td>");
  if (row->suppressed || row->census) {
    put(h, "<td class=\"num\" colspan=\"2\">");
    if (row->suppressed)
      esc_free(h, om_chart_withheld_text(row->suppressed, row->n, TRUE, l));
    else
      esc_free(h, g_strdup_printf("%s %s", row->census, TR(l, "instellingen", "institutions")));
    put(h, "</td><td>");
    if (row->suppressed == OM_WITHHELD_PROTECT)
      put(h, TR(l, "niet getoond", "not shown"));
    else
      put_status(h, row->status);
    put(h, "</td><td class=\"num\">–</td></tr>\n");
    return;
  }
  put(h, "<td class=\"num\">");
  esc_free(h, isfinite(row->share) ? om_format_percent(row->share, 1, l) : g_strdup("–"));
  put(h, "</td><td class=\"num\">");
  esc_free(h, om_format_percent_interval(row->lower, row->upper, l));
  put(h, "</td><td>");
  put_status(h, row->status);
  put(h, "</td><td class=\"num\">");
  if (row->has_projection && isfinite(row->projection)) {
    esc_free(h, om_format_percent(row->projection, 1, l));
    g_string_append_printf(h->out, " in %d (", row->projection_year);
    esc_free(h, om_format_percent_interval(row->projection_lower, row->projection_upper, l));
    put(h, ")");
  } else {
    esc(h, row->change ? row->change : "–");
  }
  put(h, "</td></tr>\n");
}

static void
html_summary(Html *h)
{
  const OmReport *r = h->rep;
  OmLang l = h->lang;
  put(h, "<section aria-labelledby=\"samenvatting\">\n<h2 id=\"samenvatting\">");
  put(h, TR(l, "Samenvatting van de doelen", "Summary of targets"));
  put(h, "</h2>\n");
  if (r->summary_intro) {
    put(h, "<p>");
    esc(h, r->summary_intro);
    put(h, "</p>\n");
  }
  put(h, "<div class=\"scroll\"><table>\n<caption>");
  put(h, TR(l, "Status per doel en niveau", "Status per target and level"));
  put(h, "</caption>\n<thead><tr>");
  static const char *const cols[][2]
      = { { "Niveau", "Scope" },
          { "Jaar", "Year" },
          { "n", "n" },
          { "Aandeel", "Share" },
          { "95%-interval", "95% interval" },
          { "Status", "Status" },
          { "Prognose of sinds nulmeting", "Projection or since baseline" } };
  for (gsize c = 0; c < G_N_ELEMENTS(cols); c++)
    g_string_append_printf(h->out, "<th scope=\"col\"%s>%s</th>",
                           c >= 1 && c <= 4 ? " class=\"num\"" : "", TR(l, cols[c][0], cols[c][1]));
  put(h, "</tr></thead>\n");
  const char *group = NULL;
  for (gsize i = 0; i < r->n_rows; i++) {
    const OmReportRow *row = &r->rows[i];
    const char *t = row->target ? row->target : "";
    if (group == NULL || strcmp(group, t) != 0) {
      if (group != NULL)
        put(h, "</tbody>\n");
      put(h, "<tbody><tr class=\"group\"><th colspan=\"7\" scope=\"colgroup\">");
      esc(h, t);
      put(h, "</th></tr>\n");
      group = t;
    }
    summary_row(h, row);
  }
  if (group != NULL)
    put(h, "</tbody>\n");
  put(h, "</table></div>\n</section>\n");
}

/* ---------------------------------------------------------------------------------------
 * Charts: inline SVG, a text alternative, the numbers as a table
 */

static double
trend_height(const OmTrendChart *c)
{
  if (c->n_panels <= 1)
    return 440;
  if (c->n_panels == 2)
    return 400;
  if (c->n_panels <= 4)
    return 640;
  return 780;
}

/* The alternative text: the chart's title and each panel's title and status sentence. */
static char *
trend_alt(const OmTrendChart *c, const char *fallback, OmLang l)
{
  GString *s = g_string_new(TR(l, "Grafiek: ", "Chart: "));
  g_string_append(s, c->title ? c->title : fallback);
  for (gsize p = 0; p < c->n_panels; p++) {
    const OmTrendPanel *pn = &c->panels[p];
    g_string_append(s, ". ");
    if (pn->title)
      g_string_append_printf(s, "%s: ", pn->title);
    if (pn->subtitle)
      g_string_append(s, pn->subtitle);
  }
  if (c->footnote)
    g_string_append_printf(s, ". %s", c->footnote);
  g_string_append(s, TR(l, ". De cijfers staan in de tabel onder de grafiek.",
                        ". The numbers are in the table below the chart."));
  return g_string_free(s, FALSE);
}

static void
point_cells(Html *h, const OmChartPoint *pt)
{
  OmLang l = h->lang;
  put(h, "<td class=\"num\">");
  esc_free(h, om_format_number((double)pt->n, 0, l));
  put(h, "</td>");
  if (pt->suppressed) {
    put(h, "<td class=\"num\" colspan=\"2\">");
    esc_free(h, om_chart_withheld_text(pt->suppressed, pt->n, TRUE, l));
    put(h, "</td>");
    return;
  }
  put(h, "<td class=\"num\">");
  esc_free(h, om_format_percent(pt->estimate, 1, l));
  put(h, "</td><td class=\"num\">");
  esc_free(h, om_format_percent_interval(pt->lower, pt->upper, l));
  put(h, "</td>");
}

static void
data_table_head(Html *h, const char *caption, const char *const *cols, gsize n)
{
  put(h, "<details><summary>");
  put(h, TR(h->lang, "Tabel met de cijfers van deze grafiek", "Table of this chart's numbers"));
  put(h, "</summary>\n<div class=\"scroll\"><table>\n<caption>");
  esc(h, caption);
  put(h, "</caption>\n<thead><tr>");
  for (gsize c = 0; c < n; c++)
    g_string_append_printf(h->out, "<th scope=\"col\">%s</th>", cols[c]);
  put(h, "</tr></thead>\n<tbody>\n");
}

static void
trend_table(Html *h, const OmTrendChart *c, const char *fallback)
{
  OmLang l = h->lang;
  const char *cols[] = { TR(l, "Onderdeel", "Panel"), TR(l, "Reeks", "Series"),
                         TR(l, "Jaar", "Year"),       "n",
                         TR(l, "Aandeel", "Share"),   TR(l, "95%-interval", "95% interval") };
  data_table_head(h, c->title ? c->title : fallback, cols, G_N_ELEMENTS(cols));
  for (gsize p = 0; p < c->n_panels; p++) {
    const OmTrendPanel *pn = &c->panels[p];
    const char *ptitle = pn->title ? pn->title : (c->title ? c->title : fallback);
    for (gsize s = 0; s < pn->n_series; s++) {
      const OmChartSeries *se = &pn->series[s];
      for (gsize i = 0; i < se->n_points; i++) {
        const OmChartPoint *pt = &se->points[i];
        put(h, "<tr><td>");
        esc(h, ptitle);
        if (pn->has_target) {
          put(h, " (");
          esc_free(h, chart_target_text(pn->target, pn->deadline, l));
          put(h, ")");
        }
        put(h, "</td><td>");
        esc(h, se->label ? se->label : "");
        if (se->reference)
          put(h, TR(l, " (ter vergelijking)", " (for comparison)"));
        g_string_append_printf(h->out, "</td><th scope=\"row\" class=\"num\">%d%s</th>", pt->year,
                               pt->baseline ? TR(l, " (nulmeting)", " (baseline)") : "");
        point_cells(h, pt);
        put(h, "</tr>\n");
      }
      if (se->has_projection && isfinite(se->projection)) {
        put(h, "<tr><td>");
        esc(h, ptitle);
        put(h, "</td><td>");
        esc(h, se->label ? se->label : "");
        g_string_append_printf(h->out, "</td><th scope=\"row\" class=\"num\">%d %s</th><td></td>",
                               se->projection_year, TR(l, "(prognose)", "(projection)"));
        put(h, "<td class=\"num\">");
        esc_free(h, om_format_percent(se->projection, 1, l));
        put(h, "</td><td class=\"num\">");
        esc_free(h, om_format_percent_interval(se->projection_lower, se->projection_upper, l));
        put(h, "</td></tr>\n");
      }
    }
  }
  put(h, "</tbody></table></div></details>\n");
}

static void
overview_table(Html *h, const OmOverviewChart *c, const char *fallback)
{
  OmLang l = h->lang;
  const char *cols[] = { TR(l, "Instelling", "Institution"), "n", TR(l, "Aandeel", "Share"),
                         TR(l, "95%-interval", "95% interval"), TR(l, "Status", "Status") };
  data_table_head(h, c->title ? c->title : fallback, cols, G_N_ELEMENTS(cols));
  for (gsize i = 0; i < c->n_rows; i++) {
    const OmOverviewRow *r = &c->rows[i];
    put(h, "<tr><th scope=\"row\">");
    esc(h, overview_row_name(r));
    if (r->code && r->name) {
      put(h, " (");
      esc(h, r->code);
      put(h, ")");
    }
    put(h, "</th>");
    OmChartPoint pt = { 0, r->n, r->suppressed, r->estimate, r->lower, r->upper, FALSE };
    point_cells(h, &pt);
    put(h, "<td>");
    put_status(h, r->status);
    put(h, "</td></tr>\n");
  }
  put(h, "</tbody></table></div></details>\n");
}

/* A chart as a figure; fallback names it when the model has no title (the page's heading). */
static gboolean
html_figure(Html *h, const OmTrendChart *trend, const OmOverviewChart *overview,
            const char *fallback, GError **error)
{
  OmChartStyle cs = *h->style;
  cs.width = CHART_W;
  char *alt;
  char *prefix = g_strdup_printf("c%u-", ++h->n_charts);
  char *svg;
  if (trend != NULL) {
    cs.height = trend_height(trend);
    alt = trend_alt(trend, fallback, h->lang);
    OmSvgOptions o = { alt, prefix, TRUE };
    svg = om_chart_svg_trend(trend, &cs, &o, error);
  } else {
    cs.height = 300;
    cs.height = MIN(om_chart_overview_natural_height(overview, &cs), 1400);
    alt = g_strdup_printf(
        "%s%s%s%s%s%s", TR(h->lang, "Grafiek: ", "Chart: "),
        overview->title ? overview->title : fallback, overview->subtitle ? ". " : "",
        overview->subtitle ? overview->subtitle : "", overview->footnote ? ". " : "",
        overview->footnote ? overview->footnote : "");
    OmSvgOptions o = { alt, prefix, TRUE };
    svg = om_chart_svg_overview(overview, &cs, &o, error);
  }
  g_free(prefix);
  if (svg == NULL) {
    g_free(alt);
    return FALSE;
  }
  put(h, "<figure>\n<div class=\"svgwrap\" tabindex=\"0\">");
  put(h, svg);
  put(h, "</div>");
  put(h, "<figcaption>");
  esc(h, alt);
  put(h, "</figcaption>\n");
  if (trend)
    trend_table(h, trend, fallback);
  else
    overview_table(h, overview, fallback);
  put(h, "</figure>\n");
  g_free(svg);
  g_free(alt);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Page tables and answer bars
 */

/* A page's plain table as a real table: the page heading as caption, column heads scope
 * col, the first cell of a row as its row head (the PDF left-aligns it, the rest right). */
static void
html_table(Html *h, const OmReportTable *t, const char *caption)
{
  if (t->n_cols == 0)
    return;
  put(h, "<div class=\"scroll\"><table>\n<caption>");
  esc(h, caption);
  put(h, "</caption>\n<thead><tr>");
  for (gsize c = 0; c < t->n_cols; c++) {
    g_string_append_printf(h->out, "<th scope=\"col\"%s>", c > 0 ? " class=\"num\"" : "");
    esc(h, t->header && t->header[c] ? t->header[c] : "");
    put(h, "</th>");
  }
  put(h, "</tr></thead>\n<tbody>\n");
  for (gsize r = 0; r < t->n_rows; r++) {
    const char *const *cells = t->cells + r * t->n_cols;
    put(h, "<tr>");
    for (gsize c = 0; c < t->n_cols; c++) {
      put(h, c == 0 ? "<th scope=\"row\">" : "<td class=\"num\">");
      esc(h, cells[c] ? cells[c] : "");
      put(h, c == 0 ? "</th>" : "</td>");
    }
    put(h, "</tr>\n");
  }
  put(h, "</tbody></table></div>\n");
}

static void
put_rgb(Html *h, const double rgb[3])
{
  g_string_append_printf(h->out, "#%02X%02X%02X", (guint)lround(rgb[0] * 255),
                         (guint)lround(rgb[1] * 255), (guint)lround(rgb[2] * 255));
}

/* The text colour on a bar segment: white when it reaches WCAG 2.1 AA (4.5:1) there, else
 * black (WCAG 2.1, "relative luminance" and "contrast ratio" definitions). */
static const char *
bar_text_colour(const double rgb[3])
{
  double lin[3];
  for (int i = 0; i < 3; i++)
    lin[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow((rgb[i] + 0.055) / 1.055, 2.4);
  double lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return 1.05 / (lum + 0.05) >= 4.5 ? "#FFFFFF" : "#000000";
}

#define BARS_LABEL_W 190.0
#define BARS_N_W 64.0
#define BARS_ROW_H 22.0
#define BARS_H 15.0

/* The text alternative of one item's bars: every bar's shares in words. */
static char *
bars_alt(const OmReportBars *b, const OmReportBarGroup *g, OmLang l)
{
  GString *s = g_string_new(TR(l, "Antwoordverdeling: ", "Answer distribution: "));
  g_string_append(s, g->title ? g->title : "");
  for (gsize i = 0; i < g->n_bars; i++) {
    const OmReportBar *bar = &g->bars[i];
    /* a question ends in "?": no full stop after it */
    gboolean stop = s->len > 0 && strchr("?.!", s->str[s->len - 1]) == NULL;
    g_string_append_printf(s, "%s%s: ", stop ? ". " : " ", bar->label ? bar->label : "");
    for (gsize c = 0; c < b->n_categories; c++) {
      char *pct = om_format_percent(bar->shares[c], 0, l);
      g_string_append_printf(s, "%s%s %s", c ? ", " : "", b->categories[c], pct);
      g_free(pct);
    }
    char *n = om_format_number((double)bar->n, 0, l);
    g_string_append_printf(s, " (n=%s)", n);
    g_free(n);
  }
  g_string_append_c(s, '.');
  return g_string_free(s, FALSE);
}

/* One item's stacked bars as an inline SVG with real text, its alternative text as
 * <title>/aria-label, then its numbers as a table in a <details>. */
static void
bars_group(Html *h, const OmReportBars *b, const OmReportBarGroup *g)
{
  OmLang l = h->lang;
  double bw = CHART_W - BARS_LABEL_W - BARS_N_W, height = (double)g->n_bars * BARS_ROW_H + 4;
  char *alt = bars_alt(b, g, l);
  guint id = ++h->n_charts;
  put(h, "<figure>\n<figcaption><b>");
  esc(h, g->title ? g->title : "");
  put(h, "</b></figcaption>\n<div class=\"svgwrap\" tabindex=\"0\">");
  g_string_append_printf(h->out,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                         "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
                         CHART_W, height, CHART_W, height);
  esc(h, alt);
  g_string_append_printf(h->out, "\"><title id=\"b%u-t\">", id);
  esc(h, alt);
  put(h, "</title>\n");
  for (gsize i = 0; i < g->n_bars; i++) {
    const OmReportBar *bar = &g->bars[i];
    double y = 2 + (double)i * BARS_ROW_H, x = BARS_LABEL_W;
    g_string_append_printf(h->out,
                           "<text x=\"0\" y=\"%.1f\" font-size=\"12\" "
                           "font-family=\"DejaVu Sans, sans-serif\" fill=\"#1a1a1a\">",
                           y + 11.5);
    esc(h, bar->label ? bar->label : "");
    put(h, "</text>\n");
    for (gsize c = 0; c < b->n_categories; c++) {
      double w = bw * bar->shares[c], rgb[3];
      om_report_bar_colour(b, c, rgb);
      if (w > 0) {
        g_string_append_printf(h->out,
                               "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"",
                               x, y, w, BARS_H);
        put_rgb(h, rgb);
        put(h, "\"/>\n");
      }
      if (w >= 26) {
        const char *ink = bar_text_colour(rgb);
        g_string_append_printf(
            h->out,
            "<text x=\"%.2f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
            "font-family=\"DejaVu Sans, sans-serif\" fill=\"%s\">",
            x + w / 2, y + 11, ink);
        esc_free(h, om_format_percent(bar->shares[c], 0, l));
        put(h, "</text>\n");
      }
      x += w;
    }
    g_string_append_printf(h->out,
                           "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                           "font-family=\"DejaVu Sans, sans-serif\" fill=\"#4d4d4d\">n=",
                           CHART_W - 2, y + 11.5);
    esc_free(h, om_format_number((double)bar->n, 0, l));
    put(h, "</text>\n");
  }
  put(h, "</svg></div>\n<details><summary>");
  put(h, TR(l, "Tabel met de cijfers van deze grafiek", "Table of this chart's numbers"));
  put(h, "</summary>\n<div class=\"scroll\"><table>\n<caption>");
  esc(h, g->title ? g->title : "");
  put(h, "</caption>\n<thead><tr><th scope=\"col\">");
  put(h, TR(l, "Groep", "Group"));
  put(h, "</th>");
  for (gsize c = 0; c < b->n_categories; c++) {
    put(h, "<th scope=\"col\" class=\"num\">");
    esc(h, b->categories[c]);
    put(h, "</th>");
  }
  put(h, "<th scope=\"col\" class=\"num\">n</th></tr></thead>\n<tbody>\n");
  for (gsize i = 0; i < g->n_bars; i++) {
    const OmReportBar *bar = &g->bars[i];
    put(h, "<tr><th scope=\"row\">");
    esc(h, bar->label ? bar->label : "");
    put(h, "</th>");
    for (gsize c = 0; c < b->n_categories; c++) {
      put(h, "<td class=\"num\">");
      esc_free(h, om_format_percent(bar->shares[c], 1, l));
      put(h, "</td>");
    }
    put(h, "<td class=\"num\">");
    esc_free(h, om_format_number((double)bar->n, 0, l));
    put(h, "</td></tr>\n");
  }
  put(h, "</tbody></table></div></details>\n</figure>\n");
  g_free(alt);
}

/* The answer bars of a page: a legend (colour beside the word, never colour alone: the
 * table and the alternative text name every category), a figure per item, the note. */
static void
html_bars(Html *h, const OmReportBars *b)
{
  put(h, "<ul class=\"legend\" aria-hidden=\"true\">\n");
  for (gsize c = 0; c < b->n_categories; c++) {
    double rgb[3];
    om_report_bar_colour(b, c, rgb);
    put(h, "<li><span class=\"swatch\" style=\"background:");
    put_rgb(h, rgb);
    put(h, "\"></span>");
    esc(h, b->categories[c]);
    put(h, "</li>\n");
  }
  put(h, "</ul>\n");
  for (gsize g = 0; g < b->n_groups; g++)
    bars_group(h, b, &b->groups[g]);
  if (b->note)
    put_paragraphs(h, b->note, "note");
}

/* ---------------------------------------------------------------------------------------
 * Pages and the method
 */

/* A page as the PDF draws it: heading, intro, chart, sentences, table, bars, overview. level
 * is the heading's (2 for a page of its own, 3 inside Sectors/Institutions). */
static gboolean
html_page(Html *h, const OmReportPage *pg, const char *prefix, gsize index, int level,
          GError **error)
{
  const char *heading = pg->heading ? pg->heading : "";
  g_string_append_printf(h->out, "<section class=\"page\" aria-labelledby=\"%s-%zu\">\n", prefix,
                         index + 1);
  g_string_append_printf(h->out, "<h%d id=\"%s-%zu\">", level, prefix, index + 1);
  esc(h, heading);
  g_string_append_printf(h->out, "</h%d>\n", level);
  if (pg->intro)
    put_paragraphs(h, pg->intro, NULL);
  if (pg->chart && !html_figure(h, pg->chart, NULL, heading, error))
    goto fail;
  if (pg->n_sentences > 0) {
    put(h, "<ul>\n");
    for (gsize i = 0; i < pg->n_sentences; i++)
      if (pg->sentences[i]) {
        put(h, "<li>");
        esc(h, pg->sentences[i]);
        put(h, "</li>\n");
      }
    put(h, "</ul>\n");
  }
  if (pg->table)
    html_table(h, pg->table, heading);
  if (pg->bars)
    html_bars(h, pg->bars);
  if (pg->overview && !html_figure(h, NULL, pg->overview, heading, error))
    goto fail;
  put(h, "</section>\n");
  return TRUE;
fail:
  g_prefix_error(error, "%s “%s”: ", TR(h->lang, "pagina", "page"), heading);
  return FALSE;
}

/* Pages that stand on their own (front and topic pages): each its own h2. */
static gboolean
html_own_pages(Html *h, const char *prefix, const OmReportPage *pages, gsize n, GError **error)
{
  for (gsize i = 0; i < n; i++)
    if (!html_page(h, &pages[i], prefix, i, 2, error))
      return FALSE;
  return TRUE;
}

static gboolean
html_pages(Html *h, const char *id, const char *title, const char *prefix,
           const OmReportPage *pages, gsize n, GError **error)
{
  if (n == 0)
    return TRUE;
  g_string_append_printf(h->out, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n", id,
                         id, title);
  for (gsize i = 0; i < n; i++)
    if (!html_page(h, &pages[i], prefix, i, 3, error))
      return FALSE;
  put(h, "</section>\n");
  return TRUE;
}

/* Paragraphs split at blank lines; "# " starts a subheading; a block of "- " lines is a
 * list (the conventions report.c draws). */
static void
html_method(Html *h)
{
  const char *method = h->rep->method;
  if (method == NULL || *method == '\0')
    return;
  put(h, "<section class=\"page\" aria-labelledby=\"verantwoording\">\n");
  put(h, "<h2 id=\"verantwoording\">");
  put(h, TR(h->lang, "Verantwoording", "Method"));
  put(h, "</h2>\n");
  char *text = g_strdup(method);
  char *w = text;
  for (const char *s = text; *s; s++)
    if (*s != '\r')
      *w++ = *s;
  *w = '\0';
  char **blocks = g_regex_split_simple("\\n[ \\t]*\\n", text, 0, 0);
  for (char **b = blocks; *b; b++) {
    char *block = g_strstrip(*b);
    if (*block == '\0')
      continue;
    if (g_str_has_prefix(block, "# ")) {
      put(h, "<h3>");
      esc(h, block + 2);
      put(h, "</h3>\n");
      continue;
    }
    char **lines = g_strsplit(block, "\n", -1);
    gboolean bullets = TRUE;
    for (char **l = lines; *l; l++)
      if (!g_str_has_prefix(g_strstrip(*l), "- "))
        bullets = FALSE;
    if (bullets) {
      put(h, "<ul>\n");
      for (char **l = lines; *l; l++) {
        put(h, "<li>");
        esc(h, *l + 2);
        put(h, "</li>\n");
      }
      put(h, "</ul>\n");
    } else {
      put(h, "<p>");
      esc(h, block);
      put(h, "</p>\n");
    }
    g_strfreev(lines);
  }
  g_strfreev(blocks);
  g_free(text);
  put(h, "</section>\n");
}

static void
html_head(Html *h)
{
  g_string_append_printf(
      h->out,
      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>",
      h->lang == OM_LANG_EN ? "en" : "nl");
  esc(h, title_of(h));
  if (h->rep->municipality) {
    put(h, " — ");
    esc(h, h->rep->municipality);
  }
  if (h->rep->evaluation_year > 0)
    g_string_append_printf(h->out, " %d", h->rep->evaluation_year);
  put(h, "</title>\n<meta name=\"generator\" content=\"oudermonitor\">\n<style>");
  put(h, css);
  put(h, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
  put(h, TR(h->lang, "Naar de inhoud", "Skip to content"));
  put(h, "</a>\n");
}

char *
om_report_html(const OmReport *report, const OmChartStyle *style, GError **error)
{
  assert(report != NULL);
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  Html h = { g_string_new(NULL), style->lang, report, style, 0 };
  OmLang l = h.lang;
  html_head(&h);
  html_cover(&h);
  html_contents(&h);
  put(&h, "<main id=\"main\">\n");
  html_status_key(&h);
  if (!html_own_pages(&h, "kern", report->front_pages, report->n_front_pages, error)) {
    g_string_free(h.out, TRUE);
    return NULL;
  }
  html_summary(&h);
  if (!html_own_pages(&h, "onderwerp", report->topic_pages, report->n_topic_pages, error)
      || !html_pages(&h, "sectoren", TR(l, "Sectoren", "Sectors"), "sector", report->sector_pages,
                     report->n_sector_pages, error)
      || !html_pages(&h, "instellingen", TR(l, "Instellingen", "Institutions"), "instelling",
                     report->institution_pages, report->n_institution_pages, error)) {
    g_string_free(h.out, TRUE);
    return NULL;
  }
  html_method(&h);
  put(&h, "</main>\n<footer><p>");
  esc(&h, title_of(&h));
  if (report->municipality) {
    put(&h, " — ");
    esc(&h, report->municipality);
  }
  if (report->evaluation_year > 0)
    g_string_append_printf(h.out, " %d", report->evaluation_year);
  if (report->author) {
    put(&h, " · ");
    esc(&h, report->author);
  }
  put(&h, "</p></footer>\n</body>\n</html>\n");
  return g_string_free(h.out, FALSE);
}

gboolean
om_report_write_html(const OmReport *report, const OmChartStyle *style, const char *path,
                     GError **error)
{
  assert(path != NULL);
  char *html = om_report_html(report, style, error);
  if (html == NULL)
    return FALSE;
  gboolean ok = chart_write_file(path, (const guint8 *)html, strlen(html), error);
  g_free(html);
  return ok;
}
