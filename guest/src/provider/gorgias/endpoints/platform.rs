//! Search, reporting, the account and uploaded files.

use crate::provider::catalogue::p::{self, CURSOR};
use crate::provider::catalogue::{Endpoint, Kind};

const SEARCH_TYPES: &[&str] = &[
    "agent",
    "customer",
    "customer_profile",
    "customer_channel",
    "customer_channel_email",
    "customer_channel_phone",
    "customers_by_phone",
    "integration",
    "team",
    "tag",
];

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- search ---
    Endpoint::post(
        "search",
        "search",
        "/search",
        "Search customers, agents, teams, tags or integrations by text (not ticket text)",
    )
    .reads()
    .params(&[
        p::body_req("type", Kind::Enum(SEARCH_TYPES), "what to search for"),
        p::body_req("query", Kind::String, "text to match (empty returns recent items)"),
        p::body("size", Kind::Integer, "results, 1-50 (default 10)"),
    ]),
    // --- reporting ---
    Endpoint::post(
        "retrieve_reporting_statistic",
        "reporting",
        "/reporting/stats",
        "Compute a reporting statistic over a period of at most 366 days",
    )
    .reads()
    .params(&[
        CURSOR,
        p::query("limit", Kind::Integer, "rows per page, up to 10000 (default 30)"),
        p::body_req(
            "query",
            Kind::Object,
            "{scope, timezone, filters, dimensions, measures, time_dimensions, order}",
        ),
    ]),
    // --- account ---
    Endpoint::get("retrieve_account", "account", "/account", "Get the account (domain, plan, status)"),
    Endpoint::get(
        "list_account_settings",
        "account",
        "/account/settings",
        "List account settings (one unpaged list)",
    )
    .params(&[p::query("type", Kind::String, "only settings of this type, e.g. business-hours")]),
    Endpoint::post("create_account_setting", "account", "/account/settings", "Create an account setting")
        .params(&[
            p::body_req("type", Kind::String, "setting type, e.g. business-hours"),
            p::body("name", Kind::String, "display name"),
            p::body("data", Kind::Object, "the setting's configuration"),
        ]),
    Endpoint::put(
        "update_account_setting",
        "account",
        "/account/settings/{setting_id}",
        "Update an account setting",
    )
    .params(&[
        p::path("setting_id", "setting id"),
        p::body("type", Kind::String, "setting type (must match the stored one)"),
        p::body("name", Kind::String, "display name"),
        p::body("data", Kind::Object, "the setting's configuration (replaces the stored one)"),
    ]),
    // --- files ---
    Endpoint::get(
        "download_file",
        "files",
        "/{file_type}/download/{domain_hash}/{resource_name}",
        "Download an uploaded file (attachment) by the segments of its URL",
    )
    .params(&[
        p::path_str("file_type", "first segment of the attachment URL path, e.g. attachments"),
        p::path_str("domain_hash", "account hash segment of the attachment URL"),
        p::path_str("resource_name", "file name segment of the attachment URL"),
    ]),
];
