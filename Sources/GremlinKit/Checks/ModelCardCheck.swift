// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Model Card Generated: Every release ships a model card rendered from the evidence, not written by hand.
public struct ModelCardCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "model_card",
        title: "Model Card Generated",
        rationale: "Every release ships a model card rendered from the evidence, not written by hand.",
        reads: "the manifest and the results of the performance, bias, lineage and approvals checks",
        needsManifest: true,
        after: ["approvals", "bias", "lineage", "performance"],
        keys: [
            Field("path", .string, default: .string("docs/model_cards/{model}.md"),
                  doc: "where the card is written, relative to the repository root ({model} = model name)"),
            Field("required_fields", .list(.string), default: .list([]), doc: "manifest fields that must be present and non-empty"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the model_card check is not built into this version of gremlin yet")
    }
}
