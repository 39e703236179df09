// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Reference values for the example predictions, written by Tests/reference/make_evaluate_refs.py
/// (lifelines, scikit-survival, scikit-learn).
struct EvaluationReference: Decodable {
    struct Cox: Decodable {
        let hazard_ratio: Double
        let ci_lower: Double
        let ci_upper: Double
        let p: Double
    }

    struct Model: Decodable {
        let c_index: Double
        let c_index_lifelines: Double
        let auroc: Double
        let hazard_ratio_per_sd: Cox
        let hazard_ratio_high_vs_low: Cox
    }

    struct Group: Decodable {
        let n: Int
        let events: Int
        let c_index: Double?
    }

    let n: Int
    let events: Int
    let horizon: Double
    let candidate: Model
    let production: Model
    let groups: [String: [String: Group]]

    static func load() throws -> EvaluationReference {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("evaluate/example_reference.json")))
        return try JSONDecoder().decode(EvaluationReference.self, from: data)
    }

    /// The example predictions' text.
    static func csv(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path("evaluate/\(name).csv"), encoding: .utf8)
    }
}

/// A model repository with a release manifest and evaluation files, audited in-process.
struct EvaluationRepository {
    let repo: GitFixture

    /// `evaluation` is the manifest's evaluation section body (indented two spaces);
    /// `files` are written under models/m/ (manifest-relative).
    init(evaluation: String, files: [String: String]) throws {
        repo = try GitFixture()
        var all = files.reduce(into: [String: String]()) { $0["models/m/\($1.key)"] = $1.value }
        all["models/m/release.yaml"] = """
            apiVersion: gremlin/v1
            kind: ModelRelease
            model:
              name: cl_unimodal_v2
              version: 1.0.0
            evaluation:
            \(evaluation)
            """
        try repo.commit("feat(eval): evidence", files: all)
    }

    /// The example candidate and production predictions, joined by the default manifest.
    static func example(extra: String = "", files: [String: String] = [:]) throws -> EvaluationRepository {
        var all = [
            "eval/candidate.csv": try EvaluationReference.csv("candidate"),
            "eval/production.csv": try EvaluationReference.csv("production"),
        ]
        all.merge(files) { _, new in new }
        return try EvaluationRepository(
            evaluation: """
                  candidate:
                    predictions: eval/candidate.csv
                  baseline:
                    name: cl_unimodal_v1
                    predictions: eval/production.csv
                \(extra)
                """, files: all)
    }

    var manifest: String { repo.url("models/m/release.yaml").path }

    /// Runs one check with `section` (its policy keys, indented four spaces) and returns its result.
    func run(_ id: String, _ section: String) throws -> CheckResult {
        let report = try AuditHarness.audit(
            repo, policy: AuditHarness.policy("  \(id):\n\(section)\n"), only: [id],
            manifest: manifest)
        return try #require(report.checks.first { $0.id == id })
    }
}

extension JSONValue {
    /// The member at a dotted path (`candidate.c_index.value`); keys with dots are not supported.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The numbers of an array (an interval).
    var doubles: [Double]? { arrayValue?.compactMap { $0.doubleValue } }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}

extension CheckResult {
    func measure(_ path: String) -> JSONValue? { JSONValue.object(measurements).at(path) }
    func number(_ path: String) -> Double? { measure(path)?.doubleValue }
}
