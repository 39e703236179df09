// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The production-candidate tag: its name, its message and who signs it as tagger.
public enum ReleaseTag {
    /// `models/<name>/v<version>`; a version already written `v1.2.3` is not prefixed twice.
    public static func name(model: String, version: String) -> String {
        let bare =
            version.hasPrefix("v") && version.dropFirst().first?.isNumber == true
            ? String(version.dropFirst()) : version
        return "models/\(model)/v\(bare)"
    }

    /// The annotation: a title line, then the audit summary as `key: value` lines and one line per check.
    public static func message(
        model: String, version: String, commit: String, audit: AuditReport,
        auditDigest: String
    ) -> String {
        var lines = [
            "Release \(model) \(version) (\(ReleaseRecord.stage))",
            "",
            "stage: \(ReleaseRecord.stage)",
            "model: \(model)",
            "version: \(version)",
            "commit: \(commit)",
            "verdict: \(audit.verdict.rawValue)",
            "policy: \(audit.policy)",
            "audit: sha256:\(auditDigest)",
            "audited-at: \(audit.generatedAt)",
            "",
            "checks:",
        ]
        let width = audit.checks.map(\.id.count).max() ?? 0
        for check in audit.checks.sorted(by: { $0.id < $1.id }) {
            let id = check.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let status = check.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(id)  \(status)  \(singleLine(check.summary))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The tagger: `GIT_COMMITTER_NAME`/`EMAIL` (as git uses them), else the repository's
    /// `user.name`/`user.email`; the time is `SOURCE_DATE_EPOCH` when set, for reproducible tags.
    public static func tagger(repository: Repository, environment: [String: String]) throws -> Signature {
        let configured = repository.defaultSignature()
        let name = nonEmpty(environment["GIT_COMMITTER_NAME"]) ?? configured?.name
        let email = nonEmpty(environment["GIT_COMMITTER_EMAIL"]) ?? configured?.email
        guard let name, let email else {
            throw InputError(
                key: "tagger", message: "no identity to write the tag with",
                fix: "set GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL, or git config user.name / user.email")
        }
        var time = configured?.time ?? Int64(Date().timeIntervalSince1970)
        if let epoch = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(epoch.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
                throw InputError(
                    key: "SOURCE_DATE_EPOCH", message: "'\(epoch)' is not a number of seconds since 1970",
                    fix: "set it to e.g. $(git log -1 --format=%ct)")
            }
            time = seconds
            return Signature(name: name, email: email, time: time, offsetMinutes: 0)
        }
        return Signature(name: name, email: email, time: time, offsetMinutes: configured?.offsetMinutes ?? 0)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }

    private static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
