//! The fake Kayako Classic on a real socket (see [`crate::socket`] for the accept loop).

use std::io;
use std::net::SocketAddr;

use super::gate;
use super::options::KayakoOptions;
use super::unix_now;
use crate::control::Control;
use crate::socket::Listening;

/// A running fake Kayako Classic on 127.0.0.1; dropping it shuts the server down.
#[derive(Debug)]
pub struct FakeKayako {
    listening: Listening,
    control: Control,
}

impl FakeKayako {
    /// Seeds the data, binds `127.0.0.1:port` and serves on the current tokio runtime.
    pub async fn start(options: KayakoOptions) -> io::Result<Self> {
        let (app, control) = gate::build(&options, unix_now());
        let listening = Listening::bind(options.port.unwrap_or(0), app, "Kayako").await?;
        Ok(Self { listening, control })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.listening.addr()
    }

    /// `http://127.0.0.1:PORT`, the helpdesk origin (what a sandbox allowlist names).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// `http://127.0.0.1:PORT/api/index.php`, what `KAYAKO_API_URL` is set to.
    pub fn api_url(&self) -> String {
        format!("{}/api/index.php", self.origin())
    }

    /// The handle to steer the running fake and inspect what it received.
    pub fn control(&self) -> &Control {
        &self.control
    }
}
