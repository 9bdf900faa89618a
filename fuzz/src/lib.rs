//! What the fuzz targets share: the host's request screens (compiled in from
//! host/src by path, so the fuzz build needs no wasmtime), upstream transports
//! that answer from the fuzzer's bytes, and one configuration per provider.

use std::cell::Cell;
use std::rc::Rc;

use helpdesk_guest::config::Env;
use helpdesk_guest::http::{HttpError, Request, Response, Transport};
use helpdesk_guest::tool::{self, ToolResult};

/// The host's HTTP body screen, exactly as the host compiles it.
#[allow(dead_code, clippy::all)]
#[path = "../../host/src/transport/inspect.rs"]
pub mod inspect;
/// The host's stdio line screen (its `super::inspect` is the module above).
#[allow(dead_code, clippy::all)]
#[path = "../../host/src/transport/stdio.rs"]
pub mod stdio;

/// The providers, in the order a target's selector byte picks them.
#[derive(Clone, Copy, Debug)]
pub enum Provider {
    /// Gorgias (JSON, Basic auth).
    Gorgias,
    /// Kayako Classic (XML, signed requests).
    Kayako,
    /// Tickiti (JSON, bearer token with abilities).
    Tickiti,
    /// Open Help Desk (JSON, API key).
    Ohd,
}

/// Every provider.
pub const PROVIDERS: [Provider; 4] = [Provider::Gorgias, Provider::Kayako, Provider::Tickiti, Provider::Ohd];

/// The credential each configuration carries: long enough to be registered
/// (and so redacted), so a target can assert it never comes out.
pub const SECRET: &str = "fuzzSecret0123456789";

/// A configuration for `p` at admin level, pointed at an unreachable origin.
pub fn env(p: Provider) -> Env {
    let mut pairs = vec![("HELPDESK_ACCESS_LEVEL", "admin")];
    pairs.extend(match p {
        Provider::Gorgias => {
            vec![
                ("GORGIAS_DOMAIN", "acme"),
                ("GORGIAS_EMAIL", "agent@acme.test"),
                ("GORGIAS_API_KEY", SECRET),
            ]
        }
        Provider::Kayako => vec![
            ("KAYAKO_API_URL", "https://support.acme.test/api/index.php"),
            ("KAYAKO_API_KEY", "fuzz-key-0001"),
            ("KAYAKO_SECRET_KEY", SECRET),
        ],
        Provider::Tickiti => {
            vec![("TICKITI_API_BASE", "https://acme.tickiti.test"), ("TICKITI_API_TOKEN", SECRET)]
        }
        Provider::Ohd => vec![("OHD_BASE_URL", "https://hd.acme.test"), ("OHD_API_KEY", SECRET)],
    });
    Env::from_pairs(pairs)
}

/// Refuses every request, counting them (clones share the count).
#[derive(Clone, Default)]
pub struct Offline(pub Rc<Cell<usize>>);

impl Transport for Offline {
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        self.0.set(self.0.get() + requests.len());
        requests.iter().map(|_| Err(HttpError::Denied { host: "offline.test".into() })).collect()
    }
}

/// Most upstream requests one call may make before the target calls it a
/// runaway loop (the host's deadline would stop it; nothing else would).
pub const MAX_REQUESTS: usize = 500;

/// Answers requests in turn from canned responses (cycling; clones share the turn).
#[derive(Clone)]
pub struct Canned {
    responses: Rc<Vec<Response>>,
    sent: Rc<Cell<usize>>,
}

impl Canned {
    /// Responses from `data`: bodies separated by 0xFF (never in UTF-8 text),
    /// each with `status`.
    pub fn from_bytes(status: u16, data: &[u8]) -> Self {
        let responses = data
            .split(|b| *b == 0xFF)
            .map(|body| Response {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.to_vec(),
                retried: vec![],
            })
            .collect();
        Self { responses: Rc::new(responses), sent: Rc::default() }
    }
}

impl Transport for Canned {
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        requests
            .iter()
            .map(|_| {
                let n = self.sent.get();
                assert!(n < MAX_REQUESTS, "one call made more than {MAX_REQUESTS} upstream requests");
                self.sent.set(n + 1);
                Ok(self.responses[n % self.responses.len()].clone())
            })
            .collect()
    }
}

/// Statuses a response target picks from (mostly success).
pub const STATUSES: [u16; 8] = [200, 200, 200, 201, 404, 422, 429, 500];

/// The calls a response target makes, per provider: (tool, arguments).
pub fn calls(p: Provider) -> &'static [(&'static str, &'static str)] {
    match p {
        Provider::Gorgias => &[
            ("get_ticket", r#"{"id":4521}"#),
            ("search_tickets", r#"{"query":"refund"}"#),
            ("search_tickets", r#"{"query":"jane@example.com"}"#),
            ("search_tickets", r#"{"query":"Jane Doe"}"#),
            ("list_tickets", r#"{"status":"open"}"#),
            ("list_reference", r#"{"kind":"agents"}"#),
            ("helpdesk_stats", r#"{"metric":"tickets_created","group_by":"day"}"#),
            ("get_customer", r#"{"id":1001}"#),
            ("search_customers", r#"{"query":"jane"}"#),
            ("call_api", r#"{"method":"GET","path":"/api/tickets/4521"}"#),
            ("reply_to_ticket", r#"{"id":4521,"message":"Thanks","internal":true}"#),
            ("update_ticket", r#"{"id":4521,"status":"closed"}"#),
        ],
        Provider::Kayako => &[
            ("get_ticket", r#"{"id":"KXQ-318-40217"}"#),
            ("search_tickets", r#"{"query":"login"}"#),
            ("search_tickets", r#"{"query":"jane@example.com"}"#),
            ("list_tickets", r#"{}"#),
            ("list_reference", r#"{"kind":"teams"}"#),
            ("helpdesk_stats", r#"{"metric":"tickets_created"}"#),
            ("call_api", r#"{"method":"GET","path":"/Tickets/Ticket/1042"}"#),
            ("reply_to_ticket", r#"{"id":"1042","message":"Thanks","internal":true}"#),
            ("update_ticket", r#"{"id":"1042","status":"closed"}"#),
        ],
        Provider::Tickiti => &[
            ("get_ticket", r#"{"id":"220021"}"#),
            ("search_tickets", r#"{"query":"refund"}"#),
            ("search_tickets", r#"{"query":"Jane Doe"}"#),
            ("list_tickets", r#"{}"#),
            ("list_reference", r#"{"kind":"agents"}"#),
            ("helpdesk_stats", r#"{"metric":"tickets_created"}"#),
            ("reply_to_ticket", r#"{"id":"220021","message":"Thanks","internal":true}"#),
            ("update_ticket", r#"{"id":"220021","status":"closed"}"#),
        ],
        Provider::Ohd => &[
            ("get_ticket", r#"{"id":"OHD-2026-000293"}"#),
            ("search_tickets", r#"{"query":"printer"}"#),
            ("list_tickets", r#"{}"#),
            ("list_reference", r#"{"kind":"statuses"}"#),
            ("helpdesk_stats", r#"{"metric":"tickets_created"}"#),
            ("reply_to_ticket", r#"{"id":"OHD-2026-000293","message":"Thanks","internal":true}"#),
            ("update_ticket", r#"{"id":"OHD-2026-000293","status":"closed"}"#),
        ],
    }
}

/// Runs one of `p`'s calls against upstream answers made from `data`: byte 0
/// picks the call, byte 1 the status, the rest are the bodies.
pub fn call_with_responses(p: Provider, data: &[u8]) {
    let [pick, status, bodies @ ..] = data else { return };
    let table = calls(p);
    let (name, args) = table[usize::from(*pick) % table.len()];
    let canned = Canned::from_bytes(STATUSES[usize::from(*status) % STATUSES.len()], bodies);
    let result = tool::call(name, args, &env(p), &|_| Box::new(canned.clone()));
    if let Ok(r) = result {
        assert_no_secret(&r);
    }
}

/// A tool result never carries the configured credential.
pub fn assert_no_secret(r: &ToolResult) {
    assert!(!r.text.contains(SECRET), "the credential is in the result text");
    if let Some(s) = &r.structured {
        assert!(!s.to_string().contains(SECRET), "the credential is in the structured result");
    }
}
