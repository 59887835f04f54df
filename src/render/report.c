/* report.c — the multi-page A4 PDF report for the LEA evaluation meeting.
 *
 * A small page-flow engine on Cairo and Pango: a cursor moves down the page; paragraphs
 * wrap and split across pages line by line; the summary table repeats its header (and the
 * target it is in the middle of) on every continuation page; charts come from the chart
 * module's draw functions. The document is laid out twice: a first pass without ink counts
 * the pages (for "pagina 3 van 12" and the contents), the second draws. Both passes lay
 * text out on one Pango context (the target's, which the charts draw with too) and share
 * their layouts: a text in a style is shaped and broken into lines once per report, however
 * often it is measured and drawn, and a thread keeps them for its next report (LayoutCache).
 *
 * This module must never compute a statistic or print a share the caller marked as
 * suppressed; it never touches SQL and never prints to the terminal.
 */
#include "render/report.h"
#include "render/chart-private.h"
#include "render/text.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define TR(lang, nl, en) ((lang) == OM_LANG_EN ? (en) : (nl))

#define PAGE_W OM_REPORT_PAGE_WIDTH
#define PAGE_H OM_REPORT_PAGE_HEIGHT
#define MARGIN_X 50.0
#define MARGIN_TOP 54.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define CONTENT_BOTTOM (PAGE_H - 62.0)
#define FOOTER_Y (PAGE_H - 44.0)

#define BODY_SIZE 10.0
#define TABLE_SIZE 8.3

typedef struct {
  int summary, sectors, institutions, method; /* first page of each part; 0 = absent */
  int *sector_page, *institution_page;        /* first page of each page entry */
  int *front_page, *topic_page;
} Toc;

typedef struct LayoutCache LayoutCache;

typedef struct {
  cairo_t *cr;
  gboolean ink;         /* FALSE in the counting pass: lay out, draw nothing */
  LayoutCache *layouts; /* the same in both passes of a report (transfer none) */
  OmLang lang;
  const OmReport *rep;
  const OmChartStyle *style;
  int page;  /* current page, 1-based; 0 before the first */
  int total; /* known in the drawing pass */
  gboolean open;
  double y; /* the cursor */
  Toc toc;  /* filled in the counting pass, read in the drawing pass */
  /* OmOverviewChart * -> OverviewHeight *: each overview's height, found in the counting
   * pass and reused by the drawing pass (om_report_draw hands the table over). */
  GHashTable *heights;
  /* NULL, or a reference to the context the charts will be drawn with (text.h's
   * om_text_context_for of the target): overview heights are measured on it, so that the
   * labels laid out to measure them are the layouts the drawing pass draws. */
  PangoContext *chart_ctx;
} Doc;

/* ---------------------------------------------------------------------------------------
 * Text
 */

/* The layouts a cache keeps: about 4 MiB, all of a report of 40 pages (763 in the national
 * store's Rusteveen) and more of the reports before it on the thread (2000 instead of 1000:
 * 1.2% fewer instructions for `report --per gemeente`, +4 MB peak RSS). A longer report (the
 * region's overview, 166 pages) keeps its first 2000 and lays out the rest again: keeping
 * all held 24 MiB more at the peak of the national job, two reports being drawn at once. */
#define DOC_LAYOUTS_MAX 2000

/* What makes a layout of the report: its text (markup or plain), size, weight, slant,
 * width and alignment (the family is the cache's). */
typedef struct {
  double size, width;
  gboolean bold, italic, markup;
  PangoAlignment align;
  const char *text;
  guint hash;
} LayoutKey;

static guint
layout_key_hash(gconstpointer p)
{
  return ((const LayoutKey *)p)->hash;
}

static gboolean
layout_key_equal(gconstpointer pa, gconstpointer pb)
{
  const LayoutKey *a = pa, *b = pb;
  return a->hash == b->hash && a->size == b->size && a->width == b->width && a->bold == b->bold
         && a->italic == b->italic && a->markup == b->markup && a->align == b->align
         && strcmp(a->text, b->text) == 0;
}

/* Layouts kept for reuse: by the two passes of a report, and by a thread from one report
 * to the next (a municipality's report shares about a third of its text, by length, with
 * the previous one: the method, headings, table headers, theme texts). At most
 * DOC_LAYOUTS_MAX; the least recently used goes first, but never one the current report
 * used: a report with more texts than that keeps its first ones for its drawing pass. */
struct LayoutCache {
  PangoContext *ctx; /* every layout's context (a reference) */
  char *family;      /* every layout's font family (NULL: text.h's default) */
  GHashTable *table; /* &CachedLayout.key -> CachedLayout * (owned) */
  GQueue order;      /* the CachedLayouts, least recently used first */
  guint report;      /* the number of the report being laid out */
};

/* One kept layout; its key's text follows it in the same block. */
typedef struct {
  LayoutKey key;
  PangoLayout *layout; /* never changed after it was made */
  GList link;          /* in LayoutCache.order, data = this */
  guint report;        /* the last report that used it */
} CachedLayout;

static void
cached_layout_free(gpointer p)
{
  CachedLayout *e = p;
  g_object_unref(e->layout);
  g_free(e);
}

/* A cache of layouts on ctx (transfer full) in `family`. */
static LayoutCache *
layout_cache_new(PangoContext *ctx, const char *family)
{
  LayoutCache *c = g_new0(LayoutCache, 1);
  c->ctx = ctx;
  c->family = g_strdup(family);
  c->table = g_hash_table_new_full(layout_key_hash, layout_key_equal, NULL, cached_layout_free);
  g_queue_init(&c->order);
  return c;
}

static void
layout_cache_free(gpointer p)
{
  LayoutCache *c = p;
  if (c == NULL)
    return;
  g_hash_table_destroy(c->table);
  g_object_unref(c->ctx);
  g_free(c->family);
  g_free(c);
}

static GPrivate thread_layouts = G_PRIVATE_INIT(layout_cache_free);

/* The calling thread's cache for reports in `family` on cr's target, its layouts on the
 * context the charts draw with there (text.h's om_text_context_for); started again when cr
 * needs another context or the family differs. Freed when the thread ends. Transfer none. */
static LayoutCache *
layout_cache_for(cairo_t *cr, const char *family)
{
  PangoContext *ctx = om_text_context_for(cr);
  LayoutCache *c = g_private_get(&thread_layouts);
  if (c != NULL && c->ctx == ctx && g_strcmp0(c->family, family) == 0) {
    g_object_unref(ctx);
    return c;
  }
  c = layout_cache_new(ctx, family);
  g_private_replace(&thread_layouts, c);
  return c;
}

/* Keeps `layout` under key (whose text is copied) unless the cache is full of the current
 * report's layouts; makes room by dropping the least recently used. */
static void
layout_cache_keep(LayoutCache *c, const LayoutKey *key, PangoLayout *layout)
{
  if (g_hash_table_size(c->table) >= DOC_LAYOUTS_MAX) {
    CachedLayout *oldest = c->order.head ? c->order.head->data : NULL;
    if (oldest == NULL || oldest->report == c->report)
      return;
    g_queue_unlink(&c->order, &oldest->link);
    g_hash_table_remove(c->table, &oldest->key);
  }
  gsize len = strlen(key->text) + 1;
  CachedLayout *e = g_malloc(sizeof *e + len);
  e->key = *key;
  e->key.text = memcpy(e + 1, key->text, len);
  e->layout = g_object_ref(layout);
  e->link = (GList){ e, NULL, NULL };
  e->report = c->report;
  g_hash_table_insert(c->table, &e->key, e);
  g_queue_push_tail_link(&c->order, &e->link);
}

/* A layout of text (Pango markup when `markup`) in the report's family; wrapped at width
 * when it is positive. Layouts are shared (LayoutCache): the caller must not change the one
 * it gets. Transfer full. */
static PangoLayout *
doc_layout_full(Doc *d, const char *text, double size, gboolean bold, gboolean italic, double width,
                PangoAlignment align, gboolean markup)
{
  LayoutKey key = { size + 0.0,
                    width > 0 ? width : 0.0,
                    bold != FALSE,
                    italic != FALSE,
                    markup != FALSE,
                    align,
                    text,
                    0 };
  guint64 bits[2];
  memcpy(&bits[0], &key.size, sizeof bits[0]);
  memcpy(&bits[1], &key.width, sizeof bits[1]);
  key.hash = g_str_hash(text) * 31u + (guint)(bits[0] ^ bits[0] >> 32);
  key.hash = key.hash * 31u + (guint)(bits[1] ^ bits[1] >> 32);
  key.hash = key.hash * 32u + (guint)(key.bold | key.italic << 1 | key.markup << 2 | align << 3);
  LayoutCache *c = d->layouts;
  CachedLayout *e = g_hash_table_lookup(c->table, &key);
  if (e != NULL) {
    e->report = c->report;
    g_queue_unlink(&c->order, &e->link);
    g_queue_push_tail_link(&c->order, &e->link);
    return g_object_ref(e->layout);
  }
  OmTextStyle ts = { size, bold, italic, width, FALSE };
  PangoLayout *layout = om_text_layout_new(c->ctx, markup ? "" : text, &ts, c->family);
  if (markup)
    pango_layout_set_markup(layout, text, -1);
  if (align != PANGO_ALIGN_LEFT)
    pango_layout_set_alignment(layout, align);
  layout_cache_keep(c, &key, layout);
  return layout;
}

static PangoLayout *
doc_layout(Doc *d, const char *text, double size, gboolean bold, gboolean italic, double width)
{
  return doc_layout_full(d, text, size, bold, italic, width, PANGO_ALIGN_LEFT, FALSE);
}

static void
set_grey(cairo_t *cr, double v)
{
  cairo_set_source_rgb(cr, v, v, v);
}

/* Draws a layout with its top-left corner at (x, y), in the current source colour. */
static void
show(Doc *d, PangoLayout *layout, double x, double y)
{
  if (!d->ink)
    return;
  om_text_show(d->cr, layout, x, y);
}

/* One-shot text: returns its height. align: 0 left, 1 centre, 2 right within width. */
static double
text_at(Doc *d, const char *text, double size, gboolean bold, gboolean italic, double x, double y,
        double width, int align, double grey)
{
  PangoAlignment pa = align == 0   ? PANGO_ALIGN_LEFT
                      : align == 1 ? PANGO_ALIGN_CENTER
                                   : PANGO_ALIGN_RIGHT;
  PangoLayout *layout = doc_layout_full(d, text, size, bold, italic, width, pa, FALSE);
  double h = om_text_layout_height(layout);
  if (d->ink) {
    set_grey(d->cr, grey);
    show(d, layout, x, y);
  }
  g_object_unref(layout);
  return h;
}

/* ---------------------------------------------------------------------------------------
 * Pages
 */

static const char *
doc_title(const Doc *d)
{
  return d->rep->title ? d->rep->title
                       : TR(d->lang, "LEA-evaluatie ouderbetrokkenheid",
                            "LEA evaluation of parental involvement");
}

static char *today_text(OmLang lang);

static void
doc_footer(Doc *d)
{
  if (!d->ink || d->page == 1)
    return;
  cairo_t *cr = d->cr;
  set_grey(cr, 0.75);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, MARGIN_X, FOOTER_Y - 5);
  cairo_line_to(cr, PAGE_W - MARGIN_X, FOOTER_Y - 5);
  cairo_stroke(cr);
  GString *left = g_string_new(doc_title(d));
  if (d->rep->municipality)
    g_string_append_printf(left, " — %s", d->rep->municipality);
  if (d->rep->evaluation_year > 0)
    g_string_append_printf(left, TR(d->lang, " — evaluatiejaar %d", " — evaluation year %d"),
                           d->rep->evaluation_year);
  char *date = d->rep->date ? g_strdup(d->rep->date) : today_text(d->lang);
  g_string_append_printf(left, ", %s", date);
  g_free(date);
  char *right
      = g_strdup_printf(TR(d->lang, "pagina %d van %d", "page %d of %d"), d->page, d->total);
  text_at(d, left->str, 7.5, FALSE, FALSE, MARGIN_X, FOOTER_Y, CONTENT_W * 0.86, 0, 0.4);
  text_at(d, right, 7.5, FALSE, FALSE, MARGIN_X, FOOTER_Y, CONTENT_W, 2, 0.4);
  g_string_free(left, TRUE);
  g_free(right);
}

static void
doc_end_page(Doc *d)
{
  if (!d->open)
    return;
  doc_footer(d);
  if (d->ink)
    cairo_show_page(d->cr);
  d->open = FALSE;
}

static void
doc_new_page(Doc *d)
{
  doc_end_page(d);
  d->page++;
  d->open = TRUE;
  d->y = MARGIN_TOP;
  if (d->ink) {
    cairo_rectangle(d->cr, 0, 0, PAGE_W, PAGE_H);
    set_grey(d->cr, 1);
    cairo_fill(d->cr);
  }
}

/* Starts a new page unless `need` points still fit on this one. */
static void
doc_need(Doc *d, double need)
{
  if (!d->open || d->y + need > CONTENT_BOTTOM)
    doc_new_page(d);
}

/* An entry in the PDF's bookmarks pointing at `page` (drawing pass on a PDF surface only).
 * Returns its id, or the root when there is no outline to add to. */
static int
doc_outline(Doc *d, int parent, const char *name, int page)
{
  if (!d->ink || page <= 0)
    return CAIRO_PDF_OUTLINE_ROOT;
  cairo_surface_t *target = cairo_get_target(d->cr);
  if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_PDF)
    return CAIRO_PDF_OUTLINE_ROOT;
  char *link = g_strdup_printf("page=%d", page);
  int id = cairo_pdf_surface_add_outline(target, parent, name, link, 0);
  g_free(link);
  return id;
}

/* A paragraph that flows across pages line by line. `bullet` (may be NULL) hangs in the
 * indent of the first line. */
static void
doc_paragraph(Doc *d, const char *text, double size, gboolean bold, gboolean italic, double indent,
              const char *bullet, double space_after, double grey)
{
  double x = MARGIN_X + indent;
  PangoLayout *layout = doc_layout(d, text, size, bold, italic, CONTENT_W - indent);
  PangoLayoutIter *it = pango_layout_get_iter(layout);
  gboolean first = TRUE;
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    double line_h = (double)logical.height / PANGO_SCALE;
    double baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
    doc_need(d, line_h);
    if (d->ink) {
      set_grey(d->cr, grey);
      if (first && bullet != NULL) {
        PangoLayout *bl = doc_layout(d, bullet, size, bold, FALSE, 0);
        show(d, bl, x - indent * 0.7, d->y);
        g_object_unref(bl);
      }
      cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, d->y + baseline);
      om_text_update(d->cr, layout);
      pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
    }
    d->y += line_h;
    first = FALSE;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_object_unref(layout);
  d->y += space_after;
}

/* A heading kept with at least `keep` points of what follows. */
static void
doc_heading(Doc *d, const char *text, double size, double keep)
{
  PangoLayout *layout = doc_layout(d, text, size, TRUE, FALSE, CONTENT_W);
  double h = om_text_layout_height(layout);
  doc_need(d, h + keep);
  if (d->ink) {
    set_grey(d->cr, 0.07);
    show(d, layout, MARGIN_X, d->y);
  }
  d->y += h + size * 0.45;
  g_object_unref(layout);
}

/* ---------------------------------------------------------------------------------------
 * Cover
 */

static char *
today_text(OmLang lang)
{
  static const char *nl[]
      = { "januari", "februari", "maart",     "april",   "mei",      "juni",
          "juli",    "augustus", "september", "oktober", "november", "december" };
  static const char *en[]
      = { "January", "February", "March",     "April",   "May",      "June",
          "July",    "August",   "September", "October", "November", "December" };
  GDateTime *now = g_date_time_new_now_local();
  int m = g_date_time_get_month(now) - 1;
  char *s = lang == OM_LANG_EN ? g_strdup_printf("%d %s %d", g_date_time_get_day_of_month(now),
                                                 en[m], g_date_time_get_year(now))
                               : g_strdup_printf("%d %s %d", g_date_time_get_day_of_month(now),
                                                 nl[m], g_date_time_get_year(now));
  g_date_time_unref(now);
  return s;
}

/* One line of the contents with a dotted leader and a link to the page. The counting pass
 * knows no page numbers yet, so whether a line exists depends on `present` alone. */
static void
toc_line(Doc *d, const char *text, gboolean present, int page, double indent)
{
  if (!present)
    return;
  double size = indent > 0 ? 10 : 11;
  char *num = g_strdup_printf("%d", page);
  PangoLayout *l = doc_layout(d, text, size, indent == 0, FALSE, CONTENT_W - indent - 40);
  double h = om_text_layout_height(l), w = MIN(om_text_layout_width(l), CONTENT_W - indent - 40);
  if (d->ink && page > 0) {
    char *link = g_strdup_printf("page=%d", page);
    cairo_tag_begin(d->cr, CAIRO_TAG_LINK, link);
    set_grey(d->cr, 0.1);
    show(d, l, MARGIN_X + indent, d->y);
    text_at(d, num, size, indent == 0, FALSE, MARGIN_X, d->y, CONTENT_W, 2, 0.1);
    cairo_tag_end(d->cr, CAIRO_TAG_LINK);
    g_free(link);
    /* Dotted leader from the text to the number. */
    double dots_y = d->y + h * 0.75;
    set_grey(d->cr, 0.6);
    double dash[] = { 0.01, 3 };
    cairo_save(d->cr);
    cairo_set_dash(d->cr, dash, 2, 0);
    cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_width(d->cr, 0.9);
    cairo_move_to(d->cr, MARGIN_X + indent + w + 6, dots_y);
    cairo_line_to(d->cr, PAGE_W - MARGIN_X - 22, dots_y);
    cairo_stroke(d->cr);
    cairo_restore(d->cr);
  }
  d->y += h + 3;
  g_object_unref(l);
  g_free(num);
}

/* The cover's top: a bar in the palette blue, the agenda, title, municipality, year, date
 * and author. */
static void
cover_title(Doc *d)
{
  const OmReport *r = d->rep;
  OmLang lang = d->lang;
  doc_new_page(d);
  if (d->ink) {
    cairo_rectangle(d->cr, MARGIN_X, 96, 60, 5);
    cairo_set_source_rgb(d->cr, 0, 0x72 / 255.0, 0xB2 / 255.0);
    cairo_fill(d->cr);
  }
  d->y = 112;
  d->y += text_at(d, TR(lang, "Lokale Educatieve Agenda", "Local Education Agenda"), 11, FALSE,
                  FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.35)
          + 6;
  d->y += text_at(d, doc_title(d), 26, TRUE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.07) + 10;
  if (r->municipality)
    d->y += text_at(d, r->municipality, 18, FALSE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.15) + 6;
  if (r->evaluation_year > 0) {
    char *t
        = g_strdup_printf(TR(lang, "Evaluatiejaar %d", "Evaluation year %d"), r->evaluation_year);
    d->y += text_at(d, t, 13, FALSE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.25) + 4;
    g_free(t);
  }
  char *date = r->date ? g_strdup(r->date) : today_text(lang);
  d->y += text_at(d, date, 11, FALSE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.35) + 2;
  g_free(date);
  if (r->author)
    d->y += text_at(d, r->author, 11, FALSE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.35);
}

/* The contents, with the first page of each part (from the counting pass). */
static void
cover_contents(Doc *d)
{
  const OmReport *r = d->rep;
  OmLang lang = d->lang;
  d->y = MAX(d->y + 40, 330);
  d->y += text_at(d, TR(lang, "Inhoud", "Contents"), 14, TRUE, FALSE, MARGIN_X, d->y, CONTENT_W, 0,
                  0.07)
          + 8;
  for (gsize i = 0; i < r->n_front_pages; i++)
    toc_line(d, r->front_pages[i].heading ? r->front_pages[i].heading : "", TRUE,
             d->toc.front_page[i], 0);
  toc_line(d, TR(lang, "Samenvatting van de doelen", "Summary of targets"), TRUE, d->toc.summary,
           0);
  for (gsize i = 0; i < r->n_topic_pages; i++)
    toc_line(d, r->topic_pages[i].heading ? r->topic_pages[i].heading : "", TRUE,
             d->toc.topic_page[i], 16);
  toc_line(d, TR(lang, "Sectoren", "Sectors"), r->n_sector_pages > 0, d->toc.sectors, 0);
  if (r->n_sector_pages <= 8)
    for (gsize i = 0; i < r->n_sector_pages; i++)
      toc_line(d, r->sector_pages[i].heading ? r->sector_pages[i].heading : "", TRUE,
               d->toc.sector_page[i], 16);
  toc_line(d, TR(lang, "Instellingen", "Institutions"), r->n_institution_pages > 0,
           d->toc.institutions, 0);
  toc_line(d, TR(lang, "Verantwoording", "Method"), r->method != NULL && *r->method, d->toc.method,
           0);
}

/* How to read the statuses: marker, word and meaning, never colour alone. */
static void
cover_status_key(Doc *d)
{
  OmLang lang = d->lang;
  d->y += 22;
  d->y += text_at(d, TR(lang, "Zo leest u de status van een doel", "How to read a target's status"),
                  12, TRUE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.07)
          + 6;
  for (OmChartStatus st = OM_CHART_STATUS_ATTAINED; st <= OM_CHART_STATUS_TOO_FEW; st++) {
    char *t = g_strdup_printf("<b>%s</b>: %s", om_chart_status_label(st, lang),
                              om_chart_status_meaning(st, lang));
    PangoLayout *l
        = doc_layout_full(d, t, 9.5, FALSE, FALSE, CONTENT_W - 22, PANGO_ALIGN_LEFT, TRUE);
    double h = om_text_layout_height(l);
    if (d->ink) {
      om_chart_draw_status_marker(d->cr, st, MARGIN_X + 6, d->y + 6.5, 5);
      set_grey(d->cr, 0.1);
      show(d, l, MARGIN_X + 22, d->y);
    }
    d->y += h + 4;
    g_object_unref(l);
    g_free(t);
  }
  d->y += 6;
  /* text_at, not doc_paragraph: the cover is one page whatever happens. */
  text_at(d, om_chart_status_key_note(lang), 9, FALSE, TRUE, MARGIN_X, d->y, CONTENT_W, 0, 0.3);
}

static void
draw_cover(Doc *d)
{
  cover_title(d);
  cover_contents(d);
  cover_status_key(d);
}

/* ---------------------------------------------------------------------------------------
 * Summary table
 */

typedef struct {
  const char *nl, *en;
  double width;
  int align;
} Column;

static const Column columns[] = {
  { "Niveau", "Scope", 126, 0 },
  { "Jaar", "Year", 30, 2 },
  { "n", "n", 40, 2 },
  { "Aandeel", "Share", 46, 2 },
  { "95%-interval", "95% interval", 76, 2 },
  { "Status", "Status", 96, 0 },
  { "Prognose of sinds nulmeting", "Projection or since baseline", 81.2756, 2 },
};

#define CELL_PAD_X 3.5
#define CELL_PAD_Y 3.0

static double
column_x(gsize c)
{
  double x = MARGIN_X;
  for (gsize i = 0; i < c; i++)
    x += columns[i].width;
  return x;
}

/* The texts of a row's cells; a suppressed row shows its n and nothing derived from the
 * share. cells[3] NULL means "merged into cells[4]". */
static void
row_cells(const OmReportRow *row, OmLang lang, char *cells[7])
{
  cells[0] = g_strdup(row->scope ? row->scope : "");
  cells[1] = row->year > 0 ? g_strdup_printf("%d", row->year) : g_strdup("–");
  cells[2] = om_format_number((double)row->n, 0, lang);
  if (row->census && !row->suppressed) {
    cells[3] = NULL;
    cells[4] = g_strdup_printf("%s %s", row->census, TR(lang, "instellingen", "institutions"));
    cells[6] = g_strdup("–");
  } else if (row->suppressed) {
    cells[3] = NULL;
    cells[4] = om_chart_withheld_text(row->suppressed, row->n, TRUE, lang);
    cells[6] = g_strdup("–");
  } else {
    cells[3] = om_format_percent(row->share, 1, lang);
    cells[4] = om_format_percent_interval(row->lower, row->upper, lang);
    if (row->has_projection && isfinite(row->projection)) {
      char *p = om_format_percent(row->projection, 1, lang);
      char *iv = om_format_percent_interval(row->projection_lower, row->projection_upper, lang);
      cells[6] = g_strdup_printf(TR(lang, "%s in %d\n(%s)", "%s in %d\n(%s)"), p,
                                 row->projection_year, iv);
      g_free(p);
      g_free(iv);
    } else {
      cells[6] = g_strdup(row->change ? row->change : "–");
    }
  }
  const char *st = om_chart_status_label(row->status, lang);
  if (row->suppressed && row->suppressed == OM_WITHHELD_PROTECT)
    st = TR(lang, "niet getoond", "not shown");
  cells[5] = g_strdup(*st ? st : "–");
}

static void
free_cells(char *cells[7])
{
  for (int i = 0; i < 7; i++)
    g_free(cells[i]);
}

static double
cell_width(gsize c, gboolean merged_share)
{
  double w = columns[c].width;
  if (merged_share && c == 4)
    w += columns[3].width;
  if (c == 5)
    w -= 13; /* room for the status marker */
  return w - 2 * CELL_PAD_X;
}

static double
cell_left(gsize c, gboolean merged_share)
{
  double x = column_x(c);
  if (merged_share && c == 4)
    x = column_x(3);
  if (c == 5)
    x += 13;
  return x + CELL_PAD_X;
}

/* A number never wraps: one that does not fit its column on one line (a national
 * count such as 1.234.567) is set smaller, down to 5 pt, so that it does. Transfer full. */
static PangoLayout *
fit_number(Doc *d, PangoLayout *l, const char *text, double width)
{
  if (pango_layout_get_line_count(l) <= 1)
    return l;
  PangoLayout *natural = doc_layout(d, text, TABLE_SIZE, FALSE, FALSE, -1);
  double w = om_text_layout_width(natural);
  g_object_unref(natural);
  double size = MAX(5.0, TABLE_SIZE * width / (w + 0.5));
  g_object_unref(l);
  return doc_layout_full(d, text, size, FALSE, FALSE, width, PANGO_ALIGN_RIGHT, FALSE);
}

/* Measures (and with draw, draws at d->y) one table row; returns its height. */
static double
table_row(Doc *d, const OmReportRow *row, gboolean draw, gboolean shade)
{
  char *cells[7];
  row_cells(row, d->lang, cells);
  gboolean merged = cells[3] == NULL;
  double h = 0;
  PangoLayout *layouts[7] = { NULL };
  for (gsize c = 0; c < G_N_ELEMENTS(columns); c++) {
    if (cells[c] == NULL)
      continue;
    int align = merged && c == 4 ? 0 : columns[c].align;
    layouts[c]
        = doc_layout_full(d, cells[c], TABLE_SIZE, c == 3, merged && c == 4, cell_width(c, merged),
                          align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, FALSE);
    /* The counts and the year are numbers that must not wrap; the interval and the
     * change column are text that wraps like any other (never shrunk). */
    if (c == 1 || c == 2)
      layouts[c] = fit_number(d, layouts[c], cells[c], cell_width(c, merged));
    h = MAX(h, om_text_layout_height(layouts[c]));
  }
  h += 2 * CELL_PAD_Y;
  if (draw && d->ink) {
    cairo_t *cr = d->cr;
    if (shade) {
      cairo_rectangle(cr, MARGIN_X, d->y, CONTENT_W, h);
      set_grey(cr, 0.965);
      cairo_fill(cr);
    }
    for (gsize c = 0; c < G_N_ELEMENTS(columns); c++) {
      if (layouts[c] == NULL)
        continue;
      set_grey(cr, merged && c == 4 ? 0.35 : 0.1);
      show(d, layouts[c], cell_left(c, merged), d->y + CELL_PAD_Y);
    }
    if (row->status != OM_CHART_STATUS_NONE)
      om_chart_draw_status_marker(cr, row->status, column_x(5) + CELL_PAD_X + 5,
                                  d->y + CELL_PAD_Y + TABLE_SIZE * 0.62, 4.3);
    set_grey(cr, 0.85);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, MARGIN_X, d->y + h);
    cairo_line_to(cr, MARGIN_X + CONTENT_W, d->y + h);
    cairo_stroke(cr);
  }
  for (gsize c = 0; c < G_N_ELEMENTS(columns); c++)
    if (layouts[c] != NULL)
      g_object_unref(layouts[c]);
  free_cells(cells);
  return h;
}

static double
table_header(Doc *d, gboolean draw)
{
  double h = 0;
  PangoLayout *layouts[G_N_ELEMENTS(columns)];
  for (gsize c = 0; c < G_N_ELEMENTS(columns); c++) {
    layouts[c]
        = doc_layout_full(d, TR(d->lang, columns[c].nl, columns[c].en), TABLE_SIZE, TRUE, FALSE,
                          columns[c].width - 2 * CELL_PAD_X,
                          columns[c].align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, FALSE);
    h = MAX(h, om_text_layout_height(layouts[c]));
  }
  h += 2 * CELL_PAD_Y + 1;
  if (draw && d->ink) {
    cairo_rectangle(d->cr, MARGIN_X, d->y, CONTENT_W, h);
    set_grey(d->cr, 0.88);
    cairo_fill(d->cr);
    set_grey(d->cr, 0.1);
    for (gsize c = 0; c < G_N_ELEMENTS(columns); c++)
      show(d, layouts[c], column_x(c) + CELL_PAD_X, d->y + CELL_PAD_Y);
  }
  for (gsize c = 0; c < G_N_ELEMENTS(columns); c++)
    g_object_unref(layouts[c]);
  if (draw)
    d->y += h;
  return h;
}

static double
group_row(Doc *d, const char *target, gboolean continued, gboolean draw)
{
  char *t = continued ? g_strdup_printf("%s %s", target, TR(d->lang, "(vervolg)", "(continued)"))
                      : g_strdup(target);
  PangoLayout *l = doc_layout(d, t, TABLE_SIZE + 0.4, TRUE, FALSE, CONTENT_W - 2 * CELL_PAD_X);
  double h = om_text_layout_height(l) + 2 * CELL_PAD_Y + 2;
  if (draw && d->ink) {
    cairo_rectangle(d->cr, MARGIN_X, d->y, CONTENT_W, h);
    cairo_set_source_rgb(d->cr, 0.90, 0.94, 0.97);
    cairo_fill(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0x72 / 255.0 * 0.6, 0xB2 / 255.0 * 0.6);
    cairo_set_line_width(d->cr, 0.8);
    cairo_move_to(d->cr, MARGIN_X, d->y);
    cairo_line_to(d->cr, MARGIN_X + CONTENT_W, d->y);
    cairo_stroke(d->cr);
    set_grey(d->cr, 0.05);
    show(d, l, MARGIN_X + CELL_PAD_X, d->y + CELL_PAD_Y + 1);
  }
  g_object_unref(l);
  g_free(t);
  if (draw)
    d->y += h;
  return h;
}

static gboolean
same_target(const char *a, const char *b)
{
  return g_strcmp0(a ? a : "", b ? b : "") == 0;
}

static void
draw_summary(Doc *d)
{
  const OmReport *r = d->rep;
  OmLang lang = d->lang;
  doc_new_page(d);
  d->toc.summary = d->page;
  doc_outline(d, CAIRO_PDF_OUTLINE_ROOT,
              TR(lang, "Samenvatting van de doelen", "Summary of targets"), d->page);
  const char *heading = TR(lang, "Samenvatting van de doelen", "Summary of targets");
  doc_heading(d, heading, 18, 60);
  if (r->summary_intro)
    doc_paragraph(d, r->summary_intro, BODY_SIZE, FALSE, FALSE, 0, NULL, 8, 0.1);
  if (r->n_rows == 0) {
    doc_paragraph(d, TR(lang, "Er zijn geen doelen geëvalueerd.", "No targets were evaluated."),
                  BODY_SIZE, FALSE, TRUE, 0, NULL, 0, 0.3);
    return;
  }
  double header_h = table_header(d, FALSE);
  const char *current = NULL;
  gsize in_group = 0;
  for (gsize i = 0; i < r->n_rows; i++) {
    const OmReportRow *row = &r->rows[i];
    gboolean starts = i == 0 || !same_target(row->target, r->rows[i - 1].target);
    double rh = table_row(d, row, FALSE, FALSE);
    if (starts) {
      current = row->target ? row->target : "";
      in_group = 0;
      double gh = group_row(d, current, FALSE, FALSE);
      /* Keep the target with its first row; a new page repeats the column header. */
      if (i == 0 || d->y + gh + rh > CONTENT_BOTTOM) {
        if (i > 0 || d->y + header_h + gh + rh > CONTENT_BOTTOM) {
          if (i > 0) {
            doc_new_page(d);
            char *cont = g_strdup_printf("%s %s", heading, TR(lang, "(vervolg)", "(continued)"));
            doc_heading(d, cont, 13, 60);
            g_free(cont);
          } else {
            doc_need(d, header_h + gh + rh);
          }
        }
        table_header(d, TRUE);
      }
      group_row(d, current, FALSE, TRUE);
    } else if (d->y + rh > CONTENT_BOTTOM) {
      doc_new_page(d);
      char *cont = g_strdup_printf("%s %s", heading, TR(lang, "(vervolg)", "(continued)"));
      doc_heading(d, cont, 13, 60);
      g_free(cont);
      table_header(d, TRUE);
      group_row(d, current, TRUE, TRUE);
    }
    table_row(d, row, TRUE, in_group % 2 == 1);
    d->y += rh;
    in_group++;
  }
}

/* ---------------------------------------------------------------------------------------
 * Sector and institution pages
 */

static double
chart_height(const OmTrendChart *chart)
{
  if (chart->n_panels <= 1)
    return 320;
  if (chart->n_panels == 2)
    return 300;
  if (chart->n_panels <= 4)
    return 470;
  return 560;
}

/* An overview's height on the page, and the chart laid out at it on the charts' context
 * (NULL when there is none, or once the drawing pass took it). */
typedef struct {
  double h;
  OmChartLayout *layout; /* owned */
  PangoContext *ctx;     /* what layout was measured on (transfer none: Doc.chart_ctx) */
} OverviewHeight;

static void
overview_height_free(gpointer p)
{
  OverviewHeight *oh = p;
  om_chart_layout_free(oh->layout);
  g_free(oh);
}

/* The height of an overview chart on the page: its natural height (om_chart_overview_natural
 * _height, a few layouts of the chart), at most a page. Found once per report: the drawing
 * pass takes what the counting pass found, and the last layout of the search when it is
 * the chart at that height (overview_offer_layout). */
static double
overview_height(Doc *d, const OmOverviewChart *chart, const OmChartStyle *cs)
{
  const OverviewHeight *known = g_hash_table_lookup(d->heights, chart);
  if (known != NULL)
    return known->h;
  OverviewHeight *oh = g_new0(OverviewHeight, 1);
  double natural;
  if (d->chart_ctx) {
    natural = chart_overview_natural_layout(chart, cs, om_text_measure, d->chart_ctx, &oh->layout);
    oh->ctx = d->chart_ctx;
  } else {
    natural = om_chart_overview_natural_height(chart, cs);
  }
  oh->h = MIN(natural, CONTENT_BOTTOM - MARGIN_TOP);
  if (oh->h != natural)
    g_clear_pointer(&oh->layout, om_chart_layout_free);
  g_hash_table_insert(d->heights, (gpointer)chart, oh);
  return oh->h;
}

/* Offers the drawing of `chart` at width w the layout the counting pass made of it
 * (chart-private.h's chart_type_offer_layout: taken only if it is the one the drawing would
 * build). */
static void
overview_offer_layout(Doc *d, const OmOverviewChart *chart, const OmChartStyle *cs, double w)
{
  OverviewHeight *oh = g_hash_table_lookup(d->heights, chart);
  if (oh == NULL || oh->layout == NULL)
    return;
  chart_type_offer_layout(&chart_type_overview, chart, cs, w, oh->h, om_text_measure, oh->ctx,
                          oh->layout);
  oh->layout = NULL;
}

/* ---------------------------------------------------------------------------------------
 * Stacked bars of answer distributions
 */

#define BAR_LABEL_W 132.0
#define BAR_N_W 52.0
#define BAR_H 11.0

/* The colour of category c: dissatisfied warm (darkest first), a middle category grey,
 * satisfied blue (darkest last), "weet niet" very light; colour-blind safe (Okabe–Ito
 * vermillion and blue, lightened). */
void
om_report_bar_colour(const OmReportBars *b, gsize c, double rgb[3])
{
  gsize n_scale = b->n_categories - (b->has_unknown ? 1 : 0);
  static const double warm[3] = { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 };
  static const double cool[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };
  double light = 0;
  const double *base = NULL;
  if (c >= n_scale) {
    rgb[0] = rgb[1] = rgb[2] = 0.93;
    return;
  }
  gsize n_pos = n_scale - b->n_negative - ((n_scale - 2 * b->n_negative) % 2 ? 1 : 0);
  if (c < b->n_negative) {
    base = warm;
    light = b->n_negative > 1 ? 0.55 * (double)c / (double)(b->n_negative - 1) : 0;
  } else if (c >= n_scale - n_pos) {
    base = cool;
    gsize k = n_scale - 1 - c;
    light = n_pos > 1 ? 0.55 * (double)k / (double)(n_pos - 1) : 0;
  } else {
    rgb[0] = rgb[1] = rgb[2] = 0.78;
    return;
  }
  for (int i = 0; i < 3; i++)
    rgb[i] = base[i] + (1 - base[i]) * light;
}

static void
bars_legend(Doc *d, const OmReportBars *b)
{
  double x = MARGIN_X, h = 0;
  for (gsize c = 0; c < b->n_categories; c++) {
    PangoLayout *l = doc_layout(d, b->categories[c], TABLE_SIZE, FALSE, FALSE, -1);
    double w = om_text_layout_width(l) + 16;
    h = MAX(h, om_text_layout_height(l));
    if (x + w > MARGIN_X + CONTENT_W) {
      x = MARGIN_X;
      d->y += h + 3;
    }
    if (d->ink) {
      double rgb[3];
      om_report_bar_colour(b, c, rgb);
      cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle(d->cr, x, d->y + 2, 10, 8);
      cairo_fill(d->cr);
      set_grey(d->cr, 0.2);
      show(d, l, x + 13, d->y);
    }
    g_object_unref(l);
    x += w + 6;
  }
  d->y += h + 8;
}

/* One bar: its label, the stacked shares with their percentages where they fit, its n. */
static void
draw_bar(Doc *d, const OmReportBars *b, const OmReportBar *bar)
{
  double bx = MARGIN_X + BAR_LABEL_W, bw = CONTENT_W - BAR_LABEL_W - BAR_N_W;
  double lh
      = text_at(d, bar->label, TABLE_SIZE, FALSE, FALSE, MARGIN_X, d->y, BAR_LABEL_W - 6, 0, 0.15);
  double x = bx;
  for (gsize c = 0; c < b->n_categories; c++) {
    double w = bw * bar->shares[c];
    double rgb[3];
    om_report_bar_colour(b, c, rgb);
    if (d->ink && w > 0) {
      cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle(d->cr, x, d->y, w, BAR_H);
      cairo_fill(d->cr);
    }
    if (w >= 20) {
      char *pct = om_format_percent(bar->shares[c], 0, d->lang);
      double lum = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2];
      text_at(d, pct, 7, FALSE, FALSE, x, d->y + 1, w, 1, lum < 0.5 ? 1.0 : 0.1);
      g_free(pct);
    }
    x += w;
  }
  char *n = om_format_number((double)bar->n, 0, d->lang);
  char *nt = g_strdup_printf("n=%s", n);
  text_at(d, nt, 7.5, FALSE, FALSE, bx + bw, d->y + 1, BAR_N_W, 2, 0.4);
  g_free(n);
  g_free(nt);
  d->y += MAX(BAR_H, lh) + 3;
}

static void
draw_bars(Doc *d, const OmReportBars *b)
{
  d->y += 6;
  doc_need(d, 60);
  bars_legend(d, b);
  for (gsize g = 0; g < b->n_groups; g++) {
    const OmReportBarGroup *grp = &b->groups[g];
    PangoLayout *l = doc_layout(d, grp->title, 8.8, TRUE, FALSE, CONTENT_W);
    double th = om_text_layout_height(l);
    g_object_unref(l);
    doc_need(d, th + 4 + (double)grp->n_bars * (BAR_H + 3));
    d->y += text_at(d, grp->title, 8.8, TRUE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.1) + 3;
    for (gsize i = 0; i < grp->n_bars; i++)
      draw_bar(d, b, &grp->bars[i]);
    d->y += 6;
  }
  if (b->note)
    d->y += text_at(d, b->note, 7.5, FALSE, TRUE, MARGIN_X, d->y, CONTENT_W, 0, 0.4) + 4;
}

/* ---------------------------------------------------------------------------------------
 * A plain table on a page
 */

/* One row of a table at d->y (cells NULL = the header, in bold on grey); returns its height.
 * With draw FALSE it only measures. */
static double
plain_table_row(Doc *d, const OmReportTable *t, const char *const *cells, const double *x,
                const double *w, gboolean draw)
{
  gboolean head = cells == NULL;
  const char *const *texts = head ? t->header : cells;
  double h = 0;
  PangoLayout **ls = g_new0(PangoLayout *, t->n_cols);
  for (gsize c = 0; c < t->n_cols; c++) {
    ls[c] = doc_layout_full(d, texts[c] ? texts[c] : "", TABLE_SIZE, head, FALSE,
                            w[c] - 2 * CELL_PAD_X, c > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                            FALSE);
    h = MAX(h, om_text_layout_height(ls[c]));
  }
  h += 2 * CELL_PAD_Y;
  if (draw && d->ink) {
    if (head) {
      cairo_rectangle(d->cr, MARGIN_X, d->y, CONTENT_W, h);
      set_grey(d->cr, 0.88);
      cairo_fill(d->cr);
    }
    set_grey(d->cr, 0.1);
    for (gsize c = 0; c < t->n_cols; c++)
      show(d, ls[c], x[c] + CELL_PAD_X, d->y + CELL_PAD_Y);
    set_grey(d->cr, 0.85);
    cairo_set_line_width(d->cr, 0.4);
    cairo_move_to(d->cr, MARGIN_X, d->y + h);
    cairo_line_to(d->cr, MARGIN_X + CONTENT_W, d->y + h);
    cairo_stroke(d->cr);
  }
  for (gsize c = 0; c < t->n_cols; c++)
    g_object_unref(ls[c]);
  g_free(ls);
  if (draw)
    d->y += h;
  return h;
}

static void
draw_plain_table(Doc *d, const OmReportTable *t)
{
  if (t->n_cols == 0)
    return;
  double *x = g_new(double, t->n_cols), *w = g_new(double, t->n_cols), sum = 0;
  for (gsize c = 0; c < t->n_cols; c++)
    sum += t->widths ? t->widths[c] : 1.0;
  double at = MARGIN_X;
  for (gsize c = 0; c < t->n_cols; c++) {
    x[c] = at;
    w[c] = CONTENT_W * (t->widths ? t->widths[c] : 1.0) / sum;
    at += w[c];
  }
  d->y += 6;
  double head_h = plain_table_row(d, t, NULL, x, w, FALSE);
  doc_need(d, head_h * 3);
  plain_table_row(d, t, NULL, x, w, TRUE);
  for (gsize r = 0; r < t->n_rows; r++) {
    const char *const *cells = t->cells + r * t->n_cols;
    double h = plain_table_row(d, t, cells, x, w, FALSE);
    if (d->y + h > CONTENT_BOTTOM) {
      doc_new_page(d);
      plain_table_row(d, t, NULL, x, w, TRUE);
    }
    plain_table_row(d, t, cells, x, w, TRUE);
  }
  d->y += 8;
  g_free(x);
  g_free(w);
}

/* Draws a page entry (front, theme, sector or institution page); *first_page receives the
 * page it starts on. The counting pass checks its charts without laying them out. */
static gboolean
draw_entry_page(Doc *d, const OmReportPage *pg, const char *kicker, int parent, int *first_page,
                GError **error)
{
  const char *heading = pg->heading ? pg->heading : "";
  doc_new_page(d);
  *first_page = d->page;
  doc_outline(d, parent, heading, d->page);
  d->y += text_at(d, kicker, 9, TRUE, FALSE, MARGIN_X, d->y, CONTENT_W, 0, 0.4) + 2;
  doc_heading(d, heading, 17, 40);
  if (pg->intro)
    doc_paragraph(d, pg->intro, BODY_SIZE, FALSE, FALSE, 0, NULL, 8, 0.1);

  OmChartStyle cs = *d->style;
  if (pg->chart != NULL) {
    double h = chart_height(pg->chart);
    cs.width = CONTENT_W;
    cs.height = h;
    doc_need(d, h);
    if (d->ink) {
      cairo_save(d->cr);
      cairo_translate(d->cr, MARGIN_X, d->y);
      gboolean ok
          = chart_type_draw_on_white(&chart_type_trend, d->cr, pg->chart, &cs, CONTENT_W, h, error);
      cairo_restore(d->cr);
      if (!ok)
        goto fail;
    } else if (!chart_type_check(&chart_type_trend, pg->chart, CONTENT_W, h, error)) {
      /* The counting pass fails as the drawing would, without laying the chart out. */
      goto fail;
    }
    d->y += h + 10;
  }
  for (gsize i = 0; i < pg->n_sentences; i++)
    if (pg->sentences[i] != NULL)
      doc_paragraph(d, pg->sentences[i], BODY_SIZE, FALSE, FALSE, 14, "•", 5, 0.1);
  if (pg->table != NULL)
    draw_plain_table(d, pg->table);
  if (pg->bars != NULL)
    draw_bars(d, pg->bars);
  if (pg->overview != NULL) {
    cs.width = CONTENT_W;
    cs.height = 260;
    double h = overview_height(d, pg->overview, &cs);
    d->y += 8;
    doc_need(d, h);
    if (d->ink) {
      cairo_save(d->cr);
      cairo_translate(d->cr, MARGIN_X, d->y);
      overview_offer_layout(d, pg->overview, &cs, CONTENT_W);
      gboolean ok = chart_type_draw_on_white(&chart_type_overview, d->cr, pg->overview, &cs,
                                             CONTENT_W, h, error);
      chart_type_offer_layout(NULL, NULL, NULL, 0, 0, NULL, NULL, NULL);
      cairo_restore(d->cr);
      if (!ok)
        goto fail;
    } else if (!chart_type_check(&chart_type_overview, pg->overview, CONTENT_W, h, error)) {
      goto fail;
    }
    d->y += h + 10;
  }
  return TRUE;
fail:
  g_prefix_error(error, "%s “%s”: ", TR(d->lang, "pagina", "page"), heading);
  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Method appendix: paragraphs split at blank lines; "# " starts a subheading, lines that
 * start with "- " are bullets.
 */

static void
draw_method(Doc *d)
{
  doc_new_page(d);
  d->toc.method = d->page;
  const char *heading = TR(d->lang, "Verantwoording", "Method");
  doc_outline(d, CAIRO_PDF_OUTLINE_ROOT, heading, d->page);
  doc_heading(d, heading, 18, 40);
  char *text = g_strdup(d->rep->method);
  /* Normalise Windows line ends so that "\r\n\r\n" also separates paragraphs. */
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
      doc_heading(d, block + 2, 12, 30);
      continue;
    }
    char **lines = g_strsplit(block, "\n", -1);
    gboolean bullets = TRUE;
    for (char **l = lines; *l; l++)
      if (!g_str_has_prefix(g_strstrip(*l), "- "))
        bullets = FALSE;
    if (bullets) {
      for (char **l = lines; *l; l++)
        doc_paragraph(d, *l + 2, BODY_SIZE, FALSE, FALSE, 14, "•", 3, 0.1);
      d->y += 5;
    } else {
      doc_paragraph(d, block, BODY_SIZE, FALSE, FALSE, 0, NULL, 8, 0.1);
    }
    g_strfreev(lines);
  }
  g_strfreev(blocks);
  g_free(text);
}

/* ---------------------------------------------------------------------------------------
 * The document
 */

static gboolean
run(Doc *d, GError **error)
{
  const OmReport *r = d->rep;
  OmLang lang = d->lang;
  draw_cover(d);
  for (gsize i = 0; i < r->n_front_pages; i++)
    if (!draw_entry_page(d, &r->front_pages[i], "", CAIRO_PDF_OUTLINE_ROOT, &d->toc.front_page[i],
                         error))
      return FALSE;
  draw_summary(d);
  for (gsize i = 0; i < r->n_topic_pages; i++)
    if (!draw_entry_page(d, &r->topic_pages[i], "", CAIRO_PDF_OUTLINE_ROOT, &d->toc.topic_page[i],
                         error))
      return FALSE;
  int parent = doc_outline(d, CAIRO_PDF_OUTLINE_ROOT, TR(lang, "Sectoren", "Sectors"),
                           r->n_sector_pages > 0 ? d->toc.sectors : 0);
  for (gsize i = 0; i < r->n_sector_pages; i++) {
    if (!draw_entry_page(d, &r->sector_pages[i], TR(lang, "SECTOR", "SECTOR"), parent,
                         &d->toc.sector_page[i], error))
      return FALSE;
    if (i == 0)
      d->toc.sectors = d->toc.sector_page[0];
  }
  parent = doc_outline(d, CAIRO_PDF_OUTLINE_ROOT, TR(lang, "Instellingen", "Institutions"),
                       r->n_institution_pages > 0 ? d->toc.institutions : 0);
  for (gsize i = 0; i < r->n_institution_pages; i++) {
    if (!draw_entry_page(d, &r->institution_pages[i], TR(lang, "INSTELLING", "INSTITUTION"), parent,
                         &d->toc.institution_page[i], error))
      return FALSE;
    if (i == 0)
      d->toc.institutions = d->toc.institution_page[0];
  }
  if (r->method != NULL && *r->method)
    draw_method(d);
  doc_end_page(d);
  return TRUE;
}

/* layouts: shared with the other pass (transfer none). */
static void
doc_init(Doc *d, cairo_t *cr, gboolean ink, const OmReport *report, const OmChartStyle *style,
         LayoutCache *layouts)
{
  memset(d, 0, sizeof *d);
  d->cr = cr;
  d->ink = ink;
  d->rep = report;
  d->style = style;
  d->lang = style->lang;
  d->layouts = layouts;
  d->heights = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, overview_height_free);
  d->toc.sector_page = g_new0(int, report->n_sector_pages + 1);
  d->toc.institution_page = g_new0(int, report->n_institution_pages + 1);
  d->toc.front_page = g_new0(int, report->n_front_pages + 1);
  d->toc.topic_page = g_new0(int, report->n_topic_pages + 1);
}

static void
doc_clear(Doc *d)
{
  d->layouts = NULL;
  g_clear_pointer(&d->heights, g_hash_table_unref);
  g_clear_object(&d->chart_ctx);
  g_free(d->toc.sector_page);
  g_free(d->toc.institution_page);
  g_free(d->toc.front_page);
  g_free(d->toc.topic_page);
}

/* The counting pass: lays the whole report out without ink with `layouts` (a cache on a
 * context of the target the drawing pass will draw on, whose charts draw with that context
 * too; NULL: a scratch one, for this pass alone). Unhinted metrics (text.h): on any
 * surface, lines and pages break as the drawing pass will break them. */
static gboolean
count_pass(const OmReport *report, const OmChartStyle *style, LayoutCache *layouts, Doc *out,
           GError **error)
{
  cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create(scratch);
  LayoutCache *own = layouts ? NULL : layout_cache_new(om_text_context_new(cr), style->font_family);
  doc_init(out, cr, FALSE, report, style, layouts ? layouts : own);
  /* Overview heights are measured on the charts' context: their labels' layouts are then
   * the ones the drawing pass draws. */
  out->chart_ctx = layouts ? g_object_ref(layouts->ctx) : NULL;
  gboolean ok = run(out, error);
  g_clear_object(&out->chart_ctx);
  out->layouts = NULL;
  layout_cache_free(own);
  out->cr = NULL;
  cairo_destroy(cr);
  cairo_surface_destroy(scratch);
  return ok;
}

static const OmChartStyle *
style_or_default(const OmChartStyle *style, OmChartStyle *defaults)
{
  if (style != NULL)
    return style;
  om_chart_style_init(defaults);
  return defaults;
}

guint
om_report_count_pages(const OmReport *report, const OmChartStyle *style, GError **error)
{
  assert(report != NULL);
  OmChartStyle defaults;
  style = style_or_default(style, &defaults);
  Doc d;
  gboolean ok = count_pass(report, style, NULL, &d, error);
  guint pages = ok ? (guint)d.page : 0;
  doc_clear(&d);
  return pages;
}

gboolean
om_report_draw(cairo_t *cr, const OmReport *report, const OmChartStyle *style, guint *n_pages,
               GError **error)
{
  assert(cr != NULL && report != NULL);
  OmChartStyle defaults;
  style = style_or_default(style, &defaults);
  /* Both passes lay out on the target's context (the charts' too) and share their layouts
   * with each other and with the reports drawn before on this thread. */
  LayoutCache *layouts = layout_cache_for(cr, style->font_family);
  layouts->report++;
  Doc counted;
  if (!count_pass(report, style, layouts, &counted, error)) {
    doc_clear(&counted);
    return FALSE;
  }
  Doc d;
  doc_init(&d, cr, TRUE, report, style, layouts);
  d.total = counted.page;
  d.toc.summary = counted.toc.summary;
  d.toc.sectors = counted.toc.sectors;
  d.toc.institutions = counted.toc.institutions;
  d.toc.method = counted.toc.method;
  memcpy(d.toc.sector_page, counted.toc.sector_page, sizeof(int) * (report->n_sector_pages + 1));
  memcpy(d.toc.institution_page, counted.toc.institution_page,
         sizeof(int) * (report->n_institution_pages + 1));
  memcpy(d.toc.front_page, counted.toc.front_page, sizeof(int) * (report->n_front_pages + 1));
  memcpy(d.toc.topic_page, counted.toc.topic_page, sizeof(int) * (report->n_topic_pages + 1));
  g_hash_table_unref(d.heights);
  d.heights = g_hash_table_ref(counted.heights);
  doc_clear(&counted);

  cairo_surface_t *target = cairo_get_target(cr);
  if (cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_PDF) {
    GString *title = g_string_new(doc_title(&d));
    if (report->municipality)
      g_string_append_printf(title, " — %s", report->municipality);
    if (report->evaluation_year > 0)
      g_string_append_printf(title, TR(d.lang, " — evaluatiejaar %d", " — evaluation year %d"),
                             report->evaluation_year);
    cairo_pdf_surface_set_metadata(target, CAIRO_PDF_METADATA_TITLE, title->str);
    cairo_pdf_surface_set_metadata(target, CAIRO_PDF_METADATA_CREATOR, "oudermonitor");
    if (report->author)
      cairo_pdf_surface_set_metadata(target, CAIRO_PDF_METADATA_AUTHOR, report->author);
    g_string_free(title, TRUE);
  }
  gboolean ok = run(&d, error);
  if (n_pages != NULL)
    *n_pages = ok ? (guint)d.page : 0;
  doc_clear(&d);
  return ok;
}

typedef struct {
  const OmReport *report;
  const OmChartStyle *style;
} ReportArgs;

static gboolean
draw_report_cb(cairo_t *cr, double w, double h, gconstpointer data, GError **error)
{
  (void)w;
  (void)h;
  const ReportArgs *a = data;
  return om_report_draw(cr, a->report, a->style, NULL, error);
}

gboolean
om_report_write_pdf(const OmReport *report, const OmChartStyle *style, const char *path,
                    GError **error)
{
  assert(report != NULL && path != NULL);
  OmChartStyle defaults;
  ReportArgs a = { report, style_or_default(style, &defaults) };
  return om_chart_render_to_file(OM_CHART_PDF, PAGE_W, PAGE_H, 1, draw_report_cb, &a, path, error);
}
