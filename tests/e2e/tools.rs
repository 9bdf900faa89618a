//! The tool list: names, annotations, schemas, and a snapshot per tool so a
//! change to a tool's contract is always a deliberate one.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions};
use helpdesk_tests::harness::{HostBuilder, workspace};
use serde_json::Value;

const READ_TOOLS: [&str; 7] = [
    "search_tickets",
    "get_ticket",
    "list_tickets",
    "helpdesk_stats",
    "search_customers",
    "get_customer",
    "list_reference",
];

#[tokio::test(flavor = "multi_thread")]
async fn tools_list_offers_the_read_tools_with_annotations_and_schemas() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let tools = host.client.list_all_tools().await?;
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, READ_TOOLS);
    for tool in &tools {
        let a = tool.annotations.as_ref().expect("annotations");
        assert_eq!(
            (a.read_only_hint, a.idempotent_hint, a.open_world_hint, a.destructive_hint),
            (Some(true), Some(true), Some(true), Some(false)),
            "{}",
            tool.name
        );
        assert_eq!(tool.input_schema.get("type").and_then(Value::as_str), Some("object"));
        assert!(tool.output_schema.is_some(), "{} has no output schema", tool.name);
        assert!(tool.description.as_ref().is_some_and(|d| d.len() > 40));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tool_descriptors_match_their_snapshots() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (code, stdout, stderr) = HostBuilder::gorgias(&fake).run(&["tools", "--json"]).await?;
    assert_eq!(code, 0, "{stderr}");
    let tools: Vec<Value> = serde_json::from_str(&stdout)?;
    let dir = workspace().join("tests").join("snapshots").join("tools");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for tool in &tools {
        let name = tool["name"].as_str().unwrap_or_default();
        let path = dir.join(format!("{name}.json"));
        let current = serde_json::to_string_pretty(tool)? + "\n";
        if update {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&path, &current)?;
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(current.as_str()) {
            stale.push(name.to_owned());
        }
    }
    assert!(stale.is_empty(), "tool contracts changed: {stale:?}; review and rerun with UPDATE_SNAPSHOTS=1");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tools_command_needs_no_helpdesk_settings() -> anyhow::Result<()> {
    let (code, stdout, stderr) = HostBuilder::new().run(&["tools"]).await?;
    assert_eq!(code, 0, "{stderr}");
    for name in READ_TOOLS {
        assert!(stdout.contains(name), "{stdout}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn output_schemas_are_strict_enough_to_catch_wrong_results() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let tools = host.client.list_all_tools().await?;
    let schema =
        tools.iter().find(|t| t.name == "get_ticket").and_then(|t| t.output_schema.clone()).expect("schema");
    let validator = jsonschema::validator_for(&Value::Object((*schema).clone()))?;
    assert!(!validator.is_valid(&serde_json::json!({ "ticket": 5 })));
    assert!(
        !validator.is_valid(&serde_json::json!({ "messages": [], "messages_total": 0, "internal_notes": 0 }))
    );
    let good = host.structured("get_ticket", serde_json::json!({ "id": 4521 })).await?;
    assert!(validator.is_valid(&good));
    Ok(())
}
