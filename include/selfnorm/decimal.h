/* decimal.h - exact decimals: what a bound such as 0.1 means in a proof.
 *
 * A decimal bound typed by a user or stored in a certificate is the rational number it
 * spells (0.1 is 1/10, not the double nearest to it). These helpers read such text into an
 * exact rational (FLINT's fmpq), give the outward-rounded doubles around it (the double box
 * that covers an exact domain), and print doubles as decimals rounded outward, so that a
 * printed enclosure is still an enclosure.
 */
#ifndef SELFNORM_DECIMAL_H
#define SELFNORM_DECIMAL_H

#include <stddef.h>
#include <flint/fmpq.h>
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest decimal accepted anywhere a bound is given (characters), and the largest decimal
 * exponent: beyond either, text is rejected rather than expanded into a huge rational. */
#define SN_DECIMAL_MAX 100
#define SN_DECIMAL_MAX_EXP 400

/* Is text a decimal: [+-]digits[.digits][(e|E)[+-]digits] (a leading or trailing '.' with
 * digits on the other side is allowed), at most SN_DECIMAL_MAX characters, exponent within
 * ±SN_DECIMAL_MAX_EXP? No hex, inf or nan. */
int sn_decimal_valid(const char *text);

/* The exact rational a decimal spells. SN_SUCCESS, or SN_EINVAL if !sn_decimal_valid. */
int sn_decimal_get_fmpq(fmpq_t q, const char *text);

/* A number as written in a certificate: a decimal (exact) or a C99 hex float (exact binary,
 * e.g. 0x1.999999999999ap-4). SN_SUCCESS or SN_EINVAL. */
int sn_number_get_fmpq(fmpq_t q, const char *text);

/* A C99 hex float ([+-]0x<hex>[.<hex>]p[+-]<dec>) whose value is exactly a finite double: 1
 * with *x set, else 0 (malformed, too many digits, or a value that would be rounded). */
int sn_hex_double(const char *text, double *x);

/* The largest double ≤ q and the smallest double ≥ q (±inf beyond the double range). */
double sn_fmpq_floor_d(const fmpq_t q);
double sn_fmpq_ceil_d(const fmpq_t q);

/* The exact value of a double. */
void sn_fmpq_set_d(fmpq_t q, double x);

/* x printed with `digits` significant digits (1..40), rounded toward −∞ (down) or +∞ (up):
 * read as an exact decimal, the text is ≤ x (down) or ≥ x (up). Written into buf (at least
 * digits + 16 bytes); returns buf. "inf"/"-inf"/"nan" for non-finite x. */
char *sn_format_down(char *buf, size_t n, double x, int digits);
char *sn_format_up(char *buf, size_t n, double x, int digits);

#ifdef __cplusplus
}
#endif

#endif
