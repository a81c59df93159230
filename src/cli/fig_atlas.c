/* fig_atlas.c - the atlas of a statement over two parameters: which cells are certified,
 * refuted or undecided, from a bundle (`selfnorm atlas --bundle`) or computed here, with the
 * paper's (α01, λ01) marked when the axes are α and λ. */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "figure.h"

#define DEFAULT_GRID 10

/* The cells of a bundle (cut-off tails tolerated: an unfinished atlas draws what it has). */
static int read_bundle(sn_atlas_bundle *b, const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        if (fd >= 0) close(fd);
        return cli_usage_error("plot", "--bundle: cannot read '%s' (not a non-empty regular file)", path);
    }
    char *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return cli_usage_error("plot", "--bundle: cannot read '%s'", path);
    char err[400];
    int rs = sn_atlas_bundle_read(b, map, (size_t)st.st_size, 1, err, sizeof err);
    munmap(map, (size_t)st.st_size);
    if (rs) return cli_usage_error("plot", "--bundle '%s': %s", path, err);
    if (!b->have_spec) {
        sn_atlas_bundle_free(b);
        return cli_usage_error("plot", "--bundle '%s': no atlas in it yet", path);
    }
    return EXIT_OK;
}

/* The default atlas: theorem1 over (α, λ) around (α01, λ01), grid × grid, no certificates. */
static int compute_default(sn_atlas_bundle *b, long grid, const char *statement)
{
    memset(b, 0, sizeof *b);
    sn_atlas_spec *s = &b->spec;
    s->theorem = sn_theorem_find(statement ? statement : "theorem1");
    if (!s->theorem) return cli_usage_error("plot", "--statement: unknown statement '%s'", statement);
    sn_theorem_domain(&s->domain, s->theorem);
    s->axis[0] = SN_ATLAS_ALPHA;
    s->axis[1] = SN_ATLAS_LAMBDA;
    strcpy(s->lo[0], "1.6"); strcpy(s->hi[0], "1.75");
    strcpy(s->lo[1], "1.02"); strcpy(s->hi[1], "1.08");
    strcpy(s->alpha, "1.6"); strcpy(s->lambda, "1.02");
    s->n[0] = s->n[1] = grid;
    s->width = 1e-2;
    s->max_boxes = 200000;
    char err[400];
    if (sn_atlas_spec_check(s, err, sizeof err)) return cli_usage_error("plot", "%s", err);
    size_t n = (size_t)(grid * grid);
    b->cells = calloc(n, sizeof *b->cells);
    if (!b->cells) return cli_usage_error("plot", "out of memory");
    int status = GSL_SUCCESS;
    #pragma omp parallel for schedule(dynamic, 1)
    for (size_t k = 0; k < n; k++) {
        int st = sn_atlas_cell_compute(&b->cells[k], NULL, s, (long)k / grid, (long)k % grid);
        if (st) {
            #pragma omp critical(fig_atlas)
            status = st;
        }
    }
    b->ncells = n;
    b->have_spec = 1;
    if (status) {
        sn_atlas_bundle_free(b);
        return cli_status_exit("plot", status);
    }
    return EXIT_OK;
}

static int by_cell(const void *x, const void *y)
{
    const sn_atlas_cell *a = x, *b = y;
    return a->i != b->i ? (a->i > b->i) - (a->i < b->i) : (a->j > b->j) - (a->j < b->j);
}

static int write_atlas(fig_data *d, const fig_args *a)
{
    sn_atlas_bundle b;
    long grid = a->grid ? a->grid : DEFAULT_GRID;
    int rc = a->bundle ? read_bundle(&b, a->bundle) : compute_default(&b, grid, a->statement);
    if (rc) return rc;
    const sn_atlas_spec *s = &b.spec;
    if (a->bundle) fig_input_text(d, "bundle", a->bundle);
    else fig_input_integer(d, "grid", grid);
    fig_param_text(d, "statement", s->theorem->name);
    fig_param_text(d, "x_name", SN_ATLAS_PARAMS[s->axis[0]].name);
    fig_param_text(d, "y_name", SN_ATLAS_PARAMS[s->axis[1]].name);
    double step[2];
    for (int k = 0; k < 2; k++) step[k] = (strtod(s->hi[k], NULL) - strtod(s->lo[k], NULL)) / (double)(s->n[k] - 1);
    /* the axes' extent: the cells' centres ± half a step */
    fig_param_number(d, "x_lo", strtod(s->lo[0], NULL) - step[0] / 2);
    fig_param_number(d, "x_hi", strtod(s->hi[0], NULL) + step[0] / 2);
    fig_param_number(d, "y_lo", strtod(s->lo[1], NULL) - step[1] / 2);
    fig_param_number(d, "y_hi", strtod(s->hi[1], NULL) + step[1] / 2);
    fig_param_integer(d, "cells", s->n[0] * s->n[1]);
    fig_param_integer(d, "finished", (long)b.ncells);
    size_t counts[3] = { 0, 0, 0 };
    for (size_t k = 0; k < b.ncells; k++) counts[b.cells[k].verdict]++;
    fig_param_integer(d, "certified", (long)counts[0]);
    fig_param_integer(d, "refuted", (long)counts[1]);
    fig_param_integer(d, "undecided", (long)counts[2]);
    /* (α01, λ01) as a point when the axes are α and λ (either order), else none */
    double mark[2] = { NAN, NAN };
    for (int k = 0; k < 2; k++) {
        if (s->axis[k] == SN_ATLAS_ALPHA) mark[k] = SN_ALPHA01;
        if (s->axis[k] == SN_ATLAS_LAMBDA) mark[k] = SN_LAMBDA01;
    }
    int marked = !isnan(mark[0]) && !isnan(mark[1]);
    fig_param_integer(d, "mark01", marked);
    fig_param_number(d, "mark_x", marked ? mark[0] : 0);
    fig_param_number(d, "mark_y", marked ? mark[1] : 0);
    qsort(b.cells, b.ncells, sizeof *b.cells, by_cell);
    fig_dataset_begin(d, "cells", "x y verdict margin");
    /* every cell of the grid, in order (gnuplot's image needs the whole matrix): one not
     * finished yet (an interrupted atlas) has no verdict, NaN, and is left blank */
    size_t k = 0;
    for (long i = 0; i < s->n[0]; i++) {
        fig_block(d);
        for (long j = 0; j < s->n[1]; j++) {
            const sn_atlas_cell *c = k < b.ncells && b.cells[k].i == i && b.cells[k].j == j ? &b.cells[k++] : NULL;
            char x[SN_DECIMAL_MAX + 1], y[SN_DECIMAL_MAX + 1];
            sn_atlas_value(x, sizeof x, s, 0, i);
            sn_atlas_value(y, sizeof y, s, 1, j);
            fig_row(d, (double[]){ strtod(x, NULL), strtod(y, NULL), c ? (double)c->verdict : NAN,
                                   c ? c->margin : NAN });
        }
    }
    sn_atlas_bundle_free(&b);
    return EXIT_OK;
}

static const fig_dataset_spec ATLAS_DATASETS[] = { { "cells", "x y verdict margin" }, { NULL, NULL } };

const fig_figure FIG_ATLAS = {
    .name = "atlas",
    .brief = "an atlas: where a statement is certified, refuted or undecided over two parameters",
    .description =
        "The cells of an atlas (selfnorm atlas) coloured by verdict: certified (the statement\n"
        "proven on the cell), refuted (a condition proven to fail), undecided; the paper's\n"
        "(alpha01, lambda01) marked when the axes are alpha and lambda.\n"
        "--bundle FILE draws an atlas's bundle (an unfinished one: the cells it has); without\n"
        "it, theorem1 (or --statement) is computed here over alpha 1.6:1.75 x lambda\n"
        "1.02:1.08, --grid points per axis (default 10; no certificates kept).\n\n"
        "Data: dataset 0 'cells' (x y verdict margin; verdict 0 certified, 1 refuted,\n"
        "2 undecided; margin: the deciding condition's, rounded down), one block per x.",
    .options = "bundle statement grid",
    .max_grid = 64,
    .write = write_atlas,
    .datasets = ATLAS_DATASETS,
};
