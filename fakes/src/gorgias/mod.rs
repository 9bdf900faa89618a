//! A faithful fake of the Gorgias REST API (`/api/...`) backed by a seeded, busy e-commerce desk.
//! Start it with [`FakeGorgias::start`]; steer it at run time through [`Control`].

mod api_error;
mod auth;
mod bucket;
mod control;
mod faults;
mod filter;
pub mod fixtures;
mod gate;
mod options;
mod ordering;
mod paging;
mod query;
mod reporting;
mod routes;
mod seed;
mod server;
mod store;
mod wire_time;

pub use control::{Control, RecordedRequest, RecordedWrite, ViewSearchMode};
pub use faults::{Fault, FaultKind};
pub use options::{GorgiasOptions, RateLimit};
pub use server::FakeGorgias;

#[cfg(test)]
mod http_tests;
