/* csvsource.h — CSV files as survey tools and Dutch Excel write them, record by record.
 *
 * This module turns the bytes of a CSV file into records of UTF-8 fields, each with the
 * physical line on which it starts, so that every later message can say "file:line".
 * It copes with what real exports contain: ',' or ';' or tab, UTF-8 with or without a BOM
 * or Windows-1252, CRLF / LF / CR line ends, quoted fields with embedded newlines and
 * doubled quotes. (CSV output is written by render/csv-writer.h.)
 *
 * It must never know about surveys, headers, items or SQL, and never print or exit: a
 * record is just a list of strings, and every failure is a GError in the OM_ERROR domain.
 *
 * Positions in messages: "FILE:LINE:COL: what; what was expected".
 *   - LINE is the physical line (1-based), counted as an editor counts it (after a BOM).
 *   - In CSV syntax errors (OM_ERROR_PARSE) COL is the 1-based FIELD number within the
 *     record, because that is what a spreadsheet user can find.
 *   - In encoding errors (OM_ERROR_ENCODING) COL is the 1-based CHARACTER column of the
 *     offending byte on its line: characters are counted as UTF-8 when the line up to that
 *     byte is valid UTF-8, else one per byte (as a Windows-1252 editor shows them).
 *
 * Reading rules (libcsv in strict mode, see csvsource.c):
 *   - blank lines (only spaces, tabs, CR) between records are skipped;
 *   - spaces and tabs (unless tab is the delimiter) around an unquoted field, and between a
 *     closing quote and the delimiter, are trimmed; inside quotes everything is kept
 *     byte for byte, including an embedded CR LF;
 *   - a quote inside an unquoted field, anything but a delimiter or line end after a
 *     closing quote, and a quoted field still open at end of file are errors;
 *   - records may have different numbers of fields (ragged rows are the caller's rule).
 */
#ifndef OUDERMONITOR_CSVSOURCE_H
#define OUDERMONITOR_CSVSOURCE_H

#include <stdio.h>

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef enum {
  OM_ENCODING_AUTO,        /* UTF-8 when the bytes are valid UTF-8, else Windows-1252 */
  OM_ENCODING_UTF8,        /* UTF-8 only; invalid bytes are an error */
  OM_ENCODING_WINDOWS1252, /* Windows-1252 ("ANSI" as Dutch Excel saves "CSV (;)") */
  OM_ENCODING_UTF16LE,     /* found, never asked for: a file that starts with a UTF-16 */
  OM_ENCODING_UTF16BE      /* byte order mark (Excel's "Unicode text") */
} OmEncoding;

/* Case-insensitive names: "auto"; "utf-8", "utf8"; "windows-1252", "cp1252", and also
 * "latin1", "latin-1", "iso-8859-1", which mean Windows-1252 here because that is what
 * such files really are (the WHATWG Encoding Standard maps these labels the same way).
 * Returns FALSE and leaves *out unchanged for NULL or any other name. */
gboolean om_encoding_from_string(const char *s, OmEncoding *out);

/* "auto", "utf-8" or "windows-1252" (the names om_encoding_from_string accepts), or
 * "utf-16le" / "utf-16be" (which it does not: UTF-16 is recognised by its byte order
 * mark); NULL for a value outside the enum. Transfer none (static string). */
const char *om_encoding_to_string(OmEncoding e);

/* Progress over the input bytes (bytes_total = file size). Called at most about 100 times
 * per file (once per chunk of the input), in increasing order, the last time with
 * bytes_done == bytes_total and only after the last record was handed over. */
typedef void (*OmCsvProgressFunc)(guint64 bytes_done, guint64 bytes_total, gpointer user_data);

typedef struct {
  /* 0 = sniff among ',', ';', '\t' from the first record, counting outside quotes; the
   * most frequent wins; ties go to ',' then ';' then tab; none at all gives ','.
   * Otherwise any ASCII character except '"', CR, LF and NUL. */
  char delimiter;
  OmEncoding encoding;        /* AUTO, UTF8 or WINDOWS1252 */
  OmCsvProgressFunc progress; /* optional */
  gpointer progress_data;
  /* Limits, so that memory follows the longest accepted record, never the file; 0 = the
   * default. Past one the read stops with OM_ERROR_PARSE "FILE:LINE:FIELD: … the limit is
   * … (--max-…)". A bureau never meets the defaults. */
  gsize max_cell;   /* bytes in one field (UTF-8); default OM_CSV_DEFAULT_MAX_CELL */
  guint max_fields; /* fields in one record; default OM_CSV_DEFAULT_MAX_FIELDS */
  gsize max_record; /* bytes in one record, all fields; default OM_CSV_DEFAULT_MAX_RECORD */
} OmCsvOptions;     /* a zeroed struct (or opts == NULL) means: sniff everything */

#define OM_CSV_DEFAULT_MAX_CELL ((gsize)64 * 1024)
#define OM_CSV_DEFAULT_MAX_FIELDS 10000u
#define OM_CSV_DEFAULT_MAX_RECORD ((gsize)4 * 1024 * 1024)

typedef struct {
  const char *source;        /* file name for messages; transfer none */
  guint64 line;              /* physical line (1-based) on which the record starts */
  guint n_fields;            /* >= 1 */
  const char *const *fields; /* UTF-8, NUL-terminated; transfer none: valid only during the
                              * callback, copy what you keep */
  const gsize *lengths;      /* byte lengths of fields[i] (fields may not contain NUL, as
                              * NUL bytes are rejected, so lengths[i] == strlen(fields[i])) */
} OmCsvRow;

/* Returns TRUE to go on. Returns FALSE with *error set to stop reading; that error is passed
 * through unchanged to the caller of om_csv_read_*. */
typedef gboolean (*OmCsvRowFunc)(const OmCsvRow *row, gpointer user_data, GError **error);

typedef struct {
  char delimiter;      /* the delimiter used (sniffed or given) */
  OmEncoding encoding; /* what the file was read as: never AUTO */
  gboolean had_bom;    /* the file began with a UTF-8 byte order mark (stripped); a UTF-16
                        * file always has one and says so by its encoding instead */
  guint64 n_records;   /* records handed to the callback (a header row counts) */
  guint64 n_lines;     /* physical lines, a final line without line end included */
  guint64 n_bytes;     /* size of the input in bytes, BOM included */
} OmCsvInfo;

/* Reads the whole file at `path` and calls fn for each record, in order, blank lines
 * skipped. Only a regular file is read: a directory, a named pipe (FIFO), a device or a
 * socket is refused at once (OM_ERROR_IO, "FILE: this is a directory, not a file; …"),
 * without waiting for a writer or reading a byte. Encoding (opts->encoding):
 *   - a UTF-8 BOM is stripped in every mode (had_bom = TRUE);
 *   - a UTF-16 LE or BE BOM (Excel's "Unicode text") converts the file from UTF-16 in every
 *     mode; text that is not UTF-16 after it is OM_ERROR_ENCODING at its line;
 *   - a binary format the file's first bytes announce (PNG, ZIP such as .xlsx, old .xls,
 *     PDF, SQLite, SPSS .sav, gzip) is OM_ERROR_ENCODING "FILE:1:1: this is …, not CSV
 *     text; …" saying what to do instead;
 *   - AUTO: valid UTF-8 is taken as UTF-8; otherwise the bytes are converted from
 *     Windows-1252 — except when the file starts with a UTF-8 BOM, which declares it
 *     UTF-8: then invalid UTF-8 is an error, because converting a UTF-8 file as
 *     Windows-1252 would silently turn every "ë" into "Ã«";
 *   - bytes undefined in Windows-1252 (0x81 0x8D 0x8F 0x90 0x9D), invalid UTF-8 in UTF8
 *     mode, a NUL byte anywhere (binary or UTF-16 file) and a UTF-16 BOM are
 *     OM_ERROR_ENCODING.
 * Returns TRUE on success. Returns FALSE with *error set when:
 *   - the file cannot be opened or read (OM_ERROR_IO, "FILE: cannot read: reason");
 *   - it is not decodable (OM_ERROR_ENCODING, "FILE:LINE:COL: ...", COL in characters);
 *   - it is empty: 0 bytes, or only a BOM and whitespace (OM_ERROR_PARSE,
 *     "FILE: the file is empty");
 *   - it is malformed CSV (OM_ERROR_PARSE, "FILE:LINE:FIELD: ...; expected ..."); an open
 *     quote at end of file gives "FILE:LASTLINE:FIELD: unterminated quoted field (opened
 *     on line N)" where LASTLINE is the last line of the file and N the line of the quote;
 *   - opts->delimiter is not usable (OM_ERROR_ARGUMENT);
 *   - fn returned FALSE: fn's error, unchanged (if fn set none, OM_ERROR_ARGUMENT
 *     "FILE:LINE: reading stopped by the row handler without a reason").
 * The file is never modified; *info is written only on success (info may be NULL).
 * Records delivered before a failure stay delivered: a caller that needs all or nothing
 * keeps its work in a transaction. Syntax errors are found only when reached, after the
 * records before them were delivered; encoding errors are found before any record. */
gboolean om_csv_read_file(const char *path, const OmCsvOptions *opts, OmCsvRowFunc fn,
                          gpointer user_data, OmCsvInfo *info, GError **error);

/* The same over `len` bytes in memory (need not be NUL-terminated; transfer none, not
 * modified); `source` names them in messages. */

/* Opens `path` for reading when it is a regular file, without blocking on a FIFO. Returns
 * the file descriptor (the caller closes it) and its size in *size, or -1 with
 * OM_ERROR_IO: "FILE: cannot read: reason", or for a directory, FIFO, device or socket
 * "FILE: this is a directory (a named pipe, a device …), not a file; expected …". */
int om_input_open_regular(const char *path, guint64 *size, GError **error);
gboolean om_csv_read_data(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
                          OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, GError **error);

G_END_DECLS

#endif
