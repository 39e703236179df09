// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation
import Testing

@testable import GremlinKit

@Suite("gremlin init and --staged (end to end)", .serialized)
struct InitEndToEndTests {
    static func read(_ repo: GitFixture, _ path: String) throws -> String {
        try String(contentsOf: repo.url(path), encoding: .utf8)
    }

    @Test("an empty repository gets neutral policies, a manifest that loads, and no CI file without a CI")
    func emptyRepository() throws {
        let repo = try GitFixture(name: "fresh-model")
        let run = try Binary.run(["init", "--repo", repo.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote policies/production.yaml (policy)\n"))
        #expect(run.stdout.contains("wrote models/fresh-model/release.yaml (release manifest)\n"))
        #expect(run.stdout.contains("4 files written, 0 kept\n"))
        #expect(run.stdout.contains("next: no CI detected"))
        for name in ["production", "pre-merge", "release"] {
            let shipped = try String(
                contentsOf: Fixtures.packageRoot.appendingPathComponent("policies/\(name).yaml"),
                encoding: .utf8)
            // Nothing to derive from an empty repository: the neutral rendering, with commented examples
            // (no predictions, so no subgroup columns: bias is disabled).
            var draft = PolicyDraft(model: "fresh-model")
            draft.biasGroups = []
            #expect(try Self.read(repo, "policies/\(name).yaml") == draft.render(shipped))
        }
        let manifest = try ManifestLoader.load(path: repo.url("models/fresh-model/release.yaml").path)
        #expect(manifest.model.name == "fresh-model")
        #expect(manifest.artifacts.isEmpty)
        let policy = try PolicyLoader.load(path: repo.url("policies/release.yaml").path)
        #expect(policy.name == "release")
    }

    @Test("a repository with evidence: the manifest points at the real files, with real digests, and the CI template")
    func populatedRepository() throws {
        let repo = try GitFixture(name: "risk")
        let weights = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try repo.write("artifacts/model.pt", bytes: weights)
        try repo.write("eval/candidate.csv", "patient_id,time,event,score\nP1,10,1,0.3\n")
        try repo.write("eval/production.csv", "patient_id,time,event,score\nP1,10,1,0.2\n")
        try repo.write("splits/train.csv", "subject_id,age\nS1,40\n")
        try repo.write("splits/test.csv", "subject_id,age\nS2,50\n")
        try repo.write("lineage.yaml", "datasets: []\n")
        try repo.write("approvals.yaml", "approvals: []\n")
        try repo.commit("feat: evidence")
        // Staged but not committed files count too; untracked ones do not.
        try repo.write("splits/validation.csv", "subject_id,age\nS3,60\n")
        try repo.git(["add", "splits/validation.csv"])
        try repo.write("eval/untracked.csv", "x\n")

        let run = try Binary.run(["init", "--repo", repo.path, "--ci", "github", "--model", "risk_v1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote .github/workflows/model-release.yml (GitHub Actions workflow)\n"))
        #expect(run.stdout.contains("6 files written, 0 kept\n"))

        let manifest = try ManifestLoader.load(path: repo.url("models/risk_v1/release.yaml").path)
        #expect(manifest.evaluation?.candidate.predictions == "../../eval/candidate.csv")
        #expect(manifest.evaluation?.baseline?.predictions == "../../eval/production.csv")
        #expect(manifest.splits?.files.map(\.name) == ["train", "validation", "test"])
        #expect(manifest.splits?.idColumn == "subject_id")
        #expect(manifest.lineage == "../../lineage.yaml")
        #expect(manifest.approvals == "../../approvals.yaml")
        let artifact = try #require(manifest.artifacts.first)
        #expect(artifact.path == "../../artifacts/model.pt")
        let expected = SHA256.hash(data: Data(weights)).map { String(format: "%02x", $0) }.joined()
        #expect(artifact.sha256 == expected)
        #expect(try !Self.read(repo, "models/risk_v1/release.yaml").contains("untracked"))
        #expect(
            try Self.read(repo, ".github/workflows/model-release.yml").contains("manifest: models/risk_v1/release.yaml")
        )
        #expect(FileManager.default.fileExists(atPath: repo.url(".github/workflows/gremlin.yml").path))
    }

    @Test("existing files are kept without --force and replaced with it")
    func noOverwrite() throws {
        let repo = try GitFixture(name: "keep")
        try repo.write("policies/production.yaml", "# my own policy\n")
        try repo.write("Jenkinsfile", "pipeline { agent any }\n")
        try repo.commit("feat: mine")

        let first = try Binary.run(["init", "--repo", repo.path, "--model", "m"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("kept policies/production.yaml: it exists (--force overwrites)\n"))
        #expect(first.stdout.contains("kept Jenkinsfile: it exists (--force overwrites)\n"))
        #expect(first.stdout.contains("wrote policies/pre-merge.yaml (policy)\n"))
        #expect(first.stdout.contains("3 files written, 2 kept\n"))
        #expect(try Self.read(repo, "policies/production.yaml") == "# my own policy\n")
        #expect(try Self.read(repo, "Jenkinsfile") == "pipeline { agent any }\n")

        try repo.write("models/m/release.yaml", "# edited by hand\n")
        let second = try Binary.run(["init", "--repo", repo.path, "--model", "m"])
        #expect(second.stdout.contains("0 files written, 5 kept\n"))
        #expect(try Self.read(repo, "models/m/release.yaml") == "# edited by hand\n")

        let forced = try Binary.run(["init", "--repo", repo.path, "--model", "m", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("overwrote policies/production.yaml (policy)\n"))
        #expect(forced.stdout.contains("overwrote Jenkinsfile (Jenkins pipeline)\n"))
        let shipped = try #require(EmbeddedTemplates.files["policies/production.yaml"])
        #expect(try Self.read(repo, "policies/production.yaml") != shipped)
        #expect(try Self.read(repo, "policies/production.yaml").contains("email_domains: [example.com]"))
        #expect(try Self.read(repo, "Jenkinsfile").contains("defaultValue: 'models/m/release.yaml'"))
    }

    @Test("init takes the CI from the environment; bad options are usage errors")
    func ciFromEnvironment() throws {
        let repo = try GitFixture(name: "lab")
        let run = try Binary.run(["init", "--repo", repo.path], environment: ["GITLAB_CI": "true"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.read(repo, ".gitlab-ci.yml").contains("manifest: models/lab/release.yaml"))

        #expect(try Binary.run(["init", "--repo", repo.path, "--ci", "circle"]).status != 0)
        let bad = try Binary.run(["init", "--repo", repo.path, "--model", "../escape"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--model"))
    }

    /// One CI's init output and how check-jsonschema validates it (the options the template
    /// tests use: GitLab's !reference tags and Azure's ${{ }} expressions need a transform).
    struct SchemaCase: Sendable, CustomTestStringConvertible {
        var ci: String
        var arguments: [String]
        var files: [String]
        var testDescription: String { ci }
    }

    static let schemaCases = [
        SchemaCase(
            ci: "github", arguments: ["--builtin-schema", "vendor.github-workflows"],
            files: [".github/workflows/gremlin.yml", ".github/workflows/model-release.yml"]),
        SchemaCase(
            ci: "gitlab", arguments: ["--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci"],
            files: [".gitlab-ci.yml"]),
        SchemaCase(
            ci: "azure",
            arguments: [
                "--builtin-schema", "vendor.azure-pipelines", "--data-transform",
                "azure-pipelines", "--regex-variant", "nonunicode",
            ],
            files: ["azure-pipelines.yml"]),
    ]

    @Test(
        "the CI files init writes validate against check-jsonschema's vendor schemas",
        arguments: InitEndToEndTests.schemaCases)
    func ciFilesValidate(_ item: SchemaCase) throws {
        let repo = try GitFixture(name: "schema-\(item.ci)")
        let run = try Binary.run(["init", "--repo", repo.path, "--ci", item.ci, "--model", "m"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONSchemaValidator.run(item.arguments + item.files.map { repo.url($0).path })
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("the Jenkinsfile init writes keeps the template's declarative structure")
    func jenkinsfile() throws {
        let repo = try GitFixture(name: "jenkins")
        #expect(try Binary.run(["init", "--repo", repo.path, "--ci", "jenkins", "--model", "m"]).status == 0)
        let text = try Self.read(repo, "Jenkinsfile")
        let template = try #require(EmbeddedTemplates.files["ci-templates/jenkins/Jenkinsfile"])
        #expect(
            text
                == template.replacingOccurrences(
                    of: "name: 'GREMLIN_MANIFEST', defaultValue: ''",
                    with: "name: 'GREMLIN_MANIFEST', defaultValue: 'models/m/release.yaml'"))
        #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
    }

    @Test("headers --staged checks the index, not the work tree, and only what changed")
    func headersStaged() throws {
        let repo = try GitFixture()
        try repo.write(
            "policies/production.yaml",
            """
            apiVersion: gremlin/v1
            kind: Policy
            checks:
              ip:
                include: ["**/*.py"]
                within_lines: 5
                spdx: [Apache-2.0]

            """)
        try repo.commit(
            "feat: start",
            files: [
                "legacy.py": "print('old debt')\n",
                "good.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
            ])
        // The whole tree has a legacy file without a header; a hook must not block on it.
        let whole = try Binary.run(["headers", "--repo", repo.path])
        #expect(whole.status == 1)

        let clean = try Binary.run(["headers", "--staged", "--repo", repo.path])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("0 staged files checked in the index (changes staged since HEAD), 0 without"))

        try repo.write("new.py", "print('no header')\n")
        try repo.git(["add", "new.py"])
        try repo.write("new.py", "# SPDX-License-Identifier: Apache-2.0\nprint('fixed only in the work tree')\n")
        let staged = try Binary.run(["headers", "--staged", "--repo", repo.path])
        #expect(staged.status == 1)
        #expect(staged.stdout.hasPrefix("new.py: "))
        #expect(staged.stdout.contains("1 staged files checked"))

        let all = try Binary.run(["headers", "--staged", "--all", "--repo", repo.path])
        #expect(all.status == 1)
        #expect(all.stdout.contains("legacy.py: ") && all.stdout.contains("new.py: "))

        // pre-commit may pass file names (relative to the current directory).
        let named = try Binary.run(["headers", "--staged", "--all", "good.py"], in: URL(fileURLWithPath: repo.path))
        #expect(named.status == 0, "\(named.stdout)\(named.stderr)")

        #expect(try Binary.run(["headers", "--staged", "--fix", "--repo", repo.path]).status != 0)
        #expect(try Binary.run(["headers", "--staged", "--rev", "HEAD", "--repo", repo.path]).status != 0)
    }
}
