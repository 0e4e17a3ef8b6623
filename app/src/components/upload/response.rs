//! Reading the answer to `POST /api/assets`: 201 created, 200 duplicate, otherwise the coded
//! error body of the REST API, whose `message` is what the panel shows.

use super::queue::Outcome;
use serde_json::Value;

/// `status` is 0 when no answer came (network down, server gone, upload aborted).
pub fn outcome(status: u16, body: &str) -> Outcome {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let field = |name: &str| {
        json.as_ref().and_then(|j| j.get(name)).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    };
    match status {
        0 => Outcome::Failed("the connection was lost before the server answered".to_string()),
        200..=299 => match field("status") {
            Some("duplicate") => Outcome::Duplicate,
            Some("created") => Outcome::Created,
            _ => Outcome::Failed(format!("unexpected answer from the server (HTTP {status})")),
        },
        _ => match field("message").or_else(|| field("error")) {
            Some(message) => Outcome::Failed(message.to_string()),
            None => Outcome::Failed(format!("the server answered HTTP {status}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_kind_of_answer() {
        let id = "0b6a5a3e-5d43-4a8a-9a5e-3e1f1f1f1f1f";
        assert_eq!(outcome(201, &format!(r#"{{"id":"{id}","status":"created"}}"#)), Outcome::Created);
        assert_eq!(outcome(200, &format!(r#"{{"id":"{id}","status":"duplicate"}}"#)), Outcome::Duplicate);
        let refused = r#"{"code":"unsupported-file-type","message":"Unsupported file type: a.xyz","error":"Bad Request","statusCode":400,"correlationId":"x"}"#;
        assert_eq!(outcome(400, refused), Outcome::Failed("Unsupported file type: a.xyz".into()));
        assert_eq!(outcome(413, "<html>Too large</html>"), Outcome::Failed("the server answered HTTP 413".into()));
        assert_eq!(outcome(502, r#"{"error":"Bad Gateway"}"#), Outcome::Failed("Bad Gateway".into()));
        assert!(matches!(outcome(0, ""), Outcome::Failed(reason) if reason.contains("connection")));
        assert!(matches!(outcome(200, "{}"), Outcome::Failed(_)));
    }
}
