// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A partial audit (`--only`/`--skip`) says so in every report; a complete one does not.
@Suite struct PartialAuditReportTests {
    static func text(_ writer: any ReportWriter, _ report: AuditReport) throws -> String {
        String(decoding: try writer.render(report, options: ReportOptions()), as: UTF8.self)
    }

    @Test("the verdict line reads (partial: N of M checks) only when enabled checks were left out")
    func verdictLine() throws {
        let partial = SummaryTable.render(ReportSamples.partial())
        let firstLine = try #require(partial.split(separator: "\n").first)
        #expect(firstLine.hasPrefix("ERROR (partial: 4 of 6 checks) — cl_unimodal_v2 2.1.0"))
        let complete = SummaryTable.render(ReportSamples.mixed())
        #expect(!complete.contains("partial"))
        #expect(complete.hasPrefix("ERROR — cl_unimodal_v2 2.1.0"))
    }

    @Test("audit.json carries complete: false, the policy digest and why each check was skipped")
    func json() throws {
        let text = try Self.text(JSONReport(), ReportSamples.partial())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["complete"] as? Bool == false)
        #expect(object["policyDigest"] as? String == String(repeating: "cd", count: 32))
        #expect(object["policyFile"] as? String == "policies/production.yaml")
        let coverage = try #require(object["coverage"] as? [String: Any])
        #expect((coverage["enabled"] as? [String])?.count == 6)
        #expect(coverage["ran"] as? [String] == ["commits", "ip", "lineage", "security"])
        let skipped = try #require(coverage["skipped"] as? [[String: String]])
        #expect(skipped.map { $0["id"] ?? "" } == ["bias", "leakage", "performance"])
        #expect(skipped.map { $0["reason"] ?? "" } == ["policy", "flag", "flag"])

        let decoded = try JSONReport.decode(Array(text.utf8))
        #expect(decoded.complete == false)
        #expect(decoded.coverage?.missing == ["leakage", "performance"])
    }

    @Test("audit.md's header says partial and names what did not run")
    func markdown() throws {
        let text = try Self.text(MarkdownReport(), ReportSamples.partial())
        #expect(text.hasPrefix("# Gremlin audit: ERROR ⛔ (partial: 4 of 6 checks) — cl\\_unimodal\\_v2 v2.1.0\n"))
        #expect(text.contains("> **Partial audit:** 4 of 6 checks the policy enables ran; not run: `leakage`"))
        #expect(text.contains("A partial audit cannot be released"))
        #expect(!(try Self.text(MarkdownReport(), ReportSamples.mixed())).contains("Partial audit"))
    }

    @Test("junit.xml: every suite has audit_complete, and a check skipped by flag says the audit is partial")
    func junit() throws {
        let text = try Self.text(JUnitReport(), ReportSamples.partial())
        #expect(text.contains(#"<property name="audit_complete" value="false"/>"#))
        #expect(text.contains(#"<property name="audit_checks" value="4 of 6 checks"/>"#))
        #expect(
            text.contains(
                #"<skipped message="excluded by --skip (flag): partial audit, 4 of 6 checks ran; it cannot be released"/>"#
            ))
        // A check the policy disables is skipped as before.
        #expect(text.contains(#"<skipped message="disabled by the policy"/>"#))
        let complete = try Self.text(JUnitReport(), ReportSamples.mixed())
        #expect(complete.contains(#"<property name="audit_complete" value="true"/>"#))
    }

    @Test("coverage: missing, complete and the fraction follow enabled and ran")
    func coverage() {
        let coverage = AuditCoverage(
            enabled: ["ip", "commits", "leakage"], ran: ["ip"],
            skipped: [
                .init(id: "leakage", reason: .flag, detail: "excluded by --skip"),
                .init(id: "commits", reason: .flag, detail: "not selected by --only"),
            ])
        #expect(coverage.missing == ["commits", "leakage"])
        #expect(!coverage.complete)
        #expect(coverage.fraction == "1 of 3 checks")
        #expect(coverage.skipReason("commits")?.detail == "not selected by --only")
        #expect(AuditCoverage(enabled: ["ip"], ran: ["ip"], skipped: []).complete)
    }

    @Test("the policy digest is sha256 over the files' hex digests, one a line, in load order")
    func policyDigest() throws {
        let a = String(repeating: "a", count: 64)
        let b = String(repeating: "b", count: 64)
        #expect(PolicyDigest.of(fileDigests: [a, b]) == InputFiles.sha256(Data("\(a)\n\(b)\n".utf8)))
        #expect(PolicyDigest.of(fileDigests: [a, b]) != PolicyDigest.of(fileDigests: [b, a]))
    }
}
