// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

@testable import GremlinKit

/// Runs an audit in-process on a fixture repository with a policy written for the test.
enum AuditHarness {
    static func audit(
        _ fixture: GitFixture, policy: String, only: [String] = [], base: String? = nil,
        revision: String = "HEAD", manifest: String? = nil,
        environment: [String: String] = [:]
    ) throws -> AuditReport {
        try audit(
            path: fixture.path, scratch: fixture.root, policy: policy, only: only, base: base,
            revision: revision, manifest: manifest, environment: environment)
    }

    /// The same for a repository at `path` (a clone or worktree made beside a fixture).
    static func audit(
        path: String, scratch: URL, policy: String, only: [String] = [], base: String? = nil,
        revision: String = "HEAD", manifest: String? = nil,
        environment: [String: String] = [:]
    ) throws -> AuditReport {
        let policyPath = scratch.appendingPathComponent("policy-\(UUID().uuidString.prefix(6)).yaml").path
        try Data(policy.utf8).write(to: URL(fileURLWithPath: policyPath))
        var options = AuditOptions()
        options.repository = path
        options.revision = revision
        options.base = base
        options.policy = policyPath
        options.manifest = manifest
        options.only = only
        options.outDirectory = nil
        options.environment = environment
        return AuditRunner(options: options).run()
    }

    /// A policy document with the given `checks:` body (already indented by two spaces).
    static func policy(_ checks: String) -> String {
        "apiVersion: gremlin/v1\nkind: Policy\nname: test\nchecks:\n" + checks
    }
}
