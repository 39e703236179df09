// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the user asked the audit to do (the `gremlin audit` flags, parsed).
public struct AuditOptions: Sendable {
    public var repository: String = "."
    public var revision: String = "HEAD"
    public var base: String?
    public var manifest: String?
    public var policy: String?
    public var outDirectory: String? = "out"
    public var only: [String] = []
    public var skip: [String] = []
    public var junitFlavor: JUnitFlavor = .gitlab
    /// Process environment (CI variables, `SOURCE_DATE_EPOCH`, `GITHUB_STEP_SUMMARY`).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init() {}
}

/// Which JUnit dialect to write.
public enum JUnitFlavor: String, Sendable, CaseIterable {
    /// Adds `file`/`line` attributes that GitLab and GitHub reporters read.
    case gitlab
    /// Valid against the Jenkins xunit `junit-10.xsd`.
    case strict
}

/// Receives the runner's progress lines (the CLI prints them to stderr).
public protocol ProgressSink: Sendable {
    func step(_ text: String)
    func done(_ text: String)
}

/// Discards progress.
public struct SilentProgress: ProgressSink {
    public init() {}
    public func step(_ text: String) {}
    public func done(_ text: String) {}
}

/// The audit's timestamp: `SOURCE_DATE_EPOCH` when set, so artifacts are reproducible.
public enum AuditClock {
    public static func timestamp(environment: [String: String]) throws -> String {
        if let raw = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(raw.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
                throw InputError(
                    key: "SOURCE_DATE_EPOCH", message: "'\(raw)' is not a number of seconds since 1970",
                    fix: "set it to e.g. $(git log -1 --format=%ct)")
            }
            return format(Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        return format(Date())
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension Repository {
    /// The commit `--rev` names, or an input error saying it does not resolve in `--repo`.
    func resolveRevision(_ revision: String, named repository: String) throws -> ObjectID {
        do {
            return try resolve(revision)
        } catch {
            throw InputError(
                key: "--rev", message: "'\(revision)' does not resolve to a commit in \(repository)",
                fix: "name a branch, tag or sha that exists (git log --oneline)")
        }
    }
}
