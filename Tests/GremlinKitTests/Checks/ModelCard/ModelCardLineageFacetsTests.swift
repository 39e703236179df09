// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The model card's Lineage section shows what OpenLineage's descriptive facets say.
@Suite struct ModelCardLineageFacetsTests {
    typealias E = OpenLineageEvents

    @Test func lineageSectionShowsFacetsAndTheRepositoryURL() throws {
        let manifest = try ManifestLoader.load(path: Fixtures.path("contract/release.yaml"))
        let split = E.dataset(
            "s3://tdm", "mm_fusion_v1",
            facets: [
                "tags": E.tags([
                    E.gremlin("stage", "split"), E.gremlin("pii", "scrubbed"),
                    E.gremlin("pii_certified_by", "text_anchor_date_redaction"),
                ]),
                "documentation": E.facet("DocumentationDatasetFacet", ["description": "Fusion split, Q2 2025."]),
                "dataSource": E.facet(
                    "DatasourceDatasetFacet", ["name": "tdm", "uri": "s3://reader:key@tdm-bucket/curated"]),
            ])
        let code = E.sourceCode(
            url: "https://git.example.internal/ofm/ofm-late-fusion/-/blob/a8f92b/fit.py",
            repoUrl: "https://git.example.internal/ofm/ofm-late-fusion.git", version: "a8f92b")
        let events = E.file([
            E.event(
                "COMPLETE", run: "r1", job: "job-fusion", jobFacets: ["sourceCodeLocation": code], inputs: [split],
                outputs: [E.dataset("s3://ml-models", "cl_unimodal_v2/1.0.0/model.pt")])
        ])
        var evidence = ModelCard.Evidence(manifest: manifest, commit: nil)
        evidence.graph = try LineageReader.parse(
            Data(events.utf8), file: "lineage.jsonl", artifacts: manifest.artifacts)
        let card = ModelCard.render(evidence).markdown
        let start = try #require(card.range(of: "## Lineage\n"))
        let section = String(card[start.upperBound...].prefix { $0 != "#" })
        #expect(section.contains("commit a8f92b in https://git.example.internal/ofm/ofm-late-fusion.git |"))
        #expect(
            section.contains("- `mm_fusion_v1` — about: Fusion split, Q2 2025.; source: tdm (s3://tdm-bucket/curated)"))
        #expect(!card.contains("reader:key"))
    }
}
