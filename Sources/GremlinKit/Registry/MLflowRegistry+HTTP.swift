// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Requests, answers and the errors they become: every message names the server as
/// scheme://host:port and the object, never a path, query or credential.
extension MLflowRegistry {
    func headers() -> [String: String] {
        var headers = ["Accept": "application/json"]
        if let authorization = connection.authorization { headers["Authorization"] = authorization }
        return headers
    }

    /// One REST call: `GET` with a query, or a JSON body; returns the answer's JSON object.
    func call(
        _ method: String, _ endpoint: String, query: [String: String] = [:], body: [String: String]? = nil,
        object: String, fix: String
    ) throws -> [String: Any] {
        guard var parts = URLComponents(url: connection.base, resolvingAgainstBaseURL: false) else {
            throw malformed(object, "cannot build the request URL")
        }
        let basePath = parts.path
        parts.path = basePath + "/api/2.0/mlflow/" + endpoint
        if !query.isEmpty {
            parts.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            // `+` in a name would read as a space.
            let encoded = parts.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            parts.percentEncodedQuery = encoded
        }
        guard let url = parts.url else { throw malformed(object, "cannot build the request URL") }
        var headers = headers()
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        }
        let outcome = client.send(.init(method: method, url: url, headers: headers, body: data), log: log)
        try check(outcome, object: object, fix: fix)
        if outcome.body.isEmpty { return [:] }
        guard let json = try? JSONSerialization.jsonObject(with: outcome.body) as? [String: Any] else {
            throw malformed(object, "the answer is not a JSON object")
        }
        return json
    }

    /// Turns a failed exchange into an input error naming the server and the object.
    func check(_ outcome: HTTPClient.Outcome, object: String, fix: String) throws {
        if outcome.succeeded { return }
        let attempts = outcome.attempts == 1 ? "1 attempt" : "\(outcome.attempts) attempts"
        guard let status = outcome.status else {
            throw InputError(
                file: file, key: "registry.mlflow.tracking_uri",
                message: "cannot reach the MLflow server at \(server) for \(object): \(outcome.detail) (\(attempts))",
                fix: "check registry.mlflow.tracking_uri (or MLFLOW_TRACKING_URI) and that the server is up")
        }
        let code = Self.errorCode(outcome.body)
        switch status {
        case 401, 403:
            throw InputError(
                file: file, key: "registry.mlflow",
                message: "the MLflow server at \(server) refused access to \(object) (HTTP \(status))",
                fix: "set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, "
                    + "for an account that may read the model (and edit it, for gremlin release)")
        case 404 where code == nil || code == "RESOURCE_DOES_NOT_EXIST" || code == "ENDPOINT_NOT_FOUND":
            throw InputError(
                file: file, key: "registry.mlflow",
                message:
                    "\(object) does not exist on the MLflow server at \(server) (HTTP 404\(code.map { ", \($0)" } ?? ""))",
                fix: fix)
        case 400 where code == "INVALID_PARAMETER_VALUE" || code == "RESOURCE_DOES_NOT_EXIST":
            // MLflow answers an unknown alias with 400 INVALID_PARAMETER_VALUE.
            throw InputError(
                file: file, key: "registry.mlflow",
                message: "the MLflow server at \(server) has no \(object) (HTTP 400, \(code ?? ""))", fix: fix)
        default:
            throw InputError(
                file: file, key: "registry.mlflow",
                message: "the MLflow server at \(server) answered \(outcome.detail)\(code.map { " (\($0))" } ?? "") "
                    + "for \(object) (\(attempts))",
                fix: "check the server's health and logs, then re-run")
        }
    }

    func malformed(_ object: String, _ what: String) -> InputError {
        InputError(
            file: file, key: "registry.mlflow",
            message: "the MLflow server at \(server) sent a malformed answer for \(object): \(what)",
            fix: "check that registry.mlflow.tracking_uri points at an MLflow tracking server (REST API 2.0)")
    }

    /// MLflow's `error_code`, when the body is an MLflow error.
    static func errorCode(_ body: Data) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        return json["error_code"] as? String
    }

    /// The artifact proxy URL of a run artifact: `mlflow-artifacts:/<exp>/<run>/artifacts` (or
    /// `mlflow-artifacts://host/…`, the same server) → `<base>/api/2.0/mlflow-artifacts/artifacts/…`.
    func artifactURL(run: RegistryRun, path: String, object: String) throws -> URL {
        let uri = run.artifactURI
        guard uri.hasPrefix("mlflow-artifacts:") else {
            let scheme = uri.split(separator: ":").first.map(String.init) ?? "an unknown"
            throw InputError(
                file: file, key: "registry.mlflow",
                message: "run \(run.id) stores its artifacts in \(scheme) storage, not behind the artifact proxy "
                    + "of the MLflow server at \(server), so \(object) cannot be read",
                fix: "serve artifacts through the tracking server (mlflow server --artifacts-destination …)")
        }
        var rest = String(uri.dropFirst("mlflow-artifacts:".count))
        if rest.hasPrefix("//") {
            rest = String(rest.dropFirst(2))
            rest = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
        }
        let segments = (rest.split(separator: "/") + path.split(separator: "/")).map(String.init)
        guard !segments.contains(".."), !segments.isEmpty else { throw malformed(object, "an artifact path with ..") }
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        guard var parts = URLComponents(url: connection.base, resolvingAgainstBaseURL: false) else {
            throw malformed(object, "cannot build the artifact URL")
        }
        let basePath = parts.percentEncodedPath
        parts.percentEncodedPath = basePath + "/api/2.0/mlflow-artifacts/artifacts/" + encoded.joined(separator: "/")
        guard let url = parts.url else { throw malformed(object, "cannot build the artifact URL") }
        return url
    }

    static func version(_ value: Any?, object: String, server: String) throws -> RegistryModelVersion {
        func bad(_ what: String) -> InputError {
            InputError(
                key: "registry.mlflow",
                message: "the MLflow server at \(server) sent a malformed answer for \(object): \(what)",
                fix: "check that registry.mlflow.tracking_uri points at an MLflow tracking server (REST API 2.0)")
        }
        guard let item = value as? [String: Any] else { throw bad("no model_version") }
        guard let name = item["name"] as? String, let version = string(item["version"]) else {
            throw bad("a model version without a name or number")
        }
        guard let run = item["run_id"] as? String, !run.isEmpty else {
            throw InputError(
                key: "registry.mlflow",
                message: "\(object) on the MLflow server at \(server) names no run, so its training cannot be traced",
                fix: "register the version from its training run (mlflow.register_model(\"runs:/<run_id>/model\", …))")
        }
        return RegistryModelVersion(
            model: name, version: version, runID: run,
            tags: try pairs(item["tags"], object: object, server: server),
            aliases: item["aliases"] as? [String] ?? [], description: item["description"] as? String ?? "")
    }

    /// `[{"key": k, "value": v}]` in the server's order.
    static func pairs(_ value: Any?, object: String, server: String) throws -> [(key: String, value: String)] {
        guard let value else { return [] }
        guard let items = value as? [[String: Any]] else {
            throw InputError(
                key: "registry.mlflow",
                message: "the MLflow server at \(server) sent a malformed answer for \(object): tags are not a list",
                fix: "check that registry.mlflow.tracking_uri points at an MLflow tracking server (REST API 2.0)")
        }
        return try items.map { item in
            guard let key = item["key"] as? String else {
                throw InputError(
                    key: "registry.mlflow",
                    message:
                        "the MLflow server at \(server) sent a malformed answer for \(object): a tag without a key",
                    fix: "check that registry.mlflow.tracking_uri points at an MLflow tracking server (REST API 2.0)")
            }
            return (key, item["value"] as? String ?? "")
        }
    }

    static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }

    static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
        if let text = value as? String { return Double(text) }  // NaN/Infinity arrive as strings
        return nil
    }
}
