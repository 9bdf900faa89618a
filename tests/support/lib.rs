//! Support for the end-to-end tests and benchmarks: the host harness (the real
//! binary, real MCP clients), the independent clients (SDKs, Inspector, the
//! conformance suite) and the fake helpdesks it talks to.

pub mod balancer;
pub mod clients;
pub mod elicitation;
pub mod harness;
pub mod modern;
pub mod raw_http;
pub mod script;

pub use helpdesk_fakes as fakes;
