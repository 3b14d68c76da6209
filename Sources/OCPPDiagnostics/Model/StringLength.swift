extension String {
    /// Whether no string of another UTF-8 length is equal to this one: true for ASCII without
    /// `K`, `;` or `` ` ``, the only ASCII characters another character is canonically equal
    /// to (the Kelvin sign, the Greek question mark and varia; checked over all of Unicode).
    ///
    /// `String` equality between two different strings that are not both small goes the slow
    /// way (and a `Set` lookup hashes the whole string); where this holds, comparing lengths
    /// first decides most comparisons on hot paths without changing any answer.
    var lengthDecidesEquality: Bool {
        utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "K") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") }
    }
}
