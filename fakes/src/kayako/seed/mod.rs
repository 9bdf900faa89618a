//! Deterministic demo data laid out relative to a start time.

use super::store::Store;

/// The desk: reference data and fixture tickets, plus generated tickets when `generated`.
pub(crate) fn build(_generated: bool, _now: i64) -> Store {
    Store::default()
}
