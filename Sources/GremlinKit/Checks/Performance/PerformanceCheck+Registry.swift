// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Where the two models' numbers come from: the manifest's evaluation files, or the model
/// registry (the candidate version's run and the run of the version behind `production_alias`).
extension PerformanceCheck {
    /// The candidate and baseline to compare, with what the report says about their origin.
    struct Inputs {
        var candidate: EvaluationSource
        var baseline: EvaluationSource
        var baselineName: String
        var notes: [Finding] = []
        /// A line above the table naming the registry sources, when used.
        var markdown = ""
    }

    enum Found {
        case compare(Inputs)
        /// The baseline comes from a source the policy does not trust: fail without comparing.
        case refuse(CheckOutcome)
    }

    /// The manifest's evaluation files win; without a manifest baseline, the registry's
    /// production version is the baseline (`baseline_from` must trust `registry`).
    static func inputs(_ context: CheckContext, config: Config, manifest: Manifest) throws -> Found {
        let registry = context.registry
        if let evaluation = manifest.evaluation, let baselineSource = evaluation.baseline {
            if let untrusted = untrustedBaseline(
                baselineSource, config: config, manifest: manifest, files: context.files)
            {
                return .refuse(untrusted)
            }
            var inputs = Inputs(
                candidate: try source(evaluation.candidate, key: "evaluation.candidate", files: context.files),
                baseline: try source(baselineSource, key: "evaluation.baseline", files: context.files),
                baselineName: baselineSource.name ?? "baseline")
            if let registry, let production = registry.production {
                let text =
                    "the manifest's evaluation files win over the registry: \(registry.candidateNode) and the "
                    + "production version \(production.version) (@\(registry.source.productionAlias ?? "")) were not compared"
                inputs.notes.append(Finding(rule: "performance.registry-overridden", message: text))
                inputs.markdown = "Sources: " + MarkdownEscaper.text(text) + ".\n\n"
            }
            return .compare(inputs)
        }
        guard let registry, let production = registry.production, let productionRun = registry.productionRun else {
            guard manifest.evaluation != nil else {
                throw InputError(
                    file: manifest.file, key: "evaluation", message: "the manifest has no evaluation section",
                    fix: "add evaluation.candidate and evaluation.baseline (predictions CSVs or metrics files), "
                        + "or registry.mlflow.production_alias")
            }
            throw InputError(
                file: manifest.file, key: "evaluation.baseline",
                message: "no baseline, so the candidate cannot be compared with the model in production",
                fix: "add evaluation.baseline with the production model's predictions or metrics, "
                    + "or registry.mlflow.production_alias")
        }
        let productionNode = "\(RegistrySnapshot.inputPrefix)\(production.model)/\(production.version)"
        guard config.baselineFrom.contains("registry") else {
            let trusted = config.baselineFrom.isEmpty ? "none" : config.baselineFrom.joined(separator: ", ")
            let finding = Finding(
                rule: "performance.untrusted-baseline",
                message:
                    "the baseline is the registry's production version \(productionNode) (registry.mlflow.production_alias "
                    + "in \(manifest.file)), but the policy trusts baselines only from: \(trusted) "
                    + "(checks.performance.baseline_from in \(config.file)) — add `registry` to baseline_from, "
                    + "or give evaluation.baseline.predictions")
            return .refuse(
                CheckOutcome(
                    findings: [finding],
                    summary: "baseline from an untrusted source (registry); the models were not compared",
                    measurements: [
                        "baseline_source": .string("registry"),
                        "baseline_from": .array(config.baselineFrom.map(JSONValue.string)),
                    ]))
        }

        // The candidate: the manifest's files when given, else the candidate run.
        var notes: [Finding] = []
        let candidate: EvaluationSource
        var described: [String] = []
        if let given = manifest.evaluation?.candidate {
            candidate = try source(given, key: "evaluation.candidate", files: context.files)
            notes.append(
                Finding(
                    rule: "performance.registry-overridden",
                    message: "the candidate's numbers come from the manifest's evaluation.candidate, not from "
                        + "\(registry.candidateNode)'s run (files win)"))
        } else if let predictions = registry.candidatePredictions, registry.productionPredictions != nil {
            candidate = .predictions(try PredictionsReader.parse(predictions.data, file: predictions.name))
            described.append("candidate predictions \(predictions.name)")
        } else {
            candidate = .metrics(metrics(of: registry.candidateRun, name: registry.candidateNode))
            described.append("candidate metrics of run \(registry.candidateRun.id)")
        }
        let baseline: EvaluationSource
        if case .predictions = candidate, let predictions = registry.productionPredictions {
            baseline = .predictions(try PredictionsReader.parse(predictions.data, file: predictions.name))
            described.append("production predictions \(predictions.name)")
        } else {
            baseline = .metrics(metrics(of: productionRun, name: productionNode))
            described.append("production metrics of run \(productionRun.id)")
        }
        let text =
            "from the MLflow registry at \(registry.server): " + described.joined(separator: ", ")
            + " (production = @\(registry.source.productionAlias ?? ""), version \(production.version))"
        notes.append(Finding(rule: "performance.registry", message: text))
        return .compare(
            Inputs(
                candidate: candidate, baseline: baseline,
                baselineName: "\(production.model) version \(production.version)", notes: notes,
                markdown: "Sources: " + MarkdownEscaper.text(text) + ".\n\n"))
    }

    /// A run's logged metrics (latest values) as a metrics source; non-finite values are left out,
    /// so a policy metric that is NaN is "not available", never compared.
    static func metrics(of run: RegistryRun, name: String) -> MetricsFile {
        var metrics: [String: MetricsFile.Metric] = [:]
        for (key, value) in run.metrics where value.isFinite {
            metrics[key] = MetricsFile.Metric(value: value, lower: nil, upper: nil, pValue: nil, line: 1)
        }
        return MetricsFile(file: "\(name) (run \(run.id) metrics)", form: .flat, metrics: metrics)
    }
}
