//! What write handlers share: the [`Write`] extractor (method, path as sent, raw body),
//! typed access to JSON body fields with Gorgias' validation messages, and references
//! to other records given as `{id}` or `{email}`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde_json::{Map, Value};

use crate::gorgias::api_error::ApiError;
use crate::gorgias::wire_time::{self, Time};

/// The path of a request as the client sent it (before trailing-slash normalisation),
/// put in the request's extensions by the gate.
#[derive(Clone, Debug)]
pub(crate) struct SentPath(pub String);

/// The reason Gorgias gives for a missing required field.
pub(crate) const MISSING: &str = "Missing data for required field.";

/// A write request: kept whole so an applied write can be logged exactly as it arrived.
#[derive(Debug)]
pub(crate) struct Write {
    pub method: String,
    pub path: String,
    pub body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Write {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let method = req.method().as_str().to_string();
        let path = match req.extensions().get::<SentPath>() {
            Some(sent) => sent.0.clone(),
            None => req.uri().path().to_string(),
        };
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_request("Invalid request body."))?;
        Ok(Write { method, path, body })
    }
}

impl Write {
    /// The body as UTF-8 (lossy), `None` when empty: what the write log keeps.
    pub(crate) fn body_text(&self) -> Option<String> {
        (!self.body.is_empty()).then(|| String::from_utf8_lossy(&self.body).into_owned())
    }

    /// The body as JSON; an empty body is `null`.
    pub(crate) fn json(&self) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|_| ApiError::bad_request("Invalid JSON body."))
    }

    /// The body as a JSON object (an empty body counts as `{}`).
    pub(crate) fn object(&self) -> Result<Map<String, Value>, ApiError> {
        match self.json()? {
            Value::Object(map) => Ok(map),
            Value::Null => Ok(Map::new()),
            _ => Err(ApiError::bad_request("_schema: Invalid input type.")),
        }
    }
}

/// A record referenced from a body: `{"id": 5}` or `{"email": "a@b.c"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ref {
    Id(u64),
    Email(String),
}

/// What a partial update says about a nullable field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Patch<T> {
    /// Not in the body: leave it.
    #[default]
    Keep,
    /// `null`: clear it.
    Clear,
    /// A new value.
    Set(T),
}

/// An optional string field; `null` counts as absent.
pub(crate) fn opt_str(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid_field(key, "Not a valid string.")),
    }
}

/// A required, non-empty string field.
pub(crate) fn req_str(obj: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    match opt_str(obj, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(ApiError::invalid_field(key, "Field may not be blank.")),
        None => Err(ApiError::invalid_field(key, MISSING)),
    }
}

/// An optional boolean field; `null` counts as absent.
pub(crate) fn opt_bool(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::invalid_field(key, "Not a valid boolean.")),
    }
}

/// An optional string field of a partial update, where `null` clears.
pub(crate) fn patch_str(obj: &Map<String, Value>, key: &str) -> Result<Patch<String>, ApiError> {
    match obj.get(key) {
        None => Ok(Patch::Keep),
        Some(Value::Null) => Ok(Patch::Clear),
        Some(Value::String(s)) => Ok(Patch::Set(s.clone())),
        Some(_) => Err(ApiError::invalid_field(key, "Not a valid string.")),
    }
}

/// An optional datetime field of a partial update, where `null` clears.
pub(crate) fn patch_time(obj: &Map<String, Value>, key: &str) -> Result<Patch<Time>, ApiError> {
    match patch_str(obj, key)? {
        Patch::Keep => Ok(Patch::Keep),
        Patch::Clear => Ok(Patch::Clear),
        Patch::Set(raw) => wire_time::parse(&raw)
            .map(Patch::Set)
            .ok_or_else(|| ApiError::invalid_field(key, "Not a valid datetime.")),
    }
}

/// An optional datetime field; `null` counts as absent.
pub(crate) fn opt_time(obj: &Map<String, Value>, key: &str) -> Result<Option<Time>, ApiError> {
    match patch_time(obj, key)? {
        Patch::Set(t) => Ok(Some(t)),
        Patch::Keep | Patch::Clear => Ok(None),
    }
}

/// Reads `{id}` / `{email}` (an id wins when both are given); `field` names it in errors.
pub(crate) fn reference(value: &Value, field: &str) -> Result<Ref, ApiError> {
    let invalid = || ApiError::invalid_field(field, "Expected an object with an id or an email.");
    let obj = value.as_object().ok_or_else(invalid)?;
    match (obj.get("id"), obj.get("email")) {
        (Some(id), _) if !id.is_null() => id.as_u64().map(Ref::Id).ok_or_else(invalid),
        (_, Some(Value::String(email))) if !email.trim().is_empty() => {
            Ok(Ref::Email(email.trim().to_string()))
        }
        _ => Err(invalid()),
    }
}

/// An optional reference field of a partial update, where `null` clears.
pub(crate) fn patch_ref(obj: &Map<String, Value>, key: &str) -> Result<Patch<Ref>, ApiError> {
    match obj.get(key) {
        None => Ok(Patch::Keep),
        Some(Value::Null) => Ok(Patch::Clear),
        Some(v) => reference(v, key).map(Patch::Set),
    }
}

/// An optional list of strings (`names`) or ids (`ids`); `null` counts as absent.
pub(crate) fn opt_list<T>(
    obj: &Map<String, Value>,
    key: &str,
    item: impl Fn(&Value) -> Option<T>,
) -> Result<Option<Vec<T>>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| item(v).ok_or_else(|| ApiError::invalid_field(key, "Not a valid list.")))
            .collect::<Result<Vec<T>, _>>()
            .map(Some),
        Some(_) => Err(ApiError::invalid_field(key, "Not a valid list.")),
    }
}

/// Plain text of an HTML body: tags dropped, block ends as line breaks, common entities decoded.
pub(crate) fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = rest[open + 1..open + close].trim_start_matches('/').to_ascii_lowercase();
        if ["br", "p", "div", "li", "tr", "blockquote"].iter().any(|t| tag.starts_with(t))
            && !out.ends_with('\n')
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_and_patches() {
        assert_eq!(reference(&json!({"id": 5}), "customer").unwrap(), Ref::Id(5));
        assert_eq!(reference(&json!({"email": " a@b.c "}), "c").unwrap(), Ref::Email("a@b.c".into()));
        assert!(reference(&json!({"id": "x"}), "c").is_err());
        assert!(reference(&json!("5"), "c").is_err());
        let obj = json!({"a": null, "b": {"id": 2}, "s": "2026-11-01"}).as_object().unwrap().clone();
        assert_eq!(patch_ref(&obj, "a").unwrap(), Patch::Clear);
        assert_eq!(patch_ref(&obj, "b").unwrap(), Patch::Set(Ref::Id(2)));
        assert_eq!(patch_ref(&obj, "zz").unwrap(), Patch::Keep);
        assert!(matches!(patch_time(&obj, "s").unwrap(), Patch::Set(_)));
        assert!(patch_time(&obj, "b").is_err());
    }

    #[test]
    fn html_to_text() {
        assert_eq!(text_of_html("<p>Hi &amp; bye</p><p>Line<br>two</p>"), "Hi & bye\nLine\ntwo");
        assert_eq!(text_of_html("no tags"), "no tags");
        assert_eq!(text_of_html("broken <b"), "broken <b");
    }
}
