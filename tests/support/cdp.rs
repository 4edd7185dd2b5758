//! A small Chrome DevTools Protocol client for the browser tests: headless
//! Chromium started with `--remote-debugging-pipe` reads commands on its
//! file descriptor 3 and writes answers and events on 4, each a JSON
//! message ending in a NUL byte. A shell `exec` gives it this process's
//! pipes as those descriptors, so there is no WebSocket, no port and no
//! extra crate. Every wait has a time limit, so a test fails, never hangs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(60);

/// One headless Chromium with one page.
pub struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Every event received so far (messages without an id), in order.
    pub events: Vec<Value>,
}

/// Records every Content-Security-Policy violation of the page in
/// `window.__csp` (a script the browser runs in each new document before the
/// page's own, not subject to the page's policy).
const WATCH_CSP: &str = "window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });";

impl Browser {
    /// Starts Chromium with `profile` as its user data directory (the place
    /// `localStorage` is kept) and opens a blank page `width` pixels wide.
    pub fn launch(chromium: &str, profile: &Path, width: u32) -> Browser {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>/dev/null")
            .arg(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-dev-shm-usage",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if message.last() == Some(&0) {
                    message.pop();
                }
                let Ok(value) = serde_json::from_slice::<Value>(&message) else { continue };
                if send.send(value).is_err() {
                    return;
                }
            }
        });
        let mut browser = Browser { child, input, messages, next_id: 0, session: String::new(), events: Vec::new() };
        let target = browser.browser_call("Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().unwrap().to_owned();
        let attached = browser.browser_call("Target.attachToTarget", json!({ "targetId": target, "flatten": true }));
        browser.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in ["Page.enable", "Runtime.enable", "Network.enable", "Log.enable"] {
            browser.call(domain, json!({}));
        }
        browser.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH_CSP }));
        browser.resize(width);
        browser
    }

    /// The page's viewport width, in CSS pixels (height 1000).
    pub fn resize(&mut self, width: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if session {
            message["sessionId"] = Value::String(self.session.clone());
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.input.write_all(&bytes).and_then(|()| self.input.flush()).expect("write to chromium");
        let answer = self.next(|m| m["id"].as_u64() == Some(id), method);
        if let Some(error) = answer.get("error") {
            panic!("{method}: {error}");
        }
        answer["result"].clone()
    }

    /// A command to the browser itself.
    pub fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
    }

    /// A command to the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// The next message that `want` accepts; events met on the way are kept.
    fn next(&mut self, want: impl Fn(&Value) -> bool, what: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if want(&message) => return message,
                Ok(message) => {
                    if message.get("id").is_none() {
                        self.events.push(message);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("chromium: no answer to {what} in {WAIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("chromium exited while waiting for {what}"),
            }
        }
    }

    /// Waits for an event named `method` received after `events[since..]`.
    pub fn wait_event(&mut self, since: usize, method: &str, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(event) =
            self.events[since.min(self.events.len())..].iter().find(|e| e["method"] == method && want(e))
        {
            return event.clone();
        }
        let event = self.next(|m| m["method"] == method && want(m), method);
        self.events.push(event.clone());
        event
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        let since = self.events.len();
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_event(since, "Page.loadEventFired", |_| true);
    }

    /// Reloads the page and waits until it has loaded.
    pub fn reload(&mut self) {
        let since = self.events.len();
        self.call("Page.reload", json!({}));
        self.wait_event(since, "Page.loadEventFired", |_| true);
    }

    /// Runs `expression` in the page and returns its value (promises awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        );
        if let Some(details) = result.get("exceptionDetails") {
            panic!("{expression}: {details}");
        }
        result["result"]["value"].clone()
    }

    /// Evaluates `expression` until it is true (or fails after the time limit).
    pub fn wait_until(&mut self, expression: &str) {
        let deadline = Instant::now() + WAIT;
        while self.eval(expression) != Value::Bool(true) {
            assert!(Instant::now() < deadline, "never true: {expression}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types text into the focused element, as a keyboard would.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Sets the files of the `<input type=file>` matching `selector` (its change event fires).
    pub fn set_file_input(&mut self, selector: &str, file: &Path) {
        let root = self.call("DOM.getDocument", json!({}))["root"]["nodeId"].clone();
        let node = self.call("DOM.querySelector", json!({ "nodeId": root, "selector": selector }))["nodeId"].clone();
        assert_ne!(node, json!(0), "no {selector}");
        self.call("DOM.setFileInputFiles", json!({ "nodeId": node, "files": [file.display().to_string()] }));
    }

    /// Downloads go to `dir`, and the browser reports them.
    pub fn download_to(&mut self, dir: &Path) {
        self.browser_call(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": dir.display().to_string(), "eventsEnabled": true }),
        );
    }

    /// Waits for a download that started after `events[since..]` to finish; its file's path.
    pub fn downloaded(&mut self, since: usize) -> std::path::PathBuf {
        let done = self.wait_event(since, "Browser.downloadProgress", |e| e["params"]["state"] != "inProgress");
        assert_eq!(done["params"]["state"], "completed", "{done}");
        std::path::PathBuf::from(done["params"]["filePath"].as_str().unwrap())
    }

    /// A PNG of the page as shown (the whole page with `full`).
    pub fn screenshot(&mut self, target: &Path, full: bool) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": full }));
        let data = base64_decode(shot["data"].as_str().unwrap());
        std::fs::write(target, data).unwrap();
    }

    /// Every URL the page asked for (documents included).
    pub fn requests(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .map(|e| e["params"]["request"]["url"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    /// Script errors and error-level console or browser log messages.
    pub fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| {
                e["method"] == "Runtime.exceptionThrown"
                    || (e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
                    || (e["method"] == "Runtime.consoleAPICalled" && e["params"]["type"] == "error")
            })
            .map(Value::to_string)
            .collect()
    }

    /// Closes the browser (it writes its profile out first) and waits for it.
    pub fn close(mut self) {
        // The answer may never come: the browser exits.
        let mut bytes =
            serde_json::to_vec(&json!({ "id": self.next_id + 1, "method": "Browser.close", "params": {} })).unwrap();
        bytes.push(0);
        let _ = self.input.write_all(&bytes).and_then(|()| self.input.flush());
        let deadline = Instant::now() + WAIT;
        while self.child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &v)| n | u32::from(v) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
