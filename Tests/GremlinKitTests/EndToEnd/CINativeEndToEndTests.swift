// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The real binary under each CI's variables, on a repository with a base branch and a PR
/// branch: the detected range, the annotations, the Code Quality file.
@Suite("CI-native output (end to end)", .serialized)
struct CINativeEndToEndTests {
    static let policy = """
        apiVersion: gremlin/v1
        kind: Policy
        name: ci-e2e
        checks:
          ip:
            severity: block
            include: ["**/*.py"]
            within_lines: 5
            spdx: [Apache-2.0]
          commits:
            severity: block
            max_count: 50
            sign_off: true
            subject_pattern: '^(feat|fix|docs|test)(\\([a-z]+\\))?: .+$'

        """

    /// A PR fixture: main has two commits, `feature` forks from the second and adds three (one
    /// not signed off, one adding hostile file names without headers); then main moves on.
    struct PullRequest {
        let repo: GitFixture
        let policyPath: String
        let forkPoint: String
        let featureHead: String
        let out: URL
    }

    static let hostileNames = ["src/a,b:c%.py", "src/evil\n::error::pwned.py"]

    static func pullRequest() throws -> PullRequest {
        let repo = try GitFixture()
        let signOff = "\n\nSigned-off-by: \(GitFixture.authorName) <\(GitFixture.authorEmail)>"
        try repo.commit(
            "feat: initial" + signOff, files: ["src/ok.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n"])
        let forkPoint = try repo.commit("docs: readme" + signOff, files: ["README.md": "# model\n"])
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.commit(
            "feat: add scoring" + signOff,
            files: ["src/score.py": "# SPDX-License-Identifier: Apache-2.0\nprint(2)\n"])
        try repo.commit(
            "fix: no sign-off here", files: ["src/fix.py": "# SPDX-License-Identifier: Apache-2.0\nprint(3)\n"])
        for name in hostileNames { try repo.write(name, "print('no header')\n") }
        let head = try repo.commit("test: hostile names" + signOff)
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("docs: main moves on" + signOff, files: ["CHANGELOG.md": "- more\n"])
        try repo.git(["checkout", "-q", "feature"])
        let policyPath = try Fixtures.write(policy, to: "policy.yaml", in: repo.root)
        return PullRequest(
            repo: repo, policyPath: policyPath, forkPoint: forkPoint, featureHead: head,
            out: repo.root.appendingPathComponent("out"))
    }

    static func audit(_ pr: PullRequest, environment: [String: String]) throws -> Binary.Run {
        try? FileManager.default.removeItem(at: pr.out)
        return try Binary.run(
            ["audit", "--repo", pr.repo.path, "--policy", pr.policyPath, "--out", pr.out.path, "--quiet"],
            environment: environment.merging(["SOURCE_DATE_EPOCH": "1704067200"]) { $1 })
    }

    static func commitsMeasurements(_ pr: PullRequest) throws -> [String: Any] {
        let data = try Data(contentsOf: pr.out.appendingPathComponent("audit.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        let commits = try #require(checks.first { $0["id"] as? String == "commits" })
        return try #require(commits["measurements"] as? [String: Any])
    }

    /// One CI's pull-request environment and the range origin it should produce.
    struct CICase: Sendable, CustomTestStringConvertible {
        var ci: String
        var environment: [String: String]
        var expected: String
        var testDescription: String { ci }
    }

    static let cases = [
        CICase(
            ci: "GitHub", environment: ["GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_BASE_REF": "main"],
            expected: "main..HEAD (GitHub Actions merge base)"),
        CICase(
            ci: "GitLab", environment: ["GITLAB_CI": "true", "CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "<fork>"],
            expected: "<fork>..HEAD (GitLab CI merge base)"),
        CICase(
            ci: "Jenkins", environment: ["JENKINS_URL": "http://jenkins.invalid/", "CHANGE_TARGET": "main"],
            expected: "main..HEAD (Jenkins merge base)"),
        CICase(
            ci: "Azure", environment: ["TF_BUILD": "True", "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main"],
            expected: "main..HEAD (Azure Pipelines merge base)"),
        CICase(
            ci: "Buildkite",
            environment: ["BUILDKITE": "true", "CI": "true", "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main"],
            expected: "main..HEAD (Buildkite merge base)"),
    ]

    @Test("each CI's pull-request variables give the PR range", arguments: CINativeEndToEndTests.cases)
    func range(_ item: CICase) throws {
        let (ci, environment, expected) = (item.ci, item.environment, item.expected)
        let pr = try Self.pullRequest()
        let env = environment.mapValues { $0 == "<fork>" ? pr.forkPoint : $0 }
        let run = try Self.audit(pr, environment: env)
        #expect(run.status == 1, "\(ci): \(run.stderr)")
        let measurements = try Self.commitsMeasurements(pr)
        #expect(measurements["range"] as? String == expected.replacingOccurrences(of: "<fork>", with: pr.forkPoint))
        #expect(measurements["commits"] as? Int == 3)
        #expect(measurements["base"] as? String == pr.forkPoint)

        // Code Quality is written under every CI: the two hostile files, nothing without a path.
        let data = try Data(contentsOf: pr.out.appendingPathComponent("gl-code-quality.json"))
        let issues = try JSONDecoder().decode([CodeQualityReport.Issue].self, from: data)
        #expect(issues.map(\.location.path) == Self.hostileNames.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(issues.allSatisfy { $0.checkName == "ip.missing-spdx" || $0.checkName == "ip.missing-header" })
        #expect(issues.allSatisfy { $0.severity == "blocker" && $0.location.lines.begin == 1 })

        // Annotations only under GitHub Actions.
        let commands = run.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        if ci == "GitHub" {
            #expect(commands.count == 3)
        } else {
            #expect(commands.isEmpty, "\(ci) printed workflow commands: \(commands)")
        }
    }

    @Test("generic CI=true has no PR base: the last max_count commits")
    func generic() throws {
        let pr = try Self.pullRequest()
        let run = try Self.audit(pr, environment: ["CI": "true"])
        #expect(run.status == 1, "\(run.stderr)")
        let measurements = try Self.commitsMeasurements(pr)
        #expect(measurements["range"] as? String == "last 50 commits of HEAD")
        #expect(measurements["commits"] as? Int == 5)
        #expect(!run.stdout.contains("::error"))
    }

    @Test("GitHub annotations on stdout: escaped, one per finding, nothing injected")
    func githubAnnotations() throws {
        let pr = try Self.pullRequest()
        let run = try Self.audit(pr, environment: ["GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main"])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parsed = lines.filter { $0.hasPrefix("::") }.compactMap(ParsedCommand.init)
        #expect(parsed.map(\.command) == ["error", "error", "error"])
        // A file name carrying "\n::error::" must not start a command of its own.
        #expect(!lines.contains { $0.hasPrefix("::error::pwned") })

        let commit = try #require(parsed.first { $0.properties["file"] == nil })
        #expect(commit.properties["title"] == "Commit Hygiene (commits): commits.sign-off")
        #expect(commit.data.contains("“fix: no sign-off here”: no Signed-off-by trailer"))
        #expect(commit.data.hasPrefix(String(try pr.repo.git(["rev-parse", "HEAD~1"]).prefix(7))))

        let files = parsed.compactMap { $0.properties["file"] }
        #expect(files == Self.hostileNames.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for annotation in parsed where annotation.properties["file"] != nil {
            #expect(annotation.properties["line"] == "1")
            #expect(annotation.properties["title"]?.hasPrefix("IP Compliant (ip): ip.") == true)
        }
        // The summary table still follows, uncoloured (stdout is a pipe).
        #expect(run.stdout.contains("BLOCKED — "))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("under GitHub the report is appended to GITHUB_STEP_SUMMARY after what earlier steps wrote")
    func stepSummary() throws {
        let pr = try Self.pullRequest()
        let summary = pr.repo.root.appendingPathComponent("step-summary.md")
        try Data("## Earlier step\n".utf8).write(to: summary)
        let run = try Self.audit(
            pr,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main",
                "GITHUB_STEP_SUMMARY": summary.path,
            ])
        #expect(run.status == 1, "\(run.stderr)")
        let markdown = try String(contentsOf: pr.out.appendingPathComponent("audit.md"), encoding: .utf8)
        #expect(!markdown.isEmpty)
        #expect(try String(contentsOf: summary, encoding: .utf8) == "## Earlier step\n\n" + markdown)
        // The summary names the PR range the annotations came from.
        #expect(markdown.contains("main..HEAD (GitHub Actions merge base)"))
    }

    @Test("a passing PR under GitHub prints no annotations and an empty Code Quality report")
    func clean() throws {
        let pr = try Self.pullRequest()
        let run = try Binary.run(
            [
                "audit", "--repo", pr.repo.path, "--policy", pr.policyPath, "--out", pr.out.path,
                "--rev", "main", "--base", "main~1", "--quiet",
            ],
            environment: ["GITHUB_ACTIONS": "true"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("::"))
        let data = try Data(contentsOf: pr.out.appendingPathComponent("gl-code-quality.json"))
        #expect(try JSONDecoder().decode([CodeQualityReport.Issue].self, from: data).isEmpty)
    }

    @Test("an audit that cannot start still writes gl-code-quality.json and annotates the reason")
    func setupError() throws {
        let pr = try Self.pullRequest()
        let run = try Binary.run(
            [
                "audit", "--repo", pr.repo.path, "--policy", pr.repo.root.appendingPathComponent("nope.yaml").path,
                "--out", pr.out.path, "--quiet",
            ], environment: ["GITHUB_ACTIONS": "true"])
        #expect(run.status == 2)
        let annotation = try #require(
            run.stdout.split(separator: "\n").first { $0.hasPrefix("::error") }.flatMap { ParsedCommand(String($0)) })
        #expect(annotation.data.contains("nope.yaml"))
        #expect(FileManager.default.fileExists(atPath: pr.out.appendingPathComponent("gl-code-quality.json").path))
    }

    @Test("two runs write byte-identical Code Quality files")
    func stable() throws {
        let pr = try Self.pullRequest()
        _ = try Self.audit(pr, environment: ["GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": pr.forkPoint])
        let first = try Data(contentsOf: pr.out.appendingPathComponent("gl-code-quality.json"))
        _ = try Self.audit(pr, environment: ["GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": pr.forkPoint])
        let second = try Data(contentsOf: pr.out.appendingPathComponent("gl-code-quality.json"))
        #expect(first == second)
        #expect(first.count > 100)
    }
}
