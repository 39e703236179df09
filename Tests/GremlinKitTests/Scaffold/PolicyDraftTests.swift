// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("gremlin init's neutral policy")
struct PolicyDraftTests {
    static let names = ["production", "pre-merge", "release"]

    /// Writes the three rendered policies into a temporary folder and loads each.
    static func load(_ draft: PolicyDraft) throws -> [String: Policy] {
        let directory = try Fixtures.temporaryDirectory("policy-draft")
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in names {
            let text = draft.render(try #require(EmbeddedTemplates.files["policies/\(name).yaml"]))
            try Fixtures.write(text, to: "policies/\(name).yaml", in: directory)
        }
        var policies: [String: Policy] = [:]
        for name in names {
            policies[name] = try PolicyLoader.load(
                path: directory.appendingPathComponent("policies/\(name).yaml").path)
        }
        return policies
    }

    @Test("nothing derived: no organisation's value survives outside a comment, and the policies load")
    func neutralWithoutFacts() throws {
        let draft = PolicyDraft(model: "m")
        for name in Self.names {
            let text = draft.render(try #require(EmbeddedTemplates.files["policies/\(name).yaml"]))
            let live = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            for line in live {
                #expect(!line.lowercased().contains("tempus"), "\(name): \(line)")
                #expect(!line.contains("text_anchor_date_redaction"), "\(name): \(line)")
            }
        }
        let policies = try Self.load(draft)
        let production = try #require(policies["production"])
        #expect(production.settings(for: "ip")?.enabled == false)
        let commits = try #require(production.settings(for: "commits"))
        #expect(commits.enabled)
        #expect(try CommitsCheck.Config(commits.config).emailDomains.isEmpty)
        #expect(try PIICheck.Config(try #require(production.settings(for: "pii")).config).trustedCertifiers.isEmpty)
    }

    @Test("derived values replace the organisation's, and the copyright regex matches the holder's lines")
    func derivedValues() throws {
        let draft = PolicyDraft(
            emailDomains: ["acme.example", "users.noreply.github.com"], spdx: ["Apache-2.0", "MIT"],
            copyrightHolder: "Acme Corp. (R&D)", model: "risk")
        let production = try #require(try Self.load(draft)["production"])
        let ip = try IPCheck.Config(try #require(production.settings(for: "ip")).config)
        #expect(ip.spdx == ["Apache-2.0", "MIT"])
        let regex = try #require(ip.copyright)
        func matches(_ line: String) -> Bool {
            regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
        }
        #expect(matches("# Copyright (c) 2025 Acme Corp. (R&D)"))
        #expect(matches("// Copyright 2024-2026 Acme Corp. (R&D)"))
        #expect(matches("# Copyright 2024, 2025 Acme Corp. (R&D)"))
        #expect(RegexSafety.problem(in: PolicyDraft.copyrightRegex("Acme Corp. (R&D)")) == nil)
        #expect(!matches("# Copyright (c) 2025 Acme CorpX (R&D)"))
        #expect(!matches("# Copyright (c) 2025 Tempus"))
        let commits = try CommitsCheck.Config(try #require(production.settings(for: "commits")).config)
        #expect(commits.emailDomains == ["acme.example", "users.noreply.github.com"])
    }

    @Test("headers: SPDX ids inside comments, the most common holder, closers and 'All rights reserved' dropped")
    func headers() {
        func file(_ path: String, _ text: String) -> (path: String, bytes: [UInt8]) { (path, Array(text.utf8)) }
        let (ids, holder) = PolicyDraft.headers([
            file("a.py", "# SPDX-License-Identifier: MIT\n# Copyright (c) 2025 Acme Corp\n"),
            file(
                "b.c",
                "/* SPDX-License-Identifier: Apache-2.0 OR MIT */\n/* Copyright 2024 Acme Corp. All rights reserved. */\n"
            ),
            file("c.swift", "// Copyright (c) 2023 Other Ltd\n"),
            file("d.py", "x = 'SPDX-License-Identifier: GPL-3.0-only'\n"),
        ])
        #expect(ids == ["Apache-2.0", "MIT"])
        #expect(holder == "Acme Corp")
        #expect(PolicyDraft.headers([]).holder == nil)
    }

    @Test("email domains: authors and committers, lower-cased, merges left out")
    func domains() throws {
        func commit(_ author: String, _ committer: String, merge: Bool = false) -> CommitInfo {
            let id = ObjectID.zero
            return CommitInfo(
                id: id, tree: id, parents: merge ? [id, id] : [id],
                author: Signature(name: "a", email: author, time: 0, offsetMinutes: 0),
                committer: Signature(name: "c", email: committer, time: 0, offsetMinutes: 0),
                message: "m", subject: "m", trailers: [], hasSignature: false)
        }
        let found = PolicyDraft.domains([
            commit("Dev@ACME.example", "bot@ci.acme.example"),
            commit("x@forge.example", "noreply@forge.example", merge: true),
            commit("no-at-sign", "dev@acme.example"),
        ])
        #expect(found == ["acme.example", "ci.acme.example"])
    }

    @Test("bias groups come from the candidate predictions' columns, or the check is disabled")
    func biasGroupsFromThePredictions() throws {
        #expect(PolicyDraft.subgroupColumns(header: "patient_id,time,event,score,site,Sex\r") == ["site", "Sex"])
        #expect(PolicyDraft.subgroupColumns(header: "patient_id\ttime\tevent\tscore").isEmpty)
        let template = "  bias:\n    severity: block\n    groups: [sex, age_band]\n"
        var draft = PolicyDraft(model: "m")
        #expect(draft.render(template) == template)
        draft.biasGroups = ["site"]
        #expect(draft.render(template).contains("    groups: [site]   # the candidate predictions' subgroup columns"))
        draft.biasGroups = []
        let disabled = draft.render(template)
        #expect(disabled.contains("    enabled: false") && disabled.contains("    # groups: [sex, age_band]"))
        #expect(draft.hints.contains { $0.contains("bias check is disabled") })
    }
}
