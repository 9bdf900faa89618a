//! The fake Open Help Desk on a real socket (see [`crate::socket`]).

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::gate;
use super::options::OhdOptions;
use super::routes::Desk;
use crate::control::Control;
use crate::socket::Listening;

/// A running fake Open Help Desk on 127.0.0.1; dropping it shuts the server down.
#[derive(Debug)]
pub struct FakeOhd {
    listening: Listening,
    desk: Desk,
}

impl FakeOhd {
    /// Seeds the data, binds `127.0.0.1:port` and serves on the current tokio runtime.
    pub async fn start(options: OhdOptions) -> io::Result<Self> {
        let (app, desk) = gate::build(&options, chrono::Utc::now().timestamp());
        let listening = Listening::bind(options.port.unwrap_or(0), app, "Open Help Desk").await?;
        Ok(Self { listening, desk })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.listening.addr()
    }

    /// `http://127.0.0.1:PORT`, what `OHD_BASE_URL` is set to.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// The handle to steer the running fake and inspect what it received.
    pub fn control(&self) -> &Control {
        &self.desk.control
    }

    /// Moves the fake's clock forward (expires tokens early).
    pub fn advance_clock(&self, by: Duration) {
        self.desk.offset.fetch_add(i64::try_from(by.as_secs()).unwrap_or(0), Ordering::Relaxed);
    }

    /// Switches the silent-PATCH misbehaviour on or off (see [`OhdOptions::patch_ignored`]).
    pub fn set_patch_ignored(&self, on: bool) {
        self.desk.patch_ignored.store(on, Ordering::Relaxed);
    }

    /// Token requests answered so far (`POST /api/auth/token`, accepted or not).
    pub fn token_requests(&self) -> usize {
        self.desk.control.count("POST", "/api/auth/token")
    }
}
