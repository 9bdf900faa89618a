//! Reads: credentials, tokens and their expiry, scope rules, strict parameters, reference lists.

use std::sync::atomic::Ordering;

use axum::http::StatusCode;

use super::{app, send};
use crate::ohd::fixtures as fx;

#[tokio::test]
async fn requests_without_a_known_key_get_the_error_envelope() {
    let (app, _) = app();
    let r = send(&app, "GET", "/api/v1/tickets", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json["error"]["code"], "unauthorized");
    let r = send(&app, "GET", "/api/v1/tickets", Some("ohd_sk_nope"), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn client_credentials_tokens_work_until_the_clock_passes_their_lifetime() {
    let (app, desk) = app();
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/auth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            fx::CLIENT_ID,
            fx::CLIENT_SECRET
        )))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap()).unwrap();
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(token.split('.').count(), 3, "JWT-shaped");
    assert_eq!(send(&app, "GET", "/api/v1/tickets", Some(&token), None).await.status, StatusCode::OK);
    desk.offset.fetch_add(3601, Ordering::Relaxed);
    let r = send(&app, "GET", "/api/v1/tickets", Some(&token), None).await;
    assert_eq!(
        (r.status, r.json["error"]["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token expired"))
    );
    let bad = send(&app, "POST", "/api/auth/token", None, Some(serde_json::json!({"grant_type": "client_credentials", "client_id": fx::CLIENT_ID, "client_secret": "x"}))).await;
    assert_eq!(bad.json["error"]["code"], "invalid_client");
    assert!(
        desk.control
            .requests()
            .iter()
            .all(|r| r.body.as_deref().is_none_or(|b| !b.contains(fx::CLIENT_SECRET)))
    );
}

#[tokio::test]
async fn scope_rules_follow_the_role() {
    let (app, _) = app();
    let all = send(&app, "GET", "/api/v1/tickets?limit=100", Some(fx::ADMIN_KEY), None).await;
    assert_eq!(all.json["total"], fx::TICKET_COUNT);
    let user = send(&app, "GET", "/api/v1/tickets?limit=100", Some(fx::USER_KEY), None).await;
    let staff = send(&app, "GET", "/api/v1/tickets?limit=100", Some(fx::STAFF_KEY), None).await;
    let (u, s) = (user.json["total"].as_u64().unwrap(), staff.json["total"].as_u64().unwrap());
    assert!(u > 0 && (u as usize) < fx::TICKET_COUNT && s > 0 && (s as usize) < fx::TICKET_COUNT, "{u} {s}");
    let hidden =
        send(&app, "GET", &format!("/api/v1/tickets/{}", fx::SARA_TICKET), Some(fx::USER_KEY), None).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let hidden =
        send(&app, "GET", &format!("/api/v1/tickets/{}", fx::SOFTWARE_TICKET), Some(fx::STAFF_KEY), None)
            .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let own =
        send(&app, "GET", &format!("/api/v1/tickets/{}", fx::TICKET_293), Some(fx::USER_KEY), None).await;
    assert_eq!(own.json["subject"], fx::TICKET_293_SUBJECT);
    let by_ulid = send(
        &app,
        "GET",
        &format!("/api/v1/tickets/{}", own.json["id"].as_str().unwrap()),
        Some(fx::USER_KEY),
        None,
    )
    .await;
    assert_eq!(by_ulid.json["tracking_number"], fx::TICKET_293);
    let replies =
        send(&app, "GET", &format!("/api/v1/tickets/{}/replies", fx::TICKET_293), Some(fx::USER_KEY), None)
            .await;
    assert!(replies.json["data"].as_array().unwrap().iter().all(|r| r["internal"] == false));
    let replies =
        send(&app, "GET", &format!("/api/v1/tickets/{}/replies", fx::TICKET_293), Some(fx::STAFF_KEY), None)
            .await;
    assert!(replies.json["data"].as_array().unwrap().iter().any(|r| r["body"] == fx::TICKET_293_NOTE));
    assert_eq!(
        send(&app, "GET", "/api/v1/tickets/42", Some(fx::ADMIN_KEY), None).await.json["error"]["code"],
        "invalid_id"
    );
}

#[tokio::test]
async fn unknown_query_parameters_are_refused_and_filters_apply() {
    let (app, _) = app();
    let r = send(&app, "GET", "/api/v1/tickets?status=New", Some(fx::ADMIN_KEY), None).await;
    assert_eq!(
        (r.status, r.json["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_parameter"))
    );
    let r = send(
        &app,
        "GET",
        "/api/v1/tickets?priority=critical&assignee_user_id=none",
        Some(fx::ADMIN_KEY),
        None,
    )
    .await;
    let tickets = r.json["data"].as_array().unwrap();
    assert!(
        !tickets.is_empty()
            && tickets.iter().all(|t| t["priority"] == "critical" && t["assignee_user_id"].is_null())
    );
    let r = send(&app, "GET", "/api/v1/tickets?q=battery", Some(fx::ADMIN_KEY), None).await;
    assert_eq!(r.json["data"][0]["tracking_number"], fx::TICKET_293);
}

#[tokio::test]
async fn reference_lists_hide_inactive_categories_and_need_staff_for_people() {
    let (app, _) = app();
    let cats = send(&app, "GET", "/api/v1/categories", Some(fx::USER_KEY), None).await;
    let names: Vec<&str> =
        cats.json["data"].as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&fx::EQUIPMENT) && !names.contains(&fx::INACTIVE_CATEGORY), "{names:?}");
    let equipment = super::id_named(&cats.json, fx::EQUIPMENT);
    let types =
        send(&app, "GET", &format!("/api/v1/categories/{equipment}/types"), Some(fx::USER_KEY), None).await;
    let laptop = super::id_named(&types.json, fx::LAPTOP_TYPE);
    let items = send(
        &app,
        "GET",
        &format!("/api/v1/categories/{equipment}/types/{laptop}/items"),
        Some(fx::USER_KEY),
        None,
    )
    .await;
    super::id_named(&items.json, fx::BATTERY_ITEM);
    let statuses = send(&app, "GET", "/api/v1/statuses", Some(fx::USER_KEY), None).await;
    super::id_named(&statuses.json, fx::STATUS_WAITING);
    assert_eq!(
        send(&app, "GET", "/api/v1/staff", Some(fx::USER_KEY), None).await.status,
        StatusCode::FORBIDDEN
    );
    let staff = send(&app, "GET", "/api/v1/staff", Some(fx::STAFF_KEY), None).await;
    super::id_named(&staff.json, fx::AMELIE_NAME);
    assert_eq!(
        send(&app, "GET", "/api/v1/admin/users", Some(fx::STAFF_KEY), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, "GET", "/api/v1/admin/users", Some(fx::ADMIN_KEY), None).await.status,
        StatusCode::OK
    );
}
