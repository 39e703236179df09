// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The shipped policies made neutral for a new repository: the organisation-specific values
/// (email domains, SPDX ids, copyright holder, PII certifiers) replaced by what the repository
/// itself shows, or by commented examples when it shows nothing, so that a fresh `gremlin init`
/// never fails on someone else's organisation.
public struct PolicyDraft: Sendable, Equatable {
    /// Email domains of the authors and committers of recent non-merge commits, sorted.
    public var emailDomains: [String] = []
    /// SPDX license ids the tracked source files already carry, sorted.
    public var spdx: [String] = []
    /// The most common holder of `Copyright (c) YEAR HOLDER` lines in those files.
    public var copyrightHolder: String?
    /// The model the manifest was drafted for.
    public var model: String = ""
    /// Subgroup columns of the drafted candidate predictions (`bias.groups`); nil keeps the
    /// template's line, empty disables the bias check with a hint.
    public var biasGroups: [String]?

    public init(emailDomains: [String] = [], spdx: [String] = [], copyrightHolder: String? = nil, model: String = "") {
        self.emailDomains = emailDomains
        self.spdx = spdx
        self.copyrightHolder = copyrightHolder
        self.model = model
    }

    /// Commits whose author and committer domains are collected.
    static let historyDepth = 200
    /// Source files read for headers (their first bytes only).
    static let maxFiles = 5000
    static let headerBytes = 4096
    static let headerLines = 20
    /// Folders whose files carry other people's headers (the shipped `ip.exclude`).
    static let excluded = [Glob("**/third_party/**"), Glob("**/*.pb.swift")]

    /// What the repository shows: history from HEAD (none on an unborn branch), headers of `entries`.
    public static func derive(repository: Repository, entries: [TreeEntry], model: String) throws -> PolicyDraft {
        var draft = PolicyDraft(model: model)
        if let head = try? repository.resolve("HEAD") {
            let commits = try repository.walkCommits(from: head, excluding: nil, limit: historyDepth).commits
            draft.emailDomains = domains(commits)
        }
        let known = CommentSyntax.sourceExtensions
        let sources = entries.filter { entry in
            (entry.kind == .blob || entry.kind == .executable)
                && known.contains((entry.path as NSString).pathExtension.lowercased())
                && !excluded.contains { $0.matches(entry.path) }
        }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }.prefix(maxFiles)
        let blobs = try repository.readBlobs(sources.map(\.oid), prefix: headerBytes)
        let headers = zip(sources, blobs).map { (path: $0.path, bytes: $1) }
        (draft.spdx, draft.copyrightHolder) = Self.headers(headers)
        return draft
    }

    /// The domains of the authors' and committers' emails, merges left out (the forge makes them).
    static func domains(_ commits: [CommitInfo]) -> [String] {
        var found = Set<String>()
        for commit in commits where !commit.isMerge {
            for email in [commit.author.email, commit.committer.email] {
                guard let at = email.lastIndex(of: "@") else { continue }
                let domain = email[email.index(after: at)...].lowercased()
                if !domain.isEmpty
                    && domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-".contains($0)) })
                {
                    found.insert(domain)
                }
            }
        }
        return found.sorted()
    }

    static let copyrightPattern = try! NSRegularExpression(
        pattern: #"Copyright\s+(?:\([cC]\)\s+|©\s+)?(?:19|20)[0-9]{2}(?:\s*[-–,]\s*(?:19|20)[0-9]{2})*,?\s+(\S.*)$"#)

    /// SPDX ids (comment-aware, as the `ip` check reads them) and the most common copyright holder.
    static func headers(_ files: [(path: String, bytes: [UInt8])]) -> (spdx: [String], holder: String?) {
        let rule = HeaderRule(withinLines: headerLines, spdx: [], copyright: nil)
        var ids = Set<String>()
        var holders: [String: Int] = [:]
        for file in files {
            let inspection = rule.inspect(file.bytes[...], syntax: CommentSyntax.forPath(file.path))
            guard inspection.skip == nil else { continue }
            if let expression = inspection.spdx?.expression {
                for id in HeaderRule.licenseIDs(expression) where id.allSatisfy(isSPDXCharacter) { ids.insert(id) }
            }
            let text = String(decoding: file.bytes, as: UTF8.self)
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).prefix(headerLines) {
                let line = String(line)
                let range = NSRange(line.startIndex..., in: line)
                guard let match = copyrightPattern.firstMatch(in: line, range: range),
                    let holderRange = Range(match.range(at: 1), in: line),
                    let holder = cleanHolder(String(line[holderRange]))
                else { continue }
                holders[holder, default: 0] += 1
                break
            }
        }
        let holder = holders.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        return (ids.sorted(), holder)
    }

    static func isSPDXCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "-.+:".contains(c))
    }

    /// The holder without comment closers, "All rights reserved." and trailing punctuation.
    static func cleanHolder(_ text: String) -> String? {
        var holder = HeaderRule.cleanExpression(text)
        if let range = holder.range(of: "all rights reserved", options: .caseInsensitive) {
            holder = String(holder[..<range.lowerBound])
        }
        holder = holder.trimmingCharacters(in: CharacterSet(charactersIn: " \t.,;"))
        guard !holder.isEmpty, holder.count <= 80, !holder.contains("'") else { return nil }
        return holder
    }

    /// The copyright regex for `holder`: the shipped year forms, then the holder, escaped.
    public static func copyrightRegex(_ holder: String) -> String {
        #"Copyright (\(c\) |© )?(19|20)[0-9]{2}((-|–|, ?)(19|20)[0-9]{2})?,? "#
            + NSRegularExpression.escapedPattern(for: holder)
    }

    /// `template` (a shipped policy) with the organisation-specific lines replaced.
    public func render(_ template: String) -> String {
        var out: [String] = []
        for line in template.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indent = String(line.prefix { $0 == " " })
            let body = line.dropFirst(indent.count)
            if body.hasPrefix("name: ") && indent.isEmpty && !model.isEmpty {
                out.append("# Written by `gremlin init` for \(model): the organisation-specific values below come from")
                out.append(
                    "# this repository (recent commit authors, file headers); review them before you rely on it.")
                out.append(line)
            } else if body.hasPrefix("email_domains:") {
                if emailDomains.isEmpty {
                    out.append(
                        "\(indent)# email_domains: [example.org]   # no commit to learn them from: list your own")
                } else {
                    out.append(
                        "\(indent)email_domains: [\(emailDomains.joined(separator: ", "))]   "
                            + "# seen in the last \(Self.historyDepth) commits")
                }
            } else if body.hasPrefix("spdx:") {
                if spdx.isEmpty {
                    if copyrightHolder == nil {
                        out.append(
                            "\(indent)enabled: false                   # no SPDX id or copyright line in the tracked "
                                + "sources: set spdx/copyright, then drop this line")
                    }
                    out.append("\(indent)# spdx: [Apache-2.0]            # the license ids your files may carry")
                } else {
                    out.append(
                        "\(indent)spdx: [\(spdx.map(Self.flowScalar).joined(separator: ", "))]   "
                            + "# the ids the tracked sources carry")
                }
            } else if body.hasPrefix("copyright:") {
                if let copyrightHolder {
                    let regex = Self.copyrightRegex(copyrightHolder).replacingOccurrences(of: "'", with: "''")
                    out.append("\(indent)copyright: '\(regex)'")
                } else {
                    out.append(
                        "\(indent)# copyright: 'Copyright (\\(c\\) )?(19|20)[0-9]{2}(-(19|20)[0-9]{2})? Your Org'")
                }
            } else if body.hasPrefix("groups:"), let biasGroups {
                if biasGroups.isEmpty {
                    out.append(
                        "\(indent)enabled: false                   # the candidate predictions have no subgroup "
                            + "columns: add them, set groups, then drop this line")
                    out.append("\(indent)# groups: [sex, age_band]")
                } else {
                    out.append(
                        "\(indent)groups: [\(biasGroups.map(Self.flowScalar).joined(separator: ", "))]   "
                            + "# the candidate predictions' subgroup columns")
                }
            } else if body.hasPrefix("trusted_certifiers:") {
                out.append(
                    "\(indent)# trusted_certifiers: [privacy_office]   # whose `scrubbed` status you trust: name yours")
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// What the user still has to decide in the policies.
    public var hints: [String] {
        var hints: [String] = []
        if emailDomains.isEmpty {
            hints.append(
                "policies/*.yaml: no commit yet, so commits.email_domains is left commented: list your domains")
        }
        if spdx.isEmpty && copyrightHolder == nil {
            hints.append(
                "policies/*.yaml: no SPDX id or copyright line in the tracked sources, so the ip check is disabled: "
                    + "set spdx/copyright and remove `enabled: false`")
        }
        if biasGroups?.isEmpty == true {
            hints.append(
                "policies/production.yaml: the candidate predictions have no subgroup columns, so the bias check is "
                    + "disabled: add columns (sex, age_band…) and set bias.groups")
        }
        hints.append(
            "policies/production.yaml: name the certifiers whose `scrubbed` status you trust in pii.trusted_certifiers")
        return hints
    }

    /// The subgroup columns of a predictions CSV header: every column but the ID, time, event and score.
    public static func subgroupColumns(header: String) -> [String] {
        let separator: Character = header.contains("\t") && !header.contains(",") ? "\t" : ","
        let reserved: Set<String> = ["patient_id", "time", "event", "score"]
        return header.split(separator: separator).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && !reserved.contains($0.lowercased()) }
    }

    /// An SPDX id as a YAML flow scalar (quoted when YAML would read it otherwise).
    static func flowScalar(_ id: String) -> String {
        id.allSatisfy({ $0.isLetter || $0.isNumber || "-.+".contains($0) }) && id.first?.isLetter == true
            ? id : "'\(id)'"
    }
}
