//! ULIDs (26 Crockford base32 characters: 48-bit milliseconds, 80 bits of entropy),
//! made deterministic from a counter so seeded data is stable.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The ULID for time `ms` (unix milliseconds) and serial `n`.
pub(crate) fn ulid(ms: u64, n: u64) -> String {
    let value: u128 =
        (u128::from(ms) << 80) | u128::from(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) & 0xFFFF_FFFF_FFFF);
    (0..26).rev().map(|i| ALPHABET[((value >> (i * 5)) & 31) as usize] as char).collect()
}

/// Whether `s` has the shape of a ULID.
pub(crate) fn is_ulid(s: &str) -> bool {
    s.len() == 26 && s.bytes().all(|b| ALPHABET.contains(&b.to_ascii_uppercase())) && s.as_bytes()[0] <= b'7'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_are_26_crockford_characters_and_distinct() {
        let (a, b) = (ulid(1_790_000_000_000, 1), ulid(1_790_000_000_000, 2));
        assert!(is_ulid(&a) && is_ulid(&b) && a != b, "{a} {b}");
        assert!(!is_ulid("OHD-2026-000293") && !is_ulid("not-a-ulid"));
    }
}
