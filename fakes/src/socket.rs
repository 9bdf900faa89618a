//! A fake on a real socket: its own accept loop so a fault can truly drop a connection,
//! and dropping the [`Listening`] handle closes every connection, hanging ones included.

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

/// A router served on `127.0.0.1`; dropping it stops accepting and ends every connection.
#[derive(Debug)]
pub(crate) struct Listening {
    addr: SocketAddr,
    // Dropping the sender is the shutdown signal every connection task watches.
    _shutdown: watch::Sender<()>,
    task: JoinHandle<()>,
}

impl Listening {
    /// Binds `127.0.0.1:port` (0 = any free port) and serves `app` on the current runtime.
    /// `name` only labels log lines.
    pub(crate) async fn bind(port: u16, app: Router, name: &'static str) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, watcher) = watch::channel(());
        let task = tokio::spawn(accept_loop(listener, app, watcher, name));
        tracing::info!(%addr, "fake {name} listening");
        Ok(Self { addr, _shutdown: shutdown, task })
    }

    /// The bound socket address.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    mut shutdown: watch::Receiver<()>,
    name: &'static str,
) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(stream, app.clone(), shutdown.clone(), name));
                }
                Err(error) => {
                    tracing::warn!(%error, "fake {name} accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<()>,
    name: &'static str,
) {
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
                tracing::debug!(%error, "fake {name} connection ended with an error");
            }
        }
        _ = kill.fired() => tracing::debug!("fake {name} dropped a connection (fault)"),
        _ = shutdown.changed() => {}
    }
}
