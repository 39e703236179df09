// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

@testable import GremlinKit

#if canImport(Glibc)
    import Glibc
#endif

/// One real `mlflow server` per test process, started on first use (Tests/registry/serve.sh:
/// a temp sqlite store, a free loopback port) and stopped when the process exits: at exit its
/// watchdog's stdin is closed, and if the process dies that happens anyway.
///
/// The server comes from a venv with mlflow: `GREMLIN_MLFLOW_VENV`, else `.build/mlflow-venv`
/// (scripts/install-deps.sh creates it). Without one, the registry suites are skipped loudly.
final class MLflowServer: @unchecked Sendable {
    /// The venv with mlflow, when there is one.
    static let venv: URL? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates: [String?] = [
            environment["GREMLIN_MLFLOW_VENV"], Fixtures.packageRoot.appendingPathComponent(".build/mlflow-venv").path,
        ]
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path + "/bin/mlflow") {
            return URL(fileURLWithPath: path)
        }
        FileHandle.standardError.write(
            Data(
                ("\n*** SKIPPING the MLflow registry tests: no venv with mlflow at GREMLIN_MLFLOW_VENV or "
                    + ".build/mlflow-venv — run scripts/install-deps.sh ***\n\n").utf8))
        return nil
    }()

    static var available: Bool { venv != nil }

    /// The shared server (started once; an error is kept and rethrown to every test).
    static let shared: Result<MLflowServer, Error> = Result { try MLflowServer() }

    static func get() throws -> MLflowServer { try shared.get() }

    let url: String
    let port: Int
    let directory: URL
    let python: String
    private let process = Process()
    private let input = Pipe()

    private init() throws {
        guard let venv = Self.venv else { throw ServerError("no mlflow venv") }
        python = venv.appendingPathComponent("bin/python").path
        directory = try Fixtures.temporaryDirectory("mlflow-server")
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.script("serve.sh"), venv.path, directory.path]
        let (announced, text) = try startAnnouncingPort(process, input: input)
        guard let port = announced else {
            throw ServerError("mlflow server did not start: \(text)")
        }
        self.port = port
        url = "http://127.0.0.1:\(port)"
        Self.stopAtExit(self)
        // A loaded machine (2 cores, several builds) can take well over 30 s to import mlflow.
        let health = HTTPClient(label: "mlflow", displayHost: url, timeout: 2, retries: 0, budget: 3)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let outcome = health.send(.init(method: "GET", url: URL(string: url + "/health")!))
            if outcome.status == 200 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        stop()
        throw ServerError("mlflow server at \(url) did not answer /health within 120 s:\n\(log.suffix(2000))")
    }

    /// Closes the watchdog's stdin (it then stops the server's process group) and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    nonisolated(unsafe) private static var running: MLflowServer?

    private static func stopAtExit(_ server: MLflowServer) {
        running = server
        atexit {
            MLflowServer.running?.stop()
            if let directory = MLflowServer.running?.directory { try? FileManager.default.removeItem(at: directory) }
        }
    }

    static func script(_ name: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("Tests/registry/\(name)").path
    }

    /// Runs a script of Tests/registry with the venv's python; returns stdout, throws with stderr.
    func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script(script)] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MLFLOW_TRACKING_URI"] = url
        // No git detection from the test's own checkout: a run has the commit tags the spec gives.
        environment["GIT_PYTHON_REFRESH"] = "quiet"
        environment["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] = "false"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = Locked(Data())
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = data }
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: errors.withLock { $0 }, as: UTF8.self)
            throw ServerError("\(script) failed (\(process.terminationStatus)): \(stderr.suffix(3000))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Populates the registry from a spec (see Tests/registry/populate.py); returns each
    /// version's number and run id, in spec order.
    @discardableResult
    func populate(_ spec: [String: Any]) throws -> [(version: String, run: String)] {
        let file = directory.appendingPathComponent("spec-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try python("populate.py", [url, file.path])
        guard let line = output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let versions = json["versions"] as? [[String: String]]
        else { throw ServerError("populate.py printed no result: \(output.suffix(500))") }
        return versions.map { ($0["version"] ?? "", $0["run_id"] ?? "") }
    }

    /// What the registry holds for a model, read with the Python client (Tests/registry/readback.py).
    func readBack(_ model: String) throws -> [String: Any] {
        let output = try python("readback.py", [url, model])
        guard let line = output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw ServerError("readback.py printed no result") }
        return json
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Tests/registry/fake_server.py: an "MLflow server" that fails on purpose (read-only proxy,
/// sleeping, 401/403, malformed answers). Stops when released (its stdin is closed).
final class FakeRegistryServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let requestLog: URL
    private let input = Pipe()
    private let directory: URL

    var url: String { "http://127.0.0.1:\(port)" }

    init(_ mode: String, upstream: String? = nil) throws {
        directory = try Fixtures.temporaryDirectory("fake-mlflow")
        requestLog = directory.appendingPathComponent("requests.jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", MLflowServer.script("fake_server.py"), mode] + (upstream.map { [$0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["REQUEST_LOG"] = requestLog.path
        process.environment = environment
        let (announced, text) = try startAnnouncingPort(process, input: input)
        guard let port = announced else {
            throw MLflowServer.ServerError("fake registry server did not start: \(text)")
        }
        self.port = port
    }

    /// Every request received: method, path, authorization header.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: requestLog, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
