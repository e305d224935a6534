package dev.wrenn.emulator.internal;

import java.util.List;

/** The two signals the kill endpoint can send. */
enum KillSignal {
    SIGTERM(15),
    SIGKILL(9);

    private final int number;

    KillSignal(int number) {
        this.number = number;
    }

    int number() {
        return number;
    }

    /**
     * The upstream rule: only the exact string {@code SIGTERM} means SIGTERM; anything else (absent, misspelled,
     * lower case, {@code SIGINT}, ...) silently means SIGKILL.
     */
    static KillSignal fromQuery(String value) {
        return "SIGTERM".equals(value) ? SIGTERM : SIGKILL;
    }

    /**
     * Sends this signal to {@code root} and then to every descendant it had when called. The root goes first so
     * that it cannot start replacements for children being killed. May read {@code /proc}: call it off event loops.
     */
    void sendToTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        send(root);
        descendants.forEach(this::send);
    }

    private void send(ProcessHandle process) {
        // On Unix destroy() is SIGTERM and destroyForcibly() is SIGKILL; both check the PID was not reused.
        if (this == SIGTERM) {
            process.destroy();
        } else {
            process.destroyForcibly();
        }
    }
}
