//! Reading a cacheable response without ever cutting it short: the host
//! buffers at most what its cache keeps; a longer body is handed on as it
//! streams (the part already read, then the rest), so the component applies
//! its own size cap and reports "too large" instead of a lost connection.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt as _;
use hyper::body::{Body, Frame, SizeHint};

/// What reading up to `limit` bytes found.
pub enum Read<B> {
    /// The whole body, no longer than `limit`.
    Complete(Bytes),
    /// More than `limit`: the bytes read so far, then the unread rest.
    Longer(Prefixed<B>),
}

/// Reads `body` until it ends or has passed `limit` bytes.
pub async fn read_up_to<B>(mut body: B, limit: usize) -> Result<Read<B>, B::Error>
where
    B: Body<Data = Bytes> + Unpin,
{
    let mut buf = BytesMut::new();
    while let Some(frame) = body.frame().await {
        // Trailers are dropped, as the buffered path always did.
        if let Ok(data) = frame?.into_data() {
            buf.extend_from_slice(&data);
            if buf.len() > limit {
                return Ok(Read::Longer(Prefixed { prefix: Some(buf.freeze()), rest: body }));
            }
        }
    }
    Ok(Read::Complete(buf.freeze()))
}

/// A body that yields `prefix` and then whatever `rest` still has.
pub struct Prefixed<B> {
    prefix: Option<Bytes>,
    rest: B,
}

impl<B> Body for Prefixed<B>
where
    B: Body<Data = Bytes> + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return Poll::Ready(Some(Ok(Frame::data(prefix))));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_none() && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = self.rest.size_hint();
        let extra = self.prefix.as_ref().map_or(0, |p| p.len() as u64);
        hint.set_lower(hint.lower() + extra);
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper + extra);
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;

    use super::*;

    /// A body that yields these chunks, one frame each.
    struct Chunks(VecDeque<Bytes>);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.0.pop_front().map(|b| Ok(Frame::data(b))))
        }
    }

    fn chunks(parts: &[&'static str]) -> Chunks {
        Chunks(parts.iter().map(|p| Bytes::from_static(p.as_bytes())).collect())
    }

    #[tokio::test]
    async fn short_bodies_are_complete_and_long_ones_lose_nothing() {
        let Ok(Read::Complete(b)) = read_up_to(chunks(&["ab", "cd"]), 4).await else { panic!("complete") };
        assert_eq!(b, "abcd");
        let Ok(Read::Longer(rest)) = read_up_to(chunks(&["ab", "cd", "ef", "gh"]), 3).await else {
            panic!("longer")
        };
        let all = rest.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
        assert_eq!(all, "abcdefgh");
    }
}
