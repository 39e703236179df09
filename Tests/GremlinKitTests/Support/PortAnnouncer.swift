// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Starts `process`, a local test server that prints `PORT <n>` as its first line of stdout and
/// exits when its stdin (`input`) closes, and returns the port; `nil` with what it printed when
/// it did not announce one (its stdin is then closed, so it ends).
func startAnnouncingPort(_ process: Process, input: Pipe) throws -> (port: Int?, printed: String) {
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = input
    try process.run()
    var text = ""
    while !text.contains("\n") {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        text += String(decoding: chunk, as: UTF8.self)
    }
    guard let line = text.split(separator: "\n").first, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5))
    else {
        try? input.fileHandleForWriting.close()
        return (nil, text)
    }
    return (port, text)
}
