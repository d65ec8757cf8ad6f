//! HTTP requests from procedures via `procedure_http_request`
//! (module-abi.md §5.4; BSATN `HttpRequest`/`HttpResponse` of §7.6).

use crate::bsatn::{self, write_len, DecodeError, Deserialize, Reader, Serialize};
use crate::sys;
use crate::types::TimeDuration;
use std::fmt;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Connect,
    Options,
    Trace,
    Patch,
    Extension(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    Http09,
    Http10,
    Http11,
    Http2,
    Http3,
}

/// An outgoing request. Header values are bytes, as in the ABI.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    pub uri: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    pub timeout: Option<Duration>,
    pub version: Version,
}

impl Request {
    pub fn new(method: Method, uri: impl Into<String>) -> Self {
        Request { method, uri: uri.into(), headers: Vec::new(), body: Vec::new(), timeout: None, version: Version::Http11 }
    }
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub version: Version,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_slice())
    }
}

/// A request that produced no response (transport failure, timeout, or a
/// request made while a transaction is open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Error {}
impl From<Error> for String {
    fn from(e: Error) -> String {
        e.message
    }
}

/// `ctx.http` in procedures.
pub struct HttpClient {
    _priv: (),
}

impl HttpClient {
    pub(crate) fn new() -> Self {
        HttpClient { _priv: () }
    }

    pub fn get(&self, uri: impl Into<String>) -> Result<Response, Error> {
        self.send(Request::new(Method::Get, uri))
    }

    pub fn post(&self, uri: impl Into<String>, body: impl Into<Vec<u8>>) -> Result<Response, Error> {
        self.send(Request::new(Method::Post, uri).body(body))
    }

    pub fn send(&self, req: Request) -> Result<Response, Error> {
        let head = encode_request(&req);
        match sys::procedure_http_request(&head, &req.body) {
            Ok((head_src, body_src)) => {
                let head = sys::read_bytes_source(head_src);
                let body = sys::read_bytes_source(body_src);
                let mut r = Reader::new(&head);
                decode_response(&mut r, body).map_err(|e| Error { message: format!("bad HttpResponse from host: {e}") })
            }
            Err((e, src)) if e.0 == sys::errno::HTTP_ERROR => {
                let bytes = sys::read_bytes_source(src);
                let message = bsatn::from_slice::<String>(&bytes).unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
                Err(Error { message })
            }
            Err((e, _)) => Err(Error { message: format!("procedure_http_request failed: {e}") }),
        }
    }
}

fn encode_headers(w: &mut Vec<u8>, headers: &[(String, Vec<u8>)]) {
    write_len(w, headers.len());
    for (n, v) in headers {
        n.serialize(w);
        v.serialize(w);
    }
}

fn encode_request(req: &Request) -> Vec<u8> {
    let mut w = Vec::new();
    match &req.method {
        Method::Get => w.push(0),
        Method::Head => w.push(1),
        Method::Post => w.push(2),
        Method::Put => w.push(3),
        Method::Delete => w.push(4),
        Method::Connect => w.push(5),
        Method::Options => w.push(6),
        Method::Trace => w.push(7),
        Method::Patch => w.push(8),
        Method::Extension(s) => {
            w.push(9);
            s.serialize(&mut w);
        }
    }
    encode_headers(&mut w, &req.headers);
    req.timeout.map(TimeDuration::from).serialize(&mut w);
    req.uri.serialize(&mut w);
    w.push(req.version as u8);
    w
}

fn decode_version(r: &mut Reader<'_>) -> Result<Version, DecodeError> {
    Ok(match r.u8()? {
        0 => Version::Http09,
        1 => Version::Http10,
        2 => Version::Http11,
        3 => Version::Http2,
        4 => Version::Http3,
        tag => return Err(DecodeError::InvalidTag { ty: "HttpVersion", tag }),
    })
}

fn decode_response(r: &mut Reader<'_>, body: Vec<u8>) -> Result<Response, DecodeError> {
    let headers = <Vec<(String, Vec<u8>)>>::deserialize(r)?;
    let version = decode_version(r)?;
    let status = u16::deserialize(r)?;
    Ok(Response { status, version, headers, body })
}
