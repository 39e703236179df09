// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Bias Analysis: The model is not markedly worse for any sizeable subgroup of patients.
public struct BiasCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "bias",
        title: "Bias Analysis",
        rationale: "The model is not markedly worse for any sizeable subgroup of patients.",
        reads: "the candidate predictions' subgroup columns",
        needsManifest: true,
        after: [],
        keys: [
            Field("groups", .list(.string), default: .list([]), doc: "subgroup columns of the predictions file"),
            Field("max_gap", .number, default: .double(0.05), doc: "largest allowed drop of a group below the overall metric"),
            Field("min_group_size", .integer(minimum: 1), default: .int(50), doc: "smaller groups are reported as insufficient"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the bias check is not built into this version of gremlin yet")
    }
}
