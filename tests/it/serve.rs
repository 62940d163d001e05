//! `policypress serve` end to end: the real binary on a free port, a page fetched over
//! HTTP, edits made the way editors make them, the page polled until it changes (every
//! wait is bounded), a broken school.yaml shown over the last good page, and a clean stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::{POLICY, Project, SCHOOL_YAML, TODAY};

/// How long any one change may take to show before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// The server, killed if the test ends early.
struct Serve {
    child: Child,
    address: String,
}

impl Serve {
    fn start(project: &Project) -> Serve {
        Serve::start_with(project, &[])
    }

    /// As [`Serve::start`], with more arguments for `serve`.
    fn start_with(project: &Project, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(["serve", "--school", "alpha", "--port", "0"])
            .args(extra)
            .arg("--project")
            .arg(project.path())
            .env("POLICYPRESS_TODAY", TODAY)
            .env_remove("POLICYPRESS_ROSTER")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start policypress serve");
        // The first line of standard output is the address, once the site is built.
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("read the address");
        let address = line.trim().trim_start_matches("http://").trim_end_matches('/').to_owned();
        assert!(address.starts_with("127.0.0.1:"), "serve listens on 127.0.0.1 only, said {line:?}");
        Serve { child, address }
    }

    /// (status line, body) of a GET.
    fn get(&self, path: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read the response");
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (head.lines().next().unwrap_or_default().to_owned(), body.to_owned())
    }

    /// The whole response to `request`, sent as it is.
    fn raw(&self, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let _ = stream.write_all(request);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    /// (status line, headers, body bytes) of a GET, for files that are not text.
    fn get_bytes(&self, path: &str) -> (String, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read the response");
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
        (status.to_owned(), headers.to_owned(), response[split + 4..].to_vec())
    }

    /// Polls `path` until its body satisfies `test`; fails after [`PATIENCE`].
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, body) = self.get(path);
            if test(&body) {
                return body;
            }
            assert!(Instant::now() < deadline, "{path} never showed {what}; last body:\n{body}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server as Ctrl-C would (SIGTERM) and waits for it to exit.
    fn stop(mut self) -> std::process::ExitStatus {
        let killed = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("run kill");
        assert!(killed.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for serve") {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const PAGE: &str = "/policies/online-safety/index.html";

#[test]
fn serve_rebuilds_on_edit_shows_errors_over_the_last_good_page_and_stops_cleanly() {
    let project = Project::new();
    let before = project.snapshot_sources();
    let serve = Serve::start(&project);

    let (status, body) = serve.get(PAGE);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("Online Safety Policy"), "{body}");
    assert!(body.contains("new EventSource(\"/__policypress/events\")"), "the reload script is added: {body}");
    let (folder_status, _) = serve.get("/policies/online-safety/");
    assert_eq!(folder_status, "HTTP/1.1 200 OK", "a folder serves its index.html");

    // The reload stream says the current generation at once, and the next after an edit.
    let mut events = TcpStream::connect(&serve.address).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(events, "GET /__policypress/events HTTP/1.1\r\nHost: {}\r\n\r\n", serve.address).unwrap();
    let mut events = BufReader::new(events);
    let first = next_generation(&mut events);

    // Saved the way many editors save: a temporary file renamed over the original. (This
    // once re-rendered the page from the old body: re-parsed bodies were merged into the
    // templates without replacing the old ones.)
    let edited = project.read(POLICY).replace("We teach every class", "We teach every class, every term,");
    project.write("content/policies/.online-safety.md.tmp", &edited);
    std::fs::rename(project.abs("content/policies/.online-safety.md.tmp"), project.abs(POLICY)).unwrap();
    let page = serve.wait_for(PAGE, "the edit", |body| body.contains("every class, every term,"));
    assert!(next_generation(&mut events) > first, "open pages are told to reload");

    // The page's PDF link works in the preview: the PDF is typeset when first opened.
    let html = scraper::Html::parse_document(&page);
    let link = html.select(&scraper::Selector::parse("a[download]").unwrap()).next().expect("a PDF link");
    let href = link.value().attr("href").expect("href");
    let (pdf_status, headers, pdf) = serve.get_bytes(&format!("/policies/online-safety/{href}"));
    assert_eq!(pdf_status, "HTTP/1.1 200 OK", "{href}");
    assert!(headers.to_ascii_lowercase().contains("content-type: application/pdf"), "{headers}");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF is served for {href}");

    // A new page appears, and goes when its file is deleted.
    project.write("content/pages/visits.md", "---\ntitle: Visiting the school\nkind: page\n---\nCome and see us.\n");
    serve.wait_for("/visits/", "the new page", |body| body.contains("Come and see us."));
    serve.wait_for("/", "the new page listed", |body| body.contains("Visiting the school"));
    project.remove("content/pages");
    serve.wait_for("/", "the page unlisted", |body| !body.contains("Visiting the school"));
    let (gone, _) = serve.get("/visits/index.html");
    assert_eq!(gone, "HTTP/1.1 404 Not Found");

    // Broken YAML: the error shows over the last good page, which is still served.
    let good_yaml = project.read(SCHOOL_YAML);
    project.write(SCHOOL_YAML, good_yaml.replacen("name: Alpha Fields", "name: [Alpha Fields", 1));
    let broken = serve.wait_for(PAGE, "the overlay", |body| body.contains("policypress-overlay"));
    assert!(broken.contains("[invalid-yaml]"), "{broken}");
    assert!(broken.contains("schools/alpha/school.yaml:1:"), "the overlay names the file and line: {broken}");
    assert!(broken.contains("every class, every term,"), "the last good page stays served");
    let (_, status) = serve.get("/__policypress/status");
    assert!(status.contains("invalid-yaml"), "{status}");

    // A broken rule is refused the same way, naming the rule.
    project.write(SCHOOL_YAML, &good_yaml);
    serve.wait_for(PAGE, "the overlay gone", |body| !body.contains("policypress-overlay"));
    project.replace(POLICY, "every class, every term,", "every class, every term, (call 07700 900123),");
    let refused = serve.wait_for(PAGE, "the overlay", |body| body.contains("policypress-overlay"));
    assert!(refused.contains("[personal-phone]") && refused.contains("content/policies/online-safety.md:"), "{refused}");
    assert!(!refused.contains("07700 900123),"), "the page that breaks the rule is not served");

    // Fixed: the new page is served, without the overlay.
    project.replace(POLICY, " (call 07700 900123),", " in every year,");
    let fixed = serve.wait_for(PAGE, "the fix", |body| body.contains("every term, in every year"));
    assert!(!fixed.contains("policypress-overlay"), "{fixed}");

    let address = serve.address.clone();
    let status = serve.stop();
    assert!(status.success(), "serve stops cleanly: {status}");
    assert!(TcpStream::connect(&address).is_err(), "the port is freed");
    // Serving never writes into the project: the sources are as the test left them.
    let after = project.snapshot_sources();
    let written: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(written.is_empty(), "serve wrote {written:?}");
    assert!(!project.abs("public").exists());
}

/// Reads the event stream up to the next `generation` event and returns its number.
fn next_generation(events: &mut impl BufRead) -> u64 {
    let mut line = String::new();
    let mut saw_event = false;
    loop {
        line.clear();
        assert!(events.read_line(&mut line).expect("read the event stream") > 0, "the event stream ended");
        if line.trim() == "event: generation" {
            saw_event = true;
        } else if let (true, Some(data)) = (saw_event, line.trim().strip_prefix("data: ")) {
            return data.parse().expect("a generation number");
        }
    }
}

/// Regression: the preview answered any `Host:` header, so a web page the user visited
/// could reach it through DNS rebinding, and `/__policypress/status` showed pupils' full
/// names. Now it answers only its own name, and shows a name as initials everywhere.
#[test]
fn the_preview_answers_only_its_own_name_and_never_shows_a_pupils_full_name() {
    let project = Project::new();
    project.append(POLICY, "Well done to Amelia Thornbury for her poster.");
    let serve = Serve::start_with(&project, &["--roster", project.abs(crate::common::ROSTER).to_str().expect("utf-8")]);
    let port = serve.address.rsplit(':').next().expect("a port").to_owned();
    let rebound = serve.raw(format!("GET /__policypress/status HTTP/1.1\r\nHost: attacker.example:{port}\r\n\r\n").as_bytes());
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    assert!(!rebound.contains("Thornbury"));
    let no_host = serve.raw(b"GET / HTTP/1.0\r\n\r\n");
    assert!(no_host.starts_with("HTTP/1.1 421"), "{no_host}");
    let (status, report) = serve.get("/__policypress/status");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(report.contains("pupil-surname"), "{report}");
    let (_, page) = serve.get(PAGE);
    // Regression: the search index sent the name in full.
    let (_, index) = serve.get("/search-index.js");
    for (what, body) in [("status", &report), ("page", &page), ("search index", &index)] {
        assert!(!body.to_lowercase().contains("thornbury"), "the {what} shows a pupil's full name:\n{body}");
    }
    serve.stop();
}

/// Regression: the preview read a request line of any length (one of 300 MB took 680 MB)
/// and waited for a slow client for ever.
#[test]
fn an_oversized_or_slow_request_is_dropped() {
    let project = Project::new();
    let serve = Serve::start(&project);
    let mut huge = b"GET /".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 64 * 1024));
    huge.extend_from_slice(b" HTTP/1.1\r\n\r\n");
    let response = serve.raw(&huge);
    assert!(response.starts_with("HTTP/1.1 431"), "{}", &response[..response.len().min(200)]);
    // A client that sends half a request line and nothing more is dropped in time.
    let mut slow = TcpStream::connect(&serve.address).expect("connect");
    slow.write_all(b"GET / HT").unwrap();
    slow.set_read_timeout(Some(PATIENCE)).unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(started.elapsed() < PATIENCE, "a slow client held its connection");
    let (status, _) = serve.get(PAGE);
    assert_eq!(status, "HTTP/1.1 200 OK", "the server still answers");
    serve.stop();
}

/// Regression: 600 connections that never sent a request kept the preview from the
/// browser until they timed out.
#[test]
fn idle_connections_never_keep_the_preview_from_the_browser() {
    let project = Project::new();
    let serve = Serve::start(&project);
    let idle: Vec<TcpStream> = (0..600).filter_map(|_| TcpStream::connect(&serve.address).ok()).collect();
    assert!(idle.len() >= 300, "only {} connections opened", idle.len());
    let started = Instant::now();
    let (status, _) = serve.get(PAGE);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(started.elapsed() < Duration::from_secs(3), "the page took {:?} behind idle connections", started.elapsed());
    drop(idle);
    serve.stop();
}
