// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Leakage Verified: No patient appears in two of the train, validation and test splits.
public struct LeakageCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "leakage",
        title: "Leakage Verified",
        rationale: "No patient appears in two of the train, validation and test splits.",
        reads: "the manifest's split files",
        needsManifest: true,
        after: [],
        keys: [
            Field("normalize", .oneOf(["trim", "casefold"]), default: .string("trim"),
                  doc: "trim: strip whitespace, BOM, CR; casefold: then compare case-insensitively"),
            Field("splits", .list(.string), default: .list(["train", "validation", "test"].map(ConfigValue.string)),
                  doc: "split names, in the order overlap pairs are reported"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the leakage check is not built into this version of gremlin yet")
    }
}
