// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Init scaffolding")
struct ScaffoldTests {
    static let evidence = [
        "README.md",
        "approvals.yaml",
        "artifacts/model.pt",
        "artifacts/tokenizer.safetensors",
        "eval/candidate.csv",
        "eval/production.csv",
        "eval/production_metrics.json",
        "lineage.openlineage.jsonl",
        "lineage.yaml",
        "samples/notes_sample.jsonl",
        "splits/test.csv",
        "splits/train.csv",
        "splits/val.csv",
        "src/train.py",
    ]

    @Test("files are recognised by folder and name")
    func discover() {
        let found = ManifestDraft.discover(paths: Self.evidence)
        #expect(found.candidatePredictions == "eval/candidate.csv")
        #expect(found.baselinePredictions == "eval/production.csv")
        #expect(found.candidateMetrics == nil)
        #expect(found.baselineMetrics == nil)
        #expect(found.splits.map(\.name) == ["train", "validation", "test"])
        #expect(found.splits.map(\.path) == ["splits/train.csv", "splits/val.csv", "splits/test.csv"])
        #expect(found.lineage == "lineage.yaml")
        #expect(found.approvals == "approvals.yaml")
        #expect(found.artifacts == ["artifacts/model.pt", "artifacts/tokenizer.safetensors"])
        #expect(found.samples == ["samples/notes_sample.jsonl"])
        #expect(found.unused == ["eval/production_metrics.json", "lineage.openlineage.jsonl"])
    }

    @Test("metrics files stand in for missing predictions; an assignments file is recognised")
    func metricsAndAssignments() {
        let found = ManifestDraft.discover(paths: [
            "eval/candidate_metrics.json", "eval/baseline_metrics.json",
            "data/splits/assignments.csv", "models/m/predictions.csv",
        ])
        #expect(found.candidatePredictions == "models/m/predictions.csv")
        #expect(found.baselineMetrics == "eval/baseline_metrics.json")
        #expect(found.assignments == "data/splits/assignments.csv")
        #expect(found.splits.isEmpty)
        let metricsOnly = ManifestDraft.discover(paths: ["eval/candidate_metrics.json", "eval/baseline_metrics.json"])
        #expect(metricsOnly.candidateMetrics == "eval/candidate_metrics.json")
        #expect(metricsOnly.baselineMetrics == "eval/baseline_metrics.json")
    }

    @Test(
        "split names and ID columns",
        arguments: [
            ("splits/train.csv", "train"), ("splits/training_ids.txt", "train"), ("splits/val.csv", "validation"),
            ("splits/dev.tsv", "validation"), ("splits/holdout.csv", "test"),
            ("splits/external-2024.csv", "external_2024"),
            ("splits/id_column.csv", "split_id_column"),
        ])
    func splitNames(path: String, name: String) {
        #expect(ManifestDraft.splitName(path) == name)
    }

    @Test("the ID column comes from the CSV header")
    func idColumn() {
        #expect(ManifestDraft.idColumn(header: "patient_id,split") == nil)
        #expect(ManifestDraft.idColumn(header: "subject_id,age") == "subject_id")
        #expect(ManifestDraft.idColumn(header: "\"mrn_id\"\tage") == "mrn_id")
        #expect(ManifestDraft.idColumn(header: "x,valid") == nil)
    }

    @Test("the rendered manifest loads, with paths relative to models/<name>/")
    func renderLoads() throws {
        let directory = try Fixtures.temporaryDirectory("scaffold")
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try ManifestDraft.render(
            model: "risk_v1", manifestPath: "models/risk_v1/release.yaml",
            discovered: ManifestDraft.discover(paths: Self.evidence), reader: nil)
        let path = try Fixtures.write(text, to: "models/risk_v1/release.yaml", in: directory)
        let manifest = try ManifestLoader.load(path: path)
        #expect(manifest.model.name == "risk_v1")
        #expect(manifest.model.version == "0.1.0")
        #expect(manifest.lineage == "../../lineage.yaml")
        #expect(manifest.approvals == "../../approvals.yaml")
        #expect(manifest.evaluation?.candidate.predictions == "../../eval/candidate.csv")
        #expect(manifest.evaluation?.baseline?.predictions == "../../eval/production.csv")
        #expect(manifest.splits?.files.map(\.name) == ["train", "validation", "test"])
        #expect(
            manifest.splits?.files.map(\.path) == [
                "../../splits/train.csv", "../../splits/val.csv", "../../splits/test.csv",
            ])
        #expect(manifest.splits?.idColumn == "patient_id")
        #expect(manifest.artifacts.map(\.name) == ["model", "tokenizer"])
        #expect(
            manifest.artifacts.map(\.path) == ["../../artifacts/model.pt", "../../artifacts/tokenizer.safetensors"])
        #expect(manifest.piiScan == ["../../samples/notes_sample.jsonl"])
        // Every relative path lands on the repository file it came from.
        let base = directory.appendingPathComponent("models/risk_v1")
        #expect(
            base.appendingPathComponent("../../eval/candidate.csv").standardizedFileURL.path
                == directory.appendingPathComponent("eval/candidate.csv").standardizedFileURL.path)
        #expect(text.contains("#   ../../lineage.openlineage.jsonl"))
    }

    @Test("an empty repository gets a manifest that loads with only the model")
    func renderEmpty() throws {
        let directory = try Fixtures.temporaryDirectory("scaffold")
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try ManifestDraft.render(
            model: "m", manifestPath: "models/m/release.yaml",
            discovered: ManifestDraft.discover(paths: []), reader: nil)
        let manifest = try ManifestLoader.load(path: try Fixtures.write(text, to: "release.yaml", in: directory))
        #expect(manifest.model.name == "m")
        #expect(
            manifest.artifacts.isEmpty && manifest.lineage == nil && manifest.evaluation == nil
                && manifest.splits == nil)
    }

    @Test(
        "files inside the manifest's own folder are referenced without ../",
        arguments: [
            ("models/m/eval/candidate.csv", "eval/candidate.csv"),
            ("models/other/eval/candidate.csv", "../other/eval/candidate.csv"),
            ("eval/candidate.csv", "../../eval/candidate.csv"),
        ])
    func relative(path: String, expected: String) throws {
        let text = try ManifestDraft.render(
            model: "m", manifestPath: "models/m/release.yaml",
            discovered: ManifestDraft.discover(paths: [path]), reader: nil)
        #expect(text.contains("    predictions: \(expected)\n"))
    }

    @Test("YAML scalars are quoted only when needed")
    func scalars() {
        #expect(ManifestDraft.yamlScalar("../../eval/candidate.csv") == "../../eval/candidate.csv")
        #expect(ManifestDraft.yamlScalar("a b: c") == "'a b: c'")
        #expect(ManifestDraft.yamlScalar("it's#1") == "'it''s#1'")
        #expect(ManifestDraft.yamlScalar("yes") == "'yes'")
        #expect(ManifestDraft.yamlScalar("1.5") == "'1.5'")
        #expect(ManifestDraft.yamlScalar("-x") == "'-x'")
    }

    @Test("model names from folders, and bad --model values")
    func modelNames() throws {
        #expect(Scaffold.modelName(fromFolder: "cl_unimodal_v2") == "cl_unimodal_v2")
        #expect(Scaffold.modelName(fromFolder: "My Model (new)") == "My_Model__new")
        #expect(Scaffold.modelName(fromFolder: "...") == "model")
        for bad in ["", "a/b", "..", ".hidden", "a b"] {
            #expect(throws: InputError.self) { try Scaffold.validate(model: bad) }
        }
    }

    @Test("the plan: three policies, the manifest, then the CI's files with our manifest path")
    func plan() throws {
        let github = try Scaffold.plan(manifest: "x\n", manifestPath: "models/m/release.yaml", ci: .github)
        #expect(
            github.files.map(\.path) == [
                "policies/production.yaml", "policies/pre-merge.yaml", "policies/release.yaml",
                "models/m/release.yaml", ".github/workflows/gremlin.yml",
                ".github/workflows/model-release.yml",
            ])
        let caller = try #require(github.files.last)
        #expect(caller.content.contains("manifest: models/m/release.yaml"))
        #expect(!caller.content.contains(Scaffold.templateManifest))
        #expect(github.hints.contains { $0.hasPrefix(".github/workflows/model-release.yml: replace the your-org") })

        #expect(
            try Scaffold.plan(manifest: "", manifestPath: "models/m/release.yaml", ci: .gitlab).files.last?.path
                == ".gitlab-ci.yml")
        let jenkins = try Scaffold.plan(manifest: "", manifestPath: "models/m/release.yaml", ci: .jenkins)
        #expect(jenkins.files.last?.path == "Jenkinsfile")
        #expect(jenkins.files.last?.content.contains("defaultValue: 'models/m/release.yaml'") == true)
        let azure = try Scaffold.plan(manifest: "", manifestPath: "models/m/release.yaml", ci: .azure)
        #expect(azure.files.last?.path == "azure-pipelines.yml")
        #expect(azure.files.last?.content.contains("GREMLIN_MANIFEST: models/m/release.yaml") == true)

        let none = try Scaffold.plan(manifest: "", manifestPath: "models/m/release.yaml", ci: nil)
        #expect(none.files.count == 4)
        #expect(none.hints.first?.hasPrefix("no CI detected") == true)
        let buildkite = try Scaffold.plan(manifest: "", manifestPath: "models/m/release.yaml", ci: .buildkite)
        #expect(buildkite.files.count == 4)
        #expect(buildkite.hints.first?.hasPrefix("Buildkite has no Gremlin template") == true)
    }

    @Test("the CI to scaffold: the running CI, else the repository's pipeline files")
    func detectCI() throws {
        let root = try Fixtures.temporaryDirectory("scaffold")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Scaffold.detectCI(environment: [:], root: root) == nil)
        #expect(Scaffold.detectCI(environment: ["GITLAB_CI": "true"], root: root) == .gitlab)
        try Fixtures.write("pipeline {}\n", to: "Jenkinsfile", in: root)
        #expect(Scaffold.detectCI(environment: [:], root: root) == .jenkins)
        #expect(Scaffold.detectCI(environment: ["CI": "true"], root: root) == .jenkins)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".github/workflows"),
            withIntermediateDirectories: true)
        #expect(Scaffold.detectCI(environment: [:], root: root) == .github)
    }

    @Test("writing keeps existing files unless forced")
    func write() throws {
        let root = try Fixtures.temporaryDirectory("scaffold")
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write("mine\n", to: "policies/production.yaml", in: root)
        let scaffold = try Scaffold.plan(manifest: "m\n", manifestPath: "models/m/release.yaml", ci: nil)
        let first = try scaffold.write(root: root, force: false)
        #expect(first.map { $0.action } == [.kept, .wrote, .wrote, .wrote])
        #expect(
            try String(contentsOf: root.appendingPathComponent("policies/production.yaml"), encoding: .utf8) == "mine\n"
        )
        #expect(try scaffold.write(root: root, force: false).map { $0.action } == [.kept, .kept, .kept, .kept])
        let forced = try scaffold.write(root: root, force: true)
        #expect(forced.map { $0.action } == [.overwrote, .overwrote, .overwrote, .overwrote])
        #expect(
            try String(contentsOf: root.appendingPathComponent("policies/production.yaml"), encoding: .utf8)
                == EmbeddedTemplates.files["policies/production.yaml"])
    }
}

@Suite("Embedded templates")
struct EmbeddedTemplatesTests {
    static let root = Fixtures.packageRoot
    static var hasCITemplates: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("ci-templates").path)
    }

    @Test("the embedded policies are the shipped policies, byte for byte, and they load")
    func policies() throws {
        for name in ["production", "pre-merge", "release"] {
            let source = "policies/\(name).yaml"
            let onDisk = try String(contentsOf: Self.root.appendingPathComponent(source), encoding: .utf8)
            #expect(
                EmbeddedTemplates.files[source] == onDisk, "\(source) changed: run python3 scripts/embed-templates.py")
        }
        let directory = try Fixtures.temporaryDirectory("embedded")
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["production", "pre-merge", "release"] {
            try Fixtures.write(
                try #require(EmbeddedTemplates.files["policies/\(name).yaml"]), to: "policies/\(name).yaml",
                in: directory)
        }
        let release = try PolicyLoader.load(path: directory.appendingPathComponent("policies/release.yaml").path)
        #expect(release.settings(for: "approvals")?.severity == .block)
    }

    @Test(
        "the embedded CI templates are the files in ci-templates/", .enabled(if: EmbeddedTemplatesTests.hasCITemplates))
    func ciTemplates() throws {
        for (_, items) in Scaffold.ciFiles {
            for item in items {
                let onDisk = try String(contentsOf: Self.root.appendingPathComponent(item.source), encoding: .utf8)
                #expect(
                    EmbeddedTemplates.files[item.source] == onDisk,
                    "\(item.source) changed: run python3 scripts/embed-templates.py")
            }
        }
    }

    @Test("every CI template init writes is embedded")
    func complete() {
        for (_, items) in Scaffold.ciFiles {
            for item in items { #expect(EmbeddedTemplates.files[item.source] != nil, "\(item.source)") }
        }
    }
}
