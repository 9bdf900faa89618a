//! The process's one HTTP client to the helpdesk. `wasmtime_wasi_http`'s
//! default sender opens a new connection per request, and for HTTPS builds a
//! root store and runs a full TLS handshake each time: two of each per
//! `get_ticket`. Here connections are kept alive and shared by every call
//! (hyper-util's pool), with the same roots and crypto (webpki, ring).
//!
//! The component's per-request timeouts keep their meanings, because its retry
//! rule depends on them: a connect timeout means the request was never sent
//! (so even a write may be resent); a first-byte or between-bytes timeout
//! means it may have been.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, SizeHint};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::{HttpConnector, capture_connection};
use hyper_util::rt::TokioExecutor;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody};

/// Longest connect the pool's connector allows: the component's own ceiling
/// (`Limits::connect_timeout`). A shorter per-request connect timeout is
/// applied around the checkout (see [`Client::send`]).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle connections are closed well before common server keep-alive limits
/// (nginx 75 s, AWS ALB 60 s), so a reused connection is rarely one the
/// server is closing.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Idle connections kept per origin.
const MAX_IDLE_PER_ORIGIN: usize = 32;
/// Used where the component gave no timeout (it always does).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Kept-alive HTTP/1.1 connections (TLS except on loopback, which the sandbox
/// decides), shared by every call of a process.
#[derive(Clone, Debug)]
pub struct Client {
    inner: hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, WasiBody>,
}

impl Default for Client {
    fn default() -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            // ring's provider supports the default protocol versions: this
            // depends on no input, so it cannot fail at run time.
            .expect("ring supports TLS 1.2 and 1.3")
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let inner = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(IDLE_TIMEOUT)
            .pool_max_idle_per_host(MAX_IDLE_PER_ORIGIN)
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .build(https);
        Self { inner }
    }
}

impl Client {
    /// Sends `request` (already allowed by the sandbox) within the
    /// component's timeouts and returns the response with its body still
    /// streaming, guarded by the between-bytes timeout.
    pub async fn send(
        &self,
        mut request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
    ) -> Result<http::Response<WasiBody>, Error> {
        let limit = |pick: fn(&RequestOptions) -> Option<Duration>| {
            options.as_ref().and_then(pick).unwrap_or(DEFAULT_TIMEOUT)
        };
        let (connect, first_byte, between_bytes) = (
            limit(|o| o.connect_timeout),
            limit(|o| o.first_byte_timeout),
            limit(|o| o.between_bytes_timeout),
        );
        let mut connection = capture_connection(&mut request);
        let mut response = std::pin::pin!(self.inner.request(request));
        // Until a connection (new or pooled) is in hand nothing was written,
        // so running out of time here is a connect timeout.
        let early = tokio::time::timeout(connect, async {
            tokio::select! {
                biased;
                done = &mut response => Some(done),
                _ = connection.wait_for_connection_metadata() => None,
            }
        })
        .await
        .map_err(|_| Error::ConnectionTimeout)?;
        let answered = match early {
            Some(done) => done,
            None => {
                tokio::time::timeout(first_byte, response).await.map_err(|_| Error::ConnectionReadTimeout)?
            }
        };
        let response = answered.map_err(|e| client_error(&e))?;
        Ok(response.map(|body| Timed::new(body, between_bytes).boxed_unsync()))
    }
}

/// The wasi-http error for a failed send, keeping what the component tells
/// apart: not connected (refused, DNS, TLS, connect timeout) against a
/// failure after the request may have left.
fn client_error(e: &hyper_util::client::legacy::Error) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let (mut io, mut tls, mut hyper) = (None, None, None);
    while let Some(s) = source {
        if let Some(t) = s.downcast_ref::<rustls::Error>() {
            tls = Some(t);
        } else if let Some(h) = s.downcast_ref::<hyper::Error>() {
            hyper = hyper.or(Some(h));
        } else if let Some(i) = s.downcast_ref::<std::io::Error>() {
            io = Some(i);
        }
        source = s.source();
    }
    if let Some(t) = tls {
        return tls_error(t);
    }
    if e.is_connect() {
        return match io {
            Some(i) if i.kind() == std::io::ErrorKind::TimedOut => Error::ConnectionTimeout,
            // The runtime's hooks tell DNS failures from refusals by the text.
            Some(i) => Error::Connect(std::io::Error::new(i.kind(), i.to_string())),
            None => Error::Connect(std::io::Error::other(e.to_string())),
        };
    }
    match hyper {
        Some(h) if h.is_timeout() => Error::HttpResponseTimeout,
        _ => Error::HttpProtocolError,
    }
}

fn tls_error(e: &rustls::Error) -> Error {
    match e {
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented => {
            Error::TlsCertificateError
        }
        rustls::Error::AlertReceived(alert) => Error::TlsAlertReceived {
            alert_id: Some(u8::from(*alert)),
            alert_message: Some(format!("{alert:?}")),
        },
        _ => Error::TlsProtocolError,
    }
}

/// A response body that fails with `ConnectionReadTimeout` after a silence
/// longer than the component's between-bytes timeout.
struct Timed {
    body: hyper::body::Incoming,
    gap: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl Timed {
    fn new(body: hyper::body::Incoming, gap: Duration) -> Self {
        Self { body, gap, deadline: Box::pin(tokio::time::sleep(gap)) }
    }
}

impl Body for Timed {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let next = tokio::time::Instant::now() + this.gap;
                this.deadline.as_mut().reset(next);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) if e.is_timeout() => Poll::Ready(Some(Err(Error::HttpResponseTimeout))),
            Poll::Ready(Some(Err(_))) => Poll::Ready(Some(Err(Error::HttpProtocolError))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Error::ConnectionReadTimeout))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use http_body_util::{BodyExt, Empty};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    fn get(addr: std::net::SocketAddr) -> http::Request<WasiBody> {
        let body = Empty::<Bytes>::new().map_err(|e: std::convert::Infallible| match e {}).boxed_unsync();
        let mut request = http::Request::new(body);
        *request.uri_mut() = format!("http://{addr}/api/tickets/1").parse().unwrap();
        request
    }

    fn options(ms: u64) -> Option<RequestOptions> {
        let t = Some(Duration::from_millis(ms));
        Some(RequestOptions { connect_timeout: t, first_byte_timeout: t, between_bytes_timeout: t })
    }

    /// A loopback server answering each request on a connection with
    /// `answer`, counting the connections it accepts.
    async fn server(answer: &'static [u8]) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buf = vec![0; 4096];
                    // One read holds a whole small GET here.
                    while let Ok(n) = socket.read(&mut buf).await {
                        if n == 0 || socket.write_all(answer).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        (addr, accepted)
    }

    #[tokio::test]
    async fn connections_are_kept_alive_and_shared() {
        let (addr, accepted) = server(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await;
        let client = Client::default();
        for _ in 0..3 {
            let response = client.send(get(addr), options(5_000)).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.into_body().collect().await.unwrap().to_bytes(), "ok");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1, "one connection for three requests");
    }

    #[tokio::test]
    async fn silence_before_the_headers_is_a_first_byte_timeout() {
        let (addr, _) = server(b"").await;
        let outcome = Client::default().send(get(addr), options(200)).await;
        assert!(matches!(outcome, Err(Error::ConnectionReadTimeout)), "{outcome:?}");
    }

    #[tokio::test]
    async fn silence_mid_body_is_a_between_bytes_timeout() {
        let (addr, _) = server(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\npart").await;
        let response = Client::default().send(get(addr), options(200)).await.unwrap();
        let outcome = response.into_body().collect().await;
        assert!(matches!(outcome, Err(Error::ConnectionReadTimeout)), "{outcome:?}");
    }

    #[tokio::test]
    async fn a_closed_port_is_a_connect_error_the_request_never_left() {
        let addr = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
        let outcome = Client::default().send(get(addr), options(2_000)).await;
        match outcome {
            Err(Error::Connect(e)) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_connection_the_server_closed_is_not_reused() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            // Each connection answers once and closes.
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = vec![0; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await;
            }
        });
        let client = Client::default();
        for _ in 0..3 {
            let response = client.send(get(addr), options(2_000)).await.unwrap();
            assert_eq!(response.into_body().collect().await.unwrap().to_bytes(), "ok");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
