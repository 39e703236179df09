// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// A first release manifest for `gremlin init`, pre-filled with the evidence files the
/// repository already tracks (predictions, splits, lineage, approvals, model artifacts).
public struct ManifestDraft: Sendable, Equatable {
    /// The repository files recognised, by role (repository-relative paths).
    public struct Discovered: Sendable, Equatable {
        public var candidatePredictions: String?
        public var candidateMetrics: String?
        public var baselinePredictions: String?
        public var baselineMetrics: String?
        /// Split name → file, in the order train, validation, test, then others by name.
        public var splits: [Split] = []
        public var assignments: String?
        public var lineage: String?
        public var approvals: String?
        public var artifacts: [String] = []
        public var samples: [String] = []
        /// Evidence-looking files that were not given a role, for a comment.
        public var unused: [String] = []

        /// One split file.
        public struct Split: Sendable, Equatable {
            public var name: String
            public var path: String
        }

        public init() {}
    }

    static let evaluationDirectories: Set<String> = ["eval", "evals", "evaluation", "evaluations", "predictions"]
    static let baselineWords = ["production", "baseline", "prod", "champion", "current"]
    static let artifactExtensions: Set<String> = [
        "pt", "pth", "ckpt", "safetensors", "pkl", "pickle", "onnx", "joblib",
    ]
    static let lineageExtensions = ["yaml", "yml", "jsonl", "json"]

    /// Assigns roles to repository paths by name and folder; pure, so it is easy to test.
    public static func discover(paths: [String]) -> Discovered {
        var found = Discovered()
        var evaluationCSVs: [String] = []
        var metricsFiles: [String] = []
        var splitFiles: [String: [String]] = [:]
        var lineage: [String] = []
        var approvals: [String] = []
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let parts = path.split(separator: "/").map(String.init)
            guard let name = parts.last?.lowercased() else { continue }
            let folders = parts.dropLast().map { $0.lowercased() }
            let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
            if folders.contains("splits") {
                if ext != "md" && !name.hasPrefix("readme") && !name.hasPrefix(".") {
                    splitFiles[parts.dropLast().joined(separator: "/"), default: []].append(path)
                }
            } else if ext == "csv"
                && (folders.contains(where: evaluationDirectories.contains) || name.contains("prediction"))
            {
                evaluationCSVs.append(path)
            } else if ext == "json" && name.contains("metric") {
                metricsFiles.append(path)
            } else if name.hasPrefix("lineage.") && lineageExtensions.contains(ext) {
                lineage.append(path)
            } else if name == "approvals.yaml" || name == "approvals.yml" {
                approvals.append(path)
            } else if artifactExtensions.contains(ext) {
                found.artifacts.append(path)
            } else if folders.contains("samples") && ["jsonl", "json", "csv", "txt"].contains(ext) {
                found.samples.append(path)
            }
        }

        func isBaseline(_ path: String) -> Bool {
            let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
            return baselineWords.contains { name.contains($0) }
        }
        func isCandidate(_ path: String) -> Bool {
            (path.split(separator: "/").last.map(String.init) ?? path).lowercased().contains("candidate")
        }
        found.candidatePredictions =
            evaluationCSVs.first(where: isCandidate)
            ?? evaluationCSVs.first { !isBaseline($0) }
        found.baselinePredictions = evaluationCSVs.first { isBaseline($0) && $0 != found.candidatePredictions }
        if found.candidatePredictions == nil {
            found.candidateMetrics = metricsFiles.first(where: isCandidate) ?? metricsFiles.first { !isBaseline($0) }
        }
        if found.baselinePredictions == nil {
            found.baselineMetrics = metricsFiles.first { isBaseline($0) && $0 != found.candidateMetrics }
        }
        let used = Set(
            [
                found.candidatePredictions, found.baselinePredictions, found.candidateMetrics,
                found.baselineMetrics,
            ].compactMap { $0 })
        found.unused += (evaluationCSVs + metricsFiles).filter { !used.contains($0) }

        // The shallowest splits folder wins; others are listed as unused.
        let folders = splitFiles.keys.sorted {
            ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1)
        }
        if let folder = folders.first, let files = splitFiles[folder] {
            var names: Set<String> = []
            for path in files {
                let name = splitName(path)
                if name == "assignments" {
                    if found.assignments == nil { found.assignments = path } else { found.unused.append(path) }
                } else if names.insert(name).inserted {
                    found.splits.append(.init(name: name, path: path))
                } else {
                    found.unused.append(path)
                }
            }
            let order = ["train": 0, "validation": 1, "test": 2]
            found.splits.sort { (order[$0.name] ?? 3, $0.name) < (order[$1.name] ?? 3, $1.name) }
            found.unused += folders.dropFirst().flatMap { splitFiles[$0] ?? [] }
        }

        func shallowest(_ paths: [String], rank: (String) -> Int = { _ in 0 }) -> [String] {
            paths.sorted {
                ($0.split(separator: "/").count, rank($0), $0) < ($1.split(separator: "/").count, rank($1), $1)
            }
        }
        let rankedLineage = shallowest(lineage) { path in
            lineageExtensions.firstIndex(of: String(path.split(separator: ".").last ?? "").lowercased()) ?? 9
        }
        found.lineage = rankedLineage.first
        found.unused += rankedLineage.dropFirst()
        let rankedApprovals = shallowest(approvals)
        found.approvals = rankedApprovals.first
        found.unused += rankedApprovals.dropFirst()
        found.unused.sort()
        return found
    }

    /// The split a file holds, from its name: `train.csv` → train, `val_ids.txt` → validation.
    static func splitName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        var stem = file.lowercased()
        if let dot = stem.firstIndex(of: ".") { stem = String(stem[..<dot]) }
        let words = stem.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if words.contains(where: { ["assignments", "assignment"].contains($0) }) { return "assignments" }
        if words.contains(where: { ["train", "training"].contains($0) }) { return "train" }
        if words.contains(where: { ["val", "valid", "validation", "dev"].contains($0) }) { return "validation" }
        if words.contains(where: { ["test", "testing", "holdout"].contains($0) }) { return "test" }
        let cleaned = words.joined(separator: "_")
        let reserved = ["id_column", "split_column"]
        return cleaned.isEmpty || reserved.contains(cleaned) ? "split_\(cleaned)" : cleaned
    }

    // MARK: - Rendering

    /// Reads what rendering needs from the repository: file bytes (work tree first, else the
    /// staged blob), so the draft's digests match what `gremlin audit` will read.
    public struct FileReader: Sendable {
        public var root: URL
        public var repository: Repository
        public var blobs: [String: ObjectID]

        public init(root: URL, repository: Repository, blobs: [String: ObjectID]) {
            self.root = root
            self.repository = repository
            self.blobs = blobs
        }

        /// The sha256 of a file as the audit will see it: the work-tree file, else the blob;
        /// for a Git LFS pointer, the digest the pointer records (that of the real file).
        public func sha256(_ path: String) throws -> String? {
            let url = root.appendingPathComponent(path)
            if let handle = try? FileHandle(forReadingFrom: url) {
                defer { try? handle.close() }
                var pointer: String?
                let digest = try FileDigest.sha256(
                    streaming: handle,
                    chunk: { chunk, offset in
                        if offset == 0 { pointer = Self.lfsDigest([UInt8](chunk.prefix(512))) }
                        return pointer == nil
                    })
                return pointer ?? digest.sha256
            }
            guard let oid = blobs[path] else { return nil }
            let bytes = try repository.readBlob(oid)
            if let pointer = Self.lfsDigest(Array(bytes.prefix(512))) { return pointer }
            return Hex.string(SHA256.hash(data: Data(bytes)))
        }

        /// The first line of a file (work tree, else blob), for a CSV header.
        public func firstLine(_ path: String) -> String? {
            var bytes: [UInt8]
            if let handle = try? FileHandle(forReadingFrom: root.appendingPathComponent(path)) {
                defer { try? handle.close() }
                bytes = [UInt8]((try? handle.read(upToCount: 8192)) ?? Data())
            } else if let oid = blobs[path], let blob = try? repository.readBlob(oid, prefix: 8192) {
                bytes = blob
            } else {
                return nil
            }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
            return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        static func lfsDigest(_ head: [UInt8]) -> String? {
            let text = String(decoding: head, as: UTF8.self)
            guard text.hasPrefix("version https://git-lfs.github.com/spec/v1") else { return nil }
            for line in text.split(separator: "\n") where line.hasPrefix("oid sha256:") {
                let digest = line.dropFirst("oid sha256:".count).trimmingCharacters(in: .whitespaces)
                if digest.count == 64 && digest.allSatisfy(\.isHexDigit) { return digest.lowercased() }
            }
            return nil
        }
    }

    /// The patient-ID column of a split CSV: `patient_id` when present, else the first column
    /// named like an ID; `nil` when nothing looks like one (the manifest default applies).
    static func idColumn(header: String) -> String? {
        let separator: Character = header.contains("\t") && !header.contains(",") ? "\t" : ","
        let columns = header.split(separator: separator, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\r")) }
        if columns.contains("patient_id") { return nil }
        return columns.first { column in
            let lower = column.lowercased()
            return lower == "id" || lower.hasSuffix("_id")
        }
    }

    /// The manifest text for `model` at `manifestPath` (repository-relative), its paths
    /// relative to the manifest as the loader expects.
    public static func render(
        model: String, manifestPath: String, discovered found: Discovered,
        reader: FileReader?
    ) throws -> String {
        let directory = manifestPath.split(separator: "/").dropLast().map(String.init)
        func relative(_ path: String) -> String {
            let parts = path.split(separator: "/").map(String.init)
            var common = 0
            while common < directory.count, common < parts.count - 1, directory[common] == parts[common] { common += 1 }
            let ups = Array(repeating: "..", count: directory.count - common)
            return (ups + parts[common...]).joined(separator: "/")
        }
        func value(_ path: String) -> String { yamlScalar(relative(path)) }

        var lines: [String] = [
            "# Release manifest scaffolded by `gremlin init`. Paths are relative to this file.",
            "# Fill in the commented fields, then run:",
            "#   gremlin audit --manifest \(manifestPath) --policy policies/production.yaml",
            "apiVersion: gremlin/v1",
            "kind: ModelRelease",
            "model:",
            "  name: \(yamlScalar(model))",
            "  version: 0.1.0",
            "  # task: Overall Survival Prediction",
            "  # modality: Clinical Features Only",
            "  # architecture: Transformer Encoder (6L, 512d)",
            "  # owner: Your Name",
            "  # intended_use: what the model is for and not for (required by the production policy's model card)",
        ]

        if found.artifacts.isEmpty {
            lines += [
                "# artifacts:                      # no model file (*.pt, *.safetensors, *.pkl, …) is tracked",
                "#   - name: weights",
                "#     uri: s3://bucket/\(model)/0.1.0/model.pt",
                "#     sha256: <sha256sum of the file>",
                "#     path: \(relative("artifacts/model.pt"))   # optional local copy: digest verified, pickle scanned",
            ]
        } else {
            lines.append("artifacts:")
            var names: Set<String> = []
            for path in found.artifacts {
                var name = artifactName(path)
                var suffix = 2
                while !names.insert(name).inserted {
                    name = "\(artifactName(path))_\(suffix)"
                    suffix += 1
                }
                lines.append("  - name: \(yamlScalar(name))")
                lines.append(
                    "    # uri: s3://bucket/\(model)/0.1.0/\(path.split(separator: "/").last ?? "")   # where it is published"
                )
                if let digest = try reader?.sha256(path) {
                    lines.append("    sha256: \(digest)")
                }
                lines.append("    path: \(value(path))")
            }
        }

        if let lineage = found.lineage {
            lines.append("lineage: \(value(lineage))")
        } else {
            lines.append(
                "# lineage: \(relative("lineage.yaml"))   # the lineage graph (YAML, or OpenLineage JSON lines)")
        }

        let candidate =
            found.candidatePredictions.map { ("predictions", $0) } ?? found.candidateMetrics.map { ("metrics", $0) }
        let baseline =
            found.baselinePredictions.map { ("predictions", $0) } ?? found.baselineMetrics.map { ("metrics", $0) }
        if let candidate {
            lines += ["evaluation:", "  candidate:", "    \(candidate.0): \(value(candidate.1))"]
            if let baseline {
                lines += [
                    "  baseline:", "    # name: the model now in production", "    \(baseline.0): \(value(baseline.1))",
                ]
            } else {
                lines += [
                    "  # baseline:                     # the production model, to compare against",
                    "  #   predictions: \(relative("eval/production.csv"))",
                ]
            }
            lines.append("  score: risk                      # risk (higher = worse) | survival")
        } else {
            lines += [
                "# evaluation:                     # no predictions CSV found under eval/",
                "#   candidate:",
                "#     predictions: \(relative("eval/candidate.csv"))   # patient_id,time,event,score",
                "#   baseline:",
                "#     predictions: \(relative("eval/production.csv"))",
                "#   score: risk",
            ]
        }

        if found.splits.isEmpty && found.assignments == nil {
            lines += [
                "# splits:                         # one file per split, or one assignments file",
                "#   train: \(relative("splits/train.csv"))",
                "#   validation: \(relative("splits/validation.csv"))",
                "#   test: \(relative("splits/test.csv"))",
                "#   id_column: patient_id",
            ]
        } else {
            lines.append("splits:")
            for split in found.splits { lines.append("  \(yamlScalar(split.name)): \(value(split.path))") }
            if let assignments = found.assignments { lines.append("  assignments: \(value(assignments))") }
            let tables = (found.splits.map(\.path) + [found.assignments].compactMap { $0 }).filter {
                $0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".tsv")
            }
            if let first = tables.first, let header = reader?.firstLine(first), let column = idColumn(header: header) {
                lines.append("  id_column: \(yamlScalar(column))")
            } else {
                lines.append("  id_column: patient_id")
            }
        }

        if found.samples.isEmpty {
            lines.append("# pii_scan: [\(relative("samples/notes_sample.jsonl"))]   # sample files scanned for PII")
        } else {
            lines.append("pii_scan:")
            for path in found.samples { lines.append("  - \(value(path))") }
        }
        lines.append(
            "# limitations:                     # known limitations (required by the production policy's model card)")
        lines.append("#   - \"Population: …\"")
        if let approvals = found.approvals {
            lines.append("approvals: \(value(approvals))")
        } else {
            lines.append(
                "# approvals: \(relative("approvals.yaml"))   # and/or `Approved-by: Name <email> (role)` commit trailers"
            )
        }
        if !found.unused.isEmpty {
            lines.append("# Also found, not used above:")
            for path in found.unused { lines.append("#   \(relative(path))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func artifactName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        let cleaned = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return cleaned.isEmpty ? "artifact" : cleaned
    }

    /// A YAML plain scalar when safe, else a single-quoted one.
    static func yamlScalar(_ text: String) -> String {
        let safe =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "_./-".unicodeScalars.contains(scalar)
            } && !text.hasPrefix("-") && Double(text) == nil
            && !["true", "false", "yes", "no", "null", "on", "off", "y", "n"].contains(text.lowercased())
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
