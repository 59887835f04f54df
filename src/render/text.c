/* text.c — the one Pango setup of the renderer (see text.h): contexts with unhinted
 * metrics, layouts from a text style, measuring and showing.
 *
 * The charts and the PDF report both lay out and draw every text through these functions,
 * so that what a layout pass measured is what the drawing pass draws. Measuring is the
 * renderer's hottest path (a chart measures every label, some of them several times while
 * it fits), so measurements are kept in one process-wide cache, keyed by everything that
 * decides them: text, family, size, weight, slant, wrap width, ellipsizing and the linear
 * part of the context's matrix (the surface does not matter: text.h). Measuring without a
 * context uses one context per thread, made once. Shared contexts (one per thread and
 * matched state) keep the layouts made on them, so a label drawn in many charts is shaped
 * once; and a context is matched to a cairo_t again only when what Pango reads from it
 * changed, because Pango lays out every layout of a context again after an update.
 * This module must never choose colours, positions or sizes, and never keeps a layout the
 * caller gave it.
 */
#include "render/text.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------
 * The measurement cache
 */

/* Past this many entries the cache starts again (about 3 MiB): a report measures a few
 * hundred texts of its own (names, values) besides the ones every chart has (ticks, years,
 * legends), which come back at once after a restart. */
#define MEASURE_CACHE_MAX 16384

typedef struct {
  const char *text, *family; /* family never NULL in a key */
  double size, wrap_width;
  double matrix[4]; /* xx, xy, yx, yy of the context's matrix */
  gboolean bold, italic, ellipsize;
  guint hash;
} MeasureKey;

typedef struct {
  MeasureKey key; /* first: an entry is looked up by a MeasureKey */
  double width, height;
} MeasureEntry;

static GMutex measure_lock;
static GHashTable *measure_cache; /* MeasureEntry * -> itself; under measure_lock */

static guint
hash_double(double v)
{
  guint64 bits;
  v += 0.0; /* -0 and +0 compare equal, so they must hash equal */
  memcpy(&bits, &v, sizeof bits);
  return (guint)(bits ^ (bits >> 32));
}

static guint
measure_key_hash(gconstpointer p)
{
  return ((const MeasureKey *)p)->hash;
}

static gboolean
measure_key_equal(gconstpointer pa, gconstpointer pb)
{
  const MeasureKey *a = pa, *b = pb;
  return a->hash == b->hash && a->size == b->size && a->wrap_width == b->wrap_width
         && a->bold == b->bold && a->italic == b->italic && a->ellipsize == b->ellipsize
         && memcmp(a->matrix, b->matrix, sizeof a->matrix) == 0 && strcmp(a->text, b->text) == 0
         && strcmp(a->family, b->family) == 0;
}

/* Fills *key for a measurement of text in ts and family on a context with `matrix` (NULL =
 * identity); FALSE when it cannot be cached (a size or width that is not a number). The key
 * borrows text and family. */
static gboolean
measure_key_init(MeasureKey *key, const char *text, const OmTextStyle *ts, const char *family,
                 const PangoMatrix *matrix)
{
  if (!isfinite(ts->size) || isnan(ts->wrap_width))
    return FALSE;
  key->text = text;
  key->family = family ? family : OM_TEXT_DEFAULT_FAMILY;
  key->size = ts->size + 0.0;
  /* om_text_layout_new ignores a width that is not positive, and ellipsizing without one. */
  key->wrap_width = ts->wrap_width > 0 ? ts->wrap_width : 0.0;
  key->bold = ts->bold != FALSE;
  key->italic = ts->italic != FALSE;
  key->ellipsize = key->wrap_width > 0 && ts->ellipsize;
  PangoMatrix identity = PANGO_MATRIX_INIT;
  const PangoMatrix *m = matrix ? matrix : &identity;
  key->matrix[0] = m->xx + 0.0;
  key->matrix[1] = m->xy + 0.0;
  key->matrix[2] = m->yx + 0.0;
  key->matrix[3] = m->yy + 0.0;
  guint h = g_str_hash(key->text) * 31u + g_str_hash(key->family);
  h = h * 31u + hash_double(key->size);
  h = h * 31u + hash_double(key->wrap_width);
  for (int i = 0; i < 4; i++)
    h = h * 31u + hash_double(key->matrix[i]);
  key->hash = h * 8u + (guint)(key->bold | key->italic << 1 | key->ellipsize << 2);
  return TRUE;
}

static gboolean
measure_cache_lookup(const MeasureKey *key, double *width, double *height)
{
  g_mutex_lock(&measure_lock);
  const MeasureEntry *e = measure_cache ? g_hash_table_lookup(measure_cache, key) : NULL;
  if (e != NULL) {
    *width = e->width;
    *height = e->height;
  }
  g_mutex_unlock(&measure_lock);
  return e != NULL;
}

/* A copy of the key (its strings in the same block) with a measurement. g_free. */
static MeasureEntry *
measure_entry_new(const MeasureKey *key, double width, double height)
{
  gsize lt = strlen(key->text) + 1, lf = strlen(key->family) + 1;
  MeasureEntry *e = g_malloc(sizeof *e + lt + lf);
  char *strings = (char *)(e + 1);
  memcpy(strings, key->text, lt);
  memcpy(strings + lt, key->family, lf);
  e->key = *key;
  e->key.text = strings;
  e->key.family = strings + lt;
  e->width = width;
  e->height = height;
  return e;
}

static void
measure_cache_store(const MeasureKey *key, double width, double height)
{
  MeasureEntry *e = measure_entry_new(key, width, height);
  g_mutex_lock(&measure_lock);
  if (measure_cache == NULL)
    measure_cache = g_hash_table_new_full(measure_key_hash, measure_key_equal, g_free, NULL);
  if (g_hash_table_size(measure_cache) >= MEASURE_CACHE_MAX)
    g_hash_table_remove_all(measure_cache);
  if (g_hash_table_contains(measure_cache, e)) /* another thread measured it meanwhile */
    g_free(e);
  else
    g_hash_table_add(measure_cache, e);
  g_mutex_unlock(&measure_lock);
}

/* ---------------------------------------------------------------------------------------
 * Contexts and layouts
 */

/* What a context was last matched to (om_text_context_new, om_text_update): all that
 * pango_cairo_update_context reads from a cairo_t, as our contexts have their font options
 * set: the target surface's font options and the linear part of the matrix (Pango ignores
 * the translation). Kept on the context. */
typedef struct {
  cairo_font_options_t *options, *scratch;
  double linear[4]; /* xx, yx, xy, yy */
} MatchedState;

static void
matched_state_free(gpointer p)
{
  MatchedState *st = p;
  cairo_font_options_destroy(st->options);
  cairo_font_options_destroy(st->scratch);
  g_free(st);
}

static G_DEFINE_QUARK(om_text_matched_state, matched_state)

    static void linear_part(cairo_t *cr, double linear[4])
{
  cairo_matrix_t m;
  cairo_get_matrix(cr, &m);
  linear[0] = m.xx;
  linear[1] = m.yx;
  linear[2] = m.xy;
  linear[3] = m.yy;
}

static void
matched_state_record(PangoContext *context, cairo_t *cr)
{
  MatchedState *st = g_object_get_qdata(G_OBJECT(context), matched_state_quark());
  if (st == NULL) {
    st = g_new0(MatchedState, 1);
    st->options = cairo_font_options_create();
    st->scratch = cairo_font_options_create();
    g_object_set_qdata_full(G_OBJECT(context), matched_state_quark(), st, matched_state_free);
  }
  linear_part(cr, st->linear);
  cairo_surface_get_font_options(cairo_get_target(cr), st->options);
}

/* TRUE when context was last matched to what cr has: then pango_cairo_update_context would
 * set nothing new. */
static gboolean
matched_state_same(PangoContext *context, cairo_t *cr)
{
  MatchedState *st = g_object_get_qdata(G_OBJECT(context), matched_state_quark());
  if (st == NULL)
    return FALSE;
  double linear[4];
  linear_part(cr, linear);
  if (memcmp(linear, st->linear, sizeof linear) != 0)
    return FALSE;
  cairo_surface_get_font_options(cairo_get_target(cr), st->scratch);
  return cairo_font_options_equal(st->scratch, st->options);
}

PangoContext *
om_text_context_new(cairo_t *cr)
{
  assert(cr != NULL);
  PangoContext *context = pango_cairo_create_context(cr);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(context, FALSE);
  matched_state_record(context, cr);
  return context;
}

void
om_text_update(cairo_t *cr, PangoLayout *layout)
{
  assert(cr != NULL && layout != NULL);
  PangoContext *context = pango_layout_get_context(layout);
  /* pango_cairo_update_layout marks the context changed whatever it finds (Pango 1.50 sets
   * the matrix again), and every layout on it is then laid out again: skip it when nothing
   * it would set differs. */
  if (matched_state_same(context, cr))
    return;
  pango_cairo_update_layout(cr, layout);
  matched_state_record(context, cr);
}

/* ---------------------------------------------------------------------------------------
 * Shared contexts: one per thread and matched state, each keeping its layouts
 */

/* At most this many layouts per shared context, the least recently used dropped first:
 * about 4 MiB of shaped text. In the national job's reports this lays out 52% fewer chart
 * labels than starting again empty past 1024 did (an axis's percentages, years and status
 * words recur in every report; one report's school names and counts do not). */
#define LAYOUT_CACHE_MAX 2048
/* At most this many shared contexts per thread (states: surfaces' options × scales). */
#define SHARED_CONTEXTS_MAX 8

/* The layouts a shared context keeps (its qdata). */
typedef struct {
  GHashTable *table; /* MeasureEntry * (its key) -> KeptLayout * (owned) */
  GQueue order;      /* the KeptLayouts, least recently used first */
} LayoutStore;

typedef struct {
  MeasureEntry *entry; /* the key (measurement unused) */
  PangoLayout *layout;
  GList link; /* in LayoutStore.order, data = this */
} KeptLayout;

static void
kept_layout_free(gpointer p)
{
  KeptLayout *k = p;
  g_free(k->entry);
  g_object_unref(k->layout);
  g_free(k);
}

static void
layout_store_free(gpointer p)
{
  LayoutStore *store = p;
  g_hash_table_destroy(store->table);
  g_free(store);
}

static G_DEFINE_QUARK(om_text_layout_cache, layout_cache)

    static void shared_contexts_free(gpointer p)
{
  g_ptr_array_unref(p);
}

static GPrivate shared_contexts = G_PRIVATE_INIT(shared_contexts_free);

PangoContext *
om_text_context_for(cairo_t *cr)
{
  assert(cr != NULL);
  GPtrArray *list = g_private_get(&shared_contexts);
  if (list == NULL) {
    list = g_ptr_array_new_with_free_func(g_object_unref);
    g_private_set(&shared_contexts, list);
  }
  for (guint i = 0; i < list->len; i++)
    if (matched_state_same(list->pdata[i], cr))
      return g_object_ref(list->pdata[i]);
  if (list->len >= SHARED_CONTEXTS_MAX)
    g_ptr_array_remove_index(list, 0);
  PangoContext *context = om_text_context_new(cr);
  LayoutStore *store = g_new0(LayoutStore, 1);
  store->table = g_hash_table_new_full(measure_key_hash, measure_key_equal, NULL, kept_layout_free);
  g_queue_init(&store->order);
  g_object_set_qdata_full(G_OBJECT(context), layout_cache_quark(), store, layout_store_free);
  g_ptr_array_add(list, context);
  return g_object_ref(context);
}

PangoLayout *
om_text_layout_get(PangoContext *context, const char *text, const OmTextStyle *ts,
                   const char *family)
{
  assert(context != NULL && text != NULL && ts != NULL);
  LayoutStore *store = g_object_get_qdata(G_OBJECT(context), layout_cache_quark());
  MeasureKey key;
  /* The key's matrix stays the identity: the cache belongs to one context. */
  if (store == NULL || !measure_key_init(&key, text, ts, family, NULL))
    return om_text_layout_new(context, text, ts, family);
  KeptLayout *k = g_hash_table_lookup(store->table, &key);
  if (k != NULL) {
    g_queue_unlink(&store->order, &k->link);
    g_queue_push_tail_link(&store->order, &k->link);
    return g_object_ref(k->layout);
  }
  PangoLayout *layout = om_text_layout_new(context, text, ts, family);
  if (g_hash_table_size(store->table) >= LAYOUT_CACHE_MAX) {
    KeptLayout *oldest = store->order.head->data;
    g_queue_unlink(&store->order, &oldest->link);
    g_hash_table_remove(store->table, oldest->entry);
  }
  k = g_new(KeptLayout, 1);
  k->entry = measure_entry_new(&key, 0, 0);
  k->layout = g_object_ref(layout);
  k->link = (GList){ k, NULL, NULL };
  g_hash_table_insert(store->table, k->entry, k);
  g_queue_push_tail_link(&store->order, &k->link);
  return layout;
}

PangoLayout *
om_text_layout_new(PangoContext *context, const char *text, const OmTextStyle *ts,
                   const char *family)
{
  assert(context != NULL && text != NULL && ts != NULL);
  PangoLayout *layout = pango_layout_new(context);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family ? family : OM_TEXT_DEFAULT_FAMILY);
  pango_font_description_set_absolute_size(fd, ts->size * PANGO_SCALE);
  pango_font_description_set_weight(fd, ts->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(fd, ts->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  if (ts->wrap_width > 0) {
    pango_layout_set_width(layout, (int)(ts->wrap_width * PANGO_SCALE));
    if (ts->ellipsize) {
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height(layout, -1); /* one line */
    } else {
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
  }
  pango_layout_set_text(layout, text, -1);
  return layout;
}

double
om_text_layout_width(PangoLayout *layout)
{
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  return (double)logical.width / PANGO_SCALE;
}

double
om_text_layout_height(PangoLayout *layout)
{
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  return (double)logical.height / PANGO_SCALE;
}

/* Measures on `context` without the measurement cache (a shared context keeps the layout
 * for drawing). */
static void
measure_uncached(PangoContext *context, const char *text, const OmTextStyle *ts,
                 const char *font_family, double *width, double *height)
{
  PangoLayout *layout = om_text_layout_get(context, text, ts, font_family);
  *width = om_text_layout_width(layout);
  *height = om_text_layout_height(layout);
  g_object_unref(layout);
}

void
om_text_measure(const char *text, const OmTextStyle *ts, const char *font_family, double *width,
                double *height, gpointer context)
{
  assert(text != NULL && ts != NULL && width != NULL && height != NULL && context != NULL);
  MeasureKey key;
  gboolean cached
      = measure_key_init(&key, text, ts, font_family, pango_context_get_matrix(context));
  if (cached && measure_cache_lookup(&key, width, height))
    return;
  measure_uncached(context, text, ts, font_family, width, height);
  if (cached)
    measure_cache_store(&key, *width, *height);
}

/* The measuring context of the calling thread, on a 1×1 image surface, made on first use
 * and freed when the thread ends (Pango contexts must not be shared between threads). */
typedef struct {
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
} ThreadContext;

static void
thread_context_free(gpointer p)
{
  ThreadContext *tc = p;
  g_object_unref(tc->context);
  cairo_destroy(tc->cr);
  cairo_surface_destroy(tc->surface);
  g_free(tc);
}

static GPrivate thread_context = G_PRIVATE_INIT(thread_context_free);

static PangoContext *
thread_measure_context(void)
{
  ThreadContext *tc = g_private_get(&thread_context);
  if (tc == NULL) {
    tc = g_new0(ThreadContext, 1);
    tc->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    tc->cr = cairo_create(tc->surface);
    tc->context = om_text_context_new(tc->cr);
    g_private_set(&thread_context, tc);
  }
  return tc->context;
}

void
om_chart_measure_pango(const char *text, const OmTextStyle *ts, const char *font_family,
                       double *width, double *height, gpointer user_data)
{
  assert(text != NULL && ts != NULL && width != NULL && height != NULL);
  cairo_t *cr = user_data;
  if (cr == NULL) {
    om_text_measure(text, ts, font_family, width, height, thread_measure_context());
    return;
  }
  PangoContext *context = om_text_context_new(cr);
  om_text_measure(text, ts, font_family, width, height, context);
  g_object_unref(context);
}

void
om_text_show(cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to(cr, x, y);
  om_text_update(cr, layout);
  pango_cairo_show_layout(cr, layout);
}
