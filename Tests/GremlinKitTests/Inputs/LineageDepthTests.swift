// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Lineage walks are iterative: a 100,000-node chain (a recursion would overflow the stack
/// near 20,000) is read, walked for cycles, paths and PII, and rendered.
@Suite struct LineageDepthTests {
    static let depth = 100_000

    /// raw (scrubbed) ← d1 ← … ← d(n-1) ← run ← artifact, with `back` adding an edge from raw to d(n-1).
    static func chain(back: Bool = false) -> LineageGraph {
        var nodes: [LineageNode] = []
        nodes.append(
            LineageNode(
                id: "d0", kind: .dataset, stage: "raw",
                upstream: back ? [LineageEdge(.derivedFrom, "d\(depth - 1)")] : [],
                pii: PIIRecord(status: "scrubbed", certifiedBy: "steward")))
        for index in 1..<depth {
            nodes.append(
                LineageNode(id: "d\(index)", kind: .dataset, upstream: [LineageEdge(.derivedFrom, "d\(index - 1)")]))
        }
        nodes.append(
            LineageNode(id: "run", kind: .run, stage: "training", upstream: [LineageEdge(.input, "d\(depth - 1)")]))
        nodes.append(
            LineageNode(id: "model", kind: .artifact, upstream: [LineageEdge(.producedBy, "run")], artifact: "weights"))
        return LineageGraph(file: "lineage.yaml", format: .yaml, nodes: nodes)
    }

    @Test func walksAHundredThousandNodes() throws {
        let graph = Self.chain()
        #expect(graph.cycles.isEmpty)
        let path = try #require(graph.pathToSource(from: "model", avoiding: { _ in false }))
        #expect(path.count == Self.depth + 2 && path.first == "model" && path.last == "d0")
        #expect(graph.pathToSource(from: "model", avoiding: { $0.id == "d0" }) == nil)
        #expect(graph.upstreamClosure(of: "model").count == Self.depth + 2)
        let walk = PIICheck.propagation(graph, allowed: ["scrubbed", "none"], trusted: [])
        #expect(walk.checked.count == Self.depth)
        // Every dataset lacks a trusted status here: each violation names its route in bounded space.
        #expect(walk.violations.count == Self.depth)
        #expect(walk.violations.allSatisfy { $0.message.count < 600 })
        #expect(walk.violations.last?.message.contains("more …") == true)
        #expect(LineageMarkdown.fragment(graph).contains("d99999"))
    }

    @Test func findsTheOneLongCycle() {
        let cycles = Self.chain(back: true).cycles
        #expect(cycles.count == 1)
        #expect(cycles.first?.count == Self.depth + 1)
        #expect(cycles.first?.first == "d0" && cycles.first?.last == "d0")
    }

    /// The same cycle reported the same way, and small cases unchanged: `a → b → a` once.
    @Test func smallCyclesReadAsBefore() {
        let graph = LineageGraph(
            file: "l.yaml", format: .yaml,
            nodes: [
                LineageNode(id: "b", kind: .dataset, upstream: [LineageEdge(.derivedFrom, "a")]),
                LineageNode(id: "a", kind: .dataset, upstream: [LineageEdge(.derivedFrom, "b")]),
                LineageNode(id: "c", kind: .dataset, upstream: [LineageEdge(.derivedFrom, "c")]),
            ])
        #expect(graph.cycles == [["a", "b", "a"], ["c", "c"]])
    }

    /// The binary end to end: a 20,000-node OpenLineage chain through `gremlin audit` and
    /// `gremlin card`, which crashed with SIGSEGV before the walks were iterative.
    @Test func theBinaryAuditsAndRendersALongChain() throws {
        let repo = try GovernanceRepo()
        let runs = 10_000
        var events = ""
        for index in 0..<runs {
            let output =
                index == runs - 1
                ? "{\"namespace\": \"s3://ml-models\", \"name\": \"m1/1.0.0/model.pt\"}"
                : "{\"namespace\": \"s3://tdm\", \"name\": \"d\(index + 1)\"}"
            events +=
                "{\"eventType\": \"COMPLETE\", \"run\": {\"runId\": \"r\(index)\"}, "
                + "\"job\": {\"namespace\": \"ofm\", \"name\": \"j\(index)\"}, "
                + "\"inputs\": [{\"namespace\": \"s3://tdm\", \"name\": \"d\(index)\"}], \"outputs\": [\(output)]}\n"
        }
        try repo.write("lineage.jsonl", events)
        try repo.manifest(lineage: "lineage.jsonl")
        try repo.write("policy.yaml", GovernanceRepo.policy)
        let directory = URL(fileURLWithPath: repo.git.path)
        let audit = try Binary.run(
            [
                "audit", "--only", "lineage,pii", "--manifest", repo.manifestPath, "--policy",
                repo.git.url("models/m1/policy.yaml").path, "--out", "out", "--quiet",
            ], in: directory)
        #expect(audit.status == 1, "\(audit.stderr)")
        #expect(audit.stdout.contains("lineage"))
        let card = try Binary.run(["card", "--manifest", repo.manifestPath], in: directory)
        #expect(card.status == 0, "\(card.stderr)")
        #expect(card.stdout.contains("## Lineage"))
    }
}
