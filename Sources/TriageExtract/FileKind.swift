/// What a file is, found from its first bytes (its magic numbers), never from its name.
public enum FileKind: Sendable, Hashable {
    /// Plain text (UTF-8, or bytes that are not any known binary format).
    case text
    /// UTF-16 text with a byte order mark.
    case utf16Text
    /// A PDF file.
    case pdf
    /// A word-processor document.
    case word(WordFormat)
    /// An image read by OCR.
    case image(ImageFormat)
    /// A single gzip-compressed file (`.gz`), whose content is a document of its own.
    case gzip
    /// An archive whose members are each a document.
    case archive(ArchiveFormat)
    /// A format Triage does not read, described (e.g. "a RAR archive").
    case unsupported(String)

    /// Word-processor formats.
    public enum WordFormat: String, Sendable, Hashable {
        /// Office Open XML (`.docx`).
        case docx = "DOCX"
        /// OpenDocument text (`.odt`).
        case odt = "ODT"
    }

    /// Archive formats.
    public enum ArchiveFormat: String, Sendable, Hashable {
        /// A zip file.
        case zip = "zip"
        /// A tar file.
        case tar = "tar"
        /// A gzip-compressed tar file (`.tar.gz`, `.tgz`).
        case tarGzip = "tar.gz"
    }

    /// How many first bytes `detect` wants to see (it copes with fewer).
    public static let headBytes = 4096

    /// The kind of a file that starts with `head`.
    public static func detect(_ head: [UInt8]) -> FileKind {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && head[offset..<offset + magic.count].elementsEqual(magic)
        }
        // At the very start only (as file(1) checks): a text that mentions "%PDF-" stays text.
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .image(.png) }
        if starts([0xFF, 0xD8, 0xFF]) { return .image(.jpeg) }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .image(.tiff) }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return zipKind(head) }
        if starts([0x50, 0x4B, 0x05, 0x06]) { return .archive(.zip) }  // an empty zip
        if starts(Gunzip.magic) {
            if let inner = Gunzip.head(head, count: 512), isTar(inner) { return .archive(.tarGzip) }
            return .gzip
        }
        if isTar(head) { return .archive(.tar) }
        if starts([0xFF, 0xFE, 0x00, 0x00]) || starts([0x00, 0x00, 0xFE, 0xFF]) { return .unsupported("UTF-32 text") }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) { return .utf16Text }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .unsupported("an OLE2 compound file (a legacy Word .doc or Excel .xls, or a password-protected Office document)")
        }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .unsupported("a GIF image") }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .unsupported("a WebP image") }
        if starts([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07]) { return .unsupported("a RAR archive") }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .unsupported("a 7-Zip archive") }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .unsupported("an xz-compressed file") }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .unsupported("a zstd-compressed file") }
        if starts(Array("BZh".utf8)), starts([0x31, 0x41, 0x59, 0x26, 0x53, 0x59], at: 4) {
            return .unsupported("a bzip2-compressed file")
        }
        return .text
    }

    /// True for a ustar or GNU tar header block.
    static func isTar(_ block: [UInt8]) -> Bool {
        block.count >= 262 && block[257..<262].elementsEqual(Array("ustar".utf8))
    }

    /// A zip file's kind, from its first member: Word and OpenDocument files are zips whose first
    /// member names the package type (as `file(1)` tells them apart).
    private static func zipKind(_ head: [UInt8]) -> FileKind {
        guard head.count >= 30 else { return .archive(.zip) }
        let nameLength = Int(head[26]) | Int(head[27]) << 8
        let extraLength = Int(head[28]) | Int(head[29]) << 8
        guard head.count >= 30 + nameLength else { return .archive(.zip) }
        let name = String(decoding: head[30..<30 + nameLength], as: UTF8.self)
        if name == "mimetype" {
            let start = 30 + nameLength + extraLength
            let mimetype = String(decoding: head[min(start, head.count)..<min(start + 80, head.count)], as: UTF8.self)
            if mimetype.hasPrefix("application/vnd.oasis.opendocument.text") { return .word(.odt) }
            if mimetype.hasPrefix("application/vnd.oasis.opendocument.") {
                let kind = mimetype.dropFirst("application/vnd.oasis.opendocument.".count).prefix { $0.isLetter }
                return .unsupported("an OpenDocument \(kind) file")
            }
            if mimetype.hasPrefix("application/epub+zip") { return .unsupported("an EPUB book") }
            return .archive(.zip)
        }
        if name.hasPrefix("xl/") { return .unsupported("an Excel workbook (.xlsx)") }
        if name.hasPrefix("ppt/") { return .unsupported("a PowerPoint presentation (.pptx)") }
        if name == "[Content_Types].xml" || name == "_rels/.rels" || name.hasPrefix("word/") || name.hasPrefix("docProps/") {
            return .word(.docx)
        }
        return .archive(.zip)
    }
}
