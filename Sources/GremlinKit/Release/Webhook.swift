// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The deploy message: Slack-compatible JSON (`text` for notifications, `blocks` for the layout).
public struct WebhookMessage: Codable, Sendable, Equatable {
    /// A Slack text object.
    public struct Text: Codable, Sendable, Equatable {
        public var type: String
        public var text: String
    }

    /// A Slack block: a header (`text`) or a section of two-column `fields`.
    public struct Block: Codable, Sendable, Equatable {
        public var type: String
        public var text: Text?
        public var fields: [Text]?
    }

    public var text: String
    public var blocks: [Block]

    /// The message announcing `record` (model, version, commit, verdict, tag, card path).
    public static func release(_ record: ReleaseRecord) -> WebhookMessage {
        let commit = String(record.commit.prefix(12))
        let verdict = record.audit.verdict.rawValue.uppercased()
        let text =
            "\(record.model) \(record.version) released as \(record.stage): "
            + (record.tag.map { "tag \($0) " } ?? "") + "at \(commit), audit verdict \(verdict)"
        func field(_ label: String, _ value: String) -> Text {
            Text(type: "mrkdwn", text: "*\(label)*\n\(escape(value))")
        }
        let fields = [
            field("Model", record.model),
            field("Version", record.version),
            field("Commit", commit),
            field("Verdict", verdict),
            field("Tag", record.tag ?? "none"),
            field("Model card", record.modelCard ?? "none"),
        ]
        return WebhookMessage(
            text: escape(text),
            blocks: [
                Block(
                    type: "header",
                    text: Text(type: "plain_text", text: "Gremlin release: \(record.model) \(record.version)"),
                    fields: nil),
                Block(type: "section", text: nil, fields: fields),
            ])
    }

    /// Slack mrkdwn treats `&`, `<` and `>` as control characters.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    public func encoded() throws -> Data {
        try CanonicalJSON.encode(self, pretty: false)
    }
}

/// POSTs JSON to a webhook through `HTTPClient` (a timeout and bounded retries, all within a
/// total time budget); never reveals the URL, which is a secret.
public struct WebhookNotifier: Sendable {
    public let url: URL
    /// Per-attempt timeout in seconds (an attempt also ends when the budget does).
    public var timeout: TimeInterval
    /// Total time in seconds for every attempt and the waits between them (`--notify-timeout`):
    /// a webhook that never answers costs the release at most this long.
    public var budget: TimeInterval
    /// Retries after the first attempt, on 5xx, 429, timeouts and connection errors (never on other 4xx).
    public var retries: Int
    /// Delay before the first retry, doubled before each later one.
    public var backoff: TimeInterval

    /// How the notification ended.
    public struct Outcome: Sendable, Equatable {
        public var delivered: Bool
        public var attempts: Int
        /// The last attempt's result, e.g. `HTTP 200`, `HTTP 503`, `timed out after 10 s`.
        public var detail: String
    }

    public init(
        url: URL, timeout: TimeInterval = 10, retries: Int = 3, backoff: TimeInterval = 1, budget: TimeInterval = 20
    ) {
        self.url = url
        self.timeout = timeout
        self.budget = budget
        self.retries = retries
        self.backoff = backoff
    }

    /// Validates a webhook URL (http or https with a host). The error never repeats the URL.
    public static func parse(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else {
            throw InputError(
                key: option, message: "the webhook is not an http(s) URL with a host (value not shown: it is a secret)",
                fix: "pass the full incoming-webhook URL, e.g. from a CI secret in GREMLIN_WEBHOOK_URL")
        }
        // Plain http crosses the network in clear text: the token in the path, and credentials
        // in the URL, would be readable on the way. Only a loopback receiver may use it.
        if scheme == "http", !["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) {
            throw InputError(
                key: option,
                message: "the webhook uses plain http to \(host): its token would cross the network unencrypted",
                fix: "use the https URL the chat or CI provider gives (http is accepted for a loopback receiver only)")
        }
        if scheme == "http", url.user != nil || url.password != nil {
            throw InputError(
                key: option, message: "the webhook URL carries credentials over plain http (value not shown)",
                fix: "use https for a webhook that needs credentials")
        }
        return url
    }

    /// The only part of the URL that may be shown: its host (the path carries the token).
    public var displayHost: String { url.host ?? "webhook" }

    /// The shared HTTP client with this notifier's timeout, retries and budget.
    var client: HTTPClient {
        HTTPClient(
            label: "webhook", displayHost: displayHost, timeout: timeout, retries: retries, backoff: backoff,
            budget: budget, budgetName: "--notify-timeout")
    }

    /// Posts `body`, retrying transient failures until `retries` or `budget` runs out. `log`
    /// receives one line per failed attempt that is retried.
    public func post(_ body: Data, log: @escaping @Sendable (String) -> Void = { _ in }) async -> Outcome {
        let request = HTTPClient.Request(
            method: "POST", url: url, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
        let outcome = await client.send(request, log: log)
        return Outcome(delivered: outcome.succeeded, attempts: outcome.attempts, detail: outcome.detail)
    }

    typealias Response = HTTPClient.Answer

    /// The wait a 429 or 503 answer asks for (`HTTPClient.retryAfter`).
    static func retryAfter(in response: Response, now: Date) -> TimeInterval? {
        HTTPClient.retryAfter(in: response, now: now)
    }

    /// `Retry-After` as delta-seconds or an HTTP-date (`HTTPClient.retryAfter`).
    static func retryAfter(_ header: String, now: Date) -> TimeInterval? {
        HTTPClient.retryAfter(header, now: now)
    }

    /// Whether a response is delivered or worth retrying, and a text safe to log.
    func classify(
        _ response: Response, timeout: TimeInterval? = nil
    ) -> (delivered: Bool, retryable: Bool, detail: String) {
        let (succeeded, retryable, detail) = client.classify(response, timeout: timeout)
        return (succeeded, retryable, detail)
    }

    static func seconds(_ value: TimeInterval) -> String {
        HTTPClient.seconds(value)
    }
}
