//! The browser tests' driver: chromedriver spoken over plain HTTP + JSON, one Chromium session,
//! screenshots under `target/browser/`, and a server on a free port. Shared by `browser.rs`
//! and `browser_portal.rs`.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::http_support::*;

/// Why the browser tests cannot run here, or `None` when they can.
pub fn browser_missing() -> Option<String> {
    let chromium = chromium_path();
    if !chromium.exists() {
        return Some(format!("no Chromium at {}", chromium.display()));
    }
    if which(&chromedriver_path()).is_none() {
        return Some(format!("no chromedriver ({})", chromedriver_path()));
    }
    None
}

/// True when the test should run; panics when it cannot and no one asked to skip it.
pub fn browser_available() -> bool {
    if std::env::var("VANBAN_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("note: VANBAN_SKIP_BROWSER=1: browser test skipped");
        return false;
    }
    if let Some(why) = browser_missing() {
        panic!(
            "{why}: install the packages `chromium` and `chromium-driver` \
             (apt-get install -y chromium chromium-driver), or set VANBAN_SKIP_BROWSER=1 to skip"
        );
    }
    have_seed()
}

pub fn chromium_path() -> PathBuf {
    std::env::var_os("VANBAN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub fn chromedriver_path() -> String {
    std::env::var("VANBAN_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string())
}

pub fn which(cmd: &str) -> Option<PathBuf> {
    if cmd.contains('/') {
        return Path::new(cmd).exists().then(|| PathBuf::from(cmd));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.exists())
    })
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver process and one browser session; both end on drop.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = ureq::get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|r| r.into_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1200,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium_path(), "args": args}
        }}});
        let res: Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .expect("a Chromium session")
            .into_json()
            .unwrap();
        let session = res["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver,
            base,
            session,
            _profile: profile,
        }
    }

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let req = ureq::request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
            Err(ureq::Error::Status(code, r)) => {
                panic!(
                    "WebDriver {method} {path}: {code} {}",
                    r.into_string().unwrap()
                )
            }
            Err(e) => panic!("WebDriver {method} {path}: {e}"),
        }
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `script` returns a truthy value, and returns it.
    pub fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let v = self.js(script);
            let truthy = !matches!(&v, Value::Null | Value::Bool(false))
                && v.as_str() != Some("")
                && v.as_array().is_none_or(|a| !a.is_empty());
            if truthy {
                return v;
            }
            if Instant::now() > deadline {
                let status = self.js("return (document.getElementById('status')||{}).textContent");
                self.screenshot("timeout");
                panic!("timed out waiting for {what}; status line: {status}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn element(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Sets the window's size (a phone is 390 px wide).
    pub fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// Runs a DevTools command (Chromium's WebDriver extension).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    /// Saves a PNG under `target/browser/NAME.png`.
    /// Clicks the element `css` inside the widget's shadow root.
    pub fn click_in_widget(&self, css: &str) {
        self.js(&format!(
            "document.querySelector('#search').shadowRoot.querySelector('{css}').click()"
        ));
    }

    pub fn screenshot(&self, name: &str) {
        let v = self.cmd("GET", "/screenshot", None);
        let Some(b64) = v.as_str() else { return };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), base64_decode(b64)).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = s.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

/// Serves `app` on a free port of 127.0.0.1 in a background runtime; returns its base URL.
pub fn serve(rt: &tokio::runtime::Runtime, app: axum::Router) -> String {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    rt.spawn(async move { axum::serve(listener, app).await });
    base
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub const QUERY: &str = "pho bien giao duc phap luat";

/// Loads the page, searches without diacritics, and waits for highlighted hits.
pub fn search_on_page(b: &Browser, base: &str) {
    b.goto(&format!("{base}/"));
    b.wait_for(
        "the page script",
        "return document.getElementById('view').childElementCount > 0",
    );
    b.type_into("#q", QUERY);
    b.click("#search-button");
    b.wait_for(
        "a highlighted hit",
        "return document.querySelector('.hit .snippet mark') !== null",
    );
}
