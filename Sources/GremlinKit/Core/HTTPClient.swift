// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with a per-attempt timeout and bounded retries (5xx, 429, timeouts and
/// connection errors; never other 4xx), all within a total time budget, honouring `Retry-After`.
///
/// Shared by the webhook and the model registry. Nothing it logs or returns names the URL's
/// path, query or credentials: only `displayHost`, the status and a classified network error
/// (Foundation's error descriptions carry the failing URL and are never used).
public struct HTTPClient: Sendable {
    /// Per-attempt timeout in seconds (an attempt also ends when the budget does).
    public var timeout: TimeInterval
    /// Total time in seconds for every attempt and the waits between them.
    public var budget: TimeInterval
    /// Retries after the first attempt.
    public var retries: Int
    /// Delay before the first retry, doubled before each later one.
    public var backoff: TimeInterval
    /// What the host is, for log lines (`webhook`, `MLflow server`).
    public var label: String
    /// The host as shown (never the path, which may carry a token).
    public var displayHost: String
    /// The flag or key that sets the budget, for the "gave up" detail.
    public var budgetName: String

    public init(
        label: String, displayHost: String, timeout: TimeInterval = 10, retries: Int = 3, backoff: TimeInterval = 1,
        budget: TimeInterval = 20, budgetName: String = "time limit"
    ) {
        self.label = label
        self.displayHost = displayHost
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.budget = budget
        self.budgetName = budgetName
    }

    /// A request: method, URL, headers (credentials go here, never into a log) and body.
    public struct Request: Sendable {
        public var method: String
        public var url: URL
        public var headers: [String: String]
        public var body: Data?

        public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// One attempt's result.
    public enum Answer: Sendable {
        /// An HTTP answer, its `Retry-After` header when it has one, and its body.
        case status(Int, retryAfter: String? = nil, body: Data = Data())
        case failure(URLError.Code?)
    }

    /// How the exchange ended.
    public struct Outcome: Sendable {
        /// A 2xx answer arrived.
        public var succeeded: Bool
        /// The last HTTP status, when any attempt got one.
        public var status: Int?
        /// The last answer's body (empty without one).
        public var body: Data
        public var attempts: Int
        /// The last attempt's result, e.g. `HTTP 200`, `HTTP 503`, `timed out after 10 s`.
        public var detail: String
    }

    /// Sends `request`, retrying transient failures until `retries` or `budget` runs out. `log`
    /// receives one line per failed attempt that is retried. Blocks the calling thread.
    public func send(_ request: Request, log: (String) -> Void = { _ in }) -> Outcome {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.nanoseconds(budget)
        func remaining() -> TimeInterval {
            let now = DispatchTime.now().uptimeNanoseconds
            return now >= deadline ? 0 : Double(deadline - now) / 1e9
        }
        let configuration = URLSessionConfiguration.ephemeral
        // The session's own timers are a backstop: `attempt` cancels each attempt at its deadline
        // (Foundation on Linux rounds its timeouts to whole seconds).
        configuration.timeoutIntervalForRequest = timeout + 1
        configuration.timeoutIntervalForResource = max(timeout, budget) + 1
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout + 1)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.setValue("gremlin/\(GremlinVersion.current)", forHTTPHeaderField: "User-Agent")
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }

        var delay = backoff
        var attempt = 0
        while true {
            attempt += 1
            // The first attempt gets the whole of its share (setting up the session must not shave
            // it); later ones what the budget leaves.
            let attemptTimeout = max(0.001, min(timeout, attempt == 1 ? budget : remaining()))
            urlRequest.timeoutInterval = attemptTimeout.rounded(.up) + 1
            let answer = Self.attempt(urlRequest, with: session, timeout: attemptTimeout)
            let (succeeded, retryable, detail) = classify(answer, timeout: attemptTimeout)
            var status: Int?
            var body = Data()
            if case .status(let code, _, let data) = answer {
                status = code
                body = data
            }
            func outcome(_ detail: String) -> Outcome {
                Outcome(succeeded: succeeded, status: status, body: body, attempts: attempt, detail: detail)
            }
            if succeeded { return outcome(detail) }
            guard retryable, attempt <= retries else { return outcome(detail) }
            // A 429 (or 503) with Retry-After: wait what the server asks, at most `maxRetryAfter`.
            let asked = Self.retryAfter(in: answer, now: Date())
            let wait = asked.map { min($0, Self.maxRetryAfter) } ?? delay
            // Retry only when the wait leaves time for another attempt within the budget; asking
            // again before the server's Retry-After would only earn another 429.
            guard remaining() > wait else {
                let why = asked == nil ? "gave up after" : "Retry-After \(Self.seconds(wait)) does not fit in"
                return outcome("\(detail); \(why) \(Self.seconds(budget)) (\(budgetName))")
            }
            let reason = asked == nil ? "" : " (Retry-After)"
            log(
                "\(label) at \(displayHost): attempt \(attempt) failed (\(detail)); retrying in \(Self.seconds(wait))\(reason)"
            )
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            delay *= 2
        }
    }

    /// `send` without blocking a Swift concurrency thread.
    public func send(_ request: Request, log: @escaping @Sendable (String) -> Void = { _ in }) async -> Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.send(request, log: { log($0) }))
            }
        }
    }

    static func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        seconds.isFinite && seconds > 0 ? UInt64(min(seconds, 86_400) * 1e9) : 0
    }

    /// The longest wait a `Retry-After` gets, whatever the server asks.
    static let maxRetryAfter: TimeInterval = 30

    /// The wait a 429 or 503 answer asks for, in seconds, from its `Retry-After` header.
    static func retryAfter(in answer: Answer, now: Date) -> TimeInterval? {
        guard case .status(let code, let header?, _) = answer, code == 429 || code == 503 else { return nil }
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
    private static func attempt(_ request: URLRequest, with session: URLSession, timeout: TimeInterval) -> Answer {
        let result = Locked<Answer?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            let answer: Answer
            if let http = response as? HTTPURLResponse, error == nil {
                let retryAfter = http.value(forHTTPHeaderField: "Retry-After")
                answer = .status(http.statusCode, retryAfter: retryAfter, body: data ?? Data())
            } else {
                let code = (error as? URLError)?.code
                answer = .failure(code == .cancelled ? .timedOut : code)
            }
            result.withLock { $0 = answer }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            task.cancel()
            _ = done.wait(timeout: .now() + 5)
            // An answer (or a refused connection) that arrived as the attempt was cut off still counts.
            if case .status? = result.withLock({ $0 }) { return result.withLock { $0 } ?? .failure(.timedOut) }
            if case .failure(let code?)? = result.withLock({ $0 }), code != .timedOut { return .failure(code) }
            return .failure(.timedOut)
        }
        return result.withLock { $0 } ?? .failure(nil)
    }

    /// Whether an answer succeeded or is worth retrying, and a text safe to log.
    func classify(_ answer: Answer, timeout: TimeInterval? = nil) -> (succeeded: Bool, retryable: Bool, detail: String)
    {
        let timeout = timeout ?? self.timeout
        switch answer {
        case .status(let code, _, _):
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
