package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoUtf8Test {

    @Test
    void validTextIsKeptAsIs() {
        byte[] text = "plain, é, €, 😀".getBytes(StandardCharsets.UTF_8);

        assertThat(GoUtf8.isValid(text)).isTrue();
        assertThat(GoUtf8.decode(text)).isEqualTo("plain, é, €, 😀");
        assertThat(GoUtf8.decode(new byte[0])).isEmpty();
    }

    @Test
    void everyByteThatStartsNoValidSequenceBecomesOneReplacementCharacter() {
        assertDecodes(bytes(0xFF), "\uFFFD");
        assertDecodes(bytes('a', 0x80, 'b'), "a\uFFFDb");
        // A truncated euro sign (E2 82 AC): Go replaces each byte, not the sequence.
        assertDecodes(bytes(0xE2, 0x82), "\uFFFD\uFFFD");
        assertDecodes(bytes(0xAC, 'x'), "\uFFFDx");
    }

    @Test
    void overlongFormsSurrogatesAndCodePointsAboveTheRangeAreInvalid() {
        assertDecodes(bytes(0xC0, 0x80), "\uFFFD\uFFFD");
        assertDecodes(bytes(0xE0, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD");
        assertDecodes(bytes(0xED, 0xA0, 0x80), "\uFFFD\uFFFD\uFFFD");
        assertDecodes(bytes(0xF4, 0x90, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD\uFFFD");
        assertDecodes(bytes(0xF5, 0x80), "\uFFFD\uFFFD");
    }

    @Test
    void theLargestValidSequencesAreAccepted() {
        assertThat(GoUtf8.isValid(bytes(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF
        assertThat(GoUtf8.isValid(bytes(0xED, 0x9F, 0xBF))).isTrue();       // U+D7FF
        assertThat(GoUtf8.isValid(bytes(0xEF, 0xBF, 0xBD))).isTrue();       // U+FFFD itself
    }

    private static void assertDecodes(byte[] input, String expected) {
        assertThat(GoUtf8.isValid(input)).isFalse();
        assertThat(GoUtf8.decode(input)).isEqualTo(expected);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
