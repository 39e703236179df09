// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// PII Scrubbed: No personal data reaches the model downstream of a trusted scrub, and sample files hold none.
public struct PIICheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "pii",
        title: "PII Scrubbed",
        rationale: "No personal data reaches the model downstream of a trusted scrub, and sample files hold none.",
        reads: "the lineage graph and the manifest's pii_scan files",
        needsManifest: true,
        after: [],
        keys: [
            Field("allowed_status", .list(.oneOf(["scrubbed", "none", "present", "unknown"])), default: .list([.string("scrubbed"), .string("none")]),
                  doc: "PII statuses a dataset at or downstream of the trusted scrub may have"),
            Field("trusted_certifiers", .list(.string), default: .list([]),
                  doc: "certifiers whose `scrubbed` status is trusted"),
            Field("detectors", .list(.oneOf(["email", "ssn", "phone", "credit_card", "ipv4", "date_of_birth"])),
                  default: .list(["email", "ssn", "phone", "credit_card", "ipv4", "date_of_birth"].map(ConfigValue.string)),
                  doc: "content detectors run over pii_scan files"),
            Field("patterns", .dictionary(.regex), default: .map([]), doc: "extra named regexes treated as PII"),
        ]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        throw CheckError("the pii check is not built into this version of gremlin yet")
    }
}
