/* writer.h — an import's respondents stored on a second thread.
 *
 * Storing a respondent (SQLite's insert) is about half of importing a national wave, and
 * reading and checking the rows most of the rest: with the store written on a thread of
 * its own, a wave takes about the longer of the two instead of their sum. Rows are handed
 * over in batches; a fixed number of batches circulates, so memory stays bounded when
 * either side is slower.
 *
 * While a writer runs it alone uses the store (and the counter): its owner must not call
 * them until om_respondent_writer_finish has returned. Never checks a row (the importer has), never
 * reads a file, never prints.
 */
#ifndef OUDERMONITOR_IMPORT_WRITER_H
#define OUDERMONITOR_IMPORT_WRITER_H

#include "store/store.h"

G_BEGIN_DECLS

typedef struct OmRespondentWriter OmRespondentWriter;

/* A writer of respondents with n_items answers each into wave_id of store, inside the
 * caller's transaction, each under its pseudonym by key, and counted into counter (the
 * wave's counts; scored on the owner's thread as it is added, counted on the writer's;
 * keyed on whichever of the two has room).
 * key and counter must outlive the writer; the owner must not touch the counter either
 * until om_respondent_writer_finish. Without threads (an SQLite built single-threaded) it
 * stores a batch when it is full. Never fails. Transfer full (om_respondent_writer_finish). */
OmRespondentWriter *om_respondent_writer_new(OmStore *store, const OmPseudonymKey *key,
                                             OmCounter *counter, gint64 wave_id, guint n_items);

/* Queues one respondent by the id the survey tool gave (copied, as are the answers; only
 * its pseudonym is stored). institution must stay valid until om_respondent_writer_finish.
 * FALSE when an earlier row could not be stored: error then says why (the store's
 * message), and nothing more is stored. */
gboolean om_respondent_writer_add(OmRespondentWriter *w, const char *id, const char *institution,
                                  const gint32 *answers, GError **error);

/* Stores what is queued (unless an earlier row failed), waits for the thread and frees the
 * writer; FALSE with error when a row could not be stored. With error NULL the caller has
 * failed already and only wants the store back: what is still queued is dropped. Accepts
 * NULL (TRUE). */
gboolean om_respondent_writer_finish(OmRespondentWriter *w, GError **error);

G_END_DECLS

#endif
