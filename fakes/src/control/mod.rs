//! The run-time remote control every fake shares: latency, throttling, faults, the request
//! log and the log of writes that were really applied.

mod bucket;
pub(crate) mod faults;
pub(crate) mod reflect;

pub(crate) use bucket::Charge;
pub use bucket::RateLimit;
pub use faults::{Fault, FaultKind};

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bucket::Buckets;

/// How Gorgias' `PUT /api/views/{id}/items` answers; real accounts have been seen doing both.
/// The other fakes ignore it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewSearchMode {
    /// 200 with the ticket list envelope.
    #[default]
    Sync,
    /// 202 Accepted with an empty body (the asynchronous quirk clients must fall back from).
    Accepted,
}

/// One request as the fake received it, so tests can assert on what a client sent.
/// Credentials are reduced to `authorized`; the Authorization header is never kept.
/// The Kayako fake records its controller route (`/Tickets/Ticket/7`) as `path`, whichever
/// of its three URL forms carried it, and the raw query as `query`.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Path as sent (before trailing-slash normalisation).
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// Whether the Basic credentials were the accepted ones.
    pub authorized: bool,
    /// Body as UTF-8 (lossy), `None` when empty.
    pub body: Option<String>,
}

/// A write the fake applied to its data (created, updated or deleted something), in the
/// order the store saw them. Rejected writes (400/401/404/409/429, faults that answer
/// instead of applying) are only in [`Control::requests`].
#[derive(Clone, Debug)]
pub struct RecordedWrite {
    /// HTTP method, upper case.
    pub method: String,
    /// Path as sent (before trailing-slash normalisation).
    pub path: String,
    /// Body as UTF-8 (lossy), `None` when empty.
    pub body: Option<String>,
    /// The status the fake answered (or would have, when a fault dropped the answer).
    pub status: u16,
}

/// A body field a write carried that the API silently ignores (Open Help Desk ignores
/// unknown JSON fields): recorded so a test can assert a client never sends one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredField {
    /// HTTP method, upper case.
    pub method: String,
    /// Path as sent.
    pub path: String,
    /// The field name as sent (`status`, `is_internal`...).
    pub field: String,
}

#[derive(Debug)]
struct Settings {
    latency: Duration,
    rate_limit: Option<RateLimit>,
    view_mode: ViewSearchMode,
}

#[derive(Debug)]
struct State {
    settings: Mutex<Settings>,
    faults: Mutex<Vec<Fault>>,
    requests: Mutex<Vec<RecordedRequest>>,
    writes: Mutex<Vec<RecordedWrite>>,
    ignored: Mutex<Vec<IgnoredField>>,
    buckets: Mutex<Buckets>,
}

/// A cheap, cloneable handle on a running fake; every setter applies from the next request.
#[derive(Clone, Debug)]
pub struct Control {
    inner: Arc<State>,
}

/// Locks ignoring poison: a panicking test thread must not wedge the fake for the others.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Control {
    /// A control starting with this latency and rate limit, no faults and empty logs.
    pub(crate) fn new(latency: Duration, rate_limit: Option<RateLimit>) -> Self {
        let settings = Settings { latency, rate_limit, view_mode: ViewSearchMode::default() };
        Self {
            inner: Arc::new(State {
                settings: Mutex::new(settings),
                faults: Mutex::new(Vec::new()),
                requests: Mutex::new(Vec::new()),
                writes: Mutex::new(Vec::new()),
                ignored: Mutex::new(Vec::new()),
                buckets: Mutex::new(Buckets::default()),
            }),
        }
    }

    /// Delay added before every response, e.g. to exercise client timeouts.
    pub fn set_latency(&self, d: Duration) {
        lock(&self.inner.settings).latency = d;
    }

    /// Turns leaky-bucket throttling on (with these numbers) or off.
    pub fn set_rate_limit(&self, r: Option<RateLimit>) {
        lock(&self.inner.settings).rate_limit = r;
    }

    /// Chooses how view searches answer (200 list or 202 empty).
    pub fn set_view_search_mode(&self, m: ViewSearchMode) {
        lock(&self.inner.settings).view_mode = m;
    }

    /// Queues a fault; the first queued fault matching a request fires and uses up one `times`.
    pub fn inject(&self, fault: Fault) {
        if fault.times > 0 {
            lock(&self.inner.faults).push(fault);
        }
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// Every request received so far, in arrival order (including rejected and faulted ones).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.requests).clone()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        lock(&self.inner.requests).len()
    }

    /// Requests with this method (case-insensitive) whose path starts with `path_prefix`.
    pub fn count(&self, method: &str, path_prefix: &str) -> usize {
        lock(&self.inner.requests)
            .iter()
            .filter(|r| r.method.eq_ignore_ascii_case(method) && r.path.starts_with(path_prefix))
            .count()
    }

    /// Forgets the request log (faults and throttling state are kept).
    pub fn reset_requests(&self) {
        lock(&self.inner.requests).clear();
    }

    /// Every write applied so far, in the order the store applied them.
    pub fn writes(&self) -> Vec<RecordedWrite> {
        lock(&self.inner.writes).clone()
    }

    /// Applied writes with this method (case-insensitive) whose path starts with `path_prefix`.
    pub fn count_writes(&self, method: &str, path_prefix: &str) -> usize {
        lock(&self.inner.writes)
            .iter()
            .filter(|w| w.method.eq_ignore_ascii_case(method) && w.path.starts_with(path_prefix))
            .count()
    }

    /// Forgets the write log (the data itself keeps every write).
    pub fn reset_writes(&self) {
        lock(&self.inner.writes).clear();
    }

    /// Every body field a write carried that the API ignored, in arrival order.
    pub fn ignored_fields(&self) -> Vec<IgnoredField> {
        lock(&self.inner.ignored).clone()
    }

    pub(crate) fn record_ignored(&self, field: IgnoredField) {
        lock(&self.inner.ignored).push(field);
    }

    pub(crate) fn record_write(&self, write: RecordedWrite) {
        lock(&self.inner.writes).push(write);
    }

    pub(crate) fn latency(&self) -> Duration {
        lock(&self.inner.settings).latency
    }

    pub(crate) fn view_search_mode(&self) -> ViewSearchMode {
        lock(&self.inner.settings).view_mode
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        lock(&self.inner.requests).push(request);
    }

    /// Pops one use of the first fault matching this request, if any.
    pub(crate) fn take_fault(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut faults = lock(&self.inner.faults);
        let index = faults.iter().position(|f| f.matches(method, path))?;
        let fault = &mut faults[index];
        let kind = fault.kind.clone();
        fault.times = fault.times.saturating_sub(1);
        if fault.times == 0 {
            faults.remove(index);
        }
        Some(kind)
    }

    /// Charges one request to `key`'s bucket under the current rate limit.
    pub(crate) fn charge(&self, key: &str, now: Instant) -> Charge {
        let limit = lock(&self.inner.settings).rate_limit;
        lock(&self.inner.buckets).charge(key, now, limit)
    }
}
