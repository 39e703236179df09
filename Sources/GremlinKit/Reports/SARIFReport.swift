// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `gremlin.sarif`: SARIF 2.1.0 with one run: every finding of every check that ran, and a
/// result for a check in error. A finding without a file of its own is located at the manifest
/// or policy key its check reads (`CheckResult.anchor`), else line 1 of the policy file. Every
/// result has a `partialFingerprints` entry; every rule a description, help with the fix, and a
/// `security-severity` when it is about security.
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
        var entries: [(check: CheckResult, finding: Finding)] = []
        var checks = report.checks
        if report.verdict == .error, !checks.contains(where: { $0.status == .error }) {
            // Exit 2 before (or outside) any check: code scanning must still see why.
            checks.append(
                CheckResult(
                    id: "audit", title: "Audit Setup", status: .error, severity: .block,
                    summary: report.reason ?? "the audit could not be evaluated"))
        }
        for check in checks.sorted(by: { $0.id < $1.id }) where check.status != .skipped {
            var findings = check.findings
            if findings.isEmpty, check.status != .pass {
                // A check in error, or failed on a number (no finding of its own), still shows.
                let suffix = check.status == .error ? "error" : "failed"
                findings = [Finding(rule: "\(check.id).\(suffix)", message: check.summary)]
            }
            for finding in findings {
                if ruleChecks[finding.rule] == nil { ruleChecks[finding.rule] = check }
                entries.append((check, finding))
            }
        }
        let ruleIDs = ruleChecks.keys.sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules = ruleIDs.compactMap { id in ruleChecks[id].map { rule(id, check: $0) } }
        let fallback = (report.policyFile ?? report.policy).isEmpty ? nil : (report.policyFile ?? report.policy)

        let results = entries.map { entry in
            // Without a file of its own, a finding points at the manifest or policy key behind it.
            let location =
                entry.finding.location ?? entry.check.anchor ?? fallback.map { Location(path: $0, line: 1) }
            let physical = location.map(Self.physicalLocation)
            return SARIFResult(
                ruleId: entry.finding.rule, ruleIndex: ruleIndex[entry.finding.rule] ?? 0,
                level: level(of: entry.finding, in: entry.check),
                message: SARIFMessage(text: plainText(entry.finding.message)),
                locations: physical.map { [SARIFResultLocation(physicalLocation: $0)] } ?? [],
                partialFingerprints: [
                    "gremlinFingerprint/v1": entry.finding.fingerprint
                        ?? Self.fingerprint(
                            rule: entry.finding.rule, location: location, message: entry.finding.message)
                ])
        }.sorted(by: SARIFResult.precedes)

        let run = SARIFRun(
            tool: SARIFTool(
                driver: SARIFDriver(
                    name: "gremlin", version: GremlinVersion.current,
                    informationUri: informationURI, rules: rules)),
            invocations: [SARIFInvocation(executionSuccessful: report.verdict != .error)],
            originalUriBaseIds: Self.baseIDs,
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

    /// The `uriBaseId` every artifact location is relative to.
    static let baseID = "%SRCROOT%"

    /// `originalUriBaseIds`: `%SRCROOT%` declared without a `uri` (see `SARIFRun`).
    static let baseIDs = [
        baseID: SARIFBaseLocation(description: SARIFMessage(text: "The root of the audited repository's work tree."))
    ]

    private func rule(_ id: String, check: CheckResult) -> SARIFRule {
        Self.rule(id, checkID: check.id, title: check.title)
    }

    static func rule(_ id: String, checkID: String, title: String) -> SARIFRule {
        let severity = SARIFRules.securitySeverity(rule: id)
        return SARIFRule(
            id: id, shortDescription: SARIFMessage(text: plainText("\(title): \(id)")),
            fullDescription: SARIFMessage(
                text: plainText(SARIFRules.fullDescription(rule: id, checkID: checkID, title: title))),
            help: SARIFRules.help(rule: id, checkID: checkID, title: title),
            properties: SARIFRule.Properties(
                check: checkID, securitySeverity: severity, tags: severity == nil ? nil : ["security"]))
    }

    static func physicalLocation(_ location: Location) -> SARIFPhysicalLocation {
        let region = SARIFRegion(
            startLine: location.line.flatMap { $0 > 0 ? $0 : nil },
            startColumn: location.column.flatMap { $0 > 0 ? $0 : nil })
        return SARIFPhysicalLocation(
            artifactLocation: SARIFArtifactLocation(uri: uriReference(forPath: location.path)),
            region: region.startLine == nil ? nil : region)
    }

    /// A stable fingerprint for a finding without one of its own: sha256 of the rule, the place
    /// and the message (findings never carry secrets), so the same finding keeps its alert.
    static func fingerprint(rule: String, location: Location?, message: String) -> String {
        let place = location.map { "\($0.path)\u{1F}\($0.line ?? 0)" } ?? ""
        let digest = InputFiles.sha256(Data((rule + "\u{1F}" + place + "\u{1F}" + message).utf8))
        return String(digest.prefix(32))
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
