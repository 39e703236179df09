// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// An in-toto Statement v1 carrying a test-result v0.1 predicate: what the gate attests about the artifacts.
public struct InTotoStatement: Codable, Sendable, Equatable {
    public static let statementType = "https://in-toto.io/Statement/v1"
    public static let testResultPredicateType = "https://in-toto.io/attestation/test-result/v0.1"

    /// An artifact the statement is about: its name and digests (`sha256` → hex).
    public struct Subject: Codable, Sendable, Equatable {
        public var name: String
        public var digest: [String: String]

        public init(name: String, sha256: String) {
            self.name = name
            digest = ["sha256": sha256]
        }
    }

    /// An in-toto ResourceDescriptor, as used for the predicate's `configuration`.
    public struct ResourceDescriptor: Codable, Sendable, Equatable {
        public var name: String
        public var uri: String?
        public var digest: [String: String]

        public init(name: String, uri: String? = nil, sha256: String) {
            self.name = name
            self.uri = uri
            digest = ["sha256": sha256]
        }
    }

    /// The test-result predicate: the gate's checks as tests.
    public struct TestResult: Codable, Sendable, Equatable {
        public var result: String
        public var configuration: [ResourceDescriptor]
        public var url: String?
        public var passedTests: [String]
        public var warnedTests: [String]
        public var failedTests: [String]
        /// Every check the policy enables, with its status (`pass`, `warn`…), so a reader sees
        /// the whole policy was applied, not only the checks that passed.
        public var checks: [String: String]?
        /// Whether every enabled check ran (always true for a release: partial audits are refused).
        public var complete: Bool?
        /// `PolicyDigest` of the policy the checks ran under.
        public var policyDigest: String?
        /// Whether the release ran with `--allow-dirty`.
        public var allowDirty: Bool?

        public init(
            result: String, configuration: [ResourceDescriptor], url: String? = nil,
            passedTests: [String], warnedTests: [String], failedTests: [String]
        ) {
            self.result = result
            self.configuration = configuration
            self.url = url
            self.passedTests = passedTests
            self.warnedTests = warnedTests
            self.failedTests = failedTests
        }
    }

    public var type: String
    public var subject: [Subject]
    public var predicateType: String
    public var predicate: TestResult

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    public init(subject: [Subject], predicate: TestResult) {
        type = Self.statementType
        self.subject = subject
        predicateType = Self.testResultPredicateType
        self.predicate = predicate
    }

    /// The statement for a `ready` audit: every artifact as a subject, passing and warning checks
    /// as tests, and the policy files and audit.json as configuration.
    public static func forRelease(
        artifacts: [ReleaseRecord.Artifact], audit: AuditReport,
        configuration: [ResourceDescriptor], allowDirty: Bool = false
    ) -> InTotoStatement {
        let subjects = artifacts.map { Subject(name: $0.name, sha256: $0.sha256) }
        let passed = audit.checks.filter { $0.status == .pass }.map(\.id).sorted()
        let warned = audit.checks.filter { $0.status == .warn }.map(\.id).sorted()
        let failed = audit.checks.filter { $0.status == .fail || $0.status == .error }.map(\.id).sorted()
        var predicate = TestResult(
            result: "PASSED", configuration: configuration,
            passedTests: passed, warnedTests: warned, failedTests: failed)
        let enabled = audit.coverage?.enabled ?? audit.checks.filter { $0.status != .skipped }.map(\.id)
        predicate.checks = Dictionary(
            uniqueKeysWithValues: enabled.map { id in (id, audit.check(id)?.status.rawValue ?? "skipped") })
        predicate.complete = audit.complete ?? false
        predicate.policyDigest = audit.policyDigest
        predicate.allowDirty = allowDirty
        return InTotoStatement(subject: subjects, predicate: predicate)
    }

    /// The serialized body that is signed: JSON with sorted keys, no insignificant whitespace.
    public func serialized() throws -> Data {
        try CanonicalJSON.encode(self, pretty: false)
    }
}

/// The deterministic JSON Gremlin writes: sorted keys, unescaped slashes.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
