//! Seed invariants.
