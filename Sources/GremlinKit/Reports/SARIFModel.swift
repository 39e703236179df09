// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The subset of SARIF 2.1.0 Gremlin writes; property names follow the specification.
struct SARIFLog: Encodable {
    var schema: String
    var version: String
    var runs: [SARIFRun]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }
}

struct SARIFRun: Encodable {
    var tool: SARIFTool
    var invocations: [SARIFInvocation]
    /// Declares `%SRCROOT%` (SARIF 2.1.0 §3.14.14). It has no `uri`: the checkout's absolute
    /// path differs from runner to runner, so the consumer supplies it (GitHub: `checkout_path`).
    var originalUriBaseIds: [String: SARIFBaseLocation]
    var results: [SARIFResult]
    var properties: SARIFRunProperties
}

/// An `originalUriBaseIds` entry without a `uri`: described, resolved by the consumer.
struct SARIFBaseLocation: Encodable {
    var description: SARIFMessage
}

struct SARIFRunProperties: Encodable {
    var commit: String
    var policy: String
    var verdict: String
}

struct SARIFInvocation: Encodable {
    var executionSuccessful: Bool
}

struct SARIFTool: Encodable {
    var driver: SARIFDriver
}

struct SARIFDriver: Encodable {
    var name: String
    var version: String
    var informationUri: String
    var rules: [SARIFRule]
}

struct SARIFRule: Encodable {
    struct Properties: Encodable {
        var check: String
        /// "0.0"–"10.0", read by GitHub code scanning as the alert's security severity.
        var securitySeverity: String?
        var tags: [String]?

        enum CodingKeys: String, CodingKey {
            case check, tags
            case securitySeverity = "security-severity"
        }
    }

    var id: String
    var shortDescription: SARIFMessage
    var fullDescription: SARIFMessage
    var help: SARIFHelp
    var properties: Properties
}

/// A `multiformatMessageString`: plain text, and Markdown for viewers that render it.
struct SARIFHelp: Encodable {
    var text: String
    var markdown: String
}

struct SARIFMessage: Encodable {
    var text: String
}

struct SARIFResult: Encodable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: SARIFMessage
    var locations: [SARIFResultLocation]
    var partialFingerprints: [String: String]
    /// Set for a finding accepted elsewhere (a secret in the baseline): code scanning shows it dismissed.
    var suppressions: [SARIFSuppression]? = nil

    static func precedes(_ lhs: SARIFResult, _ rhs: SARIFResult) -> Bool {
        guard let l = lhs.locations.first?.physicalLocation, let r = rhs.locations.first?.physicalLocation else {
            if lhs.locations.isEmpty != rhs.locations.isEmpty { return lhs.locations.isEmpty }
            if lhs.ruleId != rhs.ruleId { return lhs.ruleId < rhs.ruleId }
            return lhs.message.text.utf8.lexicographicallyPrecedes(rhs.message.text.utf8)
        }
        if l.artifactLocation.uri != r.artifactLocation.uri { return l.artifactLocation.uri < r.artifactLocation.uri }
        let lLine = l.region?.startLine ?? 0
        let rLine = r.region?.startLine ?? 0
        if lLine != rLine { return lLine < rLine }
        let lColumn = l.region?.startColumn ?? 0
        let rColumn = r.region?.startColumn ?? 0
        if lColumn != rColumn { return lColumn < rColumn }
        if lhs.ruleId != rhs.ruleId { return lhs.ruleId < rhs.ruleId }
        if lhs.message.text != rhs.message.text {
            return lhs.message.text.utf8.lexicographicallyPrecedes(rhs.message.text.utf8)
        }
        return (lhs.partialFingerprints.values.first ?? "") < (rhs.partialFingerprints.values.first ?? "")
    }
}

struct SARIFResultLocation: Encodable {
    var physicalLocation: SARIFPhysicalLocation
}

struct SARIFPhysicalLocation: Encodable {
    var artifactLocation: SARIFArtifactLocation
    var region: SARIFRegion?
}

struct SARIFArtifactLocation: Encodable {
    var uri: String
    var uriBaseId = "%SRCROOT%"
}

struct SARIFRegion: Encodable {
    var startLine: Int?
    var startColumn: Int?
}

/// A `suppression` (SARIF 2.1.0 §3.35): `external` when a file outside the log accepted it.
struct SARIFSuppression: Encodable {
    var kind: String
    var justification: String
}
