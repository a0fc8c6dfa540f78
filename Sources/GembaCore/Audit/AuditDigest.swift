import Crypto
import Foundation

/// The audit trail's cryptography, from swift-crypto (BoringSSL on Linux, CryptoKit on Apple
/// platforms): SHA-256 for the hash chain and HMAC-SHA-256 for the anchor. A compliance
/// feature stands on a well-kept, audited implementation rather than our own.
public enum AuditDigest {
    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    /// HMAC-SHA-256 of `message` under `key`, as 64 lowercase hex digits.
    public static func hmacHex(key: [UInt8], message: [UInt8]) -> String {
        hex(Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))))
    }

    /// True when `mac` is the HMAC of `message` under `key` (compared in constant time).
    public static func macMatches(_ mac: String, key: [UInt8], message: [UInt8]) -> Bool {
        guard let bytes = bytes(hex: mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: message, using: SymmetricKey(data: key))
    }

    /// A new random key of 32 bytes.
    public static func newKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
