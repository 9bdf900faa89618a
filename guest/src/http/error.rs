//! Transport failures: what went wrong between the component and the helpdesk,
//! before any HTTP status. Built from typed fields only, so no header value,
//! body or credential can end up in one.

use std::fmt;

/// Which timeout fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Establishing the connection.
    Connect,
    /// Waiting for the response to start.
    FirstByte,
    /// Waiting for more of the response body.
    BetweenBytes,
    /// The tool call's whole budget ran out.
    Budget,
    /// Every try of a read ran past its own deadline (see `Limits::attempt_timeout`).
    Attempt,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::FirstByte => "waiting for a response",
            TimeoutPhase::BetweenBytes => "reading the response",
            TimeoutPhase::Budget => "within the call's time budget",
            TimeoutPhase::Attempt => "to any try of the request",
        })
    }
}

/// Why a connection could not be made or was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectFailure {
    /// Nothing listens there (the request never arrived).
    Refused,
    /// The host name does not resolve.
    Dns,
    /// TLS failed (certificate or protocol).
    Tls,
    /// The connection dropped mid-request (it may have arrived).
    Reset,
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConnectFailure::Refused => "connection refused",
            ConnectFailure::Dns => "the host name does not resolve",
            ConnectFailure::Tls => "TLS handshake or certificate failed",
            ConnectFailure::Reset => "the connection was closed before a complete response",
        })
    }
}

/// A request that produced no usable response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// The host's sandbox refused the destination; nothing left the process.
    #[error("blocked by sandbox: {host} is not the configured helpdesk origin")]
    Denied {
        /// The refused host.
        host: String,
    },
    /// A timeout fired.
    #[error("timed out {0}")]
    Timeout(TimeoutPhase),
    /// The connection failed.
    #[error("could not reach {host}: {failure}")]
    Connect {
        /// The helpdesk host.
        host: String,
        /// What failed.
        failure: ConnectFailure,
    },
    /// The response body exceeded the cap.
    #[error("the response exceeded {limit} bytes")]
    TooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// Anything else the HTTP layer reported.
    #[error("HTTP protocol error: {0}")]
    Protocol(&'static str),
}
