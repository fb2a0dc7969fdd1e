import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: S3's responses are small documents of nested elements with text.
struct XMLElementNode: Sendable {
    var name: String
    var text: String = ""
    var children: [XMLElementNode] = []

    /// The first child named `name`.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
    /// Every child named `name`.
    func all(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    func value(_ name: String) -> String? { child(name)?.text }

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: [UInt8]) -> XMLElementNode? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(data))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// Builds the tree from XMLParser's events.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [XMLElementNode] = []
        var root: XMLElementNode?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(XMLElementNode(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let node = stack.popLast() else { return }
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }
    }
}

/// `text` with XML's five special characters escaped, for request bodies.
func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(character)
        }
    }
    return out
}
