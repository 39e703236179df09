// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// PII Scrubbed: No personal data reaches the model downstream of a trusted scrub, and sample files hold none.
public struct PIICheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "pii",
        title: "PII Scrubbed",
        rationale: "No personal data reaches the model downstream of a trusted scrub, and sample files hold none.",
        reads: "the lineage graph and the manifest's pii_scan files",
        needsManifest: true,
        after: [],
        keys: [
            Field(
                "allowed_status", .list(.oneOf(["scrubbed", "none", "present", "unknown"])),
                default: .list([.string("scrubbed"), .string("none")]),
                doc: "PII statuses a dataset at or downstream of the trusted scrub may have"),
            Field(
                "trusted_certifiers", .list(.string), default: .list([]),
                doc: "certifiers whose `scrubbed` status is trusted"),
            Field(
                "detectors", .list(.oneOf(["email", "ssn", "phone", "credit_card", "ipv4", "date_of_birth"])),
                default: .list(
                    ["email", "ssn", "phone", "credit_card", "ipv4", "date_of_birth"].map(ConfigValue.string)),
                doc: "content detectors run over pii_scan files"),
            Field("patterns", .dictionary(.regex), default: .map([]), doc: "extra named regexes treated as PII"),
        ],
        examples: ["allowed_status: [scrubbed, none]\ntrusted_certifiers: [privacy_office]\ndetectors: [email, ssn]"]
    )

    /// Matches listed per pii_scan file; the counts cover every match.
    static let listedPerFile = 200

    public init() {}

    /// The `pii` policy section.
    public struct Config: CheckConfiguration {
        public var allowedStatus: Set<String>
        public var trustedCertifiers: Set<String>
        public var detectors: Set<PIIScanner.Detector>
        public var patterns: [PIIScanner.Pattern]

        public init(_ section: CheckConfig) throws {
            allowedStatus = Set(try section.decode("allowed_status", as: [String].self))
            trustedCertifiers = Set(try section.decode("trusted_certifiers", as: [String].self))
            detectors = Set(
                try section.decode("detectors", as: [String].self).compactMap(PIIScanner.Detector.init(rawValue:)))
            patterns = try section.namedRegexes("patterns").map { PIIScanner.Pattern(name: $0.name, regex: $0.regex) }
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "pii")
        let graph = try LineageReader.read(manifest: manifest, context: context)
        let file = context.files.portableName(context.files.url(graph.file))
        let walk = Self.propagation(graph, allowed: config.allowedStatus, trusted: config.trustedCertifiers)
        var findings = walk.violations.map { violation in
            Finding(
                rule: violation.rule, message: violation.message, location: Location(path: file, line: violation.line))
        }

        let scanner = PIIScanner(detectors: config.detectors, patterns: config.patterns)
        var counts: [String: Int] = [:]
        var scanned: [JSONValue] = []
        var notes: [Finding] = []
        for path in manifest.piiScan {
            let input = try context.files.open(path, what: "pii_scan file", key: "pii_scan")
            let name = context.files.portableName(input.url)
            let result = try scanner.scan(
                handle: input.handle, pathExtension: input.url.pathExtension, display: path,
                limit: Self.listedPerFile)
            context.files.record(input, sha256: result.sha256, bytes: result.bytes)
            for match in result.matches {
                findings.append(
                    Finding(
                        rule: "pii.\(match.detector)",
                        message:
                            "possible \(Self.noun(match.detector)) (detector \(match.detector)); the text is not shown",
                        location: Location(path: name, line: match.line, column: match.column)))
            }
            let total = result.counts.values.reduce(0, +)
            if total > result.matches.count {
                notes.append(
                    Finding(
                        rule: "pii.more",
                        message: "\(total - result.matches.count) more match(es) in \(name) not listed",
                        location: Location(path: name)))
            }
            counts.merge(result.counts, uniquingKeysWith: +)
            scanned.append(
                .object([
                    "path": .string(name), "lines": .int(result.lines), "bytes": .int(result.bytes),
                    "matches": .int(total),
                ]))
        }
        if manifest.piiScan.isEmpty {
            notes.append(
                Finding(
                    rule: "pii.no-samples",
                    message: "the manifest lists no pii_scan files; only the lineage was checked"))
        }

        let measurements: [String: JSONValue] = [
            "lineage": .object([
                "checked": .array(walk.checked.map(JSONValue.string)),
                "trusted_scrubs": .array(walk.trustedScrubs.map(JSONValue.string)),
                "violations": .int(walk.violations.count),
            ]),
            "scan": .object([
                "files": .array(scanned),
                "matches": .object(counts.mapValues(JSONValue.int)),
                "detectors": .array(config.detectors.map(\.rawValue).sorted().map(JSONValue.string)),
                "patterns": .array(config.patterns.map { JSONValue.string($0.name) }),
            ]),
        ]
        let scanTotal = counts.values.reduce(0, +)
        let summary =
            "\(walk.checked.count) dataset(s) checked upstream of the artifact, \(walk.violations.count) not cleared; "
            + "\(manifest.piiScan.count) sample file(s) scanned, \(scanTotal) possible PII match(es)"
        return CheckOutcome(
            findings: findings, summary: summary, measurements: measurements,
            markdown: Self.markdown(walk), notes: notes)
    }

    /// One dataset that fails the propagation rule, with the path it was reached by.
    /// How many ids a long route shows at each end.
    static let routeEnds = 6

    struct Violation: Equatable {
        var dataset: String
        var message: String
        var line: Int?
        var path: [String]
        /// `pii.lineage` for a dataset, `pii.column` for a column-level tag.
        var rule = "pii.lineage"
    }

    /// The result of walking the graph upstream from the artifacts.
    struct Walk {
        var violations: [Violation] = []
        /// Datasets whose status was checked, in walk order.
        var checked: [String] = []
        var trustedScrubs: [String] = []
        /// Per checked dataset: effective status and whether it passed, for the report.
        var rows: [(id: String, stated: String, certifier: String?, effective: String, ok: Bool)] = []
    }

    /// The propagation rule: walking upstream from each artifact, every dataset met before (and
    /// including) a trusted scrub must have an allowed status. A trusted scrub is `scrubbed`
    /// certified by a trusted certifier; `scrubbed` with a missing or untrusted certifier counts
    /// as `unknown`. Missing and `unknown` always fail. The walk does not go past a trusted
    /// scrub, so PII upstream of it is fine; a dataset reached by two paths is judged on the
    /// path that reaches it without crossing a trusted scrub, which is the one the walk takes.
    static func propagation(_ graph: LineageGraph, allowed: Set<String>, trusted: Set<String>) -> Walk {
        var walk = Walk()
        var parent: [String: String] = [:]
        var seen = Set<String>()
        var queue: [String] = []
        for artifact in graph.artifacts where seen.insert(artifact.id).inserted { queue.append(artifact.id) }
        var cursor = 0
        // Per node: its depth and the first `routeEnds` ids of its route from the artifact, so a
        // route is named in constant time however long the chain (a 100,000-node chain is fine).
        var depth: [String: Int] = [:]
        var head: [String: [String]] = [:]
        for id in queue {
            depth[id] = 1
            head[id] = [id]
        }
        func path(to id: String) -> [String] {
            let length = depth[id] ?? 1
            guard length > 2 * Self.routeEnds + 1 else {
                var chain = [id]
                var current = id
                while let next = parent[current] {
                    chain.append(next)
                    current = next
                }
                return chain.reversed()
            }
            var tail = [id]
            var current = id
            while tail.count < Self.routeEnds, let next = parent[current] {
                tail.append(next)
                current = next
            }
            let skipped = length - (head[id]?.count ?? 0) - tail.count
            return (head[id] ?? []) + ["… \(skipped) more …"] + tail.reversed()
        }
        while cursor < queue.count {
            let id = queue[cursor]
            cursor += 1
            guard let node = graph.node(id) else {
                let route = path(to: id)
                walk.checked.append(id)
                walk.rows.append((id, "not defined", nil, "unknown", false))
                walk.violations.append(
                    Violation(
                        dataset: id,
                        message:
                            "\(id) is referenced but not defined in the lineage graph, so its PII status is unknown "
                            + "(path \(route.joined(separator: " ← ")))",
                        line: parent[id].flatMap { graph.node($0)?.line }, path: route))
                continue
            }
            var expand = true
            if node.kind == .dataset {
                walk.checked.append(id)
                let stated = node.pii?.status
                var effective = stated ?? "missing"
                var why = ""
                let certifier = node.pii?.certifiedBy
                var isTrustedScrub = false
                if stated == "scrubbed" {
                    if let certifier, trusted.contains(certifier) {
                        isTrustedScrub = true
                    } else {
                        effective = "unknown"
                        why =
                            certifier.map { " but certified by `\($0)`, not a trusted certifier," }
                            ?? " without a certifier,"
                    }
                }
                let ok = effective != "missing" && effective != "unknown" && allowed.contains(effective)
                walk.rows.append((id, stated ?? "not stated", certifier, effective, ok))
                if !ok {
                    let route = path(to: id)
                    let statusText: String
                    switch (stated, effective) {
                    case (nil, _): statusText = "states no PII status"
                    case ("scrubbed"?, _): statusText = "is `scrubbed`\(why) so it counts as unknown"
                    case (let value?, _): statusText = "has PII status `\(value)`"
                    }
                    walk.violations.append(
                        Violation(
                            dataset: id,
                            message:
                                "dataset \(id) \(statusText) (allowed: \(allowed.sorted().joined(separator: ", "))) "
                                + "and reaches the model with no trusted scrub in between: \(route.joined(separator: " ← "))",
                            line: node.line, path: route))
                }
                walk.judgeColumns(of: node, allowed: allowed, route: { path(to: id) })
                if isTrustedScrub {
                    walk.trustedScrubs.append(id)
                    expand = false
                }
            }
            guard expand else { continue }
            for edge in node.upstream where seen.insert(edge.target).inserted {
                parent[edge.target] = id
                let length = (depth[id] ?? 1) + 1
                depth[edge.target] = length
                let prefix = head[id] ?? []
                head[edge.target] = prefix.count < Self.routeEnds ? prefix + [edge.target] : prefix
                queue.append(edge.target)
            }
        }
        return walk
    }

    /// A table of the datasets the walk judged.
    static func markdown(_ walk: Walk) -> String? {
        guard !walk.rows.isEmpty else { return nil }
        var lines = ["| Dataset | Stated PII status | Certified by | Counts as | |", "| --- | --- | --- | --- | --- |"]
        for row in walk.rows {
            lines.append(
                "| \(MarkdownEscaper.code(row.id, inTable: true)) | \(MarkdownEscaper.text(row.stated)) | "
                    + "\(MarkdownEscaper.text(row.certifier ?? "—")) | \(MarkdownEscaper.text(row.effective)) | "
                    + "\(row.ok ? "✅" : "❌") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func noun(_ detector: String) -> String {
        switch detector {
        case "email": return "email address"
        case "ssn": return "US social security number"
        case "phone": return "phone number"
        case "credit_card": return "credit card number"
        case "ipv4": return "IPv4 address"
        case "date_of_birth": return "date of birth"
        default: return "`\(detector)` pattern match"
        }
    }
}
