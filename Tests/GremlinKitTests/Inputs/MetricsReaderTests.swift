// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct MetricsReaderTests {
    static func error(_ text: String) -> InputError? {
        expectInputError(for: text) { _ = try MetricsReader.parse(Data(text.utf8), file: "m.json") }
    }

    @Test func contractFlatForm() throws {
        let directory = URL(fileURLWithPath: Fixtures.path("contract"))
        let files = InputFiles(baseDirectory: directory, rootDirectory: directory)
        let metrics = try MetricsReader.read("metrics-flat.json", files: files, key: "evaluation.baseline.metrics")
        #expect(metrics.form == .flat)
        #expect(metrics.names == ["c_index", "hazard_ratio"])
        #expect(metrics.metrics["c_index"] == MetricsFile.Metric(value: 0.69, line: 1))
        #expect(metrics.metrics["hazard_ratio"]?.value == 1.41)
        #expect(metrics.metrics["hazard_ratio"]?.lower == nil)
        let data = try Data(contentsOf: directory.appendingPathComponent("metrics-flat.json"))
        #expect(files.recorded["metrics-flat.json"]?.sha256 == InputFiles.sha256(data))
    }

    @Test func contractWithCIForm() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("contract/metrics-with-ci.json")))
        let metrics = try MetricsReader.parse(data, file: "with-ci.json")
        #expect(metrics.form == .wrapped)
        #expect(metrics.names == ["c_index", "hazard_ratio"])
        #expect(metrics.metrics["c_index"] == MetricsFile.Metric(value: 0.69, lower: 0.66, upper: 0.72, line: 1))
        #expect(metrics.metrics["hazard_ratio"] == MetricsFile.Metric(value: 1.41, lower: 1.12, upper: 1.77, line: 1))
    }

    @Test func bomWhitespaceEscapesAndPValues() throws {
        let text = "\u{FEFF}{\n  \"c\\u005findex\": {\"value\": 7e-1, \"p_value\": 0.04},\n  \"auroc\": -0.0\n}\n"
        let metrics = try MetricsReader.parse(Data(text.utf8), file: "m.json")
        #expect(metrics.metrics["c_index"] == MetricsFile.Metric(value: 0.7, pValue: 0.04, line: 2))
        #expect(metrics.metrics["auroc"]?.line == 3)
    }

    @Test(
        arguments: [
            ("", 1, nil, nil, "the file is empty"),
            ("{\"c_index\": NaN}", 1, 13, nil, "NaN and Infinity are not numbers in JSON"),
            ("{\n \"c_index\": -Infinity}", 2, 14, nil, "-Infinity is not a number in JSON"),
            ("{\"c_index\": 1e400}", 1, 13, "c_index", "is not a finite number"),
            ("{\"c_index\": \"0.69\"}", 1, 13, "c_index", "is a string, not a number"),
            ("{\"c_index\": null}", 1, 13, "c_index", "is null, not a number"),
            (
                "{\"metrics\": {\"c_index\": {\"value\": true}}}", 1, 35, "metrics.c_index.value",
                "is a boolean, not a number"
            ),
            ("{\"metrics\": {\"c_index\": {\"ci\": [0.6, 0.7]}}}", 1, 25, "metrics.c_index", "has no `value`"),
            (
                "{\"metrics\": {\"c_index\": {\"value\": 0.7, \"ci\": [0.8, 0.6]}}}", 1, 46, "metrics.c_index.ci",
                "lower bound above its upper bound"
            ),
            (
                "{\"metrics\": {\"c_index\": {\"value\": 0.7, \"ci\": [0.6]}}}", 1, 46, "metrics.c_index.ci",
                "is not a list of two numbers"
            ),
            (
                "{\"metrics\": {\"c_index\": {\"value\": 0.7, \"vlaue\": 1}}}", 1, 49, "metrics.c_index.vlaue",
                "unknown key"
            ),
            (
                "{\"metrics\": {\"c_index\": {\"value\": 0.7, \"p_value\": 2}}}", 1, 51, "metrics.c_index.p_value",
                "is not between 0 and 1"
            ),
            ("{\"metrics\": 3}", 1, 13, "metrics", "is a number, not an object of metrics"),
            ("{\"metrics\": {\"c_index\": 0.7}, \"model\": \"v1\"}", 1, 40, "model", "unexpected key beside `metrics`"),
            ("{\"c_index\": 0.7, \"c_index\": 0.8}", 1, 18, "c_index", "the key appears twice"),
            ("[0.7]", 1, 1, nil, "the top level is not a JSON object"),
            ("{}", 1, 1, nil, "the file holds no metrics"),
            ("{\"c_index\": 0.7,}", 1, 17, nil, "expected a quoted key"),
            ("{\"c_index\": 07}", 1, 15, nil, "a number must not start with 0"),
            ("{\"c_index\": 0.7} x", 1, 18, nil, "unexpected text after the JSON value"),
            ("{\"c_index\": 0.7", 1, 16, nil, "the JSON ends inside an object"),
        ] as [(String, Int, Int?, String?, String)])
    func badInput(text: String, line: Int, column: Int?, key: String?, message: String) throws {
        let error = try #require(Self.error(text))
        #expect(error.file == "m.json")
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.key == key)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.fix != nil)
    }

    @Test func unknownKeySuggestsTheNearest() throws {
        let error = try #require(Self.error("{\"c_index\": {\"value\": 0.7, \"vlaue\": 1}}"))
        #expect(error.fix == "did you mean value? a metric has value, ci and p_value")
    }
}
