/* tally.h — counts per wave, indicator and institution, read from the store.
 *
 * The bridge between the store and the statistics (pure functions over counts): it reads
 * the counts the store kept when each wave was imported (classified with the definition
 * the wave was imported with), or counts the respondents itself in a version-3 store
 * opened read-only.
 * It holds no personal data and computes no estimates.
 */
#ifndef OUDERMONITOR_TALLY_H
#define OUDERMONITOR_TALLY_H

#include "input/survey.h"
#include "store/counts.h" /* OmCounts, OmScoreCount, om_counts_add */

/* Only the type: what reads the tally (analysis, targets) never sees the store's API. */
typedef struct OmStore OmStore;

G_BEGIN_DECLS

typedef struct {
  gint64 wave_id;
  int year;
  gboolean baseline;
  guint64 respondents;
} OmTallyWave;

typedef struct OmTally OmTally;

/* Counts every wave of `group` ("ouders" or "instellingen") in the store. Indicators are
 * those of the newest wave's definition; an older wave whose definition lacks one simply
 * has no counts for it. Returns NULL on failure (store error, damaged answers).
 * OM_ERROR_NOT_FOUND when the group has no waves. Transfer full. */
OmTally *om_tally_new(OmStore *store, const char *group, GError **error);
/* The same with the counts of the n institutions named only (institutions NULL = all): a
 * command about one municipality of a national store reads its counts alone. */
OmTally *om_tally_new_for(OmStore *store, const char *group, const char *const *institutions,
                          guint n, GError **error);
/* As om_tally_new, for a store opened OM_STORE_READONLY (so holding nothing uncommitted):
 * when its waves hold at least min_respondents respondents together (0 counts as 1),
 * every other wave is read on a second thread over a second read-only connection to the
 * same file, which the tally closes before it returns; the counts are the same. With fewer
 * respondents, or when the second connection does not open, the waves are read one after
 * the other. */
OmTally *om_tally_new_read_only(OmStore *store, const char *group, guint64 min_respondents,
                                GError **error);
/* The respondents from which a second connection pays for its opening and thread: the
 * sample store (16,000 respondents) reads its counts in 2 ms alone and in 5-11 ms with a
 * second connection; the national one (4.8 million) in half the time of one. */
#define OM_TALLY_PARALLEL_RESPONDENTS G_GUINT64_CONSTANT(500000)
void om_tally_free(OmTally *t); /* accepts NULL */

const char *om_tally_group(const OmTally *t);
/* The newest wave's definition: indicator titles, scales. Transfer none. */
const OmSurvey *om_tally_survey(const OmTally *t);
guint om_tally_n_waves(const OmTally *t);
/* Waves ordered by year. Transfer none. */
const OmTallyWave *om_tally_wave(const OmTally *t, guint i);
/* The answers to one item of one institution in one wave: how often each code of the
 * item's scale was given, and how many answered "weet niet / n.v.t." or left it blank. */
typedef struct {
  int min;           /* the scale's lowest code: counts[0] */
  guint n_codes;     /* scale max - min + 1 */
  guint64 *counts;   /* per code; NULL when no answer on the scale was given */
  guint64 dont_know; /* a missing code of the scale */
  guint64 blank;     /* not answered */
} OmItemCounts;

/* The lock held while the distributions are read from the store on first use (see
 * om_tally_item_counts), so that threads sharing the store with the tally never use it at
 * once (a store is used by one thread at a time): by default the tally's own; the owner
 * of a shared store passes its lock (NULL = back to the tally's own). It must outlive the
 * tally's use. */
void om_tally_share_lock(OmTally *t, GMutex *lock);

/* The answer distribution of item `item` (an id of the wave's definition) for one
 * institution in one wave, or NULL when the item is not in that wave's definition or the
 * institution has no respondents there. Read on first use from the distributions the
 * store kept at import (or counted from the respondents of a store that keeps none), so
 * the store the tally was made from must still be open. Transfer none. */
const OmItemCounts *om_tally_item_counts(const OmTally *t, guint wave, const char *item,
                                         const char *institution);

/* One distinct score of an institution's counts: which of its wave's and indicator's
 * distinct scores (om_tally_score_values) it is, and how often it was given. */
typedef struct {
  guint32 id;
  guint64 count;
} OmTallyScore;

/* An institution's counts in one wave for one indicator (as OmCounts), with its scores as
 * ids of the wave's distinct scores of that indicator, in the order first seen. */
typedef struct {
  guint64 valid;              /* answers that count (denominator of the share) */
  guint64 satisfied;          /* valid and satisfied (numerator) */
  guint64 dont_know;          /* "weet niet / n.v.t." codes: counted, not valid */
  guint64 blank;              /* not answered */
  const OmTallyScore *scores; /* n_scores distinct scores; NULL when none */
  guint n_scores;
} OmTallyCounts;

/* The distinct scores of one indicator in one wave, by id: every score of the wave's
 * counts of that indicator is one of them. Equal scores share an id, with two exceptions
 * that keep what comparing values with == gives: a NaN (equal to nothing) has an id of
 * its own every time, and 0.0 and -0.0 have one id each (equal, though their bits differ):
 * mixed_zero says both occur, so that a sum must treat them as one score. */
typedef struct {
  const double *values; /* by id */
  guint n;
  gboolean mixed_zero;
} OmTallyScoreValues;

/* Counts of one institution in one wave for an indicator, or NULL when it has no
 * respondents there. Transfer none. */
const OmTallyCounts *om_tally_counts(const OmTally *t, guint wave, const char *indicator,
                                     const char *institution);
/* Indexes for om_tally_counts_at, found once instead of per wave: an indicator's (its
 * position in the newest definition) and an institution's (one with counts in any wave),
 * or -1 when the tally has no such indicator or no counts of the institution. */
int om_tally_indicator_index(const OmTally *t, const char *indicator);
int om_tally_institution_index(const OmTally *t, const char *institution);
/* om_tally_counts by those indexes (institution -1: NULL). Transfer none. */
const OmTallyCounts *om_tally_counts_at(const OmTally *t, guint wave, guint indicator,
                                        int institution);
/* The scores the ids of wave's counts of `indicator` stand for, or NULL for an indicator
 * the tally does not know or the wave's definition lacks. Transfer none. */
const OmTallyScoreValues *om_tally_score_values(const OmTally *t, guint wave,
                                                const char *indicator);
/* c's scores as OmCounts (values in the same order), for a caller that wants the values
 * themselves: *out is overwritten (its scores transfer full; om_counts_clear frees them). */
void om_tally_counts_to_counts(const OmTallyScoreValues *v, const OmTallyCounts *c, OmCounts *out);

G_END_DECLS

#endif
