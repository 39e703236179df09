// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct LineageReaderTests {
    static let weights = Manifest.Artifact(
        name: "weights", uri: "s3://ml-models/cl_unimodal_v2/1.0.0/model.pt",
        sha256: nil, path: nil)

    static func contract(_ name: String) throws -> LineageGraph {
        let path = Fixtures.path("contract/\(name)")
        return try LineageReader.parse(Data(contentsOf: URL(fileURLWithPath: path)), file: name, artifacts: [weights])
    }

    @Test func contractYAMLReadsUnchanged() throws {
        let graph = try Self.contract("lineage.yaml")
        #expect(graph.format == .yaml)
        #expect(
            graph.nodes.map(\.id) == ["mm_curated_q225", "mm_fusion_v1", "job-fusion-xl-v2-resume", "cl_unimodal_v2"])
        #expect(graph.nodes.map(\.line) == [5, 16, 24, 31])
        let raw = try #require(graph.node("mm_curated_q225"))
        #expect(raw.kind == .dataset && raw.stage == "raw" && raw.patients == 1365 && raw.dateRange == "2018-2024")
        #expect(
            raw.pii
                == PIIRecord(status: "scrubbed", certifiedBy: "text_anchor_date_redaction", certifiedOn: "2025-01-15"))
        #expect(raw.dataProducts == ["dp://clinical/molecular/v2"])
        let run = try #require(graph.node("job-fusion-xl-v2-resume"))
        #expect(run.code == CodeReference(repo: "ofm-late-fusion", commit: "a8f92b"))
        #expect(run.upstream == [LineageEdge(.input, "mm_fusion_v1", line: 27)])
        let artifact = try #require(graph.node("cl_unimodal_v2"))
        #expect(artifact.kind == .artifact && artifact.artifact == "weights")
        #expect(artifact.upstream.map(\.target) == ["job-fusion-xl-v2-resume"])
        #expect(graph.danglingEdges.isEmpty && graph.cycles.isEmpty && graph.conflicts.isEmpty)
    }

    @Test func contractOpenLineageReadsUnchanged() throws {
        let graph = try Self.contract("lineage.openlineage.jsonl")
        #expect(graph.format == .openLineage)
        #expect(
            graph.nodes.map(\.id) == [
                "mm_curated_q225", "make-split-mm_fusion_v1", "mm_fusion_v1",
                "job-fusion-xl-v2-resume", "cl_unimodal_v2/1.0.0/model.pt",
            ])
        #expect(graph.nodes.map(\.kind) == [.dataset, .run, .dataset, .run, .artifact])
        #expect(graph.nodes.map(\.stage) == ["raw", "transform", "split", "training", "artifact"])
        #expect(graph.nodes.map(\.line) == [1, 1, 1, 2, 2])
        let raw = try #require(graph.node("mm_curated_q225"))
        #expect(raw.pii == PIIRecord(status: "scrubbed", certifiedBy: "text_anchor_date_redaction"))
        #expect(raw.patients == 1365 && raw.license == "internal-only" && raw.uri == "s3://tdm/mm_curated_q225")
        #expect(raw.dataProducts == ["dp://clinical/molecular/v2"])
        let split = try #require(graph.node("mm_fusion_v1"))
        #expect(split.upstream == [LineageEdge(.producedBy, "make-split-mm_fusion_v1", line: 1)])
        let training = try #require(graph.node("job-fusion-xl-v2-resume"))
        #expect(
            training.code
                == CodeReference(
                    repo: "https://git.example.internal/ofm/ofm-late-fusion", commit: "a8f92b",
                    url: "https://git.example.internal/ofm/ofm-late-fusion"))
        #expect(graph.remarks.isEmpty && graph.conflicts.isEmpty)
        let artifact = try #require(graph.artifacts.first)
        #expect(artifact.artifact == "weights")
        #expect(artifact.digest == "sha256:0000000000000000000000000000000000000000000000000000000000000000")
        #expect(artifact.upstream.map(\.target) == ["job-fusion-xl-v2-resume"])
    }

    @Test func bothContractFormatsGiveTheSameChain() throws {
        for name in ["lineage.yaml", "lineage.openlineage.jsonl"] {
            let graph = try Self.contract(name)
            let artifact = try #require(graph.artifacts.first)
            let chain = try #require(graph.pathToSource(from: artifact.id, avoiding: { _ in false }))
            let stages = chain.reversed().compactMap { graph.node($0)?.stage }.filter { $0 != "transform" }
            #expect(stages == ["raw", "split", "training", "artifact"], "\(name)")
        }
    }

    @Test func formatFollowsExtensionThenContent() {
        #expect(LineageReader.format(of: "a.jsonl", data: Data("x".utf8)) == .openLineage)
        #expect(LineageReader.format(of: "a.yml", data: Data("{".utf8)) == .yaml)
        #expect(LineageReader.format(of: "lineage", data: Data("  {\"a\":1}".utf8)) == .openLineage)
        #expect(LineageReader.format(of: "lineage", data: Data("nodes: []".utf8)) == .yaml)
    }

    @Test func unknownKeyWrongTypeAndDuplicateIdAreInputErrors() throws {
        let text = """
            apiVersion: gremlin/v1
            kind: Lineage
            nodes:
              - id: a
                kind: dataset
                stge: raw
              - id: b
                kind: dataset
                patients: many
              - id: a
                kind: dataset
              - id: r
                kind: run
                derived_from: [a]
            """
        let error = try #require(throws: InputErrors.self) {
            try LineageReader.parse(Data(text.utf8), file: "l.yaml")
        }
        let summary = error.errors.map { "\($0.line ?? 0) \($0.key ?? "") \($0.message)" }
        #expect(
            summary == [
                "6 nodes[0].stge unknown key",
                "9 nodes[1].patients expected an integer, got 'many'",
                "10 nodes[2].id duplicate id 'a' (first defined on line 4)",
                "14 nodes[3].derived_from `derived_from` does not apply to a run node",
            ])
        #expect(error.errors[0].fix == "did you mean stage?")
        #expect(error.errors.allSatisfy { $0.file == "l.yaml" })
    }

    @Test func yamlSyntaxErrorNamesTheLine() throws {
        let error = try #require(throws: InputError.self) {
            try LineageReader.parse(Data("apiVersion: gremlin/v1\nnodes: [\n  - id: x\n".utf8), file: "bad.yaml")
        }
        #expect(error.file == "bad.yaml")
        #expect(error.line != nil)
    }

    @Test func nonJSONOpenLineageLineNamesItsNumber() throws {
        let contract = try String(contentsOfFile: Fixtures.path("contract/lineage.openlineage.jsonl"), encoding: .utf8)
        let broken = contract + "{not json\n"
        let error = try #require(throws: InputErrors.self) {
            try LineageReader.parse(Data(broken.utf8), file: "events.jsonl")
        }
        #expect(error.errors.map(\.line) == [3])
        #expect(error.errors.first?.message == "line 3 is not valid JSON")
    }

    @Test func openLineageWrongTypesAndUnknownGremlinTagsAreInputErrors() throws {
        let events = """
            {"job": {"namespace": "ns", "name": "j"}, "inputs": {"name": "x"}}

            {"job": {"namespace": "ns", "name": "j"}, "outputs": [{"namespace": "s3://b", "name": "d", "facets": {"tags": {"tags": [{"key": "stag", "value": "raw", "source": "gremlin"}]}}}]}
            {"job": {"namespace": "ns", "name": "j"}, "outputs": [{"namespace": "s3://b", "name": "d", "facets": {"tags": {"tags": [{"key": "patients", "value": 12, "source": "gremlin"}]}}}]}
            {"job": {"namespace": "ns", "name": "j"}, "outputs": [{"namespace": "s3://b", "name": "d", "facets": {"tags": {"tags": [{"key": "pii", "value": "scrubed", "source": "gremlin"}]}}}]}
            """
        let error = try #require(throws: InputErrors.self) {
            try LineageReader.parse(Data(events.utf8), file: "e.jsonl")
        }
        #expect(error.errors.map(\.line) == [1, 3, 4, 5])
        #expect(
            error.errors.map { $0.key ?? "" } == [
                "inputs", "outputs[0].facets.tags.tags[0].key",
                "outputs[0].facets.tags.tags[0].value", "outputs[0].facets.tags.pii",
            ])
        #expect(error.errors[1].fix == "did you mean stage?")
        #expect(error.errors[3].fix == "did you mean scrubbed?")
    }

    @Test func openLineageConflictsFailedRunsAndForeignTags() throws {
        let events = """
            {"eventType": "COMPLETE", "run": {"runId": "1"}, "job": {"namespace": "ns", "name": "j1"}, "outputs": [{"namespace": "s", "name": "d", "facets": {"tags": {"tags": [{"key": "pii", "value": "none", "source": "gremlin"}, {"key": "owner", "value": "x", "source": "catalog"}]}}}]}
            {"eventType": "COMPLETE", "run": {"runId": "2"}, "job": {"namespace": "ns", "name": "j2"}, "inputs": [{"namespace": "s", "name": "d", "facets": {"tags": {"tags": [{"key": "pii", "value": "present", "source": "gremlin"}]}}}]}
            {"eventType": "START", "run": {"runId": "3"}, "job": {"namespace": "ns", "name": "j3"}, "outputs": [{"namespace": "s", "name": "e"}]}
            {"eventType": "FAIL", "run": {"runId": "3"}, "job": {"namespace": "ns", "name": "j3"}}
            """
        let graph = try LineageReader.parse(Data(events.utf8), file: "e.jsonl")
        #expect(graph.conflicts == [LineageConflict(node: "d", key: "pii", values: ["none", "present"], line: 1)])
        #expect(graph.node("d")?.pii?.status == nil)
        #expect(graph.node("e")?.upstream == [])
        #expect(graph.node("j3") == nil)
        #expect(graph.remarks.count == 1)
    }

    @Test func sameNameInTwoNamespacesIsQualified() throws {
        let events = """
            {"eventType": "COMPLETE", "run": {"runId": "r"}, "job": {"namespace": "ns", "name": "x"}, "inputs": [{"namespace": "s3://a", "name": "d"}, {"namespace": "s3://b", "name": "d"}], "outputs": [{"namespace": "s3://a", "name": "x"}]}
            """
        let graph = try LineageReader.parse(Data(events.utf8), file: "e.jsonl")
        #expect(graph.nodes.map(\.id) == ["s3://a/d", "s3://b/d", "job:x", "x"])
        #expect(graph.node("x")?.upstream.map(\.target) == ["job:x"])
        #expect(graph.node("job:x")?.upstream.map(\.target) == ["s3://a/d", "s3://b/d"])
    }

    @Test func cyclesAreNamedOnceFromTheirSmallestId() throws {
        let text = """
            apiVersion: gremlin/v1
            kind: Lineage
            nodes:
              - {id: c, kind: dataset, derived_from: [b]}
              - {id: b, kind: dataset, derived_from: [a]}
              - {id: a, kind: dataset, derived_from: [c]}
              - {id: s, kind: dataset, derived_from: [s]}
            """
        let graph = try LineageReader.parse(Data(text.utf8), file: "l.yaml")
        #expect(graph.cycles == [["a", "c", "b", "a"], ["s", "s"]])
    }
}
