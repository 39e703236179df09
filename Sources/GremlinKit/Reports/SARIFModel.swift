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
    var results: [SARIFResult]
    var properties: SARIFRunProperties
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
    }

    var id: String
    var shortDescription: SARIFMessage
    var properties: Properties
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
    var partialFingerprints: [String: String]?

    static func precedes(_ lhs: SARIFResult, _ rhs: SARIFResult) -> Bool {
        let l = lhs.locations[0].physicalLocation
        let r = rhs.locations[0].physicalLocation
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
        return (lhs.partialFingerprints?.values.first ?? "") < (rhs.partialFingerprints?.values.first ?? "")
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
