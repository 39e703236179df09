// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

/// POSTs JSON to a webhook with a timeout and bounded retries, all within a total time budget;
/// never reveals the URL, which is a secret.
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

    /// Posts `body`, retrying transient failures until `retries` or `budget` runs out. `log`
    /// receives one line per failed attempt that is retried.
    public func post(_ body: Data, log: @Sendable (String) -> Void = { _ in }) async -> Outcome {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.nanoseconds(budget)
        func remaining() -> TimeInterval {
            let now = DispatchTime.now().uptimeNanoseconds
            return now >= deadline ? 0 : Double(deadline - now) / 1e9
        }
        let configuration = URLSessionConfiguration.ephemeral
        // The session's own timers are a backstop: `send` cancels each attempt at its deadline
        // (Foundation on Linux rounds its timeouts to whole seconds).
        configuration.timeoutIntervalForRequest = timeout + 1
        configuration.timeoutIntervalForResource = max(timeout, budget) + 1
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout + 1)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("gremlin/\(GremlinVersion.current)", forHTTPHeaderField: "User-Agent")

        var delay = backoff
        var attempt = 0
        while true {
            attempt += 1
            let attemptTimeout = max(0.001, min(timeout, remaining()))
            request.timeoutInterval = attemptTimeout.rounded(.up) + 1
            let result = await Self.send(request, with: session, timeout: attemptTimeout)
            let (delivered, retryable, detail) = classify(result, timeout: attemptTimeout)
            if delivered { return Outcome(delivered: true, attempts: attempt, detail: detail) }
            guard retryable, attempt <= retries else {
                return Outcome(delivered: false, attempts: attempt, detail: detail)
            }
            // A 429 (or 503) with Retry-After: wait what the server asks, at most `maxRetryAfter`.
            let asked = Self.retryAfter(in: result, now: Date())
            let wait = asked.map { min($0, Self.maxRetryAfter) } ?? delay
            // Retry only when the wait leaves time for another attempt within the budget; asking
            // again before the server's Retry-After would only earn another 429.
            guard remaining() > wait else {
                let why = asked == nil ? "gave up after" : "Retry-After \(Self.seconds(wait)) does not fit in"
                return Outcome(
                    delivered: false, attempts: attempt,
                    detail: "\(detail); \(why) \(Self.seconds(budget)) (--notify-timeout)")
            }
            let reason = asked == nil ? "" : " (Retry-After)"
            log(
                "webhook at \(displayHost): attempt \(attempt) failed (\(detail)); retrying in \(Self.seconds(wait))\(reason)"
            )
            if wait > 0 { try? await Task.sleep(nanoseconds: Self.nanoseconds(wait)) }
            delay *= 2
        }
    }

    static func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        seconds.isFinite && seconds > 0 ? UInt64(min(seconds, 86_400) * 1e9) : 0
    }

    enum Response: Sendable {
        /// An HTTP answer and its `Retry-After` header, when it has one.
        case status(Int, retryAfter: String? = nil)
        case failure(URLError.Code?)
    }

    /// The longest wait a `Retry-After` gets, whatever the server asks.
    static let maxRetryAfter: TimeInterval = 30

    /// The wait a 429 or 503 answer asks for, in seconds, from its `Retry-After` header.
    static func retryAfter(in response: Response, now: Date) -> TimeInterval? {
        guard case .status(let code, let header?) = response, code == 429 || code == 503 else { return nil }
        return retryAfter(header, now: now)
    }

    /// `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date; a date in the past is 0.
    /// Nil for anything else (the caller then uses its own backoff).
    static func retryAfter(_ header: String, now: Date) -> TimeInterval? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Double(text)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        // IMF-fixdate, then the obsolete RFC 850 and asctime forms recipients must accept.
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// One attempt, cancelled (and reported as a timeout) after `timeout` seconds, so a server
    /// that accepts and never answers cannot hold it longer.
    private static func send(_ request: URLRequest, with session: URLSession, timeout: TimeInterval) async -> Response {
        await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { _, response, error in
                if let http = response as? HTTPURLResponse {
                    let retryAfter = http.value(forHTTPHeaderField: "Retry-After")
                    continuation.resume(returning: .status(http.statusCode, retryAfter: retryAfter))
                } else {
                    let code = (error as? URLError)?.code
                    continuation.resume(returning: .failure(code == .cancelled ? .timedOut : code))
                }
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [task] in task.cancel() }
        }
    }

    /// Whether a response is delivered or worth retrying, and a text safe to log. Error
    /// descriptions are not used: Foundation puts the failing URL in them.
    func classify(
        _ response: Response, timeout: TimeInterval? = nil
    ) -> (
        delivered: Bool, retryable: Bool, detail: String
    ) {
        let timeout = timeout ?? self.timeout
        switch response {
        case .status(let code, _):
            switch code {
            case 200..<300: return (true, false, "HTTP \(code)")
            case 429, 500..<600: return (false, true, "HTTP \(code)")
            default: return (false, false, "HTTP \(code)")
            }
        case .failure(let code):
            switch code {
            case .timedOut?: return (false, true, "timed out after \(Self.seconds(timeout))")
            case .cannotConnectToHost?: return (false, true, "connection refused")
            case .networkConnectionLost?: return (false, true, "connection lost")
            case .cannotFindHost?, .dnsLookupFailed?: return (false, true, "host \(displayHost) not found")
            case .notConnectedToInternet?: return (false, true, "no network")
            case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
                .serverCertificateNotYetValid?, .serverCertificateHasUnknownRoot?:
                return (false, false, "TLS handshake failed")
            case let other?: return (false, true, "network error \(other.rawValue)")
            case nil: return (false, true, "no response")
            }
        }
    }

    static func seconds(_ value: TimeInterval) -> String {
        // An attempt cut short by the budget lasts e.g. 1.9996 s: show it as 2 s.
        abs(value - value.rounded()) < 0.005 ? "\(Int(value.rounded())) s" : String(format: "%.2f s", value)
    }
}
