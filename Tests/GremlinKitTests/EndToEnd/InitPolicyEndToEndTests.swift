// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("gremlin init's neutral policy (end to end)", .serialized)
struct InitPolicyEndToEndTests {
    /// Findings that would come from the policy itself, not from the repository.
    static let policyCaused = [
        "commits.email-domain", "ip.license-not-allowed", "ip.missing-copyright", "ip.missing-header",
        "ip.missing-spdx",
    ]

    static let acme = [
        "GIT_AUTHOR_EMAIL": "dev@acme.example", "GIT_COMMITTER_EMAIL": "dev@acme.example",
        "GIT_AUTHOR_NAME": "Dev", "GIT_COMMITTER_NAME": "Dev",
    ]

    /// A repository of another organisation: Acme's authors, MIT headers, Acme's copyright.
    static func acmeRepository() throws -> GitFixture {
        let repo = try GitFixture(name: "acme-risk")
        let header = "# SPDX-License-Identifier: MIT\n# Copyright (c) 2025 Acme Corp\n"
        try repo.write("src/train.py", header + "print('train')\n")
        try repo.write("src/score.py", "#!/usr/bin/env python3\n" + header + "print('score')\n")
        try repo.write("scripts/run.sh", "#!/bin/sh\n# SPDX-License-Identifier: MIT\n# Copyright 2024-2025 Acme Corp\n")
        try repo.write("third_party/vendored.py", "# SPDX-License-Identifier: GPL-3.0-only\n# Copyright 2020 Other\n")
        try repo.write("eval/candidate.csv", "patient_id,time,event,score\nP1,10,1,0.3\nP2,12,0,0.1\n")
        try repo.commit("feat(model): first model code", environment: Self.acme, arguments: ["-s"])
        return repo
    }

    static func audit(_ repo: GitFixture, _ arguments: [String]) throws -> (Binary.Run, AuditReport) {
        let out = repo.sibling("out-\(UUID().uuidString.prefix(6))")
        let run = try Binary.run(["audit", "--out", out] + arguments, in: repo.url(""))
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/audit.json"))
        return (run, try JSONDecoder().decode(AuditReport.self, from: data))
    }

    @Test("init on another organisation's repository writes a policy its audit does not fail on")
    func neutralPolicy() throws {
        let repo = try Self.acmeRepository()
        let initRun = try Binary.run(["init", "--repo", repo.path, "--model", "acme_risk"])
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let production = try String(contentsOf: repo.url("policies/production.yaml"), encoding: .utf8)
        #expect(production.contains("email_domains: [acme.example]"))
        #expect(production.contains("spdx: [MIT]"))
        #expect(production.contains("Acme Corp'"))
        #expect(production.contains("# trusted_certifiers:"))
        #expect(production.contains("for acme_risk"))
        // The predictions have no subgroup columns: bias is disabled with a hint, not pointed at sex/age_band.
        #expect(production.contains("# groups: [sex, age_band]"))
        #expect(initRun.stdout.contains("bias check is disabled") || initRun.stderr.contains("bias check is disabled"))
        for name in ["production", "pre-merge", "release"] {
            let text = try String(contentsOf: repo.url("policies/\(name).yaml"), encoding: .utf8)
            #expect(!text.lowercased().contains("tempus"), "\(name).yaml")
        }
        try repo.commit("chore(gremlin): add the release gate", environment: Self.acme, arguments: ["-s"])

        for name in ["pre-merge", "production"] {
            var arguments = ["--policy", "policies/\(name).yaml"]
            if name == "production" { arguments += ["--manifest", "models/acme_risk/release.yaml"] }
            let (run, report) = try Self.audit(repo, arguments)
            // The evidence checks may error on this repository's missing evidence (a genuine problem);
            // the checks the derived values configure pass, and nothing blames the policy.
            for id in ["ip", "commits", "security"] {
                #expect(report.check(id)?.status == .pass, "\(name): \(id) \(report.check(id)?.summary ?? "")")
            }
            for result in report.checks where result.status == .error {
                #expect(!result.summary.contains("policies/"), "\(name): \(result.id): \(result.summary)")
            }
            let rules = report.checks.flatMap { $0.findings.map(\.rule) }
            for rule in Self.policyCaused { #expect(!rules.contains(rule), "\(name): \(rule) in \(rules)") }
            #expect(report.check("ip")?.findings.isEmpty == true, "\(name)")
            #expect(report.check("commits")?.findings.isEmpty == true, "\(name)")
            if name == "pre-merge" { #expect(run.status == 0, "\(run.stdout)") }
        }
    }

    @Test("a repository with no history and no headers gets commented examples and a policy that loads")
    func nothingToDerive() throws {
        let repo = try GitFixture(name: "blank")
        try repo.write("src/app.py", "print('hi')\n")
        try repo.git(["add", "-A"])
        let run = try Binary.run(["init", "--repo", repo.path])
        #expect(run.status == 0, "\(run.stderr)")
        let production = try String(contentsOf: repo.url("policies/production.yaml"), encoding: .utf8)
        #expect(production.contains("# email_domains: [example.org]"))
        #expect(production.contains("enabled: false"))
        #expect(!production.lowercased().contains("tempus"))
        #expect(run.stdout.contains("commits.email_domains is left commented"))
        let policy = try PolicyLoader.load(path: repo.url("policies/release.yaml").path)
        #expect(policy.name == "release")
    }
}
