package dev.wrenn.emulator.internal;

/**
 * The {@code {selector}} path segment: a PID when it is all ASCII digits and fits in a uint32, otherwise a tag.
 *
 * @param pid the PID, or -1 for a tag selector
 * @param tag the tag, or {@code null} for a PID selector
 */
record ProcessSelector(long pid, String tag) {

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    static ProcessSelector parse(String segment) {
        Long pid = parseUint32(segment);
        return pid != null ? new ProcessSelector(pid, null) : new ProcessSelector(-1, segment);
    }

    boolean matches(HostProcess process) {
        return tag == null ? process.pid() == pid : tag.equals(process.tag());
    }

    /** The in-capsule daemon's wording, e.g. {@code process with pid 42 not found}, {@code process with tag web not found}. */
    String notFoundMessage() {
        return tag == null ? "process with pid " + pid + " not found" : "process with tag " + tag + " not found";
    }

    private static Long parseUint32(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        String digits = s.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) {
            return null;
        }
        long value = Long.parseLong(digits);
        return value <= UINT32_MAX ? value : null;
    }
}
