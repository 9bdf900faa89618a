//! The HTTP/1.1 server under `/mcp`, with the limits an endpoint reachable
//! by hostile clients needs: a cap on open connections (excess ones wait in
//! the kernel's accept queue instead of exhausting file descriptors), a
//! deadline for a request's headers (slowloris), and an idle keep-alive
//! timeout. The body deadline is the guard's, which reads every body.
//!
//! hyper's own header timer also runs while a connection is idle between
//! requests, so both clocks are kept here instead, from what the socket and
//! the service see: a connection with a request in flight (including an open
//! SSE stream, which is a response still being written) is never timed out.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use http::Request;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::service::Service as _;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;

/// Connection limits of the HTTP server.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Time a client has to send a request's headers, from its first byte (or
    /// from the connection's opening, for its first request).
    pub header_timeout: Duration,
    /// A keep-alive connection with no request in flight is closed after this.
    pub idle_timeout: Duration,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 256,
        }
    }
}

/// How long shutdown waits for open connections (SSE streams never end on their own).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (closing, closed) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of descriptors (EMFILE/ENFILE) or a connection reset
                // before accept: wait a moment rather than spin.
                tracing::warn!(target: "helpdesk_mcp::http", "accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let router = router.clone();
        let closed = closed.clone();
        tokio::spawn(async move {
            connection(stream, peer, router, limits, closed).await;
            drop(slot);
        });
    }
    let _ = closing.send(true);
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await;
    Ok(())
}

/// Serves one connection until it ends, times out or the server closes.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    mut closed: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched { inner: stream, activity: activity.clone() });
    let tower = TowerToHyperService::new(router);
    let requests = activity.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let held = requests.enter();
        let answer = tower.call(request.map(Body::new));
        async move {
            let response = answer.await?;
            // The request counts as in flight until its body (an SSE stream,
            // possibly) has been written or dropped.
            Ok::<_, Infallible>(response.map(|body| Body::new(Held { body, _in_flight: held })))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.header_read_timeout(None::<Duration>);
    let mut conn = pin!(builder.serve_connection(io, service));
    let mut closing = false;
    loop {
        let deadline = activity.deadline(&limits);
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(target: "helpdesk_mcp::http", %peer, "connection ended: {e}");
                }
                return;
            }
            () = sleep_until(deadline) => {
                if let Some(why) = activity.expired(&limits) {
                    tracing::debug!(target: "helpdesk_mcp::http", %peer, "closing the connection: {why}");
                    return;
                }
            }
            () = activity.changed.notified() => {}
            _ = closed.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// What one connection is doing, as far as its deadlines care.
struct Activity {
    state: Mutex<State>,
    /// Woken when a deadline may have moved earlier or appeared.
    changed: Notify,
}

struct State {
    /// Requests whose response has not been written yet.
    in_flight: usize,
    /// Since when headers have been awaited (first byte, or the opening).
    head_since: Option<Instant>,
    /// Since when the connection has had nothing in flight.
    idle_since: Instant,
}

impl Activity {
    fn new() -> Self {
        let now = Instant::now();
        let state = State { in_flight: 0, head_since: Some(now), idle_since: now };
        Self { state: Mutex::new(state), changed: Notify::new() }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Bytes arrived: between requests, they start the next request's headers.
    fn read(&self) {
        let mut state = self.lock();
        if state.in_flight == 0 && state.head_since.is_none() {
            state.head_since = Some(Instant::now());
            drop(state);
            self.changed.notify_one();
        }
    }

    /// A request's headers are in: no deadline here until its answer is done.
    fn enter(self: &Arc<Self>) -> InFlight {
        let mut state = self.lock();
        state.in_flight += 1;
        state.head_since = None;
        InFlight(self.clone())
    }

    fn deadline(&self, limits: &ConnectionLimits) -> Option<Instant> {
        self.lock().deadline(limits)
    }

    /// Why the connection must close now, if it must.
    fn expired(&self, limits: &ConnectionLimits) -> Option<&'static str> {
        let state = self.lock();
        let deadline = state.deadline(limits)?;
        (Instant::now() >= deadline).then(|| state.why())
    }
}

impl State {
    /// When the connection must close unless something happens first.
    fn deadline(&self, limits: &ConnectionLimits) -> Option<Instant> {
        if self.in_flight > 0 {
            return None;
        }
        Some(match self.head_since {
            Some(since) => since + limits.header_timeout,
            None => self.idle_since + limits.idle_timeout,
        })
    }

    fn why(&self) -> &'static str {
        if self.head_since.is_some() {
            "the request headers did not arrive in time"
        } else {
            "idle keep-alive timeout"
        }
    }
}

/// One request in flight; dropped when its response is done.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            state.idle_since = Instant::now();
            drop(state);
            self.0.changed.notify_one();
        }
    }
}

/// A response body that keeps its request in flight until it is dropped.
struct Held {
    body: Body,
    _in_flight: InFlight,
}

impl hyper::body::Body for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, reporting reads to the connection's [`Activity`].
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.read();
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ConnectionLimits = ConnectionLimits {
        header_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_secs(5),
        max_connections: 1,
    };

    #[test]
    fn a_new_connection_must_send_headers_in_time() {
        let a = Arc::new(Activity::new());
        let opened = a.lock().idle_since;
        assert_eq!(a.deadline(&LIMITS), Some(opened + LIMITS.header_timeout));
        assert!(a.lock().why().contains("headers"));
    }

    #[test]
    fn nothing_times_out_while_a_request_is_in_flight() {
        let a = Arc::new(Activity::new());
        let first = a.enter();
        let second = a.enter();
        a.read(); // body bytes, or a pipelined request
        assert_eq!(a.deadline(&LIMITS), None);
        drop(first);
        assert_eq!(a.deadline(&LIMITS), None, "one is still in flight");
        drop(second);
        let idle = a.lock().idle_since;
        assert_eq!(a.deadline(&LIMITS), Some(idle + LIMITS.idle_timeout));
        assert!(a.lock().why().contains("idle"));
    }

    #[test]
    fn the_first_byte_after_idling_starts_the_header_clock() {
        let a = Arc::new(Activity::new());
        drop(a.enter());
        a.read();
        let since = a.lock().head_since;
        assert!(since.is_some());
        a.read();
        assert_eq!(a.lock().head_since, since, "later bytes do not restart it");
        assert_eq!(a.deadline(&LIMITS), since.map(|s| s + LIMITS.header_timeout));
    }
}
