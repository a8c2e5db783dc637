package io.healthkey.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a caregiver may do for a patient: the bit flags of {@code IConsentCaregivers} ({@code 1} READ, {@code 2}
 * WRITE, {@code 4} GRANT_REVOKE, {@code 8} APPOINT).
 *
 * <p>Guarantees: non-zero, and no bit that is not a power: what {@code ConsentCaregiversInvalidPowers} refuses is
 * refused here, before anyone signs.
 */
public record CaregiverPowers(int bits) {

    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int GRANT_REVOKE = 4;
    public static final int APPOINT = 8;

    private static final List<String> NAMES = List.of("READ", "WRITE", "GRANT_REVOKE", "APPOINT");
    private static final int ALL = READ | WRITE | GRANT_REVOKE | APPOINT;

    public CaregiverPowers {
        if (bits == 0 || (bits & ~ALL) != 0) {
            throw new InvalidValueException("caregiver powers must be a non-zero combination of READ (1), WRITE (2), "
                    + "GRANT_REVOKE (4) and APPOINT (8)");
        }
    }

    /** The powers named in {@code text}: a number (the bit flags) or names joined by commas, e.g. {@code READ,GRANT_REVOKE}. */
    public static CaregiverPowers parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            if (trimmed.length() > 2) {
                throw new InvalidValueException("caregiver powers must be at most 15");
            }
            return new CaregiverPowers(Integer.parseInt(trimmed));
        }
        int bits = 0;
        for (String name : trimmed.split(",", -1)) {
            int index = NAMES.indexOf(name.strip().toUpperCase(Locale.ROOT));
            if (index < 0) {
                throw new InvalidValueException("caregiver powers are READ, WRITE, GRANT_REVOKE and APPOINT");
            }
            bits |= 1 << index;
        }
        return new CaregiverPowers(bits);
    }

    /** Whether every power of {@code needed} is one of these. */
    public boolean includes(int needed) {
        return (bits & needed) == needed;
    }

    /** The names of the powers, in bit order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                names.add(NAMES.get(i));
            }
        }
        return List.copyOf(names);
    }
}
