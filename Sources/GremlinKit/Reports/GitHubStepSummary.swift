// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Appends `audit.md` to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
public enum GitHubStepSummary {
    /// GitHub rejects a step summary above 1 MiB (and then shows none of it).
    public static let byteLimit = 1_048_576

    static let truncationNote = Array(
        ("\n\n> ⚠️ The Gremlin report was truncated to fit GitHub's 1 MiB step-summary "
            + "limit; the complete report is the `audit.md` artifact.\n").utf8)

    /// Appends `markdown` to the summary file at `path` (created when missing), cutting it at a
    /// line boundary with a note when the file would exceed `limit` bytes.
    /// - Returns: whether the Markdown had to be truncated.
    @discardableResult
    public static func append(_ markdown: [UInt8], toFileAt path: String, limit: Int = byteLimit) throws -> Bool {
        let fileManager = FileManager.default
        let existing: Int
        if fileManager.fileExists(atPath: path) {
            let size = (try? fileManager.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
            existing = size ?? 0
        } else {
            guard fileManager.createFile(atPath: path, contents: nil) else {
                throw ReportError(
                    file: path, message: "cannot create the GitHub step summary; check GITHUB_STEP_SUMMARY")
            }
            existing = 0
        }
        let separator: [UInt8] = existing > 0 ? Array("\n".utf8) : []
        let (bytes, truncated) = fitted(markdown, budget: limit - existing - separator.count)
        guard !bytes.isEmpty else { return truncated }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: separator + bytes)
        } catch {
            throw ReportError(
                file: path, message: "cannot append to the GitHub step summary: \(error.localizedDescription)")
        }
        return truncated
    }

    /// `markdown` cut to `budget` bytes: whole lines, valid UTF-8, code fences closed, then the note.
    static func fitted(_ markdown: [UInt8], budget: Int) -> (bytes: [UInt8], truncated: Bool) {
        if markdown.count <= budget { return (markdown, false) }
        let closingFence = Array("```\n".utf8)
        let room = budget - truncationNote.count - closingFence.count
        guard room > 0 else { return (budget >= truncationNote.count ? truncationNote : [], true) }
        var end = room
        // Never split a UTF-8 sequence: back up over continuation bytes.
        while end > 0, markdown[end] & 0xC0 == 0x80 { end -= 1 }
        if let newline = markdown[..<end].lastIndex(of: UInt8(ascii: "\n")) { end = newline + 1 }
        var kept = Array(markdown[..<end])
        if openFence(in: kept) {
            if kept.last != UInt8(ascii: "\n") { kept.append(UInt8(ascii: "\n")) }
            kept += closingFence
        }
        return (kept + truncationNote, true)
    }

    /// Whether the kept text ends inside a fenced code block (an odd number of fence lines).
    private static func openFence(in bytes: [UInt8]) -> Bool {
        var fences = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == UInt8(ascii: " ") }
            if trimmed.starts(with: "```".utf8) || trimmed.starts(with: "~~~".utf8) { fences += 1 }
        }
        return fences % 2 == 1
    }
}
