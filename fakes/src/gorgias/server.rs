//! The fake on a real socket: its own accept loop so a fault can truly drop a connection
//! and dropping the handle closes every connection, hanging ones included.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tower::ServiceExt;

use super::control::Control;
use super::gate;
use super::options::GorgiasOptions;
use super::wire_time;

/// Lets a request's handler ask for its own TCP connection to be dropped, response unsent.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConnectionKill {
    notify: Arc<Notify>,
}

impl ConnectionKill {
    /// Requests the drop; takes effect even if the connection task is not waiting yet.
    pub(crate) fn fire(&self) {
        self.notify.notify_one();
    }

    async fn fired(&self) {
        self.notify.notified().await;
    }
}

/// A running fake Gorgias on 127.0.0.1; dropping it shuts the server down.
#[derive(Debug)]
pub struct FakeGorgias {
    addr: SocketAddr,
    control: Control,
    // Dropping the sender is the shutdown signal every connection task watches.
    _shutdown: watch::Sender<()>,
    task: JoinHandle<()>,
}

impl FakeGorgias {
    /// Seeds the data, binds `127.0.0.1:port` and serves on the current tokio runtime.
    pub async fn start(opts: GorgiasOptions) -> io::Result<FakeGorgias> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).await?;
        let addr = listener.local_addr()?;
        let (app, control) = gate::build(&opts, wire_time::now());
        let (shutdown, watcher) = watch::channel(());
        let task = tokio::spawn(accept_loop(listener, app, watcher));
        tracing::info!(%addr, "fake Gorgias listening");
        Ok(FakeGorgias { addr, control, _shutdown: shutdown, task })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, what a client takes as the helpdesk domain.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
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

impl Drop for FakeGorgias {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<()>) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(stream, app.clone(), shutdown.clone()));
                }
                Err(error) => {
                    tracing::warn!(%error, "fake Gorgias accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, app: Router, mut shutdown: watch::Receiver<()>) {
    let kill = ConnectionKill::default();
    let handle = kill.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(handle.clone());
        app.clone().oneshot(req.map(Body::new))
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = conn => {
            if let Err(error) = result {
                tracing::debug!(%error, "fake Gorgias connection ended with an error");
            }
        }
        _ = kill.fired() => tracing::debug!("fake Gorgias dropped a connection (fault)"),
        _ = shutdown.changed() => {}
    }
}
