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

// ---- HTTP handlers: routes a module serves under `/v1/database/{db}/route/...`
// (module-abi.md §6.6; sections HttpHandlers (11) and HttpRoutes (12)).

/// A response body: bytes, as in the ABI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body(Vec<u8>);

impl Body {
    pub fn empty() -> Self {
        Body(Vec::new())
    }
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Body(bytes.into())
    }
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl Response {
    /// A `200 OK` HTTP/1.1 response with `body` and no headers.
    pub fn new(body: Body) -> Self {
        Response { status: 200, version: Version::Http11, headers: Vec::new(), body: body.0 }
    }
    /// The same response with another status code.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    /// The same response with one more header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl Request {
    /// The request body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The value of the first header named `name` (case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&[u8]> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_slice())
    }
}

/// The context of an HTTP handler: like a procedure's (`with_tx`, `try_with_tx`, `http`), with the zero
/// identity as the sender and no connection.
pub struct HandlerContext(crate::procedure::ProcedureContext);

impl HandlerContext {
    pub(crate) fn new(timestamp: crate::types::Timestamp) -> Self {
        HandlerContext(crate::procedure::ProcedureContext::new(crate::types::Identity::ZERO, None, timestamp))
    }
}

impl std::ops::Deref for HandlerContext {
    type Target = crate::procedure::ProcedureContext;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for HandlerContext {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// What `#[handler]` leaves under the function's name: the handler as a router refers to it.
#[derive(Clone, Copy, Debug)]
pub struct Handler {
    name: &'static str,
}

impl Handler {
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        Handler { name }
    }
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// One route: a method (`None` = any) and an exact path, served by a handler.
#[derive(Clone, Debug)]
pub struct Route {
    pub method: Option<Method>,
    pub path: String,
    pub handler: &'static str,
}

/// The routes a module serves, returned by its `#[router]` function. Paths are matched exactly
/// (trailing slashes count); they are empty or start with `/`, using `a-z 0-9 - _ ~ /`.
#[derive(Clone, Debug, Default)]
pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    pub fn new() -> Self {
        Router::default()
    }
    fn add(mut self, method: Option<Method>, path: &str, handler: Handler) -> Self {
        self.routes.push(Route { method, path: path.to_owned(), handler: handler.name });
        self
    }
    pub fn get(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Get), path, handler)
    }
    pub fn head(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Head), path, handler)
    }
    pub fn options(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Options), path, handler)
    }
    pub fn put(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Put), path, handler)
    }
    pub fn delete(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Delete), path, handler)
    }
    pub fn post(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Post), path, handler)
    }
    pub fn patch(self, path: &str, handler: Handler) -> Self {
        self.add(Some(Method::Patch), path, handler)
    }
    /// A route for every method.
    pub fn any(self, path: &str, handler: Handler) -> Self {
        self.add(None, path, handler)
    }
    /// Every route of `sub`, under `prefix`.
    pub fn nest(mut self, prefix: &str, sub: Router) -> Self {
        for r in sub.routes {
            self.routes.push(Route { method: r.method, path: format!("{prefix}{}", r.path), handler: r.handler });
        }
        self
    }
    /// Every route of both routers.
    pub fn merge(mut self, other: Router) -> Self {
        self.routes.extend(other.routes);
        self
    }
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }
}

pub(crate) fn encode_method(w: &mut Vec<u8>, m: &Method) {
    match m {
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
            s.serialize(w);
        }
    }
}

fn decode_method(r: &mut Reader<'_>) -> Result<Method, DecodeError> {
    Ok(match r.u8()? {
        0 => Method::Get,
        1 => Method::Head,
        2 => Method::Post,
        3 => Method::Put,
        4 => Method::Delete,
        5 => Method::Connect,
        6 => Method::Options,
        7 => Method::Trace,
        8 => Method::Patch,
        9 => Method::Extension(String::deserialize(r)?),
        tag => return Err(DecodeError::InvalidTag { ty: "HttpMethod", tag }),
    })
}

/// Decodes the host's BSATN `HttpRequest` and the raw body.
pub(crate) fn decode_handler_request(head: &[u8], body: Vec<u8>) -> Result<Request, DecodeError> {
    let mut r = Reader::new(head);
    let method = decode_method(&mut r)?;
    let headers = <Vec<(String, Vec<u8>)>>::deserialize(&mut r)?;
    let timeout = <Option<TimeDuration>>::deserialize(&mut r)?;
    let uri = String::deserialize(&mut r)?;
    let version = decode_version(&mut r)?;
    Ok(Request { method, uri, headers, body, timeout: timeout.map(Duration::from), version })
}

/// Encodes a handler's response as BSATN `HttpResponse`; the body goes to its own sink.
pub(crate) fn encode_handler_response(resp: &Response) -> Vec<u8> {
    let mut w = Vec::new();
    encode_headers(&mut w, &resp.headers);
    w.push(resp.version as u8);
    resp.status.serialize(&mut w);
    w
}

pub use lightcone_bindings_macro::{http_handler as handler, http_router as router};
