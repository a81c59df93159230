/* stability.c - one wording and one set of JSON keys for the stability of a fixed point, in
 * every command that finds or checks one (fixedpoint, jacobian, constants). The numbers come
 * from sn_stability_2x2 (fixedpoint.h). */
#include <math.h>
#include "cli.h"

/* The margin below which a verdict was left undecided (see sn_stability_2x2). */
static double margin(double err)
{
    return fmax(SN_STABILITY_MARGIN, err);
}

/* JSON's words for a verdict, also in tsv and csv rows. */
static const char *verdict_word(sn_verdict v)
{
    return v == SN_VERDICT_UNDECIDED ? "null" : v == SN_VERDICT_YES ? "true" : "false";
}

static void verdict_json(json_writer *w, const char *key, sn_verdict v)
{
    json_key(w, key);
    fputs(verdict_word(v), w->f);
}

void stability_cells(FILE *f, char sep, const sn_stability *s)
{
    fprintf(f, "%c%.17g%c%s%c%s", sep, s->spectral_radius, sep, verdict_word(s->attracting), sep,
            verdict_word(s->contraction));
}

void stability_json(json_writer *w, const sn_stability *s)
{
    json_open(w, "eigenvalues", '[');
    for (int k = 0; k < 2; k++) {
        json_open(w, NULL, '{');
        json_number(w, "re", s->re[k]);
        json_number(w, "im", s->im[k]);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_number(w, "spectral_radius", s->spectral_radius);
    verdict_json(w, "attracting", s->attracting);
    verdict_json(w, "contraction_2norm", s->contraction);
}

void stability_print(const sn_stability *s)
{
    if (s->complex_pair)
        printf("eigenvalues      %.17g ± %.17gi\n", s->re[0], s->im[0]);
    else
        printf("eigenvalues      %.17g, %.17g\n", s->re[0], s->re[1]);
    printf("spectral radius  %.17g ", s->spectral_radius);
    switch (s->attracting) {
    case SN_VERDICT_YES: puts("< 1: attracting"); break;
    case SN_VERDICT_NO: puts("> 1: NOT attracting (iterates near it are pushed away)"); break;
    default:
        printf("within %.1g of 1: undecided in double precision\n", margin(s->radius_err));
    }
    printf("spectral norm    %.17g ", s->spectral_norm);
    switch (s->contraction) {
    case SN_VERDICT_YES: puts("< 1: a contraction in the 2-norm"); break;
    case SN_VERDICT_NO:
        /* ρ < 1 ≤ ‖H‖₂: the case users misread as unstable, so say what it means */
        puts(s->attracting == SN_VERDICT_YES
                 ? "> 1: not a contraction in the 2-norm (distances to it can grow for some"
                   " steps before they shrink)"
                 : "> 1: not a contraction in the 2-norm");
        break;
    default:
        printf("within %.1g of 1: undecided in double precision\n", margin(s->norm_err));
    }
}
