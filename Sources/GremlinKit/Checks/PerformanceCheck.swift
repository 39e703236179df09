// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Performance Gate: The candidate beats the model in production on the policy metric, by a margin the data supports.
public struct PerformanceCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "performance",
        title: "Performance Gate",
        rationale: "The candidate beats the model in production on the policy metric, by a margin the data supports.",
        reads: "the manifest's evaluation predictions or metrics files",
        needsManifest: true,
        after: [],
        keys: [
            Field("metric", .string, default: .string("c_index"), doc: "c_index | auroc | hazard_ratio_per_sd | any key of a metrics file"),
            Field("higher_is_better", .boolean, default: .bool(true), doc: "direction of improvement"),
            Field("min_delta", .number, default: .double(0), doc: "candidate − baseline must exceed this"),
            Field("require_significant", .boolean, default: .bool(false),
                  doc: "the paired-bootstrap CI of the difference must lie above min_delta"),
            Field("absolute_min", .number, doc: "the candidate must score above this"),
            Field("confidence", .number, default: .double(0.95), doc: "confidence level of the intervals"),
            Field("bootstrap", .integer(minimum: 0), default: .int(1000), doc: "bootstrap replicates; 0 gives point estimates only"),
            Field("seed", .integer, default: .int(20241201), doc: "bootstrap seed"),
            Field("ties", .oneOf(["efron", "breslow"]), default: .string("efron"), doc: "tie handling of the Cox model"),
            Field("horizon", .number, doc: "AUROC horizon in the time unit of the predictions (default: median follow-up)"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the performance check is not built into this version of gremlin yet")
    }
}
