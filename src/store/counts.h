/* counts.h — scoring respondents into counts per institution and indicator, and the
 * answer distribution per item: what the store keeps for every wave (schema 4), so that
 * no command after the import reads respondents again.
 *
 * The counter classifies each respondent once with the wave's own definition; it keeps
 * counts only (no respondent id, no answer row) and never touches the store itself (the
 * store writes and reads what it counted: om_store_put_counts, om_store_foreach_counts).
 * Scoring is linear in the respondents: a respondent costs one classification per
 * indicator and hash look-ups, never a search over the scores seen so far.
 */
#ifndef OUDERMONITOR_COUNTS_H
#define OUDERMONITOR_COUNTS_H

#include "input/survey.h"

G_BEGIN_DECLS

typedef struct {
  double value;
  guint64 count;
} OmScoreCount;

typedef struct {
  guint64 valid;     /* answers that count (denominator of the share) */
  guint64 satisfied; /* valid and satisfied (numerator) */
  guint64 dont_know; /* "weet niet / n.v.t." codes: counted, not valid */
  guint64 blank;     /* not answered */
  GArray *scores;    /* OmScoreCount of the valid scores (item value or composite mean), in
                        the order they were first seen */
} OmCounts;

/* Adds b into a (scores merged). */
void om_counts_add(OmCounts *a, const OmCounts *b);
void om_counts_clear(OmCounts *c); /* frees the scores; accepts NULL */
/* Whether a and b hold the same counts and the same scores in the same order. */
gboolean om_counts_equal(const OmCounts *a, const OmCounts *b);

/* The scores packed for the store (each value's 8 bytes and its count as a varint: read
 * back exactly, in order) and back. om_counts_scores_pack: transfer full, *len its length.
 * om_counts_scores_unpack returns FALSE on damaged bytes (c unchanged). */
guint8 *om_counts_scores_pack(const OmCounts *c, gsize *len);
gboolean om_counts_scores_unpack(OmCounts *c, const guint8 *data, gsize len);
/* The same into `out` (a GArray of OmScoreCount, its scores replaced), so that a reader
 * of many rows reuses one array: FALSE on damaged bytes (out then empty). */
gboolean om_counts_scores_unpack_into(GArray *out, const guint8 *data, gsize len);

typedef struct OmCounter OmCounter;

/* A counter for one wave, classifying with `survey` (the wave's definition; borrowed, must
 * outlive the counter). Transfer full. */
OmCounter *om_counter_new(const OmSurvey *survey);
void om_counter_free(OmCounter *c); /* accepts NULL */
/* Counts one respondent of `institution` with answers indexed like the survey's items.
 * FALSE with OM_ERROR_STORE when n is not the survey's number of items (c unchanged). */
gboolean om_counter_add(OmCounter *c, const char *institution, const gint32 *answers, guint n,
                        GError **error);
/* om_counter_add in two halves, so that they can run on two threads (the importer scores
 * on its reading thread and counts on its writer's). om_counter_score: per indicator k of
 * the survey, the class (OmAnswerClass, as om_indicator_classify) into cls[k] and, for a
 * valid one, the score into score[k] (others left unchanged); both arrays hold
 * om_counter_n_indicators(c). FALSE with OM_ERROR_STORE when n is not the survey's number
 * of items (nothing written). It reads only what om_counter_new set up, so it may run on
 * any thread while another counts. om_counter_add_scored counts what om_counter_score gave
 * for the same answers (n = the survey's number of items); c is then as after
 * om_counter_add. */
guint om_counter_n_indicators(const OmCounter *c);
gboolean om_counter_score(const OmCounter *c, const char *institution, const gint32 *answers,
                          guint n, guint8 *cls, double *score, GError **error);
void om_counter_add_scored(OmCounter *c, const char *institution, const gint32 *answers,
                           const guint8 *cls, const double *score);

/* Called per institution and indicator (the survey's indicator id) with its counts. */
typedef void (*OmCountsFunc)(const char *institution, const char *indicator, const OmCounts *c,
                             gpointer data);
/* Institutions in the order first counted, indicators in the survey's order. */
void om_counter_foreach(const OmCounter *c, OmCountsFunc fn, gpointer data);
/* The answer distribution of one institution: per item (the survey's order) the answer
 * codes with their counts as text, "pos=code:n,code:n;pos=…" (blank answers as code
 * "-"). Called per institution in the order first counted. */
typedef void (*OmDistributionFunc)(const char *institution, const char *text, gpointer data);
void om_counter_foreach_distribution(const OmCounter *c, OmDistributionFunc fn, gpointer data);
/* The same two in the order of the store's keys: institutions in byte order of their codes
 * and, within one, indicators in byte order of their ids. Rows given to SQLite in that
 * order are appended to its tables instead of inserted between others. */
void om_counter_foreach_in_key_order(const OmCounter *c, OmCountsFunc fn, gpointer data);
void om_counter_foreach_distribution_in_key_order(const OmCounter *c, OmDistributionFunc fn,
                                                  gpointer data);

G_END_DECLS

#endif
