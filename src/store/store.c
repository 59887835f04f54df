/* store.c — the SQLite store: schema, migrations, transactions and every SQL statement.
 *
 * Why one row per respondent with a JSON array of answers: a national wave (1.2 million
 * respondents x 20 items) stores in about a second that way and in about 21 seconds as
 * one row per answer; JSON (rather than a packed blob) keeps it readable with plain SQL,
 * and the view `answers` gives analysts the long format through json_each.
 *
 * This module never computes statistics, never draws and never prints.
 */
#include "store/store.h"

#include "base/safe-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <nettle/hmac.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define OM_APPLICATION_ID 0x4F4D4F4E /* 'OMON' */
#define STORE_CACHE "-65536"         /* KiB: the page cache of readers */
/* A new store's pages: a national wave is 180 MB; in 64 KiB pages that is 16 times fewer
 * writes than in SQLite's default 4 KiB (commit 0.56 s -> 0.29 s, system time 0.74 s ->
 * 0.30 s a wave, when a wave was still written twice, see rollback_journal_on). Stores made
 * before keep their page size. */
#define STORE_PAGE_SIZE 65536

struct OmStore {
  sqlite3 *db;
  char *path;
  char *key_path;      /* PATH.key; NULL for an in-memory store */
  OmPseudonymKey *key; /* keyed with the store's secret; NULL until first needed */
  GPtrArray *notices;  /* things the user must hear (a migration, a replaced key) */
  gboolean in_tx;
  gboolean fk_off;         /* an import's transaction: foreign keys are back on at its end */
  gboolean journal_import; /* an import's transaction in a rollback journal: WAL at its end */
  int version;             /* schema version as opened (an older one only when read-only) */
  guint busy_ms;           /* how long to wait for another writer */
  OmStoreBusyFunc busy_fn;
  gpointer busy_data;
  gboolean immutable; /* read as it is on disk: its folder cannot be written */
  gboolean read_only; /* opened OM_STORE_READONLY */
  OmStoreOpened opened_as;
  sqlite3_stmt *insert_respondent, *insert_respondents; /* one row; ROWS_PER_INSERT rows */
  GString *json;                                        /* reused buffer for packing answers */
};

/* What a failure means for the user: a store busy with another import or one that cannot
 * be written is not a damaged store (exit 3 is for missing, foreign or damaged). */
static gboolean
sqlite_error(OmStore *st, GError **error, int rc, const char *what, const char *detail)
{
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    g_set_error(error, OM_ERROR, OM_ERROR_IO,
                "%s is busy: another oudermonitor is writing to it (waited %u %s); try again "
                "when that import has finished",
                st->path, st->busy_ms >= 1000 ? st->busy_ms / 1000 : st->busy_ms,
                st->busy_ms >= 1000 ? "s" : "ms");
    return FALSE;
  case SQLITE_READONLY:
  case SQLITE_CANTOPEN:
  case SQLITE_PERM:
    if (st->read_only)
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: %s: the store was opened for reading only",
                  st->path, what);
    else
      g_set_error(error, OM_ERROR, OM_ERROR_IO,
                  "%s: %s: the store or its folder cannot be written (%s); read it with a "
                  "command that only reads, or copy it to a folder you can write",
                  st->path, what, detail);
    return FALSE;
  default:
    g_set_error(error, OM_ERROR, OM_ERROR_STORE, "%s: %s: %s", st->path, what, detail);
    return FALSE;
  }
}

static gboolean
db_error(OmStore *st, GError **error, const char *what)
{
  return sqlite_error(st, error, sqlite3_extended_errcode(st->db), what, sqlite3_errmsg(st->db));
}

static gboolean
exec(OmStore *st, const char *sql, GError **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
        || (rc & 0xff) == SQLITE_READONLY)
      sqlite_error(st, error, rc, "cannot change the store", msg ? msg : "error");
    else
      g_set_error(error, OM_ERROR, OM_ERROR_STORE, "%s: %s", st->path, msg ? msg : "error");
    sqlite3_free(msg);
    return FALSE;
  }
  return TRUE;
}

/* SQLite calls this while another connection holds the write lock: tell the caller once,
 * then wait in steps of 50 ms until busy_ms have passed (counted in steps, not read from
 * a clock). */
#define BUSY_STEP_MS 50

static int
on_busy(void *data, int count)
{
  OmStore *st = data;
  if (count == 0 && st->busy_fn)
    st->busy_fn(st->path, st->busy_data);
  if ((guint)count * BUSY_STEP_MS >= st->busy_ms)
    return 0;
  g_usleep(BUSY_STEP_MS * 1000);
  return 1;
}

void
om_store_set_busy_handler(OmStore *st, guint wait_ms, OmStoreBusyFunc fn, gpointer user_data)
{
  st->busy_ms = wait_ms;
  st->busy_fn = fn;
  st->busy_data = user_data;
}

OmStoreOpened
om_store_opened_as(const OmStore *st)
{
  return st->opened_as;
}

gboolean
om_store_is_immutable(const OmStore *st)
{
  return st->immutable;
}

gboolean
om_store_is_read_only(const OmStore *st)
{
  return st->read_only;
}

static sqlite3_stmt *
prepare(OmStore *st, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    db_error(st, error, "cannot prepare a statement");
    return NULL;
  }
  return stmt;
}

/* The tables as a new store gets them. Sectors are not constrained here: they come from
 * the sector vocabulary (input/sectors.h), checked when the register is read. */
static const char *schema_tables
    = "CREATE TABLE institutions ("
      "  code TEXT PRIMARY KEY,"
      "  name TEXT NOT NULL,"
      "  sector TEXT NOT NULL,"
      "  municipality TEXT NOT NULL DEFAULT '',"
      "  population INTEGER CHECK (population IS NULL OR population >= 0),"
      "  board TEXT NOT NULL DEFAULT '');" /* version 4: register column bestuur */
      "CREATE TABLE waves ("
      "  id INTEGER PRIMARY KEY,"
      "  grp TEXT NOT NULL CHECK (grp IN ('ouders','instellingen')),"
      "  year INTEGER NOT NULL,"
      "  baseline INTEGER NOT NULL DEFAULT 0,"
      "  baseline_set INTEGER NOT NULL DEFAULT 0,"
      "  survey_id TEXT NOT NULL,"
      "  definition TEXT NOT NULL,"
      "  source TEXT NOT NULL,"
      "  sha256 TEXT NOT NULL UNIQUE,"
      "  imported_at TEXT NOT NULL,"
      "  respondents INTEGER NOT NULL DEFAULT 0,"
      "  definition_sha256 TEXT," /* NULL only while a version-1 store is being migrated */
      "  UNIQUE (grp, year));"
      "CREATE TABLE vocabularies (" /* the sector vocabulary the register was checked against */
      "  name TEXT PRIMARY KEY,"
      "  source TEXT NOT NULL,"
      "  text TEXT NOT NULL);"
      "CREATE TABLE items ("
      "  wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  pos INTEGER NOT NULL,"
      "  item TEXT NOT NULL,"
      "  theme TEXT NOT NULL,"
      "  scale TEXT NOT NULL,"
      "  PRIMARY KEY (wave_id, pos)) WITHOUT ROWID;"
      "CREATE TABLE respondents ("
      "  wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  respondent TEXT NOT NULL,"
      "  institution TEXT NOT NULL REFERENCES institutions(code),"
      "  answers TEXT NOT NULL);"
      /* Rows of one wave arrive in rowid order, so this index grows at its end: cheap. */
      "CREATE INDEX respondents_wave ON respondents(wave_id);"
      "CREATE VIEW answers AS"
      "  SELECT w.grp AS respondent_group, w.year AS year, r.institution AS institution,"
      "         r.respondent AS respondent, i.item AS item, i.theme AS theme,"
      "         j.value AS answer"
      "  FROM respondents r JOIN waves w ON w.id = r.wave_id,"
      "       json_each(r.answers) j"
      "  JOIN items i ON i.wave_id = r.wave_id AND i.pos = j.key;";

/* Version 4: the counts every reader uses, kept at import (store/counts.h). */
static const char *schema_counts
    = "CREATE TABLE IF NOT EXISTS counts ("
      "  wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  institution TEXT NOT NULL,"
      "  indicator TEXT NOT NULL,"
      "  valid INTEGER NOT NULL,"
      "  satisfied INTEGER NOT NULL,"
      "  dont_know INTEGER NOT NULL,"
      "  blank INTEGER NOT NULL,"
      "  scores BLOB NOT NULL," /* om_counts_scores_pack */
      "  PRIMARY KEY (wave_id, institution, indicator)) WITHOUT ROWID;"
      "CREATE TABLE IF NOT EXISTS distributions ("
      "  wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
      "  institution TEXT NOT NULL,"
      "  answers TEXT NOT NULL,"
      "  PRIMARY KEY (wave_id, institution)) WITHOUT ROWID;";

/* Version 1 -> 2: the sector CHECK goes (sectors are data now: the table is rebuilt,
 * as SQLite cannot drop a constraint) and each wave gets its definition's SHA-256,
 * computed from the definition text it has always kept. Runs with foreign keys off,
 * inside one transaction: a failure leaves the version-1 store as it was. */
static gboolean
migrate_v1_to_v2(OmStore *st, GError **error)
{
  if (!exec(st,
            "BEGIN IMMEDIATE;"
            "CREATE TABLE institutions_v2 ("
            "  code TEXT PRIMARY KEY,"
            "  name TEXT NOT NULL,"
            "  sector TEXT NOT NULL,"
            "  municipality TEXT NOT NULL DEFAULT '',"
            "  population INTEGER CHECK (population IS NULL OR population >= 0));"
            "INSERT INTO institutions_v2 SELECT code, name, sector, municipality, population"
            "  FROM institutions;"
            "DROP TABLE institutions;"
            "ALTER TABLE institutions_v2 RENAME TO institutions;"
            "ALTER TABLE waves ADD COLUMN definition_sha256 TEXT;"
            "CREATE TABLE vocabularies (name TEXT PRIMARY KEY, source TEXT NOT NULL,"
            "  text TEXT NOT NULL);",
            error))
    goto fail;
  sqlite3_stmt *q = prepare(st, "SELECT id, definition FROM waves", error);
  sqlite3_stmt *u
      = q ? prepare(st, "UPDATE waves SET definition_sha256 = ?2 WHERE id = ?1", error) : NULL;
  gboolean ok = u != NULL;
  while (ok && sqlite3_step(q) == SQLITE_ROW) {
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, sqlite3_column_text(q, 1),
                                            (gsize)sqlite3_column_bytes(q, 1));
    sqlite3_bind_int64(u, 1, sqlite3_column_int64(q, 0));
    sqlite3_bind_text(u, 2, sum, -1, g_free);
    ok = sqlite3_step(u) == SQLITE_DONE && sqlite3_reset(u) == SQLITE_OK;
    if (!ok)
      db_error(st, error, "cannot upgrade the store's waves to schema version 2");
  }
  sqlite3_finalize(q);
  sqlite3_finalize(u);
  if (ok && exec(st, "PRAGMA user_version = 2; COMMIT;", error))
    return TRUE;
fail:
  exec(st, "ROLLBACK", NULL);
  return FALSE;
}

/* Version 3: respondent ids are keyed pseudonyms, and erasures (GDPR art. 17) are recorded
 * by their time only. */
static const char *schema_erasures = "CREATE TABLE erasures (at TEXT NOT NULL);";

/* ---- pseudonymous respondents ------------------------------------------------------ */

#define KEY_BYTES 32 /* HMAC-SHA256 key: as long as the hash (RFC 2104 §3) */

/* Reads PATH.key: 64 hex digits and a newline, nothing else. Returns FALSE with *missing
 * set when there is none; FALSE with error when it is unreadable or not a key. */
static gboolean
read_key(OmStore *st, guint8 key[KEY_BYTES], gboolean *missing, GError **error)
{
  *missing = FALSE;
  int fd = open(st->key_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      *missing = TRUE;
      return FALSE;
    }
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot read the store's key file %s: %s",
                st->key_path, errno == ELOOP ? "it is a symbolic link" : g_strerror(errno));
    return FALSE;
  }
  char text[2 * KEY_BYTES + 2];
  ssize_t n = read(fd, text, sizeof text);
  close(fd);
  gboolean ok = n == 2 * KEY_BYTES + 1 && text[2 * KEY_BYTES] == '\n';
  for (int i = 0; ok && i < KEY_BYTES; i++) {
    int hi = g_ascii_xdigit_value(text[2 * i]), lo = g_ascii_xdigit_value(text[2 * i + 1]);
    ok = hi >= 0 && lo >= 0;
    key[i] = (guint8)(hi * 16 + lo);
  }
  if (!ok)
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s is not an oudermonitor key file (expected 64 hexadecimal digits and a "
                "newline); restore it from a backup of the store",
                st->key_path);
  return ok;
}

static gboolean
write_new_key(OmStore *st, guint8 key[KEY_BYTES], GError **error)
{
  /* g_random is not for secrets: the key comes from the kernel's CSPRNG. */
  if (getrandom(key, KEY_BYTES, 0) != KEY_BYTES) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot make a key for %s: %s", st->path,
                g_strerror(errno));
    return FALSE;
  }
  char text[2 * KEY_BYTES + 1];
  for (int i = 0; i < KEY_BYTES; i++)
    g_snprintf(text + 2 * i, 3, "%02x", key[i]);
  text[2 * KEY_BYTES] = '\n';
  return om_safe_file_write_bytes(st->key_path, OM_SAFE_FILE_PRIVATE, text, sizeof text, error);
}

static gint64
count_rows(OmStore *st, const char *sql)
{
  sqlite3_stmt *q = NULL;
  gint64 n = 0;
  if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

/* HMAC-SHA256 keyed with a store's secret (nettle: its SHA-256 uses the CPU's SHA
 * instructions, about 4x GLib's GHmac, which was a sixth of a national import); copied per
 * pseudonym, so the key schedule is done once. */
struct OmPseudonymKey {
  struct hmac_sha256_ctx hmac;
};

/* Keys st->key: from the key file, or a new key when there is none. A new key for a store
 * that holds respondents already is said out loud: ids imported from now on cannot be
 * linked to those imported before. `fresh` = the store has no pseudonyms yet. */
static gboolean
ensure_key(OmStore *st, gboolean fresh, GError **error)
{
  if (st->key)
    return TRUE;
  guint8 key[KEY_BYTES];
  gboolean missing = TRUE;
  if (!st->key_path) {
    if (getrandom(key, KEY_BYTES, 0) != KEY_BYTES)
      memset(key, 0x5a, KEY_BYTES); /* in memory, for tests and fuzzing only */
  } else if (!read_key(st, key, &missing, error)) {
    if (!missing || !write_new_key(st, key, error))
      return FALSE;
    if (!fresh && count_rows(st, "SELECT count(*) FROM respondents") > 0)
      g_ptr_array_add(st->notices,
                      g_strdup_printf("the store's key file %s was missing, so a new key was made. "
                                      "Imports work, but respondent ids imported from now on "
                                      "cannot be linked to those imported before: 'forget' "
                                      "cannot find an earlier respondent by id. If you have a "
                                      "backup of the key file, put it back in place of the new "
                                      "one and import the waves since then again with --replace.",
                                      st->key_path));
  }
  st->key = g_new(OmPseudonymKey, 1);
  hmac_sha256_set_key(&st->key->hmac, KEY_BYTES, key);
  explicit_bzero(key, KEY_BYTES);
  return TRUE;
}

/* HMAC-SHA256 (RFC 2104) of the id under the store's key, as 64 lower-case hex digits
 * (what GHmac gave before: test-pseudonyms checks the two agree). */
void
om_pseudonym_key_apply(const OmPseudonymKey *k, const char *respondent,
                       char out[OM_PSEUDONYM_LEN + 1])
{
  struct hmac_sha256_ctx h = k->hmac; /* a plain struct: the keyed state, copied */
  hmac_sha256_update(&h, strlen(respondent), (const guint8 *)respondent);
  guint8 digest[SHA256_DIGEST_SIZE];
  hmac_sha256_digest(&h, sizeof digest, digest);
  static const char hex[] = "0123456789abcdef";
  G_STATIC_ASSERT(OM_PSEUDONYM_LEN == 2 * SHA256_DIGEST_SIZE);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[OM_PSEUDONYM_LEN] = '\0';
}

static char *
pseudonym(OmStore *st, const char *respondent)
{
  char *p = g_malloc(OM_PSEUDONYM_LEN + 1);
  om_pseudonym_key_apply(st->key, respondent, p);
  return p;
}

char *
om_store_pseudonym(OmStore *st, const char *respondent, GError **error)
{
  g_return_val_if_fail(st != NULL && respondent != NULL, NULL);
  if (!ensure_key(st, FALSE, error))
    return NULL;
  return pseudonym(st, respondent);
}

OmPseudonymKey *
om_store_pseudonym_key(OmStore *st, GError **error)
{
  g_return_val_if_fail(st != NULL, NULL);
  if (!ensure_key(st, FALSE, error))
    return NULL;
  return g_memdup2(st->key, sizeof *st->key);
}

void
om_pseudonym_key_free(OmPseudonymKey *k)
{
  if (!k)
    return;
  explicit_bzero(k, sizeof *k); /* the keyed state is as secret as the key */
  g_free(k);
}

const char *
om_store_key_path(const OmStore *st)
{
  return st->key_path;
}

char *
om_store_take_notice(OmStore *st)
{
  if (!st || st->notices->len == 0)
    return NULL;
  return g_ptr_array_steal_index(st->notices, 0);
}

static void
sql_pseudonym(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  (void)argc;
  const char *id = (const char *)sqlite3_value_text(argv[0]);
  if (!id) {
    sqlite3_result_null(ctx);
    return;
  }
  char *p = pseudonym(sqlite3_user_data(ctx), id);
  sqlite3_result_text(ctx, p, -1, g_free);
}

/* Old page images in the WAL and freed pages could still hold what was just replaced or
 * deleted: zero them (secure_delete during the change), copy the WAL back and truncate it,
 * and rewrite the file. */
static void
scrub(OmStore *st)
{
  exec(st, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);", NULL);
}

static gboolean
create_schema(OmStore *st, GError **error)
{
  char *sql = g_strdup_printf("PRAGMA page_size = %d; BEGIN IMMEDIATE; %s %s %s "
                              "PRAGMA application_id = %d; "
                              "PRAGMA user_version = %d; COMMIT;",
                              STORE_PAGE_SIZE, schema_tables, schema_erasures, schema_counts,
                              OM_APPLICATION_ID, OM_STORE_SCHEMA_VERSION);
  gboolean ok = exec(st, sql, error);
  g_free(sql);
  if (!ok)
    exec(st, "ROLLBACK", NULL);
  return ok;
}

/* Version 2 -> 3: every stored respondent id becomes its keyed pseudonym, in one
 * transaction; then the old ids are scrubbed from the file and its WAL. */
static gboolean
migrate_v2_to_v3(OmStore *st, GError **error)
{
  if (!ensure_key(st, TRUE, error))
    return FALSE;
  if (sqlite3_create_function(st->db, "om_pseudonym", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, st,
                              sql_pseudonym, NULL, NULL)
      != SQLITE_OK)
    return db_error(st, error, "cannot migrate");
  gint64 n = count_rows(st, "SELECT count(*) FROM respondents");
  gint64 waves = count_rows(st, "SELECT count(*) FROM waves");
  char *sql = g_strdup_printf("PRAGMA secure_delete = ON; BEGIN IMMEDIATE;"
                              " UPDATE respondents SET respondent = om_pseudonym(respondent);"
                              " %s PRAGMA user_version = 3; COMMIT;",
                              schema_erasures);
  gboolean ok = exec(st, sql, error);
  g_free(sql);
  if (!ok) {
    exec(st, "ROLLBACK", NULL);
    g_prefix_error(error, "cannot migrate the store to pseudonyms (nothing changed): ");
    return FALSE;
  }
  scrub(st);
  exec(st, "PRAGMA secure_delete = OFF", NULL);
  g_ptr_array_add(st->notices,
                  g_strdup_printf("migrated %s to schema version %d: the %" G_GINT64_FORMAT
                                  " respondent ids of its %" G_GINT64_FORMAT
                                  " waves are now keyed pseudonyms (HMAC-SHA256); no figure "
                                  "changes. The key is in %s: keep it beside the store (never "
                                  "inside it) and back it up with the store.",
                                  st->path, 3, n, waves, st->key_path));
  return TRUE;
}

/* Version 3 -> 4: the counts of every wave, built from its respondents, in one
 * transaction (a failure leaves the version-3 store as it was). */
static gboolean
migrate_v3_to_v4(OmStore *st, GError **error)
{
  gboolean has_board
      = count_rows(st,
                   "SELECT count(*) FROM pragma_table_info('institutions') WHERE name = 'board'")
        > 0;
  char *sql = g_strdup_printf("BEGIN IMMEDIATE; %s %s", schema_counts,
                              has_board ? ""
                                        : "ALTER TABLE institutions ADD COLUMN board TEXT NOT "
                                          "NULL DEFAULT '';");
  gboolean ok = exec(st, sql, error);
  g_free(sql);
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  sqlite3_stmt *q = ok ? prepare(st, "SELECT id FROM waves ORDER BY id", error) : NULL;
  ok = q != NULL;
  while (ok && sqlite3_step(q) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64(q, 0);
    g_array_append_val(ids, id);
  }
  sqlite3_finalize(q);
  /* A wave whose stored definition no longer reads keeps no counts; its readers count
   * its respondents (and say what is wrong with the definition) as before. */
  for (guint i = 0; ok && i < ids->len; i++) {
    GError *e = NULL;
    OmSurvey *survey = om_store_wave_survey(st, g_array_index(ids, gint64, i), &e);
    om_survey_free(survey);
    if (survey)
      ok = om_store_build_counts(st, g_array_index(ids, gint64, i), error);
    g_clear_error(&e);
  }
  ok = ok && exec(st, "PRAGMA user_version = 4; COMMIT;", error);
  if (!ok) {
    exec(st, "ROLLBACK", NULL);
    g_prefix_error(error, "cannot migrate the store to kept counts (nothing changed): ");
  }
  g_array_unref(ids);
  return ok;
}

static gboolean
migrate(OmStore *st, gboolean writable, GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT (SELECT application_id FROM pragma_application_id),"
                            " (SELECT user_version FROM pragma_user_version),"
                            " (SELECT count(*) FROM sqlite_schema)",
                            error);
  if (!q)
    return FALSE;
  if (sqlite3_step(q) != SQLITE_ROW) {
    sqlite3_finalize(q);
    g_set_error(error, OM_ERROR, OM_ERROR_STORE, "%s: not a SQLite database (or it is damaged): %s",
                st->path, sqlite3_errmsg(st->db));
    return FALSE;
  }
  gint64 app = sqlite3_column_int64(q, 0);
  gint64 version = sqlite3_column_int64(q, 1);
  gint64 objects = sqlite3_column_int64(q, 2);
  sqlite3_finalize(q);

  if (objects > 0 && app != OM_APPLICATION_ID) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s is a SQLite database of another program, not an oudermonitor store", st->path);
    return FALSE;
  }
  if (version > OM_STORE_SCHEMA_VERSION) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s has schema version %" G_GINT64_FORMAT
                ", made by a newer oudermonitor; this one reads up to version %d",
                st->path, version, OM_STORE_SCHEMA_VERSION);
    return FALSE;
  }
  if (objects > 0 && version == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s holds tables but no schema version (user_version 0): it was not finished "
                "by oudermonitor or was changed by hand; restore it from a backup",
                st->path);
    return FALSE;
  }
  st->version = (int)version;
  if (version == OM_STORE_SCHEMA_VERSION)
    return TRUE;
  /* A version-3 store read-only: its readers count the respondents (om_store_has_counts). */
  if (!writable && version == 3)
    return TRUE;
  if (!writable && version == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s is an empty file, not a store yet; create the store with 'oudermonitor "
                "init --db %s'",
                st->path, st->path);
    return FALSE;
  }
  /* An older store holds respondent ids as given: it is not read before it is migrated,
   * so no command shows them. */
  if (!writable) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "%s was made by an older oudermonitor (schema version %" G_GINT64_FORMAT
                ", respondent ids stored as given); run 'oudermonitor init --db %s' once to "
                "turn them into pseudonyms",
                st->path, version, st->path);
    return FALSE;
  }
  /* A new store gets its key file at once, so that it can be backed up with the store. */
  gboolean ok = version == 0 ? create_schema(st, error) && ensure_key(st, TRUE, error)
                             : (version >= 2 || migrate_v1_to_v2(st, error))
                                   && (version >= 3 || migrate_v2_to_v3(st, error))
                                   && migrate_v3_to_v4(st, error);
  if (!ok)
    return FALSE;
  st->opened_as = version == 0 ? OM_STORE_OPENED_CREATED : OM_STORE_OPENED_UPGRADED;
  st->version = OM_STORE_SCHEMA_VERSION;
  /* A file we just made a store of may have been created by someone else (an empty
   * file, or by SQLite's umask): it holds personal data from now on. */
  if (st->key_path && g_chmod(st->path, 0600) != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot make the store %s private: %s", st->path,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* The file is made by us with mode 0600 before SQLite opens it: SQLite would create it
 * with the umask's mode (often 0644), readable by every user of the machine. The WAL and
 * shared-memory files inherit the database file's mode. */
static gboolean
create_private(const char *path, GError **error)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return TRUE;
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create the store %s: %s", path,
                g_strerror(errno));
    return FALSE;
  }
  close(fd);
  return TRUE;
}

/* A store in a folder that cannot be written: in WAL mode SQLite needs to create the
 * shared-memory file even to read, so a read-only open fails there; such a store is read
 * as it is on disk (immutable), which is what the folder guarantees anyway. */
/* SQLite's allocation statistics take a global lock per allocation: an eighth of storing a
 * respondent. Nothing here reads them (no soft heap limit either). Only possible before
 * SQLite's first use in the process; later it is refused, harmlessly. */
static gpointer
configure_sqlite(gpointer data)
{
  (void)data;
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return NULL;
}

/* Whether PATH-journal holds something: a transaction in a rollback journal that did not
 * finish (an import killed by kill -9 or a power cut) until some opener rolls it back. */
static gboolean
journal_left(const char *path)
{
  char *journal = g_strconcat(path, "-journal", NULL);
  GStatBuf sb;
  gboolean left = g_stat(journal, &sb) == 0 && sb.st_size > 0;
  g_free(journal);
  return left;
}

/* An import stopped in its rollback journal (rollback_journal_on) leaves the new wave's
 * pages in the file until the journal is played back. A read-only connection cannot
 * play it back (SQLite refuses: SQLITE_READONLY_ROLLBACK), and the file read as it is
 * would show the half-written wave: so a read-write connection plays it back, as any
 * writer opening the store would, which leaves the store as it was before that import.
 * FALSE with error when the store or its folder cannot be written. */
static gboolean
roll_back_journal(OmStore *st, GError **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(st->path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_handler(db, on_busy, st);
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  }
  if (rc != SQLITE_OK)
    g_set_error(error, OM_ERROR, OM_ERROR_IO,
                "%s holds an import that was stopped before it finished; it is undone by the "
                "first command that can write the store and its folder, and this one cannot "
                "(%s): run this command as the store's owner",
                st->path, db ? sqlite3_errmsg(db) : "out of memory");
  sqlite3_close(db);
  return rc == SQLITE_OK;
}

static gboolean
refused_to_read(int probe)
{
  return (probe & 0xff) == SQLITE_CANTOPEN || (probe & 0xff) == SQLITE_READONLY;
}

/* Opens the read-only connection and reads the schema once. A journal left by a stopped
 * import is played back first (roll_back_journal); a store whose folder cannot be
 * written is read as it is on disk, never while such a journal is left (the file would
 * show the half-written wave). Returns SQLite's result code of the open, or -1 with
 * error set when such a journal is left and could not be played back. */
static int
open_read_only(OmStore *st, GError **error)
{
  int rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_extended_result_codes(st->db, 1);
  int probe = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (probe == SQLITE_READONLY_ROLLBACK || (refused_to_read(probe) && journal_left(st->path))) {
    sqlite3_close(st->db);
    st->db = NULL;
    if (!roll_back_journal(st, error))
      return -1;
    rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK)
      return rc;
    probe = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (refused_to_read(probe) && journal_left(st->path)) {
      g_set_error(error, OM_ERROR, OM_ERROR_IO,
                  "%s holds an import that was stopped before it finished (%s-journal), and "
                  "it could not be undone: run this command as the store's owner",
                  st->path, st->path);
      return -1;
    }
  }
  if (refused_to_read(probe)) {
    sqlite3_close(st->db);
    st->db = NULL;
    char *uri = sqlite3_mprintf("file:%s?immutable=1", st->path);
    rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    sqlite3_free(uri);
    st->immutable = rc == SQLITE_OK;
  }
  return rc;
}

/* The connection keeps SQLite's own locks (serialized mode) although a store is used by
 * one thread at a time: they cost little (a thirtieth of storing a respondent), and a
 * caller that broke the rule would get a slow store rather than a damaged one. */
static gboolean
open_connection(OmStore *st, OmStoreMode mode, GError **error)
{
  static GOnce configured = G_ONCE_INIT;
  g_once(&configured, configure_sqlite, NULL);
  int rc = mode == OM_STORE_READONLY
               ? open_read_only(st, error)
               : sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc < 0)
    return FALSE;
  if (rc != SQLITE_OK) {
    g_set_error(error, OM_ERROR, (rc & 0xff) == SQLITE_CANTOPEN ? OM_ERROR_IO : OM_ERROR_STORE,
                "cannot open the store %s: %s", st->path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
    return FALSE;
  }
  sqlite3_extended_result_codes(st->db, 1);
  sqlite3_busy_handler(st->db, on_busy, st);
  return TRUE;
}

/* A store we created and could not finish (a full disk, a file size limit) is removed
 * with its journal files: a 0-byte "store" would pass for an empty one later. */
static void
remove_created(const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    char *p = g_strconcat(path, suffixes[i], NULL);
    g_unlink(p);
    g_free(p);
  }
}

OmStore *
om_store_open(const char *path, OmStoreMode mode, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  gboolean memory = strcmp(path, ":memory:") == 0; /* for tests and fuzzing: no files */
  gboolean exists = memory || g_file_test(path, G_FILE_TEST_EXISTS);
  if (!exists && mode != OM_STORE_OPEN_OR_CREATE) {
    g_set_error(error, OM_ERROR, OM_ERROR_NOT_FOUND,
                "there is no store at %s; create it with 'oudermonitor init' first (or name "
                "another store with --db)",
                path);
    return NULL;
  }
  if (!exists && !create_private(path, error))
    return NULL;

  OmStore *st = g_new0(OmStore, 1);
  st->path = g_strdup(path);
  st->key_path = memory ? NULL : g_strconcat(path, ".key", NULL);
  st->notices = g_ptr_array_new_with_free_func(g_free);
  st->json = g_string_sized_new(256);
  st->busy_ms = OM_STORE_DEFAULT_BUSY_MS;
  st->read_only = mode == OM_STORE_READONLY;
  if (!open_connection(st, mode, error)) {
    om_store_free(st);
    if (!exists)
      remove_created(path);
    return NULL;
  }
  gboolean writable = mode != OM_STORE_READONLY;
  /* WAL only after migrate() has made sure this is our file: switching a foreign
   * database's journal mode would change it even though we refuse it. */
  /* Foreign keys only after migrate(): a schema upgrade rebuilds tables others refer to. */
  if (!exec(st, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " STORE_CACHE ";", error)
      || !migrate(st, writable, error) || !exec(st, "PRAGMA foreign_keys = ON;", error)
      || (writable
          && !exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error))) {
    om_store_free(st);
    if (!exists)
      remove_created(path);
    return NULL;
  }
  return st;
}

void
om_store_free(OmStore *st)
{
  if (!st)
    return;
  if (st->in_tx)
    om_store_rollback(st);
  sqlite3_finalize(st->insert_respondent);
  sqlite3_finalize(st->insert_respondents);
  if (st->db)
    sqlite3_close(st->db);
  g_string_free(st->json, TRUE);
  om_pseudonym_key_free(st->key);
  g_ptr_array_unref(st->notices);
  g_free(st->key_path);
  g_free(st->path);
  g_free(st);
}

gboolean
om_store_thread_safe(void)
{
  return sqlite3_threadsafe() != 0;
}

const char *
om_store_path(const OmStore *st)
{
  return st->path;
}

gboolean
om_store_begin(OmStore *st, GError **error)
{
  g_return_val_if_fail(!st->in_tx, FALSE);
  /* IMMEDIATE: take the write lock now, so two imports cannot both validate a wave and
   * then find out at commit time that the other got there first. */
  if (!exec(st, "BEGIN IMMEDIATE", error))
    return FALSE;
  st->in_tx = TRUE;
  return TRUE;
}

/* An import writes its wave once in a rollback journal, twice in WAL mode (the WAL, then
 * the checkpoint copies every page into the file: a 170 MB wave copied a second time on
 * the commit's path, a quarter of an import's time). In a rollback journal only the few
 * pages the wave changes are copied (to PATH-journal, before they change); pages appended
 * beyond the old end of the file are not, since a rollback truncates the file to its old
 * size. A kill -9 leaves a hot journal that the next opener rolls back (see
 * roll_back_hot_journal for readers), so the store stays whole either way.
 * Leaving WAL mode needs every other connection closed (in WAL mode each holds a shared
 * lock on the file while it is open): when one is open SQLite refuses, without waiting,
 * and the import stays in WAL mode as before. FULL sync in the journal: with NORMAL a
 * power cut at the wrong moment could damage a store in a rollback journal on some file
 * systems (it cannot in WAL mode). Returns whether the journal is now a rollback journal. */
static gboolean
rollback_journal_on(OmStore *st)
{
  sqlite3_stmt *q = NULL;
  gboolean on = FALSE;
  if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = DELETE", -1, &q, NULL) == SQLITE_OK
      && sqlite3_step(q) == SQLITE_ROW)
    on = g_ascii_strcasecmp((const char *)sqlite3_column_text(q, 0), "delete") == 0;
  sqlite3_finalize(q);
  if (on && sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    on = FALSE;
  }
  return on;
}

/* Foreign keys and the journal mode can only be switched between transactions (SQLite
 * ignores the pragmas inside one). Back to WAL without waiting: a reader that got in
 * right after the commit holds a shared lock; then the store stays in a rollback journal
 * (whole and readable as such) until the next opener that writes switches it back. */
static void
import_settings_back(OmStore *st)
{
  if (st->fk_off) {
    sqlite3_exec(st->db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = " STORE_CACHE, NULL, NULL,
                 NULL);
    st->fk_off = FALSE;
  }
  if (st->journal_import) {
    sqlite3_busy_handler(st->db, NULL, NULL);
    sqlite3_exec(st->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL, NULL,
                 NULL);
    sqlite3_busy_handler(st->db, on_busy, st);
    st->journal_import = FALSE;
  }
}

gboolean
om_store_begin_import(OmStore *st, GError **error)
{
  g_return_val_if_fail(!st->in_tx, FALSE);
  /* A small cache: an import's pages are written once, in order, and what the cache holds
   * at the commit is written then, after the rows; spilling earlier keeps the writing
   * beside the reading (and 56 MB less memory). */
  if (!exec(st, "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -8192", error))
    return FALSE;
  st->fk_off = TRUE;
  if (st->key_path && !st->read_only)
    st->journal_import = rollback_journal_on(st);
  /* EXCLUSIVE in a rollback journal: a reader that started meanwhile waits for the commit
   * (its busy handler) instead of holding a shared lock the commit would have to wait for,
   * so readers never block the import there either. */
  if (st->journal_import) {
    if (!exec(st, "BEGIN EXCLUSIVE", error)) {
      import_settings_back(st);
      return FALSE;
    }
    st->in_tx = TRUE;
    return TRUE;
  }
  if (!om_store_begin(st, error)) {
    import_settings_back(st);
    return FALSE;
  }
  return TRUE;
}

gboolean
om_store_commit(OmStore *st, GError **error)
{
  g_return_val_if_fail(st->in_tx, FALSE);
  if (!exec(st, "COMMIT", error)) {
    om_store_rollback(st);
    return FALSE;
  }
  st->in_tx = FALSE;
  import_settings_back(st);
  return TRUE;
}

void
om_store_rollback(OmStore *st)
{
  if (st && st->in_tx) {
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = FALSE;
    import_settings_back(st);
  }
}

/* ---- institutions ------------------------------------------------------------------- */

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
  if (t)
    sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(s, i);
}

static char *
column_strdup(sqlite3_stmt *s, int i)
{
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? g_strdup((const char *)t) : NULL;
}

gboolean
om_store_put_institution(OmStore *st, const OmInstitution *inst, OmPutResult *result,
                         GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT name, sector, municipality, population, board "
                            "FROM institutions WHERE code = ?1",
                            error);
  if (!q)
    return FALSE;
  sqlite3_bind_text(q, 1, inst->code, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  OmPutResult res = OM_PUT_NEW;
  if (rc == SQLITE_ROW) {
    gboolean same
        = g_strcmp0((const char *)sqlite3_column_text(q, 0), inst->name) == 0
          && g_strcmp0((const char *)sqlite3_column_text(q, 1), inst->sector) == 0
          && g_strcmp0((const char *)sqlite3_column_text(q, 2), inst->municipality) == 0
          && g_strcmp0((const char *)sqlite3_column_text(q, 4), inst->board ? inst->board : "") == 0
          && (sqlite3_column_type(q, 3) == SQLITE_NULL
                  ? inst->population < 0
                  : sqlite3_column_int64(q, 3) == inst->population);
    res = same ? OM_PUT_UNCHANGED : OM_PUT_UPDATED;
  } else if (rc != SQLITE_DONE) {
    sqlite3_finalize(q);
    return db_error(st, error, "cannot read the register");
  }
  sqlite3_finalize(q);
  if (result)
    *result = res;
  if (res == OM_PUT_UNCHANGED)
    return TRUE;

  sqlite3_stmt *w
      = prepare(st,
                "INSERT INTO institutions (code, name, sector, municipality, population, board)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                " ON CONFLICT (code) DO UPDATE SET name = excluded.name, sector = excluded.sector,"
                " municipality = excluded.municipality, population = excluded.population,"
                " board = excluded.board",
                error);
  if (!w)
    return FALSE;
  sqlite3_bind_text(w, 1, inst->code, -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 2, inst->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 3, inst->sector, -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 4, inst->municipality ? inst->municipality : "", -1, SQLITE_STATIC);
  if (inst->population >= 0)
    sqlite3_bind_int64(w, 5, inst->population);
  else
    sqlite3_bind_null(w, 5);
  sqlite3_bind_text(w, 6, inst->board ? inst->board : "", -1, SQLITE_STATIC);
  rc = sqlite3_step(w);
  sqlite3_finalize(w);
  if (rc != SQLITE_DONE)
    return db_error(st, error, "cannot store an institution");
  return TRUE;
}

static void
clear_institution(gpointer p)
{
  om_institution_clear(p);
}

/* Display order of the sector vocabulary in use; sectors it does not know go last. */
static gint
by_sector_then_code(gconstpointer a, gconstpointer b)
{
  const OmInstitution *x = a, *y = b;
  const OmSectors *voc = om_sectors_default();
  guint px = om_sectors_position(voc, x->sector), py = om_sectors_position(voc, y->sector);
  if (px != py)
    return px < py ? -1 : 1;
  int c = strcmp(x->sector, y->sector);
  return c ? c : strcmp(x->code, y->code);
}

GArray *
om_store_institutions(OmStore *st, GError **error)
{
  sqlite3_stmt *q
      = prepare(st,
                st->version >= 4 ? "SELECT code, name, sector, municipality, population, board"
                                   " FROM institutions"
                                 : "SELECT code, name, sector, municipality, population, ''"
                                   " FROM institutions",
                error);
  if (!q)
    return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(OmInstitution));
  g_array_set_clear_func(out, clear_institution);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    OmInstitution inst = {
      .code = column_strdup(q, 0),
      .name = column_strdup(q, 1),
      .sector = column_strdup(q, 2),
      .municipality = column_strdup(q, 3),
      .population = sqlite3_column_type(q, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 4),
      .board = column_strdup(q, 5),
    };
    g_array_append_val(out, inst);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    g_array_unref(out);
    db_error(st, error, "cannot read the register");
    return NULL;
  }
  g_array_sort(out, by_sector_then_code);
  return out;
}

gboolean
om_store_put_sectors(OmStore *st, const OmSectors *sectors, GError **error)
{
  sqlite3_stmt *w
      = prepare(st,
                "INSERT INTO vocabularies (name, source, text) VALUES ('sectors', ?1, ?2)"
                " ON CONFLICT (name) DO UPDATE SET source = excluded.source,"
                " text = excluded.text",
                error);
  if (!w)
    return FALSE;
  sqlite3_bind_text(w, 1, om_sectors_source(sectors), -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 2, om_sectors_text(sectors), -1, SQLITE_STATIC);
  int rc = sqlite3_step(w);
  sqlite3_finalize(w);
  return rc == SQLITE_DONE || db_error(st, error, "cannot keep the sector vocabulary");
}

gboolean
om_store_sectors(OmStore *st, char **source, char **text, GError **error)
{
  *source = *text = NULL;
  if (st->version < 2)
    return TRUE; /* a version-1 store read as it is has none */
  sqlite3_stmt *q
      = prepare(st, "SELECT source, text FROM vocabularies WHERE name = 'sectors'", error);
  if (!q)
    return FALSE;
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    *source = column_strdup(q, 0);
    *text = column_strdup(q, 1);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || db_error(st, error, "cannot read the sector vocabulary");
}

/* ---- waves -------------------------------------------------------------------------- */

void
om_wave_clear(OmWave *w)
{
  if (!w)
    return;
  g_clear_pointer(&w->group, g_free);
  g_clear_pointer(&w->survey_id, g_free);
  g_clear_pointer(&w->source, g_free);
  g_clear_pointer(&w->sha256, g_free);
  g_clear_pointer(&w->imported_at, g_free);
  g_clear_pointer(&w->definition_sha256, g_free);
}

static void
clear_wave(gpointer p)
{
  om_wave_clear(p);
}

#define WAVE_COLUMNS                                                                               \
  "id, grp, year, baseline, baseline_set, survey_id, source, sha256, imported_at, respondents, "
/* A version-1 store opened read-only has no definition hashes. */
static const char *
wave_hash_column(const OmStore *st)
{
  return st->version >= 2 ? "definition_sha256" : "NULL";
}

static void
read_wave(sqlite3_stmt *q, OmWave *w)
{
  w->id = sqlite3_column_int64(q, 0);
  w->group = column_strdup(q, 1);
  w->year = sqlite3_column_int(q, 2);
  w->baseline = sqlite3_column_int(q, 3) != 0;
  w->baseline_set = sqlite3_column_int(q, 4) != 0;
  w->survey_id = column_strdup(q, 5);
  w->source = column_strdup(q, 6);
  w->sha256 = column_strdup(q, 7);
  w->imported_at = column_strdup(q, 8);
  w->respondents = sqlite3_column_int64(q, 9);
  w->definition_sha256 = column_strdup(q, 10);
}

static gboolean
find_one_wave(OmStore *st, sqlite3_stmt *q, OmWave *out, gboolean *found, GError **error)
{
  int rc = sqlite3_step(q);
  *found = rc == SQLITE_ROW;
  if (*found)
    read_wave(q, out);
  sqlite3_finalize(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error(st, error, "cannot read the waves");
  return TRUE;
}

gboolean
om_store_find_wave_by_sha256(OmStore *st, const char *sha256, OmWave *out, gboolean *found,
                             GError **error)
{
  g_autofree char *sql = g_strdup_printf("SELECT " WAVE_COLUMNS "%s FROM waves WHERE sha256 = ?1",
                                         wave_hash_column(st));
  sqlite3_stmt *q = prepare(st, sql, error);
  if (!q)
    return FALSE;
  sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
  return find_one_wave(st, q, out, found, error);
}

gboolean
om_store_find_wave(OmStore *st, const char *group, int year, OmWave *out, gboolean *found,
                   GError **error)
{
  g_autofree char *sql = g_strdup_printf(
      "SELECT " WAVE_COLUMNS "%s FROM waves WHERE grp = ?1 AND year = ?2", wave_hash_column(st));
  sqlite3_stmt *q = prepare(st, sql, error);
  if (!q)
    return FALSE;
  sqlite3_bind_text(q, 1, group, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, year);
  return find_one_wave(st, q, out, found, error);
}

GArray *
om_store_waves(OmStore *st, const char *group, GError **error)
{
  g_autofree char *sql = g_strdup_printf("SELECT " WAVE_COLUMNS "%s FROM waves"
                                         " WHERE ?1 IS NULL OR grp = ?1 ORDER BY grp DESC, year",
                                         wave_hash_column(st));
  sqlite3_stmt *q = prepare(st, sql, error);
  if (!q)
    return NULL;
  bind_text_or_null(q, 1, group);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(OmWave));
  g_array_set_clear_func(out, clear_wave);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    OmWave w = { 0 };
    read_wave(q, &w);
    g_array_append_val(out, w);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    g_array_unref(out);
    db_error(st, error, "cannot read the waves");
    return NULL;
  }
  return out;
}

gint64
om_store_add_wave(OmStore *st, const OmSurvey *survey, int year, const char *source,
                  const char *sha256, GError **error)
{
  sqlite3_stmt *w
      = prepare(st,
                "INSERT INTO waves (grp, year, survey_id, definition, source, sha256, imported_at,"
                " definition_sha256)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7)",
                error);
  if (!w)
    return 0;
  sqlite3_bind_text(w, 1, om_survey_group(survey), -1, SQLITE_STATIC);
  sqlite3_bind_int(w, 2, year);
  sqlite3_bind_text(w, 3, om_survey_id(survey), -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 4, om_survey_text(survey), -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 5, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 6, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text(w, 7, om_survey_sha256(survey), -1, SQLITE_STATIC);
  int rc = sqlite3_step(w);
  sqlite3_finalize(w);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "the store already has a %s wave for %d (use --replace to swap it)",
                om_survey_group(survey), year);
    return 0;
  }
  if (rc != SQLITE_DONE) {
    db_error(st, error, "cannot add the wave");
    return 0;
  }
  gint64 id = sqlite3_last_insert_rowid(st->db);

  sqlite3_stmt *it = prepare(st,
                             "INSERT INTO items (wave_id, pos, item, theme, scale)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (!it)
    return 0;
  for (guint i = 0; i < om_survey_n_items(survey); i++) {
    const OmItem *item = om_survey_item(survey, i);
    char theme[2] = { item->theme, 0 };
    sqlite3_bind_int64(it, 1, id);
    sqlite3_bind_int(it, 2, (int)i);
    sqlite3_bind_text(it, 3, item->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(it, 4, theme, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(it, 5, om_scale_id(item->scale), -1, SQLITE_STATIC);
    if (sqlite3_step(it) != SQLITE_DONE) {
      sqlite3_finalize(it);
      db_error(st, error, "cannot store the wave's items");
      return 0;
    }
    sqlite3_reset(it);
  }
  sqlite3_finalize(it);
  return id;
}

gboolean
om_store_set_wave_sha256(OmStore *st, gint64 wave_id, const char *sha256, GError **error)
{
  sqlite3_stmt *u = prepare(st, "UPDATE waves SET sha256 = ?2 WHERE id = ?1", error);
  if (!u)
    return FALSE;
  sqlite3_bind_int64(u, 1, wave_id);
  sqlite3_bind_text(u, 2, sha256, -1, SQLITE_STATIC);
  int rc = sqlite3_step(u);
  sqlite3_finalize(u);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "the store has a wave with these bytes (SHA-256 %.12s…) already", sha256);
    return FALSE;
  }
  if (rc != SQLITE_DONE)
    return db_error(st, error, "cannot record the wave's SHA-256");
  return TRUE;
}

/* The baseline of each group: the wave the user marked, else the earliest. */
static gboolean
recompute_baselines(OmStore *st, GError **error)
{
  return exec(
      st,
      "UPDATE waves SET baseline = (id = (SELECT w2.id FROM waves w2 WHERE w2.grp = waves.grp"
      " ORDER BY w2.baseline_set DESC, w2.year LIMIT 1))",
      error);
}

gboolean
om_store_finish_wave(OmStore *st, gint64 wave_id, gint64 respondents, gboolean mark_baseline,
                     GError **error)
{
  sqlite3_stmt *u = prepare(st, "UPDATE waves SET respondents = ?2 WHERE id = ?1", error);
  if (!u)
    return FALSE;
  sqlite3_bind_int64(u, 1, wave_id);
  sqlite3_bind_int64(u, 2, respondents);
  int rc = sqlite3_step(u);
  sqlite3_finalize(u);
  if (rc != SQLITE_DONE)
    return db_error(st, error, "cannot record the wave");

  if (mark_baseline) {
    sqlite3_stmt *m = prepare(st,
                              "UPDATE waves SET baseline_set = (id = ?1)"
                              " WHERE grp = (SELECT grp FROM waves WHERE id = ?1)",
                              error);
    if (!m)
      return FALSE;
    sqlite3_bind_int64(m, 1, wave_id);
    rc = sqlite3_step(m);
    sqlite3_finalize(m);
    if (rc != SQLITE_DONE)
      return db_error(st, error, "cannot mark the baseline");
  }
  return recompute_baselines(st, error);
}

gboolean
om_store_delete_wave(OmStore *st, gint64 wave_id, GError **error)
{
  /* Each table by name rather than by ON DELETE CASCADE: an import's transaction runs
   * with foreign keys off (om_store_begin_import). */
  static const char *const sql[] = {
    "DELETE FROM respondents WHERE wave_id = ?1",
    "DELETE FROM items WHERE wave_id = ?1",
    "DELETE FROM counts WHERE wave_id = ?1",
    "DELETE FROM distributions WHERE wave_id = ?1",
    "DELETE FROM waves WHERE id = ?1",
  };
  for (guint i = 0; i < G_N_ELEMENTS(sql); i++) {
    sqlite3_stmt *d = prepare(st, sql[i], error);
    if (!d)
      return FALSE;
    sqlite3_bind_int64(d, 1, wave_id);
    int rc = sqlite3_step(d);
    sqlite3_finalize(d);
    if (rc != SQLITE_DONE)
      return db_error(st, error, "cannot delete the wave");
  }
  return recompute_baselines(st, error);
}

OmSurvey *
om_store_wave_survey(OmStore *st, gint64 wave_id, GError **error)
{
  sqlite3_stmt *q = prepare(st, "SELECT definition, source FROM waves WHERE id = ?1", error);
  if (!q)
    return NULL;
  sqlite3_bind_int64(q, 1, wave_id);
  OmSurvey *s = NULL;
  if (sqlite3_step(q) == SQLITE_ROW) {
    const char *def = (const char *)sqlite3_column_text(q, 0);
    char *name = g_strdup_printf("definition stored with %s", sqlite3_column_text(q, 1));
    s = om_survey_new_from_data(name, def, (gsize)sqlite3_column_bytes(q, 0), error);
    g_free(name);
  } else {
    g_set_error(error, OM_ERROR, OM_ERROR_NOT_FOUND, "%s has no wave %" G_GINT64_FORMAT, st->path,
                wave_id);
  }
  sqlite3_finalize(q);
  return s;
}

/* ---- respondents -------------------------------------------------------------------- */

/* The answers as a JSON array at o; returns the end. Packed by hand: printf per answer
 * was a tenth of a national import, a GString call per character another tenth of storing
 * a respondent. Writes at most n * 12 + 2 bytes ("-2147483647," or "null," an answer). */
static char *
pack_answers(char *o, const gint32 *answers, guint n)
{
  *o++ = '[';
  for (guint i = 0; i < n; i++) {
    if (i)
      *o++ = ',';
    if (answers[i] == OM_ANSWER_BLANK) {
      memcpy(o, "null", 4);
      o += 4;
      continue;
    }
    char buf[16];
    int k = (int)sizeof buf;
    gint64 v = answers[i];
    gboolean neg = v < 0;
    if (neg)
      v = -v;
    do {
      buf[--k] = (char)('0' + v % 10);
      v /= 10;
    } while (v);
    if (neg)
      buf[--k] = '-';
    memcpy(o, buf + k, sizeof buf - (gsize)k);
    o += sizeof buf - (gsize)k;
  }
  *o++ = ']';
  return o;
}

/* Rows per INSERT of om_store_add_respondents: one statement for many rows keeps its
 * cursors open between them; 256 rows a statement halved SQLite's time per respondent
 * (measured with 1, 16, 64 and 256). The wave is one parameter (?1) shared by the rows:
 * each bind takes the connection's mutex, so three binds a row, not four. */
#define ROWS_PER_INSERT 256

static sqlite3_stmt *
insert_statement(OmStore *st, guint rows, GError **error)
{
  sqlite3_stmt **slot = rows == 1 ? &st->insert_respondent : &st->insert_respondents;
  if (*slot)
    return *slot;
  GString *sql = g_string_new("INSERT INTO respondents (wave_id, respondent, institution, answers)"
                              " VALUES ");
  for (guint r = 0; r < rows; r++)
    g_string_append_printf(sql, "%s(?1,?%u,?%u,?%u)", r ? "," : "", 3 * r + 2, 3 * r + 3,
                           3 * r + 4);
  *slot = prepare(st, sql->str, error);
  g_string_free(sql, TRUE);
  return *slot;
}

gboolean
om_store_add_respondents(OmStore *st, gint64 wave_id, guint n_rows, const char *const *respondents,
                         const char *const *institutions, const gint32 *answers, guint n,
                         GError **error)
{
  gsize row_max = (gsize)n * 12 + 2;
  g_string_set_size(st->json, MIN(n_rows, ROWS_PER_INSERT) * row_max);
  for (guint first = 0; first < n_rows;) {
    guint rows = n_rows - first >= ROWS_PER_INSERT ? ROWS_PER_INSERT : 1;
    sqlite3_stmt *s = insert_statement(st, rows, error);
    if (!s)
      return FALSE;
    sqlite3_bind_int64(s, 1, wave_id);
    for (guint r = 0; r < rows; r++) {
      guint i = first + r;
      char *j = st->json->str + r * row_max;
      char *end = pack_answers(j, answers + (gsize)i * n, n);
      sqlite3_bind_text(s, 3 * (int)r + 2, respondents[i], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 3 * (int)r + 3, institutions[i], -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 3 * (int)r + 4, j, (int)(end - j), SQLITE_STATIC);
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
      return db_error(st, error, "cannot store a respondent");
    first += rows;
  }
  return TRUE;
}

gboolean
om_store_add_respondent(OmStore *st, gint64 wave_id, const char *respondent,
                        const char *institution, const gint32 *answers, guint n, GError **error)
{
  return om_store_add_respondents(st, wave_id, 1, &respondent, &institution, answers, n, error);
}

/* Reads what om_store_add_respondent wrote: a flat JSON array of integers and nulls.
 * Returns FALSE when the text is anything else (a hand-edited store). */
static gboolean
unpack_answers(const char *p, GArray *out)
{
  g_array_set_size(out, 0);
  if (*p++ != '[')
    return FALSE;
  while (*p == ' ')
    p++;
  if (*p == ']')
    return TRUE;
  for (;;) {
    while (*p == ' ')
      p++;
    gint32 v;
    if (strncmp(p, "null", 4) == 0) {
      v = OM_ANSWER_BLANK;
      p += 4;
    } else {
      char *end;
      long x = strtol(p, &end, 10);
      if (end == p || x < G_MININT32 + 1 || x > G_MAXINT32)
        return FALSE;
      v = (gint32)x;
      p = end;
    }
    g_array_append_val(out, v);
    while (*p == ' ')
      p++;
    if (*p == ',')
      p++;
    else
      return *p == ']';
  }
}

gboolean
om_store_foreach_respondent(OmStore *st, gint64 wave_id, OmRespondentFunc fn, gpointer user_data,
                            GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT respondent, institution, answers FROM respondents"
                            " WHERE wave_id = ?1 ORDER BY rowid",
                            error);
  if (!q)
    return FALSE;
  sqlite3_bind_int64(q, 1, wave_id);
  GArray *ans = g_array_sized_new(FALSE, FALSE, sizeof(gint32), 64);
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;
  while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *packed = (const char *)sqlite3_column_text(q, 2);
    if (!packed || !unpack_answers(packed, ans)) {
      g_set_error(error, OM_ERROR, OM_ERROR_STORE, "%s: the answers of respondent '%s' are damaged",
                  st->path, sqlite3_column_text(q, 0));
      ok = FALSE;
      break;
    }
    ok = fn((const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1),
            (const gint32 *)(void *)ans->data, ans->len, user_data, error);
  }
  if (ok && rc != SQLITE_DONE)
    ok = db_error(st, error, "cannot read the respondents");
  sqlite3_finalize(q);
  g_array_unref(ans);
  return ok;
}

/* ---- counts (schema 4) --------------------------------------------------------------- */

gboolean
om_store_has_counts(const OmStore *st)
{
  return st->version >= 4;
}

/* Count rows per INSERT of om_store_put_counts: as for the respondents, one statement for
 * many rows keeps its cursor open, and rows given in key order then go straight after the
 * last one instead of being searched for from the root each (64 rows: 8 values each). */
#define COUNT_ROWS_PER_INSERT 64

typedef struct {
  const char *institution, *indicator;
  const OmCounts *counts;
  guint8 *scores; /* packed by the helper (pack_rows); NULL once handed to SQLite */
  gsize n_bytes;
} CountRow;

/* The work beside the inserts, on a thread of its own: each row's scores packed, in key
 * order, then the distributions' text. Both only read the counter; the store is used on
 * the calling thread alone. */
typedef struct {
  const OmCounter *c;
  GArray *rows; /* CountRow, in key order */
  guint packed; /* rows packed so far (under lock) */
  GMutex lock;  /* the inserting thread waits for rows not yet packed */
  GCond more;
  GPtrArray *institutions; /* transfer none: the counter's codes, in key order */
  GPtrArray *texts;        /* g_free */
} CountsHelper;

typedef struct {
  OmStore *st;
  sqlite3_stmt *ins;
  gint64 wave_id;
  gboolean ok;
  CountsHelper *h;
} PutCounts;

static void
collect_count(const char *institution, const char *indicator, const OmCounts *c, gpointer data)
{
  CountRow row = { institution, indicator, c, NULL, 0 };
  g_array_append_val((GArray *)data, row);
}

static void
keep_distribution(const char *institution, const char *text, gpointer data)
{
  CountsHelper *h = data;
  g_ptr_array_add(h->institutions, (gpointer)institution);
  g_ptr_array_add(h->texts, g_strdup(text));
}

/* Packed rows are told to the inserting thread a statement's worth at a time. */
static gpointer
count_helper_run(gpointer data)
{
  CountsHelper *h = data;
  for (guint i = 0; i < h->rows->len; i++) {
    CountRow *row = &g_array_index(h->rows, CountRow, i);
    row->scores = om_counts_scores_pack(row->counts, &row->n_bytes);
    if ((i + 1) % COUNT_ROWS_PER_INSERT == 0 || i + 1 == h->rows->len) {
      g_mutex_lock(&h->lock);
      h->packed = i + 1;
      g_cond_signal(&h->more);
      g_mutex_unlock(&h->lock);
    }
  }
  om_counter_foreach_distribution_in_key_order(h->c, keep_distribution, h);
  return NULL;
}

static void
wait_packed(CountsHelper *h, guint upto)
{
  g_mutex_lock(&h->lock);
  while (h->packed < upto)
    g_cond_wait(&h->more, &h->lock);
  g_mutex_unlock(&h->lock);
}

static sqlite3_stmt *
count_insert_statement(OmStore *st, guint rows, GError **error)
{
  GString *sql = g_string_new("INSERT INTO counts (wave_id, institution, indicator, valid,"
                              " satisfied, dont_know, blank, scores) VALUES ");
  for (guint r = 0; r < rows; r++)
    g_string_append(sql, r ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)");
  sqlite3_stmt *q = prepare(st, sql->str, error);
  g_string_free(sql, TRUE);
  return q;
}

/* Stores rows [first, first + n) with q (a statement for n rows), once they are packed. */
static gboolean
put_count_rows(PutCounts *p, sqlite3_stmt *q, guint first, guint n)
{
  wait_packed(p->h, first + n);
  for (guint r = 0; r < n; r++) {
    CountRow *row = &g_array_index(p->h->rows, CountRow, first + r);
    const OmCounts *c = row->counts;
    int b = 8 * (int)r;
    sqlite3_bind_int64(q, b + 1, p->wave_id);
    sqlite3_bind_text(q, b + 2, row->institution, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, b + 3, row->indicator, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, b + 4, (sqlite3_int64)c->valid);
    sqlite3_bind_int64(q, b + 5, (sqlite3_int64)c->satisfied);
    sqlite3_bind_int64(q, b + 6, (sqlite3_int64)c->dont_know);
    sqlite3_bind_int64(q, b + 7, (sqlite3_int64)c->blank);
    sqlite3_bind_blob(q, b + 8, g_steal_pointer(&row->scores), (int)row->n_bytes, g_free);
  }
  gboolean ok = sqlite3_step(q) == SQLITE_DONE;
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return ok;
}

/* Every count row, COUNT_ROWS_PER_INSERT to a statement and the rest one by one. */
static gboolean
put_count_table(PutCounts *p, GError **error)
{
  GArray *rows = p->h->rows;
  sqlite3_stmt *many = NULL, *one = NULL;
  guint first = 0;
  if (rows->len >= COUNT_ROWS_PER_INSERT
      && !(many = count_insert_statement(p->st, COUNT_ROWS_PER_INSERT, error)))
    p->ok = FALSE;
  for (; p->ok && rows->len - first >= COUNT_ROWS_PER_INSERT; first += COUNT_ROWS_PER_INSERT)
    p->ok = put_count_rows(p, many, first, COUNT_ROWS_PER_INSERT)
            || db_error(p->st, error, "cannot store the counts");
  if (p->ok && first < rows->len && !(one = count_insert_statement(p->st, 1, error)))
    p->ok = FALSE;
  for (; p->ok && first < rows->len; first++)
    p->ok = put_count_rows(p, one, first, 1) || db_error(p->st, error, "cannot store the counts");
  sqlite3_finalize(many);
  sqlite3_finalize(one);
  return p->ok;
}

static gboolean
put_distributions(PutCounts *p)
{
  const CountsHelper *h = p->h;
  for (guint i = 0; p->ok && i < h->texts->len; i++) {
    sqlite3_bind_int64(p->ins, 1, p->wave_id);
    sqlite3_bind_text(p->ins, 2, g_ptr_array_index(h->institutions, i), -1, SQLITE_STATIC);
    sqlite3_bind_text(p->ins, 3, g_ptr_array_index(h->texts, i), -1, SQLITE_STATIC);
    p->ok = sqlite3_step(p->ins) == SQLITE_DONE;
    sqlite3_reset(p->ins);
  }
  return p->ok;
}

static gboolean
delete_counts(OmStore *st, gint64 wave_id, GError **error)
{
  sqlite3_stmt *d = prepare(st, "DELETE FROM counts WHERE wave_id = ?1;", error);
  if (!d)
    return FALSE;
  sqlite3_bind_int64(d, 1, wave_id);
  int rc = sqlite3_step(d);
  sqlite3_finalize(d);
  d = rc == SQLITE_DONE ? prepare(st, "DELETE FROM distributions WHERE wave_id = ?1;", error)
                        : NULL;
  if (!d)
    return rc == SQLITE_DONE ? FALSE : db_error(st, error, "cannot replace the counts");
  sqlite3_bind_int64(d, 1, wave_id);
  rc = sqlite3_step(d);
  sqlite3_finalize(d);
  return rc == SQLITE_DONE || db_error(st, error, "cannot replace the counts");
}

gboolean
om_store_put_counts(OmStore *st, gint64 wave_id, const OmCounter *c, GError **error)
{
  if (!delete_counts(st, wave_id, error))
    return FALSE;
  CountsHelper h = { .c = c,
                     .rows = g_array_new(FALSE, FALSE, sizeof(CountRow)),
                     .institutions = g_ptr_array_new(),
                     .texts = g_ptr_array_new_with_free_func(g_free) };
  g_mutex_init(&h.lock);
  g_cond_init(&h.more);
  om_counter_foreach_in_key_order(c, collect_count, h.rows);
  GThread *helper = g_thread_new("om-counts", count_helper_run, &h);
  PutCounts p = { st, NULL, wave_id, TRUE, &h };
  gboolean ok = put_count_table(&p, error);
  g_thread_join(helper);
  ok = ok
       && (p.ins = prepare(st,
                           "INSERT INTO distributions (wave_id, institution, answers)"
                           " VALUES (?1, ?2, ?3)",
                           error));
  if (ok && !put_distributions(&p))
    ok = db_error(st, error, "cannot store the counts");
  sqlite3_finalize(p.ins);
  for (guint i = 0; i < h.rows->len; i++) /* rows not stored after a failure */
    g_free(g_array_index(h.rows, CountRow, i).scores);
  g_array_unref(h.rows);
  g_ptr_array_unref(h.institutions);
  g_ptr_array_unref(h.texts);
  g_mutex_clear(&h.lock);
  g_cond_clear(&h.more);
  return ok;
}

static gboolean
count_stored_respondent(const char *respondent, const char *institution, const gint32 *answers,
                        guint n, gpointer data, GError **error)
{
  (void)respondent;
  return om_counter_add(data, institution, answers, n, error);
}

gboolean
om_store_build_counts(OmStore *st, gint64 wave_id, GError **error)
{
  OmSurvey *survey = om_store_wave_survey(st, wave_id, error);
  if (!survey)
    return FALSE;
  OmCounter *c = om_counter_new(survey);
  gboolean ok = om_store_foreach_respondent(st, wave_id, count_stored_respondent, c, error)
                && om_store_put_counts(st, wave_id, c, error);
  om_counter_free(c);
  om_survey_free(survey);
  return ok;
}

/* Calls fn for every row q gives (institution, indicator, valid, satisfied, dont_know,
 * blank, scores); FALSE on damaged scores or a store error. */
static gboolean
read_counts(OmStore *st, sqlite3_stmt *q, OmCountsFunc fn, gpointer user_data, GError **error)
{
  int rc;
  gboolean ok = TRUE;
  /* one array for every row's scores: fn gets them for the call only */
  GArray *unpacked = g_array_new(FALSE, FALSE, sizeof(OmScoreCount));
  while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    OmCounts c = { (guint64)sqlite3_column_int64(q, 2), (guint64)sqlite3_column_int64(q, 3),
                   (guint64)sqlite3_column_int64(q, 4), (guint64)sqlite3_column_int64(q, 5), NULL };
    const guint8 *scores = sqlite3_column_blob(q, 6);
    gsize n_bytes = (gsize)sqlite3_column_bytes(q, 6);
    if ((!scores && n_bytes) || !om_counts_scores_unpack_into(unpacked, scores, n_bytes)) {
      g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                  "%s: the kept counts of institution %s are damaged; run 'oudermonitor import "
                  "--replace' for that wave",
                  st->path, sqlite3_column_text(q, 0));
      ok = FALSE;
      break;
    }
    c.scores = unpacked->len ? unpacked : NULL;
    fn((const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1), &c,
       user_data);
  }
  g_array_unref(unpacked);
  if (ok && rc != SQLITE_DONE)
    ok = db_error(st, error, "cannot read the counts");
  return ok;
}

gboolean
om_store_foreach_counts(OmStore *st, gint64 wave_id, OmCountsFunc fn, gpointer user_data,
                        GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT institution, indicator, valid, satisfied, dont_know, blank,"
                            " scores FROM counts WHERE wave_id = ?1",
                            error);
  if (!q)
    return FALSE;
  sqlite3_bind_int64(q, 1, wave_id);
  gboolean ok = read_counts(st, q, fn, user_data, error);
  sqlite3_finalize(q);
  return ok;
}

gboolean
om_store_foreach_distribution(OmStore *st, gint64 wave_id, const char *const *institutions, guint n,
                              OmDistributionFunc fn, gpointer user_data, GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            institutions ? "SELECT institution, answers FROM distributions"
                                           " WHERE wave_id = ?1 AND institution = ?2"
                                         : "SELECT institution, answers FROM distributions"
                                           " WHERE wave_id = ?1",
                            error);
  if (!q)
    return FALSE;
  int rc = SQLITE_DONE;
  for (guint i = 0; rc == SQLITE_DONE && i < (institutions ? n : 1); i++) {
    sqlite3_bind_int64(q, 1, wave_id);
    if (institutions)
      sqlite3_bind_text(q, 2, institutions[i], -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
      fn((const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1),
         user_data);
    sqlite3_reset(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_DONE || db_error(st, error, "cannot read the answer distributions");
}

gboolean
om_store_foreach_counts_of(OmStore *st, gint64 wave_id, const char *const *institutions, guint n,
                           OmCountsFunc fn, gpointer user_data, GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT institution, indicator, valid, satisfied, dont_know, blank,"
                            " scores FROM counts WHERE wave_id = ?1 AND institution = ?2",
                            error);
  if (!q)
    return FALSE;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < n; i++) {
    sqlite3_bind_int64(q, 1, wave_id);
    sqlite3_bind_text(q, 2, institutions[i], -1, SQLITE_STATIC);
    ok = read_counts(st, q, fn, user_data, error);
    sqlite3_reset(q);
  }
  sqlite3_finalize(q);
  return ok;
}

static void
clear_count(gpointer p)
{
  g_free(((OmResponseCount *)p)->institution);
}

GArray *
om_store_response_counts(OmStore *st, GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT institution, wave_id, count(*) FROM respondents"
                            " GROUP BY wave_id, institution",
                            error);
  if (!q)
    return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(OmResponseCount));
  g_array_set_clear_func(out, clear_count);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    OmResponseCount c
        = { column_strdup(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2) };
    g_array_append_val(out, c);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    g_array_unref(out);
    db_error(st, error, "cannot count the respondents");
    return NULL;
  }
  return out;
}

/* ---- erasure ------------------------------------------------------------------------ */

void
om_forgotten_clear(OmForgotten *f)
{
  if (!f)
    return;
  g_free(f->group);
  g_free(f->institution);
}

static void
clear_forgotten(gpointer p)
{
  om_forgotten_clear(p);
}

/* Deletes the pseudonym's rows, noting each (wave, institution) they were in. */
static gboolean
forget_one(OmStore *st, const char *pseudo, guint which, GArray *out, GError **error)
{
  sqlite3_stmt *q = prepare(st,
                            "SELECT w.id, w.grp, w.year, r.institution FROM respondents r"
                            " JOIN waves w ON w.id = r.wave_id WHERE r.respondent = ?1"
                            " ORDER BY w.grp DESC, w.year",
                            error);
  if (!q)
    return FALSE;
  sqlite3_bind_text(q, 1, pseudo, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    OmForgotten f = { which, sqlite3_column_int64(q, 0), column_strdup(q, 1),
                      sqlite3_column_int(q, 2), column_strdup(q, 3) };
    g_array_append_val(out, f);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE)
    return db_error(st, error, "cannot find the respondent");
  sqlite3_stmt *d = prepare(st, "DELETE FROM respondents WHERE respondent = ?1", error);
  if (!d)
    return FALSE;
  sqlite3_bind_text(d, 1, pseudo, -1, SQLITE_STATIC);
  rc = sqlite3_step(d);
  sqlite3_finalize(d);
  return rc == SQLITE_DONE ? TRUE : db_error(st, error, "cannot remove the respondent");
}

/* The counts of every wave a forgotten respondent was in, rebuilt from what remains. */
static gboolean
rebuild_forgotten_counts(OmStore *st, const GArray *forgotten, GError **error)
{
  if (!om_store_has_counts(st))
    return TRUE;
  GHashTable *done = g_hash_table_new(g_int64_hash, g_int64_equal);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < forgotten->len; i++) {
    OmForgotten *f = &g_array_index(forgotten, OmForgotten, i);
    if (g_hash_table_add(done, &f->wave_id))
      ok = om_store_build_counts(st, f->wave_id, error);
  }
  g_hash_table_unref(done);
  return ok;
}

GArray *
om_store_forget(OmStore *st, const char *const *respondents, guint n, GError **error)
{
  g_return_val_if_fail(st != NULL && !st->in_tx, NULL);
  if (!ensure_key(st, FALSE, error))
    return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(OmForgotten));
  g_array_set_clear_func(out, clear_forgotten);
  gboolean ok = exec(st, "PRAGMA secure_delete = ON", error) && om_store_begin(st, error);
  for (guint i = 0; ok && i < n; i++) {
    char *p = pseudonym(st, respondents[i]);
    ok = forget_one(st, p, i, out, error);
    g_free(p);
  }
  /* Only that an erasure happened, and when: nothing about whom. */
  ok = ok
       && (out->len == 0
           || exec(st,
                   "UPDATE waves SET respondents = (SELECT count(*) FROM respondents r"
                   " WHERE r.wave_id = waves.id);"
                   "INSERT INTO erasures (at) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
                   error))
       && rebuild_forgotten_counts(st, out, error) && om_store_commit(st, error);
  if (!ok) {
    om_store_rollback(st);
    exec(st, "PRAGMA secure_delete = OFF", NULL);
    g_array_unref(out);
    return NULL;
  }
  if (out->len > 0)
    scrub(st);
  exec(st, "PRAGMA secure_delete = OFF", NULL);
  return out;
}

GArray *
om_store_erasures(OmStore *st, GError **error)
{
  sqlite3_stmt *q = prepare(st, "SELECT at FROM erasures ORDER BY rowid", error);
  if (!q)
    return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(char *));
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    char *at = column_strdup(q, 0);
    g_array_append_val(out, at);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    for (guint i = 0; i < out->len; i++)
      g_free(g_array_index(out, char *, i));
    g_array_unref(out);
    db_error(st, error, "cannot read the erasures");
    return NULL;
  }
  return out;
}
