/* test-report.c — the PDF report: pages counted and numbered, text that arrives and text
 * that must not (suppressed shares), the summary table continuing with its header, text
 * wrapped inside the margins, both languages, and write errors. Read back with poppler's
 * pdfinfo and pdftotext. */
#include "render/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n"; /* fontconfig's process-lifetime caches */
}

static char *tmpdir;

static const char *targets[] = {
  "In 2016 is minimaal 90% van de ouders tevreden over de relatie met de school.",
  "In 2015 vindt minimaal 90% van de ouders dat de school in voldoende mate "
  "onderwijsondersteunend gedrag van ouders ondersteunt.",
  "In 2014 voeren alle scholen en zorg- en welzijnsinstellingen structureel "
  "partnerschapsbeleid: een team met ouders stelt jaarlijks een actieplan op.",
};
static const char *scopes[]
    = { "Gemeente", "voorschool", "po", "vo", "mbo", "zorg-welzijn", "Basisschool De Ëik" };

/* targets × scopes rows; row 5 of target 0 (zorg-welzijn) is suppressed with n=7 and an
 * estimate of 71,4% that must never be printed. `repeat` multiplies the rows per target. */
static GArray *
make_rows(int repeat)
{
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(OmReportRow));
  for (gsize t = 0; t < G_N_ELEMENTS(targets); t++)
    for (int k = 0; k < repeat; k++)
      for (gsize s = 0; s < G_N_ELEMENTS(scopes); s++) {
        OmReportRow r = { 0 };
        r.target = targets[t];
        r.scope = scopes[s];
        r.year = 2014;
        r.n = 40 + 37 * s + 11 * t;
        r.share = 0.78 + 0.015 * (double)s + 0.01 * (double)t;
        double se = sqrt(r.share * (1 - r.share) / (double)r.n);
        r.lower = r.share - 1.96 * se;
        r.upper = MIN(1, r.share + 1.96 * se);
        r.status = r.upper < 0.9 ? OM_CHART_STATUS_OFF_COURSE : OM_CHART_STATUS_UNCERTAIN;
        r.has_projection = TRUE;
        r.projection_year = 2016;
        r.projection = r.share + 0.03;
        r.projection_lower = r.projection - 0.06;
        r.projection_upper = MIN(1, r.projection + 0.05);
        if (t == 0 && s == 5) {
          r.suppressed = TRUE;
          r.n = 7;
          r.share = 0.714;
          r.lower = 0.359;
          r.upper = 0.918;
          r.projection = 0.777;
          r.status = OM_CHART_STATUS_TOO_FEW;
        }
        g_array_append_val(rows, r);
      }
  return rows;
}

static OmChartPoint points[] = {
  { 2013, 180, FALSE, 0.80, 0.737, 0.851, TRUE },
  { 2014, 175, FALSE, 0.83, 0.767, 0.878, FALSE },
};
static OmChartSeries series
    = { "po", points, 2, OM_COLOUR_BLUE, FALSE, TRUE, 2016, 0.889, 0.80, 0.94, FALSE };
static OmTrendPanel panels[3];
static OmTrendChart chart;
static const char *sentences[] = {
  "80,0% van de ouders is tevreden over de relatie met de school (95%-BI 73,7–85,1%); het doel "
  "van 90% in 2016 is nog niet aangetoond.",
  "Voor opvoedingsondersteuning waren er te weinig antwoorden (n=7) om een percentage te noemen.",
};
static OmReportPage sector_pages[2];
static OmReportPage institution_pages[2];

static OmReport
make_report(GArray *rows)
{
  static const char *titles[]
      = { "Relatie met de school", "Onderwijsondersteunend gedrag", "Opvoedingsondersteuning" };
  for (int i = 0; i < 3; i++)
    panels[i] = (OmTrendPanel){ titles[i],
                                "Status: op koers — prognose 88,9% in 2016",
                                OM_CHART_STATUS_ON_COURSE,
                                TRUE,
                                0.9,
                                2016,
                                &series,
                                1,
                                FALSE };
  chart = (OmTrendChart){ NULL, panels, 3, NULL, NULL, 0, 0 };
  sector_pages[0]
      = (OmReportPage){ "Sector po", "Een inleiding.", &chart, NULL, sentences, 2, NULL, NULL };
  sector_pages[1] = (OmReportPage){ "Sector vo", NULL, &chart, NULL, sentences, 1, NULL, NULL };
  institution_pages[0] = (OmReportPage){
    "Basisschool De Ëik (12AB00)", NULL, &chart, NULL, sentences, 2, NULL, NULL
  };
  institution_pages[1] = (OmReportPage){
    "Het Kompas College (34CD00)", NULL, &chart, NULL, sentences, 1, NULL, NULL
  };
  OmReport r = { 0 };
  r.municipality = "Gemeente Voorbeeldstad";
  r.evaluation_year = 2014;
  r.date = "14 maart 2015";
  r.author = "Onderzoeksbureau Voorbeeld";
  r.summary_intro = "Per doel en niveau het aandeel tevreden ouders.";
  r.rows = (const OmReportRow *)(const void *)rows->data;
  r.n_rows = rows->len;
  r.sector_pages = sector_pages;
  r.n_sector_pages = 2;
  r.institution_pages = institution_pages;
  r.n_institution_pages = 2;
  r.method = "# Gegevens\n\nDe enquête is in 2013 en 2014 afgenomen.\n\n- Wilson-interval\n"
             "- minimaal 10 antwoorden\n\nSlotalinea van de verantwoording.";
  return r;
}

/* ---------------------------------------------------------------------------------------
 * Tools
 */

static char *
run_tool(const char *const *argv)
{
  char *prog = g_find_program_in_path(argv[0]);
  if (prog == NULL) {
    char *msg = g_strdup_printf("%s is not installed", argv[0]);
    g_test_skip(msg);
    g_free(msg);
    return NULL;
  }
  char **args = g_strdupv((char **)argv);
  g_free(args[0]);
  args[0] = prog;
  char *out = NULL, *err = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true(
      g_spawn_sync(NULL, args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("%s failed: %s", argv[0], err);
  g_strfreev(args);
  g_free(err);
  return out;
}

static int
pdf_pages(const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  char *out = run_tool(argv);
  if (out == NULL)
    return -1;
  const char *p = strstr(out, "Pages:");
  g_assert_nonnull(p);
  int pages = atoi(p + strlen("Pages:"));
  g_free(out);
  return pages;
}

/* The text of one page (page > 0) or all pages (0), whitespace collapsed to single spaces
 * so that wrapped sentences compare whole. */
static char *
pdf_text_mode(const char *path, int page, gboolean layout)
{
  char first[16];
  g_snprintf(first, sizeof first, "%d", page);
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, "pdftotext");
  g_ptr_array_add(argv, "-enc");
  g_ptr_array_add(argv, "UTF-8");
  if (layout)
    g_ptr_array_add(argv, "-layout");
  if (page > 0) {
    g_ptr_array_add(argv, "-f");
    g_ptr_array_add(argv, first);
    g_ptr_array_add(argv, "-l");
    g_ptr_array_add(argv, first);
  }
  g_ptr_array_add(argv, (gpointer)path);
  g_ptr_array_add(argv, "-");
  g_ptr_array_add(argv, NULL);
  char *out = run_tool((const char *const *)argv->pdata);
  g_ptr_array_unref(argv);
  if (out == NULL)
    return NULL;
  GRegex *ws = g_regex_new("\\s+", 0, 0, NULL);
  char *flat = g_regex_replace_literal(ws, out, -1, 0, " ", 0, NULL);
  g_regex_unref(ws);
  g_free(out);
  return flat;
}

static void
assert_contains(const char *text, const char *what)
{
  if (strstr(text, what) == NULL)
    g_error("“%s” is missing from:\n%s", what, text);
}

static char *
tmp_path(const char *name)
{
  return g_build_filename(tmpdir, name, NULL);
}

static char *
pdf_text(const char *path, int page)
{
  return pdf_text_mode(path, page, FALSE);
}

/* ---------------------------------------------------------------------------------------
 * Tests
 */

static void
test_pages_and_text(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  GError *error = NULL;
  char *path = tmp_path("report.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  guint counted = om_report_count_pages(&r, NULL, &error);
  g_assert_no_error(error);
  /* cover, summary, 2 sectors, 2 institutions, method at least */
  g_assert_cmpuint(counted, >=, 7);
  int pages = pdf_pages(path);
  if (pages >= 0) {
    g_assert_cmpint(pages, ==, (int)counted);
    char *text = pdf_text(path, 0);
    static const char *expect[] = {
      "LEA-evaluatie ouderbetrokkenheid",
      "Gemeente Voorbeeldstad",
      "Evaluatiejaar 2014",
      "14 maart 2015",
      "Inhoud",
      "Samenvatting van de doelen",
      "Sector po",
      "Sector vo",
      "Basisschool De Ëik (12AB00)",
      "Het Kompas College (34CD00)",
      "Verantwoording",
      "Slotalinea van de verantwoording.",
      "Wilson-interval",
      "Een inleiding.",
      "Doel 2016: 90%",
      "Jaar van meting",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(expect); i++)
      assert_contains(text, expect[i]);
    /* Every target text and every sentence, whole despite wrapping. */
    for (gsize i = 0; i < G_N_ELEMENTS(targets); i++)
      assert_contains(text, targets[i]);
    for (gsize i = 0; i < G_N_ELEMENTS(sentences); i++)
      assert_contains(text, sentences[i]);
    g_free(text);

    /* Every page but the cover says which page of how many it is. */
    for (int p = 1; p <= pages; p++) {
      char *page_text = pdf_text(path, p);
      char *want = g_strdup_printf("pagina %d van %d", p, pages);
      if (p == 1)
        g_assert_null(strstr(page_text, "pagina 1 van"));
      else
        assert_contains(page_text, want);
      g_free(want);
      g_free(page_text);
    }
    /* The contents point at the right pages: the method is on the last one. */
    char *cover = pdf_text_mode(path, 1, TRUE);
    char *method = g_strdup_printf("Verantwoording %d", pages);
    assert_contains(cover, method);
    g_free(method);
    g_free(cover);
  }
  g_free(path);
  g_array_unref(rows);
}

static void
test_suppressed(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  GError *error = NULL;
  char *path = tmp_path("suppressed.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path, 0);
  if (text != NULL) {
    assert_contains(text, "te weinig respons (n=7)");
    g_assert_null(strstr(text, "71,4")); /* share */
    g_assert_null(strstr(text, "35,9")); /* interval */
    g_assert_null(strstr(text, "77,7")); /* projection */
    assert_contains(text, "78,0%");      /* a row shown, for contrast */
  }
  g_free(text);
  g_free(path);
  g_array_unref(rows);
}

/* A national count fits its column on one line: "1.234.567" is never broken in two. */
static void
test_large_counts(void)
{
  GArray *rows = make_rows(1);
  g_array_index(rows, OmReportRow, 0).n = 1234567;
  g_array_index(rows, OmReportRow, 1).n = 98765432;
  OmReport r = make_report(rows);
  GError *error = NULL;
  char *path = tmp_path("large.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path, 0);
  if (text != NULL) {
    assert_contains(text, "1.234.567");
    assert_contains(text, "98.765.432");
  }
  g_free(text);
  g_free(path);
  g_array_unref(rows);
}

static void
test_table_continues(void)
{
  GArray *rows = make_rows(6); /* 126 rows: several pages of table */
  OmReport r = make_report(rows);
  r.n_sector_pages = r.n_institution_pages = 0;
  r.method = NULL;
  GError *error = NULL;
  char *path = tmp_path("long.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  int pages = pdf_pages(path);
  if (pages < 0) {
    g_free(path);
    g_array_unref(rows);
    return;
  }
  g_assert_cmpint(pages, >=, 4); /* cover + at least 3 pages of table */
  g_assert_cmpint(pages, ==, (int)om_report_count_pages(&r, NULL, NULL));
  int rows_seen = 0;
  for (int p = 2; p <= pages; p++) {
    char *t = pdf_text(path, p);
    /* The column header on every page of the table… */
    assert_contains(t, "Niveau Jaar n Aandeel 95%-interval Status Prognose");
    /* …and from the second on, the heading says it continues, with the target it is in. */
    if (p > 2) {
      assert_contains(t, "Samenvatting van de doelen (vervolg)");
      g_assert_true(strstr(t, "(vervolg) Niveau") != NULL);
    }
    for (const char *q = t; (q = strstr(q, "2014 ")) != NULL; q++)
      rows_seen++;
    g_free(t);
  }
  g_assert_cmpint(rows_seen, >=, (int)rows->len); /* no row lost at a page break */
  g_free(path);
  g_array_unref(rows);
}

/* Every word on every page lies within the margins: long texts wrap. */
static void
test_text_wraps(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  GString *method = g_string_new("# Een lange verantwoording\n\n");
  for (int i = 0; i < 400; i++)
    g_string_append_printf(method, "Zin %d van een heel lange alinea over de methode. ", i);
  g_string_append(method, "Onafgebrokenwoordzonderspatiesdatnietoprekkenmagtotbuitendemarge"
                          "enookniethierbuitenofdaarbuitenwanthetmoetafbreken.");
  r.method = method->str;
  GError *error = NULL;
  char *path = tmp_path("wrap.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path, 0);
  if (text != NULL) {
    assert_contains(text, "Zin 399 van een heel lange alinea over de methode.");
    g_free(text);
    const char *argv[] = { "pdftotext", "-bbox", path, "-", NULL };
    char *html = run_tool(argv);
    GRegex *re = g_regex_new("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                             "yMax=\"([0-9.]+)\">",
                             0, 0, NULL);
    GMatchInfo *mi = NULL;
    int words = 0;
    g_regex_match(re, html, 0, &mi);
    while (g_match_info_matches(mi)) {
      char *x0 = g_match_info_fetch(mi, 1), *x1 = g_match_info_fetch(mi, 3);
      char *y1 = g_match_info_fetch(mi, 4);
      g_assert_cmpfloat(g_ascii_strtod(x0, NULL), >=, 49.0);
      g_assert_cmpfloat(g_ascii_strtod(x1, NULL), <=, OM_REPORT_PAGE_WIDTH - 49.0);
      g_assert_cmpfloat(g_ascii_strtod(y1, NULL), <=, OM_REPORT_PAGE_HEIGHT - 20.0);
      g_free(x0);
      g_free(x1);
      g_free(y1);
      words++;
      g_match_info_next(mi, NULL);
    }
    g_match_info_free(mi);
    g_regex_unref(re);
    g_free(html);
    g_assert_cmpint(words, >, 3000);
  }
  /* The long appendix flows over more pages than the short one. */
  OmReport short_r = make_report(rows);
  g_assert_cmpuint(om_report_count_pages(&r, NULL, NULL), >=,
                   om_report_count_pages(&short_r, NULL, NULL) + 2);
  g_string_free(method, TRUE);
  g_free(path);
  g_array_unref(rows);
}

static void
test_english(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  OmChartStyle st;
  om_chart_style_init(&st);
  st.lang = OM_LANG_EN;
  GError *error = NULL;
  char *path = tmp_path("english.pdf");
  g_assert_true(om_report_write_pdf(&r, &st, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path, 0);
  if (text != NULL) {
    static const char *en[] = { "LEA evaluation of parental involvement",
                                "Contents",
                                "Summary of targets",
                                "Scope Year n Share 95% interval Status "
                                "Projection",
                                "page 2 of",
                                "Method",
                                "too few responses (n=7)",
                                "78.0%",
                                "Target 2016: 90%",
                                "Survey year" };
    for (gsize i = 0; i < G_N_ELEMENTS(en); i++)
      assert_contains(text, en[i]);
    static const char *nl[]
        = { "pagina 2 van",   "Samenvatting", "Verantwoording", "78,0%", "te weinig respons (n=7)",
            "Jaar van meting" };
    for (gsize i = 0; i < G_N_ELEMENTS(nl); i++)
      if (strstr(text, nl[i]) != NULL)
        g_error("Dutch “%s” in the English report", nl[i]);
  }
  g_free(text);
  g_free(path);
  g_array_unref(rows);
}

static void
test_unwritable(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  GError *error = NULL;
  g_assert_false(om_report_write_pdf(&r, NULL, "/nonexistent/dir/report.pdf", &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "/nonexistent/dir/report.pdf"));
  g_clear_error(&error);
  /* Through a symlink to /dev/full: see test-chart.c for why not the device path itself. */
  char *link = g_build_filename(tmpdir, "full.pdf", NULL);
  if (g_file_test("/dev/full", G_FILE_TEST_EXISTS) && symlink("/dev/full", link) == 0) {
    g_assert_false(om_report_write_pdf(&r, NULL, link, &error));
    g_assert_error(error, OM_ERROR, OM_ERROR_IO);
    g_assert_nonnull(strstr(error->message, link));
    g_clear_error(&error);
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    g_unlink(link);
  }
  g_free(link);
  g_array_unref(rows);
}

static void
test_invalid_chart(void)
{
  GArray *rows = make_rows(1);
  OmReport r = make_report(rows);
  OmTrendChart empty = { "Leeg", NULL, 0, NULL, NULL, 0, 0 };
  OmReportPage pages[] = { sector_pages[0], sector_pages[1] };
  pages[1].chart = &empty;
  r.sector_pages = pages;
  char *path = tmp_path("invalid.pdf");
  g_assert_true(g_file_set_contents(path, "old", -1, NULL));
  GError *error = NULL;
  g_assert_false(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_assert_nonnull(strstr(error->message, "Sector vo")); /* names the page */
  g_clear_error(&error);
  char *contents = NULL;
  g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
  g_assert_cmpstr(contents, ==, "old"); /* left as it was */
  g_free(contents);
  g_assert_cmpuint(om_report_count_pages(&r, NULL, &error), ==, 0);
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_clear_error(&error);
  g_free(path);
  g_array_unref(rows);
}

static void
test_minimal(void)
{
  /* Nothing but a municipality: a cover and an empty summary, still a valid PDF. */
  OmReport r = { 0 };
  r.municipality = "Gemeente Leeg";
  r.date = "1 januari 2016";
  GError *error = NULL;
  char *path = tmp_path("minimal.pdf");
  g_assert_true(om_report_write_pdf(&r, NULL, path, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(om_report_count_pages(&r, NULL, NULL), ==, 2);
  char *text = pdf_text(path, 0);
  if (text != NULL) {
    assert_contains(text, "Er zijn geen doelen geëvalueerd.");
    g_assert_null(strstr(text, "Sectoren")); /* no contents line for an absent part */
  }
  g_free(text);
  g_free(path);
}

/* ---------------------------------------------------------------------------------------
 * Layouts kept from one report to the next on a thread
 */

typedef struct {
  const OmReport *report;
  const OmChartStyle *style;
  guint pages;
  cairo_surface_t *image; /* the last page */
} DrawJob;

static gpointer
draw_job(gpointer data)
{
  DrawJob *j = data;
  j->image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)OM_REPORT_PAGE_WIDTH,
                                        (int)OM_REPORT_PAGE_HEIGHT);
  cairo_t *cr = cairo_create(j->image);
  GError *error = NULL;
  g_assert_true(om_report_draw(cr, j->report, j->style, &j->pages, &error));
  g_assert_no_error(error);
  cairo_destroy(cr);
  cairo_surface_flush(j->image);
  return NULL;
}

/* The job drawn on a thread of its own, which has kept no layouts yet. */
static void
draw_on_new_thread(DrawJob *j)
{
  g_thread_join(g_thread_new("report", draw_job, j));
}

static gboolean
same_image(cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height(a), stride = cairo_image_surface_get_stride(a);
  g_assert_cmpint(stride, ==, cairo_image_surface_get_stride(b));
  return memcmp(cairo_image_surface_get_data(a), cairo_image_surface_get_data(b),
                (size_t)stride * (size_t)h)
         == 0;
}

static void
test_reports_in_a_row(void)
{
  /* A thread keeps the layouts of its last report for the next: reports drawn one after
   * another, in another family or with other texts in between, draw exactly what each
   * draws on a fresh thread. */
  GArray *rows = make_rows(1), *more_rows = make_rows(3);
  OmReport r = make_report(rows), other = make_report(more_rows);
  other.municipality = "Gemeente Anderstad";
  OmChartStyle sans, serif;
  om_chart_style_init(&sans);
  om_chart_style_init(&serif);
  serif.font_family = "DejaVu Serif";
  DrawJob ref_sans = { &r, &sans, 0, NULL }, ref_serif = { &r, &serif, 0, NULL };
  draw_on_new_thread(&ref_sans);
  draw_on_new_thread(&ref_serif);
  g_assert_false(same_image(ref_sans.image, ref_serif.image)); /* the test can see a mix-up */
  DrawJob row[] = { { &r, &sans, 0, NULL },     { &r, &serif, 0, NULL }, { &r, &sans, 0, NULL },
                    { &other, &sans, 0, NULL }, { &r, &sans, 0, NULL },  { &r, &serif, 0, NULL } };
  for (gsize i = 0; i < G_N_ELEMENTS(row); i++) {
    draw_job(&row[i]);
    if (row[i].report != &r)
      continue;
    const DrawJob *ref = row[i].style == &sans ? &ref_sans : &ref_serif;
    g_assert_cmpuint(row[i].pages, ==, ref->pages);
    g_assert_true(same_image(row[i].image, ref->image));
  }
  for (gsize i = 0; i < G_N_ELEMENTS(row); i++)
    cairo_surface_destroy(row[i].image);
  cairo_surface_destroy(ref_sans.image);
  cairo_surface_destroy(ref_serif.image);
  g_array_unref(rows);
  g_array_unref(more_rows);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("om-report-XXXXXX", NULL);
  g_assert_nonnull(tmpdir);
  g_test_add_func("/report/pages-and-text", test_pages_and_text);
  g_test_add_func("/report/suppressed", test_suppressed);
  g_test_add_func("/report/large-counts", test_large_counts);
  g_test_add_func("/report/table-continues", test_table_continues);
  g_test_add_func("/report/text-wraps", test_text_wraps);
  g_test_add_func("/report/english", test_english);
  g_test_add_func("/report/unwritable", test_unwritable);
  g_test_add_func("/report/invalid-chart", test_invalid_chart);
  g_test_add_func("/report/minimal", test_minimal);
  g_test_add_func("/report/reports-in-a-row", test_reports_in_a_row);
  int rc = g_test_run();
  GDir *dir = g_dir_open(tmpdir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    char *p = g_build_filename(tmpdir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (dir != NULL)
    g_dir_close(dir);
  g_rmdir(tmpdir);
  g_free(tmpdir);
  return rc;
}
