/// The text of Word (WordprocessingML) and OpenDocument XML parts, read by a small scanner over
/// the bytes: tags are recognised by name, character data is kept where the format puts text,
/// entities are decoded, and paragraphs end with a newline.
enum OfficeText {
    /// The text of a DOCX's `word/document.xml`: runs' text (`w:t`), tabs (`w:tab` outside
    /// paragraph properties, where it is a tab stop), breaks (`w:br`, `w:cr`); deleted text
    /// (`w:delText`) and field codes (`w:instrText`) are left out.
    static func wordprocessing(_ xml: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var inText = false
        var propertiesDepth = 0
        scan(xml) { event in
            switch event {
            case let .start(name, _, selfClosing):
                switch name {
                case "w:t": inText = !selfClosing
                case "w:pPr": if !selfClosing { propertiesDepth += 1 }
                case "w:tab": if propertiesDepth == 0 { out.append(0x09) }
                case "w:br", "w:cr": out.append(0x0A)
                case "w:noBreakHyphen": out.append(UInt8(ascii: "-"))
                default: break
                }
            case let .end(name):
                switch name {
                case "w:t": inText = false
                case "w:pPr": propertiesDepth = max(0, propertiesDepth - 1)
                case "w:p": out.append(0x0A)
                default: break
                }
            case let .text(bytes):
                if inText { out.append(contentsOf: bytes) }
            }
        }
        return out
    }

    /// The text of an ODT's `content.xml`: character data inside paragraphs and headings
    /// (`text:p`, `text:h`), with `text:s` spaces (`text:c` of them), tabs and line breaks;
    /// annotations (comments) are left out.
    static func openDocument(_ xml: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var paragraphDepth = 0
        var annotationDepth = 0
        scan(xml) { event in
            switch event {
            case let .start(name, attributes, selfClosing):
                switch name {
                case "text:p", "text:h": if !selfClosing { paragraphDepth += 1 } else { out.append(0x0A) }
                case "office:annotation": if !selfClosing { annotationDepth += 1 }
                case "text:s" where annotationDepth == 0:
                    let count = attribute("text:c", in: attributes).flatMap { Int($0) } ?? 1
                    out.append(contentsOf: repeatElement(0x20, count: max(1, min(count, 1000))))
                case "text:tab" where annotationDepth == 0: out.append(0x09)
                case "text:line-break" where annotationDepth == 0: out.append(0x0A)
                default: break
                }
            case let .end(name):
                switch name {
                case "text:p", "text:h":
                    paragraphDepth = max(0, paragraphDepth - 1)
                    if annotationDepth == 0 { out.append(0x0A) }
                case "office:annotation": annotationDepth = max(0, annotationDepth - 1)
                default: break
                }
            case let .text(bytes):
                if paragraphDepth > 0, annotationDepth == 0 { out.append(contentsOf: bytes) }
            }
        }
        return out
    }

    /// What the scanner reports.
    enum Event {
        /// A start tag, or an empty-element tag (no end tag follows it): its name, its raw attribute
        /// bytes, and whether it closed itself.
        case start(String, ArraySlice<UInt8>, Bool)
        /// An end tag.
        case end(String)
        /// Character data, entities decoded (CDATA sections included as they are).
        case text([UInt8])
    }

    /// Scans `xml`, reporting tags and character data in order. Comments, processing instructions
    /// and declarations are skipped. Malformed input never traps: a tag that never closes ends the scan.
    static func scan(_ xml: [UInt8], _ report: (Event) -> Void) {
        let count = xml.count
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            if end > textStart { report(.text(decodeEntities(xml[textStart..<end]))) }
        }
        while index < count {
            guard xml[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            flushText(upTo: index)
            if starts(xml, at: index, with: "<!--") {
                index = (firstIndex(of: "-->", in: xml, from: index + 4) ?? count - 3) + 3
            } else if starts(xml, at: index, with: "<![CDATA[") {
                let end = firstIndex(of: "]]>", in: xml, from: index + 9) ?? count
                report(.text(Array(xml[(index + 9)..<min(end, count)])))
                index = min(end + 3, count)
            } else if index + 1 < count, xml[index + 1] == UInt8(ascii: "?") || xml[index + 1] == UInt8(ascii: "!") {
                index = (xml[index...].firstIndex(of: UInt8(ascii: ">")) ?? count - 1) + 1
            } else {
                guard let close = xml[index...].firstIndex(of: UInt8(ascii: ">")) else { return }
                let isEnd = index + 1 < count && xml[index + 1] == UInt8(ascii: "/")
                let selfClosing = close > index && xml[close - 1] == UInt8(ascii: "/")
                let nameStart = index + (isEnd ? 2 : 1)
                var nameEnd = nameStart
                while nameEnd < close, !isNameEnd(xml[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: xml[nameStart..<nameEnd], as: UTF8.self)
                if isEnd {
                    report(.end(name))
                } else {
                    report(.start(name, xml[nameEnd..<(selfClosing ? close - 1 : close)], selfClosing))
                }
                index = close + 1
            }
            textStart = index
        }
        flushText(upTo: count)
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    private static func starts(_ xml: [UInt8], at index: Int, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= xml.count else { return false }
        return text.withUTF8Buffer { xml[index..<index + count].elementsEqual($0) }
    }

    private static func firstIndex(of text: StaticString, in xml: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < xml.count {
            if starts(xml, at: index, with: text) { return index }
            index += 1
        }
        return nil
    }

    /// The value of attribute `name` in a tag's raw attribute bytes, entities decoded.
    static func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
        let key = Array(name.utf8) + [UInt8(ascii: "=")]
        var index = attributes.startIndex
        while index + key.count < attributes.endIndex {
            let before = index == attributes.startIndex ? 0x20 : attributes[index - 1]
            if (before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D),
                attributes[index..<index + key.count].elementsEqual(key)
            {
                let quote = attributes[index + key.count]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                let valueStart = index + key.count + 1
                guard let valueEnd = attributes[valueStart...].firstIndex(of: quote) else { return nil }
                return String(decoding: decodeEntities(attributes[valueStart..<valueEnd]), as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    /// `text` with XML's predefined and numeric character references replaced by their UTF-8
    /// bytes; an unknown or malformed reference is kept as it is.
    static func decodeEntities(_ text: ArraySlice<UInt8>) -> [UInt8] {
        guard text.contains(UInt8(ascii: "&")) else { return Array(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard byte == UInt8(ascii: "&"),
                let semicolon = text[index..<min(index + 12, text.endIndex)].firstIndex(of: UInt8(ascii: ";"))
            else {
                out.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: text[(index + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                out.append(contentsOf: String(Character(scalar)).utf8)
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
