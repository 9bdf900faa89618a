//! Per-tool latency on Open Help Desk at 0 ms and 100 ms of fake latency, and
//! the upstream requests each tool makes (warm: the host's reference cache
//! filled). Figures, not assertions:
//! `cargo test -p helpdesk-tests --test e2e ohd_figures -- --ignored --nocapture`.

use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as o};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "prints figures"]
async fn ohd_figures() -> anyhow::Result<()> {
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let host = HostBuilder::ohd(&fake, o::ADMIN_KEY)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let calls = [
        ("get_ticket", json!({ "id": o::TICKET_293 })),
        ("search_tickets (id)", json!({ "query": o::TICKET_293 })),
        ("search_tickets (text)", json!({ "query": "laptop" })),
        ("list_tickets", json!({ "assignee": o::AMELIE_NAME, "category": o::EQUIPMENT })),
        ("list_tickets (open)", json!({ "status": "open" })),
        ("list_reference", json!({ "kind": "categories" })),
        ("helpdesk_stats", json!({ "group_by": "category" })),
        ("update_ticket", json!({ "id": o::TICKET_293, "assignee": o::AMELIE_NAME })),
        ("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "Noted.", "internal": true })),
        (
            "create_ticket",
            json!({ "customer": "me", "subject": "Bench", "message": "x", "category": "Equipment / Laptop / Battery" }),
        ),
    ];
    host.text("list_reference", json!({ "kind": "categories" })).await?;
    for latency in [0u64, 100] {
        fake.control().set_latency(std::time::Duration::from_millis(latency));
        println!("\nfake latency {latency} ms");
        for (i, (label, args)) in calls.iter().enumerate() {
            let tool = label.split(' ').next().unwrap_or(label);
            let mut args = args.clone();
            if tool == "reply_to_ticket" {
                args["message"] = json!(format!("Noted {latency} {i}."));
            }
            fake.control().reset_requests();
            let started = std::time::Instant::now();
            let r = host.call(tool, args).await?;
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
