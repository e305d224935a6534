package dev.wrenn.emulator.internal;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Capsule IDs ({@code cl-} + 25 base36 characters) and default process tags ({@code proc-} + 8 hex characters).
 * Neither is a secret, so a non-blocking random source is enough (safe on event-loop threads).
 */
final class Ids {

    private static final Pattern CAPSULE_ID = Pattern.compile("cl-[0-9a-z]{25}");
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Ids() {
    }

    static String newCapsuleId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("cl-");
        for (int i = 0; i < 25; i++) {
            id.append(BASE36.charAt(random.nextInt(BASE36.length())));
        }
        return id.toString();
    }

    static boolean isCapsuleId(String id) {
        return CAPSULE_ID.matcher(id).matches();
    }

    static String newProcessTag() {
        return "proc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
