// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Fresh memory for the columns of a large cohort (a million patients fill arrays of 8 MB each).
///
/// Its cost is mostly the kernel's: one page fault per 4 KiB page on first touch. Where the system
/// allows it (Linux, transparent huge pages in `madvise` mode, as Debian ships), a large buffer is
/// asked to be backed by 2 MiB pages instead, so a 1 GB working set takes hundreds of faults, not
/// hundreds of thousands. The advice changes no byte; when it is refused nothing changes at all.
enum LargeBuffers {
    private static let hugePage = 2 << 20

    /// Advises huge pages for the 2 MiB-aligned part of `count` bytes at `base`, before they are touched.
    static func adviseHugePages(_ base: UnsafeMutableRawPointer?, _ count: Int) {
        #if os(Linux)
            guard let base, count >= 2 * hugePage else { return }
            let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
            let end = (Int(bitPattern: base) + count) & ~(hugePage - 1)
            guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}

extension Array where Element: BitwiseCopyable {
    /// `count` elements of plain data whose memory is not written here (nor zeroed), advised onto
    /// huge pages when large: for columns every element of which is written before it is read
    /// (or that are cut to what was written).
    static func unwritten(_ count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            LargeBuffers.adviseHugePages(
                UnsafeMutableRawPointer(buffer.baseAddress), count * MemoryLayout<Element>.stride)
            initialized = count
        }
    }

    /// `count` copies of `value`, written after the huge-page advice.
    static func filled(_ value: Element, count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            LargeBuffers.adviseHugePages(
                UnsafeMutableRawPointer(buffer.baseAddress), count * MemoryLayout<Element>.stride)
            if count > 0 { buffer.baseAddress!.initialize(repeating: value, count: count) }
            initialized = count
        }
    }

    /// `source.map(body)`, into a fresh (huge-page advised) array.
    static func mapping<C: Collection>(_ source: C, _ body: (C.Element) -> Element) -> [Element] {
        let count = source.count
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            LargeBuffers.adviseHugePages(
                UnsafeMutableRawPointer(buffer.baseAddress), count * MemoryLayout<Element>.stride)
            var i = 0
            for item in source {
                buffer[i] = body(item)
                i += 1
            }
            initialized = i
        }
    }
}
