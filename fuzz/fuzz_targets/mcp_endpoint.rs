//! The component's own MCP endpoint (`mcp::handle`: head checks, JSON-RPC
//! envelope, both revisions, `tools/call` argument parsing for every tool and
//! provider) with the network refused: never a panic, and every answer is
//! empty or one JSON value.
#![no_main]

use helpdesk_fuzz::{Offline, PROVIDERS, env};
use helpdesk_guest::mcp::{Head, handle};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let [pick, body @ ..] = data else { return };
    let provider = PROVIDERS[usize::from(pick & 3)];
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("accept".to_owned(), "application/json, text/event-stream".to_owned()),
    ];
    if pick & 4 != 0 {
        headers.push(("mcp-protocol-version".to_owned(), "2026-07-28".to_owned()));
    }
    if pick & 8 != 0 {
        headers.push(("mcp-method".to_owned(), "tools/call".to_owned()));
    }
    let head = Head { method: "POST", path: "/mcp", headers: &headers };
    let offline = Offline::default();
    let reply = handle(&head, body, &env(provider), &|_| Box::new(offline.clone()));
    if !reply.body.is_empty() {
        let v: Value = serde_json::from_slice(&reply.body).expect("the answer is JSON");
        assert!(!v.to_string().contains(helpdesk_fuzz::SECRET));
    }
});
