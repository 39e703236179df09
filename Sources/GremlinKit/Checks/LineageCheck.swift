// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Lineage Complete: The artifact traces back to raw data through every required stage, built from audited code.
public struct LineageCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "lineage",
        title: "Lineage Complete",
        rationale: "The artifact traces back to raw data through every required stage, built from audited code.",
        reads: "the manifest's lineage graph (YAML or OpenLineage) and local artifact files",
        needsManifest: true,
        after: [],
        keys: [
            Field("required_stages", .list(.string), default: .list(["raw", "split", "training", "artifact"].map(ConfigValue.string)),
                  doc: "stages the path from artifact to raw data must pass"),
            Field("verify_commits", .boolean, default: .bool(true), doc: "each run commit resolves and is an ancestor of the audited revision"),
            Field("verify_artifact_digest", .boolean, default: .bool(true), doc: "local artifact sha256 equals the manifest"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the lineage check is not built into this version of gremlin yet")
    }
}
