//! What a bench run takes from its environment: the data set's size, and the regression
//! guard's self-test hook (`scripts/bench-guard`). Shared by the benches with `#[path]`.

/// Clients in the data set: `CARTERA_BENCH_CLIENTS`, 100,000 unless set. CI runs the
/// benches at 20,000 (`scripts/bench-guard`); each size has its own cached data set.
pub fn clients() -> u64 {
    match std::env::var("CARTERA_BENCH_CLIENTS") {
        Err(_) => 100_000,
        Ok(text) => match text.trim().replace('_', "").parse() {
            Ok(n) if n > 0 => n,
            _ => panic!("CARTERA_BENCH_CLIENTS must be a number of clients, not {text:?}"),
        },
    }
}

/// How many times a case does its work per measured iteration: once, or
/// [`SLOWED_REPEATS`] times when its name contains `CARTERA_BENCH_SLOW`.
///
/// The hook exists only for the regression guard's self-test (`scripts/bench-guard
/// --self-test`): it makes one case really slower (the same queries, run again) so the test
/// can check that the guard notices. Never set it when measuring.
pub fn repeats(case: &str) -> u32 {
    match std::env::var("CARTERA_BENCH_SLOW") {
        Ok(part) if !part.is_empty() && case.contains(&part) => {
            eprintln!(
                "CARTERA_BENCH_SLOW: \"{case}\" runs {SLOWED_REPEATS} times per iteration \
                 (guard self-test only)"
            );
            SLOWED_REPEATS
        }
        _ => 1,
    }
}

/// The self-test's slowdown: three times the work, well past the guard's 1.5 tolerance.
const SLOWED_REPEATS: u32 = 3;
