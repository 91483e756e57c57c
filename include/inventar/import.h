/* import.h: assets from a CSV sheet (DESIGN.md section 7).
 *
 * Columns are named in the first line, in English or Bulgarian, compared
 * case-insensitively with spaces, '_' and '-' alike (see import_heading):
 *
 *   tag            Инвентарен номер, Инв. номер, Инв. №
 *   kind           Вид, Тип                   (a kind's code or name)
 *   make           Марка, Производител
 *   model          Модел
 *   serial         Сериен номер, Сериен №, С/Н
 *   description    Описание, Наименование
 *   status         Статус, Състояние          (any spelling, also Bulgarian)
 *   office         Офис, Звено, Структурно звено (an office's code or name)
 *   custodian      МОЛ, Материално отговорно лице, Отговорно лице
 *   purchase_date  Дата на закупуване, Дата на придобиване
 *   cost           Стойност, Цена, Отчетна стойност ("230 942,88")
 *   currency       Валута                     (BGN/лв., EUR/евро/€)
 *   supplier       Доставчик
 *   contract       Договор, Фактура, Договор / Фактура
 *   funding        Проект, Финансиране, Проект / Финансиране
 *   warranty_end   Гаранция до, Гаранция, Край на гаранцията
 *   plate          Рег. номер, Регистрационен номер
 *   vin            VIN / Рама, Рама, Номер на рама
 *   year           Година, Година на производство
 *   imei           IMEI
 *   components     Компоненти, Конфигурация
 *   attributes     a JSON object of kind fields (as `asset show` writes)
 *
 * A column named after a field of any kind (one added with `kind add`)
 * sets that attribute. A trailing parenthesised note is ignored
 * ("Стойност (лв.)"). Derived columns that `asset list`/`asset show`
 * write (office_name, cost_eur, last_seen, registered, events) are
 * ignored silently; any other unknown column is reported as a warning and
 * its values are not imported.
 *
 * Each row is one asset. Values are trimmed. Dates are ISO or Bulgarian
 * (date_parse), amounts as money_parse reads them (a trailing currency
 * such as "лв." is accepted), kinds and offices by code or name. An empty
 * tag gets the next free tag of the kind.
 *
 * A tag already in the database is refused, unless update is set: then
 * the asset is updated. Every column present sets its field (an empty cell
 * clears a descriptive field or the custodian; an empty office or status
 * keeps them). Descriptive fields change as asset_update does (one
 * "edited" event listing the changes); office, custodian and status
 * through the acts (assign, status), each with its event. A row without a
 * tag but with a make and serial already in the database is that asset.
 * Rows that change nothing count as unchanged and write nothing, so
 * importing the same sheet twice changes nothing the second time.
 *
 * The import is one transaction: if any row is bad, every bad row is
 * reported and nothing is written, unless skip_bad is set (then the good
 * rows are imported). Each new asset gets an "imported" event whose note
 * is "FILE:LINE". */
#ifndef INVENTAR_IMPORT_H
#define INVENTAR_IMPORT_H

#include <stdint.h>
#include "inventar/csv.h"
#include "inventar/db.h"

typedef struct import_opts {
    int dry_run;      /* check every row, write nothing */
    int update;       /* update assets whose tag exists instead of refusing */
    int skip_bad;     /* import the good rows even when some are bad */
    const char *name; /* the file's name in messages (the path when NULL) */
} import_opts;

typedef struct import_stats {
    int64_t rows;      /* data rows read (blank lines not counted) */
    int64_t imported;  /* new assets (with dry_run: that would be) */
    int64_t updated;   /* existing assets changed (or that would be) */
    int64_t unchanged; /* existing assets already as the sheet says */
    int64_t bad;       /* rows refused */
    csv_encoding encoding;
    char delimiter;
    int bom;
} import_stats;

/* Receives each problem as it is found: msg is "FILE:LINE: what is
 * wrong" (not yet sanitised for a terminal); warning is 1 for a note that
 * does not make a row bad (an unknown column). */
typedef void (*import_report_fn)(void *arg, int warning, const char *msg);

/* Import the CSV file at path into db (see above). Every problem goes to
 * report (which may be NULL). Returns INV_OK when the import was written
 * (with skip_bad, possibly without the bad rows) or, for a dry run, when
 * the real import would be written (no bad row, or skip_bad); INV_EINVAL when bad rows stopped it (the message on db
 * counts them) or the file cannot be used (no header, no kind column, a
 * column given twice, a broken file: the message names file and line);
 * another code for a database or I/O error. Nothing is written unless
 * INV_OK is returned. stats is filled in every case. */
inv_status import_csv(inv_db *db, const char *path, const import_opts *opts,
                      import_report_fn report, void *arg, import_stats *stats);

/* The English name of the field a column heading maps to ("cost" for
 * "Стойност (лв.)"), "" for a derived column that is ignored, or NULL
 * when the heading is unknown. Kind fields added by users are not known
 * here (import_csv also looks at them). */
const char *import_column(const char *heading);

/* The i-th (0-based) heading import_csv knows, as compared (lower case),
 * with the field it names in *field; NULL past the end. Derived columns
 * are not listed. For `import --columns`. */
const char *import_heading(size_t i, const char **field);

#endif
