// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// Secrets that are not plain text: the printable runs of a binary blob (as `strings` shows
// them) and base64 runs that decode to text. Neither can be switched off from inside the
// repository: a stray NUL byte does not make a text file binary, and encoding is not hiding.


extension SecretRule {
    /// Rules whose matches have a fixed prefix or structure, trusted in a binary file's
    /// printable runs where keyword-and-entropy rules would fire on noise.
    public static let highConfidence: Set<String> = [
        "aws-access-token", "gcp-api-key", "gcp-service-account", "azure-storage-key", "github-pat",
        "github-fine-grained-pat", "github-oauth", "github-app-token", "gitlab-pat", "slack-bot-token",
        "slack-user-token", "slack-webhook-url", "private-key", "stripe-access-token", "npm-access-token",
        "pypi-upload-token", "openai-api-key", "anthropic-api-key", "sendgrid-api-token", "url-credentials",
    ]
}

extension SecretScanner {
    /// A run of printable bytes shorter than this is not text (`strings`' default is 4; 8 keeps noise out).
    static let minimumRun = 8
    /// A base64 run shorter than this is not decoded (too short to hold a credential and its name).
    static let minimumBase64 = 32
    /// At most this many bytes are decoded from one base64 run, and from one blob in all.
    static let maxDecodedRun = 64 << 10
    static let decodeBudget = 1 << 20
    /// Base64 inside base64 is decoded once more, no deeper.
    static let maxDepth = 2

    /// A binary blob: its printable runs, one per line, scanned with the high-confidence rules
    /// (and the base64 in them); each match names the byte offset of its run in the blob.
    func binaryCandidates(_ bytes: [UInt8], path: String, budget: inout Int) -> [Candidate] {
        var text: [UInt8] = []
        var runs: [(text: Int, blob: Int)] = []
        var index = 0
        while index < bytes.count {
            guard TextProbe.isPrintable(bytes[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < bytes.count && TextProbe.isPrintable(bytes[index]) { index += 1 }
            if index - start >= Self.minimumRun {
                runs.append((text.count, start))
                text += bytes[start..<index]
                text.append(0x0A)
            }
        }
        let found = textCandidates(text, path: path, mask: highConfidenceMask, depth: 0, budget: &budget)
        return found.map { candidate in
            let lower = candidate.match.secretRange.lowerBound
            var low = 0
            var high = runs.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if runs[mid].text <= lower { low = mid } else { high = mid - 1 }
            }
            let offset = runs.isEmpty ? 0 : runs[low].blob + lower - runs[low].text
            let match = candidate.match
            var moved = candidate
            moved.match = SecretMatch(
                rule: match.rule, path: match.path, line: 0, column: 0, preview: match.preview,
                fingerprint: match.fingerprint,
                secretRange: offset..<(offset + match.secretRange.count),
                via: (match.via.map { $0 + " " } ?? "") + "in the printable text of a binary file at byte \(offset)")
            return moved
        }
    }

    /// A text blob (or decoded base64): every rule in `mask`, then its base64 runs.
    func textCandidates(_ bytes: [UInt8], path: String, mask: UInt64, depth: Int, budget: inout Int) -> [Candidate] {
        var candidates: [Candidate] = []
        bytes.withUnsafeBufferPointer { scanBuffer($0, path: path, mask: mask, into: &candidates) }
        guard depth < Self.maxDepth, budget > 0, bytes.count >= Self.minimumBase64 else { return candidates }
        var lineStarts: [Int]?
        for run in Self.base64Runs(bytes) {
            guard budget > 0 else { break }
            // Most runs (hashes, hex, identifiers, images) decode to binary: their first 48 bytes tell.
            guard
                let head = Self.decodeBase64(
                    bytes, run.lowerBound..<min(run.upperBound, run.lowerBound + 66), limit: 48),
                TextProbe.isMostlyText(head),
                let decoded = Self.decodeBase64(bytes, run, limit: min(budget, Self.maxDecodedRun)),
                decoded.count >= 16, TextProbe.isMostlyText(decoded)
            else { continue }
            budget -= decoded.count
            let inner = textCandidates(decoded, path: path, mask: mask, depth: depth + 1, budget: &budget)
            guard !inner.isEmpty else { continue }
            if lineStarts == nil {
                var starts = [0]
                for index in bytes.indices where bytes[index] == 0x0A { starts.append(index + 1) }
                lineStarts = starts
            }
            let starts = lineStarts ?? [0]
            var line = 0
            while line + 1 < starts.count && starts[line + 1] <= run.lowerBound { line += 1 }
            let lineEnd = line + 1 < starts.count ? starts[line + 1] : bytes.count
            let allowed = ByteSearch.contains(bytes[starts[line]..<lineEnd], Self.allowMarker)
            for candidate in inner {
                let match = candidate.match
                var moved = candidate
                moved.allowed = candidate.allowed || allowed
                moved.match = SecretMatch(
                    rule: match.rule, path: match.path, line: line + 1, column: run.lowerBound - starts[line] + 1,
                    preview: match.preview, fingerprint: match.fingerprint, secretRange: run, via: "base64-encoded")
                candidates.append(moved)
            }
        }
        return candidates
    }

    /// Maximal runs of at least `minimumBase64` base64 characters (either alphabet); a run may
    /// continue over a line break after a full-width line (MIME and PEM wrap at 64 or 76).
    static func base64Runs(_ array: [UInt8]) -> [Range<Int>] {
        array.withUnsafeBufferPointer { base64Runs(in: $0) }
    }

    private static func base64Runs(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        base64Table.withUnsafeBufferPointer { table in
            var runs: [Range<Int>] = []
            var index = 0
            let count = bytes.count
            while index < count {
                // Skip to the next run as fast as possible: most bytes of code are in short words.
                if !table[Int(bytes[index])] {
                    index += 1
                    continue
                }
                let start = index
                while index < count && table[Int(bytes[index])] { index += 1 }
                // Too short to be a run or to be wrapped (a wrapped line is at least 40 wide).
                if index - start < minimumBase64 { continue }
                if let run = base64Run(bytes, start: start, from: &index, table) { runs.append(run) }
            }
            return runs
        }
    }

    /// 256 flags: the byte is in either base64 alphabet.
    static let base64Table: [Bool] = (0..<256).map { isBase64(UInt8($0)) }

    /// The run from `start` whose first line ends at `index`, continued over wrapped lines;
    /// `index` ends after it.
    private static func base64Run(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, from index: inout Int, _ table: UnsafeBufferPointer<Bool>
    ) -> Range<Int>? {
        let count = bytes.count
        var lineStart = start
        while index < count {
            if table[Int(bytes[index])] {
                index += 1
                continue
            }
            var next = index
            if bytes[next] == 0x0D { next += 1 }
            let width = index - lineStart
            if next < count, bytes[next] == 0x0A, width >= 40, width % 4 == 0, next + 1 < count,
                table[Int(bytes[next + 1])]
            {
                index = next + 1
                lineStart = index
                continue
            }
            break
        }
        let end = index
        while index < count && index - end < 2 && bytes[index] == UInt8(ascii: "=") { index += 1 }
        return index - start >= minimumBase64 ? start..<index : nil
    }

    @inline(__always) static func isBase64(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2B || byte == 0x2F || byte == 0x2D || byte == 0x5F
    }

    /// Sextet values of both alphabets; 0xFF for any other byte.
    static let sextets: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case 0x41...0x5A: return byte - 0x41
        case 0x61...0x7A: return byte - 0x61 + 26
        case 0x30...0x39: return byte - 0x30 + 52
        case 0x2B, 0x2D: return 62
        case 0x2F, 0x5F: return 63
        default: return 0xFF
        }
    }

    /// Decodes `bytes[run]` (standard or URL-safe alphabet, not mixed; line breaks and padding
    /// skipped) up to `limit` output bytes; nil when the alphabets are mixed.
    static func decodeBase64(_ bytes: [UInt8], _ run: Range<Int>, limit: Int) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { buffer in
            sextets.withUnsafeBufferPointer { table in
                var out: [UInt8] = []
                out.reserveCapacity(min(limit, run.count / 4 * 3 + 3))
                var standard = false
                var urlSafe = false
                var accumulator: UInt32 = 0
                var bits: UInt32 = 0
                for index in run {
                    let byte = buffer[index]
                    let value = table[Int(byte)]
                    if value == 0xFF { continue }
                    if byte == 0x2B || byte == 0x2F {
                        standard = true
                    } else if byte == 0x2D || byte == 0x5F {
                        urlSafe = true
                    }
                    accumulator = (accumulator << 6 | UInt32(value)) & 0xFFFF
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        out.append(UInt8(truncatingIfNeeded: accumulator >> bits))
                        if out.count >= limit { break }
                    }
                }
                return standard && urlSafe ? nil : out
            }
        }
    }
}
