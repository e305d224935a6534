package dev.wrenn.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a request path into segments the way upstream's router sees it. Go keeps the raw path aside whenever
 * its escaping is not the one Go itself would write for the decoded path, and the router then matches on the
 * raw, still-encoded path: an encoded {@code /} ({@code %2F}) or a needlessly escaped character leaves every
 * escape in the path undecoded, so a tag addressed that way matches nothing. Otherwise the router matches on
 * the decoded path.
 */
final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /**
     * @return the segments after the leading {@code /} as routed; the query string is ignored
     * @throws ApiException {@code invalid_request} for a malformed percent-escape
     */
    static List<String> of(String requestTarget) {
        int end = requestTarget.indexOf('?');
        String path = end < 0 ? requestTarget : requestTarget.substring(0, end);
        // Netty hands over the request line byte by byte, one char per byte.
        byte[] raw = path.getBytes(StandardCharsets.ISO_8859_1);
        byte[] decoded = unescape(raw);
        byte[] routed = escape(decoded).equals(path) ? decoded : raw;
        String text = new String(routed, StandardCharsets.UTF_8);
        return List.of((text.startsWith("/") ? text.substring(1) : text).split("/", -1));
    }

    private static byte[] unescape(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw[i + 2], 16);
            if (low < 0) {
                throw ApiException.invalidRequest("invalid percent-encoding in path");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toByteArray();
    }

    /** Go's path escaping: letters, digits, {@code -_.~} and {@code $&+,/:;=@} stay; everything else is escaped. */
    private static String escape(byte[] path) {
        StringBuilder out = new StringBuilder(path.length);
        for (byte b : path) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.~$&+,/:;=@".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
