// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin evaluate PREDICTIONS.csv [--baseline B.csv]`: the gate's metrics, intervals and paired difference.
    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "C-index, AUROC and hazard ratios with bootstrap CIs, and the paired difference against a baseline.",
            discussion: """
                PREDICTIONS.csv has the columns patient_id,time,event,score (any order, extra columns ignored). \
                --baseline takes a second predictions CSV (joined on patient_id; a paired bootstrap of the difference) \
                or a metrics JSON or .xlsx workbook (point comparison). --json prints the same shape as audit.json's performance measurements. \
                Exit 0, or 2 on bad input.
                """)

        @Argument(help: "The candidate's predictions CSV.") var predictions: String
        @Option(help: "The baseline's predictions CSV, or a metrics JSON file or Excel workbook (.xlsx).")
        var baseline: String?
        @Option(help: "The sheet of an .xlsx baseline (default: the first).") var baselineSheet: String?
        @Option(help: "In an .xlsx baseline with one row per model, the first cell of the baseline's row.")
        var baselineRow: String?
        @Option(help: "Bootstrap replicates (0: point estimates only).") var bootstrap: Int = 1000
        @Option(help: "Bootstrap seed.") var seed: Int = 20_241_201
        @Option(help: "Confidence level of the intervals.") var confidence: Double = 0.95
        @Option(help: "AUROC horizon in the time unit of the predictions (default: the median follow-up).") var horizon:
            Double?
        @Option(help: "What the score says: risk (higher = worse) or survival (higher = better; negated).")
        var score: ScoreDirection = .risk
        @Option(help: "The baseline's score direction, when it differs from --score.")
        var baselineScore: ScoreDirection?
        @Option(help: "Cox tie handling.") var ties: TieMethod = .efron
        @Flag(help: "Print JSON instead of a table.") var json = false

        func validate() throws {
            guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more") }
            guard confidence > 0, confidence < 1 else {
                throw ValidationError("--confidence must be strictly between 0 and 1, e.g. 0.95")
            }
            if baselineSheet != nil || baselineRow != nil, !MetricsReader.isWorkbook(baseline ?? "") {
                throw ValidationError("--baseline-sheet and --baseline-row need an .xlsx --baseline")
            }
            if let horizon, !(horizon > 0 && horizon.isFinite) {
                throw ValidationError("--horizon must be a positive time")
            }
        }

        func run() async throws {
            do {
                let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                let files = InputFiles(baseDirectory: here, rootDirectory: here, confined: false)
                let candidate = EvaluationSource.predictions(try PredictionsReader.read(predictions, files: files))
                var base: EvaluationSource?
                if let baseline {
                    base =
                        baseline.lowercased().hasSuffix(".json") || MetricsReader.isWorkbook(baseline)
                        ? .metrics(
                            try MetricsReader.read(
                                baseline, files: files, sheet: baselineSheet, row: baselineRow))
                        : .predictions(try PredictionsReader.read(baseline, files: files))
                }
                let settings = PerformanceSettings(
                    bootstrap: bootstrap, seed: UInt64(bitPattern: Int64(seed)), confidence: confidence,
                    ties: ties, horizon: horizon,
                    horizonSource: horizon == nil ? "median follow-up" : "--horizon",
                    score: score, baselineScore: baselineScore)
                let result = try PerformanceEvaluation.evaluate(
                    candidate: candidate, baseline: base, settings: settings)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    let data = try encoder.encode(JSONValue.object(result.measurements))
                    Console.out(String(decoding: data, as: UTF8.self) + "\n")
                } else {
                    Console.out(table(result))
                }
            } catch let error as InputError {
                throw Console.fail(error)
            } catch let error as InputErrors {
                throw Console.fail(error)
            }
        }

        /// A plain-text table for a terminal.
        func table(_ result: PerformanceEvaluation) -> String {
            var text = "candidate: \(result.candidateFile)\n"
            if let file = result.baselineFile { text += "baseline:  \(file)\n" }
            text += result.methodLine + "\n\n"
            var rows = [
                [
                    "metric", "candidate", result.baseline == nil ? "" : "baseline",
                    result.baseline == nil ? "" : (result.paired ? "delta (paired)" : "delta (point)"),
                    result.baseline == nil ? "" : "p (delta)",
                ]
            ]
            for name in result.metricNames {
                var candidateCell = result.cell(name, result.candidate[name])
                var baselineCell = result.baseline == nil ? "" : result.cell(name, result.baseline?[name])
                if name.hasPrefix("hazard_ratio") {
                    if let p = result.candidate[name]?.pValue {
                        candidateCell += ", " + result.pClause(p, bootstrap: false)
                    }
                    if let p = result.baseline?[name]?.pValue {
                        baselineCell += ", " + result.pClause(p, bootstrap: false)
                    }
                }
                let delta = result.baseline == nil ? "" : result.cell(name, result.delta[name], signed: true)
                let p = result.baseline == nil ? "" : result.pText(result.delta[name]?.pValue, bootstrap: result.paired)
                rows.append([result.title(name), candidateCell, baselineCell, delta, p])
            }
            let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let line = row.enumerated().map { column, cell in
                    cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
                text += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
            }
            if !result.notes.isEmpty {
                text += "\n" + result.notes.map { "note: \($0)\n" }.joined()
            }
            return text
        }
    }
}
