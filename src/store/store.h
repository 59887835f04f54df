/* store.h — the SQLite store: every SQL statement of oudermonitor lives behind this API.
 *
 * One file (default oudermonitor.db), created private (mode 0600) because it holds
 * personal data, in WAL mode so readers never block an import, its schema versioned
 * with PRAGMA user_version and marked with PRAGMA application_id. Respondents are stored
 * one row each with their answers packed as a JSON array in item order (1.2 million
 * respondents store in about a second that way); the view `answers` unpacks them into one
 * row per answer for analysts using plain SQL.
 *
 * Respondents are stored under a keyed pseudonym, HMAC-SHA256 (RFC 2104) of the id the survey
 * tool gave them, keyed with a per-store secret kept in PATH.key beside the store (0600),
 * never inside it: the store alone cannot be linked back to people, the same id within a
 * store always has the same pseudonym, and `forget` can find a respondent by id. A store of
 * schema version 1 (ids as given) is migrated by the first writable open.
 *
 * Writers wrap their work in om_store_begin() / om_store_commit(); om_store_rollback()
 * leaves the file exactly as it was before begin.
 *
 * A store is used by one thread at a time: it may be handed to another thread (the
 * importer's writer) when the hand-over synchronises the two (a queue, a join), never used
 * by two at once.
 */
#ifndef OUDERMONITOR_STORE_H
#define OUDERMONITOR_STORE_H

#include "oudermonitor/error.h"
#include "input/register.h"
#include "input/survey.h"
#include "store/counts.h"

G_BEGIN_DECLS

/* 1: respondent ids as given; 2: sectors as data, definition hashes; 3: keyed pseudonyms
 * and the erasures table; 4: counts per wave, institution and indicator and the answer
 * distributions, kept at import (tables counts, distributions). */
#define OM_STORE_SCHEMA_VERSION 4

typedef struct OmStore OmStore;

typedef enum {
  OM_STORE_OPEN_OR_CREATE, /* create the file (0600) when it does not exist */
  OM_STORE_EXISTING,       /* the file must exist already */
  OM_STORE_READONLY        /* must exist; no writes */
} OmStoreMode;

typedef struct {
  gint64 id;
  char *group; /* "ouders" | "instellingen" */
  int year;
  gboolean baseline;     /* the wave changes are measured against (nulmeting) */
  gboolean baseline_set; /* marked as baseline by the user rather than by being earliest */
  char *survey_id;
  char *source;      /* file name as imported (base name) */
  char *sha256;      /* of the file's bytes */
  char *imported_at; /* ISO 8601, UTC */
  gint64 respondents;
  char *definition_sha256; /* of the survey definition's text; NULL in a version-1 store
                            * opened read-only */
} OmWave;

/* Opens (and in OPEN_OR_CREATE mode creates) a store. Fails with OM_ERROR_STORE when the
 * file is not an oudermonitor store, is damaged or was made by a newer version,
 * OM_ERROR_NOT_FOUND when it must exist and does not, OM_ERROR_IO when it cannot be opened
 * or written (permissions) or stays busy with another writer. A READONLY open of a store
 * in a folder that cannot be written reads it as it is on disk (om_store_is_immutable). Returns
 * NULL on failure. Transfer full. */
OmStore *om_store_open(const char *path, OmStoreMode mode, GError **error);
void om_store_free(OmStore *st); /* accepts NULL; rolls back an open transaction */

/* While another process writes to the store (an import), a write waits: `fn` (optional) is
 * told once per wait, so the caller can say so; after wait_ms the call fails with
 * OM_ERROR_IO "… is busy …" — never as a damaged store. The default waits
 * OM_STORE_DEFAULT_BUSY_MS and tells no one. */
#define OM_STORE_DEFAULT_BUSY_MS 60000u
typedef void (*OmStoreBusyFunc)(const char *path, gpointer user_data);
void om_store_set_busy_handler(OmStore *st, guint wait_ms, OmStoreBusyFunc fn, gpointer user_data);
/* TRUE when a READONLY store was opened as it is on disk because its folder cannot be
 * written (SQLite could not make its shared-memory file there). */
gboolean om_store_is_immutable(const OmStore *st);
/* TRUE when the store was opened OM_STORE_READONLY: it holds nothing uncommitted. */
gboolean om_store_is_read_only(const OmStore *st);

/* What opening did to the file: nothing (a store already at this version), made the
 * schema in a new or empty file, or upgraded an older store in place. */
typedef enum {
  OM_STORE_OPENED_EXISTING,
  OM_STORE_OPENED_CREATED,
  OM_STORE_OPENED_UPGRADED
} OmStoreOpened;
OmStoreOpened om_store_opened_as(const OmStore *st);
const char *om_store_path(const OmStore *st);
/* Whether a store may be handed from one thread to another (used by one thread at a time,
 * the hand-over synchronised by the caller): FALSE only with an SQLite built without
 * threads. */
gboolean om_store_thread_safe(void);

gboolean om_store_begin(OmStore *st, GError **error);
/* om_store_begin for an import: a writer that checks every reference itself (each
 * respondent's institution against the register it read inside this transaction, the
 * wave it made in it) and stores a million rows. Foreign keys are not enforced until the
 * transaction ends (commit or rollback): their look-ups were a quarter of storing a
 * respondent. Deleting a wave (om_store_delete_wave) needs no cascade.
 * When no other connection has the store open, the transaction runs in a rollback journal
 * (the wave is written once instead of to the WAL and again at the checkpoint) and holds
 * the store exclusively: a reader that starts meanwhile waits for the end. The store is in
 * WAL mode again after the commit or rollback. FALSE with error when the store is busy. */
gboolean om_store_begin_import(OmStore *st, GError **error);
gboolean om_store_commit(OmStore *st, GError **error);
void om_store_rollback(OmStore *st); /* accepts a store with no open transaction */

/* ---- institutions ------------------------------------------------------------------- */

typedef enum { OM_PUT_NEW, OM_PUT_UPDATED, OM_PUT_UNCHANGED } OmPutResult;
/* Inserts or updates one institution by code. */
gboolean om_store_put_institution(OmStore *st, const OmInstitution *inst, OmPutResult *result,
                                  GError **error);
/* Every registered institution ordered by sector (the display order of the sector
 * vocabulary in use, unknown sectors last) and code: a GArray of
 * OmInstitution with a clear function. NULL on failure. Transfer full. */
GArray *om_store_institutions(OmStore *st, GError **error);

/* Keeps the sector vocabulary the register was checked against (one per store; the last
 * one kept wins). Call inside the register's transaction. */
gboolean om_store_put_sectors(OmStore *st, const OmSectors *sectors, GError **error);
/* The kept vocabulary's source name and text, both NULL when the store keeps none. Returns
 * FALSE only on a database error. Transfer full (g_free). */
gboolean om_store_sectors(OmStore *st, char **source, char **text, GError **error);

/* ---- waves -------------------------------------------------------------------------- */

void om_wave_clear(OmWave *w); /* frees the strings; accepts NULL */

/* Looks a wave up; *found says whether it exists (out is filled only then). */
gboolean om_store_find_wave_by_sha256(OmStore *st, const char *sha256, OmWave *out, gboolean *found,
                                      GError **error);
gboolean om_store_find_wave(OmStore *st, const char *group, int year, OmWave *out, gboolean *found,
                            GError **error);
/* Waves of one group (NULL = all), ordered by group then year. GArray of OmWave with a
 * clear function. Transfer full. */
GArray *om_store_waves(OmStore *st, const char *group, GError **error);

/* Adds an empty wave with the survey's items and its definition text (kept so that the
 * store explains itself). Returns the wave id, or 0 on failure (e.g. a wave of that group
 * and year exists). Call inside a transaction. */
gint64 om_store_add_wave(OmStore *st, const OmSurvey *survey, int year, const char *source,
                         const char *sha256, GError **error);
/* Gives the wave its file's SHA-256, for an import that adds the wave before the file is
 * hashed (under a placeholder that is no SHA-256). Fails, leaving the wave as it was, when
 * another wave has that SHA-256 or the store cannot be written. Call inside the import's
 * transaction. */
gboolean om_store_set_wave_sha256(OmStore *st, gint64 wave_id, const char *sha256, GError **error);
/* Records the respondent count and recomputes the group's baseline: the wave marked by
 * the user when there is one, else the earliest. mark_baseline marks this wave. */
gboolean om_store_finish_wave(OmStore *st, gint64 wave_id, gint64 respondents,
                              gboolean mark_baseline, GError **error);
/* Deletes a wave with its respondents, items, counts and distributions (for --replace);
 * does not rely on foreign keys. */
gboolean om_store_delete_wave(OmStore *st, gint64 wave_id, GError **error);
/* The survey definition the wave was imported with. Transfer full. */
OmSurvey *om_store_wave_survey(OmStore *st, gint64 wave_id, GError **error);

/* ---- respondents -------------------------------------------------------------------- */

/* Appends one respondent; answers are indexed like the wave's items (n of them). */
gboolean om_store_add_respondent(OmStore *st, gint64 wave_id, const char *respondent,
                                 const char *institution, const gint32 *answers, guint n,
                                 GError **error);
/* Appends n_rows respondents in their order: respondents[r] and institutions[r], answers
 * r * n .. r * n + n - 1. Faster than one by one (a statement stores many rows). On failure
 * some of them may be stored: meant inside a transaction the caller then rolls back. */
gboolean om_store_add_respondents(OmStore *st, gint64 wave_id, guint n_rows,
                                  const char *const *respondents, const char *const *institutions,
                                  const gint32 *answers, guint n, GError **error);

/* Called per respondent; answers valid only during the call. Return FALSE (with error)
 * to stop. */
typedef gboolean (*OmRespondentFunc)(const char *respondent, const char *institution,
                                     const gint32 *answers, guint n, gpointer user_data,
                                     GError **error);
gboolean om_store_foreach_respondent(OmStore *st, gint64 wave_id, OmRespondentFunc fn,
                                     gpointer user_data, GError **error);

/* ---- counts (schema 4) ----
 * A wave's counts are written once, inside the transaction that stores its respondents
 * (import, --replace), and rebuilt from the respondents when they change (forget, the
 * migration to version 4). Readers use them instead of the respondents. */

/* Whether the store keeps counts (version 4; a version-3 store opened read-only does
 * not: its readers count the respondents themselves). */
gboolean om_store_has_counts(const OmStore *st);
/* Replaces the counts and distributions of the wave by what c counted. Meant inside the
 * caller's transaction. The scores are packed and the distributions' text formatted on a
 * second thread meanwhile (it only reads c; the store is used on the calling thread
 * alone). FALSE on a store error. */
gboolean om_store_put_counts(OmStore *st, gint64 wave_id, const OmCounter *c, GError **error);
/* Counts the wave's stored respondents with its stored definition and replaces its counts
 * (om_store_put_counts). FALSE on a store error or damaged answers. */
gboolean om_store_build_counts(OmStore *st, gint64 wave_id, GError **error);
/* Calls fn per institution and indicator of the wave with the kept counts (valid during the
 * call). FALSE on a store error or damaged scores. */
gboolean om_store_foreach_counts(OmStore *st, gint64 wave_id, OmCountsFunc fn, gpointer user_data,
                                 GError **error);
/* Calls fn per institution of the wave with the answer distribution kept at import, in
 * the text form of om_counter_foreach_distribution ("0=code:n,…;1=…"); only those of the
 * n institutions named when institutions is not NULL (one key look-up each). FALSE on a
 * store error. */
gboolean om_store_foreach_distribution(OmStore *st, gint64 wave_id, const char *const *institutions,
                                       guint n, OmDistributionFunc fn, gpointer user_data,
                                       GError **error);
/* The same for the n institutions named only (one index look-up each). */
gboolean om_store_foreach_counts_of(OmStore *st, gint64 wave_id, const char *const *institutions,
                                    guint n, OmCountsFunc fn, gpointer user_data, GError **error);

typedef struct {
  char *institution;
  gint64 wave_id;
  gint64 respondents;
} OmResponseCount;
/* Respondents per institution and wave. GArray of OmResponseCount with a clear function.
 * Transfer full. */
GArray *om_store_response_counts(OmStore *st, GError **error);

/* ---- pseudonyms and erasure --------------------------------------------------------- */

/* The keyed pseudonym (64 hex digits) of a respondent id. Reads the key file on first use;
 * when there is none, makes one (and, if the store holds respondents already, leaves a
 * notice that new ids cannot be linked to earlier ones). NULL on failure (an unreadable or
 * damaged key file). Transfer full. */
char *om_store_pseudonym(OmStore *st, const char *respondent, GError **error);
/* The store's pseudonym key apart from the store: usable on another thread while the store
 * is busy on this one (the importer keys each respondent while the previous ones are being
 * stored), and without an allocation per id. Reads or makes the key file as
 * om_store_pseudonym does; NULL on failure. Transfer full (om_pseudonym_key_free). */
typedef struct OmPseudonymKey OmPseudonymKey;
#define OM_PSEUDONYM_LEN 64
OmPseudonymKey *om_store_pseudonym_key(OmStore *st, GError **error);
void om_pseudonym_key_free(OmPseudonymKey *k); /* accepts NULL; wipes the keyed state */
/* The pseudonym of respondent (what om_store_pseudonym returns) into out: 64 hex digits and
 * a NUL. Never fails; k unchanged. */
void om_pseudonym_key_apply(const OmPseudonymKey *k, const char *respondent,
                            char out[OM_PSEUDONYM_LEN + 1]);
/* PATH.key, or NULL for an in-memory store. Transfer none. */
const char *om_store_key_path(const OmStore *st);
/* The next message the user must see (a migration done, a key file replaced), oldest first;
 * NULL when there is none. Transfer full. */
char *om_store_take_notice(OmStore *st);

typedef struct {
  guint which; /* index of the id in om_store_forget's respondents */
  gint64 wave_id;
  char *group;
  int year;
  char *institution;
} OmForgotten;
void om_forgotten_clear(OmForgotten *f); /* frees the strings; accepts NULL */

/* GDPR art. 17: removes every respondent whose id is one of respondents[0..n) from every
 * wave, in one transaction, recording only that an erasure happened and when; wave
 * respondent counts follow. The removed rows' bytes are then scrubbed from the file and
 * its WAL. Returns what was removed (one OmForgotten per row: wave and institution; empty
 * when no id was found), a GArray with a clear function; NULL on failure, with the store
 * unchanged. Must not be called inside a transaction. Transfer full. */
GArray *om_store_forget(OmStore *st, const char *const *respondents, guint n, GError **error);
/* When each erasure happened (ISO 8601, UTC), oldest first: a GArray of char *. Transfer
 * full (free the strings). */
GArray *om_store_erasures(OmStore *st, GError **error);

G_END_DECLS

#endif
