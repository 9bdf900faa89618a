//! When to send a request again, and after how long. Pure, so every rule is
//! unit-tested; the transport feeds it outcomes and sleeps as told.
//!
//! - 429: always safe to resend (the server refused to process it). Wait for
//!   `Retry-After` (seconds or an HTTP date, capped at 60 s), else back off.
//! - 5xx and dropped connections: resend only idempotent requests, since the
//!   first attempt may have taken effect.
//! - Refused connections and connect timeouts: the request never arrived, so any
//!   request may be resent.
//! - A try of an idempotent request that ran past its own deadline (hung, or
//!   stalled mid-body): resend; one hung request must not eat the whole call.
//! - A 2xx answer whose body cannot be decoded: ask once more (the transport
//!   adds `Cache-Control: no-cache`, so a caching host refetches and drops
//!   the bad copy), idempotent requests only.
//! - Never wait past the call's remaining budget: give up at once instead.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{ConnectFailure, HttpError, TimeoutPhase};

/// Retry limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (first try included) for 5xx and connection failures.
    pub max_attempts: u32,
    /// Attempts in all for 429 answers.
    pub max_rate_limited_attempts: u32,
    /// First backoff; doubles each retry.
    pub base_backoff: Duration,
    /// Longest backoff.
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_rate_limited_attempts: 4,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// What one attempt produced.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// A response with this status and `Retry-After` header value.
    Response {
        /// Status code.
        status: u16,
        /// Raw `Retry-After`, if sent.
        retry_after: Option<&'a str>,
    },
    /// No response.
    Failed(&'a HttpError),
    /// A successful status with a body that is not well-formed; `first` when
    /// no try of this request was malformed before.
    Malformed {
        /// Whether this is the first malformed answer to the request.
        first: bool,
    },
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Keep this outcome.
    Keep,
    /// Send again after this delay.
    RetryAfter(Duration),
}

/// Decides after attempt number `attempt` (1-based). `jitter` is uniform in
/// [0, 1) and spreads retries of concurrent callers; `now` resolves HTTP dates.
pub fn decide(
    policy: &RetryPolicy,
    attempt: u32,
    idempotent: bool,
    outcome: Outcome<'_>,
    remaining: Duration,
    now: DateTime<Utc>,
    jitter: f64,
) -> Decision {
    let backoff = backoff(policy, attempt, jitter);
    let wait = match outcome {
        Outcome::Response { status: 429, retry_after } => {
            if attempt >= policy.max_rate_limited_attempts {
                return Decision::Keep;
            }
            retry_after
                .and_then(|v| parse_retry_after(v, now))
                .map_or(backoff, |d| d.min(policy.max_retry_after))
        }
        Outcome::Response { status: 500 | 502 | 503 | 504, retry_after } if idempotent => {
            if attempt >= policy.max_attempts {
                return Decision::Keep;
            }
            retry_after
                .and_then(|v| parse_retry_after(v, now))
                .map_or(backoff, |d| d.min(policy.max_retry_after).max(backoff))
        }
        Outcome::Response { .. } => return Decision::Keep,
        Outcome::Malformed { first } => {
            if !(first && idempotent) {
                return Decision::Keep;
            }
            Duration::ZERO
        }
        Outcome::Failed(error) => {
            if attempt >= policy.max_attempts || !resendable(error, idempotent) {
                return Decision::Keep;
            }
            backoff
        }
    };
    // Leave a little of the budget to report the failure.
    if wait + Duration::from_millis(100) >= remaining { Decision::Keep } else { Decision::RetryAfter(wait) }
}

fn resendable(error: &HttpError, idempotent: bool) -> bool {
    match error {
        HttpError::Connect { failure: ConnectFailure::Refused, .. } => true,
        HttpError::Timeout(TimeoutPhase::Connect) => true,
        HttpError::Connect { failure: ConnectFailure::Reset, .. } => idempotent,
        HttpError::Protocol(_) => idempotent,
        HttpError::Timeout(TimeoutPhase::Attempt | TimeoutPhase::FirstByte | TimeoutPhase::BetweenBytes) => {
            idempotent
        }
        HttpError::Connect { failure: ConnectFailure::Dns | ConnectFailure::Tls, .. }
        | HttpError::Denied { .. }
        | HttpError::Timeout(TimeoutPhase::Budget)
        | HttpError::TooLarge { .. } => false,
    }
}

/// Exponential backoff with "equal jitter": half fixed, half random.
fn backoff(policy: &RetryPolicy, attempt: u32, jitter: f64) -> Duration {
    let exp = policy.base_backoff.saturating_mul(1 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(policy.max_backoff);
    capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(300);

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn status(code: u16, retry_after: Option<&str>) -> Outcome<'_> {
        Outcome::Response { status: code, retry_after }
    }

    fn decide_default(attempt: u32, idempotent: bool, outcome: Outcome<'_>) -> Decision {
        decide(&RetryPolicy::default(), attempt, idempotent, outcome, LONG, now(), 0.0)
    }

    #[test]
    fn rate_limit_honours_retry_after_seconds_for_any_method() {
        assert_eq!(
            decide_default(1, false, status(429, Some("5"))),
            Decision::RetryAfter(Duration::from_secs(5))
        );
    }

    #[test]
    fn rate_limit_caps_retry_after_at_sixty_seconds() {
        assert_eq!(
            decide_default(1, true, status(429, Some("3600"))),
            Decision::RetryAfter(Duration::from_secs(60))
        );
    }

    #[test]
    fn rate_limit_reads_http_dates() {
        let d = decide_default(1, true, status(429, Some("Sat, 21 Nov 2026 12:00:07 GMT")));
        assert_eq!(d, Decision::RetryAfter(Duration::from_secs(7)));
    }

    #[test]
    fn rate_limit_without_header_backs_off() {
        assert_eq!(
            decide_default(2, true, status(429, None)),
            Decision::RetryAfter(Duration::from_millis(250))
        );
    }

    #[test]
    fn rate_limit_gives_up_after_max_attempts() {
        assert_eq!(decide_default(4, true, status(429, Some("1"))), Decision::Keep);
    }

    #[test]
    fn never_waits_past_the_budget() {
        let d = decide(
            &RetryPolicy::default(),
            1,
            true,
            status(429, Some("20")),
            Duration::from_secs(10),
            now(),
            0.0,
        );
        assert_eq!(d, Decision::Keep);
    }

    #[test]
    fn server_errors_retry_only_idempotent_requests() {
        assert!(matches!(decide_default(1, true, status(503, None)), Decision::RetryAfter(_)));
        assert_eq!(decide_default(1, false, status(503, None)), Decision::Keep);
        assert_eq!(decide_default(3, true, status(500, None)), Decision::Keep);
    }

    #[test]
    fn client_errors_and_successes_are_kept() {
        for code in [200, 201, 202, 400, 401, 403, 404, 409] {
            assert_eq!(decide_default(1, true, status(code, Some("1"))), Decision::Keep, "{code}");
        }
    }

    #[test]
    fn refused_connections_retry_even_writes() {
        let e = HttpError::Connect { host: "h".into(), failure: ConnectFailure::Refused };
        assert!(matches!(decide_default(1, false, Outcome::Failed(&e)), Decision::RetryAfter(_)));
    }

    #[test]
    fn reset_connections_retry_only_idempotent_requests() {
        let e = HttpError::Connect { host: "h".into(), failure: ConnectFailure::Reset };
        assert!(matches!(decide_default(1, true, Outcome::Failed(&e)), Decision::RetryAfter(_)));
        assert_eq!(decide_default(1, false, Outcome::Failed(&e)), Decision::Keep);
    }

    #[test]
    fn sandbox_denials_dns_and_budget_timeouts_are_final() {
        for e in [
            HttpError::Denied { host: "evil.test".into() },
            HttpError::Connect { host: "h".into(), failure: ConnectFailure::Dns },
            HttpError::Timeout(TimeoutPhase::Budget),
            HttpError::TooLarge { limit: 1 },
        ] {
            assert_eq!(decide_default(1, true, Outcome::Failed(&e)), Decision::Keep, "{e}");
        }
    }

    #[test]
    fn tries_past_their_deadline_are_resent_only_when_idempotent() {
        for phase in [TimeoutPhase::Attempt, TimeoutPhase::FirstByte, TimeoutPhase::BetweenBytes] {
            let e = HttpError::Timeout(phase);
            assert!(matches!(decide_default(1, true, Outcome::Failed(&e)), Decision::RetryAfter(_)), "{e}");
            assert_eq!(decide_default(1, false, Outcome::Failed(&e)), Decision::Keep, "{e}");
            assert_eq!(decide_default(3, true, Outcome::Failed(&e)), Decision::Keep, "{e}");
        }
    }

    #[test]
    fn malformed_answers_are_asked_for_once_more() {
        assert_eq!(
            decide_default(1, true, Outcome::Malformed { first: true }),
            Decision::RetryAfter(Duration::ZERO)
        );
        assert_eq!(decide_default(2, true, Outcome::Malformed { first: false }), Decision::Keep);
        assert_eq!(decide_default(1, false, Outcome::Malformed { first: true }), Decision::Keep);
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        assert_eq!(backoff(&p, 1, 1.0), Duration::from_millis(250));
        assert_eq!(backoff(&p, 2, 1.0), Duration::from_millis(500));
        assert_eq!(backoff(&p, 3, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&p, 30, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(&p, 2, 0.0), Duration::from_millis(250));
    }

    #[test]
    fn retry_after_rejects_garbage_and_past_dates_mean_now() {
        assert_eq!(parse_retry_after("soon", now()), None);
        assert_eq!(parse_retry_after("Sat, 21 Nov 2026 11:00:00 GMT", now()), Some(Duration::ZERO));
    }
}
