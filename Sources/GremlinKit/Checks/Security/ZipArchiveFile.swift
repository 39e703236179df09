// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import ZIPFoundation

/// Opens an artifact's bytes as a read-only zip archive, backed by a private temporary file.
///
/// ZIPFoundation's in-memory archive (`Archive(data:)`) traps when an offset recorded in the archive
/// points past the end of the data: its memory file lets a seek go anywhere and its read then
/// builds an inverted range (found by `make fuzz`). A file-backed archive reads short instead,
/// which ZIPFoundation reports as an unreadable entry. The file is unlinked as soon as the archive
/// has opened it, so nothing is left behind even when the scan is interrupted later.
enum ZipArchiveFile {
    static func open(_ bytes: [UInt8]) throws -> Archive {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gremlin-zip-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("artifact.zip")
        try Data(bytes).write(to: file, options: .withoutOverwriting)
        return try Archive(url: file, accessMode: .read)
    }
}
