//! `--demo`: the built-in demo helpdesk. It is the same fake Gorgias the tests
//! use (`helpdesk-fakes`), started on 127.0.0.1 with its seeded store.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};

/// A running demo helpdesk and the settings that point the component at it.
pub struct Demo {
    /// The server; dropping it stops it.
    pub server: FakeGorgias,
    /// Environment for the component (replaces any real provider settings).
    pub env: Vec<(String, String)>,
}

impl Demo {
    /// Where the demo helpdesk answers.
    pub fn url(&self) -> String {
        self.server.base_url()
    }
}

/// Starts the demo helpdesk on a free loopback port.
pub async fn start() -> std::io::Result<Demo> {
    let server = FakeGorgias::start(GorgiasOptions::demo()).await?;
    let env = vec![
        ("HELPDESK_PROVIDER".to_owned(), "gorgias".to_owned()),
        ("GORGIAS_BASE_URL".to_owned(), server.base_url()),
        ("GORGIAS_EMAIL".to_owned(), fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY".to_owned(), fixtures::API_KEY.to_owned()),
    ];
    Ok(Demo { server, env })
}
