/* main.c - `selfnorm <command> [options]`: dispatch to one file per subcommand. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "cli.h"

static const cli_command *const COMMANDS[] = { &CMD_MAP, &CMD_JACOBIAN, &CMD_CONSTANTS,
                                               &CMD_DROPOUT, &CMD_FIXEDPOINT, &CMD_VERIFY,
                                               &CMD_CHECK_CERTIFICATE, &CMD_ATLAS, &CMD_MLP, &CMD_TRAIN, &CMD_INIT, &CMD_PLOT,
                                               &CMD_REPORT, &CMD_BENCH, &CMD_ACTIVATIONS };
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *f)
{
    fputs("usage: selfnorm <command> [options]     (selfnorm <command> --help for more)\n\n"
          "Numerical analysis of self-normalizing (SELU) networks, Klambauer et al. 2017.\n\n"
          "commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-18s %s\n", COMMANDS[i]->name, COMMANDS[i]->brief);
    fputs("  help               this list, or `selfnorm help COMMAND`\n"
          "\nExit codes: 0 done (a checked statement holds); 1 a statement is false or a\n"
          "computation fell short of its accuracy; 2 bad usage or bad input.\n", f);
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i]->name, name) == 0) return COMMANDS[i];
    return NULL;
}

/* OpenMP threads that wait at a barrier spin by default (libgomp spins ~300,000 rounds before
 * sleeping). On a machine shared with other work that spinning takes the CPU the others and
 * our own lagging threads need: `verify all --rigorous` beside two busy processes took 3x its
 * quiet wall time and 1.5x its CPU time. libgomp reads OMP_WAIT_POLICY once, when it is loaded,
 * before main: so unless the user chose a policy, choose "passive" and run again, once. */
static void wait_passively(char **argv)
{
    if (getenv("OMP_WAIT_POLICY")) return;
    if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
    execv("/proc/self/exe", argv);
    /* no /proc: go on with the default policy */
}

int main(int argc, char **argv)
{
    wait_passively(argv);
    /* Library calls report failures by status code; GSL's default handler would abort. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs("selfnorm: missing command (see 'selfnorm help')\n", stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("selfnorm %s\n", SELFNORM_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            const cli_command *c = find(argv[2]);
            if (!c) return cli_usage_error("help", "unknown command '%s'", argv[2]);
            /* `help plot vectorfield`: the subject's own help */
            char *help_argv[] = { argv[2], argc > 3 ? argv[3] : "--help", "--help", NULL };
            return c->run(argc > 3 ? 3 : 2, help_argv);
        }
        usage(stdout);
        return EXIT_OK;
    }
    const cli_command *c = find(name);
    if (!c) {
        const char *names[NCOMMANDS];
        for (size_t i = 0; i < NCOMMANDS; i++) names[i] = COMMANDS[i]->name;
        const char *near = cli_closest(name, strlen(name), names, NCOMMANDS);
        if (near) fprintf(stderr, "selfnorm: unknown command '%s'; did you mean '%s'?\n", name, near);
        else fprintf(stderr, "selfnorm: unknown command '%s' (see 'selfnorm help')\n", name);
        return EXIT_USAGE;
    }
    int rc = c->run(argc - 1, argv + 1);
    /* a full disk or a closed pipe must not pass for a complete result */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "selfnorm %s: cannot write the output (disk full, or stdout closed?)\n", c->name);
        return EXIT_USAGE;
    }
    return rc;
}
