// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the key pair `gremlin keygen` produces: gremlin.key (PKCS#8 PEM, 0600) and gremlin.pub (SPKI PEM).
public enum KeyFiles {
    public static let privateName = "gremlin.key"
    public static let publicName = "gremlin.pub"

    /// Writes `key` under `directory`. Refuses to replace an existing key unless `force`, because
    /// a lost private key cannot be recovered. Returns the two paths.
    @discardableResult
    public static func write(
        _ key: SigningKey, to directory: String, force: Bool
    ) throws -> (privateKey: String, publicKey: String) {
        let base = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw InputError(
                file: directory, key: "--out", message: "cannot create the directory",
                fix: "check the path and its permissions")
        }
        let privatePath = base.appendingPathComponent(privateName).path
        let publicPath = base.appendingPathComponent(publicName).path
        if !force {
            for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw InputError(
                    file: path, message: "already exists; a signing key is never overwritten silently",
                    fix: "choose another --out directory, or pass --force to replace it")
            }
        }
        try writeFile(Data(key.pem.utf8), to: privatePath, mode: 0o600)
        try writeFile(Data(key.publicKey.pem.utf8), to: publicPath, mode: 0o644)
        return (privatePath, publicPath)
    }

    /// Creates the file with `mode` from the start (no window in which a private key is readable
    /// by others), then enforces the mode in case the file already existed.
    static func writeFile(_ data: Data, to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw InputError(
                file: path, message: "cannot create the file (errno \(errno))", fix: "check the directory's permissions"
            )
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        guard fchmod(fd, mode) == 0 else {
            throw InputError(file: path, message: "cannot set its permissions (errno \(errno))")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw InputError(file: path, message: "cannot write the file", fix: "check free space and permissions")
        }
    }
}
