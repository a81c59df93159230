// A C++ program against the installed library (tests/lib/install.sh): the moment map over an
// array, the constants for a custom fixed point, and a status message, printed for comparison
// with the C program's view of the same numbers.
#include <cstdio>
#include <vector>
#include <selfnorm/selfnorm.h>

int main()
{
    std::vector<sn_point> x;
    for (int i = 0; i < 1000; i++) x.push_back(sn_point{ 0.001 * i, i ? 1.0 : 0.0, 1.0, 1.0 });
    std::vector<double> mu(x.size()), nu(x.size());
    size_t bad = 0;
    int status = sn_map_array(mu.data(), nu.data(), x.data(), x.size(), sn_selu_default(), &bad);
    if (status != SN_SUCCESS) { std::printf("map: %s\n", sn_strerror(status)); return 1; }
    std::printf("omega = 0: g(0, 1) variance %.6f; omega = 1: g(0.999, 1) mean %.6f\n", nu[0], mu[999]);
    double alpha, lambda;
    status = sn_constants_d(&alpha, &lambda, 0, 2, 0, 1);   // appendix A5: α02, λ02
    if (status != SN_SUCCESS) { std::printf("constants: %s\n", sn_strerror(status)); return 1; }
    std::printf("alpha02 = %.5f, lambda02 = %.5f\n", alpha, lambda);
    status = sn_constants_d(&alpha, &lambda, 0, -1, 0, 1);
    std::printf("var = -1: %s\n", sn_strerror(status));
    return 0;
}
