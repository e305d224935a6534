package dev.wrenn.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request target into percent-decoded path segments. Decoding happens per segment, after splitting,
 * so an encoded {@code /} ({@code %2F}) stays inside its segment: a process tag may contain one.
 */
final class PathSegments {

    private PathSegments() {
    }

    /**
     * @return the decoded segments after the leading {@code /}; the query string is ignored
     * @throws ApiException {@code invalid_request} for a malformed percent-escape
     */
    static List<String> of(String requestTarget) {
        int end = requestTarget.indexOf('?');
        String path = end < 0 ? requestTarget : requestTarget.substring(0, end);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            segments.add(decode(raw));
        }
        return segments;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                // Netty hands over the request line byte by byte, one char per byte.
                bytes.write(c);
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
            if (low < 0) {
                throw ApiException.invalidRequest("invalid percent-encoding in path");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
