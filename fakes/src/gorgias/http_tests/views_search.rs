//! Views, view-item search (both answer modes) and `POST /api/search`.

use axum::http::StatusCode;
use serde_json::Value;

use super::{app, get, msg, send_with};
use crate::control::ViewSearchMode;
use crate::gorgias::fixtures as fx;

fn ids(v: &Value) -> Vec<u64> {
    v["data"].as_array().unwrap().iter().map(|t| t["id"].as_u64().unwrap()).collect()
}

async fn put(app: &axum::Router, uri: &str, body: &str) -> super::Reply {
    send_with(app, "PUT", uri, Some(body), true).await
}

#[tokio::test]
async fn stored_views_and_their_items() {
    let (app, _) = app();
    let views = get(&app, "/api/views").await.json();
    let urgent =
        views["data"].as_array().unwrap().iter().find(|v| v["name"] == fx::URGENT_VIEW_NAME).unwrap();
    assert_eq!(urgent["filters"], "containsAny(ticket.tags.name, ['refund']) && eq(ticket.priority, 'high')");
    let items = get(&app, &format!("/api/views/{}/items?limit=100", fx::URGENT_VIEW_ID)).await.json();
    assert!(!ids(&items).is_empty());
    for t in items["data"].as_array().unwrap() {
        assert_eq!(t["priority"], "high");
    }
    let updated: Vec<&str> =
        items["data"].as_array().unwrap().iter().map(|t| t["updated_datetime"].as_str().unwrap()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "stored order updated_datetime desc");
    let open = get(&app, &format!("/api/views/{}/items?limit=1", fx::OPEN_VIEW_ID)).await.json();
    assert!(open["meta"]["total_resources"].as_u64().unwrap() > 60);
    assert_eq!(get(&app, "/api/views/4242/items").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, &format!("/api/views/{}", fx::MY_TICKETS_VIEW_ID)).await.json()["name"],
        "My tickets"
    );
}

#[tokio::test]
async fn ad_hoc_search_matches_text_and_filters() {
    let (app, _) = app();
    let body = r#"{"view":{"type":"ticket-list","search":"refund","filters":"eq(ticket.status, 'open')","order_by":"updated_datetime","order_dir":"desc"}}"#;
    let r = put(&app, "/api/views/0/items?limit=100", body).await;
    assert_eq!(r.status, StatusCode::OK);
    let found = r.json();
    assert!(ids(&found).contains(&fx::REFUND_TICKET_ID));
    assert!(found["data"].as_array().unwrap().iter().all(|t| t["status"] == "open"));
    let order = put(&app, "/api/views/0/items", &format!(r#"{{"view":{{"search":"{}"}}}}"#, fx::ORDER_REF))
        .await
        .json();
    assert_eq!(ids(&order), vec![fx::ORDER_TICKET_ID]);
    let both = put(&app, "/api/views/0/items", r#"{"view":{"search":"alice REFUND"}}"#).await.json();
    assert!(ids(&both).contains(&fx::REFUND_TICKET_ID));
    // A stored view narrows further: urgent refunds AND channel chat.
    let narrowed = put(
        &app,
        &format!("/api/views/{}/items?limit=100", fx::URGENT_VIEW_ID),
        r#"{"view":{"filters":"eq(ticket.channel, 'chat')"}}"#,
    )
    .await
    .json();
    for t in narrowed["data"].as_array().unwrap() {
        assert_eq!((t["channel"].as_str(), t["priority"].as_str()), (Some("chat"), Some("high")));
    }
    let r = put(&app, "/api/views/0/items", r#"{"view":{"filters":"eq(ticket.mood, 'happy')"}}"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(msg(&r), "Invalid view filters: unknown field 'ticket.mood'");
    assert_eq!(put(&app, "/api/views/0/items", "{oops").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(put(&app, "/api/views/0/items", r#"{"nope":1}"#).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(put(&app, "/api/views/999/items", r#"{"view":{}}"#).await.status, StatusCode::NOT_FOUND);
    let mine = put(
        &app,
        "/api/views/0/items",
        r#"{"view":{"filters":"eq(ticket.assignee_user.id, '{{current_user.id}}')"}}"#,
    )
    .await
    .json();
    assert_eq!(mine["meta"]["total_resources"], 0);
}

#[tokio::test]
async fn accepted_mode_answers_202_with_an_empty_body() {
    let (app, control) = app();
    control.set_view_search_mode(ViewSearchMode::Accepted);
    let r = put(&app, "/api/views/0/items", r#"{"view":{"search":"refund"}}"#).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(r.text.is_empty());
    // GET items are unaffected.
    assert_eq!(get(&app, "/api/views/21/items").await.status, StatusCode::OK);
    control.set_view_search_mode(ViewSearchMode::Sync);
    assert_eq!(
        put(&app, "/api/views/0/items", r#"{"view":{"search":"refund"}}"#).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn search_endpoint() {
    let (app, _) = app();
    let post = |body: &'static str| {
        let app = app.clone();
        async move { send_with(&app, "POST", "/api/search", Some(body), true).await }
    };
    let r = post(r#"{"type":"customer","query":"ALICE"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(ids(&r.json()).contains(&fx::ALICE_CUSTOMER_ID));
    assert!(
        ids(&post(r#"{"type":"customer","query":"johnson alice"}"#).await.json())
            .contains(&fx::ALICE_CUSTOMER_ID)
    );
    assert!(ids(&post(r#"{"type":"customer","query":"@example.com","size":50}"#).await.json()).len() > 10);
    assert_eq!(
        post(r#"{"type":"customer","query":"@example.com"}"#).await.json()["data"].as_array().unwrap().len(),
        10
    );
    assert_eq!(ids(&post(r#"{"type":"agent","query":"sarah"}"#).await.json()), vec![fx::SARAH_AGENT_ID]);
    assert_eq!(post(r#"{"type":"tag","query":"ship"}"#).await.json()["data"][0]["name"], "shipping-delay");
    assert_eq!(
        post(r#"{"type":"team","query":"warehouse"}"#).await.json()["data"][0]["name"],
        "Warehouse team"
    );
    let bad = post(r#"{"type":"ticket","query":"x"}"#).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"]["data"]["type"].is_array());
    assert_eq!(post(r#"{"type":"tag","query":"x","size":51}"#).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(post(r#"{"type":"tag"}"#).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(post("not json").await.status, StatusCode::BAD_REQUEST);
}
