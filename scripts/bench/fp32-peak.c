/*
 * Measures this machine's single-precision peak: every thread runs independent chains of
 * fused multiply-adds on the widest vectors the compiler targets (-march=native), enough
 * chains to hide FMA latency. Prints GFLOP/s (2 FLOPs per lane per FMA) for all threads.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define LANES 16
#define CHAINS 12
typedef float vec __attribute__((vector_size(LANES * sizeof(float))));

static double run(long iterations) {
    double start = omp_get_wtime();
    float sink = 0;
#pragma omp parallel reduction(+ : sink)
    {
        vec acc[CHAINS];
        vec a, b;
        for (int l = 0; l < LANES; l++) {
            a[l] = 0.999999f;
            b[l] = 1e-7f;
        }
        for (int c = 0; c < CHAINS; c++) {
            acc[c] = a * (float)(c + 1);
        }
        for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 16
            for (int c = 0; c < CHAINS; c++) {
                acc[c] = acc[c] * a + b;
            }
        }
        for (int c = 0; c < CHAINS; c++) {
            for (int l = 0; l < LANES; l++) {
                sink += acc[c][l];
            }
        }
    }
    double seconds = omp_get_wtime() - start;
    if (sink == 42.0f) {
        puts(""); /* keeps the result live */
    }
    return (double)iterations * CHAINS * LANES * 2 * omp_get_max_threads() / seconds / 1e9;
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 100000000L;
    double best = 0;
    run(iterations / 10);
    for (int r = 0; r < 5; r++) {
        double g = run(iterations);
        if (g > best) {
            best = g;
        }
    }
    printf("%.1f\n", best);
    return 0;
}
