package dev.wrenn.emulator.internal;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 validation and decoding with Go's rules: a byte that does not start a valid, complete sequence becomes
 * one U+FFFD and decoding resumes at the next byte. This is what the upstream server's {@code data} strings
 * contain: each output chunk is decoded on its own, so a character split across two chunks turns into
 * replacement characters on both sides.
 */
final class GoUtf8 {

    private static final char REPLACEMENT = '\uFFFD';

    private GoUtf8() {
    }

    static boolean isValid(byte[] bytes) {
        for (int i = 0; i < bytes.length; ) {
            int length = sequenceLength(bytes, i);
            if (length == 0) {
                return false;
            }
            i += length;
        }
        return true;
    }

    static String decode(byte[] bytes) {
        if (isValid(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; ) {
            int length = sequenceLength(bytes, i);
            if (length == 0) {
                out.append(REPLACEMENT);
                i++;
            } else {
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return out.toString();
    }

    /** Length of the valid sequence starting at {@code i}, or 0 if none starts there. */
    private static int sequenceLength(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0; // no overlong forms
            } else if (lead == 0xED) {
                secondMax = 0x9F; // no surrogates
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int next = b[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
