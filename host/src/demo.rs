//! `--demo=<provider>`: a built-in demo helpdesk. Each is the same fake the
//! tests use (`helpdesk-fakes`), started on 127.0.0.1 with its seeded store.

use helpdesk_fakes::gorgias::{self, FakeGorgias, GorgiasOptions};
use helpdesk_fakes::kayako::{self, FakeKayako, KayakoOptions};
use helpdesk_fakes::ohd::{self, FakeOhd, OhdOptions};
use helpdesk_fakes::tickiti::{self, FakeTickiti, TickitiOptions};

/// The demos, by provider id.
pub const AVAILABLE: &[&str] = &["gorgias", "kayako_classic", "tickiti", "open_help_desk"];

/// A running demo server; dropping it stops it.
pub enum Server {
    /// The fake Gorgias.
    Gorgias(FakeGorgias),
    /// The fake Kayako Classic.
    KayakoClassic(FakeKayako),
    /// The fake Tickiti.
    Tickiti(FakeTickiti),
    /// The fake Open Help Desk.
    OpenHelpDesk(FakeOhd),
}

impl Server {
    /// The address the component is pointed at.
    pub fn base_url(&self) -> String {
        match self {
            Server::Gorgias(s) => s.base_url(),
            Server::KayakoClassic(s) => s.api_url(),
            Server::Tickiti(s) => s.base_url(),
            Server::OpenHelpDesk(s) => s.base_url(),
        }
    }
}

/// A running demo helpdesk and the settings that point the component at it.
pub struct Demo {
    /// The server; dropping it stops it.
    pub server: Server,
    /// Environment for the component (replaces any real provider settings).
    pub env: Vec<(String, String)>,
}

impl Demo {
    /// Where the demo helpdesk answers.
    pub fn url(&self) -> String {
        self.server.base_url()
    }
}

/// Why a demo did not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// No demo has this id.
    #[error("no demo for `{0}`; available: {list}", list = AVAILABLE.join(", "))]
    Unknown(String),
    /// The fake could not bind.
    #[error("demo helpdesk: {0}")]
    Io(#[from] std::io::Error),
}

/// Starts the demo helpdesk for `provider` on a free loopback port.
pub async fn start(provider: &str) -> Result<Demo, DemoError> {
    let pairs = |list: &[(&str, String)]| list.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    match provider {
        "gorgias" => {
            let server = FakeGorgias::start(GorgiasOptions::demo()).await?;
            let env = pairs(&[
                ("HELPDESK_PROVIDER", "gorgias".to_owned()),
                ("GORGIAS_BASE_URL", server.base_url()),
                ("GORGIAS_EMAIL", gorgias::fixtures::EMAIL.to_owned()),
                ("GORGIAS_API_KEY", gorgias::fixtures::API_KEY.to_owned()),
            ]);
            Ok(Demo { server: Server::Gorgias(server), env })
        }
        "kayako_classic" => {
            let server = FakeKayako::start(KayakoOptions::demo()).await?;
            let env = pairs(&[
                ("HELPDESK_PROVIDER", "kayako_classic".to_owned()),
                ("KAYAKO_API_URL", server.api_url()),
                ("KAYAKO_API_KEY", kayako::fixtures::API_KEY.to_owned()),
                ("KAYAKO_SECRET_KEY", kayako::fixtures::SECRET_KEY.to_owned()),
            ]);
            Ok(Demo { server: Server::KayakoClassic(server), env })
        }
        "tickiti" => {
            let server = FakeTickiti::start(TickitiOptions::demo()).await?;
            let env = pairs(&[
                ("HELPDESK_PROVIDER", "tickiti".to_owned()),
                ("TICKITI_API_BASE", server.base_url()),
                ("TICKITI_API_TOKEN", tickiti::fixtures::FULL_TOKEN.to_owned()),
            ]);
            Ok(Demo { server: Server::Tickiti(server), env })
        }
        "open_help_desk" => {
            // The admin key: the demo shows every ticket and every tool.
            let server = FakeOhd::start(OhdOptions::demo()).await?;
            let env = pairs(&[
                ("HELPDESK_PROVIDER", "open_help_desk".to_owned()),
                ("OHD_BASE_URL", server.base_url()),
                ("OHD_API_KEY", ohd::fixtures::ADMIN_KEY.to_owned()),
            ]);
            Ok(Demo { server: Server::OpenHelpDesk(server), env })
        }
        other => Err(DemoError::Unknown(other.to_owned())),
    }
}
