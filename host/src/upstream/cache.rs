//! A small shared cache for upstream reads that ask for it: the component marks
//! reference-data requests (agents, teams, tags, views, fields) with
//! `Cache-Control: max-age=N`, and the host answers repeats from memory for N
//! seconds. Runtimes without this host simply fetch every time, which is still
//! correct. Entries are keyed by URL and a hash of the credentials, so one
//! key's data never answers another's; a successful write clears the cache
//! unless the component marked it as changing no reference data.
//!
//! Reads some APIs send as POST (Tickiti's every call is one) are kept too when
//! the component marked them read-only: their body is part of the key (as a
//! SHA-256 digest), so two different questions to one route never share an entry.
//!
//! A request with `Cache-Control: no-cache` (or `no-store`) is never answered
//! from memory: its entry is dropped and the answer is not stored. The
//! component sends it when an answer could not be decoded, asking once more;
//! that re-ask is how the host learns a stored copy was bad (it cannot parse
//! every helpdesk's formats itself), and not storing the re-ask's answer
//! means a second bad body is never kept either. The next ordinary request
//! fetches and stores a fresh copy.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use sha2::{Digest, Sha256};

/// Longest freshness honoured, whatever the request asks.
const MAX_AGE: Duration = Duration::from_secs(600);
/// Largest body kept.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Largest request body of a marked-read POST that is read to key it; a
/// longer one is sent uncached.
pub const MAX_KEYED_REQUEST: usize = 64 * 1024;
/// Entries kept at most (oldest evicted first).
const MAX_ENTRIES: usize = 256;

/// A stored response.
#[derive(Clone, Debug)]
pub struct Cached {
    /// Status (always 200).
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Bytes,
}

#[derive(Debug)]
struct Entry {
    response: Cached,
    stored: Instant,
    expires: Instant,
}

/// The cache. One per process, shared by every call.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<(String, u64), Entry>>,
}

/// An entry's key: the URL without signing parameters, and a hash of the credentials.
pub type Key = (String, u64);

/// What the cache does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Answer from memory when fresh, else fetch and keep for this long.
    Use(Key, Duration),
    /// Drop any stored copy, fetch, and keep nothing (`no-cache`, `no-store`).
    Refresh(Key),
}

/// The cache directives a request carries, lower-cased.
fn directives<B>(request: &Request<B>) -> Vec<String> {
    request
        .headers()
        .get_all(http::header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|d| d.trim().to_ascii_lowercase())
        .collect()
}

/// Whether `request` is a marked read sent with a write method that asks to be
/// cached (or refreshed): its body must then be read to key it.
pub fn wants_body_key<B>(request: &Request<B>, marked_read: bool) -> bool {
    marked_read
        && matches!(*request.method(), Method::POST | Method::PUT)
        && directives(request).iter().any(|d| d.starts_with("max-age=") || d == "no-cache" || d == "no-store")
}

/// What the cache does with `request`; `None` for requests it never touches.
/// `body` is the whole body of a marked-read POST or PUT ([`wants_body_key`]);
/// without it only GETs are considered.
pub fn lookup<B>(request: &Request<B>, body: Option<&[u8]>) -> Option<Lookup> {
    let uri = match (request.method(), body) {
        (&Method::GET, _) => key_uri(request.uri()),
        (&Method::POST | &Method::PUT, Some(body)) => {
            format!("{} {}#{:x}", request.method(), key_uri(request.uri()), Sha256::digest(body))
        }
        _ => return None,
    };
    let directives = directives(request);
    let mut h = DefaultHasher::new();
    request.headers().get(http::header::AUTHORIZATION).map(|v| v.as_bytes()).hash(&mut h);
    let key = (uri, h.finish());
    if directives.iter().any(|d| d == "no-cache" || d == "no-store") {
        return Some(Lookup::Refresh(key));
    }
    let max_age =
        directives.iter().find_map(|d| d.strip_prefix("max-age=").and_then(|n| n.parse::<u64>().ok()))?;
    (max_age > 0).then(|| Lookup::Use(key, Duration::from_secs(max_age).min(MAX_AGE)))
}

/// Query parameters that sign one request (Kayako's fresh random `salt` and
/// the `signature` over it). They differ on every request, and the credentials
/// behind them are fixed for the process, so they are left out of the key.
const SIGNING_PARAMS: [&str; 2] = ["salt", "signature"];

/// The URI a cache entry is keyed by: the request's, without signing parameters.
fn key_uri(uri: &http::Uri) -> String {
    let Some(query) = uri.query() else { return uri.to_string() };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !SIGNING_PARAMS.contains(&pair.split('=').next().unwrap_or_default()))
        .collect();
    let base = uri.to_string();
    let base = base.split('?').next().unwrap_or_default();
    if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) }
}

impl Cache {
    /// A fresh entry for `key`.
    pub fn get(&self, key: &(String, u64)) -> Option<Cached> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|e| e.expires > Instant::now()).map(|e| e.response.clone())
    }

    /// Stores a 200 response for `ttl`.
    pub fn put(&self, key: (String, u64), response: Cached, ttl: Duration) {
        if response.status != StatusCode::OK || response.body.len() > MAX_BODY {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else { return };
        let now = Instant::now();
        entries.retain(|_, e| e.expires > now);
        if entries.len() >= MAX_ENTRIES
            && let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.stored).map(|(k, _)| k.clone())
        {
            entries.remove(&oldest);
        }
        entries.insert(key, Entry { response, stored: now, expires: now + ttl });
    }

    /// Forgets one entry (its copy could not be decoded).
    pub fn remove(&self, key: &Key) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    /// Forgets everything (after a write, cached lists may be stale).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    /// Entries currently stored.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_parameters_stay_out_of_the_key() {
        let key = |u: &str| key_uri(&u.parse().unwrap());
        assert_eq!(
            key("http://h/api/index.php?e=/Base/Department&apikey=k&salt=abc&signature=x%3D"),
            "http://h/api/index.php?e=/Base/Department&apikey=k"
        );
        assert_eq!(key("http://h/api/users?limit=100"), "http://h/api/users?limit=100");
        assert_eq!(key("http://h/x?salt=1&signature=2"), "http://h/x");
    }

    fn request(method: &str, cache: Option<&str>, auth: &str) -> Request<()> {
        let mut b = Request::builder()
            .method(method)
            .uri("https://acme.gorgias.com/api/users?limit=100")
            .header("authorization", auth);
        if let Some(c) = cache {
            b = b.header("cache-control", c);
        }
        b.body(()).unwrap()
    }

    fn ok(body: &'static str) -> Cached {
        Cached {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    fn cacheable(request: &Request<()>) -> Option<(Key, Duration)> {
        match lookup(request, None)? {
            Lookup::Use(key, ttl) => Some((key, ttl)),
            Lookup::Refresh(_) => None,
        }
    }

    #[test]
    fn only_gets_that_ask_are_cacheable_and_freshness_is_capped() {
        assert!(lookup(&request("GET", None, "a"), None).is_none());
        assert!(lookup(&request("PUT", Some("max-age=600"), "a"), None).is_none());
        assert!(lookup(&request("GET", Some("max-age=0"), "a"), None).is_none());
        let (_, ttl) = cacheable(&request("GET", Some("max-age=99999"), "a")).unwrap();
        assert_eq!(ttl, MAX_AGE);
    }

    #[test]
    fn no_cache_refreshes_the_same_entry() {
        let (key, _) = cacheable(&request("GET", Some("max-age=600"), "a")).unwrap();
        assert_eq!(lookup(&request("GET", Some("no-cache"), "a"), None), Some(Lookup::Refresh(key.clone())));
        assert_eq!(
            lookup(&request("GET", Some("No-Store, max-age=600"), "a"), None),
            Some(Lookup::Refresh(key.clone()))
        );
        let cache = Cache::default();
        cache.put(key.clone(), ok("bad"), Duration::from_secs(60));
        cache.remove(&key);
        assert!(cache.get(&key).is_none());
    }

    #[test]
    fn marked_read_posts_are_keyed_by_their_body() {
        let post = request("POST", Some("max-age=600"), "Bearer t");
        assert!(wants_body_key(&post, true));
        assert!(!wants_body_key(&post, false), "an unmarked POST is a write");
        assert!(!wants_body_key(&request("POST", None, "Bearer t"), true), "no directive, no key");
        let key = |body: &[u8]| match lookup(&post, Some(body)) {
            Some(Lookup::Use(key, _)) => key,
            other => panic!("not cacheable: {other:?}"),
        };
        assert_eq!(key(b"{}"), key(b"{}"));
        assert_ne!(key(b"{}"), key(b"{\"queue\":1}"));
        let get = cacheable(&request("GET", Some("max-age=600"), "Bearer t")).unwrap().0;
        assert_ne!(key(b""), get, "a POST never answers the GET of the same URL");
        assert!(!key(b"{\"secret\":1}").0.contains("secret"), "the body is only a digest in the key");
        assert_eq!(
            lookup(&request("POST", Some("no-cache"), "Bearer t"), Some(b"{}")),
            Some(Lookup::Refresh(key(b"{}")))
        );
    }

    #[test]
    fn entries_are_per_credential_and_cleared_by_writes() {
        let cache = Cache::default();
        let (key_a, ttl) = cacheable(&request("GET", Some("max-age=600"), "Basic a")).unwrap();
        let (key_b, _) = cacheable(&request("GET", Some("max-age=600"), "Basic b")).unwrap();
        cache.put(key_a.clone(), ok("users"), ttl);
        assert_eq!(cache.get(&key_a).map(|c| c.body), Some(Bytes::from_static(b"users")));
        assert!(cache.get(&key_b).is_none(), "another credential never sees it");
        cache.clear();
        assert!(cache.get(&key_a).is_none());
    }

    #[test]
    fn expired_and_non_200_responses_are_not_served() {
        let cache = Cache::default();
        let (key, _) = cacheable(&request("GET", Some("max-age=1"), "a")).unwrap();
        cache.put(key.clone(), ok("x"), Duration::ZERO);
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), Cached { status: StatusCode::NOT_FOUND, ..ok("x") }, Duration::from_secs(60));
        assert!(cache.get(&key).is_none());
    }
}
