// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `gremlin release` never trusts a verdict it did not compute: it re-runs the audit in-process
/// (same policy, commit, manifest and `--base`; every check the policy enables; no reports
/// written) and releases only when that fresh audit is ready and complete and audit.json agrees.
struct ReleaseRecompute {
    let options: ReleaseOptions

    /// The command that produces a complete audit for this release.
    func auditCommand(policy: String?) -> String {
        var words = ["gremlin audit", "--manifest", options.manifest]
        if let policy { words += ["--policy", policy] }
        if options.repository != "." { words += ["--repo", options.repository] }
        if options.revision != "HEAD" { words += ["--rev", options.revision] }
        return words.joined(separator: " ") + " (without --only/--skip)"
    }

    /// The recorded policy file as a path that works from the current directory: as recorded
    /// (relative to the repository root) when that is where we are, else absolute.
    func displayPolicy(_ audit: AuditReport, root: URL) -> String? {
        guard let recorded = audit.policyFile, !recorded.isEmpty, !recorded.hasPrefix("/") else {
            return audit.policyFile
        }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        return here.path == root.path ? recorded : root.appendingPathComponent(recorded).path
    }

    /// Reasons a partial audit, or one that does not say what ran, cannot be released.
    func completeness(of audit: AuditReport, policy: String?) -> [String] {
        guard let coverage = audit.coverage, let complete = audit.complete else {
            return [
                "\(options.audit): the audit does not record which checks the policy enables and which ran (written by an older gremlin?) — run \(auditCommand(policy: policy))"
            ]
        }
        guard !complete || !coverage.complete else { return [] }
        let missing = coverage.missing.map { id in
            coverage.skipReason(id).map { "\(id) (\($0.detail))" } ?? id
        }
        let names = missing.isEmpty ? "" : ": " + missing.joined(separator: ", ") + " did not run"
        return [
            "\(options.audit): the audit is partial (\(coverage.fraction) the policy enables)\(names) — a release needs a complete audit: run \(auditCommand(policy: policy))"
        ]
    }

    /// The policy file to recompute with: `--policy`, else the one audit.json records.
    func policyPath(audit: AuditReport, root: URL) throws -> String {
        if let policy = options.policy { return policy }
        guard let recorded = audit.policyFile, !recorded.isEmpty else {
            throw ReleaseRefused([
                "\(options.audit): the audit does not record its policy file — pass --policy, or run \(auditCommand(policy: nil))"
            ])
        }
        return recorded.hasPrefix("/") ? recorded : root.appendingPathComponent(recorded).path
    }

    /// The audited policy must be the policy now on disk (same digest over the `extends:` chain).
    func policyReasons(audit: AuditReport, policyPath: String) throws -> [String] {
        let policy = try PolicyLoader.load(path: policyPath)
        guard let digest = PolicyDigest.of(policy) else {
            throw InputError(file: policyPath, message: "cannot read the policy", fix: "check its permissions")
        }
        guard let audited = audit.policyDigest, audited.lowercased() == digest else {
            let was = audit.policyDigest.map { "\($0.prefix(12))…" } ?? "none recorded"
            return [
                "\(policyPath): the policy (digest \(digest.prefix(12))…) is not the one the audit used (\(was)) — release with the audited policy, or re-run \(auditCommand(policy: policyPath))"
            ]
        }
        return []
    }

    /// Runs the audit again, in-process and without writing anything. Setup problems (an unreadable
    /// manifest or policy) throw, as they would for `gremlin audit` (exit 2).
    func recompute(audit: AuditReport, policyPath: String) throws -> AuditReport {
        var auditOptions = AuditOptions()
        auditOptions.repository = options.repository
        auditOptions.revision = options.revision
        auditOptions.base = audit.base
        auditOptions.manifest = options.manifest
        auditOptions.policy = policyPath
        auditOptions.outDirectory = nil
        auditOptions.environment = options.environment
        let runner = AuditRunner(options: auditOptions)
        let setup = try runner.prepare()
        return runner.execute(setup, generatedAt: audit.generatedAt)
    }

    /// Reasons to refuse: the fresh audit is not ready and complete, or audit.json disagrees with it.
    func compare(given audit: AuditReport, fresh: AuditReport) -> [String] {
        var reasons: [String] = []
        let commit = String(fresh.commit.prefix(12))
        if fresh.verdict != .ready {
            let failing = fresh.checks.filter { $0.status == .fail || $0.status == .error }
                .map { "\($0.id) (\($0.summary.split(separator: "\n").first ?? ""))" }
            reasons.append(
                "a fresh audit of \(commit) is \(fresh.verdict.rawValue): \(failing.joined(separator: "; ")) — fix the failing checks and re-run gremlin audit"
            )
        }
        if let coverage = fresh.coverage, !coverage.complete {
            reasons.append(
                "a fresh audit of \(commit) is partial: \(coverage.missing.joined(separator: ", ")) did not run — check the policy"
            )
        }
        let differences = differences(given: audit, fresh: fresh)
        if !differences.isEmpty {
            reasons.append(
                "\(options.audit): audit.json does not match a fresh audit of \(commit): edited or stale — re-run gremlin audit (differs: \(differences.joined(separator: "; ")))"
            )
        }
        return reasons
    }

    /// What audit.json says that the fresh audit does not: verdict, commit, policy, completeness, statuses.
    func differences(given audit: AuditReport, fresh: AuditReport) -> [String] {
        var differences: [String] = []
        if audit.verdict != fresh.verdict {
            differences.append("verdict \(audit.verdict.rawValue), fresh \(fresh.verdict.rawValue)")
        }
        if audit.commit.lowercased() != fresh.commit {
            differences.append("commit \(audit.commit.prefix(12)), fresh \(fresh.commit.prefix(12))")
        }
        if audit.policyDigest?.lowercased() != fresh.policyDigest {
            differences.append("policy digest")
        }
        if audit.complete != fresh.complete || audit.coverage != fresh.coverage {
            differences.append("coverage")
        }
        let ids = (audit.checks.map(\.id) + fresh.checks.map(\.id)).reduce(into: [String]()) { ids, id in
            if !ids.contains(id) { ids.append(id) }
        }
        for id in ids.sorted() {
            let given = audit.check(id)?.status.rawValue ?? "absent"
            let recomputed = fresh.check(id)?.status.rawValue ?? "absent"
            if given != recomputed { differences.append("\(id) \(given), fresh \(recomputed)") }
        }
        return differences
    }
}
