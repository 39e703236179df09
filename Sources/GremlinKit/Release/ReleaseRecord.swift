// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `release.json`: what was released, from which commit, on the strength of which audit.
public struct ReleaseRecord: Codable, Sendable, Equatable {
    public static let schemaID = "gremlin.release/v1"
    /// The stage the tag and the record promote the model to.
    public static let stage = "production-candidate"

    /// A released file: where it is published and its digest.
    public struct Artifact: Codable, Sendable, Equatable {
        public var name: String
        public var uri: String?
        public var sha256: String

        public init(name: String, uri: String?, sha256: String) {
            self.name = name
            self.uri = uri
            self.sha256 = sha256
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(uri, forKey: .uri)
            try container.encode(sha256, forKey: .sha256)
        }
    }

    /// The audit the release rests on.
    public struct AuditReference: Codable, Sendable, Equatable {
        /// audit.json, relative to the repository root when inside it.
        public var path: String
        /// sha256 of audit.json's bytes.
        public var sha256: String
        public var verdict: Verdict
        public var policy: String
        /// `PolicyDigest` of the audited policy, which the release's own recomputation used.
        public var policyDigest: String?
    }

    /// The signed attestation written beside release.json.
    public struct AttestationReference: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var keyid: String
    }

    /// Whether the deploy notification went out.
    public enum Notification: String, Codable, Sendable {
        /// No webhook was configured (`"none"`; not `.none`, which Swift reads as Optional's).
        case notRequested = "none"
        /// Written before posting; replaced by `sent` or `failed` when the post ends.
        case pending
        case sent
        case failed
    }

    public var schema: String = ReleaseRecord.schemaID
    public var tool: String
    public var model: String
    public var version: String
    public var stage: String = ReleaseRecord.stage
    public var commit: String
    /// The production-candidate tag; `nil` when the release ran with `--no-tag`.
    public var tag: String?
    public var artifacts: [Artifact]
    public var audit: AuditReference
    /// The model card, relative to the repository root; `nil` when the audit wrote none.
    public var modelCard: String?
    public var attestation: AttestationReference?
    public var notification: Notification
    /// ISO 8601 from `SOURCE_DATE_EPOCH`; absent otherwise, so the file stays reproducible.
    public var releasedAt: String?
    /// Whether the release ran with `--allow-dirty` (written as false when it did not).
    public var allowDirty: Bool?
    /// What was written to the manifest's model registry (absent without one).
    public var registry: RegistryPublication?

    enum CodingKeys: String, CodingKey {
        case schema, tool, model, version, stage, commit, tag, artifacts, audit, modelCard, attestation, notification,
            releasedAt, allowDirty, registry
    }

    public init(
        tool: String, model: String, version: String, commit: String, tag: String?, artifacts: [Artifact],
        audit: AuditReference, modelCard: String?, attestation: AttestationReference?,
        notification: Notification, releasedAt: String?, allowDirty: Bool? = nil
    ) {
        self.allowDirty = allowDirty
        self.tool = tool
        self.model = model
        self.version = version
        self.commit = commit
        self.tag = tag
        self.artifacts = artifacts
        self.audit = audit
        self.modelCard = modelCard
        self.attestation = attestation
        self.notification = notification
        self.releasedAt = releasedAt
    }

    // Explicit nulls keep the shape stable for consumers (`jq .modelCard` is null, not missing).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(tool, forKey: .tool)
        try container.encode(model, forKey: .model)
        try container.encode(version, forKey: .version)
        try container.encode(stage, forKey: .stage)
        try container.encode(commit, forKey: .commit)
        try container.encode(tag, forKey: .tag)
        try container.encode(artifacts, forKey: .artifacts)
        try container.encode(audit, forKey: .audit)
        try container.encode(modelCard, forKey: .modelCard)
        try container.encode(attestation, forKey: .attestation)
        try container.encode(notification, forKey: .notification)
        try container.encodeIfPresent(releasedAt, forKey: .releasedAt)
        try container.encode(allowDirty ?? false, forKey: .allowDirty)
        try container.encodeIfPresent(registry, forKey: .registry)
    }

    /// The file's bytes: sorted keys, pretty, trailing newline.
    public func encoded() throws -> Data {
        try CanonicalJSON.encode(self, pretty: true) + Data("\n".utf8)
    }
}
