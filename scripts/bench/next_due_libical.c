/* The `inspectd-bench next-due` monthly workload through libical's recurrence iterator
 * (FREQ=MONTHLY;BYMONTHDAY=-1: the last day of every month, no holidays), for BENCHMARKS.md.
 * Built and run by scripts/bench-next-due.py:
 *
 *     gcc -O2 -o next_due_libical scripts/bench/next_due_libical.c $(pkg-config --cflags --libs libical)
 *     ./next_due_libical [OPS] [REPEATS]
 *
 * Inputs: the same SplitMix64 stream as Benchmarks/inspectd-bench/BenchNextDue.swift (seed
 * 20260401; per call today, approved, last). The "target" day is today, or the first day of next
 * month when the last fact lies in today's month (the month is met); it is computed before timing.
 * Per call, timed: a new iterator from DTSTART = approved, stepped until the occurrence is on or
 * after the target (what an RRULE library does to find the next occurrence), then freed.
 * A first measurement uses icalrecur_iterator_set_start(target) instead of stepping from DTSTART
 * (the fast way, all OPS calls); the second steps from DTSTART, on OPS / 50 calls because one call
 * takes about a millisecond.
 * Prints ns/op (best of REPEATS) and a checksum of the results' day numbers (days since 1970-01-01).
 */
#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state;
static uint64_t splitmix(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Howard Hinnant's days_from_civil / civil_from_days, as CivilDate. */
static long days_from_civil(long y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}
static struct icaltimetype ical_date(long dn) {
    struct icaltimetype t = icaltime_null_date();
    int y, m, d;
    civil_from_days(dn, &y, &m, &d);
    t.year = y; t.month = m; t.day = d; t.is_date = 1;
    return t;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
    long ops = argc > 1 ? atol(argv[1]) : 200000;
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    struct icaltimetype *dtstart = malloc(sizeof *dtstart * ops), *target = malloc(sizeof *target * ops);
    long lo = days_from_civil(2020, 1, 1), span = days_from_civil(2026, 12, 31) - lo + 1;
    state = 20260401;
    for (long i = 0; i < ops; i++) {
        long today = lo + (long)(splitmix() % (uint64_t)span);
        long approved = today - 1 - (long)(splitmix() % 3650);
        uint64_t r3 = splitmix();
        long t = today;
        if (r3 % 5 != 0) {
            long last = today - (long)((r3 >> 8) % 400);
            int ty, tm, td, ly, lm, ld;
            civil_from_days(today, &ty, &tm, &td);
            civil_from_days(last, &ly, &lm, &ld);
            if (ty == ly && tm == lm) t = tm == 12 ? days_from_civil(ty + 1, 1, 1) : days_from_civil(ty, tm + 1, 1);
        }
        dtstart[i] = ical_date(approved);
        target[i] = ical_date(t);
    }
    struct icalrecurrencetype recur = icalrecurrencetype_from_string("FREQ=MONTHLY;BYMONTHDAY=-1");

    for (int variant = 1; variant >= 0; variant--) {
        /* Stepping from DTSTART takes about a millisecond a call here: 1/50 of the calls. */
        long n = variant == 1 ? ops : (ops / 50 > 0 ? ops / 50 : 1);
        double best = 1e300;
        long check = 0;
        for (int r = 0; r < repeats; r++) {
            check = 0;
            double t0 = now_ns();
            for (long i = 0; i < n; i++) {
                icalrecur_iterator *it = icalrecur_iterator_new(recur, dtstart[i]);
                if (variant == 1) icalrecur_iterator_set_start(it, target[i]);
                struct icaltimetype occ;
                do occ = icalrecur_iterator_next(it);
                while (!icaltime_is_null_time(occ) && icaltime_compare_date_only(occ, target[i]) < 0);
                icalrecur_iterator_free(it);
                check += days_from_civil(occ.year, occ.month, occ.day);
            }
            double ns = (now_ns() - t0) / n;
            if (ns < best) best = ns;
        }
        printf("%-44s  %.0f ns/op best  (%ld ops x %d, checksum %ld)\n",
               variant == 0 ? "libical iterator stepped from DTSTART" : "libical iterator + set_start(target)", best, n, repeats, check);
    }
    printf("libical %s\n", ICAL_VERSION);
    return 0;
}
