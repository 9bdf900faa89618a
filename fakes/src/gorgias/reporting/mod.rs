//! `POST /api/reporting/stats`: Gorgias' statistics computed from the store itself, so
//! every number agrees with the tickets, messages and surveys the API lists.
//! [`request`] checks the query, [`items`] takes a scope's records from the store and
//! [`aggregate`] groups them into flat rows.

mod aggregate;
mod buckets;
mod items;
mod request;
mod scopes;

pub(crate) use aggregate::Row;

use serde_json::Value;

use super::api_error::ApiError;
use super::store::Store;

/// Every row answering a `{"query": {...}}` body, ordered, before paging.
pub(crate) fn run(store: &Store, body: &Value) -> Result<Vec<Row>, ApiError> {
    let q = request::parse(body)?;
    let items = items::collect(store, &q);
    Ok(aggregate::rows(store, &q, &items))
}

#[cfg(test)]
mod tests;
