/* tables.h — the evaluation as tables of numbers for a workbook: a table per scope
 * (municipality, sectors, institutions) with every target's result per wave, and one of
 * the targets' statuses per scope unit. Headers and words in Dutch or English.
 *
 * Content only: the tables say which cell is a share, an interval bound, a count or text,
 * and which is empty and why (a withheld share is never in a cell: its note says why it is
 * empty); a renderer (render/xlsx-workbook.c) decides formats. Never draws, never writes a
 * file, never prints.
 */
#ifndef OUDERMONITOR_TABLES_H
#define OUDERMONITOR_TABLES_H

#include "present/evaluation.h"

G_BEGIN_DECLS

typedef enum {
  OM_CELL_EMPTY,  /* nothing (a withheld or absent value; the row's note says why) */
  OM_CELL_TEXT,   /* text, never a formula */
  OM_CELL_INT,    /* a count or a year */
  OM_CELL_SHARE,  /* a share in [0,1], shown as a percentage */
  OM_CELL_NUMBER, /* a plain number with one decimal (e.g. procentpunt) */
} OmCellKind;

typedef struct {
  OmCellKind kind;
  const char *text; /* OM_CELL_TEXT */
  double value;     /* the numeric kinds */
} OmCell;

typedef struct {
  const char *header;
  OmCellKind kind; /* what the column holds when not empty */
} OmColumn;

typedef struct {
  const char *name; /* the sheet's name: at most 31 characters, none of []:*?/\ */
  const char *title;
  const OmColumn *columns;
  gsize n_columns;
  const OmCell *cells; /* n_rows × n_columns, row by row */
  gsize n_rows;
} OmTable;

typedef struct OmTables OmTables;

/* The tables of the evaluation run ev in lang: "Doelen" (one row per target and scope unit:
 * status, census count, change since the nulmeting in procentpunt with interval and
 * significance), "Gemeente", "Sector", "Instelling" (one row per target, scope unit and wave)
 * and "Respons" (respondents, population and rate per scope unit and wave, when a parents'
 * target was evaluated), in English "Targets", "Municipality", "Sector", "Institution",
 * "Response". Never fails. Borrows from ev,
 * which must outlive it. Transfer full: free with om_tables_free. */
OmTables *om_tables_new(const OmEvaluation *ev, OmLang lang);
/* Accepts NULL. */
void om_tables_free(OmTables *t);
gsize om_tables_size(const OmTables *t);
/* Table i < size, living as long as t. Transfer none. */
const OmTable *om_tables_get(const OmTables *t, gsize i);

G_END_DECLS

#endif
