// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Everything a check may read: the repository at the audited revision, its policy section,
/// the manifest and its files, the commit range and the results of checks that ran before it.
public struct CheckContext: Sendable {
    /// The repository under audit (read through libgit2).
    public let repository: Repository
    /// The revision as the user gave it (`HEAD`, a branch, a sha).
    public let revision: String
    /// The audited commit.
    public let commit: ObjectID
    /// This check's validated policy section.
    public let config: CheckConfig
    /// The severity the policy gives this check.
    public let severity: Severity
    /// The release manifest, when `--manifest` was given.
    public let manifest: Manifest?
    /// Reads files named by the manifest and records their digests for `audit.json`.
    public let files: InputFiles
    /// The commits in range (shared by `commits`, `security` and `approvals`).
    public let commits: CommitRangeResolver
    /// Process environment (CI variables), injected so tests can set it.
    public let environment: [String: String]
    /// Results of the checks this one runs after (`CheckDescriptor.after`).
    public let earlier: [String: CheckResult]
    /// The whole policy, for settings one check shares with another (the lineage section's
    /// `tag_sources` decide which graph every check reading the lineage sees).
    public let policy: Policy?
    /// What the audit read from the manifest's model registry (`registry:`), read once before
    /// the checks run; `nil` without one.
    public let registry: RegistrySnapshot?

    public init(
        repository: Repository, revision: String, commit: ObjectID, config: CheckConfig, severity: Severity,
        manifest: Manifest?, files: InputFiles, commits: CommitRangeResolver,
        environment: [String: String], earlier: [String: CheckResult], policy: Policy? = nil,
        registry: RegistrySnapshot? = nil
    ) {
        self.repository = repository
        self.revision = revision
        self.commit = commit
        self.config = config
        self.severity = severity
        self.manifest = manifest
        self.files = files
        self.commits = commits
        self.environment = environment
        self.earlier = earlier
        self.policy = policy
        self.registry = registry
    }

    /// The result of an earlier check this one runs after, by type.
    public func earlier<C: Check>(_ check: C.Type) -> CheckResult? {
        earlier[C.descriptor.id]
    }

    /// The manifest, or an input error saying the check needs one.
    public func requireManifest(for check: String) throws -> Manifest {
        guard let manifest else {
            throw InputError(
                message: "the \(check) check needs a release manifest",
                fix: "pass --manifest path/to/release.yaml, or disable the check in the policy")
        }
        return manifest
    }
}
