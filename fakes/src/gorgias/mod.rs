//! A faithful fake of the Gorgias REST API (`/api/...`) backed by a seeded, busy e-commerce desk.
//! Start it with [`FakeGorgias::start`]; steer it at run time through [`Control`].

mod api_error;
mod auth;
mod faults;
mod filter;
pub mod fixtures;
mod gate;
mod options;
mod ordering;
mod paging;
mod params;
mod query;
mod reporting;
mod routes;
mod seed;
mod server;
mod store;
mod wire_time;

pub use crate::control::{
    Control, Fault, FaultKind, RateLimit, RecordedRequest, RecordedWrite, ViewSearchMode,
};
pub use options::GorgiasOptions;
pub use server::FakeGorgias;

#[cfg(test)]
mod http_tests;
