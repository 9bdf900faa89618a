//! Customer writes: `POST /api/customers` (409 on a taken email), `PUT /api/customers/{id}`,
//! and `PUT /api/customers/{id}/data` (202, empty body).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::writing::{MISSING, Patch, Write, opt_str, patch_str};
use super::{Desk, empty, path_id};
use crate::gorgias::api_error::{ApiError, json_response};
use crate::gorgias::store::NewCustomer;

/// The customer fields a body sets (each `None` when absent).
#[derive(Debug, Default)]
struct Fields {
    email: Option<String>,
    firstname: Option<String>,
    lastname: Option<String>,
    phone: Option<String>,
    external_id: Patch<String>,
    language: Option<String>,
    timezone: Option<String>,
    note: Patch<String>,
}

fn checked_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    match email.split_once('@') {
        Some((user, domain)) if !user.is_empty() && !domain.is_empty() && !email.contains(' ') => {
            Ok(email.into())
        }
        _ => Err(ApiError::invalid_field("email", "Not a valid email address.")),
    }
}

/// Reads the fields; `name` fills first/last names not given separately, and `channels`
/// of type email or phone fill the email and phone.
fn fields(obj: &Map<String, Value>) -> Result<Fields, ApiError> {
    let mut f = Fields {
        email: opt_str(obj, "email")?.map(|e| checked_email(&e)).transpose()?,
        firstname: opt_str(obj, "firstname")?,
        lastname: opt_str(obj, "lastname")?,
        external_id: patch_str(obj, "external_id")?,
        language: opt_str(obj, "language")?,
        timezone: opt_str(obj, "timezone")?,
        note: patch_str(obj, "note")?,
        ..Fields::default()
    };
    if let Some(name) = opt_str(obj, "name")? {
        let name = name.trim();
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        f.firstname.get_or_insert_with(|| first.to_string());
        f.lastname.get_or_insert_with(|| last.trim().to_string());
    }
    match obj.get("channels") {
        None | Some(Value::Null) => {}
        Some(Value::Array(channels)) => {
            for c in channels {
                let kind = c.get("type").and_then(Value::as_str);
                let address = c.get("address").and_then(Value::as_str).map(str::trim);
                match (kind, address) {
                    (Some("email"), Some(a)) if f.email.is_none() => f.email = Some(checked_email(a)?),
                    (Some("phone"), Some(a)) if f.phone.is_none() => f.phone = Some(a.to_string()),
                    (Some(_), Some(_)) => {}
                    _ => return Err(ApiError::invalid_field("channels", MISSING)),
                }
            }
        }
        Some(_) => return Err(ApiError::invalid_field("channels", "Not a valid list.")),
    }
    Ok(f)
}

/// `POST /api/customers` → 201 with the customer.
pub(crate) async fn create(State(desk): State<Desk>, w: Write) -> Result<Response, ApiError> {
    let f = fields(&w.object()?)?;
    let now = desk.now();
    let mut store = desk.write();
    if f.email.as_deref().is_some_and(|e| store.customer_by_email(e).is_some()) {
        return Err(ApiError::conflict());
    }
    let new = NewCustomer {
        email: f.email.unwrap_or_default(),
        firstname: f.firstname.unwrap_or_default(),
        lastname: f.lastname.unwrap_or_default(),
        external_id: match f.external_id {
            Patch::Set(x) => Some(x),
            _ => None,
        },
        language: f.language,
        timezone: f.timezone,
        note: match f.note {
            Patch::Set(n) => Some(n),
            _ => None,
        },
        phone: f.phone,
    };
    let id = store.add_customer(new, now);
    let body = store.customer(id).map(|c| store.customer_json(c, false)).unwrap_or_default();
    desk.applied(&w, StatusCode::CREATED);
    drop(store);
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `PUT /api/customers/{id}` → 202 with the customer (409 when the new email is taken).
pub(crate) async fn update(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let f = fields(&w.object()?)?;
    let now = desk.now();
    let mut store = desk.write();
    if store.customer(id).is_none() {
        return Err(ApiError::not_found());
    }
    if f.email.as_deref().and_then(|e| store.customer_by_email(e)).is_some_and(|other| other.id != id) {
        return Err(ApiError::conflict());
    }
    let Some(c) = store.customer_mut(id) else { return Err(ApiError::not_found()) };
    if let Some(e) = f.email {
        c.email = e;
    }
    if let Some(v) = f.firstname {
        c.firstname = v;
    }
    if let Some(v) = f.lastname {
        c.lastname = v;
    }
    if let Some(v) = f.phone {
        c.phone = Some(v);
    }
    if let Some(v) = f.language {
        c.language = v;
    }
    if let Some(v) = f.timezone {
        c.timezone = v;
    }
    for (slot, patch) in [(&mut c.external_id, f.external_id), (&mut c.note, f.note)] {
        match patch {
            Patch::Keep => {}
            Patch::Clear => *slot = None,
            Patch::Set(v) => *slot = Some(v),
        }
    }
    c.updated = now.max(c.updated);
    let body = store.customer(id).map(|c| store.customer_json(c, false)).unwrap_or_default();
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &body))
}

/// `PUT /api/customers/{id}/data` with `{data, version?}` → 202 with an empty body; the
/// whole `data` blob is replaced.
pub(crate) async fn set_data(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    if store.customer(id).is_none() {
        return Err(ApiError::not_found());
    }
    let data = match obj.get("data") {
        Some(v @ Value::Object(_)) => v.clone(),
        None | Some(Value::Null) => return Err(ApiError::invalid_field("data", MISSING)),
        Some(_) => return Err(ApiError::invalid_field("data", "Not a valid mapping type.")),
    };
    let Some(c) = store.customer_mut(id) else { return Err(ApiError::not_found()) };
    c.data = data;
    c.updated = now.max(c.updated);
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(empty(StatusCode::ACCEPTED))
}
