/* cli.h - what the subcommands share: option tables, strict number parsing, JSON output,
 * exit codes. One file per subcommand (cmd_*.c), git-style; main.c dispatches. */
#ifndef SELFNORM_CLI_H
#define SELFNORM_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/selfnorm.h"

enum { EXIT_OK = 0, EXIT_FALSE = 1, EXIT_USAGE = 2 };

typedef enum { OPT_DOUBLE, OPT_LONG, OPT_FLAG, OPT_STRING } opt_kind;

typedef struct {
    const char *name;     /* long name without "--" */
    opt_kind kind;
    void *dest;           /* double *, long *, int * (flag) or const char ** */
    const char *metavar;  /* for --help, e.g. "MU" */
    const char *help;
    int seen;             /* set by cli_parse */
    const char *text;     /* the value as given, set by cli_parse (for MPFR inputs) */
} cli_opt;

typedef struct {
    const char *name;
    const char *synopsis;   /* one line, after "selfnorm NAME " */
    const char *brief;      /* one complete line for `selfnorm help` */
    const char *summary;    /* the paragraph that opens --help */
    const char *details;    /* paragraphs after the option list, or NULL */
    int (*run)(int argc, char **argv);
} cli_command;

/* Parses argv[1..] (argv[0] is the command name) against opts. Positional arguments are
 * stored in order in positional[0..*npositional) (at most max_positional). Returns EXIT_OK,
 * EXIT_USAGE after printing a message, or -1 when --help was asked (help already printed). */
int cli_parse(int argc, char **argv, cli_opt *opts, size_t nopts, const cli_command *cmd,
              char **positional, size_t max_positional, size_t *npositional);

void cli_print_help(FILE *f, const cli_command *cmd, const cli_opt *opts, size_t nopts);

/* Strict decimal number: optional sign, digits, optional fraction and exponent; no hex, no
 * inf/nan, no surrounding junk, no overflow or underflow. NULL on success, else a reason. */
const char *cli_parse_double(const char *text, double *out);
const char *cli_parse_long(const char *text, long *out);

/* The candidate closest to word in edit distance, if close enough to be a likely typo
 * (distance ≤ 2, and less than half the word), else NULL: for "did you mean ...". */
const char *cli_closest(const char *word, size_t len, const char *const *candidates, size_t n);

/* Prints "selfnorm CMD: message" on stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The same for a run that could not give its answer (diverged, failed): EXIT_FALSE. */
int cli_failure(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Whether an option was given on the command line. */
int cli_given(const cli_opt *opts, size_t nopts, const char *name);

/* Older spellings: an alias is its own entry in the table, storing to the same place as the
 * preferred name. EXIT_USAGE (after a message) when both were given, else EXIT_OK. */
int cli_alias_check(const cli_command *cmd, const cli_opt *opts, size_t nopts, const char *name,
                    const char *alias);
/* The spelling the user gave (alias if given, else name): for messages about the value. */
const char *cli_given_name(const cli_opt *opts, size_t nopts, const char *name, const char *alias);

/* A GSL status as a short phrase for users ("input out of range", ...). */
const char *cli_status_text(int status);
/* Prints "selfnorm CMD: <status text>" and returns the exit code for it: EXIT_USAGE for
 * inputs outside the domain or range, EXIT_FALSE for a computation that fell short. */
int cli_status_exit(const char *cmd, int status);
/* That exit code alone. */
int cli_status_code(int status);

/* JSON output: a minimal streaming writer for one object per command. */
typedef struct {
    FILE *f;
    int depth;
    int first[16];   /* no comma needed yet at this depth */
} json_writer;

void json_begin(json_writer *w, FILE *f);          /* opens the top-level object */
void json_end(json_writer *w);                      /* closes it and prints a newline */
void json_key(json_writer *w, const char *key);
void json_open(json_writer *w, const char *key, char bracket);   /* key may be NULL in arrays */
void json_close(json_writer *w, char bracket);
void json_number(json_writer *w, const char *key, double v);     /* non-finite → null */
void json_integer(json_writer *w, const char *key, long long v);
void json_string(json_writer *w, const char *key, const char *s);
void json_bool(json_writer *w, const char *key, int v);

/* The options shared by commands that take one point of g: --mu --omega --nu --tau, --alpha
 * --lambda, --method, --precision, --json. */
/* METHOD_ACT: an --activation other than SELU, by its table row (closed form or quadrature). */
typedef enum { METHOD_CLOSED, METHOD_QUAD, METHOD_MPFR, METHOD_ACT } map_method;

typedef struct {
    sn_point x;
    sn_selu p;
    const char *activation_name;   /* --activation as given (default "selu") */
    sn_act act;                    /* it, parsed; for SELU with p's parameters */
    const char *method_name;
    map_method method;
    long precision;
    int json;
    int from_stdin;
    const char *format_name;   /* --format with --stdin: tsv, csv or jsonl */
    int format;                /* a row_format */
} point_args;

#define POINT_NOPTS 12
/* Fills opts[0..POINT_NOPTS) (the last two, --stdin and --format, only when with_stdin).
 * Returns the count. */
size_t point_options(cli_opt *opts, point_args *a, int with_stdin);
/* Checks presence, ranges and the method; prints the problem and returns EXIT_USAGE. */
int point_validate(const cli_command *cmd, const cli_opt *opts, size_t nopts, point_args *a);
/* A computation at the point fell short or failed: the message (cli_status_exit) and its exit
 * code; with --json and exit 1, the object is still printed: "input" and "error". */
int point_failure(const char *cmd, int status, const point_args *a, const cli_opt *opts,
                  size_t nopts);
/* What is wrong with a point, or NULL. */
const char *point_problem(sn_point x, sn_selu p);
/* The MPFR inputs from the options' text (decimal strings are read exactly at the
 * working precision rather than through a double). */
void point_mpfr_args(sn_mpfr_args *m, const cli_opt *opts, size_t nopts, const point_args *a);
/* Writes "input": {mu, omega, nu, tau, alpha, lambda, method[, precision]}: the inputs under
 * their options' names, as every command echoes its inputs. Numbers are the doubles computed
 * with; with --method mpfr the values given as options are the decimals as given (read
 * exactly) and alpha, lambda left to their defaults "alpha01", "lambda01" (exact). With
 * row_values the point came from a row of --stdin, with row_params alpha and lambda too. */
void point_json_input(json_writer *w, sn_point x, sn_selu p, const point_args *a,
                      const cli_opt *opts, size_t nopts, int row_values, int row_params);
/* --activation NAME[:PARAMS] for a command's option table, and its check: parses it into *act
 * (EXIT_USAGE with the parser's message, naming cmd, on failure). */
#define ACTIVATION_HELP "activation NAME[:PARAMS] (default selu; see 'selfnorm activations')"
int cli_activation(const char *cmd, const char *spec, sn_act *act);
/* The activation's "activation" key for JSON inputs: the canonical spec. */
void activation_json(json_writer *w, const sn_act *act);
/* g, its Jacobian's stability and the fixed point for point_args: SELU with a->p, else the
 * table's row. */
int point_map(sn_moments *g, sn_point x, sn_selu p, const point_args *a);
/* Decimal digits that `bits` of precision carry. */
int digits_for_bits(long bits);

/* Proven digits (proven.c). f computes *n ≤ cap balls at precision prec into out and returns
 * GSL_SUCCESS, SN_EUNDECIDED to ask for more precision, or a failure status. On success
 * out[0..*n) are malloc'd strings of `digits` correctly rounded significant digits. */
typedef int (*ball_fn)(arb_ptr out, size_t *n, void *ctx, slong prec);
int prove_digits(char **out, size_t cap, size_t *n, ball_fn f, void *ctx, long digits,
                 int *status);

/* A target fixed point (mean, var) with weights (omega, tau), read from decimal option
 * values as balls enclosing them exactly (0.1 is 1/10). */
typedef struct {
    arb_t mean, var, omega, tau;
    const char *text[4];   /* the decimals, re-read at every working precision */
    const char *names[4];  /* their options as given, for messages (target_init: mu nu omega tau) */
} target;
void target_init(target *t);
void target_clear(target *t);
int target_parse(target *t, const char *cmd, const char *const text[4]);
/* The SELU solutions for the target: balls (α₁, λ₁, α₂, λ₂), *n = 2 × their number. */
int target_solve(arb_ptr out, size_t *n, void *t, slong prec);
/* A message for a failed solve. */
const char *target_failure(int status);
/* "input": {[rate,] mu, nu, omega, tau, digits}, the decimals as given (constants, dropout). */
void target_json_input(json_writer *w, const char *rate, const char *const text[4], long digits);
/* A failed solve: the message on stderr; exit 2 for inputs outside the domain, else exit 1,
 * with --json after printing {"input", "solved": false, "error"}. */
int target_fail(const char *cmd, int status, int json, const char *rate,
                const char *const text[4], long digits);

/* Rows of points from stdin (rows.c), for map --stdin and jacobian --stdin: fields separated
 * by whitespace or commas, an optional header naming the columns, output as tsv, csv or
 * jsonl, nothing on stdout unless every row succeeded. */
/* --help of --stdin, the same for every command that has it. */
#define STDIN_HELP \
    "Fields are separated by whitespace or commas ('0 0 1 1', '0,0,1,1', '0, 0, 1, 1');\n" \
    "blank lines and lines starting with '#' are skipped. A first line of names is a\n" \
    "header: the columns in any order, mu omega nu tau required, alpha lambda optional\n" \
    "(then not also --alpha/--lambda). --format tsv (default) writes tab-separated columns\n" \
    "after a '# ' header line; csv comma-separated after a plain header; jsonl one --json\n" \
    "object per row. The inputs are echoed as given (jsonl: as doubles). A bad row\n" \
    "(wrong field count, not a number, a value out of range, a bad header) stops with exit\n" \
    "code 2 and a message naming its line. Output is written only when every row has been\n" \
    "read and computed: on an error stdout stays empty. Memory stays bounded (rows are\n" \
    "computed in chunks into a temporary file); at most 50000000 rows.\n\n"

enum { COL_MU, COL_OMEGA, COL_NU, COL_TAU, COL_ALPHA, COL_LAMBDA, NCOLUMNS };
typedef enum { FORMAT_TSV, FORMAT_CSV, FORMAT_JSONL } row_format;
typedef struct {
    sn_point x;
    sn_selu p;
    int params;       /* alpha and lambda came from the row's columns, not the options */
    size_t line_no;
    size_t echo;      /* where the row's inputs as given are kept (rows.c) */
} point_row;
typedef struct {
    size_t result_size;
    const char *const *columns;   /* names of the result's columns in tsv and csv */
    size_t ncolumns;
    /* Computes one row's result (called in parallel); returns a GSL status. */
    int (*compute)(void *result, const point_row *row, const point_args *a, void *ctx);
    /* Writes the result's columns in tsv or csv, each preceded by sep. */
    void (*cells)(FILE *f, char sep, const void *result);
    /* Writes the row as the command's --json object, one line. */
    void (*json)(FILE *f, const point_row *row, const void *result, const point_args *a,
                 const cli_opt *opts, size_t nopts);
} row_command;
int rows_run(const cli_command *cmd, const row_command *rc, const point_args *a, void *ctx,
             const cli_opt *opts, size_t nopts);
/* Checks --format (only with --stdin) and sets a->format. */
int rows_format(const cli_command *cmd, point_args *a, const cli_opt *opts, size_t nopts);

/* The stability of a fixed point from its Jacobian (stability.c), shared by fixedpoint,
 * jacobian and constants. JSON: eigenvalues (a list of {re, im}), spectral_radius,
 * attracting and contraction_2norm (true, false, or null when too close to 1 to decide).
 * Text: three lines, the eigenvalues ("a ± bi" for a complex pair), the spectral radius with
 * the verdict attracting, the spectral norm with the verdict on the 2-norm. */
void stability_json(json_writer *w, const sn_stability *s);
void stability_print(const sn_stability *s);
/* For rows: sep spectral_radius sep attracting sep contraction_2norm (true, false or null). */
void stability_cells(FILE *f, char sep, const sn_stability *s);

/* Subcommands. */
int cmd_map(int argc, char **argv);
int cmd_jacobian(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_constants(int argc, char **argv);
int cmd_dropout(int argc, char **argv);
int cmd_fixedpoint(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_mlp(int argc, char **argv);
int cmd_check_certificate(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_atlas(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_activations(int argc, char **argv);

extern const cli_command CMD_MAP, CMD_JACOBIAN, CMD_BENCH, CMD_CONSTANTS, CMD_DROPOUT,
    CMD_FIXEDPOINT, CMD_VERIFY, CMD_MLP, CMD_CHECK_CERTIFICATE, CMD_PLOT, CMD_REPORT, CMD_TRAIN,
    CMD_ATLAS, CMD_INIT, CMD_ACTIVATIONS;

/* The MLP's activations and initializations by name, in the order of their enums. */
extern const char *const CLI_ACTIVATIONS[5];
extern const char *const CLI_INITS[3];

/* Training data (train.c's CLI side): the directory's training and test sets, the first
 * `subset` training examples if nonzero, standardized by the training set's statistics.
 * EXIT_OK, or EXIT_USAGE after a message naming the file and the problem. */
#define CLI_DEFAULT_DATA "/usr/share/datasets/fashion-mnist"
int cli_load_dataset(sn_dataset *train, sn_dataset *test, sn_standardizer *s, const char *dir,
                     long subset, const char *cmd);
/* Its two halves: the raw sets, then standardizing both by *s — fitted to the training set
 * unless s->dim is set already (a saved network's standardization). */
int cli_read_dataset(sn_dataset *train, sn_dataset *test, const char *dir, long subset,
                     const char *cmd);
int cli_standardize(sn_dataset *train, sn_dataset *test, sn_standardizer *s, const char *cmd);

/* Seconds on a monotonic clock, for timings. */
double cli_now(void);

#endif
