// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The manifest's `registry.mlflow` section: which server, which model version is the candidate,
/// which alias is production, and where each run keeps its evaluation predictions.
public struct RegistrySource: Sendable, Equatable {
    /// `tracking_uri` as written; `nil` means `MLFLOW_TRACKING_URI`.
    public var trackingURI: String?
    public var model: String
    /// The candidate version number, or…
    public var version: String?
    /// …the alias naming it (exactly one of the two).
    public var alias: String?
    /// The alias of the model version in production (its run is the performance baseline).
    public var productionAlias: String?
    /// Each run's evaluation predictions, as a run artifact path (`eval/predictions.csv`).
    public var predictionsArtifact: String?
    /// The manifest file and the section's line, for messages.
    public var file: String
    public var line: Int?

    /// The candidate as messages name it: `cl_unimodal_v2 version 7` or `cl_unimodal_v2@challenger`.
    public var candidateName: String {
        if let version { return "\(model) version \(version)" }
        return "\(model)@\(alias ?? "")"
    }

    /// The `registry.mlflow` shape (manifest keys, with the docs the format reference shows).
    static let mlflowShape: Shape = .object([
        Field(
            "tracking_uri", .string,
            doc: "the MLflow server, http(s)://host:port (default: MLFLOW_TRACKING_URI); credentials come from "
                + "MLFLOW_TRACKING_TOKEN (bearer) or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD, never the manifest"
        ),
        Field("model", .string, required: true, doc: "the registered model name"),
        Field(
            "version", .either(.string, .integer(minimum: 1)),
            doc: "the candidate model version (give this or `alias`)"),
        Field(
            "alias", .string, doc: "the alias naming the candidate version, e.g. challenger (give this or `version`)"),
        Field(
            "production_alias", .string,
            doc: "the alias of the production version: its run's metrics (or predictions) are the performance baseline"),
        Field(
            "predictions_artifact", .string,
            doc: "each run's evaluation predictions, as a run artifact path (CSV: patient_id,time,event,score)"),
    ])

    /// Reads `registry:` from a validated manifest document (`nil` when absent).
    static func load(_ value: ConfigValue?, file: String) throws -> RegistrySource? {
        guard let value, let mlflow = value["mlflow"] else {
            if value != nil {
                throw InputError(
                    file: file, key: "registry", message: "names no registry",
                    fix: "add `mlflow:` with model and version")
            }
            return nil
        }
        let line = value.line(of: "mlflow")
        let version = mlflow["version"]?.string ?? mlflow["version"]?.int.map(String.init)
        let alias = mlflow["alias"]?.string
        guard (version == nil) != (alias == nil) else {
            throw InputError(
                file: file, line: line, key: "registry.mlflow",
                message: version == nil ? "names neither a version nor an alias" : "names both a version and an alias",
                fix: "give the candidate as `version: \"7\"` or as `alias: challenger`, not both")
        }
        let source = RegistrySource(
            trackingURI: mlflow["tracking_uri"]?.string, model: mlflow["model"]?.string ?? "", version: version,
            alias: alias, productionAlias: mlflow["production_alias"]?.string,
            predictionsArtifact: mlflow["predictions_artifact"]?.string, file: file, line: line)
        for (key, text) in [
            ("model", source.model), ("version", version), ("alias", alias),
            ("production_alias", source.productionAlias),
        ] {
            guard let text else { continue }
            if text.trimmingCharacters(in: .whitespaces).isEmpty || text.contains(where: \.isNewline) {
                throw InputError(
                    file: file, line: mlflow.line(of: key), key: "registry.mlflow.\(key)",
                    message: "must be a non-empty single-line name", fix: "write the name as MLflow shows it")
            }
        }
        if let version, !(version.allSatisfy(\.isNumber) && !version.isEmpty) {
            throw InputError(
                file: file, line: mlflow.line(of: "version"), key: "registry.mlflow.version",
                message: "'\(version)' is not a model version number", fix: "write the version number, e.g. \"7\"")
        }
        if let path = source.predictionsArtifact, path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw InputError(
                file: file, line: mlflow.line(of: "predictions_artifact"), key: "registry.mlflow.predictions_artifact",
                message: "must be a path inside the run's artifacts (no leading / and no ..)",
                fix: "write it as logged, e.g. eval/predictions.csv")
        }
        return source
    }

    /// The server and credentials to use, from the manifest and the MLflow environment variables.
    func connection(environment: [String: String]) throws -> RegistryConnection {
        let key = trackingURI == nil ? "MLFLOW_TRACKING_URI" : "registry.mlflow.tracking_uri"
        guard let text = trackingURI ?? environment["MLFLOW_TRACKING_URI"],
            !text.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw InputError(
                file: file, line: line, key: "registry.mlflow.tracking_uri",
                message: "no MLflow server: the manifest gives no tracking_uri and MLFLOW_TRACKING_URI is not set",
                fix: "add `tracking_uri: https://mlflow.example.com` or export MLFLOW_TRACKING_URI")
        }
        return try RegistryConnection(uri: text, key: key, file: file, environment: environment)
    }
}

/// Where the registry is and how to authenticate; `description` shows scheme://host:port only.
public struct RegistryConnection: Sendable, CustomStringConvertible {
    /// The server's base URL, without credentials, query or fragment.
    public let base: URL
    /// `Authorization` header value; never printed.
    let authorization: String?
    /// scheme://host:port, the only part of the server messages show.
    public let description: String

    init(uri: String, key: String, file: String?, environment: [String: String]) throws {
        let trimmed = uri.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var parts = URLComponents(string: trimmed), let scheme = parts.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty
        else {
            throw InputError(
                file: file, key: key, message: "the MLflow tracking URI is not an http(s) URL with a host",
                fix: "write it as http(s)://host:port, e.g. https://mlflow.example.com")
        }
        let port = parts.port ?? (scheme == "https" ? 443 : 80)
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        description = "\(scheme)://\(shownHost):\(port)"
        if parts.user != nil || parts.password != nil {
            throw InputError(
                file: file, key: key,
                message: "the MLflow tracking URI for \(description) carries credentials (not shown)",
                fix:
                    "remove them from the URI and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"
            )
        }
        parts.query = nil
        parts.fragment = nil
        while parts.path.hasSuffix("/") { parts.path.removeLast() }
        guard let url = parts.url else {
            throw InputError(
                file: file, key: key, message: "the MLflow tracking URI cannot be parsed",
                fix: "write it as http(s)://host:port")
        }
        base = url
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            authorization = "Bearer \(token)"
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"],
            let password = environment["MLFLOW_TRACKING_PASSWORD"]
        {
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
        if authorization != nil, scheme == "http", !loopback {
            throw InputError(
                file: file, key: key,
                message: "MLflow credentials would cross the network unencrypted to \(description)",
                fix: "use the server's https URL (plain http is accepted with credentials for a loopback server only)")
        }
    }
}
