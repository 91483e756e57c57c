/* labels_crop: cut a rendered label sheet into one image per label.
 *
 * labels_crop -t TEMPLATE [-g GLABELS_DIR] -r DPI PAGE.ppm OUTPREFIX
 *
 * PAGE.ppm is a page rasterised by pdftoppm (binary PPM, P6, or PGM, P5)
 * at DPI. For every position i (1-based, printing order) of the
 * template, writes OUTPREFIX-i.ppm holding exactly that label's
 * rectangle, so that a decoder run on it proves which label a QR code
 * sits in. Prints the number of positions. Exit 1 on error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "label.h"

static int read_int(FILE *f, int *v)
{
    int c;
    do {
        c = fgetc(f);
        if (c == '#') while (c != '\n' && c != EOF) c = fgetc(f);
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    if (c < '0' || c > '9') return -1;
    *v = 0;
    while (c >= '0' && c <= '9') {
        *v = *v * 10 + (c - '0');
        c = fgetc(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *tname = NULL, *gdir = NULL;
    double dpi = 0;
    int c;
    while ((c = getopt(argc, argv, "t:g:r:")) != -1) {
        switch (c) {
        case 't': tname = optarg; break;
        case 'g': gdir = optarg; break;
        case 'r': dpi = atof(optarg); break;
        default: goto usage;
        }
    }
    if (!tname || dpi <= 0 || argc - optind != 2) goto usage;

    inv_err e = {0};
    label_template t;
    if (label_template_find(tname, gdir, &t, &e) != INV_OK) {
        fprintf(stderr, "labels_crop: %s\n", e.msg);
        return 1;
    }
    FILE *f = fopen(argv[optind], "rb");
    if (!f) { perror(argv[optind]); return 1; }
    char magic[3] = {0};
    int w, h, maxval;
    if (fread(magic, 1, 2, f) != 2 || (strcmp(magic, "P6") && strcmp(magic, "P5")) ||
        read_int(f, &w) || read_int(f, &h) || read_int(f, &maxval) || maxval != 255 ||
        w <= 0 || h <= 0) {
        fprintf(stderr, "labels_crop: %s: not a binary 8-bit PPM/PGM\n", argv[optind]);
        return 1;
    }
    int ch = magic[1] == '6' ? 3 : 1;
    size_t row = (size_t)w * (size_t)ch;
    unsigned char *img = malloc(row * (size_t)h);
    if (!img || fread(img, 1, row * (size_t)h, f) != row * (size_t)h) {
        fprintf(stderr, "labels_crop: %s: short image\n", argv[optind]);
        return 1;
    }
    fclose(f);

    size_t n = label_template_count(&t);
    label_pos *pos = malloc(n * sizeof *pos);
    label_template_positions(&t, pos, n);
    double k = dpi / 72.0;
    for (size_t i = 0; i < n; i++) {
        int x0 = (int)(pos[i].x * k + 0.5), y0 = (int)(pos[i].y * k + 0.5);
        int x1 = (int)((pos[i].x + t.label_w) * k + 0.5);
        int y1 = (int)((pos[i].y + t.label_h) * k + 0.5);
        if (x0 < 0) x0 = 0;
        if (y0 < 0) y0 = 0;
        if (x1 > w) x1 = w;
        if (y1 > h) y1 = h;
        if (x1 <= x0 || y1 <= y0) continue;
        char name[4096];
        snprintf(name, sizeof name, "%s-%zu.ppm", argv[optind + 1], i + 1);
        FILE *o = fopen(name, "wb");
        if (!o) { perror(name); return 1; }
        fprintf(o, "P%c\n%d %d\n255\n", magic[1], x1 - x0, y1 - y0);
        for (int y = y0; y < y1; y++)
            fwrite(img + (size_t)y * row + (size_t)x0 * (size_t)ch, 1,
                   (size_t)(x1 - x0) * (size_t)ch, o);
        if (fclose(o) != 0) { perror(name); return 1; }
    }
    printf("%zu\n", n);
    free(pos);
    free(img);
    return 0;
usage:
    fprintf(stderr, "usage: labels_crop -t TEMPLATE [-g DIR] -r DPI PAGE.ppm OUTPREFIX\n");
    return 2;
}
