// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A static pickle decoder: walks opcodes (protocols 0–5) without executing anything, tracking
/// just enough of the stack and memo to name what `STACK_GLOBAL` imports.
public enum PickleScanner {
    /// Caps that bound time and memory on hostile input.
    public struct Limits: Sendable {
        public var maxOpcodes = 50_000_000
        public var maxStackDepth = 1_000_000
        public var maxMemoEntries = 1_000_000
        /// Longer strings are tracked as opaque values (an import through them stays unresolved).
        public var maxTrackedString = 1024
        public init() {}
    }

    /// Decodes one stream starting at `start`.
    public static func scan(
        _ bytes: [UInt8], start: Int = 0, recordOpcodes: Bool = false,
        limits: Limits = Limits()
    ) -> PickleStreamReport {
        var decoder = Decoder(bytes: bytes, position: start, limits: limits, record: recordOpcodes)
        decoder.run()
        return decoder.report
    }

    /// Decodes consecutive streams (`pickle.dump` called repeatedly, legacy `torch.save`): after
    /// the first, another stream is read only while the next byte is `PROTO`, up to `maxStreams`.
    public static func scanStreams(
        _ bytes: [UInt8], maxStreams: Int, recordOpcodes: Bool = false,
        limits: Limits = Limits()
    ) -> [PickleStreamReport] {
        var reports: [PickleStreamReport] = []
        var position = 0
        while reports.count < maxStreams {
            if !reports.isEmpty && (position >= bytes.count || bytes[position] != 0x80) { break }
            let report = scan(bytes, start: position, recordOpcodes: recordOpcodes, limits: limits)
            reports.append(report)
            if report.malformed != nil { break }
            position = report.endOffset
        }
        return reports
    }

    // MARK: - Decoder

    private enum Value {
        case mark
        case string(String)
        case other
    }

    private struct Malformed: Error {
        let offset: Int
        let reason: String
    }

    private struct Decoder {
        let bytes: [UInt8]
        var position: Int
        let limits: Limits
        let record: Bool
        var stack: [Value] = []
        var memo: [Int: Value] = [:]
        var report = PickleStreamReport()

        init(bytes: [UInt8], position: Int, limits: Limits, record: Bool) {
            self.bytes = bytes
            self.position = position
            self.limits = limits
            self.record = record
        }

        mutating func run() {
            do {
                try loop()
            } catch let error as Malformed {
                report.malformed = PickleMalformation(offset: error.offset, reason: error.reason)
            } catch {
                report.malformed = PickleMalformation(offset: position, reason: "\(error)")
            }
            report.endOffset = position
        }

        private mutating func loop() throws {
            var count = 0
            while true {
                guard position < bytes.count else {
                    throw Malformed(offset: position, reason: "stream ends without STOP")
                }
                count += 1
                guard count <= limits.maxOpcodes else {
                    throw Malformed(offset: position, reason: "more than \(limits.maxOpcodes) opcodes")
                }
                let offset = position
                let code = bytes[position]
                guard let opcode = PickleScanner.table[code] else {
                    throw Malformed(offset: offset, reason: "unknown opcode 0x\(String(code, radix: 16))")
                }
                position += 1
                if record { report.opcodes.append(PickleOpcodeRecord(offset: offset, name: opcode.name)) }
                if try execute(opcode, code: code, offset: offset) { return }
                guard stack.count <= limits.maxStackDepth else {
                    throw Malformed(offset: offset, reason: "stack deeper than \(limits.maxStackDepth)")
                }
            }
        }

        // MARK: argument readers

        private mutating func take(_ count: Int, at offset: Int, _ opcode: Opcode) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else {
                throw Malformed(offset: offset, reason: "\(opcode.name) argument runs past the end of the data")
            }
            let slice = bytes[position..<(position + count)]
            position += count
            return slice
        }

        private mutating func line(at offset: Int, _ opcode: Opcode) throws -> ArraySlice<UInt8> {
            var end = position
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            guard end < bytes.count else {
                throw Malformed(offset: offset, reason: "\(opcode.name) line has no terminating newline")
            }
            let slice = bytes[position..<end]
            position = end + 1
            return slice
        }

        private func littleEndian(_ slice: ArraySlice<UInt8>) -> UInt64 {
            var value: UInt64 = 0
            for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << UInt64(8 * shift) }
            return value
        }

        private mutating func counted(
            width: Int, signed: Bool, at offset: Int, _ opcode: Opcode
        ) throws -> ArraySlice<UInt8> {
            let raw = littleEndian(try take(width, at: offset, opcode))
            var length = raw
            if signed && width == 4 && raw & 0x8000_0000 != 0 {
                throw Malformed(offset: offset, reason: "\(opcode.name) has a negative length")
            }
            if length > UInt64(Int.max) { length = UInt64(Int.max) }
            return try take(Int(length), at: offset, opcode)
        }

        // MARK: stack helpers

        private mutating func pop(at offset: Int, _ opcode: Opcode) throws -> Value {
            guard let value = stack.popLast() else {
                throw Malformed(offset: offset, reason: "\(opcode.name) on an empty stack")
            }
            return value
        }

        private mutating func popValue(at offset: Int, _ opcode: Opcode) throws -> Value {
            let value = try pop(at: offset, opcode)
            if case .mark = value {
                throw Malformed(offset: offset, reason: "\(opcode.name) found MARK where a value was expected")
            }
            return value
        }

        private func requireValues(_ count: Int, at offset: Int, _ opcode: Opcode) throws {
            guard stack.count >= count else {
                throw Malformed(offset: offset, reason: "\(opcode.name) needs \(count) stack items")
            }
            for value in stack.suffix(count) {
                if case .mark = value {
                    throw Malformed(offset: offset, reason: "\(opcode.name) found MARK where a value was expected")
                }
            }
        }

        /// Pops everything above the topmost MARK and the MARK; returns how many values it removed.
        @discardableResult
        private mutating func popToMark(at offset: Int, _ opcode: Opcode) throws -> Int {
            guard let index = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } })
            else {
                throw Malformed(offset: offset, reason: "\(opcode.name) without a MARK")
            }
            let removed = stack.count - index - 1
            stack.removeSubrange(index...)
            return removed
        }

        private mutating func memoIndex(_ index: Int, at offset: Int, _ opcode: Opcode) throws -> Value {
            guard let value = memo[index] else {
                throw Malformed(offset: offset, reason: "\(opcode.name) of memo entry \(index), which was never stored")
            }
            return value
        }

        private mutating func memoStore(_ index: Int, at offset: Int, _ opcode: Opcode) throws {
            guard let top = stack.last else {
                throw Malformed(offset: offset, reason: "\(opcode.name) on an empty stack")
            }
            if case .mark = top { throw Malformed(offset: offset, reason: "\(opcode.name) of a MARK") }
            guard memo.count < limits.maxMemoEntries || memo[index] != nil else {
                throw Malformed(offset: offset, reason: "more than \(limits.maxMemoEntries) memo entries")
            }
            memo[index] = top
        }

        private func decimal(_ slice: ArraySlice<UInt8>, at offset: Int, _ opcode: Opcode) throws -> Int {
            let text = String(decoding: slice, as: UTF8.self).trimmingSpaces
            guard let value = Int(text), value >= 0 else {
                throw Malformed(offset: offset, reason: "\(opcode.name) index is not a non-negative integer")
            }
            return value
        }

        private func tracked(_ text: String) -> Value {
            text.utf8.count <= limits.maxTrackedString ? .string(text) : .other
        }

        /// Decodes UTF-8 or returns nil (Python would raise; we keep the value opaque).
        private func utf8(_ slice: ArraySlice<UInt8>) -> String? {
            String(validating: slice, as: UTF8.self)
        }

        private mutating func addImport(
            module: String, name: String, offset: Int, opcode: String, resolved: Bool = true
        ) {
            report.imports.append(
                PickleImport(module: module, name: name, offset: offset, opcode: opcode, resolved: resolved))
        }

        // MARK: semantics

        /// Applies one opcode; returns true at STOP.
        private mutating func execute(_ opcode: Opcode, code: UInt8, offset: Int) throws -> Bool {
            switch opcode.op {
            case .proto:
                let version = Int(try take(1, at: offset, opcode).first ?? 0)
                guard version <= 5 else {
                    throw Malformed(offset: offset, reason: "unsupported pickle protocol \(version)")
                }
                report.protocolVersion = max(report.protocolVersion ?? 0, version)
            case .frame:
                let length = littleEndian(try take(8, at: offset, opcode))
                guard length <= UInt64(bytes.count - position) else {
                    throw Malformed(offset: offset, reason: "FRAME of \(length) bytes runs past the end of the data")
                }
            case .stop:
                _ = try popValue(at: offset, opcode)
                return true
            case .mark:
                stack.append(.mark)
            case .int, .long, .float:
                _ = try line(at: offset, opcode)
                stack.append(.other)
            case .binint, .binint1, .binint2, .binfloat:
                if case .fixed(let width) = opcode.argument { _ = try take(width, at: offset, opcode) }
                stack.append(.other)
            case .long1, .long4, .binbytes, .shortBinbytes, .binbytes8, .bytearray8:
                if case .counted(let width, let signed) = opcode.argument {
                    _ = try counted(width: width, signed: signed, at: offset, opcode)
                }
                stack.append(.other)
            case .none, .newtrue, .newfalse, .emptyList, .emptyTuple, .emptyDict, .emptySet, .nextBuffer:
                stack.append(.other)
            case .string:
                let raw = try line(at: offset, opcode)
                guard Self.isQuoted(raw) else {
                    throw Malformed(offset: offset, reason: "STRING argument is not quoted")
                }
                stack.append(Self.quotedString(raw).map(tracked) ?? .other)
            case .binstring, .shortBinstring:
                if case .counted(let width, let signed) = opcode.argument {
                    let raw = try counted(width: width, signed: signed, at: offset, opcode)
                    // Python 3 decodes protocol-0/1 strings as ASCII by default; non-ASCII stays opaque.
                    stack.append(raw.allSatisfy { $0 < 0x80 } ? tracked(String(decoding: raw, as: UTF8.self)) : .other)
                }
            case .unicode:
                let raw = try line(at: offset, opcode)
                // raw-unicode-escape: a backslash may start an escape we do not decode; stay opaque.
                if raw.contains(0x5C) { stack.append(.other) } else { stack.append(utf8(raw).map(tracked) ?? .other) }
            case .shortBinunicode, .binunicode, .binunicode8:
                if case .counted(let width, let signed) = opcode.argument {
                    let raw = try counted(width: width, signed: signed, at: offset, opcode)
                    stack.append(utf8(raw).map(tracked) ?? .other)
                }
            case .append:
                try requireValues(2, at: offset, opcode)
                _ = try popValue(at: offset, opcode)
            case .appends, .setitems, .additems:
                try popToMark(at: offset, opcode)
                try requireValues(1, at: offset, opcode)
            case .list, .tuple, .dict, .frozenset:
                try popToMark(at: offset, opcode)
                stack.append(.other)
            case .tuple1, .tuple2, .tuple3:
                let arity = opcode.op == .tuple1 ? 1 : opcode.op == .tuple2 ? 2 : 3
                try requireValues(arity, at: offset, opcode)
                stack.removeLast(arity)
                stack.append(.other)
            case .setitem:
                try requireValues(3, at: offset, opcode)
                stack.removeLast(2)
            case .pop:
                _ = try pop(at: offset, opcode)
            case .popMark:
                try popToMark(at: offset, opcode)
            case .dup:
                guard let top = stack.last else { throw Malformed(offset: offset, reason: "DUP on an empty stack") }
                stack.append(top)
            case .get:
                let index = try decimal(try line(at: offset, opcode), at: offset, opcode)
                stack.append(try memoIndex(index, at: offset, opcode))
            case .binget, .longBinget:
                let width = opcode.op == .binget ? 1 : 4
                let index = Int(littleEndian(try take(width, at: offset, opcode)))
                stack.append(try memoIndex(index, at: offset, opcode))
            case .put:
                let index = try decimal(try line(at: offset, opcode), at: offset, opcode)
                try memoStore(index, at: offset, opcode)
            case .binput, .longBinput:
                let width = opcode.op == .binput ? 1 : 4
                let index = Int(littleEndian(try take(width, at: offset, opcode)))
                try memoStore(index, at: offset, opcode)
            case .memoize:
                try memoStore(memo.count, at: offset, opcode)
            case .ext1, .ext2, .ext4:
                if case .fixed(let width) = opcode.argument {
                    let code = littleEndian(try take(width, at: offset, opcode))
                    // The copyreg extension registry maps codes to arbitrary globals: unknowable statically.
                    addImport(
                        module: "copyreg", name: "_extension_registry[\(code)]", offset: offset,
                        opcode: opcode.name, resolved: false)
                }
                stack.append(.other)
            case .global, .inst:
                let module = String(decoding: try line(at: offset, opcode), as: UTF8.self)
                let name = String(decoding: try line(at: offset, opcode), as: UTF8.self)
                addImport(module: module, name: name, offset: offset, opcode: opcode.name)
                if opcode.op == .inst { try popToMark(at: offset, opcode) }
                stack.append(.other)
            case .stackGlobal:
                try requireValues(2, at: offset, opcode)
                let name = stack.removeLast()
                let module = stack.removeLast()
                if case .string(let moduleText) = module, case .string(let nameText) = name {
                    addImport(module: moduleText, name: nameText, offset: offset, opcode: opcode.name)
                } else {
                    addImport(module: "?", name: "?", offset: offset, opcode: opcode.name, resolved: false)
                }
                stack.append(.other)
            case .reduce, .newobj:
                try requireValues(2, at: offset, opcode)
                stack.removeLast(2)
                stack.append(.other)
            case .newobjEx:
                try requireValues(3, at: offset, opcode)
                stack.removeLast(3)
                stack.append(.other)
            case .obj:
                let removed = try popToMark(at: offset, opcode)
                guard removed >= 1 else { throw Malformed(offset: offset, reason: "OBJ without a class after MARK") }
                stack.append(.other)
            case .build:
                try requireValues(2, at: offset, opcode)
                stack.removeLast()
            case .persid:
                _ = try line(at: offset, opcode)
                stack.append(.other)
            case .binpersid, .readonlyBuffer:
                try requireValues(1, at: offset, opcode)
                stack[stack.count - 1] = .other
            }
            return false
        }

        static func isQuoted(_ raw: ArraySlice<UInt8>) -> Bool {
            guard raw.count >= 2, let first = raw.first, let last = raw.last else { return false }
            return first == last && (first == 0x27 || first == 0x22)
        }

        /// The value of a protocol-0 `STRING` argument (`'text'` or `"text"`), nil when it has escapes.
        static func quotedString(_ raw: ArraySlice<UInt8>) -> String? {
            guard raw.count >= 2, let first = raw.first, let last = raw.last, first == last,
                first == 0x27 || first == 0x22
            else { return nil }
            let inner = raw.dropFirst().dropLast()
            guard !inner.contains(0x5C), inner.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(decoding: inner, as: UTF8.self)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\r" { text.removeLast() }
        return String(text)
    }
}
