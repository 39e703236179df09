// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the performance gate trusts about its inputs: which patients were evaluated
/// (`cohort: test`) and where the baseline's numbers come from (`baseline_from`).
extension PerformanceCheck {
    /// The source kind of a manifest baseline, as `baseline_from` names it.
    static func sourceKind(_ source: Manifest.EvaluationSource) -> String {
        source.predictions != nil ? "predictions" : "metrics"
    }

    /// A failing outcome when the baseline comes from a source the policy does not trust; nil when trusted.
    ///
    /// Nothing of an untrusted baseline is read: a hand-written metrics file is not compared at all.
    static func untrustedBaseline(
        _ source: Manifest.EvaluationSource, config: Config, manifest: Manifest, files: InputFiles
    ) -> CheckOutcome? {
        let kind = sourceKind(source)
        guard !config.baselineFrom.contains(kind) else { return nil }
        let path = source.predictions ?? source.metrics ?? ""
        let trusted = config.baselineFrom.isEmpty ? "none" : config.baselineFrom.joined(separator: ", ")
        let fix =
            kind == "metrics"
            ? "give the production model's predictions on the evaluation cohort (evaluation.baseline.predictions), "
                + "so the gate scores both models itself"
            : "give the baseline from a trusted source, or add `\(kind)` to checks.performance.baseline_from"
        let finding = Finding(
            rule: "performance.untrusted-baseline",
            message:
                "the baseline is a \(kind) file (evaluation.baseline.\(kind) in \(manifest.file)), but the policy "
                + "trusts baselines only from: \(trusted) (checks.performance.baseline_from in \(config.file)) — \(fix)",
            location: Location(path: files.portableName(files.url(path.isEmpty ? manifest.file : path))))
        return CheckOutcome(
            findings: [finding],
            summary: "baseline from an untrusted source (\(kind)); the models were not compared",
            measurements: [
                "baseline_source": .string(kind),
                "baseline_from": .array(config.baselineFrom.map(JSONValue.string)),
            ])
    }

    /// With `cohort: test`: every predictions file must score exactly the manifest's declared test
    /// split. A difference is a finding with counts; a missing test split is an input error.
    static func cohortFindings(
        _ sources: [EvaluationSource], manifest: Manifest, files: InputFiles
    ) throws
        -> [Finding]
    {
        if case .metrics(let file)? = sources.first {
            throw InputError(
                file: manifest.file, key: "evaluation.candidate",
                message: "checks.performance.cohort is test, but the candidate is a metrics file (\(file.file)): "
                    + "the gate cannot see which patients it was computed on",
                fix: "give evaluation.candidate.predictions (one row per test patient), or set cohort: any")
        }
        let test = try testSplit(manifest: manifest, files: files)
        var findings: [Finding] = []
        for (role, source) in zip(["candidate", "baseline"], sources) {
            guard case .predictions(let predictions) = source else { continue }
            var inBoth = 0
            var extra = 0
            var seen = Set<[UInt8]>()
            for id in predictions.patientIDs {
                let key = test.parser.key(of: id)
                guard seen.insert(key).inserted else { continue }
                if test.ids.contains(key) { inBoth += 1 } else { extra += 1 }
            }
            let missing = test.ids.count - inBoth
            guard missing > 0 || extra > 0 else { continue }
            findings.append(
                Finding(
                    rule: "performance.cohort-mismatch",
                    message:
                        "the \(role)'s predictions (\(predictions.count) patients) are not the declared test split "
                        + "(\(test.file), \(test.ids.count) patients): \(inBoth) in both, \(missing) of the test split "
                        + "missing from the predictions, \(extra) not in the test split — evaluate every test patient "
                        + "and no other (checks.performance.cohort: test)",
                    location: Location(path: predictions.file)))
        }
        return findings
    }

    /// The declared test split's distinct IDs (normalised as the leakage check's default), read
    /// through the split reader; the file is recorded among the inputs.
    static func testSplit(
        manifest: Manifest, files: InputFiles
    ) throws -> (
        ids: Set<[UInt8]>, file: String, parser: SplitParser
    ) {
        let noSplit = { (what: String) in
            InputError(
                file: manifest.file, key: "splits.test",
                message: "checks.performance.cohort is test, but \(what)",
                fix: "declare the test split in the manifest (`splits: {test: splits/test.csv}`, or an assignments "
                    + "file with `test` rows), or set checks.performance.cohort: any")
        }
        guard let splits = manifest.splits else { throw noSplit("the manifest has no splits section") }
        if splits.assignments == nil, !splits.files.contains(where: { $0.name == "test" }) {
            throw noSplit("the manifest's splits name no `test` file")
        }
        guard let source = try LeakageCheck.sources(manifest: manifest, names: ["test"], files: files).first else {
            throw noSplit("the manifest's splits give no test file")
        }
        let parser = SplitParser(layout: source.layout, normalization: .trim, file: source.portable)
        let assignments = source.name == nil
        var ids = Set<[UInt8]>()
        try parser.forEachID(in: source.data) { id, split, _ in
            guard id.count > 0 else { return }
            if assignments {
                let value = split.map { String(decoding: $0, as: UTF8.self) } ?? ""
                guard value.lowercased() == "test" else { return }
            }
            ids.insert(parser.normalization.comparable(trimmed: Array(id)))
        }
        guard !ids.isEmpty else {
            throw InputError(
                file: source.portable, key: assignments ? "splits.assignments" : "splits.test",
                message: "the declared test split holds no patient IDs",
                fix: "list the test patients' IDs, one per row")
        }
        return (ids, source.portable, parser)
    }
}
