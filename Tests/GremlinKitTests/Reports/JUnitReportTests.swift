// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML
import Testing

@testable import GremlinKit

@Suite struct JUnitReportTests {
    func render(
        _ report: AuditReport = ReportSamples.mixed(), _ options: ReportOptions = ReportOptions()
    ) throws -> [UInt8] {
        try JUnitReport().render(report, options: options)
    }

    @Test(arguments: JUnitFlavor.allCases)
    func countsAreExact(flavor: JUnitFlavor) throws {
        let xml = try ParsedXML(bytes: render(ReportSamples.mixed(), ReportOptions(junitFlavor: flavor)))
        #expect(xml.rootName == "testsuites")
        #expect(try xml.count("/testsuites/testsuite") == 7)
        // ip 6 + its own case with the notes + commits 2 + security 1 + lineage 1 + bias 1 + performance 1
        // + leakage 1.
        #expect(try xml.count("//testcase") == 14)
        // ip's five blocking findings and leakage's summary failure.
        #expect(try xml.count("//testcase/failure") == 6)
        #expect(try xml.count("//testcase/error") == 1)
        #expect(try xml.count("//testcase/skipped") == 1)
        #expect(try xml.values("/testsuites/@tests") == ["14"])
        #expect(try xml.values("/testsuites/@failures") == ["6"])
        #expect(try xml.values("/testsuites/@errors") == ["1"])
        #expect(try xml.values("/testsuites/@skipped") == (flavor == .gitlab ? ["1"] : []))
        // Each suite's counters agree with its own children.
        for suite in try xml.values("/testsuites/testsuite/@name") {
            let path = "/testsuites/testsuite[@name='\(suite)']"
            #expect(try xml.values("\(path)/@tests") == xml.values("count(\(path)/testcase)"))
            #expect(try xml.values("\(path)/@failures") == xml.values("count(\(path)/testcase/failure)"))
            #expect(try xml.values("\(path)/@errors") == xml.values("count(\(path)/testcase/error)"))
            #expect(try xml.values("\(path)/@skipped") == xml.values("count(\(path)/testcase/skipped)"))
        }
        #expect(try xml.count("//*[(self::testsuites or self::testsuite or self::testcase) and not(@time)]") == 0)
    }

    @Test func classnameAndNameAreUnique() throws {
        let xml = try ParsedXML(bytes: render())
        let classnames = try xml.values("//testcase/@classname")
        let names = try xml.values("//testcase/@name")
        #expect(classnames.count == 14 && names.count == 14)
        #expect(Set(zip(classnames, names).map { "\($0)\u{0}\($1)" }).count == 14)
        #expect(
            Set(classnames) == [
                "gremlin.ip", "gremlin.commits", "gremlin.security", "gremlin.lineage",
                "gremlin.bias", "gremlin.performance", "gremlin.leakage",
            ])
        let ipNames = try xml.values("//testcase[@classname='gremlin.ip']/@name")
        #expect(
            ipNames == [
                "README.md:1 ip.stale-year",
                "data/]]>weirdname.py:5 ip.missing-header",
                "docs/<script>alert(1)</script>.md:3:2 ip.missing-header",
                "src/with space/model.py:1 ip.missing-header",
                "src/with space/model.py:1 ip.missing-header (2)",
                "src/ünïcödé/模型.py:2 ip.missing-header",
                "IP Compliant",
            ])
    }

    @Test func statusesMapToElements() throws {
        let xml = try ParsedXML(bytes: render())
        // The warn-only finding inside a failing check passes and carries the warning.
        let stale = "//testcase[@name='README.md:1 ip.stale-year']"
        #expect(try xml.count("\(stale)/failure") == 0)
        #expect(
            try xml.values("\(stale)/system-out") == ["warning: README.md:1: copyright year is old [ip.stale-year]"])
        // A warn check: passing testcases whose system-out carries the findings.
        #expect(try xml.count("//testcase[@classname='gremlin.commits']") == 2)
        #expect(try xml.count("//testcase[@classname='gremlin.commits']/*[self::failure or self::error]") == 0)
        let commitOut = try xml.values("//testcase[@classname='gremlin.commits']/system-out")
        #expect(commitOut.count == 2 && commitOut.allSatisfy { $0.hasPrefix("warning: commit ") })
        #expect(commitOut.contains { $0.contains("<script>alert(\"x\")</script>") })
        // An error check: one error with the check's summary.
        #expect(
            try xml.values("//testcase[@classname='gremlin.lineage']/error/@message")
                == ["lineage.yaml:3: unknown key `stagez` — did you mean `stage`?"])
        #expect(try xml.values("//testcase[@classname='gremlin.bias']/skipped/@message") == ["disabled by the policy"])
        #expect(
            try xml.values("//testcase[@classname='gremlin.leakage']/failure/@message") == [
                "3 IDs shared by train/test"
            ])
        #expect(try xml.values("//testcase[@classname='gremlin.security']/@name") == ["Security Scan"])
        // Notes are in the check's own testcase (GitLab shows testcases' system-out), not the suite's.
        #expect(try xml.count("//testsuite/system-out") == 0)
        #expect(
            try xml.values("//testcase[@classname='gremlin.ip'][@name='IP Compliant']/system-out") == [
                "6 files, 5 without a header\nnote: assets/logo.png: binary file skipped [ip.skipped-binary]"
            ])
        #expect(try xml.count("//testcase[@classname='gremlin.ip'][@name='IP Compliant']/*[self::failure]") == 0)
        #expect(try xml.values("//testsuite[@name='ip']/properties/property[@name='status']/@value") == ["fail"])
    }

    @Test func controlCharactersAreGoneAndMarkupSurvivesAsText() throws {
        let bytes = try render()
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
        #expect(!bytes.contains(0x7F))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("<script>"))
        #expect(!text.contains("<b>"))
        let xml = try ParsedXML(bytes: bytes)
        #expect(
            try xml.values("//testcase[@file='data/]]>weirdname.py']/failure/@message") == ["control  characters here"])
        #expect(try xml.values("//testcase[@line='3']/failure/@message") == ["no copyright line <b>bold</b>"])
        // Non-ASCII is written as UTF-8, not as character references.
        #expect(text.contains("src/ünïcödé/模型.py"))
    }

    @Test func gitlabFlavorHasFileAndLine() throws {
        let xml = try ParsedXML(bytes: render(ReportSamples.mixed(), ReportOptions(junitFlavor: .gitlab)))
        #expect(
            try xml.values("//testcase/@file") == [
                "README.md", "data/]]>weirdname.py", "docs/<script>alert(1)</script>.md",
                "src/with space/model.py", "src/with space/model.py", "src/ünïcödé/模型.py",
            ])
        #expect(try xml.values("//testcase/@line") == ["1", "5", "3", "1", "1", "2"])
        // Jenkins' schema does not know these attributes, which is why the strict flavor exists.
        let xsd = try ReportSamples.fixture("junit-10.xsd").path
        let messages = validate(
            xml: try render(ReportSamples.mixed(), ReportOptions(junitFlavor: .gitlab)), againstXSDAt: xsd)
        #expect(messages.contains { $0.contains("'file'") })
    }

    @Test(arguments: ReportSamples.names)
    func strictFlavorValidatesAgainstJenkinsSchema(sample: String) throws {
        let bytes = try render(
            ReportSamples.named(sample), ReportOptions(junitFlavor: .strict, deterministicTimes: false))
        let xsd = try ReportSamples.fixture("junit-10.xsd")
        #expect(validate(xml: bytes, againstXSDAt: xsd.path) == [])
        let xml = try ParsedXML(bytes: bytes)
        #expect(try xml.count("//@file | //@line") == 0)

        // A second, independent validator: Python's xmlschema.
        let directory = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("junit.xml")
        try Data(bytes).write(to: file)
        let result = try runPython(
            "import sys, xmlschema; xmlschema.XMLSchema10(sys.argv[1]).validate(sys.argv[2])",
            [xsd.path, file.path])
        #expect(result.status == 0, "xmlschema rejected junit.xml: \(result.output)")
    }

    @Test func unevaluatedAuditLeavesAnErrorTestcase() throws {
        let xml = try ParsedXML(bytes: render(ReportSamples.unevaluated()))
        #expect(try xml.count("//testcase") == 1)
        #expect(try xml.values("//testcase/error/@message") == [ReportSamples.unevaluated().reason ?? ""])
        #expect(try xml.values("/testsuites/@errors") == ["1"])
    }

    @Test func timesAreFixedUnlessRequested() throws {
        let fixed = try ParsedXML(bytes: render())
        #expect(Set(try fixed.values("//@time")) == ["0.000"])
        let timed = try ParsedXML(bytes: render(ReportSamples.mixed(), ReportOptions(deterministicTimes: false)))
        #expect(try timed.values("/testsuites/testsuite[@name='ip']/@time") == ["1.234"])
        #expect(try timed.values("/testsuites/testsuite[@name='commits']/testcase/@time") == ["0.250", "0.250"])
        #expect(try timed.values("/testsuites/@time") == ["1.984"])
        #expect(ReportOptions(environment: ["GREMLIN_TIMINGS": "1"]).deterministicTimes == false)
        #expect(ReportOptions(environment: [:]).deterministicTimes == true)
    }

    @Test func renderingIsByteIdentical() throws {
        #expect(try render() == render())
        #expect(
            try render(ReportSamples.mixed(), ReportOptions(junitFlavor: .strict))
                == render(ReportSamples.mixed(), ReportOptions(junitFlavor: .strict)))
    }

    @Test func notesGoInTheChecksOwnTestcaseWhateverItsStatus() throws {
        let note = Finding(rule: "pii.more", message: "3 more matches", location: Location(path: "s.csv"))
        let passing = CheckResult(
            id: "pii", title: "PII Free", status: .pass, severity: .block, summary: "2 files", notes: [note])
        let failing = CheckResult(
            id: "lineage", title: "Lineage Complete", status: .error, severity: .block, summary: "not YAML",
            notes: [note])
        let skipped = CheckResult(
            id: "bias", title: "Bias Analysis", status: .skipped, severity: .warn, summary: "disabled by the policy")
        let report = AuditReport(
            tool: "gremlin test", verdict: .error, repository: ".", revision: "HEAD", commit: "", policy: "p",
            model: nil, generatedAt: "2026-01-02T03:04:05Z", inputs: [:], checks: [passing, failing, skipped])
        for flavor in [JUnitFlavor.gitlab, .strict] {
            let bytes = try render(report, ReportOptions(junitFlavor: flavor))
            let xml = try ParsedXML(bytes: bytes)
            #expect(try xml.count("//testsuite/system-out") == 0)
            #expect(
                try xml.values("//testcase[@classname='gremlin.pii']/system-out") == [
                    "2 files\nnote: s.csv: 3 more matches [pii.more]"
                ])
            #expect(try xml.count("//testcase[@classname='gremlin.pii']") == 1)
            #expect(
                try xml.values("//testcase[@classname='gremlin.lineage']/system-out") == [
                    "note: s.csv: 3 more matches [pii.more]"
                ])
            #expect(try xml.values("//testcase[@classname='gremlin.lineage']/error/@message") == ["not YAML"])
            #expect(
                try xml.values("//testcase[@classname='gremlin.bias']/skipped/@message") == ["disabled by the policy"])
            if flavor == .strict {
                let xsd = try ReportSamples.fixture("junit-10.xsd")
                #expect(validate(xml: bytes, againstXSDAt: xsd.path) == [])
            }
        }
    }
}
