/* labels_render: render synthetic label records to a PDF (tests, bench).
 *
 * labels_render [-t TEMPLATE] [-n N] [-s START] [-c COPIES] [-f FONT]
 *               [-g GLABELS_DIR] [-p TAG_PREFIX] [-w TAG_WIDTH] [-F] [-l]
 *               [-G GEOMETRY_FILE] [-C CSV_FILE] -o OUT.pdf
 * labels_render -L            list the built-in templates
 *
 * Records: tags PREFIX-000001..., Cyrillic kinds and offices; -l makes
 * every other record's model and office very long; -F adds a funding
 * line; -w pads tags with letters to that many characters (long tags).
 * -G writes one line per label: "page index x y w h tag" in points from
 * the page's top-left corner (as pdftotext -bbox reports words). -C
 * writes the records as CSV (for glabels' merge). On success prints
 * "labels N pages P bytes B ms T"; on failure "labels_render: MESSAGE"
 * on stderr and exits 1 (2 for bad usage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "label.h"

static const char *kinds[] = {"Компютърна конфигурация", "Таблет", "Автомобил"};
static const char *makes[] = {"Dell", "Samsung", "Dacia"};
static const char *models[] = {"OptiPlex 7010", "Galaxy Tab A8", "Duster"};
static const char *offices[] = {
    "Дирекция „Социално подпомагане“ – Ловеч",
    "РДСП Хасково",
    "Фронт офис Айтос",
    "Централно управление, София",
};
static const char *long_model =
    "ThinkCentre M70q Gen 3 Tiny с монитор 27\" и допълнителна клавиатура";
static const char *long_office =
    "Регионална дирекция за социално подпомагане – Ловеч, отдел "
    "„Закрила на детето“, стая 214, сграда на общинската администрация, "
    "ул. „Търговска“ 22, вход Б, етаж 3, до деловодството на дирекция "
    "„Социално подпомагане“ и звеното за приемна грижа";

static void usage(void)
{
    fprintf(stderr, "usage: labels_render [-t TEMPLATE] [-n N] [-s START] "
                    "[-c COPIES] [-f FONT] [-g DIR] [-p PREFIX] [-w WIDTH] "
                    "[-F] [-l] [-G FILE] [-C FILE] -o OUT.pdf | -L\n");
    exit(2);
}

static void csv_field(FILE *f, const char *s, int last)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fputc(last ? '\n' : ',', f);
}

int main(int argc, char **argv)
{
    const char *tname = "L7160", *out = NULL, *gdir = NULL, *geo = NULL;
    const char *csv = NULL, *prefix = "INV";
    long n = -1, width = 0;
    int funding = 0, longs = 0, list = 0;
    label_opts o = {0};
    int c;
    while ((c = getopt(argc, argv, "t:n:s:c:f:g:p:w:FlG:C:o:L")) != -1) {
        switch (c) {
        case 't': tname = optarg; break;
        case 'n': n = atol(optarg); break;
        case 's': o.start = atoi(optarg); break;
        case 'c': o.copies = atoi(optarg); break;
        case 'f': o.font_path = optarg; break;
        case 'g': gdir = optarg; break;
        case 'p': prefix = optarg; break;
        case 'w': width = atol(optarg); break;
        case 'F': funding = 1; break;
        case 'l': longs = 1; break;
        case 'G': geo = optarg; break;
        case 'C': csv = optarg; break;
        case 'o': out = optarg; break;
        case 'L': list = 1; break;
        default: usage();
        }
    }
    if (list) {
        sbuf b = {0};
        label_list_templates(&b);
        fputs(sbuf_str(&b), stdout);
        sbuf_free(&b);
        return 0;
    }
    if (!out || optind != argc) usage();

    inv_err e = {0};
    label_template t;
    if (label_template_find(tname, gdir, &t, &e) != INV_OK) {
        fprintf(stderr, "labels_render: %s\n", e.msg);
        return 1;
    }
    if (n < 0) n = (long)label_template_count(&t);
    label_record *recs = calloc(n > 0 ? (size_t)n : 1, sizeof *recs);
    char **tags = calloc(n > 0 ? (size_t)n : 1, sizeof *tags);
    if (!recs || !tags) return 1;
    for (long i = 0; i < n; i++) {
        size_t cap = strlen(prefix) + (width > 0 ? (size_t)width : 0) + 32;
        char *buf = malloc(cap);
        if (!buf) return 1;
        int len = snprintf(buf, cap, "%s-%06ld", prefix, i + 1);
        if (width > len) {
            /* Pad the tag with lowercase letters before the number (8-bit
             * QR data: the longest code for the length). */
            int pad = (int)width - len;
            int at = (int)strlen(prefix) + 1;
            memmove(buf + at + pad, buf + at, (size_t)(len - at) + 1);
            memset(buf + at, 'x', (size_t)pad);
        }
        tags[i] = buf;
        recs[i].tag = tags[i];
        recs[i].kind = kinds[i % 3];
        recs[i].make = makes[i % 3];
        recs[i].model = longs && i % 2 ? long_model : models[i % 3];
        recs[i].office = longs && i % 2 ? long_office : offices[i % 4];
        recs[i].funding = funding ? "BG05M9OP001-3.006-0001 ОП „Развитие на "
                                    "човешките ресурси“ 2014-2020" : NULL;
    }
    if (csv) {
        FILE *f = fopen(csv, "w");
        if (!f) { perror(csv); return 1; }
        fputs("tag,owner,line,office,funding\n", f);
        for (long i = 0; i < n; i++) {
            char line[512];
            snprintf(line, sizeof line, "%s %s %s", recs[i].kind, recs[i].make,
                     recs[i].model);
            csv_field(f, recs[i].tag, 0);
            csv_field(f, LABEL_DEFAULT_OWNER, 0);
            csv_field(f, line, 0);
            csv_field(f, recs[i].office, 0);
            csv_field(f, recs[i].funding ? recs[i].funding : "", 1);
        }
        if (fclose(f) != 0) { perror(csv); return 1; }
    }

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    label_result res;
    inv_status st = label_render_pdf(recs, (size_t)n, &t, &o, out, &res, &e);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (st != INV_OK) {
        fprintf(stderr, "labels_render: %s\n", e.msg);
        return 1;
    }
    if (geo) {
        FILE *f = fopen(geo, "w");
        if (!f) { perror(geo); return 1; }
        size_t count = label_template_count(&t);
        label_pos *pos = malloc(count * sizeof *pos);
        label_template_positions(&t, pos, count);
        size_t copies = o.copies > 0 ? (size_t)o.copies : 1;
        for (size_t k = 0; k < (size_t)n * copies; k++) {
            size_t page, idx;
            label_place(&t, o.start, k, &page, &idx);
            fprintf(f, "%zu %zu %.3f %.3f %.3f %.3f %s\n", page + 1, idx + 1,
                    pos[idx].x, pos[idx].y, t.label_w, t.label_h,
                    recs[k / copies].tag);
        }
        free(pos);
        if (fclose(f) != 0) { perror(geo); return 1; }
    }
    struct stat sb;
    long long bytes = stat(out, &sb) == 0 ? (long long)sb.st_size : -1;
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    printf("labels %zu pages %zu bytes %lld ms %.1f dropped %zu\n", res.labels,
           res.pages, bytes, ms, res.lines_dropped);
    for (long i = 0; i < n; i++) free(tags[i]);
    free(tags);
    free(recs);
    return 0;
}
