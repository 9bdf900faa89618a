//! A careless upstream that reflects what a request carried back at the client (the
//! `FaultKind::Reflect` fault): its `Authorization` header and query, in the shapes such
//! debug output takes. The tests use it to prove no credential the client sent ever comes
//! back out of the server, whatever encoding it is echoed in.

use axum::body::Body;
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::faults::Dialect;

/// Largest answer rewritten when a 200 is reflected into.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// The echo of one request, built when it arrives.
#[derive(Clone, Debug, Default)]
pub(crate) struct Echo(String);

impl Echo {
    /// What a request carried: the `Authorization` header whole, its credential bare,
    /// quoted, as `Basic:<b64>` and decoded, the key as `API-Key: <key>`, the query as sent
    /// and decoded, and a form body as sent and decoded.
    pub(crate) fn of(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> Self {
        let mut parts = Vec::new();
        if let Some(auth) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
            parts.push(format!("Authorization: {auth}"));
            let token = auth.split_once(' ').map_or(auth, |(_, t)| t.trim());
            parts.push(format!("credential {token} \"{token}\" Basic:{token}"));
            let decoded = STANDARD.decode(token).ok().and_then(|b| String::from_utf8(b).ok());
            if let Some(decoded) = decoded {
                parts.push(format!("user {decoded}"));
                if let Some((_, key)) = decoded.split_once(':') {
                    parts.push(format!("API-Key: {key}"));
                }
            }
        }
        if let Some(q) = query {
            parts.push(format!("query {q}"));
            parts.push(format!("decoded {}", decode_form(q)));
        }
        let is_form = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if is_form && !body.is_empty() {
            let text = String::from_utf8_lossy(body);
            parts.push(format!("body {text}"));
            parts.push(format!("decoded {}", decode_form(&text)));
        }
        Self(format!("[echo] {}", parts.join("; ")))
    }

    /// The echo text.
    pub(crate) fn text(&self) -> &str {
        &self.0
    }
}

/// `a=1&b=x%2By` → `a=1 b=x+y`.
fn decode_form(encoded: &str) -> String {
    form_urlencoded::parse(encoded.as_bytes()).map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
}

/// `resp` with `echo` written into its text fields by `dialect`.
pub(crate) async fn into_answer(resp: Response, echo: &Echo, dialect: &dyn Dialect) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let rewritten = dialect.reflect(&bytes, echo.text());
    parts.headers.remove("content-length");
    Response::from_parts(parts, Body::from(rewritten))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_echo_shows_the_credential_in_every_shape() {
        let mut headers = HeaderMap::new();
        let token = STANDARD.encode("api@x.test:k3y-0123456789");
        headers.insert("authorization", format!("Basic {token}").parse().unwrap());
        let echo = Echo::of(&headers, Some("e=/A&apikey=k1&signature=a%2Bb%3D"), b"");
        for shape in [
            format!("Basic {token}"),
            format!("\"{token}\""),
            format!("Basic:{token}"),
            "API-Key: k3y-0123456789".to_owned(),
            "signature=a%2Bb%3D".to_owned(),
            "signature=a+b=".to_owned(),
        ] {
            assert!(echo.text().contains(&shape), "{shape} missing from {}", echo.text());
        }
    }
}
