//! The fake on a real socket, driven by a minimal HTTP/1.1 client over `TcpStream`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::basic;
use crate::control::{Fault, FaultKind};
use crate::gorgias::fixtures as fx;
use crate::gorgias::options::GorgiasOptions;
use crate::gorgias::server::FakeGorgias;

async fn open(server: &FakeGorgias, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        server.addr(),
        basic()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream
}

/// Everything the server sends until it closes (an error counts as a close).
async fn read_all(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf).await;
    String::from_utf8_lossy(&buf).into_owned()
}

#[tokio::test]
async fn serves_real_http_and_shuts_down_on_drop() {
    let server = FakeGorgias::start(GorgiasOptions::default()).await.unwrap();
    let port = server.addr().port();
    assert_eq!(server.origin(), format!("http://127.0.0.1:{port}"));
    assert_eq!(server.base_url(), format!("http://127.0.0.1:{port}/api"));
    let mut stream = open(&server, "/api/tickets/4521").await;
    let raw = read_all(&mut stream).await;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_lowercase().contains("x-gorgias-account-api-call-limit: 1/40"));
    let ticket: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(ticket["id"], fx::REFUND_TICKET_ID);
    let control = server.control();
    assert_eq!(control.count("GET", "/api/tickets/4521"), 1);

    // A hanging request stays open until the server is dropped.
    control.inject(Fault::new("/api/account", FaultKind::Hang));
    let mut hung = open(&server, "/api/account").await;
    let mut byte = [0u8; 1];
    assert!(tokio::time::timeout(Duration::from_millis(300), hung.read(&mut byte)).await.is_err());
    drop(server);
    let closed = tokio::time::timeout(Duration::from_secs(2), read_all(&mut hung)).await;
    assert_eq!(closed.unwrap(), "", "dropping the server closes hanging connections");
    assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
}

#[tokio::test]
async fn drop_connection_sends_nothing() {
    let server = FakeGorgias::start(GorgiasOptions::default()).await.unwrap();
    server.control().inject(Fault::new("/api/tickets", FaultKind::DropConnection));
    let mut stream = open(&server, "/api/tickets").await;
    let raw = tokio::time::timeout(Duration::from_secs(2), read_all(&mut stream)).await.unwrap();
    assert_eq!(raw, "", "no response bytes before the close");
    let mut again = open(&server, "/api/tickets?limit=1").await;
    assert!(read_all(&mut again).await.starts_with("HTTP/1.1 200"));
}
