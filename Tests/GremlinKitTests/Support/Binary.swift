// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Runs the real `gremlin` executable, as a pipeline would.
enum Binary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable: `GREMLIN_BIN`, else next to the test bundle, else .build/debug.
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["GREMLIN_BIN"] { return override }
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("gremlin"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gremlin"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/gremlin"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
            ?? candidates[2].path
    }

    /// Runs gremlin with `arguments` in `directory`; the environment is cleaned of CI variables
    /// unless given, so tests behave the same inside a CI.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !ciVariables.contains(key) && !key.hasPrefix("GITHUB_") && !key.hasPrefix("CI_")
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static let ciVariables: Set<String> = [
        "CI", "GITLAB_CI", "JENKINS_URL", "CHANGE_TARGET", "TF_BUILD", "SYSTEM_PULLREQUEST_TARGETBRANCH",
        "BUILDKITE", "SOURCE_DATE_EPOCH", "GITHUB_STEP_SUMMARY",
    ]
}
