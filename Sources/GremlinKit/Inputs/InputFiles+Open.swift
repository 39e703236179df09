// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for reading after every check on its path and type: a regular file, opened
/// without following a final symlink and without blocking, whose size `fstat` gave.
public final class OpenedInput: @unchecked Sendable {
    /// The path as the manifest resolves it (symlinks not followed): the recorded name.
    public let url: URL
    /// The path with every symlink resolved.
    public let realPath: String
    /// Bytes, from `fstat` before reading.
    public let size: Int
    public let handle: FileHandle
    /// The path as the user gave it, the manifest key and what the file is, for messages.
    public let display: String
    public let key: String?
    public let what: String

    init(url: URL, realPath: String, size: Int, descriptor: Int32, display: String, key: String?, what: String) {
        self.url = url
        self.realPath = realPath
        self.size = size
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.display = display
        self.key = key
        self.what = what
    }

    var descriptor: Int32 { handle.fileDescriptor }

    func refuse(_ message: String, fix: String) -> InputError {
        InputError(file: display, key: key, message: "\(what) \(message)", fix: fix)
    }
}

/// `open(2)` read-only, never blocking (a FIFO) and never following a final symlink.
private func openReadOnly(_ path: String) -> Int32 {
    #if canImport(Glibc)
        Glibc.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
    #else
        Darwin.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
    #endif
}

extension InputFiles {
    /// The directory manifest inputs must lie in.
    var boundary: URL { rootDirectory ?? baseDirectory }

    /// Opens a manifest-relative path: refused when absolute or leading outside the repository.
    public func open(_ path: String, what: String, key: String? = nil) throws -> OpenedInput {
        let fix = "name a file inside the repository, relative to the manifest (e.g. data/splits/train.csv)"
        if confined, path.hasPrefix("/") || path.hasPrefix("~") {
            throw InputError(
                file: path, key: key,
                message: "\(what) is an absolute path; manifest inputs must be files inside the repository",
                fix: fix)
        }
        return try open(url: url(path), display: path, what: what, key: key, confine: confined)
    }

    /// Opens `url` after the path, symlink, type and size checks (see `InputFiles`).
    func open(url: URL, display: String, what: String, key: String?, confine: Bool) throws -> OpenedInput {
        func refuse(_ message: String, _ fix: String) -> InputError {
            InputError(file: display, key: key, message: "\(what) \(message)", fix: fix)
        }
        let outside = "name a file inside the repository, relative to the manifest (e.g. data/splits/train.csv)"
        let boundary = boundary.path
        if confine, !(url.path == boundary || url.path.hasPrefix(boundary + "/")) {
            let through = display.split(separator: "/").contains("..") ? "through `..`" : "the manifest lies outside it"
            throw refuse("leads outside the repository (\(through))", outside)
        }
        guard let real = Self.realPath(url.path) else {
            let code = errno
            var link = stat()
            if lstat(url.path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                throw refuse("is a symlink to a file that does not exist", "commit the file itself, not a link to it")
            }
            if code == EACCES {
                throw refuse("cannot be reached: permission denied", "check the permissions of its directories")
            }
            throw refuse(
                "not found (looked at \(portableName(url)))",
                "check the path; manifest paths are relative to the manifest")
        }
        if confine {
            let realBoundary = Self.realPath(boundary) ?? boundary
            guard real.hasPrefix(realBoundary + "/") else {
                throw refuse(
                    "is a symlink whose target lies outside the repository",
                    "commit the file itself inside the repository, not a link out of it")
            }
        }
        var info = stat()
        guard stat(real, &info) == 0 else {
            throw refuse("cannot be read: \(String(cString: strerror(errno)))", "check the file's permissions")
        }
        if let kind = Self.kind(info.st_mode) {
            throw refuse("is \(kind), not a regular file", "name a regular file committed in the repository")
        }
        let descriptor = openReadOnly(real)
        guard descriptor >= 0 else {
            let code = errno
            if code == EACCES {
                throw refuse("cannot be read: permission denied", "check the file's permissions")
            }
            throw refuse("cannot be opened: \(String(cString: strerror(code)))", "name a regular file")
        }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG, opened.st_ino == info.st_ino,
            opened.st_dev == info.st_dev
        else {
            close(descriptor)
            throw refuse("changed while it was being opened", "audit a work tree nothing else is writing to")
        }
        return OpenedInput(
            url: url, realPath: real, size: Int(opened.st_size), descriptor: descriptor, display: display, key: key,
            what: what)
    }

    /// Reads a file the user named on the command line (policy, manifest), which may lie anywhere
    /// but must be a regular file: a FIFO or `/dev/zero` is refused, never read.
    public static func readRegularFile(url: URL, display: String, what: String) throws -> Data {
        let files = InputFiles(baseDirectory: url.deletingLastPathComponent(), rootDirectory: nil, confined: false)
        return try files.readAll(files.open(url: url, display: display, what: what, key: nil, confine: false))
    }

    /// Reads at most the `fstat` size of an opened input, refusing one over `maxReadBytes`.
    func readAll(_ input: OpenedInput) throws -> Data {
        guard input.size <= maxReadBytes else {
            throw input.refuse(
                "is \(input.size) bytes, more than the \(maxReadBytes) bytes the gate reads",
                fix: "name the file the manifest means; an input this large is not a release record")
        }
        guard let buffer = malloc(max(1, input.size)) else {
            throw input.refuse("cannot be read: out of memory", fix: "free memory or name a smaller file")
        }
        LargeBuffers.adviseHugePages(buffer, input.size)
        var offset = 0
        while offset < input.size {
            let count = pread(input.descriptor, buffer + offset, input.size - offset, off_t(offset))
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                free(buffer)
                throw input.refuse(
                    "cannot be read: \(String(cString: strerror(errno)))", fix: "check the file and its disk")
            }
            if count == 0 { break }
            offset += count
        }
        return Data(bytesNoCopy: buffer, count: offset, deallocator: .free)
    }

    /// Maps an opened input read-only (split files run to hundreds of megabytes: no copy).
    func map(_ input: OpenedInput) throws -> Data {
        guard input.size > 0 else { return Data() }
        guard let address = mmap(nil, input.size, PROT_READ, MAP_PRIVATE, input.descriptor, 0),
            address != MAP_FAILED
        else {
            return try readAll(input)
        }
        return Data(
            bytesNoCopy: address, count: input.size,
            deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// The path with every symlink resolved, or `nil` (with `errno` set) when that fails.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What a non-regular file is ("a FIFO"), or `nil` for a regular file.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symlink"
        default: return "not a regular file"
        }
    }
}
