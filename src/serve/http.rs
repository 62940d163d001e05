//! A small HTTP/1.1 server for the live site, on 127.0.0.1 only: a thread per
//! connection, one request per connection, GET and HEAD.
//!
//! In: requests. Out: the published files, with the reload script (and, while an edit is
//! refused, the overlay) added to every page; the reload event stream; and a status
//! report (`/__policypress/status`: the generation and the errors, as JSON) for tools.
//! Nothing here can read the project's files: only what the build published is served.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::overlay;
use super::published::Published;

const STATUS: &str = "/__policypress/status";
/// How often an idle event stream sends a comment, so a dead connection is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

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
        let accepting = thread::Builder::new().name("serve-accept".to_owned()).spawn(move || accept(&listener, &shared))?;
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

fn accept(listener: &TcpListener, published: &Arc<Published>) {
    for stream in listener.incoming() {
        if published.is_stopping() {
            break;
        }
        let Ok(stream) = stream else { continue };
        let published = Arc::clone(published);
        // A connection that cannot get a thread is dropped; the browser retries.
        let _ = thread::Builder::new().name("serve-connection".to_owned()).spawn(move || {
            let _ = respond(stream, &published);
        });
    }
}

/// A request line, as far as this server cares.
struct Request {
    method: String,
    path: String,
}

fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    // Headers are read and ignored, up to a limit.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Ok(None) };
    let path = target.split(['?', '#']).next().unwrap_or("/");
    Ok(Some(Request { method: method.to_owned(), path: crate::project::media::percent_decode(path) }))
}

fn respond(mut stream: TcpStream, published: &Published) -> io::Result<()> {
    let Some(request) = read_request(&stream)? else { return Ok(()) };
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
