// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `--format json|sarif` of the commands that list one check's findings outside an audit
/// (`gremlin secrets`, `gremlin headers`): a JSON document (`gremlin.secrets/v1`,
/// `gremlin.headers/v1`) or a SARIF 2.1.0 log with the same rules, help and fingerprints as
/// `gremlin.sarif`. Pure and deterministic: no clock, no machine path; findings never carry a
/// secret (only rule, place, fingerprint).
public struct CommandFindingsReport: Sendable {
    /// One finding, whether a baseline already accepts it, and whether it makes the command exit 1.
    public struct Entry: Sendable {
        public var finding: Finding
        public var accepted: Bool
        public var blocking: Bool

        public init(_ finding: Finding, accepted: Bool = false, blocking: Bool = true) {
            self.finding = finding
            self.accepted = accepted
            self.blocking = blocking && !accepted
        }

        /// SARIF level: accepted → note, reported only → warning, else error.
        var level: String { accepted ? "note" : blocking ? "error" : "warning" }
    }

    /// `gremlin.secrets/v1` or `gremlin.headers/v1`.
    public var schema: String
    /// The check whose rules these are (`security`, `ip`): descriptions and help come from it.
    public var checkID: String
    /// The commit (hex) or source (`the index`) that was scanned.
    public var source: String
    public var policy: String
    /// Counts for the summary (`files_scanned`, `new`, `baselined`…).
    public var counts: [String: Int]
    public var entries: [Entry]
    /// Whether the command exits 1: the verdict both documents carry.
    public var blocked: Bool

    public init(
        schema: String, checkID: String, source: String, policy: String, counts: [String: Int], entries: [Entry],
        blocked: Bool
    ) {
        self.schema = schema
        self.checkID = checkID
        self.source = source
        self.policy = policy
        self.counts = counts
        self.entries = entries.sorted { Finding.sortedOrder($0.finding, $1.finding) }
        self.blocked = blocked
    }

    private var title: String { CheckRegistry.check(checkID)?.descriptor.title ?? checkID }

    private struct Document: Encodable {
        struct Item: Encodable {
            var rule: String
            var message: String
            var location: Location?
            var fingerprint: String?
            var baselined: Bool
            var blocking: Bool
        }

        var schema: String
        var tool: String
        var check: String
        var source: String
        var policy: String
        var verdict: String
        var counts: [String: Int]
        var findings: [Item]
    }

    /// The JSON document, keys sorted, with a final newline.
    public func json() throws -> [UInt8] {
        let document = Document(
            schema: schema, tool: "gremlin \(GremlinVersion.current)", check: checkID, source: source, policy: policy,
            verdict: blocked ? Verdict.blocked.rawValue : Verdict.ready.rawValue, counts: counts,
            findings: entries.map {
                Document.Item(
                    rule: $0.finding.rule, message: plainText($0.finding.message), location: $0.finding.location,
                    fingerprint: $0.finding.fingerprint, baselined: $0.accepted, blocking: $0.blocking)
            })
        return try Self.encode(document, what: "JSON")
    }

    /// A SARIF 2.1.0 log with one run; a baselined finding is a result with an external suppression.
    public func sarif() throws -> [UInt8] {
        let ruleIDs = Array(Set(entries.map(\.finding.rule))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules = ruleIDs.map { SARIFReport.rule($0, checkID: checkID, title: title) }
        let results = entries.map { entry in
            let location = entry.finding.location
            return SARIFResult(
                ruleId: entry.finding.rule, ruleIndex: ruleIndex[entry.finding.rule] ?? 0,
                level: entry.level,
                message: SARIFMessage(text: plainText(entry.finding.message)),
                locations: location.map { [SARIFResultLocation(physicalLocation: SARIFReport.physicalLocation($0))] }
                    ?? [],
                partialFingerprints: [
                    "gremlinFingerprint/v1": entry.finding.fingerprint
                        ?? SARIFReport.fingerprint(
                            rule: entry.finding.rule, location: location, message: entry.finding.message)
                ],
                suppressions: entry.accepted
                    ? [SARIFSuppression(kind: "external", justification: "accepted in the secrets baseline")] : nil)
        }.sorted(by: SARIFResult.precedes)
        let run = SARIFRun(
            tool: SARIFTool(
                driver: SARIFDriver(
                    name: "gremlin", version: GremlinVersion.current,
                    informationUri: SARIFReport.defaultInformationURI, rules: rules)),
            invocations: [SARIFInvocation(executionSuccessful: true)],
            originalUriBaseIds: SARIFReport.baseIDs,
            results: results,
            properties: SARIFRunProperties(
                commit: source, policy: policy, verdict: blocked ? Verdict.blocked.rawValue : Verdict.ready.rawValue))
        return try Self.encode(SARIFLog(schema: SARIFReport.schemaURI, version: "2.1.0", runs: [run]), what: "SARIF")
    }

    private static func encode<T: Encodable>(_ value: T, what: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            throw ReportError(file: what, message: "cannot encode \(what): \(error)")
        }
    }
}
