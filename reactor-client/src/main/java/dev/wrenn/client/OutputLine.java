package dev.wrenn.client;

/**
 * One line of a process's output, without its line terminator ({@code \n} or {@code \r\n}), made by
 * {@link ProcessStreams#lines}. Stdout and stderr are split apart, and so are the processes of a merged stream.
 *
 * @param capsuleId the capsule the process runs in
 * @param selector  the process
 * @param stream    stdout or stderr
 * @param text      the line
 */
public record OutputLine(String capsuleId, ProcessSelector selector, ProcessEvent.StandardStream stream, String text) {

    public OutputLine {
        Arguments.notNull(capsuleId, "capsuleId");
        Arguments.notNull(selector, "selector");
        Arguments.notNull(stream, "stream");
        Arguments.notNull(text, "text");
    }
}
