/* figure.h - what `selfnorm plot` shares between its figures: a figure is a data writer (one
 * fig_*.c file) plus a gnuplot script (plots/NAME.gp, embedded in the binary at build time).
 *
 * A writer fills a fig_data in memory: named parameters (the inputs, echoed under their
 * options' names with defaults filled in, and derived values such as a fixed point) and
 * datasets of numeric rows,
 * split into blocks (one curve, one scan line). Nothing is printed until the figure is
 * complete, so a failure never leaves half a figure behind. The data are then printed as TSV
 * (`#` lines, datasets separated by two blank lines and blocks by one: gnuplot's `index` and
 * blocks), as JSON ("input", "derived", "datasets"), or rendered: the parameters become
 * gnuplot variables of the same names (a range NAME_range becomes NAME_lo and NAME_hi),
 * `datafile` names the TSV, and dataset k is `index k`. */
#ifndef SELFNORM_FIGURE_H
#define SELFNORM_FIGURE_H

#include <stddef.h>
#include <stdio.h>
#include "cli.h"

enum { FIG_MAX_PARAMS = 48, FIG_MAX_DATASETS = 8, FIG_MAX_COLUMNS = 40 };

typedef struct { double lo, hi; } fig_range;

/* A number is a float in gnuplot (so that (hi − lo)/4 does not divide integers); an integer
 * (counts, sizes) stays one, for gnuplot's `for [k=1:n]`. */
typedef enum { FIG_NUMBER, FIG_INTEGER, FIG_TEXT, FIG_RANGE } fig_param_kind;

typedef struct {
    char name[32];
    int is_input;          /* an option's value (echoed under "input"), else derived */
    fig_param_kind kind;
    double value, hi;      /* a range is [value, hi]; NaN for "not given" */
    char text[96];
} fig_param;

typedef struct {
    char name[32];
    size_t ncolumns;
    char columns[FIG_MAX_COLUMNS][32];
    double *values;       /* rows × ncolumns */
    size_t nrows, cap;
    size_t *block_start;  /* first row of each block */
    size_t nblocks, block_cap;
} fig_dataset;

typedef struct {
    const char *figure;
    fig_param params[FIG_MAX_PARAMS];
    size_t nparams;
    fig_dataset sets[FIG_MAX_DATASETS];
    size_t nsets;
    size_t current;       /* the dataset rows go to */
    int failed;           /* out of memory or a table too small: a bug or exhaustion */
} fig_data;

void fig_init(fig_data *d, const char *figure);
void fig_free(fig_data *d);
/* inputs, under their options' names (with '_' for '-') */
void fig_input_number(fig_data *d, const char *name, double value);
void fig_input_integer(fig_data *d, const char *name, long value);
void fig_input_text(fig_data *d, const char *name, const char *text);
void fig_input_range(fig_data *d, const char *name, fig_range r);   /* name ends in "_range" */
/* the inputs of a figure of g over a (μ, ν) window: omega tau alpha lambda mu_range nu_range */
void fig_input_window(fig_data *d, double omega, double tau, sn_selu p, fig_range mu, fig_range nu);
/* derived values */
void fig_param_number(fig_data *d, const char *name, double value);
void fig_param_integer(fig_data *d, const char *name, long value);
void fig_param_text(fig_data *d, const char *name, const char *text);
/* A new dataset with space-separated column names; rows go to it until the next one. */
void fig_dataset_begin(fig_data *d, const char *name, const char *columns);
/* Rows go to dataset k (in the order begun) until the next select or begin. */
void fig_dataset_select(fig_data *d, size_t k);
/* A new block in the current dataset (the first row opens one by itself). */
void fig_block(fig_data *d);
/* One row; exactly as many values as the dataset has columns. */
void fig_row(fig_data *d, const double *values);

/* The shortest decimal that reads back as v ("0.1", not "0.10000000000000001"). */
void fig_shortest(char *buf, size_t n, double v);

void fig_print_tsv(FILE *f, const fig_data *d);
/* Reads what fig_print_tsv wrote for the figure (writer name) `figure`: 0, or −1 with the
 * reason in err. Strict: names [a-z0-9_], texts without quotes or control characters (they
 * become gnuplot strings), every row as many finite-or-nan numbers as its columns. */
int fig_read_tsv(fig_data *d, const char *path, const char *figure, char *err, size_t errlen);
void fig_print_json(FILE *f, const fig_data *d);

/* The options of `plot`, one struct for all figures; each figure accepts only its own. */

typedef struct {
    double omega, tau, mu, nu;
    sn_selu selu;
    const char *activation;   /* --activation as given (NULL: not given) */
    sn_act act;               /* it parsed, or SELU with selu's parameters */
    fig_range mu_range, nu_range, omega_range, tau_range;
    long grid, width, depth, batch, seed;
    int trajectories, full;
    const char *networks, *statement, *objective, *means, *data, *depths, *bundle;
    long subset, epochs, probe_every;
    double learning_rate;
} fig_args;

/* A dataset a figure's script reads by its position: its name and columns. */
typedef struct {
    const char *name, *columns;
} fig_dataset_spec;

/* Begins the datasets of specs (ended by a { NULL } row), in order. */
void fig_datasets_begin(fig_data *d, const fig_dataset_spec *specs);

/* 0 if d holds exactly the datasets of specs, in order, with their columns; otherwise -1 and
 * what differs in err. Saved data (plot --data-file) are checked so before gnuplot sees them. */
int fig_check_layout(const fig_data *d, const fig_dataset_spec *specs, char *err, size_t errlen);

/* The parameter of that name, or NULL. */
const fig_param *fig_find_param(const fig_data *d, const char *name);

/* 0 if d's parameters are exactly those declared: space-separated names, a trailing '$'
 * marking a text, the others numbers; a '#' in a name stands for every run 1..runs, where
 * `runs` (then declared too) is an integer from 1 to FIG_MAX_RUNS. Otherwise -1 and the first
 * difference in err. Saved data (plot --data-file) are checked so before gnuplot sees them:
 * their parameters become gnuplot variables. */
#define FIG_MAX_RUNS 1000
int fig_check_params(const fig_data *d, const char *declared, char *err, size_t errlen);

/* A figure: its name, one line for `plot --help`, its options (names, in the order --help
 * lists them) and its writer, which returns EXIT_OK or prints why not and returns an exit
 * code. */
typedef struct {
    const char *name;
    const char *brief;
    const char *description;
    const char *options;   /* space-separated names of the figure's own options */
    long max_grid;         /* --grid's limit: what finishes in about a minute */
    int (*write)(fig_data *d, const fig_args *a);
    const char *data_of;   /* the figure whose data this one draws (NULL: its own) */
    const fig_dataset_spec *datasets;   /* the layout its data must have (NULL: unchecked) */
    const char *params;                  /* the parameters its data must have (NULL: unchecked;
                                            see fig_check_params) */
} fig_figure;

/* every figure, in the order `plot --help` and the report list them */
extern const fig_figure *const fig_figures[];
extern const size_t fig_nfigures;

extern const fig_figure FIG_VECTORFIELD, FIG_ACTIVATIONS, FIG_VARINCREASE, FIG_SPECTRAL,
    FIG_MLP, FIG_CONSTANTS, FIG_BOXES, FIG_FIGURE1, FIG_TRAINING_STATS, FIG_CORRMAP,
    FIG_INITWHATIF, FIG_ATLAS;

/* The gnuplot scripts of plots/, embedded by scripts/embed_plots.sh. */
typedef struct {
    const char *name;
    const char *text;
} fig_script;
extern const fig_script fig_scripts[];
extern const size_t fig_nscripts;

/* Output size and font: pixels for PNG and SVG, 1/100 inch for PDF. */
typedef struct {
    long width, height;
    double font;
} fig_size;

/* Renders the data with the script into output (its extension chooses the terminal).
 * gnuplot runs in a private temporary directory and writes there; only a complete figure is
 * moved to output. Returns EXIT_OK, or EXIT_USAGE after a message (gnuplot missing or
 * failing, with gnuplot's own messages passed on; output not writable). */
int fig_render(const fig_data *d, const char *script, const char *output, const fig_size *size);
/* Why output cannot be written (its directory is missing or not writable, it is a
 * directory, ...), or NULL: checked before a figure is computed, and again before rendering. */
const char *fig_output_problem(const char *output);
/* The terminal for an output file name, or NULL if the extension is not one we render. */
const char *fig_terminal(const char *output);

#endif
