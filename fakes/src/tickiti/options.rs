//! Start-up options of the fake Tickiti: tokens, plan, data, port, latency.

use std::time::Duration;

use super::auth::Token;
use super::fixtures;

/// How to start a [`super::FakeTickiti`]; the same options always yield the same desk
/// (dates are laid out relative to the start time).
#[derive(Clone, Debug)]
pub struct TickitiOptions {
    /// Tokens the install accepts, each with its abilities and role.
    pub tokens: Vec<Token>,
    /// Plan features the install has (`has_reports`, `has_escalations`, ...).
    pub plan: Vec<&'static str>,
    /// `true` adds the generated tickets; `false` serves the fixtures and reference data only.
    pub seed: bool,
    /// Port on 127.0.0.1; `None` picks a free one.
    pub port: Option<u16>,
    /// Delay before every answer.
    pub latency: Duration,
}

impl Default for TickitiOptions {
    /// The fixture tokens, every plan feature, the seeded desk, any port, no latency.
    fn default() -> Self {
        Self {
            tokens: fixtures::tokens(),
            plan: fixtures::PLAN.to_vec(),
            seed: true,
            port: None,
            latency: Duration::ZERO,
        }
    }
}

impl TickitiOptions {
    /// The built-in demo desk.
    pub fn demo() -> Self {
        Self::default()
    }
}
