//! Upstream requests as MCP notifications. The host sees every request the
//! component makes (method, path, status, time — never headers, bodies or
//! query strings), so a client that asked for logging gets one
//! `notifications/message` per request, and a client that sent a
//! `progressToken` gets `notifications/progress` as the requests complete.
//! The component needs no import for any of this.

#![allow(deprecated)] // MCP logging is deprecated by a future spec (SEP-2577) but current in 2025-11-25.

use std::sync::Mutex;

use rmcp::model::{LoggingLevel, LoggingMessageNotificationParam, ProgressNotificationParam, ProgressToken};
use rmcp::{Peer, RoleServer};
use tokio::sync::mpsc;

use crate::sandbox::{Observer, Outbound};

/// The logger name clients see.
pub const LOGGER: &str = "helpdesk-mcp.upstream";

/// Per-session logging state (`logging/setLevel`).
#[derive(Debug, Default)]
pub struct LogLevel(Mutex<Option<LoggingLevel>>);

fn rank(level: LoggingLevel) -> u8 {
    match level {
        LoggingLevel::Debug => 0,
        LoggingLevel::Info => 1,
        LoggingLevel::Notice => 2,
        LoggingLevel::Warning => 3,
        LoggingLevel::Error => 4,
        LoggingLevel::Critical => 5,
        LoggingLevel::Alert => 6,
        LoggingLevel::Emergency => 7,
    }
}

impl LogLevel {
    /// Records the client's minimum level.
    pub fn set(&self, level: LoggingLevel) {
        if let Ok(mut l) = self.0.lock() {
            *l = Some(level);
        }
    }

    /// Whether a message at `level` goes out. Nothing is sent before the
    /// client asks for it.
    pub fn wants(&self, level: LoggingLevel) -> bool {
        self.0.lock().ok().and_then(|l| *l).is_some_and(|min| rank(level) >= rank(min))
    }
}

/// How one upstream request is logged: failures as warnings.
fn level_of(event: &Outbound) -> LoggingLevel {
    match event.status {
        _ if event.denied => LoggingLevel::Warning,
        None => LoggingLevel::Warning,
        Some(s) if s >= 400 => LoggingLevel::Warning,
        Some(_) => LoggingLevel::Info,
    }
}

/// One line for humans: `GET /api/tickets → 200 in 84 ms (cached)`.
pub fn summary(event: &Outbound) -> String {
    let outcome = match event.status {
        _ if event.denied => "denied by the sandbox".to_owned(),
        Some(s) => s.to_string(),
        None => "no response".to_owned(),
    };
    let mut line = format!("{} {} → {outcome} in {} ms", event.method, event.path, event.millis);
    if event.cached {
        line.push_str(" (cached)");
    }
    if event.paced_ms > 0 {
        line.push_str(&format!(" (held {} ms for the rate limit)", event.paced_ms));
    }
    line
}

/// Where one call's notifications go.
pub struct Notifier {
    peer: Peer<RoleServer>,
    log: bool,
    level: std::sync::Arc<LogLevel>,
    progress: Option<ProgressToken>,
    done: u32,
}

impl Notifier {
    /// A notifier for one call, or `None` when the client wants neither logs nor progress.
    pub fn new(
        peer: Peer<RoleServer>,
        level: std::sync::Arc<LogLevel>,
        progress: Option<ProgressToken>,
    ) -> Option<Self> {
        let log = level.wants(LoggingLevel::Warning);
        (log || progress.is_some()).then_some(Self { peer, log, level, progress, done: 0 })
    }

    /// An observer feeding `tx`, and the receiving end.
    pub fn channel() -> (Observer, mpsc::UnboundedReceiver<Outbound>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let observer: Observer = std::sync::Arc::new(move |event: &Outbound| {
            let _ = tx.send(event.clone());
        });
        (observer, rx)
    }

    /// Sends what `event` warrants. A client gone away is not an error here.
    pub async fn send(&mut self, event: &Outbound) {
        let level = level_of(event);
        if self.log && self.level.wants(level) {
            let data = serde_json::json!({
                "message": summary(event),
                "method": event.method,
                "path": event.path,
                "status": event.status,
                "ms": event.millis,
                "cached": event.cached,
                "denied": event.denied,
            });
            let param = LoggingMessageNotificationParam::new(level, data).with_logger(LOGGER);
            let _ = self.peer.notify_logging_message(param).await;
        }
        if let Some(token) = &self.progress {
            self.done += 1;
            let param = ProgressNotificationParam::new(token.clone(), f64::from(self.done))
                .with_message(format!("helpdesk request {}: {}", self.done, summary(event)));
            let _ = self.peer.notify_progress(param).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(status: Option<u16>) -> Outbound {
        Outbound {
            method: "GET".into(),
            host: "acme.gorgias.com".into(),
            path: "/api/tickets".into(),
            status,
            denied: false,
            millis: 84,
            cached: false,
            paced_ms: 0,
        }
    }

    #[test]
    fn levels_filter_by_rank_and_default_to_silence() {
        let l = LogLevel::default();
        assert!(!l.wants(LoggingLevel::Emergency));
        l.set(LoggingLevel::Warning);
        assert!(l.wants(LoggingLevel::Error) && !l.wants(LoggingLevel::Info));
        l.set(LoggingLevel::Debug);
        assert!(l.wants(LoggingLevel::Info));
    }

    #[test]
    fn failures_are_warnings_and_summaries_read_well() {
        assert_eq!(level_of(&event(Some(200))), LoggingLevel::Info);
        assert_eq!(level_of(&event(Some(429))), LoggingLevel::Warning);
        assert_eq!(level_of(&event(None)), LoggingLevel::Warning);
        assert_eq!(summary(&event(Some(200))), "GET /api/tickets → 200 in 84 ms");
    }
}
