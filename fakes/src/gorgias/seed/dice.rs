//! Seeded random choices used by the data generator (deterministic for a given seed).

use chrono::TimeDelta;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A seeded random source with the few draws the generator needs.
pub(crate) struct Dice {
    rng: StdRng,
}

impl Dice {
    pub(crate) fn new(seed: u64) -> Self {
        Self { rng: StdRng::seed_from_u64(seed) }
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    /// Uniform integer in `lo..=hi` (`lo` when the range is empty).
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..=hi) }
    }

    /// An index below `len` (0 for empty input, which callers never pass).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        if len <= 1 { 0 } else { self.rng.random_range(0..len) }
    }

    /// One element of a non-empty constant pool.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// One element, chosen with the given integer weights.
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.range(0, total.saturating_sub(1));
        for (item, w) in items {
            if roll < u64::from(*w) {
                return item;
            }
            roll -= u64::from(*w);
        }
        &items[items.len() - 1].0
    }

    /// A duration of `lo..=hi` minutes.
    pub(crate) fn minutes(&mut self, lo: u64, hi: u64) -> TimeDelta {
        TimeDelta::seconds((self.range(lo * 60, hi * 60)) as i64)
    }

    /// Microseconds to add so timestamps look like real ones (`.966927`).
    pub(crate) fn jitter(&mut self) -> TimeDelta {
        TimeDelta::microseconds(self.range(0, 59_999_999) as i64)
    }
}
