// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Registry connection: tracking URI and credentials")
struct RegistryConnectionTests {
    static let secret = "pa55-SECRET-word"

    @Test("only scheme://host:port is shown; a token is a bearer header, a username and password basic")
    func displayAndCredentials() throws {
        let bearer = try RegistryConnection(
            uri: "https://mlflow.example.com/prefix/?q=1#f", key: "k", file: nil,
            environment: ["MLFLOW_TRACKING_TOKEN": Self.secret])
        #expect(bearer.description == "https://mlflow.example.com:443")
        #expect(bearer.base.absoluteString == "https://mlflow.example.com/prefix")
        #expect(bearer.authorization == "Bearer \(Self.secret)")
        let basic = try RegistryConnection(
            uri: "http://127.0.0.1:5000", key: "k", file: nil,
            environment: ["MLFLOW_TRACKING_USERNAME": "ci", "MLFLOW_TRACKING_PASSWORD": Self.secret])
        #expect(basic.authorization == "Basic " + Data("ci:\(Self.secret)".utf8).base64EncodedString())
        #expect(basic.description == "http://127.0.0.1:5000")
        let anonymous = try RegistryConnection(
            uri: "http://mlflow.internal:5000", key: "k", file: nil, environment: [:])
        #expect(anonymous.authorization == nil)
    }

    @Test(
        "credentials in the URI, or over plain http off loopback, and non-http URIs are refused without echoing",
        arguments: [
            ("https://ci:\(RegistryConnectionTests.secret)@mlflow.example.com", [String: String]()),
            ("http://mlflow.example.com", ["MLFLOW_TRACKING_TOKEN": RegistryConnectionTests.secret]),
            ("databricks", [String: String]()),
            ("file:///tmp/mlruns", [String: String]()),
        ])
    func refused(uri: String, environment: [String: String]) {
        let error = #expect(throws: InputError.self) {
            try RegistryConnection(
                uri: uri, key: "registry.mlflow.tracking_uri", file: "release.yaml", environment: environment)
        }
        #expect(error?.description.contains(Self.secret) == false)
        #expect(error?.fix?.isEmpty == false)
    }

    @Test("no tracking_uri and no MLFLOW_TRACKING_URI names both; version and alias are exclusive")
    func manifestKeys() throws {
        let source = RegistrySource(
            trackingURI: nil, model: "m", version: "1", alias: nil, productionAlias: nil, predictionsArtifact: nil,
            file: "release.yaml", line: 3)
        let error = #expect(throws: InputError.self) { try source.connection(environment: [:]) }
        #expect(error?.description.contains("MLFLOW_TRACKING_URI") == true)
        #expect(
            try source.connection(environment: ["MLFLOW_TRACKING_URI": "http://127.0.0.1:9"]).description
                == "http://127.0.0.1:9")

        for (body, message) in [
            ("    model: m\n    version: \"1\"\n    alias: a\n", "names both a version and an alias"),
            ("    model: m\n", "names neither a version nor an alias"),
            ("    model: m\n    version: latest\n", "is not a model version number"),
            ("    model: m\n    version: 2\n    predictions_artifact: ../x.csv\n", "inside the run's artifacts"),
        ] {
            let directory = try Fixtures.temporaryDirectory("registry-manifest")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = try Fixtures.write(
                "apiVersion: gremlin/v1\nkind: ModelRelease\nmodel: {name: m, version: 1.0.0}\nregistry:\n  mlflow:\n"
                    + body, to: "release.yaml", in: directory)
            let error = #expect(throws: InputError.self) { try ManifestLoader.load(path: path) }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        }
    }
}
