// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The real binary on manifest inputs it must not trust: each is refused (exit 2, naming the
/// manifest key and the fix) before it is read, and no output echoes its content.
@Suite struct UntrustedInputsEndToEndTests {
    static let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"

    static let policy = AuditHarness.policy(
        """
          leakage:
            splits: [train, validation, test]
          inputs:
            require_committed: false

        """)

    struct Outcome {
        var run: Binary.Run
        /// Every file the audit wrote, by name.
        var outputs: [String: String]

        /// stdout, stderr and every output file.
        var everything: String { ([run.stdout, run.stderr] + outputs.values.sorted()).joined(separator: "\n") }
    }

    /// A committed release whose train split is `trainPath`; `plant` then does its damage.
    static func audit(
        trainPath: String = "splits/train.csv", artifactPath: String = "artifacts/model.pt",
        plant: (GovernanceRepo) throws -> Void = { _ in }
    ) throws -> Outcome {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", "apiVersion: gremlin/v1\nkind: Lineage\nnodes: []\n")
        try repo.write("splits/train.csv", "patient_id\nP1\n")
        try repo.write("splits/validation.csv", "patient_id\nP2\n")
        try repo.write("splits/test.csv", "patient_id\nP3\n")
        let splits = "splits:\n  train: \(trainPath)\n  validation: splits/validation.csv\n  test: splits/test.csv\n"
        try repo.manifest(artifactPath: artifactPath, splits)
        try repo.git.write("policy.yaml", policy)
        try repo.git.commit("feat(eval): release evidence")
        try plant(repo)
        let run = try Binary.run(
            ["audit", "--manifest", repo.manifestPath, "--policy", "policy.yaml", "--out", "out"],
            in: repo.git.url(""),
            environment: ["AWS_SECRET_ACCESS_KEY": secret, "SOURCE_DATE_EPOCH": "1700000000"])
        var outputs: [String: String] = [:]
        let out = repo.git.url("out")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] {
            if let data = FileManager.default.contents(atPath: out.appendingPathComponent(name).path) {
                outputs[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return Outcome(run: run, outputs: outputs)
    }

    static func link(_ repo: GovernanceRepo, _ relative: String, to target: String) throws {
        let path = repo.git.url("models/m1/" + relative).path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// Exit 2, the key and `text` in the output, the evidence written, and nothing of the secret.
    static func expectRefused(
        _ outcome: Outcome, key: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let all = outcome.everything
        #expect(outcome.run.status == 2, "\(outcome.run.stdout)\n\(outcome.run.stderr)", sourceLocation: sourceLocation)
        #expect(all.contains(key), "\(all)", sourceLocation: sourceLocation)
        #expect(all.contains(text), "\(all)", sourceLocation: sourceLocation)
        #expect(outcome.outputs["audit.json"] != nil, sourceLocation: sourceLocation)
        #expect(outcome.outputs["junit.xml"] != nil, sourceLocation: sourceLocation)
        #expect(!all.contains("EXAMPLEKEY") && !all.contains("wJalrXUtnFEMI"), sourceLocation: sourceLocation)
        #expect(!all.contains("Fatal error") && !all.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    @Test func symlinkToProcSelfEnvironIsRefusedAndEchoesNothing() throws {
        let outcome = try Self.audit { try Self.link($0, "splits/train.csv", to: "/proc/self/environ") }
        Self.expectRefused(outcome, key: "splits.train", "is a symlink whose target lies outside the repository")
        #expect(!outcome.everything.contains("AWS_SECRET_ACCESS_KEY"))
    }

    @Test func symlinkToAFileOutsideTheRepositoryIsRefused() throws {
        let outcome = try Self.audit { try Self.link($0, "splits/train.csv", to: "/etc/passwd") }
        Self.expectRefused(outcome, key: "splits.train", "is a symlink whose target lies outside the repository")
        #expect(!outcome.everything.contains("root:x:0"))
    }

    @Test func symlinkToDevZeroIsRefused() throws {
        let outcome = try Self.audit { try Self.link($0, "splits/train.csv", to: "/dev/zero") }
        Self.expectRefused(outcome, key: "splits.train", "is a symlink whose target lies outside the repository")
    }

    @Test func absolutePathIsRefused() throws {
        let outcome = try Self.audit(trainPath: "/proc/self/environ")
        Self.expectRefused(outcome, key: "splits.train", "is an absolute path")
    }

    @Test func dotDotPathIsRefused() throws {
        let outcome = try Self.audit(trainPath: "../../../../../../../../etc/passwd")
        Self.expectRefused(outcome, key: "splits.train", "leads outside the repository (through `..`)")
    }

    @Test func absoluteArtifactPathIsRefused() throws {
        let outcome = try Self.audit(artifactPath: "/etc/passwd")
        Self.expectRefused(outcome, key: "artifacts[0].path", "is an absolute path")
    }

    @Test(.timeLimit(.minutes(1))) func fifoIsRefusedWithoutHanging() throws {
        let outcome = try Self.audit { repo in
            let path = repo.git.url("models/m1/splits/train.csv").path
            try FileManager.default.removeItem(atPath: path)
            #expect(mkfifo(path, 0o644) == 0)
        }
        Self.expectRefused(outcome, key: "splits.train", "is a FIFO (named pipe), not a regular file")
        #expect(!outcome.everything.contains("permission denied"))
    }

    /// The policy and manifest may lie anywhere, but a FIFO or a device given for either is
    /// refused, not read (which would block or never end).
    @Test(.timeLimit(.minutes(1))) func fifoOrDeviceAsPolicyOrManifestIsRefused() throws {
        let repo = try GitFixture()
        try repo.commit("feat(core): code", files: ["policy.yaml": Self.policy])
        let fifo = repo.url("pipe.yaml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let cases: [([String], String)] = [
            (["--policy", fifo], "pipe.yaml: the file is a FIFO (named pipe), not a regular file"),
            (["--policy", "/dev/zero"], "/dev/zero: the file is a character device, not a regular file"),
            (["--policy", "policy.yaml", "--manifest", fifo], "the file is a FIFO (named pipe), not a regular file"),
        ]
        for (arguments, text) in cases {
            let run = try Binary.run(["audit"] + arguments + ["--out", "out"], in: repo.url(""))
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stdout.contains(text) || run.stderr.contains(text), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("permission"))
        }
    }

    /// A secrets baseline only in the work tree: the audit never reads it (a FIFO cannot hang it),
    /// and `gremlin secrets`, which does read the work tree, refuses it like any other input.
    @Test(.timeLimit(.minutes(1))) func fifoSecretsBaselineIsRefused() throws {
        let repo = try GitFixture()
        try repo.commit("feat(core): code", files: ["a.txt": "a\n"])
        try FileManager.default.createDirectory(at: repo.url(".gremlin"), withIntermediateDirectories: true)
        #expect(mkfifo(repo.url(".gremlin/secrets-baseline.json").path, 0o644) == 0)
        let policy = AuditHarness.policy("  security:\n    baseline: .gremlin/secrets-baseline.json\n")
        let check = try #require(try AuditHarness.audit(repo, policy: policy).check("security"))
        #expect(check.status == .pass)
        #expect(check.notes.map(\.rule) == ["security.uncommitted-baseline"])

        let repository = try Repository.open(at: repo.path)
        do {
            _ = try SecurityCheck.loadBaseline(
                ".gremlin/secrets-baseline.json",
                entries: try repository.treeEntries(at: try repository.resolve("HEAD")),
                repository: repository, workTree: true)
            Issue.record("the FIFO was read")
        } catch let error as InputError {
            #expect(error.description.contains("secrets baseline is a FIFO (named pipe)"))
        }
    }

    @Test func directoryIsRefused() throws {
        let outcome = try Self.audit(trainPath: "splits")
        Self.expectRefused(outcome, key: "splits.train", "is a directory, not a regular file")
    }

    /// A committed "split file" that is an environment dump: its first row is not a header, so
    /// the message says so without listing a single field of it.
    @Test func environmentDumpHeaderIsNotEchoed() throws {
        let dump = "AWS_SECRET_ACCESS_KEY=\(Self.secret),HOME=/root,PATH=/usr/bin\nSHELL=/bin/sh\n"
        let outcome = try Self.audit { repo in
            try repo.write("splits/train.csv", dump)
            try repo.git.commit("feat(eval): a bad split")
        }
        Self.expectRefused(
            outcome, key: "splits.id_column",
            "the first row does not look like a CSV header; its 3 field(s) are not shown")
        #expect(!outcome.everything.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(!outcome.everything.contains("HOME=/root"))
    }

    @Test func inputsInsideTheRepositoryStillAudit() throws {
        let outcome = try Self.audit()
        #expect(outcome.run.status == 0, "\(outcome.run.stdout)\n\(outcome.run.stderr)")
        let report = try JSONDecoder().decode(AuditReport.self, from: Data((outcome.outputs["audit.json"] ?? "").utf8))
        #expect(report.inputs["models/m1/splits/train.csv"]?.state == .committed)
        #expect(report.check("inputs")?.summary == "6 input(s): 6 committed")
    }
}
