// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A lineage graph: datasets, runs and artifacts with their upstream edges, from YAML or OpenLineage.
///
/// Both readers produce this one model, so every check (lineage, pii, model card) sees the same
/// graph whatever the file format. Edges point upstream: from a node to what it came from.
public struct LineageGraph: Sendable {
    /// Which file format the graph was read from.
    public enum Format: String, Sendable {
        case yaml
        case openLineage = "openlineage"
    }

    /// The file as the manifest named it (for messages).
    public var file: String
    public var format: Format
    /// Nodes in file order.
    public private(set) var nodes: [LineageNode]
    /// Facts the file states twice with different values (OpenLineage events disagreeing).
    public var conflicts: [LineageConflict]
    /// Informational remarks from reading (ignored failed runs, …).
    public var remarks: [String]
    private var index: [String: Int]

    public init(
        file: String, format: Format, nodes: [LineageNode], conflicts: [LineageConflict] = [],
        remarks: [String] = []
    ) {
        self.file = file
        self.format = format
        self.nodes = nodes
        self.conflicts = conflicts
        self.remarks = remarks
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() where index[node.id] == nil { index[node.id] = position }
        self.index = index
    }

    /// The node with this id.
    public func node(_ id: String) -> LineageNode? {
        index[id].map { nodes[$0] }
    }

    /// The artifact nodes, in file order.
    public var artifacts: [LineageNode] { nodes.filter { $0.kind == .artifact } }

    /// Every edge whose target is not a node of the graph.
    public var danglingEdges: [(node: LineageNode, edge: LineageEdge)] {
        nodes.flatMap { node in
            node.upstream.filter { index[$0.target] == nil }.map { (node, $0) }
        }
    }

    /// Ids of the nodes reachable upstream from `start` (itself included), in breadth-first order.
    public func upstreamClosure(of start: String) -> [String] {
        var seen: Set<String> = [start]
        var order = [start]
        var cursor = 0
        while cursor < order.count {
            let id = order[cursor]
            cursor += 1
            for edge in node(id)?.upstream ?? [] where !seen.contains(edge.target) {
                seen.insert(edge.target)
                order.append(edge.target)
            }
        }
        return order
    }

    /// Every cycle, each named once as a closed walk starting at its smallest id (`a → b → a`).
    /// Depth-first with an explicit stack: a chain of any length cannot overflow the call stack.
    public var cycles: [[String]] {
        var found: [[String]] = []
        var keys = Set<[String]>()
        var state: [String: Int] = [:]  // 1 = on the stack, 2 = finished
        var stack: [String] = []
        var frames: [(edges: [LineageEdge], next: Int)] = []
        func enter(_ id: String) {
            state[id] = 1
            stack.append(id)
            frames.append((node(id)?.upstream ?? [], 0))
        }
        for root in nodes where state[root.id] == nil {
            enter(root.id)
            while let frame = frames.last {
                guard frame.next < frame.edges.count else {
                    frames.removeLast()
                    state[stack.removeLast()] = 2
                    continue
                }
                frames[frames.count - 1].next += 1
                let target = frame.edges[frame.next].target
                guard index[target] != nil else { continue }
                switch state[target] {
                case 1?:
                    guard let start = stack.lastIndex(of: target) else { continue }
                    var cycle = Array(stack[start...])
                    // Rotate so the same cycle found from another entry point reads the same.
                    if let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) {
                        cycle = Array(cycle[smallest...] + cycle[..<smallest])
                    }
                    if keys.insert(cycle).inserted { found.append(cycle + [cycle[0]]) }
                case nil:
                    enter(target)
                default:
                    break
                }
            }
        }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A path from `start` upstream to a source (a node with no upstream edge inside the graph)
    /// that meets no node for which `avoid` is true, or nil when every such path meets one.
    /// Cycles are not followed twice. The path is listed from `start`. Depth-first with an
    /// explicit stack, like `cycles`.
    public func pathToSource(from start: String, avoiding avoid: (LineageNode) -> Bool) -> [String]? {
        var visited = Set<String>()
        var path: [String] = []
        var frames: [(parents: [LineageEdge], next: Int)] = []
        /// Enters a node; true when it is a source (the walk is over).
        func enter(_ id: String) -> Bool? {
            guard let node = node(id), !avoid(node), visited.insert(id).inserted else { return nil }
            path.append(id)
            let parents = node.upstream.filter { index[$0.target] != nil }
            if parents.isEmpty { return true }
            frames.append((parents, 0))
            return false
        }
        guard let done = enter(start) else { return nil }
        if done { return path }
        while let frame = frames.last {
            guard frame.next < frame.parents.count else {
                frames.removeLast()
                path.removeLast()
                continue
            }
            frames[frames.count - 1].next += 1
            if enter(frame.parents[frame.next].target) == true { return path }
        }
        return nil
    }

    /// Downstream neighbours of each node (the reverse of `upstream`), for rendering.
    public var downstream: [String: [String]] {
        var result: [String: [String]] = [:]
        for node in nodes {
            for edge in node.upstream { result[edge.target, default: []].append(node.id) }
        }
        return result
    }
}

/// One dataset, run or artifact of a lineage graph.
public struct LineageNode: Sendable, Equatable {
    /// What a node is.
    public enum Kind: String, Sendable, CaseIterable {
        case dataset
        case run
        case artifact
    }

    public var id: String
    public var kind: Kind
    /// `raw`, `split`, `training`, `artifact`, … (free-form; policies name the required ones).
    public var stage: String?
    /// What this node came from.
    public var upstream: [LineageEdge]
    public var patients: Int?
    public var dateRange: String?
    public var license: String?
    public var pii: PIIRecord?
    public var dataProducts: [String]
    /// The code a run executed.
    public var code: CodeReference?
    /// The manifest artifact an artifact node stands for (`weights`).
    public var artifact: String?
    /// Where the dataset or artifact lives (OpenLineage `namespace/name`).
    public var uri: String?
    /// The digest the graph records (OpenLineage `datasetVersion`), as written.
    public var digest: String?
    public var description: String?
    /// The line the node starts on in its file.
    public var line: Int?
    /// Column-level statements (OpenLineage tags with a `field`), in the order first stated.
    public var columns: [LineageColumn] = []
    /// Descriptive metadata (OpenLineage `ownership`, `dataSource`, `schema` facets).
    public var facets: LineageFacets = LineageFacets()

    public init(
        id: String, kind: Kind, stage: String? = nil, upstream: [LineageEdge] = [], patients: Int? = nil,
        dateRange: String? = nil, license: String? = nil, pii: PIIRecord? = nil, dataProducts: [String] = [],
        code: CodeReference? = nil, artifact: String? = nil, uri: String? = nil, digest: String? = nil,
        description: String? = nil, line: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.stage = stage
        self.upstream = upstream
        self.patients = patients
        self.dateRange = dateRange
        self.license = license
        self.pii = pii
        self.dataProducts = dataProducts
        self.code = code
        self.artifact = artifact
        self.uri = uri
        self.digest = digest
        self.description = description
        self.line = line
    }
}

/// What one column of a dataset states (OpenLineage tags whose `field` names it).
public struct LineageColumn: Sendable, Equatable {
    public var name: String
    /// The column's PII status; nil when the events state it differently (a conflict).
    public var pii: String?
    public var line: Int?

    public init(name: String, pii: String?, line: Int? = nil) {
        self.name = name
        self.pii = pii
        self.line = line
    }
}

/// Descriptive facets of a node: shown in the report and the model card, never judged.
public struct LineageFacets: Sendable, Equatable {
    /// One `ownership` entry: `name` (a URN such as `team:data`) and its optional `type`.
    public struct Owner: Sendable, Equatable {
        public var name: String
        public var type: String?

        public init(name: String, type: String? = nil) {
            self.name = name
            self.type = type
        }
    }

    /// The `documentation` facet's `description`.
    public var documentation: String?
    public var owners: [Owner]
    /// The `dataSource` facet's name.
    public var sourceName: String?
    /// The `dataSource` facet's URI with any `user:password@`, query and fragment removed.
    public var sourceURI: String?
    /// The `schema` facet's top-level field names (nil: no schema facet).
    public var schemaFields: [String]?

    public init(
        documentation: String? = nil, owners: [Owner] = [], sourceName: String? = nil, sourceURI: String? = nil,
        schemaFields: [String]? = nil
    ) {
        self.documentation = documentation
        self.owners = owners
        self.sourceName = sourceName
        self.sourceURI = sourceURI
        self.schemaFields = schemaFields
    }

    public var isEmpty: Bool {
        documentation == nil && owners.isEmpty && sourceName == nil && sourceURI == nil && schemaFields == nil
    }
}

/// An upstream edge: the node came from `target` by `relation`.
public struct LineageEdge: Sendable, Equatable {
    /// How the nodes are related, named after the YAML key.
    public enum Relation: String, Sendable {
        case derivedFrom = "derived_from"
        case input = "inputs"
        case producedBy = "produced_by"
    }

    public var relation: Relation
    public var target: String
    /// The line the reference is written on.
    public var line: Int?

    public init(_ relation: Relation, _ target: String, line: Int? = nil) {
        self.relation = relation
        self.target = target
        self.line = line
    }
}

/// A dataset's PII statement.
public struct PIIRecord: Sendable, Equatable {
    /// `scrubbed`, `none`, `present` or `unknown`.
    public var status: String?
    public var certifiedBy: String?
    public var certifiedOn: String?

    public init(status: String?, certifiedBy: String? = nil, certifiedOn: String? = nil) {
        self.status = status
        self.certifiedBy = certifiedBy
        self.certifiedOn = certifiedOn
    }

    /// The statuses a lineage file may state.
    public static let statuses = ["scrubbed", "none", "present", "unknown"]
}

/// The code a run executed: repository name and commit (full or abbreviated).
public struct CodeReference: Sendable, Equatable {
    public var repo: String?
    public var commit: String?
    public var url: String?

    public init(repo: String? = nil, commit: String? = nil, url: String? = nil) {
        self.repo = repo
        self.commit = commit
        self.url = url
    }
}

/// Two statements of one fact that disagree; the reader keeps neither value (fail closed).
public struct LineageConflict: Sendable, Equatable {
    public var node: String
    public var key: String
    public var values: [String]
    public var line: Int?

    public init(node: String, key: String, values: [String], line: Int? = nil) {
        self.node = node
        self.key = key
        self.values = values
        self.line = line
    }
}
