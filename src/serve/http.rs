//! A small HTTP/1.1 server for the live site, on 127.0.0.1 only: a thread per
//! connection, one request per connection, GET and HEAD.
//!
//! In: requests. Out: the published files, with the reload script (and, while an edit is
//! refused, the overlay) added to every page; the reload event stream; and a status
//! report (`/__policypress/status`: the generation and the errors, as JSON) for tools.
//! Nothing here can read the project's files: only what the build published is served.
//! Guarantees: only requests addressed to this server by name (`127.0.0.1` or `localhost`
//! on its port) are answered, so a web page the user visits cannot reach it through DNS
//! rebinding; a request's head is read within a size and a time limit; the number of
//! connections at once is bounded, and running out of file handles slows the accepting
//! loop instead of spinning it.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::overlay;
use super::published::Published;

const STATUS: &str = "/__policypress/status";
/// How often an idle event stream sends a comment, so a dead connection is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The most a request's line and headers may take, in bytes and in time: a browser's
/// are a few hundred bytes, sent at once.
const HEAD_LIMIT: usize = 16 * 1024;
const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long a response may take to be taken up before the connection is dropped.
const WRITE_TIME: Duration = Duration::from_secs(30);
/// Connections served at once; more are closed at once (a browser retries).
const MAX_CONNECTIONS: usize = 256;

/// The running server.
pub(crate) struct Server {
    address: SocketAddr,
    accepting: JoinHandle<()>,
    published: Arc<Published>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 for any free port) and starts accepting connections.
    pub(crate) fn start(port: u16, published: Arc<Published>) -> io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        let address = listener.local_addr()?;
        let shared = Arc::clone(&published);
        let port = address.port();
        let accepting = thread::Builder::new().name("serve-accept".to_owned()).spawn(move || accept(&listener, port, &shared))?;
        Ok(Server { address, accepting, published })
    }

    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, closes the event streams, and waits for the accepting thread.
    pub(crate) fn stop(self) {
        self.published.stop();
        // The accepting thread is blocked in accept(): one last connection wakes it.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        let _ = self.accepting.join();
    }
}

fn accept(listener: &TcpListener, port: u16, published: &Arc<Published>) {
    let open = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(Waiting::default());
    for stream in listener.incoming() {
        if published.is_stopping() {
            break;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file handles, most likely: wait for connections to close rather
                // than ask again at once, which would spin a core.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        // Full: the connection that has waited longest without asking for anything makes
        // room, so idle connections cannot keep the preview from the browser.
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS && !waiting.drop_oldest() {
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        let id = waiting.add(&stream);
        let (published, open_now, waiting_now) = (Arc::clone(published), Arc::clone(&open), Arc::clone(&waiting));
        let spawned = thread::Builder::new().name("serve-connection".to_owned()).spawn(move || {
            let _ = respond(stream, port, &published, || waiting_now.remove(id));
            waiting_now.remove(id);
            open_now.fetch_sub(1, Ordering::AcqRel);
        });
        // A connection that cannot get a thread is dropped; the browser retries.
        if spawned.is_err() {
            waiting.remove(id);
            open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// The connections that have not yet sent their request, oldest first.
#[derive(Default)]
struct Waiting {
    streams: Mutex<(u64, VecDeque<(u64, TcpStream)>)>,
}

impl Waiting {
    fn add(&self, stream: &TcpStream) -> u64 {
        let mut guard = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let (next, streams) = &mut *guard;
        *next += 1;
        if let Ok(clone) = stream.try_clone() {
            streams.push_back((*next, clone));
        }
        *next
    }

    fn remove(&self, id: u64) {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner).1.retain(|(waiting, _)| *waiting != id);
    }

    /// Closes the connection that has waited longest; false if none is waiting.
    fn drop_oldest(&self) -> bool {
        let oldest = self.streams.lock().unwrap_or_else(PoisonError::into_inner).1.pop_front();
        oldest.is_some_and(|(_, stream)| {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            true
        })
    }
}

/// A request, as far as this server cares.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    path: String,
    /// The `Host` header, as sent.
    host: Option<String>,
}

/// Why a request was not read.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// The connection closed, or sent nothing usable.
    Nothing,
    /// The head went past [`HEAD_LIMIT`].
    TooLarge,
}

/// Reads a request's line and headers within [`HEAD_LIMIT`] bytes and [`HEAD_TIME`],
/// however slowly the client sends them.
fn read_request(stream: &mut TcpStream) -> io::Result<Result<Request, Unread>> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Err(Unread::Nothing));
        }
        stream.set_read_timeout(Some(left))?;
        let read = match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => return Ok(Err(Unread::Nothing)),
            Err(err) => return Err(err),
        };
        head.extend_from_slice(&chunk[..read]);
        if head.len() > HEAD_LIMIT {
            return Ok(Err(Unread::TooLarge));
        }
    }
    Ok(parse_head(&String::from_utf8_lossy(&head)).ok_or(Unread::Nothing))
}

/// The method, path and host of a request head.
fn parse_head(head: &str) -> Option<Request> {
    let mut lines = head.lines();
    let mut parts = lines.next()?.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    let hosts: Vec<String> = lines
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| {
            line.split_once(':').filter(|(name, _)| name.trim().eq_ignore_ascii_case("host")).map(|(_, value)| value.trim().to_owned())
        })
        .collect();
    // Two `Host` headers is a request trying to be read two ways: it names no one.
    let host = if hosts.len() == 1 { hosts.into_iter().next() } else { None };
    let path = target.split(['?', '#']).next().unwrap_or("/");
    Some(Request { method: method.to_owned(), path: crate::project::media::percent_decode(path), host })
}

/// True if `host` names this server: `127.0.0.1` or `localhost`, on its port. A name
/// that resolves here by DNS rebinding does not count.
fn addressed_here(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let (name, given) = host.rsplit_once(':').map_or((host, None), |(name, port)| (name, Some(port)));
    let name_ok = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1";
    let port_ok = given.map_or(port == 80, |given| given.parse::<u16>() == Ok(port));
    name_ok && port_ok
}

/// Answers one connection; `asked` is called once its request has been read.
fn respond(mut stream: TcpStream, port: u16, published: &Published, asked: impl FnOnce()) -> io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIME))?;
    let request = read_request(&mut stream)?;
    asked();
    let request = match request {
        Ok(request) => request,
        Err(Unread::Nothing) => return Ok(()),
        Err(Unread::TooLarge) => {
            return send(&mut stream, "431 Request Header Fields Too Large", "text/plain; charset=utf-8", b"request too large\n", false);
        }
    };
    if !addressed_here(request.host.as_deref(), port) {
        return send(
            &mut stream,
            "421 Misdirected Request",
            "text/plain; charset=utf-8",
            b"this preview answers only 127.0.0.1 and localhost\n",
            false,
        );
    }
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return send(&mut stream, "405 Method Not Allowed", "text/plain; charset=utf-8", b"GET or HEAD only\n", head);
    }
    match request.path.as_str() {
        overlay::EVENTS => events(&mut stream, published),
        STATUS => {
            let body = serde_json::json!({ "generation": published.generation(), "problems": *published.problems() });
            send(&mut stream, "200 OK", "application/json", body.to_string().as_bytes(), head)
        }
        path => {
            let Some(key) = file_key(path) else {
                return send(&mut stream, "400 Bad Request", "text/plain; charset=utf-8", b"bad path\n", head);
            };
            if !key.is_empty() && !key.ends_with('/') && !key.contains('.') && published.get(&format!("{key}/index.html")).bytes.is_some() {
                // A folder asked for without its slash: relative links need the slash.
                let location = format!("{path}/");
                let response =
                    format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return stream.write_all(response.as_bytes());
            }
            let file = if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key };
            if let Some(pdf) = published.pdf(&file) {
                return match pdf.bytes() {
                    Ok(bytes) => send(&mut stream, "200 OK", "application/pdf", &bytes, head),
                    Err(message) => {
                        send(&mut stream, "500 Internal Server Error", "text/plain; charset=utf-8", format!("{message}\n").as_bytes(), head)
                    }
                };
            }
            let found = published.get(&file);
            let (status, file, found) = match found.bytes {
                Some(_) => ("200 OK", file, found),
                None => {
                    let not_found = not_found_page(&file, published);
                    ("404 Not Found", not_found.0, not_found.1)
                }
            };
            let body = match (&found.bytes, file.ends_with(".html")) {
                (Some(bytes), _) if !found.names.is_empty() && is_text(&file) => {
                    // A page the rules refused for a pupil's name is shown with the name as
                    // initials, like everything else this server sends.
                    let text = String::from_utf8_lossy(bytes);
                    if file.ends_with(".html") {
                        let masked = crate::finding::mask_names(&text, &found.names);
                        overlay::inject(masked.as_bytes(), found.generation, &found.problems)
                    } else {
                        // The search index and other files list words one by one: each word
                        // of a name, and the name run together, is hidden there too.
                        crate::finding::mask_names(&text, &name_words(&found.names)).into_bytes()
                    }
                }
                (Some(bytes), true) => overlay::inject(bytes, found.generation, &found.problems),
                (Some(bytes), false) => bytes.to_vec(),
                (None, _) if !found.problems.is_empty() => overlay::error_page(found.generation, &found.problems),
                (None, _) => overlay::inject(b"<!doctype html><title>Not found</title><p>Not found.</p>", found.generation, &[]),
            };
            let kind = if found.bytes.is_some() { content_type(&file) } else { "text/html; charset=utf-8" };
            send(&mut stream, status, kind, &body, head)
        }
    }
}

/// The site's 404 page for a missing file: the school's (its first folder), else the root's.
fn not_found_page(file: &str, published: &Published) -> (String, super::published::Lookup) {
    if let Some((school, _)) = file.split_once('/') {
        let candidate = format!("{school}/404.html");
        let found = published.get(&candidate);
        if found.bytes.is_some() {
            return (candidate, found);
        }
    }
    ("404.html".to_owned(), published.get("404.html"))
}

fn send(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], head: bool) -> io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The reload stream: the current generation at once, then each new one as it comes.
fn events(stream: &mut TcpStream, published: &Published) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let mut seen = published.generation();
    write!(stream, "event: generation\ndata: {seen}\n\n")?;
    stream.flush()?;
    while !published.is_stopping() {
        let now = published.wait_past(seen, KEEP_ALIVE);
        if published.is_stopping() {
            break;
        }
        if now == seen {
            stream.write_all(b": still here\n\n")?;
        } else {
            seen = now;
            write!(stream, "event: generation\ndata: {seen}\n\n")?;
        }
        stream.flush()?;
    }
    Ok(())
}

/// The published file a request path names, without its leading slash; `None` for a
/// path that tries to climb out (`..`).
fn file_key(path: &str) -> Option<String> {
    let trimmed = path.trim_start_matches('/');
    if trimmed.split('/').any(|part| part == ".." || part == ".") {
        return None;
    }
    Some(trimmed.to_owned())
}

/// Each name, each of its words and the words run together, with initials to show instead.
fn name_words(names: &[(String, String)]) -> Vec<(String, String)> {
    let mut words = names.to_vec();
    for (name, initials) in names {
        let parts: Vec<&str> = name.split_whitespace().collect();
        words.push((parts.concat(), initials.clone()));
        words.extend(parts.iter().filter_map(|part| Some(((*part).to_owned(), format!("{}.", part.chars().next()?)))));
    }
    words
}

/// True for the files a name can be read in as text: pages, the search index, the sitemap.
fn is_text(file: &str) -> bool {
    let kind = content_type(file);
    kind.starts_with("text/") || kind.starts_with("application/json") || kind.starts_with("application/xml")
}

fn content_type(file: &str) -> &'static str {
    let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the preview answered any `Host:`, so a web page the user visited could
    /// reach it by DNS rebinding and read pupils' names from `/__policypress/status`.
    #[test]
    fn only_requests_addressed_to_this_server_are_answered() {
        assert!(addressed_here(Some("127.0.0.1:8000"), 8000));
        assert!(addressed_here(Some("localhost:8000"), 8000));
        assert!(addressed_here(Some("LOCALHOST:8000"), 8000));
        assert!(!addressed_here(Some("attacker.example:8000"), 8000));
        assert!(!addressed_here(Some("127.0.0.1.attacker.example:8000"), 8000));
        assert!(!addressed_here(Some("localhost:9000"), 8000));
        assert!(!addressed_here(None, 8000));
    }

    #[test]
    fn a_request_head_gives_its_method_path_and_host() {
        let request = parse_head("GET /policies/a/?x=1 HTTP/1.1\r\nUser-Agent: t\r\nhost: localhost:8000\r\n\r\n").unwrap();
        assert_eq!(request, Request { method: "GET".into(), path: "/policies/a/".into(), host: Some("localhost:8000".into()) });
        assert_eq!(parse_head(""), None);
        // Regression: a second Host header after a good one was accepted.
        let twice = parse_head("GET / HTTP/1.1\r\nHost: localhost:8000\r\nHost: attacker.example\r\n\r\n").unwrap();
        assert_eq!(twice.host, None);
    }

    #[test]
    fn paths_map_to_published_files_and_never_climb_out() {
        assert_eq!(file_key("/policies/x/").as_deref(), Some("policies/x/"));
        assert_eq!(file_key("/").as_deref(), Some(""));
        assert_eq!(file_key("/../etc/passwd"), None);
        assert_eq!(file_key("/a/./b"), None);
        assert_eq!(crate::project::media::percent_decode("/media/a%20b.pdf"), "/media/a b.pdf");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
    }
}
