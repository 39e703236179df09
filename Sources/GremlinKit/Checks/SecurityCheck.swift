// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Security Scan: No secret, forbidden file, oversized blob or unsafe pickle ships with the model.
public struct SecurityCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "security",
        title: "Security Scan",
        rationale: "No secret, forbidden file, oversized blob or unsafe pickle ships with the model.",
        reads: "git objects at the audited revision and the commits in range; local artifact files",
        needsManifest: false,
        after: [],
        keys: [
            Field("secrets", .boolean, default: .bool(true), doc: "scan the audited tree for secrets"),
            Field("scan_history", .boolean, default: .bool(false), doc: "also scan lines added by the commits in range"),
            Field("baseline", .string, default: .string(".gremlin/secrets-baseline.json"),
                  doc: "fingerprints of accepted findings, relative to the repository root"),
            Field("forbidden_paths", .list(.string), default: .list([]), doc: "gitignore-style globs no tracked file may match"),
            Field("max_blob_bytes", .integer(minimum: 1), default: .int(10_485_760), doc: "largest blob allowed in the tree"),
            Field("pickle_scan", .boolean, default: .bool(true), doc: "scan pickles and PyTorch archives for unsafe imports"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the security check is not built into this version of gremlin yet")
    }
}
