//! List endpoints: cursors, limits, ordering, filters and the single-object routes.

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::Value;

use super::{app, get, msg};
use crate::gorgias::fixtures as fx;

fn ids(v: &Value) -> Vec<u64> {
    v["data"].as_array().unwrap().iter().map(|t| t["id"].as_u64().unwrap()).collect()
}

fn encode(s: &str) -> String {
    s.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

#[tokio::test]
async fn tickets_follow_cursors_to_the_end() {
    let (app, _) = app();
    let mut seen = Vec::new();
    let mut uri = "/api/tickets?limit=100".to_string();
    let mut pages = 0;
    loop {
        let page = get(&app, &uri).await.json();
        assert_eq!(page["object"], "list");
        assert_eq!(page["meta"]["total_resources"], fx::TOTAL_TICKETS);
        assert!(page["uri"].as_str().unwrap().starts_with("/api/tickets?"));
        seen.extend(ids(&page));
        pages += 1;
        match page["meta"]["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/tickets?limit=100&cursor={}", encode(c)),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), fx::TOTAL_TICKETS);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    let first = get(&app, "/api/tickets?limit=2").await.json();
    let a = first["data"][0]["created_datetime"].as_str().unwrap().to_string();
    let b = first["data"][1]["created_datetime"].as_str().unwrap().to_string();
    assert!(a >= b, "default order is created_datetime:desc");
    assert_eq!(a.len(), "2026-11-16T15:59:41.966927".len());
    assert_eq!(first["meta"]["prev_cursor"], Value::Null);
    let asc = get(&app, "/api/tickets?limit=1&order_by=updated_datetime:asc").await.json();
    assert!(asc["data"][0]["updated_datetime"].as_str().unwrap() < a.as_str());
}

#[tokio::test]
async fn bad_paging_parameters_are_400s() {
    let (app, _) = app();
    for (uri, expected) in [
        ("/api/tickets?limit=101", "limit: Must be at most 100"),
        ("/api/tickets?limit=abc", "limit: Not a valid integer."),
        ("/api/tickets?cursor=bm9wZQ%3D%3D", "Invalid cursor."),
        ("/api/customers?cursor=%%%", "Invalid cursor."),
    ] {
        let r = get(&app, uri).await;
        assert_eq!((r.status, msg(&r).as_str()), (StatusCode::BAD_REQUEST, expected), "{uri}");
    }
    let r = get(&app, "/api/tickets?order_by=subject:asc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(msg(&r).starts_with("order_by:"));
}

#[tokio::test]
async fn ticket_filters() {
    let (app, _) = app();
    let two = get(&app, "/api/tickets?ticket_ids=4521&ticket_ids=4518").await.json();
    assert_eq!(ids(&two).into_iter().collect::<HashSet<_>>(), HashSet::from([4521, 4518]));
    let untrashed = get(&app, "/api/tickets?trashed=false&limit=1").await.json();
    assert_eq!(untrashed["meta"]["total_resources"], fx::TOTAL_TICKETS - fx::TRASHED_TICKETS);
    let trashed = get(&app, "/api/tickets?trashed=true").await.json();
    assert!(trashed["data"].as_array().unwrap().iter().all(|t| t["trashed_datetime"].is_string()));
    let alice = get(&app, &format!("/api/tickets?customer_id={}", fx::ALICE_CUSTOMER_ID)).await.json();
    assert_eq!(alice["meta"]["total_resources"], fx::ALICE_TICKET_COUNT);
    let urgent = get(&app, &format!("/api/tickets?view_id={}&limit=100", fx::URGENT_VIEW_ID)).await.json();
    for t in urgent["data"].as_array().unwrap() {
        assert_eq!(t["priority"], "high");
        assert!(t["tags"].as_array().unwrap().iter().any(|tag| tag["name"] == "refund"));
    }
    // GET /api/tickets documents no date filters: the fake refuses them rather than ignore them.
    let dated = get(&app, "/api/tickets?created_datetime[gte]=2026-11-13&limit=100").await;
    assert_eq!(dated.status, StatusCode::BAD_REQUEST);
    assert_eq!(dated.json()["error"]["data"]["created_datetime[gte]"][0], "Unknown field.");
    assert_eq!(get(&app, "/api/tickets?customer_id=x").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/api/tickets?view_id=999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn single_ticket_tags_and_custom_fields() {
    let (app, _) = app();
    let t = get(&app, "/api/tickets/4521").await.json();
    assert_eq!(t["subject"], fx::REFUND_TICKET_SUBJECT);
    assert_eq!(t["customer"]["email"], fx::ALICE_EMAIL);
    assert_eq!(t["assignee_user"]["name"], fx::SARAH_AGENT_NAME);
    assert_eq!(t["messages"], serde_json::json!([]));
    assert_eq!(t["messages_count"], 3);
    assert_eq!(t["custom_fields"], Value::Null);
    assert_eq!(t["uri"], "/api/tickets/4521/");
    let t = get(&app, "/api/tickets/4521?relationships=custom_fields").await.json();
    assert_eq!(t["custom_fields"][fx::CONTACT_REASON_FIELD_ID.to_string()]["value"], "Refund");
    let tags = get(&app, "/api/tickets/4521/tags").await.json();
    assert_eq!(tags["data"][0]["name"], "refund");
    assert!(tags.get("meta").is_none());
    let fields = get(&app, "/api/tickets/4521/custom-fields").await.json();
    let first = &fields["data"][0];
    assert_eq!(first["field"]["label"], "Contact reason");
    assert_eq!((first["prediction"].clone(), first["value"].clone()), (Value::Null, Value::from("Refund")));
}

#[tokio::test]
async fn messages_nested_and_global() {
    let (app, _) = app();
    let mut all = Vec::new();
    let mut uri = format!("/api/tickets/{}/messages?limit=100", fx::LONG_TICKET_ID);
    let mut pages = 0;
    loop {
        let page = get(&app, &uri).await.json();
        all.extend(page["data"].as_array().unwrap().clone());
        pages += 1;
        match page["meta"]["next_cursor"].as_str() {
            Some(c) => {
                uri = format!("/api/tickets/{}/messages?limit=100&cursor={}", fx::LONG_TICKET_ID, encode(c))
            }
            None => break,
        }
    }
    assert_eq!((pages, all.len()), (3, fx::LONG_TICKET_MESSAGES));
    assert!(all.windows(2).all(|w| w[0]["created_datetime"].as_str() <= w[1]["created_datetime"].as_str()));
    let m = &all[0];
    for key in [
        "sender",
        "receiver",
        "source",
        "body_text",
        "body_html",
        "stripped_text",
        "attachments",
        "intents",
        "public",
        "from_agent",
        "channel",
        "via",
        "sent_datetime",
    ] {
        assert!(m.get(key).is_some(), "message lacks {key}");
    }
    assert_eq!(get(&app, "/api/tickets/999999/messages").await.status, StatusCode::NOT_FOUND);
    let global = get(&app, "/api/messages?ticket_id=4521").await.json();
    let times: Vec<&str> =
        global["data"].as_array().unwrap().iter().map(|m| m["created_datetime"].as_str().unwrap()).collect();
    assert_eq!(times.len(), 3);
    assert!(times[0] > times[2], "newest first by default");
    let asc = get(&app, "/api/messages?ticket_id=4521&order_by=created_datetime:asc").await.json();
    assert_eq!(asc["data"][0]["body_text"].as_str().unwrap().lines().next(), Some("Hi,"));
    assert!(get(&app, "/api/messages?limit=100").await.json()["meta"]["next_cursor"].is_string());
}

#[tokio::test]
async fn users_customers_and_directory() {
    let (app, _) = app();
    let me = get(&app, "/api/users/0").await.json();
    assert_eq!((me["name"].as_str(), me["email"].as_str()), (Some("Demo Admin"), Some(fx::EMAIL)));
    assert_eq!(me["role"]["name"], "admin");
    let users = get(&app, "/api/users?limit=100").await.json();
    assert_eq!(users["meta"]["total_resources"], fx::AGENT_COUNT + 1);
    let sarah = get(&app, "/api/users?email=SARAH.CHEN@northwind.test").await.json();
    assert_eq!(ids(&sarah), vec![fx::SARAH_AGENT_ID]);
    assert_eq!(ids(&get(&app, "/api/users?search=chen").await.json()), vec![fx::SARAH_AGENT_ID]);
    let alice = get(&app, "/api/customers?email=ALICE.Johnson@example.com").await.json();
    assert_eq!(ids(&alice), vec![fx::ALICE_CUSTOMER_ID]);
    let smiths = get(&app, "/api/customers?name=bob%20smith").await.json();
    assert_eq!(ids(&smiths), vec![fx::BOB_CUSTOMER_ID]);
    let c = get(&app, &format!("/api/customers/{}", fx::ALICE_CUSTOMER_ID)).await.json();
    assert_eq!(c["channels"][0]["type"], "email");
    let shopify = &c["integrations"][fx::SHOPIFY_INTEGRATION_ID.to_string()];
    assert_eq!(shopify["__integration_type__"], "shopify");
    assert_eq!(shopify["orders"][0]["name"], "NW-10187");
    let by_ext =
        get(&app, &format!("/api/customers?external_id={}", c["external_id"].as_str().unwrap())).await.json();
    assert_eq!(ids(&by_ext), vec![fx::ALICE_CUSTOMER_ID]);
    assert_eq!(get(&app, "/api/customers/424242").await.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/api/custom-fields").await;
    assert_eq!(
        (r.status, msg(&r).as_str()),
        (StatusCode::BAD_REQUEST, "object_type: Missing data for required field.")
    );
    assert_eq!(
        get(&app, "/api/custom-fields?object_type=Ticket").await.json()["data"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        get(&app, "/api/custom-fields?object_type=Customer").await.json()["data"][0]["label"],
        "Loyalty tier"
    );
    assert_eq!(
        get(&app, "/api/custom-fields/51").await.json()["definition"]["input_settings"]["input_type"],
        "dropdown"
    );
    let tags = get(&app, "/api/tags?order_by=usage:desc,name:desc&limit=100").await.json();
    let usage: Vec<u64> =
        tags["data"].as_array().unwrap().iter().map(|t| t["usage"].as_u64().unwrap()).collect();
    assert!(usage.windows(2).all(|w| w[0] >= w[1]) && usage[0] > 10);
    assert_eq!(get(&app, "/api/tags?search=refu").await.json()["data"][0]["name"], "refund");
    let teams = get(&app, "/api/teams").await.json();
    assert_eq!(teams["object"], "list");
    assert!(
        teams["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "Warehouse team" && !t["members"].as_array().unwrap().is_empty())
    );
    assert_eq!(get(&app, "/api/teams/12").await.json()["name"], "Returns & Refunds");
    let kinds: Vec<String> = get(&app, "/api/integrations").await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"shopify".to_string()) && kinds.contains(&"http".to_string()));
    let surveys = get(&app, "/api/satisfaction-surveys?limit=100").await.json();
    let first = &surveys["data"][0];
    let one = get(&app, &format!("/api/satisfaction-surveys?ticket_id={}", first["ticket_id"])).await.json();
    assert_eq!(one["meta"]["total_resources"], 1);
    assert!((1..=5).contains(&first["score"].as_u64().unwrap()));
}

#[tokio::test]
async fn macros_list_unarchived_by_default_and_search_name_and_text() {
    let (app, _) = app();
    let all = get(&app, "/api/macros?order_by=usage:desc&limit=100").await.json();
    let names: Vec<&str> =
        all["data"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), fx::MACRO_COUNT);
    assert!(!names.contains(&fx::ARCHIVED_MACRO_NAME));
    let archived = get(&app, "/api/macros?archived=true").await.json();
    assert_eq!(archived["data"][0]["name"], fx::ARCHIVED_MACRO_NAME);
    let found = get(&app, "/api/macros?search=prepaid").await.json();
    assert_eq!(found["data"][0]["id"], fx::RETURN_LABEL_MACRO_ID);
    assert_eq!(found["data"][0]["actions"][0]["name"], "setResponseText");
    let refused = get(&app, "/api/macros?tags=refund").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "undocumented filter refused: {}", msg(&refused));
}
