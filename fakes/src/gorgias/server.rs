//! The fake Gorgias on a real socket (see [`crate::socket`] for the accept loop).

use std::io;
use std::net::SocketAddr;

use super::gate;
use super::options::GorgiasOptions;
use super::wire_time;
use crate::control::Control;
use crate::socket::Listening;

/// A running fake Gorgias on 127.0.0.1; dropping it shuts the server down.
#[derive(Debug)]
pub struct FakeGorgias {
    listening: Listening,
    control: Control,
}

impl FakeGorgias {
    /// Seeds the data, binds `127.0.0.1:port` and serves on the current tokio runtime.
    pub async fn start(opts: GorgiasOptions) -> io::Result<FakeGorgias> {
        let (app, control) = gate::build(&opts, wire_time::now());
        let listening = Listening::bind(opts.port, app, "Gorgias").await?;
        Ok(FakeGorgias { listening, control })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.listening.addr()
    }

    /// `http://127.0.0.1:PORT`, what a client takes as the helpdesk domain.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// `http://127.0.0.1:PORT/api`, the REST base URL.
    pub fn base_url(&self) -> String {
        format!("{}/api", self.origin())
    }

    /// A handle to steer the running fake and inspect what it received.
    pub fn control(&self) -> Control {
        self.control.clone()
    }
}
