// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import ZIPFoundation

/// How a model artifact is stored, as far as loading it could run code.
public enum ModelArtifactFormat: String, Sendable, Codable {
    /// A raw pickle stream (`.pkl`, `.pickle`).
    case pickle
    /// A PyTorch zip archive (`torch.save` since 1.6) holding `*/data.pkl`.
    case torchZip = "torch-zip"
    /// A legacy `torch.save` file: consecutive pickle streams followed by raw storage bytes.
    case torchLegacy = "torch-legacy"
    /// `.safetensors`: a JSON header and raw tensors, no code.
    case safetensors
}

/// One pickle stream the artifact holds, with the zip entry it came from.
public struct PickleStreamScan: Sendable {
    /// Zip entry path, nil for a stream read straight from the file.
    public var entry: String?
    public var report: PickleStreamReport
}

/// What scanning one model artifact found.
public struct ModelArtifactReport: Sendable {
    public var path: String
    public var format: ModelArtifactFormat
    public var streams: [PickleStreamScan] = []
    /// Structural problems outside pickle streams (bad zip, bad safetensors header, size caps).
    public var problems: [String] = []
    /// What the policy's `security.pickle_allow` adds to the built-in allowlist.
    public var policyAllow = PicklePolicyAllowlist()

    /// Every import across streams, deduplicated, sorted.
    public var imports: [String] {
        Array(Set(streams.flatMap { $0.report.imports.map(\.qualifiedName) })).sorted()
    }

    /// True when nothing unsafe, malformed or unreadable was found.
    public var isSafe: Bool {
        problems.isEmpty && streams.allSatisfy { $0.report.malformed == nil && unsafeImports($0.report).isEmpty }
    }

    /// The stream's imports that neither the built-in allowlist nor the policy allows.
    public func unsafeImports(_ report: PickleStreamReport) -> [PickleImport] {
        report.unsafeImports.filter { !policyAllow.allows($0) }
    }

    /// Findings for the `security` check: one per distinct unsafe import per stream, one per problem.
    public var findings: [Finding] {
        var findings: [Finding] = []
        for problem in problems {
            findings.append(
                Finding(
                    rule: "security.malformed-artifact", message: "\(path): \(problem)",
                    location: Location(path: path)))
        }
        for stream in streams {
            let place = stream.entry.map { "\(path) (entry \($0))" } ?? path
            var seen = Set<String>()
            for item in unsafeImports(stream.report) where seen.insert(item.qualifiedName).inserted {
                let what =
                    item.resolved
                    ? "imports \(item.qualifiedName)"
                    : item.opcode == "STACK_GLOBAL"
                        ? "imports a global whose name cannot be resolved statically"
                        : "imports \(item.qualifiedName) (copyreg extension registry)"
                findings.append(
                    Finding(
                        rule: "security.unsafe-pickle",
                        message:
                            "\(place): pickle \(what) via \(item.opcode) at offset \(item.offset), outside the safe "
                            + "allowlist; loading it can run code. Re-export the weights as safetensors"
                            + (!policyAllow.isEmpty && item.resolved
                                && PickleAllowlist.isDenied(module: item.module, name: item.name)
                                ? " (security.pickle_allow can never allow it: it can run code)" : ""),
                        location: Location(path: path)))
            }
            if let malformed = stream.report.malformed {
                findings.append(
                    Finding(
                        rule: "security.malformed-pickle", message: "\(place): \(malformed.message)",
                        location: Location(path: path)))
            }
        }
        return findings.sorted(by: Finding.sortedOrder)
    }
}

/// Reads model artifacts (pickles, PyTorch archives, safetensors) and walks their pickle streams.
public enum ModelArtifactScanner {
    /// Largest pickle entry read out of a zip archive; larger ones are reported, not skipped.
    public static let maxPickleEntryBytes = 512 << 20
    /// Largest safetensors JSON header accepted (the format's own reference loader uses 100 MB).
    public static let maxSafetensorsHeader = 100_000_000
    /// `torch.save`'s legacy format writes five pickles before raw storage bytes.
    static let legacyTorchStreams = 5
    /// Consecutive `pickle.dump` streams read from a `.pkl`.
    static let maxPickleStreams = 64

    /// The format an artifact path implies by its extension, nil when it is not a model artifact.
    public static func format(forPath path: String) -> ModelArtifactFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".pkl") || lower.hasSuffix(".pickle") { return .pickle }
        if lower.hasSuffix(".pt") || lower.hasSuffix(".pth") || lower.hasSuffix(".ckpt") { return .torchZip }
        if lower.hasSuffix(".safetensors") { return .safetensors }
        return nil
    }

    /// Scans an artifact's bytes; nil when `path` is not a model artifact by extension.
    public static func scan(_ bytes: [UInt8], path: String) -> ModelArtifactReport? {
        guard let byExtension = format(forPath: path) else { return nil }
        switch byExtension {
        case .pickle:
            var report = ModelArtifactReport(path: path, format: .pickle)
            report.streams = PickleScanner.scanStreams(bytes, maxStreams: maxPickleStreams)
                .map { PickleStreamScan(entry: nil, report: $0) }
            return report
        case .torchZip, .torchLegacy:
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
                return scanZip(bytes, path: path)
            }
            var report = ModelArtifactReport(path: path, format: .torchLegacy)
            report.streams = PickleScanner.scanStreams(bytes, maxStreams: legacyTorchStreams)
                .map { PickleStreamScan(entry: nil, report: $0) }
            return report
        case .safetensors:
            var report = ModelArtifactReport(path: path, format: .safetensors)
            if let problem = validateSafetensors(bytes) { report.problems.append(problem) }
            return report
        }
    }

    private struct EntryTooLarge: Error {}

    static func scanZip(_ bytes: [UInt8], path: String) -> ModelArtifactReport {
        var report = ModelArtifactReport(path: path, format: .torchZip)
        let archive: Archive
        do {
            archive = try ZipArchiveFile.open(bytes)
        } catch {
            report.problems.append("not a readable zip archive (\(error)); re-save it with torch.save")
            return report
        }
        var pickles = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".pkl") }
        pickles.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        if pickles.isEmpty {
            report.problems.append("zip archive holds no data.pkl; not a PyTorch checkpoint")
        }
        for entry in pickles {
            guard entry.uncompressedSize <= UInt64(maxPickleEntryBytes) else {
                report.problems.append(
                    "entry \(entry.path) is \(entry.uncompressedSize) bytes, over the "
                        + "\(maxPickleEntryBytes)-byte scan limit; it cannot be vouched for")
                continue
            }
            var content = [UInt8]()
            do {
                _ = try archive.extract(entry) { chunk in
                    guard content.count + chunk.count <= maxPickleEntryBytes else { throw EntryTooLarge() }
                    content.append(contentsOf: chunk)
                }
            } catch is EntryTooLarge {
                report.problems.append("entry \(entry.path) inflates past the \(maxPickleEntryBytes)-byte scan limit")
                continue
            } catch {
                report.problems.append("entry \(entry.path) cannot be read (\(error))")
                continue
            }
            report.streams.append(PickleStreamScan(entry: entry.path, report: PickleScanner.scan(content)))
        }
        return report
    }

    /// Minimal structural validation: header length, JSON object header, in-bounds data offsets.
    static func validateSafetensors(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8 else { return "safetensors file shorter than its 8-byte header length" }
        var length: UInt64 = 0
        for index in 0..<8 { length |= UInt64(bytes[index]) << UInt64(8 * index) }
        guard length >= 2, length <= UInt64(maxSafetensorsHeader), length <= UInt64(bytes.count - 8) else {
            return "safetensors header length \(length) does not fit the file (\(bytes.count) bytes)"
        }
        let headerEnd = 8 + Int(length)
        guard bytes[8] == UInt8(ascii: "{") else { return "safetensors header does not start with '{'" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
            let header = object as? [String: Any]
        else {
            return "safetensors header is not a JSON object"
        }
        let dataSize = bytes.count - headerEnd
        for key in header.keys.sorted() {
            if key == "__metadata__" {
                guard header[key] is [String: String] else { return "safetensors __metadata__ is not a string map" }
                continue
            }
            guard let tensor = header[key] as? [String: Any], tensor["dtype"] is String,
                let shape = tensor["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }),
                let offsets = tensor["data_offsets"] as? [Int], offsets.count == 2,
                offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize
            else {
                return "safetensors tensor '\(key)' lacks a valid dtype, shape or in-bounds data_offsets"
            }
        }
        return nil
    }
}
