//! The example CI files in `examples/ci/`, checked as far as they can be offline: each
//! is YAML, runs `check --require-roster` on a pull or merge request and `build` on the main
//! branch, publishes `public/`, caches the cargo build, and every `policypress` command
//! it runs is one the command line accepts (parsed by the real `Cli`, not by a copy).

use std::path::Path;

use clap::CommandFactory;
use clap::error::ErrorKind;
use policypress::cli::Cli;
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"))
}

/// Every shell script in the file: GitHub's `run:` and GitLab's `script:`,
/// `before_script:` and `after_script:` (a string or a list of strings).
fn scripts(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_scripts(value, &mut found);
    found
}

fn collect_scripts(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let is_script = ["run", "script", "before_script", "after_script"].contains(&key.as_str());
                match item {
                    Value::String(text) if is_script => found.push(text.clone()),
                    Value::Array(lines) if is_script => found.extend(lines.iter().filter_map(Value::as_str).map(str::to_owned)),
                    other => collect_scripts(other, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_scripts(item, found)),
        _ => {}
    }
}

/// The words of a shell line, quotes removed, `#` comments dropped; `&&`, `||`, `;` and
/// `|` become words of their own. Enough shell for one-line commands in a CI file.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, ';' | '&' | '|') => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                let doubled = chars.next_if_eq(&c).is_some();
                words.push(if doubled { format!("{c}{c}") } else { c.to_string() });
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Every `policypress ...` command in the scripts, as its argv: the word `policypress`
/// where a command starts (not `cargo install ... policypress`, where it names the crate).
fn invocations(scripts: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for script in scripts {
        let joined = script.replace("\\\n", " ");
        for line in joined.lines() {
            let words = words(line);
            for command in words.split(|w| ["&&", "||", ";", "|", "&"].contains(&w.as_str())) {
                // Skip `VAR=value` prefixes and shell keywords that start a command.
                let start = command.iter().position(|w| !w.contains('=') && !["then", "do", "else", "!"].contains(&w.as_str()));
                if let Some(start) = start
                    && command[start] == "policypress"
                {
                    found.push(command[start..].to_vec());
                }
            }
        }
    }
    found
}

/// Fails unless clap accepts `argv` as the real binary would (`--version` and `--help`
/// count as accepted).
fn assert_accepted(file: &str, argv: &[String]) {
    if let Err(err) = Cli::command().try_get_matches_from(argv) {
        assert!(
            matches!(err.kind(), ErrorKind::DisplayVersion | ErrorKind::DisplayHelp),
            "{file}: `{}` is not a valid policypress command line:\n{err}",
            argv.join(" ")
        );
    }
}

/// `examples/ci/<file>`, read as YAML and checked for what both files must do: every
/// `policypress` command in it is accepted by the CLI, and together they are exactly
/// `commands` (sorted: the YAML is read into maps that do not keep the file's order);
/// policypress is installed with `cargo install --locked` from a placeholder address.
fn load_checked(file: &str, commands: &[&str]) -> Value {
    let value = load(file);
    let all = invocations(&scripts(&value));
    for argv in &all {
        assert_accepted(file, argv);
    }
    let mut found: Vec<String> = all.iter().map(|argv| argv.join(" ")).collect();
    found.sort();
    assert_eq!(found, commands, "{file}");
    let whole = text(&value);
    assert!(whole.contains("cargo install --locked --git"), "{file} installs policypress with cargo");
    assert!(whole.contains("https://git.example/REPLACE-ME/"), "{file}: the repository address is a placeholder on an .example domain");
    value
}

fn text(value: &Value) -> String {
    value.to_string()
}

#[test]
fn the_shell_reading_finds_commands_and_the_cli_check_refuses_a_wrong_flag() {
    let scripts =
        vec!["cargo install --locked --git \"$X\" policypress\nFOO=1 policypress check --strict && policypress build # note".to_owned()];
    let found: Vec<String> = invocations(&scripts).iter().map(|argv| argv.join(" ")).collect();
    assert_eq!(found, ["policypress check --strict", "policypress build"]);
    let wrong = ["policypress", "check", "--stric"].map(str::to_owned);
    assert!(Cli::command().try_get_matches_from(wrong).is_err(), "a misspelt flag must fail the check");
}

#[test]
fn the_github_workflow_checks_pull_requests_and_publishes_main_to_pages() {
    let workflow = load_checked(
        "github-actions.yml",
        &[
            "policypress --version",
            "policypress build --require-roster --format github",
            "policypress check --require-roster --format github",
        ],
    );

    // `on` is a key (YAML 1.2), not the boolean YAML 1.1 would make of it.
    let on = &workflow["on"];
    assert!(on.get("pull_request").is_some(), "runs on pull requests: {on}");
    assert!(on["push"]["branches"].as_array().is_some_and(|b| b.contains(&"main".into())), "runs on pushes to main: {on}");

    let steps: Vec<&Value> =
        workflow["jobs"].as_object().expect("jobs").values().flat_map(|job| job["steps"].as_array().into_iter().flatten()).collect();
    let step_running = |prefix: &str| {
        steps
            .iter()
            .find(|step| step["run"].as_str().is_some_and(|run| run.trim_start().starts_with(prefix)))
            .unwrap_or_else(|| panic!("no step runs `{prefix}`"))
    };
    assert_eq!(step_running("policypress check")["if"], "github.event_name == 'pull_request'");
    assert_eq!(step_running("policypress build")["if"], "github.event_name != 'pull_request'");
    let using = |action: &str| {
        steps
            .iter()
            .find(|step| step["uses"].as_str().is_some_and(|uses| uses.starts_with(&format!("{action}@"))))
            .unwrap_or_else(|| panic!("no step uses {action}"))
    };
    assert_eq!(using("actions/upload-pages-artifact")["with"]["path"], "public");
    using("actions/deploy-pages");
    let cached = using("actions/cache")["with"]["path"].as_str().unwrap_or_default();
    assert!(cached.contains("~/.cargo/") && cached.lines().any(|l| l.trim() == "target/"), "{cached}");
    // The site built last time comes back before the build, so its PDFs are reused.
    let site_cache = steps
        .iter()
        .find(|step| step["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")) && step["with"]["path"] == "public")
        .expect("a step restores the site built last time");
    assert_eq!(site_cache["if"], "github.event_name != 'pull_request'");
    let position = |wanted: &Value| steps.iter().position(|step| std::ptr::eq(*step, wanted)).expect("a step");
    assert!(position(site_cache) < position(step_running("policypress build")), "the site is restored before the build");

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"], "write");
    assert_eq!(deploy["environment"]["name"], "github-pages");
}

#[test]
fn the_gitlab_pipeline_checks_merge_requests_and_publishes_the_default_branch_to_pages() {
    let pipeline = load_checked(
        "gitlab-ci.yml",
        &["policypress --version", "policypress build --require-roster", "policypress check --require-roster"],
    );

    let rule = |job: &str| text(&pipeline[job]["rules"]);
    assert!(rule("check").contains("merge_request_event"), "{}", rule("check"));
    let check_script = text(&pipeline["check"]["script"]);
    assert!(check_script.contains("policypress check --require-roster"), "{check_script}");

    let pages = &pipeline["pages"];
    assert!(rule("pages").contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"), "{}", rule("pages"));
    assert!(text(&pages["script"]).contains("policypress build"), "{pages}");
    assert_eq!(pages["artifacts"]["paths"], serde_json::json!(["public"]));

    let cache = &pipeline["default"]["cache"];
    assert_eq!(cache["key"]["files"], serde_json::json!(["Cargo.lock"]));
    let paths = text(&cache["paths"]);
    assert!(paths.contains(".cargo/registry") && paths.contains("target/"), "{paths}");

    // The publishing job keeps the cargo cache and adds the site built last time.
    let pages_caches = pages["cache"].as_array().expect("pages lists its caches");
    assert!(pages_caches.contains(cache), "pages keeps the cargo cache: {pages_caches:?}");
    assert!(pages_caches.iter().any(|c| c["paths"] == serde_json::json!(["public/"])), "pages keeps public/: {pages_caches:?}");
}

/// The release workflow builds the binary for Linux, macOS and Windows on a tag, tries
/// each one on a new project, and attaches them to the release.
#[test]
fn the_release_workflow_builds_every_platform_on_a_tag_and_tries_each_binary() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let workflow: Value = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).expect("the release workflow is YAML");
    assert!(workflow["on"]["push"]["tags"].as_array().is_some_and(|tags| tags.contains(&"v*".into())), "{}", workflow["on"]);
    let job = &workflow["jobs"]["binaries"];
    let systems: Vec<&str> = job["strategy"]["matrix"]["include"].as_array().unwrap().iter().filter_map(|e| e["os"].as_str()).collect();
    assert_eq!(systems, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    let runs = text(&job["steps"]);
    assert!(runs.contains("cargo build --release --locked"), "{runs}");
    // The binary just built is `"$bin"` there.
    let scripts: Vec<String> = scripts(&job["steps"]).iter().map(|script| script.replace("\"$bin\"", "policypress")).collect();
    let commands = invocations(&scripts);
    assert_eq!(commands.len(), 3, "{commands:?}");
    for argv in commands {
        assert_accepted("release.yml", &argv);
    }
    assert!(runs.contains("init") && runs.contains("check"), "each binary starts a project and checks it: {runs}");
}
