/* cmd_plot.c - `selfnorm plot NAME [options]`: one figure's data (TSV or JSON on stdout) or the
 * figure itself (--output FILE, rendered by gnuplot with the script plots/NAME.gp). The
 * figures are the table below; each is a writer (fig_*.c) plus its script. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "figure.h"

const fig_figure *const fig_figures[] = { &FIG_VECTORFIELD, &FIG_SPECTRAL, &FIG_VARINCREASE,
                                          &FIG_ACTIVATIONS, &FIG_CONSTANTS, &FIG_MLP, &FIG_BOXES,
                                          &FIG_FIGURE1, &FIG_TRAINING_STATS, &FIG_CORRMAP,
                                          &FIG_INITWHATIF, &FIG_ATLAS };
const size_t fig_nfigures = sizeof fig_figures / sizeof fig_figures[0];
#define FIGURES fig_figures
#define NFIGURES (sizeof fig_figures / sizeof fig_figures[0])

static int cmd_plot_entry(int argc, char **argv);

const cli_command CMD_PLOT = {
    .name = "plot",
    .synopsis = "FIGURE [options] [--output FILE.png|.svg|.pdf] | list",
    .brief = "draw a figure (vector field of g, ...) or print its data",
    .summary = "Render one figure through gnuplot (--output; the format from the extension) or\n"
               "print its data: TSV with '#' lines (parameters, then each dataset's columns;\n"
               "datasets separated by two blank lines, curves by one), or JSON (--json).\n"
               "`selfnorm plot FIGURE --help` lists the figure's own options; `selfnorm plot\n"
               "list` prints the figures' names.",
    .details = NULL,   /* the figure list, printed by plot_help */
    .run = cmd_plot_entry,
};

/* Every option any figure takes; a figure accepts the common ones and those its row names. */
typedef struct {
    const char *name;
    opt_kind kind;
    const char *metavar, *help;
} opt_spec;

static const opt_spec SPECS[] = {
    { "omega", OPT_DOUBLE, "OMEGA", "the sum of a unit's weights, ω = Σ w_i" },
    { "tau", OPT_DOUBLE, "TAU", "the sum of their squares, τ = Σ w_i²" },
    { "alpha", OPT_DOUBLE, "ALPHA", "SELU α (default α01 = 1.6732632423543772)" },
    { "lambda", OPT_DOUBLE, "LAMBDA", "SELU λ (default λ01 = 1.0507009873554805)" },
    { "activation", OPT_STRING, "NAME[:PARAMS]", ACTIVATION_HELP },
    { "mu-range", OPT_STRING, "LO:HI", "the mean axis μ" },
    { "nu-range", OPT_STRING, "LO:HI", "the variance axis ν (LO > 0)" },
    { "omega-range", OPT_STRING, "LO:HI", "replaces ω's range in every statement's domain" },
    { "tau-range", OPT_STRING, "LO:HI", "replaces τ's range in every statement's domain" },
    { "grid", OPT_LONG, "N", "points per axis (see the description)" },
    { "trajectories", OPT_FLAG, NULL, "iterates of g from points on the border (what a deep network does)" },
    { "mu", OPT_DOUBLE, "MU", "mean of the inputs (default 0.5)" },
    { "nu", OPT_DOUBLE, "NU", "variance of the inputs (default 3)" },
    { "width", OPT_LONG, "N", "units per layer (default 512)" },
    { "depth", OPT_LONG, "L", "layers (default 30)" },
    { "batch", OPT_LONG, "B", "inputs drawn (default 512)" },
    { "seed", OPT_LONG, "S", "random seed (default 1)" },
    { "networks", OPT_STRING, "LIST", "ACT:INIT,... with ACT selu|relu|elu|tanh|linear, INIT lecun|he" },
    { "statement", OPT_STRING, "NAME", "a statement of `selfnorm verify list`" },
    { "objective", OPT_STRING, "KEY", "which of its objectives (default: the first)" },
    { "means", OPT_STRING, "LIST", "the fixed points' means, comma-separated" },
    { "data", OPT_STRING, "DIR", "the dataset (default " CLI_DEFAULT_DATA ")" },
    { "subset", OPT_LONG, "N", "train on the first N examples" },
    { "epochs", OPT_LONG, "E", "passes over the training set" },
    { "learning-rate", OPT_DOUBLE, "R", "SGD step size" },
    { "depths", OPT_STRING, "LIST", "hidden layers of the runs, comma-separated" },
    { "probe-every", OPT_LONG, "K", "self-normalization statistics every K steps" },
    { "full", OPT_FLAG, NULL, "the paper's settings (all data, learning rate 1e-5, 2000 epochs)" },
    { "bundle", OPT_STRING, "FILE", "an atlas's bundle (selfnorm atlas --bundle)" },
};
#define NSPECS (sizeof SPECS / sizeof SPECS[0])

enum { NCOMMON = 6 };

static const fig_figure *find_figure(const char *name)
{
    for (size_t i = 0; i < NFIGURES; i++)
        if (!strcmp(FIGURES[i]->name, name)) return FIGURES[i];
    return NULL;
}

static const char *find_script(const char *name)
{
    for (size_t i = 0; i < fig_nscripts; i++)
        if (!strcmp(fig_scripts[i].name, name)) return fig_scripts[i].text;
    return NULL;
}

/* whether the space-separated list has the word */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

static void *spec_dest(const char *name, fig_args *a)
{
    static const struct {
        const char *name;
        size_t offset;
    } DEST[] = {
        { "omega", offsetof(fig_args, omega) }, { "tau", offsetof(fig_args, tau) },
        { "alpha", offsetof(fig_args, selu.alpha) }, { "lambda", offsetof(fig_args, selu.lambda) },
        { "activation", offsetof(fig_args, activation) }, { "grid", offsetof(fig_args, grid) }, { "trajectories", offsetof(fig_args, trajectories) },
        { "mu", offsetof(fig_args, mu) }, { "nu", offsetof(fig_args, nu) },
        { "width", offsetof(fig_args, width) }, { "depth", offsetof(fig_args, depth) },
        { "batch", offsetof(fig_args, batch) }, { "seed", offsetof(fig_args, seed) },
        { "networks", offsetof(fig_args, networks) }, { "statement", offsetof(fig_args, statement) },
        { "objective", offsetof(fig_args, objective) }, { "means", offsetof(fig_args, means) },
        { "data", offsetof(fig_args, data) }, { "subset", offsetof(fig_args, subset) },
        { "epochs", offsetof(fig_args, epochs) }, { "learning-rate", offsetof(fig_args, learning_rate) },
        { "depths", offsetof(fig_args, depths) }, { "probe-every", offsetof(fig_args, probe_every) },
        { "full", offsetof(fig_args, full) }, { "bundle", offsetof(fig_args, bundle) },
    };
    for (size_t i = 0; i < sizeof DEST / sizeof DEST[0]; i++)
        if (!strcmp(DEST[i].name, name)) return (char *)a + DEST[i].offset;
    return NULL;   /* the ranges: parsed from their text after cli_parse */
}

static void plot_help(void)
{
    printf("usage: selfnorm plot %s\n\n%s\n", CMD_PLOT.synopsis, CMD_PLOT.summary);
    puts("\nfigures:");
    for (size_t i = 0; i < NFIGURES; i++) printf("  %-12s %s\n", FIGURES[i]->name, FIGURES[i]->brief);
    puts("\ncommon options:\n"
         "  --output FILE    render into FILE: .png, .svg or .pdf (PDF for LaTeX and slides)\n"
         "  --size SIZE      WxH in pixels (PDF: 1/100 inch), or 'slide' (1280x720, larger\n"
         "                   font) or 'paper' (700x480, for a column of a paper); default 1100x750\n"
         "  --json           print the data as one JSON object instead of TSV\n"
         "  --script FILE    render with this gnuplot script instead of the built-in one\n"
         "  --print-script   print the built-in gnuplot script (a start for your own)\n"
         "  --data-file FILE draw the data a former run printed (its TSV), without computing\n"
         "  --help           this list, or a figure's own options after its name");
}

/* "LO:HI" with LO < HI, both finite decimals */
static int parse_range(fig_range *r, const char *opt, const char *text, int positive)
{
    const char *colon = text ? strchr(text, ':') : NULL;
    if (!colon) return cli_usage_error("plot", "--%s: '%s' is not LO:HI", opt, text ? text : "");
    char lo[128];
    if ((size_t)(colon - text) >= sizeof lo) return cli_usage_error("plot", "--%s: '%s' is too long", opt, text);
    memcpy(lo, text, (size_t)(colon - text));
    lo[colon - text] = '\0';
    const char *why = cli_parse_double(lo, &r->lo);
    if (why) return cli_usage_error("plot", "--%s: '%s' %s", opt, lo, why);
    why = cli_parse_double(colon + 1, &r->hi);
    if (why) return cli_usage_error("plot", "--%s: '%s' %s", opt, colon + 1, why);
    if (!(r->lo < r->hi)) return cli_usage_error("plot", "--%s: the range %s is empty (LO < HI needed)", opt, text);
    if (!isfinite(r->hi - r->lo)) return cli_usage_error("plot", "--%s: the range %s is too wide for doubles", opt, text);
    if (positive && r->lo <= 0) return cli_usage_error("plot", "--%s: a variance range must be positive (LO > 0)", opt);
    return EXIT_OK;
}

static int parse_size(fig_size *s, const char *text)
{
    if (!strcmp(text, "slide")) *s = (fig_size){ 1280, 720, 16 };
    else if (!strcmp(text, "paper")) *s = (fig_size){ 700, 480, 10 };
    else {
        char extra;
        long w, h;
        if (sscanf(text, "%ldx%ld%c", &w, &h, &extra) != 2 || strspn(text, "0123456789x") != strlen(text))
            return cli_usage_error("plot", "--size: '%s' is not WxH, 'slide' or 'paper'", text);
        if (w < 200 || h < 150 || w > 10000 || h > 10000)
            return cli_usage_error("plot", "--size: %ldx%ld is outside 200x150 ... 10000x10000", w, h);
        *s = (fig_size){ w, h, 12 };
    }
    return EXIT_OK;
}

/* whether the first dataset has a row of finite numbers */
static int fig_has_finite_row(const fig_data *d)
{
    if (!d->nsets) return 0;
    const fig_dataset *s = &d->sets[0];
    for (size_t r = 0; r < s->nrows; r++) {
        size_t c = 0;
        while (c < s->ncolumns && isfinite(s->values[r * s->ncolumns + c])) c++;
        if (c == s->ncolumns) return 1;
    }
    return 0;
}

static int run_figure(const fig_figure *fig, int argc, char **argv)
{
    fig_args a = {
        .omega = NAN, .tau = NAN, .mu = 0.5, .nu = 3, .selu = sn_selu_default(),
        .mu_range = { NAN, NAN }, .nu_range = { NAN, NAN }, .omega_range = { NAN, NAN },
        .tau_range = { NAN, NAN }, .grid = 0, .width = 512, .depth = 30, .batch = 512, .seed = 1,
        .learning_rate = NAN,
    };
    const char *output = NULL, *size_text = NULL, *script_file = NULL, *data_file = NULL;
    int json = 0, print_script = 0;
    const char *range_text[4] = { NULL };
    cli_opt opts[NCOMMON + NSPECS] = {
        { "output", OPT_STRING, &output, "FILE", "render into FILE (.png, .svg, .pdf)", 0, NULL },
        { "size", OPT_STRING, &size_text, "SIZE", "WxH pixels (PDF: 1/100 in), slide or paper", 0, NULL },
        { "json", OPT_FLAG, &json, NULL, "print the data as JSON", 0, NULL },
        { "script", OPT_STRING, &script_file, "FILE", "render with this gnuplot script", 0, NULL },
        { "print-script", OPT_FLAG, &print_script, NULL, "print the built-in gnuplot script", 0, NULL },
        { "data-file", OPT_STRING, &data_file, "FILE", "draw the data a former run printed (TSV)", 0, NULL },
    };
    size_t nopts = NCOMMON;
    for (size_t i = 0; i < NSPECS; i++) {
        if (!has_word(fig->options, SPECS[i].name)) continue;
        void *dest = spec_dest(SPECS[i].name, &a);
        if (!dest) {
            static const char *const RANGES[4] = { "mu-range", "nu-range", "omega-range", "tau-range" };
            for (int k = 0; k < 4; k++)
                if (!strcmp(SPECS[i].name, RANGES[k])) dest = &range_text[k];
        }
        opts[nopts++] = (cli_opt){ SPECS[i].name, SPECS[i].kind, dest, SPECS[i].metavar, SPECS[i].help, 0, NULL };
    }
    char synopsis[64];
    snprintf(synopsis, sizeof synopsis, "%s [options]", fig->name);
    const cli_command cmd = { .name = "plot", .synopsis = synopsis, .summary = fig->description };
    int rc = cli_parse(argc, argv, opts, nopts, &cmd, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;

    const char *script = find_script(fig->name);
    if (print_script) {
        if (output || json) return cli_usage_error("plot", "--print-script prints the script only; drop --output and --json");
        fputs(script, stdout);
        return EXIT_OK;
    }
    if (output && json) return cli_usage_error("plot", "--json prints data; --output renders: give one");
    if ((size_text || script_file) && !output)
        return cli_usage_error("plot", "--%s needs --output", size_text ? "size" : "script");
    fig_size size = { 1100, 750, 12 };
    if (size_text && (rc = parse_size(&size, size_text))) return rc;
    if (output && !fig_terminal(output))
        return cli_usage_error("plot", "--output: '%s' has no extension we render (.png, .svg or .pdf)", output);
    const char *why = output ? fig_output_problem(output) : NULL;   /* before the work, not after */
    if (why) return cli_usage_error("plot", "--output: '%s' %s", output, why);
    static const char *const RANGE_NAMES[4] = { "mu-range", "nu-range", "omega-range", "tau-range" };
    fig_range *ranges[4] = { &a.mu_range, &a.nu_range, &a.omega_range, &a.tau_range };
    for (int k = 0; k < 4; k++)
        if (range_text[k] && (rc = parse_range(ranges[k], RANGE_NAMES[k], range_text[k], k == 1 || k == 3)))
            return rc;
    if (cli_given(opts, nopts, "tau") && !(a.tau > 0)) return cli_usage_error("plot", "--tau must be positive");
    if (sn_selu_check(a.selu)) return cli_usage_error("plot", "--alpha and --lambda must be positive");
    a.act = sn_act_selu(a.selu.alpha, a.selu.lambda);
    if (a.activation) {
        if ((rc = cli_activation("plot", a.activation, &a.act))) return rc;
        int params = cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda");
        if (params && (!sn_act_is_selu(&a.act) || strchr(a.activation, ':')))
            return cli_usage_error("plot", "--alpha and --lambda are SELU's; give an "
                                   "activation's parameters as --activation NAME:PARAMS");
        if (sn_act_is_selu(&a.act) && !strchr(a.activation, ':'))
            a.act = sn_act_selu(a.selu.alpha, a.selu.lambda);
        if (sn_act_is_selu(&a.act)) a.selu = sn_act_selu_params(&a.act);
    }
    if (cli_given(opts, nopts, "grid") && (a.grid < 2 || a.grid > fig->max_grid))
        return cli_usage_error("plot", "--grid: %ld is outside 2 ... %ld for %s", a.grid, fig->max_grid, fig->name);

    char *user_script = NULL;
    if (script_file) {
        struct stat st;
        FILE *f = stat(script_file, &st) == 0 && S_ISREG(st.st_mode) ? fopen(script_file, "r") : NULL;
        if (!f) return cli_usage_error("plot", "--script: '%s' is not a readable regular file", script_file);
        size_t cap = 1 << 20, n = 0;
        user_script = malloc(cap + 1);
        if (user_script) n = fread(user_script, 1, cap + 1, f);
        int bad = ferror(f);
        fclose(f);
        if (!user_script || bad || n > cap) {
            free(user_script);
            return cli_usage_error("plot", "--script: '%s' is unreadable or larger than 1 MiB", script_file);
        }
        user_script[n] = '\0';
        script = user_script;
    }

    fig_data d;
    fig_init(&d, fig->data_of ? fig->data_of : fig->name);
    if (data_file) {
        /* the figure's own options would not change the data: refuse them */
        for (size_t i = NCOMMON; i < nopts; i++)
            if (opts[i].seen) {
                free(user_script);
                return cli_usage_error("plot", "--data-file draws saved data: --%s does not apply", opts[i].name);
            }
        char err[600];
        const fig_figure *source = fig->data_of ? find_figure(fig->data_of) : fig;
        if (fig_read_tsv(&d, data_file, source->name, err, sizeof err))
            rc = cli_usage_error("plot", "--data-file: %s", err);
        else if ((source->datasets && fig_check_layout(&d, source->datasets, err, sizeof err))
                 || (source->params && fig_check_params(&d, source->params, err, sizeof err)))
            rc = cli_usage_error("plot", "--data-file: %s: not the data of `plot %s`: %s",
                                 data_file, source->name, err);
        else
            rc = EXIT_OK;
    } else {
        rc = fig->write(&d, &a);
    }
    if (rc == EXIT_OK && d.failed) rc = cli_usage_error("plot", "out of memory writing the figure's data");
    if (rc == EXIT_OK && !fig_has_finite_row(&d))
        rc = cli_usage_error("plot", "no point of the figure could be computed (the map overflows or is undefined there)");
    if (rc == EXIT_OK) {
        if (output) rc = fig_render(&d, script, output, &size);
        else if (json) fig_print_json(stdout, &d);
        else fig_print_tsv(stdout, &d);
    }
    fig_free(&d);
    free(user_script);
    return rc;
}

static int cmd_plot_entry(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        if (argc >= 2) {
            plot_help();
            return EXIT_OK;
        }
        return cli_usage_error("plot", "which figure? (see --help)");
    }
    if (!strcmp(argv[1], "list")) {
        int json = argc == 3 && !strcmp(argv[2], "--json");
        if (argc > 2 && !json) return cli_usage_error("plot", "list takes no options but --json");
        json_writer w;
        if (json) {
            json_begin(&w, stdout);
            json_open(&w, "figures", '[');
        }
        for (size_t i = 0; i < NFIGURES; i++) {
            if (!json) {
                puts(FIGURES[i]->name);
                continue;
            }
            json_open(&w, NULL, '{');
            json_string(&w, "name", FIGURES[i]->name);
            json_string(&w, "brief", FIGURES[i]->brief);
            json_close(&w, '}');
        }
        if (json) {
            json_close(&w, ']');
            json_end(&w);
        }
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("selfnorm %s\n", SELFNORM_VERSION);
        return EXIT_OK;
    }
    const fig_figure *fig = find_figure(argv[1]);
    if (!fig) {
        const char *names[NFIGURES];
        for (size_t i = 0; i < NFIGURES; i++) names[i] = FIGURES[i]->name;
        const char *near = cli_closest(argv[1], strlen(argv[1]), names, NFIGURES);
        if (argv[1][0] == '-') return cli_usage_error("plot", "give the figure first: selfnorm plot FIGURE [options] (see --help)");
        if (near) return cli_usage_error("plot", "unknown figure '%s'; did you mean '%s'?", argv[1], near);
        return cli_usage_error("plot", "unknown figure '%s' (see --help)", argv[1]);
    }
    return run_figure(fig, argc - 1, argv + 1);
}
