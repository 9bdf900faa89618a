//! Which client owns each MCP session. A session is usable only with the key
//! that created it: to any other key it does not exist (404), so a session id
//! seen in a log cannot be used to post into, listen to or end another
//! client's session. This is also the one place that decides a session has
//! ended (deleted, or idle past `--session-idle-secs`), so every such request
//! gets the same 404.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use rmcp::transport::streamable_http_server::session::SessionManager as _;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;
// Tokio's clock, so tests can pause it; the same as std's otherwise.
use tokio::time::Instant;

/// Who a request comes from: a digest of its client key, or `Open` when the
/// server has no keys.
#[derive(Clone, Copy, Debug)]
pub enum Owner {
    /// Keys are off: every request may use every session.
    Open,
    /// SHA-256 of the bearer key (the key itself is never kept).
    Key([u8; 32]),
}

impl Owner {
    /// The owner for a presented bearer key.
    pub fn key(key: &str) -> Self {
        Self::Key(Sha256::digest(key.as_bytes()).into())
    }

    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Open, Self::Open) => true,
            (Self::Key(a), Self::Key(b)) => bool::from(a.ct_eq(b)),
            _ => false,
        }
    }
}

struct Entry {
    owner: Owner,
    seen: Instant,
}

/// The live sessions and their owners.
pub struct Sessions {
    manager: Arc<LocalSessionManager>,
    owners: Mutex<HashMap<String, Entry>>,
    idle: Duration,
}

impl Sessions {
    /// Sessions of `manager`, ending after `idle` without a request.
    pub fn new(manager: Arc<LocalSessionManager>, idle: Duration) -> Self {
        Self { manager, owners: Mutex::default(), idle }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.owners.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether session `id` is live and `owner`'s; using it keeps it alive.
    /// A session found idle past its time is ended here.
    pub async fn usable(&self, id: &str, owner: &Owner) -> bool {
        let now = Instant::now();
        let expired = {
            let mut owners = self.lock();
            match owners.get_mut(id) {
                None => return false,
                Some(entry) if !entry.owner.same(owner) => return false,
                Some(entry) if now.duration_since(entry.seen) <= self.idle => {
                    entry.seen = now;
                    false
                }
                Some(_) => {
                    owners.remove(id);
                    true
                }
            }
        };
        if expired {
            self.close(id).await;
            return false;
        }
        self.manager.has_session(&id.into()).await.unwrap_or(false)
    }

    /// Records a new session, and ends those idle past their time.
    pub async fn bind(&self, id: &str, owner: Owner) {
        let now = Instant::now();
        self.lock().insert(id.to_owned(), Entry { owner, seen: now });
        self.end_idle(now).await;
    }

    /// Ends every session idle past its time at `now`; returns how many.
    async fn end_idle(&self, now: Instant) -> usize {
        let stale: Vec<String> = {
            let mut owners = self.lock();
            let stale: Vec<String> = owners
                .iter()
                .filter(|(_, e)| now.duration_since(e.seen) > self.idle)
                .map(|(id, _)| id.clone())
                .collect();
            for id in &stale {
                owners.remove(id);
            }
            stale
        };
        for id in &stale {
            self.close(id).await;
        }
        stale.len()
    }

    /// How often [`sweep`] looks for idle sessions: a quarter of the idle
    /// time, so a session outlives it by at most a quarter, within 1 s..60 s.
    fn sweep_every(&self) -> Duration {
        (self.idle / 4).clamp(Duration::from_secs(1), Duration::from_secs(60))
    }

    /// Live sessions (owned by a client, not yet ended).
    pub fn live(&self) -> usize {
        self.lock().len()
    }

    /// Whether rmcp still has session `id`.
    pub async fn exists(&self, id: &str) -> bool {
        self.manager.has_session(&id.into()).await.unwrap_or(false)
    }

    /// Forgets a session rmcp has ended (after a DELETE).
    pub fn forget(&self, id: &str) {
        self.lock().remove(id);
    }

    async fn close(&self, id: &str) {
        if let Err(e) = self.manager.close_session(&id.into()).await {
            tracing::debug!(target: "helpdesk_mcp::http", "closing an idle session: {e}");
        }
    }
}

/// Ends idle sessions on a timer, so an idle session's memory (rmcp's worker,
/// its message cache, the tool server) is freed even when no new client
/// arrives, then hands the freed memory back to the system. Stops when the
/// sessions are dropped (the server stopped).
pub async fn sweep(sessions: Weak<Sessions>) {
    let Some(every) = sessions.upgrade().map(|s| s.sweep_every()) else { return };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        let Some(sessions) = sessions.upgrade() else { return };
        let ended = sessions.end_idle(Instant::now()).await;
        if ended > 0 {
            tracing::info!(target: "helpdesk_mcp::http", "ended {ended} idle session(s); {} live", sessions.live());
            crate::memory::release();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sessions_belong_to_their_key() {
        let alice = Owner::key("alice_key_0123456789abcdef");
        let bob = Owner::key("bob_key_0123456789abcdef01");
        assert!(alice.same(&Owner::key("alice_key_0123456789abcdef")) && Owner::Open.same(&Owner::Open));
        assert!(!alice.same(&bob) && !alice.same(&Owner::Open) && !Owner::Open.same(&bob));
        let sessions = Sessions::new(Arc::default(), Duration::from_secs(60));
        sessions.bind("s1", alice).await;
        assert!(!sessions.usable("s1", &bob).await);
        assert!(!sessions.usable("unknown", &alice).await);
        assert!(sessions.lock().contains_key("s1"), "a stranger's attempt does not end it");
        sessions.forget("s1");
        assert!(!sessions.lock().contains_key("s1"));
    }

    #[tokio::test]
    async fn idle_sessions_are_dropped_when_the_next_one_starts() {
        let sessions = Sessions::new(Arc::default(), Duration::ZERO);
        sessions.bind("old", Owner::Open).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
        sessions.bind("new", Owner::Open).await;
        let owners = sessions.lock();
        assert!(!owners.contains_key("old") && owners.contains_key("new"));
    }

    #[tokio::test(start_paused = true)]
    async fn idle_sessions_end_on_a_timer_without_new_clients() {
        let sessions = Arc::new(Sessions::new(Arc::default(), Duration::from_secs(8)));
        assert_eq!(sessions.sweep_every(), Duration::from_secs(2));
        sessions.bind("a", Owner::Open).await;
        sessions.bind("b", Owner::Open).await;
        let sweeper = tokio::spawn(sweep(Arc::downgrade(&sessions)));
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(sessions.live(), 2, "neither idle for 8 s yet");
        // Rmcp does not know "b", so it is not usable, but asking keeps it alive.
        assert!(!sessions.usable("b", &Owner::Open).await);
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert_eq!(sessions.live(), 1, "\"a\" ended by the timer, with no new client");
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(sessions.live(), 0);
        drop(sessions);
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(sweeper.is_finished(), "the sweeper stops with the server");
    }
}
