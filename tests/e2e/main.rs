//! End-to-end tests: the real component inside the real host binary, driven by
//! rmcp's MCP client over stdio and Streamable HTTP, against fake helpdesk APIs
//! on 127.0.0.1. One test binary; one module per area.

mod bad_input;
mod call_bounds;
mod canned;
mod catalogue;
mod cli;
mod clients;
mod component;
mod conformance;
mod economy;
mod edge;
mod errors;
mod faults;
mod http_guard;
mod http_hardening;
mod kayako;
mod lenient_ids;
mod modern;
mod notifications;
mod open_help_desk;
mod open_help_desk_auth;
mod reflect;
mod resilience;
mod sandbox;
mod scale_out;
mod schema_sweep;
mod schema_sweep_ohd;
mod schema_sweep_tickiti;
mod search;
mod secrets;
mod send_gate;
mod stats;
mod tickets;
mod tickiti;
mod tickiti_scopes;
mod tickiti_tools;
mod tools;
mod transports;
mod writes;
