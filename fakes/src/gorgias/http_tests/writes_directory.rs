//! Writes on ticket tags and custom fields, tags and customers.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{app, get, msg, send, send_with};
use crate::gorgias::fixtures as fx;

fn tag_names(v: &Value) -> Vec<String> {
    v["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn ticket_tags_add_set_and_remove() {
    let (app, control) = app();
    let path = format!("/api/tickets/{}/tags", fx::REFUND_TICKET_ID);
    let refund_usage =
        get(&app, &format!("/api/tags/{}", fx::REFUND_TAG_ID)).await.json()["usage"].as_u64().unwrap();
    let r = send(&app, "POST", &path, &json!({"names": ["escalated"], "ids": [fx::REFUND_TAG_ID]})).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::CREATED, ""));
    assert_eq!(tag_names(&get(&app, &path).await.json()), ["refund", "escalated"]);
    let escalated = get(&app, "/api/tags?search=escalated").await.json()["data"][0].clone();
    assert_eq!(escalated["usage"], 1);
    let r = send(&app, "PUT", &path, &json!({"ids": [escalated["id"]]})).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::ACCEPTED, ""));
    assert_eq!(tag_names(&get(&app, &path).await.json()), ["escalated"]);
    let usage = get(&app, &format!("/api/tags/{}", fx::REFUND_TAG_ID)).await.json()["usage"].as_u64();
    assert_eq!(usage, Some(refund_usage - 1));
    let ticket = get(&app, &format!("/api/tickets/{}", fx::REFUND_TICKET_ID)).await.json();
    assert_eq!(ticket["tags"][0]["name"], "escalated");
    let r = send(&app, "DELETE", &path, &json!({"names": ["escalated", "never-existed"]})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(tag_names(&get(&app, &path).await.json()).is_empty());
    for bad in [json!({}), json!({"ids": [999_999]}), json!({"names": "vip"}), json!({"names": [""]})] {
        assert_eq!(send(&app, "POST", &path, &bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        send(&app, "POST", "/api/tickets/999999/tags", &json!({"names": ["x"]})).await.status,
        StatusCode::NOT_FOUND
    );
    let statuses: Vec<u16> = control.writes().iter().map(|w| w.status).collect();
    assert_eq!(statuses, [201, 202, 204]);
}

#[tokio::test]
async fn ticket_custom_fields() {
    let (app, control) = app();
    let base = format!("/api/tickets/{}/custom-fields", fx::REFUND_TICKET_ID);
    let body = json!([
        {"id": fx::CONTACT_REASON_FIELD_ID, "value": "Shipping"},
        {"id": fx::ORDER_NUMBER_FIELD_ID, "value": "NW-99999"},
    ]);
    let r = send(&app, "PUT", &base, &body).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    assert_eq!(r.json(), get(&app, &base).await.json());
    let values: Vec<(u64, Value)> = r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["field"]["id"].as_u64().unwrap(), v["value"].clone()))
        .collect();
    assert!(values.contains(&(fx::CONTACT_REASON_FIELD_ID, json!("Shipping"))));
    assert!(values.contains(&(fx::ORDER_NUMBER_FIELD_ID, json!("NW-99999"))));
    let one = format!("{base}/{}", fx::ORDER_NUMBER_FIELD_ID);
    let r = send(&app, "PUT", &one, &json!({"id": fx::ORDER_NUMBER_FIELD_ID, "value": "NW-10001"})).await;
    assert_eq!((r.status, r.json()["value"].as_str()), (StatusCode::ACCEPTED, Some("NW-10001")));
    assert_eq!(send_with(&app, "DELETE", &one, None, true).await.status, StatusCode::NO_CONTENT);
    let after = get(&app, &base).await.json();
    assert!(after["data"].as_array().unwrap().iter().all(|v| v["field"]["id"] != fx::ORDER_NUMBER_FIELD_ID));
    let rel =
        get(&app, &format!("/api/tickets/{}?relationships=custom_fields", fx::REFUND_TICKET_ID)).await.json();
    assert_eq!(rel["custom_fields"][fx::CONTACT_REASON_FIELD_ID.to_string()]["value"], "Shipping");
    let bad = json!([{"id": fx::CONTACT_REASON_FIELD_ID, "value": "Because"}]);
    let r = send(&app, "PUT", &base, &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(msg(&r).starts_with("value: Must be one of: Refund, Shipping"), "{}", msg(&r));
    let customer_field = json!([{"id": fx::LOYALTY_TIER_FIELD_ID, "value": "Gold"}]);
    assert_eq!(send(&app, "PUT", &base, &customer_field).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, "PUT", &base, &json!({"id": 51})).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        send(&app, "PUT", &format!("{base}/999"), &json!({"value": "x"})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(control.writes().len(), 3);
}

#[tokio::test]
async fn tags_create_rename_and_delete() {
    let (app, control) = app();
    let r = send(
        &app,
        "POST",
        "/api/tags",
        &json!({"name": "trade-partner", "description": "B2B", "decoration": {"color": "#112233"}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let tag = r.json();
    assert_eq!((tag["usage"].as_u64(), tag["decoration"]["color"].as_str()), (Some(0), Some("#112233")));
    let id = tag["id"].as_u64().unwrap();
    let r = send(&app, "POST", "/api/tags", &json!({"name": "trade-partner"})).await;
    assert_eq!((r.status, msg(&r).as_str()), (StatusCode::CONFLICT, "The resource already exists."));
    assert_eq!(
        send(&app, "POST", "/api/tags", &json!({"description": "no name"})).await.status,
        StatusCode::BAD_REQUEST
    );
    let r = send(&app, "PUT", &format!("/api/tags/{id}"), &json!({"name": "trade"})).await;
    assert_eq!((r.status, r.json()["name"].as_str()), (StatusCode::ACCEPTED, Some("trade")));
    assert_eq!(get(&app, &format!("/api/tags/{id}")).await.json()["name"], "trade");
    let r = send(&app, "PUT", &format!("/api/tags/{id}"), &json!({"name": "refund"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Deleting a tag takes it off its tickets.
    let refund = format!("/api/tags/{}", fx::REFUND_TAG_ID);
    assert_eq!(send_with(&app, "DELETE", &refund, None, true).await.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, &refund).await.status, StatusCode::NOT_FOUND);
    let t = get(&app, &format!("/api/tickets/{}", fx::REFUND_TICKET_ID)).await.json();
    assert!(t["tags"].as_array().unwrap().iter().all(|tag| tag["name"] != "refund"));
    assert_eq!(send_with(&app, "DELETE", &refund, None, true).await.status, StatusCode::NOT_FOUND);
    assert_eq!(control.count_writes("post", "/api/tags"), 1);
    assert_eq!(control.writes().len(), 3);
}

#[tokio::test]
async fn customers_create_update_and_data() {
    let (app, control) = app();
    let body = json!({"name": "Dana Scully", "channels": [{"type": "email", "address": "dana@fbi.test"},
                      {"type": "phone", "address": "+1 202 555 0100"}], "external_id": "shop-77", "note": "VIP"});
    let r = send(&app, "POST", "/api/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let c = r.json();
    let id = c["id"].as_u64().unwrap();
    assert_eq!(
        (c["firstname"].as_str(), c["lastname"].as_str(), c["email"].as_str()),
        (Some("Dana"), Some("Scully"), Some("dana@fbi.test"))
    );
    assert_eq!(c["channels"].as_array().unwrap().len(), 2);
    let r = send(&app, "POST", "/api/customers", &json!({"email": "DANA@fbi.test"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = send(&app, "POST", "/api/customers", &json!({"email": "not-an-email"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let found = get(&app, "/api/customers?external_id=shop-77").await.json();
    assert_eq!(found["data"][0]["id"], id);
    assert_eq!(get(&app, "/api/customers?name=dana%20scu").await.json()["data"][0]["id"], id);
    let path = format!("/api/customers/{id}");
    let r = send(&app, "PUT", &path, &json!({"lastname": "Mulder", "note": null, "language": "fr"})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let updated = r.json();
    assert_eq!(
        (updated["name"].as_str(), updated["note"].clone(), updated["language"].as_str()),
        (Some("Dana Mulder"), Value::Null, Some("fr"))
    );
    let r = send(&app, "PUT", &path, &json!({"email": fx::ALICE_EMAIL})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = send(
        &app,
        "PUT",
        &format!("{path}/data"),
        &json!({"data": {"plan": "gold"}, "version": "2026-11-20T00:00:00"}),
    )
    .await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::ACCEPTED, ""));
    let c = get(&app, &path).await.json();
    assert_eq!(c["data"], json!({"plan": "gold"}));
    assert!(c["integrations"].is_object() && c["channels"].is_array());
    assert_eq!(
        send(&app, "PUT", &format!("{path}/data"), &json!({"version": "x"})).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send(&app, "PUT", "/api/customers/1/data", &json!({"data": {}})).await.status,
        StatusCode::NOT_FOUND
    );
    let alice = get(&app, &format!("/api/customers/{}", fx::ALICE_CUSTOMER_ID)).await.json();
    assert!(alice["integrations"][fx::SHOPIFY_INTEGRATION_ID.to_string()].is_object());
    assert_eq!(control.writes().len(), 3);
}

#[tokio::test]
async fn surveys_filter_by_ticket_only_and_page_newest_first() {
    let (app, _) = app();
    let all = get(&app, "/api/satisfaction-surveys?limit=100&order_by=created_datetime:desc").await.json();
    let data = all["data"].as_array().unwrap();
    let times: Vec<&str> = data.iter().map(|s| s["created_datetime"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let first = &data[0];
    let by_ticket =
        get(&app, &format!("/api/satisfaction-surveys?ticket_id={}", first["ticket_id"])).await.json();
    assert_eq!(by_ticket["data"].as_array().unwrap().len(), 1, "one survey per ticket");
    let unanswered = data.iter().filter(|s| s["score"].is_null()).count();
    assert!(unanswered > 0, "some surveys were never answered");
    // Neither customer nor date filters exist on this endpoint (a real Gorgias ignores them).
    for refused in
        ["customer_id=1", "created_datetime[lt]=2026-10-01", "created_datetime%5Bgte%5D=2026-10-01"]
    {
        let r = get(&app, &format!("/api/satisfaction-surveys?{refused}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{refused}");
        assert!(msg(&r).contains("Unknown field"), "{}", r.text);
    }
}
