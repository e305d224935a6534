package dev.wrenn.client.internal;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The fast path of {@link FrameDecoder}: reads a frame of the service's own shape, a flat JSON object of
 * {@code type}, {@code data}, {@code pid} and {@code exit_code} in any order, with or without whitespace,
 * straight from the frame's bytes. The text of {@code data} is scanned eight bytes at a time and made a
 * {@code String} in one copy; escapes are resolved into a scratch array first. Whatever it does not vouch for
 * (another field, a nested or non-integer value, an escaped name, a lone surrogate, a control character,
 * invalid UTF-8, a syntax error) makes it answer {@code null}, and the general parser decides.
 *
 * <p>Not thread-safe: one per thread. A direct buffer is copied once into the scratch array, which is kept
 * for the next frame up to {@link #KEPT_SCRATCH} bytes.
 */
final class FrameScanner {

    private static final int KEPT_SCRATCH = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final byte[] TYPE = ascii("type");
    private static final byte[] DATA = ascii("data");
    private static final byte[] PID = ascii("pid");
    private static final byte[] EXIT_CODE = ascii("exit_code");
    private static final byte[][] NAMES = {TYPE, DATA, PID, EXIT_CODE};
    private static final String[] TYPES = {"stdout", "stderr", "start", "exit", "error"};
    private static final byte[][] TYPE_BYTES = Arrays.stream(TYPES).map(FrameScanner::ascii).toArray(byte[][]::new);

    private byte[] scratch = new byte[1024];
    /** The frame's bytes: its own array, or the scratch array holding a copy. */
    private byte[] in;
    private boolean inScratch;
    private int pos;
    private int end;
    /** Whether the text just scanned holds bytes above ASCII, which must then be valid UTF-8. */
    private boolean nonAscii;

    /** The frame, or {@code null} when the general parser must decide. */
    WireFrame scan(ByteBuf frame, Supplier<String> operation) {
        int length = frame.readableBytes();
        if (frame.hasArray()) {
            in = frame.array();
            inScratch = false;
            pos = frame.arrayOffset() + frame.readerIndex();
        } else {
            in = scratch(length);
            inScratch = true;
            pos = 0;
            frame.getBytes(frame.readerIndex(), in, 0, length);
        }
        end = pos + length;
        try {
            return object(operation);
        } finally {
            in = null;
        }
    }

    private WireFrame object(Supplier<String> operation) {
        String type = null;
        String data = null;
        long pid = FrameDecoder.ABSENT;
        long exitCode = FrameDecoder.ABSENT;
        if (!take('{')) {
            return null;
        }
        if (!take('}')) {
            do {
                byte[] name = name();
                if (name == null || !take(':')) {
                    return null;
                }
                skipSpace();
                if (name == TYPE) {
                    type = type();
                    if (type == null) {
                        return null;
                    }
                } else if (name == DATA) {
                    data = string();
                    if (data == null) {
                        return null;
                    }
                } else {
                    long value = integer();
                    if (value == FrameDecoder.ABSENT || (name == EXIT_CODE && value != (int) value)) {
                        return null;
                    }
                    if (name == PID) {
                        pid = value;
                    } else {
                        exitCode = value;
                    }
                }
            } while (take(','));
            if (!take('}')) {
                return null;
            }
        }
        skipSpace();
        return pos == end ? FrameDecoder.frame(type, data, pid, exitCode, operation) : null;
    }

    /** Skips whitespace, then takes {@code c} if it is next. */
    private boolean take(char c) {
        skipSpace();
        if (pos < end && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < end && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
            pos++;
        }
    }

    /** A field's name, as one of the name constants (compared by identity); null for any other. */
    private byte[] name() {
        skipSpace();
        int from = pos + 1;
        int to = closingQuote(from);
        if (to < 0) {
            return null;
        }
        for (byte[] known : NAMES) {
            if (equals(from, to, known)) {
                pos = to + 1;
                return known;
            }
        }
        return null;
    }

    /** The value of {@code type}, one of the types this client knows; null for any other. */
    private String type() {
        int from = pos + 1;
        int to = closingQuote(from);
        if (to < 0) {
            return null;
        }
        for (int i = 0; i < TYPES.length; i++) {
            if (equals(from, to, TYPE_BYTES[i])) {
                pos = to + 1;
                return TYPES[i];
            }
        }
        return null;
    }

    /** Whether the bytes from {@code from} to {@code to} are {@code word}; a plain loop, for words this short. */
    private boolean equals(int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (in[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    /** At a short string without escapes: the index of its closing quote; -1 for anything else. */
    private int closingQuote(int from) {
        if (from > end || in[from - 1] != '"') {
            return -1;
        }
        for (int i = from; i < end; i++) {
            if (in[i] == '"') {
                return i;
            }
            if (in[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** An integer that fits in 18 digits; {@link FrameDecoder#ABSENT} for any other value. */
    private long integer() {
        int i = pos;
        boolean negative = i < end && in[i] == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long value = 0;
        while (i < end && in[i] >= '0' && in[i] <= '9' && i - first < 18) {
            value = value * 10 + (in[i++] - '0');
        }
        boolean digits = i > first && (in[first] != '0' || i == first + 1);
        boolean ends = i == end || (in[i] != '.' && in[i] != 'e' && in[i] != 'E' && (in[i] < '0' || in[i] > '9'));
        if (!digits || !ends) {
            return FrameDecoder.ABSENT;
        }
        pos = i;
        return negative ? -value : value;
    }

    /** A string value as text; null for anything the general parser must judge. */
    private String string() {
        if (pos >= end || in[pos] != '"') {
            return null;
        }
        nonAscii = false;
        int start = pos + 1;
        int i = plainRun(start);
        if (i < end && in[i] == '"') {
            pos = i + 1;
            return text(in, start, i - start);
        }
        // Escapes: the text is written to the scratch array; a direct frame's copy already is there, and is
        // rewritten in place, since every escape is longer than what it stands for.
        byte[] out;
        int outStart;
        if (inScratch) {
            out = in;
            outStart = start;
        } else {
            out = scratch(end - start);
            outStart = 0;
            System.arraycopy(in, start, out, 0, i - start);
        }
        int written = outStart + (i - start);
        while (i < end && in[i] == '\\') {
            int codePoint;
            int next = i + 2;
            if (next > end) {
                return null;
            }
            switch (in[i + 1]) {
                case '"' -> codePoint = '"';
                case '\\' -> codePoint = '\\';
                case '/' -> codePoint = '/';
                case 'b' -> codePoint = '\b';
                case 'f' -> codePoint = '\f';
                case 'n' -> codePoint = '\n';
                case 'r' -> codePoint = '\r';
                case 't' -> codePoint = '\t';
                case 'u' -> {
                    codePoint = hex4(i + 2);
                    next = i + 6;
                    if (Character.isHighSurrogate((char) codePoint)) {
                        int low = next + 6 <= end && in[next] == '\\' && in[next + 1] == 'u' ? hex4(next + 2) : -1;
                        if (low < 0 || !Character.isLowSurrogate((char) low)) {
                            return null;
                        }
                        codePoint = Character.toCodePoint((char) codePoint, (char) low);
                        next += 6;
                    } else if (codePoint < 0 || Character.isLowSurrogate((char) codePoint)) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            written = utf8(codePoint, out, written);
            i = plainRun(next);
            System.arraycopy(in, next, out, written, i - next);
            written += i - next;
        }
        if (i >= end || in[i] != '"') {
            return null;
        }
        pos = i + 1;
        return text(out, outStart, written - outStart);
    }

    /**
     * From {@code i} on, the index of the first quote, backslash or control character (or the end), eight bytes
     * at a time; notes any byte above ASCII.
     */
    private int plainRun(int i) {
        byte[] b = in;
        long high = 0;
        for (; i + 32 <= end; i += 32) { // four words a step: fewer branches on long text
            long w0 = (long) LONGS.get(b, i);
            long w1 = (long) LONGS.get(b, i + 8);
            long w2 = (long) LONGS.get(b, i + 16);
            long w3 = (long) LONGS.get(b, i + 24);
            if ((special(w0) | special(w1) | special(w2) | special(w3)) != 0) {
                break;
            }
            high |= w0 | w1 | w2 | w3;
        }
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(b, i);
            if (special(word) != 0) {
                break;
            }
            high |= word;
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            high |= c;
        }
        if ((high & HIGH_BITS) != 0) {
            nonAscii = true;
        }
        return i;
    }

    /** Non-zero if any byte of {@code word} is a quote, a backslash or below 0x20 (bitwise tests, exact for "any"). */
    private static long special(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (word - 0x2020202020202020L) & ~word)
                & HIGH_BITS;
    }

    /** The four hex digits at {@code i} as a UTF-16 unit; -1 if they are not. */
    private int hex4(int i) {
        if (i + 4 > end) {
            return -1;
        }
        int unit = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(in[k], 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }

    private static int utf8(int codePoint, byte[] out, int at) {
        if (codePoint < 0x80) {
            out[at++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            out[at++] = (byte) (0xC0 | codePoint >> 6);
            out[at++] = (byte) (0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            out[at++] = (byte) (0xE0 | codePoint >> 12);
            out[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[at++] = (byte) (0x80 | codePoint & 0x3F);
        } else {
            out[at++] = (byte) (0xF0 | codePoint >> 18);
            out[at++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            out[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[at++] = (byte) (0x80 | codePoint & 0x3F);
        }
        return at;
    }

    /**
     * The UTF-8 text; null if raw bytes above ASCII decoded to a replacement character, which invalid UTF-8 does
     * (the general parser then refuses it, or keeps a replacement character that was really there).
     */
    private String text(byte[] bytes, int from, int length) {
        String text = new String(bytes, from, length, StandardCharsets.UTF_8);
        return nonAscii && text.indexOf('\uFFFD') >= 0 ? null : text;
    }

    private byte[] scratch(int length) {
        if (length <= scratch.length) {
            return scratch;
        }
        byte[] bigger = new byte[Math.max(length, scratch.length * 2)];
        if (bigger.length <= KEPT_SCRATCH) {
            scratch = bigger;
        }
        return bigger;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
