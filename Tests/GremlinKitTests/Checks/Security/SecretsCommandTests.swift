// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin secrets` through the real executable.
@Suite struct SecretsCommandTests {
    @Test func listsRedactedThenBaselinesThenPasses() throws {
        let repo = try GitFixture()
        let token = "glpat-" + FakeToken.b64url(20, 6001)
        try repo.commit("feat(cfg): token", files: ["ci/deploy.env": "A=1\nGITLAB_TOKEN=\(token)\n"])
        let directory = URL(fileURLWithPath: repo.path)

        let listed = try Binary.run(["secrets", "--repo", repo.path], in: directory)
        #expect(listed.status == 1, "\(listed.stderr)")
        #expect(listed.stdout.contains("ci/deploy.env:2:14: gitlab-pat glpa…"))
        #expect(!listed.stdout.contains(token) && !listed.stderr.contains(token))

        let updated = try Binary.run(["secrets", "--baseline-update", "--repo", repo.path], in: directory)
        #expect(updated.status == 0, "\(updated.stderr)")
        let baseline = try SecretsBaseline.load(from: repo.url(SecretsBaseline.defaultPath))
        #expect(baseline.entries.map(\.rule) == ["gitlab-pat"])
        #expect(baseline.entries.map(\.path) == ["ci/deploy.env"])
        let written = try String(contentsOf: repo.url(SecretsBaseline.defaultPath), encoding: .utf8)
        #expect(!written.contains(token))

        let again = try Binary.run(["secrets", "--repo", repo.path], in: directory)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("(baselined)"))
    }

    /// The pre-commit mode scans what is staged, not HEAD: a secret staged but not committed
    /// is refused, and once committed (nothing staged) the hook passes.
    @Test func stagedScansTheIndex() throws {
        let repo = try GitFixture()
        try repo.commit("feat(cfg): clean", files: ["app.py": "x = 1\n"])
        let token = "glpat-" + FakeToken.b64url(20, 6002)
        try repo.write("app.py", "x = 1\nTOKEN = '\(token)'\n")
        try repo.git(["add", "app.py"])
        let directory = URL(fileURLWithPath: repo.path)
        let staged = try Binary.run(["secrets", "--staged", "--repo", repo.path], in: directory)
        #expect(staged.status == 1, "\(staged.stderr)")
        #expect(staged.stdout.contains("app.py:2:10: gitlab-pat glpa…"))
        #expect(!staged.stdout.contains(token) && !staged.stderr.contains(token))
        let tree = try Binary.run(["secrets", "--repo", repo.path], in: directory)
        #expect(tree.status == 0, "HEAD's tree is still clean: \(tree.stdout)")
        try repo.commit("feat(cfg): token")
        let after = try Binary.run(["secrets", "--staged", "--repo", repo.path], in: directory)
        #expect(after.status == 0)
        #expect(after.stdout.contains("0 files scanned"))
        let refused = try Binary.run(["secrets", "--staged", "--baseline-update"], in: directory)
        #expect(refused.status == 2)
    }
}
