// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// An approval the gate did not count, and why.
public struct RejectedApproval: Error, Sendable, Equatable {
    public var record: ApprovalRecord
    /// `approvals.self-approval`, `approvals.not-role-holder`, …
    public var rule: String
    /// A complete sentence naming the record's source and the rule it broke.
    public var reason: String
}

/// A commit that last changed some line of an approvals-file record, and its author.
public struct RecordCommit: Sendable, Equatable {
    public var commit: ObjectID
    public var author: Signature
}

/// Who wrote the lines of an approvals-file record, as the audited commit's history tells it.
public enum RecordAuthorship: Sendable, Equatable {
    /// The commits that last changed the record's lines.
    case commits([RecordCommit])
    /// The history cannot say (file not committed, or differing from the audited commit).
    case unknown(String)
}

/// Decides which approval records count: an approval stands only when its approver gave it.
///
/// The rules, in the order they are applied to each `approved` record (pending and rejected
/// records are kept as they are: neither can approve anything):
/// 1. dated within [training commit, audit time];
/// 2. a trailer's approver is not the author of the commit that carries it;
/// 3. a file record's lines were written by commits its approver authored;
/// 4. the approver holds the role (`approvals.roles`), when the policy names holders;
/// 5. with `require_signature`, the commit carrying a trailer, or every commit that wrote a file
///    record, is signed by a key the policy lists for the approver;
/// 6. an approver of a role in `independent_roles` authored no commit in range that changed the
///    released model (its artifacts, evaluation files or manifest);
/// 7. one person approves at most one required role, unless `allow_multiple_roles`.
public struct ApprovalRules: Sendable {
    /// Role → email patterns (`*` wildcards) of the people who may approve it.
    public var holders: [String: [String]]
    /// A role the policy names no holders for cannot be approved.
    public var requireHolders: Bool
    public var allowMultipleRoles: Bool
    /// Whether an approval needs a commit signature by the approver (see `signedBy`).
    public var requireSignature: Bool
    /// Roles whose approver must not have authored a change to the model under release.
    public var independentRoles: [String] = []
    /// Commits in range that changed the model under release, and their authors.
    public var modelChanges: [RecordCommit] = []
    public var requiredRoles: [String]
    /// The audit clock's day, `YYYY-MM-DD`.
    public var today: String
    /// The training commit's day and short id, when the lineage names one.
    public var trainedOn: (day: String, commit: String)?

    public init(
        holders: [String: [String]] = [:], requireHolders: Bool = false, allowMultipleRoles: Bool = false,
        requireSignature: Bool = false, requiredRoles: [String], today: String,
        trainedOn: (day: String, commit: String)? = nil
    ) {
        self.requireSignature = requireSignature
        self.holders = holders
        self.requireHolders = requireHolders
        self.allowMultipleRoles = allowMultipleRoles
        self.requiredRoles = requiredRoles
        self.today = today
        self.trainedOn = trainedOn
    }

    /// Splits `records` into those that count and those rejected. `authorship` is indexed like
    /// `records` and read only for file records; `signedBy(commit, email)` says whether the commit
    /// carries a valid signature by a key the policy lists for that email (read only with
    /// `requireSignature`).
    public func judge(
        _ records: [ApprovalRecord], authorship: (Int) -> RecordAuthorship,
        signedBy: (ObjectID, String) -> Bool = { _, _ in false }
    ) -> (kept: [ApprovalRecord], rejected: [RejectedApproval]) {
        var kept: [(index: Int, record: ApprovalRecord, person: String)] = []
        var rejected: [(index: Int, RejectedApproval)] = []
        for (index, record) in records.enumerated() {
            guard record.status == "approved" else {
                kept.append((index, record, ""))
                continue
            }
            switch check(record, authorship: { authorship(index) }, signedBy: signedBy) {
            case .success(let person): kept.append((index, record, person))
            case .failure(let reason): rejected.append((index, reason))
            }
        }
        if !allowMultipleRoles {
            var rolesByPerson: [String: Set<String>] = [:]
            for entry in kept where entry.record.status == "approved" && requiredRoles.contains(entry.record.role) {
                rolesByPerson[entry.person, default: []].insert(entry.record.role)
            }
            kept.removeAll { entry in
                guard entry.record.status == "approved", requiredRoles.contains(entry.record.role),
                    let roles = rolesByPerson[entry.person], roles.count > 1
                else { return false }
                let list = requiredRoles.filter(roles.contains).joined(separator: ", ")
                rejected.append(
                    (
                        entry.index,
                        reject(
                            entry.record, "approvals.multiple-roles",
                            "the same person approves \(roles.count) required roles (\(list)); one person holds "
                                + "at most one unless the policy sets allow_multiple_roles")
                    ))
                return true
            }
        }
        return (kept.map(\.record), rejected.sorted { $0.index < $1.index }.map(\.1))
    }

    /// The person an approved record stands for (lower-cased email, else name), or why it does not count.
    private func check(
        _ record: ApprovalRecord, authorship: () -> RecordAuthorship, signedBy: (ObjectID, String) -> Bool
    ) -> Result<String, RejectedApproval> {
        if let date = record.date {
            if date > today {
                return .failure(
                    reject(record, "approvals.future-dated", "it is dated \(date), after the audit (\(today))"))
            }
            if let trained = trainedOn, date < trained.day {
                return .failure(
                    reject(
                        record, "approvals.before-training",
                        "it is dated \(date), before the training commit \(trained.commit) (\(trained.day)): "
                            + "it cannot approve a model that did not exist yet"))
            }
        }
        var email = record.email.map(Self.fold)
        switch record.origin {
        case .trailer(let commit, let author, _):
            let sameName = record.name.map { !$0.isEmpty && Self.fold($0) == Self.fold(author.name) } ?? false
            if sameName || Self.samePerson(name: record.name, email: record.email, as: author) {
                return .failure(
                    reject(
                        record, "approvals.self-approval",
                        "the approver is the author of commit \(commit.short), which carries the approval; "
                            + "an approval must come from someone other than the author"))
            }
            if requireSignature, !(email.map { signedBy(commit, $0) } ?? false) {
                return .failure(unsigned(record, [commit]))
            }
        case .file:
            switch authorship() {
            case .unknown(let why):
                return .failure(reject(record, "approvals.unattributed", why))
            case .commits(let commits):
                let authors = commits.map(\.author)
                guard !authors.isEmpty else {
                    return .failure(
                        reject(record, "approvals.unattributed", "its lines could not be traced to a commit"))
                }
                if let other = authors.first(where: {
                    !Self.samePerson(name: record.name, email: record.email, as: $0)
                }) {
                    return .failure(
                        reject(
                            record, "approvals.not-by-approver",
                            "its lines were written by \(other.name), not by the approver: a record in the "
                                + "approvals file counts only when the approver committed it"))
                }
                email = email ?? authors.first.map { Self.fold($0.email) }
                let unsignedCommits = commits.map(\.commit).filter { commit in
                    !(email.map { signedBy(commit, $0) } ?? false)
                }
                if requireSignature, !unsignedCommits.isEmpty {
                    return .failure(unsigned(record, unsignedCommits))
                }
            }
        case nil:
            break
        }
        if independentRoles.contains(record.role),
            let change = modelChanges.first(where: {
                Self.samePerson(name: record.name, email: email ?? record.email, as: $0.author)
            })
        {
            return .failure(
                reject(
                    record, "approvals.approver-changed-model",
                    "the approver authored commit \(change.commit.short), which changed the model under release; "
                        + "\(record.role) is in independent_roles, so it needs someone who did not"))
        }
        if let patterns = holders[record.role] {
            let matches = email.map { address in patterns.contains { Self.matches(address, pattern: $0) } } ?? false
            if !matches {
                return .failure(
                    reject(
                        record, "approvals.not-role-holder",
                        "\(email == nil ? "the approver has no email address and " : "the approver ")is not listed "
                            + "in approvals.roles.\(record.role)"))
            }
        } else if requireHolders {
            return .failure(
                reject(
                    record, "approvals.no-role-holders",
                    "the policy names no one who may approve \(record.role) (approvals.roles.\(record.role))"))
        }
        return .success(email ?? "name:" + Self.fold(record.name ?? ""))
    }

    private func unsigned(_ record: ApprovalRecord, _ commits: [ObjectID]) -> RejectedApproval {
        reject(
            record, "approvals.unsigned",
            "commit \(commits.map(\.short).joined(separator: ", ")) is not signed by a key the policy lists for the "
                + "approver (approvals.signers), and require_signature is set")
    }

    private func reject(_ record: ApprovalRecord, _ rule: String, _ why: String) -> RejectedApproval {
        RejectedApproval(
            record: record, rule: rule,
            reason: "the \(record.role) approval from \(record.source) was not counted: \(why)")
    }

    /// Lower-cased, surrounding whitespace and inner runs of spaces collapsed.
    static func fold(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The same email (case-insensitive), or, when the record has no email, the same name.
    static func samePerson(name: String?, email: String?, as signature: Signature) -> Bool {
        if let email, !email.isEmpty { return fold(email) == fold(signature.email) }
        guard let name, !name.isEmpty else { return false }
        return fold(name) == fold(signature.name)
    }

    /// An email against a pattern: exact (case-insensitive), with `*` matching any run of characters.
    static func matches(_ email: String, pattern: String) -> Bool {
        let text = Array(fold(email).unicodeScalars)
        let glob = Array(fold(pattern).unicodeScalars)
        var (t, g, star, mark) = (0, 0, -1, 0)
        while t < text.count {
            if g < glob.count, glob[g] != "*", glob[g] == text[t] {
                t += 1
                g += 1
            } else if g < glob.count, glob[g] == "*" {
                star = g
                mark = t
                g += 1
            } else if star >= 0 {
                g = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == "*" { g += 1 }
        return g == glob.count
    }
}
