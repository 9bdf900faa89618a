//! The catalogue's request building for `call_api` (`api::resolve`: a caller's
//! path against each provider's endpoint table; `api::build`: path, query and
//! body from caller parameters). Input: `METHOD path\n{params}\n{body}`. Never a
//! panic; a built path stays on the API (no `..`, no scheme, no host).
#![no_main]

use helpdesk_guest::provider::{gorgias, kayako_classic, open_help_desk, tickiti};
use helpdesk_guest::tool::api;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &str| {
    let mut lines = data.splitn(3, '\n');
    let first = lines.next().unwrap_or_default();
    let (method, path) = first.split_once(' ').unwrap_or(("GET", first));
    let params: Map<String, Value> =
        lines.next().and_then(|l| serde_json::from_str(l).ok()).unwrap_or_default();
    let body: Option<Value> = lines.next().and_then(|l| serde_json::from_str(l).ok());
    let tables: [&[_]; 4] = [
        gorgias::endpoints::ENDPOINTS.as_slice(),
        kayako_classic::endpoints::ENDPOINTS,
        tickiti::endpoints::endpoints(),
        open_help_desk::endpoints::ENDPOINTS,
    ];
    for table in tables {
        if let Ok((ep, mut from_path)) = api::resolve(table, method, path) {
            from_path.extend(params.clone());
            if let Ok(request) = api::build(ep, &from_path, body.clone()) {
                let path = &request.path;
                assert!(
                    !path.contains("://") && !path.starts_with("//"),
                    "a built path names an origin: {path}"
                );
                assert!(!path.split('/').any(|s| s == ".." || s == "."), "a built path climbs: {path}");
            }
        }
    }
});
