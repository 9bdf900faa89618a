//! How many tool calls run at once. Each running call holds a component
//! instance (its linear memory) and an upstream response body, so without a
//! bound memory grows with the number of concurrent calls. Calls beyond the
//! bound wait in a bounded queue; past that (or after waiting a whole call
//! budget) they are refused with a tool error that says to retry, so the
//! model backs off instead of the process growing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallBounds {
    /// Calls running at once in the process.
    pub running: usize,
    /// Calls running at once in one MCP session.
    pub per_session: usize,
    /// Calls waiting for a slot, process-wide; more are refused at once.
    pub queued: usize,
    /// Longest wait for a slot.
    pub wait: Duration,
}

impl Default for CallBounds {
    fn default() -> Self {
        Self { running: 8, per_session: 4, queued: 32, wait: Duration::from_secs(30) }
    }
}

/// Why a call was not admitted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Busy {
    /// The queue is full.
    #[error(
        "The server is busy: {running} tool calls are running and {queued} more are waiting, the most it allows. \
         Nothing was sent to the helpdesk; retry in a few seconds, one call at a time."
    )]
    QueueFull {
        /// The running bound.
        running: usize,
        /// The queue bound.
        queued: usize,
    },
    /// No slot freed up in time.
    #[error(
        "The server is busy: this call waited {0} s for one of the running tool calls to finish. \
         Nothing was sent to the helpdesk; retry in a few seconds, one call at a time."
    )]
    Waited(u64),
}

struct Shared {
    bounds: CallBounds,
    running: Arc<Semaphore>,
    waiting: AtomicUsize,
}

/// One session's view of the process-wide bounds. Cheap to clone; clones
/// share the session's slots, [`Calls::session`] makes a new session's.
#[derive(Clone)]
pub struct Calls {
    shared: Arc<Shared>,
    session: Arc<Semaphore>,
}

impl Default for Calls {
    fn default() -> Self {
        Self::new(CallBounds::default())
    }
}

impl std::fmt::Debug for Calls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calls").field("bounds", &self.shared.bounds).finish()
    }
}

/// A running call's slots, given back when dropped.
pub struct Slot {
    _session: OwnedSemaphorePermit,
    _process: OwnedSemaphorePermit,
}

/// A place in the queue, given back when dropped.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Calls {
    /// Fresh bounds for a process (zeros are taken as one).
    pub fn new(bounds: CallBounds) -> Self {
        let bounds = CallBounds {
            running: bounds.running.clamp(1, Semaphore::MAX_PERMITS),
            per_session: bounds.per_session.clamp(1, Semaphore::MAX_PERMITS),
            ..bounds
        };
        let shared = Shared {
            bounds,
            running: Arc::new(Semaphore::new(bounds.running)),
            waiting: AtomicUsize::new(0),
        };
        Self { shared: Arc::new(shared), session: Arc::new(Semaphore::new(bounds.per_session)) }
    }

    /// The same process-wide bounds, with a new session's own slots.
    #[must_use]
    pub fn session(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            session: Arc::new(Semaphore::new(self.shared.bounds.per_session)),
        }
    }

    /// The bounds in force.
    pub fn bounds(&self) -> CallBounds {
        self.shared.bounds
    }

    /// Waits for a slot in this session and in the process, or says why not.
    pub async fn enter(&self) -> Result<Slot, Busy> {
        let shared = &self.shared;
        let session = match self.session.clone().try_acquire_owned() {
            Ok(session) => match shared.running.clone().try_acquire_owned() {
                Ok(process) => return Ok(Slot { _session: session, _process: process }),
                Err(_) => Some(session),
            },
            Err(_) => None,
        };
        let bounds = shared.bounds;
        if shared.waiting.fetch_add(1, Ordering::AcqRel) >= bounds.queued {
            shared.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(Busy::QueueFull { running: bounds.running, queued: bounds.queued });
        }
        let _queued = Queued(&shared.waiting);
        let wait = async {
            let session = match session {
                Some(permit) => permit,
                None => self.session.clone().acquire_owned().await.ok()?,
            };
            let process = shared.running.clone().acquire_owned().await.ok()?;
            Some(Slot { _session: session, _process: process })
        };
        match tokio::time::timeout(bounds.wait, wait).await {
            Ok(Some(slot)) => Ok(slot),
            _ => Err(Busy::Waited(bounds.wait.as_secs())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(running: usize, per_session: usize, queued: usize) -> CallBounds {
        CallBounds { running, per_session, queued, wait: Duration::from_millis(200) }
    }

    #[tokio::test]
    async fn calls_beyond_the_bound_queue_then_are_refused() {
        let calls = Calls::new(bounds(2, 2, 1));
        let a = calls.enter().await;
        let b = calls.enter().await;
        assert!(a.is_ok() && b.is_ok());
        let waiter = {
            let calls = calls.clone();
            tokio::spawn(async move { calls.enter().await.map(|_| ()) })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(calls.enter().await.err(), Some(Busy::QueueFull { running: 2, queued: 1 }));
        drop(a);
        assert_eq!(waiter.await.ok(), Some(Ok(())), "the queued call runs once a slot frees");
    }

    #[tokio::test]
    async fn a_session_has_its_own_share_of_the_process() {
        let calls = Calls::new(bounds(3, 1, 0));
        let other = calls.session();
        let _first = calls.enter().await;
        assert!(matches!(calls.enter().await, Err(Busy::QueueFull { .. })), "this session is at its bound");
        assert!(other.enter().await.is_ok(), "another session still runs");
    }

    #[tokio::test]
    async fn a_wait_is_bounded() {
        let calls = Calls::new(bounds(1, 1, 4));
        let _held = calls.enter().await;
        assert_eq!(calls.enter().await.err(), Some(Busy::Waited(0)));
        assert!(Busy::Waited(30).to_string().contains("retry"));
    }
}
