// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Collects the notifier's log lines.
final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ line: String) { lock.withLock { storage.append(line) } }
}

@Suite("Webhook notification against a local server")
struct WebhookTests {
    static func record() -> ReleaseRecord {
        ReleaseRecord(
            tool: "gremlin test", model: "demo_model", version: "1.0.0", commit: String(repeating: "c", count: 40),
            tag: "models/demo_model/v1.0.0",
            artifacts: [.init(name: "weights", uri: nil, sha256: String(repeating: "d", count: 64))],
            audit: .init(
                path: "out/audit.json", sha256: String(repeating: "e", count: 64), verdict: .ready, policy: "production"
            ),
            modelCard: "docs/model_cards/demo_model.md", attestation: nil, notification: .pending, releasedAt: nil)
    }

    @Test("the message is Slack-compatible: text plus header and fields for model, version, commit, verdict, tag, card")
    func message() throws {
        let data = try WebhookMessage.release(Self.record()).encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            json["text"] as? String
                == "demo_model 1.0.0 released as production-candidate: tag models/demo_model/v1.0.0 at cccccccccccc, audit verdict READY"
        )
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section"])
        let fields = try #require(blocks[1]["fields"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(
            fields == [
                "*Model*\ndemo_model", "*Version*\n1.0.0", "*Commit*\ncccccccccccc", "*Verdict*\nREADY",
                "*Tag*\nmodels/demo_model/v1.0.0", "*Model card*\ndocs/model_cards/demo_model.md",
            ])
    }

    @Test(
        "status codes and failures: requests made, delivery, and no URL in any log line",
        arguments: [
            ("ok", true, 1, "HTTP 200"),
            ("fail-then-ok", true, 2, "HTTP 200"),
            ("always-500", false, 4, "HTTP 500"),
            ("bad-request", false, 1, "HTTP 400"),
            ("hang", false, 4, "timed out after 1 s"),
        ])
    func scenarios(scenario: String, delivered: Bool, requests: Int, detail: String) async throws {
        let server = try WebhookServer(scenario: scenario)
        let url = try WebhookNotifier.parse(server.url, option: "--notify")
        // A generous timeout where the server answers (a loaded CI machine is slow), a short one
        // where it never will.
        // A budget no scenario reaches, even on a machine so loaded that resuming takes a while:
        // these cases are about retries and classification (`budget()` is about the budget).
        let notifier = WebhookNotifier(
            url: url, timeout: scenario == "hang" ? 1 : 10, retries: 3, backoff: 0.01, budget: 600)
        let body = try WebhookMessage.release(Self.record()).encoded()
        let log = LineLog()
        let outcome = await notifier.post(body) { log.append($0) }
        #expect(outcome.delivered == delivered)
        #expect(outcome.attempts == requests)
        #expect(outcome.detail == detail)
        let received = try server.requests()
        #expect(received.count == requests)
        for request in received {
            #expect(request["path"] as? String == "/services/T000/B000/\(WebhookServer.secretToken)")
            #expect(request["content_type"] as? String == "application/json; charset=utf-8")
            #expect(request["body"] as? String == String(decoding: body, as: UTF8.self))
        }
        #expect(log.lines.count == requests - 1)  // one line per retried attempt
        for line in log.lines {
            #expect(!line.contains(WebhookServer.secretToken))
            #expect(!line.contains("/services/"))
        }
    }

    @Test("a webhook that accepts and never answers costs at most the budget, retries included")
    func budget() async throws {
        let server = try WebhookServer(scenario: "hang")
        let url = try WebhookNotifier.parse(server.url, option: "--notify")
        // Unbounded, these settings would take 4 × 10 s plus 1 + 2 + 4 s of backoff.
        let notifier = WebhookNotifier(url: url, timeout: 10, retries: 3, backoff: 1, budget: 2)
        let log = LineLog()
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await notifier.post(Data("{}".utf8)) { log.append($0) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // No upper bound here: a loaded test run can be slow to resume this task. The attempt
        // count and the detail show the budget cut the 10 s attempt short and stopped the
        // retries; ReleaseEndToEndTests times the real binary.
        #expect(elapsed >= 1.5)
        #expect(!outcome.delivered)
        #expect(outcome.attempts == 1)
        #expect(outcome.detail == "timed out after 2 s; gave up after 2 s (--notify-timeout)")
        #expect(try server.requests().count == 1)
        #expect(log.lines.isEmpty)
    }

    @Test("a closed port is a connection error, retried, then reported")
    func connectionRefused() async throws {
        let port: Int
        do {
            let server = try WebhookServer(scenario: "ok")
            port = server.port
        }
        let notifier = WebhookNotifier(
            url: try #require(URL(string: "http://127.0.0.1:\(port)/hook/\(WebhookServer.secretToken)")),
            timeout: 1, retries: 3, backoff: 0.01, budget: 600)
        let outcome = await notifier.post(Data("{}".utf8))
        #expect(!outcome.delivered)
        #expect(outcome.attempts == 4)
        #expect(outcome.detail == "connection refused")
    }

    @Test("webhook URLs are validated without echoing them")
    func parse() throws {
        let error = #expect(throws: InputError.self) {
            try WebhookNotifier.parse("ftp://hooks.example.com/\(WebhookServer.secretToken)", option: "--notify")
        }
        #expect(error?.description.contains(WebhookServer.secretToken) == false)
        #expect(
            try WebhookNotifier.parse("https://hooks.slack.com/services/x", option: "--notify").host
                == "hooks.slack.com")
    }

    /// A token in the URL never crosses the network in clear text; credentials only over https.
    @Test(arguments: [
        "http://hooks.example.com/services/\(WebhookServer.secretToken)",
        "http://user:\(WebhookServer.secretToken)@hooks.example.com/x",
        "http://user:\(WebhookServer.secretToken)@127.0.0.1:9/x",
    ])
    func plainHTTPOffLoopbackAndCredentialsOverHTTPAreRefused(url: String) {
        let error = #expect(throws: InputError.self) { try WebhookNotifier.parse(url, option: "--notify") }
        #expect(error?.description.contains(WebhookServer.secretToken) == false)
    }

    @Test func httpsCredentialsAndLoopbackHTTPAreAccepted() throws {
        #expect(try WebhookNotifier.parse("https://user:pw@hooks.example.com/x", option: "--notify").user == "user")
        #expect(try WebhookNotifier.parse("http://127.0.0.1:8080/hook", option: "--notify").port == 8080)
        #expect(try WebhookNotifier.parse("http://localhost/hook", option: "--notify").host == "localhost")
    }
}
