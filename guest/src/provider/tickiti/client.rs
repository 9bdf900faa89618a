//! Requests to the Tickiti API and what its answers mean: every call is
//! `POST {base}/api/v1/<route>` with a JSON body and the bearer token; success is
//! `{"ok": true, "data": ...}`; errors become tool errors that say what to do (401 the
//! token, 403 the ability, role or plan it lacks, 404, 409 key conflict, 422 by field, 429).
//! Writes carry a derived `Idempotency-Key` (see `idempotency`), which makes them safe to
//! resend: the transport retries them, and a model's retry replays the first answer.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Tickiti;
use super::idempotency;
use super::wire::{Envelope, ErrorBody};
use crate::http::{ConnectFailure, HttpError, Method, Request, Response};
use crate::provider::upstream::{self, Subject};
use crate::tool::ToolError;

/// A ticket, for "not found" messages.
pub fn ticket_subject(number: &str) -> Subject {
    Subject {
        what: format!("Ticket {number}"),
        hint: "There is no ticket with that number; Tickiti ticket numbers have 6 digits (e.g. 220009). Find it with search_tickets.",
    }
}

/// An API route (a 404 there means a wrong address).
pub fn api_subject(what: &str) -> Subject {
    Subject {
        what: format!("The Tickiti API route for {what}"),
        hint: "Check TICKITI_API_BASE: it is the install's address (https://support.example.com); /api/v1 is added.",
    }
}

/// A write's answer and whether Tickiti replayed it (same key, same payload).
pub struct Written<T> {
    /// The data.
    pub data: T,
    /// `Idempotent-Replayed: true`: this write had already been applied.
    pub replayed: bool,
}

/// Writes that change tickets only (a new ticket, a response or note), never the
/// queues, perspectives, staff or other lists a caching host keeps.
const KEEPS_REFERENCE: [&str; 2] = ["tickets", "tickets/respond"];

impl Tickiti {
    /// `POST /api/v1/<route>` with `body`; not idempotent until marked.
    pub fn request(&self, route: &str, body: &Value) -> Request {
        let mut headers =
            vec![("content-type", "application/json".to_owned()), ("accept", "application/json".to_owned())];
        self.cfg.token.apply(&mut headers);
        let path = format!("{}/{route}", self.up.url.path);
        self.up.request(Method::Post, path, headers, Some(body.to_string().into_bytes()), false)
    }

    /// A read (safe to resend; a caching host does not treat it as a write).
    pub fn read(&self, route: &str, body: &Value) -> Request {
        self.request(route, body).read_only()
    }

    /// A reference-data read a caching host may keep for ten minutes.
    pub fn reference(&self, route: &str) -> Request {
        upstream::cacheable(self.read(route, &Value::Object(Default::default())))
    }

    /// A write with its derived idempotency key: safe to resend, so marked idempotent.
    pub fn keyed(&self, route: &str, body: &Value) -> Request {
        let key = idempotency::key(self.cfg.token.scope(), route, body, crate::clock::now().timestamp());
        let mut request = self.request(route, body);
        request.headers.push(("idempotency-key", key));
        request.idempotent = true;
        if KEEPS_REFERENCE.contains(&route) { request.keeps_reference() } else { request }
    }

    /// Sends requests concurrently.
    pub fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        self.up.send_all(requests)
    }

    /// Sends one read and decodes its `data`.
    pub fn fetch<T: DeserializeOwned>(&self, request: Request, subject: &Subject) -> Result<T, ToolError> {
        envelope(self.up.send(request), subject)
    }

    /// Sends a keyed write. An answer that does not confirm it (5xx, a timeout after
    /// sending, a dropped connection) is an unknown outcome whose retry is safe: the
    /// same arguments within the window carry the same key.
    pub fn write<T: DeserializeOwned>(
        &self,
        route: &str,
        body: &Value,
        subject: &Subject,
        action: &str,
    ) -> Result<Written<T>, ToolError> {
        let unknown = |reason: String| ToolError::OutcomeUnknown {
            action: action.to_owned(),
            reason,
            check: format!(
                "calling the tool again with the same arguments within {} minutes: the write carries the same idempotency key, so Tickiti replays its first answer instead of writing twice",
                idempotency::WINDOW_SECS / 60
            ),
        };
        let response = match self.up.send(self.keyed(route, body)) {
            Ok(r) if (500..600).contains(&r.status) => {
                return Err(unknown(format!("it answered HTTP {}", r.status)));
            }
            Ok(r) => r,
            Err(e @ (HttpError::Timeout(_) | HttpError::Protocol(_))) => return Err(unknown(e.to_string())),
            Err(e @ HttpError::Connect { failure: ConnectFailure::Reset, .. }) => {
                return Err(unknown(e.to_string()));
            }
            Err(e) => return Err(e.into()),
        };
        let replayed = response.header("idempotent-replayed").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        Ok(Written { data: envelope(Ok(response), subject)?, replayed })
    }
}

/// Decodes a 2xx answer's `data`, or maps the failure.
pub fn envelope<T: DeserializeOwned>(
    result: Result<Response, HttpError>,
    subject: &Subject,
) -> Result<T, ToolError> {
    let e = upstream::decode_json::<Envelope<T>>(result, subject, failure)?;
    if !e.ok {
        return Err(ToolError::InvalidResponse {
            detail: format!("a success status for {} with \"ok\": false", subject.what),
        });
    }
    Ok(e.data)
}

/// What a 403's `required` names, in words.
fn needs(body: &ErrorBody) -> Option<String> {
    let r = &body.required;
    r.get("ability")
        .map(|a| format!("the {a} ability"))
        .or_else(|| r.get("role").map(|x| format!("the {x} role (the token's user has a lower one)")))
        .or_else(|| r.get("plan").map(|p| format!("the {p} plan feature, which this install's plan lacks")))
}

/// The tool error for a non-2xx answer.
pub fn failure(response: &Response, subject: &Subject) -> ToolError {
    let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
    let message = body.message.as_deref().and_then(ToolError::api_message);
    match response.status {
        401 => ToolError::Credentials {
            hint: "Check TICKITI_API_TOKEN (mint one under Administration → API keys) and that TICKITI_API_BASE is the install it belongs to.",
        },
        403 => ToolError::Scope {
            needs: needs(&body).unwrap_or_else(|| {
                message.map_or("an ability, role or plan feature it lacks".into(), |m| {
                    format!("what Tickiti says: \"{m}\"")
                })
            }),
        },
        404 if body.error.as_deref() == Some("not_found")
            && !message.as_deref().is_some_and(|m| m.starts_with("Route")) =>
        {
            ToolError::NotFound { what: subject.what.clone(), hint: subject.hint.to_owned() }
        }
        404 => {
            let api = api_subject("this request");
            ToolError::NotFound { what: api.what, hint: api.hint.to_owned() }
        }
        409 => ToolError::Upstream {
            status: 409,
            message: Some(format!(
                "{}: this idempotency key was already used for a different write; nothing was written. Change the arguments, or wait {} minutes for a fresh key",
                body.error.as_deref().unwrap_or("conflict"),
                idempotency::WINDOW_SECS / 60
            )),
        },
        422 if !body.errors.is_empty() => {
            let fields: Vec<&str> = body.errors.keys().map(String::as_str).collect();
            let problems: Vec<String> =
                body.errors.iter().map(|(f, m)| format!("{f}: {}", m.join(" "))).collect();
            ToolError::invalid(
                fields.join(", "),
                format!(
                    "Tickiti refused the request: {}",
                    ToolError::api_message(&problems.join("; ")).unwrap_or_default()
                ),
            )
        }
        429 => upstream::rate_limited(response, None),
        status @ 300..=399 => ToolError::Redirected { status },
        status => ToolError::Upstream { status, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response { status, headers: vec![], body: body.as_bytes().to_vec(), retried: vec![] }
    }

    #[test]
    fn errors_say_what_to_do() {
        let s = ticket_subject("220009");
        let e = failure(
            &response(
                403,
                r#"{"ok":false,"error":"forbidden","message":"x","required":{"ability":"tickets:write"}}"#,
            ),
            &s,
        );
        assert!(e.to_string().contains("needs the tickets:write ability"), "{e}");
        let e = failure(&response(403, r#"{"ok":false,"required":{"plan":"has_reports"}}"#), &s);
        assert!(e.to_string().contains("has_reports plan feature"), "{e}");
        let e = failure(
            &response(
                422,
                r#"{"ok":false,"error":"validation_failed","errors":{"from_email":["No staff member has this email address."]}}"#,
            ),
            &s,
        );
        assert!(e.to_string().contains("`from_email`") && e.to_string().contains("No staff member"), "{e}");
        let e =
            failure(&response(404, r#"{"ok":false,"error":"not_found","message":"Ticket not found."}"#), &s);
        assert!(e.to_string().starts_with("Ticket 220009 was not found"), "{e}");
        let e =
            failure(&response(404, r#"{"ok":false,"error":"not_found","message":"Route not found."}"#), &s);
        assert!(e.to_string().contains("TICKITI_API_BASE"), "{e}");
        let e = failure(&response(409, r#"{"ok":false,"error":"idempotency_key_conflict"}"#), &s);
        assert!(
            e.to_string().contains("idempotency_key_conflict")
                && e.to_string().contains("nothing was written"),
            "{e}"
        );
        assert!(matches!(failure(&response(401, "{}"), &s), ToolError::Credentials { .. }));
        let e = failure(&response(500, "<html>/var/www/secret.php</html>"), &s).to_string();
        assert!(!e.contains("secret"), "{e}");
    }
}
