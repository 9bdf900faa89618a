//! The command line: `check` diagnoses what is wrong, bad configuration is
//! reported by name at start-up, and `--demo` runs without any credentials.

use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures};
use helpdesk_tests::harness::HostBuilder;

#[tokio::test(flavor = "multi_thread")]
async fn check_reports_success_with_the_account_and_user() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (code, out, err) = HostBuilder::gorgias(&fake).run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("ok: Connected to Gorgias") && out.contains(fixtures::API_USER_NAME), "{out}");
    assert!(err.contains(&format!("network sandbox allows only {}", fake.origin())), "{err}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn check_diagnoses_credentials_plan_url_timeouts_and_outages() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let base = HostBuilder::gorgias(&fake);

    let (code, out, _) = base.clone().env("GORGIAS_API_KEY", "wrong").run(&["check"]).await?;
    assert_eq!((code, out.starts_with("failed (bad credentials)")), (1, true), "{out}");

    fake.control()
        .inject(Fault::new("/api/users/0", FaultKind::Status { code: 403, body: None, retry_after: None }));
    let (code, out, _) = base.run(&["check"]).await?;
    assert_eq!((code, out.starts_with("failed (forbidden: plan or role)")), (1, true), "{out}");

    let wrong_path = format!("{}/v2", fake.origin());
    let (code, out, _) = base.clone().env("GORGIAS_BASE_URL", &wrong_path).run(&["check"]).await?;
    assert_eq!((code, out.starts_with("failed (wrong domain or URL)")), (1, true), "{out}");

    fake.control().inject(Fault::new("/api/users/0", FaultKind::Hang));
    let (code, out, _) = base.clone().env("HELPDESK_TIMEOUT_SECS", "1").run(&["check"]).await?;
    assert_eq!((code, out.starts_with("failed (timeout)")), (1, true), "{out}");
    fake.control().clear_faults();

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let dead = format!("http://{}/api", closed.local_addr()?);
    drop(closed);
    let (code, out, _) = base.clone().env("GORGIAS_BASE_URL", &dead).run(&["check"]).await?;
    assert_eq!((code, out.starts_with("failed (unreachable)")), (1, true), "{out}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_configuration_is_reported_by_name_not_a_panic() -> anyhow::Result<()> {
    let (code, _, err) = HostBuilder::new().run(&[]).await?;
    assert_eq!(code, 2);
    assert!(
        err.contains("HELPDESK_PROVIDER: no helpdesk is configured")
            && err.contains("GORGIAS_DOMAIN")
            && err.contains("--demo"),
        "{err}"
    );
    assert!(!err.contains("panicked"));

    let (code, _, err) = HostBuilder::new()
        .env("GORGIAS_DOMAIN", "acme.gorgias.com.evil.test")
        .env("GORGIAS_EMAIL", "not-an-email")
        .env("HELPDESK_ACCESS_LEVEL", "root")
        .run(&["check"])
        .await?;
    assert_eq!(code, 2);
    for key in ["GORGIAS_DOMAIN:", "GORGIAS_EMAIL:", "GORGIAS_API_KEY:", "HELPDESK_ACCESS_LEVEL:"] {
        assert!(err.contains(key), "{key} not named in:\n{err}");
    }
    // Host and component both validate the access level; it is reported once.
    assert_eq!(err.matches("HELPDESK_ACCESS_LEVEL").count(), 1, "{err}");
    assert!(!err.contains("panicked"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_mode_needs_no_credentials_and_says_so() -> anyhow::Result<()> {
    let (code, out, err) = HostBuilder::new().arg("--demo").run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("demo mode"), "{err}");
    assert!(out.contains(fixtures::API_USER_NAME), "{out}");
    let host = HostBuilder::new().env("GORGIAS_DOMAIN", "real-account").arg("--demo").stdio().await?;
    let text = host.text("get_ticket", serde_json::json!({ "id": 4521 })).await?;
    assert!(text.contains("Refund not received"));
    Ok(())
}
