// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A small lineage graph written once and rendered both as Gremlin YAML and as OpenLineage events,
/// so every PII scenario is judged on both formats.
struct PIIScenario: CustomStringConvertible {
    struct Dataset {
        var id: String
        var pii: String?
        var certifier: String?
        /// The run that produced it (nil: a source).
        var producedBy: String?
    }

    var name: String
    var datasets: [Dataset]
    /// Run id → input dataset ids.
    var runs: [(id: String, inputs: [String])]
    /// The run that produces the artifact.
    var trainer: String

    var description: String { name }

    var yaml: String {
        var lines = ["apiVersion: gremlin/v1", "kind: Lineage", "nodes:"]
        for dataset in datasets {
            var line = "  - {id: \(dataset.id), kind: dataset"
            if let run = dataset.producedBy { line += ", produced_by: \(run)" }
            if let pii = dataset.pii {
                line += ", pii: {status: \(pii)" + (dataset.certifier.map { ", certified_by: \($0)" } ?? "") + "}"
            }
            lines.append(line + "}")
        }
        for run in runs {
            lines.append("  - {id: \(run.id), kind: run, inputs: [\(run.inputs.joined(separator: ", "))]}")
        }
        lines.append("  - {id: model, kind: artifact, produced_by: \(trainer), artifact: weights}")
        return lines.joined(separator: "\n") + "\n"
    }

    var events: String {
        func dataset(_ id: String) -> String {
            guard let record = datasets.first(where: { $0.id == id }) else {
                return "{\"namespace\": \"s3://d\", \"name\": \"\(id)\"}"
            }
            var tags: [String] = []
            if let pii = record.pii {
                tags.append("{\"key\": \"pii\", \"value\": \"\(pii)\", \"source\": \"gremlin\"}")
            }
            if let certifier = record.certifier {
                tags.append("{\"key\": \"pii_certified_by\", \"value\": \"\(certifier)\", \"source\": \"gremlin\"}")
            }
            return
                "{\"namespace\": \"s3://d\", \"name\": \"\(id)\", \"facets\": {\"tags\": {\"tags\": [\(tags.joined(separator: ", "))]}}}"
        }
        return runs.map { run in
            var outputs = datasets.filter { $0.producedBy == run.id }.map { dataset($0.id) }
            if run.id == trainer {
                outputs.append(
                    "{\"namespace\": \"s3://m\", \"name\": \"model\", \"facets\": {\"tags\": {\"tags\": [{\"key\": \"artifact\", \"value\": \"weights\", \"source\": \"gremlin\"}]}}}"
                )
            }
            return
                "{\"eventType\": \"COMPLETE\", \"run\": {\"runId\": \"\(run.id)\"}, \"job\": {\"namespace\": \"j\", \"name\": \"\(run.id)\"}, "
                + "\"inputs\": [\(run.inputs.map(dataset).joined(separator: ", "))], \"outputs\": [\(outputs.joined(separator: ", "))]}"
        }.joined(separator: "\n") + "\n"
    }

    /// Datasets that fail the propagation rule, read from each format.
    func violations() throws -> (yaml: [String], openLineage: [String]) {
        let allowed: Set<String> = ["scrubbed", "none"]
        let trusted: Set<String> = ["privacy_office"]
        let fromYAML = try LineageReader.parse(Data(yaml.utf8), file: "\(name).yaml")
        let fromEvents = try LineageReader.parse(Data(events.utf8), file: "\(name).jsonl")
        return (
            PIICheck.propagation(fromYAML, allowed: allowed, trusted: trusted).violations.map(\.dataset).sorted(),
            PIICheck.propagation(fromEvents, allowed: allowed, trusted: trusted).violations.map(\.dataset).sorted()
        )
    }
}

@Suite struct PIICheckTests {
    typealias D = PIIScenario.Dataset

    static let scenarios: [(PIIScenario, [String])] = [
        // raw notes with PII → a certified scrub → features → training: PII only upstream of the scrub.
        (
            PIIScenario(
                name: "scrub in the middle",
                datasets: [
                    D(id: "raw_notes", pii: "present"),
                    D(id: "scrubbed_notes", pii: "scrubbed", certifier: "privacy_office", producedBy: "scrub"),
                    D(id: "features", pii: "scrubbed", certifier: "privacy_office", producedBy: "featurize"),
                ],
                runs: [("scrub", ["raw_notes"]), ("featurize", ["scrubbed_notes"]), ("train", ["features"])],
                trainer: "train"), []
        ),
        // The first trusted scrub stops the walk even when the next dataset states none.
        (
            PIIScenario(
                name: "none downstream of a scrub",
                datasets: [
                    D(id: "raw", pii: "present"),
                    D(id: "clean", pii: "scrubbed", certifier: "privacy_office", producedBy: "scrub"),
                    D(id: "derived", pii: "none", producedBy: "derive"),
                ],
                runs: [("scrub", ["raw"]), ("derive", ["clean"]), ("train", ["derived"])],
                trainer: "train"), []
        ),
        (
            PIIScenario(
                name: "uncertified dataset downstream of a scrub",
                datasets: [
                    D(id: "raw", pii: "present"),
                    D(id: "clean", pii: "scrubbed", certifier: "privacy_office", producedBy: "scrub"),
                    D(id: "joined", pii: nil, producedBy: "join"),
                ],
                runs: [("scrub", ["raw"]), ("join", ["clean"]), ("train", ["joined"])],
                trainer: "train"), ["joined"]
        ),
        (
            PIIScenario(
                name: "untrusted certifier",
                datasets: [
                    D(id: "raw", pii: "present"),
                    D(id: "clean", pii: "scrubbed", certifier: "intern_script", producedBy: "scrub"),
                ],
                runs: [("scrub", ["raw"]), ("train", ["clean"])],
                trainer: "train"), ["clean", "raw"]
        ),
        (
            PIIScenario(
                name: "scrubbed without certifier",
                datasets: [D(id: "raw", pii: "none"), D(id: "clean", pii: "scrubbed", producedBy: "scrub")],
                runs: [("scrub", ["raw"]), ("train", ["clean"])],
                trainer: "train"), ["clean"]
        ),
        (
            PIIScenario(
                name: "missing status three hops up",
                datasets: [
                    D(id: "d3", pii: nil), D(id: "d2", pii: "none", producedBy: "r3"),
                    D(id: "d1", pii: "none", producedBy: "r2"), D(id: "d0", pii: "none", producedBy: "r1"),
                ],
                runs: [("r3", ["d3"]), ("r2", ["d2"]), ("r1", ["d1"]), ("train", ["d0"])],
                trainer: "train"), ["d3"]
        ),
        (
            PIIScenario(
                name: "unknown status",
                datasets: [D(id: "d", pii: "unknown")], runs: [("train", ["d"])], trainer: "train"), ["d"]
        ),
        (
            PIIScenario(
                name: "two paths, only one passes",
                datasets: [
                    D(id: "raw_a", pii: "present"),
                    D(id: "clean_a", pii: "scrubbed", certifier: "privacy_office", producedBy: "scrub"),
                    D(id: "raw_b", pii: "present"),
                ],
                runs: [("scrub", ["raw_a"]), ("train", ["clean_a", "raw_b"])],
                trainer: "train"), ["raw_b"]
        ),
        (
            PIIScenario(
                name: "PII reached around a scrub",
                datasets: [
                    D(id: "raw", pii: "present"),
                    D(id: "clean", pii: "scrubbed", certifier: "privacy_office", producedBy: "scrub"),
                ],
                runs: [("scrub", ["raw"]), ("train", ["clean", "raw"])],
                trainer: "train"), ["raw"]
        ),
    ]

    @Test(arguments: scenarios.indices)
    func propagationRuleGivesTheSameVerdictOnYAMLAndOpenLineage(_ index: Int) throws {
        let (scenario, expected) = Self.scenarios[index]
        let result = try scenario.violations()
        #expect(result.yaml == expected, "\(scenario)")
        #expect(result.openLineage == expected, "\(scenario)")
    }

    @Test func violationNamesTheBadPathOnly() throws {
        let (scenario, _) = Self.scenarios[7]
        let graph = try LineageReader.parse(Data(scenario.yaml.utf8), file: "g.yaml")
        let walk = PIICheck.propagation(graph, allowed: ["scrubbed", "none"], trusted: ["privacy_office"])
        #expect(walk.violations.map(\.path) == [["model", "train", "raw_b"]])
        #expect(
            walk.violations.first?.message == "dataset raw_b has PII status `present` (allowed: none, scrubbed) and "
                + "reaches the model with no trusted scrub in between: model ← train ← raw_b")
        #expect(walk.trustedScrubs == ["clean_a"])
        #expect(walk.checked == ["clean_a", "raw_b"])
    }

    @Test func untrustedCertifierMessageSaysWhy() throws {
        let (scenario, _) = Self.scenarios[3]
        let graph = try LineageReader.parse(Data(scenario.yaml.utf8), file: "g.yaml")
        let walk = PIICheck.propagation(graph, allowed: ["scrubbed", "none"], trusted: ["privacy_office"])
        #expect(
            walk.violations.first?.message.hasPrefix(
                "dataset clean is `scrubbed` but certified by `intern_script`, not a trusted certifier, so it counts as unknown"
            ) == true)
    }

    @Test func danglingInputCountsAsUnknown() throws {
        let yaml = """
            apiVersion: gremlin/v1
            kind: Lineage
            nodes:
              - {id: train, kind: run, inputs: [ghost]}
              - {id: model, kind: artifact, produced_by: train}
            """
        let graph = try LineageReader.parse(Data(yaml.utf8), file: "g.yaml")
        let walk = PIICheck.propagation(graph, allowed: ["scrubbed", "none"], trusted: [])
        #expect(walk.violations.map(\.dataset) == ["ghost"])
        #expect(walk.violations.first?.line == 4)
    }

    @Test func checkRunsTheWalkAndScansSamplesWithoutShowingText() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.yaml",
            GovernanceRepo.lineageYAML(
                commit: repo.trainingCommit,
                rawPII: "{status: present}"))
        let secretEmail = "jane.doe@hospital.org"
        try repo.write(
            "samples/notes.jsonl",
            """
            {"note": "Patient seen for follow-up; stable disease."}
            {"note": "Contact \(secretEmail) for records", "mrn": "MRN 12345678"}
            {"note": "SSN 078-05-1120 on file"}
            """)
        try repo.manifest("pii_scan:\n  - samples/notes.jsonl\n")
        let report = try repo.audit(["pii"])
        let pii = try #require(report.check("pii"))
        // Raw PII sits upstream of the trusted scrub on mm_fusion_v1: the walk passes, the samples do not.
        #expect(pii.status == .fail)
        #expect(pii.findings.map(\.rule) == ["pii.email", "pii.mrn", "pii.ssn"])
        #expect(pii.measurements["lineage"]?["violations"] == .int(0))
        #expect(pii.measurements["lineage"]?["trusted_scrubs"] == .array([.string("mm_fusion_v1")]))
        let scan = try #require(pii.measurements["scan"])
        #expect(scan["matches"] == .object(["email": .int(1), "mrn": .int(1), "ssn": .int(1)]))
    }

    @Test func scanFindingsCarryPlaceAndDetectorButNeverTheText() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        let secrets = [
            "jane.doe@hospital.org", "078-05-1120", "(212) 555-0142", "4111 1111 1111 1111", "10.20.30.40",
            "1961-03-04", "MRN 12345678",
        ]
        try repo.write(
            "samples/notes.txt",
            """
            Clean line.
            Email jane.doe@hospital.org and SSN 078-05-1120.
            Call (212) 555-0142, card 4111 1111 1111 1111, host 10.20.30.40
            DOB: 1961-03-04; MRN 12345678
            """)
        try repo.manifest("pii_scan:\n  - samples/notes.txt\n")
        let report = try repo.audit(["pii"])
        let pii = try #require(report.check("pii"))
        #expect(pii.status == .fail)
        #expect(
            pii.findings.map { "\($0.location?.description ?? "") \($0.rule)" } == [
                "models/m1/samples/notes.txt:2:7 pii.email", "models/m1/samples/notes.txt:2:37 pii.ssn",
                "models/m1/samples/notes.txt:3:6 pii.phone", "models/m1/samples/notes.txt:3:27 pii.credit_card",
                "models/m1/samples/notes.txt:3:53 pii.ipv4", "models/m1/samples/notes.txt:4:6 pii.date_of_birth",
                "models/m1/samples/notes.txt:4:18 pii.mrn",
            ])
        let encoded = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for secret in secrets {
            #expect(!encoded.contains(secret), "audit.json leaks \(secret)")
            #expect(!encoded.contains(secret.replacingOccurrences(of: "/", with: "\\/")))
        }
        #expect(pii.findings.first?.message == "possible email address (detector email); the text is not shown")
        #expect(report.inputs["models/m1/samples/notes.txt"]?.bytes == 154)
    }

    @Test func presentUpstreamWithoutTrustedScrubFails() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "lineage.yaml",
            GovernanceRepo.lineageYAML(
                commit: repo.trainingCommit,
                rawPII: "{status: present}"
            )
            .replacingOccurrences(
                of: "pii: {status: scrubbed, certified_by: text_anchor_date_redaction}",
                with: "pii: {status: scrubbed, certified_by: someone_else}"))
        try repo.manifest()
        let pii = try #require(try repo.audit(["pii"]).check("pii"))
        #expect(pii.status == .fail)
        #expect(
            pii.findings.map(\.location) == [
                Location(path: "models/m1/lineage.yaml", line: 4),
                Location(path: "models/m1/lineage.yaml", line: 12),
            ])
        #expect(pii.markdown?.contains("| `mm_fusion_v1` | scrubbed | someone\\_else | unknown | ❌ |") == true)
        #expect(pii.notes.map(\.rule) == ["pii.no-samples"])
    }
}
