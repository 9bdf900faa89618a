//! Kayako Classic end to end: every unified tool through the real host binary
//! over stdio against the signature-checking fake, plus the sandbox, broken
//! XML, a huge post, non-UTF-8 bytes, writes and the secret staying secret.

use helpdesk_fakes::kayako::{FakeKayako, Fault, FaultKind, KayakoOptions, fixtures as k};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::json;

async fn start(level: &str) -> anyhow::Result<(FakeKayako, Host)> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).env("HELPDESK_ACCESS_LEVEL", level).stdio().await?;
    Ok((fake, host))
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_get_ticket_by_display_or_numeric_id_reads_the_conversation() -> anyhow::Result<()> {
    let (fake, host) = start("readonly").await?;
    let r = host.structured("get_ticket", json!({ "id": k::LOGIN_TICKET_DISPLAY_ID })).await?;
    assert_eq!(r["ticket"]["subject"], k::LOGIN_TICKET_SUBJECT);
    assert_eq!(r["ticket"]["id"], k::LOGIN_TICKET_DISPLAY_ID);
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    assert!(messages.len() >= k::LOGIN_TICKET_POSTS, "{messages:?}");
    assert_eq!(messages[0]["role"], "customer");
    assert!(messages.iter().any(|m| m["role"] == "agent"), "staff posts are marked");
    let times: Vec<&str> = messages.iter().filter_map(|m| m["created_at"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "chronological: {times:?}");
    let text = host.text("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?;
    assert!(text.contains(k::LOGIN_TICKET_SUBJECT) && text.contains(k::HANNAH_NAME), "{text}");
    // Fields are labelled in Kayako's own words; totals count posts and notes.
    let team = r["ticket"]["team"].as_str().unwrap_or_default();
    let status = r["ticket"]["status"].as_str().unwrap_or_default();
    for label in [format!("Department: {team}"), format!("Status: {status}"), "Numeric id: ".to_owned()] {
        assert!(text.contains(&label), "{label} missing:\n{text}");
    }
    assert!(!text.contains(&format!("({team})")), "{text}");
    let conversation = r["conversation"].as_str().unwrap_or_default();
    assert!(conversation.contains(" posts") && conversation.contains(" note"), "{r}");
    assert!(text.contains(&format!("Conversation: {conversation}")), "{text}");
    assert!(r["ticket"].get("satisfaction").is_none(), "Kayako Classic has no CSAT");
    assert!(fake.control().requests().iter().all(|r| r.authorized), "every request was signed correctly");
    let e = host.error("get_ticket", json!({ "id": "ZZZ-999-99999" })).await?;
    assert!(e.contains("ZZZ-999-99999") && e.contains("not found"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_search_picks_a_strategy_and_says_which() -> anyhow::Result<()> {
    let (_fake, host) = start("readonly").await?;
    let r = host.structured("search_tickets", json!({ "query": k::HANNAH_EMAIL })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("customer email"), "{r}");
    assert_eq!(r["tickets"].as_array().map(Vec::len), Some(k::HANNAH_TICKET_COUNT));
    let r = host.structured("search_tickets", json!({ "query": k::INVOICE_TICKET_DISPLAY_ID })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("ticket id"), "{r}");
    assert_eq!(r["tickets"][0]["subject"], k::INVOICE_TICKET_SUBJECT);
    let r = host.structured("search_tickets", json!({ "query": k::DANIEL_NAME })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("full-name"), "{r}");
    assert!(r["tickets"].to_string().contains(k::INVOICE_TICKET_SUBJECT), "{r}");
    let r = host.structured("search_tickets", json!({ "query": k::INVOICE_NUMBER })).await?;
    assert!(r["tickets"].to_string().contains(k::INVOICE_TICKET_SUBJECT), "{r}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_list_tickets_filters_by_department_and_pages() -> anyhow::Result<()> {
    let (_fake, host) = start("readonly").await?;
    let r = host.structured("list_tickets", json!({ "team": "Billing", "limit": 5 })).await?;
    let tickets = r["tickets"].as_array().cloned().unwrap_or_default();
    assert_eq!(tickets.len(), 5, "{r}");
    assert!(tickets.iter().all(|t| t["team"] == "Billing"), "{r}");
    let cursor = r["next_cursor"].as_str().unwrap_or_default().to_owned();
    assert!(!cursor.is_empty(), "{r}");
    let next =
        host.structured("list_tickets", json!({ "team": "Billing", "limit": 5, "cursor": cursor })).await?;
    assert_ne!(next["tickets"][0]["id"], tickets[0]["id"]);
    let closed = host.structured("list_tickets", json!({ "status": "closed", "limit": 10 })).await?;
    assert!(
        closed["tickets"]
            .as_array()
            .is_some_and(|t| !t.is_empty() && t.iter().all(|x| x["status"] == k::CLOSED_STATUS_NAME)),
        "{closed}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_reference_stats_and_customers() -> anyhow::Result<()> {
    let (_fake, host) = start("readonly").await?;
    let teams = host.structured("list_reference", json!({ "kind": "teams" })).await?;
    assert!(teams.to_string().contains(k::TECH_DEPARTMENT_NAME), "{teams}");
    let agents = host.structured("list_reference", json!({ "kind": "agents" })).await?;
    assert_eq!(agents["total"], k::STAFF_COUNT);
    let statuses = host.text("list_reference", json!({ "kind": "statuses" })).await?;
    assert!(statuses.contains(k::OPEN_STATUS_NAME) && statuses.contains("priority"), "{statuses}");
    let e = host.error("list_reference", json!({ "kind": "tags" })).await?;
    assert!(e.contains("Kayako Classic has no tag list"), "{e}");
    let r =
        host.structured("helpdesk_stats", json!({ "group_by": "team", "period": "last_30_days" })).await?;
    assert!(r["total"].as_f64().is_some_and(|t| t > 0.0), "{r}");
    assert!(r["rows"].as_array().is_some_and(|rows| !rows.is_empty()), "{r}");
    let r = host.structured("helpdesk_stats", json!({ "group_by": "status" })).await?;
    assert_eq!(r["group_by"], "status");
    let e = host.error("helpdesk_stats", json!({ "metric": "csat" })).await?;
    assert!(e.contains("no reporting"), "{e}");
    let e = host.error("search_customers", json!({ "query": "Hannah" })).await?;
    assert!(e.contains("not available on Kayako Classic"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_broken_huge_and_odd_answers_are_handled() -> anyhow::Result<()> {
    let (fake, host) = start("readonly").await?;
    fake.control().inject(
        Fault::new(&format!("/Tickets/Ticket/{}", k::LOGIN_TICKET_ID), FaultKind::InvalidXml).with_times(2),
    );
    let e = host.error("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?;
    assert!(e.contains("could not be read") && e.contains("XML"), "{e}");
    let r = host.structured("get_ticket", json!({ "id": k::HUGE_TICKET_ID })).await?;
    assert!(r["messages"].to_string().contains("\"text_truncated\":true"), "huge post is clipped");
    let r = host.structured("get_ticket", json!({ "id": k::NON_UTF8_TICKET_ID })).await?;
    assert!(r.to_string().contains("Caf\u{fffd}"), "{r}");
    let r = host.structured("get_ticket", json!({ "id": k::CDATA_TICKET_ID })).await?;
    assert_eq!(r["ticket"]["subject"], k::CDATA_TICKET_SUBJECT);
    let small = HostBuilder::kayako(&fake).env("HELPDESK_MAX_RESPONSE_BYTES", "65536").stdio().await?;
    let e = small.error("get_ticket", json!({ "id": k::HUGE_TICKET_ID })).await?;
    assert!(e.contains("larger than 65536 bytes"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_writes_at_send_tier_never_duplicate() -> anyhow::Result<()> {
    let (fake, host) = start("send").await?;
    let r = host
        .structured(
            "create_ticket",
            json!({ "customer": "new.person@example.net", "subject": "Thermostat offline", "message": "It shows E5.", "team": "Technical Support", "priority": "High" }),
        )
        .await?;
    assert!(r["action"].as_str().unwrap_or("").starts_with("Created ticket"), "{r}");
    assert_eq!(r["ticket"]["team"], k::TECH_DEPARTMENT_NAME);
    let id = r["ticket"]["id"].as_str().unwrap_or_default().to_owned();
    let reply = json!({ "id": id, "message": "We are looking into it.", "agent": k::STAFF_FULL_NAME });
    let r = host.structured("reply_to_ticket", reply.clone()).await?;
    assert_eq!(r["message"]["role"], "agent", "{r}");
    let e = host.error("reply_to_ticket", reply).await?;
    assert!(e.contains("already posted"), "{e}");
    let r = host
        .structured("reply_to_ticket", json!({ "id": id, "message": "Customer is VIP.", "internal": true }))
        .await?;
    assert_eq!(r["message"]["role"], "internal_note", "{r}");
    let r = host
        .structured("update_ticket", json!({ "id": id, "status": "closed", "assignee": k::STAFF_EMAIL }))
        .await?;
    let changed: Vec<&str> =
        r["changes"].as_array().into_iter().flatten().filter_map(|c| c["field"].as_str()).collect();
    assert!(changed.contains(&"status") && changed.contains(&"assignee"), "{r}");
    assert_eq!(fake.control().count_writes("POST", "/Tickets/TicketPost"), 1);
    assert_eq!(fake.control().count_writes("POST", "/Tickets/TicketNote"), 1);

    // A create whose answer is lost is reported as unknown, never resent.
    fake.control()
        .inject(Fault::new("/Tickets/Ticket", FaultKind::DropAfterApply).exact().with_method("POST"));
    let before = fake.control().count_writes("POST", "/Tickets/Ticket");
    let e = host
        .error(
            "create_ticket",
            json!({ "customer": "x@example.net", "subject": "Lost", "message": "answer" }),
        )
        .await?;
    assert!(e.contains("may or may not have been applied"), "{e}");
    assert_eq!(fake.control().count_writes("POST", "/Tickets/Ticket") - before, 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_sandbox_check_catalogue_and_secrets() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let admin = HostBuilder::kayako(&fake).env("HELPDESK_ACCESS_LEVEL", "admin").stdio().await?;
    let allowed =
        admin.stderr.wait_for("network sandbox allows only", std::time::Duration::from_secs(10)).await?;
    assert!(allowed.contains(&format!("allows only {}", fake.origin())), "{allowed}");
    let r = admin.structured("call_api", json!({ "operation": "list_departments" })).await?;
    assert!(r["data"]["departments"]["department"].as_array().is_some_and(|d| !d.is_empty()), "{r}");
    let list = admin.structured("list_api_endpoints", json!({ "category": "knowledgebase" })).await?;
    assert!(list.to_string().contains("/Knowledgebase/Article"), "{list}");
    let mut outputs = vec![admin.text("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?];
    outputs.push(admin.stderr.text());

    let (code, out, err) = HostBuilder::kayako(&fake).run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("signature was accepted") && out.contains("departments"), "{out}");
    outputs.extend([out, err]);
    let (code, out, err) =
        HostBuilder::kayako(&fake).env("KAYAKO_SECRET_KEY", "wrong-secret").run(&["check"]).await?;
    assert_ne!(code, 0);
    assert!(out.contains("KAYAKO_SECRET_KEY") || err.contains("KAYAKO_SECRET_KEY"), "{out}{err}");
    outputs.extend([out.clone(), err.clone()]);
    assert!(!format!("{out}{err}").contains("wrong-secret"));
    let wrong_url = fake.api_url().replace("/api/index.php", "/nope/index.php");
    let (code, out, err) =
        HostBuilder::kayako(&fake).env("KAYAKO_API_URL", &wrong_url).run(&["check"]).await?;
    assert_ne!(code, 0);
    assert!(format!("{out}{err}").contains("KAYAKO_API_URL"), "{out}{err}");

    let signatures: Vec<String> = fake
        .control()
        .requests()
        .iter()
        .filter_map(|r| r.query.clone().or(r.body.clone()))
        .flat_map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k == "signature")
                .map(|(_, v)| v.into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!signatures.is_empty());
    for text in &outputs {
        assert!(!text.contains(k::SECRET_KEY), "the secret leaked");
        for s in &signatures {
            assert!(!text.contains(s.as_str()), "a signature leaked");
        }
    }
    Ok(())
}

/// Prints per-tool latency at 0 ms and 100 ms of injected fake latency, and the
/// upstream requests each tool makes (warm: the host's reference cache filled).
/// Figures, not assertions: `cargo test -p helpdesk-tests --test e2e kayako_figures -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "prints figures"]
async fn kayako_figures() -> anyhow::Result<()> {
    let (fake, host) = start("agent").await?;
    let calls = [
        ("get_ticket", json!({ "id": k::LOGIN_TICKET_DISPLAY_ID })),
        ("search_tickets (email)", json!({ "query": k::HANNAH_EMAIL })),
        ("search_tickets (name)", json!({ "query": k::DANIEL_NAME })),
        ("search_tickets (text)", json!({ "query": "password reset" })),
        ("list_tickets", json!({ "team": "Billing", "limit": 20 })),
        ("list_reference", json!({ "kind": "teams" })),
        ("helpdesk_stats", json!({ "group_by": "team" })),
        ("update_ticket", json!({ "id": k::INVOICE_TICKET_DISPLAY_ID, "priority": "High" })),
    ];
    // Warm the component and the host's reference cache.
    host.text("list_reference", json!({ "kind": "statuses" })).await?;
    for latency in [0u64, 100] {
        fake.control().set_latency(std::time::Duration::from_millis(latency));
        println!("\nfake latency {latency} ms");
        for (label, args) in &calls {
            let tool = label.split(' ').next().unwrap_or(label);
            fake.control().reset_requests();
            let started = std::time::Instant::now();
            let r = host.call(tool, args.clone()).await?;
            let ms = started.elapsed().as_secs_f64() * 1e3;
            let n = fake.control().request_count();
            println!(
                "{label:<24} {ms:>8.1} ms  {n:>3} upstream requests{}",
                if r.is_error == Some(true) { "  (error)" } else { "" }
            );
        }
    }
    Ok(())
}
