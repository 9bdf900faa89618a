//! Fake helpdesk APIs served on loopback: the test doubles for end-to-end tests and the
//! data behind `helpdesk-mcp --demo`. Nothing in this crate ever writes to stdout.

mod control;
pub mod gorgias;
pub mod kayako;
mod socket;
pub mod tickiti;
