//! A fake Open Help Desk REST API (`/api/v1`, JSON, ULID ids, `OHD-YYYY-NNNNNN` tracking
//! numbers) backed by a seeded company IT desk. Start it with [`FakeOhd::start`]; steer it at
//! run time through [`Control`] and [`FakeOhd`]'s clock.
//!
//! Wire facts: ../shared/apis/open-help-desk.md (PubliciaLLC/go-help-desk shapes) and the
//! seed's MCP page. Where the facts are silent, the decisions this fake makes (and the
//! provider relies on) are:
//!
//! | route | roles | notes |
//! |---|---|---|
//! | `POST /api/auth/token` | — | client credentials (form or JSON) → `{access_token, token_type, expires_in}` |
//! | `GET /api/v1/tickets` | any | `q, status_id, priority, category_id, assignee_user_id, assignee_group_id` (`none` = unset), `scope` (`all`, `mine`, `assigned`), `limit` (≤100), `offset` → `{data, total, limit, offset}`; scope rules always apply |
//! | `POST /api/v1/tickets` | any | reporter = key owner; status New |
//! | `GET/PATCH /api/v1/tickets/{id}` | any / Staff+ | id is a ULID or a tracking number |
//! | `GET/POST /api/v1/tickets/{id}/replies` | any | internal replies: Staff+ (403 `forbidden`), hidden from Users |
//! | `GET /api/v1/statuses`, `/categories`, `/categories/{id}/types`, `…/types/{id}/items` | any | active categories only |
//! | `GET /api/v1/staff`, `/groups` | Staff+ | |
//! | `GET /api/v1/users/{id}` | any | a User may read only themself |
//! | `GET /api/v1/admin/users` | Admin | |
//!
//! Unknown query parameters are refused (400 `invalid_parameter`); unknown JSON body
//! fields are ignored like the real API does, and recorded in
//! [`Control::ignored_fields`].

mod api_error;
mod auth;
pub mod fixtures;
mod gate;
mod options;
mod routes;
mod seed;
mod server;
mod store;
mod ulid;

pub use crate::control::{
    Control, Fault, FaultKind, IgnoredField, RateLimit, RecordedRequest, RecordedWrite,
};
pub use options::OhdOptions;
pub use server::FakeOhd;

#[cfg(test)]
mod http_tests;
