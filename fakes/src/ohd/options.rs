//! Start-up options of the fake Open Help Desk: port, latency, token lifetime and the
//! misbehaviour switch for the silent-PATCH trap.

use std::time::Duration;

/// How to start a [`super::FakeOhd`].
#[derive(Clone, Debug)]
pub struct OhdOptions {
    /// Port to bind on 127.0.0.1; `None` picks any free port.
    pub port: Option<u16>,
    /// Delay added before every response.
    pub latency: Duration,
    /// Lifetime of tokens from `POST /api/auth/token` (the real API: one hour).
    pub token_lifetime: Duration,
    /// `true` makes `PATCH /tickets/{id}` answer 200 without applying anything, as a
    /// server that ignored every field would: a client must notice by reading back.
    pub patch_ignored: bool,
}

impl Default for OhdOptions {
    /// Any port, no latency, one-hour tokens, PATCH applies.
    fn default() -> Self {
        Self {
            port: None,
            latency: Duration::ZERO,
            token_lifetime: Duration::from_secs(3600),
            patch_ignored: false,
        }
    }
}

impl OhdOptions {
    /// The built-in demo desk.
    pub fn demo() -> Self {
        Self::default()
    }
}
