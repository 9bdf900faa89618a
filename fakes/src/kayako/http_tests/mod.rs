//! HTTP-level tests: the whole fake as a router driven with `oneshot`.

mod reads;
mod signing;
mod writes_faults;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use super::auth::sign;
use super::fixtures as fx;
use super::gate;
use super::options::KayakoOptions;
use crate::control::Control;

/// A fixed "now" (2026-09-21) so dates in answers are stable.
pub(crate) const NOW: i64 = 1_790_000_000;

/// The default fake as a router.
pub(crate) fn app() -> (Router, Control) {
    gate::build(&KayakoOptions::default(), NOW)
}

/// `apikey=..&salt=..&signature=..` signed with the fixture secret.
pub(crate) fn auth() -> String {
    let salt = "8392741";
    let sig = sign(fx::SECRET_KEY, salt);
    form(&[("apikey", fx::API_KEY), ("salt", salt), ("signature", &sig)])
}

/// Encodes form fields.
pub(crate) fn form(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A response reduced to what tests look at; the body as bytes and lossy text.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub bytes: Vec<u8>,
    pub text: String,
}

/// Sends a raw request: `uri` as given, `body` form-encoded when present.
pub(crate) async fn send(app: &Router, method: &str, uri: &str, body: Option<String>) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let req = req.body(Body::from(body.unwrap_or_default())).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec();
    Reply { status, text: String::from_utf8_lossy(&bytes).into_owned(), bytes }
}

/// Signed GET of a route, PATH_INFO form.
pub(crate) async fn get(app: &Router, route: &str) -> Reply {
    send(app, "GET", &format!("/api/index.php{route}?{}", auth()), None).await
}

/// Signed POST/PUT of a route (`?e=` form), auth and fields in the form body.
pub(crate) async fn write(app: &Router, method: &str, route: &str, fields: &[(&str, &str)]) -> Reply {
    let body = format!("{}&{}", form(fields), auth());
    send(app, method, &format!("/api/index.php?e={route}"), Some(body)).await
}

/// Values of every `<tag>` in a document (CDATA unwrapped, split sections joined).
pub(crate) fn values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split(&close).next())
        .map(|v| {
            v.replace("]]]]><![CDATA[>", "]]>")
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>")
                .to_string()
        })
        .collect()
}

/// Ticket ids (`<ticket id="..">`) in a document, in order.
pub(crate) fn ticket_ids(xml: &str) -> Vec<u64> {
    xml.split("<ticket id=\"").skip(1).filter_map(|r| r.split('"').next()?.parse().ok()).collect()
}
