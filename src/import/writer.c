/* writer.c — an import's respondents stored on a second thread (writer.h).
 *
 * The owner fills a batch; a full batch goes to the writer thread through one queue and
 * comes back empty through another. With WRITER_BATCHES batches in all, the owner waits
 * when the writer is that far behind, and the writer when it has nothing to store. The
 * writer's first failure is kept; it then only hands batches back, and the owner hears
 * of it at its next add. Each row is scored as it is added, on the owner's thread, keyed
 * on the side that has room, and counted when stored (the wave's counts). Never checks
 * a row, never prints.
 */
#include "import/writer.h"

#include <string.h>

/* GLib's queue synchronises with futexes ThreadSanitizer cannot see: in a -fsanitize=thread
 * build the hand-over of a batch is told to it, so that what it reports is real. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) /* clang says it so */
#define OM_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(OM_TSAN)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define HANDED_OVER(b) __tsan_release(b)
#define TAKEN_OVER(b) __tsan_acquire(b)
#else
#define HANDED_OVER(b) ((void)(b))
#define TAKEN_OVER(b) ((void)(b))
#endif

#define WRITER_BATCH_ROWS 4096
#define WRITER_BATCHES 4

typedef struct {
  guint n;
  gboolean keyed;                           /* keyed by the owner: pseudonyms are set */
  GString *ids;                             /* !keyed: the ids, each NUL-terminated */
  gsize *id_at;                             /* !keyed: per row, its id's offset in ids */
  char (*pseudonyms)[OM_PSEUDONYM_LEN + 1]; /* per row: the respondent id, keyed */
  const char **pseudonym_at;                /* per row: its pseudonym */
  const char **institution;
  gint32 *answers; /* WRITER_BATCH_ROWS x n_items */
  guint8 *cls;     /* WRITER_BATCH_ROWS x n_ind: om_counter_score's classes */
  double *score;   /* WRITER_BATCH_ROWS x n_ind: and scores */
} Batch;

struct OmRespondentWriter {
  OmStore *store;
  const OmPseudonymKey *key;
  OmCounter *counter;
  gint64 wave_id;
  guint n_items, n_ind;
  GThread *thread;          /* NULL: rows are stored as they are added */
  GAsyncQueue *full, *free; /* batches to store; batches to fill */
  Batch batches[WRITER_BATCHES];
  Batch *filling; /* the owner's */
  Batch end;      /* sentinel: the owner has no more */
  gint failed;    /* atomic; set after error */
  gint abandon;   /* atomic: the owner failed, nothing more needs storing */
  GError *error;  /* the writer's first failure */
};

static void
hand(GAsyncQueue *q, Batch *b)
{
  HANDED_OVER(b);
  g_async_queue_push(q, b);
}

static Batch *
take(GAsyncQueue *q)
{
  Batch *b = g_async_queue_pop(q);
  TAKEN_OVER(b);
  return b;
}

/* Counting here and scoring in the reader (om_respondent_writer_add) balances the two
 * threads; the ids are keyed by whichever side has room (see om_respondent_writer_add). */
static gboolean
store_batch(OmRespondentWriter *w, Batch *b)
{
  if (g_atomic_int_get(&w->abandon))
    b->n = 0;
  for (guint i = 0; i < b->n && !b->keyed; i++)
    om_pseudonym_key_apply(w->key, b->ids->str + b->id_at[i], b->pseudonyms[i]);
  if (b->n && !w->error
      && !om_store_add_respondents(w->store, w->wave_id, b->n, b->pseudonym_at, b->institution,
                                   b->answers, w->n_items, &w->error))
    g_atomic_int_set(&w->failed, 1);
  for (guint i = 0; i < b->n && !w->error; i++)
    om_counter_add_scored(w->counter, b->institution[i], b->answers + (gsize)i * w->n_items,
                          b->cls + (gsize)i * w->n_ind, b->score + (gsize)i * w->n_ind);
  b->n = 0;
  g_string_truncate(b->ids, 0);
  return w->error == NULL;
}

static gpointer
writer_run(gpointer data)
{
  OmRespondentWriter *w = data;
  for (Batch *b; (b = take(w->full)) != &w->end;) {
    store_batch(w, b);
    hand(w->free, b);
  }
  return NULL;
}

OmRespondentWriter *
om_respondent_writer_new(OmStore *store, const OmPseudonymKey *key, OmCounter *counter,
                         gint64 wave_id, guint n_items)
{
  OmRespondentWriter *w = g_new0(OmRespondentWriter, 1);
  w->store = store;
  w->key = key;
  w->counter = counter;
  w->wave_id = wave_id;
  w->n_items = n_items;
  w->n_ind = om_counter_n_indicators(counter);
  w->full = g_async_queue_new();
  w->free = g_async_queue_new();
  for (guint k = 0; k < WRITER_BATCHES; k++) {
    Batch *b = &w->batches[k];
    b->ids = g_string_sized_new(WRITER_BATCH_ROWS * 16);
    b->id_at = g_new(gsize, WRITER_BATCH_ROWS);
    b->pseudonyms = g_malloc(sizeof *b->pseudonyms * WRITER_BATCH_ROWS);
    b->pseudonym_at = g_new(const char *, WRITER_BATCH_ROWS);
    for (guint i = 0; i < WRITER_BATCH_ROWS; i++)
      b->pseudonym_at[i] = b->pseudonyms[i];
    b->institution = g_new(const char *, WRITER_BATCH_ROWS);
    b->answers = g_new(gint32, (gsize)WRITER_BATCH_ROWS * MAX(n_items, 1));
    b->cls = g_new(guint8, (gsize)WRITER_BATCH_ROWS * MAX(w->n_ind, 1));
    b->score = g_new(double, (gsize)WRITER_BATCH_ROWS *MAX(w->n_ind, 1));
    if (k > 0)
      hand(w->free, b);
  }
  w->filling = &w->batches[0];
  if (om_store_thread_safe())
    w->thread = g_thread_new("om-store-writer", writer_run, w);
  return w;
}

static gboolean
failed(OmRespondentWriter *w, GError **error)
{
  if (!g_atomic_int_get(&w->failed))
    return FALSE;
  if (error)
    *error = g_error_copy(w->error);
  return TRUE;
}

gboolean
om_respondent_writer_add(OmRespondentWriter *w, const char *id, const char *institution,
                         const gint32 *answers, GError **error)
{
  if (failed(w, error))
    return FALSE;
  Batch *b = w->filling;
  if (!om_counter_score(w->counter, institution, answers, w->n_items,
                        b->cls + (gsize)b->n * w->n_ind, b->score + (gsize)b->n * w->n_ind, error))
    return FALSE;
  /* The keyed pseudonym (HMAC-SHA256) is a tenth of a row's work. A batch begun while
   * the writer has more than the batch just handed over waiting is keyed here; else the
   * writer keys it. So the side with room does it, and neither waits long for the other. */
  if (b->n == 0)
    b->keyed = w->thread && g_async_queue_length(w->full) > 1;
  if (b->keyed) {
    om_pseudonym_key_apply(w->key, id, b->pseudonyms[b->n]);
  } else {
    b->id_at[b->n] = b->ids->len;
    g_string_append_len(b->ids, id, (gssize)strlen(id) + 1);
  }
  b->institution[b->n] = institution;
  memcpy(b->answers + (gsize)b->n * w->n_items, answers, sizeof *answers * w->n_items);
  if (++b->n < WRITER_BATCH_ROWS)
    return TRUE;
  if (!w->thread)
    return store_batch(w, b) || !failed(w, error);
  hand(w->full, b);
  w->filling = take(w->free);
  return TRUE;
}

gboolean
om_respondent_writer_finish(OmRespondentWriter *w, GError **error)
{
  if (!w)
    return TRUE;
  if (!error)
    g_atomic_int_set(&w->abandon, 1);
  if (w->thread) {
    hand(w->full, w->filling);
    hand(w->full, &w->end);
    g_thread_join(w->thread);
  } else {
    store_batch(w, w->filling);
  }
  gboolean ok = w->error == NULL;
  if (!ok && error)
    g_propagate_error(error, w->error);
  else if (!ok)
    g_error_free(w->error);
  for (guint k = 0; k < WRITER_BATCHES; k++) {
    g_string_free(w->batches[k].ids, TRUE);
    g_free(w->batches[k].id_at);
    g_free(w->batches[k].pseudonyms);
    g_free(w->batches[k].pseudonym_at);
    g_free(w->batches[k].institution);
    g_free(w->batches[k].answers);
    g_free(w->batches[k].cls);
    g_free(w->batches[k].score);
  }
  g_async_queue_unref(w->full);
  g_async_queue_unref(w->free);
  g_free(w);
  return ok;
}
