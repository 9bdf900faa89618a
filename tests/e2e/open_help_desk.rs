//! Open Help Desk end to end: every unified tool through the real host binary
//! against the fake `/api/v1`, with names instead of ULIDs, the three roles,
//! and the misspelled-field trap (the fake's ignored-field log stays empty; a
//! PATCH that silently does nothing is reported as an error).

use helpdesk_fakes::ohd::{FakeOhd, Fault, FaultKind, OhdOptions, fixtures as o};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::{Value, json};

async fn start(key: &str, level: &str) -> anyhow::Result<(FakeOhd, Host)> {
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let host = HostBuilder::ohd(&fake, key)
        .env("HELPDESK_ACCESS_LEVEL", level)
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    Ok((fake, host))
}

fn field<'v>(ticket: &'v Value, label: &str) -> Option<&'v str> {
    ticket["fields"].as_array()?.iter().find(|f| f["label"] == label)?["value"].as_str()
}

fn ids(page: &Value) -> Vec<String> {
    page["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_get_ticket_names_people_statuses_and_the_category_path() -> anyhow::Result<()> {
    let (fake, host) = start(o::STAFF_KEY, "readonly").await?;
    let r = host.structured("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    let t = &r["ticket"];
    assert_eq!((t["id"].as_str(), t["subject"].as_str()), (Some(o::TICKET_293), Some(o::TICKET_293_SUBJECT)));
    assert_eq!((t["status"].as_str(), t["team"].as_str()), (Some(o::STATUS_NEW), Some(o::HARDWARE_GROUP)));
    assert_eq!(t["customer"]["name"], o::JONAS_NAME, "{r}");
    assert_eq!(field(t, "Category"), Some(o::EQUIPMENT));
    assert_eq!((field(t, "Type"), field(t, "Item")), (Some(o::LAPTOP_TYPE), Some(o::BATTERY_ITEM)));
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    let note = messages.iter().find(|m| m["role"] == "internal_note").expect("the internal note is shown");
    assert_eq!(
        (note["author"]["name"].as_str(), note["text"].as_str()),
        (Some(o::AMELIE_NAME), Some(o::TICKET_293_NOTE))
    );
    assert_eq!(messages[0]["role"], "customer");
    assert!(messages.iter().any(|m| m["role"] == "agent" && m["author"]["name"] == o::TOM_NAME), "{r}");
    let text = host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert!(text.contains(o::AMELIE_NAME) && text.contains("Group: Hardware Support"), "{text}");
    // The ULID works too; a ticket outside the key's groups is "not found".
    let ulid = field(t, "ULID").unwrap_or_default().to_owned();
    let again = host.structured("get_ticket", json!({ "id": ulid })).await?;
    assert_eq!(again["ticket"]["id"], o::TICKET_293);
    let e = host.error("get_ticket", json!({ "id": o::SOFTWARE_TICKET })).await?;
    assert!(e.contains("was not found") && e.contains("Staff only their groups'"), "{e}");
    let e = host.error("get_ticket", json!({ "id": "battery" })).await?;
    assert!(e.contains("tracking number"), "{e}");
    assert!(fake.control().requests().iter().all(|r| r.authorized));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_lists_and_searches_filter_by_names_resolved_to_ulids() -> anyhow::Result<()> {
    let (fake, host) = start(o::ADMIN_KEY, "readonly").await?;
    let all = host.structured("list_tickets", json!({ "limit": 50 })).await?;
    assert_eq!(all["tickets"].as_array().map(Vec::len), Some(o::TICKET_COUNT), "{all}");
    let r = host.structured("list_tickets", json!({ "status": o::STATUS_IN_PROGRESS })).await?;
    assert!(
        r["tickets"]
            .as_array()
            .is_some_and(|t| !t.is_empty() && t.iter().all(|x| x["status"] == o::STATUS_IN_PROGRESS)),
        "{r}"
    );
    let r = host.structured("list_tickets", json!({ "assignee": "amelie durand" })).await?;
    assert!(
        r["tickets"]
            .as_array()
            .is_some_and(|t| !t.is_empty() && t.iter().all(|x| x["assignee"] == o::AMELIE_NAME)),
        "{r}"
    );
    let r = host
        .structured(
            "list_tickets",
            json!({ "category": o::EQUIPMENT, "assignee": "none", "priority": "high" }),
        )
        .await?;
    assert_eq!(ids(&r), [o::TICKET_293]);
    let r = host.structured("list_tickets", json!({ "category": "Equipment / Laptop / Screen" })).await?;
    assert_eq!(ids(&r), [o::SARA_TICKET]);
    let r = host.structured("list_tickets", json!({ "team": o::SOFTWARE_GROUP, "status": "open" })).await?;
    assert!(ids(&r).contains(&o::SOFTWARE_TICKET.to_owned()), "{r}");
    let page = host.structured("list_tickets", json!({ "limit": 5 })).await?;
    let next = host.structured("list_tickets", json!({ "limit": 5, "cursor": page["next_cursor"] })).await?;
    assert!(ids(&next).iter().all(|id| !ids(&page).contains(id)) && ids(&next).len() == 5, "{next}");
    let r = host.structured("search_tickets", json!({ "query": "battery" })).await?;
    assert_eq!(ids(&r), [o::TICKET_293]);
    let r = host.structured("search_tickets", json!({ "query": o::TICKET_293 })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("ticket id") && ids(&r) == [o::TICKET_293], "{r}");
    let e = host.error("list_tickets", json!({ "assignee": "Nobody Known" })).await?;
    assert!(e.contains(o::AMELIE_NAME), "the choices are named: {e}");
    let e = host.error("list_tickets", json!({ "tag": "vip" })).await?;
    assert!(e.contains("no ticket tags"), "{e}");
    // Only ULIDs (or `none`) reached the API, under the parameters it has.
    let queries: Vec<String> = fake
        .control()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/tickets")
        .filter_map(|r| r.query.clone())
        .collect();
    assert!(
        queries.iter().any(|q| q.contains("assignee_user_id=none") && q.contains("category_id=")),
        "{queries:?}"
    );
    assert!(queries.iter().all(|q| !q.contains("Amelie") && !q.contains("Equipment")), "{queries:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_writes_by_name_read_back_and_never_send_an_ignored_field() -> anyhow::Result<()> {
    let (fake, host) = start(o::ADMIN_KEY, "send").await?;
    let r = host
        .structured(
            "update_ticket",
            json!({ "id": o::TICKET_293, "assignee": o::AMELIE_NAME, "status": o::STATUS_WAITING }),
        )
        .await?;
    let changes = r["changes"].to_string();
    assert!(changes.contains(o::AMELIE_NAME) && changes.contains(o::STATUS_WAITING), "{r}");
    assert_eq!(r["ticket"]["assignee"], o::AMELIE_NAME);
    let r = host.structured("update_ticket", json!({ "id": o::TICKET_293, "assignee": "none", "team": o::SERVICE_DESK_GROUP, "fields": { "category": "Equipment / Laptop / Screen" } })).await?;
    let changes = r["changes"].to_string();
    assert!(
        changes.contains("Equipment / Laptop / Screen") && changes.contains(o::SERVICE_DESK_GROUP),
        "{r}"
    );
    assert!(r["ticket"].get("assignee").is_none(), "{r}");
    let r = host
        .structured(
            "reply_to_ticket",
            json!({ "id": o::TICKET_293, "message": "Replacement ordered.", "internal": true }),
        )
        .await?;
    assert_eq!(r["message"]["role"], "internal_note");
    let r = host
        .structured(
            "reply_to_ticket",
            json!({ "id": o::TICKET_293, "message": "A new battery is on its way." }),
        )
        .await?;
    assert_eq!(r["message"]["role"], "agent");
    let r = host.structured("create_ticket", json!({ "customer": "me", "subject": "Dock lost power", "message": "No lights.", "category": "Equipment / Peripherals", "priority": "high" })).await?;
    assert!(r["ticket"]["id"].as_str().is_some_and(|id| id.starts_with("OHD-2026-")), "{r}");
    let e = host
        .error(
            "create_ticket",
            json!({ "customer": "me", "subject": "x", "message": "y", "category": "Legacy Phones" }),
        )
        .await?;
    assert!(e.contains("no active category matches"), "inactive categories are not offered: {e}");
    let thread = host.structured("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    let notes: Vec<&Value> = thread["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["text"] == "Replacement ordered.")
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["role"], "internal_note", "the note stayed internal");
    assert_eq!(fake.control().ignored_fields(), vec![], "no field the API ignores was ever sent");
    let writes = fake.control().writes();
    assert_eq!(writes.len(), 5, "{writes:?}");
    assert!(
        writes.iter().all(|w| w
            .body
            .as_deref()
            .is_some_and(|b| !b.contains("\"status\"") && !b.contains("is_internal")))
    );

    // A PATCH the server accepts but does not apply is an error, not a success.
    fake.set_patch_ignored(true);
    let e = host.error("update_ticket", json!({ "id": o::TICKET_293, "assignee": o::TOM_NAME })).await?;
    assert!(e.contains("did not apply") && e.contains("assignee_user_id"), "{e}");
    fake.set_patch_ignored(false);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_roles_limit_what_each_key_may_do_and_check_names_the_role() -> anyhow::Result<()> {
    let (fake, user) = start(o::USER_KEY, "send").await?;
    let r = user.structured("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert!(r["messages"].as_array().is_some_and(|m| m.iter().all(|x| x["role"] != "internal_note")), "{r}");
    let e = user.error("get_ticket", json!({ "id": o::SARA_TICKET })).await?;
    assert!(e.contains("not found"), "{e}");
    let mine = user.structured("list_tickets", json!({ "limit": 50 })).await?;
    assert!(
        mine["tickets"].as_array().is_some_and(|t| t.iter().all(|x| x["customer"]["name"] == o::JONAS_NAME)),
        "{mine}"
    );
    let e = user
        .error("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "psst", "internal": true }))
        .await?;
    assert!(e.contains("Staff or Admin") && e.contains("not even publicly"), "{e}");
    assert_eq!(fake.control().writes().len(), 0, "the refused note was not posted publicly instead");
    let e = user.error("update_ticket", json!({ "id": o::TICKET_293, "status": o::STATUS_CLOSED })).await?;
    assert!(e.contains("Staff or Admin"), "{e}");
    let e = user.error("list_reference", json!({ "kind": "agents" })).await?;
    assert!(e.contains("Staff or Admin"), "{e}");
    let r = user.structured("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "Thanks!" })).await?;
    assert_eq!(r["message"]["role"], "agent");
    for (key, role) in
        [(o::USER_KEY, "role User"), (o::STAFF_KEY, "role Staff"), (o::ADMIN_KEY, "role Admin")]
    {
        let (code, out, err) = HostBuilder::ohd(&fake, key).run(&["check"]).await?;
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains(role), "{role}: {out}");
        assert!(!format!("{out}{err}").contains(key), "the key is never echoed");
    }
    let (code, out, err) = HostBuilder::ohd(&fake, "ohd_sk_wrong").run(&["check"]).await?;
    assert_ne!(code, 0);
    assert!(format!("{out}{err}").contains("OHD_API_KEY") && !format!("{out}{err}").contains("ohd_sk_wrong"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_reference_stats_catalogue_and_faults() -> anyhow::Result<()> {
    let (fake, host) = start(o::ADMIN_KEY, "admin").await?;
    let r = host.structured("list_reference", json!({ "kind": "categories" })).await?;
    let names = r["items"].to_string();
    assert!(names.contains("Equipment / Laptop / Battery") && !names.contains(o::INACTIVE_CATEGORY), "{r}");
    let r = host.structured("list_reference", json!({ "kind": "statuses" })).await?;
    let names = r["items"].to_string();
    assert!(
        names.contains(o::STATUS_IN_PROGRESS)
            && names.contains(o::STATUS_WAITING)
            && !names.contains(o::STATUS_INACTIVE),
        "{r}"
    );
    let r = host.structured("list_reference", json!({ "kind": "agents" })).await?;
    assert!(r["items"].to_string().contains(o::AMELIE_NAME), "{r}");
    let r = host.structured("list_reference", json!({ "kind": "teams" })).await?;
    assert!(r["items"].to_string().contains(o::HARDWARE_GROUP), "{r}");
    let e = host.error("list_reference", json!({ "kind": "tags" })).await?;
    assert!(e.contains("no tags list"), "{e}");
    for by in ["status", "category", "priority", "agent", "team"] {
        let r =
            host.structured("helpdesk_stats", json!({ "group_by": by, "period": "last_30_days" })).await?;
        assert!(r["rows"].as_array().is_some_and(|rows| !rows.is_empty()), "{by}: {r}");
    }
    let r = host
        .structured("helpdesk_stats", json!({ "metric": "open_tickets", "group_by": "category" }))
        .await?;
    assert!(r["rows"].to_string().contains(o::EQUIPMENT), "{r}");
    // Reporters are users, not staff: rows name them, never by ULID.
    let r = host
        .structured("helpdesk_stats", json!({ "group_by": "customer", "period": "last_30_days" }))
        .await?;
    let keys: Vec<&str> =
        r["rows"].as_array().into_iter().flatten().filter_map(|row| row["key"].as_str()).collect();
    assert!(!keys.is_empty() && keys.iter().all(|k| !k.bytes().all(|b| b.is_ascii_alphanumeric())), "{r}");
    assert!(keys.iter().any(|k| k.contains(o::JONAS_NAME)), "{r}");
    let e = host.error("helpdesk_stats", json!({ "metric": "csat" })).await?;
    assert!(e.contains("no satisfaction surveys"), "{e}");
    let r = host.structured("list_api_endpoints", json!({})).await?;
    assert!(r.to_string().contains("/tickets/{id}/replies"), "{r}");
    let r = host.structured("call_api", json!({ "operation": "list_statuses" })).await?;
    assert!(r.to_string().contains(o::STATUS_WAITING), "{r}");

    fake.control().inject(
        Fault::new("/api/v1/tickets", FaultKind::Status { code: 500, body: None, retry_after: None })
            .with_times(5),
    );
    let e = host.error("list_tickets", json!({})).await?;
    assert!(e.contains("500"), "{e}");
    fake.control().clear_faults();
    fake.control().inject(
        Fault::new("/api/v1/tickets", FaultKind::Status { code: 429, body: None, retry_after: Some(30) })
            .with_times(5),
    );
    let e = host.error("list_tickets", json!({})).await?;
    assert!(e.contains("429") && e.contains("30"), "{e}");
    fake.control().clear_faults();
    fake.control().inject(Fault::new("/api/v1/tickets/", FaultKind::InvalidJson).with_times(3));
    let e = host.error("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert!(e.contains("could not be read"), "{e}");
    fake.control().clear_faults();
    Ok(())
}
