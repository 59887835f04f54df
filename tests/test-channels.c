/* test-channels.c — the channels of the report beside the PDF, on a small hand-made
 * document: the HTML page (escaping of every data text, withheld shares never shown even
 * when the model carries a number, headings in order, every chart with a text alternative
 * and its table, no external reference), the editions (the council's copy keeps every field
 * but the institution pages). The workbook is read back by tests/workbook-test.py. */
#include "present/edition.h"
#include "render/html-report.h"

#include <math.h>
#include <string.h>

const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

#define EVIL "<script>alert(1)</script> & \"x\""

/* 71,4% is the withheld share every model below carries and no output may show. */
static OmChartPoint points[] = {
  { 2013, 212, FALSE, 0.842, 0.787, 0.885, TRUE },
  { 2014, 7, TRUE, 0.714, 0.359, 0.918, FALSE },
  { 2016, 230, FALSE, 0.913, 0.870, 0.943, FALSE },
};
static OmChartSeries series
    = { "School " EVIL, points, 3, OM_COLOUR_AUTO, FALSE, FALSE, 0, 0, 0, 0, FALSE };
static OmTrendPanel panel = {
  "Panel " EVIL, "Status " EVIL, OM_CHART_STATUS_ATTAINED, TRUE, 0.9, 2016, &series, 1, FALSE
};
static OmTrendChart chart = { NULL, &panel, 1, NULL, "Voetnoot " EVIL, 0, 0 };
static OmOverviewRow orows[] = {
  { "01AA00", "Rij " EVIL, 120, FALSE, 0.91, 0.85, 0.95, OM_CHART_STATUS_ATTAINED },
  { "02BB00", "Klein", 6, TRUE, 0.714, 0.2, 0.8, OM_CHART_STATUS_TOO_FEW },
};
static OmOverviewChart overview
    = { "Overzicht " EVIL, NULL, OM_OVERVIEW_INTERVALS, 0.9, 2016, orows, 2, 10, NULL, NULL };
static const char *sentences[] = { "Zin " EVIL };
static OmReportRow rows[] = {
  { "Doel " EVIL, "Gemeente " EVIL, 2016, 3000, FALSE, 0.9, 0.88, 0.92, OM_CHART_STATUS_ATTAINED,
    FALSE, 0, NAN, NAN, NAN, NULL, NULL },
  { "Doel " EVIL, "po", 2016, 7, TRUE, 0.714, 0.3, 0.9, OM_CHART_STATUS_TOO_FEW, TRUE, 2016, 0.714,
    0.5, 0.9, NULL, NULL },
};
static OmReportPage sector_page
    = { "Sector " EVIL, "Intro " EVIL, &chart, &overview, sentences, 1, NULL, NULL };
static OmReportPage inst_page
    = { "Instelling " EVIL, NULL, &chart, NULL, sentences, 1, NULL, NULL };
static OmReport report = { "Titel " EVIL,
                           "Gemeente " EVIL,
                           2016,
                           "1 januari 2016",
                           "Bureau " EVIL,
                           "Samenvatting " EVIL,
                           rows,
                           2,
                           &sector_page,
                           1,
                           &inst_page,
                           1,
                           "# Kop " EVIL "\n\nAlinea " EVIL "\n\n- punt " EVIL "\n- punt 2",
                           NULL,
                           0,
                           NULL,
                           0 };

static guint
count(const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

static void
test_html(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  char *html = om_report_html(&report, &st, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n<html lang=\"nl\">"));
  /* every data text escaped: no element made of data */
  g_assert_cmpuint(count(html, "<script"), ==, 0);
  g_assert_cmpuint(count(html, "&lt;script&gt;"), >, 15);
  /* withheld: never the share, its interval or projection */
  g_assert_null(strstr(html, "71,4"));
  g_assert_null(strstr(html, "35,9"));
  g_assert_nonnull(strstr(html, "te weinig respons (n=7)"));
  g_assert_nonnull(strstr(html, "te weinig respons (n=6)"));
  /* no external reference of any kind */
  /* (the SVG namespaces are names, not requests; http-equiv is the CSP) */
  g_assert_cmpuint(count(html, "http"), ==,
                   1 + count(html, "xmlns=\"http://www.w3.org/2000/svg\"")
                       + count(html, "xmlns:xlink=\"http://www.w3.org/1999/xlink\""));
  g_assert_null(strstr(html, "src="));
  g_assert_null(strstr(html, "<link"));
  /* three charts (sector trend, overview, institution trend), each titled, with a table */
  g_assert_cmpuint(count(html, "<svg"), ==, 3);
  g_assert_cmpuint(count(html, "role=\"img\" aria-label=\"Grafiek: "), ==, 3);
  g_assert_cmpuint(count(html, "<details>"), ==, 3);
  g_assert_cmpuint(count(html, "id=\"c1-"), >, 0);
  g_assert_cmpuint(count(html, "id=\"c3-"), >, 0);
  /* a chart without a title takes the page's heading */
  g_assert_nonnull(strstr(html, "aria-label=\"Grafiek: Sector &lt;script&gt;"));
  /* headings: one h1, then h2/h3 without a gap */
  int last = 0, h1 = 0;
  for (const char *p = strstr(html, "<h"); p; p = strstr(p + 1, "<h")) {
    if (p[2] < '1' || p[2] > '6' || (p[3] != '>' && p[3] != ' '))
      continue;
    int level = p[2] - '0';
    h1 += level == 1;
    g_assert_cmpint(level, <=, last + 1);
    last = level;
  }
  g_assert_cmpint(h1, ==, 1);
  g_free(html);

  st.lang = OM_LANG_EN;
  html = om_report_html(&report, &st, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull(strstr(html, "too few responses (n=7)"));
  g_free(html);
}

/* The sections the PDF draws beyond the old HTML: a front page, a topic page with a table and
 * answer bars, summary rows with a census count, a change and a share withheld to protect
 * another group. */
static OmReportRow section_rows[] = {
  { "Doel " EVIL, "Gemeente", 2016, 3000, FALSE, 0.9, 0.88, 0.92, OM_CHART_STATUS_ATTAINED, FALSE,
    0, NAN, NAN, NAN, NULL, "+5,0 pp, significant" },
  { "Doel " EVIL, "po", 2016, 15, OM_WITHHELD_PROTECT, 0.714, 0.5, 0.9, OM_CHART_STATUS_UNDECIDED,
    FALSE, 0, NAN, NAN, NAN, NULL, "+7,1 pp, niet significant" },
  { "Telling " EVIL, "Gemeente", 2016, 18, FALSE, 0.944, 0.9, 1.0, OM_CHART_STATUS_NOT_ATTAINED,
    FALSE, 0, NAN, NAN, NAN, "17 van de 18", NULL },
};
static const char *front_sentences[] = { "Kern " EVIL };
static OmReportPage front_page
    = { "Kernboodschappen", "Voor " EVIL, NULL, NULL, front_sentences, 1, NULL, NULL };
static const char *const table_header[] = { "Niveau " EVIL, "2016" };
static const char *const table_cells[] = { "School " EVIL, "15 / 40 (38%)", "Gemeente", NULL };
static OmReportTable table = { table_header, table_cells, 2, 2, NULL };
static const char *const categories[] = { "Ontevreden " EVIL, "Neutraal", "Tevreden", "Weet niet" };
static const double shares_a[] = { 0.1, 0.2, 0.6, 0.1 };
static const OmReportBar bars_a[] = { { "Gemeente " EVIL, shares_a, 812 } };
static const OmReportBarGroup groups[] = { { "Vraag " EVIL, bars_a, 1 } };
static OmReportBars bars = { categories, 4, 1, TRUE, groups, 1, "Noot " EVIL };
static OmReportPage topic_page
    = { "Respons " EVIL, "Onderwerp " EVIL, NULL, NULL, NULL, 0, &table, &bars };

static void
test_html_sections(void)
{
  OmReport r = report;
  r.rows = section_rows;
  r.n_rows = G_N_ELEMENTS(section_rows);
  r.front_pages = &front_page;
  r.n_front_pages = 1;
  r.topic_pages = &topic_page;
  r.n_topic_pages = 1;
  GError *error = NULL;
  char *html = om_report_html(&r, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(count(html, "<script"), ==, 0);
  /* the PDF's order: status key, front page, summary, topic page, sectors, institutions, method */
  const char *order[] = { "id=\"status\"",        "id=\"kern-1\">Kernboodschappen",
                          "id=\"samenvatting\"",  "id=\"onderwerp-1\">Respons &lt;script&gt;",
                          "id=\"sectoren\"",      "id=\"instellingen\"",
                          "id=\"verantwoording\"" };
  const char *at = html;
  for (gsize i = 0; i < G_N_ELEMENTS(order); i++) {
    const char *p = strstr(html, order[i]);
    g_assert_nonnull(p);
    g_assert_true(p > at);
    at = p;
  }
  /* the contents list the front and topic pages */
  g_assert_nonnull(strstr(html, "<a href=\"#kern-1\">Kernboodschappen</a>"));
  g_assert_nonnull(strstr(html, "<a href=\"#onderwerp-1\">"));
  /* the status key in the model's words, shared with the PDF */
  g_assert_nonnull(strstr(html, om_chart_status_meaning(OM_CHART_STATUS_UNDECIDED, OM_LANG_NL)));
  /* summary: change, census count, the reason of a withheld share and never its numbers */
  g_assert_nonnull(strstr(html, "+5,0 pp, significant"));
  g_assert_nonnull(strstr(html, "17 van de 18 instellingen"));
  g_assert_nonnull(strstr(html, "niet getoond ter bescherming van een andere groep (n=15)"));
  g_assert_null(strstr(html, "71,4"));
  g_assert_null(strstr(html, "+7,1"));
  /* the page table: a real table, caption and header scopes; an empty cell stays empty */
  g_assert_nonnull(strstr(html, "<caption>Respons &lt;script&gt;"));
  g_assert_nonnull(strstr(html, "<th scope=\"col\">Niveau &lt;script&gt;"));
  g_assert_nonnull(strstr(html, "<th scope=\"row\">School &lt;script&gt;"));
  /* the bars: one more SVG with a text alternative and its numbers in a table */
  g_assert_cmpuint(count(html, "<svg"), ==, 4);
  g_assert_cmpuint(count(html, "<details>"), ==, 4);
  g_assert_nonnull(strstr(html, "aria-label=\"Antwoordverdeling: Vraag &lt;script&gt;"));
  g_assert_nonnull(strstr(html, "<td class=\"num\">60,0%</td>"));
  g_assert_nonnull(strstr(html, "Noot &lt;script&gt;"));
  g_free(html);
}

static void
test_html_bad_chart(void)
{
  OmTrendChart bad = chart;
  bad.n_panels = 0;
  OmReportPage pg = inst_page;
  pg.chart = &bad;
  OmReport r = report;
  r.institution_pages = &pg;
  GError *error = NULL;
  g_assert_null(om_report_html(&r, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_assert_nonnull(strstr(error->message, "Instelling"));
  g_clear_error(&error);
}

static void
test_editions(void)
{
  OmEdition e = OM_EDITION_FULL;
  g_assert_true(om_edition_from_string("RAAD", &e));
  g_assert_cmpint(e, ==, OM_EDITION_COUNCIL);
  g_assert_true(om_edition_from_string("full", &e));
  g_assert_cmpint(e, ==, OM_EDITION_FULL);
  g_assert_false(om_edition_from_string("wethouder", &e));
  g_assert_cmpint(e, ==, OM_EDITION_FULL);
  OmReport out;
  om_edition_apply(&report, OM_EDITION_COUNCIL, OM_LANG_NL, NULL, &out);
  g_assert_cmpuint(out.n_institution_pages, ==, 0);
  g_assert_null(out.institution_pages);
  g_assert_cmpuint(out.n_sector_pages, ==, 1);
  g_assert_true(out.rows == report.rows && out.method == report.method && out.title == report.title
                && out.summary_intro == report.summary_intro);
  om_edition_apply(&report, OM_EDITION_FULL, OM_LANG_NL, NULL, &out);
  g_assert_cmpmem(&out, sizeof out, &report, sizeof report);
  /* the council is not sent to institution pages it does not have */
  OmArena *a = om_arena_new();
  OmReport r = report;
  r.summary_intro = "Per doel de status. Per instelling staan de resultaten op de "
                    "instellingspagina’s.";
  om_edition_apply(&r, OM_EDITION_COUNCIL, OM_LANG_NL, a, &out);
  g_assert_cmpstr(out.summary_intro, ==,
                  "Per doel de status. De resultaten per instelling staan in de volledige "
                  "rapportage en in de rapportage per school.");
  om_edition_apply(&r, OM_EDITION_FULL, OM_LANG_NL, a, &out);
  g_assert_true(out.summary_intro == r.summary_intro);
  om_arena_free(a);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/channels/html", test_html);
  g_test_add_func("/channels/html-bad-chart", test_html_bad_chart);
  g_test_add_func("/channels/html-sections", test_html_sections);
  g_test_add_func("/channels/editions", test_editions);
  return g_test_run();
}
