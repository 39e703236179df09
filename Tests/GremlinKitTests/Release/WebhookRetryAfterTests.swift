// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Webhook 429 and Retry-After")
struct WebhookRetryAfterTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    @Test("Retry-After: delta-seconds and the three HTTP-date forms; anything else is ignored")
    func parsing() {
        #expect(WebhookNotifier.retryAfter("120", now: Self.now) == 120)
        #expect(WebhookNotifier.retryAfter(" 0 ", now: Self.now) == 0)
        #expect(WebhookNotifier.retryAfter("Tue, 14 Nov 2023 22:13:25 GMT", now: Self.now) == 5)
        #expect(WebhookNotifier.retryAfter("Tuesday, 14-Nov-23 22:13:30 GMT", now: Self.now) == 10)
        #expect(WebhookNotifier.retryAfter("Tue Nov 14 22:13:21 2023", now: Self.now) == 1)
        // A date in the past means now.
        #expect(WebhookNotifier.retryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: Self.now) == 0)
        for junk in ["", "-5", "1.5", "soon", "12abc", "Tue, 14 Nov 2023 22:13:25 PST"] {
            #expect(WebhookNotifier.retryAfter(junk, now: Self.now) == nil, "\(junk)")
        }
        // Only a 429 or 503 is asked to wait.
        #expect(WebhookNotifier.retryAfter(in: .status(429, retryAfter: "3"), now: Self.now) == 3)
        #expect(WebhookNotifier.retryAfter(in: .status(503, retryAfter: "3"), now: Self.now) == 3)
        #expect(WebhookNotifier.retryAfter(in: .status(500, retryAfter: "3"), now: Self.now) == nil)
        #expect(WebhookNotifier.retryAfter(in: .status(429), now: Self.now) == nil)
    }

    @Test("429 is retried, never for a 4xx otherwise")
    func classification() throws {
        let notifier = WebhookNotifier(url: try #require(URL(string: "https://hooks.example.com/x")))
        #expect(notifier.classify(.status(429, retryAfter: "1")) == (false, true, "HTTP 429"))
        #expect(notifier.classify(.status(404)) == (false, false, "HTTP 404"))
    }

    func post(
        _ scenario: String, budget: TimeInterval = 600
    ) async throws -> (
        outcome: WebhookNotifier.Outcome, elapsed: Double, log: [String], requests: Int
    ) {
        let server = try WebhookServer(scenario: scenario)
        let url = try WebhookNotifier.parse(server.url, option: "--notify")
        // A backoff far shorter than any Retry-After, so a wait shows which one was used.
        let notifier = WebhookNotifier(url: url, timeout: 10, retries: 3, backoff: 0.01, budget: budget)
        let log = LineLog()
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await notifier.post(Data("{}".utf8)) { log.append($0) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        for line in log.lines { #expect(!line.contains(WebhookServer.secretToken)) }
        return (outcome, elapsed, log.lines, try server.requests().count)
    }

    @Test("a 429 with Retry-After in seconds waits that long, then delivers")
    func deltaSeconds() async throws {
        let run = try await post("429-then-ok")
        #expect(run.outcome == .init(delivered: true, attempts: 2, detail: "HTTP 200"))
        #expect(run.requests == 2)
        #expect(run.elapsed >= 0.95)
        #expect(run.log.count == 1)
        #expect(run.log.first?.hasSuffix("attempt 1 failed (HTTP 429); retrying in 1 s (Retry-After)") == true)
    }

    @Test("a 429 with Retry-After as an HTTP date waits until then, then delivers")
    func httpDate() async throws {
        let run = try await post("429-date-then-ok")
        #expect(run.outcome == .init(delivered: true, attempts: 2, detail: "HTTP 200"))
        // The date has whole seconds and was 2 s ahead when the server wrote it: at least 1 s.
        #expect(run.elapsed >= 0.9)
        #expect(run.log.first?.contains("(Retry-After)") == true)
    }

    @Test("a Retry-After longer than the budget gives up at once, capped at 30 s in the message")
    func beyondTheBudget() async throws {
        let run = try await post("429-long", budget: 5)
        #expect(
            run.outcome
                == .init(
                    delivered: false, attempts: 1,
                    detail: "HTTP 429; Retry-After 30 s does not fit in 5 s (--notify-timeout)"))
        #expect(run.requests == 1)
        // No wait was started (no upper bound on elapsed: a loaded test run is slow to resume).
        #expect(run.log.isEmpty)
    }

    @Test("429 after 429 stops at the retry count")
    func boundedRetries() async throws {
        let run = try await post("always-429")
        #expect(run.outcome == .init(delivered: false, attempts: 4, detail: "HTTP 429"))
        #expect(run.requests == 4)
        #expect(run.log.count == 3)
        #expect(run.log.allSatisfy { $0.hasSuffix("retrying in 0 s (Retry-After)") })
    }
}
