//! SplitMix64: a tiny deterministic generator, so the same options give the same desk on
//! every platform and crate version.

/// The seeded generator.
pub(crate) struct Dice(u64);

impl Dice {
    /// A generator started from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A mask id like `KXQ-318-40217`.
    pub(crate) fn display_id(&mut self) -> String {
        let letter = |d: &mut Dice| char::from(b'A' + d.below(26) as u8);
        let (a, b, c) = (letter(self), letter(self), letter(self));
        format!("{a}{b}{c}-{:03}-{:05}", self.below(1000), self.below(100_000))
    }
}
