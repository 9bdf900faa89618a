//! Random bytes: `wasi:random` on wasm (Kayako salts, confirmation nonces).

/// `n` random bytes.
#[cfg(target_family = "wasm")]
pub fn bytes(n: u64) -> Vec<u8> {
    wasip2::random::random::get_random_bytes(n)
}

/// Natively (unit tests, fuzzing and the load bench's native baseline; the
/// component always runs on wasm) the bytes only have to differ between calls.
#[cfg(not(target_family = "wasm"))]
pub fn bytes(n: u64) -> Vec<u8> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let seed = nanos ^ COUNTER.fetch_add(1, Ordering::Relaxed).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|i| (seed.rotate_left((i % 64) as u32) >> 7) as u8 ^ i as u8).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn calls_differ() {
        assert_eq!(super::bytes(16).len(), 16);
        assert_ne!(super::bytes(16), super::bytes(16));
    }
}
