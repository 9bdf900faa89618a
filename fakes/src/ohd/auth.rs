//! Credentials: API keys (`Authorization: Bearer ohd_sk_…`) owned by a user with a role,
//! and the OAuth2 client-credentials endpoint `POST /api/auth/token` issuing JWT-like
//! bearer tokens that expire by the fake's clock (which tests can advance).

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::api_error::ApiError;
use super::fixtures as fx;
use super::store::{Caller, Store};

/// An issued token: whose, and until when (fake-clock seconds).
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    pub user_id: String,
    pub expires_at: i64,
}

/// Keys and tokens.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    /// API key → user name.
    pub api_keys: HashMap<&'static str, &'static str>,
    /// Token → grant.
    pub tokens: HashMap<String, Issued>,
    /// Tokens issued so far.
    pub issued: u64,
}

impl Keys {
    pub(crate) fn fixtures() -> Self {
        let api_keys = HashMap::from([
            (fx::ADMIN_KEY, fx::PRIYA_NAME),
            (fx::STAFF_KEY, fx::TOM_NAME),
            (fx::USER_KEY, fx::JONAS_NAME),
        ]);
        Self { api_keys, ..Self::default() }
    }

    /// The caller a request's bearer credential names, or the 401 to answer.
    pub(crate) fn caller(&self, headers: &HeaderMap, store: &Store, now: i64) -> Result<Caller, ApiError> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| ApiError::unauthorized("authentication required"))?;
        let user_id = if let Some(name) = self.api_keys.get(bearer) {
            store.users.iter().find(|u| u.name == *name).map(|u| u.id.clone())
        } else {
            match self.tokens.get(bearer) {
                Some(t) if t.expires_at > now => Some(t.user_id.clone()),
                Some(_) => return Err(ApiError::unauthorized("token expired")),
                None => None,
            }
        };
        let user = user_id
            .and_then(|id| store.user(&id))
            .ok_or_else(|| ApiError::unauthorized("authentication required"))?;
        Ok(Caller { user_id: user.id.clone(), role: user.role, groups: user.group_ids.clone() })
    }

    /// `POST /api/auth/token`: client credentials from a form or JSON body.
    pub(crate) fn token(
        &mut self,
        content_type: &str,
        body: &[u8],
        store: &Store,
        now: i64,
        lifetime: i64,
    ) -> Result<Value, ApiError> {
        let fields: HashMap<String, String> = if content_type.starts_with("application/json") {
            serde_json::from_slice::<HashMap<String, Value>>(body)
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", "malformed JSON"))?
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
                .collect()
        } else {
            form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
        };
        if fields.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be client_credentials",
            ));
        }
        let valid = fields.get("client_id").map(String::as_str) == Some(fx::CLIENT_ID)
            && fields.get("client_secret").map(String::as_str) == Some(fx::CLIENT_SECRET);
        if !valid {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client authentication failed",
            ));
        }
        let user = store.users.iter().find(|u| u.name == fx::BOT_NAME).ok_or_else(|| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "no client account")
        })?;
        self.issued += 1;
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = URL_SAFE_NO_PAD.encode(
            json!({"sub": user.id, "iat": now, "exp": now + lifetime, "jti": self.issued}).to_string(),
        );
        let signature =
            URL_SAFE_NO_PAD.encode(Sha256::digest(format!("{header}.{claims}.{}", fx::CLIENT_SECRET)));
        let token = format!("{header}.{claims}.{signature}");
        self.tokens.insert(token.clone(), Issued { user_id: user.id.clone(), expires_at: now + lifetime });
        Ok(json!({ "access_token": token, "token_type": "Bearer", "expires_in": lifetime }))
    }
}
