//! The fake Tickiti on a real socket (see [`crate::socket`] for the accept loop).

use std::io;
use std::net::SocketAddr;

use super::gate;
use super::options::TickitiOptions;
use super::store::Store;
use super::unix_now;
use crate::control::Control;
use crate::socket::Listening;

/// A running fake Tickiti on 127.0.0.1; dropping it shuts the server down.
#[derive(Debug)]
pub struct FakeTickiti {
    listening: Listening,
    control: Control,
    desk: gate::Desk,
}

impl FakeTickiti {
    /// Seeds the data, binds `127.0.0.1:port` and serves on the current tokio runtime.
    pub async fn start(options: TickitiOptions) -> io::Result<Self> {
        let (app, control, desk) = gate::build(&options, unix_now());
        let listening = Listening::bind(options.port.unwrap_or(0), app, "Tickiti").await?;
        Ok(Self { listening, control, desk })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.listening.addr()
    }

    /// `http://127.0.0.1:PORT`, the install's address: what `TICKITI_API_BASE` is set to.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// The handle to steer the running fake and inspect what it received.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Responses (public and internal) the ticket with this number holds now.
    pub fn response_count(&self, ticket_number: u64) -> usize {
        self.desk.read(|s: &Store| s.responses_of(ticket_number).len())
    }

    /// Tickets the desk holds now.
    pub fn ticket_count(&self) -> usize {
        self.desk.read(|s: &Store| s.tickets.len())
    }
}
