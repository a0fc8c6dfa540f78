import Crypto
import GembaCore

/// The audit trail's cryptography, from swift-crypto (BoringSSL on Linux, CryptoKit on Apple
/// platforms): SHA-256 for the hash chain and HMAC-SHA-256 for the anchor. A compliance
/// feature stands on a well-kept, audited implementation rather than our own.
public enum AuditDigest {
    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        HexText.encode(Array(SHA256.hash(data: bytes)))
    }

    /// HMAC-SHA-256 of `message` under `key`, as 64 lowercase hex digits.
    public static func hmacHex(key: [UInt8], message: [UInt8]) -> String {
        HexText.encode(Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))))
    }

    /// True when `mac` is the HMAC of `message` under `key` (compared in constant time).
    public static func macMatches(_ mac: String, key: [UInt8], message: [UInt8]) -> Bool {
        guard let bytes = HexText.decode(mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: message, using: SymmetricKey(data: key))
    }

    /// A new random key of 32 bytes.
    public static func newKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}
