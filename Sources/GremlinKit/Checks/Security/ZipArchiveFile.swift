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
///
/// ZIPFoundation also converts 64-bit offsets to `off_t` and adds sizes to offsets unchecked, so
/// a ZIP64 value of 2^63 or more traps whichever way the archive is backed. No real archive holds
/// a value near that (exabytes): one that does is refused before ZIPFoundation reads it.
enum ZipArchiveFile {
    struct ImplausibleZIP64: Error, CustomStringConvertible {
        var description: String { "a ZIP64 size or offset of 2^62 bytes or more" }
    }

    static func open(_ bytes: [UInt8]) throws -> Archive {
        if hasImplausibleZIP64(bytes) { throw ImplausibleZIP64() }
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

extension ZipArchiveFile {
    static let zip64Limit: UInt64 = 1 << 62

    /// Walks the records ZIPFoundation reads as it does (the last end-of-central-directory record,
    /// the ZIP64 record right before it, the central directory entries while their signature
    /// holds) and reports any ZIP64 value of `zip64Limit` or more.
    static func hasImplausibleZIP64(_ bytes: [UInt8]) -> Bool {
        func value(_ offset: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
        }
        guard bytes.count >= 22,
            let eocd = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { value($0, 4) == 0x0605_4B50 })
        else { return false }
        var entries = value(eocd + 10, 2)
        var directory = value(eocd + 16, 4)
        if eocd >= 76 && value(eocd - 20, 4) == 0x0706_4B50 && value(eocd - 76, 4) == 0x0606_4B50 {
            let record = eocd - 76
            entries = value(record + 32, 8)
            directory = value(record + 48, 8)
            if entries >= zip64Limit || directory >= zip64Limit || value(record + 40, 8) >= zip64Limit { return true }
        }
        var position = Int(directory)
        var index: UInt64 = 0
        while index < entries, position + 46 <= bytes.count, value(position, 4) == 0x0201_4B50 {
            let extraStart = position + 46 + Int(value(position + 28, 2))
            let extraEnd = extraStart + Int(value(position + 30, 2))
            var field = extraStart
            while field + 4 <= min(extraEnd, bytes.count) {
                let fieldEnd = field + 4 + Int(value(field + 2, 2))
                if value(field, 2) == 0x0001 {
                    var item = field + 4
                    while item + 8 <= min(fieldEnd, bytes.count) {
                        if value(item, 8) >= zip64Limit { return true }
                        item += 8
                    }
                }
                field = fieldEnd
            }
            position = extraEnd + Int(value(position + 32, 2))
            index += 1
        }
        return false
    }
}
