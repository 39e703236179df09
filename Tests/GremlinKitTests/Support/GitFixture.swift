// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A failed `git` invocation in a test fixture, with its arguments and stderr.
struct GitFixtureError: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stderr: String
    var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
}

/// A throwaway git repository in its own temporary directory, driven by the `git` CLI with a
/// fixed identity and a fixed clock, so every run produces the same object ids.
///
/// Each commit made through `commit` advances the clock by one minute from 2024-01-01T00:00Z, so
/// commit order is also committer-time order. Nothing is read from the user's git config. The
/// directory is removed when the fixture is released.
final class GitFixture: @unchecked Sendable {
    /// The temporary directory holding the repository (and any clones or worktrees made beside it).
    let root: URL
    /// The repository's work tree (or the bare repository's directory).
    let path: String
    /// The clock for the next commit, in epoch seconds.
    private(set) var clock: Int = 1_704_067_200

    static let authorName = "Ada Lovelace"
    static let authorEmail = "ada@example.com"

    /// Makes `root/name` and runs `git init` there (`bare` for a bare repository) with branch `main`.
    init(name: String = "repo", bare: Bool = false) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("gremlin-git-\(UUID().uuidString)", isDirectory: true)
        path = root.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: root.appendingPathComponent("home/.gitconfig").path, contents: Data())
        var arguments = ["-c", "init.defaultBranch=main", "init", "-q"]
        if bare { arguments.append("--bare") }
        try git(arguments)
        try git(["config", "user.name", Self.authorName])
        try git(["config", "user.email", Self.authorEmail])
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The environment every `git` call gets: isolated config, fixed identity and dates.
    func environment(date: Int? = nil) -> [String: String] {
        let stamp = "@\(date ?? clock) +0000"
        return [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root.appendingPathComponent("home").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": root.appendingPathComponent("home/.gitconfig").path,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "TZ": "UTC",
            "GIT_AUTHOR_NAME": Self.authorName, "GIT_AUTHOR_EMAIL": Self.authorEmail, "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": Self.authorName, "GIT_COMMITTER_EMAIL": Self.authorEmail, "GIT_COMMITTER_DATE": stamp,
        ]
    }

    /// A path inside the work tree.
    func url(_ relative: String) -> URL { URL(fileURLWithPath: path).appendingPathComponent(relative) }

    /// A sibling path under `root` (for clones and worktrees).
    func sibling(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Runs `git ARGS` in `directory` (default: the repository) and returns stdout, trimmed of
    /// one final newline. `environment` entries override the fixture's.
    @discardableResult
    func git(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        input: [UInt8]? = nil
    ) throws -> String {
        String(decoding: try gitBytes(arguments, in: directory, environment: extra, input: input), as: UTF8.self)
            .replacingOccurrences(of: "\\n$", with: "", options: .regularExpression)
    }

    /// Like `git(_:)` but returns stdout's raw bytes.
    func gitBytes(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
        input: [UInt8]? = nil
    ) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? path)
        process.environment = environment().merging(extra) { $1 }
        // Files rather than pipes: no deadlock whatever the output size.
        let scratch = root.appendingPathComponent("io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = scratch.appendingPathComponent("in")
            _ = FileManager.default.createFile(atPath: inURL.path, contents: Data(input))
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        guard process.terminationStatus == 0 else {
            throw GitFixtureError(
                arguments: arguments, status: process.terminationStatus,
                stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        }
        return [UInt8](try Data(contentsOf: outURL))
    }

    /// Writes `text` to a work-tree file, creating parent directories.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to a work-tree file, creating parent directories.
    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = url(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes a file whose name is arbitrary bytes (e.g. not UTF-8) in the work tree's root.
    func write(rawName: [UInt8], bytes: [UInt8]) throws {
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + rawName + [0]
        let fd = full.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: full.count) {
                open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    /// Stages everything (`git add -A`) and commits with the fixture clock, which then advances
    /// one minute. Returns the new commit's id.
    @discardableResult
    func commit(
        _ message: String, addAll: Bool = true, environment extra: [String: String] = [:],
        arguments: [String] = []
    ) throws -> String {
        if addAll { try git(["add", "-A"]) }
        try git(["commit", "-q", "--allow-empty", "-m", message] + arguments, environment: extra)
        clock += 60
        return try git(["rev-parse", "HEAD"])
    }

    /// Writes files and commits them in one step.
    @discardableResult
    func commit(_ message: String, files: [String: String]) throws -> String {
        for (name, text) in files.sorted(by: { $0.key < $1.key }) { try write(name, text) }
        return try commit(message)
    }

    /// Advances the clock without committing (for commits made by raw `git` calls).
    func tick(_ seconds: Int = 60) { clock += seconds }
}
