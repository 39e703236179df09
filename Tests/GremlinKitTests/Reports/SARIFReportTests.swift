// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct SARIFReportTests {
    static let validatorScript = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        log = json.load(open(sys.argv[2]))
        validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        for error in errors:
            print("/".join(map(str, error.absolute_path)), error.message)
        sys.exit(1 if errors else 0)
        """

    /// Validates `bytes` with Python's `jsonschema` against the SARIF 2.1.0 schema.
    func schemaErrors(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
        let directory = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("gremlin.sarif")
        try Data(bytes).write(to: file)
        let schema = try ReportSamples.fixture("sarif-schema-2.1.0.json")
        return try runPython(Self.validatorScript, [schema.path, file.path])
    }

    func parsed(_ report: AuditReport = ReportSamples.mixed()) throws -> [String: Any] {
        let bytes = try SARIFReport().render(report, options: ReportOptions())
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test(arguments: ReportSamples.names)
    func validatesAgainstTheSchema(sample: String) throws {
        let result = try schemaErrors(try SARIFReport().render(ReportSamples.named(sample), options: ReportOptions()))
        #expect(result.status == 0, "gremlin.sarif is not valid SARIF 2.1.0: \(result.output)")
    }

    @Test func theValidatorRejectsABrokenLog() throws {
        let result = try schemaErrors(Array(#"{"version": "2.0.0", "runs": [{"results": []}]}"#.utf8))
        #expect(result.status == 1)
        #expect(result.output.contains("version"))
    }

    @Test func resultsAreEveryFindingOfEveryCheckThatRan() throws {
        let log = try parsed()
        #expect(log["$schema"] as? String == SARIFReport.schemaURI)
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "gremlin")
        #expect(driver["version"] as? String == GremlinVersion.current)
        #expect(driver["informationUri"] as? String == SARIFReport.defaultInformationURI)

        let results = try #require(run["results"] as? [[String: Any]])
        let mixed = ReportSamples.mixed()
        let ran = mixed.checks.filter { $0.status != .skipped }
        // Every finding, plus one result for leakage, which failed on its summary alone.
        #expect(results.count == ran.flatMap(\.findings).count + 1)
        #expect(results.count == 10)

        func location(_ result: [String: Any]) -> [String: Any]? {
            ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any]
        }
        let uris = results.compactMap { (location($0)?["artifactLocation"] as? [String: Any])?["uri"] as? String }
        #expect(uris == uris.sorted())
        #expect(uris.contains("src/with%20space/model.py"))
        #expect(uris.contains("docs/%3Cscript%3Ealert%281%29%3C/script%3E.md"))

        let levels = Dictionary(grouping: results, by: { $0["level"] as? String ?? "?" }).mapValues(\.count)
        #expect(levels == ["error": 7, "warning": 3])

        let lineage = try #require(results.first { $0["ruleId"] as? String == "lineage.input" })
        #expect(lineage["partialFingerprints"] as? [String: String] == ["gremlinFingerprint/v1": "lin-0001"])
        let region = try #require(location(lineage)?["region"] as? [String: Int])
        #expect(region == ["startLine": 3, "startColumn": 5])
        let controlResult = try #require(
            results.first {
                (location($0)?["artifactLocation"] as? [String: Any])?["uri"] as? String
                    == "data/%5D%5D%3Eweird%01%07%1Bname.py"
            })
        #expect(controlResult["level"] as? String == "error")
        #expect((controlResult["message"] as? [String: Any])?["text"] as? String == "control  characters here")

        // Rules: one per distinct rule, sorted, and every ruleIndex points at its rule.
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(
            ruleIDs == [
                "commits.sign-off", "commits.subject", "ip.missing-header", "ip.stale-year", "leakage.failed",
                "lineage.input",
            ])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == result["ruleId"] as? String)
        }
        let shortDescription = (rules[2]["shortDescription"] as? [String: Any])?["text"] as? String
        #expect(shortDescription == "IP Compliant: ip.missing-header")
    }

    @Test func uriEncodingMatchesPythonQuote() throws {
        let paths = [
            ReportSamples.spacePath, ReportSamples.scriptPath, ReportSamples.controlPath,
            ReportSamples.unicodePath, "a:b/c?d#e%f&g=h+i;j@k,l!m'n(o)p*q$r~s_t.u-v",
        ]
        let script = """
            import sys, urllib.parse
            for path in sys.argv[1:]:
                print(urllib.parse.quote(path, safe="/"))
            """
        let result = try runPython(script, paths)
        #expect(result.status == 0)
        let expected = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
            String.init)
        #expect(paths.map(SARIFReport.uriReference(forPath:)) == expected)
    }

    @Test func renderingIsByteIdentical() throws {
        let first = try SARIFReport().render(ReportSamples.mixed(), options: ReportOptions())
        #expect(first == (try SARIFReport().render(ReportSamples.mixed(), options: ReportOptions())))
        #expect(first.last == UInt8(ascii: "\n"))
        // Findings arriving in another order give the same log.
        var shuffled = ReportSamples.mixed()
        shuffled.checks.reverse()
        for index in shuffled.checks.indices { shuffled.checks[index].findings.reverse() }
        #expect(first == (try SARIFReport().render(shuffled, options: ReportOptions())))
    }
}
