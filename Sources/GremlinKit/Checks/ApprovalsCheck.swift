// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Approval Chain: Each accountable role signed off on this release.
public struct ApprovalsCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "approvals",
        title: "Approval Chain",
        rationale: "Each accountable role signed off on this release.",
        reads: "the manifest's approvals file and Approved-by trailers of the commits in range",
        needsManifest: true,
        after: [],
        keys: [
            Field("required_roles", .list(.string), default: .list([]), doc: "roles that must have an approved record"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the approvals check is not built into this version of gremlin yet")
    }
}
