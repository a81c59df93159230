/* fuzz_certificate.c - libFuzzer target for the certificate parser: any bytes must parse or
 * be rejected with a message, never crash, leak or read out of bounds. Built by
 * `make fuzz` with clang -fsanitize=fuzzer,address,undefined; `make test` runs it for a
 * bounded time from the seed corpus in tests/fuzz/corpus. */
#include <stddef.h>
#include <stdint.h>
#include "selfnorm/certificate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_certificate c;
    char err[256];
    if (sn_certificate_parse(&c, (const char *)data, size, err, sizeof err) == 0)
        sn_certificate_free(&c);
    return 0;
}
