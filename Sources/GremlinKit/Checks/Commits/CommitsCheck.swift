// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Commit Hygiene: every commit in range is signed off, from an allowed domain, well titled.
public struct CommitsCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "commits",
        title: "Commit Hygiene",
        rationale: "Each change is attributable (DCO sign-off, company identity) and readable in history.",
        reads: "commits in range: --base, else the CI's merge base, else the last max_count",
        needsManifest: false,
        keys: [
            Field(
                "max_count", .integer(minimum: 1), default: .int(50),
                doc: "commits examined when neither --base nor a CI merge base is known"),
            Field(
                "sign_off", .boolean, default: .bool(false), doc: "require a Signed-off-by trailer matching the author"),
            Field(
                "email_domains", .list(.string), default: .list([]), doc: "allowed author and committer email domains"),
            Field("require_signature", .boolean, default: .bool(false), doc: "require a GPG/SSH signature"),
            Field("subject_pattern", .regex, doc: "a regex every subject line must match"),
            Field("forbidden_subjects", .list(.regex), default: .list([]), doc: "regexes no subject line may match"),
            Field("allow_merge_commits", .boolean, default: .bool(true), doc: "false: merge commits fail"),
        ],
        examples: ["sign_off: true\nsubject_pattern: '^(feat|fix): .+$'"]
    )

    public init() {}

    /// The `commits` policy section, regexes compiled once.
    public struct Config: CheckConfiguration {
        public var maxCount: Int
        public var signOff: Bool
        /// Lower-cased.
        public var emailDomains: [String]
        public var requireSignature: Bool
        public var subjectPattern: String?
        public var subject: NSRegularExpression?
        public var forbiddenSubjects: [(pattern: String, regex: NSRegularExpression)]
        public var allowMergeCommits: Bool

        public init(_ section: CheckConfig) throws {
            maxCount = try section.decode("max_count")
            signOff = try section.decode("sign_off")
            emailDomains = try section.decode("email_domains", as: [String].self).map { $0.lowercased() }
            requireSignature = try section.decode("require_signature")
            subjectPattern = section.decodeIfPresent("subject_pattern")
            subject = try section.regex("subject_pattern")
            forbiddenSubjects = zip(section.strings("forbidden_subjects"), try section.regexes("forbidden_subjects"))
                .map { ($0, $1) }
            allowMergeCommits = try section.decode("allow_merge_commits")
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let range = try context.commits.range(maxCount: config.maxCount)
        let rules = Rules(config)
        var findings: [Finding] = []
        for commit in range.commits {
            findings += rules.violations(of: commit)
        }
        let measurements: [String: JSONValue] = [
            "range": .string(range.origin),
            "base": range.base.map { .string($0.hex) } ?? .null,
            "commits": .int(range.commits.count),
            "merges": .int(range.commits.filter(\.isMerge).count),
            "violations": .int(findings.count),
        ]
        let offending = Set(findings.compactMap { $0.fingerprint }).count
        let summary = "\(range.commits.count) commits in \(range.origin); \(offending) with problems"
        return CheckOutcome(findings: findings, summary: summary, measurements: measurements)
    }

    /// The policy's commit rules, compiled once.
    struct Rules {
        var signOff: Bool
        var domains: [String]
        var requireSignature: Bool
        var subject: NSRegularExpression?
        var subjectPattern: String?
        var forbidden: [(pattern: String, regex: NSRegularExpression)]
        var allowMerges: Bool

        init(_ config: Config) {
            signOff = config.signOff
            domains = config.emailDomains
            requireSignature = config.requireSignature
            subject = config.subject
            subjectPattern = config.subjectPattern
            forbidden = config.forbiddenSubjects
            allowMerges = config.allowMergeCommits
        }

        func violations(of commit: CommitInfo) -> [Finding] {
            var problems: [(String, String)] = []
            if commit.isMerge {
                // Merge commits are made by the forge; only whether they are allowed matters.
                if !allowMerges { problems.append(("commits.merge", "merge commits are not allowed")) }
            } else {
                if signOff, let problem = signOffProblem(commit) { problems.append(("commits.sign-off", problem)) }
                if let subject, !Self.matches(subject, commit.subject) {
                    problems.append(("commits.subject", "subject does not match \(subjectPattern ?? "the pattern")"))
                }
                for rule in forbidden where Self.matches(rule.regex, commit.subject) {
                    problems.append(("commits.forbidden-subject", "subject matches forbidden pattern \(rule.pattern)"))
                }
            }
            if !domains.isEmpty {
                for (role, person) in [("author", commit.author), ("committer", commit.committer)] {
                    let domain = person.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
                    if !domains.contains(domain) {
                        problems.append(
                            (
                                "commits.email-domain",
                                "\(role) email domain '\(domain)' is not one of \(domains.joined(separator: ", "))"
                            ))
                    }
                }
            }
            if requireSignature && !commit.hasSignature {
                problems.append(("commits.signature", "commit is not signed (GPG/SSH)"))
            }
            let title = Self.displaySubject(commit.subject)
            return problems.map { rule, message in
                Finding(rule: rule, message: "\(commit.id.short) \(title): \(message)", fingerprint: commit.id.hex)
            }
        }

        func signOffProblem(_ commit: CommitInfo) -> String? {
            let signOffs = commit.trailers.filter { $0.key.lowercased() == "signed-off-by" }.map(\.value)
            guard !signOffs.isEmpty else { return "no Signed-off-by trailer (commit with `git commit -s`)" }
            let author = "\(commit.author.name) <\(commit.author.email)>".lowercased()
            for value in signOffs where value.trimmingCharacters(in: .whitespaces).lowercased() == author {
                return nil
            }
            return "Signed-off-by does not match the author \(commit.author.name) <\(commit.author.email)>"
        }

        static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }

        /// A subject shortened for messages; reports escape it.
        static func displaySubject(_ subject: String) -> String {
            let trimmed = subject.count > 60 ? String(subject.prefix(57)) + "…" : subject
            return "“\(trimmed)”"
        }
    }
}
