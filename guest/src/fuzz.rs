//! Entry points for the fuzz targets in `fuzz/` (built only with `--cfg fuzzing`,
//! which `fuzz/run` sets): the pure parsers that sit inside private provider
//! modules, reached without making those modules public.

use serde_json::Value;

use crate::provider::{gorgias, kayako_classic, open_help_desk, tickiti};
use crate::tool::search_tickets::SearchType;

/// Every way a caller can force a search's kind.
pub const SEARCH_TYPES: [SearchType; 7] = [
    SearchType::Auto,
    SearchType::TicketId,
    SearchType::Email,
    SearchType::Order,
    SearchType::Customer,
    SearchType::View,
    SearchType::Keyword,
];

/// Runs every search-query classifier on `q`, with `views` as the cached views.
pub fn classify(q: &str, views: &[(u64, String)]) {
    let _ = gorgias::query::shape(q);
    let _ = gorgias::query::match_view(q, views);
    let _ = gorgias::query::could_be_name(q);
    for (_, name) in views {
        let _ = gorgias::query::name_score(q, name);
    }
    let kayako = kayako_classic::search::shape(q);
    for kind in SEARCH_TYPES {
        let _ = kayako_classic::search::plan(kind, &kayako);
        let _ = tickiti::search::classify(q, kind);
    }
    let _ = open_help_desk::tickets::is_ticket_id(q);
}

/// Kayako Classic's XML reader: the whole document, then its JSON form.
pub fn kayako_xml(bytes: &[u8]) -> Option<Value> {
    kayako_classic::xml::parse(bytes).ok().map(|root| kayako_classic::xml::to_json(&root))
}

/// Gorgias's datetime reader (`2019-11-16T15:59:41.966927`, optional `Z`).
pub fn gorgias_time(raw: &str) -> bool {
    gorgias::filters::parse_time(raw).is_some()
}

/// Forgets every registered secret (they live as long as the process here).
pub fn forget_secrets() {
    crate::secrets::forget_all();
}
