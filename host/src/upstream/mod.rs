//! Forwarding the component's allowed requests to the helpdesk, with the two
//! things only a long-lived host can do: answer repeated reference-data GETs
//! from a shared cache, and pace requests to stay inside the helpdesk's rate
//! limit. Everything here runs after the sandbox has allowed the request.

pub mod cache;
mod client;
pub mod pacer;
mod prefixed;
pub mod token;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use http_body_util::{BodyExt, Full};
use wasmtime_wasi_http::{RequestOptions, WasiBody};

use crate::sandbox::Outbound;

/// The header the component puts on reads sent with a write method (see the
/// guest's `http::READ_ONLY_HEADER`): they must not invalidate the cache.
pub const READ_ONLY_HEADER: &str = "x-helpdesk-read-only";
/// The header the component puts on writes that change no reference data the
/// cache may hold (a reply, a status change): they leave the cache as it is.
/// See the guest's `http::KEEPS_REFERENCE_HEADER`.
pub const KEEPS_REFERENCE_HEADER: &str = "x-helpdesk-keeps-reference";

/// Shared by every call of a process.
#[derive(Debug, Default)]
pub struct Upstream {
    /// Reference-data cache.
    pub cache: cache::Cache,
    /// Rate-limit pacing.
    pub pacer: pacer::Pacer,
    /// OAuth2 token answers the component marked (see [`token`]).
    pub tokens: token::Tokens,
    /// Kept-alive connections to the helpdesk.
    client: client::Client,
}

/// Sends `request` (already allowed) and fills `event` with what happened.
pub async fn forward(
    upstream: Arc<Upstream>,
    mut request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
    event: &mut Outbound,
) -> Result<http::Response<WasiBody>, wasmtime_wasi_http::Error> {
    let origin = origin(request.uri());
    if request.method() == http::Method::POST
        && request.headers_mut().remove(token::EXCHANGE_HEADER).is_some()
    {
        return exchange(upstream, request, options, event, &origin).await;
    }
    // The component marks reads sent as POST/PUT and writes that change no
    // reference data; the marks stay here.
    let marked_read = request.headers_mut().remove(READ_ONLY_HEADER).is_some();
    let keeps_reference = request.headers_mut().remove(KEEPS_REFERENCE_HEADER).is_some();
    let (request, body) = if cache::wants_body_key(&request, marked_read) {
        let (parts, body) = request.into_parts();
        match prefixed::read_up_to(body, cache::MAX_KEYED_REQUEST).await {
            Ok(prefixed::Read::Complete(bytes)) => {
                (http::Request::from_parts(parts, full(bytes.clone())), Some(bytes))
            }
            Ok(prefixed::Read::Longer(body)) => (http::Request::from_parts(parts, body.boxed_unsync()), None),
            Err(_) => return Err(wasmtime_wasi_http::Error::HttpRequestDenied),
        }
    } else {
        (request, None)
    };
    let cacheable = match cache::lookup(&request, body.as_deref()) {
        Some(cache::Lookup::Use(key, ttl)) => Some((key, ttl)),
        Some(cache::Lookup::Refresh(key)) => {
            // The component could not decode the copy it got: never serve it again.
            upstream.cache.remove(&key);
            tracing::info!(target: "helpdesk_mcp::outbound", path = %event.path, "refetching past the cache (no-cache)");
            None
        }
        None => None,
    };
    if let Some(hit) = cacheable.as_ref().and_then(|(key, _)| upstream.cache.get(key)) {
        event.status = Some(hit.status.as_u16());
        event.cached = true;
        let mut response = http::Response::new(full(hit.body));
        *response.status_mut() = hit.status;
        *response.headers_mut() = hit.headers;
        return Ok(response);
    }
    let wait = upstream.pacer.admit(&origin, Instant::now());
    if !wait.is_zero() {
        event.paced_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tokio::time::sleep(wait).await;
    }
    let write = !marked_read && !matches!(*request.method(), http::Method::GET | http::Method::HEAD);
    let started = Instant::now();
    let sent = upstream.client.send(request, options).await;
    event.millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let response = sent?;
    event.status = Some(response.status().as_u16());
    upstream.pacer.observe(&origin, response.headers(), Instant::now());
    if write && !keeps_reference && response.status().is_success() {
        // Lists the host cached may have changed.
        upstream.cache.clear();
    }
    match cacheable {
        Some((key, ttl)) if response.status() == http::StatusCode::OK => {
            // Buffer what the cache can keep (the pool drives the connection).
            // A longer body is passed on whole, for the component's own size cap.
            let (parts, body) = response.into_parts();
            let read = prefixed::read_up_to(body, cache::MAX_BODY)
                .await
                .map_err(|_| wasmtime_wasi_http::Error::HttpResponseIncomplete)?;
            match read {
                prefixed::Read::Complete(bytes) => {
                    let cached = cache::Cached {
                        status: parts.status,
                        headers: parts.headers.clone(),
                        body: bytes.clone(),
                    };
                    upstream.cache.put(key, cached, ttl);
                    Ok(http::Response::from_parts(parts, full(bytes)))
                }
                prefixed::Read::Longer(body) => Ok(http::Response::from_parts(parts, body.boxed_unsync())),
            }
        }
        _ => Ok(response),
    }
}

/// A token exchange: answered from memory while the token is fresh, else sent
/// and its answer kept for its lifetime (see [`token`]).
async fn exchange(
    upstream: Arc<Upstream>,
    request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
    event: &mut Outbound,
    origin: &str,
) -> Result<http::Response<WasiBody>, wasmtime_wasi_http::Error> {
    let (mut parts, body) = request.into_parts();
    parts.headers.remove(READ_ONLY_HEADER);
    let fresh = parts
        .headers
        .get_all(http::header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("no-cache"));
    parts.headers.remove(http::header::CACHE_CONTROL);
    let bytes = match prefixed::read_up_to(body, token::MAX_REQUEST).await {
        Ok(prefixed::Read::Complete(b)) => b,
        _ => return Err(wasmtime_wasi_http::Error::HttpRequestDenied),
    };
    let key = token::key(&parts.uri, &bytes);
    if fresh {
        upstream.tokens.remove(&key);
        tracing::info!(target: "helpdesk_mcp::outbound", path = %event.path, "renewing a token the helpdesk refused");
    } else if let Some(hit) = upstream.tokens.get(&key) {
        event.status = Some(200);
        event.cached = true;
        let mut response = http::Response::new(full(hit.body));
        *response.headers_mut() = hit.headers;
        return Ok(response);
    }
    let wait = upstream.pacer.admit(origin, Instant::now());
    if !wait.is_zero() {
        event.paced_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tokio::time::sleep(wait).await;
    }
    let started = Instant::now();
    let sent = upstream.client.send(http::Request::from_parts(parts, full(bytes)), options).await;
    event.millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let response = sent?;
    event.status = Some(response.status().as_u16());
    upstream.pacer.observe(origin, response.headers(), Instant::now());
    let (parts, body) = response.into_parts();
    let read = prefixed::read_up_to(body, token::MAX_ANSWER)
        .await
        .map_err(|_| wasmtime_wasi_http::Error::HttpResponseIncomplete)?;
    match read {
        prefixed::Read::Complete(bytes) => {
            if let Some(ttl) = token::lifetime(parts.status, &bytes) {
                upstream.tokens.put(key, parts.headers.clone(), bytes.clone(), ttl);
            }
            Ok(http::Response::from_parts(parts, full(bytes)))
        }
        prefixed::Read::Longer(body) => Ok(http::Response::from_parts(parts, body.boxed_unsync())),
    }
}

fn full(bytes: bytes::Bytes) -> WasiBody {
    Full::new(bytes).map_err(|e: Infallible| match e {}).boxed_unsync()
}

/// `scheme://host:port` of a URI (the pacer's key).
fn origin(uri: &http::Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("https");
    let port = uri.port_u16().unwrap_or(if scheme == "https" { 443 } else { 80 });
    format!("{scheme}://{}:{port}", uri.host().unwrap_or_default())
}
