/// B2MML 0701 (ISA-95 in XML, published by MESA International): the namespace and the
/// acknowledgement its licence asks every copy and every document writer to carry.
package enum B2MML {
    package static let namespace = "http://www.mesa.org/xml/B2MML"
    package static let acknowledgement = "The Business To Manufacturing Markup Language (B2MML) is used courtesy of MESA International."
}
