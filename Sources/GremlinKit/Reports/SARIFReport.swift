// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `gremlin.sarif`: SARIF 2.1.0 with one run, for the findings that have a location.
///
/// Levels: a finding that blocks (`fail`/`error` checks, severity `block`) is `error`; one that
/// only warns is `warning`. Output is sorted (rules by id, results by place) and key-sorted.
public struct SARIFReport: ReportWriter {
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// Placeholder until the project has a public home; code-scanning UIs link the tool name to it.
    public static let defaultInformationURI = "https://github.com/gremlin-gate/gremlin"

    public var fileName: String { "gremlin.sarif" }
    public var informationURI: String

    public init(informationURI: String = SARIFReport.defaultInformationURI) {
        self.informationURI = informationURI
    }

    public func render(_ report: AuditReport, options: ReportOptions) throws -> [UInt8] {
        var ruleChecks: [String: CheckResult] = [:]
        var located: [(check: CheckResult, finding: Finding, location: Location)] = []
        for check in report.checks.sorted(by: { $0.id < $1.id }) where check.status != .skipped {
            for finding in check.findings {
                if ruleChecks[finding.rule] == nil { ruleChecks[finding.rule] = check }
                if let location = finding.location { located.append((check, finding, location)) }
            }
        }
        let ruleIDs = ruleChecks.keys.sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules = ruleIDs.compactMap { id in
            ruleChecks[id].map {
                SARIFRule(
                    id: id, shortDescription: SARIFMessage(text: plainText("\($0.title): \(id)")),
                    properties: SARIFRule.Properties(check: $0.id))
            }
        }

        let results = located.map { entry in
            let region = SARIFRegion(
                startLine: entry.location.line.flatMap { $0 > 0 ? $0 : nil },
                startColumn: entry.location.column.flatMap { $0 > 0 ? $0 : nil })
            let physical = SARIFPhysicalLocation(
                artifactLocation: SARIFArtifactLocation(uri: Self.uriReference(forPath: entry.location.path)),
                region: region.startLine == nil ? nil : region)
            return SARIFResult(
                ruleId: entry.finding.rule, ruleIndex: ruleIndex[entry.finding.rule] ?? 0,
                level: level(of: entry.finding, in: entry.check),
                message: SARIFMessage(text: plainText(entry.finding.message)),
                locations: [SARIFResultLocation(physicalLocation: physical)],
                partialFingerprints: entry.finding.fingerprint.map { ["gremlinFingerprint/v1": $0] })
        }.sorted(by: SARIFResult.precedes)

        let run = SARIFRun(
            tool: SARIFTool(
                driver: SARIFDriver(
                    name: "gremlin", version: GremlinVersion.current,
                    informationUri: informationURI, rules: rules)),
            invocations: [SARIFInvocation(executionSuccessful: report.verdict != .error)],
            results: results,
            properties: SARIFRunProperties(
                commit: report.commit, policy: report.policy, verdict: report.verdict.rawValue))
        let log = SARIFLog(schema: Self.schemaURI, version: "2.1.0", runs: [run])

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(log)) + [UInt8(ascii: "\n")]
        } catch {
            throw ReportError(file: fileName, message: "cannot encode SARIF: \(error)")
        }
    }

    private func level(of finding: Finding, in check: CheckResult) -> String {
        if check.status == .warn { return "warning" }
        return finding.effectiveSeverity(in: check) == .block ? "error" : "warning"
    }

    /// A repository-relative path as an RFC 3986 relative reference: every byte outside the
    /// unreserved set and `/` is percent-encoded, so spaces, `#`, `?`, `%` and a `:` in the first
    /// segment (which would read as a scheme) cannot change the meaning.
    public static func uriReference(forPath path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
