// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

@testable import GremlinKit

/// Runs the committed reference tools under Tests/reference (Python, sha256sum) for expected values.
enum Reference {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func script(_ name: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("Tests/reference/\(name)").path
    }

    /// Runs `executable ARGS` (looked up on PATH) and collects its output.
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs dsse_reference.py (pyca/cryptography) and decodes its JSON answer.
    static func dsse(_ arguments: [String]) throws -> (status: Int32, json: [String: Any]) {
        let output = try run("python3", [script("dsse_reference.py")] + arguments)
        guard let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt, userInfo: [NSLocalizedDescriptionKey: output.stderr])
        }
        return (output.status, object)
    }

    /// sha256 of a file by coreutils' sha256sum, independent of swift-crypto.
    static func sha256sum(_ path: String) throws -> String {
        let output = try run("sha256sum", [path])
        return String(output.stdout.prefix(64))
    }
}

/// A git repository with a policy (ip + commits only), a release manifest and a local artifact,
/// ready to audit and release.
final class ReleaseFixture: @unchecked Sendable {
    let git: GitFixture
    /// Outside the work tree, so later commits don't pick it up.
    let out: URL
    let manifestPath: String
    let policyPath: String
    let artifactPath: String
    /// The SOURCE_DATE_EPOCH every step uses.
    static let epoch = "1717200000"

    var auditPath: String { out.appendingPathComponent("audit.json").path }
    var tagName: String { "models/demo_model/v1.0.0" }

    init() throws {
        git = try GitFixture()
        out = git.root.appendingPathComponent("out")
        try git.write("src/model.py", String(contentsOfFile: Fixtures.path("release/model.py"), encoding: .utf8))
        try git.write(
            "policies/release-test.yaml", String(contentsOfFile: Fixtures.path("release/policy.yaml"), encoding: .utf8))
        try git.write("models/demo/artifacts/model.bin", bytes: Array("demo weights v1\n".utf8) + [0, 1, 2, 0xff])
        artifactPath = git.url("models/demo/artifacts/model.bin").path
        let digest = try Reference.sha256sum(artifactPath)
        let manifest = try String(contentsOfFile: Fixtures.path("release/release.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "ARTIFACT_SHA256", with: digest)
        try git.write("models/demo/release.yaml", manifest)
        manifestPath = git.url("models/demo/release.yaml").path
        policyPath = git.url("policies/release-test.yaml").path
        try git.commit("feat(model): add the demo model")
    }

    /// Audits HEAD in-process (the same runner `gremlin audit` uses) and writes audit.json.
    @discardableResult
    func audit() throws -> AuditReport {
        var options = AuditOptions()
        options.repository = git.path
        options.manifest = manifestPath
        options.policy = policyPath
        options.only = ["ip", "commits"]
        options.outDirectory = out.path
        options.environment = ["SOURCE_DATE_EPOCH": Self.epoch]
        let runner = AuditRunner(options: options)
        let report = runner.run()
        try runner.writeReports(report)
        return report
    }

    /// Release options for this fixture, deterministic and without any webhook from the host.
    func releaseOptions(out directory: URL? = nil) -> ReleaseOptions {
        var options = ReleaseOptions(manifest: manifestPath, audit: auditPath)
        options.repository = git.path
        options.outDirectory = (directory ?? out).path
        options.environment = ["SOURCE_DATE_EPOCH": Self.epoch]
        options.notifyBackoff = 0.01
        return options
    }
}

/// Collects progress lines so tests can assert what was reported.
final class RecordingProgress: ProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    var lines: [String] { lock.withLock { storage } }

    func step(_ text: String) { lock.withLock { storage.append("[LOG] " + text) } }
    func done(_ text: String) { lock.withLock { storage.append("[DONE] " + text) } }
}

/// The scripted webhook receiver (Tests/reference/webhook_server.py) on 127.0.0.1.
final class WebhookServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let log: URL
    private let directory: URL
    /// The server's stdin: closing it makes the server exit (see webhook_server.py).
    private let input = Pipe()

    init(scenario: String) throws {
        directory = try Fixtures.temporaryDirectory("webhook")
        log = directory.appendingPathComponent("requests.jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Reference.script("webhook_server.py"), scenario, log.path]
        let (announced, text) = try startAnnouncingPort(process, input: input)
        guard let port = announced else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "webhook server did not start: \(text)"])
        }
        self.port = port
    }

    deinit {
        // Closing stdin ends the server; no signal is needed (a child can inherit a blocked mask).
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A webhook URL with a secret-looking path, to prove it never leaks.
    var url: String { "http://127.0.0.1:\(port)/services/T000/B000/\(Self.secretToken)" }
    static let secretToken = "sEcReT-t0ken-XYZ"

    /// Every request received so far, in order.
    func requests() throws -> [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
        }
    }

    /// The JSON bodies of the requests received so far.
    func bodies() throws -> [[String: Any]] {
        try requests().map { request in
            let body = request["body"] as? String ?? ""
            return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }
    }
}
