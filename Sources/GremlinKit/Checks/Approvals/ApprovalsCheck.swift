// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Approval Chain: Each accountable role signed off on this release.
public struct ApprovalsCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "approvals",
        title: "Approval Chain",
        rationale: "Each accountable role signed off on this release.",
        reads: "the manifest's approvals file (and who committed each record), Approved-by trailers of the "
            + "commits in range, and the lineage's training commit",
        needsManifest: true,
        after: [],
        keys: [
            Field("required_roles", .list(.string), default: .list([]), doc: "roles that must have an approved record"),
            Field(
                "roles", .dictionary(.list(.string)), default: .map([]),
                doc: "role → who may approve it: emails, `*` wildcards allowed (`*@example.org`)"),
            Field(
                "require_role_holders", .boolean, default: .bool(false),
                doc: "a required role missing from `roles` cannot be approved"),
            Field(
                "allow_multiple_roles", .boolean, default: .bool(false),
                doc: "one person may approve more than one required role"),
            Field(
                "independent_roles", .list(.string), default: .list([]),
                doc: "roles whose approver authored no commit in range that changed the model's artifacts, "
                    + "evaluation files or manifest"),
            Field(
                "require_signature", .boolean, default: .bool(false),
                doc: "an approval counts only with an SSH commit signature by the approver (see `signers`)"),
            Field(
                "signers", .list(.string), default: .list([]),
                doc: "trusted keys, one per entry in git's allowed-signers form: `email ssh-ed25519 AAAA…`"),
        ],
        examples: [
            "required_roles: [model_owner]",
            "required_roles: [model_owner, mlops_lead]\nroles:\n  model_owner: [j.smith@example.org]\n"
                + "  mlops_lead: [\"*@mlops.example.org\"]\nrequire_role_holders: true",
        ]
    )

    /// Commits searched for `Approved-by` trailers when neither `--base` nor a CI merge base is
    /// known: the last 50, the `commits` check's default, so both checks share one walk.
    public static let maxCommits = 50

    public init() {}

    /// The `approvals` policy section.
    public struct Config: CheckConfiguration {
        public var requiredRoles: [String]
        public var roles: [String: [String]]
        public var requireRoleHolders: Bool
        public var allowMultipleRoles: Bool
        public var requireSignature: Bool
        public var signers: [AllowedSigner]
        public var independentRoles: [String]

        public init(_ section: CheckConfig) throws {
            requiredRoles = try section.decode("required_roles")
            roles = [:]
            for entry in section["roles"]?.entries ?? [] { roles[entry.key] = entry.value.strings ?? [] }
            requireRoleHolders = try section.decode("require_role_holders")
            allowMultipleRoles = try section.decode("allow_multiple_roles")
            requireSignature = try section.decode("require_signature")
            independentRoles = try section.decode("independent_roles")
            let lines: [String] = try section.decode("signers")
            signers = try lines.enumerated().map { index, line in
                guard let signer = AllowedSigner(line: line) else {
                    throw InputError(
                        file: section.file, key: "checks.approvals.signers[\(index)]",
                        message: "is not an Ed25519 key in git's allowed-signers form",
                        fix: "write `email ssh-ed25519 AAAA…` (the line `ssh-keygen -y -f KEY` prints, after the email)"
                    )
                }
                return signer
            }
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "approvals")
        var records: [ApprovalRecord] = []
        var authorship: (ClosedRange<Int>) -> RecordAuthorship = { _ in .unknown("") }
        if let path = manifest.approvals {
            let data = try context.files.read(path, what: "approvals file", key: "approvals")
            records += try ApprovalsReader.parse(data, file: context.files.portableName(context.files.url(path)))
            authorship = try ApprovalProvenance.fileAuthorship(path, context: context)
        }
        // Version tags `approval.<role>` = `name|date|status` of the registry's candidate. MLflow does
        // not record who set a tag: the report says so for each one counted.
        let fromRegistry = try context.registry?.approvals() ?? []
        records += fromRegistry
        let fromFile = records.count
        let range = try context.commits.range(maxCount: Self.maxCommits)
        var notes: [Finding] = fromRegistry.map { record in
            Finding(
                rule: "approvals.registry-tag",
                message: "the \(record.role) record comes from \(record.source); the registry does not record who "
                    + "set it, so it rests on the registry's edit permissions")
        }
        for commit in range.commits {
            let (found, malformed) = ApprovalsReader.trailers(of: commit)
            records += found
            for _ in malformed {
                notes.append(
                    Finding(
                        rule: "approvals.malformed-trailer",
                        message: "commit \(commit.id.short) has an Approved-by trailer without the "
                            + "`Name <email> (role)` shape; it was ignored"))
            }
        }
        var rules = ApprovalRules(
            holders: config.roles, requireHolders: config.requireRoleHolders,
            allowMultipleRoles: config.allowMultipleRoles, requireSignature: config.requireSignature,
            requiredRoles: config.requiredRoles,
            today: String(try AuditClock.timestamp(environment: context.environment).prefix(10)),
            trainedOn: ApprovalProvenance.trainingDay(manifest: manifest, context: context))
        if !config.independentRoles.isEmpty {
            rules.independentRoles = config.independentRoles
            rules.modelChanges = try ApprovalProvenance.modelChanges(manifest: manifest, range: range, context: context)
        }
        let (kept, rejected) = rules.judge(
            records,
            authorship: { index in
                guard case .file(let lines) = records[index].origin else { return .unknown("") }
                return authorship(lines)
            },
            signedBy: { commit, email in
                ApprovalProvenance.signed(commit, by: email, signers: config.signers, context: context)
            })
        notes += rejected.map { Finding(rule: $0.rule, message: $0.reason) }
        let chain = Self.chain(records: kept, required: config.requiredRoles)
        for row in chain where !row.required && row.record != nil {
            notes.append(
                Finding(
                    rule: "approvals.undeclared-role",
                    message: "role \(row.role) is not one the policy requires (required_roles); its record is shown "
                        + "but approves nothing"))
        }
        let findings = chain.filter { $0.required && !$0.satisfied }.map { row in
            let refused = rejected.filter { $0.record.role == row.role }.count
            let suffix = refused == 0 ? "" : "; \(refused) approval(s) for it were not counted (see the notes)"
            return Finding(
                rule: "approvals.\(row.record == nil ? "missing" : row.status)",
                message: (row.record == nil
                    ? "role \(row.role) has no approval record"
                    : "role \(row.role) is \(row.status) (\(row.record?.name ?? "unnamed"), \(row.record?.source ?? "")), not approved")
                    + suffix)
        }
        let approved = chain.filter { $0.required && $0.satisfied }.count
        let required = chain.filter(\.required).count
        let measurements: [String: JSONValue] = [
            "chain": .array(chain.map(\.json)),
            "required": .array(config.requiredRoles.map(JSONValue.string)),
            "missing": .array(chain.filter { $0.required && !$0.satisfied }.map { JSONValue.string($0.role) }),
            "trailer_range": .string(range.origin),
            "records": .int(kept.count),
            "not_counted": .array(
                rejected.map {
                    .object([
                        "role": .string($0.record.role), "source": .string($0.record.source), "rule": .string($0.rule),
                    ])
                }),
        ]
        return CheckOutcome(
            findings: findings,
            summary: "\(approved) of \(required) required role(s) approved; \(fromFile) record(s) from the approvals "
                + "file, \(records.count - fromFile) from Approved-by trailers in \(range.commits.count) commit(s)"
                + (rejected.isEmpty ? "" : "; \(rejected.count) approval(s) not counted"),
            measurements: measurements, markdown: Self.table(chain) + Self.rejectedTable(rejected), notes: notes,
            evidence: [Chain(rows: chain)])
    }

    /// One row of the Approval Chain table.
    /// The approval chain, handed to the model card.
    public struct Chain: CheckEvidence {
        public var rows: [Row]
    }

    public struct Row: Sendable, Equatable {
        public var role: String
        public var required: Bool
        /// The record that decides the role's state (approved over pending; rejected over all).
        public var record: ApprovalRecord?
        public var status: String { record?.status ?? "missing" }
        /// Approved, and no one refused.
        public var satisfied: Bool

        var json: JSONValue {
            .object([
                "role": .string(role), "required": .bool(required), "status": .string(status),
                "name": record?.name.map(JSONValue.string) ?? .null,
                "date": record?.date.map(JSONValue.string) ?? .null,
                "source": record.map { JSONValue.string($0.source) } ?? .null,
            ])
        }
    }

    /// Required roles in policy order, then any other role seen, alphabetically. A `rejected`
    /// record outweighs an approval; an approval outweighs `pending`.
    public static func chain(records: [ApprovalRecord], required: [String]) -> [Row] {
        var roles = required
        for role in Set(records.map(\.role)).sorted() where !roles.contains(role) { roles.append(role) }
        return roles.map { role in
            let mine = records.filter { $0.role == role }
            let rejected = mine.first { $0.status == "rejected" }
            let approved = mine.first { $0.status == "approved" }
            let deciding = rejected ?? approved ?? mine.first
            return Row(
                role: role, required: required.contains(role), record: deciding,
                satisfied: rejected == nil && approved != nil)
        }
    }

    /// The Approval Chain table (role, name, date, status).
    public static func table(_ rows: [Row]) -> String {
        var lines = ["| Role | Name | Date | Status |", "| --- | --- | --- | --- |"]
        for row in rows {
            let mark = row.satisfied ? "✅" : (row.required ? "❌" : "➖")
            lines.append(
                "| \(MarkdownEscaper.text(row.role)) | \(MarkdownEscaper.text(row.record?.name ?? "—")) | "
                    + "\(MarkdownEscaper.text(row.record?.date ?? "—")) | \(mark) \(row.status) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Approvals that were given but not counted, with the rule each broke.
    public static func rejectedTable(_ rejected: [RejectedApproval]) -> String {
        guard !rejected.isEmpty else { return "" }
        var lines = ["", "Not counted:", "", "| Role | Name | Source | Rule |", "| --- | --- | --- | --- |"]
        for item in rejected {
            lines.append(
                "| \(MarkdownEscaper.text(item.record.role)) | \(MarkdownEscaper.text(item.record.name ?? "—")) | "
                    + "\(MarkdownEscaper.text(item.record.source)) | \(item.rule) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
