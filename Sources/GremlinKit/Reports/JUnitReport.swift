// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import GremlinXML

/// `junit.xml`: a `testsuite` per check and a `testcase` per finding, written through libxml2.
///
/// JUnit has no warning level, so a finding that only warns is a passing testcase whose
/// `system-out` carries it. A check's notes go in its own testcase's `system-out` (GitLab shows
/// a testcase's, not a suite's), and a skipped check says why in `<skipped message=…>`. Test
/// names are unique within their class (`gremlin.<check id>`).
public struct JUnitReport: ReportWriter {
    public var fileName: String { "junit.xml" }

    /// At most this many notes are listed in a testcase's `system-out`; audit.json has them all.
    static let noteLimit = 50

    public init() {}

    public func render(_ report: AuditReport, options: ReportOptions) throws -> [UInt8] {
        var names = UniqueTestNames()
        var suites = report.checks.map { suite(for: $0, coverage: report.coverage, options: options, names: &names) }
        if report.verdict == .error, !report.checks.contains(where: { $0.status == .error }) {
            // Exit 2 before (or outside) any check: the pipeline must still see why.
            let reason = report.reason ?? "the audit could not be evaluated"
            let test = JUnitCase(
                classname: "gremlin.audit", name: names.claim("gremlin.audit", "audit"),
                outcome: .error(type: "gremlin.error", message: reason, body: reason))
            suites.append(JUnitSuite(name: "gremlin", properties: [], cases: [test], systemOut: nil, duration: 0))
        }

        let writer = try XMLWriter()
        try writer.startDocument()
        var rootAttributes = [
            ("name", "gremlin"), ("tests", "\(suites.sum(\.tests))"),
            ("failures", "\(suites.sum(\.failures))"), ("errors", "\(suites.sum(\.errors))"),
        ]
        if options.junitFlavor == .gitlab { rootAttributes.append(("skipped", "\(suites.sum(\.skipped))")) }
        rootAttributes.append(("time", options.junitTime(report.checks.reduce(0) { $0 + $1.duration })))
        try writer.element("testsuites", attributes: rootAttributes) {
            for suite in suites { try write(suite, to: writer, options: options) }
        }
        return try writer.finish()
    }

    // MARK: - Building the suites

    private func suite(
        for check: CheckResult, coverage: AuditCoverage?, options: ReportOptions, names: inout UniqueTestNames
    ) -> JUnitSuite {
        let classname = "gremlin.\(check.id)"
        var properties = [
            ("check", check.id), ("title", check.title), ("status", check.status.rawValue),
            ("severity", check.severity.rawValue), ("summary", check.summary),
        ]
        if let coverage {
            // Every suite says whether the audit is complete: a partial run is never a release.
            properties += [
                ("audit_complete", coverage.complete ? "true" : "false"), ("audit_checks", coverage.fraction),
            ]
        }
        let findings = check.findings.sorted(by: Finding.sortedOrder)
        var cases: [JUnitCase] = []
        func titleCase(_ outcome: JUnitOutcome, systemOut: String? = nil) -> JUnitCase {
            JUnitCase(
                classname: classname, name: names.claim(classname, check.title), outcome: outcome, systemOut: systemOut)
        }

        switch check.status {
        case .skipped:
            var message = check.summary
            if let coverage, coverage.skipReason(check.id)?.reason == .flag {
                message += " (flag): partial audit, \(coverage.fraction) ran; it cannot be released"
            }
            cases.append(titleCase(.skipped(message: message)))
        case .error:
            let body = ([check.summary] + findings.map(describe)).joined(separator: "\n")
            cases.append(titleCase(.error(type: "gremlin.\(check.id).error", message: check.summary, body: body)))
        case .pass, .warn, .fail:
            for finding in findings {
                let blocks = check.status == .fail && finding.effectiveSeverity(in: check) == .block
                let name = names.claim(classname, testName(for: finding))
                var test = JUnitCase(classname: classname, name: name, outcome: .pass)
                if blocks {
                    test.outcome = .failure(type: finding.rule, message: finding.message, body: describe(finding))
                } else {
                    test.systemOut = "warning: " + describe(finding)
                }
                test.file = finding.location?.path
                test.line = finding.location?.line.flatMap { $0 > 0 ? $0 : nil }
                cases.append(test)
            }
            if check.status == .fail, !cases.contains(where: \.isFailure) {
                // A failed gate with no blocking finding (e.g. a metric below threshold) still fails.
                cases.append(
                    titleCase(.failure(type: "gremlin.\(check.id)", message: check.summary, body: check.summary)))
            } else if cases.isEmpty {
                cases.append(titleCase(.pass, systemOut: check.summary))
            }
        }
        if let notes = notesText(check.notes) {
            // GitLab shows a testcase's own system-out, not the suite's: the notes go with the
            // check's own testcase (a passing one with the summary when findings took the cases).
            let titleName = XMLText.sanitized(check.title)
            if let index = cases.firstIndex(where: { $0.name == titleName }) {
                cases[index].systemOut = [cases[index].systemOut, notes].compactMap { $0 }.joined(separator: "\n")
            } else {
                cases.append(titleCase(.pass, systemOut: check.summary + "\n" + notes))
            }
        }
        return JUnitSuite(
            name: check.id, properties: properties, cases: cases, systemOut: nil, duration: check.duration)
    }

    private func testName(for finding: Finding) -> String {
        guard let location = finding.location else { return finding.rule }
        return "\(location.description) \(finding.rule)"
    }

    private func describe(_ finding: Finding) -> String {
        var text = finding.location.map { "\($0.description): " } ?? ""
        text += "\(finding.message) [\(finding.rule)]"
        if let fingerprint = finding.fingerprint { text += " fingerprint \(fingerprint)" }
        return text
    }

    private func notesText(_ notes: [Finding]) -> String? {
        guard !notes.isEmpty else { return nil }
        let sorted = notes.sorted(by: Finding.sortedOrder)
        var lines = sorted.prefix(Self.noteLimit).map { "note: " + describe($0) }
        if sorted.count > Self.noteLimit { lines.append("… \(sorted.count - Self.noteLimit) more notes in audit.json") }
        return lines.joined(separator: "\n")
    }

    // MARK: - Writing

    private func write(_ suite: JUnitSuite, to writer: XMLWriter, options: ReportOptions) throws {
        let attributes = [
            ("name", suite.name), ("tests", "\(suite.tests)"), ("failures", "\(suite.failures)"),
            ("errors", "\(suite.errors)"), ("skipped", "\(suite.skipped)"),
            ("time", options.junitTime(suite.duration)),
        ]
        let caseTime = options.junitTime(suite.duration / Double(max(1, suite.cases.count)))
        try writer.element("testsuite", attributes: attributes) {
            if !suite.properties.isEmpty {
                try writer.element("properties") {
                    for (name, value) in suite.properties {
                        try writer.element("property", attributes: [("name", name), ("value", value)])
                    }
                }
            }
            for test in suite.cases { try write(test, time: caseTime, to: writer, flavor: options.junitFlavor) }
            if let systemOut = suite.systemOut { try writer.element("system-out", text: systemOut) }
        }
    }

    private func write(_ test: JUnitCase, time: String, to writer: XMLWriter, flavor: JUnitFlavor) throws {
        var attributes = [("classname", test.classname), ("name", test.name), ("time", time)]
        if flavor == .gitlab, let file = test.file {
            attributes.append(("file", file))
            if let line = test.line { attributes.append(("line", "\(line)")) }
        }
        try writer.element("testcase", attributes: attributes) {
            switch test.outcome {
            case .pass: break
            case .failure(let type, let message, let body):
                try writer.element("failure", attributes: [("type", type), ("message", message)], text: body)
            case .error(let type, let message, let body):
                try writer.element("error", attributes: [("type", type), ("message", message)], text: body)
            case .skipped(let message):
                try writer.element("skipped", attributes: [("message", message)])
            }
            if let systemOut = test.systemOut { try writer.element("system-out", text: systemOut) }
        }
    }
}
