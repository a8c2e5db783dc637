package io.healthkey.protocol;

/**
 * Why a grantee is given access: a subset of HL7 v3 PurposeOfUse (code system
 * {@code http://terminology.hl7.org/CodeSystem/v3-ActReason}), as the {@code uint16 purpose} of the
 * {@code ConsentRegistry}. The numeric codes are fixed in docs/CODES.md and never change once released; zero is
 * never a purpose (the contract rejects it).
 */
public enum Purpose {
    /** Treatment. */
    TREAT(1, "TREAT", "treatment"),
    /** Emergency treatment ("break the glass"). */
    ETREAT(2, "ETREAT", "emergency treatment"),
    /** Care management: coordination of care between providers. */
    CAREMGT(3, "CAREMGT", "care management"),
    /** Healthcare payment. */
    HPAYMT(4, "HPAYMT", "healthcare payment"),
    /** Healthcare operations: quality review, audit, administration. */
    HOPERAT(5, "HOPERAT", "healthcare operations"),
    /** Healthcare research. */
    HRESCH(6, "HRESCH", "healthcare research"),
    /** At the patient's own request, e.g. to share with an app of their choice. */
    PATRQT(7, "PATRQT", "patient requested"),
    /** At the request of a family member or other person the patient chose. */
    FAMRQT(8, "FAMRQT", "family requested"),
    /** Public health reporting. */
    PUBHLTH(9, "PUBHLTH", "public health"),
    /** Coverage under a policy or program (eligibility, enrollment). */
    COVERAGE(10, "COVERAGE", "coverage under policy or program");

    private final int code;
    private final String hl7Code;
    private final String display;

    Purpose(int code, String hl7Code, String display) {
        this.code = code;
        this.hl7Code = hl7Code;
        this.display = display;
    }

    /** The on-chain {@code uint16} code, 1 to 65535. */
    public int code() {
        return code;
    }

    /** The HL7 v3 ActReason code, e.g. {@code "TREAT"}. */
    public String hl7Code() {
        return hl7Code;
    }

    /** A short English description for people. */
    public String display() {
        return display;
    }

    /** @throws UnknownCodeException if {@code code} is not in the table */
    public static Purpose ofCode(int code) {
        for (Purpose purpose : values()) {
            if (purpose.code == code) {
                return purpose;
            }
        }
        throw new UnknownCodeException("no purpose of use with code " + code);
    }

    /** @throws UnknownCodeException if {@code hl7Code} is not in the table (case-sensitive, as in HL7) */
    public static Purpose ofHl7Code(String hl7Code) {
        for (Purpose purpose : values()) {
            if (purpose.hl7Code.equals(hl7Code)) {
                return purpose;
            }
        }
        throw new UnknownCodeException("no purpose of use with HL7 code " + hl7Code);
    }
}
