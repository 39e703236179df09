// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Reads the files an audit depends on and records each one's sha256 for `audit.json`.
///
/// Paths in a manifest are relative to the manifest; the recorded name is relative to the
/// repository root when the file lies inside it, so digests are the same on every machine.
public final class InputFiles: @unchecked Sendable {
    /// The directory manifest-relative paths resolve against.
    public let baseDirectory: URL
    /// The repository work tree, used to name files portably.
    public let rootDirectory: URL?
    private let digests = Locked<[String: InputDigest]>([:])

    public init(baseDirectory: URL, rootDirectory: URL?) {
        self.baseDirectory = baseDirectory.standardizedFileURL
        self.rootDirectory = rootDirectory?.standardizedFileURL
    }

    /// Every file read so far, keyed by portable name.
    public var recorded: [String: InputDigest] {
        digests.withLock { $0 }
    }

    /// The absolute URL of a manifest-relative path.
    public func url(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// The name a file is recorded under: relative to the repository root when inside it.
    public func portableName(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        if let root = rootDirectory?.path, path.hasPrefix(root + "/") {
            return String(path.dropFirst(root.count + 1))
        }
        return path
    }

    /// Reads a whole file named by the manifest (or the policy), recording its digest.
    /// - Parameter what: what the file is, for the error message ("predictions", "split file").
    public func read(_ path: String, what: String, key: String? = nil) throws -> Data {
        let url = url(path)
        return try read(url: url, displayPath: path, what: what, key: key)
    }

    /// Reads a file by absolute URL, recording its digest.
    public func read(url: URL, displayPath: String, what: String, key: String? = nil) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(
                file: displayPath, key: key, message: "\(what) not found (looked at \(portableName(url)))",
                fix: "check the path; manifest paths are relative to the manifest")
        }
        guard !isDirectory.boolValue else {
            throw InputError(
                file: displayPath, key: key, message: "\(what) is a directory, not a file",
                fix: "name the file itself")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError(
                file: displayPath, key: key, message: "cannot read \(what): \(error.localizedDescription)",
                fix: "check the file's permissions")
        }
        record(url: url, sha256: Hex.string(SHA256.hash(data: data)), bytes: data.count)
        return data
    }

    /// Streams a possibly large file through sha256 without holding it in memory.
    public func digest(_ path: String, what: String, key: String? = nil) throws -> InputDigest {
        let url = url(path)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw InputError(
                file: path, key: key, message: "\(what) not found or unreadable (looked at \(portableName(url)))",
                fix: "check the path; manifest paths are relative to the manifest")
        }
        defer { try? handle.close() }
        let digest = try FileDigest.sha256(
            streaming: handle,
            readError: { error in
                InputError(file: path, key: key, message: "cannot read \(what): \(error.localizedDescription)")
            })
        return record(url: url, sha256: digest.sha256, bytes: digest.bytes)
    }

    /// Records a digest computed elsewhere (e.g. the policy file).
    @discardableResult
    public func record(url: URL, sha256: String, bytes: Int) -> InputDigest {
        let name = portableName(url)
        let digest = InputDigest(path: name, sha256: sha256, bytes: bytes)
        digests.withLock { $0[name] = digest }
        return digest
    }

    /// Lower-case hex of a digest (`Hex.string`, kept for callers of the public API).
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        Hex.string(digest)
    }

    /// sha256 of bytes as lower-case hex.
    public static func sha256(_ data: Data) -> String {
        Hex.string(SHA256.hash(data: data))
    }
}
