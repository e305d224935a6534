package dev.wrenn.emulator.internal;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Capsule IDs ({@code cl-} + 25 base36 characters encoding a 128-bit UUID, as upstream, so the first character is
 * {@code 0}-{@code f}) and default process tags ({@code proc-} + 8 hex characters). Neither is a secret, so a
 * non-blocking random source is enough (safe on event-loop threads).
 */
final class Ids {

    private static final Pattern CAPSULE_ID = Pattern.compile("cl-[0-9a-z]{25}");
    private static final int UUID_BITS = 128;
    private static final int ID_DIGITS = 25;

    private Ids() {
    }

    static String newCapsuleId() {
        byte[] uuid = new byte[UUID_BITS / 8];
        ThreadLocalRandom.current().nextBytes(uuid);
        uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x40); // version 4
        uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80); // IETF variant
        String digits = new BigInteger(1, uuid).toString(36);
        return "cl-" + "0".repeat(ID_DIGITS - digits.length()) + digits;
    }

    /** Well-formed: the pattern, and a value that fits in a UUID. */
    static boolean isCapsuleId(String id) {
        return CAPSULE_ID.matcher(id).matches() && new BigInteger(id.substring(3), 36).bitLength() <= UUID_BITS;
    }

    static String newProcessTag() {
        return "proc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
