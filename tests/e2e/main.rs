//! End-to-end tests: the real component inside the real host binary, driven by
//! rmcp's MCP client over stdio and Streamable HTTP, against fake helpdesk APIs
//! on 127.0.0.1. One test binary; one module per area.

mod bad_input;
mod call_bounds;
mod catalogue;
mod cli;
mod clients;
mod component;
mod conformance;
mod economy;
mod edge;
mod errors;
mod http_guard;
mod http_hardening;
mod kayako;
mod lenient_ids;
mod notifications;
mod open_help_desk;
mod open_help_desk_auth;
mod open_help_desk_figures;
mod reflect;
mod resilience;
mod sandbox;
mod schema_sweep;
mod schema_sweep_ohd;
mod search;
mod secrets;
mod send_gate;
mod stats;
mod tickets;
mod tools;
mod transports;
mod writes;
