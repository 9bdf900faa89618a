//! Seed invariants the fixtures promise.

use super::build;
use crate::kayako::fixtures as fx;

#[test]
fn counts_and_fixtures_hold() {
    let s = build(true, 1_790_000_000);
    assert_eq!(s.tickets.len(), fx::TOTAL_TICKETS);
    assert_eq!(s.users.len(), fx::USER_COUNT);
    assert_eq!(s.staff.len(), fx::STAFF_COUNT);
    assert_eq!(
        s.tickets.values().filter(|t| t.user_id == fx::HANNAH_USER_ID).count(),
        fx::HANNAH_TICKET_COUNT
    );
    assert!(
        s.tickets
            .values()
            .all(|t| t.created > 1_790_000_000 - 91 * 86_400 && t.last_activity <= 1_790_000_000)
    );
    let masks: std::collections::HashSet<_> = s.tickets.values().map(|t| t.display_id.clone()).collect();
    assert_eq!(masks.len(), s.tickets.len(), "display ids are unique");
    assert_eq!(build(false, 0).tickets.len(), fx::FIXTURE_TICKET_IDS.len());
    let again = build(true, 1_790_000_000);
    assert!(
        s.tickets
            .values()
            .zip(again.tickets.values())
            .all(|(a, b)| a.subject == b.subject && a.display_id == b.display_id)
    );
}
