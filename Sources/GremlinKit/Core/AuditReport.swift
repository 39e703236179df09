// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The sha256 and size of one input file the audit read.
public struct InputDigest: Codable, Sendable, Hashable {
    /// Path as the user gave it (relative to the repository root or the manifest).
    public var path: String
    public var sha256: String
    public var bytes: Int
    /// The file against the audited commit, when it lies in the repository's work tree.
    public var state: InputState?

    public init(path: String, sha256: String, bytes: Int, state: InputState? = nil) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.state = state
    }
}

/// An input file against the audited commit's tree.
public enum InputState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Tracked, and the work-tree bytes are the blob at the audited commit.
    case committed
    /// Tracked, but the work-tree bytes differ from the blob at the audited commit.
    case modified
    /// Not in the audited commit's tree.
    case untracked
}

/// Facts about the model under audit, copied from the manifest for the reports.
public struct ModelInfo: Codable, Sendable, Hashable {
    public var name: String
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// Everything an audit produced; `audit.json` is this value encoded with sorted keys.
public struct AuditReport: Codable, Sendable {
    public static let schemaID = "gremlin.audit/v1"

    public var schema: String = AuditReport.schemaID
    public var tool: String
    public var verdict: Verdict
    /// Why the audit could not be evaluated, when `verdict == .error` before checks ran.
    public var reason: String?
    public var repository: String
    public var revision: String
    public var commit: String
    public var policy: String
    public var model: ModelInfo?
    /// ISO 8601 UTC, from `SOURCE_DATE_EPOCH` when set.
    public var generatedAt: String
    public var inputs: [String: InputDigest]
    public var checks: [CheckResult]
    /// `--base` as given, so `gremlin release` can recompute the same commit range.
    public var base: String?
    /// The policy file the audit loaded: relative to the repository root when inside it.
    public var policyFile: String?
    /// `PolicyDigest` of the policy files as loaded (the named file, then what it `extends:`).
    public var policyDigest: String?
    /// Whether every check the policy enables ran; false for a partial (`--only`/`--skip`) or failed run.
    public var complete: Bool?
    /// Which checks the policy enables, which ran, and why the others did not.
    public var coverage: AuditCoverage?

    public init(
        tool: String, verdict: Verdict, reason: String? = nil, repository: String, revision: String,
        commit: String, policy: String, model: ModelInfo?, generatedAt: String,
        inputs: [String: InputDigest], checks: [CheckResult]
    ) {
        self.tool = tool
        self.verdict = verdict
        self.reason = reason
        self.repository = repository
        self.revision = revision
        self.commit = commit
        self.policy = policy
        self.model = model
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.checks = checks
    }

    /// The result of the check with this id, if it ran.
    public func check(_ id: String) -> CheckResult? {
        checks.first { $0.id == id }
    }
}
