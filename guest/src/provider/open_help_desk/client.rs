//! Requests to `/api/v1` and what their answers mean: bearer authentication (via
//! `auth`, renewing a client-credentials token once on a 401), JSON decoding, and
//! the mapping from a status and the `{"error":{"code","message"}}` envelope to
//! tool errors that name the role an operation needs.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Ohd;
use super::auth::{Bearer, Credentials, TokenAnswer};
use super::wire;
use crate::http::{HttpError, Method, Request, Response};
use crate::provider::catalogue::Endpoint;
use crate::provider::upstream::{self, Subject};
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};

/// The roles an operation needs, in words for errors.
pub const STAFF: &str = "a Staff or Admin key";
/// Admin only.
pub const ADMIN: &str = "an Admin key";

/// One request before authentication.
#[derive(Clone, Debug)]
pub struct Call {
    /// Method.
    pub method: Method,
    /// Path under `/api/v1`, encoded (`/tickets/01J…`).
    pub path: String,
    /// Query pairs.
    pub query: Vec<(&'static str, String)>,
    /// JSON body.
    pub body: Option<Value>,
    /// Reference data a caching host may keep.
    pub cacheable: bool,
    /// Safe to repeat.
    pub idempotent: bool,
}

impl Call {
    /// A GET.
    pub fn get(path: impl Into<String>, query: Vec<(&'static str, String)>) -> Self {
        Self { method: Method::Get, path: path.into(), query, body: None, cacheable: false, idempotent: true }
    }

    /// A GET of reference data.
    pub fn reference(path: impl Into<String>) -> Self {
        Self { cacheable: true, ..Self::get(path, vec![]) }
    }

    /// A write with a JSON body.
    pub fn write(method: Method, path: impl Into<String>, body: Value) -> Self {
        let idempotent = method != Method::Post;
        Self { method, path: path.into(), query: vec![], body: Some(body), cacheable: false, idempotent }
    }
}

/// The bearer of this tool call, once known.
#[derive(Debug, Default)]
pub struct Session(RefCell<Option<Bearer>>);

/// Ticket subjects.
pub fn ticket_subject(id: &str) -> Subject {
    Subject {
        what: format!("Ticket {id}"),
        hint: "Check the tracking number (OHD-2026-000123) or ULID, or find the ticket with search_tickets. A User key sees only its own tickets and Staff only their groups'.",
    }
}

/// A listing: a 404 there means a wrong address.
pub fn api_subject(what: &str) -> Subject {
    Subject {
        what: format!("The Open Help Desk endpoint for {what}"),
        hint: "The configured address does not look like Open Help Desk; check OHD_BASE_URL (the install's address, without /api/v1).",
    }
}

impl Ohd {
    fn build(&self, call: &Call, bearer: &Bearer) -> Request {
        let mut path_and_query = format!("{}/api/v1{}", self.up.url.path, call.path);
        if !call.query.is_empty() {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &call.query {
                q.append_pair(k, v);
            }
            path_and_query.push('?');
            path_and_query.push_str(&q.finish());
        }
        let mut headers = vec![("accept", "application/json".to_owned())];
        bearer.apply(&mut headers);
        let body = call.body.as_ref().map(|b| {
            headers.push(("content-type", "application/json".to_owned()));
            b.to_string().into_bytes()
        });
        let request = self.up.request(call.method, path_and_query, headers, body, call.idempotent);
        if call.cacheable { upstream::cacheable(request) } else { request }
    }

    /// The bearer: the API key, or a token from the exchange (`fresh` after a 401).
    fn bearer(&self, fresh: bool) -> Result<Bearer, ToolError> {
        if !fresh && let Some(b) = self.session.0.borrow().as_ref() {
            return Ok(b.clone());
        }
        let bearer = match &self.cfg.credentials {
            Credentials::Key(key) => Bearer::new(key),
            client => {
                let request = client
                    .exchange(&self.up, fresh)
                    .ok_or(ToolError::NotConfigured("no credentials".into()))?;
                let answer: TokenAnswer = upstream::decode_json(
                    self.up.send(request),
                    &api_subject("tokens"),
                    |r, s| match r.status {
                        400 | 401 => ToolError::Credentials {
                            hint: "Check OHD_CLIENT_ID and OHD_CLIENT_SECRET (Admin → API clients) and that OHD_BASE_URL is the install they belong to.",
                        },
                        _ => failure(r, s, ADMIN),
                    },
                )?;
                Bearer::new(&answer.access_token)
            }
        };
        *self.session.0.borrow_mut() = Some(bearer.clone());
        Ok(bearer)
    }

    fn renews(&self) -> bool {
        matches!(self.cfg.credentials, Credentials::Client { .. })
    }

    /// Sends calls concurrently; with client credentials, the ones answered 401
    /// are sent once more with a fresh token.
    pub fn send_all(&self, calls: &[Call]) -> Result<Vec<Result<Response, HttpError>>, ToolError> {
        let bearer = self.bearer(false)?;
        let mut results = self.up.send_all(calls.iter().map(|c| self.build(c, &bearer)).collect());
        let expired: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Ok(r) if r.status == 401))
            .map(|(i, _)| i)
            .collect();
        if self.renews() && !expired.is_empty() {
            let bearer = self.bearer(true)?;
            let again = self.up.send_all(expired.iter().map(|i| self.build(&calls[*i], &bearer)).collect());
            for (i, r) in expired.into_iter().zip(again) {
                results[i] = r;
            }
        }
        Ok(results)
    }

    /// Sends one call and decodes its JSON; a 403 names `need`.
    pub fn fetch<T: DeserializeOwned>(
        &self,
        call: Call,
        subject: &Subject,
        need: &'static str,
    ) -> Result<T, ToolError> {
        let result = self
            .send_all(std::slice::from_ref(&call))?
            .pop()
            .unwrap_or(Err(HttpError::Protocol("no answer")));
        decode(result, subject, need)
    }

    /// Sends a write (see [`crate::provider::write`]); a 401 means it was not
    /// applied, so with client credentials it is sent once more with a fresh token.
    pub fn send_write(&self, call: &Call, action: &str, check: &str) -> Result<Response, ToolError> {
        let build = |fresh: bool| -> Result<Request, ToolError> {
            let request = self.build(call, &self.bearer(fresh)?);
            Ok(if keeps_reference(call) { request.keeps_reference() } else { request })
        };
        let response = self.up.send_write(build(false)?, action, check)?;
        if response.status == 401 && self.renews() {
            return self.up.send_write(build(true)?, action, check);
        }
        Ok(response)
    }
}

/// Whether a write leaves every reference list as it was: writes under
/// `/tickets` (new tickets, replies, notes, status, assignee, category) change
/// tickets only, never the categories, statuses, users or groups a host caches.
fn keeps_reference(call: &Call) -> bool {
    call.path == "/tickets" || call.path.starts_with("/tickets/")
}

/// Decodes a 2xx JSON body into `T`, or maps the failure.
pub fn decode<T: DeserializeOwned>(
    result: Result<Response, HttpError>,
    subject: &Subject,
    need: &'static str,
) -> Result<T, ToolError> {
    upstream::decode_json(result, subject, |r, s| failure(r, s, need))
}

/// The envelope's code and message, when the body is one.
fn envelope(body: &[u8]) -> Option<wire::ErrorDetail> {
    serde_json::from_slice::<wire::ErrorBody>(body).ok().map(|b| b.error)
}

/// The tool error for a non-2xx response; a 403 says the operation needs `need`.
pub fn failure(response: &Response, subject: &Subject, need: &'static str) -> ToolError {
    let detail = envelope(&response.body);
    let message =
        || detail.as_ref().and_then(|d| ToolError::api_message(&format!("{}: {}", d.code, d.message)));
    match response.status {
        401 => ToolError::Credentials {
            hint: "Check OHD_API_KEY (or OHD_CLIENT_ID and OHD_CLIENT_SECRET) and that OHD_BASE_URL is the install it belongs to; `check` shows the key's role.",
        },
        403 => ToolError::Forbidden {
            message: Some(format!(
                "{}; this needs {need}",
                detail.map_or_else(
                    || "insufficient permissions".to_owned(),
                    |d| crate::text::clip(&d.message, 120).0
                )
            )),
        },
        404 if detail.is_some() => {
            ToolError::NotFound { what: subject.what.clone(), hint: subject.hint.to_owned() }
        }
        404 => {
            let api = api_subject("this request");
            ToolError::NotFound { what: api.what, hint: api.hint.to_owned() }
        }
        429 => upstream::rate_limited(response, None),
        status @ 300..=399 => ToolError::Redirected { status },
        status => ToolError::Upstream { status, message: message() },
    }
}

/// Sends one catalogue operation and returns its status and JSON.
pub fn call_endpoint(o: &Ohd, endpoint: &Endpoint, req: &ApiRequest) -> Result<ApiResponse, ToolError> {
    let query = req
        .query
        .iter()
        .map(|(k, v)| {
            let key = endpoint.params.iter().find(|p| p.name == k).map_or("", |p| p.name);
            (key, v.clone())
        })
        .filter(|(k, _)| !k.is_empty())
        .collect();
    let call = Call {
        method: endpoint.method,
        path: req.path.clone(),
        query,
        body: req.body.clone(),
        cacheable: false,
        idempotent: endpoint.idempotent,
    };
    let response = if endpoint.read_only() {
        o.send_all(std::slice::from_ref(&call))?.pop().unwrap_or(Err(HttpError::Protocol("no answer")))?
    } else {
        o.send_write(&call, &format!("`{}` on {}", endpoint.id, req.path), "a read of the same resource")?
    };
    if !response.is_success() {
        return Err(failure(&response, &Subject::raw(&req.path), STAFF));
    }
    Ok(ApiResponse { status: response.status, body: upstream::raw_body(&response.body, |_| None) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response { status, headers: vec![], body: body.as_bytes().to_vec(), retried: Vec::new() }
    }

    #[test]
    fn errors_name_the_role_and_never_quote_raw_bodies() {
        let s = ticket_subject("OHD-2026-000293");
        let e = failure(
            &response(403, r#"{"error":{"code":"forbidden","message":"insufficient permissions"}}"#),
            &s,
            STAFF,
        );
        assert!(e.to_string().contains("needs a Staff or Admin key"), "{e}");
        let e = failure(
            &response(404, r#"{"error":{"code":"not_found","message":"resource not found"}}"#),
            &s,
            STAFF,
        );
        assert!(e.to_string().starts_with("Ticket OHD-2026-000293 was not found"), "{e}");
        let e = failure(&response(404, "<html>nginx</html>"), &s, STAFF);
        assert!(e.to_string().contains("OHD_BASE_URL"), "{e}");
        let e = failure(&response(500, "<html>secret stack</html>"), &s, STAFF);
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(matches!(failure(&response(401, ""), &s, STAFF), ToolError::Credentials { .. }));
    }
}
