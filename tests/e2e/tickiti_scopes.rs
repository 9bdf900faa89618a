//! Tickiti tokens and what they may do: `check` names the abilities, role and plan the
//! token turns out to have (probing, writing nothing); tools the token can never use are
//! not offered; a call the token may not make is refused naming what it lacks. Also the
//! catalogue and `call_api`, `--demo tickiti`, and the token never showing anywhere.

use helpdesk_fakes::tickiti::{FakeTickiti, Fault, FaultKind, TickitiOptions, fixtures as t};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

use super::tickiti::start;

async fn names(host: &helpdesk_tests::harness::Host) -> anyhow::Result<Vec<String>> {
    Ok(host.client.list_all_tools().await?.iter().map(|x| x.name.to_string()).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_tools_the_token_can_never_use_are_not_offered() -> anyhow::Result<()> {
    let (fake, host) = start(t::READ_TOKEN, "admin").await?;
    let offered = names(&host).await?;
    for hidden in ["create_ticket", "reply_to_ticket", "update_ticket"] {
        assert!(!offered.contains(&hidden.to_owned()), "{hidden} offered to a read-only token: {offered:?}");
    }
    for shown in
        ["search_tickets", "get_ticket", "list_tickets", "helpdesk_stats", "list_reference", "call_api"]
    {
        assert!(offered.contains(&shown.to_owned()), "{shown} missing: {offered:?}");
    }
    assert_eq!(fake.control().writes().len(), 0, "probing writes nothing");
    // A write the token may not make, through call_api: refused naming the ability.
    let e = host
        .error("call_api", json!({ "operation": "tickets_respond", "params": { "ticket_number": "220009", "from_email": t::TOMAS_EMAIL, "content": "x" } }))
        .await?;
    assert!(e.contains("needs the tickets:write ability"), "{e}");
    let e = host.error("reply_to_ticket", json!({ "id": t::RETURN_TICKET, "message": "x" })).await?;
    assert!(
        e.to_lowercase().contains("unknown tool") || e.contains("not offer"),
        "hidden tools cannot be called: {e}"
    );
    drop(host);

    let (_fake, host) = start(t::TICKETS_ONLY_TOKEN, "admin").await?;
    let offered = names(&host).await?;
    assert!(
        !offered.contains(&"helpdesk_stats".to_owned()) && !offered.contains(&"list_reference".to_owned()),
        "{offered:?}"
    );
    assert!(offered.contains(&"get_ticket".to_owned()));
    let r = host.structured("get_ticket", json!({ "id": t::RETURN_TICKET })).await?;
    assert!(
        r["notes"].to_string().contains("authors are shown by email"),
        "degrades without workflow:read: {r}"
    );
    drop(host);

    // The agent token writes but is no admin: update_ticket (the supervisor's routes) is not offered.
    let (_fake, host) = start(t::AGENT_TOKEN, "admin").await?;
    let offered = names(&host).await?;
    assert!(
        offered.contains(&"reply_to_ticket".to_owned()) && !offered.contains(&"update_ticket".to_owned()),
        "{offered:?}"
    );
    let e = host
        .error("call_api", json!({ "operation": "supervisor_tickets_assign", "params": { "ticket_number": "220009", "staff_email": t::TOMAS_EMAIL } }))
        .await?;
    assert!(e.contains("admin role"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_check_names_abilities_role_and_plan() -> anyhow::Result<()> {
    let fake =
        FakeTickiti::start(TickitiOptions { plan: vec!["has_escalations"], ..TickitiOptions::default() })
            .await?;
    let (code, out, err) = HostBuilder::tickiti(&fake, t::READ_TOKEN).run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Abilities it has: tickets:read, settings:read, workflow:read, reports:read"),
        "{out}"
    );
    assert!(
        out.contains("lacks: tickets:write, settings:write, workflow:write, mail:read, mail:write"),
        "{out}"
    );
    assert!(out.contains("has_reports") && out.contains("Role: below admin"), "{out}");
    assert!(out.contains("helpdesk_stats"), "stats need the has_reports plan: {out}");
    assert_eq!(fake.control().writes().len(), 0);
    let (code, out, _) = HostBuilder::tickiti(&fake, t::FULL_TOKEN).run(&["check"]).await?;
    assert_eq!(code, 0);
    assert!(out.contains("Role: at least superuser") && out.contains("lacks: none"), "{out}");
    let (code, out, err) = HostBuilder::tickiti(&fake, "tk_wrong_token_0123456789").run(&["check"]).await?;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("TICKITI_API_TOKEN") && !out.contains("tk_wrong_token_0123456789"), "{out}");
    let (code, out, err) = HostBuilder::new().arg("--demo").arg("tickiti").run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Tickiti") && !out.contains(t::FULL_TOKEN) && !err.contains(t::FULL_TOKEN), "{out}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_catalogue_lists_108_routes_with_their_gates() -> anyhow::Result<()> {
    let (fake, host) = start(t::FULL_TOKEN, "admin").await?;
    let r = host.structured("list_api_endpoints", json!({})).await?;
    assert_eq!(r["total"], 108, "{}", r["total"]);
    let cats = r["categories"].as_array().map(Vec::len);
    assert_eq!(cats, Some(9));
    let r = host.structured("list_api_endpoints", json!({ "query": "respond" })).await?;
    let respond = &r["endpoints"][0];
    assert_eq!(
        (respond["operation"].as_str(), respond["tier"].as_str()),
        (Some("tickets_respond"), Some("send"))
    );
    assert_eq!(respond["requires"], "tickets:write ability, staff role");
    let r = host.structured("call_api", json!({ "operation": "settings_stock_responses_index" })).await?;
    assert!(r.to_string().contains(t::RETURN_LABEL_STOCK), "{r}");
    let e = host
        .error(
            "call_api",
            json!({ "operation": "tickets_show", "params": { "ticket_number": "220009", "colour": "red" } }),
        )
        .await?;
    assert!(e.contains("colour"), "{e}");
    // A write through call_api carries an idempotency key too.
    let before = fake.ticket_count();
    let args = json!({ "operation": "tickets_store", "params": { "originator_email_address": "raw@example.test", "data": { "subject": "Raw", "content": "<p>x</p>" } } });
    host.structured("call_api", args.clone()).await?;
    host.structured("call_api", args).await?;
    assert_eq!(fake.ticket_count(), before + 1, "the same raw write replays");
    let keyed = fake.control().requests().iter().filter(|r| r.path == "/api/v1/tickets").count();
    assert_eq!(keyed, 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_token_never_appears_in_output_or_logs() -> anyhow::Result<()> {
    let fake = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = HostBuilder::tickiti(&fake, t::FULL_TOKEN)
        .env("HELPDESK_LOG", "trace")
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .stdio()
        .await?;
    fake.control()
        .inject(Fault::new("/api/v1/tickets/show", FaultKind::Reflect { status: 500 }).with_times(5));
    let e = host.error("get_ticket", json!({ "id": t::RETURN_TICKET })).await?;
    fake.control().inject(Fault::new("/api/v1/tickets/responses", FaultKind::Reflect { status: 200 }));
    let ok = host.text("get_ticket", json!({ "id": t::RETURN_TICKET })).await?;
    let listed = host.text("list_reference", json!({ "kind": "agents", "format": "json" })).await?;
    let logs = host.stderr.text();
    for (what, text) in [("error", &e), ("result", &ok), ("list", &listed), ("logs", &logs)] {
        assert!(!text.contains(t::FULL_TOKEN), "the token leaked into the {what}:\n{text}");
    }
    assert!(
        ok.contains("[REDACTED]") || ok.contains("[echo]"),
        "the reflected echo reached the result, scrubbed: {ok}"
    );
    Ok(())
}
