package dev.wrenn.emulator.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API (field names follow {@code openapi.yaml}; Java names are mapped to snake_case).
 * Request types use boxed fields: an absent field is {@code null}, and the handler applies the default.
 */
final class Wire {

    private Wire() {
    }

    /** As upstream: {@code guest_ip}, {@code started_at}, {@code last_active_at} and {@code metadata} omitted when unset. */
    record CapsuleJson(String id, String status, String template, int vcpus, int memoryMb, int timeoutSec,
                       @Json.OmitEmpty String guestIp, String hostIp, String createdAt,
                       @Json.OmitNull String startedAt,
                       @Json.OmitNull String lastActiveAt, String lastUpdated,
                       @Json.OmitEmpty Map<String, String> metadata) {
    }

    record CreateCapsuleRequest(String template, Integer vcpus, Integer memoryMb, Integer timeoutSec) {
    }

    record ExecRequest(String cmd, List<String> args, Integer timeoutSec, Boolean background, String tag,
                       Map<String, String> envs, String cwd) {
    }

    record ExecResponse(String sandboxId, String cmd, String stdout, String stderr, int exitCode, long durationMs,
                        String encoding) {
    }

    record BackgroundExecResponse(String sandboxId, String cmd, long pid, String tag) {
    }

    /** {@code tag} and {@code args} are left out when empty, as upstream does. */
    record ProcessEntry(long pid, @Json.OmitEmpty String tag, String cmd,
                        @Json.OmitEmpty List<String> args) {
    }

    record ProcessListResponse(List<ProcessEntry> processes) {
    }

    record ErrorResponse(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    /** Server WebSocket frames. */
    record StartFrame(String type, long pid) {
    }

    record DataFrame(String type, String data) {
    }

    record ExitFrame(String type, int exitCode) {
    }

    /** Any client WebSocket message, as far as its type goes ({@code auth}, {@code start}, {@code stop}). */
    record ClientMessage(String type) {
    }

    /** Terminal messages from the client: the first is {@code start} or {@code connect}, then input, resize, kill. */
    record PtyMessage(String type, String cmd, List<String> args, Long cols, Long rows, Map<String, String> envs,
                      String cwd, String user, String tag, String data) {
    }

    record PtyStartedFrame(String type, String tag, long pid) {
    }

    record PtyErrorFrame(String type, String data, boolean fatal) {
    }

    record TypeOnlyFrame(String type) {
    }

    /** The first exec-stream message; like upstream, only these fields are read. */
    record StartMessage(String type, String cmd, List<String> args) {
    }
}
