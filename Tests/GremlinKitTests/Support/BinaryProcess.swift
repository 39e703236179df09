// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Binary {
    /// A `gremlin` started in the background, to signal it or race it against another.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let directory: URL
        private let stdoutFile: URL
        private let stderrFile: URL
        private let clock = NSLock()
        private let startedAt = Date()
        private var endedAt: Date?

        /// Seconds from start to exit, measured when the process ended (not when a busy test
        /// runner got round to noticing), or nil while it runs.
        var duration: TimeInterval? { clock.withLock { endedAt.map { $0.timeIntervalSince(startedAt) } } }

        fileprivate init(_ arguments: [String], in workdir: URL?, environment: [String: String]) throws {
            directory = try Fixtures.temporaryDirectory("gremlin-run")
            stdoutFile = directory.appendingPathComponent("stdout")
            stderrFile = directory.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = arguments
            if let workdir { process.currentDirectoryURL = workdir }
            var env = ProcessInfo.processInfo.environment.filter { key, _ in
                !Binary.ciVariables.contains(key) && !key.hasPrefix("GITHUB_") && !key.hasPrefix("CI_")
            }
            env.merge(environment) { _, new in new }
            process.environment = env
            // Files, not pipes: nobody reads while the process runs, and a full pipe would stall it.
            process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
            process.standardError = try FileHandle(forWritingTo: stderrFile)
            process.standardInput = FileHandle.nullDevice
            process.terminationHandler = { [weak self] _ in self?.ended() }
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }

        private func ended() {
            clock.withLock { endedAt = Date() }
        }

        /// What the process has written on stderr so far.
        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        func send(_ signal: Int32) {
            kill(process.processIdentifier, signal)
        }

        /// Waits for the exit (killing the process after `limit` seconds, which fails the
        /// caller's status expectation with 137) and returns its status and output.
        func wait(limit: TimeInterval = 60) async -> Binary.Run {
            let deadline = Date().addingTimeInterval(limit)
            while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let out = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
            let status =
                process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            return Binary.Run(status: status, stdout: out, stderr: stderr)
        }
    }

    /// Starts gremlin with `arguments` in `directory` without waiting for it (see `run`).
    static func start(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Running {
        try Running(arguments, in: directory, environment: environment)
    }

    /// Polls `condition` every 20 ms for up to `limit` seconds; returns whether it came true.
    static func eventually(limit: TimeInterval = 30, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return condition()
    }
}
