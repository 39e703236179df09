// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The OpenLineage reader against events shaped like the specification's examples: tag
/// sources, column-level tags, `repoUrl`, completed runs only.
@Suite struct OpenLineageSpecTests {
    typealias E = OpenLineageEvents

    static let weights = Manifest.Artifact(
        name: "weights", uri: "s3://ml-models/m1/1.0.0/model.pt", sha256: nil, path: nil)

    static func read(_ lines: [String], tagSources: [String] = []) throws -> LineageGraph {
        try LineageReader.parse(
            Data(E.file(lines).utf8), file: "events.jsonl", artifacts: [weights], tagSources: tagSources)
    }

    // MARK: Tag sources

    /// A split whose PII tags come from a catalog the policy does not list, one without a source,
    /// and a tag with a key Gremlin does not read (the spec's own `environment` example).
    static let catalogTagged: [String] = {
        let raw = E.dataset(
            "s3://tdm", "notes_raw", facets: ["tags": E.tags([E.gremlin("stage", "raw"), E.gremlin("pii", "present")])])
        let split = E.dataset(
            "s3://tdm", "notes_split",
            facets: [
                "tags": E.tags([
                    E.gremlin("stage", "split"),
                    ["key": "pii", "value": "scrubbed", "source": "catalog"],
                    ["key": "pii_certified_by", "value": "privacy_office", "source": "catalog"],
                    ["key": "license", "value": "cc-by-4.0"],
                    ["key": "environment", "value": "production", "source": "CONFIG"],
                ])
            ])
        return [E.event("COMPLETE", run: "r1", job: "make-split", inputs: [raw], outputs: [split])]
    }()

    @Test func onlyGremlinsAndThePolicysTagSourcesCount() throws {
        let graph = try Self.read(Self.catalogTagged)
        let split = try #require(graph.node("notes_split"))
        #expect(split.stage == "split")
        #expect(split.pii == nil, "an untrusted source's scrub does not clear the dataset")
        #expect(split.license == nil)
        #expect(graph.node("notes_raw")?.pii == PIIRecord(status: "present"))
        #expect(
            graph.remarks == [
                "ignored tags with source `catalog` (Gremlin counts `gremlin` and the lineage policy's "
                    + "`tag_sources`): `pii` on notes_split, `pii_certified_by` on notes_split",
                "ignored tags with no `source` (Gremlin counts `gremlin` and the lineage policy's `tag_sources`): "
                    + "`license` on notes_split",
            ])
        let remarks = graph.remarks.joined(separator: "\n")
        #expect(!remarks.contains("scrubbed") && !remarks.contains("privacy_office") && !remarks.contains("cc-by"))

        let trusted = try Self.read(Self.catalogTagged, tagSources: ["gremlin", "Catalog"])
        #expect(trusted.node("notes_split")?.pii == PIIRecord(status: "scrubbed", certifiedBy: "privacy_office"))
        #expect(trusted.remarks.count == 1)
    }

    @Test func aTrustedToolsUnreadableValueIsANoteNotAnError() throws {
        let tags: [[String: Any]] = [
            ["key": "stage", "value": "raw", "source": "dbt"],
            ["key": "pii", "value": "PII_FREE_patient_text", "source": "dbt"],
            ["key": "patients", "value": "about 300", "source": "dbt"],
            ["key": "license", "value": 42, "source": "dbt"],
            ["key": "pii", "value": "none", "source": "dbt", "field": ["nested"]],
        ]
        let lines = [
            E.event(
                "COMPLETE", run: "r1", job: "load",
                outputs: [E.dataset("s3://tdm", "d", facets: ["tags": E.tags(tags)])])
        ]
        let graph = try Self.read(lines, tagSources: ["dbt"])
        let node = try #require(graph.node("d"))
        #expect(node.stage == "raw" && node.pii == nil && node.patients == nil && node.license == nil)
        #expect(node.columns.isEmpty)
        #expect(
            graph.remarks == [
                "ignored tags from `dbt` whose value Gremlin cannot read: `license` on d, `pii` on d, `patients` on d"
            ])
        #expect(!graph.remarks[0].contains("PII_FREE"))

        // The same values from Gremlin's own source are input errors: its format is documented.
        let own = tags.map { tag in tag.merging(["source": "gremlin"]) { _, new in new } }
        let error = try #require(throws: InputErrors.self) {
            try Self.read([
                E.event(
                    "COMPLETE", run: "r1", job: "load",
                    outputs: [E.dataset("s3://tdm", "d", facets: ["tags": E.tags(own)])])
            ])
        }
        #expect(error.errors.map { $0.key ?? "" } == ["outputs[0].facets.tags.tags[3].value"])
    }

    // MARK: Column-level tags

    @Test func aFieldTagAppliesToTheColumnNotTheDataset() throws {
        let notes = E.dataset(
            "s3://tdm", "notes_clean",
            facets: [
                "tags": E.tags([
                    E.gremlin("stage", "split"), E.gremlin("pii", "scrubbed"),
                    E.gremlin("pii_certified_by", "privacy_office"),
                    E.gremlin("pii", "present", field: "free_text"), E.gremlin("pii", "none", field: "age_band"),
                    // The spec's own example of a column tag: a key Gremlin does not read.
                    ["key": "classification", "value": "PII", "source": "CONFIG", "field": "tax_id"],
                ])
            ])
        let labs = E.dataset(
            "s3://tdm", "labs",
            facets: ["tags": E.tags([E.gremlin("stage", "raw"), E.gremlin("pii", "scrubbed", field: "mrn")])])
        let model = E.dataset("s3://ml-models", "m1/1.0.0/model.pt")
        let graph = try Self.read([
            E.event("COMPLETE", run: "r1", job: "train", inputs: [notes, labs], outputs: [model])
        ])
        let clean = try #require(graph.node("notes_clean"))
        #expect(clean.pii == PIIRecord(status: "scrubbed", certifiedBy: "privacy_office"), "a column does not taint")
        #expect(
            clean.columns == [
                LineageColumn(name: "free_text", pii: "present", line: 1),
                LineageColumn(name: "age_band", pii: "none", line: 1),
            ])
        let labNode = try #require(graph.node("labs"))
        #expect(labNode.pii == nil, "a scrubbed column does not clear its dataset")
        #expect(labNode.columns == [LineageColumn(name: "mrn", pii: "scrubbed", line: 1)])

        let walk = PIICheck.propagation(graph, allowed: ["scrubbed", "none"], trusted: ["privacy_office"])
        #expect(walk.violations.map(\.rule) == ["pii.column", "pii.lineage"])
        let column = try #require(walk.violations.first)
        #expect(column.dataset == "notes_clean")
        #expect(column.message.hasPrefix("dataset notes_clean: column `free_text` is tagged `pii: present`"))
        #expect(walk.violations[1].message.hasPrefix("dataset labs states no PII status"))
    }

    @Test func aGremlinTagOtherThanPIIOnAColumnIsAnInputError() throws {
        let dataset = E.dataset(
            "s3://tdm", "d",
            facets: ["tags": E.tags([E.gremlin("pii", "none"), E.gremlin("stage", "raw", field: "x")])])
        let error = try #require(throws: InputErrors.self) {
            try Self.read([E.event("COMPLETE", run: "r1", job: "j", outputs: [dataset])])
        }
        #expect(error.errors.map { $0.key ?? "" } == ["outputs[0].facets.tags.tags[1].field"])
        #expect(error.errors.first?.message == "Gremlin tag `stage` does not apply to a column")
    }

    @Test func twoEventsDisagreeingOnAColumnAreAConflict() throws {
        func event(_ run: String, _ status: String) -> String {
            E.event(
                "COMPLETE", run: run, job: "j\(run)",
                inputs: [
                    E.dataset("s3://tdm", "d", facets: ["tags": E.tags([E.gremlin("pii", status, field: "notes")])])
                ])
        }
        let graph = try Self.read([event("1", "none"), event("2", "present")])
        #expect(graph.node("d")?.columns == [LineageColumn(name: "notes", pii: nil, line: 1)])
        #expect(graph.conflicts.map(\.key) == ["pii (column notes)"])
    }

    // MARK: repoUrl

    @Test func theRepositoryIsRepoUrlNeverTheLastSegmentOfUrl() throws {
        let withRepo = E.sourceCode(
            url: "https://github.com/example-org/ofm-late-fusion/blob/a8f92b1/train/fit.py",
            repoUrl: "https://github.com/example-org/ofm-late-fusion.git", version: "a8f92b1", path: "train/fit.py",
            branch: "main")
        let urlOnly = E.sourceCode(
            url: "https://deploy:s3cr3t@git.example.internal/ofm/ofm-late-fusion", version: "a8f92b1")
        let graph = try Self.read([
            E.event("COMPLETE", run: "r1", job: "train", jobFacets: ["sourceCodeLocation": withRepo]),
            E.event("COMPLETE", run: "r2", job: "prepare", jobFacets: ["sourceCodeLocation": urlOnly]),
        ])
        #expect(
            graph.node("train")?.code
                == CodeReference(
                    repo: "https://github.com/example-org/ofm-late-fusion.git", commit: "a8f92b1",
                    url: "https://github.com/example-org/ofm-late-fusion/blob/a8f92b1/train/fit.py"))
        #expect(
            graph.node("prepare")?.code
                == CodeReference(
                    repo: "https://git.example.internal/ofm/ofm-late-fusion", commit: "a8f92b1",
                    url: "https://git.example.internal/ofm/ofm-late-fusion"))
    }

    // MARK: COMPLETE

    @Test func aRunCountsOnlyOnceItHasACompleteEvent() throws {
        let split = E.dataset("s3://tdm", "split", facets: ["tags": E.tags([E.gremlin("stage", "split")])])
        let v1 = E.dataset("s3://ml-models", "m1/1.0.0/model.pt")
        let v2 = E.dataset(
            "s3://ml-models", "m1/2.0.0/model.pt", facets: ["tags": E.tags([E.gremlin("artifact", "weights")])])
        let code = E.sourceCode(url: "https://git.example/m", repoUrl: "https://git.example/m.git", version: "a8f92b1")
        let graph = try Self.read([
            // Job facets sent at START count once the same run completes.
            E.event("START", run: "r1", job: "train", jobFacets: ["sourceCodeLocation": code], inputs: [split]),
            E.event("COMPLETE", run: "r1", job: "train", outputs: [v1]),
            E.event("START", run: "r2", job: "train-v2", inputs: [split]),
            E.event("RUNNING", run: "r2", job: "train-v2", outputs: [v2]),
            E.event("START", run: "r3", job: "retrain", inputs: [split], outputs: [v2]),
            E.event("ABORT", run: "r3", job: "retrain"),
            E.event(nil, run: nil, job: "declared", inputs: [split], outputs: [v2]),
        ])
        #expect(graph.node("train")?.code?.commit == "a8f92b1")
        #expect(graph.node("train")?.upstream.map(\.target) == ["split"])
        #expect(graph.node("m1/1.0.0/model.pt")?.upstream.map(\.target) == ["train"])
        #expect(graph.node("train-v2") == nil && graph.node("retrain") == nil && graph.node("declared") == nil)
        let unfinished = try #require(graph.node("m1/2.0.0/model.pt"))
        #expect(unfinished.kind == .artifact && unfinished.upstream.isEmpty)
        #expect(graph.remarks.count == 3)
        #expect(graph.remarks[0].hasPrefix("ignored the edges of 2 event(s) of failed or aborted runs (r3)"))
        #expect(graph.remarks[1].hasPrefix("ignored the jobs and edges of 1 run(s) with no COMPLETE event (r2)"))
        #expect(graph.remarks[2].hasPrefix("1 event(s) name no run"))
    }

    // MARK: Descriptive facets

    @Test func documentationOwnershipDataSourceAndSchemaAreKeptRedacted() throws {
        let features = E.dataset(
            "postgres://db.example.internal:5432", "clinical.features",
            facets: [
                "documentation": E.facet(
                    "DocumentationDatasetFacet", ["description": "Per-patient features\nbuilt nightly."]),
                "ownership": E.facet(
                    "OwnershipDatasetFacet", ["owners": [["name": "team:clinical-data", "type": "MAINTAINER"]]]),
                "dataSource": E.facet(
                    "DatasourceDatasetFacet",
                    [
                        "name": "clinical-warehouse",
                        "uri": "postgres://etl:hunter2@db.example.internal:5432/clinical?sslmode=require",
                    ]),
                "schema": E.facet(
                    "SchemaDatasetFacet",
                    [
                        "fields": [
                            ["name": "age_band", "type": "VARCHAR"],
                            ["name": "stage_code", "type": "INTEGER", "description": "TNM"],
                        ]
                    ]),
                "tags": E.tags([E.gremlin("stage", "split"), E.gremlin("pii", "none")]),
            ])
        let notes = E.dataset(
            "s3://tdm", "notes",
            facets: [
                "schema": E.facet("SchemaDatasetFacet", ["fields": [["name": "patient_name"], ["name": "text"]]]),
                "ownership": E.facet("OwnershipDatasetFacet", ["owners": "team:x"]),
                "tags": E.tags([E.gremlin("stage", "raw"), E.gremlin("pii", "present")]),
            ])
        let jobFacets: [String: Any] = [
            "documentation": E.facet("DocumentationJobFacet", ["description": "Trains the survival model."]),
            "ownership": E.facet("OwnershipJobFacet", ["owners": [["name": "team:ml"]]]),
        ]
        let graph = try Self.read([
            E.event("COMPLETE", run: "r1", job: "featurize", inputs: [notes], outputs: [features]),
            E.event(
                "COMPLETE", run: "r2", job: "train", jobFacets: jobFacets, inputs: [features],
                outputs: [E.dataset("s3://ml-models", "m1/1.0.0/model.pt")]),
        ])
        #expect(
            graph.node("clinical.features")?.facets
                == LineageFacets(
                    documentation: "Per-patient features\nbuilt nightly.",
                    owners: [.init(name: "team:clinical-data", type: "MAINTAINER")], sourceName: "clinical-warehouse",
                    sourceURI: "postgres://db.example.internal:5432/clinical", schemaFields: ["age_band", "stage_code"])
        )
        #expect(
            graph.node("train")?.facets
                == LineageFacets(documentation: "Trains the survival model.", owners: [.init(name: "team:ml")]))
        #expect(graph.remarks == ["ignored descriptive facets of an unexpected shape: `ownership` on notes"])

        let markdown = LineageMarkdown.fragment(graph)
        #expect(!markdown.contains("hunter2") && !markdown.contains("etl:") && !markdown.contains("sslmode"))
        #expect(markdown.contains("What the events' facets say:"))
        #expect(markdown.contains("owners: team:clinical-data (MAINTAINER)"))
        #expect(markdown.contains("schema: 2 fields (age\\_band, stage\\_code)"))
        #expect(markdown.contains("- `notes` — schema: 2 fields\n"), "no column names for a dataset with PII")
        #expect(markdown.contains("- `train` — about: Trains the survival model.; owners: team:ml"))

        let json = try #require(LineageMarkdown.facetsJSON(graph))
        #expect(
            json["clinical.features"]?["data_source"]?["uri"] == .string("postgres://db.example.internal:5432/clinical")
        )
        #expect(json["clinical.features"]?["schema"]?["names"] == .array([.string("age_band"), .string("stage_code")]))
        #expect(json["notes"]?["schema"] == .object(["fields": .int(2)]))
    }

    @Test func redactedURIDropsCredentialsAndParameters() {
        let cases = [
            "postgres://user:secret@db:5432/clinical": "postgres://db:5432/clinical",
            "https://token@github.com/org/repo.git": "https://github.com/org/repo.git",
            "jdbc:sqlserver://db:1433;databaseName=x;password=secret": "jdbc:sqlserver://db:1433",
            "s3://bucket/key?X-Amz-Signature=abc#frag": "s3://bucket/key",
            "git@github.com:org/repo.git": "git@github.com:org/repo.git",
            "https://git.example/a@b/c": "https://git.example/a@b/c",
        ]
        for (raw, expected) in cases { #expect(OpenLineageReader.redactedURI(raw) == expected, "\(raw)") }
    }

    // MARK: The contract

    /// The contract's events tag everything with `source: gremlin`: the same graph, no notes,
    /// and the same PII verdict as the contract's YAML.
    @Test func theContractKeepsItsVerdict() throws {
        let artifact = Manifest.Artifact(
            name: "weights", uri: "s3://ml-models/cl_unimodal_v2/1.0.0/model.pt", sha256: nil, path: nil)
        var graphs: [LineageGraph] = []
        for name in ["lineage.yaml", "lineage.openlineage.jsonl"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("contract/\(name)")))
            graphs.append(try LineageReader.parse(data, file: name, artifacts: [artifact]))
        }
        #expect(graphs[1].remarks.isEmpty && graphs[1].conflicts.isEmpty)
        #expect(graphs[1].artifacts.first?.upstream.map(\.target) == ["job-fusion-xl-v2-resume"])
        for graph in graphs {
            let walk = PIICheck.propagation(
                graph, allowed: ["scrubbed", "none"], trusted: ["text_anchor_date_redaction"])
            #expect(walk.violations.isEmpty, "\(graph.file)")
            #expect(walk.trustedScrubs == ["mm_fusion_v1"], "\(graph.file)")
        }
    }
}
