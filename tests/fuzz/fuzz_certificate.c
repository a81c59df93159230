/* fuzz_certificate.c - libFuzzer target for certificates: any bytes must parse or be rejected
 * with a message, and whatever parses must be checked (at 64 bits) to a verdict, never crash,
 * leak, hang or read out of bounds. Built by `make fuzz` with clang
 * -fsanitize=fuzzer,address,undefined; `make test` runs it for a bounded time from the seed
 * corpus in tests/fuzz/corpus (certificates that `verify` wrote). */
#include <stddef.h>
#include <stdint.h>
#include "selfnorm/certificate.h"

/* Checking costs a ball evaluation per box: keep each input's check to milliseconds. */
#define FUZZ_MAX_BOXES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_certificate c;
    char err[256];
    if (sn_certificate_parse(&c, (const char *)data, size, err, sizeof err) != 0) return 0;
    size_t boxes = 0;
    for (size_t k = 0; k < c.nobjectives; k++) boxes += c.obj[k].nboxes;
    if (boxes <= FUZZ_MAX_BOXES) {
        sn_cert_check r;
        sn_certificate_check(&r, &c, 64);
        /* a verdict is consistent whatever the input */
        if (r.holds && !r.verified) __builtin_trap();
        if (r.paper_statement && !r.theorem) __builtin_trap();
    }
    sn_certificate_free(&c);
    return 0;
}
