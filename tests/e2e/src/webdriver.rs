//! A small synchronous W3C WebDriver client (ureq + serde_json), just what the
//! end-to-end tests need, tested against WebKitWebDriver behind tauri-driver.

use anyhow::{anyhow, Context, Result};
use base64::Engine as _;
use serde_json::{json, Value};
use std::fmt;
use std::time::Duration;

/// The W3C key under which an element reference travels.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Special keys for [`Element::send_keys`] / [`crate::App::press`] (W3C code points).
pub mod keys {
    pub const BACKSPACE: &str = "\u{E003}";
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
    pub const PAGE_UP: &str = "\u{E00E}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    pub const END: &str = "\u{E010}";
    pub const HOME: &str = "\u{E011}";
    pub const LEFT: &str = "\u{E012}";
    pub const UP: &str = "\u{E013}";
    pub const RIGHT: &str = "\u{E014}";
    pub const DOWN: &str = "\u{E015}";
    pub const DELETE: &str = "\u{E017}";
}

/// An error answered by the WebDriver server (W3C error object).
#[derive(Debug, Clone)]
pub struct WebDriverError {
    /// What was sent, e.g. `POST /session/…/element`.
    pub command: String,
    pub status: u16,
    /// The W3C error code, e.g. `no such element`.
    pub error: String,
    pub message: String,
}

impl WebDriverError {
    /// Errors that mean "not there (yet)" while waiting for something.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.error.as_str(),
            "no such element" | "stale element reference" | "element not interactable"
        )
    }
}

impl fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "WebDriver error `{}` (HTTP {}) for {}: {}",
            self.error, self.status, self.command, self.message
        )
    }
}

impl std::error::Error for WebDriverError {}

/// True when `err` is a [`WebDriverError`] that a wait loop should retry.
pub fn is_transient(err: &anyhow::Error) -> bool {
    err.downcast_ref::<WebDriverError>()
        .is_some_and(WebDriverError::is_transient)
}

/// Parses a WebDriver response body. `Ok(value)` is the content of `"value"`.
pub fn parse_response(command: &str, status: u16, body: &str) -> Result<Value> {
    let json: Value = serde_json::from_str(body).map_err(|e| {
        anyhow!(
            "{command}: HTTP {status}, body is not JSON ({e}): {}",
            truncate(body, 500)
        )
    })?;
    let value = json.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(WebDriverError {
            command: command.to_string(),
            status,
            error: error.to_string(),
            message: value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }
        .into());
    }
    if status >= 400 {
        return Err(anyhow!("{command}: HTTP {status}: {}", truncate(body, 500)));
    }
    Ok(value)
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Talks HTTP to a WebDriver server at `base` (e.g. `http://127.0.0.1:4444`).
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Delete,
}

impl Client {
    pub fn new(base: impl Into<String>, timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build();
        Client {
            agent: config.into(),
            base: base.into(),
        }
    }

    fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value> {
        let url = format!("{}{}", self.base, path);
        let name = match method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        };
        let command = format!("{name} {path}");
        let response = match method {
            Method::Get => self.agent.get(&url).call(),
            Method::Delete => self.agent.delete(&url).call(),
            Method::Post => self
                .agent
                .post(&url)
                .send_json(body.cloned().unwrap_or_else(|| json!({}))),
        }
        .with_context(|| {
            format!(
                "{command}: no answer from WebDriver server at {}",
                self.base
            )
        })?;
        let status = response.status().as_u16();
        let text = response
            .into_body()
            .into_with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .with_context(|| format!("{command}: could not read response"))?;
        parse_response(&command, status, &text)
    }

    pub fn get(&self, path: &str) -> Result<Value> {
        self.send(Method::Get, path, None)
    }

    pub fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.send(Method::Post, path, Some(&body))
    }

    pub fn delete(&self, path: &str) -> Result<Value> {
        self.send(Method::Delete, path, None)
    }

    /// `GET /status`: whether the server is ready for a new session.
    pub fn ready(&self) -> bool {
        self.get("/status")
            .map(|v| v.get("ready").and_then(Value::as_bool).unwrap_or(true))
            .unwrap_or(false)
    }

    /// `POST /session` with `capabilities` as `alwaysMatch`.
    pub fn new_session(&self, always_match: Value) -> Result<Session> {
        let value = self.post(
            "/session",
            json!({ "capabilities": { "alwaysMatch": always_match, "firstMatch": [{}] } }),
        )?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .context("new session answer has no sessionId")?
            .to_string();
        Ok(Session {
            client: self.clone(),
            id,
            capabilities: value.get("capabilities").cloned().unwrap_or(Value::Null),
        })
    }
}

/// One WebDriver session (one running app).
pub struct Session {
    client: Client,
    id: String,
    /// What the server answered when the session was made.
    pub capabilities: Value,
}

impl Session {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The same session through a client with another HTTP timeout (e.g. short,
    /// for diagnostics after something already went wrong).
    pub fn with_timeout(&self, timeout: Duration) -> Session {
        Session {
            client: Client::new(self.client.base.clone(), timeout),
            id: self.id.clone(),
            capabilities: self.capabilities.clone(),
        }
    }

    fn path(&self, rest: &str) -> String {
        format!("/session/{}{}", self.id, rest)
    }

    pub fn get(&self, rest: &str) -> Result<Value> {
        self.client.get(&self.path(rest))
    }

    pub fn post(&self, rest: &str, body: Value) -> Result<Value> {
        self.client.post(&self.path(rest), body)
    }

    /// Ends the session; WebKitWebDriver then closes the app.
    pub fn delete(&self) -> Result<()> {
        self.client.delete(&self.path("")).map(|_| ())
    }

    pub fn set_timeouts(&self, script: Duration, page_load: Duration) -> Result<()> {
        self.post(
            "/timeouts",
            json!({
                "script": script.as_millis() as u64,
                "pageLoad": page_load.as_millis() as u64,
                "implicit": 0,
            }),
        )
        .map(|_| ())
    }

    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let v = self.post("/element", json!({"using": "css selector", "value": css}))?;
        Element::from_value(self, &v)
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let v = self.post("/elements", json!({"using": "css selector", "value": css}))?;
        elements_from(self, &v)
    }

    /// Runs `script` as the body of a function; `arguments` are `args`.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }

    /// Runs `script` as an async function body; the last entry of `arguments`
    /// is the callback that finishes it with a value.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/async", json!({"script": script, "args": args}))
    }

    /// A PNG of the web view.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        decode_png(&self.get("/screenshot")?)
    }

    pub fn title(&self) -> Result<String> {
        Ok(self.get("/title")?.as_str().unwrap_or_default().to_string())
    }

    pub fn url(&self) -> Result<String> {
        Ok(self.get("/url")?.as_str().unwrap_or_default().to_string())
    }

    pub fn source(&self) -> Result<String> {
        Ok(self
            .get("/source")?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.post("/window/rect", json!({"width": width, "height": height}))
            .map(|_| ())
    }

    /// Text of the current JavaScript alert/confirm/prompt, if one is open.
    pub fn alert_text(&self) -> Result<Option<String>> {
        match self.get("/alert/text") {
            Ok(v) => Ok(v.as_str().map(str::to_string)),
            Err(e)
                if e.downcast_ref::<WebDriverError>()
                    .is_some_and(|w| w.error == "no such alert") =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn accept_alert(&self) -> Result<()> {
        self.post("/alert/accept", json!({})).map(|_| ())
    }

    pub fn dismiss_alert(&self) -> Result<()> {
        self.post("/alert/dismiss", json!({})).map(|_| ())
    }
}

fn decode_png(value: &Value) -> Result<Vec<u8>> {
    let b64 = value
        .as_str()
        .context("screenshot answer is not a string")?;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .context("screenshot is not valid base64")
}

fn elements_from<'s>(session: &'s Session, v: &Value) -> Result<Vec<Element<'s>>> {
    v.as_array()
        .context("expected a list of elements")?
        .iter()
        .map(|e| Element::from_value(session, e))
        .collect()
}

/// An element of the page, valid while the page keeps that DOM node.
#[derive(Clone)]
pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Element({})", self.id)
    }
}

impl<'s> Element<'s> {
    fn from_value(session: &'s Session, v: &Value) -> Result<Element<'s>> {
        let id = v
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .with_context(|| format!("not an element reference: {v}"))?;
        Ok(Element {
            session,
            id: id.to_string(),
        })
    }

    /// The element as a script argument for [`Session::execute`].
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn path(&self, rest: &str) -> String {
        format!("/element/{}{}", self.id, rest)
    }

    pub fn click(&self) -> Result<()> {
        self.session
            .post(&self.path("/click"), json!({}))
            .map(|_| ())
    }

    pub fn clear(&self) -> Result<()> {
        self.session
            .post(&self.path("/clear"), json!({}))
            .map(|_| ())
    }

    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.session
            .post(&self.path("/value"), json!({ "text": text }))
            .map(|_| ())
    }

    /// The rendered text (like `innerText`).
    pub fn text(&self) -> Result<String> {
        Ok(self
            .session
            .get(&self.path("/text"))?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn attr(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .session
            .get(&self.path(&format!("/attribute/{name}")))?
            .as_str()
            .map(str::to_string))
    }

    /// A DOM property, e.g. `value` or `checked`.
    pub fn property(&self, name: &str) -> Result<Value> {
        self.session.get(&self.path(&format!("/property/{name}")))
    }

    pub fn tag_name(&self) -> Result<String> {
        Ok(self
            .session
            .get(&self.path("/name"))?
            .as_str()
            .unwrap_or_default()
            .to_lowercase())
    }

    pub fn is_displayed(&self) -> Result<bool> {
        Ok(self
            .session
            .get(&self.path("/displayed"))?
            .as_bool()
            .unwrap_or(false))
    }

    pub fn is_enabled(&self) -> Result<bool> {
        Ok(self
            .session
            .get(&self.path("/enabled"))?
            .as_bool()
            .unwrap_or(false))
    }

    pub fn is_selected(&self) -> Result<bool> {
        Ok(self
            .session
            .get(&self.path("/selected"))?
            .as_bool()
            .unwrap_or(false))
    }

    pub fn find(&self, css: &str) -> Result<Element<'s>> {
        let v = self.session.post(
            &self.path("/element"),
            json!({"using": "css selector", "value": css}),
        )?;
        Element::from_value(self.session, &v)
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'s>>> {
        let v = self.session.post(
            &self.path("/elements"),
            json!({"using": "css selector", "value": css}),
        )?;
        elements_from(self.session, &v)
    }

    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        decode_png(&self.session.get(&self.path("/screenshot"))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_success_value() {
        let v = parse_response("GET /title", 200, r#"{"value":"Nyttoregistret"}"#).unwrap();
        assert_eq!(v, json!("Nyttoregistret"));
    }

    #[test]
    fn parses_w3c_errors() {
        let body = r#"{"value":{"error":"no such element","message":"nope","stacktrace":""}}"#;
        let err = parse_response("POST /element", 404, body).unwrap_err();
        assert!(is_transient(&err));
        let wd = err.downcast_ref::<WebDriverError>().unwrap();
        assert_eq!(wd.error, "no such element");
        assert_eq!(wd.status, 404);
        assert!(err.to_string().contains("nope"));

        let body = r#"{"value":{"error":"session not created","message":"x"}}"#;
        assert!(!is_transient(
            &parse_response("POST /session", 500, body).unwrap_err()
        ));
    }

    #[test]
    fn non_json_bodies_are_errors() {
        let err = parse_response("GET /status", 502, "Bad gateway").unwrap_err();
        assert!(err.to_string().contains("Bad gateway"));
    }

    #[test]
    fn truncates_long_text() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }
}
