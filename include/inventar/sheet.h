/* sheet.h: lists and reports written for people to open in a spreadsheet
 * (Excel, LibreOffice): a small table sink with two back ends.
 *
 * - .xlsx (libxlsxwriter): text, numbers and dates as typed cells (real
 *   dates shown dd.mm.yyyy, amounts as numbers with 2 decimals), a bold
 *   header row that stays in view, column widths fitted to the content.
 * - .csv for people: a UTF-8 BOM (so Excel reads Cyrillic), the header
 *   row of titles, the list separator that goes with the language's
 *   decimal separator (';' where amounts are written "1234,56", as Excel
 *   expects in Bulgarian; ',' otherwise), dates and amounts as a person
 *   writes them, and no text cell that Excel would take for a formula: a
 *   cell starting with '=', '+', '-', '@', TAB or CR gets a leading "'".
 *
 * CSV for scripts (--format csv on standard output) and the export are
 * not written here: they stay plain.
 *
 * The file goes through safe_file (util.h): never the database or its
 * sidecars, and written whole or not at all. Errors are sticky: the first
 * one is kept and reported by sheet_end, which then leaves no file. */
#ifndef INVENTAR_SHEET_H
#define INVENTAR_SHEET_H

#include <stdint.h>
#include "inventar/status.h"

typedef enum { SHEET_CSV, SHEET_XLSX } sheet_kind;

typedef struct sheet sheet;

/* The kind of sheet a file name asks for, by its extension (.csv or
 * .xlsx, any case). Returns 0 with *kind set, or -1 for any other name. */
int sheet_kind_of(const char *path, sheet_kind *kind);

/* Start writing path as kind, with ncols columns (1 to 64) headed by
 * titles (translated, shown to people). name is the worksheet's name in
 * an .xlsx (characters Excel refuses are replaced, cut to 31
 * characters; NULL: "Sheet1"). Returns INV_OK with *out set, or a code
 * with e naming the file (a protected database, a directory, no room). */
inv_status sheet_begin(const char *path, sheet_kind kind, const char *name, int ncols,
                       const char *const *titles, sheet **out, inv_err *e);

/* The next cell of the current row, left to right. */
void sheet_text(sheet *s, const char *v);      /* text; NULL or "" -> empty */
void sheet_int(sheet *s, int64_t v);           /* a whole number */
void sheet_amount(sheet *s, int64_t minor);    /* minor units -> a number, 2 decimals */
/* A date: an ISO date ("2024-03-14") or a UTC time as stored (its day in
 * the local time zone). Other text is written as text; NULL/"" empty. */
void sheet_date(sheet *s, const char *v);
/* A UTC time as stored, as a local date and time to the minute; an ISO
 * date alone as sheet_date; other text as text; NULL/"" empty. */
void sheet_time(sheet *s, const char *utc);
void sheet_empty(sheet *s);
/* End the current row (missing cells are left empty). */
void sheet_row_end(sheet *s);

/* The number of rows ended so far (the header not counted). */
int64_t sheet_rows(const sheet *s);

/* Finish: write the file whole and put it in place, then free s.
 * Returns INV_OK, or the first error met (e names the file); then no
 * file is left behind (a pipe or device may have had part of it). */
inv_status sheet_end(sheet *s, inv_err *e);

/* Give up: remove what was written and free s (NULL is fine). */
void sheet_abort(sheet *s);

#endif
