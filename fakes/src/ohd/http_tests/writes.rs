//! Writes: the ignored-field log, role checks on internal notes and PATCH, read-back, and
//! the silent-PATCH switch.

use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use serde_json::json;

use super::{app, id_named, send};
use crate::ohd::fixtures as fx;

#[tokio::test]
async fn unknown_body_fields_are_ignored_but_recorded() {
    let (app, desk) = app();
    let uri = format!("/api/v1/tickets/{}/replies", fx::TICKET_293);
    let r =
        send(&app, "POST", &uri, Some(fx::STAFF_KEY), Some(json!({"body": "note?", "is_internal": true})))
            .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["internal"], false, "the misspelled flag made it public, as on the real API");
    let ignored = desk.control.ignored_fields();
    assert_eq!(ignored.len(), 1);
    assert_eq!((ignored[0].field.as_str(), ignored[0].path.as_str()), ("is_internal", uri.as_str()));
    let statuses = send(&app, "GET", "/api/v1/statuses", Some(fx::STAFF_KEY), None).await;
    let r = send(
        &app,
        "PATCH",
        &format!("/api/v1/tickets/{}", fx::TICKET_293),
        Some(fx::STAFF_KEY),
        Some(json!({"status": id_named(&statuses.json, fx::STATUS_IN_PROGRESS)})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(desk.control.ignored_fields()[1].field, "status");
}

#[tokio::test]
async fn users_may_not_post_internal_notes_or_patch() {
    let (app, desk) = app();
    let uri = format!("/api/v1/tickets/{}/replies", fx::TICKET_293);
    let r =
        send(&app, "POST", &uri, Some(fx::USER_KEY), Some(json!({"body": "secret", "internal": true}))).await;
    assert_eq!((r.status, r.json["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let r = send(
        &app,
        "PATCH",
        &format!("/api/v1/tickets/{}", fx::TICKET_293),
        Some(fx::USER_KEY),
        Some(json!({})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(desk.control.writes().is_empty());
}

#[tokio::test]
async fn patch_assigns_and_can_be_made_to_silently_not_apply() {
    let (app, desk) = app();
    let staff = send(&app, "GET", "/api/v1/staff", Some(fx::ADMIN_KEY), None).await;
    let amelie = id_named(&staff.json, fx::AMELIE_NAME);
    let uri = format!("/api/v1/tickets/{}", fx::TICKET_293);
    let r = send(&app, "PATCH", &uri, Some(fx::ADMIN_KEY), Some(json!({"assignee_user_id": amelie}))).await;
    assert_eq!(r.json["assignee_user_id"], amelie.as_str());
    let r = send(&app, "PATCH", &uri, Some(fx::ADMIN_KEY), Some(json!({"assignee_user_id": null}))).await;
    assert!(r.json["assignee_user_id"].is_null());
    desk.patch_ignored.store(true, Ordering::Relaxed);
    let r = send(&app, "PATCH", &uri, Some(fx::ADMIN_KEY), Some(json!({"assignee_user_id": amelie}))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json["assignee_user_id"].is_null(), "nothing applied");
}

#[tokio::test]
async fn tickets_are_created_for_the_key_owner_with_a_tracking_number() {
    let (app, desk) = app();
    let cats = send(&app, "GET", "/api/v1/categories", Some(fx::USER_KEY), None).await;
    let body = json!({"subject": "Mouse", "description": "Broken", "category_id": id_named(&cats.json, fx::EQUIPMENT), "priority": "low"});
    let r = send(&app, "POST", "/api/v1/tickets", Some(fx::USER_KEY), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["tracking_number"], "OHD-2026-000294");
    assert_eq!(desk.control.count_writes("POST", "/api/v1/tickets"), 1);
    let r = send(&app, "POST", "/api/v1/tickets", Some(fx::USER_KEY), Some(json!({"subject": "x"}))).await;
    assert_eq!(r.json["error"]["code"], "validation_error");
}
