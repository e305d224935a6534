package dev.wrenn.emulator.internal;

/** The server's WebSocket messages, as compact JSON text. */
final class Frames {

    private Frames() {
    }

    static String start(long pid) {
        return Json.writeString(new Wire.StartFrame("start", pid));
    }

    static String error(String message) {
        return Json.writeString(new Wire.DataFrame("error", message));
    }

    static String of(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output output) {
            return Json.writeString(new Wire.DataFrame(output.pipe().toString(), GoUtf8.decode(output.bytes())));
        }
        if (event instanceof ProcessEvent.Exited exited) {
            return Json.writeString(new Wire.ExitFrame("exit", exited.exitCode()));
        }
        return error(((ProcessEvent.Failed) event).message());
    }
}
