// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The opcode table: pickletools names, argument encodings and the protocol that added each.
extension PickleScanner {
    enum Argument {
        case none
        case fixed(Int)
        /// A newline-terminated line.
        case line
        /// Two newline-terminated lines (module, name).
        case linePair
        /// A little-endian length of `width` bytes, then that many bytes.
        case counted(width: Int, signed: Bool)
    }

    /// Opcodes by their pickletools names.
    enum Op: String {
        case int = "INT"
        case binint = "BININT"
        case binint1 = "BININT1"
        case binint2 = "BININT2"
        case long = "LONG"
        case long1 = "LONG1"
        case long4 = "LONG4"
        case string = "STRING"
        case binstring = "BINSTRING"
        case shortBinstring = "SHORT_BINSTRING"
        case binbytes = "BINBYTES"
        case shortBinbytes = "SHORT_BINBYTES"
        case binbytes8 = "BINBYTES8"
        case bytearray8 = "BYTEARRAY8"
        case nextBuffer = "NEXT_BUFFER"
        case readonlyBuffer = "READONLY_BUFFER"
        case none = "NONE"
        case newtrue = "NEWTRUE"
        case newfalse = "NEWFALSE"
        case unicode = "UNICODE"
        case shortBinunicode = "SHORT_BINUNICODE"
        case binunicode = "BINUNICODE"
        case binunicode8 = "BINUNICODE8"
        case float = "FLOAT"
        case binfloat = "BINFLOAT"
        case emptyList = "EMPTY_LIST"
        case append = "APPEND"
        case appends = "APPENDS"
        case list = "LIST"
        case emptyTuple = "EMPTY_TUPLE"
        case tuple = "TUPLE"
        case tuple1 = "TUPLE1"
        case tuple2 = "TUPLE2"
        case tuple3 = "TUPLE3"
        case emptyDict = "EMPTY_DICT"
        case dict = "DICT"
        case setitem = "SETITEM"
        case setitems = "SETITEMS"
        case emptySet = "EMPTY_SET"
        case additems = "ADDITEMS"
        case frozenset = "FROZENSET"
        case pop = "POP"
        case dup = "DUP"
        case mark = "MARK"
        case popMark = "POP_MARK"
        case get = "GET"
        case binget = "BINGET"
        case longBinget = "LONG_BINGET"
        case put = "PUT"
        case binput = "BINPUT"
        case longBinput = "LONG_BINPUT"
        case memoize = "MEMOIZE"
        case ext1 = "EXT1"
        case ext2 = "EXT2"
        case ext4 = "EXT4"
        case global = "GLOBAL"
        case stackGlobal = "STACK_GLOBAL"
        case reduce = "REDUCE"
        case newobj = "NEWOBJ"
        case newobjEx = "NEWOBJ_EX"
        case inst = "INST"
        case obj = "OBJ"
        case build = "BUILD"
        case proto = "PROTO"
        case stop = "STOP"
        case frame = "FRAME"
        case persid = "PERSID"
        case binpersid = "BINPERSID"
    }

    struct Opcode {
        let op: Op
        var name: String { op.rawValue }
        let argument: Argument
        let proto: Int
    }

    static let table: [UInt8: Opcode] = {
        let entries: [(Character, String, Argument, Int)] = [
            ("I", "INT", .line, 0), ("J", "BININT", .fixed(4), 1), ("K", "BININT1", .fixed(1), 1),
            ("M", "BININT2", .fixed(2), 1), ("L", "LONG", .line, 0),
            ("\u{8a}", "LONG1", .counted(width: 1, signed: false), 2),
            ("\u{8b}", "LONG4", .counted(width: 4, signed: true), 2),
            ("S", "STRING", .line, 0), ("T", "BINSTRING", .counted(width: 4, signed: true), 1),
            ("U", "SHORT_BINSTRING", .counted(width: 1, signed: false), 1),
            ("B", "BINBYTES", .counted(width: 4, signed: false), 3),
            ("C", "SHORT_BINBYTES", .counted(width: 1, signed: false), 3),
            ("\u{8e}", "BINBYTES8", .counted(width: 8, signed: false), 4),
            ("\u{96}", "BYTEARRAY8", .counted(width: 8, signed: false), 5),
            ("\u{97}", "NEXT_BUFFER", .none, 5), ("\u{98}", "READONLY_BUFFER", .none, 5),
            ("N", "NONE", .none, 0), ("\u{88}", "NEWTRUE", .none, 2), ("\u{89}", "NEWFALSE", .none, 2),
            ("V", "UNICODE", .line, 0),
            ("\u{8c}", "SHORT_BINUNICODE", .counted(width: 1, signed: false), 4),
            ("X", "BINUNICODE", .counted(width: 4, signed: false), 1),
            ("\u{8d}", "BINUNICODE8", .counted(width: 8, signed: false), 4),
            ("F", "FLOAT", .line, 0), ("G", "BINFLOAT", .fixed(8), 1),
            ("]", "EMPTY_LIST", .none, 1), ("a", "APPEND", .none, 0), ("e", "APPENDS", .none, 1),
            ("l", "LIST", .none, 0), (")", "EMPTY_TUPLE", .none, 1), ("t", "TUPLE", .none, 0),
            ("\u{85}", "TUPLE1", .none, 2), ("\u{86}", "TUPLE2", .none, 2), ("\u{87}", "TUPLE3", .none, 2),
            ("}", "EMPTY_DICT", .none, 1), ("d", "DICT", .none, 0), ("s", "SETITEM", .none, 0),
            ("u", "SETITEMS", .none, 1), ("\u{8f}", "EMPTY_SET", .none, 4), ("\u{90}", "ADDITEMS", .none, 4),
            ("\u{91}", "FROZENSET", .none, 4), ("0", "POP", .none, 0), ("2", "DUP", .none, 0),
            ("(", "MARK", .none, 0), ("1", "POP_MARK", .none, 1), ("g", "GET", .line, 0),
            ("h", "BINGET", .fixed(1), 1), ("j", "LONG_BINGET", .fixed(4), 1), ("p", "PUT", .line, 0),
            ("q", "BINPUT", .fixed(1), 1), ("r", "LONG_BINPUT", .fixed(4), 1), ("\u{94}", "MEMOIZE", .none, 4),
            ("\u{82}", "EXT1", .fixed(1), 2), ("\u{83}", "EXT2", .fixed(2), 2), ("\u{84}", "EXT4", .fixed(4), 2),
            ("c", "GLOBAL", .linePair, 0), ("\u{93}", "STACK_GLOBAL", .none, 4), ("R", "REDUCE", .none, 0),
            ("\u{81}", "NEWOBJ", .none, 2), ("\u{92}", "NEWOBJ_EX", .none, 4), ("i", "INST", .linePair, 0),
            ("o", "OBJ", .none, 1), ("b", "BUILD", .none, 0), ("\u{80}", "PROTO", .fixed(1), 2),
            (".", "STOP", .none, 0), ("\u{95}", "FRAME", .fixed(8), 4), ("P", "PERSID", .line, 0),
            ("Q", "BINPERSID", .none, 1),
        ]
        var table: [UInt8: Opcode] = [:]
        for (character, name, argument, proto) in entries {
            guard let scalar = character.unicodeScalars.first, let op = Op(rawValue: name) else { continue }
            table[UInt8(scalar.value)] = Opcode(op: op, argument: argument, proto: proto)
        }
        return table
    }()
}
