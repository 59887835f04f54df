/* source.h — every export format behind one record-source interface.
 *
 * A record source turns a file into records of UTF-8 fields, the first record holding
 * the column names, each record with its position for messages. Two readers implement it:
 * CSV text (csvsource.c: any delimiter, UTF-8, Windows-1252, UTF-16) and SPSS system files
 * (savsource.c, over ReadStat: variable names are the columns, numeric codes the answers,
 * system-missing an empty field, value labels handed over beside the records). The
 * importer asks for records and never knows which reader it has, the way PSPP's
 * any-reader picks a reader by the file's first bytes.
 *
 * This module chooses and runs readers; it must never know what the records mean (no
 * survey, no SQL) and never print.
 */
#ifndef OUDERMONITOR_SOURCE_H
#define OUDERMONITOR_SOURCE_H

#include "input/csvsource.h"

G_BEGIN_DECLS

/* A record and the per-record callback are those of the CSV reader: fields, their
 * lengths, the source name and the LINE of the record. For an SPSS file LINE is the case
 * number + 1 (the variable names are line 1) and a field's column is its variable's
 * position, so messages read the same for both. */
typedef OmCsvRow OmRecord;
typedef OmCsvRowFunc OmRecordFunc;

/* A value label the file itself carries (SPSS): variable `column` (0-based) labels `code`
 * with `label`. Called after the names record and before the first data record. Return
 * FALSE with *error set to stop reading. */
typedef gboolean (*OmValueLabelFunc)(guint column, double code, const char *label,
                                     gpointer user_data, GError **error);

typedef struct {
  OmCsvOptions csv;              /* for text files; its max_fields also bounds variables */
  OmValueLabelFunc value_labels; /* optional */
  gpointer value_labels_data;
} OmSourceOptions; /* zeroed: sniff everything, no label callback */

typedef struct {
  const char *format; /* "csv" or "sav" (static) */
  OmCsvInfo csv;      /* delimiter and encoding for text; records and bytes for both */
} OmSourceInfo;

/* One reader: whether the file's first bytes are its format, and how to read the file. */
typedef struct {
  const char *format;
  gboolean (*recognises)(const guchar *head, gsize n);
  gboolean (*read)(const char *path, const OmSourceOptions *opts, OmRecordFunc fn,
                   gpointer user_data, OmSourceInfo *info, GError **error);
} OmSourceReader;

/* The SPSS reader (savsource.c). */
extern const OmSourceReader om_sav_reader;

/* Reads `path` with the reader its first bytes call for (SPSS .sav/.zsav, else CSV text)
 * and calls fn per record, as om_csv_read_file does, with the same refusals of what is
 * not a regular file. Returns FALSE with *error set on failure; records delivered before
 * it stay delivered. *info is written only on success (info may be NULL). */
gboolean om_source_read_file(const char *path, const OmSourceOptions *opts, OmRecordFunc fn,
                             gpointer user_data, OmSourceInfo *info, GError **error);

G_END_DECLS

#endif
