// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Every way the registry can fail is exit 2 for `gremlin audit`, naming the server
/// (scheme://host:port) and the object, never the credentials.
@Suite("MLflow registry: failure modes", .enabled(if: MLflowServer.available))
struct RegistryFailureTests {
    /// Audits the example with its registry manifest against `uri`; returns the run and audit.json's reason.
    func audit(_ example: RegistryExample, uri: String, extra: [String] = []) throws -> (Binary.Run, String, Double) {
        try example.writeRegistryManifest(extra: extra, commit: false)
        let start = Date()
        let run = try example.audit(
            example.registryManifest, out: "out",
            environment: ["MLFLOW_TRACKING_URI": uri, "GREMLIN_REGISTRY_TIMEOUT": "3"])
        let reason = try example.report("out")["reason"] as? String ?? ""
        return (run, reason, Date().timeIntervalSince(start))
    }

    func expectClean(_ run: Binary.Run, _ reason: String, _ example: RegistryExample) throws {
        #expect(!reason.contains(RegistryExample.token) && !run.stderr.contains(RegistryExample.token))
        for (path, text) in try example.artifacts("out") { #expect(!text.contains(RegistryExample.token), "\(path)") }
        #expect(!reason.contains("/api/2.0"), "no request path in \(reason)")
    }

    @Test(
        "down, slow, 401, 403 and malformed answers are exit 2 naming the server and the model version",
        arguments: ["down", "sleep", "401", "403", "malformed"])
    func serverFailures(mode: String) throws {
        let example = try RegistryExample("fail\(mode)", populate: false)
        var server: FakeRegistryServer?
        let uri: String
        if mode == "down" {
            let closed = try FakeRegistryServer("401")
            uri = closed.url  // the port is free again once the server is gone
        } else {
            server = try FakeRegistryServer(mode)
            uri = server?.url ?? ""
        }
        let (run, reason, elapsed) = try audit(example, uri: uri)
        #expect(run.status == 2, "\(mode): \(run.stderr)")
        #expect(reason.contains(uri), "\(mode): \(reason)")
        #expect(reason.contains("model version \(example.model) version 2"), "\(mode): \(reason)")
        let expected = [
            "down": "connection refused", "sleep": "timed out", "401": "refused access", "403": "HTTP 403",
            "malformed": "malformed answer",
        ][mode]!
        #expect(reason.contains(expected), "\(mode): \(reason)")
        #expect(elapsed < 60, "\(mode): bounded by GREMLIN_REGISTRY_TIMEOUT, took \(elapsed) s")
        try expectClean(run, reason, example)
        if let server, mode != "sleep" {
            // The token travels in the Authorization header, and 4xx answers are not retried.
            let requests = try server.requests()
            #expect(requests.allSatisfy { $0["authorization"] as? String == "Bearer \(RegistryExample.token)" })
            if mode == "401" || mode == "403" { #expect(requests.count == 1) }
        }
    }

    @Test("checks that do not read the manifest run without contacting the registry")
    func checksWithoutTheManifestLeaveTheRegistryAlone() throws {
        let example = try RegistryExample("failonly", populate: false)
        let uri: String
        do {
            let closed = try FakeRegistryServer("401")
            uri = closed.url  // the port is free again once the server is gone
        }
        try example.writeRegistryManifest(commit: false)
        let environment = ["MLFLOW_TRACKING_URI": uri, "GREMLIN_REGISTRY_TIMEOUT": "3"]
        let partial = try example.audit(
            example.registryManifest, out: "out", environment: environment, arguments: ["--only", "ip,commits"])
        #expect(partial.status == 0 || partial.status == 1, "\(partial.stderr)")
        #expect(!(partial.stdout + partial.stderr).contains("MLflow server"))
        let report = try example.report("out")
        #expect(
            Set((report["checks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }).isSuperset(of: [
                "ip", "commits",
            ]))
        // A check that reads the manifest still needs the registry: the same server is exit 2.
        let full = try example.audit(
            example.registryManifest, out: "out2", environment: environment, arguments: ["--only", "performance"])
        #expect(full.status == 2)
        #expect((full.stdout + full.stderr).contains("connection refused"), "\(full.stderr)")
    }

    @Test("unknown model version and production alias are exit 2 naming them, on the real server")
    func unknownVersionAndAlias() throws {
        let example = try RegistryExample("unknown")
        for (extra, expected) in [
            (["version: \"99\""], "model version \(example.model) version 99 does not exist"),
            (["alias: nope"], "no alias \(example.model)@nope"),
        ] {
            try example.writeRegistryManifest(commit: false)
            // Replace the candidate selector.
            let path = example.registryManifest
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "    version: \"\(example.candidateVersion)\"\n", with: "")
            text += extra.map { "    \($0)\n" }.joined()
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let run = try example.audit(path, out: "out")
            #expect(run.status == 2, "\(run.stderr)")
            let reason = try example.report("out")["reason"] as? String ?? ""
            #expect(reason.contains(expected), "\(reason)")
            #expect(reason.contains(example.server.url), "\(reason)")
        }
    }

    @Test("long dataset and tag lists are read whole")
    func longLists() throws {
        let server = try MLflowServer.get()
        let model = "long_\(UUID().uuidString.prefix(8).lowercased())"
        let datasets: [[String: Any]] = (0..<40).map { index in
            ["name": "ds_\(index)", "digest": "d\(index)", "context": "training", "tags": ["pii_status": "none"]]
        }
        var tags: [String: String] = [:]
        for index in 0..<150 { tags["note.\(index)"] = "v\(index)" }
        var runTags: [String: String] = ["mlflow.source.git.commit": "abcd123"]
        for index in 0..<150 { runTags["t.\(index)"] = "\(index)" }
        let versions = try server.populate([
            "model": model, "versions": [["run": ["tags": runTags, "datasets": datasets], "tags": tags]],
        ])
        let connection = try RegistryConnection(uri: server.url, key: "k", file: nil, environment: [:])
        let registry = MLflowRegistry(connection: connection, timeout: 20, retries: 1, budget: 60)
        let version = try registry.modelVersion(model: model, version: versions[0].version)
        #expect(version.tags.count == 150)
        let run = try registry.run(id: version.runID)
        #expect(Set(run.datasets.map(\.name)) == Set((0..<40).map { "ds_\($0)" }))
        #expect(run.tags.keys.filter { $0.hasPrefix("t.") }.count == 150)
    }
}
